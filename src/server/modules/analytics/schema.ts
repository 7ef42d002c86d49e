import { z } from 'zod';

const many = z.union([z.string(), z.array(z.string())]).optional();

export const DATA_STATUSES = ['ALL', 'SUBMITTED', 'APPROVED'] as const;
export type DataStatus = (typeof DATA_STATUSES)[number];
/** The lowest data_value.data_status a data status counts: everything accepted, submitted and approved, approved only. */
export const MIN_STATUS: Record<DataStatus, number> = { ALL: 0, SUBMITTED: 1, APPROVED: 2 };

const dataStatus = z.enum(DATA_STATUSES).default('SUBMITTED');

export const analyticsQuery = z.object({
  dimension: many,
  filter: many,
  displayProperty: z.enum(['NAME', 'SHORTNAME']).default('NAME'),
  format: z.enum(['json', 'csv', 'xlsx']).optional(),
  /** Indicators are rounded to their decimals unless this is true. */
  skipRounding: z.enum(['true', 'false']).optional(),
  /** Which data counts: ALL (drafts too, for the units themselves), SUBMITTED (submitted and approved; the default), APPROVED. */
  dataStatus,
  /** Coverage columns (reported, expected, coverage) beside each value; true unless set to false. */
  coverage: z.enum(['true', 'false']).optional(),
  lang: z.enum(['vi', 'en']).optional(),
});
export type AnalyticsQuery = z.infer<typeof analyticsQuery>;

export const explainQuery = z.object({
  dx: z.string().min(1),
  pe: z.string().min(1),
  ou: z.string().min(1),
  dataStatus,
  lang: z.enum(['vi', 'en']).optional(),
});
export type ExplainQuery = z.infer<typeof explainQuery>;
