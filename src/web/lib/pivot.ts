import type { AnalyticsResponse, DataStatus } from '../api/analytics.ts';
import { dataStatusOf, readCells, type CellCoverage } from './analytics.ts';

/** The three analytics dimensions: data (indicators, data elements), periods, org units. */
export type Dim = 'dx' | 'pe' | 'ou';
export const DIMS: readonly Dim[] = ['dx', 'pe', 'ou'];
export type Placement = 'rows' | 'columns' | 'filter';
export type AnalysisView = 'table' | 'line' | 'bar' | 'map';
export const ANALYSIS_VIEWS: readonly AnalysisView[] = ['table', 'line', 'bar', 'map'];

/** A free analysis as it is kept in the URL (shareable) and in saved analyses. */
export interface AnalysisState {
  dx: string[];
  pe: string[];
  ou: string[];
  rows: Dim[];
  columns: Dim[];
  view: AnalysisView;
  dataStatus: DataStatus;
  /** The data item and the period the map shows (null: the first data item, the latest period with a figure). */
  mapDx: string | null;
  mapPe: string | null;
}

export const DEFAULT_ANALYSIS: AnalysisState = {
  dx: [],
  pe: ['LAST_12_MONTHS'],
  ou: ['USER_ORGUNIT'],
  rows: ['ou'],
  columns: ['pe'],
  view: 'table',
  dataStatus: 'SUBMITTED',
  mapDx: null,
  mapPe: null,
};

const ITEM = /^[A-Za-z0-9_.:-]{1,100}$/;

function itemsOf(raw: string | null): string[] {
  if (!raw) return [];
  return [
    ...new Set(
      raw
        .split(';')
        .map((s) => s.trim())
        .filter((s) => ITEM.test(s)),
    ),
  ].slice(0, 200);
}

function dimsOf(raw: string | null): Dim[] {
  if (!raw) return [];
  return [...new Set(raw.split(',').filter((d): d is Dim => (DIMS as readonly string[]).includes(d)))];
}

/**
 * Where each dimension goes. A dimension placed twice keeps its first place; a dimension placed nowhere
 * is a filter (its items combined into one figure by analytics) — except several data items, which
 * cannot be combined (different measures) and go to the rows.
 */
export function normaliseLayout(rows: readonly Dim[], columns: readonly Dim[], dxCount: number): { rows: Dim[]; columns: Dim[]; filters: Dim[] } {
  const r = [...new Set(rows)];
  const c = [...new Set(columns)].filter((d) => !r.includes(d));
  if (dxCount > 1 && !r.includes('dx') && !c.includes('dx')) r.unshift('dx');
  const filters = DIMS.filter((d) => !r.includes(d) && !c.includes(d));
  return { rows: r, columns: c, filters };
}

export function placementOf(state: Pick<AnalysisState, 'rows' | 'columns'>, dim: Dim): Placement {
  return state.rows.includes(dim) ? 'rows' : state.columns.includes(dim) ? 'columns' : 'filter';
}

/** Moves a dimension to rows, columns or the filter, keeping the others where they are. */
export function moveDim(state: AnalysisState, dim: Dim, to: Placement): AnalysisState {
  const rows = state.rows.filter((d) => d !== dim);
  const columns = state.columns.filter((d) => d !== dim);
  if (to === 'rows') rows.push(dim);
  if (to === 'columns') columns.push(dim);
  const layout = normaliseLayout(rows, columns, state.dx.length);
  return { ...state, rows: layout.rows, columns: layout.columns };
}

/** Reads an analysis from a query string (unknown or malformed parts fall back to the defaults). */
export function readAnalysis(search: URLSearchParams): AnalysisState {
  const view = search.get('view');
  const pe = itemsOf(search.get('pe'));
  const ou = itemsOf(search.get('ou'));
  const dx = itemsOf(search.get('dx'));
  const [mapDx] = itemsOf(search.get('mapdx'));
  const [mapPe] = itemsOf(search.get('mappe'));
  const hasLayout = search.has('rows') || search.has('columns');
  const layout = normaliseLayout(hasLayout ? dimsOf(search.get('rows')) : DEFAULT_ANALYSIS.rows, hasLayout ? dimsOf(search.get('columns')) : DEFAULT_ANALYSIS.columns, dx.length);
  return {
    dx,
    // Absent, the defaults; present but emptied by the user, empty (nothing is put back behind their back).
    pe: search.has('pe') ? pe : DEFAULT_ANALYSIS.pe,
    ou: search.has('ou') ? ou : DEFAULT_ANALYSIS.ou,
    rows: layout.rows,
    columns: layout.columns,
    view: (ANALYSIS_VIEWS as readonly (string | null)[]).includes(view) ? (view as AnalysisView) : 'table',
    dataStatus: dataStatusOf(search.get('data')),
    mapDx: mapDx ?? null,
    mapPe: mapPe ?? null,
  };
}

/** The query string of an analysis: the same state read back by readAnalysis. */
export function writeAnalysis(state: AnalysisState): string {
  const search = new URLSearchParams();
  if (state.dx.length) search.set('dx', state.dx.join(';'));
  search.set('pe', state.pe.join(';'));
  search.set('ou', state.ou.join(';'));
  search.set('rows', state.rows.join(','));
  search.set('columns', state.columns.join(','));
  if (state.view !== 'table') search.set('view', state.view);
  if (state.dataStatus !== 'SUBMITTED') search.set('data', state.dataStatus);
  if (state.mapDx) search.set('mapdx', state.mapDx);
  if (state.mapPe) search.set('mappe', state.mapPe);
  return search.toString();
}

/**
 * The analytics query string for the given dimensions and filters of an analysis, with the data
 * status and the coverage columns (every figure carries how much of it is in).
 */
export function analyticsQueryOf(state: AnalysisState, dimensions: readonly Dim[], filters: readonly Dim[]): string {
  const search = new URLSearchParams();
  for (const d of dimensions) search.append('dimension', `${d}:${state[d].join(';')}`);
  for (const d of filters) search.append('filter', `${d}:${state[d].join(';')}`);
  search.set('dataStatus', state.dataStatus);
  return search.toString();
}

/** The main query: rows and columns as dimensions, the rest as filters. */
export function mainQueryOf(state: AnalysisState): string {
  const layout = normaliseLayout(state.rows, state.columns, state.dx.length);
  return analyticsQueryOf(state, [...layout.rows, ...layout.columns], layout.filters);
}

export type TotalKind = 'rowTotals' | 'columnTotals' | 'grandTotal';

/**
 * Which totals an analysis can show, and the query for each. A total is never a sum of the cells: it is
 * asked of analytics with the totalled dimensions as filters, so each figure is combined with its own
 * aggregation (a sum for counts, the last value for stocks, numerator over denominator for a rate) and
 * carries its own coverage. Different data items are never combined: with several of them across a
 * direction there is no total that way (`reason: 'mixedData'`).
 */
export function totalsOf(state: AnalysisState): Record<TotalKind, { query: string } | { reason: 'mixedData' | 'noDimension' }> {
  const layout = normaliseLayout(state.rows, state.columns, state.dx.length);
  const mixed = (dims: readonly Dim[]) => dims.includes('dx') && state.dx.length > 1;
  const over = (totalled: readonly Dim[], kept: readonly Dim[]) => {
    if (totalled.length === 0) return { reason: 'noDimension' as const };
    if (mixed(totalled)) return { reason: 'mixedData' as const };
    return { query: analyticsQueryOf(state, kept, [...totalled, ...layout.filters]) };
  };
  return {
    // One figure per row, combined over the columns.
    rowTotals: over(layout.columns, layout.rows),
    // One figure per column, combined over the rows.
    columnTotals: over(layout.rows, layout.columns),
    grandTotal: layout.rows.length === 0 || layout.columns.length === 0 ? { reason: 'noDimension' } : over([...layout.rows, ...layout.columns], []),
  };
}

export interface PivotCell {
  value: number;
  coverage: CellCoverage | null;
}

export interface PivotHeader {
  /** The item id of each dimension of the header, in the layout's order. */
  keys: string[];
  labels: string[];
}

export interface Pivot {
  rowDims: Dim[];
  columnDims: Dim[];
  filterDims: Dim[];
  rows: PivotHeader[];
  columns: PivotHeader[];
  /** cells[r][c], null where analytics has no value. */
  cells: (PivotCell | null)[][];
  /** Labels of the filter items (shown above the table). */
  filterLabels: Record<Dim, string[]>;
  /** Item ids of the filter dimensions, as the answer resolved them. */
  filterKeys: Record<Dim, string[]>;
}

function cartesian(lists: readonly string[][]): string[][] {
  return lists.reduce<string[][]>((acc, list) => acc.flatMap((prefix) => list.map((x) => [...prefix, x])), [[]]);
}

function cellKey(dims: readonly Dim[], values: Partial<Record<Dim, string>>): string {
  return dims.map((d) => values[d] ?? '').join('|');
}

/** Lays an analytics answer out as a pivot table: every combination of the row and column items, in the answer's order. */
export function buildPivot(response: AnalyticsResponse, layout: { rows: Dim[]; columns: Dim[]; filters: Dim[] }): Pivot {
  const name = (id: string) => response.metaData.items[id]?.name ?? id;
  const itemsOfDim = (d: Dim) => response.metaData.dimensions[d] ?? [];
  const headers = (dims: readonly Dim[]): PivotHeader[] => cartesian(dims.map(itemsOfDim)).map((keys) => ({ keys, labels: keys.map(name) }));
  const rows = headers(layout.rows);
  const columns = headers(layout.columns);
  const both = [...layout.rows, ...layout.columns];
  const byKey = new Map<string, PivotCell>();
  for (const c of readCells(response)) byKey.set(cellKey(both, c), { value: c.value, coverage: c.coverage });
  const cells = rows.map((r) =>
    columns.map((c) => {
      const values: Partial<Record<Dim, string>> = {};
      layout.rows.forEach((d, i) => (values[d] = r.keys[i]));
      layout.columns.forEach((d, i) => (values[d] = c.keys[i]));
      return byKey.get(cellKey(both, values)) ?? null;
    }),
  );
  const filterLabels = { dx: [], pe: [], ou: [] } as Record<Dim, string[]>;
  const filterKeys = { dx: [], pe: [], ou: [] } as Record<Dim, string[]>;
  for (const d of layout.filters) {
    filterKeys[d] = [...itemsOfDim(d)];
    filterLabels[d] = filterKeys[d].map(name);
  }
  return { rowDims: layout.rows, columnDims: layout.columns, filterDims: layout.filters, rows, columns, cells, filterLabels, filterKeys };
}

/** The figures of a totals answer by the key of the dimensions it kept (rows' or columns' item ids joined by '|'). */
export function totalsByKey(response: AnalyticsResponse, kept: readonly Dim[]): Map<string, PivotCell> {
  const out = new Map<string, PivotCell>();
  for (const c of readCells(response)) out.set(kept.map((d) => c[d]).join('|'), { value: c.value, coverage: c.coverage });
  return out;
}

/** Series for a line or bar chart: one per row of the pivot, along its columns. */
export function chartSeries(pivot: Pivot): { categories: string[]; series: { name: string; data: (PivotCell | null)[] }[] } {
  return {
    categories: pivot.columns.map((c) => c.labels.join(' · ') || ''),
    series: pivot.rows.map((r, i) => ({ name: r.labels.join(' · '), data: pivot.cells[i] })),
  };
}

/**
 * The one indicator (or element), period and unit a cell stands for — what explain takes — or null when the cell
 * combines several items of a filter (a sum of two units is not one figure to explain).
 */
export function cellCoordinates(pivot: Pivot, row: number, column: number): Record<Dim, string> | null {
  const at: Partial<Record<Dim, string>> = {};
  pivot.rowDims.forEach((d, i) => (at[d] = pivot.rows[row]?.keys[i]));
  pivot.columnDims.forEach((d, i) => (at[d] = pivot.columns[column]?.keys[i]));
  for (const d of pivot.filterDims) {
    if (pivot.filterKeys[d].length !== 1) return null;
    at[d] = pivot.filterKeys[d][0];
  }
  return at.dx && at.pe && at.ou ? { dx: at.dx, pe: at.pe, ou: at.ou } : null;
}

/** A CSV field (RFC 4180): quoted when it holds a comma, a quote or a line break. */
const csvField = (text: string) => (/[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text);

export interface PivotCsvWords {
  dimName: (d: Dim) => string;
  /** Header of a column with only values (no column dimension). */
  value: string;
  total: string;
  /** Header of the coverage column beside a value column: "<label> — báo cáo/kỳ vọng". */
  coverage: (label: string) => string;
}

/**
 * The table as it is laid out on screen, as CSV: the row headers, then for every column its value and, beside it,
 * its coverage ("reported/expected" units: a figure built from part of the units says so in the file too), the
 * totals when shown. Values are written as numbers with a point, for spreadsheets and scripts; an empty field is
 * no value. The filters are written above the header, as "# dimension: items" lines.
 */
export function pivotCsv(
  pivot: Pivot,
  words: PivotCsvWords,
  totals: { rowTotals: Map<string, PivotCell> | null; columnTotals: Map<string, PivotCell> | null; grandTotal: PivotCell | null | undefined },
): string {
  const value = (c: PivotCell | null | undefined) => (c ? String(c.value) : '');
  const coverage = (c: PivotCell | null | undefined) => (c?.coverage ? `${c.coverage.reported}/${c.coverage.expected}` : '');
  const pair = (c: PivotCell | null | undefined) => [value(c), coverage(c)];
  const columnLabels = pivot.columnDims.length ? pivot.columns.map((c) => c.labels.join(' · ')) : [words.value];
  const rowHead = pivot.rowDims.length ? pivot.rowDims.map(words.dimName) : [''];
  const header = [...rowHead, ...columnLabels.flatMap((l) => [l, words.coverage(l)]), ...(totals.rowTotals ? [words.total, words.coverage(words.total)] : [])];
  const lines = pivot.filterDims.map((d) => [`# ${words.dimName(d)}: ${pivot.filterLabels[d].join('; ')}`]);
  lines.push(header);
  pivot.rows.forEach((r, ri) => {
    const heads = r.labels.length ? r.labels : [words.value];
    lines.push([...heads, ...pivot.cells[ri]!.flatMap(pair), ...(totals.rowTotals ? pair(totals.rowTotals.get(r.keys.join('|'))) : [])]);
  });
  if (totals.columnTotals) {
    lines.push([
      words.total,
      ...rowHead.slice(1).map(() => ''),
      ...pivot.columns.flatMap((c) => pair(totals.columnTotals!.get(c.keys.join('|')))),
      ...(totals.rowTotals ? pair(totals.grandTotal) : []),
    ]);
  }
  return lines.map((l) => l.map(csvField).join(',')).join('\r\n') + '\r\n';
}
