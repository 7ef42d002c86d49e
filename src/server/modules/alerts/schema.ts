import { z } from 'zod';

export const ALERT_TYPES = ['REPORT_LATE', 'VALIDATION_ERROR', 'OUTLIER', 'TARGET_STATUS', 'THRESHOLD', 'TASK_DUE', 'TASK_OVERDUE', 'TAKEDOWN_REPEAT'] as const;
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
  /** THRESHOLD: the value compared; TASK_DUE: how many days before the due date reminders start (default 3). */
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
