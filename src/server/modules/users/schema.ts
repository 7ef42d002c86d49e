import { z } from 'zod';
import { ROLES } from '../../access.ts';
import { timestamp } from '../../../core/contract.ts';
import { PASSWORD_MIN_LENGTH } from '../../http/passwords.ts';

export const passwordSchema = z.string().min(PASSWORD_MIN_LENGTH, `Mật khẩu phải có ít nhất ${PASSWORD_MIN_LENGTH} ký tự | Password must be at least ${PASSWORD_MIN_LENGTH} characters`).max(200);

export const roleAssignmentInput = z.strictObject({
  role: z.enum(ROLES),
  /** Org unit code (or "id:<n>"); null for the whole system. */
  orgUnit: z.string().min(1).nullable(),
});

export const userSchema = z.strictObject({
  id: z.number().int(),
  username: z.string(),
  displayName: z.string(),
  email: z.string().nullable(),
  isActive: z.boolean(),
  mustChangePassword: z.boolean(),
  language: z.enum(['vi', 'en']),
  lastLoginAt: timestamp.nullable(),
  createdAt: timestamp,
  roles: z.array(z.strictObject({ id: z.number(), role: z.enum(ROLES), orgUnitId: z.number().nullable(), orgUnitCode: z.string().nullable(), orgUnitName: z.string().nullable() })),
});

export const createUserBody = z.strictObject({
  username: z.string().regex(/^[a-zA-Z0-9._@-]{3,64}$/, 'Tên đăng nhập 3–64 ký tự: chữ không dấu, số, . _ @ - | Username: 3–64 of letters, digits, . _ @ -'),
  displayName: z.string().trim().min(1).max(200),
  email: z.string().email().nullable().optional(),
  password: passwordSchema,
  mustChangePassword: z.boolean().default(true),
  language: z.enum(['vi', 'en']).default('vi'),
  roles: z.array(roleAssignmentInput).default([]),
});

export const updateUserBody = z.strictObject({
  displayName: z.string().trim().min(1).max(200).optional(),
  email: z.string().email().nullable().optional(),
  isActive: z.boolean().optional(),
  language: z.enum(['vi', 'en']).optional(),
  roles: z.array(roleAssignmentInput).optional(),
});

export const resetPasswordBody = z.strictObject({ newPassword: passwordSchema });

export const listUsersQuery = z.strictObject({
  q: z.string().optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  offset: z.coerce.number().int().min(0).default(0),
  lang: z.enum(['vi', 'en']).optional(),
});

export const idParams = z.strictObject({ id: z.coerce.number().int().positive() });
