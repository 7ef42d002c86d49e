import { sql } from 'kysely';
import type { Db } from '../../db/db.ts';
import { anyOf } from '../../db/kysely-sql.ts';

export interface CheckedElementRow {
  id: number;
  code: string;
  nameVi: string;
  nameEn: string | null;
  minValue: number | null;
  maxValue: number | null;
  seasonal: boolean;
  sortOrder: number;
}

const NUMERIC_TYPES = ['INTEGER', 'INTEGER_POSITIVE', 'INTEGER_ZERO_OR_POSITIVE', 'INTEGER_NEGATIVE', 'NUMBER', 'UNIT_INTERVAL', 'PERCENTAGE'];

/** The numeric data elements on a regime's form, with their soft (outlier) bounds and seasonality. */
export async function listNumericElements(db: Db, regimeId: number): Promise<CheckedElementRow[]> {
  return db.kysely
    .selectFrom('report_regime_element as re')
    .innerJoin('data_element as de', 'de.id', 're.data_element_id')
    .select(['de.id', 'de.code', 'de.name_vi as nameVi', 'de.name_en as nameEn', 'de.soft_min as minValue', 'de.soft_max as maxValue', 'de.seasonal', 're.sort_order as sortOrder'])
    .where('re.regime_id', '=', regimeId)
    .where('de.value_type', 'in', NUMERIC_TYPES)
    .orderBy('re.sort_order')
    .orderBy('de.code')
    .execute();
}

export interface SeriesValueRow {
  dataElementId: number;
  orgUnitId: number;
  optionId: number;
  periodId: number;
  iso: string;
  startDate: string;
  value: number;
}

/**
 * The values checked and their history in one query: every value of these data elements for the
 * units of a subtree in periods of one type from `recentFrom` to `toDate`, plus, for the seasonal
 * elements, the same months of earlier years back to `seasonalFrom`.
 */
export async function loadSeries(
  db: Db,
  q: { elementIds: number[]; periodType: string; recentFrom: string; toDate: string; subtreePath: string; seasonalElementIds: number[]; seasonalFrom: string; months: number[] },
): Promise<SeriesValueRow[]> {
  if (q.elementIds.length === 0) return [];
  return db.kysely
    .selectFrom('data_value as dv')
    .innerJoin('period as p', 'p.id', 'dv.period_id')
    .select(['dv.data_element_id as dataElementId', 'dv.org_unit_id as orgUnitId', 'dv.option_id as optionId', 'dv.period_id as periodId', 'p.iso', 'p.start_date as startDate', 'dv.value'])
    .$narrowType<{ value: number }>()
    .where('dv.data_element_id', '=', anyOf(q.elementIds, 'int'))
    .where('p.type', '=', q.periodType)
    .where('p.start_date', '<=', sql<string>`${q.toDate}::date`)
    .where((eb) =>
      eb.or([
        eb('p.start_date', '>=', sql<string>`${q.recentFrom}::date`),
        eb.and([
          eb('dv.data_element_id', '=', anyOf(q.seasonalElementIds, 'int')),
          eb('p.start_date', '>=', sql<string>`${q.seasonalFrom}::date`),
          eb(sql<number>`extract(month FROM p.start_date)::int`, '=', anyOf(q.months, 'int')),
        ]),
      ]),
    )
    .where('dv.org_unit_id', 'in', (eb) => eb.selectFrom('org_unit').select('id').where('path', 'like', `${q.subtreePath}%`))
    .where('dv.value', 'is not', null)
    .execute();
}

function findNames(db: Db, table: 'disaggregation_option' | 'org_unit', ids: number[]): Promise<{ id: number; code: string; nameVi: string; nameEn: string | null }[]> {
  return db.kysely.selectFrom(table).select(['id', 'code', 'name_vi as nameVi', 'name_en as nameEn']).where('id', '=', anyOf(ids, 'int')).execute();
}

export async function findOptionNames(db: Db, ids: number[]): Promise<{ id: number; code: string; nameVi: string; nameEn: string | null }[]> {
  if (ids.length === 0) return [];
  return findNames(db, 'disaggregation_option', ids);
}

export async function findUnitNames(db: Db, ids: number[]): Promise<{ id: number; code: string; nameVi: string; nameEn: string | null }[]> {
  if (ids.length === 0) return [];
  return findNames(db, 'org_unit', ids);
}
