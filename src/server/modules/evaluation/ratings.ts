/** The year's rating of staff, as emulation reads it (Lao động tiên tiến needs at least HTTNV; CSTĐ cơ sở HTXSNV). */
import type { Db } from '../../db/db.ts';
import { vietnamDate } from '../../../core/periods.ts';
import * as repo from './repo.ts';
import { evaluateYear, withWholeUnits } from './scoring.ts';

export type YearRating = 'HTXSNV' | 'HTTNV' | 'HTNV' | 'KHTNV';

/**
 * The final decided rating where there is one (an upheld appeal's rating over the decision), else the computed
 * rating after the unit's quota with decided=false. People without a rule set (cán bộ, contract workers) and
 * people with nothing to rate yet (no scored task, no general criteria for viên chức) are left out.
 */
export async function getYearRatings(db: Db, year: number, staffIds?: readonly number[]): Promise<Map<number, { rating: YearRating; disciplined: boolean; decided: boolean }>> {
  return yearRatingsOn(db, year, vietnamDate(new Date()), staffIds);
}

/** getYearRatings on a given Vietnamese day (open tasks past their date count as not done from the next day). */
export async function yearRatingsOn(db: Db, year: number, today: string, staffIds?: readonly number[]): Promise<Map<number, { rating: YearRating; disciplined: boolean; decided: boolean }>> {
  const asked = await repo.listStaff(db, { year, ids: staffIds });
  const staff = await withWholeUnits(db, asked, year);
  const { people } = await evaluateYear(db, staff, year, today);
  const wanted = new Set(asked.map((s) => s.id));
  const out = new Map<number, { rating: YearRating; disciplined: boolean; decided: boolean }>();
  for (const p of people.values()) {
    if (!wanted.has(p.staff.id)) continue;
    if (p.decidedRating) out.set(p.staff.id, { rating: p.decidedRating, disciplined: p.disciplined, decided: true });
    else if (p.rating) out.set(p.staff.id, { rating: p.rating, disciplined: p.disciplined, decided: false });
  }
  return out;
}

type RatingOfYear = { rating: YearRating; disciplined: boolean; decided: boolean };

/**
 * getYearRatings for several years at once, the same answer as one call per year: one set-based query reads,
 * for every year and person, the decided rating (an upheld appeal over the decision), the discipline and whether
 * there is anything to compute (a year record without a decision, a general score, a task due that year); the
 * year's scoring (evaluateYear, with whole units for the quota) then runs only for the people left undecided with
 * something to compute. Past years are mostly decided, so the scoring of whole units is seldom needed.
 */
export async function getRatingsOfYears(db: Db, years: readonly number[], staffIds?: readonly number[]): Promise<Map<number, Map<number, RatingOfYear>>> {
  return ratingsOfYearsOn(db, years, vietnamDate(new Date()), staffIds);
}

/** getRatingsOfYears on a given Vietnamese day. */
export async function ratingsOfYearsOn(db: Db, years: readonly number[], today: string, staffIds?: readonly number[]): Promise<Map<number, Map<number, RatingOfYear>>> {
  const out = new Map<number, Map<number, RatingOfYear>>(years.map((y) => [y, new Map()]));
  if (years.length === 0 || (staffIds && staffIds.length === 0)) return out;
  const rows = await repo.listYearStates(db, years, staffIds);
  const toCompute = new Map<number, number[]>();
  for (const r of rows) {
    const decided = r.upheldRating ?? r.decidedRating;
    if (decided) out.get(r.year)!.set(r.staffId, { rating: decided as YearRating, disciplined: r.disciplined, decided: true });
    else {
      const list = toCompute.get(r.year);
      if (list) list.push(r.staffId);
      else toCompute.set(r.year, [r.staffId]);
    }
  }
  for (const [year, ids] of toCompute) {
    for (const [id, r] of await yearRatingsOn(db, year, today, ids)) out.get(year)!.set(id, r);
  }
  return out;
}
