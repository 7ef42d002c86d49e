import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, type TestApp, type TestClient } from '../../testing/test-app.ts';
import { DEFAULT_DEMO_PASSWORD, seedDemo } from '../../demo/seed.ts';
import { computeFigures } from '../analytics/service.ts';
import { formatNumber } from '../../../core/vietnamese.ts';
import type { BriefingModel } from './service.ts';

/** The XML of a DOCX part (the package is a zip). */
async function docxPart(bytes: Buffer, part: string): Promise<string> {
  const unzipper = await import('unzipper');
  const dir = await unzipper.Open.buffer(bytes);
  const file = dir.files.find((f) => f.path === part);
  assert.ok(file, `the DOCX has ${part}`);
  const chunks: Buffer[] = [];
  for await (const chunk of file.stream()) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** The text of each page of a PDF, as a reader's copy would give it, and what is written in its top 20 mm. */
async function pdfPages(bytes: Buffer): Promise<{ text: string; top: string }[]> {
  const { getDocument } = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const doc = await getDocument({ data: new Uint8Array(bytes), useSystemFonts: false, verbosity: 0 }).promise;
  const pages: { text: string; top: string }[] = [];
  for (let i = 1; i <= doc.numPages; i++) {
    const page = await doc.getPage(i);
    const height = page.view[3];
    const items = (await page.getTextContent()).items.filter((x) => 'str' in x);
    // The page number sits in the top margin: apart from the text, so a paragraph running over a page reads whole.
    const inTop = (x: (typeof items)[number]) => x.transform[5] > height - (20 * 72) / 25.4;
    pages.push({
      text: items
        .filter((x) => !inTop(x))
        .map((x) => x.str + (x.hasEOL ? ' ' : ''))
        .join('')
        .replace(/\s+/g, ' '),
      top: items
        .filter(inTop)
        .map((x) => x.str)
        .join('')
        .trim(),
    });
  }
  return pages;
}

const paragraphsOf = (m: BriefingModel) => m.sections.flatMap((s) => [...s.paragraphs, ...(s.subsections ?? []).flatMap((x) => x.paragraphs)]);

describe('the monthly briefing: written from live data, in the format of Decree 30/2020', () => {
  let t: TestApp;
  let leader: TestClient;
  before(async () => {
    t = await createTestApp({ env: { DEMO: 'true' }, clock: () => new Date('2023-12-05T03:00:00Z') });
    await seedDemo(t.db, { today: '2023-12-05' });
    leader = await t.login('lanhdao', DEFAULT_DEMO_PASSWORD);
  });
  after(() => t.close());

  test('every figure in a sentence is the analytics figure (submitted and approved data), with its coverage; incomplete ones say so', async () => {
    for (const month of ['202310', '202311']) {
      const res = await leader.get(`/api/briefings/monthly?month=${month}&orgUnit=BTTTT`);
      assert.equal(res.statusCode, 200, res.body);
      const model = res.json() as BriefingModel;
      assert.equal(model.dataStatus, 'SUBMITTED');
      assert.ok(model.figures.length >= 5, `${month}: ${model.figures.length} figures`);
      for (const p of paragraphsOf(model)) {
        for (const f of p.figures) {
          const unit = (await t.db.query<{ id: number }>('SELECT id FROM org_unit WHERE code = $1', [f.orgUnit])).rows[0].id;
          const live = (await computeFigures(t.db, f.indicator, [unit], [f.period])).get(`${unit}|${f.period}`);
          assert.equal(f.value, live?.value ?? null, `${f.indicator} ${f.period}`);
          assert.deepEqual(f.coverage, live?.coverage ?? null);
          const { rows } = await t.db.query<{ decimals: number; minCoverage: number }>('SELECT decimals, min_coverage AS "minCoverage" FROM indicator WHERE code = $1', [f.indicator]);
          const complete = f.coverage === null || f.coverage.share >= rows[0].minCoverage;
          if (f.shown !== null) assert.ok(p.text.includes(f.shown), `${p.text} quotes ${f.shown}`);
          if (f.period !== month || f.orgUnit !== model.figureOrgUnit.code || !model.sections[0].subsections!.some((x) => x.paragraphs.includes(p))) continue;
          if (complete) assert.ok(p.text.includes(formatNumber(f.value, 'vi', rows[0].decimals)), `${p.text} quotes ${f.value}`);
          else assert.match(p.text, /chưa đủ số liệu \(mới có \d+\/\d+ báo cáo/);
          assert.equal(f.explainUrl, `/api/analytics/explain?dx=${f.indicator}&pe=${f.period}&ou=${f.orgUnit}`);
        }
      }
    }
    const october = (await leader.get('/api/briefings/monthly?month=202310&orgUnit=BTTTT')).json() as BriefingModel;
    assert.ok(
      paragraphsOf(october).some((p) => /so với tháng trước/.test(p.text) && /mục tiêu/.test(p.text)),
      'a sentence compares with last month and the target',
    );
  });

  test('the DOCX has the Decree 30 layout: A4, margins, Times New Roman 13–14, national title, number, place and date, signature, recipients', async () => {
    const res = await leader.get('/api/briefings/monthly?month=202310&orgUnit=BTTTT&format=docx');
    assert.equal(res.statusCode, 200);
    assert.match(String(res.headers['content-disposition']), /Bao-cao-giao-ban-BTTTT-202310\.docx/);
    const xml = await docxPart(res.rawPayload, 'word/document.xml');
    assert.match(xml, /<w:pgSz w:w="11906" w:h="16838"/);
    assert.match(xml, /<w:pgMar w:top="1134" w:right="850" w:bottom="1134" w:left="1701"/);
    assert.match(xml, /<w:titlePg\/>/, 'no page number on the first page');
    const fonts = new Set([...xml.matchAll(/w:ascii="([^"]+)"/g)].map((m) => m[1]));
    assert.deepEqual([...fonts], ['Times New Roman']);
    const texts = [...xml.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]);
    const order = [
      'BỘ THÔNG TIN VÀ TRUYỀN THÔNG',
      'Số:        /BC-BTTTT',
      'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM',
      'Độc lập - Tự do - Hạnh phúc',
      'Hà Nội, ngày 05 tháng 12 năm 2023',
      'BÁO CÁO',
      'Kết quả thực hiện nhiệm vụ tháng 10/2023',
      'I. KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU',
      'Nơi nhận:',
      'THỦ TRƯỞNG ĐƠN VỊ',
    ];
    let at = -1;
    for (const s of order) {
      const i = texts.indexOf(s);
      assert.ok(i > at, `'${s}' in its place`);
      at = i;
    }
    // The date line in italics, the motto in bold; body text at 14 pt, recipients at 11–12 pt.
    assert.match(xml, /<w:i\/>(?:(?!<\/w:r>).)*Hà Nội, ngày 05/s);
    assert.match(xml, /<w:b\/>(?:(?!<\/w:r>).)*Độc lập - Tự do - Hạnh phúc/s);
    const sizes = new Set([...xml.matchAll(/<w:sz w:val="(\d+)"\/>/g)].map((m) => Number(m[1]) / 2));
    for (const s of sizes) assert.ok(s >= 11 && s <= 14, `font size ${s}`);
    const model = (await leader.get('/api/briefings/monthly?month=202310&orgUnit=BTTTT')).json() as BriefingModel;
    for (const p of paragraphsOf(model)) assert.ok(texts.includes(p.text.replace(/&/g, '&amp;')), `DOCX holds: ${p.text}`);
    const header = await docxPart(res.rawPayload, 'word/header2.xml').catch(() => docxPart(res.rawPayload, 'word/header1.xml'));
    assert.match(header + (await docxPart(res.rawPayload, 'word/header1.xml')), /PAGE/);
  });

  test('the PDF holds the same text with its diacritics, page numbers from page 2, in a font from the packages', async () => {
    const res = await leader.get('/api/briefings/monthly?month=202310&orgUnit=BTTTT&format=pdf');
    assert.equal(res.statusCode, 200);
    assert.equal(res.rawPayload.subarray(0, 5).toString(), '%PDF-');
    const raw = res.rawPayload.toString('latin1');
    assert.match(raw, /\/BaseFont \/[A-Z]{6}\+Tinos/);
    const pages = await pdfPages(res.rawPayload);
    assert.ok(pages.length >= 2, `pages: ${pages.length}`);
    const all = pages.map((p) => p.text).join(' ');
    for (const s of ['CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', 'Độc lập - Tự do - Hạnh phúc', 'Hà Nội, ngày 05 tháng 12 năm 2023', 'BÁO CÁO', 'Nơi nhận:', 'Số: /BC-BTTTT'])
      assert.ok(all.includes(s), `PDF holds '${s}'`);
    assert.equal(pages[0].top, '', 'no number on page 1');
    pages.slice(1).forEach((p, i) => assert.equal(p.top, String(i + 2), `page ${i + 2} has its number at the top`));
    const model = (await leader.get('/api/briefings/monthly?month=202310&orgUnit=BTTTT')).json() as BriefingModel;
    // Lines break at spaces and after a slash: compared without white space.
    const squeezed = all.replace(/\s+/g, '');
    for (const p of paragraphsOf(model)) assert.ok(squeezed.includes(p.text.replace(/\s+/g, '')), `PDF holds: ${p.text}`);
  });

  test('the demo ministry’s tasks show every status, and the briefing of their month counts them', async () => {
    const list = (await leader.get('/api/tasks')).json().items as { status: string; isExtended: boolean; awaitingConfirmation: boolean; title: string; statusAgainstOriginal: string }[];
    const statuses = new Set(list.map((x) => x.status));
    for (const s of ['DONE_ON_TIME', 'DONE_LATE', 'OPEN_ON_TIME', 'OPEN_OVERDUE', 'CANCELLED']) assert.ok(statuses.has(s), `demo has ${s}`);
    const extended = list.find((x) => x.isExtended);
    assert.equal(extended?.status, 'DONE_ON_TIME');
    assert.equal(extended?.statusAgainstOriginal, 'DONE_LATE');
    assert.ok(list.some((x) => x.awaitingConfirmation));
    const september = (await leader.get('/api/briefings/monthly?month=202309&orgUnit=BTTTT')).json() as BriefingModel;
    const tasks = september.sections
      .find((x) => x.key === 'tasks')!
      .paragraphs.map((p) => p.text)
      .join('\n');
    // Due on 30/9 and still open: at the end of September it is within its deadline (the last day counts).
    assert.match(
      tasks,
      /Trong tháng 9\/2023 có 1 nhiệm vụ đến hạn: 0 nhiệm vụ hoàn thành đúng hạn, 0 nhiệm vụ hoàn thành quá hạn, 1 nhiệm vụ đang thực hiện trong hạn, 0 nhiệm vụ quá hạn chưa hoàn thành/,
    );
    const october = (await leader.get('/api/briefings/monthly?month=202310&orgUnit=BTTTT')).json() as BriefingModel;
    const octoberTasks = october.sections
      .find((x) => x.key === 'tasks')!
      .paragraphs.map((p) => p.text)
      .join('\n');
    assert.match(octoberTasks, /Tính đến ngày 31\/10\/2023, còn 1 nhiệm vụ quá hạn:/);
    assert.match(octoberTasks, /Phủ sóng di động 4G các thôn, bản còn lõm sóng ở khu vực biên giới \(Cục Viễn thông chủ trì; hạn 30\/09\/2023; theo văn bản số 190\/TB-BTTTT\)/);
  });

  test('a wrong month or a unit out of scope is refused, naming the field', async () => {
    const bad = await leader.get('/api/briefings/monthly?month=202313&orgUnit=BTTTT');
    assert.equal(bad.statusCode, 400);
    assert.equal(bad.json().error.details[0].path, 'query.month');
    const officer = await t.login('canbo.hanoi', DEFAULT_DEMO_PASSWORD);
    assert.equal((await officer.get('/api/briefings/monthly?month=202310&orgUnit=BTTTT')).statusCode, 403);
  });
});
