import type { Db } from '../../db/db.ts';

export interface ThrottleRow {
  failed_logins: number;
  locked_until: Date | null;
}

/** The failure count of a name that belongs to no account (keyed in lower case, as names are matched). */
export async function findThrottle(db: Db, username: string): Promise<ThrottleRow | null> {
  const { rows } = await db.query<ThrottleRow>('SELECT failed_logins, locked_until FROM login_throttle WHERE username_key = lower($1)', [username]);
  return rows[0] ?? null;
}

export async function saveThrottle(db: Db, username: string, failedLogins: number, lockedUntil: Date | null, now: Date): Promise<void> {
  await db.query(
    `INSERT INTO login_throttle (username_key, failed_logins, locked_until, updated_at) VALUES (lower($1), $2, $3, $4)
     ON CONFLICT (username_key) DO UPDATE SET failed_logins = excluded.failed_logins, locked_until = excluded.locked_until, updated_at = excluded.updated_at`,
    [username, failedLogins, lockedUntil, now],
  );
}

/** Forgets names whose lock and failures are older than `before`, so the table does not grow without end. */
export async function pruneThrottle(db: Db, before: Date): Promise<void> {
  await db.query('DELETE FROM login_throttle WHERE updated_at < $1 AND (locked_until IS NULL OR locked_until < $1)', [before]);
}

/** Ends every session of a user but the one given (the one that changed the password). */
export async function deleteOtherSessions(db: Db, userId: number, keepSessionId: string | null): Promise<number> {
  const { rowCount } = await db.query('DELETE FROM user_session WHERE user_id = $1 AND id IS DISTINCT FROM $2', [userId, keepSessionId]);
  return rowCount;
}
