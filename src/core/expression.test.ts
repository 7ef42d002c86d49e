import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { checkExpression, evaluateExpression, ExpressionError, formatExpression, listReferences, parseExpression, type Expr, type Reference } from './expression.ts';

/** The tree without source positions, to compare shapes. */
function shape(expr: Expr): unknown {
  switch (expr.type) {
    case 'number':
      return expr.value;
    case 'reference':
      return expr.option === undefined ? `#${expr.code}` : `#${expr.code}.${expr.option}`;
    case 'negate':
      return ['neg', shape(expr.operand)];
    case 'binary':
      return [expr.operator, shape(expr.left), shape(expr.right)];
  }
}

function resolveFrom(values: Record<string, number | null>): (ref: Reference) => number | null {
  return (ref) => {
    const key = ref.option === undefined ? ref.code : `${ref.code}.${ref.option}`;
    return key in values ? values[key] : null;
  };
}

function evaluate(text: string, values: Record<string, number | null> = {}): number | null {
  return evaluateExpression(parseExpression(text), resolveFrom(values));
}

function parseError(text: string): ExpressionError {
  try {
    parseExpression(text);
  } catch (error) {
    assert.ok(error instanceof ExpressionError, 'expected an ExpressionError');
    return error;
  }
  assert.fail(`expected ${JSON.stringify(text)} not to parse`);
}

describe('parseExpression', () => {
  test('numbers, references and precedence', () => {
    assert.deepEqual(shape(parseExpression('12')), 12);
    assert.deepEqual(shape(parseExpression('3.5')), 3.5);
    assert.deepEqual(shape(parseExpression('#{A_1-x}')), '#A_1-x');
    assert.deepEqual(shape(parseExpression('#{ACC.ENTERPRISE}')), '#ACC.ENTERPRISE');
    assert.deepEqual(shape(parseExpression('1 + 2 * 3')), ['+', 1, ['*', 2, 3]]);
    assert.deepEqual(shape(parseExpression('(1 + 2) * 3')), ['*', ['+', 1, 2], 3]);
  });

  test('binary operators are left-associative', () => {
    assert.deepEqual(shape(parseExpression('10 - 3 - 2')), ['-', ['-', 10, 3], 2]);
    assert.deepEqual(shape(parseExpression('8 / 4 / 2')), ['/', ['/', 8, 4], 2]);
    assert.deepEqual(shape(parseExpression('8 / 4 * 2')), ['*', ['/', 8, 4], 2]);
  });

  test('unary minus binds tighter than binary operators and may repeat', () => {
    assert.deepEqual(shape(parseExpression('-2 * 3')), ['*', ['neg', 2], 3]);
    assert.deepEqual(shape(parseExpression('2 * -3')), ['*', 2, ['neg', 3]]);
    assert.deepEqual(shape(parseExpression('2 - -3')), ['-', 2, ['neg', 3]]);
    assert.deepEqual(shape(parseExpression('--#{A}')), ['neg', ['neg', '#A']]);
  });

  test('Unicode ×, ÷ and − are the same operators as *, / and -', () => {
    assert.deepEqual(shape(parseExpression('6 × 2 ÷ 3 − 1')), shape(parseExpression('6 * 2 / 3 - 1')));
    assert.deepEqual(shape(parseExpression('−#{A}')), ['neg', '#A']);
  });

  test('whitespace, including a no-break space, is ignored between tokens', () => {
    assert.deepEqual(shape(parseExpression(' \t#{A}\u00a0+\n2 ')), ['+', '#A', 2]);
  });

  test('nodes carry source positions', () => {
    const expr = parseExpression('#{A} / (2 - #{B})');
    assert.equal(expr.type, 'binary');
    if (expr.type !== 'binary') return;
    assert.equal(expr.operatorPosition, 5);
    assert.deepEqual([expr.left.start, expr.left.end], [0, 4]);
    assert.deepEqual([expr.right.start, expr.right.end], [8, 16]);
  });

  const errors: [string, string, number, string, string][] = [
    ['', 'EMPTY', 0, 'Vị trí 0: biểu thức trống', 'Position 0: the expression is empty'],
    ['   ', 'EMPTY', 0, 'Vị trí 0: biểu thức trống', 'Position 0: the expression is empty'],
    ['(#{A} + 2', 'MISSING_CLOSING_PARENTHESIS', 9, "Vị trí 9: thiếu dấu ')'", "Position 9: missing ')'"],
    ['(2 + 3))', 'UNMATCHED_CLOSING_PARENTHESIS', 7, "Vị trí 7: dấu ')' không có dấu '(' tương ứng", "Position 7: ')' has no matching '('"],
    ['2 @ 3', 'UNEXPECTED_CHARACTER', 2, "Vị trí 2: ký tự không hợp lệ '@'", "Position 2: unexpected character '@'"],
    ['#{A} 2', 'MISSING_OPERATOR', 5, "Vị trí 5: thiếu phép toán (+, −, ×, ÷) trước '2'", "Position 5: missing operator (+, −, ×, ÷) before '2'"],
    ['#{A}#{B}', 'MISSING_OPERATOR', 4, "Vị trí 4: thiếu phép toán (+, −, ×, ÷) trước '#{B}'", "Position 4: missing operator (+, −, ×, ÷) before '#{B}'"],
    ['#{ABC', 'REFERENCE_UNCLOSED', 5, "Vị trí 5: tham chiếu bắt đầu ở vị trí 0 chưa đóng, thiếu '}'", "Position 5: reference opened at position 0 is not closed; missing '}'"],
    ['1 + #{}', 'REFERENCE_EMPTY_CODE', 6, 'Vị trí 6: tham chiếu thiếu mã chỉ số', 'Position 6: empty data element code in reference'],
    ['#{A.}', 'REFERENCE_EMPTY_OPTION', 4, "Vị trí 4: thiếu mã phân tổ sau dấu '.'", "Position 4: empty option code after '.'"],
    ['#A', 'REFERENCE_EXPECTED_BRACE', 1, "Vị trí 1: sau dấu '#' cần có '{'", "Position 1: expected '{' after '#'"],
    ['3.', 'NUMBER_EXPECTED_DIGIT', 2, "Vị trí 2: cần chữ số sau dấu '.'", "Position 2: expected a digit after '.'"],
  ];
  for (const [text, reason, position, vi, en] of errors) {
    test(`rejects ${JSON.stringify(text)} with ${reason} at ${position}`, () => {
      const error = parseError(text);
      assert.equal(error.code, 'INVALID_EXPRESSION');
      assert.equal(error.reason, reason);
      assert.equal(error.position, position);
      assert.equal(error.messageVi, vi);
      assert.equal(error.messageEn, en);
      assert.equal(error.message, en);
    });
  }

  test('names the offending token and position for other mistakes', () => {
    const cases: [string, string, number][] = [
      ['2 +', 'UNEXPECTED_END', 3],
      ['-', 'UNEXPECTED_END', 1],
      ['2 + * 3', 'EXPECTED_OPERAND', 4],
      ['+2', 'EXPECTED_OPERAND', 0],
      ['()', 'EXPECTED_OPERAND', 1],
      ['(2 3)', 'MISSING_OPERATOR', 3],
      ['2(3)', 'MISSING_OPERATOR', 1],
      ['#{A B}', 'REFERENCE_INVALID_CHARACTER', 3],
      ['#{A.B.C}', 'REFERENCE_INVALID_CHARACTER', 5],
      ['#{A$}', 'REFERENCE_INVALID_CHARACTER', 3],
      ['#{.X}', 'REFERENCE_EMPTY_CODE', 2],
      ['.5', 'UNEXPECTED_CHARACTER', 0],
      ['1e5', 'UNEXPECTED_CHARACTER', 1],
    ];
    for (const [text, reason, position] of cases) {
      const error = parseError(text);
      assert.equal(error.reason, reason, text);
      assert.equal(error.position, position, text);
      assert.match(error.messageEn, new RegExp(`^Position ${position}: `), text);
      assert.match(error.messageVi, new RegExp(`^Vị trí ${position}: `), text);
    }
    assert.match(parseError('2 + * 3').messageEn, /unexpected '\*'/);
    assert.match(parseError('#{A B}').messageEn, /' ' \(space\) is not allowed in a code/);
  });

  test('a decimal comma gets a hint to use a point', () => {
    const error = parseError('3,5');
    assert.equal(error.position, 1);
    assert.match(error.messageVi, /dùng dấu '\.'/);
    assert.match(error.messageEn, /use '\.' for decimals/);
  });

  test('refuses numbers too large for a double and absurd nesting instead of crashing', () => {
    assert.equal(parseError('1'.repeat(400)).reason, 'NUMBER_TOO_LARGE');
    assert.equal(parseError('('.repeat(5000) + '1' + ')'.repeat(5000)).reason, 'TOO_COMPLEX');
    assert.equal(parseError('-'.repeat(5000) + '1').reason, 'TOO_COMPLEX');
    assert.equal(parseError(Array(5000).fill('1').join(' + ')).reason, 'TOO_COMPLEX');
  });

  test('a long but reasonable sum parses and evaluates', () => {
    const text = Array.from({ length: 1500 }, (_, i) => `#{E${i}}`).join(' + ');
    const expr = parseExpression(text);
    assert.equal(listReferences(expr).length, 1500);
    assert.equal(
      evaluateExpression(expr, () => 2),
      3000,
    );
  });
});

describe('listReferences', () => {
  test('distinct references in order of first appearance; an option makes a different reference', () => {
    const refs = listReferences(parseExpression('#{A} + #{B.X} - #{A} * (#{B} + #{B.X}) / #{C.Y}'));
    assert.deepEqual(refs, [{ code: 'A' }, { code: 'B', option: 'X' }, { code: 'B' }, { code: 'C', option: 'Y' }]);
    assert.equal('option' in refs[0], false);
  });

  test('a constant formula has no references', () => {
    assert.deepEqual(listReferences(parseExpression('(1 + 2) * 3')), []);
  });
});

describe('evaluateExpression', () => {
  test('computes with the usual precedence', () => {
    assert.equal(evaluate('1 + 2 * 3'), 7);
    assert.equal(evaluate('(1 + 2) * 3'), 9);
    assert.equal(evaluate('10 - 3 - 2'), 5);
    assert.equal(evaluate('8 / 4 / 2'), 1);
    assert.equal(evaluate('-2 * 3 + 10'), 4);
    assert.equal(evaluate('2 - -3'), 5);
    assert.equal(evaluate('7.5 ÷ 2.5 × 4 − 1'), 11);
  });

  test('substitutes references, options included', () => {
    const values = { A: 1200, B: 300, C: 3000, 'B.ENT': 100 };
    assert.equal(evaluate('(#{A} + #{B}) / #{C} × 100', values), 50);
    assert.equal(evaluate('#{B.ENT} / #{B} * 100', values), (100 / 300) * 100);
  });

  test('a missing value propagates to null, even when multiplied by zero', () => {
    assert.equal(evaluate('#{A} + #{B}', { A: 1 }), null);
    assert.equal(evaluate('0 * #{B}', {}), null);
    assert.equal(evaluate('#{A} + 0', { A: 0 }), 0);
  });

  test('division by zero gives null, never Infinity or NaN', () => {
    assert.equal(evaluate('#{A} / #{B}', { A: 5, B: 0 }), null);
    assert.equal(evaluate('0 / 0'), null);
    assert.equal(evaluate('1 + 1 / (2 - 2)'), null);
    assert.equal(evaluate('#{A} / #{B}', { A: 0, B: 4 }), 0);
  });

  test('non-finite inputs and overflow are treated as missing', () => {
    assert.equal(evaluate('#{A} + 1', { A: Number.NaN }), null);
    assert.equal(evaluate('#{A} + 1', { A: Number.POSITIVE_INFINITY }), null);
    assert.equal(evaluate('#{A} * #{A}', { A: 1e200 }), null);
  });

  test('asks the resolver with the exact reference', () => {
    const asked: Reference[] = [];
    evaluateExpression(parseExpression('#{A} + #{A.X}'), (ref) => {
      asked.push(ref);
      return 1;
    });
    assert.deepEqual(asked, [{ code: 'A' }, { code: 'A', option: 'X' }]);
  });
});

describe('formatExpression', () => {
  test('normalises spacing and drops redundant parentheses', () => {
    assert.equal(formatExpression(parseExpression('( #{A}+#{B} )/#{C}×100')), '(#{A} + #{B}) / #{C} * 100');
    assert.equal(formatExpression(parseExpression('((2 * 3)) + (1)')), '2 * 3 + 1');
    assert.equal(formatExpression(parseExpression('(10 - 3) - 2')), '10 - 3 - 2');
  });

  test('keeps the parentheses a left-associative reading needs', () => {
    assert.equal(formatExpression(parseExpression('10 - (3 - 2)')), '10 - (3 - 2)');
    assert.equal(formatExpression(parseExpression('8 / (4 / 2)')), '8 / (4 / 2)');
    assert.equal(formatExpression(parseExpression('8 / (4 * 2)')), '8 / (4 * 2)');
    assert.equal(formatExpression(parseExpression('1 + (2 + 3)')), '1 + (2 + 3)');
    assert.equal(formatExpression(parseExpression('-(#{A} + 1)')), '-(#{A} + 1)');
    assert.equal(formatExpression(parseExpression('-(2 * 3)')), '-(2 * 3)');
    assert.equal(formatExpression(parseExpression('-2 * 3')), '-2 * 3');
  });

  test('keeps literals as written and can use display symbols', () => {
    assert.equal(formatExpression(parseExpression('3.50*#{A.B}')), '3.50 * #{A.B}');
    const display = formatExpression(parseExpression('-#{A} - 2 * 3 / 4'), { operators: 'display' });
    assert.equal(display, '−#{A} − 2 × 3 / 4');
    assert.deepEqual(shape(parseExpression(display)), shape(parseExpression('-#{A} - 2 * 3 / 4')));
  });

  test('round-trips random formulas through parse', () => {
    let seed = 42;
    const random = (): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    const generate = (depth: number): string => {
      const r = random();
      if (depth <= 0 || r < 0.25) return random() < 0.5 ? String(Math.floor(random() * 100)) : `#{E${Math.floor(random() * 5)}}`;
      if (r < 0.35) return `-${generate(depth - 1)}`;
      if (r < 0.5) return `(${generate(depth - 1)})`;
      const op = ['+', '-', '*', '/', '×', '÷', '−'][Math.floor(random() * 7)];
      return `${generate(depth - 1)} ${op} ${generate(depth - 1)}`;
    };
    for (let i = 0; i < 300; i++) {
      const text = generate(6);
      const expr = parseExpression(text);
      for (const operators of ['ascii', 'display'] as const) {
        const formatted = formatExpression(expr, { operators });
        assert.deepEqual(shape(parseExpression(formatted)), shape(expr), `${text} → ${formatted}`);
        assert.equal(formatExpression(parseExpression(formatted), { operators }), formatted);
      }
    }
  });

  test('can render references as values', () => {
    const expr = parseExpression('(#{A} + #{B}) / #{C}');
    const values: Record<string, string> = { A: '1200', B: '(-300)', C: '3000' };
    assert.equal(formatExpression(expr, { renderReference: (ref) => values[ref.code] }), '(1200 + (-300)) / 3000');
  });
});

describe('checkExpression', () => {
  const known = (code: string, option?: string): boolean => ['A', 'B', 'C'].includes(code) && (option === undefined || option === 'ENT');

  test('a correct formula has no problems', () => {
    assert.deepEqual(checkExpression('(#{A} + #{B.ENT}) / #{C} × 100', known), []);
  });

  test('reports the parse error with its position', () => {
    assert.deepEqual(checkExpression('(#{A} + 2', known), [{ code: 'INVALID_EXPRESSION', position: 9, messageVi: "Vị trí 9: thiếu dấu ')'", messageEn: "Position 9: missing ')'" }]);
  });

  test('reports each occurrence of an unknown element or option', () => {
    const problems = checkExpression('#{X} + #{A.OTHER} - #{X}', known);
    assert.deepEqual(
      problems.map((p) => [p.code, p.position, p.reference]),
      [
        ['UNKNOWN_REFERENCE', 0, { code: 'X' }],
        ['UNKNOWN_REFERENCE', 7, { code: 'A', option: 'OTHER' }],
        ['UNKNOWN_REFERENCE', 20, { code: 'X' }],
      ],
    );
    assert.equal(problems[0].messageEn, "Position 0: unknown data element 'X'");
    assert.equal(problems[0].messageVi, "Vị trí 0: không có chỉ số mã 'X'");
    assert.equal(problems[1].messageEn, "Position 7: data element 'A' has no option 'OTHER'");
  });

  test('reports division by any constant that is zero, at the division sign', () => {
    const zero = (text: string): number[] =>
      checkExpression(text, known)
        .filter((p) => p.code === 'DIVISION_BY_ZERO')
        .map((p) => p.position);
    assert.deepEqual(zero('#{A} / 0'), [5]);
    assert.deepEqual(zero('#{A} / (0)'), [5]);
    assert.deepEqual(zero('#{A} / (2-2)'), [5]);
    assert.deepEqual(zero('#{A} ÷ 0.0'), [5]);
    assert.deepEqual(zero('#{A} / (0.3 - 0.1 - 0.2)'), [5]); // exact arithmetic: 0.3 − 0.1 − 0.2 = 0
    assert.deepEqual(zero('#{A} / (#{B} * 0)'), [5]);
    assert.deepEqual(zero('#{A} / -(1 - 1) + 1 / 0'), [5, 20]);
    assert.deepEqual(zero('#{A} / (2 - 1)'), []);
    assert.deepEqual(zero('#{A} / (#{B} - #{B})'), []); // depends on data: left to evaluation
    assert.deepEqual(zero('#{A} / (0.1 + 0.2 - 0.3)'), [5]);
    const problem = checkExpression('#{A} / 0', known)[0];
    assert.equal(problem.messageVi, 'Vị trí 5: chia cho 0, số chia luôn bằng 0');
    assert.equal(problem.messageEn, 'Position 5: division by zero: the divisor is always 0');
  });

  test('lists all problems in text order', () => {
    const problems = checkExpression('#{Z} / (1 - 1) + #{A}', known);
    assert.deepEqual(
      problems.map((p) => [p.code, p.position]),
      [
        ['UNKNOWN_REFERENCE', 0],
        ['DIVISION_BY_ZERO', 5],
      ],
    );
  });
});
