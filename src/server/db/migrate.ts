import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Db } from './db.ts';

export const MIGRATIONS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');
// An arbitrary constant shared by every process of this product: the advisory lock that makes
// two processes starting at once take turns instead of both migrating.
const MIGRATION_LOCK_KEY = 7_341_002_019;

export interface Migration {
  version: number;
  name: string;
  /** The file's name, NNNN_name.sql. */
  file: string;
  sql: string;
  /** sha256 of the file's bytes, hex. */
  checksum: string;
}

export const MIGRATION_FILE = /^\d{4}_[a-z0-9_-]+\.sql$/;

export function sha256Hex(bytes: Buffer | string): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** Ordered SQL migrations: files named NNNN_name.sql in db/migrations. */
export function listMigrations(dir = MIGRATIONS_DIR): Migration[] {
  return fs
    .readdirSync(dir)
    .filter((f) => MIGRATION_FILE.test(f))
    .sort()
    .map((file) => {
      const bytes = fs.readFileSync(path.join(dir, file));
      return { version: Number(file.slice(0, 4)), name: file.slice(5, -4), file, sql: bytes.toString('utf8'), checksum: sha256Hex(bytes) };
    });
}

/**
 * The database and the migration files disagree: a file applied here was edited or removed, or a new
 * file was numbered below one already applied. Bilingual like every message of the product.
 */
export class MigrationError extends Error {
  readonly code = 'MIGRATION_REFUSED';
  constructor(
    readonly messageVi: string,
    readonly messageEn: string,
  ) {
    super(`${messageVi}\n${messageEn}`);
    this.name = 'MigrationError';
  }
}

export interface MigrateResult {
  applied: string[];
  version: number;
}

interface AppliedRow {
  version: number;
  name: string;
  checksum: string | null;
}

export interface MigrateOptions {
  /**
   * The PostgreSQL role the service runs as, when it is not the role migrating (the tables' owner):
   * after the migrations it is granted only what the product needs (see grantServiceRole).
   */
  serviceRole?: string;
  /** Folder of the migration files (tests); defaults to db/migrations. */
  dir?: string;
}

/**
 * Applies pending migrations under an advisory lock, each in its own transaction, after checking
 * that every migration already applied is byte for byte the file it was (sha256 kept in
 * schema_migration) and that no pending file is numbered below the newest applied one.
 */
export async function migrate(db: Db, log: (msg: string) => void = () => undefined, options: MigrateOptions = {}): Promise<MigrateResult> {
  const dir = options.dir ?? MIGRATIONS_DIR;
  const migrations = listMigrations(dir);
  return db.withConnection(async (conn) => {
    await conn.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    try {
      await conn.query(`CREATE TABLE IF NOT EXISTS schema_migration (
        version integer PRIMARY KEY,
        name text NOT NULL,
        applied_at timestamptz NOT NULL DEFAULT now()
      )`);
      // Databases created before checksums were kept get the column here; their rows are filled
      // below from the files as they are on the first start that knows about checksums.
      await conn.query('ALTER TABLE schema_migration ADD COLUMN IF NOT EXISTS checksum text');
      const appliedRows = (await conn.query<AppliedRow>('SELECT version, name, checksum FROM schema_migration ORDER BY version')).rows;
      const byVersion = new Map(migrations.map((m) => [m.version, m]));
      for (const row of appliedRows) {
        const file = byVersion.get(row.version);
        const label = `${String(row.version).padStart(4, '0')}_${row.name}.sql`;
        if (!file) {
          throw new MigrationError(
            `Migration ${label} đã được áp dụng vào cơ sở dữ liệu này nhưng không còn tệp của nó trong ${path.basename(dir)}/. Không được xoá hay đổi tên một migration đã áp dụng: hãy khôi phục tệp.`,
            `Migration ${label} was applied to this database but its file is no longer in ${path.basename(dir)}/. An applied migration is never removed or renamed: restore the file.`,
          );
        }
        if (row.checksum === null) {
          await conn.query('UPDATE schema_migration SET checksum = $2 WHERE version = $1 AND checksum IS NULL', [row.version, file.checksum]);
          continue;
        }
        if (row.checksum !== file.checksum) {
          throw new MigrationError(
            `Tệp migration ${file.file} đã bị sửa sau khi được áp dụng vào cơ sở dữ liệu này (sha256 lúc áp dụng ${row.checksum.slice(0, 12)}…, tệp hiện tại ${file.checksum.slice(0, 12)}…). Migration đã áp dụng không được sửa: hãy khôi phục tệp và đưa thay đổi vào một migration mới.`,
            `Migration file ${file.file} was changed after it was applied to this database (sha256 when applied ${row.checksum.slice(0, 12)}…, file now ${file.checksum.slice(0, 12)}…). An applied migration is never edited: restore the file and put the change in a new migration.`,
          );
        }
      }
      const newest = appliedRows.at(-1)?.version ?? 0;
      const done = new Set(appliedRows.map((r) => r.version));
      const pending = migrations.filter((m) => !done.has(m.version));
      const outOfOrder = pending.filter((m) => m.version < newest);
      if (outOfOrder.length > 0) {
        const files = outOfOrder.map((m) => m.file).join(', ');
        const last = String(newest).padStart(4, '0');
        throw new MigrationError(
          `Migration ${files} chưa được áp dụng nhưng mang số nhỏ hơn migration mới nhất đã áp dụng (${last}). Migration mới chỉ được thêm vào cuối: hãy đổi số tệp lớn hơn ${last}.`,
          `Migration ${files} is pending but numbered below the newest applied migration (${last}). New migrations only append: renumber the file above ${last}.`,
        );
      }
      const applied: string[] = [];
      for (const m of pending) {
        await conn.transaction(async (tx) => {
          await tx.exec(m.sql);
          await tx.query('INSERT INTO schema_migration (version, name, checksum) VALUES ($1, $2, $3)', [m.version, m.name, m.checksum]);
        });
        applied.push(m.file.slice(0, -4));
        log(`migration applied: ${m.file.slice(0, -4)}`);
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
