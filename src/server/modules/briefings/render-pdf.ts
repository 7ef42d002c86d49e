/**
 * The briefing as a PDF in the same Decree 30/2020 layout as the Word document, set in Tinos (metric-compatible
 * with Times New Roman) from the @fontsource/tinos package — installed with the product, never fetched at run
 * time. The package splits the font by script, so each run of text is set in the file that holds its glyphs.
 */
import path from 'node:path';
import { createRequire } from 'node:module';
import pdfmake from 'pdfmake';
import type { BriefingModel } from './service.ts';

const require = createRequire(import.meta.url);
const FONT_DIR = path.join(path.dirname(require.resolve('@fontsource/tinos/package.json')), 'files');
const file = (subset: string, weight: 400 | 700, style: 'normal' | 'italic') => path.join(FONT_DIR, `tinos-${subset}-${weight}-${style}.woff`);
const family = (subset: string) => ({ normal: file(subset, 400, 'normal'), bold: file(subset, 700, 'normal'), italics: file(subset, 400, 'italic'), bolditalics: file(subset, 700, 'italic') });

pdfmake.setFonts({ Tinos: family('latin'), TinosExt: family('latin-ext'), TinosVi: family('vietnamese') });
// Nothing outside the font folder is read, and no URL is fetched.
pdfmake.setUrlAccessPolicy(() => false);
pdfmake.setLocalAccessPolicy((p) => path.resolve(p).startsWith(FONT_DIR));

const PT_PER_MM = 72 / 25.4;

/** The subset of Tinos whose file holds a character (the ranges of @fontsource/tinos). */
function fontOf(code: number): 'Tinos' | 'TinosExt' | 'TinosVi' {
  const vi = [
    [0x102, 0x103],
    [0x110, 0x111],
    [0x128, 0x129],
    [0x168, 0x169],
    [0x1a0, 0x1a1],
    [0x1af, 0x1b0],
    [0x300, 0x301],
    [0x303, 0x304],
    [0x308, 0x309],
    [0x323, 0x323],
    [0x1ea0, 0x1ef9],
    [0x20ab, 0x20ab],
  ];
  if (vi.some(([a, b]) => code >= a && code <= b)) return 'TinosVi';
  if (code <= 0xff || (code >= 0x2000 && code <= 0x206f) || code === 0x20ac || code === 0x2122 || code === 0x2212) return 'Tinos';
  return 'TinosExt';
}

/** Text split into runs, each in the font file that has its glyphs (NFC first: precomposed letters). */
export function fontRuns(text: string): { text: string; font: string }[] {
  const runs: { text: string; font: string }[] = [];
  for (const ch of text.normalize('NFC')) {
    const font = fontOf(ch.codePointAt(0)!);
    const last = runs[runs.length - 1];
    if (last && last.font === font) last.text += ch;
    else runs.push({ text: ch, font });
  }
  return runs;
}

type Style = { fontSize?: number; bold?: boolean; italics?: boolean; alignment?: string; margin?: number[]; leadingIndent?: number; lineHeight?: number };
const t = (text: string, style: Style = {}) => ({ text: fontRuns(text), fontSize: 14, ...style });
const rule = (width: number) => ({ canvas: [{ type: 'line', x1: 0, y1: 0, x2: width, y2: 0, lineWidth: 0.6 }], alignment: 'center', margin: [0, 1, 0, 4] });

export async function renderBriefingPdf(model: BriefingModel): Promise<Buffer> {
  const indent = 10 * PT_PER_MM;
  const content: unknown[] = [
    {
      columns: [
        {
          width: '40%',
          stack: [
            ...(model.parentName ? [t(model.parentName.toUpperCase(), { fontSize: 13, alignment: 'center' })] : []),
            t(model.issuerName.toUpperCase(), { fontSize: 13, bold: true, alignment: 'center' }),
            { ...rule(60), alignment: 'center' },
            t(model.numberLine, { fontSize: 13, alignment: 'center' }),
          ],
        },
        {
          width: '60%',
          stack: [
            t('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', { fontSize: 13, bold: true, alignment: 'center' }),
            t('Độc lập - Tự do - Hạnh phúc', { fontSize: 14, bold: true, alignment: 'center' }),
            { ...rule(160), alignment: 'center' },
            t(model.dateLine, { fontSize: 14, italics: true, alignment: 'center' }),
          ],
        },
      ],
    },
    t(model.title, { bold: true, alignment: 'center', margin: [0, 18, 0, 0] }),
    t(model.subject, { bold: true, alignment: 'center' }),
    { ...rule(80), margin: [0, 1, 0, 12] },
  ];
  const para = (text: string, style: Style = {}) => t(text, { alignment: 'justify', leadingIndent: indent, margin: [0, 6, 0, 0], lineHeight: 1.15, ...style });
  for (const section of model.sections) {
    content.push(para(section.heading, { bold: true }));
    for (const p of section.paragraphs) content.push(para(p.text));
    for (const sub of section.subsections ?? []) {
      content.push(para(sub.heading, { bold: true, italics: true }));
      for (const p of sub.paragraphs) content.push(para(p.text));
    }
  }
  content.push({
    margin: [0, 18, 0, 0],
    unbreakable: true,
    columns: [
      {
        width: '50%',
        stack: [t('Nơi nhận:', { fontSize: 12, bold: true, italics: true }), ...model.recipients.map((r, i) => t(`- ${r}${i === model.recipients.length - 1 ? '.' : ';'}`, { fontSize: 11 }))],
      },
      {
        width: '50%',
        stack: [
          t(model.signer.role, { bold: true, alignment: 'center' }),
          t('(Chữ ký, dấu)', { italics: true, alignment: 'center', margin: [0, 0, 0, 60] }),
          t(model.signer.name ?? '', { bold: true, alignment: 'center' }),
        ],
      },
    ],
  });
  const doc = {
    pageSize: 'A4',
    // Decree 30/2020, Appendix I: top and bottom 20 mm, left 30 mm, right 15 mm.
    pageMargins: [30 * PT_PER_MM, 20 * PT_PER_MM, 15 * PT_PER_MM, 20 * PT_PER_MM],
    defaultStyle: { font: 'Tinos', fontSize: 14 },
    info: { title: `${model.title} ${model.subject}`, creator: 'Tiến Độ' },
    // Page numbers centred at the top, from page 2.
    header: (page: number) => (page === 1 ? null : { text: String(page), alignment: 'center', fontSize: 13, margin: [0, 10 * PT_PER_MM, 0, 0] }),
    content,
  };
  return pdfmake.createPdf(doc).getBuffer();
}
