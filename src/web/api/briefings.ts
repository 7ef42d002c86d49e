// Types of the briefings API (src/server/modules/briefings), as the web receives them.
// The shapes are the server's response schemas (type-only imports, erased at build).
import type { Wire } from '../../core/contract.ts';
import type { briefingModelSchema, briefingReportSchema, conclusionTasksSchema } from '../../server/modules/briefings/schema.ts';

/** A document in the format of Decree 30/2020: the monthly briefing drawn up from live data. */
export type BriefingModel = Wire<typeof briefingModelSchema>;
/** A stored briefing (draft or finalised) with its document. */
export type BriefingReport = Wire<typeof briefingReportSchema>;
export type ConclusionTasks = Wire<typeof conclusionTasksSchema>;
