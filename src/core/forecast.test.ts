import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { backtestForecast, boundedProgress, classifyEndedTarget, classifyTargetStatus, forecastSeries, forecastShare, type ForecastResult } from './forecast.ts';

/** Deterministic pseudo-random numbers, so the tests always see the same series. */
function createNoise(seed: number): () => number {
  let state = seed;
  const uniform = (): number => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
  // Sum of 12 uniforms − 6: mean 0, standard deviation 1, close enough to normal.
  return () => {
    let sum = 0;
    for (let i = 0; i < 12; i++) sum += uniform();
    return sum - 6;
  };
}

const seasonalCurve = (t: number): number => 100 + 0.5 * t + 15 * Math.sin((2 * Math.PI * t) / 12);

function values(result: ForecastResult): number[] {
  return result.points.map((p) => p.value);
}

function assertClose(actual: number | null, expected: number, tolerance: number, message?: string): void {
  assert.ok(actual !== null && Math.abs(actual - expected) <= tolerance, `${message ?? ''} expected ${expected} ± ${tolerance}, got ${actual}`);
}

describe('forecastSeries', () => {
  test('continues a perfectly linear series exactly', () => {
    const result = forecastSeries([10, 12, 14, 16, 18, 20], 3);
    assert.equal(result.method, 'HOLT_DAMPED');
    assert.equal(result.params.kind === 'SMOOTHING' && result.params.phi, 1);
    assert.deepEqual(
      result.points.map((p) => p.step),
      [1, 2, 3],
    );
    [22, 24, 26].forEach((expected, i) => {
      assertClose(result.points[i].value, expected, 1e-9);
      assertClose(result.points[i].lower, expected, 1e-9);
      assertClose(result.points[i].upper, expected, 1e-9);
    });
    assertClose(result.residualStd, 0, 1e-9);
  });

  test('a long decreasing line too', () => {
    const line = Array.from({ length: 30 }, (_, t) => 500 - 7.5 * t);
    const result = forecastSeries(line, 12);
    result.points.forEach((p) => assertClose(p.value, 500 - 7.5 * (29 + p.step), 1e-6, `step ${p.step}`));
  });

  test('a constant series stays constant', () => {
    const result = forecastSeries([3, 3, 3, 3, 3], 2);
    assert.deepEqual(values(result), [3, 3]);
    assert.equal(result.residualStd, 0);
  });

  test('very short series fall back and say so', () => {
    assert.deepEqual(forecastSeries([], 2), { method: 'NONE', params: { kind: 'NONE' }, points: [], residualStd: null, level: 0.95 });

    const one = forecastSeries([5], 3);
    assert.equal(one.method, 'LAST_VALUE');
    assert.deepEqual(
      one.points,
      [1, 2, 3].map((step) => ({ step, value: 5, lower: null, upper: null })),
    );

    const two = forecastSeries([4, 7], 2);
    assert.equal(two.method, 'LINEAR_TREND');
    assert.deepEqual(two.params, { kind: 'LINEAR', intercept: 4, slope: 3 });
    assert.deepEqual(two.points, [
      { step: 1, value: 10, lower: null, upper: null },
      { step: 2, value: 13, lower: null, upper: null },
    ]);
    assert.equal(two.residualStd, null);
  });

  test('three values: least-squares line with a t-based interval (hand-computed)', () => {
    // x = 0, 1, 2; y = 1, 2, 4: slope 1.5, intercept 7/3 − 1.5 = 0.8333; residuals 1/6, −1/3, 1/6,
    // SSE = 1/6, σ = √(1/6 ÷ 1) = 0.408248. At x = 3: ŷ = 5.3333, half-width
    // 12.7062 × 0.408248 × √(1 + 1/3 + (3 − 1)²/2) = 9.47064.
    const result = forecastSeries([1, 2, 4], 1);
    assert.equal(result.method, 'LINEAR_TREND');
    assertClose(result.residualStd, Math.sqrt(1 / 6), 1e-12);
    const [point] = result.points;
    assertClose(point.value, 16 / 3, 1e-12);
    assertClose(point.upper, 16 / 3 + 9.470644, 1e-5);
    assertClose(point.lower, 16 / 3 - 9.470644, 1e-5);
  });

  test('finds the yearly pattern of a seasonal series', () => {
    const series = Array.from({ length: 60 }, (_, t) => seasonalCurve(t));
    const result = forecastSeries(series, 14);
    assert.equal(result.method, 'HOLT_WINTERS_DAMPED');
    assert.equal(result.params.kind === 'SMOOTHING' && result.params.seasonLength, 12);
    result.points.forEach((p) => assertClose(p.value, seasonalCurve(59 + p.step), 1e-6, `step ${p.step}`));
  });

  test('seasonality needs two full seasons and can be turned off', () => {
    const series = Array.from({ length: 60 }, (_, t) => seasonalCurve(t));
    assert.equal(forecastSeries(series.slice(0, 23), 1).method, 'HOLT_DAMPED');
    assert.equal(forecastSeries(series, 1, { seasonLength: 0 }).method, 'HOLT_DAMPED');
    // Quarterly data: a season of 4 is found with 8 values or more.
    const quarterly = Array.from({ length: 16 }, (_, t) => 50 + [10, -5, -10, 5][t % 4]);
    const result = forecastSeries(quarterly, 4, { seasonLength: 4 });
    assert.equal(result.method, 'HOLT_WINTERS_DAMPED');
    result.points.forEach((p) => assertClose(p.value, 50 + [10, -5, -10, 5][(15 + p.step) % 4], 1e-6));
  });

  test('noise without a pattern does not get seasonality', () => {
    const noise = createNoise(7);
    const series = Array.from({ length: 48 }, () => 50 + 3 * noise());
    assert.equal(forecastSeries(series, 3).method, 'HOLT_DAMPED');
  });

  test('the interval follows the documented formula and widens with the horizon', () => {
    const noise = createNoise(11);
    const series = Array.from({ length: 30 }, (_, t) => 20 + 2 * t + 4 * noise());
    const result = forecastSeries(series, 6);
    assert.equal(result.params.kind, 'SMOOTHING');
    if (result.params.kind !== 'SMOOTHING' || result.residualStd === null) return;
    const { alpha, beta, phi } = result.params;
    const sigma = result.residualStd;
    assert.ok(sigma > 0);
    const z = 1.959963984540054;
    let sumSquares = 0;
    let previousWidth = 0;
    for (const point of result.points) {
      const half = z * sigma * Math.sqrt(1 + sumSquares);
      assertClose(point.upper, point.value + half, 1e-9, `upper at ${point.step}`);
      assertClose(point.lower, point.value - half, 1e-9, `lower at ${point.step}`);
      let phiSum = 0;
      for (let i = 1; i <= point.step; i++) phiSum += phi ** i;
      sumSquares += (alpha * (1 + beta * phiSum)) ** 2;
      const width = (point.upper ?? 0) - (point.lower ?? 0);
      assert.ok(width > previousWidth, 'interval widens');
      previousWidth = width;
    }
    const narrow = forecastSeries(series, 1, { level: 0.8 }).points[0];
    const wide = result.points[0];
    assertClose(((narrow.upper ?? 0) - narrow.value) / ((wide.upper ?? 0) - wide.value), 1.2815515655446004 / z, 1e-12);
  });

  test('rejects bad input', () => {
    assert.throws(() => forecastSeries([1, Number.NaN, 3], 1), RangeError);
    assert.throws(() => forecastSeries([1, 2, 3], 0), RangeError);
    assert.throws(() => forecastSeries([1, 2, 3], 1.5), RangeError);
    assert.throws(() => forecastSeries([1, 2, 3], 1, { level: 0.9 as 0.95 }), RangeError);
    assert.throws(() => forecastSeries([1, 2, 3], 1, { seasonLength: -1 }), RangeError);
  });
});

describe('backtestForecast', () => {
  test('hand-computed errors on a tiny series', () => {
    // Origin 1: [10] → last value 10, actual 12: |e| = 2, 2/12 = 16.667 %.
    // Origin 2: [10, 12] → line 14, actual 11: |e| = 3, 3/11 = 27.273 %.
    const result = backtestForecast([10, 12, 11], { horizon: 1, minTrain: 1 });
    assert.equal(result.origins, 2);
    assert.equal(result.forecasts, 2);
    assert.equal(result.mae, 2.5);
    assertClose(result.mape, (200 / 12 + 300 / 11) / 2, 1e-12);
    assert.equal(result.coverage, null); // neither fallback had an interval
    assert.deepEqual(result.methods, { LAST_VALUE: 1, LINEAR_TREND: 1 });
  });

  test('MAPE skips actual zeros but MAE does not', () => {
    // Origin 1: 5 vs 0 (|e| = 5, no percentage); origin 2: the line through 5, 0 gives −5 vs 10 (|e| = 15, 150 %).
    const result = backtestForecast([5, 0, 10], { horizon: 1, minTrain: 1 });
    assert.equal(result.mae, 10);
    assert.equal(result.mape, 150);
  });

  test('a linear series is forecast without error from every origin', () => {
    const line = Array.from({ length: 20 }, (_, t) => 3 * t + 1);
    const result = backtestForecast(line, { horizon: 2, minTrain: 2 });
    assert.equal(result.origins, 20 - 2 - 2 + 1);
    assert.equal(result.forecasts, 17 * 2);
    assertClose(result.mae, 0, 1e-8);
  });

  test('on a noisy seasonal series: seasonality pays and intervals cover most actuals', () => {
    const noise = createNoise(7);
    const series = Array.from({ length: 60 }, (_, t) => seasonalCurve(t) + 2 * noise());
    const seasonal = backtestForecast(series, { horizon: 3, minTrain: 24 });
    const plain = backtestForecast(series, { horizon: 3, minTrain: 24, seasonLength: 0 });
    assert.equal(seasonal.origins, 60 - 3 - 24 + 1);
    assert.equal(seasonal.forecasts, 34 * 3);
    assert.equal(seasonal.methods.HOLT_WINTERS_DAMPED, 34);
    assert.ok(seasonal.mae !== null && plain.mae !== null && seasonal.mae < plain.mae / 2, `${seasonal.mae} vs ${plain.mae}`);
    assert.ok(seasonal.mape !== null && seasonal.mape < 4, `MAPE ${seasonal.mape}`);
    // Noise σ = 2, so MAE of a good forecast is near 2 × √(2/π) ≈ 1.6 and not far beyond.
    assert.ok(seasonal.mae < 3, `MAE ${seasonal.mae}`);
    assert.ok(seasonal.coverage !== null && seasonal.coverage >= 0.75 && seasonal.coverage <= 1, `coverage ${seasonal.coverage}`);
  });

  test('no origin when the series is too short', () => {
    const result = backtestForecast([1, 2, 3], { horizon: 2, minTrain: 2 });
    assert.deepEqual(result, { origins: 0, forecasts: 0, mae: null, mape: null, coverage: null, methods: {} });
  });

  test('rejects a minTrain below 1', () => {
    assert.throws(() => backtestForecast([1, 2, 3], { horizon: 1, minTrain: 0 }), RangeError);
  });
});

describe('classifyTargetStatus', () => {
  const higher = { baseline: 30, target: 50, direction: 'HIGHER_IS_BETTER' as const };
  const lower = { baseline: 20, target: 10, direction: 'LOWER_IS_BETTER' as const };

  test('higher is better: each status', () => {
    assert.deepEqual(classifyTargetStatus({ ...higher, latest: 52 }), { status: 'ACHIEVED', progress: 1.1 });
    assert.deepEqual(classifyTargetStatus({ ...higher, latest: 50 }), { status: 'ACHIEVED', progress: 1 });
    assert.deepEqual(classifyTargetStatus({ ...higher, latest: 42, forecast: { value: 51, lower: 47, upper: 55 } }), {
      status: 'ON_TRACK',
      progress: 0.6,
    });
    assert.deepEqual(classifyTargetStatus({ ...higher, latest: 42, forecast: { value: 48, lower: 44, upper: 52 } }), {
      status: 'AT_RISK',
      progress: 0.6,
    });
    assert.deepEqual(classifyTargetStatus({ ...higher, latest: 42, forecast: { value: 45, lower: 41, upper: 49 } }), {
      status: 'OFF_TRACK',
      progress: 0.6,
    });
    assert.deepEqual(classifyTargetStatus({ ...higher, latest: 25, forecast: null }), { status: 'OFF_TRACK', progress: -0.25 });
    assert.deepEqual(classifyTargetStatus({ ...higher, latest: null }), { status: 'NO_DATA', progress: null });
  });

  test('lower is better: the favourable bound is the lower one', () => {
    // Progress (16 − 20) / (10 − 20) = 0.4.
    assert.equal(classifyTargetStatus({ ...lower, latest: 9 }).status, 'ACHIEVED');
    assert.deepEqual(classifyTargetStatus({ ...lower, latest: 16, forecast: { value: 10, lower: 8, upper: 12 } }), {
      status: 'ON_TRACK',
      progress: 0.4,
    });
    assert.equal(classifyTargetStatus({ ...lower, latest: 16, forecast: { value: 11, lower: 9, upper: 13 } }).status, 'AT_RISK');
    assert.equal(classifyTargetStatus({ ...lower, latest: 16, forecast: { value: 11, lower: 10.5, upper: 13 } }).status, 'OFF_TRACK');
    // Only the lower bound counts when lower is better; without one, the forecast's miss stands.
    assert.equal(classifyTargetStatus({ ...lower, latest: 16, forecast: { value: 11, lower: null, upper: 9 } }).status, 'OFF_TRACK');
  });

  test('tolerates floating-point noise at the target', () => {
    assert.equal(classifyTargetStatus({ ...higher, latest: 49.99999999999999 }).status, 'ACHIEVED');
    assert.equal(classifyTargetStatus({ ...higher, latest: 49.999 }).status, 'OFF_TRACK');
  });

  test('progress is null without a baseline or when the target equals it', () => {
    assert.deepEqual(classifyTargetStatus({ ...higher, baseline: null, latest: 40 }), { status: 'OFF_TRACK', progress: null });
    assert.deepEqual(classifyTargetStatus({ ...higher, baseline: 50, latest: 50 }), { status: 'ACHIEVED', progress: null });
  });

  test('works with a forecast point from forecastSeries', () => {
    // Share of harmful content removed, rising 2 points a month from 70: 80 after five months.
    const history = [70, 72, 74, 76, 78, 80];
    const forecast = forecastSeries(history, 6).points[5]; // six months later ≈ 92
    assertClose(forecast.value, 92, 1e-9);
    const status = classifyTargetStatus({ baseline: 70, target: 90, direction: 'HIGHER_IS_BETTER', latest: 80, forecast });
    assert.deepEqual(status, { status: 'ON_TRACK', progress: 0.5 });
  });
});

describe('forecastShare: shares forecast on the logit scale', () => {
  test('a percentage climbing towards 100 stays below 100, with an informative band', () => {
    const series = [0, 0, 0, 5, 10, 20, 30, 42, 55, 66, 75, 83, 88, 92, 95, 97];
    const plain = forecastSeries(series, 12).points.at(-1)!;
    assert.ok(plain.value > 100, 'on its own scale the trend runs past 100');
    const share = forecastShare(series, 12, { lower: 0, upper: 100 }).points.at(-1)!;
    assert.ok(share.value < 100 && share.value > 97, `point ${share.value}`);
    assert.ok(share.lower !== null && share.upper !== null);
    assert.ok(share.lower > 90 && share.upper < 100, `band ${share.lower} – ${share.upper}`);
  });

  test('a flat share stays flat and every bound stays inside [lower, upper]', () => {
    const r = forecastShare([42, 42.5, 41.8, 42.2, 42, 42.1, 41.9, 42.3], 6, { lower: 0, upper: 100 });
    for (const p of r.points) {
      assert.ok(Math.abs(p.value - 42) < 1.5, `${p.value}`);
      assert.ok(p.lower! >= 0 && p.upper! <= 100);
    }
  });

  test('a range that is not a range is refused', () => {
    assert.throws(() => forecastShare([1, 2, 3], 1, { lower: 5, upper: 5 }), RangeError);
  });
});

describe('targets whose period has ended are met or missed by the final value', () => {
  test('met, missed, no data; progress bounded on screen, raw kept', () => {
    assert.deepEqual(classifyEndedTarget({ baseline: 30, target: 50, direction: 'HIGHER_IS_BETTER', final: 48 }), { status: 'MISSED', progress: 0.9 });
    assert.deepEqual(classifyEndedTarget({ baseline: 30, target: 50, direction: 'HIGHER_IS_BETTER', final: 65 }), { status: 'MET', progress: 1.75 });
    assert.deepEqual(classifyEndedTarget({ baseline: 10, target: 5, direction: 'LOWER_IS_BETTER', final: 4 }).status, 'MET');
    assert.deepEqual(classifyEndedTarget({ baseline: 10, target: 5, direction: 'LOWER_IS_BETTER', final: 6 }).status, 'MISSED');
    assert.deepEqual(classifyEndedTarget({ baseline: null, target: 5, direction: 'LOWER_IS_BETTER', final: null }), { status: 'NO_DATA', progress: null });
    assert.equal(boundedProgress(2.17), 1);
    assert.equal(boundedProgress(-0.54), 0);
    assert.equal(boundedProgress(0.42), 0.42);
    assert.equal(boundedProgress(null), null);
  });
});
