import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, insertOrgUnit, type TestApp, type TestClient } from '../../testing/test-app.ts';
import { insertElement, insertValue } from '../../testing/factories.ts';

/** The roll-up as it should be: recomputed from data_value. */
async function expectedRollup(t: TestApp) {
  const { rows } = await t.db.query<{ k: string; sum: number; count: number }>(
    `SELECT d.data_element_id || ':' || d.period_id || ':' || (string_to_array(u.path, '/'))[3] || ':' || d.option_id || ':' || d.data_status AS k, sum(d.value) AS sum, count(*)::int AS count
       FROM data_value d JOIN org_unit u ON u.id = d.org_unit_id WHERE d.value IS NOT NULL AND (string_to_array(u.path, '/'))[3] <> '' GROUP BY 1 ORDER BY 1`,
  );
  return rows;
}

async function actualRollup(t: TestApp) {
  const { rows } = await t.db.query<{ k: string; sum: number; count: number }>(
    `SELECT data_element_id || ':' || period_id || ':' || org_unit_id || ':' || option_id || ':' || data_status AS k, sum, count FROM analytics_rollup WHERE count <> 0 ORDER BY 1`,
  );
  return rows;
}

function assertSameRollup(actual: { k: string; sum: number; count: number }[], expected: { k: string; sum: number; count: number }[]) {
  assert.deepEqual(
    actual.map((r) => [r.k, r.count]),
    expected.map((r) => [r.k, r.count]),
  );
  actual.forEach((r, i) => assert.ok(Math.abs(r.sum - expected[i].sum) < 1e-9, `${r.k}: ${r.sum} vs ${expected[i].sum}`));
}

describe('live roll-up kept by triggers on data_value', () => {
  let t: TestApp;
  let admin: TestClient;
  before(async () => {
    t = await createTestApp();
    await insertOrgUnit(t.db, 'VN', 'Việt Nam', null);
    await insertOrgUnit(t.db, 'P1', 'Tỉnh Một', 'VN');
    await insertOrgUnit(t.db, 'P2', 'Tỉnh Hai', 'VN');
    await insertOrgUnit(t.db, 'D11', 'Huyện 1.1', 'P1');
    await insertOrgUnit(t.db, 'D12', 'Huyện 1.2', 'P1');
    await insertOrgUnit(t.db, 'X121', 'Xã 1.2.1', 'D12');
    await insertOrgUnit(t.db, 'D21', 'Huyện 2.1', 'P2');
    await t.createUser('admin', [{ role: 'ADMIN', orgUnit: null }]);
    admin = await t.login('admin');
    await insertElement(t.db, 'A', { aggregationType: 'SUM', options: ['M', 'F'] });
    await insertElement(t.db, 'B', { aggregationType: 'COUNT' });
  });
  after(() => t.close());

  const value = async (qs: string) => {
    // Every accepted value, drafts included: the roll-up keeps each data status apart.
    const res = await admin.get(`/api/analytics?${qs}&dataStatus=ALL`);
    assert.equal(res.statusCode, 200, res.body);
    const rows = res.json().rows as string[][];
    return rows.length ? Number(rows[0][3]) : undefined;
  };

  test('inserts, updates, deletes and unit moves keep the roll-up equal to the raw values', async () => {
    await insertValue(t.db, 'A', '202401', 'D11', 5, 'M');
    await insertValue(t.db, 'A', '202401', 'D11', 7, 'F');
    await insertValue(t.db, 'A', '202401', 'X121', 11, 'M');
    await insertValue(t.db, 'A', '202401', 'P2', 100, 'M');
    await insertValue(t.db, 'A', '202401', 'VN', 1000, 'M');
    await insertValue(t.db, 'B', '202401', 'D21', 3);
    // A multi-row statement, as an import batch sends it.
    await t.db.query(
      `INSERT INTO data_value (data_element_id, period_id, org_unit_id, option_id, value)
       SELECT de.id, p.id, ou.id, 0, 1 FROM data_element de, period p, org_unit ou WHERE de.code = 'B' AND p.iso = '202401' AND ou.code IN ('D11', 'D12', 'X121')`,
    );
    assertSameRollup(await actualRollup(t), await expectedRollup(t));
    assert.equal(await value('dimension=dx:A&dimension=pe:202401&dimension=ou:VN'), 1123);
    assert.equal(await value('dimension=dx:A.M&dimension=pe:202401&dimension=ou:P1'), 16);
    assert.equal(await value('dimension=dx:B&dimension=pe:2024&dimension=ou:VN'), 4);

    await insertValue(t.db, 'A', '202401', 'D11', 9, 'M'); // update
    await t.db.query(`UPDATE data_value SET value = NULL WHERE org_unit_id = (SELECT id FROM org_unit WHERE code = 'P2')`);
    await t.db.query(`DELETE FROM data_value WHERE org_unit_id = (SELECT id FROM org_unit WHERE code = 'X121') AND option_id <> 0`);
    assertSameRollup(await actualRollup(t), await expectedRollup(t));
    assert.equal(await value('dimension=dx:A&dimension=pe:202401&dimension=ou:VN'), 1016);
    assert.equal(await value('dimension=dx:A&dimension=pe:202401&dimension=ou:P2'), undefined);

    // D12 (with its commune) moves from P1 to P2: its values follow it.
    const { rows } = await t.db.query<{ id: number; path: string }>(`SELECT id, path FROM org_unit WHERE code IN ('P2', 'D12') ORDER BY code`);
    const [d12, p2] = rows;
    await t.db.query(`UPDATE org_unit SET parent_id = $1, path = $2 || id || '/' WHERE id = $3`, [p2.id, p2.path, d12.id]);
    await t.db.query(`UPDATE org_unit SET path = $1 || id || '/' WHERE code = 'X121'`, [`${p2.path}${d12.id}/`]);
    assertSameRollup(await actualRollup(t), await expectedRollup(t));
    assert.equal(await value('dimension=dx:B&dimension=pe:202401&dimension=ou:P2'), 3);
  });

  test('a unit whose level and path disagree does not break a write', async () => {
    await t.db.query(`INSERT INTO org_unit (code, name_vi, level, path) VALUES ('ODD', 'Lệch cấp', 2, '/999999/')`);
    await insertValue(t.db, 'B', '202401', 'ODD', 1);
    assertSameRollup(await actualRollup(t), await expectedRollup(t));
  });

  test('province and country questions read the roll-up (a changed roll-up row shows), districts read data_value', async () => {
    const before = await value('dimension=dx:A&dimension=pe:202401&dimension=ou:P1');
    const scope = `org_unit_id = (SELECT id FROM org_unit WHERE code = 'P1') AND data_element_id = (SELECT id FROM data_element WHERE code = 'A')`;
    const { rowCount } = await t.db.query(`UPDATE analytics_rollup SET sum = sum + 1000 WHERE ${scope}`);
    try {
      assert.equal(await value('dimension=dx:A&dimension=pe:202401&dimension=ou:P1'), (before as number) + 1000 * rowCount);
      assert.equal(await value('dimension=dx:A&dimension=pe:202401&dimension=ou:D11'), 16);
    } finally {
      await t.db.query(`UPDATE analytics_rollup SET sum = sum - 1000 WHERE ${scope}`);
    }
    // Overlapping subtrees in one filter cannot use the roll-up without counting twice.
    const res = await admin.get('/api/analytics?dimension=dx:A&dimension=pe:202401&filter=ou:P1;D11&dataStatus=ALL');
    const at = (res.json().headers as { name: string }[]).findIndex((h) => h.name === 'value');
    assert.equal(Number(res.json().rows[0][at]), 16);
  });

  test('large mixed statements (many rows per roll-up key, nulls, statuses changing) keep it equal to a recomputation', async () => {
    // Statements of thousands of rows over every unit, as an import batch and a report workflow send them: the
    // roll-up aggregates a statement's rows per unit anchor before adding them.
    await t.db.query(`INSERT INTO period (iso, type, start_date, end_date)
                      SELECT '2023' || lpad(m::text, 2, '0'), 'MONTHLY', make_date(2023, m, 1), (make_date(2023, m, 1) + interval '1 month - 1 day')::date
                        FROM generate_series(1, 12) m ON CONFLICT (iso) DO NOTHING`);
    const insert = `INSERT INTO data_value (data_element_id, period_id, org_unit_id, option_id, value, data_status)
      SELECT de.id, p.id, ou.id, coalesce(o.id, 0), CASE WHEN (p.id + ou.id + coalesce(o.id, 0)) % 7 = 0 THEN NULL ELSE (p.id * 31 + ou.id * 17 + coalesce(o.id, 0)) % 1000 + 0.25 END,
             ((p.id + ou.id) % 3)::smallint
        FROM data_element de LEFT JOIN disaggregation_option o ON o.disaggregation_id = de.disaggregation_id, period p, org_unit ou
       WHERE de.code IN ('A', 'B') AND p.iso LIKE '2023%'`;
    const { rowCount: inserted } = await t.db.query(insert);
    assert.ok((inserted ?? 0) > 100, `${inserted} rows`);
    assertSameRollup(await actualRollup(t), await expectedRollup(t));
    // Values and statuses change together, some to null, some from null.
    await t.db.query(`UPDATE data_value SET value = CASE WHEN value IS NULL THEN 3 WHEN org_unit_id % 2 = 0 THEN NULL ELSE value * 2 END,
                                             data_status = ((data_status + 1) % 3)::smallint
                       WHERE period_id IN (SELECT id FROM period WHERE iso LIKE '2023%')`);
    assertSameRollup(await actualRollup(t), await expectedRollup(t));
    await t.db.query(`DELETE FROM data_value WHERE period_id IN (SELECT id FROM period WHERE iso LIKE '2023%') AND (org_unit_id + period_id) % 2 = 0`);
    assertSameRollup(await actualRollup(t), await expectedRollup(t));
    await t.db.query(`DELETE FROM data_value WHERE period_id IN (SELECT id FROM period WHERE iso LIKE '2023%')`);
    assertSameRollup(await actualRollup(t), await expectedRollup(t));
  });
});
