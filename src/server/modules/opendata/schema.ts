import { z } from 'zod';
import { TARGET_STATUSES, type TargetStatus } from '../../../core/forecast.ts';

const code = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'Mã gồm chữ, số, _ hoặc -, tối đa 64 ký tự | Code of letters, digits, _ or -, at most 64 characters');
const periodId = z.string().regex(/^\d{4}([A-Za-z0-9]{1,4})?$/, 'Kỳ dạng 2023, 2023Q1, 202301 | Period such as 2023, 2023Q1, 202301');

export const PERIOD_TYPES = ['MONTHLY', 'QUARTERLY', 'YEARLY'] as const;
export type OpenPeriodType = (typeof PERIOD_TYPES)[number];
export const LICENCES = ['CC-BY-4.0', 'CC0-1.0', 'ODC-BY-1.0'] as const;

export const datasetBody = z.strictObject({
  code,
  titleVi: z.string().trim().min(1).max(300),
  titleEn: z.string().trim().min(1).max(300),
  descriptionVi: z.string().trim().min(1).max(4000),
  descriptionEn: z.string().trim().min(1).max(4000),
  keywords: z.array(z.string().trim().min(1).max(60)).max(20).default([]),
  /** Sector (org unit group of kind SECTOR) code. */
  sector: z.string().min(1).nullable().optional(),
  /** Publisher org unit code or id:N. */
  publisher: z.string().min(1),
  licence: z.enum(LICENCES).default('CC-BY-4.0'),
  periodType: z.enum(PERIOD_TYPES),
  firstPeriod: periodId,
  /** Org unit levels that are public, e.g. [1, 2]: the country and the provinces. */
  levels: z.array(z.number().int().min(1).max(10)).min(1).max(6),
  /** Indicator or data element codes, in the order they are shown. */
  items: z.array(z.string().min(1).max(100)).min(1).max(50),
  /** APPROVED (the default) or, when the publication explicitly says so, SUBMITTED. */
  dataStatus: z.enum(['APPROVED', 'SUBMITTED']).default('APPROVED'),
  /** A figure below its indicator's coverage threshold: WITHHOLD (published as missing) or PROVISIONAL (published, marked). */
  belowCoverage: z.enum(['WITHHOLD', 'PROVISIONAL']).default('WITHHOLD'),
});
export type DatasetInput = z.infer<typeof datasetBody>;
export const updateDatasetBody = datasetBody.omit({ code: true }).partial();
export type UpdateDatasetInput = z.infer<typeof updateDatasetBody>;

export const datasetParams = z.strictObject({ code });
export const releaseParams = z.strictObject({ id: z.coerce.number().int().positive().max(2_147_483_647) });

export const scheduleReleaseBody = z.strictObject({
  /** When it is published (ISO 8601 with a time zone), announced in advance. */
  releaseAt: z.iso.datetime({ offset: true }),
  /** The last period the release covers. */
  lastPeriod: periodId,
  /** What the release brings; for a release that revises figures, the revision note. */
  noteVi: z.string().trim().max(2000).nullable().optional(),
  noteEn: z.string().trim().max(2000).nullable().optional(),
});
export type ScheduleReleaseInput = z.infer<typeof scheduleReleaseBody>;

export const FORMATS = ['json', 'csv', 'csvw', 'xlsx', 'sdmx-json'] as const;
export type OpenFormat = (typeof FORMATS)[number];

export const publicListQuery = z.strictObject({
  /** Search in titles, descriptions and keywords, ignoring diacritics and case. */
  q: z.string().max(200).optional(),
  sector: z.string().max(64).optional(),
  lang: z.enum(['vi', 'en']).optional(),
});
export const publicDatasetQuery = z.strictObject({
  version: z.coerce.number().int().positive().max(1_000_000).optional(),
  lang: z.enum(['vi', 'en']).optional(),
});
export const publicDataQuery = z.strictObject({
  format: z.string().max(20).default('json'),
  version: z.coerce.number().int().positive().max(1_000_000).optional(),
  lang: z.enum(['vi', 'en']).optional(),
});

// ---------------------------------------------------------------------------------------------
// Answers of the administration routes (strict: a field the service adds without the schema naming it fails).

export const RELEASE_STATES = ['SCHEDULED', 'FROZEN', 'PUBLISHED', 'CANCELLED'] as const;

/** A release on the calendar as its managers see it: state, version once published, note, who froze it and when. */
export const releaseSchema = z.strictObject({
  id: z.number(),
  releaseAt: z.string(),
  lastPeriod: z.string(),
  status: z.enum(RELEASE_STATES),
  version: z.number().nullable(),
  noteVi: z.string().nullable(),
  noteEn: z.string().nullable(),
  frozenAt: z.string().nullable(),
  frozenBy: z.string().nullable(),
  publishedAt: z.string().nullable(),
  revisedCount: z.number(),
});

/** A release published by hand: its view with the version it became and how many figures it revised. */
export const publishedReleaseSchema = releaseSchema.extend({ version: z.number(), revised: z.number() });

/** The audited steps of a release, in the words of its calendar. */
export const RELEASE_STEPS = ['SCHEDULE', 'FREEZE', 'PUBLISH', 'CANCEL'] as const;

/** A release's audit trail: who announced, froze (approved), published or cancelled it, and when. */
export const releaseHistorySchema = z.strictObject({
  releaseId: z.number(),
  dataset: z.string(),
  steps: z.array(
    z.strictObject({
      step: z.enum(RELEASE_STEPS),
      at: z.string(),
      /** The account that did it; null for the scheduled job (the system). */
      by: z.string().nullable(),
      byName: z.string().nullable(),
      bySystem: z.boolean(),
    }),
  ),
});

export const datasetItemSchema = z.strictObject({
  code: z.string(),
  kind: z.enum(['INDICATOR', 'DATA_ELEMENT']),
  nameVi: z.string(),
  nameEn: z.string().nullable(),
  unit: z.string().nullable(),
  minCoverage: z.number(),
});

/** A dataset as its managers see it: every field of the form, its items and its whole calendar. */
export const datasetSchema = z.strictObject({
  code: z.string(),
  titleVi: z.string(),
  titleEn: z.string(),
  descriptionVi: z.string(),
  descriptionEn: z.string(),
  keywords: z.array(z.string()),
  sector: z.string().nullable(),
  publisher: z.string(),
  publisherName: z.string(),
  licence: z.string(),
  periodType: z.enum(PERIOD_TYPES),
  firstPeriod: z.string(),
  levels: z.array(z.number()),
  dataStatus: z.enum(['APPROVED', 'SUBMITTED']),
  belowCoverage: z.enum(['WITHHOLD', 'PROVISIONAL']),
  items: z.array(datasetItemSchema),
  releases: z.array(releaseSchema),
});

export const datasetListSchema = z.strictObject({ datasets: z.array(datasetSchema) });

// ---------------------------------------------------------------------------------------------
// Answers of the public routes. They are kept serialised in the public cache, so the route's serialiser never sees
// them: the service parses each JSON answer with its schema before serialising it (a field it does not name fails).

const codeName = z.strictObject({ code: z.string(), name: z.string() });

/** A release on the public calendar: a published one with its note, an announced one with its date only. */
export const publicCalendarEntrySchema = z.strictObject({
  releaseAt: z.string(),
  state: z.enum(['PUBLISHED', 'ANNOUNCED']),
  version: z.number().nullable(),
  lastPeriod: z.string(),
  note: z.string().nullable(),
  revisedCount: z.number().nullable(),
});

/** What every public view of a dataset says of it, in the caller's language. */
const publicDatasetHead = {
  code: z.string(),
  title: z.string(),
  description: z.string(),
  keywords: z.array(z.string()),
  sector: codeName.nullable(),
  publisher: codeName,
  /** The licence's code (CC-BY-4.0…). */
  licence: z.string(),
  periodType: z.enum(PERIOD_TYPES),
  levels: z.array(z.number()),
  dataStatus: z.enum(['APPROVED', 'SUBMITTED']),
};

/** A published dataset in the public catalogue (GET /api/public/opendata/datasets). */
export const publicDatasetSummarySchema = z.strictObject({
  ...publicDatasetHead,
  latestVersion: z.number(),
  latestPublishedAt: z.string(),
  indicators: z.array(z.strictObject({ code: z.string(), name: z.string(), unit: z.string().nullable() })),
  calendar: z.array(publicCalendarEntrySchema),
});
export const publicDatasetListSchema = z.strictObject({ datasets: z.array(publicDatasetSummarySchema) });

/** One published figure: A approved, P provisional (below its coverage threshold), M missing (withheld). */
export const publicObservationSchema = z.strictObject({
  indicator: z.string(),
  orgUnit: z.string(),
  period: z.string(),
  value: z.number().nullable(),
  status: z.enum(['A', 'P', 'M']),
  coverage: z.strictObject({ reported: z.number().nullable(), expected: z.number() }).nullable(),
  revised: z.boolean(),
  previousValue: z.number().nullable(),
});

/** The units of a release with their validity, and the lineage between them (63 → 34 provinces on 1/7/2025). */
export const publicCodeListsSchema = z.strictObject({
  orgUnits: z.array(z.strictObject({ code: z.string(), name: z.string(), level: z.number(), validFrom: z.string().nullable(), validTo: z.string().nullable() })),
  lineage: z.array(z.strictObject({ predecessorCode: z.string(), successorCode: z.string(), kind: z.string(), effectiveDate: z.string() })),
});

/** A published version in JSON (format=json): its metadata and every figure. */
export const releaseJsonSchema = z.strictObject({
  dataset: z.string(),
  title: z.string(),
  /** A public release always has its version and publication time. */
  version: z.number(),
  publishedAt: z.string(),
  revisionNote: z.string().nullable(),
  dataStatus: z.enum(['APPROVED', 'SUBMITTED']),
  /** The licence's address. */
  licence: z.string(),
  indicators: z.array(z.strictObject({ code: z.string(), name: z.string(), unit: z.string().nullable(), decimals: z.number(), minCoverage: z.number() })),
  codeLists: publicCodeListsSchema,
  observations: z.array(publicObservationSchema),
});

/** A published dataset's page: the JSON of one version with the dataset's metadata, calendar and download links. */
export const publicDatasetSchema = releaseJsonSchema.extend({
  ...publicDatasetHead,
  licenceUrl: z.string(),
  latestVersion: z.number(),
  calendar: z.array(publicCalendarEntrySchema),
  downloads: z.array(z.strictObject({ format: z.string(), url: z.string() })),
});

const point = z.strictObject({ period: z.string(), value: z.number() });

/** A strategic target as the latest public release of its dataset froze it, labels in the caller's language. */
export const publicTargetSchema = z.strictObject({
  id: z.number(),
  indicator: z.strictObject({ code: z.string(), name: z.string(), unit: z.string().nullable(), decimals: z.number() }),
  orgUnit: codeName,
  targetPeriod: z.string(),
  targetPeriodLabel: z.string(),
  targetValue: z.number(),
  baselineValue: z.number().nullable(),
  baselinePeriod: z.string().nullable(),
  direction: z.enum(['HIGHER_IS_BETTER', 'LOWER_IS_BETTER']),
  milestones: z.array(point),
  sourceDocument: z.string().nullable(),
  owner: z.string().nullable(),
  dataStatus: z.enum(['APPROVED', 'SUBMITTED']),
  isEnded: z.boolean(),
  status: z.enum(TARGET_STATUSES as [TargetStatus, ...TargetStatus[]]),
  progress: z.number().nullable(),
  progressShown: z.number().nullable(),
  latest: z.strictObject({ period: z.string(), periodLabel: z.string(), value: z.number(), coverage: z.strictObject({ reported: z.number(), expected: z.number() }).nullable() }).nullable(),
  final: z.strictObject({ period: z.string(), value: z.number().nullable() }).nullable(),
  forecast: z
    .strictObject({
      period: z.string(),
      periodLabel: z.string(),
      value: z.number(),
      lower: z.number().nullable(),
      upper: z.number().nullable(),
      level: z.number(),
      method: z.string(),
    })
    .nullable(),
  series: z.array(point),
  nextMilestone: point.nullable(),
  source: z.strictObject({ dataset: z.string(), version: z.number(), publishedAt: z.string(), lastPeriod: z.string(), lastPeriodLabel: z.string() }),
});
export const publicTargetsSchema = z.strictObject({ targets: z.array(publicTargetSchema) });

/** Media types of the public files (a JSON answer in its own vocabulary is a file too: JSON-LD, SDMX-JSON, CSVW). */
export const OPEN_MEDIA_TYPES = {
  json: 'application/json; charset=utf-8',
  csv: 'text/csv; charset=utf-8',
  csvw: 'application/csvm+json; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'sdmx-json': 'application/vnd.sdmx.data+json; charset=utf-8; version=2.1.0',
  'sdmx-structure': 'application/vnd.sdmx.structure+json; charset=utf-8; version=2.1.0',
  'dcat-ld': 'application/ld+json; charset=utf-8',
} as const;
