import { z } from 'zod';
import { timestamp } from '../../../core/contract.ts';
import { AGGREGATION_TYPES } from '../../../core/aggregation-types.ts';

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

// ---------------------------------------------------------------------------------------------
// Answers: DHIS2's analytics grid (headers, metaData, rows), its data value set, and the explanation of one cell.

/** A column of the grid: a dimension (meta) or a measure (value, and the coverage columns). */
export const analyticsHeaderSchema = z.strictObject({
  name: z.string(),
  column: z.string(),
  valueType: z.string(),
  type: z.string(),
  hidden: z.boolean(),
  meta: z.boolean(),
});

/**
 * An item of metaData.items: a dimension, a dimension item, a period, a relative period or unit keyword. `name`
 * always; the other fields are DHIS2's optional item fields (a data item's `code`; the rest as DHIS2 names them).
 */
export const analyticsItemSchema = z.strictObject({
  name: z.string(),
  code: z.string().optional(),
  uid: z.string().optional(),
  shortName: z.string().optional(),
  description: z.string().optional(),
  dimensionItemType: z.string().optional(),
  valueType: z.string().optional(),
  totalAggregationType: z.string().optional(),
  aggregationType: z.string().optional(),
  startDate: z.string().optional(),
  endDate: z.string().optional(),
});

/** A unit whose values count predecessors merged into it before a date (the units of the answer by code or UID). */
export const lineageNoteSchema = z.strictObject({
  ou: z.string(),
  predecessors: z.array(z.strictObject({ id: z.number(), code: z.string(), name: z.string(), before: z.string() })),
});

export const analyticsMetaDataSchema = z.strictObject({
  items: z.record(z.string(), analyticsItemSchema),
  /** Each dimension's items, in the answer's order (dx, co, pe, ou as asked). */
  dimensions: z.record(z.string(), z.array(z.string())),
  lineage: z.array(lineageNoteSchema),
  /** Which data the figures count. */
  dataStatus: z.enum(DATA_STATUSES),
});

/** The analytics grid as the service builds it (and as the web, which never asks skipMeta, receives it). */
export const analyticsGridSchema = z.strictObject({
  headers: z.array(analyticsHeaderSchema),
  metaData: analyticsMetaDataSchema,
  rows: z.array(z.array(z.string())),
  height: z.number(),
  width: z.number(),
});

/** The answer of /api/analytics and /api/analytics/rawData: the grid, without its metaData when skipMeta=true. */
export const analyticsAnswerSchema = z.strictObject({
  headers: z.array(analyticsHeaderSchema),
  metaData: analyticsMetaDataSchema.optional(),
  rows: z.array(z.array(z.string())),
  height: z.number(),
  width: z.number(),
});

/** DHIS2's /api/analytics/dataValueSet: the answer as data values. */
export const analyticsDataValueSetSchema = z.strictObject({
  dataValues: z.array(
    z.strictObject({
      dataElement: z.string(),
      period: z.string(),
      orgUnit: z.string(),
      categoryOptionCombo: z.string(),
      attributeOptionCombo: z.string(),
      value: z.string(),
    }),
  ),
});

/** How much of a figure is in: the (unit, period) reports expected for it, and those that arrived. */
export const coverageSchema = z.strictObject({
  /** Reports expected: one per reporting unit and reporting period inside the cell. */
  expected: z.number(),
  /** Reports holding a value of every data element expected there, with the data status asked for. */
  reported: z.number(),
  /** reported / expected, 0–1. */
  share: z.number(),
  expectedUnits: z.number(),
  /** Units that sent every report expected of them in the cell. */
  completeUnits: z.number(),
});

/** A stored value behind a cell, with who stored it, when, through which way in, and its data status. */
export const explainValueSchema = z.strictObject({
  orgUnit: z.string(),
  orgUnitName: z.string(),
  period: z.string(),
  option: z.string().nullable(),
  value: z.number(),
  storedBy: z.string().nullable(),
  updatedAt: timestamp,
  source: z.string(),
  dataStatus: z.enum(['ACCEPTED', 'SUBMITTED', 'APPROVED']),
});

/** An expected report of the cell that holds no counted value: who, which period, the data elements it lacks. */
export const missingSlotSchema = z.strictObject({
  orgUnit: z.string(),
  orgUnitName: z.string(),
  period: z.string(),
  periodName: z.string(),
  dataElements: z.array(z.string()),
});

/** How one cell was computed: the raw values of each reference, their aggregation, the arithmetic, who is missing. */
export const explanationSchema = z.strictObject({
  dx: z.string(),
  dxName: z.string(),
  dataStatus: z.enum(DATA_STATUSES),
  coverage: coverageSchema.nullable(),
  missing: z.array(missingSlotSchema),
  pe: z.string(),
  periodStart: z.string(),
  periodEnd: z.string(),
  ou: z.string(),
  ouName: z.string(),
  value: z.number().nullable(),
  formula: z.string(),
  arithmetic: z.string(),
  numeratorValue: z.number().nullable(),
  denominatorValue: z.number().nullable(),
  nullReason: z.enum(['NUMERATOR_MISSING', 'DENOMINATOR_MISSING', 'DENOMINATOR_ZERO']).nullable(),
  references: z.array(
    z.strictObject({
      reference: z.string(),
      aggregationType: z.enum(AGGREGATION_TYPES),
      value: z.number().nullable(),
      values: z.array(explainValueSchema),
      /** More raw values than are listed: the value is the database's aggregate of all of them. */
      truncated: z.boolean(),
    }),
  ),
  lineage: z.array(lineageNoteSchema),
});
