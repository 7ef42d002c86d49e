import type { ServiceContext } from '../../http/context.ts';
import { withdrawDocumentedLogin } from '../../demo/settings.ts';
import { assertPermission, assertPermissionAnywhere, hasPermission, permittedPaths, type Role } from '../../access.ts';
import { AppError, conflict, forbidden, notFound } from '../../http/errors.ts';
import { hashPassword } from '../../http/passwords.ts';
import { recordAudit } from '../audit/service.ts';
import { requireOrgUnitRef } from '../org-units/lookup.ts';
import * as repo from './repo.ts';

type RoleInput = { role: Role; orgUnit: string | null };

async function resolveRoles(ctx: ServiceContext, roles: RoleInput[]) {
  const out: { role: Role; orgUnitId: number | null }[] = [];
  for (const [i, r] of roles.entries()) {
    if (r.orgUnit === null) {
      // Only a system-wide administrator can hand out system-wide roles.
      assertPermission(ctx.actor, 'user.manage');
      out.push({ role: r.role, orgUnitId: null });
      continue;
    }
    const unit = await requireOrgUnitRef(ctx.db, r.orgUnit, `roles[${i}].orgUnit`);
    assertPermission(ctx.actor, 'user.manage', unit.path);
    out.push({ role: r.role, orgUnitId: unit.id });
  }
  return out;
}

/** A scoped administrator manages only users whose every assignment lies in their subtree. */
async function assertCanManageUser(ctx: ServiceContext, userId: number) {
  assertPermissionAnywhere(ctx.actor, 'user.manage');
  const roles = await repo.listRoles(ctx.db, userId);
  for (const r of roles) {
    const path = r.orgUnitId === null ? null : (await ctx.db.query<{ path: string }>('SELECT path FROM org_unit WHERE id = $1', [r.orgUnitId])).rows[0]?.path;
    if (!hasPermission(ctx.actor, 'user.manage', path)) throw forbidden();
  }
}

async function loadUserView(db: ServiceContext['db'], id: number) {
  const user = await repo.findUserById(db, id);
  if (!user) throw notFound('người dùng', 'User', id);
  return { ...user, roles: await repo.listRoles(db, id) };
}

export async function getUser(ctx: ServiceContext, id: number) {
  const isSelf = ctx.actor.userId === id;
  if (!isSelf) await assertCanManageUser(ctx, id);
  return loadUserView(ctx.db, id);
}

export async function listUsers(ctx: ServiceContext, q: { q?: string; limit: number; offset: number }) {
  assertPermissionAnywhere(ctx.actor, 'user.manage');
  const page = await repo.listUsers(ctx.db, { ...q, scopePaths: permittedPaths(ctx.actor, 'user.manage') });
  const roles = await repo.listRolesOfUsers(
    ctx.db,
    page.items.map((u) => u.id),
  );
  const items = page.items.map((u) => ({ ...u, roles: roles.get(u.id) ?? [] }));
  return { total: page.total, items };
}

export async function createUser(
  ctx: ServiceContext,
  input: { username: string; displayName: string; email?: string | null; password: string; mustChangePassword: boolean; language: 'vi' | 'en'; roles: RoleInput[] },
) {
  assertPermissionAnywhere(ctx.actor, 'user.manage');
  const roles = await resolveRoles(ctx, input.roles);
  const passwordHash = await hashPassword(input.password);
  return ctx.db.transaction(async (db) => {
    const existing = await repo.findUserCredentials(db, input.username);
    if (existing) throw conflict('USERNAME_TAKEN', `Tên đăng nhập '${input.username}' đã có`, `Username '${input.username}' is taken`);
    const id = await repo.insertUser(db, {
      username: input.username,
      displayName: input.displayName,
      email: input.email ?? null,
      passwordHash,
      mustChangePassword: input.mustChangePassword,
      language: input.language,
    });
    await repo.replaceRoles(db, id, roles);
    const after = await loadUserView(db, id);
    await recordAudit(db, ctx.actor, { action: 'user.create', objectType: 'user', objectId: id, after });
    return after;
  });
}

export async function updateUser(ctx: ServiceContext, id: number, input: { displayName?: string; email?: string | null; isActive?: boolean; language?: 'vi' | 'en'; roles?: RoleInput[] }) {
  await assertCanManageUser(ctx, id);
  const roles = input.roles ? await resolveRoles(ctx, input.roles) : null;
  if (input.isActive === false && id === ctx.actor.userId) {
    throw new AppError('CANNOT_DEACTIVATE_SELF', 400, 'Không thể tự khóa tài khoản của mình', 'You cannot deactivate your own account');
  }
  return ctx.db.transaction(async (db) => {
    const beforeFull = await loadUserView(db, id);
    await repo.updateUserFields(db, id, input);
    if (roles) await repo.replaceRoles(db, id, roles);
    if (input.isActive === false) await repo.deleteSessionsOfUser(db, id);
    const after = await loadUserView(db, id);
    await recordAudit(db, ctx.actor, { action: 'user.update', objectType: 'user', objectId: id, before: beforeFull, after });
    return after;
  });
}

/** An administrator sets a new password; the user must change it at next sign-in. */
export async function resetPassword(ctx: ServiceContext, id: number, newPassword: string) {
  await assertCanManageUser(ctx, id);
  const passwordHash = await hashPassword(newPassword);
  await ctx.db.transaction(async (db) => {
    const user = await repo.findUserById(db, id);
    if (!user) throw notFound('người dùng', 'User', id);
    await repo.setPassword(db, id, passwordHash, true);
    await repo.deleteSessionsOfUser(db, id);
    await withdrawDocumentedLogin(db, id);
    await recordAudit(db, ctx.actor, { action: 'user.reset_password', objectType: 'user', objectId: id });
  });
}
