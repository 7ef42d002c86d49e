import type { Db } from '../db/db.ts';

export const DEMO_SETTING_KEY = 'demo';

/** The demo's login when this installation was seeded as the demo agency, otherwise null. */
export async function isDemoSeeded(db: Db): Promise<{ password: string } | null> {
  const { rows } = await db.query<{ value: { password: string } }>('SELECT value FROM app_setting WHERE key = $1', [DEMO_SETTING_KEY]);
  return rows[0]?.value ?? null;
}
