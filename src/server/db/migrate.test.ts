import { test } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDb } from './db.ts';
import { MANIFEST_FILE, readManifest } from './migration-manifest.ts';
import { MIGRATIONS_DIR, MigrationError, currentVersion, listMigrations, migrate, sha256Hex } from './migrate.ts';

const all = listMigrations();

test('migrations are ordered, numbered uniquely, and a second run applies nothing', async () => {
  const versions = all.map((m) => m.version);
  assert.deepEqual(
    [...versions].sort((a, b) => a - b),
    versions,
  );
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

test(`every migration file is recorded in ${MANIFEST_FILE} with its sha256, and nothing recorded is missing`, () => {
  const manifest = readManifest(fs.readFileSync(path.join(MIGRATIONS_DIR, MANIFEST_FILE), 'utf8'));
  const problems: string[] = [];
  for (const m of all) {
    const recorded = manifest.get(m.file);
    if (recorded === undefined) problems.push(`${m.file} has no line: run \`npm run migrations:checksums\` and commit ${MANIFEST_FILE}`);
    else if (recorded !== m.checksum) problems.push(`${m.file} was edited after it landed (recorded ${recorded}, now ${m.checksum}): restore it and put the change in a new migration`);
  }
  for (const file of manifest.keys()) {
    if (!all.some((m) => m.file === file)) problems.push(`${file} is recorded but its file is gone: a landed migration is never removed or renamed`);
  }
  assert.deepEqual(problems, []);
});

/** A folder of small migrations, so each case runs in milliseconds. */
function migrationDir(files: Record<string, string>): { dir: string; write: (file: string, sql: string) => void; remove: (file: string) => void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tiendo-migrations-'));
  const write = (file: string, sql: string) => fs.writeFileSync(path.join(dir, file), sql);
  for (const [file, sql] of Object.entries(files)) write(file, sql);
  return { dir, write, remove: (file) => fs.rmSync(path.join(dir, file)) };
}

const SMALL = {
  '0001_a.sql': 'CREATE TABLE a (x int);',
  '0002_b.sql': 'CREATE TABLE b (y int);',
  '0005_c.sql': 'CREATE TABLE c (z int);',
};

test('a migration edited after it was applied stops the start with a bilingual message naming the file', async () => {
  const { dir, write } = migrationDir(SMALL);
  const db = await openDb({ dataDir: 'memory://' });
  try {
    await migrate(db, undefined, { dir });
    const stored = (await db.query<{ version: number; checksum: string }>('SELECT version, checksum FROM schema_migration ORDER BY version')).rows;
    assert.deepEqual(
      stored.map((r) => r.checksum),
      Object.values(SMALL).map((sql) => sha256Hex(sql)),
    );
    write('0002_b.sql', 'CREATE TABLE b (y bigint);');
    const err = await migrate(db, undefined, { dir }).then(
      () => assert.fail('an edited migration must be refused'),
      (e: unknown) => e,
    );
    assert.ok(err instanceof MigrationError);
    assert.match(err.messageVi, /Tệp migration 0002_b\.sql đã bị sửa sau khi được áp dụng/);
    assert.match(err.messageEn, /Migration file 0002_b\.sql was changed after it was applied/);
    // Restoring the file is enough: nothing was half-applied.
    write('0002_b.sql', SMALL['0002_b.sql']);
    assert.deepEqual((await migrate(db, undefined, { dir })).applied, []);
  } finally {
    await db.close();
    fs.rmSync(dir, { recursive: true });
  }
});

test('a pending migration numbered below the newest applied one is refused; one numbered above is applied', async () => {
  const { dir, write } = migrationDir(SMALL);
  const db = await openDb({ dataDir: 'memory://' });
  try {
    await migrate(db, undefined, { dir });
    write('0004_late.sql', 'CREATE TABLE late (v int);');
    await assert.rejects(migrate(db, undefined, { dir }), (e: unknown) => {
      assert.ok(e instanceof MigrationError);
      assert.match(e.messageVi, /0004_late\.sql chưa được áp dụng nhưng mang số nhỏ hơn migration mới nhất đã áp dụng \(0005\)/);
      assert.match(e.messageEn, /0004_late\.sql is pending but numbered below the newest applied migration \(0005\)/);
      return true;
    });
    assert.equal((await db.query(`SELECT 1 FROM pg_tables WHERE tablename = 'late'`)).rowCount, 0, 'nothing of the refused migration ran');
    fs.renameSync(path.join(dir, '0004_late.sql'), path.join(dir, '0006_late.sql'));
    assert.deepEqual((await migrate(db, undefined, { dir })).applied, ['0006_late']);
  } finally {
    await db.close();
    fs.rmSync(dir, { recursive: true });
  }
});

test('an applied migration whose file was removed is refused', async () => {
  const { dir, remove } = migrationDir(SMALL);
  const db = await openDb({ dataDir: 'memory://' });
  try {
    await migrate(db, undefined, { dir });
    remove('0001_a.sql');
    await assert.rejects(migrate(db, undefined, { dir }), /0001_a\.sql was applied to this database but its file is no longer/);
  } finally {
    await db.close();
    fs.rmSync(dir, { recursive: true });
  }
});

test('a database migrated before checksums were kept gets them from the files on its next start, then is checked', async () => {
  const { dir, write } = migrationDir(SMALL);
  const db = await openDb({ dataDir: 'memory://' });
  try {
    // The table as every database had it before: no checksum column.
    await db.exec(`CREATE TABLE schema_migration (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now());
      CREATE TABLE a (x int); CREATE TABLE b (y int);
      INSERT INTO schema_migration (version, name) VALUES (1, 'a'), (2, 'b');`);
    assert.deepEqual((await migrate(db, undefined, { dir })).applied, ['0005_c']);
    const rows = (await db.query<{ version: number; checksum: string }>('SELECT version, checksum FROM schema_migration ORDER BY version')).rows;
    assert.deepEqual(
      rows.map((r) => [r.version, r.checksum]),
      [
        [1, sha256Hex(SMALL['0001_a.sql'])],
        [2, sha256Hex(SMALL['0002_b.sql'])],
        [5, sha256Hex(SMALL['0005_c.sql'])],
      ],
    );
    write('0001_a.sql', '-- edited\nCREATE TABLE a (x int);');
    await assert.rejects(migrate(db, undefined, { dir }), /0001_a\.sql was changed after it was applied/);
  } finally {
    await db.close();
    fs.rmSync(dir, { recursive: true });
  }
});
