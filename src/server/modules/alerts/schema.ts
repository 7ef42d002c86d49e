import { z } from 'zod';
import { pageOf, timestamp } from '../../../core/contract.ts';

export const ALERT_TYPES = ['REPORT_LATE', 'VALIDATION_ERROR', 'OUTLIER', 'TARGET_STATUS', 'THRESHOLD', 'TASK_DUE', 'TASK_OVERDUE', 'TAKEDOWN_REPEAT', 'COMMITMENT_DUE', 'COMMITMENT_AT_RISK'] as const;
export const SEVERITIES = ['INFO', 'WARNING', 'CRITICAL'] as const;
export const OPERATORS = ['<', '<=', '>', '>=', '=', '<>'] as const;
export const ALERT_STATES = ['OPEN', 'ACKNOWLEDGED', 'RESOLVED'] as const;

export const createRuleBody = z.strictObject({
  code: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'Mã 1–64 ký tự: chữ không dấu, số, _ - | Code: 1–64 of letters, digits, _ -'),
  nameVi: z.string().trim().min(1).max(300),
  nameEn: z.string().trim().max(300).nullable().optional(),
  type: z.enum(ALERT_TYPES),
  severity: z.enum(SEVERITIES).default('WARNING'),
  /** Subtree watched (org unit code or id:N); null: everything. */
  orgUnit: z.string().min(1).nullable().optional(),
  /** Indicator code (THRESHOLD; optional for TARGET_STATUS). */
  indicator: z.string().min(1).nullable().optional(),
  /** Report regime code (REPORT_LATE, OUTLIER; optional otherwise). */
  regime: z.string().min(1).nullable().optional(),
  operator: z.enum(OPERATORS).nullable().optional(),
  /** THRESHOLD: the value compared; TASK_DUE: how many days before the due date reminders start (default 3); COMMITMENT_DUE: how many days before a commitment's end (default 30). */
  threshold: z.number().finite().nullable().optional(),
  /** THRESHOLD: look at the units of this level inside the subtree; null: the subtree's root. */
  level: z.number().int().min(1).max(20).nullable().optional(),
  isActive: z.boolean().default(true),
});
export type CreateRuleInput = z.infer<typeof createRuleBody>;

export const updateRuleBody = createRuleBody.omit({ code: true, type: true }).partial();
export type UpdateRuleInput = z.infer<typeof updateRuleBody>;

export const listAlertsQuery = z.object({
  state: z.enum(ALERT_STATES).optional(),
  severity: z.enum(SEVERITIES).optional(),
  type: z.enum(ALERT_TYPES).optional(),
  /** Subtree (code or id:N). */
  orgUnit: z.string().optional(),
  period: z.string().optional(),
  rule: z.string().optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(200),
  lang: z.enum(['vi', 'en']).optional(),
});
export type ListAlertsQuery = z.infer<typeof listAlertsQuery>;

/** The body may be left out entirely. */
export const actBody = z.preprocess((v) => v ?? {}, z.strictObject({ note: z.string().max(2000).optional() }));
export const idParams = z.strictObject({ id: z.coerce.number().int().positive() });

// ---------------------------------------------------------------------------------------------
// Answers

/** An alert as a reader sees it: the title in the reader's language. */
export const alertSchema = z.strictObject({
  id: z.number(),
  ruleId: z.number(),
  ruleCode: z.string(),
  type: z.string(),
  severity: z.string(),
  orgUnitId: z.number(),
  orgUnitCode: z.string(),
  orgUnitName: z.string(),
  period: z.string(),
  titleVi: z.string(),
  titleEn: z.string(),
  title: z.string(),
  value: z.number().nullable(),
  evidenceUrl: z.string().nullable(),
  state: z.enum(['OPEN', 'ACKNOWLEDGED', 'RESOLVED']),
  raisedAt: timestamp,
  lastSeenAt: timestamp,
  acknowledgedAt: timestamp.nullable(),
  acknowledgedBy: z.string().nullable(),
  resolvedAt: timestamp.nullable(),
  resolvedBy: z.string().nullable(),
  note: z.string().nullable(),
});

export const alertPage = pageOf(alertSchema);

export const alertRuleSchema = z.strictObject({
  id: z.number(),
  code: z.string(),
  nameVi: z.string(),
  nameEn: z.string().nullable(),
  type: z.enum(ALERT_TYPES),
  severity: z.enum(SEVERITIES),
  orgUnitId: z.number().nullable(),
  orgUnitCode: z.string().nullable(),
  indicatorId: z.number().nullable(),
  indicatorCode: z.string().nullable(),
  /** The indicator's coverage threshold: a period below it is not judged. */
  indicatorMinCoverage: z.number().nullable(),
  regimeId: z.number().nullable(),
  regimeCode: z.string().nullable(),
  operator: z.enum(OPERATORS).nullable(),
  threshold: z.number().nullable(),
  level: z.number().nullable(),
  isActive: z.boolean(),
});

export const evaluationSummarySchema = z.strictObject({ rules: z.number(), raised: z.number(), resolved: z.number(), newAlertIds: z.array(z.number()) });

export const notificationSchema = z.strictObject({
  id: z.number(),
  alertId: z.number(),
  createdAt: timestamp,
  readAt: timestamp.nullable(),
  titleVi: z.string(),
  titleEn: z.string(),
  title: z.string(),
  severity: z.string(),
  state: z.string(),
  orgUnitCode: z.string(),
  period: z.string(),
  evidenceUrl: z.string().nullable(),
});
