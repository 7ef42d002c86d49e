import { sql } from 'kysely';
import type { Db } from '../../db/db.ts';
import { anyOf } from '../../db/kysely-sql.ts';
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
  lastLoginAt: Date | null;
  createdAt: Date;
}

const USER_COLUMNS = [
  'u.id',
  'u.username',
  'u.display_name as displayName',
  'u.email',
  'u.is_active as isActive',
  'u.must_change_password as mustChangePassword',
  'u.language',
  'u.last_login_at as lastLoginAt',
  'u.created_at as createdAt',
] as const;

export interface RoleRow {
  id: number;
  role: Role;
  orgUnitId: number | null;
  orgUnitCode: string | null;
  orgUnitName: string | null;
}

function selectUsers(db: Db) {
  return db.kysely.selectFrom('app_user as u').select(USER_COLUMNS).$narrowType<{ language: 'vi' | 'en' }>();
}

export async function findUserById(db: Db, id: number): Promise<UserRow | null> {
  return (await selectUsers(db).where('u.id', '=', id).executeTakeFirst()) ?? null;
}

export async function findUserCredentials(db: Db, username: string) {
  const row = await db.kysely
    .selectFrom('app_user')
    .select(['id', 'password_hash', 'is_active', 'failed_logins', 'locked_until'])
    .where(sql<string>`lower(username)`, '=', sql<string>`lower(${username})`)
    .executeTakeFirst();
  return row ?? null;
}

function filteredUsers(db: Db, opts: { q?: string; scopePaths: 'ALL' | string[] }) {
  let query = db.kysely.selectFrom('app_user as u');
  if (opts.q) {
    const like = `%${foldVietnamese(opts.q)}%`;
    query = query.where((eb) =>
      eb.or([
        eb(eb.fn<string>('fold_vi', ['u.username']), 'like', like),
        eb(eb.fn<string>('fold_vi', ['u.display_name']), 'like', like),
        eb(eb.fn<string>('fold_vi', [eb.fn.coalesce('u.email', sql.lit(''))]), 'like', like),
      ]),
    );
  }
  const paths = opts.scopePaths;
  if (paths !== 'ALL') {
    // A scoped administrator sees the users whose every assignment lies inside their subtrees.
    const prefixes = paths.map((p) => `${p}%`);
    query = query.where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('role_assignment as ra')
            .leftJoin('org_unit as ou', 'ou.id', 'ra.org_unit_id')
            .select(sql.lit(1).as('one'))
            .whereRef('ra.user_id', '=', 'u.id')
            .where((w) => w.or([w('ou.path', 'is', null), w.not(w('ou.path', 'like', anyOf(prefixes, 'text')))])),
        ),
      ),
    );
  }
  return query;
}

export async function listUsers(db: Db, opts: { q?: string; limit: number; offset: number; scopePaths: 'ALL' | string[] }) {
  const { total } = await filteredUsers(db, opts)
    .select((eb) => eb.fn.countAll<number>().as('total'))
    .executeTakeFirstOrThrow();
  const items: UserRow[] = await filteredUsers(db, opts).select(USER_COLUMNS).$narrowType<{ language: 'vi' | 'en' }>().orderBy('u.username').limit(opts.limit).offset(opts.offset).execute();
  return { total, items };
}

export async function insertUser(
  db: Db,
  u: { username: string; displayName: string; email: string | null; passwordHash: string; mustChangePassword: boolean; language: 'vi' | 'en' },
): Promise<number> {
  const { id } = await db.kysely
    .insertInto('app_user')
    .values({
      username: u.username,
      display_name: u.displayName,
      email: u.email,
      password_hash: u.passwordHash,
      must_change_password: u.mustChangePassword,
      language: u.language,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

export async function updateUserFields(db: Db, id: number, f: Partial<{ displayName: string; email: string | null; isActive: boolean; language: 'vi' | 'en' }>) {
  await db.kysely
    .updateTable('app_user')
    .set((eb) => ({
      ...(f.displayName != null ? { display_name: f.displayName } : {}),
      ...(f.email !== undefined ? { email: f.email } : {}),
      ...(f.isActive != null ? { is_active: f.isActive } : {}),
      ...(f.language != null ? { language: f.language } : {}),
      updated_at: eb.fn<Date>('now'),
    }))
    .where('id', '=', id)
    .execute();
}

export async function setPassword(db: Db, id: number, passwordHash: string, mustChange: boolean) {
  await db.kysely
    .updateTable('app_user')
    .set((eb) => ({ password_hash: passwordHash, must_change_password: mustChange, failed_logins: 0, locked_until: null, updated_at: eb.fn<Date>('now') }))
    .where('id', '=', id)
    .execute();
}

export async function listRoles(db: Db, userId: number): Promise<RoleRow[]> {
  return (await listRolesOfUsers(db, [userId])).get(userId) ?? [];
}

/** Role assignments of several users in one query (a page of users). */
export async function listRolesOfUsers(db: Db, userIds: readonly number[]): Promise<Map<number, RoleRow[]>> {
  const byUser = new Map<number, RoleRow[]>();
  if (userIds.length === 0) return byUser;
  const rows = await db.kysely
    .selectFrom('role_assignment as ra')
    .leftJoin('org_unit as ou', 'ou.id', 'ra.org_unit_id')
    .select(['ra.user_id as userId', 'ra.id', 'ra.role', 'ra.org_unit_id as orgUnitId', 'ou.code as orgUnitCode', 'ou.name_vi as orgUnitName'])
    .$narrowType<{ role: Role }>()
    .where('ra.user_id', '=', anyOf(userIds, 'int'))
    .orderBy('ra.id')
    .execute();
  for (const { userId, ...role } of rows) byUser.set(userId, [...(byUser.get(userId) ?? []), role]);
  return byUser;
}

export async function replaceRoles(db: Db, userId: number, roles: { role: Role; orgUnitId: number | null }[]) {
  await db.kysely.deleteFrom('role_assignment').where('user_id', '=', userId).execute();
  for (const r of roles) {
    await db.kysely
      .insertInto('role_assignment')
      .values({ user_id: userId, role: r.role, org_unit_id: r.orgUnitId })
      .onConflict((oc) => oc.doNothing())
      .execute();
  }
}

export async function deleteSessionsOfUser(db: Db, userId: number) {
  await db.kysely.deleteFrom('user_session').where('user_id', '=', userId).execute();
}
