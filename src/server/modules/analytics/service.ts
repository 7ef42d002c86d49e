/**
 * Live analytics in DHIS2's shape. Every query reads data_value itself, so a value accepted by any
 * way in is in the next answer. Each reference of a formula is aggregated by its own data element's
 * aggregation type over the requested units and periods (see src/core/aggregation.ts), and only then
 * are numerator and denominator divided.
 */
import type { ServiceContext } from '../../http/context.ts';
import type { Db } from '../../db/db.ts';
import { hasPermission, permittedPaths, type Actor } from '../../access.ts';
import { AppError, type CodeWithStatus, badRequest, forbidden, unauthenticated } from '../../http/errors.ts';
import {
  isRelativePeriod,
  resolveRelativePeriod,
  tryParsePeriod,
  formatPeriod,
  formatAnyPeriod,
  periodSpan,
  periodsBetween,
  comparePeriods,
  vietnamDate,
  type PeriodType,
} from '../../../core/periods.ts';

/** A period of the pe dimension: one of the product's, any other DHIS2 period (202301B, 2023Oct…) or a date range. */
type Period = { id: string; startDate: string; endDate: string };
import { evaluateExpression, listReferences, parseExpression, toReferenceKey, type Expr, type Reference } from '../../../core/expression.ts';
import { aggregateValues, explainIndicator } from '../../../core/aggregation.ts';
import { toAggregationType } from '../../../core/aggregation-types.ts';
import { formatNumber } from '../../../core/vietnamese.ts';
import type { IndicatorRow } from '../indicators/repo.ts';
import * as repo from './repo.ts';
import { answerInUids, translateUids } from './uids.ts';
import { databaseLookups, type Lookups } from './lookups.ts';
import type { z } from 'zod';
import {
  MIN_STATUS,
  type AnalyticsQuery,
  type DataStatus,
  type analyticsDataValueSetSchema,
  type analyticsGridSchema,
  type coverageSchema,
  type explanationSchema,
  type lineageNoteSchema,
} from './schema.ts';

type DimensionName = 'dx' | 'pe' | 'ou' | 'co';

export interface ParsedDimensions {
  dimensions: { name: DimensionName; items: string[] }[];
  filters: { name: DimensionName; items: string[] }[];
}

function invalid(code: CodeWithStatus<400>, item: string, vi: string, en: string, dhis2Code?: string): AppError {
  const err = badRequest(code, vi, en, [{ path: item, messageVi: vi, messageEn: en }]);
  return dhis2Code ? err.withDhis2Code(dhis2Code) : err;
}

const asList = (v: string | string[] | undefined): string[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

/**
 * Splits `dimension=dx:A;B` parameters; a malformed one is named in the 400. `dimension=co` (no items) asks for the
 * data elements' disaggregation options as a dimension; startDate and endDate stand in for the pe dimension.
 */
export function parseDimensionParams(query: Pick<AnalyticsQuery, 'dimension' | 'filter'> & { startDate?: string; endDate?: string }): ParsedDimensions {
  // Where each dimension was given: DHIS2 tells "as dimension and filter" (E7103) from "twice" (E7111).
  const seen = new Map<string, 'dimension' | 'filter'>();
  const parse = (raw: string, param: 'dimension' | 'filter') => {
    const trimmed = raw.trim();
    if (trimmed === 'co' || trimmed.startsWith('co:')) {
      // DHIS2 refuses category option combos as a filter (E7110): so does the product.
      if (param === 'filter') {
        throw invalid('INVALID_DIMENSION', `${param}=${raw}`, 'Chiều co (phân tổ của chỉ tiêu) không dùng làm bộ lọc', 'The co dimension (disaggregation options) cannot be a filter', 'E7110');
      }
      if (seen.has('co')) throw invalid('DUPLICATE_DIMENSION', `${param}=${raw}`, `Chiều 'co' được nêu hai lần`, `Dimension 'co' is given twice`, 'E7111');
      seen.set('co', param);
      // co:<items>: only these options (codes or UIDs; 'default' for elements without disaggregation).
      const items =
        trimmed === 'co'
          ? []
          : trimmed
              .slice(3)
              .split(';')
              .map((s) => s.trim());
      if (trimmed !== 'co' && items.some((s) => s === '')) {
        throw invalid('INVALID_DIMENSION', `${param}=${raw}`, `Tham số ${param} '${raw}' có mục rỗng`, `${param} '${raw}' has an empty item`, 'E7124');
      }
      return { name: 'co' as const, items: [...new Set(items)] };
    }
    const match = /^(dx|pe|ou):(.+)$/.exec(trimmed);
    if (!match) {
      // A known dimension without items has no valid options (E7124); anything else names no dimension (E7125).
      throw invalid(
        'INVALID_DIMENSION',
        `${param}=${raw}`,
        `Tham số ${param} '${raw}' không hợp lệ: cần dạng dx:…, pe:… hoặc ou:… với các mục cách nhau bởi ';'`,
        `Malformed ${param} '${raw}': expected dx:…, pe:… or ou:… with items separated by ';'`,
        /^(dx|pe|ou):?$/.test(trimmed) ? 'E7124' : 'E7125',
      );
    }
    const name = match[1] as DimensionName;
    const before = seen.get(name);
    if (before) {
      throw invalid('DUPLICATE_DIMENSION', `${param}=${raw}`, `Chiều '${name}' được nêu hai lần`, `Dimension '${name}' is given twice`, before === param ? 'E7111' : 'E7103');
    }
    seen.set(name, param);
    const items = match[2].split(';').map((s) => s.trim());
    if (items.some((s) => s === '')) {
      throw invalid('INVALID_DIMENSION', `${param}=${raw}`, `Tham số ${param} '${raw}' có mục rỗng`, `${param} '${raw}' has an empty item`, 'E7124');
    }
    return { name, items: [...new Set(items)] };
  };
  const dimensions = asList(query.dimension).map((d) => parse(d, 'dimension'));
  const filters = asList(query.filter).map((f) => parse(f, 'filter'));
  const dateRange = query.startDate !== undefined || query.endDate !== undefined;
  if (dateRange && seen.has('pe')) {
    throw invalid('INVALID_DIMENSION', 'querystring.startDate', 'Không dùng đồng thời chiều kỳ (pe) và startDate/endDate', 'Periods (pe) and startDate/endDate cannot be given together', 'E7105');
  }
  if (dateRange && (query.startDate === undefined || query.endDate === undefined)) {
    const missing = query.startDate === undefined ? 'startDate' : 'endDate';
    throw invalid('MISSING_DIMENSION', `querystring.${missing}`, `Thiếu ${missing}: startDate và endDate đi cùng nhau`, `${missing} is missing: startDate and endDate go together`, 'E7104');
  }
  for (const required of ['dx', 'pe', 'ou'] as const) {
    if (required === 'pe' && dateRange) continue;
    if (!seen.has(required)) {
      throw invalid(
        'MISSING_DIMENSION',
        required,
        `Thiếu chiều '${required}' (trong dimension hoặc filter)`,
        `Dimension '${required}' is missing (as dimension or filter)`,
        required === 'dx' ? 'E7102' : required === 'pe' ? 'E7104' : 'E7124',
      );
    }
  }
  const dxFilter = filters.find((f) => f.name === 'dx');
  if (dxFilter && dxFilter.items.length > 1) {
    throw invalid('INVALID_DIMENSION', 'filter=dx', 'Bộ lọc dx chỉ nhận một mục', 'A dx filter takes one item', 'E7108');
  }
  return { dimensions, filters };
}

// ---------------------------------------------------------------------------------------------
// dx

interface ElementRefItem {
  kind: 'ELEMENT';
  id: string;
  element: repo.ElementRow;
  option: repo.OptionRow | null;
}
interface IndicatorItem {
  kind: 'INDICATOR';
  id: string;
  indicator: IndicatorRow;
  numerator: Expr;
  denominator: Expr;
}
/** DHIS2's reporting rate metrics of a data set (here a report regime): DS.REPORTING_RATE and its siblings. */
export const RATE_METRICS = ['REPORTING_RATE', 'REPORTING_RATE_ON_TIME', 'ACTUAL_REPORTS', 'ACTUAL_REPORTS_ON_TIME', 'EXPECTED_REPORTS'] as const;
type RateMetric = (typeof RATE_METRICS)[number];
const RATE_ITEM = new RegExp(`^(.+)\\.(${RATE_METRICS.join('|')})$`);
interface RateItem {
  kind: 'RATE';
  id: string;
  regime: repo.RegimeRow;
  metric: RateMetric;
}
type DxItem = ElementRefItem | IndicatorItem | RateItem;

interface DxContext {
  items: DxItem[];
  elementsByCode: Map<string, repo.ElementRow>;
  optionsByKey: Map<string, repo.OptionRow>;
}

/** dx items by code (UIDs were read before); `db` given, DS.REPORTING_RATE-style items of report regimes too. */
async function resolveDx(lookups: Lookups, requested: readonly string[], db?: Db): Promise<DxContext> {
  const indicatorIds = requested.filter((r) => /^id:\d+$/.test(r)).map((r) => Number(r.slice(3)));
  const [byCode, byId] = await Promise.all([lookups.indicatorsByCodes(requested), lookups.indicatorsByIds(indicatorIds)]);
  const indicators = new Map<string, IndicatorRow>();
  for (const i of byCode) indicators.set(i.code, i);
  for (const i of byId) indicators.set(`id:${i.id}`, i);

  const parsed = new Map<string, { numerator: Expr; denominator: Expr }>();
  const elementCodes = new Set<string>();
  for (const r of requested) {
    const ind = indicators.get(r);
    if (ind) {
      const numerator = parseExpression(ind.numerator);
      const denominator = parseExpression(ind.denominator);
      parsed.set(r, { numerator, denominator });
      for (const ref of [...listReferences(numerator), ...listReferences(denominator)]) elementCodes.add(ref.code);
    } else {
      elementCodes.add(r.split('.')[0]);
    }
  }
  const rateRegimes = db ? requested.flatMap((r) => (RATE_ITEM.test(r) ? [RATE_ITEM.exec(r)![1]] : [])) : [];
  const [elements, options, regimes] = await Promise.all([
    lookups.elementsByCodes([...elementCodes]),
    lookups.optionsOfElementCodes([...elementCodes]),
    db && rateRegimes.length > 0 ? repo.findRegimesByCodes(db, rateRegimes) : Promise.resolve([]),
  ]);
  const regimesByCode = new Map(regimes.map((g) => [g.code, g]));
  const elementsByCode = new Map(elements.map((e) => [e.code, e]));
  const optionsByKey = new Map(options.map((o) => [`${o.elementCode}.${o.code}`, o]));

  const items: DxItem[] = [];
  const unknown: string[] = [];
  for (const r of requested) {
    if (r.startsWith('DE_GROUP-')) {
      throw invalid(
        'INVALID_DIMENSION',
        `dx:${r}`,
        `Không có nhóm chỉ tiêu (DE_GROUP-…): sản phẩm không có nhóm chỉ tiêu; hãy nêu từng chỉ tiêu trong dx`,
        `There are no data element groups (DE_GROUP-…) in this product; name each data element in dx`,
        'E7124',
      );
    }
    const ind = indicators.get(r);
    const formulas = parsed.get(r);
    if (ind && formulas) {
      items.push({ kind: 'INDICATOR', id: r, indicator: ind, ...formulas });
      continue;
    }
    const [code, optionCode, extra] = r.split('.');
    const element = elementsByCode.get(code);
    const rate = RATE_ITEM.exec(r);
    if (rate && regimesByCode.has(rate[1]) && !(element && optionsByKey.has(`${code}.${optionCode}`))) {
      items.push({ kind: 'RATE', id: r, regime: regimesByCode.get(rate[1])!, metric: rate[2] as RateMetric });
      continue;
    }
    // DHIS2's ELEMENT.*: every option of the element, each an item of its own (ELEMENT.OPTION).
    const wildcard = optionCode === '*';
    const option = optionCode === undefined || wildcard ? null : (optionsByKey.get(`${code}.${optionCode}`) ?? null);
    if (!element || extra !== undefined || (optionCode !== undefined && !wildcard && !option)) {
      unknown.push(r);
      continue;
    }
    if (element.valueType === 'TEXT') {
      throw invalid('NOT_NUMERIC', r, `Chỉ số '${r}' là văn bản, không tổng hợp được`, `Data element '${r}' holds text and cannot be aggregated`, 'E7115');
    }
    if (wildcard) {
      const all = options.filter((o) => o.elementCode === code);
      if (all.length === 0) {
        throw invalid(
          'INVALID_DIMENSION',
          `dx:${r}`,
          `Chỉ tiêu '${code}' không có phân tổ nên không dùng được '${r}'; dùng dx:${code}`,
          `Data element '${code}' has no disaggregation, so '${r}' names nothing; use dx:${code}`,
          'E7124',
        );
      }
      for (const o of all) items.push({ kind: 'ELEMENT', id: `${code}.${o.code}`, element, option: o });
      continue;
    }
    items.push({ kind: 'ELEMENT', id: r, element, option });
  }
  if (unknown.length > 0) {
    const list = unknown.join(', ');
    throw badRequest(
      'UNKNOWN_DX',
      `Không có chỉ tiêu hoặc chỉ số: ${list}`,
      `Unknown indicator or data element: ${list}`,
      unknown.map((u) => ({ path: `dx:${u}`, messageVi: `Không có chỉ tiêu hoặc chỉ số '${u}'`, messageEn: `Unknown indicator or data element '${u}'` })),
    ).withDhis2Code('E7124');
  }
  // An item named twice (ELEMENT.* beside one of its options) is answered once.
  const seen = new Set<string>();
  return { items: items.filter((i) => !seen.has(i.id) && seen.add(i.id)), elementsByCode, optionsByKey };
}

/** The id DHIS2 gives the disaggregation of a value that has none (its default category option combo). */
export const DEFAULT_CO = 'default';

/**
 * dimension=co: each data element of dx becomes one item per option of its disaggregation (an element without
 * one: a single item, the whole element, under co 'default'). Indicators and ELEMENT.OPTION items have no co.
 * With items (co:A;B, option codes after UIDs were read), only those options; an item that is no option of any
 * element of dx (nor 'default') is refused naming it (E7124).
 */
function expandCo(dx: DxContext, chosen: readonly string[] = []): DxContext {
  const items: DxItem[] = [];
  for (const item of dx.items) {
    if (item.kind !== 'ELEMENT' || item.option) {
      throw invalid(
        'INVALID_DIMENSION',
        `dx:${item.id}`,
        `Chiều co chỉ đi với chỉ tiêu (không với chỉ số hay CHỈ_TIÊU.PHÂN_TỔ): '${item.id}'`,
        `The co dimension goes with data elements only (not indicators or ELEMENT.OPTION items): '${item.id}'`,
        'E7114',
      );
    }
    const options = [...dx.optionsByKey.values()].filter((o) => o.elementCode === item.element.code);
    if (options.length === 0) items.push(item);
    for (const option of options) items.push({ kind: 'ELEMENT', id: `${item.element.code}.${option.code}`, element: item.element, option });
  }
  if (chosen.length === 0) return { ...dx, items };
  const coOf = (i: DxItem) => (i.kind === 'ELEMENT' && i.option ? i.option.code : DEFAULT_CO);
  const unknown = chosen.filter((c) => !items.some((i) => coOf(i) === c));
  if (unknown.length > 0) {
    const list = unknown.join(', ');
    throw badRequest(
      'INVALID_DIMENSION',
      `Không có phân tổ ${list} ở các chỉ tiêu của dx`,
      `No disaggregation option ${list} among the data elements of dx`,
      unknown.map((u) => ({ path: `co:${u}`, messageVi: `Không có phân tổ '${u}' ở các chỉ tiêu của dx`, messageEn: `No disaggregation option '${u}' among the data elements of dx` })),
    ).withDhis2Code('E7124');
  }
  return { ...dx, items: items.filter((i) => chosen.includes(coOf(i))) };
}

// ---------------------------------------------------------------------------------------------
// pe

function resolvePe(requested: readonly string[], today: string): Period[] {
  const out: Period[] = [];
  const seen = new Set<string>();
  const bad: string[] = [];
  for (const r of requested) {
    const ids = isRelativePeriod(r) ? resolveRelativePeriod(r, today) : [r];
    for (const id of ids) {
      // The product's own periods and DHIS2's other types alike: a period is the days it spans.
      const p = periodSpan(id);
      if (!p) {
        bad.push(r);
        continue;
      }
      if (!seen.has(p.id)) {
        seen.add(p.id);
        out.push(p);
      }
    }
  }
  if (bad.length > 0) {
    const list = bad.join(', ');
    throw badRequest(
      'UNKNOWN_PERIOD',
      `Kỳ không hợp lệ: ${list}`,
      `Invalid period: ${list}`,
      bad.map((b) => ({
        path: `pe:${b}`,
        messageVi: `Kỳ '${b}' không hợp lệ (ví dụ hợp lệ: 2023, 2023Q1, 202301, LAST_12_MONTHS)`,
        messageEn: `Invalid period '${b}' (valid examples: 2023, 2023Q1, 202301, LAST_12_MONTHS)`,
      })),
    ).withDhis2Code('E7124');
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// ou

async function userOrgUnits(lookups: Lookups, actor: Actor): Promise<repo.UnitRow[]> {
  const allowed = permittedPaths(actor, 'data.read');
  if (allowed === 'ALL') return lookups.rootUnits();
  const ids = allowed.map((p) => Number(p.split('/').filter(Boolean).at(-1)));
  return lookups.unitsByCodesOrIds([], ids);
}

async function resolveOu(db: Db, lookups: Lookups, actor: Actor, requested: readonly string[], today: string): Promise<repo.UnitRow[]> {
  const plain: string[] = [];
  const modifiers: { item: string; level: number | 'CHILDREN' | { group: string } }[] = [];
  let wantsUser = false;
  for (const r of requested) {
    const level = /^LEVEL-(\d{1,2})$/.exec(r);
    const group = /^OU_GROUP-(.+)$/.exec(r);
    if (level) modifiers.push({ item: r, level: Number(level[1]) });
    else if (group) modifiers.push({ item: r, level: { group: group[1] } });
    else if (r === 'CHILDREN' || r === 'USER_ORGUNIT_CHILDREN') {
      modifiers.push({ item: r, level: 'CHILDREN' });
      if (r === 'USER_ORGUNIT_CHILDREN') wantsUser = true;
    } else if (r === 'USER_ORGUNIT') wantsUser = true;
    else plain.push(r);
  }
  const ids = plain.filter((p) => /^id:\d+$/.test(p)).map((p) => Number(p.slice(3)));
  const found = await lookups.unitsByCodesOrIds(plain, ids);
  const unknown = plain.filter((p) => !found.some((u) => u.code === p || `id:${u.id}` === p));
  if (unknown.length > 0) {
    const list = unknown.join(', ');
    throw badRequest(
      'UNKNOWN_ORG_UNIT',
      `Không có đơn vị: ${list}`,
      `Unknown org unit: ${list}`,
      unknown.map((u) => ({ path: `ou:${u}`, messageVi: `Không có đơn vị '${u}'`, messageEn: `Unknown org unit '${u}'` })),
    ).withDhis2Code('E7124');
  }
  const boundaries = [...found];
  if (wantsUser || (boundaries.length === 0 && modifiers.length > 0)) boundaries.push(...(await userOrgUnits(lookups, actor)));
  // Access is checked on what was asked for: LEVEL-n and CHILDREN stay inside their boundaries.
  for (const unit of boundaries) assertCanRead(actor, unit);
  if (modifiers.length === 0) return dedupeUnits(boundaries);
  // DHIS2's OU_GROUP-<group>: the group's members (open today) inside the boundaries.
  const groupRefs = modifiers.flatMap((m) => (typeof m.level === 'object' ? [m.level.group] : []));
  const groups = new Map((await repo.findGroupMembers(db, groupRefs, today)).map((g) => [g.ref, g.units]));
  const unknownGroups = groupRefs.filter((g) => !groups.has(g));
  if (unknownGroups.length > 0) {
    const list = unknownGroups.join(', ');
    throw badRequest(
      'UNKNOWN_ORG_UNIT',
      `Không có nhóm đơn vị: ${list}`,
      `Unknown org unit group: ${list}`,
      unknownGroups.map((g) => ({ path: `ou:OU_GROUP-${g}`, messageVi: `Không có nhóm đơn vị '${g}'`, messageEn: `Unknown org unit group '${g}'` })),
    ).withDhis2Code('E7124');
  }
  const result: repo.UnitRow[] = [];
  for (const m of modifiers) {
    if (typeof m.level === 'object') {
      result.push(...(groups.get(m.level.group) ?? []).filter((u) => boundaries.some((b) => u.path.startsWith(b.path))));
      continue;
    }
    const units = await lookups.descendantUnits(
      boundaries.map((b) => b.path),
      m.level,
      today,
    );
    if (typeof m.level === 'number' && boundaries.every((b) => b.level > (m.level as number))) {
      throw invalid('INVALID_LEVEL', `ou:${m.item}`, `Cấp ${m.level} nằm trên các đơn vị đã chọn`, `Level ${m.level} is above the selected org units`, 'E7124');
    }
    result.push(...units);
  }
  return dedupeUnits(result);
}

function dedupeUnits(units: repo.UnitRow[]): repo.UnitRow[] {
  const seen = new Set<number>();
  return units.filter((u) => (seen.has(u.id) ? false : (seen.add(u.id), true)));
}

function assertCanRead(actor: Actor, unit: repo.UnitRow): void {
  if (hasPermission(actor, 'data.read', unit.path)) return;
  if (actor.kind === 'anonymous') throw unauthenticated();
  throw forbidden(`Bạn không có quyền xem số liệu của đơn vị '${unit.code}' (${unit.nameVi})`, `You may not read data of org unit '${unit.code}' (${unit.nameVi})`);
}

// ---------------------------------------------------------------------------------------------
// Lineage

interface Predecessor {
  id: number;
  code: string;
  name: string;
  path: string;
  /** Periods ending before this date include the predecessor's subtree. */
  beforeDate: string;
}

/** All units merged (directly or through a chain) into each successor, with the date the merge took effect. */
function buildPredecessors(rows: readonly repo.LineageRow[]): Map<number, Predecessor[]> {
  const direct = new Map<number, repo.LineageRow[]>();
  for (const row of rows) {
    const list = direct.get(row.successorId) ?? [];
    list.push(row);
    direct.set(row.successorId, list);
  }
  const memo = new Map<number, Predecessor[]>();
  const walk = (id: number, depth: number): Predecessor[] => {
    const cached = memo.get(id);
    if (cached) return cached;
    const out: Predecessor[] = [];
    if (depth < 20) {
      for (const row of direct.get(id) ?? []) {
        out.push({ id: row.predecessorId, code: row.predecessorCode, name: row.predecessorName, path: row.predecessorPath, beforeDate: row.effectiveDate });
        // A predecessor's own predecessors count only for periods before both merges.
        for (const p of walk(row.predecessorId, depth + 1)) {
          out.push({ ...p, beforeDate: p.beforeDate < row.effectiveDate ? p.beforeDate : row.effectiveDate });
        }
      }
    }
    memo.set(id, out);
    return out;
  };
  const result = new Map<number, Predecessor[]>();
  for (const id of direct.keys()) result.set(id, walk(id, 0));
  return result;
}

// ---------------------------------------------------------------------------------------------
// Computing cells

interface PeriodGroup {
  key: string;
  periods: Period[];
}
interface UnitGroup {
  key: string;
  unit: repo.UnitRow | null;
  specs: repo.UnitSpec[];
}

interface Plan {
  refs: repo.RefSpec[];
  refIndex: Map<string, number>;
}

function planReferences(dx: DxContext): Plan {
  const refs: repo.RefSpec[] = [];
  const refIndex = new Map<string, number>();
  const add = (ref: Reference) => {
    const key = toReferenceKey(ref);
    if (refIndex.has(key)) return;
    const element = dx.elementsByCode.get(ref.code);
    if (!element) return;
    const option = ref.option === undefined ? null : dx.optionsByKey.get(`${ref.code}.${ref.option}`);
    if (option === undefined) return;
    const index = refs.length;
    refs.push({ index, elementId: element.id, optionId: option?.id ?? null, aggregationType: toAggregationType(element.aggregationType) });
    refIndex.set(key, index);
  };
  for (const item of dx.items) {
    if (item.kind === 'ELEMENT') add(item.option ? { code: item.element.code, option: item.option.code } : { code: item.element.code });
    else if (item.kind === 'INDICATOR') for (const ref of [...listReferences(item.numerator), ...listReferences(item.denominator)]) add(ref);
  }
  return { refs, refIndex };
}

async function storedPeriodSpecs(lookups: Lookups, groups: readonly PeriodGroup[]): Promise<repo.PeriodSpec[]> {
  const all = groups.flatMap((g) => g.periods);
  if (all.length === 0) return [];
  const from = all.reduce((a, p) => (p.startDate < a ? p.startDate : a), all[0].startDate);
  const to = all.reduce((a, p) => (p.endDate > a ? p.endDate : a), all[0].endDate);
  const stored = await lookups.storedPeriods(from, to);
  const specs: repo.PeriodSpec[] = [];
  groups.forEach((g, group) => {
    const seen = new Set<number>();
    for (const p of g.periods) {
      for (const s of stored) {
        if (s.startDate >= p.startDate && s.endDate <= p.endDate && !seen.has(s.id)) {
          seen.add(s.id);
          specs.push({ periodId: s.id, group, startDate: s.startDate, endDate: s.endDate });
        }
      }
    }
  });
  return specs;
}

type LineageNote = z.output<typeof lineageNoteSchema>;

function unitGroupsOf(units: readonly repo.UnitRow[], asOne: boolean, predecessors: Map<number, Predecessor[]>, earliestStart: string): { groups: UnitGroup[]; lineage: LineageNote[] } {
  const lineage: LineageNote[] = [];
  const specsOf = (u: repo.UnitRow): repo.UnitSpec[] => {
    const specs: repo.UnitSpec[] = [{ group: 0, prefix: u.path, beforeDate: null }];
    // Only merges with a requested period starting before them matter; the SQL then keeps a
    // predecessor's value only when its own stored period ended before the merge.
    const preds = (predecessors.get(u.id) ?? []).filter((p) => earliestStart < p.beforeDate);
    if (preds.length > 0) {
      lineage.push({ ou: u.code, predecessors: preds.map((p) => ({ id: p.id, code: p.code, name: p.name, before: p.beforeDate })) });
      for (const p of preds) specs.push({ group: 0, prefix: p.path, beforeDate: p.beforeDate });
    }
    return specs;
  };
  if (asOne) {
    return { groups: [{ key: units.map((u) => u.code).join(';'), unit: null, specs: units.flatMap(specsOf) }], lineage };
  }
  return { groups: units.map((u) => ({ key: u.code, unit: u, specs: specsOf(u) })), lineage };
}

function round(value: number, decimals: number): number {
  const f = 10 ** decimals;
  return Math.round((value + Number.EPSILON * Math.sign(value)) * f) / f;
}

/** A value as analytics prints it: plain digits, up to 12 significant ones (no binary noise). */
export function formatValue(value: number): string {
  return String(Number(value.toPrecision(12)));
}

/** The analytics grid (headers, metaData, rows), DHIS2's shape: its schema is the route's response schema. */
export type AnalyticsResponse = z.output<typeof analyticsGridSchema>;

interface CellValue {
  dx: DxItem;
  /** Index of the dx item. */
  di: number;
  pg: number;
  og: number;
  value: number;
}

/**
 * Where an analytics request looks metadata up: the process's snapshot for the figure_version the request
 * read (no query at all), or the database itself when there is no cache (other modules' calls, the replica).
 */
async function lookupsOf(ctx: Pick<ServiceContext, 'db' | 'analyticsCache' | 'figureVersion'>): Promise<Lookups> {
  if (ctx.analyticsCache && ctx.figureVersion !== undefined) return ctx.analyticsCache.snapshot(ctx.db, ctx.figureVersion);
  return databaseLookups(ctx.db);
}

const USER_UNIT_KEYWORDS = new Set(['USER_ORGUNIT', 'USER_ORGUNIT_CHILDREN']);

const UNIT_WORDS: Record<string, [string, string, string]> = {
  DAYS: ['ngày', 'days', 'day'],
  WEEKS: ['tuần', 'weeks', 'week'],
  MONTHS: ['tháng', 'months', 'month'],
  QUARTERS: ['quý', 'quarters', 'quarter'],
  YEARS: ['năm', 'years', 'year'],
  SIXMONTHS: ['nửa năm', 'six-months', 'six-month'],
  SIX_MONTH: ['nửa năm', 'six-months', 'six-month'],
  BIMONTHS: ['kỳ hai tháng', 'bi-months', 'bi-month'],
  BIWEEKS: ['kỳ hai tuần', 'bi-weeks', 'bi-week'],
  FINANCIAL_YEARS: ['năm tài chính', 'financial years', 'financial year'],
};
const OF_YEAR: Record<string, [string, string]> = { MONTHS: ['tháng', 'Months'], QUARTERS: ['quý', 'Quarters'], WEEKS: ['tuần', 'Weeks'], BIMONTHS: ['kỳ hai tháng', 'Bi-months'] };

/** The display name of a relative period or user org unit keyword ("12 tháng gần nhất" / "Last 12 months"). */
export function keywordName(keyword: string, lang: 'vi' | 'en'): string {
  const en = lang === 'en';
  if (keyword === 'USER_ORGUNIT') return en ? 'User organisation unit' : 'Đơn vị của người dùng';
  if (keyword === 'USER_ORGUNIT_CHILDREN') return en ? 'User sub-units' : 'Đơn vị trực thuộc của người dùng';
  if (keyword === 'TODAY') return en ? 'Today' : 'Hôm nay';
  if (keyword === 'YESTERDAY') return en ? 'Yesterday' : 'Hôm qua';
  if (keyword === 'THIS_YEAR') return en ? 'This year' : 'Năm nay';
  const last = /^LAST_(\d+)_(\w+)$/.exec(keyword);
  if (last && UNIT_WORDS[last[2]]) return en ? `Last ${last[1]} ${UNIT_WORDS[last[2]][1]}` : `${last[1]} ${UNIT_WORDS[last[2]][0]} gần nhất`;
  const single = /^(THIS|LAST)_(\w+)$/.exec(keyword);
  const unit = single && (UNIT_WORDS[`${single[2]}S`] ?? UNIT_WORDS[single[2]]);
  if (single && unit) {
    const name = single[2] === 'SIX_MONTH' ? ['nửa năm', 'six-month'] : [unit[0], unit[2]];
    return en ? `${single[1] === 'THIS' ? 'This' : 'Last'} ${name[1]}` : `${name[0].charAt(0).toUpperCase()}${name[0].slice(1)} ${single[1] === 'THIS' ? 'này' : 'trước'}`;
  }
  const ofYear = /^(MONTHS|QUARTERS|WEEKS|BIMONTHS)_(THIS|LAST)_YEAR$/.exec(keyword);
  if (ofYear) {
    const [vi, enName] = OF_YEAR[ofYear[1]];
    return en ? `${enName} ${ofYear[2] === 'THIS' ? 'this' : 'last'} year` : `Các ${vi} ${ofYear[2] === 'THIS' ? 'năm nay' : 'năm trước'}`;
  }
  return keyword;
}

/** DHIS2's relativePeriodDate: the day relative periods are counted from, instead of today. */
function relativeTo(relativePeriodDate: string | undefined, today: string): string {
  if (relativePeriodDate === undefined) return today;
  const date = /^\d{4}-\d{2}-\d{2}$/.test(relativePeriodDate) ? tryParsePeriod(relativePeriodDate.replaceAll('-', '')) : null;
  if (!date || date.type !== 'DAILY') {
    throw invalid(
      'INVALID_DATE',
      'querystring.relativePeriodDate',
      `relativePeriodDate '${relativePeriodDate}' không phải một ngày có thật dạng YYYY-MM-DD`,
      `relativePeriodDate '${relativePeriodDate}' is not a real date written as YYYY-MM-DD`,
      'E7135',
    );
  }
  return relativePeriodDate;
}

/** A YYYY-MM-DD date of a request, or a 400 naming the parameter. */
function readDate(param: string, value: string): string {
  const date = /^\d{4}-\d{2}-\d{2}$/.test(value) ? tryParsePeriod(value.replaceAll('-', '')) : null;
  if (!date || date.type !== 'DAILY') {
    throw invalid('INVALID_DATE', `querystring.${param}`, `${param} '${value}' không phải một ngày có thật dạng YYYY-MM-DD`, `${param} '${value}' is not a real date written as YYYY-MM-DD`);
  }
  return value;
}

/**
 * DHIS2's startDate/endDate in place of a pe dimension: one span holding every stored period that lies inside the
 * range (whatever its type), aggregated as one — as a pe filter of those periods would be.
 */
function dateRangeOf(startDate: string, endDate: string): Period {
  const start = readDate('startDate', startDate);
  const end = readDate('endDate', endDate);
  if (start > end) {
    throw invalid('INVALID_DATE', 'querystring.startDate', `startDate ${start} ở sau endDate ${end}`, `startDate ${start} is after endDate ${end}`, 'E7106');
  }
  return { id: `${start}_${end}`, startDate: start, endDate: end };
}

/**
 * Runs an analytics query: the caller needs data.read on every org unit asked for. Items may be named by code or
 * by DHIS2 UID; the answer names them as outputIdScheme says (UID by default when the request used UIDs).
 */
export async function queryAnalytics(ctx: ServiceContext, query: AnalyticsQuery): Promise<AnalyticsResponse> {
  return (await answerIn(ctx, query, queryAnalyticsInCodes)).answer;
}

/** Turns a request's UIDs into codes, answers it in codes, and names the answer as outputIdScheme says. */
async function answerIn(
  ctx: ServiceContext,
  query: AnalyticsQuery,
  run: (ctx: ServiceContext, query: AnalyticsQuery) => Promise<AnalyticsResponse>,
): Promise<{ answer: AnalyticsResponse; inUids: boolean }> {
  if (ctx.actor.kind === 'anonymous') throw unauthenticated();
  const parsed = parseDimensionParams(query);
  const all = [...parsed.dimensions, ...parsed.filters];
  const dxItems = all.find((d) => d.name === 'dx')!.items;
  const ouItems = all.find((d) => d.name === 'ou')!.items;
  const coItems = all.find((d) => d.name === 'co')?.items ?? [];
  const translated = await translateUids(ctx.db, dxItems, ouItems, coItems);
  const rewrite = (d: { name: DimensionName; items: string[] }) =>
    d.name === 'co' ? (translated.co.length === 0 ? 'co' : `co:${translated.co.join(';')}`) : `${d.name}:${(d.name === 'dx' ? translated.dx : d.name === 'ou' ? translated.ou : d.items).join(';')}`;
  const inCodes = translated.usedUids ? { ...query, dimension: parsed.dimensions.map(rewrite), filter: parsed.filters.map(rewrite) } : query;
  const answer = await run(ctx, inCodes);
  const inUids = query.outputIdScheme === 'UID' || (query.outputIdScheme === undefined && translated.usedUids);
  return { answer: inUids ? await answerInUids(ctx.db, answer) : answer, inUids };
}

/** One value of DHIS2's analytics data value set. */
export type AnalyticsDataValue = z.output<typeof analyticsDataValueSetSchema>['dataValues'][number];

/**
 * DHIS2's `/api/analytics/dataValueSet`: the analytics answer (same data status, access and lineage) as a list of
 * data values. dx, pe and ou must be dimensions (E7117, E7118, E7119). The disaggregation comes from an
 * ELEMENT.OPTION item or the co dimension; otherwise, and for the attribute option combo, DHIS2's default.
 */
export async function queryDataValueSet(ctx: ServiceContext, query: AnalyticsQuery): Promise<z.output<typeof analyticsDataValueSetSchema>> {
  const parsed = parseDimensionParams(query);
  for (const [name, code] of [
    ['dx', 'E7117'],
    ['pe', 'E7118'],
    ['ou', 'E7119'],
  ] as const) {
    if (!parsed.dimensions.some((d) => d.name === name)) {
      throw invalid('MISSING_DIMENSION', name, `Tập giá trị cần chiều '${name}' là dimension (không phải filter)`, `A data value set needs '${name}' as a dimension (not a filter)`, code);
    }
  }
  const { answer, inUids } = await answerIn(ctx, { ...query, coverage: 'false' }, queryAnalyticsInCodes);
  const none = inUids ? 'HllvX50cXC0' : DEFAULT_CO;
  const columns = answer.headers.filter((h) => h.meta).map((h) => h.name);
  const at = (name: string) => columns.indexOf(name);
  const valueAt = columns.length;
  return {
    dataValues: answer.rows.map((row) => {
      // A reporting rate (DS.REPORTING_RATE) is named whole, as DHIS2 does; ELEMENT.OPTION is split.
      const [dataElement, option] = RATE_ITEM.test(row[at('dx')]) ? [row[at('dx')]] : row[at('dx')].split('.');
      return {
        dataElement,
        period: row[at('pe')],
        orgUnit: row[at('ou')],
        categoryOptionCombo: option ?? (at('co') >= 0 ? row[at('co')] : none),
        attributeOptionCombo: none,
        value: row[valueAt],
      };
    }),
  };
}

/**
 * DHIS2's `/api/analytics/rawData`: the stored values behind the dimensions asked for, one row each and not
 * aggregated — each with its own period and org unit (inside the periods and subtrees asked for), counting the
 * data status asked for (submitted and approved by default) and only units the caller may read. Data elements
 * only (an indicator is a computation, not stored values).
 */
export async function queryRawData(ctx: ServiceContext, query: AnalyticsQuery): Promise<AnalyticsResponse> {
  return (await answerIn(ctx, query, rawDataInCodes)).answer;
}

async function rawDataInCodes(ctx: ServiceContext, query: AnalyticsQuery): Promise<AnalyticsResponse> {
  const parsed = parseDimensionParams(query);
  const today = vietnamDate(ctx.clock());
  const lookups = await lookupsOf(ctx);
  const all = [...parsed.dimensions, ...parsed.filters];
  const get = (name: DimensionName) => all.find((d) => d.name === name);
  const range = query.startDate !== undefined && query.endDate !== undefined ? dateRangeOf(query.startDate, query.endDate) : null;
  const periods = range ? [range] : resolvePe(get('pe')!.items, relativeTo(query.relativePeriodDate, today));
  const [units, asked, periodSpecs] = await Promise.all([
    resolveOu(ctx.db, lookups, ctx.actor, get('ou')!.items, today),
    resolveDx(lookups, get('dx')!.items),
    storedPeriodSpecs(lookups, [{ key: '', periods }]),
  ]);
  for (const item of asked.items) {
    if (item.kind === 'INDICATOR') {
      throw invalid(
        'INVALID_DIMENSION',
        `dx:${item.id}`,
        `Số liệu gốc chỉ có cho chỉ tiêu; '${item.id}' là chỉ số (được tính ra)`,
        `Raw data exists for data elements only; '${item.id}' is an indicator (computed)`,
        'E7124',
      );
    }
  }
  const coDim = parsed.dimensions.find((d) => d.name === 'co');
  const withCo = coDim !== undefined;
  const dx = withCo ? expandCo(asked, coDim.items) : asked;
  const minStatus = MIN_STATUS[query.dataStatus ?? 'SUBMITTED'];
  const limit = ctx.config.ANALYTICS_MAX_CELLS;
  const elements = dx.items.flatMap((i) => (i.kind === 'ELEMENT' ? [i] : []));
  const raw = await repo.listRawData(
    ctx.db,
    [...new Set(elements.map((e) => e.element.id))],
    periodSpecs.map((p) => p.periodId),
    units.map((u) => u.path),
    minStatus,
    limit + 1,
  );
  const rows: string[][] = [];
  const seenPeriods: string[] = [];
  const seenUnits = new Map<string, { nameVi: string; nameEn: string | null; shortName: string | null }>();
  const columns = parsed.dimensions.map((d) => d.name);
  for (const item of elements) {
    for (const r of raw) {
      if (r.elementId !== item.element.id || (item.option && item.option.id !== r.optionId)) continue;
      if (withCo && !item.option && r.optionId !== null) continue;
      const cell = (name: DimensionName) =>
        name === 'dx' ? (withCo ? item.element.code : item.id) : name === 'co' ? (item.option ? item.option.code : DEFAULT_CO) : name === 'pe' ? r.period : r.orgUnitCode;
      rows.push([...columns.map(cell), formatValue(r.value)]);
      if (!seenPeriods.includes(r.period)) seenPeriods.push(r.period);
      seenUnits.set(r.orgUnitCode, r);
    }
  }
  if (raw.length > limit || rows.length > limit) {
    const msgVi = `Có hơn ${limit} giá trị gốc; hãy thu hẹp dx, pe hoặc ou`;
    const msgEn = `There are more than ${limit} raw values; narrow dx, pe or ou`;
    throw badRequest('TOO_MANY_CELLS', msgVi, msgEn, [{ path: 'dimension', messageVi: msgVi, messageEn: msgEn, limit }]).withDhis2Code('E7128');
  }
  const en = ctx.lang === 'en';
  const display = (x: { nameVi: string; nameEn: string | null; shortName: string | null }) =>
    query.displayProperty === 'SHORTNAME' && x.shortName ? x.shortName : en && x.nameEn ? x.nameEn : x.nameVi;
  const items: AnalyticsResponse['metaData']['items'] = {};
  const coIds: string[] = [];
  for (const item of dx.items) {
    if (item.kind !== 'ELEMENT') continue;
    if (withCo) {
      const id = item.option ? item.option.code : DEFAULT_CO;
      if (!coIds.includes(id)) coIds.push(id);
      items[id] = item.option ? { name: en && item.option.nameEn ? item.option.nameEn : item.option.nameVi, code: item.option.code } : { name: 'default', code: DEFAULT_CO };
    }
  }
  for (const item of asked.items) {
    if (item.kind !== 'ELEMENT') continue;
    const base = display(item.element);
    items[item.id] = { name: item.option ? `${base} (${en && item.option.nameEn ? item.option.nameEn : item.option.nameVi})` : base, code: item.id };
  }
  seenPeriods.sort(comparePeriods);
  for (const p of seenPeriods) items[p] = { name: formatPeriod(p, ctx.lang) };
  for (const [code, u] of seenUnits) items[code] = { name: display(u), code };
  items.dx = { name: en ? 'Data' : 'Dữ liệu' };
  items.pe = { name: en ? 'Period' : 'Kỳ' };
  items.ou = { name: en ? 'Organisation unit' : 'Đơn vị' };
  if (withCo) items.co = { name: en ? 'Disaggregation' : 'Phân tổ' };
  const headers = [
    ...columns.map((name) => ({ name, column: items[name].name, valueType: 'TEXT', type: 'java.lang.String', hidden: false, meta: true })),
    { name: 'value', column: en ? 'Value' : 'Giá trị', valueType: 'NUMBER', type: 'java.lang.Double', hidden: false, meta: false },
  ];
  return {
    headers,
    metaData: {
      items,
      dimensions: { dx: asked.items.map((i) => i.id), ...(withCo ? { co: coIds } : {}), pe: seenPeriods, ou: [...seenUnits.keys()] },
      lineage: [],
      dataStatus: query.dataStatus ?? 'SUBMITTED',
    },
    rows,
    height: rows.length,
    width: headers.length,
  };
}

async function queryAnalyticsInCodes(ctx: ServiceContext, query: AnalyticsQuery): Promise<AnalyticsResponse> {
  const parsed = parseDimensionParams(query);
  const today = vietnamDate(ctx.clock());
  const lookups = await lookupsOf(ctx);
  const all = [...parsed.dimensions.map((d) => ({ ...d, filter: false })), ...parsed.filters.map((f) => ({ ...f, filter: true }))];
  const get = (name: DimensionName) => all.find((d) => d.name === name) as { name: DimensionName; items: string[]; filter: boolean };
  const dxDim = get('dx');
  // Without pe, startDate and endDate (checked by parseDimensionParams) make one span that acts as a pe filter.
  const range = query.startDate !== undefined && query.endDate !== undefined ? dateRangeOf(query.startDate, query.endDate) : null;
  const peDim = range ? { name: 'pe' as const, items: [], filter: true } : get('pe');
  const ouDim = get('ou');

  const periods = range ? [] : resolvePe(peDim.items, relativeTo(query.relativePeriodDate, today));
  const periodGroups: PeriodGroup[] = range
    ? [{ key: range.id, periods: [range] }]
    : peDim.filter
      ? [{ key: periods.map((p) => p.id).join(';'), periods }]
      : periods.map((p) => ({ key: p.id, periods: [p] }));
  // The look-ups do not depend on each other: on PostgreSQL they run side by side on the pool.
  const [units, asked, lineageRows, periodSpecs] = await Promise.all([
    resolveOu(ctx.db, lookups, ctx.actor, ouDim.items, today),
    resolveDx(lookups, dxDim.items, ctx.db),
    lookups.lineage(),
    storedPeriodSpecs(lookups, periodGroups),
  ]);
  if (units.length === 0) {
    throw invalid('NO_ORG_UNITS', `ou:${ouDim.items.join(';')}`, 'Không có đơn vị nào khớp chiều ou', 'No org unit matches the ou dimension', 'E7124');
  }
  const coDim = parsed.dimensions.find((d) => d.name === 'co');
  const withCo = coDim !== undefined;
  const dx = withCo ? expandCo(asked, coDim.items) : asked;
  const cells = dx.items.length * (peDim.filter ? 1 : periods.length) * (ouDim.filter ? 1 : units.length);
  if (cells > ctx.config.ANALYTICS_MAX_CELLS) {
    const msgVi = `Truy vấn có ${cells} ô, vượt giới hạn ${ctx.config.ANALYTICS_MAX_CELLS}; hãy thu hẹp dx, pe hoặc ou`;
    const msgEn = `The query has ${cells} cells, more than the limit of ${ctx.config.ANALYTICS_MAX_CELLS}; narrow dx, pe or ou`;
    throw badRequest('TOO_MANY_CELLS', msgVi, msgEn, [{ path: 'dimension', messageVi: msgVi, messageEn: msgEn, cells, limit: ctx.config.ANALYTICS_MAX_CELLS }]).withDhis2Code('E7128');
  }

  const spanned = periodGroups.flatMap((g) => g.periods);
  const earliestStart = spanned.reduce((a, p) => (p.startDate < a ? p.startDate : a), spanned[0].startDate);
  const predecessors = buildPredecessors(lineageRows);
  const { groups: unitGroups, lineage } = unitGroupsOf(units, ouDim.filter, predecessors, earliestStart);

  const dataStatus: DataStatus = query.dataStatus ?? 'SUBMITTED';
  const minStatus = MIN_STATUS[dataStatus];
  const withCoverage = query.coverage !== 'false';
  // The same question at the same figure_version has the same answer: access was checked above, per caller.
  // Drafts move without the counter, so an answer that counts them is never kept.
  const cacheable = ctx.analyticsCache !== undefined && ctx.figureVersion !== undefined && dataStatus !== 'ALL';
  // The keywords asked for are named in metaData: two requests resolving to the same periods and units differ there.
  const keywords = [...peDim.items.filter((p) => isRelativePeriod(p)), ...ouDim.items.filter((o) => USER_UNIT_KEYWORDS.has(o))];
  const answerKey = JSON.stringify([
    parsed.dimensions.map((d) => d.name),
    dx.items.map((i) => i.id),
    periodGroups.map((g) => g.key),
    keywords,
    unitGroups.map((g) => [g.key, g.specs.map((x) => [x.prefix, x.beforeDate])]),
    minStatus,
    withCoverage,
    query.skipRounding === 'true',
    query.displayProperty,
    ctx.lang,
  ]);
  if (cacheable) {
    const kept = ctx.analyticsCache!.answer<AnalyticsResponse>(ctx.figureVersion!, answerKey);
    if (kept) return kept;
  }
  const noRounding = query.skipRounding === 'true';
  const [cellValues, rateValues, coverage] = await Promise.all([
    computeCells(ctx.db, dx, periodGroups, unitGroups, minStatus, lookups, periodSpecs),
    computeRates(ctx.db, dx, periodGroups, unitGroups, minStatus, noRounding),
    withCoverage ? computeCoverage(ctx.db, lookups, dx, periodGroups, unitGroups, minStatus) : Promise.resolve(new Map<string, Coverage>()),
  ]);
  const values = rateValues.length === 0 ? cellValues : [...cellValues, ...rateValues].sort((a, b) => a.di - b.di || a.pg - b.pg || a.og - b.og);
  const display = (x: { nameVi: string; nameEn: string | null; shortName: string | null }) =>
    query.displayProperty === 'SHORTNAME' && x.shortName ? x.shortName : ctx.lang === 'en' && x.nameEn ? x.nameEn : x.nameVi;

  const columns = parsed.dimensions.map((d) => d.name);
  const coOf = (item: DxItem) => (item.kind === 'ELEMENT' && item.option ? item.option.code : DEFAULT_CO);
  const keyOf = (name: DimensionName, cell: CellValue): string =>
    name === 'dx' ? (withCo && cell.dx.kind === 'ELEMENT' ? cell.dx.element.code : cell.dx.id) : name === 'co' ? coOf(cell.dx) : name === 'pe' ? periodGroups[cell.pg].key : unitGroups[cell.og].key;
  const rows = values.map((cell) => {
    const decimals = cell.dx.kind === 'INDICATOR' && !noRounding ? cell.dx.indicator.decimals : null;
    const value = decimals === null ? cell.value : round(cell.value, decimals);
    const row = [...columns.map((c) => keyOf(c, cell)), formatValue(value)];
    if (withCoverage) {
      // A figure no regime expects has no coverage: the columns stay empty rather than claim 100 %.
      const c = coverage.get(`${cell.di}:${cell.pg}:${cell.og}`);
      row.push(c ? String(c.reported) : '', c ? String(c.expected) : '', c ? formatValue(round(c.share, 4)) : '');
    }
    return row;
  });

  const items: AnalyticsResponse['metaData']['items'] = {};
  const coIds: string[] = [];
  if (withCo) {
    for (const item of dx.items) {
      const id = coOf(item);
      if (coIds.includes(id)) continue;
      coIds.push(id);
      items[id] =
        item.kind === 'ELEMENT' && item.option
          ? { name: ctx.lang === 'en' && item.option.nameEn ? item.option.nameEn : item.option.nameVi, code: item.option.code }
          : { name: 'default', code: DEFAULT_CO };
    }
  }
  for (const item of asked.items) {
    if (item.kind === 'INDICATOR') items[item.id] = { name: display(item.indicator), code: item.indicator.code };
    else if (item.kind === 'RATE') items[item.id] = { name: rateName(item, ctx.lang), code: item.id };
    else {
      const base = display(item.element);
      items[item.id] = { name: item.option ? `${base} (${ctx.lang === 'en' && item.option.nameEn ? item.option.nameEn : item.option.nameVi})` : base, code: item.id };
    }
  }
  for (const p of periods) items[p.id] = { name: formatAnyPeriod(p.id, ctx.lang) };
  // DHIS2 names the relative periods and user org unit keywords of the request too (dimensions list what they resolved to).
  for (const k of keywords) items[k] = { name: keywordName(k, ctx.lang) };
  for (const u of units) items[u.code] = { name: display(u), code: u.code };
  for (const note of lineage) for (const p of note.predecessors) items[p.code] = { name: p.name, code: p.code };
  items.dx = { name: ctx.lang === 'en' ? 'Data' : 'Dữ liệu' };
  items.pe = { name: ctx.lang === 'en' ? 'Period' : 'Kỳ' };
  items.ou = { name: ctx.lang === 'en' ? 'Organisation unit' : 'Đơn vị' };
  if (withCo) items.co = { name: ctx.lang === 'en' ? 'Disaggregation' : 'Phân tổ' };

  const headerOf = (name: DimensionName) => ({ name, column: items[name].name, valueType: 'TEXT', type: 'java.lang.String', hidden: false, meta: true });
  const en = ctx.lang === 'en';
  const headers = [
    ...columns.map(headerOf),
    { name: 'value', column: en ? 'Value' : 'Giá trị', valueType: 'NUMBER', type: 'java.lang.Double', hidden: false, meta: false },
    ...(withCoverage
      ? [
          { name: 'reported', column: en ? 'Reports in' : 'Báo cáo đã có', valueType: 'INTEGER', type: 'java.lang.Integer', hidden: false, meta: false },
          { name: 'expected', column: en ? 'Reports expected' : 'Báo cáo phải có', valueType: 'INTEGER', type: 'java.lang.Integer', hidden: false, meta: false },
          { name: 'coverage', column: en ? 'Coverage' : 'Mức đầy đủ', valueType: 'NUMBER', type: 'java.lang.Double', hidden: false, meta: false },
        ]
      : []),
  ];
  const answer: AnalyticsResponse = {
    headers,
    metaData: {
      items,
      dimensions: {
        dx: asked.items.map((i) => i.id),
        ...(withCo ? { co: coIds } : {}),
        pe: periods.map((p) => p.id),
        ou: units.map((u) => u.code),
      },
      lineage,
      dataStatus,
    },
    rows,
    height: rows.length,
    width: headers.length,
  };
  if (cacheable) ctx.analyticsCache!.keep(ctx.figureVersion!, answerKey, answer, rows.length);
  return answer;
}

/**
 * numerator × factor / denominator with computeIndicator's rules (missing side or zero denominator:
 * no value), without building its explanation text for every cell of a large query.
 */
function indicatorValue(item: IndicatorItem, resolve: (ref: Reference) => number | null): number | null {
  const numerator = evaluateExpression(item.numerator, resolve);
  if (numerator === null) return null;
  const denominator = evaluateExpression(item.denominator, resolve);
  if (denominator === null || denominator === 0) return null;
  const value = (numerator * item.indicator.factor) / denominator;
  return Number.isFinite(value) ? value : null;
}

async function computeCells(
  db: Db,
  dx: DxContext,
  periodGroups: readonly PeriodGroup[],
  unitGroups: readonly UnitGroup[],
  minStatus: number,
  lookups: Lookups,
  knownPeriodSpecs?: repo.PeriodSpec[],
): Promise<CellValue[]> {
  const plan = planReferences(dx);
  const periodSpecs = knownPeriodSpecs ?? (await storedPeriodSpecs(lookups, periodGroups));
  const unitSpecs = unitGroups.flatMap((g, group) => g.specs.map((s) => ({ ...s, group })));
  const aggregates = await repo.aggregateRaw(db, { refs: plan.refs, periods: periodSpecs, units: unitSpecs, minStatus });
  // ref → "pg:og" → value
  const byRef = plan.refs.map(() => new Map<string, number>());
  for (const row of aggregates) {
    const ref = plan.refs[row.ref];
    const value = row[ref.aggregationType];
    if (value !== null && value !== undefined && Number.isFinite(value)) byRef[row.ref].set(`${row.pg}:${row.og}`, value);
  }
  const out: CellValue[] = [];
  for (const [di, item] of dx.items.entries()) {
    if (item.kind === 'RATE') continue;
    for (let pg = 0; pg < periodGroups.length; pg++) {
      for (let og = 0; og < unitGroups.length; og++) {
        const key = `${pg}:${og}`;
        const resolve = (ref: Reference): number | null => {
          const index = plan.refIndex.get(toReferenceKey(ref));
          return index === undefined ? null : (byRef[index].get(key) ?? null);
        };
        let value: number | null;
        if (item.kind === 'ELEMENT') {
          value = resolve(item.option ? { code: item.element.code, option: item.option.code } : { code: item.element.code });
        } else {
          value = indicatorValue(item, resolve);
        }
        if (value !== null) out.push({ dx: item, di, pg, og, value });
      }
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Reporting rates (DHIS2's DS.REPORTING_RATE and its siblings)

const RATE_NAMES: Record<RateMetric, [string, string]> = {
  REPORTING_RATE: ['Tỷ lệ báo cáo', 'Reporting rate'],
  REPORTING_RATE_ON_TIME: ['Tỷ lệ báo cáo đúng hạn', 'Reporting rate on time'],
  ACTUAL_REPORTS: ['Số báo cáo đã có', 'Actual reports'],
  ACTUAL_REPORTS_ON_TIME: ['Số báo cáo đúng hạn', 'Actual reports on time'],
  EXPECTED_REPORTS: ['Số báo cáo phải có', 'Expected reports'],
};

function rateName(item: RateItem, lang: 'vi' | 'en'): string {
  const regime = lang === 'en' && item.regime.nameEn ? item.regime.nameEn : item.regime.nameVi;
  return `${regime} – ${RATE_NAMES[item.metric][lang === 'en' ? 1 : 0]}`;
}

/**
 * The reporting rate items of dx, counted by the coverage rule itself (repo.coverageCounts restricted to the
 * regime): a report expected of each unit the regime is assigned to, for each of its periods inside the cell;
 * actual when it holds a value of every data element of the regime with the data status asked for (submitted and
 * approved by default); on time when, besides, its report was submitted by the regime's deadline (report_status
 * is_late false). Rates are actual / expected × 100, as DHIS2 computes them, rounded to 2 decimals.
 */
async function computeRates(db: Db, dx: DxContext, periodGroups: readonly PeriodGroup[], unitGroups: readonly UnitGroup[], minStatus: number, noRounding: boolean): Promise<CellValue[]> {
  const rates = dx.items.flatMap((item, di) => (item.kind === 'RATE' ? [{ item, di }] : []));
  if (rates.length === 0) return [];
  const items = rates.flatMap(({ item, di }) => item.regime.elementIds.map((elementId) => ({ item: di, elementId, regimeId: item.regime.id })));
  const periods = coveragePeriodsOf(periodGroups, [...new Set(rates.map((r) => r.item.regime.periodType))]);
  const unitSpecs = unitGroups.flatMap((g, group) => g.specs.map((s) => ({ ...s, group })));
  const out: CellValue[] = [];
  for (const row of await repo.coverageCounts(db, items, periods, unitSpecs, minStatus)) {
    if (row.expected === 0) continue;
    const item = dx.items[row.item] as RateItem;
    const percent = (n: number) => (noRounding ? (n * 100) / row.expected : round((n * 100) / row.expected, 2));
    const value =
      item.metric === 'EXPECTED_REPORTS'
        ? row.expected
        : item.metric === 'ACTUAL_REPORTS'
          ? row.reported
          : item.metric === 'ACTUAL_REPORTS_ON_TIME'
            ? row.onTime
            : item.metric === 'REPORTING_RATE'
              ? percent(row.reported)
              : percent(row.onTime);
    out.push({ dx: item, di: row.item, pg: row.pg, og: row.og, value });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Coverage

/** How much of a figure is in: the (unit, period) reports expected for it, and those that arrived. */
export type Coverage = z.output<typeof coverageSchema>;

/** The data element ids each dx item reads (an indicator: every element of its formula). */
function elementsOfItems(dx: DxContext): { item: number; elementId: number }[] {
  const out: { item: number; elementId: number }[] = [];
  dx.items.forEach((item, index) => {
    // A reporting rate is itself a count of reports: it has no coverage columns.
    if (item.kind === 'RATE') return;
    const codes = item.kind === 'ELEMENT' ? [item.element.code] : [...listReferences(item.numerator), ...listReferences(item.denominator)].map((r) => r.code);
    for (const id of new Set(codes.map((c) => dx.elementsByCode.get(c)?.id).filter((x): x is number => x !== undefined))) out.push({ item: index, elementId: id });
  });
  return out;
}

/** The reporting periods of the given types inside each period group. */
function coveragePeriodsOf(periodGroups: readonly PeriodGroup[], types: readonly string[]): repo.CoveragePeriod[] {
  const out: repo.CoveragePeriod[] = [];
  periodGroups.forEach((g, group) => {
    const seen = new Set<string>();
    for (const p of g.periods) {
      for (const type of types) {
        for (const iso of periodsBetween(type as PeriodType, p.startDate, p.endDate)) {
          if (seen.has(iso)) continue;
          seen.add(iso);
          const period = tryParsePeriod(iso);
          if (period) out.push({ group, iso, type, endDate: period.endDate });
        }
      }
    }
  });
  return out;
}

/** Coverage of every cell, keyed "item:pg:og"; a cell that no regime expects has none. */
async function computeCoverage(db: Db, lookups: Lookups, dx: DxContext, periodGroups: readonly PeriodGroup[], unitGroups: readonly UnitGroup[], minStatus: number): Promise<Map<string, Coverage>> {
  const items = elementsOfItems(dx);
  const types = await lookups.regimePeriodTypes([...new Set(items.map((i) => i.elementId))]);
  const periods = coveragePeriodsOf(periodGroups, types);
  const unitSpecs = unitGroups.flatMap((g, group) => g.specs.map((s) => ({ ...s, group })));
  const out = new Map<string, Coverage>();
  for (const row of await repo.coverageCounts(db, items, periods, unitSpecs, minStatus)) {
    if (row.expected === 0) continue;
    out.set(`${row.item}:${row.pg}:${row.og}`, {
      expected: row.expected,
      reported: row.reported,
      share: row.reported / row.expected,
      expectedUnits: row.expectedUnits,
      completeUnits: row.completeUnits,
    });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Explain

const EXPLAIN_ROW_LIMIT = 5000;
const STATUS_NAMES: Record<number, 'ACCEPTED' | 'SUBMITTED' | 'APPROVED'> = { 0: 'ACCEPTED', 1: 'SUBMITTED', 2: 'APPROVED' };

/** The raw values behind one cell, each reference's aggregation, and the arithmetic. */
export async function explainCell(ctx: ServiceContext, input: { dx: string; pe: string; ou: string; dataStatus?: DataStatus }): Promise<z.output<typeof explanationSchema>> {
  if (ctx.actor.kind === 'anonymous') throw unauthenticated();
  const today = vietnamDate(ctx.clock());
  const lookups = await lookupsOf(ctx);
  const dataStatus: DataStatus = input.dataStatus ?? 'SUBMITTED';
  const minStatus = MIN_STATUS[dataStatus];
  for (const [name, value] of Object.entries({ dx: input.dx, pe: input.pe, ou: input.ou })) {
    if (value.includes(';')) throw invalid('INVALID_DIMENSION', name, `Chỉ giải thích một ô: '${name}' chỉ nhận một mục`, `Explain takes one cell: '${name}' takes one item`);
  }
  const periods = resolvePe([input.pe], today);
  const units = await resolveOu(ctx.db, lookups, ctx.actor, [input.ou], today);
  if (units.length !== 1 || periods.length !== 1) {
    throw invalid(
      'INVALID_DIMENSION',
      'pe/ou',
      'Chỉ giải thích một kỳ và một đơn vị (không dùng kỳ tương đối nhiều kỳ hoặc LEVEL)',
      'Explain takes one period and one org unit (no multi-period relative periods or LEVEL)',
    );
  }
  const dx = await resolveDx(lookups, [input.dx]);
  const item = dx.items[0];
  const period = periods[0];
  const unit = units[0];
  const predecessors = buildPredecessors(await lookups.lineage());
  const { groups, lineage } = unitGroupsOf(units, false, predecessors, period.startDate);
  const periodSpecs = await storedPeriodSpecs(lookups, [{ key: period.id, periods: [period] }]);
  const plan = planReferences(dx);

  const references: z.output<typeof explanationSchema>['references'] = [];
  const resolved = new Map<string, number | null>();
  for (const [key, index] of plan.refIndex) {
    const spec = plan.refs[index];
    const raw = await repo.listRawValues(ctx.db, spec, periodSpecs, groups[0].specs, EXPLAIN_ROW_LIMIT + 1, minStatus);
    const truncated = raw.length > EXPLAIN_ROW_LIMIT;
    const shown = raw.slice(0, EXPLAIN_ROW_LIMIT);
    const type = spec.aggregationType;
    // With every row at hand the core computes the figure itself; for a huge cell the SQL aggregate is used.
    let value: number | null;
    if (!truncated) {
      value = aggregateValues(
        shown.map((r) => ({ orgUnit: String(r.orgUnitId), periodStart: r.periodStart, value: r.value })),
        type,
      );
    } else {
      const rows = await repo.aggregateRaw(ctx.db, { refs: [{ ...spec, index: 0 }], periods: periodSpecs, units: groups[0].specs.map((s) => ({ ...s, group: 0 })), minStatus });
      value = rows[0]?.[type] ?? null;
    }
    resolved.set(key, value);
    references.push({
      reference: key,
      aggregationType: type,
      value,
      values: shown.map((r) => ({
        orgUnit: r.orgUnitCode,
        orgUnitName: r.orgUnitName,
        period: r.period,
        option: r.optionCode,
        value: r.value,
        storedBy: r.storedBy,
        updatedAt: r.updatedAt,
        source: r.source,
        dataStatus: STATUS_NAMES[r.dataStatus] ?? 'ACCEPTED',
      })),
      truncated,
    });
  }
  const resolve = (ref: Reference) => resolved.get(toReferenceKey(ref)) ?? null;
  let result: Pick<z.output<typeof explanationSchema>, 'value' | 'formula' | 'arithmetic' | 'numeratorValue' | 'denominatorValue' | 'nullReason'>;
  if (item.kind === 'INDICATOR') {
    const e = explainIndicator({ numerator: item.numerator, denominator: item.denominator, factor: item.indicator.factor }, resolve, { lang: ctx.lang });
    result = { value: e.value, formula: e.formula, arithmetic: e.arithmetic, numeratorValue: e.numeratorValue, denominatorValue: e.denominatorValue, nullReason: e.nullReason };
  } else {
    const ref = references[0];
    const value = ref?.value ?? null;
    const shown = value === null ? '—' : formatNumber(value, ctx.lang);
    result = {
      value,
      formula: `${ref?.aggregationType ?? 'SUM'}(#{${item.id}})`,
      arithmetic: `${ref?.aggregationType ?? 'SUM'}(${ref ? ref.values.length : 0} ${ctx.lang === 'en' ? 'values' : 'giá trị'}) = ${shown}`,
      numeratorValue: value,
      denominatorValue: null,
      nullReason: value === null ? 'NUMERATOR_MISSING' : null,
    };
  }
  // Who is missing: the expected reports of this cell that hold no counted value, with what each lacks.
  const periodGroup = [{ key: period.id, periods: [period] }];
  const coverage = (await computeCoverage(ctx.db, lookups, dx, periodGroup, groups, minStatus)).get('0:0:0') ?? null;
  const elementIds = elementsOfItems(dx).map((e) => e.elementId);
  const coveragePeriods = coveragePeriodsOf(periodGroup, await lookups.regimePeriodTypes(elementIds));
  const missing = coverage && coverage.reported < coverage.expected ? await repo.listMissingSlots(ctx.db, elementIds, coveragePeriods, groups[0].specs, minStatus, EXPLAIN_ROW_LIMIT) : [];
  return {
    dx: item.id,
    dxName: item.kind === 'INDICATOR' ? item.indicator.nameVi : item.kind === 'RATE' ? item.regime.nameVi : item.element.nameVi,
    dataStatus,
    coverage,
    missing: missing.map((m) => ({ orgUnit: m.orgUnitCode, orgUnitName: m.orgUnitName, period: m.period, periodName: formatPeriod(m.period, ctx.lang), dataElements: m.missing })),
    pe: period.id,
    periodStart: period.startDate,
    periodEnd: period.endDate,
    ou: unit.code,
    ouName: unit.nameVi,
    ...result,
    references,
    lineage,
  };
}

// ---------------------------------------------------------------------------------------------
// For other modules (targets, alerts): values without HTTP shape or access checks — the caller decides access.

/** A figure with how much of it is in: null value when nothing counted arrived; null coverage when no regime expects it. */
export interface Figure {
  value: number | null;
  coverage: Coverage | null;
}

/**
 * Figures of one dx item (indicator or data element code) for each org unit × period, computed exactly as
 * `GET /api/analytics` does (lineage included), counting the data status asked for (submitted and approved
 * by default), each with its coverage. Keys are `${orgUnitId}|${periodId}`; a cell with neither a value nor
 * any expected report is absent.
 */
export async function computeFigures(
  db: Db,
  dxId: string,
  orgUnitIds: readonly number[],
  periodIds: readonly string[],
  options: { dataStatus?: DataStatus; coverage?: boolean } = {},
): Promise<Map<string, Figure>> {
  const result = new Map<string, Figure>();
  if (orgUnitIds.length === 0 || periodIds.length === 0) return result;
  const minStatus = MIN_STATUS[options.dataStatus ?? 'SUBMITTED'];
  const lookups = databaseLookups(db);
  const dx = await resolveDx(lookups, [dxId]);
  const periods = resolvePe(periodIds, '2000-01-01');
  const units = await lookups.unitsByCodesOrIds([], orgUnitIds);
  const earliestStart = periods.reduce((a, p) => (p.startDate < a ? p.startDate : a), periods[0].startDate);
  const predecessors = buildPredecessors(await lookups.lineage());
  const { groups } = unitGroupsOf(units, false, predecessors, earliestStart);
  const periodGroups = periods.map((p) => ({ key: p.id, periods: [p] }));
  const [cells, coverage] = await Promise.all([
    computeCells(db, dx, periodGroups, groups, minStatus, lookups),
    options.coverage === false ? Promise.resolve(new Map<string, Coverage>()) : computeCoverage(db, lookups, dx, periodGroups, groups, minStatus),
  ]);
  const keyOf = (pg: number, og: number) => `${(groups[og].unit as repo.UnitRow).id}|${periodGroups[pg].key}`;
  for (const cell of cells) result.set(keyOf(cell.pg, cell.og), { value: cell.value, coverage: coverage.get(`0:${cell.pg}:${cell.og}`) ?? null });
  for (const [key, c] of coverage) {
    const [, pg, og] = key.split(':').map(Number);
    const k = keyOf(pg, og);
    if (!result.has(k)) result.set(k, { value: null, coverage: c });
  }
  return result;
}

/** An indicator's numerator and denominator (before the factor) in one cell, as computed for its value. */
export interface FigureParts {
  numerator: number | null;
  denominator: number | null;
}

/**
 * The numerator and denominator of an indicator for each org unit × period (keys as computeFigures), read
 * exactly as its value is (lineage, data status). `additive` says whether they add up over units: every
 * element it reads is aggregated by sum (then a parent's parts are the sum of its children's when they
 * partition it) — what decomposing a change into units' contributions needs (src/core/contributions.ts).
 */
export async function computeFigureParts(
  db: Db,
  indicatorCode: string,
  orgUnitIds: readonly number[],
  periodIds: readonly string[],
  options: { dataStatus?: DataStatus } = {},
): Promise<{ factor: number; additive: boolean; constantDenominator: boolean; cells: Map<string, FigureParts> }> {
  const lookups = databaseLookups(db);
  const dx = await resolveDx(lookups, [indicatorCode]);
  const item = dx.items[0];
  if (item?.kind !== 'INDICATOR') throw new RangeError(`${indicatorCode} is not an indicator`);
  const plan = planReferences(dx);
  const cells = new Map<string, FigureParts>();
  const result = {
    factor: item.indicator.factor,
    additive: plan.refs.every((r) => r.aggregationType === 'SUM'),
    constantDenominator: listReferences(item.denominator).length === 0,
    cells,
  };
  if (orgUnitIds.length === 0 || periodIds.length === 0) return result;
  const periods = resolvePe(periodIds, '2000-01-01');
  const units = await lookups.unitsByCodesOrIds([], orgUnitIds);
  const earliestStart = periods.reduce((a, p) => (p.startDate < a ? p.startDate : a), periods[0].startDate);
  const { groups } = unitGroupsOf(units, false, buildPredecessors(await lookups.lineage()), earliestStart);
  const periodGroups = periods.map((p) => ({ key: p.id, periods: [p] }));
  const periodSpecs = await storedPeriodSpecs(lookups, periodGroups);
  const unitSpecs = groups.flatMap((g, group) => g.specs.map((s) => ({ ...s, group })));
  const byRef = plan.refs.map(() => new Map<string, number>());
  for (const row of await repo.aggregateRaw(db, { refs: plan.refs, periods: periodSpecs, units: unitSpecs, minStatus: MIN_STATUS[options.dataStatus ?? 'SUBMITTED'] })) {
    const value = row[plan.refs[row.ref].aggregationType];
    if (value !== null && value !== undefined && Number.isFinite(value)) byRef[row.ref].set(`${row.pg}:${row.og}`, value);
  }
  for (let pg = 0; pg < periodGroups.length; pg++) {
    for (let og = 0; og < groups.length; og++) {
      const key = `${pg}:${og}`;
      const resolve = (ref: Reference): number | null => {
        const index = plan.refIndex.get(toReferenceKey(ref));
        return index === undefined ? null : (byRef[index].get(key) ?? null);
      };
      const numerator = evaluateExpression(item.numerator, resolve);
      const denominator = evaluateExpression(item.denominator, resolve);
      if (numerator === null && denominator === null) continue;
      cells.set(`${(groups[og].unit as repo.UnitRow).id}|${periodGroups[pg].key}`, { numerator, denominator });
    }
  }
  return result;
}

/** Values only (see computeFigures): keys `${orgUnitId}|${periodId}`, missing cells absent. */
export async function computeValues(db: Db, dxId: string, orgUnitIds: readonly number[], periodIds: readonly string[], options: { dataStatus?: DataStatus } = {}): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  for (const [key, figure] of await computeFigures(db, dxId, orgUnitIds, periodIds, { ...options, coverage: false })) if (figure.value !== null) out.set(key, figure.value);
  return out;
}

/** An expected report that has not arrived (with the data status asked for): who, which period, what it lacks. */
export interface MissingReport {
  orgUnit: string;
  orgUnitName: string;
  period: string;
  dataElements: string[];
}

/**
 * Who is missing from one cell of a dx item for one org unit and period — the units behind "chưa đủ số liệu".
 * Submitted and approved data count unless asked otherwise; at most `limit` reports are listed.
 */
export async function listMissingReports(db: Db, dxId: string, orgUnitId: number, periodId: string, options: { dataStatus?: DataStatus; limit?: number } = {}): Promise<MissingReport[]> {
  const minStatus = MIN_STATUS[options.dataStatus ?? 'SUBMITTED'];
  const lookups = databaseLookups(db);
  const dx = await resolveDx(lookups, [dxId]);
  const periods = resolvePe([periodId], '2000-01-01');
  const units = await lookups.unitsByCodesOrIds([], [orgUnitId]);
  if (units.length === 0 || periods.length === 0) return [];
  const predecessors = buildPredecessors(await lookups.lineage());
  const { groups } = unitGroupsOf(units, false, predecessors, periods[0].startDate);
  const elementIds = elementsOfItems(dx).map((e) => e.elementId);
  const coveragePeriods = coveragePeriodsOf([{ key: periods[0].id, periods }], await lookups.regimePeriodTypes(elementIds));
  const rows = await repo.listMissingSlots(db, elementIds, coveragePeriods, groups[0].specs, minStatus, options.limit ?? 100);
  return rows.map((r) => ({ orgUnit: r.orgUnitCode, orgUnitName: r.orgUnitName, period: r.period, dataElements: r.missing }));
}
