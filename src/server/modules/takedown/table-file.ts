/**
 * Reads the lists people exchange with the platforms — CSV or the first sheet of an XLSX workbook, told apart by
 * content — into rows of text keyed by normalised column names, each with its row number in the file.
 * Times are read as Vietnamese wall-clock time unless they carry an offset.
 */
import { parse } from 'csv-parse/sync';
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
  if (typeof v === 'object' && 'richText' in v) return v.richText.map((t) => t.text).join('').trim();
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

function readCsv(bytes: Buffer): Table {
  const text = bytes.toString('utf8').replace(/^\uFEFF/, '');
  if (text.includes('\u0000')) {
    throw badRequest('NUL_CHARACTER', 'Tệp có ký tự NUL', 'The file contains a NUL character', [{ path: 'file', messageVi: 'Ký tự NUL không được phép', messageEn: 'NUL characters are not allowed' }]);
  }
  let records: string[][];
  try {
    records = parse(text, { relax_column_count: true, skip_empty_lines: false, bom: true, delimiter: text.split('\n', 1)[0].includes(';') && !text.split('\n', 1)[0].includes(',') ? ';' : ',' }) as string[][];
  } catch (err) {
    const line = (err as { lines?: number }).lines ?? 0;
    throw badRequest('MALFORMED_CSV', `CSV không hợp lệ ở dòng ${line}`, `Malformed CSV at line ${line}: ${(err as Error).message}`, [{ path: `row ${line}`, messageVi: 'Không đọc được dòng này (dấu ngoặc kép?)', messageEn: 'This row could not be read (quotes?)' }]);
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

const VN_OFFSET = '+07:00';

/**
 * A time from a cell: ISO 8601 with an offset; or, as Vietnamese wall-clock time, "dd/mm/yyyy hh:mm[:ss]",
 * "yyyy-mm-dd hh:mm[:ss]" (or with T). null when unreadable or the date does not exist.
 */
export function parseCellTime(text: string): Date | null {
  const t = text.trim();
  let iso: string | null = null;
  let m = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{1,2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?(Z|[+-]\d{2}:?\d{2})?$/.exec(t);
  if (m) iso = `${m[1]}-${m[2]}-${m[3]}T${m[4].padStart(2, '0')}:${m[5]}:${m[6] ?? '00'}${m[7] ? (m[7] === 'Z' ? 'Z' : m[7].length === 5 ? `${m[7].slice(0, 3)}:${m[7].slice(3)}` : m[7]) : VN_OFFSET}`;
  else {
    m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})(?:\s+(\d{1,2}):(\d{2})(?::(\d{2}))?)?$/.exec(t);
    if (m) iso = `${m[3]}-${m[2].padStart(2, '0')}-${m[1].padStart(2, '0')}T${(m[4] ?? '0').padStart(2, '0')}:${m[5] ?? '00'}:${m[6] ?? '00'}${VN_OFFSET}`;
  }
  if (!iso) return null;
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return null;
  // "31/02" rolls over in Date: compare the calendar day written with the one read back (in its own offset).
  const [y, mo, da] = iso.slice(0, 10).split('-').map(Number);
  const check = new Date(Date.UTC(y, mo - 1, da));
  if (check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== da) return null;
  return d;
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
