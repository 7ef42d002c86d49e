import type { Db } from '../../db/db.ts';
import type { Rating } from '../../../core/emulation.ts';
import { getRatingsOfYears } from '../evaluation/ratings.ts';

export interface YearRating {
  rating: Rating;
  disciplined: boolean;
  /** Whether the rating is final (decided by the competent authority). */
  decided: boolean;
}

/**
 * The yearly ratings eligibility reads: the one place that knows where they come from. A rating decided in the
 * staff evaluation (its decision, or an upheld appeal) is the official one; else the rating recorded with the
 * honour book history (emulation_person_year, entered from the archive for the years before the product);
 * else the evaluation's computed rating, provisional (decided: false) until it is decided.
 * All the years in one pass: one query over the archive and one call of the evaluation for the years.
 */
export async function readRatingsOfYears(db: Db, years: readonly number[], staffIds?: readonly number[]): Promise<Map<number, Map<number, YearRating>>> {
  const [archived, evaluated] = await Promise.all([archivedRatings(db, years, staffIds), getRatingsOfYears(db, years, staffIds)]);
  const out = new Map<number, Map<number, YearRating>>();
  for (const y of years) {
    const merged = new Map(archived.get(y));
    for (const [id, r] of evaluated.get(y) ?? []) {
      if (r.decided || !merged.has(id)) merged.set(id, { rating: r.rating, disciplined: r.disciplined, decided: r.decided });
    }
    out.set(y, merged);
  }
  return out;
}

/** One year's ratings (readRatingsOfYears for a single year). */
export async function readYearRatings(db: Db, year: number, staffIds?: readonly number[]): Promise<Map<number, YearRating>> {
  return (await readRatingsOfYears(db, [year], staffIds)).get(year)!;
}

/** The ratings entered with the honour book history, final as the archive holds them, for all the years at once. */
async function archivedRatings(db: Db, years: readonly number[], staffIds?: readonly number[]): Promise<Map<number, Map<number, YearRating>>> {
  const params: unknown[] = [[...years]];
  let filter = '';
  if (staffIds) {
    params.push([...staffIds]);
    filter = ' AND staff_member_id = ANY ($2::int[])';
  }
  // One row per year with the people as arrays: for thousands of people, far cheaper to read than a row each.
  const { rows } = await db.query<{ year: number; ids: number[]; ratings: Rating[]; disciplined: boolean[] }>(
    `SELECT year, array_agg(staff_member_id) AS ids, array_agg(rating) AS ratings, array_agg(disciplined) AS disciplined
     FROM emulation_person_year WHERE year = ANY ($1::int[])${filter} GROUP BY year`,
    params,
  );
  const out = new Map<number, Map<number, YearRating>>(years.map((y) => [y, new Map()]));
  for (const r of rows) {
    const m = out.get(r.year);
    if (m) r.ids.forEach((id, i) => m.set(id, { rating: r.ratings[i]!, disciplined: r.disciplined[i]!, decided: true }));
  }
  return out;
}
