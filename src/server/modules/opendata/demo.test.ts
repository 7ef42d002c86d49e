import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';
import { seedDemoOrgUnits } from '../../demo/org-units.ts';
import { seedDemoReporting } from '../../demo/reporting.ts';
import { seedDemoIndicatorsAndTargets } from '../../demo/targets.ts';
import { DEMO_DATASETS, seedDemoOpenData } from './demo.ts';
import { dcatCatalog, sdmxJsonDataMessage } from './shapes.ts';

describe('demo open data: the 2023 strategic indicators in three datasets with monthly releases', () => {
  let t: TestApp;
  let seedMs = 0;
  before(async () => {
    t = await createTestApp({ clock: () => new Date('2026-01-10T00:00:00Z') });
    await seedDemoOrgUnits(t.db);
    await seedDemoReporting(t.db, { today: '2025-09-10' });
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
    dcatCatalog.parse((await t.anonymous.get('/api/public/opendata/catalog')).json());
    const sdmx = await t.anonymous.get('/api/public/opendata/datasets/HA_TANG_VIEN_THONG/data?format=sdmx-json');
    assert.equal(sdmx.statusCode, 200);
    sdmxJsonDataMessage.parse(sdmx.json());
    const page = (await t.anonymous.get('/api/public/opendata/datasets/NEN_TANG_SO_VN')).json();
    const country = page.observations.filter((o: { orgUnit: string; status: string }) => o.orgUnit === 'VN' && o.status !== 'M');
    assert.ok(country.length >= 6, `country figures of 2023: ${country.length}`);
  });

  test('the strategic targets on the published indicators are public with their progress and status', async () => {
    const { targets } = (await t.anonymous.get('/api/public/opendata/targets')).json();
    const byIndicator = new Map(targets.map((x: { indicator: { code: string } }) => [x.indicator.code, x]));
    for (const code of ['TL_TK_NEN_TANG_VN', 'TL_GO_ND_XAU']) {
      const x = byIndicator.get(code) as { latest: { period: string; value: number } | null; status: string; source: { version: number; lastPeriod: string }; targetPeriod: string } | undefined;
      assert.ok(x, `${code} is public`);
      assert.equal(x.source.version, 12);
      assert.equal(x.targetPeriod, '2023');
      assert.ok(x.latest && x.latest.period <= '202312', `${code}: ${JSON.stringify(x.latest)}`);
      assert.notEqual(x.status, 'NO_DATA', code);
    }
    // Targets on indicators no dataset publishes stay private.
    assert.ok(!byIndicator.has('TL_KTS_GDP'));
  });

  test('the May release revises April with a note, and version 4 keeps the April figure as first published', async () => {
    const v5 = (await t.anonymous.get('/api/public/opendata/datasets/GO_BO_NOI_DUNG_XAU?version=5')).json();
    assert.match(v5.revisionNote, /Điều chỉnh số liệu tháng 4\/2023/);
    const revised = v5.observations.filter((o: { revised: boolean }) => o.revised);
    assert.ok(revised.length >= 1, 'at least one April figure revised');
    assert.ok(revised.every((o: { period: string }) => o.period === '202304'));
    const v4 = (await t.anonymous.get('/api/public/opendata/datasets/GO_BO_NOI_DUNG_XAU?version=4')).json();
    for (const r of revised) {
      const first = v4.observations.find((o: { indicator: string; orgUnit: string; period: string }) => o.indicator === r.indicator && o.orgUnit === r.orgUnit && o.period === r.period);
      assert.equal(first.value, r.previousValue);
      assert.notEqual(first.value, r.value);
    }
  });
});
