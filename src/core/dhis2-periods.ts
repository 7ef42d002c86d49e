/**
 * Every period type DHIS2 2.41 defines, recognised by its identifier with its first and last day. The
 * product's own reporting periods (src/core/periods.ts) are the Decree 09 ones — year, six months, nine
 * months, quarter, month, ISO week, day — and a regime can only use those; the other DHIS2 types are read
 * here so that a value sent for one is refused naming its type and dates instead of "not a period".
 */

export const DHIS2_PERIOD_TYPES = [
  'Daily',
  'Weekly',
  'WeeklyWednesday',
  'WeeklyThursday',
  'WeeklySaturday',
  'WeeklySunday',
  'BiWeekly',
  'Monthly',
  'BiMonthly',
  'Quarterly',
  'SixMonthly',
  'SixMonthlyApril',
  'SixMonthlyNov',
  'Yearly',
  'FinancialApril',
  'FinancialJuly',
  'FinancialOct',
  'FinancialNov',
] as const;
export type Dhis2PeriodType = (typeof DHIS2_PERIOD_TYPES)[number];

export interface Dhis2Period {
  id: string;
  type: Dhis2PeriodType;
  startDate: string;
  endDate: string;
}

const DAY = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const utc = (y: number, m: number, d: number) => {
  const t = new Date(0);
  t.setUTCFullYear(y, m - 1, d);
  return t.getTime();
};
/** First day of month m (1-based, may run past 12) of year y, and the last day of the span of n months from it. */
const months = (y: number, m: number, n: number) => ({ startDate: iso(utc(y, m, 1)), endDate: iso(utc(y, m + n, 1) - DAY) });

// The weekday a week type starts on (0 = Sunday … 6 = Saturday).
const WEEK_START: Record<string, { type: Dhis2PeriodType; day: number }> = {
  '': { type: 'Weekly', day: 1 },
  Wed: { type: 'WeeklyWednesday', day: 3 },
  Thu: { type: 'WeeklyThursday', day: 4 },
  Sat: { type: 'WeeklySaturday', day: 6 },
  Sun: { type: 'WeeklySunday', day: 0 },
};

/** Week 1 of a year is the week (from the type's start day) that holds 4 January, as ISO 8601 has it for Mondays. */
function weekStart(year: number, startDay: number, week: number): number {
  const jan4 = utc(year, 1, 4);
  const back = (new Date(jan4).getUTCDay() - startDay + 7) % 7;
  return jan4 - back * DAY + (week - 1) * 7 * DAY;
}

function weeksIn(year: number, startDay: number): number {
  return Math.round((weekStart(year + 1, startDay, 1) - weekStart(year, startDay, 1)) / (7 * DAY));
}

const FINANCIAL: Record<string, { type: Dhis2PeriodType; month: number }> = {
  April: { type: 'FinancialApril', month: 4 },
  July: { type: 'FinancialJuly', month: 7 },
  Oct: { type: 'FinancialOct', month: 10 },
  Nov: { type: 'FinancialNov', month: 11 },
};

/** A DHIS2 period identifier with its type and days, or null when it is none of DHIS2's. */
export function parseDhis2Period(id: string): Dhis2Period | null {
  const m = /^(\d{4})(.*)$/.exec(id);
  if (!m) return null;
  const year = Number(m[1]);
  const rest = m[2];
  if (year < 1900 || year > 2999) return null;
  let r: RegExpExecArray | null;
  if (rest === '') return { id, type: 'Yearly', ...months(year, 1, 12) };
  if ((r = /^(\d{2})(\d{2})$/.exec(rest))) {
    const [mm, dd] = [Number(r[1]), Number(r[2])];
    const t = utc(year, mm, dd);
    if (mm < 1 || mm > 12 || iso(t) !== `${m[1]}-${r[1]}-${r[2]}`) return null;
    return { id, type: 'Daily', startDate: iso(t), endDate: iso(t) };
  }
  if ((r = /^(\d{2})$/.exec(rest))) {
    const mm = Number(r[1]);
    return mm >= 1 && mm <= 12 ? { id, type: 'Monthly', ...months(year, mm, 1) } : null;
  }
  if ((r = /^(\d{2})B$/.exec(rest))) {
    const b = Number(r[1]);
    return b >= 1 && b <= 6 ? { id, type: 'BiMonthly', ...months(year, 2 * b - 1, 2) } : null;
  }
  if ((r = /^Q([1-4])$/.exec(rest))) return { id, type: 'Quarterly', ...months(year, 3 * Number(r[1]) - 2, 3) };
  if ((r = /^S([12])$/.exec(rest))) return { id, type: 'SixMonthly', ...months(year, 6 * Number(r[1]) - 5, 6) };
  if ((r = /^AprilS([12])$/.exec(rest))) return { id, type: 'SixMonthlyApril', ...months(year, r[1] === '1' ? 4 : 10, 6) };
  // November six-months: S1 runs from November of the year before to April.
  if ((r = /^NovS([12])$/.exec(rest))) return { id, type: 'SixMonthlyNov', ...(r[1] === '1' ? months(year - 1, 11, 6) : months(year, 5, 6)) };
  if ((r = /^(April|July|Oct|Nov)$/.exec(rest))) {
    const f = FINANCIAL[r[1]];
    return { id, type: f.type, ...months(year, f.month, 12) };
  }
  if ((r = /^BiW([1-9]\d?)$/.exec(rest))) {
    const n = Number(r[1]);
    if (n > Math.ceil(weeksIn(year, 1) / 2)) return null;
    const start = weekStart(year, 1, 2 * n - 1);
    return { id, type: 'BiWeekly', startDate: iso(start), endDate: iso(start + 13 * DAY) };
  }
  if ((r = /^(Wed|Thu|Sat|Sun)?W([1-9]\d?)$/.exec(rest))) {
    const w = WEEK_START[r[1] ?? ''];
    const n = Number(r[2]);
    if (n > weeksIn(year, w.day)) return null;
    const start = weekStart(year, w.day, n);
    return { id, type: w.type, startDate: iso(start), endDate: iso(start + 6 * DAY) };
  }
  return null;
}
