import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { LightMyRequestResponse } from 'fastify';
import ExcelJS from 'exceljs';
import { gunzipSync } from 'node:zlib';
import { createTestApp, insertOrgUnit, type TestApp, type TestClient } from '../../testing/test-app.ts';
import { ensurePeriod, insertElement, insertValue } from '../../testing/factories.ts';
import { publishDueReleases } from './service.ts';
import { CSV_COLUMNS } from './formats.ts';
import { csvwMetadata } from './shapes.ts';
import { dcatApViolations, describeViolations, sdmxDataViolations, sdmxStructureViolations } from './standards/validate.ts';

// Markers that must never reach a public answer: a submitted-only figure (91.3 %), a draft (12.34 %), enterprises.
const SUBMITTED_ONLY = '91.3';
const DRAFT = '12.34';
const ENTERPRISES = ['DN_MOT', 'DN_HAI'];

describe('open data: datasets on a release calendar, approved figures only, embargo, revisions, open formats', () => {
  let t: TestApp;
  let admin: TestClient;
  let leader: TestClient;
  let officer: TestClient;
  let now = new Date('2023-04-20T01:00:00Z');
  const publicGets: string[] = [];
  const anon = () => t.anonymous;
  const get = async (url: string, headers: Record<string, string> = {}) => {
    publicGets.push(url);
    return anon().get(url, headers);
  };
  const figure = (
    body: { observations: { indicator: string; orgUnit: string; period: string; value: number | null; status: string; revised: boolean; previousValue: number | null }[] },
    ou: string,
    pe: string,
  ) => body.observations.find((o) => o.orgUnit === ou && o.period === pe);
  /** Moves the clock, signing in again (sessions end after hours; releases are weeks apart). */
  const moveClock = async (to: string) => {
    now = new Date(to);
    admin = await t.login('admin');
    leader = await t.login('leader');
  };
  const assertNoLeak = (res: LightMyRequestResponse, where: string) => {
    for (const marker of [SUBMITTED_ONLY, DRAFT, ...ENTERPRISES]) assert.ok(!res.body.includes(marker), `${where} holds '${marker}'`);
  };

  before(async () => {
    t = await createTestApp({ clock: () => now });
    await insertOrgUnit(t.db, 'VN', 'Việt Nam', null);
    await insertOrgUnit(t.db, 'P1', 'Tỉnh Một', 'VN');
    await insertOrgUnit(t.db, 'P2', 'Tỉnh Hai', 'VN');
    await insertOrgUnit(t.db, 'DN_MOT', 'Doanh nghiệp Một', 'P1');
    await insertOrgUnit(t.db, 'DN_HAI', 'Doanh nghiệp Hai', 'P2');
    await t.createUser('admin', [{ role: 'ADMIN', orgUnit: null }]);
    await t.createUser('leader', [{ role: 'LEADER', orgUnit: null }]);
    await t.createUser('officer', [{ role: 'REPORTING_OFFICER', orgUnit: 'P1' }]);
    admin = await t.login('admin');
    leader = await t.login('leader');
    officer = await t.login('officer');
    await insertElement(t.db, 'NUM', { aggregationType: 'SUM' });
    await insertElement(t.db, 'DEN', { aggregationType: 'SUM' });
    // Enterprises (level 3) report both elements monthly: coverage counts their reports.
    await t.db.query(`INSERT INTO report_regime (code, name_vi, period_type, cutoff_rule, deadline_days) VALUES ('BC_THANG', 'Báo cáo tháng', 'MONTHLY', 'CALENDAR', 5)`);
    await t.db.query(`INSERT INTO report_regime_assignment (regime_id, level) SELECT id, 3 FROM report_regime WHERE code = 'BC_THANG'`);
    await t.db.query(`INSERT INTO report_regime_element (regime_id, data_element_id) SELECT r.id, de.id FROM report_regime r, data_element de WHERE r.code = 'BC_THANG'`);
    for (const p of ['202301', '202302', '202303']) await ensurePeriod(t.db, p);
    const put = async (ou: string, pe: string, num: number, status: 0 | 1 | 2) => {
      await insertValue(t.db, 'NUM', pe, ou, num, undefined, status);
      await insertValue(t.db, 'DEN', pe, ou, 100, undefined, status);
    };
    await put('DN_MOT', '202301', 30, 2);
    await put('DN_HAI', '202301', 50, 2);
    await put('DN_MOT', '202302', 40, 2);
    await put('DN_HAI', '202302', Number(SUBMITTED_ONLY), 1); // submitted, not approved
    await put('DN_MOT', '202303', Number(DRAFT), 0); // a draft
    await put('DN_HAI', '202303', 60, 2);
    const ind = await admin.post('/api/indicators', { code: 'TL_SO', nameVi: 'Tỷ lệ số hoá', nameEn: 'Digitisation rate', numerator: '#{NUM}', denominator: '#{DEN}', factor: 100, unit: '%' });
    assert.equal(ind.statusCode, 201, ind.body);
    await t.db.query(`UPDATE indicator SET min_coverage = 1 WHERE code = 'TL_SO'`);
    // A strategic target on the published indicator, for the country (level 1, public), and one for an enterprise (never public).
    const target = await admin.post('/api/targets', {
      indicator: 'TL_SO',
      orgUnit: 'VN',
      targetPeriod: '2023',
      baselineValue: 30,
      baselinePeriod: '2022',
      targetValue: 60,
      sourceDocument: 'QĐ 1/QĐ-BTTTT',
    });
    assert.equal(target.statusCode, 201, target.body);
    assert.equal((await admin.post('/api/targets', { indicator: 'TL_SO', orgUnit: 'DN_MOT', targetPeriod: '2023', targetValue: 60 })).statusCode, 201);
  });
  after(() => t.close());

  const datasetBody = {
    code: 'CHUYEN_DOI_SO',
    titleVi: 'Chỉ tiêu chuyển đổi số',
    titleEn: 'Digital transformation indicators',
    descriptionVi: 'Tỷ lệ số hoá theo tỉnh, hằng tháng',
    descriptionEn: 'Digitisation rate by province, monthly',
    keywords: ['chuyển đổi số'],
    publisher: 'VN',
    periodType: 'MONTHLY',
    firstPeriod: '202301',
    levels: [1, 2],
    items: ['TL_SO'],
  };

  test('only the permission holders define datasets and the calendar; each write is audited; bad input is named', async () => {
    assert.equal((await anon().post('/api/opendata/datasets', datasetBody)).statusCode, 401);
    assert.equal((await officer.post('/api/opendata/datasets', datasetBody)).statusCode, 403);
    const unknown = await admin.post('/api/opendata/datasets?lang=en', { ...datasetBody, items: ['KHONG_CO'] });
    assert.equal(unknown.statusCode, 400);
    assert.equal(unknown.json().error.details[0].path, 'items[0]');
    const extra = await admin.post('/api/opendata/datasets', { ...datasetBody, colour: 'red' });
    assert.equal(extra.statusCode, 400, 'an unknown field is refused, not dropped');
    const created = await admin.post('/api/opendata/datasets', datasetBody);
    assert.equal(created.statusCode, 201, created.body);
    assert.equal(created.json().dataStatus, 'APPROVED', 'approved data only unless the publication says otherwise');
    const again = await admin.post('/api/opendata/datasets', datasetBody);
    assert.equal(again.statusCode, 409);
    assert.deepEqual([again.json().error.code, again.json().error.details[0].path], ['DATASET_EXISTS', 'code'], 'a taken code is refused at the code field');
    const past = await admin.post('/api/opendata/datasets/CHUYEN_DOI_SO/releases', { releaseAt: '2023-04-01T00:00:00Z', lastPeriod: '202303' });
    assert.equal(past.statusCode, 400);
    assert.equal(past.json().error.code, 'RELEASE_IN_PAST');
    assert.equal(past.json().error.details[0].path, 'releaseAt', 'a past release time is refused at its field');
    assert.equal(
      (await leader.post('/api/opendata/datasets/CHUYEN_DOI_SO/releases', { releaseAt: '2023-04-25T02:00:00Z', lastPeriod: '202303' })).statusCode,
      403,
      'leadership approves, it does not schedule',
    );
    const { rows } = await t.db.query<{ action: string }>(`SELECT action FROM audit_log WHERE object_type = 'open_dataset'`);
    assert.deepEqual(
      rows.map((r) => r.action),
      ['opendata.dataset.create'],
    );
  });

  let release1 = 0;
  test('an announced release is embargoed until its time: nothing of it is public, and it cannot be published early', async () => {
    const res = await admin.post('/api/opendata/datasets/CHUYEN_DOI_SO/releases', { releaseAt: '2023-04-25T02:00:00Z', lastPeriod: '202303', noteVi: 'Số liệu quý I/2023', noteEn: 'Q1 2023 figures' });
    assert.equal(res.statusCode, 201, res.body);
    release1 = res.json().id;
    assert.equal((await admin.post(`/api/opendata/releases/${release1}/publish`)).json().error.code, 'RELEASE_NOT_FROZEN');
    const frozen = await leader.post(`/api/opendata/releases/${release1}/freeze`);
    assert.equal(frozen.statusCode, 200, frozen.body);
    assert.equal(frozen.json().status, 'FROZEN');
    const early = await admin.post(`/api/opendata/releases/${release1}/publish?lang=en`);
    assert.equal(early.statusCode, 409);
    assert.equal(early.json().error.code, 'RELEASE_EMBARGOED');
    assert.match(early.json().error.message, /until 25\/04\/2023 09:00 \(Hanoi time\)/, 'the embargo is said in Hanoi time, as announced');
    assert.deepEqual(await publishDueReleases(t.db, now), [], 'the job publishes nothing before the time');
    const list = await get('/api/public/opendata/datasets');
    assert.equal(list.statusCode, 200);
    assert.deepEqual(list.json().datasets, []);
    for (const url of [
      '/api/public/opendata/datasets/CHUYEN_DOI_SO',
      '/api/public/opendata/datasets/CHUYEN_DOI_SO/data?format=csv',
      '/api/public/opendata/datasets/CHUYEN_DOI_SO/data?format=sdmx-json&version=1',
      '/api/public/opendata/datasets/CHUYEN_DOI_SO/structure',
      '/api/public/opendata/datasets/CHUYEN_DOI_SO/structure?version=1',
    ]) {
      const r = await get(url);
      assert.equal(r.statusCode, 404, url);
      assert.equal(r.json().error.code, 'DATASET_NOT_FOUND');
      assertNoLeak(r, url);
    }
    const catalog = await get('/api/public/opendata/catalog');
    assert.deepEqual(catalog.json()['dcat:dataset'], []);
    assert.deepEqual((await get('/api/public/opendata/targets')).json().targets, [], 'a frozen target is embargoed with its release');
    // Even a release marked published by mistake stays hidden until its time.
    await t.db.query(`UPDATE open_release SET status = 'PUBLISHED', version = 99, published_at = $2 WHERE id = $1`, [release1, now]);
    assert.equal((await get('/api/public/opendata/datasets/CHUYEN_DOI_SO')).statusCode, 404);
    await t.db.query(`UPDATE open_release SET status = 'FROZEN', version = NULL, published_at = NULL WHERE id = $1`, [release1]);
  });

  test('at its time the job publishes version 1: approved figures only, below-threshold periods withheld, public levels only', async () => {
    await moveClock('2023-04-25T02:00:30Z');
    const published = await publishDueReleases(t.db, now);
    assert.deepEqual(
      published.map((p) => [p.id, p.version]),
      [[release1, 1]],
    );
    const res = await get('/api/public/opendata/datasets/CHUYEN_DOI_SO');
    assert.equal(res.statusCode, 200, res.body);
    assertNoLeak(res, 'dataset page');
    const body = res.json();
    assert.equal(body.version, 1);
    assert.equal(body.revisionNote, 'Số liệu quý I/2023');
    assert.deepEqual([figure(body, 'VN', '202301')?.value, figure(body, 'VN', '202301')?.status], [40, 'A']);
    assert.deepEqual([figure(body, 'P1', '202302')?.value, figure(body, 'P1', '202302')?.status], [40, 'A']);
    // One enterprise of two approved February: the country is below its threshold and withheld.
    assert.deepEqual([figure(body, 'VN', '202302')?.value, figure(body, 'VN', '202302')?.status], [null, 'M']);
    assert.deepEqual([figure(body, 'P2', '202302')?.value, figure(body, 'P2', '202302')?.status], [null, 'M']);
    assert.deepEqual([figure(body, 'P1', '202303')?.value, figure(body, 'P1', '202303')?.status], [null, 'M']);
    assert.deepEqual([figure(body, 'P2', '202303')?.value, figure(body, 'P2', '202303')?.status], [60, 'A']);
    assert.ok(body.observations.every((o: { orgUnit: string }) => ['VN', 'P1', 'P2'].includes(o.orgUnit)));
    const list = await get('/api/public/opendata/datasets?q=chuyen%20doi%20SO');
    assert.deepEqual(
      list.json().datasets.map((d: { code: string }) => d.code),
      ['CHUYEN_DOI_SO'],
      'search ignores diacritics and case',
    );
    assert.deepEqual((await get('/api/public/opendata/datasets?q=khong%20co')).json().datasets, []);
  });

  test('the strategic targets are public as the release froze them: approved figures of its periods only', async () => {
    const res = await get('/api/public/opendata/targets');
    assert.equal(res.statusCode, 200, res.body);
    assertNoLeak(res, 'targets');
    const targets = res.json().targets;
    assert.deepEqual(
      targets.map((x: { orgUnit: { code: string } }) => x.orgUnit.code),
      ['VN'],
      "the enterprise's target is below the public levels",
    );
    const [vn] = targets;
    // February counts only once approved (with the submitted report it would be (40 + 91.3) / 2 = 65.65), March is
    // incomplete without the draft: the latest judgeable figure is January's.
    assert.deepEqual([vn.latest.period, vn.latest.value, vn.latest.periodLabel], ['202301', 40, 'Tháng 1/2023']);
    assert.ok(!res.body.includes('65.65'));
    assert.equal(vn.dataStatus, 'APPROVED');
    assert.equal(vn.isEnded, false);
    assert.ok(Math.abs(vn.progress - (40 - 30) / (60 - 30)) < 1e-9);
    assert.ok(['ON_TRACK', 'AT_RISK', 'OFF_TRACK'].includes(vn.status), vn.status);
    assert.deepEqual([vn.source.dataset, vn.source.version, vn.source.lastPeriod], ['CHUYEN_DOI_SO', 1, '202303']);
    assert.deepEqual([vn.indicator.name, vn.targetPeriodLabel, vn.targetValue, vn.sourceDocument], ['Tỷ lệ số hoá', 'Năm 2023', 60, 'QĐ 1/QĐ-BTTTT']);
    assert.equal((await get('/api/public/opendata/targets?lang=en')).json().targets[0].indicator.name, 'Digitisation rate');
    // Approving February's report later moves nothing public until the next release.
    await insertValue(t.db, 'NUM', '202302', 'DN_HAI', 80, undefined, 2);
    assert.equal((await anon().get('/api/public/opendata/targets')).json().targets[0].latest.period, '202301');
    await insertValue(t.db, 'NUM', '202302', 'DN_HAI', Number(SUBMITTED_ONLY), undefined, 1);
  });

  test('a later release that changes a figure keeps the earlier version readable, with its revision note', async () => {
    await moveClock('2023-05-20T01:00:00Z');
    // February's submitted report is corrected and approved, January's figure corrected.
    await insertValue(t.db, 'NUM', '202302', 'DN_HAI', 70, undefined, 2);
    await insertValue(t.db, 'DEN', '202302', 'DN_HAI', 100, undefined, 2);
    await insertValue(t.db, 'NUM', '202301', 'DN_MOT', 35, undefined, 2);
    const res = await admin.post('/api/opendata/datasets/CHUYEN_DOI_SO/releases', {
      releaseAt: '2023-05-25T02:00:00Z',
      lastPeriod: '202303',
      noteVi: 'Điều chỉnh số liệu tháng 1/2023 theo báo cáo sửa đổi',
      noteEn: 'January 2023 revised after a corrected report',
    });
    const release2 = res.json().id;
    assert.equal((await leader.post(`/api/opendata/releases/${release2}/freeze`)).statusCode, 200);
    await moveClock('2023-05-25T02:01:00Z');
    const published = await publishDueReleases(t.db, now);
    assert.deepEqual(
      published.map((p) => p.version),
      [2],
    );
    assert.ok(published[0].revised >= 2, 'January for the country and P1');
    const latest = (await get('/api/public/opendata/datasets/CHUYEN_DOI_SO')).json();
    assert.equal(latest.version, 2);
    assert.equal(latest.revisionNote, 'Điều chỉnh số liệu tháng 1/2023 theo báo cáo sửa đổi');
    const jan = figure(latest, 'VN', '202301');
    assert.deepEqual([jan?.value, jan?.revised, jan?.previousValue], [42.5, true, 40]);
    assert.deepEqual([figure(latest, 'VN', '202302')?.value, figure(latest, 'VN', '202302')?.status], [55, 'A'], 'February is complete once approved');
    const v1 = (await get('/api/public/opendata/datasets/CHUYEN_DOI_SO?version=1')).json();
    assert.equal(figure(v1, 'VN', '202301')?.value, 40);
    assert.equal(v1.latestVersion, 2);
    const missing = await get('/api/public/opendata/datasets/CHUYEN_DOI_SO?version=7&lang=en');
    assert.equal(missing.statusCode, 404);
    assert.equal(missing.json().error.code, 'VERSION_NOT_FOUND');
    assert.match(missing.json().error.message, /no version 7/);
    const calendar = latest.calendar.map((c: { state: string; version: number | null }) => [c.state, c.version]);
    assert.deepEqual(calendar, [
      ['PUBLISHED', 1],
      ['PUBLISHED', 2],
    ]);
    const target = (await get('/api/public/opendata/targets')).json().targets[0];
    assert.deepEqual([target.latest.period, target.latest.value, target.source.version], ['202302', 55, 2], 'the target moves with the release that approved February');
  });

  test('a publication that says so publishes below-threshold figures marked provisional', async () => {
    await moveClock('2023-06-20T01:00:00Z');
    const patched = await admin.patch('/api/opendata/datasets/CHUYEN_DOI_SO', { belowCoverage: 'PROVISIONAL' });
    assert.equal(patched.statusCode, 200, patched.body);
    const res = await admin.post('/api/opendata/datasets/CHUYEN_DOI_SO/releases', { releaseAt: '2023-06-25T02:00:00Z', lastPeriod: '202303' });
    const id = res.json().id;
    await leader.post(`/api/opendata/releases/${id}/freeze`);
    // Announced, not yet due: the calendar shows its date and nothing else.
    const announced = (await get('/api/public/opendata/datasets/CHUYEN_DOI_SO')).json().calendar.at(-1);
    assert.deepEqual([announced.state, announced.version, announced.note], ['ANNOUNCED', null, null]);
    await moveClock('2023-06-25T02:00:00Z');
    const published = await admin.post(`/api/opendata/releases/${id}/publish`);
    assert.equal(published.statusCode, 200, published.body);
    const body = (await get('/api/public/opendata/datasets/CHUYEN_DOI_SO')).json();
    // March: the draft does not count, so the country is the approved enterprise alone, marked provisional.
    assert.deepEqual([figure(body, 'VN', '202303')?.value, figure(body, 'VN', '202303')?.status], [60, 'P']);
    assert.deepEqual([figure(body, 'P1', '202303')?.value, figure(body, 'P1', '202303')?.status], [null, 'M']);
  });

  test("a release's audit trail: who announced, froze, published or cancelled it and when, for its managers only", async () => {
    const releases: { id: number; version: number | null; status: string }[] = (await admin.get('/api/opendata/datasets/CHUYEN_DOI_SO')).json().releases;
    const byVersion = (v: number) => releases.find((r) => r.version === v)!.id;
    type Step = { step: string; at: string; by: string | null; byName: string | null; bySystem: boolean };
    const history = async (client: TestClient, id: number) => {
      const res = await client.get(`/api/opendata/releases/${id}/history`);
      assert.equal(res.statusCode, 200, res.body);
      return res.json() as { releaseId: number; dataset: string; steps: Step[] };
    };
    // Version 1: announced by the administrator, frozen by the leader, published by the scheduled job.
    const first = await history(admin, byVersion(1));
    assert.equal(first.dataset, 'CHUYEN_DOI_SO');
    assert.deepEqual(
      first.steps.map((s) => [s.step, s.by, s.bySystem]),
      [
        ['SCHEDULE', 'admin', false],
        ['FREEZE', 'leader', false],
        ['PUBLISH', null, true],
      ],
    );
    assert.equal(first.steps[0].byName, 'admin', 'the account is named by its display name');
    for (let i = 1; i < first.steps.length; i++) assert.ok(first.steps[i].at >= first.steps[i - 1].at, 'oldest first');
    assert.ok(first.steps.every((s) => !Number.isNaN(Date.parse(s.at))));
    // Published by hand: the administrator.
    assert.deepEqual(
      (await history(leader, byVersion(3))).steps.map((s) => [s.step, s.by]),
      [
        ['SCHEDULE', 'admin'],
        ['FREEZE', 'leader'],
        ['PUBLISH', 'admin'],
      ],
    );
    // Cancelled: announced, then cancelled; the dataset's own writes (an update) are not a release's steps.
    const announced = await admin.post('/api/opendata/datasets/CHUYEN_DOI_SO/releases', { releaseAt: new Date(now.getTime() + 86_400_000).toISOString(), lastPeriod: '202303' });
    assert.equal((await admin.post(`/api/opendata/releases/${announced.json().id}/cancel`)).statusCode, 200);
    assert.deepEqual(
      (await history(admin, announced.json().id)).steps.map((s) => s.step),
      ['SCHEDULE', 'CANCEL'],
    );
    // Only those who manage the dataset: a reporting officer is refused; an unknown release is 404.
    officer = await t.login('officer');
    assert.equal((await officer.get(`/api/opendata/releases/${byVersion(1)}/history`)).statusCode, 403);
    assert.equal((await t.anonymous.get(`/api/opendata/releases/${byVersion(1)}/history`)).statusCode, 401);
    const unknown = await admin.get('/api/opendata/releases/999999/history');
    assert.equal(unknown.statusCode, 404);
    assert.equal(unknown.json().error.code, 'RELEASE_NOT_FOUND');
  });

  test('the files validate against their standards: CSV + CSVW, SDMX-JSON, the DCAT-AP catalogue', async () => {
    const csv = await get('/api/public/opendata/datasets/CHUYEN_DOI_SO/data?format=csv');
    assert.equal(csv.statusCode, 200);
    assert.match(csv.headers['content-type'] as string, /^text\/csv/);
    const lines = csv.body
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    const json = (await get('/api/public/opendata/datasets/CHUYEN_DOI_SO/data?format=json')).json();
    assert.equal(lines.length - 1, json.observations.length);
    const csvw = csvwMetadata.parse((await get('/api/public/opendata/datasets/CHUYEN_DOI_SO/data?format=csvw')).json());
    assert.deepEqual(
      lines[0].split(','),
      csvw.tableSchema.columns.map((c) => c.name),
      'the CSVW columns describe the CSV header',
    );
    assert.equal(lines[0].split(',').length, CSV_COLUMNS.length);
    for (const line of lines.slice(1)) assert.equal(line.split(',').length, CSV_COLUMNS.length, line);

    const xlsx = await get('/api/public/opendata/datasets/CHUYEN_DOI_SO/data?format=xlsx');
    assert.equal(xlsx.statusCode, 200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0];
    assert.equal(sheet.getRow(1).getCell(1).value, 'Mã chỉ tiêu');
    assert.equal(sheet.actualRowCount - 1, json.observations.length);

    const sdmxRes = await get('/api/public/opendata/datasets/CHUYEN_DOI_SO/data?format=sdmx-json&version=2');
    assert.match(sdmxRes.headers['content-type'] as string, /application\/vnd\.sdmx\.data\+json/);
    // Against the SDMX-JSON 2.1.0 data message schema itself (standards/), then the keys against the dimensions.
    assert.equal(sdmxDataViolations(sdmxRes.json()).length, 0, describeViolations(sdmxDataViolations(sdmxRes.json())));
    const sdmx = sdmxRes.json() as { data: { structures: { dimensions: { observation: { id: string; values: { id: string }[] }[] } }[]; dataSets: { observations: Record<string, unknown[]> }[] } };
    const dims = sdmx.data.structures[0].dimensions.observation!;
    const obs = Object.entries(sdmx.data.dataSets[0].observations!);
    assert.equal(obs.length, json.observations.length);
    for (const [key] of obs) {
      const positions = key.split(':').map(Number);
      assert.equal(positions.length, dims.length);
      positions.forEach((p, i) => assert.ok(p < dims[i].values.length, `${key}: position ${p} of ${dims[i].id}`));
    }
    const ref = dims.find((d) => d.id === 'REF_AREA')!.values.map((v) => v.id);
    assert.deepEqual([...ref].sort(), ['P1', 'P2', 'VN']);

    // The structure message the data message links to: public like it, validated against the SDMX-JSON structure schema.
    const structureUrl = new URL((sdmxRes.json() as { data: { structures: { links: { href: string }[] }[] } }).data.structures[0].links[0].href);
    assert.equal(structureUrl.pathname + structureUrl.search, '/api/public/opendata/datasets/CHUYEN_DOI_SO/structure?version=2');
    const structureRes = await get(structureUrl.pathname + structureUrl.search);
    assert.equal(structureRes.statusCode, 200, structureRes.body);
    assert.match(structureRes.headers['content-type'] as string, /application\/vnd\.sdmx\.structure\+json/);
    assert.equal(sdmxStructureViolations(structureRes.json()).length, 0, describeViolations(sdmxStructureViolations(structureRes.json())));
    const structure = structureRes.json() as { data: { dataStructures: { id: string; version: string }[]; codelists: { id: string; codes: { id: string }[] }[] } };
    assert.deepEqual([structure.data.dataStructures[0].id, structure.data.dataStructures[0].version], ['DSD_CHUYEN_DOI_SO', '1.2']);
    assert.deepEqual(
      structure.data.codelists
        .find((c) => c.id === 'CL_REF_AREA_CHUYEN_DOI_SO')!
        .codes.map((c) => c.id)
        .sort(),
      ['P1', 'P2', 'VN'],
      'public levels only: no enterprise',
    );
    const structureAgain = await get(structureUrl.pathname + structureUrl.search, { 'if-none-match': structureRes.headers.etag as string });
    assert.equal(structureAgain.statusCode, 304);
    assert.equal((await get('/api/public/opendata/datasets/CHUYEN_DOI_SO/structure?version=9')).json().error.code, 'VERSION_NOT_FOUND');

    // Against the DCAT-AP 3.0.0 SHACL shapes themselves (standards/).
    const catalog = (await get('/api/public/opendata/catalog')).json() as {
      'dcat:dataset': { 'dcat:distribution': Record<string, unknown>[]; 'dct:temporal': { 'dcat:startDate': { '@value': string } } }[];
    };
    const violations = await dcatApViolations(catalog);
    assert.equal(violations.length, 0, describeViolations(violations));
    assert.equal(catalog['dcat:dataset'].length, 1);
    const ds = catalog['dcat:dataset'][0];
    assert.ok(ds['dcat:distribution'].every((d) => d['dcat:downloadURL'] && d['dct:license']));
    assert.equal(ds['dct:temporal']['dcat:startDate']['@value'], '2023-01-01');
    const sdmxDistribution = ds['dcat:distribution'].find((d) => String(d['@id'] as string).endsWith('format=sdmx-json'))!;
    const latest = (ds as unknown as { 'dcat:version': string })['dcat:version'];
    assert.ok(
      (sdmxDistribution['dct:conformsTo'] as { '@id': string })['@id'].endsWith(`/api/public/opendata/datasets/CHUYEN_DOI_SO/structure?version=${latest}`),
      'the SDMX distribution names the structure message of the latest version',
    );
  });

  test('unknown datasets, versions and formats are 404 in both languages; answers carry ETag and Last-Modified', async () => {
    const format = await get('/api/public/opendata/datasets/CHUYEN_DOI_SO/data?format=xml');
    assert.equal(format.statusCode, 404);
    assert.equal(format.json().error.code, 'FORMAT_NOT_FOUND');
    assert.match(format.json().error.message, /Không có định dạng 'xml'/);
    assert.equal((await get('/api/public/opendata/datasets/KHONG_CO/data?format=csv')).json().error.code, 'DATASET_NOT_FOUND');
    const first = await get('/api/public/opendata/datasets/CHUYEN_DOI_SO/data?format=csv&version=1');
    assert.ok(first.headers.etag && first.headers['last-modified']);
    const again = await get('/api/public/opendata/datasets/CHUYEN_DOI_SO/data?format=csv&version=1', { 'if-none-match': first.headers.etag as string });
    assert.equal(again.statusCode, 304);
    const page = await get('/api/public/opendata/datasets/CHUYEN_DOI_SO');
    const pageAgain = await get('/api/public/opendata/datasets/CHUYEN_DOI_SO', { 'if-none-match': page.headers.etag as string });
    assert.equal(pageAgain.statusCode, 304);
    // Compressed once for clients that accept it: the same bytes once inflated.
    const plain = await get('/api/public/opendata/datasets/CHUYEN_DOI_SO/data?format=sdmx-json');
    assert.equal(plain.headers['content-encoding'], undefined);
    assert.ok(plain.body.length >= 1024, 'large enough to be compressed');
    const zipped = await get('/api/public/opendata/datasets/CHUYEN_DOI_SO/data?format=sdmx-json', { 'accept-encoding': 'gzip, br' });
    assert.equal(zipped.headers['content-encoding'], 'gzip');
    assert.equal(gunzipSync(zipped.rawPayload).toString('utf8'), plain.body);
  });

  test('only a dataset that never published a release can be deleted, by its manager, audited; a published one is refused with the reason', async () => {
    officer = await t.login('officer');
    const draft = await admin.post('/api/opendata/datasets', { ...datasetBody, code: 'CHUA_CONG_BO', titleVi: 'Chưa công bố', titleEn: 'Never published' });
    assert.equal(draft.statusCode, 201, draft.body);
    const release = await admin.post('/api/opendata/datasets/CHUA_CONG_BO/releases', { releaseAt: new Date(now.getTime() + 86_400_000).toISOString(), lastPeriod: '202303' });
    assert.equal(release.statusCode, 201, release.body);
    assert.equal((await leader.post(`/api/opendata/releases/${release.json().id}/freeze`)).statusCode, 200, 'a frozen release does not prevent deletion');
    assert.equal((await anon().delete('/api/opendata/datasets/CHUA_CONG_BO')).statusCode, 401);
    assert.equal((await officer.delete('/api/opendata/datasets/CHUA_CONG_BO')).statusCode, 403);
    assert.equal((await leader.delete('/api/opendata/datasets/CHUA_CONG_BO')).statusCode, 403, 'approving is not managing');
    const deleted = await admin.delete('/api/opendata/datasets/CHUA_CONG_BO');
    assert.equal(deleted.statusCode, 204, deleted.body);
    assert.equal((await admin.get('/api/opendata/datasets/CHUA_CONG_BO')).statusCode, 404);
    const { rows: left } = await t.db.query(`SELECT 1 FROM open_release WHERE id = $1`, [release.json().id]);
    assert.equal(left.length, 0, 'its calendar goes with it');
    const { rows: audit } = await t.db.query<{ before: { items: string[]; releases: { status: string }[] } }>(
      `SELECT before FROM audit_log WHERE action = 'opendata.dataset.delete' AND object_id = 'CHUA_CONG_BO'`,
    );
    assert.equal(audit.length, 1);
    assert.deepEqual(audit[0].before.items, ['TL_SO']);
    assert.deepEqual(
      audit[0].before.releases.map((r) => r.status),
      ['FROZEN'],
      'the audit keeps what was deleted',
    );

    const refused = await admin.delete('/api/opendata/datasets/CHUYEN_DOI_SO');
    assert.equal(refused.statusCode, 409);
    assert.equal(refused.json().error.code, 'DATASET_PUBLISHED');
    assert.match(refused.json().error.message, /đã công bố \(phiên bản 1, 2(, \d+)*\) nên không xoá được: số liệu đã công bố phải luôn đọc lại được/);
    const refusedEn = await admin.delete('/api/opendata/datasets/CHUYEN_DOI_SO?lang=en');
    assert.match(refusedEn.json().error.message, /cannot be deleted: published figures must stay readable by their version/);
    assert.equal((await get('/api/public/opendata/datasets/CHUYEN_DOI_SO')).statusCode, 200, 'the published dataset is untouched');
  });

  test('no public answer of this whole file held a submitted-only or draft figure or an enterprise', async () => {
    // Replays every public URL asked above, now that three versions are public.
    for (const url of new Set(publicGets)) assertNoLeak(await anon().get(url), url);
    const { rows } = await t.db.query<{ action: string }>(`SELECT action FROM audit_log WHERE object_type = 'open_release' ORDER BY id`);
    assert.ok(rows.filter((r) => r.action === 'opendata.release.publish').length === 3);
    assert.ok(rows.some((r) => r.action === 'opendata.release.freeze') && rows.some((r) => r.action === 'opendata.release.schedule'));
  });
});

describe('open data: the public routes are rate-limited per address', () => {
  test('beyond OPEN_DATA_RATE_LIMIT requests a minute an address gets 429', async () => {
    const t = await createTestApp({ env: { OPEN_DATA_RATE_LIMIT: '3' } });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 4; i++) statuses.push((await t.anonymous.get('/api/public/opendata/datasets')).statusCode);
      assert.deepEqual(statuses, [200, 200, 200, 429]);
      assert.equal((await t.anonymous.get('/api/health')).statusCode, 200, 'other routes are not limited by it');
    } finally {
      await t.close();
    }
  });
});
