// DHIS2 analytics dimensions beyond dx/pe/ou items: startDate/endDate in place of pe, dimension=co and
// ELEMENT.* items, org unit groups (OU_GROUP-) and data element groups (DE_GROUP-, refused: the product has none).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createReportingWorld, DEFAULT_NOW, type ReportingWorld } from '../regimes/test-fixtures.ts';

describe('analytics: DHIS2 dimensions', () => {
  let w: ReportingWorld;
  const q = (rest: string) => `/api/analytics?dataStatus=ALL&coverage=false&${rest}`;
  const uid = async (table: string, code: string) => (await w.t.db.query<{ uid: string }>(`SELECT uid FROM ${table} WHERE code = $1`, [code])).rows[0].uid;
  const expectConflict = async (url: string, errorCode: string, path: string) => {
    const res = await w.admin.get(`${url}&lang=en`);
    assert.equal(res.statusCode, 409, `${url}: ${res.body}`);
    assert.equal(res.json().errorCode, errorCode, url);
    assert.equal(res.json().error.details[0].path, path, url);
    return res.json();
  };

  before(async () => {
    w = await createReportingWorld();
    await w.t.createUser('hn_leader', [{ role: 'LEADER', orgUnit: 'HN' }]);
    // January's report is sent while its period is still open.
    w.setNow('2023-02-05T03:00:00Z');
    const january = await w.admin.post('/api/dataValueSets', { dataValues: [{ dataElement: 'DOANH_THU', period: '202301', orgUnit: 'HN', value: '10' }] });
    assert.equal(january.json().response.importCount.imported, 1, january.body);
    w.setNow(DEFAULT_NOW);
    const res = await w.admin.post('/api/dataValueSets', {
      dataValues: [
        { dataElement: 'DOANH_THU', period: '202302', orgUnit: 'HN', value: '12' },
        { dataElement: 'DOANH_THU', period: '202303', orgUnit: 'HN', value: '30' },
        { dataElement: 'DOANH_THU', period: '202302', orgUnit: 'HP', value: '5' },
        { dataElement: 'DOANH_THU', period: '2023Q1', orgUnit: 'VIETTEL', value: '100' },
        { dataElement: 'ND_GO', categoryOptionCombo: 'FACEBOOK', period: '202302', orgUnit: 'HN', value: '7' },
        { dataElement: 'ND_GO', categoryOptionCombo: 'KHAC', period: '202302', orgUnit: 'HN', value: '2' },
        { dataElement: 'ND_GO', categoryOptionCombo: 'FACEBOOK', period: '202302', orgUnit: 'HP', value: '4' },
      ],
    });
    assert.equal(res.json().response.importCount.imported, 7, res.body);
  });
  after(() => w.t.close());

  test('startDate/endDate: every period inside the range, aggregated as one, with no pe column', async () => {
    const res = await w.admin.get(q('dimension=dx:DOANH_THU&dimension=ou:HN;HP;VIETTEL&startDate=2023-01-01&endDate=2023-02-28'));
    assert.equal(res.statusCode, 200, res.body);
    assert.deepEqual(
      res.json().headers.map((h: { name: string }) => h.name),
      ['dx', 'ou', 'value'],
    );
    // 202301 + 202302 for HN; the quarter 2023Q1 does not lie inside the range, so VIETTEL has nothing.
    assert.deepEqual(res.json().rows, [
      ['DOANH_THU', 'HN', '22'],
      ['DOANH_THU', 'HP', '5'],
    ]);
    assert.deepEqual(res.json().metaData.dimensions.pe, []);
    // The same figures as a pe filter of the months inside the range.
    const asFilter = await w.admin.get(q('dimension=dx:DOANH_THU&dimension=ou:HN;HP;VIETTEL&filter=pe:202301;202302'));
    assert.deepEqual(asFilter.json().rows, res.json().rows);
    // A period only partly inside the range is left out (January, and the quarter 2023Q1)…
    const mid = await w.admin.get(q('dimension=dx:DOANH_THU&dimension=ou:HN;VIETTEL&startDate=2023-01-15&endDate=2023-03-31'));
    assert.deepEqual(mid.json().rows, [['DOANH_THU', 'HN', '42']]);
    // …and one wholly inside counts, months and quarter alike.
    const quarter = await w.admin.get(q('dimension=dx:DOANH_THU&dimension=ou:HN;VIETTEL&startDate=2023-01-01&endDate=2023-03-31'));
    assert.deepEqual(quarter.json().rows, [
      ['DOANH_THU', 'HN', '52'],
      ['DOANH_THU', 'VIETTEL', '100'],
    ]);
    // Nothing inside: no rows.
    const none = await w.admin.get(q('dimension=dx:DOANH_THU&dimension=ou:HN&startDate=2023-01-02&endDate=2023-01-30'));
    assert.deepEqual(none.json().rows, []);
  });

  test('startDate/endDate count the trust rules and coverage over the whole range', async () => {
    // Drafts do not count by default (the values above were never submitted).
    const submitted = await w.admin.get('/api/analytics?dimension=dx:DOANH_THU&dimension=ou:HN&startDate=2023-01-01&endDate=2023-03-31');
    assert.equal(submitted.statusCode, 200, submitted.body);
    assert.deepEqual(submitted.json().rows, []);
    // HN reports monthly (regime BC_THANG, group TINH): three reports expected in the quarter, three in (drafts counted).
    const all = await w.admin.get('/api/analytics?dimension=dx:DOANH_THU&dimension=ou:HN&startDate=2023-01-01&endDate=2023-03-31&dataStatus=ALL');
    assert.deepEqual(all.json().rows, [['DOANH_THU', 'HN', '52', '3', '3', '1']]);
    const twoMonths = await w.admin.get('/api/analytics?dimension=dx:DOANH_THU&dimension=ou:HP&startDate=2023-01-01&endDate=2023-02-28&dataStatus=ALL');
    assert.deepEqual(twoMonths.json().rows, [['DOANH_THU', 'HP', '5', '1', '2', '0.5']]);
  });

  test('startDate/endDate refused with pe (E7105), reversed (E7106), alone (E7104), or not a date', async () => {
    await expectConflict(q('dimension=dx:DOANH_THU&dimension=pe:202301&dimension=ou:HN&startDate=2023-01-01&endDate=2023-02-28'), 'E7105', 'querystring.startDate');
    await expectConflict(q('dimension=dx:DOANH_THU&filter=pe:202301&dimension=ou:HN&startDate=2023-01-01&endDate=2023-02-28'), 'E7105', 'querystring.startDate');
    await expectConflict(q('dimension=dx:DOANH_THU&dimension=ou:HN&startDate=2023-03-01&endDate=2023-02-28'), 'E7106', 'querystring.startDate');
    await expectConflict(q('dimension=dx:DOANH_THU&dimension=ou:HN&startDate=2023-03-01'), 'E7104', 'querystring.endDate');
    const bad = await w.admin.get(q('dimension=dx:DOANH_THU&dimension=ou:HN&startDate=2023-02-30&endDate=2023-03-31'));
    assert.equal(bad.statusCode, 400, bad.body);
    assert.equal(bad.json().error.details[0].path, 'querystring.startDate');
  });

  test('dimension=co: one row per option of the element, the options listed in metaData', async () => {
    const res = await w.admin.get(q('dimension=dx:ND_GO;DOANH_THU&dimension=co&dimension=pe:202302&dimension=ou:HN;HP'));
    assert.equal(res.statusCode, 200, res.body);
    const body = res.json();
    assert.deepEqual(
      body.headers.map((h: { name: string }) => h.name),
      ['dx', 'co', 'pe', 'ou', 'value'],
    );
    assert.deepEqual(body.rows, [
      ['ND_GO', 'FACEBOOK', '202302', 'HN', '7'],
      ['ND_GO', 'FACEBOOK', '202302', 'HP', '4'],
      ['ND_GO', 'KHAC', '202302', 'HN', '2'],
      ['DOANH_THU', 'default', '202302', 'HN', '12'],
      ['DOANH_THU', 'default', '202302', 'HP', '5'],
    ]);
    assert.deepEqual(body.metaData.dimensions.dx, ['ND_GO', 'DOANH_THU']);
    assert.deepEqual(body.metaData.dimensions.co, ['FACEBOOK', 'YOUTUBE', 'KHAC', 'default']);
    assert.equal(body.metaData.items.YOUTUBE.name, 'YouTube');
    assert.equal(body.metaData.items.co.name, 'Phân tổ');
    // co may come before dx; with dx as a filter, the options of that one element.
    const filtered = await w.admin.get(q('dimension=co&filter=dx:ND_GO&filter=pe:202302&dimension=ou:HN'));
    assert.deepEqual(filtered.json().rows, [
      ['FACEBOOK', 'HN', '7'],
      ['KHAC', 'HN', '2'],
    ]);
    // The options add up to the element's total.
    const total = await w.admin.get(q('dimension=dx:ND_GO&dimension=pe:202302&dimension=ou:HN'));
    assert.deepEqual(total.json().rows, [['ND_GO', '202302', 'HN', '9']]);
  });

  test("dimension=co in UIDs: each option by its UID, DHIS2's default combo for an element without options", async () => {
    const [nd, dt, fb, kh, hn] = [
      await uid('data_element', 'ND_GO'),
      await uid('data_element', 'DOANH_THU'),
      await uid('disaggregation_option', 'FACEBOOK'),
      await uid('disaggregation_option', 'KHAC'),
      await uid('org_unit', 'HN'),
    ];
    const res = await w.admin.get(q(`dimension=dx:${nd};${dt}&dimension=co&dimension=pe:202302&dimension=ou:${hn}`));
    assert.equal(res.statusCode, 200, res.body);
    assert.deepEqual(res.json().rows, [
      [nd, fb, '202302', hn, '7'],
      [nd, kh, '202302', hn, '2'],
      [dt, 'HllvX50cXC0', '202302', hn, '12'],
    ]);
    assert.ok(res.json().metaData.dimensions.co.includes(fb), res.body);
    assert.equal(res.json().metaData.items[fb].code, 'FACEBOOK');
  });

  test('dimension=co:<items>: only the options named, by code or UID; an unknown one is E7124', async () => {
    const res = await w.admin.get(q('dimension=dx:ND_GO;DOANH_THU&dimension=co:KHAC;default&dimension=pe:202302&dimension=ou:HN;HP'));
    assert.equal(res.statusCode, 200, res.body);
    assert.deepEqual(res.json().rows, [
      ['ND_GO', 'KHAC', '202302', 'HN', '2'],
      ['DOANH_THU', 'default', '202302', 'HN', '12'],
      ['DOANH_THU', 'default', '202302', 'HP', '5'],
    ]);
    assert.deepEqual(res.json().metaData.dimensions.co, ['KHAC', 'default']);
    const fb = await uid('disaggregation_option', 'FACEBOOK');
    const byUid = await w.admin.get(q(`dimension=dx:ND_GO;DOANH_THU&dimension=co:${fb}&dimension=pe:202302&dimension=ou:HN;HP&outputIdScheme=CODE`));
    assert.equal(byUid.statusCode, 200, byUid.body);
    assert.deepEqual(byUid.json().rows, [
      ['ND_GO', 'FACEBOOK', '202302', 'HN', '7'],
      ['ND_GO', 'FACEBOOK', '202302', 'HP', '4'],
    ]);
    // DHIS2's default combo UID is the 'default' option; in UIDs the answer names it so.
    const dflt = await w.admin.get(q('dimension=dx:DOANH_THU&dimension=co:HllvX50cXC0&dimension=pe:202302&dimension=ou:HN'));
    assert.equal(dflt.statusCode, 200, dflt.body);
    assert.deepEqual(dflt.json().metaData.dimensions.co, ['HllvX50cXC0']);
    assert.equal(dflt.json().rows[0][1], 'HllvX50cXC0');
    // Raw data and the data value set follow the same choice.
    const raw = await w.admin.get(`/api/analytics/rawData?dimension=dx:ND_GO&dimension=co:FACEBOOK&dimension=pe:202302&dimension=ou:HN&dataStatus=ALL`);
    assert.deepEqual(raw.json().rows, [['ND_GO', 'FACEBOOK', '202302', 'HN', '7']]);
    const dvs = await w.admin.get(`/api/analytics/dataValueSet?dimension=dx:ND_GO&dimension=co:KHAC&dimension=pe:202302&dimension=ou:HN&dataStatus=ALL`);
    assert.deepEqual(
      dvs.json().dataValues.map((v: { categoryOptionCombo: string; value: string }) => [v.categoryOptionCombo, v.value]),
      [['KHAC', '2']],
    );
    const unknown = await expectConflict(q('dimension=dx:ND_GO&dimension=co:TIKTOK;KHAC&dimension=pe:202302&dimension=ou:HN'), 'E7124', 'co:TIKTOK');
    assert.match(unknown.message, /TIKTOK/);
    await expectConflict(q('dimension=dx:ND_GO&dimension=co:KHAC;&dimension=pe:202302&dimension=ou:HN'), 'E7124', 'dimension=co:KHAC;');
  });

  test('dimension=co refused as a filter (E7110, as DHIS2), with indicators or ELEMENT.OPTION (E7114), twice (E7111)', async () => {
    await expectConflict(q('dimension=dx:ND_GO&filter=co&dimension=pe:202302&dimension=ou:HN'), 'E7110', 'filter=co');
    await expectConflict(q('dimension=dx:ND_GO&filter=co:FACEBOOK&dimension=pe:202302&dimension=ou:HN'), 'E7110', 'filter=co:FACEBOOK');
    await expectConflict(q('dimension=dx:ND_GO.FACEBOOK&dimension=co&dimension=pe:202302&dimension=ou:HN'), 'E7114', 'dx:ND_GO.FACEBOOK');
    await expectConflict(q('dimension=dx:ND_GO&dimension=co&dimension=co&dimension=pe:202302&dimension=ou:HN'), 'E7111', 'dimension=co');
  });

  test('ELEMENT.* is every option of the element as dx items, named ELEMENT.OPTION', async () => {
    const res = await w.admin.get(q('dimension=dx:ND_GO.*;ND_GO.KHAC&dimension=pe:202302&dimension=ou:HN'));
    assert.equal(res.statusCode, 200, res.body);
    assert.deepEqual(res.json().metaData.dimensions.dx, ['ND_GO.FACEBOOK', 'ND_GO.YOUTUBE', 'ND_GO.KHAC']);
    assert.deepEqual(res.json().rows, [
      ['ND_GO.FACEBOOK', '202302', 'HN', '7'],
      ['ND_GO.KHAC', '202302', 'HN', '2'],
    ]);
    assert.equal(res.json().metaData.items['ND_GO.YOUTUBE'].name, 'Nội dung xấu đã gỡ (YouTube)');
    const nd = await uid('data_element', 'ND_GO');
    const fb = await uid('disaggregation_option', 'FACEBOOK');
    const inUids = await w.admin.get(q(`dimension=dx:${nd}.*&dimension=pe:202302&dimension=ou:HN`));
    assert.equal(inUids.statusCode, 200, inUids.body);
    assert.equal(inUids.json().metaData.dimensions.dx[0], `${nd}.${fb}`);
    await expectConflict(q('dimension=dx:DOANH_THU.*&dimension=pe:202302&dimension=ou:HN'), 'E7124', 'dx:DOANH_THU.*');
  });

  test("ou:OU_GROUP-<group>: the group's open members, inside the other ou items when given", async () => {
    const res = await w.admin.get(q('dimension=dx:DOANH_THU&dimension=pe:202302&dimension=ou:OU_GROUP-TINH'));
    assert.equal(res.statusCode, 200, res.body);
    // TINH holds HN, HP, OLD and NEW; NEW opens only in 2025, and OLD has no value.
    assert.deepEqual(res.json().metaData.dimensions.ou, ['HN', 'HP', 'OLD']);
    assert.deepEqual(res.json().rows, [
      ['DOANH_THU', '202302', 'HN', '12'],
      ['DOANH_THU', '202302', 'HP', '5'],
    ]);
    // Bounded by a unit named beside it; by the group's UID as well as its code; as a filter, one sum.
    const bounded = await w.admin.get(q('dimension=dx:DOANH_THU&dimension=pe:202302&dimension=ou:OU_GROUP-TINH;HN'));
    assert.deepEqual(bounded.json().metaData.dimensions.ou, ['HN']);
    const group = await uid('org_unit_group', 'TINH');
    const byUid = await w.admin.get(q(`dimension=dx:DOANH_THU&dimension=pe:202302&dimension=ou:OU_GROUP-${group}&outputIdScheme=CODE`));
    assert.deepEqual(byUid.json().rows, res.json().rows);
    const asFilter = await w.admin.get(q('dimension=dx:DOANH_THU&dimension=pe:202302&filter=ou:OU_GROUP-TINH'));
    assert.deepEqual(asFilter.json().rows, [['DOANH_THU', '202302', '17']]);
    await expectConflict(q('dimension=dx:DOANH_THU&dimension=pe:202302&dimension=ou:OU_GROUP-NOPE'), 'E7124', 'ou:OU_GROUP-NOPE');
  });

  test("ou:OU_GROUP- stays inside the caller's own units", async () => {
    const leader = await w.login('hn_leader');
    const res = await leader.get(q('dimension=dx:DOANH_THU&dimension=pe:202302&dimension=ou:OU_GROUP-TINH'));
    assert.equal(res.statusCode, 200, res.body);
    assert.deepEqual(res.json().metaData.dimensions.ou, ['HN']);
    const outside = await leader.get(q('dimension=dx:DOANH_THU&dimension=pe:202302&dimension=ou:OU_GROUP-TINH;HP'));
    assert.equal(outside.statusCode, 403, outside.body);
  });

  test('dx:DE_GROUP-… is refused naming it: the product has no data element groups', async () => {
    const body = await expectConflict(q('dimension=dx:DE_GROUP-ABC&dimension=pe:202302&dimension=ou:HN'), 'E7124', 'dx:DE_GROUP-ABC');
    assert.match(body.error.message, /data element groups/);
  });

  test('/api/analytics/dataValueSet: the aggregated answer as DHIS2 data values', async () => {
    const res = await w.admin.get('/api/analytics/dataValueSet.json?dimension=dx:DOANH_THU;ND_GO.FACEBOOK&dimension=pe:202302&dimension=ou:HN;VN&dataStatus=ALL');
    assert.equal(res.statusCode, 200, res.body);
    const dv = (dataElement: string, orgUnit: string, categoryOptionCombo: string, value: string) => ({
      dataElement,
      period: '202302',
      orgUnit,
      categoryOptionCombo,
      attributeOptionCombo: 'default',
      value,
    });
    // VN is aggregated over its subtree (HN + HP), as analytics answers it.
    assert.deepEqual(res.json().dataValues, [dv('DOANH_THU', 'HN', 'default', '12'), dv('DOANH_THU', 'VN', 'default', '17'), dv('ND_GO', 'HN', 'FACEBOOK', '7'), dv('ND_GO', 'VN', 'FACEBOOK', '11')]);
    // With dimension=co, one value per option; the same route without .json.
    const co = await w.admin.get('/api/analytics/dataValueSet?dimension=dx:ND_GO&dimension=co&dimension=pe:202302&dimension=ou:HN&dataStatus=ALL');
    assert.deepEqual(co.json().dataValues, [dv('ND_GO', 'HN', 'FACEBOOK', '7'), dv('ND_GO', 'HN', 'KHAC', '2')]);
    // In UIDs: DHIS2's default combo.
    const [dt, hn] = [await uid('data_element', 'DOANH_THU'), await uid('org_unit', 'HN')];
    const inUids = await w.admin.get(`/api/analytics/dataValueSet.json?dimension=dx:${dt}&dimension=pe:202302&dimension=ou:${hn}&dataStatus=ALL`);
    assert.deepEqual(inUids.json().dataValues, [{ dataElement: dt, period: '202302', orgUnit: hn, categoryOptionCombo: 'HllvX50cXC0', attributeOptionCombo: 'HllvX50cXC0', value: '12' }]);
    // dx, pe and ou must be dimensions.
    for (const [qs, code] of [
      ['filter=dx:DOANH_THU&dimension=pe:202302&dimension=ou:HN', 'E7117'],
      ['dimension=dx:DOANH_THU&filter=pe:202302&dimension=ou:HN', 'E7118'],
      ['dimension=dx:DOANH_THU&dimension=ou:HN&startDate=2023-01-01&endDate=2023-03-31', 'E7118'],
      ['dimension=dx:DOANH_THU&dimension=pe:202302&filter=ou:HN', 'E7119'],
    ]) {
      const refused = await w.admin.get(`/api/analytics/dataValueSet.json?${qs}`);
      assert.equal(refused.statusCode, 409, `${qs}: ${refused.body}`);
      assert.equal(refused.json().errorCode, code, qs);
    }
  });

  test('/api/analytics/rawData: each stored value inside the periods and subtrees, not aggregated', async () => {
    const res = await w.admin.get('/api/analytics/rawData.json?dimension=dx:DOANH_THU&dimension=pe:2023Q1&dimension=ou:VN&dataStatus=ALL');
    assert.equal(res.statusCode, 200, res.body);
    assert.deepEqual(
      res.json().headers.map((h: { name: string }) => h.name),
      ['dx', 'pe', 'ou', 'value'],
    );
    assert.deepEqual(res.json().rows, [
      ['DOANH_THU', '202301', 'HN', '10'],
      ['DOANH_THU', '202302', 'HN', '12'],
      ['DOANH_THU', '202302', 'HP', '5'],
      ['DOANH_THU', '202303', 'HN', '30'],
    ]);
    assert.deepEqual(res.json().metaData.dimensions.pe, ['202301', '202302', '202303']);
    assert.deepEqual(res.json().metaData.dimensions.ou, ['HN', 'HP']);
    assert.equal(res.json().metaData.items['202302'].name, 'Tháng 2/2023');
    // A date range, over two trees: the quarter's own value too.
    const range = await w.admin.get('/api/analytics/rawData?dimension=dx:DOANH_THU&dimension=ou:BO;HP&startDate=2023-01-01&endDate=2023-03-31&dataStatus=ALL');
    assert.deepEqual(range.json().rows, [
      ['DOANH_THU', 'VIETTEL', '100'],
      ['DOANH_THU', 'HP', '5'],
    ]);
    // By option with dimension=co.
    const co = await w.admin.get('/api/analytics/rawData.json?dimension=dx:ND_GO&dimension=co&dimension=pe:202302&dimension=ou:VN&dataStatus=ALL');
    assert.deepEqual(co.json().rows, [
      ['ND_GO', 'FACEBOOK', '202302', 'HN', '7'],
      ['ND_GO', 'FACEBOOK', '202302', 'HP', '4'],
      ['ND_GO', 'KHAC', '202302', 'HN', '2'],
    ]);
    // Drafts are not counted by default.
    const submitted = await w.admin.get('/api/analytics/rawData.json?dimension=dx:DOANH_THU&dimension=pe:2023Q1&dimension=ou:VN');
    assert.deepEqual(submitted.json().rows, []);
  });

  test("dataValueSet and rawData: submitted data only by default, and only the caller's units", async () => {
    assert.ok((await w.admin.post('/api/dataValues', { dataElement: 'TB_DI_DONG', period: '202302', orgUnit: 'HN', value: 100 })).statusCode < 300);
    const submit = await w.admin.post('/api/regimes/BC_THANG/submit', { orgUnit: 'HN', period: '202302' });
    assert.equal(submit.statusCode, 200, submit.body);
    const raw = await w.admin.get('/api/analytics/rawData.json?dimension=dx:DOANH_THU&dimension=pe:2023Q1&dimension=ou:VN');
    assert.deepEqual(raw.json().rows, [['DOANH_THU', '202302', 'HN', '12']]);
    const set = await w.admin.get('/api/analytics/dataValueSet.json?dimension=dx:DOANH_THU&dimension=pe:202302&dimension=ou:VN');
    assert.deepEqual(
      set.json().dataValues.map((v: { orgUnit: string; value: string }) => [v.orgUnit, v.value]),
      [['VN', '12']],
    );
    const leader = await w.login('hn_leader');
    for (const path of ['/api/analytics/rawData.json', '/api/analytics/dataValueSet.json']) {
      const denied = await leader.get(`${path}?dimension=dx:DOANH_THU&dimension=pe:202302&dimension=ou:VN&dataStatus=ALL`);
      assert.equal(denied.statusCode, 403, `${path}: ${denied.body}`);
    }
    const own = await leader.get('/api/analytics/rawData.json?dimension=dx:DOANH_THU&dimension=pe:202302&dimension=ou:USER_ORGUNIT&dataStatus=ALL');
    assert.deepEqual(own.json().rows, [['DOANH_THU', '202302', 'HN', '12']]);
  });

  test('metaData names the relative periods and USER_ORGUNIT asked for; dimensions list what they resolved to', async () => {
    const rel = await w.admin.get('/api/analytics?dimension=dx:DOANH_THU&dimension=pe:LAST_3_MONTHS;THIS_YEAR&dimension=ou:HN&relativePeriodDate=2023-04-15');
    assert.equal(rel.statusCode, 200, rel.body);
    const meta = rel.json().metaData;
    assert.deepEqual(meta.dimensions.pe, ['202301', '202302', '202303', '2023']);
    assert.deepEqual([meta.items.LAST_3_MONTHS, meta.items.THIS_YEAR, meta.items['202303']], [{ name: '3 tháng gần nhất' }, { name: 'Năm nay' }, { name: 'Tháng 3/2023' }]);
    // The same periods named one by one: the answer (kept or not) names no keyword.
    const plain = await w.admin.get('/api/analytics?dimension=dx:DOANH_THU&dimension=pe:202301;202302;202303;2023&dimension=ou:HN');
    assert.equal(plain.json().metaData.items.LAST_3_MONTHS, undefined);
    assert.deepEqual(plain.json().rows, rel.json().rows);
    const again = await w.admin.get('/api/analytics?dimension=dx:DOANH_THU&dimension=pe:LAST_3_MONTHS;THIS_YEAR&dimension=ou:HN&relativePeriodDate=2023-04-15');
    assert.deepEqual(again.json().metaData.items.LAST_3_MONTHS, { name: '3 tháng gần nhất' });

    const leader = await w.login('hn_leader');
    const own = await leader.get('/api/analytics?dimension=dx:DOANH_THU&dimension=pe:LAST_12_MONTHS&dimension=ou:USER_ORGUNIT&relativePeriodDate=2023-04-01&lang=en');
    assert.equal(own.statusCode, 200, own.body);
    assert.deepEqual(own.json().metaData.dimensions.ou, ['HN']);
    assert.equal(own.json().metaData.dimensions.pe.length, 12);
    assert.deepEqual([own.json().metaData.items.USER_ORGUNIT, own.json().metaData.items.LAST_12_MONTHS], [{ name: 'User organisation unit' }, { name: 'Last 12 months' }]);
    assert.equal(own.json().metaData.items.HN.name, 'Thành phố Hà Nội');
    assert.equal(own.json().metaData.items['202204'].name, 'April 2022');
    // In UIDs, the unit is named by its UID and the keyword stays a keyword.
    const hn = await uid('org_unit', 'HN');
    const inUids = await leader.get('/api/analytics?dimension=dx:DOANH_THU&dimension=pe:LAST_MONTH&dimension=ou:USER_ORGUNIT&outputIdScheme=UID');
    assert.deepEqual(inUids.json().metaData.dimensions.ou, [hn]);
    assert.ok(inUids.json().metaData.items[hn] && inUids.json().metaData.items.USER_ORGUNIT, inUids.body);
  });

  test('bi-month, bi-week and financial-year periods: relative keywords and ids, the stored months inside each summed', async () => {
    const rel = await w.admin.get(q('dimension=dx:DOANH_THU&dimension=pe:THIS_BIMONTH;LAST_BIMONTH&dimension=ou:HN&relativePeriodDate=2023-03-20'));
    assert.equal(rel.statusCode, 200, rel.body);
    const meta = rel.json().metaData;
    assert.deepEqual(meta.dimensions.pe, ['202302B', '202301B']);
    // January–February 2023: 10 + 12; March–April: 30.
    assert.deepEqual(rel.json().rows, [
      ['DOANH_THU', '202302B', 'HN', '30'],
      ['DOANH_THU', '202301B', 'HN', '22'],
    ]);
    assert.deepEqual([meta.items.THIS_BIMONTH, meta.items.LAST_BIMONTH, meta.items['202301B']], [{ name: 'Kỳ hai tháng này' }, { name: 'Kỳ hai tháng trước' }, { name: 'Tháng 1–2/2023' }]);
    // DHIS2's default financial year starts in October: on 15/4/2023 this one is October 2022 – September 2023.
    const fy = await w.admin.get(q('dimension=dx:DOANH_THU&dimension=pe:THIS_FINANCIAL_YEAR;LAST_5_FINANCIAL_YEARS&dimension=ou:HN&relativePeriodDate=2023-04-15&lang=en'));
    assert.equal(fy.statusCode, 200, fy.body);
    assert.deepEqual(fy.json().metaData.dimensions.pe, ['2022Oct', '2017Oct', '2018Oct', '2019Oct', '2020Oct', '2021Oct']);
    assert.deepEqual(fy.json().rows, [['DOANH_THU', '2022Oct', 'HN', '52']]);
    assert.deepEqual(
      [fy.json().metaData.items.THIS_FINANCIAL_YEAR, fy.json().metaData.items.LAST_5_FINANCIAL_YEARS, fy.json().metaData.items['2022Oct']],
      [{ name: 'This financial year' }, { name: 'Last 5 financial years' }, { name: 'Financial year October 2022 – September 2023' }],
    );
    // The ids themselves, and bi-weeks (no weekly value is stored: no row, but a named period).
    const ids = await w.admin.get(q('dimension=dx:DOANH_THU&dimension=pe:202301B;2023BiW3;LAST_4_BIWEEKS&dimension=ou:HN&relativePeriodDate=2023-03-20'));
    assert.equal(ids.statusCode, 200, ids.body);
    assert.deepEqual(ids.json().rows, [['DOANH_THU', '202301B', 'HN', '22']]);
    assert.deepEqual(ids.json().metaData.dimensions.pe, ['202301B', '2023BiW3', '2023BiW2', '2023BiW4', '2023BiW5']);
    assert.equal(ids.json().metaData.items['2023BiW3'].name, 'Tuần 5–6/2023');
    await expectConflict(q('dimension=dx:DOANH_THU&dimension=pe:202307B&dimension=ou:HN'), 'E7124', 'pe:202307B');
  });
});
