/**
 * The open formats of a release, built from its frozen figures: CSV with its CSVW metadata (W3C), plain JSON,
 * an SDMX-JSON 2.0 data message (meta, data.structures, data.dataSets) and the DCAT-AP 3 catalogue in JSON-LD.
 * Pure functions: the tests check their output against the standards' shapes (shapes.ts).
 */
import ExcelJS from 'exceljs';
import { formatPeriod, parsePeriod } from '../../../core/periods.ts';
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
const FREQ_EU: Record<DatasetRow['periodType'], string> = { MONTHLY: 'MONTHLY', QUARTERLY: 'QUARTERLY', YEARLY: 'ANNUAL' };
const LICENCE_URL: Record<string, string> = {
  'CC-BY-4.0': 'https://creativecommons.org/licenses/by/4.0/',
  'CC0-1.0': 'https://creativecommons.org/publicdomain/zero/1.0/',
  'ODC-BY-1.0': 'https://opendatacommons.org/licenses/by/1-0/',
};
const OBS_STATUS_NAME = { A: { vi: 'Chính thức', en: 'Normal value' }, P: { vi: 'Sơ bộ (chưa đủ số liệu)', en: 'Provisional (incomplete)' }, M: { vi: 'Không công bố (chưa đủ số liệu)', en: 'Missing (withheld: incomplete)' } };

export const licenceUrl = (code: string) => LICENCE_URL[code] ?? code;

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
    const name = lang === 'en' ? item?.nameEn ?? item?.nameVi ?? o.dx : item?.nameVi ?? o.dx;
    const unitName = lang === 'en' ? o.orgUnitNameEn ?? o.orgUnitNameVi : o.orgUnitNameVi;
    lines.push([o.dx, name, o.orgUnitCode, unitName, o.orgUnitLevel, o.period, o.value, item?.unit ?? null, o.obsStatus, o.coverageReported, o.coverageExpected, o.isRevised, o.previousValue].map(csvCell).join(','));
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
      indicator: o.dx, indicator_name: lang === 'en' ? item?.nameEn ?? item?.nameVi : item?.nameVi, org_unit: o.orgUnitCode,
      org_unit_name: lang === 'en' ? o.orgUnitNameEn ?? o.orgUnitNameVi : o.orgUnitNameVi, level: o.orgUnitLevel, period: o.period, value: o.value,
      unit: item?.unit ?? null, obs_status: o.obsStatus, coverage_reported: o.coverageReported, coverage_expected: o.coverageExpected,
      revised: o.isRevised, previous_value: o.previousValue,
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
    [en ? 'Publisher' : 'Cơ quan công bố', en ? view.dataset.publisherNameEn ?? view.dataset.publisherNameVi : view.dataset.publisherNameVi],
    [en ? 'Version' : 'Phiên bản', view.release.version],
    [en ? 'Published at' : 'Thời điểm công bố', view.release.publishedAt?.toISOString() ?? ''],
    [en ? 'Revision note' : 'Ghi chú điều chỉnh', (en ? view.release.noteEn ?? view.release.noteVi : view.release.noteVi) ?? ''],
    [en ? 'Licence' : 'Giấy phép', licenceUrl(view.dataset.licence)],
    [en ? 'Data counted' : 'Số liệu được tính', view.dataset.dataStatus === 'APPROVED' ? (en ? 'approved only' : 'chỉ số liệu đã phê duyệt') : (en ? 'submitted and approved' : 'đã gửi và đã phê duyệt')],
    [en ? 'Status codes' : 'Mã tình trạng', en ? 'A final · P provisional (below the coverage threshold) · M not published (incomplete)' : 'A chính thức · P sơ bộ (dưới ngưỡng đủ số liệu) · M không công bố (chưa đủ số liệu)'],
  ]);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** The CSVW metadata document (W3C "Metadata Vocabulary for Tabular Data") describing the CSV of the same release. */
export function toCsvw(view: ReleaseView, csvUrl: string) {
  return {
    '@context': ['http://www.w3.org/ns/csvw', { '@language': 'vi' }],
    url: csvUrl,
    'dc:title': [{ '@value': view.dataset.titleVi, '@language': 'vi' }, { '@value': view.dataset.titleEn, '@language': 'en' }],
    'dc:description': [{ '@value': view.dataset.descriptionVi, '@language': 'vi' }, { '@value': view.dataset.descriptionEn, '@language': 'en' }],
    'dc:license': { '@id': licenceUrl(view.dataset.licence) },
    'dc:publisher': view.dataset.publisherNameVi,
    'dc:modified': { '@value': view.release.publishedAt?.toISOString() ?? null, '@type': 'xsd:dateTime' },
    'schema:version': String(view.release.version),
    dialect: { header: true, encoding: 'utf-8', delimiter: ',', lineTerminators: ['\r\n'] },
    tableSchema: {
      columns: CSV_COLUMNS.map((c) => ({ name: c.name, titles: { vi: c.titles[0], en: c.titles[1] }, datatype: c.datatype, required: ['indicator', 'org_unit', 'period', 'obs_status'].includes(c.name) })),
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
    revisionNote: lang === 'en' ? view.release.noteEn ?? view.release.noteVi : view.release.noteVi,
    dataStatus: view.dataset.dataStatus,
    licence: licenceUrl(view.dataset.licence),
    indicators: view.items.map((i) => ({ code: i.code, name: lang === 'en' ? i.nameEn ?? i.nameVi : i.nameVi, unit: i.unit, decimals: i.decimals, minCoverage: i.minCoverage })),
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
    if (!units.has(o.orgUnitCode)) units.set(o.orgUnitCode, { code: o.orgUnitCode, name: lang === 'en' ? o.orgUnitNameEn ?? o.orgUnitNameVi : o.orgUnitNameVi, level: o.orgUnitLevel, validFrom: o.openingDate, validTo: o.closingDate });
  }
  return { orgUnits: [...units.values()], lineage: view.lineage };
}

/**
 * An SDMX-JSON 2.0 data message: the structure (dimensions INDICATOR, REF_AREA, TIME_PERIOD at observation level;
 * UNIT_MEASURE, OBS_STATUS and the revision as attributes; OBS_VALUE as the measure) and one data set whose
 * observations are keyed "i:j:k" by the positions of their dimension values.
 */
export function toSdmxJson(view: ReleaseView, lang: 'vi' | 'en', messageId: string, prepared: Date) {
  const other = lang === 'vi' ? 'en' : 'vi';
  const both = (vi: string, en: string | null) => ({ [lang]: lang === 'en' ? en ?? vi : vi, [other]: other === 'en' ? en ?? vi : vi });
  const name = (vi: string, en: string | null) => (lang === 'en' ? en ?? vi : vi);
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
  const statuses = ['A', 'P', 'M'] as const;
  const observations: Record<string, (number | null)[]> = {};
  for (const o of view.observations) {
    const key = `${dxIndex.get(o.dx)}:${unitIndex.get(o.orgUnitCode)}:${periodIndex.get(o.period)}`;
    observations[key] = [o.value, unitMeasures.indexOf(items.get(o.dx)?.unit ?? ''), statuses.indexOf(o.obsStatus), o.isRevised ? 1 : 0];
  }
  const structureUrn = `urn:sdmx:org.sdmx.infomodel.datastructure.DataStructure=TIENDO:DSD_${view.dataset.code}(1.0)`;
  return {
    meta: {
      schema: 'https://raw.githubusercontent.com/sdmx-twg/sdmx-json/master/data-message/tools/schemas/2.0.0/sdmx-json-data-schema.json',
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
          links: [{ urn: structureUrn, rel: 'DataStructure' }],
          dimensions: {
            dataSet: [],
            series: [],
            observation: [
              { id: 'INDICATOR', name: name('Chỉ tiêu', 'Indicator'), names: both('Chỉ tiêu', 'Indicator'), keyPosition: 0, roles: ['INDICATOR'], values: dx.map((d) => ({ id: d, name: name(items.get(d)?.nameVi ?? d, items.get(d)?.nameEn ?? null), names: both(items.get(d)?.nameVi ?? d, items.get(d)?.nameEn ?? null) })) },
              {
                id: 'REF_AREA', name: name('Đơn vị', 'Reference area'), names: both('Đơn vị', 'Reference area'), keyPosition: 1, roles: ['REF_AREA'],
                values: units.map((u) => ({
                  id: u.orgUnitCode, name: name(u.orgUnitNameVi, u.orgUnitNameEn), names: both(u.orgUnitNameVi, u.orgUnitNameEn),
                  ...(u.openingDate ? { validFrom: u.openingDate } : {}), ...(u.closingDate ? { validTo: u.closingDate } : {}),
                })),
              },
              { id: 'TIME_PERIOD', name: name('Kỳ', 'Time period'), names: both('Kỳ', 'Time period'), keyPosition: 2, roles: ['TIME_PERIOD'], values: periods.map((p) => ({ id: sdmxPeriod(p), name: formatPeriod(p, lang), names: both(formatPeriod(p, 'vi'), formatPeriod(p, 'en')) })) },
            ],
          },
          measures: { observation: [{ id: 'OBS_VALUE', name: name('Giá trị', 'Observation value'), names: both('Giá trị', 'Observation value'), roles: ['PRIMARY'] }] },
          attributes: {
            dataSet: [
              { id: 'FREQ', name: name('Tần suất', 'Frequency'), names: both('Tần suất', 'Frequency'), roles: ['FREQ'], relationship: { dataflow: {} }, values: [{ id: FREQ_CODE[view.dataset.periodType] }] },
            ],
            series: [],
            observation: [
              { id: 'UNIT_MEASURE', name: name('Đơn vị tính', 'Unit of measure'), names: both('Đơn vị tính', 'Unit of measure'), roles: ['UNIT_MEASURE'], relationship: { dimensions: ['INDICATOR'] }, values: unitMeasures.map((u) => ({ id: u || '_Z', name: u || name('Không có', 'Not applicable') })) },
              { id: 'OBS_STATUS', name: name('Tình trạng quan sát', 'Observation status'), names: both('Tình trạng quan sát', 'Observation status'), roles: ['OBS_STATUS'], relationship: { observation: {} }, values: statuses.map((s) => ({ id: s, name: name(OBS_STATUS_NAME[s].vi, OBS_STATUS_NAME[s].en), names: both(OBS_STATUS_NAME[s].vi, OBS_STATUS_NAME[s].en) })) },
              { id: 'REVISED', name: name('Đã điều chỉnh', 'Revised'), names: both('Đã điều chỉnh', 'Revised'), relationship: { observation: {} }, values: [{ id: 'N', name: name('Không', 'No') }, { id: 'Y', name: name('Có', 'Yes') }] },
            ],
          },
          annotations: view.release.noteVi ? [{ id: 'REVISION_NOTE', title: name(view.release.noteVi, view.release.noteEn), type: 'NOTE' }] : [],
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
  const lit = (vi: string, en: string) => [{ '@value': vi, '@language': 'vi' }, { '@value': en, '@language': 'en' }];
  const agent = (code: string, nameVi: string, nameEn: string | null) => ({
    '@id': `${baseUrl}/du-lieu-mo#publisher-${code}`,
    '@type': 'foaf:Agent',
    'foaf:name': lit(nameVi, nameEn ?? nameVi),
  });
  const datasets = entries.map((e) => {
    const d = e.dataset;
    const landing = `${baseUrl}/du-lieu-mo/${d.code}`;
    const data = `${baseUrl}/api/public/opendata/datasets/${d.code}/data`;
    const distribution = (format: string, mediaType: string, fileType: string, title: [string, string]) => ({
      '@id': `${data}?format=${format}`,
      '@type': 'dcat:Distribution',
      'dct:title': lit(...title),
      'dcat:accessURL': { '@id': landing },
      'dcat:downloadURL': { '@id': `${data}?format=${format}` },
      'dcat:mediaType': { '@id': `https://www.iana.org/assignments/media-types/${mediaType}` },
      'dct:format': { '@id': `http://publications.europa.eu/resource/authority/file-type/${fileType}` },
      'dct:license': { '@id': licenceUrl(d.licence) },
      'dct:modified': { '@value': e.latestPublishedAt.toISOString(), '@type': 'xsd:dateTime' },
    });
    return {
      '@id': landing,
      '@type': 'dcat:Dataset',
      'dct:identifier': d.code,
      'dct:title': lit(d.titleVi, d.titleEn),
      'dct:description': lit(d.descriptionVi, d.descriptionEn),
      'dcat:keyword': d.keywords.map((k) => ({ '@value': k, '@language': 'vi' })),
      ...(d.sectorCode ? { 'dcat:theme': { '@id': `${baseUrl}/du-lieu-mo?sector=${d.sectorCode}`, '@type': 'skos:Concept', 'skos:prefLabel': lit(d.sectorNameVi ?? d.sectorCode, d.sectorNameEn ?? d.sectorNameVi ?? d.sectorCode) } } : {}),
      'dct:publisher': agent(d.publisherCode, d.publisherNameVi, d.publisherNameEn),
      'dct:accrualPeriodicity': { '@id': `http://publications.europa.eu/resource/authority/frequency/${FREQ_EU[d.periodType]}` },
      'dct:temporal': {
        '@type': 'dct:PeriodOfTime',
        'dcat:startDate': { '@value': e.temporalStart, '@type': 'xsd:date' },
        'dcat:endDate': { '@value': e.temporalEnd, '@type': 'xsd:date' },
      },
      'dct:spatial': { '@id': 'http://publications.europa.eu/resource/authority/country/VNM' },
      'dct:language': { '@id': 'http://publications.europa.eu/resource/authority/language/VIE' },
      'dct:modified': { '@value': e.latestPublishedAt.toISOString(), '@type': 'xsd:dateTime' },
      'dcat:version': String(e.latestVersion),
      'dcat:landingPage': { '@id': landing },
      'dcat:distribution': [
        distribution('csv', 'text/csv', 'CSV', ['Tệp CSV', 'CSV file']),
        distribution('csvw', 'application/csvm+json', 'JSON_LD', ['Mô tả CSVW của tệp CSV', 'CSVW metadata of the CSV']),
        distribution('json', 'application/json', 'JSON', ['Tệp JSON', 'JSON file']),
        distribution('sdmx-json', 'application/vnd.sdmx.data+json', 'JSON', ['Thông điệp dữ liệu SDMX-JSON', 'SDMX-JSON data message']),
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
    },
    '@id': `${baseUrl}/api/public/opendata/catalog`,
    '@type': 'dcat:Catalog',
    'dct:title': lit('Dữ liệu mở — Tiến Độ', 'Open data — Tiến Độ'),
    'dct:description': lit('Các chỉ tiêu chiến lược được công bố theo lịch, dưới dạng dữ liệu mở.', 'The strategic indicators, published on a release calendar as open data.'),
    'dct:publisher': publisher ? agent(publisher.code, publisher.nameVi, publisher.nameEn) : agent('tiendo', 'Tiến Độ', 'Tiến Độ'),
    'dct:language': { '@id': 'http://publications.europa.eu/resource/authority/language/VIE' },
    'dct:license': { '@id': LICENCE_URL['CC-BY-4.0'] },
    ...(modified ? { 'dct:modified': { '@value': modified.toISOString(), '@type': 'xsd:dateTime' } } : {}),
    'foaf:homepage': { '@id': `${baseUrl}/du-lieu-mo` },
    'dcat:dataset': datasets,
  };
}
