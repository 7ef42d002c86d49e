import { useQuery } from '@tanstack/react-query';
import { niceBound, rankingAxis } from '../lib/chart-axis.ts';
import { useMemo, useState } from 'react';
import type { EChartsCoreOption } from 'echarts/core';
import { api } from '../api/client.ts';
import type { AnalyticsResponse, DataStatus, Explanation } from '../api/analytics.ts';
import type { orgUnitDetailSchema } from '../../server/modules/org-units/schema.ts';
import type { indicatorSchema } from '../../server/modules/indicators/schema.ts';
import type { Wire } from '../../core/contract.ts';
import type { targetSchema } from '../../server/modules/targets/schema.ts';
import { comparePeriods, nextPeriod } from '../../core/periods.ts';
import { aggregationLabel } from '../../core/aggregation-types.ts';
import { Chart } from '../components/chart.tsx';
import { FormError, Loading, QueryView } from '../components/states.tsx';
import { TargetStatusBadge } from '../components/target-status.tsx';
import { TargetProgress, TargetValue } from '../components/target-parts.tsx';
import { CoverageNote, DataStatusSelect, MissingList } from '../components/coverage.tsx';
import { PROVINCE_CODES, PROVINCE_NAMES, TileMap } from '../components/tile-map.tsx';
import { Dialog, PageHeader, SelectField } from '../components/ui.tsx';
import { useAuth } from '../auth.tsx';
import { useI18n, type MessageKey } from '../i18n/index.tsx';
import { analyticsParams, dataStatusOf, isProvisional, readCells, seriesByPeriod, type AnalyticsCell } from '../lib/analytics.ts';
import { sourceLabel } from '../lib/labels.ts';
import { trendPeriods, trimFutureGaps, type TrendRange } from '../lib/trend-periods.ts';
import { Link, useSearchParam } from '../router.tsx';

type OrgUnitDetail = Wire<typeof orgUnitDetailSchema>;

type Indicator = Wire<typeof indicatorSchema>;

type Target = Wire<typeof targetSchema>;

const COUNTRY = 'VN';

export function Explain({ dx, pe, ou, dataStatus, onClose }: { dx: string; pe: string; ou: string; dataStatus: DataStatus; onClose: () => void }) {
  const { t, num, date, lang, period } = useI18n();
  const query = useQuery({
    queryKey: ['analytics', 'explain', dx, pe, ou, dataStatus, lang],
    queryFn: ({ signal }) => api<Explanation>('/api/analytics/explain', { query: { dx, pe, ou, dataStatus }, signal }),
  });
  const words = (key: string, fallback: string) => {
    const text = t(key as MessageKey);
    return text === key ? fallback : text;
  };
  return (
    <Dialog title={t('indicator.explain')} open onClose={onClose}>
      <QueryView query={query}>
        {(e) => (
          <div className="explain">
            <p>
              <strong>{e.dxName}</strong> · {e.ouName} · {period(e.pe)}
            </p>
            <p className="small">
              <span className="badge badge-info">{t('dataStatus.note', { status: t(`dataStatus.${e.dataStatus}` as MessageKey) })}</span>{' '}
              {e.coverage ? (
                <>
                  {t('coverage.title')}: <CoverageNote coverage={e.coverage} />
                </>
              ) : (
                <span className="muted">{t('coverage.notExpected')}</span>
              )}
            </p>
            {e.missing.length > 0 && (
              <section className="explain-missing">
                <h3>
                  {t('coverage.missing')} ({num(e.missing.length, 0)})
                </h3>
                <MissingList missing={e.missing} limit={40} />
              </section>
            )}
            {e.formula && (
              <p>
                {t('indicator.formula')}: <code>{e.formula}</code>
              </p>
            )}
            {e.arithmetic && (
              <p>
                <code>{e.arithmetic}</code>
              </p>
            )}
            {e.nullReason && <p className="muted">{words(`reason.${e.nullReason}`, e.nullReason)}</p>}
            {e.references.map((r) => (
              <section key={r.reference}>
                <h3>
                  <code>{r.reference}</code> ({aggregationLabel(r.aggregationType, lang, 'short')}) = {num(r.value)}
                </h3>
                <div className="table-wrap">
                  <table>
                    <thead>
                      <tr>
                        <th>{t('indicator.orgUnit')}</th>
                        <th>{t('indicator.period')}</th>
                        <th className="num">{t('indicator.value')}</th>
                        <th>{t('common.status')}</th>
                        <th className="hide-phone">{t('audit.who')}</th>
                      </tr>
                    </thead>
                    <tbody>
                      {r.values.slice(0, 200).map((v, i) => (
                        <tr key={i}>
                          <td>
                            {v.orgUnitName}
                            {v.option && <span className="muted small"> · {v.option}</span>}
                          </td>
                          <td>{period(v.period)}</td>
                          <td className="num">{typeof v.value === 'number' ? num(v.value) : v.value}</td>
                          <td className="small">{v.dataStatus ? words(`value.${v.dataStatus}`, v.dataStatus) : '–'}</td>
                          <td className="hide-phone small">
                            {v.storedBy} · {sourceLabel(v.source, lang)} · {date(v.updatedAt, true)}
                          </td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
              </section>
            ))}
          </div>
        )}
      </QueryView>
    </Dialog>
  );
}

/** A target's own view: its verdict, the value it is judged on with its coverage, who is missing, progress, forecast. */
function TargetCard({ id, format }: { id: number; format: (v: number) => string }) {
  const { t, num, period } = useI18n();
  const query = useQuery({ queryKey: ['overview', 'target', id], queryFn: ({ signal }) => api<Target & { backtest?: { mape: number | null } | null }>(`/api/targets/${id}`, { signal }) });
  return (
    <QueryView query={query}>
      {(target) => (
        <div className="target-card" data-target-view={target.id} data-target-period={target.targetPeriod}>
          <p className="target-line">
            <TargetStatusBadge status={target.status} /> {t('overview.target')} {period(target.targetPeriod)}: <strong>{format(target.targetValue)}</strong>
            {target.baselineValue !== null && (
              <>
                {' '}
                · {t('indicator.baseline')}: {format(target.baselineValue)}
                {target.baselinePeriod && ` (${period(target.baselinePeriod)})`}
              </>
            )}
            {target.sourceDocument && (
              <span className="muted small">
                {' '}
                · {t('indicator.source')}: {target.sourceDocument}
              </span>
            )}
          </p>
          <div className="target-facts">
            <div>
              <div className="muted small">{target.isEnded ? t('target.finalValue') : t('target.latestCoverage')}</div>
              <TargetValue target={target} showMissing />
            </div>
            <div>
              <div className="muted small">{t('overview.progress')}</div>
              <TargetProgress target={target} />
            </div>
            {target.forecast && (
              <div>
                <div className="muted small">
                  {t('overview.forecast')} {period(target.forecast.period)}
                </div>
                <strong>{format(target.forecast.value)}</strong>
                {target.forecast.lower !== null && target.forecast.upper !== null && (
                  <span className="small">
                    {' '}
                    ({format(target.forecast.lower)} – {format(target.forecast.upper)})
                  </span>
                )}
                {target.backtest && target.backtest.mape !== null && <div className="muted small">{t('target.backtest', { mape: `${num(target.backtest.mape * 100, 1)} %` })}</div>}
              </div>
            )}
          </div>
          {target.minCoverage < 1 && <p className="muted small">{t('target.minCoverage', { share: `${num(target.minCoverage * 100, 0)} %` })}</p>}
        </div>
      )}
    </QueryView>
  );
}

function todayIso(): string {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

function formulaText(meta: Indicator): string {
  const ratio = meta.denominator.trim() === '1' ? meta.numerator : `(${meta.numerator}) / (${meta.denominator})`;
  return meta.factor === 1 ? ratio : `${ratio} × ${meta.factor}`;
}

function trendOption(
  points: { period: string; name: string; value: number | null; coverage?: AnalyticsCell['coverage'] }[],
  target: Target | null,
  labels: { value: string; target: string; forecast: string },
  format: (v: number) => string,
  periodLabel: (id: string) => string,
): EChartsCoreOption {
  const periods = points.map((p) => p.period);
  const forecast = target?.forecast ?? null;
  // Extend the axis to the forecast's period so the band reaches where the target is judged.
  if (forecast && periods.length > 0 && comparePeriods(forecast.period, periods[periods.length - 1]) > 0) {
    let p = periods[periods.length - 1];
    for (let i = 0; i < 120 && comparePeriods(p, forecast.period) < 0; i++) {
      p = nextPeriod(p);
      periods.push(p);
    }
  }
  const values = periods.map((p) => points.find((x) => x.period === p)?.value ?? null);
  const lastIndex = values.reduce<number>((acc, v, i) => (v !== null ? i : acc), -1);
  const fIndex = forecast ? periods.indexOf(forecast.period) : -1;
  const lower: (number | null)[] = periods.map(() => null);
  const band: (number | null)[] = periods.map(() => null);
  const centre: (number | null)[] = periods.map(() => null);
  if (forecast && lastIndex >= 0 && fIndex > lastIndex) {
    const start = values[lastIndex] as number;
    const lo = forecast.lower ?? forecast.value;
    const hi = forecast.upper ?? forecast.value;
    // A straight cone from the latest value to the interval at the target period.
    for (let i = lastIndex; i <= fIndex; i++) {
      const f = (i - lastIndex) / (fIndex - lastIndex);
      const l = start + (lo - start) * f;
      const h = start + (hi - start) * f;
      lower[i] = l;
      band[i] = h - l;
      centre[i] = start + (forecast.value - start) * f;
    }
  }
  const series: object[] = [
    {
      name: labels.value,
      type: 'line',
      // A provisional value (not every expected report in) is drawn hollow and amber.
      data: periods.map((p, i) => {
        const point = points.find((x) => x.period === p);
        return point && isProvisional(point.coverage) && values[i] !== null
          ? { value: values[i], symbol: 'emptyCircle', symbolSize: 9, itemStyle: { color: '#b77800', borderColor: '#b77800' } }
          : values[i];
      }),
      connectNulls: true,
      symbolSize: 6,
      lineStyle: { width: 2.5, color: '#0b4f8a' },
      itemStyle: { color: '#0b4f8a' },
      markLine: target
        ? {
            symbol: 'none',
            lineStyle: { color: '#c62828', type: 'dashed', width: 1.5 },
            label: { formatter: `${labels.target}: ${format(target.targetValue)}`, position: 'insideEndTop', color: '#b3261e' },
            data: [{ yAxis: target.targetValue }],
          }
        : undefined,
    },
  ];
  if (forecast && fIndex > lastIndex && lastIndex >= 0) {
    series.push(
      { name: 'lower', type: 'line', data: lower, stack: 'band', lineStyle: { opacity: 0 }, symbol: 'none', tooltip: { show: false } },
      { name: labels.forecast, type: 'line', data: band, stack: 'band', lineStyle: { opacity: 0 }, symbol: 'none', areaStyle: { color: 'rgba(245, 163, 0, 0.25)' }, tooltip: { show: false } },
      { name: `${labels.forecast} `, type: 'line', data: centre, symbol: 'none', lineStyle: { type: 'dotted', color: '#b77800', width: 2 } },
    );
  }
  return {
    animation: false,
    // The legend sits above the plot on one scrolling line: below it, on a phone, it wrapped onto the axis labels.
    grid: { left: 56, right: 24, top: 40, bottom: 28 },
    tooltip: { trigger: 'axis', valueFormatter: (v: unknown) => (typeof v === 'number' ? format(v) : '–') },
    legend: { top: 0, type: 'scroll', data: [labels.value, `${labels.forecast} `] },
    xAxis: { type: 'category', data: periods, axisLabel: { formatter: periodLabel, hideOverlap: true } },
    // Keep the target line inside the chart even when the values are far from it.
    yAxis: {
      type: 'value',
      scale: true,
      axisLabel: { formatter: format },
      min: (extent: { min: number; max: number }) => niceBound(Math.min(extent.min, target?.targetValue ?? extent.min), Math.max(extent.max, target?.targetValue ?? extent.max), 'min'),
      max: (extent: { min: number; max: number }) => niceBound(Math.min(extent.min, target?.targetValue ?? extent.min), Math.max(extent.max, target?.targetValue ?? extent.max), 'max'),
    },
    series,
  };
}

function rankingOption(rows: { name: string; value: number }[], format: (v: number) => string, highlight?: string, decimals = 0): EChartsCoreOption {
  const sorted = [...rows].sort((a, b) => a.value - b.value);
  const axis = rankingAxis(sorted.map((r) => r.value));
  return {
    animation: false,
    grid: { left: 110, right: 56, top: 8, bottom: 24 },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: (v: unknown) => (typeof v === 'number' ? format(v) : '–') },
    // No tick finer than the figures' own precision (ticks at 4,5 labelled "5" twice otherwise).
    xAxis: { type: 'value', axisLabel: { formatter: format, hideOverlap: true }, minInterval: 10 ** -decimals, ...(axis ?? {}) },
    yAxis: { type: 'category', data: sorted.map((r) => r.name), axisLabel: { fontSize: 11 } },
    series: [
      {
        type: 'bar',
        barMaxWidth: 22,
        data: sorted.map((r) => ({ value: r.value, itemStyle: { color: r.name === highlight ? '#f5a300' : '#0b4f8a' } })),
        label: { show: true, position: 'right', formatter: (p: { value: number }) => format(p.value), fontSize: 11 },
      },
    ],
  };
}

export default function IndicatorPage({ params }: { params: Record<string, string> }) {
  const code = params.code;
  const { t, lang, num, period } = useI18n();
  const [ouParam, setOu] = useSearchParam('ou');
  const [mapPeriodParam, setMapPeriod] = useSearchParam('pe');
  const [explain, setExplain] = useState<{ pe: string; ou: string } | null>(null);
  const [dataStatusParam, setDataStatus] = useSearchParam('data');
  const dataStatus = dataStatusOf(dataStatusParam);
  const [targetParam] = useSearchParam('target');
  const { me } = useAuth();
  // People scoped to a province see their own units; the country and the map need a wider scope.
  const readsAll = Boolean(me?.scopes.some((s) => s.orgUnitId === null || s.orgUnitCode === COUNTRY));
  const ownCodes = (me?.scopes ?? []).map((s) => s.orgUnitCode).filter((c): c is string => Boolean(c));
  const mapCodes = readsAll ? PROVINCE_CODES : PROVINCE_CODES.filter((c) => ownCodes.includes(c));
  const indicator = useQuery({ queryKey: ['indicators', code], queryFn: ({ signal }) => api<Indicator>(`/api/indicators/${encodeURIComponent(code)}`, { signal }) });
  const targets = useQuery({ queryKey: ['overview', 'targets', code], queryFn: ({ signal }) => api<Target[]>('/api/targets', { query: { indicator: code }, signal }) });
  // A target opened by its id (an indicator may have a 2025 and a 2030 target for the same unit).
  const chosenTarget = targetParam ? (targets.data?.find((x) => String(x.id) === targetParam) ?? null) : null;
  const ou = ouParam || chosenTarget?.orgUnitCode || (readsAll ? COUNTRY : (ownCodes[0] ?? COUNTRY));
  const unit = useQuery({ queryKey: ['orgUnits', 'detail', ou, lang], queryFn: ({ signal }) => api<OrgUnitDetail>(`/api/orgUnits/${encodeURIComponent(ou)}`, { signal }) });
  const [rangeParam, setRange] = useSearchParam('range');
  const range: TrendRange = rangeParam === 'recent' || rangeParam === 'years' ? rangeParam : 'auto';
  // The unit's own target: the one asked for, else the running one (an ended target has no forecast to draw).
  const unitTargets = (targets.data ?? []).filter((x) => x.orgUnitCode === ou);
  const target = (chosenTarget && chosenTarget.orgUnitCode === ou ? chosenTarget : null) ?? unitTargets.find((x) => !x.isEnded) ?? unitTargets[0] ?? null;
  // The unit's own target, else any target of the indicator, tells where its history lies.
  const hint = (target ?? targets.data?.find((x) => x.latest))?.latest?.period ?? null;
  const trendPeriodIds = trendPeriods(range, hint, todayIso());
  const trendParams = `${analyticsParams({ dx: [code], pe: trendPeriodIds, ou: [ou] })}&dataStatus=${dataStatus}`;
  const trend = useQuery({
    queryKey: ['analytics', 'trend', code, ou, trendPeriodIds.join(';'), dataStatus, lang],
    queryFn: ({ signal }) => api<AnalyticsResponse>(`/api/analytics?${trendParams}`, { signal }),
    enabled: !targets.isLoading,
  });

  const points = useMemo(() => {
    if (!trend.data) return [];
    const all = trimFutureGaps(seriesByPeriod(trend.data, ou), todayIso());
    // History that starts inside the window should not open with a run of empty periods.
    const first = all.findIndex((p) => p.value !== null);
    return range === 'auto' && first > 0 ? all.slice(first) : all;
  }, [trend.data, ou, range]);
  const latestPoint = [...points].reverse().find((p) => p.value !== null);
  const latestPeriod = latestPoint?.period;
  const mapPeriod = mapPeriodParam || latestPeriod || points.at(-1)?.period || '';
  const mapParams = `${analyticsParams({ dx: [code], pe: [mapPeriod], ou: mapCodes })}&dataStatus=${dataStatus}`;
  const provinces = useQuery({
    queryKey: ['analytics', 'provinces', code, mapPeriod, mapCodes.join(','), dataStatus, lang],
    queryFn: ({ signal }) => api<AnalyticsResponse>(`/api/analytics?${mapParams}`, { signal }),
    enabled: Boolean(mapPeriod) && mapCodes.length > 0,
  });

  const meta = indicator.data;
  const decimals = meta?.decimals ?? 1;
  const unitLabel = meta?.unit ?? null;
  const format = (v: number) => num(v, decimals);
  const provinceCells = useMemo(() => new Map<string, AnalyticsCell>((provinces.data ? readCells(provinces.data) : []).map((c) => [c.ou, c])), [provinces.data]);
  const provinceValues = useMemo(() => new Map([...provinceCells.entries()].map(([c, cell]) => [c, cell.value])), [provinceCells]);
  const name = meta ? (lang === 'en' && meta.nameEn ? meta.nameEn : meta.nameVi) : code;
  const option = useMemo(
    () => trendOption(points, target, { value: name, target: t('indicator.targetLine'), forecast: t('indicator.forecastBand') }, format, period),
    [points, target, name, lang], // eslint-disable-line react-hooks/exhaustive-deps
  );
  const ranking = useMemo(
    () =>
      rankingOption(
        [...provinceValues.entries()].map(([c, v]) => ({ name: PROVINCE_NAMES.get(c) ?? c, value: v })),
        format,
        PROVINCE_NAMES.get(ou),
        decimals,
      ),
    [provinceValues, ou, lang, decimals], // eslint-disable-line react-hooks/exhaustive-deps
  );

  if (indicator.error) return <FormError error={indicator.error} />;
  return (
    <section>
      <PageHeader title={name} intro={meta?.description ?? undefined}>
        <a className="btn" href={`/api/analytics.csv?${trendParams}&lang=${lang}`} download>
          {t('indicator.downloadCsv')}
        </a>
        <a className="btn" href={`/api/analytics.xlsx?${trendParams}&lang=${lang}`} download>
          {t('indicator.downloadXlsx')}
        </a>
      </PageHeader>
      <nav className="breadcrumb" aria-label={t('orgUnits.path')}>
        {unit.data?.ancestors.map((a) => (
          <span key={a.id}>
            <button type="button" className="link" onClick={() => setOu(a.code === COUNTRY ? null : a.code)}>
              {a.nameVi}
            </button>{' '}
            ›{' '}
          </span>
        ))}
        <strong>{unit.data?.nameVi ?? ou}</strong>
      </nav>
      <div className="toolbar data-status-bar">
        <DataStatusSelect value={dataStatus} onChange={setDataStatus} />
        {latestPoint && latestPoint.value !== null && (
          <p className="latest-summary" data-latest-period={latestPoint.period}>
            <span className="muted small">{t('overview.latest')}</span> <strong>{format(latestPoint.value)}</strong>
            {unitLabel && ` ${unitLabel}`} · {period(latestPoint.period)} <CoverageNote coverage={latestPoint.coverage} />
          </p>
        )}
      </div>
      <div className="grid indicator-summary">
        <div className="card">
          <div className="card-head">
            <h2>{t('indicator.trend')}</h2>
            <SelectField label={t('indicator.range')} value={range} onChange={(e) => setRange(e.target.value === 'auto' ? null : e.target.value)}>
              <option value="auto">{t('indicator.rangeAuto')}</option>
              <option value="recent">{t('indicator.rangeRecent')}</option>
              <option value="years">{t('indicator.rangeYears')}</option>
            </SelectField>
          </div>
          {meta && (
            <p className="muted small">
              {t('indicator.formula')}: <code>{formulaText(meta)}</code>
              {unitLabel && ` · ${unitLabel}`}
            </p>
          )}
          {target && <TargetCard key={target.id} id={target.id} format={format} />}
          {(targets.data ?? []).length > 1 && (
            <nav className="target-links small" aria-label={t('target.others')}>
              {t('target.others')}:{' '}
              {(targets.data ?? []).map((x) => (
                <Link
                  key={x.id}
                  to={`/indicators/${encodeURIComponent(code)}?ou=${encodeURIComponent(x.orgUnitCode)}&target=${x.id}`}
                  className={x.id === target?.id ? 'current' : undefined}
                  aria-current={x.id === target?.id ? 'true' : undefined}
                >
                  {x.orgUnitName} · {period(x.targetPeriod)}
                </Link>
              ))}
            </nav>
          )}
          {trend.isLoading ? (
            <Loading />
          ) : trend.error ? (
            <FormError error={trend.error} />
          ) : latestPeriod ? (
            <Chart option={option} height={300} label={`${t('indicator.trend')}: ${name}`} />
          ) : (
            <div className="state state-empty">{t('indicator.noValue')}</div>
          )}
          <details className="values-table">
            <summary>{t('indicator.values')}</summary>
            <div className="table-wrap">
              <table>
                <thead>
                  <tr>
                    <th>{t('indicator.period')}</th>
                    <th className="num">{t('indicator.value')}</th>
                    <th>{t('coverage.title')}</th>
                    <th />
                  </tr>
                </thead>
                <tbody>
                  {points.map((p) => (
                    <tr key={p.period} data-period={p.period}>
                      <td>{period(p.period)}</td>
                      <td className={`num trend-value${isProvisional(p.coverage) ? ' provisional-value' : ''}`}>{p.value === null ? '–' : format(p.value)}</td>
                      <td>{p.value !== null && <CoverageNote coverage={p.coverage} compact />}</td>
                      <td>
                        {p.value !== null && (
                          <button type="button" className="btn btn-small" onClick={() => setExplain({ pe: p.period, ou })}>
                            {t('indicator.explain')}
                          </button>
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </details>
        </div>
      </div>
      <div className="grid grid-2">
        <div className="card">
          <div className="card-head">
            <h2>{t('indicator.map')}</h2>
            <SelectField label={t('indicator.pickPeriod')} value={mapPeriod} onChange={(e) => setMapPeriod(e.target.value)}>
              {points.map((p) => (
                <option key={p.period} value={p.period}>
                  {period(p.period)}
                </option>
              ))}
            </SelectField>
          </div>
          {mapCodes.length === 0 ? (
            <div className="state state-empty">{t('indicator.noValue')}</div>
          ) : provinces.isLoading ? (
            <Loading />
          ) : provinces.error ? (
            <FormError error={provinces.error} />
          ) : (
            <TileMap values={provinceValues} decimals={decimals} unit={unitLabel} selected={ou} onSelect={(c) => setOu(c)} label={`${t('indicator.map')} · ${period(mapPeriod)}`} />
          )}
        </div>
        <div className="card">
          <h2>
            {t('indicator.ranking')} · {mapPeriod && period(mapPeriod)}
          </h2>
          {ou === COUNTRY && <CoverageNote coverage={points.find((p) => p.period === mapPeriod)?.coverage} />}
          {provinceValues.size === 0 ? (
            <div className="state state-empty">{t('indicator.noValue')}</div>
          ) : (
            <Chart option={ranking} height={Math.max(240, provinceValues.size * 18 + 40)} label={`${t('indicator.ranking')}: ${name}`} />
          )}
          <details className="values-table">
            <summary>{t('indicator.values')}</summary>
            <div className="table-wrap">
              <table>
                <thead>
                  <tr>
                    <th>{t('indicator.orgUnit')}</th>
                    <th className="num">{t('indicator.value')}</th>
                    <th>{t('coverage.title')}</th>
                    <th />
                  </tr>
                </thead>
                <tbody>
                  {PROVINCE_CODES.filter((c) => provinceValues.has(c))
                    .sort((a, b) => (provinceValues.get(b) ?? 0) - (provinceValues.get(a) ?? 0))
                    .map((c) => (
                      <tr key={c} data-province-row={c}>
                        <td>
                          <Link to={`/indicators/${encodeURIComponent(code)}?ou=${c}`}>{PROVINCE_NAMES.get(c)}</Link>
                        </td>
                        <td className="num">{format(provinceValues.get(c) as number)}</td>
                        <td>
                          <CoverageNote coverage={provinceCells.get(c)?.coverage} compact />
                        </td>
                        <td>
                          <button type="button" className="btn btn-small" onClick={() => setExplain({ pe: mapPeriod, ou: c })}>
                            {t('indicator.explain')}
                          </button>
                        </td>
                      </tr>
                    ))}
                </tbody>
              </table>
            </div>
            <p>
              <a href={`/api/analytics.csv?${mapParams}&lang=${lang}`} download>
                {t('indicator.downloadCsv')}
              </a>{' '}
              ·{' '}
              <a href={`/api/analytics.xlsx?${mapParams}&lang=${lang}`} download>
                {t('indicator.downloadXlsx')}
              </a>
            </p>
          </details>
        </div>
      </div>
      {explain && <Explain dx={code} pe={explain.pe} ou={explain.ou} dataStatus={dataStatus} onClose={() => setExplain(null)} />}
    </section>
  );
}
