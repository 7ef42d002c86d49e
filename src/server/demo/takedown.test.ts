import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, type TestApp, type TestClient } from '../testing/test-app.ts';
import { seedDemoOrgUnits } from './org-units.ts';
import { seedDemoIndicatorsAndTargets } from './targets.ts';
import { seedDemoTakedown } from './takedown.ts';

describe("the demo's 2023 takedown cases feed the '> 90 %' target", () => {
  let t: TestApp;
  let admin: TestClient;
  before(async () => {
    t = await createTestApp({ clock: () => new Date('2024-01-15T03:00:00Z') });
    await seedDemoOrgUnits(t.db);
    const started = Date.now();
    const first = await seedDemoTakedown(t.db);
    assert.equal(first.seeded, true);
    assert.ok(first.cases > 2000 && first.cases < 4000, `${first.cases} cases`);
    assert.ok(Date.now() - started < 30_000, 'the demo builds fast');
    assert.deepEqual(await seedDemoTakedown(t.db), { seeded: false, cases: 0 });
    await seedDemoIndicatorsAndTargets(t.db);
    await t.createUser('admin', [{ role: 'ADMIN', orgUnit: null }]);
    admin = await t.login('admin');
  });
  after(() => t.close());

  test('three platforms removed around 90–97 % of the items in 2023, with refusals, silence and late answers', async () => {
    const card = (await admin.get('/api/takedown/scorecard?year=2023')).json();
    assert.deepEqual(
      card.platforms.map((p: { code: string }) => p.code),
      ['FACEBOOK', 'YOUTUBE', 'TIKTOK'],
    );
    for (const p of card.platforms) {
      assert.ok(p.year.rates.removed >= 86 && p.year.rates.removed <= 97, `${p.code} ${p.year.rates.removed}`);
      assert.ok(p.year.refused > 0 && p.year.noAnswer > 0 && p.year.geoBlocked > 0, p.code);
      assert.ok(p.year.withinDeadline < p.year.removed + p.year.geoBlocked, `${p.code}: some answers came after 24 hours`);
    }
    assert.ok(card.total.year.rates.removed > 90 && card.total.year.rates.removed < 97, String(card.total.year.rates.removed));
  });

  test('the indicator the target reads is removed ÷ requested of the cases, at the ministry, month by month', async () => {
    const res = await admin.get('/api/analytics?dimension=dx:TL_GO_BO_VU_VIEC;TL_GO_BO_24H&dimension=pe:2023;202303&dimension=ou:BTTTT&skipRounding=true');
    assert.equal(res.statusCode, 200, res.body);
    const rows: string[][] = res.json().rows;
    const value = (dx: string, pe: string) => Number(rows.find((r) => r[0] === dx && r[1] === pe)![3]);
    const card = (await admin.get('/api/takedown/scorecard?year=2023&by=MONTH')).json();
    const march = card.total.periods.find((p: { period: string }) => p.period === '202303');
    assert.ok(Math.abs(value('TL_GO_BO_VU_VIEC', '202303') - (march.removed / march.requests) * 100) < 1e-9);
    assert.ok(Math.abs(value('TL_GO_BO_VU_VIEC', '2023') - (card.total.year.removed / card.total.year.requests) * 100) < 1e-9);
    assert.ok(Math.abs(value('TL_GO_BO_24H', '2023') - (card.total.year.withinDeadline / card.total.year.requests) * 100) < 1e-9);
    // The cases behind March's figure: listed by the same filters.
    const behind = (await admin.get('/api/takedown/cases?period=202303&outcome=REMOVED&limit=1')).json();
    assert.equal(behind.total, march.removed);
    const { rows: target } = await t.db.query<{ code: string }>(
      `SELECT ou.code FROM target tg JOIN indicator i ON i.id = tg.indicator_id JOIN org_unit ou ON ou.id = tg.org_unit_id WHERE i.code = 'TL_GO_BO_VU_VIEC'`,
    );
    assert.deepEqual(target, [{ code: 'BTTTT' }]);
  });

  test('a few channels are repeat offenders in their month', async () => {
    const oct = (await admin.get('/api/takedown/offenders?day=2023-10-20')).json();
    assert.ok(oct.items.some((o: { account: string }) => o.account === 'Tin.Nong.24h.Official'));
    const nov = (await admin.get('/api/takedown/offenders?day=2023-11-20&platform=TIKTOK')).json();
    assert.deepEqual(
      nov.items.map((o: { account: string }) => o.account),
      ['@baccarat.vip.vn'],
    );
  });
});
