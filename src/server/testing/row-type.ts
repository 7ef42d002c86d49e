/**
 * For raw SQL that stays raw (the roll-up, the merger hand-over, the job claim): its row type is a
 * declaration the compiler cannot check against the query. A test pins both ends to one zod schema:
 * `assertTypeEqual<Equal<z.infer<typeof rowSchema>, RowType>>()` fails `tsc` when the declaration
 * drifts from the schema, and `assertRows(rows, rowSchema)` fails the test when what the database
 * hands over (on PGlite and on PostgreSQL) drifts from it: a renamed alias, a timestamp that arrives
 * as a Date where a string was declared, a count that arrives as a string.
 */
import assert from 'node:assert/strict';
import type { z } from 'zod';
import { rowProblems } from '../db/raw-rows.ts';

/** True when A and B are the same type, not merely assignable one to the other. */
export type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;

/** Compiles only when its argument is `true`. */
export function assertTypeEqual<_T extends true>(): void {}

/** Every row has exactly the columns of `schema` (a z.strictObject), each of its type (see db/raw-rows.ts). */
export function assertRows<S extends z.ZodType>(rows: readonly unknown[], schema: S, what: string): z.infer<S>[] {
  assert.ok(rows.length > 0, `${what}: no row to check`);
  const problems = rowProblems(rows, schema);
  if (problems.length > 0) assert.fail(`${what}: ${problems.join('\n')}`);
  return rows.map((row) => schema.parse(row));
}
