/**
 * The briefing as a document people amend and issue: a draft keeps what was computed from live data and the
 * texts editors wrote over it, part by part, plus the conclusions as items; finalising freezes the whole
 * document, registers it in the issuer's register of outgoing documents (its number and symbol), and from
 * then on nothing about it changes — its DOCX and PDF are rendered from the frozen content. A new briefing
 * can start from a finalised one: figures recomputed, the amended texts carried where their part still exists.
 */
import type { ServiceContext } from '../../http/context.ts';
import { assertPermission, hasPermission, permittedPaths } from '../../access.ts';
import { AppError, badRequest, conflict, notFound, unauthenticated, type ErrorDetail } from '../../http/errors.ts';
import { formatDate, nextPeriod, vietnamDate } from '../../../core/periods.ts';
import { documentSymbol, nextDocumentNumber, numberingYear } from '../../../core/documents.ts';
import { recordAudit } from '../audit/service.ts';
import { requireOrgUnitRef } from '../org-units/lookup.ts';
import { createTask } from '../tasks/service.ts';
import { buildMonthlyBriefing, dateLineOf, numberSections, paragraphsOfModel, type BriefingModel, type BriefingParagraph, type BriefingPart, type BriefingSection, type FigureRef } from './service.ts';
import * as repo from './repo.ts';
import type { ConclusionsInput, CreateBriefingInput, EditSectionInput } from './schema.ts';

const finalised = (row: repo.BriefingRow) => conflict('BRIEFING_FINAL', `Báo cáo số ${row.symbol} đã ban hành, không thể sửa đổi`, `Briefing ${row.symbol} is finalised and cannot change`);

/**
 * The figures of a part that an amended paragraph still quotes: each generated figure whose number is found
 * in the new text, in reading order (so that the same number twice links twice, in place).
 */
function figuresIn(text: string, candidates: readonly FigureRef[]): FigureRef[] {
  const out: FigureRef[] = [];
  let at = 0;
  for (const f of candidates) {
    if (!f.shown) continue;
    const i = text.indexOf(f.shown, at);
    if (i < 0) continue;
    out.push(f);
    at = i + f.shown.length;
  }
  return out;
}

function amend(part: BriefingPart, edit: { paragraphs: string[]; carriedFrom?: string } | undefined): BriefingPart {
  if (!edit) return part;
  const figures = part.paragraphs.flatMap((p) => p.figures);
  const paragraphs: BriefingParagraph[] = edit.paragraphs.map((text) => ({ text, figures: figuresIn(text, figures) }));
  return { ...part, paragraphs, edited: true, ...(edit.carriedFrom ? { carriedFrom: edit.carriedFrom } : {}) };
}

/** The parts a model can be amended in, by key. */
function partKeys(model: BriefingModel): Set<string> {
  return new Set(model.sections.flatMap((s) => [s.key, ...(s.subsections ?? []).map((x) => x.key)]).filter((k): k is string => !!k));
}

function conclusionsSection(items: readonly repo.StoredConclusion[]): BriefingSection {
  const paragraphs = items.length
    ? items.map((c, i) => ({ text: `${i + 1}. ${c.text} (${c.leadOrgUnit.nameVi} chủ trì${c.responsible ? `, ${c.responsible}` : ''}; hạn ${formatDate(c.dueDate, 'vi')}).`, figures: [] }))
    : [{ text: 'Chưa có kết luận.', figures: [] }];
  return { key: 'conclusions', heading: 'KẾT LUẬN', paragraphs };
}

/** The document as it reads now: generated text, amended parts, the conclusions, numbered headings. */
function documentOf(row: repo.BriefingRow): BriefingModel {
  if (row.state === 'FINAL') return row.finalContent as BriefingModel;
  const generated = row.generated as BriefingModel;
  const sections = numberSections([
    ...generated.sections.map((s) => ({
      ...amend(s, s.key ? row.edits[s.key] : undefined),
      ...(s.subsections ? { subsections: s.subsections.map((x) => amend(x, x.key ? row.edits[x.key] : undefined)) } : {}),
    })),
    conclusionsSection(row.conclusions),
  ]);
  return { ...generated, sections, figures: paragraphsOfModel(sections).flatMap((p) => p.figures) };
}

function viewOf(ctx: ServiceContext, row: repo.BriefingRow, tasks: Map<number, number>) {
  const canWrite = hasPermission(ctx.actor, 'briefing.write', row.orgUnit.path);
  return {
    id: row.id,
    state: row.state,
    month: row.month,
    orgUnit: { code: row.orgUnit.code, nameVi: row.orgUnit.nameVi },
    place: row.place,
    symbol: row.symbol,
    issuedOn: row.issuedOn,
    basedOnId: row.basedOnId,
    version: row.version,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    finalisedAt: row.finalisedAt?.toISOString() ?? null,
    conclusions: row.conclusions.map((c, i) => ({ ...c, taskId: tasks.get(i) ?? null })),
    document: documentOf(row),
    can: {
      edit: row.state === 'DRAFT' && canWrite,
      finalise: row.state === 'DRAFT' && canWrite,
      createTasks: row.state === 'FINAL' && tasks.size === 0 && row.conclusions.length > 0 && canWrite && hasPermission(ctx.actor, 'task.assign', row.orgUnit.path),
    },
  };
}
export type BriefingReportView = ReturnType<typeof viewOf>;

async function readable(ctx: ServiceContext, id: number): Promise<repo.BriefingRow> {
  if (ctx.actor.kind === 'anonymous') throw unauthenticated();
  const row = await repo.findBriefing(ctx.db, id);
  // One out of the caller's scopes is not found: its existence is not disclosed.
  if (!row || !hasPermission(ctx.actor, 'data.read', row.orgUnit.path)) throw notFound('báo cáo giao ban', 'Briefing', id);
  return row;
}

/** A draft, locked for the change, that the caller may amend, at the version the caller read. */
async function writableDraft(ctx: ServiceContext, db: ServiceContext['db'], id: number, version: number): Promise<repo.BriefingRow> {
  const row = await repo.findBriefing(db, id, true);
  if (!row || !hasPermission(ctx.actor, 'data.read', row.orgUnit.path)) throw notFound('báo cáo giao ban', 'Briefing', id);
  assertPermission(ctx.actor, 'briefing.write', row.orgUnit.path);
  if (row.state === 'FINAL') throw finalised(row);
  if (row.version !== version) {
    throw conflict(
      'BRIEFING_CHANGED',
      `Dự thảo đã được người khác sửa (phiên bản ${row.version}); hãy tải lại trước khi sửa`,
      `The draft was changed by somebody else (version ${row.version}); reload it first`,
    );
  }
  return row;
}

export async function getBriefing(ctx: ServiceContext, id: number): Promise<BriefingReportView> {
  const row = await readable(ctx, id);
  return viewOf(ctx, row, await repo.conclusionTasks(ctx.db, id));
}

export async function listBriefingReports(ctx: ServiceContext, query: { orgUnit?: string; state?: 'DRAFT' | 'FINAL' }) {
  if (ctx.actor.kind === 'anonymous') throw unauthenticated();
  const unit = query.orgUnit ? await requireOrgUnitRef(ctx.db, query.orgUnit, 'query.orgUnit') : null;
  if (unit) assertPermission(ctx.actor, 'data.read', unit.path);
  const items = await repo.listBriefings(ctx.db, { paths: permittedPaths(ctx.actor, 'data.read'), orgUnitId: unit?.id, state: query.state });
  return { items: items.map((b) => ({ ...b, updatedAt: b.updatedAt.toISOString() })) };
}

/** Starts a draft from live data; from a finalised briefing, its amended texts come along where their part still exists. */
export async function createBriefing(ctx: ServiceContext, input: CreateBriefingInput): Promise<BriefingReportView> {
  if (ctx.actor.kind === 'anonymous') throw unauthenticated();
  let base: repo.BriefingRow | null = null;
  if (input.basedOn) {
    base = await repo.findBriefing(ctx.db, input.basedOn);
    if (!base || !hasPermission(ctx.actor, 'data.read', base.orgUnit.path)) {
      throw badRequest('INVALID_BRIEFING', `Không có báo cáo giao ban ${input.basedOn}`, `No briefing ${input.basedOn}`, [
        { path: 'body.basedOn', messageVi: 'Không có báo cáo này', messageEn: 'No such briefing' },
      ]);
    }
    if (base.state !== 'FINAL') {
      throw badRequest('INVALID_BRIEFING', 'Chỉ bắt đầu từ một báo cáo đã ban hành', 'Start only from a finalised briefing', [
        { path: 'body.basedOn', messageVi: 'Báo cáo này còn là dự thảo', messageEn: 'That briefing is still a draft' },
      ]);
    }
  }
  const details: ErrorDetail[] = [];
  if (!input.month && !base) details.push({ path: 'body.month', messageVi: 'Cần tháng báo cáo', messageEn: 'The month is required' });
  if (!input.orgUnit && !base) details.push({ path: 'body.orgUnit', messageVi: 'Cần đơn vị ban hành', messageEn: 'The issuing unit is required' });
  if (details.length) throw badRequest('INVALID_BRIEFING', details.map((d) => d.messageVi).join('; '), details.map((d) => d.messageEn).join('; '), details);
  const issuer = input.orgUnit ? await requireOrgUnitRef(ctx.db, input.orgUnit, 'body.orgUnit') : base!.orgUnit;
  assertPermission(ctx.actor, 'briefing.write', issuer.path);
  const month = input.month ?? nextPeriod(base!.month);
  const model = await buildMonthlyBriefing(ctx, {
    month,
    orgUnit: `id:${issuer.id}`,
    figureOrgUnit: input.figureOrgUnit ?? (base ? `id:${base.figureOrgUnitId}` : undefined),
    place: input.place ?? base?.place,
  }).catch((err: unknown) => {
    // The generator names query fields; here they came in the body.
    if (err instanceof AppError)
      throw new AppError(
        err.code,
        err.status,
        err.messageVi,
        err.messageEn,
        err.details.map((d) => ({ ...d, path: d.path.replace(/^query\./, 'body.') })),
      );
    throw err;
  });
  const keys = partKeys(model);
  const edits: repo.BriefingRow['edits'] = {};
  if (base) {
    for (const [key, edit] of Object.entries(base.edits)) if (keys.has(key)) edits[key] = { paragraphs: edit.paragraphs, carriedFrom: base.symbol ?? undefined };
  }
  const figureUnit = await requireOrgUnitRef(ctx.db, model.figureOrgUnit.code, 'body.figureOrgUnit');
  return ctx.db.transaction(async (tx) => {
    const id = await repo.insertBriefing(tx, {
      orgUnitId: issuer.id,
      figureOrgUnitId: figureUnit.id,
      month: model.month,
      place: model.place,
      generated: model,
      edits,
      basedOnId: base?.id ?? null,
      createdBy: ctx.actor.userId ?? null,
    });
    const row = (await repo.findBriefing(tx, id))!;
    await recordAudit(tx, ctx.actor, {
      action: 'briefing.create',
      objectType: 'briefing',
      objectId: id,
      orgUnitId: issuer.id,
      after: { month: row.month, basedOn: base?.id ?? null, carried: Object.keys(edits) },
    });
    return viewOf(ctx, row, new Map());
  });
}

/** Replaces the text of one part of a draft (null gives back the generated text). */
export async function editSection(ctx: ServiceContext, id: number, input: EditSectionInput): Promise<BriefingReportView> {
  return ctx.db.transaction(async (tx) => {
    const row = await writableDraft(ctx, tx, id, input.version);
    if (!partKeys(row.generated as BriefingModel).has(input.key)) {
      throw badRequest('INVALID_BRIEFING_SECTION', `Báo cáo không có phần '${input.key}'`, `The briefing has no part '${input.key}'`, [
        { path: 'body.key', messageVi: `Không có phần '${input.key}'`, messageEn: `No part '${input.key}'` },
      ]);
    }
    const edits = { ...row.edits };
    const before = edits[input.key] ?? null;
    if (input.paragraphs === null) delete edits[input.key];
    else edits[input.key] = { paragraphs: input.paragraphs };
    await repo.updateDraft(tx, id, { edits });
    await recordAudit(tx, ctx.actor, {
      action: 'briefing.edit',
      objectType: 'briefing',
      objectId: id,
      orgUnitId: row.orgUnit.id,
      before: { key: input.key, edit: before },
      after: { key: input.key, edit: edits[input.key] ?? null },
    });
    return viewOf(ctx, (await repo.findBriefing(tx, id))!, new Map());
  });
}

/** Sets the conclusions (kết luận) of a draft, as items each with its lead unit and due date. */
export async function setConclusions(ctx: ServiceContext, id: number, input: ConclusionsInput): Promise<BriefingReportView> {
  return ctx.db.transaction(async (tx) => {
    const row = await writableDraft(ctx, tx, id, input.version);
    const items: repo.StoredConclusion[] = [];
    const details: ErrorDetail[] = [];
    for (const [i, item] of input.items.entries()) {
      const unit = await requireOrgUnitRef(tx, item.leadOrgUnit, `body.items[${i}].leadOrgUnit`).catch((err: unknown) => {
        if (err instanceof AppError) details.push(...err.details);
        return null;
      });
      if (unit && !unit.path.startsWith(row.orgUnit.path)) {
        details.push({ path: `body.items[${i}].leadOrgUnit`, messageVi: `${unit.nameVi} không thuộc ${row.orgUnit.nameVi}`, messageEn: `${unit.code} is not within ${row.orgUnit.code}` });
      }
      const issuedBy = vietnamDate(ctx.clock());
      if (item.dueDate < issuedBy) details.push({ path: `body.items[${i}].dueDate`, messageVi: `Hạn ${formatDate(item.dueDate, 'vi')} đã qua`, messageEn: `The due date ${item.dueDate} has passed` });
      if (unit) items.push({ text: item.text, leadOrgUnit: { id: unit.id, code: unit.code, nameVi: unit.nameVi }, dueDate: item.dueDate, responsible: item.responsible ?? null });
    }
    if (details.length) throw badRequest('INVALID_CONCLUSIONS', details.map((d) => d.messageVi).join('; '), details.map((d) => d.messageEn).join('; '), details);
    await repo.updateDraft(tx, id, { conclusions: items });
    await recordAudit(tx, ctx.actor, { action: 'briefing.conclusions', objectType: 'briefing', objectId: id, orgUnitId: row.orgUnit.id, before: row.conclusions, after: items });
    return viewOf(ctx, (await repo.findBriefing(tx, id))!, new Map());
  });
}

/** Freezes the draft as issued today and registers it under the issuer's next number of the year. */
export async function finaliseBriefing(ctx: ServiceContext, id: number, input: { version: number; signerName?: string }): Promise<BriefingReportView> {
  return ctx.db.transaction(async (tx) => {
    const row = await writableDraft(ctx, tx, id, input.version);
    const today = vietnamDate(ctx.clock());
    const draft = documentOf(row);
    const shortCode = row.orgUnit.code.split('-').pop() ?? row.orgUnit.code;
    const registered = await repo.registerOutgoing(
      tx,
      { orgUnitId: row.orgUnit.id, year: numberingYear(today), kind: 'BC', subject: draft.subject, issuedOn: today, registeredBy: ctx.actor.userId ?? null },
      (n) => documentSymbol(n, 'BC', shortCode),
      nextDocumentNumber,
    );
    const finalContent: BriefingModel = {
      ...draft,
      numberLine: `Số: ${registered.symbol}`,
      date: today,
      dateLine: dateLineOf(draft.place, today),
      signer: { ...draft.signer, name: input.signerName ?? draft.signer.name },
    };
    await repo.finaliseBriefing(tx, id, { finalContent, outgoingDocumentId: registered.id, finalisedBy: ctx.actor.userId ?? null });
    await recordAudit(tx, ctx.actor, {
      action: 'briefing.finalise',
      objectType: 'briefing',
      objectId: id,
      orgUnitId: row.orgUnit.id,
      before: { state: 'DRAFT', version: row.version },
      after: { state: 'FINAL', symbol: registered.symbol, issuedOn: today },
    });
    await recordAudit(tx, ctx.actor, {
      action: 'outgoing_document.register',
      objectType: 'outgoing_document',
      objectId: registered.id,
      orgUnitId: row.orgUnit.id,
      after: { symbol: registered.symbol, subject: draft.subject, issuedOn: today, briefingId: id },
    });
    return viewOf(ctx, (await repo.findBriefing(tx, id))!, new Map());
  });
}

/** Each conclusion of a finalised briefing becomes a task whose source document is the briefing — all or none, once. */
export async function conclusionsToTasks(ctx: ServiceContext, id: number, input: { assignerName: string }) {
  const row = await readable(ctx, id);
  assertPermission(ctx.actor, 'briefing.write', row.orgUnit.path);
  assertPermission(ctx.actor, 'task.assign', row.orgUnit.path);
  if (row.state !== 'FINAL') throw conflict('BRIEFING_NOT_FINAL', 'Chỉ giao nhiệm vụ từ kết luận của báo cáo đã ban hành', 'Only the conclusions of a finalised briefing become tasks');
  if (row.conclusions.length === 0)
    throw badRequest('NO_CONCLUSIONS', 'Báo cáo không có kết luận nào', 'The briefing has no conclusions', [{ path: 'conclusions', messageVi: 'Chưa có kết luận', messageEn: 'No conclusions' }]);
  const content = row.finalContent as BriefingModel;
  return ctx.db.transaction(async (tx) => {
    if ((await repo.conclusionTasks(tx, id)).size > 0)
      throw conflict('CONCLUSIONS_ALREADY_TASKS', 'Các kết luận của báo cáo này đã được giao thành nhiệm vụ', "This briefing's conclusions are tasks already");
    const created = [];
    for (const [i, c] of row.conclusions.entries()) {
      const task = await createTask(
        { ...ctx, db: tx },
        {
          title: c.text,
          sourceKind: 'BRIEFING',
          sourceNumber: row.symbol,
          sourceDate: row.issuedOn,
          sourceIssuer: row.orgUnit.nameVi,
          sourceTitle: `${content.title} ${content.subject}`,
          assignerName: input.assignerName,
          assigningOrgUnit: `id:${row.orgUnit.id}`,
          leadOrgUnit: `id:${c.leadOrgUnit.id}`,
          coOrgUnits: [],
          responsible: c.responsible,
          startDate: row.issuedOn!,
          dueDate: c.dueDate,
          priority: 'NORMAL',
          indicators: [],
          targets: [],
        },
      ).catch((err: unknown) => {
        // Name the conclusion at fault, not the task's field.
        if (err instanceof AppError)
          throw new AppError(
            err.code,
            err.status,
            `Kết luận ${i + 1}: ${err.messageVi}`,
            `Conclusion ${i + 1}: ${err.messageEn}`,
            err.details.map((d) => ({ ...d, path: `conclusions[${i}].${d.path.replace(/^body\./, '')}` })),
          );
        throw err;
      });
      await repo.insertConclusionTask(tx, id, i, task.id);
      created.push(task);
    }
    await recordAudit(tx, ctx.actor, { action: 'briefing.tasks', objectType: 'briefing', objectId: id, orgUnitId: row.orgUnit.id, after: { taskIds: created.map((t) => t.id) } });
    return { items: created };
  });
}

/** The register of outgoing documents of a unit for a year. */
export async function listOutgoingDocuments(ctx: ServiceContext, query: { orgUnit: string; year: number }) {
  if (ctx.actor.kind === 'anonymous') throw unauthenticated();
  const unit = await requireOrgUnitRef(ctx.db, query.orgUnit, 'query.orgUnit');
  assertPermission(ctx.actor, 'data.read', unit.path);
  const rows = await repo.listOutgoing(ctx.db, unit.id, query.year);
  return { items: rows.map((r) => ({ ...r, registeredAt: r.registeredAt.toISOString() })) };
}
