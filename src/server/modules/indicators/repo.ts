import { sql } from 'kysely';
import type { Db } from '../../db/db.ts';
import { anyOf } from '../../db/kysely-sql.ts';

export interface IndicatorRow {
  id: number;
  code: string;
  nameVi: string;
  nameEn: string | null;
  shortName: string | null;
  description: string | null;
  sectorId: number | null;
  sectorCode: string | null;
  unit: string | null;
  decimals: number;
  /** Share of the expected reports a period needs before targets, alerts and the briefing judge it. */
  minCoverage: number;
  direction: 'HIGHER_IS_BETTER' | 'LOWER_IS_BETTER';
  numerator: string;
  denominator: string;
  factor: number;
  isPublic: boolean;
  createdAt: Date;
  updatedAt: Date;
}

const COLUMNS = [
  'i.id',
  'i.code',
  'i.name_vi as nameVi',
  'i.name_en as nameEn',
  'i.short_name as shortName',
  'i.description',
  'i.sector_id as sectorId',
  'g.code as sectorCode',
  'i.unit',
  'i.decimals',
  'i.min_coverage as minCoverage',
  'i.direction',
  'i.numerator',
  'i.denominator',
  'i.factor',
  'i.is_public as isPublic',
  'i.created_at as createdAt',
  'i.updated_at as updatedAt',
] as const;

function selectIndicators(db: Db) {
  return db.kysely.selectFrom('indicator as i').leftJoin('org_unit_group as g', 'g.id', 'i.sector_id').select(COLUMNS).$narrowType<{ direction: IndicatorRow['direction'] }>();
}

export async function findIndicator(db: Db, ref: string | number): Promise<IndicatorRow | null> {
  const byId = typeof ref === 'number' || /^(id:)?\d+$/.test(ref);
  const key = typeof ref === 'number' ? ref : byId ? Number(ref.replace('id:', '')) : ref;
  // An id beyond the integer column's range names no indicator (rather than failing in PostgreSQL).
  if (byId && !(Number.isSafeInteger(key) && (key as number) <= 2_147_483_647)) return null;
  const query = selectIndicators(db);
  const row = await (typeof key === 'number' ? query.where('i.id', '=', key) : query.where('i.code', '=', key)).executeTakeFirst();
  return row ?? null;
}

export async function findIndicatorsByCodes(db: Db, codes: readonly string[]): Promise<IndicatorRow[]> {
  if (codes.length === 0) return [];
  return selectIndicators(db).where('i.code', '=', anyOf(codes, 'text')).execute();
}

export async function findIndicatorsByIds(db: Db, ids: readonly number[]): Promise<IndicatorRow[]> {
  if (ids.length === 0) return [];
  return selectIndicators(db).where('i.id', '=', anyOf(ids, 'int')).execute();
}

export async function listIndicators(db: Db, filter: { sectorCode?: string; isPublic?: boolean; q?: string }): Promise<IndicatorRow[]> {
  let query = selectIndicators(db);
  if (filter.sectorCode) query = query.where('g.code', '=', filter.sectorCode);
  if (filter.isPublic !== undefined) query = query.where('i.is_public', '=', filter.isPublic);
  if (filter.q) {
    const like = `%${filter.q.toLowerCase()}%`;
    query = query.where((eb) =>
      eb.or([
        eb(eb.fn<string>('lower', ['i.code']), 'like', like),
        eb(eb.fn<string>('lower', ['i.name_vi']), 'like', like),
        eb(eb.fn<string>('lower', [eb.fn.coalesce('i.name_en', sql.lit(''))]), 'like', like),
      ]),
    );
  }
  return query.orderBy('i.code').execute();
}

export interface IndicatorValues {
  code: string;
  nameVi: string;
  nameEn: string | null;
  shortName: string | null;
  description: string | null;
  sectorId: number | null;
  unit: string | null;
  decimals: number;
  /** Share of the expected reports a period needs before targets, alerts and the briefing judge it. */
  minCoverage: number;
  direction: string;
  numerator: string;
  denominator: string;
  factor: number;
  isPublic: boolean;
}

function columnsOf(v: Omit<IndicatorValues, 'code'>) {
  return {
    name_vi: v.nameVi,
    name_en: v.nameEn,
    short_name: v.shortName,
    description: v.description,
    sector_id: v.sectorId,
    unit: v.unit,
    decimals: v.decimals,
    direction: v.direction,
    numerator: v.numerator,
    denominator: v.denominator,
    factor: v.factor,
    is_public: v.isPublic,
    min_coverage: v.minCoverage,
  };
}

export async function insertIndicator(db: Db, v: IndicatorValues): Promise<number> {
  const { id } = await db.kysely
    .insertInto('indicator')
    .values({ code: v.code, ...columnsOf(v) })
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

export async function updateIndicatorRow(db: Db, id: number, v: Omit<IndicatorValues, 'code'>): Promise<void> {
  await db.kysely
    .updateTable('indicator')
    .set((eb) => ({ ...columnsOf(v), updated_at: eb.fn<Date>('now') }))
    .where('id', '=', id)
    .execute();
}

export async function isIndicatorInUse(db: Db, id: number): Promise<boolean> {
  const { inUse } = await db.kysely
    .selectNoFrom((eb) =>
      eb.or([eb.exists(eb.selectFrom('target').select('id').where('indicator_id', '=', id)), eb.exists(eb.selectFrom('alert_rule').select('id').where('indicator_id', '=', id))]).as('inUse'),
    )
    .executeTakeFirstOrThrow();
  return inUse === true;
}

export async function deleteIndicatorRow(db: Db, id: number): Promise<void> {
  await db.kysely.deleteFrom('indicator').where('id', '=', id).execute();
}

export async function findSectorId(db: Db, code: string): Promise<number | null> {
  const row = await db.kysely.selectFrom('org_unit_group').select('id').where('code', '=', code).executeTakeFirst();
  return row?.id ?? null;
}

/** Data element codes → their option codes, for checking formula references. */
export async function loadElementOptionIndex(db: Db, codes: readonly string[]): Promise<Map<string, Set<string>>> {
  const index = new Map<string, Set<string>>();
  if (codes.length === 0) return index;
  const rows = await db.kysely
    .selectFrom('data_element as de')
    .leftJoin('disaggregation_option as o', 'o.disaggregation_id', 'de.disaggregation_id')
    .select(['de.code', 'o.code as option'])
    .where('de.code', '=', anyOf(codes, 'text'))
    .execute();
  for (const row of rows) {
    let options = index.get(row.code);
    if (!options) index.set(row.code, (options = new Set()));
    if (row.option) options.add(row.option);
  }
  return index;
}
