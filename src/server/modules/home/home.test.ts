import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { TestClient } from '../../testing/test-app.ts';
import { createReportingWorld, DEFAULT_NOW, type ReportingWorld } from '../regimes/test-fixtures.ts';

interface MyReports {
  today: string;
  totals: Record<'DUE' | 'LATE' | 'RETURNED' | 'TO_APPROVE', number>;
  items: {
    kind: string;
    regime: { code: string };
    period: { id: string; labelVi: string; dueDate: string; lockDate: string | null };
    orgUnit: { code: string };
    status: string;
    returnedReason: string | null;
  }[];
}

interface Changes {
  since: string;
  isFirstVisit: boolean;
  items: { kind: string; by: string | null; orgUnit: { code: string }; regime: { code: string; nameVi: string } | null; period: { id: string; labelVi: string }; reason: string | null }[];
}

describe('home: my reports and changes since the last visit', () => {
  let w: ReportingWorld;
  let officerHn: TestClient;
  let officerHp: TestClient;
  let manager: TestClient;
  let leader: TestClient;

  before(async () => {
    w = await createReportingWorld();
    await w.t.createUser('officer-hn', [{ role: 'REPORTING_OFFICER', orgUnit: 'HN' }]);
    await w.t.createUser('officer-hp', [{ role: 'REPORTING_OFFICER', orgUnit: 'HP' }]);
    await w.t.createUser('manager', [{ role: 'UNIT_MANAGER', orgUnit: 'VN' }]);
    await w.t.createUser('leader', [{ role: 'LEADER', orgUnit: null }]);
    officerHn = await w.login('officer-hn');
    officerHp = await w.login('officer-hp');
    manager = await w.login('manager');
    leader = await w.login('leader');
    w.setNow(DEFAULT_NOW);
  });
  after(() => w.t.close());

  test('an officer sees its own unit: the open period overdue, the current one due, under Decree 09 deadlines', async () => {
    const res = await officerHn.get('/api/reports/mine');
    assert.equal(res.statusCode, 200, res.body);
    const body = res.json() as MyReports;
    assert.equal(body.today, '2023-03-05');
    // 202301 is past its lock (11/2 + 20 days) and is left out; 202302 was due on 19/2; 202303 is due on 19/3.
    assert.deepEqual(
      body.items.map((i) => [i.kind, i.regime.code, i.period.id, i.orgUnit.code]),
      [
        ['LATE', 'BC_THANG', '202302', 'HN'],
        ['DUE', 'BC_THANG', '202303', 'HN'],
      ],
    );
    assert.equal(body.items[0].period.dueDate, '2023-02-19');
    assert.equal(body.items[0].period.lockDate, '2023-03-11');
    assert.equal(body.items[0].period.labelVi, 'Tháng 2/2023');
    assert.deepEqual(body.totals, { DUE: 1, LATE: 1, RETURNED: 0, TO_APPROVE: 0 });
  });

  test('a returned report comes first with its reason; a submitted one goes to the approver, not the officer', async () => {
    w.setNow(DEFAULT_NOW);
    for (const [client, unit] of [
      [officerHn, 'HN'],
      [officerHp, 'HP'],
    ] as const) {
      assert.equal((await client.post('/api/dataValues', { dataElement: 'TB_DI_DONG', period: '202302', orgUnit: unit, value: 10 })).statusCode, 200);
      const sent = await client.post('/api/regimes/BC_THANG/submit', { orgUnit: unit, period: '202302' });
      assert.equal(sent.statusCode, 200, sent.body);
    }
    const returned = await manager.post('/api/regimes/BC_THANG/return', { orgUnit: 'HN', period: '202302', reason: 'Thiếu số thuê bao trả trước' });
    assert.equal(returned.statusCode, 200, returned.body);

    const hn = (await officerHn.get('/api/reports/mine')).json() as MyReports;
    assert.equal(hn.items[0].kind, 'RETURNED');
    assert.equal(hn.items[0].period.id, '202302');
    assert.equal(hn.items[0].returnedReason, 'Thiếu số thuê bao trả trước');
    const hp = (await officerHp.get('/api/reports/mine')).json() as MyReports;
    assert.deepEqual(
      hp.items.map((i) => [i.kind, i.period.id]),
      [['DUE', '202303']],
    );

    const mgr = (await manager.get('/api/reports/mine')).json() as MyReports;
    const toApprove = mgr.items.filter((i) => i.kind === 'TO_APPROVE');
    assert.deepEqual(
      toApprove.map((i) => [i.orgUnit.code, i.period.id]),
      [['HP', '202302']],
    );
    assert.equal(mgr.totals.TO_APPROVE, 1);

    // Leadership neither writes nor approves: nothing to do on reports.
    const lead = (await leader.get('/api/reports/mine')).json() as MyReports;
    assert.equal(lead.items.length, 0);
    assert.equal((await w.t.anonymous.get('/api/reports/mine')).statusCode, 401);
  });

  test('since the last visit: what others did on readable units, not the reader’s own writes nor other provinces', async () => {
    // A new sign-in: the previous one is the boundary, so the return above is news for the officer of HN.
    const again = await w.login('officer-hn');
    const res = await again.get('/api/home/changes');
    assert.equal(res.statusCode, 200, res.body);
    const body = res.json() as Changes;
    assert.equal(body.isFirstVisit, false);
    assert.deepEqual(
      body.items.map((i) => [i.kind, i.orgUnit.code, i.period.id, i.by]),
      [['RETURNED', 'HN', '202302', 'manager']],
    );
    assert.equal(body.items[0].regime?.nameVi, 'Báo cáo tháng của Sở');
    assert.equal(body.items[0].period.labelVi, 'Tháng 2/2023');
    assert.equal(body.items[0].reason, 'Thiếu số thuê bao trả trước');

    // The manager, on a first visit, sees the submissions of both provinces (the return was its own).
    const mgr = (await manager.get('/api/home/changes')).json() as Changes;
    assert.equal(mgr.isFirstVisit, true);
    assert.deepEqual(mgr.items.map((i) => [i.kind, i.orgUnit.code]).sort(), [
      ['SUBMITTED', 'HN'],
      ['SUBMITTED', 'HP'],
    ]);
    assert.equal((await w.t.anonymous.get('/api/home/changes')).statusCode, 401);
  });

  test('a manager reminds the units whose report is overdue: in-app notification to the officers, audited, once per unit', async () => {
    w.setNow(DEFAULT_NOW);
    const notYet = await manager.post('/api/regimes/BC_THANG/remind', { period: '202303' });
    assert.equal(notYet.statusCode, 409);
    assert.equal(notYet.json().error.code, 'NOT_OVERDUE');
    assert.equal((await officerHn.post('/api/regimes/BC_THANG/remind', { period: '202302' })).statusCode, 403);

    const res = await manager.post('/api/regimes/BC_THANG/remind', { period: '202302' });
    assert.equal(res.statusCode, 200, res.body);
    const body = res.json() as { dueDate: string; reminded: { orgUnit: { code: string }; notified: number }[]; skipped: { orgUnit: { code: string }; code: string }[] };
    // HN's report was returned (not received) and OLD's never came (nobody signs in for it); HP's was sent and is skipped.
    assert.deepEqual(
      body.reminded.map((r) => [r.orgUnit.code, r.notified]),
      [
        ['HN', 1],
        ['OLD', 0],
      ],
    );
    assert.deepEqual(
      body.skipped.map((s) => [s.orgUnit.code, s.code]),
      [['HP', 'ALREADY_RECEIVED']],
    );
    assert.equal(body.dueDate, '2023-02-19');

    const notes = (await officerHn.get('/api/notifications')).json() as { id: number; titleVi: string; readAt: string | null }[] | { items: { id: number; titleVi: string; readAt: string | null }[] };
    const list = Array.isArray(notes) ? notes : notes.items;
    const reminder = list.find((n) => n.titleVi.includes('chưa gửi báo cáo "Báo cáo tháng của Sở" Tháng 2/2023'));
    assert.ok(reminder, JSON.stringify(list));
    assert.match(reminder.titleVi, /hạn 19\/02\/2023/);
    // The officer of HP gets nothing.
    const hp = (await officerHp.get('/api/notifications')).json() as unknown[] | { items: unknown[] };
    assert.equal((Array.isArray(hp) ? hp : hp.items).length, 0);

    // Read, then reminded again: the same notification is unread again, not a second one.
    assert.ok((await officerHn.post(`/api/notifications/${reminder.id}/read`, {})).statusCode < 300);
    // A unit outside the manager's subtree is refused as a whole; one that does not report then is named.
    assert.equal((await manager.post('/api/regimes/BC_THANG/remind', { period: '202302', orgUnits: ['HN', 'VIETTEL'] })).statusCode, 403);
    const again = await manager.post('/api/regimes/BC_THANG/remind', { period: '202302', orgUnits: ['HN', 'HP', 'NEW'] });
    assert.equal(again.statusCode, 200, again.body);
    assert.deepEqual(
      again.json().reminded.map((r: { orgUnit: { code: string } }) => r.orgUnit.code),
      ['HN'],
    );
    assert.deepEqual(
      again.json().skipped.map((s: { orgUnit: { code: string }; code: string }) => [s.orgUnit.code, s.code]),
      [
        ['NEW', 'NOT_A_REPORTING_UNIT'],
        ['HP', 'ALREADY_RECEIVED'],
      ],
    );
    const after2 = (await officerHn.get('/api/notifications')).json() as { id: number; titleVi: string; readAt: string | null }[] | { items: { id: number; titleVi: string; readAt: string | null }[] };
    const list2 = (Array.isArray(after2) ? after2 : after2.items).filter((n) => n.titleVi.includes('Tháng 2/2023'));
    assert.equal(list2.length, 1);
    assert.equal(list2[0].readAt, null);

    const audit = await w.admin.get('/api/audit?action=report.remind');
    assert.equal(audit.statusCode, 200, audit.body);
    const entries = (audit.json() as { items: { objectId: string; username: string }[] }).items;
    assert.deepEqual(entries.map((e) => [e.objectId, e.username]).sort(), [
      ['BC_THANG/202302/HN', 'manager'],
      ['BC_THANG/202302/HN', 'manager'],
      ['BC_THANG/202302/OLD', 'manager'],
    ]);
  });
});
