// The fuzz corpus: hostile inputs sent to every write route and the read routes with their query
// strings, on the test database (PGlite, or PostgreSQL with TEST_DATABASE_URL). No answer may be a
// 5xx, and every refusal of an input (400, 413, 415, 422) names its field, row, line or cell in
// details[].path. Cases come from two places: the files in corpus/ (one case each: route, method,
// headers, body, the caller, what is expected) and variants generated for every route of
// app.routeList (hostile path parameters, query parameters and bodies).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { LightMyRequestResponse } from 'fastify';
import type { TestClient } from '../testing/test-app.ts';
import { createReportingWorld, type ReportingWorld } from '../modules/regimes/test-fixtures.ts';

interface CorpusCase {
  name: string;
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  url: string;
  /** Appended to url: [text, times, tail]. */
  urlRepeat?: [string, number, string];
  headers?: Record<string, string>;
  body?: string;
  /** The body as pieces: [text] or [text, times]. */
  bodyRepeat?: ([string] | [string, number])[];
  /** Who sends it: a signed-in administrator (default), the province's API token, or nobody. */
  as?: 'admin' | 'token' | 'anonymous';
  expect?: { status?: number; path?: string };
}

const HERE = path.dirname(fileURLToPath(import.meta.url));
const CORPUS_DIR = path.join(HERE, 'corpus');

export function loadCorpus(): (CorpusCase & { file: string })[] {
  return fs
    .readdirSync(CORPUS_DIR)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .flatMap((file) => (JSON.parse(fs.readFileSync(path.join(CORPUS_DIR, file), 'utf8')) as CorpusCase[]).map((c) => ({ ...c, file })));
}

const INPUT_FAULTS = new Set([400, 413, 415, 422]);

/** What is wrong with an answer, or null: a 5xx, or an input refusal that names no place. */
function problemOf(res: LightMyRequestResponse): string | null {
  if (res.statusCode >= 500) return `${res.statusCode} ${res.body.slice(0, 300)}`;
  if (INPUT_FAULTS.has(res.statusCode)) {
    let details: { path?: unknown }[] | undefined;
    try {
      details = res.json().error?.details;
    } catch {
      return `${res.statusCode} without a JSON error: ${res.body.slice(0, 200)}`;
    }
    if (!Array.isArray(details) || details.length === 0 || details.some((d) => typeof d.path !== 'string' || d.path === '')) {
      return `${res.statusCode} names no place: ${res.body.slice(0, 300)}`;
    }
  }
  return null;
}

// Hostile values for path parameters and query parameters (already URL-encoded).
const PARAM_VALUES = ['%00', 'a%00b', '%FF%FE', 'x'.repeat(3000), '-1', '99999999999999999999', '1e999', '..%2F..%2Fetc', '%E2%80%AE', 'NaN', '%22%27%3B--'];
const QUERY_VALUES = ['%00', '', '%FF', 'x'.repeat(3000), '-1', '1e999', 'NaN', 'true%00', '%5B%5D', '2023%3B%00', 'dx%3A%00'];
// Bodies for every write route: not JSON, not an object, nested without end, NUL characters.
const NESTED = `{"a":${'['.repeat(20_000)}${']'.repeat(20_000)}}`;
const NUL_FIELDS = JSON.stringify(
  Object.fromEntries(['code', 'name', 'nameVi', 'nameEn', 'comment', 'note', 'reason', 'username', 'displayName', 'formula', 'orgUnit', 'period', 'value'].map((k) => [k, `x\u0000${k}`])),
);
const BODIES: { name: string; body: string; type?: string }[] = [
  { name: 'not JSON', body: '{"a":' },
  { name: 'empty', body: '' },
  { name: 'a bare number', body: '42' },
  { name: 'a bare string', body: '"x"' },
  { name: 'null', body: 'null' },
  { name: 'an array', body: '[{}]' },
  { name: 'an empty object', body: '{}' },
  { name: 'deep nesting', body: NESTED },
  { name: 'NUL in every common field', body: NUL_FIELDS },
  { name: 'NUL in a member name', body: '{"a\\u0000":1}' },
  { name: 'a byte order mark', body: '\ufeff{}' },
  { name: 'numbers out of range', body: '{"limit":1e999,"value":-1e309,"id":99999999999999999999999}' },
  { name: 'text/plain', body: 'x', type: 'text/plain' },
];

const SAMPLE_PARAMS: Record<string, string> = { id: '1', ref: 'HN', code: 'BC_THANG' };
// Routes whose success would end the caller's session or the token the corpus uses.
const SKIPPED = new Set(['POST /api/auth/logout', 'POST /api/tokens/:id/revoke', 'POST /api/users/:id/reset-password', 'POST /api/auth/password']);

function fill(url: string, override?: { name: string; value: string }): string {
  return url.replace(/:(\w+)/g, (_, name: string) => (override?.name === name ? override.value : (SAMPLE_PARAMS[name] ?? 'x')));
}

interface Generated {
  label: string;
  method: string;
  url: string;
  body?: string;
  type?: string;
}

function generate(routes: { method: string; url: string; query: string[] }[]): Generated[] {
  const out: Generated[] = [];
  for (const r of routes) {
    const key = `${r.method} ${r.url}`;
    if (SKIPPED.has(key)) continue;
    for (const name of [...r.url.matchAll(/:(\w+)/g)].map((m) => m[1])) {
      for (const value of PARAM_VALUES) out.push({ label: `${key} :${name}=${value.slice(0, 20)}`, method: r.method, url: fill(r.url, { name, value }) });
    }
    if (r.method === 'GET' || r.method === 'DELETE') {
      for (const q of r.query.filter((q) => q !== 'lang')) {
        for (const value of QUERY_VALUES) out.push({ label: `${key} ?${q}=${value.slice(0, 20)}`, method: r.method, url: `${fill(r.url)}?${q}=${value}` });
      }
      out.push({ label: `${key} ?unknown NUL`, method: r.method, url: `${fill(r.url)}?x%00=%00` });
    } else {
      for (const b of BODIES) out.push({ label: `${key} body: ${b.name}`, method: r.method, url: fill(r.url), body: b.body, type: b.type ?? 'application/json' });
      for (const q of r.query.filter((q) => q !== 'lang')) out.push({ label: `${key} ?${q}=%00`, method: r.method, url: `${fill(r.url)}?${q}=%00`, body: '{}', type: 'application/json' });
    }
  }
  return out;
}

describe('fuzz corpus: no 5xx, every refused input named', () => {
  let w: ReportingWorld;
  let admin: TestClient;
  let token: string;

  before(async () => {
    w = await createReportingWorld();
    admin = w.admin;
    token = (await admin.post('/api/tokens', { name: 'fuzz-hn', orgUnit: 'HN' })).json().token;
  });
  after(() => w.t.close());

  const send = (c: { method: string; url: string; body?: string; headers?: Record<string, string>; as?: CorpusCase['as'] }) => {
    const opts = { method: c.method as 'GET', url: c.url, payload: c.body, headers: c.headers ?? {} };
    if (c.as === 'token') return w.t.app.inject({ ...opts, headers: { ...opts.headers, authorization: `Bearer ${token}` } });
    if (c.as === 'anonymous') return w.t.app.inject(opts);
    return admin.request(opts);
  };

  test('the corpus files: each case answers as it expects, never 5xx', async () => {
    const corpus = loadCorpus();
    assert.ok(corpus.length >= 40, `corpus has ${corpus.length} cases`);
    const failures: string[] = [];
    for (const c of corpus) {
      const url = c.urlRepeat ? c.url + c.urlRepeat[0].repeat(c.urlRepeat[1]) + c.urlRepeat[2] : c.url;
      const body = c.bodyRepeat ? c.bodyRepeat.map(([text, times]) => text.repeat(times ?? 1)).join('') : c.body;
      const res = await send({ ...c, url, body });
      const problem = problemOf(res);
      if (problem) failures.push(`${c.file} «${c.name}»: ${problem}`);
      else if (c.expect?.status !== undefined && res.statusCode !== c.expect.status) failures.push(`${c.file} «${c.name}»: ${res.statusCode} instead of ${c.expect.status}: ${res.body.slice(0, 200)}`);
      else if (c.expect?.path !== undefined && !res.json().error.details.some((d: { path: string }) => d.path === c.expect!.path)) {
        failures.push(`${c.file} «${c.name}»: no detail at ${c.expect.path}: ${res.body.slice(0, 300)}`);
      }
    }
    assert.deepEqual(failures, []);
    // Nothing refused was written: no value carries a NUL (PostgreSQL could not have stored one anyway).
    const { rows } = await w.t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM data_value WHERE comment LIKE '%x%' AND comment LIKE 'a%b'`);
    assert.equal(rows[0].n, 0);
  });

  test('every route of app.routeList with hostile parameters, query strings and bodies', async () => {
    const routes = w.t.app.routeList.filter((r) => r.url.startsWith('/api/') && !r.url.startsWith('/api/docs'));
    const cases = generate(routes);
    const writes = new Set(routes.filter((r) => r.method !== 'GET').map((r) => `${r.method} ${r.url}`));
    assert.ok(writes.size > 40, `${writes.size} write routes`);
    const failures: string[] = [];
    for (const c of cases) {
      const res = await send({ method: c.method, url: c.url, body: c.body, headers: c.type ? { 'content-type': c.type } : {}, as: c.url.startsWith('/api/dataValueSets') ? 'token' : 'admin' });
      const problem = problemOf(res);
      if (problem) failures.push(`${c.label}: ${problem}`);
    }
    assert.deepEqual(failures, [], `${failures.length} of ${cases.length} generated cases failed`);
  });
});
