import { parsePeriod, previousPeriod } from '../../core/periods.ts';

/** The previous period and the same period a year before, beside which a form's figures are read; null where none exists. */
export function comparisonPeriods(id: string): { previous: string | null; lastYear: string | null } {
  let previous: string | null;
  let lastYear: string | null = null;
  try {
    previous = previousPeriod(id);
  } catch {
    previous = null;
  }
  // Every DHIS2 period id starts with its year: the same id a year earlier, when it exists (no week 53, no 29 February).
  const year = Number(id.slice(0, 4));
  if (Number.isInteger(year)) {
    const candidate = `${year - 1}${id.slice(4)}`;
    try {
      lastYear = parsePeriod(candidate).id === candidate ? candidate : null;
    } catch {
      lastYear = null;
    }
  }
  if (lastYear === previous) lastYear = null;
  return { previous, lastYear };
}

export interface ExportedValue {
  dataElement: string;
  period: string;
  categoryOptionCombo: string;
  value: string;
}

/** Values of a DHIS2 data value set by period, keyed as the form keys its fields ("CODE" or "CODE.OPTION"). */
export function valuesByPeriod(values: readonly ExportedValue[]): Map<string, Map<string, string>> {
  const out = new Map<string, Map<string, string>>();
  for (const v of values) {
    const key = v.categoryOptionCombo && v.categoryOptionCombo !== 'default' ? `${v.dataElement}.${v.categoryOptionCombo}` : v.dataElement;
    let m = out.get(v.period);
    if (!m) out.set(v.period, (m = new Map()));
    m.set(key, v.value);
  }
  return out;
}

/**
 * The periods to show in a picker, newest first: the open ones (not yet locked) among the latest `keep`, and
 * the latest `keep` in all; the rest (older, mostly locked) wait behind "more".
 */
export function splitPeriods<T extends { isLocked?: boolean }>(newestFirst: readonly T[], keep = 6): { recent: T[]; older: T[] } {
  return { recent: newestFirst.slice(0, keep), older: newestFirst.slice(keep) };
}
