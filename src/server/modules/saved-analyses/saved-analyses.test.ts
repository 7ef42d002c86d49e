import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, insertOrgUnit, type TestApp, type TestClient } from '../../testing/test-app.ts';
import { isAnalysisQuery } from './schema.ts';

const QUERY = 'dx=TL_A&pe=LAST_12_MONTHS&ou=VN%3BLEVEL-2&rows=ou&columns=pe';

describe('saved analyses: kept by name for their owner, audited, never another person’s', () => {
  let t: TestApp;
  let leader: TestClient;
  let officer: TestClient;

  before(async () => {
    t = await createTestApp();
    await insertOrgUnit(t.db, 'VN', 'Việt Nam', null);
    await insertOrgUnit(t.db, 'TINH_A', 'Tỉnh Alpha', 'VN');
    await t.createUser('lanhdao', [{ role: 'LEADER', orgUnit: 'VN' }]);
    await t.createUser('canbo-a', [{ role: 'REPORTING_OFFICER', orgUnit: 'TINH_A' }]);
    leader = await t.login('lanhdao');
    officer = await t.login('canbo-a');
  });
  after(() => t.close());

  test('save, replace under the same name (any case), list newest first, delete; every write audited', async () => {
    const first = await leader.post('/api/analyses', { name: 'Phủ sóng 5G các tỉnh', query: QUERY });
    assert.equal(first.statusCode, 201, first.body);
    const id = first.json().id as number;
    const other = await leader.post('/api/analyses', { name: 'Dân số', query: 'dx=DAN_SO&pe=THIS_YEAR&ou=USER_ORGUNIT' });
    assert.equal(other.statusCode, 201, other.body);

    // The same name in other letters replaces the analysis rather than adding a second one.
    const replaced = await leader.post('/api/analyses', { name: '  PHỦ SÓNG 5G CÁC TỈNH ', query: `${QUERY}&view=line` });
    assert.equal(replaced.statusCode, 200, replaced.body);
    assert.equal(replaced.json().id, id);
    assert.equal(replaced.json().name, 'PHỦ SÓNG 5G CÁC TỈNH');

    const list = (await leader.get('/api/analyses')).json() as { id: number; name: string; query: string }[];
    assert.deepEqual(
      list.map((a) => a.name),
      ['PHỦ SÓNG 5G CÁC TỈNH', 'Dân số'],
    );
    assert.match(list[0].query, /view=line$/);

    // Nobody else sees or deletes it: another person's analysis is "not found".
    assert.deepEqual((await officer.get('/api/analyses')).json(), []);
    const foreign = await officer.delete(`/api/analyses/${id}`);
    assert.equal(foreign.statusCode, 404, foreign.body);
    assert.equal((await leader.get('/api/analyses')).json().length, 2);

    assert.equal((await leader.delete(`/api/analyses/${id}`)).statusCode, 204);
    assert.equal((await leader.delete(`/api/analyses/${id}`)).statusCode, 404);
    assert.deepEqual(
      ((await leader.get('/api/analyses')).json() as { name: string }[]).map((a) => a.name),
      ['Dân số'],
    );

    const { rows } = await t.db.query<{ action: string; object_id: string; username: string }>("SELECT action, object_id, username FROM audit_log WHERE object_type = 'saved_analysis' ORDER BY id");
    assert.deepEqual(
      rows.map((r) => [r.action, r.username]),
      [
        ['analysis.create', 'lanhdao'],
        ['analysis.create', 'lanhdao'],
        ['analysis.update', 'lanhdao'],
        ['analysis.delete', 'lanhdao'],
      ],
    );
    assert.equal(rows[2].object_id, String(id));
  });

  test('a query that is not the analysis screen’s, an empty name or an unknown field is refused, naming the field', async () => {
    for (const [body, path] of [
      [{ name: 'x', query: 'dx=A&redirect=https://example.org' }, 'body.query'],
      [{ name: 'x', query: 'pe=LAST_12_MONTHS&ou=VN' }, 'body.query'],
      [{ name: 'x', query: 'dx=A&dx=B' }, 'body.query'],
      [{ name: 'x', query: 'dx=<script>' }, 'body.query'],
      [{ name: '   ', query: QUERY }, 'body.name'],
      [{ name: 'x', query: QUERY, owner: 1 }, 'body'],
    ] as const) {
      const res = await leader.post('/api/analyses', body);
      assert.equal(res.statusCode, 400, `${JSON.stringify(body)}: ${res.body}`);
      const paths = (res.json().error.details as { path: string }[]).map((d) => d.path);
      assert.ok(
        paths.some((p) => p.startsWith(path)),
        `${JSON.stringify(body)} names ${path}: ${paths.join(', ')}`,
      );
    }
    assert.equal((await t.anonymous.get('/api/analyses')).statusCode, 401);
  });

  test('the analysis screen’s own query strings are accepted', () => {
    assert.ok(isAnalysisQuery(QUERY));
    assert.ok(isAnalysisQuery('dx=TL_A%3BDE_B.OPT&pe=2026Q1%3B202601&ou=01&rows=dx%2Cou&columns=pe&view=bar&data=APPROVED'));
    // The map view keeps its data item and period.
    assert.ok(isAnalysisQuery('dx=TL_A%3BDE_B&pe=LAST_12_MONTHS&ou=VN%3BLEVEL-2&view=map&mapdx=DE_B&mappe=202611'));
    assert.ok(!isAnalysisQuery('dx=TL_A&view=map&mappe=202611&mappe=202610'));
    assert.ok(!isAnalysisQuery(''));
    assert.ok(!isAnalysisQuery('dx=A&ou=VN%26x%3D1%20'));
  });
});
