import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, type TestApp, type TestClient } from '../testing/test-app.ts';
import { seedDemoOrgUnits } from './org-units.ts';
import { DEMO_ORG_UNITS, SECTORS } from './agency.ts';

describe('demo org unit seed', () => {
  let t: TestApp;
  let admin: TestClient;

  before(async () => {
    // Today is after the 1/7/2025 reorganisation: the 34 new provinces are the open ones.
    t = await createTestApp();
    const first = await seedDemoOrgUnits(t.db);
    assert.equal(first.seeded, true);
    assert.equal(first.units, DEMO_ORG_UNITS.length);
    await t.createUser('admin', [{ role: 'ADMIN', orgUnit: null }]);
    admin = await t.login('admin');
  });
  after(() => t.close());

  test('34 provinces are open under VN today, 63 were open on 31/12/2024', async () => {
    const today = await admin.get('/api/orgUnits?parent=VN&limit=1');
    assert.equal(today.json().total, 34);
    const before2025 = await admin.get('/api/orgUnits?parent=VN&at=2024-12-31&limit=1');
    assert.equal(before2025.json().total, 63);
    const onMergerDay = await admin.get('/api/orgUnits?parent=VN&at=2025-07-01&limit=1');
    assert.equal(onMergerDay.json().total, 34);
    const all = await admin.get('/api/orgUnits?parent=VN&includeClosed=true&limit=1');
    assert.equal(all.json().total, 34 + 52);
  });

  test('old provinces are closed T63- units merged into the new ones from 1/7/2025', async () => {
    const thaiBinh = (await admin.get('/api/orgUnits/T63-34')).json();
    assert.equal(thaiBinh.nameVi, 'Tỉnh Thái Bình');
    assert.equal(thaiBinh.closingDate, '2025-06-30');
    assert.deepEqual(
      thaiBinh.lineage.successors.map((e: { kind: string; effectiveDate: string; unit: { code: string } }) => [e.kind, e.unit.code, e.effectiveDate]),
      [['MERGE', '33', '2025-07-01']],
    );
    const hungYen = (await admin.get('/api/orgUnits/33/lineage')).json();
    assert.deepEqual(hungYen.predecessors.map((e: { unit: { code: string } }) => e.unit.code).sort(), ['T63-33', 'T63-34']);
    const { rows } = await t.db.query<{ n: number }>("SELECT count(*)::int AS n FROM org_unit_lineage WHERE kind = 'MERGE' AND effective_date = '2025-07-01'");
    assert.equal(rows[0].n, 52);
  });

  test('Huế keeps its former name Thừa Thiên Huế as history of the same unit', async () => {
    const hue = (await admin.get('/api/orgUnits/46')).json();
    assert.equal(hue.nameVi, 'Thành phố Huế');
    assert.equal(hue.closingDate, null);
    const formerNames = hue.attributes.formerNames as { nameVi: string; validUntil: string }[];
    assert.deepEqual(
      formerNames.map((f) => [f.nameVi, f.validUntil]),
      [['Tỉnh Thừa Thiên Huế', '2024-12-31']],
    );
  });

  test('ministry, departments, enterprise group and enterprises, with sector groups', async () => {
    const roots = await admin.get('/api/orgUnits?level=1');
    assert.deepEqual(
      roots
        .json()
        .items.map((u: { code: string }) => u.code)
        .sort(),
      ['BTTTT', 'VN'],
    );
    const viettel = (await admin.get('/api/orgUnits/DN-VIETTEL')).json();
    assert.equal(viettel.level, 3);
    assert.deepEqual(
      viettel.ancestors.map((a: { code: string }) => a.code),
      ['BTTTT', 'DN'],
    );
    assert.deepEqual(viettel.groups.map((g: { code: string }) => g.code).sort(), ['CONG_NGHIEP_ICT', 'VIEN_THONG']);
    const sectors = (await admin.get('/api/orgUnitGroups?kind=SECTOR')).json();
    assert.equal(sectors.length, SECTORS.length);
    const vienThong = await admin.get('/api/orgUnits?group=VIEN_THONG&limit=100');
    assert.ok(vienThong.json().items.some((u: { code: string }) => u.code === 'BTTTT-CVT'));
    const levels = (await admin.get('/api/orgUnitLevels')).json();
    assert.deepEqual(
      levels.map((l: { level: number }) => l.level),
      [1, 2, 3],
    );
    const search = await admin.get(`/api/orgUnits?q=${encodeURIComponent('HÀ NỘI')}`);
    assert.deepEqual(
      search.json().items.map((u: { code: string }) => u.code),
      ['01'],
    );
  });

  test('seeding again does nothing, and the whole load is one audit entry', async () => {
    const again = await seedDemoOrgUnits(t.db);
    assert.equal(again.seeded, false);
    const { rows } = await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM org_unit');
    assert.equal(rows[0].n, DEMO_ORG_UNITS.length);
    const audit = await t.db.query<{ action: string; actor_kind: string }>("SELECT action, actor_kind FROM audit_log WHERE object_type = 'orgUnit'");
    assert.deepEqual(audit.rows, [{ action: 'demo.seed', actor_kind: 'system' }]);
  });
});
