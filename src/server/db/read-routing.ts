// Reads that may go to a streaming replica (analytics), lag-aware: a read that must see the caller's
// own write goes to the primary until the replica has replayed past that write; a replica that lags
// too far, or cannot be reached, leaves every read to the primary until it is back.
import type { Kysely } from 'kysely';
import { createKysely } from './kysely.ts';
import type { DB } from './schema.ts';
import type pg from 'pg';
import type { PGlite } from '@electric-sql/pglite';
import { isConnectionError } from './connection-errors.ts';
import type { Db, QueryResult, Row } from './db.ts';

/** A WAL position 'X/Y' as a number that orders. */
export function lsnValue(lsn: string): bigint | null {
  const m = /^([0-9A-Fa-f]{1,8})\/([0-9A-Fa-f]{1,8})$/.exec(lsn.trim());
  return m ? (BigInt(`0x${m[1]}`) << 32n) + BigInt(`0x${m[2]}`) : null;
}

/** The later of two WAL positions (null and malformed ones lose). */
export function laterLsn(a: string | null | undefined, b: string | null | undefined): string | null {
  const va = a ? lsnValue(a) : null;
  const vb = b ? lsnValue(b) : null;
  if (va === null) return vb === null ? null : b!;
  if (vb === null) return a!;
  return vb > va ? b! : a!;
}

export interface ReadRouterOptions {
  /** Largest replay lag at which the replica serves reads that need no write of the caller's. */
  maxLagMs: number;
  /** How often the replica's position is probed. */
  probeEveryMs?: number;
  log?: (msg: string, err?: unknown) => void;
}

export interface ReadRouterState {
  replicaUp: boolean;
  lagMs: number | null;
  replayLsn: string | null;
  readsOnReplica: number;
  readsOnPrimary: number;
}

/**
 * Chooses where a read goes. Every probe records the primary's WAL position with its time; the
 * replica's lag is how long ago the newest recorded position it has replayed was current.
 */
export class ReadRouter {
  private samples: { at: number; lsn: bigint }[] = [];
  private replayLsn: string | null = null;
  private lagMs: number | null = null;
  private up = false;
  private timer: NodeJS.Timeout | null = null;
  private readonly counts = { replica: 0, primary: 0 };

  constructor(
    readonly primary: Db,
    readonly replica: Db,
    private readonly options: ReadRouterOptions,
  ) {}

  /** Probes once, then keeps probing in the background. */
  async start(): Promise<void> {
    await this.probe();
    this.timer = setInterval(() => void this.probe(), this.options.probeEveryMs ?? 1_000);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  state(): ReadRouterState {
    return { replicaUp: this.up, lagMs: this.lagMs, replayLsn: this.replayLsn, readsOnReplica: this.counts.replica, readsOnPrimary: this.counts.primary };
  }

  /** The primary's current WAL position: what a read after this moment's writes must see. */
  async primaryLsn(): Promise<string> {
    const { rows } = await this.primary.query<{ lsn: string }>('SELECT pg_current_wal_lsn()::text AS lsn');
    return rows[0].lsn;
  }

  async probe(): Promise<void> {
    try {
      const now = Date.now();
      const primaryLsn = lsnValue(await this.primaryLsn());
      if (primaryLsn !== null) {
        this.samples.push({ at: now, lsn: primaryLsn });
        const keep = now - Math.max(60_000, this.options.maxLagMs * 4);
        while (this.samples.length > 2 && this.samples[0].at < keep) this.samples.shift();
      }
    } catch {
      // The primary being away is the request path's business (503); the replica is probed anyway.
    }
    try {
      const { rows } = await this.replica.query<{ lsn: string | null; recovering: boolean }>('SELECT pg_last_wal_replay_lsn()::text AS lsn, pg_is_in_recovery() AS recovering');
      const replay = rows[0].lsn ? lsnValue(rows[0].lsn) : null;
      if (!rows[0].recovering || replay === null) throw new Error('not a streaming replica');
      this.replayLsn = rows[0].lsn;
      // The newest primary position the replica has replayed: the replica is at least that current.
      let caughtUp: number | null = null;
      for (const s of this.samples) if (s.lsn <= replay) caughtUp = s.at;
      const newest = this.samples.at(-1);
      this.lagMs = newest && newest.lsn <= replay ? 0 : caughtUp === null ? Number.POSITIVE_INFINITY : Date.now() - caughtUp;
      if (!this.up) this.options.log?.('read replica: in service');
      this.up = true;
    } catch (err) {
      if (this.up) this.options.log?.('read replica: out of service, reads go to the primary', err);
      this.up = false;
      this.lagMs = null;
    }
  }

  /**
   * The database a read goes to. With `mustSee` (the WAL position of the caller's last write) the
   * replica serves only once it has replayed that far; otherwise only while its lag is within bounds.
   */
  async choose(mustSee: string | null, onFallback?: () => void): Promise<Db> {
    if (!this.up) return this.onPrimary();
    if (mustSee) {
      const want = lsnValue(mustSee);
      const have = this.replayLsn ? lsnValue(this.replayLsn) : null;
      if (want !== null && (have === null || have < want)) {
        try {
          const { rows } = await this.replica.query<{ ok: boolean }>('SELECT pg_last_wal_replay_lsn() >= $1::pg_lsn AS ok', [mustSee]);
          if (!rows[0]?.ok) return this.onPrimary();
        } catch (err) {
          this.markDown(err);
          return this.onPrimary();
        }
      }
    } else if (this.lagMs === null || this.lagMs > this.options.maxLagMs) {
      return this.onPrimary();
    }
    this.counts.replica++;
    return new ReplicaDb(this.replica, this.primary, (err) => {
      this.markDown(err);
      onFallback?.();
    });
  }

  private onPrimary(): Db {
    this.counts.primary++;
    return this.primary;
  }

  private markDown(err: unknown) {
    if (this.up) this.options.log?.('read replica: out of service, reads go to the primary', err);
    this.up = false;
  }
}

/** Reads on the replica; a replica found unreachable mid-request sends the read to the primary. */
class ReplicaDb implements Db {
  readonly kind = 'postgres' as const;
  private typed: Kysely<DB> | undefined;
  get kysely(): Kysely<DB> {
    return (this.typed ??= createKysely<DB>(this));
  }
  constructor(
    private readonly replica: Db,
    private readonly primary: Db,
    private readonly onDown: (err: unknown) => void,
  ) {}
  async query<T = Row>(sql: string, params?: readonly unknown[]): Promise<QueryResult<T>> {
    try {
      return await this.replica.query<T>(sql, params);
    } catch (err) {
      // A read path that writes after all (read-only transaction) is sent where writes go.
      if ((err as { code?: unknown }).code === '25006') return this.primary.query<T>(sql, params);
      if (!isConnectionError(err)) throw err;
      this.onDown(err);
      return this.primary.query<T>(sql, params);
    }
  }
  exec(sql: string): Promise<void> {
    return this.primary.exec(sql);
  }
  // A transaction cannot move between servers once begun: reads that need one run on the primary.
  transaction<T>(fn: (tx: Db) => Promise<T>): Promise<T> {
    return this.primary.transaction(fn);
  }
  withConnection<T>(fn: (conn: Db & { raw: pg.PoolClient | PGlite }) => Promise<T>): Promise<T> {
    return this.primary.withConnection(fn);
  }
  async close(): Promise<void> {}
}

/**
 * A request's read database, chosen at its first query (so a request that never reads costs
 * nothing) and kept for the rest of the request. `chosen` tells where it went.
 */
export function routedReadDb(router: ReadRouter, mustSee: string | null, chosen?: (where: 'replica' | 'primary') => void): Db {
  let pick: Promise<Db> | null = null;
  const db = () =>
    (pick ??= router
      .choose(mustSee, () => chosen?.('primary'))
      .then((d) => {
        chosen?.(d === router.primary ? 'primary' : 'replica');
        return d;
      }));
  let typed: Kysely<DB> | undefined;
  const routed: Db = {
    kind: 'postgres',
    get kysely() {
      return (typed ??= createKysely<DB>(routed));
    },
    query: async <T = Row>(sql: string, params?: readonly unknown[]) => (await db()).query<T>(sql, params),
    exec: async (sql: string) => (await db()).exec(sql),
    transaction: async <T>(fn: (tx: Db) => Promise<T>) => (await db()).transaction(fn),
    withConnection: async <T>(fn: (conn: Db & { raw: pg.PoolClient | PGlite }) => Promise<T>) => (await db()).withConnection(fn),
    close: async () => undefined,
  };
  return routed;
}
