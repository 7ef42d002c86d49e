import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { effectiveRange, parseValue, MAX_ABS_NUMBER, type ValueRules, type ValueType } from './value-types.ts';

const rules = (valueType: ValueType, extra: Partial<ValueRules> = {}): ValueRules => ({ valueType, zeroIsSignificant: true, minValue: null, maxValue: null, ...extra });

function verdict(r: ValueRules, raw: string | number | boolean | null): string {
  const p = parseValue(r, raw);
  return p.kind === 'number' ? `=${p.value}` : p.kind === 'text' ? `"${p.text}"` : p.kind === 'empty' ? 'empty' : `!${p.code}`;
}

describe('parseValue: every way in refuses what the type cannot hold', () => {
  test('a count of base stations cannot be negative: −5 is refused and quoted as typed', () => {
    const p = parseValue(rules('INTEGER_ZERO_OR_POSITIVE'), '-5');
    assert.equal(p.kind, 'invalid');
    assert.ok(p.kind === 'invalid');
    assert.equal(p.code, 'OUT_OF_RANGE');
    assert.match(p.messageVi, /^'-5' không hợp lệ: chỉ số nhận số nguyên không âm, giá trị phải không nhỏ hơn 0$/);
    assert.match(p.messageEn, /^'-5' is not valid/);
    // The typographic minus a phone keyboard or a document gives is the same refusal, quoting what was typed.
    const typo = parseValue(rules('INTEGER_ZERO_OR_POSITIVE'), '−12');
    assert.ok(typo.kind === 'invalid' && typo.messageVi.startsWith("'−12' "));
  });

  test('integer types and their ranges', () => {
    const table: [ValueType, string, string][] = [
      ['INTEGER', '-7', '=-7'],
      ['INTEGER', '7.5', '!NOT_AN_INTEGER'],
      ['INTEGER', '12abc', '!NOT_AN_INTEGER'],
      ['INTEGER_POSITIVE', '0', '!OUT_OF_RANGE'],
      ['INTEGER_POSITIVE', '1', '=1'],
      ['INTEGER_ZERO_OR_POSITIVE', '0', '=0'],
      ['INTEGER_ZERO_OR_POSITIVE', '-1', '!OUT_OF_RANGE'],
      ['INTEGER_NEGATIVE', '0', '!OUT_OF_RANGE'],
      ['INTEGER_NEGATIVE', '-3', '=-3'],
      ['INTEGER', '99999999999999999999', '!OUT_OF_RANGE'],
    ];
    for (const [type, raw, expected] of table) assert.equal(verdict(rules(type), raw), expected, `${type} ${raw}`);
  });

  test('shares: a percentage is 0–100, a unit interval 0–1', () => {
    assert.equal(verdict(rules('PERCENTAGE'), '100'), '=100');
    assert.equal(verdict(rules('PERCENTAGE'), '100.1'), '!OUT_OF_RANGE');
    assert.equal(verdict(rules('PERCENTAGE'), '-0.5'), '!OUT_OF_RANGE');
    assert.equal(verdict(rules('UNIT_INTERVAL'), '0.42'), '=0.42');
    assert.equal(verdict(rules('UNIT_INTERVAL'), '42'), '!OUT_OF_RANGE');
    const p = parseValue(rules('PERCENTAGE'), '150');
    assert.ok(p.kind === 'invalid');
    assert.match(p.messageVi, /từ 0 đến 100/);
  });

  test("an element's own hard bounds narrow its type's range and are named as the element's", () => {
    const r = rules('NUMBER', { minValue: 0, maxValue: 100 });
    assert.equal(verdict(r, '100'), '=100');
    const p = parseValue(r, '150');
    assert.ok(p.kind === 'invalid');
    assert.equal(p.messageVi, "'150' nằm ngoài giới hạn cho phép của chỉ số: giá trị phải từ 0 đến 100");
    assert.deepEqual(effectiveRange({ valueType: 'PERCENTAGE', minValue: 10, maxValue: null }), { min: 10, max: 100 });
    assert.deepEqual(effectiveRange({ valueType: 'INTEGER_POSITIVE', minValue: null, maxValue: null }), { min: 1, max: null });
  });

  test('1.7e308 and other absurd magnitudes are refused, so sums of a national table stay finite', () => {
    assert.equal(verdict(rules('NUMBER'), '1.7e308'), '!OUT_OF_RANGE');
    assert.equal(verdict(rules('NUMBER'), '1e400'), '!OUT_OF_RANGE');
    assert.equal(verdict(rules('NUMBER'), String(MAX_ABS_NUMBER)), `=${MAX_ABS_NUMBER}`);
    assert.equal(verdict(rules('NUMBER'), 'NaN'), '!NOT_A_NUMBER');
    assert.equal(verdict(rules('NUMBER'), 'Infinity'), '!NOT_A_NUMBER');
  });

  test('a number in Vietnamese display format gets a message that says how to send it', () => {
    const p = parseValue(rules('NUMBER'), '1.234,5');
    assert.ok(p.kind === 'invalid');
    assert.match(p.messageVi, /dùng dấu chấm cho phần thập phân/);
  });

  test('zero that is not significant is not stored, unless the range forbids it', () => {
    assert.equal(verdict(rules('INTEGER', { zeroIsSignificant: false }), '0'), 'empty');
    assert.equal(verdict(rules('NUMBER', { zeroIsSignificant: false, minValue: 1 }), '0'), '!OUT_OF_RANGE');
  });

  test('yes/no accepts DHIS2 spellings; yes-only refuses a no', () => {
    for (const yes of ['true', 'TRUE', '1', 't', 'có']) assert.equal(verdict(rules('BOOLEAN'), yes), '=1', yes);
    for (const no of ['false', '0', 'f', 'không']) assert.equal(verdict(rules('BOOLEAN'), no), '=0', no);
    assert.equal(verdict(rules('BOOLEAN'), 'maybe'), '!NOT_A_BOOLEAN');
    assert.equal(verdict(rules('TRUE_ONLY'), 'true'), '=1');
    assert.equal(verdict(rules('TRUE_ONLY'), 'false'), 'empty');
    assert.equal(verdict(rules('TRUE_ONLY'), 'x'), '!NOT_A_BOOLEAN');
    assert.equal(verdict(rules('NUMBER'), true), '!NOT_A_NUMBER');
  });

  test('text carries a length: short text 255 by default or its own limit, long text 50,000', () => {
    assert.equal(verdict(rules('TEXT'), 'x'.repeat(255)), `"${'x'.repeat(255)}"`);
    assert.equal(verdict(rules('TEXT'), 'x'.repeat(256)), '!TOO_LONG');
    assert.equal(verdict(rules('TEXT', { maxLength: 10 }), 'x'.repeat(11)), '!TOO_LONG');
    assert.equal(verdict(rules('LONG_TEXT'), 'x'.repeat(50_000)).length, 50_002);
    assert.equal(verdict(rules('LONG_TEXT'), 'x'.repeat(50_001)), '!TOO_LONG');
  });

  test('blank is empty, whatever the type', () => {
    for (const t of ['INTEGER', 'NUMBER', 'TEXT', 'BOOLEAN'] as ValueType[]) {
      assert.equal(verdict(rules(t), '  '), 'empty');
      assert.equal(verdict(rules(t), null), 'empty');
    }
  });
});
