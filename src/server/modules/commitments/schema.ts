import { z } from 'zod';
import { timestamp } from '../../../core/contract.ts';
import { FORECASTS, LINK_STATES, OUTCOMES, RESULT_FORECASTS, RESULT_OUTCOMES } from '../../../core/commitments.ts';
import { TARGET_STATUSES, type TargetStatus } from '../../../core/forecast.ts';
import { TASK_STATUSES } from '../../../core/tasks.ts';

const day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'Ngày dạng YYYY-MM-DD | A date as YYYY-MM-DD')
  .refine((s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s), 'Ngày không tồn tại | No such date');

export const resultBody = z.strictObject({
  title: z.string().trim().min(1).max(1000),
  /** How it is measured, in words. */
  measure: z.string().trim().max(2000).nullable().optional(),
  /** Task ids whose completion measures the result. */
  tasks: z.array(z.number().int().positive()).max(50).default([]),
  /** Target ids whose evaluation measures the result. */
  targets: z.array(z.number().int().positive()).max(50).default([]),
  /** Judged by a reviewer with evidence instead of links. */
  reviewerJudged: z.boolean().default(false),
});

export const createCommitmentBody = z.strictObject({
  officialName: z.string().trim().min(1).max(200),
  officialPosition: z.string().trim().max(300).nullable().optional(),
  /** The official's unit: org unit code or id:N. */
  orgUnit: z.string().min(1),
  title: z.string().trim().min(1).max(1000),
  startDate: day,
  endDate: day,
  sourceDocument: z.string().trim().max(1000).nullable().optional(),
  /** The official in the staff register (GET /api/emulation/people), when they are in it. */
  staffMemberId: z.number().int().positive().nullable().optional(),
  results: z.array(resultBody).max(30),
});
export type CreateCommitmentInput = z.infer<typeof createCommitmentBody>;

/**
 * The whole commitment again, its results in their new order; a result kept names its `id` (one without an id is
 * new, a recorded one left out is removed). A result already judged keeps its wording and kind; results may be
 * added, and removed only while unjudged and without evidence.
 */
export const updateCommitmentBody = createCommitmentBody.extend({
  results: z.array(resultBody.extend({ id: z.number().int().positive().optional() })).max(30),
});
export type UpdateCommitmentInput = z.infer<typeof updateCommitmentBody>;

const flag = z.enum(['true', 'false']).transform((v) => v === 'true');

export const listCommitmentsQuery = z.object({
  /** Commitments whose period ends in this year. */
  dueYear: z.coerce.number().int().min(2000).max(2100).optional(),
  /** Only those running and not forecast to be met. */
  atRisk: flag.optional(),
  outcome: z.enum(OUTCOMES).optional(),
  /** The official's unit subtree (code or id:N). */
  orgUnit: z.string().optional(),
  lang: z.enum(['vi', 'en']).optional(),
});
export type ListCommitmentsQuery = z.infer<typeof listCommitmentsQuery>;

export const judgementBody = z.strictObject({
  verdict: z.enum(OUTCOMES),
  note: z.string().trim().max(4000).nullable().optional(),
  /** Evidence files uploaded for this result; at least one. */
  evidenceIds: z.array(z.number().int().positive()).max(20).default([]),
});
export type JudgementInput = z.infer<typeof judgementBody>;

export const commitmentParams = z.strictObject({ id: z.coerce.number().int().positive() });
export const resultParams = z.strictObject({ id: z.coerce.number().int().positive(), resultId: z.coerce.number().int().positive() });
export const evidenceParams = z.strictObject({ id: z.coerce.number().int().positive(), evidenceId: z.coerce.number().int().positive() });

// ---------------------------------------------------------------------------------------------
// Answers

const period = z.strictObject({ period: z.string(), value: z.number() });

/** An evidence file of a reviewer-judged result as uploaded (its content is downloaded apart). */
export const uploadedCommitmentEvidenceSchema = z.strictObject({
  id: z.number(),
  resultId: z.number(),
  fileName: z.string(),
  contentType: z.string(),
  sizeBytes: z.number(),
  sha256: z.string(),
});

/** A result of a commitment: its links as they stand, its outcome (at the end) or forecast (during the period), and why. */
export const commitmentResultSchema = z.strictObject({
  id: z.number(),
  position: z.number(),
  title: z.string(),
  measure: z.string().nullable(),
  reviewerJudged: z.boolean(),
  verdict: z.enum(OUTCOMES).nullable(),
  verdictNote: z.string().nullable(),
  verdictBy: z.string().nullable(),
  verdictAt: timestamp.nullable(),
  outcome: z.enum(RESULT_OUTCOMES).nullable(),
  forecast: z.enum(RESULT_FORECASTS).nullable(),
  /** How each link stands, in the order of the links. */
  reasons: z.array(z.strictObject({ state: z.enum(LINK_STATES), reasonVi: z.string(), reasonEn: z.string() })),
  tasks: z.array(
    z.strictObject({
      id: z.number(),
      title: z.string(),
      status: z.enum(TASK_STATUSES),
      progressPercent: z.number(),
      startDate: z.string(),
      effectiveDueDate: z.string(),
      doneOn: z.string().nullable(),
      leadOrgUnit: z.strictObject({ id: z.number(), code: z.string(), nameVi: z.string(), nameEn: z.string().nullable() }),
    }),
  ),
  targets: z.array(
    z.strictObject({
      id: z.number(),
      indicatorCode: z.string(),
      indicatorNameVi: z.string(),
      indicatorNameEn: z.string().nullable(),
      orgUnitName: z.string(),
      targetPeriod: z.string(),
      targetValue: z.number(),
      indicatorUnit: z.string().nullable(),
      status: z.enum(TARGET_STATUSES as [TargetStatus, ...TargetStatus[]]),
      isEnded: z.boolean(),
      dataStatus: z.enum(['SUBMITTED', 'APPROVED']),
      latest: period.nullable(),
      final: z.strictObject({ period: z.string(), value: z.number().nullable() }).nullable(),
      forecast: period.nullable(),
    }),
  ),
  evidence: z.array(uploadedCommitmentEvidenceSchema.extend({ usedByVerdict: z.boolean(), username: z.string().nullable(), createdAt: timestamp })),
});

/** An official's commitment with its outcome or forecast and the reasons, as of `today`. */
export const commitmentSchema = z.strictObject({
  id: z.number(),
  officialName: z.string(),
  officialPosition: z.string().nullable(),
  orgUnit: z.strictObject({ id: z.number(), code: z.string(), nameVi: z.string(), nameEn: z.string().nullable() }),
  title: z.string(),
  startDate: z.string(),
  endDate: z.string(),
  sourceDocument: z.string().nullable(),
  /** The official in the staff register, when linked. */
  staffMember: z.strictObject({ id: z.number(), fullName: z.string(), position: z.string().nullable(), orgUnitName: z.string() }).nullable(),
  createdBy: z.string().nullable(),
  createdAt: timestamp,
  today: z.string(),
  phase: z.enum(['NOT_STARTED', 'IN_PROGRESS', 'ENDED']),
  outcome: z.enum(OUTCOMES).nullable(),
  forecast: z.enum(FORECASTS).nullable(),
  isAtRisk: z.boolean(),
  /** Share of the period elapsed, 0–1. */
  elapsed: z.number(),
  reasonVi: z.string(),
  reasonEn: z.string(),
  results: z.array(commitmentResultSchema),
});

export const commitmentDetailSchema = commitmentSchema.extend({ can: z.strictObject({ manage: z.boolean(), judge: z.boolean() }) });

export const commitmentListSchema = z.strictObject({ today: z.string(), total: z.number(), atRisk: z.number(), items: z.array(commitmentSchema) });
