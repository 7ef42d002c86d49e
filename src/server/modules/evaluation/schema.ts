import { z } from 'zod';
import { RATINGS, type Rating } from '../../../core/evaluation.ts';

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
  createdAt: z.date().nullable(),
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
