import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, insertOrgUnit, TEST_PASSWORD, type TestApp } from '../../testing/test-app.ts';

describe('sign-in, sessions, CSRF and lockout', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp({ env: { LOGIN_MAX_FAILURES: '3' } });
    await insertOrgUnit(t.db, 'VN', 'Việt Nam', null);
    await t.createUser('admin', [{ role: 'ADMIN', orgUnit: null }]);
    await t.createUser('locked', [{ role: 'LEADER', orgUnit: 'VN' }]);
  });
  after(() => t.close());

  test('login sets an HttpOnly SameSite=Lax session cookie and returns a CSRF token', async () => {
    const res = await t.anonymous.post('/api/auth/login', { username: 'admin', password: TEST_PASSWORD });
    assert.equal(res.statusCode, 200);
    const session = res.cookies.find((c) => c.name === 'tiendo_session');
    assert.ok(session);
    assert.equal(session.httpOnly, true);
    assert.equal(session.sameSite, 'Lax');
    assert.ok(res.json().csrfToken);
    assert.equal(res.json().user.username, 'admin');
  });

  test('stored passwords are argon2id hashes', async () => {
    const { rows } = await t.db.query<{ password_hash: string }>("SELECT password_hash FROM app_user WHERE username = 'admin'");
    assert.match(rows[0].password_hash, /^\$argon2id\$/);
  });

  test('wrong password is 401 with a bilingual message; the same answer for an unknown user', async () => {
    const wrong = await t.anonymous.post('/api/auth/login', { username: 'admin', password: 'sai-mat-khau' });
    assert.equal(wrong.statusCode, 401);
    assert.equal(wrong.json().error.code, 'INVALID_CREDENTIALS');
    assert.equal(wrong.json().error.message, 'Sai tên đăng nhập hoặc mật khẩu');
    const unknown = await t.anonymous.post('/api/auth/login', { username: 'khong-co', password: 'x' }, { 'accept-language': 'en' });
    assert.equal(unknown.statusCode, 401);
    assert.equal(unknown.json().error.message, 'Wrong username or password');
  });

  test('repeated failures lock the account even for the right password', async () => {
    for (let i = 0; i < 3; i++) await t.anonymous.post('/api/auth/login', { username: 'locked', password: 'wrong-password' });
    const res = await t.anonymous.post('/api/auth/login', { username: 'locked', password: TEST_PASSWORD });
    assert.equal(res.statusCode, 423);
    assert.equal(res.json().error.code, 'ACCOUNT_LOCKED');
    const audit = await t.db.query("SELECT action FROM audit_log WHERE action = 'auth.lockout'");
    assert.equal(audit.rowCount, 1);
  });

  test('a cookie-authenticated write without the CSRF header is refused', async () => {
    const admin = await t.login('admin');
    const res = await admin.post('/api/auth/password', { currentPassword: TEST_PASSWORD, newPassword: 'a-new-password-1' }, { 'x-csrf-token': 'forged' });
    assert.equal(res.statusCode, 403);
    assert.equal(res.json().error.code, 'CSRF_FAILED');
  });

  test('me, logout, and the session is gone afterwards', async () => {
    const admin = await t.login('admin');
    const me = await admin.get('/api/auth/me');
    assert.equal(me.statusCode, 200);
    assert.ok(me.json().permissions.includes('user.manage'));
    assert.equal((await admin.post('/api/auth/logout')).statusCode, 204);
    assert.equal((await admin.get('/api/auth/me')).statusCode, 401);
  });

  test('bad input: malformed JSON, unknown fields and wrong types name the field', async () => {
    const malformed = await t.anonymous.request({ method: 'POST', url: '/api/auth/login', payload: '{"username":', headers: { 'content-type': 'application/json' } });
    assert.equal(malformed.statusCode, 400);
    assert.equal(malformed.json().error.code, 'MALFORMED_JSON');
    const unknown = await t.anonymous.post('/api/auth/login', { username: 'a', password: 'b', extra: 1 }, { 'accept-language': 'en' });
    assert.equal(unknown.statusCode, 400);
    assert.match(JSON.stringify(unknown.json().error.details), /extra/);
    const wrongType = await t.anonymous.post('/api/auth/login', { username: 5, password: 'b' });
    assert.equal(wrongType.statusCode, 400);
    assert.equal(wrongType.json().error.details[0].path, 'body.username');
    const notFound = await t.anonymous.get('/api/khong-co');
    assert.equal(notFound.statusCode, 404);
    assert.equal(notFound.json().error.code, 'ROUTE_NOT_FOUND');
  });
});

describe('session lifetime follows the application clock', () => {
  let t: TestApp;
  let now = new Date('2026-03-01T08:00:00Z');
  before(async () => {
    t = await createTestApp({ clock: () => now, env: { SESSION_TTL_HOURS: '2' } });
    await t.createUser('officer', []);
  });
  after(() => t.close());

  test('a session ends when its lifetime has passed', async () => {
    const officer = await t.login('officer');
    now = new Date('2026-03-01T09:30:00Z');
    assert.equal((await officer.get('/api/auth/me')).statusCode, 200);
    now = new Date('2026-03-01T10:30:00Z');
    assert.equal((await officer.get('/api/auth/me')).statusCode, 401);
  });
});
