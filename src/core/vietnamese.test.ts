import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compareVietnamese, foldVietnamese, formatNumber, vietnameseSortKey } from './vietnamese.ts';

test('folding removes diacritics and case, keeping đ as d', () => {
  assert.equal(foldVietnamese('Thành phố Hà Nội'), 'thanh pho ha noi');
  assert.equal(foldVietnamese('  Đắk   Lắk '), 'dak lak');
  assert.equal(foldVietnamese('Thừa Thiên Huế'.normalize('NFD')), 'thua thien hue');
});

test('sort follows the Vietnamese alphabet, not code points or English order', () => {
  const names = ['Đồng Nai', 'Điện Biên', 'Đà Nẵng', 'Ân Thi', 'Bắc Ninh', 'An Giang', 'Ăn', 'Cà Mau', 'Dĩ An'];
  const sorted = [...names].sort(compareVietnamese);
  assert.deepEqual(sorted, ['An Giang', 'Ăn', 'Ân Thi', 'Bắc Ninh', 'Cà Mau', 'Dĩ An', 'Đà Nẵng', 'Điện Biên', 'Đồng Nai']);
});

test('tones order second: ma, mà, mả, mã, má, mạ', () => {
  const words = ['mạ', 'má', 'mã', 'mả', 'mà', 'ma'];
  assert.deepEqual([...words].sort(compareVietnamese), ['ma', 'mà', 'mả', 'mã', 'má', 'mạ']);
  // Base letters win over tones: "mà" sorts before "mb".
  assert.ok(vietnameseSortKey('mà') < vietnameseSortKey('mb'));
});

test('numbers use Vietnamese and English separators', () => {
  assert.equal(formatNumber(1234.5, 'vi'), '1.234,5');
  assert.equal(formatNumber(1234.5, 'en'), '1,234.5');
  assert.equal(formatNumber(0.5, 'vi', 1), '0,5');
  assert.equal(formatNumber(null, 'vi'), '–');
});
