import type { Db } from '../../db/db.ts';

export type ReportStatusValue = 'DRAFT' | 'SUBMITTED' | 'RETURNED' | 'APPROVED';

export interface ReportStatusRow {
  regimeId: number;
  periodId: number;
  orgUnitId: number;
  status: ReportStatusValue;
  submittedAt: string | null;
  submittedBy: string | null;
  isLate: boolean | null;
  approvedAt: string | null;
  approvedBy: string | null;
  returnedReason: string | null;
  reopenedReason: string | null;
  submitComment: string | null;
  withdrawnReason: string | null;
  updatedAt: string;
}

const COLUMNS = `regime_id AS "regimeId", period_id AS "periodId", org_unit_id AS "orgUnitId", status,
  submitted_at AS "submittedAt", submitted_by AS "submittedBy", is_late AS "isLate", approved_at AS "approvedAt",
  approved_by AS "approvedBy", returned_reason AS "returnedReason", reopened_reason AS "reopenedReason", submit_comment AS "submitComment", withdrawn_reason AS "withdrawnReason", updated_at AS "updatedAt"`;

export async function findStatus(db: Db, regimeId: number, periodId: number, orgUnitId: number): Promise<ReportStatusRow | null> {
  const { rows } = await db.query<ReportStatusRow>(`SELECT ${COLUMNS} FROM report_status WHERE regime_id = $1 AND period_id = $2 AND org_unit_id = $3`, [regimeId, periodId, orgUnitId]);
  return rows[0] ?? null;
}

/** Statuses of every regime for the given (org unit, period) pairs. */
export async function selectStatusesForPairs(db: Db, orgUnitIds: number[], periodIds: number[]): Promise<ReportStatusRow[]> {
  if (orgUnitIds.length === 0) return [];
  const { rows } = await db.query<ReportStatusRow>(
    `SELECT ${COLUMNS} FROM report_status
      WHERE (org_unit_id, period_id) IN (SELECT * FROM unnest($1::int[], $2::int[]))`,
    [orgUnitIds, periodIds],
  );
  return rows;
}

export async function selectStatusesOfPeriods(db: Db, regimeId: number, periodIds: number[]): Promise<ReportStatusRow[]> {
  const { rows } = await db.query<ReportStatusRow>(`SELECT ${COLUMNS} FROM report_status WHERE regime_id = $1 AND period_id = ANY ($2::int[])`, [regimeId, periodIds]);
  return rows;
}

export async function upsertStatus(
  db: Db,
  key: { regimeId: number; periodId: number; orgUnitId: number },
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
  await db.query(
    `INSERT INTO report_status (regime_id, period_id, org_unit_id, status, submitted_at, submitted_by, is_late,
       approved_at, approved_by, returned_reason, reopened_reason, updated_at)
     VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12)
     ON CONFLICT (regime_id, period_id, org_unit_id) DO UPDATE SET status = EXCLUDED.status,
       submitted_at = EXCLUDED.submitted_at, submitted_by = EXCLUDED.submitted_by, is_late = EXCLUDED.is_late,
       approved_at = EXCLUDED.approved_at, approved_by = EXCLUDED.approved_by, returned_reason = EXCLUDED.returned_reason,
       reopened_reason = EXCLUDED.reopened_reason, updated_at = EXCLUDED.updated_at`,
    [key.regimeId, key.periodId, key.orgUnitId, f.status, f.submittedAt, f.submittedBy, f.isLate, f.approvedAt, f.approvedBy, f.returnedReason, f.reopenedReason, f.updatedAt],
  );
}

/** Marks a report as started (DRAFT) when it has no status yet; leaves any other status alone. */
export async function ensureDraft(db: Db, key: { regimeId: number; periodId: number; orgUnitId: number }, at: Date): Promise<void> {
  await db.query(
    `INSERT INTO report_status (regime_id, period_id, org_unit_id, status, updated_at) VALUES ($1,$2,$3,'DRAFT',$4)
     ON CONFLICT (regime_id, period_id, org_unit_id) DO NOTHING`,
    [key.regimeId, key.periodId, key.orgUnitId, at],
  );
}

export async function selectChildren(db: Db, parentId: number | null): Promise<{ id: number; code: string; nameVi: string; path: string }[]> {
  const { rows } = await db.query<{ id: number; code: string; nameVi: string; path: string }>(
    `SELECT id, code, name_vi AS "nameVi", path FROM org_unit WHERE ${parentId === null ? 'parent_id IS NULL' : 'parent_id = $1'} ORDER BY sort_key, code`,
    parentId === null ? [] : [parentId],
  );
  return rows;
}

/** Compulsory elements of the regime that have no value for the unit and period. */
export async function selectMissingCompulsory(db: Db, regimeId: number, periodId: number, orgUnitId: number): Promise<{ code: string; nameVi: string; nameEn: string | null }[]> {
  const { rows } = await db.query<{ code: string; nameVi: string; nameEn: string | null }>(
    `SELECT de.code, de.name_vi AS "nameVi", de.name_en AS "nameEn"
       FROM report_regime_element re JOIN data_element de ON de.id = re.data_element_id
      WHERE re.regime_id = $1 AND re.is_compulsory
        AND NOT EXISTS (SELECT 1 FROM data_value dv WHERE dv.data_element_id = re.data_element_id AND dv.period_id = $2 AND dv.org_unit_id = $3)
      ORDER BY re.sort_order`,
    [regimeId, periodId, orgUnitId],
  );
  return rows;
}

/** Keeps the comment given with a submission (null clears it). */
export async function setSubmitComment(db: Db, key: { regimeId: number; periodId: number; orgUnitId: number }, comment: string | null): Promise<void> {
  await db.query('UPDATE report_status SET submit_comment = $4 WHERE regime_id = $1 AND period_id = $2 AND org_unit_id = $3', [key.regimeId, key.periodId, key.orgUnitId, comment]);
}

/**
 * Gives the values of a unit and period the status of the reports whose forms hold them (the highest when
 * several do): 2 approved, 1 submitted, 0 otherwise. Run in the transaction of every workflow change.
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
  submittedAt: string;
  submittedBy: string | null;
  isLate: boolean | null;
  comment: string | null;
  figures: Record<string, number | string>;
}

/** Keeps the figures of a report as submitted: its form's values for the unit and period. */
export async function insertSubmission(
  db: Db,
  key: { regimeId: number; periodId: number; orgUnitId: number },
  f: { submittedAt: Date; submittedBy: string | null; isLate: boolean | null; comment: string | null },
): Promise<number> {
  const { rows } = await db.query<{ id: number }>(
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
export async function listSubmissions(db: Db, key: { regimeId: number; periodId: number; orgUnitId: number }, limit: number): Promise<SubmissionRow[]> {
  const { rows } = await db.query<SubmissionRow>(
    `SELECT id, submitted_at AS "submittedAt", submitted_by AS "submittedBy", is_late AS "isLate", comment, figures
       FROM report_submission WHERE regime_id = $1 AND period_id = $2 AND org_unit_id = $3
      ORDER BY id DESC LIMIT $4`,
    [key.regimeId, key.periodId, key.orgUnitId, limit],
  );
  return rows;
}

/** Records why the submitter took a report back (null clears it). */
export async function setWithdrawnReason(db: Db, key: { regimeId: number; periodId: number; orgUnitId: number }, reason: string | null): Promise<void> {
  await db.query('UPDATE report_status SET withdrawn_reason = $4 WHERE regime_id = $1 AND period_id = $2 AND org_unit_id = $3', [key.regimeId, key.periodId, key.orgUnitId, reason]);
}
