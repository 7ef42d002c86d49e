import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, insertOrgUnit, type TestApp, type TestClient } from '../../testing/test-app.ts';

describe('data elements and disaggregations', () => {
  let t: TestApp;
  let admin: TestClient;
  let officer: TestClient;
  before(async () => {
    t = await createTestApp();
    await insertOrgUnit(t.db, 'VN', 'Việt Nam', null);
    await insertOrgUnit(t.db, 'HN', 'Hà Nội', 'VN');
    await t.db.query(`INSERT INTO org_unit_group (code, kind, name_vi) VALUES ('VIEN_THONG', 'SECTOR', 'Viễn thông')`);
    await t.createUser('admin', [{ role: 'ADMIN', orgUnit: null }]);
    await t.createUser('scoped-admin', [{ role: 'ADMIN', orgUnit: 'HN' }]);
    await t.createUser('officer', [{ role: 'REPORTING_OFFICER', orgUnit: 'HN' }]);
    admin = await t.login('admin');
    officer = await t.login('officer');
  });
  after(() => t.close());

  test('creates a disaggregation with ordered options and refuses a duplicate option', async () => {
    const res = await admin.post('/api/disaggregations', {
      code: 'PLATFORM',
      nameVi: 'Nền tảng',
      options: [
        { code: 'FACEBOOK', nameVi: 'Facebook' },
        { code: 'YOUTUBE', nameVi: 'YouTube' },
        { code: 'KHAC', nameVi: 'Khác' },
      ],
    });
    assert.equal(res.statusCode, 201, res.body);
    assert.deepEqual(
      res.json().options.map((o: { code: string }) => o.code),
      ['FACEBOOK', 'YOUTUBE', 'KHAC'],
    );
    const dup = await admin.post('/api/disaggregations', {
      code: 'X',
      nameVi: 'X',
      options: [
        { code: 'A', nameVi: 'A' },
        { code: 'A', nameVi: 'B' },
      ],
    });
    assert.equal(dup.statusCode, 400);
    assert.equal(dup.json().error.details[0].path, 'body.options[1].code');
    const list = await officer.get('/api/disaggregations');
    assert.equal(list.statusCode, 200);
    assert.equal(list.json()[0].options.length, 3);
  });

  test('creates data elements with sector and disaggregation, audited', async () => {
    const res = await admin.post('/api/dataElements', {
      code: 'ND_XAU_DA_GO',
      nameVi: 'Số nội dung xấu độc đã gỡ bỏ',
      valueType: 'INTEGER',
      aggregationType: 'SUM',
      disaggregation: 'PLATFORM',
      sector: 'VIEN_THONG',
      minValue: 0,
    });
    assert.equal(res.statusCode, 201, res.body);
    const de = res.json();
    assert.equal(de.disaggregation.code, 'PLATFORM');
    assert.equal(de.sectorCode, 'VIEN_THONG');
    assert.equal(de.zeroIsSignificant, false);
    const audit = await t.db.query("SELECT 1 FROM audit_log WHERE action = 'dataElement.create'");
    assert.equal(audit.rowCount, 1);
    const unknownSector = await admin.post('/api/dataElements', { code: 'Y', nameVi: 'Y', valueType: 'NUMBER', aggregationType: 'SUM', sector: 'NOPE' });
    assert.equal(unknownSector.statusCode, 400);
    assert.equal(unknownSector.json().error.code, 'UNKNOWN_SECTOR');
    const badType = await admin.post('/api/dataElements', { code: 'Z', nameVi: 'Z', valueType: 'DATE', aggregationType: 'SUM' });
    assert.equal(badType.statusCode, 400);
    const dup = await admin.post('/api/dataElements', { code: 'ND_XAU_DA_GO', nameVi: 'x', valueType: 'INTEGER', aggregationType: 'SUM' });
    assert.equal(dup.statusCode, 409);
  });

  test('search ignores accents and case; get by code and by id', async () => {
    await admin.post('/api/dataElements', { code: 'TB_DI_DONG', nameVi: 'Số thuê bao di động', nameEn: 'Mobile subscribers', valueType: 'INTEGER', aggregationType: 'LAST' });
    const found = await officer.get('/api/dataElements?q=thue%20bao%20DI%20DONG');
    assert.equal(found.statusCode, 200);
    assert.deepEqual(
      found.json().items.map((d: { code: string }) => d.code),
      ['TB_DI_DONG'],
    );
    const byCode = await officer.get('/api/dataElements/TB_DI_DONG');
    assert.equal(byCode.statusCode, 200);
    const byId = await officer.get(`/api/dataElements/id:${byCode.json().id}`);
    assert.equal(byId.json().code, 'TB_DI_DONG');
    assert.equal((await officer.get('/api/dataElements/KHONG_CO')).statusCode, 404);
  });

  test('writes need metadata.write system-wide', async () => {
    const scoped = await t.login('scoped-admin');
    const res = await scoped.post('/api/dataElements', { code: 'A1', nameVi: 'A', valueType: 'NUMBER', aggregationType: 'SUM' });
    assert.equal(res.statusCode, 403);
    const byOfficer = await officer.patch('/api/dataElements/TB_DI_DONG', { nameVi: 'x' });
    assert.equal(byOfficer.statusCode, 403);
    assert.equal((await t.anonymous.get('/api/dataElements')).statusCode, 401);
  });

  test('patch updates fields and refuses min > max; once values exist, a type or bound changes only if every value still fits', async () => {
    const res = await admin.patch('/api/dataElements/TB_DI_DONG', { unit: 'thuê bao', aggregationType: 'LAST', seasonal: true });
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.json().unit, 'thuê bao');
    assert.equal(res.json().seasonal, true);
    const bounds = await admin.patch('/api/dataElements/TB_DI_DONG', { minValue: 10, maxValue: 1 });
    assert.equal(bounds.statusCode, 400);
    const de = res.json();
    const ou = (await t.db.query<{ id: number }>("SELECT id FROM org_unit WHERE code = 'HN'")).rows[0].id;
    await t.db.query(`INSERT INTO period (iso, type, start_date, end_date) VALUES ('202301','MONTHLY','2023-01-01','2023-01-31')`);
    await t.db.query(`INSERT INTO data_value (data_element_id, period_id, org_unit_id, value) VALUES ($1, (SELECT id FROM period WHERE iso='202301'), $2, 5)`, [de.id, ou]);
    const toText = await admin.patch('/api/dataElements/TB_DI_DONG', { valueType: 'TEXT' });
    assert.equal(toText.statusCode, 409);
    assert.equal(toText.json().error.code, 'DATA_ELEMENT_HAS_VALUES');
    // 5 is a non-negative integer: the type may say so now.
    const narrower = await admin.patch('/api/dataElements/TB_DI_DONG', { valueType: 'INTEGER_ZERO_OR_POSITIVE' });
    assert.equal(narrower.statusCode, 200, narrower.body);
    // …but not a bound that the stored 5 would break, and the answer says how many values are in the way.
    const tooTight = await admin.patch('/api/dataElements/TB_DI_DONG', { maxValue: 4 });
    assert.equal(tooTight.statusCode, 409);
    assert.equal(tooTight.json().error.details[0].count, 1);
    const negative = await admin.patch('/api/dataElements/TB_DI_DONG', { valueType: 'INTEGER_NEGATIVE' });
    assert.equal(negative.statusCode, 409);
  });
});
