import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, insertOrgUnit, type TestApp } from '../../testing/test-app.ts';
import { SYSTEM_ACTOR } from '../../access.ts';
import type { ServiceContext } from '../../http/context.ts';
import { readVersions } from '../../http/versions.ts';
import { AnalyticsCache } from './cache.ts';
import { explainCell, queryAnalytics } from './service.ts';
import { insertElement, insertValue } from '../../testing/factories.ts';

/**
 * The cache changes how fast an answer comes, never what it says: every question gives the same answer from the
 * metadata snapshot and the answer store as from the database, and an answer is recomputed as soon as
 * figure_version moves.
 */
describe('analytics cache: the same answers, recomputed when the figures change', () => {
  let t: TestApp;
  const questions = [
    'dimension=dx:NUM;RATIO;STOCK&dimension=pe:2024Q1;202401&dimension=ou:VN;LEVEL-2',
    'dimension=dx:STOCK&dimension=pe:2025&dimension=ou:N1',
    'dimension=dx:NUM&dimension=pe:2024&filter=ou:P1;D11',
    'dimension=dx:RATIO&dimension=ou:P1;CHILDREN&filter=pe:202401;202402',
    'dimension=dx:NUM&dimension=pe:202401&dimension=ou:USER_ORGUNIT',
  ];
  before(async () => {
    t = await createTestApp();
    await insertOrgUnit(t.db, 'VN', 'Việt Nam', null);
    await insertOrgUnit(t.db, 'P1', 'Tỉnh Một', 'VN');
    await insertOrgUnit(t.db, 'P2', 'Tỉnh Hai', 'VN');
    await insertOrgUnit(t.db, 'D11', 'Huyện 1.1', 'P1');
    await insertOrgUnit(t.db, 'D12', 'Huyện 1.2', 'P1', { closingDate: '2024-06-30' });
    await insertOrgUnit(t.db, 'O1', 'Tỉnh cũ', 'VN', { closingDate: '2025-06-30' });
    await insertOrgUnit(t.db, 'N1', 'Tỉnh mới', 'VN', { openingDate: '2025-07-01' });
    await t.db.query(`INSERT INTO org_unit_lineage (predecessor_id, successor_id, kind, effective_date)
      SELECT (SELECT id FROM org_unit WHERE code = 'O1'), (SELECT id FROM org_unit WHERE code = 'N1'), 'MERGE', '2025-07-01'`);
    await insertElement(t.db, 'NUM', { aggregationType: 'SUM' });
    await insertElement(t.db, 'DEN', { aggregationType: 'SUM' });
    await insertElement(t.db, 'STOCK', { aggregationType: 'LAST' });
    await t.db.query(`INSERT INTO indicator (code, name_vi, numerator, denominator, factor) VALUES ('RATIO', 'Tỷ lệ', '#{NUM}', '#{DEN}', 100)`);
    for (const [ou, n] of [
      ['D11', 3],
      ['D12', 5],
      ['P2', 7],
    ] as const) {
      for (const pe of ['202401', '202402', '202403']) {
        await insertValue(t.db, 'NUM', pe, ou, n);
        await insertValue(t.db, 'DEN', pe, ou, n * 4);
      }
    }
    await insertValue(t.db, 'STOCK', '202502', 'O1', 40);
    await insertValue(t.db, 'STOCK', '202509', 'N1', 45);
  });
  after(() => t.close());

  const context = async (cache: AnalyticsCache | undefined): Promise<ServiceContext> => ({
    db: t.db,
    actor: SYSTEM_ACTOR,
    log: t.app.log,
    clock: () => new Date('2026-12-02T03:00:00Z'),
    config: t.config,
    lang: 'vi',
    analyticsCache: cache,
    figureVersion: cache ? (await readVersions(t.db)).figure : undefined,
  });
  const ask = async (ctx: ServiceContext, qs: string) => {
    const params = new URLSearchParams(qs);
    return queryAnalytics(ctx, { dimension: params.getAll('dimension'), filter: params.getAll('filter'), displayProperty: 'NAME', dataStatus: 'SUBMITTED' });
  };

  test('every question: the snapshot and the store answer as the database does, twice', async () => {
    const cache = new AnalyticsCache();
    for (const qs of questions) {
      const direct = await ask(await context(undefined), qs);
      assert.deepEqual(await ask(await context(cache), qs), direct, qs);
      assert.deepEqual(await ask(await context(cache), qs), direct, `${qs} (stored)`);
    }
    const explainDirect = await explainCell(await context(undefined), { dx: 'RATIO', pe: '2024Q1', ou: 'P1' });
    assert.deepEqual(await explainCell(await context(cache), { dx: 'RATIO', pe: '2024Q1', ou: 'P1' }), explainDirect);
  });

  test('an approved value moves figure_version and the next answer counts it; a draft never enters the store', async () => {
    const cache = new AnalyticsCache();
    const qs = 'dimension=dx:NUM&dimension=pe:202401&dimension=ou:P2';
    const first = await ask(await context(cache), qs);
    assert.equal(first.rows[0][3], '7');
    await insertValue(t.db, 'NUM', '202401', 'P2', 70);
    const second = await ask(await context(cache), qs);
    assert.equal(second.rows[0][3], '70');
    // Drafts change without the counter: an answer counting them is computed every time.
    const ctx = await context(cache);
    const params = new URLSearchParams(qs);
    const all = () => queryAnalytics(ctx, { dimension: params.getAll('dimension'), displayProperty: 'NAME', dataStatus: 'ALL' });
    assert.equal((await all()).rows[0][3], '70');
    await insertValue(t.db, 'NUM', '202401', 'P2', 71, undefined, 0);
    assert.equal((await all()).rows[0][3], '71');
    assert.equal((await ask(await context(cache), qs)).rows.length, 0, 'the value is a draft now: nothing counted');
  });
});
