import { z } from 'zod';
import { ROLES, type Permission } from '../../access.ts';
import { userSchema } from '../users/schema.ts';

/** A permission name (the list of access.ts; a type, so checked as a string here). */
const permission = z.custom<Permission>((v) => typeof v === 'string');

/** A person signed in: their account, role assignments, permissions and the CSRF token to echo. */
const signedInUser = z.strictObject({
  kind: z.literal('user'),
  user: userSchema.omit({ roles: true }).nullable(),
  scopes: z.array(z.strictObject({ id: z.number(), role: z.enum(ROLES), orgUnitId: z.number().nullable(), orgUnitCode: z.string().nullable(), orgUnitName: z.string().nullable() })),
  permissions: z.array(permission),
  csrfToken: z.string().nullable(),
});

/** A machine calling with an API token: the token's scopes (role, unit and its path) and permissions. */
const tokenCaller = z.strictObject({
  kind: z.literal('token'),
  user: z.null(),
  /** A token's scope names its unit by id and path only (no code or name: never sent, declared so the web reads every scope alike). */
  scopes: z.array(z.strictObject({ role: z.enum(ROLES), orgUnitId: z.number().nullable(), path: z.string().nullable(), orgUnitCode: z.never().optional(), orgUnitName: z.never().optional() })),
  permissions: z.array(permission),
  csrfToken: z.null(),
});

/** Who is calling (`GET /api/auth/me`, and the answer to a sign-in). */
export const meSchema = z.discriminatedUnion('kind', [signedInUser, tokenCaller]);
