import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, type TestApp, type TestClient } from '../testing/test-app.ts';
import { seedDemoOrgUnits } from './org-units.ts';
import { seedDemoTasks } from './tasks.ts';
import { seedDemoCommitments } from './commitments.ts';

describe('demo commitments: three officials of 2022, computed as met, partly met and not met', () => {
  let t: TestApp;
  let admin: TestClient;

  before(async () => {
    t = await createTestApp({ clock: () => new Date('2026-12-03T03:00:00Z') });
    await seedDemoOrgUnits(t.db);
    assert.ok((await seedDemoTasks(t.db)) > 0);
    await t.createUser('admin', [{ role: 'ADMIN', orgUnit: null }]);
    admin = await t.login('admin');
  });
  after(() => t.close());

  test('seeded once, with outcomes computed from the demo tasks and the reviewer verdicts', async () => {
    assert.equal(await seedDemoCommitments(t.db), 3);
    assert.equal(await seedDemoCommitments(t.db), 0);
    const list = (await admin.get('/api/commitments?dueYear=2023')).json();
    const byOfficial = Object.fromEntries(list.items.map((c: { officialName: string; outcome: string }) => [c.officialName, c.outcome]));
    assert.deepEqual(byOfficial, { 'Nguyễn Minh Hải': 'MET', 'Trần Thu Hà': 'PARTLY_MET', 'Phạm Đức Long': 'NOT_MET' });
    const long = list.items.find((c: { officialName: string }) => c.officialName === 'Phạm Đức Long');
    assert.match(long.results[0].reasons[0].reasonVi, /hoàn thành quá hạn \(15\/09\/2022, hạn 31\/08\/2022\)/);
    const ha = list.items.find((c: { officialName: string }) => c.officialName === 'Trần Thu Hà');
    const file = await admin.get(`/api/commitments/${ha.id}/evidence/${ha.results[1].evidence[0].id}`);
    assert.equal(file.statusCode, 200);
    assert.equal(file.headers['content-type'], 'application/pdf');
    // The verdict keeps the demo's date, after the period.
    assert.equal(new Date(ha.results[1].verdictAt).toISOString(), '2023-07-12T08:00:00.000Z');
  });
});
