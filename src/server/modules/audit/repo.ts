import type { Db } from '../../db/db.ts';

export interface AuditRow {
  actorKind: string;
  userId: number | null;
  username: string | null;
  tokenId: number | null;
  ip: string | null;
  userAgent: string | null;
  requestId: string | null;
  action: string;
  objectType: string;
  objectId: string | null;
  orgUnitId: number | null;
  before: unknown;
  after: unknown;
  reason: string | null;
}

export async function insertAuditEntry(db: Db, row: AuditRow): Promise<void> {
  await db.query(
    `INSERT INTO audit_log (actor_kind, user_id, username, token_id, ip, user_agent, request_id, action,
       object_type, object_id, org_unit_id, before, after, reason)
     VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12::jsonb,$13::jsonb,$14)`,
    [
      row.actorKind, row.userId, row.username, row.tokenId, row.ip, row.userAgent, row.requestId, row.action,
      row.objectType, row.objectId, row.orgUnitId,
      row.before === null ? null : JSON.stringify(row.before),
      row.after === null ? null : JSON.stringify(row.after),
      row.reason,
    ],
  );
}

export interface AuditFilter {
  userId?: number;
  username?: string;
  objectType?: string;
  objectId?: string;
  action?: string;
  from?: string;
  to?: string;
  limit: number;
  offset: number;
  /**
   * The subtrees the reader may see: 'ALL' for a system-wide reader; otherwise only entries about
   * units inside those subtrees (entries without a unit are system-wide and stay hidden).
   */
  scopePaths?: 'ALL' | string[];
}

export async function listAuditEntries(db: Db, f: AuditFilter) {
  const where: string[] = [];
  const params: unknown[] = [];
  const add = (sql: string, value: unknown) => {
    params.push(value);
    where.push(sql.replace('?', `$${params.length}`));
  };
  if (f.userId !== undefined) add('user_id = ?', f.userId);
  if (f.username) add('username = ?', f.username);
  if (f.objectType) add('object_type = ?', f.objectType);
  if (f.objectId) add('object_id = ?', f.objectId);
  if (f.action) add('action = ?', f.action);
  if (f.from) add('at >= ?::timestamptz', f.from);
  if (f.to) add('at < ?::timestamptz', f.to);
  if (f.scopePaths !== undefined && f.scopePaths !== 'ALL') {
    add('org_unit_id IN (SELECT ou.id FROM org_unit ou WHERE ou.path LIKE ANY (?::text[]))', f.scopePaths.map((p) => `${p}%`));
  }
  const whereSql = where.length ? `WHERE ${where.join(' AND ')}` : '';
  const total = (await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM audit_log ${whereSql}`, params)).rows[0].n;
  params.push(f.limit, f.offset);
  const { rows } = await db.query(
    `SELECT id, at, actor_kind AS "actorKind", user_id AS "userId", username, token_id AS "tokenId", ip,
            user_agent AS "userAgent", request_id AS "requestId", action, object_type AS "objectType",
            object_id AS "objectId", org_unit_id AS "orgUnitId", before, after, reason
       FROM audit_log ${whereSql} ORDER BY id DESC LIMIT $${params.length - 1} OFFSET $${params.length}`,
    params,
  );
  return { total, items: rows };
}

/** The transaction an audit entry was written in (null for entries older than the link). */
export async function findAuditTransaction(db: Db, id: number): Promise<{ xactId: string | null } | null> {
  const { rows } = await db.query<{ xactId: string | null }>('SELECT xact_id::text AS "xactId" FROM audit_log WHERE id = $1', [id]);
  return rows[0] ?? null;
}

export interface HistoryChange {
  id: number;
  dataElement: string;
  period: string;
  orgUnit: string;
  option: string | null;
  changeType: 'CREATE' | 'UPDATE' | 'DELETE';
  oldValue: string | null;
  newValue: string | null;
  source: string;
  changedAt: string;
}

/** The value history rows one transaction wrote, within the reader's subtrees. */
export async function listHistoryOfTransaction(db: Db, f: { xactId: string; scopePaths: 'ALL' | string[]; limit: number; offset: number }) {
  const params: unknown[] = [f.xactId];
  let scope = '';
  if (f.scopePaths !== 'ALL') {
    params.push(f.scopePaths.map((p) => `${p}%`));
    scope = `AND ou.path LIKE ANY ($${params.length}::text[])`;
  }
  const from = `FROM data_value_history h JOIN org_unit ou ON ou.id = h.org_unit_id WHERE h.xact_id = $1::xid8 ${scope}`;
  const total = (await db.query<{ n: number }>(`SELECT count(*)::int AS n ${from}`, params)).rows[0].n;
  params.push(f.limit, f.offset);
  const { rows } = await db.query<HistoryChange>(
    `SELECT h.id, de.code AS "dataElement", p.iso AS period, ou.code AS "orgUnit", o.code AS option, h.change_type AS "changeType",
            h.old_value AS "oldValue", h.new_value AS "newValue", h.source, h.changed_at AS "changedAt"
       ${from.replace('JOIN org_unit ou ON ou.id = h.org_unit_id', `JOIN org_unit ou ON ou.id = h.org_unit_id
       JOIN data_element de ON de.id = h.data_element_id JOIN period p ON p.id = h.period_id
       LEFT JOIN disaggregation_option o ON o.id = h.option_id`)}
      ORDER BY h.id LIMIT $${params.length - 1} OFFSET $${params.length}`,
    params,
  );
  return { total, items: rows };
}
