/**
 * The open formats of a release, built from its frozen figures: CSV with its CSVW metadata (W3C), plain JSON,
 * an SDMX-JSON 2.1.0 data message (meta, data.structures, data.dataSets) with its structure message (the DSD, codelists
 * and concept scheme), and the DCAT-AP 3 catalogue in JSON-LD.
 * Pure functions: the tests validate their output against the standards' own schemas and shapes (standards/, shapes.ts for CSVW).
 */
import ExcelJS from 'exceljs';
import { formatPeriod, parsePeriod } from '../../../core/periods.ts';
import { foldVietnamese } from '../../../core/vietnamese.ts';
import type { DatasetRow, ItemRow, PublicObservationRow, ReleaseRow } from './repo.ts';

export interface ReleaseView {
  dataset: DatasetRow;
  items: ItemRow[];
  release: ReleaseRow;
  observations: PublicObservationRow[];
  lineage: { predecessorCode: string; successorCode: string; kind: string; effectiveDate: string }[];
  baseUrl: string;
}

const FREQ_CODE: Record<DatasetRow['periodType'], string> = { MONTHLY: 'M', QUARTERLY: 'Q', YEARLY: 'A' };
const FREQ_NAME: Record<DatasetRow['periodType'], [string, string]> = { MONTHLY: ['Hằng tháng', 'Monthly'], QUARTERLY: ['Hằng quý', 'Quarterly'], YEARLY: ['Hằng năm', 'Annual'] };
const FREQ_EU: Record<DatasetRow['periodType'], string> = { MONTHLY: 'MONTHLY', QUARTERLY: 'QUARTERLY', YEARLY: 'ANNUAL' };
const LICENCE_URL: Record<string, string> = {
  'CC-BY-4.0': 'https://creativecommons.org/licenses/by/4.0/',
  'CC0-1.0': 'https://creativecommons.org/publicdomain/zero/1.0/',
  'ODC-BY-1.0': 'https://opendatacommons.org/licenses/by/1-0/',
};
const OBS_STATUS_NAME = {
  A: { vi: 'Chính thức', en: 'Normal value' },
  P: { vi: 'Sơ bộ (chưa đủ số liệu)', en: 'Provisional (incomplete)' },
  M: { vi: 'Không công bố (chưa đủ số liệu)', en: 'Missing (withheld: incomplete)' },
};

export const licenceUrl = (code: string) => LICENCE_URL[code] ?? code;

/** The SDMX-JSON version written, and its schemas (kept in standards/ for the tests). */
export const SDMX_JSON_DATA_SCHEMA = 'https://json.sdmx.org/2.1/sdmx-json-data-schema.json';
export const SDMX_JSON_STRUCTURE_SCHEMA = 'https://json.sdmx.org/2.1/sdmx-json-structure-schema.json';

/**
 * An SDMX code for a unit of measure: SDMX ids allow letters, digits, _ @ $ - only. '%' is PC (as SDMX's CL_UNIT_MEASURE
 * has it); any other unit is its folded words ('thuê bao/100 dân' → THUE_BAO_100_DAN); none is _Z (not applicable).
 */
export function unitMeasureCode(unit: string | null | undefined): string {
  const text = (unit ?? '').trim();
  if (!text) return '_Z';
  if (text === '%') return 'PC';
  const folded = foldVietnamese(text)
    .replace(/%/g, ' PC ')
    .toUpperCase()
    .replace(/[^A-Z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
  return folded || '_Z';
}

/** A day (yyyy-mm-dd) as the start or the end of that day in Hanoi time, as SDMX-JSON's date-time validity wants it. */
export const dayStart = (day: string) => `${day}T00:00:00+07:00`;
export const dayEnd = (day: string) => `${day}T23:59:59+07:00`;

/** SDMX time period: 2023-01, 2023-Q1, 2023. */
export function sdmxPeriod(id: string): string {
  const p = parsePeriod(id);
  if (p.type === 'MONTHLY') return `${id.slice(0, 4)}-${id.slice(4, 6)}`;
  if (p.type === 'QUARTERLY') return `${id.slice(0, 4)}-${id.slice(4)}`;
  return id;
}

function csvCell(value: string | number | boolean | null): string {
  if (value === null) return '';
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export const CSV_COLUMNS = [
  { name: 'indicator', titles: ['Mã chỉ tiêu', 'Indicator code'], datatype: 'string' },
  { name: 'indicator_name', titles: ['Tên chỉ tiêu', 'Indicator name'], datatype: 'string' },
  { name: 'org_unit', titles: ['Mã đơn vị', 'Org unit code'], datatype: 'string' },
  { name: 'org_unit_name', titles: ['Tên đơn vị', 'Org unit name'], datatype: 'string' },
  { name: 'level', titles: ['Cấp', 'Level'], datatype: 'integer' },
  { name: 'period', titles: ['Kỳ', 'Period'], datatype: 'string' },
  { name: 'value', titles: ['Giá trị', 'Value'], datatype: 'double' },
  { name: 'unit', titles: ['Đơn vị tính', 'Unit of measure'], datatype: 'string' },
  { name: 'obs_status', titles: ['Tình trạng', 'Observation status'], datatype: 'string' },
  { name: 'coverage_reported', titles: ['Số báo cáo đã nhận', 'Reports received'], datatype: 'integer' },
  { name: 'coverage_expected', titles: ['Số báo cáo phải nhận', 'Reports expected'], datatype: 'integer' },
  { name: 'revised', titles: ['Đã điều chỉnh', 'Revised'], datatype: 'boolean' },
  { name: 'previous_value', titles: ['Giá trị trước điều chỉnh', 'Value before revision'], datatype: 'double' },
] as const;

/** CSV (RFC 4180, UTF-8 with a BOM so spreadsheets read the diacritics), one row per figure. */
export function toCsv(view: ReleaseView, lang: 'vi' | 'en'): string {
  const items = new Map(view.items.map((i) => [i.code, i]));
  const lines = [CSV_COLUMNS.map((c) => c.name).join(',')];
  for (const o of view.observations) {
    const item = items.get(o.dx);
    const name = lang === 'en' ? (item?.nameEn ?? item?.nameVi ?? o.dx) : (item?.nameVi ?? o.dx);
    const unitName = lang === 'en' ? (o.orgUnitNameEn ?? o.orgUnitNameVi) : o.orgUnitNameVi;
    lines.push(
      [o.dx, name, o.orgUnitCode, unitName, o.orgUnitLevel, o.period, o.value, item?.unit ?? null, o.obsStatus, o.coverageReported, o.coverageExpected, o.isRevised, o.previousValue]
        .map(csvCell)
        .join(','),
    );
  }
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

/** An Excel workbook: the figures (the CSV's columns, Vietnamese or English headers) and a sheet describing the release. */
export async function toXlsx(view: ReleaseView, lang: 'vi' | 'en'): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = view.dataset.publisherNameVi;
  workbook.created = view.release.publishedAt ?? new Date(0);
  const items = new Map(view.items.map((i) => [i.code, i]));
  const sheet = workbook.addWorksheet(lang === 'en' ? 'Data' : 'So lieu');
  sheet.columns = CSV_COLUMNS.map((c) => ({ header: lang === 'en' ? c.titles[1] : c.titles[0], key: c.name, width: c.datatype === 'string' ? 28 : 14 }));
  for (const o of view.observations) {
    const item = items.get(o.dx);
    sheet.addRow({
      indicator: o.dx,
      indicator_name: lang === 'en' ? (item?.nameEn ?? item?.nameVi) : item?.nameVi,
      org_unit: o.orgUnitCode,
      org_unit_name: lang === 'en' ? (o.orgUnitNameEn ?? o.orgUnitNameVi) : o.orgUnitNameVi,
      level: o.orgUnitLevel,
      period: o.period,
      value: o.value,
      unit: item?.unit ?? null,
      obs_status: o.obsStatus,
      coverage_reported: o.coverageReported,
      coverage_expected: o.coverageExpected,
      revised: o.isRevised,
      previous_value: o.previousValue,
    });
  }
  sheet.getRow(1).font = { bold: true };
  sheet.views = [{ state: 'frozen', ySplit: 1 }];
  const about = workbook.addWorksheet(lang === 'en' ? 'About' : 'Thong tin');
  about.columns = [{ width: 28 }, { width: 100 }];
  const en = lang === 'en';
  about.addRows([
    [en ? 'Dataset' : 'Bộ dữ liệu', en ? view.dataset.titleEn : view.dataset.titleVi],
    [en ? 'Description' : 'Mô tả', en ? view.dataset.descriptionEn : view.dataset.descriptionVi],
    [en ? 'Publisher' : 'Cơ quan công bố', en ? (view.dataset.publisherNameEn ?? view.dataset.publisherNameVi) : view.dataset.publisherNameVi],
    [en ? 'Version' : 'Phiên bản', view.release.version],
    [en ? 'Published at' : 'Thời điểm công bố', view.release.publishedAt?.toISOString() ?? ''],
    [en ? 'Revision note' : 'Ghi chú điều chỉnh', (en ? (view.release.noteEn ?? view.release.noteVi) : view.release.noteVi) ?? ''],
    [en ? 'Licence' : 'Giấy phép', licenceUrl(view.dataset.licence)],
    [
      en ? 'Data counted' : 'Số liệu được tính',
      view.dataset.dataStatus === 'APPROVED' ? (en ? 'approved only' : 'chỉ số liệu đã phê duyệt') : en ? 'submitted and approved' : 'đã gửi và đã phê duyệt',
    ],
    [
      en ? 'Status codes' : 'Mã tình trạng',
      en ? 'A final · P provisional (below the coverage threshold) · M not published (incomplete)' : 'A chính thức · P sơ bộ (dưới ngưỡng đủ số liệu) · M không công bố (chưa đủ số liệu)',
    ],
  ]);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** The CSVW metadata document (W3C "Metadata Vocabulary for Tabular Data") describing the CSV of the same release. */
export function toCsvw(view: ReleaseView, csvUrl: string) {
  return {
    '@context': ['http://www.w3.org/ns/csvw', { '@language': 'vi' }],
    url: csvUrl,
    'dc:title': [
      { '@value': view.dataset.titleVi, '@language': 'vi' },
      { '@value': view.dataset.titleEn, '@language': 'en' },
    ],
    'dc:description': [
      { '@value': view.dataset.descriptionVi, '@language': 'vi' },
      { '@value': view.dataset.descriptionEn, '@language': 'en' },
    ],
    'dc:license': { '@id': licenceUrl(view.dataset.licence) },
    'dc:publisher': view.dataset.publisherNameVi,
    'dc:modified': { '@value': view.release.publishedAt?.toISOString() ?? null, '@type': 'xsd:dateTime' },
    'schema:version': String(view.release.version),
    dialect: { header: true, encoding: 'utf-8', delimiter: ',', lineTerminators: ['\r\n'] },
    tableSchema: {
      columns: CSV_COLUMNS.map((c) => ({
        name: c.name,
        titles: { vi: c.titles[0], en: c.titles[1] },
        datatype: c.datatype,
        required: ['indicator', 'org_unit', 'period', 'obs_status'].includes(c.name),
      })),
      primaryKey: ['indicator', 'org_unit', 'period'],
    },
  };
}

/** Plain JSON: the release, its items and its figures. */
export function toJson(view: ReleaseView, lang: 'vi' | 'en') {
  return {
    dataset: view.dataset.code,
    title: lang === 'en' ? view.dataset.titleEn : view.dataset.titleVi,
    version: view.release.version,
    publishedAt: view.release.publishedAt?.toISOString() ?? null,
    revisionNote: lang === 'en' ? (view.release.noteEn ?? view.release.noteVi) : view.release.noteVi,
    dataStatus: view.dataset.dataStatus,
    licence: licenceUrl(view.dataset.licence),
    indicators: view.items.map((i) => ({ code: i.code, name: lang === 'en' ? (i.nameEn ?? i.nameVi) : i.nameVi, unit: i.unit, decimals: i.decimals, minCoverage: i.minCoverage })),
    codeLists: codeLists(view, lang),
    observations: view.observations.map((o) => ({
      indicator: o.dx,
      orgUnit: o.orgUnitCode,
      period: o.period,
      value: o.value,
      status: o.obsStatus,
      coverage: o.coverageExpected === null ? null : { reported: o.coverageReported, expected: o.coverageExpected },
      revised: o.isRevised,
      previousValue: o.previousValue,
    })),
  };
}

/** The org units of the release with their validity, and the lineage between them (63 → 34 provinces on 1/7/2025). */
function codeLists(view: ReleaseView, lang: 'vi' | 'en') {
  const units = new Map<string, { code: string; name: string; level: number; validFrom: string | null; validTo: string | null }>();
  for (const o of view.observations) {
    if (!units.has(o.orgUnitCode))
      units.set(o.orgUnitCode, {
        code: o.orgUnitCode,
        name: lang === 'en' ? (o.orgUnitNameEn ?? o.orgUnitNameVi) : o.orgUnitNameVi,
        level: o.orgUnitLevel,
        validFrom: o.openingDate,
        validTo: o.closingDate,
      });
  }
  return { orgUnits: [...units.values()], lineage: view.lineage };
}

/**
 * An SDMX-JSON 2.1.0 data message: the structure (dimensions INDICATOR, REF_AREA, TIME_PERIOD at observation level;
 * UNIT_MEASURE, OBS_STATUS and the revision as attributes; OBS_VALUE as the measure) and one data set whose
 * observations are keyed "i:j:k" by the positions of their dimension values.
 */
export function toSdmxJson(view: ReleaseView, lang: 'vi' | 'en', messageId: string, prepared: Date) {
  const other = lang === 'vi' ? 'en' : 'vi';
  const both = (vi: string, en: string | null) => ({ [lang]: lang === 'en' ? (en ?? vi) : vi, [other]: other === 'en' ? (en ?? vi) : vi });
  const name = (vi: string, en: string | null) => (lang === 'en' ? (en ?? vi) : vi);
  const dx = [...new Set(view.observations.map((o) => o.dx))];
  const items = new Map(view.items.map((i) => [i.code, i]));
  const units: PublicObservationRow[] = [];
  const unitIndex = new Map<string, number>();
  for (const o of view.observations) {
    if (unitIndex.has(o.orgUnitCode)) continue;
    unitIndex.set(o.orgUnitCode, units.length);
    units.push(o);
  }
  const periods = [...new Set(view.observations.map((o) => o.period))].sort();
  const periodIndex = new Map(periods.map((p, i) => [p, i]));
  const dxIndex = new Map(dx.map((d, i) => [d, i]));
  const unitMeasures = [...new Set(dx.map((d) => items.get(d)?.unit ?? ''))];
  const unitIds = unitMeasures.map(unitMeasureCode);
  const statuses = ['A', 'P', 'M'] as const;
  const observations: Record<string, (number | null)[]> = {};
  for (const o of view.observations) {
    const key = `${dxIndex.get(o.dx)}:${unitIndex.get(o.orgUnitCode)}:${periodIndex.get(o.period)}`;
    observations[key] = [o.value, unitMeasures.indexOf(items.get(o.dx)?.unit ?? ''), statuses.indexOf(o.obsStatus), o.isRevised ? 1 : 0];
  }
  const structureUrn = dsdUrn(view.dataset.code, view.release.version);
  return {
    $schema: SDMX_JSON_DATA_SCHEMA,
    meta: {
      id: messageId,
      test: false,
      prepared: prepared.toISOString(),
      contentLanguages: [lang, other],
      name: name(view.dataset.titleVi, view.dataset.titleEn),
      names: both(view.dataset.titleVi, view.dataset.titleEn),
      sender: { id: view.dataset.publisherCode, name: name(view.dataset.publisherNameVi, view.dataset.publisherNameEn), names: both(view.dataset.publisherNameVi, view.dataset.publisherNameEn) },
      links: [{ href: `${view.baseUrl}/api/public/opendata/datasets/${view.dataset.code}/data?format=sdmx-json&version=${view.release.version}`, rel: 'self', hreflang: lang }],
    },
    data: {
      structures: [
        {
          // The data structure definition, its codelists and concept scheme: the structure message of the same version.
          links: [
            { urn: structureUrn, rel: 'DataStructure', href: structureMessageUrl(view.baseUrl, view.dataset.code, view.release.version), type: 'application/vnd.sdmx.structure+json; version=2.1.0' },
          ],
          name: name(view.dataset.titleVi, view.dataset.titleEn),
          names: both(view.dataset.titleVi, view.dataset.titleEn),
          dimensions: {
            dataSet: [],
            series: [],
            observation: [
              {
                id: 'INDICATOR',
                name: name('Chỉ tiêu', 'Indicator'),
                names: both('Chỉ tiêu', 'Indicator'),
                keyPosition: 0,
                roles: ['INDICATOR'],
                values: dx.map((d) => ({ id: d, name: name(items.get(d)?.nameVi ?? d, items.get(d)?.nameEn ?? null), names: both(items.get(d)?.nameVi ?? d, items.get(d)?.nameEn ?? null) })),
              },
              {
                id: 'REF_AREA',
                name: name('Đơn vị', 'Reference area'),
                names: both('Đơn vị', 'Reference area'),
                keyPosition: 1,
                roles: ['REF_AREA'],
                values: units.map((u) => ({
                  id: u.orgUnitCode,
                  name: name(u.orgUnitNameVi, u.orgUnitNameEn),
                  names: both(u.orgUnitNameVi, u.orgUnitNameEn),
                  ...(u.openingDate ? { start: dayStart(u.openingDate) } : {}),
                  ...(u.closingDate ? { end: dayEnd(u.closingDate) } : {}),
                })),
              },
              {
                id: 'TIME_PERIOD',
                name: name('Kỳ', 'Time period'),
                names: both('Kỳ', 'Time period'),
                keyPosition: 2,
                roles: ['TIME_PERIOD'],
                values: periods.map((p) => ({
                  id: sdmxPeriod(p),
                  name: formatPeriod(p, lang),
                  names: both(formatPeriod(p, 'vi'), formatPeriod(p, 'en')),
                  start: dayStart(parsePeriod(p).startDate),
                  end: dayEnd(parsePeriod(p).endDate),
                })),
              },
            ],
          },
          measures: { observation: [{ id: 'OBS_VALUE', name: name('Giá trị', 'Observation value'), names: both('Giá trị', 'Observation value'), roles: ['PRIMARY'] }] },
          attributes: {
            dataSet: [
              {
                id: 'FREQ',
                name: name('Tần suất', 'Frequency'),
                names: both('Tần suất', 'Frequency'),
                roles: ['FREQ'],
                relationship: { dataflow: {} },
                values: [{ id: FREQ_CODE[view.dataset.periodType], name: name(...FREQ_NAME[view.dataset.periodType]), names: both(...FREQ_NAME[view.dataset.periodType]) }],
              },
            ],
            series: [],
            observation: [
              {
                id: 'UNIT_MEASURE',
                name: name('Đơn vị tính', 'Unit of measure'),
                names: both('Đơn vị tính', 'Unit of measure'),
                roles: ['UNIT_MEASURE'],
                relationship: { dimensions: ['INDICATOR'] },
                values: unitMeasures.map((u, i) => ({ id: unitIds[i], name: u || name('Không có', 'Not applicable') })),
              },
              {
                id: 'OBS_STATUS',
                name: name('Tình trạng quan sát', 'Observation status'),
                names: both('Tình trạng quan sát', 'Observation status'),
                roles: ['OBS_STATUS'],
                relationship: { observation: {} },
                values: statuses.map((s) => ({ id: s, name: name(OBS_STATUS_NAME[s].vi, OBS_STATUS_NAME[s].en), names: both(OBS_STATUS_NAME[s].vi, OBS_STATUS_NAME[s].en) })),
              },
              {
                id: 'REVISED',
                name: name('Đã điều chỉnh', 'Revised'),
                names: both('Đã điều chỉnh', 'Revised'),
                relationship: { observation: {} },
                values: [
                  { id: 'N', name: name('Không', 'No') },
                  { id: 'Y', name: name('Có', 'Yes') },
                ],
              },
            ],
          },
          annotations: view.release.noteVi ? [{ id: 'REVISION_NOTE', type: 'NOTE', text: name(view.release.noteVi, view.release.noteEn), texts: both(view.release.noteVi, view.release.noteEn) }] : [],
          dataSets: [0],
        },
      ],
      dataSets: [
        {
          structure: 0,
          action: 'Information',
          reportingBegin: view.observations.length > 0 ? sdmxPeriod(periods[0]) : undefined,
          reportingEnd: view.observations.length > 0 ? sdmxPeriod(periods[periods.length - 1]) : undefined,
          publicationYear: view.release.publishedAt ? String(view.release.publishedAt.getUTCFullYear()) : undefined,
          attributes: [0],
          observations,
        },
      ],
    },
  };
}

/** The URN of a release's data structure definition (agency TIENDO, version 1.N for the dataset's version N). */
export const dsdUrn = (code: string, version: number | null) => `urn:sdmx:org.sdmx.infomodel.datastructure.DataStructure=TIENDO:DSD_${code}(1.${version ?? 0})`;

/** Where the SDMX-JSON structure message of a release is served. */
export const structureMessageUrl = (baseUrl: string, code: string, version: number | null) =>
  `${baseUrl}/api/public/opendata/datasets/${code}/structure${version === null ? '' : `?version=${version}`}`;

export interface CatalogEntry {
  dataset: DatasetRow;
  items: ItemRow[];
  latestVersion: number;
  latestPublishedAt: Date;
  temporalStart: string;
  temporalEnd: string;
}

/** The DCAT-AP 3 catalogue in JSON-LD: catalogue, datasets, distributions (CSV, CSVW, JSON, SDMX-JSON). */
export function toDcatCatalog(entries: readonly CatalogEntry[], publisher: { code: string; nameVi: string; nameEn: string | null } | null, baseUrl: string, modified: Date | null) {
  const lit = (vi: string, en: string) => [
    { '@value': vi, '@language': 'vi' },
    { '@value': en, '@language': 'en' },
  ];
  // Every resource referred to carries the class the DCAT-AP 3 shapes require of it (sh:class of each property's range).
  const ref = (id: string, type: string | string[]) => ({ '@id': id, '@type': type });
  const licence = (code: string) => ref(licenceUrl(code), 'dct:LicenseDocument');
  const language = ref('http://publications.europa.eu/resource/authority/language/VIE', 'dct:LinguisticSystem');
  const agent = (code: string, nameVi: string, nameEn: string | null) => ({
    '@id': `${baseUrl}/du-lieu-mo#publisher-${code}`,
    '@type': 'foaf:Agent',
    'foaf:name': lit(nameVi, nameEn ?? nameVi),
  });
  const datasets = entries.map((e) => {
    const d = e.dataset;
    const landing = `${baseUrl}/du-lieu-mo/${d.code}`;
    const data = `${baseUrl}/api/public/opendata/datasets/${d.code}/data`;
    const distribution = (format: string, mediaType: string, fileType: string, title: [string, string], extra: object = {}) => ({
      '@id': `${data}?format=${format}`,
      '@type': 'dcat:Distribution',
      'dct:title': lit(...title),
      'dcat:accessURL': ref(landing, ['rdfs:Resource', 'foaf:Document']),
      'dcat:downloadURL': ref(`${data}?format=${format}`, 'rdfs:Resource'),
      'dcat:mediaType': ref(`https://www.iana.org/assignments/media-types/${mediaType}`, 'dct:MediaType'),
      'dct:format': ref(`http://publications.europa.eu/resource/authority/file-type/${fileType}`, 'dct:MediaTypeOrExtent'),
      'dct:license': licence(d.licence),
      'dct:modified': { '@value': e.latestPublishedAt.toISOString(), '@type': 'xsd:dateTime' },
      ...extra,
    });
    return {
      '@id': landing,
      '@type': 'dcat:Dataset',
      'dct:identifier': d.code,
      'dct:title': lit(d.titleVi, d.titleEn),
      'dct:description': lit(d.descriptionVi, d.descriptionEn),
      'dcat:keyword': d.keywords.map((k) => ({ '@value': k, '@language': 'vi' })),
      ...(d.sectorCode
        ? {
            'dcat:theme': {
              '@id': `${baseUrl}/du-lieu-mo?sector=${d.sectorCode}`,
              '@type': 'skos:Concept',
              'skos:prefLabel': lit(d.sectorNameVi ?? d.sectorCode, d.sectorNameEn ?? d.sectorNameVi ?? d.sectorCode),
            },
          }
        : {}),
      'dct:publisher': agent(d.publisherCode, d.publisherNameVi, d.publisherNameEn),
      'dct:accrualPeriodicity': ref(`http://publications.europa.eu/resource/authority/frequency/${FREQ_EU[d.periodType]}`, 'dct:Frequency'),
      'dct:temporal': {
        '@type': 'dct:PeriodOfTime',
        'dcat:startDate': { '@value': e.temporalStart, '@type': 'xsd:date' },
        'dcat:endDate': { '@value': e.temporalEnd, '@type': 'xsd:date' },
      },
      'dct:spatial': ref('http://publications.europa.eu/resource/authority/country/VNM', 'dct:Location'),
      'dct:language': language,
      'dct:modified': { '@value': e.latestPublishedAt.toISOString(), '@type': 'xsd:dateTime' },
      'dcat:version': String(e.latestVersion),
      'dcat:landingPage': ref(landing, ['rdfs:Resource', 'foaf:Document']),
      'dcat:distribution': [
        distribution('csv', 'text/csv', 'CSV', ['Tệp CSV', 'CSV file']),
        distribution('csvw', 'application/csvm+json', 'JSON_LD', ['Mô tả CSVW của tệp CSV', 'CSVW metadata of the CSV']),
        distribution('json', 'application/json', 'JSON', ['Tệp JSON', 'JSON file']),
        // The data message conforms to its data structure definition, served as an SDMX-JSON structure message.
        distribution('sdmx-json', 'application/vnd.sdmx.data+json', 'JSON', ['Thông điệp dữ liệu SDMX-JSON', 'SDMX-JSON data message'], {
          'dct:conformsTo': {
            '@id': structureMessageUrl(baseUrl, d.code, e.latestVersion),
            '@type': 'dct:Standard',
            'dct:title': lit('Cấu trúc dữ liệu SDMX (DSD, danh mục mã, khái niệm)', 'SDMX data structure (DSD, codelists, concepts)'),
          },
        }),
      ],
    };
  });
  return {
    '@context': {
      dcat: 'http://www.w3.org/ns/dcat#',
      dct: 'http://purl.org/dc/terms/',
      foaf: 'http://xmlns.com/foaf/0.1/',
      skos: 'http://www.w3.org/2004/02/skos/core#',
      xsd: 'http://www.w3.org/2001/XMLSchema#',
      vcard: 'http://www.w3.org/2006/vcard/ns#',
      rdfs: 'http://www.w3.org/2000/01/rdf-schema#',
    },
    '@id': `${baseUrl}/api/public/opendata/catalog`,
    '@type': 'dcat:Catalog',
    'dct:title': lit('Dữ liệu mở — Tiến Độ', 'Open data — Tiến Độ'),
    'dct:description': lit('Các chỉ tiêu chiến lược được công bố theo lịch, dưới dạng dữ liệu mở.', 'The strategic indicators, published on a release calendar as open data.'),
    'dct:publisher': publisher ? agent(publisher.code, publisher.nameVi, publisher.nameEn) : agent('tiendo', 'Tiến Độ', 'Tiến Độ'),
    'dct:language': language,
    'dct:license': licence('CC-BY-4.0'),
    ...(modified ? { 'dct:modified': { '@value': modified.toISOString(), '@type': 'xsd:dateTime' } } : {}),
    'foaf:homepage': ref(`${baseUrl}/du-lieu-mo`, 'foaf:Document'),
    'dcat:dataset': datasets,
  };
}

const AGENCY = 'TIENDO';
const URN = 'urn:sdmx:org.sdmx.infomodel';
const dmy = (day: string) => `${day.slice(8, 10)}/${day.slice(5, 7)}/${day.slice(0, 4)}`;
const dayBefore = (day: string) => new Date(Date.parse(`${day}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);

/**
 * The administrative versions of a release's units: one list per span between the lineage's effective dates (a
 * release spanning 1/7/2025 has the units valid to 30/06/2025 — the 63 provinces — and those valid from 1/7/2025 —
 * the 34). A release without lineage has one list.
 */
export function unitEpochs(view: ReleaseView): { from: string | null; to: string | null; units: PublicObservationRow[] }[] {
  const seen = new Map<string, PublicObservationRow>();
  for (const o of view.observations) if (!seen.has(o.orgUnitCode)) seen.set(o.orgUnitCode, o);
  const units = [...seen.values()];
  const dates = [...new Set(view.lineage.map((l) => l.effectiveDate))].sort();
  if (dates.length === 0) return [{ from: null, to: null, units }];
  const bounds: (string | null)[] = [null, ...dates, null];
  const out: { from: string | null; to: string | null; units: PublicObservationRow[] }[] = [];
  for (let i = 0; i + 1 < bounds.length; i++) {
    const from = bounds[i];
    const to = bounds[i + 1] === null ? null : dayBefore(bounds[i + 1]!);
    // A unit belongs to a span when its validity overlaps it.
    const inSpan = units.filter((u) => (to === null || !u.openingDate || u.openingDate <= to) && (from === null || !u.closingDate || u.closingDate >= from));
    if (inSpan.length > 0) out.push({ from, to, units: inSpan });
  }
  return out;
}

/**
 * An SDMX-JSON 2.1.0 structure message for one release: the data structure definition DSD_<dataset> (version 1.N for
 * the dataset's version N) with the dimensions INDICATOR, REF_AREA and TIME_PERIOD, the measure OBS_VALUE and the
 * attributes FREQ, UNIT_MEASURE, OBS_STATUS and REVISED; the codelists of each coded component (REF_AREA's holds every
 * unit of the release with its validity, and where the release spans a reorganisation — 1/7/2025 — one more codelist
 * per administrative version, the later units annotated with the units they succeed); and the concept scheme.
 */
export function toSdmxStructure(view: ReleaseView, lang: 'vi' | 'en', messageId: string, prepared: Date) {
  const other = lang === 'vi' ? 'en' : 'vi';
  const both = (vi: string, en: string | null) => ({ [lang]: lang === 'en' ? (en ?? vi) : vi, [other]: other === 'en' ? (en ?? vi) : vi });
  const name = (vi: string, en: string | null) => (lang === 'en' ? (en ?? vi) : vi);
  const named = (vi: string, en: string | null) => ({ name: name(vi, en), names: both(vi, en) });
  const code = view.dataset.code;
  const version = `1.${view.release.version ?? 0}`;
  const items = new Map(view.items.map((i) => [i.code, i]));
  const dx = [...new Set(view.observations.map((o) => o.dx))];
  const conceptScheme = `CS_${code}`;
  const concept = (id: string) => `${URN}.conceptscheme.Concept=${AGENCY}:${conceptScheme}(${version}).${id}`;
  const codelistUrn = (id: string, v = version) => `${URN}.codelist.Codelist=${AGENCY}:${id}(${v})`;
  const self = (urn: string) => [{ rel: 'self', urn }];
  const dsd = `DSD_${code}`;
  const component = (kind: string, id: string) => `${URN}.datastructure.${kind}=${AGENCY}:${dsd}(${version}).${id}`;
  const unitMeasures = [...new Set(dx.map((d) => items.get(d)?.unit ?? ''))];
  const epochs = unitEpochs(view);
  const successorsOf = new Map<string, string[]>();
  for (const l of view.lineage) successorsOf.set(l.successorCode, [...(successorsOf.get(l.successorCode) ?? []), l.predecessorCode]);
  const unitNames = new Map(view.observations.map((o) => [o.orgUnitCode, o]));
  const unitCode = (u: PublicObservationRow) => {
    const predecessors = successorsOf.get(u.orgUnitCode) ?? [];
    const annotations = [
      ...(u.openingDate || u.closingDate
        ? [
            {
              id: 'VALIDITY',
              type: 'VALIDITY',
              value: `${u.openingDate ?? ''}/${u.closingDate ?? ''}`,
              ...named(
                `Hiệu lực${u.openingDate ? ` từ ${dmy(u.openingDate)}` : ''}${u.closingDate ? ` đến ${dmy(u.closingDate)}` : ''}`,
                `Valid${u.openingDate ? ` from ${dmy(u.openingDate)}` : ''}${u.closingDate ? ` to ${dmy(u.closingDate)}` : ''}`,
              ),
            },
          ]
        : []),
      ...(predecessors.length > 0
        ? [
            {
              id: 'PREDECESSORS',
              type: 'LINEAGE',
              value: predecessors.join(','),
              ...named(
                `Kế thừa: ${predecessors.map((p) => unitNames.get(p)?.orgUnitNameVi ?? p).join(', ')}`,
                `Succeeds: ${predecessors.map((p) => unitNames.get(p)?.orgUnitNameEn ?? unitNames.get(p)?.orgUnitNameVi ?? p).join(', ')}`,
              ),
            },
          ]
        : []),
    ].map(({ name: text, names: texts, ...rest }) => ({ ...rest, text, texts }));
    return { id: u.orgUnitCode, ...named(u.orgUnitNameVi, u.orgUnitNameEn), ...(annotations.length ? { annotations } : {}) };
  };
  const levelTwo = (units: PublicObservationRow[]) => units.filter((u) => u.orgUnitLevel === 2).length;
  const codelist = (id: string, vi: string, en: string, codes: object[], extra: object = {}, v = version) => ({
    id,
    version: v,
    agencyID: AGENCY,
    ...named(vi, en),
    links: self(codelistUrn(id, v)),
    ...extra,
    codes,
  });
  const areaList = `CL_REF_AREA_${code}`;
  const codelists = [
    codelist(
      `CL_INDICATOR_${code}`,
      `Chỉ tiêu của bộ dữ liệu ${view.dataset.titleVi}`,
      `Indicators of ${view.dataset.titleEn}`,
      dx.map((d) => ({ id: d, ...named(items.get(d)?.nameVi ?? d, items.get(d)?.nameEn ?? null) })),
    ),
    codelist(
      areaList,
      'Đơn vị (mọi đơn vị của đợt công bố, kèm hiệu lực)',
      'Reference areas (every unit of the release, with its validity)',
      epochs
        .flatMap((e) => e.units)
        .filter((u, i, all) => all.findIndex((x) => x.orgUnitCode === u.orgUnitCode) === i)
        .map(unitCode),
    ),
    // One list per administrative version where the release spans a reorganisation (63 provinces to 30/06/2025, 34 from 01/07/2025).
    ...(epochs.length > 1
      ? epochs.map((e) => {
          const span = e.from && e.to ? `${dmy(e.from)}–${dmy(e.to)}` : e.from ? `từ ${dmy(e.from)}` : `đến ${dmy(e.to!)}`;
          const spanEn = e.from && e.to ? `${dmy(e.from)}–${dmy(e.to)}` : e.from ? `from ${dmy(e.from)}` : `to ${dmy(e.to!)}`;
          const id = `${areaList}_${e.from ? `FROM_${e.from.replace(/-/g, '')}` : `TO_${e.to!.replace(/-/g, '')}`}`;
          return codelist(id, `Đơn vị hành chính ${span} (${levelTwo(e.units)} tỉnh, thành phố)`, `Administrative units ${spanEn} (${levelTwo(e.units)} provinces)`, e.units.map(unitCode), {
            ...(e.from ? { validFrom: dayStart(e.from) } : {}),
            ...(e.to ? { validTo: dayEnd(e.to) } : {}),
          });
        })
      : []),
    codelist(
      'CL_FREQ',
      'Tần suất',
      'Frequency',
      (['YEARLY', 'QUARTERLY', 'MONTHLY'] as const).map((p) => ({ id: FREQ_CODE[p], ...named(...FREQ_NAME[p]) })),
      {},
      '1.0',
    ),
    codelist(
      `CL_UNIT_MEASURE_${code}`,
      'Đơn vị tính',
      'Units of measure',
      unitMeasures.map((u) => ({ id: unitMeasureCode(u), name: u || name('Không có', 'Not applicable'), names: both(u || 'Không có', u || 'Not applicable') })),
    ),
    codelist(
      'CL_OBS_STATUS',
      'Tình trạng quan sát',
      'Observation status',
      (['A', 'P', 'M'] as const).map((s) => ({ id: s, ...named(OBS_STATUS_NAME[s].vi, OBS_STATUS_NAME[s].en) })),
      {},
      '1.0',
    ),
    codelist(
      'CL_REVISED',
      'Đã điều chỉnh',
      'Revised',
      [
        { id: 'N', ...named('Không', 'No') },
        { id: 'Y', ...named('Có', 'Yes') },
      ],
      {},
      '1.0',
    ),
  ];
  const concepts: [string, string, string][] = [
    ['INDICATOR', 'Chỉ tiêu', 'Indicator'],
    ['REF_AREA', 'Đơn vị', 'Reference area'],
    ['TIME_PERIOD', 'Kỳ', 'Time period'],
    ['OBS_VALUE', 'Giá trị', 'Observation value'],
    ['FREQ', 'Tần suất', 'Frequency'],
    ['UNIT_MEASURE', 'Đơn vị tính', 'Unit of measure'],
    ['OBS_STATUS', 'Tình trạng quan sát', 'Observation status'],
    ['REVISED', 'Đã điều chỉnh', 'Revised'],
  ];
  const enumerated = (id: string, v = version) => ({ enumeration: codelistUrn(id, v) });
  const attribute = (id: string, relationship: object, list: string, usage: 'mandatory' | 'optional', v = version) => ({
    id,
    links: self(component('DataAttribute', id)),
    usage,
    attributeRelationship: relationship,
    conceptIdentity: concept(id),
    localRepresentation: enumerated(list, v),
  });
  const selfHref = structureMessageUrl(view.baseUrl, code, view.release.version);
  return {
    $schema: SDMX_JSON_STRUCTURE_SCHEMA,
    meta: {
      id: messageId,
      test: false,
      prepared: prepared.toISOString(),
      contentLanguages: [lang, other],
      ...named(`Cấu trúc dữ liệu — ${view.dataset.titleVi}`, `Data structure — ${view.dataset.titleEn}`),
      sender: { id: view.dataset.publisherCode, ...named(view.dataset.publisherNameVi, view.dataset.publisherNameEn) },
      links: [
        { href: selfHref, rel: 'self', hreflang: lang },
        { href: `${view.baseUrl}/api/public/opendata/datasets/${code}/data?format=sdmx-json&version=${view.release.version}`, rel: 'related', type: 'application/vnd.sdmx.data+json; version=2.1.0' },
      ],
    },
    data: {
      dataStructures: [
        {
          id: dsd,
          version,
          agencyID: AGENCY,
          ...named(view.dataset.titleVi, view.dataset.titleEn),
          descriptions: both(view.dataset.descriptionVi, view.dataset.descriptionEn),
          links: [{ rel: 'self', urn: dsdUrn(code, view.release.version), href: selfHref }],
          dataStructureComponents: {
            dimensionList: {
              id: 'DimensionDescriptor',
              dimensions: [
                { id: 'INDICATOR', links: self(component('Dimension', 'INDICATOR')), position: 0, conceptIdentity: concept('INDICATOR'), localRepresentation: enumerated(`CL_INDICATOR_${code}`) },
                { id: 'REF_AREA', links: self(component('Dimension', 'REF_AREA')), position: 1, conceptIdentity: concept('REF_AREA'), localRepresentation: enumerated(areaList) },
              ],
              timeDimension: {
                id: 'TIME_PERIOD',
                links: self(component('TimeDimension', 'TIME_PERIOD')),
                conceptIdentity: concept('TIME_PERIOD'),
                localRepresentation: { format: { dataType: 'ObservationalTimePeriod' } },
              },
            },
            attributeList: {
              id: 'AttributeDescriptor',
              attributes: [
                attribute('FREQ', { dataflow: {} }, 'CL_FREQ', 'mandatory', '1.0'),
                attribute('UNIT_MEASURE', { dimensions: ['INDICATOR'] }, `CL_UNIT_MEASURE_${code}`, 'mandatory'),
                attribute('OBS_STATUS', { observation: {} }, 'CL_OBS_STATUS', 'mandatory', '1.0'),
                attribute('REVISED', { observation: {} }, 'CL_REVISED', 'optional', '1.0'),
              ],
            },
            measureList: {
              id: 'MeasureDescriptor',
              measures: [
                { id: 'OBS_VALUE', links: self(component('Measure', 'OBS_VALUE')), usage: 'optional', conceptIdentity: concept('OBS_VALUE'), localRepresentation: { format: { dataType: 'Double' } } },
              ],
            },
          },
        },
      ],
      codelists,
      conceptSchemes: [
        {
          id: conceptScheme,
          version,
          agencyID: AGENCY,
          ...named(`Khái niệm của bộ dữ liệu ${view.dataset.titleVi}`, `Concepts of ${view.dataset.titleEn}`),
          links: self(`${URN}.conceptscheme.ConceptScheme=${AGENCY}:${conceptScheme}(${version})`),
          concepts: concepts.map(([id, vi, en]) => ({ id, ...named(vi, en), links: self(concept(id)) })),
        },
      ],
    },
  };
}
