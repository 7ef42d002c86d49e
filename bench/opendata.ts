/**
 * Open data under load and a release's publication time. The server is started as `tiendo serve` with the demo
 * agency (embedded PGlite, whose seed publishes the three 2023 datasets), then:
 *
 * 1. the public pages' answers (a dataset page, its CSV and SDMX-JSON, the DCAT-AP catalogue), each served from the
 *    process's cache, under autocannon, beside a static file of the built web client served by the same process;
 * 2. a release of the three datasets: announced, frozen (their figures computed from approved data) and published
 *    through the admin API, timed from the first freeze to the last publication.
 *
 *   npm run build:web && node --import tsx bench/opendata.ts [--connections 32] [--seconds 10]
 *
 * Nothing here runs in CI.
 */
import autocannon from 'autocannon';
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';

const { values: args } = parseArgs({
  options: {
    connections: { type: 'string', default: '32' },
    seconds: { type: 'string', default: '10' },
    port: { type: 'string', default: '3978' },
  },
});
const CONNECTIONS = Number(args.connections);
const SECONDS = Number(args.seconds);
const PORT = Number(args.port);
const BASE = `http://127.0.0.1:${PORT}`;
const DATASETS = ['NEN_TANG_SO_VN', 'GO_BO_NOI_DUNG_XAU', 'HA_TANG_VIEN_THONG'];

async function waitForHealth(child: ChildProcess, timeoutMs: number): Promise<void> {
  const started = Date.now();
  while (Date.now() - started < timeoutMs) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`server exited (${child.exitCode ?? child.signalCode})`);
    try {
      if ((await fetch(`${BASE}/api/health`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error('server did not answer /api/health in time');
}

async function main() {
  const assets = fs.readdirSync(path.join('dist', 'web', 'assets')).filter((f) => f.endsWith('.css'));
  if (assets.length === 0) throw new Error('run `npm run build:web` first: the static file compared against is a built asset');
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tiendo-opendata-'));
  const env = { ...process.env, PORT: String(PORT), HOST: '127.0.0.1', DEMO: 'true', LOG_LEVEL: 'warn', JOBS: 'off', DATA_DIR: dataDir, OPEN_DATA_RATE_LIMIT: '10000000' };
  delete (env as Record<string, string | undefined>).DATABASE_URL;
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'serve'], { env, stdio: ['ignore', 'pipe', 'inherit'] });
  child.stdout?.on('data', () => undefined);
  try {
    await waitForHealth(child, 600_000);
    const endpoints = [
      { name: 'static file (built CSS)', path: `/assets/${assets[0]}` },
      { name: 'dataset page (JSON)', path: '/api/public/opendata/datasets/HA_TANG_VIEN_THONG' },
      { name: 'dataset CSV', path: '/api/public/opendata/datasets/HA_TANG_VIEN_THONG/data?format=csv' },
      { name: 'dataset SDMX-JSON', path: '/api/public/opendata/datasets/HA_TANG_VIEN_THONG/data?format=sdmx-json' },
      { name: 'DCAT-AP catalogue', path: '/api/public/opendata/catalog' },
      // As browsers ask: the answer compressed once, in the cache.
      { name: 'dataset page (JSON), gzip', path: '/api/public/opendata/datasets/HA_TANG_VIEN_THONG', gzip: true },
      { name: 'dataset CSV, gzip', path: '/api/public/opendata/datasets/HA_TANG_VIEN_THONG/data?format=csv', gzip: true },
    ] as { name: string; path: string; gzip?: boolean }[];
    for (const e of endpoints) {
      const res = await fetch(`${BASE}${e.path}`);
      if (!res.ok) throw new Error(`${e.name}: ${res.status}`);
      await res.arrayBuffer();
    }
    const results: { name: string; rps: number; p50: number; p99: number; bytes: number; non2xx: number }[] = [];
    for (const e of endpoints) {
      const r = await autocannon({ url: `${BASE}${e.path}`, connections: CONNECTIONS, duration: SECONDS, headers: e.gzip ? { 'accept-encoding': 'gzip' } : {} });
      results.push({ name: e.name, rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, bytes: r.throughput.average / Math.max(1, r.requests.average), non2xx: r.non2xx + r.errors });
    }
    console.log(`\nPGlite, ${CONNECTIONS} connections × ${SECONDS} s per endpoint\n`);
    console.log('| answer | requests/s | share of the static file | p50 ms | p99 ms | bytes | errors/non-2xx |');
    console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: |');
    for (const r of results) console.log(`| ${r.name} | ${r.rps.toFixed(0)} | ${((r.rps / results[0].rps) * 100).toFixed(0)} % | ${r.p50} | ${r.p99} | ${r.bytes.toFixed(0)} | ${r.non2xx} |`);

    // A release of the three datasets, through the admin API.
    const login = await fetch(`${BASE}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: process.env.DEMO_PASSWORD ?? 'demo-tiendo-2023' }),
    });
    if (!login.ok) throw new Error(`login failed: ${login.status}`);
    const cookie = login.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .join('; ');
    const csrf = ((await login.json()) as { csrfToken: string }).csrfToken;
    const post = async (url: string, body?: unknown) => {
      const res = await fetch(`${BASE}${url}`, {
        method: 'POST',
        headers: { cookie, 'x-csrf-token': csrf, ...(body ? { 'content-type': 'application/json' } : {}) },
        body: body ? JSON.stringify(body) : undefined,
      });
      if (!res.ok) throw new Error(`${url}: ${res.status} ${(await res.text()).slice(0, 200)}`);
      return res.json() as Promise<{ id: number; version?: number }>;
    };
    const releaseAt = new Date(Date.now() + 3_000);
    const ids: number[] = [];
    for (const code of DATASETS)
      ids.push((await post(`/api/opendata/datasets/${code}/releases`, { releaseAt: releaseAt.toISOString(), lastPeriod: '202312', noteVi: 'Đo thời gian công bố', noteEn: 'Timing a release' })).id);
    const freezeStart = performance.now();
    for (const id of ids) await post(`/api/opendata/releases/${id}/freeze`);
    const freezeMs = performance.now() - freezeStart;
    await new Promise((r) => setTimeout(r, Math.max(0, releaseAt.getTime() - Date.now() + 50)));
    const publishStart = performance.now();
    for (const id of ids) await post(`/api/opendata/releases/${id}/publish`);
    const publishMs = performance.now() - publishStart;
    console.log(
      `\nA release of ${DATASETS.length} datasets (2023, 12 months, country and provinces): frozen in ${(freezeMs / 1000).toFixed(2)} s, published in ${(publishMs / 1000).toFixed(2)} s, ${((freezeMs + publishMs) / 1000).toFixed(2)} s in all`,
    );
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
