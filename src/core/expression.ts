/**
 * Formulas of indicators and validation rules.
 *
 * A formula is arithmetic over numbers and data element references:
 *
 *     (#{DIGITAL_ACCOUNTS} + #{DIGITAL_ACCOUNTS.ENTERPRISE}) / #{ALL_ACCOUNTS} × 100
 *
 * Grammar (whitespace, including no-break spaces pasted from office documents, is ignored between tokens):
 *
 *     expression := term (('+' | '-' | '−') term)*
 *     term       := unary (('*' | '×' | '/' | '÷') unary)*
 *     unary      := ('-' | '−') unary | primary
 *     primary    := number | reference | '(' expression ')'
 *     number     := digit+ ('.' digit+)?
 *     reference  := '#{' code ('.' code)? '}'       code := [A-Za-z0-9_-]+
 *
 * Binary operators are left-associative, so `8 / 4 / 2` is `(8 / 4) / 2 = 1` and `10 - 3 - 2 = 5`.
 * Unary minus binds tighter than every binary operator: `-2 * 3` is `(-2) * 3`.
 *
 * The parser is hand-written and never hands text to `eval`/`Function`: formulas are typed by users.
 * Positions are 0-based indexes into the JavaScript string (UTF-16 code units), which is also what a
 * browser text field uses for `selectionStart`, so an editor can put the caret on the error.
 */

export interface Reference {
  code: string;
  option?: string;
}

export type BinaryOperator = '+' | '-' | '*' | '/';

/** Source span of a node: `start` inclusive, `end` exclusive. Enclosing parentheses are not part of it. */
interface Span {
  start: number;
  end: number;
}

export interface NumberNode extends Span {
  type: 'number';
  value: number;
  /** The literal as written (`3.50`); kept so that formatting and exact constant checks see the same digits. */
  raw: string;
}

export interface ReferenceNode extends Span, Reference {
  type: 'reference';
}

export interface NegateNode extends Span {
  type: 'negate';
  operand: Expr;
}

export interface BinaryNode extends Span {
  type: 'binary';
  operator: BinaryOperator;
  left: Expr;
  right: Expr;
  operatorPosition: number;
}

export type Expr = NumberNode | ReferenceNode | NegateNode | BinaryNode;

export type ExpressionErrorReason =
  | 'EMPTY'
  | 'UNEXPECTED_CHARACTER'
  | 'UNEXPECTED_END'
  | 'EXPECTED_OPERAND'
  | 'MISSING_OPERATOR'
  | 'MISSING_CLOSING_PARENTHESIS'
  | 'UNMATCHED_CLOSING_PARENTHESIS'
  | 'REFERENCE_EXPECTED_BRACE'
  | 'REFERENCE_UNCLOSED'
  | 'REFERENCE_EMPTY_CODE'
  | 'REFERENCE_EMPTY_OPTION'
  | 'REFERENCE_INVALID_CHARACTER'
  | 'NUMBER_EXPECTED_DIGIT'
  | 'NUMBER_TOO_LARGE'
  | 'TOO_COMPLEX';

/** A formula that cannot be parsed. `message` is the English text; both languages are kept for the UI. */
export class ExpressionError extends Error {
  readonly code = 'INVALID_EXPRESSION' as const;
  readonly position: number;
  readonly reason: ExpressionErrorReason;
  readonly messageVi: string;
  readonly messageEn: string;

  constructor(reason: ExpressionErrorReason, position: number, messageVi: string, messageEn: string) {
    super(messageEn);
    this.name = 'ExpressionError';
    this.reason = reason;
    this.position = position;
    this.messageVi = messageVi;
    this.messageEn = messageEn;
  }
}

/*
 * Guards against formulas that would exhaust the call stack of the recursive parser and walkers.
 * Real formulas are far below both: a sum over 2000 data elements is still accepted.
 */
const MAX_NESTING = 200;
const MAX_TREE_DEPTH = 2000;

function fail(reason: ExpressionErrorReason, position: number, vi: string, en: string): never {
  throw new ExpressionError(reason, position, `Vị trí ${position}: ${vi}`, `Position ${position}: ${en}`);
}

// ---------------------------------------------------------------------------------------------
// Tokens

type Token =
  | { kind: 'number'; start: number; end: number; raw: string; value: number }
  | { kind: 'reference'; start: number; end: number; code: string; option?: string }
  | { kind: 'operator'; start: number; end: number; operator: BinaryOperator; symbol: string }
  | { kind: 'open'; start: number; end: number }
  | { kind: 'close'; start: number; end: number }
  | { kind: 'end'; start: number; end: number };

const OPERATOR_SYMBOLS: Record<string, BinaryOperator> = {
  '+': '+',
  '-': '-',
  '\u2212': '-', // − minus sign
  '*': '*',
  '\u00d7': '*', // × multiplication sign
  '/': '/',
  '\u00f7': '/', // ÷ division sign
};

function isDigit(ch: string): boolean {
  return ch >= '0' && ch <= '9';
}

function isCodeChar(ch: string): boolean {
  return /^[A-Za-z0-9_-]$/.test(ch);
}

function isSpace(ch: string): boolean {
  return /^\s$/u.test(ch);
}

/** Shows the character at `index` in a message: quoted, whole code point; invisible spaces by their code. */
function describeCharAt(text: string, index: number, language: 'vi' | 'en'): string {
  const cp = text.codePointAt(index) ?? 0;
  const ch = String.fromCodePoint(cp);
  if (ch === ' ') return language === 'vi' ? "' ' (dấu cách)" : "' ' (space)";
  if (isSpace(ch) || cp < 0x20) return `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`;
  return `'${ch}'`;
}

function readCode(text: string, from: number): number {
  let i = from;
  while (i < text.length && isCodeChar(text[i])) i++;
  return i;
}

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text[i];
    if (isSpace(ch)) {
      i++;
      continue;
    }
    if (isDigit(ch)) {
      const start = i;
      while (i < text.length && isDigit(text[i])) i++;
      if (text[i] === '.') {
        i++;
        if (i >= text.length || !isDigit(text[i])) {
          fail('NUMBER_EXPECTED_DIGIT', i, "cần chữ số sau dấu '.'", "expected a digit after '.'");
        }
        while (i < text.length && isDigit(text[i])) i++;
      }
      const raw = text.slice(start, i);
      const value = Number(raw);
      if (!Number.isFinite(value)) fail('NUMBER_TOO_LARGE', start, 'số quá lớn', 'number is too large');
      tokens.push({ kind: 'number', start, end: i, raw, value });
      continue;
    }
    if (ch === '#') {
      tokens.push(readReference(text, i));
      i = tokens[tokens.length - 1].end;
      continue;
    }
    const operator = OPERATOR_SYMBOLS[ch];
    if (operator !== undefined) {
      tokens.push({ kind: 'operator', start: i, end: i + 1, operator, symbol: ch });
      i++;
      continue;
    }
    if (ch === '(') {
      tokens.push({ kind: 'open', start: i, end: i + 1 });
      i++;
      continue;
    }
    if (ch === ')') {
      tokens.push({ kind: 'close', start: i, end: i + 1 });
      i++;
      continue;
    }
    if (ch === ',') {
      // Vietnamese writes 3,5 for 3.5; say so rather than just rejecting the comma.
      fail('UNEXPECTED_CHARACTER', i, "dấu ',' không hợp lệ; dùng dấu '.' để ghi phần thập phân (ví dụ 3.5)", "',' is not allowed; use '.' for decimals (for example 3.5)");
    }
    fail('UNEXPECTED_CHARACTER', i, `ký tự không hợp lệ ${describeCharAt(text, i, 'vi')}`, `unexpected character ${describeCharAt(text, i, 'en')}`);
  }
  tokens.push({ kind: 'end', start: text.length, end: text.length });
  return tokens;
}

function readReference(text: string, start: number): Token {
  if (text[start + 1] !== '{') {
    fail('REFERENCE_EXPECTED_BRACE', start + 1, "sau dấu '#' cần có '{'", "expected '{' after '#'");
  }
  const codeStart = start + 2;
  const codeEnd = readCode(text, codeStart);
  let option: string | undefined;
  let i = codeEnd;
  if (text[i] === '.') {
    const optionStart = i + 1;
    const optionEnd = readCode(text, optionStart);
    if (optionEnd === optionStart) {
      checkReferenceCharacter(text, start, optionStart);
      fail('REFERENCE_EMPTY_OPTION', optionStart, "thiếu mã phân tổ sau dấu '.'", "empty option code after '.'");
    }
    option = text.slice(optionStart, optionEnd);
    i = optionEnd;
  }
  checkReferenceCharacter(text, start, i);
  if (codeEnd === codeStart) {
    fail('REFERENCE_EMPTY_CODE', codeStart, 'tham chiếu thiếu mã chỉ số', 'empty data element code in reference');
  }
  const token: Token = { kind: 'reference', start, end: i + 1, code: text.slice(codeStart, codeEnd) };
  if (option !== undefined) token.option = option;
  return token;
}

/** At `index` a reference must continue with `}` (or `.` before the option); explain what is wrong otherwise. */
function checkReferenceCharacter(text: string, referenceStart: number, index: number): void {
  if (index >= text.length) {
    fail('REFERENCE_UNCLOSED', index, `tham chiếu bắt đầu ở vị trí ${referenceStart} chưa đóng, thiếu '}'`, `reference opened at position ${referenceStart} is not closed; missing '}'`);
  }
  const ch = text[index];
  if (ch === '}') return;
  if (ch === '.' || ch === '{' || ch === '#') {
    fail(
      'REFERENCE_INVALID_CHARACTER',
      index,
      `ký tự '${ch}' không được dùng ở đây; tham chiếu có dạng #{MÃ} hoặc #{MÃ.PHÂN_TỔ}`,
      `'${ch}' is not allowed here; a reference is written #{CODE} or #{CODE.OPTION}`,
    );
  }
  fail(
    'REFERENCE_INVALID_CHARACTER',
    index,
    `ký tự ${describeCharAt(text, index, 'vi')} không được dùng trong mã; mã chỉ gồm chữ cái, chữ số, '_' và '-'`,
    `character ${describeCharAt(text, index, 'en')} is not allowed in a code; codes use letters, digits, '_' and '-'`,
  );
}

// ---------------------------------------------------------------------------------------------
// Parser

const EXPECTED_OPERAND_VI = "cần một số, một tham chiếu #{MÃ} hoặc dấu '('";
const EXPECTED_OPERAND_EN = "expected a number, a reference #{CODE} or '('";

function describeToken(text: string, token: Token): string {
  return `'${text.slice(token.start, token.end)}'`;
}

class Parser {
  private index = 0;
  private nesting = 0;
  private readonly depths = new WeakMap<Expr, number>();

  constructor(
    private readonly text: string,
    private readonly tokens: Token[],
  ) {}

  parse(): Expr {
    if (this.tokens.length === 1) fail('EMPTY', 0, 'biểu thức trống', 'the expression is empty');
    const expr = this.parseAdditive();
    const next = this.peek();
    if (next.kind === 'close') {
      fail('UNMATCHED_CLOSING_PARENTHESIS', next.start, "dấu ')' không có dấu '(' tương ứng", "')' has no matching '('");
    }
    if (next.kind !== 'end') this.failMissingOperator(next);
    return expr;
  }

  private peek(): Token {
    return this.tokens[this.index];
  }

  private advance(): Token {
    return this.tokens[this.index++];
  }

  private depth(node: Expr): number {
    return this.depths.get(node) ?? 1;
  }

  private withDepth<T extends Expr>(node: T, depth: number, position: number): T {
    if (depth > MAX_TREE_DEPTH) {
      fail('TOO_COMPLEX', position, 'biểu thức quá phức tạp', 'the expression is too complex');
    }
    this.depths.set(node, depth);
    return node;
  }

  private parseAdditive(): Expr {
    let left = this.parseMultiplicative();
    for (;;) {
      const token = this.peek();
      if (token.kind !== 'operator' || (token.operator !== '+' && token.operator !== '-')) return left;
      this.advance();
      const right = this.parseMultiplicative();
      left = this.binary(token, left, right);
    }
  }

  private parseMultiplicative(): Expr {
    let left = this.parseUnary();
    for (;;) {
      const token = this.peek();
      if (token.kind !== 'operator' || (token.operator !== '*' && token.operator !== '/')) return left;
      this.advance();
      const right = this.parseUnary();
      left = this.binary(token, left, right);
    }
  }

  private binary(token: Extract<Token, { kind: 'operator' }>, left: Expr, right: Expr): BinaryNode {
    const node: BinaryNode = {
      type: 'binary',
      operator: token.operator,
      left,
      right,
      operatorPosition: token.start,
      start: left.start,
      end: right.end,
    };
    return this.withDepth(node, 1 + Math.max(this.depth(left), this.depth(right)), token.start);
  }

  private parseUnary(): Expr {
    const token = this.peek();
    if (token.kind === 'operator' && token.operator === '-') {
      this.advance();
      this.enter(token);
      const operand = this.parseUnary();
      this.nesting--;
      const node: NegateNode = { type: 'negate', operand, start: token.start, end: operand.end };
      return this.withDepth(node, 1 + this.depth(operand), token.start);
    }
    return this.parsePrimary();
  }

  private enter(token: Token): void {
    this.nesting++;
    if (this.nesting > MAX_NESTING) {
      fail('TOO_COMPLEX', token.start, 'biểu thức lồng nhau quá sâu', 'the expression is nested too deeply');
    }
  }

  private parsePrimary(): Expr {
    const token = this.advance();
    switch (token.kind) {
      case 'number':
        return { type: 'number', value: token.value, raw: token.raw, start: token.start, end: token.end };
      case 'reference': {
        const node: ReferenceNode = { type: 'reference', code: token.code, start: token.start, end: token.end };
        if (token.option !== undefined) node.option = token.option;
        return node;
      }
      case 'open': {
        this.enter(token);
        const inner = this.parseAdditive();
        this.nesting--;
        const close = this.peek();
        if (close.kind === 'close') {
          this.advance();
          return inner;
        }
        if (close.kind === 'end') {
          fail('MISSING_CLOSING_PARENTHESIS', close.start, "thiếu dấu ')'", "missing ')'");
        }
        return this.failMissingOperator(close);
      }
      case 'end':
        return fail('UNEXPECTED_END', token.start, `biểu thức kết thúc đột ngột; ${EXPECTED_OPERAND_VI}`, `unexpected end of expression; ${EXPECTED_OPERAND_EN}`);
      case 'close':
        return fail('EXPECTED_OPERAND', token.start, `gặp ')' nhưng ${EXPECTED_OPERAND_VI}`, `unexpected ')'; ${EXPECTED_OPERAND_EN}`);
      case 'operator':
        return fail('EXPECTED_OPERAND', token.start, `gặp '${token.symbol}' nhưng ${EXPECTED_OPERAND_VI}`, `unexpected '${token.symbol}'; ${EXPECTED_OPERAND_EN}`);
    }
  }

  private failMissingOperator(token: Token): never {
    const shown = describeToken(this.text, token);
    return fail('MISSING_OPERATOR', token.start, `thiếu phép toán (+, −, ×, ÷) trước ${shown}`, `missing operator (+, −, ×, ÷) before ${shown}`);
  }
}

/**
 * Parses a formula into its syntax tree, or throws an {@link ExpressionError} naming the first problem.
 *
 * @example
 * parseExpression('#{A} + 2 × 3')      // A + (2 * 3)
 * parseExpression('(#{A} + 2')         // throws: "Vị trí 9: thiếu dấu ')'" / "Position 9: missing ')'"
 * parseExpression('#{A} 2')            // throws: "Position 5: missing operator (+, −, ×, ÷) before '2'"
 */
export function parseExpression(text: string): Expr {
  return new Parser(text, tokenize(text)).parse();
}

// ---------------------------------------------------------------------------------------------
// Walking

function referenceKey(ref: Reference): string {
  // '.' cannot occur inside a code, so the key is unambiguous.
  return ref.option === undefined ? ref.code : `${ref.code}.${ref.option}`;
}

/** Key that identifies a reference (`CODE` or `CODE.OPTION`), for maps of resolved values. */
export function toReferenceKey(ref: Reference): string {
  return referenceKey(ref);
}

function visitReferences(expr: Expr, visit: (node: ReferenceNode) => void): void {
  switch (expr.type) {
    case 'number':
      return;
    case 'reference':
      visit(expr);
      return;
    case 'negate':
      visitReferences(expr.operand, visit);
      return;
    case 'binary':
      visitReferences(expr.left, visit);
      visitReferences(expr.right, visit);
      return;
  }
}

/**
 * The distinct references of a formula in order of first appearance.
 *
 * @example
 * listReferences(parseExpression('#{A} + #{B.X} - #{A} + #{B}'))
 * // [{ code: 'A' }, { code: 'B', option: 'X' }, { code: 'B' }]
 */
export function listReferences(expr: Expr): Reference[] {
  const seen = new Set<string>();
  const result: Reference[] = [];
  visitReferences(expr, (node) => {
    const key = referenceKey(node);
    if (seen.has(key)) return;
    seen.add(key);
    result.push(node.option === undefined ? { code: node.code } : { code: node.code, option: node.option });
  });
  return result;
}

// ---------------------------------------------------------------------------------------------
// Evaluation

/** Value of a reference, or null when it has no value (missing data). */
export type ResolveReference = (ref: Reference) => number | null;

/**
 * Evaluates a formula. Missing is not zero: a reference that resolves to null makes the result null,
 * and so does division by zero; the result is never `Infinity` or `NaN` (an overflow is null too).
 *
 * @example
 * const expr = parseExpression('(#{A} + #{B}) / #{C} × 100');
 * evaluateExpression(expr, (r) => ({ A: 1200, B: 300, C: 3000 })[r.code] ?? null)  // (1200 + 300) / 3000 × 100 = 50
 * evaluateExpression(expr, (r) => ({ A: 1200, C: 3000 })[r.code] ?? null)          // B missing → null
 * evaluateExpression(expr, (r) => ({ A: 1200, B: 300, C: 0 })[r.code] ?? null)     // ÷ 0 → null
 */
export function evaluateExpression(expr: Expr, resolve: ResolveReference): number | null {
  const value = evaluateNode(expr, resolve);
  return value !== null && Number.isFinite(value) ? value : null;
}

function evaluateNode(expr: Expr, resolve: ResolveReference): number | null {
  switch (expr.type) {
    case 'number':
      return expr.value;
    case 'reference': {
      const ref: Reference = expr.option === undefined ? { code: expr.code } : { code: expr.code, option: expr.option };
      const value = resolve(ref);
      return value !== null && Number.isFinite(value) ? value : null;
    }
    case 'negate': {
      const value = evaluateNode(expr.operand, resolve);
      return value === null ? null : -value;
    }
    case 'binary': {
      const left = evaluateNode(expr.left, resolve);
      const right = evaluateNode(expr.right, resolve);
      if (left === null || right === null) return null;
      let result: number;
      switch (expr.operator) {
        case '+':
          result = left + right;
          break;
        case '-':
          result = left - right;
          break;
        case '*':
          result = left * right;
          break;
        case '/':
          if (right === 0) return null;
          result = left / right;
          break;
      }
      return Number.isFinite(result) ? result : null;
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Formatting

const PRECEDENCE: Record<BinaryOperator, number> = { '+': 1, '-': 1, '*': 2, '/': 2 };

export interface FormatOptions {
  /**
   * `ascii` (default) writes `+ - * /`, easy to type back; `display` writes `+ − × /` for reading.
   * Both parse back to the same tree.
   */
  operators?: 'ascii' | 'display';
  /**
   * Text shown for a reference instead of `#{CODE}`; used to substitute values when explaining a result.
   * The text is treated as one operand, so it must not need parentheses itself (wrap negatives).
   */
  renderReference?: (ref: Reference) => string;
}

const SYMBOLS = {
  ascii: { '+': '+', '-': '-', '*': '*', '/': '/', negate: '-' },
  display: { '+': '+', '-': '\u2212', '*': '\u00d7', '/': '/', negate: '\u2212' },
} as const;

/**
 * Writes a formula back as text, with single spaces around binary operators and only the parentheses
 * the tree needs. `parseExpression(formatExpression(e))` gives back the same tree as `e`.
 *
 * @example
 * formatExpression(parseExpression('( #{A}+#{B} )/#{C}×100'))       // '(#{A} + #{B}) / #{C} * 100'
 * formatExpression(parseExpression('10 - (3 - 2)'), { operators: 'display' })  // '10 − (3 − 2)'
 * formatExpression(parseExpression('(2 * 3) + 1'))                 // '2 * 3 + 1'
 */
export function formatExpression(expr: Expr, options: FormatOptions = {}): string {
  const symbols = SYMBOLS[options.operators ?? 'ascii'];
  const render = (node: Expr): string => {
    switch (node.type) {
      case 'number':
        return node.raw;
      case 'reference':
        if (options.renderReference) return options.renderReference(node);
        return node.option === undefined ? `#{${node.code}}` : `#{${node.code}.${node.option}}`;
      case 'negate': {
        const inner = render(node.operand);
        return node.operand.type === 'binary' ? `${symbols.negate}(${inner})` : `${symbols.negate}${inner}`;
      }
      case 'binary': {
        const precedence = PRECEDENCE[node.operator];
        let left = render(node.left);
        let right = render(node.right);
        if (node.left.type === 'binary' && PRECEDENCE[node.left.operator] < precedence) left = `(${left})`;
        // Left-associative: a right operand of equal precedence needs parentheses to keep its grouping
        // (10 - (3 - 2) ≠ 10 - 3 - 2; and float addition is not associative either).
        if (node.right.type === 'binary' && PRECEDENCE[node.right.operator] <= precedence) right = `(${right})`;
        return `${left} ${symbols[node.operator]} ${right}`;
      }
    }
  };
  return render(expr);
}

// ---------------------------------------------------------------------------------------------
// Checking at save time

export interface ExpressionProblem {
  code: 'INVALID_EXPRESSION' | 'UNKNOWN_REFERENCE' | 'DIVISION_BY_ZERO';
  position: number;
  messageVi: string;
  messageEn: string;
  /** The reference concerned, for UNKNOWN_REFERENCE. */
  reference?: Reference;
}

/** Tells whether a reference names an existing data element (and, with `option`, one of its options). */
export type IsKnownReference = (code: string, option?: string) => boolean;

/**
 * Everything wrong with a formula, for the editor to underline before it is saved:
 * - a syntax error (only the first one: the rest of the text cannot be trusted after it);
 * - every occurrence of a reference that `isKnown` rejects;
 * - every division whose divisor is always zero: a constant such as `/ 0`, `/ (0)`, `/ (2 - 2)`,
 *   computed with exact fractions so that `/ (0.3 - 0.1 - 0.2)` is caught too, or a product with
 *   such a factor (`/ (#{A} * 0)`).
 * An empty list means the formula can be saved.
 *
 * @example
 * checkExpression('#{A} / (2 - 2)', () => true)
 * // [{ code: 'DIVISION_BY_ZERO', position: 5, messageEn: 'Position 5: division by zero: the divisor is always 0', … }]
 * checkExpression('#{A} + #{X}', (code) => code === 'A')
 * // [{ code: 'UNKNOWN_REFERENCE', position: 7, messageEn: "Position 7: unknown data element 'X'", … }]
 */
export function checkExpression(text: string, isKnown: IsKnownReference): ExpressionProblem[] {
  let expr: Expr;
  try {
    expr = parseExpression(text);
  } catch (error) {
    if (error instanceof ExpressionError) {
      return [{ code: error.code, position: error.position, messageVi: error.messageVi, messageEn: error.messageEn }];
    }
    throw error;
  }
  const problems: ExpressionProblem[] = [];
  const walk = (node: Expr): void => {
    switch (node.type) {
      case 'number':
        return;
      case 'reference': {
        const problem = checkReference(node, isKnown);
        if (problem) problems.push(problem);
        return;
      }
      case 'negate':
        walk(node.operand);
        return;
      case 'binary':
        walk(node.left);
        walk(node.right);
        if (node.operator === '/' && isAlwaysZero(node.right)) {
          const p = node.operatorPosition;
          problems.push({
            code: 'DIVISION_BY_ZERO',
            position: p,
            messageVi: `Vị trí ${p}: chia cho 0, số chia luôn bằng 0`,
            messageEn: `Position ${p}: division by zero: the divisor is always 0`,
          });
        }
        return;
    }
  };
  walk(expr);
  return problems.sort((a, b) => a.position - b.position);
}

function checkReference(node: ReferenceNode, isKnown: IsKnownReference): ExpressionProblem | null {
  const p = node.start;
  const reference: Reference = node.option === undefined ? { code: node.code } : { code: node.code, option: node.option };
  if (!isKnown(node.code)) {
    return {
      code: 'UNKNOWN_REFERENCE',
      position: p,
      messageVi: `Vị trí ${p}: không có chỉ số mã '${node.code}'`,
      messageEn: `Position ${p}: unknown data element '${node.code}'`,
      reference,
    };
  }
  if (node.option !== undefined && !isKnown(node.code, node.option)) {
    return {
      code: 'UNKNOWN_REFERENCE',
      position: p,
      messageVi: `Vị trí ${p}: chỉ số '${node.code}' không có phân tổ '${node.option}'`,
      messageEn: `Position ${p}: data element '${node.code}' has no option '${node.option}'`,
      reference,
    };
  }
  return null;
}

/** Exact fraction n/d with d > 0, so that constant checks are free of binary rounding. */
interface Fraction {
  n: bigint;
  d: bigint;
}

function gcd(a: bigint, b: bigint): bigint {
  let x = a < 0n ? -a : a;
  let y = b < 0n ? -b : b;
  while (y !== 0n) [x, y] = [y, x % y];
  return x;
}

function fraction(n: bigint, d: bigint): Fraction {
  if (d < 0n) {
    n = -n;
    d = -d;
  }
  const g = gcd(n, d);
  return g > 1n ? { n: n / g, d: d / g } : { n, d };
}

/** Exact value of a constant sub-expression; null if it has a reference or divides by zero. */
function evaluateExactly(expr: Expr): Fraction | null {
  switch (expr.type) {
    case 'number': {
      const [whole, decimals = ''] = expr.raw.split('.');
      return fraction(BigInt(whole + decimals), 10n ** BigInt(decimals.length));
    }
    case 'reference':
      return null;
    case 'negate': {
      const value = evaluateExactly(expr.operand);
      return value === null ? null : { n: -value.n, d: value.d };
    }
    case 'binary': {
      const a = evaluateExactly(expr.left);
      if (a === null) return null;
      const b = evaluateExactly(expr.right);
      if (b === null) return null;
      switch (expr.operator) {
        case '+':
          return fraction(a.n * b.d + b.n * a.d, a.d * b.d);
        case '-':
          return fraction(a.n * b.d - b.n * a.d, a.d * b.d);
        case '*':
          return fraction(a.n * b.n, a.d * b.d);
        case '/':
          return b.n === 0n ? null : fraction(a.n * b.d, a.d * b.n);
      }
    }
  }
}

/** True when the node can only ever be 0 (or missing): a zero constant, or a product/quotient of one. */
function isAlwaysZero(expr: Expr): boolean {
  const exact = evaluateExactly(expr);
  if (exact !== null) return exact.n === 0n;
  switch (expr.type) {
    case 'negate':
      return isAlwaysZero(expr.operand);
    case 'binary':
      if (expr.operator === '*') return isAlwaysZero(expr.left) || isAlwaysZero(expr.right);
      if (expr.operator === '/') return isAlwaysZero(expr.left);
      return false;
    default:
      return false;
  }
}
