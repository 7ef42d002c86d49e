// Response and request shapes of the API used by the web client. User types come from the server's
// own zod schemas (type-only imports, erased at build time) so both sides stay in step.
import type { z } from 'zod';
import type { createUserBody, updateUserBody, userSchema } from '../../server/modules/users/schema.ts';

export type Role = 'ADMIN' | 'LEADER' | 'UNIT_MANAGER' | 'REPORTING_OFFICER' | 'COUNCIL_MEMBER';
export const ROLES: readonly Role[] = ['ADMIN', 'LEADER', 'UNIT_MANAGER', 'REPORTING_OFFICER', 'COUNCIL_MEMBER'];

export type Permission =
  | 'orgunit.read' | 'orgunit.write' | 'metadata.read' | 'metadata.write' | 'data.read' | 'data.write'
  | 'data.approve' | 'user.manage' | 'token.manage' | 'audit.read' | 'alert.act' | 'emulation.read' | 'emulation.vote';

export type User = z.infer<typeof userSchema>;
export type CreateUserInput = z.input<typeof createUserBody>;
export type UpdateUserInput = z.input<typeof updateUserBody>;

export interface MeScope {
  id?: number;
  role: Role;
  orgUnitId: number | null;
  orgUnitCode?: string | null;
  orgUnitName?: string | null;
}

export interface Me {
  kind: 'user' | 'token';
  user: Omit<User, 'roles'> | null;
  scopes: MeScope[];
  permissions: Permission[];
  csrfToken: string | null;
}

export interface Health {
  status: string;
  /** Present only on a demo installation: the account to show on the sign-in page. */
  demo?: { username: string; password: string } | null;
}

export interface ApiToken {
  id: number;
  name: string;
  prefix: string;
  role: string;
  orgUnitId: number;
  orgUnitCode: string;
  orgUnitName: string;
  createdAt: string;
  expiresAt: string | null;
  lastUsedAt: string | null;
  lastUsedIp: string | null;
  revokedAt: string | null;
}

export interface AuditEntry {
  id: number;
  at?: string;
  createdAt?: string;
  actorKind?: string;
  username: string | null;
  action: string;
  objectType: string;
  objectId: string | null;
  orgUnitId?: number | null;
  before: unknown;
  after: unknown;
  reason: string | null;
  requestId?: string | null;
}
