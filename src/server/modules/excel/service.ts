import { VALUE_TYPES, isBooleanType, isTextType } from '../../../core/value-types.ts';
import type { ServiceContext } from '../../http/context.ts';
import { AppError, type CodeWithStatus, badRequest, type ErrorDetail } from '../../http/errors.ts';
import { formatDate } from '../../../core/periods.ts';
import { runImport, type DataValueInput, type ImportSummary } from '../data-values/write.ts';
import { findDataElement, listOptions } from '../metadata/repo.ts';
import { listRegimeElements, type RegimeRow } from '../regimes/repo.ts';
import { getForm, requireRegime, requireRegimePeriod } from '../regimes/service.ts';
import { ensureDraft } from '../report-status/repo.ts';
import { startJob, type ReportProgress } from '../jobs/service.ts';
import type { JobKind } from '../jobs/runner.ts';
import { buildTemplateWorkbook, checkWorkbookSize, readTemplateWorkbook, valueKey, type TemplateCell, type TemplateElement, type TemplateSheet, type TemplateValueType } from './workbook.ts';

/** More units than this make a sheet nobody can fill; split the request instead. */
export const MAX_TEMPLATE_UNITS = 300;

const asValueType = (t: string): TemplateValueType => ((VALUE_TYPES as readonly string[]).includes(t) ? (t as TemplateValueType) : 'TEXT');

const sheetName = (index: number) => `Biểu ${String(index + 1).padStart(2, '0')}`;

/** The regime's .xlsx template for a period and one or several units, with their current values. */
export async function buildTemplate(ctx: ServiceContext, code: string, q: { period: string; orgUnit: string }): Promise<{ fileName: string; bytes: Buffer }> {
  const regime = await requireRegime(ctx.db, code);
  requireRegimePeriod(regime, q.period, 'querystring.period');
  const unitCodes = [
    ...new Set(
      q.orgUnit
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
    ),
  ];
  if (unitCodes.length === 0 || unitCodes.length > MAX_TEMPLATE_UNITS) {
    throw badRequest('INVALID_ORG_UNITS', `Cần từ 1 đến ${MAX_TEMPLATE_UNITS} đơn vị`, `Between 1 and ${MAX_TEMPLATE_UNITS} org units are needed`, [
      { path: 'querystring.orgUnit', messageVi: `Từ 1 đến ${MAX_TEMPLATE_UNITS} mã đơn vị, cách nhau bởi dấu phẩy`, messageEn: `1 to ${MAX_TEMPLATE_UNITS} org unit codes separated by commas` },
    ]);
  }
  // The form service decides access and gives the structure and the values, unit by unit.
  const forms = [];
  for (const unitCode of unitCodes) {
    const form = await getForm(ctx, regime.code, unitCode, q.period);
    if (form.notEditableReason?.code === 'NOT_A_REPORTING_UNIT') {
      throw badRequest('NOT_A_REPORTING_UNIT', form.notEditableReason.messageVi, form.notEditableReason.messageEn, [
        { path: 'querystring.orgUnit', messageVi: form.notEditableReason.messageVi, messageEn: form.notEditableReason.messageEn },
      ]);
    }
    forms.push(form);
  }
  const first = forms[0];
  const bounds = new Map<string, { min: number | null; max: number | null }>();
  for (const section of first.sections) {
    for (const el of section.elements) {
      const row = await findDataElement(ctx.db, el.code);
      bounds.set(el.code, { min: row?.minValue ?? null, max: row?.maxValue ?? null });
    }
  }
  const sheets: TemplateSheet[] = first.sections
    .filter((s) => s.elements.length > 0)
    .map((section, i) => ({
      name: sheetName(i),
      title: section.nameVi,
      elements: section.elements.map((el): TemplateElement => ({
        code: el.code,
        nameVi: el.nameVi,
        unit: el.unit,
        valueType: asValueType(el.valueType),
        minValue: bounds.get(el.code)?.min ?? null,
        maxValue: bounds.get(el.code)?.max ?? null,
        options: (el.options ?? []).map((o) => ({ code: o.code, nameVi: o.nameVi })),
      })),
    }));
  const values = new Map<string, number | string | boolean>();
  for (const form of forms) {
    for (const [key, value] of Object.entries(form.values)) {
      if (value === null) continue;
      const dot = key.indexOf('.');
      values.set(valueKey(dot < 0 ? key : key.slice(0, dot), dot < 0 ? null : key.slice(dot + 1), form.orgUnit.code), value);
    }
  }
  const bytes = await buildTemplateWorkbook({
    regimeCode: regime.code,
    regimeName: regime.nameVi,
    period: q.period,
    periodLabel: first.period.labelVi,
    dueDateLabel: first.period.dueDate ? formatDate(first.period.dueDate, 'vi') : '',
    units: forms.map((f) => ({ code: f.orgUnit.code, nameVi: f.orgUnit.nameVi })),
    sheets,
    values,
  });
  const unitPart = unitCodes.length === 1 ? unitCodes[0] : `${unitCodes.length}-don-vi`;
  return { fileName: `${regime.code}_${q.period}_${unitPart}.xlsx`, bytes };
}

// ---------------------------------------------------------------------------------------------
// Upload

interface CellError {
  cell: TemplateCell;
  messageVi: string;
  messageEn: string;
  code: string;
}

// Text typed the Vietnamese way: "1.234.567,5" and "12,5". "1.500" is read as 1500 (a Vietnamese
// thousands separator), "1.5" as 1.5.
const VI_THOUSANDS = /^[+-]?\d{1,3}(\.\d{3})+(,\d+)?$/;
const VI_DECIMAL = /^[+-]?\d+,\d+$/;

/** A cell's content as the write path expects it: numbers typed the Vietnamese way are read too. */
function cellInput(cell: TemplateCell, valueType: TemplateValueType): string | number {
  const v = cell.value;
  if (isBooleanType(valueType)) {
    if (typeof v === 'boolean') return v ? 'true' : 'false';
    const t = String(v).trim().toLowerCase();
    if (t === 'có' || t === 'co' || t === 'yes' || t === 'x') return 'true';
    if (t === 'không' || t === 'khong' || t === 'no') return 'false';
    return String(v);
  }
  if (v instanceof Date)
    return isTextType(valueType) ? v.toISOString().slice(0, 10) : `${String(v.getUTCDate()).padStart(2, '0')}/${String(v.getUTCMonth() + 1).padStart(2, '0')}/${v.getUTCFullYear()}`;
  if (typeof v === 'number') return v;
  if (typeof v === 'boolean') return String(v);
  if (isTextType(valueType)) return v;
  const t = v.trim().replace(/[\s\u00a0]/g, '');
  if (VI_THOUSANDS.test(t)) return t.replace(/\./g, '').replace(',', '.');
  if (VI_DECIMAL.test(t)) return t.replace(',', '.');
  return v.trim();
}

/** How an error names a cell: "Trang 'Biểu 01', ô E9" / "Sheet 'Biểu 01', cell E9", and the path 'Biểu 01'!E9. */
export function cellWhere(cell: { sheet: string; address: string }): { vi: string; en: string; path: string } {
  return { vi: `Trang '${cell.sheet}', ô ${cell.address}`, en: `Sheet '${cell.sheet}', cell ${cell.address}`, path: `'${cell.sheet}'!${cell.address}` };
}

/** "Giá trị 'abc' không phải là số" → "'abc' không phải là số": the cell already says what it is. */
const stripValuePrefix = (message: string, prefix: string) => (message.startsWith(prefix) ? message.slice(prefix.length) : message);

function cellOrder(a: TemplateCell, b: TemplateCell, sheets: string[]): number {
  const s = sheets.indexOf(a.sheet) - sheets.indexOf(b.sheet);
  if (s !== 0) return s;
  const [, ca, ra] = /^([A-Z]+)(\d+)$/.exec(a.address) ?? [];
  const [, cb, rb] = /^([A-Z]+)(\d+)$/.exec(b.address) ?? [];
  return Number(ra) - Number(rb) || ca.length - cb.length || ca.localeCompare(cb);
}

/**
 * Refuses a workbook whose sheets hold more than EXCEL_MAX_CELLS cells (or that unpacks to more than
 * a bound that follows from it), counted while its parts are streamed out of the zip, before it is
 * loaded: a small file can unpack to millions of cells.
 */
export async function assertWorkbookSize(ctx: ServiceContext, bytes: Buffer): Promise<void> {
  const maxCells = ctx.config.EXCEL_MAX_CELLS;
  const check = await checkWorkbookSize(bytes, { maxCells, maxUnpackedBytes: Math.max(64 * 1024 * 1024, maxCells * 512) });
  if (check.ok) return;
  if (check.kind === 'NOT_XLSX') {
    throw fileError(
      'NOT_XLSX',
      [{ sheet: null, address: null, messageVi: 'Tệp không phải là tệp Excel .xlsx hợp lệ', messageEn: 'The file is not a valid Excel .xlsx file' }],
      'Tệp tải lên không phải là tệp Excel (.xlsx)',
      'The uploaded file is not an Excel (.xlsx) file',
    );
  }
  const part = check.part ?? '';
  if (check.kind === 'TOO_MANY_CELLS') {
    throw new AppError(
      'TOO_MANY_CELLS',
      413,
      `Tệp có hơn ${maxCells} ô (EXCEL_MAX_CELLS), tại phần ${part}; hãy chia nhỏ`,
      `The file holds more than ${maxCells} cells (EXCEL_MAX_CELLS), at part ${part}; split it`,
      [{ path: 'file', part, messageVi: `Hơn ${maxCells} ô`, messageEn: `More than ${maxCells} cells` }],
    );
  }
  throw new AppError('FILE_TOO_LARGE', 413, `Tệp giải nén ra quá lớn (phần ${part})`, `The file unpacks to too much data (part ${part})`, [
    { path: 'file', part, messageVi: 'Giải nén ra quá lớn', messageEn: 'Unpacks to too much data' },
  ]);
}

export interface UploadResult {
  regime: string;
  period: string;
  sheets: string[];
  cells: number;
  summary: Omit<ImportSummary, 'conflicts'>;
  errors: { path: string; code: string; message: string }[];
}

function fileError(code: CodeWithStatus<400>, problems: { sheet: string | null; address: string | null; messageVi: string; messageEn: string }[], vi: string, en: string): AppError {
  return badRequest(
    code,
    vi,
    en,
    problems.map((p) => ({ path: p.sheet ? (p.address ? `'${p.sheet}'!${p.address}` : `'${p.sheet}'`) : 'file', messageVi: p.messageVi, messageEn: p.messageEn })),
  );
}

/**
 * Reads a filled template and writes its values through the one write path (source EXCEL). All or
 * nothing by default: any wrong cell means nothing is written and every wrong cell is listed.
 */
export async function uploadWorkbook(ctx: ServiceContext, code: string, bytes: Buffer, mode: { dryRun: boolean; atomic: boolean }, report: ReportProgress = async () => {}): Promise<UploadResult> {
  const regime: RegimeRow = await requireRegime(ctx.db, code);
  await report(0.05, 'parsing');
  await assertWorkbookSize(ctx, bytes);
  const read = await readTemplateWorkbook(bytes);
  if (!read.ok) {
    if (read.kind === 'NOT_XLSX') throw fileError('NOT_XLSX', read.problems, 'Tệp tải lên không phải là tệp Excel (.xlsx)', 'The uploaded file is not an Excel (.xlsx) file');
    if (read.kind === 'NOT_A_TEMPLATE') throw fileError('NOT_A_TEMPLATE', read.problems, 'Tệp không phải là biểu mẫu tải từ hệ thống', 'The file is not a template downloaded from this system');
    throw fileError('TEMPLATE_TAMPERED', read.problems, 'Biểu mẫu đã bị sửa cấu trúc hoặc mã ẩn; hãy tải lại biểu mẫu', "The template's structure or hidden codes were changed; download it again");
  }
  if (read.regimeCode !== regime.code) {
    throw badRequest(
      'WRONG_TEMPLATE',
      `Tệp là biểu mẫu của chế độ '${read.regimeCode}', không phải của chế độ '${regime.code}'`,
      `The file is the template of regime '${read.regimeCode}', not of '${regime.code}'`,
      [{ path: 'file', messageVi: `Biểu mẫu của chế độ '${read.regimeCode}'`, messageEn: `Template of regime '${read.regimeCode}'` }],
    );
  }
  requireRegimePeriod(regime, read.period, 'file');

  const elements = await listRegimeElements(ctx.db, regime.id);
  const options = await listOptions(ctx.db, [...new Set(elements.flatMap((e) => (e.disaggregationId ? [e.disaggregationId] : [])))]);
  const byCode = new Map(elements.map((e) => [e.code, e]));
  const cells = [...read.cells].sort((a, b) => cellOrder(a, b, read.sheets));
  const errors: CellError[] = [];
  const inputs: DataValueInput[] = [];
  const inputCells: TemplateCell[] = [];
  for (const cell of cells) {
    const el = byCode.get(cell.dataElement);
    if (!el) {
      errors.push({
        cell,
        code: 'ELEMENT_NOT_IN_FORM',
        messageVi: `chỉ số '${cell.dataElement}' không còn trong biểu mẫu; hãy tải lại biểu mẫu`,
        messageEn: `data element '${cell.dataElement}' is no longer on the form; download the template again`,
      });
      continue;
    }
    const elOptions = el.disaggregationId === null ? [] : options.filter((o) => o.disaggregationId === el.disaggregationId);
    const fits = elOptions.length === 0 ? cell.option === null : cell.option !== null && elOptions.some((o) => o.code === cell.option);
    if (!fits) {
      // The template's own totals are formulas in cells that take no value: not the user's doing.
      if (cell.isFormula) continue;
      errors.push({ cell, code: 'NOT_AN_INPUT_CELL', messageVi: 'ô này không dùng để nhập số liệu', messageEn: 'this cell does not take a value' });
      continue;
    }
    inputs.push({ dataElement: el.code, period: read.period, orgUnit: cell.orgUnit, option: cell.option, value: cellInput(cell, asValueType(el.valueType)) });
    inputCells.push(cell);
  }

  await report(0.5, 'writing');
  // With wrong cells already found, an all-or-nothing upload still goes through the write path as a
  // dry run, so that the answer lists every wrong cell at once.
  const failedEarly = mode.atomic && errors.length > 0;
  const { summary } = await runImport(
    ctx,
    { source: 'EXCEL', atomic: mode.atomic, dryRun: mode.dryRun || failedEarly, maxConflicts: Number.MAX_SAFE_INTEGER },
    (writer) => writer.addBatch(inputs, 0),
    {
      beforeCommit: async (tx, _s, writer) => {
        // Like the web form, a report that received values is started (draft).
        for (const key of writer.touched) {
          const [regimeId, periodId, orgUnitId] = key.split(':').map(Number);
          if (regimeId === regime.id) await ensureDraft(tx, { regimeId, periodId, orgUnitId }, ctx.clock());
        }
      },
    },
  );
  for (const c of summary.conflicts) {
    const cell = inputCells[c.index];
    if (!cell) continue;
    errors.push({ cell, code: c.errorCode, messageVi: stripValuePrefix(c.messageVi, 'Giá trị '), messageEn: stripValuePrefix(c.messageEn, 'Value ') });
  }
  errors.sort((a, b) => cellOrder(a.cell, b.cell, read.sheets));
  const details: ErrorDetail[] = errors.map((e) => {
    const w = cellWhere(e.cell);
    return { path: w.path, sheet: e.cell.sheet, cell: e.cell.address, errorCode: e.code, messageVi: `${w.vi}: ${e.messageVi}`, messageEn: `${w.en}: ${e.messageEn}` };
  });
  if (mode.atomic && errors.length > 0) {
    const firstError = details[0];
    throw new AppError(
      'UPLOAD_REJECTED',
      400,
      `Tệp có ${errors.length} ô sai, chưa ghi số liệu nào. ${firstError.messageVi}`,
      `The file has ${errors.length} wrong cell(s); nothing was written. ${firstError.messageEn}`,
      details,
    );
  }
  const { conflicts: _conflicts, ...counts } = summary;
  return {
    regime: regime.code,
    period: read.period,
    sheets: read.sheets,
    cells: cells.length,
    summary: { ...counts, conflictCount: errors.length },
    errors: details.map((d) => ({ path: d.path, code: String(d.errorCode), message: ctx.lang === 'vi' ? d.messageVi : d.messageEn })),
  };
}

/** What an upload job keeps to run (again) in any process: the regime, the mode, and the file as its input. */
interface UploadJobPayload {
  code: string;
  mode: { dryRun: boolean; atomic: boolean };
}

/**
 * An upload run as a background job. Safe to run again: an atomic upload writes in one transaction,
 * and the one write path leaves a value that is already there unchanged.
 */
export const excelUploadJob: JobKind<UploadJobPayload> = {
  kind: 'excel-upload',
  // Reading a workbook is heavy on memory and CPU: two at a time over all processes.
  concurrency: 2,
  maxAttempts: 3,
  backoff: { baseMs: 5_000, maxMs: 60_000 },
  run: (ctx, job) => {
    if (!job.input) throw new Error('excel-upload job without its file');
    return uploadWorkbook(ctx, job.payload.code, job.input, job.payload.mode, job.report);
  },
};

/**
 * The same upload run as a background job (kind 'excel-upload'): the answer is the job's id at once;
 * the job's result is exactly what the synchronous upload answers, its error the same bilingual one.
 */
export async function startUploadJob(ctx: ServiceContext, code: string, bytes: Buffer, mode: { dryRun: boolean; atomic: boolean }): Promise<{ jobId: string }> {
  // A wrong regime code or a file over the limits is answered now rather than as a failed job.
  await requireRegime(ctx.db, code);
  await assertWorkbookSize(ctx, bytes);
  const { id } = await startJob(ctx, excelUploadJob, { payload: { code, mode }, input: bytes });
  return { jobId: id };
}
