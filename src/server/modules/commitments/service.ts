import { createHash } from 'node:crypto';
import type { ServiceContext } from '../../http/context.ts';
import { assertPermission, assertPermissionAnywhere, hasPermission, permittedPaths, type Actor } from '../../access.ts';
import { AppError, type CodeWithStatus, badRequest, conflict, forbidden, notFound, unauthenticated, type ErrorDetail } from '../../http/errors.ts';
import { vietnamDate } from '../../../core/periods.ts';
import { checkCommitment, judgeCommitment, type LinkFact } from '../../../core/commitments.ts';
import { daysBetween, detectEvidenceKind, EVIDENCE_TYPES } from '../../../core/tasks.ts';
import { recordAudit } from '../audit/service.ts';
import { requireOrgUnitRef } from '../org-units/lookup.ts';
import { tasksByIds, type TaskView } from '../tasks/service.ts';
import { targetsByIds } from '../targets/service.ts';
import * as repo from './repo.ts';
import type { CreateCommitmentInput, JudgementInput, ListCommitmentsQuery, UpdateCommitmentInput } from './schema.ts';

type TargetView = Awaited<ReturnType<typeof targetsByIds>>[number];

function whoOf(actor: Actor): string {
  return actor.username ?? `${actor.kind}:${actor.userId ?? actor.tokenId ?? ''}`;
}

function invalid(code: CodeWithStatus<400>, problems: { field: string; vi: string; en: string }[]): AppError {
  return badRequest(
    code,
    problems.map((p) => p.vi).join('; '),
    problems.map((p) => p.en).join('; '),
    problems.map((p) => ({ path: `body.${p.field}`, messageVi: p.vi, messageEn: p.en })),
  );
}

const targetLabel = (t: TargetView) => `${t.indicatorNameVi} — ${t.orgUnitName} ${t.targetPeriod}`;

/** The facts the rule judges, gathered for many commitments at once: linked tasks' status and targets' stored evaluation. */
async function gather(ctx: Pick<ServiceContext, 'db'>, commitments: readonly repo.CommitmentRow[], today: string) {
  const ids = commitments.map((c) => c.id);
  const [results, evidence] = await Promise.all([repo.listResults(ctx.db, ids), repo.listEvidence(ctx.db, ids)]);
  const [tasks, targets] = await Promise.all([
    tasksByIds(
      ctx.db,
      results.flatMap((r) => r.taskIds),
      today,
    ),
    targetsByIds(
      ctx.db,
      results.flatMap((r) => r.targetIds),
      today,
    ),
  ]);
  return { results, evidence, tasks: new Map(tasks.map((t) => [t.id, t])), targets: new Map(targets.map((t) => [t.id, t])) };
}

function viewOf(c: repo.CommitmentRow, facts: Awaited<ReturnType<typeof gather>>, today: string) {
  const results = facts.results.filter((r) => r.commitmentId === c.id);
  const evidence = facts.evidence.filter((e) => e.commitmentId === c.id);
  const linksOf = (r: repo.ResultRow): LinkFact[] => {
    if (r.reviewerJudged) return [{ kind: 'REVIEW', verdict: r.verdict, evidenceCount: evidence.filter((e) => e.resultId === r.id && e.usedByVerdict).length }];
    const tasks = r.taskIds.map((id) => facts.tasks.get(id)).filter((t): t is TaskView => t !== undefined);
    const targets = r.targetIds.map((id) => facts.targets.get(id)).filter((t): t is TargetView => t !== undefined);
    return [
      ...tasks.map((t): LinkFact => ({
        kind: 'TASK',
        id: t.id,
        title: t.title,
        status: t.status,
        progressPercent: t.progressPercent,
        startDate: t.startDate,
        effectiveDueDate: t.effectiveDueDate,
        doneOn: t.doneOn,
        awaitingConfirmation: t.awaitingConfirmation,
      })),
      ...targets.map((t): LinkFact => ({ kind: 'TARGET', id: t.id, label: targetLabel(t), status: t.status, isEnded: t.isEnded })),
    ];
  };
  const judgement = judgeCommitment({ startDate: c.startDate, endDate: c.endDate, results: results.map((r) => ({ id: r.id, title: r.title, links: linksOf(r) })) }, today);
  const { path: _path, ...orgUnit } = c.orgUnit;
  return {
    ...c,
    orgUnit,
    today,
    phase: judgement.phase,
    outcome: judgement.outcome,
    forecast: judgement.forecast,
    isAtRisk: judgement.isAtRisk,
    elapsed: judgement.elapsed,
    reasonVi: judgement.reasonVi,
    reasonEn: judgement.reasonEn,
    results: results.map((r, i) => {
      const j = judgement.results[i];
      return {
        id: r.id,
        position: r.position,
        title: r.title,
        measure: r.measure,
        reviewerJudged: r.reviewerJudged,
        verdict: r.verdict,
        verdictNote: r.verdictNote,
        verdictBy: r.verdictBy,
        verdictAt: r.verdictAt,
        outcome: j.outcome,
        forecast: j.forecast,
        reasons: j.links,
        tasks: r.taskIds
          .map((id) => facts.tasks.get(id))
          .filter((t): t is TaskView => t !== undefined)
          .map((t) => ({
            id: t.id,
            title: t.title,
            status: t.status,
            progressPercent: t.progressPercent,
            startDate: t.startDate,
            effectiveDueDate: t.effectiveDueDate,
            doneOn: t.doneOn,
            leadOrgUnit: t.leadOrgUnit,
          })),
        targets: r.targetIds
          .map((id) => facts.targets.get(id))
          .filter((t): t is TargetView => t !== undefined)
          .map((t) => ({
            id: t.id,
            indicatorCode: t.indicatorCode,
            indicatorNameVi: t.indicatorNameVi,
            indicatorNameEn: t.indicatorNameEn,
            orgUnitName: t.orgUnitName,
            targetPeriod: t.targetPeriod,
            targetValue: t.targetValue,
            indicatorUnit: t.indicatorUnit,
            status: t.status,
            isEnded: t.isEnded,
            dataStatus: t.dataStatus,
            latest: t.latest ? { period: t.latest.period, value: t.latest.value } : null,
            final: t.final ? { period: t.final.period, value: t.final.value } : null,
            forecast: t.forecast ? { period: t.forecast.period, value: t.forecast.value } : null,
          })),
        evidence: evidence.filter((e) => e.resultId === r.id).map(({ commitmentId: _c, ...e }) => e),
      };
    }),
  };
}
export type CommitmentView = ReturnType<typeof viewOf>;

/** Commitments the caller may read (their units' subtrees; leadership all), with their outcome or forecast. */
export async function listCommitments(ctx: ServiceContext, query: ListCommitmentsQuery) {
  if (ctx.actor.kind === 'anonymous') throw unauthenticated();
  assertPermissionAnywhere(ctx.actor, 'commitment.read');
  const subtree = query.orgUnit ? (await requireOrgUnitRef(ctx.db, query.orgUnit, 'query.orgUnit')).path : undefined;
  const today = vietnamDate(ctx.clock());
  const rows = await repo.listCommitments(ctx.db, {
    readPaths: permittedPaths(ctx.actor, 'commitment.read'),
    subtreePath: subtree,
    endFrom: query.dueYear ? `${query.dueYear}-01-01` : undefined,
    endTo: query.dueYear ? `${query.dueYear}-12-31` : undefined,
  });
  const facts = await gather(ctx, rows, today);
  const items = rows.map((c) => viewOf(c, facts, today)).filter((v) => (query.atRisk === undefined || v.isAtRisk === query.atRisk) && (!query.outcome || v.outcome === query.outcome));
  return { today, total: items.length, atRisk: items.filter((v) => v.isAtRisk).length, items };
}

async function readable(ctx: ServiceContext, id: number): Promise<repo.CommitmentRow> {
  if (ctx.actor.kind === 'anonymous') throw unauthenticated();
  const row = await repo.findCommitment(ctx.db, id);
  // Another unit's commitment is not revealed.
  if (!row || !hasPermission(ctx.actor, 'commitment.read', row.orgUnit.path)) throw notFound('cam kết', 'Commitment', id);
  return row;
}

export async function getCommitment(ctx: ServiceContext, id: number) {
  const row = await readable(ctx, id);
  const today = vietnamDate(ctx.clock());
  const view = viewOf(row, await gather(ctx, [row], today), today);
  return {
    ...view,
    can: { manage: hasPermission(ctx.actor, 'commitment.manage', row.orgUnit.path), judge: hasPermission(ctx.actor, 'commitment.judge', row.orgUnit.path) },
  };
}

/** Records a commitment with its results and links in one transaction; every result must be measurable. */
export async function createCommitment(ctx: ServiceContext, input: CreateCommitmentInput) {
  if (ctx.actor.kind === 'anonymous') throw unauthenticated();
  const unit = await requireOrgUnitRef(ctx.db, input.orgUnit, 'body.orgUnit');
  assertPermission(ctx.actor, 'commitment.manage', unit.path);
  await checkInput(ctx, input, unit.path);
  const today = vietnamDate(ctx.clock());
  return ctx.db.transaction(async (tx) => {
    const id = await repo.insertCommitment(tx, { ...valuesOf(input, unit.id), createdBy: whoOf(ctx.actor), createdByUserId: ctx.actor.userId ?? null });
    for (const [i, r] of input.results.entries()) {
      await repo.insertResult(tx, id, { position: i + 1, title: r.title, measure: r.measure ?? null, reviewerJudged: r.reviewerJudged, tasks: r.tasks, targets: r.targets });
    }
    const row = (await repo.findCommitment(tx, id))!;
    const after = { ...row, results: await repo.listResults(tx, [id]) };
    await recordAudit(tx, ctx.actor, { action: 'commitment.create', objectType: 'commitment', objectId: id, orgUnitId: unit.id, after });
    return viewOf(row, await gather({ ...ctx, db: tx }, [row], today), today);
  });
}

function valuesOf(input: CreateCommitmentInput, orgUnitId: number): repo.CommitmentValues {
  return {
    officialName: input.officialName,
    officialPosition: input.officialPosition ?? null,
    orgUnitId,
    title: input.title,
    startDate: input.startDate,
    endDate: input.endDate,
    sourceDocument: input.sourceDocument ?? null,
    staffMemberId: input.staffMemberId ?? null,
  };
}

/**
 * The rules a commitment's content must meet, whoever writes it: dates, every result measurable, each link a
 * task or target the writer may read, the official from the staff register of the commitment's unit.
 */
async function checkInput(ctx: ServiceContext, input: CreateCommitmentInput, unitPath: string): Promise<void> {
  const problems = checkCommitment(input);
  if (problems.length) throw invalid('INVALID_COMMITMENT', problems);
  const today = vietnamDate(ctx.clock());
  // A link names a task or target the creator may read; anything else is refused by its place.
  const [tasks, targets] = await Promise.all([
    tasksByIds(
      ctx.db,
      input.results.flatMap((r) => r.tasks),
      today,
      ctx.actor,
    ),
    targetsByIds(
      ctx.db,
      input.results.flatMap((r) => r.targets),
      today,
      ctx.actor,
    ),
  ]);
  const taskIds = new Set(tasks.map((t) => t.id));
  const targetIds = new Set(targets.map((t) => t.id));
  const details: ErrorDetail[] = [];
  input.results.forEach((r, i) => {
    r.tasks.forEach((id, j) => {
      if (!taskIds.has(id)) details.push({ path: `body.results[${i}].tasks[${j}]`, messageVi: `Không có nhiệm vụ ${id}`, messageEn: `Unknown task ${id}` });
    });
    r.targets.forEach((id, j) => {
      if (!targetIds.has(id)) details.push({ path: `body.results[${i}].targets[${j}]`, messageVi: `Không có mục tiêu ${id}`, messageEn: `Unknown target ${id}` });
    });
  });
  if (input.staffMemberId) {
    const person = await repo.findStaffMember(ctx.db, input.staffMemberId);
    if (!person || !person.orgUnitPath.startsWith(unitPath)) {
      details.push({
        path: 'body.staffMemberId',
        messageVi: `Không có cán bộ ${input.staffMemberId} trong danh sách cán bộ của đơn vị`,
        messageEn: `No staff member ${input.staffMemberId} in the unit's staff register`,
      });
    }
  }
  if (details.length) throw badRequest('INVALID_COMMITMENT', details.map((d) => d.messageVi).join('; '), details.map((d) => d.messageEn).join('; '), details);
}

const judgedConflict = (what: string, whatEn: string) =>
  conflict('COMMITMENT_JUDGED', `${what}: kết quả đã được đánh giá thì không sửa, xóa được`, `${whatEn}: a result already judged cannot be changed or removed`);

/**
 * Edits a commitment: its header, and its results matched by their id (a result without one is new; a recorded
 * one left out is removed), in the order given. A judged result keeps its wording and kind (its links may not
 * exist: it is reviewer-judged); a result with a verdict or evidence is not removed. Moving the end day lets the
 * commitment be reminded again before the new one.
 */
export async function updateCommitment(ctx: ServiceContext, id: number, input: UpdateCommitmentInput) {
  const current = await readable(ctx, id);
  assertPermission(ctx.actor, 'commitment.manage', current.orgUnit.path);
  const unit = await requireOrgUnitRef(ctx.db, input.orgUnit, 'body.orgUnit');
  assertPermission(ctx.actor, 'commitment.manage', unit.path);
  await checkInput(ctx, input, unit.path);
  const today = vietnamDate(ctx.clock());
  return ctx.db.transaction(async (tx) => {
    await repo.lockCommitment(tx, id);
    const results = await repo.listResults(tx, [id]);
    const evidence = await repo.listEvidence(tx, [id]);
    const before = { ...(await repo.findCommitment(tx, id))!, results };
    const unknown = input.results.flatMap((r, i) =>
      r.id !== undefined && !results.some((x) => x.id === r.id)
        ? [{ field: `results[${i}].id`, vi: `Kết quả ${i + 1}: không có kết quả số ${r.id} trong cam kết này`, en: `Result ${i + 1}: this commitment has no result ${r.id}` }]
        : [],
    );
    if (unknown.length) throw invalid('INVALID_COMMITMENT', unknown);
    for (const old of results) {
      const next = input.results.find((r) => r.id === old.id);
      if (old.verdict !== null) {
        if (!next) throw judgedConflict(`Kết quả "${old.title}"`, `Result "${old.title}"`);
        if (next.title !== old.title || (next.measure ?? null) !== old.measure || !next.reviewerJudged) {
          throw judgedConflict(`Kết quả "${old.title}"`, `Result "${old.title}"`);
        }
      }
      if (!next && evidence.some((e) => e.resultId === old.id)) {
        throw conflict('COMMITMENT_EVIDENCE', `Kết quả "${old.title}" đã có tệp minh chứng, không xóa được`, `Result "${old.title}" has evidence files and cannot be removed`);
      }
    }
    await repo.updateCommitment(tx, id, valuesOf(input, unit.id));
    const kept = new Set(input.results.flatMap((r) => (r.id === undefined ? [] : [r.id])));
    await repo.deleteResults(
      tx,
      results.filter((r) => !kept.has(r.id)).map((r) => r.id),
    );
    // The places are unique per commitment: the kept results step aside before taking their new ones.
    await repo.clearPositions(tx, id);
    for (const [i, r] of input.results.entries()) {
      const values = { title: r.title, measure: r.measure ?? null, reviewerJudged: r.reviewerJudged, tasks: r.tasks, targets: r.targets };
      if (r.id !== undefined) await repo.updateResult(tx, r.id, { position: i + 1, ...values });
      else await repo.insertResult(tx, id, { position: i + 1, ...values });
    }
    if (before.endDate !== input.endDate) await repo.forgetReminders(tx, id, 'DUE_SOON');
    const row = (await repo.findCommitment(tx, id))!;
    const after = { ...row, results: await repo.listResults(tx, [id]) };
    await recordAudit(tx, ctx.actor, { action: 'commitment.update', objectType: 'commitment', objectId: id, orgUnitId: unit.id, before, after });
    return viewOf(row, await gather({ ...ctx, db: tx }, [row], today), today);
  });
}

/** Deletes a commitment while nothing on it has been judged; the audit keeps what it was. */
export async function deleteCommitment(ctx: ServiceContext, id: number): Promise<void> {
  const current = await readable(ctx, id);
  assertPermission(ctx.actor, 'commitment.manage', current.orgUnit.path);
  await ctx.db.transaction(async (tx) => {
    await repo.lockCommitment(tx, id);
    const results = await repo.listResults(tx, [id]);
    const judged = results.find((r) => r.verdict !== null);
    if (judged) throw judgedConflict(`Cam kết có kết quả ${judged.position} ("${judged.title}") đã được đánh giá`, `The commitment's result ${judged.position} ("${judged.title}") was judged`);
    const evidence = (await repo.listEvidence(tx, [id])).map(({ commitmentId: _c, ...e }) => e);
    const before = { ...(await repo.findCommitment(tx, id))!, results, evidence };
    await repo.deleteCommitment(tx, id);
    await recordAudit(tx, ctx.actor, { action: 'commitment.delete', objectType: 'commitment', objectId: id, orgUnitId: current.orgUnit.id, before });
  });
}

export type ReminderStage = 'DUE_SOON' | 'AT_RISK';

/**
 * Commitments in a reminder stage on a day, each saying whether it was reminded at that stage before: those
 * running whose period ends within `daysBefore` days (DUE_SOON), or running and forecast not to be met (AT_RISK).
 */
export async function commitmentsInStage(db: ServiceContext['db'], today: string, stage: ReminderStage, daysBefore: number, subtreePath?: string) {
  const rows = await repo.listCommitments(db, { readPaths: 'ALL', subtreePath, endFrom: today });
  const facts = await gather({ db }, rows, today);
  const due = rows.map((c) => viewOf(c, facts, today)).filter((v) => v.phase === 'IN_PROGRESS' && (stage === 'AT_RISK' ? v.isAtRisk : daysBetween(today, v.endDate) <= daysBefore));
  const reminded = await repo.listReminded(
    db,
    due.map((v) => v.id),
  );
  return due.map((v) => ({ id: v.id, orgUnit: v.orgUnit, officialName: v.officialName, title: v.title, endDate: v.endDate, reminded: reminded.has(`${v.id}|${stage}`) }));
}

/** Records that these commitments were reminded at a stage by an alert (once: a second record is ignored). */
export async function recordCommitmentReminders(db: ServiceContext['db'], commitmentIds: readonly number[], stage: ReminderStage, alertId: number): Promise<void> {
  if (commitmentIds.length) await repo.recordReminders(db, commitmentIds, stage, alertId);
}

async function reviewerResult(ctx: ServiceContext, id: number, resultId: number) {
  const row = await readable(ctx, id);
  const result = (await repo.listResults(ctx.db, [id])).find((r) => r.id === resultId);
  if (!result) throw notFound('kết quả cam kết', 'Commitment result', resultId);
  if (!result.reviewerJudged) {
    throw conflict(
      'NOT_REVIEWER_JUDGED',
      'Kết quả này được đo bằng nhiệm vụ, mục tiêu gắn kèm, không do người đánh giá kết luận',
      'This result is measured by its linked tasks and targets, not judged by a reviewer',
    );
  }
  return { row, result };
}

/** Stores an evidence file for a reviewer-judged result, its type read from its content (as a task's evidence). */
export async function uploadEvidence(ctx: ServiceContext, id: number, resultId: number, fileName: string, bytes: Buffer) {
  const { row } = await reviewerResult(ctx, id, resultId);
  if (!hasPermission(ctx.actor, 'commitment.manage', row.orgUnit.path) && !hasPermission(ctx.actor, 'commitment.judge', row.orgUnit.path)) throw forbidden();
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
    const evidenceId = await repo.insertEvidence(tx, id, resultId, { fileName: safeName, contentType: EVIDENCE_TYPES[kind], bytes, sha256, username: whoOf(ctx.actor) });
    const after = { evidenceId, resultId, fileName: safeName, contentType: EVIDENCE_TYPES[kind], sizeBytes: bytes.length, sha256 };
    await recordAudit(tx, ctx.actor, { action: 'commitment.evidence_upload', objectType: 'commitment', objectId: id, orgUnitId: row.orgUnit.id, after });
    return { id: evidenceId, resultId, fileName: safeName, contentType: EVIDENCE_TYPES[kind], sizeBytes: bytes.length, sha256 };
  });
}

export async function downloadEvidence(ctx: ServiceContext, id: number, evidenceId: number) {
  await readable(ctx, id);
  const file = await repo.findEvidenceContent(ctx.db, id, evidenceId);
  if (!file) throw notFound('tệp minh chứng', 'Evidence file', evidenceId);
  return file;
}

/** A reviewer's verdict on a reviewer-judged result, with at least one evidence file of that result. */
export async function judgeResult(ctx: ServiceContext, id: number, resultId: number, input: JudgementInput) {
  const { row, result } = await reviewerResult(ctx, id, resultId);
  if (!hasPermission(ctx.actor, 'commitment.judge', row.orgUnit.path)) {
    throw forbidden('Chỉ người có quyền đánh giá cam kết của đơn vị mới kết luận', "Only a reviewer of the unit's commitments may judge");
  }
  if (input.evidenceIds.length === 0) throw invalid('EVIDENCE_REQUIRED', [{ field: 'evidenceIds', vi: 'Kết luận cần ít nhất một tệp minh chứng', en: 'A verdict needs at least one evidence file' }]);
  const today = vietnamDate(ctx.clock());
  return ctx.db.transaction(async (tx) => {
    const used = await repo.useEvidence(tx, resultId, input.evidenceIds);
    if (used !== new Set(input.evidenceIds).size) {
      throw invalid('UNKNOWN_EVIDENCE', [{ field: 'evidenceIds', vi: 'Có tệp minh chứng không thuộc kết quả này', en: 'An evidence file does not belong to this result' }]);
    }
    await repo.setVerdict(tx, resultId, { verdict: input.verdict, note: input.note ?? null, by: whoOf(ctx.actor) });
    const before = { resultId, verdict: result.verdict, verdictNote: result.verdictNote, verdictBy: result.verdictBy };
    const after = { resultId, verdict: input.verdict, verdictNote: input.note ?? null, verdictBy: whoOf(ctx.actor), evidenceIds: input.evidenceIds };
    await recordAudit(tx, ctx.actor, { action: 'commitment.judge', objectType: 'commitment', objectId: id, orgUnitId: row.orgUnit.id, before, after, reason: input.note ?? null });
    return viewOf(row, await gather({ ...ctx, db: tx }, [row], today), today);
  });
}
