import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { detectOutlier, type HistoryValue } from './outliers.ts';

/** Monthly history from January 2023 on. */
function monthly(values: number[], fromYear = 2023): HistoryValue[] {
  return values.map((value, i) => {
    const year = fromYear + Math.floor(i / 12);
    const month = String((i % 12) + 1).padStart(2, '0');
    return { periodStart: `${year}-${month}-01`, value };
  });
}

function assertClose(actual: number | null, expected: number, tolerance = 1e-9): void {
  assert.ok(actual !== null && Math.abs(actual - expected) <= tolerance, `expected ${expected} ± ${tolerance}, got ${actual}`);
}

const steady = monthly([100, 102, 98, 101, 99, 103, 97]); // median 100, MAD 2

describe('detectOutlier with the overall history', () => {
  test('flags an obvious outlier (hand-computed score and range)', () => {
    const result = detectOutlier(150, steady);
    assert.equal(result.isOutlier, true);
    assert.equal(result.basis, 'OVERALL');
    assert.equal(result.median, 100);
    assert.equal(result.mad, 2);
    assertClose(result.score, (0.6745 * 50) / 2); // 16.86
    assertClose(result.expectedLow, 100 - (3.5 * 2) / 0.6745); // 89.62
    assertClose(result.expectedHigh, 100 + (3.5 * 2) / 0.6745); // 110.38
    assert.deepEqual(
      result.reasons.map((r) => r.code),
      ['ROBUST_Z'],
    );
    assert.equal(result.reasons[0].messageEn, 'Value 150 is unusual compared with earlier periods: median 100, expected range 89.62 – 110.38');
    assert.equal(result.reasons[0].messageVi, 'Giá trị 150 khác thường so với các kỳ trước: trung vị 100, khoảng thường gặp 89,62 – 110,38');
  });

  test('does not flag a normal value', () => {
    const result = detectOutlier(104, steady);
    assert.equal(result.isOutlier, false);
    assert.deepEqual(result.reasons, []);
    assertClose(result.score, (0.6745 * 4) / 2); // 1.35
  });

  test('flags low values too, with a negative score', () => {
    const result = detectOutlier(10, steady); // a dropped digit
    assert.equal(result.isOutlier, true);
    assert.ok((result.score ?? 0) < -3.5);
  });

  test('the threshold is configurable', () => {
    assert.equal(detectOutlier(108, steady).isOutlier, false); // score 2.70
    assert.equal(detectOutlier(108, steady, { threshold: 2.5 }).isOutlier, true);
  });

  test('an earlier outlier in the history does not mask the next one', () => {
    const history = monthly([100, 102, 98, 1000, 101, 99, 103]); // one old typo
    assert.equal(detectOutlier(1000, history).isOutlier, true);
    assert.equal(detectOutlier(101, history).isOutlier, false);
  });

  test('MAD = 0 falls back to 1.253314 × mean absolute deviation', () => {
    // Deviations from the median 10: 0, 0, 0, 0, 2 → MAD 0, mean absolute deviation 0.4, scale 0.5013256.
    const history = monthly([10, 10, 10, 12, 10]);
    const high = detectOutlier(13, history);
    assert.equal(high.mad, 0);
    assertClose(high.score, 3 / (1.253314 * 0.4)); // 5.98
    assert.equal(high.isOutlier, true);
    assertClose(high.expectedHigh, 10 + 3.5 * 1.253314 * 0.4);
    const normal = detectOutlier(11, history);
    assertClose(normal.score, 1 / (1.253314 * 0.4)); // 1.99
    assert.equal(normal.isOutlier, false);
  });

  test('a history with no spread at all uses a relative tolerance', () => {
    const history = monthly([63, 63, 63, 63, 63]); // e.g. number of provinces
    assert.equal(detectOutlier(63, history).isOutlier, false);
    assert.equal(detectOutlier(66, history).isOutlier, false); // 3 ≤ 10 % of 63
    const merged = detectOutlier(34, history); // 29 > 6.3
    assert.equal(merged.isOutlier, true);
    assert.equal(merged.score, null);
    assertClose(merged.expectedLow, 63 - 6.3);
    assertClose(merged.expectedHigh, 63 + 6.3);
    assert.equal(merged.reasons[0].messageEn, 'Value 34 differs from earlier periods, which were all 63');
    assert.equal(detectOutlier(66, history, { relativeTolerance: 0.01 }).isOutlier, true);
  });

  test('after a run of zeros, any non-zero value is flagged', () => {
    const zeros = monthly([0, 0, 0, 0, 0, 0]);
    assert.equal(detectOutlier(0, zeros).isOutlier, false);
    assert.equal(detectOutlier(1, zeros).isOutlier, true);
  });

  test('too little history: no statistical comparison', () => {
    const result = detectOutlier(1_000_000, monthly([1, 2, 3]));
    assert.deepEqual(result, {
      isOutlier: false,
      reasons: [],
      basis: 'NONE',
      expectedLow: null,
      expectedHigh: null,
      median: null,
      mad: null,
      score: null,
    });
    assert.equal(detectOutlier(1_000_000, monthly([1, 2, 3]), { minHistory: 3 }).isOutlier, true);
  });

  test('ignores the history entry of the period being checked and non-finite values', () => {
    const history = [...monthly([100, 102, 98, 101]), { periodStart: '2023-05-01', value: 5000 }, { periodStart: '2023-06-01', value: Number.NaN }];
    // Re-checking May: its old value 5000 is not history, NaN is dropped, four values remain.
    const result = detectOutlier(100, history, { periodStart: '2023-05-01' });
    assert.equal(result.basis, 'OVERALL');
    assert.equal(result.median, 100.5);
    assert.equal(result.isOutlier, false);
  });
});

describe('detectOutlier with bounds', () => {
  test('flags values outside min and max even without history', () => {
    const above = detectOutlier(120, [], { max: 100 });
    assert.equal(above.isOutlier, true);
    assert.equal(above.basis, 'NONE');
    assert.deepEqual(above.reasons, [{ code: 'ABOVE_MAX', messageVi: 'Giá trị 120 lớn hơn mức tối đa cho phép 100', messageEn: 'Value 120 is above the allowed maximum 100' }]);
    const below = detectOutlier(-1, [], { min: 0 });
    assert.deepEqual(
      below.reasons.map((r) => r.code),
      ['BELOW_MIN'],
    );
    assert.equal(detectOutlier(100, [], { min: 0, max: 100 }).isOutlier, false);
  });

  test('bounds and statistics add up', () => {
    const result = detectOutlier(1500, steady, { max: 1000 });
    assert.deepEqual(
      result.reasons.map((r) => r.code),
      ['ABOVE_MAX', 'ROBUST_Z'],
    );
  });

  test('formats numbers the Vietnamese way in Vietnamese messages', () => {
    const result = detectOutlier(1234.5, [], { max: 1000.25 });
    assert.equal(result.reasons[0].messageVi, 'Giá trị 1.234,5 lớn hơn mức tối đa cho phép 1.000,25');
    assert.equal(result.reasons[0].messageEn, 'Value 1,234.5 is above the allowed maximum 1,000.25');
  });
});

describe('detectOutlier with seasonality', () => {
  // Two years where December is about three times a normal month (year-end reporting).
  const history = monthly([100, 98, 102, 101, 99, 100, 103, 97, 100, 101, 99, 300, 102, 100, 101, 99, 98, 100, 102, 101, 99, 100, 103, 320]);

  test('a usual December peak is not flagged, though it is extreme against all months', () => {
    assert.equal(detectOutlier(310, history).isOutlier, true); // overall comparison alone would flag it
    const result = detectOutlier(310, history, { seasonal: true, periodStart: '2025-12-01' });
    assert.equal(result.basis, 'SEASONAL');
    assert.equal(result.median, 310); // Decembers 300 and 320
    assert.equal(result.mad, 10);
    assert.equal(result.score, 0);
    assert.equal(result.isOutlier, false);
  });

  test('a December without its peak is flagged against earlier Decembers', () => {
    const result = detectOutlier(100, history, { seasonal: true, periodStart: '2025-12-01' });
    assert.equal(result.isOutlier, true);
    assertClose(result.score, (0.6745 * (100 - 310)) / 10); // −14.2
    assert.deepEqual(
      result.reasons.map((r) => r.code),
      ['SEASONAL_Z'],
    );
    assert.match(result.reasons[0].messageEn, /the same month \(12\) in earlier years: median 310/);
    assert.match(result.reasons[0].messageVi, /cùng tháng 12 các năm trước/);
    assert.equal(detectOutlier(100, history).isOutlier, false); // looks like any other month
  });

  test('needs the same month in two earlier years, otherwise compares overall', () => {
    const oneYear = history.slice(0, 12);
    const result = detectOutlier(100, oneYear, { seasonal: true, periodStart: '2024-12-01' });
    assert.equal(result.basis, 'OVERALL');
    // Only earlier years count: checking December 2024 sees just December 2023 in `history`.
    assert.equal(detectOutlier(100, history, { seasonal: true, periodStart: '2024-12-01' }).basis, 'OVERALL');
  });
});

describe('detectOutlier input checks', () => {
  test('rejects inconsistent input', () => {
    assert.throws(() => detectOutlier(Number.NaN, steady), RangeError);
    assert.throws(() => detectOutlier(1, steady, { min: 5, max: 1 }), RangeError);
    assert.throws(() => detectOutlier(1, steady, { threshold: 0 }), RangeError);
    assert.throws(() => detectOutlier(1, steady, { minHistory: 0 }), RangeError);
    assert.throws(() => detectOutlier(1, steady, { periodStart: '2023-1-1' }), RangeError);
  });
});
