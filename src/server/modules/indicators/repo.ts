import type { Db } from '../../db/db.ts';

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
  createdAt: string;
  updatedAt: string;
}

const COLUMNS = `i.id, i.code, i.name_vi AS "nameVi", i.name_en AS "nameEn", i.short_name AS "shortName", i.description,
  i.sector_id AS "sectorId", g.code AS "sectorCode", i.unit, i.decimals, i.min_coverage AS "minCoverage", i.direction, i.numerator, i.denominator, i.factor,
  i.is_public AS "isPublic", i.created_at AS "createdAt", i.updated_at AS "updatedAt"`;
const FROM = 'FROM indicator i LEFT JOIN org_unit_group g ON g.id = i.sector_id';

export async function findIndicator(db: Db, ref: string | number): Promise<IndicatorRow | null> {
  const byId = typeof ref === 'number' || /^(id:)?\d+$/.test(ref);
  const key = typeof ref === 'number' ? ref : byId ? Number(ref.replace('id:', '')) : ref;
  // An id beyond the integer column's range names no indicator (rather than failing in PostgreSQL).
  if (byId && !(Number.isSafeInteger(key) && (key as number) <= 2_147_483_647)) return null;
  const { rows } = await db.query<IndicatorRow>(`SELECT ${COLUMNS} ${FROM} WHERE ${byId ? 'i.id = $1' : 'i.code = $1'}`, [key]);
  return rows[0] ?? null;
}

export async function findIndicatorsByCodes(db: Db, codes: readonly string[]): Promise<IndicatorRow[]> {
  if (codes.length === 0) return [];
  const { rows } = await db.query<IndicatorRow>(`SELECT ${COLUMNS} ${FROM} WHERE i.code = ANY($1::text[])`, [codes]);
  return rows;
}

export async function findIndicatorsByIds(db: Db, ids: readonly number[]): Promise<IndicatorRow[]> {
  if (ids.length === 0) return [];
  const { rows } = await db.query<IndicatorRow>(`SELECT ${COLUMNS} ${FROM} WHERE i.id = ANY($1::int[])`, [ids]);
  return rows;
}

export async function listIndicators(db: Db, filter: { sectorCode?: string; isPublic?: boolean; q?: string }): Promise<IndicatorRow[]> {
  const params: unknown[] = [];
  const where: string[] = [];
  if (filter.sectorCode) {
    params.push(filter.sectorCode);
    where.push(`g.code = $${params.length}`);
  }
  if (filter.isPublic !== undefined) {
    params.push(filter.isPublic);
    where.push(`i.is_public = $${params.length}`);
  }
  if (filter.q) {
    params.push(`%${filter.q.toLowerCase()}%`);
    where.push(`(lower(i.code) LIKE $${params.length} OR lower(i.name_vi) LIKE $${params.length} OR lower(coalesce(i.name_en, '')) LIKE $${params.length})`);
  }
  const { rows } = await db.query<IndicatorRow>(`SELECT ${COLUMNS} ${FROM} ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY i.code`, params);
  return rows;
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

export async function insertIndicator(db: Db, v: IndicatorValues): Promise<number> {
  const { rows } = await db.query<{ id: number }>(
    `INSERT INTO indicator (code, name_vi, name_en, short_name, description, sector_id, unit, decimals, direction, numerator, denominator, factor, is_public, min_coverage)
     VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14) RETURNING id`,
    [v.code, v.nameVi, v.nameEn, v.shortName, v.description, v.sectorId, v.unit, v.decimals, v.direction, v.numerator, v.denominator, v.factor, v.isPublic, v.minCoverage],
  );
  return rows[0].id;
}

export async function updateIndicatorRow(db: Db, id: number, v: Omit<IndicatorValues, 'code'>): Promise<void> {
  await db.query(
    `UPDATE indicator SET name_vi=$2, name_en=$3, short_name=$4, description=$5, sector_id=$6, unit=$7, decimals=$8, direction=$9,
       numerator=$10, denominator=$11, factor=$12, is_public=$13, min_coverage=$14, updated_at=now() WHERE id=$1`,
    [id, v.nameVi, v.nameEn, v.shortName, v.description, v.sectorId, v.unit, v.decimals, v.direction, v.numerator, v.denominator, v.factor, v.isPublic, v.minCoverage],
  );
}

export async function isIndicatorInUse(db: Db, id: number): Promise<boolean> {
  const { rows } = await db.query<{ n: number }>(`SELECT (SELECT count(*) FROM target WHERE indicator_id = $1) + (SELECT count(*) FROM alert_rule WHERE indicator_id = $1) AS n`, [id]);
  return rows[0].n > 0;
}

export async function deleteIndicatorRow(db: Db, id: number): Promise<void> {
  await db.query('DELETE FROM indicator WHERE id = $1', [id]);
}

export async function findSectorId(db: Db, code: string): Promise<number | null> {
  const { rows } = await db.query<{ id: number }>(`SELECT id FROM org_unit_group WHERE code = $1`, [code]);
  return rows[0]?.id ?? null;
}

/** Data element codes → their option codes, for checking formula references. */
export async function loadElementOptionIndex(db: Db, codes: readonly string[]): Promise<Map<string, Set<string>>> {
  const index = new Map<string, Set<string>>();
  if (codes.length === 0) return index;
  const { rows } = await db.query<{ code: string; option: string | null }>(
    `SELECT de.code, o.code AS option FROM data_element de
       LEFT JOIN disaggregation_option o ON o.disaggregation_id = de.disaggregation_id
      WHERE de.code = ANY($1::text[])`,
    [codes],
  );
  for (const row of rows) {
    let options = index.get(row.code);
    if (!options) index.set(row.code, (options = new Set()));
    if (row.option) options.add(row.option);
  }
  return index;
}
