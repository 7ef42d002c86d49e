import type { Db } from '../db/db.ts';

export const DEMO_SETTING_KEY = 'demo';

export interface DemoSetting {
  /** The account the sign-in page may point to. */
  username: string;
  /** True while that account still signs in with the demo login documented in the README. */
  documentedLogin: boolean;
  seededAt?: string;
}

/** What this installation records of the demo agency, when it was seeded as the demo; otherwise null. */
export async function isDemoSeeded(db: Db): Promise<DemoSetting | null> {
  const { rows } = await db.query<{ value: Partial<DemoSetting> }>('SELECT value FROM app_setting WHERE key = $1', [DEMO_SETTING_KEY]);
  const value = rows[0]?.value;
  if (!value) return null;
  return { username: value.username ?? 'admin', documentedLogin: value.documentedLogin === true, seededAt: value.seededAt };
}

/** A demo account's password changed: the sign-in page stops offering the documented one for it. */
export async function withdrawDocumentedLogin(db: Db, userId: number): Promise<void> {
  await db.query(
    `UPDATE app_setting SET value = value || '{"documentedLogin": false}'::jsonb
      WHERE key = $1 AND value->>'username' = (SELECT username FROM app_user WHERE id = $2)`,
    [DEMO_SETTING_KEY, userId],
  );
}
