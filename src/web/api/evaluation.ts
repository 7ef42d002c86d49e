// Types of the staff evaluation API (src/server/modules/evaluation).
// The shapes are the server's response schemas (type-only imports, erased at build).
import type { Rating } from '../../core/evaluation.ts';
import type { Wire } from '../../core/contract.ts';
import type { appealSchema, decisionListSchema, periodSchema, personEvaluationSchema, unitEvaluationSchema, yearRecordSchema } from '../../server/modules/evaluation/schema.ts';

export type { Rating };
export const RATING_ORDER: Rating[] = ['HTXSNV', 'HTTNV', 'HTNV', 'KHTNV'];

export type PersonEvaluation = Wire<typeof personEvaluationSchema>;
export type EvaluationPeriod = Wire<typeof periodSchema>;
export type EvaluationSource = EvaluationPeriod['sources'][number];
export type EvaluationRecord = Wire<typeof yearRecordSchema>;
export type EvaluationAppeal = Wire<typeof appealSchema>;
export type UnitEvaluation = Wire<typeof unitEvaluationSchema>;
export type UnitPerson = UnitEvaluation['people'][number];
export type DecisionItem = Wire<typeof decisionListSchema>['items'][number];
