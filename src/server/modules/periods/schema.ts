import { z } from 'zod';
import { CUTOFF_RULES, PERIOD_TYPES } from '../../../core/periods.ts';

export const periodParams = z.strictObject({ id: z.string().min(1).max(20) });
export const periodQuery = z.strictObject({ regime: z.string().min(1).optional(), lang: z.enum(['vi', 'en']).optional() });
export const periodForDateQuery = z.strictObject({
  date: z.iso.date('Ngày dạng YYYY-MM-DD | Date as YYYY-MM-DD'),
  type: z.enum(PERIOD_TYPES).optional(),
  rule: z.enum(CUTOFF_RULES).optional(),
  /** Take type and cut-off rule from a regime instead. */
  regime: z.string().min(1).optional(),
  lang: z.enum(['vi', 'en']).optional(),
});

/** A period: its dates and words, and under a regime's timing its reporting window, due and lock dates. */
export const periodSchema = z.strictObject({
  id: z.string(),
  type: z.enum(PERIOD_TYPES),
  startDate: z.string(),
  endDate: z.string(),
  labelVi: z.string(),
  labelEn: z.string(),
  window: z.strictObject({ startDate: z.string(), endDate: z.string() }).nullable(),
  dueDate: z.string().nullable(),
  lockDate: z.string().nullable(),
});

export const periodResponse = periodSchema.extend({
  regime: z.strictObject({ code: z.string(), cutoffRule: z.enum(CUTOFF_RULES), deadlineDays: z.number(), lockAfterDays: z.number().nullable() }).nullable(),
});

export const periodForDateResponse = periodSchema.extend({ date: z.string(), rule: z.enum(CUTOFF_RULES), regime: z.string().nullable() });
