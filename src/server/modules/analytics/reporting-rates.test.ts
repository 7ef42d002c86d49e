// DHIS2's DS.REPORTING_RATE and its siblings, with a report regime as the data set: counted by the coverage rule
// (a report holding a value of every element of the regime, submitted and approved data by default), on time
// by the regime's deadline (the report's is_late), and the rates as actual / expected × 100.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createReportingWorld, type ReportingWorld } from '../regimes/test-fixtures.ts';

describe('analytics: reporting rates of a report regime', () => {
  let w: ReportingWorld;
  const metrics = ['REPORTING_RATE', 'REPORTING_RATE_ON_TIME', 'ACTUAL_REPORTS', 'ACTUAL_REPORTS_ON_TIME', 'EXPECTED_REPORTS'];
  const dx = metrics.map((m) => `BC_DT.${m}`).join(';');
  const report = async (orgUnit: string, period: string, value: string, at: string) => {
    w.setNow(at);
    const saved = await w.admin.post('/api/dataValueSets', { dataValues: [{ dataElement: 'NGOAI', period, orgUnit, value }] });
    assert.equal(saved.json().response.importCount.imported, 1, saved.body);
    const submitted = await w.admin.post('/api/regimes/BC_DT/submit', { orgUnit, period });
    assert.equal(submitted.statusCode, 200, submitted.body);
  };

  before(async () => {
    w = await createReportingWorld();
    // A monthly regime of one element for two provinces, calendar cut-off: a month is due 5 days after it ends.
    const regime = await w.admin.post('/api/regimes', {
      code: 'BC_DT',
      nameVi: 'Báo cáo doanh thu tháng',
      nameEn: 'Monthly revenue report',
      periodType: 'MONTHLY',
      cutoffRule: 'CALENDAR',
      deadlineDays: 5,
      sections: [{ code: 'A', nameVi: 'Doanh thu', elements: [{ dataElement: 'NGOAI' }] }],
      assignments: [{ orgUnit: 'HN' }, { orgUnit: 'HP' }],
    });
    assert.equal(regime.statusCode, 201, regime.body);
    // January: Hà Nội on time (3/2, due 5/2), Hải Phòng late (20/2). February: Hà Nội only, on time.
    await report('HN', '202301', '10', '2023-02-03T03:00:00Z');
    await report('HP', '202301', '7', '2023-02-20T03:00:00Z');
    await report('HN', '202302', '12', '2023-03-02T03:00:00Z');
  });
  after(() => w.t.close());

  test('each metric per unit and month, and over both provinces', async () => {
    const res = await w.admin.get(`/api/analytics?dimension=dx:${dx}&dimension=pe:202301;202302&filter=ou:HN;HP&coverage=false`);
    assert.equal(res.statusCode, 200, res.body);
    const byCell = Object.fromEntries(res.json().rows.map((r: string[]) => [`${r[0]}|${r[1]}`, r[2]]));
    assert.deepEqual(byCell, {
      'BC_DT.REPORTING_RATE|202301': '100',
      'BC_DT.REPORTING_RATE|202302': '50',
      'BC_DT.REPORTING_RATE_ON_TIME|202301': '50',
      'BC_DT.REPORTING_RATE_ON_TIME|202302': '50',
      'BC_DT.ACTUAL_REPORTS|202301': '2',
      'BC_DT.ACTUAL_REPORTS|202302': '1',
      'BC_DT.ACTUAL_REPORTS_ON_TIME|202301': '1',
      'BC_DT.ACTUAL_REPORTS_ON_TIME|202302': '1',
      'BC_DT.EXPECTED_REPORTS|202301': '2',
      'BC_DT.EXPECTED_REPORTS|202302': '2',
    });
    assert.equal(res.json().metaData.items['BC_DT.REPORTING_RATE'].name, 'Báo cáo doanh thu tháng – Tỷ lệ báo cáo');
    // A quarter holds three monthly reports per unit: 3 of 6 are in (March has none).
    const quarter = await w.admin.get(`/api/analytics?dimension=dx:BC_DT.REPORTING_RATE;BC_DT.EXPECTED_REPORTS&dimension=ou:HN;HP&filter=pe:2023Q1&coverage=false&lang=en`);
    assert.deepEqual(quarter.json().rows, [
      ['BC_DT.REPORTING_RATE', 'HN', '66.67'],
      ['BC_DT.REPORTING_RATE', 'HP', '33.33'],
      ['BC_DT.EXPECTED_REPORTS', 'HN', '3'],
      ['BC_DT.EXPECTED_REPORTS', 'HP', '3'],
    ]);
    assert.equal(quarter.json().metaData.items['BC_DT.REPORTING_RATE'].name, 'Monthly revenue report – Reporting rate');
  });

  test('drafts do not count by default; dataStatus=ALL counts them (not on time: never submitted)', async () => {
    w.setNow('2023-04-02T03:00:00Z');
    const draft = await w.admin.post('/api/dataValueSets', { dataValues: [{ dataElement: 'NGOAI', period: '202303', orgUnit: 'HP', value: '3' }] });
    assert.equal(draft.json().response.importCount.imported, 1, draft.body);
    const q = '/api/analytics?dimension=dx:BC_DT.ACTUAL_REPORTS;BC_DT.ACTUAL_REPORTS_ON_TIME&dimension=pe:202303&dimension=ou:HP&coverage=false';
    const submitted = await w.admin.get(q);
    assert.equal(submitted.statusCode, 200, submitted.body);
    assert.deepEqual(submitted.json().rows, [
      ['BC_DT.ACTUAL_REPORTS', '202303', 'HP', '0'],
      ['BC_DT.ACTUAL_REPORTS_ON_TIME', '202303', 'HP', '0'],
    ]);
    const all = await w.admin.get(`${q}&dataStatus=ALL`);
    assert.deepEqual(all.json().rows, [
      ['BC_DT.ACTUAL_REPORTS', '202303', 'HP', '1'],
      ['BC_DT.ACTUAL_REPORTS_ON_TIME', '202303', 'HP', '0'],
    ]);
  });

  test('the regime by its UID; an unknown regime or metric is refused naming it', async () => {
    const uid = (await w.t.db.query<{ uid: string }>(`SELECT uid FROM report_regime WHERE code = 'BC_DT'`)).rows[0].uid;
    const res = await w.admin.get(`/api/analytics?dimension=dx:${uid}.REPORTING_RATE&dimension=pe:202301&dimension=ou:HN&coverage=false`);
    assert.equal(res.statusCode, 200, res.body);
    const hn = (await w.t.db.query<{ uid: string }>(`SELECT uid FROM org_unit WHERE code = 'HN'`)).rows[0].uid;
    assert.deepEqual(res.json().rows, [[`${uid}.REPORTING_RATE`, '202301', hn, '100']]);
    const unknown = await w.admin.get('/api/analytics?dimension=dx:BC_KHONG.REPORTING_RATE&dimension=pe:202301&dimension=ou:HN');
    assert.equal(unknown.statusCode, 409, unknown.body);
    assert.equal(unknown.json().errorCode, 'E7124');
    assert.equal(unknown.json().error.details[0].path, 'dx:BC_KHONG.REPORTING_RATE');
    const badMetric = await w.admin.get('/api/analytics?dimension=dx:BC_DT.REPORTING_RATES&dimension=pe:202301&dimension=ou:HN');
    assert.equal(badMetric.statusCode, 409, badMetric.body);
    assert.equal(badMetric.json().error.details[0].path, 'dx:BC_DT.REPORTING_RATES');
    // As a data value set, the item is named whole.
    const dvs = await w.admin.get('/api/analytics/dataValueSet?dimension=dx:BC_DT.ACTUAL_REPORTS&dimension=pe:202301&dimension=ou:HN');
    assert.equal(dvs.statusCode, 200, dvs.body);
    assert.deepEqual(dvs.json().dataValues[0].dataElement, 'BC_DT.ACTUAL_REPORTS');
    assert.deepEqual(dvs.json().dataValues[0].value, '1');
  });
});
