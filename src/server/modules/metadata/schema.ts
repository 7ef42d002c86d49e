import { z } from 'zod';
import { pageOf, timestamp } from '../../../core/contract.ts';

import { DATA_ELEMENT_AGGREGATION_TYPES, type DataElementAggregationType } from '../../../core/aggregation-types.ts';
import { VALUE_TYPES, type ValueType } from '../../../core/value-types.ts';

export { VALUE_TYPES, type ValueType };
/** What a data element may declare, from the one list of `src/core/aggregation-types.ts`. */
export { DATA_ELEMENT_AGGREGATION_TYPES as AGGREGATION_TYPES, type DataElementAggregationType as AggregationType };

export const metadataCode = z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/, 'Mã 1–64 ký tự: chữ không dấu, số, _ . - | Code: 1–64 of letters, digits, _ . -');

const name = z.string().trim().min(1).max(300);
const optionalText = z.string().trim().max(2000).nullable().optional();

export const createDataElementBody = z.strictObject({
  code: metadataCode,
  /** The DHIS2 UID (a letter, then ten letters or digits) a DHIS2 client names it by; generated when absent. */
  uid: z
    .string()
    .regex(/^[A-Za-z][A-Za-z0-9]{10}$/, 'UID DHIS2: một chữ cái rồi 10 chữ cái hoặc chữ số | A DHIS2 UID: a letter, then ten letters or digits')
    .optional(),
  nameVi: name,
  nameEn: name.nullable().optional(),
  shortName: z.string().trim().max(100).nullable().optional(),
  description: optionalText,
  valueType: z.enum(VALUE_TYPES),
  aggregationType: z.enum(DATA_ELEMENT_AGGREGATION_TYPES),
  unit: z.string().trim().max(50).nullable().optional(),
  zeroIsSignificant: z.boolean().default(false),
  /** Disaggregation code. */
  disaggregation: z.string().min(1).nullable().optional(),
  /** Sector: an org unit group code. */
  sector: z.string().min(1).nullable().optional(),
  /** Hard bounds: a value outside them is refused at every way in. */
  minValue: z.number().finite().nullable().optional(),
  maxValue: z.number().finite().nullable().optional(),
  /** Soft bounds: a value outside them is only flagged as an outlier. */
  softMin: z.number().finite().nullable().optional(),
  softMax: z.number().finite().nullable().optional(),
  /** Longest text accepted (TEXT only). */
  maxLength: z.number().int().min(1).max(50_000).nullable().optional(),
  seasonal: z.boolean().default(false),
});
export type CreateDataElementInput = z.infer<typeof createDataElementBody>;

export const updateDataElementBody = z.strictObject({
  /** The DHIS2 UID (a letter, then ten letters or digits) a DHIS2 client names it by; generated when absent. */
  uid: z
    .string()
    .regex(/^[A-Za-z][A-Za-z0-9]{10}$/, 'UID DHIS2: một chữ cái rồi 10 chữ cái hoặc chữ số | A DHIS2 UID: a letter, then ten letters or digits')
    .optional(),
  nameVi: name.optional(),
  nameEn: name.nullable().optional(),
  shortName: z.string().trim().max(100).nullable().optional(),
  description: optionalText,
  valueType: z.enum(VALUE_TYPES).optional(),
  aggregationType: z.enum(DATA_ELEMENT_AGGREGATION_TYPES).optional(),
  unit: z.string().trim().max(50).nullable().optional(),
  zeroIsSignificant: z.boolean().optional(),
  disaggregation: z.string().min(1).nullable().optional(),
  sector: z.string().min(1).nullable().optional(),
  minValue: z.number().finite().nullable().optional(),
  maxValue: z.number().finite().nullable().optional(),
  softMin: z.number().finite().nullable().optional(),
  softMax: z.number().finite().nullable().optional(),
  maxLength: z.number().int().min(1).max(50_000).nullable().optional(),
  seasonal: z.boolean().optional(),
});
export type UpdateDataElementInput = z.infer<typeof updateDataElementBody>;

export const listDataElementsQuery = z.strictObject({
  q: z.string().optional(),
  sector: z.string().optional(),
  valueType: z.enum(VALUE_TYPES).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  offset: z.coerce.number().int().min(0).default(0),
  lang: z.enum(['vi', 'en']).optional(),
});

export const refParams = z.strictObject({ ref: z.string().min(1) });

export const createDisaggregationBody = z.strictObject({
  code: metadataCode,
  nameVi: name,
  nameEn: name.nullable().optional(),
  options: z
    .array(z.strictObject({ code: metadataCode, nameVi: name, nameEn: name.nullable().optional() }))
    .min(1, 'Cần ít nhất một lựa chọn | At least one option is required')
    .max(500),
});
export type CreateDisaggregationInput = z.infer<typeof createDisaggregationBody>;

export const listQuery = z.strictObject({ q: z.string().optional(), lang: z.enum(['vi', 'en']).optional() });

// ---------------------------------------------------------------------------------------------
// Answers

/** An option of a disaggregation (a DHIS2 category option combo, named by its UID there). */
export const optionSchema = z.strictObject({ id: z.number(), code: z.string(), uid: z.string(), nameVi: z.string(), nameEn: z.string().nullable(), sortOrder: z.number() });

/** A disaggregation with its options, in their order. */
export const disaggregationSchema = z.strictObject({ id: z.number(), code: z.string(), nameVi: z.string(), nameEn: z.string().nullable(), options: z.array(optionSchema) });

/** A data element as listed: its value rules, hard and soft bounds, disaggregation and sector by id and code. */
export const dataElementSchema = z.strictObject({
  id: z.number(),
  code: z.string(),
  /** The DHIS2 UID (11 characters) a DHIS2 client names it by. */
  uid: z.string(),
  nameVi: z.string(),
  nameEn: z.string().nullable(),
  shortName: z.string().nullable(),
  description: z.string().nullable(),
  valueType: z.enum(VALUE_TYPES),
  aggregationType: z.enum(DATA_ELEMENT_AGGREGATION_TYPES),
  unit: z.string().nullable(),
  zeroIsSignificant: z.boolean(),
  disaggregationId: z.number().nullable(),
  disaggregationCode: z.string().nullable(),
  sectorId: z.number().nullable(),
  sectorCode: z.string().nullable(),
  minValue: z.number().nullable(),
  maxValue: z.number().nullable(),
  softMin: z.number().nullable(),
  softMax: z.number().nullable(),
  maxLength: z.number().nullable(),
  seasonal: z.boolean(),
  createdAt: timestamp,
  updatedAt: timestamp,
});

/** One data element with its disaggregation and options. */
export const dataElementDetailSchema = dataElementSchema.extend({ disaggregation: disaggregationSchema.nullable() });

export const dataElementPage = pageOf(dataElementSchema);
