import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import ExcelJS from 'exceljs';
import { createTestApp, insertOrgUnit, type TestApp, type TestClient } from '../../testing/test-app.ts';
import { computeTaskStatus, TASK_STATUSES } from '../../../core/tasks.ts';
import * as repo from './repo.ts';

function multipart(bytes: Buffer, fileName = 'danh-sach.xlsx') {
  const boundary = '----tiendo-task-import';
  const head = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\nContent-Type: application/octet-stream\r\n\r\n`;
  return { payload: Buffer.concat([Buffer.from(head), bytes, Buffer.from(`\r\n--${boundary}--\r\n`)]), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

const HEADER = [
  'STT',
  'Nội dung nhiệm vụ',
  'Số, ký hiệu văn bản',
  'Ngày văn bản',
  'Cơ quan ban hành',
  'Lãnh đạo giao',
  'Đơn vị chủ trì',
  'Đơn vị phối hợp',
  'Cán bộ phụ trách',
  'Ngày bắt đầu',
  'Hạn hoàn thành',
  'Sản phẩm dự kiến',
  'Mức ưu tiên',
  'Lĩnh vực',
  'Ghi chú',
];
type Row = (string | number | Date | null)[];
const d = (day: string) => new Date(`${day}T00:00:00Z`);

/** A list as an office keeps it: two title rows, the header on row 3, an extra "Ghi chú" column. */
async function officeList(rows: Row[], sheet = 'Giao ban T3'): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(sheet);
  ws.addRow(['BỘ ALPHA']);
  ws.addRow(['DANH MỤC NHIỆM VỤ GIAO TẠI HỘI NGHỊ GIAO BAN THÁNG 3/2023']);
  ws.addRow(HEADER);
  rows.forEach((r, i) => ws.addRow([i + 1, ...r]));
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const good: Row[] = [
  [
    'Xây dựng Kế hoạch chuyển đổi số năm 2023',
    '12/TB-BA',
    d('2023-03-02'),
    'Bộ Alpha',
    'Bộ trưởng',
    'Cục Alpha',
    'CUC_B',
    'Nguyễn Văn An',
    d('2023-03-05'),
    d('2023-04-30'),
    'Kế hoạch',
    'Cao',
    'Viễn thông',
    'gấp',
  ],
  ['Rà soát văn bản quy phạm pháp luật', '12/TB-BA', '02/03/2023', 'Bộ Alpha', 'Thứ trưởng', 'cuc beta', null, null, '05/03/2023', '31/05/2023', 'Báo cáo', null, 'VIEN_THONG', null],
];

describe('tasks: the Excel task list — import all or nothing naming each cell, export that imports again, the template', () => {
  let t: TestApp;
  let leader: TestClient;
  let managerA: TestClient;
  let officerA: TestClient;
  const count = async () => (await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM task')).rows[0].n;

  before(async () => {
    t = await createTestApp({ clock: () => new Date('2023-03-10T03:00:00Z') });
    await insertOrgUnit(t.db, 'BO', 'Bộ Alpha', null);
    await insertOrgUnit(t.db, 'CUC_A', 'Cục Alpha', 'BO');
    await insertOrgUnit(t.db, 'CUC_B', 'Cục Beta', 'BO');
    await insertOrgUnit(t.db, 'PHONG_A1', 'Phòng Một', 'CUC_A');
    await insertOrgUnit(t.db, 'PHONG_B1', 'Phòng Một', 'CUC_B');
    await t.db.query(`INSERT INTO org_unit_group (code, kind, name_vi, name_en) VALUES ('VIEN_THONG', 'SECTOR', 'Viễn thông', 'Telecommunications')`);
    await t.createUser('lanhdao', [{ role: 'LEADER', orgUnit: 'BO' }]);
    await t.createUser('quanly-a', [{ role: 'UNIT_MANAGER', orgUnit: 'CUC_A' }]);
    await t.createUser('canbo-a', [{ role: 'REPORTING_OFFICER', orgUnit: 'CUC_A' }]);
    leader = await t.login('lanhdao');
    managerA = await t.login('quanly-a');
    officerA = await t.login('canbo-a');
  });
  after(() => t.close());

  test('a good list: the preview writes nothing, the import creates every task with its units, dates and sector, audited', async () => {
    const file = await officeList(good);
    const preview = await leader.request({ method: 'POST', url: '/api/tasks/import?dryRun=true&assigningOrgUnit=BO', ...multipart(file) });
    assert.equal(preview.statusCode, 200, preview.body);
    assert.equal(preview.json().created, 2);
    assert.equal(preview.json().dryRun, true);
    assert.deepEqual(preview.json().ignoredColumns, [{ path: "'Giao ban T3'!O3", header: 'Ghi chú' }]);
    assert.equal(await count(), 0);

    const res = await leader.request({ method: 'POST', url: '/api/tasks/import?assigningOrgUnit=BO', ...multipart(file) });
    assert.equal(res.statusCode, 200, res.body);
    assert.deepEqual([res.json().created, res.json().updated, res.json().unchanged], [2, 0, 0]);
    const ids = res.json().items.map((i: { id: number }) => i.id);
    const first = (await leader.get(`/api/tasks/${ids[0]}`)).json();
    assert.equal(first.title, 'Xây dựng Kế hoạch chuyển đổi số năm 2023');
    assert.equal(first.sourceKind, 'BRIEFING'); // from "/TB-"
    assert.equal(first.sourceDate, '2023-03-02');
    assert.equal(first.assigningOrgUnit.code, 'BO');
    assert.equal(first.leadOrgUnit.code, 'CUC_A');
    assert.deepEqual(
      first.coOrgUnits.map((u: { code: string }) => u.code),
      ['CUC_B'],
    );
    assert.equal(first.responsible, 'Nguyễn Văn An');
    assert.deepEqual([first.startDate, first.dueDate], ['2023-03-05', '2023-04-30']);
    assert.equal(first.priority, 'HIGH');
    assert.equal(first.sector.code, 'VIEN_THONG');
    const second = (await leader.get(`/api/tasks/${ids[1]}`)).json();
    assert.equal(second.leadOrgUnit.code, 'CUC_B'); // "cuc beta": by name, accents and case aside
    assert.deepEqual([second.startDate, second.dueDate, second.priority], ['2023-03-05', '2023-05-31', 'NORMAL']);
    const audit = await t.db.query<{ action: string; n: number }>(`SELECT action, count(*)::int AS n FROM audit_log WHERE action IN ('task.create', 'task.import') GROUP BY action ORDER BY action`);
    assert.deepEqual(audit.rows, [
      { action: 'task.create', n: 2 },
      { action: 'task.import', n: 1 },
    ]);

    // The same list again would record the same tasks twice: refused, naming the title cells.
    const again = await leader.request({ method: 'POST', url: '/api/tasks/import?assigningOrgUnit=BO', ...multipart(file) });
    assert.equal(again.statusCode, 400);
    assert.deepEqual(
      again.json().error.details.map((x: { cell: string; errorCode: string }) => `${x.cell} ${x.errorCode}`),
      ['B4 TASK_EXISTS', 'B5 TASK_EXISTS'],
    );
    assert.equal(await count(), 2);
  });

  test('each kind of bad cell is named by sheet and cell in both languages, and nothing is written', async () => {
    const before = await count();
    const bad: Row[] = [
      ['', '5/CT-BA', null, null, 'Bộ trưởng', 'CUC_A', null, null, '01/03/2023', '31/03/2023', null, null, null, null], // B4 title missing
      ['Nhiệm vụ hai', null, '31/02/2023', null, 'Bộ trưởng', 'KHONG_CO', null, null, '01/03/2023', '31/03/2023', null, null, null, null], // D5 no such date, G5 unknown unit
      ['Nhiệm vụ ba', null, null, null, null, 'CUC_A', 'CUC_A', null, '01/04/2023', '01/03/2023', null, 'Rất gấp', 'Không có', null], // F6 leader missing, H6 lead also co, K6 due before start, M6 priority, N6 sector
      ['Nhiệm vụ bốn', null, null, null, 'Bộ trưởng', 'Phòng Một', null, null, 'hôm nay', '31/03/2023', null, null, null, null], // G7 ambiguous name, J7 not a date
    ];
    const file = await officeList(bad, 'Nhiệm vụ');
    const res = await leader.request({ method: 'POST', url: '/api/tasks/import?assigningOrgUnit=BO', ...multipart(file) });
    const resEn = await leader.request({ method: 'POST', url: '/api/tasks/import?assigningOrgUnit=BO&lang=en', ...multipart(file) });
    assert.equal(res.statusCode, 400, res.body);
    const err = res.json().error;
    const errEn = resEn.json().error;
    assert.equal(err.code, 'IMPORT_REJECTED');
    assert.match(err.message, /^Tệp có 10 ô sai, chưa ghi nhiệm vụ nào\. Trang 'Nhiệm vụ', ô B4: thiếu nội dung nhiệm vụ/);
    assert.match(errEn.message, /^The file has 10 wrong cell\(s\); no task was written\. Sheet 'Nhiệm vụ', cell B4: the task is missing/);
    assert.deepEqual(
      err.details.map((x: { cell: string; errorCode: string }) => `${x.cell} ${x.errorCode}`),
      [
        'B4 REQUIRED',
        'D5 INVALID_DATE',
        'G5 UNKNOWN_ORG_UNIT',
        'F6 REQUIRED',
        'H6 LEAD_ALSO_CO',
        'K6 INVALID_TASK_DATES',
        'M6 INVALID_PRIORITY',
        'N6 UNKNOWN_SECTOR',
        'G7 AMBIGUOUS_ORG_UNIT',
        'J7 INVALID_DATE',
      ],
    );
    type Detail = { cell: string; path: string; row: number; message: string };
    const vi = new Map<string, Detail>(err.details.map((x: Detail) => [x.cell, x]));
    const en = new Map<string, Detail>(errEn.details.map((x: Detail) => [x.cell, x]));
    assert.equal(vi.get('D5')!.path, "'Nhiệm vụ'!D5");
    assert.equal(vi.get('D5')!.row, 5);
    assert.equal(vi.get('D5')!.message, "Trang 'Nhiệm vụ', ô D5: '31/02/2023' không phải ngày (dd/mm/yyyy)");
    assert.equal(en.get('D5')!.message, "Sheet 'Nhiệm vụ', cell D5: '31/02/2023' is not a date (dd/mm/yyyy)");
    assert.match(vi.get('G7')!.message, /có 2 đơn vị tên 'Phòng Một' \(PHONG_A1, PHONG_B1\): ghi mã đơn vị/);
    assert.match(en.get('G7')!.message, /2 units are named 'Phòng Một' \(PHONG_A1, PHONG_B1\): write the unit's code/);
    assert.match(vi.get('K6')!.message, /hạn hoàn thành \(01\/03\/2023\) trước ngày bắt đầu \(01\/04\/2023\)/);
    assert.match(en.get('G5')!.message, /no unit 'KHONG_CO' \(name or code\)/);
    assert.match(vi.get('N6')!.message, /không có lĩnh vực 'Không có'/);
    assert.equal(await count(), before);

    // Not an Excel file at all; no header row.
    const notXlsx = await leader.request({ method: 'POST', url: '/api/tasks/import', ...multipart(Buffer.from('STT,Nội dung\n1,a\n'), 'a.xlsx') });
    assert.equal(notXlsx.statusCode, 400);
    assert.equal(notXlsx.json().error.code, 'NOT_XLSX');
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('Trang 1').addRow(['Tên', 'Ngày']);
    const noHeader = await leader.request({ method: 'POST', url: '/api/tasks/import', ...multipart(Buffer.from(await wb.xlsx.writeBuffer())) });
    assert.equal(noHeader.json().error.code, 'NO_HEADER');
    assert.equal(await count(), before);
  });

  test('a row without an assigning unit names the cell where the column would be', async () => {
    const res = await leader.request({ method: 'POST', url: '/api/tasks/import', ...multipart(await officeList([['Nhiệm vụ chưa có đơn vị giao', ...good[1].slice(1)]])) });
    assert.equal(res.statusCode, 400);
    const detail = res.json().error.details[0];
    assert.equal(detail.errorCode, 'REQUIRED');
    assert.equal(detail.row, 4);
    assert.match(detail.message, /^Trang 'Giao ban T3', ô P4: thiếu đơn vị giao/);
  });

  test('scope: a unit imports tasks only for units within its scope; a reporting officer imports nothing', async () => {
    const before = await count();
    const inside: Row[] = [['Nhiệm vụ của phòng', '3/KH-CA', null, null, 'Cục trưởng', 'PHONG_A1', null, null, '01/03/2023', '31/03/2023', null, null, null, null]];
    const outside: Row[] = [...inside, ['Nhiệm vụ giao sang Cục Beta', '3/KH-CA', null, null, 'Cục trưởng', 'CUC_B', 'PHONG_B1', null, '01/03/2023', '31/03/2023', null, null, null, null]];
    const refused = await managerA.request({ method: 'POST', url: '/api/tasks/import?assigningOrgUnit=CUC_A', ...multipart(await officeList(outside)) });
    assert.equal(refused.statusCode, 400);
    assert.deepEqual(
      refused.json().error.details.map((x: { cell: string; errorCode: string }) => `${x.cell} ${x.errorCode}`),
      ['G5 ORG_UNIT_OUT_OF_SCOPE'],
    );
    assert.equal(await count(), before);
    const notMine = await managerA.request({ method: 'POST', url: '/api/tasks/import?assigningOrgUnit=BO', ...multipart(await officeList(inside)) });
    assert.equal(notMine.statusCode, 400);
    assert.equal(notMine.json().error.details[0].path, 'query.assigningOrgUnit');
    const officer = await officerA.request({ method: 'POST', url: '/api/tasks/import?assigningOrgUnit=CUC_A', ...multipart(await officeList(inside)) });
    assert.equal(officer.statusCode, 403);
    assert.equal(await count(), before);
    const ok = await managerA.request({ method: 'POST', url: '/api/tasks/import?assigningOrgUnit=CUC_A', ...multipart(await officeList(inside)) });
    assert.equal(ok.statusCode, 200, ok.body);
    assert.equal(ok.json().created, 1);
    assert.equal(await count(), before + 1);
  });

  test('export → import is a round trip: unchanged rows stay, edited rows update, the due date is kept for extensions', async () => {
    const exported = await leader.get('/api/tasks/export.xlsx?view=ALL');
    assert.equal(exported.statusCode, 200);
    assert.match(String(exported.headers['content-disposition']), /Danh-sach-nhiem-vu-2023-03-10\.xlsx/);
    const total = await count();
    const same = await leader.request({ method: 'POST', url: '/api/tasks/import', ...multipart(exported.rawPayload) });
    assert.equal(same.statusCode, 200, same.body);
    assert.deepEqual([same.json().created, same.json().updated, same.json().unchanged], [0, 0, total]);
    assert.equal(await count(), total);

    // Edited in Excel: the responsible official of one row; the due date of another (refused, named).
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(exported.rawPayload as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('Nhiệm vụ')!;
    const header = ws.getRow(4).values as string[];
    const col = (name: string) => header.indexOf(name);
    assert.equal(ws.getRow(5).getCell(col('Tình trạng')).value, 'Đang thực hiện, trong hạn');
    const titleOf = (r: number) => String(ws.getRow(r).getCell(col('Nội dung nhiệm vụ')).value);
    const row = [5, 6, 7].find((r) => titleOf(r) === 'Xây dựng Kế hoạch chuyển đổi số năm 2023')!;
    ws.getRow(row).getCell(col('Cán bộ phụ trách')).value = 'Trần Thị Bình';
    const edited = Buffer.from(await wb.xlsx.writeBuffer());
    const updated = await leader.request({ method: 'POST', url: '/api/tasks/import', ...multipart(edited) });
    assert.equal(updated.statusCode, 200, updated.body);
    assert.deepEqual([updated.json().created, updated.json().updated], [0, 1]);
    const id = Number(ws.getRow(row).getCell(col('Mã nhiệm vụ')).value);
    assert.equal((await leader.get(`/api/tasks/${id}`)).json().responsible, 'Trần Thị Bình');
    const { rows: audits } = await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'task.update' AND object_id = $1`, [String(id)]);
    assert.equal(audits[0].n, 1);

    ws.getRow(row).getCell(col('Hạn hoàn thành')).value = d('2023-06-30');
    const moved = await leader.request({ method: 'POST', url: '/api/tasks/import', ...multipart(Buffer.from(await wb.xlsx.writeBuffer())) });
    assert.equal(moved.statusCode, 400);
    const detail = moved.json().error.details[0];
    assert.equal(detail.errorCode, 'DUE_DATE_FIXED');
    assert.equal(detail.cell, `M${row}`);
    assert.match(detail.message, /hạn hoàn thành chỉ đổi qua gia hạn được duyệt \(đang là 30\/04\/2023\)/);

    // An export respects the caller's scope and the list's filters.
    const mine = await managerA.get('/api/tasks/export.xlsx');
    const wbA = new ExcelJS.Workbook();
    await wbA.xlsx.load(mine.rawPayload as unknown as ArrayBuffer);
    const titles: string[] = [];
    wbA.getWorksheet('Nhiệm vụ')!.eachRow((r, n) => {
      if (n > 4) titles.push(String(r.getCell(2).value));
    });
    assert.ok(titles.includes('Nhiệm vụ của phòng'));
    assert.ok(!titles.includes('Rà soát văn bản quy phạm pháp luật'), 'a task of Cục Beta is outside Cục Alpha');
    const filtered = await leader.get('/api/tasks/export.xlsx?orgUnit=CUC_B');
    const wbB = new ExcelJS.Workbook();
    await wbB.xlsx.load(filtered.rawPayload as unknown as ArrayBuffer);
    const rowsB: string[] = [];
    wbB.getWorksheet('Nhiệm vụ')!.eachRow((r, n) => {
      if (n > 4 && r.getCell(2).value) rowsB.push(String(r.getCell(2).value));
    });
    assert.deepEqual(rowsB, ['Rà soát văn bản quy phạm pháp luật']);
  });

  test('the template is the same layout: filled in, it imports', async () => {
    const res = await officerA.get('/api/tasks/template.xlsx');
    assert.equal(res.statusCode, 200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('Nhiệm vụ')!;
    assert.equal(ws.getRow(4).getCell(2).value, 'Nội dung nhiệm vụ');
    assert.ok(wb.getWorksheet('Hướng dẫn')!.getColumn(1).values.includes('Viễn thông'));
    const filled = [null, 'Nhiệm vụ từ tệp mẫu', 'Chỉ thị', '7/CT-BA', d('2023-03-01'), 'Bộ Alpha', 'Bộ trưởng', 'BO', 'CUC_A', null, null, d('2023-03-01'), d('2023-06-30'), null, 'Thấp', null];
    filled.forEach((v, i) => {
      ws.getRow(5).getCell(i + 1).value = v;
    });
    const res2 = await leader.request({ method: 'POST', url: '/api/tasks/import', ...multipart(Buffer.from(await wb.xlsx.writeBuffer())) });
    assert.equal(res2.statusCode, 200, res2.body);
    const task = (await leader.get(`/api/tasks/${res2.json().items[0].id}`)).json();
    assert.deepEqual([task.sourceKind, task.priority, task.assigningOrgUnit.code, task.dueDate], ['DIRECTIVE', 'LOW', 'BO', '2023-06-30']);
  });

  test('the status filter of the list keeps exactly the tasks src/core/tasks.ts gives that status', async () => {
    const all = await repo.listTasks(t.db, { readPaths: 'ALL' });
    for (const today of ['2023-03-10', '2023-05-01', '2023-07-01']) {
      for (const status of TASK_STATUSES) {
        const got = (await repo.listTasks(t.db, { readPaths: 'ALL', status: { today, status } })).map((r) => r.id).sort();
        const want = all
          .filter((r) => computeTaskStatus(r, today).status === status)
          .map((r) => r.id)
          .sort();
        assert.deepEqual(got, want, `${status} on ${today}`);
      }
    }
    // The scorecard's groups count what the core judges, whichever way it is cut.
    const today = '2023-03-10';
    const keyOf = {
      UNIT: (r: repo.TaskRow) => r.leadOrgUnit.code,
      SECTOR: (r: repo.TaskRow) => r.sector?.code ?? '',
      SOURCE: (r: repo.TaskRow) => `${r.sourceKind}|${r.sourceNumber ?? ''}`,
      MONTH: (r: repo.TaskRow) => computeTaskStatus(r, today).effectiveDueDate.slice(0, 7),
    };
    for (const by of ['UNIT', 'SECTOR', 'SOURCE', 'MONTH'] as const) {
      const got = (await repo.countByGroupAndStatus(t.db, { readPaths: 'ALL' }, today, by)).map((c) => `${c.key} ${c.status} ${c.n}`).sort();
      const want = new Map<string, number>();
      for (const r of all) {
        const k = `${keyOf[by](r)} ${computeTaskStatus(r, today).status}`;
        want.set(k, (want.get(k) ?? 0) + 1);
      }
      assert.deepEqual(got, [...want].map(([k, n]) => `${k} ${n}`).sort(), by);
    }
    const labels = await repo.countByGroupAndStatus(t.db, { readPaths: 'ALL' }, today, 'SOURCE');
    assert.ok(labels.some((l) => l.key === 'BRIEFING|12/TB-BA' && l.labelVi === '12/TB-BA'));
  });
});
