import { z } from 'zod';
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
