import { sql } from 'kysely';
import type { Db } from '../../db/db.ts';

export interface ThrottleRow {
  failed_logins: number;
  locked_until: Date | null;
}

/** A name as the throttle keys it: in lower case, as names are matched. */
const keyOf = (username: string) => sql<string>`lower(${username})`;

/** The failure count of a name that belongs to no account (keyed in lower case, as names are matched). */
export async function findThrottle(db: Db, username: string): Promise<ThrottleRow | null> {
  const row = await db.kysely.selectFrom('login_throttle').select(['failed_logins', 'locked_until']).where('username_key', '=', keyOf(username)).executeTakeFirst();
  return row ?? null;
}

export async function saveThrottle(db: Db, username: string, failedLogins: number, lockedUntil: Date | null, now: Date): Promise<void> {
  await db.kysely
    .insertInto('login_throttle')
    .values({ username_key: keyOf(username), failed_logins: failedLogins, locked_until: lockedUntil, updated_at: now })
    .onConflict((oc) =>
      oc.column('username_key').doUpdateSet((eb) => ({
        failed_logins: eb.ref('excluded.failed_logins'),
        locked_until: eb.ref('excluded.locked_until'),
        updated_at: eb.ref('excluded.updated_at'),
      })),
    )
    .execute();
}

/** Forgets names whose lock and failures are older than `before`, so the table does not grow without end. */
export async function pruneThrottle(db: Db, before: Date): Promise<void> {
  await db.kysely
    .deleteFrom('login_throttle')
    .where('updated_at', '<', before)
    .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<', before)]))
    .execute();
}

/** Ends every session of a user but the one given (the one that changed the password). */
export async function deleteOtherSessions(db: Db, userId: number, keepSessionId: string | null): Promise<number> {
  const result = await db.kysely.deleteFrom('user_session').where('user_id', '=', userId).where('id', 'is distinct from', keepSessionId).executeTakeFirst();
  return Number(result.numDeletedRows);
}
