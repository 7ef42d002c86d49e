/**
 * How the values of a data element are combined over org units and periods, and how an indicator
 * (numerator / denominator × factor) is computed from those combined values.
 */
import { evaluateExpression, formatExpression, parseExpression, toReferenceKey, type Expr, type Reference } from './expression.ts';

import { AGGREGATION_TYPE_DEFINITIONS, sumOf, type AggregationType } from './aggregation-types.ts';

export { AGGREGATION_TYPES, type AggregationType } from './aggregation-types.ts';

export interface AggregationInput {
  orgUnit: string;
  /** First day of the value's period, `YYYY-MM-DD`; orders periods in time. */
  periodStart: string;
  value: number;
}

const PERIOD_START = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Combines the values of one data element that fall in a query's org units and periods
 * (the caller has already restricted `values` to them). Values that are not finite numbers are ignored,
 * and an empty input gives null: missing is missing, not zero.
 *
 * Rows of the same org unit and the same period are parts of one value (disaggregations such as
 * male / female) and are added first; every type below then works on those unit × period totals,
 * except COUNT, which counts the stored values themselves. Each type's rule is its `combine` in
 * `aggregation-types.ts`.
 *
 * Worked example — unit A has 10 in January and 20 in March, unit B has 30 in February:
 *
 * | type                 | rule                                                        | result               |
 * | -------------------- | ----------------------------------------------------------- | -------------------- |
 * | SUM                  | add everything (flows: revenue, new subscribers)            | 10 + 20 + 30 = 60    |
 * | AVERAGE              | mean per unit over periods, then mean of units (a score)    | (15 + 30) / 2 = 22.5 |
 * | AVERAGE_SUM_ORG_UNIT | mean per unit over periods, then sum of units (a headcount) | 15 + 30 = 45         |
 * | LAST                 | each unit's latest period, then sum of units (a stock)      | A: 20 (March) + B: 30 (February) = 50 |
 * | MIN                  | smallest unit × period value                                | 10                   |
 * | MAX                  | largest unit × period value                                 | 30                   |
 * | COUNT                | number of values                                            | 3                    |
 *
 * @throws RangeError when a `periodStart` is not `YYYY-MM-DD`.
 */
export function aggregateValues(values: readonly AggregationInput[], type: AggregationType): number | null {
  const rows = values.filter((row) => Number.isFinite(row.value));
  if (rows.length === 0) return null;
  for (const row of rows) {
    if (!PERIOD_START.test(row.periodStart)) {
      throw new RangeError(`periodStart must be YYYY-MM-DD, got ${JSON.stringify(row.periodStart)}`);
    }
  }
  let unitTotals: Map<string, number>[] | undefined;
  return AGGREGATION_TYPE_DEFINITIONS[type].combine({
    values: rows.map((row) => row.value),
    unitTotals: () => (unitTotals ??= totalsPerUnit(rows)),
  });
}

/** orgUnit → periodStart → the sum of its parts, one map per unit. */
function totalsPerUnit(rows: readonly AggregationInput[]): Map<string, number>[] {
  const cells = new Map<string, Map<string, number[]>>();
  for (const row of rows) {
    let periods = cells.get(row.orgUnit);
    if (!periods) cells.set(row.orgUnit, (periods = new Map()));
    const parts = periods.get(row.periodStart);
    if (parts) parts.push(row.value);
    else periods.set(row.periodStart, [row.value]);
  }
  return [...cells.values()].map((periods) => new Map([...periods].map(([periodStart, parts]) => [periodStart, sumOf(parts)])));
}

/** Aggregated value of one reference of a formula, or null when it has no data in the query. */
export type ResolveAggregated = (ref: Reference) => number | null;

/**
 * Builds a resolver for {@link computeIndicator}: each reference's rows are fetched once and aggregated
 * with that data element's own aggregation type.
 */
export function createAggregatedResolver(rowsOf: (ref: Reference) => readonly AggregationInput[], aggregationOf: (ref: Reference) => AggregationType): ResolveAggregated {
  const cache = new Map<string, number | null>();
  return (ref) => {
    const key = toReferenceKey(ref);
    if (!cache.has(key)) cache.set(key, aggregateValues(rowsOf(ref), aggregationOf(ref)));
    return cache.get(key) as number | null;
  };
}

export interface IndicatorDefinition {
  /** Formula text or a parsed formula. */
  numerator: string | Expr;
  denominator: string | Expr;
  /** 100 for a percentage, 1000 for a rate per thousand, 1 for a plain ratio. */
  factor: number;
}

export interface IndicatorResult {
  value: number | null;
  numeratorValue: number | null;
  denominatorValue: number | null;
}

export type IndicatorNullReason = 'NUMERATOR_MISSING' | 'DENOMINATOR_MISSING' | 'DENOMINATOR_ZERO';

export interface IndicatorExplanation extends IndicatorResult {
  /** Why `value` is null; null when it has a value. A side is "missing" when a value it needs is missing or it divides by zero. */
  nullReason: IndicatorNullReason | null;
  /** Every distinct reference of both formulas, with the aggregated value that was used. */
  references: (Reference & { value: number | null })[];
  /** The formula with codes, e.g. `(#{A} + #{B}) / #{C} × 100`. */
  formula: string;
  /** The same with values, e.g. `(1200 + 300) / 3000 × 100 = 50`; a missing value is shown as `—`. */
  arithmetic: string;
}

const MISSING = '—';

function toExpr(formula: string | Expr): Expr {
  return typeof formula === 'string' ? parseExpression(formula) : formula;
}

/**
 * Computes an indicator from the aggregated values of the data elements its formulas refer to:
 * value = numerator × factor / denominator.
 *
 * Ratios are never averaged: each side is aggregated over all units and periods first, then divided.
 * Two provinces with 1 of 10 and 90 of 100 accounts on Vietnamese platforms give
 * (1 + 90) / (10 + 100) × 100 = 82.7 %, not the mean of 10 % and 90 % = 50 %.
 *
 * The value is null when either side is null (missing data) or the denominator is 0. The factor is
 * applied before the division (7 × 100 / 100 = 7 exactly, where 7 / 100 × 100 = 7.000000000000001).
 *
 * @example
 * computeIndicator({ numerator: '#{A} + #{B}', denominator: '#{C}', factor: 100 }, resolve)
 * // with A = 1200, B = 300, C = 3000: { value: 50, numeratorValue: 1500, denominatorValue: 3000 }
 * @throws ExpressionError when a formula given as text does not parse; RangeError when factor is not finite.
 */
export function computeIndicator(definition: IndicatorDefinition, resolve: ResolveAggregated): IndicatorResult {
  const { value, numeratorValue, denominatorValue } = explainIndicator(definition, resolve);
  return { value, numeratorValue, denominatorValue };
}

/**
 * {@link computeIndicator} with the working shown, for the "how was this number computed" panel.
 *
 * @example
 * explainIndicator({ numerator: '#{A} + #{B}', denominator: '#{C}', factor: 100 }, resolve)
 * // with A = 1200, B = 300, C = 3000:
 * // { value: 50, numeratorValue: 1500, denominatorValue: 3000, nullReason: null,
 * //   references: [{ code: 'A', value: 1200 }, { code: 'B', value: 300 }, { code: 'C', value: 3000 }],
 * //   formula: '(#{A} + #{B}) / #{C} × 100', arithmetic: '(1200 + 300) / 3000 × 100 = 50' }
 * // with C = 0: value null, nullReason 'DENOMINATOR_ZERO', arithmetic '(1200 + 300) / 0 × 100 = —'
 */
export function explainIndicator(definition: IndicatorDefinition, resolve: ResolveAggregated, options: { lang?: 'vi' | 'en' } = {}): IndicatorExplanation {
  if (!Number.isFinite(definition.factor)) {
    throw new RangeError(`factor must be a finite number, got ${definition.factor}`);
  }
  const numerator = toExpr(definition.numerator);
  const denominator = toExpr(definition.denominator);

  // Each reference is resolved once, even when both formulas use it.
  const resolved = new Map<string, Reference & { value: number | null }>();
  const lookup = (ref: Reference): number | null => {
    const key = toReferenceKey(ref);
    let entry = resolved.get(key);
    if (!entry) {
      const raw = resolve(ref);
      entry = { ...ref, value: raw !== null && Number.isFinite(raw) ? raw : null };
      resolved.set(key, entry);
    }
    return entry.value;
  };

  const numeratorValue = evaluateExpression(numerator, lookup);
  const denominatorValue = evaluateExpression(denominator, lookup);
  let value: number | null = null;
  let nullReason: IndicatorNullReason | null = null;
  if (numeratorValue === null) nullReason = 'NUMERATOR_MISSING';
  else if (denominatorValue === null) nullReason = 'DENOMINATOR_MISSING';
  else if (denominatorValue === 0) nullReason = 'DENOMINATOR_ZERO';
  else {
    const result = (numeratorValue * definition.factor) / denominatorValue;
    if (Number.isFinite(result)) value = result;
    else nullReason = 'NUMERATOR_MISSING';
  }

  const lang = options.lang;
  const renderCodes = (expr: Expr): string => formatExpression(expr, { operators: 'display' });
  const renderValues = (expr: Expr): string =>
    formatExpression(expr, {
      operators: 'display',
      renderReference: (ref) => formatOperand(resolved.get(toReferenceKey(ref))?.value ?? null, lang),
    });

  return {
    value,
    numeratorValue,
    denominatorValue,
    nullReason,
    references: [...resolved.values()],
    formula: composeRatio(numerator, denominator, definition.factor, renderCodes),
    arithmetic: `${composeRatio(numerator, denominator, definition.factor, renderValues, lang)} = ${formatNumber(value, lang)}`,
  };
}

/** Writes `N / D × factor`, leaving out `/ 1` and `× 1` and bracketing sides that need it. */
function composeRatio(numerator: Expr, denominator: Expr, factor: number, render: (expr: Expr) => string, lang?: 'vi' | 'en'): string {
  let text = render(numerator);
  const isOne = denominator.type === 'number' && denominator.value === 1;
  if (!isOne) {
    if (numerator.type === 'binary' && (numerator.operator === '+' || numerator.operator === '-')) text = `(${text})`;
    const bottom = render(denominator);
    text += denominator.type === 'binary' || denominator.type === 'negate' ? ` / (${bottom})` : ` / ${bottom}`;
  }
  if (factor !== 1) {
    if (isOne && numerator.type === 'binary' && (numerator.operator === '+' || numerator.operator === '-')) {
      text = `(${text})`;
    }
    text += ` × ${formatOperand(factor, lang)}`;
  }
  return text;
}

const LOCALE_NUMBER = {
  vi: new Intl.NumberFormat('vi-VN', { maximumSignificantDigits: 12 }),
  en: new Intl.NumberFormat('en-GB', { maximumSignificantDigits: 12 }),
};

/**
 * A number for the arithmetic line: 12 significant digits hide binary noise
 * (100 / 3 shows as 33.3333333333, 0.1 + 0.2 as 0.3) without hiding real digits of reported figures. With a
 * language, in its format (vi: 1.234,5; en: 1,234.5); without, plain digits.
 */
function formatNumber(value: number | null, lang?: 'vi' | 'en'): string {
  if (value === null) return MISSING;
  const text = lang ? LOCALE_NUMBER[lang].format(Number(value.toPrecision(12))) : String(Number(value.toPrecision(12)));
  return text.startsWith('-') ? `\u2212${text.slice(1)}` : text;
}

function formatOperand(value: number | null, lang?: 'vi' | 'en'): string {
  const text = formatNumber(value, lang);
  return value !== null && value < 0 ? `(${text})` : text;
}
