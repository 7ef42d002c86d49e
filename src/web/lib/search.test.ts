import { test } from 'node:test';
import assert from 'node:assert/strict';
import { matchesSearch } from './search.ts';

test('search ignores diacritics, case and extra spaces', () => {
  assert.ok(matchesSearch(['canbo.an', 'Nguyễn Văn An'], 'nguyen van an'));
  assert.ok(matchesSearch(['Đà Nẵng'], 'da  nang'));
  assert.ok(matchesSearch(['Đà Nẵng'], 'ĐÀ'));
  assert.ok(!matchesSearch(['Hà Nội', null], 'hai phong'));
  assert.ok(matchesSearch(['x'], '   '));
});
