import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import type { Actor } from '../../access.ts';
import type { ServiceContext } from '../../http/context.ts';
import { badRequest } from '../../http/errors.ts';
import { createTestApp, insertOrgUnit, type TestApp, type TestClient } from '../../testing/test-app.ts';
import { startJob } from './service.ts';
import { JobRunner, RetryableError, type JobKind, type JobRun } from './runner.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface JobBody {
  id: string;
  kind: string;
  status: string;
  progress: number;
  message: string | null;
  result: unknown;
  attempts: number;
  maxAttempts: number;
  error: { code: string; message: string; messageVi: string; messageEn: string; details: { path: string; message: string }[] } | null;
}

async function pollUntilFinished(client: TestClient, id: string, headers: Record<string, string> = {}): Promise<JobBody> {
  for (let i = 0; i < 500; i++) {
    const res = await client.get(`/api/jobs/${id}`, headers);
    assert.equal(res.statusCode, 200, res.body);
    const job = res.json<JobBody>();
    if (job.status === 'DONE' || job.status === 'FAILED') return job;
    await sleep(20);
  }
  throw new Error(`job ${id} did not finish`);
}

async function until(what: string, check: () => Promise<boolean> | boolean, timeoutMs = 10_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(10);
  }
}

/** A gate a job waits on until the test opens it. */
function gate() {
  let open: () => void = () => undefined;
  const opened = new Promise<void>((r) => (open = r));
  return { opened, open };
}

/** Kinds of job defined for this file only: each test sets what its kind does. */
type Handler = (ctx: ServiceContext, job: JobRun<{ n?: number }>) => Promise<unknown>;
const handlers = new Map<string, Handler>();
function testKind(kind: string, options: Partial<Omit<JobKind, 'kind' | 'run'>> = {}): JobKind<{ n?: number }> {
  return {
    kind,
    concurrency: 10,
    maxAttempts: 1,
    ...options,
    run: (ctx, job) => {
      const handler = handlers.get(kind);
      if (!handler) throw new Error(`no handler for ${kind}`);
      return handler(ctx, job);
    },
  };
}

const KINDS = {
  count: testKind('test-count'),
  throttle: testKind('test-throttle'),
  fail: testKind('test-fail', { maxAttempts: 3 }),
  crash: testKind('test-crash', { maxAttempts: 3 }),
  access: testKind('test-access'),
  flaky: testKind('test-flaky', { maxAttempts: 3, backoff: { baseMs: 150, maxMs: 1_000 } }),
  exhausted: testKind('test-exhausted', { maxAttempts: 2, backoff: { baseMs: 10, maxMs: 10 } }),
  limited: testKind('test-limited', { concurrency: 2 }),
  starter: testKind('test-starter'),
};

describe('Background jobs', () => {
  let t: TestApp;
  let owner: TestClient;
  let other: TestClient;
  let ownerActor: Actor;
  const ctxOf = (actor: Actor, jobs: ServiceContext['jobs'] = t.app.jobs): ServiceContext => ({ db: t.db, actor, log: t.app.log, clock: () => new Date(), config: t.config, lang: 'vi', jobs });

  before(async () => {
    t = await createTestApp({
      setup: (app) => {
        for (const kind of Object.values(KINDS)) app.jobs.define(kind);
      },
    });
    await insertOrgUnit(t.db, 'VN', 'Việt Nam', null);
    await insertOrgUnit(t.db, 'HN', 'Thành phố Hà Nội', 'VN');
    await insertOrgUnit(t.db, 'HP', 'Thành phố Hải Phòng', 'VN');
    const ownerId = await t.createUser('can-bo-hn', [{ role: 'REPORTING_OFFICER', orgUnit: 'HN' }]);
    await t.createUser('can-bo-hp', [{ role: 'REPORTING_OFFICER', orgUnit: 'HP' }]);
    await t.createUser('quan-tri-hn', [{ role: 'ADMIN', orgUnit: 'HN' }]);
    await t.createUser('quan-tri-hp', [{ role: 'ADMIN', orgUnit: 'HP' }]);
    owner = await t.login('can-bo-hn');
    other = await t.login('can-bo-hp');
    ownerActor = { kind: 'user', userId: ownerId, username: 'can-bo-hn', scopes: [{ role: 'REPORTING_OFFICER', orgUnitId: null, path: null }] };
  });
  after(() => t.close());

  const hnId = async () => (await t.db.query<{ id: number }>(`SELECT id FROM org_unit WHERE code = 'HN'`)).rows[0].id;
  const statusOf = async (id: string) => (await t.db.query<{ status: string }>('SELECT status FROM job WHERE id = $1', [id])).rows[0].status;

  test('a job answers its id at once, runs as its starter with their current roles, reports progress, then stores its result; the start is audited', async () => {
    const g = gate();
    let seen: Actor | null = null;
    handlers.set('test-count', async (ctx, job) => {
      seen = ctx.actor;
      await job.report(0.4, 'counting');
      await g.opened;
      return { counted: 42 };
    });
    const { id } = await startJob(ctxOf(ownerActor), KINDS.count, { orgUnitId: await hnId(), payload: {} });
    assert.match(id, /^[0-9a-f-]{36}$/);
    await until('the job to run', async () => (await statusOf(id)) === 'RUNNING' && (await owner.get(`/api/jobs/${id}`)).json<JobBody>().progress === 0.4);
    const running = (await owner.get(`/api/jobs/${id}`)).json<JobBody>();
    assert.equal(running.message, 'counting');
    assert.equal(running.attempts, 1);
    // The roles come from the database when the job runs, not from what the caller held.
    assert.deepEqual(
      (seen as Actor | null)?.scopes.map((s) => [s.role, s.path]),
      [['REPORTING_OFFICER', (await t.db.query<{ path: string }>(`SELECT path FROM org_unit WHERE code = 'HN'`)).rows[0].path]],
    );
    g.open();
    const done = await pollUntilFinished(owner, id);
    assert.equal(done.status, 'DONE');
    assert.equal(done.progress, 1);
    assert.deepEqual(done.result, { counted: 42 });
    assert.equal(done.error, null);
    const audit = await t.db.query<{ action: string; username: string }>(`SELECT action, username FROM audit_log WHERE object_type = 'job' AND object_id = $1`, [id]);
    assert.deepEqual(
      audit.rows.map((r) => [r.action, r.username]),
      [['job.start', 'can-bo-hn']],
    );
  });

  test('progress is written at most every 250 ms', async () => {
    handlers.set('test-throttle', async (ctx, job) => {
      await job.report(0.1, 'first');
      for (let i = 2; i <= 9; i++) await job.report(i / 10, `step ${i}`);
      const stored = await ctx.db.query<{ progress: number; message: string }>('SELECT progress, message FROM job WHERE id = $1', [job.id]);
      return stored.rows[0];
    });
    const { id } = await startJob(ctxOf(ownerActor), KINDS.throttle, { payload: {} });
    const done = await pollUntilFinished(owner, id);
    // Only the first report was written: the next ones came within the interval.
    assert.deepEqual(done.result, { progress: 0.1, message: 'first' });
  });

  test('a failing job stores the bilingual error at once (no retry for a refusal or a bug); an unexpected failure stays generic', async () => {
    handlers.set('test-fail', async () => {
      throw badRequest('UPLOAD_REJECTED', "Ô 'Biểu 01'!E7 sai", "Cell 'Biểu 01'!E7 is wrong", [{ path: "'Biểu 01'!E7", messageVi: 'không phải là số', messageEn: 'not a number' }]);
    });
    const failing = await startJob(ctxOf(ownerActor), KINDS.fail, { payload: {} });
    const vi = await pollUntilFinished(owner, failing.id);
    assert.equal(vi.status, 'FAILED');
    assert.equal(vi.attempts, 1, 'a refusal is not tried again');
    assert.equal(vi.error?.code, 'UPLOAD_REJECTED');
    assert.equal(vi.error?.message, "Ô 'Biểu 01'!E7 sai");
    assert.equal(vi.error?.messageEn, "Cell 'Biểu 01'!E7 is wrong");
    assert.deepEqual(
      vi.error?.details.map((d) => [d.path, d.message]),
      [["'Biểu 01'!E7", 'không phải là số']],
    );
    const en = (await owner.get(`/api/jobs/${failing.id}?lang=en`)).json<JobBody>();
    assert.equal(en.error?.message, "Cell 'Biểu 01'!E7 is wrong");
    assert.equal(en.error?.details[0].message, 'not a number');

    handlers.set('test-crash', async () => {
      throw new Error('connection string postgres://secret');
    });
    const crashing = await startJob(ctxOf(ownerActor), KINDS.crash, { payload: {} });
    const crashed = await pollUntilFinished(owner, crashing.id);
    assert.equal(crashed.status, 'FAILED');
    assert.equal(crashed.attempts, 1);
    assert.equal(crashed.error?.code, 'INTERNAL_ERROR');
    assert.ok(!JSON.stringify(crashed).includes('secret'));
  });

  test('a transient failure is tried again after a back-off that doubles, and the job ends DONE', async () => {
    const starts: number[] = [];
    handlers.set('test-flaky', async (_ctx, job) => {
      starts.push(Date.now());
      if (job.attempt === 1) throw new RetryableError('connection lost');
      if (job.attempt === 2) throw Object.assign(new Error('could not serialize access'), { code: '40001' });
      return { attempt: job.attempt, n: job.payload.n };
    });
    const { id } = await startJob(ctxOf(ownerActor), KINDS.flaky, { payload: { n: 7 } });
    const done = await pollUntilFinished(owner, id);
    assert.equal(done.status, 'DONE');
    assert.deepEqual(done.result, { attempt: 3, n: 7 });
    assert.equal(done.attempts, 3);
    assert.equal(done.maxAttempts, 3);
    assert.equal(starts.length, 3);
    assert.ok(starts[1] - starts[0] >= 150, `the first retry waits the base back-off (${starts[1] - starts[0]} ms)`);
    assert.ok(starts[2] - starts[1] >= 300, `the second retry waits twice as long (${starts[2] - starts[1]} ms)`);
  });

  test('a transient failure on the last allowed start fails the job with its error', async () => {
    let runs = 0;
    handlers.set('test-exhausted', async () => {
      runs++;
      throw Object.assign(new Error('deadlock detected'), { code: '40P01' });
    });
    const { id } = await startJob(ctxOf(ownerActor), KINDS.exhausted, { payload: {} });
    const failed = await pollUntilFinished(owner, id);
    assert.equal(failed.status, 'FAILED');
    assert.equal(failed.attempts, 2);
    assert.equal(runs, 2);
    assert.equal(failed.error?.code, 'INTERNAL_ERROR');
  });

  test('no more jobs of a kind run at once than its concurrency, over several processes', async () => {
    const g = gate();
    let current = 0;
    let most = 0;
    handlers.set('test-limited', async () => {
      current++;
      most = Math.max(most, current);
      await g.opened;
      current--;
      return 'ok';
    });
    // A second process sharing the database, looking for work often.
    const second = new JobRunner({ db: t.db, config: t.config, log: t.app.log, kinds: [KINDS.limited], pollMs: 20, heartbeatMs: 50, staleAfterMs: 1_000 });
    second.start();
    try {
      const ids: string[] = [];
      for (let i = 0; i < 5; i++) ids.push((await startJob(ctxOf(ownerActor), KINDS.limited, { payload: { n: i } })).id);
      await until('two jobs to run', () => current === 2);
      // Both runners keep looking for work meanwhile; none may start a third.
      await sleep(300);
      assert.equal(current, 2);
      const counts = await t.db.query<{ status: string; n: number }>(`SELECT status, count(*)::int AS n FROM job WHERE id = ANY($1::uuid[]) GROUP BY status ORDER BY status`, [ids]);
      assert.deepEqual(
        counts.rows.map((r) => [r.status, r.n]),
        [
          ['QUEUED', 3],
          ['RUNNING', 2],
        ],
      );
      g.open();
      for (const id of ids) assert.equal((await pollUntilFinished(owner, id)).status, 'DONE');
      assert.equal(most, 2);
    } finally {
      await second.stop();
    }
  });

  test('a job whose process died is taken over by another process once its heartbeat stops, and by one only', async () => {
    // A heartbeat every 100 ms, stale after 1.5 s: wide enough that a busy machine does not take a live job over.
    const timings = { pollMs: 20, heartbeatMs: 100, staleAfterMs: 1500 };
    const runsIn: string[] = [];
    const hang = gate();
    const kindIn = (name: string, run: () => Promise<unknown>): JobKind<{ n?: number }> => ({
      kind: 'test-resume',
      concurrency: 1,
      maxAttempts: 3,
      run: async () => {
        runsIn.push(name);
        return run();
      },
    });
    const first = new JobRunner({ db: t.db, config: t.config, log: t.app.log, kinds: [kindIn('first', () => hang.opened.then(() => 'first'))], ...timings });
    const second = new JobRunner({ db: t.db, config: t.config, log: t.app.log, kinds: [kindIn('second', async () => 'second')], ...timings });
    first.start();
    try {
      const { id } = await startJob(
        ctxOf(ownerActor, first),
        kindIn('any', async () => null),
        { payload: {} },
      );
      await until('the first process to run the job', () => runsIn.length === 1);
      second.start();
      // While the first process lives (its heartbeat renewed), the second leaves the job alone.
      await sleep(timings.staleAfterMs * 3);
      assert.deepEqual(runsIn, ['first']);
      assert.equal(await statusOf(id), 'RUNNING');
      first.abandonForTest(); // the process is killed: no heartbeat, nothing stored
      const done = await pollUntilFinished(owner, id);
      assert.equal(done.status, 'DONE');
      assert.equal(done.result, 'second');
      assert.equal(done.attempts, 2);
      assert.deepEqual(runsIn, ['first', 'second']);
    } finally {
      hang.open();
      await second.stop();
    }
  });

  test(
    'a job whose process was killed (SIGKILL) is resumed by another process',
    { skip: !process.env.TEST_DATABASE_URL && 'needs TEST_DATABASE_URL: another process needs a database server' },
    async () => {
      const kind = 'test-killed';
      const { id } = await startJob(ctxOf(ownerActor, undefined), testKind(kind, { maxAttempts: 3 }), { payload: {} });
      const url = new URL(process.env.TEST_DATABASE_URL as string);
      url.pathname = `/${(await t.db.query<{ name: string }>('SELECT current_database() AS name')).rows[0].name}`;
      const worker = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(new URL('./testing/crash-worker.ts', import.meta.url)), url.toString(), kind], { stdio: 'inherit' });
      const [code, signal] = (await once(worker, 'exit')) as [number | null, string | null];
      assert.equal(signal, 'SIGKILL', `the worker died by SIGKILL (exit code ${code})`);
      const left = (await t.db.query<{ status: string; message: string; attempts: number }>('SELECT status, message, attempts FROM job WHERE id = $1', [id])).rows[0];
      assert.deepEqual(left, { status: 'RUNNING', message: 'started by the process that dies', attempts: 1 });
      const survivor = new JobRunner({
        db: t.db,
        config: t.config,
        log: t.app.log,
        pollMs: 20,
        heartbeatMs: 40,
        staleAfterMs: 300,
        kinds: [{ kind, concurrency: 1, maxAttempts: 3, run: async (_ctx, job) => ({ resumedOnAttempt: job.attempt }) }],
      });
      survivor.start();
      try {
        const done = await pollUntilFinished(owner, id);
        assert.equal(done.status, 'DONE');
        assert.deepEqual(done.result, { resumedOnAttempt: 2 });
      } finally {
        await survivor.stop();
      }
    },
  );

  test('a job whose process died on its last allowed start fails as interrupted; a live one is left alone', async () => {
    const { rows } = await t.db.query<{ id: string }>(
      `INSERT INTO job (kind, status, progress, created_by_user_id, created_by, started_at, heartbeat_at, attempts, max_attempts, actor)
       VALUES ('excel-upload', 'RUNNING', 0.3, $1, 'can-bo-hn', now() - interval '10 minutes', now() - interval '10 minutes', 3, 3, $2::jsonb) RETURNING id`,
      [ownerActor.userId, JSON.stringify(ownerActor)],
    );
    // Another process's job with a fresh heartbeat.
    const live = await t.db.query<{ id: string }>(
      `INSERT INTO job (kind, status, progress, created_by_user_id, created_by, started_at, heartbeat_at, attempts, max_attempts, actor)
       VALUES ('excel-upload', 'RUNNING', 0.5, $1, 'can-bo-hn', now(), now(), 1, 3, $2::jsonb) RETURNING id`,
      [ownerActor.userId, JSON.stringify(ownerActor)],
    );
    t.app.jobs.wake();
    const job = await pollUntilFinished(owner, rows[0].id, { 'accept-language': 'en' });
    assert.equal(job.status, 'FAILED');
    assert.equal(job.error?.code, 'JOB_INTERRUPTED');
    assert.match(job.error?.message ?? '', /interrupted/);
    assert.match(job.error?.messageVi ?? '', /gián đoạn/);
    assert.equal((await owner.get(`/api/jobs/${live.rows[0].id}`)).json<JobBody>().status, 'RUNNING');
    await t.db.query(`UPDATE job SET status = 'FAILED', finished_at = now(), locked_by = NULL WHERE id = $1`, [live.rows[0].id]);
  });

  test('a job whose starter was deactivated before it ran is not run', async () => {
    const userId = await t.createUser('tam-thoi', [{ role: 'REPORTING_OFFICER', orgUnit: 'HN' }]);
    const actor: Actor = { kind: 'user', userId, username: 'tam-thoi', scopes: [] };
    let ran = false;
    handlers.set('test-starter', async () => {
      ran = true;
      return null;
    });
    // The account is deactivated in the transaction that queues the job: no process can run it before.
    const { id } = await t.db.transaction(async (tx) => {
      const started = await startJob({ ...ctxOf(actor, undefined), db: tx }, KINDS.starter, { payload: {} });
      await tx.query('UPDATE app_user SET is_active = false WHERE id = $1', [userId]);
      return started;
    });
    t.app.jobs.wake();
    await until('the job to end', async () => (await statusOf(id)) === 'FAILED');
    const { rows } = await t.db.query<{ error: { code: string; messageVi: string } }>('SELECT error FROM job WHERE id = $1', [id]);
    assert.equal(rows[0].error.code, 'JOB_STARTER_REVOKED');
    assert.match(rows[0].error.messageVi, /không còn quyền/);
    assert.equal(ran, false);
  });

  test('only the creator, or an administrator over the job unit, may read a job; others get 404', async () => {
    handlers.set('test-access', async () => 'ok');
    const { id } = await startJob(ctxOf(ownerActor), KINDS.access, { orgUnitId: await hnId(), payload: {} });
    await pollUntilFinished(owner, id);
    assert.equal((await other.get(`/api/jobs/${id}`)).statusCode, 404);
    assert.equal((await (await t.login('quan-tri-hp')).get(`/api/jobs/${id}`)).statusCode, 404);
    const admin = await (await t.login('quan-tri-hn')).get(`/api/jobs/${id}`);
    assert.equal(admin.statusCode, 200);
    assert.equal(admin.json<JobBody>().result, 'ok');
    assert.equal((await t.anonymous.get(`/api/jobs/${id}`)).statusCode, 401);
    assert.equal((await owner.get('/api/jobs/00000000-0000-4000-8000-000000000000')).statusCode, 404);
    assert.equal((await owner.get('/api/jobs/not-a-uuid')).statusCode, 400);
  });

  test("GET /api/jobs?mine=true lists the caller's latest jobs only", async () => {
    const mine = (await owner.get('/api/jobs?mine=true')).json<JobBody[]>();
    assert.ok(mine.length >= 5);
    assert.equal(mine[0].kind, 'test-access');
    assert.deepEqual((await other.get('/api/jobs?mine=true')).json(), []);
  });
});
