import { z } from 'zod';
import { timestamp } from '../../../core/contract.ts';

const code = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'Mã 1–64 ký tự: chữ không dấu, số, _ - | Code: 1–64 of letters, digits, _ -');

export const indicatorFields = {
  code,
  nameVi: z.string().trim().min(1).max(300),
  nameEn: z.string().trim().max(300).nullable().optional(),
  shortName: z.string().trim().max(100).nullable().optional(),
  description: z.string().max(4000).nullable().optional(),
  /** Sector (org unit group of kind SECTOR) by code. */
  sector: z.string().min(1).nullable().optional(),
  unit: z.string().max(50).nullable().optional(),
  decimals: z.number().int().min(0).max(6).default(1),
  /** Share of the expected reports (0–1] a period needs before it is judged; 1 = complete. */
  minCoverage: z.number().gt(0).max(1).default(1),
  direction: z.enum(['HIGHER_IS_BETTER', 'LOWER_IS_BETTER']).default('HIGHER_IS_BETTER'),
  numerator: z.string().min(1).max(4000),
  denominator: z.string().min(1).max(4000).default('1'),
  factor: z.number().finite().default(1),
  isPublic: z.boolean().default(false),
};

export const createIndicatorBody = z.strictObject(indicatorFields);
export type CreateIndicatorInput = z.infer<typeof createIndicatorBody>;

export const updateIndicatorBody = z.strictObject({
  nameVi: indicatorFields.nameVi.optional(),
  nameEn: indicatorFields.nameEn,
  shortName: indicatorFields.shortName,
  description: indicatorFields.description,
  sector: indicatorFields.sector,
  unit: indicatorFields.unit,
  decimals: z.number().int().min(0).max(6).optional(),
  minCoverage: z.number().gt(0).max(1).optional(),
  direction: z.enum(['HIGHER_IS_BETTER', 'LOWER_IS_BETTER']).optional(),
  numerator: z.string().min(1).max(4000).optional(),
  denominator: z.string().min(1).max(4000).optional(),
  factor: z.number().finite().optional(),
  isPublic: z.boolean().optional(),
});
export type UpdateIndicatorInput = z.infer<typeof updateIndicatorBody>;

export const checkFormulaBody = z.strictObject({ formula: z.string().max(4000) });

export const listIndicatorsQuery = z.object({
  sector: z.string().optional(),
  isPublic: z.enum(['true', 'false']).optional(),
  q: z.string().optional(),
});

/** `id` (digits) or a code. */
export const indicatorParams = z.strictObject({ id: z.string().min(1) });

// ---------------------------------------------------------------------------------------------
// Answers

export const indicatorSchema = z.strictObject({
  id: z.number(),
  code: z.string(),
  nameVi: z.string(),
  nameEn: z.string().nullable(),
  shortName: z.string().nullable(),
  description: z.string().nullable(),
  sectorId: z.number().nullable(),
  sectorCode: z.string().nullable(),
  unit: z.string().nullable(),
  decimals: z.number(),
  /** Share of the expected reports a period needs before targets, alerts and the briefing judge it (1 = complete). */
  minCoverage: z.number(),
  direction: z.enum(['HIGHER_IS_BETTER', 'LOWER_IS_BETTER']),
  numerator: z.string(),
  denominator: z.string(),
  factor: z.number(),
  isPublic: z.boolean(),
  createdAt: timestamp,
  updatedAt: timestamp,
});

/** A formula checked while it is typed: its references, or its problems with their positions. */
export const checkFormulaResponse = z.strictObject({
  valid: z.boolean(),
  references: z.array(z.strictObject({ code: z.string(), option: z.string().optional() })),
  problems: z.array(
    z.strictObject({
      code: z.enum(['INVALID_EXPRESSION', 'UNKNOWN_REFERENCE', 'DIVISION_BY_ZERO']),
      position: z.number(),
      message: z.string(),
      messageVi: z.string(),
      messageEn: z.string(),
    }),
  ),
});
