import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, insertOrgUnit, type TestApp } from '../../testing/test-app.ts';
import { tallyBallots } from '../../../core/ballot.ts';
import { DEMO_COUNCIL, DEMO_PEOPLE, seedDemoEmulation } from './demo.ts';

describe('the demo emulation year 2023', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp({ clock: () => new Date('2024-02-01T03:00:00Z') });
    await insertOrgUnit(t.db, 'BTTTT', 'Bộ Thông tin và Truyền thông', null);
    for (const code of ['CCDS', 'CATTT', 'CVT', 'CPTTH', 'CBC', 'VKHTC', 'VP', 'VTCCB']) await insertOrgUnit(t.db, `BTTTT-${code}`, `Đơn vị ${code}`, 'BTTTT');
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
    assert.equal(campaign.board.length, 8);
    // No demo task in this test: the task criterion is unscored (and said so), the reviewer's two are.
    assert.ok(campaign.board.every((b: { complete: boolean; scores: unknown[] }) => !b.complete && b.scores.filter(Boolean).length === 2));
    assert.equal(campaign.board.find((b: { orgUnit: { code: string } }) => b.orgUnit.code === 'BTTTT-CCDS').total, 95.67);

    const sessions = (await admin.get('/api/emulation/sessions')).json().items;
    const box = (await admin.get(`/api/emulation/sessions/${sessions[0].id}/box`)).json();
    assert.equal(box.ballots.length, 7);
    const recount = tallyBallots({ sessionId: sessions[0].id, publicKey: box.publicKey, memberCount: 7, issuedCount: 7, quorum: box.quorum, nominations: box.nominations.map((n: { id: number; threshold: { num: number; den: number } }) => ({ id: n.id, threshold: n.threshold, basis: 'ALL_MEMBERS' })) }, box.ballots);
    // CSTĐ cấp bộ for Hạnh 7/7; CSTĐ cơ sở 6/7; Tập thể LĐXS 7/7; the overridden CSTĐ cấp bộ 3/7 < 90 %.
    assert.deepEqual(recount.results.map((r) => [r.agree, r.passed]), [[7, true], [6, true], [7, true], [3, false]]);
    assert.deepEqual(recount.results, box.result.results);

    const book = (await admin.get('/api/emulation/honour-book?year=2023')).json();
    assert.deepEqual(book.items.map((i: { award: string }) => i.award).sort(), ['CSTD_BO', 'CSTD_CS', 'TT_LDXS']);
    assert.equal((await admin.get('/api/emulation/honour-book?q=hanh')).json().items.length >= 3, true, 'Hạnh: titles 2020–2023');
    const minh = (await admin.get('/api/emulation/nominations?year=2023')).json().items.find((n: { staff: { fullName: string } | null }) => n.staff?.fullName === 'Trần Văn Minh');
    assert.equal(minh.eligible, false);
    assert.equal(minh.status, 'NOT_PASSED');
    assert.equal(DEMO_PEOPLE.length, 10);
  });
});
