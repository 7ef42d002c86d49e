// Benchmark: the analytics API over a national data set, against DuckDB holding the same rows in
// memory, in the same run. Not run by CI.
//
//   node --import tsx bench/analytics.ts [--size S|M|L] [--iterations 30] [--keep]
//
// Sizes: S = 1 M values (a quick check), M = 10 M, L = 50 M. The data set: 9,895 org units in 4
// levels (1 root, 34 provinces, 340 districts, 9,520 leaves), 200 data elements, 40 indicators
// (numerator / denominator × 100, five per sector), 120 months (2016–2025), about 5 % of months
// missing; values sit on leaves. Beside them, two old provinces (118 units, closed 30/6/2025) merged into P00
// on 1/7/2025 report two more elements, a stock and a flow, which Q5 and Q6 ask across the merger. The PostgreSQL database BENCH_DATABASE_URL (default
// postgres://postgres@127.0.0.1:5432/tiendo_bench_analytics) is dropped and created again.
//
// Writes bench/out/analytics-<size>.json and prints a Markdown table for docs/benchmarks.md.
import fs from 'node:fs';
import os from 'node:os';
import readline from 'node:readline';
import path from 'node:path';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { DuckDBInstance } from '@duckdb/node-api';
import type { FastifyInstance } from 'fastify';
import { loadConfig } from '../src/server/config.ts';
import { openDb, type Db } from '../src/server/db/db.ts';
import { migrate } from '../src/server/db/migrate.ts';
import { buildApp } from '../src/server/app.ts';
import { sha256 } from '../src/server/http/passwords.ts';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const OUT = path.join(HERE, 'out');
const TOKEN = 'tdk_bench_analytics_not_a_secret_012345';

const { values: args } = parseArgs({
  options: {
    size: { type: 'string', default: 'M' },
    iterations: { type: 'string', default: '30' },
    keep: { type: 'boolean', default: false },
    // Reuse the database loaded by an earlier run (the CSV for DuckDB is generated again).
    'skip-load': { type: 'boolean', default: false },
  },
});

const SIZES: Record<string, number> = { S: 1_000_000, M: 10_000_000, L: 50_000_000 };
const TARGET_VALUES = SIZES[args.size ?? 'M'];
if (!TARGET_VALUES) throw new Error(`--size must be S, M or L, got ${args.size}`);
const ITERATIONS = Number(args.iterations);
const DATABASE_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/tiendo_bench_analytics';

// ---------------------------------------------------------------------------------------------
// The data set, deterministic

const PROVINCES = 34;
const DISTRICTS_PER_PROVINCE = 10;
const LEAVES_PER_DISTRICT = 28;
const ELEMENTS = 200;
const INDICATORS = 40;
const SECTORS = 8;
const MONTHS = 120; // 2016-01 … 2025-12, period ids 1 … 120
const FIRST_YEAR = 2016;
const LAST_ELEMENTS = { from: 100, to: 119 }; // stocks (LAST); every other element is a flow (SUM)

const ROOT_ID = 1;
const provinceId = (p: number) => 2 + p;
const districtId = (p: number, d: number) => 2 + PROVINCES + p * DISTRICTS_PER_PROVINCE + d;
const leafId = (p: number, d: number, l: number) => 2 + PROVINCES + PROVINCES * DISTRICTS_PER_PROVINCE + (p * DISTRICTS_PER_PROVINCE + d) * LEAVES_PER_DISTRICT + l;
const LEAVES = PROVINCES * DISTRICTS_PER_PROVINCE * LEAVES_PER_DISTRICT;
// The 1/7/2025 merger: two old provinces (closed 30/6/2025, 2 districts of 28 leaves each) merged into P00. Their
// leaves report two elements of their own until June 2025 — a stock (LAST) and a flow (SUM) that P00's leaves report
// every month — so the questions Q1–Q4 keep their answers and Q5–Q6 cross the merger.
const MERGED_PROVINCES = 2;
const MERGED_DISTRICTS = 2;
const MERGER_DATE = '2025-07-01';
const MERGER_MONTH = (2025 - FIRST_YEAR) * 12 + 6; // month index of July 2025: earlier months are before the merger
const MERGE_STOCK = ELEMENTS; // element index 200, id 201: LAST
const MERGE_FLOW = ELEMENTS + 1; // element index 201, id 202: SUM
const oldProvinceId = (o: number) => 2 + PROVINCES + PROVINCES * DISTRICTS_PER_PROVINCE + LEAVES + o * (1 + MERGED_DISTRICTS * (1 + LEAVES_PER_DISTRICT));
const oldDistrictId = (o: number, d: number) => oldProvinceId(o) + 1 + d * (1 + LEAVES_PER_DISTRICT);
const oldLeafId = (o: number, d: number, l: number) => oldDistrictId(o, d) + 1 + l;
const elementCode = (e: number) => `DE_${String(e).padStart(3, '0')}`;
const indicatorCode = (k: number) => `IND_${String(k).padStart(2, '0')}`;
const periodIso = (m: number) => `${FIRST_YEAR + Math.floor(m / 12)}${String((m % 12) + 1).padStart(2, '0')}`;

function hash(a: number, b: number, c = 0): number {
  let h = Math.imul(a ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(b + 0x7f4a7c15, 0xc2b2ae35) ^ Math.imul(c + 0x165667b1, 0x27d4eb2f);
  h ^= h >>> 15;
  h = Math.imul(h, 0x2c1b3c6d);
  h ^= h >>> 12;
  return (h >>> 0) / 4294967296;
}

// Share of (element, leaf) pairs that report, so that the total comes to the size asked for;
// an indicator's numerator and denominator are reported by the same leaves.
const REPORTING_SHARE = Math.min(1, TARGET_VALUES / (ELEMENTS * LEAVES * MONTHS * 0.95));
const reports = (e: number, leaf: number) => hash(Math.floor(e / 2), leaf, 17) < REPORTING_SHARE;
const missing = (e: number, leaf: number, m: number) => hash(e, leaf, m + 1000) < 0.05;
function valueOf(e: number, leaf: number, m: number): number {
  const base = e % 2 === 0 && e < INDICATORS * 2 ? 100 + 400 * hash(e, leaf, 3) : 600 + 900 * hash(e, leaf, 5);
  return Math.round(base * (1 + m / 240) * (0.9 + 0.2 * hash(e, leaf, m)));
}

/** Rows as CSV lines, ordered by (element, month, leaf) like the table's key; every value approved (data status 2). */
function* generateRows(): Generator<string> {
  const leafIds: number[] = [];
  for (let p = 0; p < PROVINCES; p++) for (let d = 0; d < DISTRICTS_PER_PROVINCE; d++) for (let l = 0; l < LEAVES_PER_DISTRICT; l++) leafIds.push(leafId(p, d, l));
  for (let e = 0; e < ELEMENTS; e++) {
    const reporting = leafIds.filter((id) => reports(e, id));
    for (let m = 0; m < MONTHS; m++) {
      let chunk = '';
      for (const id of reporting) if (!missing(e, id, m)) chunk += `${e + 1},${m + 1},${id},0,${valueOf(e, id, m)},2\n`;
      yield chunk;
    }
  }
  // The merger's two elements: on P00's leaves every month, on the old provinces' leaves until June 2025.
  const p00Leaves = leafIds.filter((id) => id >= leafId(0, 0, 0) && id <= leafId(0, DISTRICTS_PER_PROVINCE - 1, LEAVES_PER_DISTRICT - 1));
  const oldLeaves: number[] = [];
  for (let o = 0; o < MERGED_PROVINCES; o++) for (let d = 0; d < MERGED_DISTRICTS; d++) for (let l = 0; l < LEAVES_PER_DISTRICT; l++) oldLeaves.push(oldLeafId(o, d, l));
  for (const e of [MERGE_STOCK, MERGE_FLOW]) {
    for (let m = 0; m < MONTHS; m++) {
      let chunk = '';
      for (const id of m < MERGER_MONTH ? [...p00Leaves, ...oldLeaves] : p00Leaves) if (!missing(e, id, m)) chunk += `${e + 1},${m + 1},${id},0,${valueOf(e, id, m)},2\n`;
      yield chunk;
    }
  }
}

// ---------------------------------------------------------------------------------------------
// PostgreSQL

async function recreateDatabase(): Promise<Db> {
  const url = new URL(DATABASE_URL);
  const name = url.pathname.slice(1);
  const adminUrl = new URL(DATABASE_URL);
  adminUrl.pathname = '/postgres';
  const admin = new pg.Client({ connectionString: adminUrl.toString() });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  const db = await openDb({ databaseUrl: DATABASE_URL, poolSize: 12 });
  await migrate(db);
  return db;
}

interface UnitRow {
  id: number;
  code: string;
  parent: number | null;
  level: number;
  path: string;
  l2: number | null;
  l3: number | null;
  /** A unit of an old province, closed on the eve of the merger. */
  closed?: boolean;
}

function buildUnits(): UnitRow[] {
  const units: UnitRow[] = [{ id: ROOT_ID, code: 'VN', parent: null, level: 1, path: `/${ROOT_ID}/`, l2: null, l3: null }];
  for (let p = 0; p < PROVINCES; p++) {
    const pid = provinceId(p);
    const ppath = `/${ROOT_ID}/${pid}/`;
    units.push({ id: pid, code: `P${String(p).padStart(2, '0')}`, parent: ROOT_ID, level: 2, path: ppath, l2: pid, l3: null });
    for (let d = 0; d < DISTRICTS_PER_PROVINCE; d++) {
      const did = districtId(p, d);
      const dpath = `${ppath}${did}/`;
      units.push({ id: did, code: `D${String(p).padStart(2, '0')}${d}`, parent: pid, level: 3, path: dpath, l2: pid, l3: did });
      for (let l = 0; l < LEAVES_PER_DISTRICT; l++) {
        const lid = leafId(p, d, l);
        units.push({ id: lid, code: `X${lid}`, parent: did, level: 4, path: `${dpath}${lid}/`, l2: pid, l3: did });
      }
    }
  }
  for (let o = 0; o < MERGED_PROVINCES; o++) {
    const pid = oldProvinceId(o);
    const ppath = `/${ROOT_ID}/${pid}/`;
    units.push({ id: pid, code: `OLD${o}`, parent: ROOT_ID, level: 2, path: ppath, l2: pid, l3: null, closed: true });
    for (let d = 0; d < MERGED_DISTRICTS; d++) {
      const did = oldDistrictId(o, d);
      const dpath = `${ppath}${did}/`;
      units.push({ id: did, code: `OLD${o}D${d}`, parent: pid, level: 3, path: dpath, l2: pid, l3: did, closed: true });
      for (let l = 0; l < LEAVES_PER_DISTRICT; l++) {
        const lid = oldLeafId(o, d, l);
        units.push({ id: lid, code: `X${lid}`, parent: did, level: 4, path: `${dpath}${lid}/`, l2: pid, l3: did, closed: true });
      }
    }
  }
  return units;
}

async function loadMetadata(db: Db, units: UnitRow[]) {
  for (let i = 0; i < units.length; i += 2000) {
    const part = units.slice(i, i + 2000);
    await db.query(
      `INSERT INTO org_unit (id, code, name_vi, parent_id, level, path, sort_key, closing_date) OVERRIDING SYSTEM VALUE
       SELECT * FROM unnest($1::int[], $2::text[], $3::text[], $4::int[], $5::int[], $6::text[], $2::text[], $7::date[])`,
      [
        part.map((u) => u.id),
        part.map((u) => u.code),
        part.map((u) => `Đơn vị ${u.code}`),
        part.map((u) => u.parent),
        part.map((u) => u.level),
        part.map((u) => u.path),
        part.map((u) => (u.closed ? '2025-06-30' : null)),
      ],
    );
  }
  for (let o = 0; o < MERGED_PROVINCES; o++) {
    await db.query(`INSERT INTO org_unit_lineage (predecessor_id, successor_id, kind, effective_date) VALUES ($1, $2, 'MERGE', $3)`, [oldProvinceId(o), provinceId(0), MERGER_DATE]);
  }
  for (let s = 0; s < SECTORS; s++) await db.query(`INSERT INTO org_unit_group (code, kind, name_vi) VALUES ($1, 'SECTOR', $2)`, [`S${s}`, `Lĩnh vực ${s}`]);
  await db.query(
    `INSERT INTO data_element (id, code, name_vi, value_type, aggregation_type) OVERRIDING SYSTEM VALUE
     SELECT g + 1, 'DE_' || lpad(g::text, 3, '0'), 'Chỉ số ' || g, 'NUMBER', CASE WHEN g BETWEEN $1 AND $2 OR g = $4 THEN 'LAST' ELSE 'SUM' END
       FROM generate_series(0, $3 - 1) g`,
    [LAST_ELEMENTS.from, LAST_ELEMENTS.to, ELEMENTS + 2, MERGE_STOCK],
  );
  for (let m = 0; m < MONTHS; m++) {
    const y = FIRST_YEAR + Math.floor(m / 12);
    const mo = (m % 12) + 1;
    const start = `${y}-${String(mo).padStart(2, '0')}-01`;
    await db.query(`INSERT INTO period (id, iso, type, start_date, end_date) OVERRIDING SYSTEM VALUE VALUES ($1, $2, 'MONTHLY', $3::date, ($3::date + interval '1 month' - interval '1 day')::date)`, [
      m + 1,
      periodIso(m),
      start,
    ]);
  }
  for (let k = 0; k < INDICATORS; k++) {
    await db.query(
      `INSERT INTO indicator (code, name_vi, sector_id, numerator, denominator, factor, decimals)
       VALUES ($1, $2, (SELECT id FROM org_unit_group WHERE code = $3), $4, $5, 100, 2)`,
      [indicatorCode(k), `Chỉ tiêu ${k}`, `S${k % SECTORS}`, `#{${elementCode(2 * k)}}`, `#{${elementCode(2 * k + 1)}}`],
    );
  }
  // A monthly form on the leaves, so that one value can go through the real write API.
  await db.query(`INSERT INTO report_regime (code, name_vi, period_type, cutoff_rule, deadline_days) VALUES ('BENCH', 'Báo cáo đo hiệu năng', 'MONTHLY', 'CALENDAR', 5)`);
  await db.query(`INSERT INTO report_regime_element (regime_id, data_element_id) SELECT r.id, 1 FROM report_regime r WHERE r.code = 'BENCH'`);
  await db.query(`INSERT INTO report_regime_assignment (regime_id, level) SELECT id, 4 FROM report_regime WHERE code = 'BENCH'`);
  await db.query(`INSERT INTO api_token (name, prefix, token_hash, org_unit_id, role) VALUES ('bench', $1, $2, $3, 'REPORTING_OFFICER')`, [TOKEN.slice(0, 10), sha256(TOKEN), ROOT_ID]);
}

/** COPY in chunks of about a million rows: each statement's roll-up trigger aggregates its chunk once. */
async function copyValues(csvPath: string): Promise<{ rows: number; seconds: number }> {
  const client = new pg.Client({ connectionString: DATABASE_URL });
  await client.connect();
  const started = performance.now();
  let rows = 0;
  let pending: Buffer[] = [];
  let pendingRows = 0;
  let carry = Buffer.alloc(0);
  const flush = async () => {
    if (pending.length === 0) return;
    const stream = client.query(copyFrom('COPY data_value (data_element_id, period_id, org_unit_id, option_id, value, data_status) FROM STDIN WITH (FORMAT csv)'));
    await pipeline(Readable.from(pending), stream);
    rows += pendingRows;
    pending = [];
    pendingRows = 0;
  };
  for await (const block of fs.createReadStream(csvPath, { highWaterMark: 8 * 1024 * 1024 }) as AsyncIterable<Buffer>) {
    const data = carry.length ? Buffer.concat([carry, block]) : block;
    const cut = data.lastIndexOf(10) + 1;
    const whole = data.subarray(0, cut);
    carry = Buffer.from(data.subarray(cut));
    let lines = 0;
    for (let i = whole.indexOf(10); i >= 0; i = whole.indexOf(10, i + 1)) lines++;
    pending.push(Buffer.from(whole));
    pendingRows += lines;
    if (pendingRows >= 1_000_000) await flush();
  }
  if (carry.length) {
    pending.push(carry);
    pendingRows++;
  }
  await flush();
  const seconds = (performance.now() - started) / 1000;
  await client.query('VACUUM ANALYZE data_value');
  await client.query('VACUUM ANALYZE analytics_rollup');
  await client.end();
  return { rows, seconds };
}

/**
 * What the live roll-up costs an import: the same rows copied into two scratch tables shaped like
 * data_value (same key and indexes), one with the roll-up trigger, inside transactions that are rolled
 * back (so the roll-up is left as it was). Once as one 1,000,000-row COPY, once as 200 API-sized
 * batches of 1,000 rows in one transaction each.
 */
async function measureTriggerCost(csvPath: string): Promise<{ rows: number; copyPlain: number; copyRollup: number; batchPlain: number; batchRollup: number }> {
  const client = new pg.Client({ connectionString: DATABASE_URL });
  await client.connect();
  await client.query('DROP TABLE IF EXISTS bench_plain, bench_rollup');
  await client.query('CREATE TABLE bench_plain (LIKE data_value INCLUDING ALL)');
  await client.query('CREATE TABLE bench_rollup (LIKE data_value INCLUDING ALL)');
  await client.query(`CREATE TRIGGER bench_rollup_insert AFTER INSERT ON bench_rollup REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION analytics_rollup_apply()`);
  // A million rows spread over every element, month and province: every 10th row of the file.
  const sample: string[] = [];
  let i = 0;
  // Streamed: at size L the file is larger than a JavaScript string may be.
  for await (const line of readline.createInterface({ input: fs.createReadStream(csvPath), crlfDelay: Infinity })) {
    if (i++ % 10 === 0) sample.push(`${line}\n`);
    if (sample.length >= 1_000_000) break;
  }
  const copyInto = async (table: string) => {
    await client.query('BEGIN');
    const t = performance.now();
    await pipeline(Readable.from([sample.join('')]), client.query(copyFrom(`COPY ${table} (data_element_id, period_id, org_unit_id, option_id, value, data_status) FROM STDIN WITH (FORMAT csv)`)));
    const seconds = (performance.now() - t) / 1000;
    await client.query('ROLLBACK');
    return Math.round(seconds * 100) / 100;
  };
  const batches = async (table: string) => {
    const t = performance.now();
    for (let b = 0; b < 200; b++) {
      const rows = sample.slice(b * 5000, b * 5000 + 1000).map((line) => line.trim().split(',').map(Number));
      await client.query('BEGIN');
      await client.query(
        `INSERT INTO ${table} (data_element_id, period_id, org_unit_id, option_id, value) SELECT * FROM unnest($1::int[], $2::int[], $3::int[], $4::int[], $5::float8[])`,
        [0, 1, 2, 3, 4].map((c) => rows.map((r) => r[c])),
      );
      await client.query('ROLLBACK');
    }
    return round1((performance.now() - t) / 200);
  };
  const result = {
    rows: sample.length,
    copyPlain: await copyInto('bench_plain'),
    copyRollup: await copyInto('bench_rollup'),
    batchPlain: await batches('bench_plain'),
    batchRollup: await batches('bench_rollup'),
  };
  await client.query('DROP TABLE bench_plain, bench_rollup');
  await client.end();
  return result;
}

// ---------------------------------------------------------------------------------------------
// Queries

interface Question {
  name: string;
  describe: string;
  http: (i: number) => string;
  duck: (i: number) => string;
}

const yearRange = (year: number) => [(year - FIRST_YEAR) * 12 + 1, (year - FIRST_YEAR) * 12 + 12];
const sectorIndicators = (s: number) => Array.from({ length: INDICATORS / SECTORS }, (_, j) => s + j * SECTORS);

const QUESTIONS: Question[] = [
  {
    name: 'Q1',
    describe: 'one indicator × 34 provinces × 12 months',
    http: (i) => `dimension=dx:${indicatorCode(i % INDICATORS)}&dimension=pe:${Array.from({ length: 12 }, (_, m) => `2024${String(m + 1).padStart(2, '0')}`).join(';')}&dimension=ou:VN;LEVEL-2`,
    duck: (i) => {
      const k = i % INDICATORS;
      const [a, b] = yearRange(2024);
      return `SELECT o.l2, v.p, sum(v.v) FILTER (WHERE v.e = ${2 * k + 1}) * 100 / sum(v.v) FILTER (WHERE v.e = ${2 * k + 2}) AS value
                FROM dv v JOIN ou o ON o.id = v.ou WHERE v.e IN (${2 * k + 1}, ${2 * k + 2}) AND v.p BETWEEN ${a} AND ${b} GROUP BY 1, 2`;
    },
  },
  {
    name: 'Q2',
    describe: 'the 5 indicators of a sector × country × 5 years',
    http: (i) =>
      `dimension=dx:${sectorIndicators(i % SECTORS)
        .map(indicatorCode)
        .join(';')}&dimension=pe:2021;2022;2023;2024;2025&dimension=ou:VN`,
    duck: (i) => {
      const ks = sectorIndicators(i % SECTORS);
      const es = ks.flatMap((k) => [2 * k + 1, 2 * k + 2]);
      return `WITH a AS (SELECT e, (p - 1) // 12 AS y, sum(v) AS s FROM dv WHERE e IN (${es.join(',')}) AND p BETWEEN ${yearRange(2021)[0]} AND ${yearRange(2025)[1]} GROUP BY 1, 2)
              SELECT n.e, n.y, n.s * 100 / d.s AS value FROM a n JOIN a d ON d.e = n.e + 1 AND d.y = n.y WHERE n.e % 2 = 1`;
    },
  },
  {
    name: 'Q3',
    describe: 'one indicator × 340 districts (level 3) × one quarter',
    http: (i) => `dimension=dx:${indicatorCode(i % INDICATORS)}&dimension=pe:2024Q2&dimension=ou:VN;LEVEL-3`,
    duck: (i) => {
      const k = i % INDICATORS;
      const a = yearRange(2024)[0] + 3;
      return `SELECT o.l3, sum(v.v) FILTER (WHERE v.e = ${2 * k + 1}) * 100 / sum(v.v) FILTER (WHERE v.e = ${2 * k + 2}) AS value
                FROM dv v JOIN ou o ON o.id = v.ou WHERE v.e IN (${2 * k + 1}, ${2 * k + 2}) AND v.p BETWEEN ${a} AND ${a + 2} GROUP BY 1`;
    },
  },
  {
    name: 'Q4',
    describe: 'a stock (LAST) in 2024: each leaf’s latest month, summed × 34 provinces',
    http: (i) => `dimension=dx:${elementCode(LAST_ELEMENTS.from + (i % 20))}&dimension=pe:2024&dimension=ou:VN;LEVEL-2`,
    duck: (i) => {
      const e = LAST_ELEMENTS.from + (i % 20) + 1;
      const [a, b] = yearRange(2024);
      return `SELECT o.l2, sum(x.last) AS value FROM (SELECT ou, arg_max(v, p) AS last FROM dv WHERE e = ${e} AND p BETWEEN ${a} AND ${b} GROUP BY ou) x
                JOIN ou o ON o.id = x.ou GROUP BY 1`;
    },
  },
  {
    name: 'Q5',
    describe: 'a stock (LAST) of P00 across the 1/7/2025 merger (2025Q2, 2025Q3, 2025): its predecessors until the hand-over',
    http: () => `dimension=dx:${elementCode(MERGE_STOCK)}&dimension=pe:2025Q2;2025Q3;2025&dimension=ou:P00`,
    // Each leaf's latest month in the period, summed; an old province's leaves count for months before the merger,
    // and not at all once P00's own subtree has a value on or after the merger date within the period.
    duck: () => `WITH per(label, a, b) AS (VALUES ('2025Q2', ${MERGER_MONTH - 2}, ${MERGER_MONTH}), ('2025Q3', ${MERGER_MONTH + 1}, ${MERGER_MONTH + 3}), ('2025', ${MERGER_MONTH - 5}, ${MERGER_MONTH + 6})),
                 leaf AS (SELECT per.label, v.ou, o.l2 = ${provinceId(0)} AS own, arg_max(v.v, v.p) AS last, max(v.p) AS lastp
                            FROM dv v JOIN ou o ON o.id = v.ou JOIN per ON v.p BETWEEN per.a AND per.b
                           WHERE v.e = ${MERGE_STOCK + 1} AND (o.l2 = ${provinceId(0)} OR (o.l2 IN (${mergedIds()}) AND v.p <= ${MERGER_MONTH}))
                           GROUP BY 1, 2, 3),
                 handed AS (SELECT DISTINCT label FROM leaf WHERE own AND lastp > ${MERGER_MONTH})
            SELECT label, sum(last) AS value FROM leaf WHERE own OR label NOT IN (SELECT label FROM handed) GROUP BY label`,
  },
  {
    name: 'Q6',
    describe: 'a sum of P00 across the 1/7/2025 merger (2025Q2, 2025Q3, 2025): its predecessors’ months before the merger added',
    http: () => `dimension=dx:${elementCode(MERGE_FLOW)}&dimension=pe:2025Q2;2025Q3;2025&dimension=ou:P00`,
    duck: () => `WITH per(label, a, b) AS (VALUES ('2025Q2', ${MERGER_MONTH - 2}, ${MERGER_MONTH}), ('2025Q3', ${MERGER_MONTH + 1}, ${MERGER_MONTH + 3}), ('2025', ${MERGER_MONTH - 5}, ${MERGER_MONTH + 6}))
            SELECT per.label, sum(v.v) AS value FROM dv v JOIN ou o ON o.id = v.ou JOIN per ON v.p BETWEEN per.a AND per.b
             WHERE v.e = ${MERGE_FLOW + 1} AND (o.l2 = ${provinceId(0)} OR (o.l2 IN (${mergedIds()}) AND v.p <= ${MERGER_MONTH}))
             GROUP BY 1`,
  },
];

function mergedIds(): string {
  return Array.from({ length: MERGED_PROVINCES }, (_, o) => oldProvinceId(o)).join(', ');
}

function percentile(sorted: number[], q: number): number {
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[i];
}
const round1 = (x: number) => Math.round(x * 10) / 10;

async function timeHttp(base: string, q: Question): Promise<{ p50: number; p95: number; rows: number }> {
  const times: number[] = [];
  let rows = 0;
  for (let i = -3; i < ITERATIONS; i++) {
    const started = performance.now();
    const res = await fetch(`${base}/api/analytics?${q.http(Math.abs(i))}`, { headers: { authorization: `Bearer ${TOKEN}` } });
    const body = (await res.json()) as { rows?: string[][]; error?: unknown };
    const ms = performance.now() - started;
    if (!res.ok || !body.rows) throw new Error(`${q.name}: ${res.status} ${JSON.stringify(body.error)}`);
    if (i >= 0) times.push(ms);
    rows = body.rows.length;
  }
  times.sort((a, b) => a - b);
  return { p50: round1(percentile(times, 0.5)), p95: round1(percentile(times, 0.95)), rows };
}

type DuckConnection = Awaited<ReturnType<DuckDBInstance['connect']>>;

async function timeDuck(conn: DuckConnection, q: Question): Promise<{ p50: number; p95: number; rows: number }> {
  const times: number[] = [];
  let rows = 0;
  for (let i = -3; i < ITERATIONS; i++) {
    const started = performance.now();
    const reader = await conn.runAndReadAll(q.duck(Math.abs(i)));
    const ms = performance.now() - started;
    if (i >= 0) times.push(ms);
    rows = reader.getRows().length;
  }
  times.sort((a, b) => a - b);
  return { p50: round1(percentile(times, 0.5)), p95: round1(percentile(times, 0.95)), rows };
}

/** The HTTP answer and DuckDB's must agree (same rows, same arithmetic). */
async function checkAgreement(base: string, conn: DuckConnection): Promise<string[]> {
  const problems: string[] = [];
  for (const q of QUESTIONS) {
    // Without the coverage columns, the value is the last one of a row.
    const res = await fetch(`${base}/api/analytics?${q.http(1)}&skipRounding=true&coverage=false`, { headers: { authorization: `Bearer ${TOKEN}` } });
    const api = ((await res.json()) as { rows: string[][] }).rows.map((r) => Number(r.at(-1))).sort((a, b) => a - b);
    const duck = (await conn.runAndReadAll(q.duck(1)))
      .getRows()
      .map((r) => r.at(-1))
      .filter((v) => v !== null && v !== undefined)
      .map(Number)
      .sort((a, b) => a - b);
    const same = api.length === duck.length && api.every((v, i) => Math.abs(v - duck[i]) <= 1e-9 * Math.max(1, Math.abs(v)));
    if (!same) problems.push(`${q.name}: API ${api.length} values, DuckDB ${duck.length}; first ${api[0]} vs ${duck[0]}`);
  }
  return problems;
}

/** One value through the real write API, then analytics polled until the country total shows it. */
async function importToVisible(base: string): Promise<number[]> {
  const samples: number[] = [];
  const leaf = `X${leafId(3, 4, 5)}`;
  // The value is accepted, not yet submitted: the live view (dataStatus=ALL) shows it.
  const query = `dimension=dx:${elementCode(0)}&dimension=pe:202512&dimension=ou:VN&skipRounding=true&dataStatus=ALL&coverage=false`;
  for (let n = 0; n < 5; n++) {
    const read = async () => {
      const res = await fetch(`${base}/api/analytics?${query}`, { headers: { authorization: `Bearer ${TOKEN}` } });
      const body = (await res.json()) as { rows: string[][] };
      return body.rows.length ? Number(body.rows[0].at(-1)) : 0;
    };
    const before = await read();
    const started = performance.now();
    const value = 1_000_000 + n;
    const res = await fetch(`${base}/api/dataValues`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ dataElement: elementCode(0), period: '202512', orgUnit: leaf, value }),
    });
    if (!res.ok) throw new Error(`write refused: ${res.status} ${await res.text()}`);
    let seen = await read();
    while (Math.abs(seen - before) < 1 && performance.now() - started < 10_000) seen = await read();
    samples.push(round1(performance.now() - started));
  }
  return samples;
}

async function main() {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'tiendo-bench-analytics-'));
  const csvPath = path.join(tmp, `analytics-${args.size}.csv`);
  const t0 = performance.now();
  const out = fs.createWriteStream(csvPath);
  let generated = 0;
  for (const chunk of generateRows()) {
    generated += chunk.length === 0 ? 0 : chunk.split('\n').length - 1;
    if (!out.write(chunk)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  console.log(`generated ${generated.toLocaleString('en')} values in ${round1((performance.now() - t0) / 1000)} s`);

  const units = buildUnits();
  let db: Db;
  let load: { rows: number; seconds: number };
  if (args['skip-load']) {
    db = await openDb({ databaseUrl: DATABASE_URL, poolSize: 12 });
    const { rows } = await db.query<{ n: number }>('SELECT count(*) AS n FROM data_value');
    load = { rows: rows[0].n, seconds: Number.NaN };
  } else {
    db = await recreateDatabase();
    await loadMetadata(db, units);
    load = await copyValues(csvPath);
  }
  console.log(`PostgreSQL COPY with the live roll-up: ${load.rows.toLocaleString('en')} rows in ${round1(load.seconds)} s`);
  const sizes = (
    await db.query<{ heap: string; rollup: string; rollupRows: number }>(
      `SELECT pg_size_pretty(pg_total_relation_size('data_value')) AS heap, pg_size_pretty(pg_total_relation_size('analytics_rollup')) AS rollup,
              (SELECT count(*) FROM analytics_rollup) AS "rollupRows"`,
    )
  ).rows[0];

  const config = loadConfig({ DATABASE_URL, LOG_LEVEL: 'warn', JOBS: 'off', ANALYTICS_MAX_CELLS: '1000000' });
  const app: FastifyInstance = await buildApp({ config, db, webDir: null });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;

  const duckStarted = performance.now();
  const duck = await DuckDBInstance.create(':memory:');
  const conn = await duck.connect();
  await conn.run(
    `CREATE TABLE dv AS SELECT * FROM read_csv('${csvPath}', header = false, columns = {'e': 'INTEGER', 'p': 'INTEGER', 'ou': 'INTEGER', 'opt': 'INTEGER', 'v': 'DOUBLE', 'st': 'INTEGER'})`,
  );
  await conn.run('CREATE TABLE ou (id INTEGER, l2 INTEGER, l3 INTEGER)');
  const appender = await conn.createAppender('ou');
  for (const u of units) {
    appender.appendInteger(u.id);
    if (u.l2 === null) appender.appendNull();
    else appender.appendInteger(u.l2);
    if (u.l3 === null) appender.appendNull();
    else appender.appendInteger(u.l3);
    appender.endRow();
  }
  appender.closeSync();
  const duckLoad = round1((performance.now() - duckStarted) / 1000);
  console.log(`DuckDB in-memory load: ${duckLoad} s`);

  const agreement = await checkAgreement(base, conn);
  if (agreement.length) console.log(`DISAGREEMENT:\n${agreement.join('\n')}`);
  const results = [];
  for (const q of QUESTIONS) {
    const http = await timeHttp(base, q);
    const ddb = await timeDuck(conn, q);
    const ratio = Math.round((http.p95 / Math.max(ddb.p95, 0.1)) * 10) / 10;
    results.push({ name: q.name, describe: q.describe, http, duckdb: ddb, ratioP95: ratio });
    console.log(`${q.name} ${q.describe}: HTTP p50 ${http.p50} ms p95 ${http.p95} ms (${http.rows} rows) | DuckDB p50 ${ddb.p50} ms p95 ${ddb.p95} ms | ratio ${ratio}`);
  }
  const visible = await importToVisible(base);
  const triggerCost = await measureTriggerCost(csvPath);
  console.log(
    `roll-up trigger cost: COPY of ${triggerCost.rows.toLocaleString('en')} rows ${triggerCost.copyPlain} s without, ${triggerCost.copyRollup} s with; a 1,000-row batch ${triggerCost.batchPlain} ms without, ${triggerCost.batchRollup} ms with`,
  );
  console.log(`import-to-visible (POST /api/dataValues, then analytics shows it): ${visible.join(', ')} ms`);

  const report = {
    size: args.size,
    values: load.rows,
    iterations: ITERATIONS,
    at: new Date().toISOString(),
    postgres: { copySeconds: round1(load.seconds), rowsPerSecond: Math.round(load.rows / load.seconds), dataValueSize: sizes.heap, rollupSize: sizes.rollup, rollupRows: sizes.rollupRows },
    duckdbLoadSeconds: duckLoad,
    agreement: agreement.length === 0 ? 'all answers equal' : agreement,
    questions: results,
    importToVisibleMs: visible,
    rollupTriggerCost: triggerCost,
  };
  fs.writeFileSync(path.join(OUT, `analytics-${args.size}.json`), `${JSON.stringify(report, null, 2)}\n`);
  console.log('\n| question | HTTP p50 | HTTP p95 | DuckDB p50 | DuckDB p95 | ratio (p95) |\n| --- | --- | --- | --- | --- | --- |');
  for (const r of results) console.log(`| ${r.name} ${r.describe} | ${r.http.p50} ms | ${r.http.p95} ms | ${r.duckdb.p50} ms | ${r.duckdb.p95} ms | ${r.ratioP95} |`);

  conn.closeSync();
  await app.close();
  await db.close();
  if (!args.keep) fs.rmSync(tmp, { recursive: true, force: true });
  else console.log(`kept ${csvPath}`);
}

await main();
