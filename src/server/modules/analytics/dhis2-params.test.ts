// DHIS2 analytics parameters: the ones honoured change the answer (skipMeta, skipData); the ones not
// honoured yet are refused naming them unless they carry their harmless default; any other is refused.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createReportingWorld, type ReportingWorld } from '../regimes/test-fixtures.ts';
import { UNSUPPORTED_ANALYTICS_PARAMS } from './schema.ts';

describe('analytics: DHIS2 parameters honoured or refused by name', () => {
  let w: ReportingWorld;
  const base = '/api/analytics?dimension=dx:DOANH_THU&dimension=pe:202302&dimension=ou:HN&dataStatus=ALL';
  before(async () => {
    w = await createReportingWorld();
    const res = await w.admin.post('/api/dataValueSets', { dataValues: [{ dataElement: 'DOANH_THU', period: '202302', orgUnit: 'HN', value: '12' }] });
    assert.equal(res.json().response.importCount.imported, 1, res.body);
  });
  after(() => w.t.close());

  test('skipMeta leaves out metaData, skipData leaves out the rows', async () => {
    const full = await w.admin.get(base);
    assert.equal(full.statusCode, 200, full.body);
    assert.ok(full.json().metaData);
    assert.equal(full.json().rows.length, 1);
    const noMeta = await w.admin.get(`${base}&skipMeta=true`);
    assert.equal(noMeta.json().metaData, undefined);
    assert.deepEqual(noMeta.json().rows, full.json().rows);
    const noData = await w.admin.get(`${base}&skipData=true&skipMeta=false`);
    assert.deepEqual([noData.json().rows, noData.json().height], [[], 0]);
    assert.ok(noData.json().metaData);
    // Without metaData a CSV names each item by its id.
    const csv = await w.admin.get(`${base.replace('/api/analytics?', '/api/analytics.csv?')}&skipMeta=true&coverage=false`);
    assert.equal(csv.statusCode, 200, csv.body);
    assert.deepEqual(csv.body.replace('\uFEFF', '').trim().split('\n').at(-1), 'DOANH_THU,DOANH_THU,202302,202302,HN,HN,12');
  });

  test('relativePeriodDate counts relative periods from that day; order sorts the rows on the value', async () => {
    const more = await w.admin.post('/api/dataValueSets', { dataValues: [{ dataElement: 'DOANH_THU', period: '202303', orgUnit: 'HN', value: '30' }] });
    assert.equal(more.json().response.importCount.imported, 1, more.body);
    const q = '/api/analytics?dimension=dx:DOANH_THU&dimension=pe:LAST_3_MONTHS&dimension=ou:HN&dataStatus=ALL&coverage=false';
    const from = await w.admin.get(`${q}&relativePeriodDate=2023-04-15`);
    assert.equal(from.statusCode, 200, from.body);
    assert.deepEqual(from.json().metaData.dimensions.pe, ['202301', '202302', '202303']);
    assert.deepEqual(
      from.json().rows.map((r: string[]) => [r[1], r[3]]),
      [
        ['202302', '12'],
        ['202303', '30'],
      ],
    );
    const desc = await w.admin.get(`${q}&relativePeriodDate=2023-04-15&order=DESC`);
    assert.deepEqual(
      desc.json().rows.map((r: string[]) => r[3]),
      ['30', '12'],
    );
    const asc = await w.admin.get(`${q}&relativePeriodDate=2023-04-15&order=ASC`);
    assert.deepEqual(
      asc.json().rows.map((r: string[]) => r[3]),
      ['12', '30'],
    );
    // Sorting a kept answer leaves it as it was for the next caller.
    assert.deepEqual((await w.admin.get(`${q}&relativePeriodDate=2023-04-15`)).json().rows, from.json().rows);
    const monthsOfYear = await w.admin.get(`${q.replace('LAST_3_MONTHS', 'MONTHS_LAST_YEAR')}&relativePeriodDate=2024-06-01`);
    assert.equal(monthsOfYear.json().metaData.dimensions.pe.length, 12);
    const badOrder = await w.admin.get(`${q}&order=UP`);
    assert.equal(badOrder.statusCode, 400);
    assert.match(badOrder.body, /order/);
  });

  test('items named by DHIS2 UID: the answer names them by UID too (outputIdScheme), or by code when asked', async () => {
    const uid = async (table: string, code: string) => (await w.t.db.query<{ uid: string }>(`SELECT uid FROM ${table} WHERE code = $1`, [code])).rows[0].uid;
    const [de, hn] = [await uid('data_element', 'DOANH_THU'), await uid('org_unit', 'HN')];
    const q = `/api/analytics?dimension=dx:${de}&dimension=pe:202302&dimension=ou:${hn}&dataStatus=ALL&coverage=false`;
    const res = await w.admin.get(q);
    assert.equal(res.statusCode, 200, res.body);
    assert.deepEqual(res.json().rows, [[de, '202302', hn, '12']]);
    assert.deepEqual([res.json().metaData.dimensions.dx, res.json().metaData.dimensions.ou], [[de], [hn]]);
    assert.equal(res.json().metaData.items[de].code, 'DOANH_THU');
    const inCodes = await w.admin.get(`${q}&outputIdScheme=CODE`);
    assert.deepEqual(inCodes.json().rows, [['DOANH_THU', '202302', 'HN', '12']]);
    // Codes in, UIDs out; and the same figure as asked by code.
    const byCode = await w.admin.get('/api/analytics?dimension=dx:DOANH_THU&dimension=pe:202302&dimension=ou:HN&dataStatus=ALL&coverage=false&outputIdScheme=UID');
    assert.deepEqual(byCode.json().rows, [[de, '202302', hn, '12']]);
    // Mixed with the province's children named by level, and an option by element.option UIDs.
    const vn = await uid('org_unit', 'VN');
    const children = await w.admin.get(`/api/analytics?dimension=dx:${de}&dimension=pe:202302&dimension=ou:${vn};LEVEL-2&dataStatus=ALL&coverage=false`);
    assert.equal(children.statusCode, 200, children.body);
    assert.ok(children.json().metaData.dimensions.ou.includes(hn), children.body);
    assert.ok(
      children.json().metaData.dimensions.ou.every((id: string) => /^[A-Za-z][A-Za-z0-9]{10}$/.test(id)),
      children.body,
    );
    const [nd, fb] = [await uid('data_element', 'ND_GO'), await uid('disaggregation_option', 'FACEBOOK')];
    const option = await w.admin.get(`/api/analytics?dimension=dx:${nd}.${fb}&dimension=pe:202302&dimension=ou:${hn}&dataStatus=ALL`);
    assert.equal(option.statusCode, 200, option.body);
    assert.deepEqual(option.json().metaData.dimensions.dx, [`${nd}.${fb}`]);
    assert.equal(option.json().metaData.items[`${nd}.${fb}`].code, 'ND_GO.FACEBOOK');
    const unknown = await w.admin.get('/api/analytics?dimension=dx:Abcdefghij1&dimension=pe:202302&dimension=ou:HN');
    assert.equal(unknown.statusCode, 409);
    assert.equal(unknown.json().error.details[0].path, 'dx:Abcdefghij1');
    const badScheme = await w.admin.get(`${q}&outputIdScheme=NAME`);
    assert.equal(badScheme.statusCode, 400);
    assert.match(badScheme.body, /outputIdScheme/);
  });

  test('each parameter not honoured yet is refused by name, unless it carries its default', async () => {
    for (const [param, harmless] of Object.entries(UNSUPPORTED_ANALYTICS_PARAMS)) {
      const refused = await w.admin.get(`${base}&${param}=${harmless === 'false' ? 'true' : 'SOMETHING'}`);
      assert.equal(refused.statusCode, 409, `${param}: ${refused.body}`);
      assert.equal(refused.json().error.details[0].path, `querystring.${param}`);
      if (harmless !== null) assert.equal((await w.admin.get(`${base}&${param}=${harmless}`)).statusCode, 200, param);
    }
    const unknown = await w.admin.get(`${base}&foo=1`);
    assert.equal(unknown.statusCode, 400);
    assert.match(unknown.body, /foo/);
  });
});
