import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, insertOrgUnit, type TestApp, type TestClient } from '../../testing/test-app.ts';
import { insertElement, insertRegime, putValue } from '../../testing/factories.ts';

describe("outliers: far from the unit's own history, or outside the bounds", () => {
  let t: TestApp;
  let admin: TestClient;
  before(async () => {
    t = await createTestApp();
    await insertOrgUnit(t.db, 'VN', 'Việt Nam', null);
    await insertOrgUnit(t.db, 'HN', 'Hà Nội', 'VN');
    await insertOrgUnit(t.db, 'HP', 'Hải Phòng', 'VN');
    await insertElement(t.db, 'SUBSCRIBERS', { valueType: 'INTEGER', nameVi: 'Số thuê bao', min: 0 });
    await insertElement(t.db, 'RATE', { nameVi: 'Tỷ lệ', valueType: 'PERCENTAGE', max: 100 });
    await insertElement(t.db, 'TOURISTS', { valueType: 'INTEGER', nameVi: 'Khách du lịch', seasonal: true });
    await insertElement(t.db, 'NOTE', { nameVi: 'Ghi chú', valueType: 'TEXT' });
    await insertRegime(t.db, 'BC_T', { sections: [{ code: 'S', nameVi: 'Chung', elements: ['SUBSCRIBERS', 'RATE', 'TOURISTS', 'NOTE'] }], units: ['HN', 'HP'] });
    // Seven months of steady history: median 100, MAD 2 → expected 89.62 … 110.38.
    const history = [100, 102, 98, 101, 99, 103, 97];
    for (const [i, v] of history.entries()) {
      const month = String(6 + i).padStart(2, '0');
      await putValue(t.db, { element: 'SUBSCRIBERS', period: `2022${month}`, orgUnit: 'HN', value: v });
      await putValue(t.db, { element: 'SUBSCRIBERS', period: `2022${month}`, orgUnit: 'HP', value: v * 10 });
    }
    await putValue(t.db, { element: 'SUBSCRIBERS', period: '202301', orgUnit: 'HN', value: 1000 }); // an extra zero
    await putValue(t.db, { element: 'SUBSCRIBERS', period: '202301', orgUnit: 'HP', value: 1010 }); // normal for Hải Phòng
    await putValue(t.db, { element: 'RATE', period: '202301', orgUnit: 'HN', value: 140 }); // above the bound, no history needed
    // Tourists peak every July: July 2023 at the usual peak is normal although far above the other months.
    for (const year of [2020, 2021, 2022]) {
      for (const m of ['05', '06', '07']) await putValue(t.db, { element: 'TOURISTS', period: `${year}${m}`, orgUnit: 'HP', value: m === '07' ? 4800 + 200 * (year - 2020) : 1000 });
    }
    await putValue(t.db, { element: 'TOURISTS', period: '202307', orgUnit: 'HP', value: 5050 });
    await t.createUser('admin', [{ role: 'ADMIN', orgUnit: null }]);
    await t.createUser('hp', [{ role: 'REPORTING_OFFICER', orgUnit: 'HP' }]);
    admin = await t.login('admin');
  });
  after(() => t.close());

  test("an extra zero is flagged with its expected range; the neighbour's normal value is not", async () => {
    const res = await admin.get('/api/outliers?regime=BC_T&orgUnit=VN&period=202301');
    assert.equal(res.statusCode, 200, res.body);
    const body = res.json();
    assert.equal(body.checked, 3);
    assert.equal(body.flagged, 2);
    const sub = body.items.find((i: { dataElement: { code: string } }) => i.dataElement.code === 'SUBSCRIBERS');
    assert.equal(sub.orgUnit.code, 'HN');
    assert.equal(sub.value, 1000);
    assert.equal(sub.basis, 'OVERALL');
    assert.equal(sub.median, 100);
    assert.ok(Math.abs(sub.expectedLow - 89.62) < 0.01 && Math.abs(sub.expectedHigh - 110.38) < 0.01, `${sub.expectedLow} … ${sub.expectedHigh}`);
    assert.equal(sub.reasons[0].code, 'ROBUST_Z');
    assert.match(sub.reasons[0].message, /khác thường/);
    assert.equal(sub.historyCount, 7);
    const rate = body.items.find((i: { dataElement: { code: string } }) => i.dataElement.code === 'RATE');
    assert.equal(rate.reasons[0].code, 'ABOVE_MAX');
    assert.equal(rate.basis, 'NONE');
    assert.ok(!body.items.some((i: { orgUnit: { code: string } }) => i.orgUnit.code === 'HP'));
  });

  test('a seasonal element is compared with the same month of earlier years', async () => {
    const res = await admin.get('/api/outliers?regime=BC_T&orgUnit=HP&periods=202307', { 'accept-language': 'en' });
    assert.equal(res.json().checked, 1);
    assert.equal(res.json().flagged, 0);
    await putValue(t.db, { element: 'TOURISTS', period: '202307', orgUnit: 'HP', value: 1000 });
    const low = await admin.get('/api/outliers?regime=BC_T&orgUnit=HP&periods=202307', { 'accept-language': 'en' });
    const item = low.json().items[0];
    assert.equal(item.basis, 'SEASONAL');
    assert.equal(item.reasons[0].code, 'SEASONAL_Z');
    assert.equal(item.median, 5000);
    assert.match(item.reasons[0].message, /same month/);
  });

  test('periods of another type and units out of scope are refused', async () => {
    const wrongType = await admin.get('/api/outliers?regime=BC_T&orgUnit=VN&period=2023Q1');
    assert.equal(wrongType.statusCode, 400);
    assert.equal(wrongType.json().error.code, 'PERIOD_TYPE_MISMATCH');
    const hp = await t.login('hp');
    assert.equal((await hp.get('/api/outliers?regime=BC_T&orgUnit=VN&period=202301')).statusCode, 403);
    assert.equal((await hp.get('/api/outliers?regime=BC_T&orgUnit=HP&period=202301')).statusCode, 200);
  });
});
