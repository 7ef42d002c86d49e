import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { loadConfig } from '../../config.ts';
import { DEFAULT_DEMO_PASSWORD, seedDemo } from '../../demo/seed.ts';
import { createTestApp, insertOrgUnit, TEST_PASSWORD, type TestApp } from '../../testing/test-app.ts';

describe('demo credentials', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp({ env: { DEMO: 'true' } });
    await seedDemo(t.db, { today: '2026-11-23' });
  });
  after(() => t.close());

  test('the demo runs only when asked for, on either database', () => {
    assert.equal(loadConfig({}).demo, false);
    assert.equal(loadConfig({ DATABASE_URL: 'postgres://x@127.0.0.1/y' }).demo, false);
    assert.equal(loadConfig({ DEMO: 'true' }).demo, true);
  });

  test('signed-out health says it is the demo and names the documented login, without any password', async () => {
    const res = await t.anonymous.get('/api/health');
    assert.equal(res.statusCode, 200);
    assert.ok(!res.body.includes(DEFAULT_DEMO_PASSWORD), res.body);
    assert.deepEqual(res.json().demo, { username: 'admin', documentedLogin: true });
    const stored = await t.db.query<{ value: string }>("SELECT value::text AS value FROM app_setting WHERE key = 'demo'");
    assert.ok(!stored.rows[0].value.includes(DEFAULT_DEMO_PASSWORD), 'the password is not kept in the settings either');
  });

  test('no answer a signed-in administrator reads carries the password', async () => {
    const admin = await t.login('admin', DEFAULT_DEMO_PASSWORD);
    for (const url of ['/api/health', '/api/auth/me', '/api/users?limit=50', '/api/audit?limit=200']) {
      const res = await admin.get(url);
      assert.equal(res.statusCode, 200, `${url}: ${res.body}`);
      assert.ok(!res.body.includes(DEFAULT_DEMO_PASSWORD), url);
    }
  });

  test('once the demo administrator changed the password, the sign-in page no longer offers the documented one', async () => {
    const admin = await t.login('admin', DEFAULT_DEMO_PASSWORD);
    const res = await admin.post('/api/auth/password', { currentPassword: DEFAULT_DEMO_PASSWORD, newPassword: 'mat-khau-rieng-cua-toi' });
    assert.equal(res.statusCode, 204, res.body);
    assert.deepEqual((await t.anonymous.get('/api/health')).json().demo, { username: 'admin', documentedLogin: false });
  });

  test('an installation without the demo says nothing of one', async () => {
    const plain = await createTestApp();
    try {
      assert.equal((await plain.anonymous.get('/api/health')).json().demo, null);
    } finally {
      await plain.close();
    }
  });
});

describe('must change password, sessions, lockout of any name', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp({ env: { LOGIN_MAX_FAILURES: '3' } });
    await insertOrgUnit(t.db, 'VN', 'Việt Nam', null);
    await t.createUser('quan-tri', [{ role: 'ADMIN', orgUnit: null }]);
    await t.createUser('lanh-dao', [{ role: 'LEADER', orgUnit: 'VN' }]);
  });
  after(() => t.close());

  test('a user created by an administrator gets only what changing the password needs until it is changed', async () => {
    const admin = await t.login('quan-tri');
    const created = await admin.post('/api/users', { username: 'moi', displayName: 'Người mới', password: 'mat-khau-tam-thoi', roles: [{ role: 'LEADER', orgUnit: 'VN' }] });
    assert.equal(created.statusCode, 201, created.body);
    assert.equal(created.json().mustChangePassword, true);
    const fresh = await t.login('moi', 'mat-khau-tam-thoi');
    assert.equal((await fresh.get('/api/auth/me')).statusCode, 200);
    for (const [method, url] of [
      ['GET', '/api/orgUnits'],
      ['GET', '/api/targets'],
      ['GET', '/api/users/1'],
      ['POST', '/api/dataValueSets'],
    ] as const) {
      const res = await fresh.request({ method, url, payload: method === 'POST' ? { dataValues: [] } : undefined });
      assert.equal(res.statusCode, 403, `${method} ${url}: ${res.body}`);
      assert.equal(res.json().error.code, 'PASSWORD_CHANGE_REQUIRED');
    }
    const en = await fresh.get('/api/orgUnits', { 'accept-language': 'en' });
    assert.match(en.json().error.message, /change your password/i);
    assert.equal((await fresh.post('/api/auth/password', { currentPassword: 'mat-khau-tam-thoi', newPassword: 'mat-khau-cua-rieng-toi' })).statusCode, 204);
    assert.equal((await fresh.get('/api/orgUnits')).statusCode, 200);
  });

  test("changing a password ends the user's other sessions, and keeps the one that changed it", async () => {
    const laptop = await t.login('lanh-dao');
    const phone = await t.login('lanh-dao');
    assert.equal((await phone.get('/api/auth/me')).statusCode, 200);
    const res = await laptop.post('/api/auth/password', { currentPassword: TEST_PASSWORD, newPassword: 'mot-mat-khau-moi-1' });
    assert.equal(res.statusCode, 204, res.body);
    assert.equal((await phone.get('/api/auth/me')).statusCode, 401);
    assert.equal((await laptop.get('/api/auth/me')).statusCode, 200);
    await laptop.post('/api/auth/password', { currentPassword: 'mot-mat-khau-moi-1', newPassword: TEST_PASSWORD });
  });

  test('an unknown user name locks like a known one, so names cannot be told apart', async () => {
    const answers = async (username: string) => {
      const out: number[] = [];
      for (let i = 0; i < 5; i++) out.push((await t.anonymous.post('/api/auth/login', { username, password: 'doan-thu-sai' })).statusCode);
      return out;
    };
    const known = await answers('lanh-dao');
    const unknown = await answers('khong-ai-ten-nay');
    assert.deepEqual(known, [401, 401, 401, 423, 423]);
    assert.deepEqual(unknown, known);
    // Case does not open a fresh counter.
    assert.equal((await t.anonymous.post('/api/auth/login', { username: 'KHONG-AI-TEN-NAY', password: 'x' })).statusCode, 423);
    const locked = await t.anonymous.post('/api/auth/login', { username: 'khong-ai-ten-nay', password: 'x' }, { 'accept-language': 'en' });
    assert.equal(locked.json().error.code, 'ACCOUNT_LOCKED');
    await t.db.query("UPDATE app_user SET locked_until = NULL, failed_logins = 0 WHERE username = 'lanh-dao'");
  });

  test('attempts against a locked account are audited, known name or not', async () => {
    const { rows } = await t.db.query<{ action: string; user_id: number | null; after: { username: string } | null }>(
      "SELECT action, user_id, after FROM audit_log WHERE action IN ('auth.login_locked', 'auth.lockout') ORDER BY id",
    );
    const lockedKnown = rows.filter((r) => r.action === 'auth.login_locked' && r.user_id !== null);
    const lockedUnknown = rows.filter((r) => r.action === 'auth.login_locked' && r.user_id === null);
    assert.equal(lockedKnown.length, 2);
    assert.equal(lockedUnknown.length, 4);
    assert.equal(lockedUnknown[0].after?.username, 'khong-ai-ten-nay');
    assert.equal(rows.filter((r) => r.action === 'auth.lockout').length, 2);
  });
});
