import type { Db } from '../../db/db.ts';
import type { ServiceContext } from '../../http/context.ts';
import type { Lang } from '../../http/errors.ts';
import { assertPermission, assertPermissionAnywhere } from '../../access.ts';
import { badRequest, conflict, notFound, type ErrorDetail } from '../../http/errors.ts';
import { checkExpression, listReferences, parseExpression, type Expr, type Reference } from '../../../core/expression.ts';
import { evaluateRule } from '../../../core/validation-rules.ts';
import { formatNumber } from '../../../core/vietnamese.ts';
import { formatPeriod, tryParsePeriod } from '../../../core/periods.ts';
import { recordAudit } from '../audit/service.ts';
import { requireOrgUnitRef } from '../org-units/lookup.ts';
import { selectPeriodIds } from '../periods/repo.ts';
import { findRegimeRow } from '../regimes/repo.ts';
import * as repo from './repo.ts';
import type { CreateRuleInput, RuleOperator, RunValidationInput, TestRuleInput, UpdateRuleInput } from './schema.ts';

const OPERATOR_SYMBOL: Record<RuleOperator, string> = {
  EQ: '=',
  NE: '≠',
  LT: '<',
  LE: '≤',
  GT: '>',
  GE: '≥',
  COMPULSORY_PAIR: '⇔',
  EXCLUSIVE_PAIR: '⊕',
};

function toApi(rule: repo.RuleRow) {
  const { id, code, nameVi, nameEn, description, leftExpression, operator, rightExpression, importance, regime, missingValueStrategy, isActive } = rule;
  return { id, code, nameVi, nameEn, description, leftExpression, operator, rightExpression, importance, regime, missingValueStrategy, isActive };
}

async function requireRule(db: Db, code: string): Promise<repo.RuleRow> {
  const rule = await repo.findRule(db, code);
  if (!rule) throw notFound('quy tắc kiểm tra', 'Validation rule', code);
  return rule;
}

async function resolveRegimeId(db: Db, code: string | null | undefined, field: string): Promise<number | null> {
  if (code === null || code === undefined) return null;
  const regime = await findRegimeRow(db, code);
  if (!regime) {
    throw badRequest('UNKNOWN_REGIME', `Không có chế độ báo cáo '${code}'`, `Unknown report regime '${code}'`, [
      { path: field, messageVi: `Không có chế độ báo cáo '${code}'`, messageEn: `Unknown report regime '${code}'` },
    ]);
  }
  return regime.id;
}

function referencesOf(text: string): Reference[] {
  try {
    return listReferences(parseExpression(text));
  } catch {
    // The syntax error itself is reported by checkExpression with its position.
    return [];
  }
}

/**
 * Checks both sides of a rule at save time: syntax with the position of the first problem,
 * unknown data elements and options, constant division by zero. Returns the referenced element ids.
 */
async function checkRuleExpressions(db: Db, left: string, right: string): Promise<number[]> {
  const codes = [...new Set([...referencesOf(left), ...referencesOf(right)].map((r) => r.code))];
  const elements = new Map((await repo.findElementsByCodes(db, codes)).map((e) => [e.code, e]));
  const isKnown = (code: string, option?: string) => {
    const el = elements.get(code);
    if (!el) return false;
    return option === undefined || el.options.includes(option);
  };
  const details: ErrorDetail[] = [];
  for (const [field, text] of [
    ['body.leftExpression', left],
    ['body.rightExpression', right],
  ] as const) {
    for (const problem of checkExpression(text, isKnown)) {
      details.push({ path: field, position: problem.position, problemCode: problem.code, messageVi: problem.messageVi, messageEn: problem.messageEn });
    }
  }
  if (details.length > 0) {
    const first = details[0];
    const side = (d: ErrorDetail, lang: Lang) => (d.path.endsWith('leftExpression') ? (lang === 'vi' ? 'vế trái' : 'left side') : lang === 'vi' ? 'vế phải' : 'right side');
    throw badRequest('INVALID_EXPRESSION', `Biểu thức ${side(first, 'vi')} không hợp lệ: ${first.messageVi}`, `Invalid ${side(first, 'en')} expression: ${first.messageEn}`, details);
  }
  return [...elements.values()].map((e) => e.id);
}

export async function listRules(ctx: ServiceContext, q: { regime?: string }) {
  assertPermissionAnywhere(ctx.actor, 'metadata.read');
  const regimeId = await resolveRegimeId(ctx.db, q.regime, 'query.regime');
  return (await repo.listRules(ctx.db, regimeId)).map(toApi);
}

export async function getRule(ctx: ServiceContext, code: string) {
  assertPermissionAnywhere(ctx.actor, 'metadata.read');
  return toApi(await requireRule(ctx.db, code));
}

export async function createRule(ctx: ServiceContext, input: CreateRuleInput) {
  // Rules are shared metadata: only a system-wide metadata administrator writes them.
  assertPermission(ctx.actor, 'metadata.write');
  const regimeId = await resolveRegimeId(ctx.db, input.regime, 'body.regime');
  const elementIds = await checkRuleExpressions(ctx.db, input.leftExpression, input.rightExpression);
  return ctx.db.transaction(async (tx) => {
    if (await repo.findRule(tx, input.code)) {
      throw conflict('RULE_CODE_TAKEN', `Mã quy tắc '${input.code}' đã có`, `Rule code '${input.code}' is taken`);
    }
    const id = await repo.insertRule(tx, {
      code: input.code,
      nameVi: input.nameVi,
      nameEn: input.nameEn ?? null,
      description: input.description ?? null,
      leftExpression: input.leftExpression,
      operator: input.operator,
      rightExpression: input.rightExpression,
      importance: input.importance,
      regimeId,
      missingValueStrategy: input.missingValueStrategy,
      isActive: input.isActive,
    });
    await repo.replaceRuleElements(tx, id, elementIds);
    const after = toApi(await requireRule(tx, input.code));
    await recordAudit(tx, ctx.actor, { action: 'validation_rule.create', objectType: 'validation_rule', objectId: id, after });
    return after;
  });
}

export async function updateRule(ctx: ServiceContext, code: string, input: UpdateRuleInput) {
  assertPermission(ctx.actor, 'metadata.write');
  const before = await requireRule(ctx.db, code);
  const regimeId = input.regime === undefined ? before.regimeId : await resolveRegimeId(ctx.db, input.regime, 'body.regime');
  const left = input.leftExpression ?? before.leftExpression;
  const right = input.rightExpression ?? before.rightExpression;
  const elementIds = await checkRuleExpressions(ctx.db, left, right);
  return ctx.db.transaction(async (tx) => {
    await repo.updateRule(tx, before.id, {
      code: before.code,
      nameVi: input.nameVi ?? before.nameVi,
      nameEn: input.nameEn === undefined ? before.nameEn : input.nameEn,
      description: input.description === undefined ? before.description : input.description,
      leftExpression: left,
      operator: input.operator ?? before.operator,
      rightExpression: right,
      importance: input.importance ?? before.importance,
      regimeId,
      missingValueStrategy: input.missingValueStrategy ?? before.missingValueStrategy,
      isActive: input.isActive ?? before.isActive,
    });
    await repo.replaceRuleElements(tx, before.id, elementIds);
    const after = toApi(await requireRule(tx, code));
    await recordAudit(tx, ctx.actor, { action: 'validation_rule.update', objectType: 'validation_rule', objectId: before.id, before: toApi(before), after });
    return after;
  });
}

/** Removes a rule and its stored results; the audit trail keeps what it was. */
export async function deleteRule(ctx: ServiceContext, code: string): Promise<void> {
  assertPermission(ctx.actor, 'metadata.write');
  await ctx.db.transaction(async (tx) => {
    const before = await requireRule(tx, code);
    await repo.deleteRule(tx, before.id);
    await recordAudit(tx, ctx.actor, { action: 'validation_rule.delete', objectType: 'validation_rule', objectId: before.id, before: toApi(before) });
  });
}

// ---------------------------------------------------------------------------------------------
// Evaluation

interface CompiledRule {
  rule: repo.RuleRow;
  left: Expr;
  right: Expr;
}

export interface RuleOutcome {
  rule: repo.RuleRow;
  orgUnitId: number;
  periodId: number;
  status: 'PASS' | 'FAIL' | 'SKIPPED';
  leftValue: number | null;
  rightValue: number | null;
}

function compileRules(rules: repo.RuleRow[]): CompiledRule[] {
  const out: CompiledRule[] = [];
  for (const rule of rules) {
    // Expressions were checked at save time; a data element renamed since then makes a rule
    // unparseable only in theory, and such a rule is left out rather than failing the whole run.
    try {
      out.push({ rule, left: parseExpression(rule.leftExpression), right: parseExpression(rule.rightExpression) });
    } catch {
      continue;
    }
  }
  return out;
}

/** Values of one unit × period keyed 'CODE' (total over options) and 'CODE.OPTION'. */
function groupValues(values: repo.ValueRow[]): Map<string, Map<string, number>> {
  const groups = new Map<string, Map<string, number>>();
  for (const v of values) {
    const key = `${v.orgUnitId}:${v.periodId}`;
    let g = groups.get(key);
    if (!g) groups.set(key, (g = new Map()));
    g.set(v.code, (g.get(v.code) ?? 0) + v.value);
    if (v.option !== null) g.set(`${v.code}.${v.option}`, v.value);
  }
  return groups;
}

/**
 * Evaluates rules for the units and periods that hold values of the referenced data elements
 * (one query for all of them); units with no value at all are a matter of completeness, not of rules.
 */
async function evaluateRules(db: Db, rules: repo.RuleRow[], scope: { periodIds: number[]; subtreePath?: string; orgUnitId?: number }): Promise<{ outcomes: RuleOutcome[]; unitPeriodKeys: string[] }> {
  const compiled = compileRules(rules);
  const codes = new Set<string>();
  for (const c of compiled) for (const r of [...listReferences(c.left), ...listReferences(c.right)]) codes.add(r.code);
  const elements = await repo.findElementsByCodes(db, [...codes]);
  const values = await repo.loadValues(db, { elementIds: elements.map((e) => e.id), ...scope });
  const groups = groupValues(values);
  const outcomes: RuleOutcome[] = [];
  for (const [key, g] of groups) {
    const [orgUnitId, periodId] = key.split(':').map(Number);
    const resolve = (ref: Reference) => g.get(ref.option === undefined ? ref.code : `${ref.code}.${ref.option}`) ?? null;
    for (const c of compiled) {
      const result = evaluateRule({ left: c.left, operator: c.rule.operator, right: c.right, missingValueStrategy: c.rule.missingValueStrategy }, resolve);
      outcomes.push({ rule: c.rule, orgUnitId, periodId, status: result.status, leftValue: result.leftValue, rightValue: result.rightValue });
    }
  }
  return { outcomes, unitPeriodKeys: [...groups.keys()] };
}

function violationMessage(o: RuleOutcome, lang: Lang): string {
  const r = o.rule;
  const name = lang === 'en' && r.nameEn ? r.nameEn : r.nameVi;
  const show = (v: number | null) => (v === null ? (lang === 'vi' ? 'trống' : 'empty') : formatNumber(v, lang));
  const sides = `${r.leftExpression} = ${show(o.leftValue)} ${OPERATOR_SYMBOL[r.operator]} ${r.rightExpression} = ${show(o.rightValue)}`;
  if (r.operator === 'COMPULSORY_PAIR') {
    return lang === 'vi' ? `${name}: hai vế phải cùng có hoặc cùng không có số liệu (${sides})` : `${name}: both sides must be filled or both empty (${sides})`;
  }
  if (r.operator === 'EXCLUSIVE_PAIR') {
    return lang === 'vi' ? `${name}: hai vế không được cùng có số liệu (${sides})` : `${name}: the two sides must not both be filled (${sides})`;
  }
  return lang === 'vi' ? `${name}: không thỏa ${sides}` : `${name}: ${sides} does not hold`;
}

async function describeViolations(db: Db, outcomes: RuleOutcome[], periodIso: Map<number, string>, lang: Lang) {
  const failed = outcomes.filter((o) => o.status === 'FAIL');
  const units = new Map((await repo.findUnits(db, [...new Set(failed.map((o) => o.orgUnitId))])).map((u) => [u.id, u]));
  return failed
    .map((o) => {
      const unit = units.get(o.orgUnitId);
      return {
        rule: { code: o.rule.code, name: lang === 'en' && o.rule.nameEn ? o.rule.nameEn : o.rule.nameVi, importance: o.rule.importance, operator: o.rule.operator },
        orgUnit: { code: unit?.code ?? String(o.orgUnitId), name: unit?.nameVi ?? '' },
        period: periodIso.get(o.periodId) ?? String(o.periodId),
        leftValue: o.leftValue,
        rightValue: o.rightValue,
        leftExpression: o.rule.leftExpression,
        rightExpression: o.rule.rightExpression,
        message: violationMessage(o, lang),
      };
    })
    .sort(
      (a, b) =>
        (a.rule.importance === b.rule.importance ? 0 : a.rule.importance === 'ERROR' ? -1 : 1) ||
        a.orgUnit.code.localeCompare(b.orgUnit.code) ||
        a.period.localeCompare(b.period) ||
        a.rule.code.localeCompare(b.rule.code),
    );
}

/** Runs the rules over a subtree and periods, stores the latest outcomes and lists the violations. */
export async function runValidation(ctx: ServiceContext, input: RunValidationInput) {
  const unit = await requireOrgUnitRef(ctx.db, input.orgUnit, 'body.orgUnit');
  assertPermission(ctx.actor, 'data.read', unit.path);
  const regimeId = await resolveRegimeId(ctx.db, input.regime, 'body.regime');
  const isos = [...new Set(input.periods)];
  const periods = await selectPeriodIds(ctx.db, isos);
  // A period nobody has reported for yet has no row: it simply has nothing to check.
  const periodIso = new Map(periods.map((p) => [p.id, p.iso]));
  const rules = await repo.listActiveRules(ctx.db, regimeId);
  const scope = { periodIds: periods.map((p) => p.id), subtreePath: unit.path };
  const { outcomes } = await evaluateRules(ctx.db, rules, scope);
  await ctx.db.transaction(async (tx) => {
    await repo.replaceResults(tx, { ruleIds: rules.map((r) => r.id), ...scope }, outcomes.map(toResultRow));
  });
  const violations = await describeViolations(ctx.db, outcomes, periodIso, ctx.lang);
  return {
    checked: outcomes.filter((o) => o.status !== 'SKIPPED').length,
    passed: outcomes.filter((o) => o.status === 'PASS').length,
    skipped: outcomes.filter((o) => o.status === 'SKIPPED').length,
    errors: violations.filter((v) => v.rule.importance === 'ERROR').length,
    warnings: violations.filter((v) => v.rule.importance === 'WARNING').length,
    violations,
  };
}

function toResultRow(o: RuleOutcome): repo.ResultRow {
  return { ruleId: o.rule.id, orgUnitId: o.orgUnitId, periodId: o.periodId, status: o.status, leftValue: o.leftValue, rightValue: o.rightValue };
}

export interface ReportCheckMessage {
  code: string;
  path: string;
  messageVi: string;
  messageEn: string;
}

/**
 * The rules' word on one report about to be submitted (stored as the latest results): an ERROR
 * violation blocks it; a WARNING violation blocks it too until it is explained, either by a comment
 * on one of the values the rule reads or by a comment given with the submission.
 */
export async function checkReport(
  db: Db,
  s: { regimeId: number; orgUnitId: number; periodId: number; comment?: string | null },
): Promise<{ errors: ReportCheckMessage[]; warnings: ReportCheckMessage[] }> {
  const rules = await repo.listActiveRules(db, s.regimeId);
  if (rules.length === 0) return { errors: [], warnings: [] };
  const scope = { periodIds: [s.periodId], orgUnitId: s.orgUnitId };
  const { outcomes } = await evaluateRules(db, rules, scope);
  await repo.replaceResults(db, { ruleIds: rules.map((r) => r.id), ...scope }, outcomes.map(toResultRow));
  const failed = outcomes.filter((o) => o.status === 'FAIL');
  const hasSubmitComment = typeof s.comment === 'string' && s.comment.trim().length > 0;
  const commented = hasSubmitComment
    ? new Set<number>()
    : new Set(
        await repo.findCommentedRules(
          db,
          failed.map((o) => o.rule.id),
          s.orgUnitId,
          s.periodId,
        ),
      );
  const errors: ReportCheckMessage[] = [];
  const warnings: ReportCheckMessage[] = [];
  for (const o of failed) {
    const message = { path: `rules.${o.rule.code}`, messageVi: violationMessage(o, 'vi'), messageEn: violationMessage(o, 'en') };
    if (o.rule.importance === 'ERROR') errors.push({ code: 'VALIDATION_RULE_FAILED', ...message });
    else if (hasSubmitComment || commented.has(o.rule.id)) warnings.push({ code: 'VALIDATION_WARNING', ...message });
    else {
      errors.push({
        code: 'VALIDATION_WARNING_NEEDS_COMMENT',
        path: message.path,
        messageVi: `${message.messageVi}. Cảnh báo này cần ghi chú giải thích trước khi gửi`,
        messageEn: `${message.messageEn}. This warning needs an explaining comment before submitting`,
      });
    }
  }
  return { errors, warnings };
}

/**
 * Tries a rule being written on one unit and period, before it is saved: the expressions are checked as at save
 * time (each problem names its side and position), the unit's own values for the period are read, and the
 * outcome is given with both sides' values. Nothing is stored: no result, no audit entry.
 */
export async function testRule(ctx: ServiceContext, input: TestRuleInput) {
  // Writing rules is for a system-wide metadata administrator; the values read are the unit's, so reading them is checked too.
  assertPermission(ctx.actor, 'metadata.write');
  const unit = await requireOrgUnitRef(ctx.db, input.orgUnit, 'body.orgUnit');
  assertPermission(ctx.actor, 'data.read', unit.path);
  if (!tryParsePeriod(input.period)) {
    throw badRequest('INVALID_PERIOD', `Kỳ '${input.period}' không hợp lệ`, `Invalid period '${input.period}'`, [
      { path: 'body.period', messageVi: `Kỳ '${input.period}' không hợp lệ`, messageEn: `Invalid period '${input.period}'` },
    ]);
  }
  await checkRuleExpressions(ctx.db, input.leftExpression, input.rightExpression);
  const rule: repo.RuleRow = {
    id: 0,
    code: '(thử)',
    nameVi: 'Quy tắc đang soạn',
    nameEn: 'Rule being written',
    description: null,
    leftExpression: input.leftExpression,
    operator: input.operator,
    rightExpression: input.rightExpression,
    importance: 'ERROR',
    regimeId: null,
    regime: null,
    missingValueStrategy: input.missingValueStrategy,
    isActive: true,
  };
  const left = parseExpression(input.leftExpression);
  const right = parseExpression(input.rightExpression);
  const refs = [...listReferences(left), ...listReferences(right)];
  const elements = await repo.findElementsByCodes(ctx.db, [...new Set(refs.map((r) => r.code))]);
  const periods = await selectPeriodIds(ctx.db, [input.period]);
  const values = periods.length === 0 ? [] : await repo.loadValues(ctx.db, { elementIds: elements.map((e) => e.id), periodIds: periods.map((p) => p.id), orgUnitId: unit.id });
  const group = groupValues(values).values().next().value ?? new Map<string, number>();
  const keyOf = (ref: Reference) => (ref.option === undefined ? ref.code : `${ref.code}.${ref.option}`);
  const result = evaluateRule({ left, operator: input.operator, right, missingValueStrategy: input.missingValueStrategy }, (ref) => group.get(keyOf(ref)) ?? null);
  const outcome: RuleOutcome = { rule, orgUnitId: unit.id, periodId: periods[0]?.id ?? 0, status: result.status, leftValue: result.leftValue, rightValue: result.rightValue };
  const lang = ctx.lang;
  const message =
    result.status === 'FAIL'
      ? violationMessage(outcome, lang)
      : result.status === 'PASS'
        ? lang === 'vi'
          ? `Thỏa quy tắc: ${input.leftExpression} = ${formatNumber(result.leftValue, lang)} ${OPERATOR_SYMBOL[input.operator]} ${input.rightExpression} = ${formatNumber(result.rightValue, lang)}`
          : `The rule holds: ${input.leftExpression} = ${formatNumber(result.leftValue, lang)} ${OPERATOR_SYMBOL[input.operator]} ${input.rightExpression} = ${formatNumber(result.rightValue, lang)}`
        : lang === 'vi'
          ? 'Bỏ qua: thiếu số liệu theo cách xử lý giá trị thiếu đã chọn'
          : 'Skipped: values are missing, under the chosen missing-value strategy';
  return {
    status: result.status,
    leftValue: result.leftValue,
    rightValue: result.rightValue,
    message,
    orgUnit: { code: unit.code, name: unit.nameVi },
    period: input.period,
    periodName: formatPeriod(input.period, lang),
    values: Object.fromEntries(refs.map((r) => [keyOf(r), group.get(keyOf(r)) ?? null])),
  };
}
