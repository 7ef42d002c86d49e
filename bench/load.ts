/**
 * The leadership overview under a ministry's morning load: the server started as `tiendo serve` with the demo
 * agency (embedded PGlite, or PostgreSQL with BENCH_DATABASE_URL), then, endpoint after endpoint, many signed-in
 * sessions asking at once for a fixed time (autocannon). Each endpoint's requests/s, p50 and p99 are printed
 * beside a trivial authenticated route measured in the same run, and the server's resident memory after start.
 *
 *   node --import tsx bench/load.ts [--connections 32] [--seconds 20] [--db pglite|postgres] [--only targets,analytics]
 *
 * With --db postgres it uses BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres) to create
 * a database of its own, dropped at the end. Nothing here runs in CI.
 */
import autocannon from 'autocannon';
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';

const { values: args } = parseArgs({
  options: {
    connections: { type: 'string', default: '32' },
    seconds: { type: 'string', default: '20' },
    db: { type: 'string', default: 'pglite' },
    only: { type: 'string' },
    port: { type: 'string', default: '3977' },
  },
});
const CONNECTIONS = Number(args.connections);
const SECONDS = Number(args.seconds);
const PORT = Number(args.port);
const BASE = `http://127.0.0.1:${PORT}`;

/** What the overview (and the pages leadership opens from it) asks for. */
const ENDPOINTS: { name: string; path: string }[] = [
  { name: 'trivial (auth/me)', path: '/api/auth/me' },
  { name: 'targets', path: '/api/targets' },
  { name: 'alerts open count', path: '/api/alerts?state=OPEN&limit=1' },
  { name: 'regimes', path: '/api/regimes' },
  { name: 'completeness', path: '/api/regimes/BC_TINH_THANG/completeness' },
  { name: 'indicators', path: '/api/indicators' },
  { name: 'analytics 34×12', path: '/api/analytics?dimension=dx:TL_PHU_5G&dimension=pe:LAST_12_MONTHS&dimension=ou:VN;LEVEL-2' },
  { name: 'analytics country 5y', path: '/api/analytics?dimension=dx:TL_KTS_GDP;TL_TK_NEN_TANG_VN&dimension=pe:LAST_5_YEARS&dimension=ou:VN' },
  { name: 'analytics stock, merger', path: '/api/analytics?dimension=dx:TB_DI_DONG&dimension=pe:2025&dimension=ou:VN;LEVEL-2' },
];

async function waitForHealth(child: ChildProcess, timeoutMs: number): Promise<void> {
  const started = Date.now();
  while (Date.now() - started < timeoutMs) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`);
    try {
      const res = await fetch(`${BASE}/api/health`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error('server did not answer /api/health in time');
}

function rssOf(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return kb / 1024;
}

async function main() {
  let databaseUrl: string | undefined;
  let dropDb: (() => Promise<void>) | null = null;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tiendo-load-'));
  if (args.db === 'postgres') {
    const admin = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
    const name = `tiendo_load_${process.pid}`;
    const client = new pg.Client({ connectionString: admin });
    await client.connect();
    await client.query(`CREATE DATABASE ${name}`);
    await client.end();
    const url = new URL(admin);
    url.pathname = `/${name}`;
    databaseUrl = url.toString();
    dropDb = async () => {
      const c = new pg.Client({ connectionString: admin });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    };
  }
  const env = { ...process.env, PORT: String(PORT), HOST: '127.0.0.1', DEMO: 'true', LOG_LEVEL: 'warn', JOBS: 'off', DATA_DIR: dataDir, ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}) };
  if (!databaseUrl) delete (env as Record<string, string | undefined>).DATABASE_URL;
  // The server is started as `npm start` starts it (the same Node flags and allocator setting).
  const start = () => {
    const c = spawn(process.execPath, ['--max-semi-space-size=4', '--import', 'tsx', 'src/cli/main.ts', 'serve'], { env: { ...env, MALLOC_ARENA_MAX: '2' }, stdio: ['ignore', 'pipe', 'inherit'] });
    c.stdout?.on('data', () => undefined);
    return c;
  };
  // The first start seeds the demo; the memory an operator sees is that of the next start, on the seeded data.
  const seeding = start();
  await waitForHealth(seeding, 300_000);
  seeding.kill('SIGTERM');
  await new Promise((r) => seeding.once('exit', r));
  const child = start();
  try {
    await waitForHealth(child, 180_000);
    // Settled: the jobs run at start (alert evaluation, reminders) are done a few seconds later.
    await new Promise((r) => setTimeout(r, 5_000));
    const rssAfterStart = rssOf(child.pid!);
    const login = await fetch(`${BASE}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: process.env.DEMO_PASSWORD ?? 'demo-tiendo-2023' }),
    });
    if (!login.ok) throw new Error(`login failed: ${login.status} ${await login.text()}`);
    const cookie = login.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .join('; ');
    const only = args.only ? new Set(args.only.split(',')) : null;
    const endpoints = ENDPOINTS.filter((e, i) => i === 0 || !only || [...only].some((o) => e.name.includes(o)));
    // One warm-up call each: the first answer may compute what later ones read (a target's evaluation).
    for (const e of endpoints) {
      const res = await fetch(`${BASE}${e.path}`, { headers: { cookie } });
      if (!res.ok) throw new Error(`${e.name}: ${res.status} ${(await res.text()).slice(0, 200)}`);
    }
    const results: { name: string; rps: number; p50: number; p99: number; errors: number; non2xx: number }[] = [];
    for (const e of endpoints) {
      const r = await autocannon({ url: `${BASE}${e.path}`, connections: CONNECTIONS, duration: SECONDS, headers: { cookie } });
      results.push({ name: e.name, rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, errors: r.errors, non2xx: r.non2xx });
    }
    const trivial = results[0].rps;
    console.log(`\n${args.db}, ${CONNECTIONS} connections × ${SECONDS} s per endpoint; server RSS after start ${rssAfterStart.toFixed(0)} MB, after the run ${rssOf(child.pid!).toFixed(0)} MB\n`);
    console.log('| endpoint | requests/s | share of trivial | p50 ms | p99 ms | errors/non-2xx |');
    console.log('| --- | ---: | ---: | ---: | ---: | ---: |');
    for (const r of results) {
      console.log(`| ${r.name} | ${r.rps.toFixed(0)} | ${((r.rps / trivial) * 100).toFixed(0)} % | ${r.p50} | ${r.p99} | ${r.errors}/${r.non2xx} |`);
    }
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
    await dropDb?.();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
