import type { Db } from '../../db/db.ts';
import type { ServiceContext } from '../../http/context.ts';
import { assertPermission, assertPermissionAnywhere, hasPermission, permittedPaths } from '../../access.ts';
import { AppError, badRequest, conflict, forbidden, notFound } from '../../http/errors.ts';
import { formatPeriod, listOpenPeriods, parsePeriod, vietnamDate } from '../../../core/periods.ts';
import { recordAudit } from '../audit/service.ts';
import { findDataElement, findDisaggregation, listOptions } from '../metadata/repo.ts';
import { requireOrgUnitRef, type OrgUnitRef } from '../org-units/lookup.ts';
import { describePeriod, ensurePeriodIds } from '../periods/service.ts';
import { ensureDraft, findStatus, listSubmissions, type ReportStatusRow } from '../report-status/repo.ts';
import { selectCommentAuthors, selectFormValues } from '../data-values/repo.ts';
import { MAX_COMMENT, runImport, type DataValueInput } from '../data-values/write.ts';
import { formatNumber } from '../../../core/vietnamese.ts';
import * as repo from './repo.ts';
import { isPastLock, writeBlockOf, type BlockReason } from './rules.ts';
import type { AssignmentInput, CreateRegimeInput, UpdateRegimeInput } from './schema.ts';

export async function requireRegime(db: Db, code: string): Promise<repo.RegimeRow> {
  const r = await repo.findRegimeRow(db, code);
  if (!r) throw notFound('chế độ báo cáo', 'Report regime', code);
  return r;
}

/** A period id of the regime's period type, or a 400 naming the field. */
export function requireRegimePeriod(regime: repo.RegimeRow, iso: string, field = 'period') {
  const p = parsePeriod(iso);
  if (p.type !== regime.periodType) {
    throw badRequest('PERIOD_TYPE_MISMATCH', `Kỳ ${iso} không phải kỳ ${regime.periodType} của chế độ ${regime.code}`, `Period ${iso} is not a ${regime.periodType} period of regime ${regime.code}`, [
      { path: field, messageVi: 'Sai loại kỳ của chế độ báo cáo', messageEn: "Not the regime's period type" },
    ]);
  }
  return p;
}

async function regimeViews(db: Db, rows: readonly repo.RegimeRow[]) {
  const forms = await repo.listFormsOf(
    db,
    rows.map((r) => r.id),
  );
  return rows.map((r) =>
    regimeView(r, {
      sections: forms.sections.filter((x) => x.regimeId === r.id),
      elements: forms.elements.filter((x) => x.regimeId === r.id),
      assignments: forms.assignments.filter((x) => x.regimeId === r.id),
    }),
  );
}

function regimeView(r: repo.RegimeRow, form: { sections: repo.SectionRow[]; elements: repo.RegimeElementRow[]; assignments: repo.AssignmentRow[] }) {
  const { sections, elements, assignments } = form;
  const { receivingOrgUnitId, receivingOrgUnitCode, receivingOrgUnitName, attributeDisaggregationId: _attributeId, attributeDisaggregationCode, ...rest } = r;
  return {
    ...rest,
    attributeDisaggregation: attributeDisaggregationCode,
    receivingOrgUnit: receivingOrgUnitId === null ? null : { id: receivingOrgUnitId, code: receivingOrgUnitCode, nameVi: receivingOrgUnitName },
    sections: sections.map((s) => ({
      code: s.code,
      nameVi: s.nameVi,
      nameEn: s.nameEn,
      elements: elements.filter((e) => e.sectionId === s.id).map((e) => ({ code: e.code, nameVi: e.nameVi, nameEn: e.nameEn, valueType: e.valueType, unit: e.unit, isCompulsory: e.isCompulsory })),
    })),
    assignments: assignments.map((a) => ({ orgUnit: a.orgUnitCode, level: a.level, group: a.groupCode })),
  };
}

export async function listRegimes(ctx: ServiceContext) {
  assertPermissionAnywhere(ctx.actor, 'metadata.read');
  const db = ctx.db;
  const load = async () => regimeViews(db, await repo.listRegimeRows(db));
  // Regimes, their forms and units move figure_version: the list is read once per version by this process.
  return ctx.analyticsCache && ctx.figureVersion !== undefined ? ctx.analyticsCache.slot('regimes.all', ctx.figureVersion, load) : load();
}

export async function getRegime(ctx: ServiceContext, code: string) {
  assertPermissionAnywhere(ctx.actor, 'metadata.read');
  return (await regimeViews(ctx.db, [await requireRegime(ctx.db, code)]))[0];
}

async function resolveSections(db: Db, sections: CreateRegimeInput['sections']) {
  const seen = new Set<string>();
  const out = [];
  for (const [i, s] of sections.entries()) {
    const elements = [];
    for (const [j, e] of s.elements.entries()) {
      const de = await findDataElement(db, e.dataElement);
      const path = `body.sections[${i}].elements[${j}].dataElement`;
      if (!de)
        throw badRequest('UNKNOWN_DATA_ELEMENT', `Không có chỉ số '${e.dataElement}'`, `Unknown data element '${e.dataElement}'`, [
          { path, messageVi: 'Không có chỉ số này', messageEn: 'No such data element' },
        ]);
      if (seen.has(de.code))
        throw badRequest('DUPLICATE_ELEMENT', `Chỉ số '${de.code}' có hai lần trong biểu mẫu`, `Data element '${de.code}' appears twice in the form`, [
          { path, messageVi: 'Bị trùng', messageEn: 'Duplicate' },
        ]);
      seen.add(de.code);
      elements.push({ dataElementId: de.id, isCompulsory: e.isCompulsory });
    }
    out.push({ code: s.code, nameVi: s.nameVi, nameEn: s.nameEn ?? null, elements });
  }
  return out;
}

async function resolveAssignments(db: Db, list: AssignmentInput[]) {
  const out = [];
  for (const [i, a] of list.entries()) {
    if (a.orgUnit !== undefined) out.push({ orgUnitId: (await requireOrgUnitRef(db, a.orgUnit, `body.assignments[${i}].orgUnit`)).id, level: null, groupId: null });
    else if (a.level !== undefined) out.push({ orgUnitId: null, level: a.level, groupId: null });
    else {
      const groupId = await repo.findGroupId(db, a.group!);
      if (groupId === null)
        throw badRequest('UNKNOWN_GROUP', `Không có nhóm đơn vị '${a.group}'`, `Unknown org unit group '${a.group}'`, [
          { path: `body.assignments[${i}].group`, messageVi: 'Không có nhóm này', messageEn: 'No such group' },
        ]);
      out.push({ orgUnitId: null, level: null, groupId });
    }
  }
  return out;
}

/** The attribute disaggregation by code (undefined: unchanged, null: none); a change that would strand stored values is refused. */
async function resolveAttribute(db: Db, ref: string | null | undefined, regimeId: number | null): Promise<number | null | undefined> {
  if (ref === undefined) return undefined;
  let id: number | null = null;
  if (ref !== null) {
    const d = await findDisaggregation(db, ref);
    if (!d)
      throw badRequest('UNKNOWN_DISAGGREGATION', `Không có phân tổ '${ref}'`, `Unknown disaggregation '${ref}'`, [
        { path: 'body.attributeDisaggregation', messageVi: 'Không có phân tổ này', messageEn: 'No such disaggregation' },
      ]);
    id = d.id;
  }
  if (regimeId !== null) {
    const stranded = await repo.countValuesOutsideAttribute(db, regimeId, id);
    if (stranded > 0) {
      throw conflict(
        'REGIME_HAS_VALUES',
        `Đã có ${formatNumber(stranded, 'vi')} giá trị lưu theo lựa chọn thuộc tính khác của chế độ này; không đổi được phân tổ thuộc tính`,
        `${stranded} values are stored under other attribute options of this regime; its attribute disaggregation cannot change`,
      );
    }
  }
  return id;
}

async function resolveReceiving(db: Db, ref: string | null | undefined): Promise<number | null | undefined> {
  if (ref === undefined) return undefined;
  if (ref === null) return null;
  return (await requireOrgUnitRef(db, ref, 'body.receivingOrgUnit')).id;
}

export async function createRegime(ctx: ServiceContext, input: CreateRegimeInput) {
  assertPermission(ctx.actor, 'metadata.write');
  return ctx.db.transaction(async (db) => {
    if (await repo.findRegimeRow(db, input.code)) throw conflict('REGIME_EXISTS', `Chế độ báo cáo '${input.code}' đã có`, `Report regime '${input.code}' already exists`);
    const id = await repo.insertRegime(db, input.code, {
      nameVi: input.nameVi,
      nameEn: input.nameEn ?? null,
      content: input.content ?? null,
      legalBasis: input.legalBasis ?? null,
      receivingOrgUnitId: (await resolveReceiving(db, input.receivingOrgUnit)) ?? null,
      periodType: input.periodType,
      cutoffRule: input.cutoffRule,
      deadlineDays: input.deadlineDays,
      openFuturePeriods: input.openFuturePeriods,
      lockAfterDays: input.lockAfterDays,
      isActive: input.isActive,
      attributeDisaggregationId: (await resolveAttribute(db, input.attributeDisaggregation, null)) ?? null,
    });
    await repo.replaceForm(db, id, await resolveSections(db, input.sections));
    await repo.replaceAssignments(db, id, await resolveAssignments(db, input.assignments));
    const after = (await regimeViews(db, [(await repo.findRegimeRow(db, id))!]))[0];
    await recordAudit(db, ctx.actor, { action: 'regime.create', objectType: 'report_regime', objectId: id, after });
    return after;
  });
}

export async function updateRegime(ctx: ServiceContext, code: string, input: UpdateRegimeInput) {
  assertPermission(ctx.actor, 'metadata.write');
  return ctx.db.transaction(async (db) => {
    const row = await requireRegime(db, code);
    const before = (await regimeViews(db, [row]))[0];
    const receiving = await resolveReceiving(db, input.receivingOrgUnit);
    await repo.updateRegime(db, row.id, {
      nameVi: input.nameVi ?? row.nameVi,
      nameEn: input.nameEn !== undefined ? input.nameEn : row.nameEn,
      content: input.content !== undefined ? input.content : row.content,
      legalBasis: input.legalBasis !== undefined ? input.legalBasis : row.legalBasis,
      receivingOrgUnitId: receiving !== undefined ? receiving : row.receivingOrgUnitId,
      periodType: input.periodType ?? row.periodType,
      cutoffRule: input.cutoffRule ?? row.cutoffRule,
      deadlineDays: input.deadlineDays ?? row.deadlineDays,
      openFuturePeriods: input.openFuturePeriods ?? row.openFuturePeriods,
      lockAfterDays: input.lockAfterDays !== undefined ? input.lockAfterDays : row.lockAfterDays,
      isActive: input.isActive ?? row.isActive,
      attributeDisaggregationId: await (async () => {
        const changed = await resolveAttribute(db, input.attributeDisaggregation, row.id);
        return changed !== undefined ? changed : row.attributeDisaggregationId;
      })(),
    });
    if (input.sections) await repo.replaceForm(db, row.id, await resolveSections(db, input.sections));
    if (input.assignments) await repo.replaceAssignments(db, row.id, await resolveAssignments(db, input.assignments));
    const after = (await regimeViews(db, [(await repo.findRegimeRow(db, row.id))!]))[0];
    await recordAudit(db, ctx.actor, { action: 'regime.update', objectType: 'report_regime', objectId: row.id, before, after });
    return after;
  });
}

/**
 * The units that report under a regime for a period: assigned units, every unit of an assigned
 * level, members of an assigned group, keeping those open on the period's last day.
 * `pathPrefixes` (optional) keeps only the given subtrees.
 */
export async function resolveRegimeOrgUnits(db: Db, regimeId: number, periodIso: string, pathPrefixes: string[] | null = null): Promise<repo.ReportingUnitRow[]> {
  const p = parsePeriod(periodIso);
  return repo.selectReportingUnits(db, regimeId, p.endDate, pathPrefixes);
}

/** The active regimes under which the unit reports and whose form holds the data element. */
export async function regimesOfElementForOrgUnit(db: Db, dataElementId: number, orgUnitId: number): Promise<repo.RegimeRow[]> {
  const pairs = await repo.selectRegimesOfUnits(db, [orgUnitId]);
  const elements = await repo.listActiveRegimeElements(db);
  const ids = new Set(elements.filter((e) => e.dataElementId === dataElementId).map((e) => e.regimeId));
  const out: repo.RegimeRow[] = [];
  for (const { regimeId } of pairs) {
    if (!ids.has(regimeId)) continue;
    const r = await repo.findRegimeRow(db, regimeId);
    if (r) out.push(r);
  }
  return out;
}

export async function listRegimePeriods(ctx: ServiceContext, code: string, q: { past: number }) {
  assertPermissionAnywhere(ctx.actor, 'metadata.read');
  const r = await requireRegime(ctx.db, code);
  const today = vietnamDate(ctx.clock());
  const ids = listOpenPeriods(r.periodType, r.cutoffRule, today, { past: q.past, future: r.openFuturePeriods });
  const current = listOpenPeriods(r.periodType, r.cutoffRule, today).at(-1);
  return {
    regime: r.code,
    today,
    items: ids.map((iso) => ({
      ...describePeriod(iso, r),
      isCurrent: iso === current,
      isLocked: isPastLock(r, iso, today),
    })),
  };
}

export async function listRegimeOrgUnits(ctx: ServiceContext, code: string, q: { period?: string; parent?: string }) {
  assertPermissionAnywhere(ctx.actor, 'orgunit.read');
  const r = await requireRegime(ctx.db, code);
  const today = vietnamDate(ctx.clock());
  const iso = q.period ?? listOpenPeriods(r.periodType, r.cutoffRule, today).at(-1)!;
  requireRegimePeriod(r, iso, 'querystring.period');
  const allowed = permittedPaths(ctx.actor, 'orgunit.read');
  let prefixes: string[] | null = allowed === 'ALL' ? null : allowed;
  if (q.parent) {
    const parent = await requireOrgUnitRef(ctx.db, q.parent, 'querystring.parent');
    if (!hasPermission(ctx.actor, 'orgunit.read', parent.path)) throw forbidden();
    prefixes = [parent.path];
  }
  const units = await resolveRegimeOrgUnits(ctx.db, r.id, iso, prefixes);
  return { regime: r.code, period: iso, total: units.length, items: units.map(({ id, code: c, nameVi, level }) => ({ id, code: c, nameVi, level })) };
}

export function statusView(s: ReportStatusRow | null) {
  if (!s)
    return {
      status: 'NOT_STARTED' as const,
      submittedAt: null,
      submittedBy: null,
      isLate: null,
      approvedAt: null,
      approvedBy: null,
      returnedReason: null,
      reopenedReason: null,
      submitComment: null,
      withdrawnReason: null,
    };
  const { regimeId: _r, periodId: _p, orgUnitId: _o, updatedAt: _u, ...rest } = s;
  return rest;
}

/** Why the actor cannot change this form now, or null when they can. */
async function formBlock(
  ctx: ServiceContext,
  regime: repo.RegimeRow,
  unit: OrgUnitRef,
  iso: string,
  status: ReportStatusRow | null,
): Promise<BlockReason | { code: string; messageVi: string; messageEn: string } | null> {
  if (!hasPermission(ctx.actor, 'data.write', unit.path)) {
    return {
      code: 'ORG_UNIT_OUT_OF_SCOPE',
      messageVi: `Bạn không có quyền nhập số liệu cho đơn vị '${unit.nameVi}'`,
      messageEn: `You may not enter data for org unit '${unit.nameVi}' (${unit.code})`,
    };
  }
  const reporting = await resolveRegimeOrgUnits(ctx.db, regime.id, iso, [unit.path]);
  if (!reporting.some((u) => u.id === unit.id)) {
    return {
      code: 'NOT_A_REPORTING_UNIT',
      messageVi: `Đơn vị '${unit.nameVi}' không báo cáo theo chế độ '${regime.nameVi}' trong kỳ ${formatPeriod(iso, 'vi')} (chưa được giao hoặc không hoạt động)`,
      messageEn: `Org unit '${unit.nameVi}' (${unit.code}) does not report under '${regime.nameEn ?? regime.nameVi}' for ${formatPeriod(iso, 'en')} (not assigned or not open)`,
    };
  }
  return writeBlockOf(regime, iso, vietnamDate(ctx.clock()), status);
}

/** The form of a regime for one unit and period: sections, elements, options, values, status, editability. */
export async function getForm(ctx: ServiceContext, code: string, orgUnitRef: string, iso: string) {
  const regime = await requireRegime(ctx.db, code);
  const unit = await requireOrgUnitRef(ctx.db, orgUnitRef, 'querystring.orgUnit');
  assertPermission(ctx.actor, 'data.read', unit.path);
  requireRegimePeriod(regime, iso, 'querystring.period');
  const periodId = (await ensurePeriodIds(ctx.db, [iso])).get(iso)!;
  const sections = await repo.listSections(ctx.db, regime.id);
  const elements = await repo.listRegimeElements(ctx.db, regime.id);
  const options = await listOptions(ctx.db, [...new Set(elements.flatMap((e) => (e.disaggregationId ? [e.disaggregationId] : [])))]);
  const stored = await selectFormValues(
    ctx.db,
    unit.id,
    periodId,
    elements.map((e) => e.dataElementId),
  );
  const status = await findStatus(ctx.db, regime.id, periodId, unit.id);
  const block = await formBlock(ctx, regime, unit, iso, status);
  const values: Record<string, string | number | null> = {};
  const comments: Record<string, string> = {};
  const keyOf = (v: { dataElementId: number; optionId: number }) => {
    const e = elements.find((x) => x.dataElementId === v.dataElementId)!;
    const opt = v.optionId === 0 ? null : options.find((o) => o.id === v.optionId);
    return opt ? `${e.code}.${opt.code}` : e.code;
  };
  for (const v of stored) {
    const key = keyOf(v);
    values[key] = v.textValue ?? v.value;
    if (v.comment) comments[key] = v.comment;
  }
  // Who wrote each comment and when, for the approver's list (read from the value history).
  const commentAuthors: Record<string, { writtenBy: string | null; writtenAt: Date }> = {};
  if (Object.keys(comments).length > 0) {
    for (const a of await selectCommentAuthors(
      ctx.db,
      unit.id,
      periodId,
      elements.map((e) => e.dataElementId),
    )) {
      commentAuthors[keyOf(a)] = { writtenBy: a.writtenBy, writtenAt: a.writtenAt };
    }
  }
  const elementView = (e: repo.FormElementRow) => ({
    code: e.code,
    nameVi: e.nameVi,
    nameEn: e.nameEn,
    valueType: e.valueType,
    unit: e.unit,
    isCompulsory: e.isCompulsory,
    // The value rules, so the form can refuse a wrong value before it is sent (the server checks again).
    minValue: e.minValue,
    maxValue: e.maxValue,
    zeroIsSignificant: e.zeroIsSignificant,
    maxLength: e.maxLength,
    options: e.disaggregationId === null ? null : options.filter((o) => o.disaggregationId === e.disaggregationId).map((o) => ({ code: o.code, nameVi: o.nameVi, nameEn: o.nameEn })),
  });
  const unsectioned = elements.filter((e) => e.sectionId === null || !sections.some((s) => s.id === e.sectionId));
  // What the approver approves: the figures as submitted, and what changed since the previous submission
  // (or, once a report is back in draft, since the last one).
  const submissions = await listSubmissions(ctx.db, { regimeId: regime.id, periodId, orgUnitId: unit.id }, 2);
  const lastSubmission = submissions[0] ?? null;
  const isSent = status?.status === 'SUBMITTED' || status?.status === 'APPROVED';
  const review = lastSubmission
    ? {
        submittedAt: lastSubmission.submittedAt,
        submittedBy: lastSubmission.submittedBy,
        isLate: lastSubmission.isLate,
        comment: lastSubmission.comment,
        figures: lastSubmission.figures,
        /** Since the previous submission (when the report was sent more than once). */
        changesSincePrevious: submissions[1] ? diffFigures(submissions[1].figures, lastSubmission.figures) : null,
        /** Since the last submission, while the report is back in draft. */
        changesSinceSubmitted: isSent ? [] : diffFigures(lastSubmission.figures, values),
      }
    : null;
  return {
    regime: { code: regime.code, nameVi: regime.nameVi, nameEn: regime.nameEn, periodType: regime.periodType },
    orgUnit: { id: unit.id, code: unit.code, nameVi: unit.nameVi },
    period: describePeriod(iso, regime),
    status: statusView(status),
    editable: block === null,
    notEditableReason: block,
    sections: [
      ...sections.map((s) => ({ code: s.code, nameVi: s.nameVi, nameEn: s.nameEn, elements: elements.filter((e) => e.sectionId === s.id).map(elementView) })),
      ...(unsectioned.length ? [{ code: '_', nameVi: 'Chỉ số khác', nameEn: 'Other data elements', elements: unsectioned.map(elementView) }] : []),
    ],
    values,
    comments,
    commentAuthors,
    review,
  };
}

/** The fields whose figure differs between two sets of figures (a field missing on one side counts as empty). */
export function diffFigures(
  before: Record<string, number | string | null>,
  after: Record<string, number | string | null>,
): { field: string; before: number | string | null; after: number | string | null }[] {
  const fields = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
  const out: { field: string; before: number | string | null; after: number | string | null }[] = [];
  for (const field of fields) {
    const a = before[field] ?? null;
    const b = after[field] ?? null;
    if (a !== b) out.push({ field, before: a, after: b });
  }
  return out;
}

/** Saves a form draft: valid fields are written, each wrong field gets its own message. */
export async function saveForm(
  ctx: ServiceContext,
  code: string,
  orgUnitRef: string,
  iso: string,
  body: { values: Record<string, string | number | boolean | null>; comments?: Record<string, string | null> },
) {
  const regime = await requireRegime(ctx.db, code);
  const unit = await requireOrgUnitRef(ctx.db, orgUnitRef, 'querystring.orgUnit');
  assertPermission(ctx.actor, 'data.write', unit.path);
  requireRegimePeriod(regime, iso, 'querystring.period');
  const elements = await repo.listRegimeElements(ctx.db, regime.id);
  const codes = new Set(elements.map((e) => e.code));
  const errors: { field: string; code: string; messageVi: string; messageEn: string }[] = [];
  const inputs: DataValueInput[] = [];
  const fields: string[] = [];
  const comments = body.comments ?? {};
  const keys = new Set([...Object.keys(body.values), ...Object.keys(comments)]);
  // A field is named as people read it: the element's name, and the option's after it.
  const options = Object.keys(comments).length > 0 ? await listOptions(ctx.db, [...new Set(elements.flatMap((e) => (e.disaggregationId ? [e.disaggregationId] : [])))]) : [];
  const nameOf = (key: string) => {
    const dot = key.indexOf('.');
    const e = elements.find((x) => x.code === (dot < 0 ? key : key.slice(0, dot)))!;
    const o = dot < 0 ? undefined : options.find((x) => x.disaggregationId === e.disaggregationId && x.code === key.slice(dot + 1));
    return { vi: o ? `${e.nameVi} – ${o.nameVi}` : e.nameVi, en: o ? `${e.nameEn ?? e.nameVi} – ${o.nameEn ?? o.nameVi}` : (e.nameEn ?? e.nameVi) };
  };
  // A comment sent alone goes with the value the field holds (read once, when needed; only comment keys get here,
  // so the options are loaded).
  let stored: Map<string, string | number | null> | null = null;
  const storedValue = async (key: string) => {
    if (stored === null) {
      stored = new Map();
      const periodId = (await ensurePeriodIds(ctx.db, [iso])).get(iso)!;
      for (const v of await selectFormValues(
        ctx.db,
        unit.id,
        periodId,
        elements.map((e) => e.dataElementId),
      )) {
        const e = elements.find((x) => x.dataElementId === v.dataElementId)!;
        const o = v.optionId === 0 ? null : options.find((x) => x.id === v.optionId);
        stored.set(o ? `${e.code}.${o.code}` : e.code, v.textValue ?? v.value);
      }
    }
    return stored.get(key);
  };
  const blank = (v: unknown) => v === undefined || v === null || (typeof v === 'string' && v.trim() === '');
  for (const key of keys) {
    const dot = key.indexOf('.');
    const deCode = dot < 0 ? key : key.slice(0, dot);
    if (!codes.has(deCode)) {
      errors.push({ field: key, code: 'NOT_IN_FORM', messageVi: `Chỉ số '${deCode}' không có trong biểu mẫu ${regime.code}`, messageEn: `Data element '${deCode}' is not in form ${regime.code}` });
      continue;
    }
    // A comment: text replaces the stored one, '' or null removes it, absent keeps it.
    const comment = key in comments ? (comments[key] ?? '') : undefined;
    if (comment !== undefined && comment.length > MAX_COMMENT) {
      const name = nameOf(key);
      errors.push({
        field: key,
        code: 'COMMENT_TOO_LONG',
        messageVi: `Ghi chú của ô “${name.vi}” dài ${formatNumber(comment.length, 'vi')} ký tự; tối đa ${formatNumber(MAX_COMMENT, 'vi')} ký tự`,
        messageEn: `The comment on “${name.en}” is ${formatNumber(comment.length, 'en')} characters long; at most ${formatNumber(MAX_COMMENT, 'en')}`,
      });
      continue;
    }
    let value = key in body.values ? body.values[key] : undefined;
    if (value === undefined) value = await storedValue(key);
    if (blank(value)) {
      if (comment !== undefined && !blank(comment)) {
        const name = nameOf(key);
        errors.push({
          field: key,
          code: 'MISSING_VALUE',
          messageVi: `Ghi chú của ô “${name.vi}” cần có giá trị trong ô; hãy nhập giá trị trước`,
          messageEn: `The comment on “${name.en}” needs a value in the field; enter the value first`,
        });
        continue;
      }
      // Removing the comment of an empty field: nothing to write.
      if (!(key in body.values)) continue;
    }
    inputs.push({ dataElement: deCode, option: dot < 0 ? null : key.slice(dot + 1), orgUnit: unit.code, period: iso, value, comment: comment ?? null });
    fields.push(key);
  }
  const commented = fields.filter((f) => f in comments);
  const { summary } = await runImport(ctx, { source: 'FORM', atomic: false }, (writer) => writer.addBatch(inputs, 0), {
    // The audit entry names the form and the fields whose comment was written or removed.
    auditExtra: () => ({ regime: regime.code, orgUnit: unit.code, period: iso, ...(commented.length > 0 ? { commentFields: commented } : {}) }),
    beforeCommit: async (tx, s) => {
      if (s.imported + s.updated + s.deleted === 0) return;
      const periodId = (await ensurePeriodIds(tx, [iso])).get(iso)!;
      await ensureDraft(tx, { regimeId: regime.id, periodId, orgUnitId: unit.id }, ctx.clock());
    },
  });
  for (const c of summary.conflicts) errors.push({ field: fields[c.index], code: c.errorCode, messageVi: c.messageVi, messageEn: c.messageEn });
  if (errors.length > 0 && summary.imported + summary.updated + summary.deleted === 0 && inputs.length === 0 && keys.size > 0) {
    throw new AppError(
      'FORM_INVALID',
      422,
      'Không có trường nào hợp lệ',
      'No field is valid',
      errors.map((e) => ({ path: e.field, messageVi: e.messageVi, messageEn: e.messageEn })),
    );
  }
  const lang = ctx.lang;
  return {
    imported: summary.imported,
    updated: summary.updated,
    deleted: summary.deleted,
    ignored: summary.ignored,
    errors: errors.map((e) => ({ ...e, message: lang === 'vi' ? e.messageVi : e.messageEn })),
  };
}
