/**
 * Staff evaluation (đánh giá, xếp loại chất lượng) scored from the work itself: the tasks a person is
 * responsible for (task.responsible_staff_id), judged by the rules of law in force for their kind of post in
 * the year. Pure code over versioned rule sets; the database only supplies the facts of each task.
 *
 * Two rule sets:
 * - DECREE_335_2025: Nghị định 335/2025/NĐ-CP (công chức, from 1/1/2026): 100 points = 30 general criteria +
 *   70 task results, tracked monthly or quarterly.
 * - DECREE_90_2020_48_2023: Nghị định 90/2020/NĐ-CP as amended by Nghị định 48/2023/NĐ-CP: viên chức, and
 *   công chức for years before 2026 — ratings by criteria (all tasks on time and with quality, half exceeded…).
 *
 * Where the text of an article could not be confirmed word for word, the value is configurable (see
 * `configurable` on each rule set) and the comment says so; an agency sets it as a new version (evaluation_rule_version, in force from its own day).
 */

export const RATINGS = ['HTXSNV', 'HTTNV', 'HTNV', 'KHTNV'] as const;
export type Rating = (typeof RATINGS)[number];

export const RATING_LABELS: Record<Rating, { vi: string; en: string }> = {
  HTXSNV: { vi: 'Hoàn thành xuất sắc nhiệm vụ', en: 'Completed tasks excellently' },
  HTTNV: { vi: 'Hoàn thành tốt nhiệm vụ', en: 'Completed tasks well' },
  HTNV: { vi: 'Hoàn thành nhiệm vụ', en: 'Completed tasks' },
  KHTNV: { vi: 'Không hoàn thành nhiệm vụ', en: 'Did not complete tasks' },
};

/** Better first: HTXSNV > HTTNV > HTNV > KHTNV. */
export function ratingRank(r: Rating): number {
  return RATINGS.length - RATINGS.indexOf(r);
}

export const STAFF_KINDS = ['CAN_BO', 'CONG_CHUC', 'VIEN_CHUC', 'NGUOI_LAO_DONG'] as const;
export type StaffKind = (typeof STAFF_KINDS)[number];

/** How a task stands for scoring in its period. */
export const TASK_OUTCOMES = ['DONE_ON_TIME', 'DONE_LATE', 'NOT_DONE', 'PENDING'] as const;
export type TaskOutcome = (typeof TASK_OUTCOMES)[number];

export interface ProductKind {
  code: string;
  vi: string;
  en: string;
  /** Hệ số quy đổi: how many standard products one product of this kind counts for. */
  factor: number;
  /**
   * Lower-case Vietnamese words of the expected product that mark the kind; the first kind that matches wins.
   * Each is matched as written, with a capital first letter and in capitals (see keywordForms).
   */
  keywords: string[];
}

export interface EvaluationConfig {
  periodType: 'MONTH' | 'QUARTER';
  /** Points of the general criteria (tiêu chí chung) and of the task results. */
  generalMax: number;
  taskMax: number;
  /** Share of a product's points lost for each quality error and for a delay. */
  qualityPenalty: number;
  latePenalty: number;
  /** Weights of quantity, quality and progress in the task-result points (sum 1). */
  weights: { quantity: number; quality: number; progress: number };
  /** Conversion factor applied on top of the kind's for work outside the plan (phát sinh). */
  unplannedFactor: number;
  /** Task sources that count as planned work. */
  plannedSources: string[];
  productKinds: ProductKind[];
  /** The kind of a product no keyword matches. */
  defaultProductKind: string;
  /** Judge a task against its extended due date (an approved extension) rather than the original. */
  judgeAgainstExtended: boolean;
  thresholds: { HTXSNV: number; HTTNV: number; HTNV: number };
  /** HTXSNV may not exceed this share of those rated HTTNV in the same unit; null: no quota. */
  excellentQuotaOfGood: number | null;
  /** Criteria-based rule set (Decree 90/2020): shares of the tasks. */
  criteria: {
    /** HTXSNV: at least this share of the tasks exceeded (vượt mức). */
    excellentExceededShare: number;
    /** HTNV: at most this share of the tasks not on time / not with quality. */
    completedMaxProblemShare: number;
    /** General criteria count as met from this many points of generalMax. */
    generalMetMin: number;
  };
}

export interface RuleSet {
  id: 'DECREE_335_2025' | 'DECREE_90_2020_48_2023';
  nameVi: string;
  nameEn: string;
  legalBasis: string;
  effectiveFrom: string;
  effectiveTo: string | null;
  /** The kinds of staff it applies to. */
  appliesTo: StaffKind[];
  /** POINTS: rating from the year's points; CRITERIA: from the share of tasks done on time, with quality, exceeded. */
  method: 'POINTS' | 'CRITERIA';
  config: EvaluationConfig;
  /** Values whose exact figure the text could not confirm, with what was assumed: an agency may set them. */
  configurable: { key: string; why: string }[];
}

const PRODUCT_KINDS: ProductKind[] = [
  { code: 'DE_AN', vi: 'Đề án, dự án, chiến lược', en: 'Scheme, project, strategy', factor: 3, keywords: ['đề án', 'dự án', 'chiến lược', 'quy hoạch'] },
  { code: 'HE_THONG', vi: 'Hệ thống, nền tảng, phần mềm', en: 'System, platform, software', factor: 3, keywords: ['hệ thống', 'nền tảng', 'phần mềm', 'cơ sở dữ liệu'] },
  { code: 'VAN_BAN_QPPL', vi: 'Văn bản quy phạm pháp luật', en: 'Legal normative document', factor: 2, keywords: ['nghị định', 'thông tư', 'dự thảo luật', 'quy phạm pháp luật'] },
  { code: 'BAO_CAO', vi: 'Báo cáo', en: 'Report', factor: 1, keywords: ['báo cáo', 'tổng kết', 'sơ kết'] },
  { code: 'VAN_BAN', vi: 'Văn bản hành chính', en: 'Administrative document', factor: 1, keywords: ['văn bản', 'công văn', 'quyết định', 'kế hoạch', 'tờ trình', 'hướng dẫn'] },
  { code: 'KHAC', vi: 'Sản phẩm, công việc khác', en: 'Other product or work', factor: 1, keywords: [] },
];

const BASE_CONFIG: EvaluationConfig = {
  periodType: 'MONTH',
  generalMax: 30,
  taskMax: 70,
  qualityPenalty: 0.25,
  latePenalty: 0.25,
  weights: { quantity: 1 / 3, quality: 1 / 3, progress: 1 / 3 },
  unplannedFactor: 1,
  plannedSources: ['PLAN', 'STRATEGY'],
  productKinds: PRODUCT_KINDS,
  defaultProductKind: 'KHAC',
  judgeAgainstExtended: true,
  thresholds: { HTXSNV: 90, HTTNV: 70, HTNV: 50 },
  excellentQuotaOfGood: 0.2,
  criteria: { excellentExceededShare: 0.5, completedMaxProblemShare: 0.3, generalMetMin: 24 },
};

/**
 * The rule sets, newest first for a kind. Quotations are of the published text as reported; article numbers
 * are given only where known.
 */
export const EVALUATION_RULE_SETS: readonly RuleSet[] = [
  {
    id: 'DECREE_335_2025',
    nameVi: 'Nghị định 335/2025/NĐ-CP — công chức',
    nameEn: 'Decree 335/2025/ND-CP — civil servants',
    legalBasis:
      'Nghị định 335/2025/NĐ-CP của Chính phủ quy định về đánh giá, xếp loại chất lượng đối với cơ quan hành chính nhà nước và công chức: thang điểm 100 gồm tiêu chí chung (30 điểm) và kết quả thực hiện nhiệm vụ (70 điểm), theo dõi, đánh giá hằng tháng hoặc quý.',
    effectiveFrom: '2026-01-01',
    effectiveTo: null,
    appliesTo: ['CONG_CHUC'],
    method: 'POINTS',
    config: BASE_CONFIG,
    configurable: [
      {
        key: 'weights',
        why: 'The decree scores task results by quantity, quality and progress of the converted products; the weight of each in the 70 points is not confirmed here: equal thirds by default.',
      },
      { key: 'productKinds', why: 'Conversion factors (hệ số quy đổi) are set by each agency for its kinds of product; the defaults are the product’s own.' },
      { key: 'unplannedFactor', why: 'Work outside the plan counts, with the agency’s factor; 1 by default.' },
      { key: 'judgeAgainstExtended', why: 'A delay “due to objective reasons confirmed by the competent authority” does not lose points: an approved extension is taken as that confirmation.' },
      { key: 'periodType', why: 'Monthly or quarterly tracking is the agency’s choice.' },
      { key: 'yearCombination', why: 'The year’s points are the mean of the periods that have task records (the decree combines the periods; the exact formula is not confirmed here).' },
    ],
  },
  {
    id: 'DECREE_90_2020_48_2023',
    nameVi: 'Nghị định 90/2020/NĐ-CP, sửa đổi bởi Nghị định 48/2023/NĐ-CP',
    nameEn: 'Decree 90/2020/ND-CP as amended by Decree 48/2023/ND-CP',
    legalBasis:
      'Nghị định 90/2020/NĐ-CP về đánh giá, xếp loại chất lượng cán bộ, công chức, viên chức (Điều 16–19: viên chức), sửa đổi, bổ sung bởi Nghị định 48/2023/NĐ-CP; cho công chức đến hết năm 2025.',
    effectiveFrom: '2020-08-13',
    effectiveTo: null,
    appliesTo: ['VIEN_CHUC', 'CONG_CHUC'],
    method: 'CRITERIA',
    config: BASE_CONFIG,
    configurable: [
      {
        key: 'criteria.excellentExceededShare',
        why: 'HTXSNV: 100 % of tasks done on time and with quality, “trong đó có ít nhất 50% chỉ tiêu, nhiệm vụ hoàn thành vượt mức”; which tasks were exceeded is marked by the manager.',
      },
      { key: 'criteria.completedMaxProblemShare', why: 'HTNV allows a share of tasks not on time or not with quality; 30 % is assumed, not confirmed word for word.' },
      { key: 'criteria.generalMetMin', why: 'The decree judges the general criteria as met or not; the product reads them from the manager’s 30-point score, met from 24 points.' },
      { key: 'excellentQuotaOfGood', why: 'The 20 % ceiling of HTXSNV against HTTNV in the same unit is applied as for công chức.' },
    ],
  },
];

/** Decree 335/2025 governs công chức from 1/1/2026; before, and for viên chức, Decree 90/2020 as amended. */
export function ruleSetFor(kind: StaffKind, year: number, sets: readonly RuleSet[] = EVALUATION_RULE_SETS): RuleSet | null {
  const day = `${year}-12-31`;
  const start = `${year}-01-01`;
  return (
    sets.find((s) => s.appliesTo.includes(kind) && s.effectiveFrom <= start && (s.effectiveTo === null || day <= s.effectiveTo)) ??
    sets.find((s) => s.appliesTo.includes(kind) && s.effectiveFrom <= day && (s.effectiveTo === null || start <= s.effectiveTo)) ??
    null
  );
}

export interface ConfigProblem {
  field: string;
  vi: string;
  en: string;
}

/** What the settings that are shares are called, for the messages that name them. */
export const SETTING_LABELS: Record<string, { vi: string; en: string }> = {
  qualityPenalty: { vi: 'Mức trừ mỗi lỗi chất lượng', en: 'Loss for each quality error' },
  latePenalty: { vi: 'Mức trừ khi chậm tiến độ', en: 'Loss for a delay' },
  excellentQuotaOfGood: { vi: 'Tỷ lệ tối đa xếp loại xuất sắc so với hoàn thành tốt', en: 'Largest share of HTXSNV against HTTNV' },
  'criteria.excellentExceededShare': { vi: 'Tỷ lệ nhiệm vụ vượt mức để xếp loại xuất sắc', en: 'Share of tasks exceeded for HTXSNV' },
  'criteria.completedMaxProblemShare': { vi: 'Tỷ lệ nhiệm vụ chậm hoặc lỗi tối đa để hoàn thành nhiệm vụ', en: 'Largest share of late or flawed tasks for HTNV' },
};

/** An agency's overrides merged over a rule set's defaults, each value checked. */
export function mergeConfig(base: EvaluationConfig, overrides: Partial<EvaluationConfig>): { config: EvaluationConfig; problems: ConfigProblem[] } {
  const config: EvaluationConfig = {
    ...base,
    ...overrides,
    weights: { ...base.weights, ...overrides.weights },
    thresholds: { ...base.thresholds, ...overrides.thresholds },
    criteria: { ...base.criteria, ...overrides.criteria },
  };
  const problems: ConfigProblem[] = [];
  const share = (field: string, v: number) => {
    const label = SETTING_LABELS[field] ?? { vi: field, en: field };
    if (!(v >= 0 && v <= 1)) problems.push({ field, vi: `${label.vi} phải trong khoảng 0–100 %`, en: `${label.en} must be between 0 and 100 %` });
  };
  share('qualityPenalty', config.qualityPenalty);
  share('latePenalty', config.latePenalty);
  const w = config.weights;
  if (Math.abs(w.quantity + w.quality + w.progress - 1) > 1e-6 || [w.quantity, w.quality, w.progress].some((x) => x < 0)) {
    problems.push({
      field: 'weights',
      vi: 'Trọng số số lượng, chất lượng, tiến độ phải không âm và cộng lại bằng 1',
      en: 'The weights of quantity, quality and progress must be non-negative and add up to 1',
    });
  }
  if (config.generalMax + config.taskMax !== 100)
    problems.push({ field: 'taskMax', vi: 'Tiêu chí chung và kết quả nhiệm vụ cộng lại 100 điểm', en: 'General criteria and task results add up to 100 points' });
  const t = config.thresholds;
  if (!(t.HTXSNV > t.HTTNV && t.HTTNV > t.HTNV && t.HTNV > 0 && t.HTXSNV <= 100))
    problems.push({ field: 'thresholds', vi: 'Ngưỡng xếp loại phải giảm dần trong 0–100', en: 'Rating thresholds must decrease within 0–100' });
  config.productKinds.forEach((k, i) => {
    if (!(typeof k.factor === 'number' && k.factor > 0 && k.factor <= 100)) {
      problems.push({
        field: `productKinds[${i}].factor`,
        vi: `Hệ số quy đổi của “${k.vi}” phải lớn hơn 0 và không quá 100`,
        en: `The conversion factor of “${k.en}” must be above 0 and at most 100`,
      });
    }
  });
  if (!config.productKinds.some((k) => k.code === config.defaultProductKind))
    problems.push({ field: 'defaultProductKind', vi: 'Loại sản phẩm mặc định không có trong danh sách', en: 'The default product kind is not in the list' });
  if (!(config.unplannedFactor > 0)) problems.push({ field: 'unplannedFactor', vi: 'Hệ số việc phát sinh phải lớn hơn 0', en: 'The unplanned factor must be above 0' });
  if (config.excellentQuotaOfGood !== null) share('excellentQuotaOfGood', config.excellentQuotaOfGood);
  share('criteria.excellentExceededShare', config.criteria.excellentExceededShare);
  share('criteria.completedMaxProblemShare', config.criteria.completedMaxProblemShare);
  if (!(config.criteria.generalMetMin >= 0 && config.criteria.generalMetMin <= config.generalMax))
    problems.push({ field: 'criteria.generalMetMin', vi: 'Ngưỡng tiêu chí chung ngoài 0–điểm tối đa', en: 'The general-criteria threshold is outside 0–maximum' });
  return { config, problems };
}

/**
 * The forms a keyword is matched in: as written, with a capital first letter, and in capitals ('đề án', 'Đề án',
 * 'ĐỀ ÁN'). Matching is plain containment of these forms, so that the database (whatever its locale) and this
 * code agree; a product worded otherwise takes the default kind until the manager sets it on the task.
 */
export function keywordForms(keyword: string): string[] {
  const w = keyword.normalize('NFC');
  return [...new Set([w, w.charAt(0).toUpperCase() + w.slice(1), w.toUpperCase()])];
}

/** The kind of an expected product: the manager's choice, else the first kind one of whose keywords it contains. */
export function productKindOf(expectedProduct: string | null, chosen: string | null, config: EvaluationConfig): ProductKind {
  const byCode = (code: string) => config.productKinds.find((k) => k.code === code);
  if (chosen && byCode(chosen)) return byCode(chosen)!;
  const text = (expectedProduct ?? '').normalize('NFC');
  return config.productKinds.find((k) => k.keywords.some((w) => keywordForms(w).some((f) => text.includes(f)))) ?? byCode(config.defaultProductKind)!;
}

export interface TaskFacts {
  state: 'OPEN' | 'DONE_REPORTED' | 'DONE' | 'CANCELLED';
  dueDate: string;
  extendedDueDate: string | null;
  doneOn: string | null;
}

/**
 * How a task counts, on a day: done on time / late (confirmed), not done (past its date, still open), pending
 * (not yet due, or reported done and awaiting the assigner's confirmation: not scored yet); null when cancelled.
 * Deadlines end at 24:00 of the last day (BLDS 2015 Điều 148, see tasks.ts).
 */
export function taskOutcome(task: TaskFacts, today: string, config: Pick<EvaluationConfig, 'judgeAgainstExtended'>): TaskOutcome | null {
  if (task.state === 'CANCELLED') return null;
  const due = config.judgeAgainstExtended ? (task.extendedDueDate ?? task.dueDate) : task.dueDate;
  if (task.state === 'DONE') return task.doneOn !== null && task.doneOn <= due ? 'DONE_ON_TIME' : 'DONE_LATE';
  if (task.state === 'DONE_REPORTED') return 'PENDING';
  return today > due ? 'NOT_DONE' : 'PENDING';
}

/** The period ('202603' or '2026Q1') a task belongs to: that of its due date (the extended one if so judged). */
export function taskPeriod(task: Pick<TaskFacts, 'dueDate' | 'extendedDueDate'>, config: Pick<EvaluationConfig, 'judgeAgainstExtended' | 'periodType'>): string {
  const due = config.judgeAgainstExtended ? (task.extendedDueDate ?? task.dueDate) : task.dueDate;
  const y = due.slice(0, 4);
  const m = Number(due.slice(5, 7));
  return config.periodType === 'MONTH' ? `${y}${due.slice(5, 7)}` : `${y}Q${Math.ceil(m / 3)}`;
}

/** The periods of a year. */
export function periodsOfYear(year: number, periodType: EvaluationConfig['periodType']): string[] {
  return periodType === 'MONTH' ? Array.from({ length: 12 }, (_, i) => `${year}${String(i + 1).padStart(2, '0')}`) : [1, 2, 3, 4].map((q) => `${year}Q${q}`);
}

/** "Tháng 9/2026", "Quý 3/2026" (vi); "September 2026", "Q3 2026" (en). */
export function periodLabel(period: string, lang: 'vi' | 'en'): string {
  const y = period.slice(0, 4);
  if (period[4] === 'Q') return lang === 'vi' ? `Quý ${period[5]}/${y}` : `Q${period[5]} ${y}`;
  const m = Number(period.slice(4, 6));
  if (lang === 'vi') return `Tháng ${m}/${y}`;
  return `${new Date(Date.UTC(Number(y), m - 1, 1)).toLocaleString('en-GB', { month: 'long', timeZone: 'UTC' })} ${y}`;
}

/** One task as it enters a period's score. */
export interface ScoredTaskInput {
  taskId: number;
  title?: string;
  outcome: TaskOutcome;
  productKind: string;
  planned: boolean;
  /** Major quality errors found by the manager (lỗi lớn về nội dung); an error for objective reasons is not entered. */
  qualityErrors: number;
  exceeded: boolean;
  /** Identical tasks folded into one row (the set-based query for thousands of people); 1 by default. */
  count?: number;
}

export interface TaskSource {
  taskId: number;
  title?: string;
  outcome: TaskOutcome;
  productKind: string;
  planned: boolean;
  /** Converted weight of the product (kind factor × unplanned factor). */
  factor: number;
  qualityErrors: number;
  exceeded: boolean;
  /** Points this task gave out of the task-result maximum (0 for pending tasks, which are not scored). */
  points: number;
}

export interface PeriodScore {
  /** Converted products assigned (due in the period, not pending). */
  assigned: number;
  quantity: number | null;
  quality: number | null;
  progress: number | null;
  /** Task-result points (0–taskMax), null when no task of the period is scored. */
  taskPoints: number | null;
  sources: TaskSource[];
  counts: { onTime: number; late: number; notDone: number; pending: number; exceeded: number; withErrors: number };
}

const round2 = (x: number) => Math.round(x * 100) / 100;

/** Converted weight of one product: its kind's conversion factor, times the unplanned factor for work outside the plan. */
export function productFactor(t: Pick<ScoredTaskInput, 'productKind' | 'planned'>, config: EvaluationConfig): number {
  const kind = config.productKinds.find((k) => k.code === t.productKind) ?? config.productKinds.find((k) => k.code === config.defaultProductKind)!;
  return kind.factor * (t.planned ? 1 : config.unplannedFactor);
}

/**
 * What a period's tasks add up to: the sums its task-result points are made of. `totalsOfTasks` makes them in one
 * pass over the tasks; the scoring query of thousands of people makes the same sums in SQL (pinned by a test).
 */
export interface PeriodTotals {
  /** Converted products assigned (due in the period, not pending). */
  assigned: number;
  /** Converted products done (on time or late). */
  done: number;
  /** The same, each after its quality losses (25 % a major error, never below 0). */
  doneQuality: number;
  /** The same, each after its delay loss (25 % when late). */
  doneProgress: number;
  counts: PeriodScore['counts'];
  /** Decree 90/2020 facts: tasks done on time without a quality error; tasks exceeded among those done. */
  onTimeWithQuality: number;
  exceededDone: number;
}

export function emptyTotals(): PeriodTotals {
  return { assigned: 0, done: 0, doneQuality: 0, doneProgress: 0, counts: { onTime: 0, late: 0, notDone: 0, pending: 0, exceeded: 0, withErrors: 0 }, onTimeWithQuality: 0, exceededDone: 0 };
}

/** A done product's shares: quality after “mỗi lần đánh giá không đạt bị trừ 25%”, progress after “mỗi lần chậm tiến độ bị trừ 25%”. */
function doneShares(t: Pick<ScoredTaskInput, 'outcome' | 'qualityErrors'>, config: EvaluationConfig): { quality: number; progress: number } {
  return { quality: Math.max(0, 1 - config.qualityPenalty * t.qualityErrors), progress: t.outcome === 'DONE_LATE' ? 1 - config.latePenalty : 1 };
}

/** The sums of a period's tasks, in one pass. */
export function totalsOfTasks(tasks: readonly ScoredTaskInput[], config: EvaluationConfig): PeriodTotals {
  const s = emptyTotals();
  for (const t of tasks) {
    const n = t.count ?? 1;
    const f = productFactor(t, config) * n;
    const done = t.outcome === 'DONE_ON_TIME' || t.outcome === 'DONE_LATE';
    if (t.outcome === 'PENDING') s.counts.pending += n;
    else s.assigned += f;
    if (t.outcome === 'DONE_ON_TIME') s.counts.onTime += n;
    if (t.outcome === 'DONE_LATE') s.counts.late += n;
    if (t.outcome === 'NOT_DONE') s.counts.notDone += n;
    if (t.exceeded && t.outcome !== 'PENDING') s.counts.exceeded += n;
    if (t.qualityErrors > 0 && t.outcome !== 'PENDING') s.counts.withErrors += n;
    if (t.outcome === 'DONE_ON_TIME' && t.qualityErrors === 0) s.onTimeWithQuality += n;
    if (done) {
      const shares = doneShares(t, config);
      s.done += f;
      s.doneQuality += f * shares.quality;
      s.doneProgress += f * shares.progress;
      if (t.exceeded) s.exceededDone += n;
    }
  }
  return s;
}

/**
 * Task-result points of a period (Decree 335/2025) from its sums: quantity = converted products completed /
 * assigned; quality = the same with “mỗi lần đánh giá không đạt bị trừ 25% số điểm chất lượng của sản phẩm/công
 * việc đó”; progress = the same with “mỗi lần chậm tiến độ bị trừ 25% số điểm tiến độ của sản phẩm/công việc
 * đó”. Points = taskMax × weighted mean of the three; null when no task of the period is scored.
 */
export function scoreTotals(s: PeriodTotals, config: EvaluationConfig): Omit<PeriodScore, 'sources'> {
  const counts = { ...s.counts };
  if (!(s.assigned > 0)) return { assigned: 0, quantity: null, quality: null, progress: null, taskPoints: null, counts };
  const w = config.weights;
  const quantity = s.done / s.assigned;
  const quality = s.doneQuality / s.assigned;
  const progress = s.doneProgress / s.assigned;
  const taskPoints = config.taskMax * (w.quantity * quantity + w.quality * quality + w.progress * progress);
  return { assigned: round2(s.assigned), quantity: round2(quantity * 100), quality: round2(quality * 100), progress: round2(progress * 100), taskPoints: round2(taskPoints), counts };
}

/** A period's score from its tasks (scoreTotals of totalsOfTasks); each source task carries the points it gave. */
export function scorePeriod(tasks: readonly ScoredTaskInput[], config: EvaluationConfig): PeriodScore {
  const totals = totalsOfTasks(tasks, config);
  const w = config.weights;
  const sources: TaskSource[] = tasks.map((t) => {
    const factor = productFactor(t, config) * (t.count ?? 1);
    let points = 0;
    if ((t.outcome === 'DONE_ON_TIME' || t.outcome === 'DONE_LATE') && totals.assigned > 0) {
      const shares = doneShares(t, config);
      points = (config.taskMax * factor * (w.quantity + w.quality * shares.quality + w.progress * shares.progress)) / totals.assigned;
    }
    return {
      taskId: t.taskId,
      title: t.title,
      outcome: t.outcome,
      productKind: t.productKind,
      planned: t.planned,
      factor,
      qualityErrors: t.qualityErrors,
      exceeded: t.exceeded,
      points: round2(points),
    };
  });
  return { ...scoreTotals(totals, config), sources };
}

export interface PeriodTotal {
  period: string;
  taskPoints: number | null;
  /** The manager's general-criteria points, null when not scored yet. */
  generalPoints: number | null;
}

export interface YearScore {
  /** Mean of the periods' totals (general + task points) over the periods that have task records. */
  points: number | null;
  periodsScored: number;
  /** Periods with no task record (a sign the records, not the person, are incomplete). */
  periodsWithoutTasks: string[];
  /** Periods with tasks whose general criteria the manager has not scored (counted as 0 until scored). */
  periodsWithoutGeneral: string[];
}

/** The year's points: the mean of its periods' scores, counting only periods with scored tasks. */
export function combineYear(periods: readonly PeriodTotal[]): YearScore {
  const scored = periods.filter((p) => p.taskPoints !== null);
  const periodsWithoutTasks = periods.filter((p) => p.taskPoints === null).map((p) => p.period);
  const periodsWithoutGeneral = scored.filter((p) => p.generalPoints === null).map((p) => p.period);
  if (scored.length === 0) return { points: null, periodsScored: 0, periodsWithoutTasks, periodsWithoutGeneral };
  const sum = scored.reduce((s, p) => s + (p.taskPoints ?? 0) + (p.generalPoints ?? 0), 0);
  return { points: round2(sum / scored.length), periodsScored: scored.length, periodsWithoutTasks, periodsWithoutGeneral };
}

/**
 * Decree 335/2025, mức xếp loại: “Hoàn thành xuất sắc nhiệm vụ: Đạt từ 90 điểm trở lên”; “Hoàn thành tốt
 * nhiệm vụ: Đạt từ 70 điểm trở lên đến dưới 90 điểm”; “Hoàn thành nhiệm vụ: Đạt từ 50 điểm đến dưới 70
 * điểm”; “Không hoàn thành nhiệm vụ … Có kết quả theo dõi, đánh giá dưới 50 điểm … bị kỷ luật bằng hình thức
 * từ khiển trách trở lên trong năm đánh giá”.
 */
export function ratingFromPoints(points: number, disciplined: boolean, config: EvaluationConfig): Rating {
  if (disciplined) return 'KHTNV';
  const t = config.thresholds;
  if (points >= t.HTXSNV) return 'HTXSNV';
  if (points >= t.HTTNV) return 'HTTNV';
  if (points >= t.HTNV) return 'HTNV';
  return 'KHTNV';
}

export interface CriteriaFacts {
  /** Tasks of the year that are scored (not pending), and of them: */
  assigned: number;
  onTimeWithQuality: number;
  exceeded: number;
  /** Late, with a quality error, or not done. */
  problems: number;
  generalMet: boolean;
  disciplined: boolean;
}

/**
 * Decree 90/2020 (viên chức), as amended by Decree 48/2023: HTXSNV “hoàn thành 100% chỉ tiêu, nhiệm vụ … bảo
 * đảm đúng tiến độ, chất lượng, hiệu quả, trong đó có ít nhất 50% chỉ tiêu, nhiệm vụ hoàn thành vượt mức”;
 * HTTNV all tasks on time and with quality; HTNV the tasks done with at most a share not on time or not with
 * quality (configurable); KHTNV otherwise, or disciplined in the year. General criteria must be met for the
 * top three. A year without scored tasks is rated on the record only when the council decides.
 */
export function ratingFromCriteria(f: CriteriaFacts, config: EvaluationConfig): Rating | null {
  if (f.disciplined) return 'KHTNV';
  if (f.assigned === 0) return null;
  const c = config.criteria;
  const allGood = f.onTimeWithQuality === f.assigned;
  if (f.generalMet && allGood && f.exceeded >= c.excellentExceededShare * f.assigned) return 'HTXSNV';
  if (f.generalMet && allGood) return 'HTTNV';
  if (f.generalMet && f.problems <= c.completedMaxProblemShare * f.assigned) return 'HTNV';
  return 'KHTNV';
}

export interface QuotaCandidate {
  staffId: number;
  /** The year's points, used to order candidates (highest kept first). */
  points: number | null;
  rating: Rating;
}

export interface QuotaResult {
  /** Rated HTXSNV by their score, before the quota. */
  candidates: number;
  /** How many may keep HTXSNV. */
  allowed: number;
  /** Those above the line (lowest points first beyond the quota), proposed HTTNV instead. */
  aboveLine: number[];
  /** Those kept whose points equal the first one above the line: the council decides between them. */
  tiedAtLine: number[];
  ratings: Map<number, Rating>;
}

/**
 * Decree 335/2025: “Tỷ lệ công chức xếp loại ‘Hoàn thành xuất sắc nhiệm vụ’ không vượt quá 20% tổng số công chức
 * được xếp loại ‘Hoàn thành tốt nhiệm vụ’ trong phạm vi cùng một cơ quan, tổ chức, đơn vị”. Those moved down
 * count as HTTNV, which raises the ceiling: the largest m with m ≤ ⌊share × (good + candidates − m)⌋ keep it.
 */
export function applyExcellentQuota(people: readonly QuotaCandidate[], share: number | null): QuotaResult {
  const ratings = new Map(people.map((p) => [p.staffId, p.rating] as const));
  const cands = people.filter((p) => p.rating === 'HTXSNV').sort((a, b) => (b.points ?? -1) - (a.points ?? -1) || a.staffId - b.staffId);
  const good = people.filter((p) => p.rating === 'HTTNV').length;
  if (share === null) return { candidates: cands.length, allowed: cands.length, aboveLine: [], tiedAtLine: [], ratings };
  let allowed = cands.length;
  // A tiny epsilon keeps 20 % of 10 at 2 despite binary fractions.
  while (allowed > 0 && allowed > Math.floor(share * (good + cands.length - allowed) + 1e-9)) allowed--;
  const above = cands.slice(allowed);
  for (const p of above) ratings.set(p.staffId, 'HTTNV');
  const linePoints = above[0]?.points;
  const tiedAtLine =
    above.length && linePoints !== undefined
      ? cands
          .slice(0, allowed)
          .filter((p) => p.points === linePoints)
          .map((p) => p.staffId)
      : [];
  return { candidates: cands.length, allowed, aboveLine: above.map((p) => p.staffId), tiedAtLine, ratings };
}

export interface ScoreProblem {
  field: string;
  vi: string;
  en: string;
}

/** A manager's general-criteria score: within 0–generalMax, and a comment when below full marks. */
export function checkGeneralScore(points: number, comment: string | null | undefined, config: EvaluationConfig): ScoreProblem[] {
  const problems: ScoreProblem[] = [];
  if (!Number.isFinite(points) || points < 0 || points > config.generalMax) {
    problems.push({ field: 'points', vi: `Điểm tiêu chí chung phải trong khoảng 0–${config.generalMax}`, en: `General-criteria points must be between 0 and ${config.generalMax}` });
  } else if (Math.round(points * 100) !== points * 100) {
    problems.push({ field: 'points', vi: 'Điểm lấy tối đa hai chữ số thập phân', en: 'Points take at most two decimals' });
  }
  if (points < config.generalMax && !(comment && comment.trim().length > 0)) {
    problems.push({ field: 'comment', vi: 'Điểm dưới mức tối đa cần có nhận xét', en: 'A score below full marks needs a comment' });
  }
  return problems;
}

/** A decision that departs from the computed rating (the quota included) needs the council's reason. */
export function checkDecision(decided: Rating, computed: Rating | null, reason: string | null | undefined): ScoreProblem[] {
  if (decided !== computed && !(reason && reason.trim().length > 0)) {
    return [
      {
        field: 'overrideReason',
        vi: `Xếp loại quyết định (${decided}) khác xếp loại tính được (${computed ?? 'chưa có'}): cần ghi lý do của Hội đồng`,
        en: `The decided rating (${decided}) differs from the computed one (${computed ?? 'none'}): the council's reason is required`,
      },
    ];
  }
  return [];
}

/**
 * A version of a rule set's settings: the values an agency or a province sets (conversion factors, losses,
 * thresholds, the quota), with the document that sets them and the period it is in force. The rule set's own
 * values (the decree's) are its first version, `id` null; a later version is in force from its first day until
 * the next one starts or its own last day passes.
 */
export interface RuleVersion {
  id: number | null;
  ruleSetId: RuleSet['id'];
  name: string;
  legalBasis: string;
  effectiveFrom: string;
  effectiveTo: string | null;
  /** Values over the rule set's defaults. */
  overrides: Partial<EvaluationConfig>;
}

/** The rule set's own values as its first version. */
export function builtInVersion(set: RuleSet): RuleVersion {
  return { id: null, ruleSetId: set.id, name: set.nameVi, legalBasis: set.legalBasis, effectiveFrom: set.effectiveFrom, effectiveTo: set.effectiveTo, overrides: {} };
}

/** The version in force on a day: of those started and not ended, the latest to start (an agency's over the decree's on the same day). */
export function versionInForce<V extends RuleVersion>(versions: readonly V[], day: string): V | null {
  let best: V | null = null;
  for (const v of versions) {
    if (v.effectiveFrom > day || (v.effectiveTo !== null && v.effectiveTo < day)) continue;
    if (!best || v.effectiveFrom > best.effectiveFrom || (v.effectiveFrom === best.effectiveFrom && (v.id ?? 0) > (best.id ?? 0))) best = v;
  }
  return best;
}

/**
 * The version a year is evaluated under: the one in force on its last day (the year's rating combines its periods
 * under one set of values, and is made at the year's end), or on the rule set's last day if it ends within the year.
 */
export function versionOfYear<V extends RuleVersion>(set: RuleSet, versions: readonly V[], year: number): V | RuleVersion {
  const end = `${year}-12-31`;
  const day = set.effectiveTo !== null && set.effectiveTo < end ? set.effectiveTo : end;
  return versionInForce(versions, day) ?? builtInVersion(set);
}

/** Where a version stands on a day: in force, to come, or past (ended or replaced). */
export function versionStatus(v: RuleVersion, all: readonly RuleVersion[], day: string): 'IN_FORCE' | 'FUTURE' | 'PAST' {
  if (v.effectiveFrom > day) return 'FUTURE';
  const current = versionInForce(all, day);
  return current && current.id === v.id && current.effectiveFrom === v.effectiveFrom ? 'IN_FORCE' : 'PAST';
}

const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;
const isDay = (d: string) => ISO_DAY.test(d) && !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().slice(0, 10) === d;
const ddmmyyyy = (d: string) => `${d.slice(8, 10)}/${d.slice(5, 7)}/${d.slice(0, 4)}`;

/**
 * A new version checked before it is kept: its name and legal basis given, its period a real one that starts no
 * earlier than the rule set (Decree 335/2025 governs from 1/1/2026) and no later than it ends, no other version
 * starting the same day, and its values passing the rule set's checks (mergeConfig). Fields are named as sent.
 */
export function checkRuleVersion(
  set: RuleSet,
  existing: readonly RuleVersion[],
  v: Omit<RuleVersion, 'id' | 'ruleSetId' | 'overrides'> & { overrides: Record<string, unknown> },
): { config: EvaluationConfig; problems: ConfigProblem[] } {
  const problems: ConfigProblem[] = [];
  if (!v.name.trim())
    problems.push({ field: 'name', vi: 'Cần tên phiên bản (ví dụ: Hệ số quy đổi của tỉnh Khánh Hòa)', en: 'The version needs a name (e.g. Khánh Hòa province’s conversion factors)' });
  if (!v.legalBasis.trim()) problems.push({ field: 'legalBasis', vi: 'Cần căn cứ pháp lý: văn bản ban hành các giá trị này', en: 'The legal basis is required: the document that sets these values' });
  if (!isDay(v.effectiveFrom)) {
    problems.push({ field: 'effectiveFrom', vi: 'Ngày có hiệu lực không hợp lệ', en: 'The effective date is not a valid date' });
  } else {
    if (v.effectiveFrom < set.effectiveFrom) {
      problems.push({
        field: 'effectiveFrom',
        vi: `${set.nameVi} có hiệu lực từ ${ddmmyyyy(set.effectiveFrom)}: phiên bản không thể có hiệu lực sớm hơn`,
        en: `${set.nameEn} is in force from ${ddmmyyyy(set.effectiveFrom)}: a version cannot take effect earlier`,
      });
    }
    if (set.effectiveTo !== null && v.effectiveFrom > set.effectiveTo) {
      problems.push({ field: 'effectiveFrom', vi: `${set.nameVi} hết hiệu lực ngày ${ddmmyyyy(set.effectiveTo)}`, en: `${set.nameEn} ceased to apply on ${ddmmyyyy(set.effectiveTo)}` });
    }
    const same = existing.find((x) => x.id !== null && x.effectiveFrom === v.effectiveFrom);
    if (same)
      problems.push({
        field: 'effectiveFrom',
        vi: `Đã có phiên bản “${same.name}” có hiệu lực từ ${ddmmyyyy(v.effectiveFrom)}`,
        en: `The version “${same.name}” already takes effect on ${ddmmyyyy(v.effectiveFrom)}`,
      });
  }
  if (v.effectiveTo !== null) {
    if (!isDay(v.effectiveTo)) problems.push({ field: 'effectiveTo', vi: 'Ngày hết hiệu lực không hợp lệ', en: 'The end date is not a valid date' });
    else if (isDay(v.effectiveFrom) && v.effectiveTo < v.effectiveFrom)
      problems.push({ field: 'effectiveTo', vi: 'Ngày hết hiệu lực phải sau ngày có hiệu lực', en: 'The end date must come after the effective date' });
  }
  // Values of the wrong kind are named and left out; the others still go through the rule set's checks.
  const shape = shapeProblems(set.config as unknown as Record<string, unknown>, v.overrides, 'config.');
  problems.push(...shape);
  const wrong = new Set(shape.map((p) => /^config\.(\w+)/.exec(p.field)?.[1]));
  const clean = Object.fromEntries(Object.entries(v.overrides).filter(([k]) => !wrong.has(k)));
  const merged = mergeConfig(set.config, clean as Partial<EvaluationConfig>);
  for (const p of merged.problems) problems.push({ ...p, field: `config.${p.field}` });
  return { config: merged.config, problems };
}

/** Each value sent of the kind of the default it replaces (a number for a number…), before any rule is applied. */
function shapeProblems(base: Record<string, unknown>, over: Record<string, unknown>, at: string): ConfigProblem[] {
  const out: ConfigProblem[] = [];
  const label = (key: string) => SETTING_LABELS[`${at}${key}`.replace(/^config\./, '')] ?? { vi: `${at}${key}`.replace(/^config\./, ''), en: `${at}${key}`.replace(/^config\./, '') };
  for (const [key, value] of Object.entries(over)) {
    const field = `${at}${key}`;
    if (!(key in base)) {
      out.push({ field, vi: `Không có thiết lập “${key}”`, en: `No setting “${key}”` });
      continue;
    }
    const d = base[key];
    if (key === 'excellentQuotaOfGood' && value === null) continue;
    if (typeof d === 'number') {
      if (typeof value !== 'number' || !Number.isFinite(value)) out.push({ field, vi: `${label(key).vi}: cần một số`, en: `${label(key).en}: a number is required` });
    } else if (typeof d === 'string' || typeof d === 'boolean') {
      if (typeof value !== typeof d) out.push({ field, vi: `${key}: giá trị không đúng kiểu`, en: `${key}: wrong kind of value` });
    } else if (key === 'productKinds') {
      if (!Array.isArray(value) || value.length === 0) {
        out.push({ field, vi: 'Cần danh sách loại sản phẩm', en: 'A list of product kinds is required' });
        continue;
      }
      value.forEach((k: unknown, i) => {
        const o = (k ?? {}) as Record<string, unknown>;
        const ok =
          typeof o.code === 'string' &&
          o.code.trim() !== '' &&
          typeof o.vi === 'string' &&
          typeof o.en === 'string' &&
          Array.isArray(o.keywords) &&
          o.keywords.every((w) => typeof w === 'string' && w.trim() !== '');
        if (!ok)
          out.push({
            field: `${field}[${i}]`,
            vi: `Loại sản phẩm thứ ${i + 1}: cần mã, tên tiếng Việt, tên tiếng Anh và từ khóa`,
            en: `Product kind ${i + 1}: a code, Vietnamese and English names and keywords are required`,
          });
        else if (typeof o.factor !== 'number' || !Number.isFinite(o.factor))
          out.push({ field: `${field}[${i}].factor`, vi: `Hệ số quy đổi của “${o.vi}”: cần một số`, en: `The conversion factor of “${o.en}”: a number is required` });
      });
      if (Array.isArray(value) && new Set(value.map((k) => (k as { code?: unknown })?.code)).size !== value.length)
        out.push({ field, vi: 'Mã loại sản phẩm bị trùng', en: 'A product kind code is repeated' });
    } else if (Array.isArray(d)) {
      if (!Array.isArray(value) || !value.every((x) => typeof x === 'string')) out.push({ field, vi: `${key}: cần danh sách`, en: `${key}: a list is required` });
    } else if (d && typeof d === 'object') {
      if (!value || typeof value !== 'object' || Array.isArray(value)) out.push({ field, vi: `${key}: giá trị không đúng kiểu`, en: `${key}: wrong kind of value` });
      else out.push(...shapeProblems(d as Record<string, unknown>, value as Record<string, unknown>, `${field}.`));
    }
  }
  return out;
}
