import type { ServiceContext } from '../../http/context.ts';
import { formatNumber } from '../../../core/vietnamese.ts';
import { AWARDS, type AwardCode } from '../../../core/emulation.ts';
import type { BriefingModel } from '../briefings/service.ts';
import { renderBriefingDocx } from '../briefings/render-docx.ts';
import { renderBriefingPdf } from '../briefings/render-pdf.ts';
import * as repo from './repo.ts';
import { getDecision } from './service.ts';

export const DOCX_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
export const PDF_TYPE = 'application/pdf';

/**
 * The decision (quyết định khen thưởng) in the administrative layout of Decree 30/2020 that the briefing report uses:
 * its articles list who receives which title or award and the cash that goes with it.
 */
export async function decisionDocument(ctx: ServiceContext, id: number, format: 'docx' | 'pdf'): Promise<{ fileName: string; bytes: Buffer; contentType: string }> {
  const d = await getDecision(ctx, id);
  const parentName = await repo.parentName(ctx.db, d.orgUnit.id);
  const [y, m] = d.decisionDate.split('-').map(Number) as [number, number];
  const byAward = new Map<AwardCode, typeof d.awards>();
  for (const a of d.awards) byAward.set(a.award, [...(byAward.get(a.award) ?? []), a]);
  const money = (n: number | null) => (n === null ? '' : `, kèm tiền thưởng ${formatNumber(n, 'vi')} đồng`);
  const article1 = [...byAward].map(([award, list]) => ({
    text: `Tặng ${AWARDS[award].kind === 'TITLE' ? 'danh hiệu' : ''} "${AWARDS[award].nameVi}" năm ${list[0]!.year} cho ${list.length} ${AWARDS[award].subject === 'PERSON' ? 'cá nhân' : 'tập thể'}: ${list.map((a) => `${a.staff ? `${a.staff.fullName} (${a.orgUnit.nameVi})` : a.orgUnit.nameVi}${money(a.cashAmount)}`).join('; ')}.`,
    figures: [],
  }));
  const model: BriefingModel = {
    month: d.decisionDate.slice(0, 7).replace('-', ''),
    monthLabel: `Tháng ${m}/${y}`,
    parentName,
    issuerName: d.orgUnit.nameVi,
    issuerCode: d.orgUnit.code,
    numberLine: `Số: ${d.number}`,
    place: 'Hà Nội',
    date: d.decisionDate,
    dateLine: dateLineOf(d.decisionDate),
    title: 'QUYẾT ĐỊNH',
    subject: d.title,
    figureOrgUnit: { code: d.orgUnit.code, nameVi: d.orgUnit.nameVi },
    dataStatus: 'SUBMITTED',
    sections: [
      { heading: 'Điều 1', paragraphs: article1 },
      { heading: 'Điều 2', paragraphs: [{ text: `Tổng số tiền thưởng: ${formatNumber(d.total, 'vi')} đồng, chi từ quỹ thi đua, khen thưởng theo quy định.`, figures: [] }] },
      {
        heading: 'Điều 3',
        paragraphs: [
          { text: 'Quyết định này có hiệu lực kể từ ngày ký. Thủ trưởng các đơn vị có liên quan và các cá nhân, tập thể có tên tại Điều 1 chịu trách nhiệm thi hành Quyết định này.', figures: [] },
        ],
      },
    ],
    recipients: ['Như Điều 3', 'Lưu: VT, TĐKT'],
    signer: { role: d.signer.toUpperCase(), name: null },
    figures: [],
  };
  return documentBytes(model, format, `Quyet-dinh-${d.number.replace(/[^0-9A-Za-z-]+/g, '-')}`);
}

/** "Hà Nội, ngày 05 tháng 02 năm 2024" (Decree 30/2020: days below 10 and months below 3 with a leading zero). */
export function dateLineOf(isoDay: string, place = 'Hà Nội'): string {
  const [y, m, day] = isoDay.split('-').map(Number) as [number, number, number];
  return `${place}, ngày ${String(day).padStart(2, '0')} tháng ${m < 3 ? String(m).padStart(2, '0') : m} năm ${y}`;
}

/** A model rendered by the briefing report's DOCX or PDF renderer, with its file name and type. */
export async function documentBytes(model: BriefingModel, format: 'docx' | 'pdf', baseName: string): Promise<{ fileName: string; bytes: Buffer; contentType: string }> {
  const bytes = format === 'docx' ? await renderBriefingDocx(model) : await renderBriefingPdf(model);
  return { fileName: `${baseName}.${format}`, bytes, contentType: format === 'docx' ? DOCX_TYPE : PDF_TYPE };
}
