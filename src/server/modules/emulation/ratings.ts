import type { Db } from '../../db/db.ts';
import type { Rating } from '../../../core/emulation.ts';
import { getYearRatings } from '../evaluation/ratings.ts';

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
 */
export async function readYearRatings(db: Db, year: number, staffIds?: readonly number[]): Promise<Map<number, YearRating>> {
  const [archived, evaluated] = await Promise.all([archivedYearRatings(db, year, staffIds), getYearRatings(db, year, staffIds)]);
  const out = new Map(archived);
  for (const [id, r] of evaluated) {
    if (r.decided || !out.has(id)) out.set(id, { rating: r.rating, disciplined: r.disciplined, decided: r.decided });
  }
  return out;
}

/** The ratings entered with the honour book history, final as the archive holds them. */
async function archivedYearRatings(db: Db, year: number, staffIds?: readonly number[]): Promise<Map<number, YearRating>> {
  const params: unknown[] = [year];
  let filter = '';
  if (staffIds) {
    params.push([...staffIds]);
    filter = ' AND staff_member_id = ANY ($2::int[])';
  }
  const { rows } = await db.query<{ id: number; rating: Rating; disciplined: boolean }>(
    `SELECT staff_member_id AS id, rating, disciplined FROM emulation_person_year WHERE year = $1${filter}`,
    params,
  );
  return new Map(rows.map((r) => [r.id, { rating: r.rating, disciplined: r.disciplined, decided: true }]));
}
