import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { buildApp } from '../../app.ts';
import type { Actor } from '../../access.ts';
import type { ServiceContext } from '../../http/context.ts';
import { badRequest } from '../../http/errors.ts';
import { createTestApp, insertOrgUnit, type TestApp, type TestClient } from '../../testing/test-app.ts';
import { startJob } from './service.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface JobBody {
  id: string;
  kind: string;
  status: string;
  progress: number;
  message: string | null;
  result: unknown;
  error: { code: string; message: string; messageVi: string; messageEn: string; details: { path: string; message: string }[] } | null;
}

async function pollUntilFinished(client: TestClient, id: string, headers: Record<string, string> = {}): Promise<JobBody> {
  for (let i = 0; i < 200; i++) {
    const res = await client.get(`/api/jobs/${id}`, headers);
    assert.equal(res.statusCode, 200, res.body);
    const job = res.json<JobBody>();
    if (job.status === 'DONE' || job.status === 'FAILED') return job;
    await sleep(20);
  }
  throw new Error(`job ${id} did not finish`);
}

describe('Background jobs', () => {
  let t: TestApp;
  let owner: TestClient;
  let other: TestClient;
  let ownerActor: Actor;
  const ctxOf = (actor: Actor): ServiceContext => ({ db: t.db, actor, log: t.app.log, clock: () => new Date(), config: t.config, lang: 'vi' });

  before(async () => {
    t = await createTestApp();
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

  test('a job answers its id at once, reports progress, then stores its result; the start is audited', async () => {
    let release: () => void = () => {};
    const gate = new Promise<void>((r) => (release = r));
    const { id, finished } = await startJob(ctxOf(ownerActor), 'test-count', await hnId(), async (report) => {
      await report(0.4, 'counting');
      await gate;
      return { counted: 42 };
    });
    assert.match(id, /^[0-9a-f-]{36}$/);
    // Not yet run: the caller has its answer before the work starts.
    const queued = await owner.get(`/api/jobs/${id}`);
    assert.equal(queued.json<JobBody>().status, 'QUEUED');
    await sleep(30);
    const running = (await owner.get(`/api/jobs/${id}`)).json<JobBody>();
    assert.equal(running.status, 'RUNNING');
    assert.equal(running.progress, 0.4);
    assert.equal(running.message, 'counting');
    release();
    await finished;
    const done = await pollUntilFinished(owner, id);
    assert.equal(done.status, 'DONE');
    assert.equal(done.progress, 1);
    assert.deepEqual(done.result, { counted: 42 });
    assert.equal(done.error, null);
    const audit = await t.db.query<{ action: string; username: string }>(`SELECT action, username FROM audit_log WHERE object_type = 'job' AND object_id = $1`, [id]);
    assert.deepEqual(audit.rows.map((r) => [r.action, r.username]), [['job.start', 'can-bo-hn']]);
  });

  test('progress is written at most every 250 ms', async () => {
    const { id, finished } = await startJob(ctxOf(ownerActor), 'test-throttle', null, async (report): Promise<{ progress: number; message: string }> => {
      await report(0.1, 'first');
      for (let i = 2; i <= 9; i++) await report(i / 10, `step ${i}`);
      const stored = await t.db.query<{ progress: number; message: string }>('SELECT progress, message FROM job WHERE kind = $1', ['test-throttle']);
      return stored.rows[0];
    });
    assert.ok(id);
    await finished;
    const done = await pollUntilFinished(owner, id);
    // Only the first report was written: the next ones came within the interval.
    assert.deepEqual(done.result, { progress: 0.1, message: 'first' });
  });

  test('a failing job stores the bilingual error; an unexpected failure stays generic', async () => {
    const failing = await startJob(ctxOf(ownerActor), 'test-fail', null, async () => {
      throw badRequest('BAD_CELL', "Ô 'Biểu 01'!E7 sai", "Cell 'Biểu 01'!E7 is wrong", [{ path: "'Biểu 01'!E7", messageVi: 'không phải là số', messageEn: 'not a number' }]);
    });
    await failing.finished;
    const vi = await pollUntilFinished(owner, failing.id);
    assert.equal(vi.status, 'FAILED');
    assert.equal(vi.error?.code, 'BAD_CELL');
    assert.equal(vi.error?.message, "Ô 'Biểu 01'!E7 sai");
    assert.equal(vi.error?.messageEn, "Cell 'Biểu 01'!E7 is wrong");
    assert.deepEqual(vi.error?.details.map((d) => [d.path, d.message]), [["'Biểu 01'!E7", 'không phải là số']]);
    const en = (await owner.get(`/api/jobs/${failing.id}?lang=en`)).json<JobBody>();
    assert.equal(en.error?.message, "Cell 'Biểu 01'!E7 is wrong");
    assert.equal(en.error?.details[0].message, 'not a number');

    const crashing = await startJob(ctxOf(ownerActor), 'test-crash', null, async () => {
      throw new Error('connection string postgres://secret');
    });
    await crashing.finished;
    const crashed = await pollUntilFinished(owner, crashing.id);
    assert.equal(crashed.status, 'FAILED');
    assert.equal(crashed.error?.code, 'INTERNAL_ERROR');
    assert.ok(!JSON.stringify(crashed).includes('secret'));
  });

  test('only the creator, or an administrator over the job unit, may read a job; others get 404', async () => {
    const { id, finished } = await startJob(ctxOf(ownerActor), 'test-access', await hnId(), async () => 'ok');
    await finished;
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
    assert.ok(mine.every((j) => j.kind.startsWith('test-')));
    assert.deepEqual((await other.get('/api/jobs?mine=true')).json(), []);
  });

  test('at start-up, jobs left unfinished by a stopped process are marked FAILED; live ones are left alone', async () => {
    const { rows } = await t.db.query<{ id: string }>(
      `INSERT INTO job (kind, status, progress, created_by_user_id, created_by, started_at, heartbeat_at)
       VALUES ('test-stale', 'RUNNING', 0.3, $1, 'can-bo-hn', now() - interval '10 minutes', now() - interval '10 minutes') RETURNING id`,
      [ownerActor.userId],
    );
    // Another process's job with a fresh heartbeat.
    const live = await t.db.query<{ id: string }>(
      `INSERT INTO job (kind, status, progress, created_by_user_id, created_by, started_at, heartbeat_at)
       VALUES ('test-live', 'RUNNING', 0.5, $1, 'can-bo-hn', now(), now()) RETURNING id`,
      [ownerActor.userId],
    );
    const restarted = await buildApp({ config: t.config, db: t.db, webDir: null });
    await restarted.ready();
    await restarted.close();
    const job = (await owner.get(`/api/jobs/${rows[0].id}?lang=en`)).json<JobBody>();
    assert.equal(job.status, 'FAILED');
    assert.equal(job.error?.code, 'JOB_INTERRUPTED');
    assert.match(job.error?.message ?? '', /interrupted/);
    assert.match(job.error?.messageVi ?? '', /gián đoạn/);
    assert.equal((await owner.get(`/api/jobs/${live.rows[0].id}`)).json<JobBody>().status, 'RUNNING');
  });
});
