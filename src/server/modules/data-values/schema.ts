import { z } from 'zod';
import { timestamp } from '../../../core/contract.ts';
import { jobSchema } from '../jobs/schema.ts';

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

// ---------------------------------------------------------------------------------------------
// DHIS2's answers: the import summary in its WebMessage, an async import's job and notifications, the export.

/** A refusal as DHIS2 2.41 lists it (one per error and object, with the indexes of every value it refused), with the product's code and both languages. */
export const importConflictSchema = z.strictObject({
  object: z.string(),
  /** The kind of the object refused (dataElement, orgUnit, period…) → its reference. */
  objects: z.record(z.string(), z.string()),
  value: z.string(),
  errorCode: z.string(),
  property: z.string().optional(),
  indexes: z.array(z.number()),
  code: z.string(),
  messageVi: z.string(),
  messageEn: z.string(),
});

/** DHIS2's ImportSummary; conflictCount, total and atomic are the product's own figures. */
export const importSummarySchema = z.strictObject({
  responseType: z.literal('ImportSummary'),
  status: z.enum(['SUCCESS', 'WARNING', 'ERROR']),
  importOptions: z.strictObject({
    /** idScheme, dataElementIdScheme, orgUnitIdScheme… → CODE, UID, ID. */
    idSchemes: z.record(z.string(), z.string()),
    dryRun: z.boolean(),
    async: z.boolean(),
    importStrategy: z.string(),
    firstRowIsHeader: z.boolean(),
    requireCategoryOptionCombo: z.boolean(),
    requireAttributeOptionCombo: z.boolean(),
    atomic: z.boolean(),
  }),
  description: z.string(),
  importCount: z.strictObject({ imported: z.number(), updated: z.number(), ignored: z.number(), deleted: z.number() }),
  conflicts: z.array(importConflictSchema),
  rejectedIndexes: z.array(z.number()),
  /** The completion date the set was registered complete with, or 'false'. */
  dataSetComplete: z.string(),
  conflictCount: z.number(),
  total: z.number(),
  atomic: z.boolean(),
});

/** DHIS2's WebMessage around an ImportSummary: the answer of an import (200, or 409 when nothing was written). */
export const importWebMessageSchema = z.strictObject({
  httpStatus: z.enum(['OK', 'Conflict']),
  httpStatusCode: z.number(),
  status: z.enum(['OK', 'WARNING', 'ERROR']),
  message: z.string(),
  response: importSummarySchema,
});

/** DHIS2's WebMessage of an import started with async=true: the job to follow. */
export const jobWebMessageSchema = z.strictObject({
  httpStatus: z.literal('OK'),
  httpStatusCode: z.number(),
  status: z.literal('OK'),
  message: z.string(),
  response: z.strictObject({
    responseType: z.literal('JobConfigurationWebMessageResponse'),
    name: z.string(),
    id: z.string(),
    created: z.string(),
    jobType: z.string(),
    relativeNotifierEndpoint: z.string(),
  }),
});

/** DHIS2's notifications of an async import, newest first; the last one `completed` once it ended. */
export const taskNotificationsSchema = z.array(
  z.strictObject({
    uid: z.string(),
    category: z.string(),
    time: z.string(),
    level: z.enum(['INFO', 'ERROR']),
    completed: z.boolean(),
    message: z.string(),
    dataType: z.string().nullable(),
    /** Of a failed import: the job's error. */
    error: jobSchema.shape.error.optional(),
  }),
);

/** A data value as DHIS2 exports it (JSON). */
export const exportedValueSchema = z.strictObject({
  dataElement: z.string(),
  period: z.string(),
  orgUnit: z.string(),
  categoryOptionCombo: z.string(),
  attributeOptionCombo: z.string(),
  value: z.string(),
  storedBy: z.string(),
  lastUpdated: z.string(),
  comment: z.string(),
  followup: z.boolean(),
});

/** DHIS2's dataValueSet (JSON): the data set when one was asked for, and its values. */
export const exportedSetSchema = z.strictObject({ dataSet: z.string().optional(), dataValues: z.array(exportedValueSchema) });
