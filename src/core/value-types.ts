/**
 * Value types of data elements and the one rule that turns a value as sent (typed in a form, read from an
 * Excel cell, posted by a machine) into the value stored — or refuses it, saying why in Vietnamese and
 * English and quoting what was typed. Every way in (form, Excel, API, DHIS2 paths) goes through
 * `parseValue`, and the web form runs the same function before it sends anything.
 *
 * The type names are DHIS2's. A type may carry a range of its own (a non-negative integer, a
 * percentage 0–100, a unit interval 0–1); a data element may narrow it further with a hard minimum and
 * maximum, which are refused at entry — unlike the soft bounds that only flag outliers.
 */
import { formatNumber } from './vietnamese.ts';

export const VALUE_TYPES = [
  'INTEGER',
  'INTEGER_POSITIVE',
  'INTEGER_ZERO_OR_POSITIVE',
  'INTEGER_NEGATIVE',
  'NUMBER',
  'UNIT_INTERVAL',
  'PERCENTAGE',
  'BOOLEAN',
  'TRUE_ONLY',
  'TEXT',
  'LONG_TEXT',
] as const;
export type ValueType = (typeof VALUE_TYPES)[number];

/** How a value type is labelled for people. */
export const VALUE_TYPE_LABELS: Record<ValueType, { vi: string; en: string }> = {
  INTEGER: { vi: 'Số nguyên', en: 'Integer' },
  INTEGER_POSITIVE: { vi: 'Số nguyên dương', en: 'Positive integer' },
  INTEGER_ZERO_OR_POSITIVE: { vi: 'Số nguyên không âm', en: 'Zero or positive integer' },
  INTEGER_NEGATIVE: { vi: 'Số nguyên âm', en: 'Negative integer' },
  NUMBER: { vi: 'Số', en: 'Number' },
  UNIT_INTERVAL: { vi: 'Tỷ lệ từ 0 đến 1', en: 'Unit interval (0–1)' },
  PERCENTAGE: { vi: 'Tỷ lệ phần trăm (0–100)', en: 'Percentage (0–100)' },
  BOOLEAN: { vi: 'Có/Không', en: 'Yes/No' },
  TRUE_ONLY: { vi: 'Chỉ đánh dấu Có', en: 'Yes only' },
  TEXT: { vi: 'Văn bản ngắn', en: 'Text' },
  LONG_TEXT: { vi: 'Văn bản dài', en: 'Long text' },
};

/** Text values are limited so that one value can never fill a page or a message. */
export const TEXT_MAX_LENGTH = 50_000;
export const SHORT_TEXT_DEFAULT_MAX_LENGTH = 255;
/**
 * No figure a state agency reports comes near 10^18 (a national GDP in đồng is about 10^16); the bound keeps
 * every sum of a national table finite, so one absurd value cannot break the dashboards of everyone else.
 */
export const MAX_ABS_NUMBER = 1e18;

export function isNumericType(t: ValueType): boolean {
  return t !== 'TEXT' && t !== 'LONG_TEXT';
}

export function isIntegerType(t: ValueType): boolean {
  return t === 'INTEGER' || t === 'INTEGER_POSITIVE' || t === 'INTEGER_ZERO_OR_POSITIVE' || t === 'INTEGER_NEGATIVE';
}

export function isBooleanType(t: ValueType): boolean {
  return t === 'BOOLEAN' || t === 'TRUE_ONLY';
}

export function isTextType(t: ValueType): boolean {
  return t === 'TEXT' || t === 'LONG_TEXT';
}

/** The range a type carries by itself (before an element's own minimum and maximum). */
export function typeRange(t: ValueType): { min: number | null; max: number | null; minExclusive?: boolean; maxExclusive?: boolean } {
  switch (t) {
    case 'INTEGER_POSITIVE':
      return { min: 0, max: null, minExclusive: true };
    case 'INTEGER_ZERO_OR_POSITIVE':
      return { min: 0, max: null };
    case 'INTEGER_NEGATIVE':
      return { min: null, max: 0, maxExclusive: true };
    case 'UNIT_INTERVAL':
      return { min: 0, max: 1 };
    case 'PERCENTAGE':
      return { min: 0, max: 100 };
    case 'BOOLEAN':
    case 'TRUE_ONLY':
      return { min: 0, max: 1 };
    default:
      return { min: null, max: null };
  }
}

/** The effective hard range of an element: its type's range narrowed by its own minimum and maximum. */
export function effectiveRange(rules: Pick<ValueRules, 'valueType' | 'minValue' | 'maxValue'>): { min: number | null; max: number | null } {
  const own = typeRange(rules.valueType);
  let min = own.min;
  let max = own.max;
  if (own.minExclusive && min !== null && isIntegerType(rules.valueType)) min += 1;
  if (own.maxExclusive && max !== null && isIntegerType(rules.valueType)) max -= 1;
  if (rules.minValue !== null && rules.minValue !== undefined && (min === null || rules.minValue > min)) min = rules.minValue;
  if (rules.maxValue !== null && rules.maxValue !== undefined && (max === null || rules.maxValue < max)) max = rules.maxValue;
  return { min, max };
}

export interface ValueRules {
  valueType: ValueType;
  zeroIsSignificant: boolean;
  /** Hard minimum: a smaller value is refused. */
  minValue: number | null;
  /** Hard maximum: a larger value is refused. */
  maxValue: number | null;
  /** Longest text accepted (TEXT); null: the type's default. */
  maxLength?: number | null;
}

export type ValueErrorCode = 'NOT_A_NUMBER' | 'NOT_AN_INTEGER' | 'NOT_A_BOOLEAN' | 'OUT_OF_RANGE' | 'TOO_LONG';

export type ParsedValue =
  | { kind: 'number'; value: number }
  | { kind: 'text'; text: string }
  /** Nothing to store: blank, or a zero that is not significant (an existing value is removed). */
  | { kind: 'empty' }
  | { kind: 'invalid'; code: ValueErrorCode; messageVi: string; messageEn: string };

const INTEGER_RE = /^[+-]?\d+$/;
const NUMBER_RE = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
// A minus sign typed on a phone or copied from a document: U+2212 "−", and the dashes Word substitutes.
const MINUS_SIGNS = /^[\u2212\u2012\u2013\u2014]/;

const EMPTY: ParsedValue = { kind: 'empty' };

function quote(text: string): string {
  const shown = text.length > 50 ? `${text.slice(0, 50)}…` : text;
  return `'${shown}'`;
}

function invalid(code: ValueErrorCode, text: string, vi: string, en: string): ParsedValue {
  return { kind: 'invalid', code, messageVi: `${quote(text)} ${vi}`, messageEn: `${quote(text)} ${en}` };
}

function rangeWords(min: number | null, max: number | null, lang: 'vi' | 'en'): string {
  const f = (n: number) => formatNumber(n, lang, Number.isInteger(n) ? 0 : undefined);
  if (min !== null && max !== null) return lang === 'vi' ? `từ ${f(min)} đến ${f(max)}` : `from ${f(min)} to ${f(max)}`;
  if (min !== null) return lang === 'vi' ? `không nhỏ hơn ${f(min)}` : `at least ${f(min)}`;
  return lang === 'vi' ? `không lớn hơn ${f(max as number)}` : `at most ${f(max as number)}`;
}

function checkRange(rules: ValueRules, n: number, text: string): ParsedValue | null {
  const { min, max } = effectiveRange(rules);
  const below = min !== null && n < min;
  const above = max !== null && n > max;
  if (!below && !above) return null;
  // Say which rule refused it: the element's own bound, or the range its type carries (a non-negative integer).
  const declared = below ? rules.minValue === min : rules.maxValue === max;
  if (declared) {
    return invalid(
      'OUT_OF_RANGE',
      text,
      `nằm ngoài giới hạn cho phép của chỉ số: giá trị phải ${rangeWords(min, max, 'vi')}`,
      `is outside the data element's allowed range: the value must be ${rangeWords(min, max, 'en')}`,
    );
  }
  const typeWord = VALUE_TYPE_LABELS[rules.valueType];
  return invalid(
    'OUT_OF_RANGE',
    text,
    `không hợp lệ: chỉ số nhận ${typeWord.vi.toLowerCase()}, giá trị phải ${rangeWords(min, max, 'vi')}`,
    `is not valid: the data element takes a ${typeWord.en.toLowerCase()}, the value must be ${rangeWords(min, max, 'en')}`,
  );
}

/**
 * Parses a value as sent into what is stored, by the element's value type, range and bounds.
 *
 * @example
 * parseValue({ valueType: 'INTEGER_ZERO_OR_POSITIVE', zeroIsSignificant: true, minValue: null, maxValue: null }, '-5')
 * // { kind: 'invalid', code: 'OUT_OF_RANGE', messageVi: "'-5' không hợp lệ: chỉ số là số nguyên không âm, giá trị phải không nhỏ hơn 0", … }
 */
export function parseValue(rules: ValueRules, raw: string | number | boolean | null | undefined): ParsedValue {
  if (raw === null || raw === undefined) return EMPTY;
  const typed = typeof raw === 'string' ? raw : String(raw);
  const text = typed.trim();
  if (text === '') return EMPTY;
  const t = rules.valueType;
  if (isTextType(t)) {
    const limit = t === 'LONG_TEXT' ? TEXT_MAX_LENGTH : Math.min(TEXT_MAX_LENGTH, rules.maxLength ?? SHORT_TEXT_DEFAULT_MAX_LENGTH);
    if (text.length > limit) {
      return invalid(
        'TOO_LONG',
        text,
        `dài ${formatNumber(text.length, 'vi')} ký tự, quá giới hạn ${formatNumber(limit, 'vi')} ký tự`,
        `is ${formatNumber(text.length, 'en')} characters long, more than the limit of ${formatNumber(limit, 'en')}`,
      );
    }
    return { kind: 'text', text };
  }
  if (isBooleanType(t)) {
    const lower = text.toLowerCase();
    const yes = lower === 'true' || lower === '1' || lower === 't' || lower === 'yes' || lower === 'có';
    const no = lower === 'false' || lower === '0' || lower === 'f' || lower === 'no' || lower === 'không';
    if (t === 'TRUE_ONLY') {
      if (yes) return { kind: 'number', value: 1 };
      if (no) return EMPTY;
      return invalid('NOT_A_BOOLEAN', text, 'không hợp lệ: chỉ số này chỉ nhận giá trị "có" (true/1)', 'is not valid: this data element only takes "yes" (true/1)');
    }
    if (yes) return { kind: 'number', value: 1 };
    if (no) return { kind: 'number', value: 0 };
    return invalid('NOT_A_BOOLEAN', text, 'không phải là giá trị có/không (true/false, 1/0)', 'is not a yes/no value (true/false, 1/0)');
  }
  if (typeof raw === 'boolean') {
    return invalid(isIntegerType(t) ? 'NOT_AN_INTEGER' : 'NOT_A_NUMBER', text, 'không phải là số', 'is not a number');
  }
  const plain = text.replace(MINUS_SIGNS, '-');
  if (isIntegerType(t)) {
    if (!INTEGER_RE.test(plain)) {
      const looksDecimal = NUMBER_RE.test(plain);
      return invalid(
        'NOT_AN_INTEGER',
        text,
        looksDecimal ? 'không phải là số nguyên (chỉ số này không nhận phần thập phân)' : 'không phải là số nguyên',
        looksDecimal ? 'is not an integer (this data element takes no decimals)' : 'is not an integer',
      );
    }
    const n = Number(plain);
    if (!Number.isSafeInteger(n)) return invalid('OUT_OF_RANGE', text, 'vượt quá giới hạn của số nguyên', 'is out of the integer range');
    if (n === 0 && !rules.zeroIsSignificant) {
      // A zero that is not significant is not stored — but a zero the range forbids is still refused.
      return checkRange(rules, n, text) ?? EMPTY;
    }
    return checkRange(rules, n, text) ?? { kind: 'number', value: n };
  }
  if (!NUMBER_RE.test(plain)) {
    const hint = /^[+-]?\d{1,3}(\.\d{3})+(,\d+)?$|^[+-]?\d+,\d+$/.test(plain);
    return invalid(
      'NOT_A_NUMBER',
      text,
      hint ? 'không phải là số theo định dạng gửi lên: dùng dấu chấm cho phần thập phân và không dùng dấu phân cách hàng nghìn (ví dụ 1234.5)' : 'không phải là số',
      hint ? 'is not a number in the sending format: use a point for decimals and no thousands separators (e.g. 1234.5)' : 'is not a number',
    );
  }
  const n = Number(plain);
  if (!Number.isFinite(n) || Math.abs(n) > MAX_ABS_NUMBER) {
    return invalid('OUT_OF_RANGE', text, 'vượt quá giới hạn của số liệu (±10^18)', 'is beyond the limit for a figure (±10^18)');
  }
  if (n === 0 && !rules.zeroIsSignificant) return checkRange(rules, n, text) ?? EMPTY;
  return checkRange(rules, n, text) ?? { kind: 'number', value: n };
}
