import { z } from 'zod';

export const statusKeyBody = z.strictObject({ orgUnit: z.string().min(1), period: z.string().min(1) });
export const submitBody = z.strictObject({
  orgUnit: z.string().min(1),
  period: z.string().min(1),
  /** Explains the report, e.g. why a validation warning is expected. */
  comment: z.string().trim().max(2000).optional(),
});
export const reasonBody = z.strictObject({
  orgUnit: z.string().min(1),
  period: z.string().min(1),
  reason: z.string().trim().min(3, 'Cần ghi lý do (ít nhất 3 ký tự) | A reason is required (at least 3 characters)').max(2000),
});
export const statusQuery = z.strictObject({ orgUnit: z.string().min(1), period: z.string().min(1), lang: z.enum(['vi', 'en']).optional() });
export const completenessQuery = z.strictObject({
  period: z.string().min(1).optional(),
  /** Several periods separated by ';' (heatmap). */
  periods: z.string().min(1).optional(),
  parent: z.string().min(1).optional(),
  lang: z.enum(['vi', 'en']).optional(),
});

export const remindBody = z.strictObject({
  period: z.string().min(1),
  /** Only these units (codes); without it, every unit of the caller's scope whose report is overdue. */
  orgUnits: z.array(z.string().min(1)).min(1).max(500).optional(),
});
