import type { Db } from '../../db/db.ts';
import type { Rating } from '../../../core/emulation.ts';

export interface YearRating {
  rating: Rating;
  disciplined: boolean;
  /** Whether the rating is final (decided by the competent authority). */
  decided: boolean;
}

/**
 * The yearly ratings eligibility reads: the one place that knows where they come from. For now the ratings
 * recorded with the honour book history (emulation_person_year, entered from the archive as final);
 * the staff evaluation's getYearRatings(db, year, staffIds) takes its place when that module lands.
 */
export async function readYearRatings(db: Db, year: number, staffIds?: readonly number[]): Promise<Map<number, YearRating>> {
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
