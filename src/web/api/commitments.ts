// Types of the commitments API (src/server/modules/commitments), as the web receives them.
import type { CommitmentForecast, LinkState, Outcome, ResultOutcome } from '../../core/commitments.ts';
import type { TaskStatus } from '../../core/tasks.ts';
import type { TargetStatus } from '../../core/forecast.ts';

export type { CommitmentForecast, LinkState, Outcome, ResultOutcome };

export interface CommitmentResult {
  id: number;
  position: number;
  title: string;
  measure: string | null;
  reviewerJudged: boolean;
  verdict: Outcome | null;
  verdictNote: string | null;
  verdictBy: string | null;
  verdictAt: string | null;
  outcome: ResultOutcome | null;
  forecast: 'ON_TRACK' | 'AT_RISK' | 'NOT_MET' | 'UNKNOWN' | null;
  reasons: { state: LinkState; reasonVi: string; reasonEn: string }[];
  tasks: {
    id: number;
    title: string;
    status: TaskStatus;
    progressPercent: number;
    startDate: string;
    effectiveDueDate: string;
    doneOn: string | null;
    leadOrgUnit: { code: string; nameVi: string; nameEn: string | null };
  }[];
  targets: {
    id: number;
    indicatorCode: string;
    indicatorNameVi: string;
    indicatorNameEn: string | null;
    orgUnitName: string;
    targetPeriod: string;
    targetValue: number;
    indicatorUnit: string | null;
    status: TargetStatus;
    isEnded: boolean;
    dataStatus: string;
    latest: { period: string; value: number } | null;
    final: { period: string; value: number | null } | null;
    forecast: { period: string; value: number } | null;
  }[];
  evidence: { id: number; resultId: number; usedByVerdict: boolean; fileName: string; contentType: string; sizeBytes: number; username: string | null; createdAt: string }[];
}

export interface Commitment {
  id: number;
  officialName: string;
  officialPosition: string | null;
  orgUnit: { id: number; code: string; nameVi: string; nameEn: string | null };
  title: string;
  startDate: string;
  endDate: string;
  sourceDocument: string | null;
  /** The official in the staff register, when linked. */
  staffMember: { id: number; fullName: string; position: string | null; orgUnitName: string } | null;
  createdBy: string | null;
  today: string;
  phase: 'NOT_STARTED' | 'IN_PROGRESS' | 'ENDED';
  outcome: Outcome | null;
  forecast: CommitmentForecast | null;
  isAtRisk: boolean;
  elapsed: number;
  reasonVi: string;
  reasonEn: string;
  results: CommitmentResult[];
}

export interface CommitmentDetail extends Commitment {
  can: { manage: boolean; judge: boolean };
}

export interface CommitmentList {
  today: string;
  total: number;
  atRisk: number;
  items: Commitment[];
}
