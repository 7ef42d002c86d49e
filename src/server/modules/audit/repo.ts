import { sql } from 'kysely';
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

/** jsonb input: the JSON text of a value, or SQL NULL for none. */
const json = (value: unknown) => (value === null ? null : JSON.stringify(value));

export async function insertAuditEntry(db: Db, row: AuditRow): Promise<void> {
  await db.kysely
    .insertInto('audit_log')
    .values({
      actor_kind: row.actorKind,
      user_id: row.userId,
      username: row.username,
      token_id: row.tokenId,
      ip: row.ip,
      user_agent: row.userAgent,
      request_id: row.requestId,
      action: row.action,
      object_type: row.objectType,
      object_id: row.objectId,
      org_unit_id: row.orgUnitId,
      before: json(row.before),
      after: json(row.after),
      reason: row.reason,
    })
    .execute();
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

function filtered(db: Db, f: AuditFilter) {
  let query = db.kysely.selectFrom('audit_log');
  if (f.userId !== undefined) query = query.where('user_id', '=', f.userId);
  if (f.username) query = query.where('username', '=', f.username);
  if (f.objectType) query = query.where('object_type', '=', f.objectType);
  if (f.objectId) query = query.where('object_id', '=', f.objectId);
  if (f.action) query = query.where('action', '=', f.action);
  if (f.from) query = query.where('at', '>=', sql<Date>`${f.from}::timestamptz`);
  if (f.to) query = query.where('at', '<', sql<Date>`${f.to}::timestamptz`);
  const paths = f.scopePaths;
  if (paths !== undefined && paths !== 'ALL') {
    query = query.where('org_unit_id', 'in', (eb) =>
      eb
        .selectFrom('org_unit as ou')
        .select('ou.id')
        .where((w) => (paths.length === 0 ? w.val(false) : w.or(paths.map((p) => w('ou.path', 'like', `${p}%`))))),
    );
  }
  return query;
}

export async function listAuditEntries(db: Db, f: AuditFilter) {
  const { total } = await filtered(db, f)
    .select((eb) => eb.fn.countAll<number>().as('total'))
    .executeTakeFirstOrThrow();
  const items = await filtered(db, f)
    .select([
      'id',
      'at',
      'actor_kind as actorKind',
      'user_id as userId',
      'username',
      'token_id as tokenId',
      'ip',
      'user_agent as userAgent',
      'request_id as requestId',
      'action',
      'object_type as objectType',
      'object_id as objectId',
      'org_unit_id as orgUnitId',
      'before',
      'after',
      'reason',
    ])
    .orderBy('id', 'desc')
    .limit(f.limit)
    .offset(f.offset)
    .execute();
  return { total, items };
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
  oldComment: string | null;
  newComment: string | null;
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
            h.old_value AS "oldValue", h.new_value AS "newValue", h.old_comment AS "oldComment", h.new_comment AS "newComment",
            h.source, h.changed_at AS "changedAt"
       ${from.replace(
         'JOIN org_unit ou ON ou.id = h.org_unit_id',
         `JOIN org_unit ou ON ou.id = h.org_unit_id
       JOIN data_element de ON de.id = h.data_element_id JOIN period p ON p.id = h.period_id
       LEFT JOIN disaggregation_option o ON o.id = h.option_id`,
       )}
      ORDER BY h.id LIMIT $${params.length - 1} OFFSET $${params.length}`,
    params,
  );
  return { total, items: rows };
}

/** When the user signed in before the current sign-in (the second-latest `auth.login` entry), or null. */
export async function findPreviousSignIn(db: Db, userId: number): Promise<Date | null> {
  const row = await db.kysely.selectFrom('audit_log').select('at').where('user_id', '=', userId).where('action', '=', 'auth.login').orderBy('id', 'desc').offset(1).limit(1).executeTakeFirst();
  return row ? row.at : null;
}

/** Entries of the given actions after `since` about units inside the subtrees, others' first-hand writes only. */
export async function listEventsSince(db: Db, f: { since: Date; actions: string[]; scopePaths: 'ALL' | string[]; excludeUserId: number | null; limit: number }) {
  let query = db.kysely
    .selectFrom('audit_log as a')
    .innerJoin('org_unit as ou', 'ou.id', 'a.org_unit_id')
    .select(['a.id', 'a.at', 'a.action', 'a.object_id as objectId', 'a.username', 'a.reason', 'ou.code as orgUnitCode', 'ou.name_vi as orgUnitName'])
    .where('a.at', '>', f.since)
    .where('a.action', 'in', f.actions);
  if (f.excludeUserId !== null) query = query.where((w) => w.or([w('a.user_id', 'is', null), w('a.user_id', '<>', f.excludeUserId!)]));
  const paths = f.scopePaths;
  if (paths !== 'ALL') query = query.where((w) => (paths.length === 0 ? w.val(false) : w.or(paths.map((p) => w('ou.path', 'like', `${p}%`)))));
  return query.orderBy('a.id', 'desc').limit(f.limit).execute();
}
