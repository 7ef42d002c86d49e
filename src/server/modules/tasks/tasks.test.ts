import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, insertOrgUnit, type TestApp, type TestClient } from '../../testing/test-app.ts';
import { computeTaskStatus } from '../../../core/tasks.ts';
import * as repo from './repo.ts';

function multipart(bytes: Buffer, fileName: string) {
  const boundary = '----tiendo-task-test';
  const head = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\nContent-Type: application/octet-stream\r\n\r\n`;
  return { payload: Buffer.concat([Buffer.from(head), bytes, Buffer.from(`\r\n--${boundary}--\r\n`)]), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}
const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');

describe('tasks: assigned, reported with evidence, confirmed; status computed; reminders through alerts', () => {
  let t: TestApp;
  let now: Date;
  let leader: TestClient;
  let officerA: TestClient;
  let officerB: TestClient;
  let admin: TestClient;
  const base = {
    title: 'Hoàn thiện dự thảo Nghị định về quản lý nền tảng số',
    sourceKind: 'BRIEFING',
    sourceNumber: '15/TB-BTTTT',
    sourceDate: '2023-03-01',
    sourceIssuer: 'Bộ Thông tin và Truyền thông',
    assignerName: 'Bộ trưởng',
    assigningOrgUnit: 'BO',
    startDate: '2023-03-01',
    dueDate: '2023-03-31',
    expectedProduct: 'Dự thảo Nghị định',
  };

  before(async () => {
    now = new Date('2023-03-10T03:00:00Z');
    // Sessions follow the application clock: they last 90 days here, as the tests move through months.
    t = await createTestApp({ clock: () => now, env: { SESSION_TTL_HOURS: String(24 * 90) } });
    await insertOrgUnit(t.db, 'BO', 'Bộ Alpha', null);
    await insertOrgUnit(t.db, 'CUC_A', 'Cục Alpha', 'BO');
    await insertOrgUnit(t.db, 'CUC_B', 'Cục Beta', 'BO');
    await t.createUser('admin', [{ role: 'ADMIN', orgUnit: null }]);
    await t.createUser('lanhdao', [{ role: 'LEADER', orgUnit: 'BO' }]);
    await t.createUser('canbo-a', [{ role: 'REPORTING_OFFICER', orgUnit: 'CUC_A' }]);
    await t.createUser('canbo-b', [{ role: 'REPORTING_OFFICER', orgUnit: 'CUC_B' }]);
    await relogin();
  });
  async function relogin() {
    admin = await t.login('admin');
    leader = await t.login('lanhdao');
    officerA = await t.login('canbo-a');
    officerB = await t.login('canbo-b');
  }
  async function at(iso: string) {
    now = new Date(iso);
  }
  after(() => t.close());

  test('assign → progress with evidence → done → confirm; the history and the audit keep every step', async () => {
    const created = await leader.post('/api/tasks', { ...base, leadOrgUnit: 'CUC_A', coOrgUnits: ['CUC_B'] });
    assert.equal(created.statusCode, 201, created.body);
    const id = created.json().id as number;
    assert.equal(created.json().status, 'OPEN_ON_TIME');
    assert.equal(created.json().daysLeft, 21);

    // B co-operates: it reads the task but does not report for it.
    assert.equal((await officerB.get(`/api/tasks/${id}`)).statusCode, 200);
    assert.equal((await officerB.post(`/api/tasks/${id}/progress`, { percent: 10 })).statusCode, 403);

    const up = await officerA.request({ method: 'POST', url: `/api/tasks/${id}/evidence`, ...multipart(PDF, 'bien-ban.pdf') });
    assert.equal(up.statusCode, 201, up.body);
    assert.equal(up.json().contentType, 'application/pdf');
    const progress = await officerA.post(`/api/tasks/${id}/progress`, { percent: 40, note: 'Đã lấy ý kiến các bộ', evidenceIds: [up.json().id] });
    assert.equal(progress.statusCode, 200, progress.body);
    assert.equal(progress.json().progressPercent, 40);

    // Done needs evidence; the same file cannot be used twice.
    const noEvidence = await officerA.post(`/api/tasks/${id}/done`, { note: 'Xong' });
    assert.equal(noEvidence.statusCode, 400);
    assert.equal(noEvidence.json().error.details[0].path, 'body.evidenceIds');
    const reused = await officerA.post(`/api/tasks/${id}/done`, { evidenceIds: [up.json().id] });
    assert.equal(reused.statusCode, 400);
    assert.equal(reused.json().error.code, 'UNKNOWN_EVIDENCE');

    await at('2023-03-30T03:00:00Z');
    const up2 = await officerA.request({ method: 'POST', url: `/api/tasks/${id}/evidence`, ...multipart(PDF, 'du-thao.pdf') });
    const done = await officerA.post(`/api/tasks/${id}/done`, { note: 'Đã trình dự thảo', evidenceIds: [up2.json().id] });
    assert.equal(done.statusCode, 200, done.body);
    assert.equal(done.json().awaitingConfirmation, true);

    // Only the assigning unit confirms; confirmed after the due date, it is still done on time (reported on 30/3).
    assert.equal((await officerA.post(`/api/tasks/${id}/confirm`, {})).statusCode, 403);
    await at('2023-04-05T03:00:00Z');
    const confirmed = await leader.post(`/api/tasks/${id}/confirm`, {});
    assert.equal(confirmed.statusCode, 200, confirmed.body);
    assert.equal(confirmed.json().status, 'DONE_ON_TIME');
    assert.equal(confirmed.json().doneOn, '2023-03-30');

    const detail = (await leader.get(`/api/tasks/${id}`)).json();
    assert.deepEqual(
      detail.updates.map((u: { kind: string }) => u.kind),
      ['PROGRESS', 'DONE_REPORTED', 'CONFIRMED'],
    );
    assert.equal(detail.evidence.length, 2);
    const file = await officerB.get(`/api/tasks/${id}/evidence/${up2.json().id}`);
    assert.equal(file.statusCode, 200);
    assert.equal(file.rawPayload.toString(), PDF.toString());
    const { rows } = await t.db.query<{ action: string }>(`SELECT action FROM audit_log WHERE object_type = 'task' AND object_id = $1 ORDER BY id`, [String(id)]);
    assert.deepEqual(
      rows.map((r) => r.action),
      ['task.create', 'task.evidence_upload', 'task.progress', 'task.evidence_upload', 'task.report_done', 'task.confirm'],
    );
  });

  test('bad input is refused naming the field, and nothing is written', async () => {
    const before = (await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM task')).rows[0].n;
    const early = await leader.post('/api/tasks', { ...base, leadOrgUnit: 'CUC_A', dueDate: '2023-02-01' });
    assert.equal(early.statusCode, 400);
    assert.equal(early.json().error.details[0].path, 'body.dueDate');
    const unknown = await leader.post('/api/tasks', { ...base, leadOrgUnit: 'CUC_A', sector: 'KHONG_CO', indicators: ['KHONG_CO'] });
    assert.equal(unknown.statusCode, 400);
    assert.deepEqual(
      unknown.json().error.details.map((d: { path: string }) => d.path),
      ['body.sector', 'body.indicators[0]'],
    );
    const out = await officerA.post('/api/tasks', { ...base, leadOrgUnit: 'CUC_A' });
    assert.equal(out.statusCode, 403);
    assert.equal((await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM task')).rows[0].n, before);

    const id = (await leader.post('/api/tasks', { ...base, leadOrgUnit: 'CUC_A' })).json().id;
    const exe = await officerA.request({ method: 'POST', url: `/api/tasks/${id}/evidence`, ...multipart(Buffer.from('MZ\x90\x00this is a program'), 'bao-cao.pdf') });
    assert.equal(exe.statusCode, 415);
    assert.equal(exe.json().error.code, 'UNSUPPORTED_FILE_TYPE');
    const big = await officerA.request({ method: 'POST', url: `/api/tasks/${id}/evidence`, ...multipart(Buffer.concat([PDF, Buffer.alloc(t.config.EVIDENCE_MAX_BYTES)]), 'lon.pdf') });
    assert.equal(big.statusCode, 413);
    assert.equal(big.json().error.details[0].path, 'file');
    const noReason = await officerA.post(`/api/tasks/${id}/extension`, { newDueDate: '2023-05-31' });
    assert.equal(noReason.statusCode, 400);
    assert.equal(noReason.json().error.details[0].path, 'body.reason');
    assert.equal((await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM task_evidence WHERE task_id = $1', [id])).rows[0].n, 0);
  });

  test('an extension approved by the assigner moves the due date; results are kept against both dates', async () => {
    await at('2023-03-10T03:00:00Z');
    const id = (await leader.post('/api/tasks', { ...base, leadOrgUnit: 'CUC_B' })).json().id;
    const req = await officerB.post(`/api/tasks/${id}/extension`, { newDueDate: '2023-04-30', reason: 'Chờ ý kiến thẩm định của Bộ Tư pháp' });
    assert.equal(req.statusCode, 200, req.body);
    assert.equal(req.json().effectiveDueDate, '2023-03-31');
    const ok = await leader.post(`/api/tasks/${id}/extension/decision`, { approve: true });
    assert.equal(ok.statusCode, 200, ok.body);
    assert.equal(ok.json().effectiveDueDate, '2023-04-30');
    await at('2023-04-10T03:00:00Z');
    const view = (await officerB.get(`/api/tasks/${id}`)).json();
    assert.equal(view.status, 'OPEN_ON_TIME');
    assert.equal(view.statusAgainstOriginal, 'OPEN_OVERDUE');
    assert.equal(view.isExtended, true);
  });

  test('a unit sees its own tasks, not another unit’s; MINE and ASSIGNED views; a return needs a reason', async () => {
    await at('2023-03-10T03:00:00Z');
    const onlyB = (await leader.post('/api/tasks', { ...base, title: 'Nhiệm vụ riêng của Cục Beta', leadOrgUnit: 'CUC_B' })).json().id;
    assert.equal((await officerA.get(`/api/tasks/${onlyB}`)).statusCode, 404);
    const mine = (await officerA.get('/api/tasks?view=MINE')).json();
    assert.ok(mine.items.length > 0);
    assert.ok(mine.items.every((x: { leadOrgUnit: { code: string }; coOrgUnits: { code: string }[] }) => x.leadOrgUnit.code === 'CUC_A' || x.coOrgUnits.some((u) => u.code === 'CUC_A')));
    assert.ok(!JSON.stringify(mine).includes('Nhiệm vụ riêng của Cục Beta'));
    assert.equal((await officerA.get('/api/tasks?view=ASSIGNED')).json().total, 0);
    assert.ok((await leader.get('/api/tasks?view=ASSIGNED')).json().total >= 4);

    const up = await officerB.request({ method: 'POST', url: `/api/tasks/${onlyB}/evidence`, ...multipart(PDF, 'x.pdf') });
    await officerB.post(`/api/tasks/${onlyB}/done`, { evidenceIds: [up.json().id] });
    const noReason = await leader.post(`/api/tasks/${onlyB}/return`, {});
    assert.equal(noReason.statusCode, 400);
    const back = await leader.post(`/api/tasks/${onlyB}/return`, { reason: 'Thiếu ý kiến của Vụ Pháp chế' });
    assert.equal(back.statusCode, 200, back.body);
    assert.equal(back.json().state, 'OPEN');
    assert.equal(back.json().doneOn, null);
  });

  test('deadline alerts: a reminder before the due date, an overdue alert after it, resolved when done', async () => {
    for (const [code, type] of [
      ['NV_SAP_HAN', 'TASK_DUE'],
      ['NV_QUA_HAN', 'TASK_OVERDUE'],
    ]) {
      const r = await admin.post('/api/alert-rules', { code, nameVi: code, type, threshold: 3, severity: type === 'TASK_OVERDUE' ? 'CRITICAL' : 'WARNING' });
      assert.equal(r.statusCode, 201, r.body);
    }
    await at('2023-06-01T03:00:00Z');
    const id = (await leader.post('/api/tasks', { ...base, title: 'Báo cáo sơ kết 6 tháng', leadOrgUnit: 'CUC_A', startDate: '2023-06-01', dueDate: '2023-06-05' })).json().id;
    await at('2023-06-03T03:00:00Z');
    await admin.post('/api/alerts/evaluate');
    const soon = (await officerA.get('/api/alerts?type=TASK_DUE&state=OPEN')).json().items;
    assert.equal(soon.length, 1);
    assert.match(soon[0].title, /Cục Alpha: 1 nhiệm vụ sắp đến hạn \(05\/06\/2023\): «Báo cáo sơ kết 6 tháng»/);
    await at('2023-06-06T03:00:00Z');
    await admin.post('/api/alerts/evaluate');
    assert.equal((await officerA.get('/api/alerts?type=TASK_DUE&state=OPEN')).json().items.length, 0);
    const overdue = (await officerA.get('/api/alerts?type=TASK_OVERDUE&state=OPEN')).json().items;
    assert.ok(overdue.some((a: { title: string }) => a.title.includes('Báo cáo sơ kết 6 tháng')));
    // The leader above the unit is notified of the overdue task.
    const notes = (await leader.get('/api/notifications')).json();
    assert.ok(notes.some((n: { title: string }) => n.title.includes('quá hạn') && n.title.includes('Báo cáo sơ kết 6 tháng')));
    const up = await officerA.request({ method: 'POST', url: `/api/tasks/${id}/evidence`, ...multipart(PDF, 'so-ket.pdf') });
    await officerA.post(`/api/tasks/${id}/done`, { evidenceIds: [up.json().id] });
    await admin.post('/api/alerts/evaluate');
    const still = (await officerA.get('/api/alerts?type=TASK_OVERDUE&state=OPEN')).json().items;
    assert.ok(!still.some((a: { title: string }) => a.title.includes('Báo cáo sơ kết 6 tháng')));
  });

  test('the scorecard counts the Government Office’s columns from the computed statuses', async () => {
    await at('2023-06-07T03:00:00Z');
    const res = await leader.get('/api/tasks/scorecard?by=UNIT');
    assert.equal(res.statusCode, 200, res.body);
    const body = res.json();
    const list = (await leader.get('/api/tasks')).json().items as { status: string; leadOrgUnit: { code: string } }[];
    for (const row of body.rows) {
      const mine = list.filter((x) => x.leadOrgUnit.code === row.key && x.status !== 'CANCELLED');
      assert.equal(row.assigned, mine.length);
      assert.equal(row.doneOnTime, mine.filter((x) => x.status === 'DONE_ON_TIME').length);
      assert.equal(row.openOverdue, mine.filter((x) => x.status === 'OPEN_OVERDUE').length);
      assert.equal(row.doneOnTime + row.doneLate + row.openOnTime + row.openOverdue, row.assigned);
    }
    assert.ok(body.rows.find((r: { key: string }) => r.key === 'CUC_A').doneOnTime >= 1);

    const xlsx = await leader.get('/api/tasks/scorecard.xlsx?by=UNIT');
    assert.equal(xlsx.statusCode, 200);
    const { default: ExcelJS } = await import('exceljs');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const ws = wb.worksheets[0];
    assert.equal(ws.getCell('A2').value, 'Đơn vị chủ trì');
    const rowOf = (label: string) => ws.getRows(3, ws.rowCount - 2)!.find((r) => r.getCell(1).value === label)!;
    const cucA = body.rows.find((r: { key: string }) => r.key === 'CUC_A');
    assert.deepEqual(
      [2, 3, 5, 7, 9].map((c) => rowOf('Cục Alpha').getCell(c).value),
      [cucA.assigned, cucA.doneOnTime, cucA.doneLate, cucA.openOnTime, cucA.openOverdue],
    );
    assert.equal(rowOf('Tổng cộng').getCell(2).value, body.total.assigned);
  });

  test('the SQL that filters and counts many tasks judges each task as src/core/tasks.ts does', async () => {
    const rows = await repo.listTasks(t.db, { readPaths: 'ALL' });
    const states = new Set(rows.map((r) => r.state));
    assert.ok(
      ['OPEN', 'DONE_REPORTED', 'DONE'].every((x) => states.has(x as never)),
      `states: ${[...states]}`,
    );
    assert.ok(rows.some((r) => r.extendedDueDate !== null));
    for (const day of ['2023-03-01', '2023-03-31', '2023-04-01', '2023-04-30', '2023-05-01', '2023-06-05', '2023-06-06', '2024-01-01']) {
      const sql = await repo.statusesInSql(t.db, day);
      for (const r of rows) assert.equal(sql.get(r.id), computeTaskStatus(r, day).status, `task ${r.id} on ${day}`);
      // The set-based scorecard, as of the day, counts what the core rule says task by task.
      const counted = await repo.countByGroupAndStatus(t.db, { readPaths: 'ALL' }, day, 'UNIT');
      for (const code of new Set(rows.map((r) => r.leadOrgUnit.code))) {
        const mine = rows.filter((r) => r.leadOrgUnit.code === code);
        for (const status of ['CANCELLED', 'DONE_ON_TIME', 'DONE_LATE', 'OPEN_ON_TIME', 'OPEN_OVERDUE']) {
          const n = counted.find((c) => c.key === code && c.status === status)?.n ?? 0;
          assert.equal(n, mine.filter((r) => computeTaskStatus(r, day).status === status).length, `${code} ${status} on ${day}`);
        }
      }
    }
    // As of each task's due month's end (the scorecard by month, asOf=MONTH_END).
    const today = '2023-06-07';
    const monthEnd = (d: string) => new Date(Date.UTC(Number(d.slice(0, 4)), Number(d.slice(5, 7)), 0)).toISOString().slice(0, 10);
    const byMonth = await repo.countByGroupAndStatus(t.db, { readPaths: 'ALL' }, today, 'MONTH', true);
    for (const month of new Set(rows.map((r) => (r.extendedDueDate ?? r.dueDate).slice(0, 7)))) {
      const mine = rows.filter((r) => (r.extendedDueDate ?? r.dueDate).startsWith(month));
      for (const status of ['CANCELLED', 'DONE_ON_TIME', 'DONE_LATE', 'OPEN_ON_TIME', 'OPEN_OVERDUE']) {
        const n = byMonth.find((c) => c.key === month && c.status === status)?.n ?? 0;
        const day = (r: repo.TaskRow) => {
          const e = monthEnd(r.extendedDueDate ?? r.dueDate);
          return e < today ? e : today;
        };
        assert.equal(n, mine.filter((r) => computeTaskStatus(r, day(r)).status === status).length, `${month} ${status} as of its end`);
      }
    }
    // The history the rule reads was stamped by the actions themselves.
    assert.ok(rows.some((r) => r.state === 'DONE' && r.confirmedOn !== null));
    assert.ok(rows.some((r) => r.extendedDueDate !== null && r.extendedOn !== null));
  });
});
