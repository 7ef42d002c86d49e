// A refused import writes nothing: a body cut short, a client gone mid-stream and a broken last CSV
// row leave no value, no history row and no audit entry behind, and the connection serves the next
// request. The requests are larger than one write batch, so a batch is being written when the body fails.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Db } from '../../db/db.ts';
import { createReportingWorld, type ReportingWorld } from '../regimes/test-fixtures.ts';

const UNITS = 3_000;
const ELEMENTS = [
  ['TB_DI_DONG', (i: number) => String(1000 + i)],
  ['DOANH_THU', (i: number) => String(i + 0.5)],
  ['TY_LE', (i: number) => String((i % 99) + 0.5)],
  ['CO_SOC', (i: number) => (i % 2 ? 'true' : 'false')],
] as const;
// 12,000 values: more than one batch of 10,000.
const TOTAL = UNITS * ELEMENTS.length;

const unitCode = (i: number) => `XA${String(i).padStart(4, '0')}`;

function jsonValues(): string[] {
  const out: string[] = [];
  for (let i = 0; i < UNITS; i++) {
    for (const [de, v] of ELEMENTS) out.push(JSON.stringify({ dataElement: de, orgUnit: unitCode(i), value: v(i) }));
  }
  return out;
}

function csvRows(): string[] {
  const out: string[] = [];
  for (let i = 0; i < UNITS; i++) for (const [de, v] of ELEMENTS) out.push(`${de},202302,${unitCode(i)},${v(i)}`);
  return out;
}

describe('a refused import never partly commits', () => {
  let w: ReportingWorld;
  let token: string;
  let watch: ReturnType<typeof watchTransactions>;
  const headers = (type: string) => ({ 'content-type': type, authorization: `Bearer ${token}` });
  // The audit trail is append-only: entries are counted from the start of each test.
  let auditsBefore = 0;
  const counts = async () => {
    const { rows } = await w.t.db.query<{ values: number; history: number; audits: number }>(
      `SELECT (SELECT count(*) FROM data_value)::int AS values, (SELECT count(*) FROM data_value_history)::int AS history,
              (SELECT count(*) FROM audit_log WHERE action = 'dataValues.write')::int AS audits`,
    );
    return { ...rows[0], audits: rows[0].audits - auditsBefore };
  };
  /** Every connection of the pool answers, outside any transaction, and the next import goes in whole. */
  const assertHealthy = async () => {
    const answers = await Promise.all(Array.from({ length: 12 }, (_, i) => w.t.db.query<{ n: number }>('SELECT $1::int AS n', [i])));
    assert.deepEqual(
      answers.map((a) => a.rows[0].n),
      Array.from({ length: 12 }, (_, i) => i),
    );
    if (w.t.db.kind === 'postgres') {
      const { rows } = await w.t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND state LIKE 'idle in transaction%'`);
      assert.equal(rows[0].n, 0, 'a pooled connection was left inside a transaction');
    }
    await w.t.db.transaction(async (tx) => {
      await tx.query('SELECT 1');
    });
    const ok = await w.t.app.inject({
      method: 'POST',
      url: '/api/dataValueSets',
      payload: JSON.stringify({ period: '202302', dataValues: [{ dataElement: 'TB_DI_DONG', orgUnit: unitCode(0), value: '5' }] }),
      headers: headers('application/json'),
    });
    assert.equal(ok.statusCode, 200, ok.body);
    assert.equal(ok.json().response.importCount.imported, 1);
    await w.t.db.query('DELETE FROM data_value_history');
    await w.t.db.query('DELETE FROM data_value');
    auditsBefore += (await counts()).audits;
  };

  before(async () => {
    w = await createReportingWorld();
    await w.t.db.query(
      `INSERT INTO org_unit (code, name_vi, level, parent_id, path)
       SELECT 'XA' || lpad(i::text, 4, '0'), 'Xã ' || i, 3, p.id, '' FROM generate_series(0, $1 - 1) i, org_unit p WHERE p.code = 'HN'`,
      [UNITS],
    );
    await w.t.db.query(`UPDATE org_unit u SET path = p.path || u.id || '/' FROM org_unit p WHERE p.code = 'HN' AND u.parent_id = p.id`);
    await w.t.db.query(
      `INSERT INTO org_unit_group_member (group_id, org_unit_id)
       SELECT g.id, u.id FROM org_unit_group g, org_unit u WHERE g.code = 'TINH' AND u.code LIKE 'XA%'`,
    );
    token = (await w.admin.post('/api/tokens', { name: 'hn-system', orgUnit: 'HN' })).json().token;
    // The fixture is sound: the whole set goes in.
    const whole = await w.t.app.inject({ method: 'POST', url: '/api/dataValueSets', payload: `{"period":"202302","dataValues":[${jsonValues().join(',')}]}`, headers: headers('application/json') });
    assert.equal(whole.statusCode, 200, whole.body);
    assert.equal(whole.json().response.importCount.imported, TOTAL);
    await w.t.db.query('DELETE FROM data_value_history');
    await w.t.db.query('DELETE FROM data_value');
    auditsBefore += (await counts()).audits;
    watch = watchTransactions(w.t.db);
  });
  after(() => w.t.close());

  test('a JSON body cut short: 400, nothing written, the connection healthy', async () => {
    const full = `{"period":"202302","dataValues":[${jsonValues().join(',')}]}`;
    const cut = full.slice(0, Math.floor(full.length * 0.97));
    const res = await w.t.app.inject({ method: 'POST', url: '/api/dataValueSets', payload: cut, headers: headers('application/json') });
    assert.equal(res.statusCode, 400, res.body);
    assert.equal(res.json().error.code, 'MALFORMED_JSON');
    await watch.ended();
    assert.deepEqual(await counts(), { values: 0, history: 0, audits: 0 });
    assert.deepEqual(watch.lateStatements, []);
    await assertHealthy();
  });

  test('a CSV whose last row has an unclosed quote: 400 naming the line, nothing written', async () => {
    const rows = csvRows();
    const csv = `dataelement,period,orgunit,value\n${rows.join('\n')}\nTB_DI_DONG,202302,"${unitCode(1)},7\n`;
    const res = await w.t.app.inject({ method: 'POST', url: '/api/dataValueSets', payload: csv, headers: { ...headers('text/csv'), 'accept-language': 'en' } });
    assert.equal(res.statusCode, 400, res.body);
    assert.equal(res.json().error.code, 'MALFORMED_CSV');
    assert.match(res.json().error.details[0].path, /^line \d+$/);
    await watch.ended();
    assert.deepEqual(await counts(), { values: 0, history: 0, audits: 0 });
    assert.deepEqual(watch.lateStatements, []);
    await assertHealthy();
  });

  test('a client that drops the connection at 40 %: nothing written, the connection healthy', async () => {
    w.t.app.server.listen(0, '127.0.0.1');
    await new Promise((resolve) => w.t.app.server.once('listening', resolve));
    try {
      const { port } = w.t.app.server.address() as AddressInfo;
      // Three times the fixture's values (repeats are allowed): the cut comes well after the first batch.
      const values = jsonValues();
      const body = Buffer.from(`{"period":"202302","dataValues":[${[...values, ...values, ...values].join(',')}]}`);
      const req = http.request({ host: '127.0.0.1', port, method: 'POST', path: '/api/dataValueSets', headers: { ...headers('application/json'), 'content-length': String(body.length) } });
      req.on('error', () => undefined);
      req.write(body.subarray(0, Math.floor(body.length * 0.4)));
      // The server has begun writing the first batch inside the import's transaction; then the client goes.
      await watch.firstWrite();
      req.destroy();
      await watch.ended();
      assert.deepEqual(await counts(), { values: 0, history: 0, audits: 0 });
      assert.deepEqual(watch.lateStatements, []);
      await assertHealthy();
    } finally {
      await new Promise((resolve) => w.t.app.server.close(resolve));
    }
  });
});

/**
 * Watches the app's transactions: which statements are issued on a transaction's handle after the
 * transaction ended (there must be none), and when the last one is over.
 */
function watchTransactions(db: Db) {
  const lateStatements: string[] = [];
  let inFlight = 0;
  let open = 0;
  let onWrite: (() => void) | null = null;
  const wrap = (tx: Db, isEnded: () => boolean): Db => {
    const track = async <T>(what: string, run: () => Promise<T>): Promise<T> => {
      if (isEnded()) lateStatements.push(what.replace(/\s+/g, ' ').slice(0, 80));
      if (/SELECT EXISTS \(SELECT 1 FROM data_value|INSERT INTO data_value|upd AS/.test(what)) onWrite?.();
      inFlight++;
      try {
        return await run();
      } finally {
        inFlight--;
      }
    };
    return new Proxy(tx, {
      get(target, prop, receiver) {
        if (prop === 'query') return (sql: string, params?: readonly unknown[]) => track(sql, () => target.query(sql, params));
        if (prop === 'withConnection') return (fn: (c: never) => Promise<unknown>) => track('withConnection', () => target.withConnection(fn as never));
        if (prop === 'transaction') return (fn: (t: Db) => Promise<unknown>) => fn(receiver as Db);
        return Reflect.get(target, prop, receiver);
      },
    });
  };
  const transaction = db.transaction.bind(db);
  db.transaction = (<T>(fn: (tx: Db) => Promise<T>): Promise<T> => {
    let ended = false;
    open++;
    const run = transaction((tx) => fn(wrap(tx, () => ended)));
    return run.finally(() => {
      ended = true;
      open--;
    });
  }) as Db['transaction'];
  const quiet = async () => {
    // Statements follow each other through promise callbacks: a turn of the event loop with none
    // running and no transaction open means the request's work is over.
    for (let calm = 0; calm < 3;) {
      await new Promise((r) => setTimeout(r, 10));
      calm = inFlight === 0 && open === 0 ? calm + 1 : 0;
    }
  };
  return {
    lateStatements,
    firstWrite: () => new Promise<void>((resolve) => (onWrite = () => ((onWrite = null), resolve()))),
    ended: quiet,
  };
}
