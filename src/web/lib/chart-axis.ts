// Value axes fitted to the data, shared by the indicator's charts.

/** A little room beyond the furthest value, so points and the target line do not sit on the frame. */
export function niceBound(lo: number, hi: number, side: 'min' | 'max'): number {
  const span = hi - lo || Math.abs(hi) || 1;
  // Round to a 1-2-5 step of about a fifth of the range, as the axis chooses its ticks, so the
  // bounds fall on ticks and their labels do not crowd the next one.
  const rough = span / 5;
  const magnitude = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 5, 10].map((m) => m * magnitude).find((s) => s >= rough) ?? 10 * magnitude;
  if (side === 'max') return Math.ceil((hi + span * 0.05) / step) * step;
  const bound = Math.floor((lo - span * 0.05) / step) * step;
  // Counts and rates that are never negative should not get a negative axis.
  return lo >= 0 ? Math.max(0, bound) : bound;
}

/** The value axis of the ranking, fitted to the spread of the values (84,2–87,1 gets 84–88, not 0–100), with 0 kept when it is near. */
export function rankingAxis(values: readonly number[]): { min: number; max: number } | null {
  if (values.length === 0) return null;
  const hi = Math.max(...values);
  // One value, or all equal: there is no spread to show, and a bar is read against zero.
  const lo = Math.min(...values) === hi && hi > 0 ? 0 : Math.min(...values);
  return { min: niceBound(lo, hi, 'min'), max: niceBound(lo, hi, 'max') };
}
