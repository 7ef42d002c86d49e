import { z } from 'zod';
import { AWARD_CODES, INITIATIVE_SCOPES, RATINGS, type Condition } from '../../../core/emulation.ts';
import { CHOICES } from '../../../core/ballot.ts';
import { timestamp } from '../../../core/contract.ts';
import { coverageSchema } from '../targets/schema.ts';

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

// ---------------------------------------------------------------------------------------------
// Answers

const unitRef = z.strictObject({ id: z.number(), code: z.string(), nameVi: z.string(), nameEn: z.string().nullable() });
const staffRef = z.strictObject({ id: z.number(), fullName: z.string() });
const awardName = z.strictObject({ vi: z.string(), en: z.string() });
const ratioAnswer = z.strictObject({ num: z.number(), den: z.number() });
const rating = z.enum(RATINGS);
export const idAnswer = z.strictObject({ id: z.number() });

/** A condition of a rule, as data (src/core/emulation.ts `Condition`). */
export const conditionSchema: z.ZodType<Condition> = z.lazy(() => conditionUnion);
const conditionUnion = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('RATING_AT_LEAST'), rating, years: z.number() }),
  z.strictObject({ kind: z.literal('NOT_DISCIPLINED') }),
  z.strictObject({ kind: z.literal('HAS_TITLE'), title: award, years: z.number() }),
  z.strictObject({ kind: z.literal('INITIATIVE'), scope: z.enum(INITIATIVE_SCOPES), years: z.number() }),
  z.strictObject({ kind: z.literal('ANY_OF'), of: z.array(conditionSchema) }),
  z.strictObject({ kind: z.literal('MEMBERS_RATING_AT_LEAST'), rating, share: z.number() }),
  z.strictObject({ kind: z.literal('MEMBERS_TITLE_SHARE'), title: award, share: z.number(), strictlyAbove: z.boolean() }),
  z.strictObject({ kind: z.literal('MEMBERS_TITLE_COUNT'), title: award, min: z.number() }),
  z.strictObject({ kind: z.literal('MEMBERS_NOT_DISCIPLINED') }),
  z.strictObject({ kind: z.literal('UNIT_RATING_AT_LEAST'), rating, years: z.number() }),
]);

export const rulesSchema = z.strictObject({
  awards: z.array(z.strictObject({ code: award, kind: z.enum(['TITLE', 'FORM']), subject: z.enum(['PERSON', 'UNIT']), nameVi: z.string(), nameEn: z.string() })),
  ruleSets: z.array(
    z.strictObject({
      code: z.string(),
      legalBasis: z.string(),
      effectiveFrom: z.string(),
      effectiveTo: z.string().nullable(),
      rules: z.array(z.strictObject({ award, conditions: z.array(z.strictObject({ condition: conditionSchema, article: z.string(), confirmed: z.boolean() })).readonly() })).readonly(),
    }),
  ),
  councilThresholds: z.record(award, ratioAnswer),
  awardCoefficients: z
    .array(z.strictObject({ legalBasis: z.string(), effectiveFrom: z.string(), effectiveTo: z.string().nullable(), confirmed: z.boolean(), coefficients: z.partialRecord(award, z.number()) }))
    .readonly(),
  baseSalaries: z.array(z.strictObject({ amount: z.number(), legalBasis: z.string(), effectiveFrom: z.string() })).readonly(),
});

export const campaignSchema = z.strictObject({
  id: z.number(),
  code: z.string(),
  nameVi: z.string(),
  nameEn: z.string().nullable(),
  kind: z.string(),
  year: z.number(),
  orgUnit: unitRef,
  directiveNumber: z.string().nullable(),
  directiveDate: z.string().nullable(),
  directiveIssuer: z.string().nullable(),
  theme: z.string().nullable(),
  startsOn: z.string(),
  endsOn: z.string(),
  registrationDeadline: z.string(),
  status: z.enum(['OPEN', 'CLOSED']),
  closedAt: timestamp.nullable(),
});
export const campaignListSchema = z.strictObject({ items: z.array(campaignSchema) });

export const criterionSchema = z.strictObject({
  id: z.number(),
  campaignId: z.number(),
  code: z.string(),
  nameVi: z.string(),
  nameEn: z.string().nullable(),
  weight: z.number(),
  source: z.enum(['INDICATOR', 'TASKS', 'REVIEWER']),
  indicator: z.strictObject({ id: z.number(), code: z.string(), nameVi: z.string(), minCoverage: z.number() }).nullable(),
  periodId: z.string().nullable(),
  targetValue: z.number().nullable(),
});

/** Where a score comes from: a reviewer, an indicator's approved figure, or the unit's tasks. */
export const scoreSourceSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('REVIEWER'), reviewer: z.string() }),
  z.strictObject({
    kind: z.literal('INDICATOR'),
    indicator: z.string(),
    period: z.string(),
    value: z.number(),
    target: z.number(),
    coverage: coverageSchema.nullable(),
    dataStatus: z.literal('APPROVED'),
  }),
  z.strictObject({ kind: z.literal('TASKS'), from: z.string(), to: z.string(), total: z.number(), onTime: z.number() }),
]);
export type ScoreSource = z.infer<typeof scoreSourceSchema>;
export const scoreSchema = z.strictObject({
  criterionId: z.number(),
  orgUnitId: z.number(),
  score: z.number(),
  sourceDetail: scoreSourceSchema,
  evidence: z.string().nullable(),
  scoredBy: z.string(),
  frozen: z.boolean(),
});

export const registrationSchema = z.strictObject({
  id: z.number(),
  campaignId: z.number(),
  orgUnit: unitRef,
  staff: staffRef.nullable(),
  award,
  commitment: z.string().nullable(),
  status: z.string(),
  registeredOn: z.string(),
  decidedBy: z.string().nullable(),
  decisionNote: z.string().nullable(),
});

export const campaignDetailSchema = z.strictObject({
  ...campaignSchema.shape,
  criteria: z.array(criterionSchema),
  board: z.array(z.strictObject({ orgUnit: unitRef, cluster: z.string().nullable(), scores: z.array(scoreSchema.nullable()), total: z.number(), complete: z.boolean(), rankInCluster: z.number() })),
  registrations: z.array(registrationSchema),
  can: z.strictObject({ manage: z.boolean(), register: z.boolean() }),
});

export const okSchema = z.strictObject({ ok: z.boolean() });
export const computedScoresSchema = z.strictObject({
  scored: z.number(),
  skipped: z.array(z.strictObject({ criterion: z.string(), orgUnit: z.string(), score: z.number().nullable(), note: z.string() })),
});
export const registrationStatusSchema = z.strictObject({ id: z.number(), status: z.string() });

export const initiativeListSchema = z.strictObject({
  items: z.array(
    z.strictObject({
      id: z.number(),
      title: z.string(),
      staff: staffRef,
      orgUnit: unitRef,
      year: z.number(),
      scope: z.enum(INITIATIVE_SCOPES),
      decisionNumber: z.string(),
      decisionDate: z.string(),
    }),
  ),
});
export const historyAnswer = z.strictObject({ added: z.number() });

/** A row of the honour book: an award with its decision and cash. */
export const honourEntrySchema = z.strictObject({
  id: z.number(),
  year: z.number(),
  award,
  staff: staffRef.nullable(),
  orgUnit: unitRef,
  decisionId: z.number().nullable(),
  decisionNumber: z.string(),
  decisionDate: z.string(),
  cashAmount: z.number().nullable(),
  awardName,
});
export const honourBookSchema = z.strictObject({ total: z.number(), items: z.array(honourEntrySchema) });

export const peopleSchema = z.strictObject({
  items: z.array(z.strictObject({ id: z.number(), fullName: z.string(), position: z.string().nullable(), username: z.string().nullable(), orgUnit: unitRef })),
});

/** One condition judged, with its reason and article. */
export const conditionResultSchema = z.strictObject({
  met: z.boolean(),
  missingData: z.boolean(),
  reasonVi: z.string(),
  reasonEn: z.string(),
  article: z.string(),
  confirmed: z.boolean(),
});
export const eligibilitySchema = z.strictObject({
  award,
  year: z.number(),
  eligible: z.boolean(),
  ruleSet: z.strictObject({ code: z.string(), legalBasis: z.string() }),
  conditions: z.array(conditionResultSchema),
});
/** A person's eligibility (`staff`), or a unit's (`orgUnit`, with its people's when asked). */
export const eligibilityAnswer = z.strictObject({
  on: z.string(),
  ruleSet: z.strictObject({ code: z.string(), legalBasis: z.string() }),
  staff: z.strictObject({ id: z.number(), fullName: z.string(), orgUnit: unitRef }).optional(),
  orgUnit: z.strictObject({ id: z.number(), code: z.string(), nameVi: z.string() }).optional(),
  eligibility: z.array(eligibilitySchema),
  members: z.array(z.strictObject({ id: z.number(), eligibility: z.array(eligibilitySchema), fullName: z.string() })).optional(),
});

export const nominationSchema = z.strictObject({
  id: z.number(),
  year: z.number(),
  award,
  staff: staffRef.nullable(),
  orgUnit: unitRef.nullable(),
  proposingOrgUnit: unitRef,
  campaignId: z.number().nullable(),
  eligible: z.boolean(),
  eligibility: eligibilitySchema,
  overrideReason: z.string().nullable(),
  achievements: z.string().nullable(),
  sessionId: z.number().nullable(),
  thresholdNum: z.number().nullable(),
  thresholdDen: z.number().nullable(),
  status: z.string(),
  commentOpensOn: z.string().nullable(),
  commentClosesOn: z.string().nullable(),
  commentNotice: z.string().nullable(),
  awardName,
});
export const nominationListSchema = z.strictObject({ items: z.array(nominationSchema) });
export const nominatedSchema = z.strictObject({ id: z.number(), eligible: z.boolean(), eligibility: eligibilitySchema });

const commentCheck = z.strictObject({ ok: z.boolean(), reasonVi: z.string(), reasonEn: z.string(), article: z.string().nullable() });
/** A nomination's public comment period, the comments received, and whether it may go to the council. */
export const commentsSchema = z.strictObject({
  nominationId: z.number(),
  required: z.boolean(),
  rule: z.strictObject({ code: z.string(), article: z.string(), minWorkingDays: z.number(), confirmed: z.boolean() }).nullable(),
  window: z.strictObject({ opensOn: z.string(), closesOn: z.string() }).nullable(),
  notice: z.string().nullable(),
  readyForCouncil: commentCheck,
  comments: z.array(z.strictObject({ id: z.number(), commenter: z.string(), content: z.string(), receivedOn: z.string(), recordedBy: z.string() })),
});

export const sessionSummarySchema = z.strictObject({
  id: z.number(),
  title: z.string(),
  orgUnit: unitRef,
  year: z.number(),
  opensAt: timestamp,
  closesAt: timestamp,
  status: z.enum(['OPEN', 'CLOSED']),
});
export const sessionListSchema = z.strictObject({ items: z.array(sessionSummarySchema) });

const publicKey = z.strictObject({ n: z.string(), e: z.string() });
/** The count of a closed session (src/core/ballot.ts tallyBallots), with the council's size and the tokens issued. */
export const tallySchema = z.strictObject({
  ballotsInBox: z.number(),
  ballotsCounted: z.number(),
  quorumMet: z.boolean(),
  problems: z.array(z.strictObject({ receipt: z.string(), problemVi: z.string(), problemEn: z.string() })),
  exceedsIssued: z.boolean(),
  results: z.array(z.strictObject({ nominationId: z.number(), agree: z.number(), disagree: z.number(), required: z.number(), passed: z.boolean() })),
  memberCount: z.number(),
  issued: z.number(),
});
export type Tally = z.infer<typeof tallySchema>;
/** A nomination put to a session always has its threshold (set when the session opens). */
const threshold = ratioAnswer;
export const sessionSchema = z.strictObject({
  ...sessionSummarySchema.shape,
  quorum: ratioAnswer,
  publicKey,
  nominations: z.array(
    z.strictObject({
      id: z.number(),
      award,
      awardName,
      staff: staffRef.nullable(),
      orgUnit: unitRef.nullable(),
      proposingOrgUnit: unitRef,
      eligible: z.boolean(),
      eligibility: eligibilitySchema,
      overrideReason: z.string().nullable(),
      achievements: z.string().nullable(),
      threshold: threshold.extend({ basis: z.literal('ALL_MEMBERS') }),
      status: z.string(),
    }),
  ),
  members: z.array(z.strictObject({ displayName: z.string(), tookBallot: z.boolean(), written: z.boolean() })),
  result: tallySchema.nullable(),
  me: z.strictObject({ isMember: z.boolean(), isManager: z.boolean(), tookBallot: z.boolean() }),
});
export const blindSignatureSchema = z.strictObject({ blindSignature: z.string() });
export const receiptSchema = z.strictObject({ receipt: z.string() });
/** The ballot box: the receipts while voting; once closed, every ballot with what a recount needs. */
export const ballotBoxSchema = z.strictObject({
  sessionId: z.number(),
  status: z.enum(['OPEN', 'CLOSED']),
  receipts: z.array(z.string()).optional(),
  publicKey: publicKey.optional(),
  quorum: ratioAnswer.optional(),
  memberCount: z.number().optional(),
  votingList: z.array(z.strictObject({ displayName: z.string(), tookBallot: z.boolean(), writtenBy: z.string().nullable() })).optional(),
  nominations: z.array(z.strictObject({ id: z.number(), award, threshold, basis: z.literal('ALL_MEMBERS') })).optional(),
  ballots: z
    .array(z.strictObject({ receipt: z.string(), token: z.string(), signature: z.string(), choices: z.array(z.strictObject({ nominationId: z.number(), choice: z.enum(CHOICES) })) }))
    .optional(),
  result: tallySchema.nullable().optional(),
});
export const receiptCheckSchema = z.strictObject({ sessionId: z.number(), receipt: z.string(), inBox: z.boolean() });

export const decisionSchema = z.strictObject({
  id: z.number(),
  number: z.string(),
  decisionDate: z.string(),
  signer: z.string(),
  title: z.string(),
  orgUnit: unitRef,
  awards: z.array(honourEntrySchema),
  total: z.number(),
});
