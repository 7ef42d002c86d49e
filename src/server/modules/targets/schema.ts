import { z } from 'zod';
import { timestamp } from '../../../core/contract.ts';
import { TARGET_STATUSES, type TargetStatus } from '../../../core/forecast.ts';

const periodId = z.string().regex(/^\d{4}([A-Za-z0-9]{1,4})?$/, 'Kỳ dạng 2025, 2025Q4, 202512 | Period such as 2025, 2025Q4, 202512');

export const milestoneSchema = z.strictObject({ period: periodId, value: z.number().finite() });

export const createTargetBody = z.strictObject({
  /** Indicator code. */
  indicator: z.string().min(1),
  /** Org unit code or id:N. */
  orgUnit: z.string().min(1),
  targetPeriod: periodId,
  baselineValue: z.number().finite().nullable().optional(),
  baselinePeriod: periodId.nullable().optional(),
  targetValue: z.number().finite(),
  milestones: z.array(milestoneSchema).max(50).default([]),
  sourceDocument: z.string().max(1000).nullable().optional(),
  ownerOrgUnit: z.string().min(1).nullable().optional(),
  note: z.string().max(4000).nullable().optional(),
});
export type CreateTargetInput = z.infer<typeof createTargetBody>;

export const updateTargetBody = z.strictObject({
  baselineValue: z.number().finite().nullable().optional(),
  baselinePeriod: periodId.nullable().optional(),
  targetValue: z.number().finite().optional(),
  milestones: z.array(milestoneSchema).max(50).optional(),
  sourceDocument: z.string().max(1000).nullable().optional(),
  ownerOrgUnit: z.string().min(1).nullable().optional(),
  note: z.string().max(4000).nullable().optional(),
});
export type UpdateTargetInput = z.infer<typeof updateTargetBody>;

export const listTargetsQuery = z.object({
  orgUnit: z.string().optional(),
  indicator: z.string().optional(),
  status: z.enum(TARGET_STATUSES as [TargetStatus, ...TargetStatus[]]).optional(),
  lang: z.enum(['vi', 'en']).optional(),
});

export const targetParams = z.strictObject({ id: z.coerce.number().int().positive() });

// ---------------------------------------------------------------------------------------------
// Answers

/** How much of a figure is in: reports expected and reported, units expected and complete. */
export const coverageSchema = z.strictObject({ expected: z.number(), reported: z.number(), share: z.number(), expectedUnits: z.number(), completeUnits: z.number() });
export const missingReportSchema = z.strictObject({ orgUnit: z.string(), orgUnitName: z.string(), period: z.string(), dataElements: z.array(z.string()) });
const point = z.strictObject({ period: z.string(), value: z.number() });

/** A target as stored (the answer to a create or an update). */
export const targetRowSchema = z.strictObject({
  id: z.number(),
  indicatorId: z.number(),
  indicatorCode: z.string(),
  indicatorNameVi: z.string(),
  indicatorNameEn: z.string().nullable(),
  indicatorUnit: z.string().nullable(),
  indicatorDecimals: z.number(),
  minCoverage: z.number(),
  direction: z.enum(['HIGHER_IS_BETTER', 'LOWER_IS_BETTER']),
  orgUnitId: z.number(),
  orgUnitCode: z.string(),
  orgUnitName: z.string(),
  targetPeriod: z.string(),
  baselineValue: z.number().nullable(),
  baselinePeriod: z.string().nullable(),
  targetValue: z.number(),
  milestones: z.array(point),
  sourceDocument: z.string().nullable(),
  ownerOrgUnitId: z.number().nullable(),
  ownerOrgUnitCode: z.string().nullable(),
  ownerOrgUnitName: z.string().nullable(),
  note: z.string().nullable(),
  createdAt: timestamp,
  updatedAt: timestamp,
  orgUnitPath: z.string(),
});

/** A target with where it stands: the row (without the unit's path) and its evaluation. */
export const targetSchema = targetRowSchema.omit({ orgUnitPath: true }).extend({
  dataStatus: z.enum(['SUBMITTED', 'APPROVED']),
  isEnded: z.boolean(),
  latest: z.strictObject({ period: z.string(), value: z.number(), coverage: coverageSchema.nullable() }).nullable(),
  pending: z.strictObject({ period: z.string(), value: z.number().nullable(), coverage: coverageSchema, missing: z.array(missingReportSchema) }).nullable(),
  final: z.strictObject({ period: z.string(), value: z.number().nullable(), coverage: coverageSchema.nullable(), missing: z.array(missingReportSchema) }).nullable(),
  progress: z.number().nullable(),
  progressShown: z.number().nullable(),
  status: z.enum(TARGET_STATUSES as [TargetStatus, ...TargetStatus[]]),
  forecast: z
    .strictObject({
      method: z.enum(['HOLT_DAMPED', 'HOLT_WINTERS_DAMPED', 'LINEAR_TREND', 'LAST_VALUE', 'NONE']),
      period: z.string(),
      horizon: z.number(),
      value: z.number(),
      lower: z.number().nullable(),
      upper: z.number().nullable(),
      level: z.number(),
      scale: z.enum(['SHARE', 'LINEAR']),
    })
    .nullable(),
  series: z.array(point),
  nextMilestone: point.nullable(),
  backtest: z.strictObject({ origins: z.number(), mae: z.number().nullable(), mape: z.number().nullable(), coverage: z.number().nullable(), horizon: z.number() }).nullable().optional(),
});
