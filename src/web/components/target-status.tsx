import type { TargetStatus } from '../../core/forecast.ts';
import { useI18n, type MessageKey } from '../i18n/index.tsx';

export const STATUS_COLOURS: Record<TargetStatus, string> = {
  ACHIEVED: '#1565c0',
  ON_TRACK: '#2e7d32',
  AT_RISK: '#b77800',
  OFF_TRACK: '#c62828',
  NO_DATA: '#6b7482',
  MET: '#0d47a1',
  MISSED: '#8e1b14',
  INSUFFICIENT_DATA: '#7a5000',
};

/** Status as colour AND words (colour alone would fail people who do not see it). */
export function TargetStatusBadge({ status }: { status: TargetStatus }) {
  const { t } = useI18n();
  return (
    <span className={`status status-${status.toLowerCase().replaceAll('_', '-')}`}>
      <span className="status-dot" aria-hidden="true" />
      {t(`status.${status}` as MessageKey)}
    </span>
  );
}
