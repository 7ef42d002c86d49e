import { formatDate, formatPeriod, vietnamDate } from '../../../core/periods.ts';
import type { FastifyBaseLogger } from 'fastify';
import type { ServiceContext } from '../../http/context.ts';
import type { Db } from '../../db/db.ts';
import type { Config } from '../../config.ts';
import { assertPermission, assertPermissionAnywhere, permittedPaths } from '../../access.ts';
import { badRequest, conflict, notFound, unauthenticated } from '../../http/errors.ts';
import { recordAudit } from '../audit/service.ts';
import { requireOrgUnitRef } from '../org-units/lookup.ts';
import { requireIndicator } from '../indicators/service.ts';
import { evaluateAllAlertRules, evaluateAlertsForValues as evaluateForValues, type AffectedValues, type EvaluationSummary } from './evaluate.ts';
import { MailSendError, sendMail } from './mail.ts';
import * as repo from './repo.ts';
import type { CreateRuleInput, ListAlertsQuery, UpdateRuleInput } from './schema.ts';

function publicRule(rule: repo.RuleRow) {
  const { orgUnitPath: _path, ...rest } = rule;
  return rest;
}

function publicAlert(alert: repo.AlertRow, lang: 'vi' | 'en') {
  const { orgUnitPath: _path, ...rest } = alert;
  return { ...rest, title: lang === 'en' ? alert.titleEn : alert.titleVi };
}

async function resolveRuleRefs(db: Db, type: string, input: Partial<CreateRuleInput>, before: repo.RuleRow | null) {
  const orgUnit = input.orgUnit === undefined ? (before ? { id: before.orgUnitId } : { id: null }) : input.orgUnit === null ? { id: null } : await requireOrgUnitRef(db, input.orgUnit, 'body.orgUnit');
  const indicatorId = input.indicator === undefined ? (before?.indicatorId ?? null) : input.indicator === null ? null : (await requireIndicator(db, input.indicator)).id;
  let regimeId = before?.regimeId ?? null;
  if (input.regime !== undefined) {
    regimeId = input.regime === null ? null : await repo.findRegimeId(db, input.regime);
    if (input.regime !== null && regimeId === null) {
      throw badRequest('UNKNOWN_REGIME', `Không có chế độ báo cáo '${input.regime}'`, `Unknown report regime '${input.regime}'`, [
        { path: 'body.regime', messageVi: `Không có chế độ báo cáo '${input.regime}'`, messageEn: `Unknown report regime '${input.regime}'` },
      ]);
    }
  }
  const operator = input.operator === undefined ? (before?.operator ?? null) : input.operator;
  const threshold = input.threshold === undefined ? (before?.threshold ?? null) : input.threshold;
  if (type === 'THRESHOLD' && (indicatorId === null || operator === null || threshold === null)) {
    const missing = [indicatorId === null ? 'indicator' : null, operator === null ? 'operator' : null, threshold === null ? 'threshold' : null].filter(Boolean).join(', ');
    throw badRequest('INCOMPLETE_RULE', `Quy tắc ngưỡng cần: ${missing}`, `A threshold rule needs: ${missing}`, [
      { path: `body.${missing.split(', ')[0]}`, messageVi: `Quy tắc ngưỡng cần ${missing}`, messageEn: `A threshold rule needs ${missing}` },
    ]);
  }
  if (type === 'OUTLIER' && regimeId === null) {
    throw badRequest('INCOMPLETE_RULE', 'Quy tắc giá trị bất thường cần chế độ báo cáo', 'An outlier rule needs a report regime', [
      { path: 'body.regime', messageVi: 'Cần chế độ báo cáo', messageEn: 'A report regime is required' },
    ]);
  }
  return { orgUnitId: orgUnit.id, indicatorId, regimeId, operator, threshold };
}

export async function listRules(ctx: ServiceContext) {
  assertPermissionAnywhere(ctx.actor, 'metadata.read');
  return (await repo.listRules(ctx.db)).map(publicRule);
}

export async function createRule(ctx: ServiceContext, input: CreateRuleInput) {
  assertPermission(ctx.actor, 'metadata.write');
  const refs = await resolveRuleRefs(ctx.db, input.type, input, null);
  return ctx.db.transaction(async (tx) => {
    if (await repo.findRule(tx, input.code)) throw conflict('DUPLICATE_CODE', `Mã quy tắc '${input.code}' đã tồn tại`, `Rule code '${input.code}' already exists`);
    const id = await repo.insertRule(tx, input.code, input.type, {
      nameVi: input.nameVi,
      nameEn: input.nameEn ?? null,
      severity: input.severity,
      level: input.level ?? null,
      isActive: input.isActive,
      ...refs,
    });
    const after = (await repo.findRule(tx, id)) as repo.RuleRow;
    await recordAudit(tx, ctx.actor, { action: 'alertRule.create', objectType: 'alert_rule', objectId: id, after: publicRule(after) });
    return publicRule(after);
  });
}

export async function updateRule(ctx: ServiceContext, ref: string, input: UpdateRuleInput) {
  assertPermission(ctx.actor, 'metadata.write');
  const before = await repo.findRule(ctx.db, ref);
  if (!before) throw notFound('quy tắc cảnh báo', 'Alert rule', ref);
  const refs = await resolveRuleRefs(ctx.db, before.type, input, before);
  return ctx.db.transaction(async (tx) => {
    await repo.updateRuleRow(tx, before.id, {
      nameVi: input.nameVi ?? before.nameVi,
      nameEn: input.nameEn === undefined ? before.nameEn : input.nameEn,
      severity: input.severity ?? before.severity,
      level: input.level === undefined ? before.level : input.level,
      isActive: input.isActive ?? before.isActive,
      ...refs,
    });
    const after = (await repo.findRule(tx, before.id)) as repo.RuleRow;
    await recordAudit(tx, ctx.actor, { action: 'alertRule.update', objectType: 'alert_rule', objectId: before.id, before: publicRule(before), after: publicRule(after) });
    return publicRule(after);
  });
}

/** Alerts on units the caller may read, open ones first, then by severity and time. */
export async function listAlerts(ctx: ServiceContext, query: ListAlertsQuery) {
  if (ctx.actor.kind === 'anonymous') throw unauthenticated();
  const scope = permittedPaths(ctx.actor, 'data.read');
  // Kept per caller's scope, filters and language while no alert and no unit changes (work_version,
  // figure_version): the overview asks for the open count on every visit.
  if (ctx.analyticsCache && ctx.figureVersion !== undefined && ctx.workVersion !== undefined) {
    const key = `alerts\u0000${JSON.stringify(query)}\u0000${ctx.lang}\u0000${scope === 'ALL' ? 'ALL' : [...scope].sort().join(',')}`;
    return ctx.analyticsCache.memo(key, `${ctx.figureVersion}:${ctx.workVersion}`, () => computeAlertList(ctx, query, scope));
  }
  return computeAlertList(ctx, query, scope);
}

async function computeAlertList(ctx: ServiceContext, query: ListAlertsQuery, scope: ReturnType<typeof permittedPaths>) {
  const subtree = query.orgUnit ? (await requireOrgUnitRef(ctx.db, query.orgUnit, 'query.orgUnit')).path : undefined;
  const result = await repo.listAlerts(ctx.db, {
    pathPrefixes: scope,
    subtreePath: subtree,
    state: query.state,
    severity: query.severity,
    type: query.type,
    period: query.period,
    ruleCode: query.rule,
    limit: query.limit,
  });
  return { total: result.total, items: result.items.map((a) => publicAlert(a, ctx.lang)) };
}

export async function getAlert(ctx: ServiceContext, id: number) {
  const alert = await repo.findAlert(ctx.db, id);
  if (!alert) throw notFound('cảnh báo', 'Alert', id);
  assertPermission(ctx.actor, 'data.read', alert.orgUnitPath);
  return publicAlert(alert, ctx.lang);
}

/** Acknowledges or resolves an alert: needs alert.act on its unit; who and when are kept and audited. */
export async function actOnAlert(ctx: ServiceContext, id: number, action: 'ACKNOWLEDGED' | 'RESOLVED', note: string | undefined) {
  return ctx.db.transaction(async (tx) => {
    const before = await repo.findAlert(tx, id);
    if (!before) throw notFound('cảnh báo', 'Alert', id);
    assertPermission(ctx.actor, 'alert.act', before.orgUnitPath);
    if (before.state === 'RESOLVED' || (before.state === 'ACKNOWLEDGED' && action === 'ACKNOWLEDGED')) {
      throw conflict('ALERT_STATE', `Cảnh báo đang ở trạng thái ${before.state}`, `The alert is already ${before.state}`);
    }
    const who = ctx.actor.username ?? `${ctx.actor.kind}:${ctx.actor.userId ?? ctx.actor.tokenId ?? ''}`;
    await repo.setAlertState(tx, id, action, who, note ?? null);
    const after = (await repo.findAlert(tx, id)) as repo.AlertRow;
    await recordAudit(tx, ctx.actor, {
      action: action === 'ACKNOWLEDGED' ? 'alert.acknowledge' : 'alert.resolve',
      objectType: 'alert',
      objectId: id,
      orgUnitId: before.orgUnitId,
      before: { state: before.state },
      after: { state: after.state, by: who, note: after.note },
      reason: note ?? null,
    });
    return publicAlert(after, ctx.lang);
  });
}

export async function listMyNotifications(ctx: ServiceContext, unreadOnly: boolean) {
  if (ctx.actor.userId === undefined) throw unauthenticated();
  const rows = await repo.listNotifications(ctx.db, ctx.actor.userId, unreadOnly);
  return rows.map((n) => ({ ...n, title: ctx.lang === 'en' ? n.titleEn : n.titleVi }));
}

export async function readNotification(ctx: ServiceContext, id: number) {
  if (ctx.actor.userId === undefined) throw unauthenticated();
  if (!(await repo.markNotificationRead(ctx.db, ctx.actor.userId, id))) throw notFound('thông báo', 'Notification', id);
}

let smtpSkipLogged = false;

/** E-mails pending notifications when SMTP_URL is set; otherwise says once that mail is off. */
export async function sendPendingMails(deps: { db: Db; config: Config; log: FastifyBaseLogger }): Promise<number> {
  if (!deps.config.SMTP_URL) {
    if (!smtpSkipLogged) deps.log.info('SMTP_URL is not set: alert e-mails are skipped (notifications stay in the app)');
    smtpSkipLogged = true;
    return 0;
  }
  const pending = await repo.listPendingMails(deps.db);
  if (pending.length === 0) return 0;
  const from = deps.config.MAIL_FROM ?? 'tiendo@localhost';
  const messages = pending.map((p) => {
    const vi = p.language !== 'en';
    const link = p.evidenceUrl ? `${deps.config.PUBLIC_URL ?? ''}${p.evidenceUrl}` : '';
    return {
      to: p.email,
      subject: `[Tiến Độ] ${vi ? p.titleVi : p.titleEn}`,
      text: `${vi ? p.titleVi : p.titleEn}\n\n${link ? `${vi ? 'Chi tiết' : 'Details'}: ${link}\n` : ''}`,
    };
  });
  let sent = pending.length;
  try {
    await sendMail(deps.config.SMTP_URL, from, messages);
  } catch (err) {
    sent = err instanceof MailSendError ? err.sentCount : 0;
    throw err;
  } finally {
    // The messages before a refused one did leave: they are marked, so they are not sent twice.
    for (const p of pending.slice(0, sent)) await repo.markMailed(deps.db, p.id);
  }
  return sent;
}

/** Runs every active rule now (administrators; the background job does the same on a schedule). */
export async function runEvaluation(ctx: ServiceContext): Promise<EvaluationSummary> {
  assertPermission(ctx.actor, 'metadata.write');
  const summary = await evaluateAllAlertRules(ctx.db, vietnamDate(ctx.clock()));
  await sendPendingMails(ctx).catch((err) => ctx.log.error({ err }, 'alert e-mail failed'));
  return summary;
}

interface PendingRun {
  elementIds: Set<number>;
  orgUnitIds: Set<number>;
  periodIds: Set<number>;
  today: string;
  done: Promise<EvaluationSummary>;
  start: () => void;
}

// Per database: the run in progress and the one waiting. Values arriving while rules are being
// evaluated are merged into a single next run, so a stream of imports never piles up evaluations.
const queues = new WeakMap<Db, { running: Promise<unknown> | null; next: PendingRun | null }>();

function schedule(db: Db, affected: AffectedValues, today: string): Promise<EvaluationSummary> {
  let queue = queues.get(db);
  if (!queue) queues.set(db, (queue = { running: null, next: null }));
  const q = queue;
  if (q.next) {
    for (const id of affected.elementIds) q.next.elementIds.add(id);
    for (const id of affected.orgUnitIds) q.next.orgUnitIds.add(id);
    for (const id of affected.periodIds) q.next.periodIds.add(id);
    if (today > q.next.today) q.next.today = today;
    return q.next.done;
  }
  let start!: () => void;
  const gate = new Promise<void>((resolve) => (start = resolve));
  const run: PendingRun = {
    elementIds: new Set(affected.elementIds),
    orgUnitIds: new Set(affected.orgUnitIds),
    periodIds: new Set(affected.periodIds),
    today,
    start,
    done: gate.then(() => {
      q.next = null;
      const p = evaluateForValues(db, { elementIds: [...run.elementIds], orgUnitIds: [...run.orgUnitIds], periodIds: [...run.periodIds] }, run.today);
      q.running = p;
      return p.finally(() => {
        if (q.running === p) q.running = null;
        q.next?.start();
      });
    }),
  };
  q.next = run;
  if (q.running) void q.running.catch(() => undefined).finally(() => run.start());
  else run.start();
  return run.done;
}

/**
 * For the data-values write path, after its transaction committed: evaluates the rules the new values
 * can change. Accepts a service context or a bare database handle. Calls that arrive while an
 * evaluation runs are merged into the next one.
 */
export async function evaluateAlertsForValues(ctxOrDb: ServiceContext | Db, affected: AffectedValues): Promise<EvaluationSummary> {
  const isCtx = 'actor' in ctxOrDb;
  const db = isCtx ? (ctxOrDb as ServiceContext).db : (ctxOrDb as Db);
  const today = vietnamDate(isCtx ? (ctxOrDb as ServiceContext).clock() : new Date());
  return schedule(db, affected, today);
}

/** Alerts raised after `since` on units the caller may read, newest first (the "since your last visit" list). */
export async function listAlertsRaisedSince(ctx: ServiceContext, since: Date, limit: number) {
  const scope = permittedPaths(ctx.actor, 'data.read');
  const result = await repo.listAlerts(ctx.db, { pathPrefixes: scope, raisedAfter: since, limit });
  return result.items.map((a) => publicAlert(a, ctx.lang)).sort((a, b) => new Date(b.raisedAt).getTime() - new Date(a.raisedAt).getTime());
}

export interface LateReport {
  regime: { id: number; code: string; nameVi: string };
  orgUnit: { id: number; code: string; nameVi: string; path: string };
  period: string;
  dueDate: string;
}

/**
 * A reminder to a unit whose report is overdue, through the alerts: the overdue-report alert of the unit
 * and period (raised now if the scheduled evaluation has not yet), and a notification to its reporting
 * officers, in the app and by the next e-mail run. Runs inside the caller's transaction.
 */
export async function remindOfLateReport(db: Db, report: LateReport): Promise<{ alertId: number; notified: number }> {
  let rule = await repo.findReportLateRule(db, report.regime.id);
  if (!rule) {
    // No rule watches the regime yet: one is created for it, so the reminder's alert resolves itself once the report arrives.
    const id = await repo.insertRule(db, `REPORT_LATE_${report.regime.code}`.slice(0, 60), 'REPORT_LATE', {
      nameVi: `Báo cáo "${report.regime.nameVi}" quá hạn`,
      nameEn: `Report "${report.regime.code}" overdue`,
      severity: 'WARNING',
      orgUnitId: null,
      indicatorId: null,
      regimeId: report.regime.id,
      operator: null,
      threshold: null,
      level: null,
      isActive: true,
    });
    rule = { id, type: 'REPORT_LATE' as const, severity: 'WARNING' };
  }
  const due = formatDate(report.dueDate, 'vi');
  await repo.upsertAlert(db, rule, {
    orgUnitId: report.orgUnit.id,
    period: report.period,
    value: null,
    titleVi: `${report.orgUnit.nameVi} chưa gửi báo cáo "${report.regime.nameVi}" ${formatPeriod(report.period, 'vi')} (hạn ${due})`,
    titleEn: `${report.orgUnit.code} has not sent report "${report.regime.code}" for ${formatPeriod(report.period, 'en')} (due ${formatDate(report.dueDate, 'en')})`,
    evidenceUrl: `/data-entry?regime=${encodeURIComponent(report.regime.code)}&period=${report.period}&orgUnit=${encodeURIComponent(report.orgUnit.code)}`,
  });
  const alertId = await repo.findAlertId(db, rule.id, report.orgUnit.id, report.period);
  if (alertId === null) throw new Error('the overdue-report alert was not stored');
  const notified = await repo.remindUsers(db, alertId, report.orgUnit.path, ['REPORTING_OFFICER']);
  return { alertId, notified };
}
