/**
 * The briefing as a Word document in the format of Decree 30/2020/NĐ-CP, Appendix I: A4, margins top and
 * bottom 20 mm, left 30 mm, right 15 mm; Times New Roman; the issuing body and "Số: …" at the top left, the
 * national title and motto at the top right with a rule beneath, the place and date in italics, the title
 * and subject centred, page numbers centred at the top from page 2, "Nơi nhận:" and the signature block.
 */
import { AlignmentType, BorderStyle, Document, Header, LineRuleType, Packer, PageNumber, Paragraph, Table, TableCell, TableRow, TextRun, WidthType } from 'docx';
import type { BriefingModel, BriefingParagraph } from './service.ts';

const FONT = 'Times New Roman';
const MM = 56.6929; // twips per millimetre
const NONE = { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' } as const;
const NO_BORDERS = { top: NONE, bottom: NONE, left: NONE, right: NONE, insideHorizontal: NONE, insideVertical: NONE };

const run = (text: string, o: { size?: number; bold?: boolean; italics?: boolean } = {}) => new TextRun({ text, font: FONT, size: (o.size ?? 14) * 2, bold: o.bold, italics: o.italics });

function centred(text: string, o: { size?: number; bold?: boolean; italics?: boolean; after?: number; rule?: boolean } = {}): Paragraph {
  return new Paragraph({
    alignment: AlignmentType.CENTER,
    spacing: { after: o.after ?? 0 },
    children: [run(text, o)],
    // A short rule under the line (the "gạch ngang" beneath the issuer name, the motto and the subject).
    ...(o.rule ? { border: { bottom: { style: BorderStyle.SINGLE, size: 6, color: '000000', space: 1 } }, indent: { left: 1000, right: 1000 } } : {}),
  });
}

function body(p: BriefingParagraph): Paragraph {
  return new Paragraph({
    alignment: AlignmentType.JUSTIFIED,
    indent: { firstLine: Math.round(10 * MM) },
    spacing: { before: 120, after: 0, line: 360, lineRule: LineRuleType.AUTO },
    children: [run(p.text)],
  });
}

function heading(text: string, level: 1 | 2): Paragraph {
  return new Paragraph({ indent: { firstLine: Math.round(10 * MM) }, spacing: { before: 120, after: 0, line: 360 }, children: [run(text, { bold: true, italics: level === 2 })] });
}

function cell(children: Paragraph[], widthPct: number): TableCell {
  return new TableCell({ children, width: { size: widthPct, type: WidthType.PERCENTAGE }, borders: NO_BORDERS });
}

export async function renderBriefingDocx(model: BriefingModel): Promise<Buffer> {
  const left = [
    ...(model.parentName ? [centred(model.parentName.toUpperCase(), { size: 13 })] : []),
    centred(model.issuerName.toUpperCase(), { size: 13, bold: true, rule: true, after: 120 }),
    centred(model.numberLine, { size: 13 }),
  ];
  const right = [
    centred('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', { size: 13, bold: true }),
    centred('Độc lập - Tự do - Hạnh phúc', { size: 14, bold: true, rule: true, after: 120 }),
    centred(model.dateLine, { size: 14, italics: true }),
  ];
  const header = new Table({ width: { size: 100, type: WidthType.PERCENTAGE }, borders: NO_BORDERS, rows: [new TableRow({ children: [cell(left, 40), cell(right, 60)] })] });

  const content: (Paragraph | Table)[] = [
    header,
    new Paragraph({ spacing: { after: 240 }, children: [] }),
    centred(model.title, { size: 14, bold: true }),
    centred(model.subject, { size: 14, bold: true, rule: true, after: 240 }),
  ];
  for (const section of model.sections) {
    content.push(heading(section.heading, 1));
    for (const p of section.paragraphs) content.push(body(p));
    for (const sub of section.subsections ?? []) {
      content.push(heading(sub.heading, 2));
      for (const p of sub.paragraphs) content.push(body(p));
    }
  }
  content.push(new Paragraph({ spacing: { after: 240 }, children: [] }));
  const recipients = [
    new Paragraph({ children: [run('Nơi nhận:', { size: 12, bold: true, italics: true })] }),
    ...model.recipients.map((r, i) => new Paragraph({ children: [run(`- ${r}${i === model.recipients.length - 1 ? '.' : ';'}`, { size: 11 })] })),
  ];
  const signature = [
    centred(model.signer.role, { size: 14, bold: true }),
    centred('(Chữ ký, dấu)', { size: 14, italics: true, after: 1200 }),
    centred(model.signer.name ?? '', { size: 14, bold: true }),
  ];
  content.push(new Table({ width: { size: 100, type: WidthType.PERCENTAGE }, borders: NO_BORDERS, rows: [new TableRow({ children: [cell(recipients, 50), cell(signature, 50)] })] }));

  const doc = new Document({
    creator: 'Tiến Độ',
    title: `${model.title} ${model.subject}`,
    styles: { default: { document: { run: { font: FONT, size: 28 } } } },
    sections: [
      {
        properties: {
          titlePage: true,
          page: {
            size: { width: 11906, height: 16838 },
            margin: { top: Math.round(20 * MM), bottom: Math.round(20 * MM), left: Math.round(30 * MM), right: Math.round(15 * MM), header: Math.round(10 * MM) },
          },
        },
        headers: {
          // Page numbers centred at the top from page 2; the first page has none.
          first: new Header({ children: [new Paragraph({ children: [] })] }),
          default: new Header({ children: [new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun({ children: [PageNumber.CURRENT], font: FONT, size: 26 })] })] }),
        },
        children: content,
      },
    ],
  });
  return Packer.toBuffer(doc);
}
