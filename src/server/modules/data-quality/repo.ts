import type { Db } from '../../db/db.ts';
import { anyOf } from '../../db/kysely-sql.ts';

export interface ChildUnitRow {
  id: number;
  code: string;
  nameVi: string;
  nameEn: string | null;
  path: string;
}

export async function listChildUnits(db: Db, parentId: number): Promise<ChildUnitRow[]> {
  return db.kysely.selectFrom('org_unit').select(['id', 'code', 'name_vi as nameVi', 'name_en as nameEn', 'path']).where('parent_id', '=', parentId).orderBy('sort_key').orderBy('code').execute();
}

/** Stored rule outcomes per unit: how many passed and failed, for the given rules and periods. */
export async function countRuleResults(db: Db, q: { ruleIds: number[]; periodIds: number[]; subtreePath: string }): Promise<{ orgUnitId: number; status: 'PASS' | 'FAIL'; n: number }[]> {
  if (q.ruleIds.length === 0 || q.periodIds.length === 0) return [];
  return db.kysely
    .selectFrom('validation_result as vr')
    .innerJoin('org_unit as ou', 'ou.id', 'vr.org_unit_id')
    .select((eb) => ['vr.org_unit_id as orgUnitId', 'vr.status', eb.fn.countAll<number>().as('n')])
    .$narrowType<{ status: 'PASS' | 'FAIL' }>()
    .where('vr.rule_id', '=', anyOf(q.ruleIds, 'int'))
    .where('vr.period_id', '=', anyOf(q.periodIds, 'int'))
    .where('ou.path', 'like', `${q.subtreePath}%`)
    .where('vr.status', 'in', ['PASS', 'FAIL'])
    .groupBy(['vr.org_unit_id', 'vr.status'])
    .execute();
}

export interface FormValueRow {
  orgUnitId: number;
  periodId: number;
  dataElementId: number;
  optionId: number;
  value: number | null;
  textValue: string | null;
  updatedAt: Date;
}

/** Every value of a regime's form for the units of a subtree and the given periods. */
export async function loadFormValues(db: Db, q: { regimeId: number; periodIds: number[]; subtreePath: string }): Promise<FormValueRow[]> {
  if (q.periodIds.length === 0) return [];
  return db.kysely
    .selectFrom('data_value as dv')
    .select([
      'dv.org_unit_id as orgUnitId',
      'dv.period_id as periodId',
      'dv.data_element_id as dataElementId',
      'dv.option_id as optionId',
      'dv.value',
      'dv.text_value as textValue',
      'dv.updated_at as updatedAt',
    ])
    .where('dv.data_element_id', 'in', (eb) => eb.selectFrom('report_regime_element').select('data_element_id').where('regime_id', '=', q.regimeId))
    .where('dv.period_id', '=', anyOf(q.periodIds, 'int'))
    .where('dv.org_unit_id', 'in', (eb) => eb.selectFrom('org_unit').select('id').where('path', 'like', `${q.subtreePath}%`))
    .execute();
}

export async function findUnitPaths(db: Db, ids: number[]): Promise<{ id: number; path: string }[]> {
  if (ids.length === 0) return [];
  return db.kysely.selectFrom('org_unit').select(['id', 'path']).where('id', '=', anyOf(ids, 'int')).execute();
}
