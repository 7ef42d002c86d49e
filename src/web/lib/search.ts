import { foldVietnamese } from '../../core/vietnamese.ts';

/** Whether any of the texts contains the search, ignoring case, spacing and Vietnamese diacritics. */
export function matchesSearch(texts: readonly (string | null | undefined)[], search: string): boolean {
  const needle = foldVietnamese(search);
  if (!needle) return true;
  return texts.some((text) => text !== null && text !== undefined && foldVietnamese(text).includes(needle));
}
