import { vietnamDate } from '../../../core/periods.ts';
import type { ServiceContext } from '../../http/context.ts';
import type { Db } from '../../db/db.ts';
import { assertPermission, assertPermissionAnywhere, hasPermission, permittedPaths, type Actor, type Permission } from '../../access.ts';
import { AppError, type CodeWithStatus, badRequest, conflict, forbidden, notFound, unauthenticated, type ErrorDetail } from '../../http/errors.ts';
import { foldVietnamese } from '../../../core/vietnamese.ts';
import { containsPattern, oneTypoPatterns } from '../../../core/fuzzy-search.ts';
import { recordAudit } from '../audit/service.ts';
import * as repo from './repo.ts';
import type { CreateOrgUnitInput, ListOrgUnitsQuery, UpdateOrgUnitInput } from './schema.ts';

/** What the org unit services need; a full ServiceContext fits, and so does the CLI's. */
export type OrgUnitContext = Pick<ServiceContext, 'db' | 'actor' | 'clock'>;

/** Today's date where the agency works: a unit closed "today" in Hà Nội is closed here too. */
export function todayOf(ctx: Pick<OrgUnitContext, 'clock'>): string {
  return vietnamDate(ctx.clock());
}

export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

export function fieldError(path: string, messageVi: string, messageEn: string, code: CodeWithStatus<400> = 'VALIDATION_FAILED'): AppError {
  return badRequest(code, `${path}: ${messageVi}`, `${path}: ${messageEn}`, [{ path, messageVi, messageEn }]);
}

/** 401 for anonymous callers, 403 for signed-in callers without the permission on the unit. */
function assertOnUnit(actor: Actor, permission: Permission, path: string | null): void {
  if (hasPermission(actor, permission, path)) return;
  if (actor.kind === 'anonymous') throw unauthenticated();
  throw forbidden();
}

/**
 * A unit named in the URL: 401/403 first for callers who hold the permission nowhere (so they learn
 * nothing about which units exist), then 404 when it does not exist.
 */
async function loadUnit(ctx: OrgUnitContext, ref: string, permission: Permission): Promise<repo.OrgUnitRow> {
  assertPermissionAnywhere(ctx.actor, permission);
  const unit = await repo.findOrgUnit(ctx.db, ref);
  if (!unit) throw notFound('đơn vị', 'Org unit', ref);
  return unit;
}

/** A unit named in a body or query field: 400 naming the field when it does not exist. */
async function resolveUnitField(ctx: OrgUnitContext, ref: string, field: string): Promise<repo.OrgUnitRow> {
  const unit = await repo.findOrgUnit(ctx.db, ref);
  if (!unit) throw fieldError(field, `không có đơn vị '${ref}'`, `unknown org unit '${ref}'`, 'UNKNOWN_ORG_UNIT');
  return unit;
}

async function resolveGroups(ctx: OrgUnitContext, codes: readonly string[], field: string): Promise<repo.GroupRow[]> {
  const found = await repo.findGroupsByCodes(ctx.db, codes);
  const byCode = new Map(found.map((g) => [g.code, g]));
  const details: ErrorDetail[] = [];
  codes.forEach((code, i) => {
    if (!byCode.has(code)) details.push({ path: `${field}[${i}]`, messageVi: `không có nhóm đơn vị '${code}'`, messageEn: `unknown org unit group '${code}'` });
  });
  if (details.length) {
    throw badRequest('UNKNOWN_GROUP', `Không có nhóm đơn vị: ${details.map((d) => d.path).join(', ')}`, `Unknown org unit group at ${details.map((d) => d.path).join(', ')}`, details);
  }
  return [...new Set(codes)].map((c) => byCode.get(c) as repo.GroupRow);
}

function assertDateOrder(openingDate: string | null, closingDate: string | null, field = 'closingDate'): void {
  if (openingDate && closingDate && closingDate < openingDate) {
    throw fieldError(field, `ngày đóng ${closingDate} trước ngày mở ${openingDate}`, `closing date ${closingDate} is before the opening date ${openingDate}`, 'INVALID_DATES');
  }
}

/** State of a unit as the audit trail keeps it. */
async function snapshot(ctx: OrgUnitContext, id: number) {
  const unit = await repo.findOrgUnit(ctx.db, id);
  if (!unit) return null;
  const groups = await repo.listGroupsOfUnit(ctx.db, id);
  return { ...unit, groups: groups.map((g) => g.code) };
}

// ---- Reads ---------------------------------------------------------------------------------------

export async function listOrgUnits(ctx: OrgUnitContext, query: ListOrgUnitsQuery) {
  assertPermissionAnywhere(ctx.actor, 'orgunit.read');
  let parentId: number | undefined;
  if (query.parent) parentId = (await resolveUnitField(ctx, query.parent, 'parent')).id;
  let groupId: number | undefined;
  if (query.group) {
    const group = await repo.findGroup(ctx.db, query.group);
    if (!group) throw fieldError('group', `không có nhóm đơn vị '${query.group}'`, `unknown org unit group '${query.group}'`, 'UNKNOWN_GROUP');
    groupId = group.id;
  }
  const openOn = query.at ?? (query.includeClosed ? null : todayOf(ctx));
  const q = query.q ? foldVietnamese(query.q) : '';
  const filter = {
    level: query.level,
    parentId,
    groupId,
    type: query.type,
    openOn,
    scopePaths: permittedPaths(ctx.actor, 'orgunit.read'),
    limit: query.limit,
    offset: query.offset,
  };
  if (!q) return repo.listOrgUnits(ctx.db, filter);
  // Names as people type them: with or without spaces ("hanoi"), and when nothing matches, with one character wrong.
  const exact = await repo.listOrgUnits(ctx.db, { ...filter, qPatterns: [containsPattern(q)] });
  if (exact.total > 0) return exact;
  const typo = oneTypoPatterns(q);
  return typo.length > 0 ? { ...(await repo.listOrgUnits(ctx.db, { ...filter, qPatterns: typo })), approximate: true as const } : exact;
}

function describeEdges(edges: repo.LineageEdgeWithNames[], unitId: number) {
  const predecessors = edges
    .filter((e) => e.successorId === unitId)
    .map((e) => ({ kind: e.kind, effectiveDate: e.effectiveDate, note: e.note, unit: { id: e.predecessorId, code: e.predecessorCode, nameVi: e.predecessorName } }));
  const successors = edges
    .filter((e) => e.predecessorId === unitId)
    .map((e) => ({ kind: e.kind, effectiveDate: e.effectiveDate, note: e.note, unit: { id: e.successorId, code: e.successorCode, nameVi: e.successorName } }));
  return { predecessors, successors };
}

async function describeUnit(ctx: OrgUnitContext, unit: repo.OrgUnitRow) {
  const [ancestors, childrenCount, groups, edges] = await Promise.all([
    repo.listAncestors(ctx.db, unit.path),
    repo.countChildren(ctx.db, unit.id),
    repo.listGroupsOfUnit(ctx.db, unit.id),
    repo.listLineageOf(ctx.db, unit.id),
  ]);
  const parentRow = ancestors.at(-1);
  return {
    ...unit,
    parent: parentRow ? { id: parentRow.id, code: parentRow.code, nameVi: parentRow.nameVi } : null,
    childrenCount,
    groups,
    ancestors,
    lineage: describeEdges(edges, unit.id),
  };
}

export async function getOrgUnit(ctx: OrgUnitContext, ref: string) {
  const unit = await loadUnit(ctx, ref, 'orgunit.read');
  assertOnUnit(ctx.actor, 'orgunit.read', unit.path);
  return describeUnit(ctx, unit);
}

/** The unit's descendants, nearest levels first; `depth` 1 gives the children only. */
export async function getSubtree(ctx: OrgUnitContext, ref: string, opts: { depth?: number; includeClosed?: boolean }) {
  const unit = await loadUnit(ctx, ref, 'orgunit.read');
  assertOnUnit(ctx.actor, 'orgunit.read', unit.path);
  const items = await repo.listDescendants(ctx.db, unit.path, {
    maxLevel: opts.depth === undefined ? undefined : unit.level + opts.depth,
    openOn: opts.includeClosed === false ? todayOf(ctx) : null,
  });
  return { root: unit, items };
}

export async function getLineage(ctx: OrgUnitContext, ref: string) {
  const unit = await loadUnit(ctx, ref, 'orgunit.read');
  assertOnUnit(ctx.actor, 'orgunit.read', unit.path);
  return { unit: { id: unit.id, code: unit.code, nameVi: unit.nameVi }, ...describeEdges(await repo.listLineageOf(ctx.db, unit.id), unit.id) };
}

export async function listLevels(ctx: OrgUnitContext) {
  assertPermissionAnywhere(ctx.actor, 'orgunit.read');
  return repo.listLevels(ctx.db);
}

// ---- Writes --------------------------------------------------------------------------------------

export async function createOrgUnit(ctx: OrgUnitContext, input: CreateOrgUnitInput) {
  assertPermissionAnywhere(ctx.actor, 'orgunit.write');
  const parent = input.parent ? await resolveUnitField(ctx, input.parent, 'parent') : null;
  // Only a system-wide writer may add a root; others add inside their subtree.
  assertOnUnit(ctx.actor, 'orgunit.write', parent?.path ?? null);
  assertDateOrder(input.openingDate ?? null, input.closingDate ?? null);
  const groups = input.groups ? await resolveGroups(ctx, input.groups, 'groups') : [];
  return ctx.db.transaction(async (db) => {
    const tx = { ...ctx, db };
    await repo.lockHierarchy(db);
    // Re-read under the lock: the parent may have moved since the access check.
    const parentNow = parent ? await repo.findOrgUnit(db, parent.id) : null;
    if (parent && parentNow?.path !== parent.path) throw conflict('HIERARCHY_CHANGED', 'Cây đơn vị vừa thay đổi, hãy thử lại', 'The hierarchy has just changed; try again');
    if (await repo.findOrgUnit(db, input.code)) {
      throw new AppError('CODE_TAKEN', 409, `Mã đơn vị '${input.code}' đã có`, `Org unit code '${input.code}' is taken`, [
        { path: 'code', messageVi: `mã '${input.code}' đã được dùng`, messageEn: `code '${input.code}' is already used` },
      ]);
    }
    await assertUnitUidFree(db, input.uid, null);
    const id = await repo.insertOrgUnit(db, {
      uid: input.uid ?? null,
      code: input.code,
      nameVi: input.nameVi,
      nameEn: input.nameEn ?? null,
      shortName: input.shortName ?? null,
      type: input.type,
      parentId: parent?.id ?? null,
      parentPath: parent?.path ?? null,
      level: (parent?.level ?? 0) + 1,
      openingDate: input.openingDate ?? null,
      closingDate: input.closingDate ?? null,
      attributes: input.attributes ?? {},
    });
    await repo.replaceGroupsOfUnit(
      db,
      id,
      groups.map((g) => g.id),
    );
    const after = await snapshot(tx, id);
    await recordAudit(db, ctx.actor, { action: 'orgUnit.create', objectType: 'orgUnit', objectId: input.code, orgUnitId: id, after });
    return describeUnit(tx, (await repo.findOrgUnit(db, id)) as repo.OrgUnitRow);
  });
}

/** A DHIS2 UID names one unit only. */
async function assertUnitUidFree(db: Db, uid: string | undefined, selfId: number | null) {
  if (uid === undefined) return;
  const holder = await repo.findOrgUnitByUid(db, uid);
  if (holder && holder.id !== selfId) {
    throw new AppError('UID_EXISTS', 409, `UID '${uid}' đã thuộc đơn vị '${holder.code}'`, `UID '${uid}' already belongs to org unit '${holder.code}'`, [
      { path: 'uid', messageVi: `UID '${uid}' đã được dùng`, messageEn: `UID '${uid}' is already used` },
    ]);
  }
}

export async function updateOrgUnit(ctx: OrgUnitContext, ref: string, input: UpdateOrgUnitInput) {
  const unit = await loadUnit(ctx, ref, 'orgunit.write');
  assertOnUnit(ctx.actor, 'orgunit.write', unit.path);
  const groups = input.groups ? await resolveGroups(ctx, input.groups, 'groups') : null;
  const fields: repo.OrgUnitFields = {
    nameVi: input.nameVi ?? unit.nameVi,
    nameEn: input.nameEn === undefined ? unit.nameEn : input.nameEn,
    shortName: input.shortName === undefined ? unit.shortName : input.shortName,
    type: input.type ?? unit.type,
    openingDate: input.openingDate === undefined ? unit.openingDate : input.openingDate,
    closingDate: input.closingDate === undefined ? unit.closingDate : input.closingDate,
    attributes: input.attributes ?? unit.attributes,
    uid: input.uid ?? null,
  };
  assertDateOrder(fields.openingDate, fields.closingDate, input.closingDate !== undefined ? 'closingDate' : 'openingDate');
  return ctx.db.transaction(async (db) => {
    const tx = { ...ctx, db };
    const before = await snapshot(tx, unit.id);
    await assertUnitUidFree(db, input.uid, unit.id);
    await repo.updateOrgUnitFields(db, unit.id, unit.code, fields);
    if (groups)
      await repo.replaceGroupsOfUnit(
        db,
        unit.id,
        groups.map((g) => g.id),
      );
    const after = await snapshot(tx, unit.id);
    await recordAudit(db, ctx.actor, { action: 'orgUnit.update', objectType: 'orgUnit', objectId: unit.code, orgUnitId: unit.id, before, after, reason: input.reason });
    return describeUnit(tx, (await repo.findOrgUnit(db, unit.id)) as repo.OrgUnitRow);
  });
}

/** Moves a unit (and its whole subtree) under another parent, or makes it a root when parent is null. */
export async function moveOrgUnit(ctx: OrgUnitContext, ref: string, input: { parent: string | null; reason?: string }) {
  const unit = await loadUnit(ctx, ref, 'orgunit.write');
  assertOnUnit(ctx.actor, 'orgunit.write', unit.path);
  const parent = input.parent === null ? null : await resolveUnitField(ctx, input.parent, 'parent');
  assertOnUnit(ctx.actor, 'orgunit.write', parent?.path ?? null);
  if (parent && parent.path.startsWith(unit.path)) {
    throw fieldError(
      'parent',
      parent.id === unit.id ? 'không thể chuyển đơn vị vào chính nó' : `'${parent.code}' là đơn vị cấp dưới của '${unit.code}'`,
      parent.id === unit.id ? 'a unit cannot be moved under itself' : `'${parent.code}' is a descendant of '${unit.code}'`,
      'MOVE_INTO_DESCENDANT',
    );
  }
  return ctx.db.transaction(async (db) => {
    const tx = { ...ctx, db };
    await repo.lockHierarchy(db);
    // Re-read under the lock: paths checked above must still be the ones rewritten here.
    const unitNow = await repo.findOrgUnit(db, unit.id);
    const parentNow = parent ? await repo.findOrgUnit(db, parent.id) : null;
    if (unitNow?.path !== unit.path || (parent && parentNow?.path !== parent.path)) {
      throw conflict('HIERARCHY_CHANGED', 'Cây đơn vị vừa thay đổi, hãy thử lại', 'The hierarchy has just changed; try again');
    }
    const before = await snapshot(tx, unit.id);
    const newPath = `${parent?.path ?? '/'}${unit.id}/`;
    const newLevel = (parent?.level ?? 0) + 1;
    const moved = await repo.moveSubtree(db, unit.id, unit.path, newPath, newLevel - unit.level, parent?.id ?? null);
    const after = await snapshot(tx, unit.id);
    await recordAudit(db, ctx.actor, {
      action: 'orgUnit.move',
      objectType: 'orgUnit',
      objectId: unit.code,
      orgUnitId: unit.id,
      before,
      after: { ...after, unitsMoved: moved },
      reason: input.reason,
    });
    return describeUnit(tx, (await repo.findOrgUnit(db, unit.id)) as repo.OrgUnitRow);
  });
}

async function assertCanClose(ctx: OrgUnitContext, unit: repo.OrgUnitRow, closingDate: string, field: string) {
  if (unit.closingDate !== null && unit.closingDate <= closingDate) {
    throw conflict('ALREADY_CLOSED', `Đơn vị '${unit.code}' đã đóng từ ${unit.closingDate}`, `Org unit '${unit.code}' is already closed on ${unit.closingDate}`);
  }
  if (unit.openingDate !== null && closingDate < unit.openingDate) {
    throw fieldError(
      field,
      `đơn vị '${unit.code}' mở ngày ${unit.openingDate}, không thể đóng ngày ${closingDate}`,
      `org unit '${unit.code}' opened on ${unit.openingDate} and cannot close on ${closingDate}`,
      'INVALID_DATES',
    );
  }
  const openChildren = await repo.countChildrenOpenAfter(ctx.db, unit.id, closingDate);
  if (openChildren > 0) {
    throw conflict(
      'HAS_OPEN_CHILDREN',
      `Đơn vị '${unit.code}' còn ${openChildren} đơn vị trực thuộc hoạt động sau ${closingDate}; hãy chuyển hoặc đóng chúng trước`,
      `Org unit '${unit.code}' has ${openChildren} child units open after ${closingDate}; move or close them first`,
    );
  }
}

export async function closeOrgUnit(ctx: OrgUnitContext, ref: string, input: { closingDate: string; reason?: string }) {
  const unit = await loadUnit(ctx, ref, 'orgunit.write');
  assertOnUnit(ctx.actor, 'orgunit.write', unit.path);
  await assertCanClose(ctx, unit, input.closingDate, 'closingDate');
  return ctx.db.transaction(async (db) => {
    const tx = { ...ctx, db };
    const before = await snapshot(tx, unit.id);
    await repo.setClosingDate(db, unit.id, input.closingDate);
    const after = await snapshot(tx, unit.id);
    await recordAudit(db, ctx.actor, { action: 'orgUnit.close', objectType: 'orgUnit', objectId: unit.code, orgUnitId: unit.id, before, after, reason: input.reason });
    return describeUnit(tx, (await repo.findOrgUnit(db, unit.id)) as repo.OrgUnitRow);
  });
}

/** A successor must exist, differ from the unit and be open on the effective date. */
async function resolveSuccessor(ctx: OrgUnitContext, unit: repo.OrgUnitRow, ref: string, field: string, effectiveDate: string) {
  const target = await resolveUnitField(ctx, ref, field);
  if (target.id === unit.id) throw fieldError(field, 'đơn vị kế thừa phải khác đơn vị bị sáp nhập/chia tách', 'the successor must differ from the unit itself', 'INVALID_SUCCESSOR');
  const openOnDate = (target.openingDate === null || target.openingDate <= effectiveDate) && (target.closingDate === null || target.closingDate >= effectiveDate);
  if (!openOnDate) {
    throw fieldError(field, `đơn vị '${target.code}' không hoạt động vào ngày ${effectiveDate}`, `org unit '${target.code}' is not open on ${effectiveDate}`, 'SUCCESSOR_NOT_OPEN');
  }
  assertOnUnit(ctx.actor, 'orgunit.write', target.path);
  return target;
}

/**
 * Ends a unit by merger: it closes the day before `effectiveDate` and its history passes, for
 * analytics, to the unit it merged into.
 */
export async function mergeOrgUnit(ctx: OrgUnitContext, ref: string, input: { into: string; effectiveDate: string; reason?: string }) {
  return endWithSuccessors(ctx, ref, 'MERGE', [input.into], input.effectiveDate, input.reason, (i) => (i === 0 ? 'into' : `into[${i}]`));
}

/** Ends a unit by division: it closes the day before `effectiveDate`, each part recorded as a successor. */
export async function splitOrgUnit(ctx: OrgUnitContext, ref: string, input: { into: string[]; effectiveDate: string; reason?: string }) {
  const seen = new Set<string>();
  input.into.forEach((code, i) => {
    if (seen.has(code)) throw fieldError(`into[${i}]`, `đơn vị '${code}' bị lặp lại`, `org unit '${code}' is repeated`, 'DUPLICATE_SUCCESSOR');
    seen.add(code);
  });
  return endWithSuccessors(ctx, ref, 'SPLIT', input.into, input.effectiveDate, input.reason, (i) => `into[${i}]`);
}

async function endWithSuccessors(
  ctx: OrgUnitContext,
  ref: string,
  kind: 'MERGE' | 'SPLIT',
  successorRefs: readonly string[],
  effectiveDate: string,
  reason: string | undefined,
  fieldOf: (i: number) => string,
) {
  const unit = await loadUnit(ctx, ref, 'orgunit.write');
  assertOnUnit(ctx.actor, 'orgunit.write', unit.path);
  const successors: repo.OrgUnitRow[] = [];
  for (const [i, r] of successorRefs.entries()) successors.push(await resolveSuccessor(ctx, unit, r, fieldOf(i), effectiveDate));
  const closingDate = addDays(effectiveDate, -1);
  await assertCanClose(ctx, unit, closingDate, 'effectiveDate');
  return ctx.db.transaction(async (db) => {
    const tx = { ...ctx, db };
    const before = await snapshot(tx, unit.id);
    await repo.setClosingDate(db, unit.id, closingDate);
    for (const s of successors) {
      await repo.upsertLineage(db, { predecessorId: unit.id, successorId: s.id, kind, effectiveDate, note: reason ?? null });
    }
    const after = { ...(await snapshot(tx, unit.id)), lineage: successors.map((s) => ({ kind, successor: s.code, effectiveDate })) };
    await recordAudit(db, ctx.actor, {
      action: kind === 'MERGE' ? 'orgUnit.merge' : 'orgUnit.split',
      objectType: 'orgUnit',
      objectId: unit.code,
      orgUnitId: unit.id,
      before,
      after,
      reason,
    });
    return describeUnit(tx, (await repo.findOrgUnit(db, unit.id)) as repo.OrgUnitRow);
  });
}

// ---- Groups --------------------------------------------------------------------------------------

export async function listGroups(ctx: OrgUnitContext, kind?: repo.GroupKind) {
  assertPermissionAnywhere(ctx.actor, 'orgunit.read');
  return repo.listGroups(ctx.db, kind);
}

async function loadGroup(ctx: OrgUnitContext, code: string): Promise<repo.GroupRow> {
  const group = await repo.findGroup(ctx.db, code);
  if (!group) throw notFound('nhóm đơn vị', 'Org unit group', code);
  return group;
}

/** A group and the members the caller may read. */
export async function getGroup(ctx: OrgUnitContext, code: string) {
  assertPermissionAnywhere(ctx.actor, 'orgunit.read');
  const group = await loadGroup(ctx, code);
  const members = await repo.listGroupMembers(ctx.db, group.id, permittedPaths(ctx.actor, 'orgunit.read'));
  return { ...group, members };
}

/** Groups cut across the hierarchy, so defining one takes a system-wide writer. */
export async function createGroup(ctx: OrgUnitContext, input: { code: string; kind: repo.GroupKind; nameVi: string; nameEn?: string | null; members?: string[] }) {
  assertPermission(ctx.actor, 'orgunit.write');
  const members: repo.OrgUnitRow[] = [];
  for (const [i, r] of (input.members ?? []).entries()) members.push(await resolveUnitField(ctx, r, `members[${i}]`));
  return ctx.db.transaction(async (db) => {
    if (await repo.findGroup(db, input.code)) {
      throw new AppError('CODE_TAKEN', 409, `Mã nhóm '${input.code}' đã có`, `Group code '${input.code}' is taken`, [
        { path: 'code', messageVi: `mã '${input.code}' đã được dùng`, messageEn: `code '${input.code}' is already used` },
      ]);
    }
    const id = await repo.insertGroup(db, { code: input.code, kind: input.kind, nameVi: input.nameVi, nameEn: input.nameEn ?? null });
    await repo.addMembers(
      db,
      members.map((m) => ({ groupId: id, unitId: m.id })),
    );
    const after = { id, code: input.code, kind: input.kind, nameVi: input.nameVi, nameEn: input.nameEn ?? null, members: members.map((m) => m.code) };
    await recordAudit(db, ctx.actor, { action: 'orgUnitGroup.create', objectType: 'orgUnitGroup', objectId: input.code, after });
    return { ...after, memberCount: members.length };
  });
}

export async function updateGroup(ctx: OrgUnitContext, code: string, input: { kind?: repo.GroupKind; nameVi?: string; nameEn?: string | null }) {
  assertPermission(ctx.actor, 'orgunit.write');
  const group = await loadGroup(ctx, code);
  const next = { kind: input.kind ?? group.kind, nameVi: input.nameVi ?? group.nameVi, nameEn: input.nameEn === undefined ? group.nameEn : input.nameEn };
  return ctx.db.transaction(async (db) => {
    await repo.updateGroup(db, group.id, next);
    const after = { ...group, ...next };
    await recordAudit(db, ctx.actor, { action: 'orgUnitGroup.update', objectType: 'orgUnitGroup', objectId: group.code, before: group, after });
    return after;
  });
}

/** Adds and removes members; the caller needs write access on every unit it touches. */
export async function editGroupMembers(ctx: OrgUnitContext, code: string, input: { add: string[]; remove: string[] }) {
  assertPermissionAnywhere(ctx.actor, 'orgunit.write');
  const group = await loadGroup(ctx, code);
  const toAdd: repo.OrgUnitRow[] = [];
  const toRemove: repo.OrgUnitRow[] = [];
  for (const [i, r] of input.add.entries()) toAdd.push(await resolveUnitField(ctx, r, `add[${i}]`));
  for (const [i, r] of input.remove.entries()) toRemove.push(await resolveUnitField(ctx, r, `remove[${i}]`));
  for (const u of [...toAdd, ...toRemove]) assertOnUnit(ctx.actor, 'orgunit.write', u.path);
  return ctx.db.transaction(async (db) => {
    await repo.addMembers(
      db,
      toAdd.map((u) => ({ groupId: group.id, unitId: u.id })),
    );
    await repo.removeMembers(
      db,
      group.id,
      toRemove.map((u) => u.id),
    );
    await recordAudit(db, ctx.actor, {
      action: 'orgUnitGroup.members',
      objectType: 'orgUnitGroup',
      objectId: group.code,
      after: { added: toAdd.map((u) => u.code), removed: toRemove.map((u) => u.code) },
    });
    return { ...group, members: await repo.listGroupMembers(db, group.id, permittedPaths(ctx.actor, 'orgunit.read')) };
  });
}
