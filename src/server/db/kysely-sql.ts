/**
 * Small SQL pieces typed queries share: a list bound as one array parameter and the transaction's clock.
 * `.where('id', '=', anyOf(ids, 'int'))` compiles to `"id" = ANY($1::int[])` and
 * `.where('ou.path', 'like', anyOf(prefixes, 'text'))` to `LIKE ANY(…)`. Unlike Kysely's `in` (one parameter
 * per element), the list may be of any length, and an empty list matches nothing instead of being a syntax error.
 */
import { sql, type RawBuilder } from 'kysely';

const ARRAY_TYPES = { int: 'int[]', text: 'text[]', date: 'date[]' } as const;

export function anyOf<T extends number | string>(values: readonly T[], type: keyof typeof ARRAY_TYPES): RawBuilder<T> {
  return sql<T>`ANY(${values}::${sql.raw(ARRAY_TYPES[type])})`;
}

/** The database's `now()`: the start of the transaction, the same for every row it writes. */
export const now = (): RawBuilder<Date> => sql<Date>`now()`;
