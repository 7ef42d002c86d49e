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

/**
 * Applies pending migrations under an advisory lock, each in its own transaction, after checking
 * that every migration already applied is byte for byte the file it was (sha256 kept in
 * schema_migration) and that no pending file is numbered below the newest applied one.
 */
export async function migrate(db: Db, log: (msg: string) => void = () => undefined, dir = MIGRATIONS_DIR): Promise<MigrateResult> {
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
