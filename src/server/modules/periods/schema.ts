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
