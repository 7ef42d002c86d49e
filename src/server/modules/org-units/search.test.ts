import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, insertOrgUnit, type TestApp, type TestClient } from '../../testing/test-app.ts';

describe('org unit search as people type names', () => {
  let t: TestApp;
  let admin: TestClient;
  let officer: TestClient;
  const codes = async (client: TestClient, q: string) => {
    const res = await client.get(`/api/orgUnits?q=${encodeURIComponent(q)}`);
    assert.equal(res.statusCode, 200, res.body);
    return (res.json() as { items: { code: string }[] }).items.map((u) => u.code);
  };

  before(async () => {
    t = await createTestApp();
    await insertOrgUnit(t.db, 'VN', 'Việt Nam', null);
    await t.createUser('admin', [{ role: 'ADMIN', orgUnit: null }]);
    admin = await t.login('admin');
    // Created through the API, which keeps each unit's search text.
    for (const [code, nameVi] of [
      ['01', 'Thành phố Hà Nội'],
      ['31', 'Thành phố Hải Phòng'],
      ['79', 'Thành phố Hồ Chí Minh'],
      ['48', 'Thành phố Đà Nẵng'],
    ]) {
      const res = await admin.post('/api/orgUnits', { code, nameVi, parent: 'VN' });
      assert.equal(res.statusCode, 201, res.body);
    }
    await t.createUser('officer', [{ role: 'REPORTING_OFFICER', orgUnit: '48' }]);
    officer = await t.login('officer');
  });
  after(() => t.close());

  test('names match without spaces and without diacritics', async () => {
    assert.deepEqual(await codes(admin, 'hanoi'), ['01']);
    assert.deepEqual(await codes(admin, 'Hà Nội'), ['01']);
    assert.deepEqual(await codes(admin, 'hochiminh'), ['79']);
    assert.deepEqual(await codes(admin, 'HAIPHONG'), ['31']);
  });

  test('one character wrong, missing or swapped still finds the unit; an exact match is preferred', async () => {
    assert.deepEqual(await codes(admin, 'ha noj'), ['01']);
    assert.deepEqual(await codes(admin, 'hnaoi'), ['01']);
    assert.deepEqual(await codes(admin, 'da nag'), ['48']);
    // "ha" matches several names exactly: no typo search widens it.
    assert.deepEqual((await codes(admin, 'hai phong')).sort(), ['31']);
    assert.deepEqual(await codes(admin, 'xyzw'), []);
  });

  test('the scope still applies to a tolerant search', async () => {
    assert.deepEqual(await codes(officer, 'hanoi'), []);
    assert.deepEqual(await codes(officer, 'da nag'), ['48']);
  });
});
