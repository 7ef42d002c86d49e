// GET /api/dataValueSets as DHIS2 clients call it (its documented parameters, repeated or comma-joined,
// on /api/NN/ paths and with .json/.csv/.xml), and each parameter honoured or refused by name.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createReportingWorld, type ReportingWorld } from '../regimes/test-fixtures.ts';
import { EXPORT_PARAMS } from './export.ts';

describe('DHIS2 dataValueSets export', () => {
  let w: ReportingWorld;
  let vn: string;
  let hn: string;
  const get = (url: string, token = vn, headers: Record<string, string> = {}) => w.t.app.inject({ method: 'GET', url, headers: { authorization: `ApiToken ${token}`, ...headers } });

  before(async () => {
    w = await createReportingWorld();
    vn = (await w.admin.post('/api/tokens', { name: 'vn', orgUnit: 'VN' })).json().token;
    hn = (await w.admin.post('/api/tokens', { name: 'hn', orgUnit: 'HN' })).json().token;
    // Written on 5 February, while January is still open.
    w.setNow('2023-02-05T03:00:00Z');
    const res = await w.admin.post('/api/dataValueSets', {
      dataValues: [
        { dataElement: 'DOANH_THU', period: '202302', orgUnit: 'HN', value: '10', comment: 'có dấu phẩy, và "ngoặc"' },
        { dataElement: 'DOANH_THU', period: '202301', orgUnit: 'HP', value: '20' },
        { dataElement: 'ND_GO', period: '202302', orgUnit: 'HN', categoryOptionCombo: 'FACEBOOK', value: '3' },
        { dataElement: 'TB_DI_DONG', period: '2023Q1', orgUnit: 'VIETTEL', value: '99' },
      ],
    });
    assert.equal(res.json().response.importCount.imported, 4, res.body);
    w.setNow('2023-03-05T03:00:00Z');
  });
  after(() => w.t.close());

  test('JSON by data set, periods and org unit with children; as DHIS2 answers it', async () => {
    const res = await get('/api/41/dataValueSets.json?dataSet=BC_THANG&period=202301&period=202302&orgUnit=VN&children=true');
    assert.equal(res.statusCode, 200, res.body);
    const body = res.json();
    assert.equal(body.dataSet, 'BC_THANG');
    assert.deepEqual(
      body.dataValues.map((v: { dataElement: string; period: string; orgUnit: string; categoryOptionCombo: string; value: string }) => [
        v.dataElement,
        v.period,
        v.orgUnit,
        v.categoryOptionCombo,
        v.value,
      ]),
      [
        ['DOANH_THU', '202301', 'HP', 'default', '20'],
        ['DOANH_THU', '202302', 'HN', 'default', '10'],
        ['ND_GO', '202302', 'HN', 'FACEBOOK', '3'],
      ],
    );
    assert.equal(body.dataValues[0].attributeOptionCombo, 'default');
    assert.equal(body.dataValues[0].storedBy, 'admin');
    const withoutChildren = await get('/api/dataValueSets?dataSet=BC_THANG&period=202302&orgUnit=VN');
    assert.deepEqual(withoutChildren.json().dataValues, []);
  });

  test('CSV in DHIS2 2.41 columns (comments quoted) and XML; a start and end date; lastUpdated; ids', async () => {
    const csv = await get('/api/dataValueSets.csv?dataElement=DOANH_THU&startDate=2023-01-01&endDate=2023-02-28&orgUnit=HN,HP');
    assert.equal(csv.statusCode, 200, csv.body);
    assert.match(csv.headers['content-type'] as string, /text\/csv/);
    const lines = csv.body.trim().split('\n');
    assert.equal(lines[0], 'dataelement,period,orgunit,catoptcombo,attroptcombo,value,storedby,lastupdated,comment,followup');
    assert.match(lines[2], /^DOANH_THU,202302,HN,default,default,10,admin,[^,]+,"có dấu phẩy, và ""ngoặc""",false$/);
    const xml = await get('/api/dataValueSets.xml?dataElement=DOANH_THU&period=202302&orgUnit=HN');
    assert.match(xml.body, /<dataValue dataElement="DOANH_THU" period="202302" orgUnit="HN" [^>]*comment="có dấu phẩy, và &quot;ngoặc&quot;"/);
    const viaAccept = await get('/api/dataValueSets?dataElement=DOANH_THU&period=202302&orgUnit=HN', vn, { accept: 'text/csv' });
    assert.match(viaAccept.body, /^dataelement,/);
    const since = await get('/api/dataValueSets?dataElement=DOANH_THU&lastUpdated=2999-01-01&orgUnit=HN');
    assert.deepEqual(since.json().dataValues, []);
    const ids = (await w.t.db.query<{ de: number; ou: number }>("SELECT (SELECT id FROM data_element WHERE code = 'DOANH_THU') AS de, (SELECT id FROM org_unit WHERE code = 'HN') AS ou")).rows[0];
    const byId = await get(`/api/dataValueSets?dataElement=${ids.de}&period=202302&orgUnit=${ids.ou}&idScheme=ID`);
    assert.deepEqual([byId.json().dataValues[0].dataElement, byId.json().dataValues[0].orgUnit], [String(ids.de), String(ids.ou)]);
    const limited = await get('/api/dataValueSets?dataSet=BC_THANG&startDate=2023-01-01&endDate=2023-12-31&orgUnitGroup=TINH&limit=1');
    assert.equal(limited.json().dataValues.length, 1);
  });

  test('the caller’s scope: a unit of another province is refused, and children stay inside the subtree', async () => {
    const other = await get('/api/dataValueSets?dataElement=DOANH_THU&period=202301&orgUnit=HP', hn);
    assert.equal(other.statusCode, 403);
    const group = await get('/api/dataValueSets?dataElement=DOANH_THU&period=202301&orgUnitGroup=TINH', hn);
    assert.equal(group.statusCode, 403, 'a group reaching outside the scope is refused whole');
    const own = await get('/api/dataValueSets?dataElement=DOANH_THU&period=202302&orgUnit=HN&children=true', hn);
    assert.deepEqual(
      own.json().dataValues.map((v: { orgUnit: string }) => v.orgUnit),
      ['HN'],
    );
  });

  test('DHIS2’s refusals of a request that cannot run: 409 with its E20xx code naming the parameter', async () => {
    const cases: [string, string, string][] = [
      ['/api/dataValueSets?period=202302&orgUnit=HN', 'E2001', 'querystring.dataSet'],
      ['/api/dataValueSets?dataSet=BC_THANG&orgUnit=HN', 'E2002', 'querystring.period'],
      ['/api/dataValueSets?dataSet=BC_THANG&period=202302&startDate=2023-01-01&endDate=2023-02-01&orgUnit=HN', 'E2003', 'querystring.startDate'],
      ['/api/dataValueSets?dataSet=BC_THANG&startDate=2023-03-01&endDate=2023-02-01&orgUnit=HN', 'E2004', 'querystring.startDate'],
      ['/api/dataValueSets?dataSet=BC_THANG&period=202302', 'E2006', 'querystring.orgUnit'],
      ['/api/dataValueSets?dataSet=KHONG_CO&period=202302&orgUnit=HN', 'E7600', 'querystring.dataSet'],
      ['/api/dataValueSets?dataSet=BC_THANG&period=2023Q5&orgUnit=HN', 'E1101', 'querystring.period'],
    ];
    for (const [url, code, path] of cases) {
      const res = await get(url);
      assert.equal(res.statusCode, 409, `${url}: ${res.body}`);
      assert.deepEqual([res.json().error.code, res.json().error.details[0].path], [code, path], url);
    }
  });

  test('every documented parameter is honoured or refused by name; an unknown one is refused', async () => {
    const base = 'dataSet=BC_THANG&period=202302&orgUnit=HN';
    const refusedWith: Record<string, string> = {
      dataElementGroup: 'G1',
      lastUpdatedDuration: '10d',
      includeDeleted: 'true',
      attributeOptionCombo: 'FUNDING_A',
      attachment: 'data.json',
      compression: 'zip',
      format: 'pdf',
      idScheme: 'NAME',
      dataElementIdScheme: 'NAME',
      orgUnitIdScheme: 'ATTRIBUTE:abc',
      categoryOptionComboIdScheme: 'NAME',
      attributeOptionComboIdScheme: 'NAME',
      dataSetIdScheme: 'ID',
    };
    for (const [param, how] of Object.entries(EXPORT_PARAMS)) {
      if (!how.startsWith('refused') && !(param in refusedWith)) continue;
      assert.ok(param in refusedWith, `a refused parameter without a case: ${param}`);
      const res = await get(`/api/dataValueSets?${base}&${param}=${encodeURIComponent(refusedWith[param])}`);
      assert.ok(res.statusCode >= 400, `${param}: ${res.statusCode}`);
      assert.equal(res.json().error.details[0].path, `querystring.${param}`, `${param}: ${res.body}`);
    }
    const adx = await get(`/api/dataValueSets.adx?${base}`);
    assert.equal(adx.statusCode, 200, adx.body);
    const unknown = await get(`/api/dataValueSets?${base}&paging=false`);
    assert.equal(unknown.statusCode, 400);
    assert.match(unknown.body, /paging/);
  });
});
