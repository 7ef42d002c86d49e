import { useQuery } from '@tanstack/react-query';
import { api } from '../api/client.ts';
import type { TargetStatus } from '../../core/forecast.ts';
import type { indicatorSchema } from '../../server/modules/indicators/schema.ts';
import type { Wire } from '../../core/contract.ts';
import type { targetSchema } from '../../server/modules/targets/schema.ts';
import { Sparkline } from '../components/sparkline.tsx';
import { ErrorState, Loading } from '../components/states.tsx';
import { TargetStatusBadge } from '../components/target-status.tsx';
import { TargetProgress, TargetValue } from '../components/target-parts.tsx';
import { PageHeader } from '../components/ui.tsx';
import { useI18n, type MessageKey } from '../i18n/index.tsx';
import { useSectors } from '../lib/use-sectors.ts';
import { Link, useSearchParam } from '../router.tsx';
import { OverviewCounters } from './overview-counters.tsx';
import { OverviewWatchlist } from './overview-watchlist.tsx';

type Indicator = Wire<typeof indicatorSchema>;

type Target = Wire<typeof targetSchema>;

// Statuses in the order leadership reads them: what needs action first. The verdicts of ended targets
// (met, missed) and "not complete enough" show only when some target has them.
const STATUS_ORDER: TargetStatus[] = ['OFF_TRACK', 'AT_RISK', 'MISSED', 'INSUFFICIENT_DATA', 'ON_TRACK', 'ACHIEVED', 'MET', 'NO_DATA'];
const ALWAYS_SHOWN = new Set<TargetStatus>(['OFF_TRACK', 'AT_RISK', 'ON_TRACK', 'ACHIEVED', 'NO_DATA']);

function TargetRow({ target }: { target: Target }) {
  const { t, lang, num, period } = useI18n();
  const d = target.indicatorDecimals;
  const unit = target.indicatorUnit ? ` ${target.indicatorUnit}` : '';
  const name = lang === 'en' && target.indicatorNameEn ? target.indicatorNameEn : target.indicatorNameVi;
  const series = target.series.map((p) => p.value);
  const previous = target.series.length >= 2 ? target.series[target.series.length - 2].value : null;
  const change = target.latest && previous !== null && !target.isEnded ? target.latest.value - previous : null;
  const view = `/indicators/${encodeURIComponent(target.indicatorCode)}?ou=${encodeURIComponent(target.orgUnitCode)}&target=${target.id}`;
  const better = change === null || change === 0 ? null : change > 0 === (target.direction === 'HIGHER_IS_BETTER');
  return (
    <tr data-target={target.id} data-indicator={target.indicatorCode} data-unit={target.orgUnitCode}>
      <th scope="row" className="target-name">
        <Link to={view}>{name}</Link>
        <div className="muted small clamp-2" title={target.sourceDocument ?? undefined}>
          {target.orgUnitName}
          {target.sourceDocument && ` · ${target.sourceDocument}`}
        </div>
      </th>
      <td data-label={t('common.status')}>
        <TargetStatusBadge status={target.status} />
      </td>
      <td className="num latest-value" data-label={target.isEnded ? t('target.finalValue') : t('overview.latest')}>
        <TargetValue target={target} showMissing={target.status === 'INSUFFICIENT_DATA'} />
      </td>
      <td className="num" data-label={t('overview.changed')}>
        {change === null ? (
          <span className="muted">–</span>
        ) : (
          <span className={better === null ? '' : better ? 'delta-good' : 'delta-bad'}>
            {change > 0 ? '▲' : change < 0 ? '▼' : '■'} {num(Math.abs(change), d)}
          </span>
        )}
      </td>
      <td className="hide-phone">
        <Sparkline width={100} values={series} target={target.targetValue} label={`${name}: ${series.map((v) => num(v, d)).join('; ')}`} />
      </td>
      <td className="num" data-label={t('overview.target')}>
        {num(target.targetValue, d)}
        {unit}
        <div className="muted small">{period(target.targetPeriod)}</div>
      </td>
      <td className="num hide-phone" data-label={t('overview.forecast')}>
        {target.forecast ? (
          <>
            {num(target.forecast.value, d)}
            {unit}
            {target.forecast.lower !== null && target.forecast.upper !== null && (
              <div className="muted small">
                {num(target.forecast.lower, d)} – {num(target.forecast.upper, d)}
                {unit}
              </div>
            )}
          </>
        ) : (
          <span className="muted">–</span>
        )}
      </td>
      <td className="progress-cell" data-label={t('overview.progress')}>
        <TargetProgress target={target} />
      </td>
    </tr>
  );
}

export default function OverviewPage() {
  const { t } = useI18n();
  const [statusFilter, setStatusFilter] = useSearchParam('status');
  const targets = useQuery({ queryKey: ['overview', 'targets'], queryFn: ({ signal }) => api<Target[]>('/api/targets', { signal }), refetchInterval: 60_000 });
  const indicators = useQuery({ queryKey: ['indicators'], queryFn: ({ signal }) => api<Indicator[]>('/api/indicators', { signal }), staleTime: 5 * 60_000 });
  const sectors = useSectors();

  const counts = new Map<TargetStatus, number>();
  for (const target of targets.data ?? []) counts.set(target.status, (counts.get(target.status) ?? 0) + 1);
  const sectorOf = new Map((indicators.data ?? []).map((i) => [i.code, i.sectorCode]));
  const visible = (targets.data ?? []).filter((x) => !statusFilter || x.status === statusFilter);
  const groups = new Map<string, Target[]>();
  for (const target of visible) {
    const key = sectorOf.get(target.indicatorCode) ?? '';
    groups.set(key, [...(groups.get(key) ?? []), target]);
  }
  const sectorName = (code: string) => sectors.nameOf(code) ?? (code || t('overview.sectorOther'));
  const orderedGroups = [...groups.entries()].sort(([a], [b]) => {
    const ia = sectors.list.findIndex((g) => g.code === a);
    const ib = sectors.list.findIndex((g) => g.code === b);
    return (ia < 0 ? 999 : ia) - (ib < 0 ? 999 : ib);
  });

  return (
    <section>
      <PageHeader title={t('overview.title')} intro={t('overview.intro')} />
      <p className="data-status-note small" data-status="SUBMITTED">
        <span className="badge badge-info">{t('dataStatus.note', { status: t('dataStatus.SUBMITTED') })}</span> {t('dataStatus.targetsNote')}
      </p>
      <div className="kpis" role="group" aria-label={t('overview.targets')}>
        {STATUS_ORDER.filter((s) => ALWAYS_SHOWN.has(s) || (counts.get(s) ?? 0) > 0).map((s) => (
          <button
            key={s}
            type="button"
            className={`kpi kpi-${s.toLowerCase().replace('_', '-')}${statusFilter === s ? ' selected' : ''}`}
            aria-pressed={statusFilter === s}
            onClick={() => setStatusFilter(statusFilter === s ? null : s)}
          >
            <span className="kpi-value">{targets.data ? (counts.get(s) ?? 0) : '…'}</span>
            <span className="kpi-label">{t(`status.${s}` as MessageKey)}</span>
          </button>
        ))}
        <OverviewCounters />
      </div>
      <OverviewWatchlist />
      {targets.isLoading && <Loading />}
      {targets.error && <ErrorState error={targets.error} onRetry={() => void targets.refetch()} />}
      {targets.data && targets.data.length === 0 && <div className="state state-empty">{t('overview.noTargets')}</div>}
      {orderedGroups.map(([code, list]) => (
        <section key={code || '_'} className="card sector" aria-labelledby={`sector-${code || 'other'}`}>
          <h2 id={`sector-${code || 'other'}`}>{sectorName(code)}</h2>
          <div className="table-wrap flat">
            <table className="targets-table">
              <thead>
                <tr>
                  <th scope="col">{t('overview.targets')}</th>
                  <th scope="col">{t('common.status')}</th>
                  <th scope="col" className="num">
                    {t('overview.latest')}
                  </th>
                  <th scope="col" className="num">
                    {t('overview.changed')}
                  </th>
                  <th scope="col" className="hide-phone">
                    {t('indicator.trend')}
                  </th>
                  <th scope="col" className="num">
                    {t('overview.target')}
                  </th>
                  <th scope="col" className="num hide-phone">
                    {t('overview.forecast')}
                  </th>
                  <th scope="col">{t('overview.progress')}</th>
                </tr>
              </thead>
              <tbody>
                {[...list]
                  .sort((a, b) => STATUS_ORDER.indexOf(a.status) - STATUS_ORDER.indexOf(b.status))
                  .map((target) => (
                    <TargetRow key={target.id} target={target} />
                  ))}
              </tbody>
            </table>
          </div>
        </section>
      ))}
    </section>
  );
}
