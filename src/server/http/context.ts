import type { AnalyticsCache } from '../modules/analytics/cache.ts';
import type { FastifyBaseLogger, FastifyInstance, FastifyRequest } from 'fastify';
import type { Db } from '../db/db.ts';
import { laterLsn, routedReadDb, type ReadRouter } from '../db/read-routing.ts';
import type { Actor } from '../access.ts';
import type { Config } from '../config.ts';
import type { Lang } from './errors.ts';
import type { JobQueue } from '../modules/jobs/runner.ts';
import { requestLang } from './errors.ts';

/** What a service receives: never the request itself. */
export interface ServiceContext {
  db: Db;
  actor: Actor;
  log: FastifyBaseLogger;
  clock: () => Date;
  config: Config;
  lang: Lang;
  /** The job runner of this process, woken when a service queues long work. */
  jobs?: JobQueue;
  /**
   * figure_version as read at the start of the request, when its reads go to the primary (the replica may be
   * behind it): what the process's caches are checked against. Absent: caches are not used.
   */
  figureVersion?: number;
  /** work_version read with figureVersion (reports in, alerts open); absent when figureVersion is. */
  workVersion?: number;
  /** This process's analytics cache (metadata snapshot and answers), good for one figureVersion. */
  analyticsCache?: AnalyticsCache;
}

declare module 'fastify' {
  interface FastifyInstance {
    db: Db;
    config: Config;
    clock: () => Date;
    /** This process's analytics cache. */
    analyticsCache: AnalyticsCache;
    /** Where analytics reads go when a replica is configured; null otherwise. */
    readRouter: ReadRouter | null;
    /** Every route: method, URL, whether it is public, the query parameters its schema declares. */
    routeList: { method: string; url: string; isPublic: boolean; query: string[] }[];
  }
  interface FastifyRequest {
    actor: Actor;
    /** The CSRF token of the cookie session, when the request came with one. */
    sessionCsrf?: string;
    sessionId?: string;
    /** Where this request's reads went, when they could go to a replica. */
    readFrom?: 'replica' | 'primary';
  }
}

/** Reads under these paths may be served by the replica (they never write). */
const REPLICA_READ_PREFIXES = ['/api/analytics'];
/** Carries the WAL position of the caller's last write, so that its next reads see it. */
export const WAL_COOKIE = 'tiendo_wal';
export const WAL_HEADER = 'x-tiendo-wal-lsn';
const MIN_LSN_HEADER = 'x-tiendo-min-lsn';
const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
// Writers' last positions in this process, for API clients that keep no cookie. Bounded: the oldest go first.
const lastWriteOf = new Map<string, string>();
const LAST_WRITE_KEYS = 10_000;

const writerKey = (request: FastifyRequest) => (request.actor?.kind === 'token' ? `t:${request.actor.tokenId}` : request.actor?.kind === 'user' ? `u:${request.actor.userId}` : null);

/** The database a request's reads go to: the replica for analytics GETs when it has caught up enough. */
function readDbOf(request: FastifyRequest): Db | null {
  const router = request.server.readRouter;
  if (!router || request.method !== 'GET') return null;
  const path = request.url.split('?')[0];
  if (!REPLICA_READ_PREFIXES.some((p) => path === p || path.startsWith(`${p}/`) || path.startsWith(`${p}.`))) return null;
  const key = writerKey(request);
  const header = request.headers[MIN_LSN_HEADER];
  const mustSee = laterLsn(laterLsn(request.cookies?.[WAL_COOKIE], typeof header === 'string' ? header : null), key ? lastWriteOf.get(key) : null);
  return routedReadDb(router, mustSee, (where) => {
    request.readFrom = where;
  });
}

/**
 * With a replica, every successful write answers with the primary's WAL position after it (cookie
 * and header), so that the writer's following reads — in this process or another — wait for the
 * replica to replay it or go to the primary.
 */
export function registerReadYourWrites(app: FastifyInstance) {
  app.addHook('onSend', async (request, reply) => {
    if (request.readFrom) reply.header('x-tiendo-read-from', request.readFrom);
    const router = app.readRouter;
    if (!router || !UNSAFE.has(request.method) || reply.statusCode >= 400 || !request.url.startsWith('/api/')) return;
    try {
      const lsn = await router.primaryLsn();
      reply.header(WAL_HEADER, lsn);
      reply.setCookie(WAL_COOKIE, lsn, { httpOnly: true, sameSite: 'lax', path: '/api/', maxAge: 600, secure: Boolean(app.config.PUBLIC_URL?.startsWith('https://')) });
      const key = writerKey(request);
      if (key) {
        lastWriteOf.delete(key);
        lastWriteOf.set(key, lsn);
        if (lastWriteOf.size > LAST_WRITE_KEYS) lastWriteOf.delete(lastWriteOf.keys().next().value!);
      }
    } catch (err) {
      request.log.warn({ err }, "WAL position after a write not read: this writer's next analytics reads may not see the write on the replica");
    }
  });
}

export function contextOf(request: FastifyRequest): ServiceContext {
  const app = request.server;
  const readDb = readDbOf(request);
  const figureVersion = readDb === null ? request.versions?.figure : undefined;
  return {
    db: readDb ?? app.db,
    actor: request.actor,
    log: request.log,
    clock: app.clock,
    config: app.config,
    lang: requestLang(request),
    jobs: app.jobs,
    figureVersion,
    workVersion: figureVersion === undefined ? undefined : request.versions?.work,
    analyticsCache: figureVersion === undefined ? undefined : app.analyticsCache,
  };
}
