import type { ServiceContext } from '../../http/context.ts';
import { assertPermission } from '../../access.ts';
import { notFound } from '../../http/errors.ts';
import { parsePeriod, previousPeriod } from '../../../core/periods.ts';
import { requireOrgUnitRef } from '../org-units/lookup.ts';
import { parseRegimePeriods, scanOutliers } from '../outliers/service.ts';
import { selectPeriodIds } from '../periods/repo.ts';
import { findRegimeRow, selectReportingUnits } from '../regimes/repo.ts';
import { selectStatusesOfPeriods } from '../report-status/repo.ts';
import { listActiveRules } from '../validation-rules/repo.ts';
import * as repo from './repo.ts';
import type { DataQualityQuery } from './schema.ts';

/** A report repeating the previous period's figures exactly is taken as copied when it has at least this many values. */
const MIN_VALUES_FOR_COPY = 3;
const DAY_MS = 86_400_000;

/** Counts per org unit; the scores of any subtree are sums over its units. */
interface UnitCounts {
  passed: number;
  failed: number;
  expected: number;
  received: number;
  onTime: number;
  late: number;
  values: number;
  outliers: number;
  duplicates: number;
  flagged: number;
  latest: number | null;
}

const emptyCounts = (): UnitCounts => ({ passed: 0, failed: 0, expected: 0, received: 0, onTime: 0, late: 0, values: 0, outliers: 0, duplicates: 0, flagged: 0, latest: null });

const rate = (part: number, whole: number): number | null => (whole === 0 ? null : Math.round((part / whole) * 1000) / 10);

function toQuality(c: UnitCounts, now: Date) {
  const clean = c.values - c.flagged;
  return {
    correct: { score: rate(c.passed, c.passed + c.failed), evaluated: c.passed + c.failed, passed: c.passed, failed: c.failed },
    complete: { score: rate(c.received, c.expected), expected: c.expected, received: c.received, missing: c.expected - c.received },
    clean: { score: rate(clean, c.values), values: c.values, outliers: c.outliers, duplicates: c.duplicates, clean },
    live: {
      score: rate(c.onTime, c.expected),
      expected: c.expected,
      onTime: c.onTime,
      late: c.late,
      latestValueAt: c.latest === null ? null : new Date(c.latest).toISOString(),
      latestValueAgeDays: c.latest === null ? null : Math.max(0, Math.floor((now.getTime() - c.latest) / DAY_MS)),
    },
  };
}

function sumCounts(list: UnitCounts[]): UnitCounts {
  const total = emptyCounts();
  for (const c of list) {
    total.passed += c.passed;
    total.failed += c.failed;
    total.expected += c.expected;
    total.received += c.received;
    total.onTime += c.onTime;
    total.late += c.late;
    total.values += c.values;
    total.outliers += c.outliers;
    total.duplicates += c.duplicates;
    total.flagged += c.flagged;
    if (c.latest !== null && (total.latest === null || c.latest > total.latest)) total.latest = c.latest;
  }
  return total;
}

/**
 * The four qualities of a regime's data in a subtree and periods, each scored 0–100 with its counts:
 * - correct: share of stored validation outcomes (latest run or submission) that passed;
 * - complete: reports received (submitted or approved) out of those expected from the assigned units;
 * - clean: share of values neither flagged as outliers nor duplicated (a report repeating the
 *   previous period's figures exactly, with at least three values, counts as duplicated);
 * - live: reports received on time out of those expected, with the age of the latest value.
 */
export async function getDataQuality(ctx: ServiceContext, q: DataQualityQuery) {
  const regime = await findRegimeRow(ctx.db, q.regime);
  if (!regime) throw notFound('chế độ báo cáo', 'Report regime', q.regime);
  const unit = await requireOrgUnitRef(ctx.db, q.orgUnit, 'query.orgUnit');
  assertPermission(ctx.actor, 'data.read', unit.path);
  const requested = [...(q.period ? [q.period] : []), ...(q.periods ? q.periods.split(',') : [])];
  const periods = parseRegimePeriods(requested, regime.periodType, q.periods ? 'query.periods' : 'query.period');
  const previous = new Map(periods.map((p) => [p, previousPeriod(p)]));
  const periodIds = new Map((await selectPeriodIds(ctx.db, [...periods, ...previous.values()])).map((r) => [r.iso, r.id]));
  const targetIds = periods.map((p) => periodIds.get(p)).filter((id): id is number => id !== undefined);

  const counts = new Map<number, UnitCounts>();
  const countsOf = (orgUnitId: number): UnitCounts => {
    let c = counts.get(orgUnitId);
    if (!c) counts.set(orgUnitId, (c = emptyCounts()));
    return c;
  };
  const paths = new Map<number, string>();

  // Complete and live: expected units per period against the report statuses.
  const statuses = new Map((await selectStatusesOfPeriods(ctx.db, regime.id, targetIds)).map((s) => [`${s.orgUnitId}:${s.periodId}`, s]));
  for (const iso of periods) {
    const expected = await selectReportingUnits(ctx.db, regime.id, parsePeriod(iso).endDate, [unit.path]);
    const periodId = periodIds.get(iso);
    for (const u of expected) {
      paths.set(u.id, u.path);
      const c = countsOf(u.id);
      c.expected += 1;
      const status = periodId === undefined ? undefined : statuses.get(`${u.id}:${periodId}`);
      if (status && (status.status === 'SUBMITTED' || status.status === 'APPROVED')) {
        c.received += 1;
        if (status.isLate === true) c.late += 1;
        else c.onTime += 1;
      }
    }
  }

  // Correct: the stored outcomes of the rules that apply to the regime's form.
  const rules = await listActiveRules(ctx.db, regime.id);
  for (const r of await repo.countRuleResults(ctx.db, { ruleIds: rules.map((x) => x.id), periodIds: targetIds, subtreePath: unit.path })) {
    const c = countsOf(r.orgUnitId);
    if (r.status === 'PASS') c.passed += r.n;
    else c.failed += r.n;
  }

  // Clean: outliers and copied reports among the values of the periods; live: the latest value.
  const allIds = [...periodIds.values()];
  const values = await repo.loadFormValues(ctx.db, { regimeId: regime.id, periodIds: allIds, subtreePath: unit.path });
  const reports = new Map<string, Map<string, string>>();
  for (const v of values) {
    const key = `${v.orgUnitId}:${v.periodId}`;
    let report = reports.get(key);
    if (!report) reports.set(key, (report = new Map()));
    report.set(`${v.dataElementId}:${v.optionId}`, v.value !== null ? String(v.value) : (v.textValue ?? ''));
  }
  const targetSet = new Set(targetIds);
  for (const v of values) {
    if (!targetSet.has(v.periodId)) continue;
    const c = countsOf(v.orgUnitId);
    c.values += 1;
    const at = new Date(v.updatedAt).getTime();
    if (c.latest === null || at > c.latest) c.latest = at;
  }
  const flaggedKeys = new Set<string>();
  const scan = await scanOutliers(ctx.db, { regimeId: regime.id, periodType: regime.periodType, subtreePath: unit.path, periods });
  for (const f of scan.flagged) {
    countsOf(f.orgUnitId).outliers += 1;
    flaggedKeys.add(`${f.orgUnitId}:${f.periodId}:${f.dataElementId}:${f.optionId}`);
  }
  for (const iso of periods) {
    const periodId = periodIds.get(iso);
    const prevId = periodIds.get(previous.get(iso) ?? '');
    if (periodId === undefined || prevId === undefined) continue;
    for (const [key, report] of reports) {
      const [orgUnitId, pid] = key.split(':').map(Number);
      if (pid !== periodId || report.size < MIN_VALUES_FOR_COPY) continue;
      const before = reports.get(`${orgUnitId}:${prevId}`);
      if (!before || before.size !== report.size) continue;
      const same = [...report].every(([k, v]) => before.get(k) === v);
      const allZero = [...report.values()].every((v) => v === '0' || v === '');
      if (!same || allZero) continue;
      countsOf(orgUnitId).duplicates += report.size;
      for (const k of report.keys()) flaggedKeys.add(`${orgUnitId}:${periodId}:${k}`);
    }
  }
  for (const key of flaggedKeys) countsOf(Number(key.split(':')[0])).flagged += 1;

  // Units seen only through values or results still need their path to be placed under a child.
  const unknown = [...counts.keys()].filter((id) => !paths.has(id));
  if (unknown.length > 0) {
    for (const r of await repo.findUnitPaths(ctx.db, unknown)) paths.set(r.id, r.path);
  }

  const now = ctx.clock();
  const en = ctx.lang === 'en';
  const result: {
    regime: string;
    orgUnit: { code: string; name: string };
    periods: string[];
    quality: ReturnType<typeof toQuality>;
    children?: { orgUnit: { code: string; name: string }; quality: ReturnType<typeof toQuality> }[];
  } = {
    regime: regime.code,
    orgUnit: { code: unit.code, name: unit.nameVi },
    periods,
    quality: toQuality(sumCounts([...counts.values()]), now),
  };
  if (q.byChild === 'true') {
    const children = await repo.listChildUnits(ctx.db, unit.id);
    result.children = children.map((child) => ({
      orgUnit: { code: child.code, name: (en && child.nameEn) || child.nameVi },
      quality: toQuality(sumCounts([...counts].filter(([id]) => (paths.get(id) ?? '').startsWith(child.path)).map(([, c]) => c)), now),
    }));
  }
  return result;
}
