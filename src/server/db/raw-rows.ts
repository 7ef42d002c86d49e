/**
 * Raw SQL that stays raw (see "Typed queries" in ARCHITECTURE.md) declares the row it returns beside
 * the query, as a `z.strictObject` built from the column kinds below; the row type is inferred from
 * that schema (`RowOf<typeof schema>`), so the declaration and the type can never part. The module's
 * repo test runs the query on a migrated database (PGlite, and PostgreSQL with TEST_DATABASE_URL) and
 * checks what came back with `rowProblems` (`assertRows` in tests): a renamed alias, a missing or extra
 * column, a count that arrives as a string or a timestamp declared as a string fail it.
 */
import { z } from 'zod';

/** Column kinds as `db.ts` hands them over on both engines. */
export const col = {
  /** int2/int4/int8 (int8 is parsed into a number by db.ts). */
  int: z.number().int(),
  /** numeric and double precision (numeric is parsed into a number by db.ts). */
  number: z.number(),
  text: z.string(),
  bool: z.boolean(),
  /** date: a 'YYYY-MM-DD' string (never a Date: that would drag the server's time zone in). */
  date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  /** timestamptz: a Date. */
  timestamp: z.date(),
  uuid: z.uuid(),
  /** bytea. */
  bytes: z.custom<Uint8Array>((v) => v instanceof Uint8Array, 'expected bytes'),
  /** jsonb, of a shape the SQL guarantees (checked by the caller's schema when it matters). */
  json: <T = unknown>(check: (v: unknown) => boolean = () => true) => z.custom<T>((v) => v !== undefined && check(v), 'expected JSON'),
};

/** The row type a raw query's schema declares. */
export type RowOf<S extends z.ZodType> = z.output<S>;

/** What is wrong with `rows` against their declared schema (empty when nothing is), one line per problem. */
export function rowProblems(rows: readonly unknown[], schema: z.ZodType): string[] {
  const problems: string[] = [];
  rows.forEach((row, i) => {
    const parsed = schema.safeParse(row);
    if (!parsed.success) {
      const issues = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(row)'}: ${issue.message}`).join('; ');
      problems.push(`row ${i + 1}: ${issues} in ${JSON.stringify(row)}`);
    }
  });
  return problems;
}
