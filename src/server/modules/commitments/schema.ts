import { z } from 'zod';
import { OUTCOMES } from '../../../core/commitments.ts';

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
