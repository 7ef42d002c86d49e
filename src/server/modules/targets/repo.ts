import type { Db } from '../../db/db.ts';

export interface TargetRow {
  id: number;
  indicatorId: number;
  indicatorCode: string;
  indicatorNameVi: string;
  indicatorNameEn: string | null;
  indicatorUnit: string | null;
  indicatorDecimals: number;
  /** Share of the expected units a period needs before it is judged (the indicator's setting). */
  minCoverage: number;
  direction: 'HIGHER_IS_BETTER' | 'LOWER_IS_BETTER';
  orgUnitId: number;
  orgUnitCode: string;
  orgUnitName: string;
  orgUnitPath: string;
  targetPeriod: string;
  baselineValue: number | null;
  baselinePeriod: string | null;
  targetValue: number;
  milestones: { period: string; value: number }[];
  sourceDocument: string | null;
  ownerOrgUnitId: number | null;
  ownerOrgUnitCode: string | null;
  ownerOrgUnitName: string | null;
  note: string | null;
  createdAt: string;
  updatedAt: string;
}

const SELECT = `SELECT t.id, t.indicator_id AS "indicatorId", i.code AS "indicatorCode", i.name_vi AS "indicatorNameVi", i.name_en AS "indicatorNameEn",
    i.unit AS "indicatorUnit", i.decimals AS "indicatorDecimals", i.min_coverage AS "minCoverage", i.direction, t.org_unit_id AS "orgUnitId", ou.code AS "orgUnitCode",
    ou.name_vi AS "orgUnitName", ou.path AS "orgUnitPath", t.target_period AS "targetPeriod", t.baseline_value AS "baselineValue",
    t.baseline_period AS "baselinePeriod", t.target_value AS "targetValue", t.milestones, t.source_document AS "sourceDocument",
    t.owner_org_unit_id AS "ownerOrgUnitId", ow.code AS "ownerOrgUnitCode", ow.name_vi AS "ownerOrgUnitName", t.note,
    t.created_at AS "createdAt", t.updated_at AS "updatedAt"
  FROM target t JOIN indicator i ON i.id = t.indicator_id JOIN org_unit ou ON ou.id = t.org_unit_id
  LEFT JOIN org_unit ow ON ow.id = t.owner_org_unit_id`;

export async function findTarget(db: Db, id: number): Promise<TargetRow | null> {
  const { rows } = await db.query<TargetRow>(`${SELECT} WHERE t.id = $1`, [id]);
  return rows[0] ?? null;
}

/** The targets of these ids (unknown ids are absent), in one query. */
export async function findTargets(db: Db, ids: readonly number[]): Promise<TargetRow[]> {
  if (ids.length === 0) return [];
  const { rows } = await db.query<TargetRow>(`${SELECT} WHERE t.id = ANY($1::int[])`, [ids]);
  return rows;
}

export async function listTargets(db: Db, filter: { pathPrefixes: 'ALL' | string[]; subtreePath?: string; indicatorCode?: string }): Promise<TargetRow[]> {
  const params: unknown[] = [];
  const where: string[] = [];
  if (filter.pathPrefixes !== 'ALL') {
    params.push(filter.pathPrefixes.map((p) => `${p}%`));
    where.push(`ou.path LIKE ANY ($${params.length}::text[])`);
  }
  if (filter.subtreePath) {
    params.push(`${filter.subtreePath}%`);
    where.push(`ou.path LIKE $${params.length}`);
  }
  if (filter.indicatorCode) {
    params.push(filter.indicatorCode);
    where.push(`i.code = $${params.length}`);
  }
  const { rows } = await db.query<TargetRow>(`${SELECT} ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY t.target_period, i.code, ou.code`, params);
  return rows;
}

/** Targets on any of the indicators, set for units at any of the levels (what a release of open data covers). */
export async function listTargetsFor(db: Db, indicatorIds: readonly number[], levels: readonly number[]): Promise<TargetRow[]> {
  if (indicatorIds.length === 0 || levels.length === 0) return [];
  const { rows } = await db.query<TargetRow>(`${SELECT} WHERE t.indicator_id = ANY($1::int[]) AND ou.level = ANY($2::int[]) ORDER BY t.target_period, i.code, ou.code`, [indicatorIds, levels]);
  return rows;
}

export interface TargetValues {
  indicatorId: number;
  orgUnitId: number;
  targetPeriod: string;
  baselineValue: number | null;
  baselinePeriod: string | null;
  targetValue: number;
  milestones: { period: string; value: number }[];
  sourceDocument: string | null;
  ownerOrgUnitId: number | null;
  note: string | null;
}

export async function insertTarget(db: Db, v: TargetValues): Promise<number> {
  const { rows } = await db.query<{ id: number }>(
    `INSERT INTO target (indicator_id, org_unit_id, target_period, baseline_value, baseline_period, target_value, milestones, source_document, owner_org_unit_id, note)
     VALUES ($1,$2,$3,$4,$5,$6,$7::jsonb,$8,$9,$10) RETURNING id`,
    [v.indicatorId, v.orgUnitId, v.targetPeriod, v.baselineValue, v.baselinePeriod, v.targetValue, JSON.stringify(v.milestones), v.sourceDocument, v.ownerOrgUnitId, v.note],
  );
  return rows[0].id;
}

export async function updateTargetRow(db: Db, id: number, v: Omit<TargetValues, 'indicatorId' | 'orgUnitId' | 'targetPeriod'>): Promise<void> {
  await db.query(
    `UPDATE target SET baseline_value=$2, baseline_period=$3, target_value=$4, milestones=$5::jsonb, source_document=$6, owner_org_unit_id=$7, note=$8, updated_at=now()
      WHERE id=$1`,
    [id, v.baselineValue, v.baselinePeriod, v.targetValue, JSON.stringify(v.milestones), v.sourceDocument, v.ownerOrgUnitId, v.note],
  );
}

export async function findTargetByKey(db: Db, indicatorId: number, orgUnitId: number, targetPeriod: string): Promise<number | null> {
  const { rows } = await db.query<{ id: number }>(`SELECT id FROM target WHERE indicator_id=$1 AND org_unit_id=$2 AND target_period=$3`, [indicatorId, orgUnitId, targetPeriod]);
  return rows[0]?.id ?? null;
}

/** The counter every change a judged figure depends on moves forward (migration 0045). */
export async function currentFigureVersion(db: Db): Promise<number> {
  const { rows } = await db.query<{ version: number }>('SELECT version FROM figure_version');
  return rows[0]?.version ?? 0;
}

export interface StoredEvaluation {
  targetId: number;
  evaluatedFor: string;
  figureVersion: number;
  evaluation: unknown;
}

export async function findEvaluations(db: Db, targetIds: readonly number[]): Promise<StoredEvaluation[]> {
  if (targetIds.length === 0) return [];
  const { rows } = await db.query<StoredEvaluation>(
    `SELECT target_id AS "targetId", evaluated_for AS "evaluatedFor", figure_version AS "figureVersion", evaluation
       FROM target_evaluation WHERE target_id = ANY($1::int[])`,
    [targetIds],
  );
  return rows;
}

/** Keeps an evaluation unless a newer one (a later day or figure version) is already stored. */
export async function storeEvaluation(db: Db, targetId: number, evaluatedFor: string, figureVersion: number, evaluation: unknown): Promise<void> {
  await db.query(
    `INSERT INTO target_evaluation AS te (target_id, evaluated_for, figure_version, evaluation, evaluated_at)
     SELECT $1, $2::date, $3, $4::jsonb, now() WHERE EXISTS (SELECT 1 FROM target WHERE id = $1)
     ON CONFLICT (target_id) DO UPDATE SET evaluated_for = EXCLUDED.evaluated_for, figure_version = EXCLUDED.figure_version,
       evaluation = EXCLUDED.evaluation, evaluated_at = EXCLUDED.evaluated_at
     WHERE (te.evaluated_for, te.figure_version) <= (EXCLUDED.evaluated_for, EXCLUDED.figure_version)`,
    [targetId, evaluatedFor, figureVersion, JSON.stringify(evaluation)],
  );
}
