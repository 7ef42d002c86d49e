import { AnalyticsCache } from './modules/analytics/cache.ts';
import Fastify, { LogController, type FastifyInstance } from 'fastify';
import cookie from '@fastify/cookie';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import fastifyStatic from '@fastify/static';
import multipart from '@fastify/multipart';
import { jsonSchemaTransform, serializerCompiler } from 'fastify-type-provider-zod';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifySchemaCompiler } from 'fastify';
import type { ZodType } from 'zod';
import type { Config } from './config.ts';
import type { Db } from './db/db.ts';
import { registerAuthentication } from './http/auth.ts';
import { AppError, badRequest, registerErrorHandling, runtimeError, sendError } from './http/errors.ts';
import { MODULE_ROUTES } from './modules/index.ts';
import type { BackgroundJob } from './jobs.ts';
import { JobRunner, type JobKind, type JobRunnerOptions } from './modules/jobs/runner.ts';
import { excelUploadJob } from './modules/excel/service.ts';
import { dataValueImportJob } from './modules/data-values/async-import.ts';
import { alertEvaluationJob } from './modules/alerts/jobs.ts';
import { openDataPublishJob } from './modules/opendata/jobs.ts';
import { takedownFiguresJob } from './modules/takedown/jobs.ts';

/**
 * Every kind of long work the product queues (run by the job runner of any process, with its
 * concurrency, retries and take-over after a crash). A new kind is declared here.
 */
export const JOB_KINDS: readonly JobKind<never>[] = [excelUploadJob, dataValueImportJob];

/** Every scheduled job (run by `tiendo serve` unless JOBS=off, one process at a time). A new one is declared here. */
export const SCHEDULED_JOBS: readonly BackgroundJob[] = [alertEvaluationJob, openDataPublishJob, takedownFiguresJob];
import type { ReadRouter } from './db/read-routing.ts';
import { registerReadYourWrites } from './http/context.ts';
import { findNulInRequest, nulCharacterError } from './http/nul.ts';

export interface AppDeps {
  config: Config;
  db: Db;
  clock?: () => Date;
  /** Folder of the built web client; defaults to dist/web. */
  webDir?: string | null;
  /** Timings of the job runner (tests shorten them). */
  jobRunner?: Pick<JobRunnerOptions, 'pollMs' | 'heartbeatMs' | 'staleAfterMs'>;
  /** Sends analytics reads to a streaming replica (READ_DATABASE_URL); without it every read goes to `db`. */
  readRouter?: ReadRouter | null;
}

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

// Keeps zod's own error (issues with codes and paths) so the error handler can localise each one.
const zodValidatorCompiler: FastifySchemaCompiler<ZodType> =
  ({ schema }) =>
  (data) => {
    const result = schema.safeParse(data);
    return result.success ? { value: result.data } : { error: result.error };
  };

const VERSIONED = /^\/api\/(2[89]|3\d|4[0-2])(\/|$)/;
const DOT_JSON = /^\/api\/(me|system\/info|dataValueSets)\.json(?=\?|$)/;

const EXPORT_EXT = /^\/api\/dataValueSets\.(csv|xml|adx)(\?|$)/;

/** /api/41/me.json → /api/me; GET /api/dataValueSets.csv?… → /api/dataValueSets?format=csv&…; other URLs unchanged. */
export function rewriteDhis2Url(url: string, method: string): string {
  let out = url.replace(VERSIONED, '/api/');
  out = out.replace(DOT_JSON, '/api/$1');
  if (method === 'GET') out = out.replace(EXPORT_EXT, (_m, ext: string, q: string) => `/api/dataValueSets?format=${ext}${q ? '&' : ''}`);
  return out;
}

/** Builds the HTTP application without listening, so tests can inject requests. */
export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const { config, db } = deps;
  const app = Fastify({
    logger: { level: config.LOG_LEVEL },
    // One line per request (written when it is answered, below) instead of Fastify's two.
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: config.BODY_LIMIT_BYTES,
    genReqId: () => randomUUID(),
    trustProxy: Boolean(config.PUBLIC_URL),
    // DHIS2 clients address a fixed API version (/api/41/dataValueSets) and often add .json: both lead
    // to the same routes (versions 28 to 42, the ones DHIS2 2.41 still answers).
    rewriteUrl: (req) => rewriteDhis2Url(req.url ?? '/', req.method ?? 'GET'),
    // A URL that cannot be decoded is answered like every other refusal, naming where.
    frameworkErrors: (error, request, reply) => {
      if (error.code === 'FST_ERR_BAD_URL') {
        return sendError(
          reply,
          request,
          badRequest('BAD_URL', 'Đường dẫn chứa ký tự mã hoá sai', 'The URL holds a wrongly encoded character', [
            { path: 'url', messageVi: 'Mã hoá phần trăm (%XX) không hợp lệ', messageEn: 'Invalid percent-encoding (%XX)' },
          ]),
        );
      }
      return sendError(reply, request, runtimeError(error.code, error.statusCode ?? 400, error.message, error.message, [{ path: 'request', messageVi: error.message, messageEn: error.message }]));
    },
  });
  app.decorate('db', db);
  app.decorate('config', config);
  app.decorate('clock', deps.clock ?? (() => new Date()));
  // Long work runs in every process that serves requests: started when the app is ready, stopped
  // (waiting for the jobs it runs) when it closes.
  const jobs = new JobRunner({ db, config, log: app.log, clock: app.clock, kinds: JOB_KINDS, ...deps.jobRunner });
  app.decorate('jobs', jobs);
  app.addHook('onReady', async () => jobs.start());
  app.addHook('onClose', async () => jobs.stop());
  app.decorate('readRouter', deps.readRouter ?? null);
  app.decorate('analyticsCache', new AnalyticsCache());
  app.addHook('onResponse', async (request, reply) => {
    request.log.info({ method: request.method, url: request.url, status: reply.statusCode, ms: Math.round(reply.elapsedTime) }, 'request');
  });
  // Every route the app serves, for the access walk in tests and for diagnostics.
  const routeList: { method: string; url: string; isPublic: boolean; query: string[] }[] = [];
  app.decorate('routeList', routeList);
  app.addHook('onRoute', (route) => {
    const querystring = (route.schema as { querystring?: { shape?: Record<string, unknown> } } | undefined)?.querystring;
    const query = querystring?.shape ? Object.keys(querystring.shape) : [];
    for (const method of [route.method].flat()) {
      if (method !== 'HEAD') routeList.push({ method, url: route.url, isPublic: route.config?.public === true, query });
    }
  });
  // PostgreSQL cannot store U+0000 in text: refused once here, for every route, naming where it is.
  app.addHook('preValidation', async (request) => {
    const where = findNulInRequest(request);
    if (where) throw nulCharacterError(where);
  });
  app.setValidatorCompiler(zodValidatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });

  registerErrorHandling(app);
  const https = Boolean(config.PUBLIC_URL?.startsWith('https://'));
  // A strict policy the built web client passes: its scripts and styles are files of its own, and
  // nothing inline; the page cannot be framed; no referrer leaves the site.
  const csp: Record<string, string[]> = {
    defaultSrc: ["'self'"],
    scriptSrc: ["'self'"],
    styleSrc: ["'self'"],
    imgSrc: ["'self'", 'data:', 'blob:'],
    fontSrc: ["'self'", 'data:'],
    connectSrc: ["'self'"],
    objectSrc: ["'none'"],
    baseUri: ["'self'"],
    formAction: ["'self'"],
    frameAncestors: ["'none'"],
    ...(https ? { upgradeInsecureRequests: [] } : {}),
  };
  await app.register(helmet, {
    contentSecurityPolicy: { useDefaults: false, directives: csp },
    frameguard: { action: 'deny' },
    referrerPolicy: { policy: 'same-origin' },
    strictTransportSecurity: https ? { maxAge: 31_536_000, includeSubDomains: true } : false,
    crossOriginEmbedderPolicy: false,
  });
  await app.register(cookie);
  await app.register(rateLimit, { global: false });
  await app.register(multipart, { limits: { fileSize: 50 * 1024 * 1024, files: 1 } });
  await app.register(swagger, {
    openapi: {
      info: {
        title: 'Tiến Độ API',
        version: '1',
        description: 'Nền tảng quản lý nhà nước trực tuyến — online state-management platform. Sign in with a session cookie (writes need X-CSRF-Token) or an API token (Authorization: Bearer).',
      },
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer' },
          session: { type: 'apiKey', in: 'cookie', name: 'tiendo_session' },
        },
      },
    },
    transform: jsonSchemaTransform,
  });
  // The API reference page keeps the strict policy, except that swagger-ui sets some styles inline.
  await app.register(swaggerUi, {
    routePrefix: '/api/docs',
    staticCSP: true,
    transformStaticCSP: () =>
      Object.entries({ ...csp, styleSrc: ["'self'", "'unsafe-inline'"] })
        .map(([name, values]) => [name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`), ...values].join(' '))
        .join('; '),
  });
  registerAuthentication(app);
  registerReadYourWrites(app);

  for (const routes of MODULE_ROUTES) await app.register(routes);

  const webDir = deps.webDir === undefined ? path.join(ROOT, 'dist/web') : deps.webDir;
  const hasWeb = webDir !== null && fs.existsSync(path.join(webDir, 'index.html'));
  if (hasWeb) {
    await app.register(fastifyStatic, { root: webDir, prefix: '/', wildcard: false, index: false });
  }
  app.setNotFoundHandler((request, reply) => {
    const urlPath = request.url.split('?')[0];
    // The web client routes on its own: any other GET outside /api gets its page.
    if (hasWeb && request.method === 'GET' && !urlPath.startsWith('/api/')) {
      return reply.type('text/html').sendFile('index.html');
    }
    return sendError(reply, request, new AppError('ROUTE_NOT_FOUND', 404, `Không có đường dẫn ${request.method} ${urlPath}`, `No route ${request.method} ${urlPath}`));
  });
  return app;
}
