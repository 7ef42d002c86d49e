import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, insertOrgUnit, type TestApp } from '../testing/test-app.ts';

/**
 * Authentication answers from this process's cache while auth_version stays put; any change that matters,
 * made by any process (here: straight SQL, as another server process sharing the database would), is seen
 * by the very next request.
 */
describe('authentication cache follows every change, from any process', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp();
    await insertOrgUnit(t.db, 'VN', 'Việt Nam', null);
    await insertOrgUnit(t.db, 'HN', 'Hà Nội', 'VN');
    await insertOrgUnit(t.db, 'HP', 'Hải Phòng', 'VN');
  });
  after(() => t.close());

  test('a session ended elsewhere is refused at the next request', async () => {
    await t.createUser('a1', [{ role: 'LEADER', orgUnit: 'HN' }]);
    const a1 = await t.login('a1');
    assert.equal((await a1.get('/api/auth/me')).statusCode, 200);
    assert.equal((await a1.get('/api/auth/me')).statusCode, 200);
    await t.db.query(`DELETE FROM user_session WHERE user_id = (SELECT id FROM app_user WHERE username = 'a1')`);
    assert.equal((await a1.get('/api/auth/me')).statusCode, 401);
  });

  test('a role taken away or a user deactivated elsewhere is seen at the next request', async () => {
    await t.createUser('a2', [
      { role: 'LEADER', orgUnit: 'HN' },
      { role: 'LEADER', orgUnit: 'HP' },
    ]);
    const a2 = await t.login('a2');
    assert.equal((await a2.get('/api/orgUnits/HP')).statusCode, 200);
    await t.db.query(`DELETE FROM role_assignment WHERE user_id = (SELECT id FROM app_user WHERE username = 'a2') AND org_unit_id = (SELECT id FROM org_unit WHERE code = 'HP')`);
    assert.equal((await a2.get('/api/orgUnits/HP')).statusCode, 403);
    assert.equal((await a2.get('/api/orgUnits/HN')).statusCode, 200);
    await t.db.query(`UPDATE app_user SET is_active = false WHERE username = 'a2'`);
    assert.equal((await a2.get('/api/auth/me')).statusCode, 401);
  });

  test('sign-in bookkeeping does not empty the cache: the counter stays put', async () => {
    await t.createUser('a3', [{ role: 'LEADER', orgUnit: 'HN' }]);
    const a3 = await t.login('a3');
    const before = (await t.db.query<{ version: number }>('SELECT version FROM auth_version')).rows[0].version;
    await t.login('a3');
    await t.anonymous.post('/api/auth/login', { username: 'a3', password: 'sai-mat-khau-1' });
    assert.equal((await a3.get('/api/auth/me')).statusCode, 200);
    const afterwards = (await t.db.query<{ version: number }>('SELECT version FROM auth_version')).rows[0].version;
    assert.equal(afterwards, before);
  });

  test('a token revoked elsewhere is refused at the next request', async () => {
    const admin = await (async () => {
      await t.createUser('root', [{ role: 'ADMIN', orgUnit: null }]);
      return t.login('root');
    })();
    const created = await admin.post('/api/tokens', { name: 'May chu HN', orgUnit: 'HN' });
    assert.equal(created.statusCode, 201, created.body);
    const token = created.json().token as string;
    const call = () => t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { authorization: `Bearer ${token}` } });
    assert.equal((await call()).statusCode, 200);
    await t.db.query(`UPDATE api_token SET revoked_at = now() WHERE name = 'May chu HN'`);
    assert.equal((await call()).statusCode, 401);
  });
});
