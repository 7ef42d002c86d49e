/**
 * The Excel task list: export (the list's filters and the caller's scopes), the empty template, and the import,
 * all or nothing, every error naming its sheet and cell in Vietnamese and English (as the data-value upload does).
 */
import type { ServiceContext } from '../../http/context.ts';
import { assertPermissionAnywhere, hasPermission, permittedPaths } from '../../access.ts';
import { AppError, badRequest, unauthenticated, type ErrorDetail } from '../../http/errors.ts';
import { checkTaskDates } from '../../../core/tasks.ts';
import { formatDayVi, foldVietnamese } from '../../../core/vietnamese.ts';
import { recordAudit } from '../audit/service.ts';
import { assertWorkbookSize, cellWhere } from '../excel/service.ts';
import { requireOrgUnitRef } from '../org-units/lookup.ts';
import { parseCellDay } from '../takedown/table-file.ts';
import * as repo from './repo.ts';
import { queryTasks } from './service.ts';
import type { ListTasksQuery } from './schema.ts';
import { PRIORITIES, SOURCE_KINDS } from './schema.ts';
import { buildTaskWorkbook, PRIORITY_LABELS, readTaskWorkbook, SOURCE_KIND_LABELS, TASK_COLUMNS, type ImportColumnKey, type SheetRow, type TaskSheetRow } from './workbook.ts';

/** More rows than this in one file are refused: split the list. */
export const MAX_IMPORT_TASKS = 5000;
/** The most tasks one export holds. */
export const MAX_EXPORT_TASKS = 20_000;

const STATUS_VI: Record<string, string> = {
  OPEN_ON_TIME: 'Đang thực hiện, trong hạn',
  OPEN_OVERDUE: 'Quá hạn, chưa hoàn thành',
  DONE_ON_TIME: 'Hoàn thành đúng hạn',
  DONE_LATE: 'Hoàn thành quá hạn',
  CANCELLED: 'Đã huỷ',
};
const asDate = (day: string | null) => (day ? new Date(`${day}T00:00:00Z`) : null);
const dmy = formatDayVi;

/** The tasks the list shows (same filters, same scopes), as the workbook an import reads back. */
export async function exportTasksWorkbook(ctx: ServiceContext, query: Omit<ListTasksQuery, 'limit'>): Promise<{ fileName: string; bytes: Buffer }> {
  const { items, total, today } = await queryTasks(ctx, { ...query, limit: MAX_EXPORT_TASKS });
  if (total > MAX_EXPORT_TASKS) {
    throw badRequest(
      'TOO_MANY_TASKS',
      `Danh sách có ${total} nhiệm vụ, quá ${MAX_EXPORT_TASKS} một lần xuất; hãy lọc bớt`,
      `The list holds ${total} tasks, more than ${MAX_EXPORT_TASKS} per export; filter it`,
      [{ path: 'query', messageVi: `Tối đa ${MAX_EXPORT_TASKS} nhiệm vụ`, messageEn: `At most ${MAX_EXPORT_TASKS} tasks` }],
    );
  }
  const rows: TaskSheetRow[] = items.map((t) => ({
    id: t.id,
    title: t.title,
    sourceKind: SOURCE_KIND_LABELS[t.sourceKind] ?? t.sourceKind,
    sourceNumber: t.sourceNumber,
    sourceDate: asDate(t.sourceDate),
    sourceIssuer: t.sourceIssuer,
    assignerName: t.assignerName,
    assigningOrgUnit: t.assigningOrgUnit.code,
    leadOrgUnit: t.leadOrgUnit.code,
    coOrgUnits: t.coOrgUnits.map((u) => u.code).join('; '),
    responsible: t.responsible,
    startDate: asDate(t.startDate),
    dueDate: asDate(t.dueDate),
    expectedProduct: t.expectedProduct,
    priority: PRIORITY_LABELS[t.priority] ?? t.priority,
    sector: t.sector?.code ?? null,
    extendedDueDate: asDate(t.extendedDueDate),
    progress: t.progressPercent,
    status: STATUS_VI[t.status] ?? t.status,
  }));
  const sectors = await repo.listSectors(ctx.db);
  const bytes = await buildTaskWorkbook({ subtitle: `${total} nhiệm vụ, tình trạng tính đến ngày ${dmy(today)}`, rows, sectors });
  return { fileName: `Danh-sach-nhiem-vu-${today}.xlsx`, bytes };
}

/** The empty list to fill, with the allowed values on its second sheet. */
export async function taskTemplateWorkbook(ctx: ServiceContext): Promise<{ fileName: string; bytes: Buffer }> {
  if (ctx.actor.kind === 'anonymous') throw unauthenticated();
  assertPermissionAnywhere(ctx.actor, 'task.read');
  const sectors = await repo.listSectors(ctx.db);
  const bytes = await buildTaskWorkbook({ subtitle: 'Mẫu danh sách nhiệm vụ để nhập vào hệ thống', rows: [], sectors });
  return { fileName: 'Mau-danh-sach-nhiem-vu.xlsx', bytes };
}

// ---------------------------------------------------------------------------------------------
// Import

interface CellError {
  sheet: string;
  address: string;
  row: number;
  column: string;
  code: string;
  vi: string;
  en: string;
}

export interface TaskImportItem {
  sheet: string;
  row: number;
  action: 'CREATE' | 'UPDATE' | 'UNCHANGED';
  id: number | null;
  title: string;
  leadOrgUnit: string;
  dueDate: string;
}

export interface TaskImportResult {
  dryRun: boolean;
  sheets: string[];
  rows: number;
  created: number;
  updated: number;
  unchanged: number;
  ignoredColumns: { path: string; header: string }[];
  items: TaskImportItem[];
}

const fold = (s: string) => foldVietnamese(s).replace(/\s+/g, ' ').trim();

function kindOf(text: string): string | null {
  const f = fold(text);
  for (const k of SOURCE_KINDS) if (f === k.toLowerCase() || f === fold(SOURCE_KIND_LABELS[k])) return k;
  const aliases: Record<string, string> = {
    'thong bao ket luan': 'BRIEFING',
    'ket luan': 'BRIEFING',
    'giao ban': 'BRIEFING',
    'chi thi': 'DIRECTIVE',
    'quyet dinh': 'DECISION',
    'ke hoach': 'PLAN',
    'chien luoc': 'STRATEGY',
  };
  return aliases[f] ?? null;
}

/** The kind a number and symbol imply: /TB- a briefing's conclusion notice, /CT- a directive, /QĐ- a decision, /KH- a plan. */
function kindFromNumber(number: string | null): string {
  const m = number ? /\/\s*(TB|CT|QĐ|QD|KH)\b/i.exec(number) : null;
  if (!m) return 'OTHER';
  return ({ TB: 'BRIEFING', CT: 'DIRECTIVE', QĐ: 'DECISION', QD: 'DECISION', KH: 'PLAN' } as Record<string, string>)[m[1].toUpperCase()] ?? 'OTHER';
}

function priorityOf(text: string): string | null {
  const f = fold(text);
  for (const p of PRIORITIES) if (f === p.toLowerCase() || f === fold(PRIORITY_LABELS[p])) return p;
  return ({ 'trung binh': 'NORMAL', khan: 'HIGH', thuong: 'NORMAL' } as Record<string, string>)[f] ?? null;
}

const splitUnits = (text: string) =>
  text
    .split(/[;\n,]+/)
    .map((s) => s.trim())
    .filter(Boolean);

interface Parsed {
  row: SheetRow;
  existing: repo.TaskRow | null;
  values: Omit<repo.TaskValues, 'parentId' | 'assignerUserId'>;
  coUnitIds: number[];
  lead: repo.UnitByName;
}

/**
 * Reads a task list and writes it all or nothing: a row without an id assigns a new task, a row with the id of a
 * task the caller assigns edits it (the due date changes only by an approved extension). Every wrong cell is
 * listed, each named by sheet and cell; with one, nothing is written. Audited: each task, and the import.
 */
export async function importTasks(ctx: ServiceContext, bytes: Buffer, opts: { dryRun: boolean; assigningOrgUnit?: string; fileSha256: string }): Promise<TaskImportResult> {
  if (ctx.actor.kind === 'anonymous') throw unauthenticated();
  assertPermissionAnywhere(ctx.actor, 'task.assign');
  await assertWorkbookSize(ctx, bytes);
  const read = await readTaskWorkbook(bytes);
  if (!read.ok) {
    const [vi, en] =
      read.kind === 'NOT_XLSX' ? ['Tệp tải lên không phải là tệp Excel (.xlsx)', 'The uploaded file is not an Excel (.xlsx) file'] : ['Tệp không có danh sách nhiệm vụ', 'The file holds no task list'];
    throw badRequest(
      read.kind,
      vi,
      en,
      read.problems.map((p) => ({ path: 'file', messageVi: p.messageVi, messageEn: p.messageEn })),
    );
  }
  if (read.rows.length > MAX_IMPORT_TASKS) {
    throw badRequest(
      'TOO_MANY_ROWS',
      `Tệp có ${read.rows.length} nhiệm vụ, quá ${MAX_IMPORT_TASKS} một lần nhập`,
      `The file holds ${read.rows.length} tasks, more than ${MAX_IMPORT_TASKS} per import`,
      [{ path: 'file', messageVi: `Tối đa ${MAX_IMPORT_TASKS} dòng`, messageEn: `At most ${MAX_IMPORT_TASKS} rows` }],
    );
  }
  const defaultAssigning = opts.assigningOrgUnit ? await requireOrgUnitRef(ctx.db, opts.assigningOrgUnit, 'query.assigningOrgUnit') : null;
  if (defaultAssigning && !hasPermission(ctx.actor, 'task.assign', defaultAssigning.path)) {
    throw badRequest('ORG_UNIT_OUT_OF_SCOPE', `Đơn vị '${defaultAssigning.code}' ngoài phạm vi giao nhiệm vụ của bạn`, `Unit '${defaultAssigning.code}' is outside the units you assign tasks for`, [
      { path: 'query.assigningOrgUnit', messageVi: 'Ngoài phạm vi giao nhiệm vụ của bạn', messageEn: 'Outside the units you assign tasks for' },
    ]);
  }

  const errors: CellError[] = [];
  const add = (row: SheetRow, key: ImportColumnKey, code: string, vi: string, en: string) => {
    const address = row.cells[key]?.address ?? row.addressOf(key);
    errors.push({ sheet: row.sheet, address, row: row.row, column: address.replace(/\d+$/, ''), code, vi, en });
  };

  // Units and sectors named in the file, looked up at once: by code, or by name (accents and case aside).
  const unitTexts = new Set<string>();
  for (const r of read.rows) {
    for (const key of ['assigningOrgUnit', 'leadOrgUnit'] as const) if (r.cells[key]) unitTexts.add(r.cells[key].text);
    if (r.cells.coOrgUnits) for (const u of splitUnits(r.cells.coOrgUnits.text)) unitTexts.add(u);
  }
  const units = await repo.findUnitsByCodeOrName(ctx.db, [...unitTexts], [...unitTexts].map(fold));
  const byCode = new Map(units.map((u) => [u.code.toUpperCase(), u]));
  const byName = new Map<string, repo.UnitByName[]>();
  for (const u of units) {
    for (const name of new Set([u.nameVi, u.shortName].filter((x): x is string => !!x).map(fold))) byName.set(name, [...(byName.get(name) ?? []), u]);
  }
  const unitOf = (row: SheetRow, key: ImportColumnKey, text: string): repo.UnitByName | null => {
    const u = byCode.get(text.toUpperCase());
    if (u) return u;
    const named = byName.get(fold(text)) ?? [];
    if (named.length === 1) return named[0];
    if (named.length > 1)
      add(
        row,
        key,
        'AMBIGUOUS_ORG_UNIT',
        `có ${named.length} đơn vị tên '${text}' (${named.map((x) => x.code).join(', ')}): ghi mã đơn vị`,
        `${named.length} units are named '${text}' (${named.map((x) => x.code).join(', ')}): write the unit's code`,
      );
    else add(row, key, 'UNKNOWN_ORG_UNIT', `không có đơn vị '${text}' (tên hoặc mã)`, `no unit '${text}' (name or code)`);
    return null;
  };
  const sectors = await repo.listSectors(ctx.db);
  const sectorOf = (text: string) => sectors.find((s) => s.code.toUpperCase() === text.toUpperCase() || fold(s.nameVi) === fold(text) || (s.nameEn && fold(s.nameEn) === fold(text)));

  const ids = read.rows.flatMap((r) => (r.cells.id && /^\d{1,9}$/.test(r.cells.id.text) ? [Number(r.cells.id.text)] : []));
  const existing = new Map((ids.length ? await repo.listTasks(ctx.db, { readPaths: permittedPaths(ctx.actor, 'task.read'), ids }) : []).map((t) => [t.id, t]));
  const same = await repo.findSameTasks(
    ctx.db,
    read.rows.flatMap((r) => (r.cells.title && !r.cells.id ? [r.cells.title.text] : [])),
  );
  const seenInFile = new Map<string, SheetRow>();
  const seenIds = new Map<number, SheetRow>();

  const parsed: Parsed[] = [];
  for (const row of read.rows) {
    const before = errors.length;
    const c = row.cells;
    const text = (key: ImportColumnKey) => c[key]?.text ?? '';
    const opt = (key: ImportColumnKey, max: number): string | null => {
      const v = text(key);
      if (v.length > max) add(row, key, 'TOO_LONG', `dài quá ${max} ký tự`, `longer than ${max} characters`);
      return v === '' ? null : v;
    };
    const day = (key: ImportColumnKey, required: boolean): string | null => {
      const cell = c[key];
      if (!cell) {
        if (required) add(row, key, 'REQUIRED', `thiếu ${TASK_COLUMNS.find((x) => x.key === key)!.vi.toLowerCase()}`, `the ${TASK_COLUMNS.find((x) => x.key === key)!.en.toLowerCase()} is missing`);
        return null;
      }
      const d = cell.day ?? parseCellDay(cell.text);
      if (!d) add(row, key, 'INVALID_DATE', `'${cell.text}' không phải ngày (dd/mm/yyyy)`, `'${cell.text}' is not a date (dd/mm/yyyy)`);
      return d;
    };

    let task: repo.TaskRow | null = null;
    if (c.id) {
      const id = /^\d{1,9}$/.test(c.id.text) ? Number(c.id.text) : NaN;
      task = existing.get(id) ?? null;
      if (!task) add(row, 'id', 'UNKNOWN_TASK', `không có nhiệm vụ mã '${c.id.text}' (để trống mã khi giao mới)`, `no task with id '${c.id.text}' (leave the id empty for a new task)`);
      else if (!hasPermission(ctx.actor, 'task.assign', task.assigningOrgUnit.path))
        add(row, 'id', 'NOT_ASSIGNER', `nhiệm vụ mã ${id} do đơn vị khác giao; chỉ đơn vị giao sửa được`, `task ${id} was assigned by another unit; only the assigning unit edits it`);
      else if (seenIds.has(id)) add(row, 'id', 'DUPLICATE_ROW', `nhiệm vụ mã ${id} đã có ở dòng ${seenIds.get(id)!.row}`, `task ${id} is already on row ${seenIds.get(id)!.row}`);
      if (task) seenIds.set(id, row);
    }

    const title = opt('title', 1000);
    if (!title) add(row, 'title', 'REQUIRED', 'thiếu nội dung nhiệm vụ', 'the task is missing');
    const sourceNumber = opt('sourceNumber', 100);
    let sourceKind = kindFromNumber(sourceNumber);
    if (c.sourceKind) {
      const k = kindOf(c.sourceKind.text);
      if (!k)
        add(
          row,
          'sourceKind',
          'INVALID_SOURCE_KIND',
          `'${c.sourceKind.text}' không thuộc: ${Object.values(SOURCE_KIND_LABELS).join(', ')}`,
          `'${c.sourceKind.text}' is not one of: ${Object.values(SOURCE_KIND_LABELS).join(', ')}`,
        );
      else sourceKind = k;
    } else if (task) sourceKind = task.sourceKind;
    const sourceDate = day('sourceDate', false);
    const sourceIssuer = opt('sourceIssuer', 300);
    const assignerName = opt('assignerName', 300);
    if (!assignerName) add(row, 'assignerName', 'REQUIRED', 'thiếu lãnh đạo giao', 'the assigning leader is missing');

    let assigning: { id: number; code: string; path: string } | null = null;
    if (c.assigningOrgUnit) assigning = unitOf(row, 'assigningOrgUnit', c.assigningOrgUnit.text);
    else if (task) assigning = task.assigningOrgUnit;
    else if (defaultAssigning) assigning = defaultAssigning;
    else
      add(
        row,
        'assigningOrgUnit',
        'REQUIRED',
        'thiếu đơn vị giao: ghi vào cột "Đơn vị giao" hoặc chọn đơn vị giao khi tải lên',
        'the assigning unit is missing: write it in the column or choose it when uploading',
      );
    if (assigning && !hasPermission(ctx.actor, 'task.assign', assigning.path)) {
      add(row, 'assigningOrgUnit', 'ORG_UNIT_OUT_OF_SCOPE', `đơn vị '${assigning.code}' ngoài phạm vi giao nhiệm vụ của bạn`, `unit '${assigning.code}' is outside the units you assign tasks for`);
    } else if (assigning && task && assigning.id !== task.assigningOrgUnit.id) {
      add(
        row,
        'assigningOrgUnit',
        'ASSIGNING_UNIT_FIXED',
        `đơn vị giao của nhiệm vụ đã có không đổi được (${task.assigningOrgUnit.code})`,
        `the assigning unit of an existing task cannot change (${task.assigningOrgUnit.code})`,
      );
    }

    let lead: repo.UnitByName | null = null;
    if (!c.leadOrgUnit) add(row, 'leadOrgUnit', 'REQUIRED', 'thiếu đơn vị chủ trì', 'the lead unit is missing');
    else {
      lead = unitOf(row, 'leadOrgUnit', c.leadOrgUnit.text);
      if (lead && !hasPermission(ctx.actor, 'task.assign', lead.path)) {
        add(row, 'leadOrgUnit', 'ORG_UNIT_OUT_OF_SCOPE', `đơn vị '${lead.code}' ngoài phạm vi giao nhiệm vụ của bạn`, `unit '${lead.code}' is outside the units you assign tasks for`);
        lead = null;
      }
    }
    const coUnitIds: number[] = [];
    if (c.coOrgUnits) {
      for (const name of splitUnits(c.coOrgUnits.text)) {
        const u = unitOf(row, 'coOrgUnits', name);
        if (!u) continue;
        if (lead && u.id === lead.id) add(row, 'coOrgUnits', 'LEAD_ALSO_CO', `đơn vị chủ trì '${u.code}' không đồng thời là đơn vị phối hợp`, `the lead unit '${u.code}' cannot also co-operate`);
        else if (!coUnitIds.includes(u.id)) coUnitIds.push(u.id);
      }
    }
    const responsible = opt('responsible', 300);
    const startDate = day('startDate', true);
    const dueDate = day('dueDate', true);
    if (startDate && dueDate)
      for (const p of checkTaskDates({ startDate, dueDate })) add(row, 'dueDate', 'INVALID_TASK_DATES', p.vi.charAt(0).toLowerCase() + p.vi.slice(1), p.en.charAt(0).toLowerCase() + p.en.slice(1));
    if (task && dueDate && dueDate !== task.dueDate) {
      add(
        row,
        'dueDate',
        'DUE_DATE_FIXED',
        `hạn hoàn thành chỉ đổi qua gia hạn được duyệt (đang là ${dmy(task.dueDate)}${task.extendedDueDate ? `, gia hạn đến ${dmy(task.extendedDueDate)}` : ''})`,
        `the due date changes only by an approved extension (now ${task.dueDate}${task.extendedDueDate ? `, extended to ${task.extendedDueDate}` : ''})`,
      );
    }
    const expectedProduct = opt('expectedProduct', 1000);
    let priority: string = task?.priority ?? 'NORMAL';
    if (c.priority) {
      const p = priorityOf(c.priority.text);
      if (!p)
        add(
          row,
          'priority',
          'INVALID_PRIORITY',
          `'${c.priority.text}' không thuộc: ${Object.values(PRIORITY_LABELS).join(', ')}`,
          `'${c.priority.text}' is not one of: ${Object.values(PRIORITY_LABELS).join(', ')}`,
        );
      else priority = p;
    }
    let sectorId: number | null = null;
    if (c.sector) {
      const s = sectorOf(c.sector.text);
      if (!s) add(row, 'sector', 'UNKNOWN_SECTOR', `không có lĩnh vực '${c.sector.text}' (tên hoặc mã)`, `no sector '${c.sector.text}' (name or code)`);
      else sectorId = s.id;
    }
    if (!task && title && lead && dueDate) {
      const key = `${fold(title)}|${lead.id}|${sourceNumber ?? ''}|${dueDate}`;
      const first = seenInFile.get(key);
      if (first)
        add(row, 'title', 'DUPLICATE_ROW', `trùng dòng ${first.row} (cùng nội dung, đơn vị chủ trì, văn bản và hạn)`, `repeats row ${first.row} (same task, lead unit, document and due date)`);
      else seenInFile.set(key, row);
      const twin = same.find((s) => fold(s.title) === fold(title) && s.leadOrgUnitId === lead!.id && (s.sourceNumber ?? '') === (sourceNumber ?? '') && s.dueDate === dueDate);
      if (twin)
        add(
          row,
          'title',
          'TASK_EXISTS',
          `đã có nhiệm vụ mã ${twin.id} như vậy (ghi mã vào cột "Mã nhiệm vụ" để sửa nó)`,
          `task ${twin.id} is already recorded (write its id in the "Task id" column to edit it)`,
        );
    }
    if (errors.length > before) continue;
    const values = {
      title: title!,
      description: task?.description ?? null,
      sourceKind,
      sourceNumber,
      sourceDate,
      sourceIssuer,
      sourceTitle: task?.sourceTitle ?? null,
      assignerName: assignerName!,
      assigningOrgUnitId: assigning!.id,
      leadOrgUnitId: lead!.id,
      responsible,
      startDate: startDate!,
      dueDate: dueDate!,
      expectedProduct,
      priority,
      sectorId,
    };
    if (task && (task.state === 'DONE' || task.state === 'CANCELLED') && changed(task, values, coUnitIds)) {
      add(row, 'id', 'TASK_CLOSED', `nhiệm vụ mã ${task.id} đã kết thúc, không sửa được`, `task ${task.id} is closed and cannot be edited`);
      continue;
    }
    parsed.push({ row, existing: task, values, coUnitIds, lead: lead! });
  }

  if (errors.length) {
    const sheetOrder = (s: string) => read.sheets.indexOf(s);
    errors.sort((a, b) => sheetOrder(a.sheet) - sheetOrder(b.sheet) || a.row - b.row || a.column.length - b.column.length || a.column.localeCompare(b.column));
    const details: ErrorDetail[] = errors.slice(0, 1000).map((e) => {
      const w = cellWhere(e);
      return { path: w.path, sheet: e.sheet, cell: e.address, row: e.row, column: e.column, errorCode: e.code, messageVi: `${w.vi}: ${e.vi}`, messageEn: `${w.en}: ${e.en}` };
    });
    throw new AppError(
      'IMPORT_REJECTED',
      400,
      `Tệp có ${errors.length} ô sai, chưa ghi nhiệm vụ nào. ${details[0].messageVi}`,
      `The file has ${errors.length} wrong cell(s); no task was written. ${details[0].messageEn}`,
      details,
    );
  }

  const items: TaskImportItem[] = parsed.map((p) => ({
    sheet: p.row.sheet,
    row: p.row.row,
    action: !p.existing ? 'CREATE' : changed(p.existing, p.values, p.coUnitIds) ? 'UPDATE' : 'UNCHANGED',
    id: p.existing?.id ?? null,
    title: p.values.title,
    leadOrgUnit: p.lead.code,
    dueDate: p.values.dueDate,
  }));
  const result: TaskImportResult = {
    dryRun: opts.dryRun,
    sheets: read.sheets,
    rows: read.rows.length,
    created: items.filter((i) => i.action === 'CREATE').length,
    updated: items.filter((i) => i.action === 'UPDATE').length,
    unchanged: items.filter((i) => i.action === 'UNCHANGED').length,
    ignoredColumns: read.ignoredColumns.map((c) => ({ path: `'${c.sheet}'!${c.address}`, header: c.header })),
    items,
  };
  if (opts.dryRun) return result;
  await ctx.db.transaction(async (tx) => {
    for (const [i, p] of parsed.entries()) {
      const item = items[i];
      if (item.action === 'UNCHANGED') continue;
      if (!p.existing) {
        const id = await repo.insertTask(tx, { ...p.values, parentId: null, assignerUserId: ctx.actor.userId ?? null });
        await repo.setCoUnits(tx, id, p.coUnitIds);
        const after = await repo.findTask(tx, id);
        await recordAudit(tx, ctx.actor, {
          action: 'task.create',
          objectType: 'task',
          objectId: id,
          orgUnitId: p.values.leadOrgUnitId,
          after,
          reason: `Nhập từ Excel (${p.row.sheet}, dòng ${p.row.row})`,
        });
        item.id = id;
      } else {
        const id = p.existing.id;
        await tx.query('SELECT id FROM task WHERE id = $1 FOR UPDATE', [id]);
        await repo.updateTaskRow(tx, id, p.values);
        await repo.setCoUnits(tx, id, p.coUnitIds);
        const after = await repo.findTask(tx, id);
        await recordAudit(tx, ctx.actor, {
          action: 'task.update',
          objectType: 'task',
          objectId: id,
          orgUnitId: p.values.leadOrgUnitId,
          before: p.existing,
          after,
          reason: `Nhập từ Excel (${p.row.sheet}, dòng ${p.row.row})`,
        });
      }
    }
    await recordAudit(tx, ctx.actor, {
      action: 'task.import',
      objectType: 'task_import',
      objectId: opts.fileSha256.slice(0, 16),
      orgUnitId: defaultAssigning?.id ?? null,
      after: { sha256: opts.fileSha256, sheets: result.sheets, rows: result.rows, created: result.created, updated: result.updated, unchanged: result.unchanged, taskIds: items.map((i) => i.id) },
    });
  });
  return result;
}

function changed(t: repo.TaskRow, v: Parsed['values'], coUnitIds: number[]): boolean {
  const co = t.coOrgUnits
    .map((u) => u.id)
    .sort((a, b) => a - b)
    .join(',');
  return (
    t.title !== v.title ||
    t.sourceKind !== v.sourceKind ||
    t.sourceNumber !== v.sourceNumber ||
    t.sourceDate !== v.sourceDate ||
    t.sourceIssuer !== v.sourceIssuer ||
    t.assignerName !== v.assignerName ||
    t.leadOrgUnit.id !== v.leadOrgUnitId ||
    t.responsible !== v.responsible ||
    t.startDate !== v.startDate ||
    t.expectedProduct !== v.expectedProduct ||
    t.priority !== v.priority ||
    (t.sector?.id ?? null) !== v.sectorId ||
    co !== [...coUnitIds].sort((a, b) => a - b).join(',')
  );
}
