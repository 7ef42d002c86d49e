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
