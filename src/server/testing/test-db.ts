import pg from 'pg';
import { createHash, randomBytes } from 'node:crypto';
import { openDb, type Db } from '../db/db.ts';
import { grantServiceRole, listMigrations, migrate } from '../db/migrate.ts';

const TEMPLATE_LOCK = 7_341_002_020;

function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

/**
 * A fresh, migrated database for one test file: in-memory PGlite by default, or, when
 * TEST_DATABASE_URL is set, a new PostgreSQL database copied from a migrated template.
 */
export async function createTestDb(
  options: {
    /** PostgreSQL only: connect as this role, granted what the service gets (the tables stay the migrating role's). */
    serviceRole?: string;
  } = {},
): Promise<{ db: Db; url?: string; drop: () => Promise<void> }> {
  const base = process.env.TEST_DATABASE_URL;
  if (options.serviceRole && !base) throw new Error('a service role needs TEST_DATABASE_URL (PostgreSQL)');
  if (!base) {
    const db = await openDb({ dataDir: 'memory://' });
    await migrate(db);
    return { db, drop: () => db.close() };
  }
  // Named after the migrations' content, so an edited or added migration gets a template of its own.
  const digest = createHash('sha256');
  // Bumped when the migration runner's own table changes shape (v2: schema_migration.checksum).
  digest.update('runner:v2\n');
  for (const m of listMigrations()) digest.update(`${m.version}:${m.name}:${m.sql}\n`);
  const template = `tiendo_test_template_${digest.digest('hex').slice(0, 16)}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  try {
    await admin.query('SELECT pg_advisory_lock($1)', [TEMPLATE_LOCK]);
    const exists = (await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [template])).rowCount;
    if (!exists) {
      await admin.query(`CREATE DATABASE "${template}"`);
      const tdb = await openDb({ databaseUrl: withDatabase(base, template), poolSize: 1 });
      await migrate(tdb);
      await tdb.close();
    }
    const name = `tiendo_test_${randomBytes(6).toString('hex')}`;
    await admin.query(`CREATE DATABASE "${name}" TEMPLATE "${template}"`);
    await admin.query('SELECT pg_advisory_unlock($1)', [TEMPLATE_LOCK]);
    let url = withDatabase(base, name);
    if (options.serviceRole) {
      const owner = await openDb({ databaseUrl: url, poolSize: 1 });
      await grantServiceRole(owner, options.serviceRole);
      await owner.close();
      const asRole = new URL(url);
      asRole.username = options.serviceRole;
      asRole.password = '';
      url = asRole.toString();
    }
    const db = await openDb({ databaseUrl: url, poolSize: 5 });
    return {
      db,
      url,
      drop: async () => {
        await db.close();
        const c = new pg.Client({ connectionString: base });
        await c.connect();
        await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
        await c.end();
      },
    };
  } finally {
    await admin.end();
  }
}
