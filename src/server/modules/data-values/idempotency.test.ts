// Idempotency-Key as docs/api.md tells clients to use it: a retry with the same key and body gets the
// first answer; another body is refused; a request that failed can be retried; a request still
// running makes a second one wait its turn (409); and a request whose process died is retried, not
// answered 409 for ever — on PostgreSQL a real server process is killed (-9) in the middle of a body.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createReportingWorld, type ReportingWorld } from '../regimes/test-fixtures.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
const set = (value: string) =>
  JSON.stringify({
    period: '202302',
    orgUnit: 'HN',
    dataValues: [
      { dataElement: 'TB_DI_DONG', value },
      { dataElement: 'DOANH_THU', value: '12.5' },
    ],
  });

describe('Idempotency-Key: the retry advice of docs/api.md holds', () => {
  let w: ReportingWorld;
  let token: string;
  const post = (body: string, key: string, query = '') =>
    w.t.app.inject({ method: 'POST', url: `/api/dataValueSets${query}`, payload: body, headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'idempotency-key': key } });
  const history = async () => (await w.t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM data_value_history`)).rows[0].n;

  before(async () => {
    w = await createReportingWorld();
    token = (await w.admin.post('/api/tokens', { name: 'hn-system', orgUnit: 'HN' })).json().token;
  });
  after(() => w.t.close());

  test('the same key and body get the stored answer, applied once; another body is refused', async () => {
    const first = await post(set('100'), 'lan-1');
    assert.equal(first.statusCode, 200, first.body);
    const written = await history();
    const again = await post(set('100'), 'lan-1');
    assert.equal(again.statusCode, 200);
    assert.equal(again.headers['idempotent-replayed'], 'true');
    assert.deepEqual(again.json(), first.json());
    assert.equal(await history(), written);
    const other = await post(set('101'), 'lan-1');
    assert.equal(other.statusCode, 422);
    assert.equal(other.json().error.code, 'IDEMPOTENCY_KEY_REUSED');
    assert.equal(other.json().error.details[0].path, 'headers.idempotency-key');
  });

  test('a request that failed with an error (malformed JSON) can be retried with its key', async () => {
    const broken = await post(set('200').slice(0, 40), 'lan-2');
    assert.equal(broken.statusCode, 400);
    const retry = await post(set('200'), 'lan-2');
    assert.equal(retry.statusCode, 200, retry.body);
    assert.equal(retry.headers['idempotent-replayed'], undefined);
    assert.equal(retry.json().response.importCount.updated + retry.json().response.importCount.imported, 1);
  });

  test('a refused all-or-nothing set and a dry run: their answers are stored and replayed too', async () => {
    const refused = await post(JSON.stringify({ dataValues: [{ dataElement: 'TB_DI_DONG', period: '202302', orgUnit: 'HN', value: 'x' }] }), 'lan-3', '?atomic=true');
    assert.equal(refused.statusCode, 409);
    const replayed = await post(JSON.stringify({ dataValues: [{ dataElement: 'TB_DI_DONG', period: '202302', orgUnit: 'HN', value: 'x' }] }), 'lan-3', '?atomic=true');
    assert.equal(replayed.headers['idempotent-replayed'], 'true');
    assert.deepEqual(replayed.json(), refused.json());
    const dry = await post(set('300'), 'lan-4', '?dryRun=true');
    assert.equal((await post(set('300'), 'lan-4', '?dryRun=true')).headers['idempotent-replayed'], 'true');
    assert.equal(dry.json().response.importOptions.dryRun, true);
  });

  test('a claim left behind by a process that died (an older server) does not block the retry', async () => {
    // What the previous version committed before it started the work, and never finished.
    const actor = (await w.t.db.query<{ id: number }>(`SELECT id FROM api_token WHERE name = 'hn-system'`)).rows[0].id;
    await w.t.db.query(`INSERT INTO idempotency_key (actor, key, request_hash) VALUES ($1, 'lan-5', '')`, [`token:${actor}`]);
    const retry = await post(set('500'), 'lan-5');
    assert.equal(retry.statusCode, 200, retry.body);
    assert.equal((await post(set('500'), 'lan-5')).headers['idempotent-replayed'], 'true');
  });

  test('PostgreSQL: while a request runs a second one gets 409; after its process is killed the retry runs', { skip: !process.env.TEST_DATABASE_URL }, async () => {
    const dbName = (await w.t.db.query<{ name: string }>('SELECT current_database() AS name')).rows[0].name;
    const url = new URL(process.env.TEST_DATABASE_URL!);
    url.pathname = `/${dbName}`;
    const port = 20_000 + Math.floor(Math.random() * 20_000);
    const server = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'src/cli/main.ts'), 'serve', '--port', String(port)], {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: url.toString(), JOBS: 'off', DEMO: 'false', LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    try {
      await new Promise<void>((resolve, reject) => {
        server.stdout!.on('data', (d: Buffer) => d.toString().includes('is running at') && resolve());
        server.once('exit', (code) => reject(new Error(`server exited with ${code}`)));
      });
      const body = set('600');
      const request = (onResponse?: (status: number, text: string) => void) => {
        const req = http.request({
          host: '127.0.0.1',
          port,
          method: 'POST',
          path: '/api/dataValueSets',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'idempotency-key': 'lan-6', 'content-length': String(Buffer.byteLength(body)) },
        });
        req.on('response', (res) => {
          let text = '';
          res.on('data', (c) => (text += c));
          res.on('end', () => onResponse?.(res.statusCode ?? 0, text));
        });
        req.on('error', () => undefined);
        return req;
      };
      // The first request sends 40 % of its body and stalls, its import's transaction open.
      const first = request();
      first.write(body.slice(0, Math.floor(body.length * 0.4)));
      for (let i = 0; ; i++) {
        const { rows } = await w.t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() AND xact_start IS NOT NULL`);
        if (rows[0].n > 0) break;
        assert.ok(i < 500, 'the import never started');
        await new Promise((r) => setTimeout(r, 20));
      }
      const second = await new Promise<{ status: number; text: string }>((resolve) => request((status, text) => resolve({ status, text })).end(body));
      assert.equal(second.status, 409, second.text);
      assert.equal(JSON.parse(second.text).error.code, 'IDEMPOTENCY_IN_PROGRESS');
      // The process dies with the import half-read.
      server.kill('SIGKILL');
      await new Promise((r) => server.once('exit', r));
      first.destroy();
      const retry = await post(body, 'lan-6');
      assert.equal(retry.statusCode, 200, retry.body);
      assert.equal(retry.headers['idempotent-replayed'], undefined);
      const stored = await w.t.db.query<{ value: number }>(
        `SELECT value FROM data_value WHERE data_element_id = (SELECT id FROM data_element WHERE code = 'TB_DI_DONG') AND org_unit_id = (SELECT id FROM org_unit WHERE code = 'HN')`,
      );
      assert.deepEqual(
        stored.rows.map((r) => r.value),
        [600],
      );
    } finally {
      if (server.exitCode === null) server.kill('SIGKILL');
    }
  });
});
