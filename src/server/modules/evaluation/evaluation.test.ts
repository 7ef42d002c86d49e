import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, insertOrgUnit, type TestApp, type TestClient } from '../../testing/test-app.ts';
import type { Db } from '../../db/db.ts';
import { EVALUATION_RULE_SETS, productKindOf, scoreTotals, taskOutcome, taskPeriod, totalsOfTasks } from '../../../core/evaluation.ts';
import * as repo from './repo.ts';
import { getYearRatings, ratingsOfYearsOn, yearRatingsOn } from './ratings.ts';

const config = EVALUATION_RULE_SETS[0].config;

async function insertStaff(db: Db, name: string, unit: string, kind: string, userId: number | null = null, isManager = false): Promise<number> {
  const { rows } = await db.query<{ id: number }>(
    `INSERT INTO staff_member (full_name, org_unit_id, kind, user_id, is_manager) VALUES ($1, (SELECT id FROM org_unit WHERE code = $2), $3, $4, $5) RETURNING id`,
    [name, unit, kind, userId, isManager],
  );
  return rows[0].id;
}

interface T {
  staff: number;
  due: string;
  state?: 'OPEN' | 'DONE_REPORTED' | 'DONE' | 'CANCELLED';
  doneOn?: string | null;
  extended?: string | null;
  product?: string | null;
  source?: string;
}
async function insertTask(db: Db, unit: string, t: T): Promise<number> {
  const { rows } = await db.query<{ id: number }>(
    `INSERT INTO task (title, source_kind, assigner_name, assigning_org_unit_id, lead_org_unit_id, start_date, due_date, extended_due_date, expected_product, state, done_on, cancel_reason, responsible_staff_id)
     VALUES ($1, $2, 'Vụ trưởng', (SELECT id FROM org_unit WHERE code = 'BO'), (SELECT id FROM org_unit WHERE code = $3), $4::date - 20, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
    [
      `Nhiệm vụ hạn ${t.due}`,
      t.source ?? 'PLAN',
      unit,
      t.due,
      t.extended ?? null,
      t.product === undefined ? 'Báo cáo' : t.product,
      t.state ?? 'DONE',
      t.state === 'OPEN' || t.state === 'CANCELLED' ? null : (t.doneOn ?? t.due),
      t.state === 'CANCELLED' ? 'Không còn cần' : null,
      t.staff,
    ],
  );
  return rows[0].id;
}

describe('staff evaluation: scored from task records, the quota line, from self-assessment to decision and appeal', () => {
  let t: TestApp;
  let now: Date;
  const ids: Record<string, number> = {};
  const users: Record<string, number> = {};
  let me: TestClient;
  let colleague: TestClient;
  let manager: TestClient;
  let managerB: TestClient;
  let leader: TestClient;

  before(async () => {
    now = new Date('2027-01-10T03:00:00Z');
    t = await createTestApp({ clock: () => now });
    await insertOrgUnit(t.db, 'BO', 'Bộ Alpha', null);
    await insertOrgUnit(t.db, 'VU_A', 'Vụ Alpha', 'BO');
    await insertOrgUnit(t.db, 'VU_B', 'Vụ Beta', 'BO');
    for (const name of ['an', 'binh', 'cuong']) users[name] = await t.createUser(name, [{ role: 'REPORTING_OFFICER', orgUnit: 'VU_A' }]);
    users.truong = await t.createUser('truong', [{ role: 'UNIT_MANAGER', orgUnit: 'VU_A' }]);
    await t.createUser('truongb', [{ role: 'UNIT_MANAGER', orgUnit: 'VU_B' }]);
    await t.createUser('lanhdao', [{ role: 'LEADER', orgUnit: 'BO' }]);
    // Vụ Alpha: three who score ≥ 90 and five at 85 (2026, Decree 335): only one may stay HTXSNV.
    ids.an = await insertStaff(t.db, 'Nguyễn Văn An', 'VU_A', 'CONG_CHUC', users.an);
    ids.binh = await insertStaff(t.db, 'Trần Thị Bình', 'VU_A', 'CONG_CHUC', users.binh);
    ids.cuong = await insertStaff(t.db, 'Lê Văn Cường', 'VU_A', 'CONG_CHUC', users.cuong);
    ids.truong = await insertStaff(t.db, 'Phạm Vụ Trưởng', 'VU_A', 'CONG_CHUC', users.truong, true);
    for (let i = 1; i <= 5; i++) ids[`good${i}`] = await insertStaff(t.db, `Công chức ${i}`, 'VU_A', 'CONG_CHUC');
    ids.idle = await insertStaff(t.db, 'Chưa có nhiệm vụ', 'VU_A', 'CONG_CHUC');
    ids.vc = await insertStaff(t.db, 'Viên chức Hà', 'VU_A', 'VIEN_CHUC');
    ids.other = await insertStaff(t.db, 'Người Vụ Beta', 'VU_B', 'CONG_CHUC');

    // An: two on time (70). Bình: one on time, one late (67.08). Cường: four, one late (68.54).
    await insertTask(t.db, 'VU_A', { staff: ids.an, due: '2026-03-31', product: 'Đề án chuyển đổi số' });
    await insertTask(t.db, 'VU_A', { staff: ids.an, due: '2026-03-15' });
    await insertTask(t.db, 'VU_A', { staff: ids.binh, due: '2026-03-31' });
    await insertTask(t.db, 'VU_A', { staff: ids.binh, due: '2026-03-10', doneOn: '2026-03-20' });
    for (const d of ['2026-03-05', '2026-03-06', '2026-03-07']) await insertTask(t.db, 'VU_A', { staff: ids.cuong, due: d });
    await insertTask(t.db, 'VU_A', { staff: ids.cuong, due: '2026-03-08', doneOn: '2026-03-09' });
    for (let i = 1; i <= 5; i++) await insertTask(t.db, 'VU_A', { staff: ids[`good${i}`], due: '2026-03-20' });
    await insertTask(t.db, 'VU_A', { staff: ids.truong, due: '2026-03-20' });
    await insertTask(t.db, 'VU_A', { staff: ids.other, due: '2026-03-20' });
    // The public employee: two on time, one exceeded (marked below).
    ids.vcTask1 = await insertTask(t.db, 'VU_A', { staff: ids.vc, due: '2026-03-20' });
    ids.vcTask2 = await insertTask(t.db, 'VU_A', { staff: ids.vc, due: '2026-04-20' });
    // Cancelled work does not count.
    await insertTask(t.db, 'VU_A', { staff: ids.an, due: '2026-03-25', state: 'CANCELLED' });

    me = await t.login('an');
    colleague = await t.login('binh');
    manager = await t.login('truong');
    managerB = await t.login('truongb');
    leader = await t.login('lanhdao');
  });
  after(() => t.close());

  test('the SQL facts agree with the rules of src/core/evaluation.ts task by task', async () => {
    const cases: T[] = [
      { staff: ids.idle, due: '2026-05-31', state: 'DONE', doneOn: '2026-05-31', product: 'Dự thảo Thông tư' },
      { staff: ids.idle, due: '2026-05-31', state: 'DONE', doneOn: '2026-06-01', product: 'Hệ thống thông tin' },
      { staff: ids.idle, due: '2026-05-31', state: 'DONE', doneOn: '2026-06-20', extended: '2026-06-30', product: null },
      { staff: ids.idle, due: '2026-05-31', state: 'OPEN', product: 'Kế hoạch triển khai', source: 'DIRECTIVE' },
      { staff: ids.idle, due: '2026-12-31', state: 'OPEN', product: 'Báo cáo tổng kết' },
      { staff: ids.idle, due: '2026-05-31', state: 'DONE_REPORTED', doneOn: '2026-05-30', product: 'Gặp gỡ' },
      { staff: ids.idle, due: '2026-04-30', state: 'DONE', product: 'ĐỀ ÁN (giai đoạn 2) [bản 3] *' },
      { staff: ids.idle, due: '2026-04-30', state: 'DONE', product: 'Tờ trình, Quyết định phê duyệt' },
    ];
    const inserted: number[] = [];
    for (const c of cases) inserted.push(await insertTask(t.db, 'VU_A', c));
    const day = '2026-07-01';
    const facts = await repo.listTaskFacts(t.db, { staffIds: [ids.idle], from: '2026-01-01', to: '2026-12-31', today: day, config });
    assert.equal(facts.length, cases.length);
    cases.forEach((c, i) => {
      const f = facts.find((x) => x.taskId === inserted[i])!;
      const task = { state: c.state ?? 'DONE', dueDate: c.due, extendedDueDate: c.extended ?? null, doneOn: c.state === 'OPEN' ? null : (c.doneOn ?? c.due) } as const;
      assert.equal(f.outcome, taskOutcome(task, day, config), `outcome of case ${i}`);
      assert.equal(f.period, taskPeriod(task, config), `period of case ${i}`);
      assert.equal(f.productKind, productKindOf(c.product ?? null, null, config).code, `kind of case ${i}`);
      assert.equal(f.planned, (c.source ?? 'PLAN') === 'PLAN', `planned of case ${i}`);
    });
    // The sums the scores of thousands of people are made of: the database's, for each period, equal those of the
    // core rules over the same tasks (with a manager's marks, an unplanned factor and penalties that are not 25 %).
    await t.db.query(`INSERT INTO evaluation_task_mark (task_id, product_kind, quality_errors, exceeded) VALUES ($1, 'DE_AN', 2, true), ($2, NULL, 1, true)`, [inserted[0], inserted[6]]);
    const tuned = { ...config, unplannedFactor: 1.5, qualityPenalty: 0.3, latePenalty: 0.2 };
    const p = { staffIds: [ids.idle], from: '2026-01-01', to: '2026-12-31', today: day, config: tuned };
    const [rows, totals] = await Promise.all([repo.listTaskFacts(t.db, p), repo.listPeriodTotals(t.db, p)]);
    const periods = [...new Set(rows.map((r) => r.period))];
    assert.deepEqual(totals.map((x) => x.period).sort(), periods.sort());
    for (const period of periods) {
      const expected = totalsOfTasks(
        rows.filter((r) => r.period === period),
        tuned,
      );
      const got = totals.find((x) => x.period === period)!;
      const { staffId: _s, period: _p, ...sums } = got;
      const near = (x: number) => Math.round(x * 1e9) / 1e9;
      for (const k of ['assigned', 'done', 'doneQuality', 'doneProgress'] as const) assert.equal(near(sums[k]), near(expected[k]), `${k} of ${period}`);
      assert.deepEqual({ ...sums.counts, a: sums.onTimeWithQuality, b: sums.exceededDone }, { ...expected.counts, a: expected.onTimeWithQuality, b: expected.exceededDone }, `counts of ${period}`);
      assert.deepEqual(scoreTotals(got, tuned), scoreTotals(expected, tuned), `score of ${period}`);
    }
    assert.ok(
      totals.some((x) => x.doneQuality < x.done),
      'a quality error lowers the sums',
    );
    await t.db.query('DELETE FROM evaluation_task_mark WHERE task_id = ANY ($1::int[])', [inserted]);
    await t.db.query('DELETE FROM task WHERE id = ANY ($1::int[])', [inserted]);
  });

  test('a person sees their own scores and their source tasks, nobody else’s; a manager their unit only', async () => {
    const mine = await me.get('/api/evaluation/me?year=2026');
    assert.equal(mine.statusCode, 200, mine.body);
    const body = mine.json();
    assert.equal(body.ruleSet.id, 'DECREE_335_2025');
    const march = body.periods.find((p: { period: string }) => p.period === '202603');
    assert.equal(march.label, 'Tháng 3/2026');
    assert.equal(march.taskPoints, 70);
    assert.equal(march.sources.length, 2, 'the cancelled task is not a source');
    assert.deepEqual(march.sources.map((s: { productKind: string; points: number }) => [s.productKind, s.points]).sort(), [
      ['BAO_CAO', 17.5],
      ['DE_AN', 52.5],
    ]);
    assert.equal((await me.get(`/api/evaluation/staff/${ids.binh}?year=2026`)).statusCode, 404);
    assert.equal((await manager.get(`/api/evaluation/staff/${ids.binh}?year=2026`)).statusCode, 200);
    assert.equal((await managerB.get(`/api/evaluation/staff/${ids.binh}?year=2026`)).statusCode, 404);
    assert.equal((await managerB.get('/api/evaluation/units?year=2026&orgUnit=VU_A')).statusCode, 403);
    assert.equal((await me.get('/api/evaluation/units?year=2026')).statusCode, 403);
    const unitB = (await managerB.get('/api/evaluation/units?year=2026')).json();
    assert.deepEqual(
      unitB.people.map((p: { fullName: string }) => p.fullName),
      ['Người Vụ Beta'],
    );
  });

  test('bad general-criteria scores are refused naming the field; a manager does not score themselves', async () => {
    const over = await manager.put(`/api/evaluation/staff/${ids.an}/general/202603`, { points: 31 });
    assert.equal(over.statusCode, 400);
    assert.equal(over.json().error.details[0].path, 'body.points');
    assert.match(over.json().error.message, /0–30|0 and 30/);
    const noComment = await manager.put(`/api/evaluation/staff/${ids.an}/general/202603`, { points: 27 });
    assert.equal(noComment.statusCode, 400);
    assert.equal(noComment.json().error.details[0].path, 'body.comment');
    const quarter = await manager.put(`/api/evaluation/staff/${ids.an}/general/2026Q1`, { points: 30 });
    assert.equal(quarter.statusCode, 400);
    assert.equal(quarter.json().error.details[0].path, 'params.period');
    assert.equal((await manager.put(`/api/evaluation/staff/${ids.truong}/general/202603`, { points: 30 })).statusCode, 403);
    assert.equal((await me.put(`/api/evaluation/staff/${ids.an}/general/202603`, { points: 30 })).statusCode, 403);
    assert.equal((await managerB.put(`/api/evaluation/staff/${ids.an}/general/202603`, { points: 30 })).statusCode, 404);
    const { rows } = await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM evaluation_general_score');
    assert.equal(rows[0].n, 0);
  });

  test('the 20 % quota binds: the lowest beyond it are above the line; who has no tasks is shown', async () => {
    for (const who of ['an', 'binh', 'cuong']) {
      const r = await manager.put(`/api/evaluation/staff/${ids[who]}/general/202603`, { points: 30 });
      assert.equal(r.statusCode, 200, r.body);
    }
    for (let i = 1; i <= 5; i++) {
      assert.equal((await manager.put(`/api/evaluation/staff/${ids[`good${i}`]}/general/202603`, { points: 15, comment: 'Cần chủ động hơn' })).statusCode, 200);
    }
    const unit = await leader.get('/api/evaluation/units?year=2026&orgUnit=VU_A');
    assert.equal(unit.statusCode, 200, unit.body);
    const u = unit.json();
    const row = (id: number) => u.people.find((p: { staffId: number }) => p.staffId === id);
    assert.equal(row(ids.an).points, 100);
    assert.equal(row(ids.binh).points, 97.08);
    assert.equal(row(ids.cuong).points, 98.54);
    // 3 candidates, 5 HTTNV: m = 1 ≤ ⌊0.2 × 7⌋; m = 2 > ⌊0.2 × 6⌋.
    const q = u.quotas.find((x: { ruleSetId: string }) => x.ruleSetId === 'DECREE_335_2025');
    assert.equal(q.candidates, 3);
    assert.equal(q.allowed, 1);
    assert.deepEqual(q.aboveLine, [ids.cuong, ids.binh]);
    assert.equal(row(ids.an).rating, 'HTXSNV');
    assert.equal(row(ids.binh).scoreRating, 'HTXSNV');
    assert.equal(row(ids.binh).rating, 'HTTNV');
    assert.equal(row(ids.binh).aboveQuotaLine, true);
    assert.deepEqual(
      u.noTasks.map((p: { fullName: string }) => p.fullName),
      ['Chưa có nhiệm vụ'],
    );
    assert.equal(u.distribution.points.find((b: { label: string }) => b.label === '≥ 90').count, 3);
    const ratings = await getYearRatings(t.db, 2026, [ids.binh, ids.an, ids.idle]);
    assert.deepEqual(ratings.get(ids.binh), { rating: 'HTTNV', disciplined: false, decided: false });
    assert.deepEqual(ratings.get(ids.an), { rating: 'HTXSNV', disciplined: false, decided: false });
    assert.equal(ratings.has(ids.idle), false);
  });

  test('viên chức (Decree 90/2020 as amended): every task on time with quality and half exceeded is HTXSNV', async () => {
    assert.equal((await manager.put(`/api/evaluation/staff/${ids.vc}/general/202603`, { points: 28, comment: 'Tốt' })).statusCode, 200);
    const before = (await yearRatingsOn(t.db, 2026, '2027-01-10', [ids.vc])).get(ids.vc);
    assert.equal(before?.rating, 'HTTNV');
    const mark = await manager.put(`/api/evaluation/tasks/${ids.vcTask1}/mark`, { exceeded: true, note: 'Vượt tiến độ một tháng' });
    assert.equal(mark.statusCode, 200, mark.body);
    // The rules give HTXSNV, but she is the only viên chức of the unit: with nobody rated HTTNV the 20 % quota allows none.
    assert.equal((await yearRatingsOn(t.db, 2026, '2027-01-10', [ids.vc])).get(ids.vc)?.rating, 'HTTNV');
    const row = (await manager.get('/api/evaluation/units?year=2026&orgUnit=VU_A')).json().people.find((p: { staffId: number }) => p.staffId === ids.vc);
    assert.deepEqual([row.ruleSetId, row.scoreRating, row.rating, row.aboveQuotaLine], ['DECREE_90_2020_48_2023', 'HTXSNV', 'HTTNV', true]);
    assert.deepEqual(row.criteria, { assigned: 2, onTimeWithQuality: 2, exceeded: 1, problems: 0, generalMet: true });
    const flawed = await manager.put(`/api/evaluation/tasks/${ids.vcTask2}/mark`, { qualityErrors: 1 });
    assert.equal(flawed.statusCode, 400);
    assert.equal(flawed.json().error.details[0].path, 'body.note');
    assert.equal((await managerB.put(`/api/evaluation/tasks/${ids.vcTask2}/mark`, { exceeded: true })).statusCode, 404);
  });

  test('self-assessment → collective → manager → decision (an override needs the reason) → appeal → outcome, all audited', async () => {
    const y = `/api/evaluation/staff/${ids.binh}/years/2026`;
    assert.equal((await manager.post(`${y}/manager`, { comment: 'Tốt', proposedRating: 'HTTNV' })).statusCode, 409, 'the self-assessment comes first');
    assert.equal((await me.post(`${y}/self`, { assessment: 'Tôi', proposedRating: 'HTXSNV' })).statusCode, 404, 'nobody self-assesses for another (nor learns who exists)');
    const self = await colleague.post(`${y}/self`, { assessment: 'Hoàn thành mọi nhiệm vụ, có một báo cáo chậm 10 ngày.', proposedRating: 'HTXSNV' });
    assert.equal(self.statusCode, 200, self.body);
    assert.equal((await manager.post(`${y}/collective`, { comment: 'Tập thể nhất trí đề nghị hoàn thành xuất sắc' })).statusCode, 200);
    const noNote = await manager.post(`${y}/manager`, { comment: 'Tốt', proposedRating: 'HTTNV', disciplined: true });
    assert.equal(noNote.json().error.details[0].path, 'body.disciplineNote');
    assert.equal((await manager.post(`${y}/manager`, { comment: 'Hoàn thành tốt; đề nghị xét xuất sắc', proposedRating: 'HTXSNV' })).statusCode, 200);
    assert.equal((await manager.post(`${y}/decision`, { rating: 'HTTNV' })).statusCode, 403, 'a unit manager proposes, the leader decides');
    const noReason = await leader.post(`${y}/decision`, { rating: 'HTXSNV' });
    assert.equal(noReason.statusCode, 400);
    assert.equal(noReason.json().error.details[0].path, 'body.overrideReason');
    const decided = await leader.post(`${y}/decision`, { rating: 'HTXSNV', decisionNumber: '12/QĐ-BO', overrideReason: 'Hội đồng: sáng kiến được công nhận cấp bộ' });
    assert.equal(decided.statusCode, 200, decided.body);
    assert.equal(decided.json().computedRating, 'HTTNV');
    assert.equal(decided.json().decidedRating, 'HTXSNV');
    assert.equal((await colleague.post(`${y}/self`, { assessment: 'Sửa', proposedRating: 'HTTNV' })).statusCode, 409);
    const stored = await t.db.query<{ n: number }>(`SELECT jsonb_array_length(sources)::int AS n FROM evaluation_period_score WHERE staff_id = $1 AND period = '202603'`, [ids.binh]);
    assert.equal(stored.rows[0].n, 2, 'the decision keeps the period scores with their source tasks');
    assert.deepEqual(await getYearRatings(t.db, 2026, [ids.binh]).then((m) => m.get(ids.binh)), { rating: 'HTXSNV', disciplined: false, decided: true });

    assert.equal((await me.post(`${y}/appeal`, { reason: 'x' })).statusCode, 404);
    const appeal = await colleague.post(`${y}/appeal`, { reason: 'Báo cáo chậm do chờ số liệu của Tổng cục Thống kê' });
    assert.equal(appeal.statusCode, 201, appeal.body);
    assert.equal((await colleague.post(`${y}/appeal`, { reason: 'Lần hai' })).statusCode, 409);
    const list = (await colleague.get('/api/evaluation/decisions?year=2026')).json();
    assert.equal(list.items.length, 1);
    const badOutcome = await leader.post(`/api/evaluation/appeals/${appeal.json().id}/outcome`, { outcome: 'UPHELD', note: 'Chấp nhận' });
    assert.equal(badOutcome.json().error.details[0].path, 'body.rating');
    assert.equal((await managerB.post(`/api/evaluation/appeals/${appeal.json().id}/outcome`, { outcome: 'REJECTED', note: 'x' })).statusCode, 404);
    const outcome = await leader.post(`/api/evaluation/appeals/${appeal.json().id}/outcome`, { outcome: 'UPHELD', rating: 'HTTNV', note: 'Giữ mức tốt theo hạn mức 20 %' });
    assert.equal(outcome.statusCode, 200, outcome.body);
    assert.deepEqual((await getYearRatings(t.db, 2026, [ids.binh])).get(ids.binh), { rating: 'HTTNV', disciplined: false, decided: true });
    const { rows } = await t.db.query<{ action: string }>(`SELECT action FROM audit_log WHERE action LIKE 'evaluation.%' AND (object_id = $1 OR object_type = 'evaluation_appeal') ORDER BY id`, [
      `${ids.binh}:2026`,
    ]);
    assert.deepEqual(
      rows.map((r) => r.action),
      ['evaluation.self', 'evaluation.collective', 'evaluation.manager', 'evaluation.decide', 'evaluation.appeal', 'evaluation.appeal_outcome'],
    );
  });

  test('the ratings of several years in one pass are those of one call per year (decided, appealed, computed, none)', async () => {
    const years = [2024, 2025, 2026, 2027];
    const all = await ratingsOfYearsOn(t.db, years, '2027-01-10');
    const some = await ratingsOfYearsOn(t.db, years, '2027-01-10', [ids.binh, ids.an, ids.idle, ids.vc]);
    for (const y of years) {
      assert.deepEqual(
        [...all.get(y)!].sort((a, b) => a[0] - b[0]),
        [...(await yearRatingsOn(t.db, y, '2027-01-10'))].sort((a, b) => a[0] - b[0]),
        `year ${y}, everyone`,
      );
      assert.deepEqual(
        [...some.get(y)!].sort((a, b) => a[0] - b[0]),
        [...(await yearRatingsOn(t.db, y, '2027-01-10', [ids.binh, ids.an, ids.idle, ids.vc]))].sort((a, b) => a[0] - b[0]),
        `year ${y}, some`,
      );
    }
    // Bình's upheld appeal is the decided rating; Ân is computed over her whole unit's quota; the idle one has nothing.
    assert.deepEqual(some.get(2026)!.get(ids.binh), { rating: 'HTTNV', disciplined: false, decided: true });
    assert.equal(some.get(2026)!.get(ids.an)?.decided, false);
    assert.equal(some.get(2026)!.has(ids.idle), false);
    assert.equal(all.get(2024)!.size, 0);
  });

  test('computed scores are stored with their sources; rule-set settings are checked before they are kept', async () => {
    const r = await manager.post('/api/evaluation/compute', { year: 2026 });
    assert.equal(r.statusCode, 200, r.body);
    assert.equal(r.json().periods, 12 * 11);
    const version = (config: Record<string, unknown>, effectiveFrom = '2026-01-01') => ({ name: 'Thiết lập của Bộ', legalBasis: 'Quyết định 1234/QĐ-BTTTT', effectiveFrom, config });
    assert.equal((await manager.post('/api/evaluation/rule-sets/DECREE_335_2025/versions', version({ latePenalty: 0.5 }))).statusCode, 403);
    await t.createUser('admin', [{ role: 'ADMIN', orgUnit: null }]);
    const admin = await t.login('admin');
    const bad = await admin.post('/api/evaluation/rule-sets/DECREE_335_2025/versions', { ...version({ latePenalty: 1.5, unknownThing: 1 }, '2025-06-01'), name: '' });
    assert.equal(bad.statusCode, 400);
    assert.deepEqual(
      bad.json().error.details.map((d: { path: string }) => d.path),
      ['body.name', 'body.effectiveFrom', 'body.config.unknownThing', 'body.config.latePenalty'],
    );
    assert.match(bad.json().error.details[1].message, /có hiệu lực từ 01\/01\/2026/);
    const ok = await admin.post('/api/evaluation/rule-sets/DECREE_335_2025/versions', version({ latePenalty: 0.5 }));
    assert.equal(ok.statusCode, 201, ok.body);
    assert.equal(ok.json().status, 'IN_FORCE');
    const next = await admin.post('/api/evaluation/rule-sets/DECREE_335_2025/versions', version({ latePenalty: 0.75 }, '2030-01-01'));
    assert.equal(next.json().status, 'FUTURE');
    assert.equal((await admin.post('/api/evaluation/rule-sets/DECREE_335_2025/versions', version({}, '2030-01-01'))).json().error.details[0].path, 'body.effectiveFrom');
    const audit = await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'evaluation.rule_version'`);
    assert.equal(audit.rows[0].n, 2);
    const sets = (await me.get('/api/evaluation/rule-sets')).json();
    assert.equal(sets[0].config.latePenalty, 0.5);
    assert.deepEqual(
      sets[0].versions.map((v: { status: string }) => v.status),
      ['PAST', 'IN_FORCE', 'FUTURE'],
    );
    // Who added a version is shown to the administrators who manage the rule sets, and to no one else.
    assert.ok(
      sets[0].versions.every((v: object) => !('createdBy' in v)),
      'a member of staff does not see who added a version',
    );
    const managerSets = (await manager.get('/api/evaluation/rule-sets')).json();
    assert.ok(
      managerSets[0].versions.every((v: object) => !('createdBy' in v)),
      'a unit manager does not see who added a version',
    );
    const adminSets = (await admin.get('/api/evaluation/rule-sets')).json();
    assert.deepEqual(
      adminSets[0].versions.map((v: { createdBy: string | null }) => v.createdBy),
      [null, 'admin', 'admin'],
    );
    assert.equal(ok.json().createdBy, 'admin', 'the administrator who added it sees it on the new version too');
    // Bình's late report now loses half its progress points.
    const binh = (await manager.get(`/api/evaluation/staff/${ids.binh}?year=2026`)).json();
    assert.equal(binh.periods.find((p: { period: string }) => p.period === '202603').progress, 75);
  });
});
