import type { Db } from '../../db/db.ts';
import { anyOf } from '../../db/kysely-sql.ts';

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
  createdAt: Date;
  updatedAt: Date;
}

function selectTargets(db: Db) {
  return db.kysely
    .selectFrom('target as t')
    .innerJoin('indicator as i', 'i.id', 't.indicator_id')
    .innerJoin('org_unit as ou', 'ou.id', 't.org_unit_id')
    .leftJoin('org_unit as ow', 'ow.id', 't.owner_org_unit_id')
    .select([
      't.id',
      't.indicator_id as indicatorId',
      'i.code as indicatorCode',
      'i.name_vi as indicatorNameVi',
      'i.name_en as indicatorNameEn',
      'i.unit as indicatorUnit',
      'i.decimals as indicatorDecimals',
      'i.min_coverage as minCoverage',
      'i.direction',
      't.org_unit_id as orgUnitId',
      'ou.code as orgUnitCode',
      'ou.name_vi as orgUnitName',
      'ou.path as orgUnitPath',
      't.target_period as targetPeriod',
      't.baseline_value as baselineValue',
      't.baseline_period as baselinePeriod',
      't.target_value as targetValue',
      't.milestones',
      't.source_document as sourceDocument',
      't.owner_org_unit_id as ownerOrgUnitId',
      'ow.code as ownerOrgUnitCode',
      'ow.name_vi as ownerOrgUnitName',
      't.note',
      't.created_at as createdAt',
      't.updated_at as updatedAt',
    ])
    .$narrowType<{ direction: TargetRow['direction']; milestones: { period: string; value: number }[] }>();
}

export async function findTarget(db: Db, id: number): Promise<TargetRow | null> {
  return (await selectTargets(db).where('t.id', '=', id).executeTakeFirst()) ?? null;
}

/** The targets of these ids (unknown ids are absent), in one query. */
export async function findTargets(db: Db, ids: readonly number[]): Promise<TargetRow[]> {
  if (ids.length === 0) return [];
  return selectTargets(db).where('t.id', '=', anyOf(ids, 'int')).execute();
}

const inTargetOrder = <Q extends ReturnType<typeof selectTargets>>(query: Q) => query.orderBy('t.target_period').orderBy('i.code').orderBy('ou.code');

export async function listTargets(db: Db, filter: { pathPrefixes: 'ALL' | string[]; subtreePath?: string; indicatorCode?: string }): Promise<TargetRow[]> {
  let query = selectTargets(db);
  if (filter.pathPrefixes !== 'ALL')
    query = query.where(
      'ou.path',
      'like',
      anyOf(
        filter.pathPrefixes.map((p) => `${p}%`),
        'text',
      ),
    );
  if (filter.subtreePath) query = query.where('ou.path', 'like', `${filter.subtreePath}%`);
  if (filter.indicatorCode) query = query.where('i.code', '=', filter.indicatorCode);
  return inTargetOrder(query).execute();
}

/** Targets on any of the indicators, set for units at any of the levels (what a release of open data covers). */
export async function listTargetsFor(db: Db, indicatorIds: readonly number[], levels: readonly number[]): Promise<TargetRow[]> {
  if (indicatorIds.length === 0 || levels.length === 0) return [];
  return inTargetOrder(selectTargets(db).where('t.indicator_id', '=', anyOf(indicatorIds, 'int')).where('ou.level', '=', anyOf(levels, 'int'))).execute();
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
  const { id } = await db.kysely
    .insertInto('target')
    .values({
      indicator_id: v.indicatorId,
      org_unit_id: v.orgUnitId,
      target_period: v.targetPeriod,
      baseline_value: v.baselineValue,
      baseline_period: v.baselinePeriod,
      target_value: v.targetValue,
      milestones: JSON.stringify(v.milestones),
      source_document: v.sourceDocument,
      owner_org_unit_id: v.ownerOrgUnitId,
      note: v.note,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

export async function updateTargetRow(db: Db, id: number, v: Omit<TargetValues, 'indicatorId' | 'orgUnitId' | 'targetPeriod'>): Promise<void> {
  await db.kysely
    .updateTable('target')
    .set((eb) => ({
      baseline_value: v.baselineValue,
      baseline_period: v.baselinePeriod,
      target_value: v.targetValue,
      milestones: JSON.stringify(v.milestones),
      source_document: v.sourceDocument,
      owner_org_unit_id: v.ownerOrgUnitId,
      note: v.note,
      updated_at: eb.fn<Date>('now'),
    }))
    .where('id', '=', id)
    .execute();
}

export async function findTargetByKey(db: Db, indicatorId: number, orgUnitId: number, targetPeriod: string): Promise<number | null> {
  const row = await db.kysely
    .selectFrom('target')
    .select('id')
    .where('indicator_id', '=', indicatorId)
    .where('org_unit_id', '=', orgUnitId)
    .where('target_period', '=', targetPeriod)
    .executeTakeFirst();
  return row?.id ?? null;
}

/** The counter every change a judged figure depends on moves forward (migration 0045). */
export async function currentFigureVersion(db: Db): Promise<number> {
  const row = await db.kysely.selectFrom('figure_version').select('version').executeTakeFirst();
  return row?.version ?? 0;
}

export interface StoredEvaluation {
  targetId: number;
  evaluatedFor: string;
  figureVersion: number;
  evaluation: unknown;
}

export async function findEvaluations(db: Db, targetIds: readonly number[]): Promise<StoredEvaluation[]> {
  if (targetIds.length === 0) return [];
  return db.kysely
    .selectFrom('target_evaluation')
    .select(['target_id as targetId', 'evaluated_for as evaluatedFor', 'figure_version as figureVersion', 'evaluation'])
    .where('target_id', '=', anyOf(targetIds, 'int'))
    .execute();
}

/**
 * Keeps an evaluation unless a newer one (a later day or figure version) is already stored. Raw SQL:
 * an upsert guarded twice (the target still exists, the stored pair is not newer as a row value);
 * it returns no row.
 */
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
