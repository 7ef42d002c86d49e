import { test } from 'node:test';
import assert from 'node:assert/strict';
import { comparisonPeriods, splitPeriods, valuesByPeriod } from './form-context.ts';

test('the previous period and the same period last year, per period type', () => {
  assert.deepEqual(comparisonPeriods('202302'), { previous: '202301', lastYear: '202202' });
  assert.deepEqual(comparisonPeriods('202301'), { previous: '202212', lastYear: '202201' });
  assert.deepEqual(comparisonPeriods('2023Q1'), { previous: '2022Q4', lastYear: '2022Q1' });
  // A yearly period's previous period is last year: shown once.
  assert.deepEqual(comparisonPeriods('2023'), { previous: '2022', lastYear: null });
  // 2020 had week 53, 2019 did not.
  assert.equal(comparisonPeriods('2020W53').lastYear, null);
});

test('exported values are keyed as the form keys its fields', () => {
  const m = valuesByPeriod([
    { dataElement: 'TB', period: '202301', categoryOptionCombo: 'default', value: '12' },
    { dataElement: 'ND', period: '202301', categoryOptionCombo: 'FACEBOOK', value: '3' },
    { dataElement: 'TB', period: '202202', categoryOptionCombo: 'default', value: '9' },
  ]);
  assert.equal(m.get('202301')?.get('TB'), '12');
  assert.equal(m.get('202301')?.get('ND.FACEBOOK'), '3');
  assert.equal(m.get('202202')?.get('TB'), '9');
});

test('the latest six periods come first; 25 years of older ones wait behind "more"', () => {
  const periods = [{ id: 'open', isLocked: false }, ...Array.from({ length: 25 }, (_, i) => ({ id: String(2022 - i), isLocked: true }))];
  const { recent, older } = splitPeriods(periods);
  assert.deepEqual(
    recent.map((p) => p.id),
    ['open', '2022', '2021', '2020', '2019', '2018'],
  );
  assert.equal(older.length, 20);
  assert.equal(older[0].id, '2017');
  assert.deepEqual(splitPeriods(periods.slice(0, 3)), { recent: periods.slice(0, 3), older: [] });
});
