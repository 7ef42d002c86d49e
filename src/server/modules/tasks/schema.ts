import { z } from 'zod';
import { TASK_STATUSES, type TaskStatus } from '../../../core/tasks.ts';

const day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'Ngày dạng YYYY-MM-DD | A date as YYYY-MM-DD')
  .refine((s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s), 'Ngày không tồn tại | No such date');

export const SOURCE_KINDS = ['BRIEFING', 'DIRECTIVE', 'DECISION', 'PLAN', 'STRATEGY', 'OTHER'] as const;
export const PRIORITIES = ['HIGH', 'NORMAL', 'LOW'] as const;

export const createTaskBody = z.strictObject({
  title: z.string().trim().min(1).max(1000),
  description: z.string().max(10_000).nullable().optional(),
  sourceKind: z.enum(SOURCE_KINDS),
  /** Number and symbol, e.g. "3/CT-BTTTT". */
  sourceNumber: z.string().trim().max(100).nullable().optional(),
  sourceDate: day.nullable().optional(),
  sourceIssuer: z.string().trim().max(300).nullable().optional(),
  sourceTitle: z.string().trim().max(1000).nullable().optional(),
  /** The assigning leader as named in the document. */
  assignerName: z.string().trim().min(1).max(300),
  /** The unit that assigns (and confirms); org unit code or id:N. A subtask's is its parent's lead unit. */
  assigningOrgUnit: z.string().min(1).optional(),
  leadOrgUnit: z.string().min(1),
  coOrgUnits: z.array(z.string().min(1)).max(100).default([]),
  responsible: z.string().trim().max(300).nullable().optional(),
  startDate: day,
  dueDate: day,
  expectedProduct: z.string().trim().max(1000).nullable().optional(),
  priority: z.enum(PRIORITIES).default('NORMAL'),
  /** Sector code. */
  sector: z.string().min(1).nullable().optional(),
  /** Indicator codes the task moves. */
  indicators: z.array(z.string().min(1)).max(50).default([]),
  /** Target ids the task moves. */
  targets: z.array(z.number().int().positive()).max(50).default([]),
  parentId: z.number().int().positive().nullable().optional(),
});
export type CreateTaskInput = z.infer<typeof createTaskBody>;

export const updateTaskBody = createTaskBody.omit({ parentId: true, assigningOrgUnit: true, dueDate: true }).partial().strict();
export type UpdateTaskInput = z.infer<typeof updateTaskBody>;

export const listTasksQuery = z.object({
  /** MINE: the units I report for; ASSIGNED: assigned by units I assign for; ALL: everything I may read. */
  view: z.enum(['MINE', 'ASSIGNED', 'ALL']).default('ALL'),
  status: z.enum(TASK_STATUSES as unknown as [TaskStatus, ...TaskStatus[]]).optional(),
  sector: z.string().optional(),
  sourceKind: z.enum(SOURCE_KINDS).optional(),
  sourceNumber: z.string().optional(),
  /** Lead unit subtree (code or id:N). */
  orgUnit: z.string().optional(),
  dueFrom: day.optional(),
  dueTo: day.optional(),
  limit: z.coerce.number().int().min(1).max(5000).default(500),
  lang: z.enum(['vi', 'en']).optional(),
});
export type ListTasksQuery = z.infer<typeof listTasksQuery>;

/** The list's filters, for the Excel export of what the list shows. */
export const exportTasksQuery = listTasksQuery.omit({ limit: true });

export const importTasksQuery = z.strictObject({
  /** Check every row and cell, write nothing (the preview). */
  dryRun: z.enum(['true', 'false']).optional(),
  /** The assigning unit of rows that leave the column empty (code or id:N). */
  assigningOrgUnit: z.string().min(1).max(100).optional(),
  lang: z.enum(['vi', 'en']).optional(),
});

export const scorecardQuery = z.object({
  /** Rows by lead unit, sector, source document or month of the due date. */
  by: z.enum(['UNIT', 'SECTOR', 'SOURCE', 'MONTH']).default('UNIT'),
  orgUnit: z.string().optional(),
  dueFrom: day.optional(),
  dueTo: day.optional(),
  /**
   * The day the tasks are judged as they stood then (a done report, confirmation, extension or cancellation
   * after it does not count yet); MONTH_END: each task at the end of the month it falls due (today for the
   * current month). Default: today.
   */
  asOf: z.union([day, z.literal('MONTH_END')]).optional(),
  lang: z.enum(['vi', 'en']).optional(),
});
export type ScorecardQuery = z.infer<typeof scorecardQuery>;

export const progressBody = z.strictObject({
  percent: z.number().int().min(0).max(100),
  note: z.string().trim().max(4000).nullable().optional(),
  evidenceIds: z.array(z.number().int().positive()).max(20).default([]),
});
export const doneBody = z.strictObject({
  note: z.string().trim().max(4000).nullable().optional(),
  evidenceIds: z.array(z.number().int().positive()).max(20).default([]),
});
export const reasonBody = z.strictObject({ reason: z.string().trim().max(4000).optional() });
export const extensionBody = z.strictObject({ newDueDate: day, reason: z.string().trim().max(4000).optional() });
export const decisionBody = z.strictObject({ approve: z.boolean(), note: z.string().trim().max(4000).optional() });

export const taskParams = z.strictObject({ id: z.coerce.number().int().positive() });
export const evidenceParams = z.strictObject({ id: z.coerce.number().int().positive(), evidenceId: z.coerce.number().int().positive() });
