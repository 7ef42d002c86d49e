// The answers of DHIS2's /api/me and /api/system/info, with DHIS2's field names (docs/dhis2.md).
import { z } from 'zod';
import { timestamp } from '../../../core/contract.ts';

const unitRef = z.strictObject({ id: z.string(), code: z.string(), name: z.string(), displayName: z.string() });
const access = z.strictObject({ read: z.boolean(), update: z.boolean(), externalize: z.boolean(), delete: z.boolean(), write: z.boolean(), manage: z.boolean() });

export const dhis2MeSchema = z.strictObject({
  id: z.string(),
  username: z.string(),
  name: z.string(),
  displayName: z.string(),
  firstName: z.string(),
  surname: z.string(),
  email: z.string().nullable(),
  /** Users only (a token has no sign-in). */
  lastLogin: timestamp.nullable().optional(),
  created: timestamp.optional(),
  settings: z.strictObject({ keyUiLocale: z.string(), keyDbLocale: z.string() }),
  organisationUnits: z.array(unitRef),
  dataViewOrganisationUnits: z.array(unitRef),
  teiSearchOrganisationUnits: z.array(unitRef),
  authorities: z.array(z.string()),
  userRoles: z.array(z.strictObject({ id: z.string(), name: z.string() })),
  permissions: z.array(z.string()),
  access,
});

export const systemInfoSchema = z.strictObject({
  version: z.string(),
  revision: z.string(),
  systemName: z.string(),
  systemId: z.string(),
  contextPath: z.string(),
  userAgent: z.string().nullable(),
  serverDate: z.string(),
  serverTimeZoneId: z.string(),
  serverTimeZoneDisplayName: z.string(),
  calendar: z.string(),
  dateFormat: z.string(),
  isMetadataVersionEnabled: z.boolean(),
  product: z.strictObject({ name: z.string(), dhis2Compatibility: z.string(), documentation: z.string(), differences: z.string() }),
});
