// Attribute option combos: a regime that declares an attribute disaggregation (the funding source) keeps its
// values per attribute option; the DHIS2 paths read and write attributeOptionCombo; the roll-up adds the
// attribute options of a unit into one row and stays equal to a recomputation from data_value.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createReportingWorld, type ReportingWorld } from '../regimes/test-fixtures.ts';

describe('attribute option combos', () => {
  let w: ReportingWorld;
  let token: string;
  const post = (body: unknown, query = '', type = 'application/json') =>
    w.t.app.inject({
      method: 'POST',
      url: `/api/dataValueSets${query}`,
      payload: typeof body === 'string' ? body : JSON.stringify(body),
      headers: { 'content-type': type, authorization: `ApiToken ${token}`, 'accept-language': 'en' },
    });
  const get = (url: string) => w.t.app.inject({ method: 'GET', url, headers: { authorization: `ApiToken ${token}`, 'accept-language': 'en' } });
  const stored = async (de: string) =>
    (
      await w.t.db.query<{ ou: string; ao: string | null; v: number }>(
        `SELECT ou.code AS ou, ao.code AS ao, dv.value AS v FROM data_value dv JOIN data_element de ON de.id = dv.data_element_id
           JOIN org_unit ou ON ou.id = dv.org_unit_id LEFT JOIN disaggregation_option ao ON ao.id = dv.attribute_option_id
          WHERE de.code = $1 ORDER BY ou.code, ao.code NULLS FIRST`,
        [de],
      )
    ).rows;
  const rollupMatchesRecomputation = async () => {
    const expected = await w.t.db.query<{ k: string; sum: number; count: number }>(
      `SELECT d.data_element_id || ':' || d.period_id || ':' || (string_to_array(u.path, '/'))[3] || ':' || d.option_id || ':' || d.data_status AS k, sum(d.value) AS sum, count(*)::int AS count
         FROM data_value d JOIN org_unit u ON u.id = d.org_unit_id WHERE d.value IS NOT NULL AND (string_to_array(u.path, '/'))[3] <> '' GROUP BY 1 ORDER BY 1`,
    );
    const actual = await w.t.db.query<{ k: string; sum: number; count: number }>(
      `SELECT data_element_id || ':' || period_id || ':' || org_unit_id || ':' || option_id || ':' || data_status AS k, sum, count FROM analytics_rollup WHERE count <> 0 ORDER BY 1`,
    );
    assert.deepEqual(
      actual.rows.map((r) => [r.k, r.count, Number(r.sum)]),
      expected.rows.map((r) => [r.k, r.count, Number(r.sum)]),
    );
  };

  before(async () => {
    w = await createReportingWorld();
    token = (await w.admin.post('/api/tokens', { name: 'dhis2-client', orgUnit: 'VN' })).json().token;
    const ok = async (p: Promise<{ statusCode: number; body: string }>) => {
      const res = await p;
      assert.ok(res.statusCode < 300, res.body);
    };
    await ok(
      w.admin.post('/api/disaggregations', {
        code: 'NGUON_VON',
        nameVi: 'Nguồn vốn',
        options: [
          { code: 'NSTW', nameVi: 'Ngân sách trung ương' },
          { code: 'NSDP', nameVi: 'Ngân sách địa phương' },
          { code: 'ODA', nameVi: 'ODA' },
        ],
      }),
    );
    await ok(w.admin.post('/api/dataElements', { code: 'VON_DAU_TU', nameVi: 'Vốn đầu tư', valueType: 'NUMBER', aggregationType: 'SUM' }));
    await ok(w.admin.post('/api/dataElements', { code: 'VON_TON', nameVi: 'Vốn còn lại', valueType: 'NUMBER', aggregationType: 'LAST' }));
    await ok(
      w.admin.post('/api/regimes', {
        code: 'BC_VON',
        nameVi: 'Báo cáo vốn đầu tư',
        periodType: 'MONTHLY',
        cutoffRule: 'CALENDAR',
        deadlineDays: 5,
        attributeDisaggregation: 'NGUON_VON',
        sections: [{ code: 'A', nameVi: 'Vốn', elements: [{ dataElement: 'VON_DAU_TU' }, { dataElement: 'VON_TON' }] }],
        assignments: [{ group: 'TINH' }],
      }),
    );
  });
  after(() => w.t.close());

  test('the regime declares its attribute disaggregation; an unknown one is refused', async () => {
    const r = await w.admin.get('/api/regimes/BC_VON');
    assert.equal(r.json().attributeDisaggregation, 'NGUON_VON');
    assert.equal((await w.admin.get('/api/regimes/BC_THANG')).json().attributeDisaggregation, null);
    const bad = await w.admin.patch('/api/regimes/BC_THANG', { attributeDisaggregation: 'KHONG_CO' });
    assert.equal(bad.statusCode, 400, bad.body);
    assert.equal(bad.json().error.code, 'UNKNOWN_DISAGGREGATION');
  });

  test('values differing only in attributeOptionCombo are kept apart; unknown, foreign and missing ones are refused by DHIS2 code', async () => {
    const res = await post({
      period: '202302',
      orgUnit: 'HN',
      dataValues: [
        { dataElement: 'VON_DAU_TU', attributeOptionCombo: 'NSTW', value: '100' },
        { dataElement: 'VON_DAU_TU', attributeOptionCombo: 'NSDP', value: '30' },
        { dataElement: 'VON_DAU_TU', attributeOptionCombo: 'ODA', value: '7', orgUnit: 'HP' },
        { dataElement: 'VON_DAU_TU', attributeOptionCombo: 'KHONG_CO', value: '1' },
        { dataElement: 'VON_DAU_TU', value: '2' },
        { dataElement: 'DOANH_THU', attributeOptionCombo: 'NSTW', value: '3' },
      ],
    });
    assert.equal(res.statusCode, 200, res.body);
    const r = res.json().response;
    assert.deepEqual(r.importCount, { imported: 3, updated: 0, ignored: 3, deleted: 0 }, res.body);
    const codes = r.conflicts.map((c: { errorCode: string; property: string; indexes: number[] }) => [c.errorCode, c.property, c.indexes]);
    assert.deepEqual(codes, [
      ['E7615', 'attributeOptionCombo', [3]],
      ['E7631', 'attributeOptionCombo', [4]],
      ['E7615', 'attributeOptionCombo', [5]],
    ]);
    assert.deepEqual(await stored('VON_DAU_TU'), [
      { ou: 'HN', ao: 'NSDP', v: 30 },
      { ou: 'HN', ao: 'NSTW', v: 100 },
      { ou: 'HP', ao: 'ODA', v: 7 },
    ]);
    // The same key again updates only its own attribute option.
    const again = await post({ dataValues: [{ dataElement: 'VON_DAU_TU', period: '202302', orgUnit: 'HN', attributeOptionCombo: 'NSTW', value: '110' }] });
    assert.deepEqual(again.json().response.importCount, { imported: 0, updated: 1, ignored: 0, deleted: 0 }, again.body);
    assert.deepEqual((await stored('VON_DAU_TU')).slice(0, 2), [
      { ou: 'HN', ao: 'NSDP', v: 30 },
      { ou: 'HN', ao: 'NSTW', v: 110 },
    ]);
    // By UID, and as the set's default.
    const uid = (await w.t.db.query<{ uid: string }>(`SELECT uid FROM disaggregation_option WHERE code = 'ODA'`)).rows[0].uid;
    const byUid = await post({ attributeOptionCombo: uid, dataValues: [{ dataElement: 'VON_DAU_TU', period: '202302', orgUnit: 'HN', value: '5' }] }, '?attributeOptionComboIdScheme=UID');
    assert.deepEqual(byUid.json().response.importCount, { imported: 1, updated: 0, ignored: 0, deleted: 0 }, byUid.body);
    // CSV with DHIS2's attroptcombo column; deleting one attribute option leaves the others.
    const csv = await post('dataelement,period,orgunit,catoptcombo,attroptcombo,value,deleted\nVON_DAU_TU,202302,HN,,ODA,,true\n', '', 'text/csv');
    assert.deepEqual(csv.json().response.importCount, { imported: 0, updated: 0, ignored: 0, deleted: 1 }, csv.body);
    assert.deepEqual(
      (await stored('VON_DAU_TU')).map((x) => x.ao),
      ['NSDP', 'NSTW', 'ODA'],
    );
    // A regime without an attribute disaggregation takes no attribute option of another regime's (E7635).
    const foreign = await post({ dataValues: [{ dataElement: 'ND_GO', categoryOptionCombo: 'KHAC', period: '202302', orgUnit: 'HN', attributeOptionCombo: 'NSTW', value: '4' }] });
    assert.equal(foreign.json().response.conflicts[0].errorCode, 'E7615', foreign.body);
    await rollupMatchesRecomputation();
  });

  test('history and stored values name the attribute option; export writes each value’s attributeOptionCombo', async () => {
    const history = await w.admin.get('/api/dataValues/history?orgUnit=HN&period=202302&dataElement=VON_DAU_TU');
    assert.equal(history.statusCode, 200, history.body);
    const changes = history.json().items.map((h: { attributeOption: string | null; changeType: string; newValue: string | null }) => [h.attributeOption, h.changeType, h.newValue]);
    // The first two went in by one statement: their order between them is not the point.
    assert.deepEqual(
      [...changes.slice(0, 3), ...changes.slice(3).sort()],
      [
        ['ODA', 'DELETE', null],
        ['ODA', 'CREATE', '5'],
        ['NSTW', 'UPDATE', '110'],
        ['NSDP', 'CREATE', '30'],
        ['NSTW', 'CREATE', '100'],
      ],
    );
    // In the options' order, as the disaggregation lists them.
    const values = await w.admin.get('/api/dataValues?orgUnit=VN&children=true&dataElement=VON_DAU_TU&period=202302');
    assert.deepEqual(
      values.json().items.map((v: { orgUnit: string; attributeOption: string | null }) => [v.orgUnit, v.attributeOption]),
      [
        ['HN', 'NSTW'],
        ['HN', 'NSDP'],
        ['HP', 'ODA'],
      ],
    );
    const json = await get('/api/dataValueSets?dataSet=BC_VON&period=202302&orgUnit=VN&children=true');
    assert.equal(json.statusCode, 200, json.body);
    assert.deepEqual(
      json.json().dataValues.map((v: { orgUnit: string; attributeOptionCombo: string; value: string }) => [v.orgUnit, v.attributeOptionCombo, v.value]),
      [
        ['HN', 'NSTW', '110'],
        ['HN', 'NSDP', '30'],
        ['HP', 'ODA', '7'],
      ],
    );
    const only = await get('/api/dataValueSets?dataSet=BC_VON&period=202302&orgUnit=VN&children=true&attributeOptionCombo=ODA');
    assert.deepEqual(
      only.json().dataValues.map((v: { attributeOptionCombo: string }) => v.attributeOptionCombo),
      ['ODA'],
    );
    const unknown = await get('/api/dataValueSets?dataSet=BC_VON&period=202302&orgUnit=VN&attributeOptionCombo=KHONG_CO');
    assert.equal(unknown.json().error.code, 'E2011', unknown.body);
    const csv = await get('/api/dataValueSets.csv?dataSet=BC_VON&period=202302&orgUnit=HN');
    assert.match(csv.body, /\nVON_DAU_TU,202302,HN,default,NSTW,110,/);
    const adx = await get('/api/dataValueSets.adx?dataSet=BC_VON&period=202302&orgUnit=HN');
    assert.match(adx.body, /<group orgUnit="HN" period="2023-02-01\/P1M" dataSet="BC_VON" NGUON_VON="NSTW">/, adx.body);
    // What the export wrote imports back unchanged (ADX names the attribute option by its category).
    const back = await post(adx.body, '', 'application/adx+xml');
    assert.deepEqual(back.json().response.importCount, { imported: 0, updated: 0, ignored: 2, deleted: 0 }, back.body);
  });

  test('analytics totals add the attribute options of each unit, from the roll-up and from the raw values alike', async () => {
    const total = async (qs: string) => {
      const res = await w.admin.get(`/api/analytics?${qs}&dataStatus=ALL`);
      assert.equal(res.statusCode, 200, res.body);
      const rows = res.json().rows as string[][];
      return rows.length ? Number(rows[0][3]) : undefined;
    };
    // Province-sized units read the roll-up, the country its level-2 rows: both add the attribute options.
    assert.equal(await total('dimension=dx:VON_DAU_TU&dimension=pe:202302&dimension=ou:HN'), 140);
    assert.equal(await total('dimension=dx:VON_DAU_TU&dimension=pe:202302&dimension=ou:VN'), 147);
    // LAST (a stock): a unit's last period total is the sum of its attribute options' values of that period.
    await post({
      period: '202302',
      orgUnit: 'HN',
      dataValues: [
        { dataElement: 'VON_TON', attributeOptionCombo: 'NSTW', value: '50' },
        { dataElement: 'VON_TON', attributeOptionCombo: 'NSDP', value: '20' },
      ],
    });
    assert.equal(await total('dimension=dx:VON_TON&dimension=pe:202302&dimension=ou:VN'), 70);
    await rollupMatchesRecomputation();
  });
});
