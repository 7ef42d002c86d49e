// Types of the takedown API (src/server/modules/takedown).
// The shapes are the server's response schemas (type-only imports, erased at build).
import type { CaseOutcome, TakedownScore } from '../../core/takedown.ts';
import type { Wire } from '../../core/contract.ts';
import type {
  batchDetailSchema,
  batchSchema,
  caseDetailSchema,
  caseSchema,
  importSummarySchema,
  monitoringUnitSchema,
  offendersSchema,
  platformSchema,
  scorecardSchema,
  thresholdSchema,
  uploadedEvidenceSchema,
} from '../../server/modules/takedown/schema.ts';

export type { CaseOutcome, TakedownScore };

export type TakedownCase = Wire<typeof caseSchema>;
export type TakedownCaseDetail = Wire<typeof caseDetailSchema>;
export type TakedownBatch = Wire<typeof batchSchema>;
export type TakedownBatchDetail = Wire<typeof batchDetailSchema>;
export type TakedownScorecard = Wire<typeof scorecardSchema>;

export const CASE_OUTCOMES: CaseOutcome[] = ['REMOVED', 'GEO_BLOCKED', 'REFUSED', 'NO_ANSWER', 'STILL_PRESENT'];
export const VIOLATION_KINDS = ['ANTI_STATE', 'DEFAMATION', 'FALSE_INFORMATION', 'FRAUD', 'GAMBLING', 'OBSCENE', 'VIOLENCE', 'COPYRIGHT', 'OTHER'] as const;
export const ANSWER_OUTCOMES = ['REMOVED', 'GEO_BLOCKED', 'REFUSED', 'NO_ANSWER'] as const;
export const FOUND_BY = ['MONITORING', 'CITIZEN_REPORT', 'UNIT'] as const;

export type TakedownPlatform = Wire<typeof platformSchema>;
export type MonitoringUnit = Wire<typeof monitoringUnitSchema>;
export type TakedownThreshold = Wire<typeof thresholdSchema>;
export type RepeatOffender = Wire<typeof offendersSchema>['items'][number];
/** What an import (checked or written) did. */
export type TakedownImportSummary = Wire<typeof importSummarySchema>;
export type TakedownEvidence = Wire<typeof uploadedEvidenceSchema>;
