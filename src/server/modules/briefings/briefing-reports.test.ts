import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, type TestApp, type TestClient } from '../../testing/test-app.ts';
import { DEFAULT_DEMO_PASSWORD, seedDemo } from '../../demo/seed.ts';
import { docxTexts, pdfText } from './document-text.test-helpers.ts';
import type { BriefingReportView } from './reports.ts';
import { formatDate, parsePeriod } from '../../../core/periods.ts';

describe('a briefing as a document: drafted, amended, finalised, numbered, frozen, and its conclusions become tasks', () => {
  let t: TestApp;
  let leader: TestClient;
  let now = new Date('2023-12-05T03:00:00Z');
  before(async () => {
    t = await createTestApp({ env: { DEMO: 'true' }, clock: () => now });
    await seedDemo(t.db, { today: '2023-12-05' });
    leader = await t.login('lanhdao', DEFAULT_DEMO_PASSWORD);
  });
  after(() => t.close());

  const draft = async (month: string): Promise<BriefingReportView> => {
    const res = await leader.post('/api/briefings', { month, orgUnit: 'BTTTT' });
    assert.equal(res.statusCode, 201, res.body);
    return res.json();
  };
  const auditCount = async (action: string) => (await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM audit_log WHERE action = $1', [action])).rows[0].n;

  test('the largest changes name the units that drove them, every number linked to its analytics cell', async () => {
    const view = await draft('202310');
    const changes = view.document.sections.find((s) => s.key === 'changes')!;
    assert.match(changes.heading, /^II\. CÁC CHỈ TIÊU BIẾN ĐỘNG LỚN NHẤT/);
    const withUnits = changes.paragraphs.filter((p) => /đóng góp nhiều nhất/.test(p.text));
    assert.ok(withUnits.length >= 1, changes.paragraphs.map((p) => p.text).join('\n'));
    for (const p of withUnits) {
      for (const f of p.figures) {
        assert.ok(f.shown && p.text.includes(f.shown), `${p.text} links ${f.shown}`);
        assert.equal(f.explainUrl, `/api/analytics/explain?dx=${f.indicator}&pe=${f.period}&ou=${f.orgUnit}`);
        assert.equal((await leader.get(f.explainUrl)).statusCode, 200);
      }
      // The national figures of both months and at least one unit below.
      assert.ok(
        p.figures.some((f) => f.orgUnit !== view.document.figureOrgUnit.code),
        p.text,
      );
      // No unit is named for a contribution written as zero.
      assert.ok(!/[+−]0(,0+)?(?=[^\d,]|$)/.test(p.text), p.text);
    }
  });

  test('a part is amended, restored, and a stale or wrong edit is refused naming the field', async () => {
    const view = await draft('202310');
    const res = await leader.put(`/api/briefings/${view.id}/sections`, { key: 'reporting', paragraphs: ['Các đơn vị gửi báo cáo đầy đủ.', 'Không có cảnh báo nghiêm trọng.'], version: view.version });
    assert.equal(res.statusCode, 200, res.body);
    const edited = res.json() as BriefingReportView;
    const part = edited.document.sections.find((s) => s.key === 'reporting')!;
    assert.deepEqual(
      part.paragraphs.map((p) => p.text),
      ['Các đơn vị gửi báo cáo đầy đủ.', 'Không có cảnh báo nghiêm trọng.'],
    );
    assert.equal(part.edited, true);
    const stale = await leader.put(`/api/briefings/${view.id}/sections`, { key: 'reporting', paragraphs: ['x'], version: view.version });
    assert.equal(stale.statusCode, 409);
    assert.equal(stale.json().error.code, 'BRIEFING_CHANGED');
    const unknown = await leader.put(`/api/briefings/${view.id}/sections`, { key: 'khong-co', paragraphs: ['x'], version: edited.version });
    assert.equal(unknown.statusCode, 400);
    assert.equal(unknown.json().error.details[0].path, 'body.key');
    const empty = await leader.put(`/api/briefings/${view.id}/sections`, { key: 'tasks', paragraphs: [' '], version: edited.version });
    assert.equal(empty.statusCode, 400);
    assert.match(empty.json().error.details[0].path, /paragraphs/);
    // An amended sentence keeps the links of the numbers it still quotes.
    const sector = edited.document.sections[0].subsections![0];
    const quoted = sector.paragraphs[0].figures[0];
    const kept = await leader.put(`/api/briefings/${view.id}/sections`, { key: sector.key, paragraphs: [`Đạt ${quoted.shown} trong tháng.`], version: edited.version });
    assert.deepEqual(
      (kept.json() as BriefingReportView).document.sections[0].subsections![0].paragraphs[0].figures.map((f) => f.shown),
      [quoted.shown],
    );
    const restored = await leader.put(`/api/briefings/${view.id}/sections`, { key: 'reporting', paragraphs: null, version: (kept.json() as BriefingReportView).version });
    assert.notEqual((restored.json() as BriefingReportView).document.sections.find((s) => s.key === 'reporting')!.paragraphs[0].text, 'Các đơn vị gửi báo cáo đầy đủ.');
    assert.ok((await auditCount('briefing.edit')) >= 3);
  });

  test('finalised: numbered from the register per year, frozen (DOCX and PDF unchanged when data change), immutable, start-from, conclusions to tasks', async () => {
    const bad = await draft('202310');
    const wrong = await leader.put(`/api/briefings/${bad.id}/conclusions`, {
      items: [
        { text: 'Kết luận', leadOrgUnit: 'KHONG_CO', dueDate: '2024-01-31' },
        { text: 'Quá hạn', leadOrgUnit: 'BTTTT', dueDate: '2023-01-31' },
      ],
      version: bad.version,
    });
    assert.equal(wrong.statusCode, 400);
    assert.deepEqual(
      wrong.json().error.details.map((d: { path: string }) => d.path),
      ['body.items[0].leadOrgUnit', 'body.items[1].dueDate'],
    );

    const view = await draft('202310');
    const edited = (
      await leader.put(`/api/briefings/${view.id}/sections`, { key: 'next', paragraphs: ['Tập trung hoàn thành các nhiệm vụ còn quá hạn.'], version: view.version })
    ).json() as BriefingReportView;
    const withConclusions = await leader.put(`/api/briefings/${view.id}/conclusions`, {
      items: [
        { text: 'Hoàn thành phủ sóng 4G các thôn, bản còn lõm sóng', leadOrgUnit: 'BTTTT', dueDate: '2024-03-31', responsible: 'Cục Viễn thông' },
        { text: 'Đôn đốc các tỉnh gửi báo cáo đúng hạn', leadOrgUnit: 'BTTTT', dueDate: '2024-01-15' },
      ],
      version: edited.version,
    });
    assert.equal(withConclusions.statusCode, 200, withConclusions.body);
    const ready = withConclusions.json() as BriefingReportView;
    assert.match(ready.document.sections.at(-1)!.heading, /KẾT LUẬN$/);
    const tooEarly = await leader.post(`/api/briefings/${view.id}/tasks`, { assignerName: 'Bộ trưởng' });
    assert.equal(tooEarly.statusCode, 409);

    const fin = await leader.post(`/api/briefings/${view.id}/finalise`, { version: ready.version, signerName: 'Nguyễn Mạnh Hùng' });
    assert.equal(fin.statusCode, 200, fin.body);
    const issued = fin.json() as BriefingReportView;
    assert.equal(issued.state, 'FINAL');
    const first = Number(issued.symbol!.split('/')[0]);
    assert.match(issued.symbol!, /^\d{2,}\/BC-BTTTT$/);
    assert.equal(issued.document.numberLine, `Số: ${issued.symbol}`);
    assert.equal(issued.issuedOn, '2023-12-05');

    // Immutable: every write refused, in both languages; the database refuses it too.
    for (const [url, body] of [
      [`/api/briefings/${view.id}/sections`, { key: 'next', paragraphs: ['Sửa'], version: issued.version }],
      [`/api/briefings/${view.id}/conclusions`, { items: [], version: issued.version }],
      [`/api/briefings/${view.id}/finalise`, { version: issued.version }],
    ] as const) {
      const res = url.endsWith('finalise') ? await leader.post(url, body) : await leader.put(url, body);
      assert.equal(res.statusCode, 409, url);
      assert.equal(res.json().error.code, 'BRIEFING_FINAL');
      assert.match(res.json().error.message, /đã ban hành/);
    }
    await assert.rejects(t.db.query("UPDATE briefing SET place = 'Đà Nẵng' WHERE id = $1", [view.id]), /finalised/);

    // The register numbers on: the next report of the year takes the next number; a new year starts from 01.
    const second = await draft('202311');
    const secondFin = (await leader.post(`/api/briefings/${second.id}/finalise`, { version: second.version })).json() as BriefingReportView;
    assert.equal(secondFin.symbol, `${String(first + 1).padStart(2, '0')}/BC-BTTTT`);
    now = new Date('2024-01-03T03:00:00Z');
    leader = await t.login('lanhdao', DEFAULT_DEMO_PASSWORD);
    const third = await draft('202312');
    const thirdFin = (await leader.post(`/api/briefings/${third.id}/finalise`, { version: third.version })).json() as BriefingReportView;
    assert.equal(thirdFin.symbol, '01/BC-BTTTT');
    now = new Date('2023-12-05T03:00:00Z');
    leader = await t.login('lanhdao', DEFAULT_DEMO_PASSWORD);
    const register = (await leader.get('/api/outgoing-documents?orgUnit=BTTTT&year=2023')).json().items as { symbol: string; briefingId: number }[];
    assert.ok(register.some((r) => r.symbol === issued.symbol && r.briefingId === view.id));
    assert.equal(await auditCount('outgoing_document.register'), register.length + 1);

    // Frozen: the data change, the live briefing changes, the issued files do not.
    const docxBefore = await docxTexts((await leader.get(`/api/briefings/${view.id}?format=docx`)).rawPayload);
    await t.db.query("UPDATE data_value SET value = value + 7 WHERE period_id = (SELECT id FROM period WHERE iso = '202310')");
    const live = (await leader.get('/api/briefings/monthly?month=202310&orgUnit=BTTTT')).json();
    const liveTexts: string[] = live.sections
      .flatMap((s: { paragraphs: { text: string }[]; subsections?: { paragraphs: { text: string }[] }[] }) => [...s.paragraphs, ...(s.subsections ?? []).flatMap((x) => x.paragraphs)])
      .map((p: { text: string }) => p.text);
    const frozen = (await leader.get(`/api/briefings/${view.id}`)).json() as BriefingReportView;
    const frozenTexts = frozen.document.sections.flatMap((s) => [...s.paragraphs, ...(s.subsections ?? []).flatMap((x) => x.paragraphs)]).map((p) => p.text);
    assert.ok(
      frozenTexts.some((x) => /đạt/.test(x) && !liveTexts.includes(x)),
      'the data change moved some figure',
    );
    const docxAfter = await docxTexts((await leader.get(`/api/briefings/${view.id}?format=docx`)).rawPayload);
    assert.deepEqual(docxAfter, docxBefore);
    for (const text of frozenTexts) assert.ok(docxAfter.includes(text.replace(/&/g, '&amp;')), `DOCX holds ${text}`);
    assert.ok(docxAfter.includes(`Số: ${issued.symbol}`));
    assert.ok(docxAfter.includes('Tập trung hoàn thành các nhiệm vụ còn quá hạn.'));
    assert.ok(docxAfter.includes('Nguyễn Mạnh Hùng'));
    const pdf = (await pdfText((await leader.get(`/api/briefings/${view.id}?format=pdf`)).rawPayload)).replace(/\s+/g, '');
    for (const text of frozenTexts) assert.ok(pdf.includes(text.replace(/\s+/g, '')), `PDF holds ${text}`);
    assert.ok(pdf.includes(`Số:${issued.symbol}`));

    // A new briefing from the issued one: next month, figures recomputed, the amended part carried over.
    const next = await leader.post('/api/briefings', { basedOn: view.id });
    assert.equal(next.statusCode, 201, next.body);
    const nextView = next.json() as BriefingReportView;
    assert.equal(nextView.month, '202311');
    assert.equal(nextView.state, 'DRAFT');
    const carried = nextView.document.sections.find((s) => s.key === 'next')!;
    assert.deepEqual(
      carried.paragraphs.map((p) => p.text),
      ['Tập trung hoàn thành các nhiệm vụ còn quá hạn.'],
    );
    assert.equal(carried.carriedFrom, issued.symbol);
    assert.deepEqual(nextView.conclusions, []);
    const fromDraft = await leader.post('/api/briefings', { basedOn: nextView.id });
    assert.equal(fromDraft.statusCode, 400);
    assert.equal(fromDraft.json().error.details[0].path, 'body.basedOn');

    // The conclusions become tasks in one step, their source document the briefing; once.
    const tasks = await leader.post(`/api/briefings/${view.id}/tasks`, { assignerName: 'Bộ trưởng Nguyễn Mạnh Hùng' });
    assert.equal(tasks.statusCode, 201, tasks.body);
    const created = tasks.json().items as { id: number; title: string; sourceKind: string; sourceNumber: string; sourceDate: string; dueDate: string }[];
    assert.deepEqual(
      created.map((x) => [x.title, x.sourceKind, x.sourceNumber, x.sourceDate, x.dueDate]),
      [
        ['Hoàn thành phủ sóng 4G các thôn, bản còn lõm sóng', 'BRIEFING', issued.symbol, '2023-12-05', '2024-03-31'],
        ['Đôn đốc các tỉnh gửi báo cáo đúng hạn', 'BRIEFING', issued.symbol, '2023-12-05', '2024-01-15'],
      ],
    );
    const again = await leader.post(`/api/briefings/${view.id}/tasks`, { assignerName: 'Bộ trưởng' });
    assert.equal(again.statusCode, 409);
    const shown = (await leader.get(`/api/briefings/${view.id}`)).json() as BriefingReportView;
    assert.deepEqual(
      shown.conclusions.map((c) => c.taskId),
      created.map((x) => x.id),
    );
    assert.equal(shown.can.createTasks, false);
  });

  test('the demo holds the ministry’s finalised briefing of the latest month, numbered, with its conclusions', async () => {
    const list = (await leader.get('/api/briefings?orgUnit=BTTTT&state=FINAL')).json().items as { id: number; month: string; symbol: string; issuedOn: string }[];
    // The first one registered (the tests above finalise more).
    const demo = list.filter((b) => b.month === '202311').sort((a, b) => a.id - b.id)[0];
    assert.ok(demo, JSON.stringify(list));
    assert.equal(demo.symbol, '01/BC-BTTTT');
    assert.equal(demo.issuedOn, '2023-12-05');
    const view = (await leader.get(`/api/briefings/${demo.id}`)).json() as BriefingReportView;
    assert.equal(view.conclusions.length, 2);
    assert.equal(view.can.createTasks, true);
  });

  test('the conclusions of the last briefing are followed: each with its computed status and progress, counted, in the draft, the DOCX and the PDF', async () => {
    // A briefing that draws six conclusions, finalised, its conclusions made tasks.
    now = new Date('2023-12-05T03:00:00Z');
    leader = await t.login('lanhdao', DEFAULT_DEMO_PASSWORD);
    const earlier = await draft('202312');
    const dues = ['2023-12-20', '2023-12-25', '2024-01-10', '2024-03-31', '2024-01-15', '2024-01-20'];
    const texts = [
      'Ban hành kế hoạch chuyển đổi số năm 2024',
      'Hoàn thành báo cáo tổng kết năm 2023',
      'Đôn đốc các tỉnh gửi báo cáo tháng đủ số liệu',
      'Xây dựng đề án phát triển nền tảng số',
      'Rà soát chỉ tiêu phủ sóng 4G',
      'Tổ chức hội nghị trực tuyến với các Sở',
    ];
    const set = await leader.put(`/api/briefings/${earlier.id}/conclusions`, { items: texts.map((text, i) => ({ text, leadOrgUnit: 'BTTTT', dueDate: dues[i] })), version: earlier.version });
    assert.equal(set.statusCode, 200, set.body);
    const fin = (await leader.post(`/api/briefings/${earlier.id}/finalise`, { version: (set.json() as BriefingReportView).version })).json() as BriefingReportView;
    const made = await leader.post(`/api/briefings/${earlier.id}/tasks`, { assignerName: 'Bộ trưởng' });
    assert.equal(made.statusCode, 201, made.body);
    const ids = (made.json().items as { id: number }[]).map((x) => x.id);
    // What became of them: done on time, done late, overdue, open within deadline, extended, cancelled.
    await t.db.query("UPDATE task SET state = 'DONE', done_on = '2023-12-18', progress_percent = 100 WHERE id = $1", [ids[0]]);
    await t.db.query("UPDATE task SET state = 'DONE', done_on = '2024-01-05', progress_percent = 100 WHERE id = $1", [ids[1]]);
    await t.db.query('UPDATE task SET progress_percent = 30 WHERE id = $1', [ids[2]]);
    await t.db.query('UPDATE task SET progress_percent = 40 WHERE id = $1', [ids[3]]);
    await t.db.query("UPDATE task SET extended_due_date = '2024-04-30', progress_percent = 50 WHERE id = $1", [ids[4]]);
    await t.db.query("UPDATE task SET state = 'CANCELLED', cancel_reason = 'Gộp vào hội nghị tổng kết' WHERE id = $1", [ids[5]]);

    // The next briefing reports them.
    now = new Date('2024-03-05T03:00:00Z');
    leader = await t.login('lanhdao', DEFAULT_DEMO_PASSWORD);
    const view = await draft('202402');
    const end = parsePeriod('202402').endDate;
    const asOf = end < '2024-03-05' ? end : '2024-03-05';
    const part = view.document.sections.find((s) => s.key === 'previous-conclusions')!;
    assert.match(part.heading, /^[IVX]+\. KẾT LUẬN GIAO BAN KỲ TRƯỚC VÀ TÌNH HÌNH THỰC HIỆN$/);
    const lines = part.paragraphs.map((p) => p.text);
    assert.equal(
      lines[0],
      `Giao ban tháng 12/2023 (Báo cáo số ${fin.symbol} ngày 05/12/2023) có 6 kết luận; tính đến ngày ${formatDate(asOf, 'vi')}: 2/6 kết luận đã hoàn thành (1 đúng hạn, 1 quá hạn), 1 quá hạn chưa hoàn thành, 2 đang thực hiện trong hạn, 1 đã được gia hạn, 1 đã hủy.`,
    );
    assert.equal(lines.length, 7);
    assert.equal(lines[1], '1. Ban hành kế hoạch chuyển đổi số năm 2024 (Bộ Thông tin và Truyền thông chủ trì; hạn 20/12/2023): đã hoàn thành đúng hạn ngày 18/12/2023, tiến độ 100 %.');
    assert.match(lines[2], /: đã hoàn thành quá hạn ngày 05\/01\/2024, tiến độ 100 %\.$/);
    const overdueDays = Math.round((Date.parse(asOf) - Date.parse('2024-01-10')) / 86_400_000);
    assert.match(lines[3], new RegExp(`: quá hạn ${overdueDays} ngày, chưa hoàn thành, tiến độ 30 %\\.$`));
    assert.match(lines[4], /hạn 31\/03\/2024\): đang thực hiện trong hạn, tiến độ 40 %\.$/);
    assert.match(lines[5], /: đã gia hạn từ 15\/01\/2024 đến 30\/04\/2024, đang thực hiện trong hạn, tiến độ 50 %\.$/);
    assert.match(lines[6], /: đã hủy \(lý do: Gộp vào hội nghị tổng kết\)\.$/);

    // In the generated files, read back.
    const docx = await docxTexts((await leader.get(`/api/briefings/${view.id}?format=docx`)).rawPayload);
    for (const line of lines) assert.ok(docx.includes(line), `DOCX holds ${line}`);
    const pdf = (await pdfText((await leader.get(`/api/briefings/${view.id}?format=pdf`)).rawPayload)).replace(/\s+/g, '');
    for (const line of lines) assert.ok(pdf.includes(line.replace(/\s+/g, '')), `PDF holds ${line}`);

    // Editors amend it like any other part.
    const edited = await leader.put(`/api/briefings/${view.id}/sections`, {
      key: 'previous-conclusions',
      paragraphs: [lines[0], 'Đề nghị Vụ Kế hoạch - Tài chính khẩn trương hoàn thành kết luận số 3.'],
      version: view.version,
    });
    assert.equal(edited.statusCode, 200, edited.body);
    const docxEdited = await docxTexts((await leader.get(`/api/briefings/${view.id}?format=docx`)).rawPayload);
    assert.ok(docxEdited.includes('Đề nghị Vụ Kế hoạch - Tài chính khẩn trương hoàn thành kết luận số 3.'));

    // A briefing with no earlier one that drew conclusions says so.
    const first = (await leader.get('/api/briefings/monthly?month=202201&orgUnit=BTTTT')).json() as { sections: { key?: string; paragraphs: { text: string }[] }[] };
    assert.deepEqual(
      first.sections.find((s) => s.key === 'previous-conclusions')!.paragraphs.map((p) => p.text),
      ['Chưa có báo cáo giao ban kỳ trước đã ban hành có kết luận.'],
    );
    now = new Date('2023-12-05T03:00:00Z');
    leader = await t.login('lanhdao', DEFAULT_DEMO_PASSWORD);
  });

  test('a past month is judged as it stood at its end: a task done the month after counts overdue in that briefing, and done in the next', async () => {
    // Due 20/10/2023, progress 40 % on 15/10, reported done 10/11 with evidence, confirmed 12/11.
    const at = async (iso: string) => {
      now = new Date(iso);
      return { leader: await t.login('lanhdao', DEFAULT_DEMO_PASSWORD), officer: await t.login('canbo.hanoi', DEFAULT_DEMO_PASSWORD) };
    };
    let who = await at('2023-10-02T03:00:00Z');
    const title = 'Rà soát danh mục dịch vụ công trực tuyến toàn trình của thành phố';
    const created = await who.leader.post('/api/tasks', {
      title,
      sourceKind: 'BRIEFING',
      sourceNumber: '99/TB-BTTTT',
      assignerName: 'Bộ trưởng',
      assigningOrgUnit: 'BTTTT',
      leadOrgUnit: '01',
      startDate: '2023-10-02',
      dueDate: '2023-10-20',
    });
    assert.equal(created.statusCode, 201, created.body);
    const id = created.json().id as number;
    who = await at('2023-10-15T03:00:00Z');
    assert.equal((await who.officer.post(`/api/tasks/${id}/progress`, { percent: 40 })).statusCode, 200);
    who = await at('2023-11-10T03:00:00Z');
    const boundary = '----asof';
    const pdf = Buffer.from('%PDF-1.4\n%%EOF\n');
    const up = await who.officer.request({
      method: 'POST',
      url: `/api/tasks/${id}/evidence`,
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
      payload: Buffer.concat([
        Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="ket-qua.pdf"\r\nContent-Type: application/pdf\r\n\r\n`),
        pdf,
        Buffer.from(`\r\n--${boundary}--\r\n`),
      ]),
    });
    assert.equal(up.statusCode, 201, up.body);
    assert.equal((await who.officer.post(`/api/tasks/${id}/done`, { evidenceIds: [up.json().id] })).statusCode, 200);
    who = await at('2023-11-12T03:00:00Z');
    assert.equal((await who.leader.post(`/api/tasks/${id}/confirm`, {})).statusCode, 200);

    who = await at('2023-12-05T03:00:00Z');
    const tasksOf = async (month: string) => {
      const doc = (await who.leader.get(`/api/briefings/monthly?month=${month}&orgUnit=BTTTT`)).json() as { sections: { key?: string; paragraphs: { text: string }[] }[] };
      return doc.sections.find((s) => s.key === 'tasks')!.paragraphs.map((p) => p.text);
    };
    const card = async (asOf: string, from: string, to: string) => (await who.leader.get(`/api/tasks/scorecard?by=UNIT&dueFrom=${from}&dueTo=${to}&asOf=${asOf}`)).json().total;
    // October: overdue at 31/10 (not done late, as today's reading would say), listed among the overdue tasks.
    const october = await tasksOf('202310');
    assert.ok(
      october.some((l) => l.startsWith(`- ${title} (`)),
      october.join('\n'),
    );
    const oct = await card('2023-10-31', '2023-10-01', '2023-10-31');
    assert.match(
      october[0],
      new RegExp(
        `có ${oct.assigned} nhiệm vụ đến hạn: ${oct.doneOnTime} nhiệm vụ hoàn thành đúng hạn, ${oct.doneLate} nhiệm vụ hoàn thành quá hạn, ${oct.openOnTime} nhiệm vụ đang thực hiện trong hạn, ${oct.openOverdue} nhiệm vụ quá hạn`,
      ),
    );
    const octToday = await card('2023-12-05', '2023-10-01', '2023-10-31');
    assert.equal(octToday.doneLate - oct.doneLate, 1, 'judged today the task is done late; at 31/10 it was not done');
    assert.equal(oct.openOverdue - octToday.openOverdue, 1);
    // November: no longer overdue; confirmed done in the month.
    const november = await tasksOf('202311');
    assert.ok(!november.some((l) => l.startsWith(`- ${title} (`)), november.join('\n'));
    const confirmedIn = (lines: string[]) => Number(/và (\d+) nhiệm vụ được xác nhận hoàn thành trong tháng/.exec(lines[1])![1]);
    const novemberDone = await t.db.query<{ n: number }>("SELECT count(*)::int AS n FROM task WHERE state = 'DONE' AND done_on BETWEEN '2023-11-01' AND '2023-11-30' AND confirmed_on <= '2023-11-30'");
    assert.equal(confirmedIn(november), novemberDone.rows[0].n);
    assert.ok(confirmedIn(november) >= 1);
    // The task page as of today is unchanged: done late.
    assert.equal((await who.leader.get(`/api/tasks/${id}`)).json().status, 'DONE_LATE');
    // A scorecard as of a day after today is refused, naming the field.
    const future = await who.leader.get('/api/tasks/scorecard?asOf=2024-01-01');
    assert.equal(future.statusCode, 400);
    assert.equal(future.json().error.details[0].path, 'query.asOf');
  });

  test('a reporting officer may read a briefing of its scope but not draw one up; a bad month names the field', async () => {
    const officer = await t.login('canbo.hanoi', DEFAULT_DEMO_PASSWORD);
    assert.equal((await officer.post('/api/briefings', { month: '202310', orgUnit: '01' })).statusCode, 403);
    const bad = await leader.post('/api/briefings', { month: '202313', orgUnit: 'BTTTT' });
    assert.equal(bad.statusCode, 400);
    assert.equal(bad.json().error.details[0].path, 'body.month');
    const none = await leader.post('/api/briefings', {});
    assert.deepEqual(
      none.json().error.details.map((d: { path: string }) => d.path),
      ['body.month', 'body.orgUnit'],
    );
  });
});
