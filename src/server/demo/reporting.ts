// Demo content for reporting: a platform disaggregation, the data elements of the ministry's
// sectors, three regimes, and generated monthly, quarterly and yearly history with report statuses.
// Deterministic: the same `today` gives the same figures.
import type { Db } from '../db/db.ts';
import { dueDate, parsePeriod, periodsBetween, reportingWindow, type CutoffRule, type PeriodType } from '../../core/periods.ts';
import { foldVietnamese } from '../../core/vietnamese.ts';
import { findDisaggregation, findSectorId, insertDataElement, insertDisaggregation, insertOptions, listOptions } from '../modules/metadata/repo.ts';
import type { AggregationType, ValueType } from '../modules/metadata/schema.ts';
import { PROVINCE_MERGERS } from '../../core/provinces.ts';
import { ENTERPRISES, OLD_PROVINCE_CODE_PREFIX, type SectorCode } from './agency.ts';
import { ensurePeriodIds } from '../modules/periods/service.ts';
import { insertRegime, replaceAssignments, replaceForm } from '../modules/regimes/repo.ts';
import { resolveRegimeOrgUnits } from '../modules/regimes/service.ts';
import { insertRule, replaceRuleElements } from '../modules/validation-rules/repo.ts';

export interface ReportingSeedResult {
  seeded: boolean;
  dataElements: number;
  regimes: number;
  values: number;
  statuses: number;
}

interface ElementDef {
  code: string;
  nameVi: string;
  nameEn: string;
  valueType: ValueType;
  aggregationType: AggregationType;
  unit: string | null;
  sector: SectorCode | null;
  platform?: boolean;
  zeroIsSignificant?: boolean;
  min?: number;
  max?: number;
  seasonal?: boolean;
  /** A report may be sent without it (everything else is compulsory). */
  optional?: boolean;
}

const E = (
  code: string,
  nameVi: string,
  nameEn: string,
  valueType: ValueType,
  aggregationType: AggregationType,
  unit: string | null,
  sector: SectorCode | null,
  extra: Partial<ElementDef> = {},
): ElementDef => ({ code, nameVi, nameEn, valueType, aggregationType, unit, sector, ...extra });

/** The data elements of the demo; indicators are defined over these codes. */
export const DEMO_DATA_ELEMENTS: readonly ElementDef[] = [
  E('TB_DI_DONG', 'Số thuê bao di động', 'Mobile subscribers', 'INTEGER_ZERO_OR_POSITIVE', 'LAST', 'thuê bao', 'VIEN_THONG'),
  E('TB_BANG_RONG', 'Số thuê bao băng rộng cố định', 'Fixed broadband subscribers', 'INTEGER_ZERO_OR_POSITIVE', 'LAST', 'thuê bao', 'VIEN_THONG'),
  E('DOANH_THU_VT', 'Doanh thu dịch vụ viễn thông', 'Telecom service revenue', 'NUMBER', 'SUM', 'tỷ đồng', 'VIEN_THONG'),
  E('TRAM_5G', 'Số trạm phát sóng 5G', '5G base stations', 'INTEGER_ZERO_OR_POSITIVE', 'LAST', 'trạm', 'VIEN_THONG', { zeroIsSignificant: true }),
  E('DAN_SO_PHU_5G', 'Dân số được phủ sóng 5G', 'Population covered by 5G', 'INTEGER_ZERO_OR_POSITIVE', 'LAST', 'người', 'VIEN_THONG', { zeroIsSignificant: true }),
  E('DAN_SO', 'Dân số', 'Population', 'INTEGER_ZERO_OR_POSITIVE', 'LAST', 'người', null),
  E('TK_NEN_TANG_VN', 'Số tài khoản trên nền tảng số Việt Nam', 'Accounts on Vietnamese digital platforms', 'INTEGER_ZERO_OR_POSITIVE', 'LAST', 'tài khoản', 'KINH_TE_SO'),
  E('TK_NEN_TANG_TONG', 'Tổng số tài khoản trên các nền tảng số', 'Accounts on all digital platforms', 'INTEGER_ZERO_OR_POSITIVE', 'LAST', 'tài khoản', 'KINH_TE_SO'),
  E('ND_XAU_YEU_CAU', 'Số nội dung xấu độc yêu cầu gỡ bỏ', 'Harmful items requested for removal', 'INTEGER_ZERO_OR_POSITIVE', 'SUM', 'nội dung', 'BAO_CHI', {
    platform: true,
    zeroIsSignificant: true,
  }),
  E('ND_XAU_DA_GO', 'Số nội dung xấu độc đã được gỡ bỏ', 'Harmful items removed', 'INTEGER_ZERO_OR_POSITIVE', 'SUM', 'nội dung', 'BAO_CHI', { platform: true, zeroIsSignificant: true }),
  E('CO_QUAN_BAO_CHI', 'Số cơ quan báo chí', 'Press agencies', 'INTEGER_ZERO_OR_POSITIVE', 'LAST', 'cơ quan', 'BAO_CHI'),
  E('CO_QUAN_BAO_CHI_SO', 'Số cơ quan báo chí đưa nội dung lên nền tảng số', 'Press agencies publishing on digital platforms', 'INTEGER_ZERO_OR_POSITIVE', 'LAST', 'cơ quan', 'BAO_CHI'),
  E('GDP_KTS', 'Giá trị tăng thêm của kinh tế số', 'Digital economy value added', 'NUMBER', 'SUM', 'tỷ đồng', 'KINH_TE_SO'),
  E('GDP', 'Tổng sản phẩm trên địa bàn (GRDP)', 'Gross regional domestic product (GRDP)', 'NUMBER', 'SUM', 'tỷ đồng', null),
  E('DVC_TRUC_TUYEN', 'Số dịch vụ công trực tuyến toàn trình', 'Fully online public services', 'INTEGER_ZERO_OR_POSITIVE', 'LAST', 'dịch vụ', 'CHINH_PHU_SO'),
  E('HO_SO_TRUC_TUYEN', 'Số hồ sơ nộp trực tuyến', 'Dossiers filed online', 'INTEGER_ZERO_OR_POSITIVE', 'SUM', 'hồ sơ', 'CHINH_PHU_SO', { seasonal: true }),
  E('HO_SO_TONG', 'Tổng số hồ sơ thủ tục hành chính', 'All administrative dossiers', 'INTEGER_ZERO_OR_POSITIVE', 'SUM', 'hồ sơ', 'CHINH_PHU_SO', { seasonal: true }),
  E('TY_LE_KY_SO', 'Tỷ lệ văn bản được ký số', 'Share of documents signed digitally', 'PERCENTAGE', 'AVERAGE', '%', 'CHINH_PHU_SO', { min: 0, max: 100 }),
  E('SU_CO_ATTT', 'Số sự cố an toàn thông tin mạng', 'Network security incidents', 'INTEGER_ZERO_OR_POSITIVE', 'SUM', 'sự cố', 'ATTT', { zeroIsSignificant: true }),
  E('DIEM_ATTT', 'Điểm đánh giá an toàn thông tin', 'Information security score', 'NUMBER', 'AVERAGE', 'điểm', 'ATTT', { min: 0, max: 100 }),
  E('CO_TRUNG_TAM_SOC', 'Có trung tâm giám sát an toàn thông tin (SOC)', 'Has a security operations centre (SOC)', 'BOOLEAN', 'COUNT', null, 'ATTT'),
  E('BUU_CUC', 'Số bưu cục', 'Post offices', 'INTEGER_ZERO_OR_POSITIVE', 'LAST', 'bưu cục', 'BUU_CHINH'),
  E('SAN_LUONG_BUU_GUI', 'Sản lượng bưu gửi', 'Postal items handled', 'INTEGER_ZERO_OR_POSITIVE', 'SUM', 'bưu gửi', 'BUU_CHINH', { seasonal: true }),
  E('DOANH_THU_BC', 'Doanh thu dịch vụ bưu chính', 'Postal service revenue', 'NUMBER', 'SUM', 'tỷ đồng', 'BUU_CHINH'),
  E('DN_CNS', 'Số doanh nghiệp công nghệ số', 'Digital technology enterprises', 'INTEGER_ZERO_OR_POSITIVE', 'LAST', 'doanh nghiệp', 'CONG_NGHIEP_ICT'),
  E('DOANH_THU_CNTT', 'Doanh thu công nghiệp công nghệ thông tin', 'ICT industry revenue', 'NUMBER', 'SUM', 'tỷ đồng', 'CONG_NGHIEP_ICT'),
  E('XUAT_BAN_PHAM', 'Số xuất bản phẩm', 'Publications', 'INTEGER_ZERO_OR_POSITIVE', 'SUM', 'xuất bản phẩm', 'XUAT_BAN'),
];

/**
 * What a provincial department may leave blank: figures it may not have every month (the platforms'
 * answers arrive through the ministry, SOC status is yearly). Enterprises report only their own lines of
 * business, so nothing is compulsory in their quarterly form.
 */
const OPTIONAL_IN_FORMS = new Set(['ND_XAU_YEU_CAU', 'ND_XAU_DA_GO', 'CO_TRUNG_TAM_SOC', 'XUAT_BAN_PHAM']);

/**
 * The checks a ministry runs on these forms: a part never exceeds its whole, nothing is removed that was not
 * requested. ERROR blocks a submission; WARNING needs an explanation.
 */
export const DEMO_VALIDATION_RULES: readonly { code: string; nameVi: string; nameEn: string; left: string; operator: 'LE' | 'GE'; right: string; importance: 'ERROR' | 'WARNING' }[] = [
  {
    code: 'VR_TK_VN_LE_TONG',
    nameVi: 'Tài khoản trên nền tảng Việt Nam không vượt tổng số tài khoản',
    nameEn: 'Accounts on Vietnamese platforms do not exceed all accounts',
    left: '#{TK_NEN_TANG_VN}',
    operator: 'LE',
    right: '#{TK_NEN_TANG_TONG}',
    importance: 'ERROR',
  },
  {
    code: 'VR_HS_TT_LE_TONG',
    nameVi: 'Hồ sơ nộp trực tuyến không vượt tổng số hồ sơ',
    nameEn: 'Dossiers filed online do not exceed all dossiers',
    left: '#{HO_SO_TRUC_TUYEN}',
    operator: 'LE',
    right: '#{HO_SO_TONG}',
    importance: 'ERROR',
  },
  {
    code: 'VR_5G_LE_DAN_SO',
    nameVi: 'Dân số được phủ sóng 5G không vượt dân số',
    nameEn: 'Population covered by 5G does not exceed the population',
    left: '#{DAN_SO_PHU_5G}',
    operator: 'LE',
    right: '#{DAN_SO}',
    importance: 'ERROR',
  },
  {
    code: 'VR_BC_SO_LE_TONG',
    nameVi: 'Cơ quan báo chí đưa nội dung lên nền tảng số không vượt tổng số cơ quan báo chí',
    nameEn: 'Press agencies on digital platforms do not exceed all press agencies',
    left: '#{CO_QUAN_BAO_CHI_SO}',
    operator: 'LE',
    right: '#{CO_QUAN_BAO_CHI}',
    importance: 'ERROR',
  },
  {
    code: 'VR_GO_LE_YEU_CAU',
    nameVi: 'Nội dung xấu độc đã gỡ không vượt số đã yêu cầu gỡ',
    nameEn: 'Harmful items removed do not exceed those requested',
    left: '#{ND_XAU_DA_GO}',
    operator: 'LE',
    right: '#{ND_XAU_YEU_CAU}',
    importance: 'ERROR',
  },
  {
    code: 'VR_KTS_LE_GRDP',
    nameVi: 'Giá trị tăng thêm của kinh tế số không vượt GRDP',
    nameEn: 'Digital economy value added does not exceed GRDP',
    left: '#{GDP_KTS}',
    operator: 'LE',
    right: '#{GDP}',
    importance: 'ERROR',
  },
  {
    code: 'VR_DI_DONG_GE_NUA_DAN_SO',
    nameVi: 'Thuê bao di động thường không dưới một nửa dân số',
    nameEn: 'Mobile subscribers are usually at least half the population',
    left: '#{TB_DI_DONG}',
    operator: 'GE',
    right: '#{DAN_SO} * 0.5',
    importance: 'WARNING',
  },
];

const PLATFORMS = [
  { code: 'FACEBOOK', nameVi: 'Facebook', nameEn: 'Facebook', requested: 45, removed: [0.88, 0.96] },
  { code: 'YOUTUBE', nameVi: 'YouTube', nameEn: 'YouTube', requested: 18, removed: [0.9, 0.97] },
  { code: 'TIKTOK', nameVi: 'TikTok', nameEn: 'TikTok', requested: 25, removed: [0.72, 0.91] },
  { code: 'ZALO', nameVi: 'Zalo', nameEn: 'Zalo', requested: 4, removed: [0.96, 0.99] },
  { code: 'KHAC', nameVi: 'Khác', nameEn: 'Other', requested: 6, removed: [0.6, 0.78] },
] as const;

interface RegimeDef {
  code: string;
  nameVi: string;
  nameEn: string;
  content: string;
  legalBasis: string;
  receiving: string;
  periodType: PeriodType;
  cutoffRule: CutoffRule;
  deadlineDays: number;
  lockAfterDays: number;
  sections: { code: string; nameVi: string; nameEn: string; elements: string[] }[];
}

export const DEMO_REGIMES: readonly RegimeDef[] = [
  {
    code: 'BC_TINH_THANG',
    nameVi: 'Báo cáo tháng về thông tin và truyền thông của Sở',
    nameEn: 'Monthly information and communications report of the provincial departments',
    content: 'Tình hình phát triển hạ tầng số, chuyển đổi số, báo chí và an toàn thông tin trên địa bàn tỉnh',
    legalBasis: 'Nghị định 09/2019/NĐ-CP; Thông tư 03/2023/TT-BTTTT',
    receiving: 'BTTTT-VKHTC',
    periodType: 'MONTHLY',
    cutoffRule: 'DECREE_09',
    deadlineDays: 5,
    lockAfterDays: 30,
    sections: [
      { code: 'I', nameVi: 'Hạ tầng viễn thông', nameEn: 'Telecom infrastructure', elements: ['DAN_SO', 'TB_DI_DONG', 'TB_BANG_RONG', 'TRAM_5G', 'DAN_SO_PHU_5G'] },
      {
        code: 'II',
        nameVi: 'Chuyển đổi số, chính quyền số',
        nameEn: 'Digital transformation and government',
        elements: ['TK_NEN_TANG_VN', 'TK_NEN_TANG_TONG', 'DVC_TRUC_TUYEN', 'HO_SO_TRUC_TUYEN', 'HO_SO_TONG', 'TY_LE_KY_SO'],
      },
      { code: 'III', nameVi: 'Báo chí, thông tin trên mạng', nameEn: 'Press and online information', elements: ['CO_QUAN_BAO_CHI', 'CO_QUAN_BAO_CHI_SO', 'ND_XAU_YEU_CAU', 'ND_XAU_DA_GO'] },
      { code: 'IV', nameVi: 'An toàn thông tin mạng', nameEn: 'Network information security', elements: ['SU_CO_ATTT', 'DIEM_ATTT'] },
      { code: 'V', nameVi: 'Bưu chính', nameEn: 'Postal services', elements: ['BUU_CUC', 'SAN_LUONG_BUU_GUI'] },
    ],
  },
  {
    code: 'BC_DN_QUY',
    nameVi: 'Báo cáo quý của doanh nghiệp viễn thông, bưu chính, công nghệ số',
    nameEn: 'Quarterly report of telecom, postal and digital technology enterprises',
    content: 'Thuê bao, doanh thu, hạ tầng 5G, sản lượng bưu chính và doanh thu công nghệ thông tin',
    legalBasis: 'Nghị định 09/2019/NĐ-CP; Thông tư 03/2023/TT-BTTTT',
    receiving: 'BTTTT-CVT',
    periodType: 'QUARTERLY',
    cutoffRule: 'CALENDAR',
    deadlineDays: 20,
    lockAfterDays: 45,
    sections: [
      { code: 'I', nameVi: 'Viễn thông', nameEn: 'Telecommunications', elements: ['TB_DI_DONG', 'TB_BANG_RONG', 'DOANH_THU_VT', 'TRAM_5G'] },
      { code: 'II', nameVi: 'Bưu chính', nameEn: 'Postal services', elements: ['SAN_LUONG_BUU_GUI', 'DOANH_THU_BC'] },
      { code: 'III', nameVi: 'Công nghiệp ICT', nameEn: 'ICT industry', elements: ['DOANH_THU_CNTT'] },
    ],
  },
  {
    code: 'BC_TINH_NAM',
    nameVi: 'Báo cáo năm về kinh tế số và công nghiệp ICT của tỉnh',
    nameEn: 'Yearly digital economy and ICT industry report of the provinces',
    content: 'GRDP, giá trị tăng thêm của kinh tế số, doanh nghiệp công nghệ số, xuất bản, năng lực giám sát an toàn thông tin',
    legalBasis: 'Nghị định 09/2019/NĐ-CP',
    receiving: 'BTTTT-VKHTC',
    periodType: 'YEARLY',
    cutoffRule: 'DECREE_09',
    deadlineDays: 20,
    lockAfterDays: 60,
    sections: [
      { code: 'I', nameVi: 'Kinh tế số', nameEn: 'Digital economy', elements: ['GDP', 'GDP_KTS', 'DN_CNS'] },
      { code: 'II', nameVi: 'Xuất bản và an toàn thông tin', nameEn: 'Publishing and security', elements: ['XUAT_BAN_PHAM', 'CO_TRUNG_TAM_SOC'] },
    ],
  },
];

// Approximate 2023 population in millions by the 63 provinces' statistical codes.
const POPULATION_M: Record<string, number> = {
  '01': 8.59,
  '02': 0.9,
  '04': 0.54,
  '06': 0.33,
  '08': 0.8,
  '10': 0.77,
  '11': 0.64,
  '12': 0.48,
  '14': 1.29,
  '15': 0.85,
  '17': 0.88,
  '19': 1.33,
  '20': 0.8,
  '22': 1.38,
  '24': 1.92,
  '25': 1.51,
  '26': 1.21,
  '27': 1.49,
  '30': 1.95,
  '31': 2.1,
  '33': 1.29,
  '34': 1.88,
  '35': 0.88,
  '36': 1.88,
  '37': 1.02,
  '38': 3.76,
  '40': 3.44,
  '42': 1.33,
  '44': 0.92,
  '45': 0.65,
  '46': 1.17,
  '48': 1.24,
  '49': 1.52,
  '51': 1.25,
  '52': 1.51,
  '54': 0.88,
  '56': 1.25,
  '58': 0.6,
  '60': 1.26,
  '62': 0.58,
  '64': 1.61,
  '66': 1.93,
  '67': 0.67,
  '68': 1.33,
  '70': 1.04,
  '72': 1.19,
  '74': 2.76,
  '75': 3.31,
  '77': 1.19,
  '79': 9.46,
  '80': 1.73,
  '82': 1.79,
  '83': 1.3,
  '84': 1.02,
  '86': 1.03,
  '87': 1.6,
  '89': 1.91,
  '91': 1.76,
  '92': 1.25,
  '93': 0.73,
  '94': 1.2,
  '95': 0.92,
  '96': 1.21,
};
// Cities and industrial provinces adopt digital services faster.
const URBAN = new Set(['01', '79', '31', '48', '92', '74', '75', '27', '22', '77', '26']);
const MOUNTAIN = new Set(['02', '04', '06', '08', '10', '11', '12', '14', '15', '17', '20', '62', '67']);

/** Seeded generator (mulberry32): the demo is the same on every machine. */
function rng(seed: string): () => number {
  let h = 1779033703 ^ seed.length;
  for (let i = 0; i < seed.length; i++) {
    h = Math.imul(h ^ seed.charCodeAt(i), 3432918353);
    h = (h << 13) | (h >>> 19);
  }
  let a = h >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Profile {
  population: number;
  urban: number;
  /** A unit's lasting lead or lag on digital indicators, -1..1. */
  lead: number;
  /** Old statistical codes the unit covers (one, or several after the merger). */
  codes: string[];
}

function provinceProfile(unitCode: string): Profile | null {
  const codes = unitCode.startsWith(OLD_PROVINCE_CODE_PREFIX) ? [unitCode.slice(OLD_PROVINCE_CODE_PREFIX.length)] : (PROVINCE_MERGERS.find((m) => m.newCode === unitCode)?.from.slice() ?? []);
  if (codes.length === 0 || codes.some((c) => POPULATION_M[c] === undefined)) return null;
  const population = codes.reduce((s, c) => s + POPULATION_M[c] * 1e6, 0);
  const urban = codes.reduce((s, c) => s + POPULATION_M[c] * (URBAN.has(c) ? 1.3 : MOUNTAIN.has(c) ? 0.8 : 1), 0) / codes.reduce((s, c) => s + POPULATION_M[c], 0);
  const lead = codes.reduce((s, c) => s + POPULATION_M[c] * (rng(`lead:${c}`)() * 2 - 1), 0) / codes.reduce((s, c) => s + POPULATION_M[c], 0);
  return { population, urban, lead, codes };
}

const clamp = (x: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, x));
const MONTH0 = 2023 * 12; // January 2023

/** Monthly figures of a province for month index m (0 = January 2023), as element → value (or option → value). */
function monthlyValues(p: Profile, m: number, r: () => number): Map<string, number | Map<string, number>> {
  const y = m / 12;
  const month = (m % 12) + 1;
  const noise = (s: number) => 1 + (r() * 2 - 1) * s;
  const out = new Map<string, number | Map<string, number>>();
  const pop = p.population * (1 + 0.0085 * y);
  out.set('DAN_SO', Math.round(pop));
  out.set('TB_DI_DONG', Math.round(pop * 1.28 * (1 + 0.012 * y) * (0.9 + 0.1 * p.urban) * noise(0.004)));
  out.set('TB_BANG_RONG', Math.round(pop * 0.235 * p.urban * (1 + 0.07 * y) * noise(0.004)));
  // 5G went commercial in October 2024 (m = 21); coverage then spreads, faster in cities.
  const since5g = m - 21;
  const stations = since5g < 0 ? 0 : Math.round((p.population / 1e6) * 420 * p.urban * Math.min(1, (since5g + 1) / 24));
  out.set('TRAM_5G', stations);
  const coverage = since5g < 0 ? 0 : clamp((0.06 + 0.035 * since5g) * p.urban * (1 + 0.1 * p.lead), 0, 0.95);
  out.set('DAN_SO_PHU_5G', Math.round(pop * coverage));
  const accounts = pop * 0.82 * (1 + 0.01 * y) * noise(0.003);
  out.set('TK_NEN_TANG_TONG', Math.round(accounts));
  const share = clamp(0.41 + 0.045 * y + 0.04 * p.lead + (p.urban - 1) * 0.05, 0.2, 0.8);
  out.set('TK_NEN_TANG_VN', Math.round(accounts * share * noise(0.01)));
  const requested = new Map<string, number>();
  const removed = new Map<string, number>();
  for (const pf of PLATFORMS) {
    const n = Math.max(0, Math.round((p.population / 1e6) * pf.requested * (1 + 0.1 * y) * noise(0.25)));
    const rate = clamp(pf.removed[0] + ((pf.removed[1] - pf.removed[0]) * m) / 45 + (r() - 0.5) * 0.04, 0, 1);
    requested.set(pf.code, n);
    removed.set(pf.code, Math.round(n * rate));
  }
  out.set('ND_XAU_YEU_CAU', requested);
  out.set('ND_XAU_DA_GO', removed);
  const capital = p.codes.includes('01') ? 110 : p.codes.includes('79') ? 55 : 0;
  const agencies = capital + Math.round(3 + p.codes.length * 2 + (p.population / 1e6) * 2);
  out.set('CO_QUAN_BAO_CHI', agencies);
  out.set('CO_QUAN_BAO_CHI_SO', Math.round(agencies * clamp(0.55 + 0.009 * m + 0.05 * p.lead, 0, 1)));
  out.set('DVC_TRUC_TUYEN', Math.round(850 + 18 * m + 120 * p.lead + 60 * (p.urban - 1)));
  // Fewer dossiers around Tết (January–February).
  const season = month === 2 ? 0.7 : month === 1 ? 0.9 : month === 12 ? 1.15 : 1;
  const dossiers = Math.round(pop * 0.012 * season * noise(0.08));
  out.set('HO_SO_TONG', dossiers);
  out.set('HO_SO_TRUC_TUYEN', Math.round(dossiers * clamp(0.36 + 0.011 * m + 0.08 * p.lead + 0.1 * (p.urban - 1), 0.05, 0.97)));
  out.set('TY_LE_KY_SO', Math.round(clamp(72 + 0.55 * m + 6 * p.lead + (r() - 0.5) * 3, 0, 99.5) * 10) / 10);
  out.set('SU_CO_ATTT', Math.round((p.population / 1e6) * 2.2 * p.urban * noise(0.6)));
  out.set('DIEM_ATTT', Math.round(clamp(63 + 0.45 * m + 8 * p.lead + (r() - 0.5) * 4, 0, 98) * 10) / 10);
  out.set('BUU_CUC', Math.round(p.population / 22_000));
  const postSeason = month === 11 || month === 12 ? 1.25 : month === 2 ? 0.8 : 1;
  out.set('SAN_LUONG_BUU_GUI', Math.round(pop * 0.33 * p.urban * (1 + 0.12 * y) * postSeason * noise(0.05)));
  return out;
}

function yearlyValues(p: Profile, year: number, r: () => number): Map<string, number> {
  const k = year - 2023;
  const gdp = (p.population / 1e6) * 95_000 * (p.urban > 1.1 ? 1.6 : p.urban < 0.9 ? 0.7 : 1) * Math.pow(1.065, k) * (1 + (r() - 0.5) * 0.04);
  return new Map([
    ['GDP', Math.round(gdp)],
    ['GDP_KTS', Math.round(gdp * clamp(0.105 + 0.012 * k + 0.03 * p.lead + 0.03 * (p.urban - 1), 0.03, 0.4))],
    ['DN_CNS', Math.round((p.population / 1e6) * 480 * p.urban * Math.pow(1.1, k))],
    ['XUAT_BAN_PHAM', Math.round((p.population / 1e6) * 75 * (1 + (r() - 0.5) * 0.2))],
    ['CO_TRUNG_TAM_SOC', r() < 0.45 + 0.2 * k + 0.2 * p.lead ? 1 : 0],
  ]);
}

// Per enterprise: the elements it reports and their size in its first quarter (2023Q1).
const ENTERPRISE_FIGURES: Record<string, Record<string, number>> = {
  'DN-VIETTEL': { TB_DI_DONG: 55e6, TB_BANG_RONG: 6.2e6, DOANH_THU_VT: 33_000, TRAM_5G: 0, DOANH_THU_CNTT: 9_000 },
  'DN-VNPT': { TB_DI_DONG: 30e6, TB_BANG_RONG: 5.6e6, DOANH_THU_VT: 12_500, TRAM_5G: 0 },
  'DN-MOBIFONE': { TB_DI_DONG: 20e6, DOANH_THU_VT: 4_100, TRAM_5G: 0 },
  'DN-VNMOBILE': { TB_DI_DONG: 4.5e6, DOANH_THU_VT: 700 },
  'DN-FPTTELECOM': { TB_BANG_RONG: 4.4e6, DOANH_THU_VT: 4_000 },
  'DN-CMCTELECOM': { TB_BANG_RONG: 0.35e6, DOANH_THU_VT: 1_000 },
  'DN-VNPOST': { SAN_LUONG_BUU_GUI: 110e6, DOANH_THU_BC: 3_200 },
  'DN-VTPOST': { SAN_LUONG_BUU_GUI: 160e6, DOANH_THU_BC: 5_100 },
  'DN-VNG': { DOANH_THU_CNTT: 2_100 },
  'DN-BKAV': { DOANH_THU_CNTT: 320 },
};

function quarterlyValues(unitCode: string, q: number, r: () => number): Map<string, number> {
  const base = ENTERPRISE_FIGURES[unitCode] ?? {};
  const out = new Map<string, number>();
  for (const [code, v0] of Object.entries(base)) {
    let v: number;
    if (code === 'TRAM_5G') {
      // Quarter index 7 = 2024Q4, the 5G launch.
      const share = unitCode === 'DN-VIETTEL' ? 0.6 : unitCode === 'DN-VNPT' ? 0.28 : 0.12;
      v = q < 7 ? 0 : Math.round(32_000 * share * Math.min(1, (q - 6) / 8));
    } else if (code === 'TB_DI_DONG') v = v0 * (1 + 0.004 * q) * (1 + (r() - 0.5) * 0.01);
    else if (code === 'TB_BANG_RONG') v = v0 * (1 + 0.02 * q) * (1 + (r() - 0.5) * 0.01);
    else v = v0 * (1 + 0.015 * q) * (1 + (r() - 0.5) * 0.06);
    out.set(code, code.startsWith('DOANH_THU') ? Math.round(v * 10) / 10 : Math.round(v));
  }
  return out;
}

type Outcome = { kind: 'missing' } | { kind: 'draft' } | { kind: 'submitted' | 'approved'; late: boolean };

/** What became of one report: k periods before the last one, for a unit. */
function outcomeOf(k: number, ageYears: number, r: () => number): Outcome {
  const x = r();
  if (k === 0) {
    if (x < 0.15) return { kind: 'missing' };
    if (x < 0.22) return { kind: 'draft' };
    return { kind: 'submitted', late: r() < 0.12 };
  }
  if (k === 1) {
    if (x < 0.05) return { kind: 'missing' };
    return { kind: x < 0.55 ? 'approved' : 'submitted', late: r() < 0.1 };
  }
  // Older reports are all in: late ones were chased until they arrived.
  // Timeliness improves over the years.
  return { kind: 'approved', late: r() < clamp(0.16 - 0.04 * ageYears, 0.04, 0.2) };
}

const at = (date: string, hour: number) => new Date(`${date}T${String(hour).padStart(2, '0')}:00:00+07:00`);
const addDays = (date: string, n: number) => new Date(Date.parse(`${date}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

interface Buffers {
  de: number[];
  pe: number[];
  ou: number[];
  opt: number[];
  val: number[];
  ds: number[];
  st: {
    regime: number[];
    pe: number[];
    ou: number[];
    status: string[];
    submittedAt: (Date | null)[];
    submittedBy: (string | null)[];
    late: (boolean | null)[];
    approvedAt: (Date | null)[];
    approvedBy: (string | null)[];
  };
}

async function flushValues(db: Db, b: Buffers, at: Date): Promise<number> {
  const n = b.de.length;
  for (let i = 0; i < n; i += 20_000) {
    await db.query(
      `INSERT INTO data_value (data_element_id, period_id, org_unit_id, option_id, value, source, stored_by, updated_at, data_status)
       SELECT de, pe, ou, opt, val, 'SEED', 'seed', $6, ds FROM unnest($1::int[], $2::int[], $3::int[], $4::int[], $5::float8[], $7::smallint[]) AS t(de, pe, ou, opt, val, ds)
       ON CONFLICT DO NOTHING`,
      [b.de.slice(i, i + 20_000), b.pe.slice(i, i + 20_000), b.ou.slice(i, i + 20_000), b.opt.slice(i, i + 20_000), b.val.slice(i, i + 20_000), at, b.ds.slice(i, i + 20_000)],
    );
  }
  b.de = [];
  b.pe = [];
  b.ou = [];
  b.opt = [];
  b.val = [];
  b.ds = [];
  return n;
}

async function flushStatuses(db: Db, s: Buffers['st']): Promise<number> {
  if (s.regime.length === 0) return 0;
  await db.query(
    `INSERT INTO report_status (regime_id, period_id, org_unit_id, status, submitted_at, submitted_by, is_late, approved_at, approved_by, updated_at)
     SELECT r, p, o, st, sa, sb, l, aa, ab, coalesce(aa, sa, now())
       FROM unnest($1::int[], $2::int[], $3::int[], $4::text[], $5::timestamptz[], $6::text[], $7::boolean[], $8::timestamptz[], $9::text[])
         AS t(r, p, o, st, sa, sb, l, aa, ab)
     ON CONFLICT DO NOTHING`,
    [s.regime, s.pe, s.ou, s.status, s.submittedAt, s.submittedBy, s.late, s.approvedAt, s.approvedBy],
  );
  return s.regime.length;
}

/**
 * Seeds the reporting demo over the demo org units (which must exist): metadata, regimes, and
 * history from January 2023 up to the period before `today`. Does nothing when it ran before.
 */
export async function seedDemoReporting(db: Db, options: { today: string | Date }): Promise<ReportingSeedResult> {
  const today = typeof options.today === 'string' ? options.today : options.today.toISOString().slice(0, 10);
  return db.transaction(async (tx) => {
    if (await findDisaggregation(tx, 'PLATFORM')) return { seeded: false, dataElements: 0, regimes: 0, values: 0, statuses: 0 };
    const disaggregationId = await insertDisaggregation(tx, { code: 'PLATFORM', nameVi: 'Nền tảng', nameEn: 'Platform' });
    await insertOptions(
      tx,
      disaggregationId,
      PLATFORMS.map((p) => ({ code: p.code, nameVi: p.nameVi, nameEn: p.nameEn })),
    );
    const optionIds = new Map((await listOptions(tx, [disaggregationId])).map((o) => [o.code, o.id]));

    const elementIds = new Map<string, number>();
    for (const d of DEMO_DATA_ELEMENTS) {
      const id = await insertDataElement(tx, d.code, {
        nameVi: d.nameVi,
        nameEn: d.nameEn,
        shortName: null,
        description: null,
        valueType: d.valueType,
        aggregationType: d.aggregationType,
        unit: d.unit,
        zeroIsSignificant: d.zeroIsSignificant ?? false,
        disaggregationId: d.platform ? disaggregationId : null,
        // Amounts of money and scores cannot be negative; counts carry that in their type.
        sectorId: d.sector ? await findSectorId(tx, d.sector) : null,
        minValue: d.min ?? (d.valueType === 'NUMBER' ? 0 : null),
        maxValue: d.max ?? null,
        softMin: null,
        softMax: null,
        maxLength: null,
        seasonal: d.seasonal ?? false,
        searchText: foldVietnamese(`${d.code} ${d.nameVi} ${d.nameEn}`),
      });
      elementIds.set(d.code, id);
    }

    const unitIds = new Map<string, number>();
    for (const row of (
      await tx.query<{ id: number; code: string; level: number; parent: string | null }>(
        'SELECT ou.id, ou.code, ou.level, p.code AS parent FROM org_unit ou LEFT JOIN org_unit p ON p.id = ou.parent_id',
      )
    ).rows)
      unitIds.set(row.code, row.id);
    const provinces = (await tx.query<{ id: number }>(`SELECT ou.id FROM org_unit ou JOIN org_unit p ON p.id = ou.parent_id WHERE p.code = 'VN' AND ou.type = 'province'`)).rows.map((r) => r.id);

    const regimeIds = new Map<string, number>();
    for (const def of DEMO_REGIMES) {
      const id = await insertRegime(tx, def.code, {
        nameVi: def.nameVi,
        nameEn: def.nameEn,
        content: def.content,
        legalBasis: def.legalBasis,
        receivingOrgUnitId: unitIds.get(def.receiving) ?? null,
        periodType: def.periodType,
        cutoffRule: def.cutoffRule,
        deadlineDays: def.deadlineDays,
        openFuturePeriods: 0,
        lockAfterDays: def.lockAfterDays,
        isActive: true,
        attributeDisaggregationId: null,
      });
      await replaceForm(
        tx,
        id,
        def.sections.map((s) => ({
          code: s.code,
          nameVi: s.nameVi,
          nameEn: s.nameEn,
          elements: s.elements.map((c) => ({ dataElementId: elementIds.get(c)!, isCompulsory: !OPTIONAL_IN_FORMS.has(c) && !(def.code === 'BC_DN_QUY') })),
        })),
      );
      const assignments =
        def.code === 'BC_DN_QUY'
          ? ENTERPRISES.flatMap((e) => (unitIds.has(e.code) ? [{ orgUnitId: unitIds.get(e.code)!, level: null, groupId: null }] : []))
          : provinces.map((id) => ({ orgUnitId: id, level: null, groupId: null }));
      await replaceAssignments(tx, id, assignments);
      regimeIds.set(def.code, id);
    }

    for (const rule of DEMO_VALIDATION_RULES) {
      const id = await insertRule(tx, {
        code: rule.code,
        nameVi: rule.nameVi,
        nameEn: rule.nameEn,
        description: null,
        leftExpression: rule.left,
        operator: rule.operator,
        rightExpression: rule.right,
        importance: rule.importance,
        regimeId: null,
        missingValueStrategy: 'SKIP_IF_ANY_VALUE_MISSING',
        isActive: true,
      });
      const codes = [...`${rule.left} ${rule.right}`.matchAll(/#\{([A-Z0-9_]+)/g)].map((m) => m[1]);
      await replaceRuleElements(tx, id, [...new Set(codes.map((c) => elementIds.get(c)!))]);
    }

    // History stops at the last whole calendar period before today's.
    const monthEnd = addDays(`${today.slice(0, 7)}-01`, -1);
    const periodsOf = (type: PeriodType) => periodsBetween(type, '2023-01-01', monthEnd);
    const b: Buffers = { de: [], pe: [], ou: [], opt: [], val: [], ds: [], st: { regime: [], pe: [], ou: [], status: [], submittedAt: [], submittedBy: [], late: [], approvedAt: [], approvedBy: [] } };
    let values = 0;
    const seededAt = at(today, 6);

    const record = (regime: RegimeDef, iso: string, periodId: number, unitId: number, unitCode: string, k: number, r: () => number): Outcome => {
      const age = (Date.parse(`${today}T00:00:00Z`) - Date.parse(`${parsePeriod(iso).endDate}T00:00:00Z`)) / (365 * 86_400_000);
      const outcome = outcomeOf(k, age, r);
      if (outcome.kind === 'missing') return outcome;
      const regimeId = regimeIds.get(regime.code)!;
      const s = b.st;
      s.regime.push(regimeId);
      s.pe.push(periodId);
      s.ou.push(unitId);
      if (outcome.kind === 'draft') {
        s.status.push('DRAFT');
        s.submittedAt.push(null);
        s.submittedBy.push(null);
        s.late.push(null);
        s.approvedAt.push(null);
        s.approvedBy.push(null);
        return outcome;
      }
      const due = dueDate(iso, regime.cutoffRule, regime.deadlineDays);
      const windowEnd = reportingWindow(iso, regime.cutoffRule).endDate;
      const day = outcome.late ? addDays(due, 1 + Math.floor(r() * 10)) : addDays(windowEnd, Math.floor(r() * (regime.deadlineDays + 1)));
      const submittedAt = at(day, 8 + Math.floor(r() * 9));
      s.status.push(outcome.kind === 'approved' ? 'APPROVED' : 'SUBMITTED');
      s.submittedAt.push(submittedAt);
      s.submittedBy.push(unitCode.startsWith('DN-') ? `token:${unitCode.toLowerCase()}` : `so.${unitCode.toLowerCase()}`);
      s.late.push(outcome.late);
      s.approvedAt.push(outcome.kind === 'approved' ? new Date(submittedAt.getTime() + (2 + Math.floor(r() * 5)) * 86_400_000) : null);
      s.approvedBy.push(outcome.kind === 'approved' ? regime.receiving.toLowerCase() : null);
      return outcome;
    };
    // A value carries the status of its report: approved, submitted, or a draft (accepted, not yet sent).
    let valueStatus = 0;
    const push = (code: string, periodId: number, unitId: number, value: number, option = 0) => {
      b.de.push(elementIds.get(code)!);
      b.pe.push(periodId);
      b.ou.push(unitId);
      b.opt.push(option);
      b.val.push(value);
      b.ds.push(valueStatus);
    };

    for (const def of DEMO_REGIMES) {
      const isos = periodsOf(def.periodType);
      const ids = await ensurePeriodIds(tx, isos);
      for (const [i, iso] of isos.entries()) {
        const k = isos.length - 1 - i;
        const periodId = ids.get(iso)!;
        for (const unit of await resolveRegimeOrgUnits(tx, regimeIds.get(def.code)!, iso)) {
          const r = rng(`${def.code}:${iso}:${unit.code}`);
          const outcome = record(def, iso, periodId, unit.id, unit.code, k, r);
          if (outcome.kind === 'missing') continue;
          valueStatus = outcome.kind === 'approved' ? 2 : outcome.kind === 'submitted' ? 1 : 0;
          const start = parsePeriod(iso).startDate;
          if (def.periodType === 'MONTHLY') {
            const profile = provinceProfile(unit.code);
            if (!profile) continue;
            const m = Number(start.slice(0, 4)) * 12 + Number(start.slice(5, 7)) - 1 - MONTH0;
            for (const [code, v] of monthlyValues(profile, m, r)) {
              if (v instanceof Map) for (const [opt, n] of v) push(code, periodId, unit.id, n, optionIds.get(opt)!);
              else if (v !== 0 || code === 'TRAM_5G' || code === 'DAN_SO_PHU_5G' || code === 'SU_CO_ATTT') push(code, periodId, unit.id, v);
            }
          } else if (def.periodType === 'QUARTERLY') {
            const q = (Number(start.slice(0, 4)) - 2023) * 4 + (Number(start.slice(5, 7)) - 1) / 3;
            for (const [code, v] of quarterlyValues(unit.code, q, r)) push(code, periodId, unit.id, v);
          } else {
            const profile = provinceProfile(unit.code);
            if (!profile) continue;
            for (const [code, v] of yearlyValues(profile, Number(iso), r)) push(code, periodId, unit.id, v);
          }
          if (b.de.length >= 50_000) values += await flushValues(tx, b, seededAt);
        }
      }
    }
    values += await flushValues(tx, b, seededAt);
    const statuses = await flushStatuses(tx, b.st);
    return { seeded: true, dataElements: elementIds.size, regimes: regimeIds.size, values, statuses };
  });
}
