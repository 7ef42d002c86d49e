// Cases from DHIS2's documentation of period formats (Web API, "Date and period format"): each identifier
// with the days it covers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseDhis2Period } from './dhis2-periods.ts';
import { parsePeriod } from './periods.ts';

const cases: [string, string, string, string][] = [
  ['20040315', 'Daily', '2004-03-15', '2004-03-15'],
  ['2004W10', 'Weekly', '2004-03-01', '2004-03-07'],
  ['2020W53', 'Weekly', '2020-12-28', '2021-01-03'],
  ['2004WedW10', 'WeeklyWednesday', '2004-03-03', '2004-03-09'],
  ['2004ThuW10', 'WeeklyThursday', '2004-03-04', '2004-03-10'],
  ['2004SatW10', 'WeeklySaturday', '2004-03-06', '2004-03-12'],
  ['2004SunW10', 'WeeklySunday', '2004-03-07', '2004-03-13'],
  ['2004BiW1', 'BiWeekly', '2003-12-29', '2004-01-11'],
  ['200403', 'Monthly', '2004-03-01', '2004-03-31'],
  ['200401B', 'BiMonthly', '2004-01-01', '2004-02-29'],
  ['201206B', 'BiMonthly', '2012-11-01', '2012-12-31'],
  ['2004Q1', 'Quarterly', '2004-01-01', '2004-03-31'],
  ['2004S2', 'SixMonthly', '2004-07-01', '2004-12-31'],
  ['2004AprilS1', 'SixMonthlyApril', '2004-04-01', '2004-09-30'],
  ['2004AprilS2', 'SixMonthlyApril', '2004-10-01', '2005-03-31'],
  ['2004NovS1', 'SixMonthlyNov', '2003-11-01', '2004-04-30'],
  ['2004NovS2', 'SixMonthlyNov', '2004-05-01', '2004-10-31'],
  ['2004', 'Yearly', '2004-01-01', '2004-12-31'],
  ['2004April', 'FinancialApril', '2004-04-01', '2005-03-31'],
  ['2004July', 'FinancialJuly', '2004-07-01', '2005-06-30'],
  ['2004Oct', 'FinancialOct', '2004-10-01', '2005-09-30'],
  ['2004Nov', 'FinancialNov', '2004-11-01', '2005-10-31'],
];

test('every DHIS2 period type is recognised with its first and last day', () => {
  for (const [id, type, start, end] of cases) {
    assert.deepEqual(parseDhis2Period(id), { id, type, startDate: start, endDate: end }, id);
  }
});

test('the types the product reports in agree with its own periods', () => {
  for (const [id, type] of cases) {
    if (!['Daily', 'Weekly', 'Monthly', 'Quarterly', 'SixMonthly', 'Yearly'].includes(type)) continue;
    const own = parsePeriod(id);
    const theirs = parseDhis2Period(id)!;
    assert.deepEqual([own.startDate, own.endDate], [theirs.startDate, theirs.endDate], id);
  }
});

test('what is no period is refused', () => {
  for (const id of ['2004W54', '200413', '200407B', '2004Q5', '2004S3', '2004MayS1', '2004Aug', '20040230', '2004BiW28', 'abc', '2004WedW0', '']) {
    assert.equal(parseDhis2Period(id), null, id);
  }
});
