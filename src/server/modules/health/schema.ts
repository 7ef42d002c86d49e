import { z } from 'zod';

export const healthSchema = z.strictObject({
  status: z.literal('ok'),
  database: z.strictObject({ kind: z.string(), migrationVersion: z.number(), latestMigration: z.number(), latencyMs: z.number() }),
  /** With a read replica: whether it serves analytics reads now, and how far behind it is. */
  readReplica: z.strictObject({ inService: z.boolean(), lagMs: z.number().nullable() }).optional(),
  time: z.string(),
  /**
   * Present only on a demo installation: the account the sign-in page may point to, and whether it still has
   * the login documented in the README. No answer carries a password.
   */
  demo: z.strictObject({ username: z.string(), documentedLogin: z.boolean() }).nullable(),
});
