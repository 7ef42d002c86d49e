import { z } from 'zod';
import { CUTOFF_RULES, PERIOD_TYPES } from '../../../core/periods.ts';
import { timestamp } from '../../../core/contract.ts';
import { VALUE_TYPES } from '../../../core/value-types.ts';
import { metadataCode } from '../metadata/schema.ts';
import { periodSchema } from '../periods/schema.ts';
import { reportStatusSchema } from '../report-status/schema.ts';

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
  /** A disaggregation whose options key the regime's values besides the data element's own (DHIS2's attribute option combos: a funding source, the reporting enterprise); null for none. */
  attributeDisaggregation: metadataCode.nullable().default(null),
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
  attributeDisaggregation: metadataCode.nullable().optional(),
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
  /**
   * Field key → the value's comment (at most 2,000 characters, refused at its field beyond): text replaces
   * the stored one, "" or null removes it. A comment sent without its value goes with the value the field holds.
   */
  comments: z.record(z.string(), z.string().nullable()).optional(),
});

// ---------------------------------------------------------------------------------------------
// Answers

const elementOption = z.strictObject({ code: z.string(), nameVi: z.string(), nameEn: z.string().nullable() });

/** A data element of a regime's form. */
export const regimeElementSchema = z.strictObject({
  code: z.string(),
  nameVi: z.string(),
  nameEn: z.string().nullable(),
  valueType: z.enum(VALUE_TYPES),
  unit: z.string().nullable(),
  isCompulsory: z.boolean(),
});

/** A section of a regime's form with its elements. */
export const regimeSectionSchema = z.strictObject({ code: z.string(), nameVi: z.string(), nameEn: z.string().nullable(), elements: z.array(regimeElementSchema) });

/** A report regime: its timing, receiving unit, form and reporting units (by unit, level or group). */
export const regimeSchema = z.strictObject({
  id: z.number(),
  code: z.string(),
  nameVi: z.string(),
  nameEn: z.string().nullable(),
  content: z.string().nullable(),
  legalBasis: z.string().nullable(),
  periodType: z.enum(PERIOD_TYPES),
  cutoffRule: z.enum(CUTOFF_RULES),
  deadlineDays: z.number(),
  openFuturePeriods: z.number(),
  lockAfterDays: z.number().nullable(),
  isActive: z.boolean(),
  /** The attribute disaggregation's code (DHIS2's attribute category combo of the data set), or null. */
  attributeDisaggregation: z.string().nullable(),
  createdAt: timestamp,
  updatedAt: timestamp,
  receivingOrgUnit: z.strictObject({ id: z.number(), code: z.string().nullable(), nameVi: z.string().nullable() }).nullable(),
  sections: z.array(regimeSectionSchema),
  assignments: z.array(z.strictObject({ orgUnit: z.string().nullable(), level: z.number().nullable(), group: z.string().nullable() })),
});

/** A period of the regime with its window, due and lock dates; the current one and the locked ones are marked. */
export const regimePeriodSchema = periodSchema.extend({ isCurrent: z.boolean(), isLocked: z.boolean() });
export const regimePeriodsSchema = z.strictObject({ regime: z.string(), today: z.string(), items: z.array(regimePeriodSchema) });

export const regimeOrgUnitsSchema = z.strictObject({
  regime: z.string(),
  period: z.string(),
  total: z.number(),
  items: z.array(z.strictObject({ id: z.number(), code: z.string(), nameVi: z.string(), level: z.number() })),
});

/** A form field: the element, its value rules (checked in the browser before sending, and again by the server) and options. */
export const formElementSchema = regimeElementSchema.extend({
  minValue: z.number().nullable(),
  maxValue: z.number().nullable(),
  zeroIsSignificant: z.boolean(),
  maxLength: z.number().nullable(),
  options: z.array(elementOption).nullable(),
});

const figure = z.union([z.number(), z.string(), z.null()]);
export const figureChangeSchema = z.strictObject({ field: z.string(), before: figure, after: figure });

/** The form of one unit and period: its sections, values, comments, status, whether the caller may change it, and the last submission. */
export const formSchema = z.strictObject({
  regime: z.strictObject({ code: z.string(), nameVi: z.string(), nameEn: z.string().nullable(), periodType: z.enum(PERIOD_TYPES) }),
  orgUnit: z.strictObject({ id: z.number(), code: z.string(), nameVi: z.string() }),
  period: periodSchema,
  status: reportStatusSchema,
  editable: z.boolean(),
  notEditableReason: z.strictObject({ code: z.string(), messageVi: z.string(), messageEn: z.string() }).nullable(),
  sections: z.array(z.strictObject({ code: z.string(), nameVi: z.string(), nameEn: z.string().nullable(), elements: z.array(formElementSchema) })),
  values: z.record(z.string(), figure),
  comments: z.record(z.string(), z.string()),
  /** Who wrote each comment (their name) and when. */
  commentAuthors: z.record(z.string(), z.strictObject({ writtenBy: z.string().nullable(), writtenAt: timestamp })),
  /** The figures as last submitted, and what changed since the submission before (or since, while back in draft). */
  review: z
    .strictObject({
      submittedAt: timestamp,
      submittedBy: z.string().nullable(),
      isLate: z.boolean().nullable(),
      comment: z.string().nullable(),
      figures: z.record(z.string(), figure),
      changesSincePrevious: z.array(figureChangeSchema).nullable(),
      changesSinceSubmitted: z.array(figureChangeSchema),
    })
    .nullable(),
});

/** A saved draft: the counts of the import, and each refused field with its reason in both languages and the caller's. */
export const saveFormSchema = z.strictObject({
  imported: z.number(),
  updated: z.number(),
  deleted: z.number(),
  ignored: z.number(),
  errors: z.array(z.strictObject({ field: z.string(), code: z.string(), messageVi: z.string(), messageEn: z.string(), message: z.string() })),
});
