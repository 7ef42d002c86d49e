// One contract from server to client: a route declares its response schema (zod), the OpenAPI document and the
// web client's types (`z.infer` of the same schemas) both come from it. This test lists every /api route still
// without one, and fails for a route of a module that is done (CONTRACT_MODULES) — so it stays done — and for a
// response schema with an object that would drop unknown fields silently (`z.object` strips; a response object is
// `z.strictObject`, so a field the service adds without the schema knowing is a failed test, not a lost field).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { loadConfig } from './config.ts';
import { MODULE_ROUTES } from './modules/index.ts';

/** Modules whose every route declares its response schema. Add a module here once it is done. */
export const CONTRACT_MODULES: readonly string[] = [
  'health',
  'home',
  'saved-analyses',
  'users',
  'api-tokens',
  'audit',
  'periods',
  'data-quality',
  'outliers',
  'validation-rules',
  'alerts',
  'targets',
  'indicators',
  'regimes',
  'report-status',
  'org-units',
  'metadata',
  'auth',
  'takedown',
  'jobs',
  'dhis2',
  'excel',
  'tasks',
  'commitments',
  'briefings',
  'emulation',
  'evaluation',
  'analytics',
  'data-values',
  'opendata',
];

interface RouteEntry {
  module: string;
  method: string;
  url: string;
  response: Record<string, unknown> | undefined;
}

/** The module folder of each function of MODULE_ROUTES, from the imports of modules/index.ts. */
function moduleOfRoutes(): Map<string, string> {
  const text = fs.readFileSync(path.join(import.meta.dirname, 'modules/index.ts'), 'utf8');
  return new Map([...text.matchAll(/import \{ (\w+) \} from '\.\/([\w-]+)\/routes\.ts'/g)].map((m) => [m[1], m[2]]));
}

async function listRoutes(): Promise<RouteEntry[]> {
  const modules = moduleOfRoutes();
  const config = loadConfig({ LOG_LEVEL: 'silent' });
  const out: RouteEntry[] = [];
  for (const register of MODULE_ROUTES) {
    const module = modules.get(register.name);
    assert.ok(module, `${register.name} is imported in modules/index.ts from ./<module>/routes.ts`);
    // Each module on its own instance (no database: routes are only declared, never called).
    const app: FastifyInstance = Fastify();
    app.decorate('config', config);
    app.setValidatorCompiler(validatorCompiler);
    app.setSerializerCompiler(serializerCompiler);
    app.addHook('onRoute', (route) => {
      for (const method of [route.method].flat()) {
        if (method === 'HEAD' || !route.url.startsWith('/api')) continue;
        out.push({ module, method, url: route.url, response: (route.schema as { response?: Record<string, unknown> } | undefined)?.response });
      }
    });
    await app.register(register);
    await app.ready();
    await app.close();
  }
  return out;
}

interface ZodLike {
  _zod: { def: Record<string, unknown> & { type: string; catchall?: unknown } };
}
const isZod = (value: unknown): value is ZodLike => typeof value === 'object' && value !== null && '_zod' in value;

/** Paths inside a zod schema of objects that strip unknown keys (`z.object`, not `z.strictObject`). */
export function strippingObjects(schema: unknown, at = '', seen = new Set<unknown>()): string[] {
  if (!isZod(schema) || seen.has(schema)) return [];
  seen.add(schema);
  const def = schema._zod.def;
  const found: string[] = [];
  if (def.type === 'object' && def.catchall === undefined) found.push(at || '(root)');
  for (const [key, value] of Object.entries(def)) {
    if (key === 'shape' && typeof value === 'object' && value !== null) {
      for (const [field, inner] of Object.entries(value)) found.push(...strippingObjects(inner, `${at}.${field}`, seen));
    } else if (Array.isArray(value)) {
      for (const inner of value) found.push(...strippingObjects(inner, `${at}|`, seen));
    } else if (key === 'getter' && typeof value === 'function') {
      found.push(...strippingObjects((value as () => unknown)(), at, seen));
    } else if (key !== 'catchall') {
      found.push(...strippingObjects(value, key === 'element' || key === 'valueType' ? `${at}[]` : at, seen));
    }
  }
  return found;
}

/** The zod schemas of a route's `response`: per status, directly or per content type. */
function responseSchemas(response: Record<string, unknown>): [string, unknown][] {
  const out: [string, unknown][] = [];
  for (const [status, value] of Object.entries(response)) {
    if (isZod(value)) out.push([status, value]);
    else if (typeof value === 'object' && value !== null && 'content' in value) {
      for (const [type, media] of Object.entries((value as { content: Record<string, { schema: unknown }> }).content)) out.push([`${status} ${type}`, media.schema]);
    }
  }
  return out;
}

test('strippingObjects finds z.object inside arrays, records, unions and optionals, not z.strictObject', async () => {
  const { z } = await import('zod');
  assert.deepEqual(strippingObjects(z.strictObject({ a: z.array(z.strictObject({ b: z.number() })) })), []);
  assert.deepEqual(strippingObjects(z.strictObject({ a: z.array(z.object({ b: z.number() })).optional() })), ['.a[]']);
  assert.deepEqual(strippingObjects(z.record(z.string(), z.object({}))), ['[]']);
  assert.deepEqual(strippingObjects(z.union([z.null(), z.object({})])), ['|']);
});

test('every route of a done module declares its response schema, and none drops fields silently', async (t) => {
  const routes = await listRoutes();
  const known = new Set(routes.map((r) => r.module));
  for (const module of CONTRACT_MODULES) assert.ok(known.has(module), `CONTRACT_MODULES names ${module}, which has no routes`);
  const missing = routes.filter((r) => !r.response);
  t.diagnostic(`${missing.length} of ${routes.length} /api routes without a response schema`);
  for (const module of new Set(missing.map((r) => r.module))) {
    t.diagnostic(
      `${module}: ${missing
        .filter((r) => r.module === module)
        .map((r) => `${r.method} ${r.url}`)
        .join(', ')}`,
    );
  }
  const done = new Set(CONTRACT_MODULES);
  const undone = missing.filter((r) => done.has(r.module)).map((r) => `${r.module}: ${r.method} ${r.url}`);
  assert.deepEqual(undone, [], 'routes of a done module without a response schema');
  const stripping: string[] = [];
  for (const r of routes.filter((route) => done.has(route.module) && route.response)) {
    for (const [status, schema] of responseSchemas(r.response!)) {
      for (const at of strippingObjects(schema)) stripping.push(`${r.method} ${r.url} ${status} at ${at}`);
    }
  }
  assert.deepEqual(stripping, [], 'response objects that strip unknown fields (use z.strictObject)');
});
