import { test } from 'node:test';
import assert from 'node:assert/strict';
import { OLD_PROVINCES, OLD_TILE_GRID, provinceTilesOn } from './provinces.ts';

function assertLayout(tiles: { code: string; tile: { row: number; col: number } }[], grid: { rows: number; cols: number }) {
  const cells = new Map<string, string>();
  for (const t of tiles) {
    assert.ok(t.tile, `${t.code} has a place`);
    assert.ok(t.tile.row >= 0 && t.tile.row < grid.rows && t.tile.col >= 0 && t.tile.col < grid.cols, `${t.code} lies inside the grid`);
    const key = `${t.tile.row}:${t.tile.col}`;
    assert.equal(cells.get(key), undefined, `${t.code} and ${cells.get(key)} share the square ${key}`);
    cells.set(key, t.code);
  }
}

test('the 63-province tile map places every province once, inside its grid', () => {
  const { grid, tiles } = provinceTilesOn('2023-06-30');
  assert.equal(grid, OLD_TILE_GRID);
  assert.equal(tiles.length, 63);
  assert.deepEqual(tiles.map((t) => t.code).sort(), OLD_PROVINCES.map((p) => p.gsoCode).sort());
  assertLayout(tiles, grid);
  // North above south: Hà Giang above Hà Nội above Huế above Hồ Chí Minh above Cà Mau.
  const row = (code: string) => tiles.find((t) => t.code === code)!.tile.row;
  assert.ok(row('02') < row('01') && row('01') < row('46') && row('46') < row('79') && row('79') < row('96'));
});

test('the tile map follows the day: Thừa Thiên Huế is Huế from 1/1/2025, the 34 provinces from 1/7/2025', () => {
  assert.equal(provinceTilesOn('2024-12-31').tiles.find((t) => t.code === '46')?.shortNameVi, 'Thừa Thiên Huế');
  assert.equal(provinceTilesOn('2025-01-01').tiles.find((t) => t.code === '46')?.shortNameVi, 'Huế');
  const after = provinceTilesOn('2025-07-01');
  assert.equal(after.tiles.length, 34);
  assertLayout(after.tiles, after.grid);
  assert.equal(provinceTilesOn('2025-06-30').tiles.length, 63);
});
