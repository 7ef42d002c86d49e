import { sql } from 'kysely';
import { z } from 'zod';
import type { Db } from '../../db/db.ts';
import { col, type RowOf } from '../../db/raw-rows.ts';
import { anyOf } from '../../db/kysely-sql.ts';

export type ReportStatusValue = 'DRAFT' | 'SUBMITTED' | 'RETURNED' | 'APPROVED';

export interface ReportStatusRow {
  regimeId: number;
  periodId: number;
  orgUnitId: number;
  status: ReportStatusValue;
  submittedAt: Date | null;
  submittedBy: string | null;
  isLate: boolean | null;
  approvedAt: Date | null;
  approvedBy: string | null;
  returnedReason: string | null;
  reopenedReason: string | null;
  submitComment: string | null;
  withdrawnReason: string | null;
  updatedAt: Date;
}

const COLUMNS = [
  'regime_id as regimeId',
  'period_id as periodId',
  'org_unit_id as orgUnitId',
  'status',
  'submitted_at as submittedAt',
  'submitted_by as submittedBy',
  'is_late as isLate',
  'approved_at as approvedAt',
  'approved_by as approvedBy',
  'returned_reason as returnedReason',
  'reopened_reason as reopenedReason',
  'submit_comment as submitComment',
  'withdrawn_reason as withdrawnReason',
  'updated_at as updatedAt',
] as const;

function selectStatuses(db: Db) {
  return db.kysely.selectFrom('report_status').select(COLUMNS).$narrowType<{ status: ReportStatusValue }>();
}

type ReportKey = { regimeId: number; periodId: number; orgUnitId: number };

/** The equality filter of one report (`.where((eb) => eb.and(sameReport(key)))`). */
const sameReport = (key: ReportKey) => ({ regime_id: key.regimeId, period_id: key.periodId, org_unit_id: key.orgUnitId });

export async function findStatus(db: Db, regimeId: number, periodId: number, orgUnitId: number): Promise<ReportStatusRow | null> {
  const row = await selectStatuses(db)
    .where((eb) => eb.and(sameReport({ regimeId, periodId, orgUnitId })))
    .executeTakeFirst();
  return row ?? null;
}

/** Statuses of every regime for the given (org unit, period) pairs. */
export async function selectStatusesForPairs(db: Db, orgUnitIds: number[], periodIds: number[]): Promise<ReportStatusRow[]> {
  if (orgUnitIds.length === 0) return [];
  return selectStatuses(db)
    .where(sql<boolean>`(org_unit_id, period_id) IN (SELECT * FROM unnest(${orgUnitIds}::int[], ${periodIds}::int[]))`)
    .execute();
}

export async function selectStatusesOfPeriods(db: Db, regimeId: number, periodIds: number[]): Promise<ReportStatusRow[]> {
  return selectStatuses(db).where('regime_id', '=', regimeId).where('period_id', '=', anyOf(periodIds, 'int')).execute();
}

export async function upsertStatus(
  db: Db,
  key: ReportKey,
  f: {
    status: ReportStatusValue;
    submittedAt: Date | string | null;
    submittedBy: string | null;
    isLate: boolean | null;
    approvedAt: Date | string | null;
    approvedBy: string | null;
    returnedReason: string | null;
    reopenedReason: string | null;
    updatedAt: Date;
  },
): Promise<void> {
  const fields = {
    status: f.status,
    submitted_at: f.submittedAt,
    submitted_by: f.submittedBy,
    is_late: f.isLate,
    approved_at: f.approvedAt,
    approved_by: f.approvedBy,
    returned_reason: f.returnedReason,
    reopened_reason: f.reopenedReason,
    updated_at: f.updatedAt,
  };
  await db.kysely
    .insertInto('report_status')
    .values({ ...sameReport(key), ...fields })
    .onConflict((oc) =>
      oc.columns(['regime_id', 'period_id', 'org_unit_id']).doUpdateSet((eb) => ({
        status: eb.ref('excluded.status'),
        submitted_at: eb.ref('excluded.submitted_at'),
        submitted_by: eb.ref('excluded.submitted_by'),
        is_late: eb.ref('excluded.is_late'),
        approved_at: eb.ref('excluded.approved_at'),
        approved_by: eb.ref('excluded.approved_by'),
        returned_reason: eb.ref('excluded.returned_reason'),
        reopened_reason: eb.ref('excluded.reopened_reason'),
        updated_at: eb.ref('excluded.updated_at'),
      })),
    )
    .execute();
}

/** Marks a report as started (DRAFT) when it has no status yet; leaves any other status alone. */
export async function ensureDraft(db: Db, key: ReportKey, at: Date): Promise<void> {
  await db.kysely
    .insertInto('report_status')
    .values({ ...sameReport(key), status: 'DRAFT', updated_at: at })
    .onConflict((oc) => oc.columns(['regime_id', 'period_id', 'org_unit_id']).doNothing())
    .execute();
}

export async function selectChildren(db: Db, parentId: number | null): Promise<{ id: number; code: string; nameVi: string; path: string }[]> {
  return db.kysely
    .selectFrom('org_unit')
    .select(['id', 'code', 'name_vi as nameVi', 'path'])
    .where('parent_id', parentId === null ? 'is' : '=', parentId)
    .orderBy('sort_key')
    .orderBy('code')
    .execute();
}

/** Compulsory elements of the regime that have no value for the unit and period. */
export async function selectMissingCompulsory(db: Db, regimeId: number, periodId: number, orgUnitId: number): Promise<{ code: string; nameVi: string; nameEn: string | null }[]> {
  return db.kysely
    .selectFrom('report_regime_element as re')
    .innerJoin('data_element as de', 'de.id', 're.data_element_id')
    .select(['de.code', 'de.name_vi as nameVi', 'de.name_en as nameEn'])
    .where('re.regime_id', '=', regimeId)
    .where('re.is_compulsory', '=', true)
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('data_value as dv')
            .select(sql.lit(1).as('one'))
            .whereRef('dv.data_element_id', '=', 're.data_element_id')
            .where('dv.period_id', '=', periodId)
            .where('dv.org_unit_id', '=', orgUnitId),
        ),
      ),
    )
    .orderBy('re.sort_order')
    .execute();
}

/** Keeps the comment given with a submission (null clears it). */
export async function setSubmitComment(db: Db, key: ReportKey, comment: string | null): Promise<void> {
  await db.kysely
    .updateTable('report_status')
    .set({ submit_comment: comment })
    .where((eb) => eb.and(sameReport(key)))
    .execute();
}

/**
 * Gives the values of a unit and period the status of the reports whose forms hold them (the highest when
 * several do): 2 approved, 1 submitted, 0 otherwise. Run in the transaction of every workflow change.
 * Raw SQL: one set-based UPDATE over two CTEs; it returns no row.
 */
export async function refreshDataStatus(db: Db, orgUnitId: number, periodId: number): Promise<number> {
  const { rowCount } = await db.query(
    `WITH s AS (
       SELECT re.data_element_id, max(CASE rs.status WHEN 'APPROVED' THEN 2 WHEN 'SUBMITTED' THEN 1 ELSE 0 END)::smallint AS st
         FROM report_status rs JOIN report_regime_element re ON re.regime_id = rs.regime_id
        WHERE rs.org_unit_id = $1 AND rs.period_id = $2
        GROUP BY re.data_element_id
     ), target AS (
       SELECT dv.data_element_id, dv.option_id, coalesce(s.st, 0::smallint) AS st
         FROM data_value dv LEFT JOIN s ON s.data_element_id = dv.data_element_id
        WHERE dv.org_unit_id = $1 AND dv.period_id = $2
     )
     UPDATE data_value dv SET data_status = target.st
       FROM target
      WHERE dv.org_unit_id = $1 AND dv.period_id = $2 AND dv.data_element_id = target.data_element_id
        AND dv.option_id = target.option_id AND dv.data_status <> target.st`,
    [orgUnitId, periodId],
  );
  return rowCount;
}

export interface SubmissionRow {
  id: number;
  submittedAt: Date;
  submittedBy: string | null;
  isLate: boolean | null;
  comment: string | null;
  figures: Record<string, number | string>;
}

/** The row `insertSubmission`'s raw SQL returns (checked against the database by the module's repo test). */
export const insertedSubmissionRow = z.strictObject({ id: col.int });

/**
 * Keeps the figures of a report as submitted: its form's values for the unit and period. Raw SQL: an
 * INSERT … SELECT that folds the form's values into one jsonb object.
 */
export async function insertSubmission(db: Db, key: ReportKey, f: { submittedAt: Date; submittedBy: string | null; isLate: boolean | null; comment: string | null }): Promise<number> {
  const { rows } = await db.query<RowOf<typeof insertedSubmissionRow>>(
    `INSERT INTO report_submission (regime_id, period_id, org_unit_id, submitted_at, submitted_by, is_late, comment, figures)
     SELECT $1, $2, $3, $4, $5, $6, $7, coalesce(jsonb_object_agg(
              CASE WHEN o.code IS NULL THEN de.code ELSE de.code || '.' || o.code END,
              CASE WHEN dv.value IS NOT NULL THEN to_jsonb(dv.value) ELSE to_jsonb(dv.text_value) END), '{}'::jsonb)
       FROM report_regime_element re
       JOIN data_element de ON de.id = re.data_element_id
       JOIN data_value dv ON dv.data_element_id = re.data_element_id AND dv.period_id = $2 AND dv.org_unit_id = $3
       LEFT JOIN disaggregation_option o ON o.id = dv.option_id
      WHERE re.regime_id = $1
     RETURNING id`,
    [key.regimeId, key.periodId, key.orgUnitId, f.submittedAt, f.submittedBy, f.isLate, f.comment],
  );
  return rows[0].id;
}

/** The latest submissions of a report, newest first. */
export async function listSubmissions(db: Db, key: ReportKey, limit: number): Promise<SubmissionRow[]> {
  return db.kysely
    .selectFrom('report_submission')
    .select(['id', 'submitted_at as submittedAt', 'submitted_by as submittedBy', 'is_late as isLate', 'comment', 'figures'])
    .$narrowType<{ figures: Record<string, number | string> }>()
    .where((eb) => eb.and(sameReport(key)))
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
}

/** Records why the submitter took a report back (null clears it). */
export async function setWithdrawnReason(db: Db, key: ReportKey, reason: string | null): Promise<void> {
  await db.kysely
    .updateTable('report_status')
    .set({ withdrawn_reason: reason })
    .where((eb) => eb.and(sameReport(key)))
    .execute();
}
