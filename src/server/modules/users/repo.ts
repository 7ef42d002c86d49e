import type { Db } from '../../db/db.ts';
import type { Role } from '../../access.ts';
import { foldVietnamese } from '../../../core/vietnamese.ts';

export interface UserRow {
  id: number;
  username: string;
  displayName: string;
  email: string | null;
  isActive: boolean;
  mustChangePassword: boolean;
  language: 'vi' | 'en';
  lastLoginAt: string | null;
  createdAt: string;
}

const USER_COLUMNS = `u.id, u.username, u.display_name AS "displayName", u.email, u.is_active AS "isActive",
  u.must_change_password AS "mustChangePassword", u.language, u.last_login_at AS "lastLoginAt", u.created_at AS "createdAt"`;

export interface RoleRow {
  id: number;
  role: Role;
  orgUnitId: number | null;
  orgUnitCode: string | null;
  orgUnitName: string | null;
}

export async function findUserById(db: Db, id: number): Promise<UserRow | null> {
  const { rows } = await db.query<UserRow>(`SELECT ${USER_COLUMNS} FROM app_user u WHERE u.id = $1`, [id]);
  return rows[0] ?? null;
}

export async function findUserCredentials(db: Db, username: string) {
  const { rows } = await db.query<{
    id: number;
    password_hash: string;
    is_active: boolean;
    failed_logins: number;
    locked_until: Date | null;
  }>('SELECT id, password_hash, is_active, failed_logins, locked_until FROM app_user WHERE lower(username) = lower($1)', [username]);
  return rows[0] ?? null;
}

export async function listUsers(db: Db, opts: { q?: string; limit: number; offset: number; scopePaths: 'ALL' | string[] }) {
  const params: unknown[] = [];
  const where: string[] = [];
  if (opts.q) {
    params.push(`%${foldVietnamese(opts.q)}%`);
    where.push(`(fold_vi(u.username) LIKE $${params.length} OR fold_vi(u.display_name) LIKE $${params.length} OR fold_vi(coalesce(u.email, '')) LIKE $${params.length})`);
  }
  if (opts.scopePaths !== 'ALL') {
    // A scoped administrator sees the users whose every assignment lies inside their subtrees.
    params.push(opts.scopePaths.map((p) => `${p}%`));
    where.push(`NOT EXISTS (SELECT 1 FROM role_assignment ra LEFT JOIN org_unit ou ON ou.id = ra.org_unit_id
                 WHERE ra.user_id = u.id AND (ou.path IS NULL OR NOT ou.path LIKE ANY ($${params.length}::text[])))`);
  }
  const whereSql = where.length ? `WHERE ${where.join(' AND ')}` : '';
  const total = (await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM app_user u ${whereSql}`, params)).rows[0].n;
  params.push(opts.limit, opts.offset);
  const { rows } = await db.query<UserRow>(`SELECT ${USER_COLUMNS} FROM app_user u ${whereSql} ORDER BY u.username LIMIT $${params.length - 1} OFFSET $${params.length}`, params);
  return { total, items: rows };
}

export async function insertUser(
  db: Db,
  u: { username: string; displayName: string; email: string | null; passwordHash: string; mustChangePassword: boolean; language: 'vi' | 'en' },
): Promise<number> {
  const { rows } = await db.query<{ id: number }>(
    `INSERT INTO app_user (username, display_name, email, password_hash, must_change_password, language)
     VALUES ($1,$2,$3,$4,$5,$6) RETURNING id`,
    [u.username, u.displayName, u.email, u.passwordHash, u.mustChangePassword, u.language],
  );
  return rows[0].id;
}

export async function updateUserFields(db: Db, id: number, f: Partial<{ displayName: string; email: string | null; isActive: boolean; language: 'vi' | 'en' }>) {
  await db.query(
    `UPDATE app_user SET
       display_name = coalesce($2, display_name),
       email = CASE WHEN $3::boolean THEN $4 ELSE email END,
       is_active = coalesce($5, is_active),
       language = coalesce($6, language),
       updated_at = now()
     WHERE id = $1`,
    [id, f.displayName ?? null, f.email !== undefined, f.email ?? null, f.isActive ?? null, f.language ?? null],
  );
}

export async function setPassword(db: Db, id: number, passwordHash: string, mustChange: boolean) {
  await db.query(`UPDATE app_user SET password_hash = $2, must_change_password = $3, failed_logins = 0, locked_until = NULL, updated_at = now() WHERE id = $1`, [id, passwordHash, mustChange]);
}

export async function listRoles(db: Db, userId: number): Promise<RoleRow[]> {
  return (await listRolesOfUsers(db, [userId])).get(userId) ?? [];
}

/** Role assignments of several users in one query (a page of users). */
export async function listRolesOfUsers(db: Db, userIds: readonly number[]): Promise<Map<number, RoleRow[]>> {
  const byUser = new Map<number, RoleRow[]>();
  if (userIds.length === 0) return byUser;
  const { rows } = await db.query<RoleRow & { userId: number }>(
    `SELECT ra.user_id AS "userId", ra.id, ra.role, ra.org_unit_id AS "orgUnitId", ou.code AS "orgUnitCode", ou.name_vi AS "orgUnitName"
       FROM role_assignment ra LEFT JOIN org_unit ou ON ou.id = ra.org_unit_id
      WHERE ra.user_id = ANY($1::int[]) ORDER BY ra.id`,
    [userIds],
  );
  for (const { userId, ...role } of rows) byUser.set(userId, [...(byUser.get(userId) ?? []), role]);
  return byUser;
}

export async function replaceRoles(db: Db, userId: number, roles: { role: Role; orgUnitId: number | null }[]) {
  await db.query('DELETE FROM role_assignment WHERE user_id = $1', [userId]);
  for (const r of roles) {
    await db.query('INSERT INTO role_assignment (user_id, role, org_unit_id) VALUES ($1,$2,$3) ON CONFLICT DO NOTHING', [userId, r.role, r.orgUnitId]);
  }
}

export async function deleteSessionsOfUser(db: Db, userId: number) {
  await db.query('DELETE FROM user_session WHERE user_id = $1', [userId]);
}
