import type { Db } from '../../db/db.ts';
import type { ServiceContext } from '../../http/context.ts';
import { assertPermission, assertPermissionAnywhere, hasPermission, permittedPaths } from '../../access.ts';
import { AppError, badRequest, forbidden, unauthenticated, type ErrorDetail } from '../../http/errors.ts';
import { dueDate, formatDate, formatPeriod, listOpenPeriods, lockDate, vietnamDate } from '../../../core/periods.ts';
import { recordAudit } from '../audit/service.ts';
import { requireOrgUnitRef, type OrgUnitRef } from '../org-units/lookup.ts';
import { ensurePeriodIds } from '../periods/service.ts';
import type { RegimeRow, ReportingUnitRow } from '../regimes/repo.ts';
import { isLateOn, isPastLock, writeBlockOf } from '../regimes/rules.ts';
import { requireRegime, requireRegimePeriod, resolveRegimeOrgUnits, statusView } from '../regimes/service.ts';
import * as repo from './repo.ts';
import { evaluateAlertsForValues, remindOfLateReport, sendPendingMails } from '../alerts/service.ts';
import { listRegimeElements, listRegimeRows } from '../regimes/repo.ts';

/**
 * Leadership's figures count submitted and approved data, so a report changing status changes them: the
 * alert rules its form's elements feed are evaluated right after the change committed (never delaying it).
 */
async function evaluateAfterStatusChange(ctx: ServiceContext, t: Target): Promise<void> {
  const elements = await listRegimeElements(ctx.db, t.regime.id);
  void evaluateAlertsForValues(ctx, { elementIds: elements.map((e) => e.dataElementId), orgUnitIds: [t.unit.id], periodIds: [t.periodId] }).catch((err) =>
    ctx.log.error({ err }, 'alert evaluation after a report status change failed'),
  );
}

export interface CheckMessage {
  code?: string;
  path?: string;
  messageVi: string;
  messageEn: string;
}

export interface SubmitCheckInput {
  regimeId: number;
  orgUnitId: number;
  periodId: number;
  periodIso: string;
  /** The comment given with the submission, if any. */
  comment: string | null;
}

/** A check run before a report is submitted: errors block the submission, warnings are returned. */
export type SubmitCheck = (ctx: ServiceContext, input: SubmitCheckInput) => Promise<{ errors: CheckMessage[]; warnings: CheckMessage[] }>;

const submitChecks: SubmitCheck[] = [];

/** Adds a check to every submission (validation rules register here); returns a function that removes it. */
export function registerSubmitCheck(check: SubmitCheck): () => void {
  submitChecks.push(check);
  return () => {
    const i = submitChecks.indexOf(check);
    if (i >= 0) submitChecks.splice(i, 1);
  };
}

interface Target {
  regime: RegimeRow;
  unit: OrgUnitRef;
  iso: string;
  periodId: number;
}

async function resolveTarget(ctx: ServiceContext, code: string, input: { orgUnit: string; period: string }): Promise<Target> {
  const regime = await requireRegime(ctx.db, code);
  const unit = await requireOrgUnitRef(ctx.db, input.orgUnit, 'body.orgUnit');
  requireRegimePeriod(regime, input.period, 'body.period');
  const periodId = (await ensurePeriodIds(ctx.db, [input.period])).get(input.period)!;
  return { regime, unit, iso: input.period, periodId };
}

async function assertReportingUnit(db: Db, t: Target) {
  const units = await resolveRegimeOrgUnits(db, t.regime.id, t.iso, [t.unit.path]);
  if (!units.some((u) => u.id === t.unit.id)) {
    throw new AppError(
      'NOT_A_REPORTING_UNIT',
      422,
      `Đơn vị '${t.unit.nameVi}' không báo cáo theo chế độ '${t.regime.nameVi}' trong kỳ ${formatPeriod(t.iso, 'vi')}`,
      `Org unit '${t.unit.nameVi}' (${t.unit.code}) does not report under '${t.regime.nameEn ?? t.regime.nameVi}' for ${formatPeriod(t.iso, 'en')}`,
    );
  }
}

const invalidTransition = (vi: string, en: string) => new AppError('INVALID_STATUS_TRANSITION', 409, vi, en);

function keyOf(t: Target) {
  return { regimeId: t.regime.id, periodId: t.periodId, orgUnitId: t.unit.id };
}

function auditObject(t: Target) {
  return `${t.regime.code}/${t.iso}/${t.unit.code}`;
}

export async function getStatus(ctx: ServiceContext, code: string, q: { orgUnit: string; period: string }) {
  const t = await resolveTarget(ctx, code, q);
  assertPermission(ctx.actor, 'data.read', t.unit.path);
  const s = await repo.findStatus(ctx.db, t.regime.id, t.periodId, t.unit.id);
  const today = vietnamDate(ctx.clock());
  return { regime: t.regime.code, orgUnit: t.unit.code, period: t.iso, ...statusView(s), isLocked: isPastLock(t.regime, t.iso, today) && !s?.reopenedReason };
}

/** Submits a report: runs the registered checks, records on time or late, refuses approved or locked reports. */
export async function submitReport(ctx: ServiceContext, code: string, input: { orgUnit: string; period: string; comment?: string }) {
  const comment = input.comment && input.comment.length > 0 ? input.comment : null;
  const t = await resolveTarget(ctx, code, input);
  assertPermission(ctx.actor, 'data.write', t.unit.path);
  await assertReportingUnit(ctx.db, t);
  const now = ctx.clock();
  const today = vietnamDate(now);
  const result = await ctx.db.transaction(async (db) => {
    const before = await repo.findStatus(db, t.regime.id, t.periodId, t.unit.id);
    if (before?.status === 'SUBMITTED') throw invalidTransition('Báo cáo đã được gửi', 'The report is already submitted');
    const block = writeBlockOf(t.regime, t.iso, today, before);
    if (block) throw new AppError(block.code, 409, block.messageVi, block.messageEn);
    const errors: CheckMessage[] = [];
    const warnings: CheckMessage[] = [];
    for (const m of await repo.selectMissingCompulsory(db, t.regime.id, t.periodId, t.unit.id)) {
      errors.push({ code: 'COMPULSORY_MISSING', path: m.code, messageVi: `Chưa nhập chỉ số bắt buộc '${m.nameVi}'`, messageEn: `Compulsory data element '${m.nameEn ?? m.nameVi}' has no value` });
    }
    for (const check of submitChecks) {
      const r = await check({ ...ctx, db }, { regimeId: t.regime.id, orgUnitId: t.unit.id, periodId: t.periodId, periodIso: t.iso, comment });
      errors.push(...r.errors);
      warnings.push(...r.warnings);
    }
    if (errors.length > 0) {
      const details: ErrorDetail[] = errors.map((e) => ({ path: e.path ?? '(report)', messageVi: e.messageVi, messageEn: e.messageEn, code: e.code ?? 'CHECK_FAILED' }));
      throw new AppError('SUBMIT_BLOCKED', 422, `Chưa thể gửi báo cáo: ${errors.length} lỗi cần sửa`, `The report cannot be submitted: ${errors.length} error(s) to fix`, details);
    }
    // A report reopened by the receiver keeps the timeliness of its first submission.
    const late = before?.reopenedReason && before.isLate !== null ? before.isLate : isLateOn(t.regime, t.iso, today);
    await repo.upsertStatus(db, keyOf(t), {
      status: 'SUBMITTED',
      submittedAt: now,
      submittedBy: ctx.actor.username ?? null,
      isLate: late,
      approvedAt: null,
      approvedBy: null,
      returnedReason: null,
      reopenedReason: before?.reopenedReason ?? null,
      updatedAt: now,
    });
    await repo.setSubmitComment(db, keyOf(t), comment);
    await repo.setWithdrawnReason(db, keyOf(t), null);
    // The figures as sent: what the approver approves, and what a later resubmission is compared with.
    const submissionId = await repo.insertSubmission(db, keyOf(t), { submittedAt: now, submittedBy: ctx.actor.username ?? null, isLate: late, comment });
    await repo.refreshDataStatus(db, t.unit.id, t.periodId);
    const after = await repo.findStatus(db, t.regime.id, t.periodId, t.unit.id);
    await recordAudit(db, ctx.actor, {
      action: 'report.submit',
      objectType: 'report_status',
      objectId: auditObject(t),
      orgUnitId: t.unit.id,
      before,
      after: { ...after, submissionId },
      reason: comment,
    });
    return { ...statusView(after), warnings: warnings.map((w) => ({ ...w, message: ctx.lang === 'vi' ? w.messageVi : w.messageEn })) };
  });
  await evaluateAfterStatusChange(ctx, t);
  return result;
}

async function transition(ctx: ServiceContext, code: string, input: { orgUnit: string; period: string; reason?: string }, action: 'return' | 'approve' | 'reopen' | 'withdraw') {
  const t = await resolveTarget(ctx, code, input);
  // The submitter takes back their own report; everything else is the receiver's decision.
  assertPermission(ctx.actor, action === 'withdraw' ? 'data.write' : 'data.approve', t.unit.path);
  const now = ctx.clock();
  const today = vietnamDate(now);
  const result = await ctx.db.transaction(async (db) => {
    const before = await repo.findStatus(db, t.regime.id, t.periodId, t.unit.id);
    const base = {
      status: before?.status ?? 'DRAFT',
      submittedAt: before?.submittedAt ?? null,
      submittedBy: before?.submittedBy ?? null,
      isLate: before?.isLate ?? null,
      approvedAt: before?.approvedAt ?? null,
      approvedBy: before?.approvedBy ?? null,
      returnedReason: before?.returnedReason ?? null,
      reopenedReason: before?.reopenedReason ?? null,
      updatedAt: now,
    };
    if (action === 'return') {
      if (before?.status !== 'SUBMITTED') throw invalidTransition('Chỉ trả lại được báo cáo đã gửi và chưa duyệt', 'Only a submitted, not yet approved report can be returned');
      await repo.upsertStatus(db, keyOf(t), { ...base, status: 'RETURNED', returnedReason: input.reason ?? null });
    } else if (action === 'approve') {
      if (before?.status !== 'SUBMITTED') throw invalidTransition('Chỉ phê duyệt được báo cáo đã gửi', 'Only a submitted report can be approved');
      await repo.upsertStatus(db, keyOf(t), { ...base, status: 'APPROVED', approvedAt: now, approvedBy: ctx.actor.username ?? null, reopenedReason: null });
    } else if (action === 'withdraw') {
      if (before?.status !== 'SUBMITTED') {
        throw invalidTransition('Chỉ rút lại được báo cáo đã gửi và chưa được duyệt', 'Only a submitted report that is not yet approved can be withdrawn');
      }
      const block = writeBlockOf(t.regime, t.iso, today, null);
      if (block && block.code === 'PERIOD_LOCKED' && !before.reopenedReason) throw new AppError(block.code, 409, block.messageVi, block.messageEn);
      await repo.upsertStatus(db, keyOf(t), { ...base, status: 'DRAFT', submittedAt: null, submittedBy: null, isLate: before.isLate });
      await repo.setWithdrawnReason(db, keyOf(t), input.reason ?? null);
    } else {
      const locked = isPastLock(t.regime, t.iso, today) && !before?.reopenedReason;
      if (before?.status !== 'APPROVED' && !locked) {
        throw invalidTransition('Chỉ mở lại được báo cáo đã duyệt hoặc kỳ đã khóa', 'Only an approved report or a locked period can be reopened');
      }
      await repo.upsertStatus(db, keyOf(t), { ...base, status: 'DRAFT', approvedAt: null, approvedBy: null, reopenedReason: input.reason ?? null });
    }
    // The values follow their report: approved, or back to accepted (not counted as submitted) data.
    await repo.refreshDataStatus(db, t.unit.id, t.periodId);
    const after = await repo.findStatus(db, t.regime.id, t.periodId, t.unit.id);
    await recordAudit(db, ctx.actor, { action: `report.${action}`, objectType: 'report_status', objectId: auditObject(t), orgUnitId: t.unit.id, before, after, reason: input.reason ?? null });
    return statusView(after);
  });
  await evaluateAfterStatusChange(ctx, t);
  return result;
}

export const returnReport = (ctx: ServiceContext, code: string, input: { orgUnit: string; period: string; reason: string }) => transition(ctx, code, input, 'return');
export const approveReport = (ctx: ServiceContext, code: string, input: { orgUnit: string; period: string }) => transition(ctx, code, input, 'approve');
export const reopenReport = (ctx: ServiceContext, code: string, input: { orgUnit: string; period: string; reason: string }) => transition(ctx, code, input, 'reopen');
/** The submitter takes back a report nobody has approved yet, to correct it; the reason is kept and audited. */
export const withdrawReport = (ctx: ServiceContext, code: string, input: { orgUnit: string; period: string; reason: string }) => transition(ctx, code, input, 'withdraw');

type UnitStatus = 'NOT_STARTED' | 'DRAFT' | 'SUBMITTED' | 'RETURNED' | 'APPROVED';

interface Counts {
  expected: number;
  received: number;
  onTime: number;
  /** Received, but after the due date. */
  late: number;
  /** Not received (yet): overdue + pending. */
  missing: number;
  /** Not received and the due date has passed: the reports to chase. */
  overdue: number;
  /** Not received and still within the deadline. */
  pending: number;
  completenessRate: number | null;
  timelinessRate: number | null;
}

/** Received late and not received are counted apart; a report is overdue from the day after its due date. */
function countsOf(cells: { status: UnitStatus; isLate: boolean | null }[], isPastDue: boolean): Counts {
  let received = 0;
  let late = 0;
  for (const c of cells) {
    if (c.status === 'SUBMITTED' || c.status === 'APPROVED') {
      received++;
      if (c.isLate) late++;
    }
  }
  const expected = cells.length;
  const onTime = received - late;
  const missing = expected - received;
  const rate = (n: number) => (expected === 0 ? null : Math.round((n / expected) * 10_000) / 100);
  return {
    expected,
    received,
    onTime,
    late,
    missing,
    overdue: isPastDue ? missing : 0,
    pending: isPastDue ? 0 : missing,
    completenessRate: rate(received),
    timelinessRate: rate(onTime),
  };
}

/**
 * Completeness and timeliness of a regime for one or several periods, over the actor's readable
 * units (or one subtree): totals, per child of the parent, and per unit.
 */
export async function getCompleteness(ctx: ServiceContext, code: string, q: { period?: string; periods?: string; parent?: string }) {
  // Kept per caller's scope, question and day while no report, unit or regime changes (work_version,
  // figure_version): the overview asks for it on every visit.
  if (ctx.analyticsCache && ctx.figureVersion !== undefined && ctx.workVersion !== undefined) {
    const scope = permittedPaths(ctx.actor, 'data.read');
    const key = `completeness\u0000${code}\u0000${q.period ?? ''}\u0000${q.periods ?? ''}\u0000${q.parent ?? ''}\u0000${scope === 'ALL' ? 'ALL' : [...scope].sort().join(',')}`;
    const version = `${ctx.figureVersion}:${ctx.workVersion}:${vietnamDate(ctx.clock())}`;
    return ctx.analyticsCache.memo(key, version, () => computeCompleteness(ctx, code, q));
  }
  return computeCompleteness(ctx, code, q);
}

async function computeCompleteness(ctx: ServiceContext, code: string, q: { period?: string; periods?: string; parent?: string }) {
  const regime = await requireRegime(ctx.db, code);
  const isos = q.periods
    ? q.periods
        .split(/[;,]/)
        .map((s) => s.trim())
        .filter(Boolean)
    : q.period
      ? [q.period]
      : [];
  if (isos.length === 0) isos.push(listOpenPeriods(regime.periodType, regime.cutoffRule, vietnamDate(ctx.clock()), { past: 1 })[0]);
  if (isos.length > 120) throw badRequest('TOO_MANY_PERIODS', 'Tối đa 120 kỳ', 'At most 120 periods', [{ path: 'querystring.periods', messageVi: 'Quá nhiều kỳ', messageEn: 'Too many periods' }]);
  for (const iso of isos) requireRegimePeriod(regime, iso, q.periods ? 'querystring.periods' : 'querystring.period');
  let prefixes: string[] | null;
  let parent: OrgUnitRef | null = null;
  if (q.parent) {
    parent = await requireOrgUnitRef(ctx.db, q.parent, 'querystring.parent');
    if (!hasPermission(ctx.actor, 'data.read', parent.path)) throw forbidden();
    prefixes = [parent.path];
  } else {
    const allowed = permittedPaths(ctx.actor, 'data.read');
    if (allowed !== 'ALL' && allowed.length === 0) throw forbidden();
    prefixes = allowed === 'ALL' ? null : allowed;
  }
  const periodIds = await ensurePeriodIds(ctx.db, isos);
  const statuses = new Map<string, repo.ReportStatusRow>();
  for (const s of await repo.selectStatusesOfPeriods(ctx.db, regime.id, [...periodIds.values()])) statuses.set(`${s.periodId}:${s.orgUnitId}`, s);
  const children = await repo.selectChildren(ctx.db, parent?.id ?? null);
  const perPeriod = [];
  const today = vietnamDate(ctx.clock());
  for (const iso of isos) {
    const pid = periodIds.get(iso)!;
    const due = dueDate(iso, regime.cutoffRule, regime.deadlineDays);
    const isPastDue = today > due;
    const units: ReportingUnitRow[] = await resolveRegimeOrgUnits(ctx.db, regime.id, iso, prefixes);
    const cells = units.map((u) => {
      const s = statuses.get(`${pid}:${u.id}`);
      const status = (s?.status ?? 'NOT_STARTED') as UnitStatus;
      const received = status === 'SUBMITTED' || status === 'APPROVED';
      return { unit: u, status, isLate: s?.isLate ?? null, submittedAt: s?.submittedAt ?? null, isOverdue: !received && isPastDue };
    });
    const byChild = children
      .map((c) => ({
        orgUnit: { id: c.id, code: c.code, nameVi: c.nameVi },
        ...countsOf(
          cells.filter((x) => x.unit.path.startsWith(c.path)),
          isPastDue,
        ),
      }))
      .filter((c) => c.expected > 0);
    perPeriod.push({ period: iso, dueDate: due, totals: countsOf(cells, isPastDue), children: byChild, cells });
  }
  if (!q.periods) {
    const p = perPeriod[0];
    return {
      regime: regime.code,
      period: p.period,
      dueDate: p.dueDate,
      parent: parent ? { id: parent.id, code: parent.code, nameVi: parent.nameVi } : null,
      totals: p.totals,
      children: p.children,
      units: p.cells.map((c) => ({ id: c.unit.id, code: c.unit.code, nameVi: c.unit.nameVi, status: c.status, isLate: c.isLate, isOverdue: c.isOverdue, submittedAt: c.submittedAt })),
    };
  }
  // Heatmap: one row per unit expected in any period, one cell per period where it was expected.
  const rows = new Map<number, { id: number; code: string; nameVi: string; cells: Record<string, { status: UnitStatus; isLate: boolean | null; isOverdue: boolean }> }>();
  for (const p of perPeriod) {
    for (const c of p.cells) {
      let row = rows.get(c.unit.id);
      if (!row) rows.set(c.unit.id, (row = { id: c.unit.id, code: c.unit.code, nameVi: c.unit.nameVi, cells: {} }));
      row.cells[p.period] = { status: c.status, isLate: c.isLate, isOverdue: c.isOverdue };
    }
  }
  return {
    regime: regime.code,
    parent: parent ? { id: parent.id, code: parent.code, nameVi: parent.nameVi } : null,
    periods: perPeriod.map((p) => ({ period: p.period, dueDate: p.dueDate, totals: p.totals, children: p.children })),
    units: [...rows.values()],
  };
}

// ---- The caller's own work on reports (the home screen) ----

export type MyReportKind = 'DUE' | 'LATE' | 'RETURNED' | 'TO_APPROVE';

const MY_REPORTS_LIMIT = 200;
/** Earlier periods looked at besides the current one: a report can be late for a few periods before its lock. */
const MY_REPORTS_PAST = 3;

/**
 * What the caller must do on reports: under every active regime and its periods still open (not past
 * their lock date, Decree 09/2019 deadlines), the reports of units it writes for that are due, overdue or
 * returned, and the submitted reports of units it approves. Most urgent first; at most 200 are listed,
 * the totals count them all.
 */
export async function listMyReports(ctx: ServiceContext) {
  if (ctx.actor.kind === 'anonymous') throw unauthenticated();
  const write = permittedPaths(ctx.actor, 'data.write');
  const approve = permittedPaths(ctx.actor, 'data.approve');
  const readable = (paths: 'ALL' | string[]) => paths === 'ALL' || paths.length > 0;
  const today = vietnamDate(ctx.clock());
  const items: {
    kind: MyReportKind;
    regime: { code: string; nameVi: string; nameEn: string | null };
    period: { id: string; labelVi: string; labelEn: string; dueDate: string; lockDate: string | null };
    orgUnit: { code: string; nameVi: string };
    status: UnitStatus;
    isLate: boolean | null;
    submittedAt: Date | null;
    returnedReason: string | null;
  }[] = [];
  if (readable(write) || readable(approve)) {
    const scope = write === 'ALL' || approve === 'ALL' ? null : [...new Set([...write, ...approve])];
    for (const regime of await listRegimeRows(ctx.db, true)) {
      const isos = listOpenPeriods(regime.periodType, regime.cutoffRule, today, { past: MY_REPORTS_PAST }).filter((iso) => !isPastLock(regime, iso, today));
      if (isos.length === 0) continue;
      const periodIds = await ensurePeriodIds(ctx.db, isos);
      const statuses = new Map<string, repo.ReportStatusRow>();
      for (const s of await repo.selectStatusesOfPeriods(ctx.db, regime.id, [...periodIds.values()])) statuses.set(`${s.periodId}:${s.orgUnitId}`, s);
      for (const iso of isos) {
        const due = dueDate(iso, regime.cutoffRule, regime.deadlineDays);
        const lock = lockDate(iso, regime.cutoffRule, regime.deadlineDays, regime.lockAfterDays);
        for (const unit of await resolveRegimeOrgUnits(ctx.db, regime.id, iso, scope)) {
          const s = statuses.get(`${periodIds.get(iso)}:${unit.id}`);
          const status = (s?.status ?? 'NOT_STARTED') as UnitStatus;
          let kind: MyReportKind | null = null;
          if (status === 'SUBMITTED') kind = hasPermission(ctx.actor, 'data.approve', unit.path) ? 'TO_APPROVE' : null;
          else if (status !== 'APPROVED' && hasPermission(ctx.actor, 'data.write', unit.path)) kind = status === 'RETURNED' ? 'RETURNED' : today > due ? 'LATE' : 'DUE';
          if (!kind) continue;
          items.push({
            kind,
            regime: { code: regime.code, nameVi: regime.nameVi, nameEn: regime.nameEn },
            period: { id: iso, labelVi: formatPeriod(iso, 'vi'), labelEn: formatPeriod(iso, 'en'), dueDate: due, lockDate: lock },
            orgUnit: { code: unit.code, nameVi: unit.nameVi },
            status,
            isLate: s?.isLate ?? null,
            submittedAt: s?.submittedAt ?? null,
            returnedReason: status === 'RETURNED' ? (s?.returnedReason ?? null) : null,
          });
        }
      }
    }
  }
  // Returned first (someone is waiting for a correction), then overdue, then due, then to approve; by date within.
  const order: Record<MyReportKind, number> = { RETURNED: 0, LATE: 1, DUE: 2, TO_APPROVE: 3 };
  items.sort((a, b) => order[a.kind] - order[b.kind] || a.period.dueDate.localeCompare(b.period.dueDate) || a.orgUnit.nameVi.localeCompare(b.orgUnit.nameVi, 'vi'));
  const totals: Record<MyReportKind, number> = { DUE: 0, LATE: 0, RETURNED: 0, TO_APPROVE: 0 };
  for (const i of items) totals[i.kind]++;
  return { today, totals, items: items.slice(0, MY_REPORTS_LIMIT) };
}

// ---- Reminding units whose report is overdue ----

/**
 * Reminds the units whose report of a period is overdue (all of them in the caller's scope, or the named
 * ones), in the app and by e-mail, through the overdue-report alert of each unit. Audited per unit. A unit
 * that has sent its report, does not report under the regime, or lies outside the caller's scope is named
 * among those skipped or refused.
 */
export async function remindLateUnits(ctx: ServiceContext, code: string, input: { period: string; orgUnits?: string[] }) {
  assertPermissionAnywhere(ctx.actor, 'alert.act');
  const regime = await requireRegime(ctx.db, code);
  requireRegimePeriod(regime, input.period, 'body.period');
  const today = vietnamDate(ctx.clock());
  const due = dueDate(input.period, regime.cutoffRule, regime.deadlineDays);
  if (today <= due) {
    const vi = `Báo cáo ${formatPeriod(input.period, 'vi')} chưa quá hạn gửi (hạn ${formatDate(due, 'vi')}): chưa cần nhắc`;
    const en = `The report for ${formatPeriod(input.period, 'en')} is not overdue yet (due ${formatDate(due, 'en')}): no reminder needed`;
    throw new AppError('NOT_OVERDUE', 409, vi, en, [{ path: 'body.period', messageVi: vi, messageEn: en }]);
  }
  const named = input.orgUnits ? await Promise.all(input.orgUnits.map((ref, i) => requireOrgUnitRef(ctx.db, ref, `body.orgUnits.${i}`))) : null;
  for (const unit of named ?? []) if (!hasPermission(ctx.actor, 'alert.act', unit.path)) throw forbidden();
  const allowed = permittedPaths(ctx.actor, 'alert.act');
  const reporting = await resolveRegimeOrgUnits(ctx.db, regime.id, input.period, named ? named.map((u) => u.path) : allowed === 'ALL' ? null : allowed);
  const periodId = (await ensurePeriodIds(ctx.db, [input.period])).get(input.period)!;
  const received = new Set((await repo.selectStatusesOfPeriods(ctx.db, regime.id, [periodId])).filter((s) => s.status === 'SUBMITTED' || s.status === 'APPROVED').map((s) => s.orgUnitId));
  const wanted = named ? reporting.filter((u) => named.some((n) => n.id === u.id)) : reporting;
  const skipped: { orgUnit: { code: string; nameVi: string }; code: 'NOT_A_REPORTING_UNIT' | 'ALREADY_RECEIVED'; message: string }[] = [];
  for (const unit of named ?? []) {
    if (!reporting.some((u) => u.id === unit.id)) {
      skipped.push({
        orgUnit: { code: unit.code, nameVi: unit.nameVi },
        code: 'NOT_A_REPORTING_UNIT',
        message: ctx.lang === 'en' ? `${unit.nameVi} does not report under this regime for this period` : `${unit.nameVi} không báo cáo theo chế độ này trong kỳ`,
      });
    }
  }
  for (const unit of wanted.filter((u) => received.has(u.id))) {
    skipped.push({ orgUnit: { code: unit.code, nameVi: unit.nameVi }, code: 'ALREADY_RECEIVED', message: ctx.lang === 'en' ? `${unit.nameVi} has sent its report` : `${unit.nameVi} đã gửi báo cáo` });
  }
  const late = wanted.filter((u) => !received.has(u.id));
  const reminded = await ctx.db.transaction(async (db) => {
    const out: { orgUnit: { code: string; nameVi: string }; notified: number }[] = [];
    for (const unit of late) {
      const { alertId, notified } = await remindOfLateReport(db, { regime: { id: regime.id, code: regime.code, nameVi: regime.nameVi }, orgUnit: unit, period: input.period, dueDate: due });
      await recordAudit(db, ctx.actor, {
        action: 'report.remind',
        objectType: 'report_status',
        objectId: `${regime.code}/${input.period}/${unit.code}`,
        orgUnitId: unit.id,
        after: { alertId, notified, dueDate: due },
      });
      out.push({ orgUnit: { code: unit.code, nameVi: unit.nameVi }, notified });
    }
    return out;
  });
  // The e-mails go now rather than at the next scheduled run (they are marked sent, so never twice).
  if (reminded.length > 0) void sendPendingMails({ db: ctx.db, config: ctx.config, log: ctx.log }).catch((err) => ctx.log.error({ err }, 'reminder e-mails failed'));
  return { regime: regime.code, period: input.period, dueDate: due, reminded, skipped };
}
