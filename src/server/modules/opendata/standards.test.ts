import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';
import { seedDemoOrgUnits } from '../../demo/org-units.ts';
import { seedDemoReporting } from '../../demo/reporting.ts';
import { seedDemoIndicatorsAndTargets } from '../../demo/targets.ts';
import { seedDemoTakedown } from '../../demo/takedown.ts';
import { DEMO_DATASETS, seedDemoOpenData } from '../../demo/opendata.ts';
import { dcatApViolations, describeViolations, sdmxDataViolations, sdmxStructureViolations } from './standards/validate.ts';

/**
 * The demo's real outputs through the standards' own validators: every SDMX-JSON data message against the SDMX-JSON
 * 2.1.0 JSON schema (Ajv), the DCAT-AP catalogue against the DCAT-AP 3.0.0 SHACL shapes (rdf-validate-shacl). Any
 * violation fails. The validators are first shown to fail on broken documents, so a pass means something.
 */
describe('open formats against the SDMX-JSON schemas and the DCAT-AP 3 SHACL shapes (the demo datasets)', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp({ clock: () => new Date('2026-01-10T00:00:00Z') });
    await seedDemoOrgUnits(t.db);
    await seedDemoReporting(t.db, { today: '2025-09-10' });
    await seedDemoTakedown(t.db);
    await seedDemoIndicatorsAndTargets(t.db);
    await seedDemoOpenData(t.db);
  });
  after(() => t.close());

  const json = async (url: string) => {
    const res = await t.anonymous.get(url);
    assert.equal(res.statusCode, 200, `${url}: ${res.body.slice(0, 300)}`);
    return res.json() as Record<string, unknown>;
  };

  test('the validators reject broken documents (they can fail)', async () => {
    const message = await json('/api/public/opendata/datasets/HA_TANG_VIEN_THONG/data?format=sdmx-json');
    assert.equal(sdmxDataViolations(message).length, 0, describeViolations(sdmxDataViolations(message)));
    const broken = structuredClone(message) as { meta: Record<string, unknown>; data: { dataSets: Record<string, unknown>[] } };
    delete broken.meta.prepared;
    broken.data.dataSets[0].action = 'Overwrite';
    broken.meta.colour = 'red';
    const found = sdmxDataViolations(broken)
      .map((v) => `${v.where} ${v.message}`)
      .join('\n');
    assert.match(found, /prepared/, 'a missing meta.prepared is a violation');
    assert.match(found, /\/data\/dataSets\/0\/action/, 'an unknown action is a violation');
    assert.match(found, /unevaluated|additional/i, 'an unknown property is a violation');

    const catalog = await json('/api/public/opendata/catalog');
    assert.equal((await dcatApViolations(catalog)).length, 0);
    const badCatalog = structuredClone(catalog) as { 'dcat:dataset': Record<string, unknown>[] };
    delete badCatalog['dcat:dataset'][0]['dct:description'];
    (badCatalog['dcat:dataset'][0]['dcat:distribution'] as Record<string, unknown>[])[0]['dcat:accessURL'] = undefined;
    const shacl = describeViolations(await dcatApViolations(badCatalog));
    assert.match(shacl, /description/, 'a dataset without a description violates the DCAT-AP shapes');
    assert.match(shacl, /accessURL/, 'a distribution without an access URL violates the DCAT-AP shapes');
  });

  test('every SDMX-JSON data message of the demo validates against the SDMX-JSON 2.1.0 data message schema', async () => {
    let checked = 0;
    for (const d of DEMO_DATASETS) {
      // The latest version and the first, in both languages (version 4 of the takedown dataset holds the figure revised later).
      for (const version of ['', '&version=1', '&version=4']) {
        for (const lang of ['vi', 'en']) {
          const url = `/api/public/opendata/datasets/${d.code}/data?format=sdmx-json${version}&lang=${lang}`;
          const violations = sdmxDataViolations(await json(url));
          assert.equal(violations.length, 0, `${url}\n${describeViolations(violations)}`);
          checked++;
        }
      }
    }
    assert.equal(checked, DEMO_DATASETS.length * 6);
  });

  test('every SDMX-JSON structure message of the demo validates against the SDMX-JSON 2.1.0 structure message schema', async () => {
    for (const d of DEMO_DATASETS) {
      for (const url of [`/api/public/opendata/datasets/${d.code}/structure`, `/api/public/opendata/datasets/${d.code}/structure?version=4&lang=en`]) {
        const message = await json(url);
        const violations = sdmxStructureViolations(message);
        assert.equal(violations.length, 0, `${url}\n${describeViolations(violations)}`);
        // The 2023 demo lies before 1/7/2025: one list of units, the 63 provinces among them.
        const areas = (message.data as { codelists: { id: string; codes: { id: string }[] }[] }).codelists.filter((c) => c.id.startsWith('CL_REF_AREA_'));
        assert.equal(areas.length, 1, url);
      }
    }
  });

  test('the DCAT-AP catalogue of the demo conforms to the DCAT-AP 3.0.0 SHACL shapes', async () => {
    const catalog = await json('/api/public/opendata/catalog');
    assert.equal((catalog['dcat:dataset'] as unknown[]).length, DEMO_DATASETS.length);
    const violations = await dcatApViolations(catalog);
    assert.equal(violations.length, 0, describeViolations(violations));
  });
});
