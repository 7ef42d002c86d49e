// Types of the tasks API (src/server/modules/tasks), as the web receives them.
// The shapes are the server's response schemas (type-only imports, erased at build).
import type { Wire } from '../../core/contract.ts';
import type { TaskStatus } from '../../core/tasks.ts';
import type { taskDetailSchema, taskImportSchema, taskListSchema, taskSchema, taskScorecardSchema, taskUnitSchema, uploadedEvidenceSchema } from '../../server/modules/tasks/schema.ts';

export type { TaskStatus };

export type TaskUnit = Wire<typeof taskUnitSchema>;
export type Task = Wire<typeof taskSchema>;
export type TaskList = Wire<typeof taskListSchema>;
export type TaskDetail = Wire<typeof taskDetailSchema>;
export type TaskScorecard = Wire<typeof taskScorecardSchema>;
/** What an import of the Excel task list did (checked or written). */
export type TaskImportResult = Wire<typeof taskImportSchema>;
/** An evidence file as uploaded, before a report names it. */
export type TaskEvidence = Wire<typeof uploadedEvidenceSchema>;
