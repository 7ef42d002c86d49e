import type { ServiceContext } from '../../http/context.ts';
import type { Db } from '../../db/db.ts';
import { assertPermission, assertPermissionAnywhere, hasPermission, permittedPaths, type Actor } from '../../access.ts';
import { AppError, type CodeWithStatus, badRequest, conflict, forbidden, notFound, unauthenticated } from '../../http/errors.ts';
import { vietnamDate } from '../../../core/periods.ts';
import {
  builtInVersion,
  checkDecision,
  checkGeneralScore,
  checkRuleVersion,
  EVALUATION_RULE_SETS,
  mergeConfig,
  periodLabel,
  RATING_LABELS,
  ruleSetFor,
  versionInForce,
  versionStatus,
  type EvaluationConfig,
  type Rating,
  type RuleSet,
  type RuleVersion,
  type ScoreProblem,
} from '../../../core/evaluation.ts';
import { recordAudit } from '../audit/service.ts';
import { requireOrgUnitRef } from '../org-units/lookup.ts';
import * as repo from './repo.ts';
import { evaluateYear, loadRuleSets, withWholeUnits, type PersonYear } from './scoring.ts';
import type { AppealOutcomeInput, DecisionInput, GeneralInput, ManagerInput, RuleVersionInput, TaskMarkInput } from './schema.ts';

function invalid(code: CodeWithStatus<400>, problems: ScoreProblem[], prefix = 'body.'): AppError {
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

function signedIn(ctx: ServiceContext): void {
  if (ctx.actor.kind === 'anonymous') throw unauthenticated();
}

const isSelf = (actor: Actor, s: repo.StaffRow) => actor.kind === 'user' && actor.userId !== undefined && s.userId === actor.userId;

/** A person the caller may read: themselves, or someone of a unit in their evaluation.read scope (404 otherwise). */
async function readableStaff(ctx: ServiceContext, id: number): Promise<repo.StaffRow> {
  signedIn(ctx);
  const s = await repo.findStaff(ctx.db, id);
  if (!s || !(isSelf(ctx.actor, s) || hasPermission(ctx.actor, 'evaluation.read', s.orgUnitPath))) throw notFound('cán bộ, công chức, viên chức', 'Staff member', id);
  return s;
}

/** A person the caller assesses: in their scope, and never themselves. */
async function assessableStaff(ctx: ServiceContext, id: number, permission: 'evaluation.assess' | 'evaluation.decide'): Promise<repo.StaffRow> {
  const s = await readableStaff(ctx, id);
  assertPermission(ctx.actor, permission, s.orgUnitPath);
  if (isSelf(ctx.actor, s)) throw forbidden('Không tự chấm điểm, đánh giá hay quyết định cho chính mình', 'You cannot score, assess or decide on yourself');
  return s;
}

function today(ctx: ServiceContext): string {
  return vietnamDate(ctx.clock());
}

function ruleSetOrRefuse(s: repo.StaffRow, year: number, sets: typeof EVALUATION_RULE_SETS) {
  const set = ruleSetFor(s.kind, year, sets);
  if (!set) {
    throw conflict('NO_EVALUATION_RULES', `Không có quy định đánh giá theo điểm cho ${s.fullName} (${s.kind}) năm ${year}`, `No evaluation rules apply to ${s.fullName} (${s.kind}) in ${year}`);
  }
  return set;
}

/** One person's year as they and their managers see it: the periods with their source tasks, the steps, the appeals. */
function personView(p: PersonYear, lang: 'vi' | 'en') {
  return {
    staff: {
      id: p.staff.id,
      fullName: p.staff.fullName,
      kind: p.staff.kind,
      position: p.staff.position,
      isManager: p.staff.isManager,
      orgUnit: { id: p.staff.orgUnitId, code: p.staff.orgUnitCode, nameVi: p.staff.orgUnitName },
    },
    ruleSet: p.ruleSet
      ? {
          id: p.ruleSet.id,
          nameVi: p.ruleSet.nameVi,
          nameEn: p.ruleSet.nameEn,
          legalBasis: p.ruleSet.legalBasis,
          method: p.ruleSet.method,
          generalMax: p.ruleSet.config.generalMax,
          taskMax: p.ruleSet.config.taskMax,
        }
      : null,
    periods: p.periods.map((x) => ({ ...x, label: periodLabel(x.period, lang) })),
    year: p.year,
    criteria: p.criteria,
    scoreRating: p.scoreRating,
    rating: p.rating,
    aboveQuotaLine: p.aboveQuotaLine,
    tiedAtQuotaLine: p.tiedAtQuotaLine,
    disciplined: p.disciplined,
    decidedRating: p.decidedRating,
    record: p.record,
  };
}

async function evaluateOne(db: Db, s: repo.StaffRow, year: number, day: string, detailed: boolean) {
  // The whole unit, for its quota; a unit is small enough to keep every task as a source.
  const unit = await withWholeUnits(db, [s], year);
  const evaluation = await evaluateYear(db, unit.some((u) => u.id === s.id) ? unit : [...unit, s], year, day, { detailed });
  return evaluation.people.get(s.id)!;
}

export async function myEvaluation(ctx: ServiceContext, year: number, lang: 'vi' | 'en' = 'vi') {
  signedIn(ctx);
  if (ctx.actor.kind !== 'user' || ctx.actor.userId === undefined) throw notFound('hồ sơ cán bộ của tài khoản', 'Staff record of the account', 'me');
  const s = await repo.findStaffByUser(ctx.db, ctx.actor.userId);
  if (!s) {
    throw new AppError('NOT_IN_STAFF_REGISTER', 404, 'Tài khoản chưa gắn với hồ sơ cán bộ, công chức, viên chức nào', 'The account is not linked to any staff record');
  }
  return staffEvaluation(ctx, s.id, year, lang);
}

export async function staffEvaluation(ctx: ServiceContext, id: number, year: number, lang: 'vi' | 'en' = 'vi') {
  const s = await readableStaff(ctx, id);
  const person = await evaluateOne(ctx.db, s, year, today(ctx), true);
  const appeals = await repo.listAppeals(ctx.db, [s.id], year);
  return {
    ...personView(person, lang),
    appeals,
    can: {
      selfAssess: isSelf(ctx.actor, s),
      assess: !isSelf(ctx.actor, s) && hasPermission(ctx.actor, 'evaluation.assess', s.orgUnitPath),
      decide: !isSelf(ctx.actor, s) && hasPermission(ctx.actor, 'evaluation.decide', s.orgUnitPath),
      appeal: isSelf(ctx.actor, s) && person.record?.decidedRating !== null && person.record?.decidedRating !== undefined && !appeals.some((a) => a.outcome === 'PENDING'),
    },
  };
}

/** The unit's people: points, ratings before and after the quota, the line, who has no tasks, the distribution. */
export async function unitEvaluation(ctx: ServiceContext, query: { year: number; orgUnit?: string }, lang: 'vi' | 'en' = 'vi') {
  signedIn(ctx);
  assertPermissionAnywhere(ctx.actor, 'evaluation.read');
  let unitPath: string | undefined;
  let unit: { id: number; code: string; nameVi: string } | null = null;
  if (query.orgUnit) {
    const ref = await requireOrgUnitRef(ctx.db, query.orgUnit, 'query.orgUnit');
    assertPermission(ctx.actor, 'evaluation.read', ref.path);
    unitPath = ref.path;
    unit = { id: ref.id, code: ref.code, nameVi: ref.nameVi };
  }
  const staff = await repo.listStaff(ctx.db, { year: query.year, paths: permittedPaths(ctx.actor, 'evaluation.read'), unitPath });
  const { people, quotas } = await evaluateYear(ctx.db, staff, query.year, today(ctx));
  const rows = staff.map((s) => {
    const p = people.get(s.id)!;
    return {
      staffId: s.id,
      fullName: s.fullName,
      kind: s.kind,
      position: s.position,
      isManager: s.isManager,
      orgUnit: { id: s.orgUnitId, code: s.orgUnitCode, nameVi: s.orgUnitName },
      ruleSetId: p.ruleSet?.id ?? null,
      points: p.year.points,
      periods: p.periods.map((x) => ({ period: x.period, total: x.total, taskPoints: x.taskPoints, generalPoints: x.generalPoints })),
      noTasks: p.ruleSet !== null && p.year.periodsScored === 0,
      periodsWithoutTasks: p.year.periodsWithoutTasks.length,
      periodsWithoutGeneral: p.year.periodsWithoutGeneral,
      criteria: p.criteria,
      scoreRating: p.scoreRating,
      rating: p.rating,
      aboveQuotaLine: p.aboveQuotaLine,
      tiedAtQuotaLine: p.tiedAtQuotaLine,
      disciplined: p.disciplined,
      selfRating: p.record?.selfRating ?? null,
      managerRating: p.record?.managerRating ?? null,
      decidedRating: p.decidedRating,
      step: (p.record?.decidedAt ? 'DECIDED' : p.record?.managerAt ? 'MANAGER_ASSESSED' : p.record?.selfAt ? 'SELF_ASSESSED' : 'NOT_STARTED') as
        'DECIDED' | 'MANAGER_ASSESSED' | 'SELF_ASSESSED' | 'NOT_STARTED',
    };
  });
  const byRating = (key: 'rating' | 'decidedRating') =>
    Object.fromEntries((['HTXSNV', 'HTTNV', 'HTNV', 'KHTNV'] as const).map((r) => [r, rows.filter((x) => x[key] === r).length])) as Record<Rating, number>;
  const buckets = [
    { from: 90, to: null, label: '≥ 90' },
    { from: 70, to: 90, label: '70–< 90' },
    { from: 50, to: 70, label: '50–< 70' },
    { from: 0, to: 50, label: '< 50' },
  ].map((b) => ({ ...b, count: rows.filter((x) => x.points !== null && x.points >= b.from && (b.to === null || x.points < b.to)).length }));
  return {
    year: query.year,
    orgUnit: unit,
    people: rows,
    distribution: { points: buckets, computed: byRating('rating'), decided: byRating('decidedRating'), notRated: rows.filter((x) => x.ruleSetId !== null && x.rating === null).length },
    quotas: quotas.map((q) => ({ ...q, aboveLineNames: q.aboveLine.map((id) => people.get(id)?.staff.fullName ?? String(id)) })),
    noTasks: rows.filter((x) => x.noTasks).map((x) => ({ staffId: x.staffId, fullName: x.fullName, orgUnit: x.orgUnit })),
    ratingLabels: Object.fromEntries(Object.entries(RATING_LABELS).map(([k, v]) => [k, lang === 'vi' ? v.vi : v.en])) as Record<Rating, string>,
  };
}

/** The year's decisions in scope (or the caller's own when they hold no evaluation.read). */
export async function listDecisions(ctx: ServiceContext, query: { year: number; orgUnit?: string }) {
  signedIn(ctx);
  let staff: repo.StaffRow[];
  let unitPath: string | undefined;
  if (query.orgUnit) {
    const ref = await requireOrgUnitRef(ctx.db, query.orgUnit, 'query.orgUnit');
    assertPermission(ctx.actor, 'evaluation.read', ref.path);
    unitPath = ref.path;
  }
  if (hasPermissionAnywhereSafe(ctx.actor)) {
    staff = await repo.listStaff(ctx.db, { year: query.year, paths: permittedPaths(ctx.actor, 'evaluation.read'), unitPath });
  } else {
    const me = ctx.actor.userId !== undefined ? await repo.findStaffByUser(ctx.db, ctx.actor.userId) : null;
    staff = me ? [me] : [];
  }
  const ids = staff.map((s) => s.id);
  const [years, appeals] = await Promise.all([repo.listYears(ctx.db, ids, query.year), repo.listAppeals(ctx.db, ids, query.year)]);
  const byId = new Map(staff.map((s) => [s.id, s]));
  return {
    year: query.year,
    items: years
      .filter((y) => y.decidedAt !== null)
      .map((y) => {
        const s = byId.get(y.staffId)!;
        const mine = appeals.filter((a) => a.staffId === y.staffId);
        const upheld = mine.find((a) => a.outcome === 'UPHELD');
        return {
          staffId: y.staffId,
          fullName: s.fullName,
          orgUnit: { id: s.orgUnitId, code: s.orgUnitCode, nameVi: s.orgUnitName },
          computedPoints: y.computedPoints,
          computedRating: y.computedRating,
          decidedRating: y.decidedRating,
          finalRating: upheld?.outcomeRating ?? y.decidedRating,
          decisionNumber: y.decisionNumber,
          overrideReason: y.overrideReason,
          decidedBy: y.decidedBy,
          decidedAt: y.decidedAt,
          appeals: mine,
        };
      }),
  };
}

function hasPermissionAnywhereSafe(actor: Actor): boolean {
  const p = permittedPaths(actor, 'evaluation.read');
  return p === 'ALL' || p.length > 0;
}

/** A rule set's versions as shown: the decree's own values first, each with where it stands today. */
function versionsOf(set: (typeof EVALUATION_RULE_SETS)[number], rows: readonly repo.RuleVersionRow[], day: string) {
  const mine = rows.filter((r) => r.ruleSetId === set.id);
  const all: RuleVersion[] = [builtInVersion(set), ...mine];
  const inForce = versionInForce(all, day);
  const versions = [
    { ...builtInVersion(set), createdBy: null, createdAt: null },
    ...mine.map((r) => ({
      id: r.id,
      ruleSetId: r.ruleSetId,
      name: r.name,
      legalBasis: r.legalBasis,
      effectiveFrom: r.effectiveFrom,
      effectiveTo: r.effectiveTo,
      overrides: r.overrides,
      createdBy: r.createdBy,
      createdAt: r.createdAt,
    })),
  ].map((v) => ({ ...v, config: mergeConfig(set.config, v.overrides).config, status: versionStatus(v, all, day) }));
  return { versions, inForce };
}

/**
 * The rule sets with every version of their values — the decree's own, then those an agency added — each with its
 * legal basis, effective period and where it stands today, and the values in force today.
 */
export async function ruleSetsInForce(ctx: ServiceContext) {
  signedIn(ctx);
  const day = today(ctx);
  const rows = await repo.listRuleVersions(ctx.db);
  // Who added a version is the administrators' to see (they manage the rule sets); everyone else reads the values.
  const showAuthor = mayManageRuleSets(ctx.actor);
  return EVALUATION_RULE_SETS.map((s) => {
    const { versions: all, inForce } = versionsOf(s, rows, day);
    const versions = showAuthor ? all : all.map(({ createdBy: _createdBy, ...v }) => v);
    return {
      id: s.id,
      nameVi: s.nameVi,
      nameEn: s.nameEn,
      legalBasis: s.legalBasis,
      effectiveFrom: s.effectiveFrom,
      effectiveTo: s.effectiveTo,
      appliesTo: s.appliesTo,
      method: s.method,
      configurable: s.configurable,
      defaults: s.config,
      config: inForce ? mergeConfig(s.config, inForce.overrides).config : s.config,
      versionInForce: inForce?.id ?? null,
      versions,
    };
  });
}

/** Who may add versions of the rule sets: system-wide decision and metadata rights (the administrators). */
function mayManageRuleSets(actor: Actor): boolean {
  return hasPermission(actor, 'evaluation.decide', null) && hasPermission(actor, 'metadata.write', null);
}

/** A new version of a rule set's values (system administrators): checked field by field, audited, never changed after. */
export async function addRuleVersion(ctx: ServiceContext, id: RuleSet['id'], input: RuleVersionInput) {
  signedIn(ctx);
  // The same rights as mayManageRuleSets, each refused with its own message.
  assertPermission(ctx.actor, 'evaluation.decide', null);
  assertPermission(ctx.actor, 'metadata.write', null);
  const set = EVALUATION_RULE_SETS.find((s) => s.id === id)!;
  const v = { name: input.name, legalBasis: input.legalBasis, effectiveFrom: input.effectiveFrom, effectiveTo: input.effectiveTo ?? null, overrides: input.config };
  return ctx.db.transaction(async (tx) => {
    const existing = (await repo.listRuleVersions(tx)).filter((r) => r.ruleSetId === id);
    const { problems } = checkRuleVersion(set, existing, v);
    if (problems.length) throw invalid('INVALID_EVALUATION_CONFIG', problems);
    const newId = await repo.insertRuleVersion(tx, { ruleSetId: id, ...v, overrides: v.overrides as Partial<EvaluationConfig>, createdBy: whoOf(ctx.actor) });
    const after = (await repo.findRuleVersion(tx, newId))!;
    await recordAudit(tx, ctx.actor, { action: 'evaluation.rule_version', objectType: 'evaluation_rule_version', objectId: newId, after });
    const { versions } = versionsOf(set, [...existing, after], today(ctx));
    return versions.find((x) => x.id === newId)!;
  });
}

/** The manager's general-criteria points of a month or quarter, with a comment when below full marks. */
export async function scoreGeneral(ctx: ServiceContext, staffId: number, period: string, input: GeneralInput) {
  const s = await assessableStaff(ctx, staffId, 'evaluation.assess');
  const year = Number(period.slice(0, 4));
  const set = ruleSetOrRefuse(s, year, await loadRuleSets(ctx.db, year));
  const wanted = set.config.periodType === 'MONTH' ? /^\d{6}$/ : /^\d{4}Q\d$/;
  if (!wanted.test(period)) {
    throw invalid(
      'INVALID_PERIOD',
      [
        {
          field: 'period',
          vi: `Quy định đang áp dụng theo dõi theo ${set.config.periodType === 'MONTH' ? 'tháng' : 'quý'}`,
          en: `The rules in force track by ${set.config.periodType === 'MONTH' ? 'month' : 'quarter'}`,
        },
      ],
      'params.',
    );
  }
  const problems = checkGeneralScore(input.points, input.comment, set.config);
  if (problems.length) throw invalid('INVALID_GENERAL_SCORE', problems);
  const record = await repo.findYear(ctx.db, s.id, year);
  if (record?.decidedAt) throw conflict('EVALUATION_DECIDED', `Năm ${year} đã có quyết định xếp loại; không sửa điểm`, `The ${year} rating is decided; points cannot change`);
  return ctx.db.transaction(async (tx) => {
    const before = await repo.findGeneralScore(tx, s.id, period);
    await repo.upsertGeneralScore(tx, s.id, period, input.points, input.comment?.trim() || null, whoOf(ctx.actor));
    const after = await repo.findGeneralScore(tx, s.id, period);
    await recordAudit(tx, ctx.actor, { action: 'evaluation.general', objectType: 'evaluation_general_score', objectId: `${s.id}:${period}`, orgUnitId: s.orgUnitId, before, after });
    return after;
  });
}

/** The manager's judgement of a task as a product: its kind, quality errors, exceeded. */
export async function markTask(ctx: ServiceContext, taskId: number, input: TaskMarkInput) {
  signedIn(ctx);
  const task = await repo.findTaskUnit(ctx.db, taskId);
  if (!task || !hasPermission(ctx.actor, 'evaluation.read', task.leadPath)) throw notFound('nhiệm vụ', 'Task', taskId);
  assertPermission(ctx.actor, 'evaluation.assess', task.leadPath);
  const responsible = task.responsibleStaffId ? await repo.findStaff(ctx.db, task.responsibleStaffId) : null;
  if (responsible && isSelf(ctx.actor, responsible)) throw forbidden('Không tự đánh giá sản phẩm của chính mình', 'You cannot judge your own product');
  const problems: ScoreProblem[] = [];
  if (input.qualityErrors < 0 || input.qualityErrors > 20) problems.push({ field: 'qualityErrors', vi: 'Số lỗi chất lượng trong khoảng 0–20', en: 'Quality errors must be between 0 and 20' });
  if (input.productKind && !EVALUATION_RULE_SETS.some((s) => s.config.productKinds.some((k) => k.code === input.productKind))) {
    problems.push({ field: 'productKind', vi: `Không có loại sản phẩm '${input.productKind}'`, en: `Unknown product kind '${input.productKind}'` });
  }
  if (input.qualityErrors > 0 && !input.note?.trim()) problems.push({ field: 'note', vi: 'Cần ghi rõ lỗi chất lượng', en: 'Quality errors need a note saying what they are' });
  if (problems.length) throw invalid('INVALID_TASK_MARK', problems);
  return ctx.db.transaction(async (tx) => {
    const before = await repo.findTaskMark(tx, taskId);
    await repo.upsertTaskMark(tx, {
      taskId,
      productKind: input.productKind ?? null,
      qualityErrors: input.qualityErrors,
      exceeded: input.exceeded,
      note: input.note?.trim() || null,
      markedBy: whoOf(ctx.actor),
    });
    const after = await repo.findTaskMark(tx, taskId);
    await recordAudit(tx, ctx.actor, { action: 'evaluation.task_mark', objectType: 'evaluation_task_mark', objectId: taskId, orgUnitId: task.leadOrgUnitId, before, after });
    return after;
  });
}

async function changeYear(
  ctx: ServiceContext,
  s: repo.StaffRow,
  year: number,
  action: string,
  set: Record<string, unknown>,
  options: { allowDecided?: boolean; within?: (tx: Db) => Promise<void> } = {},
) {
  const rules = ruleSetOrRefuse(s, year, await loadRuleSets(ctx.db, year));
  return ctx.db.transaction(async (tx) => {
    const before = await repo.findYear(tx, s.id, year);
    if (before?.decidedAt && !options.allowDecided) throw conflict('EVALUATION_DECIDED', `Năm ${year} đã có quyết định xếp loại`, `The ${year} rating is already decided`);
    await repo.saveYear(tx, s.id, year, rules.id, set);
    await options.within?.(tx);
    const after = await repo.findYear(tx, s.id, year);
    await recordAudit(tx, ctx.actor, { action, objectType: 'evaluation_year', objectId: `${s.id}:${year}`, orgUnitId: s.orgUnitId, before, after });
    return after;
  });
}

export async function selfAssess(ctx: ServiceContext, staffId: number, year: number, input: { assessment: string; proposedRating: Rating }) {
  const s = await readableStaff(ctx, staffId);
  if (!isSelf(ctx.actor, s)) throw forbidden('Chỉ người được đánh giá tự đánh giá', 'Only the person evaluated writes the self-assessment');
  return changeYear(ctx, s, year, 'evaluation.self', { self_assessment: input.assessment, self_rating: input.proposedRating, self_at: ctx.clock() });
}

export async function collectiveComment(ctx: ServiceContext, staffId: number, year: number, comment: string) {
  const s = await assessableStaff(ctx, staffId, 'evaluation.assess');
  return changeYear(ctx, s, year, 'evaluation.collective', { collective_comment: comment, collective_at: ctx.clock() });
}

export async function managerAssess(ctx: ServiceContext, staffId: number, year: number, input: ManagerInput) {
  const s = await assessableStaff(ctx, staffId, 'evaluation.assess');
  if (input.disciplined && !input.disciplineNote?.trim()) {
    throw invalid('INVALID_ASSESSMENT', [{ field: 'disciplineNote', vi: 'Bị kỷ luật: cần ghi hình thức và số quyết định kỷ luật', en: 'Disciplined: state the sanction and the decision number' }]);
  }
  const record = await repo.findYear(ctx.db, s.id, year);
  if (!record?.selfAt) throw conflict('SELF_ASSESSMENT_MISSING', `${s.fullName} chưa tự đánh giá năm ${year}`, `${s.fullName} has not self-assessed for ${year}`);
  return changeYear(ctx, s, year, 'evaluation.manager', {
    manager_comment: input.comment,
    manager_rating: input.proposedRating,
    manager_by: whoOf(ctx.actor),
    manager_at: ctx.clock(),
    disciplined: input.disciplined,
    discipline_note: input.disciplined ? input.disciplineNote!.trim() : null,
  });
}

/** The competent authority's decision: the computed rating, or another with the council's reason; the period scores are stored as its record. */
export async function decide(ctx: ServiceContext, staffId: number, year: number, input: DecisionInput) {
  const s = await assessableStaff(ctx, staffId, 'evaluation.decide');
  const record = await repo.findYear(ctx.db, s.id, year);
  if (!record?.managerAt)
    throw conflict('MANAGER_ASSESSMENT_MISSING', `${s.fullName} chưa có nhận xét, đánh giá của người quản lý năm ${year}`, `${s.fullName} has no manager's assessment for ${year}`);
  if (record.decidedAt) throw conflict('EVALUATION_DECIDED', `Năm ${year} đã có quyết định xếp loại; thay đổi qua khiếu nại`, `The ${year} rating is already decided; changes go through an appeal`);
  const person = await evaluateOne(ctx.db, s, year, today(ctx), true);
  const problems = checkDecision(input.rating, person.rating, input.overrideReason);
  if (problems.length) throw invalid('OVERRIDE_REASON_REQUIRED', problems);
  // The period scores with their source tasks are kept with the decision, in the same transaction.
  const periods = person.periods.map((p) => ({
    staffId: s.id,
    period: p.period,
    ruleSetId: person.ruleSet!.id,
    taskPoints: p.taskPoints,
    generalPoints: p.generalPoints,
    totalPoints: p.total,
    assignedWeight: p.assigned,
    taskCount: p.sources.length,
    pendingCount: p.counts.pending,
    sources: p.sources,
  }));
  return changeYear(
    ctx,
    s,
    year,
    'evaluation.decide',
    {
      computed_points: person.year.points,
      computed_rating: person.rating,
      decided_rating: input.rating,
      decision_number: input.decisionNumber?.trim() || null,
      override_reason: input.rating === person.rating ? null : input.overrideReason!.trim(),
      decided_by: whoOf(ctx.actor),
      decided_at: ctx.clock(),
    },
    { within: (tx) => repo.storePeriodScores(tx, periods) },
  );
}

export async function appeal(ctx: ServiceContext, staffId: number, year: number, reason: string) {
  const s = await readableStaff(ctx, staffId);
  if (!isSelf(ctx.actor, s)) throw forbidden('Chỉ người được đánh giá khiếu nại kết quả của mình', 'Only the person evaluated may appeal their result');
  const record = await repo.findYear(ctx.db, s.id, year);
  if (!record?.decidedAt) throw conflict('NOT_DECIDED', `Năm ${year} chưa có quyết định xếp loại để khiếu nại`, `There is no ${year} decision to appeal`);
  const pending = (await repo.listAppeals(ctx.db, [s.id], year)).some((a) => a.outcome === 'PENDING');
  if (pending) throw conflict('APPEAL_PENDING', 'Đã có khiếu nại đang chờ giải quyết', 'An appeal is already waiting for its outcome');
  return ctx.db.transaction(async (tx) => {
    const id = await repo.insertAppeal(tx, s.id, year, reason, whoOf(ctx.actor));
    const after = await repo.findAppeal(tx, id);
    await recordAudit(tx, ctx.actor, { action: 'evaluation.appeal', objectType: 'evaluation_appeal', objectId: id, orgUnitId: s.orgUnitId, after });
    return after;
  });
}

export async function decideAppeal(ctx: ServiceContext, appealId: number, input: AppealOutcomeInput) {
  signedIn(ctx);
  const a = await repo.findAppeal(ctx.db, appealId);
  if (!a) throw notFound('khiếu nại', 'Appeal', appealId);
  const s = await assessableStaff(ctx, a.staffId, 'evaluation.decide').catch((err: unknown) => {
    if (err instanceof AppError && err.status === 404) throw notFound('khiếu nại', 'Appeal', appealId);
    throw err;
  });
  if (a.outcome !== 'PENDING') throw conflict('APPEAL_DECIDED', 'Khiếu nại đã được giải quyết', 'The appeal already has its outcome');
  if (input.outcome === 'UPHELD' && !input.rating)
    throw invalid('INVALID_APPEAL_OUTCOME', [{ field: 'rating', vi: 'Chấp nhận khiếu nại: cần xếp loại mới', en: 'An upheld appeal needs the new rating' }]);
  return ctx.db.transaction(async (tx) => {
    await repo.decideAppeal(tx, appealId, input.outcome, input.outcome === 'UPHELD' ? input.rating! : null, input.note, whoOf(ctx.actor));
    const after = await repo.findAppeal(tx, appealId);
    await recordAudit(tx, ctx.actor, { action: 'evaluation.appeal_outcome', objectType: 'evaluation_appeal', objectId: appealId, orgUnitId: s.orgUnitId, before: a, after });
    return after;
  });
}

/** Computes and stores the period scores (with their sources) of the people in scope for the year. */
export async function computeAndStore(ctx: ServiceContext, input: { year: number; orgUnit?: string }) {
  signedIn(ctx);
  assertPermissionAnywhere(ctx.actor, 'evaluation.assess');
  let unitPath: string | undefined;
  if (input.orgUnit) {
    const ref = await requireOrgUnitRef(ctx.db, input.orgUnit, 'body.orgUnit');
    assertPermission(ctx.actor, 'evaluation.assess', ref.path);
    unitPath = ref.path;
  }
  const staff = await repo.listStaff(ctx.db, { year: input.year, paths: permittedPaths(ctx.actor, 'evaluation.assess'), unitPath });
  const { people } = await evaluateYear(ctx.db, staff, input.year, today(ctx), { detailed: true });
  const rows: repo.StoredPeriodScore[] = [];
  for (const p of people.values()) {
    if (!p.ruleSet) continue;
    for (const x of p.periods) {
      rows.push({
        staffId: p.staff.id,
        period: x.period,
        ruleSetId: p.ruleSet.id,
        taskPoints: x.taskPoints,
        generalPoints: x.generalPoints,
        totalPoints: x.total,
        assignedWeight: x.assigned,
        taskCount: x.sources.length,
        pendingCount: x.counts.pending,
        sources: x.sources,
      });
    }
  }
  await ctx.db.transaction(async (tx) => {
    await repo.storePeriodScores(tx, rows);
    await recordAudit(tx, ctx.actor, {
      action: 'evaluation.compute',
      objectType: 'evaluation_period_score',
      objectId: String(input.year),
      after: { year: input.year, orgUnit: input.orgUnit ?? null, people: people.size, periods: rows.length },
    });
  });
  return { year: input.year, people: people.size, periods: rows.length };
}
