import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, type TestApp } from '../testing/test-app.ts';
import { seedDemoOrgUnits } from './org-units.ts';
import { DEMO_EVALUATION_UNIT, DEMO_STAFF, linkDemoEvaluationAccounts, seedDemoEvaluation } from './evaluation.ts';

describe('the demo department’s evaluation of 2026', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp({ clock: () => new Date('2026-12-03T03:00:00Z') });
    await seedDemoOrgUnits(t.db);
    assert.equal(await seedDemoEvaluation(t.db, { today: '2026-12-03' }), DEMO_STAFF.length);
    assert.equal(await seedDemoEvaluation(t.db, { today: '2026-12-03' }), 0, 'added once');
    await t.createUser('vutruong.vpc', [{ role: 'UNIT_MANAGER', orgUnit: DEMO_EVALUATION_UNIT }]);
    await t.createUser('congchuc.vpc', [{ role: 'REPORTING_OFFICER', orgUnit: DEMO_EVALUATION_UNIT }]);
    await linkDemoEvaluationAccounts(t.db);
  });
  after(() => t.close());

  test('a dozen civil servants and two public employees; the quota binds; one has no tasks; one appeal', async () => {
    const head = await t.login('vutruong.vpc');
    const res = await head.get(`/api/evaluation/units?year=2026&orgUnit=${DEMO_EVALUATION_UNIT}`);
    assert.equal(res.statusCode, 200, res.body);
    const u = res.json();
    assert.equal(u.people.filter((p: { kind: string }) => p.kind === 'CONG_CHUC').length, 12);
    assert.equal(u.people.filter((p: { kind: string }) => p.kind === 'VIEN_CHUC').length, 2);
    const q = u.quotas.find((x: { ruleSetId: string }) => x.ruleSetId === 'DECREE_335_2025');
    assert.ok(q.aboveLine.length > 0, `the quota binds: ${JSON.stringify(q)}`);
    assert.ok(q.good >= 5, JSON.stringify(u.distribution));
    const vc = u.quotas.find((x: { ruleSetId: string }) => x.ruleSetId === 'DECREE_90_2020_48_2023');
    const bao = u.people.find((p: { fullName: string }) => p.fullName === 'Trịnh Quốc Bảo');
    assert.equal(bao.scoreRating, 'HTXSNV', JSON.stringify(bao.criteria));
    assert.deepEqual(vc.aboveLine, [bao.staffId], 'one HTTNV allows no HTXSNV');
    assert.deepEqual(
      u.noTasks.map((p: { fullName: string }) => p.fullName),
      ['Lý Thị Mai'],
    );
    const decisions = (await head.get('/api/evaluation/decisions?year=2026')).json();
    assert.equal(decisions.items.length, 3);
    assert.equal(decisions.items.filter((d: { overrideReason: string | null }) => d.overrideReason).length, 1);
    assert.equal(decisions.items.flatMap((d: { appeals: unknown[] }) => d.appeals).length, 1);
    const mine = (await (await t.login('congchuc.vpc')).get('/api/evaluation/me?year=2026')).json();
    assert.equal(mine.staff.fullName, 'Vũ Thị Lan Anh');
    assert.equal(mine.record, null, 'left for the self-assessment journey');
    assert.ok(mine.periods.find((p: { period: string }) => p.period === '202611').sources.length >= 2);
  });
});
