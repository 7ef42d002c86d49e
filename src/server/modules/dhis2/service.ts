// What DHIS2 clients ask a server before they send anything: who am I (/api/me) and what server is
// this (/api/system/info). The answers carry DHIS2's field names; identifiers are the product's codes,
// which is also the default id scheme of the DHIS2 paths here.
import type { ServiceContext } from '../../http/context.ts';
import { ROLE_PERMISSIONS, type Permission } from '../../access.ts';
import { unauthenticated } from '../../http/errors.ts';
import * as users from '../users/repo.ts';
import { selectOrgUnitsById } from '../data-values/repo.ts';
import { listRootUnits } from '../org-units/repo.ts';

/** The API level whose requests and answers this server follows (docs/dhis2.md says where it differs). */
export const DHIS2_API_VERSION = '2.41.0';

// DHIS2 authorities a client may test for, from the product's permissions.
const AUTHORITIES: Partial<Record<Permission, string[]>> = {
  'data.read': ['M_dhis-web-dataentry'],
  'data.write': ['F_DATAVALUE_ADD', 'F_DATAVALUE_DELETE'],
  'data.approve': ['F_APPROVE_DATA', 'F_ACCEPT_DATA_LOWER_LEVELS'],
  'metadata.write': ['F_DATAELEMENT_PUBLIC_ADD', 'F_INDICATOR_PUBLIC_ADD'],
  'orgunit.write': ['F_ORGANISATIONUNIT_ADD'],
  'user.manage': ['F_USER_ADD'],
};

export async function dhis2Me(ctx: ServiceContext) {
  const actor = ctx.actor;
  if (actor.kind === 'anonymous') throw unauthenticated();
  const permissions = [...new Set(actor.scopes.flatMap((s) => ROLE_PERMISSIONS[s.role]))].sort();
  const isSuperuser = actor.scopes.some((s) => s.role === 'ADMIN' && s.path === null);
  const authorities = [...new Set([...(isSuperuser ? ['ALL'] : []), ...permissions.flatMap((p) => AUTHORITIES[p] ?? [])])].sort();
  const unitIds = [...new Set(actor.scopes.flatMap((s) => (s.orgUnitId === null ? [] : [s.orgUnitId])))];
  const units = unitIds.length ? await selectOrgUnitsById(ctx.db, unitIds) : [];
  // A system-wide scope is the roots of the hierarchy, as a DHIS2 superuser is assigned the root.
  const roots = actor.scopes.some((s) => s.path === null) ? await listRootUnits(ctx.db) : [];
  const organisationUnits = [...roots, ...units].map((u) => ({ id: u.code, code: u.code, name: u.nameVi, displayName: u.nameVi }));
  if (actor.kind === 'token') {
    const name = actor.username ?? 'token';
    return {
      id: `token-${actor.tokenId}`,
      username: name,
      name,
      displayName: name,
      firstName: name,
      surname: '',
      email: null,
      settings: { keyUiLocale: ctx.lang, keyDbLocale: ctx.lang },
      organisationUnits,
      dataViewOrganisationUnits: organisationUnits,
      teiSearchOrganisationUnits: [],
      authorities,
      userRoles: actor.scopes.map((s) => ({ id: s.role, name: s.role })),
      permissions,
      access: { read: true, update: false, externalize: false, delete: false, write: false, manage: false },
    };
  }
  const user = actor.userId === undefined ? null : await users.findUserById(ctx.db, actor.userId);
  if (!user) throw unauthenticated();
  const [firstName, ...rest] = user.displayName.split(' ').reverse();
  return {
    id: String(user.id),
    username: user.username,
    name: user.displayName,
    displayName: user.displayName,
    // Vietnamese names put the given name last.
    firstName: firstName ?? user.displayName,
    surname: rest.reverse().join(' '),
    email: user.email,
    lastLogin: user.lastLoginAt,
    created: user.createdAt,
    settings: { keyUiLocale: user.language, keyDbLocale: user.language },
    organisationUnits,
    dataViewOrganisationUnits: organisationUnits,
    teiSearchOrganisationUnits: [],
    authorities,
    userRoles: actor.scopes.map((s) => ({ id: s.role, name: s.role })),
    permissions,
    access: { read: true, update: true, externalize: false, delete: false, write: true, manage: false },
  };
}

export function systemInfo(ctx: ServiceContext, request: { protocol: string; host: string; userAgent?: string }) {
  const now = ctx.clock();
  const base = ctx.config.PUBLIC_URL ?? `${request.protocol}://${request.host}`;
  return {
    version: DHIS2_API_VERSION,
    revision: 'tiendo',
    systemName: 'Tiến Độ',
    systemId: 'tiendo',
    contextPath: base.replace(/\/+$/, ''),
    userAgent: request.userAgent ?? null,
    serverDate: now.toISOString().replace('Z', ''),
    serverTimeZoneId: 'Asia/Ho_Chi_Minh',
    serverTimeZoneDisplayName: 'Indochina Time',
    calendar: 'iso8601',
    dateFormat: 'yyyy-mm-dd',
    isMetadataVersionEnabled: false,
    // What is behind the DHIS2 face: the product's own name and its deliberate differences (docs/dhis2.md).
    product: { name: 'Tiến Độ', dhis2Compatibility: DHIS2_API_VERSION, documentation: '/api/docs', differences: 'docs/dhis2.md' },
  };
}
