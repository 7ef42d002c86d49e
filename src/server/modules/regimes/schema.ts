import { z } from 'zod';
import { CUTOFF_RULES, PERIOD_TYPES } from '../../../core/periods.ts';
import { metadataCode } from '../metadata/schema.ts';

const name = z.string().trim().min(1).max(500);

export const sectionInput = z.strictObject({
  code: metadataCode,
  nameVi: name,
  nameEn: name.nullable().optional(),
  elements: z.array(z.strictObject({ dataElement: z.string().min(1), isCompulsory: z.boolean().default(false) })).max(1000),
});

export const assignmentInput = z
  .strictObject({
    orgUnit: z.string().min(1).optional(),
    level: z.number().int().min(1).max(20).optional(),
    group: z.string().min(1).optional(),
  })
  .refine((a) => [a.orgUnit, a.level, a.group].filter((x) => x !== undefined).length === 1, {
    message: 'Mỗi phân công chỉ ghi một trong: orgUnit, level, group | Each assignment names exactly one of: orgUnit, level, group',
  });
export type AssignmentInput = z.infer<typeof assignmentInput>;

const regimeFields = {
  nameVi: name,
  nameEn: name.nullable().optional(),
  content: z.string().max(5000).nullable().optional(),
  legalBasis: z.string().max(1000).nullable().optional(),
  receivingOrgUnit: z.string().min(1).nullable().optional(),
  periodType: z.enum(PERIOD_TYPES),
  cutoffRule: z.enum(CUTOFF_RULES).default('DECREE_09'),
  deadlineDays: z.number().int().min(0).max(3660).default(2),
  openFuturePeriods: z.number().int().min(0).max(100).default(0),
  lockAfterDays: z.number().int().min(0).max(3660).nullable().default(null),
  isActive: z.boolean().default(true),
  sections: z.array(sectionInput).max(100).default([]),
  assignments: z.array(assignmentInput).max(10_000).default([]),
};

export const createRegimeBody = z.strictObject({ code: metadataCode, ...regimeFields });
export type CreateRegimeInput = z.infer<typeof createRegimeBody>;

export const updateRegimeBody = z.strictObject({
  nameVi: name.optional(),
  nameEn: name.nullable().optional(),
  content: z.string().max(5000).nullable().optional(),
  legalBasis: z.string().max(1000).nullable().optional(),
  receivingOrgUnit: z.string().min(1).nullable().optional(),
  periodType: z.enum(PERIOD_TYPES).optional(),
  cutoffRule: z.enum(CUTOFF_RULES).optional(),
  deadlineDays: z.number().int().min(0).max(3660).optional(),
  openFuturePeriods: z.number().int().min(0).max(100).optional(),
  lockAfterDays: z.number().int().min(0).max(3660).nullable().optional(),
  isActive: z.boolean().optional(),
  sections: z.array(sectionInput).max(100).optional(),
  assignments: z.array(assignmentInput).max(10_000).optional(),
});
export type UpdateRegimeInput = z.infer<typeof updateRegimeBody>;

export const codeParams = z.strictObject({ code: z.string().min(1) });
export const langQuery = z.strictObject({ lang: z.enum(['vi', 'en']).optional() });
export const regimePeriodsQuery = z.strictObject({
  past: z.coerce.number().int().min(0).max(120).default(12),
  lang: z.enum(['vi', 'en']).optional(),
});
export const regimeOrgUnitsQuery = z.strictObject({
  period: z.string().min(1).optional(),
  parent: z.string().min(1).optional(),
  lang: z.enum(['vi', 'en']).optional(),
});
export const formQuery = z.strictObject({ orgUnit: z.string().min(1), period: z.string().min(1), lang: z.enum(['vi', 'en']).optional() });
export const saveFormBody = z.strictObject({
  /** Field key → value: "DATA_ELEMENT" or "DATA_ELEMENT.OPTION"; "" or null clears the field. */
  values: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])),
  comments: z.record(z.string(), z.string().max(2000).nullable()).optional(),
});
