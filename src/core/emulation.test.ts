import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  buildRuleSets,
  cashAward,
  evaluateEligibility,
  evaluatePerson,
  evaluateUnit,
  personSubject,
  ruleSetOn,
  unitSubject,
  type AwardCode,
  type PersonRecord,
  type PersonYear,
  type Rating,
  type UnitRecord,
} from './emulation.ts';

const y = (rating: Rating | null, titles: AwardCode[] = [], disciplined = false): PersonYear => ({ rating, disciplined, titles: new Set(titles) });
function person(id: number, years: Record<number, PersonYear>, initiatives: PersonRecord['initiatives'] = []): PersonRecord {
  return { id, years: new Map(Object.entries(years).map(([k, v]) => [Number(k), v])), initiatives };
}
const ND98 = ruleSetOn('2024-01-20')!;
const ND152 = ruleSetOn('2025-12-20')!;

test('the rule set is the one in force on the day of judgement: Law 06/2022 + Decree 98/2023 until 30/6/2025, Decree 152/2025 from 1/7/2025', () => {
  assert.equal(ruleSetOn('2023-12-31')!.code, 'TDKT_2003');
  assert.equal(ruleSetOn('2024-01-01')!.code, 'TDKT_2022_ND98');
  assert.equal(ruleSetOn('2025-06-30')!.code, 'TDKT_2022_ND98');
  assert.equal(ruleSetOn('2025-07-01')!.code, 'TDKT_2022_ND152');
  assert.equal(ruleSetOn('2010-01-01'), null);
});

// Luật TĐKT 2022, Điều 24 khoản 1 điểm a: LĐTT for "hoàn thành tốt nhiệm vụ được giao" — a rating of HTTNV or better.
test('Lao động tiên tiến: HTTNV or better and not disciplined (Điều 24 khoản 1 điểm a)', () => {
  assert.equal(evaluateEligibility(ND98, 'LDTT', 2023, personSubject(person(1, { 2023: y('HTTNV') }))).eligible, true);
  const htnv = evaluateEligibility(ND98, 'LDTT', 2023, personSubject(person(1, { 2023: y('HTNV') })));
  assert.equal(htnv.eligible, false);
  assert.match(htnv.conditions[0]!.reasonVi, /xếp loại "hoàn thành nhiệm vụ", cần từ "hoàn thành tốt nhiệm vụ"/);
  assert.match(htnv.conditions[0]!.article, /Điều 24 khoản 1 điểm a/);
  assert.equal(evaluateEligibility(ND98, 'LDTT', 2023, personSubject(person(1, { 2023: y('HTXSNV', [], true) }))).eligible, false);
  const none = evaluateEligibility(ND98, 'LDTT', 2023, personSubject(person(1, {})));
  assert.equal(none.conditions[0]!.missingData, true);
});

// Luật TĐKT 2022, Điều 23 khoản 1: "a) Đạt danh hiệu 'Lao động tiên tiến'…; b) Có sáng kiến được cơ sở công nhận…"
test('CSTĐ cơ sở: LĐTT plus a recognised initiative (Điều 23 khoản 1 điểm a, b); from Decree 152/2025, HTXSNV also serves', () => {
  const withInitiative = person(1, { 2023: y('HTTNV', ['LDTT']) }, [{ year: 2023, scope: 'UNIT' }]);
  assert.equal(evaluateEligibility(ND98, 'CSTD_CS', 2023, personSubject(withInitiative)).eligible, true);
  const excellentOnly = person(2, { 2025: y('HTXSNV', ['LDTT']) });
  const r98 = evaluateEligibility(ND98, 'CSTD_CS', 2025, personSubject(excellentOnly));
  assert.equal(r98.eligible, false);
  assert.match(r98.conditions[1]!.reasonVi, /Không có sáng kiến/);
  const r152 = evaluateEligibility(ND152, 'CSTD_CS', 2025, personSubject(excellentOnly));
  assert.equal(r152.eligible, true);
  assert.equal(r152.conditions[1]!.confirmed, false, 'the HTXSNV alternative is flagged as unconfirmed');
  const noLdtt = evaluateEligibility(ND152, 'CSTD_CS', 2025, personSubject(person(3, { 2025: y('HTXSNV') })));
  assert.match(noLdtt.conditions[0]!.reasonVi, /Chưa đạt "Lao động tiên tiến" năm 2025/);
});

// Luật TĐKT 2022, Điều 22 khoản 1: "có 03 lần liên tục đạt danh hiệu 'Chiến sĩ thi đua cơ sở'" and an initiative with effect at that level.
test('CSTĐ cấp bộ: 3 consecutive CSTĐ cơ sở plus a ministry-level initiative (Điều 22 khoản 1)', () => {
  const history = { 2021: y('HTXSNV', ['LDTT', 'CSTD_CS']), 2022: y('HTXSNV', ['LDTT', 'CSTD_CS']), 2023: y('HTXSNV', ['LDTT', 'CSTD_CS']) };
  assert.equal(evaluateEligibility(ND98, 'CSTD_BO', 2023, personSubject(person(1, history, [{ year: 2022, scope: 'MINISTRY' }]))).eligible, true);
  const unitOnly = evaluateEligibility(ND98, 'CSTD_BO', 2023, personSubject(person(1, history, [{ year: 2022, scope: 'UNIT' }])));
  assert.equal(unitOnly.eligible, false);
  assert.match(unitOnly.conditions[1]!.reasonVi, /phạm vi ảnh hưởng cấp bộ trở lên/);
  const gap = evaluateEligibility(ND98, 'CSTD_BO', 2023, personSubject(person(1, { ...history, 2022: y('HTTNV', ['LDTT']) }, [{ year: 2023, scope: 'NATION' }])));
  assert.equal(gap.eligible, false);
  assert.match(gap.conditions[0]!.reasonVi, /Cần 3 năm liên tục đạt "Chiến sĩ thi đua cơ sở" \(2021–2023\); thiếu năm 2022/);
  assert.match(gap.conditions[0]!.article, /Điều 22 khoản 1/);
});

// Luật TĐKT 2022, Điều 21 khoản 1: among those with "02 lần liên tục đạt danh hiệu 'Chiến sĩ thi đua' cấp bộ", an initiative of national effect.
test('CSTĐ toàn quốc: 2 consecutive CSTĐ cấp bộ plus a national initiative (Điều 21 khoản 1)', () => {
  const h = { 2022: y('HTXSNV', ['CSTD_BO']), 2023: y('HTXSNV', ['CSTD_BO']) };
  assert.equal(evaluateEligibility(ND98, 'CSTD_TQ', 2023, personSubject(person(1, h, [{ year: 2021, scope: 'NATION' }]))).eligible, true);
  assert.equal(evaluateEligibility(ND98, 'CSTD_TQ', 2023, personSubject(person(1, h, [{ year: 2021, scope: 'MINISTRY' }]))).eligible, false);
});

function unit(members: PersonRecord[], rating: Rating = 'HTXSNV', titles: AwardCode[] = []): UnitRecord {
  return { id: 100, years: new Map([[2023, { rating, titles: new Set(titles) }]]), members };
}

// Luật TĐKT 2022, Điều 28: "c) 100% cá nhân trong tập thể hoàn thành nhiệm vụ được giao, trong đó có ít nhất 70% cá nhân đạt danh hiệu
// 'Lao động tiên tiến'; d) Có cá nhân đạt danh hiệu 'Chiến sĩ thi đua cơ sở'".
test('Tập thể LĐXS: every member completes tasks, at least 70 % LĐTT, at least one CSTĐ cơ sở (Điều 28 điểm c, d)', () => {
  const ten = (ldtt: number, cstd: number, failing = 0) =>
    Array.from({ length: 10 }, (_, i) => person(i + 1, { 2023: y(i < failing ? 'KHTNV' : 'HTTNV', [...(i < ldtt ? ['LDTT' as const] : []), ...(i < cstd ? ['CSTD_CS' as const] : [])]) }));
  assert.equal(evaluateEligibility(ND98, 'TT_LDXS', 2023, unitSubject(unit(ten(7, 1)))).eligible, true);
  const sixty = evaluateEligibility(ND98, 'TT_LDXS', 2023, unitSubject(unit(ten(6, 1))));
  assert.equal(sixty.eligible, false);
  assert.equal(sixty.conditions[2]!.reasonVi, '6/10 cá nhân (60 %) đạt "Lao động tiên tiến"; cần ít nhất 70 %');
  assert.match(sixty.conditions[2]!.article, /Điều 28 điểm c/);
  assert.equal(evaluateEligibility(ND98, 'TT_LDXS', 2023, unitSubject(unit(ten(8, 0)))).conditions[3]!.met, false);
  const oneFails = evaluateEligibility(ND98, 'TT_LDXS', 2023, unitSubject(unit(ten(8, 1, 1))));
  assert.match(oneFails.conditions[1]!.reasonVi, /Chỉ 9\/10 cá nhân hoàn thành nhiệm vụ trở lên, cần 100 %/);
  // A configured rule set with a different share judges the same unit otherwise.
  const custom = buildRuleSets({ TDKT_2022_ND98: { collectiveExcellentShare: 0.6 } }).find((s) => s.code === 'TDKT_2022_ND98')!;
  assert.equal(evaluateEligibility(custom, 'TT_LDXS', 2023, unitSubject(unit(ten(6, 1)))).eligible, true);
});

test('Tập thể LĐTT: more than half LĐTT (strictly) — exactly half is not enough; a title for a person is refused for a unit', () => {
  const members = Array.from({ length: 4 }, (_, i) => person(i + 1, { 2023: y('HTTNV', i < 2 ? ['LDTT'] : []) }));
  assert.equal(evaluateEligibility(ND98, 'TT_LDTT', 2023, unitSubject(unit(members, 'HTTNV'))).eligible, false);
  const wrong = evaluateEligibility(ND98, 'LDTT', 2023, unitSubject(unit(members)));
  assert.equal(wrong.eligible, false);
  assert.match(wrong.conditions[0]!.reasonVi, /xét cho cá nhân/);
});

test('Cờ thi đua cấp bộ needs Tập thể LĐXS of the year and an excellent collective result', () => {
  assert.equal(evaluateEligibility(ND98, 'CO_BO', 2023, unitSubject(unit([], 'HTXSNV', ['TT_LDXS']))).eligible, true);
  assert.equal(evaluateEligibility(ND98, 'CO_BO', 2023, unitSubject(unit([], 'HTXSNV', []))).eligible, false);
});

test('cash awards: coefficient × base salary on the decision date, rounded up to ten thousand đồng', () => {
  // Nghị định 91/2017 Điều 71: CSTĐ cấp bộ 3,0 lần mức lương cơ sở; mức lương cơ sở 1.800.000 đ from 1/7/2023.
  assert.equal(cashAward('CSTD_BO', '2023-12-20')!.amount, 5_400_000);
  assert.equal(cashAward('LDTT', '2023-12-20')!.amount, 540_000);
  // From 1/7/2024 (Nghị định 73/2024): 2.340.000 đ; 0,3 × 2.340.000 = 702.000 → 710.000 rounded up.
  const ldtt = cashAward('LDTT', '2025-12-20')!;
  assert.equal(ldtt.amount, 710_000);
  assert.equal(ldtt.confirmed, false);
  assert.equal(cashAward('CO_CP', '2024-08-01')!.amount, 29_250_000);
  assert.equal(cashAward('LDTT', '2010-01-01'), null);
});

test('judged together, a title the rules allow this year counts for the higher one, said to await the decision', () => {
  const p = person(1, { 2021: y('HTXSNV', ['LDTT', 'CSTD_CS']), 2022: y('HTXSNV', ['LDTT', 'CSTD_CS']), 2023: y('HTXSNV') }, [{ year: 2023, scope: 'MINISTRY' }]);
  const { eligibility } = evaluatePerson(ND98, 2023, p);
  const by = new Map(eligibility.map((e) => [e.award, e]));
  assert.equal(by.get('LDTT')!.eligible, true);
  assert.equal(by.get('CSTD_CS')!.eligible, true);
  assert.match(by.get('CSTD_CS')!.conditions[0]!.reasonVi, /chờ quyết định/);
  assert.equal(by.get('CSTD_BO')!.eligible, true);
  assert.equal(by.get('CSTD_TQ')!.eligible, false);
  // A unit of ten whose members are judged in the same pass: 8 LĐTT, one CSTĐ cơ sở (provisional) → Tập thể LĐXS.
  const members = Array.from({ length: 10 }, (_, i) => person(i + 1, { 2023: y(i < 8 ? 'HTTNV' : 'HTNV') }, i === 0 ? [{ year: 2023, scope: 'UNIT' }] : []));
  const u = evaluateUnit(ND98, 2023, { id: 5, years: new Map([[2023, { rating: 'HTXSNV', titles: new Set() }]]), members });
  const ub = new Map(u.eligibility.map((e) => [e.award, e]));
  assert.equal(ub.get('TT_LDXS')!.eligible, true, JSON.stringify(ub.get('TT_LDXS')!.conditions));
  assert.equal(ub.get('CO_BO')!.eligible, true);
  assert.equal(u.members.length, 10);
});

test('a unit whose members were judged already is not judged twice, with the same answer', () => {
  const members = Array.from({ length: 10 }, (_, i) => person(i + 1, { 2023: y(i < 8 ? 'HTTNV' : 'HTNV') }, i === 0 ? [{ year: 2023, scope: 'UNIT' }] : []));
  const unitRecord = { id: 5, years: new Map([[2023, { rating: 'HTXSNV' as const, titles: new Set<AwardCode>() }]]), members };
  const once = evaluateUnit(ND98, 2023, unitRecord);
  const judged = members.map((m) => evaluatePerson(ND98, 2023, m).record);
  const again = evaluateUnit(ND98, 2023, { ...unitRecord, members: judged }, true);
  assert.deepEqual(again.eligibility, once.eligibility);
  assert.equal(again.members.length, 0);
});
