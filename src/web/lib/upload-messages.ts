import type { Lang } from '../i18n/index.tsx';

/**
 * One line per problem of an Excel upload, naming the place once: the server's messages already begin with
 * "Trang 'Biểu 01', ô E9: …", so the raw reference ('Biểu 01'!E9) is not repeated before them; a message
 * that does not name its place gets it in words. A problem of the whole file says again what the headline
 * already says, and is left out when there is a headline (null).
 */
export function uploadProblemText(path: string, message: string, lang: Lang, hasHeadline: boolean): string | null {
  if (path === 'file' || path === '') return hasHeadline ? null : message;
  const cell = /^'(.*)'!([A-Z]{1,3}\d{1,7})$/.exec(path);
  const sheet = cell ? cell[1] : /^'(.*)'$/.exec(path)?.[1];
  if (sheet === undefined) return `${path}: ${message}`;
  if (message.includes(`'${sheet}'`)) return message;
  const place = lang === 'vi' ? `Trang '${sheet}'${cell ? `, ô ${cell[2]}` : ''}` : `Sheet '${sheet}'${cell ? `, cell ${cell[2]}` : ''}`;
  return `${place}: ${message}`;
}

/** What an upload that went through changed: values written, or nothing because the file equals what is stored. */
export function uploadOutcome(summary: {
  imported: number;
  updated: number;
  deleted: number;
  ignored: number;
  total: number;
}): { kind: 'changed'; count: number } | { kind: 'unchanged'; count: number } | { kind: 'empty' } {
  const changed = summary.imported + summary.updated + summary.deleted;
  if (changed > 0) return { kind: 'changed', count: summary.imported + summary.updated };
  return summary.total > 0 ? { kind: 'unchanged', count: summary.total } : { kind: 'empty' };
}
