import { sql } from 'kysely';
import type { Db } from '../../db/db.ts';
import { anyOf, now } from '../../db/kysely-sql.ts';
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
  createdAt: Date;
  updatedAt: Date;
}

/** Data elements joined to their disaggregation and sector (for their codes). */
function fromDataElements(db: Db) {
  return db.kysely.selectFrom('data_element as de').leftJoin('disaggregation as d', 'd.id', 'de.disaggregation_id').leftJoin('org_unit_group as g', 'g.id', 'de.sector_id');
}

function selectDataElements(from: ReturnType<typeof fromDataElements>) {
  return from
    .select([
      'de.id',
      'de.code',
      'de.uid',
      'de.name_vi as nameVi',
      'de.name_en as nameEn',
      'de.short_name as shortName',
      'de.description',
      'de.value_type as valueType',
      'de.aggregation_type as aggregationType',
      'de.unit',
      'de.zero_is_significant as zeroIsSignificant',
      'de.disaggregation_id as disaggregationId',
      'd.code as disaggregationCode',
      'de.sector_id as sectorId',
      'g.code as sectorCode',
      'de.min_value as minValue',
      'de.max_value as maxValue',
      'de.soft_min as softMin',
      'de.soft_max as softMax',
      'de.max_length as maxLength',
      'de.seasonal',
      'de.created_at as createdAt',
      'de.updated_at as updatedAt',
    ])
    .$narrowType<{ valueType: ValueType; aggregationType: AggregationType }>();
}

/** A reference is a code, or "id:N". */
export function parseRef(ref: string | number): { id: number } | { code: string } {
  if (typeof ref === 'number') return { id: ref };
  return /^id:\d+$/.test(ref) ? { id: Number(ref.slice(3)) } : { code: ref };
}

export async function findDataElement(db: Db, ref: string | number): Promise<DataElementRow | null> {
  const key = parseRef(ref);
  const from = fromDataElements(db);
  const row = await selectDataElements('id' in key ? from.where('de.id', '=', key.id) : from.where('de.code', '=', key.code)).executeTakeFirst();
  return row ?? null;
}

export async function listDataElements(db: Db, f: { folded?: string; sectorCode?: string; valueType?: ValueType; limit: number; offset: number }): Promise<{ total: number; items: DataElementRow[] }> {
  let from = fromDataElements(db);
  if (f.folded) from = from.where('de.search_text', 'like', `%${f.folded}%`);
  if (f.sectorCode) from = from.where('g.code', '=', f.sectorCode);
  if (f.valueType) from = from.where('de.value_type', '=', f.valueType);
  const { n } = await from.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const items = await selectDataElements(from).orderBy('de.code').limit(f.limit).offset(f.offset).execute();
  return { total: Number(n), items };
}

/** Every data element, for in-memory validation of a batch of values. */
export async function listAllDataElements(db: Db): Promise<DataElementRow[]> {
  return selectDataElements(fromDataElements(db)).orderBy('de.id').execute();
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
  return (await db.kysely.selectFrom('data_element').select(['id', 'code']).where('uid', '=', uid).executeTakeFirst()) ?? null;
}

/** The columns a data element's fields are written to (its code and UID apart). */
function dataElementColumns(f: DataElementFields) {
  return {
    name_vi: f.nameVi,
    name_en: f.nameEn,
    short_name: f.shortName,
    description: f.description,
    value_type: f.valueType,
    aggregation_type: f.aggregationType,
    unit: f.unit,
    zero_is_significant: f.zeroIsSignificant,
    disaggregation_id: f.disaggregationId,
    sector_id: f.sectorId,
    min_value: f.minValue,
    max_value: f.maxValue,
    seasonal: f.seasonal,
    search_text: f.searchText,
    soft_min: f.softMin,
    soft_max: f.softMax,
    max_length: f.maxLength,
  };
}

export async function insertDataElement(db: Db, code: string, f: DataElementFields): Promise<number> {
  const { id } = await db.kysely
    .insertInto('data_element')
    .values({ code, ...dataElementColumns(f), uid: f.uid ?? sql<string>`dhis2_uid()` })
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

export async function updateDataElement(db: Db, id: number, f: DataElementFields): Promise<void> {
  await db.kysely
    .updateTable('data_element')
    .set({ ...dataElementColumns(f), ...(f.uid != null ? { uid: f.uid } : {}), updated_at: now() })
    .where('id', '=', id)
    .execute();
}

/** How many stored values of the element the given rules would refuse (checked before the rules change). */
export async function countValuesOutside(db: Db, dataElementId: number, r: { min: number | null; max: number | null; integer: boolean; maxLength: number | null }): Promise<number> {
  const { n } = await db.kysely
    .selectFrom('data_value')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('data_element_id', '=', dataElementId)
    .where((eb) => {
      const numeric = [];
      if (r.min !== null) numeric.push(eb('value', '<', r.min));
      if (r.max !== null) numeric.push(eb('value', '>', r.max));
      if (r.integer) numeric.push(eb('value', '<>', eb.fn<number>('trunc', ['value'])));
      const refused = [];
      if (numeric.length > 0) refused.push(eb.and([eb('value', 'is not', null), eb.or(numeric)]));
      if (r.maxLength !== null) refused.push(eb.and([eb('text_value', 'is not', null), eb(eb.fn<number>('length', ['text_value']), '>', r.maxLength)]));
      return refused.length > 0 ? eb.or(refused) : eb.val(false);
    })
    .executeTakeFirstOrThrow();
  return Number(n);
}

export async function hasValues(db: Db, dataElementId: number): Promise<boolean> {
  const row = await db.kysely
    .selectFrom('data_value')
    .select(sql<number>`1`.as('one'))
    .where('data_element_id', '=', dataElementId)
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

export async function findSectorId(db: Db, code: string): Promise<number | null> {
  const row = await db.kysely.selectFrom('org_unit_group').select('id').where('code', '=', code).executeTakeFirst();
  return row?.id ?? null;
}

const DISAGGREGATION_COLUMNS = ['id', 'code', 'name_vi as nameVi', 'name_en as nameEn'] as const;

export async function findDisaggregation(db: Db, ref: string | number): Promise<DisaggregationRow | null> {
  const key = parseRef(ref);
  const query = db.kysely.selectFrom('disaggregation').select(DISAGGREGATION_COLUMNS);
  const row = await ('id' in key ? query.where('id', '=', key.id) : query.where('code', '=', key.code)).executeTakeFirst();
  return row ?? null;
}

export async function listDisaggregations(db: Db): Promise<DisaggregationRow[]> {
  return db.kysely.selectFrom('disaggregation').select(DISAGGREGATION_COLUMNS).orderBy('code').execute();
}

/** Options of the given disaggregations, in their order. */
export async function listOptions(db: Db, disaggregationIds: number[]): Promise<(OptionRow & { disaggregationId: number })[]> {
  if (disaggregationIds.length === 0) return [];
  return db.kysely
    .selectFrom('disaggregation_option')
    .select(['id', 'disaggregation_id as disaggregationId', 'code', 'uid', 'name_vi as nameVi', 'name_en as nameEn', 'sort_order as sortOrder'])
    .where('disaggregation_id', '=', anyOf(disaggregationIds, 'int'))
    .orderBy('disaggregation_id')
    .orderBy('sort_order')
    .orderBy('id')
    .execute();
}

export async function insertDisaggregation(db: Db, d: { code: string; nameVi: string; nameEn: string | null }): Promise<number> {
  const { id } = await db.kysely.insertInto('disaggregation').values({ code: d.code, name_vi: d.nameVi, name_en: d.nameEn }).returning('id').executeTakeFirstOrThrow();
  return id;
}

export async function insertOptions(db: Db, disaggregationId: number, options: { code: string; nameVi: string; nameEn: string | null }[]) {
  if (options.length === 0) return;
  await db.kysely
    .insertInto('disaggregation_option')
    .values(options.map((o, i) => ({ disaggregation_id: disaggregationId, code: o.code, name_vi: o.nameVi, name_en: o.nameEn, sort_order: i })))
    .execute();
}
