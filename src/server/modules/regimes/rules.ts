// Pure rules shared by the form, the value writes and the report workflow.
import { comparePeriods, dueDate, listOpenPeriods, lockDate, type CutoffRule, type PeriodType } from '../../../core/periods.ts';

export interface RegimeTiming {
  code: string;
  periodType: PeriodType;
  cutoffRule: CutoffRule;
  deadlineDays: number;
  lockAfterDays: number | null;
  openFuturePeriods: number;
}

export interface StatusLike {
  status: 'DRAFT' | 'SUBMITTED' | 'RETURNED' | 'APPROVED';
  reopenedReason: string | null;
}

export interface BlockReason {
  code: 'PERIOD_LOCKED' | 'REPORT_APPROVED' | 'PERIOD_NOT_OPEN';
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

/** Why values of this regime, period and unit cannot change now; null when they can. */
export function writeBlockOf(regime: RegimeTiming, periodIso: string, today: string, status: StatusLike | null): BlockReason | null {
  if (status?.status === 'APPROVED') {
    return {
      code: 'REPORT_APPROVED',
      messageVi: `Báo cáo ${regime.code} kỳ ${periodIso} đã được phê duyệt; cần mở lại trước khi sửa`,
      messageEn: `Report ${regime.code} for ${periodIso} is approved; it must be reopened before changes`,
    };
  }
  const reopened = status !== null && status.reopenedReason !== null;
  if (!reopened && isPastLock(regime, periodIso, today)) {
    const lock = lockDate(periodIso, regime.cutoffRule, regime.deadlineDays, regime.lockAfterDays);
    return {
      code: 'PERIOD_LOCKED',
      messageVi: `Kỳ ${periodIso} của chế độ ${regime.code} đã khóa từ sau ngày ${lock}`,
      messageEn: `Period ${periodIso} of regime ${regime.code} is locked since after ${lock}`,
    };
  }
  const lastOpen = listOpenPeriods(regime.periodType, regime.cutoffRule, today, { future: regime.openFuturePeriods }).at(-1);
  if (lastOpen !== undefined && comparePeriods(periodIso, lastOpen) > 0) {
    return {
      code: 'PERIOD_NOT_OPEN',
      messageVi: `Kỳ ${periodIso} của chế độ ${regime.code} chưa mở để nhập số liệu`,
      messageEn: `Period ${periodIso} of regime ${regime.code} is not open for data entry yet`,
    };
  }
  return null;
}
