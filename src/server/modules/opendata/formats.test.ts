import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { toSdmxJson, toSdmxStructure, unitEpochs, unitMeasureCode, type ReleaseView } from './formats.ts';
import type { DatasetRow, PublicObservationRow } from './repo.ts';
import { describeViolations, sdmxDataViolations, sdmxStructureViolations } from './standards/validate.ts';

/**
 * A release spanning the 1/7/2025 reorganisation: two old provinces (to 30/06/2025) merged into a new one (from
 * 01/07/2025), and the country. Its SDMX-JSON data and structure messages must validate against the SDMX-JSON 2.1.0
 * schemas and carry both administrative versions of the units.
 */
const dataset: DatasetRow = {
  id: 1,
  code: 'HOP_NHAT',
  titleVi: 'Chỉ tiêu qua hợp nhất tỉnh',
  titleEn: 'Indicators across the province merger',
  descriptionVi: 'Mô tả',
  descriptionEn: 'Description',
  keywords: [],
  sectorId: null,
  sectorCode: null,
  sectorNameVi: null,
  sectorNameEn: null,
  publisherOrgUnitId: 1,
  publisherCode: 'VN',
  publisherNameVi: 'Việt Nam',
  publisherNameEn: 'Viet Nam',
  publisherPath: '/1/',
  licence: 'CC-BY-4.0',
  periodType: 'MONTHLY',
  firstPeriod: '202505',
  levels: [1, 2],
  dataStatus: 'APPROVED',
  belowCoverage: 'WITHHOLD',
  createdAt: new Date(0),
  updatedAt: new Date(0),
};
const unit = (code: string, nameVi: string, level: number, openingDate: string | null, closingDate: string | null) => ({ code, nameVi, level, openingDate, closingDate });
const UNITS = [
  unit('VN', 'Việt Nam', 1, null, null),
  unit('T63-02', 'Hà Giang', 2, null, '2025-06-30'),
  unit('T63-08', 'Tuyên Quang', 2, null, '2025-06-30'),
  unit('08', 'Tuyên Quang', 2, '2025-07-01', null),
];
const observations: PublicObservationRow[] = [];
for (const [dx, unitName] of [
  ['TL_SO', '%'],
  ['TB_100', 'thuê bao/100 dân'],
] as const) {
  void unitName;
  for (const period of ['202505', '202506', '202507', '202508']) {
    for (const u of UNITS) {
      if ((u.closingDate && period >= '202507') || (u.openingDate && period < '202507')) continue;
      observations.push({
        dx,
        orgUnitId: UNITS.indexOf(u) + 1,
        orgUnitCode: u.code,
        orgUnitNameVi: u.nameVi,
        orgUnitNameEn: null,
        orgUnitLevel: u.level,
        openingDate: u.openingDate,
        closingDate: u.closingDate,
        period,
        value: 42.5,
        obsStatus: 'A',
        coverageReported: 1,
        coverageExpected: 1,
        isRevised: period === '202506',
        previousValue: period === '202506' ? 40 : null,
      });
    }
  }
}
const view: ReleaseView = {
  dataset,
  items: [
    { code: 'TL_SO', kind: 'INDICATOR', nameVi: 'Tỷ lệ số hoá', nameEn: 'Digitisation rate', unit: '%', decimals: 1, minCoverage: 1 },
    { code: 'TB_100', kind: 'INDICATOR', nameVi: 'Thuê bao trên 100 dân', nameEn: 'Subscriptions per 100 inhabitants', unit: 'thuê bao/100 dân', decimals: 1, minCoverage: 1 },
  ] as ReleaseView['items'],
  release: {
    id: 9,
    datasetId: 1,
    releaseAt: new Date('2025-09-25T02:00:00Z'),
    lastPeriod: '202508',
    status: 'PUBLISHED',
    noteVi: 'Điều chỉnh tháng 6',
    noteEn: 'June revised',
    version: 3,
    frozenAt: null,
    frozenBy: null,
    publishedAt: new Date('2025-09-25T02:00:00Z'),
    revisedCount: 4,
    createdBy: null,
  },
  observations,
  lineage: [
    { predecessorCode: 'T63-02', successorCode: '08', kind: 'MERGE', effectiveDate: '2025-07-01' },
    { predecessorCode: 'T63-08', successorCode: '08', kind: 'MERGE', effectiveDate: '2025-07-01' },
  ],
  baseUrl: 'https://du-lieu.example.vn',
};

describe('SDMX-JSON messages of a release spanning 1/7/2025, against the SDMX-JSON 2.1.0 schemas', () => {
  test('unit of measure codes are SDMX ids', () => {
    assert.equal(unitMeasureCode('%'), 'PC');
    assert.equal(unitMeasureCode('thuê bao/100 dân'), 'THUE_BAO_100_DAN');
    assert.equal(unitMeasureCode(null), '_Z');
  });

  test('the data message validates and links its structure message', () => {
    const message = toSdmxJson(view, 'vi', 'msg-1', new Date('2025-09-25T02:00:00Z'));
    const violations = sdmxDataViolations(message);
    assert.equal(violations.length, 0, describeViolations(violations));
    const link = message.data.structures[0].links[0];
    assert.equal(link.href, 'https://du-lieu.example.vn/api/public/opendata/datasets/HOP_NHAT/structure?version=3');
    assert.equal(link.urn, 'urn:sdmx:org.sdmx.infomodel.datastructure.DataStructure=TIENDO:DSD_HOP_NHAT(1.3)');
  });

  test('the structure message validates: DSD, codelists with both administrative versions and the lineage, concept scheme', () => {
    for (const lang of ['vi', 'en'] as const) {
      const message = toSdmxStructure(view, lang, 'msg-2', new Date('2025-09-25T02:00:00Z'));
      const violations = sdmxStructureViolations(message);
      assert.equal(violations.length, 0, `${lang}\n${describeViolations(violations)}`);
    }
    const message = toSdmxStructure(view, 'vi', 'msg-2', new Date('2025-09-25T02:00:00Z'));
    const dsd = message.data.dataStructures[0];
    assert.equal(dsd.id, 'DSD_HOP_NHAT');
    assert.equal(dsd.version, '1.3');
    assert.deepEqual(
      dsd.dataStructureComponents.dimensionList.dimensions.map((d) => d.id),
      ['INDICATOR', 'REF_AREA'],
    );
    assert.equal(dsd.dataStructureComponents.dimensionList.timeDimension.id, 'TIME_PERIOD');
    const lists = new Map(message.data.codelists.map((c) => [c.id, c]));
    const codes = (id: string) => (lists.get(id)?.codes as { id: string }[] | undefined)?.map((c) => c.id);
    assert.deepEqual(codes('CL_REF_AREA_HOP_NHAT')?.sort(), ['08', 'T63-02', 'T63-08', 'VN']);
    assert.deepEqual(codes('CL_REF_AREA_HOP_NHAT_TO_20250630')?.sort(), ['T63-02', 'T63-08', 'VN'], 'the units valid to 30/06/2025');
    assert.deepEqual(codes('CL_REF_AREA_HOP_NHAT_FROM_20250701')?.sort(), ['08', 'VN'], 'the units valid from 01/07/2025');
    assert.match(lists.get('CL_REF_AREA_HOP_NHAT_TO_20250630')!.name, /đến 30\/06\/2025 \(2 tỉnh, thành phố\)/);
    const merged = (lists.get('CL_REF_AREA_HOP_NHAT_FROM_20250701')!.codes as { id: string; annotations?: { id: string; value: string; text: string }[] }[]).find((c) => c.id === '08')!;
    const lineage = merged.annotations?.find((a) => a.id === 'PREDECESSORS');
    assert.equal(lineage?.value, 'T63-02,T63-08');
    assert.match(lineage!.text, /Kế thừa: Hà Giang, Tuyên Quang/);
    assert.deepEqual(codes('CL_UNIT_MEASURE_HOP_NHAT'), ['PC', 'THUE_BAO_100_DAN']);
    assert.deepEqual(
      message.data.conceptSchemes[0].concepts.map((c) => c.id),
      ['INDICATOR', 'REF_AREA', 'TIME_PERIOD', 'OBS_VALUE', 'FREQ', 'UNIT_MEASURE', 'OBS_STATUS', 'REVISED'],
    );
    // Every enumeration the DSD names is a codelist of the message.
    const enumerations = [...dsd.dataStructureComponents.dimensionList.dimensions, ...dsd.dataStructureComponents.attributeList.attributes].map((c) => c.localRepresentation.enumeration);
    const listUrns = new Set(message.data.codelists.map((c) => c.links[0].urn));
    for (const urn of enumerations) assert.ok(listUrns.has(urn), urn);
  });

  test('a release without a reorganisation has a single list of units', () => {
    const before = { ...view, observations: observations.filter((o) => o.period < '202507'), lineage: [] };
    assert.equal(unitEpochs(before).length, 1);
    const ids = toSdmxStructure(before, 'vi', 'msg-3', new Date()).data.codelists.map((c) => c.id);
    assert.ok(!ids.some((id) => id.includes('_FROM_') || id.includes('_TO_')), ids.join(' '));
  });

  test('the structure schema rejects a broken message (the check can fail)', () => {
    const message = structuredClone(toSdmxStructure(view, 'vi', 'msg-4', new Date())) as unknown as { data: { dataStructures: Record<string, unknown>[] } };
    delete message.data.dataStructures[0].agencyID;
    message.data.dataStructures[0].colour = 'red';
    const found = describeViolations(sdmxStructureViolations(message), 100);
    assert.match(found, /agencyID/);
    assert.match(found, /unevaluated/i);
  });
});
