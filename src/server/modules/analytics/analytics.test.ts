import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import ExcelJS from 'exceljs';
import { createTestApp, insertOrgUnit, type TestApp, type TestClient } from '../../testing/test-app.ts';
import { AGGREGATION_TYPES, aggregateValues, type AggregationType } from '../../../core/aggregation.ts';
import { ensurePeriod, insertElement, insertValue } from '../../testing/factories.ts';

interface Analytics {
  headers: { name: string }[];
  rows: string[][];
  metaData: { items: Record<string, { name: string }>; dimensions: Record<string, string[]>; lineage: { ou: string; predecessors: { code: string }[] }[] };
}

/** Value of a row by its dimension ids, in the order of the dimension params (dx, pe, ou). */
function valueOf(body: Analytics, ...ids: string[]): number | undefined {
  const row = body.rows.find((r) => ids.every((id, i) => r[i] === id));
  const at = body.headers.findIndex((h) => h.name === 'value');
  return row ? Number(row[at]) : undefined;
}

describe('analytics API: aggregation, periods, org units, lineage, explain, errors', () => {
  let t: TestApp;
  let admin: TestClient;
  let leader: TestClient;
  let now: Date;
  const get = async (qs: string) => {
    const res = await admin.get(`/api/analytics?${qs}`);
    assert.equal(res.statusCode, 200, res.body);
    return res.json() as Analytics;
  };

  before(async () => {
    // Sessions expire against the database's clock, so sign in at the real time first.
    now = new Date();
    t = await createTestApp({ clock: () => now, env: { ANALYTICS_MAX_CELLS: '50' } });
    await insertOrgUnit(t.db, 'VN', 'Việt Nam', null);
    await insertOrgUnit(t.db, 'P1', 'Tỉnh Một', 'VN');
    await insertOrgUnit(t.db, 'P2', 'Tỉnh Hai', 'VN');
    await insertOrgUnit(t.db, 'D11', 'Huyện 1.1', 'P1');
    await insertOrgUnit(t.db, 'D12', 'Huyện 1.2', 'P1');
    await insertOrgUnit(t.db, 'D21', 'Huyện 2.1', 'P2');
    // Two old units merged into N1 on 2025-07-01.
    await insertOrgUnit(t.db, 'O1', 'Tỉnh cũ 1', 'VN', { closingDate: '2025-06-30' });
    await insertOrgUnit(t.db, 'O2', 'Tỉnh cũ 2', 'VN', { closingDate: '2025-06-30' });
    await insertOrgUnit(t.db, 'N1', 'Tỉnh mới', 'VN', { openingDate: '2025-07-01' });
    await t.db.query(
      `INSERT INTO org_unit_lineage (predecessor_id, successor_id, kind, effective_date)
       SELECT p.id, (SELECT id FROM org_unit WHERE code = 'N1'), 'MERGE', '2025-07-01' FROM org_unit p WHERE p.code IN ('O1', 'O2')`,
    );
    await t.createUser('admin', [{ role: 'ADMIN', orgUnit: null }]);
    await t.createUser('p2leader', [{ role: 'LEADER', orgUnit: 'P2' }]);
    admin = await t.login('admin');
    leader = await t.login('p2leader');
    // "Today" is 15 April 2023: LAST_MONTH = 202303, THIS_YEAR = 2023.
    now = new Date('2023-04-15T08:00:00Z');

    await insertElement(t.db, 'NUM', { aggregationType: 'SUM' });
    await insertElement(t.db, 'DEN', { aggregationType: 'SUM' });
    await insertElement(t.db, 'STOCK', { aggregationType: 'LAST' });
    await insertElement(t.db, 'SCORE', { aggregationType: 'AVERAGE' });
    await insertElement(t.db, 'HEAD', { aggregationType: 'AVERAGE_SUM_ORG_UNIT' });
    await insertElement(t.db, 'ZERO', { aggregationType: 'SUM', zeroIsSignificant: true });
    await insertElement(t.db, 'PLAT', { aggregationType: 'SUM', options: ['FB', 'ZALO'] });

    // Ratio of sums: P1 in 2023Q1 = (1 + 2 + 90) / (10 + 100) × 100.
    await insertValue(t.db, 'NUM', '202301', 'D11', 1);
    await insertValue(t.db, 'NUM', '202302', 'D11', 2);
    await insertValue(t.db, 'NUM', '202301', 'D12', 90);
    await insertValue(t.db, 'DEN', '202301', 'D11', 10);
    await insertValue(t.db, 'DEN', '202301', 'D12', 100);
    // LAST: D11's latest is March (7), D12's is February (20).
    await insertValue(t.db, 'STOCK', '202301', 'D11', 5);
    await insertValue(t.db, 'STOCK', '202303', 'D11', 7);
    await insertValue(t.db, 'STOCK', '202302', 'D12', 20);
    // AVERAGE vs AVERAGE_SUM_ORG_UNIT on the same values: D11 10, 20; D12 30.
    for (const code of ['SCORE', 'HEAD']) {
      await insertValue(t.db, code, '202301', 'D11', 10);
      await insertValue(t.db, code, '202302', 'D11', 20);
      await insertValue(t.db, code, '202301', 'D12', 30);
    }
    await insertValue(t.db, 'ZERO', '202301', 'D12', 0);
    await insertValue(t.db, 'PLAT', '202301', 'D11', 3, 'FB');
    await insertValue(t.db, 'PLAT', '202301', 'D11', 4, 'ZALO');
    await insertValue(t.db, 'PLAT', '202301', 'D12', 5, 'FB');
    // 2024 values of the old units; 2025 values before and after the merge.
    await insertValue(t.db, 'NUM', '202401', 'O1', 3);
    await insertValue(t.db, 'NUM', '202401', 'O2', 4);
    await insertValue(t.db, 'NUM', '202506', 'O1', 6);
    await insertValue(t.db, 'NUM', '202508', 'N1', 5);
    // A stock across the merge: the old units' last values (June) and the new unit's (November).
    await insertValue(t.db, 'STOCK', '202406', 'O1', 100);
    await insertValue(t.db, 'STOCK', '202506', 'O1', 110);
    await insertValue(t.db, 'STOCK', '202505', 'O2', 40);
    await insertValue(t.db, 'STOCK', '202511', 'N1', 160);
    await insertValue(t.db, 'HEAD', '202506', 'O1', 10);
    await insertValue(t.db, 'HEAD', '202506', 'O2', 20);
    await insertValue(t.db, 'HEAD', '202508', 'N1', 30);

    const indicator = async (body: Record<string, unknown>) => {
      const res = await admin.post('/api/indicators', body);
      assert.equal(res.statusCode, 201, res.body);
    };
    await indicator({ code: 'RATIO', nameVi: 'Tỷ lệ', numerator: '#{NUM}', denominator: '#{DEN}', factor: 100, decimals: 1 });
    await indicator({ code: 'DIVZERO', nameVi: 'Chia cho 0', numerator: '#{NUM}', denominator: '#{ZERO}', factor: 100 });
    await indicator({ code: 'FBSHARE', nameVi: 'Tỷ lệ FB', numerator: '#{PLAT.FB}', denominator: '#{PLAT}', factor: 100, decimals: 2 });
  });
  after(() => t.close());

  test('an indicator divides the sums of numerator and denominator, never averages ratios', async () => {
    const body = await get('dimension=dx:RATIO&dimension=pe:2023Q1;202301;202302&dimension=ou:P1&skipRounding=true');
    assert.deepEqual(
      body.headers.map((h) => h.name),
      ['dx', 'pe', 'ou', 'value', 'reported', 'expected', 'coverage'],
    );
    assert.ok(Math.abs((valueOf(body, 'RATIO', '2023Q1', 'P1') as number) - (93 / 110) * 100) < 1e-9);
    assert.ok(Math.abs((valueOf(body, 'RATIO', '202301', 'P1') as number) - (91 / 110) * 100) < 1e-9);
    // February has a numerator but no denominator: no value, not a zero or an infinity.
    assert.equal(valueOf(body, 'RATIO', '202302', 'P1'), undefined);
    const rounded = await get('dimension=dx:RATIO&dimension=pe:2023Q1&dimension=ou:P1');
    assert.deepEqual(rounded.rows, [['RATIO', '2023Q1', 'P1', '84.5', '', '', '']]);
  });

  test('LAST takes each unit’s latest month, then sums over units', async () => {
    const body = await get('dimension=dx:STOCK&dimension=pe:2023Q1&dimension=ou:P1;D11;D12');
    assert.equal(valueOf(body, 'STOCK', '2023Q1', 'P1'), 27);
    assert.equal(valueOf(body, 'STOCK', '2023Q1', 'D11'), 7);
    assert.equal(valueOf(body, 'STOCK', '2023Q1', 'D12'), 20);
  });

  test('AVERAGE is a mean of unit means; AVERAGE_SUM_ORG_UNIT sums the unit means', async () => {
    const body = await get('dimension=dx:SCORE;HEAD&dimension=pe:2023Q1&dimension=ou:P1');
    assert.equal(valueOf(body, 'SCORE', '2023Q1', 'P1'), 22.5);
    assert.equal(valueOf(body, 'HEAD', '2023Q1', 'P1'), 45);
  });

  test('missing stays missing, a stored zero is a zero, division by zero gives no row', async () => {
    const body = await get('dimension=dx:NUM;ZERO&dimension=pe:202301&dimension=ou:D12;P2');
    assert.equal(valueOf(body, 'ZERO', '202301', 'D12'), 0);
    assert.equal(valueOf(body, 'NUM', '202301', 'P2'), undefined);
    assert.equal(valueOf(body, 'ZERO', '202301', 'P2'), undefined);
    const divided = await get('dimension=dx:DIVZERO&dimension=pe:202301&dimension=ou:P1;D12');
    assert.deepEqual(divided.rows, []);
  });

  test('disaggregation options as dx (DE.OPTION) and in formulas', async () => {
    const body = await get('dimension=dx:PLAT;PLAT.FB;FBSHARE&dimension=pe:202301&dimension=ou:P1');
    assert.equal(valueOf(body, 'PLAT', '202301', 'P1'), 12);
    assert.equal(valueOf(body, 'PLAT.FB', '202301', 'P1'), 8);
    assert.equal(valueOf(body, 'FBSHARE', '202301', 'P1'), 66.67);
  });

  test('relative periods resolve against today', async () => {
    const body = await get('dimension=dx:STOCK&dimension=pe:LAST_MONTH;THIS_YEAR;LAST_12_MONTHS&dimension=ou:D11');
    // 202303 is both LAST_MONTH and one of the last 12 months: listed once.
    assert.equal(body.metaData.dimensions.pe.length, 13);
    assert.equal(body.metaData.dimensions.pe[0], '202303');
    assert.ok(body.metaData.dimensions.pe.includes('2023'));
    assert.ok(body.metaData.dimensions.pe.includes('202204'));
    assert.equal(valueOf(body, 'STOCK', '202303', 'D11'), 7);
    assert.equal(valueOf(body, 'STOCK', '2023', 'D11'), 7);
  });

  test('LEVEL-n and CHILDREN expand inside the given units; a filter aggregates over its items', async () => {
    const level = await get('dimension=dx:NUM&dimension=pe:202301&dimension=ou:VN;LEVEL-3');
    assert.deepEqual(level.metaData.dimensions.ou.sort(), ['D11', 'D12', 'D21']);
    assert.equal(valueOf(level, 'NUM', '202301', 'D12'), 90);
    const children = await get('dimension=dx:NUM&dimension=pe:202301&dimension=ou:P1;CHILDREN');
    assert.deepEqual(children.metaData.dimensions.ou.sort(), ['D11', 'D12']);
    // LEVEL-n lists the units open today: in 2023 the old units, after the merge the new one,
    // whose history then includes the old units' values.
    assert.deepEqual((await get('dimension=dx:NUM&dimension=pe:202401&dimension=ou:VN;LEVEL-2')).metaData.dimensions.ou.sort(), ['O1', 'O2', 'P1', 'P2']);
    now = new Date('2026-01-10T08:00:00Z');
    try {
      const provinces = await get('dimension=dx:NUM&dimension=pe:202401&dimension=ou:VN;LEVEL-2');
      assert.deepEqual(provinces.metaData.dimensions.ou.sort(), ['N1', 'P1', 'P2']);
      assert.equal(valueOf(provinces, 'NUM', '202401', 'N1'), 7);
    } finally {
      now = new Date('2023-04-15T08:00:00Z');
    }
    const filtered = await get('dimension=dx:NUM&filter=pe:202301;202302&dimension=ou:D11');
    assert.deepEqual(
      filtered.headers.map((h) => h.name),
      ['dx', 'ou', 'value', 'reported', 'expected', 'coverage'],
    );
    assert.deepEqual(filtered.rows, [['NUM', 'D11', '3', '', '', '']]);
  });

  test('lineage: 2024 values of the two old units appear under the new unit, and metaData says so', async () => {
    const body = await get('dimension=dx:NUM&dimension=pe:202401;2025;202508&dimension=ou:N1');
    assert.equal(valueOf(body, 'NUM', '202401', 'N1'), 7);
    // The year 2025 spans the merge: June of O1 (before) plus August of N1 (after).
    assert.equal(valueOf(body, 'NUM', '2025', 'N1'), 11);
    assert.equal(valueOf(body, 'NUM', '202508', 'N1'), 5);
    assert.equal(body.metaData.lineage[0].ou, 'N1');
    assert.deepEqual(body.metaData.lineage[0].predecessors.map((p) => p.code).sort(), ['O1', 'O2']);
    // The root is not double counted: old and new units are distinct leaves.
    const country = await get('dimension=dx:NUM&dimension=pe:2025&dimension=ou:VN');
    assert.equal(valueOf(country, 'NUM', '2025', 'VN'), 11);
  });

  test("a stock over a range spanning a merger is the successor's latest value, not the sum of old and new", async () => {
    const body = await get('dimension=dx:STOCK;HEAD&dimension=pe:2025;2025S1;2024&dimension=ou:N1;VN&skipRounding=true');
    // 2025: N1 holds 160 in November; the old units' June values were handed over.
    assert.equal(valueOf(body, 'STOCK', '2025', 'N1'), 160);
    assert.equal(valueOf(body, 'STOCK', '2025', 'VN'), 160);
    // Before the merge, the old units' own last values add up.
    assert.equal(valueOf(body, 'STOCK', '2025S1', 'N1'), 150);
    assert.equal(valueOf(body, 'STOCK', '2024', 'N1'), 100);
    // Average headcount follows the same hand-over.
    assert.equal(valueOf(body, 'HEAD', '2025', 'N1'), 30);
    assert.equal(valueOf(body, 'HEAD', '2025S1', 'N1'), 30);
  });

  test('every aggregation type of the registry: its SQL agrees with its core rule on the same rows', async () => {
    const types: readonly AggregationType[] = AGGREGATION_TYPES;
    assert.ok(types.length >= 7);
    const units = ['D11', 'D12', 'D21'];
    const months = ['202201', '202202', '202203', '202204', '202205', '202206'];
    let seed = 42;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (const type of types) {
      const code = `R_${type}`;
      await insertElement(t.db, code, { aggregationType: type, options: ['A', 'B'] });
      const rows: { orgUnit: string; periodStart: string; value: number }[] = [];
      for (const unit of units) {
        for (const month of months) {
          for (const option of ['A', 'B']) {
            if (random() < 0.35) continue; // missing months and options
            const value = Math.round(random() * 1000) / 10;
            await insertValue(t.db, code, month, unit, value, option);
            rows.push({ orgUnit: unit, periodStart: `${month.slice(0, 4)}-${month.slice(4)}-01`, value });
          }
        }
      }
      const body = await get(`dimension=dx:${code}&dimension=pe:2022Q1;2022Q2;2022S1&dimension=ou:VN`);
      for (const [pe, from, to] of [
        ['2022Q1', '2022-01-01', '2022-03-31'],
        ['2022Q2', '2022-04-01', '2022-06-30'],
        ['2022S1', '2022-01-01', '2022-06-30'],
      ]) {
        const expected = aggregateValues(
          rows.filter((r) => r.periodStart >= from && r.periodStart <= to),
          type,
        );
        const actual = valueOf(body, code, pe, 'VN');
        assert.ok(expected !== null && actual !== undefined && Math.abs(actual - expected) < 1e-9, `${type} ${pe}: ${actual} vs ${expected}`);
      }
    }
  });

  test('a value written is in the next query (no separate analytics run)', async () => {
    const before = await get('dimension=dx:NUM&dimension=pe:202304&dimension=ou:P2');
    assert.deepEqual(before.rows, []);
    await insertValue(t.db, 'NUM', '202304', 'D21', 12);
    const afterWrite = await get('dimension=dx:NUM&dimension=pe:202304&dimension=ou:P2');
    assert.equal(valueOf(afterWrite, 'NUM', '202304', 'P2'), 12);
  });

  test('explain lists the raw values, each reference’s aggregation and the arithmetic', async () => {
    const res = await admin.get('/api/analytics/explain?dx=RATIO&pe=2023Q1&ou=P1&lang=en');
    assert.equal(res.statusCode, 200, res.body);
    const body = res.json();
    assert.equal(body.arithmetic, '93 / 110 × 100 = 84.5454545455');
    assert.equal(body.formula, '#{NUM} / #{DEN} × 100');
    const num = body.references.find((r: { reference: string }) => r.reference === 'NUM');
    assert.equal(num.aggregationType, 'SUM');
    assert.equal(num.value, 93);
    assert.deepEqual(
      num.values.map((v: { orgUnit: string; period: string; value: number }) => [v.orgUnit, v.period, v.value]),
      [
        ['D11', '202301', 1],
        ['D11', '202302', 2],
        ['D12', '202301', 90],
      ],
    );
    assert.equal(num.values[0].storedBy, 'fixture');
    const zero = (await admin.get('/api/analytics/explain?dx=DIVZERO&pe=202301&ou=D12')).json();
    assert.equal(zero.value, null);
    assert.equal(zero.nullReason, 'DENOMINATOR_ZERO');
  });

  test('CSV and XLSX carry the same rows with names', async () => {
    const csv = await admin.get('/api/analytics.csv?dimension=dx:NUM&dimension=pe:202301&dimension=ou:D11;D12');
    assert.equal(csv.statusCode, 200);
    assert.match(csv.headers['content-type'] as string, /text\/csv/);
    const lines = csv.body
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\n');
    assert.equal(lines[0], 'dx,dxname,pe,pename,ou,ouname,value,reported,expected,coverage');
    // No regime expects NUM here: its coverage cells stay empty rather than claim 100 %.
    assert.equal(lines[1], 'NUM,Chỉ số NUM,202301,Tháng 1/2023,D11,Huyện 1.1,1,,,');
    const xlsx = await admin.get('/api/analytics?format=xlsx&dimension=dx:NUM&dimension=pe:202301&dimension=ou:D11;D12');
    assert.equal(xlsx.statusCode, 200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0];
    assert.equal(sheet.getRow(3).getCell(7).value, 90);
  });

  test("bad input gets a 409 with DHIS2's E71xx code, naming the offending item", async () => {
    const cases: [string, string, string, string][] = [
      ['dimension=dx:NOPE;NUM&dimension=pe:202301&dimension=ou:P1', 'UNKNOWN_DX', 'dx:NOPE', 'E7124'],
      ['dimension=dx:PLAT.TIKTOK&dimension=pe:202301&dimension=ou:P1', 'UNKNOWN_DX', 'dx:PLAT.TIKTOK', 'E7124'],
      ['dimension=dx:NUM&dimension=pe:2023X9&dimension=ou:P1', 'UNKNOWN_PERIOD', 'pe:2023X9', 'E7124'],
      ['dimension=dx:NUM&dimension=pe:202301&dimension=ou:XX', 'UNKNOWN_ORG_UNIT', 'ou:XX', 'E7124'],
      ['dimension=dx&dimension=pe:202301&dimension=ou:P1', 'INVALID_DIMENSION', 'dimension=dx', 'E7124'],
      ['dimension=xy:A&dimension=dx:NUM&dimension=pe:202301&dimension=ou:P1', 'INVALID_DIMENSION', 'dimension=xy:A', 'E7125'],
      ['dimension=dx:NUM&dimension=ou:P1', 'MISSING_DIMENSION', 'pe', 'E7104'],
      ['dimension=pe:202301&dimension=ou:P1', 'MISSING_DIMENSION', 'dx', 'E7102'],
      ['dimension=dx:NUM&dimension=pe:202301&filter=pe:202302&dimension=ou:P1', 'DUPLICATE_DIMENSION', 'filter=pe:202302', 'E7103'],
      ['dimension=dx:NUM&dimension=pe:202301&dimension=pe:202302&dimension=ou:P1', 'DUPLICATE_DIMENSION', 'dimension=pe:202302', 'E7111'],
      ['dimension=dx:NUM&dimension=pe:LAST_12_MONTHS;THIS_YEAR&dimension=ou:VN;LEVEL-3;LEVEL-2', 'TOO_MANY_CELLS', 'dimension', 'E7128'],
      ['dimension=dx:NUM&dimension=pe:LAST_MONTH&dimension=ou:P1&relativePeriodDate=2023-02-30', 'INVALID_DATE', 'querystring.relativePeriodDate', 'E7135'],
    ];
    for (const [qs, code, path, errorCode] of cases) {
      const res = await admin.get(`/api/analytics?${qs}&lang=en`);
      assert.equal(res.statusCode, 409, qs);
      const body = res.json();
      assert.equal(body.error.code, code, qs);
      assert.equal(body.error.details[0].path, path, qs);
      // DHIS2's WebMessage beside the product's error, as DHIS2 clients read it.
      assert.deepEqual([body.httpStatus, body.httpStatusCode, body.status, body.errorCode], ['Conflict', 409, 'ERROR', errorCode], qs);
      assert.equal(body.message, body.error.message, qs);
    }
    const vi = (await admin.get('/api/analytics?dimension=dx:NUM&dimension=pe:202301&dimension=ou:XX')).json();
    assert.equal(vi.error.message, 'Không có đơn vị: XX');
  });

  test('the caller needs data.read on the units asked for', async () => {
    const denied = await leader.get('/api/analytics?dimension=dx:NUM&dimension=pe:202301&dimension=ou:P1&lang=en');
    assert.equal(denied.statusCode, 403);
    assert.match(denied.json().error.message, /'P1'/);
    const allowed = await leader.get('/api/analytics?dimension=dx:NUM&dimension=pe:202304&dimension=ou:USER_ORGUNIT');
    assert.equal(allowed.statusCode, 200);
    assert.deepEqual(allowed.json().rows, [['NUM', '202304', 'P2', '12', '', '', '']]);
    const anonymous = await t.anonymous.get('/api/analytics?dimension=dx:NUM&dimension=pe:202301&dimension=ou:P1');
    assert.equal(anonymous.statusCode, 401);
    await ensurePeriod(t.db, '202312');
  });
});
