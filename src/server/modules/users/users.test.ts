import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, insertOrgUnit, TEST_PASSWORD, type TestApp } from '../../testing/test-app.ts';

describe('users, roles and scopes', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp();
    await insertOrgUnit(t.db, 'VN', 'Việt Nam', null);
    await insertOrgUnit(t.db, 'HN', 'Hà Nội', 'VN');
    await insertOrgUnit(t.db, 'DN', 'Đà Nẵng', 'VN');
    await t.createUser('admin', [{ role: 'ADMIN', orgUnit: null }]);
    await t.createUser('admin.hn', [{ role: 'ADMIN', orgUnit: 'HN' }]);
    await t.createUser('officer.hn', [{ role: 'REPORTING_OFFICER', orgUnit: 'HN' }]);
  });
  after(() => t.close());

  test('an administrator creates a user with a scoped role; the write is audited without the password', async () => {
    const admin = await t.login('admin');
    const res = await admin.post('/api/users', {
      username: 'canbo.dn',
      displayName: 'Cán bộ Đà Nẵng',
      password: 'mot-mat-khau-dai',
      roles: [{ role: 'REPORTING_OFFICER', orgUnit: 'DN' }],
    });
    assert.equal(res.statusCode, 201, res.body);
    const user = res.json();
    assert.equal(user.roles[0].orgUnitCode, 'DN');
    assert.equal(user.mustChangePassword, true);
    const audit = await admin.get(`/api/audit?objectType=user&objectId=${user.id}`);
    assert.equal(audit.statusCode, 200);
    const entry = audit.json().items.find((i: { action: string }) => i.action === 'user.create');
    assert.ok(entry);
    assert.equal(entry.username, 'admin');
    assert.doesNotMatch(JSON.stringify(entry), /mot-mat-khau-dai|argon2/);
    // The new user can sign in.
    const login = await t.anonymous.post('/api/auth/login', { username: 'canbo.dn', password: 'mot-mat-khau-dai' });
    assert.equal(login.statusCode, 200);
  });

  test('a provincial administrator cannot hand out roles outside the province, nor system-wide ones', async () => {
    const adminHn = await t.login('admin.hn');
    const outside = await adminHn.post('/api/users', { username: 'x1a', displayName: 'X', password: 'mot-mat-khau-dai', roles: [{ role: 'LEADER', orgUnit: 'DN' }] });
    assert.equal(outside.statusCode, 403);
    const global = await adminHn.post('/api/users', { username: 'x2a', displayName: 'X', password: 'mot-mat-khau-dai', roles: [{ role: 'LEADER', orgUnit: null }] });
    assert.equal(global.statusCode, 403);
    const inside = await adminHn.post('/api/users', { username: 'x3a', displayName: 'X', password: 'mot-mat-khau-dai', roles: [{ role: 'LEADER', orgUnit: 'HN' }] });
    assert.equal(inside.statusCode, 201, inside.body);
    // Its user list shows only users wholly inside its subtree.
    const list = (await adminHn.get('/api/users')).json();
    const names = list.items.map((u: { username: string }) => u.username);
    assert.ok(names.includes('x3a') && names.includes('officer.hn'));
    assert.ok(!names.includes('admin') && !names.includes('canbo.dn'));
  });

  test('user search ignores diacritics and case', async () => {
    const admin = await t.login('admin');
    for (const q of ['can bo da nang', 'CÁN BỘ ĐÀ', 'Đà Nẵng']) {
      const names = (await admin.get(`/api/users?q=${encodeURIComponent(q)}`)).json().items.map((u: { username: string }) => u.username);
      assert.deepEqual(names, ['canbo.dn'], q);
    }
  });

  test('a reporting officer cannot manage users', async () => {
    const officer = await t.login('officer.hn');
    assert.equal((await officer.get('/api/users')).statusCode, 403);
    assert.equal((await t.anonymous.get('/api/users')).statusCode, 401);
  });

  test('password reset by an administrator ends sessions and forces a change', async () => {
    const admin = await t.login('admin');
    const officer = await t.login('officer.hn');
    const id = (await officer.get('/api/auth/me')).json().user.id;
    const short = await admin.post(`/api/users/${id}/reset-password`, { newPassword: 'ngan' });
    assert.equal(short.statusCode, 400);
    assert.equal(short.json().error.details[0].path, 'body.newPassword');
    assert.match(short.json().error.details[0].message, /ít nhất 10 ký tự/);
    const res = await admin.post(`/api/users/${id}/reset-password`, { newPassword: 'mat-khau-moi-123' });
    assert.equal(res.statusCode, 204);
    assert.equal((await officer.get('/api/auth/me')).statusCode, 401);
    assert.equal((await t.anonymous.post('/api/auth/login', { username: 'officer.hn', password: TEST_PASSWORD })).statusCode, 401);
    const again = await t.login('officer.hn', 'mat-khau-moi-123');
    assert.equal((await again.get('/api/auth/me')).json().user.mustChangePassword, true);
    const changed = await again.post('/api/auth/password', { currentPassword: 'mat-khau-moi-123', newPassword: 'mat-khau-cua-toi-1' });
    assert.equal(changed.statusCode, 204);
    assert.equal((await again.get('/api/auth/me')).json().user.mustChangePassword, false);
  });
});
