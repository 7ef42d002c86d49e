import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import pg from 'pg';
import { AppError } from '../http/errors.ts';
import { createTestApp, type TestApp } from '../testing/test-app.ts';
import { createTestDb } from '../testing/test-db.ts';
import { isConnectionError, openDb, type Db } from './db.ts';

const onPostgres = process.env.TEST_DATABASE_URL ? false : 'needs TEST_DATABASE_URL';

/** Collects what would have crashed the process: an 'error' event nobody listened to. */
function watchUncaught() {
  const seen: unknown[] = [];
  const onError = (err: unknown) => seen.push(err);
  process.on('uncaughtException', onError);
  return { seen, stop: () => process.off('uncaughtException', onError) };
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function terminate(url: string, pid: number) {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    await c.query('SELECT pg_terminate_backend($1)', [pid]);
  } finally {
    await c.end();
  }
}

describe('a dropped database connection', { skip: onPostgres }, () => {
  let db: Db;
  let url: string;
  let drop: () => Promise<void>;
  before(async () => {
    ({ db, url, drop } = (await createTestDb()) as { db: Db; url: string; drop: () => Promise<void> });
  });
  after(() => drop());

  test('a backend terminated inside a transaction fails that transaction as 503, and the process and the pool live on', async () => {
    const watch = watchUncaught();
    try {
      const attempt = db.transaction(async (tx) => {
        const { rows } = await tx.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
        await terminate(url, rows[0].pid);
        // The client is checked out and idle while the server closes it: this is when pg emits 'error'.
        await pause(300);
        await tx.query('SELECT 1');
      });
      await assert.rejects(attempt, (err: unknown) => err instanceof AppError && err.status === 503 && err.code === 'DATABASE_UNAVAILABLE');
      await pause(100);
      assert.deepEqual(watch.seen, [], 'no uncaught error');
      assert.equal((await db.query<{ n: number }>('SELECT 1 AS n')).rows[0].n, 1);
    } finally {
      watch.stop();
    }
  });

  test('a connection held by withConnection and terminated is destroyed, not handed to the next caller', async () => {
    const watch = watchUncaught();
    try {
      await assert.rejects(
        db.withConnection(async (conn) => {
          const { rows } = await conn.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
          await terminate(url, rows[0].pid);
          await pause(300);
          await conn.query('SELECT 1');
        }),
        (err: unknown) => err instanceof AppError && err.status === 503,
      );
      for (let i = 0; i < 12; i++) assert.equal((await db.query<{ n: number }>('SELECT 2 AS n')).rows[0].n, 2);
      assert.deepEqual(watch.seen, []);
    } finally {
      watch.stop();
    }
  });
});

/** A TCP relay to PostgreSQL that can be cut and restored: a database restart without touching the server. */
async function startRelay(target: URL) {
  const sockets = new Set<net.Socket>();
  let server: net.Server | null = null;
  const port = await new Promise<number>((resolve) => {
    const probe = net.createServer().listen(0, '127.0.0.1', () => {
      const p = (probe.address() as net.AddressInfo).port;
      probe.close(() => resolve(p));
    });
  });
  const open = () =>
    new Promise<void>((resolve) => {
      server = net.createServer((client) => {
        const upstream = net.connect(Number(target.port || 5432), target.hostname);
        sockets.add(client).add(upstream);
        const close = () => {
          client.destroy();
          upstream.destroy();
        };
        client.on('error', close).on('close', close);
        upstream.on('error', close).on('close', close);
        client.pipe(upstream).pipe(client);
      });
      server.listen(port, '127.0.0.1', () => resolve());
    });
  const cut = () =>
    new Promise<void>((resolve) => {
      for (const s of sockets) s.destroy();
      sockets.clear();
      if (server) server.close(() => resolve());
      else resolve();
      server = null;
    });
  await open();
  return { port, open, cut };
}

describe('the database going away and coming back', { skip: onPostgres }, () => {
  let t: TestApp;
  let relayDb: Db;
  let relay: Awaited<ReturnType<typeof startRelay>>;
  before(async () => {
    t = await createTestApp();
    const dbUrl = new URL((await t.db.query<{ d: string }>('SELECT current_database() AS d')).rows[0].d, 'postgres://x/');
    const base = new URL(process.env.TEST_DATABASE_URL!);
    relay = await startRelay(base);
    const through = new URL(base);
    through.port = String(relay.port);
    through.hostname = '127.0.0.1';
    through.pathname = dbUrl.pathname;
    relayDb = await openDb({ databaseUrl: through.toString(), poolSize: 3 });
    // The app reads through the relay from now on.
    (t.app as unknown as { db: Db }).db = relayDb;
  });
  after(async () => {
    await relay.cut();
    await relayDb.close();
    await t.close();
  });

  test('requests answer 503 with Retry-After while it is away, and work again once it is back, without a restart', async () => {
    const watch = watchUncaught();
    try {
      assert.equal((await t.anonymous.get('/api/health')).statusCode, 200);
      // A transaction in flight when the connection drops.
      const inFlight = relayDb.transaction(async (tx) => {
        await tx.query('SELECT 1');
        await relay.cut();
        await pause(200);
        await tx.query('SELECT 1');
      });
      await assert.rejects(inFlight, (err: unknown) => err instanceof AppError && err.status === 503);
      for (const lang of ['vi', 'en']) {
        const res = await t.anonymous.get('/api/health', { 'accept-language': lang });
        assert.equal(res.statusCode, 503, res.body);
        assert.ok(Number(res.headers['retry-after']) >= 1, 'Retry-After');
        assert.equal(res.json().error.code, 'DATABASE_UNAVAILABLE');
        assert.match(res.json().error.message, lang === 'vi' ? /Cơ sở dữ liệu/ : /database/i);
      }
      // Signed-in routes too: the session look-up is the first thing that fails.
      const res = await t.anonymous.get('/api/orgUnits', { cookie: 'tiendo_session=whatever' });
      assert.equal(res.statusCode, 503, res.body);
      await relay.open();
      const back = await t.anonymous.get('/api/health');
      assert.equal(back.statusCode, 200, back.body);
      assert.deepEqual(watch.seen, []);
    } finally {
      watch.stop();
    }
  });

  test('connection errors are told apart from query errors', () => {
    assert.equal(isConnectionError(Object.assign(new Error('x'), { code: '57P01' })), true);
    assert.equal(isConnectionError(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' })), true);
    assert.equal(isConnectionError(new Error('Connection terminated unexpectedly')), true);
    assert.equal(isConnectionError(Object.assign(new Error('duplicate key'), { code: '23505' })), false);
    assert.equal(isConnectionError(Object.assign(new Error('syntax'), { code: '42601' })), false);
  });
});
