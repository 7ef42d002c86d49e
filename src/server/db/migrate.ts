import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Db } from './db.ts';

const MIGRATIONS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');
// An arbitrary constant shared by every process of this product: the advisory lock that makes
// two processes starting at once take turns instead of both migrating.
const MIGRATION_LOCK_KEY = 7_341_002_019;

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/** Ordered SQL migrations: files named NNNN_name.sql in db/migrations. */
export function listMigrations(dir = MIGRATIONS_DIR): Migration[] {
  return fs
    .readdirSync(dir)
    .filter((f) => /^\d{4}_[a-z0-9_-]+\.sql$/.test(f))
    .sort()
    .map((file) => ({
      version: Number(file.slice(0, 4)),
      name: file.slice(5, -4),
      sql: fs.readFileSync(path.join(dir, file), 'utf8'),
    }));
}

export interface MigrateResult {
  applied: string[];
  version: number;
}

export interface MigrateOptions {
  /**
   * The PostgreSQL role the service runs as, when it is not the role migrating (the tables' owner):
   * after the migrations it is granted only what the product needs (see grantServiceRole).
   */
  serviceRole?: string;
}

/** Applies pending migrations under an advisory lock; each migration in its own transaction. */
export async function migrate(db: Db, log: (msg: string) => void = () => undefined, options: MigrateOptions = {}): Promise<MigrateResult> {
  const migrations = listMigrations();
  return db.withConnection(async (conn) => {
    await conn.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    try {
      await conn.query(`CREATE TABLE IF NOT EXISTS schema_migration (
        version integer PRIMARY KEY,
        name text NOT NULL,
        applied_at timestamptz NOT NULL DEFAULT now()
      )`);
      const done = new Set(
        (await conn.query<{ version: number }>('SELECT version FROM schema_migration')).rows.map((r) => r.version),
      );
      const applied: string[] = [];
      for (const m of migrations) {
        if (done.has(m.version)) continue;
        await conn.transaction(async (tx) => {
          await tx.exec(m.sql);
          await tx.query('INSERT INTO schema_migration (version, name) VALUES ($1, $2)', [m.version, m.name]);
        });
        applied.push(`${String(m.version).padStart(4, '0')}_${m.name}`);
        log(`migration applied: ${applied[applied.length - 1]}`);
      }
      if (options.serviceRole && db.kind === 'postgres') {
        await grantServiceRole(conn, options.serviceRole);
        log(`service role ${options.serviceRole}: rights granted (audit trail and value history insert-only)`);
      }
      return { applied, version: await currentVersion(conn) };
    } finally {
      await conn.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]);
    }
  });
}

export async function currentVersion(db: Db): Promise<number> {
  const { rows } = await db.query<{ v: number | null }>('SELECT max(version) AS v FROM schema_migration');
  return rows[0]?.v ?? 0;
}

/** Tables the service may read and add to, but never change or empty. */
export const APPEND_ONLY_TABLES = ['audit_log', 'data_value_history'] as const;

const quoteIdent = (name: string) => `"${name.replace(/"/g, '""')}"`;

/**
 * Gives the service role what the product needs and nothing more, on every table the migrations
 * made: read and write, except the audit trail and the value history, which it may only read and
 * add to. It owns nothing, so it can neither disable nor drop their triggers, nor TRUNCATE, ALTER or
 * DROP anything. Run as the tables' owner, after each migration run (new tables get their grants).
 */
export async function grantServiceRole(db: Db, role: string): Promise<void> {
  const { rows } = await db.query<{ is_super: boolean; is_owner: boolean; schema: string }>(
    `SELECT r.rolsuper AS is_super, pg_has_role($1, c.relowner, 'USAGE') AS is_owner, current_schema() AS schema
       FROM pg_roles r, pg_class c WHERE r.rolname = $1 AND c.oid = 'audit_log'::regclass`,
    [role],
  );
  if (!rows[0]) throw new Error(`role ${role} does not exist: create it first (docs/operations.md, "Database roles")`);
  if (rows[0].is_super || rows[0].is_owner) {
    throw new Error(`role ${role} is a superuser or owns the tables: the service must run as a role of its own (docs/operations.md, "Database roles")`);
  }
  const r = quoteIdent(role);
  const schema = quoteIdent(rows[0].schema);
  await db.exec(`
    GRANT USAGE ON SCHEMA ${schema} TO ${r};
    GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA ${schema} TO ${r};
    REVOKE TRUNCATE, REFERENCES, TRIGGER ON ALL TABLES IN SCHEMA ${schema} FROM ${r};
    REVOKE UPDATE, DELETE ON ${APPEND_ONLY_TABLES.join(', ')} FROM ${r};
    REVOKE INSERT, UPDATE, DELETE ON schema_migration FROM ${r};
    GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA ${schema} TO ${r};
  `);
}

/**
 * How the connected role stands towards the audit trail: a superuser or the tables' owner can
 * disable its trigger, so the trail is append-only only for the polite.
 */
export async function auditProtection(db: Db): Promise<{ role: string; isSuperuser: boolean; ownsTables: boolean }> {
  const { rows } = await db.query<{ role: string; is_super: boolean; owns: boolean }>(
    `SELECT current_user AS role, r.rolsuper AS is_super, pg_has_role(current_user, c.relowner, 'USAGE') AS owns
       FROM pg_roles r, pg_class c WHERE r.rolname = current_user AND c.oid = 'audit_log'::regclass`,
  );
  return { role: rows[0].role, isSuperuser: rows[0].is_super, ownsTables: rows[0].owns };
}
