import type { Db } from '../../db/db.ts';
import type { ServiceContext } from '../../http/context.ts';
import { assertPermission } from '../../access.ts';
import { badRequest, notFound } from '../../http/errors.ts';
import { detectOutlier, type HistoryValue, type OutlierResult } from '../../../core/outliers.ts';
import { parsePeriod, previousPeriod, type PeriodType } from '../../../core/periods.ts';
import { requireOrgUnitRef } from '../org-units/lookup.ts';
import { findRegimeRow } from '../regimes/repo.ts';
import * as repo from './repo.ts';
import type { OutliersQuery } from './schema.ts';

/** How many earlier periods make a unit's recent history, per period type. */
const RECENT_PERIODS: Record<PeriodType, number> = {
  DAILY: 30,
  WEEKLY: 26,
  MONTHLY: 12,
  QUARTERLY: 8,
  SIXMONTHLY: 6,
  NINEMONTHLY: 5,
  YEARLY: 5,
};
const PERIODS_PER_YEAR: Record<PeriodType, number> = {
  DAILY: 366,
  WEEKLY: 53,
  MONTHLY: 12,
  QUARTERLY: 4,
  SIXMONTHLY: 2,
  NINEMONTHLY: 1,
  YEARLY: 1,
};
/** Seasonal elements are compared with the same month of up to this many earlier years. */
const SEASONAL_YEARS = 5;

export interface OutlierFinding {
  dataElementId: number;
  orgUnitId: number;
  optionId: number;
  periodId: number;
  period: string;
  value: number;
  historyCount: number;
  result: OutlierResult;
}

export interface OutlierScan {
  /** Values checked (numeric values of the regime's form in the subtree and periods). */
  checked: number;
  flagged: OutlierFinding[];
  elements: repo.CheckedElementRow[];
}

/** Parses the periods of a request and makes sure they are of the regime's period type. */
export function parseRegimePeriods(isos: string[], periodType: PeriodType, field: string): string[] {
  const unique = [...new Set(isos.map((s) => s.trim()).filter(Boolean))];
  if (unique.length === 0) {
    throw badRequest('PERIOD_REQUIRED', 'Cần chọn ít nhất một kỳ báo cáo', 'At least one period is required', [
      { path: field, messageVi: 'Cần chọn ít nhất một kỳ', messageEn: 'At least one period is required' },
    ]);
  }
  for (const iso of unique) {
    const p = parsePeriod(iso);
    if (p.type !== periodType) {
      throw badRequest('PERIOD_TYPE_MISMATCH', `Kỳ '${iso}' không phải là kỳ ${periodType} của chế độ báo cáo`, `Period '${iso}' is not a ${periodType} period of the regime`, [
        { path: field, messageVi: `Kỳ '${iso}' không đúng loại kỳ của chế độ`, messageEn: `Period '${iso}' is not of the regime's period type` },
      ]);
    }
  }
  return unique;
}

/**
 * Checks every numeric value of a regime's form in a subtree and periods against the unit's own
 * earlier values (one query for the values and their history) and the element's bounds.
 */
export async function scanOutliers(db: Db, q: { regimeId: number; periodType: PeriodType; subtreePath: string; periods: string[] }): Promise<OutlierScan> {
  const elements = await repo.listNumericElements(db, q.regimeId);
  if (elements.length === 0 || q.periods.length === 0) return { checked: 0, flagged: [], elements };
  const targets = q.periods.map((iso) => parsePeriod(iso)).sort((a, b) => (a.startDate < b.startDate ? -1 : 1));
  const rows = await repo.loadSeries(db, {
    elementIds: elements.map((e) => e.id),
    periodType: q.periodType,
    recentFrom: parsePeriod(previousPeriod(targets[0].id, RECENT_PERIODS[q.periodType])).startDate,
    toDate: targets[targets.length - 1].startDate,
    subtreePath: q.subtreePath,
    seasonalElementIds: elements.filter((e) => e.seasonal).map((e) => e.id),
    seasonalFrom: parsePeriod(previousPeriod(targets[0].id, SEASONAL_YEARS * PERIODS_PER_YEAR[q.periodType])).startDate,
    months: [...new Set(targets.map((t) => Number(t.startDate.slice(5, 7))))],
  });

  const targetIsos = new Set(targets.map((t) => t.id));
  const series = new Map<string, repo.SeriesValueRow[]>();
  for (const row of rows) {
    const key = `${row.dataElementId}:${row.orgUnitId}:${row.optionId}`;
    let list = series.get(key);
    if (!list) series.set(key, (list = []));
    list.push(row);
  }
  const byId = new Map(elements.map((e) => [e.id, e]));
  const flagged: OutlierFinding[] = [];
  let checked = 0;
  for (const list of series.values()) {
    list.sort((a, b) => (a.startDate < b.startDate ? -1 : a.startDate > b.startDate ? 1 : 0));
    list.forEach((row, index) => {
      if (!targetIsos.has(row.iso)) return;
      const element = byId.get(row.dataElementId);
      if (!element) return;
      checked += 1;
      const earlier = list.slice(0, index);
      const recentFrom = parsePeriod(previousPeriod(row.iso, RECENT_PERIODS[q.periodType])).startDate;
      const month = row.startDate.slice(5, 7);
      const seasonalFrom = parsePeriod(previousPeriod(row.iso, SEASONAL_YEARS * PERIODS_PER_YEAR[q.periodType])).startDate;
      const history: HistoryValue[] = earlier
        .filter((h) => h.startDate >= recentFrom || (element.seasonal && h.startDate >= seasonalFrom && h.startDate.slice(5, 7) === month))
        .map((h) => ({ periodStart: h.startDate, value: h.value }));
      const result = detectOutlier(row.value, history, {
        seasonal: element.seasonal,
        periodStart: row.startDate,
        min: element.minValue,
        max: element.maxValue !== null && element.minValue !== null && element.maxValue < element.minValue ? null : element.maxValue,
      });
      if (!result.isOutlier) return;
      flagged.push({
        dataElementId: row.dataElementId,
        orgUnitId: row.orgUnitId,
        optionId: row.optionId,
        periodId: row.periodId,
        period: row.iso,
        value: row.value,
        historyCount: history.length,
        result,
      });
    });
  }
  return { checked, flagged, elements };
}

/** GET /api/outliers: flagged values of a regime in a subtree and periods, with reasons and expected ranges. */
export async function listOutliers(ctx: ServiceContext, q: OutliersQuery) {
  const regime = await findRegimeRow(ctx.db, q.regime);
  if (!regime) throw notFound('chế độ báo cáo', 'Report regime', q.regime);
  const unit = await requireOrgUnitRef(ctx.db, q.orgUnit, 'query.orgUnit');
  assertPermission(ctx.actor, 'data.read', unit.path);
  const requested = [...(q.period ? [q.period] : []), ...(q.periods ? q.periods.split(',') : [])];
  const periods = parseRegimePeriods(requested, regime.periodType, q.periods ? 'query.periods' : 'query.period');
  const scan = await scanOutliers(ctx.db, { regimeId: regime.id, periodType: regime.periodType, subtreePath: unit.path, periods });

  const en = ctx.lang === 'en';
  const elements = new Map(scan.elements.map((e) => [e.id, e]));
  const options = new Map((await repo.findOptionNames(ctx.db, [...new Set(scan.flagged.map((f) => f.optionId).filter((id) => id !== 0))])).map((o) => [o.id, o]));
  const units = new Map((await repo.findUnitNames(ctx.db, [...new Set(scan.flagged.map((f) => f.orgUnitId))])).map((u) => [u.id, u]));
  const items = scan.flagged.map((f) => {
    const el = elements.get(f.dataElementId);
    const opt = options.get(f.optionId);
    const ou = units.get(f.orgUnitId);
    return {
      dataElement: { code: el?.code ?? String(f.dataElementId), name: (en && el?.nameEn) || el?.nameVi || '' },
      option: opt ? { code: opt.code, name: (en && opt.nameEn) || opt.nameVi } : null,
      orgUnit: { code: ou?.code ?? String(f.orgUnitId), name: (en && ou?.nameEn) || ou?.nameVi || '' },
      period: f.period,
      value: f.value,
      reasons: f.result.reasons.map((r) => ({ code: r.code, message: en ? r.messageEn : r.messageVi })),
      basis: f.result.basis,
      expectedLow: f.result.expectedLow,
      expectedHigh: f.result.expectedHigh,
      median: f.result.median,
      score: f.result.score,
      historyCount: f.historyCount,
      sortOrder: el?.sortOrder ?? 0,
    };
  });
  items.sort((a, b) => a.orgUnit.code.localeCompare(b.orgUnit.code) || a.period.localeCompare(b.period) || a.sortOrder - b.sortOrder || (a.option?.code ?? '').localeCompare(b.option?.code ?? ''));
  return {
    regime: regime.code,
    orgUnit: unit.code,
    periods,
    checked: scan.checked,
    flagged: items.length,
    items: items.map(({ sortOrder: _sortOrder, ...rest }) => rest),
  };
}
