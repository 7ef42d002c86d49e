/**
 * Periods as ADX writes them. The IHE ADX profile (Aggregate Data Exchange, used by DHIS2's ADX import and
 * export) names a period by its first day and an ISO 8601 duration, "2023-01-01/P1M", instead of DHIS2's
 * identifiers ("202301"). These convert between the two for the product's period types (Decree 09: day, ISO
 * week, month, quarter, six months, nine months, year); an ADX period that is none of them is null, and the
 * value carrying it is refused as "not a period" by the writer.
 */
import { periodOf, tryParsePeriod, type PeriodType } from './periods.ts';

const DURATION: Record<PeriodType, string> = {
  DAILY: 'P1D',
  WEEKLY: 'P7D',
  MONTHLY: 'P1M',
  QUARTERLY: 'P3M',
  SIXMONTHLY: 'P6M',
  NINEMONTHLY: 'P9M',
  YEARLY: 'P1Y',
};

/** Each duration ADX writers use, and the period type it means. */
const TYPE_OF: Record<string, PeriodType> = {
  P1D: 'DAILY',
  P7D: 'WEEKLY',
  P1W: 'WEEKLY',
  P1M: 'MONTHLY',
  P3M: 'QUARTERLY',
  P6M: 'SIXMONTHLY',
  P9M: 'NINEMONTHLY',
  P12M: 'YEARLY',
  P1Y: 'YEARLY',
};

/** "202301" → "2023-01-01/P1M"; null when the id is not a period of the product. */
export function toAdxPeriod(id: string): string | null {
  const p = tryParsePeriod(id);
  return p ? `${p.startDate}/${DURATION[p.type]}` : null;
}

/** "2023-01-01/P1M" → "202301"; null when it is not "first day/duration" of one of the product's periods. */
export function fromAdxPeriod(adx: string): string | null {
  const m = /^(\d{4}-\d{2}-\d{2})\/(P\d{1,2}[DWMY])$/.exec(adx.trim());
  if (!m) return null;
  const type = TYPE_OF[m[2]];
  if (!type) return null;
  const start = m[1];
  if (Number.isNaN(Date.parse(`${start}T00:00:00Z`)) || new Date(`${start}T00:00:00Z`).toISOString().slice(0, 10) !== start) return null;
  let period;
  try {
    period = periodOf(type, start);
  } catch {
    return null;
  }
  // The period must begin on that day: "2023-01-15/P1M" is no month of the calendar.
  return period.startDate === start ? period.id : null;
}
