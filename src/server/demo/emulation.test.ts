import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { pdfText } from '../modules/briefings/document-text.test-helpers.ts';
import { createTestApp, insertOrgUnit, type TestApp } from '../testing/test-app.ts';
import { tallyBallots } from '../../core/ballot.ts';
import { DEMO_COUNCIL, DEMO_PEOPLE, SECTOR_CRITERIA, seedDemoEmulation } from './emulation.ts';

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
/** The DOCX's text: its runs joined, as Word shows it. */
const docxText = async (bytes: Buffer) =>
  (await docxPart(bytes, 'word/document.xml'))
    .replace(/<w:p[ >][\s\S]*?<\/w:p>/g, (para) => `${para.replace(/<[^>]+>/g, '')}\n`)
    .replace(/<[^>]+>/g, '')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&');

describe('the demo emulation year 2023', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp({ clock: () => new Date('2024-02-01T03:00:00Z') });
    await insertOrgUnit(t.db, 'BTTTT', 'Bộ Thông tin và Truyền thông', null);
    for (const code of ['CCDS', 'CATTT', 'CVT', 'CPTTH', 'CBC', 'CCNICT', 'CXB', 'VBC', 'VKHTC', 'VP', 'VTCCB']) await insertOrgUnit(t.db, `BTTTT-${code}`, `Đơn vị ${code}`, 'BTTTT');
    for (const u of DEMO_COUNCIL) await t.createUser(u, [{ role: 'COUNCIL_MEMBER', orgUnit: 'BTTTT' }]);
    await t.createUser('admin', [{ role: 'ADMIN', orgUnit: null }]);
  });
  after(() => t.close());

  test('seeds the campaign, the history, a council vote that recounts, and the decision; a second run does nothing', async () => {
    assert.deepEqual(await seedDemoEmulation(t.db), { seeded: true });
    assert.deepEqual(await seedDemoEmulation(t.db), { seeded: false });
    const admin = await t.login('admin');
    const campaigns = (await admin.get('/api/emulation/campaigns')).json().items;
    assert.equal(campaigns[0].directiveNumber, '3/CT-BTTTT');
    assert.equal(campaigns[0].status, 'CLOSED');
    const campaign = (await admin.get(`/api/emulation/campaigns/${campaigns[0].id}`)).json();
    assert.equal(campaign.board.length, 11);
    // The eight sectors each have their criterion (with the advisory work of the Vụ), plus tasks and the movement.
    assert.deepEqual(
      campaign.criteria.map((c: { code: string }) => c.code),
      ['NHIEM_VU', ...SECTOR_CRITERIA.map((c) => c.code), 'PHONG_TRAO'],
    );
    assert.equal(new Set(SECTOR_CRITERIA.map((c) => c.sector).filter(Boolean)).size, 8);
    // No demo task in this test: the task criterion is unscored (and said so); each unit is scored on its sectors and the movement.
    const row = (code: string) => campaign.board.find((b: { orgUnit: { code: string } }) => b.orgUnit.code === code);
    assert.ok(
      campaign.board.every(
        (b: { complete: boolean; orgUnit: { code: string }; scores: unknown[] }) =>
          !b.complete && b.scores.filter(Boolean).length === 1 + SECTOR_CRITERIA.filter((c) => c.units.includes(b.orgUnit.code)).length,
      ),
    );
    // Cục Chuyển đổi số: Chính phủ số 96 and Kinh tế số 94 (weight 50 each), the movement 95 (weight 20): (96×50 + 94×50 + 95×20) / 120.
    assert.equal(row('BTTTT-CCDS').total, 95);
    assert.equal(row('BTTTT-CBC').total, Math.round(((87 * 50 + 85 * 20) / 70) * 100) / 100);

    const sessions = (await admin.get('/api/emulation/sessions')).json().items;
    const box = (await admin.get(`/api/emulation/sessions/${sessions[0].id}/box`)).json();
    assert.equal(box.ballots.length, 7);
    const recount = tallyBallots(
      {
        sessionId: sessions[0].id,
        publicKey: box.publicKey,
        memberCount: 7,
        issuedCount: 7,
        quorum: box.quorum,
        nominations: box.nominations.map((n: { id: number; threshold: { num: number; den: number } }) => ({ id: n.id, threshold: n.threshold, basis: 'ALL_MEMBERS' })),
      },
      box.ballots,
    );
    // CSTĐ cấp bộ for Hạnh 7/7; CSTĐ cơ sở 6/7; Tập thể LĐXS 7/7; the overridden CSTĐ cấp bộ 3/7 < 90 %.
    assert.deepEqual(
      recount.results.map((r) => [r.agree, r.passed]),
      [
        [7, true],
        [6, true],
        [7, true],
        [3, false],
      ],
    );
    assert.deepEqual(recount.results, box.result.results);

    const book = (await admin.get('/api/emulation/honour-book?year=2023')).json();
    assert.deepEqual(book.items.map((i: { award: string }) => i.award).sort(), ['CSTD_BO', 'CSTD_CS', 'TT_LDXS']);
    assert.equal((await admin.get('/api/emulation/honour-book?q=hanh')).json().items.length >= 3, true, 'Hạnh: titles 2020–2023');
    const minh = (await admin.get('/api/emulation/nominations?year=2023')).json().items.find((n: { staff: { fullName: string } | null }) => n.staff?.fullName === 'Trần Văn Minh');
    assert.equal(minh.eligible, false);
    assert.equal(minh.status, 'NOT_PASSED');
    assert.equal(DEMO_PEOPLE.length, 10);
  });

  test('the dossier of a nomination from the records: tờ trình, báo cáo thành tích and biên bản họp in DOCX and PDF', async () => {
    const admin = await t.login('admin');
    const noms = (await admin.get('/api/emulation/nominations?year=2023')).json().items;
    const hanh = noms.find((n: { staff: { fullName: string } | null }) => n.staff?.fullName === 'Nguyễn Thị Hồng Hạnh');
    const get = (id: number, doc: string, format: string) => admin.get(`/api/emulation/nominations/${id}/dossier?doc=${doc}&format=${format}`);

    const report = await get(hanh.id, 'achievements', 'docx');
    assert.equal(report.statusCode, 200, report.body);
    assert.match(report.headers['content-disposition'] as string, /Bao-cao-thanh-tich-de-nghi-/);
    const xml = await docxPart(report.rawPayload, 'word/document.xml');
    assert.match(xml, /<w:body>/);
    const text = await docxText(report.rawPayload);
    assert.match(text, /BÁO CÁO THÀNH TÍCH/);
    assert.match(text, /Đề nghị tặng danh hiệu "Chiến sĩ thi đua cấp bộ" năm 2023/);
    assert.match(text, /Họ và tên: Nguyễn Thị Hồng Hạnh\. Chức vụ: Chuyên viên/);
    // Ratings 2019–2023 as the archive holds them (2019 none), the titles with their decisions, the initiative, the campaign scores.
    assert.match(text, /Năm 2019: chưa có kết quả xếp loại\./);
    assert.match(text, /Năm 2020: Hoàn thành tốt nhiệm vụ\./);
    for (const y of [2021, 2022, 2023]) assert.match(text, new RegExp(`Năm ${y}: Hoàn thành xuất sắc nhiệm vụ\\.`));
    assert.match(text, /Năm 2021: "Chiến sĩ thi đua cơ sở", Quyết định số 38\/QĐ-BTTTT ngày 20\/01\/2022|Năm 2021: "Chiến sĩ thi đua cơ sở", Quyết định số 52\/QĐ-BTTTT ngày 18\/01\/2022/);
    assert.match(text, /Năm 2023: "Chiến sĩ thi đua cấp bộ", Quyết định số 125\/QĐ-BTTTT ngày 25\/01\/2024/);
    assert.match(text, /"Bộ công cụ đo lường mức độ sử dụng nền tảng số quốc gia", phạm vi ảnh hưởng cấp bộ, Quyết định số 2150\/QĐ-BTTTT ngày 01\/12\/2023/);
    const ccds = (await admin.get(`/api/emulation/campaigns/${hanh.campaignId}`)).json().board.find((b: { orgUnit: { code: string } }) => b.orgUnit.code === 'BTTTT-CCDS');
    assert.ok(text.includes(`Tổng điểm có trọng số: ${String(ccds.total).replace('.', ',')} điểm`), `the campaign total ${ccds.total} as the board shows it`);
    const pdf = await get(hanh.id, 'achievements', 'pdf');
    assert.equal(pdf.rawPayload.subarray(0, 5).toString(), '%PDF-');
    const ptext = await pdfText(pdf.rawPayload);
    assert.match(ptext, /BÁO CÁO THÀNH TÍCH/);
    assert.match(ptext, /Nguyễn Thị Hồng Hạnh/);
    assert.match(ptext, /Năm 2022: Hoàn thành xuất sắc nhiệm vụ/);

    const sub = await docxText((await get(hanh.id, 'submission', 'docx')).rawPayload);
    assert.match(sub, /TỜ TRÌNH/);
    assert.match(sub, /Về việc đề nghị tặng danh hiệu "Chiến sĩ thi đua cấp bộ" năm 2023/);
    assert.match(sub, /Căn cứ Luật Thi đua, khen thưởng số 06\/2022\/QH15 \(hiệu lực 01\/01\/2024\); Nghị định 98\/2023\/NĐ-CP;/);
    assert.match(sub, /Đạt: Có sáng kiến năm 2023, phạm vi ảnh hưởng cấp bộ \(Luật Thi đua, khen thưởng số 06\/2022\/QH15, Điều 22 khoản 1\)/);
    assert.match(sub, /Kết luận: đủ tiêu chuẩn/);
    const minh = noms.find((n: { staff: { fullName: string } | null }) => n.staff?.fullName === 'Trần Văn Minh');
    const subMinh = await docxText((await get(minh.id, 'submission', 'docx')).rawPayload);
    assert.match(subMinh, /Chưa đạt: /);
    assert.match(subMinh, /vẫn đề nghị với lý do: Năm 2021 được đánh giá hoàn thành tốt nhiệm vụ/);

    const minutes = await docxText((await get(hanh.id, 'minutes', 'docx')).rawPayload);
    assert.match(minutes, /BIÊN BẢN/);
    assert.match(minutes, /Hội đồng có 7 thành viên; 7 thành viên đã nhận phiếu, trong đó 1 gửi phiếu bằng văn bản/);
    assert.match(minutes, /Nguyễn Thị Hồng Hạnh — "Chiến sĩ thi đua cấp bộ": 7\/7 thành viên đồng ý \(100 %\), 0 không đồng ý; cần 7; ĐẠT/);
    assert.match(minutes, /Trần Văn Minh — "Chiến sĩ thi đua cấp bộ": 3\/7 thành viên đồng ý \(42,9 %\), 4 không đồng ý; cần 7; KHÔNG ĐẠT/);
    const mpdf = await pdfText((await get(hanh.id, 'minutes', 'pdf')).rawPayload);
    assert.match(mpdf, /BIÊN BẢN/);
    assert.match(mpdf, /ĐẠT/);

    const bad = await admin.get(`/api/emulation/nominations/${hanh.id}/dossier?doc=letter`);
    assert.equal(bad.statusCode, 400);
    assert.equal(bad.json().error.details[0].path, 'querystring.doc');
    assert.equal((await admin.get('/api/emulation/nominations/99999/dossier?doc=submission')).statusCode, 404);
  });
});
