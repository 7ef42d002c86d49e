import { test } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import { randomBytes } from 'node:crypto';
import { openDb } from './db.ts';
import { currentVersion, listMigrations, migrate } from './migrate.ts';

const all = listMigrations();

test('migrations are ordered, numbered uniquely, and a second run applies nothing', async () => {
  const versions = all.map((m) => m.version);
  assert.deepEqual([...versions].sort((a, b) => a - b), versions);
  assert.equal(new Set(versions).size, versions.length);
  const db = await openDb({ dataDir: 'memory://' });
  try {
    const first = await migrate(db);
    assert.equal(first.applied.length, all.length);
    const second = await migrate(db);
    assert.deepEqual(second.applied, []);
    assert.equal(await currentVersion(db), versions.at(-1));
  } finally {
    await db.close();
  }
});

test('the audit trail refuses updates and deletes', async () => {
  const db = await openDb({ dataDir: 'memory://' });
  try {
    await migrate(db);
    await db.query(`INSERT INTO audit_log (actor_kind, action, object_type) VALUES ('system', 'x', 'y')`);
    await assert.rejects(db.query(`UPDATE audit_log SET action = 'z'`), /append-only/);
    await assert.rejects(db.query(`DELETE FROM audit_log`), /append-only/);
    assert.equal((await db.query('SELECT count(*)::int AS n FROM audit_log')).rows[0].n, 1);
  } finally {
    await db.close();
  }
});

test('two processes migrating the same PostgreSQL database at once apply each migration once', { skip: !process.env.TEST_DATABASE_URL && 'needs TEST_DATABASE_URL' }, async () => {
  const base = process.env.TEST_DATABASE_URL!;
  const name = `tiendo_migrate_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  const url = new URL(base);
  url.pathname = `/${name}`;
  const a = await openDb({ databaseUrl: url.toString(), poolSize: 2 });
  const b = await openDb({ databaseUrl: url.toString(), poolSize: 2 });
  try {
    const [ra, rb] = await Promise.all([migrate(a), migrate(b)]);
    assert.equal(ra.applied.length + rb.applied.length, all.length);
    assert.ok(ra.applied.length === 0 || rb.applied.length === 0, 'one process applied everything, the other waited');
    const rows = (await a.query<{ n: number }>('SELECT count(*)::int AS n FROM schema_migration')).rows;
    assert.equal(rows[0].n, all.length);
  } finally {
    await a.close();
    await b.close();
    await admin.query(`DROP DATABASE "${name}" WITH (FORCE)`);
    await admin.end();
  }
});
