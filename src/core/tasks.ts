/**
 * Tasks (nhiệm vụ): the status people see is computed from what was recorded and the dates, never typed.
 * Dates are Vietnamese calendar days ('YYYY-MM-DD', see vietnamDate in periods.ts).
 */
import { formatDayVi } from './vietnamese.ts';

/**
 * When a deadline ends. Bộ luật Dân sự 2015 (Luật số 91/2015/QH13), Điều 148 khoản 1: "Khi thời hạn tính
 * bằng ngày thì thời hạn kết thúc tại thời điểm kết thúc ngày cuối cùng của thời hạn", and khoản 6: "Thời
 * điểm kết thúc ngày cuối cùng của thời hạn vào lúc hai mươi bốn giờ của ngày đó" — so work reported on the
 * due date itself is on time, and a task is overdue from the next day. (Khoản 5, a last day falling on a
 * day off, is not applied: tasks name their own dates and the Government Office's tracking counts them
 * as written.)
 */
export const TASK_DEADLINE_RULES = [
  {
    id: 'BLDS_2015_D148',
    legalBasis: 'Bộ luật Dân sự 2015, Điều 148 khoản 1 và 6',
    effectiveFrom: '2017-01-01',
    effectiveTo: null as string | null,
    /** The last day on which completion is on time, given the due date. */
    lastOnTimeDay: (dueDate: string) => dueDate,
  },
] as const;

export const TASK_STATES = ['OPEN', 'DONE_REPORTED', 'DONE', 'CANCELLED'] as const;
export type TaskState = (typeof TASK_STATES)[number];

/** What the scorecard counts (the Government Office's form): done on time / late, open within deadline / overdue. */
export const TASK_STATUSES = ['OPEN_ON_TIME', 'OPEN_OVERDUE', 'DONE_ON_TIME', 'DONE_LATE', 'CANCELLED'] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];

export interface TaskDates {
  state: TaskState;
  dueDate: string;
  /** The approved new date of an extension. */
  extendedDueDate: string | null;
  /** The day done was reported (DONE_REPORTED and DONE; kept when a reported task is cancelled). */
  doneOn: string | null;
  /**
   * The days the other state changes took effect (task.confirmed_on, extended_on, cancelled_on). Absent or
   * null is unknown: the change is then taken as in effect from the start (confirmation: from the day done was
   * reported).
   */
  confirmedOn?: string | null;
  extendedOn?: string | null;
  cancelledOn?: string | null;
}

export interface TaskStatusResult {
  status: TaskStatus;
  /** The recorded state as of the day judged (DONE confirmed after that day was still DONE_REPORTED then…). */
  stateAsOf: TaskState;
  /** The date the task is judged against: the extended one when an extension was approved (by the day judged). */
  effectiveDueDate: string;
  isExtended: boolean;
  /** Against the original due date (differs from `status` only for an extended task). */
  statusAgainstOriginal: TaskStatus;
  /** Done was reported and waits for the assigner's confirmation. */
  awaitingConfirmation: boolean;
  /** Days left until the effective due date (negative once overdue); null when done or cancelled. */
  daysLeft: number | null;
}

function ruleFor(day: string) {
  const rule = TASK_DEADLINE_RULES.find((r) => r.effectiveFrom <= day && (r.effectiveTo === null || day <= r.effectiveTo));
  return rule ?? TASK_DEADLINE_RULES[0];
}

/** Days from a to b (b − a) between two calendar days. */
export function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);
}

/** Adds days to a calendar day. */
export function addDays(day: string, n: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
}

/**
 * What a task was on a day, read from what it is now and the days its state changes took effect: a
 * cancellation after the day is undone, a confirmation after the day leaves it reported (awaiting), a done
 * report after the day leaves it open, an extension approved after the day leaves the original due date. For
 * today (every recorded day is on or before it) the task is unchanged. Not reconstructed (the row keeps only
 * the latest of each): a done report returned after the day (then open), and an earlier extension replaced by
 * a later one approved after the day (then the original date). src/server/modules/tasks/repo.ts statusSql is
 * its SQL twin.
 */
export function taskAsOf<T extends TaskDates>(task: T, day: string): T {
  let state = task.state;
  const doneReported = task.doneOn !== null && task.doneOn <= day;
  if (state === 'CANCELLED' && task.cancelledOn != null && task.cancelledOn > day) state = doneReported ? 'DONE_REPORTED' : 'OPEN';
  if (state === 'DONE' && (task.confirmedOn ?? task.doneOn ?? day) > day) state = doneReported ? 'DONE_REPORTED' : 'OPEN';
  if (state === 'DONE_REPORTED' && !doneReported) state = 'OPEN';
  const extended = task.extendedDueDate !== null && !(task.extendedOn != null && task.extendedOn > day);
  return {
    ...task,
    state,
    doneOn: state === 'DONE' || state === 'DONE_REPORTED' || (state === 'CANCELLED' && doneReported) ? task.doneOn : null,
    extendedDueDate: extended ? task.extendedDueDate : null,
  };
}

function judge(state: TaskState, due: string, doneOn: string | null, today: string): TaskStatus {
  if (state === 'CANCELLED') return 'CANCELLED';
  const last = ruleFor(due).lastOnTimeDay(due);
  if (state === 'DONE') return doneOn !== null && doneOn <= last ? 'DONE_ON_TIME' : 'DONE_LATE';
  // Reported done but not yet confirmed: still open; judged by the day of the report once confirmed.
  const day = state === 'DONE_REPORTED' && doneOn !== null ? doneOn : today;
  return day <= last ? 'OPEN_ON_TIME' : 'OPEN_OVERDUE';
}

/** The status of a task on a Vietnamese day, as the task stood that day (taskAsOf). */
export function computeTaskStatus(recorded: TaskDates, today: string): TaskStatusResult {
  const task = taskAsOf(recorded, today);
  const effectiveDueDate = task.extendedDueDate ?? task.dueDate;
  const status = judge(task.state, effectiveDueDate, task.doneOn, today);
  const open = task.state === 'OPEN' || task.state === 'DONE_REPORTED';
  return {
    status,
    stateAsOf: task.state,
    effectiveDueDate,
    isExtended: task.extendedDueDate !== null,
    statusAgainstOriginal: judge(task.state, task.dueDate, task.doneOn, today),
    awaitingConfirmation: task.state === 'DONE_REPORTED',
    daysLeft: open ? daysBetween(today, effectiveDueDate) : null,
  };
}

/** A progress report of a task (task_update: PROGRESS with its percent, DONE_REPORTED at 100 %). */
export interface ProgressUpdate {
  onDate: string;
  percent: number | null;
}

/**
 * The progress of a task on a day: the percent of the latest report on or before it (0 before the first).
 * A task with no reports at all (written directly, e.g. imported) keeps its recorded percent.
 */
export function progressAsOf(recorded: number, updates: readonly ProgressUpdate[], day: string): number {
  const reports = updates.filter((u) => u.percent !== null);
  if (reports.length === 0) return recorded;
  let percent = 0;
  for (const u of reports) if (u.onDate <= day) percent = u.percent!;
  return percent;
}

/** What a task's deadline calls for on a day: a reminder N days before and on the day, an overdue alert after. */
export type DeadlineStage = 'DUE_SOON' | 'DUE_TODAY' | 'OVERDUE' | null;

export function deadlineStage(task: TaskDates, today: string, remindDaysBefore: number): DeadlineStage {
  // A task reported done waits for its assigner, not for its unit: no reminder.
  if (task.state !== 'OPEN') return null;
  const left = daysBetween(today, task.extendedDueDate ?? task.dueDate);
  if (left < 0) return 'OVERDUE';
  if (left === 0) return 'DUE_TODAY';
  return left <= remindDaysBefore ? 'DUE_SOON' : null;
}

export interface TaskInputDates {
  startDate: string;
  dueDate: string;
}

/** Problems with a task's dates, each naming its field. */
export function checkTaskDates(input: TaskInputDates): { field: string; vi: string; en: string }[] {
  const problems: { field: string; vi: string; en: string }[] = [];
  if (input.dueDate < input.startDate) {
    problems.push({
      field: 'dueDate',
      vi: `Hạn hoàn thành (${formatDayVi(input.dueDate)}) trước ngày bắt đầu (${formatDayVi(input.startDate)})`,
      en: `The due date (${input.dueDate}) is before the start date (${input.startDate})`,
    });
  }
  return problems;
}

/** Problems with an extension request: a reason and a new date after the current one. */
export function checkExtension(current: TaskDates, requested: string, reason: string | null | undefined): { field: string; vi: string; en: string }[] {
  const problems: { field: string; vi: string; en: string }[] = [];
  if (!reason || reason.trim().length === 0) problems.push({ field: 'reason', vi: 'Cần nêu lý do gia hạn', en: 'An extension needs a reason' });
  const effective = current.extendedDueDate ?? current.dueDate;
  if (requested <= effective) {
    problems.push({ field: 'newDueDate', vi: `Hạn mới (${requested}) phải sau hạn hiện tại (${effective})`, en: `The new due date (${requested}) must be after the current one (${effective})` });
  }
  return problems;
}

export interface Scorecard {
  assigned: number;
  doneOnTime: number;
  doneLate: number;
  openOnTime: number;
  openOverdue: number;
  cancelled: number;
  /** Shares of the tasks assigned (cancelled ones left out), in percent; null when nothing was assigned. */
  rates: { doneOnTime: number | null; doneLate: number | null; openOnTime: number | null; openOverdue: number | null; done: number | null };
}

/** Counts statuses the way the Government Office's scorecard does: cancelled tasks are not "assigned". */
export function scorecardOf(statuses: readonly TaskStatus[]): Scorecard {
  const counts: Partial<Record<TaskStatus, number>> = {};
  for (const s of statuses) counts[s] = (counts[s] ?? 0) + 1;
  return scorecardOfCounts(counts);
}

/** The scorecard from the number of tasks in each status (as a database counts them). */
export function scorecardOfCounts(counts: Partial<Record<TaskStatus, number>>): Scorecard {
  const count = (s: TaskStatus) => counts[s] ?? 0;
  const cancelled = count('CANCELLED');
  const assigned = TASK_STATUSES.reduce((a, s) => a + count(s), 0) - cancelled;
  const c = { doneOnTime: count('DONE_ON_TIME'), doneLate: count('DONE_LATE'), openOnTime: count('OPEN_ON_TIME'), openOverdue: count('OPEN_OVERDUE') };
  const rate = (n: number) => (assigned === 0 ? null : Math.round((n / assigned) * 1000) / 10);
  return {
    assigned,
    ...c,
    cancelled,
    rates: { doneOnTime: rate(c.doneOnTime), doneLate: rate(c.doneLate), openOnTime: rate(c.openOnTime), openOverdue: rate(c.openOverdue), done: rate(c.doneOnTime + c.doneLate) },
  };
}

/** Evidence file kinds accepted, detected from the first bytes (and, for Office files, the zip's entries). */
export const EVIDENCE_TYPES = {
  PDF: 'application/pdf',
  PNG: 'image/png',
  JPEG: 'image/jpeg',
  DOCX: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  XLSX: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
} as const;
export type EvidenceKind = keyof typeof EVIDENCE_TYPES;

/** The kind of an evidence file from its content; null for anything else (the name is never trusted). */
export function detectEvidenceKind(bytes: Uint8Array): EvidenceKind | null {
  const starts = (...sig: number[]) => sig.every((b, i) => bytes[i] === b);
  if (starts(0x25, 0x50, 0x44, 0x46, 0x2d)) return 'PDF'; // %PDF-
  if (starts(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) return 'PNG';
  if (starts(0xff, 0xd8, 0xff)) return 'JPEG';
  if (starts(0x50, 0x4b, 0x03, 0x04)) {
    // An OOXML package names its parts in the zip's (uncompressed) local headers and central directory.
    const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
    if (!text.includes('[Content_Types].xml')) return null;
    if (text.includes('word/document.xml')) return 'DOCX';
    if (text.includes('xl/workbook.xml')) return 'XLSX';
  }
  return null;
}
