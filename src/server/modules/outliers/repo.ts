import type { Db } from '../../db/db.ts';

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

/** The numeric data elements on a regime's form, with their soft (outlier) bounds and seasonality. */
export async function listNumericElements(db: Db, regimeId: number): Promise<CheckedElementRow[]> {
  const { rows } = await db.query<CheckedElementRow>(
    `SELECT de.id, de.code, de.name_vi AS "nameVi", de.name_en AS "nameEn", de.soft_min AS "minValue",
            de.soft_max AS "maxValue", de.seasonal, re.sort_order AS "sortOrder"
       FROM report_regime_element re JOIN data_element de ON de.id = re.data_element_id
      WHERE re.regime_id = $1 AND de.value_type IN ('INTEGER', 'INTEGER_POSITIVE', 'INTEGER_ZERO_OR_POSITIVE', 'INTEGER_NEGATIVE', 'NUMBER', 'UNIT_INTERVAL', 'PERCENTAGE')
      ORDER BY re.sort_order, de.code`,
    [regimeId],
  );
  return rows;
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
  const { rows } = await db.query<SeriesValueRow>(
    `SELECT dv.data_element_id AS "dataElementId", dv.org_unit_id AS "orgUnitId", dv.option_id AS "optionId",
            dv.period_id AS "periodId", p.iso, p.start_date AS "startDate", dv.value
       FROM data_value dv JOIN period p ON p.id = dv.period_id
      WHERE dv.data_element_id = ANY ($1::int[]) AND p.type = $2 AND p.start_date <= $4::date
        AND (p.start_date >= $3::date
             OR (dv.data_element_id = ANY ($6::int[]) AND p.start_date >= $7::date
                 AND extract(month FROM p.start_date)::int = ANY ($8::int[])))
        AND dv.org_unit_id IN (SELECT id FROM org_unit WHERE path LIKE $5)
        AND dv.value IS NOT NULL`,
    [q.elementIds, q.periodType, q.recentFrom, q.toDate, `${q.subtreePath}%`, q.seasonalElementIds, q.seasonalFrom, q.months],
  );
  return rows;
}

export async function findOptionNames(db: Db, ids: number[]): Promise<{ id: number; code: string; nameVi: string; nameEn: string | null }[]> {
  if (ids.length === 0) return [];
  const { rows } = await db.query<{ id: number; code: string; nameVi: string; nameEn: string | null }>(
    'SELECT id, code, name_vi AS "nameVi", name_en AS "nameEn" FROM disaggregation_option WHERE id = ANY ($1::int[])',
    [ids],
  );
  return rows;
}

export async function findUnitNames(db: Db, ids: number[]): Promise<{ id: number; code: string; nameVi: string; nameEn: string | null }[]> {
  if (ids.length === 0) return [];
  const { rows } = await db.query<{ id: number; code: string; nameVi: string; nameEn: string | null }>(
    'SELECT id, code, name_vi AS "nameVi", name_en AS "nameEn" FROM org_unit WHERE id = ANY ($1::int[])',
    [ids],
  );
  return rows;
}
