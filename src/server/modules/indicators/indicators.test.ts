import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, insertOrgUnit, type TestApp, type TestClient } from '../../testing/test-app.ts';
import { insertElement } from '../../testing/factories.ts';

describe('indicators: CRUD and formulas checked at save time', () => {
  let t: TestApp;
  let admin: TestClient;
  before(async () => {
    t = await createTestApp();
    await insertOrgUnit(t.db, 'VN', 'Việt Nam', null);
    await t.createUser('admin', [{ role: 'ADMIN', orgUnit: null }]);
    await t.createUser('leader', [{ role: 'LEADER', orgUnit: 'VN' }]);
    admin = await t.login('admin');
    await insertElement(t.db, 'TK_VN', { aggregationType: 'SUM' });
    await insertElement(t.db, 'TK_TONG', { aggregationType: 'SUM' });
    await insertElement(t.db, 'ND_XAU', { aggregationType: 'SUM', options: ['FACEBOOK', 'YOUTUBE'] });
    await t.db.query(`INSERT INTO org_unit_group (code, kind, name_vi) VALUES ('KTS', 'SECTOR', 'Kinh tế số')`);
  });
  after(() => t.close());

  test('create, read by code, update and delete, each audited', async () => {
    const created = await admin.post('/api/indicators', {
      code: 'TL_TK_VN',
      nameVi: 'Tỷ lệ tài khoản trên nền tảng số Việt Nam',
      nameEn: 'Share of accounts on Vietnamese platforms',
      sector: 'KTS',
      unit: '%',
      numerator: '#{TK_VN}',
      denominator: '#{TK_TONG}',
      factor: 100,
      isPublic: true,
    });
    assert.equal(created.statusCode, 201, created.body);
    assert.equal(created.json().sectorCode, 'KTS');
    assert.equal(created.json().direction, 'HIGHER_IS_BETTER');
    const read = await admin.get('/api/indicators/TL_TK_VN');
    assert.equal(read.json().factor, 100);
    const updated = await admin.patch('/api/indicators/TL_TK_VN', { decimals: 2, numerator: '#{ND_XAU.FACEBOOK} + #{TK_VN}' });
    assert.equal(updated.statusCode, 200, updated.body);
    assert.equal(updated.json().decimals, 2);
    const duplicate = await admin.post('/api/indicators', { code: 'TL_TK_VN', nameVi: 'x', numerator: '1' });
    assert.equal(duplicate.statusCode, 409);
    const { rows } = await t.db.query<{ action: string }>(`SELECT action FROM audit_log WHERE object_type = 'indicator' ORDER BY id`);
    assert.deepEqual(
      rows.map((r) => r.action),
      ['indicator.create', 'indicator.update'],
    );
    assert.equal((await admin.delete('/api/indicators/TL_TK_VN')).statusCode, 204);
    assert.equal((await admin.get('/api/indicators/TL_TK_VN')).statusCode, 404);
  });

  test('a bad formula is refused with the field, the position and the reason', async () => {
    const res = await admin.post('/api/indicators?lang=en', { code: 'BAD', nameVi: 'Sai', numerator: '#{TK_VN} + #{NOPE}', denominator: '#{ND_XAU.TIKTOK} / 0' });
    assert.equal(res.statusCode, 400);
    const error = res.json().error;
    assert.equal(error.code, 'INVALID_FORMULA');
    assert.deepEqual(
      error.details.map((d: { path: string; position: number; reason: string }) => [d.path, d.position, d.reason]),
      [
        ['body.numerator', 11, 'UNKNOWN_REFERENCE'],
        ['body.denominator', 0, 'UNKNOWN_REFERENCE'],
        ['body.denominator', 17, 'DIVISION_BY_ZERO'],
      ],
    );
    assert.match(error.details[0].message, /NOPE/);
    const syntax = await admin.post('/api/indicators', { code: 'BAD2', nameVi: 'Sai', numerator: '(#{TK_VN} + 2' });
    assert.equal(syntax.statusCode, 400);
    assert.equal(syntax.json().error.details[0].reason, 'INVALID_EXPRESSION');
  });

  test('check-formula answers the editor while typing', async () => {
    const ok = (await admin.post('/api/indicators/check-formula', { formula: '#{ND_XAU.YOUTUBE} / #{ND_XAU} * 100' })).json();
    assert.equal(ok.valid, true);
    assert.deepEqual(ok.references, [{ code: 'ND_XAU', option: 'YOUTUBE' }, { code: 'ND_XAU' }]);
    const bad = (await admin.post('/api/indicators/check-formula?lang=en', { formula: '#{TK_VN} / (2 - 2)' })).json();
    assert.equal(bad.valid, false);
    assert.equal(bad.problems[0].code, 'DIVISION_BY_ZERO');
    assert.equal(bad.problems[0].position, 9);
  });

  test('only metadata writers may create indicators', async () => {
    const leader = await t.login('leader');
    const res = await leader.post('/api/indicators', { code: 'X', nameVi: 'X', numerator: '#{TK_VN}' });
    assert.equal(res.statusCode, 403);
    assert.equal((await leader.get('/api/indicators')).statusCode, 200);
  });
});
