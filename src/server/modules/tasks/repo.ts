import type { Db } from '../../db/db.ts';
import type { TaskState } from '../../../core/tasks.ts';
import type { Priority, SourceKind, UpdateKind } from './schema.ts';

export interface UnitLite {
  id: number;
  code: string;
  nameVi: string;
  nameEn: string | null;
  path: string;
}

export interface TaskRow {
  id: number;
  parentId: number | null;
  title: string;
  description: string | null;
  sourceKind: SourceKind;
  sourceNumber: string | null;
  sourceDate: string | null;
  sourceIssuer: string | null;
  sourceTitle: string | null;
  assignerName: string;
  assignerUserId: number | null;
  assigningOrgUnit: UnitLite;
  leadOrgUnit: UnitLite;
  coOrgUnits: UnitLite[];
  responsible: string | null;
  startDate: string;
  dueDate: string;
  extendedDueDate: string | null;
  expectedProduct: string | null;
  priority: Priority;
  sector: { id: number; code: string; nameVi: string; nameEn: string | null } | null;
  progressPercent: number;
  state: TaskState;
  doneOn: string | null;
  confirmedAt: Date | null;
  confirmedBy: string | null;
  /** The days the state changes took effect (null: unknown), read by the as-of rule of src/core/tasks.ts. */
  confirmedOn: string | null;
  extendedOn: string | null;
  cancelledOn: string | null;
  cancelReason: string | null;
  createdAt: Date;
  updatedAt: Date;
}

const unitJson = (alias: string) => `json_build_object('id', ${alias}.id, 'code', ${alias}.code, 'nameVi', ${alias}.name_vi, 'nameEn', ${alias}.name_en, 'path', ${alias}.path)`;

const TASK_SELECT = `SELECT t.id, t.parent_id AS "parentId", t.title, t.description, t.source_kind AS "sourceKind", t.source_number AS "sourceNumber",
    t.source_date AS "sourceDate", t.source_issuer AS "sourceIssuer", t.source_title AS "sourceTitle", t.assigner_name AS "assignerName",
    t.assigner_user_id AS "assignerUserId", ${unitJson('au')} AS "assigningOrgUnit", ${unitJson('lu')} AS "leadOrgUnit",
    coalesce((SELECT json_agg(${unitJson('cu')} ORDER BY cu.sort_key) FROM task_co_unit c JOIN org_unit cu ON cu.id = c.org_unit_id WHERE c.task_id = t.id), '[]'::json) AS "coOrgUnits",
    t.responsible, t.start_date AS "startDate", t.due_date AS "dueDate", t.extended_due_date AS "extendedDueDate", t.expected_product AS "expectedProduct",
    t.priority, CASE WHEN s.id IS NULL THEN NULL ELSE json_build_object('id', s.id, 'code', s.code, 'nameVi', s.name_vi, 'nameEn', s.name_en) END AS sector,
    t.progress_percent AS "progressPercent", t.state, t.done_on AS "doneOn", t.confirmed_at AS "confirmedAt", t.confirmed_by AS "confirmedBy",
    t.confirmed_on AS "confirmedOn", t.extended_on AS "extendedOn", t.cancelled_on AS "cancelledOn", t.cancel_reason AS "cancelReason", t.created_at AS "createdAt", t.updated_at AS "updatedAt"
  FROM task t JOIN org_unit au ON au.id = t.assigning_org_unit_id JOIN org_unit lu ON lu.id = t.lead_org_unit_id
  LEFT JOIN org_unit_group s ON s.id = t.sector_id`;

export async function findTask(db: Db, id: number): Promise<TaskRow | null> {
  const { rows } = await db.query<TaskRow>(`${TASK_SELECT} WHERE t.id = $1`, [id]);
  return rows[0] ?? null;
}

export interface TaskFilter {
  /** Tasks whose lead, co-operating or assigning unit lies in one of these subtrees. */
  readPaths: 'ALL' | string[];
  /** Only tasks led by (or co-operated by) a unit in these subtrees. */
  leadPaths?: string[];
  /** Only tasks assigned by a unit in these subtrees. */
  assigningPaths?: string[];
  subtreePath?: string;
  sectorCode?: string;
  sourceKind?: string;
  sourceNumber?: string;
  dueFrom?: string;
  dueTo?: string;
  ids?: number[];
  parentId?: number;
  /**
   * Only tasks with this status on the day (the SQL twin of computeTaskStatus, pinned by a test). `current`:
   * the day is today, so no recorded change lies after it and the states a status comes from are cheap to test first.
   */
  status?: { today: string; status: string; current?: boolean };
}

/**
 * The parts of src/core/tasks.ts taskAsOf in SQL, for a day given as an SQL expression (a parameter `$n::date`,
 * or a date computed per row): the task as it stood that day, from the days its state changes took effect.
 */
export function asOfSql(day: string) {
  const reported = `(t.done_on <= ${day})`;
  const cancelled = `(t.state = 'CANCELLED' AND (t.cancelled_on IS NULL OR t.cancelled_on <= ${day}))`;
  const confirmed = `(t.state = 'DONE' AND coalesce(t.confirmed_on, t.done_on) <= ${day})`;
  const due = `coalesce(CASE WHEN t.extended_on > ${day} THEN NULL ELSE t.extended_due_date END, t.due_date)`;
  return {
    cancelled,
    confirmed,
    /** Reported done by the day and, if confirmed, confirmed after it: open, judged by the day of the report. */
    reported: `(NOT ${cancelled} AND NOT ${confirmed} AND t.state <> 'OPEN' AND coalesce(${reported}, false))`,
    due,
    /** Neither cancelled nor confirmed by the day. */
    open: `(NOT ${cancelled} AND NOT ${confirmed})`,
  };
}

/**
 * The status of src/core/tasks.ts computeTaskStatus, in SQL, on day $n: used only to filter, count and
 * group many tasks in the database; the rows shown are judged by the core function (a test compares both).
 */
export const statusSql = (n: number) => statusOnSql(`$${n}::date`);

function statusOnSql(day: string): string {
  const a = asOfSql(day);
  return `CASE WHEN ${a.cancelled} THEN 'CANCELLED'
    WHEN ${a.confirmed} THEN CASE WHEN t.done_on <= ${a.due} THEN 'DONE_ON_TIME' ELSE 'DONE_LATE' END
    WHEN (CASE WHEN ${a.reported} THEN t.done_on ELSE ${day} END) <= ${a.due} THEN 'OPEN_ON_TIME'
    ELSE 'OPEN_OVERDUE' END`;
}

/** The recorded states a status can come from on the current day: implied by statusSql, and cheap to test before it. */
const STATES_OF_STATUS: Record<string, string[]> = {
  CANCELLED: ['CANCELLED'],
  DONE_ON_TIME: ['DONE'],
  DONE_LATE: ['DONE'],
  OPEN_ON_TIME: ['OPEN', 'DONE_REPORTED'],
  OPEN_OVERDUE: ['OPEN', 'DONE_REPORTED'],
};

function likeAny(paths: string[]) {
  return paths.map((p) => `${p}%`);
}

/**
 * The filter over `task t` alone: units are matched through small sets of unit ids (hashed once), never by
 * joining every task to its units, so that counting many tasks is one pass over the task table.
 */
function whereOf(f: TaskFilter): { sql: string; params: unknown[] } {
  const params: unknown[] = [];
  const where: string[] = [];
  const add = (sql: (n: number) => string, value: unknown) => {
    params.push(value);
    where.push(sql(params.length));
  };
  const unitsIn = (n: number) => `(SELECT id FROM org_unit WHERE path LIKE ANY ($${n}::text[]))`;
  const led = (n: number) => `(t.lead_org_unit_id IN ${unitsIn(n)} OR t.id IN (SELECT c.task_id FROM task_co_unit c WHERE c.org_unit_id IN ${unitsIn(n)}))`;
  if (f.readPaths !== 'ALL') add((n) => `(${led(n)} OR t.assigning_org_unit_id IN ${unitsIn(n)})`, likeAny(f.readPaths));
  if (f.leadPaths) add(led, likeAny(f.leadPaths));
  if (f.assigningPaths) add((n) => `t.assigning_org_unit_id IN ${unitsIn(n)}`, likeAny(f.assigningPaths));
  if (f.subtreePath) add((n) => `t.lead_org_unit_id IN (SELECT id FROM org_unit WHERE path LIKE $${n})`, `${f.subtreePath}%`);
  if (f.sectorCode) add((n) => `t.sector_id IN (SELECT id FROM org_unit_group WHERE code = $${n})`, f.sectorCode);
  if (f.sourceKind) add((n) => `t.source_kind = $${n}`, f.sourceKind);
  if (f.sourceNumber) add((n) => `t.source_number = $${n}`, f.sourceNumber);
  if (f.dueFrom) add((n) => `coalesce(t.extended_due_date, t.due_date) >= $${n}::date`, f.dueFrom);
  if (f.dueTo) add((n) => `coalesce(t.extended_due_date, t.due_date) <= $${n}::date`, f.dueTo);
  if (f.ids) add((n) => `t.id = ANY($${n}::int[])`, f.ids);
  if (f.parentId !== undefined) add((n) => `t.parent_id = $${n}`, f.parentId);
  if (f.status) {
    if (f.status.current) add((n) => `t.state = ANY($${n}::text[])`, STATES_OF_STATUS[f.status.status] ?? []);
    params.push(f.status.today);
    add((n) => `${statusSql(n - 1)} = $${n}`, f.status.status);
  }
  return { sql: where.length ? `WHERE ${where.join(' AND ')}` : '', params };
}

/** Whether these subtrees hold every org unit (then a scope filter would keep every task, and is left out). */
export async function pathsCoverAllUnits(db: Db, paths: string[]): Promise<boolean> {
  const { rows } = await db.query<{ uncovered: boolean }>(`SELECT EXISTS (SELECT 1 FROM org_unit WHERE NOT (path LIKE ANY ($1::text[]))) AS uncovered`, [likeAny(paths)]);
  return !rows[0].uncovered;
}

const DUE_ORDER = 'coalesce(t.extended_due_date, t.due_date), t.id';

/**
 * Tasks by effective due date. The page's ids are chosen over `task` alone (an index walk in due-date order
 * for the first page), and only those rows are joined to their units and co-operating units.
 */
export async function listTasks(db: Db, f: TaskFilter, limit?: number): Promise<TaskRow[]> {
  const { sql, params } = whereOf(f);
  const limitSql = limit === undefined ? '' : `LIMIT ${Math.max(0, Math.floor(limit))}`;
  const { rows } = await db.query<TaskRow>(
    `WITH page AS MATERIALIZED (SELECT t.id FROM task t ${sql} ORDER BY ${DUE_ORDER} ${limitSql})
     ${TASK_SELECT} WHERE t.id IN (SELECT id FROM page) ORDER BY ${DUE_ORDER}`,
    params,
  );
  return rows;
}

export async function countTasks(db: Db, f: TaskFilter): Promise<number> {
  const { sql, params } = whereOf(f);
  const { rows } = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM task t ${sql}`, params);
  return rows[0].n;
}

export interface StatusCount {
  key: string;
  labelVi: string;
  labelEn: string | null;
  status: string;
  n: number;
}

/**
 * Tasks counted by group and status on a day, in the database (the scorecard of many tasks): counted over
 * `task` alone by the group's column, then the few groups are labelled.
 */
export async function countByGroupAndStatus(
  db: Db,
  f: TaskFilter,
  today: string,
  by: 'UNIT' | 'SECTOR' | 'SOURCE' | 'MONTH',
  /** Each task judged as it stood at the end of its due month (today for the current month), not today. */
  asOfMonthEnd = false,
): Promise<StatusCount[]> {
  const { sql, params } = whereOf(f);
  params.push(today);
  // Grouped by plain columns of `task` (ids, dates, kinds): labels and months are made from the few groups after.
  const group = {
    UNIT: { cols: 't.lead_org_unit_id AS g1, NULL::text AS g2, NULL::text AS g3', key: 'u.code', vi: 'min(u.name_vi)', en: 'min(u.name_en)', join: 'JOIN org_unit u ON u.id = c.g1', by: 'u.code' },
    SECTOR: {
      cols: 't.sector_id AS g1, NULL::text AS g2, NULL::text AS g3',
      key: "coalesce(s.code, '')",
      vi: 'min(s.name_vi)',
      en: 'min(s.name_en)',
      join: 'LEFT JOIN org_unit_group s ON s.id = c.g1',
      by: "coalesce(s.code, '')",
    },
    SOURCE: {
      cols: 'NULL::int AS g1, t.source_kind AS g2, t.source_number AS g3, min(t.source_title) AS title',
      key: "c.g2 || '|' || coalesce(c.g3, '')",
      vi: "min(coalesce(c.g3 || coalesce(' — ' || c.title, ''), c.title, c.g2))",
      en: 'NULL::text',
      join: '',
      by: "c.g2 || '|' || coalesce(c.g3, '')",
    },
    MONTH: {
      cols: 'coalesce(t.extended_due_date, t.due_date) AS g1, NULL::text AS g2, NULL::text AS g3',
      key: "to_char(c.g1, 'YYYY-MM')",
      vi: 'NULL::text',
      en: 'NULL::text',
      join: '',
      by: "to_char(c.g1, 'YYYY-MM')",
    },
  }[by];
  // One aggregate row per group, the statuses counted side by side (FILTER), so that the hash is keyed by
  // the group's plain columns only; the same rules as statusSql (asOfSql), written per status.
  const todayParam = `$${params.length}::date`;
  // Each task's own day (its due month's end) is computed once per row in a subquery kept apart (OFFSET 0),
  // not once per reference in the counts below.
  const from = asOfMonthEnd
    ? `(SELECT t.*, least((date_trunc('month', coalesce(t.extended_due_date, t.due_date)) + interval '1 month - 1 day')::date, ${todayParam}) AS as_of_day
         FROM task t ${sql} OFFSET 0) t`
    : `task t ${sql}`;
  const day = asOfMonthEnd ? 't.as_of_day' : todayParam;
  const a = asOfSql(day);
  const { rows } = await db.query<{ key: string; labelVi: string | null; labelEn: string | null; cancelled: number; doneOnTime: number; doneLate: number; openOnTime: number; openOverdue: number }>(
    `WITH c AS (
       SELECT ${group.cols},
              count(*) FILTER (WHERE ${a.cancelled}) AS cancelled,
              count(*) FILTER (WHERE ${a.confirmed} AND t.done_on <= ${a.due}) AS done_on_time,
              count(*) FILTER (WHERE ${a.confirmed}) AS done,
              count(*) FILTER (WHERE ${a.open} AND (CASE WHEN ${a.reported} THEN t.done_on ELSE ${day} END) <= ${a.due}) AS open_on_time,
              count(*) FILTER (WHERE ${a.open}) AS open
         FROM ${from} GROUP BY g1, g2, g3)
     SELECT ${group.key} AS key, ${group.vi} AS "labelVi", ${group.en} AS "labelEn", sum(c.cancelled)::int AS cancelled,
            sum(c.done_on_time)::int AS "doneOnTime", sum(c.done - c.done_on_time)::int AS "doneLate",
            sum(c.open_on_time)::int AS "openOnTime", sum(c.open - c.open_on_time)::int AS "openOverdue"
       FROM c ${group.join} GROUP BY ${group.by}`,
    params,
  );
  const out: StatusCount[] = [];
  for (const r of rows) {
    const of = { CANCELLED: r.cancelled, DONE_ON_TIME: r.doneOnTime, DONE_LATE: r.doneLate, OPEN_ON_TIME: r.openOnTime, OPEN_OVERDUE: r.openOverdue };
    for (const [status, n] of Object.entries(of)) if (n > 0) out.push({ key: r.key, labelVi: r.labelVi as string, labelEn: r.labelEn, status, n });
  }
  return out;
}

/** Each task's status on a day as the SQL computes it (for the test that pins it to the core function). */
export async function statusesInSql(db: Db, today: string): Promise<Map<number, string>> {
  const { rows } = await db.query<{ id: number; status: string }>(`SELECT t.id, ${statusSql(1)} AS status FROM task t`, [today]);
  return new Map(rows.map((r) => [r.id, r.status]));
}

export interface TaskValues {
  parentId: number | null;
  title: string;
  description: string | null;
  sourceKind: string;
  sourceNumber: string | null;
  sourceDate: string | null;
  sourceIssuer: string | null;
  sourceTitle: string | null;
  assignerName: string;
  assignerUserId: number | null;
  assigningOrgUnitId: number;
  leadOrgUnitId: number;
  responsible: string | null;
  startDate: string;
  dueDate: string;
  expectedProduct: string | null;
  priority: string;
  sectorId: number | null;
}

export async function insertTask(db: Db, v: TaskValues): Promise<number> {
  const { rows } = await db.query<{ id: number }>(
    `INSERT INTO task (parent_id, title, description, source_kind, source_number, source_date, source_issuer, source_title, assigner_name, assigner_user_id,
       assigning_org_unit_id, lead_org_unit_id, responsible, start_date, due_date, expected_product, priority, sector_id)
     VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17,$18) RETURNING id`,
    [
      v.parentId,
      v.title,
      v.description,
      v.sourceKind,
      v.sourceNumber,
      v.sourceDate,
      v.sourceIssuer,
      v.sourceTitle,
      v.assignerName,
      v.assignerUserId,
      v.assigningOrgUnitId,
      v.leadOrgUnitId,
      v.responsible,
      v.startDate,
      v.dueDate,
      v.expectedProduct,
      v.priority,
      v.sectorId,
    ],
  );
  return rows[0].id;
}

export async function updateTaskRow(db: Db, id: number, v: Omit<TaskValues, 'parentId' | 'assigningOrgUnitId' | 'assignerUserId' | 'dueDate'>): Promise<void> {
  await db.query(
    `UPDATE task SET title=$2, description=$3, source_kind=$4, source_number=$5, source_date=$6, source_issuer=$7, source_title=$8, assigner_name=$9,
       lead_org_unit_id=$10, responsible=$11, start_date=$12, expected_product=$13, priority=$14, sector_id=$15, updated_at=now() WHERE id=$1`,
    [
      id,
      v.title,
      v.description,
      v.sourceKind,
      v.sourceNumber,
      v.sourceDate,
      v.sourceIssuer,
      v.sourceTitle,
      v.assignerName,
      v.leadOrgUnitId,
      v.responsible,
      v.startDate,
      v.expectedProduct,
      v.priority,
      v.sectorId,
    ],
  );
}

export async function setCoUnits(db: Db, taskId: number, unitIds: number[]): Promise<void> {
  await db.query('DELETE FROM task_co_unit WHERE task_id = $1', [taskId]);
  if (unitIds.length) await db.query('INSERT INTO task_co_unit (task_id, org_unit_id) SELECT $1, unnest($2::int[])', [taskId, unitIds]);
}

export async function setLinks(db: Db, taskId: number, indicatorIds: number[], targetIds: number[]): Promise<void> {
  await db.query('DELETE FROM task_link WHERE task_id = $1', [taskId]);
  if (indicatorIds.length) await db.query('INSERT INTO task_link (task_id, indicator_id) SELECT $1, unnest($2::int[])', [taskId, indicatorIds]);
  if (targetIds.length) await db.query('INSERT INTO task_link (task_id, target_id) SELECT $1, unnest($2::int[])', [taskId, targetIds]);
}

export interface TaskLinkRow {
  indicatorCode: string | null;
  indicatorName: string | null;
  targetId: number | null;
  targetLabel: string | null;
}

export async function listLinks(db: Db, taskId: number): Promise<TaskLinkRow[]> {
  const { rows } = await db.query<TaskLinkRow>(
    `SELECT i.code AS "indicatorCode", i.name_vi AS "indicatorName", l.target_id AS "targetId",
            CASE WHEN tg.id IS NULL THEN NULL ELSE ti.name_vi || ' — ' || tu.name_vi || ' ' || tg.target_period END AS "targetLabel"
       FROM task_link l LEFT JOIN indicator i ON i.id = l.indicator_id
       LEFT JOIN target tg ON tg.id = l.target_id LEFT JOIN indicator ti ON ti.id = tg.indicator_id LEFT JOIN org_unit tu ON tu.id = tg.org_unit_id
      WHERE l.task_id = $1 ORDER BY l.id`,
    [taskId],
  );
  return rows;
}

/**
 * Records a task's state. `on`: the Vietnamese day a confirmation (DONE) or cancellation takes effect; the
 * day done was reported stays when a reported task is cancelled (src/core/tasks.ts taskAsOf reads both).
 */
export async function setState(
  db: Db,
  id: number,
  v: { state: TaskState; doneOn?: string | null; progressPercent?: number; extendedDueDate?: string; confirmedBy?: string | null; cancelReason?: string; on?: string },
): Promise<void> {
  await db.query(
    `UPDATE task SET state = $2,
        done_on = CASE WHEN $2 IN ('DONE_REPORTED', 'DONE') THEN coalesce($3::date, done_on) WHEN $2 = 'CANCELLED' AND state = 'DONE_REPORTED' THEN done_on ELSE NULL END,
        progress_percent = coalesce($4, progress_percent),
        extended_due_date = coalesce($5::date, extended_due_date),
        confirmed_at = CASE WHEN $2 = 'DONE' THEN now() ELSE NULL END,
        confirmed_by = CASE WHEN $2 = 'DONE' THEN $6 ELSE NULL END,
        confirmed_on = CASE WHEN $2 = 'DONE' THEN $8::date ELSE NULL END,
        cancel_reason = CASE WHEN $2 = 'CANCELLED' THEN $7 ELSE NULL END,
        cancelled_on = CASE WHEN $2 = 'CANCELLED' THEN $8::date ELSE NULL END,
        updated_at = now()
      WHERE id = $1`,
    [id, v.state, v.doneOn ?? null, v.progressPercent ?? null, v.extendedDueDate ?? null, v.confirmedBy ?? null, v.cancelReason ?? null, v.on ?? null],
  );
}

/** The progress reports of tasks (percent and day, oldest first), for their progress as of a past day. */
export async function progressUpdates(db: Db, taskIds: readonly number[]): Promise<Map<number, { onDate: string; percent: number | null }[]>> {
  const out = new Map<number, { onDate: string; percent: number | null }[]>();
  if (taskIds.length === 0) return out;
  const { rows } = await db.query<{ taskId: number; onDate: string; percent: number }>(
    `SELECT task_id AS "taskId", on_date AS "onDate", percent FROM task_update
      WHERE task_id = ANY($1::int[]) AND kind IN ('PROGRESS', 'DONE_REPORTED') AND percent IS NOT NULL ORDER BY task_id, id`,
    [[...taskIds]],
  );
  for (const r of rows) out.set(r.taskId, [...(out.get(r.taskId) ?? []), { onDate: r.onDate, percent: r.percent }]);
  return out;
}

export interface UpdateRow {
  id: number;
  kind: UpdateKind;
  percent: number | null;
  note: string | null;
  requestedDueDate: string | null;
  onDate: string;
  username: string | null;
  createdAt: Date;
}

export async function insertUpdate(
  db: Db,
  taskId: number,
  v: { kind: string; percent?: number | null; note?: string | null; requestedDueDate?: string | null; onDate: string; userId: number | null; username: string | null },
): Promise<number> {
  const { rows } = await db.query<{ id: number }>(
    `INSERT INTO task_update (task_id, kind, percent, note, requested_due_date, on_date, user_id, username) VALUES ($1,$2,$3,$4,$5,$6,$7,$8) RETURNING id`,
    [taskId, v.kind, v.percent ?? null, v.note ?? null, v.requestedDueDate ?? null, v.onDate, v.userId, v.username],
  );
  return rows[0].id;
}

export async function listUpdates(db: Db, taskId: number): Promise<UpdateRow[]> {
  const { rows } = await db.query<UpdateRow>(
    `SELECT id, kind, percent, note, requested_due_date AS "requestedDueDate", on_date AS "onDate", username, created_at AS "createdAt"
       FROM task_update WHERE task_id = $1 ORDER BY id`,
    [taskId],
  );
  return rows;
}

/** The extension request waiting for a decision (the latest request with no decision after it). */
export async function findPendingExtension(db: Db, taskId: number): Promise<UpdateRow | null> {
  const updates = await listUpdates(db, taskId);
  for (let i = updates.length - 1; i >= 0; i--) {
    const u = updates[i];
    if (u.kind === 'EXTENSION_APPROVED' || u.kind === 'EXTENSION_REJECTED') return null;
    if (u.kind === 'EXTENSION_REQUESTED') return u;
  }
  return null;
}

export interface EvidenceRow {
  id: number;
  taskId: number;
  updateId: number | null;
  fileName: string;
  contentType: string;
  sizeBytes: number;
  sha256: string;
  username: string | null;
  createdAt: Date;
}

const EVIDENCE_SELECT = `SELECT id, task_id AS "taskId", update_id AS "updateId", file_name AS "fileName", content_type AS "contentType",
    size_bytes AS "sizeBytes", sha256, username, created_at AS "createdAt" FROM task_evidence`;

export async function insertEvidence(db: Db, taskId: number, v: { fileName: string; contentType: string; bytes: Buffer; sha256: string; username: string | null }): Promise<number> {
  const { rows } = await db.query<{ id: number }>(`INSERT INTO task_evidence (task_id, file_name, content_type, size_bytes, sha256, content, username) VALUES ($1,$2,$3,$4,$5,$6,$7) RETURNING id`, [
    taskId,
    v.fileName,
    v.contentType,
    v.bytes.length,
    v.sha256,
    v.bytes,
    v.username,
  ]);
  return rows[0].id;
}

export async function listEvidence(db: Db, taskId: number): Promise<EvidenceRow[]> {
  const { rows } = await db.query<EvidenceRow>(`${EVIDENCE_SELECT} WHERE task_id = $1 ORDER BY id`, [taskId]);
  return rows;
}

export async function findEvidenceContent(db: Db, taskId: number, id: number): Promise<(EvidenceRow & { content: Buffer }) | null> {
  const { rows } = await db.query<EvidenceRow & { content: Buffer }>(
    `SELECT id, task_id AS "taskId", update_id AS "updateId", file_name AS "fileName", content_type AS "contentType", size_bytes AS "sizeBytes", sha256,
            username, created_at AS "createdAt", content FROM task_evidence WHERE task_id = $1 AND id = $2`,
    [taskId, id],
  );
  return rows[0] ?? null;
}

/** Attaches unattached evidence of the task to an update; returns how many were attached. */
export async function attachEvidence(db: Db, taskId: number, updateId: number, ids: number[]): Promise<number> {
  if (ids.length === 0) return 0;
  const { rowCount } = await db.query(`UPDATE task_evidence SET update_id = $3 WHERE task_id = $1 AND id = ANY($2::int[]) AND update_id IS NULL`, [taskId, ids, updateId]);
  return rowCount;
}

export async function findSector(db: Db, code: string): Promise<{ id: number } | null> {
  const { rows } = await db.query<{ id: number }>(`SELECT id FROM org_unit_group WHERE code = $1 AND kind = 'SECTOR'`, [code]);
  return rows[0] ?? null;
}

export async function findIndicatorIds(db: Db, codes: string[]): Promise<Map<string, number>> {
  if (codes.length === 0) return new Map();
  const { rows } = await db.query<{ id: number; code: string }>(`SELECT id, code FROM indicator WHERE code = ANY($1::text[])`, [codes]);
  return new Map(rows.map((r) => [r.code, r.id]));
}

export async function findTargetPaths(db: Db, ids: number[]): Promise<Map<number, string>> {
  if (ids.length === 0) return new Map();
  const { rows } = await db.query<{ id: number; path: string }>(`SELECT t.id, ou.path FROM target t JOIN org_unit ou ON ou.id = t.org_unit_id WHERE t.id = ANY($1::int[])`, [ids]);
  return new Map(rows.map((r) => [r.id, r.path]));
}

export interface UnitByName {
  id: number;
  code: string;
  nameVi: string;
  shortName: string | null;
  path: string;
}

/** Units named in an imported list: by code, or by name or short name folded (accents and case aside). */
export async function findUnitsByCodeOrName(db: Db, codes: string[], foldedNames: string[]): Promise<UnitByName[]> {
  if (codes.length === 0) return [];
  const { rows } = await db.query<UnitByName>(
    `SELECT id, code, name_vi AS "nameVi", short_name AS "shortName", path FROM org_unit
      WHERE upper(code) = ANY($1::text[]) OR fold_vi(name_vi) = ANY($2::text[]) OR fold_vi(short_name) = ANY($2::text[])`,
    [codes.map((c) => c.toUpperCase()), foldedNames],
  );
  return rows;
}

export async function listSectors(db: Db): Promise<{ id: number; code: string; nameVi: string; nameEn: string | null }[]> {
  const { rows } = await db.query<{ id: number; code: string; nameVi: string; nameEn: string | null }>(
    `SELECT id, code, name_vi AS "nameVi", name_en AS "nameEn" FROM org_unit_group WHERE kind = 'SECTOR' ORDER BY code`,
  );
  return rows;
}

/** Tasks with one of these titles (an import refuses to record the same task twice). */
export async function findSameTasks(db: Db, titles: string[]): Promise<{ id: number; title: string; leadOrgUnitId: number; sourceNumber: string | null; dueDate: string }[]> {
  if (titles.length === 0) return [];
  const { rows } = await db.query<{ id: number; title: string; leadOrgUnitId: number; sourceNumber: string | null; dueDate: string }>(
    `SELECT id, title, lead_org_unit_id AS "leadOrgUnitId", source_number AS "sourceNumber", due_date AS "dueDate" FROM task WHERE title = ANY($1::text[])`,
    [titles],
  );
  return rows;
}
