import type { Commitment, LinkState, ResultOutcome } from '../api/commitments.ts';
import { useI18n, type MessageKey } from '../i18n/index.tsx';

const CLASS: Record<string, string> = {
  MET: 'badge-ok',
  PARTLY_MET: 'badge-warn',
  NOT_MET: 'badge-bad',
  INSUFFICIENT_DATA: '',
  LIKELY_MET: 'badge-ok',
  AT_RISK: 'badge-warn',
  LIKELY_NOT_MET: 'badge-bad',
  ON_TRACK: 'badge-ok',
  UNKNOWN: '',
  EXCLUDED: '',
  NOT_STARTED: 'badge-info',
};

/** The commitment's outcome once its period ended, otherwise its forecast (or "not started"). */
export function CommitmentBadge({ c }: { c: Pick<Commitment, 'phase' | 'outcome' | 'forecast'> }) {
  const { t } = useI18n();
  const key = c.outcome ?? c.forecast ?? c.phase;
  const label = c.outcome ? t(`commitments.outcome.${c.outcome}` as MessageKey) : c.forecast ? t(`commitments.forecast.${c.forecast}` as MessageKey) : t('commitments.phase.NOT_STARTED');
  return (
    <span className={`badge ${CLASS[key] ?? ''}`} data-outcome={c.outcome ?? undefined} data-forecast={c.forecast ?? undefined}>
      {label}
    </span>
  );
}

/** A result's or a link's state. */
export function StateBadge({ state }: { state: LinkState | ResultOutcome }) {
  const { t } = useI18n();
  return (
    <span className={`badge ${CLASS[state] ?? ''}`} data-state={state}>
      {t(`commitments.state.${state}` as MessageKey)}
    </span>
  );
}
