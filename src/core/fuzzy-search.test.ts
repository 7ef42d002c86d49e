import { test } from 'node:test';
import assert from 'node:assert/strict';
import { containsPattern, oneTypoPatterns, squeeze } from './fuzzy-search.ts';
import { foldVietnamese } from './vietnamese.ts';

/** LIKE as PostgreSQL reads it (with backslash escapes), to check the patterns here. */
function like(text: string, pattern: string): boolean {
  let re = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '\\') re += pattern[++i].replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    else if (c === '%') re += '.*';
    else if (c === '_') re += '.';
    else re += c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`, 's').test(text);
}

const haNoi = squeeze(foldVietnamese('Thành phố Hà Nội 01'));
const matches = (typed: string, text = haNoi) => like(text, containsPattern(foldVietnamese(typed))) || oneTypoPatterns(foldVietnamese(typed)).some((p) => like(text, p));

test('names match without spaces and without diacritics', () => {
  assert.ok(like(haNoi, containsPattern(foldVietnamese('hanoi'))));
  assert.ok(like(haNoi, containsPattern(foldVietnamese('Hà Nội'))));
  assert.ok(like(squeeze(foldVietnamese('Thành phố Hồ Chí Minh')), containsPattern(foldVietnamese('hochiminh'))));
  assert.ok(!like(haNoi, containsPattern(foldVietnamese('hai phong'))));
});

test('one character wrong, missing, extra or swapped is forgiven', () => {
  assert.ok(matches('ha noj'), 'substitution');
  assert.ok(matches('hanoii'), 'one too many');
  assert.ok(matches('hano'), 'a prefix matches anyway');
  assert.ok(matches('hnoi'), 'one missing');
  assert.ok(matches('hnaoi'), 'two swapped');
  assert.ok(!matches('hai phong'), 'another province is not a typo');
  assert.ok(!matches('hxnxi'), 'two mistakes are too many');
});

test('short searches get no tolerance, and LIKE wildcards typed are characters', () => {
  assert.deepEqual(oneTypoPatterns('hn'), []);
  assert.equal(containsPattern('10%_'), '%10\\%\\_%');
  assert.ok(like('tram 10%abc', containsPattern('10%abc')));
  assert.ok(!like('tram 10xyzabc', containsPattern('10%abc')), 'a typed % is not a wildcard');
});
