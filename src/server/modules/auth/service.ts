import type { ServiceContext } from '../../http/context.ts';
import { AppError, unauthenticated } from '../../http/errors.ts';
import { dummyPasswordHash, hashPassword, randomSecret, sha256, verifyPassword } from '../../http/passwords.ts';
import { recordAudit } from '../audit/service.ts';
import * as users from '../users/repo.ts';
import * as repo from './repo.ts';
import { withdrawDocumentedLogin } from '../../demo/settings.ts';
import { ROLE_PERMISSIONS, type Permission, type Role } from '../../access.ts';
import { heldTakedownPermissions } from '../takedown/service.ts';

const invalidCredentials = () => new AppError('INVALID_CREDENTIALS', 401, 'Sai tên đăng nhập hoặc mật khẩu', 'Wrong username or password');

export interface LoginResult {
  sessionToken: string;
  csrfToken: string;
  expiresAt: Date;
  userId: number;
}

const accountLocked = (lockedUntil: Date, now: Date) => {
  const minutes = Math.max(1, Math.ceil((lockedUntil.getTime() - now.getTime()) / 60_000));
  return new AppError('ACCOUNT_LOCKED', 423, `Tài khoản tạm khóa do đăng nhập sai nhiều lần; thử lại sau ${minutes} phút`, `Account locked after repeated failures; try again in ${minutes} minutes`);
};

/**
 * Checks a user name and password: the sign-in page and HTTP Basic (DHIS2 clients) both come here.
 * Repeated failures lock the name for a while, whether an account has it or not, and the answers
 * (status, message, time spent) are the same for an unknown name and a wrong password, so names
 * cannot be enumerated. Every failed or refused attempt is audited. Returns the user's id.
 */
export async function verifyCredentials(ctx: ServiceContext, username: string, password: string, via: 'login' | 'basic' = 'login'): Promise<number> {
  const now = ctx.clock();
  const user = await users.findUserCredentials(ctx.db, username);
  const counter = user ? { failed_logins: user.failed_logins, locked_until: user.locked_until } : await repo.findThrottle(ctx.db, username);
  const actor = { ...ctx.actor, userId: user?.id, username };
  const attempted = via === 'basic' ? { username, via: 'HTTP_BASIC' } : { username };
  if (counter?.locked_until && new Date(counter.locked_until) > now) {
    await recordAudit(ctx.db, actor, { action: 'auth.login_locked', objectType: 'user', objectId: user?.id ?? null, after: attempted });
    throw accountLocked(new Date(counter.locked_until), now);
  }
  const ok = await verifyPassword(user?.password_hash ?? (await dummyPasswordHash()), password);
  if (!user || !ok || !user.is_active) {
    const failures = (counter?.failed_logins ?? 0) + 1;
    const lock = failures >= ctx.config.LOGIN_MAX_FAILURES;
    const lockedUntil = lock ? new Date(now.getTime() + ctx.config.LOGIN_LOCK_MINUTES * 60_000) : null;
    await ctx.db.transaction(async (db) => {
      if (user) await db.query(`UPDATE app_user SET failed_logins = $2, locked_until = $3 WHERE id = $1`, [user.id, lock ? 0 : failures, lockedUntil]);
      else await repo.saveThrottle(db, username, lock ? 0 : failures, lockedUntil, now);
      await recordAudit(db, actor, { action: lock ? 'auth.lockout' : 'auth.login_failed', objectType: 'user', objectId: user?.id ?? null, after: attempted });
    });
    throw invalidCredentials();
  }
  return user.id;
}

/** Checks a password (see verifyCredentials) and opens a session. */
export async function login(ctx: ServiceContext, username: string, password: string): Promise<LoginResult> {
  const now = ctx.clock();
  const userId = await verifyCredentials(ctx, username, password);
  const user = { id: userId };
  const sessionToken = randomSecret();
  const csrfToken = randomSecret(24);
  const expiresAt = new Date(now.getTime() + ctx.config.SESSION_TTL_HOURS * 3_600_000);
  await ctx.db.transaction(async (db) => {
    await db.query(`INSERT INTO user_session (id, user_id, csrf_token, ip, user_agent, expires_at) VALUES ($1,$2,$3,$4,$5,$6)`, [
      sha256(sessionToken),
      user.id,
      csrfToken,
      ctx.actor.ip ?? null,
      ctx.actor.userAgent ?? null,
      expiresAt,
    ]);
    await db.query('UPDATE app_user SET failed_logins = 0, locked_until = NULL, last_login_at = $2 WHERE id = $1', [user.id, now]);
    await db.query('DELETE FROM user_session WHERE expires_at < $1', [now]);
    await repo.pruneThrottle(db, new Date(now.getTime() - ctx.config.LOGIN_LOCK_MINUTES * 60_000));
    await recordAudit(db, { ...ctx.actor, userId: user.id, username }, { action: 'auth.login', objectType: 'user', objectId: user.id });
  });
  return { sessionToken, csrfToken, expiresAt, userId: user.id };
}

export async function logout(ctx: ServiceContext, sessionId: string | undefined) {
  if (!sessionId) return;
  await ctx.db.transaction(async (db) => {
    await db.query('DELETE FROM user_session WHERE id = $1', [sessionId]);
    await recordAudit(db, ctx.actor, { action: 'auth.logout', objectType: 'user', objectId: ctx.actor.userId });
  });
}

/** Role permissions, less the takedown ones held nowhere (outside a monitoring unit, a role's takedown permissions give nothing). */
async function effectivePermissions(ctx: ServiceContext, roles: readonly { role: Role; orgUnitId: number | null }[]): Promise<Permission[]> {
  const takedown = await heldTakedownPermissions(ctx.db, roles);
  return [...new Set(roles.flatMap((r) => ROLE_PERMISSIONS[r.role]))].filter((p) => !p.startsWith('takedown.') || takedown.includes(p));
}

export async function me(ctx: ServiceContext, csrfToken?: string) {
  if (ctx.actor.kind === 'anonymous') throw unauthenticated();
  if (ctx.actor.kind === 'token') {
    return { kind: 'token' as const, user: null, scopes: ctx.actor.scopes, permissions: await effectivePermissions(ctx, ctx.actor.scopes), csrfToken: null };
  }
  const user = await users.findUserById(ctx.db, ctx.actor.userId!);
  const roles = await users.listRoles(ctx.db, ctx.actor.userId!);
  return {
    kind: 'user' as const,
    user,
    scopes: roles,
    permissions: await effectivePermissions(ctx, roles),
    csrfToken: csrfToken ?? null,
  };
}

/** Changes the caller's own password; every other session of the user ends, the one given stays. */
export async function changeOwnPassword(ctx: ServiceContext, currentPassword: string, newPassword: string, keepSessionId?: string) {
  if (ctx.actor.kind !== 'user') throw unauthenticated();
  const user = await users.findUserById(ctx.db, ctx.actor.userId!);
  const creds = user && (await users.findUserCredentials(ctx.db, user.username));
  if (!creds || !(await verifyPassword(creds.password_hash, currentPassword))) {
    throw new AppError('WRONG_PASSWORD', 400, 'Mật khẩu hiện tại không đúng', 'Current password is wrong', [
      { path: 'body.currentPassword', messageVi: 'Mật khẩu hiện tại không đúng', messageEn: 'Current password is wrong' },
    ]);
  }
  if (currentPassword === newPassword) {
    throw new AppError('SAME_PASSWORD', 400, 'Mật khẩu mới phải khác mật khẩu cũ', 'The new password must differ from the current one', [
      { path: 'body.newPassword', messageVi: 'Mật khẩu mới phải khác mật khẩu cũ', messageEn: 'Must differ from the current password' },
    ]);
  }
  const hash = await hashPassword(newPassword);
  await ctx.db.transaction(async (db) => {
    await users.setPassword(db, creds.id, hash, false);
    const ended = await repo.deleteOtherSessions(db, creds.id, keepSessionId ?? null);
    await withdrawDocumentedLogin(db, creds.id);
    await recordAudit(db, ctx.actor, { action: 'user.change_password', objectType: 'user', objectId: creds.id, after: { otherSessionsEnded: ended } });
  });
}

/**
 * HTTP Basic sign-in for DHIS2 clients (scripts, the Python and R libraries, Aggregate Data Exchange):
 * the same check, lockout and audit as the sign-in page, without opening a session. A success is
 * audited as `auth.basic` (the caller caches it per process, so this runs once per password and auth version).
 */
export async function signInBasic(ctx: ServiceContext, username: string, password: string): Promise<number> {
  const userId = await verifyCredentials(ctx, username, password, 'basic');
  const now = ctx.clock();
  await ctx.db.transaction(async (db) => {
    await db.query('UPDATE app_user SET failed_logins = 0, locked_until = NULL, last_login_at = $2 WHERE id = $1', [userId, now]);
    await recordAudit(db, { ...ctx.actor, userId, username }, { action: 'auth.basic', objectType: 'user', objectId: userId, after: { via: 'HTTP_BASIC' } });
  });
  return userId;
}
