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

// ---------- the period of a DHIS2 type holding a day (for DHIS2's relative periods) ----------

/**
 * The financial year DHIS2's THIS_FINANCIAL_YEAR, LAST_FINANCIAL_YEAR, LAST_5_FINANCIAL_YEARS and
 * LAST_10_FINANCIAL_YEARS stand for. In DHIS2 it is the server setting "analyticsFinancialYearStart", whose
 * default is October (AnalyticsFinancialYearStartKey.getDefault(): FINANCIAL_YEAR_OCTOBER); the same request
 * sent here and to a DHIS2 server left at its default gives the same periods. Viet Nam's state budget year is
 * the calendar year (Luật Ngân sách nhà nước 83/2015/QH13, Điều 14), which DHIS2 does not offer as a financial
 * year: that is THIS_YEAR, LAST_YEAR, LAST_5_YEARS and LAST_10_YEARS.
 */
export const RELATIVE_FINANCIAL_YEAR: SteppedDhis2Type = 'FinancialOct';

export type SteppedDhis2Type = 'BiMonthly' | 'BiWeekly' | 'FinancialApril' | 'FinancialJuly' | 'FinancialOct' | 'FinancialNov';

const FINANCIAL_SUFFIX: Partial<Record<Dhis2PeriodType, string>> = { FinancialApril: 'April', FinancialJuly: 'July', FinancialOct: 'Oct', FinancialNov: 'Nov' };

/** 'YYYY-MM-DD' → the period of `type` holding that day (DHIS2's createPeriod). */
export function dhis2PeriodOf(type: SteppedDhis2Type, date: string): Dhis2Period {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) throw new RangeError(`not a date: ${date}`);
  const [y, mm] = [Number(m[1]), Number(m[2])];
  let id: string;
  if (type === 'BiMonthly') id = `${y}${String(Math.ceil(mm / 2)).padStart(2, '0')}B`;
  else if (type === 'BiWeekly') {
    // The ISO week of the day (its Thursday's year), paired from week 1: weeks 2n−1 and 2n are BiW n.
    const t = utc(y, mm, Number(m[3]));
    const weekday = (new Date(t).getUTCDay() + 6) % 7; // 0 = Monday
    const thursday = t + (3 - weekday) * DAY;
    const weekYear = new Date(thursday).getUTCFullYear();
    const week = Math.floor((thursday - weekStart(weekYear, 1, 1)) / (7 * DAY)) + 1;
    id = `${weekYear}BiW${Math.ceil(week / 2)}`;
  } else {
    const start = FINANCIAL[FINANCIAL_SUFFIX[type]!].month;
    id = `${mm >= start ? y : y - 1}${FINANCIAL_SUFFIX[type]}`;
  }
  const period = parseDhis2Period(id);
  if (!period) throw new RangeError(`no ${type} period holds ${date}`);
  return period;
}

/** The period of the same type just before (the one holding the day before its start). */
export function previousDhis2Period(type: SteppedDhis2Type, period: Dhis2Period): Dhis2Period {
  return dhis2PeriodOf(type, iso(utc(Number(period.startDate.slice(0, 4)), Number(period.startDate.slice(5, 7)), Number(period.startDate.slice(8, 10))) - DAY));
}

/** The period of the same type just after (the one holding the day after its end). */
export function nextDhis2Period(type: SteppedDhis2Type, period: Dhis2Period): Dhis2Period {
  return dhis2PeriodOf(type, iso(utc(Number(period.endDate.slice(0, 4)), Number(period.endDate.slice(5, 7)), Number(period.endDate.slice(8, 10))) + DAY));
}

const EN_MONTH_NAMES = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** A label for people of a DHIS2 period that is not one of the product's (vi "Tháng 1–2/2023", en "January–February 2023"). */
export function formatDhis2Period(period: Dhis2Period, lang: 'vi' | 'en'): string {
  const [sy, sm] = [Number(period.startDate.slice(0, 4)), Number(period.startDate.slice(5, 7))];
  const [ey, em] = [Number(period.endDate.slice(0, 4)), Number(period.endDate.slice(5, 7))];
  const vi = lang === 'vi';
  const dmy = (d: string) => `${d.slice(8, 10)}/${d.slice(5, 7)}/${d.slice(0, 4)}`;
  switch (period.type) {
    case 'BiMonthly':
      return vi ? `Tháng ${sm}–${em}/${sy}` : `${EN_MONTH_NAMES[sm - 1]}–${EN_MONTH_NAMES[em - 1]} ${sy}`;
    case 'BiWeekly': {
      const n = Number(/BiW(\d+)$/.exec(period.id)![1]);
      const year = period.id.slice(0, 4);
      return vi ? `Tuần ${2 * n - 1}–${2 * n}/${year}` : `Bi-week ${n} ${year}`;
    }
    case 'FinancialApril':
    case 'FinancialJuly':
    case 'FinancialOct':
    case 'FinancialNov':
      return vi ? `Năm tài chính tháng ${sm}/${sy} – tháng ${em}/${ey}` : `Financial year ${EN_MONTH_NAMES[sm - 1]} ${sy} – ${EN_MONTH_NAMES[em - 1]} ${ey}`;
    default:
      return vi ? `${dmy(period.startDate)} – ${dmy(period.endDate)}` : `${period.startDate} – ${period.endDate}`;
  }
}
