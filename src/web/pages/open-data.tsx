import { useQuery } from '@tanstack/react-query';
import { useMemo, type ReactNode } from 'react';
import { api } from '../api/client.ts';
import type { Wire } from '../../core/contract.ts';
import type {
  publicCalendarEntrySchema,
  publicDatasetListSchema,
  publicDatasetSchema,
  publicObservationSchema,
  publicTargetSchema,
  publicTargetsSchema,
} from '../../server/modules/opendata/schema.ts';
import { Chart } from '../components/chart.tsx';
import { LanguageSwitch } from '../components/layout.tsx';
import { QueryView } from '../components/states.tsx';
import { TargetProgress } from '../components/target-parts.tsx';
import { TargetStatusBadge } from '../components/target-status.tsx';
import { TileMap } from '../components/tile-map.tsx';
import { provinceMapValues } from '../lib/open-data-map.ts';
import { useI18n } from '../i18n/index.tsx';
import { Link, useSearchParam } from '../router.tsx';

// The public open-data pages: no sign-in, served from the public API (published releases past their embargo only).

type CalendarEntry = Wire<typeof publicCalendarEntrySchema>;
type Observation = Wire<typeof publicObservationSchema>;
type DatasetPage = Wire<typeof publicDatasetSchema>;
/** A strategic target as the latest public release of its dataset froze it (GET /api/public/opendata/targets). */
type PublicTarget = Wire<typeof publicTargetSchema>;

function PublicTargets() {
  const { t, lang, num, date } = useI18n();
  const query = useQuery({ queryKey: ['opendata', 'targets', lang], queryFn: () => api<Wire<typeof publicTargetsSchema>>('/api/public/opendata/targets', { query: { lang } }) });
  if (!query.data || query.data.targets.length === 0) return null;
  const unit = (x: PublicTarget) => (x.indicator.unit ? ` ${x.indicator.unit}` : '');
  return (
    <section className="card" aria-labelledby="od-targets">
      <h2 id="od-targets">{t('od.targets')}</h2>
      <p className="muted">{t('od.targetsIntro')}</p>
      <div className="table-wrap flat">
        <table className="targets-table public-targets">
          <caption className="sr-only">{t('od.targets')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('od.indicator')}</th>
              <th scope="col">{t('od.target')}</th>
              <th scope="col">{t('od.latestFigure')}</th>
              <th scope="col">{t('od.forecast')}</th>
              <th scope="col">{t('overview.progress')}</th>
              <th scope="col">{t('od.status')}</th>
            </tr>
          </thead>
          <tbody>
            {query.data.targets.map((x) => (
              <tr key={x.id}>
                <th scope="row" className="target-name">
                  <Link to={`/du-lieu-mo/${x.source.dataset}`}>{x.indicator.name}</Link>
                  <div className="muted small" title={x.sourceDocument ?? undefined}>
                    {x.orgUnit.name}
                  </div>
                </th>
                <td className="num" data-label={t('od.target')}>
                  {num(x.targetValue, x.indicator.decimals)}
                  {unit(x)}
                  <div className="muted small">{x.targetPeriodLabel}</div>
                </td>
                <td className="num" data-label={t('od.latestFigure')}>
                  {x.latest ? (
                    <>
                      {num(x.latest.value, x.indicator.decimals)}
                      {unit(x)}
                      <div className="muted small">{x.latest.periodLabel}</div>
                    </>
                  ) : (
                    <span className="muted">–</span>
                  )}
                </td>
                <td className="num" data-label={t('od.forecast')}>
                  {x.forecast ? (
                    <>
                      {num(x.forecast.value, x.indicator.decimals)}
                      {unit(x)}
                      <div className="muted small">{x.forecast.periodLabel}</div>
                    </>
                  ) : (
                    <span className="muted">–</span>
                  )}
                </td>
                <td className="progress-cell" data-label={t('overview.progress')}>
                  <TargetProgress target={x} />
                </td>
                <td data-label={t('od.status')}>
                  <TargetStatusBadge status={x.status} />
                  <div className="muted small">{t('od.targetAsOf', { period: x.source.lastPeriodLabel, date: date(x.source.publishedAt) })}</div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function PublicShell({ children }: { children: ReactNode }) {
  const { t } = useI18n();
  return (
    <div className="public-shell">
      <a className="skip-link" href="#main">
        {t('app.skipToContent')}
      </a>
      <header className="public-header">
        <Link to="/du-lieu-mo" className="brand">
          {t('app.name')} · {t('od.title')}
        </Link>
        <div className="public-header-actions">
          <LanguageSwitch />
          <a href="/" className="btn btn-secondary">
            {t('od.signIn')}
          </a>
        </div>
      </header>
      <main id="main" tabIndex={-1} className="public-main">
        {children}
      </main>
    </div>
  );
}

function Calendar({ entries }: { entries: CalendarEntry[] }) {
  const { t, date, period } = useI18n();
  return (
    <div className="table-wrap flat">
      <table className="od-table od-calendar">
        <caption className="sr-only">{t('od.calendar')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('od.releaseAt')}</th>
            <th scope="col">{t('od.covers')}</th>
            <th scope="col">{t('od.status')}</th>
            <th scope="col">{t('od.note')}</th>
          </tr>
        </thead>
        <tbody>
          {entries.map((e) => (
            <tr key={`${e.releaseAt}-${e.version ?? 'a'}`}>
              <td data-label={t('od.releaseAt')}>{date(e.releaseAt, true)}</td>
              <td data-label={t('od.covers')}>{period(e.lastPeriod)}</td>
              <td data-label={t('od.status')}>{e.state === 'PUBLISHED' ? `${t('od.published')} · ${t('od.version', { version: e.version ?? '' })}` : t('od.announced')}</td>
              <td data-label={t('od.note')}>
                {e.note ?? ''}
                {e.revisedCount ? ` (${t('od.revised', { count: e.revisedCount })})` : ''}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function DatasetList() {
  const { t, lang, date } = useI18n();
  const [q, setQ] = useSearchParam('q');
  const [sector, setSector] = useSearchParam('sector');
  const all = useQuery({ queryKey: ['opendata', 'list', lang], queryFn: () => api<Wire<typeof publicDatasetListSchema>>('/api/public/opendata/datasets', { query: { lang } }) });
  const query = useQuery({
    queryKey: ['opendata', 'list', lang, q, sector],
    queryFn: () => api<Wire<typeof publicDatasetListSchema>>('/api/public/opendata/datasets', { query: { lang, q, sector } }),
  });
  const sectors = useMemo(() => {
    const seen = new Map<string, string>();
    for (const d of all.data?.datasets ?? []) if (d.sector) seen.set(d.sector.code, d.sector.name);
    return [...seen.entries()];
  }, [all.data]);
  return (
    <PublicShell>
      <h1>{t('od.title')}</h1>
      <p>{t('od.intro')}</p>
      <PublicTargets />
      <form className="filters no-print" role="search" onSubmit={(e) => e.preventDefault()}>
        <label>
          {t('od.search')}
          <input type="search" value={q} onChange={(e) => setQ(e.target.value)} />
        </label>
        <label>
          {t('od.sector')}
          <select value={sector} onChange={(e) => setSector(e.target.value)}>
            <option value="">{t('od.allSectors')}</option>
            {sectors.map(([code, name]) => (
              <option key={code} value={code}>
                {name}
              </option>
            ))}
          </select>
        </label>
      </form>
      <QueryView query={query} isEmpty={(d) => d.datasets.length === 0} empty={t('od.empty')}>
        {(data) => (
          <ul className="dataset-list">
            {data.datasets.map((d) => (
              <li key={d.code} className="card">
                <h2>
                  <Link to={`/du-lieu-mo/${d.code}`}>{d.title}</Link>
                </h2>
                <p>{d.description}</p>
                <p className="muted">
                  {d.sector ? `${t('od.sector')}: ${d.sector.name} · ` : ''}
                  {t('od.publisher')}: {d.publisher.name} · {t('od.version', { version: d.latestVersion })} ({date(d.latestPublishedAt)})
                </p>
                <details>
                  <summary>{t('od.calendar')}</summary>
                  <Calendar entries={d.calendar} />
                </details>
              </li>
            ))}
          </ul>
        )}
      </QueryView>
      <p className="no-print">
        <a href="/api/public/opendata/catalog">{t('od.catalog')}</a>
      </p>
    </PublicShell>
  );
}

function statusText(t: ReturnType<typeof useI18n>['t'], status: Observation['status']) {
  return t(status === 'A' ? 'od.status.A' : status === 'P' ? 'od.status.P' : 'od.status.M');
}

/**
 * The provinces' figures of one indicator in one period as a tile map: the 63 provinces before 1/7/2025, the 34 after.
 * A province without a figure, or whose figure is withheld, is an empty square ("no data"), never 0; the coverage is
 * said in words; the table stays the accessible alternative.
 */
function ProvinceMap({ d, units }: { d: DatasetPage; units: Map<string, DatasetPage['codeLists']['orgUnits'][number]> }) {
  const { t, period } = useI18n();
  const [mi, setMi] = useSearchParam('mi');
  const [mp, setMp] = useSearchParam('mp');
  const provincial = d.observations.filter((o) => units.get(o.orgUnit)?.level === 2);
  const indicators = d.indicators.filter((i) => provincial.some((o) => o.indicator === i.code));
  // A dataset that publishes nothing by province has no map (the table says what it holds).
  if (indicators.length === 0) return null;
  const ind = indicators.find((i) => i.code === mi) ?? indicators[0];
  const rows = provincial.filter((o) => o.indicator === ind.code);
  const periods = [...new Set(rows.map((o) => o.period))].sort();
  // The latest period with a figure for at least one province, unless another is chosen.
  const withValue = periods.filter((p) => rows.some((o) => o.period === p && o.value !== null));
  const pe = periods.includes(mp) ? mp : (withValue[withValue.length - 1] ?? periods[periods.length - 1]);
  const provincialUnits = new Map([...units].filter(([, u]) => u.level === 2));
  const { values, provisional, unplaced, ...layout } = provinceMapValues(rows, provincialUnits, ind.code, pe);
  return (
    <section className="card od-map" aria-labelledby="od-map-title">
      <h2 id="od-map-title">{t('od.map')}</h2>
      <div className="od-map-controls no-print">
        {indicators.length > 1 && (
          <label>
            {t('od.mapIndicator')}
            <select value={ind.code} onChange={(e) => setMi(e.target.value === indicators[0].code ? null : e.target.value)}>
              {indicators.map((i) => (
                <option key={i.code} value={i.code}>
                  {i.name}
                </option>
              ))}
            </select>
          </label>
        )}
        <label>
          {t('od.mapPeriod')}
          <select value={pe} onChange={(e) => setMp(e.target.value)}>
            {[...periods].reverse().map((p) => (
              <option key={p} value={p}>
                {period(p)}
              </option>
            ))}
          </select>
        </label>
      </div>
      <p className="muted small">
        {ind.name}
        {ind.unit ? ` (${ind.unit})` : ''} · {period(pe)} · {t(layout.tiles.length === 63 ? 'od.mapLayout63' : 'od.mapLayout34')}
      </p>
      <TileMap
        values={values}
        decimals={ind.decimals}
        unit={ind.unit}
        tiles={layout.tiles}
        grid={layout.grid}
        provisional={provisional}
        label={t('od.mapLabel', { name: ind.name, period: period(pe) })}
      />
      <p className="small" data-map-coverage={`${values.size}/${layout.tiles.length}`}>
        {t('od.mapCoverage', { count: values.size, total: layout.tiles.length })} {t('od.mapTable')}
      </p>
      {unplaced.length > 0 && <p className="small muted">{t('od.mapUnplaced', { names: unplaced.join(', ') })}</p>}
    </section>
  );
}

function DatasetView({ code }: { code: string }) {
  const { t, lang, num, period, date } = useI18n();
  const [version, setVersion] = useSearchParam('version');
  const [level, setLevel] = useSearchParam('level');
  const query = useQuery({
    queryKey: ['opendata', 'dataset', code, version, lang],
    queryFn: () => api<DatasetPage>(`/api/public/opendata/datasets/${encodeURIComponent(code)}`, { query: { version: version || undefined, lang } }),
  });
  return (
    <PublicShell>
      <p className="no-print">
        <Link to="/du-lieu-mo">← {t('od.back')}</Link>
      </p>
      <QueryView query={query}>
        {(d) => {
          const units = new Map(d.codeLists.orgUnits.map((u) => [u.code, u]));
          const shownLevel = level === '2' ? 2 : 1;
          const rows = d.observations.filter((o) => units.get(o.orgUnit)?.level === shownLevel);
          return (
            <>
              <h1>{d.title}</h1>
              <p>{d.description}</p>
              <p className="muted">
                {t('od.publisher')}: {d.publisher.name} · {t('od.licence')}: <a href={d.licenceUrl}>{d.licence}</a> · {t('od.version', { version: d.version })}
                {d.version === d.latestVersion ? ` (${t('od.latest')})` : ''} · {date(d.publishedAt, true)}
              </p>
              {d.revisionNote && (
                <p className="notice" role="note">
                  {t('od.note')}: {d.revisionNote}
                </p>
              )}
              <div className="filters no-print">
                <label>
                  {t('od.versions')}
                  <select value={String(d.version)} onChange={(e) => setVersion(e.target.value === String(d.latestVersion) ? null : e.target.value)}>
                    {Array.from({ length: d.latestVersion }, (_, i) => d.latestVersion - i).map((v) => (
                      <option key={v} value={v}>
                        {t('od.version', { version: v })}
                        {v === d.latestVersion ? ` (${t('od.latest')})` : ''}
                      </option>
                    ))}
                  </select>
                </label>
                <label>
                  {t('od.levelFilter')}
                  <select value={String(shownLevel)} onChange={(e) => setLevel(e.target.value === '1' ? null : e.target.value)}>
                    <option value="1">{t('od.country')}</option>
                    <option value="2">{t('od.provinces')}</option>
                  </select>
                </label>
                <button type="button" className="btn btn-secondary" onClick={() => window.print()}>
                  {t('od.print')}
                </button>
              </div>
              {d.indicators.map((ind) => {
                const series = d.observations.filter((o) => o.indicator === ind.code && units.get(o.orgUnit)?.level === 1);
                return series.length === 0 ? null : (
                  <section key={ind.code} className="card">
                    <h2>
                      {ind.name}
                      {ind.unit ? ` (${ind.unit})` : ''}
                    </h2>
                    <Chart
                      height={260}
                      label={t('od.chart', { name: ind.name })}
                      option={{
                        tooltip: { trigger: 'axis' },
                        xAxis: { type: 'category', data: series.map((o) => period(o.period)) },
                        yAxis: { type: 'value' },
                        series: [{ type: 'line', name: ind.name, data: series.map((o) => o.value), connectNulls: false }],
                      }}
                    />
                  </section>
                );
              })}
              <ProvinceMap d={d} units={units} />
              <section className="card">
                <h2>{t('od.table')}</h2>
                <div className="table-wrap">
                  <table className="od-table od-figures">
                    <thead>
                      <tr>
                        <th scope="col">{t('od.indicator')}</th>
                        <th scope="col">{t('od.orgUnit')}</th>
                        <th scope="col">{t('od.period')}</th>
                        <th scope="col" className="num">
                          {t('od.value')}
                        </th>
                        <th scope="col">{t('od.status')}</th>
                      </tr>
                    </thead>
                    <tbody>
                      {rows.map((o) => {
                        const ind = d.indicators.find((i) => i.code === o.indicator);
                        return (
                          <tr key={`${o.indicator}|${o.orgUnit}|${o.period}`}>
                            <td data-label={t('od.indicator')}>{ind?.name ?? o.indicator}</td>
                            <td data-label={t('od.orgUnit')}>{units.get(o.orgUnit)?.name ?? o.orgUnit}</td>
                            <td data-label={t('od.period')}>{period(o.period)}</td>
                            <td className="num" data-label={t('od.value')}>
                              {num(o.value, ind?.decimals)}
                              {o.revised && o.previousValue !== null ? ` (${t('od.revisedFrom', { value: num(o.previousValue, ind?.decimals) })})` : ''}
                            </td>
                            <td data-label={t('od.status')}>{statusText(t, o.status)}</td>
                          </tr>
                        );
                      })}
                    </tbody>
                  </table>
                </div>
              </section>
              <section className="card no-print">
                <h2>{t('od.downloads')}</h2>
                <ul>
                  {d.downloads.map((f) => (
                    <li key={f.format}>
                      <a href={`${f.url}&lang=${lang}`}>{f.format.toUpperCase()}</a>
                    </li>
                  ))}
                </ul>
              </section>
              <section className="card">
                <h2>{t('od.calendar')}</h2>
                <Calendar entries={d.calendar} />
              </section>
            </>
          );
        }}
      </QueryView>
    </PublicShell>
  );
}

export default function OpenDataPage({ params }: { params: Record<string, string> }) {
  return params.code ? <DatasetView code={params.code} /> : <DatasetList />;
}
