/**
 * Figures leadership can sign, on the demo agency: each case found when the product was tried as a leader, a
 * provincial reporting officer and an administrator, reproduced through the API.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import ExcelJS from 'exceljs';
import { createTestApp, type TestApp, type TestClient } from './testing/test-app.ts';
import { DEFAULT_DEMO_PASSWORD, seedDemo } from './demo/seed.ts';

interface Analytics {
  headers: { name: string }[];
  rows: string[][];
  metaData: { dataStatus: string };
}

/** "value reported expected coverage" of the row for the given dimension ids. */
function cell(body: Analytics, ...ids: string[]): { value: number; reported: number | null; expected: number | null; coverage: number | null } | undefined {
  const row = body.rows.find((r) => ids.every((id, i) => r[i] === id));
  if (!row) return undefined;
  const at = (name: string) => body.headers.findIndex((h) => h.name === name);
  const num = (s: string) => (s === '' ? null : Number(s));
  return { value: Number(row[at('value')]), reported: num(row[at('reported')]), expected: num(row[at('expected')]), coverage: num(row[at('coverage')]) };
}

describe('figures leadership can sign, on the demo', () => {
  let t: TestApp;
  let now = new Date();
  let admin: TestClient;
  let leader: TestClient;
  let officer: TestClient;
  let manager: TestClient;
  // 2 December 2026 in Viet Nam: under Decree 09 the month being reported is December (15/11–14/12).
  const TODAY = new Date('2026-12-02T03:00:00Z');
  const MONTH = '202612';

  before(async () => {
    t = await createTestApp({ clock: () => now, env: { DEMO: 'true' } });
    await seedDemo(t.db, { today: '2026-12-02' });
    admin = await t.login('admin', DEFAULT_DEMO_PASSWORD);
    leader = await t.login('lanhdao', DEFAULT_DEMO_PASSWORD);
    officer = await t.login('canbo.hanoi', DEFAULT_DEMO_PASSWORD);
    manager = await t.login('quanly.vtt', DEFAULT_DEMO_PASSWORD);
    now = TODAY;
  });
  after(() => t.close());

  const formOf = async (client: TestClient, period = MONTH) => {
    const res = await client.get(`/api/regimes/BC_TINH_THANG/form?orgUnit=01&period=${period}`);
    assert.equal(res.statusCode, 200, res.body);
    return res.json();
  };

  test("one province's unsubmitted draft does not become the national figure", async () => {
    // Hà Nội starts its 2026 yearly report (the year's form opens in 2026 under Decree 09) and leaves it in draft.
    const open = (await officer.get('/api/regimes/BC_TINH_NAM/periods')).json();
    const year = open.items.find((p: { isLocked: boolean }) => !p.isLocked)?.id ?? '2026';
    const save = await officer.put(`/api/regimes/BC_TINH_NAM/form?orgUnit=01&period=${year}`, { values: { GDP: 2_000_000, GDP_KTS: 12_000 } });
    assert.equal(save.statusCode, 200, save.body);
    const q = `dimension=dx:TL_KTS_GDP&dimension=pe:${year}&dimension=ou:VN`;
    const leadership = (await leader.get(`/api/analytics?${q}`)).json() as Analytics;
    assert.equal(leadership.metaData.dataStatus, 'SUBMITTED');
    assert.equal(cell(leadership, 'TL_KTS_GDP', year, 'VN'), undefined, 'a draft is not a national figure');
    // Asked for, the draft is there, and the figure says it covers 1 of 34 provinces.
    const live = (await leader.get(`/api/analytics?${q}&dataStatus=ALL`)).json() as Analytics;
    const c = cell(live, 'TL_KTS_GDP', year, 'VN');
    assert.ok(c, JSON.stringify(live.rows));
    assert.deepEqual([c.reported, c.expected], [1, 34]);
    // The targets on that indicator do not move, and no alert is raised by a draft.
    const targets = (await leader.get('/api/targets?indicator=TL_KTS_GDP')).json() as { status: string; latest: { period: string } | null }[];
    for (const target of targets) assert.notEqual(target.latest?.period, year);
  });

  test("the latest month's figure says which provinces are missing", async () => {
    const body = (await leader.get('/api/analytics?dimension=dx:TL_PHU_5G&dimension=pe:202611&dimension=ou:VN')).json() as Analytics;
    const c = cell(body, 'TL_PHU_5G', '202611', 'VN');
    assert.ok(c);
    assert.equal(c.expected, 34);
    assert.ok(c.reported !== null && c.reported < 34, `reported ${c.reported}`);
    const explain = (await leader.get('/api/analytics/explain?dx=TL_PHU_5G&pe=202611&ou=VN')).json();
    assert.equal(explain.coverage.expected, 34);
    assert.equal(explain.missing.length, 34 - explain.coverage.reported);
    for (const m of explain.missing) {
      assert.ok(m.orgUnitName.length > 0);
      assert.equal(m.periodName, 'Tháng 11/2026');
    }
    // Every raw value behind a leadership figure is submitted or approved.
    for (const ref of explain.references) for (const v of ref.values) assert.ok(['SUBMITTED', 'APPROVED'].includes(v.dataStatus), v.dataStatus);
  });

  test('invalid values are refused at every way in: form, API and Excel', async () => {
    const save = (await officer.put(`/api/regimes/BC_TINH_THANG/form?orgUnit=01&period=${MONTH}`, { values: { TRAM_5G: -5, HO_SO_TONG: 120_000, HO_SO_TRUC_TUYEN: 150_000 } })).json();
    const error = save.errors.find((e: { field: string }) => e.field === 'TRAM_5G');
    assert.equal(error.code, 'VALUE_OUT_OF_RANGE');
    assert.match(error.messageVi, /^Giá trị '-5' không hợp lệ: chỉ số nhận số nguyên không âm/);
    const api = await officer.post('/api/dataValues', { dataElement: 'GDP', period: '2026', orgUnit: '01', value: '1.7e308' });
    assert.equal(api.statusCode, 422);
    assert.equal(api.json().error.code, 'VALUE_OUT_OF_RANGE');
    const stored = await t.db.query(`SELECT 1 FROM data_value dv JOIN data_element de ON de.id = dv.data_element_id WHERE de.code = 'TRAM_5G' AND dv.value < 0`);
    assert.equal(stored.rows.length, 0);

    // An Excel upload of −12 names the cell.
    const template = await officer.get(`/api/regimes/BC_TINH_THANG/template.xlsx?orgUnit=01&period=${MONTH}`);
    assert.equal(template.statusCode, 200, template.body);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(template.rawPayload as unknown as ArrayBuffer);
    let placed = false;
    workbook.eachSheet((sheet) => {
      sheet.eachRow((row) => {
        row.eachCell((c) => {
          if (!placed && Number(c.col) === 1 && typeof c.value === 'string' && c.value.startsWith('TRAM_5G|')) {
            // The hidden column A holds the row's element; the unit's values start in column E.
            row.getCell(5).value = -12;
            placed = true;
          }
        });
      });
    });
    assert.ok(placed, 'the template has a row for TRAM_5G');
    const file = Buffer.from(await workbook.xlsx.writeBuffer());
    const boundary = '----trust';
    const payload = Buffer.concat([
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="bc.xlsx"\r\nContent-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet\r\n\r\n`),
      file,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    const upload = await officer.post('/api/regimes/BC_TINH_THANG/upload', payload, { 'content-type': `multipart/form-data; boundary=${boundary}` });
    assert.ok(upload.statusCode >= 400, upload.body);
    assert.match(upload.body, /ô E\d+/);
    assert.match(upload.body, /'-12' không hợp lệ/);
  });

  test('a report with blank compulsory fields or a part above its total is not submitted', async () => {
    const blocked = await officer.post('/api/regimes/BC_TINH_THANG/submit', { orgUnit: '01', period: MONTH });
    assert.equal(blocked.statusCode, 422, blocked.body);
    const details: { code: string; path: string }[] = blocked.json().error.details;
    assert.ok(details.filter((d) => d.code === 'COMPULSORY_MISSING').length >= 10, JSON.stringify(details.map((d) => d.code)));
    assert.ok(
      details.some((d) => /VR_HS_TT_LE_TONG/.test(JSON.stringify(d)) || d.path.includes('HO_SO')),
      JSON.stringify(details),
    );
  });

  test('submitted means submitted: no change behind the approver, withdraw to correct, the diff is shown', async () => {
    // Fill the form from last month's approved figures, with a valid 5G count.
    const previous = await formOf(officer, '202611');
    const values: Record<string, number | string> = {};
    for (const [k, v] of Object.entries(previous.values as Record<string, number | string | null>)) if (v !== null) values[k] = v;
    values.HO_SO_TRUC_TUYEN = 100_000;
    values.HO_SO_TONG = 120_000;
    values.TRAM_5G = 4_000;
    const save = await officer.put(`/api/regimes/BC_TINH_THANG/form?orgUnit=01&period=${MONTH}`, { values });
    assert.equal(save.statusCode, 200, save.body);
    assert.deepEqual(save.json().errors, []);
    const submit = await officer.post('/api/regimes/BC_TINH_THANG/submit', { orgUnit: '01', period: MONTH, comment: 'Số liệu tháng 12' });
    assert.equal(submit.statusCode, 200, submit.body);

    // Form, API and Excel are refused now; the status and the figures stay as sent.
    const again = await officer.put(`/api/regimes/BC_TINH_THANG/form?orgUnit=01&period=${MONTH}`, { values: { TRAM_5G: 4_100 } });
    assert.equal(again.json().errors[0].code, 'REPORT_SUBMITTED');
    assert.match(again.json().errors[0].messageVi, /Tháng 12\/2026 đã được gửi ngày 02\/12\/2026; hãy rút lại báo cáo/);
    const api = await officer.post('/api/dataValues', { dataElement: 'TRAM_5G', period: MONTH, orgUnit: '01', value: 4_100 });
    assert.equal(api.statusCode, 422);
    assert.equal(api.json().error.code, 'REPORT_SUBMITTED');
    const sent = await formOf(manager);
    assert.equal(sent.status.status, 'SUBMITTED');
    assert.equal(sent.editable, false);
    assert.equal(sent.values.TRAM_5G, 4_000);
    assert.equal(sent.review.figures.TRAM_5G, 4_000);
    assert.deepEqual(sent.review.changesSinceSubmitted, []);
    // The submitted figures count for leadership now.
    const lead = (await leader.get(`/api/analytics?dimension=dx:TRAM_5G&dimension=pe:${MONTH}&dimension=ou:01`)).json() as Analytics;
    assert.equal(cell(lead, 'TRAM_5G', MONTH, '01')?.value, 4_000);

    // The officer takes it back to correct a figure: the values leave leadership's figures until sent again.
    const withdraw = await officer.post('/api/regimes/BC_TINH_THANG/withdraw', { orgUnit: '01', period: MONTH, reason: 'Nhập nhầm số trạm 5G' });
    assert.equal(withdraw.statusCode, 200, withdraw.body);
    assert.equal(withdraw.json().status, 'DRAFT');
    const after = (await leader.get(`/api/analytics?dimension=dx:TRAM_5G&dimension=pe:${MONTH}&dimension=ou:01`)).json() as Analytics;
    assert.equal(cell(after, 'TRAM_5G', MONTH, '01'), undefined);
    assert.equal((await officer.put(`/api/regimes/BC_TINH_THANG/form?orgUnit=01&period=${MONTH}`, { values: { TRAM_5G: 4_100 } })).json().updated, 1);
    const draft = await formOf(manager);
    assert.deepEqual(draft.review.changesSinceSubmitted, [{ field: 'TRAM_5G', before: 4_000, after: 4_100 }]);
    assert.equal((await officer.post('/api/regimes/BC_TINH_THANG/submit', { orgUnit: '01', period: MONTH })).statusCode, 200);
    const resent = await formOf(manager);
    assert.deepEqual(resent.review.changesSincePrevious, [{ field: 'TRAM_5G', before: 4_000, after: 4_100 }]);
    // A manager may not withdraw on the officer's behalf after approving; nobody may withdraw an approved report.
    assert.equal((await manager.post('/api/regimes/BC_TINH_THANG/approve', { orgUnit: '01', period: MONTH })).statusCode, 200);
    const late = await officer.post('/api/regimes/BC_TINH_THANG/withdraw', { orgUnit: '01', period: MONTH, reason: 'Muốn sửa' });
    assert.equal(late.statusCode, 409);
    const audit = (await admin.get('/api/audit?objectType=report_status&limit=20')).json();
    const actions = (audit.items as { action: string }[]).map((a) => a.action);
    assert.ok(actions.includes('report.withdraw') && actions.includes('report.approve'), actions.join(','));
  });

  test('targets mean what they say: ended ones met or missed, progress bounded, shares within 0–100', async () => {
    const targets = (await leader.get('/api/targets')).json() as {
      indicatorCode: string;
      targetPeriod: string;
      status: string;
      isEnded: boolean;
      progress: number | null;
      progressShown: number | null;
      forecast: { value: number; lower: number | null; upper: number | null; scale: string } | null;
      final: { period: string } | null;
      latest: { period: string; coverage: { share: number } | null } | null;
    }[];
    for (const x of targets) {
      if (x.isEnded) {
        assert.ok(['MET', 'MISSED', 'INSUFFICIENT_DATA'].includes(x.status), `${x.indicatorCode} ${x.targetPeriod}: ${x.status}`);
        assert.equal(x.final?.period, x.targetPeriod);
      } else {
        assert.ok(!['MET', 'MISSED'].includes(x.status));
      }
      if (x.progressShown !== null) assert.ok(x.progressShown >= 0 && x.progressShown <= 1);
      if (x.forecast?.scale === 'SHARE') {
        assert.ok(x.forecast.value <= 100 && (x.forecast.upper ?? 0) <= 100 && (x.forecast.lower ?? 0) >= 0);
      }
      // The latest value is the latest period complete enough to judge (90 % of the provinces for these shares).
      if (x.latest?.coverage) assert.ok(x.latest.coverage.share >= 0.9 - 1e-9, `${x.indicatorCode}: ${x.latest.coverage.share}`);
    }
    const g5 = targets.find((x) => x.indicatorCode === 'TL_PHU_5G')!;
    assert.ok(g5.forecast && g5.forecast.scale === 'SHARE');
    assert.ok(g5.forecast.upper !== null && g5.forecast.lower !== null && g5.forecast.upper - g5.forecast.lower < 99, 'an informative band');
    // Each target of an indicator opens on its own.
    const kts = (await leader.get('/api/targets?indicator=TL_KTS_GDP')).json() as { id: number; targetPeriod: string }[];
    assert.equal(kts.length, 2);
    for (const k of kts) assert.equal((await leader.get(`/api/targets/${k.id}`)).json().targetPeriod, k.targetPeriod);
  });

  test('late-but-received and overdue are counted apart', async () => {
    const c = (await leader.get('/api/regimes/BC_TINH_THANG/completeness?period=202611')).json();
    assert.equal(c.totals.missing, c.totals.overdue + c.totals.pending);
    assert.equal(c.units.filter((u: { isOverdue: boolean }) => u.isOverdue).length, c.totals.overdue);
    assert.equal(c.units.filter((u: { isLate: boolean | null }) => u.isLate === true).length, c.totals.late);
  });
});
