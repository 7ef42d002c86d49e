import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, insertOrgUnit, type TestApp, type TestClient } from '../../testing/test-app.ts';
import { insertElement, insertValue } from '../../testing/factories.ts';
import { nextPeriod } from '../../../core/periods.ts';

/** The fields of a target's JSON these tests read. */
interface TargetJson {
  latest: { period: string; value: number };
  progress: number;
  status: string;
  forecast: { period: string; horizon: number; value: number; lower: number; upper: number };
  series: unknown[];
  sourceDocument: string;
  ownerOrgUnitCode: string;
  nextMilestone: unknown;
}

describe('targets: progress and status from a forecast of the indicator’s history', () => {
  let t: TestApp;
  let admin: TestClient;
  let now: Date;
  const ids: Record<string, number> = {};

  before(async () => {
    now = new Date();
    t = await createTestApp({ clock: () => now });
    await insertOrgUnit(t.db, 'VN', 'Việt Nam', null);
    await insertOrgUnit(t.db, 'P1', 'Tỉnh Một', 'VN');
    await insertOrgUnit(t.db, 'P2', 'Tỉnh Hai', 'VN');
    await insertOrgUnit(t.db, 'BO', 'Bộ', null);
    await t.createUser('admin', [{ role: 'ADMIN', orgUnit: null }]);
    await t.createUser('p2', [{ role: 'LEADER', orgUnit: 'P2' }]);
    admin = await t.login('admin');
    now = new Date('2023-06-15T00:00:00Z');
    await insertElement(t.db, 'TK_VN', { aggregationType: 'LAST' });
    await insertElement(t.db, 'TK_TONG', { aggregationType: 'LAST' });
    // Share rises one point a month from 25 % (July 2021) to 47 % (May 2023), with a small wiggle.
    let month = '202107';
    for (let i = 0; i < 23; i++) {
      const share = 25 + i + (i % 2 === 0 ? 0.1 : -0.1);
      await insertValue(t.db, 'TK_VN', month, 'P1', share * 10);
      await insertValue(t.db, 'TK_TONG', month, 'P1', 1000);
      month = nextPeriod(month);
    }
    const res = await admin.post('/api/indicators', {
      code: 'TL_TK_VN',
      nameVi: 'Tỷ lệ tài khoản trên nền tảng số Việt Nam',
      numerator: '#{TK_VN}',
      denominator: '#{TK_TONG}',
      factor: 100,
      unit: '%',
    });
    assert.equal(res.statusCode, 201, res.body);
    const create = async (name: string, body: Record<string, unknown>) => {
      const r = await admin.post('/api/targets', { indicator: 'TL_TK_VN', targetPeriod: '2023', baselineValue: 25, baselinePeriod: '202107', ...body });
      assert.equal(r.statusCode, 201, r.body);
      ids[name] = r.json().id;
    };
    await create('onTrack', { orgUnit: 'P1', targetValue: 50, sourceDocument: 'QĐ 411/QĐ-TTg ngày 31/3/2022', ownerOrgUnit: 'BO', milestones: [{ period: '2023Q3', value: 49 }] });
    await create('noData', { orgUnit: 'P2', targetValue: 50 });
    await create('achieved', { orgUnit: 'P1', targetValue: 40, targetPeriod: '2023Q4' });
    await create('offTrack', { orgUnit: 'P1', targetValue: 90, targetPeriod: '2023S2' });
  });
  after(() => t.close());

  test('the list carries latest value, progress, status, forecast and sparkline', async () => {
    const res = await admin.get('/api/targets');
    assert.equal(res.statusCode, 200, res.body);
    const byId = new Map(res.json().map((x: { id: number }) => [x.id, x]));
    const onTrack = byId.get(ids.onTrack) as TargetJson;
    assert.equal(onTrack.latest.period, '202305');
    assert.ok(Math.abs(onTrack.latest.value - 47.1) < 1e-9);
    assert.ok(Math.abs(onTrack.progress - (47.1 - 25) / (50 - 25)) < 1e-9);
    assert.equal(onTrack.status, 'ON_TRACK');
    assert.equal(onTrack.forecast.period, '202312');
    assert.equal(onTrack.forecast.horizon, 7);
    assert.ok(onTrack.forecast.value > 50 && onTrack.forecast.value < 56, String(onTrack.forecast.value));
    assert.ok(onTrack.forecast.lower <= onTrack.forecast.value && onTrack.forecast.upper >= onTrack.forecast.value);
    assert.equal(onTrack.series.length, 23);
    assert.equal(onTrack.sourceDocument, 'QĐ 411/QĐ-TTg ngày 31/3/2022');
    assert.equal(onTrack.ownerOrgUnitCode, 'BO');
    assert.deepEqual(onTrack.nextMilestone, { period: '2023Q3', value: 49 });
    assert.equal((byId.get(ids.noData) as TargetJson).status, 'NO_DATA');
    assert.equal((byId.get(ids.achieved) as TargetJson).status, 'ACHIEVED');
    assert.equal((byId.get(ids.offTrack) as TargetJson).status, 'OFF_TRACK');
    const offTrack = (await admin.get('/api/targets?status=OFF_TRACK')).json();
    assert.deepEqual(
      offTrack.map((x: { id: number }) => x.id),
      [ids.offTrack],
    );
  });

  test('one target shows the forecast method and its back-test error', async () => {
    const body = (await admin.get(`/api/targets/${ids.onTrack}`)).json();
    assert.match(body.forecast.method, /HOLT|LINEAR/);
    assert.ok(body.backtest.origins > 0);
    assert.ok(body.backtest.mape >= 0 && body.backtest.mape < 5, String(body.backtest.mape));
  });

  test('writes are checked, audited and scoped', async () => {
    const bad = await admin.post('/api/targets', { indicator: 'TL_TK_VN', orgUnit: 'P1', targetPeriod: '2025X', targetValue: 1 });
    assert.equal(bad.statusCode, 400);
    const unknown = await admin.post('/api/targets?lang=en', { indicator: 'NOPE', orgUnit: 'P1', targetPeriod: '2025', targetValue: 1 });
    assert.equal(unknown.statusCode, 404);
    const dup = await admin.post('/api/targets', { indicator: 'TL_TK_VN', orgUnit: 'P1', targetPeriod: '2023', targetValue: 1 });
    assert.equal(dup.statusCode, 409);
    const patched = await admin.patch(`/api/targets/${ids.onTrack}`, { targetValue: 52 });
    assert.equal(patched.json().targetValue, 52);
    const { rows } = await t.db.query<{ action: string }>(`SELECT action FROM audit_log WHERE object_type = 'target' ORDER BY id`);
    assert.equal(rows.filter((r) => r.action === 'target.create').length, 4);
    assert.equal(rows.at(-1)?.action, 'target.update');
    now = new Date();
    const p2 = await t.login('p2');
    now = new Date('2023-06-15T00:00:00Z');
    const list = (await p2.get('/api/targets')).json();
    assert.deepEqual(
      list.map((x: { id: number }) => x.id),
      [ids.noData],
    );
    assert.equal((await p2.get(`/api/targets/${ids.onTrack}`)).statusCode, 403);
  });

  test('a share is never forecast above 100 %, and the month being reported under Decree 09 counts', async () => {
    // A target far ahead: the rising share would run past 100 % by 2030.
    const r = await admin.post('/api/targets', { indicator: 'TL_TK_VN', orgUnit: 'P1', targetPeriod: '2030', targetValue: 99 });
    assert.equal(r.statusCode, 201, r.body);
    const far = (await admin.get(`/api/targets/${r.json().id}`)).json();
    assert.ok(far.forecast.value <= 100 && far.forecast.upper <= 100, JSON.stringify(far.forecast));
    // On 15 June the Decree 09 form is for July: a July value is the latest.
    await insertValue(t.db, 'TK_VN', '202306', 'P1', 480);
    await insertValue(t.db, 'TK_TONG', '202306', 'P1', 1000);
    await insertValue(t.db, 'TK_VN', '202307', 'P1', 490);
    await insertValue(t.db, 'TK_TONG', '202307', 'P1', 1000);
    const now2 = (await admin.get(`/api/targets/${r.json().id}`)).json();
    assert.equal(now2.latest.period, '202307');
  });

  test('evaluations are kept current as data arrives: read from the store, recomputed once the figures change', async () => {
    const first = (await admin.get('/api/targets')).json() as { id: number; latest: { period: string } | null }[];
    const stored = async () =>
      (
        await t.db.query<{ targetId: number; at: string; version: number }>(
          `SELECT target_id AS "targetId", evaluated_at::text AS at, figure_version AS version FROM target_evaluation WHERE target_id = $1`,
          [ids.onTrack],
        )
      ).rows[0];
    const before = await stored();
    assert.ok(before, 'the evaluation is stored');
    // A second read changes nothing: it is served from the store.
    const again = (await admin.get('/api/targets')).json() as typeof first;
    assert.deepEqual(again, first);
    assert.deepEqual(await stored(), before);
    // A draft does not move the figures (in a month that already has figures); an approved value does.
    await insertValue(t.db, 'TK_VN', '202305', 'P2', 480, undefined, 0);
    await insertValue(t.db, 'TK_TONG', '202305', 'P2', 1000, undefined, 0);
    await admin.get('/api/targets');
    assert.deepEqual(await stored(), before);
    const latestBefore = first.find((x) => x.id === ids.onTrack) as unknown as { latest: { period: string; value: number } };
    await insertValue(t.db, 'TK_VN', latestBefore.latest.period, 'P1', 123);
    const moved = (await admin.get('/api/targets')).json() as { id: number; latest: { period: string; value: number } }[];
    const after = await stored();
    assert.ok(after.version > before.version);
    assert.notEqual(after.at, before.at);
    assert.equal(moved.find((x) => x.id === ids.onTrack)?.latest.value, 12.3);
  });
});
