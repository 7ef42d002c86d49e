import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { FastifyBaseLogger } from 'fastify';
import { loadConfig } from './config.ts';
import { openDb, type Db } from './db/db.ts';
import { startBackgroundJobs, type BackgroundJob } from './jobs.ts';
import { createTestDb } from './testing/test-db.ts';

const quiet = {
  info() {},
  warn() {},
  error() {},
  debug() {},
  trace() {},
  fatal() {},
  child() {
    return quiet;
  },
  level: 'silent',
  silent() {},
} as unknown as FastifyBaseLogger;
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let shared: { db: Db; url?: string; drop: () => Promise<void> };
before(async () => {
  shared = await createTestDb();
  await shared.db.query('CREATE TABLE test_job_run (process text NOT NULL, started_at timestamptz NOT NULL, ended_at timestamptz NOT NULL)');
});
after(() => shared.drop());

test('a periodic job runs once per period across two processes, never twice at once', { skip: process.env.TEST_DATABASE_URL ? false : 'needs TEST_DATABASE_URL' }, async () => {
  const everyMs = 400;
  const config = loadConfig({ LOG_LEVEL: 'silent' });
  // Two processes: two pools on the same database, each with its own runner.
  const dbs = [await openDb({ databaseUrl: shared.url, poolSize: 3 }), await openDb({ databaseUrl: shared.url, poolSize: 3 })];
  const jobOf = (process: string): BackgroundJob => ({
    name: 'test.once-per-period',
    everyMs,
    run: async ({ db }) => {
      const started = new Date();
      await pause(120);
      await db.query('INSERT INTO test_job_run (process, started_at, ended_at) VALUES ($1, $2, now())', [process, started]);
    },
  });
  const runners = [];
  for (const [i, db] of dbs.entries()) {
    runners.push(await startBackgroundJobs({ db, config, log: quiet }, [jobOf(`p${i}`)]));
    await pause(150); // the second process starts a little later, so its ticks fall between the first's
  }
  await pause(everyMs * 6);
  for (const r of runners) await r.stop();
  for (const db of dbs) await db.close();

  const { rows } = await shared.db.query<{ process: string; started_at: Date; ended_at: Date }>('SELECT * FROM test_job_run ORDER BY started_at');
  const periods = (everyMs * 6 + 150) / everyMs;
  assert.ok(rows.length >= Math.floor(periods) - 2 && rows.length <= Math.ceil(periods), `runs: ${rows.length} for ${periods.toFixed(1)} periods`);
  for (let i = 1; i < rows.length; i++) {
    assert.ok(rows[i].started_at >= rows[i - 1].ended_at, 'two runs overlapped');
    const gap = rows[i].started_at.getTime() - rows[i - 1].started_at.getTime();
    assert.ok(gap >= everyMs * 0.85, `two runs within one period (${gap} ms apart)`);
  }
});
