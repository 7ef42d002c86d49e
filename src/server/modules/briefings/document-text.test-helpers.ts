/** Reading generated documents back in tests: the texts of a DOCX's runs, the text of a PDF. */

/** Every <w:t> of word/document.xml, in order. */
export async function docxTexts(bytes: Buffer): Promise<string[]> {
  const unzipper = await import('unzipper');
  const dir = await unzipper.Open.buffer(bytes);
  const file = dir.files.find((f) => f.path === 'word/document.xml');
  if (!file) throw new Error('no word/document.xml');
  const chunks: Buffer[] = [];
  for await (const chunk of file.stream()) chunks.push(chunk as Buffer);
  const xml = Buffer.concat(chunks).toString('utf8');
  return [...xml.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]);
}

/** The text of all pages of a PDF, as a reader's copy would give it, without the page numbers in the top 20 mm. */
export async function pdfText(bytes: Buffer): Promise<string> {
  const { getDocument } = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const doc = await getDocument({ data: new Uint8Array(bytes), useSystemFonts: false, verbosity: 0 }).promise;
  let out = '';
  for (let i = 1; i <= doc.numPages; i++) {
    const page = await doc.getPage(i);
    const top = page.view[3] - (20 * 72) / 25.4;
    const items = (await page.getTextContent()).items.filter((x) => 'str' in x).filter((x) => x.transform[5] <= top);
    out += items.map((x) => x.str + (x.hasEOL ? ' ' : '')).join('') + ' ';
  }
  return out.replace(/\s+/g, ' ');
}
