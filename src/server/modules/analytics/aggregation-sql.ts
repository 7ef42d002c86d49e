import type { AggregationType } from '../../../core/aggregation-types.ts';

/**
 * How analytics computes each aggregation type in SQL, keyed by the types of `src/core/aggregation-types.ts`
 * (a type declared there without its entry here fails the type check). Both expressions are aggregates over
 * one cell (reference × period group × org unit group) and must give what the type's `combine` gives.
 *
 * - `ROLLUP` types are flows: a subtree's value is the sum of its parts, so province-sized subtrees read the
 *   `analytics_rollup` rows. `select` runs over `parts(s, n)`: `s` a value or a roll-up row's sum, `n` the
 *   number of values it stands for.
 * - `PER_UNIT` types combine each unit's period totals first. `select` runs over `counted`: per org unit,
 *   `a` the mean of its period totals, `l` its latest period's total, `mn` / `mx` its smallest / largest period
 *   total, `s` its sum, `n` its number of values, and `is_current` false for a unit merged into another whose
 *   subtree already reports (its stock is handed over, not counted twice).
 */
export interface AggregationSql {
  path: 'ROLLUP' | 'PER_UNIT';
  select: string;
}

export const AGGREGATION_SQL: { readonly [T in AggregationType]: AggregationSql } = {
  SUM: { path: 'ROLLUP', select: 'sum(s)' },
  COUNT: { path: 'ROLLUP', select: 'sum(n)::int' },
  AVERAGE: { path: 'PER_UNIT', select: 'avg(a)' },
  AVERAGE_SUM_ORG_UNIT: { path: 'PER_UNIT', select: 'sum(a) FILTER (WHERE is_current)' },
  LAST: { path: 'PER_UNIT', select: 'sum(l) FILTER (WHERE is_current)' },
  MIN: { path: 'PER_UNIT', select: 'min(mn)' },
  MAX: { path: 'PER_UNIT', select: 'max(mx)' },
};

export function typesOnPath(path: AggregationSql['path']): AggregationType[] {
  return (Object.keys(AGGREGATION_SQL) as AggregationType[]).filter((type) => AGGREGATION_SQL[type].path === path);
}

/** The select list of one path's query: one column per type, named by the type (`"SUM"`, `"LAST"`…). */
export function selectColumns(path: AggregationSql['path']): string {
  return typesOnPath(path)
    .map((type) => `${AGGREGATION_SQL[type].select} AS "${type}"`)
    .join(', ');
}
