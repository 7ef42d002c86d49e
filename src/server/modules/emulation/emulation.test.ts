import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { pdfText } from '../briefings/document-text.test-helpers.ts';
import { randomBytes } from 'node:crypto';
import { createTestApp, insertOrgUnit, type TestApp, type TestClient } from '../../testing/test-app.ts';
import { blindToken, tallyBallots, toHex, unblindSignature, type PublicKey } from '../../../core/ballot.ts';

const rnd = (n: number) => new Uint8Array(randomBytes(n));

describe('emulation: history → eligibility → nomination → secret council ballot → decision → honour book', () => {
  let t: TestApp;
  let now: Date;
  let admin: TestClient;
  let headA: TestClient;
  let headB: TestClient;
  const members: TestClient[] = [];
  const staff: number[] = [];
  let campaignId: number;
  let sessionId: number;
  let nominations: number[] = [];
  const receipts: string[] = [];

  before(async () => {
    now = new Date('2023-01-10T03:00:00Z');
    t = await createTestApp({ clock: () => now, env: { SESSION_TTL_HOURS: '2160' } });
    await insertOrgUnit(t.db, 'BO', 'Bộ Alpha', null);
    await insertOrgUnit(t.db, 'CUC_A', 'Cục Alpha', 'BO');
    await insertOrgUnit(t.db, 'CUC_B', 'Cục Beta', 'BO');
    await t.createUser('admin', [{ role: 'ADMIN', orgUnit: 'BO' }]);
    await t.createUser('truong-a', [{ role: 'UNIT_MANAGER', orgUnit: 'CUC_A' }]);
    await t.createUser('truong-b', [{ role: 'UNIT_MANAGER', orgUnit: 'CUC_B' }]);
    for (let i = 1; i <= 5; i++) await t.createUser(`hd${i}`, [{ role: 'COUNCIL_MEMBER', orgUnit: 'BO' }]);
    const { rows } = await t.db.query<{ id: number }>(
      `INSERT INTO staff_member (full_name, org_unit_id, kind) SELECT n, (SELECT id FROM org_unit WHERE code = 'CUC_A'), 'CONG_CHUC'
         FROM unnest(ARRAY['Nguyễn Văn An', 'Trần Thị Bình', 'Lê Văn Cường', 'Phạm Thị Dung']) n RETURNING id`,
    );
    staff.push(...rows.map((r) => r.id));
    admin = await t.login('admin');
    headA = await t.login('truong-a');
    headB = await t.login('truong-b');
    for (let i = 1; i <= 5; i++) members.push(await t.login(`hd${i}`));
  });
  after(() => t.close());
  async function relogin() {
    admin = await t.login('admin');
    headA = await t.login('truong-a');
    headB = await t.login('truong-b');
    for (let i = 1; i <= 5; i++) members[i - 1] = await t.login(`hd${i}`);
  }

  test('a campaign under a directive; registration before the deadline by the unit head, refused after it and outside the unit', async () => {
    const res = await admin.post('/api/emulation/campaigns', {
      code: 'PT_2023',
      nameVi: 'Phong trào thi đua năm 2023',
      kind: 'YEARLY',
      year: 2023,
      orgUnit: 'BO',
      directiveNumber: '3/CT-BTTTT',
      directiveDate: '2022-12-16',
      startsOn: '2023-01-01',
      endsOn: '2023-12-31',
      registrationDeadline: '2023-01-31',
      participants: [
        { orgUnit: 'CUC_A', cluster: 'Khối cơ quan' },
        { orgUnit: 'CUC_B', cluster: 'Khối cơ quan' },
      ],
    });
    assert.equal(res.statusCode, 201, res.body);
    campaignId = res.json().id;
    const crit = await admin.post(`/api/emulation/campaigns/${campaignId}/criteria`, { code: 'CHAT_LUONG', nameVi: 'Chất lượng tham mưu', weight: 40, source: 'REVIEWER' });
    assert.equal(crit.statusCode, 201, crit.body);
    const noIndicator = await admin.post(`/api/emulation/campaigns/${campaignId}/criteria`, { code: 'CT', nameVi: 'Chỉ tiêu', weight: 60, source: 'INDICATOR' });
    assert.equal(noIndicator.statusCode, 400);
    assert.equal(noIndicator.json().error.details[0].path, 'body.indicator');
    const score = await admin.post(`/api/emulation/campaigns/${campaignId}/scores`, { criterionId: crit.json().id, orgUnit: 'CUC_A', score: 92, evidence: 'Báo cáo tổng kết số 12/BC-CA' });
    assert.equal(score.statusCode, 200, score.body);

    // The forms choose people by searching their name: diacritics, case and spaces do not matter; other units' people are not found.
    const found = (await headA.get(`/api/emulation/people?q=${encodeURIComponent('nguyenvan AN')}`)).json().items;
    assert.deepEqual(
      found.map((p: { fullName: string; orgUnit: { code: string } }) => [p.fullName, p.orgUnit.code]),
      [['Nguyễn Văn An', 'CUC_A']],
    );
    assert.equal((await headB.get(`/api/emulation/people?q=${encodeURIComponent('Nguyễn')}`)).json().items.length, 0, 'another unit head finds no one of CUC_A');
    assert.equal((await headA.get('/api/emulation/people?q=an&withAccount=true')).json().items.length, 0, 'none of them can sign in');
    const blank = await headA.get('/api/emulation/people?q=%20', { 'accept-language': 'vi' });
    assert.equal(blank.statusCode, 400);
    assert.equal(blank.json().error.details[0].path, 'querystring.q');
    const reg = await headA.post(`/api/emulation/campaigns/${campaignId}/registrations`, { orgUnit: 'CUC_A', staffId: staff[0], award: 'CSTD_BO', commitment: 'Hoàn thành xuất sắc nhiệm vụ' });
    assert.equal(reg.statusCode, 201, reg.body);
    assert.equal((await headB.post(`/api/emulation/campaigns/${campaignId}/registrations`, { orgUnit: 'CUC_A', award: 'TT_LDXS' })).statusCode, 403);
    const wrongSubject = await headA.post(`/api/emulation/campaigns/${campaignId}/registrations`, { orgUnit: 'CUC_A', award: 'LDTT' });
    assert.equal(wrongSubject.json().error.details[0].path, 'body.award');
    assert.equal((await headA.post(`/api/emulation/registrations/${reg.json().id}/decision`, { approve: true })).json().status, 'APPROVED');
    now = new Date('2023-02-01T03:00:00Z');
    const late = await headA.post(`/api/emulation/campaigns/${campaignId}/registrations`, { orgUnit: 'CUC_A', award: 'TT_LDXS' }, { 'accept-language': 'vi' });
    assert.equal(late.statusCode, 400);
    assert.match(late.json().error.message, /Đã hết hạn đăng ký \(31\/01\/2023\)/);
    const view = (await headA.get(`/api/emulation/campaigns/${campaignId}`)).json();
    assert.deepEqual(
      view.board.map((b: { orgUnit: { code: string } }) => b.orgUnit.code),
      ['CUC_A'],
      'a unit head sees only their unit on the board',
    );
    assert.equal(view.board[0].total, 92);
  });

  test('criteria computed from the records: an indicator read through analytics with approved data only, task results; frozen at the close', async () => {
    await t.createUser('quan-tri', [{ role: 'ADMIN', orgUnit: null }]);
    const system = await t.login('quan-tri');
    assert.equal((await system.post('/api/dataElements', { code: 'TK_SO', nameVi: 'Tài khoản số', valueType: 'INTEGER', aggregationType: 'SUM' })).statusCode, 201);
    assert.equal((await system.post('/api/indicators', { code: 'CT_TK_SO', nameVi: 'Tài khoản số', numerator: '#{TK_SO}' })).statusCode, 201);
    const ind = await admin.post(`/api/emulation/campaigns/${campaignId}/criteria`, {
      code: 'TAI_KHOAN',
      nameVi: 'Tài khoản trên nền tảng số',
      weight: 30,
      source: 'INDICATOR',
      indicator: 'CT_TK_SO',
      period: '2023',
      targetValue: 50,
    });
    assert.equal(ind.statusCode, 201, ind.body);
    assert.equal((await admin.post(`/api/emulation/campaigns/${campaignId}/criteria`, { code: 'NV', nameVi: 'Nhiệm vụ', weight: 30, source: 'TASKS' })).statusCode, 201);
    const computed = (await admin.post(`/api/emulation/campaigns/${campaignId}/compute`)).json();
    // No approved figure and no task due: nothing is scored, and each unit is named with the reason.
    assert.equal(computed.scored, 0);
    assert.ok(computed.skipped.some((x: { criterion: string; note: string }) => x.criterion === 'TAI_KHOAN' && /Chưa đủ số liệu đã duyệt/.test(x.note)));
    assert.ok(computed.skipped.some((x: { criterion: string; note: string }) => x.criterion === 'NV' && /Không có nhiệm vụ/.test(x.note)));
    assert.equal((await headA.post(`/api/emulation/campaigns/${campaignId}/close`)).statusCode, 403);
    assert.equal((await admin.post(`/api/emulation/campaigns/${campaignId}/close`)).json().status, 'CLOSED');
    const frozen = await admin.post(`/api/emulation/campaigns/${campaignId}/scores`, { criterionId: 1, orgUnit: 'CUC_A', score: 10, evidence: 'x' });
    assert.equal(frozen.json().error.code, 'CAMPAIGN_CLOSED');
    const rows = await t.db.query<{ frozen: boolean; score: number }>('SELECT frozen, score FROM emulation_score');
    assert.ok(rows.rows.length > 0 && rows.rows.every((r) => r.frozen && Number(r.score) === 92));
  });

  test('eligibility read from the history: CSTĐ cấp bộ with reasons and articles; a nomination not eligible is refused without an override reason', async () => {
    now = new Date('2024-01-10T03:00:00Z');
    await relogin();
    for (const y of [2021, 2022]) {
      const h = await admin.post('/api/emulation/history', {
        year: y,
        staffId: staff[0],
        rating: 'HTXSNV',
        awards: [
          { award: 'LDTT', decisionNumber: `${y}/QĐ-BO`, decisionDate: `${y + 1}-01-15` },
          { award: 'CSTD_CS', decisionNumber: `${y}/QĐ-BO`, decisionDate: `${y + 1}-01-15` },
        ],
      });
      assert.equal(h.statusCode, 200, h.body);
    }
    for (const id of staff) await admin.post('/api/emulation/history', { year: 2023, staffId: id, rating: id === staff[0] ? 'HTXSNV' : 'HTTNV' });
    assert.equal(
      (await admin.post('/api/emulation/initiatives', { title: 'Nền tảng số hoá hồ sơ', staffId: staff[0], year: 2023, scope: 'MINISTRY', decisionNumber: '15/QĐ-BO', decisionDate: '2023-11-20' }))
        .statusCode,
      201,
    );
    const wrongHistory = await admin.post('/api/emulation/history', { year: 2023, staffId: staff[1], awards: [{ award: 'TT_LDXS', decisionNumber: 'x', decisionDate: '2024-01-01' }] });
    assert.equal(wrongHistory.json().error.details[0].path, 'body.awards[0].award');

    const e = (await headA.get(`/api/emulation/eligibility?year=2023&staffId=${staff[0]}&on=2024-01-20`)).json();
    assert.equal(e.ruleSet.code, 'TDKT_2022_ND98');
    const bo = e.eligibility.find((x: { award: string }) => x.award === 'CSTD_BO');
    assert.equal(bo.eligible, true, JSON.stringify(bo));
    assert.match(bo.conditions[0].article, /Điều 22/);
    const other = (await headA.get(`/api/emulation/eligibility?year=2023&staffId=${staff[1]}&on=2024-01-20`)).json();
    assert.equal(other.eligibility.find((x: { award: string }) => x.award === 'CSTD_BO').eligible, false);
    assert.equal((await headB.get(`/api/emulation/eligibility?year=2023&staffId=${staff[0]}`)).statusCode, 400, 'another unit head cannot read the person');

    const ok = await headA.post('/api/emulation/nominations', { year: 2023, award: 'CSTD_BO', staffId: staff[0], proposingOrgUnit: 'CUC_A', on: '2024-01-20' });
    assert.equal(ok.statusCode, 201, ok.body);
    const refused = await headA.post('/api/emulation/nominations', { year: 2023, award: 'CSTD_BO', staffId: staff[1], proposingOrgUnit: 'CUC_A', on: '2024-01-20' }, { 'accept-language': 'vi' });
    assert.equal(refused.statusCode, 422);
    assert.equal(refused.json().error.code, 'NOT_ELIGIBLE');
    assert.match(refused.json().error.message, /Cần 3 năm liên tục đạt "Chiến sĩ thi đua cơ sở"/);
    assert.equal(refused.json().error.details[0].path, 'body.overrideReason');
    const overridden = await headA.post('/api/emulation/nominations', {
      year: 2023,
      award: 'CSTD_BO',
      staffId: staff[1],
      proposingOrgUnit: 'CUC_A',
      on: '2024-01-20',
      overrideReason: 'Thành tích đột xuất trong phòng chống thiên tai',
    });
    assert.equal(overridden.statusCode, 201, overridden.body);
    assert.equal(overridden.json().eligible, false);
    nominations = [ok.json().id, overridden.json().id];
  });

  async function vote(member: TestClient, choices: ('AGREE' | 'DISAGREE')[]) {
    const s = (await member.get(`/api/emulation/sessions/${sessionId}`)).json();
    const pub: PublicKey = s.publicKey;
    const token = toHex(rnd(32));
    const { blinded, r } = blindToken(pub, sessionId, token, rnd);
    const issued = await member.post(`/api/emulation/sessions/${sessionId}/tokens`, { blinded });
    assert.equal(issued.statusCode, 200, issued.body);
    const signature = unblindSignature(pub, issued.json().blindSignature, r);
    const body = { token, signature, choices: nominations.map((nominationId, i) => ({ nominationId, choice: choices[i] })) };
    // Cast without the member's session: the server needs no identity for a ballot.
    const cast = await t.anonymous.post(`/api/emulation/sessions/${sessionId}/ballots`, body);
    assert.equal(cast.statusCode, 201, cast.body);
    return { receipt: cast.json().receipt as string, body };
  }

  test('the council votes by secret ballot: one token each, a second vote or a forged one refused, the written vote of an absent member, receipts in the box', async () => {
    const s = await admin.post('/api/emulation/sessions', {
      title: 'Phiên họp Hội đồng TĐKT xét khen thưởng năm 2023',
      orgUnit: 'BO',
      year: 2023,
      opensAt: '2024-01-20T01:00:00Z',
      closesAt: '2024-01-20T10:00:00Z',
      members: ['hd1', 'hd2', 'hd3', 'hd4', 'hd5'],
      nominationIds: nominations,
    });
    assert.equal(s.statusCode, 201, s.body);
    sessionId = s.json().id;
    assert.equal((await headA.get(`/api/emulation/sessions/${sessionId}`)).statusCode, 404, 'not a member, not the secretary');
    const early = await members[0]!.post(`/api/emulation/sessions/${sessionId}/tokens`, { blinded: 'abcdef' });
    assert.equal(early.json().error.code, 'SESSION_NOT_OPEN');

    now = new Date('2024-01-20T02:00:00Z');
    const first = await vote(members[0]!, ['AGREE', 'DISAGREE']);
    receipts.push(first.receipt);
    const again = await members[0]!.post(`/api/emulation/sessions/${sessionId}/tokens`, { blinded: 'abcdef' });
    assert.equal(again.statusCode, 409);
    assert.equal(again.json().error.code, 'ALREADY_ISSUED');
    const replay = await t.anonymous.post(`/api/emulation/sessions/${sessionId}/ballots`, { ...first.body, choices: first.body.choices.map((c) => ({ ...c, choice: 'AGREE' })) });
    assert.equal(replay.json().error.code, 'ALREADY_VOTED');
    const forged = await t.anonymous.post(`/api/emulation/sessions/${sessionId}/ballots`, { ...first.body, token: toHex(rnd(32)) });
    assert.equal(forged.statusCode, 400);
    assert.equal(forged.json().error.details[0].path, 'body.signature');
    for (const [i, m] of members.slice(1, 4).entries()) receipts.push((await vote(m, ['AGREE', i === 0 ? 'AGREE' : 'DISAGREE'])).receipt);
    const written = await admin.post(`/api/emulation/sessions/${sessionId}/written-votes`, { member: 'hd5', choices: nominations.map((nominationId) => ({ nominationId, choice: 'AGREE' })) });
    assert.equal(written.statusCode, 201, written.body);

    const box = (await members[2]!.get(`/api/emulation/sessions/${sessionId}/box`)).json();
    assert.equal(box.receipts.length, 5);
    assert.equal(box.ballots, undefined, 'no choices while voting');
    assert.equal((await members[0]!.get(`/api/emulation/sessions/${sessionId}/receipts/${first.receipt}`)).json().inBox, true);

    // Nothing stored ties a ballot to a member: no voter column, no time, no sequence, and the audit names no one.
    const cols = await t.db.query<{ column_name: string }>(`SELECT column_name FROM information_schema.columns WHERE table_name = 'council_ballot' ORDER BY column_name`);
    assert.deepEqual(
      cols.rows.map((c) => c.column_name),
      ['choices', 'receipt', 'session_id', 'signature', 'token'],
    );
    const audit = await t.db.query<{ username: string | null; user_id: number | null }>(`SELECT username, user_id FROM audit_log WHERE action = 'COUNCIL_BALLOT_CAST'`);
    assert.equal(audit.rows.length, 4);
    assert.ok(audit.rows.every((r) => r.username === null && r.user_id === null));
  });

  test('closing counts the box: 90 % of all members for CSTĐ cấp bộ; anyone can recount the published box; a late vote is refused; the decision fills the honour book', async () => {
    const closed = await admin.post(`/api/emulation/sessions/${sessionId}/close`);
    assert.equal(closed.statusCode, 200, closed.body);
    const result = closed.json();
    assert.equal(result.quorumMet, true);
    assert.deepEqual(
      result.results.map((r: { agree: number; required: number; passed: boolean }) => [r.agree, r.required, r.passed]),
      [
        [5, 5, true],
        [2, 5, false],
      ],
    );

    const box = (await members[0]!.get(`/api/emulation/sessions/${sessionId}/box`)).json();
    const recount = tallyBallots(
      {
        sessionId,
        publicKey: box.publicKey,
        memberCount: box.memberCount,
        issuedCount: box.votingList.filter((m: { tookBallot: boolean }) => m.tookBallot).length,
        quorum: box.quorum,
        nominations: box.nominations.map((n: { id: number; threshold: { num: number; den: number } }) => ({ id: n.id, threshold: n.threshold, basis: 'ALL_MEMBERS' })),
      },
      box.ballots,
    );
    assert.deepEqual(recount.results, result.results);
    assert.equal(recount.problems.length, 0);
    assert.ok(receipts.every((r) => box.ballots.some((b: { receipt: string }) => b.receipt === r)));
    const key = await t.db.query<{ pem: string | null }>('SELECT private_key_pem AS pem FROM council_session WHERE id = $1', [sessionId]);
    assert.equal(key.rows[0]!.pem, null, 'the signing key is erased at the close');

    const late = await t.anonymous.post(`/api/emulation/sessions/${sessionId}/ballots`, { token: toHex(rnd(32)), signature: 'ab', choices: [] });
    assert.ok([400, 409].includes(late.statusCode));

    const d = await admin.post('/api/emulation/decisions', {
      sessionId,
      number: '120/QĐ-BO',
      decisionDate: '2024-01-25',
      signer: 'Bộ trưởng',
      title: 'Quyết định tặng danh hiệu Chiến sĩ thi đua cấp bộ năm 2023',
    });
    assert.equal(d.statusCode, 201, d.body);
    assert.equal(d.json().awards.length, 1);
    assert.equal(d.json().awards[0].cashAmount, 5_400_000);
    const docx = await admin.get(`/api/emulation/decisions/${d.json().id}/document?format=docx`);
    assert.equal(docx.statusCode, 200);
    assert.equal(docx.rawPayload.subarray(0, 2).toString(), 'PK');
    const pdf = await admin.get(`/api/emulation/decisions/${d.json().id}/document?format=pdf`);
    assert.equal(pdf.rawPayload.subarray(0, 5).toString(), '%PDF-');
    assert.match(pdf.headers['content-disposition'] as string, /Quyet-dinh-120-Q/);
    assert.equal((await headB.get(`/api/emulation/decisions/${d.json().id}/document`)).statusCode, 404, 'another unit does not get it');
    const certs = await admin.get(`/api/emulation/decisions/${d.json().id}/certificates`);
    assert.equal(certs.statusCode, 200, certs.body);
    assert.equal(certs.headers['content-type'], 'application/pdf');
    const certText = await pdfText(certs.rawPayload);
    assert.match(certText, /BỘ TRƯỞNG/);
    assert.match(certText, /GIẤY CHỨNG NHẬN/);
    assert.match(certText, /Đạt danh hiệu "Chiến sĩ thi đua cấp bộ" năm 2023/);
    assert.match(certText, /Quyết định số 120\/QĐ-BO ngày 25\/01\/2024/);
    assert.match(certText, new RegExp(`Số sổ vàng: ${d.json().awards[0].id}`));
    assert.equal((await admin.get(`/api/emulation/decisions/${d.json().id}/certificates?award=999999`)).statusCode, 404, 'an award not in the decision');
    assert.equal((await admin.get(`/api/emulation/decisions/${d.json().id}/certificates?award=x`)).statusCode, 400, 'a malformed award id is refused');
    assert.equal((await headB.get(`/api/emulation/decisions/${d.json().id}/certificates`)).statusCode, 404, 'another unit does not get the certificates');
    const book = (await headA.get('/api/emulation/honour-book?q=nguyen van an&year=2023')).json();
    assert.equal(book.total, 1);
    assert.equal(book.items[0].award, 'CSTD_BO');
    assert.equal((await headB.get('/api/emulation/honour-book?q=nguyen')).json().total, 0, 'another unit does not see it');
    const audit = await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM audit_log WHERE object_type LIKE 'emulation%' OR object_type = 'council_session'`);
    assert.ok(audit.rows[0]!.n >= 15);
  });
});
