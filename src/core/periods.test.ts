import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  comparePeriods,
  currentPeriod,
  dueDate,
  formatDate,
  formatPeriod,
  isRelativePeriod,
  isValidPeriod,
  listOpenPeriods,
  lockDate,
  nextPeriod,
  parsePeriod,
  PeriodError,
  periodForDate,
  periodOf,
  periodsBetween,
  periodsWithin,
  previousPeriod,
  reportingWindow,
  resolveRelativePeriod,
  RELATIVE_PERIODS,
  periodSpan,
  formatAnyPeriod,
  tryParsePeriod,
  weeksInYear,
  type CutoffRule,
  type PeriodErrorCode,
  type PeriodType,
  vietnamDate,
} from './periods.ts';

/** Asserts that fn throws a PeriodError with the code, and returns it for further checks. */
function expectPeriodError(fn: () => unknown, code: PeriodErrorCode): PeriodError {
  try {
    fn();
  } catch (error) {
    assert.ok(error instanceof PeriodError, `expected PeriodError, got ${String(error)}`);
    assert.equal(error.code, code);
    assert.equal(error.status, 400);
    assert.equal(error.message, error.messageEn);
    return error;
  }
  assert.fail(`expected a PeriodError ${code}`);
}

const span = (id: string, rule: CutoffRule = 'CALENDAR'): string => {
  const w = rule === 'CALENDAR' ? parsePeriod(id) : reportingWindow(id, rule);
  return `${w.startDate}..${w.endDate}`;
};

describe('parsePeriod: every type', () => {
  const cases: Array<[string, PeriodType, number, string, string]> = [
    ['20230115', 'DAILY', 2023, '2023-01-15', '2023-01-15'],
    ['2023W1', 'WEEKLY', 2023, '2023-01-02', '2023-01-08'],
    ['202301', 'MONTHLY', 2023, '2023-01-01', '2023-01-31'],
    ['202312', 'MONTHLY', 2023, '2023-12-01', '2023-12-31'],
    ['2023Q1', 'QUARTERLY', 2023, '2023-01-01', '2023-03-31'],
    ['2023Q4', 'QUARTERLY', 2023, '2023-10-01', '2023-12-31'],
    ['2023S1', 'SIXMONTHLY', 2023, '2023-01-01', '2023-06-30'],
    ['2023S2', 'SIXMONTHLY', 2023, '2023-07-01', '2023-12-31'],
    ['2023N9', 'NINEMONTHLY', 2023, '2023-01-01', '2023-09-30'],
    ['2023', 'YEARLY', 2023, '2023-01-01', '2023-12-31'],
  ];
  for (const [id, type, year, startDate, endDate] of cases) {
    test(id, () => {
      assert.deepEqual(parsePeriod(id), { id, type, year, startDate, endDate });
      assert.deepEqual(tryParsePeriod(id), { id, type, year, startDate, endDate });
      assert.equal(isValidPeriod(id), true);
    });
  }
});

describe('calendar boundaries', () => {
  test('leap days', () => {
    assert.equal(span('20240229'), '2024-02-29..2024-02-29');
    assert.equal(span('202402'), '2024-02-01..2024-02-29');
    assert.equal(span('202302'), '2023-02-01..2023-02-28');
    assert.equal(isValidPeriod('20000229'), true);
    assert.equal(isValidPeriod('20230229'), false);
    assert.equal(isValidPeriod('19000229'), false, '1900 is not a leap year');
    assert.equal(nextPeriod('20240228'), '20240229');
    assert.equal(nextPeriod('20230228'), '20230301');
  });

  test('ISO weeks across year ends', () => {
    assert.deepEqual(parsePeriod('2020W53'), { id: '2020W53', type: 'WEEKLY', year: 2020, startDate: '2020-12-28', endDate: '2021-01-03' });
    assert.equal(span('2021W1'), '2021-01-04..2021-01-10');
    assert.equal(span('2023W52'), '2023-12-25..2023-12-31');
    assert.equal(span('2025W1'), '2024-12-30..2025-01-05');
    assert.equal(span('2015W53'), '2015-12-28..2016-01-03');
    assert.deepEqual([2015, 2020, 2021, 2023, 2024, 2026].map(weeksInYear), [53, 53, 52, 52, 52, 53]);
    assert.equal(nextPeriod('2020W53'), '2021W1');
    assert.equal(nextPeriod('2023W52'), '2024W1');
    assert.equal(previousPeriod('2021W1'), '2020W53');
    assert.equal(periodOf('WEEKLY', '2021-01-01').id, '2020W53');
    assert.equal(periodOf('WEEKLY', '2021-01-03').id, '2020W53');
    assert.equal(periodOf('WEEKLY', '2021-01-04').id, '2021W1');
    assert.equal(periodOf('WEEKLY', '2024-12-31').id, '2025W1');
    assert.equal(periodOf('WEEKLY', '2023-01-01').id, '2022W52', 'a Sunday belongs to the week before');
  });

  test('periodOf for every type', () => {
    const date = '2023-08-15';
    const ids = (['DAILY', 'WEEKLY', 'MONTHLY', 'QUARTERLY', 'SIXMONTHLY', 'NINEMONTHLY', 'YEARLY'] as const).map((t) => periodOf(t, date).id);
    assert.deepEqual(ids, ['20230815', '2023W33', '202308', '2023Q3', '2023S2', '2023N9', '2023']);
    assert.equal(periodOf('QUARTERLY', '2023-03-31').id, '2023Q1');
    assert.equal(periodOf('QUARTERLY', '2023-04-01').id, '2023Q2');
    assert.equal(periodOf('NINEMONTHLY', '2023-09-30').id, '2023N9');
    const gap = expectPeriodError(() => periodOf('NINEMONTHLY', '2023-10-01'), 'NO_PERIOD_FOR_DATE');
    assert.equal(gap.period, '2023-10-01');
    assert.match(gap.messageVi, /01\/10\/2023 không thuộc kỳ 9 tháng nào/);
  });
});

describe('invalid ids', () => {
  const cases: Array<[string, RegExp, RegExp]> = [
    ['202313', /tháng 13 không tồn tại/, /month 13 does not exist/],
    ['202300', /tháng 0 không tồn tại/, /month 0/],
    ['2023Q5', /quý 5 không tồn tại/, /quarter 5 does not exist/],
    ['2023Q0', /quý 0/, /quarter 0/],
    ['2023W53', /năm 2023 có các tuần từ 1 đến 52/, /2023 has ISO 8601 weeks 1 to 52/],
    ['2023W54', /từ 1 đến 52/, /1 to 52/],
    ['2020W54', /từ 1 đến 53/, /1 to 53/],
    ['2023W0', /tuần/, /weeks/],
    ['20230230', /ngày 30\/02\/2023 không có trên lịch/, /2023-02-30 is not a calendar date/],
    ['20231301', /không có trên lịch/, /not a calendar date/],
    ['20230100', /không có trên lịch/, /not a calendar date/],
    ['2023S3', /S1 \(6 tháng đầu năm\) và S2/, /S1 \(January–June\) and S2/],
    ['2023N6', /N9/, /N9/],
    ['abc', /không đúng định dạng nào/, /not a recognised format/],
    ['', /trống/, /empty/],
    ['2023-01', /định dạng/, /format/],
    ['2023W01', /hãy viết "2023W1"/, /write it as "2023W1"/],
    ['2023Q01', /"2023Q1"/, /"2023Q1"/],
    ['2023q1', /có phải là "2023Q1"\?/, /did you mean "2023Q1"\?/],
    [' 2023 ', /có phải là "2023"\?/, /did you mean "2023"\?/],
    ['1899', /năm 1899 nằm ngoài khoảng được hỗ trợ/, /year 1899 is outside the supported range/],
    ['3000Q1', /năm 3000/, /year 3000/],
  ];
  for (const [id, vi, en] of cases) {
    test(JSON.stringify(id), () => {
      const error = expectPeriodError(() => parsePeriod(id), 'INVALID_PERIOD');
      assert.equal(error.period, id);
      assert.ok(error.messageVi.startsWith(`Kỳ báo cáo "${id}" không hợp lệ: `), error.messageVi);
      assert.ok(error.messageEn.startsWith(`Invalid period "${id}": `), error.messageEn);
      assert.match(error.messageVi, vi);
      assert.match(error.messageEn, en);
      assert.equal(tryParsePeriod(id), null);
      assert.equal(isValidPeriod(id), false);
    });
  }

  test('a value that is not a string is rejected, not crashed on', () => {
    expectPeriodError(() => parsePeriod(undefined as unknown as string), 'INVALID_PERIOD');
    assert.equal(isValidPeriod(202301 as unknown as string), false);
  });
});

describe('navigation', () => {
  test('nextPeriod and previousPeriod for every type, across years', () => {
    assert.equal(nextPeriod('20231231'), '20240101');
    assert.equal(nextPeriod('202312'), '202401');
    assert.equal(nextPeriod('202301', 12), '202401');
    assert.equal(nextPeriod('2023Q4'), '2024Q1');
    assert.equal(nextPeriod('2023S2'), '2024S1');
    assert.equal(nextPeriod('2023N9'), '2024N9');
    assert.equal(nextPeriod('2023', 3), '2026');
    assert.equal(nextPeriod('202305', 0), '202305');
    assert.equal(nextPeriod('202305', -5), '202212');
    assert.equal(previousPeriod('202401'), '202312');
    assert.equal(previousPeriod('2024Q1', 5), '2022Q4');
    assert.equal(previousPeriod('2024S1'), '2023S2');
    assert.equal(previousPeriod('20240301'), '20240229');
    assert.equal(previousPeriod('2023W1', 52), '2022W1');
    assert.equal(previousPeriod('2023W1', 53), '2021W52');
  });

  test('rejects a fractional shift and stepping out of the supported years', () => {
    expectPeriodError(() => nextPeriod('202301', 1.5), 'INVALID_ARGUMENT');
    expectPeriodError(() => previousPeriod('202301', Number.NaN), 'INVALID_ARGUMENT');
    expectPeriodError(() => nextPeriod('2999'), 'INVALID_PERIOD');
    expectPeriodError(() => previousPeriod('190001'), 'INVALID_PERIOD');
  });

  test('periodsBetween keeps only periods fully inside the range', () => {
    assert.deepEqual(periodsBetween('MONTHLY', '2023-01-15', '2023-05-31'), ['202302', '202303', '202304', '202305']);
    assert.deepEqual(periodsBetween('MONTHLY', '2023-01-01', '2023-05-30'), ['202301', '202302', '202303', '202304']);
    assert.deepEqual(periodsBetween('QUARTERLY', '2022-11-01', '2023-12-31'), ['2023Q1', '2023Q2', '2023Q3', '2023Q4']);
    assert.deepEqual(periodsBetween('WEEKLY', '2020-12-28', '2021-01-17'), ['2020W53', '2021W1', '2021W2']);
    assert.deepEqual(periodsBetween('DAILY', '2024-02-28', '2024-03-01'), ['20240228', '20240229', '20240301']);
    assert.deepEqual(periodsBetween('NINEMONTHLY', '2022-10-01', '2024-09-29'), ['2023N9']);
    assert.deepEqual(periodsBetween('YEARLY', '2023-01-02', '2023-12-31'), []);
    assert.deepEqual(periodsBetween('MONTHLY', '2023-05-01', '2023-04-01'), [], 'a reversed range is empty');
    expectPeriodError(() => periodsBetween('MONTHLY', '2023-02-30', '2023-04-01'), 'INVALID_DATE');
    expectPeriodError(() => periodsBetween('FORTNIGHTLY' as PeriodType, '2023-01-01', '2023-04-01'), 'INVALID_ARGUMENT');
  });

  test('periodsWithin expands a period into finer ones', () => {
    assert.deepEqual(periodsWithin('2023Q1', 'MONTHLY'), ['202301', '202302', '202303']);
    assert.deepEqual(periodsWithin('2023', 'MONTHLY'), ['202301', '202302', '202303', '202304', '202305', '202306', '202307', '202308', '202309', '202310', '202311', '202312']);
    assert.deepEqual(periodsWithin('2023', 'QUARTERLY'), ['2023Q1', '2023Q2', '2023Q3', '2023Q4']);
    assert.deepEqual(periodsWithin('2023N9', 'QUARTERLY'), ['2023Q1', '2023Q2', '2023Q3']);
    assert.deepEqual(periodsWithin('2023', 'NINEMONTHLY'), ['2023N9']);
    assert.deepEqual(periodsWithin('2023S2', 'SIXMONTHLY'), ['2023S2']);
    assert.deepEqual(periodsWithin('202402', 'WEEKLY'), ['2024W6', '2024W7', '2024W8'], 'weeks straddling the month ends are left out');
    assert.equal(periodsWithin('2024', 'DAILY').length, 366);
    assert.equal(periodsWithin('2023', 'WEEKLY').length, 52);
    assert.deepEqual(periodsWithin('202301', 'QUARTERLY'), [], 'a coarser type has nothing inside');
  });

  test('comparePeriods orders by start, then shorter first', () => {
    const ids = ['2023', '202302', '2023Q1', '2022W52', '202301', '20230101', '2023S1', '2023N9', '2023W1', '2022'];
    assert.deepEqual([...ids].sort(comparePeriods), ['2022', '2022W52', '20230101', '202301', '2023Q1', '2023S1', '2023N9', '2023', '2023W1', '202302']);
    assert.equal(comparePeriods('202301', '202301'), 0);
    assert.ok(comparePeriods('202312', '202401') < 0);
    expectPeriodError(() => comparePeriods('202301', '2023Q9'), 'INVALID_PERIOD');
  });
});

describe('Decree 09 cut-off windows', () => {
  test('calendar rule is the calendar period', () => {
    assert.deepEqual(reportingWindow('202301', 'CALENDAR'), { startDate: '2023-01-01', endDate: '2023-01-31' });
    assert.deepEqual(reportingWindow('2023', 'CALENDAR'), { startDate: '2023-01-01', endDate: '2023-12-31' });
  });

  test('every month-based type, including windows that start in the previous year', () => {
    assert.equal(span('202301', 'DECREE_09'), '2022-12-15..2023-01-14');
    assert.equal(span('202303', 'DECREE_09'), '2023-02-15..2023-03-14');
    assert.equal(span('202312', 'DECREE_09'), '2023-11-15..2023-12-14');
    assert.equal(span('2023Q1', 'DECREE_09'), '2022-12-15..2023-03-14');
    assert.equal(span('2023Q2', 'DECREE_09'), '2023-03-15..2023-06-14');
    assert.equal(span('2023Q3', 'DECREE_09'), '2023-06-15..2023-09-14');
    assert.equal(span('2023Q4', 'DECREE_09'), '2023-09-15..2023-12-14');
    assert.equal(span('2023S1', 'DECREE_09'), '2022-12-15..2023-06-14');
    assert.equal(span('2023S2', 'DECREE_09'), '2023-06-15..2023-12-14');
    assert.equal(span('2023N9', 'DECREE_09'), '2022-12-15..2023-09-14');
    assert.equal(span('2023', 'DECREE_09'), '2022-12-15..2023-12-14');
  });

  test('weekly and daily keep the calendar under Decree 09', () => {
    assert.equal(span('2023W1', 'DECREE_09'), '2023-01-02..2023-01-08');
    assert.equal(span('20230115', 'DECREE_09'), '2023-01-15..2023-01-15');
  });

  test('consecutive Decree 09 months tile the year without gaps or overlaps', () => {
    let id = '202301';
    for (let i = 0; i < 24; i += 1) {
      const next = nextPeriod(id);
      // The day after one window closes is the day the next one opens.
      assert.equal(dueDate(id, 'DECREE_09', 1), reportingWindow(next, 'DECREE_09').startDate, `${id} → ${next}`);
      id = next;
    }
  });

  test('rejects an unknown rule', () => {
    expectPeriodError(() => reportingWindow('202301', 'FISCAL' as CutoffRule), 'INVALID_ARGUMENT');
  });
});

describe('due and lock dates', () => {
  test('due date is the window end plus the deadline', () => {
    assert.equal(dueDate('202301', 'DECREE_09', 2), '2023-01-16');
    assert.equal(dueDate('202301', 'CALENDAR', 2), '2023-02-02');
    assert.equal(dueDate('202312', 'CALENDAR', 10), '2024-01-10');
    assert.equal(dueDate('202402', 'CALENDAR', 0), '2024-02-29');
    assert.equal(dueDate('2023', 'DECREE_09', 20), '2024-01-03');
    assert.equal(dueDate('2023W52', 'DECREE_09', 3), '2024-01-03');
  });

  test('lock date is the due date plus the lock delay, or null', () => {
    assert.equal(lockDate('202301', 'DECREE_09', 2, 30), '2023-02-15');
    assert.equal(lockDate('2023Q4', 'CALENDAR', 15, 0), '2024-01-15');
    assert.equal(lockDate('202301', 'DECREE_09', 2, null), null);
  });

  test('rejects negative, fractional or absurd day counts', () => {
    expectPeriodError(() => dueDate('202301', 'DECREE_09', -1), 'INVALID_ARGUMENT');
    expectPeriodError(() => dueDate('202301', 'DECREE_09', 2.5), 'INVALID_ARGUMENT');
    expectPeriodError(() => dueDate('202301', 'DECREE_09', 100_000), 'INVALID_ARGUMENT');
    expectPeriodError(() => lockDate('202301', 'DECREE_09', 2, -3), 'INVALID_ARGUMENT');
    expectPeriodError(() => lockDate('2023Q5', 'DECREE_09', 2, null), 'INVALID_PERIOD');
  });
});

describe('periodForDate', () => {
  test('Decree 09 edges: the 14th closes a window, the 15th opens the next', () => {
    assert.equal(periodForDate('MONTHLY', 'DECREE_09', '2023-01-14').id, '202301');
    assert.equal(periodForDate('MONTHLY', 'DECREE_09', '2023-01-15').id, '202302');
    assert.equal(periodForDate('MONTHLY', 'DECREE_09', '2023-01-20').id, '202302');
    assert.equal(periodForDate('MONTHLY', 'DECREE_09', '2023-12-14').id, '202312');
    assert.equal(periodForDate('MONTHLY', 'DECREE_09', '2023-12-15').id, '202401');
    assert.equal(periodForDate('QUARTERLY', 'DECREE_09', '2023-03-14').id, '2023Q1');
    assert.equal(periodForDate('QUARTERLY', 'DECREE_09', '2023-03-15').id, '2023Q2');
    assert.equal(periodForDate('SIXMONTHLY', 'DECREE_09', '2023-06-14').id, '2023S1');
    assert.equal(periodForDate('SIXMONTHLY', 'DECREE_09', '2023-06-15').id, '2023S2');
  });

  test('a day in late December belongs to next year under Decree 09', () => {
    for (const [type, id] of [
      ['MONTHLY', '202301'],
      ['QUARTERLY', '2023Q1'],
      ['SIXMONTHLY', '2023S1'],
      ['NINEMONTHLY', '2023N9'],
      ['YEARLY', '2023'],
    ] as const) {
      assert.equal(periodForDate(type, 'DECREE_09', '2022-12-20').id, id);
      assert.equal(periodForDate(type, 'DECREE_09', '2022-12-15').id, id);
    }
    assert.equal(periodForDate('YEARLY', 'DECREE_09', '2022-12-14').id, '2022');
    assert.equal(periodForDate('YEARLY', 'CALENDAR', '2022-12-20').id, '2022');
  });

  test('weekly and daily ignore the 15th', () => {
    assert.equal(periodForDate('WEEKLY', 'DECREE_09', '2023-01-15').id, '2023W2');
    assert.equal(periodForDate('DAILY', 'DECREE_09', '2023-01-15').id, '20230115');
  });

  test('the nine-month gap has no period', () => {
    assert.equal(periodForDate('NINEMONTHLY', 'DECREE_09', '2023-09-14').id, '2023N9');
    const error = expectPeriodError(() => periodForDate('NINEMONTHLY', 'DECREE_09', '2023-09-15'), 'NO_PERIOD_FOR_DATE');
    assert.match(error.messageVi, /Nghị định 09\/2019\/NĐ-CP/);
    expectPeriodError(() => periodForDate('NINEMONTHLY', 'DECREE_09', '2023-12-14'), 'NO_PERIOD_FOR_DATE');
  });

  test('rejects dates that are not real YYYY-MM-DD dates', () => {
    for (const bad of ['2023-02-29', '2023-1-5', '15/01/2023', '2023-01-15T00:00:00Z', '']) {
      const error = expectPeriodError(() => periodForDate('MONTHLY', 'CALENDAR', bad), 'INVALID_DATE');
      assert.equal(error.period, bad);
      assert.match(error.messageVi, /không hợp lệ/);
    }
  });
});

describe('current and open periods', () => {
  test('currentPeriod follows the rule', () => {
    assert.equal(currentPeriod('MONTHLY', 'CALENDAR', '2023-01-20').id, '202301');
    assert.equal(currentPeriod('MONTHLY', 'DECREE_09', '2023-01-20').id, '202302');
    assert.equal(currentPeriod('YEARLY', 'DECREE_09', '2023-12-20').id, '2024');
    assert.equal(currentPeriod('WEEKLY', 'DECREE_09', '2021-01-02').id, '2020W53');
  });

  test('in the nine-month gap the current period is the nine months just ended', () => {
    assert.equal(currentPeriod('NINEMONTHLY', 'CALENDAR', '2023-11-05').id, '2023N9');
    assert.equal(currentPeriod('NINEMONTHLY', 'DECREE_09', '2023-12-14').id, '2023N9');
    assert.equal(currentPeriod('NINEMONTHLY', 'DECREE_09', '2023-12-15').id, '2024N9');
  });

  test('listOpenPeriods lists around the current period, newest last', () => {
    assert.deepEqual(listOpenPeriods('MONTHLY', 'DECREE_09', '2024-01-20', { past: 2, future: 1 }), ['202312', '202401', '202402', '202403']);
    assert.deepEqual(listOpenPeriods('QUARTERLY', 'CALENDAR', '2024-01-10', { past: 1 }), ['2023Q4', '2024Q1']);
    assert.deepEqual(listOpenPeriods('YEARLY', 'CALENDAR', '2024-06-01'), ['2024']);
    assert.deepEqual(listOpenPeriods('WEEKLY', 'CALENDAR', '2021-01-05', { past: 1, future: 1 }), ['2020W53', '2021W1', '2021W2']);
    expectPeriodError(() => listOpenPeriods('MONTHLY', 'CALENDAR', '2024-01-10', { past: -1 }), 'INVALID_ARGUMENT');
  });
});

describe('relative periods', () => {
  const today = '2024-01-10';
  // Independent arithmetic for the long lists: the n days before 2024-01-10 (a Wednesday of ISO week 2).
  const daysBefore = (n: number) => Array.from({ length: n }, (_, i) => new Date(Date.UTC(2024, 0, 10 - n + i)).toISOString().slice(0, 10).replaceAll('-', ''));
  const weeks = (from: [number, number], count: number) => {
    const out: string[] = [];
    let [y, w] = from;
    for (let i = 0; i < count; i += 1) {
      out.push(`${y}W${w}`);
      w += 1;
      if (w > (y === 2020 ? 53 : 52)) [y, w] = [y + 1, 1];
    }
    return out;
  };
  const expected: Record<string, string[]> = {
    TODAY: ['20240110'],
    YESTERDAY: ['20240109'],
    LAST_3_DAYS: ['20240107', '20240108', '20240109'],
    LAST_7_DAYS: ['20240103', '20240104', '20240105', '20240106', '20240107', '20240108', '20240109'],
    LAST_14_DAYS: daysBefore(14),
    LAST_30_DAYS: daysBefore(30),
    LAST_60_DAYS: daysBefore(60),
    LAST_90_DAYS: daysBefore(90),
    LAST_180_DAYS: daysBefore(180),
    THIS_WEEK: ['2024W2'],
    LAST_WEEK: ['2024W1'],
    LAST_4_WEEKS: ['2023W50', '2023W51', '2023W52', '2024W1'],
    LAST_12_WEEKS: weeks([2023, 42], 12),
    LAST_52_WEEKS: weeks([2023, 2], 52),
    MONTHS_THIS_YEAR: ['202401', '202402', '202403', '202404', '202405', '202406', '202407', '202408', '202409', '202410', '202411', '202412'],
    MONTHS_LAST_YEAR: ['202301', '202302', '202303', '202304', '202305', '202306', '202307', '202308', '202309', '202310', '202311', '202312'],
    QUARTERS_THIS_YEAR: ['2024Q1', '2024Q2', '2024Q3', '2024Q4'],
    QUARTERS_LAST_YEAR: ['2023Q1', '2023Q2', '2023Q3', '2023Q4'],
    LAST_10_YEARS: ['2014', '2015', '2016', '2017', '2018', '2019', '2020', '2021', '2022', '2023'],
    LAST_2_SIXMONTHS: ['2023S1', '2023S2'],
    THIS_MONTH: ['202401'],
    LAST_MONTH: ['202312'],
    LAST_3_MONTHS: ['202310', '202311', '202312'],
    LAST_6_MONTHS: ['202307', '202308', '202309', '202310', '202311', '202312'],
    LAST_12_MONTHS: ['202301', '202302', '202303', '202304', '202305', '202306', '202307', '202308', '202309', '202310', '202311', '202312'],
    THIS_QUARTER: ['2024Q1'],
    LAST_QUARTER: ['2023Q4'],
    LAST_4_QUARTERS: ['2023Q1', '2023Q2', '2023Q3', '2023Q4'],
    THIS_YEAR: ['2024'],
    LAST_YEAR: ['2023'],
    LAST_5_YEARS: ['2019', '2020', '2021', '2022', '2023'],
    THIS_SIX_MONTH: ['2024S1'],
    LAST_SIX_MONTH: ['2023S2'],
    // DHIS2 RelativePeriods.java: WEEKS_THIS_YEAR is every week of the year (generatePeriods from 4 January).
    WEEKS_THIS_YEAR: weeks([2024, 1], 52),
    // BiMonthlyPeriodType; LAST_BIMONTH is the bi-month of the day minus 2 months, LAST_6_BIMONTHS the six up to it.
    THIS_BIMONTH: ['202401B'],
    LAST_BIMONTH: ['202306B'],
    LAST_6_BIMONTHS: ['202301B', '202302B', '202303B', '202304B', '202305B', '202306B'],
    BIMONTHS_THIS_YEAR: ['202401B', '202402B', '202403B', '202404B', '202405B', '202406B'],
    // BiWeeklyPeriodType: ISO weeks 2n−1 and 2n; 10/01/2024 is in ISO week 2. LAST_BIWEEK: the day minus 2 weeks.
    THIS_BIWEEK: ['2024BiW1'],
    LAST_BIWEEK: ['2023BiW26'],
    LAST_4_BIWEEKS: ['2023BiW23', '2023BiW24', '2023BiW25', '2023BiW26'],
    // FinancialOctoberPeriodType (DHIS2's default financial year start): October 2023 – September 2024 is 2023Oct.
    THIS_FINANCIAL_YEAR: ['2023Oct'],
    LAST_FINANCIAL_YEAR: ['2022Oct'],
    LAST_5_FINANCIAL_YEARS: ['2018Oct', '2019Oct', '2020Oct', '2021Oct', '2022Oct'],
    LAST_10_FINANCIAL_YEARS: ['2013Oct', '2014Oct', '2015Oct', '2016Oct', '2017Oct', '2018Oct', '2019Oct', '2020Oct', '2021Oct', '2022Oct'],
  };

  test('every keyword is covered', () => {
    assert.deepEqual(Object.keys(expected).sort(), [...RELATIVE_PERIODS].sort());
  });

  for (const [keyword, ids] of Object.entries(expected)) {
    test(`${keyword} on ${today}`, () => {
      assert.equal(isRelativePeriod(keyword), true);
      assert.deepEqual(resolveRelativePeriod(keyword, today), ids);
    });
  }

  test('other days', () => {
    assert.deepEqual(resolveRelativePeriod('LAST_MONTH', '2024-03-31'), ['202402']);
    assert.deepEqual(resolveRelativePeriod('LAST_SIX_MONTH', '2023-08-01'), ['2023S1']);
    assert.deepEqual(resolveRelativePeriod('LAST_3_MONTHS', '2023-02-28'), ['202211', '202212', '202301']);
    assert.deepEqual(resolveRelativePeriod('THIS_QUARTER', '2023-12-31'), ['2023Q4']);
    assert.deepEqual(resolveRelativePeriod('LAST_WEEK', '2021-01-05'), ['2020W53']);
    assert.deepEqual(resolveRelativePeriod('QUARTERS_THIS_YEAR', '2023-12-31'), ['2023Q1', '2023Q2', '2023Q3', '2023Q4']);
    assert.deepEqual(resolveRelativePeriod('LAST_2_SIXMONTHS', '2023-08-01'), ['2022S2', '2023S1']);
    // 2020 has 53 ISO weeks: 2/1/2021 lies in 2020W53, the 27th bi-week of 2020; 5/1/2021 in 2021W1.
    assert.deepEqual(resolveRelativePeriod('THIS_BIWEEK', '2021-01-02'), ['2020BiW27']);
    assert.deepEqual(resolveRelativePeriod('LAST_BIWEEK', '2021-01-02'), ['2020BiW26']);
    assert.deepEqual(resolveRelativePeriod('THIS_BIWEEK', '2021-01-05'), ['2021BiW1']);
    assert.deepEqual(resolveRelativePeriod('LAST_BIWEEK', '2021-01-05'), ['2020BiW27']);
    assert.equal(resolveRelativePeriod('WEEKS_THIS_YEAR', '2020-06-01').length, 53);
    assert.equal(resolveRelativePeriod('WEEKS_THIS_YEAR', '2020-06-01').at(-1), '2020W53');
    // A financial year starts on 1 October: the last day of September still belongs to the one before.
    assert.deepEqual(resolveRelativePeriod('THIS_FINANCIAL_YEAR', '2023-10-01'), ['2023Oct']);
    assert.deepEqual(resolveRelativePeriod('THIS_FINANCIAL_YEAR', '2023-09-30'), ['2022Oct']);
    assert.deepEqual(resolveRelativePeriod('LAST_BIMONTH', '2024-03-01'), ['202401B']);
    assert.deepEqual(resolveRelativePeriod('THIS_BIMONTH', '2024-12-31'), ['202406B']);
  });

  test('periods of other DHIS2 types: their days and labels', () => {
    assert.deepEqual(periodSpan('202401B'), { id: '202401B', startDate: '2024-01-01', endDate: '2024-02-29' });
    assert.deepEqual(periodSpan('2023Oct'), { id: '2023Oct', startDate: '2023-10-01', endDate: '2024-09-30' });
    assert.deepEqual(periodSpan('2024BiW1'), { id: '2024BiW1', startDate: '2024-01-01', endDate: '2024-01-14' });
    assert.deepEqual(periodSpan('2023Q1'), { id: '2023Q1', startDate: '2023-01-01', endDate: '2023-03-31' });
    assert.equal(periodSpan('2023Q5'), null);
    assert.equal(formatAnyPeriod('202401B', 'vi'), 'Tháng 1–2/2024');
    assert.equal(formatAnyPeriod('202401B', 'en'), 'January–February 2024');
    assert.equal(formatAnyPeriod('2024BiW1', 'vi'), 'Tuần 1–2/2024');
    assert.equal(formatAnyPeriod('2024BiW1', 'en'), 'Bi-week 1 2024');
    assert.equal(formatAnyPeriod('2023Oct', 'vi'), 'Năm tài chính tháng 10/2023 – tháng 9/2024');
    assert.equal(formatAnyPeriod('2023Oct', 'en'), 'Financial year October 2023 – September 2024');
    assert.equal(formatAnyPeriod('2023AprilS1', 'vi'), '01/04/2023 – 30/09/2023');
    assert.equal(formatAnyPeriod('2023Q1', 'vi'), 'Quý 1/2023');
  });

  test('unknown keywords and bad dates', () => {
    assert.equal(isRelativePeriod('THIS_DAY'), false);
    assert.equal(isRelativePeriod('202301'), false);
    const error = expectPeriodError(() => resolveRelativePeriod('THIS_DAY', today), 'INVALID_RELATIVE_PERIOD');
    assert.equal(error.period, 'THIS_DAY');
    assert.match(error.messageVi, /Kỳ tương đối "THIS_DAY" không được hỗ trợ/);
    assert.match(error.messageEn, /Unknown relative period "THIS_DAY"/);
    expectPeriodError(() => resolveRelativePeriod('LAST_MONTH', '2024-13-01'), 'INVALID_DATE');
  });
});

describe('labels', () => {
  const cases: Array<[string, string, string]> = [
    ['20230115', 'Ngày 15/01/2023', '15 January 2023'],
    ['2023W1', 'Tuần 1/2023', 'Week 1 2023'],
    ['2020W53', 'Tuần 53/2020', 'Week 53 2020'],
    ['202301', 'Tháng 1/2023', 'January 2023'],
    ['202312', 'Tháng 12/2023', 'December 2023'],
    ['2023Q1', 'Quý 1/2023', 'Q1 2023'],
    ['2023Q4', 'Quý 4/2023', 'Q4 2023'],
    ['2023S1', '6 tháng đầu năm 2023', 'First half 2023'],
    ['2023S2', '6 tháng cuối năm 2023', 'Second half 2023'],
    ['2023N9', '9 tháng năm 2023', 'Nine months 2023'],
    ['2023', 'Năm 2023', '2023'],
  ];
  for (const [id, vi, en] of cases) {
    test(id, () => {
      assert.equal(formatPeriod(id, 'vi'), vi);
      assert.equal(formatPeriod(id, 'en'), en);
    });
  }

  test('formatDate', () => {
    assert.equal(formatDate('2023-01-15', 'vi'), '15/01/2023');
    assert.equal(formatDate('2023-01-15', 'en'), '15 Jan 2023');
    assert.equal(formatDate('2024-02-29', 'en'), '29 Feb 2024');
    assert.equal(formatDate('2023-09-05', 'en'), '5 Sep 2023');
    expectPeriodError(() => formatDate('2023-02-29', 'vi'), 'INVALID_DATE');
    expectPeriodError(() => formatPeriod('2023Q5', 'vi'), 'INVALID_PERIOD');
  });
});

describe('timezone independence', () => {
  test('results do not move with the host timezone', () => {
    const original = process.env.TZ;
    const snapshot = (): unknown[] => [
      parsePeriod('2020W53'),
      periodOf('WEEKLY', '2021-01-03').id,
      reportingWindow('2023Q1', 'DECREE_09'),
      dueDate('202312', 'CALENDAR', 1),
      periodForDate('MONTHLY', 'DECREE_09', '2023-01-15').id,
      resolveRelativePeriod('LAST_MONTH', '2024-01-01'),
      formatDate('2024-01-01', 'en'),
    ];
    try {
      process.env.TZ = 'UTC';
      const utc = snapshot();
      for (const zone of ['Pacific/Kiritimati', 'Pacific/Pago_Pago', 'Asia/Ho_Chi_Minh']) {
        process.env.TZ = zone;
        assert.deepEqual(snapshot(), utc, zone);
      }
    } finally {
      if (original === undefined) delete process.env.TZ;
      else process.env.TZ = original;
    }
  });
});

test('vietnamDate: the calendar day in Viet Nam (UTC+7), whatever the server zone', () => {
  assert.equal(vietnamDate(new Date('2026-11-23T16:59:59Z')), '2026-11-23');
  assert.equal(vietnamDate(new Date('2026-11-23T17:00:00Z')), '2026-11-24');
  assert.equal(vietnamDate(new Date('2026-12-31T18:00:00Z')), '2027-01-01');
});
