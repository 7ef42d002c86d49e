import type { Db } from '../../db/db.ts';
import type { ServiceContext } from '../../http/context.ts';
import { assertPermissionAnywhere } from '../../access.ts';
import { badRequest, notFound } from '../../http/errors.ts';
import { dueDate, formatPeriod, lockDate, parsePeriod, periodForDate, reportingWindow, type CutoffRule, type PeriodType } from '../../../core/periods.ts';
import { findRegimeRow } from '../regimes/repo.ts';
import * as repo from './repo.ts';

/**
 * The integer ids of the given ISO periods, inserting the rows that do not exist yet (with their
 * calendar start and end). Throws a PeriodError for an identifier that is not a period.
 */
export async function ensurePeriodIds(db: Db, isoIds: readonly string[]): Promise<Map<string, number>> {
  const unique = [...new Set(isoIds)];
  const out = new Map<string, number>();
  if (unique.length === 0) return out;
  for (const row of await repo.selectPeriodIds(db, unique)) out.set(row.iso, row.id);
  const missing = unique.filter((iso) => !out.has(iso));
  if (missing.length > 0) {
    await repo.insertPeriods(
      db,
      missing.map((iso) => {
        const p = parsePeriod(iso);
        return { iso, type: p.type, startDate: p.startDate, endDate: p.endDate };
      }),
    );
    for (const row of await repo.selectPeriodIds(db, missing)) out.set(row.iso, row.id);
  }
  return out;
}

export interface RegimeTiming {
  periodType: PeriodType;
  cutoffRule: CutoffRule;
  deadlineDays: number;
  lockAfterDays: number | null;
}

/** Start, end, cut-off window, due and lock dates of a period under a regime's timing. */
export function describePeriod(iso: string, timing?: RegimeTiming) {
  const p = parsePeriod(iso);
  const base = { id: p.id, type: p.type, startDate: p.startDate, endDate: p.endDate, labelVi: formatPeriod(p.id, 'vi'), labelEn: formatPeriod(p.id, 'en') };
  if (!timing) return { ...base, window: null, dueDate: null, lockDate: null };
  return {
    ...base,
    window: reportingWindow(p.id, timing.cutoffRule),
    dueDate: dueDate(p.id, timing.cutoffRule, timing.deadlineDays),
    lockDate: lockDate(p.id, timing.cutoffRule, timing.deadlineDays, timing.lockAfterDays),
  };
}

async function regimeTiming(db: Db, code: string): Promise<RegimeTiming & { code: string }> {
  const r = await findRegimeRow(db, code);
  if (!r) throw notFound('chế độ báo cáo', 'Report regime', code);
  return { code: r.code, periodType: r.periodType, cutoffRule: r.cutoffRule, deadlineDays: r.deadlineDays, lockAfterDays: r.lockAfterDays };
}

export async function getPeriod(ctx: ServiceContext, iso: string, regimeCode?: string) {
  assertPermissionAnywhere(ctx.actor, 'metadata.read');
  if (!regimeCode) return { ...describePeriod(iso), regime: null };
  const timing = await regimeTiming(ctx.db, regimeCode);
  const p = parsePeriod(iso);
  if (p.type !== timing.periodType) {
    throw badRequest('PERIOD_TYPE_MISMATCH', `Kỳ ${iso} không phải kỳ ${timing.periodType} của chế độ ${timing.code}`, `Period ${iso} is not a ${timing.periodType} period of regime ${timing.code}`, [
      { path: 'params.id', messageVi: 'Sai loại kỳ', messageEn: 'Wrong period type' },
    ]);
  }
  return { ...describePeriod(iso, timing), regime: { code: timing.code, cutoffRule: timing.cutoffRule, deadlineDays: timing.deadlineDays, lockAfterDays: timing.lockAfterDays } };
}

export async function getPeriodForDate(ctx: ServiceContext, q: { date: string; type?: PeriodType; rule?: CutoffRule; regime?: string }) {
  assertPermissionAnywhere(ctx.actor, 'metadata.read');
  let timing: (RegimeTiming & { code: string }) | null = null;
  if (q.regime) timing = await regimeTiming(ctx.db, q.regime);
  const type = timing?.periodType ?? q.type;
  if (!type) {
    throw badRequest('PERIOD_TYPE_REQUIRED', 'Cần loại kỳ (type) hoặc chế độ báo cáo (regime)', 'Give a period type (type) or a regime', [
      { path: 'querystring.type', messageVi: 'Bắt buộc khi không có regime', messageEn: 'Required without regime' },
    ]);
  }
  const rule = timing?.cutoffRule ?? q.rule ?? 'CALENDAR';
  const p = periodForDate(type, rule, q.date);
  return { date: q.date, rule, ...describePeriod(p.id, timing ?? undefined), regime: timing ? timing.code : null };
}
