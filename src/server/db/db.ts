import pg from 'pg';
import { PGlite } from '@electric-sql/pglite';
import fs from 'node:fs';
import path from 'node:path';
import type { Kysely } from 'kysely';
import { createKysely } from './kysely.ts';
import type { DB } from './schema.ts';
import { AppError, databaseUnavailable } from '../http/errors.ts';
import { isConnectionError } from './connection-errors.ts';

export type Row = Record<string, unknown>;

export interface QueryResult<T> {
  rows: T[];
  rowCount: number;
}

/**
 * The one database handle services and repos receive. Both PostgreSQL (pg) and embedded PGlite
 * are wrapped behind it, so every query is written once in PostgreSQL's dialect.
 */
export interface Db {
  readonly kind: 'postgres' | 'pglite';
  /**
   * Typed queries (Kysely, types generated from the migrated schema in schema.ts) through this very
   * handle: inside `db.transaction(async (tx) => …)`, `tx.kysely` runs in that transaction.
   */
  readonly kysely: Kysely<DB>;
  query<T = Row>(sql: string, params?: readonly unknown[]): Promise<QueryResult<T>>;
  /** Runs a script of several statements without parameters (migrations). */
  exec(sql: string): Promise<void>;
  /** Runs fn in a transaction; nested calls reuse the outer transaction. */
  transaction<T>(fn: (tx: Db) => Promise<T>): Promise<T>;
  /** Runs fn on one dedicated connection (advisory locks, COPY). */
  withConnection<T>(fn: (conn: Db & { raw: pg.PoolClient | PGlite }) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

// int8 and numeric come back as strings by default; counts fit in a double here and values are
// stored as double precision, so parse them into numbers once, at the edge.
pg.types.setTypeParser(20, (v) => Number(v));
pg.types.setTypeParser(1700, (v) => Number(v));
// Dates stay 'YYYY-MM-DD' strings: a Date object would drag the server's time zone into them.
pg.types.setTypeParser(1082, (v) => v);

export { isConnectionError };

/** Rethrows a lost connection as the 503 AppError; other errors unchanged. */
function translate(err: unknown): never {
  if (err instanceof AppError) throw err;
  if (isConnectionError(err)) throw databaseUnavailable(err);
  throw err;
}

/** Thrown by a transaction's handle used after its transaction ended: a statement must never run there. */
export class TransactionEndedError extends Error {
  constructor() {
    super('statement issued on a transaction that has ended');
    this.name = 'TransactionEndedError';
  }
}

class PgDb implements Db {
  readonly kind = 'postgres' as const;
  private typed: Kysely<DB> | undefined;
  get kysely(): Kysely<DB> {
    return (this.typed ??= createKysely<DB>(this));
  }
  constructor(
    private readonly pool: pg.Pool,
    private readonly client: pg.PoolClient | null = null,
    private readonly inTx: boolean = false,
    // Shared by every handle of one transaction: once it ended, its connection is back in the pool
    // (or serving another request) and must not be reached through this handle again.
    private readonly span: { ended: boolean } = { ended: false },
  ) {}

  async exec(sql: string): Promise<void> {
    if (this.span.ended) throw new TransactionEndedError();
    await (this.client ?? this.pool).query(sql).catch(translate);
  }

  async query<T = Row>(sql: string, params: readonly unknown[] = []): Promise<QueryResult<T>> {
    if (this.span.ended) throw new TransactionEndedError();
    const result = await (this.client ?? this.pool).query(sql, params as unknown[]).catch(translate);
    return { rows: result.rows as T[], rowCount: result.rowCount ?? 0 };
  }

  async transaction<T>(fn: (tx: Db) => Promise<T>): Promise<T> {
    if (this.inTx) return fn(this);
    if (this.span.ended) throw new TransactionEndedError();
    const client = this.client ?? (await this.pool.connect().catch(translate));
    const span = { ended: false };
    let broken: Error | undefined;
    try {
      await client.query('BEGIN');
      let result: T;
      try {
        result = await fn(new PgDb(this.pool, client, true, span));
      } finally {
        span.ended = true;
      }
      await client.query('COMMIT');
      return result;
    } catch (err) {
      if (isConnectionError(err)) {
        broken = err instanceof Error ? err : new Error(String(err));
        translate(err);
      }
      await client.query('ROLLBACK').catch(() => undefined);
      throw err;
    } finally {
      // A connection that failed is destroyed, never handed to the next caller.
      if (!this.client) client.release(broken);
    }
  }

  async withConnection<T>(fn: (conn: Db & { raw: pg.PoolClient }) => Promise<T>): Promise<T> {
    if (this.span.ended) throw new TransactionEndedError();
    if (this.client) return fn(Object.assign(new PgDb(this.pool, this.client, this.inTx, this.span), { raw: this.client }));
    const client = await this.pool.connect().catch(translate);
    let broken: Error | undefined;
    try {
      return await fn(Object.assign(new PgDb(this.pool, client), { raw: client }));
    } catch (err) {
      if (isConnectionError(err)) {
        broken = err instanceof Error ? err : new Error(String(err));
        translate(err);
      }
      throw err;
    } finally {
      client.release(broken);
    }
  }

  async close(): Promise<void> {
    if (!this.client) await this.pool.end();
  }
}

const PGLITE_INT8 = 20;
const PGLITE_NUMERIC = 1700;
const PGLITE_DATE = 1082;

class PgliteDb implements Db {
  readonly kind = 'pglite' as const;
  private typed: Kysely<DB> | undefined;
  get kysely(): Kysely<DB> {
    return (this.typed ??= createKysely<DB>(this));
  }
  // PGlite has a single connection: serialise top-level transactions so that concurrent requests
  // never interleave statements inside somebody else's transaction.
  private queue: Promise<unknown> = Promise.resolve();
  constructor(
    private readonly lite: PGlite,
    private readonly inTx: boolean = false,
  ) {}

  async query<T = Row>(sql: string, params: readonly unknown[] = []): Promise<QueryResult<T>> {
    if (!this.inTx) await this.queue;
    const result = await this.lite.query<T>(sql, params as unknown[]);
    return { rows: result.rows, rowCount: result.fields.length > 0 ? result.rows.length : (result.affectedRows ?? 0) };
  }

  async exec(sql: string): Promise<void> {
    await this.queue;
    await this.lite.exec(sql);
  }

  transaction<T>(fn: (tx: Db) => Promise<T>): Promise<T> {
    if (this.inTx) return fn(this);
    const run = this.queue.then(() => this.lite.transaction((tx) => fn(new PgliteTxDb(this.lite, tx))));
    this.queue = run.catch(() => undefined);
    return run;
  }

  withConnection<T>(fn: (conn: Db & { raw: PGlite }) => Promise<T>): Promise<T> {
    return fn(Object.assign(this as Db, { raw: this.lite }));
  }

  async close(): Promise<void> {
    await this.queue;
    await this.lite.close();
  }
}

type PgliteTx = Parameters<Parameters<PGlite['transaction']>[0]>[0];

class PgliteTxDb implements Db {
  readonly kind = 'pglite' as const;
  private typed: Kysely<DB> | undefined;
  get kysely(): Kysely<DB> {
    return (this.typed ??= createKysely<DB>(this));
  }
  constructor(
    private readonly lite: PGlite,
    private readonly tx: PgliteTx,
  ) {}
  async query<T = Row>(sql: string, params: readonly unknown[] = []): Promise<QueryResult<T>> {
    const result = await this.tx.query<T>(sql, params as unknown[]);
    return { rows: result.rows, rowCount: result.fields.length > 0 ? result.rows.length : (result.affectedRows ?? 0) };
  }
  async exec(sql: string): Promise<void> {
    await this.tx.exec(sql);
  }
  transaction<T>(fn: (tx: Db) => Promise<T>): Promise<T> {
    return fn(this);
  }
  withConnection<T>(fn: (conn: Db & { raw: PGlite }) => Promise<T>): Promise<T> {
    return fn(Object.assign(this as Db, { raw: this.lite }));
  }
  async close(): Promise<void> {}
}

export interface OpenDbOptions {
  databaseUrl?: string;
  /** Folder for PGlite; 'memory://' for an in-memory database. */
  dataDir?: string;
  poolSize?: number;
  /** Told when a connection is lost (the pool replaces it by itself). */
  onConnectionError?: (err: Error) => void;
  /** Check the server answers before returning (default true); a replica may be down at start. */
  check?: boolean;
  /** PGlite's shared_buffers (default 8MB). */
  sharedBuffers?: string;
}

/** Opens PostgreSQL when a URL is given, otherwise embedded PGlite in dataDir. */
export async function openDb(options: OpenDbOptions): Promise<Db> {
  if (options.databaseUrl) {
    const pool = new pg.Pool({
      connectionString: options.databaseUrl,
      max: options.poolSize ?? 10,
      // A request waits this long for a connection, then answers 503 with Retry-After instead of hanging.
      connectionTimeoutMillis: 15_000,
    });
    const onError = options.onConnectionError ?? (() => undefined);
    // A client dropped by the server emits 'error': while idle in the pool (pool 'error') and while
    // checked out between two statements of a transaction (the client's own 'error'). With no
    // listener either one would crash the process; the query in flight rejects on its own.
    pool.on('error', onError);
    pool.on('connect', (client) => client.on('error', onError));
    if (options.check !== false) await pool.query('SELECT 1').catch(translate);
    return new PgDb(pool);
  }
  const dir = options.dataDir ?? './data';
  let dataDir: string | undefined;
  if (dir.startsWith('memory://')) dataDir = undefined;
  else {
    dataDir = path.resolve(dir, 'pglite');
    fs.mkdirSync(dataDir, { recursive: true });
  }
  const lite = await PGlite.create({
    dataDir,
    startParams: pgliteStartParams(options.sharedBuffers ?? '8MB'),
    parsers: {
      [PGLITE_INT8]: (v: string) => Number(v),
      [PGLITE_NUMERIC]: (v: string) => Number(v),
      [PGLITE_DATE]: (v: string) => v,
    },
  });
  return new PgliteDb(lite);
}

/**
 * The embedded server keeps its memory small: PostgreSQL's default 128 MB of shared buffers is more than
 * the whole demo, and WebAssembly memory, once grown, is never given back to the system. The database's
 * files stay in the operating system's page cache, so fewer buffers cost little.
 */
function pgliteStartParams(sharedBuffers: string): string[] {
  return [...PGlite.defaultStartParams, '-c', `shared_buffers=${sharedBuffers}`, '-c', 'work_mem=8MB', '-c', 'maintenance_work_mem=32MB', '-c', 'temp_buffers=4MB'];
}
