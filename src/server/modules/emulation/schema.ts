import { z } from 'zod';
import { AWARD_CODES, INITIATIVE_SCOPES, RATINGS } from '../../../core/emulation.ts';
import { CHOICES } from '../../../core/ballot.ts';

const day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'Ngày dạng YYYY-MM-DD | A date as YYYY-MM-DD')
  .refine((s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s), 'Ngày không tồn tại | No such date');
const code = z.string().regex(/^[A-Z0-9_]{1,50}$/, 'Mã gồm chữ in hoa, số, gạch dưới | Code of capitals, digits, underscores');
const year = z.number().int().min(2000).max(2100);
const hex = (max: number) =>
  z
    .string()
    .regex(/^[0-9a-f]+$/, 'Chuỗi hex chữ thường | Lowercase hex')
    .max(max);
export const award = z.enum(AWARD_CODES);

export const createCampaignBody = z.strictObject({
  code,
  nameVi: z.string().trim().min(1).max(500),
  nameEn: z.string().trim().max(500).nullable().optional(),
  kind: z.enum(['YEARLY', 'THEMATIC', 'SHORT_TERM']),
  year,
  /** The organising unit (code or id:N). */
  orgUnit: z.string().min(1),
  directiveNumber: z.string().trim().max(100).nullable().optional(),
  directiveDate: day.nullable().optional(),
  directiveIssuer: z.string().trim().max(300).nullable().optional(),
  theme: z.string().trim().max(2000).nullable().optional(),
  startsOn: day,
  endsOn: day,
  registrationDeadline: day,
  participants: z
    .array(z.strictObject({ orgUnit: z.string().min(1), cluster: z.string().trim().max(200).nullable().optional() }))
    .max(500)
    .default([]),
});
export type CreateCampaignInput = z.infer<typeof createCampaignBody>;

export const criterionBody = z.strictObject({
  code,
  nameVi: z.string().trim().min(1).max(500),
  nameEn: z.string().trim().max(500).nullable().optional(),
  weight: z.number().positive().max(100),
  source: z.enum(['INDICATOR', 'TASKS', 'REVIEWER']),
  /** Indicator code, for INDICATOR. */
  indicator: z.string().min(1).optional(),
  /** DHIS2 period id whose figure is read, for INDICATOR. */
  period: z.string().min(4).max(10).optional(),
  /** The value that earns the full score, for INDICATOR. */
  targetValue: z.number().positive().optional(),
});
export type CriterionInput = z.infer<typeof criterionBody>;

export const reviewerScoreBody = z.strictObject({
  criterionId: z.number().int().positive(),
  orgUnit: z.string().min(1),
  score: z.number().min(0).max(100),
  evidence: z.string().trim().min(1).max(4000),
});
export type ReviewerScoreInput = z.infer<typeof reviewerScoreBody>;

export const registrationBody = z.strictObject({
  orgUnit: z.string().min(1),
  /** A person of the unit; absent for the unit's own registration. */
  staffId: z.number().int().positive().nullable().optional(),
  award,
  commitment: z.string().trim().max(4000).nullable().optional(),
});
export type RegistrationInput = z.infer<typeof registrationBody>;
export const registrationDecisionBody = z.strictObject({ approve: z.boolean(), note: z.string().trim().max(2000).optional() });

export const initiativeBody = z.strictObject({
  title: z.string().trim().min(1).max(1000),
  staffId: z.number().int().positive(),
  year,
  scope: z.enum(INITIATIVE_SCOPES),
  decisionNumber: z.string().trim().min(1).max(100),
  decisionDate: day,
});
export type InitiativeInput = z.infer<typeof initiativeBody>;

/** A past year entered from the archive: ratings, and titles with their decisions. */
export const historyBody = z.strictObject({
  year,
  staffId: z.number().int().positive().nullable().optional(),
  orgUnit: z.string().min(1).nullable().optional(),
  rating: z.enum(RATINGS).optional(),
  disciplined: z.boolean().default(false),
  awards: z
    .array(z.strictObject({ award, decisionNumber: z.string().trim().min(1).max(100), decisionDate: day }))
    .max(20)
    .default([]),
});
export type HistoryInput = z.infer<typeof historyBody>;

export const honourBookQuery = z.object({
  q: z.string().max(200).optional(),
  award: award.optional(),
  year: z.coerce.number().int().min(2000).max(2100).optional(),
  orgUnit: z.string().optional(),
  limit: z.coerce.number().int().min(1).max(2000).default(200),
});
export type HonourBookQuery = z.infer<typeof honourBookQuery>;

export const eligibilityQuery = z.object({
  year: z.coerce.number().int().min(2000).max(2100),
  /** Judged by the rule set in force on this day (default: today). */
  on: day.optional(),
  staffId: z.coerce.number().int().positive().optional(),
  orgUnit: z.string().optional(),
  /** For a unit: its people's eligibility too. */
  members: z.enum(['true', 'false']).default('false'),
});
export type EligibilityQuery = z.infer<typeof eligibilityQuery>;

export const nominationBody = z.strictObject({
  year,
  award,
  staffId: z.number().int().positive().nullable().optional(),
  orgUnit: z.string().min(1).nullable().optional(),
  proposingOrgUnit: z.string().min(1),
  campaignId: z.number().int().positive().nullable().optional(),
  achievements: z.string().trim().max(10_000).nullable().optional(),
  /** Required when the rules say not eligible; kept with the nomination. */
  overrideReason: z.string().trim().min(1).max(4000).nullable().optional(),
  on: day.optional(),
});
export type NominationInput = z.infer<typeof nominationBody>;
export const nominationsQuery = z.object({ year: z.coerce.number().int().min(2000).max(2100).optional(), status: z.string().max(20).optional() });

const ratio = z.strictObject({ num: z.number().int().positive(), den: z.number().int().positive() }).refine((r) => r.num <= r.den, 'Tỷ lệ không quá 1 | A ratio of at most 1');
export const sessionBody = z.strictObject({
  title: z.string().trim().min(1).max(500),
  orgUnit: z.string().min(1),
  year,
  opensAt: z.iso.datetime({ offset: true }),
  closesAt: z.iso.datetime({ offset: true }),
  /** Default 2/3 of the members. */
  quorum: ratio.optional(),
  /** Usernames of the council's members. */
  members: z.array(z.string().min(1)).min(1).max(200),
  nominationIds: z.array(z.number().int().positive()).min(1).max(500),
});
export type SessionInput = z.infer<typeof sessionBody>;

export const tokenBody = z.strictObject({ blinded: hex(1100) });
export const writtenVoteBody = z.strictObject({
  /** The absent member whose written ballot the secretary enters. */
  member: z.string().min(1),
  choices: z
    .array(z.strictObject({ nominationId: z.number().int().positive(), choice: z.enum(CHOICES) }))
    .min(1)
    .max(500),
});
export const ballotBody = z.strictObject({
  token: z.string().regex(/^[0-9a-f]{64}$/, '32 byte hex | 32 bytes as hex'),
  signature: hex(1100),
  choices: z
    .array(z.strictObject({ nominationId: z.number().int().positive(), choice: z.enum(CHOICES) }))
    .min(1)
    .max(500),
});
export type BallotInput = z.infer<typeof ballotBody>;

export const decisionBody = z.strictObject({
  sessionId: z.number().int().positive(),
  number: z.string().trim().min(1).max(100),
  decisionDate: day,
  signer: z.string().trim().min(1).max(300),
  title: z.string().trim().min(1).max(1000),
});
export type DecisionInput = z.infer<typeof decisionBody>;

export const peopleQuery = z.object({
  q: z.string().trim().min(1, 'Gõ ít nhất một chữ của tên | Type at least one letter of the name').max(200),
  /** Within this unit's subtree (code or id:N). */
  orgUnit: z.string().min(1).optional(),
  /** Only people with an active sign-in account (council members). */
  withAccount: z.enum(['true', 'false']).default('false'),
  limit: z.coerce.number().int().min(1).max(50).default(12),
});
export type PeopleQuery = z.infer<typeof peopleQuery>;

export const commentWindowBody = z.strictObject({
  opensOn: day,
  closesOn: day,
  /** Where the list is published (the unit's portal, notice board). */
  notice: z.string().trim().max(1000).nullable().optional(),
});
export type CommentWindowInput = z.infer<typeof commentWindowBody>;
export const commentBody = z.strictObject({
  /** Who commented (name, or "Ẩn danh" for an unsigned letter). */
  commenter: z.string().trim().min(1).max(300),
  content: z.string().trim().min(1).max(10_000),
  receivedOn: day,
});
export type CommentInput = z.infer<typeof commentBody>;

export const idParams = z.strictObject({ id: z.coerce.number().int().positive() });
export const receiptParams = z.strictObject({ id: z.coerce.number().int().positive(), receipt: z.string().regex(/^[0-9a-f]{64}$/) });
