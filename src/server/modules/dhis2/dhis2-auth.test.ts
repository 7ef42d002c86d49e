// DHIS2 clients sign in as they do against DHIS2: HTTP Basic with a user name and password, or a personal
// access token in DHIS2's header form; then they ask /api/me and /api/system/info, often on a versioned path.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createReportingWorld, type ReportingWorld } from '../regimes/test-fixtures.ts';
import { TEST_PASSWORD } from '../../testing/test-app.ts';

const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

describe('DHIS2 sign-in: HTTP Basic and ApiToken', () => {
  let w: ReportingWorld;
  let token: string;
  const get = (url: string, headers: Record<string, string>) => w.t.app.inject({ method: 'GET', url, headers });
  before(async () => {
    w = await createReportingWorld({ env: { BASIC_AUTH: 'on', LOGIN_MAX_FAILURES: '3' } });
    await w.t.createUser('canbo.hn', [{ role: 'REPORTING_OFFICER', orgUnit: 'HN' }]);
    await w.t.createUser('lock.me', [{ role: 'REPORTING_OFFICER', orgUnit: 'HN' }]);
    token = (await w.admin.post('/api/tokens', { name: 'dhis2-hn', orgUnit: 'HN' })).json().token;
  });
  after(() => w.t.close());

  test('Basic: a DHIS2 client reads /api/me (plain and versioned with .json) and writes without a cookie or CSRF header', async () => {
    const auth = basic('canbo.hn', TEST_PASSWORD);
    for (const url of ['/api/me', '/api/41/me.json', '/api/me.json', '/api/33/me']) {
      const res = await get(url, { authorization: auth });
      assert.equal(res.statusCode, 200, `${url}: ${res.body}`);
      const me = res.json();
      assert.equal(me.username, 'canbo.hn');
      assert.deepEqual(
        me.organisationUnits.map((u: { id: string }) => u.id),
        ['HN'],
      );
      assert.ok(me.authorities.includes('F_DATAVALUE_ADD'));
      assert.equal(res.cookies.length, 0, 'no session is opened');
    }
    const write = await w.t.app.inject({
      method: 'POST',
      url: '/api/41/dataValueSets',
      headers: { authorization: auth, 'content-type': 'application/json' },
      payload: { dataValues: [{ dataElement: 'DOANH_THU', period: '202302', orgUnit: 'HN', value: '12' }] },
    });
    assert.equal(write.statusCode, 200, write.body);
    assert.equal(write.json().response.importCount.imported, 1);
    const audit = await w.t.db.query<{ action: string }>(`SELECT action FROM audit_log WHERE username = 'canbo.hn' ORDER BY id`);
    assert.deepEqual(
      audit.rows.map((r) => r.action),
      ['auth.basic', 'dataValues.write'],
      'one sign-in per process and password, then the write',
    );
  });

  test('Basic: a wrong password is 401 without a browser challenge, and repeated failures lock the name like the sign-in page', async () => {
    const wrong = await get('/api/me', { authorization: basic('lock.me', 'sai-mat-khau-1') });
    assert.equal(wrong.statusCode, 401);
    assert.equal(wrong.json().error.code, 'INVALID_CREDENTIALS');
    assert.equal(wrong.headers['www-authenticate'], undefined, 'no WWW-Authenticate: a browser never caches these credentials');
    await get('/api/me', { authorization: basic('lock.me', 'sai-mat-khau-2') });
    await get('/api/me', { authorization: basic('lock.me', 'sai-mat-khau-3') });
    const locked = await get('/api/me', { authorization: basic('lock.me', TEST_PASSWORD) });
    assert.equal(locked.statusCode, 423, locked.body);
    assert.equal(locked.json().error.code, 'ACCOUNT_LOCKED');
    const login = await w.t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'lock.me', password: TEST_PASSWORD } });
    assert.equal(login.statusCode, 423, 'the sign-in page sees the same lock');
  });

  test('Basic: a new password ends the remembered one in this process at once', async () => {
    await w.t.createUser('doi.mk', [{ role: 'REPORTING_OFFICER', orgUnit: 'HN' }]);
    assert.equal((await get('/api/me', { authorization: basic('doi.mk', TEST_PASSWORD) })).statusCode, 200);
    const id = (await w.t.db.query<{ id: number }>(`SELECT id FROM app_user WHERE username = 'doi.mk'`)).rows[0].id;
    const reset = await w.admin.post(`/api/users/${id}/reset-password`, { newPassword: 'mat-khau-moi-hoan-toan' });
    assert.ok(reset.statusCode < 300, reset.body);
    assert.equal((await get('/api/me', { authorization: basic('doi.mk', TEST_PASSWORD) })).statusCode, 401);
  });

  test('Basic: a malformed header is refused by name', async () => {
    const res = await get('/api/me', { authorization: `Basic ${Buffer.from('no-colon').toString('base64')}` });
    assert.equal(res.statusCode, 401);
    assert.equal(res.json().error.details[0].path, 'headers.authorization');
  });

  test('ApiToken: the personal access token header DHIS2 documents works like Bearer', async () => {
    const me = await get('/api/me', { authorization: `ApiToken ${token}` });
    assert.equal(me.statusCode, 200, me.body);
    assert.deepEqual(
      me.json().organisationUnits.map((u: { id: string }) => u.id),
      ['HN'],
    );
    const bad = await get('/api/me', { authorization: 'ApiToken d2pat_not-a-real-token' });
    assert.equal(bad.statusCode, 401);
    assert.equal(bad.json().error.code, 'INVALID_TOKEN');
    const other = await get('/api/me', { authorization: 'Digest abc' });
    assert.equal(other.statusCode, 401);
    assert.match(other.json().error.message, /ApiToken/);
  });

  test('/api/system/info answers the API level clients check and the server time zone', async () => {
    const res = await get('/api/41/system/info.json', { authorization: `ApiToken ${token}` });
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.json().version, '2.41.0');
    assert.equal(res.json().serverTimeZoneId, 'Asia/Ho_Chi_Minh');
    assert.equal((await w.t.anonymous.get('/api/system/info')).statusCode, 401);
  });

  test('a path with an API version DHIS2 2.41 does not answer is not found', async () => {
    const res = await get('/api/99/me', { authorization: `ApiToken ${token}` });
    assert.equal(res.statusCode, 404);
  });
});

describe('DHIS2 sign-in: HTTP Basic only over https by default', () => {
  test('refused over http, accepted behind the https proxy PUBLIC_URL names, refused everywhere when off', async () => {
    const w = await createReportingWorld({ env: { PUBLIC_URL: 'https://tiendo.example.vn' } });
    try {
      await w.t.createUser('canbo', [{ role: 'REPORTING_OFFICER', orgUnit: 'HN' }]);
      const plain = await w.t.app.inject({ method: 'GET', url: '/api/me', headers: { authorization: basic('canbo', TEST_PASSWORD) } });
      assert.equal(plain.statusCode, 401);
      assert.equal(plain.json().error.code, 'BASIC_AUTH_NEEDS_HTTPS');
      const viaProxy = await w.t.app.inject({ method: 'GET', url: '/api/me', headers: { authorization: basic('canbo', TEST_PASSWORD), 'x-forwarded-proto': 'https' } });
      assert.equal(viaProxy.statusCode, 200, viaProxy.body);
    } finally {
      await w.t.close();
    }
    const off = await createReportingWorld({ env: { BASIC_AUTH: 'off' } });
    try {
      const res = await off.t.app.inject({ method: 'GET', url: '/api/me', headers: { authorization: basic('admin', TEST_PASSWORD) } });
      assert.equal(res.json().error.code, 'BASIC_AUTH_DISABLED');
    } finally {
      await off.t.close();
    }
  });
});
