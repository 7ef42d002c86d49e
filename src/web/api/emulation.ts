// Types of the emulation and commendation API (src/server/modules/emulation).
// The shapes are the server's response schemas (type-only imports, erased at build).
import type { Wire } from '../../core/contract.ts';
import type {
  ballotBoxSchema,
  campaignDetailSchema,
  campaignSchema,
  commentsSchema,
  eligibilityAnswer,
  eligibilitySchema,
  honourEntrySchema,
  nominationSchema,
  peopleSchema,
  rulesSchema,
  sessionSchema,
  sessionSummarySchema,
} from '../../server/modules/emulation/schema.ts';

export type Campaign = Wire<typeof campaignSchema>;
export type UnitRef = Campaign['orgUnit'];
export type CampaignDetail = Wire<typeof campaignDetailSchema>;
export type Eligibility = Wire<typeof eligibilitySchema>;
export type EligibilityAnswer = Wire<typeof eligibilityAnswer>;
export type SessionSummary = Wire<typeof sessionSummarySchema>;
export type Session = Wire<typeof sessionSchema>;
export type BallotBox = Wire<typeof ballotBoxSchema>;
export type HonourEntry = Wire<typeof honourEntrySchema>;
export type Nomination = Wire<typeof nominationSchema>;
export type EmulationRules = Wire<typeof rulesSchema>;
export type AwardInfo = EmulationRules['awards'][number];
export type CommentPeriod = Wire<typeof commentsSchema>;
export type PersonOption = Wire<typeof peopleSchema>['items'][number];
