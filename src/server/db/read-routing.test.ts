import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Db } from './db.ts';
import { laterLsn, lsnValue, ReadRouter, routedReadDb } from './read-routing.ts';

/** A stand-in server: answers the position queries from `state`, and any other query with its own name. */
function fakeServer(name: string, state: { lsn: string; recovering: boolean; down?: boolean }): Db {
  const query = async (sql: string, params?: readonly unknown[]) => {
    if (state.down) throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' });
    if (sql.includes('pg_current_wal_lsn()')) return { rows: [{ lsn: state.lsn }], rowCount: 1 };
    if (sql.includes('>= $1::pg_lsn')) return { rows: [{ ok: lsnValue(state.lsn)! >= lsnValue(String(params![0]))! }], rowCount: 1 };
    if (sql.includes('pg_last_wal_replay_lsn()')) return { rows: [{ lsn: state.recovering ? state.lsn : null, recovering: state.recovering }], rowCount: 1 };
    return { rows: [{ server: name }], rowCount: 1 };
  };
  return {
    kind: 'postgres',
    query,
    exec: async () => undefined,
    transaction: (fn: (tx: Db) => Promise<unknown>) => fn({ query } as unknown as Db),
    withConnection: () => Promise.reject(new Error('n/a')),
    close: async () => undefined,
  } as unknown as Db;
}

const serverOf = async (db: Db) => (await db.query<{ server: string }>('SELECT 1')).rows[0].server;

test('WAL positions order as numbers, not as text', () => {
  assert.ok(lsnValue('0/A0000000')! > lsnValue('0/9FFFFFFF')!);
  assert.ok(lsnValue('1/0')! > lsnValue('0/FFFFFFFF')!);
  assert.equal(laterLsn('0/16B3748', '0/16B37A0'), '0/16B37A0');
  assert.equal(laterLsn(null, '0/1'), '0/1');
  assert.equal(laterLsn('bad', '0/1'), '0/1');
  assert.equal(laterLsn(undefined, null), null);
});

test('reads go to a caught-up replica; a read that must see a newer write goes to the primary until the replica has replayed it', async () => {
  const p = { lsn: '0/3000', recovering: false };
  const r = { lsn: '0/3000', recovering: true };
  const router = new ReadRouter(fakeServer('primary', p), fakeServer('replica', r), { maxLagMs: 5_000 });
  await router.probe();
  assert.equal(await serverOf(await router.choose(null)), 'replica');
  p.lsn = '0/5000'; // the caller wrote; the replica has not replayed it yet
  assert.equal(await serverOf(await router.choose('0/5000')), 'primary');
  assert.equal(await serverOf(await router.choose('0/2000')), 'replica', 'an older write is already on the replica');
  r.lsn = '0/5000';
  assert.equal(await serverOf(await router.choose('0/5000')), 'replica');
});

test('a replica that lags past the bound serves nobody; one that is not in recovery is no replica', async () => {
  const p = { lsn: '0/1000', recovering: false };
  const r = { lsn: '0/1000', recovering: true };
  const router = new ReadRouter(fakeServer('primary', p), fakeServer('replica', r), { maxLagMs: 0 });
  await router.probe();
  assert.equal(await serverOf(await router.choose(null)), 'replica');
  p.lsn = '0/2000';
  await router.probe();
  await new Promise((resolve) => setTimeout(resolve, 5));
  await router.probe();
  assert.ok((router.state().lagMs ?? 0) > 0);
  assert.equal(await serverOf(await router.choose(null)), 'primary');
  r.recovering = false;
  await router.probe();
  assert.equal(router.state().replicaUp, false);
});

test('a replica that goes away mid-request sends the read to the primary, and later reads too, until a probe finds it back', async () => {
  const p = { lsn: '0/1000', recovering: false };
  const r: { lsn: string; recovering: boolean; down?: boolean } = { lsn: '0/1000', recovering: true };
  const logged: string[] = [];
  const router = new ReadRouter(fakeServer('primary', p), fakeServer('replica', r), { maxLagMs: 5_000, log: (m) => logged.push(m) });
  await router.probe();
  const chosen: string[] = [];
  const db = routedReadDb(router, null, (where) => chosen.push(where));
  r.down = true;
  assert.equal(await serverOf(db), 'primary');
  assert.deepEqual(chosen, ['replica', 'primary'], 'the request says it was served by the primary');
  assert.equal(router.state().replicaUp, false);
  assert.equal(await serverOf(await router.choose(null)), 'primary');
  r.down = false;
  await router.probe();
  assert.equal(await serverOf(await router.choose(null)), 'replica');
  assert.deepEqual(logged, ['read replica: in service', 'read replica: out of service, reads go to the primary', 'read replica: in service']);
});
