import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { AnalyticsResponse } from '../api/analytics.ts';
import { buildPivot, cellCoordinates, chartSeries, mainQueryOf, pivotCsv, moveDim, normaliseLayout, readAnalysis, totalsByKey, totalsOf, writeAnalysis, type AnalysisState } from './pivot.ts';

/** A column as the server names it: a dimension (meta) or a measure. */
const head = (name: string, meta = false) => ({ name, column: name, valueType: meta ? 'TEXT' : 'NUMBER', type: meta ? 'java.lang.String' : 'java.lang.Double', hidden: false, meta });

/** An answer as /api/analytics gives it: dx × pe × ou with the coverage columns. */
function answer(dims: string[], rows: string[][], items: Record<string, string[]>): AnalyticsResponse {
  const names: Record<string, { name: string }> = {};
  for (const list of Object.values(items)) for (const id of list) names[id] = { name: `name ${id}` };
  return {
    headers: [...dims.map((d) => head(d, true)), head('value'), head('reported'), head('expected'), head('coverage')],
    metaData: { items: names, dimensions: items, lineage: [], dataStatus: 'SUBMITTED' },
    rows,
    height: rows.length,
    width: dims.length + 4,
  };
}

const base: AnalysisState = { dx: ['TL_A'], pe: ['LAST_12_MONTHS'], ou: ['VN', 'LEVEL-2'], rows: ['ou'], columns: ['pe'], view: 'table', dataStatus: 'SUBMITTED', mapDx: null, mapPe: null };

test('an analysis survives the URL: written and read back the same', () => {
  const state: AnalysisState = { ...base, dx: ['TL_A', 'DE_B.OPT'], rows: ['dx', 'ou'], view: 'bar', dataStatus: 'APPROVED' };
  assert.deepEqual(readAnalysis(new URLSearchParams(writeAnalysis(state))), state);
  // The map view with its chosen data item and period.
  const map: AnalysisState = { ...state, view: 'map', mapDx: 'DE_B.OPT', mapPe: '202611' };
  assert.match(writeAnalysis(map), /&view=map&.*&mapdx=DE_B\.OPT&mappe=202611$/);
  assert.deepEqual(readAnalysis(new URLSearchParams(writeAnalysis(map))), map);
  // Defaults: submitted data, the table, the caller's own units over the last 12 months.
  const empty = readAnalysis(new URLSearchParams(''));
  assert.deepEqual([empty.pe, empty.ou, empty.view, empty.dataStatus], [['LAST_12_MONTHS'], ['USER_ORGUNIT'], 'table', 'SUBMITTED']);
  // A list the user emptied stays empty rather than coming back as the default.
  assert.deepEqual(readAnalysis(new URLSearchParams(writeAnalysis({ ...base, ou: [] }))).ou, []);
  // Malformed items and unknown dimensions are dropped rather than sent to the server.
  const odd = readAnalysis(new URLSearchParams('dx=A;<script>;A&rows=ou,zz,ou&columns=pe&view=pie&data=DRAFT'));
  assert.deepEqual([odd.dx, odd.rows, odd.columns, odd.view, odd.dataStatus], [['A'], ['ou'], ['pe'], 'table', 'SUBMITTED']);
  const oddMap = readAnalysis(new URLSearchParams('dx=A&view=map&mapdx=<b>&mappe='));
  assert.deepEqual([oddMap.view, oddMap.mapDx, oddMap.mapPe], ['map', null, null]);
});

test('several data items cannot be a filter: they go to the rows; one item can', () => {
  assert.deepEqual(normaliseLayout(['ou'], ['pe'], 2), { rows: ['dx', 'ou'], columns: ['pe'], filters: [] });
  assert.deepEqual(normaliseLayout(['ou'], ['pe'], 1), { rows: ['ou'], columns: ['pe'], filters: ['dx'] });
  assert.deepEqual(normaliseLayout(['ou', 'pe'], ['pe'], 1), { rows: ['ou', 'pe'], columns: [], filters: ['dx'] });
  const moved = moveDim({ ...base, dx: ['A', 'B'], rows: ['dx', 'ou'] }, 'dx', 'filter');
  assert.deepEqual([moved.rows, moved.columns], [['dx', 'ou'], ['pe']]);
  const swapped = moveDim(moveDim(base, 'ou', 'columns'), 'pe', 'rows');
  assert.deepEqual([swapped.rows, swapped.columns], [['pe'], ['ou']]);
});

test('the query asks analytics for rows and columns as dimensions, the rest as filters, with the data status', () => {
  const q = new URLSearchParams(mainQueryOf({ ...base, dataStatus: 'APPROVED' }));
  assert.deepEqual(q.getAll('dimension'), ['ou:VN;LEVEL-2', 'pe:LAST_12_MONTHS']);
  assert.deepEqual(q.getAll('filter'), ['dx:TL_A']);
  assert.equal(q.get('dataStatus'), 'APPROVED');
});

test('totals are asked of analytics with the totalled dimensions as filters, never across different data', () => {
  const t = totalsOf(base);
  assert.ok('query' in t.rowTotals && 'query' in t.columnTotals && 'query' in t.grandTotal);
  const rowTotals = new URLSearchParams((t.rowTotals as { query: string }).query);
  assert.deepEqual(rowTotals.getAll('dimension'), ['ou:VN;LEVEL-2']);
  assert.deepEqual(rowTotals.getAll('filter'), ['pe:LAST_12_MONTHS', 'dx:TL_A']);
  const grand = new URLSearchParams((t.grandTotal as { query: string }).query);
  assert.deepEqual(grand.getAll('dimension'), []);
  assert.deepEqual(grand.getAll('filter').sort(), ['dx:TL_A', 'ou:VN;LEVEL-2', 'pe:LAST_12_MONTHS']);

  // Two indicators on the rows: a total per column would add different measures.
  const mixed = totalsOf({ ...base, dx: ['TL_A', 'TL_B'], rows: ['dx'], columns: ['pe'], ou: ['VN'] });
  assert.deepEqual(mixed.columnTotals, { reason: 'mixedData' });
  assert.deepEqual(mixed.grandTotal, { reason: 'mixedData' });
  assert.ok('query' in mixed.rowTotals, 'each indicator over the periods is still one measure');
  // Nothing on the columns: there is nothing to total across.
  assert.deepEqual(totalsOf({ ...base, columns: [], rows: ['ou'] }).rowTotals, { reason: 'noDimension' });
});

test('the pivot places every cell by its items, whatever the order of the rows, and keeps the coverage', () => {
  const res = answer(
    ['ou', 'pe'],
    [
      ['79', '202602', '12.5', '3', '4', '0.75'],
      ['01', '202601', '10', '4', '4', '1'],
      ['01', '202602', '11', '4', '4', '1'],
    ],
    { dx: ['TL_A'], pe: ['202601', '202602'], ou: ['01', '79'] },
  );
  const pivot = buildPivot(res, { rows: ['ou'], columns: ['pe'], filters: ['dx'] });
  assert.deepEqual(
    pivot.rows.map((r) => r.labels),
    [['name 01'], ['name 79']],
  );
  assert.deepEqual(
    pivot.columns.map((c) => c.keys),
    [['202601'], ['202602']],
  );
  assert.deepEqual(
    pivot.cells.map((r) => r.map((c) => c?.value ?? null)),
    [
      [10, 11],
      [null, 12.5],
    ],
  );
  assert.deepEqual(pivot.cells[1][1]?.coverage, { reported: 3, expected: 4, share: 0.75 });
  assert.deepEqual(pivot.filterLabels.dx, ['name TL_A']);
  const chart = chartSeries(pivot);
  assert.deepEqual(chart.categories, ['name 202601', 'name 202602']);
  assert.deepEqual(
    chart.series.map((s) => [s.name, s.data.map((d) => d?.value ?? null)]),
    [
      ['name 01', [10, 11]],
      ['name 79', [null, 12.5]],
    ],
  );

  // Transposed: the same cells.
  const t = buildPivot(res, { rows: ['pe'], columns: ['ou'], filters: ['dx'] });
  assert.deepEqual(
    t.cells.map((r) => r.map((c) => c?.value ?? null)),
    [
      [10, null],
      [11, 12.5],
    ],
  );
});

test('totals answers are read by the dimensions they kept; a grand total has none', () => {
  const rows = answer(['ou'], [['01', '21', '8', '8', '1']], { dx: ['TL_A'], pe: ['202601'], ou: ['01'] });
  assert.equal(totalsByKey(rows, ['ou']).get('01')?.value, 21);
  const grand = answer([], [['33.5', '30', '32', '0.9375']], { dx: ['TL_A'], pe: ['202601'], ou: ['01'] });
  assert.deepEqual(totalsByKey(grand, []).get(''), { value: 33.5, coverage: { reported: 30, expected: 32, share: 0.9375 } });
});

test('a cell is explained by its row, column and single filter items; a combined filter has nothing to explain', () => {
  const res = answer(['ou', 'pe'], [['01', '202601', '10', '4', '4', '1']], { dx: ['TL_A'], pe: ['202601', '202602'], ou: ['01', '79'] });
  const pivot = buildPivot(res, { rows: ['ou'], columns: ['pe'], filters: ['dx'] });
  assert.deepEqual(cellCoordinates(pivot, 1, 1), { dx: 'TL_A', pe: '202602', ou: '79' });
  const two = answer(['pe'], [['202601', '10', '8', '8', '1']], { dx: ['TL_A'], pe: ['202601'], ou: ['01', '79'] });
  assert.equal(cellCoordinates(buildPivot(two, { rows: ['pe'], columns: [], filters: ['dx', 'ou'] }), 0, 0), null, 'two units summed');
});

test('the pivot as CSV: the table as laid out, each value with its coverage beside it, totals and filters, fields quoted', () => {
  const res = answer(
    ['ou', 'pe'],
    [
      ['79', '202602', '12.5', '3', '4', '0.75'],
      ['01', '202601', '10', '4', '4', '1'],
    ],
    { dx: ['TL_A'], pe: ['202601', '202602'], ou: ['01', '79'] },
  );
  res.metaData.items['79'] = { name: 'Hồ Chí Minh, "TP"' };
  const pivot = buildPivot(res, { rows: ['ou'], columns: ['pe'], filters: ['dx'] });
  const words = { dimName: (d: string) => ({ dx: 'Dữ liệu', pe: 'Kỳ', ou: 'Đơn vị' })[d]!, value: 'Giá trị', total: 'Tổng', coverage: (l: string) => `${l} — báo cáo/kỳ vọng` };
  const rowTotals = new Map([
    ['01', { value: 10, coverage: { reported: 4, expected: 8, share: 0.5 } }],
    ['79', { value: 12.5, coverage: null }],
  ]);
  const csv = pivotCsv(pivot, words, { rowTotals, columnTotals: null, grandTotal: null });
  assert.equal(
    csv,
    [
      '# Dữ liệu: name TL_A',
      'Đơn vị,name 202601,name 202601 — báo cáo/kỳ vọng,name 202602,name 202602 — báo cáo/kỳ vọng,Tổng,Tổng — báo cáo/kỳ vọng',
      'name 01,10,4/4,,,10,4/8',
      '"Hồ Chí Minh, ""TP""",,,12.5,3/4,12.5,',
      '',
    ].join('\r\n'),
  );
});
