import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createReportingWorld, type ReportingWorld } from '../regimes/test-fixtures.ts';

describe('values written through the data-values API: live in analytics, evaluated for alerts', () => {
  let w: ReportingWorld;
  before(async () => {
    w = await createReportingWorld();
    const indicator = await w.admin.post('/api/indicators', { code: 'DT', nameVi: 'Doanh thu', numerator: '#{DOANH_THU}' });
    assert.equal(indicator.statusCode, 201, indicator.body);
    const rule = await w.admin.post('/api/alert-rules', { code: 'DT_CAO', nameVi: 'Doanh thu vượt 1.000', type: 'THRESHOLD', indicator: 'DT', operator: '>', threshold: 1000, orgUnit: 'VN', level: 2 });
    assert.equal(rule.statusCode, 201, rule.body);
  });
  after(() => w.t.close());

  test('a value accepted is in the next analytics query, for the unit and the country', async () => {
    const write = await w.admin.post('/api/dataValues', { dataElement: 'DOANH_THU', period: '202302', orgUnit: 'HN', value: 5000 });
    assert.ok(write.statusCode < 300, write.body);
    const res = await w.admin.get('/api/analytics?dimension=dx:DOANH_THU;DT&dimension=pe:202302&dimension=ou:HN;VN');
    assert.deepEqual(res.json().rows.map((r: string[]) => r.join(' ')).sort(), ['DOANH_THU 202302 HN 5000', 'DOANH_THU 202302 VN 5000', 'DT 202302 HN 5000', 'DT 202302 VN 5000']);
  });

  test('the threshold rule is evaluated right after the write committed', async () => {
    let items: { orgUnitCode: string; period: string; value: number }[] = [];
    for (let i = 0; i < 50 && items.length === 0; i++) {
      await new Promise((r) => setTimeout(r, 100));
      items = (await w.admin.get('/api/alerts?type=THRESHOLD')).json().items;
    }
    assert.deepEqual(items.map((a) => [a.orgUnitCode, a.period, a.value]), [['HN', '202302', 5000]]);
  });
});
