import { z } from 'zod';
import { RATINGS, STAFF_KINDS, TASK_OUTCOMES, type Rating } from '../../../core/evaluation.ts';
import { timestamp } from '../../../core/contract.ts';

const rating = z.enum(RATINGS as unknown as [Rating, ...Rating[]]);
const year = z.coerce.number().int().min(2000).max(2999);
const text = (max: number) => z.string().trim().max(max);

export const yearQuery = z.object({ year, lang: z.enum(['vi', 'en']).optional() });
export const unitQuery = z.object({ year, orgUnit: z.string().min(1).optional(), lang: z.enum(['vi', 'en']).optional() });
export const staffParams = z.strictObject({ id: z.coerce.number().int().positive() });
export const staffYearParams = z.strictObject({ id: z.coerce.number().int().positive(), year });
export const generalParams = z.strictObject({
  id: z.coerce.number().int().positive(),
  period: z.string().regex(/^\d{4}(0[1-9]|1[0-2]|Q[1-4])$/, 'Kỳ dạng 202603 hoặc 2026Q1 | A period as 202603 or 2026Q1'),
});
export const taskParams = z.strictObject({ id: z.coerce.number().int().positive() });
export const appealParams = z.strictObject({ id: z.coerce.number().int().positive() });
export const ruleSetParams = z.strictObject({ id: z.enum(['DECREE_335_2025', 'DECREE_90_2020_48_2023']) });

/** Range and comment are checked by the rules (src/core/evaluation.ts) so that the message names the limit in force. */
export const generalBody = z.strictObject({ points: z.number(), comment: text(4000).nullable().optional() });
export type GeneralInput = z.infer<typeof generalBody>;

export const taskMarkBody = z.strictObject({
  productKind: z.string().trim().min(1).max(50).nullable().optional(),
  qualityErrors: z.number().int().default(0),
  exceeded: z.boolean().default(false),
  note: text(4000).nullable().optional(),
});
export type TaskMarkInput = z.infer<typeof taskMarkBody>;

export const selfBody = z.strictObject({ assessment: text(8000).min(1), proposedRating: rating });
export const managerBody = z.strictObject({
  comment: text(8000).min(1),
  proposedRating: rating,
  disciplined: z.boolean().default(false),
  disciplineNote: text(2000).nullable().optional(),
});
export type ManagerInput = z.infer<typeof managerBody>;
export const collectiveBody = z.strictObject({ comment: text(8000).min(1) });
export const decisionBody = z.strictObject({
  rating,
  decisionNumber: text(100).nullable().optional(),
  overrideReason: text(4000).nullable().optional(),
});
export type DecisionInput = z.infer<typeof decisionBody>;
export const appealBody = z.strictObject({ reason: text(4000).min(1) });
export const appealOutcomeBody = z.strictObject({ outcome: z.enum(['UPHELD', 'REJECTED']), rating: rating.nullable().optional(), note: text(4000).min(1) });
export type AppealOutcomeInput = z.infer<typeof appealOutcomeBody>;
export const computeBody = z.strictObject({ year, orgUnit: z.string().min(1).optional() });

/** A new version of a rule set's values. Dates as YYYY-MM-DD; the values are checked by the rules (src/core/evaluation.ts) so that each message names its field. */
export const ruleVersionBody = z.strictObject({
  name: z.string().trim().max(300),
  legalBasis: z.string().trim().max(4000),
  effectiveFrom: z.string().max(10),
  effectiveTo: z.string().max(10).nullable().optional(),
  config: z.record(z.string(), z.unknown()).default({}),
});
export type RuleVersionInput = z.infer<typeof ruleVersionBody>;

const share = z.number();
const productKind = z.strictObject({ code: z.string(), vi: z.string(), en: z.string(), factor: z.number(), keywords: z.array(z.string()) });
export const evaluationConfigSchema = z.strictObject({
  periodType: z.enum(['MONTH', 'QUARTER']),
  generalMax: z.number(),
  taskMax: z.number(),
  qualityPenalty: share,
  latePenalty: share,
  weights: z.strictObject({ quantity: share, quality: share, progress: share }),
  unplannedFactor: z.number(),
  plannedSources: z.array(z.string()),
  productKinds: z.array(productKind),
  defaultProductKind: z.string(),
  judgeAgainstExtended: z.boolean(),
  thresholds: z.strictObject({ HTXSNV: z.number(), HTTNV: z.number(), HTNV: z.number() }),
  excellentQuotaOfGood: share.nullable(),
  criteria: z.strictObject({ excellentExceededShare: share, completedMaxProblemShare: share, generalMetMin: z.number() }),
});
const ruleSetId = z.enum(['DECREE_335_2025', 'DECREE_90_2020_48_2023']);
export const ruleVersionSchema = z.strictObject({
  id: z.number().int().nullable(),
  ruleSetId,
  name: z.string(),
  legalBasis: z.string(),
  effectiveFrom: z.string(),
  effectiveTo: z.string().nullable(),
  /** The values this version sets over the decree's. */
  overrides: z.record(z.string(), z.unknown()),
  /** The values in force under this version. */
  config: evaluationConfigSchema,
  status: z.enum(['IN_FORCE', 'FUTURE', 'PAST']),
  /** Who added the version: shown only to those who may manage the rule sets (absent for everyone else). */
  createdBy: z.string().nullable().optional(),
  createdAt: timestamp.nullable(),
});
export const ruleSetsResponse = z.array(
  z.strictObject({
    id: ruleSetId,
    nameVi: z.string(),
    nameEn: z.string(),
    legalBasis: z.string(),
    effectiveFrom: z.string(),
    effectiveTo: z.string().nullable(),
    appliesTo: z.array(z.enum(['CAN_BO', 'CONG_CHUC', 'VIEN_CHUC', 'NGUOI_LAO_DONG'])),
    method: z.enum(['POINTS', 'CRITERIA']),
    configurable: z.array(z.strictObject({ key: z.string(), why: z.string() })),
    defaults: evaluationConfigSchema,
    config: evaluationConfigSchema,
    versionInForce: z.number().int().nullable(),
    versions: z.array(ruleVersionSchema),
  }),
);

const unitLite = z.strictObject({ id: z.number(), code: z.string(), nameVi: z.string() });
const byRating = <T extends z.ZodType>(value: T) => z.strictObject({ HTXSNV: value, HTTNV: value, HTNV: value, KHTNV: value });
const step = z.enum(['NOT_STARTED', 'SELF_ASSESSED', 'MANAGER_ASSESSED', 'DECIDED']);
/** Decree 90/2020 facts of the year (criteria rule set). */
const criteriaFacts = z.strictObject({ assigned: z.number(), onTimeWithQuality: z.number(), exceeded: z.number(), problems: z.number(), generalMet: z.boolean().nullable() }).nullable();

/** A year's record: the self-assessment, the manager's and the collective's, the decision. */
export const yearRecordSchema = z.strictObject({
  staffId: z.number(),
  year: z.number(),
  ruleSetId: z.string(),
  selfAssessment: z.string().nullable(),
  selfRating: rating.nullable(),
  selfAt: timestamp.nullable(),
  managerComment: z.string().nullable(),
  managerRating: rating.nullable(),
  managerBy: z.string().nullable(),
  managerAt: timestamp.nullable(),
  collectiveComment: z.string().nullable(),
  collectiveAt: timestamp.nullable(),
  disciplined: z.boolean(),
  disciplineNote: z.string().nullable(),
  computedPoints: z.number().nullable(),
  computedRating: rating.nullable(),
  decidedRating: rating.nullable(),
  decisionNumber: z.string().nullable(),
  overrideReason: z.string().nullable(),
  decidedBy: z.string().nullable(),
  decidedAt: timestamp.nullable(),
});

export const appealSchema = z.strictObject({
  id: z.number(),
  staffId: z.number(),
  year: z.number(),
  reason: z.string(),
  submittedBy: z.string().nullable(),
  submittedAt: timestamp,
  outcome: z.enum(['PENDING', 'UPHELD', 'REJECTED']),
  outcomeRating: rating.nullable(),
  outcomeNote: z.string().nullable(),
  decidedBy: z.string().nullable(),
  decidedAt: timestamp.nullable(),
});

/** A task as a source of a period's points. */
export const taskSourceSchema = z.strictObject({
  taskId: z.number(),
  title: z.string().optional(),
  outcome: z.enum(TASK_OUTCOMES),
  productKind: z.string(),
  planned: z.boolean(),
  factor: z.number(),
  qualityErrors: z.number(),
  exceeded: z.boolean(),
  points: z.number(),
});
export const periodSchema = z.strictObject({
  assigned: z.number(),
  quantity: z.number().nullable(),
  quality: z.number().nullable(),
  progress: z.number().nullable(),
  taskPoints: z.number().nullable(),
  counts: z.strictObject({ onTime: z.number(), late: z.number(), notDone: z.number(), pending: z.number(), exceeded: z.number(), withErrors: z.number() }),
  sources: z.array(taskSourceSchema),
  period: z.string(),
  generalPoints: z.number().nullable(),
  generalComment: z.string().nullable(),
  generalBy: z.string().nullable(),
  total: z.number().nullable(),
  label: z.string(),
});

/** One person's year: the periods with their source tasks, the steps, the decision, the appeals, what the reader may do. */
export const personEvaluationSchema = z.strictObject({
  staff: z.strictObject({ id: z.number(), fullName: z.string(), kind: z.enum(STAFF_KINDS), position: z.string().nullable(), isManager: z.boolean(), orgUnit: unitLite }),
  ruleSet: z
    .strictObject({ id: ruleSetId, nameVi: z.string(), nameEn: z.string(), legalBasis: z.string(), method: z.enum(['POINTS', 'CRITERIA']), generalMax: z.number(), taskMax: z.number() })
    .nullable(),
  periods: z.array(periodSchema),
  year: z.strictObject({ points: z.number().nullable(), periodsScored: z.number(), periodsWithoutTasks: z.array(z.string()), periodsWithoutGeneral: z.array(z.string()) }),
  criteria: criteriaFacts,
  scoreRating: rating.nullable(),
  rating: rating.nullable(),
  aboveQuotaLine: z.boolean(),
  tiedAtQuotaLine: z.boolean(),
  disciplined: z.boolean(),
  decidedRating: rating.nullable(),
  record: yearRecordSchema.nullable(),
  appeals: z.array(appealSchema),
  can: z.strictObject({ selfAssess: z.boolean(), assess: z.boolean(), decide: z.boolean(), appeal: z.boolean() }),
});

/** A person as a row of their unit's evaluations. */
export const unitPersonSchema = z.strictObject({
  staffId: z.number(),
  fullName: z.string(),
  kind: z.enum(STAFF_KINDS),
  position: z.string().nullable(),
  isManager: z.boolean(),
  orgUnit: unitLite,
  ruleSetId: ruleSetId.nullable(),
  points: z.number().nullable(),
  periods: z.array(z.strictObject({ period: z.string(), total: z.number().nullable(), taskPoints: z.number().nullable(), generalPoints: z.number().nullable() })),
  noTasks: z.boolean(),
  /** How many periods have no task record. */
  periodsWithoutTasks: z.number(),
  periodsWithoutGeneral: z.array(z.string()),
  criteria: criteriaFacts,
  scoreRating: rating.nullable(),
  rating: rating.nullable(),
  aboveQuotaLine: z.boolean(),
  tiedAtQuotaLine: z.boolean(),
  disciplined: z.boolean(),
  selfRating: rating.nullable(),
  managerRating: rating.nullable(),
  decidedRating: rating.nullable(),
  step,
});
export const unitEvaluationSchema = z.strictObject({
  year: z.number(),
  orgUnit: unitLite.nullable(),
  people: z.array(unitPersonSchema),
  distribution: z.strictObject({
    points: z.array(z.strictObject({ from: z.number(), to: z.number().nullable(), label: z.string(), count: z.number() })),
    computed: byRating(z.number()),
    decided: byRating(z.number()),
    notRated: z.number(),
  }),
  quotas: z.array(
    z.strictObject({
      orgUnitId: z.number(),
      orgUnitName: z.string(),
      ruleSetId: z.string(),
      share: z.number().nullable(),
      good: z.number(),
      candidates: z.number(),
      allowed: z.number(),
      aboveLine: z.array(z.number()),
      tiedAtLine: z.array(z.number()),
      aboveLineNames: z.array(z.string()),
    }),
  ),
  noTasks: z.array(z.strictObject({ staffId: z.number(), fullName: z.string(), orgUnit: unitLite })),
  /** The ratings' names in the reader's language. */
  ratingLabels: byRating(z.string()),
});

export const decisionListSchema = z.strictObject({
  year: z.number(),
  items: z.array(
    z.strictObject({
      staffId: z.number(),
      fullName: z.string(),
      orgUnit: unitLite,
      computedPoints: z.number().nullable(),
      computedRating: rating.nullable(),
      decidedRating: rating.nullable(),
      finalRating: rating.nullable(),
      decisionNumber: z.string().nullable(),
      overrideReason: z.string().nullable(),
      decidedBy: z.string().nullable(),
      decidedAt: timestamp.nullable(),
      appeals: z.array(appealSchema),
    }),
  ),
});

export const computedSchema = z.strictObject({ year: z.number(), people: z.number(), periods: z.number() });
export const generalScoreSchema = z.strictObject({
  staffId: z.number(),
  period: z.string(),
  points: z.number(),
  comment: z.string().nullable(),
  scoredBy: z.string().nullable(),
  scoredAt: timestamp,
});
export const taskMarkSchema = z.strictObject({
  taskId: z.number(),
  productKind: z.string().nullable(),
  qualityErrors: z.number(),
  exceeded: z.boolean(),
  note: z.string().nullable(),
  markedBy: z.string().nullable(),
});
