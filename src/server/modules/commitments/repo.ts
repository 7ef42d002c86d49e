import type { Db } from '../../db/db.ts';
import type { Outcome } from '../../../core/commitments.ts';

export interface CommitmentRow {
  id: number;
  officialName: string;
  officialPosition: string | null;
  orgUnit: { id: number; code: string; nameVi: string; nameEn: string | null; path: string };
  title: string;
  startDate: string;
  endDate: string;
  sourceDocument: string | null;
  /** The official as a person of the staff register, when linked. */
  staffMember: { id: number; fullName: string; position: string | null; orgUnitName: string } | null;
  createdBy: string | null;
  createdAt: Date;
}

export interface ResultRow {
  id: number;
  commitmentId: number;
  position: number;
  title: string;
  measure: string | null;
  reviewerJudged: boolean;
  verdict: Outcome | null;
  verdictNote: string | null;
  verdictBy: string | null;
  verdictAt: Date | null;
  taskIds: number[];
  targetIds: number[];
}

export interface EvidenceRow {
  id: number;
  resultId: number;
  usedByVerdict: boolean;
  fileName: string;
  contentType: string;
  sizeBytes: number;
  sha256: string;
  username: string | null;
  createdAt: Date;
}

const SELECT = `SELECT c.id, c.official_name AS "officialName", c.official_position AS "officialPosition",
    json_build_object('id', ou.id, 'code', ou.code, 'nameVi', ou.name_vi, 'nameEn', ou.name_en, 'path', ou.path) AS "orgUnit",
    c.title, c.start_date AS "startDate", c.end_date AS "endDate", c.source_document AS "sourceDocument",
    CASE WHEN sm.id IS NULL THEN NULL ELSE json_build_object('id', sm.id, 'fullName', sm.full_name, 'position', sm.position, 'orgUnitName', su.name_vi) END AS "staffMember",
    c.created_by AS "createdBy", c.created_at AS "createdAt"
  FROM commitment c JOIN org_unit ou ON ou.id = c.org_unit_id
  LEFT JOIN staff_member sm ON sm.id = c.staff_member_id LEFT JOIN org_unit su ON su.id = sm.org_unit_id`;

export async function findCommitment(db: Db, id: number): Promise<CommitmentRow | null> {
  const { rows } = await db.query<CommitmentRow>(`${SELECT} WHERE c.id = $1`, [id]);
  return rows[0] ?? null;
}

export interface CommitmentFilter {
  /** Commitments of units in these subtrees. */
  readPaths: 'ALL' | string[];
  subtreePath?: string;
  endFrom?: string;
  endTo?: string;
}

export async function listCommitments(db: Db, f: CommitmentFilter): Promise<CommitmentRow[]> {
  const params: unknown[] = [];
  const where: string[] = [];
  const add = (sql: (n: number) => string, value: unknown) => {
    params.push(value);
    where.push(sql(params.length));
  };
  if (f.readPaths !== 'ALL')
    add(
      (n) => `ou.path LIKE ANY ($${n}::text[])`,
      f.readPaths.map((p) => `${p}%`),
    );
  if (f.subtreePath) add((n) => `ou.path LIKE $${n}`, `${f.subtreePath}%`);
  if (f.endFrom) add((n) => `c.end_date >= $${n}::date`, f.endFrom);
  if (f.endTo) add((n) => `c.end_date <= $${n}::date`, f.endTo);
  const { rows } = await db.query<CommitmentRow>(`${SELECT} ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY c.end_date, c.id LIMIT 2000`, params);
  return rows;
}

/** The results of the commitments, in their order, with the ids they link to. */
export async function listResults(db: Db, commitmentIds: readonly number[]): Promise<ResultRow[]> {
  if (commitmentIds.length === 0) return [];
  const { rows } = await db.query<ResultRow>(
    `SELECT r.id, r.commitment_id AS "commitmentId", r.position, r.title, r.measure, r.reviewer_judged AS "reviewerJudged", r.verdict,
            r.verdict_note AS "verdictNote", r.verdict_by AS "verdictBy", r.verdict_at AS "verdictAt",
            coalesce((SELECT array_agg(l.task_id ORDER BY l.id) FROM commitment_link l WHERE l.result_id = r.id AND l.task_id IS NOT NULL), '{}') AS "taskIds",
            coalesce((SELECT array_agg(l.target_id ORDER BY l.id) FROM commitment_link l WHERE l.result_id = r.id AND l.target_id IS NOT NULL), '{}') AS "targetIds"
       FROM commitment_result r WHERE r.commitment_id = ANY($1::int[]) ORDER BY r.commitment_id, r.position`,
    [[...commitmentIds]],
  );
  return rows;
}

export interface CommitmentValues {
  officialName: string;
  officialPosition: string | null;
  orgUnitId: number;
  title: string;
  startDate: string;
  endDate: string;
  sourceDocument: string | null;
  staffMemberId?: number | null;
}

export async function insertCommitment(db: Db, v: CommitmentValues & { createdBy: string | null; createdByUserId: number | null }): Promise<number> {
  const { rows } = await db.query<{ id: number }>(
    `INSERT INTO commitment (official_name, official_position, org_unit_id, title, start_date, end_date, source_document, created_by, created_by_user_id, staff_member_id)
     VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10) RETURNING id`,
    [v.officialName, v.officialPosition, v.orgUnitId, v.title, v.startDate, v.endDate, v.sourceDocument, v.createdBy, v.createdByUserId, v.staffMemberId ?? null],
  );
  return rows[0].id;
}

export async function updateCommitment(db: Db, id: number, v: CommitmentValues): Promise<void> {
  await db.query(
    `UPDATE commitment SET official_name = $2, official_position = $3, org_unit_id = $4, title = $5, start_date = $6, end_date = $7, source_document = $8,
            staff_member_id = $9, updated_at = now() WHERE id = $1`,
    [id, v.officialName, v.officialPosition, v.orgUnitId, v.title, v.startDate, v.endDate, v.sourceDocument, v.staffMemberId ?? null],
  );
}

/** Locks a commitment's row for a change (edits and deletion wait for a verdict being written, and the other way round). */
export async function lockCommitment(db: Db, id: number): Promise<void> {
  await db.query('SELECT id FROM commitment WHERE id = $1 FOR UPDATE', [id]);
}

/** Replaces a result's wording and links (its verdict and evidence stay with it). */
export async function updateResult(
  db: Db,
  resultId: number,
  v: { position: number; title: string; measure: string | null; reviewerJudged: boolean; tasks: readonly number[]; targets: readonly number[] },
): Promise<void> {
  await db.query('UPDATE commitment_result SET title = $2, measure = $3, reviewer_judged = $4, position = $5 WHERE id = $1', [resultId, v.title, v.measure, v.reviewerJudged, v.position]);
  await db.query('DELETE FROM commitment_link WHERE result_id = $1', [resultId]);
  if (v.tasks.length) await db.query('INSERT INTO commitment_link (result_id, task_id) SELECT $1, unnest($2::int[])', [resultId, [...new Set(v.tasks)]]);
  if (v.targets.length) await db.query('INSERT INTO commitment_link (result_id, target_id) SELECT $1, unnest($2::int[])', [resultId, [...new Set(v.targets)]]);
}

/** Moves a commitment's results out of the places 1…n (to −1…−n), so that they can be given new ones one by one. */
export async function clearPositions(db: Db, commitmentId: number): Promise<void> {
  await db.query('UPDATE commitment_result SET position = -position WHERE commitment_id = $1', [commitmentId]);
}

/** Forgets that a commitment was reminded at a stage (its end moved: it is reminded again before the new one). */
export async function forgetReminders(db: Db, commitmentId: number, stage: string): Promise<void> {
  await db.query('DELETE FROM commitment_reminder WHERE commitment_id = $1 AND stage = $2', [commitmentId, stage]);
}

/** Removes results (their links too); the caller has checked that none holds a verdict or evidence. */
export async function deleteResults(db: Db, resultIds: readonly number[]): Promise<void> {
  if (resultIds.length === 0) return;
  await db.query('DELETE FROM commitment_link WHERE result_id = ANY($1::int[])', [[...resultIds]]);
  await db.query('DELETE FROM commitment_result WHERE id = ANY($1::int[])', [[...resultIds]]);
}

/** Removes a commitment that nothing was judged on: its evidence, links, results, reminders and itself. */
export async function deleteCommitment(db: Db, id: number): Promise<void> {
  await db.query('DELETE FROM commitment_evidence WHERE commitment_id = $1', [id]);
  await db.query('DELETE FROM commitment_link WHERE result_id IN (SELECT id FROM commitment_result WHERE commitment_id = $1)', [id]);
  await db.query('DELETE FROM commitment_result WHERE commitment_id = $1', [id]);
  await db.query('DELETE FROM commitment_reminder WHERE commitment_id = $1', [id]);
  await db.query('DELETE FROM commitment WHERE id = $1', [id]);
}

export async function findStaffMember(db: Db, id: number): Promise<{ id: number; fullName: string; orgUnitPath: string } | null> {
  const { rows } = await db.query<{ id: number; fullName: string; orgUnitPath: string }>(
    'SELECT sm.id, sm.full_name AS "fullName", ou.path AS "orgUnitPath" FROM staff_member sm JOIN org_unit ou ON ou.id = sm.org_unit_id WHERE sm.id = $1',
    [id],
  );
  return rows[0] ?? null;
}

/** The stages already reminded, as commitmentId|stage. */
export async function listReminded(db: Db, commitmentIds: readonly number[]): Promise<Set<string>> {
  if (commitmentIds.length === 0) return new Set();
  const { rows } = await db.query<{ commitmentId: number; stage: string }>('SELECT commitment_id AS "commitmentId", stage FROM commitment_reminder WHERE commitment_id = ANY($1::int[])', [
    [...commitmentIds],
  ]);
  return new Set(rows.map((r) => `${r.commitmentId}|${r.stage}`));
}

export async function recordReminders(db: Db, commitmentIds: readonly number[], stage: 'DUE_SOON' | 'AT_RISK', alertId: number): Promise<void> {
  await db.query('INSERT INTO commitment_reminder (commitment_id, stage, alert_id) SELECT unnest($1::int[]), $2, $3 ON CONFLICT DO NOTHING', [[...commitmentIds], stage, alertId]);
}

export async function insertResult(
  db: Db,
  commitmentId: number,
  v: { position: number; title: string; measure: string | null; reviewerJudged: boolean; tasks: readonly number[]; targets: readonly number[] },
): Promise<number> {
  const { rows } = await db.query<{ id: number }>('INSERT INTO commitment_result (commitment_id, position, title, measure, reviewer_judged) VALUES ($1,$2,$3,$4,$5) RETURNING id', [
    commitmentId,
    v.position,
    v.title,
    v.measure,
    v.reviewerJudged,
  ]);
  const id = rows[0].id;
  if (v.tasks.length) await db.query('INSERT INTO commitment_link (result_id, task_id) SELECT $1, unnest($2::int[])', [id, [...new Set(v.tasks)]]);
  if (v.targets.length) await db.query('INSERT INTO commitment_link (result_id, target_id) SELECT $1, unnest($2::int[])', [id, [...new Set(v.targets)]]);
  return id;
}

/** Records a verdict; `at` (the demo's past dates) defaults to now. */
export async function setVerdict(db: Db, resultId: number, v: { verdict: Outcome; note: string | null; by: string; at?: string }): Promise<void> {
  await db.query('UPDATE commitment_result SET verdict = $2, verdict_note = $3, verdict_by = $4, verdict_at = coalesce($5::timestamptz, now()) WHERE id = $1', [
    resultId,
    v.verdict,
    v.note,
    v.by,
    v.at ?? null,
  ]);
  await db.query('UPDATE commitment SET updated_at = now() WHERE id = (SELECT commitment_id FROM commitment_result WHERE id = $1)', [resultId]);
}

export async function insertEvidence(
  db: Db,
  commitmentId: number,
  resultId: number,
  v: { fileName: string; contentType: string; bytes: Buffer; sha256: string; username: string | null; at?: string },
): Promise<number> {
  const { rows } = await db.query<{ id: number }>(
    `INSERT INTO commitment_evidence (commitment_id, result_id, file_name, content_type, size_bytes, sha256, content, username, created_at)
     VALUES ($1,$2,$3,$4,$5,$6,$7,$8, coalesce($9::timestamptz, now())) RETURNING id`,
    [commitmentId, resultId, v.fileName, v.contentType, v.bytes.length, v.sha256, v.bytes, v.username, v.at ?? null],
  );
  return rows[0].id;
}

export async function listEvidence(db: Db, commitmentIds: readonly number[]): Promise<(EvidenceRow & { commitmentId: number })[]> {
  if (commitmentIds.length === 0) return [];
  const { rows } = await db.query<EvidenceRow & { commitmentId: number }>(
    `SELECT id, commitment_id AS "commitmentId", result_id AS "resultId", used_by_verdict AS "usedByVerdict", file_name AS "fileName", content_type AS "contentType",
            size_bytes AS "sizeBytes", sha256, username, created_at AS "createdAt" FROM commitment_evidence WHERE commitment_id = ANY($1::int[]) ORDER BY id`,
    [[...commitmentIds]],
  );
  return rows;
}

export async function findEvidenceContent(db: Db, commitmentId: number, id: number): Promise<(EvidenceRow & { content: Buffer }) | null> {
  const { rows } = await db.query<EvidenceRow & { content: Buffer }>(
    `SELECT id, result_id AS "resultId", used_by_verdict AS "usedByVerdict", file_name AS "fileName", content_type AS "contentType", size_bytes AS "sizeBytes",
            sha256, username, created_at AS "createdAt", content FROM commitment_evidence WHERE commitment_id = $1 AND id = $2`,
    [commitmentId, id],
  );
  return rows[0] ?? null;
}

/** Marks the result's evidence files as used by its verdict; returns how many of the ids belong to the result. */
export async function useEvidence(db: Db, resultId: number, ids: readonly number[]): Promise<number> {
  if (ids.length === 0) return 0;
  const { rowCount } = await db.query('UPDATE commitment_evidence SET used_by_verdict = true WHERE result_id = $1 AND id = ANY($2::int[])', [resultId, [...new Set(ids)]]);
  return rowCount;
}
