/**
 * The aggregation types, declared once: the list, each type's rule (how values combine), its words in
 * Vietnamese and English. Everything else derives from here: the data element's zod enum, the web's labels,
 * the analytics SQL (`modules/analytics/aggregation-sql.ts`, a record over the same list, so a type
 * added here without its SQL fails the type check), and `src/server/db/aggregation-check.test.ts` compares the
 * database's CHECK constraint on `data_element.aggregation_type` with {@link DATA_ELEMENT_AGGREGATION_TYPES}.
 */

/** The types analytics computes, in the order screens list them. */
export const AGGREGATION_TYPES = ['SUM', 'AVERAGE', 'AVERAGE_SUM_ORG_UNIT', 'LAST', 'MIN', 'MAX', 'COUNT'] as const;
export type AggregationType = (typeof AGGREGATION_TYPES)[number];

/** What a data element may declare: a computed type, or NONE (not to be aggregated; added like SUM when a query spans several values). */
export const DATA_ELEMENT_AGGREGATION_TYPES = [...AGGREGATION_TYPES, 'NONE'] as const;
export type DataElementAggregationType = (typeof DATA_ELEMENT_AGGREGATION_TYPES)[number];

/** The type a NONE element is aggregated with when a query spans several of its values. */
export const NONE_AGGREGATES_AS: AggregationType = 'SUM';

export interface Words {
  vi: string;
  en: string;
}

/**
 * The values a type's rule works on: the finite values themselves, and (built on first use) each org unit's
 * totals per period — rows of the same unit and period are parts of one value (disaggregations) added first.
 */
export interface AggregationCells {
  values: readonly number[];
  /** One map per org unit: period start (`YYYY-MM-DD`) → the unit's total in that period. */
  unitTotals(): readonly ReadonlyMap<string, number>[];
}

export interface AggregationTypeDefinition {
  /** The words of the data element form and list, e.g. "Cộng dồn (SUM)". */
  label: Words;
  /** The short words beside a reference in an explanation, e.g. "Tổng". */
  short: Words;
  /** The rule; never called with no values. */
  combine(cells: AggregationCells): number;
}

/**
 * Sum with Neumaier's compensation: adding many decimal rates (0.1 + 0.2 + …) in plain floating point
 * drifts in the last digits, and these totals are shown and compared against targets.
 */
export function sumOf(values: Iterable<number>): number {
  let sum = 0;
  let compensation = 0;
  for (const value of values) {
    const t = sum + value;
    compensation += Math.abs(sum) >= Math.abs(value) ? sum - t + value : value - t + sum;
    sum = t;
  }
  return sum + compensation;
}

function meanOf(values: readonly number[]): number {
  return sumOf(values) / values.length;
}

const unitMeans = (cells: AggregationCells) => cells.unitTotals().map((periods) => meanOf([...periods.values()]));
const allCells = (cells: AggregationCells) => cells.unitTotals().flatMap((periods) => [...periods.values()]);

/** Each type's rule and words; a type of {@link AGGREGATION_TYPES} missing here fails the type check. */
export const AGGREGATION_TYPE_DEFINITIONS: { readonly [T in AggregationType]: AggregationTypeDefinition } = {
  SUM: {
    label: { vi: 'Cộng dồn (SUM)', en: 'Sum' },
    short: { vi: 'Tổng', en: 'Sum' },
    combine: (cells) => sumOf(cells.values),
  },
  AVERAGE: {
    label: { vi: 'Bình quân (AVERAGE)', en: 'Average' },
    short: { vi: 'Trung bình', en: 'Average' },
    combine: (cells) => meanOf(unitMeans(cells)),
  },
  AVERAGE_SUM_ORG_UNIT: {
    label: { vi: 'Bình quân theo kỳ, cộng theo đơn vị', en: 'Average over periods, sum over units' },
    short: { vi: 'Trung bình theo thời gian, cộng các đơn vị', en: 'Average over time, summed over units' },
    combine: (cells) => sumOf(unitMeans(cells)),
  },
  LAST: {
    label: { vi: 'Số cuối kỳ (LAST)', en: 'Last value (stock)' },
    short: { vi: 'Giá trị cuối kỳ', en: 'Last value' },
    combine: (cells) =>
      sumOf(
        cells.unitTotals().map((periods) => {
          // ISO dates compare correctly as strings.
          const latest = [...periods.keys()].reduce((a, b) => (b > a ? b : a));
          return periods.get(latest) as number;
        }),
      ),
  },
  MIN: {
    label: { vi: 'Nhỏ nhất (MIN)', en: 'Minimum' },
    short: { vi: 'Nhỏ nhất', en: 'Minimum' },
    combine: (cells) => allCells(cells).reduce((a, b) => Math.min(a, b)),
  },
  MAX: {
    label: { vi: 'Lớn nhất (MAX)', en: 'Maximum' },
    short: { vi: 'Lớn nhất', en: 'Maximum' },
    combine: (cells) => allCells(cells).reduce((a, b) => Math.max(a, b)),
  },
  COUNT: {
    label: { vi: 'Đếm số giá trị (COUNT)', en: 'Count of values' },
    short: { vi: 'Số lượng', en: 'Count' },
    combine: (cells) => cells.values.length,
  },
};

/** The words of every type a data element may declare. */
export const AGGREGATION_TYPE_LABELS: { readonly [T in DataElementAggregationType]: { label: Words; short: Words } } = {
  ...AGGREGATION_TYPE_DEFINITIONS,
  NONE: { label: { vi: 'Không tổng hợp', en: 'Not aggregated' }, short: { vi: 'Không tổng hợp', en: 'Not aggregated' } },
};

export function isAggregationType(type: string): type is AggregationType {
  return Object.hasOwn(AGGREGATION_TYPE_DEFINITIONS, type);
}

/** The type a stored element's values are computed with: NONE (and anything unknown) as {@link NONE_AGGREGATES_AS}. */
export function toAggregationType(type: string): AggregationType {
  return isAggregationType(type) ? type : NONE_AGGREGATES_AS;
}

/** A type's words in a language; an unknown type is shown as it is. */
export function aggregationLabel(type: string, lang: 'vi' | 'en', form: 'label' | 'short' = 'label'): string {
  return Object.hasOwn(AGGREGATION_TYPE_LABELS, type) ? AGGREGATION_TYPE_LABELS[type as DataElementAggregationType][form][lang] : type;
}
