import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, insertOrgUnit, type TestApp, type TestClient } from '../../testing/test-app.ts';
import { insertElement, insertRegime, putStatus, putValue } from '../../testing/factories.ts';

const DAY = 86_400_000;

describe('data quality: correct, complete, clean, live on a small fixture', () => {
  let t: TestApp;
  let admin: TestClient;
  before(async () => {
    t = await createTestApp();
    await insertOrgUnit(t.db, 'VN', 'Việt Nam', null);
    await insertOrgUnit(t.db, 'A', 'Hà Nội', 'VN');
    await insertOrgUnit(t.db, 'B', 'Hải Phòng', 'VN');
    await insertOrgUnit(t.db, 'C', 'Đà Nẵng', 'VN');
    await insertElement(t.db, 'E1', { nameVi: 'E1', valueType: 'INTEGER' });
    await insertElement(t.db, 'E2', { nameVi: 'E2', valueType: 'INTEGER', max: 50 });
    await insertElement(t.db, 'E3', { nameVi: 'E3', valueType: 'INTEGER' });
    await insertRegime(t.db, 'BC', { sections: [{ code: 'S', nameVi: 'Chung', elements: ['E1', 'E2', 'E3'] }], units: ['A', 'B', 'C'] });
    const recent = new Date(Date.now() - 10 * DAY - 3_600_000).toISOString();
    const old = new Date(Date.now() - 40 * DAY).toISOString();
    const put = async (orgUnit: string, period: string, values: number[], updatedAt: string) => {
      for (const [i, value] of values.entries()) await putValue(t.db, { element: `E${i + 1}`, period, orgUnit, value, updatedAt });
    };
    // A copies January into February (3 duplicated values); B's E2 = 60 is above its maximum 50.
    await put('A', '202301', [10, 20, 30], old);
    await put('A', '202302', [10, 20, 30], recent);
    await put('B', '202301', [5, 6, 7], old);
    await put('B', '202302', [5, 60, 8], recent);
    // C, expected too, sends nothing. A on time, B late.
    await putStatus(t.db, { regime: 'BC', period: '202302', orgUnit: 'A', status: 'SUBMITTED', isLate: false });
    await putStatus(t.db, { regime: 'BC', period: '202302', orgUnit: 'B', status: 'APPROVED', isLate: true });
    await t.createUser('admin', [{ role: 'ADMIN', orgUnit: null }]);
    admin = await t.login('admin');
    for (const [code, left, right] of [
      ['R1', '#{E1}', '#{E2}'],
      ['R2', '#{E3}', '#{E2}'],
    ]) {
      const res = await admin.post('/api/validation-rules', { code, nameVi: code, leftExpression: left, operator: code === 'R1' ? 'LE' : 'GE', rightExpression: right, regime: 'BC' });
      assert.equal(res.statusCode, 201, res.body);
    }
    // A: 10 ≤ 20 and 30 ≥ 20 pass; B: 5 ≤ 60 passes, 8 ≥ 60 fails.
    const run = await admin.post('/api/validation/run', { regime: 'BC', orgUnit: 'VN', periods: ['202302'] });
    assert.equal(run.json().errors, 1);
  });
  after(() => t.close());

  test('the subtree scores match the counts worked out by hand', async () => {
    const res = await admin.get('/api/data-quality?regime=BC&orgUnit=VN&periods=202302');
    assert.equal(res.statusCode, 200, res.body);
    const q = res.json().quality;
    assert.deepEqual(q.correct, { score: 75, evaluated: 4, passed: 3, failed: 1 });
    assert.deepEqual(q.complete, { score: 66.7, expected: 3, received: 2, missing: 1 });
    assert.deepEqual(q.clean, { score: 33.3, values: 6, outliers: 1, duplicates: 3, clean: 2 });
    assert.equal(q.live.score, 33.3);
    assert.equal(q.live.onTime, 1);
    assert.equal(q.live.late, 1);
    assert.equal(q.live.latestValueAgeDays, 10);
  });

  test('per child unit', async () => {
    const res = await admin.get('/api/data-quality?regime=BC&orgUnit=VN&periods=202302&byChild=true');
    const byCode = new Map(res.json().children.map((c: { orgUnit: { code: string }; quality: unknown }) => [c.orgUnit.code, c.quality]));
    const a = byCode.get('A') as { correct: { score: number }; complete: { score: number }; clean: { score: number }; live: { score: number } };
    const b = byCode.get('B') as typeof a;
    const c = byCode.get('C') as {
      correct: { score: number | null };
      complete: { score: number };
      clean: { score: number | null; values: number };
      live: { score: number; latestValueAgeDays: number | null };
    };
    assert.deepEqual([a.correct.score, a.complete.score, a.clean.score, a.live.score], [100, 100, 0, 100]);
    assert.deepEqual([b.correct.score, b.complete.score, b.clean.score, b.live.score], [50, 100, 66.7, 0]);
    assert.deepEqual([c.correct.score, c.complete.score, c.clean.score, c.clean.values, c.live.score, c.live.latestValueAgeDays], [null, 0, null, 0, 0, null]);
  });

  test('a period without any report: nothing received, nothing scored but completeness', async () => {
    const res = await admin.get('/api/data-quality?regime=BC&orgUnit=VN&period=202305');
    const q = res.json().quality;
    assert.equal(q.complete.expected, 3);
    assert.equal(q.complete.score, 0);
    assert.equal(q.correct.score, null);
    assert.equal(q.clean.values, 0);
  });

  test('no period at all is refused', async () => {
    const res = await admin.get('/api/data-quality?regime=BC&orgUnit=VN');
    assert.equal(res.statusCode, 400);
    assert.equal(res.json().error.code, 'PERIOD_REQUIRED');
  });
});
