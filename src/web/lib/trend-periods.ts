import { comparePeriods, nextPeriod, periodOf, tryParsePeriod } from '../../core/periods.ts';

export type TrendRange = 'auto' | 'recent' | 'years';

/** Leaves out empty periods at the end that lie after the current one (not reported yet). */
export function trimFutureGaps<T extends { period: string; value: number | null }>(points: T[], today: string): T[] {
  const out = [...points];
  while (out.length > 0) {
    const last = out[out.length - 1];
    const parsed = tryParsePeriod(last.period);
    if (last.value !== null || !parsed || parsed.startDate <= today) break;
    out.pop();
  }
  return out;
}

/**
 * The periods of an indicator's trend chart. 'recent' is the last 12 months and this one; 'years'
 * the last five years and this one. 'auto' follows the data: two years of months ending at the
 * latest value (or at this month when the latest value is recent), or seven years for yearly data,
 * so that a target whose history stopped years ago still shows its history.
 */
export function trendPeriods(range: TrendRange, latestPeriod: string | null, today: string): string[] {
  if (range === 'recent') return ['LAST_12_MONTHS', 'THIS_MONTH'];
  if (range === 'years') return ['LAST_5_YEARS', 'THIS_YEAR'];
  const latest = latestPeriod ? tryParsePeriod(latestPeriod) : null;
  if (!latest) return ['LAST_12_MONTHS', 'THIS_MONTH'];
  if (latest.type === 'YEARLY') {
    const thisYear = periodOf('YEARLY', today).id;
    const end = comparePeriods(nextPeriod(latest.id, 2), thisYear) >= 0 && comparePeriods(latest.id, thisYear) < 0 ? thisYear : latest.id;
    return Array.from({ length: 7 }, (_, i) => nextPeriod(end, i - 6));
  }
  const latestMonth = periodOf('MONTHLY', latest.endDate).id;
  const thisMonth = periodOf('MONTHLY', today).id;
  const isRecent = comparePeriods(nextPeriod(latestMonth, 12), thisMonth) >= 0 && comparePeriods(latestMonth, thisMonth) <= 0;
  // Under Decree 09 the month being reported after the 15th is next month's id: include it, the
  // page drops it again while it is still empty.
  const end = isRecent ? nextPeriod(thisMonth) : latestMonth;
  return Array.from({ length: 24 }, (_, i) => nextPeriod(end, i - 23));
}
