// Several processes and a replica, and what happens when parts of them fail. No containers: a
// PostgreSQL 15 primary and a streaming replica on loopback ports, pgbouncer (transaction pooling) in
// front of the primary, two app processes (the service role through pgbouncer, migrations as the
// owner, analytics reads on the replica). Then, each with its figures:
//   1. read-your-writes across processes, and where the reads went;
//   2. the replica stopped: reads fall back to the primary, then return to the replica;
//   3. kill -9 of an app process during a 1 M-value import, retried with the same Idempotency-Key;
//   4. PostgreSQL restarted under a mixed load: 503 + Retry-After in the gap, recovery without a
//      restart of the apps, every acknowledged write present.
//
//   node --import tsx bench/cluster.ts            (about 5–10 minutes on 2 cores)
//   options: --values 1000000 (import size: 20 elements × 5 months × values/100 units) --keep (leave it running)
//
// Needs the PostgreSQL 15 binaries (/usr/lib/postgresql/15/bin, or PG_BIN) and pgbouncer
// (apt-get install pgbouncer). Run as root, the servers run as the `postgres` user. Everything
// listens on 127.0.0.1 only; the data lives in CLUSTER_DIR (default /tmp/tiendo-cluster), wiped first.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { hashPassword, sha256 } from '../src/server/http/passwords.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { values: args } = parseArgs({ options: { values: { type: 'string', default: '1000000' }, keep: { type: 'boolean', default: false } } });

const PG_BIN = process.env.PG_BIN ?? '/usr/lib/postgresql/15/bin';
const BASE = process.env.CLUSTER_DIR ?? '/tmp/tiendo-cluster';
const PORTS = { primary: 55432, replica: 55433, bouncer: 56432, app1: 3101, app2: 3102 };
const DB = 'tiendo';
const OWNER = 'tiendo_owner';
const SERVICE = 'tiendo_app';
const TOKEN = 'tdk_cluster_bench_token_not_a_secret_0123';
const ADMIN_PASSWORD = 'mat-khau-cum-may-chu-1';
const ELEMENTS = 20;
const MONTHS = ['202601', '202602', '202603', '202604', '202605'];
const UNITS = Math.max(1, Math.round(Number(args.values) / (ELEMENTS * MONTHS.length)));
const TOTAL = UNITS * ELEMENTS * MONTHS.length;
const LOAD_PERIOD = '202606';

const isRoot = process.getuid?.() === 0;
const url = (user: string, port: number) => `postgres://${user}@127.0.0.1:${port}/${DB}`;
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const now = () => performance.now();
const say = (msg: string) => console.log(`[${new Date().toISOString().slice(11, 19)}] ${msg}`);

/** Runs a PostgreSQL tool as the postgres user (servers refuse root). */
function asPostgres(cmd: string, cmdArgs: string[], opts: { allowFail?: boolean } = {}): string {
  const [file, argv] = isRoot ? ['runuser', ['-u', 'postgres', '--', cmd, ...cmdArgs]] : [cmd, cmdArgs];
  try {
    return execFileSync(file, argv, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (err) {
    if (opts.allowFail) return '';
    const e = err as { stderr?: string; stdout?: string };
    throw new Error(`${cmd} ${cmdArgs.join(' ')} failed:\n${e.stdout ?? ''}${e.stderr ?? ''}`, { cause: err });
  }
}
const pgctl = (dir: string, action: string, extra: string[] = []) =>
  asPostgres(`${PG_BIN}/pg_ctl`, ['-D', path.join(BASE, dir), '-l', path.join(BASE, `${dir}.log`), '-w', '-t', '60', ...extra, action]);

// ---------------------------------------------------------------------------------------------
// Set-up

function writeFile(file: string, text: string) {
  fs.writeFileSync(file, text);
  if (isRoot) execFileSync('chown', ['postgres:postgres', file]);
}

function stopLeftovers() {
  for (const dir of ['replica', 'primary']) {
    if (fs.existsSync(path.join(BASE, dir, 'postmaster.pid'))) asPostgres(`${PG_BIN}/pg_ctl`, ['-D', path.join(BASE, dir), '-m', 'immediate', 'stop'], { allowFail: true });
  }
  const bouncerPid = path.join(BASE, 'pgbouncer.pid');
  if (fs.existsSync(bouncerPid)) {
    try {
      process.kill(Number(fs.readFileSync(bouncerPid, 'utf8')), 'SIGTERM');
    } catch {
      // already gone
    }
  }
}

async function setUpDatabases() {
  stopLeftovers();
  fs.rmSync(BASE, { recursive: true, force: true });
  fs.mkdirSync(BASE, { recursive: true });
  if (isRoot) execFileSync('chown', ['postgres:postgres', BASE]);
  asPostgres(`${PG_BIN}/initdb`, ['-D', path.join(BASE, 'primary'), '-U', 'postgres', '--auth=trust', '--encoding=UTF8', '--locale=C.UTF-8']);
  fs.appendFileSync(
    path.join(BASE, 'primary', 'postgresql.conf'),
    `\nport = ${PORTS.primary}\nlisten_addresses = '127.0.0.1'\nunix_socket_directories = '${BASE}'\nwal_level = replica\nmax_wal_senders = 5\nhot_standby = on\nshared_buffers = 256MB\nmax_connections = 100\nlog_min_messages = warning\n`,
  );
  fs.appendFileSync(path.join(BASE, 'primary', 'pg_hba.conf'), '\nhost replication all 127.0.0.1/32 trust\n');
  pgctl('primary', 'start');
  const su = new pg.Client({ connectionString: `postgres://postgres@127.0.0.1:${PORTS.primary}/postgres` });
  await su.connect();
  await su.query(`CREATE ROLE ${OWNER} LOGIN`);
  await su.query(`CREATE ROLE ${SERVICE} LOGIN`);
  await su.query(`CREATE DATABASE ${DB} OWNER ${OWNER}`);
  await su.end();
  const started = now();
  asPostgres(`${PG_BIN}/pg_basebackup`, ['-h', '127.0.0.1', '-p', String(PORTS.primary), '-U', 'postgres', '-D', path.join(BASE, 'replica'), '-R', '-X', 'stream', '--checkpoint=fast']);
  fs.appendFileSync(path.join(BASE, 'replica', 'postgresql.conf'), `\nport = ${PORTS.replica}\n`);
  pgctl('replica', 'start');
  say(`replica: base backup and start in ${((now() - started) / 1000).toFixed(1)} s`);
  writeFile(path.join(BASE, 'userlist.txt'), `"${SERVICE}" ""\n"${OWNER}" ""\n`);
  writeFile(
    path.join(BASE, 'pgbouncer.ini'),
    `[databases]\n${DB} = host=127.0.0.1 port=${PORTS.primary} dbname=${DB}\n\n[pgbouncer]\nlisten_addr = 127.0.0.1\nlisten_port = ${PORTS.bouncer}\n` +
      `unix_socket_dir = ${BASE}\nauth_type = trust\nauth_file = ${BASE}/userlist.txt\npool_mode = transaction\nmax_client_conn = 200\n` +
      `default_pool_size = 24\nserver_login_retry = 1\nlogfile = ${BASE}/pgbouncer.log\npidfile = ${BASE}/pgbouncer.pid\n`,
  );
}

let bouncer: ChildProcess | null = null;
async function startBouncer() {
  const [file, argv] = isRoot ? ['runuser', ['-u', 'postgres', '--', 'pgbouncer', path.join(BASE, 'pgbouncer.ini')]] : ['pgbouncer', [path.join(BASE, 'pgbouncer.ini')]];
  bouncer = spawn(file, argv, { stdio: 'ignore' });
  for (let i = 0; i < 50; i++) {
    const c = new pg.Client({ connectionString: url(SERVICE, PORTS.bouncer) });
    try {
      await c.connect();
      await c.end();
      return;
    } catch {
      await pause(200);
    }
  }
  throw new Error('pgbouncer did not start (see pgbouncer.log)');
}

function appEnv(port: number): NodeJS.ProcessEnv {
  return {
    ...process.env,
    DATABASE_URL: url(SERVICE, PORTS.bouncer),
    MIGRATION_DATABASE_URL: url(OWNER, PORTS.primary),
    READ_DATABASE_URL: url(SERVICE, PORTS.replica),
    READ_MAX_LAG_MS: '2000',
    PORT: String(port),
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    JOBS: 'on',
    DEMO: 'false',
    DATA_DIR: path.join(BASE, 'unused'),
  };
}

async function migrateOnce() {
  execFileSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'migrate'], { cwd: ROOT, env: appEnv(0), stdio: ['ignore', 'pipe', 'inherit'] });
}

const apps = new Map<number, ChildProcess>();
async function startApp(port: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'serve'], { cwd: ROOT, env: appEnv(port), stdio: ['ignore', 'ignore', 'inherit'] });
  apps.set(port, child);
  for (let i = 0; i < 150; i++) {
    if (child.exitCode !== null) throw new Error(`app on ${port} exited with ${child.exitCode}`);
    try {
      if ((await request(port, 'GET', '/api/health')).status === 200) return child;
    } catch {
      // not listening yet
    }
    await pause(200);
  }
  throw new Error(`app on ${port} did not answer`);
}

/** The data the fault tests write: 1 root, 50 provinces, UNITS reporting units, 20 elements, one monthly regime. */
async function prepareData() {
  const c = new pg.Client({ connectionString: url(OWNER, PORTS.primary) });
  await c.connect();
  await c.query(`INSERT INTO org_unit (code, name_vi, level, path) VALUES ('BENCH', 'Đơn vị đo hiệu năng', 1, '')`);
  await c.query(`UPDATE org_unit SET path = '/' || id || '/' WHERE code = 'BENCH'`);
  await c.query(
    `INSERT INTO org_unit (code, name_vi, level, parent_id, path)
     SELECT 'BP' || lpad(p::text, 2, '0'), 'Tỉnh ' || p, 2, r.id, '' FROM generate_series(0, 49) p, org_unit r WHERE r.code = 'BENCH'`,
  );
  await c.query(`UPDATE org_unit ou SET path = r.path || ou.id || '/' FROM org_unit r WHERE r.code = 'BENCH' AND ou.parent_id = r.id`);
  await c.query(
    `INSERT INTO org_unit (code, name_vi, level, parent_id, path)
     SELECT 'BU' || lpad(i::text, 6, '0'), 'Đơn vị ' || i, 3, p.id, p.path || 'x'
       FROM generate_series(0, $1 - 1) i JOIN org_unit p ON p.code = 'BP' || lpad((i % 50)::text, 2, '0')`,
    [UNITS],
  );
  await c.query(`UPDATE org_unit SET path = left(path, -1) || id || '/' WHERE code LIKE 'BU%'`);
  await c.query(
    `INSERT INTO data_element (code, name_vi, value_type, aggregation_type, zero_is_significant)
     SELECT 'CL_DE_' || lpad(j::text, 2, '0'), 'Chỉ số ' || j, 'INTEGER', 'SUM', true FROM generate_series(0, $1 - 1) j`,
    [ELEMENTS],
  );
  await c.query(`INSERT INTO report_regime (code, name_vi, period_type, cutoff_rule, deadline_days) VALUES ('CLUSTER', 'Báo cáo thử cụm máy', 'MONTHLY', 'CALENDAR', 10)`);
  await c.query(`INSERT INTO report_regime_assignment (regime_id, level) SELECT id, 3 FROM report_regime WHERE code = 'CLUSTER'`);
  await c.query(`INSERT INTO report_regime_element (regime_id, data_element_id) SELECT r.id, de.id FROM report_regime r, data_element de WHERE r.code = 'CLUSTER' AND de.code LIKE 'CL_DE_%'`);
  await c.query(`INSERT INTO api_token (name, prefix, token_hash, org_unit_id, role) SELECT 'cluster', $1, $2, id, 'REPORTING_OFFICER' FROM org_unit WHERE code = 'BENCH'`, [
    TOKEN.slice(0, 10),
    sha256(TOKEN),
  ]);
  const { rows } = await c.query<{ id: number }>(`INSERT INTO app_user (username, display_name, password_hash) VALUES ('quantri', 'Quản trị', $1) RETURNING id`, [await hashPassword(ADMIN_PASSWORD)]);
  await c.query(`INSERT INTO role_assignment (user_id, role, org_unit_id) VALUES ($1, 'ADMIN', NULL)`, [rows[0].id]);
  await c.query('ANALYZE');
  await c.end();
}

// ---------------------------------------------------------------------------------------------
// HTTP

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

function request(port: number, method: string, urlPath: string, body?: string | Readable, headers: Record<string, string> = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port, method, path: urlPath, headers: { authorization: `Bearer ${TOKEN}`, ...(body ? { 'content-type': 'application/json' } : {}), ...headers } },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c) => (text += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.setTimeout(300_000, () => req.destroy(new Error('timeout')));
    if (body instanceof Readable) body.pipe(req);
    else req.end(body);
  });
}

const unitCode = (i: number) => `BU${String(i).padStart(6, '0')}`;
const elementCode = (j: number) => `CL_DE_${String(j).padStart(2, '0')}`;
const valueOf = (i: number, j: number, m: number) => ((i * 7919 + j * 104729 + m * 1299709) % 1_000_000) + 1;

/** The 1 M-value body, generated as it is sent; `onProgress` hears how many values went out. */
function importBody(onProgress: (sent: number) => void): Readable {
  return Readable.from(
    (function* () {
      yield '{"dataValues":[';
      let n = 0;
      let buf = '';
      for (let m = 0; m < MONTHS.length; m++) {
        for (let i = 0; i < UNITS; i++) {
          for (let j = 0; j < ELEMENTS; j++) {
            buf += `${n ? ',' : ''}{"dataElement":"${elementCode(j)}","period":"${MONTHS[m]}","orgUnit":"${unitCode(i)}","value":"${valueOf(i, j, m)}"}`;
            n++;
          }
          if (buf.length > 128 * 1024) {
            yield buf;
            buf = '';
            onProgress(n);
          }
        }
      }
      yield `${buf}]}`;
      onProgress(n);
    })(),
  );
}

async function primaryQuery<T extends pg.QueryResultRow>(sql: string, params: unknown[] = []): Promise<T[]> {
  const c = new pg.Client({ connectionString: url(OWNER, PORTS.primary) });
  await c.connect();
  try {
    return (await c.query<T>(sql, params)).rows;
  } finally {
    await c.end();
  }
}

// ---------------------------------------------------------------------------------------------
// Fault tests

const results: Record<string, unknown> = {};

async function readYourWrites() {
  say('1. read-your-writes: write on app 1, read the analytics on app 2 at once');
  const rounds = 20;
  let seen = 0;
  const from: Record<string, number> = {};
  for (let k = 0; k < rounds; k++) {
    const value = 1000 + k;
    const w = await request(PORTS.app1, 'POST', '/api/dataValueSets', JSON.stringify({ dataValues: [{ dataElement: elementCode(0), period: '202607', orgUnit: unitCode(0), value: String(value) }] }));
    if (w.status !== 200) throw new Error(`write: ${w.status} ${w.body}`);
    const lsn = String(w.headers['x-tiendo-wal-lsn'] ?? '');
    const r = await request(PORTS.app2, 'GET', `/api/analytics?dimension=dx:${elementCode(0)}&dimension=pe:202607&dimension=ou:${unitCode(0)}`, undefined, { 'x-tiendo-min-lsn': lsn });
    if (r.status !== 200) throw new Error(`read: ${r.status} ${r.body}`);
    const row = (JSON.parse(r.body) as { rows: string[][] }).rows[0];
    if (row && Number(row.at(-1)) === value) seen++;
    const where = String(r.headers['x-tiendo-read-from'] ?? '?');
    from[where] = (from[where] ?? 0) + 1;
  }
  // Reads with no write of their own, a moment later: the replica serves them.
  await pause(1500);
  const later: Record<string, number> = {};
  for (let k = 0; k < 20; k++) {
    const r = await request(k % 2 ? PORTS.app1 : PORTS.app2, 'GET', `/api/analytics?dimension=dx:${elementCode(0)}&dimension=pe:202607&dimension=ou:BENCH`);
    const where = r.status === 200 ? String(r.headers['x-tiendo-read-from'] ?? '?') : `status ${r.status}`;
    later[where] = (later[where] ?? 0) + 1;
  }
  results.readYourWrites = { rounds, sawOwnWrite: seen, servedFrom: from, laterReadsServedFrom: later };
  say(`   ${seen}/${rounds} reads saw their own write (served by ${JSON.stringify(from)}); later reads: ${JSON.stringify(later)}`);
}

async function replicaDown() {
  say('2. replica stopped: analytics reads go on');
  pgctl('replica', 'stop', ['-m', 'fast']);
  const stopped = now();
  const tally: Record<string, number> = {};
  let worst = 0;
  while (now() - stopped < 6_000) {
    const t0 = now();
    const r = await request(PORTS.app1, 'GET', `/api/analytics?dimension=dx:${elementCode(1)}&dimension=pe:202601&dimension=ou:BENCH`);
    worst = Math.max(worst, now() - t0);
    const key = r.status === 200 ? `200 from ${r.headers['x-tiendo-read-from']}` : `status ${r.status}`;
    tally[key] = (tally[key] ?? 0) + 1;
  }
  pgctl('replica', 'start');
  const restarted = now();
  let backAfter: number | null = null;
  while (now() - restarted < 15_000) {
    const r = await request(PORTS.app1, 'GET', `/api/analytics?dimension=dx:${elementCode(1)}&dimension=pe:202601&dimension=ou:BENCH`);
    if (r.status === 200 && r.headers['x-tiendo-read-from'] === 'replica') {
      backAfter = now() - restarted;
      break;
    }
    await pause(100);
  }
  results.replicaDown = { readsWhileStopped: tally, slowestReadMs: Math.round(worst), replicaServingAgainAfterMs: backAfter === null ? null : Math.round(backAfter) };
  say(`   while stopped: ${JSON.stringify(tally)}, slowest ${Math.round(worst)} ms; replica serving again ${backAfter === null ? 'not within 15 s' : `after ${Math.round(backAfter)} ms`}`);
}

async function killDuringImport() {
  say(`3. kill -9 of app 1 during a ${TOTAL.toLocaleString('en')}-value import, then the same request with the same Idempotency-Key`);
  const key = `cluster-import-${Date.now()}`;
  const killAt = Math.round(TOTAL * 0.4);
  let killed = false;
  const started = now();
  const app = apps.get(PORTS.app1)!;
  const first = request(
    PORTS.app1,
    'POST',
    '/api/dataValueSets',
    importBody((sent) => {
      if (!killed && sent >= killAt) {
        killed = true;
        app.kill('SIGKILL');
      }
    }),
    { 'idempotency-key': key },
  ).then(
    (a) => `answered ${a.status}`,
    (err: Error) => `connection lost (${err.message})`,
  );
  const firstOutcome = await first;
  const killedAfter = now() - started;
  const afterKill = (await primaryQuery<{ n: number }>(`SELECT count(*)::int AS n FROM data_value dv JOIN period p ON p.id = dv.period_id WHERE p.iso = ANY ($1)`, [MONTHS]))[0].n;
  say(`   killed after ${(killedAfter / 1000).toFixed(1)} s (${firstOutcome}); values stored from the killed request: ${afterKill}`);
  const restart0 = now();
  await startApp(PORTS.app1);
  const restartMs = now() - restart0;
  const retry = async (k: string, port: number) => {
    const t0 = now();
    const a = await request(
      port,
      'POST',
      '/api/dataValueSets',
      importBody(() => undefined),
      { 'idempotency-key': k },
    );
    return { status: a.status, seconds: (now() - t0) / 1000, body: a.body.slice(0, 300) };
  };
  const sameKey = await retry(key, PORTS.app1);
  say(`   retry with the same key: ${sameKey.status} in ${sameKey.seconds.toFixed(1)} s ${sameKey.status === 200 ? '' : sameKey.body}`);
  let freshKey: typeof sameKey | null = null;
  if (sameKey.status !== 200) {
    freshKey = await retry(`${key}-again`, PORTS.app2);
    say(`   the same request with a new key: ${freshKey.status} in ${freshKey.seconds.toFixed(1)} s`);
  }
  const [stored] = await primaryQuery<{ n: number; sum: number; distinct_keys: number }>(
    `SELECT count(*)::int AS n, sum(value)::float8 AS sum,
            count(DISTINCT (data_element_id, period_id, org_unit_id, option_id))::int AS distinct_keys
       FROM data_value dv JOIN period p ON p.id = dv.period_id WHERE p.iso = ANY ($1)`,
    [MONTHS],
  );
  const [hist] = await primaryQuery<{ n: number }>(`SELECT count(*)::int AS n FROM data_value_history h JOIN period p ON p.id = h.period_id WHERE p.iso = ANY ($1)`, [MONTHS]);
  let expectedSum = 0;
  for (let m = 0; m < MONTHS.length; m++) for (let i = 0; i < UNITS; i++) for (let j = 0; j < ELEMENTS; j++) expectedSum += valueOf(i, j, m);
  const lost = TOTAL - stored.distinct_keys;
  const duplicated = stored.n - stored.distinct_keys + (hist.n - stored.n);
  results.killDuringImport = {
    values: TOTAL,
    killedAfterSeconds: Math.round(killedAfter / 100) / 10,
    valuesLeftByKilledRequest: afterKill,
    appRestartSeconds: Math.round(restartMs / 100) / 10,
    retrySameKey: { status: sameKey.status, seconds: Math.round(sameKey.seconds * 10) / 10, body: sameKey.status === 200 ? undefined : sameKey.body },
    retryNewKey: freshKey && { status: freshKey.status, seconds: Math.round(freshKey.seconds * 10) / 10 },
    stored: stored.n,
    historyRows: hist.n,
    lost,
    duplicated,
    sumMatches: stored.sum === expectedSum,
  };
  say(`   stored ${stored.n} values, ${hist.n} history rows: lost ${lost}, duplicated ${duplicated}, sum ${stored.sum === expectedSum ? 'matches' : 'DIFFERS'}`);
}

async function restartUnderLoad() {
  say('4. PostgreSQL primary restarted under a mixed load (4 writers, 4 readers, both apps)');
  const durationMs = 24_000;
  const stopAt = 7_000;
  const downMs = 4_000;
  const t0 = now();
  const statuses: Record<string, number> = {};
  let with503 = 0;
  let retryAfterOn503 = 0;
  let socketErrors = 0;
  const acknowledged: number[] = [];
  // Writes whose retry was refused because the key's claim outlived the attempt the restart cut.
  const stranded: number[] = [];
  let gapStart = 0;
  let gapEnd = 0;
  let firstWriteAfterGap: number | null = null;
  let nextUnit = 0;
  const count = (key: string) => (statuses[key] = (statuses[key] ?? 0) + 1);
  const writer = async (w: number) => {
    while (now() - t0 < durationMs) {
      const i = nextUnit++;
      if (i >= UNITS) break;
      const body = JSON.stringify({
        dataValues: Array.from({ length: ELEMENTS }, (_, j) => ({ dataElement: elementCode(j), period: LOAD_PERIOD, orgUnit: unitCode(i), value: String(valueOf(i, j, 7)) })),
      });
      // A client retries a refused write with the same key after Retry-After, as the API guide says.
      for (let attempt = 0; attempt < 20 && now() - t0 < durationMs + 30_000; attempt++) {
        let a: Answer;
        try {
          a = await request(w % 2 ? PORTS.app1 : PORTS.app2, 'POST', '/api/dataValueSets', body, { 'idempotency-key': `load-${i}` });
        } catch {
          socketErrors++;
          await pause(500);
          continue;
        }
        const code = a.status >= 400 ? ((JSON.parse(a.body || '{}') as { error?: { code?: string } }).error?.code ?? '') : '';
        count(`write ${a.status}${code && a.status !== 503 ? ` ${code}` : ''}`);
        if (a.status === 409 && code === 'IDEMPOTENCY_IN_PROGRESS') {
          stranded.push(i);
          break;
        }
        if (a.status === 200) {
          acknowledged.push(i);
          if (gapEnd && firstWriteAfterGap === null && now() > gapEnd) firstWriteAfterGap = now() - gapEnd;
          break;
        }
        if (a.status === 503) {
          with503++;
          if (a.headers['retry-after']) retryAfterOn503++;
        }
        await pause(Math.min(Number(a.headers['retry-after'] ?? 1), 1) * 1000);
      }
    }
  };
  const reader = async (r: number) => {
    while (now() - t0 < durationMs) {
      const urlPath = r % 2 ? `/api/analytics?dimension=dx:${elementCode(r)}&dimension=pe:${LOAD_PERIOD}&dimension=ou:BENCH` : '/api/orgUnits?limit=20';
      try {
        const a = await request(r % 2 ? PORTS.app2 : PORTS.app1, 'GET', urlPath);
        count(`read ${a.status}`);
        if (a.status === 503) {
          with503++;
          if (a.headers['retry-after']) retryAfterOn503++;
          await pause(250);
        }
      } catch {
        socketErrors++;
        await pause(250);
      }
    }
  };
  const restart = (async () => {
    await pause(stopAt);
    gapStart = now();
    pgctl('primary', 'stop', ['-m', 'fast']);
    await pause(downMs);
    pgctl('primary', 'start');
    gapEnd = now();
  })();
  await Promise.all([...[0, 1, 2, 3].map(writer), ...[0, 1, 2, 3].map(reader), restart]);
  const alive = await Promise.all(
    [PORTS.app1, PORTS.app2].map(
      async (p) =>
        apps.get(p)!.exitCode === null &&
        (await request(p, 'GET', '/api/health').then(
          (a) => a.status === 200,
          () => false,
        )),
    ),
  );
  const stored = await primaryQuery<{ unit: string; n: number }>(
    `SELECT ou.code AS unit, count(*)::int AS n FROM data_value dv JOIN period p ON p.id = dv.period_id JOIN org_unit ou ON ou.id = dv.org_unit_id
      WHERE p.iso = $1 GROUP BY ou.code`,
    [LOAD_PERIOD],
  );
  const complete = new Set(stored.filter((s) => s.n === ELEMENTS).map((s) => s.unit));
  const missing = acknowledged.filter((i) => !complete.has(unitCode(i))).length;
  const other5xx = Object.entries(statuses)
    .filter(([k]) => /\b5\d\d\b/.test(k) && !k.includes('503'))
    .reduce((n, [, v]) => n + v, 0);
  const strandedStored = stranded.filter((i) => complete.has(unitCode(i))).length;
  results.restartUnderLoad = {
    databaseDownSeconds: Math.round((gapEnd - gapStart) / 100) / 10,
    answers: statuses,
    answered503: with503,
    of503WithRetryAfter: retryAfterOn503,
    other5xx,
    connectionErrors: socketErrors,
    firstAcknowledgedWriteAfterRestartMs: firstWriteAfterGap === null ? null : Math.round(firstWriteAfterGap),
    acknowledgedWrites: acknowledged.length,
    acknowledgedWritesMissing: missing,
    retriesRefusedInProgress: stranded.length,
    ofThoseStoredAnyway: strandedStored,
    appsAliveAndHealthy: alive,
  };
  say(`   ${JSON.stringify(results.restartUnderLoad)}`);
}

async function main() {
  const t = now();
  say(`cluster in ${BASE}: primary :${PORTS.primary}, replica :${PORTS.replica}, pgbouncer :${PORTS.bouncer}, apps :${PORTS.app1} :${PORTS.app2}`);
  await setUpDatabases();
  await startBouncer();
  await migrateOnce();
  await prepareData();
  await Promise.all([startApp(PORTS.app1), startApp(PORTS.app2)]);
  say(`set up in ${((now() - t) / 1000).toFixed(1)} s`);
  const health = JSON.parse((await request(PORTS.app1, 'GET', '/api/health')).body);
  say(`health: ${JSON.stringify(health.database)} replica ${JSON.stringify(health.readReplica)}`);
  try {
    await readYourWrites();
    await replicaDown();
    await killDuringImport();
    await restartUnderLoad();
  } finally {
    const out = { at: new Date().toISOString(), node: process.version, machine: { cpus: os.cpus().length, load: os.loadavg().map((l) => Math.round(l * 10) / 10) }, values: TOTAL, ...results };
    fs.mkdirSync(path.join(ROOT, 'bench', 'out'), { recursive: true });
    fs.writeFileSync(path.join(ROOT, 'bench', 'out', 'cluster.json'), `${JSON.stringify(out, null, 2)}\n`);
    console.log(`\n${JSON.stringify(out, null, 2)}\nwritten to bench/out/cluster.json`);
    if (!args.keep) await tearDown();
    else say(`left running (--keep): stop with pg_ctl -D ${BASE}/primary stop, the same for replica, and kill the app and pgbouncer processes`);
  }
}

async function tearDown() {
  for (const child of apps.values()) if (child.exitCode === null) child.kill('SIGTERM');
  await pause(500);
  bouncer?.kill('SIGTERM');
  const bouncerPid = path.join(BASE, 'pgbouncer.pid');
  if (fs.existsSync(bouncerPid)) {
    try {
      process.kill(Number(fs.readFileSync(bouncerPid, 'utf8')), 'SIGTERM');
    } catch {
      // already gone
    }
  }
  for (const dir of ['replica', 'primary']) asPostgres(`${PG_BIN}/pg_ctl`, ['-D', path.join(BASE, dir), '-m', 'fast', 'stop'], { allowFail: true });
}

main().then(
  () => process.exit(0),
  async (err) => {
    console.error(err);
    await tearDown();
    process.exit(1);
  },
);
