import type { AnalyticsResponse, DataStatus } from '../api/analytics.ts';

/** How much of a figure is in: reports received of those expected (aggregation.md §12). */
export interface CellCoverage {
  reported: number;
  expected: number;
  /** reported / expected, 0–1. */
  share: number;
}

export interface AnalyticsCell {
  dx: string;
  pe: string;
  ou: string;
  value: number;
  /** Null when no regime expects the figure (the product does not claim it complete). */
  coverage: CellCoverage | null;
}

/** A figure below full coverage is provisional ("tạm tính"). */
export function isProvisional(coverage: CellCoverage | null | undefined): boolean {
  return Boolean(coverage && coverage.expected > 0 && coverage.reported < coverage.expected);
}

/** Reads the rows of an analytics answer by header name, whatever the column order; coverage when the answer has it. */
export function readCells(response: AnalyticsResponse): AnalyticsCell[] {
  const index = (name: string) => response.headers.findIndex((h) => h.name === name);
  const [dx, pe, ou, value] = [index('dx'), index('pe'), index('ou'), index('value')];
  const [reported, expected, share] = [index('reported'), index('expected'), index('coverage')];
  const out: AnalyticsCell[] = [];
  for (const row of response.rows) {
    const v = Number(row[value]);
    if (!Number.isFinite(v)) continue;
    let coverage: CellCoverage | null = null;
    if (reported >= 0 && expected >= 0 && row[expected] !== '' && row[expected] !== undefined) {
      const r = Number(row[reported]);
      const e = Number(row[expected]);
      const sh = share >= 0 && row[share] !== '' ? Number(row[share]) : e > 0 ? r / e : 1;
      if (Number.isFinite(r) && Number.isFinite(e)) coverage = { reported: r, expected: e, share: sh };
    }
    out.push({ dx: dx >= 0 ? row[dx] : '', pe: pe >= 0 ? row[pe] : '', ou: ou >= 0 ? row[ou] : '', value: v, coverage });
  }
  return out;
}

export const DATA_STATUS_CHOICES: readonly DataStatus[] = ['APPROVED', 'SUBMITTED', 'ALL'];

/** The data status of a screen from its query string: submitted and approved unless asked otherwise. */
export function dataStatusOf(param: string | null | undefined): DataStatus {
  return param === 'APPROVED' || param === 'ALL' ? param : 'SUBMITTED';
}

/** The value for each period in the order of the answer's period dimension (null when missing). */
export function seriesByPeriod(response: AnalyticsResponse, ou?: string): { period: string; name: string; value: number | null; coverage: CellCoverage | null }[] {
  const cells = readCells(response).filter((c) => ou === undefined || c.ou === ou);
  const periods = response.metaData.dimensions.pe ?? [...new Set(cells.map((c) => c.pe))].sort();
  return periods.map((p) => {
    const cell = cells.find((c) => c.pe === p);
    return { period: p, name: response.metaData.items[p]?.name ?? p, value: cell?.value ?? null, coverage: cell?.coverage ?? null };
  });
}

/** Analytics query string parameters (dimension=… repeated) for links and requests. */
export function analyticsParams(dimensions: Record<string, string[]>, filters: Record<string, string[]> = {}): string {
  const search = new URLSearchParams();
  for (const [name, items] of Object.entries(dimensions)) search.append('dimension', `${name}:${items.join(';')}`);
  for (const [name, items] of Object.entries(filters)) search.append('filter', `${name}:${items.join(';')}`);
  return search.toString();
}

/** Linear colour scale between two hex colours, for the tile map. */
export function mixColour(from: string, to: string, t: number): string {
  const clamp = Math.min(1, Math.max(0, Number.isFinite(t) ? t : 0));
  const a = [1, 3, 5].map((i) => parseInt(from.slice(i, i + 2), 16));
  const b = [1, 3, 5].map((i) => parseInt(to.slice(i, i + 2), 16));
  return `#${a
    .map((x, i) =>
      Math.round(x + (b[i] - x) * clamp)
        .toString(16)
        .padStart(2, '0'),
    )
    .join('')}`;
}
