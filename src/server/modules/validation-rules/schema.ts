import { z } from 'zod';

export const RULE_OPERATORS = ['EQ', 'NE', 'LT', 'LE', 'GT', 'GE', 'COMPULSORY_PAIR', 'EXCLUSIVE_PAIR'] as const;
export type RuleOperator = (typeof RULE_OPERATORS)[number];
export const RULE_IMPORTANCES = ['ERROR', 'WARNING'] as const;
export type RuleImportance = (typeof RULE_IMPORTANCES)[number];
export const MISSING_VALUE_STRATEGIES = ['SKIP_IF_ANY_VALUE_MISSING', 'SKIP_IF_ALL_VALUES_MISSING', 'NEVER_SKIP'] as const;
export type MissingValueStrategy = (typeof MISSING_VALUE_STRATEGIES)[number];

const code = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9_-]{1,64}$/, 'Mã 1–64 ký tự: chữ không dấu, số, _ - | Code: 1–64 of letters, digits, _ -');

export const ruleSchema = z.strictObject({
  id: z.number().int(),
  code: z.string(),
  nameVi: z.string(),
  nameEn: z.string().nullable(),
  description: z.string().nullable(),
  leftExpression: z.string(),
  operator: z.enum(RULE_OPERATORS),
  rightExpression: z.string(),
  importance: z.enum(RULE_IMPORTANCES),
  regime: z.string().nullable(),
  missingValueStrategy: z.enum(MISSING_VALUE_STRATEGIES),
  isActive: z.boolean(),
});

export const createRuleBody = z.strictObject({
  code,
  nameVi: z.string().trim().min(1).max(500),
  nameEn: z.string().trim().max(500).nullable().optional(),
  description: z.string().max(4000).nullable().optional(),
  leftExpression: z.string().max(20000),
  operator: z.enum(RULE_OPERATORS),
  rightExpression: z.string().max(20000),
  importance: z.enum(RULE_IMPORTANCES).default('ERROR'),
  /** Regime code; null or absent: every regime whose form holds the referenced data elements. */
  regime: z.string().min(1).nullable().optional(),
  missingValueStrategy: z.enum(MISSING_VALUE_STRATEGIES).default('SKIP_IF_ALL_VALUES_MISSING'),
  isActive: z.boolean().default(true),
});
export type CreateRuleInput = z.infer<typeof createRuleBody>;

export const updateRuleBody = z.strictObject({
  nameVi: z.string().trim().min(1).max(500).optional(),
  nameEn: z.string().trim().max(500).nullable().optional(),
  description: z.string().max(4000).nullable().optional(),
  leftExpression: z.string().max(20000).optional(),
  operator: z.enum(RULE_OPERATORS).optional(),
  rightExpression: z.string().max(20000).optional(),
  importance: z.enum(RULE_IMPORTANCES).optional(),
  regime: z.string().min(1).nullable().optional(),
  missingValueStrategy: z.enum(MISSING_VALUE_STRATEGIES).optional(),
  isActive: z.boolean().optional(),
});
export type UpdateRuleInput = z.infer<typeof updateRuleBody>;

export const listRulesQuery = z.strictObject({
  regime: z.string().optional(),
  lang: z.enum(['vi', 'en']).optional(),
});

export const codeParams = z.strictObject({ code: z.string().min(1) });

export const runValidationBody = z.strictObject({
  regime: z.string().min(1).optional(),
  /** The subtree to check: this unit and every unit below it. */
  orgUnit: z.string().min(1),
  periods: z.array(z.string().min(1)).min(1).max(120),
});
export type RunValidationInput = z.infer<typeof runValidationBody>;

export const violationSchema = z.strictObject({
  rule: z.strictObject({ code: z.string(), name: z.string(), importance: z.enum(RULE_IMPORTANCES), operator: z.enum(RULE_OPERATORS) }),
  orgUnit: z.strictObject({ code: z.string(), name: z.string() }),
  period: z.string(),
  leftValue: z.number().nullable(),
  rightValue: z.number().nullable(),
  leftExpression: z.string(),
  rightExpression: z.string(),
  message: z.string(),
});

export const runValidationResponse = z.strictObject({
  checked: z.number().int(),
  passed: z.number().int(),
  skipped: z.number().int(),
  errors: z.number().int(),
  warnings: z.number().int(),
  violations: z.array(violationSchema),
});

/** A rule tried on one unit and period before it is saved: nothing is stored. */
export const testRuleBody = z.strictObject({
  leftExpression: z.string().max(20000),
  operator: z.enum(RULE_OPERATORS),
  rightExpression: z.string().max(20000),
  missingValueStrategy: z.enum(MISSING_VALUE_STRATEGIES).default('SKIP_IF_ALL_VALUES_MISSING'),
  /** The unit whose own values are read (not its subtree), as a rule is checked on a report. */
  orgUnit: z.string().min(1),
  period: z.string().min(1),
});
export type TestRuleInput = z.infer<typeof testRuleBody>;

export const testRuleResponse = z.strictObject({
  status: z.enum(['PASS', 'FAIL', 'SKIPPED']),
  leftValue: z.number().nullable(),
  rightValue: z.number().nullable(),
  message: z.string(),
  orgUnit: z.strictObject({ code: z.string(), name: z.string() }),
  period: z.string(),
  periodName: z.string(),
  /** The values the two sides read, keyed as in the expressions ('CODE' total, 'CODE.OPTION'). */
  values: z.record(z.string(), z.number().nullable()),
});
