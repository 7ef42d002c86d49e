import { sql, type ExpressionBuilder } from 'kysely';
import type { Db } from '../../db/db.ts';
import type { DB } from '../../db/schema.ts';
import { anyOf } from '../../db/kysely-sql.ts';
import type { MissingValueStrategy, RuleImportance, RuleOperator } from './schema.ts';

export interface RuleRow {
  id: number;
  code: string;
  nameVi: string;
  nameEn: string | null;
  description: string | null;
  leftExpression: string;
  operator: RuleOperator;
  rightExpression: string;
  importance: RuleImportance;
  regimeId: number | null;
  regime: string | null;
  missingValueStrategy: MissingValueStrategy;
  isActive: boolean;
}

function selectRules(db: Db) {
  return db.kysely
    .selectFrom('validation_rule as r')
    .leftJoin('report_regime as rr', 'rr.id', 'r.regime_id')
    .select([
      'r.id',
      'r.code',
      'r.name_vi as nameVi',
      'r.name_en as nameEn',
      'r.description',
      'r.left_expression as leftExpression',
      'r.operator',
      'r.right_expression as rightExpression',
      'r.importance',
      'r.regime_id as regimeId',
      'rr.code as regime',
      'r.missing_value_strategy as missingValueStrategy',
      'r.is_active as isActive',
    ])
    .$narrowType<{ operator: RuleOperator; importance: RuleImportance; missingValueStrategy: MissingValueStrategy }>();
}

export interface ElementRef {
  id: number;
  code: string;
  options: string[];
}

/** The data elements with these codes and the codes of their disaggregation options. */
export async function findElementsByCodes(db: Db, codes: string[]): Promise<ElementRef[]> {
  if (codes.length === 0) return [];
  return db.kysely
    .selectFrom('data_element as de')
    .leftJoin('disaggregation_option as o', 'o.disaggregation_id', 'de.disaggregation_id')
    .select((eb) => [
      'de.id',
      'de.code',
      eb.fn.coalesce(eb.fn.agg<string[] | null>('array_agg', ['o.code']).orderBy('o.sort_order').filterWhere('o.id', 'is not', null), sql<string[]>`'{}'`).as('options'),
    ])
    .where('de.code', '=', anyOf(codes, 'text'))
    .groupBy(['de.id', 'de.code'])
    .execute();
}

export async function findRule(db: Db, code: string): Promise<RuleRow | null> {
  return (await selectRules(db).where('r.code', '=', code).executeTakeFirst()) ?? null;
}

/** A rule without a regime belongs to a form when every data element it references is on that form. */
function appliesToForm(eb: ExpressionBuilder<DB & { r: DB['validation_rule'] }, 'r'>, regimeId: number) {
  return eb.and([
    eb('r.regime_id', 'is', null),
    eb.not(
      eb.exists(
        eb
          .selectFrom('validation_rule_element as vre')
          .select(sql.lit(1).as('one'))
          .whereRef('vre.rule_id', '=', 'r.id')
          .where((w) =>
            w.not(w.exists(w.selectFrom('report_regime_element as re').select(sql.lit(1).as('one')).where('re.regime_id', '=', regimeId).whereRef('re.data_element_id', '=', 'vre.data_element_id'))),
          ),
      ),
    ),
    eb.exists(eb.selectFrom('validation_rule_element as vre').select(sql.lit(1).as('one')).whereRef('vre.rule_id', '=', 'r.id')),
  ]);
}

export async function listRules(db: Db, regimeId: number | null): Promise<RuleRow[]> {
  let query = selectRules(db);
  if (regimeId !== null) query = query.where((eb) => eb.or([eb('r.regime_id', '=', regimeId), appliesToForm(eb, regimeId)]));
  return query.orderBy('r.code').execute();
}

/** Active rules to check for a regime's form, or every active rule when no regime is given. */
export async function listActiveRules(db: Db, regimeId: number | null): Promise<RuleRow[]> {
  let query = selectRules(db).where('r.is_active', '=', true);
  if (regimeId !== null) query = query.where((eb) => eb.or([eb('r.regime_id', '=', regimeId), appliesToForm(eb, regimeId)]));
  return query.orderBy('r.code').execute();
}

export interface RuleFields {
  code: string;
  nameVi: string;
  nameEn: string | null;
  description: string | null;
  leftExpression: string;
  operator: RuleOperator;
  rightExpression: string;
  importance: RuleImportance;
  regimeId: number | null;
  missingValueStrategy: MissingValueStrategy;
  isActive: boolean;
}

function columnsOf(f: RuleFields) {
  return {
    name_vi: f.nameVi,
    name_en: f.nameEn,
    description: f.description,
    left_expression: f.leftExpression,
    operator: f.operator,
    right_expression: f.rightExpression,
    importance: f.importance,
    regime_id: f.regimeId,
    missing_value_strategy: f.missingValueStrategy,
    is_active: f.isActive,
  };
}

export async function insertRule(db: Db, f: RuleFields): Promise<number> {
  const { id } = await db.kysely
    .insertInto('validation_rule')
    .values({ code: f.code, ...columnsOf(f) })
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

export async function updateRule(db: Db, id: number, f: RuleFields): Promise<void> {
  await db.kysely
    .updateTable('validation_rule')
    .set((eb) => ({ ...columnsOf(f), updated_at: eb.fn<Date>('now') }))
    .where('id', '=', id)
    .execute();
}

export async function deleteRule(db: Db, id: number): Promise<void> {
  await db.kysely.deleteFrom('validation_rule').where('id', '=', id).execute();
}

export async function replaceRuleElements(db: Db, ruleId: number, elementIds: number[]): Promise<void> {
  await db.kysely.deleteFrom('validation_rule_element').where('rule_id', '=', ruleId).execute();
  if (elementIds.length === 0) return;
  await db.kysely
    .insertInto('validation_rule_element')
    .values(elementIds.map((id) => ({ rule_id: ruleId, data_element_id: id })))
    .onConflict((oc) => oc.doNothing())
    .execute();
}

export interface UnitRow {
  id: number;
  code: string;
  nameVi: string;
  path: string;
}

export interface ValueRow {
  orgUnitId: number;
  periodId: number;
  code: string;
  option: string | null;
  value: number;
}

/**
 * Numeric values of the given data elements for every unit of a subtree (or one unit) and the
 * periods, in one query; the option code is null for values without disaggregation.
 */
export async function loadValues(db: Db, q: { elementIds: number[]; periodIds: number[]; subtreePath?: string; orgUnitId?: number }): Promise<ValueRow[]> {
  if (q.elementIds.length === 0 || q.periodIds.length === 0) return [];
  let query = db.kysely
    .selectFrom('data_value as dv')
    .innerJoin('data_element as de', 'de.id', 'dv.data_element_id')
    .leftJoin('disaggregation_option as o', 'o.id', 'dv.option_id')
    .select(['dv.org_unit_id as orgUnitId', 'dv.period_id as periodId', 'de.code', 'o.code as option', 'dv.value'])
    .$narrowType<{ value: number }>()
    .where('dv.data_element_id', '=', anyOf(q.elementIds, 'int'))
    .where('dv.period_id', '=', anyOf(q.periodIds, 'int'))
    .where('dv.value', 'is not', null);
  if (q.orgUnitId !== undefined) query = query.where('dv.org_unit_id', '=', q.orgUnitId);
  else
    query = query.where('dv.org_unit_id', 'in', (eb) =>
      eb
        .selectFrom('org_unit')
        .select('id')
        .where('path', 'like', `${q.subtreePath ?? '/'}%`),
    );
  return query.execute();
}

export async function findUnits(db: Db, ids: number[]): Promise<UnitRow[]> {
  if (ids.length === 0) return [];
  return db.kysely.selectFrom('org_unit').select(['id', 'code', 'name_vi as nameVi', 'path']).where('id', '=', anyOf(ids, 'int')).execute();
}

export interface ResultRow {
  ruleId: number;
  orgUnitId: number;
  periodId: number;
  status: 'PASS' | 'FAIL' | 'SKIPPED';
  leftValue: number | null;
  rightValue: number | null;
}

/**
 * Replaces the stored outcomes of these rules for the checked units and periods: rows of an earlier
 * run that this run did not produce (a unit whose values were since removed) go away too.
 */
export async function replaceResults(db: Db, scope: { ruleIds: number[]; periodIds: number[]; subtreePath?: string; orgUnitId?: number }, results: ResultRow[]): Promise<void> {
  if (scope.ruleIds.length === 0 || scope.periodIds.length === 0) return;
  let stale = db.kysely.deleteFrom('validation_result').where('rule_id', '=', anyOf(scope.ruleIds, 'int')).where('period_id', '=', anyOf(scope.periodIds, 'int'));
  if (scope.orgUnitId !== undefined) stale = stale.where('org_unit_id', '=', scope.orgUnitId);
  else
    stale = stale.where('org_unit_id', 'in', (eb) =>
      eb
        .selectFrom('org_unit')
        .select('id')
        .where('path', 'like', `${scope.subtreePath ?? '/'}%`),
    );
  await stale.execute();
  // Raw SQL: chunked set-based inserts through arrays, one statement (six parameters) per chunk
  // instead of one per result; no row returned.
  const CHUNK = 5000;
  for (let i = 0; i < results.length; i += CHUNK) {
    const part = results.slice(i, i + CHUNK);
    await db.query(
      `INSERT INTO validation_result (rule_id, org_unit_id, period_id, status, left_value, right_value)
       SELECT * FROM unnest($1::int[], $2::int[], $3::int[], $4::text[], $5::float8[], $6::float8[])`,
      [part.map((r) => r.ruleId), part.map((r) => r.orgUnitId), part.map((r) => r.periodId), part.map((r) => r.status), part.map((r) => r.leftValue), part.map((r) => r.rightValue)],
    );
  }
}

/** Of the given rules, those for which a value they read (unit × period) carries a comment. */
export async function findCommentedRules(db: Db, ruleIds: number[], orgUnitId: number, periodId: number): Promise<number[]> {
  if (ruleIds.length === 0) return [];
  const rows = await db.kysely
    .selectFrom('validation_rule_element as vre')
    .innerJoin('data_value as dv', (join) => join.onRef('dv.data_element_id', '=', 'vre.data_element_id').on('dv.org_unit_id', '=', orgUnitId).on('dv.period_id', '=', periodId))
    .select('vre.rule_id as ruleId')
    .distinct()
    .where('vre.rule_id', '=', anyOf(ruleIds, 'int'))
    .where((eb) => eb(eb.fn.coalesce(eb.fn<string>('btrim', ['dv.comment']), sql.lit('')), '<>', ''))
    .execute();
  return rows.map((r) => r.ruleId);
}
