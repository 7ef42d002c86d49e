import type { Db } from './db/db.ts';
import { AppError, forbidden, unauthenticated } from './http/errors.ts';

export const ROLES = ['ADMIN', 'LEADER', 'UNIT_MANAGER', 'REPORTING_OFFICER', 'COUNCIL_MEMBER'] as const;
export type Role = (typeof ROLES)[number];

export type Permission =
  | 'orgunit.read'
  | 'orgunit.write'
  | 'metadata.read'
  | 'metadata.write'
  | 'data.read'
  | 'data.write'
  | 'data.approve'
  | 'user.manage'
  | 'token.manage'
  | 'audit.read'
  | 'alert.act'
  | 'emulation.read'
  | 'emulation.vote'
  | 'emulation.register'
  | 'emulation.manage'
  | 'opendata.manage'
  | 'opendata.schedule'
  | 'opendata.approve'
  | 'opendata.publish'
  | 'task.read'
  | 'task.assign'
  | 'task.report'
  // Drawing up the monthly briefing: amend a draft, finalise and register it (reading one needs data.read).
  | 'briefing.write'
  // Staff evaluation: read a unit's evaluations, score and assess its people, decide ratings and appeals.
  // Everyone linked to the staff register sees and self-assesses their own without a permission.
  | 'evaluation.read'
  | 'evaluation.assess'
  | 'evaluation.decide'
  | 'takedown.read'
  | 'takedown.write'
  | 'takedown.manage'
  // Commitments (cam kết) of officials: read those of a unit's subtree, create and manage them, judge a
  // reviewer-judged result with evidence.
  | 'commitment.read'
  | 'commitment.manage'
  | 'commitment.judge';

/** What each role may do, always within the subtree of the org unit it is assigned to. */
export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  ADMIN: [
    'orgunit.read',
    'orgunit.write',
    'metadata.read',
    'metadata.write',
    'data.read',
    'data.write',
    'data.approve',
    'user.manage',
    'token.manage',
    'audit.read',
    'alert.act',
    'emulation.read',
    'emulation.vote',
    'emulation.register',
    'emulation.manage',
    'opendata.manage',
    'opendata.schedule',
    'opendata.approve',
    'opendata.publish',
    'task.read',
    'task.assign',
    'task.report',
    'briefing.write',
    'evaluation.read',
    'evaluation.assess',
    'evaluation.decide',
    'takedown.read',
    'takedown.write',
    'takedown.manage',
    'commitment.read',
    'commitment.manage',
    'commitment.judge',
  ],
  // Leadership approves what is released (freezes a release's figures); administrators define, schedule and publish.
  // Leadership assigns tasks and confirms them; a unit manager also assigns subtasks below and reports.
  // Takedown cases are sensitive: leadership reads them; a unit's staff read and write them only inside a
  // monitoring unit (takedown_monitoring_unit, see permittedPathsWithin).
  LEADER: [
    'orgunit.read',
    'metadata.read',
    'data.read',
    'alert.act',
    'emulation.read',
    'opendata.approve',
    'task.read',
    'task.assign',
    'briefing.write',
    'evaluation.read',
    'evaluation.assess',
    'evaluation.decide',
    'takedown.read',
    'commitment.read',
    'commitment.manage',
    'commitment.judge',
  ],
  // A unit's head registers its people and the unit for titles, approves those registrations and proposes nominations;
  // and assesses its staff.
  UNIT_MANAGER: [
    'orgunit.read',
    'metadata.read',
    'data.read',
    'data.write',
    'data.approve',
    'alert.act',
    'task.read',
    'task.assign',
    'task.report',
    'briefing.write',
    'emulation.read',
    'emulation.register',
    'evaluation.read',
    'evaluation.assess',
    'takedown.read',
    'takedown.write',
    'commitment.read',
    'commitment.manage',
  ],
  REPORTING_OFFICER: ['orgunit.read', 'metadata.read', 'data.read', 'data.write', 'task.read', 'task.report', 'takedown.read', 'takedown.write', 'commitment.read'],
  COUNCIL_MEMBER: ['orgunit.read', 'metadata.read', 'data.read', 'emulation.read', 'emulation.vote'],
};

export interface Scope {
  role: Role;
  /** null: the whole system. */
  orgUnitId: number | null;
  /** Materialised path of the scope's unit ('/1/5/'), null for the whole system. */
  path: string | null;
}

export interface Actor {
  kind: 'user' | 'token' | 'anonymous' | 'system';
  userId?: number;
  username?: string;
  tokenId?: number;
  scopes: Scope[];
  ip?: string;
  userAgent?: string;
  requestId?: string;
}

export const SYSTEM_ACTOR: Actor = { kind: 'system', username: 'system', scopes: [{ role: 'ADMIN', orgUnitId: null, path: null }] };
export const ANONYMOUS_ACTOR: Actor = { kind: 'anonymous', scopes: [] };

/**
 * The subtrees in which the actor holds a permission: 'ALL' for a system-wide scope, otherwise the
 * list of path prefixes (possibly empty). Repos filter with `path LIKE prefix || '%'`.
 */
export function permittedPaths(actor: Actor, permission: Permission): 'ALL' | string[] {
  const paths: string[] = [];
  for (const scope of actor.scopes) {
    if (!ROLE_PERMISSIONS[scope.role].includes(permission)) continue;
    if (scope.path === null) return 'ALL';
    paths.push(scope.path);
  }
  // A prefix inside another prefix adds nothing.
  return paths.filter((p) => !paths.some((q) => q !== p && p.startsWith(q)));
}

/** Roles whose permissions hold in their whole scope even where a capability is limited to designated units. */
export const UNIT_LIMIT_EXEMPT_ROLES: readonly Role[] = ['ADMIN', 'LEADER'];

/**
 * permittedPaths for a capability limited to designated units (e.g. the monitoring units for takedown cases):
 * ADMIN and LEADER scopes count whole; any other role's scope counts only where it meets a designated subtree
 * (the designated unit inside the scope, or the scope inside the designated unit).
 */
export function permittedPathsWithin(actor: Actor, permission: Permission, designated: readonly string[]): 'ALL' | string[] {
  const paths: string[] = [];
  for (const scope of actor.scopes) {
    if (!ROLE_PERMISSIONS[scope.role].includes(permission)) continue;
    if (UNIT_LIMIT_EXEMPT_ROLES.includes(scope.role)) {
      if (scope.path === null) return 'ALL';
      paths.push(scope.path);
      continue;
    }
    for (const unit of designated) {
      if (scope.path === null || unit.startsWith(scope.path)) paths.push(unit);
      else if (scope.path.startsWith(unit)) paths.push(scope.path);
    }
  }
  const unique = [...new Set(paths)];
  return unique.filter((p) => !unique.some((q) => q !== p && p.startsWith(q)));
}

/** Whether the actor holds the permission for the unit at orgUnitPath (or system-wide if omitted). */
export function hasPermission(actor: Actor, permission: Permission, orgUnitPath?: string | null): boolean {
  const allowed = permittedPaths(actor, permission);
  if (allowed === 'ALL') return true;
  if (orgUnitPath === undefined || orgUnitPath === null) return false;
  return allowed.some((prefix) => orgUnitPath.startsWith(prefix));
}

/** Whether the actor holds the permission anywhere (for list screens filtered by scope). */
export function hasPermissionAnywhere(actor: Actor, permission: Permission): boolean {
  const allowed = permittedPaths(actor, permission);
  return allowed === 'ALL' || allowed.length > 0;
}

/** Throws 401 for anonymous callers and 403 for signed-in callers without the permission. */
export function assertPermission(actor: Actor, permission: Permission, orgUnitPath?: string | null): void {
  if (hasPermission(actor, permission, orgUnitPath)) return;
  if (actor.kind === 'anonymous') throw unauthenticated();
  throw forbidden();
}

export function assertPermissionAnywhere(actor: Actor, permission: Permission): void {
  if (hasPermissionAnywhere(actor, permission)) return;
  if (actor.kind === 'anonymous') throw unauthenticated();
  throw forbidden();
}

/** Loads an org unit's path for an access decision; 404 when the unit does not exist. */
export async function loadOrgUnitPath(db: Db, orgUnitId: number): Promise<string> {
  const { rows } = await db.query<{ path: string }>('SELECT path FROM org_unit WHERE id = $1', [orgUnitId]);
  if (!rows[0]) throw new AppError('NOT_FOUND', 404, `Không tìm thấy đơn vị ${orgUnitId}`, `Org unit ${orgUnitId} not found`);
  return rows[0].path;
}

/** SQL fragment and parameters restricting `<alias>.path` to the permitted subtrees. */
export function pathFilterSql(allowed: 'ALL' | string[], column: string, params: unknown[]): string {
  if (allowed === 'ALL') return 'TRUE';
  if (allowed.length === 0) return 'FALSE';
  params.push(allowed.map((p) => `${p}%`));
  return `${column} LIKE ANY ($${params.length}::text[])`;
}
