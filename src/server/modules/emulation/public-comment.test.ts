import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, insertOrgUnit, type TestApp, type TestClient } from '../../testing/test-app.ts';

describe('publicising a high award before the council (Decree 98/2023, Article 46 clause 2: at least 10 working days)', () => {
  let t: TestApp;
  let now: Date;
  let admin: TestClient;
  let headA: TestClient;
  let headB: TestClient;
  let staffId: number;
  let nominationId: number;
  let lowId: number;

  before(async () => {
    now = new Date('2024-11-20T03:00:00Z');
    t = await createTestApp({ clock: () => now, env: { SESSION_TTL_HOURS: '2160' } });
    await insertOrgUnit(t.db, 'BO', 'Bộ Alpha', null);
    await insertOrgUnit(t.db, 'CUC_A', 'Cục Alpha', 'BO');
    await insertOrgUnit(t.db, 'CUC_B', 'Cục Beta', 'BO');
    await t.createUser('admin', [{ role: 'ADMIN', orgUnit: 'BO' }]);
    await t.createUser('truong-a', [{ role: 'UNIT_MANAGER', orgUnit: 'CUC_A' }]);
    await t.createUser('truong-b', [{ role: 'UNIT_MANAGER', orgUnit: 'CUC_B' }]);
    await t.createUser('hd1', [{ role: 'COUNCIL_MEMBER', orgUnit: 'BO' }]);
    const { rows } = await t.db.query<{ id: number }>(
      `INSERT INTO staff_member (full_name, org_unit_id, kind) VALUES ('Nguyễn Văn Toàn', (SELECT id FROM org_unit WHERE code = 'CUC_A'), 'CONG_CHUC') RETURNING id`,
    );
    staffId = rows[0]!.id;
    admin = await t.login('admin');
    headA = await t.login('truong-a');
    headB = await t.login('truong-b');
    const high = await headA.post('/api/emulation/nominations', { year: 2024, award: 'CSTD_TQ', staffId, proposingOrgUnit: 'CUC_A', overrideReason: 'Thành tích đặc biệt xuất sắc trong năm' });
    assert.equal(high.statusCode, 201, high.body);
    nominationId = high.json().id;
    const low = await headA.post('/api/emulation/nominations', { year: 2024, award: 'GIAY_KHEN', staffId, proposingOrgUnit: 'CUC_A', overrideReason: 'Hoàn thành tốt nhiệm vụ' });
    assert.equal(low.statusCode, 201, low.body);
    lowId = low.json().id;
  });
  after(() => t.close());

  test('the period is set with at least 10 working days, comments are recorded inside it, all audited; other units see nothing', async () => {
    const info = (await headA.get(`/api/emulation/nominations/${nominationId}/comments`)).json();
    assert.equal(info.required, true);
    assert.match(info.rule.article, /Điều 46 khoản 2/);
    assert.equal(info.readyForCouncil.ok, false);
    const short = await headA.put(`/api/emulation/nominations/${nominationId}/comment-period`, { opensOn: '2024-11-26', closesOn: '2024-12-06' }, { 'accept-language': 'vi' });
    assert.equal(short.statusCode, 400);
    assert.equal(short.json().error.details[0].path, 'body.closesOn');
    assert.match(short.json().error.message, /9 ngày làm việc, cần ít nhất 10/);
    const notNeeded = await headA.put(`/api/emulation/nominations/${lowId}/comment-period`, { opensOn: '2024-11-26', closesOn: '2024-12-09' });
    assert.equal(notNeeded.json().error.code, 'NO_COMMENT_PERIOD');
    assert.equal((await headB.put(`/api/emulation/nominations/${nominationId}/comment-period`, { opensOn: '2024-11-26', closesOn: '2024-12-09' })).statusCode, 404);
    const set = await headA.put(`/api/emulation/nominations/${nominationId}/comment-period`, { opensOn: '2024-11-26', closesOn: '2024-12-09', notice: 'Cổng thông tin điện tử của Bộ' });
    assert.equal(set.statusCode, 200, set.body);
    assert.deepEqual(set.json().window, { opensOn: '2024-11-26', closesOn: '2024-12-09' });

    now = new Date('2024-12-02T03:00:00Z');
    const outside = await headA.post(`/api/emulation/nominations/${nominationId}/comments`, { commenter: 'Ông Trần Văn Bốn', content: 'Đồng ý', receivedOn: '2024-11-25' });
    assert.equal(outside.statusCode, 400);
    assert.equal(outside.json().error.details[0].path, 'body.receivedOn');
    const c = await headA.post(`/api/emulation/nominations/${nominationId}/comments`, {
      commenter: 'Ông Trần Văn Bốn',
      content: 'Đề nghị làm rõ hiệu quả sáng kiến trên phạm vi toàn quốc',
      receivedOn: '2024-11-29',
    });
    assert.equal(c.statusCode, 201, c.body);
    assert.equal((await headB.get(`/api/emulation/nominations/${nominationId}/comments`)).statusCode, 404);
    const comments = (await headA.get(`/api/emulation/nominations/${nominationId}/comments`)).json().comments;
    assert.deepEqual(
      comments.map((x: { commenter: string; receivedOn: string }) => [x.commenter, x.receivedOn]),
      [['Ông Trần Văn Bốn', '2024-11-29']],
    );
    const audit = await t.db.query<{ action: string }>(`SELECT action FROM audit_log WHERE action IN ('EMULATION_COMMENT_PERIOD', 'EMULATION_COMMENT_RECORD') ORDER BY id`);
    assert.deepEqual(
      audit.rows.map((r) => r.action),
      ['EMULATION_COMMENT_PERIOD', 'EMULATION_COMMENT_RECORD'],
    );
  });

  test('the council cannot take the nomination before the period ends; it can the day after', async () => {
    const session = (opensAt: string) =>
      admin.post(
        '/api/emulation/sessions',
        { title: 'Hội đồng xét CSTĐ toàn quốc', orgUnit: 'BO', year: 2024, opensAt, closesAt: '2024-12-31T10:00:00Z', members: ['hd1'], nominationIds: [nominationId] },
        { 'accept-language': 'vi' },
      );
    const early = await session('2024-12-09T02:00:00Z');
    assert.equal(early.statusCode, 400);
    assert.equal(early.json().error.code, 'COMMENT_PERIOD');
    assert.equal(early.json().error.details[0].path, 'body.nominationIds[0]');
    assert.match(early.json().error.message, /đến hết ngày 09\/12\/2024.*Điều 46 khoản 2/);
    const ok = await session('2024-12-10T02:00:00Z');
    assert.equal(ok.statusCode, 201, ok.body);
    const again = await headA.put(`/api/emulation/nominations/${nominationId}/comment-period`, { opensOn: '2024-12-01', closesOn: '2024-12-20' });
    assert.equal(again.statusCode, 409, 'the period cannot be moved once the council has the nomination');
  });
});
