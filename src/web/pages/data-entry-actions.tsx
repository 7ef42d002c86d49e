import type { FormView } from '../api/types.ts';

// Submit / approve / return and the Excel round trip are wired here once their API exists.

export function WorkflowActions(_props: { form: FormView; regime: string; period: string; orgUnit: string; dirty: boolean }) {
  return null;
}

export function ExcelPanel(_props: { regime: string; period: string; orgUnit: string; editable: boolean }) {
  return null;
}
