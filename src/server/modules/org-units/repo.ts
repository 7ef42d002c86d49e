import { sql } from 'kysely';
import type { Db } from '../../db/db.ts';
import { anyOf, now } from '../../db/kysely-sql.ts';
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

/** Units joined to their parent (for its code). */
function fromUnits(db: Db) {
  return db.kysely.selectFrom('org_unit as u').leftJoin('org_unit as p', 'p.id', 'u.parent_id');
}

type UnitsFrom = ReturnType<typeof fromUnits>;

function selectUnits(from: UnitsFrom) {
  return from.select((eb) => [
    'u.id',
    'u.code',
    'u.uid',
    'u.name_vi as nameVi',
    'u.name_en as nameEn',
    'u.short_name as shortName',
    'u.type',
    'u.parent_id as parentId',
    'p.code as parentCode',
    'u.level',
    'u.path',
    'u.opening_date as openingDate',
    'u.closing_date as closingDate',
    // jsonb: an object, as the unit's attributes are always written.
    eb.ref('u.attributes').$castTo<Record<string, unknown>>().as('attributes'),
  ]);
}

type UnitQuery = ReturnType<typeof selectUnits>;

/** Vietnamese dictionary order; the code breaks ties between namesakes. */
function inUnitOrder(query: UnitQuery): UnitQuery {
  return query.orderBy('u.sort_key', (ob) => ob.collate('C')).orderBy('u.code', (ob) => ob.collate('C'));
}

/** Only units open on the date (the closing date is a unit's last day); null: every unit. */
function openOn(from: UnitsFrom, date: string | null): UnitsFrom {
  if (date === null) return from;
  const day = sql<string>`${date}::date`;
  return from.where((eb) => eb.and([eb.or([eb('u.opening_date', 'is', null), eb('u.opening_date', '<=', day)]), eb.or([eb('u.closing_date', 'is', null), eb('u.closing_date', '>=', day)])]));
}

/** Only units inside the subtrees ('ALL': every unit). */
function inScope(from: UnitsFrom, scopePaths: 'ALL' | string[]): UnitsFrom {
  return scopePaths === 'ALL'
    ? from
    : from.where(
        'u.path',
        'like',
        anyOf(
          scopePaths.map((p) => `${p}%`),
          'text',
        ),
      );
}

/** Escapes LIKE wildcards so that a search for "10%" means the characters, not a pattern. */
function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** The text the search matches: name, code and short name, folded (no accents, lower case). */
export function buildSearchText(nameVi: string, code: string, shortName: string | null): string {
  return foldVietnamese(`${nameVi} ${code} ${shortName ?? ''}`);
}

export async function findOrgUnit(db: Db, ref: string | number): Promise<OrgUnitRow | null> {
  const byId = typeof ref === 'number' || /^id:\d+$/.test(ref);
  const from = fromUnits(db);
  const row = await selectUnits(typeof ref === 'number' ? from.where('u.id', '=', ref) : byId ? from.where('u.id', '=', Number(ref.slice(3))) : from.where('u.code', '=', ref)).executeTakeFirst();
  return row ?? null;
}

export async function findOrgUnitsByCodes(db: Db, codes: readonly string[]): Promise<OrgUnitRow[]> {
  if (codes.length === 0) return [];
  return selectUnits(fromUnits(db).where('u.code', '=', anyOf(codes, 'text'))).execute();
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
  let from = inScope(fromUnits(db), f.scopePaths);
  if (f.q) from = from.where('u.search_text', 'like', `%${escapeLike(f.q)}%`);
  if (f.qPatterns) {
    const patterns = f.qPatterns;
    from = from.where((eb) => (patterns.length === 0 ? eb.val(false) : eb(eb.fn<string>('replace', ['u.search_text', eb.val(' '), eb.val('')]), 'like', anyOf(patterns, 'text'))));
  }
  if (f.level !== undefined) from = from.where('u.level', '=', f.level);
  if (f.parentId !== undefined) from = from.where('u.parent_id', '=', f.parentId);
  if (f.groupId !== undefined) {
    const groupId = f.groupId;
    from = from.where((eb) => eb.exists(eb.selectFrom('org_unit_group_member as m').select('m.org_unit_id').whereRef('m.org_unit_id', '=', 'u.id').where('m.group_id', '=', groupId)));
  }
  if (f.type !== undefined) from = from.where('u.type', '=', f.type);
  from = openOn(from, f.openOn);
  const { n } = await from.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const items = await inUnitOrder(selectUnits(from)).limit(f.limit).offset(f.offset).execute();
  return { total: Number(n), items };
}

/** Every descendant of the unit at `path` (not the unit itself), down to maxLevel when given. */
export async function listDescendants(db: Db, path: string, opts: { maxLevel?: number; openOn: string | null }): Promise<OrgUnitRow[]> {
  let from = fromUnits(db)
    .where('u.path', 'like', `${escapeLike(path)}%`)
    .where('u.path', '<>', path);
  if (opts.maxLevel !== undefined) from = from.where('u.level', '<=', opts.maxLevel);
  from = openOn(from, opts.openOn);
  return inUnitOrder(selectUnits(from).orderBy('u.level')).execute();
}

export async function countChildren(db: Db, id: number, openOnDate: string | null = null): Promise<number> {
  const { n } = await openOn(fromUnits(db).where('u.parent_id', '=', id), openOnDate)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(n);
}

/** The units on the path from the root down to (not including) the unit, root first. */
export async function listAncestors(db: Db, path: string): Promise<{ id: number; code: string; nameVi: string; level: number }[]> {
  const ids = path.split('/').filter(Boolean).map(Number).slice(0, -1);
  if (ids.length === 0) return [];
  return db.kysely.selectFrom('org_unit').select(['id', 'code', 'name_vi as nameVi', 'level']).where('id', '=', anyOf(ids, 'int')).orderBy('level').execute();
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
  const { id } = await db.kysely
    .insertInto('org_unit')
    .values({
      code: u.code,
      name_vi: u.nameVi,
      name_en: u.nameEn,
      short_name: u.shortName,
      type: u.type,
      parent_id: u.parentId,
      level: u.level,
      path: '',
      opening_date: u.openingDate,
      closing_date: u.closingDate,
      search_text: buildSearchText(u.nameVi, u.code, u.shortName),
      sort_key: vietnameseSortKey(u.nameVi),
      attributes: JSON.stringify(u.attributes),
      uid: u.uid ?? sql<string>`dhis2_uid()`,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db.kysely
    .updateTable('org_unit')
    .set({ path: `${u.parentPath ?? '/'}${id}/` })
    .where('id', '=', id)
    .execute();
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
  return (await db.kysely.selectFrom('org_unit').select(['id', 'code']).where('uid', '=', uid).executeTakeFirst()) ?? null;
}

/** Writes the descriptive fields (not the position in the tree) and refreshes search and sort keys. */
export async function updateOrgUnitFields(db: Db, id: number, code: string, f: OrgUnitFields): Promise<void> {
  await db.kysely
    .updateTable('org_unit')
    .set({
      name_vi: f.nameVi,
      name_en: f.nameEn,
      short_name: f.shortName,
      type: f.type,
      opening_date: f.openingDate,
      closing_date: f.closingDate,
      attributes: JSON.stringify(f.attributes),
      search_text: buildSearchText(f.nameVi, code, f.shortName),
      sort_key: vietnameseSortKey(f.nameVi),
      ...(f.uid != null ? { uid: f.uid } : {}),
      updated_at: now(),
    })
    .where('id', '=', id)
    .execute();
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
  const { n } = await db.kysely
    .selectFrom('org_unit')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('parent_id', '=', id)
    .where((eb) => eb.or([eb('closing_date', 'is', null), eb('closing_date', '>', sql<string>`${date}::date`)]))
    .executeTakeFirstOrThrow();
  return Number(n);
}

export async function setClosingDate(db: Db, id: number, closingDate: string | null): Promise<void> {
  await db.kysely.updateTable('org_unit').set({ closing_date: closingDate, updated_at: now() }).where('id', '=', id).execute();
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

function selectLineage(db: Db) {
  return db.kysely
    .selectFrom('org_unit_lineage as l')
    .innerJoin('org_unit as a', 'a.id', 'l.predecessor_id')
    .innerJoin('org_unit as b', 'b.id', 'l.successor_id')
    .select([
      'l.predecessor_id as predecessorId',
      'a.code as predecessorCode',
      'a.name_vi as predecessorName',
      'l.successor_id as successorId',
      'b.code as successorCode',
      'b.name_vi as successorName',
      'l.kind',
      'l.effective_date as effectiveDate',
      'l.note',
    ])
    .$narrowType<{ kind: LineageKind }>();
}

/** Every lineage edge (mergers, splits, renames), oldest first: analytics resolves history with them. */
export async function listLineage(db: Db): Promise<LineageEdge[]> {
  const rows = await selectLineage(db).orderBy('l.effective_date').orderBy('a.code').orderBy('b.code').execute();
  return rows.map(stripNames);
}

export type LineageEdgeWithNames = LineageEdge & { predecessorName: string; successorName: string };

function stripNames(e: LineageEdge): LineageEdge {
  const { predecessorId, predecessorCode, successorId, successorCode, kind, effectiveDate, note } = e;
  return { predecessorId, predecessorCode, successorId, successorCode, kind, effectiveDate, note };
}

/** Edges that touch the unit, either side. */
export async function listLineageOf(db: Db, unitId: number): Promise<LineageEdgeWithNames[]> {
  return selectLineage(db)
    .where((eb) => eb.or([eb('l.predecessor_id', '=', unitId), eb('l.successor_id', '=', unitId)]))
    .orderBy('l.effective_date')
    .orderBy('a.code')
    .orderBy('b.code')
    .execute();
}

/** Records an edge, or corrects its kind and date; returns whether anything changed. A null note keeps the old one. */
export async function upsertLineage(db: Db, e: { predecessorId: number; successorId: number; kind: LineageKind; effectiveDate: string; note: string | null }): Promise<boolean> {
  const result = await db.kysely
    .insertInto('org_unit_lineage')
    .values({ predecessor_id: e.predecessorId, successor_id: e.successorId, kind: e.kind, effective_date: e.effectiveDate, note: e.note })
    .onConflict((oc) =>
      oc
        .columns(['predecessor_id', 'successor_id'])
        .doUpdateSet((eb) => ({
          kind: eb.ref('excluded.kind'),
          effective_date: eb.ref('excluded.effective_date'),
          note: eb.fn.coalesce('excluded.note', 'org_unit_lineage.note'),
        }))
        // Only a real change is written (and counted): two rows are distinct when any of their fields is.
        .where((eb) =>
          eb.or([
            eb('org_unit_lineage.kind', 'is distinct from', eb.ref('excluded.kind')),
            eb('org_unit_lineage.effective_date', 'is distinct from', eb.ref('excluded.effective_date')),
            eb('org_unit_lineage.note', 'is distinct from', eb.fn.coalesce('excluded.note', 'org_unit_lineage.note')),
          ]),
        ),
    )
    .executeTakeFirst();
  return (result.numInsertedOrUpdatedRows ?? 0n) > 0n;
}

// ---- Groups --------------------------------------------------------------------------------------

export interface GroupRow {
  id: number;
  code: string;
  kind: GroupKind;
  nameVi: string;
  nameEn: string | null;
}

const GROUP_COLUMNS = ['g.id', 'g.code', 'g.kind', 'g.name_vi as nameVi', 'g.name_en as nameEn'] as const;

function selectGroups(db: Db) {
  return db.kysely.selectFrom('org_unit_group as g').select(GROUP_COLUMNS).$narrowType<{ kind: GroupKind }>();
}

export async function listGroups(db: Db, kind?: GroupKind): Promise<(GroupRow & { memberCount: number })[]> {
  let query = selectGroups(db).select((eb) =>
    eb
      .selectFrom('org_unit_group_member as m')
      .select((c) => c.fn.countAll<number>().as('n'))
      .whereRef('m.group_id', '=', 'g.id')
      .$asScalar()
      .as('memberCount'),
  );
  if (kind) query = query.where('g.kind', '=', kind);
  const rows = await query.orderBy('g.kind').orderBy('g.code').execute();
  return rows.map((r) => ({ ...r, memberCount: Number(r.memberCount) }));
}

export async function findGroup(db: Db, code: string): Promise<GroupRow | null> {
  return (await selectGroups(db).where('g.code', '=', code).executeTakeFirst()) ?? null;
}

export async function findGroupsByCodes(db: Db, codes: readonly string[]): Promise<GroupRow[]> {
  if (codes.length === 0) return [];
  return selectGroups(db).where('g.code', '=', anyOf(codes, 'text')).execute();
}

export async function insertGroup(db: Db, g: { code: string; kind: GroupKind; nameVi: string; nameEn: string | null }): Promise<number> {
  const { id } = await db.kysely.insertInto('org_unit_group').values({ code: g.code, kind: g.kind, name_vi: g.nameVi, name_en: g.nameEn }).returning('id').executeTakeFirstOrThrow();
  return id;
}

export async function updateGroup(db: Db, id: number, g: { kind: GroupKind; nameVi: string; nameEn: string | null }): Promise<void> {
  await db.kysely.updateTable('org_unit_group').set({ kind: g.kind, name_vi: g.nameVi, name_en: g.nameEn, updated_at: now() }).where('id', '=', id).execute();
}

export async function listGroupsOfUnit(db: Db, unitId: number): Promise<GroupRow[]> {
  return selectGroups(db).innerJoin('org_unit_group_member as m', 'm.group_id', 'g.id').where('m.org_unit_id', '=', unitId).orderBy('g.kind').orderBy('g.code').execute();
}

/** Group codes of many units at once, for exports. */
export async function listGroupCodesByUnit(db: Db): Promise<Map<number, string[]>> {
  const rows = await db.kysely
    .selectFrom('org_unit_group_member as m')
    .innerJoin('org_unit_group as g', 'g.id', 'm.group_id')
    .select(['m.org_unit_id as unitId', 'g.code'])
    .orderBy('m.org_unit_id')
    .orderBy('g.code', (ob) => ob.collate('C'))
    .execute();
  const out = new Map<number, string[]>();
  for (const r of rows) {
    const list = out.get(r.unitId) ?? [];
    list.push(r.code);
    out.set(r.unitId, list);
  }
  return out;
}

export async function replaceGroupsOfUnit(db: Db, unitId: number, groupIds: readonly number[]): Promise<void> {
  await db.kysely
    .deleteFrom('org_unit_group_member')
    .where('org_unit_id', '=', unitId)
    .where((eb) => eb.not(eb('group_id', '=', anyOf(groupIds, 'int'))))
    .execute();
  await addMembers(
    db,
    groupIds.map((groupId) => ({ groupId, unitId })),
  );
}

/** Adds memberships (an import may bring thousands: two array parameters, whatever their number). */
export async function addMembers(db: Db, pairs: readonly { groupId: number; unitId: number }[]): Promise<void> {
  if (pairs.length === 0) return;
  await db.kysely
    .insertInto('org_unit_group_member')
    .columns(['group_id', 'org_unit_id'])
    .expression(sql<{ group_id: number; org_unit_id: number }>`SELECT * FROM unnest(${pairs.map((p) => p.groupId)}::int[], ${pairs.map((p) => p.unitId)}::int[])`)
    .onConflict((oc) => oc.doNothing())
    .execute();
}

export async function removeMembers(db: Db, groupId: number, unitIds: readonly number[]): Promise<void> {
  if (unitIds.length === 0) return;
  await db.kysely.deleteFrom('org_unit_group_member').where('group_id', '=', groupId).where('org_unit_id', '=', anyOf(unitIds, 'int')).execute();
}

export async function listGroupMembers(db: Db, groupId: number, scopePaths: 'ALL' | string[]): Promise<OrgUnitRow[]> {
  const from = inScope(fromUnits(db), scopePaths).where('u.id', 'in', (eb) => eb.selectFrom('org_unit_group_member as m').select('m.org_unit_id').where('m.group_id', '=', groupId));
  return inUnitOrder(selectUnits(from)).execute();
}

// ---- Levels --------------------------------------------------------------------------------------

export interface LevelRow {
  level: number;
  nameVi: string;
  nameEn: string | null;
}

export async function listLevels(db: Db): Promise<LevelRow[]> {
  return db.kysely.selectFrom('org_unit_level').select(['level', 'name_vi as nameVi', 'name_en as nameEn']).orderBy('level').execute();
}

export async function upsertLevel(db: Db, l: LevelRow): Promise<void> {
  await db.kysely
    .insertInto('org_unit_level')
    .values({ level: l.level, name_vi: l.nameVi, name_en: l.nameEn })
    .onConflict((oc) => oc.column('level').doUpdateSet((eb) => ({ name_vi: eb.ref('excluded.name_vi'), name_en: eb.ref('excluded.name_en') })))
    .execute();
}

/** Every unit, parents before children, for exports. */
export async function listAllOrgUnits(db: Db, scopePaths: 'ALL' | string[] = 'ALL'): Promise<OrgUnitRow[]> {
  return inUnitOrder(selectUnits(inScope(fromUnits(db), scopePaths)).orderBy('u.level')).execute();
}

/** The roots of the hierarchy (units without a parent), by code. */
export async function listRootUnits(db: Db): Promise<{ code: string; nameVi: string }[]> {
  return db.kysely.selectFrom('org_unit').select(['code', 'name_vi as nameVi']).where('parent_id', 'is', null).orderBy('code').execute();
}
