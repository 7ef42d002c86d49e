import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { TestClient } from '../../testing/test-app.ts';
import { createReportingWorld, DEFAULT_NOW, type ReportingWorld } from './test-fixtures.ts';
import { regimesOfElementForOrgUnit, resolveRegimeOrgUnits } from './service.ts';

describe('report regimes', () => {
  let w: ReportingWorld;
  let officer: TestClient;
  before(async () => {
    w = await createReportingWorld();
    await w.t.createUser('officer-hn', [{ role: 'REPORTING_OFFICER', orgUnit: 'HN' }]);
    officer = await w.login('officer-hn');
  });
  after(() => w.t.close());

  test('a regime reads back with its sections, elements, assignments and receiving unit', async () => {
    const res = await officer.get('/api/regimes/BC_THANG');
    assert.equal(res.statusCode, 200);
    const r = res.json();
    assert.equal(r.receivingOrgUnit.code, 'BO');
    assert.deepEqual(
      r.sections.map((s: { code: string }) => s.code),
      ['A', 'B'],
    );
    assert.deepEqual(
      r.sections[0].elements.map((e: { code: string; isCompulsory: boolean }) => [e.code, e.isCompulsory]),
      [
        ['TB_DI_DONG', true],
        ['DOANH_THU', false],
      ],
    );
    assert.deepEqual(r.assignments, [{ orgUnit: null, level: null, group: 'TINH' }]);
    assert.equal((await officer.get('/api/regimes')).json().length, 2);
  });

  test('validation: unknown element, an assignment naming two things, writes need metadata.write', async () => {
    const bad = await w.admin.post('/api/regimes', { code: 'X', nameVi: 'X', periodType: 'MONTHLY', sections: [{ code: 'A', nameVi: 'A', elements: [{ dataElement: 'KHONG_CO' }] }] });
    assert.equal(bad.statusCode, 400);
    assert.equal(bad.json().error.details[0].path, 'body.sections[0].elements[0].dataElement');
    const two = await w.admin.post('/api/regimes', { code: 'Y', nameVi: 'Y', periodType: 'MONTHLY', assignments: [{ level: 2, group: 'TINH' }] });
    assert.equal(two.statusCode, 400);
    const byOfficer = await officer.post('/api/regimes', { code: 'Z', nameVi: 'Z', periodType: 'MONTHLY' });
    assert.equal(byOfficer.statusCode, 403);
  });

  test('patch replaces assignments and is audited', async () => {
    await w.admin.post('/api/regimes', { code: 'BC_NAM', nameVi: 'Báo cáo năm', periodType: 'YEARLY', assignments: [{ orgUnit: 'HN' }] });
    const res = await w.admin.patch('/api/regimes/BC_NAM', { assignments: [{ orgUnit: 'HP' }, { level: 3 }], deadlineDays: 30 });
    assert.equal(res.statusCode, 200, res.body);
    assert.deepEqual(
      res.json().assignments.map((a: { orgUnit: string | null; level: number | null }) => a.orgUnit ?? a.level),
      ['HP', 3],
    );
    assert.equal(res.json().deadlineDays, 30);
    const audit = await w.t.db.query("SELECT 1 FROM audit_log WHERE action = 'regime.update'");
    assert.equal(audit.rowCount, 1);
  });

  test('reporting units follow group membership and the units open at the end of the period', async () => {
    const regime = (await w.t.db.query<{ id: number }>("SELECT id FROM report_regime WHERE code = 'BC_THANG'")).rows[0].id;
    const before = await resolveRegimeOrgUnits(w.t.db, regime, '202506');
    assert.deepEqual(before.map((u) => u.code).sort(), ['HN', 'HP', 'OLD']);
    const afterMerger = await resolveRegimeOrgUnits(w.t.db, regime, '202507');
    assert.deepEqual(afterMerger.map((u) => u.code).sort(), ['HN', 'HP', 'NEW']);
    const res = await officer.get('/api/regimes/BC_DN_QUY/orgUnits?period=2023Q1');
    assert.deepEqual(
      res.json().items.map((u: { code: string }) => u.code),
      [],
    );
    const all = await w.admin.get('/api/regimes/BC_DN_QUY/orgUnits?period=2023Q1');
    assert.deepEqual(
      all.json().items.map((u: { code: string }) => u.code),
      ['VIETTEL'],
    );
  });

  test('regimesOfElementForOrgUnit tells which regimes of a unit hold an element', async () => {
    const id = async (table: string, code: string) => (await w.t.db.query<{ id: number }>(`SELECT id FROM ${table} WHERE code = $1`, [code])).rows[0].id;
    const hn = await id('org_unit', 'HN');
    const viettel = await id('org_unit', 'VIETTEL');
    const tb = await id('data_element', 'TB_DI_DONG');
    const ngoai = await id('data_element', 'NGOAI');
    assert.deepEqual(
      (await regimesOfElementForOrgUnit(w.t.db, tb, hn)).map((r) => r.code),
      ['BC_THANG'],
    );
    assert.deepEqual(
      (await regimesOfElementForOrgUnit(w.t.db, tb, viettel)).map((r) => r.code),
      ['BC_DN_QUY'],
    );
    assert.deepEqual(await regimesOfElementForOrgUnit(w.t.db, ngoai, hn), []);
  });

  test('open periods for today with due and lock dates', async () => {
    const res = await officer.get('/api/regimes/BC_THANG/periods?past=2');
    assert.equal(res.statusCode, 200);
    const items = res.json().items as { id: string; dueDate: string; lockDate: string; isLocked: boolean; isCurrent: boolean }[];
    assert.equal(res.json().today, DEFAULT_NOW.slice(0, 10));
    assert.deepEqual(
      items.map((p) => p.id),
      ['202301', '202302', '202303'],
    );
    assert.deepEqual(
      items.map((p) => p.isLocked),
      [true, false, false],
    );
    assert.equal(items[1].dueDate, '2023-02-19');
    assert.equal(items[2].isCurrent, true);
  });

  test('the form: sections, options, values, status and why it is not editable', async () => {
    const form = await officer.get('/api/regimes/BC_THANG/form?orgUnit=HN&period=202302');
    assert.equal(form.statusCode, 200, form.body);
    const f = form.json();
    assert.equal(f.editable, true);
    assert.equal(f.status.status, 'NOT_STARTED');
    assert.equal(f.period.dueDate, '2023-02-19');
    const nd = f.sections[1].elements.find((e: { code: string }) => e.code === 'ND_GO');
    assert.deepEqual(
      nd.options.map((o: { code: string }) => o.code),
      ['FACEBOOK', 'YOUTUBE', 'KHAC'],
    );
    const locked = await officer.get('/api/regimes/BC_THANG/form?orgUnit=HN&period=202301');
    assert.equal(locked.json().editable, false);
    assert.equal(locked.json().notEditableReason.code, 'PERIOD_LOCKED');
    const other = await officer.get('/api/regimes/BC_THANG/form?orgUnit=HP&period=202302');
    assert.equal(other.statusCode, 403);
    const closed = await w.admin.get('/api/regimes/BC_THANG/form?orgUnit=NEW&period=202302');
    assert.equal(closed.json().editable, false);
    assert.equal(closed.json().notEditableReason.code, 'NOT_A_REPORTING_UNIT');
    const wrongType = await officer.get('/api/regimes/BC_THANG/form?orgUnit=HN&period=2023Q1');
    assert.equal(wrongType.statusCode, 400);
  });

  test('saving a form draft writes the valid fields and names each wrong one', async () => {
    const res = await officer.put(
      '/api/regimes/BC_THANG/form?orgUnit=HN&period=202302',
      {
        values: { TB_DI_DONG: '1200000', DOANH_THU: 'abc', 'ND_GO.FACEBOOK': 12, 'ND_GO.TIKTOK': 3, NGOAI: 1, CO_SOC: true },
        comments: { TB_DI_DONG: 'Số liệu sơ bộ' },
      },
      { 'accept-language': 'vi' },
    );
    assert.equal(res.statusCode, 200, res.body);
    const body = res.json();
    assert.equal(body.imported, 3);
    const byField = Object.fromEntries(body.errors.map((e: { field: string; code: string }) => [e.field, e.code]));
    assert.deepEqual(byField, { DOANH_THU: 'INVALID_VALUE', 'ND_GO.TIKTOK': 'INVALID_OPTION', NGOAI: 'NOT_IN_FORM' });
    assert.match(body.errors.find((e: { field: string }) => e.field === 'DOANH_THU').message, /'abc' không phải là số/);
    const form = (await officer.get('/api/regimes/BC_THANG/form?orgUnit=HN&period=202302')).json();
    assert.equal(form.values.TB_DI_DONG, 1200000);
    assert.equal(form.values['ND_GO.FACEBOOK'], 12);
    assert.equal(form.values.CO_SOC, 1);
    assert.equal(form.comments.TB_DI_DONG, 'Số liệu sơ bộ');
    assert.equal(form.status.status, 'DRAFT');
    const history = await w.t.db.query("SELECT source FROM data_value_history WHERE source = 'FORM'");
    assert.equal(history.rowCount, 3);
  });
});
