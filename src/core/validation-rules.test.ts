import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { evaluateRule, type MissingValueStrategy, type RuleOperator } from './validation-rules.ts';
import { ExpressionError, parseExpression, type Reference } from './expression.ts';

function resolveFrom(values: Record<string, number | null>): (ref: Reference) => number | null {
  return (ref) => {
    const key = ref.option === undefined ? ref.code : `${ref.code}.${ref.option}`;
    return key in values ? values[key] : null;
  };
}

function status(left: string, operator: RuleOperator, right: string, values: Record<string, number | null>, missingValueStrategy?: MissingValueStrategy): string {
  return evaluateRule({ left, operator, right, missingValueStrategy }, resolveFrom(values)).status;
}

describe('evaluateRule: comparisons', () => {
  test('each operator on values below, equal and above', () => {
    const table: [RuleOperator, string, string, string][] = [
      // operator, result for 1 ? 2, 2 ? 2, 3 ? 2
      ['EQ', 'FAIL', 'PASS', 'FAIL'],
      ['NE', 'PASS', 'FAIL', 'PASS'],
      ['LT', 'PASS', 'FAIL', 'FAIL'],
      ['LE', 'PASS', 'PASS', 'FAIL'],
      ['GT', 'FAIL', 'FAIL', 'PASS'],
      ['GE', 'FAIL', 'PASS', 'PASS'],
    ];
    for (const [operator, below, equal, above] of table) {
      assert.equal(status('#{A}', operator, '#{B}', { A: 1, B: 2 }), below, `${operator} 1 ? 2`);
      assert.equal(status('#{A}', operator, '#{B}', { A: 2, B: 2 }), equal, `${operator} 2 ? 2`);
      assert.equal(status('#{A}', operator, '#{B}', { A: 3, B: 2 }), above, `${operator} 3 ? 2`);
    }
  });

  test('returns the values compared', () => {
    const result = evaluateRule({ left: '#{VN_ACC}', operator: 'LE', right: '#{ALL_ACC}' }, resolveFrom({ VN_ACC: 120, ALL_ACC: 100 }));
    assert.deepEqual(result, { status: 'FAIL', leftValue: 120, rightValue: 100, skipReason: null });
  });

  test('equality tolerates floating-point noise, but not real differences', () => {
    assert.equal(status('#{A} + #{B}', 'EQ', '#{T}', { A: 0.1, B: 0.2, T: 0.3 }), 'PASS');
    assert.equal(status('#{A} + #{B}', 'NE', '#{T}', { A: 0.1, B: 0.2, T: 0.3 }), 'FAIL');
    assert.equal(status('#{A} + #{B}', 'LT', '#{T}', { A: 0.1, B: 0.2, T: 0.3 }), 'FAIL');
    assert.equal(status('#{A} + #{B}', 'GT', '#{T}', { A: 0.1, B: 0.2, T: 0.3 }), 'FAIL');
    assert.equal(status('#{A}', 'EQ', '#{B}', { A: 1_000_000, B: 1_000_001 }), 'FAIL');
    assert.equal(status('#{A}', 'EQ', '#{B}', { A: 0.001, B: 0.002 }), 'FAIL');
  });

  test('sides are formulas with options and constants', () => {
    // Enterprise + individual accounts must equal the total; at most 100 %.
    const values = { 'ACC.ENT': 40, 'ACC.IND': 60, ACC: 100 };
    assert.equal(status('#{ACC.ENT} + #{ACC.IND}', 'EQ', '#{ACC}', values), 'PASS');
    assert.equal(status('#{ACC.ENT} / #{ACC} * 100', 'LE', '100', values), 'PASS');
  });

  test('accepts parsed formulas', () => {
    const result = evaluateRule({ left: parseExpression('#{A}'), operator: 'GE', right: parseExpression('0') }, resolveFrom({ A: -1 }));
    assert.equal(result.status, 'FAIL');
  });

  test('throws on a side that does not parse', () => {
    assert.throws(() => evaluateRule({ left: '#{A', operator: 'EQ', right: '1' }, () => 1), ExpressionError);
  });
});

describe('evaluateRule: missing values', () => {
  test('SKIP_IF_ANY_MISSING skips when one value is missing', () => {
    const result = evaluateRule({ left: '#{A}', operator: 'LE', right: '#{B}', missingValueStrategy: 'SKIP_IF_ANY_MISSING' }, resolveFrom({ A: 5 }));
    assert.deepEqual(result, { status: 'SKIPPED', leftValue: 5, rightValue: null, skipReason: 'ANY_MISSING' });
    assert.equal(status('#{A}', 'LE', '#{B}', { A: 5, B: 6 }, 'SKIP_IF_ANY_MISSING'), 'PASS');
  });

  test('SKIP_IF_ALL_MISSING (the default) skips only when nothing was reported, else counts missing as 0', () => {
    const none = evaluateRule({ left: '#{A}', operator: 'LE', right: '#{B}' }, resolveFrom({}));
    assert.deepEqual(none, { status: 'SKIPPED', leftValue: null, rightValue: null, skipReason: 'ALL_MISSING' });
    const onlyA = evaluateRule({ left: '#{A}', operator: 'LE', right: '#{B}' }, resolveFrom({ A: 5 }));
    assert.deepEqual(onlyA, { status: 'FAIL', leftValue: 5, rightValue: 0, skipReason: null });
    assert.equal(status('#{A} + #{B}', 'LE', '#{C}', { A: 2, C: 3 }, 'SKIP_IF_ALL_MISSING'), 'PASS'); // 2 + 0 ≤ 3
  });

  test('NEVER_SKIP counts every missing value as 0', () => {
    const result = evaluateRule({ left: '#{A}', operator: 'EQ', right: '#{B}', missingValueStrategy: 'NEVER_SKIP' }, resolveFrom({}));
    assert.deepEqual(result, { status: 'PASS', leftValue: 0, rightValue: 0, skipReason: null });
    assert.equal(status('#{A}', 'GT', '0', {}, 'NEVER_SKIP'), 'FAIL');
  });

  test('accepts the DHIS2 spellings of the strategies', () => {
    assert.equal(status('#{A}', 'LE', '#{B}', { A: 5 }, 'SKIP_IF_ANY_VALUE_MISSING'), 'SKIPPED');
    assert.equal(status('#{A}', 'LE', '#{B}', {}, 'SKIP_IF_ALL_VALUES_MISSING'), 'SKIPPED');
    assert.equal(status('#{A}', 'LE', '#{B}', { A: 5 }, 'SKIP_IF_ALL_VALUES_MISSING'), 'FAIL');
  });

  test('a reference used on both sides counts once', () => {
    // A is reported, B is not: under SKIP_IF_ALL_MISSING this is not "all missing".
    assert.equal(status('#{A} + #{B}', 'GE', '#{A}', { A: 1 }), 'PASS');
  });

  test('a constant rule is never skipped for missing values', () => {
    assert.equal(status('1', 'LT', '2', {}, 'SKIP_IF_ALL_MISSING'), 'PASS');
    assert.equal(status('1', 'LT', '2', {}, 'SKIP_IF_ANY_MISSING'), 'PASS');
  });

  test('a side that divides by zero cannot be checked', () => {
    const result = evaluateRule({ left: '#{A} / #{B}', operator: 'LE', right: '1' }, resolveFrom({ A: 3, B: 0 }));
    assert.deepEqual(result, { status: 'SKIPPED', leftValue: null, rightValue: 1, skipReason: 'NOT_COMPUTABLE' });
  });

  test('each reference is resolved once', () => {
    let calls = 0;
    evaluateRule({ left: '#{A} + #{A}', operator: 'EQ', right: '2 * #{A}' }, () => {
      calls++;
      return 1;
    });
    assert.equal(calls, 1);
  });
});

describe('evaluateRule: pairs', () => {
  test('COMPULSORY_PAIR: both present or both absent', () => {
    assert.equal(status('#{INC}', 'COMPULSORY_PAIR', '#{RES}', { INC: 3, RES: 2 }), 'PASS');
    assert.equal(status('#{INC}', 'COMPULSORY_PAIR', '#{RES}', {}), 'PASS');
    assert.equal(status('#{INC}', 'COMPULSORY_PAIR', '#{RES}', { INC: 3 }), 'FAIL');
    assert.equal(status('#{INC}', 'COMPULSORY_PAIR', '#{RES}', { RES: 0 }), 'FAIL'); // a reported 0 is present
  });

  test('EXCLUSIVE_PAIR: not both present', () => {
    assert.equal(status('#{A}', 'EXCLUSIVE_PAIR', '#{B}', { A: 1 }), 'PASS');
    assert.equal(status('#{A}', 'EXCLUSIVE_PAIR', '#{B}', { B: 1 }), 'PASS');
    assert.equal(status('#{A}', 'EXCLUSIVE_PAIR', '#{B}', {}), 'PASS');
    assert.equal(status('#{A}', 'EXCLUSIVE_PAIR', '#{B}', { A: 1, B: 0 }), 'FAIL');
  });

  test('pairs ignore the missing-value strategy', () => {
    assert.equal(status('#{INC}', 'COMPULSORY_PAIR', '#{RES}', { INC: 3 }, 'SKIP_IF_ANY_MISSING'), 'FAIL');
  });

  test('a side is present when any of its values is; values are reported as computed', () => {
    const result = evaluateRule({ left: '#{A} + #{B}', operator: 'COMPULSORY_PAIR', right: '#{C}' }, resolveFrom({ B: 4 }));
    assert.deepEqual(result, { status: 'FAIL', leftValue: 4, rightValue: null, skipReason: null });
  });
});
