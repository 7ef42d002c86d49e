import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { AnalyticsResponse } from '../api/types.ts';
import { analyticsParams, mixColour, readCells, seriesByPeriod } from './analytics.ts';

const response: AnalyticsResponse = {
  headers: [{ name: 'pe', column: 'Kỳ' }, { name: 'dx', column: 'Dữ liệu' }, { name: 'ou', column: 'Đơn vị' }, { name: 'value', column: 'Giá trị' }],
  metaData: { items: { '202601': { name: 'Tháng 1/2026' } }, dimensions: { pe: ['202601', '202602', '202603'] }, lineage: [] },
  rows: [['202603', 'A', 'VN', '3.5'], ['202601', 'A', 'VN', '1'], ['202602', 'A', '01', '7']],
  height: 3,
  width: 4,
};

test('cells are read by header name', () => {
  assert.deepEqual(readCells(response)[0], { dx: 'A', pe: '202603', ou: 'VN', value: 3.5 });
});

test('a series follows the period dimension and keeps gaps as null', () => {
  assert.deepEqual(seriesByPeriod(response, 'VN'), [
    { period: '202601', name: 'Tháng 1/2026', value: 1 },
    { period: '202602', name: '202602', value: null },
    { period: '202603', name: '202603', value: 3.5 },
  ]);
});

test('dimensions become repeated parameters', () => {
  assert.equal(analyticsParams({ dx: ['A'], pe: ['2026', '2025'] }), 'dimension=dx%3AA&dimension=pe%3A2026%3B2025');
});

test('colours mix linearly and clamp', () => {
  assert.equal(mixColour('#000000', '#ffffff', 0.5), '#808080');
  assert.equal(mixColour('#000000', '#ffffff', 2), '#ffffff');
});
