/**
 * The monthly briefing report (báo cáo giao ban), written from live data: per sector, each indicator's
 * figure of the month against the month before and its target, read through the trust rules (submitted
 * and approved data only, coverage shown, "chưa đủ số liệu" below the indicator's threshold); then the
 * tasks of the month, reports still missing and open alerts. Rendered as DOCX and PDF by render-*.ts.
 */
import type { z } from 'zod';
import type { ServiceContext } from '../../http/context.ts';
import type { Db } from '../../db/db.ts';
import { assertPermission, permittedPaths } from '../../access.ts';
import { badRequest } from '../../http/errors.ts';
import { formatDate, formatPeriod, nextPeriod, parsePeriod, previousPeriod, tryParsePeriod, vietnamDate } from '../../../core/periods.ts';
import { formatNumber } from '../../../core/vietnamese.ts';
import { daysBetween, scorecardOf } from '../../../core/tasks.ts';
import { decomposeRatioChange, largestContributions, type RatioParts } from '../../../core/contributions.ts';
import { computeFigureParts, computeFigures, type Coverage, type Figure } from '../analytics/service.ts';
import { requireOrgUnitRef, type OrgUnitRef } from '../org-units/lookup.ts';
import * as targetsRepo from '../targets/repo.ts';
import { evaluateTargetCached } from '../targets/service.ts';
import * as tasksRepo from '../tasks/repo.ts';
import { tasksByIds, viewOfTask, type TaskView } from '../tasks/service.ts';
import * as repo from './repo.ts';
import type { briefingModelSchema, briefingParagraphSchema, briefingPartSchema, briefingSectionSchema, figureRefSchema } from './schema.ts';

/** The document's shapes are its response schemas (schema.ts): what is built here is what the web receives. */
export type FigureRef = z.output<typeof figureRefSchema>;
export type BriefingParagraph = z.output<typeof briefingParagraphSchema>;
export type BriefingPart = z.output<typeof briefingPartSchema>;
export type BriefingSection = z.output<typeof briefingSectionSchema>;
export type BriefingModel = z.output<typeof briefingModelSchema>;

const ROMAN = ['I', 'II', 'III', 'IV', 'V', 'VI', 'VII', 'VIII', 'IX', 'X'];

/** Headings numbered I, II, … in the order given (a heading already numbered is renumbered). */
export function numberSections(sections: readonly BriefingSection[]): BriefingSection[] {
  return sections.map((s, i) => ({ ...s, heading: `${ROMAN[i]}. ${s.heading.replace(/^[IVX]+\. /, '')}` }));
}

/** "Hà Nội, ngày 05 tháng 12 năm 2023". Decree 30/2020, Appendix I: days below 10 and months below 3 take a leading zero. */
export function dateLineOf(place: string, day: string): string {
  const [y, m, d] = day.split('-').map(Number);
  return `${place}, ngày ${String(d).padStart(2, '0')} tháng ${m < 3 ? String(m).padStart(2, '0') : m} năm ${y}`;
}

/** Every paragraph of a model, subsections included, in reading order. */
export function paragraphsOfModel(sections: readonly BriefingSection[]): BriefingParagraph[] {
  return sections.flatMap((s) => [...s.paragraphs, ...(s.subsections ?? []).flatMap((x) => x.paragraphs)]);
}

function explainUrl(indicator: string, period: string, orgUnit: string): string {
  return `/api/analytics/explain?dx=${encodeURIComponent(indicator)}&pe=${period}&ou=${encodeURIComponent(orgUnit)}`;
}

function isJudgeable(figure: Figure | undefined, minCoverage: number): figure is Figure & { value: number } {
  if (!figure || figure.value === null) return false;
  return figure.coverage === null || figure.coverage.share >= minCoverage - 1e-9;
}

/** "(30/34 báo cáo)": how much of the figure is in, when some regime expects it. */
function coverageNote(c: Coverage | null): string {
  return c ? ` (số liệu ${c.reported}/${c.expected} báo cáo)` : '';
}

function unitText(unit: string | null): string {
  if (!unit) return '';
  return unit === '%' ? ' %' : ` ${unit}`;
}

/** The sentence of one indicator for the month, with its figures. */
async function indicatorParagraph(
  db: Db,
  ind: repo.IndicatorRow,
  unit: OrgUnitRef,
  month: string,
  targets: targetsRepo.TargetRow[],
  today: string,
  version: number,
  stored: Map<number, targetsRepo.StoredEvaluation>,
): Promise<BriefingParagraph | null> {
  const prev = previousPeriod(month);
  const figures = await computeFigures(db, ind.code, [unit.id], [month, prev]);
  const cur = figures.get(`${unit.id}|${month}`);
  const before = figures.get(`${unit.id}|${prev}`);
  if (!cur && !before) return null;
  const ref = (period: string, f: Figure | undefined, shown: string | null): FigureRef => ({
    indicator: ind.code,
    orgUnit: unit.code,
    period,
    value: f?.value ?? null,
    coverage: f?.coverage ?? null,
    explainUrl: explainUrl(ind.code, period, unit.code),
    shown,
  });
  const d = ind.decimals;
  const refs: FigureRef[] = [ref(month, cur, isJudgeable(cur, ind.minCoverage) ? formatNumber(cur.value, 'vi', d) : null)];
  if (!isJudgeable(cur, ind.minCoverage)) {
    if (!cur) return null;
    const c = cur.coverage;
    return { text: `${ind.nameVi}: chưa đủ số liệu${c ? ` (mới có ${c.reported}/${c.expected} báo cáo, cần tối thiểu ${formatNumber(ind.minCoverage * 100, 'vi', 0)} %)` : ''}.`, figures: refs };
  }
  let text = `${ind.nameVi} đạt ${formatNumber(cur.value, 'vi', d)}${unitText(ind.unit)}`;
  if (isJudgeable(before, ind.minCoverage)) {
    const delta = cur.value - before.value;
    const step = ind.unit === '%' ? ' điểm %' : unitText(ind.unit);
    const rounded = Number(delta.toFixed(d));
    // The change links to last month's cell: explained there, it gives the other half of the subtraction.
    refs.push(ref(prev, before, rounded === 0 ? null : formatNumber(Math.abs(delta), 'vi', d)));
    text += rounded === 0 ? ', không đổi so với tháng trước' : `, ${rounded > 0 ? 'tăng' : 'giảm'} ${formatNumber(Math.abs(delta), 'vi', d)}${step} so với tháng trước`;
  }
  const target = targets.find((t) => t.indicatorCode === ind.code);
  if (target) {
    const better = ind.direction === 'LOWER_IS_BETTER' ? cur.value <= target.targetValue : cur.value >= target.targetValue;
    const word = better ? (cur.value === target.targetValue ? 'đạt' : 'vượt') : 'chưa đạt';
    text += `, ${word} mục tiêu ${formatNumber(target.targetValue, 'vi', d)}${unitText(ind.unit)} năm ${target.targetPeriod}`;
    // The evaluation leadership reads, kept per day and figure version by the targets module.
    const evaluation = await evaluateTargetCached(db, target, today, version, stored.get(target.id));
    const status: Record<string, string> = {
      ON_TRACK: 'dự báo đạt mục tiêu',
      AT_RISK: 'có nguy cơ không đạt mục tiêu',
      OFF_TRACK: 'dự báo không đạt mục tiêu',
      ACHIEVED: 'đã đạt mục tiêu',
      MET: 'đã đạt mục tiêu',
      MISSED: 'không đạt mục tiêu',
      INSUFFICIENT_DATA: 'chưa đủ số liệu để đánh giá mục tiêu',
      NO_DATA: 'chưa có số liệu để đánh giá mục tiêu',
    };
    if (status[evaluation.status]) text += ` (${status[evaluation.status]})`;
  }
  text += `${coverageNote(cur.coverage)}.`;
  return { text, figures: refs };
}

/** How many indicators the "largest changes" part names, and how many units for each. */
const TOP_CHANGES = 5;
const TOP_UNITS = 3;

/**
 * The indicators whose figure moved most since last month (relative to last month's figure), each with the
 * units below that drove the change: the national change decomposed into contributions that add up to it
 * (src/core/contributions.ts). Only figures complete enough on both months are compared; a unit whose own
 * figure of the month is below the coverage threshold says so beside its contribution.
 */
async function changesParagraphs(db: Db, indicators: readonly repo.IndicatorRow[], unit: OrgUnitRef, children: readonly OrgUnitRef[], month: string): Promise<BriefingParagraph[]> {
  const prev = previousPeriod(month);
  const candidates: { ind: repo.IndicatorRow; cur: Figure & { value: number }; before: Figure & { value: number }; relative: number }[] = [];
  for (const ind of indicators) {
    const figures = await computeFigures(db, ind.code, [unit.id], [month, prev]);
    const cur = figures.get(`${unit.id}|${month}`);
    const before = figures.get(`${unit.id}|${prev}`);
    if (!isJudgeable(cur, ind.minCoverage) || !isJudgeable(before, ind.minCoverage)) continue;
    const delta = cur.value - before.value;
    if (Number(delta.toFixed(ind.decimals)) === 0) continue;
    candidates.push({ ind, cur, before, relative: Math.abs(delta) / Math.max(Math.abs(before.value), 1e-9) });
  }
  candidates.sort((a, b) => b.relative - a.relative || a.ind.code.localeCompare(b.ind.code));
  const out: BriefingParagraph[] = [];
  for (const { ind, cur, before } of candidates.slice(0, TOP_CHANGES)) {
    const d = ind.decimals;
    const step = ind.unit === '%' ? ' điểm %' : unitText(ind.unit);
    const ref = (orgUnit: OrgUnitRef, period: string, value: number | null, coverage: Coverage | null, shown: string): FigureRef => ({
      indicator: ind.code,
      orgUnit: orgUnit.code,
      period,
      value,
      coverage,
      explainUrl: explainUrl(ind.code, period, orgUnit.code),
      shown,
    });
    const delta = cur.value - before.value;
    const fromText = formatNumber(before.value, 'vi', d);
    const toText = formatNumber(cur.value, 'vi', d);
    const deltaText = formatNumber(Math.abs(delta), 'vi', d);
    let text = `${ind.nameVi} ${delta > 0 ? 'tăng' : 'giảm'} ${deltaText}${step} (từ ${fromText}${unitText(ind.unit)} lên ${toText}${unitText(ind.unit)})`;
    if (delta < 0) text = text.replace(' lên ', ' xuống ');
    const figures: FigureRef[] = [
      ref(unit, prev, before.value, before.coverage, deltaText),
      ref(unit, prev, before.value, before.coverage, fromText),
      ref(unit, month, cur.value, cur.coverage, toText),
    ];
    const parts = children.length ? await computeFigureParts(db, ind.code, [unit.id, ...children.map((c) => c.id)], [month, prev]) : null;
    const nationalBefore = parts?.cells.get(`${unit.id}|${prev}`);
    const nationalAfter = parts?.cells.get(`${unit.id}|${month}`);
    const whole = (p: { numerator: number | null; denominator: number | null } | undefined): RatioParts | null =>
      p && p.numerator !== null && p.denominator !== null && p.denominator !== 0 ? { numerator: p.numerator, denominator: p.denominator } : null;
    const nb = whole(nationalBefore);
    const na = whole(nationalAfter);
    if (!parts || !parts.additive || !nb || !na) {
      out.push({ text: `${text}${parts && !parts.additive ? '; chỉ tiêu không cộng dồn theo đơn vị nên không phân tích được đóng góp' : ''}.`, figures });
      continue;
    }
    const unitParts = (id: number, period: string): RatioParts | null => {
      const p = parts.cells.get(`${id}|${period}`);
      if (!p || p.numerator === null) return null;
      // A constant denominator is the same for every unit and never changes: only numerators move.
      return { numerator: p.numerator, denominator: parts.constantDenominator ? na.denominator : (p.denominator ?? 0) };
    };
    const decomposition = decomposeRatioChange({
      factor: parts.factor,
      national: { before: nb, after: na },
      units: children.map((c) => ({ key: String(c.id), before: unitParts(c.id, prev), after: unitParts(c.id, month) })),
    });
    // Only contributions that read as something at the indicator's precision: never a unit "+0,0".
    const top = largestContributions(decomposition, TOP_UNITS, d);
    if (top.length === 0) {
      out.push({ text: `${text}.`, figures });
      continue;
    }
    const childFigures = await computeFigures(
      db,
      ind.code,
      top.map((c) => Number(c.key)),
      [month],
    );
    const named = top.map((c) => {
      const child = children.find((x) => String(x.id) === c.key)!;
      const f = childFigures.get(`${child.id}|${month}`);
      const shown = `${c.contribution > 0 ? '+' : '−'}${formatNumber(Math.abs(c.contribution), 'vi', d)}`;
      figures.push(ref(child, month, f?.value ?? null, f?.coverage ?? null, shown));
      const incomplete = !isJudgeable(f, ind.minCoverage) && f?.coverage ? `, chưa đủ số liệu: ${f.coverage.reported}/${f.coverage.expected} báo cáo` : '';
      return `${child.nameVi} ${shown}${step}${incomplete}`;
    });
    text += `; đóng góp nhiều nhất: ${named.join('; ')}`;
    if (Number(decomposition.residual.toFixed(d)) !== 0) {
      const residualText = formatNumber(decomposition.residual, 'vi', d);
      figures.push(ref(unit, month, cur.value, cur.coverage, residualText));
      text += `; phần ${residualText}${step} còn lại không thuộc đơn vị cấp dưới nào`;
    }
    out.push({ text: `${text}.`, figures });
  }
  if (out.length === 0) out.push({ text: 'Không có chỉ tiêu nào đủ số liệu của cả hai tháng để so sánh.', figures: [] });
  return out;
}

/** How a conclusion's task stands, in words: its computed status, the extension and the progress. */
function conclusionStatusText(t: TaskView, asOf: string): string {
  const extended = t.isExtended ? `đã gia hạn từ ${formatDate(t.dueDate, 'vi')} đến ${formatDate(t.effectiveDueDate, 'vi')}, ` : '';
  const done = t.doneOn ? ` ngày ${formatDate(t.doneOn, 'vi')}` : '';
  switch (t.status) {
    case 'DONE_ON_TIME':
      return `${extended}đã hoàn thành đúng hạn${done}, tiến độ 100 %`;
    case 'DONE_LATE':
      return `${extended}đã hoàn thành quá hạn${done}, tiến độ 100 %`;
    case 'OPEN_OVERDUE': {
      const late = t.awaitingConfirmation ? 'đã báo cáo hoàn thành quá hạn, chờ xác nhận' : `quá hạn ${-daysBetween(asOf, t.effectiveDueDate)} ngày, chưa hoàn thành`;
      return `${extended}${late}, tiến độ ${t.progressPercent} %`;
    }
    case 'OPEN_ON_TIME':
      return `${extended}${t.awaitingConfirmation ? 'đã báo cáo hoàn thành, chờ xác nhận' : 'đang thực hiện trong hạn'}, tiến độ ${t.progressPercent} %`;
    case 'CANCELLED':
      return `đã hủy${t.cancelReason ? ` (lý do: ${t.cancelReason})` : ''}`;
  }
}

/**
 * The conclusions of the last finalised briefing and how each stands on a day: the tasks they became,
 * judged by src/core/tasks.ts (done on time or late, open within deadline or overdue, extended, cancelled),
 * counted in one sentence and listed one by one.
 */
async function previousConclusionsParagraphs(ctx: ServiceContext, issuer: OrgUnitRef, month: string, asOf: string): Promise<BriefingParagraph[]> {
  const previous = await repo.findPreviousBriefing(ctx.db, issuer.id, month);
  if (!previous) return [{ text: 'Chưa có báo cáo giao ban kỳ trước đã ban hành có kết luận.', figures: [] }];
  const tasks = new Map((await tasksByIds(ctx.db, [...previous.tasks.values()], asOf, ctx.actor)).map((t) => [t.id, t]));
  const n = previous.conclusions.length;
  const of = previous.conclusions.map((_, i) => {
    const id = previous.tasks.get(i);
    return id === undefined ? { kind: 'NONE' as const } : tasks.has(id) ? { kind: 'TASK' as const, task: tasks.get(id)! } : { kind: 'HIDDEN' as const };
  });
  const views = of.flatMap((x) => (x.kind === 'TASK' ? [x.task] : []));
  const count = (s: TaskView['status']) => views.filter((t) => t.status === s).length;
  const onTime = count('DONE_ON_TIME');
  const late = count('DONE_LATE');
  const parts = [
    `${onTime + late}/${n} kết luận đã hoàn thành (${onTime} đúng hạn, ${late} quá hạn)`,
    `${count('OPEN_OVERDUE')} quá hạn chưa hoàn thành`,
    `${count('OPEN_ON_TIME')} đang thực hiện trong hạn`,
  ];
  const extended = views.filter((t) => t.isExtended && t.status !== 'CANCELLED').length;
  if (extended) parts.push(`${extended} đã được gia hạn`);
  if (count('CANCELLED')) parts.push(`${count('CANCELLED')} đã hủy`);
  const none = of.filter((x) => x.kind === 'NONE').length;
  if (none) parts.push(`${none} chưa được giao thành nhiệm vụ`);
  const hidden = of.filter((x) => x.kind === 'HIDDEN').length;
  if (hidden) parts.push(`${hidden} giao cho đơn vị ngoài phạm vi được xem`);
  const issued = `${previous.symbol ? `Báo cáo số ${previous.symbol}` : 'Báo cáo'}${previous.issuedOn ? ` ngày ${formatDate(previous.issuedOn, 'vi')}` : ''}`;
  const out: BriefingParagraph[] = [
    { text: `Giao ban ${formatPeriod(previous.month, 'vi').toLowerCase()} (${issued}) có ${n} kết luận; tính đến ngày ${formatDate(asOf, 'vi')}: ${parts.join(', ')}.`, figures: [] },
  ];
  for (const [i, c] of previous.conclusions.entries()) {
    const x = of[i];
    const state = x.kind === 'TASK' ? conclusionStatusText(x.task, asOf) : x.kind === 'NONE' ? 'chưa được giao thành nhiệm vụ' : 'không thuộc phạm vi được xem';
    out.push({ text: `${i + 1}. ${c.text} (${c.leadOrgUnit.nameVi} chủ trì; hạn ${formatDate(c.dueDate, 'vi')}): ${state}.`, figures: [] });
  }
  return out;
}

export interface BriefingQuery {
  month: string;
  orgUnit: string;
  figureOrgUnit?: string;
  place?: string;
}

/** Builds the monthly briefing of a unit from live data. */
export async function buildMonthlyBriefing(ctx: ServiceContext, query: BriefingQuery): Promise<BriefingModel> {
  const period = tryParsePeriod(query.month);
  if (!period || period.type !== 'MONTHLY') {
    throw badRequest('INVALID_PERIOD', `Tháng '${query.month}' không hợp lệ (dạng 202311)`, `Invalid month '${query.month}' (such as 202311)`, [
      { path: 'query.month', messageVi: 'Tháng dạng YYYYMM', messageEn: 'A month as YYYYMM' },
    ]);
  }
  const month = period.id;
  const issuer = await requireOrgUnitRef(ctx.db, query.orgUnit, 'query.orgUnit');
  assertPermission(ctx.actor, 'data.read', issuer.path);
  const figureUnit = query.figureOrgUnit
    ? await requireOrgUnitRef(ctx.db, query.figureOrgUnit, 'query.figureOrgUnit')
    : ((await repo.findTargetHolder(ctx.db, permittedPaths(ctx.actor, 'data.read'))) ?? issuer);
  assertPermission(ctx.actor, 'data.read', figureUnit.path);
  const today = vietnamDate(ctx.clock());
  const version = await targetsRepo.currentFigureVersion(ctx.db);
  const parent = await repo.findParentName(ctx.db, issuer.id);
  const monthLabel = formatPeriod(month, 'vi');
  const { startDate, endDate } = parsePeriod(month);

  // I. Indicators by sector.
  const indicators = await repo.listIndicators(ctx.db);
  const targets = (await targetsRepo.listTargets(ctx.db, { pathPrefixes: 'ALL' }))
    .filter((t) => t.orgUnitId === figureUnit.id && parsePeriod(t.targetPeriod).endDate >= startDate && parsePeriod(t.targetPeriod).startDate <= `${month.slice(0, 4)}-12-31`)
    .sort((a, b) => parsePeriod(a.targetPeriod).endDate.localeCompare(parsePeriod(b.targetPeriod).endDate));
  const stored = new Map(
    (
      await targetsRepo.findEvaluations(
        ctx.db,
        targets.map((x) => x.id),
      )
    ).map((e) => [e.targetId, e]),
  );
  const bySector = new Map<string, { heading: string; paragraphs: BriefingParagraph[] }>();
  // Two indicators at a time: a briefing never floods the connection pool.
  const paragraphs: (BriefingParagraph | null)[] = new Array(indicators.length).fill(null);
  let cursor = 0;
  const worker = async () => {
    while (cursor < indicators.length) {
      const i = cursor++;
      paragraphs[i] = await indicatorParagraph(ctx.db, indicators[i], figureUnit, month, targets, today, version, stored);
    }
  };
  await Promise.all([worker(), worker()]);
  for (const [i, ind] of indicators.entries()) {
    const p = paragraphs[i];
    if (!p) continue;
    const key = ind.sectorName ?? 'Lĩnh vực khác';
    const s = bySector.get(key) ?? { heading: key, paragraphs: [] };
    s.paragraphs.push(p);
    bySector.set(key, s);
  }
  const sectorSubsections = [...bySector.entries()].map(([name, s], i) => ({ key: `indicators:${name}`, heading: `${i + 1}. ${s.heading}`, paragraphs: s.paragraphs }));
  const children = await repo.listOpenChildren(ctx.db, figureUnit.id, startDate, endDate);
  const changeParagraphs = await changesParagraphs(ctx.db, indicators, figureUnit, children, month);

  // II. Tasks of the month: those due in it (done, late, overdue), and those assigned in it.
  const taskRows = (await tasksRepo.listTasks(ctx.db, { readPaths: permittedPaths(ctx.actor, 'task.read') })).filter(
    (t) => t.leadOrgUnit.path.startsWith(issuer.path) || t.assigningOrgUnit.path.startsWith(issuer.path),
  );
  // Judged as the tasks stood at the month's end (today for the current month): a task done, extended or
  // cancelled after that day counts as it was then (src/core/tasks.ts taskAsOf). Progress is not shown here;
  // the conclusions below show it as of the day (tasksByIds reads the progress reports).
  const asOf = endDate < today ? endDate : today;
  const views = taskRows.map((t) => viewOfTask(t, asOf));
  const dueInMonth = views.filter((t) => t.effectiveDueDate >= startDate && t.effectiveDueDate <= endDate && t.status !== 'CANCELLED');
  const card = scorecardOf(dueInMonth.map((t) => t.status));
  const newInMonth = views.filter((t) => t.startDate >= startDate && t.startDate <= endDate);
  const doneInMonth = views.filter((t) => t.state === 'DONE' && t.doneOn && t.doneOn >= startDate && t.doneOn <= endDate);
  const overdue = views.filter((t) => t.status === 'OPEN_OVERDUE');
  const taskParagraphs: BriefingParagraph[] = [
    {
      text: `Trong ${monthLabel.toLowerCase()} có ${card.assigned} nhiệm vụ đến hạn: ${card.doneOnTime} nhiệm vụ hoàn thành đúng hạn, ${card.doneLate} nhiệm vụ hoàn thành quá hạn, ${card.openOnTime} nhiệm vụ đang thực hiện trong hạn, ${card.openOverdue} nhiệm vụ quá hạn chưa hoàn thành${card.rates.done === null ? '' : ` (tỷ lệ hoàn thành ${formatNumber(card.rates.done, 'vi', 1)} %)`}.`,
      figures: [],
    },
    { text: `Có ${newInMonth.length} nhiệm vụ mới được giao và ${doneInMonth.length} nhiệm vụ được xác nhận hoàn thành trong tháng.`, figures: [] },
  ];
  if (overdue.length) {
    taskParagraphs.push({ text: `Tính đến ngày ${formatDate(asOf, 'vi')}, còn ${overdue.length} nhiệm vụ quá hạn:`, figures: [] });
    for (const t of overdue.slice(0, 30)) {
      taskParagraphs.push({
        text: `- ${t.title} (${t.leadOrgUnit.nameVi} chủ trì; hạn ${formatDate(t.effectiveDueDate, 'vi')}${t.sourceNumber ? `; theo văn bản số ${t.sourceNumber}` : ''}).`,
        figures: [],
      });
    }
  }

  const previousParagraphs = await previousConclusionsParagraphs(ctx, issuer, month, asOf);

  // III. Reporting and alerts.
  const reporting = await repo.reportingOfMonth(ctx.db, month, figureUnit.path);
  const alerts = await repo.openAlertCounts(ctx.db, permittedPaths(ctx.actor, 'data.read'));
  const reportParagraphs: BriefingParagraph[] = [];
  for (const r of reporting) {
    reportParagraphs.push({
      text: `${r.regimeName}: ${r.received}/${r.expected} đơn vị đã gửi báo cáo ${monthLabel.toLowerCase()}${r.late ? `, trong đó ${r.late} báo cáo gửi trễ hạn` : ''}${r.expected > r.received ? `; còn ${r.expected - r.received} đơn vị chưa gửi` : ''}.`,
      figures: [],
    });
  }
  const openTotal = alerts.reduce((a, x) => a + x.count, 0);
  reportParagraphs.push({
    text:
      openTotal === 0
        ? 'Không có cảnh báo đang mở.'
        : `Có ${openTotal} cảnh báo đang mở, trong đó ${alerts.filter((a) => a.severity === 'CRITICAL').reduce((a, x) => a + x.count, 0)} cảnh báo nghiêm trọng.`,
    figures: [],
  });

  // IV. Next month: tasks falling due.
  const next = parsePeriod(nextPeriod(month));
  const dueNext = views.filter((t) => (t.state === 'OPEN' || t.state === 'DONE_REPORTED') && t.effectiveDueDate >= next.startDate && t.effectiveDueDate <= next.endDate);
  const nextParagraphs: BriefingParagraph[] = dueNext.length
    ? [
        { text: `Các nhiệm vụ đến hạn trong ${formatPeriod(next.id, 'vi').toLowerCase()}:`, figures: [] },
        ...dueNext.slice(0, 30).map((t) => ({ text: `- ${t.title} (${t.leadOrgUnit.nameVi}; hạn ${formatDate(t.effectiveDueDate, 'vi')}).`, figures: [] })),
      ]
    : [{ text: `Không có nhiệm vụ đến hạn trong ${formatPeriod(next.id, 'vi').toLowerCase()}.`, figures: [] }];

  const sections: BriefingSection[] = numberSections([
    {
      key: 'indicators',
      heading: 'KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU',
      paragraphs: [{ text: `Số liệu của ${figureUnit.nameVi}, ${monthLabel.toLowerCase()} (kỳ chốt số liệu theo Nghị định 09/2019/NĐ-CP), chỉ gồm số liệu đã gửi và đã duyệt.`, figures: [] }],
      subsections: sectorSubsections,
    },
    { key: 'changes', heading: 'CÁC CHỈ TIÊU BIẾN ĐỘNG LỚN NHẤT VÀ ĐƠN VỊ ĐÓNG GÓP', paragraphs: changeParagraphs },
    { key: 'tasks', heading: 'TÌNH HÌNH THỰC HIỆN NHIỆM VỤ ĐƯỢC GIAO', paragraphs: taskParagraphs },
    { key: 'previous-conclusions', heading: 'KẾT LUẬN GIAO BAN KỲ TRƯỚC VÀ TÌNH HÌNH THỰC HIỆN', paragraphs: previousParagraphs },
    { key: 'reporting', heading: 'TÌNH HÌNH BÁO CÁO VÀ CẢNH BÁO', paragraphs: reportParagraphs },
    { key: 'next', heading: 'NHIỆM VỤ TRỌNG TÂM THÁNG TỚI', paragraphs: nextParagraphs },
  ]);

  const place = query.place ?? 'Hà Nội';
  const shortCode = issuer.code.split('-').pop() ?? issuer.code;
  return {
    month,
    monthLabel,
    parentName: parent,
    issuerName: issuer.nameVi,
    issuerCode: issuer.code,
    numberLine: `Số:        /BC-${shortCode}`,
    place,
    date: today,
    dateLine: dateLineOf(place, today),
    title: 'BÁO CÁO',
    subject: `Kết quả thực hiện nhiệm vụ ${monthLabel.toLowerCase()}`,
    figureOrgUnit: { code: figureUnit.code, nameVi: figureUnit.nameVi },
    dataStatus: 'SUBMITTED',
    sections,
    recipients: ['Như trên', 'Lãnh đạo đơn vị', 'Các đơn vị thuộc, trực thuộc', `Lưu: VT, ${shortCode}`],
    signer: { role: 'THỦ TRƯỞNG ĐƠN VỊ', name: null },
    figures: paragraphsOfModel(sections).flatMap((p) => p.figures),
  };
}
