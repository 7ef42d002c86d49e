import { z } from 'zod';

/** Org unit code: letters, digits, '-', '_' and '.', as used in files and API calls. */
export const ORG_UNIT_CODE_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
export const ISO_DATE_PATTERN = /^\d{4}-\d{2}-\d{2}$/;

/** A calendar date that really exists ('2025-02-30' is refused). */
export function isIsoDate(value: string): boolean {
  if (!ISO_DATE_PATTERN.test(value)) return false;
  const d = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value;
}

export const isoDate = z.string().refine(isIsoDate, { message: 'Ngày phải có dạng YYYY-MM-DD và có thật | Date must be a real date as YYYY-MM-DD' });

export const orgUnitCode = z.string().trim().regex(ORG_UNIT_CODE_PATTERN, 'Mã đơn vị 1–64 ký tự: chữ không dấu, số, . _ - | Unit code: 1–64 of letters, digits, . _ -');

export const groupCode = z.string().trim().regex(ORG_UNIT_CODE_PATTERN, 'Mã nhóm 1–64 ký tự: chữ không dấu, số, . _ - | Group code: 1–64 of letters, digits, . _ -');

const name = z.string().trim().min(1, 'Tên không được để trống | Name must not be empty').max(300);
const optionalText = z.string().trim().max(300).nullable().optional();

/** A reference to a unit in a URL or body: its code, or "id:<n>". */
export const refParams = z.strictObject({ ref: z.string().min(1).max(100) });
export const groupParams = z.strictObject({ code: z.string().min(1).max(100) });

const boolish = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');

export const listOrgUnitsQuery = z.strictObject({
  q: z.string().max(200).optional(),
  level: z.coerce.number().int().min(1).max(20).optional(),
  parent: z.string().min(1).max(100).optional(),
  group: z.string().min(1).max(100).optional(),
  type: z.string().min(1).max(50).optional(),
  includeClosed: boolish.optional(),
  at: isoDate.optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  offset: z.coerce.number().int().min(0).default(0),
  lang: z.enum(['vi', 'en']).optional(),
});
export type ListOrgUnitsQuery = z.infer<typeof listOrgUnitsQuery>;

export const subtreeQuery = z.strictObject({
  depth: z.coerce.number().int().min(1).max(20).optional(),
  includeClosed: boolish.optional(),
  lang: z.enum(['vi', 'en']).optional(),
});

export const langQuery = z.strictObject({ lang: z.enum(['vi', 'en']).optional() });

export const createOrgUnitBody = z.strictObject({
  code: orgUnitCode,
  /** The DHIS2 UID (a letter, then ten letters or digits) a DHIS2 client names it by; generated when absent. */
  uid: z
    .string()
    .regex(/^[A-Za-z][A-Za-z0-9]{10}$/, 'UID DHIS2: một chữ cái rồi 10 chữ cái hoặc chữ số | A DHIS2 UID: a letter, then ten letters or digits')
    .optional(),
  nameVi: name,
  nameEn: optionalText,
  shortName: optionalText,
  type: z.string().trim().min(1).max(50).default('unit'),
  /** Parent unit code (or "id:<n>"); null or absent makes a root. */
  parent: z.string().min(1).max(100).nullable().optional(),
  openingDate: isoDate.nullable().optional(),
  closingDate: isoDate.nullable().optional(),
  groups: z.array(groupCode).max(200).optional(),
  attributes: z.record(z.string(), z.unknown()).optional(),
});
export type CreateOrgUnitInput = z.infer<typeof createOrgUnitBody>;

export const updateOrgUnitBody = z.strictObject({
  /** The DHIS2 UID (a letter, then ten letters or digits) a DHIS2 client names it by; generated when absent. */
  uid: z
    .string()
    .regex(/^[A-Za-z][A-Za-z0-9]{10}$/, 'UID DHIS2: một chữ cái rồi 10 chữ cái hoặc chữ số | A DHIS2 UID: a letter, then ten letters or digits')
    .optional(),
  nameVi: name.optional(),
  nameEn: optionalText,
  shortName: optionalText,
  type: z.string().trim().min(1).max(50).optional(),
  openingDate: isoDate.nullable().optional(),
  closingDate: isoDate.nullable().optional(),
  groups: z.array(groupCode).max(200).optional(),
  attributes: z.record(z.string(), z.unknown()).optional(),
  reason: z.string().trim().max(1000).optional(),
});
export type UpdateOrgUnitInput = z.infer<typeof updateOrgUnitBody>;

export const moveOrgUnitBody = z.strictObject({
  /** New parent code (or "id:<n>"); null makes the unit a root. */
  parent: z.string().min(1).max(100).nullable(),
  reason: z.string().trim().max(1000).optional(),
});

export const closeOrgUnitBody = z.strictObject({
  closingDate: isoDate,
  reason: z.string().trim().max(1000).optional(),
});

export const mergeOrgUnitBody = z.strictObject({
  into: z.string().min(1).max(100),
  effectiveDate: isoDate,
  reason: z.string().trim().max(1000).optional(),
});

export const splitOrgUnitBody = z.strictObject({
  into: z.array(z.string().min(1).max(100)).min(1, 'Cần ít nhất một đơn vị kế thừa | At least one successor unit is required').max(100),
  effectiveDate: isoDate,
  reason: z.string().trim().max(1000).optional(),
});

export const createGroupBody = z.strictObject({
  code: groupCode,
  kind: z.enum(['GROUP', 'SECTOR']).default('GROUP'),
  nameVi: name,
  nameEn: optionalText,
  members: z.array(z.string().min(1).max(100)).max(10_000).optional(),
});

export const updateGroupBody = z.strictObject({
  nameVi: name.optional(),
  nameEn: optionalText,
  kind: z.enum(['GROUP', 'SECTOR']).optional(),
});

export const editMembersBody = z.strictObject({
  add: z.array(z.string().min(1).max(100)).max(10_000).default([]),
  remove: z.array(z.string().min(1).max(100)).max(10_000).default([]),
});

export const listGroupsQuery = z.strictObject({
  kind: z.enum(['GROUP', 'SECTOR']).optional(),
  lang: z.enum(['vi', 'en']).optional(),
});

export const exportQuery = z.strictObject({
  format: z.enum(['csv', 'json']).default('csv'),
  lang: z.enum(['vi', 'en']).optional(),
});

export const importQuery = z.strictObject({
  dryRun: boolish.optional(),
  lang: z.enum(['vi', 'en']).optional(),
});

// ---- Responses ----------------------------------------------------------------------------------

const unitRef = z.strictObject({ id: z.number().int(), code: z.string(), nameVi: z.string() });

export const orgUnitSchema = z.strictObject({
  id: z.number().int(),
  code: z.string(),
  /** The DHIS2 UID a DHIS2 client names it by. */
  uid: z.string(),
  nameVi: z.string(),
  nameEn: z.string().nullable(),
  shortName: z.string().nullable(),
  type: z.string(),
  parentId: z.number().int().nullable(),
  parentCode: z.string().nullable(),
  level: z.number().int(),
  path: z.string(),
  openingDate: z.string().nullable(),
  closingDate: z.string().nullable(),
  attributes: z.record(z.string(), z.unknown()),
});

export const lineageEdgeSchema = z.strictObject({
  kind: z.enum(['MERGE', 'SPLIT', 'RENAME']),
  effectiveDate: z.string(),
  note: z.string().nullable(),
  unit: unitRef,
});

export const groupSchema = z.strictObject({
  id: z.number().int(),
  code: z.string(),
  kind: z.enum(['GROUP', 'SECTOR']),
  nameVi: z.string(),
  nameEn: z.string().nullable(),
  memberCount: z.number().int().optional(),
});

/** A group just created: its members' codes and how many. */
export const createdGroupSchema = groupSchema.extend({ members: z.array(z.string()), memberCount: z.number().int() });

/** A group with the members the caller may read. */
export const groupWithMembersSchema = groupSchema.extend({ members: z.array(orgUnitSchema) });

export const orgUnitDetailSchema = orgUnitSchema.extend({
  parent: unitRef.nullable(),
  childrenCount: z.number().int(),
  groups: z.array(groupSchema),
  ancestors: z.array(unitRef.extend({ level: z.number().int() })),
  lineage: z.strictObject({ predecessors: z.array(lineageEdgeSchema), successors: z.array(lineageEdgeSchema) }),
});

/** A page of units; `approximate` when nothing matched the search as typed and the units shown match it with one character wrong. */
export const orgUnitPageSchema = z.strictObject({ total: z.number().int(), items: z.array(orgUnitSchema), approximate: z.literal(true).optional() });

export const subtreeSchema = z.strictObject({ root: orgUnitSchema, items: z.array(orgUnitSchema) });

export const lineageSchema = z.strictObject({ unit: unitRef, predecessors: z.array(lineageEdgeSchema), successors: z.array(lineageEdgeSchema) });

export const levelSchema = z.strictObject({ level: z.number().int(), nameVi: z.string(), nameEn: z.string().nullable() });

/** One row of the hierarchy file (the CSV's columns; in CSV the lists are joined by ';'). */
export const orgUnitExportRowSchema = z.strictObject({
  code: z.string(),
  name_vi: z.string(),
  name_en: z.string().nullable(),
  short_name: z.string().nullable(),
  type: z.string(),
  parent_code: z.string().nullable(),
  level: z.number().int(),
  opening_date: z.string().nullable(),
  closing_date: z.string().nullable(),
  groups: z.array(z.string()),
  merged_into: z.array(z.string()),
  lineage_effective_date: z.string().nullable(),
  lineage_kind: z.enum(['MERGE', 'SPLIT', 'RENAME']).nullable(),
});

/** What an import did (or, with dryRun, would do). */
export const importSummarySchema = z.strictObject({
  dryRun: z.boolean(),
  rows: z.number().int(),
  created: z.number().int(),
  updated: z.number().int(),
  unchanged: z.number().int(),
  moved: z.number().int(),
  lineage: z.number().int(),
});
