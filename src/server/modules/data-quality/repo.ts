import type { Db } from '../../db/db.ts';

export interface ChildUnitRow {
  id: number;
  code: string;
  nameVi: string;
  nameEn: string | null;
  path: string;
}

export async function listChildUnits(db: Db, parentId: number): Promise<ChildUnitRow[]> {
  const { rows } = await db.query<ChildUnitRow>(`SELECT id, code, name_vi AS "nameVi", name_en AS "nameEn", path FROM org_unit WHERE parent_id = $1 ORDER BY sort_key, code`, [parentId]);
  return rows;
}

/** Stored rule outcomes per unit: how many passed and failed, for the given rules and periods. */
export async function countRuleResults(db: Db, q: { ruleIds: number[]; periodIds: number[]; subtreePath: string }): Promise<{ orgUnitId: number; status: 'PASS' | 'FAIL'; n: number }[]> {
  if (q.ruleIds.length === 0 || q.periodIds.length === 0) return [];
  const { rows } = await db.query<{ orgUnitId: number; status: 'PASS' | 'FAIL'; n: number }>(
    `SELECT vr.org_unit_id AS "orgUnitId", vr.status, count(*)::int AS n
       FROM validation_result vr JOIN org_unit ou ON ou.id = vr.org_unit_id
      WHERE vr.rule_id = ANY ($1::int[]) AND vr.period_id = ANY ($2::int[]) AND ou.path LIKE $3 AND vr.status IN ('PASS', 'FAIL')
      GROUP BY vr.org_unit_id, vr.status`,
    [q.ruleIds, q.periodIds, `${q.subtreePath}%`],
  );
  return rows;
}

export interface FormValueRow {
  orgUnitId: number;
  periodId: number;
  dataElementId: number;
  optionId: number;
  value: number | null;
  textValue: string | null;
  updatedAt: string | Date;
}

/** Every value of a regime's form for the units of a subtree and the given periods. */
export async function loadFormValues(db: Db, q: { regimeId: number; periodIds: number[]; subtreePath: string }): Promise<FormValueRow[]> {
  if (q.periodIds.length === 0) return [];
  const { rows } = await db.query<FormValueRow>(
    `SELECT dv.org_unit_id AS "orgUnitId", dv.period_id AS "periodId", dv.data_element_id AS "dataElementId",
            dv.option_id AS "optionId", dv.value, dv.text_value AS "textValue", dv.updated_at AS "updatedAt"
       FROM data_value dv
      WHERE dv.data_element_id IN (SELECT data_element_id FROM report_regime_element WHERE regime_id = $1)
        AND dv.period_id = ANY ($2::int[])
        AND dv.org_unit_id IN (SELECT id FROM org_unit WHERE path LIKE $3)`,
    [q.regimeId, q.periodIds, `${q.subtreePath}%`],
  );
  return rows;
}

export async function findUnitPaths(db: Db, ids: number[]): Promise<{ id: number; path: string }[]> {
  if (ids.length === 0) return [];
  const { rows } = await db.query<{ id: number; path: string }>('SELECT id, path FROM org_unit WHERE id = ANY ($1::int[])', [ids]);
  return rows;
}
