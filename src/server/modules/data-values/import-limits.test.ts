// Bounded work before any check: POST /api/dataValueSets refuses a caller who may write nowhere
// before reading a byte, and a body, a value count or one value over its configured limit at that
// limit, writing nothing.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { createReportingWorld, type ReportingWorld } from '../regimes/test-fixtures.ts';

describe('dataValueSets: limits and permission before the body is read', () => {
  let w: ReportingWorld;
  let token: string;
  const headers = (extra: Record<string, string> = {}) => ({ 'content-type': 'application/json', authorization: `Bearer ${token}`, 'accept-language': 'en', ...extra });
  const stored = async () => (await w.t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM data_value')).rows[0].n;
  const value = (i: number) => ({ dataElement: 'DOANH_THU', period: '202302', orgUnit: i % 2 ? 'HN' : 'HP', value: String(i) });

  before(async () => {
    w = await createReportingWorld({ env: { IMPORT_MAX_BYTES: '4096', IMPORT_MAX_VALUES: '5', IMPORT_MAX_ROW_CHARS: '1024' } });
    token = (await w.admin.post('/api/tokens', { name: 'vn-system', orgUnit: 'VN' })).json().token;
  });
  after(() => w.t.close());

  test('within the limits the set goes in', async () => {
    const res = await w.t.app.inject({ method: 'POST', url: '/api/dataValueSets', payload: JSON.stringify({ dataValues: [value(1), value(2)] }), headers: headers() });
    assert.equal(res.statusCode, 200, res.body);
    await w.t.db.query('DELETE FROM data_value_history');
    await w.t.db.query('DELETE FROM data_value');
  });

  test('more values than IMPORT_MAX_VALUES: 413 naming the first value over, nothing written', async () => {
    const res = await w.t.app.inject({ method: 'POST', url: '/api/dataValueSets', payload: JSON.stringify({ dataValues: [0, 1, 2, 3, 4, 5].map(value) }), headers: headers() });
    assert.equal(res.statusCode, 413, res.body);
    assert.equal(res.json().error.code, 'TOO_MANY_VALUES');
    assert.equal(res.json().error.details[0].path, 'dataValues[5]');
    assert.equal(await stored(), 0);
  });

  test('a body over IMPORT_MAX_BYTES: declared or streamed, 413 at the limit', async () => {
    const big = JSON.stringify({ dataSet: 'x'.repeat(5000), dataValues: [value(1)] });
    const declared = await w.t.app.inject({ method: 'POST', url: '/api/dataValueSets', payload: big, headers: headers() });
    assert.equal(declared.statusCode, 413, declared.body);
    assert.equal(declared.json().error.code, 'BODY_TOO_LARGE');
    assert.equal(declared.json().error.details[0].path, 'body');
    assert.equal(declared.headers.connection, 'close');
    // Without a length: counted as it arrives. The body never ends, so an answer at all means the
    // server stopped reading; what was pulled is the limit plus the streams' read-ahead.
    let pulled = 0;
    const endless = new Readable({
      read() {
        pulled++;
        this.push(pulled === 1 ? '{"dataValues":[' : `${JSON.stringify(value(pulled))},`);
      },
    });
    const streamed = await w.t.app.inject({ method: 'POST', url: '/api/dataValueSets?atomic=false', payload: endless, headers: headers({ 'transfer-encoding': 'chunked' }) });
    assert.equal(streamed.statusCode, 413, streamed.body);
    assert.ok(['BODY_TOO_LARGE', 'TOO_MANY_VALUES'].includes(streamed.json().error.code));
    assert.ok(pulled * 80 < 4096 + 64 * 1024, `pulled ${pulled} chunks`);
    assert.equal(await stored(), 0);
  });

  test('one value longer than IMPORT_MAX_ROW_CHARS: 413 naming it', async () => {
    const res = await w.t.app.inject({
      method: 'POST',
      url: '/api/dataValueSets',
      payload: JSON.stringify({ dataValues: [value(1), { ...value(2), comment: 'y'.repeat(2000) }] }),
      headers: headers(),
    });
    assert.equal(res.statusCode, 413, res.body);
    assert.equal(res.json().error.code, 'VALUE_TOO_LARGE');
    assert.equal(res.json().error.details[0].path, 'dataValues[1]');
    assert.equal(await stored(), 0);
  });

  test('a caller who may write data nowhere is refused before a byte of the body is read', async () => {
    await w.t.createUser('council', [{ role: 'COUNCIL_MEMBER', orgUnit: 'VN' }]);
    const council = await w.login('council');
    let read = false;
    const body = new Readable({
      read() {
        read = true;
        this.push(JSON.stringify({ dataValues: [value(1)] }));
        this.push(null);
      },
    });
    const res = await council.request({ method: 'POST', url: '/api/dataValueSets', payload: body, headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked' } });
    assert.equal(res.statusCode, 403, res.body);
    assert.equal(res.json().error.code, 'FORBIDDEN');
    assert.equal(read, false);
  });
});
