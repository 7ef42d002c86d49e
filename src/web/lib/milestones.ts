import type { Lang } from '../i18n/index.tsx';
import { normaliseNumberInput } from './number-input.ts';

export type MilestoneParse = { ok: true; milestones: { period: string; value: number }[] } | { ok: false; item: string };

/** Reads "2024:40; 2025:50,5" (numbers in the interface language) into milestones. */
export function parseMilestones(text: string, lang: Lang): MilestoneParse {
  const milestones: { period: string; value: number }[] = [];
  for (const raw of text.split(';')) {
    const item = raw.trim();
    if (!item) continue;
    const match = /^(\d{4}[A-Za-z0-9]{0,4})\s*:\s*(.+)$/.exec(item);
    const value = match ? Number(normaliseNumberInput(match[2], lang)) : NaN;
    if (!match || !Number.isFinite(value)) return { ok: false, item };
    milestones.push({ period: match[1], value });
  }
  return { ok: true, milestones };
}

export function formatMilestones(milestones: { period: string; value: number }[], lang: Lang): string {
  return milestones.map((m) => `${m.period}:${lang === 'vi' ? String(m.value).replace('.', ',') : m.value}`).join('; ');
}
