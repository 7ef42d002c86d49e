/**
 * Turns alert rules into alerts. Each rule type looks at its own evidence (report status, validation
 * results, outliers, targets, indicator values) and yields findings keyed by unit and period; an
 * evaluated key without a finding resolves the alert that was open for it (the report arrived, the
 * value came back under the threshold).
 */
import type { Db } from '../../db/db.ts';
import { ROLE_PERMISSIONS, SYSTEM_ACTOR, type Role } from '../../access.ts';
import { currentPeriod, dueDate, formatDate, formatPeriod, parsePeriod, periodOf, previousPeriod, type CutoffRule, type PeriodType, vietnamDate } from '../../../core/periods.ts';
import { listReferences, parseExpression } from '../../../core/expression.ts';
import { recordAudit } from '../audit/service.ts';
import { computeFigures } from '../analytics/service.ts';
import { formatNumber } from '../../../core/vietnamese.ts';
import { evaluateTargetCached } from '../targets/service.ts';
import * as targetsRepo from '../targets/repo.ts';
import { scanOutliers } from '../outliers/service.ts';
import * as repo from './repo.ts';
import * as tasksRepo from '../tasks/repo.ts';
import { deadlineStage, type DeadlineStage } from '../../../core/tasks.ts';
import { findRepeatOffenders } from '../takedown/service.ts';
import { commitmentsInStage, recordCommitmentReminders } from '../commitments/service.ts';

/** Values that arrived: ids as stored in data_value. */
export interface AffectedValues {
  elementIds: readonly number[];
  orgUnitIds: readonly number[];
  periodIds: readonly number[];
}

export interface EvaluationSummary {
  rules: number;
  raised: number;
  resolved: number;
  newAlertIds: number[];
}

interface Evaluation {
  findings: repo.Finding[];
  /** unit|period keys that were looked at; open alerts among them without a finding are resolved. */
  evaluated: Set<string>;
  /** Called in the transaction that raised a new alert for a finding (after its notifications). */
  onRaised?: (tx: Db, finding: repo.Finding, alertId: number) => Promise<void>;
  /**
   * unit|period keys whose alert, if it exists already (open or resolved), is raised again with its notifications:
   * it names something nobody was told of yet (a commitment that entered its stage after the alert was raised).
   */
  raiseAgain?: Set<string>;
}

const ACTING_ROLES = (Object.keys(ROLE_PERMISSIONS) as Role[]).filter((r) => ROLE_PERMISSIONS[r].includes('alert.act'));
/** How many past periods of a regime are checked for late reports. */
const LATE_LOOKBACK = 3;
const key = (orgUnitId: number, period: string) => `${orgUnitId}|${period}`;

interface UnitLite {
  id: number;
  code: string;
  nameVi: string;
  path: string;
}

async function unitsOfRule(db: Db, rule: repo.RuleRow, today: string): Promise<UnitLite[]> {
  const params: unknown[] = [today];
  let where = `(u.closing_date IS NULL OR u.closing_date > $1::date) AND (u.opening_date IS NULL OR u.opening_date <= $1::date)`;
  if (rule.orgUnitPath) {
    params.push(`${rule.orgUnitPath}%`);
    where += ` AND u.path LIKE $${params.length}`;
  }
  if (rule.level !== null) {
    params.push(rule.level);
    where += ` AND u.level = $${params.length}`;
  } else if (rule.orgUnitId !== null) {
    params.push(rule.orgUnitId);
    where += ` AND u.id = $${params.length}`;
  } else where += ' AND u.parent_id IS NULL';
  const { rows } = await db.query<UnitLite>(`SELECT u.id, u.code, u.name_vi AS "nameVi", u.path FROM org_unit u WHERE ${where} ORDER BY u.code`, params);
  return rows;
}

function compare(value: number, operator: NonNullable<repo.RuleRow['operator']>, threshold: number): boolean {
  switch (operator) {
    case '<':
      return value < threshold;
    case '<=':
      return value <= threshold;
    case '>':
      return value > threshold;
    case '>=':
      return value >= threshold;
    case '=':
      return value === threshold;
    case '<>':
      return value !== threshold;
  }
}

async function periodIsos(db: Db, periodIds: readonly number[]): Promise<string[]> {
  if (periodIds.length === 0) return [];
  const { rows } = await db.query<{ iso: string }>(`SELECT iso FROM period WHERE id = ANY($1::int[]) ORDER BY start_date`, [periodIds]);
  return rows.map((r) => r.iso);
}

async function evaluateThreshold(db: Db, rule: repo.RuleRow, today: string, periods: string[]): Promise<Evaluation> {
  const evaluated = new Set<string>();
  const findings: repo.Finding[] = [];
  if (!rule.indicatorCode || rule.operator === null || rule.threshold === null || periods.length === 0) return { findings, evaluated };
  const units = await unitsOfRule(db, rule, today);
  // Submitted and approved figures only, and only periods complete enough to judge: a figure built from
  // part of the units is not a national figure (its alert waits, and an open one stays open meanwhile).
  const figures = await computeFigures(
    db,
    rule.indicatorCode,
    units.map((u) => u.id),
    periods,
  );
  const minCoverage = rule.indicatorMinCoverage ?? 1;
  for (const unit of units) {
    for (const period of periods) {
      const figure = figures.get(`${unit.id}|${period}`);
      if (figure?.coverage && figure.coverage.share < minCoverage - 1e-9) continue;
      evaluated.add(key(unit.id, period));
      const value = figure?.value ?? undefined;
      if (value === undefined || !compare(value, rule.operator, rule.threshold)) continue;
      findings.push({
        orgUnitId: unit.id,
        period,
        value,
        titleVi: `${rule.nameVi}: ${unit.nameVi} ${formatPeriod(period, 'vi')} = ${formatNumber(value, 'vi')} (${rule.operator} ${formatNumber(rule.threshold, 'vi')})`,
        titleEn: `${rule.nameEn ?? rule.nameVi}: ${unit.code} ${formatPeriod(period, 'en')} = ${formatNumber(value, 'en')} (${rule.operator} ${formatNumber(rule.threshold, 'en')})`,
        evidenceUrl: `/api/analytics/explain?dx=${encodeURIComponent(rule.indicatorCode)}&pe=${period}&ou=${encodeURIComponent(unit.code)}`,
      });
    }
  }
  return { findings, evaluated };
}

interface RegimeRow {
  id: number;
  code: string;
  nameVi: string;
  periodType: PeriodType;
  cutoffRule: CutoffRule;
  deadlineDays: number;
}

async function regimesOfRule(db: Db, rule: repo.RuleRow): Promise<RegimeRow[]> {
  const { rows } = await db.query<RegimeRow>(
    `SELECT id, code, name_vi AS "nameVi", period_type AS "periodType", cutoff_rule AS "cutoffRule", deadline_days AS "deadlineDays"
       FROM report_regime WHERE is_active AND ($1::int IS NULL OR id = $1) ORDER BY code`,
    [rule.regimeId],
  );
  return rows;
}

async function evaluateReportLate(db: Db, rule: repo.RuleRow, today: string): Promise<Evaluation> {
  const evaluated = new Set<string>();
  const findings: repo.Finding[] = [];
  for (const regime of await regimesOfRule(db, rule)) {
    const current = currentPeriod(regime.periodType, regime.cutoffRule, today).id;
    const due = [current, ...Array.from({ length: LATE_LOOKBACK }, (_, i) => previousPeriod(current, i + 1))]
      .map((id) => ({ id, due: dueDate(id, regime.cutoffRule, regime.deadlineDays) }))
      .filter((p) => p.due < today);
    if (due.length === 0) continue;
    const { rows: units } = await db.query<UnitLite & { openingDate: string | null; closingDate: string | null }>(
      `SELECT DISTINCT u.id, u.code, u.name_vi AS "nameVi", u.path, u.opening_date AS "openingDate", u.closing_date AS "closingDate"
         FROM report_regime_assignment a
         JOIN org_unit u ON u.id = a.org_unit_id OR (a.level IS NOT NULL AND u.level = a.level)
              OR (a.group_id IS NOT NULL AND u.id IN (SELECT m.org_unit_id FROM org_unit_group_member m WHERE m.group_id = a.group_id))
        WHERE a.regime_id = $1 AND ($2::text IS NULL OR u.path LIKE $2 || '%')`,
      [regime.id, rule.orgUnitPath],
    );
    const { rows: statuses } = await db.query<{ orgUnitId: number; period: string; status: string }>(
      `SELECT rs.org_unit_id AS "orgUnitId", p.iso AS period, rs.status FROM report_status rs JOIN period p ON p.id = rs.period_id
        WHERE rs.regime_id = $1 AND p.iso = ANY($2::text[])`,
      [regime.id, due.map((p) => p.id)],
    );
    const submitted = new Set(statuses.filter((s) => s.status === 'SUBMITTED' || s.status === 'APPROVED').map((s) => key(s.orgUnitId, s.period)));
    for (const p of due) {
      const period = parsePeriod(p.id);
      for (const unit of units) {
        // A unit reports only for periods it existed in.
        if ((unit.openingDate && unit.openingDate > period.endDate) || (unit.closingDate && unit.closingDate < period.startDate)) continue;
        const k = key(unit.id, p.id);
        evaluated.add(k);
        if (submitted.has(k)) continue;
        findings.push({
          orgUnitId: unit.id,
          period: p.id,
          value: null,
          titleVi: `${unit.nameVi} chưa gửi báo cáo "${regime.nameVi}" ${formatPeriod(p.id, 'vi')} (hạn ${p.due})`,
          titleEn: `${unit.code} has not sent report "${regime.code}" for ${formatPeriod(p.id, 'en')} (due ${p.due})`,
          evidenceUrl: `/api/report-status?regime=${encodeURIComponent(regime.code)}&period=${p.id}&orgUnit=${encodeURIComponent(unit.code)}`,
        });
      }
    }
  }
  return { findings, evaluated };
}

async function evaluateTargetStatus(db: Db, rule: repo.RuleRow, today: string): Promise<Evaluation> {
  const evaluated = new Set<string>();
  const findings: repo.Finding[] = [];
  const targets = await targetsRepo.listTargets(db, { pathPrefixes: 'ALL', subtreePath: rule.orgUnitPath ?? undefined, indicatorCode: rule.indicatorCode ?? undefined });
  // The evaluations leadership reads: computed here once for the current figures, then read by every request.
  const version = await targetsRepo.currentFigureVersion(db);
  const stored = new Map(
    (
      await targetsRepo.findEvaluations(
        db,
        targets.map((x) => x.id),
      )
    ).map((e) => [e.targetId, e]),
  );
  for (const target of targets) {
    if (parsePeriod(target.targetPeriod).endDate < today) continue; // a past target is history, not a warning
    const k = key(target.orgUnitId, target.targetPeriod);
    const e = await evaluateTargetCached(db, target, today, version, stored.get(target.id));
    // Without a period complete enough to judge there is no verdict: an open alert neither rises nor resolves.
    if (e.status === 'INSUFFICIENT_DATA') continue;
    evaluated.add(k);
    if (e.status !== 'AT_RISK' && e.status !== 'OFF_TRACK') continue;
    const shown = (v: number | null | undefined, lang: 'vi' | 'en') => (v === null || v === undefined ? '—' : formatNumber(v, lang, target.indicatorDecimals));
    const word = e.status === 'AT_RISK' ? { vi: 'có nguy cơ không đạt', en: 'at risk' } : { vi: 'không đạt theo dự báo', en: 'off track' };
    findings.push({
      orgUnitId: target.orgUnitId,
      period: target.targetPeriod,
      value: e.forecast?.value ?? e.latest?.value ?? null,
      titleVi: `Mục tiêu "${target.indicatorNameVi}" ${target.targetPeriod} tại ${target.orgUnitName} ${word.vi}: dự báo ${shown(e.forecast?.value, 'vi')}, mục tiêu ${shown(target.targetValue, 'vi')}`,
      titleEn: `Target "${target.indicatorNameEn ?? target.indicatorCode}" ${target.targetPeriod} for ${target.orgUnitCode} ${word.en}: forecast ${shown(e.forecast?.value, 'en')}, target ${shown(target.targetValue, 'en')}`,
      evidenceUrl: `/api/targets/${target.id}`,
    });
  }
  return { findings, evaluated };
}

async function evaluateValidationErrors(db: Db, rule: repo.RuleRow, today: string): Promise<Evaluation> {
  const evaluated = new Set<string>();
  const findings: repo.Finding[] = [];
  const since = previousPeriod(periodOf('MONTHLY', today).id, 12);
  const { rows } = await db.query<{ orgUnitId: number; code: string; nameVi: string; period: string; failed: number; checked: number }>(
    `SELECT vr.org_unit_id AS "orgUnitId", ou.code, ou.name_vi AS "nameVi", p.iso AS period,
            count(*) FILTER (WHERE vr.status = 'FAIL')::int AS failed, count(*)::int AS checked
       FROM validation_result vr JOIN validation_rule r ON r.id = vr.rule_id AND r.importance = 'ERROR'
       JOIN org_unit ou ON ou.id = vr.org_unit_id JOIN period p ON p.id = vr.period_id
      WHERE p.start_date >= $1::date AND ($2::text IS NULL OR ou.path LIKE $2 || '%') AND ($3::int IS NULL OR r.regime_id IS NULL OR r.regime_id = $3)
      GROUP BY vr.org_unit_id, ou.code, ou.name_vi, p.iso`,
    [parsePeriod(since).startDate, rule.orgUnitPath, rule.regimeId],
  );
  for (const row of rows) {
    evaluated.add(key(row.orgUnitId, row.period));
    if (row.failed === 0) continue;
    findings.push({
      orgUnitId: row.orgUnitId,
      period: row.period,
      value: row.failed,
      titleVi: `${row.nameVi} ${formatPeriod(row.period, 'vi')}: ${row.failed} quy tắc kiểm tra không đạt`,
      titleEn: `${row.code} ${formatPeriod(row.period, 'en')}: ${row.failed} validation rule(s) failed`,
      evidenceUrl: `/api/validation-results?orgUnit=${encodeURIComponent(row.code)}&period=${row.period}`,
    });
  }
  return { findings, evaluated };
}

async function evaluateOutliers(db: Db, rule: repo.RuleRow, today: string, onlyPeriods: string[] | null): Promise<Evaluation> {
  const evaluated = new Set<string>();
  const findings: repo.Finding[] = [];
  for (const regime of await regimesOfRule(db, rule)) {
    const current = currentPeriod(regime.periodType, regime.cutoffRule, today).id;
    const periods = onlyPeriods?.filter((p) => parsePeriod(p).type === regime.periodType) ?? [previousPeriod(current, 1), current];
    if (periods.length === 0) continue;
    const scan = await scanOutliers(db, { regimeId: regime.id, periodType: regime.periodType, subtreePath: rule.orgUnitPath ?? '/', periods });
    const byKey = new Map<string, number>();
    for (const f of scan.flagged) byKey.set(key(f.orgUnitId, f.period), (byKey.get(key(f.orgUnitId, f.period)) ?? 0) + 1);
    if (byKey.size === 0) continue;
    const { rows: units } = await db.query<{ id: number; code: string; nameVi: string }>(`SELECT id, code, name_vi AS "nameVi" FROM org_unit WHERE id = ANY($1::int[])`, [
      [...new Set(scan.flagged.map((f) => f.orgUnitId))],
    ]);
    const unitOf = new Map(units.map((u) => [u.id, u]));
    for (const [k, count] of byKey) {
      const [unitId, period] = k.split('|');
      const unit = unitOf.get(Number(unitId));
      if (!unit) continue;
      evaluated.add(k);
      findings.push({
        orgUnitId: unit.id,
        period,
        value: count,
        titleVi: `${unit.nameVi} ${formatPeriod(period, 'vi')}: ${count} giá trị bất thường trong báo cáo "${regime.nameVi}"`,
        titleEn: `${unit.code} ${formatPeriod(period, 'en')}: ${count} outlier value(s) in report "${regime.code}"`,
        evidenceUrl: `/api/outliers?regime=${encodeURIComponent(regime.code)}&orgUnit=${encodeURIComponent(unit.code)}&periods=${period}`,
      });
    }
  }
  return { findings, evaluated };
}

/** Days before the due date a TASK_DUE rule starts reminding, when the rule does not say. */
export const TASK_REMIND_DAYS_DEFAULT = 3;

/**
 * Task deadlines: one alert per lead unit and due day (a DHIS2 daily period), naming the tasks. TASK_DUE
 * reminds N days before and on the day; TASK_OVERDUE is a new alert once the day has passed, so its
 * notification reaches the lead unit and the units above it that act on alerts (its head and leadership).
 * A task reported done, extended or cancelled leaves the finding, and its alert resolves.
 */
async function evaluateTaskDeadlines(db: Db, rule: repo.RuleRow, today: string): Promise<Evaluation> {
  const remind = rule.threshold ?? TASK_REMIND_DAYS_DEFAULT;
  const wanted: DeadlineStage[] = rule.type === 'TASK_OVERDUE' ? ['OVERDUE'] : ['DUE_SOON', 'DUE_TODAY'];
  const tasks = await tasksRepo.listTasks(db, { readPaths: 'ALL', subtreePath: rule.orgUnitPath ?? undefined });
  const groups = new Map<string, { unit: tasksRepo.UnitLite; due: string; titles: string[]; ids: number[] }>();
  for (const task of tasks) {
    const stage = deadlineStage(task, today, remind);
    if (!wanted.includes(stage)) continue;
    const due = task.extendedDueDate ?? task.dueDate;
    const k = key(task.leadOrgUnit.id, due.replace(/-/g, ''));
    const g = groups.get(k) ?? { unit: task.leadOrgUnit, due, titles: [], ids: [] };
    g.titles.push(task.title);
    g.ids.push(task.id);
    groups.set(k, g);
  }
  const findings: repo.Finding[] = [];
  for (const g of groups.values()) {
    const dueVi = formatDate(g.due, 'vi');
    const names = g.titles.map((t) => `«${t.length > 80 ? `${t.slice(0, 79)}…` : t}»`).join('; ');
    const n = g.titles.length;
    const [vi, en] =
      rule.type === 'TASK_OVERDUE'
        ? [`${g.unit.nameVi}: ${n} nhiệm vụ quá hạn (hạn ${dueVi}): ${names}`, `${g.unit.code}: ${n} task(s) overdue (due ${g.due}): ${names}`]
        : g.due === today
          ? [`${g.unit.nameVi}: ${n} nhiệm vụ đến hạn hôm nay (${dueVi}): ${names}`, `${g.unit.code}: ${n} task(s) due today (${g.due}): ${names}`]
          : [`${g.unit.nameVi}: ${n} nhiệm vụ sắp đến hạn (${dueVi}): ${names}`, `${g.unit.code}: ${n} task(s) due on ${g.due}: ${names}`];
    findings.push({
      orgUnitId: g.unit.id,
      period: g.due.replace(/-/g, ''),
      value: n,
      titleVi: vi,
      titleEn: en,
      evidenceUrl: n === 1 ? `/api/tasks/${g.ids[0]}` : `/api/tasks?orgUnit=${encodeURIComponent(g.unit.code)}&dueFrom=${g.due}&dueTo=${g.due}`,
    });
  }
  // Every alert this rule holds open is looked at again: one whose tasks left the stage resolves.
  const evaluated = new Set([...(await repo.listActiveAlerts(db, rule.id)).map((a) => key(a.orgUnitId, a.period)), ...findings.map((f) => key(f.orgUnitId, f.period))]);
  return { findings, evaluated };
}

/**
 * Repeat offenders among takedown cases (accounts at a threshold of takedown_threshold in force today): one
 * alert per sending unit and month, naming the accounts; it resolves when no account of the unit is over.
 */
async function evaluateTakedownRepeat(db: Db, rule: repo.RuleRow, today: string): Promise<Evaluation> {
  const offenders = await findRepeatOffenders(db, today, rule.orgUnitPath ? [rule.orgUnitPath] : 'ALL');
  const period = today.slice(0, 7).replace('-', '');
  const groups = new Map<number, typeof offenders>();
  for (const o of offenders) groups.set(o.orgUnitId, [...(groups.get(o.orgUnitId) ?? []), o]);
  const findings: repo.Finding[] = [];
  for (const [orgUnitId, list] of groups) {
    const names = list
      .map(
        (o) =>
          `${o.account ?? o.accountKey} (${o.platform}: ${Object.entries(o.counts)
            .map(([w, n]) => `${n}/${w}`)
            .join(', ')})`,
      )
      .join('; ');
    findings.push({
      orgUnitId,
      period,
      value: list.length,
      titleVi: `${list.length} tài khoản vi phạm lặp lại (số vụ việc/số ngày): ${names}`,
      titleEn: `${list.length} repeat-offending account(s) (cases/days): ${names}`,
      evidenceUrl: `/api/takedown/offenders?day=${today}`,
    });
  }
  const evaluated = new Set([...(await repo.listActiveAlerts(db, rule.id)).map((a) => key(a.orgUnitId, a.period)), ...findings.map((f) => key(f.orgUnitId, f.period))]);
  return { findings, evaluated };
}

/** Days before a commitment's end a COMMITMENT_DUE rule reminds, when the rule does not say. */
export const COMMITMENT_REMIND_DAYS_DEFAULT = 30;

/**
 * Commitments nearing their end (COMMITMENT_DUE, `threshold` days before) or forecast not to be met
 * (COMMITMENT_AT_RISK): one alert per official's unit and end day, naming the commitments. Each commitment
 * is reminded once per stage: the alert that first named it records it (commitment_reminder), and once that
 * alert is resolved, commitments all reminded before raise no new one; a commitment entering the stage later
 * (recorded later, or its end moved) raises its unit's alert for that day again, open, with its notifications. An alert whose commitments left the
 * stage (ended, no longer at risk, deleted) resolves.
 */
async function evaluateCommitmentReminders(db: Db, rule: repo.RuleRow, today: string): Promise<Evaluation> {
  const stage = rule.type === 'COMMITMENT_DUE' ? 'DUE_SOON' : 'AT_RISK';
  const days = rule.threshold ?? COMMITMENT_REMIND_DAYS_DEFAULT;
  const all = await commitmentsInStage(db, today, stage, days, rule.orgUnitPath ?? undefined);
  const active = new Set((await repo.listActiveAlerts(db, rule.id)).map((a) => key(a.orgUnitId, a.period)));
  const groups = new Map<string, { unitId: number; unitName: string; unitCode: string; end: string; items: typeof all }>();
  for (const c of all) {
    const k = key(c.orgUnit.id, c.endDate.replace(/-/g, ''));
    const g = groups.get(k) ?? { unitId: c.orgUnit.id, unitName: c.orgUnit.nameVi, unitCode: c.orgUnit.code, end: c.endDate, items: [] };
    g.items.push(c);
    groups.set(k, g);
  }
  const findings: repo.Finding[] = [];
  const idsOf = new Map<string, number[]>();
  const raiseAgain = new Set<string>();
  for (const [k, g] of groups) {
    // Reminded already, and that alert closed by somebody: not again.
    if (!active.has(k) && g.items.every((c) => c.reminded)) continue;
    // A commitment not reminded yet in a group whose alert exists (open, or closed by somebody): raised again, so
    // that it is told of.
    if (g.items.some((c) => !c.reminded)) raiseAgain.add(k);
    const n = g.items.length;
    const names = g.items.map((c) => `${c.officialName}: «${c.title.length > 80 ? `${c.title.slice(0, 79)}…` : c.title}»`).join('; ');
    const endVi = formatDate(g.end, 'vi');
    const [vi, en] =
      stage === 'DUE_SOON'
        ? [`${g.unitName}: ${n} cam kết sắp đến hạn (${endVi}): ${names}`, `${g.unitCode}: ${n} commitment(s) ending on ${g.end}: ${names}`]
        : [`${g.unitName}: ${n} cam kết có nguy cơ không đạt (hạn ${endVi}): ${names}`, `${g.unitCode}: ${n} commitment(s) at risk (ending ${g.end}): ${names}`];
    const finding = {
      orgUnitId: g.unitId,
      period: g.end.replace(/-/g, ''),
      value: n,
      titleVi: vi,
      titleEn: en,
      evidenceUrl: n === 1 ? `/api/commitments/${g.items[0].id}` : `/api/commitments?orgUnit=${encodeURIComponent(g.unitCode)}${stage === 'AT_RISK' ? '&atRisk=true' : ''}`,
    };
    findings.push(finding);
    idsOf.set(
      k,
      g.items.map((c) => c.id),
    );
  }
  const evaluated = new Set([...active, ...findings.map((f) => key(f.orgUnitId, f.period))]);
  return {
    findings,
    evaluated,
    onRaised: (tx, finding, alertId) => recordCommitmentReminders(tx, idsOf.get(key(finding.orgUnitId, finding.period)) ?? [], stage, alertId),
    raiseAgain,
  };
}

/** The last three months, newest last: what a scheduled threshold check looks at. */
function recentMonths(today: string): string[] {
  const current = periodOf('MONTHLY', today).id;
  return [previousPeriod(current, 2), previousPeriod(current, 1), current];
}

async function evaluateRule(db: Db, rule: repo.RuleRow, today: string, affectedPeriods: string[] | null): Promise<Evaluation> {
  switch (rule.type) {
    case 'THRESHOLD':
      return evaluateThreshold(db, rule, today, affectedPeriods ?? recentMonths(today));
    case 'REPORT_LATE':
      return evaluateReportLate(db, rule, today);
    case 'TARGET_STATUS':
      return evaluateTargetStatus(db, rule, today);
    case 'VALIDATION_ERROR':
      return evaluateValidationErrors(db, rule, today);
    case 'OUTLIER':
      return evaluateOutliers(db, rule, today, affectedPeriods);
    case 'TASK_DUE':
    case 'TASK_OVERDUE':
      return evaluateTaskDeadlines(db, rule, today);
    case 'TAKEDOWN_REPEAT':
      return evaluateTakedownRepeat(db, rule, today);
    case 'COMMITMENT_DUE':
    case 'COMMITMENT_AT_RISK':
      return evaluateCommitmentReminders(db, rule, today);
  }
}

/** Applies one rule's evaluation: new alerts (with in-app notifications), refreshed ones, resolved ones. */
async function applyEvaluation(db: Db, rule: repo.RuleRow, evaluation: Evaluation, summary: EvaluationSummary): Promise<void> {
  await db.transaction(async (tx) => {
    const found = new Set<string>();
    for (const finding of evaluation.findings) {
      const k = key(finding.orgUnitId, finding.period);
      found.add(k);
      let id = await repo.upsertAlert(tx, rule, finding);
      if (id === null && evaluation.raiseAgain?.has(k)) id = await repo.reopenAlert(tx, rule.id, finding);
      if (id === null) continue;
      summary.raised++;
      summary.newAlertIds.push(id);
      const { rows } = await tx.query<{ path: string }>('SELECT path FROM org_unit WHERE id = $1', [finding.orgUnitId]);
      await repo.notifyUsers(tx, id, rows[0].path, ACTING_ROLES);
      if (evaluation.onRaised) await evaluation.onRaised(tx, finding, id);
      await recordAudit(tx, SYSTEM_ACTOR, { action: 'alert.raise', objectType: 'alert', objectId: id, orgUnitId: finding.orgUnitId, after: { rule: rule.code, ...finding } });
    }
    for (const active of await repo.listActiveAlerts(tx, rule.id)) {
      const k = key(active.orgUnitId, active.period);
      if (!evaluation.evaluated.has(k) || found.has(k)) continue;
      await repo.setAlertState(tx, active.id, 'RESOLVED', 'system', 'Điều kiện cảnh báo không còn / The condition no longer holds');
      await recordAudit(tx, SYSTEM_ACTOR, {
        action: 'alert.auto_resolve',
        objectType: 'alert',
        objectId: active.id,
        orgUnitId: active.orgUnitId,
        before: { state: 'OPEN' },
        after: { state: 'RESOLVED' },
      });
      summary.resolved++;
    }
  });
}

/** Evaluates every active rule (the scheduled run). */
export async function evaluateAllAlertRules(db: Db, today: string): Promise<EvaluationSummary> {
  const summary: EvaluationSummary = { rules: 0, raised: 0, resolved: 0, newAlertIds: [] };
  for (const rule of await repo.listRules(db, true)) {
    summary.rules++;
    await applyEvaluation(db, rule, await evaluateRule(db, rule, today, null), summary);
  }
  return summary;
}

async function ruleElementIds(db: Db, rule: repo.RuleRow): Promise<Set<number> | 'ANY'> {
  if (rule.type === 'OUTLIER' || rule.type === 'VALIDATION_ERROR' || rule.type === 'REPORT_LATE') return 'ANY';
  const params: unknown[] = [];
  let sql = `SELECT numerator, denominator FROM indicator`;
  if (rule.indicatorId !== null) {
    params.push(rule.indicatorId);
    sql += ' WHERE id = $1';
  } else sql += ' WHERE id IN (SELECT indicator_id FROM target)';
  const { rows } = await db.query<{ numerator: string; denominator: string }>(sql, params);
  const codes = new Set<string>();
  for (const row of rows) {
    for (const formula of [row.numerator, row.denominator]) {
      try {
        for (const ref of listReferences(parseExpression(formula))) codes.add(ref.code);
      } catch {
        // formulas are checked at save time; a broken one simply matches nothing
      }
    }
  }
  const { rows: ids } = await db.query<{ id: number }>(`SELECT id FROM data_element WHERE code = ANY($1::text[])`, [[...codes]]);
  return new Set(ids.map((r) => r.id));
}

/**
 * Evaluates the rules that the arrived values can change, right after the write committed:
 * thresholds and outliers for the affected periods, targets whose indicators use the elements.
 * Report-late rules wait for the schedule (a submission, not a value, settles them).
 */
export async function evaluateAlertsForValues(db: Db, affected: AffectedValues, today: string = vietnamDate(new Date())): Promise<EvaluationSummary> {
  const summary: EvaluationSummary = { rules: 0, raised: 0, resolved: 0, newAlertIds: [] };
  if (affected.elementIds.length === 0) return summary;
  const periods = await periodIsos(db, affected.periodIds);
  const { rows: affectedUnits } = await db.query<{ path: string }>(`SELECT path FROM org_unit WHERE id = ANY($1::int[])`, [affected.orgUnitIds]);
  for (const rule of await repo.listRules(db, true)) {
    if (rule.type === 'REPORT_LATE' || rule.type === 'VALIDATION_ERROR' || rule.type === 'TASK_DUE' || rule.type === 'TASK_OVERDUE' || rule.type === 'TAKEDOWN_REPEAT') continue;
    // The rule's subtree must hold a unit that received values (or be held by one, for lineage and roll-ups).
    if (rule.orgUnitPath && !affectedUnits.some((u) => u.path.startsWith(rule.orgUnitPath as string) || (rule.orgUnitPath as string).startsWith(u.path))) continue;
    const elements = await ruleElementIds(db, rule);
    if (elements !== 'ANY' && !affected.elementIds.some((id) => elements.has(id))) continue;
    summary.rules++;
    await applyEvaluation(db, rule, await evaluateRule(db, rule, today, rule.type === 'TARGET_STATUS' ? null : periods), summary);
  }
  return summary;
}
