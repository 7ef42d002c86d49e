import { test } from 'node:test';
import assert from 'node:assert/strict';
import { en } from './en.ts';
import { vi } from './vi.ts';
import { formatDate, formatNumber, translate } from './index.tsx';

test('every Vietnamese key has an English text and no text is empty', () => {
  for (const key of Object.keys(vi) as (keyof typeof vi)[]) {
    assert.ok(en[key] && en[key].trim().length > 0, `missing en ${key}`);
    assert.ok(vi[key].trim().length > 0, `empty vi ${key}`);
  }
  assert.equal(Object.keys(en).length, Object.keys(vi).length);
});

test('placeholders are filled and unknown ones kept', () => {
  assert.equal(translate('vi', 'common.pageOf', { page: 2, pages: 5, total: 90 }), 'Trang 2/5 · 90 dòng');
  assert.equal(translate('en', 'common.pageOf', { page: 1 }), 'Page 1/{pages} · {total} rows');
});

test('numbers and dates follow the language', () => {
  assert.equal(formatNumber(1234.5, 'vi'), '1.234,5');
  assert.equal(formatNumber(1234.5, 'en'), '1,234.5');
  assert.equal(formatNumber(null, 'vi'), '–');
  assert.equal(formatDate('2023-01-15', 'vi'), '15/01/2023');
  // A timestamp in Vietnamese time, wherever the browser is: 02:07 UTC is 09:07 in Hanoi; 20:00 UTC is the next day there.
  assert.equal(formatDate(new Date(Date.UTC(2023, 0, 5, 2, 7)), 'vi', true), '05/01/2023 09:07');
  assert.equal(formatDate('2023-01-05T20:00:00Z', 'vi', true), '06/01/2023 03:00');
});
