import type { z } from 'zod';
import type { targetSchema } from './schema.ts';
import type { ServiceContext } from '../../http/context.ts';
import type { Db } from '../../db/db.ts';
import { assertPermission, hasPermission, permittedPaths, type Actor } from '../../access.ts';
import { badRequest, conflict, notFound, unauthenticated } from '../../http/errors.ts';
import { comparePeriods, nextPeriod, parsePeriod, periodOf, previousPeriod, tryParsePeriod, vietnamDate } from '../../../core/periods.ts';
import {
  backtestForecast,
  boundedProgress,
  classifyEndedTarget,
  classifyTargetStatus,
  forecastSeries,
  forecastShare,
  type BacktestResult,
  type ForecastMethod,
  type TargetStatus,
} from '../../../core/forecast.ts';
import { recordAudit } from '../audit/service.ts';
import { requireOrgUnitRef } from '../org-units/lookup.ts';
import { requireIndicator } from '../indicators/service.ts';
import { computeFigures, listMissingReports, type Coverage, type Figure, type MissingReport } from '../analytics/service.ts';
import * as repo from './repo.ts';
import type { CreateTargetInput, UpdateTargetInput } from './schema.ts';

/**
 * Granularities tried in turn: monthly history when the indicator has it (most do), otherwise
 * quarterly or yearly (GDP-based indicators are reported once a year).
 */
const GRANULARITIES: { type: 'MONTHLY' | 'QUARTERLY' | 'YEARLY'; history: number; seasonLength: number }[] = [
  { type: 'MONTHLY', history: 36, seasonLength: 12 },
  { type: 'QUARTERLY', history: 16, seasonLength: 4 },
  { type: 'YEARLY', history: 10, seasonLength: 0 },
];

/** A period's figure with how much of it is in (null coverage: no regime expects this figure). */
export interface CoveredValue {
  period: string;
  value: number;
  coverage: Coverage | null;
}

export interface TargetEvaluation {
  /** Which data the evaluation counts (submitted and approved: drafts never move a target; approved only for open data). */
  dataStatus: 'SUBMITTED' | 'APPROVED';
  /** Whether the target period has ended: the verdict is then MET or MISSED by the final value. */
  isEnded: boolean;
  /** The latest period whose coverage reaches the indicator's threshold, and its value. */
  latest: CoveredValue | null;
  /** A newer period with figures that are not complete enough to be judged yet, and who is missing. */
  pending: { period: string; value: number | null; coverage: Coverage; missing: MissingReport[] } | null;
  /** The value of the target period itself, once it has ended. */
  final: { period: string; value: number | null; coverage: Coverage | null; missing: MissingReport[] } | null;
  /** (value − baseline) / (target − baseline), not bounded: 0 at the baseline, 1 at the target. */
  progress: number | null;
  /** The same, bounded to 0–1 for a bar. */
  progressShown: number | null;
  status: TargetStatus;
  forecast: {
    method: ForecastMethod;
    period: string;
    horizon: number;
    value: number;
    lower: number | null;
    upper: number | null;
    level: number;
    /** SHARE: forecast on the logit scale within 0–100; LINEAR: on the indicator's own scale. */
    scale: 'SHARE' | 'LINEAR';
  } | null;
  /** Values the forecast was fitted to (monthly, else quarterly or yearly), oldest first: the sparkline. */
  series: { period: string; value: number }[];
  nextMilestone: { period: string; value: number } | null;
  backtest?: (Pick<BacktestResult, 'origins' | 'mae' | 'mape' | 'coverage'> & { horizon: number }) | null;
}

/** Periods of the same type from `from` to `to` (0 when equal, negative when `to` is earlier). */
function stepsBetween(from: string, to: string): number {
  const c = comparePeriods(from, to);
  if (c === 0) return 0;
  let steps = 0;
  let p = from;
  while (comparePeriods(p, to) < 0 && steps < 10_000) {
    p = nextPeriod(p);
    steps++;
  }
  return c > 0 ? -1 : steps;
}

/** Whether a figure is complete enough to be judged: coverage at the threshold, or nothing expected at all. */
function isJudgeable(figure: Figure | undefined, minCoverage: number): boolean {
  if (!figure || figure.value === null) return false;
  return figure.coverage === null || figure.coverage.share >= minCoverage - 1e-9;
}

/** A share: a percentage indicator whose history stays within 0–100. */
function isShareSeries(target: repo.TargetRow, series: readonly { value: number }[]): boolean {
  return target.indicatorUnit?.trim() === '%' && series.every((p) => p.value >= 0 && p.value <= 100);
}

/**
 * Where a target stands, from submitted and approved figures only. A period counts only when enough of the
 * expected units are in (the indicator's threshold, complete by default); a newer incomplete period is
 * reported as pending with who is missing. A target whose period has ended is MET or MISSED by the value of
 * the target period (or INSUFFICIENT_DATA while that period is incomplete). Shares are forecast on the logit
 * scale, so the forecast and its band stay within 0–100.
 */
export async function evaluateTarget(
  db: Db,
  target: repo.TargetRow,
  today: string,
  options: {
    backtest?: boolean;
    /** APPROVED for what is published (open data); SUBMITTED (submitted and approved) otherwise. */
    dataStatus?: 'SUBMITTED' | 'APPROVED';
    /** No figure of a period ending after this one counts (a release of open data covers periods up to its last). */
    lastPeriod?: string;
  } = {},
): Promise<TargetEvaluation> {
  const dataStatus = options.dataStatus ?? 'SUBMITTED';
  const cap = options.lastPeriod ? parsePeriod(options.lastPeriod).endDate : null;
  const targetEnd = parsePeriod(target.targetPeriod).endDate;
  const isEnded = targetEnd < today && (cap === null || targetEnd <= cap);
  let asOf = today < targetEnd ? today : targetEnd;
  if (cap !== null && cap < asOf) asOf = cap;
  const minCoverage = target.minCoverage ?? 1;
  let series: { period: string; value: number }[] = [];
  let granularity = GRANULARITIES[0];
  let latest: CoveredValue | null = null;
  let pending: TargetEvaluation['pending'] = null;
  for (const g of GRANULARITIES) {
    // Under Decree 09 the month being reported runs ahead of the calendar (from the 15th the form
    // is for next month), so look one period past today; trailing empty periods are dropped below.
    const current = periodOf(g.type, asOf).id;
    const ahead = nextPeriod(current);
    let last = comparePeriods(ahead, periodOf(g.type, targetEnd).id) <= 0 ? ahead : current;
    while (cap !== null && parsePeriod(last).endDate > cap) last = previousPeriod(last);
    const periods = Array.from({ length: g.history }, (_, i) => previousPeriod(last, g.history - 1 - i));
    const figures = await computeFigures(db, target.indicatorCode, [target.orgUnitId], periods, { dataStatus });
    const byPeriod = periods.map((p) => ({ period: p, figure: figures.get(`${target.orgUnitId}|${p}`) }));
    // The latest period complete enough to judge; newer periods with figures are pending, not judged.
    let end = byPeriod.length - 1;
    while (end >= 0 && !isJudgeable(byPeriod[end].figure, minCoverage)) end--;
    const newest = [...byPeriod].reverse().find((p) => p.figure?.value !== null && p.figure?.value !== undefined);
    if (end < 0 && !newest) continue;
    granularity = g;
    if (newest && (end < 0 || comparePeriods(newest.period, byPeriod[end].period) > 0) && newest.figure?.coverage) {
      pending = { period: newest.period, value: newest.figure.value, coverage: newest.figure.coverage, missing: [] };
    }
    if (end >= 0) {
      // The forecast needs equally spaced values: the latest unbroken run of judgeable periods.
      let start = end;
      while (start > 0 && isJudgeable(byPeriod[start - 1].figure, minCoverage)) start--;
      series = byPeriod.slice(start, end + 1).map((p) => ({ period: p.period, value: p.figure!.value as number }));
      const f = byPeriod[end].figure!;
      latest = { period: byPeriod[end].period, value: f.value as number, coverage: f.coverage };
    }
    break;
  }
  if (pending) pending.missing = await listMissingReports(db, target.indicatorCode, target.orgUnitId, pending.period);
  const targetStep = periodOf(granularity.type, targetEnd).id;
  const milestones = [...target.milestones].sort((a, b) => comparePeriods(a.period, b.period));
  const nextMilestone = milestones.find((m) => (tryParsePeriod(m.period)?.endDate ?? '') >= today) ?? null;

  let forecast: TargetEvaluation['forecast'] = null;
  let backtest: TargetEvaluation['backtest'];
  if (latest && !isEnded) {
    const horizon = stepsBetween(latest.period, targetStep);
    if (horizon > 0) {
      const share = isShareSeries(target, series);
      const values = series.map((p) => p.value);
      const seasonLength = granularity.seasonLength;
      const result = share ? forecastShare(values, horizon, { lower: 0, upper: 100 }, { seasonLength }) : forecastSeries(values, horizon, { seasonLength });
      const point = result.points[horizon - 1];
      if (point && result.method !== 'NONE') {
        forecast = { method: result.method, period: targetStep, horizon, value: point.value, lower: point.lower, upper: point.upper, level: result.level, scale: share ? 'SHARE' : 'LINEAR' };
      }
    }
  }
  if (latest && options.backtest) {
    const h = Math.min(6, Math.max(1, Math.floor(series.length / 4)));
    const minTrain = Math.max(3, series.length - 12 - h + 1);
    if (series.length >= minTrain + h) {
      const b = backtestForecast(
        series.map((p) => p.value),
        { horizon: h, minTrain, seasonLength: granularity.seasonLength },
      );
      backtest = { origins: b.origins, mae: b.mae, mape: b.mape, coverage: b.coverage, horizon: h };
    } else backtest = null;
  }

  let final: TargetEvaluation['final'] = null;
  let verdict: { status: TargetStatus; progress: number | null };
  if (isEnded) {
    const figure = (await computeFigures(db, target.indicatorCode, [target.orgUnitId], [target.targetPeriod], { dataStatus })).get(`${target.orgUnitId}|${target.targetPeriod}`);
    const complete = figure !== undefined && isJudgeable(figure, minCoverage);
    final = {
      period: target.targetPeriod,
      value: figure?.value ?? null,
      coverage: figure?.coverage ?? null,
      missing: figure?.coverage && figure.coverage.reported < figure.coverage.expected ? await listMissingReports(db, target.indicatorCode, target.orgUnitId, target.targetPeriod) : [],
    };
    verdict =
      figure?.value !== null && figure?.value !== undefined && !complete
        ? { status: 'INSUFFICIENT_DATA', progress: null }
        : classifyEndedTarget({ baseline: target.baselineValue, target: target.targetValue, direction: target.direction, final: figure?.value ?? null });
  } else {
    verdict = classifyTargetStatus({ baseline: target.baselineValue, target: target.targetValue, direction: target.direction, latest: latest?.value ?? null, forecast });
    if (verdict.status === 'NO_DATA' && pending) verdict = { status: 'INSUFFICIENT_DATA', progress: null };
  }
  return {
    dataStatus,
    isEnded,
    latest,
    pending,
    final,
    progress: verdict.progress,
    progressShown: boundedProgress(verdict.progress),
    status: verdict.status,
    forecast,
    series,
    nextMilestone,
    ...(options.backtest ? { backtest } : {}),
  };
}

/** The answer's shape is the response schema's: the compiler checks the two agree. */
function viewOf(row: repo.TargetRow, evaluation: TargetEvaluation): z.output<typeof targetSchema> {
  const { orgUnitPath: _path, ...rest } = row;
  return { ...rest, ...evaluation };
}

// In this process, one computation per (target, day, figure version) at a time: concurrent requests wait for it.
const inFlight = new Map<string, Promise<TargetEvaluation>>();
/** How many target evaluations one request computes side by side: a request never floods the pool. */
const EVALUATION_CONCURRENCY = 2;

/**
 * A target's evaluation as kept in target_evaluation: computed once per Vietnamese day and figure version
 * (the counter every change a judged figure depends on moves forward), then read by every request.
 */
export async function evaluateTargetCached(db: Db, target: repo.TargetRow, today: string, version: number, stored?: repo.StoredEvaluation): Promise<TargetEvaluation> {
  if (stored && stored.evaluatedFor === today && stored.figureVersion === version) return stored.evaluation as TargetEvaluation;
  const key = `${target.id}:${today}:${version}`;
  let pending = inFlight.get(key);
  if (!pending) {
    pending = (async () => {
      const evaluation = await evaluateTarget(db, target, today);
      await repo.storeEvaluation(db, target.id, today, version, evaluation);
      return evaluation;
    })().finally(() => inFlight.delete(key));
    inFlight.set(key, pending);
  }
  return pending;
}

async function mapLimited<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

export async function listTargets(ctx: ServiceContext, query: { orgUnit?: string; indicator?: string; status?: TargetStatus }) {
  if (ctx.actor.kind === 'anonymous') throw unauthenticated();
  const subtree = query.orgUnit ? (await requireOrgUnitRef(ctx.db, query.orgUnit, 'query.orgUnit')).path : undefined;
  const today = vietnamDate(ctx.clock());
  const version = ctx.figureVersion ?? (await repo.currentFigureVersion(ctx.db));
  const cache = ctx.analyticsCache;
  const allowed = permittedPaths(ctx.actor, 'data.read');
  let rows: repo.TargetRow[];
  let stored: Map<number, repo.StoredEvaluation>;
  if (cache) {
    // Every target and its stored evaluation, read once per figure_version by this process; the caller's
    // scope and filters are applied here, as the SQL would.
    const all = await cache.slot('targets.rows', version, () => repo.listTargets(ctx.db, { pathPrefixes: 'ALL' }));
    rows = all.filter(
      (r) => (allowed === 'ALL' || allowed.some((p) => r.orgUnitPath.startsWith(p))) && (!subtree || r.orgUnitPath.startsWith(subtree)) && (!query.indicator || r.indicatorCode === query.indicator),
    );
    stored = await cache.slot(
      `targets.evaluations`,
      version,
      async () =>
        new Map(
          (
            await repo.findEvaluations(
              ctx.db,
              all.map((r) => r.id),
            )
          ).map((e) => [e.targetId, e]),
        ),
    );
  } else {
    rows = await repo.listTargets(ctx.db, { pathPrefixes: allowed, subtreePath: subtree, indicatorCode: query.indicator });
    stored = new Map(
      (
        await repo.findEvaluations(
          ctx.db,
          rows.map((r) => r.id),
        )
      ).map((e) => [e.targetId, e]),
    );
  }
  const views = await mapLimited(rows, EVALUATION_CONCURRENCY, async (row) => {
    const evaluation = await evaluateTargetCached(ctx.db, row, today, version, stored.get(row.id));
    // Later requests of this process read it from memory.
    stored.set(row.id, { targetId: row.id, evaluatedFor: today, figureVersion: version, evaluation });
    return viewOf(row, evaluation);
  });
  return views.filter((view) => !query.status || view.status === query.status);
}

/**
 * Targets by id with their evaluation as kept in target_evaluation (submitted and approved figures, judged
 * against the coverage threshold; recomputed when the day or the figures moved), for capabilities that judge
 * by them (commitments). With `readableBy`, only the targets that actor may read.
 */
export async function targetsByIds(db: Db, ids: readonly number[], today: string, readableBy?: Actor) {
  const rows = (await repo.findTargets(db, [...new Set(ids)])).filter((r) => !readableBy || hasPermission(readableBy, 'data.read', r.orgUnitPath));
  if (rows.length === 0) return [];
  const version = await repo.currentFigureVersion(db);
  const stored = new Map(
    (
      await repo.findEvaluations(
        db,
        rows.map((r) => r.id),
      )
    ).map((e) => [e.targetId, e]),
  );
  return mapLimited(rows, EVALUATION_CONCURRENCY, async (row) => viewOf(row, await evaluateTargetCached(db, row, today, version, stored.get(row.id))));
}

async function requireTarget(db: Db, id: number): Promise<repo.TargetRow> {
  const row = await repo.findTarget(db, id);
  if (!row) throw notFound('mục tiêu', 'Target', id);
  return row;
}

/** One target with its evaluation and the forecast's back-test error on the same history. */
export async function getTarget(ctx: ServiceContext, id: number) {
  const row = await requireTarget(ctx.db, id);
  assertPermission(ctx.actor, 'data.read', row.orgUnitPath);
  return viewOf(row, await evaluateTarget(ctx.db, row, vietnamDate(ctx.clock()), { backtest: true }));
}

function checkPeriod(value: string | null | undefined, field: string): void {
  if (value && !tryParsePeriod(value)) {
    throw badRequest('INVALID_PERIOD', `Kỳ '${value}' không hợp lệ`, `Invalid period '${value}'`, [{ path: field, messageVi: `Kỳ '${value}' không hợp lệ`, messageEn: `Invalid period '${value}'` }]);
  }
}

function checkMilestones(milestones: { period: string }[]): void {
  milestones.forEach((m, i) => checkPeriod(m.period, `body.milestones[${i}].period`));
}

export async function createTarget(ctx: ServiceContext, input: CreateTargetInput, db: Db = ctx.db) {
  const unit = await requireOrgUnitRef(db, input.orgUnit, 'body.orgUnit');
  assertPermission(ctx.actor, 'metadata.write', unit.path);
  const indicator = await requireIndicator(db, input.indicator);
  checkPeriod(input.targetPeriod, 'body.targetPeriod');
  checkPeriod(input.baselinePeriod, 'body.baselinePeriod');
  checkMilestones(input.milestones);
  const owner = input.ownerOrgUnit ? await requireOrgUnitRef(db, input.ownerOrgUnit, 'body.ownerOrgUnit') : null;
  return db.transaction(async (tx) => {
    if (await repo.findTargetByKey(tx, indicator.id, unit.id, input.targetPeriod)) {
      throw conflict(
        'DUPLICATE_TARGET',
        `Đã có mục tiêu '${indicator.code}' cho ${unit.code} kỳ ${input.targetPeriod}`,
        `A target '${indicator.code}' for ${unit.code} in ${input.targetPeriod} already exists`,
      );
    }
    const id = await repo.insertTarget(tx, {
      indicatorId: indicator.id,
      orgUnitId: unit.id,
      targetPeriod: input.targetPeriod,
      baselineValue: input.baselineValue ?? null,
      baselinePeriod: input.baselinePeriod ?? null,
      targetValue: input.targetValue,
      milestones: input.milestones,
      sourceDocument: input.sourceDocument ?? null,
      ownerOrgUnitId: owner?.id ?? null,
      note: input.note ?? null,
    });
    const after = await requireTarget(tx, id);
    await recordAudit(tx, ctx.actor, { action: 'target.create', objectType: 'target', objectId: id, orgUnitId: unit.id, after });
    return after;
  });
}

export async function updateTarget(ctx: ServiceContext, id: number, input: UpdateTargetInput) {
  const before = await requireTarget(ctx.db, id);
  assertPermission(ctx.actor, 'metadata.write', before.orgUnitPath);
  checkPeriod(input.baselinePeriod, 'body.baselinePeriod');
  if (input.milestones) checkMilestones(input.milestones);
  const owner = input.ownerOrgUnit ? await requireOrgUnitRef(ctx.db, input.ownerOrgUnit, 'body.ownerOrgUnit') : input.ownerOrgUnit === null ? null : undefined;
  return ctx.db.transaction(async (tx) => {
    await repo.updateTargetRow(tx, id, {
      baselineValue: input.baselineValue === undefined ? before.baselineValue : input.baselineValue,
      baselinePeriod: input.baselinePeriod === undefined ? before.baselinePeriod : input.baselinePeriod,
      targetValue: input.targetValue ?? before.targetValue,
      milestones: input.milestones ?? before.milestones,
      sourceDocument: input.sourceDocument === undefined ? before.sourceDocument : input.sourceDocument,
      ownerOrgUnitId: owner === undefined ? before.ownerOrgUnitId : owner === null ? null : owner.id,
      note: input.note === undefined ? before.note : input.note,
    });
    const after = await requireTarget(tx, id);
    await recordAudit(tx, ctx.actor, { action: 'target.update', objectType: 'target', objectId: id, orgUnitId: before.orgUnitId, before, after });
    return after;
  });
}
