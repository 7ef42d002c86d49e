import { createHash } from 'node:crypto';
import type { ServiceContext } from '../../http/context.ts';
import type { Db } from '../../db/db.ts';
import { assertPermission, assertPermissionAnywhere, hasPermission, permittedPaths, type Actor } from '../../access.ts';
import { AppError, type CodeWithStatus, badRequest, conflict, forbidden, notFound, unauthenticated, type ErrorDetail } from '../../http/errors.ts';
import { vietnamDate } from '../../../core/periods.ts';
import {
  checkExtension,
  checkTaskDates,
  computeTaskStatus,
  detectEvidenceKind,
  EVIDENCE_TYPES,
  progressAsOf,
  scorecardOf,
  scorecardOfCounts,
  taskAsOf,
  type ProgressUpdate,
  type TaskStatus,
} from '../../../core/tasks.ts';
import { recordAudit } from '../audit/service.ts';
import { requireOrgUnitRef, type OrgUnitRef } from '../org-units/lookup.ts';
import * as repo from './repo.ts';
import type { CreateTaskInput, ListTasksQuery, ScorecardQuery, UpdateTaskInput } from './schema.ts';
import { formatDayVi } from '../../../core/vietnamese.ts';

type Lang = 'vi' | 'en';

function stripUnit(u: repo.UnitLite) {
  return { id: u.id, code: u.code, nameVi: u.nameVi, nameEn: u.nameEn };
}

/**
 * A task as people see it on a day: as it stood that day (src/core/tasks.ts taskAsOf — for today, as recorded)
 * with its computed status; its progress as of the day when its progress reports are given. Unit paths stay inside.
 */
export function viewOfTask(row: repo.TaskRow, today: string, progress?: readonly ProgressUpdate[]) {
  const status = computeTaskStatus(row, today);
  const asOf = taskAsOf(row, today);
  return {
    ...row,
    state: asOf.state,
    doneOn: asOf.doneOn,
    extendedDueDate: asOf.extendedDueDate,
    progressPercent: progress ? progressAsOf(row.progressPercent, progress, today) : row.progressPercent,
    assigningOrgUnit: stripUnit(row.assigningOrgUnit),
    leadOrgUnit: stripUnit(row.leadOrgUnit),
    coOrgUnits: row.coOrgUnits.map(stripUnit),
    ...status,
  };
}
export type TaskView = ReturnType<typeof viewOfTask>;

function invalid(code: CodeWithStatus<400>, problems: { field: string; vi: string; en: string }[], prefix = 'body.'): AppError {
  return badRequest(
    code,
    problems.map((p) => p.vi).join('; '),
    problems.map((p) => p.en).join('; '),
    problems.map((p) => ({ path: `${prefix}${p.field}`, messageVi: p.vi, messageEn: p.en })),
  );
}

function whoOf(actor: Actor): string {
  return actor.username ?? `${actor.kind}:${actor.userId ?? actor.tokenId ?? ''}`;
}

function canRead(actor: Actor, row: repo.TaskRow): boolean {
  return [row.leadOrgUnit, row.assigningOrgUnit, ...row.coOrgUnits].some((u) => hasPermission(actor, 'task.read', u.path));
}

/**
 * Tasks by id with their computed status on a day, for capabilities that judge by them (commitments, the
 * briefing): as they stood that day, their progress included. With `readableBy`, only the tasks that actor may read.
 */
export async function tasksByIds(db: Db, ids: readonly number[], today: string, readableBy?: Actor): Promise<TaskView[]> {
  if (ids.length === 0) return [];
  const rows = (await repo.listTasks(db, { readPaths: 'ALL', ids: [...new Set(ids)] })).filter((r) => !readableBy || canRead(readableBy, r));
  return viewsOfTasks(db, rows, today);
}

/** Tasks as they stood on a day, with their progress as of that day (one read of their progress reports). */
export async function viewsOfTasks(db: Db, rows: readonly repo.TaskRow[], day: string): Promise<TaskView[]> {
  const progress = await repo.progressUpdates(
    db,
    rows.map((r) => r.id),
  );
  return rows.map((r) => viewOfTask(r, day, progress.get(r.id) ?? []));
}

async function requireTask(db: Db, id: number): Promise<repo.TaskRow> {
  const row = await repo.findTask(db, id);
  if (!row) throw notFound('nhiệm vụ', 'Task', id);
  return row;
}

/** Loads a task the caller may read (404 otherwise, so that other units' tasks are not revealed). */
async function readableTask(ctx: ServiceContext, id: number, db: Db = ctx.db): Promise<repo.TaskRow> {
  if (ctx.actor.kind === 'anonymous') throw unauthenticated();
  const row = await requireTask(db, id);
  if (!canRead(ctx.actor, row)) throw notFound('nhiệm vụ', 'Task', id);
  return row;
}

/** The list's filter for the caller: their scopes and the query's filters. */
async function filterOf(ctx: ServiceContext, query: Omit<ListTasksQuery, 'limit'>): Promise<{ filter: repo.TaskFilter; today: string }> {
  if (ctx.actor.kind === 'anonymous') throw unauthenticated();
  assertPermissionAnywhere(ctx.actor, 'task.read');
  const subtree = query.orgUnit ? (await requireOrgUnitRef(ctx.db, query.orgUnit, 'query.orgUnit')).path : undefined;
  const permitted = permittedPaths(ctx.actor, 'task.read');
  // Leadership whose scopes hold every unit reads every task: no scope filter to test task by task.
  const readPaths = permitted !== 'ALL' && (await repo.pathsCoverAllUnits(ctx.db, permitted)) ? 'ALL' : permitted;
  const scoped = (perm: 'task.report' | 'task.assign') => {
    const p = permittedPaths(ctx.actor, perm);
    return p === 'ALL' ? ['/'] : p;
  };
  const today = vietnamDate(ctx.clock());
  const filter: repo.TaskFilter = {
    readPaths,
    leadPaths: query.view === 'MINE' ? scoped('task.report') : undefined,
    assigningPaths: query.view === 'ASSIGNED' ? scoped('task.assign') : undefined,
    subtreePath: subtree,
    sectorCode: query.sector,
    sourceKind: query.sourceKind,
    sourceNumber: query.sourceNumber,
    dueFrom: query.dueFrom,
    dueTo: query.dueTo,
    status: query.status ? { today, status: query.status, current: true } : undefined,
  };
  return { filter, today };
}

export async function queryTasks(ctx: ServiceContext, query: ListTasksQuery) {
  const { filter, today } = await filterOf(ctx, query);
  // Filtered, counted and cut in the database; the rows shown are judged by src/core/tasks.ts.
  const [total, rows] = await Promise.all([repo.countTasks(ctx.db, filter), repo.listTasks(ctx.db, filter, query.limit)]);
  return { total, today, items: rows.map((r) => viewOfTask(r, today)), filter };
}

export async function listTasks(ctx: ServiceContext, query: ListTasksQuery) {
  const { total, today, items } = await queryTasks(ctx, query);
  return { total, today, items };
}

export async function getTask(ctx: ServiceContext, id: number) {
  const row = await readableTask(ctx, id);
  const today = vietnamDate(ctx.clock());
  const [updates, evidence, links, subtasks] = await Promise.all([
    repo.listUpdates(ctx.db, id),
    repo.listEvidence(ctx.db, id),
    repo.listLinks(ctx.db, id),
    repo.listTasks(ctx.db, { readPaths: permittedPaths(ctx.actor, 'task.read'), parentId: id }),
  ]);
  const pendingExtension = await repo.findPendingExtension(ctx.db, id);
  return {
    ...viewOfTask(row, today),
    updates,
    evidence,
    links,
    subtasks: subtasks.map((s) => viewOfTask(s, today)),
    pendingExtension,
    can: {
      report: hasPermission(ctx.actor, 'task.report', row.leadOrgUnit.path),
      decide: hasPermission(ctx.actor, 'task.assign', row.assigningOrgUnit.path),
      assignSubtask: hasPermission(ctx.actor, 'task.assign', row.leadOrgUnit.path),
    },
  };
}

interface ResolvedRefs {
  lead: OrgUnitRef;
  coUnits: OrgUnitRef[];
  sectorId: number | null;
  indicatorIds: number[];
  targetIds: number[];
}

async function resolveRefs(ctx: ServiceContext, input: Partial<CreateTaskInput>, before: repo.TaskRow | null): Promise<ResolvedRefs> {
  const details: ErrorDetail[] = [];
  const lead = input.leadOrgUnit ? await requireOrgUnitRef(ctx.db, input.leadOrgUnit, 'body.leadOrgUnit') : await requireOrgUnitRef(ctx.db, before!.leadOrgUnit.id, 'body.leadOrgUnit');
  const coUnits: OrgUnitRef[] = [];
  const coRefs = input.coOrgUnits ?? before?.coOrgUnits.map((u) => `id:${u.id}`) ?? [];
  for (const [i, ref] of coRefs.entries()) {
    const unit = await requireOrgUnitRef(ctx.db, ref, `body.coOrgUnits[${i}]`);
    if (unit.id === lead.id) details.push({ path: `body.coOrgUnits[${i}]`, messageVi: 'Đơn vị chủ trì không đồng thời là đơn vị phối hợp', messageEn: 'The lead unit cannot also co-operate' });
    else if (!coUnits.some((u) => u.id === unit.id)) coUnits.push(unit);
  }
  let sectorId: number | null = null;
  const sectorCode = input.sector === undefined ? (before?.sector?.code ?? null) : input.sector;
  if (sectorCode) {
    const sector = await repo.findSector(ctx.db, sectorCode);
    if (!sector) details.push({ path: 'body.sector', messageVi: `Không có lĩnh vực '${sectorCode}'`, messageEn: `Unknown sector '${sectorCode}'` });
    else sectorId = sector.id;
  }
  const indicatorCodes = input.indicators ?? [];
  const found = await repo.findIndicatorIds(ctx.db, indicatorCodes);
  indicatorCodes.forEach((code, i) => {
    if (!found.has(code)) details.push({ path: `body.indicators[${i}]`, messageVi: `Không có chỉ tiêu '${code}'`, messageEn: `Unknown indicator '${code}'` });
  });
  const targetIds = input.targets ?? [];
  const targetPaths = await repo.findTargetPaths(ctx.db, targetIds);
  targetIds.forEach((id, i) => {
    const path = targetPaths.get(id);
    if (!path || !hasPermission(ctx.actor, 'data.read', path)) details.push({ path: `body.targets[${i}]`, messageVi: `Không có mục tiêu ${id}`, messageEn: `Unknown target ${id}` });
  });
  if (details.length) throw badRequest('INVALID_TASK', details.map((d) => d.messageVi).join('; '), details.map((d) => d.messageEn).join('; '), details);
  return { lead, coUnits, sectorId, indicatorIds: [...new Set(found.values())], targetIds: [...new Set(targetIds)] };
}

export async function createTask(ctx: ServiceContext, input: CreateTaskInput) {
  if (ctx.actor.kind === 'anonymous') throw unauthenticated();
  const problems = checkTaskDates(input);
  if (problems.length) throw invalid('INVALID_TASK_DATES', problems);
  let assigning: { id: number; path: string };
  if (input.parentId) {
    const parent = await readableTask(ctx, input.parentId);
    if (input.assigningOrgUnit) {
      throw invalid('INVALID_TASK', [
        {
          field: 'assigningOrgUnit',
          vi: 'Nhiệm vụ con do đơn vị chủ trì của nhiệm vụ cha giao; không nhập đơn vị giao',
          en: "A subtask is assigned by its parent's lead unit; leave the assigning unit out",
        },
      ]);
    }
    assigning = parent.leadOrgUnit;
    assertPermission(ctx.actor, 'task.assign', assigning.path);
  } else {
    if (!input.assigningOrgUnit) throw invalid('INVALID_TASK', [{ field: 'assigningOrgUnit', vi: 'Cần đơn vị giao nhiệm vụ', en: 'The assigning unit is required' }]);
    assigning = await requireOrgUnitRef(ctx.db, input.assigningOrgUnit, 'body.assigningOrgUnit');
    assertPermission(ctx.actor, 'task.assign', assigning.path);
  }
  const refs = await resolveRefs(ctx, input, null);
  assertPermission(ctx.actor, 'task.assign', refs.lead.path);
  if (input.parentId && !refs.lead.path.startsWith(assigning.path)) {
    throw invalid('INVALID_TASK', [{ field: 'leadOrgUnit', vi: 'Nhiệm vụ con giao cho đơn vị thuộc đơn vị chủ trì của nhiệm vụ cha', en: "A subtask goes to a unit within the parent's lead unit" }]);
  }
  return ctx.db.transaction(async (tx) => {
    const id = await repo.insertTask(tx, {
      parentId: input.parentId ?? null,
      title: input.title,
      description: input.description ?? null,
      sourceKind: input.sourceKind,
      sourceNumber: input.sourceNumber ?? null,
      sourceDate: input.sourceDate ?? null,
      sourceIssuer: input.sourceIssuer ?? null,
      sourceTitle: input.sourceTitle ?? null,
      assignerName: input.assignerName,
      assignerUserId: ctx.actor.userId ?? null,
      assigningOrgUnitId: assigning.id,
      leadOrgUnitId: refs.lead.id,
      responsible: input.responsible ?? null,
      startDate: input.startDate,
      dueDate: input.dueDate,
      expectedProduct: input.expectedProduct ?? null,
      priority: input.priority,
      sectorId: refs.sectorId,
    });
    await repo.setCoUnits(
      tx,
      id,
      refs.coUnits.map((u) => u.id),
    );
    await repo.setLinks(tx, id, refs.indicatorIds, refs.targetIds);
    const after = await requireTask(tx, id);
    await recordAudit(tx, ctx.actor, { action: 'task.create', objectType: 'task', objectId: id, orgUnitId: refs.lead.id, after });
    return viewOfTask(after, vietnamDate(ctx.clock()));
  });
}

export async function updateTask(ctx: ServiceContext, id: number, input: UpdateTaskInput) {
  const before = await readableTask(ctx, id);
  assertPermission(ctx.actor, 'task.assign', before.assigningOrgUnit.path);
  if (before.state === 'DONE' || before.state === 'CANCELLED') throw conflict('TASK_CLOSED', 'Nhiệm vụ đã kết thúc, không sửa được', 'The task is closed and cannot be edited');
  const startDate = input.startDate ?? before.startDate;
  const problems = checkTaskDates({ startDate, dueDate: before.dueDate }).map((p) => ({ ...p, field: 'startDate' }));
  if (problems.length) throw invalid('INVALID_TASK_DATES', problems);
  const refs = await resolveRefs(ctx, input, before);
  if (refs.lead.id !== before.leadOrgUnit.id) assertPermission(ctx.actor, 'task.assign', refs.lead.path);
  const pick = <K extends keyof UpdateTaskInput>(k: K, fallback: unknown) => (input[k] === undefined ? fallback : input[k]);
  return ctx.db.transaction(async (tx) => {
    await repo.updateTaskRow(tx, id, {
      title: pick('title', before.title) as string,
      description: pick('description', before.description) as string | null,
      sourceKind: pick('sourceKind', before.sourceKind) as string,
      sourceNumber: pick('sourceNumber', before.sourceNumber) as string | null,
      sourceDate: pick('sourceDate', before.sourceDate) as string | null,
      sourceIssuer: pick('sourceIssuer', before.sourceIssuer) as string | null,
      sourceTitle: pick('sourceTitle', before.sourceTitle) as string | null,
      assignerName: pick('assignerName', before.assignerName) as string,
      leadOrgUnitId: refs.lead.id,
      responsible: pick('responsible', before.responsible) as string | null,
      startDate,
      expectedProduct: pick('expectedProduct', before.expectedProduct) as string | null,
      priority: pick('priority', before.priority) as string,
      sectorId: refs.sectorId,
    });
    if (input.coOrgUnits)
      await repo.setCoUnits(
        tx,
        id,
        refs.coUnits.map((u) => u.id),
      );
    if (input.indicators || input.targets) {
      const links = await repo.listLinks(tx, id);
      const keepIndicators = input.indicators
        ? refs.indicatorIds
        : [
            ...(
              await repo.findIndicatorIds(
                tx,
                links.flatMap((l) => (l.indicatorCode ? [l.indicatorCode] : [])),
              )
            ).values(),
          ];
      const keepTargets = input.targets ? refs.targetIds : links.flatMap((l) => (l.targetId ? [l.targetId] : []));
      await repo.setLinks(tx, id, keepIndicators, keepTargets);
    }
    const after = await requireTask(tx, id);
    await recordAudit(tx, ctx.actor, { action: 'task.update', objectType: 'task', objectId: id, orgUnitId: after.leadOrgUnit.id, before, after });
    return viewOfTask(after, vietnamDate(ctx.clock()));
  });
}

/** Stores an evidence file of a task, its type read from its content; attached to the next progress or done report. */
export async function uploadEvidence(ctx: ServiceContext, id: number, fileName: string, bytes: Buffer) {
  const task = await readableTask(ctx, id);
  assertPermission(ctx.actor, 'task.report', task.leadOrgUnit.path);
  const kind = detectEvidenceKind(bytes);
  if (!kind) {
    throw new AppError(
      'UNSUPPORTED_FILE_TYPE',
      415,
      `Tệp '${fileName}' không phải PDF, DOCX, XLSX, PNG hay JPEG (xét theo nội dung tệp)`,
      `The file '${fileName}' is not a PDF, DOCX, XLSX, PNG or JPEG (judged by its content)`,
      [{ path: 'file', messageVi: 'Chỉ nhận PDF, DOCX, XLSX, PNG, JPEG', messageEn: 'Only PDF, DOCX, XLSX, PNG, JPEG are accepted' }],
    );
  }
  const safeName = fileName.replace(/[\\/]/g, '_').slice(0, 255) || 'tep';
  return ctx.db.transaction(async (tx) => {
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const evidenceId = await repo.insertEvidence(tx, id, { fileName: safeName, contentType: EVIDENCE_TYPES[kind], bytes, sha256, username: whoOf(ctx.actor) });
    await recordAudit(tx, ctx.actor, {
      action: 'task.evidence_upload',
      objectType: 'task',
      objectId: id,
      orgUnitId: task.leadOrgUnit.id,
      after: { evidenceId, fileName: safeName, contentType: EVIDENCE_TYPES[kind], sizeBytes: bytes.length, sha256 },
    });
    return { id: evidenceId, fileName: safeName, contentType: EVIDENCE_TYPES[kind], sizeBytes: bytes.length, sha256 };
  });
}

export async function downloadEvidence(ctx: ServiceContext, id: number, evidenceId: number) {
  await readableTask(ctx, id);
  const file = await repo.findEvidenceContent(ctx.db, id, evidenceId);
  if (!file) throw notFound('tệp minh chứng', 'Evidence file', evidenceId);
  return file;
}

async function attachOrRefuse(tx: Db, taskId: number, updateId: number, ids: number[]): Promise<void> {
  const attached = await repo.attachEvidence(tx, taskId, updateId, [...new Set(ids)]);
  if (attached !== new Set(ids).size) {
    throw badRequest('UNKNOWN_EVIDENCE', 'Tệp minh chứng không thuộc nhiệm vụ này hoặc đã được dùng', 'An evidence file does not belong to this task or was already used', [
      { path: 'body.evidenceIds', messageVi: 'Có tệp không thuộc nhiệm vụ hoặc đã dùng', messageEn: 'A file is unknown for this task or already used' },
    ]);
  }
}

function assertOpen(task: repo.TaskRow, allowed: repo.TaskRow['state'][]): void {
  if (!allowed.includes(task.state)) {
    throw conflict('TASK_STATE', `Nhiệm vụ đang ở trạng thái ${task.state}, không thực hiện được thao tác này`, `The task is ${task.state}; this action does not apply`);
  }
}

/** An action on a task in one transaction, audited with before and after. */
async function act(
  ctx: ServiceContext,
  id: number,
  action: string,
  check: (task: repo.TaskRow) => void | Promise<void>,
  write: (tx: Db, task: repo.TaskRow, today: string) => Promise<void>,
  reason?: string | null,
) {
  const today = vietnamDate(ctx.clock());
  return ctx.db.transaction(async (tx) => {
    await tx.query('SELECT id FROM task WHERE id = $1 FOR UPDATE', [id]);
    const before = await readableTask(ctx, id, tx);
    await check(before);
    await write(tx, before, today);
    const after = await requireTask(tx, id);
    await recordAudit(tx, ctx.actor, { action, objectType: 'task', objectId: id, orgUnitId: before.leadOrgUnit.id, before, after, reason: reason ?? null });
    return viewOfTask(after, today);
  });
}

const reporter = (ctx: ServiceContext) => (task: repo.TaskRow) => assertPermission(ctx.actor, 'task.report', task.leadOrgUnit.path);
const assigner = (ctx: ServiceContext) => (task: repo.TaskRow) => {
  if (!hasPermission(ctx.actor, 'task.assign', task.assigningOrgUnit.path)) {
    throw forbidden('Chỉ đơn vị giao nhiệm vụ mới xác nhận, trả lại, duyệt gia hạn hoặc huỷ', 'Only the assigning unit confirms, returns, decides extensions or cancels');
  }
};

export function reportProgress(ctx: ServiceContext, id: number, input: { percent: number; note?: string | null; evidenceIds: number[] }) {
  return act(
    ctx,
    id,
    'task.progress',
    (t) => {
      reporter(ctx)(t);
      assertOpen(t, ['OPEN']);
      if (input.percent === 100)
        throw invalid('INVALID_PROGRESS', [{ field: 'percent', vi: '100 % là báo cáo hoàn thành: dùng "Báo cáo hoàn thành" kèm minh chứng', en: '100 % is a done report: report done with evidence' }]);
    },
    async (tx, _t, today) => {
      const updateId = await repo.insertUpdate(tx, id, { kind: 'PROGRESS', percent: input.percent, note: input.note, onDate: today, userId: ctx.actor.userId ?? null, username: whoOf(ctx.actor) });
      await attachOrRefuse(tx, id, updateId, input.evidenceIds);
      await tx.query('UPDATE task SET progress_percent = $2, updated_at = now() WHERE id = $1', [id, input.percent]);
    },
  );
}

export function reportDone(ctx: ServiceContext, id: number, input: { note?: string | null; evidenceIds: number[] }) {
  return act(
    ctx,
    id,
    'task.report_done',
    (t) => {
      reporter(ctx)(t);
      assertOpen(t, ['OPEN']);
      if (input.evidenceIds.length === 0)
        throw invalid('EVIDENCE_REQUIRED', [{ field: 'evidenceIds', vi: 'Báo cáo hoàn thành cần ít nhất một tệp minh chứng', en: 'A done report needs at least one evidence file' }]);
    },
    async (tx, _t, today) => {
      const updateId = await repo.insertUpdate(tx, id, { kind: 'DONE_REPORTED', percent: 100, note: input.note, onDate: today, userId: ctx.actor.userId ?? null, username: whoOf(ctx.actor) });
      await attachOrRefuse(tx, id, updateId, input.evidenceIds);
      await repo.setState(tx, id, { state: 'DONE_REPORTED', doneOn: today, progressPercent: 100 });
    },
  );
}

export function confirmDone(ctx: ServiceContext, id: number, note?: string) {
  return act(
    ctx,
    id,
    'task.confirm',
    (t) => {
      assigner(ctx)(t);
      assertOpen(t, ['DONE_REPORTED']);
    },
    async (tx, t, today) => {
      await repo.insertUpdate(tx, id, { kind: 'CONFIRMED', note, onDate: today, userId: ctx.actor.userId ?? null, username: whoOf(ctx.actor) });
      await repo.setState(tx, id, { state: 'DONE', doneOn: t.doneOn, confirmedBy: whoOf(ctx.actor), on: today });
    },
  );
}

export function returnTask(ctx: ServiceContext, id: number, reason?: string) {
  return act(
    ctx,
    id,
    'task.return',
    (t) => {
      assigner(ctx)(t);
      assertOpen(t, ['DONE_REPORTED']);
      if (!reason) throw invalid('REASON_REQUIRED', [{ field: 'reason', vi: 'Trả lại cần nêu lý do', en: 'A return needs a reason' }]);
    },
    async (tx, _t, today) => {
      await repo.insertUpdate(tx, id, { kind: 'RETURNED', note: reason, onDate: today, userId: ctx.actor.userId ?? null, username: whoOf(ctx.actor) });
      await repo.setState(tx, id, { state: 'OPEN' });
    },
    reason,
  );
}

export function requestExtension(ctx: ServiceContext, id: number, input: { newDueDate: string; reason?: string }) {
  return act(
    ctx,
    id,
    'task.extension_request',
    async (t) => {
      reporter(ctx)(t);
      assertOpen(t, ['OPEN']);
      const problems = checkExtension(t, input.newDueDate, input.reason);
      if (problems.length) throw invalid('INVALID_EXTENSION', problems);
    },
    async (tx, _t, today) => {
      if (await repo.findPendingExtension(tx, id)) throw conflict('EXTENSION_PENDING', 'Đã có đề nghị gia hạn đang chờ duyệt', 'An extension request is already waiting for a decision');
      await repo.insertUpdate(tx, id, {
        kind: 'EXTENSION_REQUESTED',
        note: input.reason,
        requestedDueDate: input.newDueDate,
        onDate: today,
        userId: ctx.actor.userId ?? null,
        username: whoOf(ctx.actor),
      });
    },
    input.reason,
  );
}

export function decideExtension(ctx: ServiceContext, id: number, input: { approve: boolean; note?: string }) {
  return act(
    ctx,
    id,
    input.approve ? 'task.extension_approve' : 'task.extension_reject',
    (t) => {
      assigner(ctx)(t);
      assertOpen(t, ['OPEN', 'DONE_REPORTED']);
    },
    async (tx, _t, today) => {
      const pending = await repo.findPendingExtension(tx, id);
      if (!pending?.requestedDueDate) throw conflict('NO_EXTENSION_PENDING', 'Không có đề nghị gia hạn nào đang chờ duyệt', 'No extension request is waiting for a decision');
      await repo.insertUpdate(tx, id, {
        kind: input.approve ? 'EXTENSION_APPROVED' : 'EXTENSION_REJECTED',
        note: input.note,
        requestedDueDate: pending.requestedDueDate,
        onDate: today,
        userId: ctx.actor.userId ?? null,
        username: whoOf(ctx.actor),
      });
      if (input.approve) await tx.query('UPDATE task SET extended_due_date = $2, extended_on = $3, updated_at = now() WHERE id = $1', [id, pending.requestedDueDate, today]);
    },
    input.note,
  );
}

export function cancelTask(ctx: ServiceContext, id: number, reason?: string) {
  return act(
    ctx,
    id,
    'task.cancel',
    (t) => {
      assigner(ctx)(t);
      assertOpen(t, ['OPEN', 'DONE_REPORTED']);
      if (!reason) throw invalid('REASON_REQUIRED', [{ field: 'reason', vi: 'Huỷ nhiệm vụ cần nêu lý do', en: 'Cancelling a task needs a reason' }]);
    },
    async (tx, _t, today) => {
      await repo.insertUpdate(tx, id, { kind: 'CANCELLED', note: reason, onDate: today, userId: ctx.actor.userId ?? null, username: whoOf(ctx.actor) });
      await repo.setState(tx, id, { state: 'CANCELLED', cancelReason: reason, on: today });
    },
    reason,
  );
}

const MONTH_LABEL = (day: string, lang: Lang) => (lang === 'vi' ? `Tháng ${Number(day.slice(5, 7))}/${day.slice(0, 4)}` : `${day.slice(0, 7)}`);

/** The Government Office's scorecard: tasks assigned, done on time, done late, open within deadline, open overdue, and their rates. */
export async function taskScorecard(ctx: ServiceContext, query: ScorecardQuery) {
  const { filter, today } = await filterOf(ctx, { view: 'ALL', orgUnit: query.orgUnit, dueFrom: query.dueFrom, dueTo: query.dueTo });
  if (query.asOf && query.asOf !== 'MONTH_END' && query.asOf > today) {
    throw badRequest('INVALID_QUERY', `Ngày tính đến (${formatDayVi(query.asOf)}) sau hôm nay`, `The as-of day (${query.asOf}) is after today`, [
      { path: 'query.asOf', messageVi: 'Ngày tính đến không được sau hôm nay', messageEn: 'The as-of day cannot be after today' },
    ]);
  }
  const asOf = query.asOf ?? today;
  // Judged by the status rule of src/core/tasks.ts as the tasks stood on the day (its SQL twin, pinned by a test).
  const counts = await repo.countByGroupAndStatus(ctx.db, filter, asOf === 'MONTH_END' ? today : asOf, query.by, asOf === 'MONTH_END');
  const lang = ctx.lang;
  const groups = new Map<string, { key: string; label: string; counts: Partial<Record<TaskStatus, number>> }>();
  const total: Partial<Record<TaskStatus, number>> = {};
  for (const c of counts) {
    let label: string;
    if (query.by === 'MONTH') label = MONTH_LABEL(`${c.key}-01`, lang);
    else if (query.by === 'SECTOR' && c.key === '') label = lang === 'en' ? '(no sector)' : '(chưa gắn lĩnh vực)';
    else label = (lang === 'en' ? (c.labelEn ?? c.labelVi) : c.labelVi) ?? c.key;
    const g = groups.get(c.key) ?? { key: c.key, label, counts: {} };
    const status = c.status as TaskStatus;
    g.counts[status] = (g.counts[status] ?? 0) + c.n;
    total[status] = (total[status] ?? 0) + c.n;
    groups.set(c.key, g);
  }
  const rows = [...groups.values()].sort((x, y) => x.key.localeCompare(y.key)).map((g) => ({ key: g.key, label: g.label, ...scorecardOfCounts(g.counts) }));
  return { by: query.by, today, asOf, rows, total: scorecardOfCounts(total) };
}

const SCORECARD_BY_VI: Record<ScorecardQuery['by'], string> = { UNIT: 'Đơn vị chủ trì', SECTOR: 'Lĩnh vực', SOURCE: 'Văn bản giao', MONTH: 'Tháng đến hạn' };

/** The scorecard as an Excel workbook: one row per group, counts and rates (%), the total last. */
export async function taskScorecardWorkbook(ctx: ServiceContext, query: ScorecardQuery): Promise<{ fileName: string; bytes: Buffer }> {
  const card = await taskScorecard(ctx, query);
  const { default: ExcelJS } = await import('exceljs');
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Tiến Độ';
  const ws = wb.addWorksheet('Tong hop nhiem vu');
  const asOfText = card.asOf === 'MONTH_END' ? 'tính đến cuối tháng đến hạn của từng nhiệm vụ' : `tính đến ngày ${formatDayVi(card.asOf)}`;
  ws.addRow([`Tổng hợp tình hình thực hiện nhiệm vụ (${asOfText})`]).font = { bold: true, size: 13 };
  const header = ws.addRow([
    SCORECARD_BY_VI[query.by],
    'Số nhiệm vụ giao',
    'Hoàn thành đúng hạn',
    'Tỷ lệ (%)',
    'Hoàn thành quá hạn',
    'Tỷ lệ (%)',
    'Đang thực hiện trong hạn',
    'Tỷ lệ (%)',
    'Quá hạn chưa hoàn thành',
    'Tỷ lệ (%)',
  ]);
  header.font = { bold: true };
  const line = (label: string, r: ReturnType<typeof scorecardOf>) =>
    ws.addRow([label, r.assigned, r.doneOnTime, r.rates.doneOnTime, r.doneLate, r.rates.doneLate, r.openOnTime, r.rates.openOnTime, r.openOverdue, r.rates.openOverdue]);
  for (const row of card.rows) line(row.label, row);
  line('Tổng cộng', card.total).font = { bold: true };
  ws.getColumn(1).width = 50;
  for (let c = 2; c <= 10; c++) ws.getColumn(c).width = 14;
  return { fileName: `Tong-hop-nhiem-vu-${query.by.toLowerCase()}-${card.today}.xlsx`, bytes: Buffer.from(await wb.xlsx.writeBuffer()) };
}
