import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, type TestApp } from '../testing/test-app.ts';
import { DEFAULT_DEMO_PASSWORD, DEMO_ACCOUNTS, seedDemo } from './seed.ts';

describe('the demo agency', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp({ env: { DEMO: 'true' } });
  });
  after(() => t.close());

  test('seeds once, with a login per role, and a second run does nothing', async () => {
    const first = await seedDemo(t.db, { today: '2026-11-23' });
    assert.equal(first.seeded, true);
    const second = await seedDemo(t.db, { today: '2026-11-23' });
    assert.equal(second.seeded, false);
    const { rows } = await t.db.query<{ username: string; roles: string[] }>(
      `SELECT u.username, array_agg(ra.role ORDER BY ra.role) AS roles FROM app_user u JOIN role_assignment ra ON ra.user_id = u.id GROUP BY u.username`,
    );
    assert.equal(rows.length, DEMO_ACCOUNTS.length);
  });

  test('the sign-in page can point to the documented demo login (no password in the answer), and it works', async () => {
    const health = (await t.anonymous.get('/api/health')).json();
    assert.deepEqual(health.demo, { username: 'admin', documentedLogin: true });
    const res = await t.anonymous.post('/api/auth/login', { username: 'admin', password: DEFAULT_DEMO_PASSWORD });
    assert.equal(res.statusCode, 200);
  });

  test('the officer of Hà Nội sees Hà Nội and not Đà Nẵng', async () => {
    const officer = await t.login('canbo.hanoi', DEFAULT_DEMO_PASSWORD);
    assert.equal((await officer.get('/api/orgUnits/01')).statusCode, 200);
    assert.equal((await officer.get('/api/orgUnits/48')).statusCode, 403);
  });

  test('leadership sees the published targets with values', async () => {
    const leader = await t.login('lanhdao', DEFAULT_DEMO_PASSWORD);
    const res = await leader.get('/api/targets');
    assert.equal(res.statusCode, 200, res.body);
    const body = res.json();
    const items: { latest?: unknown }[] = Array.isArray(body) ? body : body.items;
    assert.ok(items.length >= 5, `targets: ${items.length}`);
  });
});
