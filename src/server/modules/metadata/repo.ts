import type { Db } from '../../db/db.ts';
import type { AggregationType, ValueType } from './schema.ts';

export interface OptionRow {
  id: number;
  code: string;
  /** The DHIS2 UID of the option as a category option combo. */
  uid: string;
  nameVi: string;
  nameEn: string | null;
  sortOrder: number;
}

export interface DisaggregationRow {
  id: number;
  code: string;
  nameVi: string;
  nameEn: string | null;
}

export interface DataElementRow {
  id: number;
  code: string;
  /** The DHIS2 UID (11 characters) a DHIS2 client names it by. */
  uid: string;
  nameVi: string;
  nameEn: string | null;
  shortName: string | null;
  description: string | null;
  valueType: ValueType;
  aggregationType: AggregationType;
  unit: string | null;
  zeroIsSignificant: boolean;
  disaggregationId: number | null;
  disaggregationCode: string | null;
  sectorId: number | null;
  sectorCode: string | null;
  minValue: number | null;
  maxValue: number | null;
  softMin: number | null;
  softMax: number | null;
  maxLength: number | null;
  seasonal: boolean;
  createdAt: string;
  updatedAt: string;
}

const DE_COLUMNS = `de.id, de.code, de.uid, de.name_vi AS "nameVi", de.name_en AS "nameEn", de.short_name AS "shortName",
  de.description, de.value_type AS "valueType", de.aggregation_type AS "aggregationType", de.unit,
  de.zero_is_significant AS "zeroIsSignificant", de.disaggregation_id AS "disaggregationId", d.code AS "disaggregationCode",
  de.sector_id AS "sectorId", g.code AS "sectorCode", de.min_value AS "minValue", de.max_value AS "maxValue",
  de.soft_min AS "softMin", de.soft_max AS "softMax", de.max_length AS "maxLength", de.seasonal, de.created_at AS "createdAt", de.updated_at AS "updatedAt"`;
const DE_FROM = `data_element de LEFT JOIN disaggregation d ON d.id = de.disaggregation_id LEFT JOIN org_unit_group g ON g.id = de.sector_id`;

/** A reference is a code, or "id:N". */
export function parseRef(ref: string | number): { id: number } | { code: string } {
  if (typeof ref === 'number') return { id: ref };
  return /^id:\d+$/.test(ref) ? { id: Number(ref.slice(3)) } : { code: ref };
}

export async function findDataElement(db: Db, ref: string | number): Promise<DataElementRow | null> {
  const key = parseRef(ref);
  const { rows } = await db.query<DataElementRow>(`SELECT ${DE_COLUMNS} FROM ${DE_FROM} WHERE ${'id' in key ? 'de.id = $1' : 'de.code = $1'}`, ['id' in key ? key.id : key.code]);
  return rows[0] ?? null;
}

export async function listDataElements(db: Db, f: { folded?: string; sectorCode?: string; valueType?: ValueType; limit: number; offset: number }) {
  const params: unknown[] = [];
  const where: string[] = [];
  if (f.folded) {
    params.push(`%${f.folded}%`);
    where.push(`de.search_text LIKE $${params.length}`);
  }
  if (f.sectorCode) {
    params.push(f.sectorCode);
    where.push(`g.code = $${params.length}`);
  }
  if (f.valueType) {
    params.push(f.valueType);
    where.push(`de.value_type = $${params.length}`);
  }
  const whereSql = where.length ? `WHERE ${where.join(' AND ')}` : '';
  const total = (await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${DE_FROM} ${whereSql}`, params)).rows[0].n;
  params.push(f.limit, f.offset);
  const { rows } = await db.query<DataElementRow>(`SELECT ${DE_COLUMNS} FROM ${DE_FROM} ${whereSql} ORDER BY de.code LIMIT $${params.length - 1} OFFSET $${params.length}`, params);
  return { total, items: rows };
}

/** Every data element, for in-memory validation of a batch of values. */
export async function listAllDataElements(db: Db): Promise<DataElementRow[]> {
  const { rows } = await db.query<DataElementRow>(`SELECT ${DE_COLUMNS} FROM ${DE_FROM} ORDER BY de.id`);
  return rows;
}

export interface DataElementFields {
  nameVi: string;
  nameEn: string | null;
  shortName: string | null;
  description: string | null;
  valueType: ValueType;
  aggregationType: AggregationType;
  unit: string | null;
  zeroIsSignificant: boolean;
  disaggregationId: number | null;
  sectorId: number | null;
  minValue: number | null;
  maxValue: number | null;
  softMin: number | null;
  softMax: number | null;
  maxLength: number | null;
  seasonal: boolean;
  searchText: string;
  /** Absent or null: a fresh UID on insert, the UID kept on update. */
  uid?: string | null;
}

/** The data element (id and code) holding this DHIS2 UID, or null. */
export async function findDataElementByUid(db: Db, uid: string): Promise<{ id: number; code: string } | null> {
  const { rows } = await db.query<{ id: number; code: string }>('SELECT id, code FROM data_element WHERE uid = $1', [uid]);
  return rows[0] ?? null;
}

export async function insertDataElement(db: Db, code: string, f: DataElementFields): Promise<number> {
  const { rows } = await db.query<{ id: number }>(
    `INSERT INTO data_element (code, name_vi, name_en, short_name, description, value_type, aggregation_type, unit,
       zero_is_significant, disaggregation_id, sector_id, min_value, max_value, seasonal, search_text, soft_min, soft_max, max_length, uid)
     VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17,$18, COALESCE($19, dhis2_uid())) RETURNING id`,
    [
      code,
      f.nameVi,
      f.nameEn,
      f.shortName,
      f.description,
      f.valueType,
      f.aggregationType,
      f.unit,
      f.zeroIsSignificant,
      f.disaggregationId,
      f.sectorId,
      f.minValue,
      f.maxValue,
      f.seasonal,
      f.searchText,
      f.softMin,
      f.softMax,
      f.maxLength,
      f.uid ?? null,
    ],
  );
  return rows[0].id;
}

export async function updateDataElement(db: Db, id: number, f: DataElementFields): Promise<void> {
  await db.query(
    `UPDATE data_element SET name_vi = $2, name_en = $3, short_name = $4, description = $5, value_type = $6,
       aggregation_type = $7, unit = $8, zero_is_significant = $9, disaggregation_id = $10, sector_id = $11,
       min_value = $12, max_value = $13, seasonal = $14, search_text = $15, soft_min = $16, soft_max = $17,
       max_length = $18, uid = COALESCE($19, uid), updated_at = now()
     WHERE id = $1`,
    [
      id,
      f.nameVi,
      f.nameEn,
      f.shortName,
      f.description,
      f.valueType,
      f.aggregationType,
      f.unit,
      f.zeroIsSignificant,
      f.disaggregationId,
      f.sectorId,
      f.minValue,
      f.maxValue,
      f.seasonal,
      f.searchText,
      f.softMin,
      f.softMax,
      f.maxLength,
      f.uid ?? null,
    ],
  );
}

/** How many stored values of the element the given rules would refuse (checked before the rules change). */
export async function countValuesOutside(db: Db, dataElementId: number, r: { min: number | null; max: number | null; integer: boolean; maxLength: number | null }): Promise<number> {
  const { rows } = await db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM data_value
      WHERE data_element_id = $1
        AND ((value IS NOT NULL AND (($2::float8 IS NOT NULL AND value < $2) OR ($3::float8 IS NOT NULL AND value > $3) OR ($4 AND value <> trunc(value))))
          OR ($5::int IS NOT NULL AND text_value IS NOT NULL AND length(text_value) > $5))`,
    [dataElementId, r.min, r.max, r.integer, r.maxLength],
  );
  return rows[0].n;
}

export async function hasValues(db: Db, dataElementId: number): Promise<boolean> {
  const { rows } = await db.query('SELECT 1 FROM data_value WHERE data_element_id = $1 LIMIT 1', [dataElementId]);
  return rows.length > 0;
}

export async function findSectorId(db: Db, code: string): Promise<number | null> {
  const { rows } = await db.query<{ id: number }>('SELECT id FROM org_unit_group WHERE code = $1', [code]);
  return rows[0]?.id ?? null;
}

export async function findDisaggregation(db: Db, ref: string | number): Promise<DisaggregationRow | null> {
  const key = parseRef(ref);
  const { rows } = await db.query<DisaggregationRow>(`SELECT id, code, name_vi AS "nameVi", name_en AS "nameEn" FROM disaggregation WHERE ${'id' in key ? 'id = $1' : 'code = $1'}`, [
    'id' in key ? key.id : key.code,
  ]);
  return rows[0] ?? null;
}

export async function listDisaggregations(db: Db): Promise<DisaggregationRow[]> {
  const { rows } = await db.query<DisaggregationRow>(`SELECT id, code, name_vi AS "nameVi", name_en AS "nameEn" FROM disaggregation ORDER BY code`);
  return rows;
}

/** Options of the given disaggregations, in their order. */
export async function listOptions(db: Db, disaggregationIds: number[]): Promise<(OptionRow & { disaggregationId: number })[]> {
  if (disaggregationIds.length === 0) return [];
  const { rows } = await db.query<OptionRow & { disaggregationId: number }>(
    `SELECT id, disaggregation_id AS "disaggregationId", code, uid, name_vi AS "nameVi", name_en AS "nameEn", sort_order AS "sortOrder"
       FROM disaggregation_option WHERE disaggregation_id = ANY ($1::int[]) ORDER BY disaggregation_id, sort_order, id`,
    [disaggregationIds],
  );
  return rows;
}

export async function insertDisaggregation(db: Db, d: { code: string; nameVi: string; nameEn: string | null }): Promise<number> {
  const { rows } = await db.query<{ id: number }>('INSERT INTO disaggregation (code, name_vi, name_en) VALUES ($1,$2,$3) RETURNING id', [d.code, d.nameVi, d.nameEn]);
  return rows[0].id;
}

export async function insertOptions(db: Db, disaggregationId: number, options: { code: string; nameVi: string; nameEn: string | null }[]) {
  await db.query(
    `INSERT INTO disaggregation_option (disaggregation_id, code, name_vi, name_en, sort_order)
     SELECT $1, o.code, o.name_vi, o.name_en, o.ord - 1
       FROM unnest($2::text[], $3::text[], $4::text[]) WITH ORDINALITY AS o(code, name_vi, name_en, ord)`,
    [disaggregationId, options.map((o) => o.code), options.map((o) => o.nameVi), options.map((o) => o.nameEn)],
  );
}
