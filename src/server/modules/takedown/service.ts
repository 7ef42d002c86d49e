import { createHash } from 'node:crypto';
import type { ServiceContext } from '../../http/context.ts';
import type { Db } from '../../db/db.ts';
import { assertPermissionAnywhere, permittedPathsWithin, type Actor, type Permission, type Role, type Scope } from '../../access.ts';
import { AppError, type CodeWithStatus, badRequest, conflict, forbidden, notFound, unauthenticated, type ErrorDetail } from '../../http/errors.ts';
import { vietnamDate } from '../../../core/periods.ts';
import { formatDayVi } from '../../../core/vietnamese.ts';
import { detectEvidenceKind, EVIDENCE_TYPES } from '../../../core/tasks.ts';
import {
  accountKeyOf,
  ANSWER_OUTCOMES,
  checkAfterRequest,
  emptyCounts,
  FOUND_BY,
  judgeCase,
  normaliseCaseUrl,
  repeatOffenders,
  scoreOf,
  VIOLATION_KINDS,
  type AnswerOutcome,
  type CaseFacts,
  type Problem,
  type TakedownCounts,
} from '../../../core/takedown.ts';
import { recordAudit } from '../audit/service.ts';
import { requireOrgUnitRef } from '../org-units/lookup.ts';
import * as repo from './repo.ts';
import { parseCellDay, parseCellTime, type Table } from './table-file.ts';
import type { AnswerInput, CreateBatchInput, CreateCaseInput, ListBatchesQuery, ListCasesQuery, RecheckInput, ScorecardQuery, ThresholdInput } from './schema.ts';

const HOUR = 3_600_000;

function whoOf(actor: Actor): string {
  return actor.username ?? `${actor.kind}:${actor.userId ?? actor.tokenId ?? ''}`;
}

function invalid(code: CodeWithStatus<400>, problems: Problem[], prefix = 'body.'): AppError {
  return badRequest(
    code,
    problems.map((p) => p.vi).join('; '),
    problems.map((p) => p.en).join('; '),
    problems.map((p) => ({ path: `${prefix}${p.field}`, messageVi: p.vi, messageEn: p.en })),
  );
}

/** Where the actor holds a takedown permission: leadership in its scope, other staff only inside monitoring units. */
export async function takedownPaths(ctx: ServiceContext, permission: Permission, db: Db = ctx.db): Promise<'ALL' | string[]> {
  if (ctx.actor.kind === 'anonymous') throw unauthenticated();
  assertPermissionAnywhere(ctx.actor, permission);
  const designated = (await repo.listMonitoringUnits(db)).map((u) => u.path);
  return permittedPathsWithin(ctx.actor, permission, designated);
}

/** Platforms, thresholds and the figures are the whole system's: managed only with a system-wide scope. */
export async function assertSystemWide(ctx: ServiceContext): Promise<void> {
  if ((await takedownPaths(ctx, 'takedown.manage')) !== 'ALL') throw forbidden();
}

const covers = (paths: 'ALL' | string[], path: string) => paths === 'ALL' || paths.some((p) => path.startsWith(p));

async function requirePlatform(db: Db, code: string, field: string): Promise<repo.PlatformRow> {
  const p = await repo.findPlatform(db, code);
  if (!p) throw invalid('UNKNOWN_PLATFORM', [{ field, vi: `Không có nền tảng '${code}'`, en: `Unknown platform '${code}'` }], '');
  return p;
}

/** A range of instants for a DHIS2 year, quarter or month, in Vietnamese time. */
export function rangeOfPeriod(period: string): repo.PeriodRange {
  const y = Number(period.slice(0, 4));
  let m0 = 0;
  let months = 12;
  if (/^\d{4}Q[1-4]$/.test(period)) {
    m0 = (Number(period[5]) - 1) * 3;
    months = 3;
  } else if (/^\d{6}$/.test(period)) {
    m0 = Number(period.slice(4)) - 1;
    months = 1;
  }
  const at = (yy: number, mm: number) => new Date(Date.UTC(yy, mm, 1) - 7 * HOUR);
  const month = (mm: number) => y * 100 + mm + 1;
  return { from: at(y, m0), to: at(y, m0 + months), fromMonth: month(m0), toMonth: month(m0 + months - 1) };
}

// ---------- platforms, monitoring units, thresholds ----------

export async function listPlatforms(ctx: ServiceContext) {
  await takedownPaths(ctx, 'takedown.read');
  return repo.listPlatforms(ctx.db);
}

export async function createPlatform(ctx: ServiceContext, input: { code: string; nameVi: string; nameEn?: string | null }) {
  await assertSystemWide(ctx);
  return ctx.db.transaction(async (tx) => {
    const id = await repo.insertPlatform(tx, { code: input.code, nameVi: input.nameVi, nameEn: input.nameEn ?? null });
    if (!id) throw conflict('PLATFORM_EXISTS', `Nền tảng '${input.code}' đã có`, `Platform '${input.code}' already exists`);
    await recordAudit(tx, ctx.actor, { action: 'takedown.platform_create', objectType: 'takedown_platform', objectId: id, after: input });
    return { id, ...input };
  });
}

export async function listMonitoringUnits(ctx: ServiceContext) {
  const paths = await takedownPaths(ctx, 'takedown.read');
  const units = await repo.listMonitoringUnits(ctx.db);
  // Only the units the caller works in or above: another unit's name is not the caller's to see.
  return units.filter((u) => paths === 'ALL' || paths.some((p) => u.path.startsWith(p) || p.startsWith(u.path))).map(({ path: _path, ...u }) => u);
}

export async function addMonitoringUnit(ctx: ServiceContext, ref: string) {
  const paths = await takedownPaths(ctx, 'takedown.manage');
  const unit = await requireOrgUnitRef(ctx.db, ref, 'body.orgUnit');
  if (!covers(paths, unit.path)) throw forbidden();
  return ctx.db.transaction(async (tx) => {
    const added = await repo.insertMonitoringUnit(tx, unit.id);
    if (added) await recordAudit(tx, ctx.actor, { action: 'takedown.monitoring_unit_add', objectType: 'org_unit', objectId: unit.id, orgUnitId: unit.id, after: { code: unit.code } });
    return { id: unit.id, code: unit.code, nameVi: unit.nameVi, added };
  });
}

export async function listThresholds(ctx: ServiceContext) {
  await takedownPaths(ctx, 'takedown.read');
  return repo.listThresholds(ctx.db);
}

export async function addThreshold(ctx: ServiceContext, input: ThresholdInput) {
  await assertSystemWide(ctx);
  if (input.effectiveTo && input.effectiveTo < input.effectiveFrom) {
    throw invalid('INVALID_THRESHOLD', [
      {
        field: 'effectiveTo',
        vi: `Ngày hết hiệu lực (${formatDayVi(input.effectiveTo)}) trước ngày có hiệu lực (${formatDayVi(input.effectiveFrom)})`,
        en: `effectiveTo (${input.effectiveTo}) is before effectiveFrom (${input.effectiveFrom})`,
      },
    ]);
  }
  return ctx.db.transaction(async (tx) => {
    const t = { ...input, effectiveTo: input.effectiveTo ?? null };
    const id = await repo.insertThreshold(tx, t);
    await recordAudit(tx, ctx.actor, { action: 'takedown.threshold_create', objectType: 'takedown_threshold', objectId: id, after: t });
    return { id, ...t };
  });
}

// ---------- batches ----------

function viewOfBatch(b: repo.BatchRow) {
  const { path: _path, ...orgUnit } = b.orgUnit;
  const counts: TakedownCounts = {
    requests: b.cases,
    removed: b.removed,
    geoBlocked: b.geoBlocked,
    refused: b.refused,
    noAnswer: b.noAnswer,
    stillPresent: b.stillPresent,
    withinDeadline: b.withinDeadline,
  };
  return {
    id: b.id,
    orgUnit,
    platform: b.platform,
    letterNumber: b.letterNumber,
    letterDate: b.letterDate,
    sentAt: b.sentAt,
    note: b.note,
    createdBy: b.createdBy,
    createdAt: b.createdAt,
    score: scoreOf(counts),
  };
}

async function readableBatch(ctx: ServiceContext, id: number, permission: Permission = 'takedown.read', db: Db = ctx.db): Promise<repo.BatchRow> {
  const paths = await takedownPaths(ctx, permission, db);
  const b = await repo.findBatch(db, id);
  if (!b || !covers(permission === 'takedown.read' ? paths : await takedownPaths(ctx, 'takedown.read', db), b.orgUnit.path)) throw notFound('đợt yêu cầu', 'Batch', id);
  if (!covers(paths, b.orgUnit.path)) throw forbidden();
  return b;
}

/** The sending unit of a batch: inside a monitoring unit, and one the caller writes for. */
async function sendingUnit(ctx: ServiceContext, db: Db, ref: string, field: string) {
  const paths = await takedownPaths(ctx, 'takedown.write', db);
  const unit = await requireOrgUnitRef(db, ref, field);
  const designated = await repo.listMonitoringUnits(db);
  if (!designated.some((m) => unit.path.startsWith(m.path))) {
    throw invalid('NOT_A_MONITORING_UNIT', [{ field, vi: `Đơn vị '${unit.code}' không phải đơn vị giám sát nội dung`, en: `'${unit.code}' is not a monitoring unit` }], '');
  }
  if (!covers(paths, unit.path)) throw forbidden();
  return unit;
}

export async function listBatches(ctx: ServiceContext, q: ListBatchesQuery) {
  const paths = await takedownPaths(ctx, 'takedown.read');
  const platform = q.platform ? await requirePlatform(ctx.db, q.platform, 'query.platform') : null;
  const rows = await repo.listBatches(ctx.db, { paths, platformId: platform?.id, range: q.period ? rangeOfPeriod(q.period) : undefined, limit: q.limit });
  return { items: rows.map(viewOfBatch) };
}

export async function createBatch(ctx: ServiceContext, input: CreateBatchInput) {
  const unit = await sendingUnit(ctx, ctx.db, input.orgUnit, 'body.orgUnit');
  const platform = await requirePlatform(ctx.db, input.platform, 'body.platform');
  const sentAt = new Date(input.sentAt);
  const problems: Problem[] = [];
  if (vietnamDate(sentAt) < input.letterDate)
    problems.push({
      field: 'sentAt',
      vi: `Thời điểm gửi (${formatDayVi(vietnamDate(sentAt))}) trước ngày văn bản (${formatDayVi(input.letterDate)})`,
      en: `Sent (${vietnamDate(sentAt)}) before the letter's date (${input.letterDate})`,
    });
  if (sentAt.getTime() > ctx.clock().getTime() + 5 * 60_000) problems.push({ field: 'sentAt', vi: 'Thời điểm gửi ở tương lai', en: 'The sending time is in the future' });
  if (problems.length) throw invalid('INVALID_BATCH', problems);
  return ctx.db.transaction(async (tx) => {
    if (await repo.findBatchByLetter(tx, platform.id, input.letterNumber)) {
      throw new AppError('BATCH_EXISTS', 409, `Văn bản số ${input.letterNumber} gửi ${platform.nameVi} đã có`, `Letter ${input.letterNumber} to ${platform.code} already exists`, [
        { path: 'body.letterNumber', messageVi: 'Số văn bản đã dùng cho nền tảng này', messageEn: 'This letter number is already used for this platform' },
      ]);
    }
    const id = await repo.insertBatch(tx, {
      orgUnitId: unit.id,
      platformId: platform.id,
      letterNumber: input.letterNumber,
      letterDate: input.letterDate,
      sentAt,
      note: input.note ?? null,
      createdBy: whoOf(ctx.actor),
    });
    const after = (await repo.findBatch(tx, id))!;
    await recordAudit(tx, ctx.actor, { action: 'takedown.batch_create', objectType: 'takedown_batch', objectId: id, orgUnitId: unit.id, after: input });
    return viewOfBatch(after);
  });
}

export async function getBatch(ctx: ServiceContext, id: number) {
  const b = await readableBatch(ctx, id);
  const writePaths = await takedownPaths(ctx, 'takedown.read');
  const cases = await repo.listCases(ctx.db, { paths: writePaths, batchId: id }, 5000, 0);
  const canWrite = covers(
    permittedPathsWithin(
      ctx.actor,
      'takedown.write',
      (await repo.listMonitoringUnits(ctx.db)).map((u) => u.path),
    ),
    b.orgUnit.path,
  );
  return { ...viewOfBatch(b), cases: cases.items.map(viewOfCase), can: { write: canWrite } };
}

// ---------- cases ----------

function viewOfCase(c: repo.CaseRow) {
  const { orgUnitPath: _p, ...rest } = c;
  return rest;
}

async function readableCase(ctx: ServiceContext, id: number, permission: Permission = 'takedown.read', db: Db = ctx.db): Promise<repo.CaseRow> {
  const readPaths = await takedownPaths(ctx, 'takedown.read', db);
  const c = await repo.findCase(db, id);
  if (!c || !covers(readPaths, c.orgUnitPath)) throw notFound('vụ việc', 'Case', id);
  if (permission !== 'takedown.read' && !covers(await takedownPaths(ctx, permission, db), c.orgUnitPath)) throw forbidden();
  return c;
}

export async function createCase(ctx: ServiceContext, batchId: number, input: CreateCaseInput) {
  const b = await readableBatch(ctx, batchId, 'takedown.write');
  const url = normaliseCaseUrl(input.url);
  const problems: Problem[] = [];
  if (!url) problems.push({ field: 'url', vi: `'${input.url.slice(0, 200)}' không phải địa chỉ http(s) hợp lệ`, en: `'${input.url.slice(0, 200)}' is not a valid http(s) address` });
  const sentAt = input.sentAt ? new Date(input.sentAt) : b.sentAt;
  if (input.sentAt && vietnamDate(sentAt) < b.letterDate)
    problems.push({ field: 'sentAt', vi: `Thời điểm gửi trước ngày văn bản (${formatDayVi(b.letterDate)})`, en: `Sent before the letter's date (${b.letterDate})` });
  if (problems.length) throw invalid('INVALID_CASE', problems);
  return ctx.db.transaction(async (tx) => {
    if ((await repo.existingBatchUrls(tx, [b.id], [url!])).size) {
      throw new AppError('CASE_EXISTS', 409, 'Đường dẫn này đã có trong đợt yêu cầu', 'This URL is already in the batch', [
        { path: 'body.url', messageVi: 'Trùng đường dẫn trong đợt', messageEn: 'Duplicate URL in the batch' },
      ]);
    }
    const ids = await repo.insertCases(
      tx,
      [
        {
          batchId: b.id,
          platformId: b.platform.id,
          orgUnitId: b.orgUnit.id,
          url: url!,
          account: input.account ?? null,
          accountKey: accountKeyOf(input.account),
          violationKind: input.violationKind,
          legalBasis: input.legalBasis,
          foundBy: input.foundBy,
          foundByDetail: input.foundByDetail ?? null,
          description: input.description ?? null,
          sentAt,
        },
      ],
      whoOf(ctx.actor),
    );
    const id = [...ids.values()][0];
    const after = (await repo.findCase(tx, id))!;
    await recordAudit(tx, ctx.actor, { action: 'takedown.case_create', objectType: 'takedown_case', objectId: id, orgUnitId: b.orgUnit.id, after: viewOfCase(after) });
    return viewOfCase(after);
  });
}

export async function listCases(ctx: ServiceContext, q: ListCasesQuery) {
  const paths = await takedownPaths(ctx, 'takedown.read');
  const platform = q.platform ? await requirePlatform(ctx.db, q.platform, 'query.platform') : null;
  const subtree = q.orgUnit ? (await requireOrgUnitRef(ctx.db, q.orgUnit, 'query.orgUnit')).path : undefined;
  const { total, items } = await repo.listCases(
    ctx.db,
    {
      paths,
      subtreePath: subtree,
      platformId: platform?.id,
      range: q.period ? rangeOfPeriod(q.period) : undefined,
      outcome: q.outcome,
      withinDeadline: q.withinDeadline === undefined ? undefined : q.withinDeadline === 'true',
      violationKind: q.violationKind,
      foundBy: q.foundBy,
      batchId: q.batch,
      accountKey: accountKeyOf(q.account) ?? undefined,
      q: q.q,
    },
    q.limit,
    q.offset,
  );
  return { total, items: items.map(viewOfCase) };
}

export async function getCase(ctx: ServiceContext, id: number) {
  const c = await readableCase(ctx, id);
  const [answers, rechecks, evidence] = await Promise.all([repo.listAnswers(ctx.db, id), repo.listRechecks(ctx.db, id), repo.listEvidence(ctx.db, id)]);
  const judgement = judgeCase(factsOf(c.sentAt, answers, rechecks));
  const canWrite = covers(
    permittedPathsWithin(
      ctx.actor,
      'takedown.write',
      (await repo.listMonitoringUnits(ctx.db)).map((u) => u.path),
    ),
    c.orgUnitPath,
  );
  return { ...viewOfCase(c), answers, rechecks, evidence, deadline: judgement.deadline, rule: judgement.rule, hoursToAct: judgement.hoursToAct, can: { write: canWrite } };
}

function factsOf(sentAt: Date, answers: { id: number; outcome: AnswerOutcome; answeredAt: Date | string }[], rechecks: { id: number; checkedAt: Date | string; isPresent: boolean }[]): CaseFacts {
  return {
    sentAt,
    answers: answers.map((a) => ({ id: a.id, outcome: a.outcome, answeredAt: new Date(a.answeredAt) })),
    rechecks: rechecks.map((r) => ({ id: r.id, checkedAt: new Date(r.checkedAt), isPresent: r.isPresent })),
  };
}

/** Judges these cases again from what is recorded and stores the result. */
export async function rejudgeCases(tx: Db, caseIds: readonly number[]): Promise<void> {
  for (let i = 0; i < caseIds.length; i += 5000) {
    const facts = await repo.loadFacts(tx, caseIds.slice(i, i + 5000));
    await repo.storeJudgements(
      tx,
      facts.map((f) => {
        const j = judgeCase(factsOf(f.sentAt, f.answers, f.rechecks));
        return { caseId: f.caseId, outcome: j.outcome, actedAt: j.actedAt, withinDeadline: j.withinDeadline, confirmedGone: j.confirmedGone };
      }),
    );
  }
}

function answerProblems(sentAt: Date, a: { outcome: AnswerOutcome; reason?: string | null; answeredAt: Date }, now: Date): Problem[] {
  const problems = checkAfterRequest(sentAt, a.answeredAt, now, 'answeredAt', { vi: 'Thời điểm trả lời', en: 'answer time' });
  if (a.outcome === 'REFUSED' && !a.reason?.trim()) problems.push({ field: 'reason', vi: 'Nền tảng từ chối: cần ghi lý do', en: 'A refusal needs its reason' });
  return problems;
}

export async function addAnswer(ctx: ServiceContext, caseId: number, input: AnswerInput) {
  const c = await readableCase(ctx, caseId, 'takedown.write');
  const answeredAt = new Date(input.answeredAt);
  const problems = answerProblems(c.sentAt, { ...input, answeredAt }, ctx.clock());
  if (problems.length) throw invalid('INVALID_ANSWER', problems);
  return ctx.db.transaction(async (tx) => {
    const [answerId] = await repo.insertAnswers(tx, [{ caseId, outcome: input.outcome, reason: input.reason?.trim() || null, answeredAt }], 'FORM', whoOf(ctx.actor));
    await rejudgeCases(tx, [caseId]);
    const after = (await repo.findCase(tx, caseId))!;
    await recordAudit(tx, ctx.actor, {
      action: 'takedown.answer_add',
      objectType: 'takedown_case',
      objectId: caseId,
      orgUnitId: c.orgUnitId,
      before: { outcome: c.outcome, withinDeadline: c.withinDeadline },
      after: { answerId, ...input, outcome: after.outcome, withinDeadline: after.withinDeadline },
    });
    return viewOfCase(after);
  });
}

export async function addRecheck(ctx: ServiceContext, caseId: number, input: RecheckInput) {
  const c = await readableCase(ctx, caseId, 'takedown.write');
  const checkedAt = new Date(input.checkedAt);
  const problems = checkAfterRequest(c.sentAt, checkedAt, ctx.clock(), 'checkedAt', { vi: 'Thời điểm kiểm tra lại', en: 're-check time' });
  if (problems.length) throw invalid('INVALID_RECHECK', problems);
  return ctx.db.transaction(async (tx) => {
    const recheckId = await repo.insertRecheck(tx, { caseId, checkedAt, isPresent: input.isPresent, checkedBy: input.checkedBy, userId: ctx.actor.userId ?? null, note: input.note ?? null });
    await rejudgeCases(tx, [caseId]);
    const after = (await repo.findCase(tx, caseId))!;
    await recordAudit(tx, ctx.actor, {
      action: 'takedown.recheck_add',
      objectType: 'takedown_case',
      objectId: caseId,
      orgUnitId: c.orgUnitId,
      before: { outcome: c.outcome },
      after: { recheckId, ...input, outcome: after.outcome },
    });
    return viewOfCase(after);
  });
}

export async function uploadEvidence(ctx: ServiceContext, caseId: number, fileName: string, bytes: Buffer) {
  const c = await readableCase(ctx, caseId, 'takedown.write');
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
    const id = await repo.insertEvidence(tx, caseId, { fileName: safeName, contentType: EVIDENCE_TYPES[kind], bytes, sha256, username: whoOf(ctx.actor) });
    await recordAudit(tx, ctx.actor, {
      action: 'takedown.evidence_upload',
      objectType: 'takedown_case',
      objectId: caseId,
      orgUnitId: c.orgUnitId,
      after: { evidenceId: id, fileName: safeName, contentType: EVIDENCE_TYPES[kind], sizeBytes: bytes.length, sha256 },
    });
    return { id, fileName: safeName, contentType: EVIDENCE_TYPES[kind], sizeBytes: bytes.length, sha256 };
  });
}

export async function downloadEvidence(ctx: ServiceContext, caseId: number, evidenceId: number) {
  await readableCase(ctx, caseId);
  const file = await repo.findEvidenceContent(ctx.db, caseId, evidenceId);
  if (!file) throw notFound('tệp minh chứng', 'Evidence file', evidenceId);
  return file;
}

// ---------- scorecard, repeat offenders ----------

const quarterOf = (period: string) => `${period.slice(0, 4)}Q${Math.floor((Number(period.slice(4)) - 1) / 3) + 1}`;

/** Per platform and quarter (or month) of the year the requests were sent in: counts and rates per item. */
export async function scorecard(ctx: ServiceContext, q: ScorecardQuery) {
  const paths = await takedownPaths(ctx, 'takedown.read');
  const subtree = q.orgUnit ? (await requireOrgUnitRef(ctx.db, q.orgUnit, 'query.orgUnit')).path : undefined;
  const rows = await repo.countByPlatformMonth(ctx.db, paths, rangeOfPeriod(String(q.year)), subtree);
  const platforms = new Map<string, { code: string; nameVi: string; nameEn: string | null; periods: Map<string, TakedownCounts>; year: TakedownCounts }>();
  const all = { periods: new Map<string, TakedownCounts>(), year: emptyCounts() };
  const add = (into: TakedownCounts, r: TakedownCounts) => {
    for (const k of Object.keys(into) as (keyof TakedownCounts)[]) into[k] += r[k];
  };
  for (const r of rows) {
    const p = platforms.get(r.platform) ?? { code: r.platform, nameVi: r.platformName, nameEn: r.platformNameEn, periods: new Map(), year: emptyCounts() };
    const key = q.by === 'QUARTER' ? quarterOf(r.period) : r.period;
    const counts: TakedownCounts = {
      requests: r.requests,
      removed: r.removed,
      geoBlocked: r.geoBlocked,
      refused: r.refused,
      noAnswer: r.noAnswer,
      stillPresent: r.stillPresent,
      withinDeadline: r.withinDeadline,
    };
    for (const target of [p.periods, all.periods]) {
      const c = target.get(key) ?? emptyCounts();
      add(c, counts);
      target.set(key, c);
    }
    add(p.year, counts);
    add(all.year, counts);
    platforms.set(r.platform, p);
  }
  const periods = q.by === 'QUARTER' ? [1, 2, 3, 4].map((n) => `${q.year}Q${n}`) : Array.from({ length: 12 }, (_, i) => `${q.year}${String(i + 1).padStart(2, '0')}`);
  const line = (m: Map<string, TakedownCounts>) => periods.map((period) => ({ period, ...scoreOf(m.get(period) ?? emptyCounts()) }));
  return {
    year: q.year,
    by: q.by,
    periods,
    platforms: [...platforms.values()].map((p) => ({ code: p.code, nameVi: p.nameVi, nameEn: p.nameEn, periods: line(p.periods), year: scoreOf(p.year) })),
    total: { periods: line(all.periods), year: scoreOf(all.year) },
  };
}

/** Accounts over a repeat-offender threshold on a day, with their counts and the thresholds reached. */
export async function findRepeatOffenders(db: Db, day: string, paths: 'ALL' | string[], platformId?: number) {
  const thresholds = await repo.listThresholds(db);
  const longest = Math.max(0, ...thresholds.map((t) => t.windowDays));
  if (longest === 0) return [];
  const end = new Date(Date.parse(`${day}T00:00:00Z`) + 17 * HOUR); // the end of the day in Hà Nội
  const cases = await repo.listAccountCases(db, { from: new Date(end.getTime() - longest * 24 * HOUR), to: end }, paths, platformId);
  const flagged = repeatOffenders(cases, day, thresholds);
  return flagged.map((f) => {
    const mine = cases.filter((c) => c.platform === f.platform && c.accountKey === f.accountKey);
    const latest = mine.reduce((a, b) => (a.sentAt > b.sentAt ? a : b));
    return { ...f, account: latest.account, orgUnitId: latest.orgUnitId, caseIds: mine.map((c) => c.caseId).sort((a, b) => a - b) };
  });
}

export async function listRepeatOffenders(ctx: ServiceContext, q: { day?: string; platform?: string }) {
  const paths = await takedownPaths(ctx, 'takedown.read');
  const platform = q.platform ? await requirePlatform(ctx.db, q.platform, 'query.platform') : null;
  const day = q.day ?? vietnamDate(ctx.clock());
  const items = await findRepeatOffenders(ctx.db, day, paths, platform?.id);
  return { day, items: items.map(({ orgUnitId: _o, ...rest }) => rest) };
}

// ---------- imports ----------

interface ImportError extends ErrorDetail {
  row: number;
  column: string;
}

class Errors {
  readonly items: ImportError[] = [];
  add(row: number, column: string, vi: string, en: string) {
    if (this.items.length < 1000)
      this.items.push({ path: `row ${row}, column ${column}`, row, column, messageVi: `Dòng ${row}, cột ${column}: ${vi}`, messageEn: `Row ${row}, column ${column}: ${en}` });
  }
  fail(what: { vi: string; en: string }): never {
    const n = this.items.length;
    throw new AppError(
      'IMPORT_FAILED',
      400,
      `Nhập ${what.vi} thất bại: ${n >= 1000 ? 'từ 1000' : n} lỗi; không có dòng nào được ghi. ${this.items[0].messageVi}`,
      `${what.en} import failed: ${n >= 1000 ? '1000 or more' : n} error(s); nothing was written. ${this.items[0].messageEn}`,
      this.items,
    );
  }
}

const CASE_COLUMNS = [
  'platform',
  'letter_number',
  'letter_date',
  'sent_at',
  'url',
  'account',
  'violation_kind',
  'legal_basis',
  'found_by',
  'found_by_detail',
  'description',
  'outcome',
  'answered_at',
  'reason',
] as const;
const ANSWER_COLUMNS = ['case_id', 'platform', 'letter_number', 'url', 'outcome', 'answered_at', 'reason'] as const;

function checkColumns(columns: string[], known: readonly string[], required: readonly string[], errors: Errors) {
  for (const c of columns) if (!known.includes(c)) errors.add(1, c, `cột '${c}' không được hỗ trợ (${known.join(', ')})`, `column '${c}' is not supported (${known.join(', ')})`);
  for (const c of required) if (!columns.includes(c)) errors.add(1, c, 'thiếu cột bắt buộc', 'a required column is missing');
}

function enumCell<T extends string>(value: string, allowed: readonly T[]): T | null {
  const v = value
    .trim()
    .toUpperCase()
    .replace(/[\s-]+/g, '_');
  return (allowed as readonly string[]).includes(v) ? (v as T) : null;
}

export interface ImportSummary {
  rows: number;
  batchesCreated: number;
  casesCreated: number;
  answersCreated: number;
  dryRun: boolean;
}

/**
 * Cases from a CSV or XLSX list, all or nothing: every row is checked first (each error names its row and column),
 * then batches (by platform and letter number), cases and any answers are written in one transaction.
 */
export async function importCases(ctx: ServiceContext, table: Table, opts: { orgUnit?: string; dryRun: boolean; fileSha256: string }): Promise<ImportSummary> {
  const writePaths = await takedownPaths(ctx, 'takedown.write');
  const errors = new Errors();
  checkColumns(table.columns, CASE_COLUMNS, ['platform', 'letter_number', 'letter_date', 'sent_at', 'url', 'violation_kind', 'legal_basis', 'found_by'], errors);
  if (errors.items.length) errors.fail({ vi: 'vụ việc', en: 'Case' });
  const platforms = new Map((await repo.listPlatforms(ctx.db)).map((p) => [p.code, p]));
  const now = ctx.clock();
  interface Parsed {
    row: number;
    platformId: number;
    letter: string;
    letterDate: string;
    sentAt: Date;
    url: string;
    c: Record<string, string>;
    outcome: AnswerOutcome | null;
    answeredAt: Date | null;
  }
  const parsed: Parsed[] = [];
  const letters = new Map<string, { platformId: number; letter: string; letterDate: string; sentAt: Date; row: number }>();
  const seen = new Map<string, number>();
  for (const { row, cells: c } of table.rows) {
    const before = errors.items.length;
    const platform = platforms.get((c.platform ?? '').trim().toUpperCase());
    if (!platform) errors.add(row, 'platform', `không có nền tảng '${c.platform ?? ''}'`, `unknown platform '${c.platform ?? ''}'`);
    const letter = (c.letter_number ?? '').trim();
    if (!letter) errors.add(row, 'letter_number', 'thiếu số văn bản', 'the letter number is missing');
    const letterDate = parseCellDay(c.letter_date ?? '');
    if (!letterDate) errors.add(row, 'letter_date', `'${c.letter_date ?? ''}' không phải ngày (dd/mm/yyyy hoặc yyyy-mm-dd)`, `'${c.letter_date ?? ''}' is not a date (dd/mm/yyyy or yyyy-mm-dd)`);
    const sentAt = parseCellTime(c.sent_at ?? '');
    if (!sentAt) errors.add(row, 'sent_at', `'${c.sent_at ?? ''}' không phải thời điểm (dd/mm/yyyy hh:mm, giờ Việt Nam)`, `'${c.sent_at ?? ''}' is not a time (dd/mm/yyyy hh:mm, Vietnam time)`);
    else if (letterDate && vietnamDate(sentAt) < letterDate)
      errors.add(row, 'sent_at', `thời điểm gửi trước ngày văn bản (${formatDayVi(letterDate)})`, `sent before the letter's date (${letterDate})`);
    else if (sentAt.getTime() > now.getTime() + 5 * 60_000) errors.add(row, 'sent_at', 'thời điểm gửi ở tương lai', 'the sending time is in the future');
    const url = normaliseCaseUrl(c.url ?? '');
    if (!url) errors.add(row, 'url', `'${(c.url ?? '').slice(0, 200)}' không phải địa chỉ http(s) hợp lệ`, `'${(c.url ?? '').slice(0, 200)}' is not a valid http(s) address`);
    if (!enumCell(c.violation_kind ?? '', VIOLATION_KINDS))
      errors.add(row, 'violation_kind', `'${c.violation_kind ?? ''}' không thuộc ${VIOLATION_KINDS.join(', ')}`, `'${c.violation_kind ?? ''}' is not one of ${VIOLATION_KINDS.join(', ')}`);
    if (!(c.legal_basis ?? '').trim()) errors.add(row, 'legal_basis', 'thiếu căn cứ pháp lý', 'the legal basis is missing');
    else if (c.legal_basis.length > 1000) errors.add(row, 'legal_basis', 'dài quá 1000 ký tự', 'longer than 1000 characters');
    if (!enumCell(c.found_by ?? '', FOUND_BY)) errors.add(row, 'found_by', `'${c.found_by ?? ''}' không thuộc ${FOUND_BY.join(', ')}`, `'${c.found_by ?? ''}' is not one of ${FOUND_BY.join(', ')}`);
    for (const col of ['account', 'found_by_detail'] as const) if ((c[col] ?? '').length > 500) errors.add(row, col, 'dài quá 500 ký tự', 'longer than 500 characters');
    let outcome: AnswerOutcome | null = null;
    let answeredAt: Date | null = null;
    if ((c.outcome ?? '').trim() || (c.answered_at ?? '').trim()) {
      outcome = enumCell(c.outcome ?? '', ANSWER_OUTCOMES);
      if (!outcome) errors.add(row, 'outcome', `'${c.outcome ?? ''}' không thuộc ${ANSWER_OUTCOMES.join(', ')}`, `'${c.outcome ?? ''}' is not one of ${ANSWER_OUTCOMES.join(', ')}`);
      answeredAt = parseCellTime(c.answered_at ?? '');
      if (!answeredAt) errors.add(row, 'answered_at', `'${c.answered_at ?? ''}' không phải thời điểm`, `'${c.answered_at ?? ''}' is not a time`);
      if (outcome && answeredAt && sentAt)
        for (const p of answerProblems(sentAt, { outcome, reason: c.reason, answeredAt }, now)) errors.add(row, p.field === 'answeredAt' ? 'answered_at' : p.field, p.vi, p.en);
    }
    if (platform && letter && letterDate && sentAt) {
      const key = `${platform.id}|${letter}`;
      const l = letters.get(key);
      if (!l) letters.set(key, { platformId: platform.id, letter, letterDate, sentAt, row });
      else {
        if (l.letterDate !== letterDate) errors.add(row, 'letter_date', `khác ngày văn bản ở dòng ${l.row} (${l.letterDate})`, `differs from the letter's date on row ${l.row} (${l.letterDate})`);
        if (sentAt < l.sentAt) l.sentAt = sentAt;
      }
      if (url) {
        const k = `${key}|${url}`;
        const first = seen.get(k);
        if (first) errors.add(row, 'url', `trùng với dòng ${first} (cùng văn bản)`, `repeats row ${first} (same letter)`);
        else seen.set(k, row);
      }
    }
    if (errors.items.length === before) parsed.push({ row, platformId: platform!.id, letter, letterDate: letterDate!, sentAt: sentAt!, url: url!, c, outcome, answeredAt });
  }
  // Letters already recorded: cases join them, within the caller's units; new letters need the sending unit.
  const batchIds = new Map<string, number>();
  const orgOf = new Map<number, number>();
  let unit: { id: number; path: string } | null = null;
  const newLetters: typeof letters extends Map<string, infer V> ? V[] : never = [];
  const recorded = await repo.findBatchesByLetters(
    ctx.db,
    [...letters.values()].map((l) => ({ platformId: l.platformId, letterNumber: l.letter })),
  );
  for (const [key, l] of letters) {
    const existing = recorded.get(key);
    if (existing) {
      if (!covers(writePaths, existing.path)) errors.add(l.row, 'letter_number', `văn bản ${l.letter} thuộc đơn vị khác`, `letter ${l.letter} belongs to another unit`);
      batchIds.set(key, existing.id);
      orgOf.set(existing.id, existing.orgUnitId);
    } else newLetters.push(l);
  }
  if (newLetters.length) {
    if (!opts.orgUnit)
      errors.add(
        newLetters[0].row,
        'letter_number',
        `văn bản ${newLetters[0].letter} chưa có: cần chọn đơn vị gửi (orgUnit)`,
        `letter ${newLetters[0].letter} is new: the sending unit (orgUnit) is required`,
      );
    else unit = await sendingUnit(ctx, ctx.db, opts.orgUnit, 'query.orgUnit');
  }
  if (batchIds.size) {
    const dup = await repo.existingBatchUrls(
      ctx.db,
      [...batchIds.values()],
      parsed.map((p) => p.url),
    );
    for (const p of parsed) {
      const b = batchIds.get(`${p.platformId}|${p.letter}`);
      if (b && dup.has(`${b}|${p.url}`)) errors.add(p.row, 'url', 'đường dẫn đã có trong văn bản này', 'this URL is already in this letter');
    }
  }
  if (errors.items.length) errors.fail({ vi: 'vụ việc', en: 'Case' });
  const summary: ImportSummary = {
    rows: table.rows.length,
    batchesCreated: newLetters.length,
    casesCreated: parsed.length,
    answersCreated: parsed.filter((p) => p.outcome).length,
    dryRun: opts.dryRun,
  };
  if (opts.dryRun) return summary;
  const who = whoOf(ctx.actor);
  // Judged before writing: a new case has only the answer of its row (the answer's id only orders answers of one case).
  const newCases: repo.NewCase[] = [];
  await ctx.db.transaction(async (tx) => {
    const created = await repo.insertBatches(
      tx,
      newLetters.map((l) => ({ orgUnitId: unit!.id, platformId: l.platformId, letterNumber: l.letter, letterDate: l.letterDate, sentAt: l.sentAt })),
      who,
    );
    for (const [key, id] of created) {
      batchIds.set(key, id);
      orgOf.set(id, unit!.id);
    }
    for (const p of parsed) {
      const batchId = batchIds.get(`${p.platformId}|${p.letter}`)!;
      const j = p.outcome ? judgeCase({ sentAt: p.sentAt, answers: [{ id: 1, outcome: p.outcome, answeredAt: p.answeredAt! }], rechecks: [] }) : null;
      newCases.push({
        batchId,
        platformId: p.platformId,
        orgUnitId: orgOf.get(batchId)!,
        url: p.url,
        account: p.c.account?.trim() || null,
        accountKey: accountKeyOf(p.c.account),
        violationKind: enumCell(p.c.violation_kind, VIOLATION_KINDS)!,
        legalBasis: p.c.legal_basis.trim(),
        foundBy: enumCell(p.c.found_by, FOUND_BY)!,
        foundByDetail: p.c.found_by_detail?.trim() || null,
        description: p.c.description?.trim() || null,
        sentAt: p.sentAt,
        judgement: j ? { outcome: j.outcome, actedAt: j.actedAt, withinDeadline: j.withinDeadline, confirmedGone: j.confirmedGone } : undefined,
      });
    }
    const answered = parsed.flatMap((p, i) => (p.outcome ? [{ batchId: newCases[i].batchId, url: p.url, outcome: p.outcome, reason: p.c.reason?.trim() || null, answeredAt: p.answeredAt! }] : []));
    if (tx.kind === 'postgres') {
      // PostgreSQL: cases and answers by COPY (pg-copy-streams), in this transaction.
      const written = await repo.copyImportedCases(tx, newCases, answered, who);
      if (written !== answered.length) throw new Error(`import: ${written} answers matched their cases, ${answered.length} expected`);
    } else {
      const caseIds = await repo.insertCases(tx, newCases, who);
      await repo.insertAnswers(
        tx,
        answered.map(({ batchId, url, ...a }) => ({ ...a, caseId: caseIds.get(`${batchId}|${url}`)! })),
        'IMPORT',
        who,
      );
    }
    await recordAudit(tx, ctx.actor, {
      action: 'takedown.import_cases',
      objectType: 'takedown_import',
      objectId: opts.fileSha256.slice(0, 16),
      orgUnitId: unit?.id ?? null,
      after: { ...summary, format: table.format, sha256: opts.fileSha256, batchIds: [...new Set(batchIds.values())] },
    });
  });
  return summary;
}

/** A platform's answer list, all or nothing: each row names its case by case_id or by platform, letter_number and url. */
export async function importAnswers(ctx: ServiceContext, table: Table, opts: { dryRun: boolean; fileSha256: string }): Promise<ImportSummary> {
  const writePaths = await takedownPaths(ctx, 'takedown.write');
  const errors = new Errors();
  checkColumns(table.columns, ANSWER_COLUMNS, ['outcome', 'answered_at'], errors);
  const byId = table.columns.includes('case_id');
  if (!byId && !['platform', 'letter_number', 'url'].every((c) => table.columns.includes(c)))
    errors.add(1, 'case_id', 'cần cột case_id, hoặc các cột platform, letter_number và url', 'a case_id column is needed, or platform, letter_number and url');
  if (errors.items.length) errors.fail({ vi: 'trả lời', en: 'Answer' });
  const platforms = new Map((await repo.listPlatforms(ctx.db)).map((p) => [p.code, p]));
  const ids = byId ? [...new Set(table.rows.map((r) => Number(r.cells.case_id)).filter((n) => Number.isInteger(n) && n > 0 && n < 2 ** 31))] : [];
  const casesById = byId ? await repo.findCasesById(ctx.db, ids) : new Map();
  const keys = byId
    ? []
    : table.rows.flatMap((r) => {
        const p = platforms.get((r.cells.platform ?? '').trim().toUpperCase());
        const url = normaliseCaseUrl(r.cells.url ?? '');
        return p && url ? [{ platformId: p.id, letterNumber: (r.cells.letter_number ?? '').trim(), url }] : [];
      });
  const casesByKey = byId ? new Map() : await repo.findCasesByLetterUrl(ctx.db, keys);
  const paths = new Map(
    (
      await repo.findCasesById(
        ctx.db,
        [...casesByKey.values()].map((c) => c.id),
      )
    ).entries(),
  );
  const now = ctx.clock();
  const answers: repo.NewAnswer[] = [];
  for (const { row, cells: c } of table.rows) {
    let found: { id: number; sentAt: Date; orgUnitPath?: string } | undefined;
    let column = 'case_id';
    if (byId) {
      found = casesById.get(Number(c.case_id));
    } else {
      column = 'url';
      const p = platforms.get((c.platform ?? '').trim().toUpperCase());
      const url = normaliseCaseUrl(c.url ?? '');
      if (!p) {
        errors.add(row, 'platform', `không có nền tảng '${c.platform ?? ''}'`, `unknown platform '${c.platform ?? ''}'`);
        continue;
      }
      if (!url) {
        errors.add(row, 'url', `'${(c.url ?? '').slice(0, 200)}' không phải địa chỉ http(s) hợp lệ`, `'${(c.url ?? '').slice(0, 200)}' is not a valid http(s) address`);
        continue;
      }
      const hit = casesByKey.get(`${p.id}|${(c.letter_number ?? '').trim()}|${url}`);
      found = hit ? paths.get(hit.id) : undefined;
    }
    if (!found || !covers(writePaths, found.orgUnitPath ?? '')) {
      errors.add(
        row,
        column,
        byId ? `không có vụ việc '${c.case_id ?? ''}'` : 'không có vụ việc với đường dẫn này trong văn bản này',
        byId ? `no case '${c.case_id ?? ''}'` : 'no case with this URL in this letter',
      );
      continue;
    }
    const outcome = enumCell(c.outcome ?? '', ANSWER_OUTCOMES);
    if (!outcome) errors.add(row, 'outcome', `'${c.outcome ?? ''}' không thuộc ${ANSWER_OUTCOMES.join(', ')}`, `'${c.outcome ?? ''}' is not one of ${ANSWER_OUTCOMES.join(', ')}`);
    const answeredAt = parseCellTime(c.answered_at ?? '');
    if (!answeredAt) errors.add(row, 'answered_at', `'${c.answered_at ?? ''}' không phải thời điểm`, `'${c.answered_at ?? ''}' is not a time`);
    if (!outcome || !answeredAt) continue;
    const problems = answerProblems(found.sentAt, { outcome, reason: c.reason, answeredAt }, now);
    for (const p of problems) errors.add(row, p.field === 'answeredAt' ? 'answered_at' : p.field, p.vi, p.en);
    if (!problems.length) answers.push({ caseId: found.id, outcome, reason: c.reason?.trim() || null, answeredAt });
  }
  if (errors.items.length) errors.fail({ vi: 'trả lời', en: 'Answer' });
  const summary: ImportSummary = { rows: table.rows.length, batchesCreated: 0, casesCreated: 0, answersCreated: answers.length, dryRun: opts.dryRun };
  if (opts.dryRun) return summary;
  await ctx.db.transaction(async (tx) => {
    await repo.insertAnswers(tx, answers, 'IMPORT', whoOf(ctx.actor));
    await rejudgeCases(tx, [...new Set(answers.map((a) => a.caseId))]);
    await recordAudit(tx, ctx.actor, {
      action: 'takedown.import_answers',
      objectType: 'takedown_import',
      objectId: opts.fileSha256.slice(0, 16),
      after: { ...summary, format: table.format, sha256: opts.fileSha256 },
    });
  });
  return summary;
}

/**
 * The takedown permissions the actor really holds somewhere: a role's permission counts only where it meets a
 * monitoring unit (leadership's everywhere in its scope). What the web shows its menu from.
 */
export async function heldTakedownPermissions(db: Db, roles: readonly { role: Role; orgUnitId: number | null }[]): Promise<Permission[]> {
  const designated = (await repo.listMonitoringUnits(db)).map((u) => u.path);
  // The roles as scopes, each with its unit's path (the caller may be signing in: its actor has no scopes yet).
  const ids = roles.flatMap((r) => (r.orgUnitId === null ? [] : [r.orgUnitId]));
  const { rows } = await db.query<{ id: number; path: string }>('SELECT id, path FROM org_unit WHERE id = ANY($1::int[])', [ids]);
  const pathOf = new Map(rows.map((r) => [r.id, r.path]));
  const scopes: Scope[] = roles.flatMap((r): Scope[] =>
    r.orgUnitId === null ? [{ role: r.role, orgUnitId: null, path: null }] : pathOf.has(r.orgUnitId) ? [{ role: r.role, orgUnitId: r.orgUnitId, path: pathOf.get(r.orgUnitId)! }] : [],
  );
  const actor: Actor = { kind: 'user', scopes };
  return (['takedown.read', 'takedown.write', 'takedown.manage'] as const).filter((p) => {
    const paths = permittedPathsWithin(actor, p, designated);
    return paths === 'ALL' || paths.length > 0;
  });
}
