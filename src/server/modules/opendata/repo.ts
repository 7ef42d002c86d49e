import type { Db } from '../../db/db.ts';

export interface DatasetRow {
  id: number;
  code: string;
  titleVi: string;
  titleEn: string;
  descriptionVi: string;
  descriptionEn: string;
  keywords: string[];
  sectorId: number | null;
  sectorCode: string | null;
  sectorNameVi: string | null;
  sectorNameEn: string | null;
  publisherOrgUnitId: number;
  publisherCode: string;
  publisherNameVi: string;
  publisherNameEn: string | null;
  publisherPath: string;
  licence: string;
  periodType: 'MONTHLY' | 'QUARTERLY' | 'YEARLY';
  firstPeriod: string;
  levels: number[];
  dataStatus: 'APPROVED' | 'SUBMITTED';
  belowCoverage: 'WITHHOLD' | 'PROVISIONAL';
  createdAt: Date;
  updatedAt: Date;
}

const DATASET_COLUMNS = `d.id, d.code, d.title_vi AS "titleVi", d.title_en AS "titleEn", d.description_vi AS "descriptionVi",
  d.description_en AS "descriptionEn", d.keywords, d.sector_id AS "sectorId", g.code AS "sectorCode", g.name_vi AS "sectorNameVi",
  g.name_en AS "sectorNameEn", d.publisher_org_unit_id AS "publisherOrgUnitId", ou.code AS "publisherCode", ou.name_vi AS "publisherNameVi",
  ou.name_en AS "publisherNameEn", ou.path AS "publisherPath", d.licence, d.period_type AS "periodType", d.first_period AS "firstPeriod",
  d.levels, d.data_status AS "dataStatus", d.below_coverage AS "belowCoverage", d.created_at AS "createdAt", d.updated_at AS "updatedAt"`;
const DATASET_FROM = `FROM open_dataset d JOIN org_unit ou ON ou.id = d.publisher_org_unit_id LEFT JOIN org_unit_group g ON g.id = d.sector_id`;

export interface DatasetValues {
  titleVi: string;
  titleEn: string;
  descriptionVi: string;
  descriptionEn: string;
  keywords: string[];
  sectorId: number | null;
  publisherOrgUnitId: number;
  licence: string;
  periodType: string;
  firstPeriod: string;
  levels: number[];
  dataStatus: string;
  belowCoverage: string;
  searchText: string;
}

export async function findDataset(db: Db, code: string): Promise<DatasetRow | null> {
  const { rows } = await db.query<DatasetRow>(`SELECT ${DATASET_COLUMNS} ${DATASET_FROM} WHERE d.code = $1`, [code]);
  return rows[0] ?? null;
}

export async function findDatasetById(db: Db, id: number): Promise<DatasetRow | null> {
  const { rows } = await db.query<DatasetRow>(`SELECT ${DATASET_COLUMNS} ${DATASET_FROM} WHERE d.id = $1`, [id]);
  return rows[0] ?? null;
}

/** Datasets whose publisher lies in one of the subtrees ('ALL': every one). */
export async function listDatasets(db: Db, scope: 'ALL' | string[]): Promise<DatasetRow[]> {
  if (scope !== 'ALL' && scope.length === 0) return [];
  const params: unknown[] = [];
  let where = 'TRUE';
  if (scope !== 'ALL') {
    params.push(scope.map((p) => `${p}%`));
    where = `ou.path LIKE ANY ($1::text[])`;
  }
  const { rows } = await db.query<DatasetRow>(`SELECT ${DATASET_COLUMNS} ${DATASET_FROM} WHERE ${where} ORDER BY d.code`, params);
  return rows;
}

/** Datasets with at least one release published by `now`, optionally matching folded search words and a sector. */
export async function listPublishedDatasets(db: Db, now: Date, filter: { words: string[]; sector?: string }): Promise<(DatasetRow & { latestVersion: number; latestPublishedAt: Date })[]> {
  const params: unknown[] = [now];
  const conditions: string[] = [];
  for (const word of filter.words) {
    params.push(`%${word}%`);
    conditions.push(`d.search_text LIKE $${params.length}`);
  }
  if (filter.sector) {
    params.push(filter.sector);
    conditions.push(`g.code = $${params.length}`);
  }
  const { rows } = await db.query<DatasetRow & { latestVersion: number; latestPublishedAt: Date }>(
    `SELECT ${DATASET_COLUMNS}, r.version AS "latestVersion", r.published_at AS "latestPublishedAt" ${DATASET_FROM}
     JOIN LATERAL (SELECT version, published_at FROM open_release r
                    WHERE r.dataset_id = d.id AND ${PUBLISHED('r', '$1')}
                    ORDER BY version DESC LIMIT 1) r ON TRUE
     ${conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : ''}
     ORDER BY d.code`,
    params,
  );
  return rows;
}

/** The one condition under which a release is public: published, and its embargo over. */
const PUBLISHED = (alias: string, now: string) => `${alias}.status = 'PUBLISHED' AND ${alias}.release_at <= ${now} AND ${alias}.published_at <= ${now}`;

export async function insertDataset(db: Db, code: string, v: DatasetValues): Promise<number> {
  const { rows } = await db.query<{ id: number }>(
    `INSERT INTO open_dataset (code, title_vi, title_en, description_vi, description_en, keywords, sector_id, publisher_org_unit_id, licence,
       period_type, first_period, levels, data_status, below_coverage, search_text)
     VALUES ($1,$2,$3,$4,$5,$6::text[],$7,$8,$9,$10,$11,$12::int[],$13,$14,$15) RETURNING id`,
    [
      code,
      v.titleVi,
      v.titleEn,
      v.descriptionVi,
      v.descriptionEn,
      v.keywords,
      v.sectorId,
      v.publisherOrgUnitId,
      v.licence,
      v.periodType,
      v.firstPeriod,
      v.levels,
      v.dataStatus,
      v.belowCoverage,
      v.searchText,
    ],
  );
  return rows[0].id;
}

export async function updateDataset(db: Db, id: number, v: DatasetValues): Promise<void> {
  await db.query(
    `UPDATE open_dataset SET title_vi = $2, title_en = $3, description_vi = $4, description_en = $5, keywords = $6::text[], sector_id = $7,
       publisher_org_unit_id = $8, licence = $9, period_type = $10, first_period = $11, levels = $12::int[], data_status = $13,
       below_coverage = $14, search_text = $15, updated_at = now()
     WHERE id = $1`,
    [
      id,
      v.titleVi,
      v.titleEn,
      v.descriptionVi,
      v.descriptionEn,
      v.keywords,
      v.sectorId,
      v.publisherOrgUnitId,
      v.licence,
      v.periodType,
      v.firstPeriod,
      v.levels,
      v.dataStatus,
      v.belowCoverage,
      v.searchText,
    ],
  );
}

export interface ItemRow {
  position: number;
  kind: 'INDICATOR' | 'DATA_ELEMENT';
  code: string;
  nameVi: string;
  nameEn: string | null;
  unit: string | null;
  decimals: number;
  /** The indicator's coverage threshold; a data element needs every expected report. */
  minCoverage: number;
}

export async function listItems(db: Db, datasetId: number): Promise<ItemRow[]> {
  const { rows } = await db.query<ItemRow>(
    `SELECT it.position,
            CASE WHEN it.indicator_id IS NOT NULL THEN 'INDICATOR' ELSE 'DATA_ELEMENT' END AS kind,
            COALESCE(i.code, de.code) AS code, COALESCE(i.name_vi, de.name_vi) AS "nameVi", COALESCE(i.name_en, de.name_en) AS "nameEn",
            i.unit, COALESCE(i.decimals, 2) AS decimals, COALESCE(i.min_coverage, 1) AS "minCoverage"
       FROM open_dataset_item it
       LEFT JOIN indicator i ON i.id = it.indicator_id
       LEFT JOIN data_element de ON de.id = it.data_element_id
      WHERE it.dataset_id = $1 ORDER BY it.position`,
    [datasetId],
  );
  return rows;
}

export async function replaceItems(db: Db, datasetId: number, items: readonly { indicatorId: number | null; dataElementId: number | null }[]): Promise<void> {
  await db.query('DELETE FROM open_dataset_item WHERE dataset_id = $1', [datasetId]);
  for (const [position, item] of items.entries()) {
    await db.query('INSERT INTO open_dataset_item (dataset_id, position, indicator_id, data_element_id) VALUES ($1,$2,$3,$4)', [datasetId, position, item.indicatorId, item.dataElementId]);
  }
}

export async function findItemRefs(db: Db, codes: readonly string[]): Promise<{ code: string; indicatorId: number | null; dataElementId: number | null; valueType: string | null }[]> {
  const { rows } = await db.query<{ code: string; indicatorId: number | null; dataElementId: number | null; valueType: string | null }>(
    `SELECT code, id AS "indicatorId", NULL::int AS "dataElementId", NULL::text AS "valueType" FROM indicator WHERE code = ANY($1::text[])
     UNION ALL
     SELECT code, NULL::int, id, value_type FROM data_element WHERE code = ANY($1::text[])`,
    [codes],
  );
  return rows;
}

export interface ReleaseRow {
  id: number;
  datasetId: number;
  releaseAt: Date;
  lastPeriod: string;
  status: 'SCHEDULED' | 'FROZEN' | 'PUBLISHED' | 'CANCELLED';
  noteVi: string | null;
  noteEn: string | null;
  version: number | null;
  frozenAt: Date | null;
  frozenBy: string | null;
  publishedAt: Date | null;
  revisedCount: number;
  createdBy: string | null;
}

const RELEASE_COLUMNS = `r.id, r.dataset_id AS "datasetId", r.release_at AS "releaseAt", r.last_period AS "lastPeriod", r.status, r.note_vi AS "noteVi",
  r.note_en AS "noteEn", r.version, r.frozen_at AS "frozenAt", r.frozen_by AS "frozenBy", r.published_at AS "publishedAt",
  r.revised_count AS "revisedCount", r.created_by AS "createdBy"`;

/** Deletes a dataset with its items and releases (their frozen figures and target snapshots go with them). */
export async function deleteDataset(db: Db, id: number): Promise<void> {
  await db.query('DELETE FROM open_release WHERE dataset_id = $1', [id]);
  await db.query('DELETE FROM open_dataset WHERE id = $1', [id]);
}

export async function listReleases(db: Db, datasetId: number): Promise<ReleaseRow[]> {
  const { rows } = await db.query<ReleaseRow>(`SELECT ${RELEASE_COLUMNS} FROM open_release r WHERE r.dataset_id = $1 ORDER BY r.release_at, r.id`, [datasetId]);
  return rows;
}

/** The public calendar: published releases (embargo over) and those announced (no figures, no notes before their time). */
export async function listPublicCalendar(db: Db, datasetIds: readonly number[], now: Date): Promise<(ReleaseRow & { isPublished: boolean })[]> {
  if (datasetIds.length === 0) return [];
  const { rows } = await db.query<ReleaseRow & { isPublished: boolean }>(
    `SELECT ${RELEASE_COLUMNS}, (${PUBLISHED('r', '$2')}) AS "isPublished"
       FROM open_release r
      WHERE r.dataset_id = ANY($1::int[]) AND r.status <> 'CANCELLED'
      ORDER BY r.release_at, r.id`,
    [datasetIds, now],
  );
  return rows;
}

export async function findRelease(db: Db, id: number): Promise<ReleaseRow | null> {
  const { rows } = await db.query<ReleaseRow>(`SELECT ${RELEASE_COLUMNS} FROM open_release r WHERE r.id = $1`, [id]);
  return rows[0] ?? null;
}

/** A published release of the dataset, public at `now`: the given version, or the latest. */
export async function findPublicRelease(db: Db, datasetId: number, now: Date, version?: number): Promise<ReleaseRow | null> {
  const params: unknown[] = [datasetId, now];
  if (version !== undefined) params.push(version);
  const { rows } = await db.query<ReleaseRow>(
    `SELECT ${RELEASE_COLUMNS} FROM open_release r
      WHERE r.dataset_id = $1 AND ${PUBLISHED('r', '$2')} ${version !== undefined ? 'AND r.version = $3' : ''}
      ORDER BY r.version DESC LIMIT 1`,
    params,
  );
  return rows[0] ?? null;
}

export async function insertRelease(db: Db, v: { datasetId: number; releaseAt: Date; lastPeriod: string; noteVi: string | null; noteEn: string | null; createdBy: string | null }): Promise<number> {
  const { rows } = await db.query<{ id: number }>(`INSERT INTO open_release (dataset_id, release_at, last_period, note_vi, note_en, created_by) VALUES ($1,$2,$3,$4,$5,$6) RETURNING id`, [
    v.datasetId,
    v.releaseAt,
    v.lastPeriod,
    v.noteVi,
    v.noteEn,
    v.createdBy,
  ]);
  return rows[0].id;
}

export async function setReleaseStatus(db: Db, id: number, status: 'SCHEDULED' | 'FROZEN' | 'CANCELLED', frozenBy?: string | null): Promise<void> {
  if (status === 'FROZEN') await db.query(`UPDATE open_release SET status = 'FROZEN', frozen_at = now(), frozen_by = $2, updated_at = now() WHERE id = $1`, [id, frozenBy ?? null]);
  else await db.query(`UPDATE open_release SET status = $2, updated_at = now() WHERE id = $1`, [id, status]);
}

export interface ObservationValues {
  dx: string;
  orgUnitId: number;
  period: string;
  value: number | null;
  obsStatus: 'A' | 'P' | 'M';
  coverageReported: number | null;
  coverageExpected: number | null;
}

export async function replaceObservations(db: Db, releaseId: number, rows: readonly ObservationValues[]): Promise<void> {
  await db.query('DELETE FROM open_observation WHERE release_id = $1', [releaseId]);
  const CHUNK = 2000;
  for (let i = 0; i < rows.length; i += CHUNK) {
    const part = rows.slice(i, i + CHUNK);
    await db.query(
      `INSERT INTO open_observation (release_id, dx, org_unit_id, period, value, obs_status, coverage_reported, coverage_expected)
       SELECT $1, * FROM unnest($2::text[], $3::int[], $4::text[], $5::float8[], $6::text[], $7::int[], $8::int[])`,
      [
        releaseId,
        part.map((r) => r.dx),
        part.map((r) => r.orgUnitId),
        part.map((r) => r.period),
        part.map((r) => r.value),
        part.map((r) => r.obsStatus),
        part.map((r) => r.coverageReported),
        part.map((r) => r.coverageExpected),
      ],
    );
  }
}

/** Frozen releases whose time has come, oldest first, locked for this transaction. */
export async function claimDueReleases(db: Db, now: Date): Promise<ReleaseRow[]> {
  const { rows } = await db.query<ReleaseRow>(`SELECT ${RELEASE_COLUMNS} FROM open_release r WHERE r.status = 'FROZEN' AND r.release_at <= $1 ORDER BY r.release_at, r.id FOR UPDATE SKIP LOCKED`, [
    now,
  ]);
  return rows;
}

/**
 * Publishes one frozen release as the dataset's next version: each figure that differs from the previous version is
 * marked revised with the earlier figure kept beside it (the earlier version itself stays readable).
 */
export async function publishRelease(db: Db, release: ReleaseRow, now: Date): Promise<{ version: number; revised: number }> {
  await db.query('SELECT id FROM open_dataset WHERE id = $1 FOR UPDATE', [release.datasetId]);
  const { rows: prev } = await db.query<{ id: number; version: number }>(`SELECT id, version FROM open_release WHERE dataset_id = $1 AND status = 'PUBLISHED' ORDER BY version DESC LIMIT 1`, [
    release.datasetId,
  ]);
  const version = (prev[0]?.version ?? 0) + 1;
  let revised = 0;
  if (prev[0]) {
    const res = await db.query(
      `UPDATE open_observation o SET is_revised = true, previous_value = p.value
         FROM open_observation p
        WHERE o.release_id = $1 AND p.release_id = $2 AND p.dx = o.dx AND p.org_unit_id = o.org_unit_id AND p.period = o.period
          AND p.obs_status <> 'M' AND (o.value IS DISTINCT FROM p.value)`,
      [release.id, prev[0].id],
    );
    revised = res.rowCount ?? 0;
  }
  await db.query(`UPDATE open_release SET status = 'PUBLISHED', version = $2, published_at = $3, revised_count = $4, updated_at = now() WHERE id = $1`, [release.id, version, now, revised]);
  return { version, revised };
}

export interface PublicObservationRow {
  dx: string;
  orgUnitId: number;
  orgUnitCode: string;
  orgUnitNameVi: string;
  orgUnitNameEn: string | null;
  orgUnitLevel: number;
  openingDate: string | null;
  closingDate: string | null;
  period: string;
  value: number | null;
  obsStatus: 'A' | 'P' | 'M';
  coverageReported: number | null;
  coverageExpected: number | null;
  isRevised: boolean;
  previousValue: number | null;
}

export async function listObservations(db: Db, releaseId: number): Promise<PublicObservationRow[]> {
  const { rows } = await db.query<PublicObservationRow>(
    `SELECT o.dx, o.org_unit_id AS "orgUnitId", ou.code AS "orgUnitCode", ou.name_vi AS "orgUnitNameVi", ou.name_en AS "orgUnitNameEn",
            ou.level AS "orgUnitLevel", ou.opening_date AS "openingDate", ou.closing_date AS "closingDate", o.period, o.value,
            o.obs_status AS "obsStatus", o.coverage_reported AS "coverageReported", o.coverage_expected AS "coverageExpected",
            o.is_revised AS "isRevised", o.previous_value AS "previousValue"
       FROM open_observation o JOIN org_unit ou ON ou.id = o.org_unit_id
      WHERE o.release_id = $1
      ORDER BY o.dx, ou.level, ou.sort_key, ou.code, o.period`,
    [releaseId],
  );
  return rows;
}

/** Units at the public levels that existed at some time within [from, to] (a merged province before its merger, its successor after). */
export async function listUnitsAtLevels(
  db: Db,
  levels: readonly number[],
  from: string,
  to: string,
): Promise<{ id: number; code: string; level: number; openingDate: string | null; closingDate: string | null }[]> {
  const { rows } = await db.query<{ id: number; code: string; level: number; openingDate: string | null; closingDate: string | null }>(
    `SELECT id, code, level, opening_date AS "openingDate", closing_date AS "closingDate" FROM org_unit
      WHERE level = ANY($1::int[]) AND (opening_date IS NULL OR opening_date <= $3::date) AND (closing_date IS NULL OR closing_date >= $2::date)
      ORDER BY level, sort_key, code`,
    [levels, from, to],
  );
  return rows;
}

export async function listLineageAmong(db: Db, unitIds: readonly number[]): Promise<{ predecessorCode: string; successorCode: string; kind: string; effectiveDate: string }[]> {
  if (unitIds.length === 0) return [];
  const { rows } = await db.query<{ predecessorCode: string; successorCode: string; kind: string; effectiveDate: string }>(
    `SELECT p.code AS "predecessorCode", s.code AS "successorCode", l.kind, l.effective_date AS "effectiveDate"
       FROM org_unit_lineage l JOIN org_unit p ON p.id = l.predecessor_id JOIN org_unit s ON s.id = l.successor_id
      WHERE l.predecessor_id = ANY($1::int[]) AND l.successor_id = ANY($1::int[])
      ORDER BY l.effective_date, p.code`,
    [unitIds],
  );
  return rows;
}

export async function findSector(db: Db, code: string): Promise<number | null> {
  const { rows } = await db.query<{ id: number }>(`SELECT id FROM org_unit_group WHERE code = $1`, [code]);
  return rows[0]?.id ?? null;
}

/** The moment the public answers last changed: the newest publication. */
export async function lastPublication(db: Db, now: Date): Promise<Date | null> {
  const { rows } = await db.query<{ at: Date | null }>(`SELECT max(published_at) AS at FROM open_release r WHERE ${PUBLISHED('r', '$1')}`, [now]);
  return rows[0]?.at ?? null;
}

/** The next announced release time after `now` (a release not yet published), or null. */
export async function nextReleaseTime(db: Db, now: Date): Promise<Date | null> {
  const { rows } = await db.query<{ at: Date | null }>(`SELECT min(release_at) AS at FROM open_release WHERE status IN ('SCHEDULED', 'FROZEN') AND release_at > $1`, [now]);
  return rows[0]?.at ?? null;
}

/** The indicators of a dataset (its data elements have no targets). */
export async function listItemIndicatorIds(db: Db, datasetId: number): Promise<number[]> {
  const { rows } = await db.query<{ id: number }>('SELECT indicator_id AS id FROM open_dataset_item WHERE dataset_id = $1 AND indicator_id IS NOT NULL', [datasetId]);
  return rows.map((r) => r.id);
}

export async function replaceTargetSnapshots(db: Db, releaseId: number, rows: readonly { targetId: number; snapshot: object }[]): Promise<void> {
  await db.query('DELETE FROM open_target_snapshot WHERE release_id = $1', [releaseId]);
  if (rows.length === 0) return;
  await db.query(`INSERT INTO open_target_snapshot (release_id, target_id, snapshot) SELECT $1, * FROM unnest($2::int[], $3::jsonb[])`, [
    releaseId,
    rows.map((r) => r.targetId),
    rows.map((r) => JSON.stringify(r.snapshot)),
  ]);
}

export interface PublicTargetRow {
  targetId: number;
  snapshot: Record<string, unknown>;
  datasetCode: string;
  version: number;
  publishedAt: Date;
  lastPeriod: string;
}

/**
 * Each target as the latest public release of a dataset left it (a target on indicators of two datasets: the
 * more recent release). Only what PUBLISHED allows, like every public figure.
 */
export async function listPublicTargetSnapshots(db: Db, now: Date): Promise<PublicTargetRow[]> {
  const { rows } = await db.query<PublicTargetRow>(
    `SELECT DISTINCT ON (s.target_id) s.target_id AS "targetId", s.snapshot, d.code AS "datasetCode", r.version,
            r.published_at AS "publishedAt", r.last_period AS "lastPeriod"
       FROM open_target_snapshot s
       JOIN open_release r ON r.id = s.release_id
       JOIN open_dataset d ON d.id = r.dataset_id
      WHERE ${PUBLISHED('r', '$1')}
        AND r.version = (SELECT max(r2.version) FROM open_release r2 WHERE r2.dataset_id = r.dataset_id AND ${PUBLISHED('r2', '$1')})
      ORDER BY s.target_id, r.release_at DESC`,
    [now],
  );
  return rows;
}
