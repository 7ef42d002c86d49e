import { compareVietnamese } from '../../core/vietnamese.ts';
import { matchesSearch } from './search.ts';

/** One entry of the indicator catalogue: an indicator (a formula) or a data element (a raw measure). */
export interface CatalogueEntry {
  kind: 'INDICATOR' | 'ELEMENT';
  code: string;
  nameVi: string;
  nameEn: string | null;
  sectorCode: string | null;
  unit: string | null;
  /** Words searched besides the names (description, aggregation…). */
  extra?: string | null;
}

export interface CatalogueGroup {
  /** Sector code, or null for entries without a sector. */
  sectorCode: string | null;
  name: string;
  entries: CatalogueEntry[];
}

/**
 * The catalogue grouped by sector, filtered by a search that ignores case, spacing and diacritics
 * ("dan so" finds "Dân số") over names in both languages and codes. Sectors in Vietnamese order,
 * entries without a sector last; inside a sector indicators first, then data elements, by name.
 */
export function groupCatalogue(entries: readonly CatalogueEntry[], search: string, sectorName: (code: string) => string | null, otherName: string, lang: 'vi' | 'en'): CatalogueGroup[] {
  const nameOf = (e: CatalogueEntry) => (lang === 'en' && e.nameEn ? e.nameEn : e.nameVi);
  const groups = new Map<string | null, CatalogueEntry[]>();
  for (const e of entries) {
    if (!matchesSearch([e.nameVi, e.nameEn, e.code, e.extra], search)) continue;
    const key = e.sectorCode && sectorName(e.sectorCode) ? e.sectorCode : null;
    groups.set(key, [...(groups.get(key) ?? []), e]);
  }
  const out: CatalogueGroup[] = [...groups.entries()].map(([code, list]) => ({
    sectorCode: code,
    name: code ? (sectorName(code) ?? code) : otherName,
    entries: [...list].sort((a, b) => (a.kind === b.kind ? compareVietnamese(nameOf(a), nameOf(b)) : a.kind === 'INDICATOR' ? -1 : 1)),
  }));
  return out.sort((a, b) => (a.sectorCode === null ? 1 : b.sectorCode === null ? -1 : compareVietnamese(a.name, b.name)));
}

/** Where an entry leads: an indicator to its own page; a data element to a free analysis of it. */
export function catalogueLink(entry: Pick<CatalogueEntry, 'kind' | 'code'>): string {
  return entry.kind === 'INDICATOR' ? `/indicators/${encodeURIComponent(entry.code)}` : `/analysis?dx=${encodeURIComponent(entry.code)}`;
}
