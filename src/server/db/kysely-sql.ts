/**
 * Small SQL pieces typed queries share: a list bound as one array parameter (`= ANY($1::int[])`, whatever
 * its length, rather than one parameter per item) and the transaction's clock.
 */
import { sql, type RawBuilder } from 'kysely';

/** `column = anyInt(ids)`: one int[] parameter, so a long list never runs into the parameter limit. */
export function anyInt(values: readonly number[]): RawBuilder<number> {
  return sql<number>`ANY (${sql.val(values)}::int[])`;
}

/** `column = anyText(codes)`, `column like anyText(patterns)`: one text[] parameter. */
export function anyText(values: readonly string[]): RawBuilder<string> {
  return sql<string>`ANY (${sql.val(values)}::text[])`;
}

/** The database's `now()`: the start of the transaction, the same for every row it writes. */
export const now = (): RawBuilder<Date> => sql<Date>`now()`;
