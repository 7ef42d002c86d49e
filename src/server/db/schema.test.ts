import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { sql } from 'kysely';
import { createTestDb } from '../testing/test-db.ts';
import { SCHEMA_FILE, generateSchemaTypes } from '../testing/schema-types.ts';

test('src/server/db/schema.ts is what the migrations produce (else run `npm run db:types`)', async () => {
  const { db, drop } = await createTestDb();
  try {
    const generated = await generateSchemaTypes(db);
    const committed = fs.readFileSync(SCHEMA_FILE, 'utf8');
    if (generated !== committed) {
      const a = committed.split('\n');
      const b = generated.split('\n');
      const line = a.findIndex((l, i) => l !== b[i]);
      assert.fail(
        `schema.ts is out of date with the migrations from line ${line + 1} (committed: ${JSON.stringify(a[line])}, migrations give: ${JSON.stringify(b[line])}): run \`npm run db:types\` and commit it`,
      );
    }
  } finally {
    await drop();
  }
});

test('db.kysely runs typed queries on the same handle, and tx.kysely inside the transaction of raw SQL', async () => {
  const { db, drop } = await createTestDb();
  try {
    await assert.rejects(
      db.transaction(async (tx) => {
        await tx.query(`INSERT INTO app_setting (key, value) VALUES ('a', '1'::jsonb)`);
        await tx.kysely
          .insertInto('app_setting')
          .values({ key: 'b', value: JSON.stringify(2) })
          .execute();
        // Both writes are visible inside the transaction, to either way of asking.
        const inside = await tx.kysely.selectFrom('app_setting').select('key').where('key', 'in', ['a', 'b']).orderBy('key').execute();
        assert.deepEqual(
          inside.map((r) => r.key),
          ['a', 'b'],
        );
        throw new Error('roll back');
      }),
      /roll back/,
    );
    const after = await db.kysely
      .selectFrom('app_setting')
      .select(sql<number>`count(*)::int`.as('n'))
      .where('key', 'in', ['a', 'b'])
      .executeTakeFirstOrThrow();
    assert.equal(after.n, 0, 'the typed write rolled back with the raw one');
    const inserted = await db.kysely
      .insertInto('app_setting')
      .values({ key: 'c', value: JSON.stringify({ x: 1 }) })
      .executeTakeFirstOrThrow();
    assert.equal(inserted.numInsertedOrUpdatedRows, 1n);
    await assert.rejects(
      db.kysely.transaction().execute(async () => undefined),
      /db\.transaction/,
    );
  } finally {
    await drop();
  }
});
