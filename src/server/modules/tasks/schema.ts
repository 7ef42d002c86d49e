import { z } from 'zod';
import { timestamp } from '../../../core/contract.ts';
import { TASK_STATES, TASK_STATUSES, type TaskStatus } from '../../../core/tasks.ts';

const day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'Ngày dạng YYYY-MM-DD | A date as YYYY-MM-DD')
  .refine((s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s), 'Ngày không tồn tại | No such date');

export const SOURCE_KINDS = ['BRIEFING', 'DIRECTIVE', 'DECISION', 'PLAN', 'STRATEGY', 'OTHER'] as const;
export type SourceKind = (typeof SOURCE_KINDS)[number];
export const PRIORITIES = ['HIGH', 'NORMAL', 'LOW'] as const;
export type Priority = (typeof PRIORITIES)[number];
/** What an entry of a task's history records. */
export const UPDATE_KINDS = ['PROGRESS', 'DONE_REPORTED', 'CONFIRMED', 'RETURNED', 'EXTENSION_REQUESTED', 'EXTENSION_APPROVED', 'EXTENSION_REJECTED', 'CANCELLED'] as const;
export type UpdateKind = (typeof UPDATE_KINDS)[number];

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

// ---------------------------------------------------------------------------------------------
// Answers

const taskStatus = z.enum(TASK_STATUSES);
const taskState = z.enum(TASK_STATES);

/** A unit a task names (assigning, lead, co-operating), without its path. */
export const taskUnitSchema = z.strictObject({ id: z.number(), code: z.string(), nameVi: z.string(), nameEn: z.string().nullable() });

/** A task as people see it on a day: as recorded, as it stood that day, and its computed status (src/core/tasks.ts). */
export const taskSchema = z.strictObject({
  id: z.number(),
  parentId: z.number().nullable(),
  title: z.string(),
  description: z.string().nullable(),
  sourceKind: z.enum(SOURCE_KINDS),
  sourceNumber: z.string().nullable(),
  sourceDate: z.string().nullable(),
  sourceIssuer: z.string().nullable(),
  sourceTitle: z.string().nullable(),
  assignerName: z.string(),
  assignerUserId: z.number().nullable(),
  assigningOrgUnit: taskUnitSchema,
  leadOrgUnit: taskUnitSchema,
  coOrgUnits: z.array(taskUnitSchema),
  responsible: z.string().nullable(),
  /** Days as YYYY-MM-DD. */
  startDate: z.string(),
  dueDate: z.string(),
  extendedDueDate: z.string().nullable(),
  expectedProduct: z.string().nullable(),
  priority: z.enum(PRIORITIES),
  sector: z.strictObject({ id: z.number(), code: z.string(), nameVi: z.string(), nameEn: z.string().nullable() }).nullable(),
  progressPercent: z.number(),
  state: taskState,
  doneOn: z.string().nullable(),
  confirmedAt: timestamp.nullable(),
  confirmedBy: z.string().nullable(),
  confirmedOn: z.string().nullable(),
  extendedOn: z.string().nullable(),
  cancelledOn: z.string().nullable(),
  cancelReason: z.string().nullable(),
  createdAt: timestamp,
  updatedAt: timestamp,
  status: taskStatus,
  /** The recorded state as of the day judged. */
  stateAsOf: taskState,
  effectiveDueDate: z.string(),
  isExtended: z.boolean(),
  statusAgainstOriginal: taskStatus,
  awaitingConfirmation: z.boolean(),
  /** Days left until the effective due date (negative once overdue); null when done or cancelled. */
  daysLeft: z.number().nullable(),
});

export const taskListSchema = z.strictObject({ total: z.number(), today: z.string(), items: z.array(taskSchema) });

/** An entry of a task's history: a progress report, a done report, a decision… */
export const taskUpdateSchema = z.strictObject({
  id: z.number(),
  kind: z.enum(UPDATE_KINDS),
  percent: z.number().nullable(),
  note: z.string().nullable(),
  requestedDueDate: z.string().nullable(),
  onDate: z.string(),
  username: z.string().nullable(),
  createdAt: timestamp,
});

/** An evidence file as uploaded (its content is downloaded apart). */
export const uploadedEvidenceSchema = z.strictObject({ id: z.number(), fileName: z.string(), contentType: z.string(), sizeBytes: z.number(), sha256: z.string() });

export const taskEvidenceSchema = uploadedEvidenceSchema.extend({ taskId: z.number(), updateId: z.number().nullable(), username: z.string().nullable(), createdAt: timestamp });

export const taskDetailSchema = taskSchema.extend({
  updates: z.array(taskUpdateSchema),
  evidence: z.array(taskEvidenceSchema),
  links: z.array(z.strictObject({ indicatorCode: z.string().nullable(), indicatorName: z.string().nullable(), targetId: z.number().nullable(), targetLabel: z.string().nullable() })),
  subtasks: z.array(taskSchema),
  pendingExtension: taskUpdateSchema.nullable(),
  can: z.strictObject({ report: z.boolean(), decide: z.boolean(), assignSubtask: z.boolean() }),
});

const rate = z.number().nullable();
/** The Government Office's counts of tasks and their rates (percent of those assigned; null when none is). */
export const taskCountsSchema = z.strictObject({
  assigned: z.number(),
  doneOnTime: z.number(),
  doneLate: z.number(),
  openOnTime: z.number(),
  openOverdue: z.number(),
  cancelled: z.number(),
  rates: z.strictObject({ doneOnTime: rate, doneLate: rate, openOnTime: rate, openOverdue: rate, done: rate }),
});

export const taskScorecardSchema = z.strictObject({
  by: z.enum(['UNIT', 'SECTOR', 'SOURCE', 'MONTH']),
  today: z.string(),
  /** The day judged, or MONTH_END (each task at the end of its due month). */
  asOf: z.string(),
  rows: z.array(taskCountsSchema.extend({ key: z.string(), label: z.string() })),
  total: taskCountsSchema,
});

/** What an import of the Excel task list did (or, checked with dryRun, would do). */
export const taskImportSchema = z.strictObject({
  dryRun: z.boolean(),
  sheets: z.array(z.string()),
  rows: z.number(),
  created: z.number(),
  updated: z.number(),
  unchanged: z.number(),
  ignoredColumns: z.array(z.strictObject({ path: z.string(), header: z.string() })),
  items: z.array(
    z.strictObject({
      sheet: z.string(),
      row: z.number(),
      action: z.enum(['CREATE', 'UPDATE', 'UNCHANGED']),
      id: z.number().nullable(),
      title: z.string(),
      /** The lead unit's code. */
      leadOrgUnit: z.string(),
      dueDate: z.string(),
    }),
  ),
});
