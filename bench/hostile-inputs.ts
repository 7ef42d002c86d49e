// Benchmark: hostile inputs against a server process, with its time to answer, its peak memory and
// how long GET /api/health waited meanwhile. Not run by CI.
//
//   DATABASE_URL=postgres://postgres@127.0.0.1:5432/tiendo_hostile node --import tsx bench/hostile-inputs.ts
//   options: --server-root DIR   run the server from another checkout (e.g. the code before a change)
//            --cases json-token,ndjson-line,xlsx-20mb,xlsx-cells   (default: all)
//
// Each case gets a fresh server process (so its peak RSS, VmHWM from /proc, is its own). The
// database named in DATABASE_URL is dropped and created again.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import ExcelJS from 'exceljs';
import pg from 'pg';
import { openDb } from '../src/server/db/db.ts';
import { migrate } from '../src/server/db/migrate.ts';
import { sha256 } from '../src/server/http/passwords.ts';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '..');
const TOKEN = 'tdk_bench_hostile_not_a_secret_0123456789';
const { values: args } = parseArgs({
  options: {
    'server-root': { type: 'string', default: ROOT },
    cases: { type: 'string', default: 'json-token,ndjson-line,xlsx-20mb,xlsx-cells' },
    port: { type: 'string', default: '3927' },
  },
});
const DATABASE_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/tiendo_hostile';
const PORT = Number(args.port);
const MB = 1024 * 1024;

async function prepareDatabase() {
  const url = new URL(DATABASE_URL);
  const name = url.pathname.slice(1);
  url.pathname = '/postgres';
  const admin = new pg.Client({ connectionString: url.toString() });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  const db = await openDb({ databaseUrl: DATABASE_URL, poolSize: 2 });
  await migrate(db);
  await db.query(`INSERT INTO org_unit (code, name_vi, level, path) VALUES ('BENCH', 'Đơn vị đo', 1, '')`);
  await db.query(`UPDATE org_unit SET path = '/' || id || '/' WHERE code = 'BENCH'`);
  await db.query(`INSERT INTO report_regime (code, name_vi, period_type, cutoff_rule, deadline_days) VALUES ('BENCH', 'Báo cáo đo', 'MONTHLY', 'CALENDAR', 10)`);
  await db.query(`INSERT INTO api_token (name, prefix, token_hash, org_unit_id, role) SELECT 'bench', $1, $2, id, 'REPORTING_OFFICER' FROM org_unit WHERE code = 'BENCH'`, [
    TOKEN.slice(0, 10),
    sha256(TOKEN),
  ]);
  await db.close();
}

/** A workbook of `cells` numeric cells (100 per row), written by ExcelJS's streaming writer, cached. */
async function workbookFile(cells: number): Promise<string> {
  const file = path.join(HERE, 'out', `hostile-${cells}.xlsx`);
  if (fs.existsSync(file)) return file;
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: `${file}.part`, useSharedStrings: false, useStyles: false });
  const ws = wb.addWorksheet('Biểu 01');
  // The same small numbers on every row: a file that packs well, as a hostile one would.
  const row = Array.from({ length: 100 }, (_, i) => i % 10);
  for (let r = 0; r < cells / 100; r++) ws.addRow(row).commit();
  ws.commit();
  await wb.commit();
  fs.renameSync(`${file}.part`, file);
  return file;
}

function readKb(pid: number, field: 'VmHWM' | 'VmRSS'): number {
  const m = new RegExp(`${field}:\\s+(\\d+) kB`).exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) : 0;
}

async function startServer(): Promise<ChildProcess> {
  const root = path.resolve(args['server-root']!);
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'src/cli/main.ts'), 'serve', '--port', String(PORT)], {
    cwd: root,
    env: { ...process.env, DATABASE_URL, JOBS: 'off', DEMO: 'false', LOG_LEVEL: 'error' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (d: Buffer) => d.toString().includes('is running at') && resolve());
    child.once('exit', (code) => reject(new Error(`server exited with ${code}`)));
  });
  return child;
}

function send(pathname: string, headers: Record<string, string>, body: Readable): Promise<{ status: number; text: string }> {
  return new Promise((resolve) => {
    const req = http.request({ host: '127.0.0.1', port: PORT, method: 'POST', path: pathname, headers: { authorization: `Bearer ${TOKEN}`, ...headers } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
      res.on('error', () => resolve({ status: res.statusCode ?? 0, text }));
    });
    // The server may answer and close before the whole body is sent.
    req.on('error', (err) => resolve({ status: 0, text: String(err) }));
    body.pipe(req);
  });
}

/** The longest wait for GET /api/health, polled every 200 ms while `work` runs. */
async function healthDuring<T>(work: Promise<T>): Promise<{ result: T; worstHealthMs: number; healthFailures: number }> {
  let done = false;
  let worst = 0;
  let failures = 0;
  const poll = (async () => {
    while (!done) {
      const started = performance.now();
      const ok = await new Promise<boolean>((resolve) => {
        const req = http.get({ host: '127.0.0.1', port: PORT, path: '/api/health', timeout: 120_000 }, (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode === 200));
        });
        req.on('error', () => resolve(false));
      });
      worst = Math.max(worst, performance.now() - started);
      if (!ok) failures++;
      await new Promise((r) => setTimeout(r, 200));
    }
  })();
  const result = await work;
  done = true;
  await poll;
  return { result, worstHealthMs: Math.round(worst), healthFailures: failures };
}

function generated(head: string, filler: string, totalBytes: number): Readable {
  return Readable.from(
    (function* () {
      yield head;
      const piece = filler.repeat(Math.ceil((64 * 1024) / filler.length));
      for (let sent = 0; sent < totalBytes; sent += piece.length) yield piece;
    })(),
  );
}

function multipart(file: string): { body: Readable; type: string } {
  const boundary = '----tiendobench0123456789';
  const head = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.xlsx"\r\nContent-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet\r\n\r\n`;
  return {
    type: `multipart/form-data; boundary=${boundary}`,
    body: Readable.from(
      (async function* () {
        yield Buffer.from(head);
        for await (const chunk of fs.createReadStream(file)) yield chunk as Buffer;
        yield Buffer.from(`\r\n--${boundary}--\r\n`);
      })(),
    ),
  };
}

const CASES: Record<string, () => Promise<{ label: string; run: () => Promise<{ status: number; text: string }> }>> = {
  'json-token': async () => ({
    label: 'JSON: a 32 MB string that never closes',
    run: () => send('/api/dataValueSets', { 'content-type': 'application/json' }, generated('{"dataValues":[{"comment":"', 'x', 32 * MB)),
  }),
  'ndjson-line': async () => ({
    label: 'NDJSON: one 16 MB line',
    run: () => send('/api/dataValueSets', { 'content-type': 'application/x-ndjson' }, generated('{"comment":"', 'x', 16 * MB)),
  }),
  'xlsx-20mb': async () => {
    const file = await workbookFile(8_300_000);
    return {
      label: `XLSX: ${(fs.statSync(file).size / MB).toFixed(1)} MB, 8.3 M cells`,
      run: () => {
        const m = multipart(file);
        return send('/api/regimes/BENCH/upload', { 'content-type': m.type }, m.body);
      },
    };
  },
  'xlsx-cells': async () => {
    const file = await workbookFile(2_000_000);
    return {
      label: `XLSX: ${(fs.statSync(file).size / MB).toFixed(1)} MB, 2 M cells (under the byte limit)`,
      run: () => {
        const m = multipart(file);
        return send('/api/regimes/BENCH/upload', { 'content-type': m.type }, m.body);
      },
    };
  },
};

async function main() {
  await prepareDatabase();
  const results = [];
  for (const name of args.cases!.split(',')) {
    const { label, run } = await CASES[name]();
    const server = await startServer();
    const idleKb = readKb(server.pid!, 'VmRSS');
    try {
      const started = performance.now();
      const { result, worstHealthMs, healthFailures } = await healthDuring(run());
      const seconds = (performance.now() - started) / 1000;
      const peakMb = Math.round(readKb(server.pid!, 'VmHWM') / 1024);
      let code = '';
      try {
        code = JSON.parse(result.text).error?.code ?? '';
      } catch {
        code = result.text.slice(0, 60);
      }
      const row = { case: label, status: result.status, code, seconds: Number(seconds.toFixed(2)), peakRssMb: peakMb, idleRssMb: Math.round(idleKb / 1024), worstHealthMs, healthFailures };
      console.log(JSON.stringify(row));
      results.push(row);
    } finally {
      server.kill('SIGKILL');
      await new Promise((r) => server.once('exit', r));
    }
  }
  console.table(results);
  fs.mkdirSync(path.join(HERE, 'out'), { recursive: true });
  const out = process.env.BENCH_OUT ?? path.join(HERE, 'out', 'hostile-inputs.json');
  fs.writeFileSync(out, `${JSON.stringify({ at: new Date().toISOString(), serverRoot: args['server-root'], results }, null, 2)}\n`);
}

await main();
