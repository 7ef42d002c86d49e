import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, type TestApp } from '../testing/test-app.ts';
import { seedDemoOrgUnits } from './org-units.ts';
import { seedDemoReporting, type ReportingSeedResult } from './reporting.ts';

describe('reporting demo seed', () => {
  let t: TestApp;
  let result: ReportingSeedResult;
  const TODAY = '2025-09-10';
  const sum = async (sql: string, params: unknown[] = []) => (await t.db.query<{ n: number }>(sql, params)).rows[0].n;

  before(async () => {
    t = await createTestApp();
    await seedDemoOrgUnits(t.db);
    const started = Date.now();
    result = await seedDemoReporting(t.db, { today: TODAY });
    assert.ok(Date.now() - started < 60_000);
  });
  after(() => t.close());

  test('metadata, three regimes and history up to the month before today', async () => {
    assert.equal(result.seeded, true);
    assert.ok(result.dataElements >= 25);
    assert.equal(result.regimes, 3);
    assert.ok(result.values > 20_000, `values ${result.values}`);
    const periods = (await t.db.query<{ iso: string }>(`SELECT DISTINCT p.iso FROM data_value dv JOIN period p ON p.id = dv.period_id WHERE p.type = 'MONTHLY' ORDER BY p.iso`)).rows.map((r) => r.iso);
    assert.equal(periods[0], '202301');
    assert.equal(periods.at(-1), '202508');
    assert.equal((await seedDemoReporting(t.db, { today: TODAY })).seeded, false);
  });

  test('old provinces report until June 2025, the merged ones from July', async () => {
    const units = async (iso: string) =>
      sum(
        `SELECT count(DISTINCT dv.org_unit_id)::int AS n FROM data_value dv JOIN period p ON p.id = dv.period_id JOIN data_element de ON de.id = dv.data_element_id
        WHERE p.iso = $1 AND de.code = 'DAN_SO'`,
        [iso],
      );
    assert.ok((await units('202506')) > 55, 'about 63 provinces in June 2025');
    assert.ok((await units('202507')) <= 34, 'at most 34 provinces from July 2025');
    const population = async (iso: string) =>
      sum(
        `SELECT sum(dv.value)::float8 AS n FROM data_value dv JOIN period p ON p.id = dv.period_id JOIN data_element de ON de.id = dv.data_element_id
        WHERE p.iso = $1 AND de.code = 'DAN_SO'`,
        [iso],
      );
    // Missing reports aside, the country's population is about 100 million either side of the merger.
    for (const iso of ['202301', '202506', '202507']) {
      const n = await population(iso);
      assert.ok(n > 80e6 && n < 110e6, `${iso}: ${n}`);
    }
  });

  test('plausible figures: Vietnamese platform share in 2023 below the 50 % target, removal rate below 90 % early', async () => {
    const ratio = async (num: string, den: string, iso: string) => {
      const { rows } = await t.db.query<{ num: number; den: number }>(
        `SELECT sum(dv.value) FILTER (WHERE de.code = $1)::float8 AS num, sum(dv.value) FILTER (WHERE de.code = $2)::float8 AS den
           FROM data_value dv JOIN period p ON p.id = dv.period_id JOIN data_element de ON de.id = dv.data_element_id WHERE p.iso = $3`,
        [num, den, iso],
      );
      return rows[0].num / rows[0].den;
    };
    const share2023 = await ratio('TK_NEN_TANG_VN', 'TK_NEN_TANG_TONG', '202312');
    assert.ok(share2023 > 0.4 && share2023 < 0.5, `share ${share2023}`);
    assert.ok((await ratio('TK_NEN_TANG_VN', 'TK_NEN_TANG_TONG', '202508')) > share2023);
    const removed = await ratio('ND_XAU_DA_GO', 'ND_XAU_YEU_CAU', '202303');
    assert.ok(removed > 0.8 && removed < 0.9, `removed ${removed}`);
    const mobile = await sum(
      `SELECT max(dv.value)::float8 AS n FROM data_value dv JOIN data_element de ON de.id = dv.data_element_id JOIN org_unit ou ON ou.id = dv.org_unit_id WHERE de.code = 'TB_DI_DONG' AND ou.code = 'DN-VIETTEL'`,
    );
    assert.ok(mobile > 50e6 && mobile < 65e6);
  });

  test('statuses: mostly approved on time, some late, a few missing lately', async () => {
    await t.createUser('admin', [{ role: 'ADMIN', orgUnit: null }]);
    const admin = await t.login('admin');
    const late = await sum(`SELECT count(*)::int AS n FROM report_status WHERE is_late`);
    const approved = await sum(`SELECT count(*)::int AS n FROM report_status WHERE status = 'APPROVED'`);
    assert.ok(late > 0 && late < approved / 4, `late ${late}, approved ${approved}`);
    {
      const res = await admin.get('/api/regimes/BC_TINH_THANG/completeness?period=202508&parent=VN');
      assert.equal(res.statusCode, 200, res.body);
      const totals = res.json().totals;
      assert.equal(totals.expected, 34);
      assert.ok(totals.missing > 0 && totals.missing < 15, JSON.stringify(totals));
      assert.ok(totals.late >= 0);
      const older = (await admin.get('/api/regimes/BC_TINH_THANG/completeness?period=202403&parent=VN')).json().totals;
      assert.equal(older.expected, 63);
      assert.ok(older.received >= 60);
    }
  });
});
