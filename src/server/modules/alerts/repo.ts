import { sql } from 'kysely';
import type { Db } from '../../db/db.ts';
import { anyOf, now } from '../../db/kysely-sql.ts';

export interface RuleRow {
  id: number;
  code: string;
  nameVi: string;
  nameEn: string | null;
  type: 'REPORT_LATE' | 'VALIDATION_ERROR' | 'OUTLIER' | 'TARGET_STATUS' | 'THRESHOLD' | 'TASK_DUE' | 'TASK_OVERDUE' | 'TAKEDOWN_REPEAT' | 'COMMITMENT_DUE' | 'COMMITMENT_AT_RISK';
  severity: 'INFO' | 'WARNING' | 'CRITICAL';
  orgUnitId: number | null;
  orgUnitCode: string | null;
  orgUnitPath: string | null;
  indicatorId: number | null;
  indicatorCode: string | null;
  /** The indicator's coverage threshold: a period below it is not judged. */
  indicatorMinCoverage: number | null;
  regimeId: number | null;
  regimeCode: string | null;
  operator: '<' | '<=' | '>' | '>=' | '=' | '<>' | null;
  threshold: number | null;
  level: number | null;
  isActive: boolean;
}

function selectRules(db: Db) {
  return db.kysely
    .selectFrom('alert_rule as r')
    .leftJoin('org_unit as ou', 'ou.id', 'r.org_unit_id')
    .leftJoin('indicator as i', 'i.id', 'r.indicator_id')
    .leftJoin('report_regime as rg', 'rg.id', 'r.regime_id')
    .select([
      'r.id',
      'r.code',
      'r.name_vi as nameVi',
      'r.name_en as nameEn',
      'r.type',
      'r.severity',
      'r.org_unit_id as orgUnitId',
      'ou.code as orgUnitCode',
      'ou.path as orgUnitPath',
      'r.indicator_id as indicatorId',
      'i.code as indicatorCode',
      'i.min_coverage as indicatorMinCoverage',
      'r.regime_id as regimeId',
      'rg.code as regimeCode',
      'r.operator',
      'r.threshold',
      'r.level',
      'r.is_active as isActive',
    ])
    .$narrowType<Pick<RuleRow, 'type' | 'severity' | 'operator'>>();
}

export async function listRules(db: Db, onlyActive = false): Promise<RuleRow[]> {
  let query = selectRules(db);
  if (onlyActive) query = query.where('r.is_active', '=', true);
  return query.orderBy('r.code').execute();
}

export async function findRule(db: Db, ref: string | number): Promise<RuleRow | null> {
  const byId = typeof ref === 'number' || /^\d+$/.test(ref);
  const query = selectRules(db);
  const row = await (byId ? query.where('r.id', '=', Number(ref)) : query.where('r.code', '=', ref)).executeTakeFirst();
  return row ?? null;
}

export interface RuleValues {
  nameVi: string;
  nameEn: string | null;
  severity: string;
  orgUnitId: number | null;
  indicatorId: number | null;
  regimeId: number | null;
  operator: string | null;
  threshold: number | null;
  level: number | null;
  isActive: boolean;
}

/** The columns a rule's values are written to (its code and type apart). */
function ruleColumns(v: RuleValues) {
  return {
    name_vi: v.nameVi,
    name_en: v.nameEn,
    severity: v.severity,
    org_unit_id: v.orgUnitId,
    indicator_id: v.indicatorId,
    regime_id: v.regimeId,
    operator: v.operator,
    threshold: v.threshold,
    level: v.level,
    is_active: v.isActive,
  };
}

export async function insertRule(db: Db, code: string, type: string, v: RuleValues): Promise<number> {
  const { id } = await db.kysely
    .insertInto('alert_rule')
    .values({ code, type, ...ruleColumns(v) })
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

export async function updateRuleRow(db: Db, id: number, v: RuleValues): Promise<void> {
  await db.kysely
    .updateTable('alert_rule')
    .set({ ...ruleColumns(v), updated_at: now() })
    .where('id', '=', id)
    .execute();
}

export async function findRegimeId(db: Db, code: string): Promise<number | null> {
  const row = await db.kysely.selectFrom('report_regime').select('id').where('code', '=', code).executeTakeFirst();
  return row?.id ?? null;
}

// ---------------------------------------------------------------------------------------------
// Alerts

export interface AlertRow {
  id: number;
  ruleId: number;
  ruleCode: string;
  type: string;
  severity: string;
  orgUnitId: number;
  orgUnitCode: string;
  orgUnitName: string;
  orgUnitPath: string;
  period: string;
  titleVi: string;
  titleEn: string;
  value: number | null;
  evidenceUrl: string | null;
  state: 'OPEN' | 'ACKNOWLEDGED' | 'RESOLVED';
  raisedAt: Date;
  lastSeenAt: Date;
  acknowledgedAt: Date | null;
  acknowledgedBy: string | null;
  resolvedAt: Date | null;
  resolvedBy: string | null;
  note: string | null;
}

/** Alerts with their rule and unit. */
function fromAlerts(db: Db) {
  return db.kysely.selectFrom('alert as a').innerJoin('alert_rule as r', 'r.id', 'a.rule_id').innerJoin('org_unit as ou', 'ou.id', 'a.org_unit_id');
}

function selectAlerts(from: ReturnType<typeof fromAlerts>) {
  return from
    .select([
      'a.id',
      'a.rule_id as ruleId',
      'r.code as ruleCode',
      'a.type',
      'a.severity',
      'a.org_unit_id as orgUnitId',
      'ou.code as orgUnitCode',
      'ou.name_vi as orgUnitName',
      'ou.path as orgUnitPath',
      'a.period',
      'a.title_vi as titleVi',
      'a.title_en as titleEn',
      'a.value',
      'a.evidence_url as evidenceUrl',
      'a.state',
      'a.raised_at as raisedAt',
      'a.last_seen_at as lastSeenAt',
      'a.acknowledged_at as acknowledgedAt',
      'a.acknowledged_by as acknowledgedBy',
      'a.resolved_at as resolvedAt',
      'a.resolved_by as resolvedBy',
      'a.note',
    ])
    .$narrowType<Pick<AlertRow, 'state'>>();
}

export async function findAlert(db: Db, id: number): Promise<AlertRow | null> {
  return (await selectAlerts(fromAlerts(db).where('a.id', '=', id)).executeTakeFirst()) ?? null;
}

export interface AlertFilter {
  pathPrefixes: 'ALL' | string[];
  subtreePath?: string;
  state?: string;
  severity?: string;
  type?: string;
  period?: string;
  ruleCode?: string;
  /** Only alerts raised after this moment. */
  raisedAfter?: Date;
  limit: number;
}

export async function listAlerts(db: Db, f: AlertFilter): Promise<{ total: number; items: AlertRow[] }> {
  let from = fromAlerts(db);
  if (f.pathPrefixes !== 'ALL')
    from = from.where(
      'ou.path',
      'like',
      anyOf(
        f.pathPrefixes.map((p) => `${p}%`),
        'text',
      ),
    );
  if (f.subtreePath) from = from.where('ou.path', 'like', `${f.subtreePath}%`);
  if (f.state) from = from.where('a.state', '=', f.state);
  if (f.severity) from = from.where('a.severity', '=', f.severity);
  if (f.type) from = from.where('a.type', '=', f.type);
  if (f.period) from = from.where('a.period', '=', f.period);
  if (f.ruleCode) from = from.where('r.code', '=', f.ruleCode);
  if (f.raisedAfter) from = from.where('a.raised_at', '>', f.raisedAfter);
  const { n } = await from.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const items = await selectAlerts(from)
    .orderBy((eb) => eb.case('a.state').when('OPEN').then(0).when('ACKNOWLEDGED').then(1).else(2).end())
    .orderBy((eb) => eb.case('a.severity').when('CRITICAL').then(0).when('WARNING').then(1).else(2).end())
    .orderBy('a.raised_at', 'desc')
    .orderBy('a.id', 'desc')
    .limit(f.limit)
    .execute();
  return { total: n, items };
}

export interface Finding {
  orgUnitId: number;
  period: string;
  titleVi: string;
  titleEn: string;
  value: number | null;
  evidenceUrl: string | null;
}

/**
 * Raises or refreshes the alert of a finding. Deduplicated by rule, unit and period: a finding seen
 * again refreshes last_seen_at and the value; a resolved alert stays resolved. Returns the id when new.
 */
export async function upsertAlert(db: Db, rule: Pick<RuleRow, 'id' | 'type' | 'severity'>, f: Finding): Promise<number | null> {
  const row = await db.kysely
    .insertInto('alert')
    .values({
      rule_id: rule.id,
      type: rule.type,
      severity: rule.severity,
      org_unit_id: f.orgUnitId,
      period: f.period,
      title_vi: f.titleVi,
      title_en: f.titleEn,
      value: f.value,
      evidence_url: f.evidenceUrl,
    })
    .onConflict((oc) =>
      oc.columns(['rule_id', 'org_unit_id', 'period']).doUpdateSet((eb) => ({
        last_seen_at: now(),
        value: eb.ref('excluded.value'),
        title_vi: eb.ref('excluded.title_vi'),
        title_en: eb.ref('excluded.title_en'),
        evidence_url: eb.ref('excluded.evidence_url'),
      })),
    )
    // xmax is 0 on a row version the statement inserted, not on one it updated.
    .returning(['id', sql<boolean>`xmax = 0`.as('inserted')])
    .executeTakeFirstOrThrow();
  return row.inserted ? row.id : null;
}

/** Raises an existing alert again (open, as of now), with the finding's title and value; its id. */
export async function reopenAlert(db: Db, ruleId: number, f: Finding): Promise<number | null> {
  const row = await db.kysely
    .updateTable('alert')
    .set({
      state: 'OPEN',
      raised_at: now(),
      last_seen_at: now(),
      acknowledged_at: null,
      acknowledged_by: null,
      resolved_at: null,
      resolved_by: null,
      value: f.value,
      title_vi: f.titleVi,
      title_en: f.titleEn,
      evidence_url: f.evidenceUrl,
    })
    .where('rule_id', '=', ruleId)
    .where('org_unit_id', '=', f.orgUnitId)
    .where('period', '=', f.period)
    .returning('id')
    .executeTakeFirst();
  return row?.id ?? null;
}

/** Open or acknowledged alerts of a rule among the given unit|period keys. */
export async function listActiveAlerts(db: Db, ruleId: number): Promise<{ id: number; orgUnitId: number; period: string }[]> {
  return db.kysely.selectFrom('alert').select(['id', 'org_unit_id as orgUnitId', 'period']).where('rule_id', '=', ruleId).where('state', '<>', 'RESOLVED').execute();
}

export async function setAlertState(db: Db, id: number, state: 'ACKNOWLEDGED' | 'RESOLVED', who: string, note: string | null): Promise<void> {
  const by = state === 'ACKNOWLEDGED' ? { acknowledged_at: now(), acknowledged_by: who } : { resolved_at: now(), resolved_by: who };
  // A null note keeps the one written before.
  await db.kysely
    .updateTable('alert')
    .set({ state, ...by, ...(note !== null ? { note } : {}) })
    .where('id', '=', id)
    .execute();
}

/** Active users holding one of the roles over the unit at `unitPath` (anywhere, for a role without a unit). */
function usersOverUnit(db: Db, unitPath: string, roles: readonly string[]) {
  return db.kysely
    .selectFrom('role_assignment as ra')
    .innerJoin('app_user as au', (join) => join.onRef('au.id', '=', 'ra.user_id').on('au.is_active', '=', true))
    .leftJoin('org_unit as s', 's.id', 'ra.org_unit_id')
    .where('ra.role', '=', anyOf(roles, 'text'))
    .where((eb) => eb.or([eb('ra.org_unit_id', 'is', null), eb(eb.val(unitPath), 'like', eb('s.path', '||', '%'))]));
}

/** The notifications of an alert for every user over its unit, as an INSERT … SELECT. */
function insertNotifications(db: Db, alertId: number, unitPath: string, roles: readonly string[]) {
  return db.kysely
    .insertInto('alert_notification')
    .columns(['alert_id', 'user_id'])
    .expression(
      usersOverUnit(db, unitPath, roles)
        .select([sql<number>`${alertId}::int`.as('alert_id'), 'ra.user_id'])
        .distinct(),
    );
}

/** Notifies, in the app, every active user who may act on alerts of the unit. */
export async function notifyUsers(db: Db, alertId: number, unitPath: string, roles: readonly string[]): Promise<void> {
  await insertNotifications(db, alertId, unitPath, roles)
    .onConflict((oc) => oc.doNothing())
    .execute();
}

export interface NotificationRow {
  id: number;
  alertId: number;
  createdAt: Date;
  readAt: Date | null;
  titleVi: string;
  titleEn: string;
  severity: string;
  state: string;
  orgUnitCode: string;
  period: string;
  evidenceUrl: string | null;
}

export async function listNotifications(db: Db, userId: number, unreadOnly: boolean): Promise<NotificationRow[]> {
  let query = db.kysely
    .selectFrom('alert_notification as n')
    .innerJoin('alert as a', 'a.id', 'n.alert_id')
    .innerJoin('org_unit as ou', 'ou.id', 'a.org_unit_id')
    .select([
      'n.id',
      'n.alert_id as alertId',
      'n.created_at as createdAt',
      'n.read_at as readAt',
      'a.title_vi as titleVi',
      'a.title_en as titleEn',
      'a.severity',
      'a.state',
      'ou.code as orgUnitCode',
      'a.period',
      'a.evidence_url as evidenceUrl',
    ])
    .where('n.user_id', '=', userId);
  if (unreadOnly) query = query.where('n.read_at', 'is', null);
  return query.orderBy('n.created_at', 'desc').orderBy('n.id', 'desc').limit(200).execute();
}

export async function markNotificationRead(db: Db, userId: number, id: number): Promise<boolean> {
  const result = await db.kysely
    .updateTable('alert_notification')
    .set((eb) => ({ read_at: eb.fn.coalesce('read_at', now()) }))
    .where('id', '=', id)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

export interface PendingMail {
  id: number;
  email: string;
  titleVi: string;
  titleEn: string;
  language: string;
  evidenceUrl: string | null;
}

export async function listPendingMails(db: Db, limit = 200): Promise<PendingMail[]> {
  return db.kysely
    .selectFrom('alert_notification as n')
    .innerJoin('app_user as u', 'u.id', 'n.user_id')
    .innerJoin('alert as a', 'a.id', 'n.alert_id')
    .select(['n.id', 'u.email', 'a.title_vi as titleVi', 'a.title_en as titleEn', 'u.language', 'a.evidence_url as evidenceUrl'])
    .where('n.emailed_at', 'is', null)
    .where('u.email', 'is not', null)
    .where('a.state', '=', 'OPEN')
    .$narrowType<{ email: string }>()
    .orderBy('n.id')
    .limit(limit)
    .execute();
}

export async function markMailed(db: Db, id: number): Promise<void> {
  await db.kysely.updateTable('alert_notification').set({ emailed_at: now() }).where('id', '=', id).execute();
}

/** The active overdue-report rule covering a regime: its own, else one for every regime (oldest first); null when none. */
export async function findReportLateRule(db: Db, regimeId: number): Promise<Pick<RuleRow, 'id' | 'type' | 'severity'> | null> {
  const row = await db.kysely
    .selectFrom('alert_rule')
    .select(['id', 'type', 'severity'])
    .where('type', '=', 'REPORT_LATE')
    .where('is_active', '=', true)
    .where('org_unit_id', 'is', null)
    .where((eb) => eb.or([eb('regime_id', '=', regimeId), eb('regime_id', 'is', null)]))
    .$narrowType<Pick<RuleRow, 'type' | 'severity'>>()
    .orderBy((eb) => eb('regime_id', 'is', null))
    .orderBy('id')
    .limit(1)
    .executeTakeFirst();
  return row ?? null;
}

export async function findAlertId(db: Db, ruleId: number, orgUnitId: number, period: string): Promise<number | null> {
  const row = await db.kysely.selectFrom('alert').select('id').where('rule_id', '=', ruleId).where('org_unit_id', '=', orgUnitId).where('period', '=', period).executeTakeFirst();
  return row?.id ?? null;
}

/**
 * Reminds, in the app and by e-mail, every active user holding one of the roles over the unit: a new
 * notification, or the earlier one of the same alert made unread and unsent again. Returns how many users.
 */
export async function remindUsers(db: Db, alertId: number, unitPath: string, roles: readonly string[]): Promise<number> {
  const result = await insertNotifications(db, alertId, unitPath, roles)
    .onConflict((oc) => oc.columns(['alert_id', 'user_id']).doUpdateSet({ created_at: now(), read_at: null, emailed_at: null }))
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0n);
}
