import type { Db } from '../../db/db.ts';
import type { EvaluationConfig, PeriodTotals, Rating, RuleSet, StaffKind, TaskOutcome } from '../../../core/evaluation.ts';
import { keywordForms } from '../../../core/evaluation.ts';

export interface StaffRow {
  id: number;
  fullName: string;
  kind: StaffKind;
  position: string | null;
  isManager: boolean;
  userId: number | null;
  orgUnitId: number;
  orgUnitCode: string;
  orgUnitName: string;
  orgUnitPath: string;
}

const STAFF_SELECT = `SELECT s.id, s.full_name AS "fullName", s.kind, s.position, s.is_manager AS "isManager", s.user_id AS "userId",
    s.org_unit_id AS "orgUnitId", u.code AS "orgUnitCode", u.name_vi AS "orgUnitName", u.path AS "orgUnitPath"
  FROM staff_member s JOIN org_unit u ON u.id = s.org_unit_id`;

export async function findStaff(db: Db, id: number): Promise<StaffRow | null> {
  const { rows } = await db.query<StaffRow>(`${STAFF_SELECT} WHERE s.id = $1`, [id]);
  return rows[0] ?? null;
}

export async function findStaffByUser(db: Db, userId: number): Promise<StaffRow | null> {
  const { rows } = await db.query<StaffRow>(`${STAFF_SELECT} WHERE s.user_id = $1`, [userId]);
  return rows[0] ?? null;
}

/** People active in the year, in subtrees (path prefixes) or by id. */
export async function listStaff(db: Db, filter: { paths?: 'ALL' | string[]; unitPath?: string; unitOnly?: boolean; ids?: readonly number[]; year: number }): Promise<StaffRow[]> {
  const params: unknown[] = [`${filter.year}-01-01`, `${filter.year}-12-31`];
  const where = ['(s.active_from IS NULL OR s.active_from <= $2::date)', '(s.active_to IS NULL OR s.active_to >= $1::date)'];
  if (filter.paths && filter.paths !== 'ALL') {
    params.push(filter.paths.map((p) => `${p}%`));
    where.push(`u.path LIKE ANY ($${params.length}::text[])`);
  }
  if (filter.unitPath) {
    params.push(filter.unitOnly ? filter.unitPath : `${filter.unitPath}%`);
    where.push(filter.unitOnly ? `u.path = $${params.length}` : `u.path LIKE $${params.length}`);
  }
  if (filter.ids) {
    params.push(filter.ids);
    where.push(`s.id = ANY ($${params.length}::int[])`);
  }
  const { rows } = await db.query<StaffRow>(`${STAFF_SELECT} WHERE ${where.join(' AND ')} ORDER BY u.sort_key, s.is_manager DESC, s.full_name, s.id`, params);
  return rows;
}

/** Everyone of the same units, for the quota (which counts the whole unit). */
export async function listStaffOfUnits(db: Db, unitIds: readonly number[], year: number): Promise<StaffRow[]> {
  const { rows } = await db.query<StaffRow>(
    `${STAFF_SELECT} WHERE s.org_unit_id = ANY ($1::int[]) AND (s.active_from IS NULL OR s.active_from <= $3::date) AND (s.active_to IS NULL OR s.active_to >= $2::date)
     ORDER BY s.id`,
    [unitIds, `${year}-01-01`, `${year}-12-31`],
  );
  return rows;
}

export interface FactParams {
  staffIds: readonly number[];
  from: string;
  to: string;
  today: string;
  config: EvaluationConfig;
}

/**
 * The rule set's product kinds with the forms of their keywords, in their order of precedence (kinds without
 * keywords only serve as the default). The same containment as productKindOf in src/core/evaluation.ts.
 */
function kindPatterns(config: EvaluationConfig) {
  return config.productKinds.filter((k) => k.keywords.length > 0).map((k) => ({ code: k.code, forms: k.keywords.flatMap(keywordForms) }));
}

/**
 * One pass over the people's tasks of the range: each task's month, outcome (the SQL twin of taskOutcome in
 * src/core/evaluation.ts, pinned by a test), product kind (the manager's mark, else the first keyword of its
 * expected product) — as its code, or straight as its conversion factor — and planned or not.
 */
function taskRowsSql(p: FactParams, kindAs: 'code' | 'factor'): { sql: string; params: unknown[] } {
  const kinds = kindPatterns(p.config);
  const due = p.config.judgeAgainstExtended ? 'coalesce(t.extended_due_date, t.due_date)' : 't.due_date';
  if (p.from.slice(0, 4) !== p.to.slice(0, 4)) throw new Error('task facts are read one calendar year at a time');
  const codes = p.config.productKinds.map((k) => k.code);
  const factorOf = (code: string) => p.config.productKinds.find((k) => k.code === code)?.factor ?? 1;
  const params: unknown[] = [p.staffIds, p.from, p.to, p.today, codes, kindAs === 'code' ? p.config.defaultProductKind : factorOf(p.config.defaultProductKind), p.config.plannedSources];
  const value = kindAs === 'code' ? 'text' : 'float8';
  // One CASE over the kinds' keywords, not a lookup per task. Plain containment (strpos) is the cheapest test
  // PostgreSQL has for it: measured on 450,000 tasks, about half the cost of LIKE ANY and a fifth of a regular
  // expression; the classification is most of the query's time.
  const branches = kinds.map((k) => {
    const tests = k.forms.map((f) => {
      params.push(f);
      return `strpos(t.expected_product, $${params.length}::text) > 0`;
    });
    params.push(kindAs === 'code' ? k.code : factorOf(k.code));
    return `WHEN ${tests.join(' OR ')} THEN $${params.length}::${value}`;
  });
  const byWords = branches.length ? `CASE ${branches.join(' ')} ELSE $6::${value} END` : `$6::${value}`;
  let marked = 'm.product_kind';
  if (kindAs === 'factor') {
    params.push(codes.map(factorOf));
    marked = `($${params.length}::float8[])[array_position($5::text[], m.product_kind)]`;
  }
  // The month as a number (cheaper than formatting a text per task); the period id is made once per row returned.
  const sql = `SELECT t.responsible_staff_id AS staff_id, t.id AS task_id, t.title, date_part('month', ${due})::int AS period,
      CASE WHEN t.state = 'DONE' THEN CASE WHEN t.done_on <= ${due} THEN 'DONE_ON_TIME' ELSE 'DONE_LATE' END
           WHEN t.state = 'DONE_REPORTED' THEN 'PENDING'
           WHEN $4::date > ${due} THEN 'NOT_DONE' ELSE 'PENDING' END AS outcome,
      CASE WHEN m.product_kind = ANY ($5::text[]) THEN ${marked} ELSE ${byWords} END AS product_kind,
      t.source_kind = ANY ($7::text[]) AS planned,
      coalesce(m.quality_errors, 0) AS quality_errors, coalesce(m.exceeded, false) AS exceeded
    FROM unnest($1::int[]) AS who(id) JOIN task t ON t.responsible_staff_id = who.id
      LEFT JOIN evaluation_task_mark m ON m.task_id = t.id
    WHERE t.state <> 'CANCELLED' AND ${due} BETWEEN $2::date AND $3::date`;
  return { sql, params };
}

export interface TaskFactRow {
  staffId: number;
  taskId: number;
  title: string;
  period: string;
  outcome: TaskOutcome;
  productKind: string;
  planned: boolean;
  qualityErrors: number;
  exceeded: boolean;
}

/** '202603' or '2026Q1' from the year of the range and a month. */
function periodOf(p: FactParams, month: number): string {
  const year = p.from.slice(0, 4);
  return p.config.periodType === 'MONTH' ? `${year}${String(month).padStart(2, '0')}` : `${year}Q${Math.ceil(month / 3)}`;
}

export async function listTaskFacts(db: Db, p: FactParams): Promise<TaskFactRow[]> {
  const { sql, params } = taskRowsSql(p, 'code');
  const { rows } = await db.query<TaskFactRow & { period: number | string }>(
    `SELECT staff_id AS "staffId", task_id AS "taskId", title, period, outcome, product_kind AS "productKind", planned, quality_errors AS "qualityErrors", exceeded
     FROM (${sql}) x ORDER BY 1, 4, 2`,
    params,
  );
  return rows.map((r) => ({ ...r, period: periodOf(p, Number(r.period)) }));
}

export interface PeriodTotalsRow extends PeriodTotals {
  staffId: number;
  period: string;
}

/**
 * The sums of each person's tasks by period (PeriodTotals of src/core/evaluation.ts), made by the database in one
 * pass: one row per person and period instead of one per task, the conversion factors applied in the query.
 * The SQL twin of totalsOfTasks, pinned by a test.
 */
export async function listPeriodTotals(db: Db, p: FactParams): Promise<PeriodTotalsRow[]> {
  const { sql, params } = taskRowsSql(p, 'factor');
  // OFFSET 0 keeps the task rows a subquery of their own: each task's kind is worked out once, not once for every
  // sum that reads its factor (the planner would otherwise copy the CASE into each aggregate).
  params.push(p.config.unplannedFactor, p.config.qualityPenalty, p.config.latePenalty);
  const [uf, qp, lp] = [params.length - 2, params.length - 1, params.length].map((i) => `$${i}::float8`);
  const { rows } = await db.query<{
    staffId: number;
    period: number;
    assigned: number | null;
    done: number | null;
    doneQuality: number | null;
    doneProgress: number | null;
    onTime: number;
    late: number;
    notDone: number;
    pending: number;
    exceeded: number;
    withErrors: number;
    onTimeWithQuality: number;
    exceededDone: number;
  }>(
    `SELECT staff_id AS "staffId", period,
       sum(f) FILTER (WHERE outcome <> 'PENDING') AS assigned,
       sum(f) FILTER (WHERE done) AS done,
       sum(f * greatest(0, 1 - ${qp} * quality_errors)) FILTER (WHERE done) AS "doneQuality",
       sum(f * CASE WHEN outcome = 'DONE_LATE' THEN 1 - ${lp} ELSE 1 END) FILTER (WHERE done) AS "doneProgress",
       count(*) FILTER (WHERE outcome = 'DONE_ON_TIME')::int AS "onTime",
       count(*) FILTER (WHERE outcome = 'DONE_LATE')::int AS late,
       count(*) FILTER (WHERE outcome = 'NOT_DONE')::int AS "notDone",
       count(*) FILTER (WHERE outcome = 'PENDING')::int AS pending,
       count(*) FILTER (WHERE exceeded AND outcome <> 'PENDING')::int AS exceeded,
       count(*) FILTER (WHERE quality_errors > 0 AND outcome <> 'PENDING')::int AS "withErrors",
       count(*) FILTER (WHERE outcome = 'DONE_ON_TIME' AND quality_errors = 0)::int AS "onTimeWithQuality",
       count(*) FILTER (WHERE exceeded AND done)::int AS "exceededDone"
     FROM (SELECT x.*, x.product_kind * CASE WHEN x.planned THEN 1 ELSE ${uf} END AS f, x.outcome IN ('DONE_ON_TIME', 'DONE_LATE') AS done FROM (${sql} OFFSET 0) x) y
     GROUP BY 1, 2`,
    params,
  );
  return rows.map((r) => ({
    staffId: r.staffId,
    period: periodOf(p, Number(r.period)),
    assigned: Number(r.assigned ?? 0),
    done: Number(r.done ?? 0),
    doneQuality: Number(r.doneQuality ?? 0),
    doneProgress: Number(r.doneProgress ?? 0),
    counts: { onTime: r.onTime, late: r.late, notDone: r.notDone, pending: r.pending, exceeded: r.exceeded, withErrors: r.withErrors },
    onTimeWithQuality: r.onTimeWithQuality,
    exceededDone: r.exceededDone,
  }));
}

export interface GeneralScoreRow {
  staffId: number;
  period: string;
  points: number;
  comment: string | null;
  scoredBy: string | null;
  scoredAt: Date;
}

export async function listGeneralScores(db: Db, staffIds: readonly number[], year: number): Promise<GeneralScoreRow[]> {
  const { rows } = await db.query<GeneralScoreRow>(
    `SELECT staff_id AS "staffId", period, points, comment, scored_by AS "scoredBy", scored_at AS "scoredAt"
     FROM evaluation_general_score WHERE staff_id = ANY ($1::int[]) AND left(period, 4) = $2 ORDER BY staff_id, period`,
    [staffIds, String(year)],
  );
  return rows;
}

export async function findGeneralScore(db: Db, staffId: number, period: string): Promise<GeneralScoreRow | null> {
  const { rows } = await db.query<GeneralScoreRow>(
    `SELECT staff_id AS "staffId", period, points, comment, scored_by AS "scoredBy", scored_at AS "scoredAt" FROM evaluation_general_score WHERE staff_id = $1 AND period = $2`,
    [staffId, period],
  );
  return rows[0] ?? null;
}

export async function upsertGeneralScore(db: Db, staffId: number, period: string, points: number, comment: string | null, by: string): Promise<void> {
  await db.query(
    `INSERT INTO evaluation_general_score (staff_id, period, points, comment, scored_by) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (staff_id, period) DO UPDATE SET points = excluded.points, comment = excluded.comment, scored_by = excluded.scored_by, scored_at = now()`,
    [staffId, period, points, comment, by],
  );
}

export interface TaskMarkRow {
  taskId: number;
  productKind: string | null;
  qualityErrors: number;
  exceeded: boolean;
  note: string | null;
  markedBy: string | null;
}

export async function findTaskMark(db: Db, taskId: number): Promise<TaskMarkRow | null> {
  const { rows } = await db.query<TaskMarkRow>(
    `SELECT task_id AS "taskId", product_kind AS "productKind", quality_errors AS "qualityErrors", exceeded, note, marked_by AS "markedBy" FROM evaluation_task_mark WHERE task_id = $1`,
    [taskId],
  );
  return rows[0] ?? null;
}

export async function upsertTaskMark(db: Db, m: TaskMarkRow): Promise<void> {
  await db.query(
    `INSERT INTO evaluation_task_mark (task_id, product_kind, quality_errors, exceeded, note, marked_by) VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT (task_id) DO UPDATE SET product_kind = excluded.product_kind, quality_errors = excluded.quality_errors, exceeded = excluded.exceeded,
       note = excluded.note, marked_by = excluded.marked_by, updated_at = now()`,
    [m.taskId, m.productKind, m.qualityErrors, m.exceeded, m.note, m.markedBy],
  );
}

export async function findTaskUnit(db: Db, taskId: number): Promise<{ id: number; leadPath: string; leadOrgUnitId: number; responsibleStaffId: number | null } | null> {
  const { rows } = await db.query<{ id: number; leadPath: string; leadOrgUnitId: number; responsibleStaffId: number | null }>(
    `SELECT t.id, u.path AS "leadPath", u.id AS "leadOrgUnitId", t.responsible_staff_id AS "responsibleStaffId" FROM task t JOIN org_unit u ON u.id = t.lead_org_unit_id WHERE t.id = $1`,
    [taskId],
  );
  return rows[0] ?? null;
}

export interface YearRow {
  staffId: number;
  year: number;
  ruleSetId: string;
  selfAssessment: string | null;
  selfRating: Rating | null;
  selfAt: Date | null;
  managerComment: string | null;
  managerRating: Rating | null;
  managerBy: string | null;
  managerAt: Date | null;
  collectiveComment: string | null;
  collectiveAt: Date | null;
  disciplined: boolean;
  disciplineNote: string | null;
  computedPoints: number | null;
  computedRating: Rating | null;
  decidedRating: Rating | null;
  decisionNumber: string | null;
  overrideReason: string | null;
  decidedBy: string | null;
  decidedAt: Date | null;
}

const YEAR_SELECT = `SELECT staff_id AS "staffId", year, rule_set_id AS "ruleSetId", self_assessment AS "selfAssessment", self_rating AS "selfRating", self_at AS "selfAt",
  manager_comment AS "managerComment", manager_rating AS "managerRating", manager_by AS "managerBy", manager_at AS "managerAt",
  collective_comment AS "collectiveComment", collective_at AS "collectiveAt", disciplined, discipline_note AS "disciplineNote",
  computed_points AS "computedPoints", computed_rating AS "computedRating", decided_rating AS "decidedRating", decision_number AS "decisionNumber",
  override_reason AS "overrideReason", decided_by AS "decidedBy", decided_at AS "decidedAt" FROM evaluation_year`;

export async function listYears(db: Db, staffIds: readonly number[], year: number): Promise<YearRow[]> {
  const { rows } = await db.query<YearRow>(`${YEAR_SELECT} WHERE staff_id = ANY ($1::int[]) AND year = $2`, [staffIds, year]);
  return rows;
}

/**
 * For each of the years and each person active in it (all people, or the ids given): the decided rating, the
 * upheld appeal's rating (the latest), the discipline, and nothing else — only people with a year record, an
 * upheld appeal, a general score or a task due in the year (by its date or its extended date) are answered.
 * One query for all the years (getRatingsOfYears).
 */
export async function listYearStates(db: Db, years: readonly number[], staffIds?: readonly number[]): Promise<YearStateRow[]> {
  const params: unknown[] = [years];
  let who = '';
  if (staffIds) {
    params.push(staffIds);
    who = ' AND s.id = ANY ($2::int[])';
  }
  const { rows } = await db.query<YearStateRow>(
    `WITH ys AS (SELECT unnest($1::int[]) AS year),
     touched AS (
       SELECT staff_id, year FROM evaluation_year WHERE year = ANY ($1::int[])
       UNION SELECT staff_id, year FROM evaluation_appeal WHERE year = ANY ($1::int[]) AND outcome = 'UPHELD' AND outcome_rating IS NOT NULL
       UNION SELECT staff_id, left(period, 4)::int FROM evaluation_general_score WHERE left(period, 4) = ANY (SELECT year::text FROM ys)
       UNION SELECT t.responsible_staff_id, ys.year FROM task t JOIN ys ON t.due_date BETWEEN make_date(ys.year, 1, 1) AND make_date(ys.year, 12, 31)
         WHERE t.state <> 'CANCELLED' AND t.responsible_staff_id IS NOT NULL
       UNION SELECT t.responsible_staff_id, ys.year FROM task t JOIN ys ON t.extended_due_date BETWEEN make_date(ys.year, 1, 1) AND make_date(ys.year, 12, 31)
         WHERE t.state <> 'CANCELLED' AND t.responsible_staff_id IS NOT NULL)
     SELECT x.year, s.id AS "staffId", e.decided_rating AS "decidedRating", coalesce(e.disciplined, false) AS disciplined,
       (SELECT a.outcome_rating FROM evaluation_appeal a WHERE a.staff_id = s.id AND a.year = x.year AND a.outcome = 'UPHELD' AND a.outcome_rating IS NOT NULL ORDER BY a.id DESC LIMIT 1) AS "upheldRating"
     FROM touched x JOIN staff_member s ON s.id = x.staff_id
       LEFT JOIN evaluation_year e ON e.staff_id = s.id AND e.year = x.year
     WHERE (s.active_from IS NULL OR s.active_from <= make_date(x.year, 12, 31)) AND (s.active_to IS NULL OR s.active_to >= make_date(x.year, 1, 1))${who}`,
    params,
  );
  return rows;
}

export interface YearStateRow {
  year: number;
  staffId: number;
  decidedRating: string | null;
  upheldRating: string | null;
  disciplined: boolean;
}

export async function findYear(db: Db, staffId: number, year: number): Promise<YearRow | null> {
  const { rows } = await db.query<YearRow>(`${YEAR_SELECT} WHERE staff_id = $1 AND year = $2`, [staffId, year]);
  return rows[0] ?? null;
}

/** Creates the year's record if missing, then sets the given columns. */
export async function saveYear(db: Db, staffId: number, year: number, ruleSetId: string, set: Partial<Record<string, unknown>>): Promise<void> {
  await db.query(`INSERT INTO evaluation_year (staff_id, year, rule_set_id) VALUES ($1, $2, $3) ON CONFLICT (staff_id, year) DO NOTHING`, [staffId, year, ruleSetId]);
  const cols = Object.keys(set);
  if (cols.length === 0) return;
  // Column names come from the service's fixed lists, never from input.
  const assignments = cols.map((c, i) => `${c} = $${i + 3}`).join(', ');
  await db.query(`UPDATE evaluation_year SET ${assignments}, updated_at = now() WHERE staff_id = $1 AND year = $2`, [staffId, year, ...cols.map((c) => set[c])]);
}

export interface AppealRow {
  id: number;
  staffId: number;
  year: number;
  reason: string;
  submittedBy: string | null;
  submittedAt: Date;
  outcome: 'PENDING' | 'UPHELD' | 'REJECTED';
  outcomeRating: Rating | null;
  outcomeNote: string | null;
  decidedBy: string | null;
  decidedAt: Date | null;
}

const APPEAL_SELECT = `SELECT id, staff_id AS "staffId", year, reason, submitted_by AS "submittedBy", submitted_at AS "submittedAt", outcome, outcome_rating AS "outcomeRating",
  outcome_note AS "outcomeNote", decided_by AS "decidedBy", decided_at AS "decidedAt" FROM evaluation_appeal`;

export async function listAppeals(db: Db, staffIds: readonly number[], year: number): Promise<AppealRow[]> {
  const { rows } = await db.query<AppealRow>(`${APPEAL_SELECT} WHERE staff_id = ANY ($1::int[]) AND year = $2 ORDER BY id`, [staffIds, year]);
  return rows;
}

export async function findAppeal(db: Db, id: number): Promise<AppealRow | null> {
  const { rows } = await db.query<AppealRow>(`${APPEAL_SELECT} WHERE id = $1`, [id]);
  return rows[0] ?? null;
}

export async function insertAppeal(db: Db, staffId: number, year: number, reason: string, by: string): Promise<number> {
  const { rows } = await db.query<{ id: number }>(`INSERT INTO evaluation_appeal (staff_id, year, reason, submitted_by) VALUES ($1, $2, $3, $4) RETURNING id`, [staffId, year, reason, by]);
  return rows[0].id;
}

export async function decideAppeal(db: Db, id: number, outcome: 'UPHELD' | 'REJECTED', rating: Rating | null, note: string, by: string): Promise<void> {
  await db.query(`UPDATE evaluation_appeal SET outcome = $2, outcome_rating = $3, outcome_note = $4, decided_by = $5, decided_at = now() WHERE id = $1`, [id, outcome, rating, note, by]);
}

export interface RuleVersionRow {
  id: number;
  ruleSetId: RuleSet['id'];
  name: string;
  legalBasis: string;
  effectiveFrom: string;
  effectiveTo: string | null;
  overrides: Partial<EvaluationConfig>;
  createdBy: string | null;
  createdAt: Date;
}

const VERSION_SELECT = `SELECT id, rule_set_id AS "ruleSetId", name, legal_basis AS "legalBasis", to_char(effective_from, 'YYYY-MM-DD') AS "effectiveFrom",
  to_char(effective_to, 'YYYY-MM-DD') AS "effectiveTo", config AS overrides, created_by AS "createdBy", created_at AS "createdAt" FROM evaluation_rule_version`;

/** Every version of the rule sets' values, oldest first. */
export async function listRuleVersions(db: Db): Promise<RuleVersionRow[]> {
  const { rows } = await db.query<RuleVersionRow>(`${VERSION_SELECT} ORDER BY rule_set_id, effective_from, id`);
  return rows;
}

export async function findRuleVersion(db: Db, id: number): Promise<RuleVersionRow | null> {
  const { rows } = await db.query<RuleVersionRow>(`${VERSION_SELECT} WHERE id = $1`, [id]);
  return rows[0] ?? null;
}

export async function insertRuleVersion(db: Db, v: Omit<RuleVersionRow, 'id' | 'createdAt'>): Promise<number> {
  const { rows } = await db.query<{ id: number }>(
    `INSERT INTO evaluation_rule_version (rule_set_id, name, legal_basis, effective_from, effective_to, config, created_by) VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7) RETURNING id`,
    [v.ruleSetId, v.name, v.legalBasis, v.effectiveFrom, v.effectiveTo, JSON.stringify(v.overrides), v.createdBy],
  );
  return rows[0].id;
}

export interface StoredPeriodScore {
  staffId: number;
  period: string;
  ruleSetId: string;
  taskPoints: number | null;
  generalPoints: number | null;
  totalPoints: number | null;
  assignedWeight: number;
  taskCount: number;
  pendingCount: number;
  sources: unknown;
}

/** Stores computed period scores in one statement per batch (replacing earlier ones). */
export async function storePeriodScores(db: Db, scores: readonly StoredPeriodScore[]): Promise<void> {
  for (let i = 0; i < scores.length; i += 5000) {
    const batch = scores.slice(i, i + 5000);
    await db.query(
      `INSERT INTO evaluation_period_score (staff_id, period, rule_set_id, task_points, general_points, total_points, assigned_weight, task_count, pending_count, sources)
       SELECT r."staffId", r.period, r."ruleSetId", r."taskPoints", r."generalPoints", r."totalPoints", r."assignedWeight", r."taskCount", r."pendingCount", r.sources
       FROM jsonb_to_recordset($1::jsonb) AS r("staffId" int, period text, "ruleSetId" text, "taskPoints" numeric, "generalPoints" numeric, "totalPoints" numeric,
         "assignedWeight" numeric, "taskCount" int, "pendingCount" int, sources jsonb)
       ON CONFLICT (staff_id, period) DO UPDATE SET rule_set_id = excluded.rule_set_id, task_points = excluded.task_points, general_points = excluded.general_points,
         total_points = excluded.total_points, assigned_weight = excluded.assigned_weight, task_count = excluded.task_count, pending_count = excluded.pending_count,
         sources = excluded.sources, computed_at = now()`,
      [JSON.stringify(batch)],
    );
  }
}
