import type { Db } from '../../db/db.ts';
import type { ServiceContext } from '../../http/context.ts';
import type { Actor } from '../../access.ts';
import { assertPermissionAnywhere, permittedPaths } from '../../access.ts';
import { notFound } from '../../http/errors.ts';
import { findAuditTransaction, insertAuditEntry, listAuditEntries, listHistoryOfTransaction, type AuditFilter } from './repo.ts';

export interface AuditEvent {
  action: string;
  objectType: string;
  objectId?: string | number | null;
  orgUnitId?: number | null;
  before?: unknown;
  after?: unknown;
  reason?: string | null;
}

/** Records one write in the append-only audit trail; call it inside the write's transaction. */
export async function recordAudit(db: Db, actor: Actor, event: AuditEvent): Promise<void> {
  await insertAuditEntry(db, {
    actorKind: actor.kind,
    userId: actor.userId ?? null,
    username: actor.username ?? null,
    tokenId: actor.tokenId ?? null,
    ip: actor.ip ?? null,
    userAgent: actor.userAgent ?? null,
    requestId: actor.requestId ?? null,
    action: event.action,
    objectType: event.objectType,
    objectId: event.objectId === undefined || event.objectId === null ? null : String(event.objectId),
    orgUnitId: event.orgUnitId ?? null,
    before: event.before === undefined ? null : event.before,
    after: event.after === undefined ? null : event.after,
    reason: event.reason ?? null,
  });
}

/** Audit entries the reader may see: a scoped administrator sees only entries about units in their subtrees. */
export async function searchAudit(ctx: ServiceContext, filter: Omit<AuditFilter, 'scopePaths'>) {
  assertPermissionAnywhere(ctx.actor, 'audit.read');
  return listAuditEntries(ctx.db, { ...filter, scopePaths: permittedPaths(ctx.actor, 'audit.read') });
}

/**
 * What one audited write changed in the data values: the history rows written in the same
 * transaction as the audit entry (both carry its id), limited to the units the reader may audit.
 */
export async function auditedChanges(ctx: ServiceContext, id: number, page: { limit: number; offset: number }) {
  assertPermissionAnywhere(ctx.actor, 'audit.read');
  const entry = await findAuditTransaction(ctx.db, id);
  if (!entry) throw notFound('mục nhật ký', 'Audit entry', id);
  if (!entry.xactId) return { total: 0, items: [] };
  return listHistoryOfTransaction(ctx.db, { xactId: entry.xactId, scopePaths: permittedPaths(ctx.actor, 'audit.read'), ...page });
}

/**
 * The trail of one object (e.g. one release): its entries of the given actions, oldest first. No reader's scope is
 * applied here: the calling module decides who may see the object's trail (its own access rule) before asking.
 */
export async function trailOfObject(db: Db, f: { objectType: string; objectId: string | number; actions: readonly string[]; limit?: number }) {
  const { items } = await listAuditEntries(db, { objectType: f.objectType, objectId: String(f.objectId), limit: f.limit ?? 200, offset: 0, scopePaths: 'ALL' });
  return items.filter((e) => f.actions.includes(e.action)).reverse();
}

export { findPreviousSignIn, listEventsSince } from './repo.ts';
