/**
 * Which units drove a change: the change of a national (or parent) figure between two periods split into
 * one contribution per unit below it, such that the contributions and a residual add up exactly to the
 * change. The briefing quotes the largest ones ("do Hà Nội +0,8 điểm %, TP Hồ Chí Minh +0,4 điểm %").
 *
 * - A sum (an indicator whose denominator is a constant): the change is the sum of the units' changes,
 *   ΔR = F/c · Σ ΔNᵢ, so each unit contributes F/c · ΔNᵢ (with c the constant denominator).
 * - A ratio R = F · N / D with N = Σ Nᵢ and D = Σ Dᵢ (numerator and denominator add up over units):
 *
 *     R₁ − R₀ = F · (N₁/D₁ − N₀/D₀) = F · (ΔN − r₀ · ΔD) / D₁,   r₀ = N₀ / D₀,
 *
 *   which is linear in ΔN and ΔD, so unit i contributes  Cᵢ = F · (ΔNᵢ − r₀ · ΔDᵢ) / D₁  — its numerator
 *   change beyond what the old national rate would give its denominator change, over the new national
 *   denominator. Equivalently Cᵢ = F · [D₁ᵢ (r₁ᵢ − r₀) − D₀ᵢ (r₀ᵢ − r₀)] / D₁: a unit moves the national rate
 *   up by being above it with more weight, or by improving its own rate. ΣCᵢ = ΔR exactly.
 *
 * What the units' figures do not explain (a value entered at the parent itself, a unit that closed, an
 * element not aggregated by sum) is the residual: national change − Σ contributions, reported as such.
 * A unit with no figure in a period counts as zero there (its numerator and denominator are absent from
 * the national figure too).
 */

/** Numerator and denominator of one unit (or of the whole) in one period, before the factor. */
export interface RatioParts {
  numerator: number;
  denominator: number;
}

export interface UnitChange<P> {
  key: string;
  before: P | null;
  after: P | null;
}

export interface Contribution {
  key: string;
  contribution: number;
}

export interface Decomposition {
  /** The figure's change, after − before. */
  change: number;
  /** One per unit given, in the order given. */
  contributions: Contribution[];
  /** change − Σ contributions: what the units do not explain (0 when they add up to the whole). */
  residual: number;
}

/**
 * Contributions ordered by their size, largest first (ties by key), the way a briefing names them. With
 * `decimals`, a contribution that would be written as zero at that precision (+0,0) is left out: it names
 * a unit that did not visibly move the figure.
 */
export function largestContributions(d: Decomposition, count: number, decimals?: number): Contribution[] {
  const shown = (x: number) => (decimals === undefined ? x : Number(x.toFixed(Math.max(0, Math.min(20, decimals)))));
  return [...d.contributions]
    .filter((c) => shown(c.contribution) !== 0)
    .sort((a, b) => Math.abs(b.contribution) - Math.abs(a.contribution) || a.key.localeCompare(b.key))
    .slice(0, count);
}

function finish(change: number, contributions: Contribution[]): Decomposition {
  const explained = contributions.reduce((a, c) => a + c.contribution, 0);
  const residual = change - explained;
  // Rounding noise of the double arithmetic is not a residual anybody should read.
  return { change, contributions, residual: Math.abs(residual) <= 1e-9 * Math.max(1, Math.abs(change)) ? 0 : residual };
}

/** A sum: each unit contributes its own change (scaled by factor / constant denominator, 1 for a plain sum). */
export function decomposeSumChange(input: { national: { before: number; after: number }; units: readonly UnitChange<number>[]; scale?: number }): Decomposition {
  const scale = input.scale ?? 1;
  const contributions = input.units.map((u) => ({ key: u.key, contribution: scale * ((u.after ?? 0) - (u.before ?? 0)) }));
  return finish(input.national.after - input.national.before, contributions);
}

/** A ratio F · N / D whose numerator and denominator add up over the units (see the module's comment). */
export function decomposeRatioChange(input: { factor: number; national: { before: RatioParts; after: RatioParts }; units: readonly UnitChange<RatioParts>[] }): Decomposition {
  const { factor, national } = input;
  if (national.before.denominator === 0 || national.after.denominator === 0) {
    throw new RangeError('a ratio with a zero denominator has no change to decompose');
  }
  const r0 = national.before.numerator / national.before.denominator;
  const change = factor * (national.after.numerator / national.after.denominator - r0);
  const d1 = national.after.denominator;
  const contributions = input.units.map((u) => {
    const dn = (u.after?.numerator ?? 0) - (u.before?.numerator ?? 0);
    const dd = (u.after?.denominator ?? 0) - (u.before?.denominator ?? 0);
    return { key: u.key, contribution: (factor * (dn - r0 * dd)) / d1 };
  });
  return finish(change, contributions);
}
