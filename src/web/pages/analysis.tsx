import { useMutation, useQueries, useQuery, useQueryClient } from '@tanstack/react-query';
import { useMemo, useState, type FormEvent } from 'react';
import type { EChartsCoreOption } from 'echarts/core';
import { api, fieldError } from '../api/client.ts';
import type { Wire } from '../../core/contract.ts';
import type { savedAnalysisSchema } from '../../server/modules/saved-analyses/schema.ts';

type SavedAnalysisView = Wire<typeof savedAnalysisSchema>;
import type { AnalyticsResponse } from '../api/analytics.ts';
import type { orgUnitPageSchema, orgUnitSchema } from '../../server/modules/org-units/schema.ts';
import type { indicatorSchema } from '../../server/modules/indicators/schema.ts';
import { isTextType } from '../../core/value-types.ts';
import { Chart, chartToSvg } from '../components/chart.tsx';
import { TileMap, tileName } from '../components/tile-map.tsx';
import { DataStatusSelect } from '../components/coverage.tsx';
import { EmptyState, ErrorState, FormError, Loading } from '../components/states.tsx';
import { CopyButton, Field, PageHeader, SelectField } from '../components/ui.tsx';
import { useI18n, type MessageKey } from '../i18n/index.tsx';
import { isProvisional, readCells } from '../lib/analytics.ts';
import { classBreaks, classOf, framedSvg, legendRows, mapLayoutFor, mapPeriodOf, pngFileName, SVG_FONT, tileCodeOf, tileMapSvg, type MapUnit } from '../lib/analysis-map.ts';
import { matchesSearch } from '../lib/search.ts';
import {
  analyticsQueryOf,
  ANALYSIS_VIEWS,
  buildPivot,
  cellCoordinates,
  chartSeries,
  DIMS,
  mainQueryOf,
  moveDim,
  normaliseLayout,
  pivotCsv,
  placementOf,
  readAnalysis,
  totalsByKey,
  totalsOf,
  writeAnalysis,
  type AnalysisState,
  type Dim,
  type Pivot,
  type PivotCell,
  type Placement,
} from '../lib/pivot.ts';
import { Link, navigate, useLocation } from '../router.tsx';
import { Explain } from './indicator.tsx';
import { saveCsv, savePng } from '../lib/save-file.ts';
import type { dataElementPage, disaggregationSchema } from '../../server/modules/metadata/schema.ts';

type OrgUnit = Wire<typeof orgUnitSchema>;

type Indicator = Wire<typeof indicatorSchema>;

type Disaggregation = Wire<typeof disaggregationSchema>;

interface DataChoice {
  code: string;
  name: string;
  kind: 'INDICATOR' | 'ELEMENT';
  nameVi: string;
  nameEn: string | null;
  /** For one option of a disaggregated element ("ELEMENT.OPTION"): the element's code. */
  parent?: string;
  unit: string | null;
  /** Decimals an indicator is shown with (an element's figures are shown as they are). */
  decimals?: number;
}

const RELATIVE_PERIODS: { group: MessageKey; items: string[] }[] = [
  { group: 'analysis.pe.months', items: ['THIS_MONTH', 'LAST_MONTH', 'LAST_3_MONTHS', 'LAST_6_MONTHS', 'LAST_12_MONTHS', 'MONTHS_THIS_YEAR', 'MONTHS_LAST_YEAR'] },
  { group: 'analysis.pe.quarters', items: ['THIS_QUARTER', 'LAST_QUARTER', 'LAST_4_QUARTERS', 'QUARTERS_THIS_YEAR', 'QUARTERS_LAST_YEAR'] },
  { group: 'analysis.pe.sixMonths', items: ['THIS_SIX_MONTH', 'LAST_SIX_MONTH', 'LAST_2_SIXMONTHS'] },
  { group: 'analysis.pe.years', items: ['THIS_YEAR', 'LAST_YEAR', 'LAST_5_YEARS', 'LAST_10_YEARS'] },
];
const RELATIVE = new Set(RELATIVE_PERIODS.flatMap((g) => g.items));
const FIXED_TYPES = ['MONTHLY', 'QUARTERLY', 'SIX_MONTHLY', 'YEARLY'] as const;
type FixedType = (typeof FIXED_TYPES)[number];

/** The periods of one type in a year (years: the ten years up to it), as DHIS2 ids. */
function fixedPeriods(type: FixedType, year: number): string[] {
  if (type === 'MONTHLY') return Array.from({ length: 12 }, (_, i) => `${year}${String(i + 1).padStart(2, '0')}`);
  if (type === 'QUARTERLY') return [1, 2, 3, 4].map((q) => `${year}Q${q}`);
  if (type === 'SIX_MONTHLY') return [`${year}S1`, `${year}S2`];
  return Array.from({ length: 10 }, (_, i) => String(year - i));
}

/** Entries listed at once in the data picker; the search narrows the rest. */
const PICKER_LIMIT = 60;
/** Cells drawn as a table at most; a larger answer is downloaded instead (the browser would crawl). */
const MAX_TABLE_CELLS = 6000;

const toggle = (list: readonly string[], item: string) => (list.includes(item) ? list.filter((x) => x !== item) : [...list, item]);

function Chips({ items, label, onRemove }: { items: { id: string; label: string }[]; label: string; onRemove: (id: string) => void }) {
  const { t } = useI18n();
  if (items.length === 0) return <p className="muted small">{t('analysis.nothingChosen')}</p>;
  return (
    <ul className="chips" aria-label={label}>
      {items.map((i) => (
        <li key={i.id} className="chip" data-chip={i.id}>
          <span>{i.label}</span>
          <button type="button" className="chip-remove" onClick={() => onRemove(i.id)} aria-label={t('analysis.remove', { name: i.label })}>
            ×
          </button>
        </li>
      ))}
    </ul>
  );
}

function DataPicker({ choices, selected, onChange }: { choices: DataChoice[]; selected: string[]; onChange: (dx: string[]) => void }) {
  const { t } = useI18n();
  const [q, setQ] = useState('');
  // An option of a disaggregation is offered under its element once the element is chosen (or when searched for).
  const matching = choices.filter((c) => matchesSearch([c.nameVi, c.nameEn, c.code], q) && (!c.parent || selected.includes(c.parent) || selected.includes(c.code) || q.trim() !== ''));
  const shown = matching.slice(0, PICKER_LIMIT);
  const nameOf = (code: string) => choices.find((c) => c.code === code)?.name ?? code;
  return (
    <fieldset className="picker">
      <legend>{t('analysis.data')}</legend>
      <Chips items={selected.map((id) => ({ id, label: nameOf(id) }))} label={t('analysis.chosenData')} onRemove={(id) => onChange(selected.filter((x) => x !== id))} />
      <Field label={t('analysis.searchData')} hint={t('common.searchHint')} type="search" value={q} onChange={(e) => setQ(e.target.value)} />
      <ul className="picker-list">
        {shown.map((c) => (
          <li key={c.code} className={c.parent ? 'picker-option' : undefined}>
            <label>
              <input type="checkbox" checked={selected.includes(c.code)} onChange={() => onChange(toggle(selected, c.code))} />{' '}
              <span className={`badge ${c.kind === 'INDICATOR' ? 'badge-info' : ''}`}>{t(c.kind === 'INDICATOR' ? 'catalogue.indicator' : 'catalogue.element')}</span> {c.name}
            </label>
          </li>
        ))}
        {shown.length === 0 && <li className="muted small">{t('catalogue.none')}</li>}
        {matching.length > shown.length && <li className="muted small">{t('analysis.moreData', { count: matching.length - shown.length })}</li>}
      </ul>
    </fieldset>
  );
}

function PeriodPicker({ selected, onChange, periodLabel }: { selected: string[]; onChange: (pe: string[]) => void; periodLabel: (id: string) => string }) {
  const { t } = useI18n();
  const thisYear = new Date().getFullYear();
  const [type, setType] = useState<FixedType>('MONTHLY');
  const [year, setYear] = useState(thisYear);
  return (
    <fieldset className="picker">
      <legend>{t('analysis.periods')}</legend>
      <Chips items={selected.map((id) => ({ id, label: periodLabel(id) }))} label={t('analysis.chosenPeriods')} onRemove={(id) => onChange(selected.filter((x) => x !== id))} />
      <details open>
        <summary>{t('analysis.pe.relative')}</summary>
        {RELATIVE_PERIODS.map((g) => (
          <div key={g.group} className="picker-group" role="group" aria-label={t(g.group)}>
            <p className="small muted">{t(g.group)}</p>
            <ul className="picker-list picker-inline">
              {g.items.map((p) => (
                <li key={p}>
                  <label>
                    <input type="checkbox" checked={selected.includes(p)} onChange={() => onChange(toggle(selected, p))} /> {periodLabel(p)}
                  </label>
                </li>
              ))}
            </ul>
          </div>
        ))}
      </details>
      <details>
        <summary>{t('analysis.pe.fixed')}</summary>
        <div className="toolbar">
          <SelectField label={t('analysis.pe.type')} value={type} onChange={(e) => setType(e.target.value as FixedType)}>
            {FIXED_TYPES.map((x) => (
              <option key={x} value={x}>
                {t(`analysis.pe.${x}` as MessageKey)}
              </option>
            ))}
          </SelectField>
          <SelectField label={t('analysis.pe.year')} value={String(year)} onChange={(e) => setYear(Number(e.target.value))}>
            {Array.from({ length: 10 }, (_, i) => thisYear - i).map((y) => (
              <option key={y} value={y}>
                {y}
              </option>
            ))}
          </SelectField>
        </div>
        <ul className="picker-list picker-inline">
          {fixedPeriods(type, year).map((p) => (
            <li key={p}>
              <label>
                <input type="checkbox" checked={selected.includes(p)} onChange={() => onChange(toggle(selected, p))} /> {periodLabel(p)}
              </label>
            </li>
          ))}
        </ul>
      </details>
    </fieldset>
  );
}

function OrgUnitPicker({ selected, onChange, unitLabel }: { selected: string[]; onChange: (ou: string[]) => void; unitLabel: (id: string) => string }) {
  const { t, lang } = useI18n();
  const [q, setQ] = useState('');
  const levels = useQuery({
    queryKey: ['orgUnitLevels', lang],
    queryFn: ({ signal }) => api<{ level: number; nameVi: string; nameEn: string | null }[]>('/api/orgUnitLevels', { signal }),
    staleTime: 5 * 60_000,
  });
  const found = useQuery({
    queryKey: ['orgUnits', 'search', q],
    queryFn: ({ signal }) => api<Wire<typeof orgUnitPageSchema>>('/api/orgUnits', { query: { q, limit: 12 }, signal }),
    enabled: q.trim().length >= 2,
  });
  const units = selected.filter((x) => !/^LEVEL-\d+$/.test(x) && x !== 'CHILDREN' && x !== 'USER_ORGUNIT' && x !== 'USER_ORGUNIT_CHILDREN');
  return (
    <fieldset className="picker">
      <legend>{t('analysis.units')}</legend>
      <Chips items={selected.map((id) => ({ id, label: unitLabel(id) }))} label={t('analysis.chosenUnits')} onRemove={(id) => onChange(selected.filter((x) => x !== id))} />
      <ul className="picker-list">
        {['USER_ORGUNIT', 'USER_ORGUNIT_CHILDREN'].map((k) => (
          <li key={k}>
            <label>
              <input type="checkbox" checked={selected.includes(k)} onChange={() => onChange(toggle(selected, k))} /> {unitLabel(k)}
            </label>
          </li>
        ))}
      </ul>
      <Field label={t('analysis.searchUnit')} hint={t('analysis.searchUnitHint')} type="search" value={q} onChange={(e) => setQ(e.target.value)} />
      {q.trim().length >= 2 && (
        <ul className="picker-list" aria-live="polite">
          {(found.data?.items ?? []).map((u) => (
            <li key={u.code}>
              <label>
                <input type="checkbox" checked={selected.includes(u.code)} onChange={() => onChange(toggle(selected, u.code))} /> {lang === 'en' && u.nameEn ? u.nameEn : u.nameVi}
              </label>
            </li>
          ))}
          {found.data && found.data.items.length === 0 && <li className="muted small">{t('analysis.noUnit')}</li>}
        </ul>
      )}
      <div role="group" aria-label={t('analysis.levels')}>
        <p className="small muted">{units.length > 0 ? t('analysis.levelsInside') : t('analysis.levelsOwn')}</p>
        <ul className="picker-list">
          {(levels.data ?? [])
            .filter((l) => l.level > 1)
            .map((l) => (
              <li key={l.level}>
                <label>
                  <input type="checkbox" checked={selected.includes(`LEVEL-${l.level}`)} onChange={() => onChange(toggle(selected, `LEVEL-${l.level}`))} />{' '}
                  {t('analysis.level', { level: l.level, name: lang === 'en' && l.nameEn ? l.nameEn : l.nameVi })}
                </label>
              </li>
            ))}
          <li>
            <label>
              <input type="checkbox" checked={selected.includes('CHILDREN')} onChange={() => onChange(toggle(selected, 'CHILDREN'))} /> {unitLabel('CHILDREN')}
            </label>
          </li>
        </ul>
      </div>
    </fieldset>
  );
}

/** A figure in a cell: the value and, below it, how many of the expected reports it counts; amber while provisional. */
function FigureCell({ cell, onExplain }: { cell: PivotCell | null | undefined; onExplain?: () => void }) {
  const { t, num } = useI18n();
  if (!cell) return <td className="num figure-cell muted">–</td>;
  const provisional = isProvisional(cell.coverage);
  const c = cell.coverage;
  return (
    <td
      className={`num figure-cell${provisional ? ' figure-provisional' : ''}`}
      data-coverage={c ? `${c.reported}/${c.expected}` : undefined}
      title={
        c
          ? provisional
            ? t('coverage.provisionalHelp', { reported: c.reported, expected: c.expected })
            : t('coverage.reports', { reported: c.reported, expected: c.expected })
          : t('coverage.notExpected')
      }
    >
      {onExplain ? (
        <button type="button" className="figure-link figure-value" onClick={onExplain} aria-label={t('analysis.explainCell', { value: num(cell.value) })}>
          {num(cell.value)}
        </button>
      ) : (
        <span className="figure-value">{num(cell.value)}</span>
      )}
      {c && (
        <small className="figure-coverage">
          {num(c.reported, 0)}/{num(c.expected, 0)}
          {provisional && <span className="sr-only"> {t('coverage.provisional')}</span>}
        </small>
      )}
    </td>
  );
}

function PivotTable({
  pivot,
  rowTotals,
  columnTotals,
  grandTotal,
  caption,
  onExplain,
}: {
  pivot: Pivot;
  /** Opens explain for the cell at (row, column), when it stands for one figure. */
  onExplain: (at: Record<Dim, string>) => void;
  rowTotals: Map<string, PivotCell> | null;
  columnTotals: Map<string, PivotCell> | null;
  grandTotal: PivotCell | null | undefined;
  caption: string;
}) {
  const { t } = useI18n();
  const dimName = (d: Dim) => t(`analysis.dim.${d}` as MessageKey);
  const columnHeaderRows = pivot.columnDims.length ? pivot.columnDims : [null];
  const rowSpan = Math.max(1, pivot.rowDims.length);
  return (
    <div className="table-wrap pivot-wrap" tabIndex={0} role="region" aria-label={caption}>
      <table className="pivot">
        <caption className="sr-only">{caption}</caption>
        <thead>
          {columnHeaderRows.map((d, level) => (
            <tr key={d ?? 'value'}>
              {level === 0 && (
                <td colSpan={rowSpan} rowSpan={columnHeaderRows.length} className="pivot-corner">
                  {pivot.rowDims.map(dimName).join(' / ')}
                  {pivot.rowDims.length > 0 && pivot.columnDims.length > 0 ? ' × ' : ''}
                  {pivot.columnDims.map(dimName).join(' / ')}
                </td>
              )}
              {d === null ? (
                <th scope="col" className="num">
                  {t('indicator.value')}
                </th>
              ) : (
                pivot.columns.map((c, i) => (
                  <th key={i} scope="col" className="num">
                    {c.labels[level]}
                  </th>
                ))
              )}
              {level === 0 && rowTotals && (
                <th scope="col" rowSpan={columnHeaderRows.length} className="num pivot-total-head">
                  {t('analysis.total')}
                </th>
              )}
            </tr>
          ))}
        </thead>
        <tbody>
          {pivot.rows.map((r, ri) => (
            <tr key={r.keys.join('|') || ri}>
              {r.labels.length === 0 ? (
                <th scope="row">{t('indicator.value')}</th>
              ) : (
                r.labels.map((label, i) => (
                  <th key={i} scope="row">
                    {label}
                  </th>
                ))
              )}
              {pivot.cells[ri].map((cell, ci) => {
                const at = cellCoordinates(pivot, ri, ci);
                return <FigureCell key={ci} cell={cell} onExplain={at ? () => onExplain(at) : undefined} />;
              })}
              {rowTotals && <FigureCell cell={rowTotals.get(r.keys.join('|'))} />}
            </tr>
          ))}
        </tbody>
        {columnTotals && (
          <tfoot>
            <tr>
              <th scope="row" colSpan={rowSpan}>
                {t('analysis.total')}
              </th>
              {pivot.columns.map((c, ci) => (
                <FigureCell key={ci} cell={columnTotals.get(c.keys.join('|'))} />
              ))}
              {rowTotals && <FigureCell cell={grandTotal} />}
            </tr>
          </tfoot>
        )}
      </table>
    </div>
  );
}

function chartOption(pivot: Pivot, kind: 'line' | 'bar', format: (v: number) => string, narrow: boolean): EChartsCoreOption {
  const { categories, series } = chartSeries(pivot);
  return {
    animation: false,
    // The legend on top, scrolling, and the grid sized to its labels: nothing overlaps on a phone.
    legend: { type: 'scroll', top: 0, left: 0, right: 0 },
    grid: { left: 8, right: 16, top: narrow ? 56 : 40, bottom: 8, containLabel: true },
    tooltip: { trigger: 'axis', valueFormatter: (v: unknown) => (typeof v === 'number' ? format(v) : '–') },
    xAxis: { type: 'category', data: categories, axisLabel: { hideOverlap: true, rotate: narrow && categories.length > 4 ? 45 : 0 } },
    yAxis: { type: 'value', scale: kind === 'line', axisLabel: { formatter: format } },
    series: series.map((s) => ({
      name: s.name,
      type: kind,
      connectNulls: false,
      barMaxWidth: 28,
      // A provisional figure (not every expected report in) is drawn hollow and amber, as elsewhere.
      data: s.data.map((cell) =>
        cell === null ? null : isProvisional(cell.coverage) ? { value: cell.value, symbol: 'emptyCircle', symbolSize: 9, itemStyle: { color: '#b77800', borderColor: '#b77800' } } : cell.value,
      ),
    })),
  };
}

/** What a PNG download is doing: idle, making the picture, or failed with a reason. */
function PngButton({ make }: { make: () => Promise<void> }) {
  const { t } = useI18n();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const run = async () => {
    setBusy(true);
    setError('');
    try {
      await make();
    } catch (e) {
      setError(t('analysis.pngFailed', { message: (e as Error).message }));
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <button type="button" className="btn" onClick={() => void run()} disabled={busy} aria-busy={busy}>
        {t('analysis.downloadPng')}
      </button>
      {error && (
        <span className="error-text small" role="alert">
          {' '}
          {error}
        </span>
      )}
    </>
  );
}

/**
 * The map view: one data item in one period, the selection's provinces as the tile map of that period (the 63 before
 * 1/7/2025, the 34 after). Asked of analytics on its own (units as a dimension, whatever the table's layout), so every
 * province has its own figure with its coverage; a province without one is an empty square, never 0.
 */
function AnalysisMap({ state, choices, update }: { state: AnalysisState; choices: DataChoice[]; update: (next: AnalysisState) => void }) {
  const { t, lang, num, period, date } = useI18n();
  const dx = state.mapDx && state.dx.includes(state.mapDx) ? state.mapDx : state.dx[0];
  const query = analyticsQueryOf({ ...state, dx: [dx] }, ['dx', 'pe', 'ou'], []);
  const answer = useQuery({
    queryKey: ['analytics', 'analysis-map', query, lang],
    queryFn: ({ signal }) => api<AnalyticsResponse>(`/api/analytics?${query}`, { signal }),
  });
  const provinces = useQuery({
    queryKey: ['orgUnits', 'provinces', lang],
    queryFn: ({ signal }) => api<Wire<typeof orgUnitPageSchema>>('/api/orgUnits', { query: { type: 'province', includeClosed: true, limit: 1000 }, signal }),
    staleTime: 5 * 60_000,
  });
  if (answer.isLoading || provinces.isLoading) return <Loading />;
  if (answer.error) return <ErrorState error={answer.error} onRetry={() => void answer.refetch()} />;
  if (provinces.error) return <ErrorState error={provinces.error} onRetry={() => void provinces.refetch()} />;
  if (!answer.data || !provinces.data) return null;

  const data = answer.data;
  const nameOf = (id: string) => data.metaData.items[id]?.name ?? id;
  const choice = choices.find((c) => c.code === dx);
  const dxName = choice?.name ?? nameOf(dx);
  const cells = readCells(data);
  const periods = data.metaData.dimensions.pe ?? [];
  const pe = mapPeriodOf(periods, new Set(cells.map((c) => c.pe)), state.mapPe);
  const byCode = new Map(provinces.data.items.map((u) => [u.code, u]));
  const units = data.metaData.dimensions.ou ?? [];
  const mapUnits: MapUnit[] = units.flatMap((code) => {
    const u = byCode.get(code);
    return u ? [{ code, tileCode: tileCodeOf(u), openingDate: u.openingDate, closingDate: u.closingDate }] : [];
  });
  const notProvinces = units.filter((code) => !byCode.has(code));
  const controls = (
    <div className="toolbar analysis-map-controls">
      {state.dx.length > 1 && (
        <SelectField label={t('analysis.mapItem')} value={dx} onChange={(e) => update({ ...state, mapDx: e.target.value })}>
          {state.dx.map((code) => (
            <option key={code} value={code}>
              {choices.find((c) => c.code === code)?.name ?? nameOf(code)}
            </option>
          ))}
        </SelectField>
      )}
      {periods.length > 1 && pe && (
        <SelectField label={t('analysis.mapPeriod')} value={pe} onChange={(e) => update({ ...state, mapPe: e.target.value })}>
          {[...periods].reverse().map((p) => (
            <option key={p} value={p}>
              {period(p)}
            </option>
          ))}
        </SelectField>
      )}
    </div>
  );
  const status = (
    <p className="small analysis-status">
      <span className="badge badge-info">{t('dataStatus.note', { status: t(`dataStatus.${state.dataStatus}` as MessageKey) })}</span>
    </p>
  );
  if (mapUnits.length === 0 || !pe) {
    return (
      <div className="card analysis-output analysis-map" data-map="none">
        {controls}
        <p className="notice" role="status" data-map-provinces-only="">
          {t('analysis.mapProvincesOnly', { names: notProvinces.map(nameOf).join(', ') })}
        </p>
        <p>
          <button type="button" className="btn" onClick={() => update({ ...state, view: 'table' })}>
            {t('analysis.mapShowTable')}
          </button>
        </p>
      </div>
    );
  }

  const layout = mapLayoutFor(pe, mapUnits);
  const values = new Map<string, number>();
  const provisional = new Set<string>();
  const notes = new Map<string, string>();
  for (const [tile, unit] of layout.placed) {
    const cell = cells.find((c) => c.pe === pe && c.ou === unit);
    if (!cell) continue;
    values.set(tile, cell.value);
    if (isProvisional(cell.coverage)) provisional.add(tile);
    if (cell.coverage) notes.set(tile, t('analysis.mapReports', { reported: num(cell.coverage.reported, 0), expected: num(cell.coverage.expected, 0) }));
  }
  const classes = classBreaks([...values.values()]);
  const decimals = choice?.decimals;
  const unplaced = [...notProvinces, ...layout.unplaced].map(nameOf);
  const layoutText = t(layout.tiles.length === 63 ? 'od.mapLayout63' : 'od.mapLayout34');
  const label = t('analysis.mapLabel', { name: dxName, period: period(pe) });
  const statusText = t('dataStatus.note', { status: t(`dataStatus.${state.dataStatus}` as MessageKey) });

  const downloadPng = async () => {
    const picture = tileMapSvg({
      title: `${dxName}${choice?.unit ? ` (${choice.unit})` : ''}`,
      subtitle: `${period(pe)} · ${layoutText}`,
      grid: layout.grid,
      squares: layout.tiles.map((p) => {
        const v = values.get(p.code);
        return {
          row: p.tile.row,
          col: p.tile.col,
          name: tileName(p, lang),
          value: v === undefined ? null : num(v, decimals),
          provisional: provisional.has(p.code),
          colour: v === undefined ? null : classes[classOf(v, classes)].colour,
        };
      }),
      legend: classes.map((c) => ({ label: c.from === c.to ? num(c.from, decimals) : `${num(c.from, decimals)} – ${num(c.to, decimals)}`, colour: c.colour })),
      emptyLabel: t('indicator.noValue'),
      provisionalLabel: provisional.size ? t('coverage.provisional') : null,
      footer: t('analysis.pngFooter', { status: statusText, date: date(new Date()) }),
    });
    await savePng(pngFileName(dxName, period(pe)), picture.svg, picture.width, picture.height);
  };

  return (
    <div className="card analysis-output analysis-map" data-map={layout.tiles.length} data-map-period={pe}>
      {status}
      {controls}
      <p className="muted small">
        {dxName}
        {choice?.unit ? ` (${choice.unit})` : ''} · {period(pe)} · {layoutText}
      </p>
      {layout.byUnits && <p className="small">{t(layout.tiles.length === 63 ? 'analysis.mapByUnits63' : 'analysis.mapByUnits34', { period: period(pe) })}</p>}
      <TileMap
        values={values}
        decimals={decimals}
        unit={choice?.unit ?? null}
        tiles={layout.tiles}
        grid={layout.grid}
        provisional={provisional}
        provisionalLabel={t('coverage.provisional')}
        classes={classes}
        notes={notes}
        label={label}
      />
      <p className="small" data-map-coverage={`${values.size}/${layout.tiles.length}`}>
        {values.size === 0 ? t('analysis.mapNoFigure') : t('analysis.mapCoverage', { count: num(values.size, 0), total: num(layout.tiles.length, 0) })}
      </p>
      {unplaced.length > 0 && (
        <p className="small muted" data-map-unplaced={unplaced.length}>
          {t('analysis.mapUnplaced', { names: unplaced.join(', ') })}{' '}
          <button type="button" className="link small" onClick={() => update({ ...state, view: 'table' })}>
            {t('analysis.mapShowTable')}
          </button>
        </p>
      )}
      <p className="downloads">
        <PngButton make={downloadPng} />
      </p>
    </div>
  );
}

const VIEWS = ANALYSIS_VIEWS;

/** A free analysis on the live analytics API: data × periods × units as a pivot table or a chart, kept in the URL. */
export default function AnalysisPage() {
  const { t, lang, num, period, date } = useI18n();
  const { search } = useLocation();
  const state = useMemo(() => readAnalysis(search), [search]);
  const update = (next: AnalysisState) => navigate(`/analysis?${writeAnalysis(next)}`, { replace: true });
  const queryClient = useQueryClient();
  const saved = useQuery({ queryKey: ['analyses'], queryFn: ({ signal }) => api<SavedAnalysisView[]>('/api/analyses', { signal }) });
  const [pickersOpen, setPickersOpen] = useState(() => window.innerWidth >= 600 || !search.get('dx'));
  const [saveName, setSaveName] = useState('');
  const [savedNote, setSavedNote] = useState('');
  const [explainAt, setExplainAt] = useState<Record<Dim, string> | null>(null);
  const saveMutation = useMutation({
    mutationFn: (body: { name: string; query: string }) => api<SavedAnalysisView>('/api/analyses', { method: 'POST', body }),
    onSuccess: (analysis) => {
      setSaveName('');
      setSavedNote(t('analysis.savedAs', { name: analysis.name }));
      void queryClient.invalidateQueries({ queryKey: ['analyses'] });
    },
  });
  const deleteMutation = useMutation({
    mutationFn: (id: number) => api<void>(`/api/analyses/${id}`, { method: 'DELETE' }),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: ['analyses'] }),
  });

  const indicators = useQuery({ queryKey: ['indicators', 'all'], queryFn: ({ signal }) => api<Indicator[]>('/api/indicators', { signal }) });
  const elements = useQuery({ queryKey: ['dataElements', 'all'], queryFn: ({ signal }) => api<Wire<typeof dataElementPage>>('/api/dataElements', { query: { limit: 1000 }, signal }) });
  const disaggregations = useQuery({ queryKey: ['disaggregations'], queryFn: ({ signal }) => api<Disaggregation[]>('/api/disaggregations', { signal }), staleTime: 5 * 60_000 });
  const choices = useMemo<DataChoice[]>(() => {
    const nameOf = (x: { nameVi: string; nameEn: string | null }) => (lang === 'en' && x.nameEn ? x.nameEn : x.nameVi);
    const optionsOf = (code: string | null) => disaggregations.data?.find((d) => d.code === code)?.options ?? [];
    return [
      ...(indicators.data ?? []).map((i) => ({ code: i.code, name: nameOf(i), kind: 'INDICATOR' as const, nameVi: i.nameVi, nameEn: i.nameEn, unit: i.unit, decimals: i.decimals })),
      // Text values are not aggregated: analytics refuses them, so they are not offered.
      ...(elements.data?.items ?? [])
        .filter((e) => !isTextType(e.valueType))
        .flatMap((e) => [
          { code: e.code, name: nameOf(e), kind: 'ELEMENT' as const, nameVi: e.nameVi, nameEn: e.nameEn, unit: e.unit },
          ...optionsOf(e.disaggregationCode).map((o) => ({
            code: `${e.code}.${o.code}`,
            name: `${nameOf(e)} (${nameOf(o)})`,
            kind: 'ELEMENT' as const,
            nameVi: `${e.nameVi} (${o.nameVi})`,
            nameEn: e.nameEn && o.nameEn ? `${e.nameEn} (${o.nameEn})` : null,
            parent: e.code,
            unit: e.unit,
          })),
        ]),
    ];
  }, [indicators.data, elements.data, disaggregations.data, lang]);

  const selectedUnits = state.ou.filter((x) => !/^LEVEL-\d+$/.test(x) && !['CHILDREN', 'USER_ORGUNIT', 'USER_ORGUNIT_CHILDREN'].includes(x));
  const unitDetails = useQueries({
    queries: selectedUnits.map((code) => ({
      queryKey: ['orgUnits', 'detail', code, lang],
      queryFn: ({ signal }: { signal: AbortSignal }) => api<OrgUnit>(`/api/orgUnits/${encodeURIComponent(code)}`, { signal }),
      staleTime: 5 * 60_000,
    })),
  });
  const levels = useQuery({
    queryKey: ['orgUnitLevels', lang],
    queryFn: ({ signal }) => api<{ level: number; nameVi: string; nameEn: string | null }[]>('/api/orgUnitLevels', { signal }),
    staleTime: 5 * 60_000,
  });
  const unitLabel = (id: string) => {
    if (id === 'USER_ORGUNIT' || id === 'USER_ORGUNIT_CHILDREN' || id === 'CHILDREN') return t(`analysis.ou.${id}` as MessageKey);
    const level = /^LEVEL-(\d+)$/.exec(id);
    if (level) {
      const l = levels.data?.find((x) => x.level === Number(level[1]));
      return t('analysis.level', { level: level[1], name: l ? (lang === 'en' && l.nameEn ? l.nameEn : l.nameVi) : '' });
    }
    const u = unitDetails[selectedUnits.indexOf(id)]?.data;
    return u ? (lang === 'en' && u.nameEn ? u.nameEn : u.nameVi) : id;
  };
  const periodLabel = (id: string) => (RELATIVE.has(id) ? t(`analysis.rel.${id}` as MessageKey) : period(id));

  const layout = normaliseLayout(state.rows, state.columns, state.dx.length);
  const ready = state.dx.length > 0 && state.pe.length > 0 && state.ou.length > 0;
  const query = mainQueryOf(state);
  const main = useQuery({
    queryKey: ['analytics', 'analysis', query, lang],
    queryFn: ({ signal }) => api<AnalyticsResponse>(`/api/analytics?${query}`, { signal }),
    // The map asks its own question (one data item, units as a dimension).
    enabled: ready && state.view !== 'map',
  });
  const totals = totalsOf(state);
  const totalQuery = (kind: keyof typeof totals) => {
    const spec = totals[kind];
    const q = 'query' in spec ? spec.query : '';
    return {
      queryKey: ['analytics', 'analysis-total', q, lang],
      queryFn: ({ signal }: { signal: AbortSignal }) => api<AnalyticsResponse>(`/api/analytics?${q}`, { signal }),
      enabled: ready && state.view === 'table' && q !== '' && main.isSuccess,
    };
  };
  const [rowTotalsQ, columnTotalsQ, grandQ] = useQueries({ queries: [totalQuery('rowTotals'), totalQuery('columnTotals'), totalQuery('grandTotal')] });

  const pivot = useMemo(() => (main.data ? buildPivot(main.data, layout) : null), [main.data, layout.rows.join(), layout.columns.join(), layout.filters.join()]); // eslint-disable-line react-hooks/exhaustive-deps
  const rowTotals = rowTotalsQ.data ? totalsByKey(rowTotalsQ.data, layout.rows) : null;
  const columnTotals = columnTotalsQ.data ? totalsByKey(columnTotalsQ.data, layout.columns) : null;
  const grandTotal = grandQ.data ? totalsByKey(grandQ.data, []).get('') : undefined;
  const narrow = typeof window !== 'undefined' && window.innerWidth < 600;
  const chartKind = state.view === 'line' || state.view === 'bar' ? state.view : null;
  const option = useMemo(() => (pivot && chartKind ? chartOption(pivot, chartKind, (v) => num(v), narrow) : null), [pivot, chartKind, lang, narrow]); // eslint-disable-line react-hooks/exhaustive-deps

  /** The chart as a PNG: drawn again at a fixed size with its legend in full, titled with its data and periods. */
  const downloadChartPng = async () => {
    if (!pivot || !chartKind || !main.data) return;
    const names = (d: Dim) => (main.data.metaData.dimensions[d] ?? []).map((id) => main.data.metaData.items[id]?.name ?? id);
    const dataNames = names('dx');
    const periodNames = names('pe');
    const periodsText = periodNames.length > 1 ? `${periodNames[0]} – ${periodNames[periodNames.length - 1]}` : (periodNames[0] ?? '');
    const title = dataNames.join(' · ');
    const width = 1100;
    const legend = legendRows(
      chartSeries(pivot).series.map((x) => x.name),
      width,
    );
    const base = chartOption(pivot, chartKind, (v) => num(v), false) as Record<string, unknown>;
    const legendHeight = legend * 24;
    const height = 460 + legendHeight;
    const body = await chartToSvg(
      { ...base, legend: { type: 'plain', bottom: 0, left: 0, right: 0, itemGap: 12 }, grid: { left: 8, right: 16, top: 16, bottom: legendHeight + 12, containLabel: true } },
      width,
      height,
      SVG_FONT,
    );
    const statusText = t('dataStatus.note', { status: t(`dataStatus.${state.dataStatus}` as MessageKey) });
    const picture = framedSvg({
      title: title.length > 110 ? `${title.slice(0, 108)}…` : title,
      subtitle: periodsText,
      footer: t('analysis.pngFooter', { status: statusText, date: date(new Date()) }),
      body,
      bodyWidth: width,
      bodyHeight: height,
    });
    await savePng(pngFileName(dataNames.length === 1 ? dataNames[0] : t('analysis.title'), periodsText), picture.svg, picture.width, picture.height);
  };

  const shareUrl = `${window.location.origin}/analysis?${writeAnalysis(state)}`;
  const downloadQuery = `${query}&lang=${lang}`;
  const totalsNote = (['rowTotals', 'columnTotals'] as const).map((k) => totals[k]).some((x) => 'reason' in x && x.reason === 'mixedData');
  const itemsCount = pivot ? pivot.rows.length * pivot.columns.length : 0;
  const filledCount = pivot ? pivot.cells.flat().filter(Boolean).length : 0;
  const provisionalCount = pivot ? pivot.cells.flat().filter((c) => c && isProvisional(c.coverage)).length : 0;

  const save = (e: FormEvent) => {
    e.preventDefault();
    const name = saveName.trim();
    if (name) saveMutation.mutate({ name, query: writeAnalysis(state) });
  };
  const placementLabel = (p: Placement) => t(`analysis.place.${p}` as MessageKey);

  return (
    <section className="analysis">
      <PageHeader title={t('analysis.title')} intro={t('analysis.intro')}>
        <Link className="btn" to="/catalogue">
          {t('catalogue.title')}
        </Link>
      </PageHeader>
      <div className="analysis-layout">
        {/* On a phone a shared analysis opens with its result first: the choices fold away until asked for. */}
        <details className="analysis-pickers" open={pickersOpen} onToggle={(e) => setPickersOpen(e.currentTarget.open)}>
          <summary>
            {t('analysis.choose')} <span className="muted small">{t('analysis.chosenCount', { dx: state.dx.length, pe: state.pe.length, ou: state.ou.length })}</span>
          </summary>
          <DataPicker choices={choices} selected={state.dx} onChange={(dx) => update({ ...state, dx, ...normaliseLayout(state.rows, state.columns, dx.length) })} />
          <PeriodPicker selected={state.pe} onChange={(pe) => update({ ...state, pe })} periodLabel={periodLabel} />
          <OrgUnitPicker selected={state.ou} onChange={(ou) => update({ ...state, ou })} unitLabel={unitLabel} />
        </details>
        <div className="analysis-result">
          <div className="card analysis-controls">
            <div className="toolbar">
              {DIMS.map((d) => (
                <SelectField key={d} label={t(`analysis.dim.${d}` as MessageKey)} value={placementOf(layout, d)} onChange={(e) => update(moveDim(state, d, e.target.value as Placement))}>
                  {(['rows', 'columns', 'filter'] as const).map((p) => (
                    <option key={p} value={p} disabled={p === 'filter' && d === 'dx' && state.dx.length > 1}>
                      {placementLabel(p)}
                    </option>
                  ))}
                </SelectField>
              ))}
              <DataStatusSelect value={state.dataStatus} onChange={(v) => update({ ...state, dataStatus: v ?? 'SUBMITTED' })} />
            </div>
            <div className="view-switch" role="group" aria-label={t('analysis.view')}>
              {VIEWS.map((v) => (
                <button key={v} type="button" className={`btn${state.view === v ? ' btn-primary' : ''}`} aria-pressed={state.view === v} onClick={() => update({ ...state, view: v })}>
                  {t(`analysis.view.${v}` as MessageKey)}
                </button>
              ))}
            </div>
          </div>

          {!ready ? (
            <EmptyState>{t('analysis.start')}</EmptyState>
          ) : state.view === 'map' ? (
            <AnalysisMap state={state} choices={choices} update={update} />
          ) : main.isLoading ? (
            <Loading />
          ) : main.error ? (
            <ErrorState error={main.error} onRetry={() => void main.refetch()} />
          ) : pivot ? (
            <div className="card analysis-output" data-rows={pivot.rows.length} data-columns={pivot.columns.length}>
              <p className="small analysis-status">
                <span className="badge badge-info">{t('dataStatus.note', { status: t(`dataStatus.${state.dataStatus}` as MessageKey) })}</span>{' '}
                {t('analysis.filled', { filled: num(filledCount, 0), cells: num(itemsCount, 0) })}
                {provisionalCount > 0 && (
                  <>
                    {' · '}
                    <span className="badge badge-warn">{t('analysis.provisionalCount', { count: num(provisionalCount, 0) })}</span>
                  </>
                )}
              </p>
              {layout.filters.map((d) => (
                <p key={d} className="small">
                  <strong>{t(`analysis.dim.${d}` as MessageKey)}:</strong> {pivot.filterLabels[d].join(', ')}
                  {pivot.filterLabels[d].length > 1 && <span className="muted"> ({t('analysis.combined')})</span>}
                </p>
              ))}
              {itemsCount > MAX_TABLE_CELLS ? (
                <p className="notice notice-warn" role="status">
                  {t('analysis.tooLarge', { cells: num(itemsCount, 0), limit: num(MAX_TABLE_CELLS, 0) })}
                </p>
              ) : state.view === 'table' ? (
                <>
                  <PivotTable pivot={pivot} rowTotals={rowTotals} columnTotals={columnTotals} grandTotal={grandTotal} caption={t('analysis.tableCaption')} onExplain={setExplainAt} />
                  {explainAt && <Explain dx={explainAt.dx} pe={explainAt.pe} ou={explainAt.ou} dataStatus={state.dataStatus} onClose={() => setExplainAt(null)} />}
                  <p className="downloads">
                    <button
                      type="button"
                      className="btn"
                      onClick={() =>
                        saveCsv(
                          'bang-phan-tich.csv',
                          pivotCsv(
                            pivot,
                            {
                              dimName: (d) => t(`analysis.dim.${d}` as MessageKey),
                              value: t('indicator.value'),
                              total: t('analysis.total'),
                              coverage: (label) => t('analysis.csvCoverage', { label }),
                            },
                            { rowTotals, columnTotals, grandTotal },
                          ),
                        )
                      }
                    >
                      {t('analysis.downloadTable')}
                    </button>{' '}
                    <span className="muted small">{t('analysis.downloadTableNote')}</span>
                  </p>
                  <p className="muted small">{t('analysis.coverageLegend')}</p>
                  <p className="muted small">{totalsNote ? t('analysis.totalsMixed') : t('analysis.totalsHow')}</p>
                </>
              ) : (
                option && (
                  <>
                    <Chart option={option} height={narrow ? 360 : 420} label={t('analysis.chartLabel', { count: pivot.rows.length })} />
                    <p className="downloads">
                      <PngButton make={downloadChartPng} />
                    </p>
                  </>
                )
              )}
              {main.data && main.data.metaData.lineage.length > 0 && <p className="muted small">{t('analysis.lineage')}</p>}
            </div>
          ) : null}

          <div className="card analysis-share">
            <h2>{t('analysis.share')}</h2>
            <div className="share-row">
              <Field label={t('analysis.link')} readOnly value={shareUrl} onFocus={(e) => e.currentTarget.select()} />
              <CopyButton text={shareUrl} />
            </div>
            {ready && (
              <p className="downloads">
                <a className="btn" href={`/api/analytics.csv?${downloadQuery}`} download>
                  {t('indicator.downloadCsv')}
                </a>{' '}
                <a className="btn" href={`/api/analytics.xlsx?${downloadQuery}`} download>
                  {t('indicator.downloadXlsx')}
                </a>
                <span className="muted small"> {t('analysis.downloadNote')}</span>
              </p>
            )}
            <form className="share-row" onSubmit={save}>
              <Field label={t('analysis.saveName')} value={saveName} maxLength={120} onChange={(e) => setSaveName(e.target.value)} error={fieldError(saveMutation.error, 'name')} />
              <button type="submit" className="btn btn-primary" disabled={!saveName.trim() || saveMutation.isPending}>
                {t('analysis.save')}
              </button>
            </form>
            {saveMutation.error && !fieldError(saveMutation.error, 'name') && <FormError error={saveMutation.error} />}
            {deleteMutation.error && <FormError error={deleteMutation.error} />}
            <p className="muted small" aria-live="polite">
              {savedNote || t('analysis.savedWhere')}
            </p>
            {saved.data && saved.data.length > 0 && (
              <>
                <h3>{t('analysis.saved')}</h3>
                <ul className="saved-list">
                  {saved.data.map((a) => (
                    <li key={a.id} data-saved={a.id}>
                      <Link to={`/analysis?${a.query}`}>{a.name}</Link>{' '}
                      <button type="button" className="link small" disabled={deleteMutation.isPending} onClick={() => deleteMutation.mutate(a.id)} aria-label={t('analysis.remove', { name: a.name })}>
                        {t('analysis.delete')}
                      </button>
                    </li>
                  ))}
                </ul>
              </>
            )}
          </div>
        </div>
      </div>
    </section>
  );
}
