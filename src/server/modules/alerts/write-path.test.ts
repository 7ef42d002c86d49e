import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createReportingWorld, type ReportingWorld } from '../regimes/test-fixtures.ts';

describe('values written through the data-values API: live for the unit, counted for leadership once submitted, evaluated for alerts', () => {
  let w: ReportingWorld;
  before(async () => {
    w = await createReportingWorld();
    const indicator = await w.admin.post('/api/indicators', { code: 'DT', nameVi: 'Doanh thu', numerator: '#{DOANH_THU}' });
    assert.equal(indicator.statusCode, 201, indicator.body);
    const rule = await w.admin.post('/api/alert-rules', {
      code: 'DT_CAO',
      nameVi: 'Doanh thu vượt 1.000',
      type: 'THRESHOLD',
      indicator: 'DT',
      operator: '>',
      threshold: 1000,
      orgUnit: 'VN',
      level: 2,
    });
    assert.equal(rule.statusCode, 201, rule.body);
  });
  after(() => w.t.close());

  test('a value accepted is in the next analytics query of all accepted data; submitted, it counts for leadership', async () => {
    const write = await w.admin.post('/api/dataValues', { dataElement: 'DOANH_THU', period: '202302', orgUnit: 'HN', value: 5000 });
    assert.ok(write.statusCode < 300, write.body);
    const q = 'dimension=dx:DOANH_THU;DT&dimension=pe:202302&dimension=ou:HN;VN';
    const live = await w.admin.get(`/api/analytics?${q}&dataStatus=ALL&coverage=false`);
    assert.equal(live.json().metaData.dataStatus, 'ALL');
    assert.deepEqual(
      live
        .json()
        .rows.map((r: string[]) => r.join(' '))
        .sort(),
      ['DOANH_THU 202302 HN 5000', 'DOANH_THU 202302 VN 5000', 'DT 202302 HN 5000', 'DT 202302 VN 5000'],
    );
    // A draft never reaches leadership's default figures.
    const draft = await w.admin.get(`/api/analytics?${q}`);
    assert.equal(draft.json().metaData.dataStatus, 'SUBMITTED');
    assert.deepEqual(draft.json().rows, []);
    assert.deepEqual((await w.admin.get('/api/alerts?type=THRESHOLD')).json().items, []);

    assert.ok((await w.admin.post('/api/dataValues', { dataElement: 'TB_DI_DONG', period: '202302', orgUnit: 'HN', value: 100 })).statusCode < 300);
    const submit = await w.admin.post('/api/regimes/BC_THANG/submit', { orgUnit: 'HN', period: '202302' });
    assert.equal(submit.statusCode, 200, submit.body);
    const res = await w.admin.get(`/api/analytics?${q}`);
    // HN sent its report; the country expects HN, HP and the old province (the new one opens in 2025): 1 of 3.
    assert.deepEqual(
      res
        .json()
        .rows.map((r: string[]) => r.join(' '))
        .sort(),
      ['DOANH_THU 202302 HN 5000 1 1 1', 'DOANH_THU 202302 VN 5000 1 3 0.3333', 'DT 202302 HN 5000 1 1 1', 'DT 202302 VN 5000 1 3 0.3333'],
    );
  });

  test('the threshold rule is evaluated right after the report was submitted', async () => {
    let items: { orgUnitCode: string; period: string; value: number }[] = [];
    for (let i = 0; i < 50 && items.length === 0; i++) {
      await new Promise((r) => setTimeout(r, 100));
      items = (await w.admin.get('/api/alerts?type=THRESHOLD')).json().items;
    }
    assert.deepEqual(
      items.map((a) => [a.orgUnitCode, a.period, a.value]),
      [['HN', '202302', 5000]],
    );
  });
});
