import type { Db } from '../../db/db.ts';

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

const RULE_SELECT = `SELECT r.id, r.code, r.name_vi AS "nameVi", r.name_en AS "nameEn", r.type, r.severity, r.org_unit_id AS "orgUnitId",
    ou.code AS "orgUnitCode", ou.path AS "orgUnitPath", r.indicator_id AS "indicatorId", i.code AS "indicatorCode", i.min_coverage AS "indicatorMinCoverage",
    r.regime_id AS "regimeId", rg.code AS "regimeCode", r.operator, r.threshold, r.level, r.is_active AS "isActive"
  FROM alert_rule r LEFT JOIN org_unit ou ON ou.id = r.org_unit_id LEFT JOIN indicator i ON i.id = r.indicator_id
  LEFT JOIN report_regime rg ON rg.id = r.regime_id`;

export async function listRules(db: Db, onlyActive = false): Promise<RuleRow[]> {
  const { rows } = await db.query<RuleRow>(`${RULE_SELECT} ${onlyActive ? 'WHERE r.is_active' : ''} ORDER BY r.code`);
  return rows;
}

export async function findRule(db: Db, ref: string | number): Promise<RuleRow | null> {
  const byId = typeof ref === 'number' || /^\d+$/.test(ref);
  const { rows } = await db.query<RuleRow>(`${RULE_SELECT} WHERE ${byId ? 'r.id = $1' : 'r.code = $1'}`, [byId ? Number(ref) : ref]);
  return rows[0] ?? null;
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

export async function insertRule(db: Db, code: string, type: string, v: RuleValues): Promise<number> {
  const { rows } = await db.query<{ id: number }>(
    `INSERT INTO alert_rule (code, type, name_vi, name_en, severity, org_unit_id, indicator_id, regime_id, operator, threshold, level, is_active)
     VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12) RETURNING id`,
    [code, type, v.nameVi, v.nameEn, v.severity, v.orgUnitId, v.indicatorId, v.regimeId, v.operator, v.threshold, v.level, v.isActive],
  );
  return rows[0].id;
}

export async function updateRuleRow(db: Db, id: number, v: RuleValues): Promise<void> {
  await db.query(
    `UPDATE alert_rule SET name_vi=$2, name_en=$3, severity=$4, org_unit_id=$5, indicator_id=$6, regime_id=$7, operator=$8, threshold=$9, level=$10,
       is_active=$11, updated_at=now() WHERE id=$1`,
    [id, v.nameVi, v.nameEn, v.severity, v.orgUnitId, v.indicatorId, v.regimeId, v.operator, v.threshold, v.level, v.isActive],
  );
}

export async function findRegimeId(db: Db, code: string): Promise<number | null> {
  const { rows } = await db.query<{ id: number }>(`SELECT id FROM report_regime WHERE code = $1`, [code]);
  return rows[0]?.id ?? null;
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
  raisedAt: string;
  lastSeenAt: string;
  acknowledgedAt: string | null;
  acknowledgedBy: string | null;
  resolvedAt: string | null;
  resolvedBy: string | null;
  note: string | null;
}

const ALERT_SELECT = `SELECT a.id, a.rule_id AS "ruleId", r.code AS "ruleCode", a.type, a.severity, a.org_unit_id AS "orgUnitId", ou.code AS "orgUnitCode",
    ou.name_vi AS "orgUnitName", ou.path AS "orgUnitPath", a.period, a.title_vi AS "titleVi", a.title_en AS "titleEn", a.value,
    a.evidence_url AS "evidenceUrl", a.state, a.raised_at AS "raisedAt", a.last_seen_at AS "lastSeenAt", a.acknowledged_at AS "acknowledgedAt",
    a.acknowledged_by AS "acknowledgedBy", a.resolved_at AS "resolvedAt", a.resolved_by AS "resolvedBy", a.note
  FROM alert a JOIN alert_rule r ON r.id = a.rule_id JOIN org_unit ou ON ou.id = a.org_unit_id`;

export async function findAlert(db: Db, id: number): Promise<AlertRow | null> {
  const { rows } = await db.query<AlertRow>(`${ALERT_SELECT} WHERE a.id = $1`, [id]);
  return rows[0] ?? null;
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
  const params: unknown[] = [];
  const where: string[] = [];
  const add = (sql: (n: number) => string, value: unknown) => {
    params.push(value);
    where.push(sql(params.length));
  };
  if (f.pathPrefixes !== 'ALL')
    add(
      (n) => `ou.path LIKE ANY ($${n}::text[])`,
      f.pathPrefixes.map((p) => `${p}%`),
    );
  if (f.subtreePath) add((n) => `ou.path LIKE $${n}`, `${f.subtreePath}%`);
  if (f.state) add((n) => `a.state = $${n}`, f.state);
  if (f.severity) add((n) => `a.severity = $${n}`, f.severity);
  if (f.type) add((n) => `a.type = $${n}`, f.type);
  if (f.period) add((n) => `a.period = $${n}`, f.period);
  if (f.ruleCode) add((n) => `r.code = $${n}`, f.ruleCode);
  if (f.raisedAfter) add((n) => `a.raised_at > $${n}`, f.raisedAfter);
  const whereSql = where.length ? `WHERE ${where.join(' AND ')}` : '';
  const { rows: count } = await db.query<{ n: number }>(`SELECT count(*) AS n FROM alert a JOIN alert_rule r ON r.id = a.rule_id JOIN org_unit ou ON ou.id = a.org_unit_id ${whereSql}`, params);
  params.push(f.limit);
  const { rows } = await db.query<AlertRow>(
    `${ALERT_SELECT} ${whereSql}
      ORDER BY CASE a.state WHEN 'OPEN' THEN 0 WHEN 'ACKNOWLEDGED' THEN 1 ELSE 2 END,
               CASE a.severity WHEN 'CRITICAL' THEN 0 WHEN 'WARNING' THEN 1 ELSE 2 END, a.raised_at DESC, a.id DESC
      LIMIT $${params.length}`,
    params,
  );
  return { total: count[0].n, items: rows };
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
  const { rows } = await db.query<{ id: number; inserted: boolean }>(
    `INSERT INTO alert (rule_id, type, severity, org_unit_id, period, title_vi, title_en, value, evidence_url)
     VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9)
     ON CONFLICT (rule_id, org_unit_id, period) DO UPDATE
       SET last_seen_at = now(), value = EXCLUDED.value, title_vi = EXCLUDED.title_vi, title_en = EXCLUDED.title_en, evidence_url = EXCLUDED.evidence_url
     RETURNING id, (xmax = 0) AS inserted`,
    [rule.id, rule.type, rule.severity, f.orgUnitId, f.period, f.titleVi, f.titleEn, f.value, f.evidenceUrl],
  );
  return rows[0].inserted ? rows[0].id : null;
}

/** Raises an existing alert again (open, as of now), with the finding's title and value; its id. */
export async function reopenAlert(db: Db, ruleId: number, f: Finding): Promise<number | null> {
  const { rows } = await db.query<{ id: number }>(
    `UPDATE alert SET state = 'OPEN', raised_at = now(), last_seen_at = now(), acknowledged_at = NULL, acknowledged_by = NULL, resolved_at = NULL, resolved_by = NULL,
       value = $4, title_vi = $5, title_en = $6, evidence_url = $7
     WHERE rule_id = $1 AND org_unit_id = $2 AND period = $3 RETURNING id`,
    [ruleId, f.orgUnitId, f.period, f.value, f.titleVi, f.titleEn, f.evidenceUrl],
  );
  return rows[0]?.id ?? null;
}

/** Open or acknowledged alerts of a rule among the given unit|period keys. */
export async function listActiveAlerts(db: Db, ruleId: number): Promise<{ id: number; orgUnitId: number; period: string }[]> {
  const { rows } = await db.query<{ id: number; orgUnitId: number; period: string }>(`SELECT id, org_unit_id AS "orgUnitId", period FROM alert WHERE rule_id = $1 AND state <> 'RESOLVED'`, [ruleId]);
  return rows;
}

export async function setAlertState(db: Db, id: number, state: 'ACKNOWLEDGED' | 'RESOLVED', who: string, note: string | null): Promise<void> {
  if (state === 'ACKNOWLEDGED') {
    await db.query(`UPDATE alert SET state = 'ACKNOWLEDGED', acknowledged_at = now(), acknowledged_by = $2, note = coalesce($3, note) WHERE id = $1`, [id, who, note]);
  } else {
    await db.query(`UPDATE alert SET state = 'RESOLVED', resolved_at = now(), resolved_by = $2, note = coalesce($3, note) WHERE id = $1`, [id, who, note]);
  }
}

/** Notifies, in the app, every active user who may act on alerts of the unit. */
export async function notifyUsers(db: Db, alertId: number, unitPath: string, roles: readonly string[]): Promise<void> {
  await db.query(
    `INSERT INTO alert_notification (alert_id, user_id)
     SELECT DISTINCT $1::int, ra.user_id FROM role_assignment ra
       JOIN app_user au ON au.id = ra.user_id AND au.is_active
       LEFT JOIN org_unit s ON s.id = ra.org_unit_id
      WHERE ra.role = ANY($2::text[]) AND (ra.org_unit_id IS NULL OR $3 LIKE s.path || '%')
     ON CONFLICT DO NOTHING`,
    [alertId, roles, unitPath],
  );
}

export interface NotificationRow {
  id: number;
  alertId: number;
  createdAt: string;
  readAt: string | null;
  titleVi: string;
  titleEn: string;
  severity: string;
  state: string;
  orgUnitCode: string;
  period: string;
  evidenceUrl: string | null;
}

export async function listNotifications(db: Db, userId: number, unreadOnly: boolean): Promise<NotificationRow[]> {
  const { rows } = await db.query<NotificationRow>(
    `SELECT n.id, n.alert_id AS "alertId", n.created_at AS "createdAt", n.read_at AS "readAt", a.title_vi AS "titleVi", a.title_en AS "titleEn",
            a.severity, a.state, ou.code AS "orgUnitCode", a.period, a.evidence_url AS "evidenceUrl"
       FROM alert_notification n JOIN alert a ON a.id = n.alert_id JOIN org_unit ou ON ou.id = a.org_unit_id
      WHERE n.user_id = $1 ${unreadOnly ? 'AND n.read_at IS NULL' : ''}
      ORDER BY n.created_at DESC, n.id DESC LIMIT 200`,
    [userId],
  );
  return rows;
}

export async function markNotificationRead(db: Db, userId: number, id: number): Promise<boolean> {
  const { rowCount } = await db.query(`UPDATE alert_notification SET read_at = coalesce(read_at, now()) WHERE id = $1 AND user_id = $2`, [id, userId]);
  return rowCount > 0;
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
  const { rows } = await db.query<PendingMail>(
    `SELECT n.id, u.email, a.title_vi AS "titleVi", a.title_en AS "titleEn", u.language, a.evidence_url AS "evidenceUrl"
       FROM alert_notification n JOIN app_user u ON u.id = n.user_id JOIN alert a ON a.id = n.alert_id
      WHERE n.emailed_at IS NULL AND u.email IS NOT NULL AND a.state = 'OPEN'
      ORDER BY n.id LIMIT $1`,
    [limit],
  );
  return rows;
}

export async function markMailed(db: Db, id: number): Promise<void> {
  await db.query(`UPDATE alert_notification SET emailed_at = now() WHERE id = $1`, [id]);
}

/** The active overdue-report rule covering a regime: its own, else one for every regime (oldest first); null when none. */
export async function findReportLateRule(db: Db, regimeId: number): Promise<Pick<RuleRow, 'id' | 'type' | 'severity'> | null> {
  const { rows } = await db.query<Pick<RuleRow, 'id' | 'type' | 'severity'>>(
    `SELECT id, type, severity FROM alert_rule
      WHERE type = 'REPORT_LATE' AND is_active AND org_unit_id IS NULL AND (regime_id = $1 OR regime_id IS NULL)
      ORDER BY (regime_id IS NULL), id LIMIT 1`,
    [regimeId],
  );
  return rows[0] ?? null;
}

export async function findAlertId(db: Db, ruleId: number, orgUnitId: number, period: string): Promise<number | null> {
  const { rows } = await db.query<{ id: number }>('SELECT id FROM alert WHERE rule_id = $1 AND org_unit_id = $2 AND period = $3', [ruleId, orgUnitId, period]);
  return rows[0]?.id ?? null;
}

/**
 * Reminds, in the app and by e-mail, every active user holding one of the roles over the unit: a new
 * notification, or the earlier one of the same alert made unread and unsent again. Returns how many users.
 */
export async function remindUsers(db: Db, alertId: number, unitPath: string, roles: readonly string[]): Promise<number> {
  const { rowCount } = await db.query(
    `INSERT INTO alert_notification (alert_id, user_id)
     SELECT DISTINCT $1::int, ra.user_id FROM role_assignment ra
       JOIN app_user au ON au.id = ra.user_id AND au.is_active
       LEFT JOIN org_unit s ON s.id = ra.org_unit_id
      WHERE ra.role = ANY($2::text[]) AND (ra.org_unit_id IS NULL OR $3 LIKE s.path || '%')
     ON CONFLICT (alert_id, user_id) DO UPDATE SET created_at = now(), read_at = NULL, emailed_at = NULL`,
    [alertId, roles, unitPath],
  );
  return rowCount;
}
