import type { Wire } from '../../core/contract.ts';
import type { targetSchema } from '../../server/modules/targets/schema.ts';
import { useI18n } from '../i18n/index.tsx';
import { CoverageNote } from './coverage.tsx';

type Target = Wire<typeof targetSchema>;

/**
 * Progress from baseline to target as a bar bounded to 0–100 %, with the raw figure beside it when it lies
 * outside ("100 % (217 %)"): a bar cannot show 217 % or −54 %, and hiding them would not be honest.
 */
export function TargetProgress({ target }: { target: Pick<Target, 'progress' | 'progressShown' | 'status'> }) {
  const { t, num } = useI18n();
  const { progress, progressShown, status } = target;
  if (progress === null || progressShown === null) return <span className="muted">–</span>;
  const shown = `${num(progressShown * 100, 0)} %`;
  const raw = `${num(progress * 100, 0)} %`;
  const differs = Math.abs(progress - progressShown) > 1e-9;
  return (
    <div className="progress-wrap" title={t('target.progressHelp')}>
      <div className="progress" data-progress={progressShown} data-progress-raw={progress}>
        <div className={`progress-bar bar-${status.toLowerCase().replaceAll('_', '-')}`} style={{ width: `${progressShown * 100}%` }} />
        <span className="progress-label">{shown}</span>
      </div>
      {differs && (
        <span className="progress-raw small" aria-label={t('target.progressRaw', { raw })}>
          ({raw})
        </span>
      )}
    </div>
  );
}

/**
 * The value a target is judged on: the final value of an ended target, otherwise the latest period complete
 * enough to judge, each with its period and coverage; a newer incomplete period says who is missing.
 */
export function TargetValue({ target, showMissing = false }: { target: Target; showMissing?: boolean }) {
  const { t, num, period } = useI18n();
  const d = target.indicatorDecimals;
  const unit = target.indicatorUnit ? ` ${target.indicatorUnit}` : '';
  const shown = target.isEnded && target.final ? target.final : target.latest;
  const missing = target.isEnded ? (target.final?.missing ?? []) : (target.pending?.missing ?? []);
  const missingNames = [...new Set(missing.map((m) => m.orgUnitName))];
  return (
    <>
      {shown && shown.value !== null ? (
        <>
          {target.isEnded && <div className="muted small">{t('target.final', { period: period(shown.period) })}</div>}
          <strong>{num(shown.value, d)}</strong>
          {unit}
          {!target.isEnded && <div className="muted small">{period(shown.period)}</div>}
          <div>
            <CoverageNote coverage={shown.coverage} compact />
          </div>
        </>
      ) : (
        <span className="muted">–</span>
      )}
      {!target.isEnded && target.pending && (
        <div className="pending small" data-pending={target.pending.period} title={missingNames.length ? t('target.pendingMissing', { units: missingNames.join(', ') }) : undefined}>
          <span className="status status-insufficient-data">{t('target.pending', { period: period(target.pending.period) })}</span> <CoverageNote coverage={target.pending.coverage} compact />
        </div>
      )}
      {showMissing && missingNames.length > 0 && (
        <div className="small missing-names">{t('target.pendingMissing', { units: missingNames.slice(0, 8).join(', ') + (missingNames.length > 8 ? ` … (+${missingNames.length - 8})` : '') })}</div>
      )}
    </>
  );
}
