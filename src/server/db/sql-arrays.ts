/**
 * A list as one array parameter in a typed query: `.where('id', '=', anyOf(ids, 'int'))` compiles to
 * `"id" = ANY($1::int[])` and `.where('ou.path', 'like', anyOf(prefixes, 'text'))` to `LIKE ANY(…)`.
 * Unlike Kysely's `in` (one parameter per element), the list may be of any length, and an empty
 * list matches nothing instead of being a syntax error.
 */
import { sql, type RawBuilder } from 'kysely';

const ARRAY_TYPES = { int: 'int[]', text: 'text[]', date: 'date[]' } as const;

export function anyOf<T extends number | string>(values: readonly T[], type: keyof typeof ARRAY_TYPES): RawBuilder<T> {
  return sql<T>`ANY(${values}::${sql.raw(ARRAY_TYPES[type])})`;
}
