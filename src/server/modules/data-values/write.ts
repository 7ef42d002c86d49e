// The one write path for data values: forms, Excel uploads and the machine API all come through here.
// Metadata is resolved once per request into maps; each batch is validated in memory and written
// with one multi-row statement, inside one transaction.
import type { Db } from '../../db/db.ts';
import type { ServiceContext } from '../../http/context.ts';
import { hasPermission } from '../../access.ts';
import { formatDate, formatPeriod, tryParsePeriod, type Period, vietnamDate } from '../../../core/periods.ts';
import { parseValue } from '../../../core/value-types.ts';
import { parseDhis2Period } from '../../../core/dhis2-periods.ts';
import { recordAudit } from '../audit/service.ts';
import { listAllDataElements, listOptions, type DataElementRow } from '../metadata/repo.ts';
import type { IdScheme } from './dhis2.ts';
import { ensurePeriodIds } from '../periods/service.ts';
import { listActiveRegimeElements, listRegimeRows, selectRegimesOfUnits, type RegimeRow } from '../regimes/repo.ts';
import { writeBlockOf, type BlockReason } from '../regimes/rules.ts';
import { selectStatusesForPairs, type ReportStatusRow } from '../report-status/repo.ts';
import * as repo from './repo.ts';
import { evaluateAlertsForValues } from '../alerts/service.ts';

export type DataValueSource = 'FORM' | 'EXCEL' | 'API';
/** DHIS2's strategies (its aliases NEW, UPDATES, NEW_AND_UPDATES are mapped onto these by the route). */
export type ImportStrategy = 'CREATE_AND_UPDATE' | 'CREATE' | 'UPDATE' | 'DELETE';

export interface DataValueInput {
  dataElement: string | number;
  period: string;
  orgUnit: string | number;
  /** Disaggregation option code (or id with idScheme=id); null/absent for none. */
  option?: string | number | null;
  /**
   * The attribute option (DHIS2's attribute option combo): an option of the attribute disaggregation of the
   * element's regime, by code (or UID, or id, by attributeOptionIdScheme); null/absent/"default" for none.
   */
  attributeOption?: string | number | null;
  value?: string | number | boolean | null;
  /** The value's comment: absent or null keeps the stored one, blank removes it, text replaces it. */
  comment?: string | null;
}

export interface WriteOptions {
  source: DataValueSource;
  /** All or nothing (default true). */
  atomic?: boolean;
  dryRun?: boolean;
  importStrategy?: ImportStrategy;
  /** How data elements are named (and the others, unless named below). */
  idScheme?: IdScheme;
  orgUnitIdScheme?: IdScheme;
  optionIdScheme?: IdScheme;
  attributeOptionIdScheme?: IdScheme;
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
  | 'VALUE_OUT_OF_RANGE'
  | 'REPORT_SUBMITTED'
  | 'MISSING_FIELD'
  // Refused by the DHIS2 paths before the value is checked (see data-values/dhis2.ts).
  | 'UNKNOWN_FIELD'
  | 'UNKNOWN_ATTRIBUTE_OPTION_COMBO'
  | 'ATTRIBUTE_OPTION_COMBO_NOT_IN_REGIME'
  | 'ATTRIBUTE_OPTION_COMBO_REQUIRED'
  | 'FOLLOWUP_NOT_SUPPORTED'
  | 'STORED_BY_NOT_CALLER'
  | 'TIMESTAMP_NOT_ACCEPTED'
  | 'ELEMENT_NOT_IN_DATA_SET'
  | 'INVALID_FLAG';

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
  /** The field at fault, when it is not the value itself (DHIS2's ImportConflict.property). */
  property?: string;
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
/** The longest comment a value may carry (DHIS2's limit, E7620 beyond it). */
export const MAX_COMMENT = 2_000;
// DHIS2's id of the "default" category option combo: a value sent with it has no disaggregation.
const DEFAULT_OPTION_REFS = new Set(['default', 'HllvX50cXC0', '']);

interface ElementInfo {
  row: DataElementRow;
  options: Map<string, number> | null;
  /** The options of the attribute disaggregations of the element's regimes, by ref; null when none declares one. */
  attributeOptions: Map<string, number> | null;
  regimeIds: Set<number>;
}

type Normalised = { kind: 'value'; value: number | null; textValue: string | null } | { kind: 'empty' } | { kind: 'invalid'; code: 'INVALID_VALUE' | 'VALUE_OUT_OF_RANGE'; vi: string; en: string };

const EMPTY: Normalised = { kind: 'empty' };

/**
 * Parses a value as sent into its stored form by the element's value type, range and hard bounds
 * (src/core/value-types.ts: the same rule the web form runs before sending).
 */
export function normaliseValue(row: Pick<DataElementRow, 'valueType' | 'zeroIsSignificant' | 'minValue' | 'maxValue' | 'maxLength'>, raw: DataValueInput['value']): Normalised {
  const p = parseValue(row, raw);
  switch (p.kind) {
    case 'empty':
      return EMPTY;
    case 'number':
      return { kind: 'value', value: p.value, textValue: null };
    case 'text':
      return { kind: 'value', value: null, textValue: p.text };
    case 'invalid':
      return { kind: 'invalid', code: p.code === 'OUT_OF_RANGE' ? 'VALUE_OUT_OF_RANGE' : 'INVALID_VALUE', vi: p.messageVi, en: p.messageEn };
  }
}

const KIND_NUMBER = 0;
const KIND_TEXT = 1;
const KIND_EMPTY = 2;

/** Values waiting for the database checks, one slot each, in typed arrays. */
interface Stage {
  n: number;
  index: Int32Array;
  element: Int32Array;
  option: Int32Array;
  attribute: Int32Array;
  unit: Int32Array;
  period: Int32Array;
  kind: Uint8Array;
  value: Float64Array;
  texts: Map<number, string>;
  /** Comments sent with values; '' removes the stored comment (a slot without one keeps it). */
  comments: Map<number, string>;
  unitRefs: string[];
  unitIndex: Map<string, number>;
  periods: Period[];
  periodIndex: Map<string, number>;
}

function newStage(capacity: number): Stage {
  return {
    n: 0,
    index: new Int32Array(capacity),
    element: new Int32Array(capacity),
    option: new Int32Array(capacity),
    attribute: new Int32Array(capacity),
    unit: new Int32Array(capacity),
    period: new Int32Array(capacity),
    kind: new Uint8Array(capacity),
    value: new Float64Array(capacity),
    texts: new Map(),
    comments: new Map(),
    unitRefs: [],
    unitIndex: new Map(),
    periods: [],
    periodIndex: new Map(),
  };
}

function growStage(st: Stage): void {
  const grow = <T extends Int32Array | Uint8Array | Float64Array>(a: T): T => {
    const b = new (a.constructor as new (n: number) => T)(a.length * 2);
    b.set(a);
    return b;
  };
  st.index = grow(st.index);
  st.element = grow(st.element);
  st.option = grow(st.option);
  st.attribute = grow(st.attribute);
  st.unit = grow(st.unit);
  st.period = grow(st.period);
  st.kind = grow(st.kind);
  st.value = grow(st.value);
}

const NONE: RegimeRow[] = [];
// Composite numeric keys: id * PERIOD_SPAN + period id (period ids stay far below 2^20).
const PERIOD_SPAN = 1 << 20;

/** A unit as people know it: its name, with the code after it. */
const unitName = (u: repo.OrgUnitLite) => `'${u.nameVi}' (${u.code})`;
const openWords = (u: repo.OrgUnitLite, lang: 'vi' | 'en') =>
  lang === 'vi'
    ? `mở ${u.openingDate ? formatDate(u.openingDate, 'vi') : '–'}, đóng ${u.closingDate ? formatDate(u.closingDate, 'vi') : '–'}`
    : `opened ${u.openingDate ? formatDate(u.openingDate, 'en') : '–'}, closed ${u.closingDate ? formatDate(u.closingDate, 'en') : '–'}`;
const PERIOD_TYPE_WORDS: Record<string, { vi: string; en: string }> = {
  DAILY: { vi: 'ngày', en: 'daily' },
  WEEKLY: { vi: 'tuần', en: 'weekly' },
  MONTHLY: { vi: 'tháng', en: 'monthly' },
  QUARTERLY: { vi: 'quý', en: 'quarterly' },
  SIXMONTHLY: { vi: '6 tháng', en: 'six-monthly' },
  NINEMONTHLY: { vi: '9 tháng', en: 'nine-monthly' },
  YEARLY: { vi: 'năm', en: 'yearly' },
};

const blank = (v: unknown) => v === undefined || v === null || (typeof v === 'string' && v.trim() === '');

/**
 * Validates and writes values batch after batch within one transaction that the caller opened.
 * Create with `DataValueWriter.open`, feed with `addBatch`, then read `summary()`.
 */
export class DataValueWriter {
  private readonly elementsByRef = new Map<string, ElementInfo>();
  private readonly regimes = new Map<number, RegimeRow>();
  /** Each attribute option's disaggregation, and the disaggregations' codes (for messages). */
  private readonly attributeDisaggregationOf = new Map<number, number>();
  private readonly attributeRefs = new Map<number, string>();
  private readonly units = new Map<string, repo.OrgUnitLite | null>();
  /** idScheme=NAME: the names several objects share ("element:<name>", "option:<elementId>:<name>", "unit:<name>"). */
  private readonly ambiguous = new Set<string>();
  private readonly unitRegimes = new Map<number, Set<number>>();
  private readonly periods = new Map<string, Period | null>();
  private readonly periodIds = new Map<string, number>();
  // Keyed by numbers, not strings: these are looked up once per value of a million-value request.
  private readonly statusesByUnit = new Map<number, ReportStatusRow[]>();
  private readonly loadedPairs = new Set<number>();
  private readonly writeAllowed = new Map<number, boolean>();
  // A unit's regimes per element, shared by the units assigned the same regimes: a million-value import over
  // 100,000 units keeps a handful of these maps, not one per unit.
  private readonly unitElementRegimes = new Map<number, Map<number, RegimeRow[]>>();
  private readonly regimeSetElements = new Map<string, Map<number, RegimeRow[]>>();
  private readonly touchedByUnit = new Map<number, Set<number>>();
  private stage: Stage = newStage(DEFAULT_BATCH_SIZE);
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
    this.today = vietnamDate(now);
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
      orgUnitIdScheme: options.orgUnitIdScheme ?? options.idScheme ?? 'code',
      optionIdScheme: options.optionIdScheme ?? options.idScheme ?? 'code',
      attributeOptionIdScheme: options.attributeOptionIdScheme ?? options.idScheme ?? 'code',
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
    const refOf = (scheme: IdScheme, o: { id: number; code: string; uid: string; nameVi: string }) =>
      scheme === 'code' ? o.code : scheme === 'uid' ? o.uid : scheme === 'name' ? o.nameVi : String(o.id);
    // Attribute options: those of the regimes' attribute disaggregations, by the attribute option id scheme.
    const attributeDisaggregations = new Set<number>();
    for (const r of this.regimes.values()) if (r.attributeDisaggregationId !== null) attributeDisaggregations.add(r.attributeDisaggregationId);
    const attributeOptionsOf = new Map<number, Map<string, number>>();
    if (attributeDisaggregations.size > 0) {
      for (const o of await listOptions(this.db, [...attributeDisaggregations])) {
        let m = attributeOptionsOf.get(o.disaggregationId);
        if (!m) attributeOptionsOf.set(o.disaggregationId, (m = new Map()));
        m.set(refOf(this.options.attributeOptionIdScheme, o), o.id);
        this.attributeDisaggregationOf.set(o.id, o.disaggregationId);
        this.attributeRefs.set(o.id, refOf(this.options.attributeOptionIdScheme, o));
      }
    }
    for (const e of elements) {
      const opts = e.disaggregationId === null ? null : new Map<string, number>();
      if (opts) {
        for (const o of options) {
          if (o.disaggregationId !== e.disaggregationId) continue;
          const ref = refOf(this.options.optionIdScheme, o);
          // By NAME, two options of one disaggregation sharing a name name neither.
          if (this.options.optionIdScheme === 'name' && opts.has(ref)) this.ambiguous.add(`option:${e.id}:${ref}`);
          opts.set(ref, o.id);
        }
        for (const key of this.ambiguous) if (key.startsWith(`option:${e.id}:`)) opts.delete(key.slice(`option:${e.id}:`.length));
      }
      const regimeIds = new Set(regimeElements.filter((re) => re.dataElementId === e.id).map((re) => re.regimeId));
      let attributeOptions: Map<string, number> | null = null;
      for (const id of regimeIds) {
        const d = this.regimes.get(id)?.attributeDisaggregationId;
        const m = d === undefined || d === null ? undefined : attributeOptionsOf.get(d);
        if (!m) continue;
        attributeOptions ??= new Map();
        for (const [ref, optionId] of m) attributeOptions.set(ref, optionId);
      }
      const info: ElementInfo = { row: e, options: opts, attributeOptions, regimeIds };
      const ref = refOf(this.options.idScheme, e);
      // By NAME, a name two data elements share names neither: the value is refused naming the ambiguity.
      if (this.options.idScheme === 'name' && this.elementsByRef.has(ref)) this.ambiguous.add(`element:${ref}`);
      this.elementsByRef.set(ref, info);
      this.elementsByRef.set(`id:${e.id}`, info);
    }
    for (const key of this.ambiguous) if (key.startsWith('element:')) this.elementsByRef.delete(key.slice('element:'.length));
  }

  private conflict(index: number, errorCode: ConflictCode, object: unknown, value: unknown, messageVi: string, messageEn: string, property?: string) {
    this.conflictCount += 1;
    this.counts.ignored += 1;
    if (this.conflicts.length < this.options.maxConflicts) {
      const c: Conflict = {
        index,
        object: String(object ?? ''),
        value: value === undefined || value === null ? null : String(value),
        errorCode,
        messageVi,
        messageEn,
      };
      if (property !== undefined) c.property = property;
      this.conflicts.push(c);
    }
  }

  /** A value refused before it reached the checks (a field the DHIS2 path does not keep): counted and listed like any conflict. */
  refuse(index: number, errorCode: ConflictCode, property: string, object: unknown, value: unknown, messageVi: string, messageEn: string): void {
    this.counts.total += 1;
    this.conflict(index, errorCode, object, value, messageVi, messageEn, property);
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
    const ofUnit = this.unitRegimes.get(unitId);
    let byElement = this.unitElementRegimes.get(unitId);
    if (!byElement) {
      const setKey = ofUnit ? [...ofUnit].sort((a, b) => a - b).join(',') : '';
      byElement = this.regimeSetElements.get(setKey);
      if (!byElement) this.regimeSetElements.set(setKey, (byElement = new Map()));
      this.unitElementRegimes.set(unitId, byElement);
    }
    let list = byElement.get(element.row.id);
    if (!list) {
      list = [];
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
    if (this.options.orgUnitIdScheme === 'id' || /^id:\d+$/.test(s)) return `id:${s.replace(/^id:/, '')}`;
    if (this.options.orgUnitIdScheme === 'uid') return `uid:${s}`;
    if (this.options.orgUnitIdScheme === 'name') return `name:${s}`;
    return s;
  }

  private async loadUnits(refs: Set<string>) {
    const codes: string[] = [];
    const ids: number[] = [];
    const uids: string[] = [];
    const names: string[] = [];
    for (const ref of refs) {
      if (this.units.has(ref)) continue;
      this.units.set(ref, null);
      if (ref.startsWith('id:')) {
        const n = Number(ref.slice(3));
        if (Number.isSafeInteger(n)) ids.push(n);
      } else if (ref.startsWith('uid:')) uids.push(ref.slice(4));
      else if (ref.startsWith('name:')) names.push(ref.slice(5));
      else codes.push(ref);
    }
    const byName = names.length ? await repo.selectOrgUnitsByName(this.db, names) : [];
    const found = [
      ...(codes.length ? await repo.selectOrgUnitsByCode(this.db, codes) : []),
      ...(ids.length ? await repo.selectOrgUnitsById(this.db, ids) : []),
      ...(uids.length ? await repo.selectOrgUnitsByUid(this.db, uids) : []),
      // A name several units share (two communes of one name in different districts) names none of them.
      ...byName.filter((u) => {
        if (byName.filter((o) => o.nameVi === u.nameVi).length === 1) return true;
        this.ambiguous.add(`unit:name:${u.nameVi}`);
        return false;
      }),
    ];
    const newIds: number[] = [];
    for (const u of found) {
      if (refs.has(u.code)) this.units.set(u.code, u);
      if (refs.has(`id:${u.id}`)) this.units.set(`id:${u.id}`, u);
      if (refs.has(`uid:${u.uid}`)) this.units.set(`uid:${u.uid}`, u);
      if (refs.has(`name:${u.nameVi}`)) this.units.set(`name:${u.nameVi}`, u);
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

  /** The first regime the attribute option (0: none) does not fit, or null. */
  private attributeMisfit(regimes: readonly RegimeRow[], attributeId: number): RegimeRow | null {
    const disaggregation = attributeId === 0 ? null : (this.attributeDisaggregationOf.get(attributeId) ?? -1);
    for (const r of regimes) if (r.attributeDisaggregationId !== disaggregation) return r;
    return null;
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
    for (let i = 0; i < values.length; i++) this.stageValue(values[i], startIndex + i);
    await this.flush();
  }

  /** The transaction the writer writes in: reads made while it is open go through it (PGlite has one connection). */
  get transaction(): Db {
    return this.db;
  }

  /** How many values wait in the stage for `flush`. */
  get staged(): number {
    return this.stage.n;
  }

  /**
   * Takes one value: what needs no database (element, period, option, value type) is checked at
   * once, and the value is kept in typed arrays, so that a streamed request holds no object per
   * value while it waits for the database (the parsed objects die young instead of filling the heap).
   */
  stageValue(v: DataValueInput, index: number): void {
    this.counts.total += 1;
    if (blank(v.dataElement) || blank(v.period) || blank(v.orgUnit)) {
      const field = blank(v.dataElement) ? 'dataElement' : blank(v.period) ? 'period' : 'orgUnit';
      this.conflict(index, 'MISSING_FIELD', field, v.value, `Thiếu trường bắt buộc '${field}'`, `Required field '${field}' is missing`);
      return;
    }
    const deRef = typeof v.dataElement === 'string' ? v.dataElement.trim() : String(v.dataElement);
    const element = this.elementsByRef.get(this.options.idScheme === 'id' ? deRef.replace(/^id:/, '') : deRef) ?? this.elementsByRef.get(deRef);
    if (!element) {
      if (this.ambiguous.has(`element:${deRef}`)) {
        this.conflict(
          index,
          'UNKNOWN_DATA_ELEMENT',
          deRef,
          v.value,
          `Tên '${deRef}' là tên của nhiều chỉ số; hãy gọi bằng mã hoặc UID`,
          `The name '${deRef}' belongs to several data elements; name it by code or UID`,
        );
        return;
      }
      this.conflict(index, 'UNKNOWN_DATA_ELEMENT', deRef, v.value, `Không có chỉ số '${deRef}'`, `Unknown data element '${deRef}'`);
      return;
    }
    const iso = typeof v.period === 'string' ? v.period.trim() : String(v.period);
    const period = this.periodOf(iso);
    if (!period) {
      // A DHIS2 period of a type no regime here reports in is named with its type and days.
      const other = parseDhis2Period(iso);
      if (other) {
        this.conflict(
          index,
          'INVALID_PERIOD',
          iso,
          v.value,
          `Kỳ '${iso}' là kỳ DHIS2 loại ${other.type} (${formatDate(other.startDate, 'vi')} – ${formatDate(other.endDate, 'vi')}); chế độ báo cáo ở đây chỉ dùng năm, 6 tháng, 9 tháng, quý, tháng, tuần ISO, ngày`,
          `Period '${iso}' is a DHIS2 ${other.type} period (${formatDate(other.startDate, 'en')} – ${formatDate(other.endDate, 'en')}); report regimes here use years, six months, nine months, quarters, months, ISO weeks and days only`,
        );
        return;
      }
      this.conflict(index, 'INVALID_PERIOD', iso, v.value, `'${iso}' không phải là kỳ báo cáo hợp lệ (ví dụ 2023, 2023Q1, 202301)`, `'${iso}' is not a valid period (e.g. 2023, 2023Q1, 202301)`);
      return;
    }
    let optionId = 0;
    const optRef = v.option === undefined || v.option === null ? '' : typeof v.option === 'string' ? v.option.trim() : String(v.option);
    if (element.options) {
      const id = DEFAULT_OPTION_REFS.has(optRef) ? undefined : element.options.get(optRef);
      if (id === undefined) {
        const missing = DEFAULT_OPTION_REFS.has(optRef);
        if (this.ambiguous.has(`option:${element.row.id}:${optRef}`)) {
          this.conflict(
            index,
            'INVALID_OPTION',
            optRef,
            v.value,
            `Tên '${optRef}' là tên của nhiều phân tổ; hãy gọi bằng mã hoặc UID`,
            `The name '${optRef}' belongs to several options; name it by code or UID`,
          );
          return;
        }
        const list = [...element.options.keys()].join(', ');
        this.conflict(
          index,
          missing ? 'OPTION_REQUIRED' : 'INVALID_OPTION',
          optRef,
          v.value,
          missing ? `Chỉ số '${element.row.code}' cần chọn phân tổ (${list})` : `'${optRef}' không thuộc phân tổ của chỉ số '${element.row.code}' (${list})`,
          missing ? `Data element '${element.row.code}' needs a disaggregation option (${list})` : `'${optRef}' is not an option of data element '${element.row.code}' (${list})`,
        );
        return;
      }
      optionId = id;
    } else if (!DEFAULT_OPTION_REFS.has(optRef)) {
      this.conflict(
        index,
        'INVALID_OPTION',
        optRef,
        v.value,
        `Chỉ số '${element.row.code}' không có phân tổ; không nhận lựa chọn '${optRef}'`,
        `Data element '${element.row.code}' has no disaggregation; option '${optRef}' is not accepted`,
      );
      return;
    }
    let attributeId = 0;
    const aoRef = v.attributeOption === undefined || v.attributeOption === null ? '' : typeof v.attributeOption === 'string' ? v.attributeOption.trim() : String(v.attributeOption);
    if (aoRef !== '' && !DEFAULT_OPTION_REFS.has(aoRef)) {
      const id = element.attributeOptions?.get(aoRef);
      if (id === undefined) {
        const list = element.attributeOptions ? [...element.attributeOptions.keys()].join(', ') : '';
        this.conflict(
          index,
          'UNKNOWN_ATTRIBUTE_OPTION_COMBO',
          aoRef,
          v.value,
          list
            ? `Không có lựa chọn thuộc tính '${aoRef}' cho chỉ số '${element.row.code}' (attributeOptionCombo; có: ${list})`
            : `Không có lựa chọn thuộc tính '${aoRef}' (attributeOptionCombo): không chế độ báo cáo nào của chỉ số '${element.row.code}' khai báo phân tổ thuộc tính`,
          list
            ? `No attribute option '${aoRef}' for data element '${element.row.code}' (attributeOptionCombo; known: ${list})`
            : `No attribute option '${aoRef}' (attributeOptionCombo): no report regime of data element '${element.row.code}' declares an attribute disaggregation`,
          'attributeOptionCombo',
        );
        return;
      }
      attributeId = id;
    }
    const normalised: Normalised = this.options.importStrategy === 'DELETE' ? EMPTY : normaliseValue(element.row, v.value);
    if (normalised.kind === 'invalid') {
      this.conflict(index, normalised.code, v.value, v.value, `Giá trị ${normalised.vi}`, `Value ${normalised.en}`);
      return;
    }
    const comment = v.comment === undefined || v.comment === null ? null : String(v.comment);
    if (comment !== null && comment.length > MAX_COMMENT) {
      this.conflict(index, 'INVALID_VALUE', 'comment', v.value, `Ghi chú dài quá ${MAX_COMMENT} ký tự`, `Comment is longer than ${MAX_COMMENT} characters`);
      return;
    }
    const st = this.stage;
    if (st.n === st.index.length) growStage(st);
    const slot = st.n++;
    const unitRef = this.unitKey(v.orgUnit);
    let u = st.unitIndex.get(unitRef);
    if (u === undefined) {
      u = st.unitRefs.length;
      st.unitRefs.push(unitRef);
      st.unitIndex.set(unitRef, u);
    }
    let p = st.periodIndex.get(iso);
    if (p === undefined) {
      p = st.periods.length;
      st.periods.push(period);
      st.periodIndex.set(iso, p);
    }
    st.index[slot] = index;
    st.element[slot] = element.row.id;
    st.option[slot] = optionId;
    st.attribute[slot] = attributeId;
    st.unit[slot] = u;
    st.period[slot] = p;
    if (normalised.kind === 'empty') st.kind[slot] = KIND_EMPTY;
    else if (normalised.textValue !== null) {
      st.kind[slot] = KIND_TEXT;
      st.texts.set(slot, normalised.textValue);
    } else {
      st.kind[slot] = KIND_NUMBER;
      st.value[slot] = normalised.value ?? 0;
    }
    if (comment !== null) st.comments.set(slot, comment.trim() === '' ? '' : comment);
  }

  /** Checks the staged values against units, regimes, locks and approvals, then writes them. */
  async flush(): Promise<void> {
    const st = this.stage;
    this.stage = newStage(Math.max(64, Math.min(st.index.length, DEFAULT_BATCH_SIZE)));
    if (st.n === 0) return;
    await this.loadUnits(new Set(st.unitRefs));
    const missingIsos = st.periods.map((p) => p.id).filter((iso) => !this.periodIds.has(iso));
    if (missingIsos.length) for (const [iso, id] of await ensurePeriodIds(this.db, missingIsos)) this.periodIds.set(iso, id);
    const units = st.unitRefs.map((ref) => this.units.get(ref) ?? null);
    const periodIds = st.periods.map((p) => this.periodIds.get(p.id)!);
    // Conflicts found here quote the value as stored (a number normalised, a text trimmed).
    const rawOf = (slot: number) => (st.kind[slot] === KIND_NUMBER ? st.value[slot] : (st.texts.get(slot) ?? null));

    // First pass: the unit — known, in scope, open, reporting the element in a regime of this period type.
    const regimesOfSlot: (RegimeRow[] | null)[] = new Array(st.n).fill(null);
    const pairUnits: number[] = [];
    const pairPeriods: number[] = [];
    for (let slot = 0; slot < st.n; slot++) {
      const index = st.index[slot];
      const unit = units[st.unit[slot]];
      const period = st.periods[st.period[slot]];
      const iso = period.id;
      if (!unit) {
        const ref = st.unitRefs[st.unit[slot]];
        if (this.ambiguous.has(`unit:${ref}`)) {
          const name = ref.slice('name:'.length);
          this.conflict(
            index,
            'UNKNOWN_ORG_UNIT',
            name,
            rawOf(slot),
            `Tên '${name}' là tên của nhiều đơn vị; hãy gọi bằng mã hoặc UID`,
            `The name '${name}' belongs to several org units; name it by code or UID`,
          );
          continue;
        }
        this.conflict(index, 'UNKNOWN_ORG_UNIT', ref, rawOf(slot), `Không có đơn vị '${ref}'`, `Unknown org unit '${ref}'`);
        continue;
      }
      let allowed = this.writeAllowed.get(unit.id);
      if (allowed === undefined) this.writeAllowed.set(unit.id, (allowed = hasPermission(this.ctx.actor, 'data.write', unit.path)));
      if (!allowed) {
        this.conflict(
          index,
          'ORG_UNIT_OUT_OF_SCOPE',
          unit.code,
          rawOf(slot),
          `Không có quyền nhập số liệu cho đơn vị ${unitName(unit)} (ngoài phạm vi được giao)`,
          `Not allowed to write data for org unit ${unitName(unit)} (outside your scope)`,
        );
        continue;
      }
      if ((unit.openingDate !== null && unit.openingDate > period.endDate) || (unit.closingDate !== null && unit.closingDate < period.startDate)) {
        this.conflict(
          index,
          'ORG_UNIT_CLOSED',
          unit.code,
          rawOf(slot),
          `Đơn vị ${unitName(unit)} không hoạt động trong kỳ ${formatPeriod(iso, 'vi')} (${openWords(unit, 'vi')})`,
          `Org unit ${unitName(unit)} is not open in ${formatPeriod(iso, 'en')} (${openWords(unit, 'en')})`,
        );
        continue;
      }
      const element = this.elementsByRef.get(`id:${st.element[slot]}`)!;
      const inRegimes = this.regimesOf(unit.id, element);
      if (inRegimes.length === 0) {
        this.conflict(
          index,
          'ELEMENT_NOT_IN_REGIME',
          element.row.code,
          rawOf(slot),
          `Chỉ số '${element.row.nameVi}' (${element.row.code}) không thuộc chế độ báo cáo nào của đơn vị ${unitName(unit)}`,
          `Data element '${element.row.nameEn ?? element.row.nameVi}' (${element.row.code}) is not in any report regime of org unit ${unitName(unit)}`,
        );
        continue;
      }
      const regimes = inRegimes.length === 1 ? (inRegimes[0].periodType === period.type ? inRegimes : NONE) : inRegimes.filter((r) => r.periodType === period.type);
      if (regimes.length === 0) {
        const types = [...new Set(inRegimes.map((r) => PERIOD_TYPE_WORDS[r.periodType].en))].join(', ');
        const typesVi = [...new Set(inRegimes.map((r) => PERIOD_TYPE_WORDS[r.periodType].vi))].join(', ');
        this.conflict(
          index,
          'PERIOD_TYPE_MISMATCH',
          iso,
          rawOf(slot),
          `Kỳ ${formatPeriod(iso, 'vi')} (${iso}) không hợp với tần suất báo cáo của chỉ số '${element.row.nameVi}' (${typesVi})`,
          `${formatPeriod(iso, 'en')} (${iso}) does not match the reporting frequency of '${element.row.nameEn ?? element.row.nameVi}' (${types})`,
        );
        continue;
      }
      // The attribute option must be one of each regime's attribute disaggregation (none when the regime has none).
      const attributeId = st.attribute[slot];
      const misfit = regimes.length === 1 && regimes[0].attributeDisaggregationId === null && attributeId === 0 ? null : this.attributeMisfit(regimes, attributeId);
      if (misfit) {
        const ref = attributeId === 0 ? '' : (this.attributeRefs.get(attributeId) ?? String(attributeId));
        this.conflict(
          index,
          attributeId === 0 ? 'ATTRIBUTE_OPTION_COMBO_REQUIRED' : 'ATTRIBUTE_OPTION_COMBO_NOT_IN_REGIME',
          attributeId === 0 ? misfit.code : ref,
          rawOf(slot),
          attributeId === 0
            ? `Chế độ báo cáo '${misfit.code}' ghi số liệu theo phân tổ thuộc tính '${misfit.attributeDisaggregationCode}': cần chọn attributeOptionCombo cho chỉ số '${element.row.code}'`
            : misfit.attributeDisaggregationId === null
              ? `Chế độ báo cáo '${misfit.code}' không có phân tổ thuộc tính; không nhận lựa chọn thuộc tính '${ref}'`
              : `Lựa chọn thuộc tính '${ref}' không thuộc phân tổ thuộc tính '${misfit.attributeDisaggregationCode}' của chế độ báo cáo '${misfit.code}'`,
          attributeId === 0
            ? `Report regime '${misfit.code}' keeps values per attribute disaggregation '${misfit.attributeDisaggregationCode}': data element '${element.row.code}' needs an attributeOptionCombo`
            : misfit.attributeDisaggregationId === null
              ? `Report regime '${misfit.code}' has no attribute disaggregation; attribute option '${ref}' is not accepted`
              : `Attribute option '${ref}' is not an option of attribute disaggregation '${misfit.attributeDisaggregationCode}' of report regime '${misfit.code}'`,
          'attributeOptionCombo',
        );
        continue;
      }
      regimesOfSlot[slot] = regimes;
      const periodId = periodIds[st.period[slot]];
      const pairKey = unit.id * PERIOD_SPAN + periodId;
      if (!this.loadedPairs.has(pairKey)) {
        this.loadedPairs.add(pairKey);
        pairUnits.push(unit.id);
        pairPeriods.push(periodId);
      }
    }
    for (const s of await selectStatusesForPairs(this.db, pairUnits, pairPeriods)) {
      const list = this.statusesByUnit.get(s.orgUnitId);
      if (list) list.push(s);
      else this.statusesByUnit.set(s.orgUnitId, [s]);
    }

    // Second pass: locks and approvals; the last value for a key wins within the batch.
    const upserts = new Map<string, number>();
    const deletes = new Map<string, number>();
    for (let slot = 0; slot < st.n; slot++) {
      const regimes = regimesOfSlot[slot];
      if (regimes === null) continue;
      const unit = units[st.unit[slot]]!;
      const period = st.periods[st.period[slot]];
      const periodId = periodIds[st.period[slot]];
      let block: BlockReason | null = null;
      for (const r of regimes) {
        block = this.blockOf(r, period, periodId, unit.id);
        if (block) break;
      }
      if (block) {
        this.conflict(st.index[slot], block.code, period.id, rawOf(slot), block.messageVi, block.messageEn);
        continue;
      }
      const elementId = st.element[slot];
      const key = `${elementId}:${periodId}:${unit.id}:${st.option[slot]}:${st.attribute[slot]}`;
      if (upserts.delete(key) || deletes.delete(key)) this.counts.ignored += 1;
      let touched = this.touchedByUnit.get(unit.id);
      if (!touched) this.touchedByUnit.set(unit.id, (touched = new Set()));
      for (const r of regimes) touched.add(r.id * PERIOD_SPAN + periodId);
      this.affected.elementIds.add(elementId);
      this.affected.orgUnitIds.add(unit.id);
      this.affected.periodIds.add(periodId);
      (st.kind[slot] === KIND_EMPTY ? deletes : upserts).set(key, slot);
    }
    // An all-or-nothing request that already failed only goes on to list the rest of its conflicts.
    if (this.options.atomic && this.conflictCount > 0) {
      this.counts.ignored += upserts.size + deletes.size;
      return;
    }
    const rowOf = (slot: number): repo.ValueRow => ({
      dataElementId: st.element[slot],
      periodId: periodIds[st.period[slot]],
      orgUnitId: units[st.unit[slot]]!.id,
      optionId: st.option[slot],
      attributeOptionId: st.attribute[slot],
      value: st.kind[slot] === KIND_NUMBER ? st.value[slot] : null,
      textValue: st.kind[slot] === KIND_TEXT ? st.texts.get(slot)! : null,
      comment: st.comments.get(slot) ?? null,
    });
    const slots = Int32Array.from(upserts.values());
    upserts.clear();
    // One row object, refilled for each slot: a 10,000-value batch allocates no object per row.
    const row: repo.ValueRow = { dataElementId: 0, periodId: 0, orgUnitId: 0, optionId: 0, attributeOptionId: 0, value: null, textValue: null, comment: null };
    const rows: repo.ValueBatch = {
      length: slots.length,
      at: (i) => {
        const slot = slots[i];
        row.dataElementId = st.element[slot];
        row.periodId = periodIds[st.period[slot]];
        row.orgUnitId = units[st.unit[slot]]!.id;
        row.optionId = st.option[slot];
        row.attributeOptionId = st.attribute[slot];
        row.value = st.kind[slot] === KIND_NUMBER ? st.value[slot] : null;
        row.textValue = st.kind[slot] === KIND_TEXT ? st.texts.get(slot)! : null;
        row.comment = st.comments.get(slot) ?? null;
        return row;
      },
    };
    const strategy = this.options.importStrategy;
    const { inserted, updated } = await repo.upsertValues(this.db, rows, this.meta, strategy === 'CREATE' ? 'create' : strategy === 'UPDATE' ? 'update' : 'both');
    this.counts.imported += inserted;
    this.counts.updated += updated;
    this.counts.ignored += rows.length - inserted - updated;
    // CREATE only adds: an empty value there deletes nothing (DHIS2 ignores it too).
    const deleted = strategy === 'CREATE' ? 0 : await repo.deleteValues(this.db, [...deletes.values()].map(rowOf), this.meta);
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
  hooks: {
    /** Runs first in the transaction, before anything is read or written (e.g. a claim that lives and dies with it). */
    begin?: (tx: Db) => Promise<void>;
    beforeCommit?: (tx: Db, summary: ImportSummary, writer: DataValueWriter) => Promise<void>;
    /** More to record in the import's audit entry (what the sender claimed about the values, say). */
    auditExtra?: () => Record<string, unknown> | null;
  } = {},
): Promise<ImportRun> {
  try {
    let written: DataValueWriter | null = null;
    const summary = await ctx.db.transaction(async (tx) => {
      await hooks.begin?.(tx);
      const writer = (written = await DataValueWriter.open(ctx, tx, options));
      await feed(writer);
      const s = writer.summary();
      if (s.dryRun || (s.atomic && s.conflictCount > 0)) throw new Rollback(s);
      await recordAudit(tx, ctx.actor, {
        action: 'dataValues.write',
        objectType: 'data_value_set',
        after: { source: options.source, imported: s.imported, updated: s.updated, deleted: s.deleted, ignored: s.ignored, conflicts: s.conflictCount, atomic: s.atomic, ...hooks.auditExtra?.() },
      });
      await hooks.beforeCommit?.(tx, s, writer);
      return s;
    });
    // Early warning sees the new values right after commit; it never delays or fails the write.
    const affected = (written as DataValueWriter | null)?.affected;
    if (affected && affected.elementIds.size > 0) {
      void evaluateAlertsForValues(ctx, { elementIds: [...affected.elementIds], orgUnitIds: [...affected.orgUnitIds], periodIds: [...affected.periodIds] }).catch((err) =>
        ctx.log.error({ err }, 'alert evaluation after write failed'),
      );
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
