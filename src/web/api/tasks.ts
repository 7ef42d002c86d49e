// Types of the tasks and briefing API (src/server/modules/tasks, src/server/modules/briefings).
import type { TaskStatus } from '../../core/tasks.ts';
import type { BriefingModel } from '../../server/modules/briefings/service.ts';

export type { TaskStatus, BriefingModel };

export interface TaskUnit {
  id: number;
  code: string;
  nameVi: string;
  nameEn: string | null;
}

export interface Task {
  id: number;
  parentId: number | null;
  title: string;
  description: string | null;
  sourceKind: string;
  sourceNumber: string | null;
  sourceDate: string | null;
  sourceIssuer: string | null;
  sourceTitle: string | null;
  assignerName: string;
  assigningOrgUnit: TaskUnit;
  leadOrgUnit: TaskUnit;
  coOrgUnits: TaskUnit[];
  responsible: string | null;
  startDate: string;
  dueDate: string;
  extendedDueDate: string | null;
  expectedProduct: string | null;
  priority: 'HIGH' | 'NORMAL' | 'LOW';
  sector: { code: string; nameVi: string; nameEn: string | null } | null;
  progressPercent: number;
  state: 'OPEN' | 'DONE_REPORTED' | 'DONE' | 'CANCELLED';
  doneOn: string | null;
  cancelReason: string | null;
  status: TaskStatus;
  effectiveDueDate: string;
  isExtended: boolean;
  statusAgainstOriginal: TaskStatus;
  awaitingConfirmation: boolean;
  daysLeft: number | null;
}

export interface TaskDetail extends Task {
  updates: { id: number; kind: string; percent: number | null; note: string | null; requestedDueDate: string | null; onDate: string; username: string | null }[];
  evidence: { id: number; updateId: number | null; fileName: string; contentType: string; sizeBytes: number; username: string | null; createdAt: string }[];
  links: { indicatorCode: string | null; indicatorName: string | null; targetId: number | null; targetLabel: string | null }[];
  subtasks: Task[];
  pendingExtension: { requestedDueDate: string | null; note: string | null } | null;
  can: { report: boolean; decide: boolean; assignSubtask: boolean };
}

export interface ScorecardRow {
  key: string;
  label: string;
  assigned: number;
  doneOnTime: number;
  doneLate: number;
  openOnTime: number;
  openOverdue: number;
  cancelled: number;
  rates: { doneOnTime: number | null; doneLate: number | null; openOnTime: number | null; openOverdue: number | null; done: number | null };
}
