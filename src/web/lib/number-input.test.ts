import { test } from 'node:test';
import assert from 'node:assert/strict';
import { displayNumberInput, normaliseNumberInput } from './number-input.ts';

test('Vietnamese input: dot groups thousands, comma marks decimals', () => {
  assert.equal(normaliseNumberInput('1.234,5', 'vi'), '1234.5');
  assert.equal(normaliseNumberInput(' 12,75 ', 'vi'), '12.75');
  assert.equal(normaliseNumberInput('1.234.567', 'vi'), '1234567');
  assert.equal(normaliseNumberInput('12.5', 'vi'), '12.5');
  assert.equal(normaliseNumberInput('abc', 'vi'), 'abc');
  assert.equal(normaliseNumberInput(' mười hai ', 'vi'), 'mười hai');
  assert.equal(normaliseNumberInput('', 'vi'), '');
});

test('English input: comma groups thousands, dot marks decimals', () => {
  assert.equal(normaliseNumberInput('1,234.5', 'en'), '1234.5');
  assert.equal(normaliseNumberInput('-42', 'en'), '-42');
  assert.equal(normaliseNumberInput('1,2,3', 'en'), '1,2,3');
});

test('stored values are shown with the language decimal mark', () => {
  assert.equal(displayNumberInput(1234.5, 'vi'), '1234,5');
  assert.equal(displayNumberInput(1234.5, 'en'), '1234.5');
  assert.equal(displayNumberInput(null, 'vi'), '');
  assert.equal(displayNumberInput('có', 'vi'), 'có');
});
