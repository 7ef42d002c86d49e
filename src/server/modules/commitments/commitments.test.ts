import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, insertOrgUnit, type TestApp, type TestClient } from '../../testing/test-app.ts';
import { insertElement, insertValue } from '../../testing/factories.ts';
import { nextPeriod } from '../../../core/periods.ts';

function multipart(bytes: Buffer, fileName: string) {
  const boundary = '----tiendo-commitment-test';
  const head = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\nContent-Type: application/octet-stream\r\n\r\n`;
  return { payload: Buffer.concat([Buffer.from(head), bytes, Buffer.from(`\r\n--${boundary}--\r\n`)]), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}
const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');

describe('commitments: measurable results, the outcome at the end and the forecast during the period', () => {
  let t: TestApp;
  let now: Date;
  let admin: TestClient;
  let leader: TestClient;
  let headA: TestClient;
  let headB: TestClient;
  let officerA: TestClient;
  let officerB: TestClient;
  const ids: Record<string, number> = {};
  let commitmentId = 0;
  let reviewResultId = 0;

  const body = () => ({
    officialName: 'Nguyễn Văn An',
    officialPosition: 'Cục trưởng Cục Alpha',
    orgUnit: 'CUC_A',
    title: 'Cam kết khi nhận chức Cục trưởng',
    startDate: '2022-07-01',
    endDate: '2023-06-30',
    sourceDocument: 'Quyết định bổ nhiệm 812/QĐ-BTTTT',
    results: [
      { title: 'Hoàn thành hai nhiệm vụ trọng tâm', tasks: [ids.task1, ids.task2] },
      { title: 'Tỷ lệ tài khoản số đạt 40 %', targets: [ids.targetMet] },
      { title: 'Không để xảy ra sự cố mất an toàn thông tin', reviewerJudged: true },
    ],
  });

  before(async () => {
    now = new Date('2022-06-20T03:00:00Z');
    t = await createTestApp({ clock: () => now, env: { SESSION_TTL_HOURS: String(24 * 90) } });
    await insertOrgUnit(t.db, 'BO', 'Bộ Alpha', null);
    await insertOrgUnit(t.db, 'CUC_A', 'Cục Alpha', 'BO');
    await insertOrgUnit(t.db, 'CUC_B', 'Cục Beta', 'BO');
    await t.createUser('admin', [{ role: 'ADMIN', orgUnit: null }]);
    await t.createUser('lanhdao', [{ role: 'LEADER', orgUnit: 'BO' }]);
    await t.createUser('truong-a', [{ role: 'UNIT_MANAGER', orgUnit: 'CUC_A' }]);
    await t.createUser('truong-b', [{ role: 'UNIT_MANAGER', orgUnit: 'CUC_B' }]);
    await t.createUser('canbo-a', [{ role: 'REPORTING_OFFICER', orgUnit: 'CUC_A' }]);
    await t.createUser('canbo-b', [{ role: 'REPORTING_OFFICER', orgUnit: 'CUC_B' }]);
    await relogin();

    const task = async (name: string, lead: string, start: string, due: string) => {
      const r = await leader.post('/api/tasks', {
        title: `Nhiệm vụ ${name}`,
        sourceKind: 'BRIEFING',
        sourceNumber: '5/TB',
        assignerName: 'Bộ trưởng',
        assigningOrgUnit: 'BO',
        leadOrgUnit: lead,
        startDate: start,
        dueDate: due,
      });
      assert.equal(r.statusCode, 201, r.body);
      ids[name] = r.json().id;
    };
    await task('task1', 'CUC_A', '2022-07-01', '2022-12-31');
    await task('task2', 'CUC_A', '2022-07-01', '2022-09-30');
    await task('taskB', 'CUC_B', '2022-07-01', '2022-12-31');

    // A share rising one point a month through 2022, in CUC_A, submitted; in CUC_B the same figures only as drafts.
    await insertElement(t.db, 'TK_VN', { aggregationType: 'LAST' });
    await insertElement(t.db, 'TK_TONG', { aggregationType: 'LAST' });
    let month = '202101';
    for (let i = 0; i < 24; i++) {
      await insertValue(t.db, 'TK_VN', month, 'CUC_A', (20 + i) * 10, undefined, 1);
      await insertValue(t.db, 'TK_TONG', month, 'CUC_A', 1000, undefined, 1);
      await insertValue(t.db, 'TK_VN', month, 'CUC_B', (20 + i) * 10, undefined, 0);
      await insertValue(t.db, 'TK_TONG', month, 'CUC_B', 1000, undefined, 0);
      month = nextPeriod(month);
    }
    const ind = await admin.post('/api/indicators', {
      code: 'TL_TK_VN',
      nameVi: 'Tỷ lệ tài khoản trên nền tảng số Việt Nam',
      numerator: '#{TK_VN}',
      denominator: '#{TK_TONG}',
      factor: 100,
      unit: '%',
    });
    assert.equal(ind.statusCode, 201, ind.body);
    const target = async (name: string, unit: string) => {
      const r = await admin.post('/api/targets', { indicator: 'TL_TK_VN', orgUnit: unit, targetPeriod: '2022', baselineValue: 20, baselinePeriod: '202101', targetValue: 40 });
      assert.equal(r.statusCode, 201, r.body);
      ids[name] = r.json().id;
    };
    await target('targetMet', 'CUC_A');
    await target('targetDraft', 'CUC_B');
  });
  after(() => t.close());
  /** Sessions follow the application clock: moving it by months signs everyone in again. */
  async function relogin() {
    admin = await t.login('admin');
    leader = await t.login('lanhdao');
    headA = await t.login('truong-a');
    headB = await t.login('truong-b');
    officerA = await t.login('canbo-a');
    officerB = await t.login('canbo-b');
  }
  /** Moves the clock; the named callers sign in again (sign-ins are limited to 20 a minute). */
  async function at(iso: string, ...again: ('leader' | 'officerA' | 'headB')[]) {
    now = new Date(iso);
    if (again.includes('leader')) leader = await t.login('lanhdao');
    if (again.includes('officerA')) officerA = await t.login('canbo-a');
    if (again.includes('headB')) headB = await t.login('truong-b');
  }

  const count = async () =>
    (await t.db.query<{ n: number }>('SELECT (SELECT count(*) FROM commitment)::int + (SELECT count(*) FROM commitment_result)::int + (SELECT count(*) FROM commitment_link)::int AS n')).rows[0].n;

  test('bad input is refused naming the field, and nothing is written', async () => {
    const before = await count();
    const refuse = async (payload: unknown, path: string, code?: string) => {
      const r = await headA.post('/api/commitments', payload);
      assert.equal(r.statusCode, 400, `${path}: ${r.body}`);
      const err = r.json().error;
      assert.ok(
        err.details.some((d: { path: string }) => d.path === path),
        `${path} not named: ${r.body}`,
      );
      if (code) assert.equal(err.code, code);
      return err;
    };
    const unmeasurable = await refuse({ ...body(), results: [...body().results, { title: 'Nâng cao chất lượng công tác' }] }, 'body.results[3].tasks', 'INVALID_COMMITMENT');
    assert.match(unmeasurable.message, /Kết quả 4 \("Nâng cao chất lượng công tác"\) không gắn với nhiệm vụ hay mục tiêu nào/);
    const en = await headA.request({ method: 'POST', url: '/api/commitments?lang=en', payload: { ...body(), results: [{ title: 'Better work' }] } });
    assert.match(en.json().error.message, /linked to no task or target and is not reviewer-judged/);
    await refuse({ ...body(), endDate: '2022-06-01' }, 'body.endDate');
    await refuse({ ...body(), results: [] }, 'body.results');
    await refuse({ ...body(), results: [{ title: 'A', tasks: [999999] }] }, 'body.results[0].tasks[0]');
    // Another unit's task is as good as unknown to this unit's head.
    await refuse({ ...body(), results: [{ title: 'A', tasks: [ids.task1, ids.taskB] }] }, 'body.results[0].tasks[1]');
    await refuse({ ...body(), results: [{ title: 'A', targets: [ids.targetDraft] }] }, 'body.results[0].targets[0]');
    await refuse({ ...body(), results: [{ title: 'A', targets: [ids.targetMet], reviewerJudged: true }] }, 'body.results[0].reviewerJudged');
    await refuse({ ...body(), startDate: '2022-02-30' }, 'body.startDate');
    const { officialName: _, ...noName } = body();
    await refuse(noName, 'body.officialName');
    assert.equal(await count(), before);
  });

  test('only the unit (or leadership) records a commitment for the unit', async () => {
    assert.equal((await officerA.post('/api/commitments', body())).statusCode, 403);
    assert.equal((await headB.post('/api/commitments', body())).statusCode, 403);
    const r = await headA.post('/api/commitments', body());
    assert.equal(r.statusCode, 201, r.body);
    commitmentId = r.json().id;
    reviewResultId = r.json().results[2].id;
    assert.equal(r.json().phase, 'NOT_STARTED');
    assert.deepEqual(
      r.json().results.map((x: { tasks: unknown[]; targets: unknown[] }) => [x.tasks.length, x.targets.length]),
      [
        [2, 0],
        [0, 1],
        [0, 0],
      ],
    );
    const audit = await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'commitment.create' AND object_id = $1`, [String(commitmentId)]);
    assert.equal(audit.rows[0].n, 1);
  });

  test('the unit and its superiors read it; other units do not', async () => {
    for (const c of [officerA, headA, leader, admin]) assert.equal((await c.get(`/api/commitments/${commitmentId}`)).statusCode, 200);
    assert.equal((await officerB.get(`/api/commitments/${commitmentId}`)).statusCode, 404);
    assert.equal((await officerB.get('/api/commitments')).json().total, 0);
    assert.equal((await leader.get('/api/commitments')).json().total, 1);
    assert.equal((await t.anonymous.get('/api/commitments')).statusCode, 401);
  });

  test('during the period a lagging task puts the commitment at risk, and leadership sees it', async () => {
    // Still within the sessions' 90 days.
    await at('2022-09-15T03:00:00Z');
    // task2 runs 1/7–30/9: by 15/9 about 84 % of its time has passed.
    assert.equal((await officerA.post(`/api/tasks/${ids.task2}/progress`, { percent: 30, note: 'Đang dự thảo' })).statusCode, 200);
    assert.equal((await officerA.post(`/api/tasks/${ids.task1}/progress`, { percent: 50, note: 'Đã xong khảo sát' })).statusCode, 200);
    const c = (await leader.get(`/api/commitments/${commitmentId}`)).json();
    assert.equal(c.phase, 'IN_PROGRESS');
    assert.equal(c.outcome, null);
    assert.equal(c.forecast, 'AT_RISK');
    assert.equal(c.isAtRisk, true);
    assert.equal(c.results[0].forecast, 'AT_RISK');
    assert.ok(
      c.results[0].reasons.some((r: { reasonVi: string }) => /Nhiệm vụ task2" chậm: tiến độ 30 %/.test(r.reasonVi)),
      JSON.stringify(c.results[0].reasons),
    );
    const list = (await leader.get('/api/commitments?dueYear=2023&atRisk=true')).json();
    assert.deepEqual(
      list.items.map((x: { id: number }) => x.id),
      [commitmentId],
    );
    assert.equal((await leader.get('/api/commitments?dueYear=2022')).json().total, 0);
    assert.equal((await leader.get('/api/commitments?atRisk=false')).json().total, 0);
  });

  test('a reviewer judges with evidence: the type is read from the content; a unit head may not judge', async () => {
    const bad = await headA.request({ method: 'POST', url: `/api/commitments/${commitmentId}/results/${reviewResultId}/evidence`, ...multipart(Buffer.from('MZ not a pdf'), 'bien-ban.pdf') });
    assert.equal(bad.statusCode, 415, bad.body);
    assert.equal(bad.json().error.details[0].path, 'file');
    const up = await headA.request({ method: 'POST', url: `/api/commitments/${commitmentId}/results/${reviewResultId}/evidence`, ...multipart(PDF, 'bao-cao-attt.pdf') });
    assert.equal(up.statusCode, 201, up.body);
    assert.equal(up.json().contentType, 'application/pdf');
    const evidenceId = up.json().id as number;
    assert.equal((await headA.post(`/api/commitments/${commitmentId}/results/${reviewResultId}/judgement`, { verdict: 'MET', evidenceIds: [evidenceId] })).statusCode, 403);
    const noEvidence = await leader.post(`/api/commitments/${commitmentId}/results/${reviewResultId}/judgement`, { verdict: 'MET' });
    assert.equal(noEvidence.statusCode, 400);
    assert.equal(noEvidence.json().error.details[0].path, 'body.evidenceIds');
    const linked = (await leader.get(`/api/commitments/${commitmentId}`)).json().results[0].id as number;
    assert.equal((await leader.post(`/api/commitments/${commitmentId}/results/${linked}/judgement`, { verdict: 'MET', evidenceIds: [evidenceId] })).statusCode, 409);
    const ok = await leader.post(`/api/commitments/${commitmentId}/results/${reviewResultId}/judgement`, { verdict: 'MET', note: 'Không có sự cố trong năm', evidenceIds: [evidenceId] });
    assert.equal(ok.statusCode, 200, ok.body);
    assert.equal(ok.json().results[2].verdict, 'MET');
    const file = await officerA.get(`/api/commitments/${commitmentId}/evidence/${evidenceId}`);
    assert.equal(file.statusCode, 200);
    assert.equal(file.headers['content-type'], 'application/pdf');
    assert.equal((await officerB.get(`/api/commitments/${commitmentId}/evidence/${evidenceId}`)).statusCode, 404);
    const audit = await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM audit_log WHERE action IN ('commitment.judge', 'commitment.evidence_upload') AND object_id = $1`, [
      String(commitmentId),
    ]);
    assert.equal(audit.rows[0].n, 2);
  });

  test('edited by its unit, audited; a judged result keeps its wording; the official linked to the staff register', async () => {
    const current = (await headA.get(`/api/commitments/${commitmentId}`)).json();
    const edit = () => ({
      ...body(),
      title: 'Cam kết khi nhận chức Cục trưởng Cục Alpha',
      results: body().results.map((r, i) => ({ ...r, id: current.results[i].id as number, ...(i === 0 ? { title: 'Hoàn thành đúng hạn hai nhiệm vụ trọng tâm' } : {}) })),
    });
    assert.equal((await officerA.put(`/api/commitments/${commitmentId}`, edit())).statusCode, 403);
    assert.equal((await headB.put(`/api/commitments/${commitmentId}`, edit())).statusCode, 404);
    const ok = await headA.put(`/api/commitments/${commitmentId}`, edit());
    assert.equal(ok.statusCode, 200, ok.body);
    assert.equal(ok.json().title, 'Cam kết khi nhận chức Cục trưởng Cục Alpha');
    assert.deepEqual(
      ok.json().results.map((r: { id: number; title: string }) => [r.id, r.title]),
      [
        [current.results[0].id, 'Hoàn thành đúng hạn hai nhiệm vụ trọng tâm'],
        [current.results[1].id, current.results[1].title],
        [reviewResultId, current.results[2].title],
      ],
    );
    assert.equal(ok.json().results[2].verdict, 'MET');
    const audit = await t.db.query<{ before: { title: string }; after: { title: string } }>(`SELECT before, after FROM audit_log WHERE action = 'commitment.update' AND object_id = $1`, [
      String(commitmentId),
    ]);
    assert.equal(audit.rows.length, 1);
    assert.deepEqual([audit.rows[0].before.title, audit.rows[0].after.title], ['Cam kết khi nhận chức Cục trưởng', 'Cam kết khi nhận chức Cục trưởng Cục Alpha']);
    // The judged result: no new wording, no removal.
    const reworded = await headA.put(`/api/commitments/${commitmentId}`, { ...edit(), results: edit().results.map((r, i) => (i === 2 ? { ...r, title: 'Khác' } : r)) });
    assert.equal(reworded.statusCode, 409);
    assert.equal(reworded.json().error.code, 'COMMITMENT_JUDGED');
    assert.match(reworded.json().error.message, /Kết quả ".+": kết quả đã được đánh giá/);
    const removed = await headA.put(`/api/commitments/${commitmentId}`, { ...edit(), results: edit().results.slice(0, 2) });
    assert.equal(removed.statusCode, 409);
    // Results are matched by id, not by place: an unknown id is refused naming it; reordered results keep their own verdicts.
    const unknown = await headA.put(`/api/commitments/${commitmentId}`, { ...edit(), results: [{ ...edit().results[0], id: 999999 }, ...edit().results.slice(1)] });
    assert.equal(unknown.statusCode, 400);
    assert.equal(unknown.json().error.details[0].path, 'body.results[0].id');
    const reordered = await headA.put(`/api/commitments/${commitmentId}`, { ...edit(), results: [edit().results[2], edit().results[0], edit().results[1]] });
    assert.equal(reordered.statusCode, 200, reordered.body);
    assert.deepEqual(
      reordered.json().results.map((r: { id: number; verdict: string | null }) => [r.id, r.verdict]),
      [
        [reviewResultId, 'MET'],
        [current.results[0].id, null],
        [current.results[1].id, null],
      ],
    );
    assert.equal((await headA.put(`/api/commitments/${commitmentId}`, edit())).statusCode, 200, 'and back');
    // The official as a person of the register: of the commitment's unit, not another's.
    const staff = async (name: string, unit: string) =>
      (
        await t.db.query<{ id: number }>("INSERT INTO staff_member (full_name, org_unit_id, kind, position) SELECT $1, id, 'CONG_CHUC', 'Cục trưởng' FROM org_unit WHERE code = $2 RETURNING id", [
          name,
          unit,
        ])
      ).rows[0].id;
    const an = await staff('Nguyễn Văn An', 'CUC_A');
    const other = await staff('Lê Văn Cường', 'CUC_B');
    const wrong = await headA.put(`/api/commitments/${commitmentId}`, { ...edit(), staffMemberId: other });
    assert.equal(wrong.statusCode, 400);
    assert.equal(wrong.json().error.details[0].path, 'body.staffMemberId');
    const linked = await headA.put(`/api/commitments/${commitmentId}`, { ...edit(), staffMemberId: an });
    assert.equal(linked.statusCode, 200, linked.body);
    assert.deepEqual(linked.json().staffMember, { id: an, fullName: 'Nguyễn Văn An', position: 'Cục trưởng', orgUnitName: 'Cục Alpha' });
  });

  test('deleted only while nothing on it was judged, by its unit, audited with what it was', async () => {
    const judged = await headA.delete(`/api/commitments/${commitmentId}`);
    assert.equal(judged.statusCode, 409);
    assert.equal(judged.json().error.code, 'COMMITMENT_JUDGED');
    const created = await headA.post('/api/commitments', {
      ...body(),
      title: 'Cam kết ghi nhầm',
      results: [
        { title: 'Kết quả', tasks: [ids.task1] },
        { title: 'Đánh giá', reviewerJudged: true },
      ],
    });
    assert.equal(created.statusCode, 201, created.body);
    const id = created.json().id as number;
    const up = await headA.request({ method: 'POST', url: `/api/commitments/${id}/results/${created.json().results[1].id}/evidence`, ...multipart(PDF, 'nhap.pdf') });
    assert.equal(up.statusCode, 201, up.body);
    assert.equal((await officerA.delete(`/api/commitments/${id}`)).statusCode, 403);
    assert.equal((await headB.delete(`/api/commitments/${id}`)).statusCode, 404);
    const del = await headA.delete(`/api/commitments/${id}`);
    assert.equal(del.statusCode, 204, del.body);
    assert.equal((await headA.get(`/api/commitments/${id}`)).statusCode, 404);
    const audit = await t.db.query<{ before: { title: string; results: unknown[]; evidence: { fileName: string }[] } }>(
      `SELECT before FROM audit_log WHERE action = 'commitment.delete' AND object_id = $1`,
      [String(id)],
    );
    assert.equal(audit.rows[0].before.title, 'Cam kết ghi nhầm');
    assert.equal(audit.rows[0].before.results.length, 2);
    assert.deepEqual(
      audit.rows[0].before.evidence.map((e) => e.fileName),
      ['nhap.pdf'],
    );
  });

  test('reminders through the alerts: nearing its end and at risk, once per commitment and stage', async () => {
    for (const [code, type, threshold] of [
      ['CK_SAP_HAN', 'COMMITMENT_DUE', 300],
      ['CK_NGUY_CO', 'COMMITMENT_AT_RISK', null],
    ] as const) {
      const r = await admin.post('/api/alert-rules', { code, nameVi: code, type, threshold, severity: 'WARNING' });
      assert.equal(r.statusCode, 201, r.body);
    }
    // 15/9/2022: the period ends 30/6/2023, 288 days ahead (within 300), and the commitment is at risk.
    await admin.post('/api/alerts/evaluate');
    const open = async (type: string) => (await headA.get(`/api/alerts?type=${type}&state=OPEN`)).json().items as { id: number; title: string }[];
    const due = await open('COMMITMENT_DUE');
    assert.equal(due.length, 1);
    assert.match(due[0].title, /^Cục Alpha: 1 cam kết sắp đến hạn \(30\/06\/2023\): Nguyễn Văn An: «Cam kết khi nhận chức Cục trưởng Cục Alpha»$/);
    const risk = await open('COMMITMENT_AT_RISK');
    assert.equal(risk.length, 1);
    assert.match(risk[0].title, /cam kết có nguy cơ không đạt \(hạn 30\/06\/2023\)/);
    // The head of the unit and leadership are told in the app.
    const notes = (await leader.get('/api/notifications')).json() as { title: string }[];
    assert.ok(
      notes.some((n) => n.title.includes('cam kết có nguy cơ không đạt')),
      JSON.stringify(notes),
    );
    const reminded = await t.db.query<{ stage: string }>('SELECT stage FROM commitment_reminder WHERE commitment_id = $1 ORDER BY stage', [commitmentId]);
    assert.deepEqual(
      reminded.rows.map((r) => r.stage),
      ['AT_RISK', 'DUE_SOON'],
    );
    // Evaluated again: nothing new. Resolved by a person: not raised again for the same commitment and stage.
    assert.equal((await admin.post('/api/alerts/evaluate')).json().raised, 0);
    assert.equal((await leader.post(`/api/alerts/${due[0].id}/resolve`, { note: 'Đã nhắc' })).statusCode, 200);
    const again = (await admin.post('/api/alerts/evaluate')).json();
    assert.equal(again.raised, 0);
    assert.equal((await open('COMMITMENT_DUE')).length, 0);
    assert.equal((await open('COMMITMENT_AT_RISK')).length, 1);
    // A second commitment of the unit ending the same day, recorded later: that day's alert is raised again, open, naming it.
    const second = await headA.post('/api/commitments', { ...body(), officialName: 'Trần Văn Bình', title: 'Cam kết thứ hai', results: [{ title: 'Kết quả', tasks: [ids.task1] }] });
    assert.equal(second.statusCode, 201, second.body);
    assert.ok((await admin.post('/api/alerts/evaluate')).json().raised >= 1);
    const reopened = await open('COMMITMENT_DUE');
    assert.equal(reopened.length, 1);
    assert.equal(reopened[0].id, due[0].id);
    assert.match(reopened[0].title, /2 cam kết sắp đến hạn \(30\/06\/2023\): .*Trần Văn Bình/);
    assert.equal((await admin.post('/api/alerts/evaluate')).json().raised, 0, 'told once');
    assert.equal((await headA.delete(`/api/commitments/${second.json().id}`)).statusCode, 204);
  });

  test('at the end the outcome is computed from the links, with the evidence that decided it', async () => {
    // task1 done on time and confirmed; task2 done late.
    await at('2022-10-20T03:00:00Z', 'leader', 'officerA');
    for (const task of [ids.task1, ids.task2]) {
      const up = await officerA.request({ method: 'POST', url: `/api/tasks/${task}/evidence`, ...multipart(PDF, 'san-pham.pdf') });
      assert.equal((await officerA.post(`/api/tasks/${task}/done`, { evidenceIds: [up.json().id] })).statusCode, 200);
      assert.equal((await leader.post(`/api/tasks/${task}/confirm`, {})).statusCode, 200);
    }
    await at('2023-07-05T03:00:00Z', 'leader', 'headB');
    const c = (await leader.get(`/api/commitments/${commitmentId}`)).json();
    assert.equal(c.phase, 'ENDED');
    assert.equal(c.forecast, null);
    assert.deepEqual(
      c.results.map((r: { outcome: string }) => r.outcome),
      ['PARTLY_MET', 'MET', 'MET'],
    );
    assert.equal(c.outcome, 'PARTLY_MET');
    assert.deepEqual(
      c.results[0].tasks.map((x: { status: string }) => x.status),
      ['DONE_ON_TIME', 'DONE_LATE'],
    );
    assert.match(c.results[0].reasons[1].reasonVi, /hoàn thành quá hạn \(20\/10\/2022, hạn 30\/09\/2022\)/);
    // The target is judged by its stored evaluation of submitted figures: 2022 ended at 43 % against 40 %.
    assert.equal(c.results[1].targets[0].status, 'MET');
    assert.equal(c.results[1].targets[0].dataStatus, 'SUBMITTED');
    assert.match(c.results[2].reasons[0].reasonVi, /Người đánh giá kết luận: đạt \(1 tệp minh chứng\)/);
    assert.equal((await leader.get('/api/commitments?outcome=PARTLY_MET')).json().total, 1);
  });

  test('drafts never decide: a target with only draft figures leaves its result without data, not met', async () => {
    const r = await headB.post('/api/commitments', {
      officialName: 'Trần Thị Bình',
      orgUnit: 'CUC_B',
      title: 'Cam kết Cục Beta',
      startDate: '2022-07-01',
      endDate: '2023-06-30',
      results: [{ title: 'Tỷ lệ tài khoản số đạt 40 %', targets: [ids.targetDraft] }],
    });
    assert.equal(r.statusCode, 201, r.body);
    assert.equal(r.json().results[0].targets[0].status, 'NO_DATA');
    assert.equal(r.json().results[0].outcome, 'INSUFFICIENT_DATA');
    assert.equal(r.json().outcome, 'NOT_MET');
  });
});
