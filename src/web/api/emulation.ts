// Types of the emulation and commendation API (src/server/modules/emulation).
import type { AwardCode } from '../../core/emulation.ts';
import type { Choice, PublicKey } from '../../core/ballot.ts';

export interface UnitRef {
  id: number;
  code: string;
  nameVi: string;
  nameEn: string | null;
}
export interface Campaign {
  id: number;
  code: string;
  nameVi: string;
  nameEn: string | null;
  kind: string;
  year: number;
  orgUnit: UnitRef;
  directiveNumber: string | null;
  directiveDate: string | null;
  directiveIssuer: string | null;
  theme: string | null;
  startsOn: string;
  endsOn: string;
  registrationDeadline: string;
  status: 'OPEN' | 'CLOSED';
}
export interface Criterion {
  id: number;
  code: string;
  nameVi: string;
  nameEn: string | null;
  weight: number;
  source: 'INDICATOR' | 'TASKS' | 'REVIEWER';
}
export interface Score {
  criterionId: number;
  score: number;
  sourceDetail: Record<string, unknown>;
  evidence: string | null;
  frozen: boolean;
}
export interface CampaignDetail extends Campaign {
  criteria: Criterion[];
  board: { orgUnit: UnitRef; cluster: string | null; scores: (Score | null)[]; total: number; complete: boolean; rankInCluster: number }[];
  registrations: { id: number; orgUnit: UnitRef; staff: { id: number; fullName: string } | null; award: AwardCode; commitment: string | null; status: string }[];
  can: { manage: boolean; register: boolean };
}
export interface Condition {
  met: boolean;
  missingData: boolean;
  reasonVi: string;
  reasonEn: string;
  article: string;
  confirmed: boolean;
}
export interface Eligibility {
  award: AwardCode;
  year: number;
  eligible: boolean;
  ruleSet: { code: string; legalBasis: string };
  conditions: Condition[];
}
export interface EligibilityAnswer {
  on: string;
  ruleSet: { code: string; legalBasis: string };
  staff?: { id: number; fullName: string; orgUnit: UnitRef };
  orgUnit?: { id: number; code: string; nameVi: string };
  eligibility: Eligibility[];
}
export interface SessionSummary {
  id: number;
  title: string;
  orgUnit: UnitRef;
  year: number;
  opensAt: string;
  closesAt: string;
  status: 'OPEN' | 'CLOSED';
}
export interface TallyResults {
  ballotsCounted: number;
  quorumMet: boolean;
  memberCount: number;
  issued: number;
  results: { nominationId: number; agree: number; disagree: number; required: number; passed: boolean }[];
  problems: unknown[];
}
export interface Session extends SessionSummary {
  quorum: { num: number; den: number };
  publicKey: PublicKey;
  nominations: {
    id: number;
    award: AwardCode;
    awardName: { vi: string; en: string };
    staff: { id: number; fullName: string } | null;
    orgUnit: UnitRef | null;
    proposingOrgUnit: UnitRef;
    eligible: boolean;
    overrideReason: string | null;
    achievements: string | null;
    threshold: { num: number; den: number };
    status: string;
  }[];
  members: { displayName: string; tookBallot: boolean; written: boolean }[];
  result: TallyResults | null;
  me: { isMember: boolean; isManager: boolean; tookBallot: boolean };
}
export interface BallotBox {
  sessionId: number;
  status: 'OPEN' | 'CLOSED';
  receipts?: string[];
  publicKey?: PublicKey;
  quorum?: { num: number; den: number };
  memberCount?: number;
  votingList?: { displayName: string; tookBallot: boolean }[];
  nominations?: { id: number; award: AwardCode; threshold: { num: number; den: number } }[];
  ballots?: { receipt: string; token: string; signature: string; choices: { nominationId: number; choice: Choice }[] }[];
  result?: TallyResults;
}
export interface HonourEntry {
  id: number;
  year: number;
  award: AwardCode;
  awardName: { vi: string; en: string };
  staff: { id: number; fullName: string } | null;
  orgUnit: UnitRef;
  decisionId: number | null;
  decisionNumber: string;
  decisionDate: string;
  cashAmount: number | null;
}
