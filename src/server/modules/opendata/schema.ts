import { z } from 'zod';

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
