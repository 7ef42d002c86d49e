// Benchmark: 1,000,000 data values through POST /api/dataValueSets over real HTTP, against a bare
// COPY of the same rows. Not run by CI.
//
//   DATABASE_URL=postgres://postgres@127.0.0.1:5432/tiendo_bench node --import tsx bench/import-datavalues.ts
//   options: --units 10000 --elements 20 --months 5 --format json|csv|both
//   BENCH_SERVER_NODE_OPTIONS="--max-old-space-size=256" passes flags to the server process;
//   BENCH_SQL_TIMES=1 and BENCH_MEMORY=1 make the server print statement times and memory use.
//
// The database named in DATABASE_URL is dropped and created again. The server runs as a child
// process so that its peak memory (VmHWM) can be read from /proc.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import http from 'node:http';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { loadConfig } from '../src/server/config.ts';
import { openDb, type Db } from '../src/server/db/db.ts';
import { migrate } from '../src/server/db/migrate.ts';
import { buildApp } from '../src/server/app.ts';
import { sha256 } from '../src/server/http/passwords.ts';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '..');
const TOKEN = 'tdk_bench_token_not_a_secret_0123456789';

const { values: args } = parseArgs({
  options: {
    serve: { type: 'boolean', default: false },
    units: { type: 'string', default: '10000' },
    elements: { type: 'string', default: '20' },
    months: { type: 'string', default: '5' },
    format: { type: 'string', default: 'both' },
    port: { type: 'string', default: '3917' },
  },
});

const DATABASE_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/tiendo_bench';

const sqlTimes = new Map<string, { n: number; ms: number }>();

/** Totals the time of each statement (BENCH_SQL_TIMES=1), printed when the server stops. */
function traceQueries(db: Db) {
  const wrap = (target: Db) => {
    const query = target.query.bind(target);
    target.query = (async (sql: string, params?: readonly unknown[]) => {
      const started = process.hrtime.bigint();
      try {
        return await query(sql, params);
      } finally {
        const key = sql.replace(/\s+/g, ' ').slice(0, 90);
        const t = sqlTimes.get(key) ?? { n: 0, ms: 0 };
        t.n += 1;
        t.ms += Number(process.hrtime.bigint() - started) / 1e6;
        sqlTimes.set(key, t);
      }
    }) as Db['query'];
    // COPY runs on the transaction's own connection: timed as one entry per call.
    const withConnection = target.withConnection.bind(target);
    target.withConnection = (async (fn: (conn: never) => Promise<unknown>) => {
      const started = process.hrtime.bigint();
      try {
        return await withConnection(fn as never);
      } finally {
        const t = sqlTimes.get('(COPY on the connection)') ?? { n: 0, ms: 0 };
        t.n += 1;
        t.ms += Number(process.hrtime.bigint() - started) / 1e6;
        sqlTimes.set('(COPY on the connection)', t);
      }
    }) as Db['withConnection'];
    const transaction = target.transaction.bind(target);
    target.transaction = ((fn: (tx: Db) => Promise<unknown>) => transaction((tx) => fn(wrap(tx)))) as Db['transaction'];
    return target;
  };
  wrap(db);
  process.once('exit', () => {
    for (const [sql, t] of [...sqlTimes].sort((a, b) => b[1].ms - a[1].ms).slice(0, 15)) console.error(`${t.ms.toFixed(0).padStart(7)} ms ${String(t.n).padStart(6)}× ${sql}`);
  });
}

/** Child mode: the application server alone, on PostgreSQL. */
async function serve() {
  // A set larger than the per-request default (IMPORT_MAX_VALUES, 2 M) is sent as an operator would: with the limit raised.
  const config = loadConfig({ DATABASE_URL, LOG_LEVEL: 'warn', PORT: args.port, JOBS: 'off', IMPORT_MAX_VALUES: String(Math.max(2_000_000, total)) });
  const db = await openDb({ databaseUrl: DATABASE_URL, poolSize: 10 });
  if (process.env.BENCH_SQL_TIMES) traceQueries(db);
  if (process.env.BENCH_MEMORY) {
    setInterval(() => {
      const m = process.memoryUsage();
      console.error(
        `rss ${Math.round(m.rss / 1e6)} heapTotal ${Math.round(m.heapTotal / 1e6)} heapUsed ${Math.round(m.heapUsed / 1e6)} external ${Math.round(m.external / 1e6)} buffers ${Math.round(m.arrayBuffers / 1e6)}`,
      );
    }, 3000).unref();
  }
  const app = await buildApp({ config, db, webDir: null });
  await app.listen({ port: Number(args.port), host: '127.0.0.1' });
  // A clean exit lets --cpu-prof (BENCH_SERVER_NODE_OPTIONS) write its profile.
  process.once('SIGTERM', () => void app.close().finally(() => db.close().finally(() => process.exit(0))));
  process.send?.('ready');
}

const units = Number(args.units);
const elements = Number(args.elements);
const months = Number(args.months);
const total = units * elements * months;
const PROVINCES = 50;
const MONTHS = Array.from({ length: months }, (_, i) => `2026${String(i + 1).padStart(2, '0')}`);
const unitCode = (i: number) => `BU${String(i).padStart(5, '0')}`;
const elementCode = (j: number) => `BENCH_DE_${String(j).padStart(2, '0')}`;
// A realistic spread of magnitudes, deterministic.
const valueOf = (i: number, j: number, m: number) => ((i * 7919 + j * 104729 + m * 1299709) % 1_000_000) + 1;

async function prepareDatabase() {
  const url = new URL(DATABASE_URL);
  const name = url.pathname.slice(1);
  const adminUrl = new URL(DATABASE_URL);
  adminUrl.pathname = '/postgres';
  const admin = new pg.Client({ connectionString: adminUrl.toString() });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  const db = await openDb({ databaseUrl: DATABASE_URL, poolSize: 2 });
  await migrate(db);
  await db.query(`INSERT INTO org_unit (code, name_vi, level, path) VALUES ('BENCH', 'Đơn vị đo hiệu năng', 1, '')`);
  await db.query(`UPDATE org_unit SET path = '/' || id || '/' WHERE code = 'BENCH'`);
  // Like communes under provinces: 10,000 reporting units at level 3 under 50 level-2 units.
  await db.query(
    `INSERT INTO org_unit (code, name_vi, level, parent_id, path)
     SELECT 'BP' || lpad(p::text, 2, '0'), 'Tỉnh ' || p, 2, r.id, '' FROM generate_series(0, $1 - 1) p, org_unit r WHERE r.code = 'BENCH'`,
    [PROVINCES],
  );
  await db.query(`UPDATE org_unit ou SET path = r.path || ou.id || '/' FROM org_unit r WHERE r.code = 'BENCH' AND ou.parent_id = r.id`);
  await db.query(
    `INSERT INTO org_unit (code, name_vi, level, parent_id, path)
     SELECT 'BU' || lpad(i::text, 5, '0'), 'Đơn vị ' || i, 3, p.id, p.path || 'x'
       FROM generate_series(0, $1 - 1) i JOIN org_unit p ON p.code = 'BP' || lpad((i % $2)::text, 2, '0')`,
    [units, PROVINCES],
  );
  await db.query(`UPDATE org_unit SET path = left(path, -1) || id || '/' WHERE code LIKE 'BU%'`);
  await db.query(
    `INSERT INTO data_element (code, name_vi, value_type, aggregation_type, zero_is_significant)
     SELECT 'BENCH_DE_' || lpad(j::text, 2, '0'), 'Chỉ số ' || j, 'INTEGER', 'SUM', true FROM generate_series(0, $1 - 1) j`,
    [elements],
  );
  await db.query(`INSERT INTO report_regime (code, name_vi, period_type, cutoff_rule, deadline_days) VALUES ('BENCH', 'Báo cáo đo hiệu năng', 'MONTHLY', 'CALENDAR', 10)`);
  await db.query(`INSERT INTO report_regime_assignment (regime_id, level) SELECT id, 3 FROM report_regime WHERE code = 'BENCH'`);
  await db.query(`INSERT INTO report_regime_element (regime_id, data_element_id) SELECT r.id, de.id FROM report_regime r, data_element de WHERE r.code = 'BENCH' AND de.code LIKE 'BENCH_DE_%'`);
  await db.query(`INSERT INTO api_token (name, prefix, token_hash, org_unit_id, role) SELECT 'bench', $1, $2, id, 'REPORTING_OFFICER' FROM org_unit WHERE code = 'BENCH'`, [
    TOKEN.slice(0, 10),
    sha256(TOKEN),
  ]);
  await db.query('ANALYZE');
  await db.close();
}

/** The request body, generated as it is sent: never held whole in memory. */
function bodyStream(format: 'json' | 'csv'): Readable {
  return Readable.from(
    (function* () {
      yield format === 'json' ? '{"dataSet":"BENCH","dataValues":[' : 'dataelement,period,orgunit,categoryoptioncombo,attributeoptioncombo,value\n';
      let first = true;
      let buf = '';
      for (let m = 0; m < months; m++) {
        for (let i = 0; i < units; i++) {
          const ou = unitCode(i);
          for (let j = 0; j < elements; j++) {
            const v = valueOf(i, j, m);
            if (format === 'json') {
              buf += `${first ? '' : ','}{"dataElement":"${elementCode(j)}","period":"${MONTHS[m]}","orgUnit":"${ou}","value":"${v}"}`;
              first = false;
            } else buf += `${elementCode(j)},${MONTHS[m]},${ou},,,${v}\n`;
          }
          if (buf.length > 256 * 1024) {
            yield buf;
            buf = '';
          }
        }
      }
      yield buf + (format === 'json' ? ']}' : '');
    })(),
    { objectMode: false },
  );
}

function postStream(format: 'json' | 'csv', port: number): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        method: 'POST',
        path: '/api/dataValueSets',
        headers: {
          authorization: `Bearer ${TOKEN}`,
          'content-type': format === 'json' ? 'application/json' : 'text/csv',
          'idempotency-key': `bench-${format}-${Date.now()}`,
        },
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      },
    );
    req.on('error', reject);
    bodyStream(format).pipe(req);
  });
}

function readKb(pid: number, field: 'VmHWM' | 'VmRSS'): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const m = new RegExp(`${field}:\\s+(\\d+) kB`).exec(status);
  return m ? Number(m[1]) : 0;
}

async function startServer(): Promise<ChildProcess> {
  const child = spawn(
    process.execPath,
    [
      ...(process.env.BENCH_SERVER_NODE_OPTIONS ? process.env.BENCH_SERVER_NODE_OPTIONS.split(' ') : []),
      '--import',
      'tsx',
      fileURLToPath(import.meta.url),
      '--serve',
      '--port',
      args.port!,
      '--units',
      args.units!,
      '--elements',
      args.elements!,
      '--months',
      args.months!,
    ],
    {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    },
  );
  await new Promise<void>((resolve, reject) => {
    child.once('message', () => resolve());
    child.once('exit', (code) => reject(new Error(`server exited with ${code}`)));
  });
  return child;
}

async function truncateValues() {
  const c = new pg.Client({ connectionString: DATABASE_URL });
  await c.connect();
  await c.query('TRUNCATE data_value, data_value_history, analytics_rollup');
  await c.query('CHECKPOINT');
  await c.end();
}

async function runApi(format: 'json' | 'csv', server: ChildProcess) {
  let peakRss = 0;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, readKb(server.pid!, 'VmRSS'))), 100);
  const started = process.hrtime.bigint();
  const res = await postStream(format, Number(args.port));
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  clearInterval(sampler);
  if (res.status !== 200) throw new Error(`import failed: ${res.status} ${res.body.slice(0, 2000)}`);
  // The DHIS2 WebMessage: the ImportSummary is its `response`.
  const summary = (JSON.parse(res.body) as { response: { status: string; importCount: Record<string, number>; conflictCount: number } }).response;
  if (summary.importCount.imported !== total) throw new Error(`expected ${total} imported, got ${JSON.stringify(summary)}`);
  return { format, seconds, valuesPerSecond: Math.round(total / seconds), importCount: summary.importCount, sampledPeakRssMb: Math.round(peakRss / 1024) };
}

/**
 * The reference: the same rows, ids already resolved, COPYed into a bare table (no key, no index,
 * no check); and, to show what the keys alone cost, into a table keyed like data_value.
 */
async function runCopy() {
  const c = new pg.Client({ connectionString: DATABASE_URL });
  await c.connect();
  const ids = (await c.query<{ code: string; id: number }>(`SELECT code, id FROM org_unit WHERE code LIKE 'BU%' UNION ALL SELECT code, id FROM data_element`)).rows;
  const idOf = new Map(ids.map((r) => [r.code, r.id]));
  const periodIds = MONTHS.map((_, m) => 1000 + m);
  const rows = () =>
    Readable.from(
      (function* () {
        let buf = '';
        for (let m = 0; m < months; m++) {
          for (let i = 0; i < units; i++) {
            const ou = idOf.get(unitCode(i));
            for (let j = 0; j < elements; j++) buf += `${idOf.get(elementCode(j))}\t${periodIds[m]}\t${ou}\t0\t${valueOf(i, j, m)}\n`;
            if (buf.length > 256 * 1024) {
              yield buf;
              buf = '';
            }
          }
        }
        yield buf;
      })(),
    );
  const copyInto = async (table: string, ddl: string) => {
    await c.query(`DROP TABLE IF EXISTS ${table}`);
    await c.query(ddl);
    await c.query('CHECKPOINT');
    const started = process.hrtime.bigint();
    await pipeline(rows(), c.query(copyFrom(`COPY ${table} (data_element_id, period_id, org_unit_id, option_id, value) FROM STDIN`)));
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const n = (await c.query<{ n: string }>(`SELECT count(*) AS n FROM ${table}`)).rows[0].n;
    if (Number(n) !== total) throw new Error(`COPY into ${table} wrote ${n} rows`);
    await c.query(`DROP TABLE ${table}`);
    return { seconds, valuesPerSecond: Math.round(total / seconds) };
  };
  const bare = await copyInto('bench_copy', 'CREATE TABLE bench_copy (data_element_id integer, period_id integer, org_unit_id integer, option_id integer, value double precision)');
  const keyed = await copyInto(
    'bench_copy_keyed',
    `CREATE TABLE bench_copy_keyed (data_element_id integer, period_id integer, org_unit_id integer, option_id integer, value double precision,
       PRIMARY KEY (data_element_id, period_id, org_unit_id, option_id));
     CREATE INDEX ON bench_copy_keyed (org_unit_id, period_id)`,
  );
  await c.end();
  return { bare, keyed };
}

async function main() {
  if (args.serve) return serve();
  const formats = args.format === 'both' ? (['json', 'csv'] as const) : ([args.format as 'json' | 'csv'] as const);
  console.log(`preparing ${DATABASE_URL}: ${units} units × ${elements} data elements × ${months} months = ${total.toLocaleString('en')} values`);
  await prepareDatabase();
  const server = await startServer();
  const api = [];
  let peakKb: number;
  try {
    for (const format of formats) {
      await truncateValues();
      const r = await runApi(format, server);
      api.push(r);
      console.log(
        `API ${format}: ${r.seconds.toFixed(2)} s, ${r.valuesPerSecond.toLocaleString('en')} values/s (load average ${os
          .loadavg()
          .map((x) => x.toFixed(1))
          .join(' ')})`,
      );
    }
    peakKb = readKb(server.pid!, 'VmHWM');
  } finally {
    server.kill('SIGTERM');
  }
  const copy = await runCopy();
  const result = {
    at: new Date().toISOString(),
    database: 'PostgreSQL',
    values: total,
    shape: { units, elements, months },
    api: api.map((r) => ({
      ...r,
      ratioToCopy: Math.round((r.valuesPerSecond / copy.bare.valuesPerSecond) * 1000) / 1000,
      ratioToKeyedCopy: Math.round((r.valuesPerSecond / copy.keyed.valuesPerSecond) * 1000) / 1000,
    })),
    copy,
    serverPeakRssMb: Math.round(peakKb / 1024),
    node: process.version,
    loadAverage: os.loadavg().map((x) => Math.round(x * 10) / 10),
    machine: { cpus: os.cpus().length, memoryGb: Math.round(os.totalmem() / 2 ** 30) },
    serverNodeOptions: process.env.BENCH_SERVER_NODE_OPTIONS ?? '',
  };
  console.log('');
  console.table([
    ...result.api.map((r) => ({
      path: `POST /api/dataValueSets (${r.format})`,
      seconds: r.seconds.toFixed(2),
      'values/s': r.valuesPerSecond,
      'vs COPY': r.ratioToCopy,
      'vs keyed COPY': r.ratioToKeyedCopy,
    })),
    { path: 'COPY into a bare table', seconds: copy.bare.seconds.toFixed(2), 'values/s': copy.bare.valuesPerSecond, 'vs COPY': 1 },
    {
      path: 'COPY into a table keyed like data_value',
      seconds: copy.keyed.seconds.toFixed(2),
      'values/s': copy.keyed.valuesPerSecond,
      'vs COPY': Math.round((copy.keyed.valuesPerSecond / copy.bare.valuesPerSecond) * 1000) / 1000,
    },
  ]);
  console.log(`server peak RSS (VmHWM): ${result.serverPeakRssMb} MB`);
  fs.mkdirSync(path.join(HERE, 'out'), { recursive: true });
  const file = process.env.BENCH_OUT ?? path.join(HERE, 'out', 'import.json');
  fs.writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
  console.log(`written to ${path.relative(ROOT, file)}`);
}

await main();
