import type { Db } from '../../db/db.ts';
import type { OrgUnitRef } from '../org-units/lookup.ts';

export interface IndicatorRow {
  code: string;
  nameVi: string;
  unit: string | null;
  decimals: number;
  direction: 'HIGHER_IS_BETTER' | 'LOWER_IS_BETTER';
  minCoverage: number;
  sectorName: string | null;
}

/** Indicators grouped by sector (sectors by name, indicators by name). */
export async function listIndicators(db: Db): Promise<IndicatorRow[]> {
  const { rows } = await db.query<IndicatorRow>(
    `SELECT i.code, i.name_vi AS "nameVi", i.unit, i.decimals, i.direction, i.min_coverage AS "minCoverage", s.name_vi AS "sectorName"
       FROM indicator i LEFT JOIN org_unit_group s ON s.id = i.sector_id
      ORDER BY s.id IS NULL, s.id, i.code`,
  );
  return rows;
}

export async function findParentName(db: Db, orgUnitId: number): Promise<string | null> {
  const { rows } = await db.query<{ nameVi: string }>(`SELECT p.name_vi AS "nameVi" FROM org_unit u JOIN org_unit p ON p.id = u.parent_id WHERE u.id = $1`, [orgUnitId]);
  return rows[0]?.nameVi ?? null;
}

/** The unit holding the most targets among those the caller may read: whose figures a briefing quotes by default. */
export async function findTargetHolder(db: Db, paths: 'ALL' | string[]): Promise<OrgUnitRef | null> {
  const { rows } = await db.query<OrgUnitRef>(
    `SELECT ou.id, ou.code, ou.name_vi AS "nameVi", ou.path, ou.level, ou.opening_date AS "openingDate", ou.closing_date AS "closingDate"
       FROM target t JOIN org_unit ou ON ou.id = t.org_unit_id
      WHERE $1::text[] IS NULL OR ou.path LIKE ANY ($1::text[])
      GROUP BY ou.id ORDER BY count(*) DESC, ou.level, ou.id LIMIT 1`,
    [paths === 'ALL' ? null : paths.map((p) => `${p}%`)],
  );
  return rows[0] ?? null;
}

/** The units directly below a unit that are open at some time in the period, by name. */
export async function listOpenChildren(db: Db, parentId: number, startDate: string, endDate: string): Promise<OrgUnitRef[]> {
  const { rows } = await db.query<OrgUnitRef>(
    `SELECT id, code, name_vi AS "nameVi", path, level, opening_date AS "openingDate", closing_date AS "closingDate"
       FROM org_unit WHERE parent_id = $1 AND (closing_date IS NULL OR closing_date >= $2) AND (opening_date IS NULL OR opening_date <= $3)
      ORDER BY name_vi, id`,
    [parentId, startDate, endDate],
  );
  return rows;
}

export interface RegimeReporting {
  regimeName: string;
  expected: number;
  received: number;
  late: number;
}

/** For each monthly regime: units of the subtree expected to report the month, those whose report arrived, and how many late. */
export async function reportingOfMonth(db: Db, month: string, subtreePath: string): Promise<RegimeReporting[]> {
  const { rows } = await db.query<RegimeReporting>(
    `WITH expected AS (
       SELECT DISTINCT r.id AS regime_id, u.id AS org_unit_id
         FROM report_regime r JOIN report_regime_assignment a ON a.regime_id = r.id
         JOIN org_unit u ON u.id = a.org_unit_id OR (a.level IS NOT NULL AND u.level = a.level)
              OR (a.group_id IS NOT NULL AND u.id IN (SELECT m.org_unit_id FROM org_unit_group_member m WHERE m.group_id = a.group_id))
        WHERE r.is_active AND r.period_type = 'MONTHLY' AND u.path LIKE $2 || '%'
          AND (u.closing_date IS NULL OR u.closing_date >= (SELECT start_date FROM period WHERE iso = $1))
          AND (u.opening_date IS NULL OR u.opening_date <= (SELECT end_date FROM period WHERE iso = $1)))
     SELECT r.name_vi AS "regimeName", count(*)::int AS expected,
            count(rs.org_unit_id) FILTER (WHERE rs.status IN ('SUBMITTED', 'APPROVED'))::int AS received,
            count(rs.org_unit_id) FILTER (WHERE rs.status IN ('SUBMITTED', 'APPROVED') AND rs.is_late)::int AS late
       FROM expected e JOIN report_regime r ON r.id = e.regime_id
       LEFT JOIN report_status rs ON rs.regime_id = e.regime_id AND rs.org_unit_id = e.org_unit_id AND rs.period_id = (SELECT id FROM period WHERE iso = $1)
      GROUP BY r.id, r.name_vi ORDER BY r.name_vi`,
    [month, subtreePath],
  );
  return rows;
}

export async function openAlertCounts(db: Db, paths: 'ALL' | string[]): Promise<{ severity: string; count: number }[]> {
  const { rows } = await db.query<{ severity: string; count: number }>(
    `SELECT a.severity, count(*)::int AS count FROM alert a JOIN org_unit ou ON ou.id = a.org_unit_id
      WHERE a.state = 'OPEN' AND ($1::text[] IS NULL OR ou.path LIKE ANY ($1::text[])) GROUP BY a.severity`,
    [paths === 'ALL' ? null : paths.map((p) => `${p}%`)],
  );
  return rows;
}

// ---------------------------------------------------------------------------------------------
// Stored briefings and the register of outgoing documents

export interface StoredConclusion {
  text: string;
  leadOrgUnit: { id: number; code: string; nameVi: string };
  dueDate: string;
  responsible: string | null;
}

export interface BriefingRow {
  id: number;
  orgUnit: OrgUnitRef;
  figureOrgUnitId: number;
  month: string;
  place: string;
  state: 'DRAFT' | 'FINAL';
  generated: unknown;
  edits: Record<string, { paragraphs: string[]; carriedFrom?: string }>;
  conclusions: StoredConclusion[];
  finalContent: unknown;
  symbol: string | null;
  issuedOn: string | null;
  basedOnId: number | null;
  version: number;
  createdAt: Date;
  updatedAt: Date;
  finalisedAt: Date | null;
}

const BRIEFING_SELECT = `
  SELECT b.id, json_build_object('id', ou.id, 'code', ou.code, 'nameVi', ou.name_vi, 'path', ou.path, 'level', ou.level) AS "orgUnit",
         b.figure_org_unit_id AS "figureOrgUnitId", b.month, b.place, b.state, b.generated, b.edits, b.conclusions,
         b.final_content AS "finalContent", od.symbol, od.issued_on AS "issuedOn", b.based_on_id AS "basedOnId", b.version,
         b.created_at AS "createdAt", b.updated_at AS "updatedAt", b.finalised_at AS "finalisedAt"
    FROM briefing b JOIN org_unit ou ON ou.id = b.org_unit_id LEFT JOIN outgoing_document od ON od.id = b.outgoing_document_id`;

export async function findBriefing(db: Db, id: number, forUpdate = false): Promise<BriefingRow | null> {
  const { rows } = await db.query<BriefingRow>(`${BRIEFING_SELECT} WHERE b.id = $1${forUpdate ? ' FOR UPDATE OF b' : ''}`, [id]);
  return rows[0] ?? null;
}

/** Briefings of the units under the given paths (newest month first), without their content. */
export async function listBriefings(db: Db, filter: { paths: 'ALL' | string[]; orgUnitId?: number; state?: 'DRAFT' | 'FINAL' }) {
  const { rows } = await db.query<{
    id: number;
    orgUnit: { code: string; nameVi: string };
    month: string;
    state: 'DRAFT' | 'FINAL';
    symbol: string | null;
    issuedOn: string | null;
    version: number;
    updatedAt: Date;
    basedOnId: number | null;
  }>(
    `SELECT b.id, json_build_object('code', ou.code, 'nameVi', ou.name_vi) AS "orgUnit", b.month, b.state, od.symbol, od.issued_on AS "issuedOn",
            b.version, b.updated_at AS "updatedAt", b.based_on_id AS "basedOnId"
       FROM briefing b JOIN org_unit ou ON ou.id = b.org_unit_id LEFT JOIN outgoing_document od ON od.id = b.outgoing_document_id
      WHERE ($1::text[] IS NULL OR ou.path LIKE ANY ($1::text[])) AND ($2::int IS NULL OR b.org_unit_id = $2) AND ($3::text IS NULL OR b.state = $3)
      ORDER BY b.month DESC, b.id DESC LIMIT 500`,
    [filter.paths === 'ALL' ? null : filter.paths.map((p) => `${p}%`), filter.orgUnitId ?? null, filter.state ?? null],
  );
  return rows;
}

export async function insertBriefing(
  db: Db,
  b: { orgUnitId: number; figureOrgUnitId: number; month: string; place: string; generated: unknown; edits: unknown; basedOnId: number | null; createdBy: number | null },
): Promise<number> {
  const { rows } = await db.query<{ id: number }>(
    `INSERT INTO briefing (org_unit_id, figure_org_unit_id, month, place, generated, edits, based_on_id, created_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
    [b.orgUnitId, b.figureOrgUnitId, b.month, b.place, JSON.stringify(b.generated), JSON.stringify(b.edits), b.basedOnId, b.createdBy],
  );
  return rows[0].id;
}

export async function updateDraft(db: Db, id: number, change: { edits?: unknown; conclusions?: unknown }): Promise<void> {
  await db.query(`UPDATE briefing SET edits = COALESCE($2, edits), conclusions = COALESCE($3, conclusions), version = version + 1, updated_at = now() WHERE id = $1 AND state = 'DRAFT'`, [
    id,
    change.edits === undefined ? null : JSON.stringify(change.edits),
    change.conclusions === undefined ? null : JSON.stringify(change.conclusions),
  ]);
}

/** Registers an outgoing document under the next number of its issuer's year (the issuer's row is locked meanwhile). */
export async function registerOutgoing(
  db: Db,
  d: { orgUnitId: number; year: number; kind: 'BC'; subject: string; issuedOn: string; registeredBy: number | null },
  symbolOf: (n: number) => string,
  nextOf: (registered: number[]) => number,
) {
  await db.query('SELECT id FROM org_unit WHERE id = $1 FOR NO KEY UPDATE', [d.orgUnitId]);
  const { rows: taken } = await db.query<{ number: number }>('SELECT number FROM outgoing_document WHERE org_unit_id = $1 AND year = $2', [d.orgUnitId, d.year]);
  const number = nextOf(taken.map((r) => r.number));
  const symbol = symbolOf(number);
  const { rows } = await db.query<{ id: number }>(
    `INSERT INTO outgoing_document (org_unit_id, year, number, kind, symbol, subject, issued_on, registered_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
    [d.orgUnitId, d.year, number, d.kind, symbol, d.subject, d.issuedOn, d.registeredBy],
  );
  return { id: rows[0].id, number, symbol };
}

export async function finaliseBriefing(db: Db, id: number, f: { finalContent: unknown; outgoingDocumentId: number; finalisedBy: number | null }): Promise<void> {
  await db.query(
    `UPDATE briefing SET state = 'FINAL', final_content = $2, outgoing_document_id = $3, finalised_by = $4, finalised_at = now(), version = version + 1, updated_at = now() WHERE id = $1 AND state = 'DRAFT'`,
    [id, JSON.stringify(f.finalContent), f.outgoingDocumentId, f.finalisedBy],
  );
}

export async function listOutgoing(db: Db, orgUnitId: number, year: number) {
  const { rows } = await db.query<{ id: number; number: number; symbol: string; kind: string; subject: string; issuedOn: string; briefingId: number | null; registeredAt: Date }>(
    `SELECT od.id, od.number, od.symbol, od.kind, od.subject, od.issued_on AS "issuedOn", b.id AS "briefingId", od.registered_at AS "registeredAt"
       FROM outgoing_document od LEFT JOIN briefing b ON b.outgoing_document_id = od.id
      WHERE od.org_unit_id = $1 AND od.year = $2 ORDER BY od.number`,
    [orgUnitId, year],
  );
  return rows;
}

export async function conclusionTasks(db: Db, briefingId: number): Promise<Map<number, number>> {
  const { rows } = await db.query<{ item: number; taskId: number }>('SELECT item, task_id AS "taskId" FROM briefing_conclusion_task WHERE briefing_id = $1', [briefingId]);
  return new Map(rows.map((r) => [r.item, r.taskId]));
}

export async function insertConclusionTask(db: Db, briefingId: number, item: number, taskId: number): Promise<void> {
  await db.query('INSERT INTO briefing_conclusion_task (briefing_id, item, task_id) VALUES ($1, $2, $3)', [briefingId, item, taskId]);
}

export interface PreviousBriefing {
  id: number;
  month: string;
  symbol: string | null;
  issuedOn: string | null;
  conclusions: StoredConclusion[];
  /** Conclusion item (0-based) → the task it became. */
  tasks: Map<number, number>;
}

/**
 * The last finalised briefing of a unit for an earlier month that drew conclusions (the latest month, then
 * the latest issued), with the tasks its conclusions became.
 */
export async function findPreviousBriefing(db: Db, orgUnitId: number, month: string): Promise<PreviousBriefing | null> {
  const { rows } = await db.query<Omit<PreviousBriefing, 'tasks'> & { tasks: { item: number; taskId: number }[] }>(
    `SELECT b.id, b.month, od.symbol, od.issued_on AS "issuedOn", b.conclusions,
            coalesce((SELECT json_agg(json_build_object('item', c.item, 'taskId', c.task_id)) FROM briefing_conclusion_task c WHERE c.briefing_id = b.id), '[]'::json) AS tasks
       FROM briefing b LEFT JOIN outgoing_document od ON od.id = b.outgoing_document_id
      WHERE b.org_unit_id = $1 AND b.state = 'FINAL' AND b.month < $2 AND jsonb_array_length(b.conclusions) > 0
      ORDER BY b.month DESC, b.finalised_at DESC, b.id DESC LIMIT 1`,
    [orgUnitId, month],
  );
  const row = rows[0];
  if (!row) return null;
  return { ...row, tasks: new Map(row.tasks.map((t) => [t.item, t.taskId])) };
}
