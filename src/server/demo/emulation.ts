/**
 * The demo ministry's emulation year 2023: the campaign launched by Chỉ thị 3/CT-BTTTT of 16/12/2022, its criteria and
 * scores (task results computed from the demo tasks, the others by a reviewer with evidence), registrations, a staff
 * history back to 2020 with initiatives, nominations judged by the rules in force in January 2024, a council session
 * voted by secret ballot (one written vote), and the resulting decision. Run after the demo accounts exist (the
 * council's members sign in); skipped when the ministry is missing or the campaign exists.
 */
import { randomBytes } from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import type { Db } from '../db/db.ts';
import type { ServiceContext } from '../http/context.ts';
import { loadConfig } from '../config.ts';
import { SYSTEM_ACTOR, type Actor } from '../access.ts';
import { blindToken, toHex, unblindSignature, type Choice } from '../../core/ballot.ts';
import type { AwardCode, Rating } from '../../core/emulation.ts';
import * as service from '../modules/emulation/service.ts';
import * as council from '../modules/emulation/council.ts';

/** The council's members in the demo (the first is the documented 'hoidong' account). */
export const DEMO_COUNCIL = ['hoidong', 'hoidong2', 'hoidong3', 'hoidong4', 'hoidong5', 'hoidong6', 'hoidong7'] as const;

interface DemoPerson {
  name: string;
  unit: string;
  /** Ratings 2020–2023 and the titles of 2020–2022 (from the archive). */
  ratings: [Rating, Rating, Rating, Rating];
  titles: Partial<Record<2020 | 2021 | 2022, AwardCode[]>>;
  initiatives?: { year: number; scope: 'UNIT' | 'MINISTRY' | 'NATION'; title: string }[];
}

const L: AwardCode[] = ['LDTT'];
const CS: AwardCode[] = ['LDTT', 'CSTD_CS'];
export const DEMO_PEOPLE: readonly DemoPerson[] = [
  {
    name: 'Nguyễn Thị Hồng Hạnh',
    unit: 'BTTTT-CCDS',
    ratings: ['HTTNV', 'HTXSNV', 'HTXSNV', 'HTXSNV'],
    titles: { 2020: L, 2021: CS, 2022: CS },
    initiatives: [{ year: 2023, scope: 'MINISTRY', title: 'Bộ công cụ đo lường mức độ sử dụng nền tảng số quốc gia' }],
  },
  {
    name: 'Trần Văn Minh',
    unit: 'BTTTT-CCDS',
    ratings: ['HTXSNV', 'HTTNV', 'HTXSNV', 'HTXSNV'],
    titles: { 2020: CS, 2021: L, 2022: CS },
    initiatives: [{ year: 2023, scope: 'UNIT', title: 'Quy trình tiếp nhận phản ánh về dịch vụ công trực tuyến' }],
  },
  { name: 'Lê Thu Trang', unit: 'BTTTT-CCDS', ratings: ['HTTNV', 'HTTNV', 'HTTNV', 'HTTNV'], titles: { 2020: L, 2021: L, 2022: L } },
  { name: 'Phạm Quốc Bảo', unit: 'BTTTT-CCDS', ratings: ['HTNV', 'HTTNV', 'HTTNV', 'HTTNV'], titles: { 2021: L, 2022: L } },
  {
    name: 'Đỗ Mạnh Hùng',
    unit: 'BTTTT-CATTT',
    ratings: ['HTXSNV', 'HTXSNV', 'HTTNV', 'HTXSNV'],
    titles: { 2020: CS, 2021: CS, 2022: L },
    initiatives: [{ year: 2023, scope: 'UNIT', title: 'Kịch bản diễn tập ứng cứu sự cố cho hệ thống thông tin cấp bộ' }],
  },
  { name: 'Vũ Thị Lan', unit: 'BTTTT-CATTT', ratings: ['HTTNV', 'HTTNV', 'HTTNV', 'HTTNV'], titles: { 2020: L, 2021: L, 2022: L } },
  { name: 'Hoàng Anh Tuấn', unit: 'BTTTT-CATTT', ratings: ['HTTNV', 'HTNV', 'HTTNV', 'HTNV'], titles: { 2020: L, 2022: L } },
  { name: 'Bùi Thị Ngọc Ánh', unit: 'BTTTT-VP', ratings: ['HTTNV', 'HTTNV', 'HTXSNV', 'HTTNV'], titles: { 2020: L, 2021: L, 2022: L } },
  { name: 'Đặng Văn Long', unit: 'BTTTT-VP', ratings: ['HTTNV', 'HTTNV', 'HTTNV', 'HTTNV'], titles: { 2020: L, 2021: L, 2022: L } },
  { name: 'Ngô Thị Mai', unit: 'BTTTT-VP', ratings: ['HTNV', 'HTTNV', 'HTTNV', 'HTTNV'], titles: { 2021: L, 2022: L } },
];
const UNIT_RATINGS: Record<string, [Rating, Rating, Rating, Rating]> = {
  'BTTTT-CCDS': ['HTXSNV', 'HTXSNV', 'HTXSNV', 'HTXSNV'],
  'BTTTT-CATTT': ['HTTNV', 'HTXSNV', 'HTTNV', 'HTXSNV'],
  'BTTTT-VP': ['HTTNV', 'HTTNV', 'HTTNV', 'HTTNV'],
};
const PARTICIPANTS: readonly { unit: string; cluster: string }[] = [
  { unit: 'BTTTT-CCDS', cluster: 'Khối các Cục' },
  { unit: 'BTTTT-CATTT', cluster: 'Khối các Cục' },
  { unit: 'BTTTT-CVT', cluster: 'Khối các Cục' },
  { unit: 'BTTTT-CPTTH', cluster: 'Khối các Cục' },
  { unit: 'BTTTT-CBC', cluster: 'Khối các Cục' },
  { unit: 'BTTTT-CCNICT', cluster: 'Khối các Cục' },
  { unit: 'BTTTT-CXB', cluster: 'Khối các Cục' },
  { unit: 'BTTTT-VBC', cluster: 'Khối các Vụ, Văn phòng' },
  { unit: 'BTTTT-VKHTC', cluster: 'Khối các Vụ, Văn phòng' },
  { unit: 'BTTTT-VP', cluster: 'Khối các Vụ, Văn phòng' },
  { unit: 'BTTTT-VTCCB', cluster: 'Khối các Vụ, Văn phòng' },
];
/**
 * The criteria of the eight sectors of the ministry (Chỉ thị 3/CT-BTTTT sets each sector's tasks for 2023), each scored
 * by a reviewer for the units in charge of the sector; the Vụ without a sector are scored on advisory work instead.
 * A unit's total weighs only the criteria it is scored on (the board leaves the others out and says so).
 */
export const SECTOR_CRITERIA: readonly { code: string; sector: string | null; nameVi: string; nameEn: string; units: readonly string[] }[] = [
  {
    code: 'LV_BUU_CHINH',
    sector: 'BUU_CHINH',
    nameVi: 'Lĩnh vực Bưu chính: mạng bưu chính phục vụ thương mại điện tử, mã bưu chính và địa chỉ số',
    nameEn: 'Postal services: the postal network for e-commerce, postcodes and digital addresses',
    units: ['BTTTT-VBC'],
  },
  {
    code: 'LV_VIEN_THONG',
    sector: 'VIEN_THONG',
    nameVi: 'Lĩnh vực Viễn thông: phủ sóng băng rộng di động, chuẩn hoá thông tin thuê bao',
    nameEn: 'Telecommunications: mobile broadband coverage, subscriber data put right',
    units: ['BTTTT-CVT'],
  },
  {
    code: 'LV_CHINH_PHU_SO',
    sector: 'CHINH_PHU_SO',
    nameVi: 'Lĩnh vực Chính phủ số: dịch vụ công trực tuyến toàn trình, nền tảng số quốc gia',
    nameEn: 'Digital government: end-to-end online public services, national digital platforms',
    units: ['BTTTT-CCDS'],
  },
  {
    code: 'LV_ATTT',
    sector: 'ATTT',
    nameVi: 'Lĩnh vực An toàn thông tin mạng: bảo đảm an toàn hệ thống thông tin theo cấp độ',
    nameEn: 'Network information security: information systems secured by level',
    units: ['BTTTT-CATTT'],
  },
  {
    code: 'LV_KINH_TE_SO',
    sector: 'KINH_TE_SO',
    nameVi: 'Lĩnh vực Kinh tế số, xã hội số: tài khoản trên nền tảng số Việt Nam, kỹ năng số',
    nameEn: 'Digital economy and society: accounts on Vietnamese platforms, digital skills',
    units: ['BTTTT-CCDS'],
  },
  {
    code: 'LV_CONG_NGHIEP_ICT',
    sector: 'CONG_NGHIEP_ICT',
    nameVi: 'Lĩnh vực Công nghiệp ICT: doanh thu và sản phẩm công nghệ số "Make in Viet Nam"',
    nameEn: 'ICT industry: revenue and "Make in Viet Nam" digital products',
    units: ['BTTTT-CCNICT'],
  },
  {
    code: 'LV_BAO_CHI',
    sector: 'BAO_CHI',
    nameVi: 'Lĩnh vực Báo chí, truyền thông: quy hoạch báo chí, gỡ bỏ thông tin xấu độc trên nền tảng xuyên biên giới',
    nameEn: 'Press and media: the press plan, harmful content removed from cross-border platforms',
    units: ['BTTTT-CBC', 'BTTTT-CPTTH'],
  },
  {
    code: 'LV_XUAT_BAN',
    sector: 'XUAT_BAN',
    nameVi: 'Lĩnh vực Xuất bản, In và Phát hành: xuất bản phẩm, xuất bản điện tử',
    nameEn: 'Publishing, printing and distribution: publications, e-publishing',
    units: ['BTTTT-CXB'],
  },
  {
    code: 'THAM_MUU',
    sector: null,
    nameVi: 'Công tác tham mưu, tổng hợp của các Vụ, Văn phòng',
    nameEn: 'Advisory and coordination work of the departments and the office',
    units: ['BTTTT-VKHTC', 'BTTTT-VP', 'BTTTT-VTCCB'],
  },
];
/** Reviewer scores: each unit's sector (or advisory) criteria in the order above, then the emulation movement. */
const REVIEW: Record<string, { sector: number[]; movement: number }> = {
  'BTTTT-CCDS': { sector: [96, 94], movement: 95 },
  'BTTTT-CATTT': { sector: [93], movement: 90 },
  'BTTTT-CVT': { sector: [90], movement: 88 },
  'BTTTT-CPTTH': { sector: [88], movement: 86 },
  'BTTTT-CBC': { sector: [87], movement: 85 },
  'BTTTT-CCNICT': { sector: [89], movement: 87 },
  'BTTTT-CXB': { sector: [86], movement: 88 },
  'BTTTT-VBC': { sector: [88], movement: 89 },
  'BTTTT-VKHTC': { sector: [91], movement: 90 },
  'BTTTT-VP': { sector: [89], movement: 92 },
  'BTTTT-VTCCB': { sector: [90], movement: 91 },
};

const quietLog = {
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
  debug: () => undefined,
  trace: () => undefined,
  fatal: () => undefined,
  child: () => quietLog,
  level: 'silent',
  silent: () => undefined,
} as unknown as FastifyBaseLogger;

function contextAt(db: Db, at: string, actor: Actor = SYSTEM_ACTOR): ServiceContext {
  return { db, actor, log: quietLog, clock: () => new Date(at), config: loadConfig({ LOG_LEVEL: 'silent' }), lang: 'vi' };
}

export async function seedDemoEmulation(db: Db): Promise<{ seeded: boolean }> {
  const { rows: ministry } = await db.query('SELECT 1 FROM org_unit WHERE code = $1', ['BTTTT']);
  const { rows: existing } = await db.query('SELECT 1 FROM emulation_campaign WHERE code = $1', ['PT_BTTTT_2023']);
  if (!ministry.length || existing.length) return { seeded: false };

  // The people (the staff register) with their history 2020–2022 from the archive, and their 2023 ratings.
  const staff = new Map<string, number>();
  for (const p of DEMO_PEOPLE) {
    const { rows } = await db.query<{ id: number }>(
      `INSERT INTO staff_member (full_name, org_unit_id, kind, position) SELECT $1, id, 'CONG_CHUC', 'Chuyên viên' FROM org_unit WHERE code = $2 RETURNING id`,
      [p.name, p.unit],
    );
    staff.set(p.name, rows[0]!.id);
  }
  const archive = contextAt(db, '2023-01-05T02:00:00Z');
  for (const p of DEMO_PEOPLE) {
    for (const [i, year] of [2020, 2021, 2022, 2023].entries()) {
      const titles = p.titles[year as 2020 | 2021 | 2022] ?? [];
      await service.recordHistory(year === 2023 ? contextAt(db, '2024-01-08T02:00:00Z') : archive, {
        year,
        staffId: staff.get(p.name)!,
        rating: p.ratings[i],
        disciplined: false,
        awards: titles.map((award) => ({ award, decisionNumber: `${year === 2022 ? 38 : year === 2021 ? 52 : 61}/QĐ-BTTTT`, decisionDate: `${year + 1}-01-${year === 2022 ? 20 : 18}` })),
      });
    }
    for (const i of p.initiatives ?? []) {
      await service.createInitiative(contextAt(db, '2023-12-05T02:00:00Z'), {
        title: i.title,
        staffId: staff.get(p.name)!,
        year: i.year,
        scope: i.scope,
        decisionNumber: i.scope === 'MINISTRY' ? '2150/QĐ-BTTTT' : '1890/QĐ-BTTTT',
        decisionDate: i.scope === 'MINISTRY' ? '2023-12-01' : '2023-11-15',
      });
    }
  }
  for (const [unit, ratings] of Object.entries(UNIT_RATINGS)) {
    for (const [i, year] of [2020, 2021, 2022, 2023].entries())
      await service.recordHistory(contextAt(db, '2024-01-08T02:00:00Z'), { year, orgUnit: unit, rating: ratings[i], disciplined: false, awards: [] });
  }

  // The campaign of 2023 and its registrations (January 2023), scores at the year end, then closed.
  const launch = contextAt(db, '2023-01-05T02:00:00Z');
  const { id: campaignId } = await service.createCampaign(launch, {
    code: 'PT_BTTTT_2023',
    nameVi: 'Phong trào thi đua năm 2023 của Bộ Thông tin và Truyền thông',
    nameEn: 'The Ministry of Information and Communications emulation campaign 2023',
    kind: 'YEARLY',
    year: 2023,
    orgUnit: 'BTTTT',
    directiveNumber: '3/CT-BTTTT',
    directiveDate: '2022-12-16',
    directiveIssuer: 'Bộ trưởng Bộ Thông tin và Truyền thông',
    theme: 'Thi đua hoàn thành thắng lợi nhiệm vụ năm 2023 của ngành Thông tin và Truyền thông, đẩy mạnh chuyển đổi số quốc gia',
    startsOn: '2023-01-01',
    endsOn: '2023-12-31',
    registrationDeadline: '2023-01-31',
    participants: PARTICIPANTS.map((p) => ({ orgUnit: p.unit, cluster: p.cluster })),
  });
  await service.addCriterion(launch, campaignId, {
    code: 'NHIEM_VU',
    nameVi: 'Hoàn thành đúng hạn nhiệm vụ Bộ trưởng giao',
    nameEn: 'Tasks assigned by the minister done on time',
    weight: 40,
    source: 'TASKS',
  });
  const sectorIds = new Map<string, number>();
  for (const c of SECTOR_CRITERIA) {
    const { id } = await service.addCriterion(launch, campaignId, { code: c.code, nameVi: c.nameVi, nameEn: c.nameEn, weight: 50, source: 'REVIEWER' });
    sectorIds.set(c.code, id);
  }
  const { id: phongTrao } = await service.addCriterion(launch, campaignId, {
    code: 'PHONG_TRAO',
    nameVi: 'Tổ chức phong trào thi đua, khen thưởng',
    nameEn: 'Organising emulation and commendation',
    weight: 20,
    source: 'REVIEWER',
  });
  const registrations: { unit: string; person?: string; award: AwardCode; commitment: string }[] = [
    { unit: 'BTTTT-CCDS', award: 'TT_LDXS', commitment: 'Hoàn thành xuất sắc các chỉ tiêu chuyển đổi số quốc gia năm 2023' },
    { unit: 'BTTTT-CATTT', award: 'TT_LDXS', commitment: 'Không để xảy ra sự cố mất an toàn thông tin nghiêm trọng trong các hệ thống của Bộ' },
    { unit: 'BTTTT-VP', award: 'TT_LDTT', commitment: 'Bảo đảm 100 % văn bản điện tử liên thông' },
    { unit: 'BTTTT-CCDS', person: 'Nguyễn Thị Hồng Hạnh', award: 'CSTD_BO', commitment: 'Có sáng kiến được công nhận phạm vi cấp bộ' },
    { unit: 'BTTTT-CCDS', person: 'Trần Văn Minh', award: 'CSTD_BO', commitment: 'Hoàn thành xuất sắc nhiệm vụ' },
    { unit: 'BTTTT-CATTT', person: 'Đỗ Mạnh Hùng', award: 'CSTD_CS', commitment: 'Có sáng kiến cấp cơ sở' },
  ];
  for (const r of registrations) {
    const { id } = await service.register(contextAt(db, '2023-01-20T02:00:00Z'), campaignId, {
      orgUnit: r.unit,
      staffId: r.person ? staff.get(r.person)! : null,
      award: r.award,
      commitment: r.commitment,
    });
    await service.decideRegistration(contextAt(db, '2023-01-25T02:00:00Z'), id, true, 'Đồng ý');
  }
  const yearEnd = contextAt(db, '2023-12-20T02:00:00Z');
  await service.computeScores(yearEnd, campaignId);
  for (const p of PARTICIPANTS) {
    const review = REVIEW[p.unit]!;
    for (const [i, c] of SECTOR_CRITERIA.filter((x) => x.units.includes(p.unit)).entries()) {
      await service.scoreByReviewer(yearEnd, campaignId, {
        criterionId: sectorIds.get(c.code)!,
        orgUnit: p.unit,
        score: review.sector[i]!,
        evidence: `Báo cáo tổng kết năm 2023 của đơn vị và số liệu chỉ tiêu ${c.sector ? 'của lĩnh vực' : 'công tác tham mưu'}`,
      });
    }
    await service.scoreByReviewer(yearEnd, campaignId, { criterionId: phongTrao, orgUnit: p.unit, score: review.movement, evidence: 'Biên bản bình xét thi đua của đơn vị' });
  }
  await service.closeCampaign(contextAt(db, '2023-12-31T09:00:00Z'), campaignId);

  // Nominations judged by the rules in force in January 2024 (Law 06/2022 + Decree 98/2023).
  const review = contextAt(db, '2024-01-12T02:00:00Z');
  const nominate = (award: AwardCode, person: string | null, unit: string | null, proposing: string, achievements: string, overrideReason?: string) =>
    service.nominate(review, {
      year: 2023,
      award,
      staffId: person ? staff.get(person)! : null,
      orgUnit: unit,
      proposingOrgUnit: proposing,
      campaignId,
      achievements,
      overrideReason: overrideReason ?? null,
      on: '2024-01-12',
    });
  const nominations = [
    await nominate('CSTD_BO', 'Nguyễn Thị Hồng Hạnh', null, 'BTTTT-CCDS', 'Ba năm liên tục Chiến sĩ thi đua cơ sở; sáng kiến cấp bộ về đo lường sử dụng nền tảng số quốc gia'),
    await nominate('CSTD_CS', 'Đỗ Mạnh Hùng', null, 'BTTTT-CATTT', 'Chủ trì xây dựng kịch bản diễn tập ứng cứu sự cố'),
    await nominate('TT_LDXS', null, 'BTTTT-CCDS', 'BTTTT-CCDS', 'Hoàn thành xuất sắc các chỉ tiêu chuyển đổi số năm 2023'),
    await nominate(
      'CSTD_BO',
      'Trần Văn Minh',
      null,
      'BTTTT-CCDS',
      'Hoàn thành xuất sắc nhiệm vụ ba năm liền',
      'Năm 2021 được đánh giá hoàn thành tốt nhiệm vụ do nghỉ chế độ thai sản của vợ; đơn vị đề nghị Hội đồng xem xét',
    ),
  ];

  // The council session of 18/01/2024: six members vote in the session, one absent member's written vote.
  const secretary = contextAt(db, '2024-01-15T02:00:00Z');
  const { id: sessionId } = await council.createSession(secretary, {
    title: 'Phiên họp Hội đồng Thi đua – Khen thưởng Bộ xét khen thưởng năm 2023',
    orgUnit: 'BTTTT',
    year: 2023,
    opensAt: '2024-01-18T01:30:00Z',
    closesAt: '2024-01-18T04:30:00Z',
    members: [...DEMO_COUNCIL],
    nominationIds: nominations.map((n) => n.id),
  });
  const votes: Choice[][] = [
    ['AGREE', 'AGREE', 'AGREE', 'DISAGREE'],
    ['AGREE', 'AGREE', 'AGREE', 'AGREE'],
    ['AGREE', 'AGREE', 'AGREE', 'DISAGREE'],
    ['AGREE', 'AGREE', 'AGREE', 'AGREE'],
    ['AGREE', 'AGREE', 'AGREE', 'DISAGREE'],
    ['AGREE', 'DISAGREE', 'AGREE', 'AGREE'],
  ];
  const rnd = (n: number) => new Uint8Array(randomBytes(n));
  const session = await council.getSession(secretary, sessionId);
  for (const [i, username] of DEMO_COUNCIL.slice(0, 6).entries()) {
    const { rows } = await db.query<{ id: number }>('SELECT id FROM app_user WHERE username = $1', [username]);
    const member: Actor = { kind: 'user', userId: rows[0]!.id, username, scopes: [{ role: 'COUNCIL_MEMBER', orgUnitId: null, path: null }] };
    const at = `2024-01-18T0${2 + (i % 2)}:${String(10 + i * 7).padStart(2, '0')}:00Z`;
    const token = toHex(rnd(32));
    const { blinded, r } = blindToken(session.publicKey, sessionId, token, rnd);
    const { blindSignature } = await council.issueToken(contextAt(db, at, member), sessionId, blinded);
    const signature = unblindSignature(session.publicKey, blindSignature, r);
    await council.castBallot(contextAt(db, at, { kind: 'anonymous', scopes: [] }), sessionId, {
      token,
      signature,
      choices: nominations.map((n, k) => ({ nominationId: n.id, choice: votes[i]![k]! })),
    });
  }
  await council.recordWrittenVote(
    contextAt(db, '2024-01-18T03:40:00Z'),
    sessionId,
    'hoidong7',
    nominations.map((n, k) => ({ nominationId: n.id, choice: k === 3 ? 'DISAGREE' : 'AGREE' })),
  );
  await council.closeSession(contextAt(db, '2024-01-18T04:31:00Z'), sessionId);

  await service.createDecision(contextAt(db, '2024-01-25T02:00:00Z'), {
    sessionId,
    number: '125/QĐ-BTTTT',
    decisionDate: '2024-01-25',
    signer: 'Bộ trưởng Bộ Thông tin và Truyền thông',
    title: 'Quyết định về việc tặng danh hiệu thi đua và hình thức khen thưởng năm 2023',
  });
  return { seeded: true };
}
