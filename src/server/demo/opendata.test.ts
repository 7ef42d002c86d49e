import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, type TestApp } from '../testing/test-app.ts';
import { seedDemoOrgUnits } from './org-units.ts';
import { seedDemoReporting } from './reporting.ts';
import { seedDemoIndicatorsAndTargets } from './targets.ts';
import { seedDemoTakedown } from './takedown.ts';
import { DEMO_DATASETS, seedDemoOpenData } from './opendata.ts';

describe('demo open data: the 2023 strategic indicators in three datasets with monthly releases', () => {
  let t: TestApp;
  let seedMs = 0;
  before(async () => {
    t = await createTestApp({ clock: () => new Date('2026-01-10T00:00:00Z') });
    await seedDemoOrgUnits(t.db);
    await seedDemoReporting(t.db, { today: '2025-09-10' });
    await seedDemoTakedown(t.db);
    await seedDemoIndicatorsAndTargets(t.db);
    const started = Date.now();
    assert.deepEqual(await seedDemoOpenData(t.db), { datasets: 3, releases: 36 });
    seedMs = Date.now() - started;
    assert.deepEqual(await seedDemoOpenData(t.db), { datasets: 0, releases: 0 }, 'seeding twice adds nothing');
  });
  after(() => t.close());

  test('every dataset is public with twelve versions; the catalogue and the data validate', async () => {
    console.log(`demo open data seeded in ${seedMs} ms`);
    const list = (await t.anonymous.get('/api/public/opendata/datasets')).json();
    assert.deepEqual(list.datasets.map((d: { code: string }) => d.code).sort(), DEMO_DATASETS.map((d) => d.code).sort());
    assert.ok(list.datasets.every((d: { latestVersion: number }) => d.latestVersion === 12));
    // The catalogue and every SDMX-JSON message of these datasets are validated against the standards' own files in standards.test.ts.
    const page = (await t.anonymous.get('/api/public/opendata/datasets/NEN_TANG_SO_VN')).json();
    const country = page.observations.filter((o: { orgUnit: string; status: string }) => o.orgUnit === 'VN' && o.status !== 'M');
    assert.ok(country.length >= 6, `country figures of 2023: ${country.length}`);
  });

  test('the strategic targets on the published indicators are public with their progress and status', async () => {
    const { targets } = (await t.anonymous.get('/api/public/opendata/targets')).json();
    const byIndicator = new Map(targets.map((x: { indicator: { code: string } }) => [x.indicator.code, x]));
    for (const code of ['TL_TK_NEN_TANG_VN', 'TL_GO_BO_VU_VIEC']) {
      const x = byIndicator.get(code) as { latest: { period: string; value: number } | null; status: string; source: { version: number; lastPeriod: string }; targetPeriod: string } | undefined;
      assert.ok(x, `${code} is public`);
      assert.equal(x.source.version, 12);
      assert.equal(x.targetPeriod, '2023');
      assert.ok(x.latest && x.latest.period <= '202312', `${code}: ${JSON.stringify(x.latest)}`);
      assert.notEqual(x.status, 'NO_DATA', code);
    }
    // Targets on indicators no dataset publishes stay private; the provinces' typed removal rate has none.
    assert.ok(!byIndicator.has('TL_KTS_GDP'));
    assert.ok(!byIndicator.has('TL_GO_ND_XAU'));
    const removal = byIndicator.get('TL_GO_BO_VU_VIEC') as { orgUnit: { code: string }; targetValue: number };
    assert.equal(removal.orgUnit.code, 'BTTTT');
    assert.equal(removal.targetValue, 90);
  });

  test("the May release revises April from TikTok's late answers to April's cases; version 4 keeps the first figure", async () => {
    const v5 = (await t.anonymous.get('/api/public/opendata/datasets/GO_BO_NOI_DUNG_XAU?version=5')).json();
    assert.match(v5.revisionNote, /Điều chỉnh số liệu tháng 4\/2023: TikTok trả lời muộn/);
    type Obs = { indicator: string; orgUnit: string; period: string; value: number | null; revised: boolean; previousValue: number | null };
    const revised: Obs[] = v5.observations.filter((o: Obs) => o.revised);
    assert.ok(
      revised.every((o) => o.period === '202304'),
      JSON.stringify(revised),
    );
    // The ministry's removal rate and TikTok's went up; the 24-hour rate did not move (the answers were late).
    const key = (o: Obs) => `${o.indicator}@${o.orgUnit}`;
    assert.ok(
      revised.some((o) => key(o) === 'TL_GO_BO_VU_VIEC@BTTTT'),
      JSON.stringify(revised.map(key)),
    );
    assert.ok(revised.some((o) => key(o) === 'TL_GO_BO_TIKTOK@BTTTT'));
    assert.ok(!revised.some((o) => o.indicator === 'TL_GO_BO_24H'));
    const v4 = (await t.anonymous.get('/api/public/opendata/datasets/GO_BO_NOI_DUNG_XAU?version=4')).json();
    for (const r of revised) {
      const first = v4.observations.find((o: Obs) => o.indicator === r.indicator && o.orgUnit === r.orgUnit && o.period === r.period);
      assert.equal(first.value, r.previousValue);
      assert.ok(r.value! > first.value, `${key(r)}: ${first.value} → ${r.value}`);
    }
    // The revised figure is the cases' own: removed ÷ requested of April's cases as they stand now.
    const { rows } = await t.db.query<{ requests: number; removed: number; late: number }>(
      `SELECT count(*)::int AS requests, count(*) FILTER (WHERE outcome = 'REMOVED')::int AS removed,
              count(*) FILTER (WHERE outcome = 'REMOVED' AND acted_at >= '2023-06-01T00:00:00+07')::int AS late
         FROM takedown_case WHERE sent_at >= '2023-04-01T00:00:00+07' AND sent_at < '2023-05-01T00:00:00+07'`,
    );
    const april = v5.observations.find((o: Obs) => key(o) === 'TL_GO_BO_VU_VIEC@BTTTT' && o.period === '202304') as Obs;
    assert.ok(rows[0].late >= 1 && rows[0].late <= 5, `late answers: ${rows[0].late}`);
    assert.ok(Math.abs(april.value! - (rows[0].removed / rows[0].requests) * 100) < 0.05 + 1e-9, `${april.value} vs ${(rows[0].removed / rows[0].requests) * 100}`);
    assert.ok(Math.abs(april.previousValue! - ((rows[0].removed - rows[0].late) / rows[0].requests) * 100) < 0.05 + 1e-9);
  });
});
