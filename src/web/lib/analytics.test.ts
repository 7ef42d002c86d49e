import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { AnalyticsResponse } from '../api/analytics.ts';
import { analyticsParams, dataStatusOf, isProvisional, mixColour, readCells, seriesByPeriod } from './analytics.ts';

/** A column as the server names it: a dimension (meta) or a measure. */
const head = (name: string, column: string, meta = false) => ({ name, column, valueType: meta ? 'TEXT' : 'NUMBER', type: meta ? 'java.lang.String' : 'java.lang.Double', hidden: false, meta });

const response: AnalyticsResponse = {
  headers: [head('pe', 'Kỳ', true), head('dx', 'Dữ liệu', true), head('ou', 'Đơn vị', true), head('value', 'Giá trị')],
  metaData: { items: { '202601': { name: 'Tháng 1/2026' } }, dimensions: { pe: ['202601', '202602', '202603'] }, lineage: [], dataStatus: 'SUBMITTED' },
  rows: [
    ['202603', 'A', 'VN', '3.5'],
    ['202601', 'A', 'VN', '1'],
    ['202602', 'A', '01', '7'],
  ],
  height: 3,
  width: 4,
};

test('cells are read by header name', () => {
  assert.deepEqual(readCells(response)[0], { dx: 'A', pe: '202603', ou: 'VN', value: 3.5, coverage: null });
});

test('coverage columns travel with each value; a figure below full coverage is provisional', () => {
  const withCoverage: AnalyticsResponse = {
    ...response,
    headers: [...response.headers, head('reported', 'Đã báo cáo'), head('expected', 'Phải báo cáo'), head('coverage', 'Mức đầy đủ')],
    rows: [
      ['202603', 'A', 'VN', '3.5', '31', '34', '0.9118'],
      ['202601', 'A', 'VN', '1', '34', '34', '1'],
      ['202602', 'A', '01', '7', '', '', ''],
    ],
  };
  const cells = readCells(withCoverage);
  assert.deepEqual(cells[0].coverage, { reported: 31, expected: 34, share: 0.9118 });
  assert.equal(isProvisional(cells[0].coverage), true);
  assert.equal(isProvisional(cells[1].coverage), false);
  // No regime expects the third figure: no coverage is claimed, and it is not marked provisional either.
  assert.equal(cells[2].coverage, null);
  assert.equal(isProvisional(cells[2].coverage), false);
  assert.deepEqual(seriesByPeriod(withCoverage, 'VN')[2], { period: '202603', name: '202603', value: 3.5, coverage: { reported: 31, expected: 34, share: 0.9118 } });
});

test('the data status of a screen is submitted and approved unless asked otherwise', () => {
  assert.equal(dataStatusOf(''), 'SUBMITTED');
  assert.equal(dataStatusOf('ALL'), 'ALL');
  assert.equal(dataStatusOf('APPROVED'), 'APPROVED');
  assert.equal(dataStatusOf('DRAFT'), 'SUBMITTED');
});

test('a series follows the period dimension and keeps gaps as null', () => {
  assert.deepEqual(seriesByPeriod(response, 'VN'), [
    { period: '202601', name: 'Tháng 1/2026', value: 1, coverage: null },
    { period: '202602', name: '202602', value: null, coverage: null },
    { period: '202603', name: '202603', value: 3.5, coverage: null },
  ]);
});

test('dimensions become repeated parameters', () => {
  assert.equal(analyticsParams({ dx: ['A'], pe: ['2026', '2025'] }), 'dimension=dx%3AA&dimension=pe%3A2026%3B2025');
});

test('colours mix linearly and clamp', () => {
  assert.equal(mixColour('#000000', '#ffffff', 0.5), '#808080');
  assert.equal(mixColour('#000000', '#ffffff', 2), '#ffffff');
});
