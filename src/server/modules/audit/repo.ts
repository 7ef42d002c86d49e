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
