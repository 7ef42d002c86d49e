/**
 * Kysely, the typed query builder, over the product's own `Db` (pg pool, PGlite, or either inside a
 * transaction): every typed query runs through `Db.query`, on the same connection and in the same
 * transaction as the raw SQL beside it. `db.kysely` is the instance for a handle; inside
 * `db.transaction(async (tx) => …)` use `tx.kysely`. Transactions are opened by `Db.transaction`
 * only, never by Kysely, so a typed query and a raw one can never end up in different transactions.
 */
import { CompiledQuery, Kysely, PostgresAdapter, PostgresIntrospector, PostgresQueryCompiler, type DatabaseConnection, type Dialect, type Driver, type QueryResult } from 'kysely';
import type { Db } from './db.ts';

class DbConnection implements DatabaseConnection {
  constructor(private readonly db: Db) {}

  async executeQuery<R>(compiled: CompiledQuery): Promise<QueryResult<R>> {
    const result = await this.db.query<R>(compiled.sql, compiled.parameters);
    const kind = compiled.query.kind;
    const writes = kind === 'InsertQueryNode' || kind === 'UpdateQueryNode' || kind === 'DeleteQueryNode' || kind === 'MergeQueryNode';
    return { rows: result.rows, ...(writes ? { numAffectedRows: BigInt(result.rowCount) } : {}) };
  }

  // Db offers no streaming: a query that needs it stays raw (COPY, cursors on db.withConnection).
  streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error('Kysely streaming is not available over Db: use db.withConnection for a cursor');
  }
}

const NO_KYSELY_TRANSACTIONS = 'open transactions with db.transaction(async (tx) => …) and use tx.kysely inside it';

class DbDriver implements Driver {
  constructor(private readonly db: Db) {}
  async init(): Promise<void> {}
  async acquireConnection(): Promise<DatabaseConnection> {
    return new DbConnection(this.db);
  }
  async beginTransaction(): Promise<void> {
    throw new Error(NO_KYSELY_TRANSACTIONS);
  }
  async commitTransaction(): Promise<void> {
    throw new Error(NO_KYSELY_TRANSACTIONS);
  }
  async rollbackTransaction(): Promise<void> {
    throw new Error(NO_KYSELY_TRANSACTIONS);
  }
  async releaseConnection(): Promise<void> {}
  async destroy(): Promise<void> {}
}

/** A Kysely instance that runs its queries through `db` (closing it leaves `db` open). */
export function createKysely<T>(db: Db): Kysely<T> {
  const dialect: Dialect = {
    createAdapter: () => new PostgresAdapter(),
    createDriver: () => new DbDriver(db),
    createQueryCompiler: () => new PostgresQueryCompiler(),
    createIntrospector: (k) => new PostgresIntrospector(k),
  };
  return new Kysely<T>({ dialect });
}
