// Comments on a form's values: written, changed and removed through the form's save, kept in the value
// history (who, when, before, after), read-only once the report is sent, and shown to the approver.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { TestClient } from '../../testing/test-app.ts';
import { createReportingWorld, type ReportingWorld } from './test-fixtures.ts';

describe('comments on a form value', () => {
  let w: ReportingWorld;
  let officer: TestClient;
  let manager: TestClient;
  const form = '/api/regimes/BC_THANG/form?orgUnit=HN&period=202302';
  const key = { orgUnit: 'HN', period: '202302' };
  const commentHistory = () =>
    w.t.db.query<{ change_type: string; old_value: string | null; new_value: string | null; old_comment: string | null; new_comment: string | null; changed_by: string }>(
      `SELECT h.change_type, h.old_value, h.new_value, h.old_comment, h.new_comment, h.changed_by
         FROM data_value_history h JOIN data_element de ON de.id = h.data_element_id
        WHERE de.code = 'TB_DI_DONG' ORDER BY h.id`,
    );

  before(async () => {
    w = await createReportingWorld();
    await w.t.createUser('officer-hn', [{ role: 'REPORTING_OFFICER', orgUnit: 'HN' }]);
    await w.t.createUser('manager', [{ role: 'UNIT_MANAGER', orgUnit: 'VN' }]);
    await w.t.db.query("UPDATE app_user SET display_name = 'Nguyễn Thị Lan' WHERE username = 'officer-hn'");
    officer = await w.login('officer-hn');
    manager = await w.login('manager');
  });
  after(() => w.t.close());

  test('a comment is written with its value, then alone (with the value the field holds), and is audited', async () => {
    const first = await officer.put(form, { values: { TB_DI_DONG: '1200000' }, comments: { TB_DI_DONG: 'Số liệu sơ bộ' } });
    assert.equal(first.statusCode, 200, first.body);
    assert.deepEqual(first.json().errors, []);
    w.setNow('2023-03-05T04:30:00Z');
    const changed = await officer.put(form, { values: {}, comments: { TB_DI_DONG: 'Đã đối chiếu với nhà mạng' } });
    assert.equal(changed.statusCode, 200, changed.body);
    assert.equal(changed.json().updated, 1);
    assert.deepEqual(changed.json().errors, []);
    const f = (await officer.get(form)).json();
    assert.equal(f.values.TB_DI_DONG, 1200000, 'the value stays as it was');
    assert.equal(f.comments.TB_DI_DONG, 'Đã đối chiếu với nhà mạng');
    assert.equal(f.commentAuthors.TB_DI_DONG.writtenBy, 'Nguyễn Thị Lan', 'named by the person, not the account');
    assert.equal(new Date(f.commentAuthors.TB_DI_DONG.writtenAt).toISOString(), '2023-03-05T04:30:00.000Z');
    const history = (await commentHistory()).rows;
    assert.deepEqual(
      history.map((h) => [h.change_type, h.old_value, h.new_value, h.old_comment, h.new_comment]),
      [
        ['CREATE', null, '1200000', null, 'Số liệu sơ bộ'],
        ['UPDATE', '1200000', '1200000', 'Số liệu sơ bộ', 'Đã đối chiếu với nhà mạng'],
      ],
    );
    // The write's audit entry names the fields whose comment was written, and leads to the history rows.
    const audit = await w.t.db.query<{ id: number; after: { commentFields?: string[]; regime: string } }>("SELECT id, after FROM audit_log WHERE action = 'dataValues.write' ORDER BY id DESC LIMIT 1");
    assert.deepEqual(audit.rows[0].after.commentFields, ['TB_DI_DONG']);
    assert.equal(audit.rows[0].after.regime, 'BC_THANG');
    const changes = (await w.admin.get(`/api/audit/${audit.rows[0].id}/changes`)).json();
    assert.deepEqual(
      changes.items.map((c: { dataElement: string; oldComment: string; newComment: string }) => [c.dataElement, c.oldComment, c.newComment]),
      [['TB_DI_DONG', 'Số liệu sơ bộ', 'Đã đối chiếu với nhà mạng']],
    );
    const listed = (await officer.get('/api/dataValues/history?orgUnit=HN&period=202302&dataElement=TB_DI_DONG')).json();
    assert.equal(listed.items[0].oldComment, 'Số liệu sơ bộ');
    assert.equal(listed.items[0].newComment, 'Đã đối chiếu với nhà mạng');
  });

  test('a value change keeps the comment; the same comment again writes nothing', async () => {
    const res = await officer.put(form, { values: { TB_DI_DONG: '1250000' } });
    assert.equal(res.json().updated, 1);
    const same = await officer.put(form, { values: {}, comments: { TB_DI_DONG: 'Đã đối chiếu với nhà mạng' } });
    assert.equal(same.json().updated, 0);
    assert.equal(same.json().ignored, 1);
    const f = (await officer.get(form)).json();
    assert.equal(f.comments.TB_DI_DONG, 'Đã đối chiếu với nhà mạng');
    // The comment's time is still when it was written, not when the value changed after it.
    assert.equal(new Date(f.commentAuthors.TB_DI_DONG.writtenAt).toISOString(), '2023-03-05T04:30:00.000Z');
  });

  test('too long, or on an empty field: refused at the field, naming it, in both languages; the other fields save', async () => {
    const long = 'a'.repeat(2001);
    const vi = await officer.put(form, { values: { DOANH_THU: '15' }, comments: { TB_DI_DONG: long, 'ND_GO.FACEBOOK': 'Chưa có số liệu' } }, { 'accept-language': 'vi' });
    assert.equal(vi.statusCode, 200, vi.body);
    assert.equal(vi.json().imported, 1);
    const byField = Object.fromEntries(vi.json().errors.map((e: { field: string }) => [e.field, e]));
    assert.equal(byField.TB_DI_DONG.code, 'COMMENT_TOO_LONG');
    assert.equal(byField.TB_DI_DONG.message, 'Ghi chú của ô “Số thuê bao di động” dài 2.001 ký tự; tối đa 2.000 ký tự');
    assert.equal(byField.TB_DI_DONG.messageEn, 'The comment on “Số thuê bao di động” is 2,001 characters long; at most 2,000');
    assert.equal(byField['ND_GO.FACEBOOK'].code, 'MISSING_VALUE');
    assert.match(byField['ND_GO.FACEBOOK'].message, /“Nội dung xấu đã gỡ – Facebook” cần có giá trị/);
    // Exactly 2,000 characters is accepted.
    const atLimit = await officer.put(form, { values: {}, comments: { DOANH_THU: 'b'.repeat(2000) } });
    assert.deepEqual(atLimit.json().errors, []);
    assert.equal((await officer.get(form)).json().comments.DOANH_THU.length, 2000);
    assert.equal((await officer.get(form)).json().comments.TB_DI_DONG, 'Đã đối chiếu với nhà mạng', 'the refused comment changed nothing');
  });

  test('a comment is removed with "" or null; the removal is in the history', async () => {
    const res = await officer.put(form, { values: {}, comments: { DOANH_THU: null } });
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.json().updated, 1);
    const f = (await officer.get(form)).json();
    assert.equal(f.comments.DOANH_THU, undefined);
    assert.equal(f.commentAuthors.DOANH_THU, undefined);
    assert.equal(f.values.DOANH_THU, 15);
    const h = await w.t.db.query<{ old_comment: string | null; new_comment: string | null }>(
      "SELECT h.old_comment, h.new_comment FROM data_value_history h JOIN data_element de ON de.id = h.data_element_id WHERE de.code = 'DOANH_THU' ORDER BY h.id DESC LIMIT 1",
    );
    assert.equal(h.rows[0].old_comment?.length, 2000);
    assert.equal(h.rows[0].new_comment, null);
  });

  test('a machine import sending a blank comment keeps the stored one (DHIS2 semantics)', async () => {
    const res = await officer.post('/api/dataValueSets', { dataValues: [{ dataElement: 'TB_DI_DONG', period: '202302', orgUnit: 'HN', value: '1250001', comment: '' }] });
    assert.equal(res.statusCode, 200, res.body);
    assert.equal((await officer.get(form)).json().comments.TB_DI_DONG, 'Đã đối chiếu với nhà mạng');
    await officer.put(form, { values: { TB_DI_DONG: '1250000' } });
  });

  test('a sent report: the approver sees the comments with who and when; they are read-only until it is returned', async () => {
    const submitted = await officer.post('/api/regimes/BC_THANG/submit', key);
    assert.equal(submitted.statusCode, 200, submitted.body);
    const seen = (await manager.get(form)).json();
    assert.equal(seen.status.status, 'SUBMITTED');
    assert.deepEqual(seen.comments, { TB_DI_DONG: 'Đã đối chiếu với nhà mạng' });
    assert.equal(seen.commentAuthors.TB_DI_DONG.writtenBy, 'Nguyễn Thị Lan');
    // The officer can neither change nor remove a comment of the sent report.
    const changed = await officer.put(form, { values: {}, comments: { TB_DI_DONG: 'Sửa sau khi gửi' } });
    assert.equal(changed.json().errors[0].field, 'TB_DI_DONG');
    assert.equal(changed.json().errors[0].code, 'REPORT_SUBMITTED');
    const removed = await officer.put(form, { values: {}, comments: { TB_DI_DONG: '' } });
    assert.equal(removed.json().errors[0].code, 'REPORT_SUBMITTED');
    const viaValue = await officer.post('/api/dataValues', { dataElement: 'TB_DI_DONG', period: '202302', orgUnit: 'HN', value: 1250000, comment: 'Qua API' });
    assert.equal(viaValue.statusCode, 422);
    assert.equal((await officer.get(form)).json().comments.TB_DI_DONG, 'Đã đối chiếu với nhà mạng');
    // Approved: still read-only.
    const approved = await manager.post('/api/regimes/BC_THANG/approve', key);
    assert.equal(approved.statusCode, 200, approved.body);
    const afterApproval = await officer.put(form, { values: {}, comments: { TB_DI_DONG: 'Sửa sau khi duyệt' } });
    assert.equal(afterApproval.json().errors[0].code, 'REPORT_APPROVED');
    // Reopened by the approver: editable again, and the comment can go.
    const reopened = await manager.post('/api/regimes/BC_THANG/reopen', { ...key, reason: 'Cần bổ sung ghi chú' });
    assert.equal(reopened.statusCode, 200, reopened.body);
    const gone = await officer.put(form, { values: {}, comments: { TB_DI_DONG: '' } });
    assert.deepEqual(gone.json().errors, []);
    assert.deepEqual((await officer.get(form)).json().comments, {});
  });
});
