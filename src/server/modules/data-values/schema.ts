import { z } from 'zod';
import { timestamp } from '../../../core/contract.ts';

const scalar = z.union([z.string(), z.number(), z.boolean(), z.null()]);

export const writeValueBody = z.strictObject({
  dataElement: z.string().min(1),
  period: z.string().min(1),
  orgUnit: z.string().min(1),
  option: z.string().min(1).nullable().optional(),
  /** The attribute option of the regime's attribute disaggregation (DHIS2's attribute option combo); absent or null for none. */
  attributeOption: z.string().min(1).nullable().optional(),
  value: scalar,
  comment: z.string().max(2000).nullable().optional(),
});

export const listValuesQuery = z.strictObject({
  orgUnit: z.string().min(1),
  /** One or more periods separated by ';' or ','. */
  period: z.string().min(1).optional(),
  /** One or more data element codes separated by ';' or ','. */
  dataElement: z.string().min(1).optional(),
  /** Include the values of the whole subtree under orgUnit. */
  children: z.enum(['true', 'false']).optional(),
  limit: z.coerce.number().int().min(1).max(50_000).default(10_000),
  lang: z.enum(['vi', 'en']).optional(),
});

export const historyQuery = z.strictObject({
  orgUnit: z.string().min(1),
  period: z.string().min(1).optional(),
  dataElement: z.string().min(1).optional(),
  limit: z.coerce.number().int().min(1).max(5_000).default(500),
  lang: z.enum(['vi', 'en']).optional(),
});

const flag = z.enum(['true', 'false']).optional();
const text = z.string().max(200).optional();

// Every parameter DHIS2 2.41 defines for a data value import (data-values/dhis2.ts says what each does);
// anything else is refused by name.
export const dataValueSetQuery = z.strictObject({
  idScheme: text,
  dataElementIdScheme: text,
  orgUnitIdScheme: text,
  categoryOptionComboIdScheme: text,
  attributeOptionComboIdScheme: text,
  dataSetIdScheme: text,
  dryRun: flag,
  atomic: flag,
  importStrategy: text,
  strategy: text,
  preheatCache: flag,
  async: text,
  skipExistingCheck: text,
  skipAudit: text,
  skipNotifications: text,
  force: text,
  strictPeriods: flag,
  strictDataElements: flag,
  strictCategoryOptionCombos: flag,
  strictAttributeOptionCombos: flag,
  strictOrganisationUnits: flag,
  strictDataSetApproval: flag,
  strictDataSetLocking: flag,
  strictDataSetInputPeriods: flag,
  requireCategoryOptionCombo: flag,
  requireAttributeOptionCombo: flag,
  skipPatternValidation: flag,
  ignoreEmptyCollection: flag,
  firstRowIsHeader: flag,
  lang: z.enum(['vi', 'en']).optional(),
});
export type DataValueSetQuery = z.infer<typeof dataValueSetQuery>;

const many = z.union([z.string().max(10_000), z.array(z.string().max(10_000)).max(1_000)]).optional();
const one = z.string().max(200).optional();

// GET /api/dataValueSets: the parameters DHIS2 2.41 documents (export.ts says what each does); others are refused.
export const exportQuery = z.strictObject({
  dataSet: many,
  dataElement: many,
  dataElementGroup: many,
  period: many,
  startDate: one,
  endDate: one,
  orgUnit: many,
  orgUnitGroup: many,
  children: one,
  includeDescendants: one,
  lastUpdated: one,
  lastUpdatedDuration: one,
  includeDeleted: one,
  attributeOptionCombo: many,
  limit: one,
  idScheme: one,
  dataElementIdScheme: one,
  orgUnitIdScheme: one,
  categoryOptionComboIdScheme: one,
  attributeOptionComboIdScheme: one,
  dataSetIdScheme: one,
  format: one,
  attachment: one,
  compression: one,
  lang: z.enum(['vi', 'en']).optional(),
});

// ---------------------------------------------------------------------------------------------
// Answers (the JSON routes; the DHIS2 routes answer DHIS2's shapes)

/** A stored value: a number, or the text of a text-typed element. */
export const storedValueSchema = z.strictObject({
  dataElement: z.string(),
  period: z.string(),
  orgUnit: z.string(),
  option: z.string().nullable(),
  /** The attribute option (DHIS2's attribute option combo) the value is kept under; null for the default. */
  attributeOption: z.string().nullable(),
  value: z.union([z.number(), z.string()]).nullable(),
  comment: z.string().nullable(),
  source: z.string(),
  storedBy: z.string().nullable(),
  updatedAt: timestamp,
});
export const storedValuesSchema = z.strictObject({ total: z.number(), items: z.array(storedValueSchema) });

/** One change of a value: who, when, through which way in, the value before and after. */
export const historyEntrySchema = z.strictObject({
  id: z.number(),
  dataElement: z.string(),
  period: z.string(),
  orgUnit: z.string(),
  option: z.string().nullable(),
  /** The attribute option (DHIS2's attribute option combo) the value is kept under; null for the default. */
  attributeOption: z.string().nullable(),
  changeType: z.string(),
  oldValue: z.string().nullable(),
  newValue: z.string().nullable(),
  /** The value's comment before and after the change (both null on changes recorded before comments were kept). */
  oldComment: z.string().nullable(),
  newComment: z.string().nullable(),
  source: z.string(),
  changedBy: z.string().nullable(),
  userId: z.number().nullable(),
  tokenId: z.number().nullable(),
  changedAt: timestamp,
});
export const historySchema = z.strictObject({ items: z.array(historyEntrySchema) });

/** What writing one value did. */
export const writeValueAnswer = z.strictObject({ imported: z.number(), updated: z.number(), deleted: z.number(), ignored: z.number() });
