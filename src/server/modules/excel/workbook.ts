/**
 * The regime's Excel template: building it and reading it back.
 *
 * Layout of every data sheet ("Biểu 01", "Biểu 02", … one per form section):
 *   row 1 (hidden)     A1 marker, B1 regime code, C1 period, D1 checksum; from column E the column keys
 *   column A (hidden)  the row keys
 *   rows 2–7           title block (regime, form, period, unit, due date, how to fill)
 *   row 8              header: STT, Chỉ tiêu, Đơn vị tính, one column per value column
 *   rows 9…            one row per data element (and, with several units, one per disaggregation option)
 * A row key is "DATA_ELEMENT|OPTION" and a column key "ORG_UNIT|OPTION" (one of the two options is
 * empty); the cell at their crossing is the value of that data element × option × org unit for the period.
 * The checksum covers every key, so a hand-edited code is caught instead of writing to the wrong place.
 */
import { effectiveRange, isBooleanType, isIntegerType, isNumericType, isTextType, type ValueType } from '../../../core/value-types.ts';
import { formatNumber } from '../../../core/vietnamese.ts';
import type ExcelJS from 'exceljs';
import * as unzipper from 'unzipper';
import { createHash } from 'node:crypto';

export const TEMPLATE_MARKER = 'TIENDO-TEMPLATE:1';
const HEADER_ROW = 8;
const FIRST_DATA_ROW = 9;
const FIRST_VALUE_COL = 5;
const KEY_SEPARATOR = '|';

export type TemplateValueType = ValueType;

export interface TemplateElement {
  code: string;
  nameVi: string;
  unit: string | null;
  valueType: TemplateValueType;
  minValue: number | null;
  maxValue: number | null;
  options: { code: string; nameVi: string }[];
}

export interface TemplateSheet {
  /** Sheet name, e.g. "Biểu 01". */
  name: string;
  /** Form (section) title shown in the title block. */
  title: string;
  elements: TemplateElement[];
}

export interface TemplateSpec {
  regimeCode: string;
  regimeName: string;
  period: string;
  periodLabel: string;
  /** "16/01/2023" */
  dueDateLabel: string;
  units: { code: string; nameVi: string }[];
  sheets: TemplateSheet[];
  /** Current values keyed by valueKey(). */
  values: Map<string, number | string | boolean>;
}

/** Key of a value in TemplateSpec.values. */
export function valueKey(dataElement: string, option: string | null, orgUnit: string): string {
  return `${dataElement}${KEY_SEPARATOR}${option ?? ''}${KEY_SEPARATOR}${orgUnit}`;
}

function checksum(regime: string, period: string, sheet: string, colKeys: string[], rowKeys: string[]): string {
  return createHash('sha256')
    .update(JSON.stringify([TEMPLATE_MARKER, regime, period, sheet, colKeys, rowKeys]))
    .digest('hex')
    .slice(0, 24);
}

/** exceljs is loaded on the first workbook, not at start: most processes never build one. */
const loadExcel = async (): Promise<typeof ExcelJS> => (await import('exceljs')).default;

const GREY: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE7E6E6' } };
const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDDEBF7' } };
const INPUT_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFFFFF' } };
const THIN: Partial<ExcelJS.Borders> = {
  top: { style: 'thin' },
  left: { style: 'thin' },
  bottom: { style: 'thin' },
  right: { style: 'thin' },
};

function numberFormat(type: TemplateValueType): string {
  if (isIntegerType(type)) return '#,##0';
  if (type === 'NUMBER') return '#,##0.##';
  if (type === 'PERCENTAGE' || type === 'UNIT_INTERVAL') return '0.##';
  return '@';
}

/** Excel's own check of a cell, from the same range the write path enforces (type range and hard bounds). */
function validationFor(el: TemplateElement): ExcelJS.DataValidation | null {
  if (isTextType(el.valueType)) return null;
  if (isBooleanType(el.valueType)) {
    return {
      type: 'list',
      allowBlank: true,
      formulae: [el.valueType === 'TRUE_ONLY' ? '"Có"' : '"Có,Không"'],
      showErrorMessage: true,
      errorTitle: 'Giá trị không hợp lệ',
      error: el.valueType === 'TRUE_ONLY' ? 'Chọn Có hoặc để trống' : 'Chọn Có hoặc Không',
    };
  }
  const { min, max } = effectiveRange(el);
  const integer = isIntegerType(el.valueType);
  const kind = integer ? 'whole' : 'decimal';
  const what = integer ? 'số nguyên' : 'số';
  const f = (n: number) => formatNumber(n, 'vi');
  const base = { type: kind, allowBlank: true, showErrorMessage: true, errorTitle: 'Giá trị không hợp lệ' } as const;
  if (min !== null && max !== null) return { ...base, operator: 'between', formulae: [min, max], error: `Nhập ${what} từ ${f(min)} đến ${f(max)}` };
  if (min !== null) return { ...base, operator: 'greaterThanOrEqual', formulae: [min], error: `Nhập ${what} không nhỏ hơn ${f(min)}` };
  if (max !== null) return { ...base, operator: 'lessThanOrEqual', formulae: [max], error: `Nhập ${what} không lớn hơn ${f(max)}` };
  // Excel has no "any number" rule: a very wide range does the same job.
  return { ...base, operator: 'between', formulae: [-1e15, 1e15], error: `Nhập ${what}` };
}

function displayValue(el: TemplateElement, v: number | string | boolean | undefined): ExcelJS.CellValue {
  if (v === undefined) return null;
  if (isBooleanType(el.valueType)) {
    const truthy = v === true || v === 'true' || v === 1 || v === '1';
    return truthy ? 'Có' : 'Không';
  }
  if (isTextType(el.valueType)) return String(v);
  const n = typeof v === 'number' ? v : Number(v);
  return Number.isFinite(n) ? n : String(v);
}

interface Column {
  key: string;
  header: string;
  orgUnit: string;
  option: string | null;
}

function buildColumns(spec: TemplateSpec, sheet: TemplateSheet): Column[] {
  if (spec.units.length > 1) {
    return spec.units.map((u) => ({ key: `${u.code}${KEY_SEPARATOR}`, header: u.nameVi, orgUnit: u.code, option: null }));
  }
  const unit = spec.units[0];
  const options: { code: string; nameVi: string }[] = [];
  for (const el of sheet.elements) for (const o of el.options) if (!options.some((x) => x.code === o.code)) options.push(o);
  const total: Column = { key: `${unit.code}${KEY_SEPARATOR}`, header: options.length ? 'Tổng số' : 'Số liệu', orgUnit: unit.code, option: null };
  return [total, ...options.map((o) => ({ key: `${unit.code}${KEY_SEPARATOR}${o.code}`, header: o.nameVi, orgUnit: unit.code, option: o.code }))];
}

interface RowPlan {
  key: string;
  stt: string;
  label: string;
  unit: string;
  element: TemplateElement;
  option: string | null;
  /** A disaggregated element's own row when options get rows of their own: totals only. */
  isTotalRow: boolean;
}

function buildRows(spec: TemplateSpec, sheet: TemplateSheet): RowPlan[] {
  const rows: RowPlan[] = [];
  const multi = spec.units.length > 1;
  sheet.elements.forEach((el, i) => {
    const stt = String(i + 1);
    if (multi && el.options.length > 0) {
      rows.push({ key: '', stt, label: el.nameVi, unit: el.unit ?? '', element: el, option: null, isTotalRow: true });
      el.options.forEach((o, j) =>
        rows.push({ key: `${el.code}${KEY_SEPARATOR}${o.code}`, stt: `${stt}.${j + 1}`, label: `   – ${o.nameVi}`, unit: el.unit ?? '', element: el, option: o.code, isTotalRow: false }),
      );
    } else {
      rows.push({ key: `${el.code}${KEY_SEPARATOR}`, stt, label: el.nameVi, unit: el.unit ?? '', element: el, option: null, isTotalRow: false });
    }
  });
  return rows;
}

/** Excel's column letters of a 1-based column index (1 → A, 27 → AA). */
export function columnLetter(index: number): string {
  let s = '';
  let n = index;
  while (n > 0) {
    const r = (n - 1) % 26;
    s = String.fromCharCode(65 + r) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

/** Builds the template workbook (.xlsx bytes). */
export async function buildTemplateWorkbook(spec: TemplateSpec): Promise<Buffer> {
  const wb = new (await loadExcel()).Workbook();
  wb.creator = 'Tiến Độ';
  wb.created = new Date(0);
  for (const sheet of spec.sheets) {
    const ws = wb.addWorksheet(sheet.name, { views: [{ state: 'frozen', xSplit: 4, ySplit: HEADER_ROW }] });
    const columns = buildColumns(spec, sheet);
    const rows = buildRows(spec, sheet);
    const lastCol = FIRST_VALUE_COL + columns.length - 1;

    ws.getColumn(1).width = 4;
    ws.getColumn(1).hidden = true;
    ws.getColumn(2).width = 6;
    ws.getColumn(3).width = 55;
    ws.getColumn(4).width = 14;
    for (let c = FIRST_VALUE_COL; c <= lastCol; c++) ws.getColumn(c).width = 18;

    // Hidden keys.
    const meta = ws.getRow(1);
    meta.getCell(1).value = TEMPLATE_MARKER;
    meta.getCell(2).value = spec.regimeCode;
    meta.getCell(3).value = spec.period;
    meta.getCell(4).value = checksum(
      spec.regimeCode,
      spec.period,
      sheet.name,
      columns.map((c) => c.key),
      rows.map((r) => r.key),
    );
    columns.forEach((c, i) => (meta.getCell(FIRST_VALUE_COL + i).value = c.key));
    meta.hidden = true;

    // Title block.
    const unitLine = spec.units.length === 1 ? `Đơn vị báo cáo: ${spec.units[0].nameVi}` : `Đơn vị báo cáo: ${spec.units.length} đơn vị (mỗi đơn vị một cột)`;
    const titles: [number, string, Partial<ExcelJS.Font>][] = [
      [2, spec.regimeName.toUpperCase(), { bold: true, size: 13 }],
      [3, `${sheet.name}: ${sheet.title}`, { bold: true, size: 12 }],
      [4, `Kỳ báo cáo: ${spec.periodLabel}`, { size: 11 }],
      [5, unitLine, { size: 11 }],
      [6, `Hạn gửi: ${spec.dueDateLabel}`, { size: 11, italic: true }],
      [7, 'Nhập số liệu vào các ô màu trắng; ô để trống là chưa có số liệu. Không sửa các ô khác.', { size: 10, italic: true, color: { argb: 'FF595959' } }],
    ];
    for (const [r, text, font] of titles) {
      ws.mergeCells(r, 2, r, Math.max(lastCol, 4));
      const cell = ws.getCell(r, 2);
      cell.value = text;
      cell.font = font;
      cell.alignment = { horizontal: r <= 3 ? 'center' : 'left', vertical: 'middle', wrapText: true };
    }

    const header = ws.getRow(HEADER_ROW);
    ['STT', 'Chỉ tiêu', 'Đơn vị tính', ...columns.map((c) => c.header)].forEach((text, i) => {
      const cell = header.getCell(i + 2);
      cell.value = text;
      cell.font = { bold: true };
      cell.fill = HEADER_FILL;
      cell.border = THIN;
      cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
    });
    header.height = 32;

    rows.forEach((plan, i) => {
      const r = FIRST_DATA_ROW + i;
      const row = ws.getRow(r);
      row.getCell(1).value = plan.key || null;
      row.getCell(2).value = plan.stt;
      row.getCell(3).value = plan.label;
      row.getCell(4).value = plan.unit;
      for (const c of [2, 3, 4]) {
        const cell = row.getCell(c);
        cell.border = THIN;
        cell.alignment = { vertical: 'middle', wrapText: c === 3, horizontal: c === 3 ? 'left' : 'center' };
        if (plan.isTotalRow || plan.element.options.length === 0 || plan.option === null) cell.font = { bold: plan.option === null };
      }
      const el = plan.element;
      const optionCols = columns.map((c, j) => ({ c, col: FIRST_VALUE_COL + j })).filter((x) => x.c.option !== null && el.options.some((o) => o.code === x.c.option));
      columns.forEach((col, j) => {
        const cIndex = FIRST_VALUE_COL + j;
        const cell = row.getCell(cIndex);
        cell.border = THIN;
        cell.numFmt = numberFormat(el.valueType);
        if (plan.isTotalRow) {
          // Several units, element with options: the element row sums its option rows below.
          const first = r + 1;
          const last = r + el.options.length;
          if (isNumericType(el.valueType) && !isBooleanType(el.valueType)) cell.value = { formula: `SUM(${columnLetter(cIndex)}${first}:${columnLetter(cIndex)}${last})` };
          cell.fill = GREY;
          cell.font = { bold: true };
          return;
        }
        const option = plan.option ?? col.option;
        const applies = plan.option !== null ? col.option === null : col.option === null ? el.options.length === 0 : el.options.some((o) => o.code === col.option);
        if (!applies) {
          if (col.option === null && el.options.length > 0 && optionCols.length > 0 && isNumericType(el.valueType) && !isBooleanType(el.valueType)) {
            // One unit, element with options: the total column sums this row's option columns.
            cell.value = { formula: optionCols.map((x) => `${columnLetter(x.col)}${r}`).join('+') };
            cell.font = { bold: true };
          }
          cell.fill = GREY;
          return;
        }
        cell.value = displayValue(el, spec.values.get(valueKey(el.code, option, col.orgUnit)));
        cell.fill = INPUT_FILL;
        cell.protection = { locked: false };
        const validation = validationFor(el);
        if (validation) cell.dataValidation = validation;
      });
    });

    // Structure protected, inputs open; no password, so anyone can still unprotect on purpose.
    await ws.protect('', {
      selectLockedCells: true,
      selectUnlockedCells: true,
      formatColumns: false,
      formatRows: false,
      insertRows: false,
      insertColumns: false,
      deleteRows: false,
      deleteColumns: false,
    });
  }
  const out = await wb.xlsx.writeBuffer();
  return Buffer.from(out as ArrayBuffer);
}

// ---------------------------------------------------------------------------------------------
// Reading back

export interface TemplateCell {
  sheet: string;
  /** "E9" */
  address: string;
  dataElement: string;
  option: string | null;
  orgUnit: string;
  value: string | number | boolean | Date;
  /** The value is a formula's result (the template's own totals are formulas too). */
  isFormula: boolean;
}

export interface TemplateProblem {
  sheet: string | null;
  address: string | null;
  messageVi: string;
  messageEn: string;
}

export type ReadResult =
  { ok: true; regimeCode: string; period: string; cells: TemplateCell[]; sheets: string[] } | { ok: false; kind: 'NOT_XLSX' | 'NOT_A_TEMPLATE' | 'TAMPERED'; problems: TemplateProblem[] };

function text(v: ExcelJS.CellValue): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (v instanceof Date) return v.toISOString();
  if (typeof v === 'object' && 'richText' in v) return v.richText.map((t) => t.text).join('');
  if (typeof v === 'object' && 'text' in v && typeof v.text === 'string') return v.text;
  return '';
}

/** A cell's content as typed: formulas give their cached result; rich text becomes plain text. */
function cellContent(v: ExcelJS.CellValue): { value: string | number | boolean | Date | null; isFormula: boolean } {
  if (v === null || v === undefined) return { value: null, isFormula: false };
  if (typeof v === 'string') return { value: v.trim() === '' ? null : v, isFormula: false };
  if (typeof v === 'number' || typeof v === 'boolean' || v instanceof Date) return { value: v, isFormula: false };
  if (typeof v === 'object' && ('formula' in v || 'sharedFormula' in v)) {
    // Excel and LibreOffice store the computed result beside the formula; a file written by a tool
    // that does not compute has none, and then the formula text is what the error shows.
    const result = 'result' in v ? v.result : undefined;
    if (result === undefined || result === null) return { value: `=${'formula' in v ? v.formula : v.sharedFormula}`, isFormula: true };
    if (typeof result === 'object' && 'error' in result) return { value: String(result.error), isFormula: true };
    return { value: result instanceof Date || typeof result !== 'object' ? result : null, isFormula: true };
  }
  if (typeof v === 'object' && 'error' in v) return { value: String(v.error), isFormula: false };
  const t = text(v);
  return { value: t.trim() === '' ? null : t, isFormula: false };
}

export interface WorkbookLimits {
  /** The most cells (<c> elements) all sheets together may hold. */
  maxCells: number;
  /** The most bytes the workbook's parts may unpack to. */
  maxUnpackedBytes: number;
}

export type SizeCheck = { ok: true; cells: number } | { ok: false; kind: 'NOT_XLSX' | 'TOO_MANY_CELLS' | 'TOO_LARGE_UNPACKED'; part: string | null };

/**
 * Counts a workbook's cells and unpacked bytes by streaming each part out of the zip, a chunk at a
 * time, and stops at the first limit passed — before the workbook is loaded, so that a small file
 * that unpacks to millions of cells costs no more than the limit (memory stays one chunk).
 */
export async function checkWorkbookSize(bytes: Buffer, limits: WorkbookLimits): Promise<SizeCheck> {
  let files;
  try {
    files = (await unzipper.Open.buffer(bytes)).files;
  } catch {
    return { ok: false, kind: 'NOT_XLSX', part: null };
  }
  let cells = 0;
  let unpacked = 0;
  for (const file of files) {
    if (file.type !== 'File') continue;
    const isSheet = /^xl\/worksheets\/[^/]+\.xml$/.test(file.path);
    const stream = file.stream();
    let tail = '';
    try {
      for await (const chunk of stream as AsyncIterable<Buffer>) {
        unpacked += chunk.length;
        if (unpacked > limits.maxUnpackedBytes) return { ok: false, kind: 'TOO_LARGE_UNPACKED', part: file.path };
        if (!isSheet) continue;
        // "<c " or "<c>" opens a cell; the tail keeps a tag cut between two chunks.
        const text = tail + chunk.toString('latin1');
        for (let i = text.indexOf('<c'); i >= 0; i = text.indexOf('<c', i + 2)) {
          const next = text.charCodeAt(i + 2);
          if (next === 0x20 || next === 0x3e || next === 0x2f) cells++;
          else if (Number.isNaN(next)) break;
        }
        tail = text.slice(-2) === '<c' ? '<c' : text.endsWith('<') ? '<' : '';
        if (cells > limits.maxCells) return { ok: false, kind: 'TOO_MANY_CELLS', part: file.path };
      }
    } catch {
      return { ok: false, kind: 'NOT_XLSX', part: file.path };
    } finally {
      stream.destroy();
    }
  }
  return { ok: true, cells };
}

/** Reads every filled input cell of a template; problems with the file itself come back as one kind. */
export async function readTemplateWorkbook(bytes: Buffer): Promise<ReadResult> {
  const wb = new (await loadExcel()).Workbook();
  try {
    await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch {
    return {
      ok: false,
      kind: 'NOT_XLSX',
      problems: [{ sheet: null, address: null, messageVi: 'Tệp không phải là tệp Excel .xlsx hợp lệ', messageEn: 'The file is not a valid Excel .xlsx file' }],
    };
  }
  const cells: TemplateCell[] = [];
  const problems: TemplateProblem[] = [];
  const sheets: string[] = [];
  let regimeCode: string | null = null;
  let period: string | null = null;
  wb.eachSheet((ws) => {
    const meta = ws.getRow(1);
    if (text(meta.getCell(1).value) !== TEMPLATE_MARKER) return;
    sheets.push(ws.name);
    const sheetRegime = text(meta.getCell(2).value);
    const sheetPeriod = text(meta.getCell(3).value);
    if (regimeCode === null) regimeCode = sheetRegime;
    if (period === null) period = sheetPeriod;
    if (sheetRegime !== regimeCode || sheetPeriod !== period) {
      problems.push({
        sheet: ws.name,
        address: 'B1',
        messageVi: `Trang '${ws.name}' thuộc chế độ/kỳ khác với các trang còn lại`,
        messageEn: `Sheet '${ws.name}' belongs to another regime or period than the other sheets`,
      });
      return;
    }
    const colKeys: string[] = [];
    for (let c = FIRST_VALUE_COL; ; c++) {
      const key = text(meta.getCell(c).value);
      if (!key) break;
      colKeys.push(key);
    }
    const rowKeys: string[] = [];
    for (let r = FIRST_DATA_ROW; r <= ws.rowCount; r++) rowKeys.push(text(ws.getRow(r).getCell(1).value));
    while (rowKeys.length > 0 && rowKeys[rowKeys.length - 1] === '') rowKeys.pop();
    if (checksum(sheetRegime, sheetPeriod, ws.name, colKeys, rowKeys) !== text(meta.getCell(4).value)) {
      problems.push({
        sheet: ws.name,
        address: null,
        messageVi: `Trang '${ws.name}': các mã ẩn của biểu mẫu đã bị sửa (hoặc trang bị đổi tên); hãy tải lại biểu mẫu`,
        messageEn: `Sheet '${ws.name}': the template's hidden codes were changed (or the sheet renamed); download the template again`,
      });
      return;
    }
    rowKeys.forEach((rowKey, i) => {
      if (!rowKey) return;
      const r = FIRST_DATA_ROW + i;
      const [dataElement, rowOption] = rowKey.split(KEY_SEPARATOR);
      const row = ws.getRow(r);
      colKeys.forEach((colKey, j) => {
        const c = FIRST_VALUE_COL + j;
        const cell = row.getCell(c);
        const { value, isFormula } = cellContent(cell.value);
        if (value === null) return;
        const [orgUnit, colOption] = colKey.split(KEY_SEPARATOR);
        if (rowOption && colOption) return; // cannot occur in a template whose checksum holds
        cells.push({ sheet: ws.name, address: `${columnLetter(c)}${r}`, dataElement, option: rowOption || colOption || null, orgUnit, value, isFormula });
      });
    });
  });
  if (problems.length > 0) return { ok: false, kind: 'TAMPERED', problems };
  if (sheets.length === 0 || regimeCode === null || period === null) {
    return {
      ok: false,
      kind: 'NOT_A_TEMPLATE',
      problems: [{ sheet: null, address: null, messageVi: 'Tệp không phải là biểu mẫu Excel tải từ hệ thống', messageEn: 'The file is not an Excel template downloaded from this system' }],
    };
  }
  return { ok: true, regimeCode, period, cells, sheets };
}
