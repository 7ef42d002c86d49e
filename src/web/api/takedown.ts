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
  description: string | null;
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
export const ANSWER_OUTCOMES = ['REMOVED', 'GEO_BLOCKED', 'REFUSED', 'NO_ANSWER'] as const;
export const FOUND_BY = ['MONITORING', 'CITIZEN_REPORT', 'UNIT'] as const;

export interface TakedownPlatform {
  code: string;
  nameVi: string;
  nameEn: string | null;
}

export interface MonitoringUnit {
  id: number;
  code: string;
  nameVi: string;
  nameEn: string | null;
}

export interface TakedownThreshold {
  id: number;
  windowDays: number;
  minCount: number;
  effectiveFrom: string;
  effectiveTo: string | null;
  legalBasis: string;
}

export interface RepeatOffender {
  platform: string;
  accountKey: string;
  account: string | null;
  /** Cases per rolling window (days → count), the windows ending on the day asked. */
  counts: Record<string, number>;
  reached: Omit<TakedownThreshold, 'id'>[];
  caseIds: number[];
}

/** What an import (checked or written) did. */
export interface TakedownImportSummary {
  rows: number;
  batchesCreated: number;
  casesCreated: number;
  answersCreated: number;
  dryRun: boolean;
}

export interface TakedownEvidence {
  id: number;
  fileName: string;
  contentType: string;
  sizeBytes: number;
}
