/**
 * Validation rules over the values of one org unit and one period, such as
 * "accounts on Vietnamese platforms ≤ all accounts" (#{VN_ACC} LE #{ALL_ACC}) or
 * "a reported incident count comes with its resolved count" (COMPULSORY_PAIR).
 */
import { evaluateExpression, listReferences, parseExpression, toReferenceKey, type Expr, type Reference } from './expression.ts';

export type RuleOperator = 'EQ' | 'NE' | 'LT' | 'LE' | 'GT' | 'GE' | 'COMPULSORY_PAIR' | 'EXCLUSIVE_PAIR';

/**
 * What to do when values are missing. The DHIS2 spellings `SKIP_IF_ANY_VALUE_MISSING` and
 * `SKIP_IF_ALL_VALUES_MISSING` are accepted as the same strategies, since rules are imported from it.
 */
export type MissingValueStrategy = 'SKIP_IF_ANY_MISSING' | 'SKIP_IF_ALL_MISSING' | 'NEVER_SKIP' | 'SKIP_IF_ANY_VALUE_MISSING' | 'SKIP_IF_ALL_VALUES_MISSING';

export interface RuleDefinition {
  /** Formula text or parsed formula of each side. */
  left: Expr | string;
  operator: RuleOperator;
  right: Expr | string;
  /** Default SKIP_IF_ALL_MISSING: a unit that reported nothing for the rule is not checked by it. */
  missingValueStrategy?: MissingValueStrategy;
}

export type RuleStatus = 'PASS' | 'FAIL' | 'SKIPPED';

export interface RuleResult {
  status: RuleStatus;
  /** Value of each side as compared (missing values counted as 0 when the rule was not skipped). */
  leftValue: number | null;
  rightValue: number | null;
  /** Why the rule was skipped; null when it was not. */
  skipReason: 'ANY_MISSING' | 'ALL_MISSING' | 'NOT_COMPUTABLE' | null;
}

/** Value of a reference in the org unit and period being checked, or null when none was reported. */
export type ResolveValue = (ref: Reference) => number | null;

/**
 * Relative tolerance for comparisons: values closer than a billionth of their size are equal, so that
 * 0.1 + 0.2 = 0.3 holds and a total re-added from its decimal parts still equals the reported total.
 */
const RELATIVE_EPSILON = 1e-9;

function toExpr(side: Expr | string): Expr {
  return typeof side === 'string' ? parseExpression(side) : side;
}

function compare(operator: Exclude<RuleOperator, 'COMPULSORY_PAIR' | 'EXCLUSIVE_PAIR'>, left: number, right: number): boolean {
  const epsilon = RELATIVE_EPSILON * Math.max(1, Math.abs(left), Math.abs(right));
  const equal = Math.abs(left - right) <= epsilon;
  switch (operator) {
    case 'EQ':
      return equal;
    case 'NE':
      return !equal;
    case 'LT':
      return left < right && !equal;
    case 'LE':
      return left < right || equal;
    case 'GT':
      return left > right && !equal;
    case 'GE':
      return left > right || equal;
  }
}

/**
 * Evaluates one rule for one org unit and period.
 *
 * Comparison operators (EQ, NE, LT, LE, GT, GE), with "missing" counted over the distinct references
 * of both sides together:
 * - SKIP_IF_ANY_MISSING: SKIPPED as soon as one value is missing;
 * - SKIP_IF_ALL_MISSING (default): SKIPPED when every value is missing; otherwise missing values count as 0;
 * - NEVER_SKIP: missing values count as 0.
 * A side that cannot be computed even so (a division by zero) makes the rule SKIPPED with NOT_COMPUTABLE.
 * Equality allows a relative tolerance of 1e-9.
 *
 * Pair operators look at presence, not at values, and ignore the strategy (skipping on missing values
 * would defeat them). A side is present when at least one of its references has a value (a side
 * without references is always present):
 * - COMPULSORY_PAIR passes when both sides are present or both are absent;
 * - EXCLUSIVE_PAIR passes unless both sides are present.
 *
 * @example
 * // #{VN_ACC} LE #{ALL_ACC} with VN_ACC = 120, ALL_ACC = 100 → { status: 'FAIL', leftValue: 120, rightValue: 100 }
 * // #{A} + #{B} EQ #{TOTAL} with A = 0.1, B = 0.2, TOTAL = 0.3 → PASS (within the tolerance)
 * // #{A} LE #{B} with only A = 5, SKIP_IF_ALL_MISSING → B counts as 0 → 5 ≤ 0 → FAIL
 * // #{A} LE #{B} with only A = 5, SKIP_IF_ANY_MISSING → SKIPPED (ANY_MISSING)
 * // #{INCIDENTS} COMPULSORY_PAIR #{RESOLVED} with only INCIDENTS = 3 → FAIL
 * @throws ExpressionError when a side given as text does not parse.
 */
export function evaluateRule(rule: RuleDefinition, resolve: ResolveValue): RuleResult {
  const left = toExpr(rule.left);
  const right = toExpr(rule.right);

  const cache = new Map<string, number | null>();
  const lookup = (ref: Reference): number | null => {
    const key = toReferenceKey(ref);
    if (!cache.has(key)) {
      const value = resolve(ref);
      cache.set(key, value !== null && Number.isFinite(value) ? value : null);
    }
    return cache.get(key) as number | null;
  };
  const zeroIfMissing = (ref: Reference): number => lookup(ref) ?? 0;

  const leftRefs = listReferences(left);
  const rightRefs = listReferences(right);

  if (rule.operator === 'COMPULSORY_PAIR' || rule.operator === 'EXCLUSIVE_PAIR') {
    const isPresent = (refs: Reference[]): boolean => refs.length === 0 || refs.some((ref) => lookup(ref) !== null);
    const leftPresent = isPresent(leftRefs);
    const rightPresent = isPresent(rightRefs);
    const pass = rule.operator === 'COMPULSORY_PAIR' ? leftPresent === rightPresent : !(leftPresent && rightPresent);
    return {
      status: pass ? 'PASS' : 'FAIL',
      leftValue: leftPresent ? evaluateExpression(left, zeroIfMissing) : null,
      rightValue: rightPresent ? evaluateExpression(right, zeroIfMissing) : null,
      skipReason: null,
    };
  }

  const keys = new Set<string>();
  const refs = [...leftRefs, ...rightRefs].filter((ref) => {
    const key = toReferenceKey(ref);
    if (keys.has(key)) return false;
    keys.add(key);
    return true;
  });
  const missing = refs.filter((ref) => lookup(ref) === null).length;
  const strategy = rule.missingValueStrategy ?? 'SKIP_IF_ALL_MISSING';
  const skipIfAny = strategy === 'SKIP_IF_ANY_MISSING' || strategy === 'SKIP_IF_ANY_VALUE_MISSING';
  const skipIfAll = strategy === 'SKIP_IF_ALL_MISSING' || strategy === 'SKIP_IF_ALL_VALUES_MISSING';
  const skipped = (skipReason: RuleResult['skipReason']): RuleResult => ({
    status: 'SKIPPED',
    leftValue: evaluateExpression(left, lookup),
    rightValue: evaluateExpression(right, lookup),
    skipReason,
  });
  if (skipIfAny && missing > 0) return skipped('ANY_MISSING');
  if (skipIfAll && refs.length > 0 && missing === refs.length) return skipped('ALL_MISSING');

  const leftValue = evaluateExpression(left, zeroIfMissing);
  const rightValue = evaluateExpression(right, zeroIfMissing);
  if (leftValue === null || rightValue === null) return { status: 'SKIPPED', leftValue, rightValue, skipReason: 'NOT_COMPUTABLE' };
  return { status: compare(rule.operator, leftValue, rightValue) ? 'PASS' : 'FAIL', leftValue, rightValue, skipReason: null };
}
