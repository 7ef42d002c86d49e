/**
 * Demo indicators over the demo reporting elements, and the targets the Ministry of Information and
 * Communications worked to in 2022–2025, each with the document that set it.
 */
import type { Db } from '../db/db.ts';
import { SYSTEM_ACTOR } from '../access.ts';
import { recordAudit } from '../modules/audit/service.ts';
import * as indicatorRepo from '../modules/indicators/repo.ts';
import { findFormulaProblems } from '../modules/indicators/service.ts';
import { computeValues } from '../modules/analytics/service.ts';
import * as repo from '../modules/targets/repo.ts';

interface DemoIndicator {
  code: string;
  nameVi: string;
  nameEn: string;
  sector: string | null;
  unit: string;
  decimals: number;
  direction: 'HIGHER_IS_BETTER' | 'LOWER_IS_BETTER';
  numerator: string;
  denominator: string;
  factor: number;
  isPublic: boolean;
  minCoverage: number;
}

const I = (
  code: string,
  nameVi: string,
  nameEn: string,
  sector: string | null,
  unit: string,
  numerator: string,
  denominator: string,
  factor: number,
  extra: Partial<DemoIndicator> = {},
): DemoIndicator => ({
  // A ratio of sums over 90 % of the units is a fair estimate; a total needs every unit (see DOANH_THU_VT).
  code,
  nameVi,
  nameEn,
  sector,
  unit,
  numerator,
  denominator,
  factor,
  decimals: 1,
  direction: 'HIGHER_IS_BETTER',
  isPublic: true,
  minCoverage: 0.9,
  ...extra,
});

export const DEMO_INDICATORS: readonly DemoIndicator[] = [
  I('TL_TK_NEN_TANG_VN', 'Tỷ lệ tài khoản trên nền tảng số Việt Nam', 'Share of accounts on Vietnamese digital platforms', 'KINH_TE_SO', '%', '#{TK_NEN_TANG_VN}', '#{TK_NEN_TANG_TONG}', 100),
  // The provinces' own monthly report of what they asked the platforms to remove (typed totals, not the ministry's
  // headline figure: that one, "> 90 %", is counted from the cases, TL_GO_BO_VU_VIEC below).
  I(
    'TL_GO_ND_XAU',
    'Tỷ lệ nội dung xấu độc được gỡ bỏ (theo báo cáo của tỉnh)',
    'Share of harmful content removed (as reported by the provinces)',
    'BAO_CHI',
    '%',
    '#{ND_XAU_DA_GO}',
    '#{ND_XAU_YEU_CAU}',
    100,
  ),
  I(
    'TL_GO_ND_XAU_TIKTOK',
    'Tỷ lệ nội dung xấu độc trên TikTok được gỡ bỏ (theo báo cáo của tỉnh)',
    'Share of harmful content removed on TikTok (as reported by the provinces)',
    'BAO_CHI',
    '%',
    '#{ND_XAU_DA_GO.TIKTOK}',
    '#{ND_XAU_YEU_CAU.TIKTOK}',
    100,
  ),
  // Counted from the takedown cases (docs/takedown.md): per item requested, by the month the request was sent.
  I(
    'TL_GO_BO_VU_VIEC',
    'Tỷ lệ nội dung xấu độc được nền tảng xuyên biên giới gỡ bỏ (tính từ vụ việc)',
    'Share of harmful items removed by cross-border platforms (from cases)',
    'BAO_CHI',
    '%',
    '#{GO_BO_DA_GO}',
    '#{GO_BO_YEU_CAU}',
    100,
  ),
  I(
    'TL_GO_BO_TIKTOK',
    'Tỷ lệ nội dung xấu độc TikTok gỡ bỏ (tính từ vụ việc)',
    'Share of harmful items removed by TikTok (from cases)',
    'BAO_CHI',
    '%',
    '#{GO_BO_DA_GO.TIKTOK}',
    '#{GO_BO_YEU_CAU.TIKTOK}',
    100,
  ),
  I(
    'TL_GO_BO_24H',
    'Tỷ lệ nội dung được gỡ hoặc chặn trong 24 giờ (tính từ vụ việc)',
    'Share of harmful items removed or blocked within 24 hours (from cases)',
    'BAO_CHI',
    '%',
    '#{GO_BO_TRONG_24H}',
    '#{GO_BO_YEU_CAU}',
    100,
  ),
  I('TL_KTS_GDP', 'Tỷ trọng kinh tế số trong GDP/GRDP', 'Digital economy share of GDP', 'KINH_TE_SO', '%', '#{GDP_KTS}', '#{GDP}', 100),
  I(
    'TL_BAO_CHI_SO',
    'Tỷ lệ cơ quan báo chí đưa nội dung lên nền tảng số',
    'Share of press agencies publishing on digital platforms',
    'BAO_CHI',
    '%',
    '#{CO_QUAN_BAO_CHI_SO}',
    '#{CO_QUAN_BAO_CHI}',
    100,
  ),
  I('TL_PHU_5G', 'Tỷ lệ dân số được phủ sóng 5G', 'Share of the population covered by 5G', 'VIEN_THONG', '%', '#{DAN_SO_PHU_5G}', '#{DAN_SO}', 100),
  I('TL_HO_SO_TRUC_TUYEN', 'Tỷ lệ hồ sơ thủ tục hành chính nộp trực tuyến', 'Share of administrative dossiers filed online', 'CHINH_PHU_SO', '%', '#{HO_SO_TRUC_TUYEN}', '#{HO_SO_TONG}', 100),
  I('TB_DI_DONG_100_DAN', 'Thuê bao di động trên 100 dân', 'Mobile subscriptions per 100 inhabitants', 'VIEN_THONG', 'thuê bao/100 dân', '#{TB_DI_DONG}', '#{DAN_SO}', 100),
  I('TB_BANG_RONG_100_DAN', 'Thuê bao băng rộng cố định trên 100 dân', 'Fixed broadband subscriptions per 100 inhabitants', 'VIEN_THONG', 'thuê bao/100 dân', '#{TB_BANG_RONG}', '#{DAN_SO}', 100),
  I('SU_CO_ATTT_TRIEU_DAN', 'Sự cố an toàn thông tin trên 1 triệu dân', 'Security incidents per million inhabitants', 'ATTT', 'sự cố/triệu dân', '#{SU_CO_ATTT}', '#{DAN_SO}', 1_000_000, {
    direction: 'LOWER_IS_BETTER',
    decimals: 2,
  }),
  I('DIEM_ATTT_TB', 'Điểm an toàn thông tin bình quân', 'Average information security score', 'ATTT', 'điểm', '#{DIEM_ATTT}', '1', 1),
  I('TL_KY_SO', 'Tỷ lệ văn bản được ký số', 'Share of documents signed digitally', 'CHINH_PHU_SO', '%', '#{TY_LE_KY_SO}', '1', 1),
  I('DOANH_THU_VT', 'Doanh thu dịch vụ viễn thông', 'Telecom service revenue', 'VIEN_THONG', 'tỷ đồng', '#{DOANH_THU_VT}', '1', 1, { decimals: 0, minCoverage: 1 }),
];

const MIC_2023 = 'Chỉ tiêu năm 2023 Bộ Thông tin và Truyền thông đặt ra khi tổng kết năm 2022 (kế hoạch công tác năm 2023 của Bộ)';
const QD_411 = 'Quyết định 411/QĐ-TTg ngày 31/3/2022 phê duyệt Chiến lược quốc gia phát triển kinh tế số và xã hội số đến năm 2025, định hướng đến năm 2030';
const QD_348 = 'Quyết định 348/QĐ-TTg ngày 06/4/2023 phê duyệt Chiến lược chuyển đổi số báo chí đến năm 2025, định hướng đến năm 2030';
const QD_942 = 'Quyết định 942/QĐ-TTg ngày 15/6/2021 phê duyệt Chiến lược phát triển Chính phủ điện tử hướng tới Chính phủ số giai đoạn 2021–2025, định hướng đến năm 2030';
const PLAN_5G = 'Quy hoạch hạ tầng thông tin và truyền thông thời kỳ 2021–2030 (mục tiêu phủ sóng 5G toàn dân số)';

interface DemoTarget {
  indicator: string;
  targetPeriod: string;
  targetValue: number;
  baselinePeriod: string;
  milestones: { period: string; value: number }[];
  sourceDocument: string;
  owner: string;
  /** The unit the target is set for when not the country (a figure of the ministry's own work). */
  at?: string;
}

export const DEMO_TARGETS: readonly DemoTarget[] = [
  { indicator: 'TL_TK_NEN_TANG_VN', targetPeriod: '2023', targetValue: 50, baselinePeriod: '202301', milestones: [], sourceDocument: MIC_2023, owner: 'BTTTT-CCDS' },
  // The "> 90 %" at the ministry, read from the cases it sent to the platforms (the provinces' typed rate has no target).
  { indicator: 'TL_GO_BO_VU_VIEC', targetPeriod: '2023', targetValue: 90, baselinePeriod: '202301', milestones: [], sourceDocument: MIC_2023, owner: 'BTTTT-CPTTH', at: 'BTTTT' },
  { indicator: 'TL_KTS_GDP', targetPeriod: '2025', targetValue: 20, baselinePeriod: '2023', milestones: [{ period: '2024', value: 17 }], sourceDocument: QD_411, owner: 'BTTTT-CCDS' },
  { indicator: 'TL_KTS_GDP', targetPeriod: '2030', targetValue: 30, baselinePeriod: '2023', milestones: [{ period: '2025', value: 20 }], sourceDocument: QD_411, owner: 'BTTTT-CCDS' },
  { indicator: 'TL_BAO_CHI_SO', targetPeriod: '2025', targetValue: 70, baselinePeriod: '202301', milestones: [{ period: '2024', value: 65 }], sourceDocument: QD_348, owner: 'BTTTT-CBC' },
  { indicator: 'TL_HO_SO_TRUC_TUYEN', targetPeriod: '2025', targetValue: 50, baselinePeriod: '202301', milestones: [], sourceDocument: QD_942, owner: 'BTTTT-CCDS' },
  { indicator: 'TL_PHU_5G', targetPeriod: '2030', targetValue: 99, baselinePeriod: '202412', milestones: [{ period: '2027', value: 80 }], sourceDocument: PLAN_5G, owner: 'BTTTT-CVT' },
];

/** Creates the demo indicators and targets (country level) once; returns how many of each were added. */
export async function seedDemoIndicatorsAndTargets(db: Db, options: { countryCode?: string } = {}): Promise<{ indicators: number; targets: number }> {
  const countryCode = options.countryCode ?? 'VN';
  let indicators = 0;
  let targets = 0;
  for (const def of DEMO_INDICATORS) {
    if (await indicatorRepo.findIndicator(db, def.code)) continue;
    // A demo without some elements (a smaller seed) simply goes without the indicators that need them.
    const problems = [...(await findFormulaProblems(db, def.numerator)), ...(await findFormulaProblems(db, def.denominator))];
    if (problems.length > 0) continue;
    const sectorId = def.sector ? await indicatorRepo.findSectorId(db, def.sector) : null;
    await db.transaction(async (tx) => {
      const id = await indicatorRepo.insertIndicator(tx, { ...def, shortName: null, description: null, sectorId });
      await recordAudit(tx, SYSTEM_ACTOR, { action: 'indicator.create', objectType: 'indicator', objectId: id, after: def });
    });
    indicators++;
  }
  const { rows: units } = await db.query<{ id: number; code: string }>(`SELECT id, code FROM org_unit WHERE code = ANY($1::text[])`, [
    [countryCode, ...new Set(DEMO_TARGETS.flatMap((t) => [t.owner, ...(t.at ? [t.at] : [])]))],
  ]);
  const unitId = new Map(units.map((u) => [u.code, u.id]));
  const country = unitId.get(countryCode);
  if (country === undefined) return { indicators, targets };
  for (const def of DEMO_TARGETS) {
    const indicator = await indicatorRepo.findIndicator(db, def.indicator);
    const unit = def.at ? unitId.get(def.at) : country;
    if (!indicator || unit === undefined || (await repo.findTargetByKey(db, indicator.id, unit, def.targetPeriod))) continue;
    // The baseline is the indicator's own value in the baseline period, as analytics computes it.
    const baseline = (await computeValues(db, indicator.code, [unit], [def.baselinePeriod])).get(`${unit}|${def.baselinePeriod}`) ?? null;
    await db.transaction(async (tx) => {
      const id = await repo.insertTarget(tx, {
        indicatorId: indicator.id,
        orgUnitId: unit,
        targetPeriod: def.targetPeriod,
        baselineValue: baseline === null ? null : Math.round(baseline * 100) / 100,
        baselinePeriod: def.baselinePeriod,
        targetValue: def.targetValue,
        milestones: def.milestones,
        sourceDocument: def.sourceDocument,
        ownerOrgUnitId: unitId.get(def.owner) ?? null,
        note: null,
      });
      await recordAudit(tx, SYSTEM_ACTOR, { action: 'target.create', objectType: 'target', objectId: id, orgUnitId: unit, after: def });
    });
    targets++;
  }
  return { indicators, targets };
}
