import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Wire } from '../../core/contract.ts';
import type { formElementSchema } from '../../server/modules/regimes/schema.ts';
import { checkFieldValue, missingCompulsory, rangeHint, sumValidCells, valueToSend } from './form-validation.ts';

type RegimeElement = Wire<typeof formElementSchema>;

const element = (over: Partial<RegimeElement>): RegimeElement => ({
  code: 'X',
  nameVi: 'X',
  nameEn: null,
  valueType: 'NUMBER',
  unit: null,
  isCompulsory: false,
  minValue: null,
  maxValue: null,
  zeroIsSignificant: true,
  maxLength: null,
  options: null,
  ...over,
});

test('a negative count is refused in the browser with the server rule, quoting what was typed', () => {
  const stations = element({ code: 'TRAM_5G', valueType: 'INTEGER_ZERO_OR_POSITIVE' });
  assert.match(checkFieldValue(stations, '-5', 'vi') ?? '', /^'-5' không hợp lệ: chỉ số nhận số nguyên không âm, giá trị phải không nhỏ hơn 0/);
  assert.match(checkFieldValue(stations, '-5', 'en') ?? '', /^'-5' is not valid/);
  assert.equal(checkFieldValue(stations, '4.000', 'vi'), null);
  // "1.234,5" typed in Vietnamese is quoted as typed, not as the API's "1234.5".
  assert.match(checkFieldValue(stations, '1.234,5', 'vi') ?? '', /^'1\.234,5' không phải là số nguyên/);
});

test('percentages, hard bounds and integers', () => {
  assert.match(checkFieldValue(element({ valueType: 'PERCENTAGE' }), '150', 'vi') ?? '', /từ 0 đến 100/);
  assert.equal(checkFieldValue(element({ valueType: 'PERCENTAGE' }), '99,5', 'vi'), null);
  assert.match(checkFieldValue(element({ valueType: 'NUMBER', maxValue: 1000 }), '1.001', 'vi') ?? '', /giới hạn cho phép/);
  assert.match(checkFieldValue(element({ valueType: 'INTEGER' }), 'mười hai', 'vi') ?? '', /^'mười hai' không phải là số nguyên/);
  assert.equal(checkFieldValue(element({ valueType: 'INTEGER' }), '', 'vi'), null);
  assert.equal(rangeHint(element({ valueType: 'PERCENTAGE' }), 'vi'), '0 – 100');
  assert.equal(rangeHint(element({ valueType: 'INTEGER_ZERO_OR_POSITIVE' }), 'vi'), '≥ 0');
  assert.equal(rangeHint(element({ valueType: 'TEXT' }), 'vi'), null);
  assert.equal(valueToSend(element({ valueType: 'INTEGER_POSITIVE' }), '12.345', 'vi'), '12345');
});

test('compulsory fields without a value are listed, a disaggregated one counts when any option is filled', () => {
  const sections = [
    {
      elements: [
        element({ code: 'A', isCompulsory: true }),
        element({
          code: 'B',
          isCompulsory: true,
          options: [
            { code: 'M', nameVi: 'Nam', nameEn: null },
            { code: 'F', nameVi: 'Nữ', nameEn: null },
          ],
        }),
        element({ code: 'C', isCompulsory: false }),
      ],
    },
  ];
  assert.deepEqual(
    missingCompulsory(sections, {}).map((e) => e.code),
    ['A', 'B'],
  );
  assert.deepEqual(
    missingCompulsory(sections, { A: 0, 'B.F': 3 }).map((e) => e.code),
    [],
  );
  assert.deepEqual(
    missingCompulsory(sections, { A: '  ', 'B.F': null }).map((e) => e.code),
    ['A', 'B'],
  );
});

test('a total counts only the cells its field accepts: 512,5 in a whole-number field is left out', () => {
  const removed = element({ code: 'ND_GO', valueType: 'INTEGER_ZERO_OR_POSITIVE' });
  const keys = ['ND_GO.FACEBOOK', 'ND_GO.YOUTUBE', 'ND_GO.KHAC'];
  assert.equal(sumValidCells(removed, keys, { 'ND_GO.FACEBOOK': '1.200', 'ND_GO.YOUTUBE': '512,5', 'ND_GO.KHAC': '30' }, 'vi'), 1230);
  assert.equal(sumValidCells(removed, keys, { 'ND_GO.FACEBOOK': '-4', 'ND_GO.YOUTUBE': 'abc' }, 'vi'), null);
  assert.equal(sumValidCells(element({ valueType: 'NUMBER' }), ['A', 'B'], { A: '512,5', B: '0,5' }, 'vi'), 513);
});
