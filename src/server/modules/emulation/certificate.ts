/**
 * Certificates (bằng khen, giấy khen, giấy chứng nhận danh hiệu) of a decision as one PDF, an A4 landscape page per
 * person or unit commended: the state emblem line of Decree 30/2020, who awards, the form or title, the name and
 * unit, the year, the decision's number and date, the honour-book number (the award's id, so a certificate is
 * traced back to its record), the date line and the signer's position. Set in Tinos like the briefing's PDF.
 */
import pdfmake from 'pdfmake';
import type { ServiceContext } from '../../http/context.ts';
import { AWARDS, type AwardCode } from '../../../core/emulation.ts';
import { foldVietnamese, formatDayVi } from '../../../core/vietnamese.ts';
import { fontRuns } from '../briefings/render-pdf.ts';
import { notFound } from '../../http/errors.ts';
import { dateLineOf, PDF_TYPE } from './document.ts';
import { getDecision } from './service.ts';

const PT_PER_MM = 72 / 25.4;
type Style = { fontSize?: number; bold?: boolean; italics?: boolean; margin?: number[]; color?: string };
const line = (text: string, style: Style = {}) => ({ text: fontRuns(text), fontSize: 16, alignment: 'center', ...style });

/** The heading of the certificate: the form's own name, or a certificate of the title. */
export function certificateHeading(award: AwardCode): string {
  switch (award) {
    case 'BANG_KHEN_BO':
    case 'TT_BANG_KHEN_BO':
      return 'BẰNG KHEN';
    case 'GIAY_KHEN':
    case 'TT_GIAY_KHEN':
      return 'GIẤY KHEN';
    default:
      return 'GIẤY CHỨNG NHẬN';
  }
}

export async function decisionCertificates(ctx: ServiceContext, id: number, awardId: number | undefined): Promise<{ fileName: string; bytes: Buffer; contentType: string }> {
  const d = await getDecision(ctx, id);
  const awards = awardId === undefined ? d.awards : d.awards.filter((a) => a.id === awardId);
  if (awards.length === 0) throw notFound('người hoặc tập thể được khen trong quyết định', 'Commended person or unit in the decision', awardId ?? `${d.number}`);
  // The signer's position names its agency ("Bộ trưởng Bộ Thông tin và Truyền thông") or only the post ("Bộ trưởng").
  const awarder = (foldVietnamese(d.signer).includes(foldVietnamese(d.orgUnit.nameVi)) ? d.signer : `${d.signer} ${d.orgUnit.nameVi}`).toUpperCase();
  const pages = awards.map((a, i) => {
    const info = AWARDS[a.award];
    const what = info.kind === 'TITLE' ? `Đạt danh hiệu "${info.nameVi}" năm ${a.year}` : `Đã có thành tích trong công tác năm ${a.year}`;
    return {
      pageBreak: i === 0 ? undefined : 'before',
      stack: [
        line('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', { fontSize: 15, bold: true }),
        line('Độc lập - Tự do - Hạnh phúc', { fontSize: 15, bold: true }),
        { canvas: [{ type: 'line', x1: 0, y1: 0, x2: 170, y2: 0, lineWidth: 0.6 }], alignment: 'center', margin: [0, 4, 0, 28] },
        line(awarder, { fontSize: 17, bold: true }),
        line('TẶNG', { fontSize: 17, bold: true, margin: [0, 14, 0, 0] }),
        line(certificateHeading(a.award), { fontSize: 40, bold: true, color: '#b3261e', margin: [0, 12, 0, 22] }),
        line(a.staff ? a.staff.fullName : a.orgUnit.nameVi, { fontSize: 26, bold: true }),
        ...(a.staff ? [line(a.orgUnit.nameVi, { fontSize: 17, italics: true })] : []),
        line(what, { fontSize: 18, margin: [0, 18, 0, 0] }),
        {
          margin: [0, 48, 0, 0],
          columns: [
            {
              width: '50%',
              stack: [line(`Quyết định số ${d.number} ngày ${formatDayVi(d.decisionDate)}`, { fontSize: 13 }), line(`Số sổ vàng: ${a.id}`, { fontSize: 13 })],
            },
            {
              width: '50%',
              stack: [
                line(dateLineOf(d.decisionDate), { fontSize: 14, italics: true }),
                line(d.signer.toUpperCase(), { fontSize: 14, bold: true }),
                line('(Chữ ký, dấu)', { fontSize: 12, italics: true }),
              ],
            },
          ],
        },
      ],
    };
  });
  const doc = {
    pageSize: 'A4',
    pageOrientation: 'landscape',
    pageMargins: [20 * PT_PER_MM, 25 * PT_PER_MM, 20 * PT_PER_MM, 15 * PT_PER_MM],
    defaultStyle: { font: 'Tinos', fontSize: 16 },
    // A double frame, as printed certificates have.
    background: (_page: number, size: { width: number; height: number }) => ({
      canvas: [8, 11].map((mm, i) => ({
        type: 'rect',
        x: mm * PT_PER_MM,
        y: mm * PT_PER_MM,
        w: size.width - 2 * mm * PT_PER_MM,
        h: size.height - 2 * mm * PT_PER_MM,
        lineWidth: i === 0 ? 2.5 : 0.8,
        lineColor: '#b3261e',
      })),
    }),
    info: { title: `${certificateHeading(awards[0]!.award)} — ${d.title}`, creator: 'Tiến Độ' },
    content: pages,
  };
  const bytes = await pdfmake.createPdf(doc).getBuffer();
  const suffix = awardId === undefined ? '' : `-${awardId}`;
  return { fileName: `Bang-khen-${d.number.replace(/[^0-9A-Za-z-]+/g, '-')}${suffix}.pdf`, bytes, contentType: PDF_TYPE };
}
