import type { AnalyticsResponse } from '../api/types.ts';

export interface AnalyticsCell {
  dx: string;
  pe: string;
  ou: string;
  value: number;
}

/** Reads the rows of an analytics answer by header name, whatever the column order. */
export function readCells(response: AnalyticsResponse): AnalyticsCell[] {
  const index = (name: string) => response.headers.findIndex((h) => h.name === name);
  const [dx, pe, ou, value] = [index('dx'), index('pe'), index('ou'), index('value')];
  const out: AnalyticsCell[] = [];
  for (const row of response.rows) {
    const v = Number(row[value]);
    if (!Number.isFinite(v)) continue;
    out.push({ dx: dx >= 0 ? row[dx] : '', pe: pe >= 0 ? row[pe] : '', ou: ou >= 0 ? row[ou] : '', value: v });
  }
  return out;
}

/** The value for each period in the order of the answer's period dimension (null when missing). */
export function seriesByPeriod(response: AnalyticsResponse, ou?: string): { period: string; name: string; value: number | null }[] {
  const cells = readCells(response).filter((c) => ou === undefined || c.ou === ou);
  const periods = response.metaData.dimensions.pe ?? [...new Set(cells.map((c) => c.pe))].sort();
  return periods.map((p) => ({ period: p, name: response.metaData.items[p]?.name ?? p, value: cells.find((c) => c.pe === p)?.value ?? null }));
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
  return `#${a.map((x, i) => Math.round(x + (b[i] - x) * clamp).toString(16).padStart(2, '0')).join('')}`;
}
