import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, insertOrgUnit, type TestApp, type TestClient } from '../../testing/test-app.ts';
import { ensurePeriodIds } from './service.ts';

describe('periods', () => {
  let t: TestApp;
  let officer: TestClient;
  before(async () => {
    t = await createTestApp();
    await insertOrgUnit(t.db, 'VN', 'Việt Nam', null);
    await t.createUser('officer', [{ role: 'REPORTING_OFFICER', orgUnit: 'VN' }]);
    await t.db.query(
      `INSERT INTO report_regime (code, name_vi, period_type, cutoff_rule, deadline_days, lock_after_days)
       VALUES ('BC09', 'Báo cáo tháng', 'MONTHLY', 'DECREE_09', 5, 10)`,
    );
    officer = await t.login('officer');
  });
  after(() => t.close());

  test('ensurePeriodIds inserts missing periods once and returns stable ids', async () => {
    const first = await ensurePeriodIds(t.db, ['202301', '2023Q1', '202301']);
    assert.equal(first.size, 2);
    const second = await ensurePeriodIds(t.db, ['2023Q1', '2023']);
    assert.equal(second.get('2023Q1'), first.get('2023Q1'));
    const { rows } = await t.db.query<{ start_date: string; end_date: string; type: string }>("SELECT start_date, end_date, type FROM period WHERE iso = '2023Q1'");
    assert.deepEqual(rows[0], { start_date: '2023-01-01', end_date: '2023-03-31', type: 'QUARTERLY' });
    await assert.rejects(ensurePeriodIds(t.db, ['2023X1']), /not a valid|period/i);
  });

  test('a period alone: calendar start and end, labels', async () => {
    const res = await officer.get('/api/periods/2023Q1');
    assert.equal(res.statusCode, 200);
    assert.equal(res.json().startDate, '2023-01-01');
    assert.equal(res.json().endDate, '2023-03-31');
    assert.equal(res.json().labelVi, 'Quý 1/2023');
    assert.equal(res.json().dueDate, null);
  });

  test('under a Decree 09 regime: window, due date and lock date', async () => {
    const res = await officer.get('/api/periods/202302?regime=BC09');
    assert.equal(res.statusCode, 200, res.body);
    const p = res.json();
    assert.deepEqual(p.window, { startDate: '2023-01-15', endDate: '2023-02-14' });
    assert.equal(p.dueDate, '2023-02-19');
    assert.equal(p.lockDate, '2023-03-01');
    const wrongType = await officer.get('/api/periods/2023Q1?regime=BC09');
    assert.equal(wrongType.statusCode, 400);
    assert.equal(wrongType.json().error.code, 'PERIOD_TYPE_MISMATCH');
    assert.equal((await officer.get('/api/periods/2023M13')).statusCode, 400);
  });

  test('for-date: calendar versus Decree 09, or by regime', async () => {
    const cal = await officer.get('/api/periods/for-date?date=2023-02-20&type=MONTHLY');
    assert.equal(cal.json().id, '202302');
    const decree = await officer.get('/api/periods/for-date?date=2023-02-20&type=MONTHLY&rule=DECREE_09');
    assert.equal(decree.json().id, '202303');
    const byRegime = await officer.get('/api/periods/for-date?date=2023-02-14&regime=BC09');
    assert.equal(byRegime.json().id, '202302');
    assert.equal(byRegime.json().dueDate, '2023-02-19');
    const missing = await officer.get('/api/periods/for-date?date=2023-02-20');
    assert.equal(missing.statusCode, 400);
    assert.equal(missing.json().error.code, 'PERIOD_TYPE_REQUIRED');
  });
});
