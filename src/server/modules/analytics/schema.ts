import { z } from 'zod';

const many = z.union([z.string(), z.array(z.string())]).optional();

export const analyticsQuery = z.object({
  dimension: many,
  filter: many,
  displayProperty: z.enum(['NAME', 'SHORTNAME']).default('NAME'),
  format: z.enum(['json', 'csv', 'xlsx']).optional(),
  /** Indicators are rounded to their decimals unless this is true. */
  skipRounding: z.enum(['true', 'false']).optional(),
  lang: z.enum(['vi', 'en']).optional(),
});
export type AnalyticsQuery = z.infer<typeof analyticsQuery>;

export const explainQuery = z.object({
  dx: z.string().min(1),
  pe: z.string().min(1),
  ou: z.string().min(1),
  lang: z.enum(['vi', 'en']).optional(),
});
export type ExplainQuery = z.infer<typeof explainQuery>;
