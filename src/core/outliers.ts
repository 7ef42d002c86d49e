/**
 * Robust outlier detection for a reported value against the same series' other periods, so that a
 * reporting officer is warned about a likely typo (an extra zero, a value in the wrong unit) before
 * it reaches leadership's dashboards.
 *
 * Median and MAD are used instead of mean and standard deviation because the history itself may hold
 * earlier outliers, which would inflate a standard deviation and hide the next one.
 */

export type OutlierReasonCode = 'ABOVE_MAX' | 'BELOW_MIN' | 'ROBUST_Z' | 'SEASONAL_Z';

export interface OutlierReason {
  code: OutlierReasonCode;
  messageVi: string;
  messageEn: string;
}

export interface HistoryValue {
  /** `YYYY-MM-DD`, first day of the period. */
  periodStart: string;
  value: number;
}

export interface OutlierOptions {
  /** Compare with the same month of earlier years when at least two exist (needs `periodStart`). */
  seasonal?: boolean;
  /** Period of the value being checked, `YYYY-MM-DD`; a history entry of that same period is ignored. */
  periodStart?: string;
  /** Hard bounds set on the data element; a value outside them is always flagged. */
  min?: number | null;
  max?: number | null;
  /** Modified z-score above which a value is flagged (default 3.5, as recommended by Iglewicz and Hoaglin). */
  threshold?: number;
  /** Fewest history values for a statistical comparison (default 4). */
  minHistory?: number;
  /**
   * When every history value is the same, how far (as a share of it) a value may differ before it is
   * flagged (default 0.1, i.e. 10 %).
   */
  relativeTolerance?: number;
}

export interface OutlierResult {
  isOutlier: boolean;
  reasons: OutlierReason[];
  /** Which history the statistics below describe. */
  basis: 'OVERALL' | 'SEASONAL' | 'NONE';
  /** Range of values that would not be flagged by the statistical test; null without a comparison. */
  expectedLow: number | null;
  expectedHigh: number | null;
  median: number | null;
  mad: number | null;
  /** Signed modified z-score; null without a comparison or when the history has no spread at all. */
  score: number | null;
}

/** MAD of a normal sample is 0.6745 σ, so 0.6745·(x − median)/MAD reads like a z-score. */
const MAD_TO_Z = 0.6745;
/** Mean absolute deviation of a normal sample is σ·√(2/π) = σ / 1.253314. */
const MEAN_AD_TO_SIGMA = 1.253314;

const PERIOD_START = /^\d{4}-\d{2}-\d{2}$/;

function median(sorted: readonly number[]): number {
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

function sortedCopy(values: readonly number[]): number[] {
  return [...values].sort((a, b) => a - b);
}

function formatNumber(value: number, language: 'vi' | 'en'): string {
  const locale = language === 'vi' ? 'vi-VN' : 'en-US';
  const options: Intl.NumberFormatOptions = Math.abs(value) >= 1 || value === 0 ? { maximumFractionDigits: 2 } : { maximumSignificantDigits: 3 };
  return new Intl.NumberFormat(locale, options).format(value);
}

interface Comparison {
  median: number;
  mad: number;
  score: number | null;
  flagged: boolean;
  low: number;
  high: number;
}

/**
 * Compares x with a sample:
 * - MAD > 0: score = 0.6745·(x − median)/MAD, expected range median ± threshold·MAD/0.6745;
 * - MAD = 0 (more than half the values equal): the scale falls back to 1.253314 × the mean absolute
 *   deviation from the median, score = (x − median)/scale, range median ± threshold·scale;
 * - both 0 (all values equal to the median m): no scale exists, so x is flagged when
 *   |x − m| > relativeTolerance·|m|, i.e. when it differs from m by more than 10 % by default; if m = 0,
 *   any non-zero x is flagged. The score is then null and the range is m ± relativeTolerance·|m|.
 */
function compare(x: number, sample: readonly number[], threshold: number, relativeTolerance: number): Comparison {
  const sorted = sortedCopy(sample);
  const center = median(sorted);
  const deviations = sorted.map((v) => Math.abs(v - center));
  const mad = median(sortedCopy(deviations));
  let scale = mad / MAD_TO_Z;
  if (scale === 0) {
    const meanDeviation = deviations.reduce((a, b) => a + b, 0) / deviations.length;
    scale = MEAN_AD_TO_SIGMA * meanDeviation;
  }
  if (scale > 0) {
    const score = (x - center) / scale;
    return {
      median: center,
      mad,
      score,
      flagged: Math.abs(score) > threshold,
      low: center - threshold * scale,
      high: center + threshold * scale,
    };
  }
  const allowed = relativeTolerance * Math.abs(center);
  return {
    median: center,
    mad,
    score: null,
    flagged: Math.abs(x - center) > allowed,
    low: center - allowed,
    high: center + allowed,
  };
}

/**
 * Checks one value against its series' history.
 *
 * 1. Bounds: below `min` gives BELOW_MIN, above `max` gives ABOVE_MAX, whatever the history.
 * 2. Statistics, on one basis:
 *    - SEASONAL, when `seasonal` is set, `periodStart` is given and the history has the same month in
 *      at least two earlier years: the value is compared with those months only (reason SEASONAL_Z).
 *      This comparison takes precedence over the overall one, because like is compared with like: a
 *      December that is always three times a normal month is not flagged for being December, and a
 *      December without its usual peak is flagged even if it looks like any other month.
 *    - OVERALL, otherwise, when the history has at least `minHistory` values (reason ROBUST_Z).
 *    - NONE, when neither applies: only the bounds are checked.
 *    See {@link compare} for the score, including the fallbacks when MAD is 0.
 *
 * Worked example: history 100, 102, 98, 101, 99, 103, 97 has median 100 and absolute deviations
 * 0, 2, 2, 1, 1, 3, 3, so MAD = 2 and the expected range is 100 ± 3.5 × 2 / 0.6745 = 89.62 … 110.38.
 * A value of 150 scores 0.6745 × 50 / 2 = 16.9 and is flagged; 104 scores 1.35 and is not.
 *
 * @throws RangeError when the value is not finite, `periodStart` is malformed or the options are inconsistent.
 */
export function detectOutlier(value: number, history: readonly HistoryValue[], options: OutlierOptions = {}): OutlierResult {
  const threshold = options.threshold ?? 3.5;
  const minHistory = options.minHistory ?? 4;
  const relativeTolerance = options.relativeTolerance ?? 0.1;
  const { min = null, max = null, periodStart } = options;
  if (!Number.isFinite(value)) throw new RangeError('value must be a finite number');
  if (!(threshold > 0)) throw new RangeError(`threshold must be positive, got ${threshold}`);
  if (!Number.isInteger(minHistory) || minHistory < 1) throw new RangeError(`minHistory must be a positive integer, got ${minHistory}`);
  if (!(relativeTolerance >= 0)) throw new RangeError(`relativeTolerance must be ≥ 0, got ${relativeTolerance}`);
  if (min !== null && max !== null && min > max) throw new RangeError(`min (${min}) is above max (${max})`);
  if (periodStart !== undefined && !PERIOD_START.test(periodStart)) {
    throw new RangeError(`periodStart must be YYYY-MM-DD, got ${JSON.stringify(periodStart)}`);
  }

  const vi = (n: number): string => formatNumber(n, 'vi');
  const en = (n: number): string => formatNumber(n, 'en');
  const reasons: OutlierReason[] = [];
  if (max !== null && value > max) {
    reasons.push({
      code: 'ABOVE_MAX',
      messageVi: `Giá trị ${vi(value)} lớn hơn mức tối đa cho phép ${vi(max)}`,
      messageEn: `Value ${en(value)} is above the allowed maximum ${en(max)}`,
    });
  }
  if (min !== null && value < min) {
    reasons.push({
      code: 'BELOW_MIN',
      messageVi: `Giá trị ${vi(value)} nhỏ hơn mức tối thiểu cho phép ${vi(min)}`,
      messageEn: `Value ${en(value)} is below the allowed minimum ${en(min)}`,
    });
  }

  const usable = history.filter((h) => Number.isFinite(h.value) && h.periodStart !== periodStart);
  let basis: OutlierResult['basis'] = 'NONE';
  let sample: number[] = [];
  if (options.seasonal && periodStart !== undefined) {
    const year = periodStart.slice(0, 4);
    const month = periodStart.slice(5, 7);
    const sameMonth = usable.filter((h) => h.periodStart.slice(5, 7) === month && h.periodStart.slice(0, 4) < year);
    if (new Set(sameMonth.map((h) => h.periodStart.slice(0, 4))).size >= 2) {
      basis = 'SEASONAL';
      sample = sameMonth.map((h) => h.value);
    }
  }
  if (basis === 'NONE' && usable.length >= minHistory) {
    basis = 'OVERALL';
    sample = usable.map((h) => h.value);
  }

  if (basis === 'NONE') {
    return { isOutlier: reasons.length > 0, reasons, basis, expectedLow: null, expectedHigh: null, median: null, mad: null, score: null };
  }

  const result = compare(value, sample, threshold, relativeTolerance);
  if (result.flagged) {
    const seasonal = basis === 'SEASONAL';
    const month = periodStart?.slice(5, 7) ?? '';
    const againstVi = seasonal ? `cùng tháng ${month} các năm trước` : 'các kỳ trước';
    const againstEn = seasonal ? `the same month (${month}) in earlier years` : 'earlier periods';
    reasons.push(
      result.score === null
        ? {
            code: seasonal ? 'SEASONAL_Z' : 'ROBUST_Z',
            messageVi: `Giá trị ${vi(value)} khác ${againstVi}, vốn luôn bằng ${vi(result.median)}`,
            messageEn: `Value ${en(value)} differs from ${againstEn}, which were all ${en(result.median)}`,
          }
        : {
            code: seasonal ? 'SEASONAL_Z' : 'ROBUST_Z',
            messageVi: `Giá trị ${vi(value)} khác thường so với ${againstVi}: trung vị ${vi(result.median)}, khoảng thường gặp ${vi(result.low)} – ${vi(result.high)}`,
            messageEn: `Value ${en(value)} is unusual compared with ${againstEn}: median ${en(result.median)}, expected range ${en(result.low)} – ${en(result.high)}`,
          },
    );
  }
  return {
    isOutlier: reasons.length > 0,
    reasons,
    basis,
    expectedLow: result.low,
    expectedHigh: result.high,
    median: result.median,
    mad: result.mad,
    score: result.score,
  };
}
