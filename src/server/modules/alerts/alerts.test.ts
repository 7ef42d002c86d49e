import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, insertOrgUnit, type TestApp, type TestClient } from '../../testing/test-app.ts';
import { ensurePeriod, insertElement, insertValue } from '../../testing/factories.ts';
import { evaluateAlertsForValues } from './service.ts';

interface AlertView {
  id: number;
  type: string;
  orgUnitCode: string;
  period: string;
  state: string;
  title: string;
  value: number | null;
  evidenceUrl: string;
  acknowledgedBy: string | null;
  resolvedBy: string | null;
}

describe('alerts: late reports and thresholds, raised, deduplicated, acknowledged and resolved', () => {
  let t: TestApp;
  let admin: TestClient;
  let leaderP2: TestClient;
  let officer: TestClient;
  let now: Date;
  const alerts = async (qs = '') => (await admin.get(`/api/alerts?${qs}`)).json().items as AlertView[];

  before(async () => {
    now = new Date();
    t = await createTestApp({ clock: () => now });
    await insertOrgUnit(t.db, 'VN', 'Việt Nam', null);
    await insertOrgUnit(t.db, 'P1', 'Tỉnh Một', 'VN');
    await insertOrgUnit(t.db, 'P2', 'Tỉnh Hai', 'VN');
    await t.createUser('admin', [{ role: 'ADMIN', orgUnit: null }]);
    await t.createUser('leader2', [{ role: 'LEADER', orgUnit: 'P2' }]);
    await t.createUser('officer', [{ role: 'REPORTING_OFFICER', orgUnit: 'P1' }]);
    admin = await t.login('admin');
    leaderP2 = await t.login('leader2');
    officer = await t.login('officer');
    now = new Date('2023-06-15T09:00:00Z');

    await t.db.query(`INSERT INTO report_regime (code, name_vi, period_type, cutoff_rule, deadline_days) VALUES ('BC_THANG', 'Báo cáo tháng', 'MONTHLY', 'CALENDAR', 5)`);
    await t.db.query(`INSERT INTO report_regime_assignment (regime_id, level) SELECT id, 2 FROM report_regime WHERE code = 'BC_THANG'`);
    for (const period of ['202303', '202304', '202305']) {
      const periodId = await ensurePeriod(t.db, period);
      await t.db.query(
        `INSERT INTO report_status (regime_id, period_id, org_unit_id, status, submitted_at)
         SELECT r.id, $1, ou.id, 'SUBMITTED', now() FROM report_regime r, org_unit ou WHERE r.code = 'BC_THANG' AND ou.code = 'P1'`,
        [periodId],
      );
    }
    await insertElement(t.db, 'NUM', { aggregationType: 'SUM' });
    await insertElement(t.db, 'DEN', { aggregationType: 'SUM' });
    assert.equal((await admin.post('/api/indicators', { code: 'RATE', nameVi: 'Tỷ lệ', numerator: '#{NUM}', denominator: '#{DEN}', factor: 100 })).statusCode, 201);
  });
  after(() => t.close());

  test('rules are checked when saved', async () => {
    const incomplete = await admin.post('/api/alert-rules?lang=en', { code: 'X', nameVi: 'X', type: 'THRESHOLD', indicator: 'RATE' });
    assert.equal(incomplete.statusCode, 400);
    assert.match(incomplete.json().error.message, /operator, threshold/);
    const late = await admin.post('/api/alert-rules', { code: 'TRE_HAN', nameVi: 'Báo cáo trễ hạn', type: 'REPORT_LATE', regime: 'BC_THANG', severity: 'WARNING' });
    assert.equal(late.statusCode, 201, late.body);
    const threshold = await admin.post('/api/alert-rules', {
      code: 'TY_LE_THAP',
      nameVi: 'Tỷ lệ dưới 50 %',
      nameEn: 'Rate below 50 %',
      type: 'THRESHOLD',
      severity: 'CRITICAL',
      indicator: 'RATE',
      operator: '<',
      threshold: 50,
      orgUnit: 'VN',
      level: 2,
    });
    assert.equal(threshold.statusCode, 201, threshold.body);
    assert.equal((await officer.post('/api/alert-rules', { code: 'Y', nameVi: 'Y', type: 'REPORT_LATE' })).statusCode, 403);
  });

  test('a report missing after its deadline raises one alert per unit and period, once', async () => {
    const first = (await admin.post('/api/alerts/evaluate')).json();
    assert.equal(first.raised, 3);
    const again = (await admin.post('/api/alerts/evaluate')).json();
    assert.equal(again.raised, 0);
    const late = await alerts('type=REPORT_LATE');
    // P2 sent nothing for March–May (all past their 5-day deadline); June is not due yet; P1 sent everything.
    assert.deepEqual(late.map((a) => `${a.orgUnitCode} ${a.period}`).sort(), ['P2 202303', 'P2 202304', 'P2 202305']);
    assert.match(late[0].title, /chưa gửi báo cáo "Báo cáo tháng"/);
    // The report arrives: the next run resolves its alert.
    const periodId = await ensurePeriod(t.db, '202305');
    await t.db.query(
      `INSERT INTO report_status (regime_id, period_id, org_unit_id, status, submitted_at, is_late)
       SELECT r.id, $1, ou.id, 'SUBMITTED', now(), true FROM report_regime r, org_unit ou WHERE r.code = 'BC_THANG' AND ou.code = 'P2'`,
      [periodId],
    );
    const third = (await admin.post('/api/alerts/evaluate')).json();
    assert.equal(third.resolved, 1);
    const may = (await alerts('type=REPORT_LATE&period=202305'))[0];
    assert.equal(may.state, 'RESOLVED');
    assert.equal(may.resolvedBy, 'system');
  });

  test('a threshold crossed by arriving values raises an alert right away; a correction resolves it', async () => {
    await insertValue(t.db, 'NUM', '202306', 'P1', 40);
    await insertValue(t.db, 'DEN', '202306', 'P1', 100);
    await insertValue(t.db, 'NUM', '202306', 'P2', 60);
    await insertValue(t.db, 'DEN', '202306', 'P2', 100);
    const ids = async (sql: string) => (await t.db.query<{ id: number }>(sql)).rows.map((r) => r.id);
    const affected = {
      elementIds: await ids(`SELECT id FROM data_element WHERE code IN ('NUM', 'DEN')`),
      orgUnitIds: await ids(`SELECT id FROM org_unit WHERE code IN ('P1', 'P2')`),
      periodIds: await ids(`SELECT id FROM period WHERE iso = '202306'`),
    };
    const summary = await evaluateAlertsForValues(t.db, affected);
    assert.equal(summary.raised, 1);
    const [alert] = await alerts('type=THRESHOLD');
    assert.equal(alert.orgUnitCode, 'P1');
    assert.equal(alert.period, '202306');
    assert.equal(alert.value, 40);
    assert.match(alert.title, /= 40 \(< 50\)$/);
    assert.equal(alert.evidenceUrl, '/api/analytics/explain?dx=RATE&pe=202306&ou=P1');
    await insertValue(t.db, 'NUM', '202306', 'P1', 55);
    const corrected = await evaluateAlertsForValues(t.db, affected);
    assert.equal(corrected.resolved, 1);
    assert.equal((await alerts('type=THRESHOLD'))[0].state, 'RESOLVED');
  });

  test('acknowledge and resolve record who acted, are audited, and need alert.act on the unit', async () => {
    const open = (await alerts('state=OPEN&orgUnit=P2'))[0];
    assert.ok(open);
    const denied = await officer.post(`/api/alerts/${open.id}/acknowledge`, {});
    assert.equal(denied.statusCode, 403);
    const ack = await leaderP2.post(`/api/alerts/${open.id}/acknowledge`, { note: 'Đã nhắc Sở' });
    assert.equal(ack.statusCode, 200, ack.body);
    assert.equal(ack.json().state, 'ACKNOWLEDGED');
    assert.equal(ack.json().acknowledgedBy, 'leader2');
    assert.equal((await leaderP2.post(`/api/alerts/${open.id}/acknowledge`, {})).statusCode, 409);
    const resolved = await admin.post(`/api/alerts/${open.id}/resolve`);
    assert.equal(resolved.statusCode, 200, resolved.body);
    assert.equal(resolved.json().resolvedBy, 'admin');
    const { rows } = await t.db.query<{ action: string; username: string; reason: string | null }>(
      `SELECT action, username, reason FROM audit_log WHERE object_type = 'alert' AND object_id = $1 AND action LIKE 'alert.%' AND actor_kind = 'user' ORDER BY id`,
      [String(open.id)],
    );
    assert.deepEqual(
      rows.map((r) => [r.action, r.username, r.reason]),
      [
        ['alert.acknowledge', 'leader2', 'Đã nhắc Sở'],
        ['alert.resolve', 'admin', null],
      ],
    );
  });

  test('in-app notifications reach the people who may act, within their units', async () => {
    const mine = (await leaderP2.get('/api/notifications')).json();
    assert.equal(mine.length, 3);
    assert.ok(mine.every((n: { orgUnitCode: string }) => n.orgUnitCode === 'P2'));
    assert.equal((await leaderP2.post(`/api/notifications/${mine[0].id}/read`)).statusCode, 204);
    assert.equal((await leaderP2.get('/api/notifications?unread=true')).json().length, 2);
    const adminNotes = (await admin.get('/api/notifications')).json();
    assert.equal(adminNotes.length, 4);
    // The officer may not act on alerts, so is not notified; nor may the P2 leader see P1's alerts.
    assert.equal((await officer.get('/api/notifications')).json().length, 0);
    const visible = (await leaderP2.get('/api/alerts')).json();
    assert.ok(visible.items.every((a: AlertView) => a.orgUnitCode === 'P2'));
  });

  test('the alert list is kept between requests only while no alert changes, in any process', async () => {
    const list = async () => (await admin.get('/api/alerts?limit=50')).json() as { total: number; items: AlertView[] };
    const first = await list();
    assert.ok(first.total > 0);
    assert.deepEqual(await list(), first);
    // Another server process sharing the database resolves every alert: straight SQL here.
    await t.db.query(`UPDATE alert SET state = 'RESOLVED', resolved_at = now(), resolved_by = 'elsewhere' WHERE state <> 'RESOLVED'`);
    const after = await list();
    assert.ok(after.items.every((a) => a.state === 'RESOLVED'));
    assert.equal((await admin.get('/api/alerts?state=OPEN')).json().total, 0);
  });
});
