import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import type { Db } from '../../db/db.ts';
import { assertPermissionAnywhere, hasPermission, permittedPaths } from '../../access.ts';
import { AppError, badRequest, type ErrorDetail } from '../../http/errors.ts';
import { recordAudit } from '../audit/service.ts';
import * as repo from './repo.ts';
import { ORG_UNIT_CODE_PATTERN, isIsoDate } from './schema.ts';
import type { OrgUnitContext } from './service.ts';

/** Columns of the hierarchy file, in order. `lineage_kind` is optional on import. */
export const ORG_UNIT_COLUMNS = [
  'code',
  'name_vi',
  'name_en',
  'short_name',
  'type',
  'parent_code',
  'level',
  'opening_date',
  'closing_date',
  'groups',
  'merged_into',
  'lineage_effective_date',
  'lineage_kind',
] as const;
export type OrgUnitColumn = (typeof ORG_UNIT_COLUMNS)[number];

const LIST_SEPARATOR = ';';
const LINEAGE_KINDS = ['MERGE', 'SPLIT', 'RENAME'] as const;

export interface OrgUnitExportRow {
  code: string;
  name_vi: string;
  name_en: string | null;
  short_name: string | null;
  type: string;
  parent_code: string | null;
  level: number;
  opening_date: string | null;
  closing_date: string | null;
  groups: string[];
  merged_into: string[];
  lineage_effective_date: string | null;
  lineage_kind: repo.LineageKind | null;
}

/** The hierarchy as rows, parents before children (optionally limited to some subtrees). */
export async function listOrgUnitExportRows(db: Db, scopePaths: 'ALL' | string[] = 'ALL'): Promise<OrgUnitExportRow[]> {
  const [units, groups, edges] = await Promise.all([repo.listAllOrgUnits(db, scopePaths), repo.listGroupCodesByUnit(db), repo.listLineage(db)]);
  const successors = new Map<number, repo.LineageEdge[]>();
  for (const e of edges) successors.set(e.predecessorId, [...(successors.get(e.predecessorId) ?? []), e]);
  return units.map((u) => {
    const out = successors.get(u.id) ?? [];
    return {
      code: u.code,
      name_vi: u.nameVi,
      name_en: u.nameEn,
      short_name: u.shortName,
      type: u.type,
      parent_code: u.parentCode,
      level: u.level,
      opening_date: u.openingDate,
      closing_date: u.closingDate,
      groups: groups.get(u.id) ?? [],
      merged_into: out.map((e) => e.successorCode),
      // One date and kind per unit: a unit ends once, whatever the number of successors.
      lineage_effective_date: out[0]?.effectiveDate ?? null,
      lineage_kind: out[0]?.kind ?? null,
    };
  });
}

/** The whole hierarchy as CSV (header + one line per unit) or as a JSON array. */
export async function exportOrgUnits(db: Db, format: 'csv' | 'json', opts: { scopePaths?: 'ALL' | string[] } = {}): Promise<string> {
  const rows = await listOrgUnitExportRows(db, opts.scopePaths ?? 'ALL');
  if (format === 'json') return JSON.stringify(rows, null, 2);
  const records = rows.map((r) =>
    ORG_UNIT_COLUMNS.map((c) => {
      const v = r[c];
      if (Array.isArray(v)) return v.join(LIST_SEPARATOR);
      return v === null ? '' : String(v);
    }),
  );
  return stringify([[...ORG_UNIT_COLUMNS], ...records]);
}

/** The export as the signed-in caller may see it: only the subtrees they may read. */
export async function exportOrgUnitsFor(ctx: OrgUnitContext, format: 'csv' | 'json'): Promise<string> {
  assertPermissionAnywhere(ctx.actor, 'orgunit.read');
  return exportOrgUnits(ctx.db, format, { scopePaths: permittedPaths(ctx.actor, 'orgunit.read') });
}

// ---- Import --------------------------------------------------------------------------------------

export interface ImportError extends ErrorDetail {
  /** 1-based; in a CSV file the header is row 1, as a spreadsheet numbers it. */
  row: number;
  column: string;
}

export interface ImportSummary {
  dryRun: boolean;
  rows: number;
  created: number;
  updated: number;
  unchanged: number;
  moved: number;
  lineage: number;
}

export interface ImportOptions {
  dryRun?: boolean;
  /** Row number of rows[0] in the caller's file: 2 for a CSV with a header (the default is 1). */
  firstRowNumber?: number;
}

/** Parses a hierarchy CSV (comma or semicolon separated, UTF-8 with or without BOM). */
export function parseOrgUnitCsv(text: string): Record<string, string>[] {
  const firstLine = text.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0] ?? '';
  const delimiter = firstLine.includes(';') && !firstLine.includes(',') ? ';' : ',';
  try {
    return parse(text, { columns: (header: string[]) => header.map((h) => h.trim().toLowerCase()), bom: true, delimiter, skip_empty_lines: true, trim: true, relax_column_count: false });
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    const line = (err as { lines?: number }).lines;
    throw badRequest('MALFORMED_CSV', `Tệp CSV không đọc được: ${message}`, `The CSV file cannot be read: ${message}`, [
      { path: line ? `row ${line}` : 'body', messageVi: 'CSV không hợp lệ', messageEn: message },
    ]);
  }
}

interface ParsedRow {
  row: number;
  code: string;
  nameVi: string;
  nameEn: string | null;
  shortName: string | null;
  type: string | null;
  parentCode: string | null;
  level: number | null;
  openingDate: string | null;
  closingDate: string | null;
  /** null: the row has no groups column, so memberships stay as they are. */
  groups: string[] | null;
  mergedInto: string[];
  lineageDate: string | null;
  lineageKind: repo.LineageKind | null;
}

function cell(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (Array.isArray(value))
    return value
      .map((v) => cell(v))
      .filter(Boolean)
      .join(LIST_SEPARATOR);
  return String(value).trim();
}

function splitList(text: string): string[] {
  return text
    .split(LIST_SEPARATOR)
    .map((s) => s.trim())
    .filter(Boolean);
}

class ErrorList {
  readonly items: ImportError[] = [];
  add(row: number, column: string, messageVi: string, messageEn: string, code = 'INVALID_VALUE') {
    this.items.push({ path: `row ${row}, column ${column}`, row, column, code, messageVi, messageEn });
  }
}

function parseRows(rows: readonly Record<string, unknown>[], firstRowNumber: number, errors: ErrorList): ParsedRow[] {
  const known = new Set<string>(ORG_UNIT_COLUMNS);
  const reportedUnknown = new Set<string>();
  const out: ParsedRow[] = [];
  rows.forEach((raw, i) => {
    const row = firstRowNumber + i;
    if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
      errors.add(row, '(row)', 'dòng phải là một đối tượng có các cột', 'a row must be an object of columns');
      return;
    }
    for (const key of Object.keys(raw)) {
      if (!known.has(key) && !reportedUnknown.has(key)) {
        reportedUnknown.add(key);
        errors.add(row, key, `cột '${key}' không được hỗ trợ`, `column '${key}' is not supported`, 'UNKNOWN_COLUMN');
      }
    }
    const code = cell(raw.code);
    if (!code) errors.add(row, 'code', 'thiếu mã đơn vị', 'the unit code is missing', 'REQUIRED');
    else if (!ORG_UNIT_CODE_PATTERN.test(code)) errors.add(row, 'code', `mã '${code}' không hợp lệ (chữ không dấu, số, . _ -)`, `code '${code}' is invalid (letters, digits, . _ -)`);
    const nameVi = cell(raw.name_vi);
    if (!nameVi) errors.add(row, 'name_vi', 'thiếu tên tiếng Việt', 'the Vietnamese name is missing', 'REQUIRED');
    const date = (column: 'opening_date' | 'closing_date' | 'lineage_effective_date'): string | null => {
      const v = cell(raw[column]);
      if (!v) return null;
      if (!isIsoDate(v)) {
        errors.add(row, column, `'${v}' không phải ngày dạng YYYY-MM-DD`, `'${v}' is not a date as YYYY-MM-DD`);
        return null;
      }
      return v;
    };
    const openingDate = date('opening_date');
    const closingDate = date('closing_date');
    if (openingDate && closingDate && closingDate < openingDate) {
      errors.add(row, 'closing_date', `ngày đóng ${closingDate} trước ngày mở ${openingDate}`, `closing date ${closingDate} is before opening date ${openingDate}`);
    }
    const levelText = cell(raw.level);
    let level: number | null = null;
    if (levelText) {
      level = Number(levelText);
      if (!Number.isInteger(level) || level < 1) {
        errors.add(row, 'level', `cấp '${levelText}' phải là số nguyên dương`, `level '${levelText}' must be a positive integer`);
        level = null;
      }
    }
    const parentCode = cell(raw.parent_code) || null;
    if (parentCode && parentCode === code) errors.add(row, 'parent_code', 'đơn vị không thể là cấp trên của chính nó', 'a unit cannot be its own parent');
    const mergedInto = splitList(cell(raw.merged_into));
    const lineageDate = date('lineage_effective_date');
    if (mergedInto.length > 0 && !lineageDate && !cell(raw.lineage_effective_date)) {
      errors.add(row, 'lineage_effective_date', 'cần ngày hiệu lực khi có đơn vị kế thừa (merged_into)', 'an effective date is required when merged_into is given', 'REQUIRED');
    }
    if (mergedInto.includes(code)) errors.add(row, 'merged_into', 'đơn vị không thể kế thừa chính nó', 'a unit cannot be its own successor');
    const kindText = cell(raw.lineage_kind).toUpperCase();
    let lineageKind: repo.LineageKind | null = null;
    if (kindText) {
      if ((LINEAGE_KINDS as readonly string[]).includes(kindText)) lineageKind = kindText as repo.LineageKind;
      else errors.add(row, 'lineage_kind', `'${kindText}' không phải MERGE, SPLIT hay RENAME`, `'${kindText}' is not MERGE, SPLIT or RENAME`);
    }
    out.push({
      row,
      code,
      nameVi,
      nameEn: cell(raw.name_en) || null,
      shortName: cell(raw.short_name) || null,
      type: cell(raw.type) || null,
      parentCode,
      level,
      openingDate,
      closingDate,
      groups: 'groups' in raw ? splitList(cell(raw.groups)) : null,
      mergedInto,
      lineageDate,
      lineageKind: lineageKind ?? (mergedInto.length > 1 ? 'SPLIT' : mergedInto.length === 1 ? 'MERGE' : null),
    });
  });
  return out;
}

/**
 * Orders rows so that a parent defined in the file comes before its children, whatever their order
 * in the file; a cycle of parents is reported on each row that takes part in it.
 */
function orderParentsFirst(rows: ParsedRow[], errors: ErrorList): ParsedRow[] {
  const byCode = new Map(rows.map((r) => [r.code, r]));
  const state = new Map<string, 'visiting' | 'done'>();
  const ordered: ParsedRow[] = [];
  const visit = (r: ParsedRow, chain: ParsedRow[]): void => {
    const s = state.get(r.code);
    if (s === 'done') return;
    if (s === 'visiting') {
      const cycle = chain.slice(chain.indexOf(r));
      const names = cycle.map((c) => c.code).join(' → ');
      for (const c of cycle) errors.add(c.row, 'parent_code', `vòng lặp cấp trên: ${names}`, `parent cycle: ${names}`, 'PARENT_CYCLE');
      return;
    }
    state.set(r.code, 'visiting');
    const parent = r.parentCode ? byCode.get(r.parentCode) : undefined;
    if (parent && parent !== r) visit(parent, [...chain, r]);
    state.set(r.code, 'done');
    ordered.push(r);
  };
  for (const r of rows) visit(r, []);
  return ordered;
}

class DryRunRollback extends Error {
  constructor(public readonly summary: ImportSummary) {
    super('dry run');
  }
}

function failImport(errors: ImportError[]): never {
  const isForbidden = errors.some((e) => e.code === 'FORBIDDEN');
  const n = errors.length;
  throw new AppError(
    isForbidden ? 'IMPORT_FORBIDDEN' : 'IMPORT_FAILED',
    isForbidden ? 403 : 400,
    `Nhập danh sách đơn vị thất bại: ${n} lỗi; không có dòng nào được ghi`,
    `Org unit import failed: ${n} error${n === 1 ? '' : 's'}; nothing was written`,
    errors,
  );
}

/**
 * Creates or updates units by code from rows shaped like the export, all or nothing: the first
 * pass checks every row, the second writes in one transaction; any error rolls everything back
 * and the answer lists every error with its row and column. `dryRun` checks and rolls back.
 */
export async function importOrgUnits(ctx: OrgUnitContext, rows: readonly Record<string, unknown>[], options: ImportOptions = {}): Promise<ImportSummary> {
  assertPermissionAnywhere(ctx.actor, 'orgunit.write');
  const dryRun = options.dryRun ?? false;
  const errors = new ErrorList();
  if (rows.length === 0) {
    throw badRequest('IMPORT_EMPTY', 'Tệp không có dòng dữ liệu nào', 'The file has no data rows', [{ path: 'body', messageVi: 'không có dòng nào', messageEn: 'no rows' }]);
  }
  const parsed = parseRows(rows, options.firstRowNumber ?? 1, errors);

  const firstRowOf = new Map<string, number>();
  for (const r of parsed) {
    if (!r.code) continue;
    const first = firstRowOf.get(r.code);
    if (first !== undefined) errors.add(r.row, 'code', `mã '${r.code}' đã có ở dòng ${first}`, `code '${r.code}' already appears on row ${first}`, 'DUPLICATE_CODE');
    else firstRowOf.set(r.code, r.row);
  }

  // Every code the file mentions must be in the file or already in the database.
  const mentioned = new Set<string>();
  for (const r of parsed) {
    if (r.parentCode) mentioned.add(r.parentCode);
    for (const s of r.mergedInto) mentioned.add(s);
  }
  const existing = new Set((await repo.findOrgUnitsByCodes(ctx.db, [...mentioned])).map((u) => u.code));
  const groupCodes = [...new Set(parsed.flatMap((r) => r.groups ?? []))];
  const knownGroups = new Map((await repo.findGroupsByCodes(ctx.db, groupCodes)).map((g) => [g.code, g]));
  for (const r of parsed) {
    if (r.parentCode && r.parentCode !== r.code && !firstRowOf.has(r.parentCode) && !existing.has(r.parentCode)) {
      errors.add(
        r.row,
        'parent_code',
        `không có đơn vị cấp trên '${r.parentCode}' trong tệp hay trong hệ thống`,
        `parent '${r.parentCode}' is neither in the file nor in the system`,
        'UNKNOWN_ORG_UNIT',
      );
    }
    for (const s of r.mergedInto) {
      if (!firstRowOf.has(s) && !existing.has(s)) {
        errors.add(r.row, 'merged_into', `không có đơn vị kế thừa '${s}'`, `successor '${s}' is neither in the file nor in the system`, 'UNKNOWN_ORG_UNIT');
      }
    }
    for (const g of r.groups ?? []) {
      if (!knownGroups.has(g)) errors.add(r.row, 'groups', `không có nhóm đơn vị '${g}'`, `unknown org unit group '${g}'`, 'UNKNOWN_GROUP');
    }
  }
  const ordered = orderParentsFirst(
    parsed.filter((r) => r.code && firstRowOf.get(r.code) === r.row),
    errors,
  );
  if (errors.items.length > 0) failImport(errors.items);

  try {
    return await ctx.db.transaction(async (db) => {
      await repo.lockHierarchy(db);
      const summary = await applyRows(db, ctx, ordered, knownGroups, errors, dryRun, parsed.length);
      if (errors.items.length > 0) failImport(errors.items);
      if (dryRun) throw new DryRunRollback(summary);
      return summary;
    });
  } catch (err) {
    if (err instanceof DryRunRollback) return err.summary;
    throw err;
  }
}

async function applyRows(db: Db, ctx: OrgUnitContext, ordered: ParsedRow[], groups: Map<string, repo.GroupRow>, errors: ErrorList, dryRun: boolean, rowCount: number): Promise<ImportSummary> {
  const summary: ImportSummary = { dryRun, rows: rowCount, created: 0, updated: 0, unchanged: 0, moved: 0, lineage: 0 };
  const denied = (r: ParsedRow, column: string, code: string) => errors.add(r.row, column, `bạn không có quyền sửa đơn vị '${code}'`, `you may not change org unit '${code}'`, 'FORBIDDEN');
  const unitIdOf = new Map<string, number>();

  for (const r of ordered) {
    const parent = r.parentCode ? await repo.findOrgUnit(db, r.parentCode) : null;
    // A parent that failed on an earlier row is already reported there.
    if (r.parentCode && !parent) continue;
    if (!hasPermission(ctx.actor, 'orgunit.write', parent?.path ?? null)) {
      denied(r, 'parent_code', r.parentCode ?? '(gốc / root)');
      continue;
    }
    const level = (parent?.level ?? 0) + 1;
    if (r.level !== null && r.level !== level) {
      errors.add(
        r.row,
        'level',
        `cấp ${r.level} không khớp với cấp suy ra từ đơn vị cấp trên (${level})`,
        `level ${r.level} does not match the level implied by the parent (${level})`,
        'LEVEL_MISMATCH',
      );
      continue;
    }
    const groupIds = r.groups?.map((g) => (groups.get(g) as repo.GroupRow).id) ?? null;
    const current = await repo.findOrgUnit(db, r.code);
    if (!current) {
      const id = await repo.insertOrgUnit(db, {
        code: r.code,
        nameVi: r.nameVi,
        nameEn: r.nameEn,
        shortName: r.shortName,
        type: r.type ?? 'unit',
        parentId: parent?.id ?? null,
        parentPath: parent?.path ?? null,
        level,
        openingDate: r.openingDate,
        closingDate: r.closingDate,
        attributes: {},
      });
      if (groupIds) await repo.replaceGroupsOfUnit(db, id, groupIds);
      unitIdOf.set(r.code, id);
      summary.created++;
      await recordAudit(db, ctx.actor, {
        action: 'orgUnit.import.create',
        objectType: 'orgUnit',
        objectId: r.code,
        orgUnitId: id,
        after: { ...(await repo.findOrgUnit(db, id)), groups: r.groups ?? [] },
      });
      continue;
    }
    unitIdOf.set(r.code, current.id);
    if (!hasPermission(ctx.actor, 'orgunit.write', current.path)) {
      denied(r, 'code', r.code);
      continue;
    }
    const currentGroups = (await repo.listGroupsOfUnit(db, current.id)).map((g) => g.code).sort();
    const fields: repo.OrgUnitFields = {
      nameVi: r.nameVi,
      nameEn: r.nameEn,
      shortName: r.shortName,
      type: r.type ?? current.type,
      openingDate: r.openingDate,
      closingDate: r.closingDate,
      attributes: current.attributes,
    };
    const isMove = (parent?.id ?? null) !== current.parentId;
    const isSame =
      !isMove &&
      fields.nameVi === current.nameVi &&
      fields.nameEn === current.nameEn &&
      fields.shortName === current.shortName &&
      fields.type === current.type &&
      fields.openingDate === current.openingDate &&
      fields.closingDate === current.closingDate &&
      (r.groups === null || [...new Set(r.groups)].sort().join(LIST_SEPARATOR) === currentGroups.join(LIST_SEPARATOR));
    if (isSame) {
      summary.unchanged++;
      continue;
    }
    if (isMove) {
      if (parent && parent.path.startsWith(current.path)) {
        errors.add(r.row, 'parent_code', `'${parent.code}' là đơn vị cấp dưới của '${r.code}'`, `'${parent.code}' is a descendant of '${r.code}'`, 'MOVE_INTO_DESCENDANT');
        continue;
      }
      await repo.moveSubtree(db, current.id, current.path, `${parent?.path ?? '/'}${current.id}/`, level - current.level, parent?.id ?? null);
      summary.moved++;
    }
    await repo.updateOrgUnitFields(db, current.id, current.code, fields);
    if (groupIds) await repo.replaceGroupsOfUnit(db, current.id, groupIds);
    summary.updated++;
    await recordAudit(db, ctx.actor, {
      action: 'orgUnit.import.update',
      objectType: 'orgUnit',
      objectId: r.code,
      orgUnitId: current.id,
      before: { ...current, groups: currentGroups },
      after: { ...(await repo.findOrgUnit(db, current.id)), groups: r.groups ?? currentGroups },
    });
  }

  for (const r of ordered) {
    if (r.mergedInto.length === 0 || !r.lineageDate || !r.lineageKind) continue;
    const predecessorId = unitIdOf.get(r.code);
    if (predecessorId === undefined) continue;
    for (const code of r.mergedInto) {
      const successor = await repo.findOrgUnit(db, code);
      if (!successor) continue;
      if (!hasPermission(ctx.actor, 'orgunit.write', successor.path)) {
        denied(r, 'merged_into', code);
        continue;
      }
      if (await repo.upsertLineage(db, { predecessorId, successorId: successor.id, kind: r.lineageKind, effectiveDate: r.lineageDate, note: null })) summary.lineage++;
    }
  }
  await recordAudit(db, ctx.actor, { action: 'orgUnit.import', objectType: 'orgUnit', after: summary });
  return summary;
}
