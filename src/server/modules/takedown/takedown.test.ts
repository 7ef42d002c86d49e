import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, insertOrgUnit, type TestApp, type TestClient } from '../../testing/test-app.ts';
import { judgeCase } from '../../../core/takedown.ts';
import * as repo from './repo.ts';
import { refreshTakedownFigures } from './jobs.ts';

function multipart(bytes: Buffer, fileName: string) {
  const boundary = '----tiendo-takedown-test';
  const head = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\nContent-Type: application/octet-stream\r\n\r\n`;
  return { payload: Buffer.concat([Buffer.from(head), bytes, Buffer.from(`\r\n--${boundary}--\r\n`)]), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);

const CASE_HEADER = 'platform,letter_number,letter_date,sent_at,url,account,violation_kind,legal_basis,found_by,found_by_detail,outcome,answered_at,reason';

describe('takedown cases: batches, answers, re-checks, imports, scorecard, repeat offenders, figures', () => {
  let t: TestApp;
  let now: Date;
  let admin: TestClient;
  let leader: TestClient;
  let monitor: TestClient;
  let other: TestClient;
  let batchId: number;

  before(async () => {
    now = new Date('2023-12-20T03:00:00Z');
    t = await createTestApp({ clock: () => now, env: { SESSION_TTL_HOURS: String(24 * 90) } });
    await insertOrgUnit(t.db, 'BO', 'Bộ Alpha', null);
    await insertOrgUnit(t.db, 'CUC_GS', 'Cục Giám sát', 'BO');
    await insertOrgUnit(t.db, 'CUC_KHAC', 'Cục Khác', 'BO');
    await t.createUser('admin', [{ role: 'ADMIN', orgUnit: null }]);
    await t.createUser('lanhdao', [{ role: 'LEADER', orgUnit: 'BO' }]);
    await t.createUser('giamsat', [{ role: 'REPORTING_OFFICER', orgUnit: 'CUC_GS' }]);
    await t.createUser('khac', [{ role: 'UNIT_MANAGER', orgUnit: 'CUC_KHAC' }]);
    admin = await t.login('admin');
    leader = await t.login('lanhdao');
    monitor = await t.login('giamsat');
    other = await t.login('khac');
    for (const [code, name] of [
      ['FACEBOOK', 'Facebook'],
      ['YOUTUBE', 'YouTube'],
      ['TIKTOK', 'TikTok'],
    ]) {
      assert.equal((await admin.post('/api/takedown/platforms', { code, nameVi: name })).statusCode, 201);
    }
    assert.equal((await admin.post('/api/takedown/monitoringUnits', { orgUnit: 'CUC_GS' })).statusCode, 200);
  });
  after(() => t.close());

  test('a monitoring unit records a letter and its cases; other units neither read nor write them, leadership reads', async () => {
    const created = await monitor.post('/api/takedown/batches', {
      orgUnit: 'CUC_GS',
      platform: 'FACEBOOK',
      letterNumber: '101/CPTTĐT-TTĐT',
      letterDate: '2023-11-02',
      sentAt: '2023-11-02T09:00:00+07:00',
    });
    assert.equal(created.statusCode, 201, created.body);
    batchId = created.json().id;
    const c = await monitor.post(`/api/takedown/batches/${batchId}/cases`, {
      url: 'https://www.facebook.com/trang.x/posts/1',
      account: '@Trang.X',
      violationKind: 'FALSE_INFORMATION',
      legalBasis: 'Khoản 1 Điều 8 Luật An ninh mạng 2018',
      foundBy: 'MONITORING',
    });
    assert.equal(c.statusCode, 201, c.body);
    assert.equal(c.json().outcome, 'NO_ANSWER');
    // A unit that is not a monitoring unit: nothing to read, nothing to write.
    assert.equal((await other.get(`/api/takedown/cases/${c.json().id}`)).statusCode, 404);
    assert.equal((await other.get('/api/takedown/cases')).json().total, 0);
    assert.equal(
      (await other.post('/api/takedown/batches', { orgUnit: 'CUC_KHAC', platform: 'FACEBOOK', letterNumber: 'X', letterDate: '2023-11-02', sentAt: '2023-11-02T09:00:00+07:00' })).statusCode,
      400,
    );
    assert.equal((await other.post(`/api/takedown/batches/${batchId}/cases`, { url: 'https://www.facebook.com/a/1', violationKind: 'OTHER', legalBasis: 'x', foundBy: 'UNIT' })).statusCode, 404);
    // Leadership reads, does not write.
    assert.equal((await leader.get(`/api/takedown/cases/${c.json().id}`)).statusCode, 200);
    assert.equal((await leader.post(`/api/takedown/cases/${c.json().id}/answers`, { outcome: 'REMOVED', answeredAt: '2023-11-02T20:00:00+07:00' })).statusCode, 403);
    // The menu follows: the other unit's manager holds no takedown permission anywhere, the monitoring officer does.
    const perms = async (c: TestClient) => (await c.get('/api/auth/me')).json().permissions as string[];
    assert.ok(!(await perms(other)).some((p) => p.startsWith('takedown.')));
    assert.ok((await perms(monitor)).includes('takedown.write'));
    assert.deepEqual(
      (await perms(leader)).filter((p) => p.startsWith('takedown.')),
      ['takedown.read'],
    );
    // The anonymous public never.
    assert.equal((await t.app.inject({ method: 'GET', url: '/api/takedown/cases' })).statusCode, 401);
  });

  test('bad input: an invalid URL, an answer before the request, a refusal without reason — each names its field, in both languages', async () => {
    const bad = await monitor.post(`/api/takedown/batches/${batchId}/cases`, { url: 'facebook.com/abc', violationKind: 'OTHER', legalBasis: 'x', foundBy: 'UNIT' });
    assert.equal(bad.statusCode, 400);
    assert.equal(bad.json().error.details[0].path, 'body.url');
    assert.match(bad.json().error.details[0].message, /không phải địa chỉ http\(s\) hợp lệ/);
    const id = (await monitor.get('/api/takedown/cases')).json().items[0].id;
    const early = await monitor.post(`/api/takedown/cases/${id}/answers`, { outcome: 'REMOVED', answeredAt: '2023-11-01T09:00:00+07:00' });
    assert.equal(early.statusCode, 400);
    assert.equal(early.json().error.details[0].path, 'body.answeredAt');
    assert.match(early.json().error.details[0].message, /trước thời điểm gửi yêu cầu \(02\/11\/2023 09:00\)/);
    const en = await monitor.request({
      method: 'POST',
      url: `/api/takedown/cases/${id}/answers`,
      payload: { outcome: 'REFUSED', answeredAt: '2023-11-03T09:00:00+07:00' },
      headers: { 'accept-language': 'en' },
    });
    assert.equal(en.statusCode, 400);
    assert.equal(en.json().error.details[0].path, 'body.reason');
    assert.match(en.json().error.message, /refusal needs its reason/);
  });

  test('answers and re-checks: within 24 hours counted; a re-check finding the item still there is recorded, never assumed', async () => {
    const id = (await monitor.get('/api/takedown/cases')).json().items[0].id;
    const ok = await monitor.post(`/api/takedown/cases/${id}/answers`, { outcome: 'REMOVED', answeredAt: '2023-11-03T08:30:00+07:00' });
    assert.equal(ok.statusCode, 201, ok.body);
    assert.equal(ok.json().outcome, 'REMOVED');
    assert.equal(ok.json().withinDeadline, true);
    const present = await monitor.post(`/api/takedown/cases/${id}/rechecks`, { checkedAt: '2023-11-05T10:00:00+07:00', isPresent: true, checkedBy: 'Nguyễn Văn Giám' });
    assert.equal(present.statusCode, 201, present.body);
    assert.equal(present.json().outcome, 'STILL_PRESENT');
    assert.equal(present.json().withinDeadline, false);
    const detail = (await monitor.get(`/api/takedown/cases/${id}`)).json();
    assert.equal(detail.answers.length, 1);
    assert.equal(detail.rechecks[0].checkedBy, 'Nguyễn Văn Giám');
    // Every write is in the audit trail.
    const { rows } = await t.db.query<{ action: string }>(`SELECT action FROM audit_log WHERE object_type = 'takedown_case' AND object_id = $1 ORDER BY id`, [String(id)]);
    assert.deepEqual(
      rows.map((r) => r.action),
      ['takedown.case_create', 'takedown.answer_add', 'takedown.recheck_add'],
    );
    // Evidence: its type from its content.
    const up = await monitor.request({ method: 'POST', url: `/api/takedown/cases/${id}/evidence`, ...multipart(PNG, 'anh-chup.png') });
    assert.equal(up.statusCode, 201, up.body);
    assert.equal(up.json().contentType, 'image/png');
    assert.equal((await monitor.request({ method: 'POST', url: `/api/takedown/cases/${id}/evidence`, ...multipart(Buffer.from('<html>'), 'x.png') })).statusCode, 415);
  });

  test('a case list with errors is refused whole, each error naming row and column; a clean one writes batches, cases and answers', async () => {
    const before = (await monitor.get('/api/takedown/cases')).json().total;
    const bad = [
      CASE_HEADER,
      'YOUTUBE,55/CV,2023-11-10,10/11/2023 09:00,https://www.youtube.com/watch?v=a1,@kenh1,ANTI_STATE,Điều 8 Luật An ninh mạng,MONITORING,,REMOVED,10/11/2023 20:00,',
      'YOUTUBE,55/CV,2023-11-10,10/11/2023 09:00,youtube.com/watch?v=a2,@kenh1,ANTI_STATE,Điều 8,MONITORING,,,,',
      'YOUTUBE,55/CV,2023-11-10,10/11/2023 09:00,https://www.youtube.com/watch?v=a3,@kenh1,ANTI_STATE,Điều 8,MONITORING,,REMOVED,09/11/2023 20:00,',
      'MYSPACE,55/CV,2023-11-10,10/11/2023 09:00,https://myspace.com/a,,OTHER,Điều 8,UNIT,,,,',
    ].join('\n');
    const refused = await monitor.request({ method: 'POST', url: '/api/takedown/import/cases?orgUnit=CUC_GS', ...multipart(Buffer.from(bad), 'ds.csv') });
    assert.equal(refused.statusCode, 400, refused.body);
    const paths = refused.json().error.details.map((d: { path: string }) => d.path);
    assert.deepEqual(paths, ['row 3, column url', 'row 4, column answered_at', 'row 5, column platform']);
    assert.match(refused.json().error.details[1].message, /^Dòng 4, cột answered_at: .*trước thời điểm gửi yêu cầu/);
    const refusedEn = await monitor.request({
      method: 'POST',
      url: '/api/takedown/import/cases?orgUnit=CUC_GS',
      ...multipart(Buffer.from(bad), 'ds.csv'),
      headers: { ...multipart(Buffer.from(bad), 'ds.csv').headers, 'accept-language': 'en' },
    });
    assert.match(refusedEn.json().error.details[1].message, /^Row 4, column answered_at: .*before the request was sent/);
    assert.equal((await monitor.get('/api/takedown/cases')).json().total, before);

    const good = [
      CASE_HEADER,
      'YOUTUBE,55/CV,2023-11-10,10/11/2023 09:00,https://www.youtube.com/watch?v=a1,@kenh1,ANTI_STATE,Điều 8 Luật An ninh mạng,MONITORING,,REMOVED,10/11/2023 20:00,',
      'YOUTUBE,55/CV,2023-11-10,10/11/2023 09:00,https://www.youtube.com/watch?v=a2,@kenh1,ANTI_STATE,Điều 8 Luật An ninh mạng,CITIZEN_REPORT,PA-12,GEO_BLOCKED,12/11/2023 09:00,',
      'YOUTUBE,55/CV,2023-11-10,10/11/2023 09:00,https://www.youtube.com/watch?v=a3,@kenh1,ANTI_STATE,Điều 8 Luật An ninh mạng,MONITORING,,REFUSED,11/11/2023 09:00,Không vi phạm chính sách cộng đồng',
      'YOUTUBE,55/CV,2023-11-10,10/11/2023 09:00,https://www.youtube.com/watch?v=a4,@kenh2,FRAUD,Điều 8 Luật An ninh mạng,UNIT,Sở TT&TT,,,',
    ].join('\n');
    const imported = await monitor.request({ method: 'POST', url: '/api/takedown/import/cases?orgUnit=CUC_GS', ...multipart(Buffer.from(good), 'ds.csv') });
    assert.equal(imported.statusCode, 200, imported.body);
    assert.deepEqual(imported.json(), { rows: 4, batchesCreated: 1, casesCreated: 4, answersCreated: 3, dryRun: false });
    const yt = (await monitor.get('/api/takedown/cases?platform=YOUTUBE&period=202311')).json();
    assert.equal(yt.total, 4);
    assert.deepEqual(yt.items.map((c: { outcome: string }) => c.outcome).sort(), ['GEO_BLOCKED', 'NO_ANSWER', 'REFUSED', 'REMOVED']);
    // Importing the same list again: the URLs are already in the letter.
    const again = await monitor.request({ method: 'POST', url: '/api/takedown/import/cases?orgUnit=CUC_GS', ...multipart(Buffer.from(good), 'ds.csv') });
    assert.equal(again.statusCode, 400);
    assert.equal(again.json().error.details[0].path, 'row 2, column url');
  });

  test("a platform's answer list (XLSX): an unknown case is named by row and column; a known one is answered and judged again", async () => {
    const { default: Excel } = await import('exceljs');
    const build = async (rows: (string | Date)[][]) => {
      const wb = new Excel.Workbook();
      const ws = wb.addWorksheet('Tra loi');
      ws.addRow(['Platform', 'Letter number', 'URL', 'Outcome', 'Answered at', 'Reason']);
      for (const r of rows) ws.addRow(r);
      return Buffer.from(await wb.xlsx.writeBuffer());
    };
    const unknown = await build([['YOUTUBE', '55/CV', 'https://www.youtube.com/watch?v=zzz', 'REMOVED', '11/11/2023 09:00', '']]);
    const r1 = await monitor.request({ method: 'POST', url: '/api/takedown/import/answers', ...multipart(unknown, 'tl.xlsx') });
    assert.equal(r1.statusCode, 400, r1.body);
    assert.equal(r1.json().error.details[0].path, 'row 2, column url');
    assert.match(r1.json().error.details[0].message, /không có vụ việc/);
    // An Excel date cell is Vietnamese wall-clock time.
    const known = await build([['YOUTUBE', '55/CV', 'https://www.youtube.com/watch?v=a4', 'REMOVED', new Date(Date.UTC(2023, 10, 10, 21, 0))]]);
    const r2 = await monitor.request({ method: 'POST', url: '/api/takedown/import/answers', ...multipart(known, 'tl.xlsx') });
    assert.equal(r2.statusCode, 200, r2.body);
    assert.equal(r2.json().answersCreated, 1);
    const a4 = (await monitor.get('/api/takedown/cases?q=v%3Da4')).json().items[0];
    assert.equal(a4.outcome, 'REMOVED');
    assert.equal(a4.withinDeadline, true);
    assert.equal(new Date(a4.actedAt).toISOString(), '2023-11-10T14:00:00.000Z');
  });

  test('the stored judgement of every case is the one src/core/takedown.ts gives from what was recorded', async () => {
    const ids = (await t.db.query<{ id: number }>('SELECT id FROM takedown_case')).rows.map((r) => r.id);
    for (const f of await repo.loadFacts(t.db, ids)) {
      const j = judgeCase({
        sentAt: f.sentAt,
        answers: f.answers.map((a) => ({ ...a, answeredAt: new Date(a.answeredAt) })),
        rechecks: f.rechecks.map((r) => ({ ...r, checkedAt: new Date(r.checkedAt) })),
      });
      const stored = (await repo.findCase(t.db, f.caseId))!;
      assert.equal(stored.outcome, j.outcome, `case ${f.caseId}`);
      assert.equal(stored.withinDeadline, j.withinDeadline, `case ${f.caseId}`);
    }
  });

  test('quoted cells come through as written; a request sent at 00:30 on 1 April in Hà Nội counts in April', async () => {
    const list = [
      CASE_HEADER,
      'FACEBOOK,88/CV,2022-03-31,31/03/2022 23:50,https://www.facebook.com/x/posts/1,"Trang ""Tin, nóng""",FALSE_INFORMATION,"Điều 8\nkhoản 1",MONITORING,,REMOVED,01/04/2022 08:00,',
      'FACEBOOK,88/CV,2022-03-31,2022-03-31T17:30:00Z,https://www.facebook.com/x/posts/2,"a\tb\\c",FALSE_INFORMATION,Điều 8,MONITORING,,REFUSED,02/04/2022 08:00,"Không vi phạm; ""tự do ngôn luận"""',
    ].join('\r\n');
    const r = await monitor.request({ method: 'POST', url: '/api/takedown/import/cases?orgUnit=CUC_GS', ...multipart(Buffer.from(list), 'q.csv') });
    assert.equal(r.statusCode, 200, r.body);
    const march = (await monitor.get('/api/takedown/cases?platform=FACEBOOK&period=202203')).json();
    assert.deepEqual(
      march.items.map((c: { account: string; legalBasis: string; outcome: string }) => [c.account, c.legalBasis, c.outcome]),
      [['Trang "Tin, nóng"', 'Điều 8\nkhoản 1', 'REMOVED']],
    );
    const april = (await monitor.get('/api/takedown/cases?platform=FACEBOOK&period=2022Q2')).json();
    assert.equal(april.total, 1);
    assert.equal(april.items[0].account, 'a\tb\\c');
    const answers = (await monitor.get(`/api/takedown/cases/${april.items[0].id}`)).json().answers;
    assert.deepEqual(
      answers.map((a: { outcome: string; reason: string }) => [a.outcome, a.reason]),
      [['REFUSED', 'Không vi phạm; "tự do ngôn luận"']],
    );
    const { rows } = await t.db.query<{ url: string; month: number }>(`SELECT url, sent_month AS month FROM takedown_case WHERE url LIKE 'https://www.facebook.com/x/posts/%' ORDER BY url`);
    assert.deepEqual(
      rows.map((x) => x.month),
      [202203, 202204],
    );
    const card = (await leader.get('/api/takedown/scorecard?year=2022&by=MONTH')).json();
    const fb = card.platforms.find((p: { code: string }) => p.code === 'FACEBOOK');
    const active = fb.periods.filter((p: { requests: number }) => p.requests > 0);
    assert.deepEqual(
      active.map((p: { period: string; requests: number; removed: number; refused: number }) => [p.period, p.requests, p.removed, p.refused]),
      [
        ['202203', 1, 1, 0],
        ['202204', 1, 0, 1],
      ],
    );
    // A quote left open: the file is refused, naming the line.
    const broken = await monitor.request({ method: 'POST', url: '/api/takedown/import/cases?orgUnit=CUC_GS', ...multipart(Buffer.from(`${CASE_HEADER}\nFACEBOOK,"89/CV,2022-03-31\n`), 'b.csv') });
    assert.equal(broken.statusCode, 400);
    assert.equal(broken.json().error.code, 'MALFORMED_CSV');
    assert.equal(broken.json().error.details[0].path, 'row 2');
  });

  test('the scorecard counts items per platform and quarter of sending, removal and geo-blocking apart', async () => {
    const card = (await leader.get('/api/takedown/scorecard?year=2023')).json();
    const yt = card.platforms.find((p: { code: string }) => p.code === 'YOUTUBE');
    const q4 = yt.periods.find((p: { period: string }) => p.period === '2023Q4');
    assert.deepEqual(
      { requests: q4.requests, removed: q4.removed, geoBlocked: q4.geoBlocked, refused: q4.refused, noAnswer: q4.noAnswer, withinDeadline: q4.withinDeadline },
      { requests: 4, removed: 2, geoBlocked: 1, refused: 1, noAnswer: 0, withinDeadline: 2 },
    );
    assert.deepEqual(q4.rates, { removed: 50, geoBlocked: 25, removedOrBlocked: 75, refused: 25, noAnswer: 0, stillPresent: 0, withinDeadline: 50 });
    const fb = card.platforms.find((p: { code: string }) => p.code === 'FACEBOOK');
    assert.equal(fb.year.stillPresent, 1);
    assert.equal((await other.get('/api/takedown/scorecard?year=2023')).json().platforms.length, 0);
  });

  test('repeat offenders: five cases of one channel within 30 days reach the threshold and raise an alert', async () => {
    const lines = [CASE_HEADER];
    for (let i = 1; i <= 5; i++) lines.push(`TIKTOK,77/CV,2023-12-01,0${i}/12/2023 09:00,https://www.tiktok.com/@kenhxau/video/${i},@KenhXau,GAMBLING,Điều 8 Luật An ninh mạng,MONITORING,,,,`);
    const r = await monitor.request({ method: 'POST', url: '/api/takedown/import/cases?orgUnit=CUC_GS', ...multipart(Buffer.from(lines.join('\n')), 'tt.csv') });
    assert.equal(r.statusCode, 200, r.body);
    // The thresholds in force on 20/12/2023 are the ministry's pre-decree ones (5 in 30 days, 10 in 90).
    const off = (await leader.get('/api/takedown/offenders?day=2023-12-20')).json();
    assert.equal(off.items.length, 1);
    assert.equal(off.items[0].accountKey, 'kenhxau');
    assert.equal(off.items[0].counts['30'], 5);
    assert.equal((await leader.get('/api/takedown/offenders?day=2024-01-06')).json().items.length, 0);
    // Through the alerts: a TAKEDOWN_REPEAT rule.
    const rule = await admin.post('/api/alert-rules', { code: 'TD_LAP_LAI', nameVi: 'Tài khoản vi phạm lặp lại', nameEn: 'Repeat offender', type: 'TAKEDOWN_REPEAT', severity: 'WARNING' });
    assert.equal(rule.statusCode, 201, rule.body);
    const run = await admin.post('/api/alerts/evaluate', {});
    assert.equal(run.statusCode, 200, run.body);
    const alerts = (await leader.get('/api/alerts?state=OPEN')).json();
    const items = alerts.items ?? alerts;
    const mine = items.filter((a: { type: string }) => a.type === 'TAKEDOWN_REPEAT');
    assert.equal(mine.length, 1);
    assert.match(mine[0].titleVi, /@KenhXau/);
  });

  test('figures: monthly counts written as approved data values; an indicator over them reads the cases', async () => {
    const pub = await admin.post('/api/takedown/figures/publish', { year: 2023 });
    assert.equal(pub.statusCode, 200, pub.body);
    const { rows } = await t.db.query<{ code: string; option: string; iso: string; value: number; status: number; source: string }>(
      `SELECT de.code, o.code AS option, p.iso, dv.value, dv.data_status AS status, dv.source FROM data_value dv JOIN data_element de ON de.id = dv.data_element_id
         JOIN period p ON p.id = dv.period_id JOIN disaggregation_option o ON o.id = dv.option_id WHERE o.code = 'YOUTUBE' ORDER BY de.code`,
    );
    assert.deepEqual(
      rows.map((r) => [r.code, r.iso, r.value, r.status, r.source]),
      [
        ['GO_BO_CHAN_DIA_LY', '202311', 1, 2, 'CASES'],
        ['GO_BO_DA_GO', '202311', 2, 2, 'CASES'],
        ['GO_BO_TRONG_24H', '202311', 2, 2, 'CASES'],
        ['GO_BO_YEU_CAU', '202311', 4, 2, 'CASES'],
      ],
    );
    // Publishing again changes nothing; an answer recorded later changes the figure at the next publication.
    assert.equal((await admin.post('/api/takedown/figures/publish', { year: 2023 })).statusCode, 200);
    const { rows: again } = await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM data_value_history h JOIN data_element de ON de.id = h.data_element_id WHERE de.code LIKE 'GO_BO_%'`);
    const before = again[0].n;
    assert.equal((await admin.post('/api/takedown/figures/publish', { year: 2023 })).statusCode, 200);
    const { rows: after2 } = await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM data_value_history h JOIN data_element de ON de.id = h.data_element_id WHERE de.code LIKE 'GO_BO_%'`);
    assert.equal(after2[0].n, before);
    // An answer recorded later reaches the figure at the hourly refresh.
    const a4 = (await monitor.get('/api/takedown/cases?q=v%3Da2')).json().items[0];
    assert.equal((await monitor.post(`/api/takedown/cases/${a4.id}/answers`, { outcome: 'REMOVED', answeredAt: '2023-12-01T09:00:00+07:00' })).statusCode, 201);
    assert.deepEqual(await refreshTakedownFigures(t.db, new Date('2024-01-05T03:00:00Z')), [2023]);
    const { rows: removed } = await t.db.query<{ value: number }>(
      `SELECT dv.value FROM data_value dv JOIN data_element de ON de.id = dv.data_element_id JOIN disaggregation_option o ON o.id = dv.option_id WHERE de.code = 'GO_BO_DA_GO' AND o.code = 'YOUTUBE'`,
    );
    assert.deepEqual(removed, [{ value: 3 }]);
  });
});
