import { z } from 'zod';
import { ANSWER_OUTCOMES, CASE_OUTCOMES, FOUND_BY, VIOLATION_KINDS } from '../../../core/takedown.ts';
import { pageOf, timestamp } from '../../../core/contract.ts';

const day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'Ngày dạng YYYY-MM-DD | A date as YYYY-MM-DD')
  .refine((s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s), 'Ngày không tồn tại | No such date');
/** An instant with its offset, e.g. 2023-05-04T09:30:00+07:00. */
const instant = z.iso.datetime({ offset: true, error: 'Thời điểm dạng ISO 8601 có múi giờ, ví dụ 2023-05-04T09:30:00+07:00 | An ISO 8601 time with its offset, e.g. 2023-05-04T09:30:00+07:00' });
const id = z.coerce.number().int().positive().max(2_147_483_647);

export const platformBody = z.strictObject({
  code: z
    .string()
    .trim()
    .regex(/^[A-Z0-9_]{1,40}$/, 'Mã: chữ hoa không dấu, số, _ | Code: capitals, digits, _'),
  nameVi: z.string().trim().min(1).max(200),
  nameEn: z.string().trim().max(200).nullable().optional(),
});

export const monitoringUnitBody = z.strictObject({ orgUnit: z.string().min(1).max(200) });

export const createBatchBody = z.strictObject({
  /** The sending monitoring unit (code or id:N). */
  orgUnit: z.string().min(1).max(200),
  platform: z.string().min(1).max(40),
  letterNumber: z.string().trim().min(1).max(100),
  letterDate: day,
  sentAt: instant,
  note: z.string().trim().max(4000).nullable().optional(),
});
export type CreateBatchInput = z.infer<typeof createBatchBody>;

export const caseFields = {
  url: z.string().trim().min(1).max(2000),
  account: z.string().trim().max(500).nullable().optional(),
  violationKind: z.enum(VIOLATION_KINDS),
  legalBasis: z.string().trim().min(1).max(1000),
  foundBy: z.enum(FOUND_BY),
  foundByDetail: z.string().trim().max(500).nullable().optional(),
  description: z.string().trim().max(4000).nullable().optional(),
  /** When this item was sent, if not with the batch's letter. */
  sentAt: instant.optional(),
};
export const createCaseBody = z.strictObject(caseFields);
export type CreateCaseInput = z.infer<typeof createCaseBody>;

export const answerBody = z.strictObject({
  outcome: z.enum(ANSWER_OUTCOMES),
  reason: z.string().trim().max(4000).nullable().optional(),
  answeredAt: instant,
});
export type AnswerInput = z.infer<typeof answerBody>;

export const recheckBody = z.strictObject({
  checkedAt: instant,
  isPresent: z.boolean(),
  /** The officer who looked. */
  checkedBy: z.string().trim().min(1).max(300),
  note: z.string().trim().max(4000).nullable().optional(),
});
export type RecheckInput = z.infer<typeof recheckBody>;

export const thresholdBody = z.strictObject({
  windowDays: z.number().int().min(1).max(366),
  minCount: z.number().int().min(1).max(10_000),
  effectiveFrom: day,
  effectiveTo: day.nullable().optional(),
  legalBasis: z.string().trim().min(1).max(1000),
});
export type ThresholdInput = z.infer<typeof thresholdBody>;

export const listCasesQuery = z.object({
  platform: z.string().max(40).optional(),
  /** A DHIS2 period the request was sent in: 2023, 2023Q1, 202301. */
  period: z
    .string()
    .regex(/^\d{4}(Q[1-4]|\d{2})?$/, 'Kỳ dạng 2023, 2023Q1 hoặc 202301 | A period as 2023, 2023Q1 or 202301')
    .optional(),
  outcome: z.enum(CASE_OUTCOMES).optional(),
  withinDeadline: z.enum(['true', 'false']).optional(),
  violationKind: z.enum(VIOLATION_KINDS).optional(),
  foundBy: z.enum(FOUND_BY).optional(),
  batch: id.optional(),
  account: z.string().max(500).optional(),
  /** Sending unit subtree (code or id:N). */
  orgUnit: z.string().max(200).optional(),
  q: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(5000).default(200),
  offset: z.coerce.number().int().min(0).max(10_000_000).default(0),
});
export type ListCasesQuery = z.infer<typeof listCasesQuery>;

export const listBatchesQuery = z.object({
  platform: z.string().max(40).optional(),
  period: listCasesQuery.shape.period,
  limit: z.coerce.number().int().min(1).max(1000).default(200),
});
export type ListBatchesQuery = z.infer<typeof listBatchesQuery>;

export const scorecardQuery = z.object({
  /** The year whose quarters (or months) are scored. */
  year: z.coerce.number().int().min(2000).max(2100),
  by: z.enum(['QUARTER', 'MONTH']).default('QUARTER'),
  orgUnit: z.string().max(200).optional(),
});
export type ScorecardQuery = z.infer<typeof scorecardQuery>;

export const offendersQuery = z.object({
  /** The day the rolling windows end on (default today). */
  day: day.optional(),
  platform: z.string().max(40).optional(),
});

export const importQuery = z.object({
  /** Cases: the sending monitoring unit of the batches the file creates. */
  orgUnit: z.string().max(200).optional(),
  dryRun: z.enum(['true', 'false']).default('false'),
});

export const publishBody = z.strictObject({ year: z.number().int().min(2000).max(2100) });

export const idParams = z.strictObject({ id });
export const evidenceParams = z.strictObject({ id, evidenceId: id });

// ---------- responses ----------

const ref = { id: z.number(), code: z.string(), nameVi: z.string(), nameEn: z.string().nullable() };

export const platformSchema = z.strictObject({ ...ref, isActive: z.boolean() });
export const createdPlatformSchema = z.strictObject({ id: z.number(), code: z.string(), nameVi: z.string(), nameEn: z.string().nullable().optional() });
export const monitoringUnitSchema = z.strictObject(ref);
export const addedMonitoringUnitSchema = z.strictObject({ id: z.number(), code: z.string(), nameVi: z.string(), added: z.boolean() });

const thresholdFields = { windowDays: z.number(), minCount: z.number(), effectiveFrom: z.string(), effectiveTo: z.string().nullable(), legalBasis: z.string() };
export const thresholdSchema = z.strictObject({ id: z.number(), ...thresholdFields });

const rate = z.number().nullable();
export const scoreSchema = z.strictObject({
  requests: z.number(),
  removed: z.number(),
  geoBlocked: z.number(),
  refused: z.number(),
  noAnswer: z.number(),
  stillPresent: z.number(),
  withinDeadline: z.number(),
  rates: z.strictObject({ removed: rate, geoBlocked: rate, removedOrBlocked: rate, refused: rate, noAnswer: rate, stillPresent: rate, withinDeadline: rate }),
});

export const batchSchema = z.strictObject({
  id: z.number(),
  orgUnit: z.strictObject(ref),
  platform: z.strictObject(ref),
  letterNumber: z.string(),
  letterDate: z.string(),
  sentAt: timestamp,
  note: z.string().nullable(),
  createdBy: z.string().nullable(),
  createdAt: timestamp,
  score: scoreSchema,
});
export const batchListSchema = z.strictObject({ items: z.array(batchSchema) });

export const caseSchema = z.strictObject({
  id: z.number(),
  batchId: z.number(),
  letterNumber: z.string(),
  platform: z.string(),
  platformName: z.string(),
  orgUnitId: z.number(),
  orgUnitName: z.string(),
  url: z.string(),
  account: z.string().nullable(),
  violationKind: z.string(),
  legalBasis: z.string(),
  foundBy: z.string(),
  foundByDetail: z.string().nullable(),
  description: z.string().nullable(),
  sentAt: timestamp,
  outcome: z.enum(CASE_OUTCOMES),
  actedAt: timestamp.nullable(),
  withinDeadline: z.boolean(),
  confirmedGone: z.boolean(),
  createdBy: z.string().nullable(),
  createdAt: timestamp,
});
export const casePageSchema = pageOf(caseSchema);

const canSchema = z.strictObject({ write: z.boolean() });
export const batchDetailSchema = z.strictObject({ ...batchSchema.shape, cases: z.array(caseSchema), can: canSchema });

export const uploadedEvidenceSchema = z.strictObject({ id: z.number(), fileName: z.string(), contentType: z.string(), sizeBytes: z.number(), sha256: z.string() });
export const caseDetailSchema = z.strictObject({
  ...caseSchema.shape,
  answers: z.array(
    z.strictObject({
      id: z.number(),
      outcome: z.enum(ANSWER_OUTCOMES),
      reason: z.string().nullable(),
      answeredAt: timestamp,
      source: z.string(),
      recordedBy: z.string().nullable(),
      createdAt: timestamp,
    }),
  ),
  rechecks: z.array(z.strictObject({ id: z.number(), checkedAt: timestamp, isPresent: z.boolean(), checkedBy: z.string(), note: z.string().nullable(), createdAt: timestamp })),
  evidence: z.array(z.strictObject({ ...uploadedEvidenceSchema.shape, username: z.string().nullable(), createdAt: timestamp })),
  /** The deadline of the rule in force when the item was sent, the rule's id, and the hours the platform took. */
  deadline: timestamp,
  rule: z.string(),
  hoursToAct: z.number().nullable(),
  can: canSchema,
});

const periodScore = z.strictObject({ period: z.string(), ...scoreSchema.shape });
export const scorecardSchema = z.strictObject({
  year: z.number(),
  by: z.enum(['QUARTER', 'MONTH']),
  periods: z.array(z.string()),
  platforms: z.array(z.strictObject({ code: z.string(), nameVi: z.string(), nameEn: z.string().nullable(), periods: z.array(periodScore), year: scoreSchema })),
  total: z.strictObject({ periods: z.array(periodScore), year: scoreSchema }),
});

export const offendersSchema = z.strictObject({
  day: z.string(),
  items: z.array(
    z.strictObject({
      platform: z.string(),
      accountKey: z.string(),
      account: z.string().nullable(),
      /** Cases per rolling window (days → count), the windows ending on the day asked. */
      counts: z.record(z.string(), z.number()),
      // The thresholds reached (each with its stored version id).
      reached: z.array(z.strictObject({ id: z.number().optional(), ...thresholdFields })),
      caseIds: z.array(z.number()),
    }),
  ),
});

/** What an import (checked or written) did. */
export const importSummarySchema = z.strictObject({ rows: z.number(), batchesCreated: z.number(), casesCreated: z.number(), answersCreated: z.number(), dryRun: z.boolean() });
export const publishSummarySchema = z.strictObject({ year: z.number(), values: z.number(), months: z.number() });
