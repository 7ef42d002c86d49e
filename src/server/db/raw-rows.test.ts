import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { z } from 'zod';
import type { Db } from './db.ts';
import { col, rowProblems, type RowOf } from './raw-rows.ts';
import { createTestDb } from '../testing/test-db.ts';
import { assertTypeEqual, type Equal } from '../testing/row-type.ts';

const periodRow = z.strictObject({ id: col.int, iso: col.text, startDate: col.date, n: col.int, at: col.timestamp, share: col.number.nullable() });
assertTypeEqual<Equal<RowOf<typeof periodRow>, { id: number; iso: string; startDate: string; n: number; at: Date; share: number | null }>>();

describe('raw SQL rows against their declared schema (db/raw-rows.ts)', () => {
  let db: Db;
  let drop: () => Promise<void>;
  before(async () => {
    ({ db, drop } = await createTestDb());
    await db.query(`INSERT INTO period (iso, type, start_date, end_date) VALUES ('202609', 'MONTHLY', '2026-09-01', '2026-09-30')`);
  });
  after(() => drop());

  test('a query that returns what it declares has no problem; int8, numeric, date and timestamptz arrive as declared', async () => {
    const { rows } = await db.query(`SELECT id, iso, start_date AS "startDate", count(*) OVER () AS n, now() AS at, 0.5::numeric AS share FROM period`);
    assert.deepEqual(rowProblems(rows, periodRow), []);
  });

  test('a renamed alias, an extra column, a text where a number is declared and a Date where a date is declared are each named', async () => {
    const { rows } = await db.query(`SELECT id, iso AS code, start_date::timestamptz AS "startDate", count(*) OVER ()::text AS n, now() AS at, NULL::numeric AS share FROM period`);
    const [problem] = rowProblems(rows, periodRow);
    assert.match(problem, /iso/);
    assert.match(problem, /code/);
    assert.match(problem, /startDate/);
    assert.match(problem, /\bn\b/);
  });
});
