/**
 * Emulation and commendation (thi đua, khen thưởng): titles, forms, eligibility rules and cash awards as
 * versioned data, judged by one pure evaluator. A change of law is a new rule set; a past year is judged by the
 * rule set in force on the day of judgement (the council's session), which is a parameter.
 *
 * Every condition carries the article it comes from. Where the text in force could not be confirmed from the
 * official gazette while this was written, the condition says `confirmed: false` and its threshold is a
 * parameter of the rule set (docs/emulation.md lists them): the emulation office checks and, if need be,
 * publishes a corrected rule set rather than editing code.
 */

export const RATINGS = ['HTXSNV', 'HTTNV', 'HTNV', 'KHTNV'] as const;
/** Xếp loại chất lượng: hoàn thành xuất sắc / tốt / hoàn thành / không hoàn thành nhiệm vụ. */
export type Rating = (typeof RATINGS)[number];
/** Higher is better: HTXSNV 3, HTTNV 2, HTNV 1, KHTNV 0. */
export const ratingRank = (r: Rating): number => 3 - RATINGS.indexOf(r);

export const INDIVIDUAL_TITLES = ['LDTT', 'CSTD_CS', 'CSTD_BO', 'CSTD_TQ'] as const;
export const COLLECTIVE_TITLES = ['TT_LDTT', 'TT_LDXS', 'CO_BO', 'CO_CP'] as const;
export const FORMS = ['GIAY_KHEN', 'BANG_KHEN_BO', 'TT_GIAY_KHEN', 'TT_BANG_KHEN_BO'] as const;
export const AWARD_CODES = [...INDIVIDUAL_TITLES, ...COLLECTIVE_TITLES, ...FORMS] as const;
export type AwardCode = (typeof AWARD_CODES)[number];
export type SubjectKind = 'PERSON' | 'UNIT';

export interface AwardInfo {
  code: AwardCode;
  /** Danh hiệu thi đua or hình thức khen thưởng. */
  kind: 'TITLE' | 'FORM';
  subject: SubjectKind;
  nameVi: string;
  nameEn: string;
}

export const AWARDS: Record<AwardCode, AwardInfo> = {
  LDTT: { code: 'LDTT', kind: 'TITLE', subject: 'PERSON', nameVi: 'Lao động tiên tiến', nameEn: 'Advanced Worker' },
  CSTD_CS: { code: 'CSTD_CS', kind: 'TITLE', subject: 'PERSON', nameVi: 'Chiến sĩ thi đua cơ sở', nameEn: 'Grassroots Emulation Fighter' },
  CSTD_BO: { code: 'CSTD_BO', kind: 'TITLE', subject: 'PERSON', nameVi: 'Chiến sĩ thi đua cấp bộ', nameEn: 'Ministry-level Emulation Fighter' },
  CSTD_TQ: { code: 'CSTD_TQ', kind: 'TITLE', subject: 'PERSON', nameVi: 'Chiến sĩ thi đua toàn quốc', nameEn: 'National Emulation Fighter' },
  TT_LDTT: { code: 'TT_LDTT', kind: 'TITLE', subject: 'UNIT', nameVi: 'Tập thể lao động tiên tiến', nameEn: 'Advanced Labour Collective' },
  TT_LDXS: { code: 'TT_LDXS', kind: 'TITLE', subject: 'UNIT', nameVi: 'Tập thể lao động xuất sắc', nameEn: 'Excellent Labour Collective' },
  CO_BO: { code: 'CO_BO', kind: 'TITLE', subject: 'UNIT', nameVi: 'Cờ thi đua cấp bộ', nameEn: 'Ministry Emulation Flag' },
  CO_CP: { code: 'CO_CP', kind: 'TITLE', subject: 'UNIT', nameVi: 'Cờ thi đua của Chính phủ', nameEn: 'Government Emulation Flag' },
  GIAY_KHEN: { code: 'GIAY_KHEN', kind: 'FORM', subject: 'PERSON', nameVi: 'Giấy khen (cá nhân)', nameEn: 'Certificate of Merit (individual)' },
  BANG_KHEN_BO: { code: 'BANG_KHEN_BO', kind: 'FORM', subject: 'PERSON', nameVi: 'Bằng khen của Bộ trưởng (cá nhân)', nameEn: "Minister's Certificate of Merit (individual)" },
  TT_GIAY_KHEN: { code: 'TT_GIAY_KHEN', kind: 'FORM', subject: 'UNIT', nameVi: 'Giấy khen (tập thể)', nameEn: 'Certificate of Merit (collective)' },
  TT_BANG_KHEN_BO: { code: 'TT_BANG_KHEN_BO', kind: 'FORM', subject: 'UNIT', nameVi: 'Bằng khen của Bộ trưởng (tập thể)', nameEn: "Minister's Certificate of Merit (collective)" },
};

export const INITIATIVE_SCOPES = ['UNIT', 'MINISTRY', 'NATION'] as const;
/** Phạm vi ảnh hưởng của sáng kiến: cơ sở, cấp bộ (ngành, tỉnh), toàn quốc. */
export type InitiativeScope = (typeof INITIATIVE_SCOPES)[number];
const scopeRank = (s: InitiativeScope) => INITIATIVE_SCOPES.indexOf(s);

/** A condition of a rule, as data. `years` counts back from the year judged (1 = that year only). */
export type Condition =
  | { kind: 'RATING_AT_LEAST'; rating: Rating; years: number }
  | { kind: 'NOT_DISCIPLINED' }
  | { kind: 'HAS_TITLE'; title: AwardCode; years: number }
  | { kind: 'INITIATIVE'; scope: InitiativeScope; years: number }
  | { kind: 'ANY_OF'; of: readonly Condition[] }
  | { kind: 'MEMBERS_RATING_AT_LEAST'; rating: Rating; share: number }
  | { kind: 'MEMBERS_TITLE_SHARE'; title: AwardCode; share: number; strictlyAbove: boolean }
  | { kind: 'MEMBERS_TITLE_COUNT'; title: AwardCode; min: number }
  | { kind: 'MEMBERS_NOT_DISCIPLINED' }
  | { kind: 'UNIT_RATING_AT_LEAST'; rating: Rating; years: number };

export interface RuleCondition {
  condition: Condition;
  /** The article as cited in the reason, e.g. "Luật TĐKT 2022, Điều 23 khoản 1 điểm a". */
  article: string;
  /** False where the wording or threshold in force could not be confirmed; configurable in the rule set. */
  confirmed: boolean;
}

export interface Rule {
  award: AwardCode;
  conditions: readonly RuleCondition[];
}

export interface RuleSet {
  code: string;
  legalBasis: string;
  effectiveFrom: string;
  /** Inclusive; null while in force. */
  effectiveTo: string | null;
  rules: readonly Rule[];
}

const LAW_2022 = 'Luật Thi đua, khen thưởng số 06/2022/QH15';
const LAW_2003 = 'Luật Thi đua, khen thưởng 2003 (sửa đổi 2013)';

/** Parameters that differ between rule sets or could not be confirmed; a new rule set may change them. */
export interface RuleSetParams {
  /** Share of members with LĐTT for Tập thể LĐTT ("trên 50 %"), strictly above. */
  collectiveAdvancedShare: number;
  /** Share of members with LĐTT for Tập thể LĐXS ("ít nhất 70 %"). */
  collectiveExcellentShare: number;
  /** Whether "hoàn thành xuất sắc nhiệm vụ" stands in for an initiative for CSTĐ cơ sở. */
  grassrootsByExcellentRating: boolean;
  /** Consecutive years of HTXSNV for the minister's Bằng khen to an individual. */
  ministerMeritYears: number;
}

function buildRules(law: string, decree: string, p: RuleSetParams, confirmedExcellentAlternative: boolean): Rule[] {
  const a = (article: string) => `${law}, ${article}`;
  const d = (article: string) => `${decree}, ${article}`;
  const grassrootsMerit: RuleCondition = p.grassrootsByExcellentRating
    ? {
        condition: {
          kind: 'ANY_OF',
          of: [
            { kind: 'INITIATIVE', scope: 'UNIT', years: 1 },
            { kind: 'RATING_AT_LEAST', rating: 'HTXSNV', years: 1 },
          ],
        },
        article: `${a('Điều 23 khoản 1 điểm b')}; ${d('quy định về đánh giá hoàn thành xuất sắc nhiệm vụ')}`,
        confirmed: confirmedExcellentAlternative,
      }
    : { condition: { kind: 'INITIATIVE', scope: 'UNIT', years: 1 }, article: a('Điều 23 khoản 1 điểm b'), confirmed: true };
  return [
    {
      award: 'LDTT',
      conditions: [
        { condition: { kind: 'RATING_AT_LEAST', rating: 'HTTNV', years: 1 }, article: a('Điều 24 khoản 1 điểm a'), confirmed: true },
        { condition: { kind: 'NOT_DISCIPLINED' }, article: d('không xét tặng cho cá nhân bị kỷ luật trong năm'), confirmed: false },
      ],
    },
    {
      award: 'CSTD_CS',
      conditions: [{ condition: { kind: 'HAS_TITLE', title: 'LDTT', years: 1 }, article: a('Điều 23 khoản 1 điểm a'), confirmed: true }, grassrootsMerit],
    },
    {
      award: 'CSTD_BO',
      conditions: [
        { condition: { kind: 'HAS_TITLE', title: 'CSTD_CS', years: 3 }, article: a('Điều 22 khoản 1'), confirmed: true },
        { condition: { kind: 'INITIATIVE', scope: 'MINISTRY', years: 3 }, article: a('Điều 22 khoản 1'), confirmed: true },
      ],
    },
    {
      award: 'CSTD_TQ',
      conditions: [
        { condition: { kind: 'HAS_TITLE', title: 'CSTD_BO', years: 2 }, article: a('Điều 21 khoản 1'), confirmed: true },
        { condition: { kind: 'INITIATIVE', scope: 'NATION', years: 6 }, article: a('Điều 21 khoản 1'), confirmed: true },
      ],
    },
    {
      award: 'TT_LDTT',
      conditions: [
        { condition: { kind: 'UNIT_RATING_AT_LEAST', rating: 'HTTNV', years: 1 }, article: a('Điều 29 điểm a'), confirmed: true },
        { condition: { kind: 'MEMBERS_TITLE_SHARE', title: 'LDTT', share: p.collectiveAdvancedShare, strictlyAbove: true }, article: a('Điều 29'), confirmed: false },
        { condition: { kind: 'MEMBERS_NOT_DISCIPLINED' }, article: a('Điều 29'), confirmed: false },
      ],
    },
    {
      award: 'TT_LDXS',
      conditions: [
        { condition: { kind: 'UNIT_RATING_AT_LEAST', rating: 'HTXSNV', years: 1 }, article: a('Điều 28 điểm a'), confirmed: true },
        { condition: { kind: 'MEMBERS_RATING_AT_LEAST', rating: 'HTNV', share: 1 }, article: a('Điều 28 điểm c'), confirmed: true },
        { condition: { kind: 'MEMBERS_TITLE_SHARE', title: 'LDTT', share: p.collectiveExcellentShare, strictlyAbove: false }, article: a('Điều 28 điểm c'), confirmed: true },
        { condition: { kind: 'MEMBERS_TITLE_COUNT', title: 'CSTD_CS', min: 1 }, article: a('Điều 28 điểm d'), confirmed: true },
        { condition: { kind: 'MEMBERS_NOT_DISCIPLINED' }, article: a('Điều 28 điểm đ'), confirmed: false },
      ],
    },
    {
      award: 'CO_BO',
      conditions: [
        { condition: { kind: 'HAS_TITLE', title: 'TT_LDXS', years: 1 }, article: a('Điều 27'), confirmed: false },
        { condition: { kind: 'UNIT_RATING_AT_LEAST', rating: 'HTXSNV', years: 1 }, article: a('Điều 27 khoản 1 điểm a'), confirmed: true },
      ],
    },
    {
      award: 'CO_CP',
      conditions: [
        { condition: { kind: 'HAS_TITLE', title: 'CO_BO', years: 1 }, article: a('Điều 26'), confirmed: false },
        { condition: { kind: 'UNIT_RATING_AT_LEAST', rating: 'HTXSNV', years: 2 }, article: a('Điều 26 khoản 1'), confirmed: false },
      ],
    },
    {
      award: 'GIAY_KHEN',
      conditions: [
        { condition: { kind: 'RATING_AT_LEAST', rating: 'HTTNV', years: 1 }, article: a('Điều 75'), confirmed: false },
        { condition: { kind: 'NOT_DISCIPLINED' }, article: a('Điều 75'), confirmed: false },
      ],
    },
    {
      award: 'BANG_KHEN_BO',
      conditions: [
        { condition: { kind: 'RATING_AT_LEAST', rating: 'HTXSNV', years: p.ministerMeritYears }, article: `${a('Điều 74')}; ${d('tiêu chuẩn Bằng khen cấp bộ')}`, confirmed: false },
        { condition: { kind: 'NOT_DISCIPLINED' }, article: a('Điều 74'), confirmed: false },
      ],
    },
    {
      award: 'TT_GIAY_KHEN',
      conditions: [{ condition: { kind: 'UNIT_RATING_AT_LEAST', rating: 'HTTNV', years: 1 }, article: a('Điều 75'), confirmed: false }],
    },
    {
      award: 'TT_BANG_KHEN_BO',
      conditions: [
        { condition: { kind: 'UNIT_RATING_AT_LEAST', rating: 'HTXSNV', years: 2 }, article: `${a('Điều 74')}; ${d('tiêu chuẩn Bằng khen cấp bộ')}`, confirmed: false },
        { condition: { kind: 'MEMBERS_NOT_DISCIPLINED' }, article: a('Điều 74'), confirmed: false },
      ],
    },
  ];
}

/** Default parameters of each rule set; the thresholds marked unconfirmed in docs/emulation.md are these. */
export const DEFAULT_PARAMS: Record<string, RuleSetParams> = {
  TDKT_2003: { collectiveAdvancedShare: 0.5, collectiveExcellentShare: 0.7, grassrootsByExcellentRating: false, ministerMeritYears: 2 },
  TDKT_2022_ND98: { collectiveAdvancedShare: 0.5, collectiveExcellentShare: 0.7, grassrootsByExcellentRating: false, ministerMeritYears: 2 },
  TDKT_2022_ND152: { collectiveAdvancedShare: 0.5, collectiveExcellentShare: 0.7, grassrootsByExcellentRating: true, ministerMeritYears: 2 },
};

/** The rule sets in force one after another; `params` overrides the defaults (e.g. from settings). */
export function buildRuleSets(params: Partial<Record<string, Partial<RuleSetParams>>> = {}): RuleSet[] {
  const p = (code: string) => ({ ...DEFAULT_PARAMS[code]!, ...(params[code] ?? {}) });
  return [
    {
      code: 'TDKT_2003',
      // Article numbers of the 2003 law differ; its titles are mapped onto the same conditions, cited by name.
      legalBasis: `${LAW_2003}; Nghị định 91/2017/NĐ-CP`,
      effectiveFrom: '2017-07-31',
      effectiveTo: '2023-12-31',
      rules: buildRules(LAW_2003, 'Nghị định 91/2017/NĐ-CP', p('TDKT_2003'), false),
    },
    {
      code: 'TDKT_2022_ND98',
      legalBasis: `${LAW_2022} (hiệu lực 01/01/2024); Nghị định 98/2023/NĐ-CP`,
      effectiveFrom: '2024-01-01',
      effectiveTo: '2025-06-30',
      rules: buildRules(LAW_2022, 'Nghị định 98/2023/NĐ-CP', p('TDKT_2022_ND98'), false),
    },
    {
      code: 'TDKT_2022_ND152',
      legalBasis: `${LAW_2022}; Nghị định 152/2025/NĐ-CP (thay thế Nghị định 98/2023/NĐ-CP từ 01/07/2025)`,
      effectiveFrom: '2025-07-01',
      effectiveTo: null,
      rules: buildRules(LAW_2022, 'Nghị định 152/2025/NĐ-CP', p('TDKT_2022_ND152'), false),
    },
  ];
}

export const RULE_SETS: readonly RuleSet[] = buildRuleSets();

/** The rule set in force on a day ('YYYY-MM-DD'); null before the first. */
export function ruleSetOn(day: string, sets: readonly RuleSet[] = RULE_SETS): RuleSet | null {
  return sets.find((s) => s.effectiveFrom <= day && (s.effectiveTo === null || day <= s.effectiveTo)) ?? null;
}

/** What one year of a person's record holds. */
export interface PersonYear {
  rating: Rating | null;
  disciplined: boolean;
  titles: ReadonlySet<AwardCode>;
  /** Titles of the year being judged that the rules allow but no decision has conferred yet. */
  provisional?: ReadonlySet<AwardCode>;
}
export interface PersonRecord {
  id: number;
  years: ReadonlyMap<number, PersonYear>;
  /** Recognised initiatives: the year of recognition and the scope of effect. */
  initiatives: readonly { year: number; scope: InitiativeScope }[];
}
export interface UnitYear {
  /** The unit's own result for the year (the head's assessment of the collective). */
  rating: Rating | null;
  titles: ReadonlySet<AwardCode>;
  provisional?: ReadonlySet<AwardCode>;
}
export interface UnitRecord {
  id: number;
  years: ReadonlyMap<number, UnitYear>;
  /** The members judged with the unit for the year. */
  members: readonly PersonRecord[];
}

export interface ConditionResult {
  met: boolean;
  /** True when the records lack what the condition needs (no rating entered for a year…). */
  missingData: boolean;
  reasonVi: string;
  reasonEn: string;
  article: string;
  confirmed: boolean;
}

export interface Eligibility {
  award: AwardCode;
  year: number;
  eligible: boolean;
  ruleSet: { code: string; legalBasis: string };
  conditions: ConditionResult[];
}

const RATING_VI: Record<Rating, string> = { HTXSNV: 'hoàn thành xuất sắc nhiệm vụ', HTTNV: 'hoàn thành tốt nhiệm vụ', HTNV: 'hoàn thành nhiệm vụ', KHTNV: 'không hoàn thành nhiệm vụ' };
const RATING_EN: Record<Rating, string> = { HTXSNV: 'excellent', HTTNV: 'good', HTNV: 'completed', KHTNV: 'not completed' };
const SCOPE_VI: Record<InitiativeScope, string> = { UNIT: 'cơ sở', MINISTRY: 'cấp bộ', NATION: 'toàn quốc' };
const SCOPE_EN: Record<InitiativeScope, string> = { UNIT: 'unit', MINISTRY: 'ministry', NATION: 'national' };
const pct = (x: number) => `${Math.round(x * 1000) / 10}`;
const yearsVi = (year: number, n: number) => (n === 1 ? `năm ${year}` : `${n} năm ${year - n + 1}–${year}`);
const yearsEn = (year: number, n: number) => (n === 1 ? `in ${year}` : `in the ${n} years ${year - n + 1}–${year}`);

type Subject = { kind: 'PERSON'; person: PersonRecord } | { kind: 'UNIT'; unit: UnitRecord };

function yearsBack(year: number, n: number): number[] {
  return Array.from({ length: n }, (_, i) => year - i);
}

/** 'DECIDED' when a decision conferred the title, 'PROVISIONAL' when only the rules allow it so far. */
function holds(y: PersonYear | UnitYear | undefined, title: AwardCode): 'DECIDED' | 'PROVISIONAL' | null {
  if (!y) return null;
  if (y.titles.has(title)) return 'DECIDED';
  return y.provisional?.has(title) ? 'PROVISIONAL' : null;
}

function titleYear(subject: Subject, y: number): PersonYear | UnitYear | undefined {
  return subject.kind === 'PERSON' ? subject.person.years.get(y) : subject.unit.years.get(y);
}

function judge(c: Condition, subject: Subject, year: number): { met: boolean; missingData: boolean; vi: string; en: string } {
  switch (c.kind) {
    case 'RATING_AT_LEAST': {
      if (subject.kind !== 'PERSON') return { met: false, missingData: false, vi: 'Chỉ áp dụng cho cá nhân', en: 'Applies to individuals only' };
      const missing = yearsBack(year, c.years).filter((y) => !subject.person.years.get(y)?.rating);
      if (missing.length) return { met: false, missingData: true, vi: `Chưa có kết quả xếp loại năm ${missing.join(', ')}`, en: `No rating recorded for ${missing.join(', ')}` };
      const below = yearsBack(year, c.years).filter((y) => ratingRank(subject.person.years.get(y)!.rating!) < ratingRank(c.rating));
      if (below.length) {
        const y = below[0]!;
        const r = subject.person.years.get(y)!.rating!;
        return {
          met: false,
          missingData: false,
          vi: `Năm ${y} xếp loại "${RATING_VI[r]}", cần từ "${RATING_VI[c.rating]}" trở lên ${yearsVi(year, c.years)}`,
          en: `Rated ${RATING_EN[r]} in ${y}; needs ${RATING_EN[c.rating]} or better ${yearsEn(year, c.years)}`,
        };
      }
      return { met: true, missingData: false, vi: `Xếp loại từ "${RATING_VI[c.rating]}" trở lên ${yearsVi(year, c.years)}`, en: `Rated ${RATING_EN[c.rating]} or better ${yearsEn(year, c.years)}` };
    }
    case 'NOT_DISCIPLINED': {
      if (subject.kind !== 'PERSON') return { met: false, missingData: false, vi: 'Chỉ áp dụng cho cá nhân', en: 'Applies to individuals only' };
      const y = subject.person.years.get(year);
      if (y?.disciplined) return { met: false, missingData: false, vi: `Bị kỷ luật trong năm ${year}`, en: `Disciplined in ${year}` };
      return { met: true, missingData: false, vi: `Không bị kỷ luật trong năm ${year}`, en: `Not disciplined in ${year}` };
    }
    case 'HAS_TITLE': {
      const name = AWARDS[c.title];
      const held = yearsBack(year, c.years).map((y) => holds(titleYear(subject, y), c.title));
      const lacking = yearsBack(year, c.years).filter((_, i) => !held[i]);
      if (lacking.length) {
        return {
          met: false,
          missingData: false,
          vi: c.years === 1 ? `Chưa đạt "${name.nameVi}" năm ${year}` : `Cần ${c.years} năm liên tục đạt "${name.nameVi}" (${year - c.years + 1}–${year}); thiếu năm ${lacking.sort().join(', ')}`,
          en: c.years === 1 ? `Not ${name.nameEn} in ${year}` : `Needs ${name.nameEn} ${c.years} consecutive years (${year - c.years + 1}–${year}); missing ${lacking.sort().join(', ')}`,
        };
      }
      const pending = held.includes('PROVISIONAL');
      return {
        met: true,
        missingData: false,
        vi: `Đạt "${name.nameVi}" ${yearsVi(year, c.years)}${pending ? ` (năm ${year}: đủ tiêu chuẩn, chờ quyết định)` : ''}`,
        en: `${name.nameEn} ${yearsEn(year, c.years)}${pending ? ` (${year}: meets the standard, decision pending)` : ''}`,
      };
    }
    case 'INITIATIVE': {
      if (subject.kind !== 'PERSON') return { met: false, missingData: false, vi: 'Chỉ áp dụng cho cá nhân', en: 'Applies to individuals only' };
      const from = year - c.years + 1;
      const hit = subject.person.initiatives.find((i) => i.year >= from && i.year <= year && scopeRank(i.scope) >= scopeRank(c.scope));
      if (!hit)
        return {
          met: false,
          missingData: false,
          vi: `Không có sáng kiến được công nhận có phạm vi ảnh hưởng ${SCOPE_VI[c.scope]} trở lên ${yearsVi(year, c.years)}`,
          en: `No recognised initiative with ${SCOPE_EN[c.scope]}-level effect or wider ${yearsEn(year, c.years)}`,
        };
      return {
        met: true,
        missingData: false,
        vi: `Có sáng kiến năm ${hit.year}, phạm vi ảnh hưởng ${SCOPE_VI[hit.scope]}`,
        en: `Initiative recognised in ${hit.year} with ${SCOPE_EN[hit.scope]}-level effect`,
      };
    }
    case 'ANY_OF': {
      const parts = c.of.map((x) => judge(x, subject, year));
      const met = parts.find((x) => x.met);
      if (met) return { met: true, missingData: false, vi: met.vi, en: met.en };
      return { met: false, missingData: parts.some((x) => x.missingData), vi: parts.map((x) => x.vi).join('; và '), en: parts.map((x) => x.en).join('; and ') };
    }
    case 'UNIT_RATING_AT_LEAST': {
      if (subject.kind !== 'UNIT') return { met: false, missingData: false, vi: 'Chỉ áp dụng cho tập thể', en: 'Applies to collectives only' };
      const missing = yearsBack(year, c.years).filter((y) => !subject.unit.years.get(y)?.rating);
      if (missing.length) return { met: false, missingData: true, vi: `Chưa có kết quả đánh giá tập thể năm ${missing.join(', ')}`, en: `No collective assessment for ${missing.join(', ')}` };
      const below = yearsBack(year, c.years).find((y) => ratingRank(subject.unit.years.get(y)!.rating!) < ratingRank(c.rating));
      if (below !== undefined) {
        const r = subject.unit.years.get(below)!.rating!;
        return {
          met: false,
          missingData: false,
          vi: `Tập thể năm ${below} "${RATING_VI[r]}", cần từ "${RATING_VI[c.rating]}" trở lên`,
          en: `The collective was ${RATING_EN[r]} in ${below}; needs ${RATING_EN[c.rating]} or better`,
        };
      }
      return { met: true, missingData: false, vi: `Tập thể "${RATING_VI[c.rating]}" trở lên ${yearsVi(year, c.years)}`, en: `Collective ${RATING_EN[c.rating]} or better ${yearsEn(year, c.years)}` };
    }
    case 'MEMBERS_RATING_AT_LEAST':
    case 'MEMBERS_TITLE_SHARE':
    case 'MEMBERS_TITLE_COUNT':
    case 'MEMBERS_NOT_DISCIPLINED': {
      if (subject.kind !== 'UNIT') return { met: false, missingData: false, vi: 'Chỉ áp dụng cho tập thể', en: 'Applies to collectives only' };
      const members = subject.unit.members;
      if (members.length === 0) return { met: false, missingData: true, vi: 'Tập thể chưa có danh sách thành viên', en: 'The collective has no members recorded' };
      const ofYear = members.map((m) => m.years.get(year));
      if (c.kind === 'MEMBERS_RATING_AT_LEAST') {
        const unrated = ofYear.filter((y) => !y?.rating).length;
        if (unrated)
          return {
            met: false,
            missingData: true,
            vi: `${unrated}/${members.length} cá nhân chưa có kết quả xếp loại năm ${year}`,
            en: `${unrated} of ${members.length} members have no rating for ${year}`,
          };
        const ok = ofYear.filter((y) => ratingRank(y!.rating!) >= ratingRank(c.rating)).length;
        const share = ok / members.length;
        const met = share >= c.share;
        return met
          ? { met, missingData: false, vi: `${ok}/${members.length} cá nhân ${RATING_VI[c.rating]} trở lên`, en: `${ok} of ${members.length} members ${RATING_EN[c.rating]} or better` }
          : {
              met,
              missingData: false,
              vi: `Chỉ ${ok}/${members.length} cá nhân ${RATING_VI[c.rating]} trở lên, cần ${pct(c.share)} %`,
              en: `Only ${ok} of ${members.length} members ${RATING_EN[c.rating]} or better; needs ${pct(c.share)} %`,
            };
      }
      if (c.kind === 'MEMBERS_TITLE_SHARE') {
        const n = ofYear.filter((y) => holds(y, c.title)).length;
        const share = n / members.length;
        const met = c.strictlyAbove ? share > c.share : share >= c.share;
        const need = c.strictlyAbove ? `trên ${pct(c.share)} %` : `ít nhất ${pct(c.share)} %`;
        const needEn = c.strictlyAbove ? `more than ${pct(c.share)} %` : `at least ${pct(c.share)} %`;
        return {
          met,
          missingData: false,
          vi: `${n}/${members.length} cá nhân (${pct(share)} %) đạt "${AWARDS[c.title].nameVi}"; cần ${need}`,
          en: `${n} of ${members.length} members (${pct(share)} %) are ${AWARDS[c.title].nameEn}; needs ${needEn}`,
        };
      }
      if (c.kind === 'MEMBERS_TITLE_COUNT') {
        const n = ofYear.filter((y) => holds(y, c.title)).length;
        return {
          met: n >= c.min,
          missingData: false,
          vi: `${n} cá nhân đạt "${AWARDS[c.title].nameVi}"; cần ít nhất ${c.min}`,
          en: `${n} members are ${AWARDS[c.title].nameEn}; needs at least ${c.min}`,
        };
      }
      const n = ofYear.filter((y) => y?.disciplined).length;
      return n
        ? { met: false, missingData: false, vi: `${n} cá nhân bị kỷ luật trong năm ${year}`, en: `${n} members disciplined in ${year}` }
        : { met: true, missingData: false, vi: `Không có cá nhân bị kỷ luật trong năm ${year}`, en: `No member disciplined in ${year}` };
    }
  }
}

/** Whether the subject may be proposed for the award in the year, under the rule set; a reason and article for every condition. */
export function evaluateEligibility(ruleSet: RuleSet, award: AwardCode, year: number, subject: Subject): Eligibility {
  const rule = ruleSet.rules.find((r) => r.award === award);
  const info = AWARDS[award];
  const base = { award, year, ruleSet: { code: ruleSet.code, legalBasis: ruleSet.legalBasis } };
  // Refused before any condition is judged: one reason, under the rule set's own legal basis.
  const refused = (reasonVi: string, reasonEn: string): Eligibility => ({
    ...base,
    eligible: false,
    conditions: [{ met: false, missingData: false, reasonVi, reasonEn, article: ruleSet.legalBasis, confirmed: true }],
  });
  if (info.subject !== subject.kind) {
    return refused(`"${info.nameVi}" xét cho ${info.subject === 'PERSON' ? 'cá nhân' : 'tập thể'}`, `${info.nameEn} is awarded to ${info.subject === 'PERSON' ? 'individuals' : 'collectives'}`);
  }
  if (!rule) return refused(`Bộ quy tắc ${ruleSet.code} không có tiêu chuẩn cho "${info.nameVi}"`, `Rule set ${ruleSet.code} has no standard for ${info.nameEn}`);
  const conditions = rule.conditions.map((rc) => {
    const r = judge(rc.condition, subject, year);
    return { met: r.met, missingData: r.missingData, reasonVi: r.vi, reasonEn: r.en, article: rc.article, confirmed: rc.confirmed };
  });
  return { ...base, eligible: conditions.every((c) => c.met), conditions };
}

function withProvisional<T extends PersonYear | UnitYear>(y: T | undefined, award: AwardCode, empty: T): T {
  const base = y ?? empty;
  return { ...base, provisional: new Set([...(base.provisional ?? []), award]) };
}

/**
 * Every individual title and form for a person in a year, lower titles first: a title the rules allow this
 * year counts, provisionally, for the higher ones (CSTĐ cơ sở needs LĐTT of the same year).
 */
export function evaluatePerson(ruleSet: RuleSet, year: number, person: PersonRecord): { eligibility: Eligibility[]; record: PersonRecord } {
  const out: Eligibility[] = [];
  let record = person;
  for (const award of [...INDIVIDUAL_TITLES, 'GIAY_KHEN', 'BANG_KHEN_BO'] as const) {
    const e = evaluateEligibility(ruleSet, award, year, personSubject(record));
    out.push(e);
    if (e.eligible && !record.years.get(year)?.titles.has(award)) {
      const years = new Map(record.years);
      years.set(year, withProvisional(record.years.get(year), award, { rating: null, disciplined: false, titles: new Set() }));
      record = { ...record, years };
    }
  }
  return { eligibility: out, record };
}

/**
 * Every collective title and form for a unit, its members judged first (their provisional titles count). Members
 * already judged (the records evaluatePerson returned) are passed with `membersJudged` and not judged again.
 */
export function evaluateUnit(ruleSet: RuleSet, year: number, unit: UnitRecord, membersJudged = false): { eligibility: Eligibility[]; members: { id: number; eligibility: Eligibility[] }[] } {
  const judged = membersJudged ? [] : unit.members.map((m) => ({ id: m.id, ...evaluatePerson(ruleSet, year, m) }));
  let record: UnitRecord = membersJudged ? unit : { ...unit, members: judged.map((j) => j.record) };
  const out: Eligibility[] = [];
  for (const award of [...COLLECTIVE_TITLES, 'TT_GIAY_KHEN', 'TT_BANG_KHEN_BO'] as const) {
    const e = evaluateEligibility(ruleSet, award, year, unitSubject(record));
    out.push(e);
    if (e.eligible && !record.years.get(year)?.titles.has(award)) {
      const years = new Map(record.years);
      years.set(year, withProvisional(record.years.get(year), award, { rating: null, titles: new Set() }));
      record = { ...record, years };
    }
  }
  return { eligibility: out, members: judged.map((j) => ({ id: j.id, eligibility: j.eligibility })) };
}

export const personSubject = (person: PersonRecord): Subject => ({ kind: 'PERSON', person });
export const unitSubject = (unit: UnitRecord): Subject => ({ kind: 'UNIT', unit });

/**
 * Cash awards as multiples of the base salary (mức lương cơ sở), by effective date. Coefficients as in
 * Nghị định 91/2017/NĐ-CP Điều 70–76, carried over by Nghị định 98/2023/NĐ-CP and assumed unchanged by
 * Nghị định 152/2025/NĐ-CP (unconfirmed: configurable). Collective forms are twice the individual's.
 */
export interface AwardCoefficients {
  legalBasis: string;
  effectiveFrom: string;
  effectiveTo: string | null;
  confirmed: boolean;
  coefficients: Partial<Record<AwardCode, number>>;
}

const COEFFICIENTS: Partial<Record<AwardCode, number>> = {
  CSTD_TQ: 4.5,
  CSTD_BO: 3.0,
  CSTD_CS: 1.0,
  LDTT: 0.3,
  CO_CP: 12.5,
  CO_BO: 8.0,
  TT_LDXS: 1.5,
  TT_LDTT: 0.8,
  BANG_KHEN_BO: 1.0,
  TT_BANG_KHEN_BO: 2.0,
  GIAY_KHEN: 0.3,
  TT_GIAY_KHEN: 0.6,
};

export const AWARD_COEFFICIENTS: readonly AwardCoefficients[] = [
  { legalBasis: 'Nghị định 91/2017/NĐ-CP, Điều 70–76', effectiveFrom: '2017-07-31', effectiveTo: '2023-12-31', confirmed: true, coefficients: COEFFICIENTS },
  { legalBasis: 'Nghị định 98/2023/NĐ-CP', effectiveFrom: '2024-01-01', effectiveTo: '2025-06-30', confirmed: false, coefficients: COEFFICIENTS },
  { legalBasis: 'Nghị định 152/2025/NĐ-CP', effectiveFrom: '2025-07-01', effectiveTo: null, confirmed: false, coefficients: COEFFICIENTS },
];

/** Mức lương cơ sở (VND per month) by effective date. */
export const BASE_SALARIES: readonly { amount: number; legalBasis: string; effectiveFrom: string }[] = [
  { amount: 1_490_000, legalBasis: 'Nghị định 38/2019/NĐ-CP', effectiveFrom: '2019-07-01' },
  { amount: 1_800_000, legalBasis: 'Nghị định 24/2023/NĐ-CP', effectiveFrom: '2023-07-01' },
  { amount: 2_340_000, legalBasis: 'Nghị định 73/2024/NĐ-CP', effectiveFrom: '2024-07-01' },
];

export interface CashAward {
  award: AwardCode;
  coefficient: number;
  baseSalary: number;
  /** Rounded up to the ten thousand đồng. */
  amount: number;
  legalBasis: string;
  confirmed: boolean;
}

/** The cash that goes with an award decided on a day; null when no table covers the award. */
export function cashAward(award: AwardCode, decisionDate: string, tables: readonly AwardCoefficients[] = AWARD_COEFFICIENTS, salaries = BASE_SALARIES): CashAward | null {
  const table = tables.find((t) => t.effectiveFrom <= decisionDate && (t.effectiveTo === null || decisionDate <= t.effectiveTo));
  const salary = [...salaries].filter((s) => s.effectiveFrom <= decisionDate).sort((a, b) => b.effectiveFrom.localeCompare(a.effectiveFrom))[0];
  const coefficient = table?.coefficients[award];
  if (!table || !salary || coefficient === undefined) return null;
  // Integer arithmetic on tenths of the coefficient: 0.3 × 1 800 000 must be 540 000 exactly.
  const raw = (Math.round(coefficient * 10) * salary.amount) / 10;
  const amount = Math.ceil(raw / 10_000) * 10_000;
  return { award, coefficient, baseSalary: salary.amount, amount, legalBasis: `${table.legalBasis}; ${salary.legalBasis}`, confirmed: table.confirmed };
}

/**
 * The council's vote needed per award, as a share of all its members. The former rule asked at least 90 % of all
 * members for CSTĐ cấp bộ and above; at least half is used for the others. Neither could be confirmed in the
 * texts in force (Nghị định 98/2023, 152/2025) while this was written: configurable.
 */
export const COUNCIL_THRESHOLDS: Record<AwardCode, { num: number; den: number }> = {
  CSTD_TQ: { num: 9, den: 10 },
  CSTD_BO: { num: 9, den: 10 },
  CO_CP: { num: 9, den: 10 },
  CO_BO: { num: 9, den: 10 },
  BANG_KHEN_BO: { num: 9, den: 10 },
  TT_BANG_KHEN_BO: { num: 9, den: 10 },
  CSTD_CS: { num: 1, den: 2 },
  LDTT: { num: 1, den: 2 },
  TT_LDXS: { num: 1, den: 2 },
  TT_LDTT: { num: 1, den: 2 },
  GIAY_KHEN: { num: 1, den: 2 },
  TT_GIAY_KHEN: { num: 1, den: 2 },
};
/** Default quorum of a council session: two thirds of its members. */
export const DEFAULT_QUORUM = { num: 2, den: 3 };
