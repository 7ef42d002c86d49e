import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Db } from '../../db/db.ts';
import { SYSTEM_ACTOR, type Actor } from '../../access.ts';
import { createTestDb } from '../../testing/test-db.ts';
import { insertOrgUnit } from '../../testing/test-app.ts';
import { listAuditEntries } from './repo.ts';
import { recordAudit } from './service.ts';

describe('audit trail repo (typed queries)', () => {
  let db: Db;
  let drop: () => Promise<void>;
  let hn: { id: number; path: string };
  let hp: { id: number; path: string };
  const officer: Actor = { kind: 'user', userId: 7, username: 'can-bo', scopes: [], ip: '10.0.0.9', userAgent: 'ua', requestId: 'req-1' };

  before(async () => {
    ({ db, drop } = await createTestDb());
    await insertOrgUnit(db, 'VN', 'Việt Nam', null);
    await insertOrgUnit(db, 'HN', 'Hà Nội', 'VN');
    await insertOrgUnit(db, 'HP', 'Hải Phòng', 'VN');
    const units = await db.query<{ code: string; id: number; path: string }>(`SELECT code, id, path FROM org_unit`);
    hn = units.rows.find((u) => u.code === 'HN') as { id: number; path: string };
    hp = units.rows.find((u) => u.code === 'HP') as { id: number; path: string };
    await recordAudit(db, SYSTEM_ACTOR, { action: 'setting.update', objectType: 'setting', objectId: 'x' });
    await recordAudit(db, officer, { action: 'value.write', objectType: 'data_value', objectId: 12, orgUnitId: hn.id, before: { value: 1, note: 'cũ' }, after: ['a', 2, null], reason: 'sửa' });
    await recordAudit(db, officer, { action: 'value.write', objectType: 'data_value', objectId: 13, orgUnitId: hp.id, before: null, after: 'chuỗi' });
  });
  after(() => drop());

  test('an entry is read back with its JSON values as they were written, newest first', async () => {
    const { total, items } = await listAuditEntries(db, { limit: 10, offset: 0, scopePaths: 'ALL' });
    assert.equal(total, 3);
    assert.deepEqual(
      items.map((i) => i.objectId),
      ['13', '12', 'x'],
    );
    const written = items[1];
    assert.deepEqual(
      { ...written, id: undefined, at: undefined },
      {
        id: undefined,
        at: undefined,
        actorKind: 'user',
        userId: 7,
        username: 'can-bo',
        tokenId: null,
        ip: '10.0.0.9',
        userAgent: 'ua',
        requestId: 'req-1',
        action: 'value.write',
        objectType: 'data_value',
        objectId: '12',
        orgUnitId: hn.id,
        before: { value: 1, note: 'cũ' },
        after: ['a', 2, null],
        reason: 'sửa',
      },
    );
    assert.ok(written.at instanceof Date);
    assert.equal(items[0].after, 'chuỗi');
    assert.equal(items[0].before, null);
  });

  test('filters combine; a scoped reader sees only entries about units in their subtrees', async () => {
    assert.deepEqual(
      (await listAuditEntries(db, { limit: 10, offset: 0, action: 'value.write', userId: 7 })).items.map((i) => i.objectId),
      ['13', '12'],
    );
    const scoped = await listAuditEntries(db, { limit: 10, offset: 0, scopePaths: [hn.path] });
    assert.deepEqual([scoped.total, scoped.items.map((i) => i.objectId)], [1, ['12']]);
    assert.deepEqual(await listAuditEntries(db, { limit: 10, offset: 0, scopePaths: [] }), { total: 0, items: [] });
    const page = await listAuditEntries(db, { limit: 1, offset: 1, scopePaths: 'ALL' });
    assert.deepEqual([page.total, page.items.map((i) => i.objectId)], [3, ['12']]);
    assert.equal((await listAuditEntries(db, { limit: 10, offset: 0, from: '2000-01-01', to: '2000-01-02' })).total, 0);
    assert.equal((await listAuditEntries(db, { limit: 10, offset: 0, from: new Date(Date.now() - 3_600_000).toISOString() })).total, 3);
  });
});
