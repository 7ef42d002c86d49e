import type { Db } from '../../db/db.ts';
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

const RULE_COLUMNS = `r.id, r.code, r.name_vi AS "nameVi", r.name_en AS "nameEn", r.description,
  r.left_expression AS "leftExpression", r.operator, r.right_expression AS "rightExpression", r.importance,
  r.regime_id AS "regimeId", rr.code AS regime, r.missing_value_strategy AS "missingValueStrategy", r.is_active AS "isActive"`;
const RULE_FROM = 'validation_rule r LEFT JOIN report_regime rr ON rr.id = r.regime_id';

export interface ElementRef {
  id: number;
  code: string;
  options: string[];
}

/** The data elements with these codes and the codes of their disaggregation options. */
export async function findElementsByCodes(db: Db, codes: string[]): Promise<ElementRef[]> {
  if (codes.length === 0) return [];
  const { rows } = await db.query<ElementRef>(
    `SELECT de.id, de.code,
            coalesce(array_agg(o.code ORDER BY o.sort_order) FILTER (WHERE o.id IS NOT NULL), '{}') AS options
       FROM data_element de LEFT JOIN disaggregation_option o ON o.disaggregation_id = de.disaggregation_id
      WHERE de.code = ANY ($1::text[])
      GROUP BY de.id, de.code`,
    [codes],
  );
  return rows;
}

export async function findRule(db: Db, code: string): Promise<RuleRow | null> {
  const { rows } = await db.query<RuleRow>(`SELECT ${RULE_COLUMNS} FROM ${RULE_FROM} WHERE r.code = $1`, [code]);
  return rows[0] ?? null;
}

export async function listRules(db: Db, regimeId: number | null): Promise<RuleRow[]> {
  const params: unknown[] = [];
  let where = '';
  if (regimeId !== null) {
    params.push(regimeId);
    where = `WHERE r.regime_id = $1 OR (r.regime_id IS NULL AND ${APPLIES_TO_FORM('$1')})`;
  }
  const { rows } = await db.query<RuleRow>(`SELECT ${RULE_COLUMNS} FROM ${RULE_FROM} ${where} ORDER BY r.code`, params);
  return rows;
}

// A rule without a regime belongs to a form when every data element it references is on that form.
const APPLIES_TO_FORM = (regimeParam: string) => `NOT EXISTS (
  SELECT 1 FROM validation_rule_element vre
   WHERE vre.rule_id = r.id
     AND NOT EXISTS (SELECT 1 FROM report_regime_element re WHERE re.regime_id = ${regimeParam} AND re.data_element_id = vre.data_element_id))
  AND EXISTS (SELECT 1 FROM validation_rule_element vre WHERE vre.rule_id = r.id)`;

/** Active rules to check for a regime's form, or every active rule when no regime is given. */
export async function listActiveRules(db: Db, regimeId: number | null): Promise<RuleRow[]> {
  const params: unknown[] = [];
  let where = 'r.is_active';
  if (regimeId !== null) {
    params.push(regimeId);
    where += ` AND (r.regime_id = $1 OR (r.regime_id IS NULL AND ${APPLIES_TO_FORM('$1')}))`;
  }
  const { rows } = await db.query<RuleRow>(`SELECT ${RULE_COLUMNS} FROM ${RULE_FROM} WHERE ${where} ORDER BY r.code`, params);
  return rows;
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

export async function insertRule(db: Db, f: RuleFields): Promise<number> {
  const { rows } = await db.query<{ id: number }>(
    `INSERT INTO validation_rule (code, name_vi, name_en, description, left_expression, operator, right_expression,
                                  importance, regime_id, missing_value_strategy, is_active)
     VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11) RETURNING id`,
    [f.code, f.nameVi, f.nameEn, f.description, f.leftExpression, f.operator, f.rightExpression, f.importance, f.regimeId, f.missingValueStrategy, f.isActive],
  );
  return rows[0].id;
}

export async function updateRule(db: Db, id: number, f: RuleFields): Promise<void> {
  await db.query(
    `UPDATE validation_rule SET name_vi = $2, name_en = $3, description = $4, left_expression = $5, operator = $6,
            right_expression = $7, importance = $8, regime_id = $9, missing_value_strategy = $10, is_active = $11, updated_at = now()
      WHERE id = $1`,
    [id, f.nameVi, f.nameEn, f.description, f.leftExpression, f.operator, f.rightExpression, f.importance, f.regimeId, f.missingValueStrategy, f.isActive],
  );
}

export async function deleteRule(db: Db, id: number): Promise<void> {
  await db.query('DELETE FROM validation_rule WHERE id = $1', [id]);
}

export async function replaceRuleElements(db: Db, ruleId: number, elementIds: number[]): Promise<void> {
  await db.query('DELETE FROM validation_rule_element WHERE rule_id = $1', [ruleId]);
  if (elementIds.length === 0) return;
  await db.query('INSERT INTO validation_rule_element (rule_id, data_element_id) SELECT $1, unnest($2::int[]) ON CONFLICT DO NOTHING', [ruleId, elementIds]);
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
  const params: unknown[] = [q.elementIds, q.periodIds];
  let unitFilter: string;
  if (q.orgUnitId !== undefined) {
    params.push(q.orgUnitId);
    unitFilter = `dv.org_unit_id = $${params.length}`;
  } else {
    params.push(`${q.subtreePath ?? '/'}%`);
    unitFilter = `dv.org_unit_id IN (SELECT id FROM org_unit WHERE path LIKE $${params.length})`;
  }
  const { rows } = await db.query<ValueRow>(
    `SELECT dv.org_unit_id AS "orgUnitId", dv.period_id AS "periodId", de.code, o.code AS option, dv.value
       FROM data_value dv
       JOIN data_element de ON de.id = dv.data_element_id
       LEFT JOIN disaggregation_option o ON o.id = dv.option_id
      WHERE dv.data_element_id = ANY ($1::int[]) AND dv.period_id = ANY ($2::int[]) AND ${unitFilter}
        AND dv.value IS NOT NULL`,
    params,
  );
  return rows;
}

export async function findUnits(db: Db, ids: number[]): Promise<UnitRow[]> {
  if (ids.length === 0) return [];
  const { rows } = await db.query<UnitRow>('SELECT id, code, name_vi AS "nameVi", path FROM org_unit WHERE id = ANY ($1::int[])', [ids]);
  return rows;
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
  const params: unknown[] = [scope.ruleIds, scope.periodIds];
  let unitFilter: string;
  if (scope.orgUnitId !== undefined) {
    params.push(scope.orgUnitId);
    unitFilter = `org_unit_id = $3`;
  } else {
    params.push(`${scope.subtreePath ?? '/'}%`);
    unitFilter = `org_unit_id IN (SELECT id FROM org_unit WHERE path LIKE $3)`;
  }
  await db.query(`DELETE FROM validation_result WHERE rule_id = ANY ($1::int[]) AND period_id = ANY ($2::int[]) AND ${unitFilter}`, params);
  // Chunked multi-row inserts through arrays: one statement per chunk instead of one per result.
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
  const { rows } = await db.query<{ ruleId: number }>(
    `SELECT DISTINCT vre.rule_id AS "ruleId"
       FROM validation_rule_element vre
       JOIN data_value dv ON dv.data_element_id = vre.data_element_id AND dv.org_unit_id = $2 AND dv.period_id = $3
      WHERE vre.rule_id = ANY ($1::int[]) AND coalesce(btrim(dv.comment), '') <> ''`,
    [ruleIds, orgUnitId, periodId],
  );
  return rows.map((r) => r.ruleId);
}
