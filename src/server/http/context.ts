import type { FastifyBaseLogger, FastifyRequest } from 'fastify';
import type { Db } from '../db/db.ts';
import type { Actor } from '../access.ts';
import type { Config } from '../config.ts';
import type { Lang } from './errors.ts';
import { requestLang } from './errors.ts';

/** What a service receives: never the request itself. */
export interface ServiceContext {
  db: Db;
  actor: Actor;
  log: FastifyBaseLogger;
  clock: () => Date;
  config: Config;
  lang: Lang;
}

declare module 'fastify' {
  interface FastifyInstance {
    db: Db;
    config: Config;
    clock: () => Date;
    /** Every route: method, URL, whether it is public, the query parameters its schema declares. */
    routeList: { method: string; url: string; isPublic: boolean; query: string[] }[];
  }
  interface FastifyRequest {
    actor: Actor;
    /** The CSRF token of the cookie session, when the request came with one. */
    sessionCsrf?: string;
    sessionId?: string;
  }
}

export function contextOf(request: FastifyRequest): ServiceContext {
  const app = request.server;
  return { db: app.db, actor: request.actor, log: request.log, clock: app.clock, config: app.config, lang: requestLang(request) };
}
