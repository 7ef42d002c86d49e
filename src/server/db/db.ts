import pg from 'pg';
import { PGlite } from '@electric-sql/pglite';
import fs from 'node:fs';
import path from 'node:path';

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

/** Thrown by a transaction's handle used after its transaction ended: a statement must never run there. */
export class TransactionEndedError extends Error {
  constructor() {
    super('statement issued on a transaction that has ended');
    this.name = 'TransactionEndedError';
  }
}

class PgDb implements Db {
  readonly kind = 'postgres' as const;
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
    await (this.client ?? this.pool).query(sql);
  }

  async query<T = Row>(sql: string, params: readonly unknown[] = []): Promise<QueryResult<T>> {
    if (this.span.ended) throw new TransactionEndedError();
    const result = await (this.client ?? this.pool).query(sql, params as unknown[]);
    return { rows: result.rows as T[], rowCount: result.rowCount ?? 0 };
  }

  async transaction<T>(fn: (tx: Db) => Promise<T>): Promise<T> {
    if (this.inTx) return fn(this);
    if (this.span.ended) throw new TransactionEndedError();
    const client = this.client ?? (await this.pool.connect());
    const span = { ended: false };
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
      await client.query('ROLLBACK').catch(() => undefined);
      throw err;
    } finally {
      if (!this.client) client.release();
    }
  }

  async withConnection<T>(fn: (conn: Db & { raw: pg.PoolClient }) => Promise<T>): Promise<T> {
    if (this.span.ended) throw new TransactionEndedError();
    if (this.client) return fn(Object.assign(new PgDb(this.pool, this.client, this.inTx, this.span), { raw: this.client }));
    const client = await this.pool.connect();
    try {
      return await fn(Object.assign(new PgDb(this.pool, client), { raw: client }));
    } finally {
      client.release();
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
}

/** Opens PostgreSQL when a URL is given, otherwise embedded PGlite in dataDir. */
export async function openDb(options: OpenDbOptions): Promise<Db> {
  if (options.databaseUrl) {
    const pool = new pg.Pool({ connectionString: options.databaseUrl, max: options.poolSize ?? 10 });
    pool.on('error', () => undefined); // an idle client dropped by the server must not crash the process
    await pool.query('SELECT 1');
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
    parsers: {
      [PGLITE_INT8]: (v: string) => Number(v),
      [PGLITE_NUMERIC]: (v: string) => Number(v),
      [PGLITE_DATE]: (v: string) => v,
    },
  });
  return new PgliteDb(lite);
}
