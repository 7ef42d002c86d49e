import { test } from 'node:test';
import assert from 'node:assert/strict';
import { trendPeriods, trimFutureGaps } from './trend-periods.ts';

test('recent data: two years of months ending this month', () => {
  const p = trendPeriods('auto', '202610', '2026-11-23');
  assert.equal(p.length, 24);
  assert.equal(p[0], '202501');
  assert.equal(p.at(-1), '202612');
});

test('history that stopped long ago ends at its latest month', () => {
  const p = trendPeriods('auto', '202312', '2026-11-23');
  assert.equal(p[0], '202201');
  assert.equal(p.at(-1), '202312');
});

test('yearly values give seven years; fixed ranges use relative periods', () => {
  assert.deepEqual(trendPeriods('auto', '2025', '2026-11-23'), ['2020', '2021', '2022', '2023', '2024', '2025', '2026']);
  assert.deepEqual(trendPeriods('auto', '2019', '2026-11-23'), ['2013', '2014', '2015', '2016', '2017', '2018', '2019']);
  assert.deepEqual(trendPeriods('recent', '2019', '2026-11-23'), ['LAST_12_MONTHS', 'THIS_MONTH']);
  assert.deepEqual(trendPeriods('auto', null, '2026-11-23'), ['LAST_12_MONTHS', 'THIS_MONTH']);
});

test('empty periods after today are dropped, gaps before it are kept', () => {
  const points = [
    { period: '202610', value: null },
    { period: '202611', value: null },
    { period: '202612', value: null },
  ];
  assert.deepEqual(
    trimFutureGaps(points, '2026-11-23').map((p) => p.period),
    ['202610', '202611'],
  );
  assert.deepEqual(
    trimFutureGaps([{ period: '202612', value: 5 }], '2026-11-23').map((p) => p.period),
    ['202612'],
  );
});
