import type { ServiceContext } from '../../http/context.ts';
import type { Db } from '../../db/db.ts';
import { assertPermission, assertPermissionAnywhere, hasPermission, permittedPaths, type Actor } from '../../access.ts';
import { AppError, type CodeWithStatus, badRequest, conflict, notFound, unauthenticated } from '../../http/errors.ts';
import { vietnamDate } from '../../../core/periods.ts';
import { formatDayVi, foldVietnamese } from '../../../core/vietnamese.ts';
import {
  AWARD_COEFFICIENTS,
  AWARDS,
  BASE_SALARIES,
  cashAward,
  COUNCIL_THRESHOLDS,
  evaluatePerson,
  evaluateUnit,
  RULE_SETS,
  ruleSetOn,
  type AwardCode,
  type Eligibility,
} from '../../../core/emulation.ts';
import { computeFigures } from '../analytics/service.ts';
import { recordAudit } from '../audit/service.ts';
import { requireOrgUnitRef } from '../org-units/lookup.ts';
import * as repo from './repo.ts';
import { loadPersonRecords, loadUnitRecord } from './eligibility.ts';
import type { CommentInput, CommentWindowInput, PeopleQuery } from './schema.ts';
import { checkBeforeCouncil, checkWindowLength, publicCommentRuleOn } from '../../../core/public-comment.ts';
import type {
  CreateCampaignInput,
  CriterionInput,
  DecisionInput,
  EligibilityQuery,
  HistoryInput,
  HonourBookQuery,
  InitiativeInput,
  NominationInput,
  RegistrationInput,
  ReviewerScoreInput,
} from './schema.ts';

export function whoOf(actor: Actor): string {
  return actor.username ?? `${actor.kind}:${actor.userId ?? actor.tokenId ?? ''}`;
}
export function invalid(code: CodeWithStatus<400>, field: string, vi: string, en: string): AppError {
  return badRequest(code, vi, en, [{ path: field, messageVi: vi, messageEn: en }]);
}
const stripUnit = (u: repo.UnitLite) => ({ id: u.id, code: u.code, nameVi: u.nameVi, nameEn: u.nameEn });
export function signedIn(ctx: ServiceContext): void {
  if (ctx.actor.kind === 'anonymous') throw unauthenticated();
}

/** Rule sets, titles, council thresholds and cash tables: what the rules are, for every signed-in user. */
export function describeRules(ctx: ServiceContext) {
  signedIn(ctx);
  return {
    awards: Object.values(AWARDS),
    ruleSets: RULE_SETS.map((s) => ({ code: s.code, legalBasis: s.legalBasis, effectiveFrom: s.effectiveFrom, effectiveTo: s.effectiveTo, rules: s.rules })),
    councilThresholds: COUNCIL_THRESHOLDS,
    awardCoefficients: AWARD_COEFFICIENTS,
    baseSalaries: BASE_SALARIES,
  };
}

// ---------- campaigns ----------
async function readableCampaign(ctx: ServiceContext, id: number) {
  signedIn(ctx);
  const c = await repo.findCampaign(ctx.db, id);
  if (!c) throw notFound('phong trào thi đua', 'Campaign', id);
  const participants = await repo.listParticipants(ctx.db, id);
  const can = hasPermission(ctx.actor, 'emulation.read', c.orgUnit.path) || participants.some((p) => hasPermission(ctx.actor, 'emulation.read', p.orgUnit.path));
  if (!can) throw notFound('phong trào thi đua', 'Campaign', id);
  return { campaign: c, participants };
}

export async function listCampaigns(ctx: ServiceContext) {
  signedIn(ctx);
  assertPermissionAnywhere(ctx.actor, 'emulation.read');
  const rows = await repo.listCampaigns(ctx.db, permittedPaths(ctx.actor, 'emulation.read'));
  return { items: rows.map((c) => ({ ...c, orgUnit: stripUnit(c.orgUnit) })) };
}

export async function createCampaign(ctx: ServiceContext, input: CreateCampaignInput) {
  signedIn(ctx);
  const unit = await requireOrgUnitRef(ctx.db, input.orgUnit, 'body.orgUnit');
  assertPermission(ctx.actor, 'emulation.manage', unit.path);
  if (input.endsOn < input.startsOn) throw invalid('INVALID_CAMPAIGN', 'body.endsOn', 'Ngày kết thúc trước ngày bắt đầu', 'The end date is before the start date');
  if (input.registrationDeadline > input.endsOn)
    throw invalid('INVALID_CAMPAIGN', 'body.registrationDeadline', 'Hạn đăng ký sau ngày kết thúc phong trào', 'The registration deadline is after the end of the campaign');
  if (await repo.findCampaignByCode(ctx.db, input.code)) throw invalid('DUPLICATE_CAMPAIGN', 'body.code', `Đã có phong trào mã '${input.code}'`, `A campaign with code '${input.code}' exists`);
  const participants: { id: number; cluster: string | null }[] = [];
  for (const [i, p] of input.participants.entries()) {
    const u = await requireOrgUnitRef(ctx.db, p.orgUnit, `body.participants[${i}].orgUnit`);
    if (!u.path.startsWith(unit.path))
      throw invalid('INVALID_CAMPAIGN', `body.participants[${i}].orgUnit`, `Đơn vị '${p.orgUnit}' không thuộc đơn vị tổ chức phong trào`, `Unit '${p.orgUnit}' is not within the organising unit`);
    participants.push({ id: u.id, cluster: p.cluster ?? null });
  }
  return ctx.db.transaction(async (tx) => {
    const id = await repo.insertCampaign(tx, {
      code: input.code,
      nameVi: input.nameVi,
      nameEn: input.nameEn ?? null,
      kind: input.kind,
      year: input.year,
      orgUnitId: unit.id,
      directiveNumber: input.directiveNumber ?? null,
      directiveDate: input.directiveDate ?? null,
      directiveIssuer: input.directiveIssuer ?? null,
      theme: input.theme ?? null,
      startsOn: input.startsOn,
      endsOn: input.endsOn,
      registrationDeadline: input.registrationDeadline,
    });
    for (const p of participants) await repo.insertParticipant(tx, id, p.id, p.cluster);
    await recordAudit(tx, ctx.actor, { action: 'EMULATION_CAMPAIGN_CREATE', objectType: 'emulation_campaign', objectId: id, orgUnitId: unit.id, after: input });
    return { id };
  });
}

/** Weighted total per participant: Σ weight × score / Σ weight over the scored criteria, with each criterion's score and its source. */
export async function getCampaign(ctx: ServiceContext, id: number) {
  const { campaign, participants } = await readableCampaign(ctx, id);
  const [criteria, scores, registrations] = await Promise.all([repo.listCriteria(ctx.db, id), repo.listScores(ctx.db, id), repo.listRegistrations(ctx.db, id)]);
  const visible = (path: string) => hasPermission(ctx.actor, 'emulation.read', path) || hasPermission(ctx.actor, 'emulation.read', campaign.orgUnit.path);
  const board = participants
    .filter((p) => visible(p.orgUnit.path))
    .map((p) => {
      const mine = scores.filter((s) => s.orgUnitId === p.orgUnit.id);
      const byCriterion = criteria.map((c) => mine.find((s) => s.criterionId === c.id) ?? null);
      const complete = byCriterion.every((s) => s !== null);
      // A criterion without a score (no task due, not enough approved data) is left out of the weights, and the row says so.
      const scoredWeight = byCriterion.reduce((a, s, i) => a + (s ? Number(criteria[i]!.weight) : 0), 0);
      const total = scoredWeight ? byCriterion.reduce((a, s, i) => a + (s ? Number(s.score) * Number(criteria[i]!.weight) : 0), 0) / scoredWeight : 0;
      return { orgUnit: stripUnit(p.orgUnit), cluster: p.cluster, scores: byCriterion, total: Math.round(total * 100) / 100, complete };
    });
  // Rank within each cluster (cụm, khối).
  const ranked = board.map((b) => ({ ...b, rankInCluster: 1 + board.filter((o) => o.cluster === b.cluster && o.total > b.total).length }));
  return {
    ...campaign,
    orgUnit: stripUnit(campaign.orgUnit),
    criteria,
    board: ranked,
    registrations: registrations.filter((r) => visible(r.orgUnit.path)).map((r) => ({ ...r, orgUnit: stripUnit(r.orgUnit) })),
    can: { manage: hasPermission(ctx.actor, 'emulation.manage', campaign.orgUnit.path), register: participants.some((p) => hasPermission(ctx.actor, 'emulation.register', p.orgUnit.path)) },
  };
}

async function manageableOpenCampaign(ctx: ServiceContext, id: number) {
  const { campaign, participants } = await readableCampaign(ctx, id);
  assertPermission(ctx.actor, 'emulation.manage', campaign.orgUnit.path);
  if (campaign.status === 'CLOSED') throw conflict('CAMPAIGN_CLOSED', 'Phong trào đã kết thúc; điểm đã được chốt', 'The campaign is closed; its scores are frozen');
  return { campaign, participants };
}

export async function addCriterion(ctx: ServiceContext, id: number, input: CriterionInput) {
  const { campaign } = await manageableOpenCampaign(ctx, id);
  let indicatorId: number | null = null;
  if (input.source === 'INDICATOR') {
    if (!input.indicator) throw invalid('INVALID_CRITERION', 'body.indicator', 'Tiêu chí theo chỉ tiêu cần mã chỉ tiêu', 'An indicator criterion needs an indicator code');
    if (!input.period) throw invalid('INVALID_CRITERION', 'body.period', 'Tiêu chí theo chỉ tiêu cần kỳ số liệu', 'An indicator criterion needs a period');
    if (input.targetValue === undefined) throw invalid('INVALID_CRITERION', 'body.targetValue', 'Tiêu chí theo chỉ tiêu cần giá trị mục tiêu', 'An indicator criterion needs a target value');
    const ind = await repo.findIndicator(ctx.db, input.indicator);
    if (!ind) throw invalid('INVALID_CRITERION', 'body.indicator', `Không có chỉ tiêu '${input.indicator}'`, `Unknown indicator '${input.indicator}'`);
    indicatorId = ind.id;
  } else if (input.indicator || input.period || input.targetValue !== undefined) {
    throw invalid('INVALID_CRITERION', 'body.indicator', 'Chỉ tiêu, kỳ và mục tiêu chỉ dùng cho tiêu chí chấm theo chỉ tiêu', 'Indicator, period and target apply to indicator criteria only');
  }
  const existing = await repo.listCriteria(ctx.db, id);
  if (existing.some((c) => c.code === input.code)) throw invalid('DUPLICATE_CRITERION', 'body.code', `Đã có tiêu chí mã '${input.code}'`, `A criterion with code '${input.code}' exists`);
  return ctx.db.transaction(async (tx) => {
    const cid = await repo.insertCriterion(tx, {
      campaignId: id,
      code: input.code,
      nameVi: input.nameVi,
      nameEn: input.nameEn ?? null,
      weight: input.weight,
      source: input.source,
      indicatorId,
      periodId: input.period ?? null,
      targetValue: input.targetValue ?? null,
    });
    await recordAudit(tx, ctx.actor, { action: 'EMULATION_CRITERION_CREATE', objectType: 'emulation_criterion', objectId: cid, orgUnitId: campaign.orgUnit.id, after: input });
    return { id: cid };
  });
}

export async function scoreByReviewer(ctx: ServiceContext, id: number, input: ReviewerScoreInput) {
  const { participants } = await manageableOpenCampaign(ctx, id);
  const criterion = (await repo.listCriteria(ctx.db, id)).find((c) => c.id === input.criterionId);
  if (!criterion) throw invalid('INVALID_SCORE', 'body.criterionId', `Phong trào không có tiêu chí ${input.criterionId}`, `The campaign has no criterion ${input.criterionId}`);
  if (criterion.source !== 'REVIEWER')
    throw invalid('INVALID_SCORE', 'body.criterionId', 'Tiêu chí này được tính từ số liệu, không chấm tay', 'This criterion is computed from the records, not scored by hand');
  const unit = await requireOrgUnitRef(ctx.db, input.orgUnit, 'body.orgUnit');
  if (!participants.some((p) => p.orgUnit.id === unit.id))
    throw invalid('INVALID_SCORE', 'body.orgUnit', `Đơn vị '${input.orgUnit}' không tham gia phong trào`, `Unit '${input.orgUnit}' does not take part in the campaign`);
  return ctx.db.transaction(async (tx) => {
    await repo.upsertScore(tx, {
      criterionId: criterion.id,
      orgUnitId: unit.id,
      score: input.score,
      sourceDetail: { kind: 'REVIEWER', reviewer: whoOf(ctx.actor) },
      evidence: input.evidence,
      scoredBy: whoOf(ctx.actor),
    });
    await recordAudit(tx, ctx.actor, { action: 'EMULATION_SCORE', objectType: 'emulation_score', objectId: `${criterion.id}:${unit.id}`, orgUnitId: unit.id, after: input });
    return { ok: true };
  });
}

/**
 * Scores the criteria computed from the records: an indicator's APPROVED figure against the criterion's target
 * (through analytics, with its coverage: below the indicator's minimum coverage the score is not given and the
 * reason says "chưa đủ số liệu"), and the share of the unit's tasks done on time in the campaign's dates.
 */
export async function computeScores(ctx: ServiceContext, id: number) {
  const { campaign, participants } = await manageableOpenCampaign(ctx, id);
  const criteria = (await repo.listCriteria(ctx.db, id)).filter((c) => c.source !== 'REVIEWER');
  const unitIds = participants.map((p) => p.orgUnit.id);
  const written: { criterion: string; orgUnit: string; score: number | null; note: string }[] = [];
  const rows: { criterionId: number; orgUnitId: number; score: number; detail: unknown }[] = [];
  for (const c of criteria) {
    if (c.source === 'INDICATOR') {
      const figures = await computeFigures(ctx.db, c.indicator!.code, unitIds, [c.periodId!], { dataStatus: 'APPROVED' });
      for (const p of participants) {
        const f = figures.get(`${p.orgUnit.id}|${c.periodId}`);
        const cov = f?.coverage ?? null;
        const ratio = cov && cov.expected > 0 ? cov.reported / cov.expected : f?.value !== null && f?.value !== undefined ? 1 : 0;
        if (!f || f.value === null || ratio < c.indicator!.minCoverage) {
          written.push({
            criterion: c.code,
            orgUnit: p.orgUnit.code,
            score: null,
            note: `Chưa đủ số liệu đã duyệt (${cov ? `${cov.reported}/${cov.expected}` : '0'} báo cáo) | Not enough approved data`,
          });
          continue;
        }
        const score = Math.min(100, Math.max(0, (f.value / Number(c.targetValue)) * 100));
        rows.push({
          criterionId: c.id,
          orgUnitId: p.orgUnit.id,
          score: Math.round(score * 100) / 100,
          detail: { kind: 'INDICATOR', indicator: c.indicator!.code, period: c.periodId, value: f.value, target: Number(c.targetValue), coverage: cov, dataStatus: 'APPROVED' },
        });
      }
    } else {
      for (const p of participants) {
        const r = await repo.taskResults(ctx.db, p.orgUnit.path, campaign.startsOn, campaign.endsOn);
        if (r.total === 0) {
          written.push({ criterion: c.code, orgUnit: p.orgUnit.code, score: null, note: 'Không có nhiệm vụ đến hạn trong kỳ | No task due in the period' });
          continue;
        }
        rows.push({
          criterionId: c.id,
          orgUnitId: p.orgUnit.id,
          score: Math.round((r.onTime / r.total) * 10000) / 100,
          detail: { kind: 'TASKS', from: campaign.startsOn, to: campaign.endsOn, total: r.total, onTime: r.onTime },
        });
      }
    }
  }
  await ctx.db.transaction(async (tx) => {
    for (const r of rows) await repo.upsertScore(tx, { criterionId: r.criterionId, orgUnitId: r.orgUnitId, score: r.score, sourceDetail: r.detail, evidence: null, scoredBy: 'system' });
    await recordAudit(tx, ctx.actor, {
      action: 'EMULATION_SCORES_COMPUTE',
      objectType: 'emulation_campaign',
      objectId: id,
      orgUnitId: campaign.orgUnit.id,
      after: { scored: rows.length, skipped: written },
    });
  });
  return { scored: rows.length, skipped: written };
}

export async function closeCampaign(ctx: ServiceContext, id: number) {
  const { campaign } = await manageableOpenCampaign(ctx, id);
  await ctx.db.transaction(async (tx) => {
    await repo.closeCampaign(tx, id, ctx.clock());
    await recordAudit(tx, ctx.actor, {
      action: 'EMULATION_CAMPAIGN_CLOSE',
      objectType: 'emulation_campaign',
      objectId: id,
      orgUnitId: campaign.orgUnit.id,
      before: { status: 'OPEN' },
      after: { status: 'CLOSED' },
    });
  });
  return getCampaign(ctx, id);
}

// ---------- registrations ----------
export async function register(ctx: ServiceContext, id: number, input: RegistrationInput) {
  const { campaign, participants } = await readableCampaign(ctx, id);
  const unit = await requireOrgUnitRef(ctx.db, input.orgUnit, 'body.orgUnit');
  assertPermission(ctx.actor, 'emulation.register', unit.path);
  if (!participants.some((p) => p.orgUnit.id === unit.id))
    throw invalid('INVALID_REGISTRATION', 'body.orgUnit', `Đơn vị '${input.orgUnit}' không tham gia phong trào`, `Unit '${input.orgUnit}' does not take part in the campaign`);
  const today = vietnamDate(ctx.clock());
  if (campaign.status === 'CLOSED' || today > campaign.registrationDeadline) {
    const d = formatDayVi(campaign.registrationDeadline);
    throw invalid('REGISTRATION_CLOSED', 'body', `Đã hết hạn đăng ký (${d})`, `Registration closed on ${campaign.registrationDeadline}`);
  }
  const info = AWARDS[input.award];
  const staffId = input.staffId ?? null;
  if (staffId) {
    const s = await repo.findStaff(ctx.db, staffId);
    if (!s || s.orgUnit.id !== unit.id)
      throw invalid('INVALID_REGISTRATION', 'body.staffId', `Cán bộ ${staffId} không thuộc đơn vị '${input.orgUnit}'`, `Staff member ${staffId} is not of unit '${input.orgUnit}'`);
  }
  if ((info.subject === 'PERSON') !== (staffId !== null)) {
    throw invalid(
      'INVALID_REGISTRATION',
      'body.award',
      `"${info.nameVi}" dành cho ${info.subject === 'PERSON' ? 'cá nhân: cần staffId' : 'tập thể: bỏ staffId'}`,
      `${info.nameEn} is for ${info.subject === 'PERSON' ? 'individuals: staffId is required' : 'collectives: leave staffId out'}`,
    );
  }
  return ctx.db.transaction(async (tx) => {
    const rid = await repo.insertRegistration(tx, { campaignId: id, orgUnitId: unit.id, staffId, award: input.award, commitment: input.commitment ?? null, registeredOn: today });
    if (rid === null) throw invalid('DUPLICATE_REGISTRATION', 'body.award', 'Đã đăng ký danh hiệu này trong phong trào', 'Already registered for this title in the campaign');
    await recordAudit(tx, ctx.actor, { action: 'EMULATION_REGISTER', objectType: 'emulation_registration', objectId: rid, orgUnitId: unit.id, after: input });
    return { id: rid, status: 'PENDING' };
  });
}

export async function decideRegistration(ctx: ServiceContext, id: number, approve: boolean, note: string | undefined) {
  signedIn(ctx);
  const r = await repo.findRegistration(ctx.db, id);
  if (!r || !hasPermission(ctx.actor, 'emulation.read', r.orgUnit.path)) throw notFound('đăng ký thi đua', 'Registration', id);
  assertPermission(ctx.actor, 'emulation.register', r.orgUnit.path);
  if (r.status !== 'PENDING') throw conflict('REGISTRATION_DECIDED', 'Đăng ký đã được xét', 'The registration was already decided');
  const status = approve ? 'APPROVED' : 'REJECTED';
  await ctx.db.transaction(async (tx) => {
    await repo.decideRegistration(tx, id, status, whoOf(ctx.actor), note ?? null, ctx.clock());
    await recordAudit(tx, ctx.actor, {
      action: 'EMULATION_REGISTRATION_DECIDE',
      objectType: 'emulation_registration',
      objectId: id,
      orgUnitId: r.orgUnit.id,
      before: { status: r.status },
      after: { status, note },
    });
  });
  return { id, status };
}

// ---------- initiatives, history, honour book ----------
async function requireStaff(ctx: ServiceContext, id: number, field: string) {
  const s = await repo.findStaff(ctx.db, id);
  if (!s || !hasPermission(ctx.actor, 'emulation.read', s.orgUnit.path)) throw invalid('UNKNOWN_STAFF', field, `Không có cán bộ ${id}`, `Unknown staff member ${id}`);
  return s;
}

export async function createInitiative(ctx: ServiceContext, input: InitiativeInput) {
  signedIn(ctx);
  assertPermissionAnywhere(ctx.actor, 'emulation.manage');
  const s = await requireStaff(ctx, input.staffId, 'body.staffId');
  assertPermission(ctx.actor, 'emulation.manage', s.orgUnit.path);
  if (Number(input.decisionDate.slice(0, 4)) < input.year)
    throw invalid('INVALID_INITIATIVE', 'body.decisionDate', 'Quyết định công nhận trước năm của sáng kiến', 'The recognition decision predates the initiative year');
  return ctx.db.transaction(async (tx) => {
    const id = await repo.insertInitiative(tx, input);
    await recordAudit(tx, ctx.actor, { action: 'EMULATION_INITIATIVE_CREATE', objectType: 'emulation_initiative', objectId: id, orgUnitId: s.orgUnit.id, after: input });
    return { id };
  });
}

export async function listInitiatives(ctx: ServiceContext) {
  signedIn(ctx);
  assertPermissionAnywhere(ctx.actor, 'emulation.read');
  const rows = await repo.listInitiatives(ctx.db, permittedPaths(ctx.actor, 'emulation.read'));
  return { items: rows.map((r) => ({ ...r, orgUnit: stripUnit(r.orgUnit) })) };
}

/** Enters a past year from the archive: the person's rating (or the unit's result) and the titles with their decisions. */
export async function recordHistory(ctx: ServiceContext, input: HistoryInput) {
  signedIn(ctx);
  assertPermissionAnywhere(ctx.actor, 'emulation.manage');
  const hasStaff = input.staffId !== undefined && input.staffId !== null;
  const hasUnit = input.orgUnit !== undefined && input.orgUnit !== null;
  if (hasStaff === hasUnit)
    throw invalid('INVALID_HISTORY', 'body.staffId', 'Ghi cho một cán bộ (staffId) hoặc một đơn vị (orgUnit), không cả hai', 'Record for one staff member (staffId) or one unit (orgUnit), not both');
  const subject = hasStaff ? await requireStaff(ctx, input.staffId!, 'body.staffId') : null;
  const unit = hasUnit ? await requireOrgUnitRef(ctx.db, input.orgUnit!, 'body.orgUnit') : null;
  const path = subject ? subject.orgUnit.path : unit!.path;
  assertPermission(ctx.actor, 'emulation.manage', path);
  input.awards.forEach((a, i) => {
    const info = AWARDS[a.award];
    if ((info.subject === 'PERSON') !== hasStaff)
      throw invalid(
        'INVALID_HISTORY',
        `body.awards[${i}].award`,
        `"${info.nameVi}" không dành cho ${hasStaff ? 'cá nhân' : 'tập thể'}`,
        `${info.nameEn} is not for ${hasStaff ? 'individuals' : 'collectives'}`,
      );
    if (Number(a.decisionDate.slice(0, 4)) < input.year)
      throw invalid('INVALID_HISTORY', `body.awards[${i}].decisionDate`, 'Quyết định trước năm được khen', 'The decision predates the year commended');
  });
  return ctx.db.transaction(async (tx) => {
    if (input.rating && subject) await repo.upsertPersonYear(tx, subject.id, input.year, input.rating, input.disciplined);
    if (input.rating && unit) await repo.upsertUnitYear(tx, unit.id, input.year, input.rating);
    let added = 0;
    for (const a of input.awards) {
      if (
        await repo.insertAward(tx, {
          year: input.year,
          award: a.award,
          staffId: subject?.id ?? null,
          orgUnitId: unit?.id ?? null,
          decisionId: null,
          decisionNumber: a.decisionNumber,
          decisionDate: a.decisionDate,
          cashAmount: null,
        })
      )
        added++;
    }
    await recordAudit(tx, ctx.actor, {
      action: 'EMULATION_HISTORY_RECORD',
      objectType: subject ? 'staff_member' : 'org_unit',
      objectId: subject?.id ?? unit!.id,
      orgUnitId: subject?.orgUnit.id ?? unit!.id,
      after: input,
    });
    return { added };
  });
}

export async function honourBook(ctx: ServiceContext, q: HonourBookQuery) {
  signedIn(ctx);
  assertPermissionAnywhere(ctx.actor, 'emulation.read');
  const subtree = q.orgUnit ? (await requireOrgUnitRef(ctx.db, q.orgUnit, 'query.orgUnit')).path : undefined;
  const { total, rows } = await repo.honourBook(ctx.db, {
    paths: permittedPaths(ctx.actor, 'emulation.read'),
    subtree,
    qFolded: q.q ? foldVietnamese(q.q) : undefined,
    award: q.award,
    year: q.year,
    limit: q.limit,
  });
  return { total, items: rows.map((r) => ({ ...r, orgUnit: stripUnit(r.orgUnit), awardName: { vi: AWARDS[r.award]?.nameVi ?? r.award, en: AWARDS[r.award]?.nameEn ?? r.award } })) };
}

/** People of the units I may read, found by name: what the forms search to choose a person (or a council member). */
export async function searchPeople(ctx: ServiceContext, q: PeopleQuery) {
  signedIn(ctx);
  assertPermissionAnywhere(ctx.actor, 'emulation.read');
  const subtree = q.orgUnit ? (await requireOrgUnitRef(ctx.db, q.orgUnit, 'query.orgUnit')).path : undefined;
  const rows = await repo.searchPeople(ctx.db, { paths: permittedPaths(ctx.actor, 'emulation.read'), qFolded: foldVietnamese(q.q), subtree, withAccount: q.withAccount === 'true', limit: q.limit });
  return { items: rows.map((r) => ({ ...r, orgUnit: stripUnit(r.orgUnit) })) };
}

// ---------- eligibility ----------
function ruleSetFor(day: string, field: string) {
  const rs = ruleSetOn(day);
  if (!rs) throw invalid('NO_RULE_SET', field, `Không có bộ quy tắc có hiệu lực ngày ${formatDayVi(day)}`, `No rule set in force on ${day}`);
  return rs;
}

export async function eligibilityOf(ctx: ServiceContext, q: EligibilityQuery) {
  signedIn(ctx);
  assertPermissionAnywhere(ctx.actor, 'emulation.read');
  const on = q.on ?? vietnamDate(ctx.clock());
  const ruleSet = ruleSetFor(on, 'query.on');
  if ((q.staffId === undefined) === (q.orgUnit === undefined)) throw invalid('INVALID_QUERY', 'query.staffId', 'Cần staffId hoặc orgUnit (một trong hai)', 'Give staffId or orgUnit (one of them)');
  if (q.staffId !== undefined) {
    const s = await requireStaff(ctx, q.staffId, 'query.staffId');
    const records = await loadPersonRecords(ctx.db, q.year, [s.id]);
    const { eligibility } = evaluatePerson(ruleSet, q.year, records.get(s.id)!);
    return { on, ruleSet: { code: ruleSet.code, legalBasis: ruleSet.legalBasis }, staff: { id: s.id, fullName: s.fullName, orgUnit: stripUnit(s.orgUnit) }, eligibility };
  }
  const unit = await requireOrgUnitRef(ctx.db, q.orgUnit!, 'query.orgUnit');
  if (!hasPermission(ctx.actor, 'emulation.read', unit.path)) throw notFound('đơn vị', 'Org unit', q.orgUnit!);
  const { record, staff } = await loadUnitRecord(ctx.db, unit.id, q.year);
  const judged = evaluateUnit(ruleSet, q.year, record);
  return {
    on,
    ruleSet: { code: ruleSet.code, legalBasis: ruleSet.legalBasis },
    orgUnit: { id: unit.id, code: unit.code, nameVi: unit.nameVi },
    eligibility: judged.eligibility,
    members: q.members === 'true' ? judged.members.map((m) => ({ ...m, fullName: staff.find((s) => s.id === m.id)?.fullName ?? '' })) : undefined,
  };
}

async function judgeNominee(db: Db, ruleSetDay: string, year: number, award: AwardCode, staffId: number | null, orgUnitId: number | null): Promise<Eligibility> {
  const ruleSet = ruleSetFor(ruleSetDay, 'body.on');
  if (staffId !== null) {
    const records = await loadPersonRecords(db, year, [staffId]);
    return evaluatePerson(ruleSet, year, records.get(staffId)!).eligibility.find((e) => e.award === award)!;
  }
  const { record } = await loadUnitRecord(db, orgUnitId!, year);
  return evaluateUnit(ruleSet, year, record).eligibility.find((e) => e.award === award)!;
}

// ---------- nominations ----------
export async function nominate(ctx: ServiceContext, input: NominationInput) {
  signedIn(ctx);
  const proposing = await requireOrgUnitRef(ctx.db, input.proposingOrgUnit, 'body.proposingOrgUnit');
  assertPermission(ctx.actor, 'emulation.register', proposing.path);
  const info = AWARDS[input.award];
  const staffId = input.staffId ?? null;
  const unitRef = input.orgUnit ? await requireOrgUnitRef(ctx.db, input.orgUnit, 'body.orgUnit') : null;
  if ((staffId === null) === (unitRef === null))
    throw invalid('INVALID_NOMINATION', 'body.staffId', 'Đề nghị cho một cán bộ (staffId) hoặc một tập thể (orgUnit)', 'Nominate one staff member (staffId) or one collective (orgUnit)');
  if ((info.subject === 'PERSON') !== (staffId !== null))
    throw invalid(
      'INVALID_NOMINATION',
      'body.award',
      `"${info.nameVi}" dành cho ${info.subject === 'PERSON' ? 'cá nhân' : 'tập thể'}`,
      `${info.nameEn} is for ${info.subject === 'PERSON' ? 'individuals' : 'collectives'}`,
    );
  const subjectPath = staffId !== null ? (await requireStaff(ctx, staffId, 'body.staffId')).orgUnit.path : unitRef!.path;
  if (!subjectPath.startsWith(proposing.path))
    throw invalid('INVALID_NOMINATION', staffId !== null ? 'body.staffId' : 'body.orgUnit', 'Người/tập thể được đề nghị không thuộc đơn vị đề nghị', 'The nominee is not within the proposing unit');
  const on = input.on ?? vietnamDate(ctx.clock());
  const eligibility = await judgeNominee(ctx.db, on, input.year, input.award, staffId, unitRef?.id ?? null);
  if (!eligibility.eligible && !input.overrideReason) {
    const why = eligibility.conditions.filter((c) => !c.met);
    throw new AppError(
      'NOT_ELIGIBLE',
      422,
      `Chưa đủ tiêu chuẩn "${info.nameVi}" năm ${input.year}: ${why.map((c) => `${c.reasonVi} (${c.article})`).join('; ')}. Muốn vẫn đề nghị, ghi lý do (overrideReason)`,
      `Not eligible for ${info.nameEn} in ${input.year}: ${why.map((c) => `${c.reasonEn} (${c.article})`).join('; ')}. To nominate anyway, give a reason (overrideReason)`,
      why.map((c) => ({ path: 'body.overrideReason', messageVi: c.reasonVi, messageEn: c.reasonEn, article: c.article })),
    );
  }
  return ctx.db.transaction(async (tx) => {
    const id = await repo.insertNomination(tx, {
      year: input.year,
      award: input.award,
      staffId,
      orgUnitId: unitRef?.id ?? null,
      proposingOrgUnitId: proposing.id,
      campaignId: input.campaignId ?? null,
      eligible: eligibility.eligible,
      eligibility,
      overrideReason: eligibility.eligible ? null : input.overrideReason!,
      achievements: input.achievements ?? null,
      createdBy: whoOf(ctx.actor),
    });
    if (id === null) throw invalid('DUPLICATE_NOMINATION', 'body.award', 'Đã có đề nghị danh hiệu này cho năm này', 'A nomination for this award and year exists');
    await recordAudit(tx, ctx.actor, {
      action: 'EMULATION_NOMINATE',
      objectType: 'emulation_nomination',
      objectId: id,
      orgUnitId: proposing.id,
      after: { ...input, eligible: eligibility.eligible },
      reason: eligibility.eligible ? null : input.overrideReason,
    });
    return { id, eligible: eligibility.eligible, eligibility };
  });
}

export async function listNominations(ctx: ServiceContext, q: { year?: number; status?: string }) {
  signedIn(ctx);
  assertPermissionAnywhere(ctx.actor, 'emulation.read');
  const rows = await repo.listNominations(ctx.db, { paths: permittedPaths(ctx.actor, 'emulation.read'), year: q.year, status: q.status });
  return {
    items: rows.map((n) => ({
      ...n,
      orgUnit: n.orgUnit ? stripUnit(n.orgUnit) : null,
      proposingOrgUnit: stripUnit(n.proposingOrgUnit),
      awardName: { vi: AWARDS[n.award].nameVi, en: AWARDS[n.award].nameEn },
    })),
  };
}

// ---------- public comment before high awards ----------
async function nominationForComments(ctx: ServiceContext, id: number, write: boolean) {
  signedIn(ctx);
  const n = await repo.findNomination(ctx.db, id);
  if (!n || !hasPermission(ctx.actor, 'emulation.read', n.proposingOrgUnit.path)) throw notFound('đề nghị khen thưởng', 'Nomination', id);
  if (write) assertPermission(ctx.actor, 'emulation.register', n.proposingOrgUnit.path);
  return n;
}

/** The nomination's comment period and the comments received, with whether it may now go to the council. */
export async function getComments(ctx: ServiceContext, id: number) {
  const n = await nominationForComments(ctx, id, false);
  const today = vietnamDate(ctx.clock());
  const rule = publicCommentRuleOn(today);
  const window = n.commentOpensOn && n.commentClosesOn ? { opensOn: n.commentOpensOn, closesOn: n.commentClosesOn } : null;
  return {
    nominationId: id,
    required: rule ? rule.awards.includes(n.award) : false,
    rule: rule ? { code: rule.code, article: rule.article, minWorkingDays: rule.minWorkingDays, confirmed: rule.confirmed } : null,
    window,
    notice: n.commentNotice,
    readyForCouncil: checkBeforeCouncil(rule, n.award, window, today),
    comments: await repo.listComments(ctx.db, id),
  };
}

/** Sets the period the nominee is publicised for comment (only for titles that need it, before the council). */
export async function setCommentWindow(ctx: ServiceContext, id: number, input: CommentWindowInput) {
  const n = await nominationForComments(ctx, id, true);
  if (n.status !== 'PROPOSED') throw conflict('NOMINATION_IN_SESSION', 'Đề nghị đã được đưa ra Hội đồng', 'The nomination has already gone to the council');
  const rule = publicCommentRuleOn(input.opensOn);
  if (!rule || !rule.awards.includes(n.award))
    throw invalid('NO_COMMENT_PERIOD', 'body.opensOn', `"${AWARDS[n.award].nameVi}" không thuộc diện công khai lấy ý kiến`, `${AWARDS[n.award].nameEn} needs no public comment period`);
  const length = checkWindowLength(rule, input);
  if (!length.ok)
    throw invalid('INVALID_COMMENT_PERIOD', 'body.closesOn', `${length.reasonVi}${length.article ? ` (${length.article})` : ''}`, `${length.reasonEn}${length.article ? ` (${length.article})` : ''}`);
  await ctx.db.transaction(async (tx) => {
    await repo.setCommentWindow(tx, id, input.opensOn, input.closesOn, input.notice ?? null);
    await recordAudit(tx, ctx.actor, {
      action: 'EMULATION_COMMENT_PERIOD',
      objectType: 'emulation_nomination',
      objectId: id,
      orgUnitId: n.proposingOrgUnit.id,
      before: { opensOn: n.commentOpensOn, closesOn: n.commentClosesOn },
      after: input,
    });
  });
  return getComments(ctx, id);
}

/** Records a comment received during the period (by letter, on the portal, at the unit). */
export async function addComment(ctx: ServiceContext, id: number, input: CommentInput) {
  const n = await nominationForComments(ctx, id, true);
  if (!n.commentOpensOn || !n.commentClosesOn) throw invalid('NO_COMMENT_PERIOD', 'body.receivedOn', 'Đề nghị chưa được công khai lấy ý kiến', 'The nomination has no public comment period');
  if (input.receivedOn < n.commentOpensOn || input.receivedOn > n.commentClosesOn) {
    throw invalid(
      'OUTSIDE_COMMENT_PERIOD',
      'body.receivedOn',
      `Ngày nhận ngoài thời gian lấy ý kiến (${formatDayVi(n.commentOpensOn)} – ${formatDayVi(n.commentClosesOn)})`,
      `Received outside the comment period (${n.commentOpensOn} – ${n.commentClosesOn})`,
    );
  }
  if (input.receivedOn > vietnamDate(ctx.clock())) throw invalid('INVALID_COMMENT', 'body.receivedOn', 'Ngày nhận ở tương lai', 'The day received is in the future');
  return ctx.db.transaction(async (tx) => {
    const cid = await repo.insertComment(tx, { nominationId: id, commenter: input.commenter, content: input.content, receivedOn: input.receivedOn, recordedBy: whoOf(ctx.actor) });
    await recordAudit(tx, ctx.actor, {
      action: 'EMULATION_COMMENT_RECORD',
      objectType: 'emulation_nomination_comment',
      objectId: cid,
      orgUnitId: n.proposingOrgUnit.id,
      after: { nominationId: id, ...input },
    });
    return { id: cid };
  });
}

/** The check council sessions run for each nomination put to them (the day of the meeting is the session's opening day). */
export function commentCheckFor(n: repo.NominationRow, councilDay: string) {
  const window = n.commentOpensOn && n.commentClosesOn ? { opensOn: n.commentOpensOn, closesOn: n.commentClosesOn } : null;
  return checkBeforeCouncil(publicCommentRuleOn(councilDay), n.award, window, councilDay);
}

// ---------- decisions ----------
/** The decision on a closed session: every nomination it passed enters the honour book, with its cash award. */
export async function createDecision(ctx: ServiceContext, input: DecisionInput) {
  signedIn(ctx);
  const session = await repo.findSession(ctx.db, input.sessionId);
  if (!session || !hasPermission(ctx.actor, 'emulation.read', session.orgUnit.path))
    throw invalid('UNKNOWN_SESSION', 'body.sessionId', `Không có phiên họp ${input.sessionId}`, `Unknown session ${input.sessionId}`);
  assertPermission(ctx.actor, 'emulation.manage', session.orgUnit.path);
  if (session.status !== 'CLOSED') throw invalid('SESSION_OPEN', 'body.sessionId', 'Phiên bỏ phiếu chưa kết thúc', 'The voting session has not closed');
  const passed = (await repo.listNominations(ctx.db, { paths: 'ALL', sessionId: session.id })).filter((n) => n.status === 'PASSED');
  if (!passed.length) throw invalid('NOTHING_PASSED', 'body.sessionId', 'Phiên họp không có đề nghị nào đạt', 'No nomination passed in the session');
  return ctx.db.transaction(async (tx) => {
    const id = await repo.insertDecision(tx, { number: input.number, decisionDate: input.decisionDate, signer: input.signer, orgUnitId: session.orgUnit.id, title: input.title });
    if (id === null) throw invalid('DUPLICATE_DECISION', 'body.number', `Đã có quyết định số ${input.number}`, `Decision ${input.number} exists`);
    for (const n of passed) {
      const cash = cashAward(n.award, input.decisionDate);
      await repo.insertAward(tx, {
        year: n.year,
        award: n.award,
        staffId: n.staff?.id ?? null,
        orgUnitId: n.orgUnit?.id ?? null,
        decisionId: id,
        decisionNumber: input.number,
        decisionDate: input.decisionDate,
        cashAmount: cash?.amount ?? null,
      });
      await repo.setNominationStatus(tx, n.id, 'DECIDED');
    }
    await recordAudit(tx, ctx.actor, {
      action: 'EMULATION_DECISION_CREATE',
      objectType: 'emulation_decision',
      objectId: id,
      orgUnitId: session.orgUnit.id,
      after: { ...input, nominations: passed.map((n) => n.id) },
    });
    return getDecision(ctx, id, tx);
  });
}

export async function getDecision(ctx: ServiceContext, id: number, db: Db = ctx.db) {
  signedIn(ctx);
  const d = await repo.findDecision(db, id);
  if (!d || !hasPermission(ctx.actor, 'emulation.read', d.orgUnit.path)) throw notFound('quyết định', 'Decision', id);
  const awards = await repo.decisionAwards(db, id);
  return {
    ...d,
    orgUnit: stripUnit(d.orgUnit),
    awards: awards.map((a) => ({ ...a, orgUnit: stripUnit(a.orgUnit), awardName: { vi: AWARDS[a.award].nameVi, en: AWARDS[a.award].nameEn } })),
    total: awards.reduce((s, a) => s + (a.cashAmount ?? 0), 0),
  };
}
