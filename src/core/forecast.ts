/**
 * Forecasts of an indicator's series, to tell early whether a target will be met.
 *
 * The main method is exponential smoothing with a damped trend (Holt's linear method with damping φ),
 * plus additive seasonality when the series is long enough and seasonal (damped Holt-Winters).
 * Values must be equally spaced in time (one per month, quarter or year) with no gaps.
 *
 * Model, for observation y_t, level ℓ, trend b, seasonal s with period m, one-step error e_t:
 *
 *     ŷ_t   = ℓ_{t−1} + φ·b_{t−1} + s_{t−m}                 (s ≡ 0 without seasonality)
 *     e_t   = y_t − ŷ_t
 *     ℓ_t   = ℓ_{t−1} + φ·b_{t−1} + α·e_t                   (= α(y_t − s_{t−m}) + (1 − α)(ℓ_{t−1} + φ·b_{t−1}))
 *     b_t   = φ·b_{t−1} + α·β·e_t                           (= β(ℓ_t − ℓ_{t−1}) + (1 − β)·φ·b_{t−1})
 *     s_t   = s_{t−m} + γ·e_t
 *     ŷ_{n+h} = ℓ_n + (φ + φ² + … + φ^h)·b_n + s_{n+h−m⌈h/m⌉}
 *
 * With φ < 1 the trend fades out, which keeps long forecasts of a target year from running away;
 * φ = 1 is in the grid too, as undamped Holt, so that a series that really is a straight line is
 * continued as one.
 */

export type ForecastMethod = 'HOLT_DAMPED' | 'HOLT_WINTERS_DAMPED' | 'LINEAR_TREND' | 'LAST_VALUE' | 'NONE';

export type ForecastParams =
  { kind: 'SMOOTHING'; alpha: number; beta: number; phi: number; gamma: number | null; seasonLength: number | null } | { kind: 'LINEAR'; intercept: number; slope: number } | { kind: 'NONE' };

export interface ForecastPoint {
  /** 1 for the period right after the last value. */
  step: number;
  value: number;
  /** Prediction interval bounds; null when the series is too short to estimate its spread. */
  lower: number | null;
  upper: number | null;
}

export interface ForecastResult {
  method: ForecastMethod;
  params: ForecastParams;
  points: ForecastPoint[];
  /** Standard deviation σ of the one-step-ahead errors (see {@link forecastSeries}); null when unknown. */
  residualStd: number | null;
  level: 0.8 | 0.95;
}

export interface ForecastOptions {
  /** Periods per year for seasonality: 12 for months (default), 4 for quarters; 0 or 1 turns it off. */
  seasonLength?: number;
  /** Coverage of the prediction interval (default 0.95). */
  level?: 0.8 | 0.95;
}

/** Standard normal quantiles for two-sided intervals. */
const Z: Record<0.8 | 0.95, number> = { 0.8: 1.2815515655446004, 0.95: 1.959963984540054 };
/** Student t quantiles with 1 degree of freedom, for the straight line through three points. */
const T1: Record<0.8 | 0.95, number> = { 0.8: 3.077683537175253, 0.95: 12.706204736174698 };

const ALPHAS = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9];
const BETAS = [0.01, 0.05, 0.1, 0.2, 0.3, 0.5];
const PHIS = [0.8, 0.85, 0.9, 0.95, 0.98, 1];
const GAMMAS = [0.05, 0.1, 0.2, 0.3, 0.5];

/** Below this many values the smoothing methods have too few errors to fit on. */
const MIN_SMOOTHING_POINTS = 4;

interface Smoothing {
  alpha: number;
  beta: number;
  phi: number;
  gamma: number | null;
}

interface RunResult {
  sse: number;
  count: number;
  level: number;
  trend: number;
  /** Latest seasonal term for each residue t mod m (seasonal runs only). */
  season: number[] | null;
}

/**
 * Damped Holt over the series, starting from ℓ₁ = y₁, b₁ = y₁ − y₀; squared one-step errors are
 * summed from index max(2, from).
 */
function runHolt(y: readonly number[], alpha: number, beta: number, phi: number, from = 2): RunResult {
  let level = y[1];
  let trend = y[1] - y[0];
  let sse = 0;
  let count = 0;
  for (let t = 2; t < y.length; t++) {
    const error = y[t] - (level + phi * trend);
    if (t >= from) {
      sse += error * error;
      count++;
    }
    level = level + phi * trend + alpha * error;
    trend = phi * trend + alpha * beta * error;
  }
  return { sse, count, level, trend, season: null };
}

interface SeasonalStart {
  level: number;
  trend: number;
  season: number[];
}

/**
 * Starting state from the first two seasons: the trend is the change of the seasonal means, the
 * seasonal terms are the average detrended deviations (made to sum to zero), and the level is
 * set one step before the first value so that the run starts at t = 0.
 */
function startSeasonal(y: readonly number[], m: number): SeasonalStart {
  let sum1 = 0;
  let sum2 = 0;
  for (let i = 0; i < m; i++) {
    sum1 += y[i];
    sum2 += y[m + i];
  }
  const mean1 = sum1 / m;
  const trend = (sum2 / m - mean1) / m;
  const center = (m - 1) / 2; // the first season's mean is the level at its middle
  const season: number[] = [];
  for (let i = 0; i < m; i++) {
    const d1 = y[i] - (mean1 + trend * (i - center));
    const d2 = y[m + i] - (mean1 + trend * (m + i - center));
    season.push((d1 + d2) / 2);
  }
  const meanSeason = season.reduce((a, b) => a + b, 0) / m;
  return { level: mean1 + trend * (-1 - center), trend, season: season.map((s) => s - meanSeason) };
}

/** Damped Holt-Winters from {@link startSeasonal}; errors summed from t = m (after the first season). */
function runHoltWinters(y: readonly number[], m: number, start: SeasonalStart, p: Smoothing): RunResult {
  const gamma = p.gamma ?? 0;
  let level = start.level;
  let trend = start.trend;
  const season = start.season.slice();
  let sse = 0;
  let count = 0;
  for (let t = 0; t < y.length; t++) {
    const s = season[t % m];
    const error = y[t] - (level + p.phi * trend + s);
    if (t >= m) {
      sse += error * error;
      count++;
    }
    level = level + p.phi * trend + p.alpha * error;
    trend = p.phi * trend + p.alpha * p.beta * error;
    season[t % m] = s + gamma * error;
  }
  return { sse, count, level, trend, season };
}

function validate(values: readonly number[], horizon: number, level: number): void {
  if (!Number.isInteger(horizon) || horizon < 1) throw new RangeError(`horizon must be a positive integer, got ${horizon}`);
  if (level !== 0.8 && level !== 0.95) throw new RangeError(`level must be 0.8 or 0.95, got ${level}`);
  values.forEach((value, i) => {
    if (!Number.isFinite(value)) throw new RangeError(`values[${i}] is not a finite number`);
  });
}

/** Sum φ + φ² + … + φ^h. */
function dampedSum(phi: number, h: number): number {
  let sum = 0;
  let power = 1;
  for (let i = 1; i <= h; i++) {
    power *= phi;
    sum += power;
  }
  return sum;
}

/**
 * Forecasts the next `horizon` values of an equally spaced series.
 *
 * Method, by length n of the series:
 * - n = 0: `NONE`, no points.
 * - n = 1: `LAST_VALUE`, the value repeated, no interval.
 * - n = 2 or 3: `LINEAR_TREND`, the least-squares line continued. With 3 values the interval is the
 *   regression prediction interval ŷ ± t₁·σ·√(1 + 1/n + (x − x̄)²/Σ(xᵢ − x̄)²) with Student's t for
 *   1 degree of freedom (wide, as it should be); with 2 values there is none.
 * - n ≥ 4: `HOLT_DAMPED`, α ∈ {0.1 … 0.9}, β ∈ {0.01, 0.05, 0.1, 0.2, 0.3, 0.5},
 *   φ ∈ {0.8, 0.85, 0.9, 0.95, 0.98, 1} chosen to minimise the sum of squared one-step-ahead errors
 *   over t = 2 … n−1 (the first two values set the starting level and trend).
 * - n ≥ 2m (m = seasonLength, 24 months by default): `HOLT_WINTERS_DAMPED` is fitted too, with
 *   γ ∈ {0.05 … 0.5} (γ ≤ 1 − α), errors over t = m … n−1, and is used when it lowers the error
 *   enough to pay for its m extra terms: over the common window of N = n − m errors it must have the
 *   smaller N·ln(MSE) + 2k, with k = 5 (α, β, φ, ℓ₀, b₀) without and k = m + 5 with seasonality.
 *   A series that merely wiggles stays non-seasonal; one with a real yearly pattern gets it.
 *
 * Interval of the smoothing methods: σ = √(Σe²/N) over the N fitted one-step errors, and the h-step
 * interval is ŷ ± z·σ·√(1 + Σ_{j=1}^{h−1} c_j²) with c_j = α(1 + β(φ + … + φ^j)) + γ·[j is a multiple
 * of m], the variance of the damped additive model; z = 1.2816 (80 %) or 1.9600 (95 %). The
 * interval therefore widens with the horizon, faster when α and β are large.
 *
 * @example
 * forecastSeries([10, 12, 14, 16, 18, 20], 2).points.map((p) => p.value)   // ≈ [22, 24] (φ = 1 fits the line exactly)
 * forecastSeries([5], 3)          // { method: 'LAST_VALUE', points: [5, 5, 5] with null bounds, … }
 * @throws RangeError on a non-finite value, a horizon that is not a positive integer or an unknown level.
 */
export function forecastSeries(values: readonly number[], horizon: number, options: ForecastOptions = {}): ForecastResult {
  const level = options.level ?? 0.95;
  validate(values, horizon, level);
  const seasonLength = options.seasonLength ?? 12;
  if (!Number.isInteger(seasonLength) || seasonLength < 0) {
    throw new RangeError(`seasonLength must be a non-negative integer, got ${seasonLength}`);
  }
  const n = values.length;
  const steps = Array.from({ length: horizon }, (_, i) => i + 1);

  if (n === 0) return { method: 'NONE', params: { kind: 'NONE' }, points: [], residualStd: null, level };
  if (n === 1) {
    const value = values[0];
    return {
      method: 'LAST_VALUE',
      params: { kind: 'NONE' },
      points: steps.map((step) => ({ step, value, lower: null, upper: null })),
      residualStd: null,
      level,
    };
  }
  if (n < MIN_SMOOTHING_POINTS) return forecastLinear(values, steps, level);

  // Non-seasonal fit.
  let best: Smoothing = { alpha: ALPHAS[0], beta: BETAS[0], phi: PHIS[0], gamma: null };
  let bestRun = runHolt(values, best.alpha, best.beta, best.phi);
  for (const phi of PHIS) {
    for (const alpha of ALPHAS) {
      for (const beta of BETAS) {
        const run = runHolt(values, alpha, beta, phi);
        if (run.sse < bestRun.sse) {
          best = { alpha, beta, phi, gamma: null };
          bestRun = run;
        }
      }
    }
  }

  const m = seasonLength;
  if (m >= 2 && n >= 2 * m) {
    const start = startSeasonal(values, m);
    let seasonal: Smoothing | null = null;
    let seasonalRun: RunResult | null = null;
    for (const phi of PHIS) {
      for (const alpha of ALPHAS) {
        for (const beta of BETAS) {
          for (const gamma of GAMMAS) {
            if (gamma > 1 - alpha + 1e-12) continue;
            const p = { alpha, beta, phi, gamma };
            const run = runHoltWinters(values, m, start, p);
            if (seasonalRun === null || run.sse < seasonalRun.sse) {
              seasonal = p;
              seasonalRun = run;
            }
          }
        }
      }
    }
    if (seasonal && seasonalRun) {
      const window = n - m;
      const plainOnWindow = runHolt(values, best.alpha, best.beta, best.phi, m);
      const score = (sse: number, k: number): number => window * Math.log(Math.max(sse / window, Number.MIN_VALUE)) + 2 * k;
      if (score(seasonalRun.sse, m + 5) < score(plainOnWindow.sse, 5)) {
        return smoothingResult('HOLT_WINTERS_DAMPED', values.length, seasonal, seasonalRun, m, steps, level);
      }
    }
  }
  return smoothingResult('HOLT_DAMPED', values.length, best, bestRun, null, steps, level);
}

function smoothingResult(method: 'HOLT_DAMPED' | 'HOLT_WINTERS_DAMPED', n: number, p: Smoothing, run: RunResult, m: number | null, steps: number[], level: 0.8 | 0.95): ForecastResult {
  const sigma = Math.sqrt(run.sse / run.count);
  const z = Z[level];
  let cumulative = 0; // Σ c_j² for j < h
  const points = steps.map((h) => {
    const seasonal = run.season && m ? run.season[(n - 1 + h) % m] : 0;
    const value = run.level + dampedSum(p.phi, h) * run.trend + seasonal;
    const half = z * sigma * Math.sqrt(1 + cumulative);
    const c = p.alpha * (1 + p.beta * dampedSum(p.phi, h)) + (m && p.gamma !== null && h % m === 0 ? p.gamma : 0);
    cumulative += c * c;
    return { step: h, value, lower: value - half, upper: value + half };
  });
  return {
    method,
    params: { kind: 'SMOOTHING', alpha: p.alpha, beta: p.beta, phi: p.phi, gamma: p.gamma, seasonLength: m },
    points,
    residualStd: sigma,
    level,
  };
}

function forecastLinear(values: readonly number[], steps: number[], level: 0.8 | 0.95): ForecastResult {
  const n = values.length;
  const xMean = (n - 1) / 2;
  const yMean = values.reduce((a, b) => a + b, 0) / n;
  let sxx = 0;
  let sxy = 0;
  values.forEach((y, x) => {
    sxx += (x - xMean) ** 2;
    sxy += (x - xMean) * (y - yMean);
  });
  const slope = sxy / sxx;
  const intercept = yMean - slope * xMean;
  let sigma: number | null = null;
  if (n > 2) {
    const sse = values.reduce((sum, y, x) => sum + (y - (intercept + slope * x)) ** 2, 0);
    sigma = Math.sqrt(sse / (n - 2));
  }
  const points = steps.map((step) => {
    const x = n - 1 + step;
    const value = intercept + slope * x;
    if (sigma === null) return { step, value, lower: null, upper: null };
    const half = T1[level] * sigma * Math.sqrt(1 + 1 / n + (x - xMean) ** 2 / sxx);
    return { step, value, lower: value - half, upper: value + half };
  });
  return { method: 'LINEAR_TREND', params: { kind: 'LINEAR', intercept, slope }, points, residualStd: sigma, level };
}

// ---------------------------------------------------------------------------------------------

export interface BacktestOptions extends ForecastOptions {
  /** Steps forecast from each origin. */
  horizon: number;
  /** Values the first origin trains on (at least 1). */
  minTrain: number;
}

export interface BacktestResult {
  /** Number of forecast origins evaluated. */
  origins: number;
  /** Number of (origin, step) forecasts compared with the actual value: origins × horizon. */
  forecasts: number;
  /** Mean absolute error over all forecasts; null without origins. */
  mae: number | null;
  /** Mean absolute percentage error, in percent (5 means 5 %), over forecasts whose actual is not 0; null if none. */
  mape: number | null;
  /** Share (0–1) of actual values inside the prediction interval, over forecasts that had one; null if none. */
  coverage: number | null;
  /** How many origins used each method. */
  methods: Partial<Record<ForecastMethod, number>>;
}

/**
 * Rolling-origin evaluation: for each origin o = minTrain … n − horizon, forecast from values[0 … o−1]
 * and compare the `horizon` forecasts with values[o … o + horizon − 1]. Every origin has a full horizon,
 * so each step counts equally.
 *
 * @example
 * backtestForecast([10, 12, 11], { horizon: 1, minTrain: 1 })
 * // origin 1: last value 10 vs 12 → |e| = 2, 16.67 %; origin 2: line through 10, 12 gives 14 vs 11 → |e| = 3, 27.27 %
 * // { origins: 2, forecasts: 2, mae: 2.5, mape: 21.97, coverage: null, methods: { LAST_VALUE: 1, LINEAR_TREND: 1 } }
 */
export function backtestForecast(values: readonly number[], options: BacktestOptions): BacktestResult {
  const { horizon, minTrain } = options;
  if (!Number.isInteger(minTrain) || minTrain < 1) throw new RangeError(`minTrain must be a positive integer, got ${minTrain}`);
  validate(values, horizon, options.level ?? 0.95);
  let forecasts = 0;
  let absoluteSum = 0;
  let percentSum = 0;
  let percentCount = 0;
  let covered = 0;
  let withInterval = 0;
  let origins = 0;
  const methods: Partial<Record<ForecastMethod, number>> = {};
  for (let origin = minTrain; origin + horizon <= values.length; origin++) {
    origins++;
    const result = forecastSeries(values.slice(0, origin), horizon, options);
    methods[result.method] = (methods[result.method] ?? 0) + 1;
    for (const point of result.points) {
      const actual = values[origin + point.step - 1];
      const error = Math.abs(actual - point.value);
      forecasts++;
      absoluteSum += error;
      if (actual !== 0) {
        percentSum += (error / Math.abs(actual)) * 100;
        percentCount++;
      }
      if (point.lower !== null && point.upper !== null) {
        withInterval++;
        if (actual >= point.lower && actual <= point.upper) covered++;
      }
    }
  }
  return {
    origins,
    forecasts,
    mae: forecasts > 0 ? absoluteSum / forecasts : null,
    mape: percentCount > 0 ? percentSum / percentCount : null,
    coverage: withInterval > 0 ? covered / withInterval : null,
    methods,
  };
}

// ---------------------------------------------------------------------------------------------
// Shares

/**
 * Forecast of a share bounded to [lower, upper] (a percentage: 0–100), made on the logit scale so that the
 * point and its interval stay inside the bounds and the interval stays informative near them: the series
 * is mapped to x = logit((v − lower) / (upper − lower)), forecast there, and mapped back (the logistic
 * function is monotonic, so the interval's bounds map to the interval's bounds). Values on a bound are
 * pulled in by a small ε (0.1 % of the range) before the logit, which is otherwise infinite there.
 *
 * @example
 * // 5G coverage climbing towards 100 %: the band stays below 100 instead of reading (0 – 100).
 * forecastShare([40, 55, 68, 78, 85, 90], 6, { lower: 0, upper: 100 }).points.at(-1)  // ≈ { value: 97.5, lower: 93, upper: 99 }
 */
export function forecastShare(values: readonly number[], horizon: number, bounds: { lower: number; upper: number }, options: ForecastOptions = {}): ForecastResult {
  const range = bounds.upper - bounds.lower;
  if (!(range > 0)) throw new RangeError(`a share needs upper > lower, got [${bounds.lower}, ${bounds.upper}]`);
  const eps = 0.001;
  const toLogit = (v: number): number => {
    const p = Math.min(1 - eps, Math.max(eps, (v - bounds.lower) / range));
    return Math.log(p / (1 - p));
  };
  const fromLogit = (x: number): number => bounds.lower + range / (1 + Math.exp(-x));
  // A leading run on a bound (0 % before a service launched) is another regime, not a level to smooth: on
  // the logit scale its jump to the first real value would dominate the error spread. Start after it.
  let start = 0;
  while (start < values.length && (values[start] <= bounds.lower || values[start] >= bounds.upper)) start++;
  const series = values.length - start >= 3 ? values.slice(start) : values;
  const result = forecastSeries(series.map(toLogit), horizon, options);
  return {
    ...result,
    points: result.points.map((p) => ({
      step: p.step,
      value: fromLogit(p.value),
      lower: p.lower === null ? null : fromLogit(p.lower),
      upper: p.upper === null ? null : fromLogit(p.upper),
    })),
    // The spread was estimated on the logit scale; it has no meaning in the share's own units.
    residualStd: null,
  };
}

// ---------------------------------------------------------------------------------------------

export type TargetDirection = 'HIGHER_IS_BETTER' | 'LOWER_IS_BETTER';
/**
 * While the target period runs: ACHIEVED, ON_TRACK, AT_RISK, OFF_TRACK. Once it has ended: MET or MISSED
 * by the final value of the target period. NO_DATA: nothing reported; INSUFFICIENT_DATA: figures exist
 * but too few of the expected units are in for the period to be judged ("chưa đủ số liệu").
 */
export type TargetStatus = 'ACHIEVED' | 'ON_TRACK' | 'AT_RISK' | 'OFF_TRACK' | 'MET' | 'MISSED' | 'NO_DATA' | 'INSUFFICIENT_DATA';
export const TARGET_STATUSES: readonly TargetStatus[] = ['OFF_TRACK', 'AT_RISK', 'MISSED', 'INSUFFICIENT_DATA', 'ON_TRACK', 'ACHIEVED', 'MET', 'NO_DATA'];

export interface TargetStatusInput {
  baseline: number | null;
  target: number;
  direction: TargetDirection;
  /** Latest known value; null when there is none yet. */
  latest: number | null;
  /** Forecast for the target period, e.g. the point of {@link forecastSeries} at the target date. */
  forecast?: { value: number; lower: number | null; upper: number | null } | null;
}

export interface TargetStatusResult {
  status: TargetStatus;
  /** (latest − baseline) / (target − baseline): 0 at the baseline, 1 at the target; not clamped. */
  progress: number | null;
}

/** Progress as shown on a bar: the share of the way from baseline to target, bounded to 0–1. */
export function boundedProgress(progress: number | null): number | null {
  return progress === null || !Number.isFinite(progress) ? null : Math.min(1, Math.max(0, progress));
}

/**
 * The verdict on a target whose period has ended, from the final value of the target period: MET when it
 * meets the target (≥ when higher is better, ≤ when lower is better, same tolerance as below), MISSED
 * otherwise, NO_DATA without a final value.
 *
 * @example
 * classifyEndedTarget({ baseline: 30, target: 50, direction: 'HIGHER_IS_BETTER', final: 48 })  // { status: 'MISSED', progress: 0.9 }
 */
export function classifyEndedTarget(input: { baseline: number | null; target: number; direction: TargetDirection; final: number | null }): TargetStatusResult {
  const { baseline, target, direction, final } = input;
  if (final === null || !Number.isFinite(final)) return { status: 'NO_DATA', progress: null };
  const tolerance = 1e-9 * Math.max(1, Math.abs(target));
  const meets = direction === 'HIGHER_IS_BETTER' ? final >= target - tolerance : final <= target + tolerance;
  const progress = baseline === null || baseline === target ? null : (final - baseline) / (target - baseline);
  return { status: meets ? 'MET' : 'MISSED', progress };
}

/**
 * Where a target stands. "Meets" means ≥ target when higher is better and ≤ target when lower is
 * better, with a relative tolerance of 1e-9 so that 49.99999999999999 meets 50. In order:
 * 1. NO_DATA — no latest value;
 * 2. ACHIEVED — the latest value already meets the target;
 * 3. ON_TRACK — the forecast value meets it;
 * 4. AT_RISK — the forecast misses it but the favourable bound of its interval (upper when higher is
 *    better, lower when lower is better) meets it: reaching the target is plausible, not expected;
 * 5. OFF_TRACK — otherwise, including when there is no forecast: nothing shows it will be met.
 *
 * Progress is null when there is no latest value, no baseline, or target = baseline.
 *
 * @example
 * // "≥ 50 % of accounts on Vietnamese platforms": baseline 30, latest 42, forecast 48 [44, 52]
 * classifyTargetStatus({ baseline: 30, target: 50, direction: 'HIGHER_IS_BETTER', latest: 42,
 *   forecast: { value: 48, lower: 44, upper: 52 } })
 * // { status: 'AT_RISK', progress: 0.6 }   (42 − 30) / (50 − 30) = 0.6; 48 < 50 but 52 ≥ 50
 */
export function classifyTargetStatus(input: TargetStatusInput): TargetStatusResult {
  const { baseline, target, direction, latest } = input;
  const tolerance = 1e-9 * Math.max(1, Math.abs(target));
  const meets = (value: number): boolean => (direction === 'HIGHER_IS_BETTER' ? value >= target - tolerance : value <= target + tolerance);

  if (latest === null || !Number.isFinite(latest)) return { status: 'NO_DATA', progress: null };
  const progress = baseline === null || baseline === target ? null : (latest - baseline) / (target - baseline);
  if (meets(latest)) return { status: 'ACHIEVED', progress };
  const forecast = input.forecast ?? null;
  if (forecast === null) return { status: 'OFF_TRACK', progress };
  if (meets(forecast.value)) return { status: 'ON_TRACK', progress };
  const favourable = direction === 'HIGHER_IS_BETTER' ? forecast.upper : forecast.lower;
  if (favourable !== null && meets(favourable)) return { status: 'AT_RISK', progress };
  return { status: 'OFF_TRACK', progress };
}
