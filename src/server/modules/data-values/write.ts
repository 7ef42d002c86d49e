// The one write path for data values: forms, Excel uploads and the machine API all come through here.
// Metadata is resolved once per request into maps; each batch is validated in memory and written
// with one multi-row statement, inside one transaction.
import type { Db } from '../../db/db.ts';
import type { ServiceContext } from '../../http/context.ts';
import { hasPermission } from '../../access.ts';
import { tryParsePeriod, type Period } from '../../../core/periods.ts';
import { recordAudit } from '../audit/service.ts';
import { listAllDataElements, listOptions, type DataElementRow } from '../metadata/repo.ts';
import { ensurePeriodIds } from '../periods/service.ts';
import { listActiveRegimeElements, listRegimeRows, selectRegimesOfUnits, type RegimeRow } from '../regimes/repo.ts';
import { vietnamDay, writeBlockOf, type BlockReason } from '../regimes/rules.ts';
import { selectStatusesForPairs, type ReportStatusRow } from '../report-status/repo.ts';
import * as repo from './repo.ts';
import { evaluateAlertsForValues } from '../alerts/service.ts';

export type DataValueSource = 'FORM' | 'EXCEL' | 'API';
export type ImportStrategy = 'CREATE_AND_UPDATE' | 'DELETE';

export interface DataValueInput {
  dataElement: string | number;
  period: string;
  orgUnit: string | number;
  /** Disaggregation option code (or id with idScheme=id); null/absent for none. */
  option?: string | number | null;
  value?: string | number | boolean | null;
  comment?: string | null;
}

export interface WriteOptions {
  source: DataValueSource;
  /** All or nothing (default true). */
  atomic?: boolean;
  dryRun?: boolean;
  importStrategy?: ImportStrategy;
  idScheme?: 'code' | 'id';
  /** How many conflicts to list; the total is always counted. */
  maxConflicts?: number;
  batchSize?: number;
}

export type ConflictCode =
  | 'UNKNOWN_DATA_ELEMENT'
  | 'UNKNOWN_ORG_UNIT'
  | 'INVALID_PERIOD'
  | 'ORG_UNIT_OUT_OF_SCOPE'
  | 'ORG_UNIT_CLOSED'
  | 'ELEMENT_NOT_IN_REGIME'
  | 'PERIOD_TYPE_MISMATCH'
  | 'PERIOD_LOCKED'
  | 'REPORT_APPROVED'
  | 'PERIOD_NOT_OPEN'
  | 'OPTION_REQUIRED'
  | 'INVALID_OPTION'
  | 'INVALID_VALUE'
  | 'MISSING_FIELD';

export interface Conflict {
  /** Position of the value in the request, from 0. */
  index: number;
  /** The identifier or value at fault. */
  object: string;
  /** The value as sent. */
  value: string | null;
  errorCode: ConflictCode;
  messageVi: string;
  messageEn: string;
}

export interface ImportSummary {
  status: 'SUCCESS' | 'WARNING' | 'ERROR';
  imported: number;
  updated: number;
  ignored: number;
  deleted: number;
  /** Listed conflicts (capped); conflictCount is the total. */
  conflicts: Conflict[];
  conflictCount: number;
  total: number;
  dryRun: boolean;
  atomic: boolean;
}

export const DEFAULT_BATCH_SIZE = 10_000;
const DEFAULT_MAX_CONFLICTS = 1_000;
const MAX_TEXT = 50_000;
const MAX_COMMENT = 2_000;
// DHIS2's id of the "default" category option combo: a value sent with it has no disaggregation.
const DEFAULT_OPTION_REFS = new Set(['default', 'HllvX50cXC0', '']);

interface ElementInfo {
  row: DataElementRow;
  options: Map<string, number> | null;
  regimeIds: Set<number>;
}

type Normalised = { kind: 'value'; value: number | null; textValue: string | null } | { kind: 'empty' } | { kind: 'invalid'; vi: string; en: string };

function invalidValue(text: string, vi: string, en: string): Normalised {
  return { kind: 'invalid', vi: `'${text.slice(0, 50)}' ${vi}`, en: `'${text.slice(0, 50)}' ${en}` };
}

function numericValue(n: number, zeroIsSignificant: boolean): Normalised {
  return n === 0 && !zeroIsSignificant ? EMPTY : { kind: 'value', value: n, textValue: null };
}

const EMPTY: Normalised = { kind: 'empty' };
const INTEGER_RE = /^[+-]?\d+$/;
const NUMBER_RE = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** Parses a value as sent into its stored form, by value type. */
export function normaliseValue(row: Pick<DataElementRow, 'valueType' | 'zeroIsSignificant'>, raw: DataValueInput['value']): Normalised {
  if (raw === null || raw === undefined) return EMPTY;
  const text = typeof raw === 'string' ? raw.trim() : String(raw);
  if (text === '') return EMPTY;
  switch (row.valueType) {
    case 'INTEGER': {
      if (typeof raw === 'boolean' || !INTEGER_RE.test(text)) return invalidValue(text, 'không phải là số nguyên', 'is not an integer');
      const n = Number(text);
      if (!Number.isSafeInteger(n)) return invalidValue(text, 'vượt quá giới hạn số nguyên', 'is out of the integer range');
      return numericValue(n, row.zeroIsSignificant);
    }
    case 'NUMBER':
    case 'PERCENTAGE': {
      if (typeof raw === 'boolean' || !NUMBER_RE.test(text)) return invalidValue(text, 'không phải là số', 'is not a number');
      const n = Number(text);
      if (!Number.isFinite(n)) return invalidValue(text, 'không phải là số hữu hạn', 'is not a finite number');
      if (row.valueType === 'PERCENTAGE' && (n < 0 || n > 100)) return invalidValue(text, 'phải là tỷ lệ phần trăm từ 0 đến 100', 'must be a percentage from 0 to 100');
      return numericValue(n, row.zeroIsSignificant);
    }
    case 'BOOLEAN': {
      const t = text.toLowerCase();
      if (t === 'true' || t === '1') return { kind: 'value', value: 1, textValue: null };
      if (t === 'false' || t === '0') return { kind: 'value', value: 0, textValue: null };
      return invalidValue(text, 'không phải là giá trị có/không (true/false/1/0)', 'is not a yes/no value (true/false/1/0)');
    }
    case 'TEXT':
      if (text.length > MAX_TEXT) return invalidValue(text, `dài quá ${MAX_TEXT} ký tự`, `is longer than ${MAX_TEXT} characters`);
      return { kind: 'value', value: null, textValue: text };
  }
}

const NONE: RegimeRow[] = [];
// Composite numeric keys: id * PERIOD_SPAN + period id (period ids stay far below 2^20).
const PERIOD_SPAN = 1 << 20;

const blank = (v: unknown) => v === undefined || v === null || (typeof v === 'string' && v.trim() === '');

/**
 * Validates and writes values batch after batch within one transaction that the caller opened.
 * Create with `DataValueWriter.open`, feed with `addBatch`, then read `summary()`.
 */
export class DataValueWriter {
  private readonly elementsByRef = new Map<string, ElementInfo>();
  private readonly regimes = new Map<number, RegimeRow>();
  private readonly units = new Map<string, repo.OrgUnitLite | null>();
  private readonly unitRegimes = new Map<number, Set<number>>();
  private readonly periods = new Map<string, Period | null>();
  private readonly periodIds = new Map<string, number>();
  // Keyed by numbers, not strings: these are looked up once per value of a million-value request.
  private readonly statusesByUnit = new Map<number, ReportStatusRow[]>();
  private readonly loadedPairs = new Set<number>();
  private readonly writeAllowed = new Map<number, boolean>();
  private readonly unitElementRegimes = new Map<number, Map<number, RegimeRow[]>>();
  private readonly touchedByUnit = new Map<number, Set<number>>();
  private lastUnitRaw: string | number | null = null;
  private lastUnitKey = '';
  private readonly blocks = new Map<string, BlockReason | null>();
  private readonly today: string;
  private readonly meta: repo.WriteMeta;
  readonly counts = { imported: 0, updated: 0, ignored: 0, deleted: 0, total: 0 };
  readonly conflicts: Conflict[] = [];
  conflictCount = 0;
  /** What received values, for the alert rules evaluated after commit. */
  readonly affected = { elementIds: new Set<number>(), orgUnitIds: new Set<number>(), periodIds: new Set<number>() };

  private constructor(
    private readonly ctx: ServiceContext,
    private readonly db: Db,
    readonly options: Required<Omit<WriteOptions, 'batchSize'>>,
  ) {
    const now = ctx.clock();
    this.today = vietnamDay(now);
    this.meta = {
      source: options.source,
      storedBy: ctx.actor.username ?? ctx.actor.kind,
      userId: ctx.actor.userId ?? null,
      tokenId: ctx.actor.tokenId ?? null,
      at: now,
    };
  }

  static async open(ctx: ServiceContext, db: Db, options: WriteOptions): Promise<DataValueWriter> {
    const w = new DataValueWriter(ctx, db, {
      source: options.source,
      atomic: options.atomic ?? true,
      dryRun: options.dryRun ?? false,
      importStrategy: options.importStrategy ?? 'CREATE_AND_UPDATE',
      idScheme: options.idScheme ?? 'code',
      maxConflicts: options.maxConflicts ?? DEFAULT_MAX_CONFLICTS,
    });
    await w.loadMetadata();
    return w;
  }

  private async loadMetadata() {
    const elements = await listAllDataElements(this.db);
    const options = await listOptions(this.db, [...new Set(elements.flatMap((e) => (e.disaggregationId ? [e.disaggregationId] : [])))]);
    const regimeElements = await listActiveRegimeElements(this.db);
    for (const r of await listRegimeRows(this.db, true)) this.regimes.set(r.id, r);
    const byCode = this.options.idScheme === 'code';
    for (const e of elements) {
      const opts = e.disaggregationId === null ? null : new Map<string, number>();
      if (opts) for (const o of options) if (o.disaggregationId === e.disaggregationId) opts.set(byCode ? o.code : String(o.id), o.id);
      const regimeIds = new Set(regimeElements.filter((re) => re.dataElementId === e.id).map((re) => re.regimeId));
      const info: ElementInfo = { row: e, options: opts, regimeIds };
      this.elementsByRef.set(byCode ? e.code : String(e.id), info);
      this.elementsByRef.set(`id:${e.id}`, info);
    }
  }

  private conflict(index: number, errorCode: ConflictCode, object: unknown, value: unknown, messageVi: string, messageEn: string) {
    this.conflictCount += 1;
    this.counts.ignored += 1;
    if (this.conflicts.length < this.options.maxConflicts) {
      this.conflicts.push({
        index,
        object: String(object ?? ''),
        value: value === undefined || value === null ? null : String(value),
        errorCode,
        messageVi,
        messageEn,
      });
    }
  }

  /** Every "regimeId:periodId:orgUnitId" that received a value (a form or upload marks that report started). */
  get touched(): Set<string> {
    const out = new Set<string>();
    for (const [unitId, keys] of this.touchedByUnit) {
      for (const k of keys) out.add(`${Math.floor(k / PERIOD_SPAN)}:${k % PERIOD_SPAN}:${unitId}`);
    }
    return out;
  }

  private regimesOf(unitId: number, element: ElementInfo): RegimeRow[] {
    let byElement = this.unitElementRegimes.get(unitId);
    if (!byElement) this.unitElementRegimes.set(unitId, (byElement = new Map()));
    let list = byElement.get(element.row.id);
    if (!list) {
      list = [];
      const ofUnit = this.unitRegimes.get(unitId);
      if (ofUnit) {
        for (const id of element.regimeIds) {
          const r = ofUnit.has(id) ? this.regimes.get(id) : undefined;
          if (r) list.push(r);
        }
      }
      byElement.set(element.row.id, list);
    }
    return list;
  }

  private unitKey(ref: string | number): string {
    if (ref === this.lastUnitRaw) return this.lastUnitKey;
    this.lastUnitRaw = ref;
    this.lastUnitKey = this.computeUnitKey(ref);
    return this.lastUnitKey;
  }

  private computeUnitKey(ref: string | number): string {
    const s = String(ref).trim();
    if (this.options.idScheme === 'id' || /^id:\d+$/.test(s)) return `id:${s.replace(/^id:/, '')}`;
    return s;
  }

  private async loadUnits(refs: Set<string>) {
    const codes: string[] = [];
    const ids: number[] = [];
    for (const ref of refs) {
      if (this.units.has(ref)) continue;
      this.units.set(ref, null);
      if (ref.startsWith('id:')) {
        const n = Number(ref.slice(3));
        if (Number.isSafeInteger(n)) ids.push(n);
      } else codes.push(ref);
    }
    const found = [
      ...(codes.length ? await repo.selectOrgUnitsByCode(this.db, codes) : []),
      ...(ids.length ? await repo.selectOrgUnitsById(this.db, ids) : []),
    ];
    const newIds: number[] = [];
    for (const u of found) {
      if (refs.has(u.code)) this.units.set(u.code, u);
      if (refs.has(`id:${u.id}`)) this.units.set(`id:${u.id}`, u);
      if (!this.unitRegimes.has(u.id)) {
        this.unitRegimes.set(u.id, new Set());
        newIds.push(u.id);
      }
    }
    for (const pair of await selectRegimesOfUnits(this.db, newIds)) this.unitRegimes.get(pair.orgUnitId)!.add(pair.regimeId);
  }

  private periodOf(iso: string): Period | null {
    let p = this.periods.get(iso);
    if (p === undefined) {
      p = tryParsePeriod(iso);
      this.periods.set(iso, p);
    }
    return p;
  }

  private blockOf(regime: RegimeRow, period: Period, periodId: number, orgUnitId: number): BlockReason | null {
    let status: ReportStatusRow | undefined;
    const ofUnit = this.statusesByUnit.get(orgUnitId);
    if (ofUnit) {
      for (const x of ofUnit) if (x.regimeId === regime.id && x.periodId === periodId) status = x;
    }
    // Most units have no status yet: the answer then depends on the regime and period alone.
    if (status === undefined) {
      const key = `${regime.id}:${periodId}`;
      let block = this.blocks.get(key);
      if (block === undefined) {
        block = writeBlockOf(regime, period.id, this.today, null);
        this.blocks.set(key, block);
      }
      return block;
    }
    return writeBlockOf(regime, period.id, this.today, status);
  }

  /** Validates a batch, then writes its valid values unless the request is already doomed. */
  async addBatch(values: readonly DataValueInput[], startIndex: number): Promise<void> {
    this.counts.total += values.length;
    const unitRefs = new Set<string>();
    const periodIsos = new Set<string>();
    for (const v of values) {
      if (!blank(v.orgUnit)) unitRefs.add(this.unitKey(v.orgUnit));
      if (typeof v.period === 'string' && this.periodOf(v.period.trim())) periodIsos.add(v.period.trim());
    }
    await this.loadUnits(unitRefs);
    const missingIsos = [...periodIsos].filter((iso) => !this.periodIds.has(iso));
    if (missingIsos.length) for (const [iso, id] of await ensurePeriodIds(this.db, missingIsos)) this.periodIds.set(iso, id);

    // First pass: everything that needs no report status.
    interface Candidate { index: number; input: DataValueInput; element: ElementInfo; unit: repo.OrgUnitLite; period: Period; periodId: number; regimes: RegimeRow[]; optionId: number; normalised: Exclude<Normalised, { kind: 'invalid' }> }
    const candidates: Candidate[] = [];
    const pairUnits: number[] = [];
    const pairPeriods: number[] = [];
    for (const [i, v] of values.entries()) {
      const index = startIndex + i;
      if (blank(v.dataElement) || blank(v.period) || blank(v.orgUnit)) {
        const field = blank(v.dataElement) ? 'dataElement' : blank(v.period) ? 'period' : 'orgUnit';
        this.conflict(index, 'MISSING_FIELD', field, v.value, `Thiếu trường bắt buộc '${field}'`, `Required field '${field}' is missing`);
        continue;
      }
      const deRef = String(v.dataElement).trim();
      const element = this.elementsByRef.get(this.options.idScheme === 'id' ? deRef.replace(/^id:/, '') : deRef) ?? this.elementsByRef.get(deRef);
      if (!element) {
        this.conflict(index, 'UNKNOWN_DATA_ELEMENT', deRef, v.value, `Không có chỉ số '${deRef}'`, `Unknown data element '${deRef}'`);
        continue;
      }
      const iso = String(v.period).trim();
      const period = this.periodOf(iso);
      if (!period) {
        this.conflict(index, 'INVALID_PERIOD', iso, v.value, `'${iso}' không phải là kỳ báo cáo hợp lệ (ví dụ 2023, 2023Q1, 202301)`, `'${iso}' is not a valid period (e.g. 2023, 2023Q1, 202301)`);
        continue;
      }
      const unitRef = this.unitKey(v.orgUnit);
      const unit = this.units.get(unitRef);
      if (!unit) {
        this.conflict(index, 'UNKNOWN_ORG_UNIT', String(v.orgUnit), v.value, `Không có đơn vị '${v.orgUnit}'`, `Unknown org unit '${v.orgUnit}'`);
        continue;
      }
      let allowed = this.writeAllowed.get(unit.id);
      if (allowed === undefined) this.writeAllowed.set(unit.id, (allowed = hasPermission(this.ctx.actor, 'data.write', unit.path)));
      if (!allowed) {
        this.conflict(index, 'ORG_UNIT_OUT_OF_SCOPE', unit.code, v.value,
          `Không có quyền nhập số liệu cho đơn vị '${unit.code}' (ngoài phạm vi được giao)`,
          `Not allowed to write data for org unit '${unit.code}' (outside your scope)`);
        continue;
      }
      if ((unit.openingDate !== null && unit.openingDate > period.endDate) || (unit.closingDate !== null && unit.closingDate < period.startDate)) {
        this.conflict(index, 'ORG_UNIT_CLOSED', unit.code, v.value,
          `Đơn vị '${unit.code}' không hoạt động trong kỳ ${iso} (mở ${unit.openingDate ?? '–'}, đóng ${unit.closingDate ?? '–'})`,
          `Org unit '${unit.code}' is not open in period ${iso} (opened ${unit.openingDate ?? '–'}, closed ${unit.closingDate ?? '–'})`);
        continue;
      }
      const inRegimes = this.regimesOf(unit.id, element);
      if (inRegimes.length === 0) {
        this.conflict(index, 'ELEMENT_NOT_IN_REGIME', element.row.code, v.value,
          `Chỉ số '${element.row.code}' không thuộc chế độ báo cáo nào của đơn vị '${unit.code}'`,
          `Data element '${element.row.code}' is not in any report regime of org unit '${unit.code}'`);
        continue;
      }
      const regimes = inRegimes.length === 1 ? (inRegimes[0].periodType === period.type ? inRegimes : NONE) : inRegimes.filter((r) => r.periodType === period.type);
      if (regimes.length === 0) {
        const types = [...new Set(inRegimes.map((r) => r.periodType))].join(', ');
        this.conflict(index, 'PERIOD_TYPE_MISMATCH', iso, v.value,
          `Kỳ ${iso} (${period.type}) không hợp với kỳ báo cáo của chỉ số '${element.row.code}' (${types})`,
          `Period ${iso} (${period.type}) does not match the reporting frequency of '${element.row.code}' (${types})`);
        continue;
      }
      let optionId = 0;
      const optRef = v.option === undefined || v.option === null ? '' : String(v.option).trim();
      if (element.options) {
        const id = DEFAULT_OPTION_REFS.has(optRef) ? undefined : element.options.get(optRef);
        if (id === undefined) {
          const missing = DEFAULT_OPTION_REFS.has(optRef);
          this.conflict(index, missing ? 'OPTION_REQUIRED' : 'INVALID_OPTION', optRef, v.value,
            missing ? `Chỉ số '${element.row.code}' cần chọn phân tổ (${[...element.options.keys()].join(', ')})` : `'${optRef}' không thuộc phân tổ của chỉ số '${element.row.code}' (${[...element.options.keys()].join(', ')})`,
            missing ? `Data element '${element.row.code}' needs a disaggregation option (${[...element.options.keys()].join(', ')})` : `'${optRef}' is not an option of data element '${element.row.code}' (${[...element.options.keys()].join(', ')})`);
          continue;
        }
        optionId = id;
      } else if (!DEFAULT_OPTION_REFS.has(optRef)) {
        this.conflict(index, 'INVALID_OPTION', optRef, v.value,
          `Chỉ số '${element.row.code}' không có phân tổ; không nhận lựa chọn '${optRef}'`,
          `Data element '${element.row.code}' has no disaggregation; option '${optRef}' is not accepted`);
        continue;
      }
      const normalised: Normalised = this.options.importStrategy === 'DELETE' ? { kind: 'empty' } : normaliseValue(element.row, v.value);
      if (normalised.kind === 'invalid') {
        this.conflict(index, 'INVALID_VALUE', v.value, v.value, `Giá trị ${normalised.vi}`, `Value ${normalised.en}`);
        continue;
      }
      if (v.comment !== undefined && v.comment !== null && String(v.comment).length > MAX_COMMENT) {
        this.conflict(index, 'INVALID_VALUE', 'comment', v.value, `Ghi chú dài quá ${MAX_COMMENT} ký tự`, `Comment is longer than ${MAX_COMMENT} characters`);
        continue;
      }
      const periodId = this.periodIds.get(iso)!;
      const pairKey = unit.id * PERIOD_SPAN + periodId;
      if (!this.loadedPairs.has(pairKey)) {
        this.loadedPairs.add(pairKey);
        pairUnits.push(unit.id);
        pairPeriods.push(periodId);
      }
      candidates.push({ index, input: v, element, unit, period, periodId, regimes, optionId, normalised });
    }
    for (const s of await selectStatusesForPairs(this.db, pairUnits, pairPeriods)) {
      const list = this.statusesByUnit.get(s.orgUnitId);
      if (list) list.push(s);
      else this.statusesByUnit.set(s.orgUnitId, [s]);
    }

    // Second pass: locks and approvals; the last value for a key wins within the batch.
    const upserts = new Map<string, repo.ValueRow>();
    const deletes = new Map<string, repo.ValueRow>();
    for (const c of candidates) {
      let block: BlockReason | null = null;
      for (const r of c.regimes) {
        block = this.blockOf(r, c.period, c.periodId, c.unit.id);
        if (block) break;
      }
      if (block) {
        this.conflict(c.index, block.code, c.period.id, c.input.value, block.messageVi, block.messageEn);
        continue;
      }
      const key = `${c.element.row.id}:${c.periodId}:${c.unit.id}:${c.optionId}`;
      if (upserts.delete(key) || deletes.delete(key)) this.counts.ignored += 1;
      let touched = this.touchedByUnit.get(c.unit.id);
      if (!touched) this.touchedByUnit.set(c.unit.id, (touched = new Set()));
      for (const r of c.regimes) touched.add(r.id * PERIOD_SPAN + c.periodId);
      this.affected.elementIds.add(c.element.row.id);
      this.affected.orgUnitIds.add(c.unit.id);
      this.affected.periodIds.add(c.periodId);
      if (c.normalised.kind === 'empty') {
        deletes.set(key, { dataElementId: c.element.row.id, periodId: c.periodId, orgUnitId: c.unit.id, optionId: c.optionId, value: null, textValue: null, comment: null });
      } else {
        const comment = c.input.comment === undefined || c.input.comment === null || String(c.input.comment).trim() === '' ? null : String(c.input.comment);
        upserts.set(key, { dataElementId: c.element.row.id, periodId: c.periodId, orgUnitId: c.unit.id, optionId: c.optionId, value: c.normalised.value, textValue: c.normalised.textValue, comment });
      }
    }
    // An all-or-nothing request that already failed only goes on to list the rest of its conflicts.
    if (this.options.atomic && this.conflictCount > 0) {
      this.counts.ignored += upserts.size + deletes.size;
      return;
    }
    const rows = [...upserts.values()];
    const { inserted, updated } = await repo.upsertValues(this.db, rows, this.meta);
    this.counts.imported += inserted;
    this.counts.updated += updated;
    this.counts.ignored += rows.length - inserted - updated;
    const deleted = await repo.deleteValues(this.db, [...deletes.values()], this.meta);
    this.counts.deleted += deleted;
    this.counts.ignored += deletes.size - deleted;
  }

  summary(): ImportSummary {
    const failed = this.options.atomic && this.conflictCount > 0;
    const counts = failed ? { imported: 0, updated: 0, deleted: 0, ignored: this.counts.total } : this.counts;
    return {
      status: failed ? 'ERROR' : this.conflictCount > 0 ? 'WARNING' : 'SUCCESS',
      imported: counts.imported,
      updated: counts.updated,
      ignored: counts.ignored,
      deleted: counts.deleted,
      conflicts: [...this.conflicts].sort((a, b) => a.index - b.index),
      conflictCount: this.conflictCount,
      total: this.counts.total,
      dryRun: this.options.dryRun,
      atomic: this.options.atomic,
    };
  }
}

class Rollback extends Error {
  constructor(readonly summary: ImportSummary) {
    super('rollback');
  }
}

export interface ImportRun {
  summary: ImportSummary;
  committed: boolean;
}

/**
 * Runs an import in one transaction: `feed` pushes batches into the writer. A failed all-or-nothing
 * request and a dry run are rolled back; otherwise one audit entry summarises the request, and
 * `beforeCommit` may add its own writes to the same transaction.
 */
export async function runImport(
  ctx: ServiceContext,
  options: WriteOptions,
  feed: (writer: DataValueWriter) => Promise<void>,
  hooks: { beforeCommit?: (tx: Db, summary: ImportSummary, writer: DataValueWriter) => Promise<void> } = {},
): Promise<ImportRun> {
  try {
    let written: DataValueWriter | null = null;
    const summary = await ctx.db.transaction(async (tx) => {
      const writer = (written = await DataValueWriter.open(ctx, tx, options));
      await feed(writer);
      const s = writer.summary();
      if (s.dryRun || (s.atomic && s.conflictCount > 0)) throw new Rollback(s);
      await recordAudit(tx, ctx.actor, {
        action: 'dataValues.write',
        objectType: 'data_value_set',
        after: { source: options.source, imported: s.imported, updated: s.updated, deleted: s.deleted, ignored: s.ignored, conflicts: s.conflictCount, atomic: s.atomic },
      });
      await hooks.beforeCommit?.(tx, s, writer);
      return s;
    });
    // Early warning sees the new values right after commit; it never delays or fails the write.
    const affected = (written as DataValueWriter | null)?.affected;
    if (affected && affected.elementIds.size > 0) {
      void evaluateAlertsForValues(ctx, { elementIds: [...affected.elementIds], orgUnitIds: [...affected.orgUnitIds], periodIds: [...affected.periodIds] })
        .catch((err) => ctx.log.error({ err }, 'alert evaluation after write failed'));
    }
    return { summary, committed: true };
  } catch (err) {
    if (err instanceof Rollback) return { summary: err.summary, committed: false };
    throw err;
  }
}

/** Writes values (from a form, Excel or the API) and returns the import summary. */
export async function writeDataValues(ctx: ServiceContext, values: readonly DataValueInput[], options: WriteOptions): Promise<ImportSummary> {
  const size = options.batchSize ?? DEFAULT_BATCH_SIZE;
  const run = await runImport(ctx, options, async (writer) => {
    for (let start = 0; start < values.length; start += size) await writer.addBatch(values.slice(start, start + size), start);
  });
  return run.summary;
}
