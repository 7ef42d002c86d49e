import { z } from 'zod';

const many = z.union([z.string(), z.array(z.string())]).optional();

export const DATA_STATUSES = ['ALL', 'SUBMITTED', 'APPROVED'] as const;
export type DataStatus = (typeof DATA_STATUSES)[number];
/** The lowest data_value.data_status a data status counts: everything accepted, submitted and approved, approved only. */
export const MIN_STATUS: Record<DataStatus, number> = { ALL: 0, SUBMITTED: 1, APPROVED: 2 };

const dataStatus = z.enum(DATA_STATUSES).default('SUBMITTED');

const text = z.string().max(2_000).optional();

/**
 * DHIS2 analytics parameters this server does not honour yet: given with anything but their default, a
 * request is refused naming them (409 UNSUPPORTED_PARAMETER) rather than answered as if they were absent.
 * The value each may have, when it is harmless, is listed; `null` means any value is refused.
 */
export const UNSUPPORTED_ANALYTICS_PARAMS: Record<string, string | null> = {
  includeNumDen: 'false',
  hierarchyMeta: 'false',
  showHierarchy: 'false',
  includeMetadataDetails: 'false',
  completedOnly: 'false',
  hideEmptyRows: 'false',
  hideEmptyColumns: 'false',
  ignoreLimit: 'false',
  columns: null,
  rows: null,
  tableLayout: 'false',
  aggregationType: null,
  measureCriteria: null,
  preAggregationMeasureCriteria: null,
  approvalLevel: null,
  timeField: null,
  orgUnitField: null,
  userOrgUnit: null,
};

// Strict: a parameter that is neither honoured nor listed above is refused by name (400).
export const analyticsQuery = z.strictObject({
  dimension: many,
  /** DHIS2: leave out metaData (true) / leave out rows (true). */
  skipMeta: z.enum(['true', 'false']).optional(),
  skipData: z.enum(['true', 'false']).optional(),
  /** DHIS2: relative periods counted from this day (YYYY-MM-DD) instead of today. */
  relativePeriodDate: z.string().max(10).optional(),
  /** DHIS2: how dx and ou items are named in the answer — CODE, or UID (the DHIS2 UIDs, migration 0114). Default: UID when the request named an item by its UID, else CODE. */
  outputIdScheme: z.enum(['CODE', 'UID']).optional(),
  /** DHIS2: how the request names dx and ou items. Either is accepted: a code is read as a code, else a UID as a UID. */
  inputIdScheme: z.enum(['CODE', 'UID']).optional(),
  /** DHIS2: instead of a pe dimension, the values of every period inside [startDate, endDate] (YYYY-MM-DD), aggregated as one. */
  startDate: z.string().max(10).optional(),
  endDate: z.string().max(10).optional(),
  /** DHIS2: rows sorted on the value, ASC or DESC (otherwise in dimension order). */
  order: z.enum(['ASC', 'DESC']).optional(),
  ...Object.fromEntries(Object.keys(UNSUPPORTED_ANALYTICS_PARAMS).map((k) => [k, text])),
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
