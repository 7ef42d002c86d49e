import type { Db } from '../../db/db.ts';
import { pathFilterSql } from '../../access.ts';
import { foldVietnamese, vietnameseSortKey } from '../../../core/vietnamese.ts';

export type LineageKind = 'MERGE' | 'SPLIT' | 'RENAME';
export type GroupKind = 'GROUP' | 'SECTOR';

export interface OrgUnitRow {
  id: number;
  code: string;
  /** The DHIS2 UID a DHIS2 client names it by. */
  uid: string;
  nameVi: string;
  nameEn: string | null;
  shortName: string | null;
  type: string;
  parentId: number | null;
  parentCode: string | null;
  level: number;
  path: string;
  openingDate: string | null;
  closingDate: string | null;
  attributes: Record<string, unknown>;
}

const UNIT_COLUMNS = `u.id, u.code, u.uid, u.name_vi AS "nameVi", u.name_en AS "nameEn", u.short_name AS "shortName", u.type,
  u.parent_id AS "parentId", p.code AS "parentCode", u.level, u.path,
  u.opening_date::text AS "openingDate", u.closing_date::text AS "closingDate", u.attributes`;
const UNIT_FROM = 'org_unit u LEFT JOIN org_unit p ON p.id = u.parent_id';
/** Vietnamese dictionary order; the code breaks ties between namesakes. */
const UNIT_ORDER = 'u.sort_key COLLATE "C", u.code COLLATE "C"';

/** Escapes LIKE wildcards so that a search for "10%" means the characters, not a pattern. */
function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** The text the search matches: name, code and short name, folded (no accents, lower case). */
export function buildSearchText(nameVi: string, code: string, shortName: string | null): string {
  return foldVietnamese(`${nameVi} ${code} ${shortName ?? ''}`);
}

/** SQL condition: the unit was open on the date in parameter $n (closing date is its last day). */
function openOnSql(alias: string, n: number): string {
  return `(${alias}.opening_date IS NULL OR ${alias}.opening_date <= $${n}::date) AND (${alias}.closing_date IS NULL OR ${alias}.closing_date >= $${n}::date)`;
}

export async function findOrgUnit(db: Db, ref: string | number): Promise<OrgUnitRow | null> {
  const byId = typeof ref === 'number' || /^id:\d+$/.test(ref);
  const key = typeof ref === 'number' ? ref : byId ? Number(ref.slice(3)) : ref;
  const { rows } = await db.query<OrgUnitRow>(`SELECT ${UNIT_COLUMNS} FROM ${UNIT_FROM} WHERE ${byId ? 'u.id = $1' : 'u.code = $1'}`, [key]);
  return rows[0] ?? null;
}

export async function findOrgUnitsByCodes(db: Db, codes: readonly string[]): Promise<OrgUnitRow[]> {
  if (codes.length === 0) return [];
  const { rows } = await db.query<OrgUnitRow>(`SELECT ${UNIT_COLUMNS} FROM ${UNIT_FROM} WHERE u.code = ANY ($1::text[])`, [codes]);
  return rows;
}

export interface OrgUnitFilter {
  /** Already folded search text. */
  q?: string;
  /** LIKE patterns over the search text with its spaces removed (core/fuzzy-search.ts); any one matches. */
  qPatterns?: string[];
  level?: number;
  parentId?: number;
  groupId?: number;
  type?: string;
  /** Only units open on this date; null for every unit. */
  openOn: string | null;
  scopePaths: 'ALL' | string[];
  limit: number;
  offset: number;
}

export async function listOrgUnits(db: Db, f: OrgUnitFilter): Promise<{ total: number; items: OrgUnitRow[] }> {
  const params: unknown[] = [];
  const where: string[] = [pathFilterSql(f.scopePaths, 'u.path', params)];
  if (f.q) {
    params.push(`%${escapeLike(f.q)}%`);
    where.push(`u.search_text LIKE $${params.length}`);
  }
  if (f.qPatterns) {
    params.push(f.qPatterns);
    where.push(f.qPatterns.length === 0 ? 'FALSE' : `replace(u.search_text, ' ', '') LIKE ANY ($${params.length}::text[])`);
  }
  if (f.level !== undefined) {
    params.push(f.level);
    where.push(`u.level = $${params.length}`);
  }
  if (f.parentId !== undefined) {
    params.push(f.parentId);
    where.push(`u.parent_id = $${params.length}`);
  }
  if (f.groupId !== undefined) {
    params.push(f.groupId);
    where.push(`EXISTS (SELECT 1 FROM org_unit_group_member m WHERE m.org_unit_id = u.id AND m.group_id = $${params.length})`);
  }
  if (f.type !== undefined) {
    params.push(f.type);
    where.push(`u.type = $${params.length}`);
  }
  if (f.openOn !== null) {
    params.push(f.openOn);
    where.push(openOnSql('u', params.length));
  }
  const whereSql = where.join(' AND ');
  const total = (await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM org_unit u WHERE ${whereSql}`, params)).rows[0].n;
  params.push(f.limit, f.offset);
  const { rows } = await db.query<OrgUnitRow>(`SELECT ${UNIT_COLUMNS} FROM ${UNIT_FROM} WHERE ${whereSql} ORDER BY ${UNIT_ORDER} LIMIT $${params.length - 1} OFFSET $${params.length}`, params);
  return { total, items: rows };
}

/** Every descendant of the unit at `path` (not the unit itself), down to maxLevel when given. */
export async function listDescendants(db: Db, path: string, opts: { maxLevel?: number; openOn: string | null }): Promise<OrgUnitRow[]> {
  const params: unknown[] = [`${escapeLike(path)}%`, path];
  const where = ['u.path LIKE $1', 'u.path <> $2'];
  if (opts.maxLevel !== undefined) {
    params.push(opts.maxLevel);
    where.push(`u.level <= $${params.length}`);
  }
  if (opts.openOn !== null) {
    params.push(opts.openOn);
    where.push(openOnSql('u', params.length));
  }
  const { rows } = await db.query<OrgUnitRow>(`SELECT ${UNIT_COLUMNS} FROM ${UNIT_FROM} WHERE ${where.join(' AND ')} ORDER BY u.level, ${UNIT_ORDER}`, params);
  return rows;
}

export async function countChildren(db: Db, id: number, openOn: string | null = null): Promise<number> {
  const params: unknown[] = [id];
  let extra = '';
  if (openOn !== null) {
    params.push(openOn);
    extra = ` AND ${openOnSql('u', 2)}`;
  }
  const { rows } = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM org_unit u WHERE u.parent_id = $1${extra}`, params);
  return rows[0].n;
}

/** The units on the path from the root down to (not including) the unit, root first. */
export async function listAncestors(db: Db, path: string): Promise<{ id: number; code: string; nameVi: string; level: number }[]> {
  const ids = path.split('/').filter(Boolean).map(Number).slice(0, -1);
  if (ids.length === 0) return [];
  const { rows } = await db.query<{ id: number; code: string; nameVi: string; level: number }>('SELECT id, code, name_vi AS "nameVi", level FROM org_unit WHERE id = ANY ($1::int[]) ORDER BY level', [
    ids,
  ]);
  return rows;
}

export interface NewOrgUnit {
  code: string;
  nameVi: string;
  nameEn: string | null;
  shortName: string | null;
  type: string;
  parentId: number | null;
  parentPath: string | null;
  level: number;
  openingDate: string | null;
  closingDate: string | null;
  attributes: Record<string, unknown>;
  /** Absent: a fresh DHIS2 UID. */
  uid?: string | null;
}

/** Inserts a unit and sets its path from the id the database gave it. */
export async function insertOrgUnit(db: Db, u: NewOrgUnit): Promise<number> {
  const { rows } = await db.query<{ id: number }>(
    `INSERT INTO org_unit (code, name_vi, name_en, short_name, type, parent_id, level, path, opening_date, closing_date,
                           search_text, sort_key, attributes, uid)
     VALUES ($1,$2,$3,$4,$5,$6,$7,'',$8,$9,$10,$11,$12::jsonb, COALESCE($13, dhis2_uid())) RETURNING id`,
    [
      u.code,
      u.nameVi,
      u.nameEn,
      u.shortName,
      u.type,
      u.parentId,
      u.level,
      u.openingDate,
      u.closingDate,
      buildSearchText(u.nameVi, u.code, u.shortName),
      vietnameseSortKey(u.nameVi),
      JSON.stringify(u.attributes),
      u.uid ?? null,
    ],
  );
  const id = rows[0].id;
  await db.query('UPDATE org_unit SET path = $2 WHERE id = $1', [id, `${u.parentPath ?? '/'}${id}/`]);
  return id;
}

export interface OrgUnitFields {
  nameVi: string;
  nameEn: string | null;
  shortName: string | null;
  type: string;
  openingDate: string | null;
  closingDate: string | null;
  attributes: Record<string, unknown>;
  /** Absent or null keeps the UID. */
  uid?: string | null;
}

/** The unit (id and code) holding this DHIS2 UID, or null. */
export async function findOrgUnitByUid(db: Db, uid: string): Promise<{ id: number; code: string } | null> {
  const { rows } = await db.query<{ id: number; code: string }>('SELECT id, code FROM org_unit WHERE uid = $1', [uid]);
  return rows[0] ?? null;
}

/** Writes the descriptive fields (not the position in the tree) and refreshes search and sort keys. */
export async function updateOrgUnitFields(db: Db, id: number, code: string, f: OrgUnitFields): Promise<void> {
  await db.query(
    `UPDATE org_unit SET name_vi = $2, name_en = $3, short_name = $4, type = $5, opening_date = $6, closing_date = $7,
            attributes = $8::jsonb, search_text = $9, sort_key = $10, uid = COALESCE($11, uid), updated_at = now()
      WHERE id = $1`,
    [id, f.nameVi, f.nameEn, f.shortName, f.type, f.openingDate, f.closingDate, JSON.stringify(f.attributes), buildSearchText(f.nameVi, code, f.shortName), vietnameseSortKey(f.nameVi), f.uid ?? null],
  );
}

/**
 * Moves a unit under a new parent: one statement rewrites the path and level of the unit and of
 * every descendant, so the tree is never seen half moved.
 */
export async function moveSubtree(db: Db, unitId: number, oldPath: string, newPath: string, levelDelta: number, newParentId: number | null): Promise<number> {
  const { rowCount } = await db.query(
    `UPDATE org_unit
        SET path = $3 || substr(path, length($2) + 1),
            level = level + $4,
            parent_id = CASE WHEN id = $1 THEN $5::int ELSE parent_id END,
            updated_at = now()
      WHERE path LIKE $6`,
    [unitId, oldPath, newPath, levelDelta, newParentId, `${escapeLike(oldPath)}%`],
  );
  return rowCount;
}

/** Children still open after `date` (closing_date null or later): they would be orphaned by closing their parent. */
export async function countChildrenOpenAfter(db: Db, id: number, date: string): Promise<number> {
  const { rows } = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM org_unit WHERE parent_id = $1 AND (closing_date IS NULL OR closing_date > $2::date)', [id, date]);
  return rows[0].n;
}

export async function setClosingDate(db: Db, id: number, closingDate: string | null): Promise<void> {
  await db.query('UPDATE org_unit SET closing_date = $2, updated_at = now() WHERE id = $1', [id, closingDate]);
}

// Any arbitrary constant, shared by every process: structural changes (create, move, import) take
// turns, so that no unit is ever placed under a parent whose path is being rewritten.
const HIERARCHY_LOCK_KEY = 7_341_002_101;

/** Serialises changes to the shape of the tree until the end of the current transaction. */
export async function lockHierarchy(db: Db): Promise<void> {
  await db.query('SELECT pg_advisory_xact_lock($1)', [HIERARCHY_LOCK_KEY]);
}

// ---- Lineage -------------------------------------------------------------------------------------

export interface LineageEdge {
  predecessorId: number;
  predecessorCode: string;
  successorId: number;
  successorCode: string;
  kind: LineageKind;
  effectiveDate: string;
  note: string | null;
}

const LINEAGE_SELECT = `SELECT l.predecessor_id AS "predecessorId", a.code AS "predecessorCode", a.name_vi AS "predecessorName",
       l.successor_id AS "successorId", b.code AS "successorCode", b.name_vi AS "successorName",
       l.kind, l.effective_date::text AS "effectiveDate", l.note
  FROM org_unit_lineage l JOIN org_unit a ON a.id = l.predecessor_id JOIN org_unit b ON b.id = l.successor_id`;

/** Every lineage edge (mergers, splits, renames), oldest first: analytics resolves history with them. */
export async function listLineage(db: Db): Promise<LineageEdge[]> {
  const { rows } = await db.query<LineageEdge>(`${LINEAGE_SELECT} ORDER BY l.effective_date, a.code, b.code`);
  return rows.map(stripNames);
}

export type LineageEdgeWithNames = LineageEdge & { predecessorName: string; successorName: string };

function stripNames(e: LineageEdge): LineageEdge {
  const { predecessorId, predecessorCode, successorId, successorCode, kind, effectiveDate, note } = e;
  return { predecessorId, predecessorCode, successorId, successorCode, kind, effectiveDate, note };
}

/** Edges that touch the unit, either side. */
export async function listLineageOf(db: Db, unitId: number): Promise<LineageEdgeWithNames[]> {
  const { rows } = await db.query<LineageEdgeWithNames>(`${LINEAGE_SELECT} WHERE l.predecessor_id = $1 OR l.successor_id = $1 ORDER BY l.effective_date, a.code, b.code`, [unitId]);
  return rows;
}

/** Records an edge, or corrects its kind and date; returns whether anything changed. A null note keeps the old one. */
export async function upsertLineage(db: Db, e: { predecessorId: number; successorId: number; kind: LineageKind; effectiveDate: string; note: string | null }): Promise<boolean> {
  const { rowCount } = await db.query(
    `INSERT INTO org_unit_lineage AS l (predecessor_id, successor_id, kind, effective_date, note) VALUES ($1,$2,$3,$4,$5)
     ON CONFLICT (predecessor_id, successor_id) DO UPDATE
        SET kind = EXCLUDED.kind, effective_date = EXCLUDED.effective_date, note = coalesce(EXCLUDED.note, l.note)
      WHERE (l.kind, l.effective_date, l.note) IS DISTINCT FROM (EXCLUDED.kind, EXCLUDED.effective_date, coalesce(EXCLUDED.note, l.note))`,
    [e.predecessorId, e.successorId, e.kind, e.effectiveDate, e.note],
  );
  return rowCount > 0;
}

// ---- Groups --------------------------------------------------------------------------------------

export interface GroupRow {
  id: number;
  code: string;
  kind: GroupKind;
  nameVi: string;
  nameEn: string | null;
}

const GROUP_COLUMNS = 'g.id, g.code, g.kind, g.name_vi AS "nameVi", g.name_en AS "nameEn"';

export async function listGroups(db: Db, kind?: GroupKind): Promise<(GroupRow & { memberCount: number })[]> {
  const params: unknown[] = [];
  let where = '';
  if (kind) {
    params.push(kind);
    where = 'WHERE g.kind = $1';
  }
  const { rows } = await db.query<GroupRow & { memberCount: number }>(
    `SELECT ${GROUP_COLUMNS}, (SELECT count(*)::int FROM org_unit_group_member m WHERE m.group_id = g.id) AS "memberCount"
       FROM org_unit_group g ${where} ORDER BY g.kind, g.code`,
    params,
  );
  return rows;
}

export async function findGroup(db: Db, code: string): Promise<GroupRow | null> {
  const { rows } = await db.query<GroupRow>(`SELECT ${GROUP_COLUMNS} FROM org_unit_group g WHERE g.code = $1`, [code]);
  return rows[0] ?? null;
}

export async function findGroupsByCodes(db: Db, codes: readonly string[]): Promise<GroupRow[]> {
  if (codes.length === 0) return [];
  const { rows } = await db.query<GroupRow>(`SELECT ${GROUP_COLUMNS} FROM org_unit_group g WHERE g.code = ANY ($1::text[])`, [codes]);
  return rows;
}

export async function insertGroup(db: Db, g: { code: string; kind: GroupKind; nameVi: string; nameEn: string | null }): Promise<number> {
  const { rows } = await db.query<{ id: number }>('INSERT INTO org_unit_group (code, kind, name_vi, name_en) VALUES ($1,$2,$3,$4) RETURNING id', [g.code, g.kind, g.nameVi, g.nameEn]);
  return rows[0].id;
}

export async function updateGroup(db: Db, id: number, g: { kind: GroupKind; nameVi: string; nameEn: string | null }): Promise<void> {
  await db.query('UPDATE org_unit_group SET kind = $2, name_vi = $3, name_en = $4, updated_at = now() WHERE id = $1', [id, g.kind, g.nameVi, g.nameEn]);
}

export async function listGroupsOfUnit(db: Db, unitId: number): Promise<GroupRow[]> {
  const { rows } = await db.query<GroupRow>(
    `SELECT ${GROUP_COLUMNS} FROM org_unit_group g JOIN org_unit_group_member m ON m.group_id = g.id
      WHERE m.org_unit_id = $1 ORDER BY g.kind, g.code`,
    [unitId],
  );
  return rows;
}

/** Group codes of many units at once, for exports. */
export async function listGroupCodesByUnit(db: Db): Promise<Map<number, string[]>> {
  const { rows } = await db.query<{ unitId: number; code: string }>(
    `SELECT m.org_unit_id AS "unitId", g.code FROM org_unit_group_member m JOIN org_unit_group g ON g.id = m.group_id
      ORDER BY m.org_unit_id, g.code COLLATE "C"`,
  );
  const out = new Map<number, string[]>();
  for (const r of rows) {
    const list = out.get(r.unitId) ?? [];
    list.push(r.code);
    out.set(r.unitId, list);
  }
  return out;
}

export async function replaceGroupsOfUnit(db: Db, unitId: number, groupIds: readonly number[]): Promise<void> {
  await db.query('DELETE FROM org_unit_group_member WHERE org_unit_id = $1 AND NOT (group_id = ANY ($2::int[]))', [unitId, groupIds]);
  await addMembers(
    db,
    groupIds.map((groupId) => ({ groupId, unitId })),
  );
}

export async function addMembers(db: Db, pairs: readonly { groupId: number; unitId: number }[]): Promise<void> {
  if (pairs.length === 0) return;
  await db.query(
    `INSERT INTO org_unit_group_member (group_id, org_unit_id)
     SELECT * FROM unnest($1::int[], $2::int[]) ON CONFLICT DO NOTHING`,
    [pairs.map((p) => p.groupId), pairs.map((p) => p.unitId)],
  );
}

export async function removeMembers(db: Db, groupId: number, unitIds: readonly number[]): Promise<void> {
  if (unitIds.length === 0) return;
  await db.query('DELETE FROM org_unit_group_member WHERE group_id = $1 AND org_unit_id = ANY ($2::int[])', [groupId, unitIds]);
}

export async function listGroupMembers(db: Db, groupId: number, scopePaths: 'ALL' | string[]): Promise<OrgUnitRow[]> {
  const params: unknown[] = [groupId];
  const scope = pathFilterSql(scopePaths, 'u.path', params);
  const { rows } = await db.query<OrgUnitRow>(
    `SELECT ${UNIT_COLUMNS} FROM ${UNIT_FROM} JOIN org_unit_group_member m ON m.org_unit_id = u.id
      WHERE m.group_id = $1 AND ${scope} ORDER BY ${UNIT_ORDER}`,
    params,
  );
  return rows;
}

// ---- Levels --------------------------------------------------------------------------------------

export interface LevelRow {
  level: number;
  nameVi: string;
  nameEn: string | null;
}

export async function listLevels(db: Db): Promise<LevelRow[]> {
  const { rows } = await db.query<LevelRow>('SELECT level, name_vi AS "nameVi", name_en AS "nameEn" FROM org_unit_level ORDER BY level');
  return rows;
}

export async function upsertLevel(db: Db, l: LevelRow): Promise<void> {
  await db.query(
    `INSERT INTO org_unit_level (level, name_vi, name_en) VALUES ($1,$2,$3)
     ON CONFLICT (level) DO UPDATE SET name_vi = EXCLUDED.name_vi, name_en = EXCLUDED.name_en`,
    [l.level, l.nameVi, l.nameEn],
  );
}

/** Every unit, parents before children, for exports. */
export async function listAllOrgUnits(db: Db, scopePaths: 'ALL' | string[] = 'ALL'): Promise<OrgUnitRow[]> {
  const params: unknown[] = [];
  const scope = pathFilterSql(scopePaths, 'u.path', params);
  const { rows } = await db.query<OrgUnitRow>(`SELECT ${UNIT_COLUMNS} FROM ${UNIT_FROM} WHERE ${scope} ORDER BY u.level, ${UNIT_ORDER}`, params);
  return rows;
}

/** The roots of the hierarchy (units without a parent), by code. */
export async function listRootUnits(db: Db): Promise<{ code: string; nameVi: string }[]> {
  const { rows } = await db.query<{ code: string; nameVi: string }>(`SELECT code, name_vi AS "nameVi" FROM org_unit WHERE parent_id IS NULL ORDER BY code`);
  return rows;
}
