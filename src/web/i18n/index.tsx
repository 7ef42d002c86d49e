import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import { formatNumber as formatCoreNumber } from '../../core/vietnamese.ts';
import { formatDate as formatCoreDate, formatPeriod as formatCorePeriod } from '../../core/periods.ts';
import { setApiLanguage } from '../api/client.ts';
import { en } from './en.ts';
import { vi, type MessageKey } from './vi.ts';

export type Lang = 'vi' | 'en';
export type { MessageKey };

const DICTIONARIES: Record<Lang, Record<MessageKey, string>> = { vi, en };
const STORAGE_KEY = 'tiendo.lang';

/** Whether a key built at run time (a type, a status) has words in the dictionaries. */
export function isMessageKey(key: string): key is MessageKey {
  return Object.hasOwn(vi, key);
}

/** Fills "{name}" placeholders. */
export function translate(lang: Lang, key: MessageKey, params?: Record<string, string | number>): string {
  const template = DICTIONARIES[lang][key] ?? vi[key] ?? key;
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

/** vi "1.234,5", en "1,234.5"; '–' for a missing value. */
export function formatNumber(value: number | null | undefined, lang: Lang, decimals?: number): string {
  return formatCoreNumber(value, lang, decimals);
}

/**
 * A date or timestamp as dd/mm/yyyy (vi) or "15 Jan 2023" (en); with time when asked. A timestamp is shown in
 * Vietnamese time (UTC+7, no daylight saving) wherever the browser is: deadlines, release times and the 24 hours
 * of a takedown request are Hanoi's, and the forms take them as Hanoi's.
 */
export function formatDate(value: string | Date | null | undefined, lang: Lang, withTime = false): string {
  if (value === null || value === undefined || value === '') return '–';
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)) return formatCoreDate(value, lang);
  const date = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(date.getTime())) return String(value);
  const vn = new Date(date.getTime() + 7 * 3_600_000);
  const pad = (n: number) => String(n).padStart(2, '0');
  const iso = `${vn.getUTCFullYear()}-${pad(vn.getUTCMonth() + 1)}-${pad(vn.getUTCDate())}`;
  const day = formatCoreDate(iso, lang);
  return withTime ? `${day} ${pad(vn.getUTCHours())}:${pad(vn.getUTCMinutes())}` : day;
}

/** "Tháng 1/2023" / "January 2023"; falls back to the id for an unknown format. */
export function formatPeriod(id: string, lang: Lang): string {
  try {
    return formatCorePeriod(id, lang);
  } catch {
    return id;
  }
}

export interface I18n {
  lang: Lang;
  setLang: (lang: Lang) => void;
  t: (key: MessageKey, params?: Record<string, string | number>) => string;
  num: (value: number | null | undefined, decimals?: number) => string;
  date: (value: string | Date | null | undefined, withTime?: boolean) => string;
  period: (id: string) => string;
}

const I18nContext = createContext<I18n | null>(null);

function initialLang(): Lang {
  try {
    const stored = localStorage.getItem(STORAGE_KEY);
    if (stored === 'vi' || stored === 'en') return stored;
  } catch {
    // Storage may be unavailable (private mode); Vietnamese is the default.
  }
  return 'vi';
}

export function I18nProvider({ children }: { children: ReactNode }) {
  const [lang, setLangState] = useState<Lang>(() => {
    const l = initialLang();
    setApiLanguage(l);
    document.documentElement.lang = l;
    return l;
  });
  const setLang = useCallback((next: Lang) => {
    setApiLanguage(next);
    document.documentElement.lang = next;
    try {
      localStorage.setItem(STORAGE_KEY, next);
    } catch {
      // Not persisted; the choice still holds for this visit.
    }
    setLangState(next);
  }, []);
  const value = useMemo<I18n>(
    () => ({
      lang,
      setLang,
      t: (key, params) => translate(lang, key, params),
      num: (value, decimals) => formatNumber(value, lang, decimals),
      date: (value, withTime) => formatDate(value, lang, withTime),
      period: (id) => formatPeriod(id, lang),
    }),
    [lang, setLang],
  );
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const ctx = useContext(I18nContext);
  if (!ctx) throw new Error('useI18n outside I18nProvider');
  return ctx;
}
