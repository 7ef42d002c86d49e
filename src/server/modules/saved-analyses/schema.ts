import { z } from 'zod';

/** The analysis screen's own query-string parameters, and nothing else (a saved analysis is not a free-form URL). */
const ANALYSIS_PARAMS = ['dx', 'pe', 'ou', 'rows', 'columns', 'view', 'data', 'mapdx', 'mappe'] as const;
const SAFE_VALUE = /^[A-Za-z0-9_.:;,-]*$/;

/** Whether a query string holds only the analysis screen's parameters, each once, with plain item codes. */
export function isAnalysisQuery(query: string): boolean {
  const search = new URLSearchParams(query);
  const seen = new Set<string>();
  for (const [key, value] of search) {
    if (!(ANALYSIS_PARAMS as readonly string[]).includes(key) || seen.has(key) || !SAFE_VALUE.test(value)) return false;
    seen.add(key);
  }
  return seen.has('dx');
}

export const saveAnalysisBody = z.strictObject({
  name: z.string().trim().min(1).max(120),
  query: z.string().min(1).max(4000).refine(isAnalysisQuery, { message: 'dx=…&pe=…&ou=… of the analysis screen (dx, pe, ou, rows, columns, view, data, mapdx, mappe only)' }),
});
export type SaveAnalysisInput = z.infer<typeof saveAnalysisBody>;

export const analysisParams = z.strictObject({ id: z.coerce.number().int().min(1).max(2_147_483_647) });

/** A saved analysis: its name and the analysis screen's selection (no figures). */
export const savedAnalysisSchema = z.strictObject({ id: z.number(), name: z.string(), query: z.string(), createdAt: z.string(), updatedAt: z.string() });
