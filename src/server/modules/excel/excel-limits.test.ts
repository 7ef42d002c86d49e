// Bounded work before any check on Excel uploads: a caller who may write nowhere is refused before
// the file is read; a file over EXCEL_MAX_BYTES is refused at that size; a small file that unpacks to
// more cells than EXCEL_MAX_CELLS is refused while its parts are streamed, before it is loaded.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { createReportingWorld, type ReportingWorld } from '../regimes/test-fixtures.ts';
import { checkWorkbookSize } from './workbook.ts';

function multipartParts(bytes: Buffer) {
  const boundary = `----tiendo${randomBytes(8).toString('hex')}`;
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="bieu-mau.xlsx"\r\nContent-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet\r\n\r\n`,
  );
  return { head, bytes, tail: Buffer.from(`\r\n--${boundary}--\r\n`), type: `multipart/form-data; boundary=${boundary}` };
}

async function workbookWithCells(count: number): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Biểu 01');
  const perRow = 100;
  for (let r = 1; r <= Math.ceil(count / perRow); r++) ws.addRow(Array.from({ length: perRow }, () => 1));
  return Buffer.from((await wb.xlsx.writeBuffer()) as ArrayBuffer);
}

describe('Excel uploads: limits and permission before the file is read', () => {
  let w: ReportingWorld;

  before(async () => {
    w = await createReportingWorld({ env: { EXCEL_MAX_CELLS: '5000', EXCEL_MAX_BYTES: String(256 * 1024) } });
  });
  after(() => w.t.close());

  test('the cell count is taken while the parts are streamed, and stops at the limit', async () => {
    const small = await workbookWithCells(2_000);
    assert.deepEqual(await checkWorkbookSize(small, { maxCells: 5_000, maxUnpackedBytes: 64 * 1024 * 1024 }), { ok: true, cells: 2_000 });
    const big = await workbookWithCells(50_000);
    const check = await checkWorkbookSize(big, { maxCells: 5_000, maxUnpackedBytes: 64 * 1024 * 1024 });
    assert.equal(check.ok, false);
    assert.equal(!check.ok && check.kind, 'TOO_MANY_CELLS');
    assert.equal((await checkWorkbookSize(Buffer.from('not a zip'), { maxCells: 10, maxUnpackedBytes: 1024 })).ok, false);
  });

  test('a file of more cells than EXCEL_MAX_CELLS: 413 naming the file, before it is loaded', async () => {
    const bytes = await workbookWithCells(50_000);
    assert.ok(bytes.length < 256 * 1024, `${bytes.length} bytes: under the byte limit, over the cell limit`);
    const p = multipartParts(bytes);
    const res = await w.admin.request({
      method: 'POST',
      url: '/api/regimes/BC_THANG/upload',
      payload: Buffer.concat([p.head, p.bytes, p.tail]),
      headers: { 'content-type': p.type, 'accept-language': 'en' },
    });
    assert.equal(res.statusCode, 413, res.body);
    assert.equal(res.json().error.code, 'TOO_MANY_CELLS');
    assert.equal(res.json().error.details[0].path, 'file');
    // The background upload is refused in the request too, not as a failed job.
    const job = await w.admin.request({ method: 'POST', url: '/api/regimes/BC_THANG/upload?async=true', payload: Buffer.concat([p.head, p.bytes, p.tail]), headers: { 'content-type': p.type } });
    assert.equal(job.statusCode, 413, job.body);
  });

  test('a file over EXCEL_MAX_BYTES: 413 at the limit', async () => {
    const p = multipartParts(randomBytes(400 * 1024));
    const res = await w.admin.request({ method: 'POST', url: '/api/regimes/BC_THANG/upload', payload: Buffer.concat([p.head, p.bytes, p.tail]), headers: { 'content-type': p.type } });
    assert.equal(res.statusCode, 413, res.body);
    assert.equal(res.json().error.code, 'FILE_TOO_LARGE');
    assert.equal(res.json().error.details[0].path, 'file');
  });

  test('a council member (no data.write) is refused before a byte of the file is read', async () => {
    await w.t.createUser('council', [{ role: 'COUNCIL_MEMBER', orgUnit: 'VN' }]);
    const council = await w.login('council');
    const p = multipartParts(Buffer.alloc(0));
    // A file part that never ends: an answer at all means the server did not read it.
    let pulled = 0;
    const body = new Readable({
      read() {
        pulled++;
        this.push(pulled === 1 ? p.head : randomBytes(16 * 1024));
      },
    });
    const res = await council.request({ method: 'POST', url: '/api/regimes/BC_THANG/upload', payload: body, headers: { 'content-type': p.type, 'transfer-encoding': 'chunked' } });
    assert.equal(res.statusCode, 403, res.body);
    assert.equal(res.json().error.code, 'FORBIDDEN');
    assert.ok(pulled < 64, `pulled ${pulled} chunks of 16 KiB`);
  });
});
