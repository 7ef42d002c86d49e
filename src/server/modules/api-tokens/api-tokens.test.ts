import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, insertOrgUnit, type TestApp } from '../../testing/test-app.ts';

describe('API tokens', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp();
    await insertOrgUnit(t.db, 'VN', 'Việt Nam', null);
    await insertOrgUnit(t.db, 'HN', 'Hà Nội', 'VN');
    await t.createUser('admin', [{ role: 'ADMIN', orgUnit: null }]);
    await t.createUser('officer', [{ role: 'REPORTING_OFFICER', orgUnit: 'HN' }]);
  });
  after(() => t.close());

  test('created for one org unit, shown once, stored hashed, usable, revocable', async () => {
    const admin = await t.login('admin');
    const created = await admin.post('/api/tokens', { name: 'Hệ thống Sở Hà Nội', orgUnit: 'HN' });
    assert.equal(created.statusCode, 201, created.body);
    const { token, id } = created.json();
    assert.match(token, /^tdk_/);
    const stored = await t.db.query<{ token_hash: string }>('SELECT token_hash FROM api_token WHERE id = $1', [id]);
    assert.notEqual(stored.rows[0].token_hash, token);
    assert.doesNotMatch(JSON.stringify((await admin.get('/api/tokens')).json()), new RegExp(token));

    const me = await t.anonymous.get('/api/auth/me', { authorization: `Bearer ${token}` });
    assert.equal(me.statusCode, 200);
    assert.equal(me.json().kind, 'token');
    assert.equal(me.json().scopes[0].role, 'REPORTING_OFFICER');
    const listed = (await admin.get('/api/tokens')).json().find((x: { id: number }) => x.id === id);
    assert.ok(listed.lastUsedAt, 'last-used time is recorded');

    assert.equal((await admin.post(`/api/tokens/${id}/revoke`)).statusCode, 200);
    const after = await t.anonymous.get('/api/auth/me', { authorization: `Bearer ${token}` });
    assert.equal(after.statusCode, 401);
    assert.equal(after.json().error.code, 'INVALID_TOKEN');
  });

  test('a token cannot be used for cookie-only or admin routes, and non-admins cannot create tokens', async () => {
    const officer = await t.login('officer');
    assert.equal((await officer.post('/api/tokens', { name: 'x', orgUnit: 'HN' })).statusCode, 403);
    const admin = await t.login('admin');
    const { token } = (await admin.post('/api/tokens', { name: 'y', orgUnit: 'HN' })).json();
    assert.equal((await t.anonymous.get('/api/users', { authorization: `Bearer ${token}` })).statusCode, 403);
    assert.equal((await t.anonymous.get('/api/users', { authorization: 'Bearer tdk_wrong' })).statusCode, 401);
  });
});
