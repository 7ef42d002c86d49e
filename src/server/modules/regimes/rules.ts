// Pure rules shared by the form, the value writes and the report workflow.
import { comparePeriods, dueDate, formatDate, formatPeriod, listOpenPeriods, lockDate, vietnamDate, type CutoffRule, type PeriodType } from '../../../core/periods.ts';

export interface RegimeTiming {
  code: string;
  /** The regime's name, for messages (the code when absent). */
  nameVi?: string;
  nameEn?: string | null;
  periodType: PeriodType;
  cutoffRule: CutoffRule;
  deadlineDays: number;
  lockAfterDays: number | null;
  openFuturePeriods: number;
}

export interface StatusLike {
  status: 'DRAFT' | 'SUBMITTED' | 'RETURNED' | 'APPROVED';
  reopenedReason: string | null;
  submittedAt?: string | Date | null;
}

export interface BlockReason {
  code: 'PERIOD_LOCKED' | 'REPORT_APPROVED' | 'REPORT_SUBMITTED' | 'PERIOD_NOT_OPEN';
  messageVi: string;
  messageEn: string;
}

/** Whether the period is locked on `today` (the lock date has passed), ignoring reopening. */
export function isPastLock(regime: RegimeTiming, periodIso: string, today: string): boolean {
  const lock = lockDate(periodIso, regime.cutoffRule, regime.deadlineDays, regime.lockAfterDays);
  return lock !== null && today > lock;
}

/** Whether a submission on `day` is after the due date. */
export function isLateOn(regime: RegimeTiming, periodIso: string, day: string): boolean {
  return day > dueDate(periodIso, regime.cutoffRule, regime.deadlineDays);
}

const regimeVi = (r: RegimeTiming) => (r.nameVi ? `'${r.nameVi}'` : r.code);
const regimeEn = (r: RegimeTiming) => (r.nameEn ? `'${r.nameEn}'` : r.nameVi ? `'${r.nameVi}'` : r.code);

/** Why values of this regime, period and unit cannot change now; null when they can. */
export function writeBlockOf(regime: RegimeTiming, periodIso: string, today: string, status: StatusLike | null): BlockReason | null {
  if (status?.status === 'APPROVED') {
    return {
      code: 'REPORT_APPROVED',
      messageVi: `Báo cáo ${regimeVi(regime)} kỳ ${formatPeriod(periodIso, 'vi')} đã được phê duyệt; cần mở lại trước khi sửa`,
      messageEn: `Report ${regimeEn(regime)} for ${formatPeriod(periodIso, 'en')} is approved; it must be reopened before changes`,
    };
  }
  if (status?.status === 'SUBMITTED') {
    // The approver approves the figures as sent: nothing changes behind their back.
    const when = status.submittedAt ? ` ngày ${formatDate(vietnamDate(new Date(status.submittedAt)), 'vi')}` : '';
    const whenEn = status.submittedAt ? ` on ${formatDate(vietnamDate(new Date(status.submittedAt)), 'en')}` : '';
    return {
      code: 'REPORT_SUBMITTED',
      messageVi: `Báo cáo ${regimeVi(regime)} kỳ ${formatPeriod(periodIso, 'vi')} đã được gửi${when}; hãy rút lại báo cáo (khi chưa được duyệt) hoặc đề nghị đơn vị nhận trả lại trước khi sửa số liệu`,
      messageEn: `Report ${regimeEn(regime)} for ${formatPeriod(periodIso, 'en')} was submitted${whenEn}; withdraw it (while not yet approved) or ask the receiver to return it before changing its figures`,
    };
  }
  const reopened = status !== null && status.reopenedReason !== null;
  if (!reopened && isPastLock(regime, periodIso, today)) {
    const lock = lockDate(periodIso, regime.cutoffRule, regime.deadlineDays, regime.lockAfterDays);
    return {
      code: 'PERIOD_LOCKED',
      messageVi: `Kỳ ${formatPeriod(periodIso, 'vi')} của chế độ ${regimeVi(regime)} đã khóa từ sau ngày ${formatDate(lock as string, 'vi')}`,
      messageEn: `Period ${formatPeriod(periodIso, 'en')} of regime ${regimeEn(regime)} is locked since after ${formatDate(lock as string, 'en')}`,
    };
  }
  const lastOpen = listOpenPeriods(regime.periodType, regime.cutoffRule, today, { future: regime.openFuturePeriods }).at(-1);
  if (lastOpen !== undefined && comparePeriods(periodIso, lastOpen) > 0) {
    return {
      code: 'PERIOD_NOT_OPEN',
      messageVi: `Kỳ ${formatPeriod(periodIso, 'vi')} của chế độ ${regimeVi(regime)} chưa mở để nhập số liệu`,
      messageEn: `Period ${formatPeriod(periodIso, 'en')} of regime ${regimeEn(regime)} is not open for data entry yet`,
    };
  }
  return null;
}
