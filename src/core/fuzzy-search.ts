/**
 * Search that forgives how people type names: without spaces ("hanoi" finds "Hà Nội") and with one
 * character wrong, missing, extra or two neighbours swapped ("ha noj", "hn noi", "hanooi", "hnaoi").
 * Works on folded text (core/vietnamese.ts `foldVietnamese`) and gives SQL LIKE patterns, so the
 * database does the matching over its search column with spaces removed.
 */

/** The folded search with its spaces removed: what is matched against the squeezed search text. */
export function squeeze(folded: string): string {
  return folded.replace(/\s+/g, '');
}

const escapeLikeChar = (c: string) => (c === '\\' || c === '%' || c === '_' ? `\\${c}` : c);

/** A LIKE pattern that finds the squeezed search anywhere. */
export function containsPattern(folded: string): string {
  return `%${[...squeeze(folded)].map(escapeLikeChar).join('')}%`;
}

/** Below this many characters a typo would match nearly everything: no tolerance. */
export const MIN_TYPO_LENGTH = 4;

/**
 * LIKE patterns matching the squeezed search with one edit (substitution, insertion, deletion or
 * transposition of neighbours), each anywhere in the text; [] for a search shorter than MIN_TYPO_LENGTH.
 */
export function oneTypoPatterns(folded: string): string[] {
  const chars = [...squeeze(folded)];
  if (chars.length < MIN_TYPO_LENGTH) return [];
  const e = chars.map(escapeLikeChar);
  const out = new Set<string>();
  const wrap = (parts: string[]) => `%${parts.join('')}%`;
  for (let i = 0; i < e.length; i++) {
    out.add(wrap([...e.slice(0, i), '_', ...e.slice(i + 1)])); // one character typed wrong
    out.add(wrap([...e.slice(0, i), ...e.slice(i + 1)])); // one character typed too many
    if (i + 1 < e.length) out.add(wrap([...e.slice(0, i), e[i + 1], e[i], ...e.slice(i + 2)])); // two swapped
  }
  for (let i = 0; i <= e.length; i++) out.add(wrap([...e.slice(0, i), '_', ...e.slice(i)])); // one character missing
  return [...out];
}
