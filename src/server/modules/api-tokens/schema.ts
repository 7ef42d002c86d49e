import { z } from 'zod';

export const createTokenBody = z.strictObject({
  name: z.string().trim().min(1).max(200),
  orgUnit: z.string().min(1),
  role: z.enum(['REPORTING_OFFICER', 'LEADER']).default('REPORTING_OFFICER'),
  expiresAt: z.iso.datetime({ offset: true }).nullable().optional(),
});

export const tokenParams = z.strictObject({ id: z.coerce.number().int().positive() });

/** An API token as listed (never the secret). */
export const tokenSchema = z.strictObject({
  id: z.number(),
  name: z.string(),
  prefix: z.string(),
  role: z.string(),
  orgUnitId: z.number(),
  orgUnitCode: z.string(),
  orgUnitName: z.string(),
  createdAt: z.string(),
  expiresAt: z.string().nullable(),
  lastUsedAt: z.string().nullable(),
  lastUsedIp: z.string().nullable(),
  revokedAt: z.string().nullable(),
});

/** A new token: the secret, shown this once. */
export const createdTokenSchema = tokenSchema.extend({ token: z.string() });
