/**
 * A nomination's dossier (hồ sơ đề nghị khen thưởng), generated from the records in the administrative layout the
 * briefing report and the decisions use (Decree 30/2020): the submission (tờ trình), the achievement report (báo cáo
 * thành tích: ratings by year, titles, initiatives, campaign scores) and the council's minutes (biên bản họp, with the
 * tally recounted from the published ballot box).
 */
import type { ServiceContext } from '../../http/context.ts';
import { conflict, notFound } from '../../http/errors.ts';
import { hasPermission } from '../../access.ts';
import { vietnamDate } from '../../../core/periods.ts';
import { formatDayVi, formatNumber } from '../../../core/vietnamese.ts';
import { RATING_LABELS } from '../../../core/evaluation.ts';
import { AWARDS, type Eligibility, type InitiativeScope } from '../../../core/emulation.ts';
import { tallyBallots, type Ballot } from '../../../core/ballot.ts';
import type { BriefingModel, BriefingParagraph, BriefingSection } from '../briefings/service.ts';
import * as repo from './repo.ts';
import { readRatingsOfYears } from './ratings.ts';
import { signedIn } from './service.ts';
import { getBallotBox } from './council.ts';
import { dateLineOf, documentBytes } from './document.ts';

export const DOSSIER_DOCS = ['submission', 'achievements', 'minutes'] as const;
export type DossierDoc = (typeof DOSSIER_DOCS)[number];

const p = (text: string): BriefingParagraph => ({ text, figures: [] });
const dmy = formatDayVi;
const SCOPE_VI: Record<InitiativeScope, string> = { UNIT: 'cấp cơ sở', MINISTRY: 'cấp bộ', NATION: 'toàn quốc' };
/** Years of ratings the achievement report lists (CSTĐ cấp bộ looks at three, Bằng khen at two; five show the trend). */
const REPORT_YEARS = 5;

function baseModel(parentName: string | null, issuer: repo.UnitLite, day: string, title: string, subject: string, sections: BriefingSection[], signerRole: string, numberLine: string): BriefingModel {
  const [y, m] = day.split('-').map(Number) as [number, number];
  return {
    month: `${y}${String(m).padStart(2, '0')}`,
    monthLabel: `Tháng ${m}/${y}`,
    parentName,
    issuerName: issuer.nameVi,
    issuerCode: issuer.code,
    numberLine,
    place: 'Hà Nội',
    date: day,
    dateLine: dateLineOf(day),
    title,
    subject,
    figureOrgUnit: { code: issuer.code, nameVi: issuer.nameVi },
    dataStatus: 'SUBMITTED',
    sections,
    recipients: ['Hội đồng Thi đua – Khen thưởng', 'Lưu: VT, TĐKT'],
    signer: { role: signerRole, name: null },
    figures: [],
  };
}

async function readableNomination(ctx: ServiceContext, id: number) {
  signedIn(ctx);
  const n = await repo.findNomination(ctx.db, id);
  if (!n || !hasPermission(ctx.actor, 'emulation.read', n.proposingOrgUnit.path)) throw notFound('đề nghị khen thưởng', 'Nomination', id);
  return n;
}

/** Tờ trình: what is proposed, on which basis, and the standards met (each with its article) or the override reason. */
async function submission(ctx: ServiceContext, n: repo.NominationRow, subject: { name: string; unit: repo.UnitLite; position: string | null }): Promise<BriefingModel> {
  const info = AWARDS[n.award];
  const e = n.eligibility as Eligibility;
  const day = vietnamDate(ctx.clock());
  const sections: BriefingSection[] = [
    { heading: 'Căn cứ', paragraphs: [p(`Căn cứ ${e.ruleSet.legalBasis};`), p(`Căn cứ kết quả bình xét thi đua năm ${n.year} của ${n.proposingOrgUnit.nameVi}.`)] },
    {
      heading: 'Nội dung đề nghị',
      paragraphs: [
        p(
          `${n.proposingOrgUnit.nameVi} đề nghị tặng ${info.kind === 'TITLE' ? 'danh hiệu' : ''} "${info.nameVi}" năm ${n.year} cho ${info.subject === 'PERSON' ? 'ông/bà' : 'tập thể'} ${subject.name}${subject.position ? `, ${subject.position}` : ''}, ${subject.unit.nameVi}.`.replace(
            '  ',
            ' ',
          ),
        ),
      ],
    },
    {
      heading: 'Tiêu chuẩn',
      paragraphs: [
        ...e.conditions.map((c) => p(`${c.met ? 'Đạt' : 'Chưa đạt'}: ${c.reasonVi} (${c.article}).`)),
        p(e.eligible ? `Kết luận: đủ tiêu chuẩn "${info.nameVi}" theo ${e.ruleSet.legalBasis}.` : `Kết luận: chưa đủ tiêu chuẩn; vẫn đề nghị với lý do: ${n.overrideReason ?? ''}.`),
      ],
    },
    { heading: 'Hồ sơ kèm theo', paragraphs: [p('Báo cáo thành tích; biên bản họp Hội đồng Thi đua – Khen thưởng.')] },
  ];
  return baseModel(
    await repo.parentName(ctx.db, n.proposingOrgUnit.id),
    n.proposingOrgUnit,
    day,
    'TỜ TRÌNH',
    `Về việc đề nghị tặng ${info.kind === 'TITLE' ? 'danh hiệu ' : ''}"${info.nameVi}" năm ${n.year}`,
    sections,
    'THỦ TRƯỞNG ĐƠN VỊ',
    'Số: ……/TTr-TĐKT',
  );
}

/** Báo cáo thành tích: the nominee's ratings by year, titles, initiatives and campaign scores, read from the records. */
async function achievements(ctx: ServiceContext, n: repo.NominationRow, subject: { name: string; unit: repo.UnitLite; position: string | null }): Promise<BriefingModel> {
  const info = AWARDS[n.award];
  const years = Array.from({ length: REPORT_YEARS }, (_, i) => n.year - REPORT_YEARS + 1 + i);
  const person = n.staff !== null;
  let ratingLines: string[];
  if (person) {
    const ratings = await readRatingsOfYears(ctx.db, years, [n.staff!.id]);
    ratingLines = years.map((y) => {
      const r = ratings.get(y)?.get(n.staff!.id);
      return `Năm ${y}: ${r ? `${RATING_LABELS[r.rating].vi}${r.decided ? '' : ' (tạm tính, chưa quyết định)'}${r.disciplined ? '; bị kỷ luật' : ''}` : 'chưa có kết quả xếp loại'}.`;
    });
  } else {
    const ratings = await repo.unitYears(ctx.db, n.orgUnit!.id);
    ratingLines = years.map((y) => `Năm ${y}: ${ratings.get(y) ? RATING_LABELS[ratings.get(y)!].vi : 'chưa có kết quả xếp loại'}.`);
  }
  const titles = await repo.awardRecordsOf(ctx.db, person ? { staffId: n.staff!.id } : { orgUnitId: n.orgUnit!.id });
  const initiatives = person ? await repo.initiativeRecordsOf(ctx.db, n.staff!.id) : [];
  const scores = await repo.campaignScoresOf(ctx.db, subject.unit.id, n.year, n.campaignId);
  const scoreLines: string[] = [];
  if (scores) {
    const scored = scores.criteria.filter((c) => c.score !== null);
    const w = scored.reduce((a, c) => a + c.weight, 0);
    const total = w ? scored.reduce((a, c) => a + c.weight * c.score!, 0) / w : null;
    scoreLines.push(`${scores.campaign.nameVi}${scores.campaign.directiveNumber ? ` (Chỉ thị ${scores.campaign.directiveNumber})` : ''}, kết quả của ${subject.unit.nameVi}:`);
    for (const c of scores.criteria) scoreLines.push(`${c.nameVi} (trọng số ${formatNumber(c.weight, 'vi')}): ${c.score === null ? 'chưa chấm' : `${formatNumber(c.score, 'vi')} điểm`}.`);
    scoreLines.push(
      total === null
        ? 'Tổng điểm: chưa có.'
        : `Tổng điểm có trọng số: ${formatNumber(Math.round(total * 100) / 100, 'vi')} điểm${scored.length < scores.criteria.length ? ' (trên các tiêu chí đã chấm)' : ''}.`,
    );
  }
  const sections: BriefingSection[] = [
    {
      heading: 'Sơ lược',
      paragraphs: [
        p(
          person
            ? `Họ và tên: ${subject.name}. Chức vụ: ${subject.position ?? '—'}. Đơn vị công tác: ${subject.unit.nameVi}.`
            : `Tên tập thể: ${subject.name}. Đơn vị đề nghị: ${n.proposingOrgUnit.nameVi}.`,
        ),
      ],
    },
    {
      heading: 'Thành tích đạt được',
      paragraphs: n.achievements ? [p(n.achievements)] : [],
      subsections: [
        { heading: `Kết quả xếp loại ${years[0]}–${years[years.length - 1]}`, paragraphs: ratingLines.map(p) },
        {
          heading: 'Danh hiệu thi đua, hình thức khen thưởng đã đạt',
          paragraphs: titles.length ? titles.map((a) => p(`Năm ${a.year}: "${AWARDS[a.award].nameVi}", Quyết định số ${a.decisionNumber} ngày ${dmy(a.decisionDate)}.`)) : [p('Chưa có.')],
        },
        ...(person
          ? [
              {
                heading: 'Sáng kiến được công nhận',
                paragraphs: initiatives.length
                  ? initiatives.map((i) => p(`Năm ${i.year}: "${i.title}", phạm vi ảnh hưởng ${SCOPE_VI[i.scope]}, Quyết định số ${i.decisionNumber} ngày ${dmy(i.decisionDate)}.`))
                  : [p('Chưa có.')],
              },
            ]
          : []),
        { heading: 'Kết quả phong trào thi đua', paragraphs: scoreLines.length ? scoreLines.map(p) : [p('Không tham gia phong trào thi đua nào trong năm.')] },
      ],
    },
  ];
  const day = vietnamDate(ctx.clock());
  return baseModel(
    await repo.parentName(ctx.db, subject.unit.id),
    subject.unit,
    day,
    'BÁO CÁO THÀNH TÍCH',
    `Đề nghị tặng ${info.kind === 'TITLE' ? 'danh hiệu ' : ''}"${info.nameVi}" năm ${n.year}`,
    sections,
    person ? 'NGƯỜI BÁO CÁO' : 'THỦ TRƯỞNG ĐƠN VỊ',
    '',
  );
}

/** Biên bản họp: the session, its members and quorum, and the tally recounted from the published box. */
async function minutes(ctx: ServiceContext, n: repo.NominationRow): Promise<BriefingModel> {
  if (n.sessionId === null) throw conflict('NOT_IN_SESSION', 'Đề nghị chưa được đưa ra Hội đồng', 'The nomination has not been put to the council');
  const session = (await repo.findSession(ctx.db, n.sessionId))!;
  if (session.status !== 'CLOSED') throw conflict('SESSION_OPEN', 'Phiên họp chưa kết thúc: chưa có biên bản', 'The session has not closed: no minutes yet');
  const box = await getBallotBox(ctx, session.id);
  if (box.status !== 'CLOSED' || !box.ballots) throw conflict('SESSION_OPEN', 'Phiên họp chưa kết thúc: chưa có biên bản', 'The session has not closed: no minutes yet');
  const issued = box.votingList.filter((m) => m.tookBallot).length;
  const written = box.votingList.filter((m) => m.writtenBy).length;
  const tally = tallyBallots(
    {
      sessionId: session.id,
      publicKey: box.publicKey,
      memberCount: box.memberCount,
      issuedCount: issued,
      quorum: box.quorum,
      nominations: box.nominations.map((x) => ({ id: x.id, threshold: { num: x.threshold.num ?? 1, den: x.threshold.den ?? 1 }, basis: 'ALL_MEMBERS' as const })),
    },
    box.ballots as Ballot[],
  );
  const all = await repo.listNominations(ctx.db, { paths: 'ALL', sessionId: session.id });
  const time = (d: Date) => new Intl.DateTimeFormat('vi-VN', { timeZone: 'Asia/Ho_Chi_Minh', hour: '2-digit', minute: '2-digit', day: '2-digit', month: '2-digit', year: 'numeric' }).format(d);
  const pct = (num: number, den: number) => `${formatNumber(Math.round((num / den) * 1000) / 10, 'vi')} %`;
  const lines = tally.results.map((r) => {
    const x = all.find((a) => a.id === r.nominationId)!;
    return p(
      `${x.staff ? x.staff.fullName : (x.orgUnit?.nameVi ?? '')} — "${AWARDS[x.award].nameVi}": ${r.agree}/${box.memberCount} thành viên đồng ý (${pct(r.agree, box.memberCount)}), ${r.disagree} không đồng ý; cần ${r.required}; ${r.passed ? 'ĐẠT' : 'KHÔNG ĐẠT'}.`,
    );
  });
  const sections: BriefingSection[] = [
    { heading: 'Thời gian, hình thức', paragraphs: [p(`Bỏ phiếu kín điện tử từ ${time(session.opensAt)} đến ${time(session.closesAt)}; kiểm phiếu khi kết thúc phiên.`)] },
    {
      heading: 'Thành phần',
      paragraphs: [
        p(
          `Hội đồng có ${box.memberCount} thành viên; ${issued} thành viên đã nhận phiếu${written ? `, trong đó ${written} gửi phiếu bằng văn bản do thư ký nhập` : ''}. Số phiếu hợp lệ: ${tally.ballotsCounted}/${tally.ballotsInBox}. Tỷ lệ tối thiểu có mặt: ${box.quorum.num}/${box.quorum.den} tổng số thành viên — ${tally.quorumMet ? 'đạt' : 'không đạt'}.`,
        ),
      ],
    },
    {
      heading: 'Kết quả bỏ phiếu',
      paragraphs: [...lines, p('Kết quả được kiểm lại từ hòm phiếu đã công bố (mọi chữ ký số của phiếu được kiểm tra); mỗi thành viên kiểm tra được phiếu của mình qua mã biên nhận.')],
    },
  ];
  const closed = session.closedAt ? vietnamDate(session.closedAt) : vietnamDate(session.closesAt);
  return baseModel(
    await repo.parentName(ctx.db, session.orgUnit.id),
    session.orgUnit,
    closed,
    'BIÊN BẢN',
    `Họp Hội đồng Thi đua – Khen thưởng: ${session.title}`,
    sections,
    'CHỦ TỊCH HỘI ĐỒNG',
    'Số: ……/BB-HĐTĐKT',
  );
}

export async function nominationDossier(ctx: ServiceContext, id: number, doc: DossierDoc, format: 'docx' | 'pdf') {
  const n = await readableNomination(ctx, id);
  const position = n.staff ? await repo.staffPosition(ctx.db, n.staff.id) : null;
  const unit = n.staff ? (await repo.findStaff(ctx.db, n.staff.id))!.orgUnit : n.orgUnit!;
  const subject = { name: n.staff ? n.staff.fullName : n.orgUnit!.nameVi, unit, position };
  const model = doc === 'submission' ? await submission(ctx, n, subject) : doc === 'achievements' ? await achievements(ctx, n, subject) : await minutes(ctx, n);
  const name = { submission: 'To-trinh', achievements: 'Bao-cao-thanh-tich', minutes: 'Bien-ban-hop' }[doc];
  return documentBytes(model, format, `${name}-de-nghi-${id}`);
}
