import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createReportingWorld, type ReportingWorld } from '../regimes/test-fixtures.ts';

interface Change {
  dataElement: string;
  period: string;
  orgUnit: string;
  option: string | null;
  changeType: string;
  oldValue: string | null;
  newValue: string | null;
}

describe('the audit of data value writes names what each request changed', () => {
  let w: ReportingWorld;
  before(async () => {
    w = await createReportingWorld();
  });
  after(() => w.t.close());

  const lastWriteEntry = async () => {
    const res = await w.admin.get('/api/audit?action=dataValues.write&limit=1');
    assert.equal(res.statusCode, 200, res.body);
    return res.json().items[0] as { id: number; requestId: string; after: { imported: number; updated: number; deleted: number } };
  };
  const changesOf = async (id: number, query = '') => {
    const res = await w.admin.get(`/api/audit/${id}/changes${query}`);
    assert.equal(res.statusCode, 200, res.body);
    return res.json() as { total: number; items: Change[] };
  };
  const key = (c: Change) => `${c.changeType} ${c.dataElement} ${c.period} ${c.orgUnit} ${c.option ?? '-'} ${c.oldValue ?? '∅'}→${c.newValue ?? '∅'}`;

  test('every key a request wrote, created, updated or deleted, is listed from its audit entry, and nothing of another request', async () => {
    const first = await w.admin.post('/api/dataValueSets', {
      dataValues: [
        { dataElement: 'TB_DI_DONG', period: '202302', orgUnit: 'HN', value: '1200' },
        { dataElement: 'DOANH_THU', period: '202302', orgUnit: 'HN', value: '3.5' },
        { dataElement: 'ND_GO', period: '202302', orgUnit: 'HN', option: 'FACEBOOK', value: '7' },
      ],
    });
    assert.equal(first.statusCode, 200, first.body);
    const firstEntry = await lastWriteEntry();
    assert.equal(firstEntry.after.imported, 3);

    const second = await w.admin.post('/api/dataValueSets', {
      dataValues: [
        { dataElement: 'TB_DI_DONG', period: '202302', orgUnit: 'HN', value: '1250' },
        { dataElement: 'DOANH_THU', period: '202302', orgUnit: 'HN', value: '3.5' },
        { dataElement: 'TB_DI_DONG', period: '202302', orgUnit: 'HP', value: '900' },
      ],
    });
    assert.equal(second.statusCode, 200, second.body);
    const secondEntry = await lastWriteEntry();
    assert.notEqual(secondEntry.id, firstEntry.id);

    const one = await changesOf(firstEntry.id);
    assert.equal(one.total, 3);
    assert.deepEqual(one.items.map(key).sort(), ['CREATE DOANH_THU 202302 HN - ∅→3.5', 'CREATE ND_GO 202302 HN FACEBOOK ∅→7', 'CREATE TB_DI_DONG 202302 HN - ∅→1200']);
    // The unchanged value wrote no history and is not listed.
    const two = await changesOf(secondEntry.id);
    assert.equal(two.total, secondEntry.after.imported + secondEntry.after.updated + secondEntry.after.deleted);
    assert.deepEqual(two.items.map(key).sort(), ['CREATE TB_DI_DONG 202302 HP - ∅→900', 'UPDATE TB_DI_DONG 202302 HN - 1200→1250']);

    const del = await w.admin.post('/api/dataValueSets?importStrategy=DELETE', { dataValues: [{ dataElement: 'ND_GO', period: '202302', orgUnit: 'HN', option: 'FACEBOOK' }] });
    assert.equal(del.statusCode, 200, del.body);
    assert.deepEqual((await changesOf((await lastWriteEntry()).id)).items.map(key), ['DELETE ND_GO 202302 HN FACEBOOK 7→∅']);

    const paged = await changesOf(firstEntry.id, '?limit=2&offset=2');
    assert.equal(paged.total, 3);
    assert.equal(paged.items.length, 1);
  });

  test('an entry that wrote no values has no changes; an unknown entry is 404; readers without audit rights are refused', async () => {
    const login = (await w.admin.get('/api/audit?action=auth.login&limit=1')).json().items[0];
    assert.deepEqual((await changesOf(login.id)).items, []);
    const missing = await w.admin.get('/api/audit/999999999/changes');
    assert.equal(missing.statusCode, 404);
    await w.t.createUser('canbo-hn', [{ role: 'REPORTING_OFFICER', orgUnit: 'HN' }]);
    const officer = await w.login('canbo-hn');
    assert.equal((await officer.get(`/api/audit/${login.id}/changes`)).statusCode, 403);
  });
});
