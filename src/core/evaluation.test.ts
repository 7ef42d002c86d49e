import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  applyExcellentQuota,
  checkDecision,
  checkGeneralScore,
  combineYear,
  EVALUATION_RULE_SETS,
  mergeConfig,
  periodLabel,
  productKindOf,
  ratingFromCriteria,
  ratingFromPoints,
  ruleSetFor,
  scorePeriod,
  taskOutcome,
  taskPeriod,
  type ScoredTaskInput,
  builtInVersion,
  checkRuleVersion,
  versionInForce,
  versionOfYear,
  versionStatus,
  type RuleVersion,
} from './evaluation.ts';

const A = EVALUATION_RULE_SETS.find((s) => s.id === 'DECREE_335_2025')!;
const B = EVALUATION_RULE_SETS.find((s) => s.id === 'DECREE_90_2020_48_2023')!;
const cfg = A.config;
const task = (taskId: number, outcome: ScoredTaskInput['outcome'], extra: Partial<ScoredTaskInput> = {}): ScoredTaskInput => ({
  taskId,
  outcome,
  productKind: 'BAO_CAO',
  planned: true,
  qualityErrors: 0,
  exceeded: false,
  ...extra,
});

test('Decree 335/2025 governs công chức from 1/1/2026; before, and for viên chức, Decree 90/2020 as amended by 48/2023', () => {
  assert.equal(ruleSetFor('CONG_CHUC', 2026)?.id, 'DECREE_335_2025');
  assert.equal(ruleSetFor('CONG_CHUC', 2025)?.id, 'DECREE_90_2020_48_2023');
  assert.equal(ruleSetFor('VIEN_CHUC', 2026)?.id, 'DECREE_90_2020_48_2023');
  assert.equal(ruleSetFor('NGUOI_LAO_DONG', 2026), null);
  for (const s of EVALUATION_RULE_SETS) assert.deepEqual(mergeConfig(s.config, {}).problems, [], s.id);
});

// Decree 335/2025: "thang điểm 100, gồm tiêu chí chung (30 điểm) và kết quả thực hiện nhiệm vụ (70 điểm)".
test('all products done on time and with quality give the full 70 task points', () => {
  const s = scorePeriod([task(1, 'DONE_ON_TIME'), task(2, 'DONE_ON_TIME', { productKind: 'DE_AN' })], cfg);
  assert.equal(s.taskPoints, 70);
  assert.equal(s.assigned, 4); // 1 report + a scheme converted to 3
  assert.deepEqual(
    s.sources.map((x) => x.points),
    [17.5, 52.5],
  );
});

// "Trường hợp không bảo đảm tiến độ thì mỗi lần chậm tiến độ bị trừ 25% số điểm tiến độ của sản phẩm/công việc đó";
// "mỗi lần đánh giá không đạt bị trừ 25% số điểm chất lượng của sản phẩm/công việc đó".
test('a late product loses 25 % of its progress points, a quality error 25 % of its quality points', () => {
  const late = scorePeriod([task(1, 'DONE_LATE'), task(2, 'DONE_ON_TIME')], cfg);
  // progress (0.75 + 1) / 2 = 87.5 %; quantity and quality 100 % → 70 × (1 + 1 + 0.875) / 3
  assert.equal(late.progress, 87.5);
  assert.equal(late.taskPoints, 67.08);
  assert.equal(late.sources[0].points, 32.08);
  const flawed = scorePeriod([task(1, 'DONE_ON_TIME', { qualityErrors: 2 })], cfg);
  assert.equal(flawed.quality, 50);
  assert.equal(flawed.taskPoints, 58.33);
  const ruined = scorePeriod([task(1, 'DONE_ON_TIME', { qualityErrors: 5 })], cfg);
  assert.equal(ruined.quality, 0, 'never below zero');
});

// "so sánh giữa số lượng sản phẩm/công việc hoàn thành (đã quy đổi) với số lượng sản phẩm/công việc được giao (đã quy đổi)".
test('products not done count in what was assigned; pending ones (not yet due, awaiting confirmation) are not scored', () => {
  const s = scorePeriod([task(1, 'DONE_ON_TIME'), task(2, 'NOT_DONE'), task(3, 'PENDING')], cfg);
  assert.equal(s.assigned, 2);
  assert.equal(s.quantity, 50);
  assert.equal(s.taskPoints, 35);
  assert.equal(s.counts.pending, 1);
  assert.equal(scorePeriod([task(3, 'PENDING')], cfg).taskPoints, null);
  assert.equal(scorePeriod([], cfg).taskPoints, null);
  // Folded rows give the same points as the tasks one by one.
  const folded = scorePeriod([task(0, 'DONE_ON_TIME', { count: 3 }), task(0, 'DONE_LATE', { count: 1 })], cfg);
  const single = scorePeriod([task(1, 'DONE_ON_TIME'), task(2, 'DONE_ON_TIME'), task(3, 'DONE_ON_TIME'), task(4, 'DONE_LATE')], cfg);
  assert.equal(folded.taskPoints, single.taskPoints);
  assert.deepEqual(folded.counts, single.counts);
});

test('conversion factors by kind of product, and unplanned work with its own factor', () => {
  assert.equal(productKindOf('Đề án chuyển đổi số', null, cfg).code, 'DE_AN');
  assert.equal(productKindOf('Báo cáo sơ kết 6 tháng', null, cfg).code, 'BAO_CAO');
  assert.equal(productKindOf('Dự thảo Thông tư', null, cfg).code, 'VAN_BAN_QPPL');
  assert.equal(productKindOf('Hệ thống thông tin báo cáo', null, cfg).code, 'HE_THONG');
  assert.equal(productKindOf('Gặp gỡ', null, cfg).code, 'KHAC');
  assert.equal(productKindOf('ĐỀ ÁN CHUYỂN ĐỔI SỐ', null, cfg).code, 'DE_AN');
  assert.equal(productKindOf('Văn bản (hướng dẫn) [số 3]', null, cfg).code, 'VAN_BAN');
  assert.equal(productKindOf('Báo cáo', 'DE_AN', cfg).code, 'DE_AN', "the manager's choice wins");
  const { config } = mergeConfig(cfg, { unplannedFactor: 2 });
  const s = scorePeriod([task(1, 'DONE_ON_TIME'), task(2, 'NOT_DONE', { planned: false })], config);
  assert.equal(s.assigned, 3);
  assert.equal(s.taskPoints, 23.33);
});

test('outcome and period of a task: an approved extension is the competent authority accepting the delay', () => {
  const t = { state: 'DONE' as const, dueDate: '2026-03-31', extendedDueDate: '2026-04-30', doneOn: '2026-04-20' };
  assert.equal(taskOutcome(t, '2026-05-01', cfg), 'DONE_ON_TIME');
  assert.equal(taskPeriod(t, cfg), '202604');
  const strict = mergeConfig(cfg, { judgeAgainstExtended: false, periodType: 'QUARTER' }).config;
  assert.equal(taskOutcome(t, '2026-05-01', strict), 'DONE_LATE');
  assert.equal(taskPeriod(t, strict), '2026Q1');
  assert.equal(taskOutcome({ state: 'OPEN', dueDate: '2026-03-31', extendedDueDate: null, doneOn: null }, '2026-03-31', cfg), 'PENDING');
  assert.equal(taskOutcome({ state: 'OPEN', dueDate: '2026-03-31', extendedDueDate: null, doneOn: null }, '2026-04-01', cfg), 'NOT_DONE');
  assert.equal(taskOutcome({ state: 'DONE_REPORTED', dueDate: '2026-03-31', extendedDueDate: null, doneOn: '2026-03-30' }, '2026-04-05', cfg), 'PENDING');
  assert.equal(taskOutcome({ state: 'CANCELLED', dueDate: '2026-03-31', extendedDueDate: null, doneOn: null }, '2026-04-05', cfg), null);
  assert.equal(periodLabel('202609', 'vi'), 'Tháng 9/2026');
  assert.equal(periodLabel('2026Q3', 'vi'), 'Quý 3/2026');
  assert.equal(periodLabel('202609', 'en'), 'September 2026');
});

test('the year is the mean of the periods with task records; periods without tasks and unscored general criteria are named', () => {
  const y = combineYear([
    { period: '202601', taskPoints: 70, generalPoints: 30 },
    { period: '202602', taskPoints: 56, generalPoints: 24 },
    { period: '202603', taskPoints: null, generalPoints: 30 },
    { period: '202604', taskPoints: 60, generalPoints: null },
  ]);
  assert.equal(y.points, (100 + 80 + 60) / 3);
  assert.deepEqual(y.periodsWithoutTasks, ['202603']);
  assert.deepEqual(y.periodsWithoutGeneral, ['202604']);
  assert.equal(combineYear([{ period: '202601', taskPoints: null, generalPoints: null }]).points, null);
});

// "Hoàn thành xuất sắc nhiệm vụ: Đạt từ 90 điểm trở lên. Hoàn thành tốt nhiệm vụ: Đạt từ 70 điểm trở lên đến dưới 90 điểm.
// Hoàn thành nhiệm vụ: Đạt từ 50 điểm đến dưới 70 điểm. Không hoàn thành nhiệm vụ: … dưới 50 điểm … bị kỷ luật … trong năm".
test('ratings from points at the thresholds of Decree 335/2025, and discipline in the year', () => {
  assert.equal(ratingFromPoints(90, false, cfg), 'HTXSNV');
  assert.equal(ratingFromPoints(89.99, false, cfg), 'HTTNV');
  assert.equal(ratingFromPoints(70, false, cfg), 'HTTNV');
  assert.equal(ratingFromPoints(69.99, false, cfg), 'HTNV');
  assert.equal(ratingFromPoints(50, false, cfg), 'HTNV');
  assert.equal(ratingFromPoints(49.99, false, cfg), 'KHTNV');
  assert.equal(ratingFromPoints(98, true, cfg), 'KHTNV');
});

// Decree 90/2020 (viên chức) as amended: "hoàn thành 100% chỉ tiêu, nhiệm vụ … bảo đảm đúng tiến độ, chất lượng, hiệu quả,
// trong đó có ít nhất 50% chỉ tiêu, nhiệm vụ hoàn thành vượt mức".
test('viên chức: HTXSNV needs every task on time with quality and at least half exceeded', () => {
  const c = B.config;
  const base = { assigned: 10, onTimeWithQuality: 10, exceeded: 5, problems: 0, generalMet: true, disciplined: false };
  assert.equal(ratingFromCriteria(base, c), 'HTXSNV');
  assert.equal(ratingFromCriteria({ ...base, exceeded: 4 }, c), 'HTTNV');
  assert.equal(ratingFromCriteria({ ...base, onTimeWithQuality: 9, problems: 1 }, c), 'HTNV');
  assert.equal(ratingFromCriteria({ ...base, onTimeWithQuality: 6, problems: 4 }, c), 'KHTNV');
  assert.equal(ratingFromCriteria({ ...base, generalMet: false }, c), 'KHTNV');
  assert.equal(ratingFromCriteria({ ...base, disciplined: true }, c), 'KHTNV');
  assert.equal(ratingFromCriteria({ ...base, assigned: 0, onTimeWithQuality: 0, exceeded: 0 }, c), null);
});

// "Tỷ lệ công chức xếp loại 'Hoàn thành xuất sắc nhiệm vụ' không vượt quá 20% tổng số công chức được xếp loại
// 'Hoàn thành tốt nhiệm vụ' trong phạm vi cùng một cơ quan, tổ chức, đơn vị".
test('the 20 % quota: the lowest beyond it are above the line and move to HTTNV, which the ceiling counts', () => {
  const people = [
    { staffId: 1, points: 96, rating: 'HTXSNV' as const },
    { staffId: 2, points: 93, rating: 'HTXSNV' as const },
    { staffId: 3, points: 91, rating: 'HTXSNV' as const },
    { staffId: 4, points: 91, rating: 'HTXSNV' as const },
    ...Array.from({ length: 8 }, (_, i) => ({ staffId: 10 + i, points: 80, rating: 'HTTNV' as const })),
  ];
  const q = applyExcellentQuota(people, 0.2);
  // m = 2: 2 ≤ ⌊0.2 × (8 + 4 − 2)⌋ = 2; m = 3: 3 > ⌊0.2 × 9⌋ = 1
  assert.equal(q.allowed, 2);
  assert.deepEqual(q.aboveLine, [3, 4]);
  assert.equal(q.ratings.get(3), 'HTTNV');
  assert.equal(q.ratings.get(1), 'HTXSNV');
  assert.deepEqual(q.tiedAtLine, []);
  const tie = applyExcellentQuota([...people.slice(0, 2), { staffId: 5, points: 93, rating: 'HTXSNV' }, ...people.slice(4), { staffId: 30, points: 75, rating: 'HTTNV' }], 0.2);
  // 3 candidates, 9 HTTNV: m = 2 ≤ ⌊0.2 × 10⌋; the two at 93 straddle the line
  assert.deepEqual(tie.aboveLine, [5]);
  assert.deepEqual(tie.tiedAtLine, [2]);
  const none = applyExcellentQuota([{ staffId: 1, points: 95, rating: 'HTXSNV' }], 0.2);
  assert.equal(none.allowed, 0, 'with nobody rated HTTNV nobody may keep HTXSNV');
  assert.equal(applyExcellentQuota(people, null).aboveLine.length, 0);
});

test('bad scores and overrides without reasons name their field', () => {
  assert.deepEqual(checkGeneralScore(30, null, cfg), []);
  assert.deepEqual(
    checkGeneralScore(31, 'x', cfg).map((p) => p.field),
    ['points'],
  );
  assert.deepEqual(
    checkGeneralScore(-1, 'x', cfg).map((p) => p.field),
    ['points'],
  );
  assert.deepEqual(
    checkGeneralScore(27, ' ', cfg).map((p) => p.field),
    ['comment'],
  );
  assert.deepEqual(
    checkGeneralScore(27.123, 'x', cfg).map((p) => p.field),
    ['points'],
  );
  assert.deepEqual(checkDecision('HTXSNV', 'HTTNV', ''), [checkDecision('HTXSNV', 'HTTNV', null)[0]]);
  assert.equal(checkDecision('HTXSNV', 'HTTNV', null)[0].field, 'overrideReason');
  assert.deepEqual(checkDecision('HTTNV', 'HTTNV', null), []);
  assert.deepEqual(
    mergeConfig(cfg, { weights: { quantity: 0.5, quality: 0.5, progress: 0.5 } }).problems.map((p) => p.field),
    ['weights'],
  );
});

// Rule sets are versioned data: Decree 335/2025/NĐ-CP applies to công chức from 1/1/2026 and scores converted
// products (“hệ số quy đổi” per kind of product, set by the agency); a province's decision that sets them is a
// version with its own legal basis and effective period.
test('the version in force: the latest started and not ended; a year is judged under the one in force on its last day', () => {
  const decree = builtInVersion(A);
  const province = { id: 7, ruleSetId: A.id, name: 'Hệ số quy đổi tỉnh Khánh Hòa', legalBasis: 'Quyết định 12/2026/QĐ-UBND', effectiveFrom: '2026-07-01', effectiveTo: null, overrides: {} } as const;
  const ended = { ...province, id: 8, name: 'Tạm thời', effectiveFrom: '2027-01-01', effectiveTo: '2027-03-31' };
  const all = [decree, province, ended];
  assert.equal(versionInForce(all, '2026-06-30'), decree);
  assert.equal(versionInForce(all, '2026-07-01'), province);
  assert.equal(versionInForce(all, '2027-02-01'), ended);
  assert.equal(versionInForce(all, '2027-04-01'), province, 'when a version ends, the one before it applies again');
  assert.equal(versionInForce(all, '2025-12-31'), null, 'Decree 335/2025 is not in force before 1/1/2026');
  assert.equal(versionOfYear(A, all, 2026), province, 'the year 2026 is judged under the version in force on 31/12/2026');
  assert.equal(versionOfYear(A, [decree], 2030), decree);
  assert.equal(versionStatus(decree, all, '2026-12-03'), 'PAST');
  assert.equal(versionStatus(province, all, '2026-12-03'), 'IN_FORCE');
  assert.equal(versionStatus(ended, all, '2026-12-03'), 'FUTURE');
  // The same day: the agency's version over the decree's own values.
  const sameDay = { ...province, id: 9, effectiveFrom: A.effectiveFrom };
  assert.equal(versionInForce([decree, sameDay], '2026-01-01'), sameDay);
});

test('a new version is checked field by field, in Vietnamese and English', () => {
  const ok: { name: string; legalBasis: string; effectiveFrom: string; effectiveTo: string | null; overrides: Record<string, unknown> } = {
    name: 'Hệ số quy đổi tỉnh Khánh Hòa',
    legalBasis: 'Quyết định 12/2026/QĐ-UBND',
    effectiveFrom: '2026-07-01',
    effectiveTo: null,
    overrides: { productKinds: A.config.productKinds.map((k) => (k.code === 'BAO_CAO' ? { ...k, factor: 1.5 } : k)) },
  };
  const good = checkRuleVersion(A, [builtInVersion(A)], ok);
  assert.deepEqual(good.problems, []);
  assert.equal(good.config.productKinds.find((k) => k.code === 'BAO_CAO')!.factor, 1.5);
  const fields = (v: Partial<typeof ok>, existing: RuleVersion[] = []) => checkRuleVersion(A, existing, { ...ok, ...v }).problems.map((p) => p.field);
  assert.deepEqual(fields({ name: ' ', legalBasis: '' }), ['name', 'legalBasis']);
  assert.deepEqual(fields({ effectiveFrom: '2025-12-31' }), ['effectiveFrom'], 'not before Decree 335/2025 is in force (1/1/2026)');
  assert.deepEqual(fields({ effectiveFrom: '2026-02-30' }), ['effectiveFrom']);
  assert.deepEqual(fields({ effectiveTo: '2026-06-30' }), ['effectiveTo']);
  assert.deepEqual(fields({}, [{ id: 3, ruleSetId: A.id, name: 'Cũ', legalBasis: 'QĐ', effectiveFrom: '2026-07-01', effectiveTo: null, overrides: {} }]), ['effectiveFrom']);
  assert.deepEqual(fields({ overrides: { productKinds: A.config.productKinds.map((k, i) => (i === 3 ? { ...k, factor: 0 } : k)) } }), ['config.productKinds[3].factor']);
  // “bị trừ 25%”: a loss is a share of the product's points, within 0–100 %.
  assert.deepEqual(fields({ overrides: { latePenalty: 1.5 } }), ['config.latePenalty']);
  assert.deepEqual(fields({ overrides: { latePenalty: null } }), ['config.latePenalty']);
  assert.deepEqual(fields({ overrides: { thresholds: { HTXSNV: 60, HTTNV: 70, HTNV: 50 } } }), ['config.thresholds']);
  assert.deepEqual(fields({ overrides: { nothing: 1 } }), ['config.nothing']);
  const late = checkRuleVersion(A, [], { ...ok, overrides: { latePenalty: 2 } }).problems[0];
  assert.match(late.vi, /Mức trừ khi chậm tiến độ phải trong khoảng 0–100 %/);
  assert.match(late.en, /Loss for a delay must be between 0 and 100 %/);
  // Decree 90/2020 as amended by Decree 48/2023 applies from 13/8/2020: a version of it may start from then.
  assert.deepEqual(checkRuleVersion(B, [], { ...ok, effectiveFrom: '2023-08-01', overrides: {} }).problems, []);
});
