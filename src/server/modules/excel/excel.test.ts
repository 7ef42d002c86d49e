import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import ExcelJS from 'exceljs';
import { randomBytes } from 'node:crypto';
import { createTestApp, insertOrgUnit, type TestApp, type TestClient } from '../../testing/test-app.ts';
import { insertDisaggregation, insertElement, insertRegime, putValue } from '../../testing/factories.ts';

function multipart(bytes: Buffer, filename = 'bieu-mau.xlsx') {
  const boundary = `----tiendo${randomBytes(8).toString('hex')}`;
  const head = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet\r\n\r\n`;
  return {
    payload: Buffer.concat([Buffer.from(head), bytes, Buffer.from(`\r\n--${boundary}--\r\n`)]),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}

async function loadWorkbook(bytes: Buffer): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  return wb;
}

async function saveWorkbook(wb: ExcelJS.Workbook): Promise<Buffer> {
  return Buffer.from((await wb.xlsx.writeBuffer()) as ArrayBuffer);
}

/** The input cell of a row key ("CODE|OPTION") and a column key ("UNIT|OPTION"), found through the hidden codes. */
function cellAt(ws: ExcelJS.Worksheet, rowKey: string, colKey: string): ExcelJS.Cell {
  let row = 0;
  ws.getColumn(1).eachCell((cell, r) => {
    if (cell.value === rowKey) row = r;
  });
  let col = 0;
  ws.getRow(1).eachCell((cell, c) => {
    if (c >= 5 && cell.value === colKey) col = c;
  });
  assert.ok(row > 0 && col > 0, `no cell for ${rowKey} × ${colKey}`);
  return ws.getCell(row, col);
}

async function storedValues(t: TestApp) {
  const { rows } = await t.db.query<{ key: string; value: number; source: string }>(
    `SELECT de.code || coalesce('.' || o.code, '') || '@' || ou.code AS key, dv.value, dv.source
       FROM data_value dv JOIN data_element de ON de.id = dv.data_element_id JOIN org_unit ou ON ou.id = dv.org_unit_id
       LEFT JOIN disaggregation_option o ON o.id = dv.option_id ORDER BY 1`,
  );
  return rows;
}

describe('Excel: template download, upload back through the write path', () => {
  let t: TestApp;
  let officer: TestClient;
  let template: Buffer;
  before(async () => {
    t = await createTestApp();
    await insertOrgUnit(t.db, 'VN', 'Việt Nam', null);
    await insertOrgUnit(t.db, 'HN', 'Thành phố Hà Nội', 'VN');
    await insertOrgUnit(t.db, 'HP', 'Thành phố Hải Phòng', 'VN');
    const platform = await insertDisaggregation(t.db, 'PLATFORM', [
      { code: 'FB', nameVi: 'Facebook' },
      { code: 'YT', nameVi: 'YouTube' },
    ]);
    await insertElement(t.db, 'SUBSCRIBERS', { valueType: 'INTEGER', nameVi: 'Số thuê bao di động', unit: 'thuê bao', hardMin: 0 });
    await insertElement(t.db, 'REVENUE', { nameVi: 'Doanh thu', unit: 'tỷ đồng', valueType: 'NUMBER' });
    await insertElement(t.db, 'ACCOUNTS', { valueType: 'INTEGER', nameVi: 'Số tài khoản', unit: 'tài khoản', disaggregationId: platform });
    await insertRegime(t.db, 'BC_THANG', {
      nameVi: 'Báo cáo tháng về viễn thông',
      sections: [
        { code: 'VT', nameVi: 'Viễn thông', elements: ['SUBSCRIBERS', 'REVENUE'] },
        { code: 'NT', nameVi: 'Nền tảng số', elements: ['ACCOUNTS'] },
      ],
      units: ['HN', 'HP'],
    });
    await insertRegime(t.db, 'BC_KHAC', { sections: [{ code: 'X', nameVi: 'Khác', elements: ['REVENUE'] }], units: ['HN'] });
    await putValue(t.db, { element: 'SUBSCRIBERS', period: '202301', orgUnit: 'HN', value: 1234 });
    await t.createUser('officer', [{ role: 'REPORTING_OFFICER', orgUnit: 'VN' }]);
    await t.createUser('hp-officer', [{ role: 'REPORTING_OFFICER', orgUnit: 'HP' }]);
    officer = await t.login('officer');
    const res = await officer.get('/api/regimes/BC_THANG/template.xlsx?period=202301&orgUnit=HN');
    assert.equal(res.statusCode, 200, res.body);
    template = res.rawPayload;
  });
  after(() => t.close());

  test('the template is a Vietnamese workbook: title block, hidden codes, protected structure, validation, current values', async () => {
    const res = await officer.get('/api/regimes/BC_THANG/template.xlsx?period=202301&orgUnit=HN');
    assert.equal(res.headers['content-type'], 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    assert.match(String(res.headers['content-disposition']), /filename="BC_THANG_202301_HN.xlsx"/);
    const wb = await loadWorkbook(template);
    assert.deepEqual(
      wb.worksheets.map((w) => w.name),
      ['Biểu 01', 'Biểu 02'],
    );
    const ws = wb.getWorksheet('Biểu 01')!;
    const titles = [2, 3, 4, 5, 6].map((r) => String(ws.getCell(r, 2).value));
    assert.equal(titles[0], 'BÁO CÁO THÁNG VỀ VIỄN THÔNG');
    assert.equal(titles[1], 'Biểu 01: Viễn thông');
    assert.equal(titles[2], 'Kỳ báo cáo: Tháng 1/2023');
    assert.equal(titles[3], 'Đơn vị báo cáo: Thành phố Hà Nội');
    assert.equal(titles[4], 'Hạn gửi: 16/01/2023');
    assert.deepEqual(
      [2, 3, 4, 5].map((c) => ws.getCell(8, c).value),
      ['STT', 'Chỉ tiêu', 'Đơn vị tính', 'Số liệu'],
    );
    assert.equal(ws.getColumn(1).hidden, true);
    assert.equal(ws.getRow(1).hidden, true);
    const subscribers = cellAt(ws, 'SUBSCRIBERS|', 'HN|');
    assert.equal(subscribers.value, 1234);
    assert.equal(subscribers.numFmt, '#,##0');
    assert.equal(subscribers.protection?.locked, false);
    assert.equal(subscribers.dataValidation?.type, 'whole');
    assert.equal(ws.getCell(9, 3).value, 'Số thuê bao di động');
    assert.notEqual(ws.getCell(9, 3).protection?.locked, false);
    // Disaggregated element: one column per option, and the total column is a locked formula.
    const accounts = wb.getWorksheet('Biểu 02')!;
    assert.deepEqual(
      [5, 6, 7].map((c) => accounts.getCell(8, c).value),
      ['Tổng số', 'Facebook', 'YouTube'],
    );
    assert.equal(cellAt(accounts, 'ACCOUNTS|', 'HN|FB').protection?.locked, false);
    assert.equal(accounts.getCell(9, 5).formula, 'F9+G9');
    assert.notEqual(accounts.getCell(9, 5).protection?.locked, false);
  });

  test('a filled template is stored through the write path with source EXCEL', async () => {
    const wb = await loadWorkbook(template);
    const ws1 = wb.getWorksheet('Biểu 01')!;
    cellAt(ws1, 'SUBSCRIBERS|', 'HN|').value = 1500;
    cellAt(ws1, 'REVENUE|', 'HN|').value = '12,5'; // typed the Vietnamese way
    const ws2 = wb.getWorksheet('Biểu 02')!;
    cellAt(ws2, 'ACCOUNTS|', 'HN|FB').value = 300;
    cellAt(ws2, 'ACCOUNTS|', 'HN|YT').value = '1.200';
    const res = await officer.request({ method: 'POST', url: '/api/regimes/BC_THANG/upload', ...multipart(await saveWorkbook(wb)) });
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.json().summary.imported, 3);
    assert.equal(res.json().summary.updated, 1);
    assert.deepEqual(res.json().errors, []);
    assert.deepEqual(
      (await storedValues(t)).map((r) => [r.key, r.value, r.source]),
      [
        ['ACCOUNTS.FB@HN', 300, 'EXCEL'],
        ['ACCOUNTS.YT@HN', 1200, 'EXCEL'],
        ['REVENUE@HN', 12.5, 'EXCEL'],
        ['SUBSCRIBERS@HN', 1500, 'EXCEL'],
      ],
    );
    const status = await t.db.query<{ status: string }>('SELECT status FROM report_status');
    assert.deepEqual(status.rows, [{ status: 'DRAFT' }]);
    const history = await t.db.query<{ source: string }>("SELECT DISTINCT source FROM data_value_history WHERE source = 'EXCEL'");
    assert.equal(history.rowCount, 1);
  });

  test('one wrong cell: 400 naming the sheet and the cell, in both languages, and nothing is stored', async () => {
    const before = await storedValues(t);
    const wb = await loadWorkbook(template);
    const ws1 = wb.getWorksheet('Biểu 01')!;
    cellAt(ws1, 'SUBSCRIBERS|', 'HN|').value = 999_999;
    const bad = cellAt(ws1, 'REVENUE|', 'HN|');
    bad.value = 'abc';
    const res = await officer.request({ method: 'POST', url: '/api/regimes/BC_THANG/upload', ...multipart(await saveWorkbook(wb)) });
    assert.equal(res.statusCode, 400);
    const err = res.json().error;
    assert.equal(err.code, 'UPLOAD_REJECTED');
    assert.equal(err.details.length, 1);
    assert.equal(err.details[0].message, `Trang 'Biểu 01', ô ${bad.address}: 'abc' không phải là số`);
    assert.equal(err.details[0].sheet, 'Biểu 01');
    assert.equal(err.details[0].cell, bad.address);
    assert.deepEqual(await storedValues(t), before);

    const body = multipart(await saveWorkbook(wb));
    const en = await officer.request({ method: 'POST', url: '/api/regimes/BC_THANG/upload', payload: body.payload, headers: { ...body.headers, 'accept-language': 'en' } });
    assert.equal(en.statusCode, 400);
    assert.equal(en.json().error.details[0].message, `Sheet 'Biểu 01', cell ${bad.address}: 'abc' is not a number`);
  });

  test("every bad cell is listed at once, the write path's own refusals included", async () => {
    const wb = await loadWorkbook(template);
    cellAt(wb.getWorksheet('Biểu 01')!, 'SUBSCRIBERS|', 'HN|').value = 12.5;
    cellAt(wb.getWorksheet('Biểu 01')!, 'REVENUE|', 'HN|').value = 'nhiều';
    cellAt(wb.getWorksheet('Biểu 02')!, 'ACCOUNTS|', 'HN|YT').value = 'x';
    const res = await officer.request({ method: 'POST', url: '/api/regimes/BC_THANG/upload', ...multipart(await saveWorkbook(wb)) });
    assert.equal(res.statusCode, 400);
    const messages = res.json().error.details.map((d: { message: string }) => d.message);
    assert.equal(messages.length, 3);
    assert.match(messages[0], /^Trang 'Biểu 01', ô E9: '12.5' không phải là số nguyên/);
    assert.match(messages[1], /^Trang 'Biểu 01', ô E10: 'nhiều' không phải là số/);
    assert.match(messages[2], /^Trang 'Biểu 02', ô G9: 'x' không phải là số nguyên/);
  });

  test('atomic=false writes the good cells and lists the bad ones; dryRun writes nothing', async () => {
    const wb = await loadWorkbook(template);
    cellAt(wb.getWorksheet('Biểu 01')!, 'SUBSCRIBERS|', 'HN|').value = 1600;
    cellAt(wb.getWorksheet('Biểu 01')!, 'REVENUE|', 'HN|').value = 'abc';
    const bytes = await saveWorkbook(wb);
    const dry = await officer.request({ method: 'POST', url: '/api/regimes/BC_THANG/upload?atomic=false&dryRun=true', ...multipart(bytes) });
    assert.equal(dry.statusCode, 200, dry.body);
    assert.equal(dry.json().summary.dryRun, true);
    assert.equal((await storedValues(t)).find((r) => r.key === 'SUBSCRIBERS@HN')?.value, 1500);
    const res = await officer.request({ method: 'POST', url: '/api/regimes/BC_THANG/upload?atomic=false', ...multipart(bytes) });
    assert.equal(res.statusCode, 200);
    assert.equal(res.json().errors.length, 1);
    assert.equal(res.json().errors[0].path, "'Biểu 01'!E10");
    assert.equal((await storedValues(t)).find((r) => r.key === 'SUBSCRIBERS@HN')?.value, 1600);
  });

  /** Polls the job until it ends, as the web page does. */
  async function finishedJob(client: TestClient, jobId: string) {
    for (let i = 0; i < 300; i++) {
      const res = await client.get(`/api/jobs/${jobId}`);
      assert.equal(res.statusCode, 200, res.body);
      const job = res.json();
      if (job.status === 'DONE' || job.status === 'FAILED') return job;
      await new Promise((r) => setTimeout(r, 20));
    }
    throw new Error(`job ${jobId} did not finish`);
  }

  test('async=true: 202 with a job id at once; the job ends with the synchronous answer and the values stored', async () => {
    const wb = await loadWorkbook(template);
    cellAt(wb.getWorksheet('Biểu 01')!, 'SUBSCRIBERS|', 'HN|').value = 1700;
    cellAt(wb.getWorksheet('Biểu 01')!, 'REVENUE|', 'HN|').value = '13,5';
    const bytes = await saveWorkbook(wb);
    const sync = await officer.request({ method: 'POST', url: '/api/regimes/BC_THANG/upload?dryRun=true', ...multipart(bytes) });
    assert.equal(sync.statusCode, 200, sync.body);
    const dry = await officer.request({ method: 'POST', url: '/api/regimes/BC_THANG/upload?dryRun=true&async=true', ...multipart(bytes) });
    assert.equal(dry.statusCode, 202, dry.body);
    const dryJob = await finishedJob(officer, dry.json().jobId);
    assert.equal(dryJob.kind, 'excel-upload');
    assert.deepEqual(dryJob.result, sync.json());

    const res = await officer.request({ method: 'POST', url: '/api/regimes/BC_THANG/upload?async=true', ...multipart(bytes) });
    assert.equal(res.statusCode, 202, res.body);
    assert.deepEqual(Object.keys(res.json()), ['jobId']);
    const job = await finishedJob(officer, res.json().jobId);
    assert.equal(job.status, 'DONE', JSON.stringify(job.error));
    assert.equal(job.progress, 1);
    assert.equal(job.result.summary.updated, 2);
    assert.deepEqual(job.result.errors, []);
    const stored = await storedValues(t);
    assert.equal(stored.find((r) => r.key === 'SUBSCRIBERS@HN')?.value, 1700);
    assert.equal(stored.find((r) => r.key === 'REVENUE@HN')?.value, 13.5);
  });

  test('async=true with a wrong cell: the job fails with the same bilingual error naming the cell; nothing stored', async () => {
    const before = await storedValues(t);
    const wb = await loadWorkbook(template);
    cellAt(wb.getWorksheet('Biểu 01')!, 'SUBSCRIBERS|', 'HN|').value = 1800;
    const bad = cellAt(wb.getWorksheet('Biểu 01')!, 'REVENUE|', 'HN|');
    bad.value = 'abc';
    const bytes = await saveWorkbook(wb);
    const sync = await officer.request({ method: 'POST', url: '/api/regimes/BC_THANG/upload', ...multipart(bytes) });
    assert.equal(sync.statusCode, 400);
    const res = await officer.request({ method: 'POST', url: '/api/regimes/BC_THANG/upload?async=true', ...multipart(bytes) });
    assert.equal(res.statusCode, 202, res.body);
    const job = await finishedJob(officer, res.json().jobId);
    assert.equal(job.status, 'FAILED');
    assert.equal(job.result, null);
    assert.equal(job.error.code, 'UPLOAD_REJECTED');
    assert.equal(job.error.message, sync.json().error.message);
    assert.deepEqual(
      job.error.details.map((d: { path: string; message: string }) => [d.path, d.message]),
      sync.json().error.details.map((d: { path: string; message: string }) => [d.path, d.message]),
    );
    assert.equal(job.error.details[0].message, `Trang 'Biểu 01', ô ${bad.address}: 'abc' không phải là số`);
    assert.equal(job.error.details[0].messageEn, `Sheet 'Biểu 01', cell ${bad.address}: 'abc' is not a number`);
    assert.deepEqual(await storedValues(t), before);

    // A wrong regime is answered at once, not as a job.
    const unknown = await officer.request({ method: 'POST', url: '/api/regimes/KHONG_CO/upload?async=true', ...multipart(bytes) });
    assert.equal(unknown.statusCode, 404);
  });

  test('several units: one column per unit, options as rows, values land on the right unit', async () => {
    const res = await officer.get('/api/regimes/BC_THANG/template.xlsx?period=202302&orgUnit=HN,HP');
    assert.equal(res.statusCode, 200, res.body);
    const wb = await loadWorkbook(res.rawPayload);
    const ws2 = wb.getWorksheet('Biểu 02')!;
    assert.deepEqual(
      [5, 6].map((c) => ws2.getCell(8, c).value),
      ['Thành phố Hà Nội', 'Thành phố Hải Phòng'],
    );
    cellAt(ws2, 'ACCOUNTS|FB', 'HP|').value = 77;
    cellAt(ws2, 'ACCOUNTS|YT', 'HN|').value = 88;
    cellAt(wb.getWorksheet('Biểu 01')!, 'SUBSCRIBERS|', 'HP|').value = 5000;
    // A formula typed into an input cell counts with the result Excel computed.
    cellAt(wb.getWorksheet('Biểu 01')!, 'SUBSCRIBERS|', 'HN|').value = { formula: '2000+500', result: 2500 };
    const up = await officer.request({ method: 'POST', url: '/api/regimes/BC_THANG/upload', ...multipart(await saveWorkbook(wb)) });
    assert.equal(up.statusCode, 200, up.body);
    const { rows } = await t.db.query<{ key: string; value: number }>(
      `SELECT de.code || coalesce('.' || o.code, '') || '@' || ou.code AS key, dv.value FROM data_value dv
         JOIN data_element de ON de.id = dv.data_element_id JOIN org_unit ou ON ou.id = dv.org_unit_id
         JOIN period p ON p.id = dv.period_id LEFT JOIN disaggregation_option o ON o.id = dv.option_id
        WHERE p.iso = '202302' ORDER BY 1`,
    );
    assert.deepEqual(rows, [
      { key: 'ACCOUNTS.FB@HP', value: 77 },
      { key: 'ACCOUNTS.YT@HN', value: 88 },
      { key: 'SUBSCRIBERS@HN', value: 2500 },
      { key: 'SUBSCRIBERS@HP', value: 5000 },
    ]);
  });

  test("a unit outside one's scope is refused cell by cell", async () => {
    const hp = await t.login('hp-officer');
    assert.equal((await hp.get('/api/regimes/BC_THANG/template.xlsx?period=202303&orgUnit=HN')).statusCode, 403);
    const res = await officer.get('/api/regimes/BC_THANG/template.xlsx?period=202303&orgUnit=HN,HP');
    const wb = await loadWorkbook(res.rawPayload);
    cellAt(wb.getWorksheet('Biểu 01')!, 'SUBSCRIBERS|', 'HN|').value = 1;
    cellAt(wb.getWorksheet('Biểu 01')!, 'SUBSCRIBERS|', 'HP|').value = 2;
    const up = await hp.request({ method: 'POST', url: '/api/regimes/BC_THANG/upload', ...multipart(await saveWorkbook(wb)) });
    assert.equal(up.statusCode, 400);
    assert.equal(up.json().error.details.length, 1);
    assert.match(up.json().error.details[0].message, /^Trang 'Biểu 01', ô E9: .*'Thành phố Hà Nội' \(HN\)/);
  });

  test("a wrong file is a clear 400: not xlsx, another regime's template, tampered codes", async () => {
    const notXlsx = await officer.request({ method: 'POST', url: '/api/regimes/BC_THANG/upload', ...multipart(Buffer.from('STT,Chỉ tiêu\n1,2\n'), 'bieu.csv') });
    assert.equal(notXlsx.statusCode, 400);
    assert.equal(notXlsx.json().error.code, 'NOT_XLSX');

    const other = await officer.request({ method: 'POST', url: '/api/regimes/BC_KHAC/upload', ...multipart(template) });
    assert.equal(other.statusCode, 400);
    assert.equal(other.json().error.code, 'WRONG_TEMPLATE');

    const plain = new ExcelJS.Workbook();
    plain.addWorksheet('Sheet1').getCell('A1').value = 'hello';
    const notTemplate = await officer.request({ method: 'POST', url: '/api/regimes/BC_THANG/upload', ...multipart(await saveWorkbook(plain)) });
    assert.equal(notTemplate.json().error.code, 'NOT_A_TEMPLATE');

    const wb = await loadWorkbook(template);
    const ws = wb.getWorksheet('Biểu 01')!;
    ws.getCell('A9').value = 'REVENUE|'; // moves a row's code onto another data element
    cellAt(ws, 'REVENUE|', 'HN|').value = 5;
    const tampered = await officer.request({ method: 'POST', url: '/api/regimes/BC_THANG/upload', ...multipart(await saveWorkbook(wb)) });
    assert.equal(tampered.statusCode, 400);
    assert.equal(tampered.json().error.code, 'TEMPLATE_TAMPERED');
    assert.match(tampered.json().error.details[0].message, /Trang 'Biểu 01'/);

    const noFile = await officer.post('/api/regimes/BC_THANG/upload', { file: 'x' });
    assert.equal(noFile.statusCode, 400);
    assert.equal(noFile.json().error.code, 'FILE_REQUIRED');
    const broken = multipart(template);
    const truncated = await officer.request({ method: 'POST', url: '/api/regimes/BC_THANG/upload', payload: broken.payload.subarray(0, 400), headers: broken.headers });
    assert.equal(truncated.statusCode, 400, truncated.body);
  });
});
