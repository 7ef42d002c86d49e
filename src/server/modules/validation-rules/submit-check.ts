// Validation rules take part in every report submission through the report workflow's check hook.
import { registerSubmitCheck, type SubmitCheckInput } from '../report-status/service.ts';
import { checkReport } from './service.ts';

let registered = false;

/** Registers the rules' check once per process, however many apps are built (tests build many). */
export function registerValidationSubmitCheck(): void {
  if (registered) return;
  registered = true;
  registerSubmitCheck((ctx, input: SubmitCheckInput) => checkReport(ctx.db, { regimeId: input.regimeId, orgUnitId: input.orgUnitId, periodId: input.periodId, comment: input.comment ?? null }));
}
