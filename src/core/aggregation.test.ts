import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { aggregateValues, computeIndicator, createAggregatedResolver, explainIndicator, type AggregationInput, type AggregationType } from './aggregation.ts';
import { ExpressionError, type Reference } from './expression.ts';
import { AGGREGATION_TYPES, DATA_ELEMENT_AGGREGATION_TYPES, aggregationLabel, toAggregationType } from './aggregation-types.ts';

const row = (orgUnit: string, periodStart: string, value: number): AggregationInput => ({ orgUnit, periodStart, value });

// Unit A: 10 in January, 20 in March; unit B: 30 in February (the example of the doc comment).
const example: AggregationInput[] = [row('A', '2023-03-01', 20), row('B', '2023-02-01', 30), row('A', '2023-01-01', 10)];

function resolveFrom(values: Record<string, number | null>): (ref: Reference) => number | null {
  return (ref) => {
    const key = ref.option === undefined ? ref.code : `${ref.code}.${ref.option}`;
    return key in values ? values[key] : null;
  };
}

describe('aggregateValues', () => {
  test('the example of docs/aggregation.md (2024Q1, Hà Nội without March)', () => {
    const rows = [row('HN', '2024-01-01', 100), row('HN', '2024-02-01', 120), row('DN', '2024-01-01', 40), row('DN', '2024-02-01', 50), row('DN', '2024-03-01', 60)];
    const expected: Record<AggregationType, number> = { SUM: 370, AVERAGE: 80, AVERAGE_SUM_ORG_UNIT: 160, LAST: 180, MIN: 40, MAX: 120, COUNT: 5 };
    for (const type of AGGREGATION_TYPES) assert.equal(aggregateValues(rows, type), expected[type], type);
  });

  test('every type a data element may declare has its words in both languages', () => {
    for (const type of DATA_ELEMENT_AGGREGATION_TYPES) {
      for (const form of ['label', 'short'] as const) {
        assert.ok(aggregationLabel(type, 'vi', form).trim() && aggregationLabel(type, 'en', form).trim(), type);
      }
    }
    assert.equal(aggregationLabel('LAST', 'vi'), 'Số cuối kỳ (LAST)');
    assert.equal(aggregationLabel('AVERAGE_SUM_ORG_UNIT', 'en', 'short'), 'Average over time, summed over units');
    assert.equal(aggregationLabel('UNKNOWN', 'vi'), 'UNKNOWN');
    assert.equal(toAggregationType('NONE'), 'SUM');
    assert.equal(toAggregationType('MAX'), 'MAX');
  });

  test('the worked example of every type', () => {
    const expected: Record<AggregationType, number> = {
      SUM: 60,
      AVERAGE: 22.5,
      AVERAGE_SUM_ORG_UNIT: 45,
      LAST: 50,
      MIN: 10,
      MAX: 30,
      COUNT: 3,
    };
    for (const [type, value] of Object.entries(expected)) {
      assert.equal(aggregateValues(example, type as AggregationType), value, type);
    }
  });

  test('empty input is missing (null), not zero, for every type', () => {
    for (const type of ['SUM', 'AVERAGE', 'AVERAGE_SUM_ORG_UNIT', 'LAST', 'MIN', 'MAX', 'COUNT'] as const) {
      assert.equal(aggregateValues([], type), null, type);
    }
  });

  test('LAST takes each unit at its own latest period, then adds the units', () => {
    // Subscribers (a stock): unit A reported up to June, unit B only up to April.
    const values = [row('A', '2023-04-01', 1000), row('A', '2023-06-01', 1300), row('A', '2023-05-01', 1200), row('B', '2023-03-01', 400), row('B', '2023-04-01', 450)];
    assert.equal(aggregateValues(values, 'LAST'), 1300 + 450);
    // Taking the latest period overall (June) would have dropped unit B: 1300 ≠ 1750.
    assert.notEqual(aggregateValues(values, 'LAST'), 1300);
  });

  test('LAST compares dates, not input order, across years', () => {
    const values = [row('A', '2024-01-01', 7), row('A', '2023-12-01', 9)];
    assert.equal(aggregateValues(values, 'LAST'), 7);
  });

  test('AVERAGE and AVERAGE_SUM_ORG_UNIT differ on the same input', () => {
    // Staff (a headcount) in two units over three months.
    const values = [
      row('A', '2023-01-01', 100),
      row('A', '2023-02-01', 110),
      row('A', '2023-03-01', 120), // A averages 110
      row('B', '2023-01-01', 40),
      row('B', '2023-02-01', 50), // B averages 45
    ];
    assert.equal(aggregateValues(values, 'AVERAGE_SUM_ORG_UNIT'), 110 + 45); // 155 people in the two units
    assert.equal(aggregateValues(values, 'AVERAGE'), (110 + 45) / 2); // 77.5, a typical unit
    // A plain mean of the five values would weigh A more because it reported more often.
    assert.notEqual(aggregateValues(values, 'AVERAGE'), (100 + 110 + 120 + 40 + 50) / 5);
  });

  test('rows of the same unit and period are parts of one value', () => {
    // Disaggregated by sex: January A = 30 + 20 = 50, February A = 70.
    const values = [row('A', '2023-01-01', 30), row('A', '2023-01-01', 20), row('A', '2023-02-01', 70)];
    assert.equal(aggregateValues(values, 'SUM'), 120);
    assert.equal(aggregateValues(values, 'AVERAGE'), 60);
    assert.equal(aggregateValues(values, 'LAST'), 70);
    assert.equal(aggregateValues(values, 'MIN'), 50);
    assert.equal(aggregateValues(values, 'MAX'), 70);
    assert.equal(aggregateValues(values, 'COUNT'), 3);
  });

  test('handles negative values and a single value', () => {
    const values = [row('A', '2023-01-01', -5), row('B', '2023-01-01', 3)];
    assert.equal(aggregateValues(values, 'MIN'), -5);
    assert.equal(aggregateValues(values, 'MAX'), 3);
    assert.equal(aggregateValues(values, 'SUM'), -2);
    assert.equal(aggregateValues([row('A', '2023-01-01', 4.5)], 'AVERAGE'), 4.5);
  });

  test('ignores values that are not finite numbers', () => {
    const values = [row('A', '2023-01-01', 5), row('A', '2023-02-01', Number.NaN)];
    assert.equal(aggregateValues(values, 'COUNT'), 1);
    assert.equal(aggregateValues(values, 'LAST'), 5);
    assert.equal(aggregateValues([row('A', '2023-01-01', Number.NaN)], 'SUM'), null);
  });

  test('adds decimals without drift', () => {
    const values = Array.from({ length: 10 }, (_, i) => row(`U${i}`, '2023-01-01', 0.1));
    assert.notEqual(
      values.reduce((sum, r) => sum + r.value, 0),
      1,
    ); // 0.9999999999999999 when added naively
    assert.equal(aggregateValues(values, 'SUM'), 1);
  });

  test('rejects a malformed periodStart, whatever the type', () => {
    for (const type of AGGREGATION_TYPES) assert.throws(() => aggregateValues([row('A', '2023-1-1', 1)], type), RangeError, type);
  });
});

describe('computeIndicator', () => {
  test('value = numerator / denominator × factor', () => {
    const result = computeIndicator({ numerator: '#{A} + #{B}', denominator: '#{C}', factor: 100 }, resolveFrom({ A: 1200, B: 300, C: 3000 }));
    assert.deepEqual(result, { value: 50, numeratorValue: 1500, denominatorValue: 3000 });
  });

  test('a ratio of sums, never an average of ratios', () => {
    // Accounts on Vietnamese platforms / all accounts, in two provinces: 1 of 10 and 90 of 100.
    const rows: Record<string, AggregationInput[]> = {
      VN_ACC: [row('P1', '2023-01-01', 1), row('P2', '2023-01-01', 90)],
      ALL_ACC: [row('P1', '2023-01-01', 10), row('P2', '2023-01-01', 100)],
    };
    const resolve = createAggregatedResolver(
      (ref) => rows[ref.code] ?? [],
      () => 'SUM',
    );
    const result = computeIndicator({ numerator: '#{VN_ACC}', denominator: '#{ALL_ACC}', factor: 100 }, resolve);
    assert.equal(result.numeratorValue, 91);
    assert.equal(result.denominatorValue, 110);
    assert.equal(result.value, (91 * 100) / 110); // 82.727…
    const averageOfRatios = (10 + 90) / 2;
    assert.notEqual(result.value, averageOfRatios);
  });

  test('each side uses its element’s own aggregation type', () => {
    // Households with broadband (a stock, LAST) per 100 households (a stock, LAST) over a quarter.
    const rows: Record<string, AggregationInput[]> = {
      BB: [row('P1', '2023-01-01', 50), row('P1', '2023-03-01', 60), row('P2', '2023-02-01', 30)],
      HH: [row('P1', '2023-01-01', 100), row('P1', '2023-03-01', 100), row('P2', '2023-02-01', 50)],
    };
    const resolve = createAggregatedResolver(
      (ref) => rows[ref.code],
      () => 'LAST',
    );
    const result = computeIndicator({ numerator: '#{BB}', denominator: '#{HH}', factor: 100 }, resolve);
    assert.deepEqual(result, { value: 60, numeratorValue: 90, denominatorValue: 150 });
  });

  test('the aggregated resolver fetches each reference once', () => {
    let fetches = 0;
    const resolve = createAggregatedResolver(
      () => {
        fetches++;
        return [row('A', '2023-01-01', 4)];
      },
      () => 'SUM',
    );
    const result = computeIndicator({ numerator: '#{A} * #{A}', denominator: '#{A}', factor: 1 }, resolve);
    assert.equal(result.value, 4);
    assert.equal(fetches, 1);
  });

  test('null when the denominator is zero, never Infinity', () => {
    const result = computeIndicator({ numerator: '#{A}', denominator: '#{B}', factor: 100 }, resolveFrom({ A: 5, B: 0 }));
    assert.deepEqual(result, { value: null, numeratorValue: 5, denominatorValue: 0 });
  });

  test('null when either side is missing', () => {
    assert.equal(computeIndicator({ numerator: '#{A}', denominator: '#{B}', factor: 1 }, resolveFrom({ B: 2 })).value, null);
    assert.equal(computeIndicator({ numerator: '#{A}', denominator: '#{B}', factor: 1 }, resolveFrom({ A: 2 })).value, null);
    const noData = createAggregatedResolver(
      () => [],
      () => 'SUM',
    );
    assert.deepEqual(computeIndicator({ numerator: '#{A}', denominator: '1', factor: 1 }, noData), {
      value: null,
      numeratorValue: null,
      denominatorValue: 1,
    });
  });

  test('a zero numerator is a value, not missing', () => {
    assert.equal(computeIndicator({ numerator: '#{A}', denominator: '#{B}', factor: 100 }, resolveFrom({ A: 0, B: 8 })).value, 0);
  });

  test('applies the factor before dividing to keep round results round', () => {
    assert.equal(computeIndicator({ numerator: '7', denominator: '100', factor: 100 }, () => null).value, 7);
  });

  test('rejects a formula that does not parse and a non-finite factor', () => {
    assert.throws(() => computeIndicator({ numerator: '#{A} +', denominator: '1', factor: 1 }, () => 1), ExpressionError);
    assert.throws(() => computeIndicator({ numerator: '1', denominator: '1', factor: Number.NaN }, () => 1), RangeError);
  });
});

describe('explainIndicator', () => {
  test('shows the formula, the values used and the arithmetic', () => {
    const explanation = explainIndicator({ numerator: '#{A} + #{B}', denominator: '#{C}', factor: 100 }, resolveFrom({ A: 1200, B: 300, C: 3000 }));
    assert.equal(explanation.arithmetic, '(1200 + 300) / 3000 × 100 = 50');
    assert.equal(explanation.formula, '(#{A} + #{B}) / #{C} × 100');
    assert.deepEqual(explanation.references, [
      { code: 'A', value: 1200 },
      { code: 'B', value: 300 },
      { code: 'C', value: 3000 },
    ]);
    assert.equal(explanation.nullReason, null);
  });

  test('marks missing values and says why there is no result', () => {
    const missing = explainIndicator({ numerator: '#{A} + #{B.X}', denominator: '#{C}', factor: 100 }, resolveFrom({ A: 1200, C: 3000 }));
    assert.equal(missing.arithmetic, '(1200 + —) / 3000 × 100 = —');
    assert.equal(missing.nullReason, 'NUMERATOR_MISSING');
    assert.deepEqual(missing.references[1], { code: 'B', option: 'X', value: null });

    const zero = explainIndicator({ numerator: '#{A}', denominator: '#{C}', factor: 100 }, resolveFrom({ A: 1, C: 0 }));
    assert.equal(zero.arithmetic, '1 / 0 × 100 = —');
    assert.equal(zero.nullReason, 'DENOMINATOR_ZERO');

    const noDenominator = explainIndicator({ numerator: '#{A}', denominator: '#{C}', factor: 1 }, resolveFrom({ A: 1 }));
    assert.equal(noDenominator.nullReason, 'DENOMINATOR_MISSING');
    assert.equal(noDenominator.arithmetic, '1 / — = —');
  });

  test('brackets compound denominators and negative values, omits / 1 and × 1', () => {
    const e1 = explainIndicator({ numerator: '#{A}', denominator: '#{B} - #{C}', factor: 1 }, resolveFrom({ A: 10, B: 7, C: -3 }));
    assert.equal(e1.arithmetic, '10 / (7 − (−3)) = 1');
    const e2 = explainIndicator({ numerator: '#{A} + #{B}', denominator: '1', factor: 1000 }, resolveFrom({ A: 1, B: 2 }));
    assert.equal(e2.arithmetic, '(1 + 2) × 1000 = 3000');
    const e3 = explainIndicator({ numerator: '#{A}', denominator: '#{B}', factor: 100 }, resolveFrom({ A: 1, B: 3 }));
    assert.equal(e3.arithmetic, '1 / 3 × 100 = 33.3333333333');
    assert.equal(e3.value, 100 / 3);
  });
});
