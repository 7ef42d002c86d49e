import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { TestClient } from '../../testing/test-app.ts';
import { createReportingWorld, DEFAULT_NOW, type ReportingWorld } from '../regimes/test-fixtures.ts';
import { registerSubmitCheck } from './service.ts';

describe('report workflow and completeness', () => {
  let w: ReportingWorld;
  let officerHn: TestClient;
  let officerHp: TestClient;
  let manager: TestClient;
  const key = (orgUnit: string, period = '202302') => ({ orgUnit, period });

  before(async () => {
    w = await createReportingWorld();
    await w.t.createUser('officer-hn', [{ role: 'REPORTING_OFFICER', orgUnit: 'HN' }]);
    await w.t.createUser('officer-hp', [{ role: 'REPORTING_OFFICER', orgUnit: 'HP' }]);
    await w.t.createUser('manager', [{ role: 'UNIT_MANAGER', orgUnit: 'VN' }]);
    officerHn = await w.login('officer-hn');
    officerHp = await w.login('officer-hp');
    manager = await w.login('manager');
  });
  after(() => w.t.close());

  test('submit needs the compulsory fields, then is on time before the due date', async () => {
    w.setNow('2023-02-17T03:00:00Z');
    const blocked = await officerHn.post('/api/regimes/BC_THANG/submit', key('HN'), { 'accept-language': 'en' });
    assert.equal(blocked.statusCode, 422);
    assert.equal(blocked.json().error.code, 'SUBMIT_BLOCKED');
    assert.equal(blocked.json().error.details[0].code, 'COMPULSORY_MISSING');
    assert.equal(blocked.json().error.details[0].path, 'TB_DI_DONG');
    assert.equal((await officerHn.post('/api/dataValues', { dataElement: 'TB_DI_DONG', period: '202302', orgUnit: 'HN', value: 100 })).statusCode, 200);
    const ok = await officerHn.post('/api/regimes/BC_THANG/submit', key('HN'));
    assert.equal(ok.statusCode, 200, ok.body);
    assert.equal(ok.json().status, 'SUBMITTED');
    assert.equal(ok.json().isLate, false);
    assert.equal(ok.json().submittedBy, 'officer-hn');
    const again = await officerHn.post('/api/regimes/BC_THANG/submit', key('HN'));
    assert.equal(again.statusCode, 409);
    const notMine = await officerHn.post('/api/regimes/BC_THANG/submit', key('HP'));
    assert.equal(notMine.statusCode, 403);
  });

  test('registered checks block with errors and pass warnings through; after the due date it is late', async () => {
    w.setNow(DEFAULT_NOW);
    await officerHp.post('/api/dataValues', { dataElement: 'TB_DI_DONG', period: '202302', orgUnit: 'HP', value: 50 });
    let failing = true;
    const remove = registerSubmitCheck(async (_ctx, input) => ({
      errors: failing ? [{ code: 'RULE', path: 'rule:R1', messageVi: `Lỗi kiểm tra kỳ ${input.periodIso}`, messageEn: `Check failed for ${input.periodIso}` }] : [],
      warnings: [{ messageVi: 'Cần giải thích mức tăng', messageEn: 'Explain the increase' }],
    }));
    try {
      const blocked = await officerHp.post('/api/regimes/BC_THANG/submit', key('HP'));
      assert.equal(blocked.statusCode, 422);
      assert.equal(blocked.json().error.details[0].message, 'Lỗi kiểm tra kỳ 202302');
      failing = false;
      const late = await officerHp.post('/api/regimes/BC_THANG/submit', key('HP'));
      assert.equal(late.statusCode, 200, late.body);
      assert.equal(late.json().isLate, true);
      assert.equal(late.json().warnings[0].message, 'Cần giải thích mức tăng');
    } finally {
      remove();
    }
  });

  test('the receiving side returns with a reason; the unit submits again', async () => {
    const byOfficer = await officerHp.post('/api/regimes/BC_THANG/return', { ...key('HP'), reason: 'Số liệu thiếu' });
    assert.equal(byOfficer.statusCode, 403);
    const noReason = await manager.post('/api/regimes/BC_THANG/return', { ...key('HP'), reason: '' });
    assert.equal(noReason.statusCode, 400);
    const returned = await manager.post('/api/regimes/BC_THANG/return', { ...key('HP'), reason: 'Số thuê bao thấp bất thường' });
    assert.equal(returned.statusCode, 200, returned.body);
    assert.equal(returned.json().status, 'RETURNED');
    assert.equal(returned.json().returnedReason, 'Số thuê bao thấp bất thường');
    await officerHp.post('/api/dataValues', { dataElement: 'TB_DI_DONG', period: '202302', orgUnit: 'HP', value: 5000 });
    const resubmitted = await officerHp.post('/api/regimes/BC_THANG/submit', key('HP'));
    assert.equal(resubmitted.json().status, 'SUBMITTED');
    assert.equal(resubmitted.json().returnedReason, null);
  });

  test('approval blocks edits; reopening with a reason is audited and allows them again', async () => {
    const approved = await manager.post('/api/regimes/BC_THANG/approve', key('HN'));
    assert.equal(approved.statusCode, 200, approved.body);
    assert.equal(approved.json().status, 'APPROVED');
    assert.equal(approved.json().approvedBy, 'manager');
    const edit = await officerHn.post('/api/dataValues', { dataElement: 'TB_DI_DONG', period: '202302', orgUnit: 'HN', value: 101 });
    assert.equal(edit.statusCode, 422);
    assert.equal(edit.json().error.code, 'REPORT_APPROVED');
    const form = await officerHn.get('/api/regimes/BC_THANG/form?orgUnit=HN&period=202302');
    assert.equal(form.json().editable, false);
    assert.equal(form.json().notEditableReason.code, 'REPORT_APPROVED');
    const notApproved = await manager.post('/api/regimes/BC_THANG/reopen', { ...key('OLD'), reason: 'Mở lại' });
    assert.equal(notApproved.statusCode, 409);
    const reopened = await manager.post('/api/regimes/BC_THANG/reopen', { ...key('HN'), reason: 'Sở đề nghị điều chỉnh số liệu' });
    assert.equal(reopened.statusCode, 200, reopened.body);
    assert.equal(reopened.json().status, 'DRAFT');
    const audit = await w.t.db.query<{ reason: string; username: string }>("SELECT reason, username FROM audit_log WHERE action = 'report.reopen'");
    assert.deepEqual(audit.rows, [{ reason: 'Sở đề nghị điều chỉnh số liệu', username: 'manager' }]);
    assert.equal((await officerHn.post('/api/dataValues', { dataElement: 'TB_DI_DONG', period: '202302', orgUnit: 'HN', value: 101 })).statusCode, 200);
    // A reopened report submitted again keeps the timeliness of its first submission.
    const again = await officerHn.post('/api/regimes/BC_THANG/submit', key('HN'));
    assert.equal(again.json().isLate, false);
  });

  test('a locked period refuses values until reopened', async () => {
    const locked = await officerHn.post('/api/dataValues', { dataElement: 'TB_DI_DONG', period: '202301', orgUnit: 'HN', value: 1 });
    assert.equal(locked.statusCode, 422);
    assert.equal(locked.json().error.code, 'PERIOD_LOCKED');
    const submit = await officerHn.post('/api/regimes/BC_THANG/submit', key('HN', '202301'));
    assert.equal(submit.statusCode, 409);
    const reopened = await manager.post('/api/regimes/BC_THANG/reopen', { ...key('HN', '202301'), reason: 'Bổ sung số liệu tháng 1' });
    assert.equal(reopened.statusCode, 200, reopened.body);
    assert.equal((await officerHn.post('/api/dataValues', { dataElement: 'TB_DI_DONG', period: '202301', orgUnit: 'HN', value: 1 })).statusCode, 200);
    const status = await officerHn.get('/api/regimes/BC_THANG/status?orgUnit=HN&period=202301');
    assert.equal(status.json().isLocked, false);
    assert.equal(status.json().reopenedReason, 'Bổ sung số liệu tháng 1');
  });

  test('completeness: expected, received, on time, late, missing, per child and per unit', async () => {
    const res = await manager.get('/api/regimes/BC_THANG/completeness?period=202302&parent=VN');
    assert.equal(res.statusCode, 200, res.body);
    const c = res.json();
    // HN submitted on time, HP late, OLD (still open in 2023) missing, NEW not yet born. On 5 March the
    // February report (due 19 February) is overdue: received late and not received are counted apart.
    assert.deepEqual(c.totals, { expected: 3, received: 2, onTime: 1, late: 1, missing: 1, overdue: 1, pending: 0, completenessRate: 66.67, timelinessRate: 33.33 });
    assert.equal(c.dueDate, '2023-02-19');
    assert.deepEqual(
      c.units.filter((u: { isOverdue: boolean }) => u.isOverdue).map((u: { code: string }) => u.code),
      ['OLD'],
    );
    assert.deepEqual(c.units.map((u: { code: string; status: string }) => [u.code, u.status]).sort(), [
      ['HN', 'SUBMITTED'],
      ['HP', 'SUBMITTED'],
      ['OLD', 'NOT_STARTED'],
    ]);
    assert.deepEqual(c.children.map((x: { orgUnit: { code: string }; received: number }) => [x.orgUnit.code, x.received]).sort(), [
      ['HN', 1],
      ['HP', 1],
      ['OLD', 0],
    ]);
    const scoped = await officerHn.get('/api/regimes/BC_THANG/completeness?period=202302');
    assert.equal(scoped.json().totals.expected, 1);
    const heat = await manager.get('/api/regimes/BC_THANG/completeness?periods=202301;202302&parent=VN');
    assert.equal(heat.statusCode, 200);
    assert.deepEqual(
      heat.json().periods.map((p: { period: string; totals: { received: number } }) => [p.period, p.totals.received]),
      [
        ['202301', 0],
        ['202302', 2],
      ],
    );
    const hn = heat.json().units.find((u: { code: string }) => u.code === 'HN');
    assert.deepEqual(hn.cells, { '202301': { status: 'DRAFT', isLate: null, isOverdue: true }, '202302': { status: 'SUBMITTED', isLate: false, isOverdue: false } });
    assert.equal((await manager.get('/api/regimes/BC_THANG/completeness?period=2023Q1')).statusCode, 400);
  });

  test('completeness is kept between requests only while no report changes, in any process', async () => {
    const url = '/api/regimes/BC_THANG/completeness?period=202302&parent=VN';
    const first = (await manager.get(url)).json();
    assert.deepEqual((await manager.get(url)).json(), first);
    // Another server process sharing the database approves HN's report: straight SQL here.
    await w.t.db.query(
      `UPDATE report_status SET status = 'APPROVED' WHERE org_unit_id = (SELECT id FROM org_unit WHERE code = 'HN')
          AND period_id = (SELECT id FROM period WHERE iso = '202302')`,
    );
    const after = (await manager.get(url)).json();
    assert.equal(after.units.find((u: { code: string }) => u.code === 'HN').status, 'APPROVED');
    // A statement that changes no row leaves the counter, and so the kept answer, where it was.
    const version = async () => (await w.t.db.query<{ version: number }>('SELECT version FROM work_version')).rows[0].version;
    const v = await version();
    await w.t.db.query(`UPDATE report_status SET status = 'APPROVED' WHERE false`);
    assert.equal(await version(), v);
  });
});
