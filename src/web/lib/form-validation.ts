import { effectiveRange, isBooleanType, isNumericType, parseValue, VALUE_TYPES, type ValueType } from '../../core/value-types.ts';
import { formatNumber } from '../../core/vietnamese.ts';
import type { Wire } from '../../core/contract.ts';
import type { formElementSchema } from '../../server/modules/regimes/schema.ts';
import { normaliseNumberInput } from './number-input.ts';

type RegimeElement = Wire<typeof formElementSchema>;

type Lang = 'vi' | 'en';

export function valueTypeOf(element: Pick<RegimeElement, 'valueType'>): ValueType {
  return (VALUE_TYPES as readonly string[]).includes(element.valueType) ? (element.valueType as ValueType) : 'TEXT';
}

/** A number field (typed with the language's separators), as opposed to text and yes/no. */
export function isNumberField(element: Pick<RegimeElement, 'valueType'>): boolean {
  const t = valueTypeOf(element);
  return isNumericType(t) && !isBooleanType(t);
}

/** What a field sends: numbers in the API's plain form ("1234.5"), text trimmed, null for blank. */
export function valueToSend(element: Pick<RegimeElement, 'valueType'>, raw: string, lang: Lang): string | null {
  const v = isNumberField(element) ? normaliseNumberInput(raw, lang) : raw.trim();
  return v === '' ? null : v;
}

/**
 * The server's own rule (`parseValue` of core/value-types), run in the browser before anything is sent:
 * the message quotes the value as the person typed it ("'-5' không hợp lệ: …"), in their language.
 */
export function checkFieldValue(element: RegimeElement, raw: string, lang: Lang): string | null {
  const sent = valueToSend(element, raw, lang);
  if (sent === null) return null;
  const parsed = parseValue(
    {
      valueType: valueTypeOf(element),
      zeroIsSignificant: element.zeroIsSignificant ?? true,
      minValue: element.minValue ?? null,
      maxValue: element.maxValue ?? null,
      maxLength: element.maxLength ?? null,
    },
    sent,
  );
  if (parsed.kind !== 'invalid') return null;
  const message = lang === 'vi' ? parsed.messageVi : parsed.messageEn;
  const typed = raw.trim();
  // parseValue quotes what it was given (the normalised number); people read what they typed.
  return typed !== sent && message.startsWith(`'${sent}'`) ? `'${typed}'${message.slice(sent.length + 2)}` : message;
}

/** "từ 0 đến 100" — the range a field accepts, for its hint; null when it has none. */
export function rangeHint(element: RegimeElement, lang: Lang): string | null {
  const t = valueTypeOf(element);
  if (!isNumberField(element)) return null;
  const { min, max } = effectiveRange({ valueType: t, minValue: element.minValue ?? null, maxValue: element.maxValue ?? null });
  const f = (n: number) => formatNumber(n, lang, Number.isInteger(n) ? 0 : undefined);
  if (min !== null && max !== null) return lang === 'vi' ? `${f(min)} – ${f(max)}` : `${f(min)} – ${f(max)}`;
  if (min !== null) return lang === 'vi' ? `≥ ${f(min)}` : `≥ ${f(min)}`;
  if (max !== null) return `≤ ${f(max)}`;
  return null;
}

/** Compulsory elements with no value in any of their fields (the submission would be refused for each). */
export function missingCompulsory(sections: { elements: RegimeElement[] }[], values: Record<string, string | number | null | undefined>): RegimeElement[] {
  const filled = (key: string) => {
    const v = values[key];
    return v !== null && v !== undefined && String(v).trim() !== '';
  };
  const out: RegimeElement[] = [];
  for (const s of sections) {
    for (const e of s.elements) {
      if (!e.isCompulsory) continue;
      const keys = e.options && e.options.length > 0 ? e.options.map((o) => `${e.code}.${o.code}`) : [e.code];
      if (!keys.some(filled) && !filled(e.code)) out.push(e);
    }
  }
  return out;
}

/**
 * The total of a disaggregated field as typed: only cells the field accepts count (512,5 in a whole-number
 * field, or a value outside its range, does not); null when no cell counts.
 */
export function sumValidCells(element: RegimeElement, keys: readonly string[], values: Record<string, string>, lang: Lang): number | null {
  let total = 0;
  let any = false;
  for (const k of keys) {
    const raw = values[k] ?? '';
    if (raw.trim() === '' || checkFieldValue(element, raw, lang) !== null) continue;
    const n = Number(normaliseNumberInput(raw, lang));
    if (Number.isFinite(n)) {
      total += n;
      any = true;
    }
  }
  return any ? total : null;
}
