import type { Lang } from '../i18n/index.tsx';

/**
 * Turns what a person typed in a number field into the plain form the API reads ("1234.5"):
 * in Vietnamese "1.234,5" (dot for thousands, comma for decimals), in English "1,234.5".
 * Text that is not a number is returned trimmed so that the server can name the error.
 */
export function normaliseNumberInput(raw: string, lang: Lang): string {
  const text = raw.trim().replace(/\s+/g, '');
  if (text === '') return '';
  const vi = lang === 'vi';
  const thousands = vi ? '.' : ',';
  const decimal = vi ? ',' : '.';
  const shaped = vi ? /^[-+]?\d{1,3}(\.\d{3})*(,\d+)?$|^[-+]?\d+(,\d+)?$/ : /^[-+]?\d{1,3}(,\d{3})*(\.\d+)?$|^[-+]?\d+(\.\d+)?$/;
  if (shaped.test(text)) return text.split(thousands).join('').replace(decimal, '.');
  // A plain "12.5" typed in the Vietnamese interface is still clearly a decimal number.
  if (vi && /^[-+]?\d+\.\d{1,2}$|^[-+]?\d+\.\d{4,}$/.test(text)) return text;
  // Not a number: send what was typed so that the server's message quotes it faithfully.
  return raw.trim();
}

/** A stored value shown in the field: numbers with the language's decimal mark, no grouping. */
export function displayNumberInput(value: string | number | null | undefined, lang: Lang): string {
  if (value === null || value === undefined || value === '') return '';
  const text = String(value);
  if (lang === 'vi' && /^[-+]?\d+(\.\d+)?$/.test(text)) return text.replace('.', ',');
  return text;
}
