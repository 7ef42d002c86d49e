// The roles a person can be given, in the order the screens list them. The server's list
// (src/server/access.ts) is not imported: it sits beside server code the bundle must not carry.
import type { Role } from '../../server/access.ts';

export const ROLES = ['ADMIN', 'LEADER', 'UNIT_MANAGER', 'REPORTING_OFFICER', 'COUNCIL_MEMBER'] as const satisfies readonly Role[];

/** Fails the type check when the server has a role this list lacks. */
export const EVERY_ROLE_LISTED: [Exclude<Role, (typeof ROLES)[number]>] extends [never] ? true : never = true;
