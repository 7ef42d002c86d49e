import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { TestClient } from '../../testing/test-app.ts';
import { createReportingWorld, type ReportingWorld } from '../regimes/test-fixtures.ts';

describe('data values: the write path, the machine API, history', () => {
  let w: ReportingWorld;
  let officer: TestClient;
  let hnToken: string;
  let vnToken: string;
  const bearer = (token: string, extra: Record<string, string> = {}) => ({ authorization: `Bearer ${token}`, ...extra });
  const postSet = (token: string, body: unknown, query = '', headers: Record<string, string> = {}) =>
    w.t.app.inject({
      method: 'POST',
      url: `/api/dataValueSets${query}`,
      payload: typeof body === 'string' ? body : JSON.stringify(body),
      headers: { 'content-type': 'application/json', ...bearer(token), ...headers },
    });
  const stored = async (de: string, iso: string, ou: string) =>
    (
      await w.t.db.query<{ value: number | null; text_value: string | null; source: string; option: string | null }>(
        `SELECT dv.value, dv.text_value, dv.source, o.code AS option FROM data_value dv
           JOIN data_element de ON de.id = dv.data_element_id JOIN period p ON p.id = dv.period_id JOIN org_unit ou ON ou.id = dv.org_unit_id
           LEFT JOIN disaggregation_option o ON o.id = dv.option_id
          WHERE de.code = $1 AND p.iso = $2 AND ou.code = $3 ORDER BY o.code NULLS FIRST`,
        [de, iso, ou],
      )
    ).rows;

  before(async () => {
    w = await createReportingWorld();
    await w.t.createUser('officer-hn', [{ role: 'REPORTING_OFFICER', orgUnit: 'HN' }]);
    officer = await w.login('officer-hn');
    hnToken = (await w.admin.post('/api/tokens', { name: 'hn-system', orgUnit: 'HN' })).json().token;
    vnToken = (await w.admin.post('/api/tokens', { name: 'vn-system', orgUnit: 'VN' })).json().token;
    assert.ok(hnToken && vnToken);
  });
  after(() => w.t.close());

  test('one value from the form: typed, stored, history written, refused with a reason', async () => {
    const ok = await officer.post('/api/dataValues', { dataElement: 'TY_LE', period: '202302', orgUnit: 'HN', value: '87.5' });
    assert.equal(ok.statusCode, 200, ok.body);
    assert.equal(ok.json().imported, 1);
    const upd = await officer.post('/api/dataValues', { dataElement: 'TY_LE', period: '202302', orgUnit: 'HN', value: 90 });
    assert.equal(upd.json().updated, 1);
    const same = await officer.post('/api/dataValues', { dataElement: 'TY_LE', period: '202302', orgUnit: 'HN', value: '90' });
    assert.equal(same.json().ignored, 1);
    const over = await officer.post('/api/dataValues', { dataElement: 'TY_LE', period: '202302', orgUnit: 'HN', value: 101 }, { 'accept-language': 'en' });
    assert.equal(over.statusCode, 422);
    assert.equal(over.json().error.code, 'VALUE_OUT_OF_RANGE');
    assert.equal(over.json().error.details[0].path, 'body.value');
    assert.match(over.json().error.message, /'101' .*percentage.*must be from 0 to 100/);
    const hp = await officer.post('/api/dataValues', { dataElement: 'TY_LE', period: '202302', orgUnit: 'HP', value: 1 });
    assert.equal(hp.statusCode, 422);
    assert.equal(hp.json().error.code, 'ORG_UNIT_OUT_OF_SCOPE');
    const del = await officer.post('/api/dataValues', { dataElement: 'TY_LE', period: '202302', orgUnit: 'HN', value: '' });
    assert.equal(del.json().deleted, 1);
    const history = await officer.get('/api/dataValues/history?orgUnit=HN&period=202302&dataElement=TY_LE');
    assert.deepEqual(
      history.json().items.map((h: { changeType: string; oldValue: string | null; newValue: string | null; changedBy: string }) => [h.changeType, h.oldValue, h.newValue, h.changedBy]),
      [
        ['DELETE', '90', null, 'officer-hn'],
        ['UPDATE', '87.5', '90', 'officer-hn'],
        ['CREATE', null, '87.5', 'officer-hn'],
      ],
    );
  });

  test('value types: integer, boolean, text, zero that is not significant', async () => {
    const cases: [string, unknown, number][] = [
      ['TB_DI_DONG', '12.5', 422],
      ['TB_DI_DONG', '12', 200],
      ['CO_SOC', 'maybe', 422],
      ['CO_SOC', 'false', 200],
      ['GHI_CHU', 'Đã triển khai', 200],
      ['DOANH_THU', '0', 200],
    ];
    for (const [de, value, status] of cases) {
      const res = await officer.post('/api/dataValues', { dataElement: de, period: '202302', orgUnit: 'HN', value });
      assert.equal(res.statusCode, status, `${de}=${value}: ${res.body}`);
    }
    assert.equal((await stored('CO_SOC', '202302', 'HN'))[0].value, 0);
    assert.equal((await stored('GHI_CHU', '202302', 'HN'))[0].text_value, 'Đã triển khai');
    assert.equal((await stored('DOANH_THU', '202302', 'HN'))[0].value, 0);
    // TB_DI_DONG does not count zero: a zero is not stored.
    const zero = await officer.post('/api/dataValues', { dataElement: 'TB_DI_DONG', period: '202302', orgUnit: 'HN', value: 0 });
    assert.equal(zero.json().deleted, 1);
  });

  test('the machine API rejects with reasons: scope, closed unit, locked period, element not in regime, options', async () => {
    const res = await postSet(
      vnToken,
      {
        dataValues: [
          { dataElement: 'TB_DI_DONG', period: '202302', orgUnit: 'HP', value: '500' },
          { dataElement: 'TB_DI_DONG', period: '202302', orgUnit: 'NEW', value: '1' },
          { dataElement: 'TB_DI_DONG', period: '202301', orgUnit: 'HP', value: '1' },
          { dataElement: 'NGOAI', period: '202302', orgUnit: 'HP', value: '1' },
          { dataElement: 'ND_GO', period: '202302', orgUnit: 'HP', value: '1' },
          { dataElement: 'ND_GO', period: '202302', orgUnit: 'HP', categoryOptionCombo: 'TIKTOK', value: '1' },
          { dataElement: 'TB_DI_DONG', period: '2023Q1', orgUnit: 'HP', value: '1' },
          { dataElement: 'KHONG_CO', period: '202302', orgUnit: 'HP', value: '1' },
          { dataElement: 'TB_DI_DONG', period: '202399', orgUnit: 'HP', value: '1' },
          { dataElement: 'TB_DI_DONG', period: '202302', orgUnit: 'KHONG_CO', value: '1' },
        ],
      },
      '?atomic=false',
      { 'accept-language': 'en' },
    );
    assert.equal(res.statusCode, 200, res.body);
    const body = res.json().response;
    assert.equal(body.status, 'WARNING');
    assert.deepEqual(body.importCount, { imported: 1, updated: 0, ignored: 9, deleted: 0 });
    assert.deepEqual(
      body.conflicts.map((c: { indexes: number[]; code: string; errorCode: string }) => [c.indexes[0], c.code, c.errorCode]),
      [
        [1, 'ORG_UNIT_CLOSED', 'E2019'],
        [2, 'PERIOD_LOCKED', 'E7640'],
        [3, 'ELEMENT_NOT_IN_REGIME', 'E7636'],
        [4, 'OPTION_REQUIRED', 'E7630'],
        [5, 'INVALID_OPTION', 'E7613'],
        [6, 'PERIOD_TYPE_MISMATCH', 'E7632'],
        [7, 'UNKNOWN_DATA_ELEMENT', 'E7610'],
        [8, 'INVALID_PERIOD', 'E7611'],
        [9, 'UNKNOWN_ORG_UNIT', 'E7612'],
      ],
    );
    assert.deepEqual(body.rejectedIndexes, [1, 2, 3, 4, 5, 6, 7, 8, 9]);
    assert.match(body.conflicts[0].value, /'Tỉnh Mới' \(NEW\) is not open in February 2023 \(opened 1 Jul 2025/);
    const scoped = await postSet(hnToken, { dataValues: [{ dataElement: 'TB_DI_DONG', period: '202302', orgUnit: 'HP', value: '7' }] });
    assert.equal(scoped.json().response.conflicts[0].errorCode, 'E7617');
    assert.match(scoped.json().response.conflicts[0].value, /ngoài phạm vi/);
    const audit = await w.t.db.query<{ token_id: number }>("SELECT token_id FROM audit_log WHERE action = 'dataValues.write' AND token_id IS NOT NULL");
    assert.ok(audit.rowCount >= 1);
  });

  test('atomic=true: one bad value and nothing is written', async () => {
    const res = await postSet(
      hnToken,
      {
        period: '202302',
        orgUnit: 'HN',
        dataValues: [
          { dataElement: 'DOANH_THU', value: '150.5' },
          { dataElement: 'ND_GO', categoryOptionCombo: 'YOUTUBE', value: 'nhiều' },
        ],
      },
      '?atomic=true',
    );
    assert.equal(res.statusCode, 409, res.body);
    assert.equal(res.json().status, 'ERROR');
    assert.equal(res.json().httpStatus, 'Conflict');
    assert.deepEqual(res.json().response.importCount, { imported: 0, updated: 0, ignored: 2, deleted: 0 });
    assert.deepEqual(res.json().response.conflicts[0].indexes, [1]);
    assert.equal((await stored('DOANH_THU', '202302', 'HN'))[0].value, 0);
  });

  test('dryRun reports what would happen and writes nothing', async () => {
    const res = await postSet(hnToken, { dataValues: [{ dataElement: 'ND_GO', period: '202302', orgUnit: 'HN', option: 'YOUTUBE', value: '4' }] }, '?dryRun=true');
    assert.equal(res.statusCode, 200);
    assert.equal(res.json().response.importOptions.dryRun, true);
    assert.equal(res.json().response.importCount.imported, 1);
    assert.deepEqual(await stored('ND_GO', '202302', 'HN').then((r) => r.filter((x) => x.option === 'YOUTUBE')), []);
  });

  test('CSV with DHIS2 columns in any case and order; NDJSON; idScheme=id', async () => {
    const csv = 'Period,OrgUnit,DataElement,CategoryOptionCombo,Value,Comment\n202302,HN,ND_GO,FACEBOOK,15,"từ hệ thống, lần 1"\n202302,HN,ND_GO,KHAC,2,\n';
    const res = await w.t.app.inject({ method: 'POST', url: '/api/dataValueSets', payload: csv, headers: { 'content-type': 'text/csv', ...bearer(hnToken) } });
    assert.equal(res.statusCode, 200, res.body);
    assert.deepEqual(res.json().response.importCount, { imported: 2, updated: 0, ignored: 0, deleted: 0 });
    const rows = await stored('ND_GO', '202302', 'HN');
    assert.deepEqual(
      rows.map((r) => [r.option, r.value, r.source]),
      [
        ['FACEBOOK', 15, 'API'],
        ['KHAC', 2, 'API'],
      ],
    );
    const noHeader = await w.t.app.inject({ method: 'POST', url: '/api/dataValueSets', payload: 'ND_GO,202302,HN,YOUTUBE,,5\n', headers: { 'content-type': 'text/csv', ...bearer(hnToken) } });
    assert.equal(noHeader.json().response.importCount.imported, 1, noHeader.body);
    const ids = (await w.t.db.query<{ de: number; ou: number }>("SELECT (SELECT id FROM data_element WHERE code='DOANH_THU') AS de, (SELECT id FROM org_unit WHERE code='HN') AS ou")).rows[0];
    const nd = await w.t.app.inject({
      method: 'POST',
      url: '/api/dataValueSets?idScheme=id',
      payload: `{"dataElement":"${ids.de}","period":"202302","orgUnit":"${ids.ou}","value":"99.25"}\n`,
      headers: { 'content-type': 'application/x-ndjson', ...bearer(hnToken) },
    });
    assert.equal(nd.statusCode, 200, nd.body);
    assert.equal((await stored('DOANH_THU', '202302', 'HN'))[0].value, 99.25);
    const unsupported = await w.t.app.inject({ method: 'POST', url: '/api/dataValueSets', payload: '<x/>', headers: { 'content-type': 'application/vnd.ms-excel', ...bearer(hnToken) } });
    assert.equal(unsupported.statusCode, 415);
    const broken = await postSet(hnToken, '{"dataValues":[{"dataElement":"A",');
    assert.equal(broken.statusCode, 400);
    assert.equal(broken.json().error.code, 'MALFORMED_JSON');
  });

  test('Idempotency-Key: a retry replays the first answer and applies once; another body is refused', async () => {
    const body = { dataValues: [{ dataElement: 'TB_DI_DONG', period: '202302', orgUnit: 'HN', value: '777' }] };
    const first = await postSet(hnToken, body, '', { 'idempotency-key': 'k-1' });
    assert.equal(first.statusCode, 200);
    assert.equal(first.json().response.importCount.imported, 1);
    await officer.post('/api/dataValues', { dataElement: 'TB_DI_DONG', period: '202302', orgUnit: 'HN', value: 778 });
    const retry = await postSet(hnToken, body, '', { 'idempotency-key': 'k-1' });
    assert.equal(retry.statusCode, 200);
    assert.equal(retry.headers['idempotent-replayed'], 'true');
    assert.deepEqual(retry.json(), first.json());
    assert.equal((await stored('TB_DI_DONG', '202302', 'HN'))[0].value, 778);
    const other = await postSet(hnToken, { dataValues: [{ ...body.dataValues[0], value: '1' }] }, '', { 'idempotency-key': 'k-1' });
    assert.equal(other.statusCode, 422);
    assert.equal(other.json().error.code, 'IDEMPOTENCY_KEY_REUSED');
    // Keys belong to their caller: the same key from another token is a new request.
    const vn = await postSet(vnToken, body, '', { 'idempotency-key': 'k-1' });
    assert.equal(vn.headers['idempotent-replayed'], undefined);
  });

  test('reading values: by unit, period, element and subtree; scope applies', async () => {
    const res = await officer.get('/api/dataValues?orgUnit=HN&period=202302&dataElement=ND_GO');
    assert.equal(res.statusCode, 200);
    assert.deepEqual(
      res.json().items.map((v: { option: string; value: number }) => [v.option, v.value]),
      [
        ['FACEBOOK', 15],
        ['YOUTUBE', 5],
        ['KHAC', 2],
      ],
    );
    const tree = await w.admin.get('/api/dataValues?orgUnit=VN&children=true&period=202302&dataElement=TB_DI_DONG');
    assert.deepEqual(
      tree
        .json()
        .items.map((v: { orgUnit: string }) => v.orgUnit)
        .sort(),
      ['HN', 'HP'],
    );
    assert.equal((await officer.get('/api/dataValues?orgUnit=HP')).statusCode, 403);
  });

  test('a first report goes in whole, text with tabs, line breaks and backslashes kept exactly', async () => {
    const text = 'dòng 1\ndòng 2\tcột\\x \\N';
    const res = await postSet(
      vnToken,
      {
        orgUnit: 'OLD',
        period: '202302',
        dataValues: [
          { dataElement: 'GHI_CHU', value: text, comment: 'ghi\tchú\r\n\\' },
          { dataElement: 'DOANH_THU', value: '1e3' },
          { dataElement: 'ND_GO', option: 'ZALO', value: '3' },
        ],
      },
      '?atomic=false',
    );
    assert.equal(res.statusCode, 200, res.body);
    assert.deepEqual(res.json().response.importCount, { imported: 2, updated: 0, ignored: 1, deleted: 0 });
    const { rows } = await w.t.db.query<{ text_value: string; comment: string }>(
      `SELECT text_value, comment FROM data_value WHERE data_element_id = (SELECT id FROM data_element WHERE code = 'GHI_CHU') AND org_unit_id = (SELECT id FROM org_unit WHERE code = 'OLD')`,
    );
    assert.deepEqual(rows[0], { text_value: text, comment: 'ghi\tchú\r\n\\' });
    const history = await w.admin.get('/api/dataValues/history?orgUnit=OLD&period=202302');
    assert.deepEqual(
      history
        .json()
        .items.map((h: { dataElement: string; newValue: string; changedBy: string }) => [h.dataElement, h.newValue, h.changedBy])
        .sort(),
      [
        ['DOANH_THU', '1000', 'token:vn-system'],
        ['GHI_CHU', text, 'token:vn-system'],
      ],
    );
    assert.ok(history.json().items.every((h: { tokenId: number | null }) => h.tokenId !== null));
  });

  test('batches: a request larger than one batch keeps indexes and all-or-nothing', async () => {
    const { writeDataValues } = await import('./write.ts');
    const { SYSTEM_ACTOR } = await import('../../access.ts');
    const ctx = { db: w.t.db, actor: SYSTEM_ACTOR, log: w.t.app.log, clock: () => new Date('2023-03-05T03:00:00Z'), config: w.t.config, lang: 'vi' as const };
    const values = Array.from({ length: 25 }, (_, i) => ({ dataElement: 'DOANH_THU', period: '202302', orgUnit: i % 2 ? 'HN' : 'HP', value: i === 23 ? 'x' : i }));
    const failed = await writeDataValues(ctx, values, { source: 'API', batchSize: 10 });
    assert.equal(failed.status, 'ERROR');
    assert.deepEqual(
      failed.conflicts.map((c) => c.index),
      [23],
    );
    assert.equal((await stored('DOANH_THU', '202302', 'HP'))[0]?.value, undefined);
    const partial = await writeDataValues(ctx, values, { source: 'API', batchSize: 10, atomic: false });
    assert.equal(partial.status, 'WARNING');
    // Duplicated keys: the last value wins, earlier ones are ignored.
    assert.equal((await stored('DOANH_THU', '202302', 'HP'))[0].value, 24);
    assert.equal(partial.imported + partial.updated + partial.ignored, 25);
  });
});
