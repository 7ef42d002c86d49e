import { z } from 'zod';
import { timestamp } from '../../../core/contract.ts';

export const statusKeyBody = z.strictObject({ orgUnit: z.string().min(1), period: z.string().min(1) });
export const submitBody = z.strictObject({
  orgUnit: z.string().min(1),
  period: z.string().min(1),
  /** Explains the report, e.g. why a validation warning is expected. */
  comment: z.string().trim().max(2000).optional(),
});
export const reasonBody = z.strictObject({
  orgUnit: z.string().min(1),
  period: z.string().min(1),
  reason: z.string().trim().min(3, 'Cần ghi lý do (ít nhất 3 ký tự) | A reason is required (at least 3 characters)').max(2000),
});
export const statusQuery = z.strictObject({ orgUnit: z.string().min(1), period: z.string().min(1), lang: z.enum(['vi', 'en']).optional() });
export const completenessQuery = z.strictObject({
  period: z.string().min(1).optional(),
  /** Several periods separated by ';' (heatmap). */
  periods: z.string().min(1).optional(),
  parent: z.string().min(1).optional(),
  lang: z.enum(['vi', 'en']).optional(),
});

export const remindBody = z.strictObject({
  period: z.string().min(1),
  /** Only these units (codes); without it, every unit of the caller's scope whose report is overdue. */
  orgUnits: z.array(z.string().min(1)).min(1).max(500).optional(),
});

// ---------------------------------------------------------------------------------------------
// Answers

export const REPORT_STATUSES = ['NOT_STARTED', 'DRAFT', 'SUBMITTED', 'RETURNED', 'APPROVED'] as const;
const reportStatus = z.enum(REPORT_STATUSES);

/** Where one report (unit × period) stands: who sent it, when, on time or late, why it was returned, reopened or withdrawn. */
export const reportStatusSchema = z.strictObject({
  status: reportStatus,
  submittedAt: timestamp.nullable(),
  submittedBy: z.string().nullable(),
  isLate: z.boolean().nullable(),
  approvedAt: timestamp.nullable(),
  approvedBy: z.string().nullable(),
  returnedReason: z.string().nullable(),
  reopenedReason: z.string().nullable(),
  submitComment: z.string().nullable(),
  withdrawnReason: z.string().nullable(),
});

/** The status of one report, named by regime, unit and period, and whether its period is locked. */
export const reportStatusAnswer = reportStatusSchema.extend({ regime: z.string(), orgUnit: z.string(), period: z.string(), isLocked: z.boolean() });

/** A check's message (validation rule, compulsory field), in both languages and the caller's. */
const checkMessage = z.strictObject({ code: z.string().optional(), path: z.string().optional(), messageVi: z.string(), messageEn: z.string(), message: z.string() });

/** A submitted report: its status and the warnings of the checks (errors block the submission). */
export const submitAnswer = reportStatusSchema.extend({ warnings: z.array(checkMessage) });

const unitRef = z.strictObject({ id: z.number(), code: z.string(), nameVi: z.string() });

/** Reports expected, received (on time, late), missing (overdue, pending) and the rates, in percent. */
export const completenessCountsSchema = z.strictObject({
  expected: z.number(),
  received: z.number(),
  onTime: z.number(),
  late: z.number(),
  missing: z.number(),
  /** Not received, due date passed. */
  overdue: z.number(),
  /** Not received, still within the deadline. */
  pending: z.number(),
  completenessRate: z.number().nullable(),
  timelinessRate: z.number().nullable(),
});
const childCounts = completenessCountsSchema.extend({ orgUnit: unitRef });

/** Completeness of one period: totals, per child of the parent, per unit. */
export const completenessSingleSchema = z.strictObject({
  regime: z.string(),
  period: z.string(),
  dueDate: z.string(),
  parent: unitRef.nullable(),
  totals: completenessCountsSchema,
  children: z.array(childCounts),
  units: z.array(unitRef.extend({ status: reportStatus, isLate: z.boolean().nullable(), isOverdue: z.boolean(), submittedAt: timestamp.nullable() })),
});

/** Completeness of several periods (`periods=a;b`): per period its totals and children, per unit one cell per period. */
export const completenessHeatmapSchema = z.strictObject({
  regime: z.string(),
  parent: unitRef.nullable(),
  periods: z.array(z.strictObject({ period: z.string(), dueDate: z.string(), totals: completenessCountsSchema, children: z.array(childCounts) })),
  units: z.array(unitRef.extend({ cells: z.record(z.string(), z.strictObject({ status: reportStatus, isLate: z.boolean().nullable(), isOverdue: z.boolean() })) })),
});

export const completenessSchema = z.union([completenessSingleSchema, completenessHeatmapSchema]);

export const MY_REPORT_KINDS = ['DUE', 'LATE', 'RETURNED', 'TO_APPROVE'] as const;

/** A report the caller has to write, correct or approve. */
export const myReportSchema = z.strictObject({
  kind: z.enum(MY_REPORT_KINDS),
  regime: z.strictObject({ code: z.string(), nameVi: z.string(), nameEn: z.string().nullable() }),
  period: z.strictObject({ id: z.string(), labelVi: z.string(), labelEn: z.string(), dueDate: z.string(), lockDate: z.string().nullable() }),
  orgUnit: z.strictObject({ code: z.string(), nameVi: z.string() }),
  status: reportStatus,
  isLate: z.boolean().nullable(),
  submittedAt: timestamp.nullable(),
  returnedReason: z.string().nullable(),
});

/** The caller's work on reports: at most 200 items, most urgent first; the totals count them all. */
export const myReportsSchema = z.strictObject({
  today: z.string(),
  totals: z.strictObject({ DUE: z.number(), LATE: z.number(), RETURNED: z.number(), TO_APPROVE: z.number() }),
  items: z.array(myReportSchema),
});

const unitNamed = z.strictObject({ code: z.string(), nameVi: z.string() });

/** Who was reminded (and how many people were notified), who was skipped and why. */
export const remindAnswer = z.strictObject({
  regime: z.string(),
  period: z.string(),
  dueDate: z.string(),
  reminded: z.array(z.strictObject({ orgUnit: unitNamed, notified: z.number() })),
  skipped: z.array(z.strictObject({ orgUnit: unitNamed, code: z.enum(['NOT_A_REPORTING_UNIT', 'ALREADY_RECEIVED']), message: z.string() })),
});
