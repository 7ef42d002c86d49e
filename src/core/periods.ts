/**
 * Reporting periods (kỳ báo cáo): DHIS2-style identifiers plus the Vietnamese nine-month period,
 * reporting windows under Decree 09/2019/NĐ-CP, relative periods and labels.
 *
 * Every date is a 'YYYY-MM-DD' string. Arithmetic runs on UTC day numbers (days since 1970-01-01),
 * so the host's timezone can never move a period boundary.
 *
 * Functions that take an id return ids; functions that take a date return a full Period.
 */

import { RELATIVE_FINANCIAL_YEAR, dhis2PeriodOf, formatDhis2Period, nextDhis2Period, parseDhis2Period, previousDhis2Period, type SteppedDhis2Type } from './dhis2-periods.ts';

export const PERIOD_TYPES = ['DAILY', 'WEEKLY', 'MONTHLY', 'QUARTERLY', 'SIXMONTHLY', 'NINEMONTHLY', 'YEARLY'] as const;
export type PeriodType = (typeof PERIOD_TYPES)[number];

export const CUTOFF_RULES = ['CALENDAR', 'DECREE_09'] as const;
export type CutoffRule = (typeof CUTOFF_RULES)[number];

export const RELATIVE_PERIODS = [
  'TODAY',
  'YESTERDAY',
  'LAST_3_DAYS',
  'LAST_7_DAYS',
  'LAST_14_DAYS',
  'LAST_30_DAYS',
  'LAST_60_DAYS',
  'LAST_90_DAYS',
  'LAST_180_DAYS',
  'THIS_WEEK',
  'LAST_WEEK',
  'LAST_4_WEEKS',
  'LAST_12_WEEKS',
  'LAST_52_WEEKS',
  'THIS_MONTH',
  'LAST_MONTH',
  'LAST_3_MONTHS',
  'LAST_6_MONTHS',
  'LAST_12_MONTHS',
  'MONTHS_THIS_YEAR',
  'MONTHS_LAST_YEAR',
  'THIS_QUARTER',
  'LAST_QUARTER',
  'LAST_4_QUARTERS',
  'QUARTERS_THIS_YEAR',
  'QUARTERS_LAST_YEAR',
  'THIS_YEAR',
  'LAST_YEAR',
  'LAST_5_YEARS',
  'LAST_10_YEARS',
  'THIS_SIX_MONTH',
  'LAST_SIX_MONTH',
  'LAST_2_SIXMONTHS',
  'WEEKS_THIS_YEAR',
  'THIS_BIMONTH',
  'LAST_BIMONTH',
  'LAST_6_BIMONTHS',
  'BIMONTHS_THIS_YEAR',
  'THIS_BIWEEK',
  'LAST_BIWEEK',
  'LAST_4_BIWEEKS',
  'THIS_FINANCIAL_YEAR',
  'LAST_FINANCIAL_YEAR',
  'LAST_5_FINANCIAL_YEARS',
  'LAST_10_FINANCIAL_YEARS',
] as const;
export type RelativePeriod = (typeof RELATIVE_PERIODS)[number];

export type Lang = 'vi' | 'en';

export interface Period {
  readonly id: string;
  readonly type: PeriodType;
  /** Calendar year; for WEEKLY the ISO week-year, which can differ from the year of startDate. */
  readonly year: number;
  /** First and last calendar day, both inclusive. */
  readonly startDate: string;
  readonly endDate: string;
}

export interface DateRange {
  readonly startDate: string;
  readonly endDate: string;
}

export type PeriodErrorCode = 'INVALID_PERIOD' | 'INVALID_DATE' | 'INVALID_ARGUMENT' | 'NO_PERIOD_FOR_DATE' | 'INVALID_RELATIVE_PERIOD';

/** A wrong period, date or argument; `period` holds the offending input as given. */
export class PeriodError extends Error {
  readonly code: PeriodErrorCode;
  readonly status = 400;
  readonly period: string;
  readonly messageVi: string;
  readonly messageEn: string;

  constructor(code: PeriodErrorCode, period: string, messageVi: string, messageEn: string) {
    super(messageEn);
    this.name = 'PeriodError';
    this.code = code;
    this.period = period;
    this.messageVi = messageVi;
    this.messageEn = messageEn;
  }
}

// A guard against typos such as "0223" or "20223"; no report of this platform lies outside it.
export const MIN_YEAR = 1900;
export const MAX_YEAR = 2999;
// Deadlines and locks longer than ten years are certainly a mistake in a regime's settings.
const MAX_DAYS = 3660;
const MAX_LIST = 10_000;

const DAY_MS = 86_400_000;
const EXAMPLES = '2023, 2023S1, 2023N9, 2023Q1, 202301, 2023W1, 20230115';
const EN_MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const TYPE_VI: Record<PeriodType, string> = {
  DAILY: 'ngày',
  WEEKLY: 'tuần',
  MONTHLY: 'tháng',
  QUARTERLY: 'quý',
  SIXMONTHLY: '6 tháng',
  NINEMONTHLY: '9 tháng',
  YEARLY: 'năm',
};
const TYPE_EN: Record<PeriodType, string> = {
  DAILY: 'daily',
  WEEKLY: 'weekly',
  MONTHLY: 'monthly',
  QUARTERLY: 'quarterly',
  SIXMONTHLY: 'six-month',
  NINEMONTHLY: 'nine-month',
  YEARLY: 'yearly',
};
const RULE_VI: Record<CutoffRule, string> = { CALENDAR: 'chốt số liệu theo lịch', DECREE_09: 'chốt số liệu theo Nghị định 09/2019/NĐ-CP' };
const RULE_EN: Record<CutoffRule, string> = { CALENDAR: 'calendar cut-off', DECREE_09: 'Decree 09/2019 cut-off' };

// Types built from whole months: `step` months between consecutive starts, `length` months long.
// The nine-month period starts every 12 months but lasts 9, so the year has a gap it does not cover.
type MonthSpanType = Exclude<PeriodType, 'DAILY' | 'WEEKLY'>;
const MONTH_SPANS: Record<MonthSpanType, { step: number; length: number }> = {
  MONTHLY: { step: 1, length: 1 },
  QUARTERLY: { step: 3, length: 3 },
  SIXMONTHLY: { step: 6, length: 6 },
  NINEMONTHLY: { step: 12, length: 9 },
  YEARLY: { step: 12, length: 12 },
};

// ---------- errors ----------

function invalidPeriod(id: string, vi: string, en: string): PeriodError {
  return new PeriodError('INVALID_PERIOD', id, `Kỳ báo cáo "${id}" không hợp lệ: ${vi}.`, `Invalid period "${id}": ${en}.`);
}

function invalidArgument(value: unknown, vi: string, en: string): PeriodError {
  const shown = String(value);
  return new PeriodError('INVALID_ARGUMENT', shown, `Giá trị "${shown}" không hợp lệ: ${vi}.`, `Invalid value "${shown}": ${en}.`);
}

function yearOutOfRange(id: string, year: number): PeriodError {
  return invalidPeriod(id, `năm ${year} nằm ngoài khoảng được hỗ trợ (${MIN_YEAR}–${MAX_YEAR})`, `year ${year} is outside the supported range (${MIN_YEAR}–${MAX_YEAR})`);
}

// ---------- day numbers ----------

interface Ymd {
  y: number;
  m: number;
  d: number;
}

const pad = (n: number, width: number): string => String(n).padStart(width, '0');
const mod = (a: number, b: number): number => ((a % b) + b) % b;

function toDayNumber(y: number, m: number, d: number): number {
  // setUTCFullYear, unlike Date.UTC, does not map years 0–99 onto 1900–1999.
  const t = new Date(0);
  t.setUTCFullYear(y, m - 1, d);
  return Math.round(t.getTime() / DAY_MS);
}

function fromDayNumber(dn: number): Ymd {
  const t = new Date(dn * DAY_MS);
  return { y: t.getUTCFullYear(), m: t.getUTCMonth() + 1, d: t.getUTCDate() };
}

const isoDate = ({ y, m, d }: Ymd): string => `${pad(y, 4)}-${pad(m, 2)}-${pad(d, 2)}`;
const dateOf = (dn: number): string => isoDate(fromDayNumber(dn));
const firstOfMonth = (monthIndex: number): number => toDayNumber(Math.floor(monthIndex / 12), mod(monthIndex, 12) + 1, 1);

/** Validates a 'YYYY-MM-DD' string that is a real calendar date. */
function readDate(date: string): Ymd & { dn: number } {
  const match = typeof date === 'string' ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(date) : null;
  if (match) {
    const [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
    const dn = toDayNumber(y, m, d);
    if (isoDate(fromDayNumber(dn)) === date) return { y, m, d, dn };
  }
  const shown = String(date);
  throw new PeriodError(
    'INVALID_DATE',
    shown,
    `Ngày "${shown}" không hợp lệ: cần một ngày có thật, viết theo dạng YYYY-MM-DD.`,
    `Invalid date "${shown}": expected a real calendar date written as YYYY-MM-DD.`,
  );
}

// ---------- ISO 8601 weeks ----------

/** 1 = Monday … 7 = Sunday; day 0 (1970-01-01) was a Thursday. */
const isoWeekday = (dn: number): number => mod(dn + 3, 7) + 1;

/** The ISO week of a day: the week belongs to the year that holds its Thursday. */
function isoWeekOf(dn: number): { weekYear: number; week: number } {
  const thursday = dn - isoWeekday(dn) + 4;
  const weekYear = fromDayNumber(thursday).y;
  return { weekYear, week: Math.floor((thursday - toDayNumber(weekYear, 1, 1)) / 7) + 1 };
}

/** 52 or 53: 28 December always lies in the last ISO week of its year. */
export function weeksInYear(year: number): number {
  return isoWeekOf(toDayNumber(year, 12, 28)).week;
}

// ---------- ordinals: consecutive periods of one type have consecutive integers ----------

function assertType(type: PeriodType): void {
  if (!PERIOD_TYPES.includes(type)) {
    throw invalidArgument(type, `loại kỳ phải là một trong ${PERIOD_TYPES.join(', ')}`, `period type must be one of ${PERIOD_TYPES.join(', ')}`);
  }
}

function assertRule(rule: CutoffRule): void {
  if (!CUTOFF_RULES.includes(rule)) {
    throw invalidArgument(rule, `cách chốt số liệu phải là một trong ${CUTOFF_RULES.join(', ')}`, `cut-off rule must be one of ${CUTOFF_RULES.join(', ')}`);
  }
}

function assertCount(value: number, max: number): void {
  if (!Number.isSafeInteger(value) || value < 0 || value > max) {
    throw invalidArgument(value, `cần một số nguyên từ 0 đến ${max}`, `expected a whole number from 0 to ${max}`);
  }
}

function periodFromOrdinal(type: PeriodType, ordinal: number): Period {
  if (type === 'DAILY') {
    const ymd = fromDayNumber(ordinal);
    const id = `${pad(ymd.y, 4)}${pad(ymd.m, 2)}${pad(ymd.d, 2)}`;
    if (ymd.y < MIN_YEAR || ymd.y > MAX_YEAR) throw yearOutOfRange(id, ymd.y);
    return { id, type, year: ymd.y, startDate: isoDate(ymd), endDate: isoDate(ymd) };
  }
  if (type === 'WEEKLY') {
    // Monday 1970-01-05 is day 4, the start of week ordinal 0.
    const monday = ordinal * 7 + 4;
    const { weekYear, week } = isoWeekOf(monday);
    const id = `${weekYear}W${week}`;
    if (weekYear < MIN_YEAR || weekYear > MAX_YEAR) throw yearOutOfRange(id, weekYear);
    return { id, type, year: weekYear, startDate: dateOf(monday), endDate: dateOf(monday + 6) };
  }
  const { step, length } = MONTH_SPANS[type];
  const first = ordinal * step;
  const year = Math.floor(first / 12);
  const month = mod(first, 12) + 1;
  const id =
    type === 'MONTHLY'
      ? `${year}${pad(month, 2)}`
      : type === 'QUARTERLY'
        ? `${year}Q${(month + 2) / 3}`
        : type === 'SIXMONTHLY'
          ? `${year}S${(month + 5) / 6}`
          : type === 'NINEMONTHLY'
            ? `${year}N9`
            : `${year}`;
  if (year < MIN_YEAR || year > MAX_YEAR) throw yearOutOfRange(id, year);
  return { id, type, year, startDate: dateOf(firstOfMonth(first)), endDate: dateOf(firstOfMonth(first + length) - 1) };
}

/** The ordinal of the period of `type` that starts latest on or before the date (its container, except in nine-month gaps). */
function ordinalAt(type: PeriodType, date: Ymd & { dn: number }): number {
  if (type === 'DAILY') return date.dn;
  if (type === 'WEEKLY') return Math.floor((date.dn - 4) / 7);
  return Math.floor((date.y * 12 + date.m - 1) / MONTH_SPANS[type].step);
}

function ordinalOf(period: Period): number {
  return ordinalAt(period.type, readDate(period.startDate));
}

// ---------- parsing ----------

/** Parses a period id; throws PeriodError (INVALID_PERIOD) naming what is wrong. */
export function parsePeriod(id: string): Period {
  if (typeof id !== 'string' || id === '') {
    throw invalidPeriod(String(id ?? ''), 'mã kỳ trống', 'the id is empty');
  }
  const match = /^(\d{4})(?:(\d{2})(\d{2})?|([QSNW])(\d{1,3}))?$/.exec(id);
  if (!match) {
    const guess = id.trim().toUpperCase();
    const hintVi = guess !== id && isValidPeriod(guess) ? `; có phải là "${guess}"?` : '';
    const hintEn = hintVi ? `; did you mean "${guess}"?` : '';
    throw invalidPeriod(id, `không đúng định dạng nào (ví dụ hợp lệ: ${EXAMPLES})${hintVi}`, `not a recognised format (valid examples: ${EXAMPLES})${hintEn}`);
  }
  const year = Number(match[1]);
  if (year < MIN_YEAR || year > MAX_YEAR) throw yearOutOfRange(id, year);
  const [, , mm, dd, letter, num] = match;
  const n = Number(num);
  let period: Period;

  if (dd !== undefined) {
    const m = Number(mm);
    const d = Number(dd);
    const dn = toDayNumber(year, m, d);
    if (m < 1 || m > 12 || fromDayNumber(dn).d !== d) {
      throw invalidPeriod(id, `ngày ${dd}/${mm}/${year} không có trên lịch`, `${year}-${mm}-${dd} is not a calendar date`);
    }
    period = periodFromOrdinal('DAILY', dn);
  } else if (mm !== undefined) {
    const m = Number(mm);
    if (m < 1 || m > 12) throw invalidPeriod(id, `tháng ${m} không tồn tại (tháng từ 01 đến 12)`, `month ${m} does not exist (months run 01 to 12)`);
    period = periodFromOrdinal('MONTHLY', year * 12 + m - 1);
  } else if (letter === 'Q') {
    if (n < 1 || n > 4) throw invalidPeriod(id, `quý ${n} không tồn tại (quý từ 1 đến 4)`, `quarter ${n} does not exist (quarters run 1 to 4)`);
    period = periodFromOrdinal('QUARTERLY', year * 4 + n - 1);
  } else if (letter === 'S') {
    if (n < 1 || n > 2) {
      throw invalidPeriod(id, 'chỉ có S1 (6 tháng đầu năm) và S2 (6 tháng cuối năm)', 'the half-years are S1 (January–June) and S2 (July–December)');
    }
    period = periodFromOrdinal('SIXMONTHLY', year * 2 + n - 1);
  } else if (letter === 'N') {
    if (n !== 9) throw invalidPeriod(id, 'kỳ nhiều tháng duy nhất là N9 (9 tháng, từ tháng 1 đến tháng 9)', 'the only multi-month period is N9 (nine months, January to September)');
    period = periodFromOrdinal('NINEMONTHLY', year);
  } else if (letter === 'W') {
    const weeks = weeksInYear(year);
    if (n < 1 || n > weeks) {
      throw invalidPeriod(id, `năm ${year} có các tuần từ 1 đến ${weeks} theo ISO 8601`, `${year} has ISO 8601 weeks 1 to ${weeks}`);
    }
    const jan4 = toDayNumber(year, 1, 4);
    const monday = jan4 - isoWeekday(jan4) + 1 + (n - 1) * 7;
    period = periodFromOrdinal('WEEKLY', Math.floor((monday - 4) / 7));
  } else {
    period = periodFromOrdinal('YEARLY', year);
  }
  // Ids are storage keys, so only the canonical spelling is accepted ("2023W1", not "2023W01").
  if (period.id !== id) {
    throw invalidPeriod(id, `hãy viết "${period.id}" (không có số 0 ở đầu)`, `write it as "${period.id}" (no leading zero)`);
  }
  return period;
}

export function tryParsePeriod(id: string): Period | null {
  try {
    return parsePeriod(id);
  } catch (error) {
    if (error instanceof PeriodError) return null;
    throw error;
  }
}

export function isValidPeriod(id: string): boolean {
  return tryParsePeriod(id) !== null;
}

// ---------- calendar navigation ----------

function noPeriodForDate(type: PeriodType, rule: CutoffRule, date: Ymd): PeriodError {
  const iso = isoDate(date);
  return new PeriodError(
    'NO_PERIOD_FOR_DATE',
    iso,
    `Ngày ${formatDate(iso, 'vi')} không thuộc kỳ ${TYPE_VI[type]} nào (${RULE_VI[rule]}).`,
    `No ${TYPE_EN[type]} period contains ${iso} (${RULE_EN[rule]}).`,
  );
}

/** The calendar period of `type` containing the date; NINEMONTHLY has none from October to December. */
export function periodOf(type: PeriodType, date: string): Period {
  return periodForDate(type, 'CALENDAR', date);
}

/** Shifts by n periods of the same type (n may be negative). */
export function nextPeriod(id: string, n = 1): string {
  if (!Number.isSafeInteger(n)) throw invalidArgument(n, 'số kỳ cần dịch phải là số nguyên', 'the number of periods to move must be an integer');
  const period = parsePeriod(id);
  return periodFromOrdinal(period.type, ordinalOf(period) + n).id;
}

export function previousPeriod(id: string, n = 1): string {
  if (!Number.isSafeInteger(n)) throw invalidArgument(n, 'số kỳ cần dịch phải là số nguyên', 'the number of periods to move must be an integer');
  return nextPeriod(id, -n);
}

/**
 * The ids of all periods of `type` lying fully inside [startDate, endDate] (both inclusive),
 * oldest first. Periods that only overlap an end are left out; an empty or reversed range gives [].
 */
export function periodsBetween(type: PeriodType, startDate: string, endDate: string): string[] {
  assertType(type);
  const start = readDate(startDate);
  const end = readDate(endDate);
  if (start.dn > end.dn) return [];
  let ordinal = ordinalAt(type, start);
  if (readDate(periodFromOrdinal(type, ordinal).startDate).dn < start.dn) ordinal += 1;
  const ids: string[] = [];
  for (; ; ordinal += 1) {
    const period = periodFromOrdinal(type, ordinal);
    if (readDate(period.endDate).dn > end.dn) return ids;
    ids.push(period.id);
  }
}

/**
 * The ids of the periods of `type` fully inside the period `id`, oldest first
 * (months of 2023Q1 → 202301, 202302, 202303). A coarser type gives []; the same type gives [id].
 */
export function periodsWithin(id: string, type: PeriodType): string[] {
  const period = parsePeriod(id);
  return periodsBetween(type, period.startDate, period.endDate);
}

/** Orders by start date, then shorter first, then by id, so that every pair has one order. */
export function comparePeriods(a: string, b: string): number {
  const pa = parsePeriod(a);
  const pb = parsePeriod(b);
  const lengthOf = (p: Period): number => readDate(p.endDate).dn - readDate(p.startDate).dn;
  if (pa.startDate !== pb.startDate) return pa.startDate < pb.startDate ? -1 : 1;
  if (lengthOf(pa) !== lengthOf(pb)) return lengthOf(pa) - lengthOf(pb);
  return a < b ? -1 : a > b ? 1 : 0;
}

// ---------- cut-off rules (thời gian chốt số liệu) ----------

const usesDecreeCutoff = (type: PeriodType, rule: CutoffRule): boolean => rule === 'DECREE_09' && type !== 'DAILY' && type !== 'WEEKLY';

function windowOf(period: Period, rule: CutoffRule): DateRange {
  if (!usesDecreeCutoff(period.type, rule)) return { startDate: period.startDate, endDate: period.endDate };
  // Decree 09/2019/NĐ-CP, Article 12: from the 15th of the month before the first month to the 14th of the last month.
  const first = readDate(period.startDate);
  const last = readDate(period.endDate);
  return {
    startDate: dateOf(firstOfMonth(first.y * 12 + first.m - 2) + 14),
    endDate: isoDate({ y: last.y, m: last.m, d: 14 }),
  };
}

/** The days whose figures a period's report covers under the cut-off rule. */
export function reportingWindow(id: string, rule: CutoffRule): DateRange {
  assertRule(rule);
  return windowOf(parsePeriod(id), rule);
}

/** The last day to submit: window end + deadlineDays. */
export function dueDate(id: string, rule: CutoffRule, deadlineDays: number): string {
  assertCount(deadlineDays, MAX_DAYS);
  return dateOf(readDate(reportingWindow(id, rule).endDate).dn + deadlineDays);
}

/** The day after which a report can no longer be changed: due date + lockAfterDays; null means never locked. */
export function lockDate(id: string, rule: CutoffRule, deadlineDays: number, lockAfterDays: number | null): string | null {
  const due = dueDate(id, rule, deadlineDays);
  if (lockAfterDays === null) return null;
  assertCount(lockAfterDays, MAX_DAYS);
  return dateOf(readDate(due).dn + lockAfterDays);
}

/** Under Decree 09 a day from the 15th on belongs to next month's window. */
function ruleOrdinal(type: PeriodType, rule: CutoffRule, date: Ymd & { dn: number }): number {
  if (!usesDecreeCutoff(type, rule) || date.d < 15) return ordinalAt(type, date);
  const nextMonth = firstOfMonth(date.y * 12 + date.m);
  return ordinalAt(type, readDate(dateOf(nextMonth)));
}

/** The period of `type` whose reporting window under `rule` contains the date. */
export function periodForDate(type: PeriodType, rule: CutoffRule, date: string): Period {
  assertType(type);
  assertRule(rule);
  const day = readDate(date);
  const period = periodFromOrdinal(type, ruleOrdinal(type, rule, day));
  if (day.dn > readDate(windowOf(period, rule).endDate).dn) throw noPeriodForDate(type, rule, day);
  return period;
}

/**
 * The period being reported on `today`: the one whose window contains it. In the nine-month gap
 * (after its window closes, before next year's opens) this is the nine months just ended.
 */
export function currentPeriod(type: PeriodType, rule: CutoffRule, today: string): Period {
  assertType(type);
  assertRule(rule);
  return periodFromOrdinal(type, ruleOrdinal(type, rule, readDate(today)));
}

/** Ids from `past` periods before the current one to `future` after it, newest last. */
export function listOpenPeriods(type: PeriodType, rule: CutoffRule, today: string, { past = 0, future = 0 }: { past?: number; future?: number } = {}): string[] {
  assertCount(past, MAX_LIST);
  assertCount(future, MAX_LIST);
  const current = ordinalOf(currentPeriod(type, rule, today));
  const ids: string[] = [];
  for (let ordinal = current - past; ordinal <= current + future; ordinal += 1) ids.push(periodFromOrdinal(type, ordinal).id);
  return ids;
}

// ---------- relative periods (calendar, DHIS2 semantics) ----------

// offset: where the list starts relative to the current period; LAST_n lists stop before the current one.
// year: the periods of the current (0) or last (-1) calendar year, whole, the future ones of this year included.
// dhis2: a DHIS2 period type the product does not report in (bi-months, bi-weeks, financial years): the period
// holding the day (`this`) or the `count` periods before it (src/core/dhis2-periods.ts); their ids are DHIS2's.
type RelativeSpec =
  | { type: PeriodType; offset: number; count: number }
  | { type: 'MONTHLY' | 'QUARTERLY' | 'WEEKLY'; year: 0 | -1 }
  | { dhis2: SteppedDhis2Type; this: boolean; count: number }
  | { dhis2: 'BiMonthly'; year: 0 };
const RELATIVE: Record<RelativePeriod, RelativeSpec> = {
  TODAY: { type: 'DAILY', offset: 0, count: 1 },
  YESTERDAY: { type: 'DAILY', offset: -1, count: 1 },
  LAST_3_DAYS: { type: 'DAILY', offset: -3, count: 3 },
  LAST_7_DAYS: { type: 'DAILY', offset: -7, count: 7 },
  LAST_14_DAYS: { type: 'DAILY', offset: -14, count: 14 },
  LAST_30_DAYS: { type: 'DAILY', offset: -30, count: 30 },
  LAST_60_DAYS: { type: 'DAILY', offset: -60, count: 60 },
  LAST_90_DAYS: { type: 'DAILY', offset: -90, count: 90 },
  LAST_180_DAYS: { type: 'DAILY', offset: -180, count: 180 },
  THIS_WEEK: { type: 'WEEKLY', offset: 0, count: 1 },
  LAST_WEEK: { type: 'WEEKLY', offset: -1, count: 1 },
  LAST_4_WEEKS: { type: 'WEEKLY', offset: -4, count: 4 },
  LAST_12_WEEKS: { type: 'WEEKLY', offset: -12, count: 12 },
  LAST_52_WEEKS: { type: 'WEEKLY', offset: -52, count: 52 },
  THIS_MONTH: { type: 'MONTHLY', offset: 0, count: 1 },
  LAST_MONTH: { type: 'MONTHLY', offset: -1, count: 1 },
  LAST_3_MONTHS: { type: 'MONTHLY', offset: -3, count: 3 },
  LAST_6_MONTHS: { type: 'MONTHLY', offset: -6, count: 6 },
  LAST_12_MONTHS: { type: 'MONTHLY', offset: -12, count: 12 },
  MONTHS_THIS_YEAR: { type: 'MONTHLY', year: 0 },
  MONTHS_LAST_YEAR: { type: 'MONTHLY', year: -1 },
  THIS_QUARTER: { type: 'QUARTERLY', offset: 0, count: 1 },
  LAST_QUARTER: { type: 'QUARTERLY', offset: -1, count: 1 },
  LAST_4_QUARTERS: { type: 'QUARTERLY', offset: -4, count: 4 },
  QUARTERS_THIS_YEAR: { type: 'QUARTERLY', year: 0 },
  QUARTERS_LAST_YEAR: { type: 'QUARTERLY', year: -1 },
  THIS_YEAR: { type: 'YEARLY', offset: 0, count: 1 },
  LAST_YEAR: { type: 'YEARLY', offset: -1, count: 1 },
  LAST_5_YEARS: { type: 'YEARLY', offset: -5, count: 5 },
  LAST_10_YEARS: { type: 'YEARLY', offset: -10, count: 10 },
  THIS_SIX_MONTH: { type: 'SIXMONTHLY', offset: 0, count: 1 },
  LAST_SIX_MONTH: { type: 'SIXMONTHLY', offset: -1, count: 1 },
  LAST_2_SIXMONTHS: { type: 'SIXMONTHLY', offset: -2, count: 2 },
  WEEKS_THIS_YEAR: { type: 'WEEKLY', year: 0 },
  THIS_BIMONTH: { dhis2: 'BiMonthly', this: true, count: 1 },
  LAST_BIMONTH: { dhis2: 'BiMonthly', this: false, count: 1 },
  LAST_6_BIMONTHS: { dhis2: 'BiMonthly', this: false, count: 6 },
  BIMONTHS_THIS_YEAR: { dhis2: 'BiMonthly', year: 0 },
  THIS_BIWEEK: { dhis2: 'BiWeekly', this: true, count: 1 },
  LAST_BIWEEK: { dhis2: 'BiWeekly', this: false, count: 1 },
  LAST_4_BIWEEKS: { dhis2: 'BiWeekly', this: false, count: 4 },
  THIS_FINANCIAL_YEAR: { dhis2: RELATIVE_FINANCIAL_YEAR, this: true, count: 1 },
  LAST_FINANCIAL_YEAR: { dhis2: RELATIVE_FINANCIAL_YEAR, this: false, count: 1 },
  LAST_5_FINANCIAL_YEARS: { dhis2: RELATIVE_FINANCIAL_YEAR, this: false, count: 5 },
  LAST_10_FINANCIAL_YEARS: { dhis2: RELATIVE_FINANCIAL_YEAR, this: false, count: 10 },
};

export function isRelativePeriod(keyword: string): keyword is RelativePeriod {
  return (RELATIVE_PERIODS as readonly string[]).includes(keyword);
}

/**
 * The ids a relative keyword stands for on `today`, oldest first. Bi-month, bi-week and financial-year keywords
 * give DHIS2 period ids (202301B, 2024BiW1, 2023Oct), which are not the product's reporting periods: read them
 * with periodSpan and formatAnyPeriod.
 */
export function resolveRelativePeriod(keyword: string, today: string): string[] {
  if (!isRelativePeriod(keyword)) {
    const shown = String(keyword);
    throw new PeriodError(
      'INVALID_RELATIVE_PERIOD',
      shown,
      `Kỳ tương đối "${shown}" không được hỗ trợ; các giá trị hợp lệ: ${RELATIVE_PERIODS.join(', ')}.`,
      `Unknown relative period "${shown}"; valid values: ${RELATIVE_PERIODS.join(', ')}.`,
    );
  }
  const spec = RELATIVE[keyword];
  const date = readDate(today);
  if ('dhis2' in spec) {
    const type = spec.dhis2;
    if ('year' in spec) {
      const out = [dhis2PeriodOf(type, `${pad(date.y, 4)}-01-01`)];
      while (out.length < 6) out.push(nextDhis2Period(type, out[out.length - 1]));
      return out.map((p) => p.id);
    }
    const current = dhis2PeriodOf(type, isoDate(date));
    if (spec.this) return [current.id];
    const out = [previousDhis2Period(type, current)];
    while (out.length < spec.count) out.unshift(previousDhis2Period(type, out[0]));
    return out.map((p) => p.id);
  }
  if ('year' in spec) {
    const y = date.y + spec.year;
    // 4 January lies in the first month, quarter and ISO week of its year.
    const first = ordinalAt(spec.type, { y, m: 1, d: 4, dn: toDayNumber(y, 1, 4) });
    const length = spec.type === 'MONTHLY' ? 12 : spec.type === 'QUARTERLY' ? 4 : weeksInYear(y);
    return Array.from({ length }, (_, i) => periodFromOrdinal(spec.type, first + i).id);
  }
  const current = ordinalAt(spec.type, date);
  return Array.from({ length: spec.count }, (_, i) => periodFromOrdinal(spec.type, current + spec.offset + i).id);
}

// ---------- any DHIS2 period: its days and its label ----------

/** The days of a product period id or of any other DHIS2 period id (202301B, 2023BiW1, 2023Oct, 2023AprilS1…); null for neither. */
export function periodSpan(id: string): { id: string; startDate: string; endDate: string } | null {
  const own = tryParsePeriod(id);
  if (own) return { id: own.id, startDate: own.startDate, endDate: own.endDate };
  const other = parseDhis2Period(id);
  return other ? { id: other.id, startDate: other.startDate, endDate: other.endDate } : null;
}

/** formatPeriod for the product's periods; a DHIS2 period of another type gets its own label (formatDhis2Period). */
export function formatAnyPeriod(id: string, lang: Lang): string {
  if (tryParsePeriod(id)) return formatPeriod(id, lang);
  const other = parseDhis2Period(id);
  if (!other) return formatPeriod(id, lang);
  return formatDhis2Period(other, lang);
}

// ---------- labels ----------

/** vi "15/01/2023", en "15 Jan 2023". */
export function formatDate(date: string, lang: Lang): string {
  const { y, m, d } = readDate(date);
  return lang === 'vi' ? `${pad(d, 2)}/${pad(m, 2)}/${y}` : `${d} ${EN_MONTHS[m - 1].slice(0, 3)} ${y}`;
}

/** A label for people: vi "Quý 1/2023", en "Q1 2023". */
export function formatPeriod(id: string, lang: Lang): string {
  const period = parsePeriod(id);
  const { y, m, d, dn } = readDate(period.startDate);
  const vi = lang === 'vi';
  switch (period.type) {
    case 'DAILY':
      return vi ? `Ngày ${formatDate(period.startDate, 'vi')}` : `${d} ${EN_MONTHS[m - 1]} ${y}`;
    case 'WEEKLY': {
      const { week } = isoWeekOf(dn);
      return vi ? `Tuần ${week}/${period.year}` : `Week ${week} ${period.year}`;
    }
    case 'MONTHLY':
      return vi ? `Tháng ${m}/${y}` : `${EN_MONTHS[m - 1]} ${y}`;
    case 'QUARTERLY':
      return vi ? `Quý ${(m + 2) / 3}/${y}` : `Q${(m + 2) / 3} ${y}`;
    case 'SIXMONTHLY':
      if (m === 1) return vi ? `6 tháng đầu năm ${y}` : `First half ${y}`;
      return vi ? `6 tháng cuối năm ${y}` : `Second half ${y}`;
    case 'NINEMONTHLY':
      return vi ? `9 tháng năm ${y}` : `Nine months ${y}`;
    case 'YEARLY':
      return vi ? `Năm ${y}` : `${y}`;
  }
}

// Viet Nam keeps UTC+7 all year (no daylight saving), so the offset is a constant.
const VIETNAM_OFFSET_MS = 7 * 3_600_000;

/** The calendar day in Viet Nam at an instant: deadlines, lock dates and "today" are Vietnamese days. */
export function vietnamDate(at: Date): string {
  return new Date(at.getTime() + VIETNAM_OFFSET_MS).toISOString().slice(0, 10);
}
