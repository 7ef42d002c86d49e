import { test } from 'node:test';
import assert from 'node:assert/strict';
import { provinceCodeOf, provinceMapValues, type MapObservation } from './open-data-map.ts';

const units = new Map([
  ['01', { name: 'Thành phố Hà Nội' }],
  ['T63-02', { name: 'Tỉnh Hà Giang' }],
  ['T63-08', { name: 'Tỉnh Tuyên Quang' }],
  ['T63-35', { name: 'Tỉnh Hà Nam' }],
  ['08', { name: 'Tỉnh Tuyên Quang' }],
  ['KHU_KT', { name: 'Khu kinh tế' }],
]);
const obs = (orgUnit: string, period: string, value: number | null, status: MapObservation['status'] = 'A', indicator = 'X'): MapObservation => ({ indicator, orgUnit, period, value, status });

test('a unit code gives its province code: 01, T63-02 → 02; a code without one gives none', () => {
  assert.equal(provinceCodeOf('01'), '01');
  assert.equal(provinceCodeOf('T63-02'), '02');
  assert.equal(provinceCodeOf('KHU_KT'), null);
});

test('the 2023 map: 63 squares; a withheld or missing figure is no data, a real 0 is 0, provisional is marked, a unit without a square is named', () => {
  const map = provinceMapValues(
    [
      obs('01', '202306', 132.6),
      obs('T63-02', '202306', 0),
      obs('T63-08', '202306', null, 'M'),
      obs('T63-35', '202306', 12, 'P'),
      obs('KHU_KT', '202306', 5),
      obs('01', '202305', 99),
      obs('01', '202306', 7, 'A', 'Y'),
    ],
    units,
    'X',
    '202306',
  );
  assert.equal(map.tiles.length, 63);
  assert.deepEqual([...map.values.entries()].sort(), [
    ['01', 132.6],
    ['02', 0],
    ['35', 12],
  ]);
  assert.equal(map.values.has('08'), false, 'Tuyên Quang was withheld: no data, not 0');
  assert.deepEqual([...map.provisional], ['35']);
  assert.deepEqual(map.unplaced, ['Khu kinh tế']);
});

test('from July 2025 the 34 provinces', () => {
  const map = provinceMapValues([obs('08', '202507', 40)], units, 'X', '202507');
  assert.equal(map.tiles.length, 34);
  assert.deepEqual([...map.values.entries()], [['08', 40]]);
});
