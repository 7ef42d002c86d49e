/**
 * The task list as offices keep it in Excel: one row a task, one column a field. The same layout is
 * exported (so an export imports again), given as the empty template, and read back on import.
 *
 * Layout of the sheet "Nhiệm vụ":
 *   rows 1–3   title, what the list holds, how to fill it
 *   row 4      header (the names below; offices' own lists are read by these names wherever the header row is)
 *   rows 5…    one task a row
 * A list kept by hand may have its header on another row, other columns between, and several sheets: every
 * sheet whose first 20 rows hold a header naming the task's content is read, each column found by its name.
 */
import type ExcelJS from 'exceljs';
import { foldVietnamese } from '../../../core/vietnamese.ts';
import { columnLetter } from '../excel/workbook.ts';

export const TASK_SHEET = 'Nhiệm vụ';
export const HEADER_ROW = 4;
const HEADER_SEARCH_ROWS = 20;

/** The fields of a row, in the order of the template's columns. */
export const TASK_COLUMNS = [
  { key: 'id', vi: 'Mã nhiệm vụ', en: 'Task id', width: 10, aliases: ['Mã NV', 'ID'] },
  { key: 'title', vi: 'Nội dung nhiệm vụ', en: 'Task', width: 50, aliases: ['Tên nhiệm vụ', 'Nhiệm vụ', 'Nội dung', 'Nội dung công việc'] },
  { key: 'sourceKind', vi: 'Loại văn bản', en: 'Document kind', width: 18, aliases: ['Loại văn bản giao'] },
  { key: 'sourceNumber', vi: 'Số, ký hiệu văn bản', en: 'Document number', width: 18, aliases: ['Số ký hiệu', 'Số văn bản', 'Văn bản giao', 'Số hiệu văn bản'] },
  { key: 'sourceDate', vi: 'Ngày văn bản', en: 'Document date', width: 13, aliases: ['Ngày ban hành'] },
  { key: 'sourceIssuer', vi: 'Cơ quan ban hành', en: 'Issuer', width: 24, aliases: ['Nơi ban hành'] },
  { key: 'assignerName', vi: 'Lãnh đạo giao', en: 'Assigning leader', width: 20, aliases: ['Người giao', 'Lãnh đạo chỉ đạo'] },
  { key: 'assigningOrgUnit', vi: 'Đơn vị giao', en: 'Assigning unit', width: 24, aliases: [] },
  { key: 'leadOrgUnit', vi: 'Đơn vị chủ trì', en: 'Lead unit', width: 28, aliases: ['Đơn vị thực hiện', 'Cơ quan chủ trì'] },
  { key: 'coOrgUnits', vi: 'Đơn vị phối hợp', en: 'Co-operating units', width: 28, aliases: ['Cơ quan phối hợp'] },
  { key: 'responsible', vi: 'Cán bộ phụ trách', en: 'Responsible official', width: 22, aliases: ['Người phụ trách', 'Người chịu trách nhiệm', 'Cán bộ chịu trách nhiệm'] },
  { key: 'startDate', vi: 'Ngày bắt đầu', en: 'Start date', width: 13, aliases: ['Ngày giao'] },
  { key: 'dueDate', vi: 'Hạn hoàn thành', en: 'Due date', width: 13, aliases: ['Thời hạn', 'Thời hạn hoàn thành', 'Hạn xử lý'] },
  { key: 'expectedProduct', vi: 'Sản phẩm dự kiến', en: 'Expected product', width: 24, aliases: ['Sản phẩm', 'Hình thức sản phẩm'] },
  { key: 'priority', vi: 'Mức ưu tiên', en: 'Priority', width: 12, aliases: ['Ưu tiên', 'Mức độ ưu tiên'] },
  { key: 'sector', vi: 'Lĩnh vực', en: 'Sector', width: 22, aliases: [] },
  // Written on export for the reader; an import reads none of them.
  { key: 'extendedDueDate', vi: 'Hạn sau gia hạn', en: 'Extended due date', width: 13, aliases: [], exportOnly: true },
  { key: 'progress', vi: 'Tiến độ (%)', en: 'Progress (%)', width: 10, aliases: [], exportOnly: true },
  { key: 'status', vi: 'Tình trạng', en: 'Status', width: 24, aliases: [], exportOnly: true },
] as const;

export type TaskColumnKey = (typeof TASK_COLUMNS)[number]['key'];
export type ImportColumnKey = Exclude<TaskColumnKey, 'extendedDueDate' | 'progress' | 'status'>;

const foldHeader = (s: string) =>
  foldVietnamese(s)
    .replace(/[^a-z0-9%]+/g, ' ')
    .trim();
const HEADER_KEYS = new Map<string, TaskColumnKey>();
for (const c of TASK_COLUMNS) for (const name of [c.vi, c.en, ...c.aliases]) HEADER_KEYS.set(foldHeader(name), c.key);

export const SOURCE_KIND_LABELS: Record<string, string> = {
  BRIEFING: 'Kết luận giao ban',
  DIRECTIVE: 'Chỉ thị',
  DECISION: 'Quyết định',
  PLAN: 'Kế hoạch',
  STRATEGY: 'Chiến lược',
  OTHER: 'Khác',
};
export const PRIORITY_LABELS: Record<string, string> = { HIGH: 'Cao', NORMAL: 'Bình thường', LOW: 'Thấp' };

/** One row to write: every value as the cell shows it (dates as Date at UTC midnight, shown dd/mm/yyyy). */
export type TaskSheetRow = Partial<Record<TaskColumnKey, string | number | Date | null>>;

const loadExcel = async (): Promise<typeof ExcelJS> => (await import('exceljs')).default;

const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDDEBF7' } };
const READ_ONLY_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE7E6E6' } };
const DATE_KEYS = new Set<TaskColumnKey>(['sourceDate', 'startDate', 'dueDate', 'extendedDueDate']);

/** The task list workbook: the template when `rows` is empty, an export otherwise (a second sheet lists the allowed values). */
export async function buildTaskWorkbook(spec: { subtitle: string; rows: TaskSheetRow[]; sectors: { code: string; nameVi: string }[] }): Promise<Buffer> {
  const Excel = await loadExcel();
  const wb = new Excel.Workbook();
  wb.creator = 'Tiến Độ';
  const ws = wb.addWorksheet(TASK_SHEET, { views: [{ state: 'frozen', ySplit: HEADER_ROW }] });
  const last = columnLetter(TASK_COLUMNS.length);
  ws.mergeCells(`A1:${last}1`);
  ws.getCell('A1').value = 'DANH SÁCH NHIỆM VỤ';
  ws.getCell('A1').font = { bold: true, size: 14 };
  ws.mergeCells(`A2:${last}2`);
  ws.getCell('A2').value = spec.subtitle;
  ws.mergeCells(`A3:${last}3`);
  ws.getCell('A3').value =
    'Mỗi dòng một nhiệm vụ. Ngày dạng dd/mm/yyyy. Đơn vị ghi tên hoặc mã; nhiều đơn vị phối hợp cách nhau bởi dấu chấm phẩy. ' +
    'Để trống "Mã nhiệm vụ" khi giao mới; dòng có mã là nhiệm vụ đã có (chỉ sửa được các cột không tô xám; hạn hoàn thành chỉ đổi qua gia hạn được duyệt).';
  ws.getCell('A3').alignment = { wrapText: true, vertical: 'top' };
  ws.getRow(3).height = 32;
  const header = ws.getRow(HEADER_ROW);
  TASK_COLUMNS.forEach((c, i) => {
    const cell = header.getCell(i + 1);
    cell.value = c.vi;
    cell.font = { bold: true };
    cell.fill = 'exportOnly' in c ? READ_ONLY_FILL : HEADER_FILL;
    cell.alignment = { wrapText: true, vertical: 'middle' };
    cell.border = { top: { style: 'thin' }, left: { style: 'thin' }, bottom: { style: 'thin' }, right: { style: 'thin' } };
    ws.getColumn(i + 1).width = c.width;
    if (DATE_KEYS.has(c.key)) ws.getColumn(i + 1).numFmt = 'dd/mm/yyyy';
  });
  header.height = 30;
  spec.rows.forEach((row, r) => {
    const line = ws.getRow(HEADER_ROW + 1 + r);
    TASK_COLUMNS.forEach((c, i) => {
      const v = row[c.key];
      if (v === undefined || v === null || v === '') return;
      const cell = line.getCell(i + 1);
      cell.value = v;
      if ('exportOnly' in c) cell.fill = READ_ONLY_FILL;
    });
  });
  // Excel's own lists for the coded columns (what is typed is checked again on import).
  const rowsToCheck = `${HEADER_ROW + 1}:${HEADER_ROW + Math.max(500, spec.rows.length + 200)}`;
  const [from, to] = rowsToCheck.split(':');
  const listFor = (key: TaskColumnKey, values: string[]) => {
    const col = columnLetter(TASK_COLUMNS.findIndex((c) => c.key === key) + 1);
    for (let r = Number(from); r <= Number(to); r++) {
      ws.getCell(`${col}${r}`).dataValidation = {
        type: 'list',
        allowBlank: true,
        formulae: [`"${values.join(',')}"`],
        showErrorMessage: true,
        errorTitle: 'Giá trị không hợp lệ',
        error: `Chọn một trong: ${values.join(', ')}`,
      };
    }
  };
  listFor('sourceKind', Object.values(SOURCE_KIND_LABELS));
  listFor('priority', Object.values(PRIORITY_LABELS));

  const help = wb.addWorksheet('Hướng dẫn');
  help.getColumn(1).width = 28;
  help.getColumn(2).width = 70;
  help.addRow(['Cột', 'Cách ghi']).font = { bold: true };
  const how: Record<ImportColumnKey, string> = {
    id: 'Để trống khi giao mới; mã của nhiệm vụ đã có (bản xuất ghi sẵn) để sửa nhiệm vụ đó',
    title: 'Bắt buộc; tối đa 1000 ký tự',
    sourceKind: `${Object.values(SOURCE_KIND_LABELS).join(', ')} (để trống: suy ra từ ký hiệu, ví dụ /TB- là kết luận giao ban, /CT- chỉ thị, /QĐ- quyết định, /KH- kế hoạch)`,
    sourceNumber: 'Ví dụ 15/TB-BTTTT',
    sourceDate: 'dd/mm/yyyy',
    sourceIssuer: 'Ví dụ Bộ Thông tin và Truyền thông',
    assignerName: 'Bắt buộc; ví dụ Bộ trưởng Nguyễn Văn A',
    assigningOrgUnit: 'Tên hoặc mã đơn vị; để trống thì dùng đơn vị giao chọn khi tải lên',
    leadOrgUnit: 'Bắt buộc; tên hoặc mã đơn vị',
    coOrgUnits: 'Tên hoặc mã, cách nhau bởi dấu chấm phẩy (;)',
    responsible: 'Họ tên cán bộ',
    startDate: 'Bắt buộc; dd/mm/yyyy',
    dueDate: 'Bắt buộc; dd/mm/yyyy, không trước ngày bắt đầu',
    expectedProduct: 'Văn bản, hệ thống, báo cáo, đề án…',
    priority: `${Object.values(PRIORITY_LABELS).join(', ')} (để trống: Bình thường)`,
    sector: 'Tên hoặc mã lĩnh vực (danh sách dưới đây)',
  };
  for (const c of TASK_COLUMNS) if (!('exportOnly' in c)) help.addRow([c.vi, how[c.key as ImportColumnKey]]);
  help.addRow([]);
  help.addRow(['Lĩnh vực', 'Mã']).font = { bold: true };
  for (const s of spec.sectors) help.addRow([s.nameVi, s.code]);
  return Buffer.from((await wb.xlsx.writeBuffer()) as ArrayBuffer);
}

// ---------------------------------------------------------------------------------------------
// Reading back

export interface SheetCell {
  sheet: string;
  /** "E9" */
  address: string;
  text: string;
  /** A date cell's calendar day ('YYYY-MM-DD'): Excel keeps days without a zone, at UTC midnight in exceljs. */
  day: string | null;
}

export interface SheetRow {
  sheet: string;
  row: number;
  cells: Partial<Record<ImportColumnKey, SheetCell>>;
  /** Where a missing column's value would be (the cell a "missing" error names). */
  addressOf: (key: ImportColumnKey) => string;
}

export type ReadTaskSheets =
  | { ok: true; rows: SheetRow[]; sheets: string[]; ignoredColumns: { sheet: string; address: string; header: string }[] }
  | { ok: false; kind: 'NOT_XLSX' | 'NO_HEADER'; problems: { sheet: string | null; address: string | null; messageVi: string; messageEn: string }[] };

function cellText(v: ExcelJS.CellValue): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v.trim();
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === 'object' && 'richText' in v)
    return v.richText
      .map((t) => t.text)
      .join('')
      .trim();
  if (typeof v === 'object' && 'hyperlink' in v) return String((v as { text?: unknown }).text ?? v.hyperlink).trim();
  if (typeof v === 'object' && 'result' in v) return cellText((v as { result: ExcelJS.CellValue }).result);
  if (typeof v === 'object' && 'error' in v) return String(v.error);
  return '';
}

function cellDay(v: ExcelJS.CellValue): string | null {
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? null : v.toISOString().slice(0, 10);
  if (v && typeof v === 'object' && 'result' in v) return cellDay((v as { result: ExcelJS.CellValue }).result);
  return null;
}

/** Reads every sheet that has a task header: each filled row with its cells named by address. */
export async function readTaskWorkbook(bytes: Buffer): Promise<ReadTaskSheets> {
  const wb = new (await loadExcel()).Workbook();
  try {
    await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch {
    return { ok: false, kind: 'NOT_XLSX', problems: [{ sheet: null, address: null, messageVi: 'Tệp không phải là tệp Excel .xlsx hợp lệ', messageEn: 'The file is not a valid Excel .xlsx file' }] };
  }
  const rows: SheetRow[] = [];
  const sheets: string[] = [];
  const ignoredColumns: { sheet: string; address: string; header: string }[] = [];
  wb.eachSheet((ws) => {
    let headerRow = 0;
    const columns = new Map<ImportColumnKey, number>();
    for (let r = 1; r <= Math.min(HEADER_SEARCH_ROWS, ws.rowCount) && headerRow === 0; r++) {
      const found = new Map<ImportColumnKey, number>();
      const extra: { address: string; header: string }[] = [];
      ws.getRow(r).eachCell((cell, c) => {
        const header = cellText(cell.value);
        const key = HEADER_KEYS.get(foldHeader(header));
        if (key && !found.has(key as ImportColumnKey)) {
          if (!['extendedDueDate', 'progress', 'status'].includes(key)) found.set(key as ImportColumnKey, c);
        } else if (header && !key && !/^(stt|tt|so tt)$/.test(foldHeader(header))) extra.push({ address: `${columnLetter(c)}${r}`, header });
      });
      // The header names the task and at least two other fields (a list of the column names, one a row, is not one).
      if (found.has('title') && found.size >= 3) {
        headerRow = r;
        for (const [k, c] of found) columns.set(k, c);
        for (const e of extra) ignoredColumns.push({ sheet: ws.name, ...e });
      }
    }
    if (headerRow === 0) return;
    sheets.push(ws.name);
    // A value of a column the sheet lacks is named at the first column after the sheet's, on its row.
    const spare = Math.max(ws.columnCount, ...columns.values()) + 1;
    for (let r = headerRow + 1; r <= ws.rowCount; r++) {
      const row = ws.getRow(r);
      const cells: Partial<Record<ImportColumnKey, SheetCell>> = {};
      let any = false;
      for (const [key, c] of columns) {
        const cell = row.getCell(c);
        const text = cellText(cell.value);
        if (text === '') continue;
        any = true;
        cells[key] = { sheet: ws.name, address: `${columnLetter(c)}${r}`, text, day: cellDay(cell.value) };
      }
      // A row with nothing but an id (or nothing at all) is not a task.
      if (!any || Object.keys(cells).every((k) => k === 'id')) continue;
      rows.push({ sheet: ws.name, row: r, cells, addressOf: (key) => `${columnLetter(columns.get(key) ?? spare)}${r}` });
    }
  });
  if (sheets.length === 0) {
    return {
      ok: false,
      kind: 'NO_HEADER',
      problems: [
        {
          sheet: null,
          address: null,
          messageVi: `Không trang nào có dòng tiêu đề với cột "${TASK_COLUMNS[1].vi}" (trong ${HEADER_SEARCH_ROWS} dòng đầu); hãy dùng tệp mẫu`,
          messageEn: `No sheet has a header row with a "${TASK_COLUMNS[1].vi}" (task) column in its first ${HEADER_SEARCH_ROWS} rows; use the template`,
        },
      ],
    };
  }
  return { ok: true, rows, sheets, ignoredColumns };
}
