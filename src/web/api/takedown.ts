// Types of the takedown API (src/server/modules/takedown).
import type { CaseOutcome, TakedownScore } from '../../core/takedown.ts';

export type { CaseOutcome, TakedownScore };

export interface TakedownCase {
  id: number;
  batchId: number;
  letterNumber: string;
  platform: string;
  platformName: string;
  orgUnitName: string;
  url: string;
  account: string | null;
  violationKind: string;
  legalBasis: string;
  foundBy: string;
  foundByDetail: string | null;
  sentAt: string;
  outcome: CaseOutcome;
  actedAt: string | null;
  withinDeadline: boolean;
  confirmedGone: boolean;
}

export interface TakedownCaseDetail extends TakedownCase {
  answers: { id: number; outcome: string; reason: string | null; answeredAt: string; source: string; recordedBy: string | null }[];
  rechecks: { id: number; checkedAt: string; isPresent: boolean; checkedBy: string; note: string | null }[];
  evidence: { id: number; fileName: string; contentType: string; sizeBytes: number }[];
  deadline: string;
  hoursToAct: number | null;
  can: { write: boolean };
}

export interface TakedownBatch {
  id: number;
  orgUnit: { id: number; code: string; nameVi: string; nameEn: string | null };
  platform: { id: number; code: string; nameVi: string; nameEn: string | null };
  letterNumber: string;
  letterDate: string;
  sentAt: string;
  note: string | null;
  score: TakedownScore;
}

export interface TakedownScorecard {
  year: number;
  by: 'QUARTER' | 'MONTH';
  periods: string[];
  platforms: { code: string; nameVi: string; nameEn: string | null; periods: (TakedownScore & { period: string })[]; year: TakedownScore }[];
  total: { periods: (TakedownScore & { period: string })[]; year: TakedownScore };
}

export const CASE_OUTCOMES: CaseOutcome[] = ['REMOVED', 'GEO_BLOCKED', 'REFUSED', 'NO_ANSWER', 'STILL_PRESENT'];
export const VIOLATION_KINDS = ['ANTI_STATE', 'DEFAMATION', 'FALSE_INFORMATION', 'FRAUD', 'GAMBLING', 'OBSCENE', 'VIOLENCE', 'COPYRIGHT', 'OTHER'] as const;
