import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, type TestApp, type TestClient } from '../../testing/test-app.ts';
import { exportOrgUnits, importOrgUnits, parseOrgUnitCsv } from './import-export.ts';
import { SYSTEM_ACTOR } from '../../access.ts';

const CSV = { 'content-type': 'text/csv; charset=utf-8' };

// Children come before their parents on purpose: the import must order them.
const HIERARCHY_CSV = [
  'code,name_vi,name_en,short_name,type,parent_code,level,opening_date,closing_date,groups,merged_into,lineage_effective_date',
  'HN-SO-KHCN,Sở Khoa học và Công nghệ Hà Nội,Hanoi Department of Science and Technology,Sở KH&CN,department,HN,3,,,,,',
  'HN,Thành phố Hà Nội,Hanoi City,Hà Nội,province,VN,2,,,THANH_PHO,,',
  'HT,Tỉnh Hà Tây,Ha Tay Province,Hà Tây,province,VN,2,,2008-07-31,,HN,2008-08-01',
  'CT,"Thành phố Cần Thơ, trực thuộc trung ương",Can Tho City,Cần Thơ,province,VN,,2004-01-01,,THANH_PHO;DONG_BANG,,',
].join('\n');

async function countRows(t: TestApp) {
  const units = (await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM org_unit')).rows[0].n;
  const audit = (await t.db.query<{ n: number }>("SELECT count(*)::int AS n FROM audit_log WHERE object_type = 'orgUnit'")).rows[0].n;
  return { units, audit };
}

async function prepare(t: TestApp): Promise<TestClient> {
  await t.createUser('admin', [{ role: 'ADMIN', orgUnit: null }]);
  const admin = await t.login('admin');
  assert.equal((await admin.post('/api/orgUnits', { code: 'VN', nameVi: 'Việt Nam', type: 'country' })).statusCode, 201);
  assert.equal((await admin.post('/api/orgUnitGroups', { code: 'THANH_PHO', nameVi: 'Thành phố trực thuộc trung ương' })).statusCode, 201);
  assert.equal((await admin.post('/api/orgUnitGroups', { code: 'DONG_BANG', kind: 'SECTOR', nameVi: 'Đồng bằng' })).statusCode, 201);
  return admin;
}

describe('org unit hierarchy import and export', () => {
  let t: TestApp;
  let admin: TestClient;

  before(async () => {
    t = await createTestApp();
    admin = await prepare(t);
  });
  after(() => t.close());

  test('a dry run checks the file and writes nothing', async () => {
    const before = await countRows(t);
    const res = await admin.post('/api/orgUnits/import?dryRun=true', HIERARCHY_CSV, CSV);
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.json().dryRun, true);
    assert.equal(res.json().created, 4);
    assert.deepEqual(await countRows(t), before);
  });

  test('CSV import orders parents before children, derives levels, sets groups and lineage', async () => {
    const res = await admin.post('/api/orgUnits/import', HIERARCHY_CSV, CSV);
    assert.equal(res.statusCode, 200, res.body);
    assert.deepEqual(res.json(), { dryRun: false, rows: 4, created: 4, updated: 0, unchanged: 0, moved: 0, lineage: 1 });
    const so = (await admin.get('/api/orgUnits/HN-SO-KHCN')).json();
    assert.equal(so.level, 3);
    assert.deepEqual(
      so.ancestors.map((a: { code: string }) => a.code),
      ['VN', 'HN'],
    );
    const ct = (await admin.get('/api/orgUnits/CT')).json();
    assert.equal(ct.nameVi, 'Thành phố Cần Thơ, trực thuộc trung ương');
    assert.deepEqual(ct.groups.map((g: { code: string }) => g.code).sort(), ['DONG_BANG', 'THANH_PHO']);
    const ht = (await admin.get('/api/orgUnits/HT')).json();
    assert.deepEqual(
      ht.lineage.successors.map((e: { kind: string; unit: { code: string }; effectiveDate: string }) => [e.kind, e.unit.code, e.effectiveDate]),
      [['MERGE', 'HN', '2008-08-01']],
    );
    const audit = await t.db.query<{ action: string; n: number }>("SELECT action, count(*)::int AS n FROM audit_log WHERE action LIKE 'orgUnit.import%' GROUP BY action ORDER BY action");
    assert.deepEqual(audit.rows, [
      { action: 'orgUnit.import', n: 1 },
      { action: 'orgUnit.import.create', n: 4 },
    ]);
  });

  test('a file with bad rows is refused whole, every error named by row and column', async () => {
    const before = await countRows(t);
    const bad = [
      'code,name_vi,parent_code,level,opening_date,groups',
      'MOI-1,Đơn vị mới một,VN,2,,', // row 2: fine on its own
      'MOI-2,Đơn vị mới hai,VN,2,2025-13-01,', // row 3: no 13th month
      'MOI-3,,KHONG-CO,,,', // row 4: no name, unknown parent
      'MOI-4,Đơn vị bốn,VN,,,NHOM_LA', // row 5: unknown group
      'MOI-1,Trùng mã,VN,,,', // row 6: duplicate code
    ].join('\n');
    const res = await admin.post('/api/orgUnits/import', bad, { ...CSV, 'accept-language': 'en' });
    assert.equal(res.statusCode, 400, res.body);
    const err = res.json().error;
    assert.equal(err.code, 'IMPORT_FAILED');
    assert.match(err.message, /nothing was written/);
    const cells = err.details.map((d: { row: number; column: string }) => `${d.row}:${d.column}`).sort();
    assert.deepEqual(cells, ['3:opening_date', '4:name_vi', '4:parent_code', '5:groups', '6:code']);
    assert.ok(err.details.every((d: { path: string; message: string }) => d.path.startsWith('row ') && d.message.length > 0));
    const vi = await admin.post('/api/orgUnits/import', bad, CSV);
    assert.match(vi.json().error.message, /không có dòng nào được ghi/);
    assert.ok(vi.json().error.details.some((d: { message: string }) => /không phải ngày/.test(d.message)));
    assert.deepEqual(await countRows(t), before);
    assert.equal((await admin.get('/api/orgUnits/MOI-1')).statusCode, 404);
  });

  test('errors found while writing (a level that does not match) also roll everything back', async () => {
    const before = await countRows(t);
    const res = await admin.post('/api/orgUnits/import', [
      { code: 'OK-1', name_vi: 'Đơn vị hợp lệ', parent_code: 'VN' },
      { code: 'SAI-CAP', name_vi: 'Sai cấp', parent_code: 'VN', level: 5 },
    ]);
    assert.equal(res.statusCode, 400, res.body);
    assert.deepEqual(
      res.json().error.details.map((d: { row: number; column: string }) => [d.row, d.column]),
      [[2, 'level']],
    );
    assert.deepEqual(await countRows(t), before);
  });

  test('a cycle of parents inside the file is reported on its rows', async () => {
    const res = await admin.post('/api/orgUnits/import', [
      { code: 'C1', name_vi: 'Một', parent_code: 'C2' },
      { code: 'C2', name_vi: 'Hai', parent_code: 'C1' },
    ]);
    assert.equal(res.statusCode, 400);
    assert.deepEqual(
      res
        .json()
        .error.details.map((d: { row: number; column: string }) => `${d.row}:${d.column}`)
        .sort(),
      ['1:parent_code', '2:parent_code'],
    );
  });

  test('upsert by code: a changed row updates and moves the unit with its subtree', async () => {
    assert.equal((await admin.post('/api/orgUnits', { code: 'MIEN-BAC', nameVi: 'Miền Bắc', parent: 'VN' })).statusCode, 201);
    const res = await admin.post('/api/orgUnits/import', [
      { code: 'HN', name_vi: 'Thành phố Hà Nội', name_en: 'Hanoi', short_name: 'Hà Nội', type: 'province', parent_code: 'MIEN-BAC', groups: ['THANH_PHO'] },
    ]);
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.json().updated, 1);
    assert.equal(res.json().moved, 1);
    const so = (await admin.get('/api/orgUnits/HN-SO-KHCN')).json();
    assert.equal(so.level, 4);
    assert.deepEqual(
      so.ancestors.map((a: { code: string }) => a.code),
      ['VN', 'MIEN-BAC', 'HN'],
    );
    assert.equal((await admin.get('/api/orgUnits/HN')).json().nameEn, 'Hanoi');
  });

  test('export then import into the same system changes nothing', async () => {
    const csv = await admin.get('/api/orgUnits/export?format=csv');
    assert.equal(csv.statusCode, 200);
    assert.match(String(csv.headers['content-type']), /text\/csv/);
    const lines = csv.body
      .replace(/^\uFEFF/, '')
      .trim()
      .split(/\r?\n/);
    assert.equal(lines[0], 'code,name_vi,name_en,short_name,type,parent_code,level,opening_date,closing_date,groups,merged_into,lineage_effective_date,lineage_kind');
    assert.ok(lines.some((l) => l.startsWith('CT,"Thành phố Cần Thơ, trực thuộc trung ương",') && l.includes('DONG_BANG;THANH_PHO')));
    assert.ok(lines.some((l) => l.startsWith('HT,') && l.endsWith(',2008-07-31,,HN,2008-08-01,MERGE')));
    const before = await countRows(t);
    const res = await admin.post('/api/orgUnits/import', csv.body, CSV);
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.json().unchanged, lines.length - 1);
    assert.equal(res.json().created + res.json().updated + res.json().moved + res.json().lineage, 0);
    assert.equal((await countRows(t)).units, before.units);
  });

  test('export → import into an empty system gives the same hierarchy (CSV and JSON)', async () => {
    const exported = await exportOrgUnits(t.db, 'csv');
    const exportedJson = await exportOrgUnits(t.db, 'json');
    for (const format of ['csv', 'json'] as const) {
      const other = await createTestApp();
      try {
        const otherAdmin = await prepare(other);
        const res = format === 'csv' ? await otherAdmin.post('/api/orgUnits/import', exported, CSV) : await otherAdmin.post('/api/orgUnits/import', JSON.parse(exportedJson));
        assert.equal(res.statusCode, 200, res.body);
        // The root VN already exists there; everything else is new.
        assert.equal(res.json().created, res.json().rows - 1);
        assert.equal(await exportOrgUnits(other.db, 'csv'), exported);
      } finally {
        await other.close();
      }
    }
  });

  test('a provincial officer cannot import and exports only their subtree', async () => {
    await t.createUser('canbo.hanoi', [{ role: 'REPORTING_OFFICER', orgUnit: 'HN' }]);
    const officer = await t.login('canbo.hanoi');
    const res = await officer.post('/api/orgUnits/import', [{ code: 'X', name_vi: 'X', parent_code: 'HN' }]);
    assert.equal(res.statusCode, 403);
    const exp = await officer.get('/api/orgUnits/export?format=json');
    assert.equal(exp.statusCode, 200);
    assert.deepEqual(
      exp.json().map((r: { code: string }) => r.code),
      ['HN', 'HN-SO-KHCN'],
    );
  });

  test('a writer scoped to one province cannot import rows outside it; the answer names the rows', async () => {
    await t.createUser('qtv.hanoi', [{ role: 'ADMIN', orgUnit: 'HN' }]);
    const scopedAdmin = await t.login('qtv.hanoi');
    const before = await countRows(t);
    const res = await scopedAdmin.post('/api/orgUnits/import', [
      { code: 'HN-SO-TTTT', name_vi: 'Sở Thông tin và Truyền thông Hà Nội', parent_code: 'HN' },
      { code: 'CT-SO', name_vi: 'Sở Cần Thơ', parent_code: 'CT' },
    ]);
    assert.equal(res.statusCode, 403, res.body);
    assert.deepEqual(
      res.json().error.details.map((d: { row: number; column: string }) => [d.row, d.column]),
      [[2, 'parent_code']],
    );
    assert.deepEqual(await countRows(t), before);
  });

  test('the CLI functions: parse a semicolon CSV with a BOM and import as the system', async () => {
    const rows = parseOrgUnitCsv('\uFEFFcode;name_vi;parent_code\nCLI-1;Đơn vị từ dòng lệnh;VN\n');
    assert.deepEqual(rows, [{ code: 'CLI-1', name_vi: 'Đơn vị từ dòng lệnh', parent_code: 'VN' }]);
    const summary = await importOrgUnits({ db: t.db, actor: SYSTEM_ACTOR, clock: () => new Date() }, rows, { firstRowNumber: 2 });
    assert.equal(summary.created, 1);
    const { rows: audit } = await t.db.query<{ actor_kind: string }>("SELECT actor_kind FROM audit_log WHERE object_id = 'CLI-1'");
    assert.deepEqual(audit, [{ actor_kind: 'system' }]);
  });
});
