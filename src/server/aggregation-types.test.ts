// What lies outside the type checker must follow the one list of aggregation types (src/core/aggregation-types.ts):
// the database's CHECK on data_element.aggregation_type (migration 0002, landed and never edited — a type added
// to the list needs a migration widening it, and this test fails until it exists) and the docs' tables.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { createTestDb } from './testing/test-db.ts';
import { AGGREGATION_TYPES, DATA_ELEMENT_AGGREGATION_TYPES } from '../core/aggregation-types.ts';

const root = path.resolve(import.meta.dirname, '../..');

/** The quoted words of a CHECK definition as pg_get_constraintdef prints it (`… = ANY (ARRAY['SUM'::text, …])`). */
export function quotedWords(definition: string): string[] {
  return [...definition.matchAll(/'((?:[^']|'')*)'/g)].map((m) => m[1].replaceAll("''", "'"));
}

test('quotedWords reads the words of an IN list as PostgreSQL prints it', () => {
  assert.deepEqual(quotedWords(`CHECK ((aggregation_type = ANY (ARRAY['SUM'::text, 'O''NE'::text])))`), ['SUM', "O'NE"]);
});

test("the CHECK of data_element.aggregation_type lists exactly the registry's types", async () => {
  const { db, drop } = await createTestDb();
  try {
    const { rows } = await db.query<{ name: string; definition: string }>(
      `SELECT c.conname AS name, pg_get_constraintdef(c.oid) AS definition
         FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid
        WHERE t.relname = 'data_element' AND c.contype = 'c' AND pg_get_constraintdef(c.oid) LIKE '%aggregation_type%'`,
    );
    assert.equal(rows.length, 1, `one CHECK on aggregation_type, found ${JSON.stringify(rows)}`);
    assert.deepEqual(quotedWords(rows[0].definition).sort(), [...DATA_ELEMENT_AGGREGATION_TYPES].sort(), rows[0].definition);
  } finally {
    await drop();
  }
});

test('docs/aggregation.md has a row for every type, docs/api.md lists what a data element may declare', () => {
  const guide = fs.readFileSync(path.join(root, 'docs/aggregation.md'), 'utf8');
  const section = guide.slice(guide.indexOf('## 2. '), guide.indexOf('## 3. '));
  const rows = [...section.matchAll(/^\| `([A-Z_]+)` \| [^|]+ \| [^|]+\*\*[^|]*\|/gm)].map((m) => m[1]);
  assert.deepEqual(rows, [...AGGREGATION_TYPES], 'the worked-example table of docs/aggregation.md');
  const api = fs.readFileSync(path.join(root, 'docs/api.md'), 'utf8');
  const listed = /aggregationType \(([^)]*)\)/.exec(api)?.[1].split(', ');
  assert.deepEqual(listed, [...DATA_ELEMENT_AGGREGATION_TYPES], 'docs/api.md, the data element fields');
});
