// Types of the staff evaluation API (src/server/modules/evaluation).
import type { Rating } from '../../core/evaluation.ts';

export type { Rating };
export const RATING_ORDER: Rating[] = ['HTXSNV', 'HTTNV', 'HTNV', 'KHTNV'];

export interface EvaluationSource {
  taskId: number;
  title?: string;
  outcome: 'DONE_ON_TIME' | 'DONE_LATE' | 'NOT_DONE' | 'PENDING';
  productKind: string;
  planned: boolean;
  factor: number;
  qualityErrors: number;
  exceeded: boolean;
  points: number;
}

export interface EvaluationPeriod {
  period: string;
  label: string;
  assigned: number;
  quantity: number | null;
  quality: number | null;
  progress: number | null;
  taskPoints: number | null;
  generalPoints: number | null;
  generalComment: string | null;
  total: number | null;
  sources: EvaluationSource[];
  counts: { onTime: number; late: number; notDone: number; pending: number; exceeded: number; withErrors: number };
}

export interface EvaluationRecord {
  selfAssessment: string | null;
  selfRating: Rating | null;
  selfAt: string | null;
  managerComment: string | null;
  managerRating: Rating | null;
  managerBy: string | null;
  managerAt: string | null;
  collectiveComment: string | null;
  collectiveAt: string | null;
  disciplined: boolean;
  disciplineNote: string | null;
  computedPoints: number | null;
  computedRating: Rating | null;
  decidedRating: Rating | null;
  decisionNumber: string | null;
  overrideReason: string | null;
  decidedBy: string | null;
  decidedAt: string | null;
}

export interface EvaluationAppeal {
  id: number;
  reason: string;
  submittedAt: string;
  outcome: 'PENDING' | 'UPHELD' | 'REJECTED';
  outcomeRating: Rating | null;
  outcomeNote: string | null;
  decidedAt: string | null;
}

export interface PersonEvaluation {
  staff: { id: number; fullName: string; kind: string; position: string | null; isManager: boolean; orgUnit: { id: number; code: string; nameVi: string } };
  ruleSet: { id: string; nameVi: string; nameEn: string; legalBasis: string; method: 'POINTS' | 'CRITERIA'; generalMax: number; taskMax: number } | null;
  periods: EvaluationPeriod[];
  year: { points: number | null; periodsScored: number; periodsWithoutTasks: string[]; periodsWithoutGeneral: string[] };
  criteria: { assigned: number; onTimeWithQuality: number; exceeded: number; problems: number; generalMet: boolean | null } | null;
  scoreRating: Rating | null;
  rating: Rating | null;
  aboveQuotaLine: boolean;
  tiedAtQuotaLine: boolean;
  disciplined: boolean;
  decidedRating: Rating | null;
  record: EvaluationRecord | null;
  appeals: EvaluationAppeal[];
  can: { selfAssess: boolean; assess: boolean; decide: boolean; appeal: boolean };
}

export interface UnitPerson {
  staffId: number;
  fullName: string;
  kind: string;
  position: string | null;
  orgUnit: { id: number; code: string; nameVi: string };
  ruleSetId: string | null;
  points: number | null;
  periods: { period: string; total: number | null }[];
  noTasks: boolean;
  scoreRating: Rating | null;
  rating: Rating | null;
  aboveQuotaLine: boolean;
  tiedAtQuotaLine: boolean;
  selfRating: Rating | null;
  managerRating: Rating | null;
  decidedRating: Rating | null;
  step: 'NOT_STARTED' | 'SELF_ASSESSED' | 'MANAGER_ASSESSED' | 'DECIDED';
}

export interface UnitEvaluation {
  year: number;
  people: UnitPerson[];
  distribution: { points: { label: string; count: number }[]; computed: Record<Rating, number>; decided: Record<Rating, number>; notRated: number };
  quotas: {
    orgUnitId: number;
    orgUnitName: string;
    ruleSetId: string;
    share: number | null;
    good: number;
    candidates: number;
    allowed: number;
    aboveLine: number[];
    aboveLineNames: string[];
    tiedAtLine: number[];
  }[];
  noTasks: { staffId: number; fullName: string }[];
}

export interface DecisionItem {
  staffId: number;
  fullName: string;
  orgUnit: { nameVi: string };
  computedPoints: number | null;
  computedRating: Rating | null;
  decidedRating: Rating | null;
  finalRating: Rating | null;
  decisionNumber: string | null;
  overrideReason: string | null;
  decidedAt: string;
  appeals: EvaluationAppeal[];
}
