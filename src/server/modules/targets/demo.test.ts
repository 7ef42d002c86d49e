import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, type TestApp, type TestClient } from '../../testing/test-app.ts';
import { seedDemoOrgUnits } from '../org-units/seed.ts';
import { seedDemoReporting } from '../reporting-demo/seed.ts';
import { seedDemoAlertRules } from '../alerts/demo.ts';
import { DEMO_INDICATORS, DEMO_TARGETS, seedDemoIndicatorsAndTargets } from './demo.ts';

interface TargetView {
  indicatorCode: string;
  targetPeriod: string;
  targetValue: number;
  baselineValue: number | null;
  status: string;
  latest: { period: string; value: number } | null;
  forecast: { method: string; value: number; lower: number | null; upper: number | null } | null;
  sourceDocument: string;
  ownerOrgUnitCode: string;
  series: { period: string; value: number }[];
}

describe('demo indicators and MIC targets over the demo history', () => {
  let t: TestApp;
  let admin: TestClient;
  let now: Date;
  before(async () => {
    now = new Date();
    t = await createTestApp({ clock: () => now });
    await seedDemoOrgUnits(t.db);
    await seedDemoReporting(t.db, { today: '2025-09-10' });
    const first = await seedDemoIndicatorsAndTargets(t.db);
    assert.deepEqual(first, { indicators: DEMO_INDICATORS.length, targets: DEMO_TARGETS.length });
    assert.deepEqual(await seedDemoIndicatorsAndTargets(t.db), { indicators: 0, targets: 0 });
    assert.equal(await seedDemoAlertRules(t.db), 5);
    await t.createUser('admin', [{ role: 'ADMIN', orgUnit: null }]);
    admin = await t.login('admin');
    now = new Date('2025-09-10T08:00:00Z');
  });
  after(() => t.close());

  test('every target has a baseline, a latest value, a status and its source document', async () => {
    const targets = (await admin.get('/api/targets')).json() as TargetView[];
    assert.equal(targets.length, DEMO_TARGETS.length);
    for (const target of targets) {
      assert.ok(target.latest, `${target.indicatorCode} ${target.targetPeriod} has no value`);
      assert.notEqual(target.status, 'NO_DATA');
      assert.ok(target.sourceDocument.length > 20);
      assert.ok(target.ownerOrgUnitCode?.startsWith('BTTTT-'), `owner ${target.ownerOrgUnitCode}`);
    }
    const kts2030 = targets.find((x) => x.indicatorCode === 'TL_KTS_GDP' && x.targetPeriod === '2030') as TargetView;
    assert.match(kts2030.sourceDocument, /411\/QĐ-TTg ngày 31\/3\/2022/);
    // Yearly GDP data (2023, 2024): the forecast runs on years; two points give a line and no interval yet.
    assert.equal(kts2030.forecast?.method, 'LINEAR_TREND');
    assert.equal(kts2030.baselineValue !== null && kts2030.baselineValue > 5, true);
    assert.ok(kts2030.series.every((p) => /^\d{4}$/.test(p.period)), JSON.stringify(kts2030.series));
    const accounts = targets.find((x) => x.indicatorCode === 'TL_TK_NEN_TANG_VN') as TargetView;
    // A 2023 target seen in 2025: judged on December 2023, no forecast needed.
    assert.equal(accounts.latest?.period, '202312');
    assert.equal(accounts.forecast, null);
    assert.ok(['ACHIEVED', 'OFF_TRACK'].includes(accounts.status));
  });

  test('the country figure of an indicator is the ratio of the provinces’ sums, lineage included', async () => {
    const res = await admin.get('/api/analytics?dimension=dx:TL_GO_ND_XAU;ND_XAU_DA_GO;ND_XAU_YEU_CAU&dimension=pe:2024&dimension=ou:VN&skipRounding=true');
    assert.equal(res.statusCode, 200, res.body);
    const rows = res.json().rows as string[][];
    const get = (dx: string) => Number(rows.find((r) => r[0] === dx)?.[3]);
    assert.ok(Math.abs(get('TL_GO_ND_XAU') - (get('ND_XAU_DA_GO') / get('ND_XAU_YEU_CAU')) * 100) < 1e-9);
    // 2024 data was reported by the 63 old provinces; the new provinces show it.
    const newProvinces = await admin.get('/api/analytics?dimension=dx:ND_XAU_YEU_CAU&dimension=pe:2024&dimension=ou:VN;LEVEL-2');
    const body = newProvinces.json();
    assert.ok(body.metaData.lineage.length >= 20, `lineage notes: ${body.metaData.lineage.length}`);
    const total = (body.rows as string[][]).reduce((s, r) => s + Number(r[3]), 0);
    assert.equal(total, get('ND_XAU_YEU_CAU'));
  });

  test('a scheduled evaluation raises target and late-report alerts on the demo', async () => {
    const summary = (await admin.post('/api/alerts/evaluate')).json();
    assert.ok(summary.rules >= 4);
    const alerts = (await admin.get('/api/alerts?limit=1000')).json();
    assert.ok(alerts.total > 0);
    const types = new Set(alerts.items.map((a: { type: string }) => a.type));
    assert.ok(types.has('REPORT_LATE'), [...types].join(','));
  });
});
