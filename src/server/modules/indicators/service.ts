import type { ServiceContext } from '../../http/context.ts';
import type { Db } from '../../db/db.ts';
import { assertPermission, assertPermissionAnywhere } from '../../access.ts';
import { AppError, badRequest, conflict, notFound, type ErrorDetail } from '../../http/errors.ts';
import { checkExpression, listReferences, parseExpression, type ExpressionProblem } from '../../../core/expression.ts';
import { recordAudit } from '../audit/service.ts';
import * as repo from './repo.ts';
import type { CreateIndicatorInput, UpdateIndicatorInput } from './schema.ts';

export type IndicatorView = repo.IndicatorRow;

function referencedCodes(formula: string): string[] {
  try {
    return [...new Set(listReferences(parseExpression(formula)).map((r) => r.code))];
  } catch {
    return []; // checkExpression reports the syntax error itself
  }
}

/** Everything wrong with a formula: syntax (with position), unknown elements or options, division by a literal zero. */
export async function findFormulaProblems(db: Db, formula: string): Promise<ExpressionProblem[]> {
  const index = await repo.loadElementOptionIndex(db, referencedCodes(formula));
  return checkExpression(formula, (code, option) => {
    const options = index.get(code);
    if (!options) return false;
    return option === undefined || options.has(option);
  });
}

export async function checkFormula(ctx: ServiceContext, formula: string) {
  assertPermissionAnywhere(ctx.actor, 'metadata.read');
  const problems = await findFormulaProblems(ctx.db, formula);
  return {
    valid: problems.length === 0,
    references: problems.length === 0 ? listReferences(parseExpression(formula)) : [],
    problems: problems.map((p) => ({
      code: p.code,
      position: p.position,
      message: ctx.lang === 'vi' ? p.messageVi : p.messageEn,
      messageVi: p.messageVi,
      messageEn: p.messageEn,
    })),
  };
}

async function assertFormulas(db: Db, formulas: { field: string; text: string }[]): Promise<void> {
  const details: ErrorDetail[] = [];
  for (const { field, text } of formulas) {
    for (const p of await findFormulaProblems(db, text)) {
      details.push({ path: `body.${field}`, position: p.position, reason: p.code, messageVi: p.messageVi, messageEn: p.messageEn });
    }
  }
  if (details.length > 0) {
    const first = details[0];
    throw badRequest('INVALID_FORMULA', `Công thức không hợp lệ (${first.path}): ${first.messageVi}`, `Invalid formula (${first.path}): ${first.messageEn}`, details);
  }
}

async function resolveSector(db: Db, code: string | null | undefined): Promise<number | null> {
  if (!code) return null;
  const id = await repo.findSectorId(db, code);
  if (id === null) {
    throw badRequest('UNKNOWN_SECTOR', `Không có lĩnh vực '${code}'`, `Unknown sector '${code}'`, [
      { path: 'body.sector', messageVi: `Không có lĩnh vực '${code}'`, messageEn: `Unknown sector '${code}'` },
    ]);
  }
  return id;
}

export async function requireIndicator(db: Db, ref: string | number): Promise<IndicatorView> {
  const found = await repo.findIndicator(db, ref);
  if (!found) throw notFound('chỉ tiêu', 'Indicator', ref);
  return found;
}

export async function listIndicators(ctx: ServiceContext, query: { sector?: string; isPublic?: 'true' | 'false'; q?: string }) {
  assertPermissionAnywhere(ctx.actor, 'metadata.read');
  // The whole list (what the overview asks for) is read once per figure_version by this process.
  if (ctx.analyticsCache && ctx.figureVersion !== undefined && !query.sector && query.isPublic === undefined && !query.q) {
    const db = ctx.db;
    return ctx.analyticsCache.slot('indicators.all', ctx.figureVersion, () => repo.listIndicators(db, {}));
  }
  return repo.listIndicators(ctx.db, {
    sectorCode: query.sector,
    isPublic: query.isPublic === undefined ? undefined : query.isPublic === 'true',
    q: query.q,
  });
}

export async function getIndicator(ctx: ServiceContext, ref: string) {
  assertPermissionAnywhere(ctx.actor, 'metadata.read');
  return requireIndicator(ctx.db, ref);
}

/** Creates an indicator; formulas are checked first so that a bad one never reaches analytics. */
export async function createIndicator(ctx: ServiceContext, input: CreateIndicatorInput, db: Db = ctx.db): Promise<IndicatorView> {
  assertPermission(ctx.actor, 'metadata.write');
  await assertFormulas(db, [
    { field: 'numerator', text: input.numerator },
    { field: 'denominator', text: input.denominator },
  ]);
  const sectorId = await resolveSector(db, input.sector);
  return db.transaction(async (tx) => {
    if (await repo.findIndicator(tx, input.code)) {
      throw conflict('DUPLICATE_CODE', `Mã chỉ tiêu '${input.code}' đã tồn tại`, `Indicator code '${input.code}' already exists`);
    }
    const id = await repo.insertIndicator(tx, {
      code: input.code,
      nameVi: input.nameVi,
      nameEn: input.nameEn ?? null,
      shortName: input.shortName ?? null,
      description: input.description ?? null,
      sectorId,
      unit: input.unit ?? null,
      decimals: input.decimals,
      minCoverage: input.minCoverage,
      direction: input.direction,
      numerator: input.numerator,
      denominator: input.denominator,
      factor: input.factor,
      isPublic: input.isPublic,
    });
    const after = await requireIndicator(tx, id);
    await recordAudit(tx, ctx.actor, { action: 'indicator.create', objectType: 'indicator', objectId: id, after });
    return after;
  });
}

export async function updateIndicator(ctx: ServiceContext, ref: string, input: UpdateIndicatorInput): Promise<IndicatorView> {
  assertPermission(ctx.actor, 'metadata.write');
  const before = await requireIndicator(ctx.db, ref);
  const numerator = input.numerator ?? before.numerator;
  const denominator = input.denominator ?? before.denominator;
  await assertFormulas(ctx.db, [
    ...(input.numerator !== undefined ? [{ field: 'numerator', text: numerator }] : []),
    ...(input.denominator !== undefined ? [{ field: 'denominator', text: denominator }] : []),
  ]);
  const sectorId = input.sector === undefined ? before.sectorId : await resolveSector(ctx.db, input.sector);
  return ctx.db.transaction(async (tx) => {
    await repo.updateIndicatorRow(tx, before.id, {
      nameVi: input.nameVi ?? before.nameVi,
      nameEn: input.nameEn === undefined ? before.nameEn : input.nameEn,
      shortName: input.shortName === undefined ? before.shortName : input.shortName,
      description: input.description === undefined ? before.description : input.description,
      sectorId,
      unit: input.unit === undefined ? before.unit : input.unit,
      decimals: input.decimals ?? before.decimals,
      minCoverage: input.minCoverage ?? before.minCoverage,
      direction: input.direction ?? before.direction,
      numerator,
      denominator,
      factor: input.factor ?? before.factor,
      isPublic: input.isPublic ?? before.isPublic,
    });
    const after = await requireIndicator(tx, before.id);
    await recordAudit(tx, ctx.actor, { action: 'indicator.update', objectType: 'indicator', objectId: before.id, before, after });
    return after;
  });
}

/** Deletes an indicator no target or alert rule depends on. */
export async function deleteIndicator(ctx: ServiceContext, ref: string): Promise<void> {
  assertPermission(ctx.actor, 'metadata.write');
  await ctx.db.transaction(async (tx) => {
    const before = await requireIndicator(tx, ref);
    if (await repo.isIndicatorInUse(tx, before.id)) {
      throw new AppError('IN_USE', 409, `Chỉ tiêu '${before.code}' đang được dùng bởi mục tiêu hoặc quy tắc cảnh báo`, `Indicator '${before.code}' is used by a target or an alert rule`);
    }
    await repo.deleteIndicatorRow(tx, before.id);
    await recordAudit(tx, ctx.actor, { action: 'indicator.delete', objectType: 'indicator', objectId: before.id, before });
  });
}
