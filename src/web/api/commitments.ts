// Types of the commitments API (src/server/modules/commitments), as the web receives them.
// The shapes are the server's response schemas (type-only imports, erased at build).
import type { CommitmentForecast, LinkState, Outcome, ResultOutcome } from '../../core/commitments.ts';
import type { Wire } from '../../core/contract.ts';
import type { commitmentDetailSchema, commitmentListSchema, commitmentResultSchema, commitmentSchema, uploadedCommitmentEvidenceSchema } from '../../server/modules/commitments/schema.ts';

export type { CommitmentForecast, LinkState, Outcome, ResultOutcome };

export type CommitmentResult = Wire<typeof commitmentResultSchema>;
export type Commitment = Wire<typeof commitmentSchema>;
export type CommitmentDetail = Wire<typeof commitmentDetailSchema>;
export type CommitmentList = Wire<typeof commitmentListSchema>;
export type CommitmentEvidence = Wire<typeof uploadedCommitmentEvidenceSchema>;
