/**
 * Reads the lists people exchange with the platforms — CSV or the first sheet of an XLSX workbook, told apart by
 * content — into rows of text keyed by normalised column names, each with its row number in the file.
 * Times are read as Vietnamese wall-clock time unless they carry an offset.
 */
import type ExcelJS from 'exceljs';
import { AppError, badRequest } from '../../http/errors.ts';

export interface TableRow {
  /** The row number as the file shows it (the header is row 1). */
  row: number;
  cells: Record<string, string>;
}

export interface Table {
  format: 'CSV' | 'XLSX';
  columns: string[];
  rows: TableRow[];
}

export const MAX_IMPORT_ROWS = 200_000;

/** Column names folded: lower case, no diacritics, spaces and dashes as _. */
export function columnKey(header: string): string {
  return header
    .replace(/^\uFEFF/, '')
    .trim()
    .toLowerCase()
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/[\s\-./]+/g, '_');
}

function tooMany(n: number): AppError {
  return badRequest('TOO_MANY_ROWS', `Tệp có ${n} dòng, quá ${MAX_IMPORT_ROWS} dòng một lần nhập`, `The file has ${n} rows, more than ${MAX_IMPORT_ROWS} per import`, [
    { path: 'file', messageVi: `Tối đa ${MAX_IMPORT_ROWS} dòng`, messageEn: `At most ${MAX_IMPORT_ROWS} rows` },
  ]);
}

function cellText(v: ExcelJS.CellValue): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v.trim();
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  // Excel keeps wall-clock time without a zone: the UTC fields of exceljs's Date are what the cell shows.
  if (v instanceof Date) return v.toISOString().slice(0, 19).replace('T', ' ');
  if (typeof v === 'object' && 'richText' in v)
    return v.richText
      .map((t) => t.text)
      .join('')
      .trim();
  if (typeof v === 'object' && 'hyperlink' in v) return String((v as { text?: unknown; hyperlink: string }).text ?? v.hyperlink).trim() || v.hyperlink;
  if (typeof v === 'object' && 'result' in v) return cellText((v as { result: ExcelJS.CellValue }).result);
  if (typeof v === 'object' && 'text' in v && typeof v.text === 'string') return v.text.trim();
  return '';
}

async function readXlsx(bytes: Buffer): Promise<Table> {
  const { default: Excel } = await import('exceljs');
  const wb = new Excel.Workbook();
  try {
    await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch {
    throw badRequest('NOT_XLSX', 'Không đọc được tệp Excel (.xlsx)', 'The Excel (.xlsx) file could not be read', [{ path: 'file', messageVi: 'Tệp Excel hỏng', messageEn: 'Corrupt Excel file' }]);
  }
  const ws = wb.worksheets[0];
  if (!ws) return { format: 'XLSX', columns: [], rows: [] };
  if (ws.rowCount - 1 > MAX_IMPORT_ROWS) throw tooMany(ws.rowCount - 1);
  const header = ws.getRow(1);
  const columns: string[] = [];
  header.eachCell({ includeEmpty: true }, (cell, col) => {
    columns[col - 1] = columnKey(cellText(cell.value));
  });
  const rows: TableRow[] = [];
  ws.eachRow({ includeEmpty: false }, (r, n) => {
    if (n === 1) return;
    const cells: Record<string, string> = {};
    let any = false;
    columns.forEach((key, i) => {
      if (!key) return;
      const text = cellText(r.getCell(i + 1).value);
      cells[key] = text;
      if (text) any = true;
    });
    if (any) rows.push({ row: n, cells });
  });
  return { format: 'XLSX', columns: columns.filter(Boolean), rows };
}

class CsvSyntaxError extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(message);
  }
}

/**
 * RFC 4180 records: fields split by the delimiter, a field in double quotes may hold the delimiter, line breaks
 * and "" for a quote; records end at LF, CRLF or CR. A quote inside an unquoted field, or text after a closing
 * quote, is an error naming its line. One pass over the text (a 100,000-row list reads in a fraction of a second).
 */
export function parseCsvRecords(text: string, delimiter: string): string[][] {
  // Without a quote anywhere (the usual export), records are lines and fields split by the delimiter.
  if (!text.includes('"')) {
    const lines = text.split(/\r\n|\n|\r/);
    if (lines[lines.length - 1] === '') lines.pop();
    return lines.map((l) => l.split(delimiter));
  }
  const records: string[][] = [];
  const n = text.length;
  const D = delimiter.charCodeAt(0);
  let i = 0;
  let line = 1;
  while (i < n) {
    const rec: string[] = [];
    for (;;) {
      if (text.charCodeAt(i) === 34) {
        const opened = line;
        let value = '';
        let start = ++i;
        for (;;) {
          const q = text.indexOf('"', i);
          if (q < 0) throw new CsvSyntaxError(opened, 'a quoted field is not closed');
          if (text.charCodeAt(q + 1) === 34) {
            value += text.slice(start, q + 1);
            i = start = q + 2;
            continue;
          }
          value += text.slice(start, q);
          i = q + 1;
          break;
        }
        for (let k = value.indexOf('\n'); k >= 0; k = value.indexOf('\n', k + 1)) line++;
        rec.push(value);
        const c = text.charCodeAt(i);
        if (i < n && c !== D && c !== 10 && c !== 13) throw new CsvSyntaxError(line, 'text after a closing quote');
      } else {
        let j = i;
        for (; j < n; j++) {
          const c = text.charCodeAt(j);
          if (c === D || c === 10 || c === 13) break;
          if (c === 34) throw new CsvSyntaxError(line, 'a quote inside an unquoted field');
        }
        rec.push(text.slice(i, j));
        i = j;
      }
      if (i >= n) break;
      if (text.charCodeAt(i) === D) {
        i++;
        continue;
      }
      if (text.charCodeAt(i) === 13) i++;
      if (text.charCodeAt(i) === 10) i++;
      line++;
      break;
    }
    records.push(rec);
  }
  return records;
}

function readCsv(bytes: Buffer): Table {
  const text = bytes.toString('utf8').replace(/^\uFEFF/, '');
  if (text.includes('\u0000')) {
    throw badRequest('NUL_CHARACTER', 'Tệp có ký tự NUL', 'The file contains a NUL character', [{ path: 'file', messageVi: 'Ký tự NUL không được phép', messageEn: 'NUL characters are not allowed' }]);
  }
  let records: string[][];
  const head = text.slice(0, text.search(/\r|\n|$/));
  try {
    records = parseCsvRecords(text, head.includes(';') && !head.includes(',') ? ';' : ',');
  } catch (err) {
    if (!(err instanceof CsvSyntaxError)) throw err;
    const line = err.line;
    throw badRequest('MALFORMED_CSV', `CSV không hợp lệ ở dòng ${line}`, `Malformed CSV at line ${line}: ${err.message}`, [
      { path: `row ${line}`, messageVi: 'Không đọc được dòng này (dấu ngoặc kép?)', messageEn: 'This row could not be read (quotes?)' },
    ]);
  }
  if (records.length - 1 > MAX_IMPORT_ROWS) throw tooMany(records.length - 1);
  const columns = (records[0] ?? []).map(columnKey);
  const rows: TableRow[] = [];
  for (let i = 1; i < records.length; i++) {
    const rec = records[i];
    if (rec.every((v) => v.trim() === '')) continue;
    const cells: Record<string, string> = {};
    columns.forEach((key, c) => {
      if (key) cells[key] = (rec[c] ?? '').trim();
    });
    rows.push({ row: i + 1, cells });
  }
  return { format: 'CSV', columns: columns.filter(Boolean), rows };
}

/** A CSV or XLSX file as rows (XLSX by its zip signature, anything else as UTF-8 CSV). */
export async function readTableFile(bytes: Buffer): Promise<Table> {
  if (bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04) return readXlsx(bytes);
  return readCsv(bytes);
}

/**
 * A time from a cell: ISO 8601 with an offset; or, as Vietnamese wall-clock time, "dd/mm/yyyy hh:mm[:ss]",
 * "yyyy-mm-dd hh:mm[:ss]" (or with T). null when unreadable or the date does not exist.
 */
export function parseCellTime(text: string): Date | null {
  const t = text.trim();
  let y: number, mo: number, d: number, h: number, mi: number, sec: number;
  let offsetMinutes = 7 * 60;
  let m = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{1,2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?(Z|[+-]\d{2}:?\d{2})?$/.exec(t);
  if (m) {
    [y, mo, d, h, mi, sec] = [Number(m[1]), Number(m[2]), Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6] ?? 0)];
    if (m[7]) {
      const z = m[7];
      const oh = z === 'Z' ? 0 : Number(z.slice(1, 3));
      const om = z === 'Z' ? 0 : Number(z.slice(-2));
      if (oh > 23 || om > 59) return null;
      offsetMinutes = (z[0] === '-' ? -1 : 1) * (oh * 60 + om);
    }
  } else {
    m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})(?:\s+(\d{1,2}):(\d{2})(?::(\d{2}))?)?$/.exec(t);
    if (!m) return null;
    [y, mo, d, h, mi, sec] = [Number(m[3]), Number(m[2]), Number(m[1]), Number(m[4] ?? 0), Number(m[5] ?? 0), Number(m[6] ?? 0)];
  }
  if (h > 23 || mi > 59 || sec > 59) return null;
  // "31/02" rolls over in Date: the calendar day written must be the one read back.
  const wall = Date.UTC(y, mo - 1, d, h, mi, sec);
  const check = new Date(wall);
  if (check.getUTCFullYear() !== y || check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d) return null;
  return new Date(wall - offsetMinutes * 60_000);
}

/** A calendar day from a cell: yyyy-mm-dd or dd/mm/yyyy (an Excel date cell reads as yyyy-mm-dd 00:00:00). */
export function parseCellDay(text: string): string | null {
  const t = text.trim().replace(/ 00:00:00$/, '');
  let y: number, mo: number, d: number;
  let m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(t);
  if (m) [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  else {
    m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(t);
    if (!m) return null;
    [y, mo, d] = [Number(m[3]), Number(m[2]), Number(m[1])];
  }
  const check = new Date(Date.UTC(y, mo - 1, d));
  if (check.getUTCFullYear() !== y || check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d) return null;
  return check.toISOString().slice(0, 10);
}
