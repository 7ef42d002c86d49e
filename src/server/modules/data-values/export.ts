// GET /api/dataValueSets: the stored values in DHIS2's dataValueSet shape (JSON, CSV or XML), with its
// parameters honoured or refused by name, its E20xx answers for a request that cannot be run, and the
// caller's data.read scope checked on every org unit asked for.
import type { ServiceContext } from '../../http/context.ts';
import { assertPermission } from '../../access.ts';
import { AppError, type ErrorCode, type StatusOf } from '../../http/errors.ts';
import { tryParsePeriod } from '../../../core/periods.ts';
import { toAdxPeriod } from '../../../core/adx-periods.ts';
import { requireOrgUnitRef } from '../org-units/lookup.ts';
import * as repo from './repo.ts';
import { flagOf, parseIdScheme, DEFAULT_COMBO_REFS } from './dhis2.ts';
import type { z } from 'zod';
import type { exportedSetSchema } from './schema.ts';

export type ExportFormat = 'json' | 'csv' | 'xml' | 'adx';

export interface ExportQuery {
  dataSet?: string | string[];
  dataElement?: string | string[];
  dataElementGroup?: string | string[];
  period?: string | string[];
  startDate?: string;
  endDate?: string;
  orgUnit?: string | string[];
  orgUnitGroup?: string | string[];
  children?: string;
  includeDescendants?: string;
  lastUpdated?: string;
  lastUpdatedDuration?: string;
  includeDeleted?: string;
  attributeOptionCombo?: string | string[];
  limit?: string;
  idScheme?: string;
  dataElementIdScheme?: string;
  orgUnitIdScheme?: string;
  categoryOptionComboIdScheme?: string;
  attributeOptionComboIdScheme?: string;
  dataSetIdScheme?: string;
  format?: string;
  attachment?: string;
  compression?: string;
  lang?: string;
}

/** Every parameter of GET /api/dataValueSets DHIS2 2.41 documents, and what is done with it (dhis2-export.test.ts walks it). */
export const EXPORT_PARAMS: Record<string, string> = {
  dataSet: 'honoured: report regime codes; their data elements',
  dataElement: 'honoured: codes (or UIDs, or ids, by dataElementIdScheme)',
  dataElementGroup: 'refused (E2001 names it): there are no data element groups here',
  period: 'honoured: DHIS2 period ids',
  startDate: 'honoured: periods that start on or after it (with endDate)',
  endDate: 'honoured: periods that end on or before it (with startDate)',
  orgUnit: 'honoured: codes (or ids); each needs data.read',
  orgUnitGroup: 'honoured: group codes; each unit needs data.read',
  children: 'honoured: the subtrees of the org units',
  includeDescendants: 'honoured: as children',
  lastUpdated: 'honoured: values changed on or after it',
  lastUpdatedDuration: 'refused: give lastUpdated as a date',
  includeDeleted: 'refused unless false: deleted values are not kept as values (their history is)',
  attributeOptionCombo: 'honoured: only values under these attribute options ("default" for none; by attributeOptionComboIdScheme); unknown is E2011',
  limit: 'honoured: at most this many values',
  idScheme: 'honoured: CODE (default), UID or ID; NAME, ATTRIBUTE refused',
  dataElementIdScheme: 'honoured as idScheme',
  orgUnitIdScheme: 'honoured as idScheme',
  categoryOptionComboIdScheme: 'honoured as idScheme',
  attributeOptionComboIdScheme: 'honoured as idScheme, for attribute options',
  dataSetIdScheme: 'honoured: CODE or UID (UID when idScheme=UID)',
  format: 'honoured: json, csv, xml, adx (or the .json/.csv/.xml/.adx path)',
  attachment: 'refused: the answer is the body itself',
  compression: 'refused: use HTTP compression',
  lang: 'honoured: language of errors',
};

const list = (v: string | string[] | undefined): string[] =>
  v === undefined
    ? []
    : (Array.isArray(v) ? v : [v])
        .flatMap((x) => x.split(/[;,]/))
        .map((x) => x.trim())
        .filter(Boolean);

const refuse = <C extends ErrorCode>(code: C, param: string, vi: string, en: string, status: StatusOf<C> = 409 as StatusOf<C>) =>
  new AppError(code, status, vi, en, [{ path: `querystring.${param}`, messageVi: vi, messageEn: en }]);

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const EXPORT_MAX_VALUES = 1_000_000;

export interface ExportRequest {
  query: ExportQuery;
  format: ExportFormat;
}

export async function exportDataValueSet(ctx: ServiceContext, req: ExportRequest) {
  const q = req.query;
  if (q.dataElementGroup !== undefined)
    throw refuse(
      'E2001',
      'dataElementGroup',
      'Không có nhóm chỉ số (dataElementGroup); hãy dùng dataSet hoặc dataElement',
      'There are no data element groups (dataElementGroup); use dataSet or dataElement',
    );
  if (q.lastUpdatedDuration !== undefined)
    throw refuse('E2005', 'lastUpdatedDuration', 'lastUpdatedDuration chưa được hỗ trợ; dùng lastUpdated=YYYY-MM-DD', 'lastUpdatedDuration is not supported; use lastUpdated=YYYY-MM-DD');
  if (q.includeDeleted !== undefined && flagOf(q.includeDeleted) !== false)
    throw refuse(
      'UNSUPPORTED_PARAMETER',
      'includeDeleted',
      'Giá trị đã xoá không được giữ như giá trị (lịch sử thay đổi có ghi lại): GET /api/dataValues/history',
      'Deleted values are not kept as values (their history is): GET /api/dataValues/history',
    );
  if (q.attachment !== undefined)
    throw refuse('UNSUPPORTED_PARAMETER', 'attachment', 'attachment không được hỗ trợ: nội dung trả về chính là tệp', 'attachment is not supported: the answer is the file itself');
  if (q.compression !== undefined)
    throw refuse('UNSUPPORTED_PARAMETER', 'compression', 'compression không được hỗ trợ: dùng nén HTTP (Accept-Encoding)', 'compression is not supported: use HTTP compression (Accept-Encoding)');
  const idScheme = parseIdScheme('idScheme', q.idScheme, 'code');
  const schemes = {
    dataElement: parseIdScheme('dataElementIdScheme', q.dataElementIdScheme, idScheme),
    orgUnit: parseIdScheme('orgUnitIdScheme', q.orgUnitIdScheme, idScheme),
    option: parseIdScheme('categoryOptionComboIdScheme', q.categoryOptionComboIdScheme, idScheme),
  };
  const attributeScheme = parseIdScheme('attributeOptionComboIdScheme', q.attributeOptionComboIdScheme, idScheme);
  // Attribute option combos asked for: the default (0) and attribute options of the regimes.
  let attributeOptionIds: number[] | undefined;
  const askedAttributes = list(q.attributeOptionCombo);
  if (askedAttributes.length > 0) {
    const named = askedAttributes.filter((a) => !DEFAULT_COMBO_REFS.has(a));
    const found = named.length ? await repo.selectAttributeOptionIds(ctx.db, named, attributeScheme) : { ids: [], missing: [] };
    if (found.missing.length) throw refuse('E2011', 'attributeOptionCombo', `Không có tổ hợp thuộc tính '${found.missing[0]}'`, `Attribute option combo not found: '${found.missing[0]}'`);
    attributeOptionIds = [...(named.length < askedAttributes.length ? [0] : []), ...found.ids];
  }
  const dataSetScheme = parseIdScheme('dataSetIdScheme', q.dataSetIdScheme, idScheme === 'uid' ? 'uid' : 'code');
  if (dataSetScheme === 'id') {
    throw refuse('UNSUPPORTED_ID_SCHEME', 'dataSetIdScheme', 'Chế độ báo cáo được gọi bằng mã (CODE) hoặc UID', 'Report regimes are named by code (CODE) or UID');
  }

  // What: data elements of the data sets and the ones named.
  const elementIds = new Set<number>();
  let dataSetCode: string | undefined;
  for (const ref of list(q.dataSet)) {
    const regime = await repo.selectRegimeElementRefs(ctx.db, ref, dataSetScheme);
    if (!regime) throw refuse('E7600', 'dataSet', `Không có chế độ báo cáo '${ref}'`, `No report regime '${ref}'`);
    dataSetCode = ref;
    for (const id of regime.elementIds) elementIds.add(id);
  }
  const named = list(q.dataElement);
  if (named.length) {
    const found = await repo.selectElementIds(ctx.db, named, schemes.dataElement);
    if (found.missing.length) throw refuse('E1100', 'dataElement', `Không có chỉ số '${found.missing[0]}'`, `Data element not found: '${found.missing[0]}'`);
    for (const id of found.ids) elementIds.add(id);
  }
  if (list(q.dataSet).length === 0 && named.length === 0) throw refuse('E2001', 'dataSet', 'Cần ít nhất một dataSet hoặc dataElement', 'At least one data set or data element must be specified');

  // When: periods, or a date range, or a last-updated time.
  const periods = list(q.period);
  for (const p of periods) if (!tryParsePeriod(p)) throw refuse('E1101', 'period', `Kỳ '${p}' không hợp lệ`, `Period is invalid: '${p}'`);
  if (periods.length && (q.startDate || q.endDate)) throw refuse('E2003', 'startDate', 'Không dùng cùng lúc period và startDate/endDate', 'Both periods and start/end date cannot be specified');
  for (const [k, v] of [
    ['startDate', q.startDate],
    ['endDate', q.endDate],
  ] as const) {
    if (v !== undefined && !DATE.test(v)) throw refuse('VALIDATION_FAILED', k, `${k} cần dạng YYYY-MM-DD`, `${k} must be YYYY-MM-DD`, 400);
  }
  if ((q.startDate === undefined) !== (q.endDate === undefined)) throw refuse('E2002', q.startDate ? 'endDate' : 'startDate', 'Cần cả startDate và endDate', 'Both startDate and endDate are needed');
  if (q.startDate && q.endDate && q.startDate > q.endDate) throw refuse('E2004', 'startDate', 'startDate phải trước endDate', 'Start date must be before end date');
  let lastUpdated: Date | undefined;
  if (q.lastUpdated !== undefined) {
    lastUpdated = new Date(q.lastUpdated);
    if (Number.isNaN(lastUpdated.getTime())) throw refuse('VALIDATION_FAILED', 'lastUpdated', 'lastUpdated không phải ngày giờ', 'lastUpdated is not a date or time', 400);
  }
  if (!periods.length && !q.startDate && !lastUpdated)
    throw refuse('E2002', 'period', 'Cần period, startDate/endDate hoặc lastUpdated', 'At least one period, start/end dates or last updated must be specified');

  // Where: units (each in the caller's read scope), with their subtrees when asked.
  const children = flagOf(q.children ?? q.includeDescendants) === true;
  const units: { id: number; path: string }[] = [];
  for (const ref of list(q.orgUnit)) {
    const u = await requireOrgUnitRef(ctx.db, schemes.orgUnit === 'id' && /^\d+$/.test(ref) ? `id:${ref}` : schemes.orgUnit === 'uid' ? `uid:${ref}` : ref, 'querystring.orgUnit');
    assertPermission(ctx.actor, 'data.read', u.path);
    units.push(u);
  }
  for (const code of list(q.orgUnitGroup)) {
    const members = await repo.selectGroupUnits(ctx.db, code);
    if (!members) throw refuse('E2006', 'orgUnitGroup', `Không có nhóm đơn vị '${code}'`, `No org unit group '${code}'`);
    if (children) throw refuse('E2007', 'children', 'Không lấy đơn vị con cho nhóm đơn vị', 'Organisation unit children cannot be included for organisation unit groups');
    for (const m of members) {
      assertPermission(ctx.actor, 'data.read', m.path);
      units.push(m);
    }
  }
  if (units.length === 0) throw refuse('E2006', 'orgUnit', 'Cần ít nhất một đơn vị hoặc nhóm đơn vị', 'At least one organisation unit or organisation unit group must be specified');
  let limit = EXPORT_MAX_VALUES;
  if (q.limit !== undefined) {
    limit = Number(q.limit);
    if (!Number.isSafeInteger(limit) || limit < 0) throw refuse('E2009', 'limit', `limit '${q.limit}' phải là số nguyên không âm`, `Limit cannot be less than zero: '${q.limit}'`);
    limit = Math.min(limit, EXPORT_MAX_VALUES);
  }
  const rows = await repo.selectExportValues(ctx.db, {
    dataElementIds: [...elementIds],
    periods: periods.length ? periods : undefined,
    startDate: q.startDate,
    endDate: q.endDate,
    ...(children ? { pathPrefixes: units.map((u) => u.path) } : { orgUnitIds: units.map((u) => u.id) }),
    lastUpdated,
    attributeOptionIds,
    limit: q.limit === undefined ? limit + 1 : limit,
  });
  if (q.limit === undefined && rows.length > EXPORT_MAX_VALUES) {
    throw new AppError(
      'TOO_MANY_VALUES',
      413,
      `Hơn ${EXPORT_MAX_VALUES} giá trị; hãy thu hẹp (kỳ, đơn vị) hoặc dùng limit`,
      `More than ${EXPORT_MAX_VALUES} values; narrow the request (periods, org units) or use limit`,
      [{ path: 'querystring', messageVi: 'Quá nhiều giá trị', messageEn: 'Too many values' }],
    );
  }
  const values = rows.map((r) => ({
    dataElement: schemes.dataElement === 'id' ? String(r.dataElementId) : schemes.dataElement === 'uid' ? r.dataElementUid : r.dataElement,
    period: r.period,
    orgUnit: schemes.orgUnit === 'id' ? String(r.orgUnitId) : schemes.orgUnit === 'uid' ? r.orgUnitUid : r.orgUnit,
    categoryOptionCombo: r.optionId === 0 ? 'default' : schemes.option === 'id' ? String(r.optionId) : schemes.option === 'uid' ? (r.optionUid ?? 'default') : (r.option ?? 'default'),
    attributeOptionCombo:
      r.attributeOptionId === 0
        ? 'default'
        : attributeScheme === 'id'
          ? String(r.attributeOptionId)
          : attributeScheme === 'uid'
            ? (r.attributeOptionUid ?? 'default')
            : (r.attributeOption ?? 'default'),
    value: r.textValue ?? (r.value === null ? '' : String(r.value)),
    storedBy: r.storedBy ?? '',
    lastUpdated: new Date(r.updatedAt).toISOString().replace('Z', ''),
    comment: r.comment ?? '',
    followup: false,
    category: r.optionId === 0 ? null : r.disaggregation,
    attributeCategory: r.attributeOptionId === 0 ? null : r.attributeDisaggregation,
  }));
  return render(values, req.format, list(q.dataSet).length === 1 ? dataSetCode : undefined);
}

type OutValue = {
  dataElement: string;
  period: string;
  orgUnit: string;
  categoryOptionCombo: string;
  attributeOptionCombo: string;
  value: string;
  storedBy: string;
  lastUpdated: string;
  comment: string;
  followup: boolean;
  category: string | null;
  /** The attribute option's disaggregation (ADX names the group's attribute option by it), null for the default. */
  attributeCategory: string | null;
};

const csvCell = (s: string) => (/[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
const xmlText = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const xmlAttr = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/\n/g, '&#10;').replace(/\r/g, '&#13;').replace(/\t/g, '&#9;');

/** The export: a file's text (CSV, XML, ADX), or DHIS2's dataValueSet in JSON. */
type Rendered = { contentType: string; body: string } | { contentType: string; body: z.output<typeof exportedSetSchema> };

function render(values: OutValue[], format: ExportFormat, dataSet?: string): Rendered {
  if (format === 'csv') {
    // DHIS2 2.41's export columns, in its order; a comment or text value with commas or quotes is quoted.
    const lines = ['dataelement,period,orgunit,catoptcombo,attroptcombo,value,storedby,lastupdated,comment,followup'];
    for (const v of values)
      lines.push([v.dataElement, v.period, v.orgUnit, v.categoryOptionCombo, v.attributeOptionCombo, v.value, v.storedBy, v.lastUpdated, v.comment, String(v.followup)].map(csvCell).join(','));
    return { contentType: 'text/csv; charset=utf-8', body: `${lines.join('\n')}\n` };
  }
  if (format === 'adx') {
    // IHE ADX: one <group> per unit and period (its first day/duration), the option as an attribute named by its
    // category (the disaggregation), the comment as the annotation.
    const groups = new Map<string, OutValue[]>();
    for (const v of values) {
      const key = `${v.orgUnit}\u0000${v.period}\u0000${v.attributeCategory ?? ''}\u0000${v.attributeCategory ? v.attributeOptionCombo : ''}`;
      const list = groups.get(key);
      if (list) list.push(v);
      else groups.set(key, [v]);
    }
    const ds = dataSet ? ` dataSet="${xmlAttr(dataSet)}"` : '';
    const out: string[] = ['<?xml version="1.0" encoding="UTF-8"?>', '<adx xmlns="urn:ihe:qrph:adx:2015">'];
    for (const list of groups.values()) {
      const first = list[0];
      // The attribute option combo is the group's attribute named by its category (the attribute disaggregation).
      const attribute = first.attributeCategory ? ` ${first.attributeCategory}="${xmlAttr(first.attributeOptionCombo)}"` : '';
      out.push(`  <group orgUnit="${xmlAttr(first.orgUnit)}" period="${xmlAttr(toAdxPeriod(first.period) ?? first.period)}"${ds}${attribute}>`);
      for (const v of list) {
        const category = v.category ? ` ${v.category}="${xmlAttr(v.categoryOptionCombo)}"` : '';
        const head = `    <dataValue dataElement="${xmlAttr(v.dataElement)}"${category} value="${xmlAttr(v.value)}"`;
        out.push(v.comment ? `${head}><annotation>${xmlText(v.comment)}</annotation></dataValue>` : `${head}/>`);
      }
      out.push('  </group>');
    }
    out.push('</adx>', '');
    return { contentType: 'application/adx+xml; charset=utf-8', body: out.join('\n') };
  }
  if (format === 'xml') {
    const attrs = ({ category: _category, attributeCategory: _attributeCategory, ...v }: OutValue) =>
      Object.entries(v)
        .map(([k, x]) => `${k}="${xmlAttr(String(x))}"`)
        .join(' ');
    const head = dataSet ? ` dataSet="${xmlAttr(dataSet)}"` : '';
    const body = `<?xml version="1.0" encoding="UTF-8"?>\n<dataValueSet xmlns="http://dhis2.org/schema/dxf/2.0"${head}>\n${values.map((v) => `  <dataValue ${attrs(v)}/>`).join('\n')}\n</dataValueSet>\n`;
    return { contentType: 'application/xml; charset=utf-8', body };
  }
  const dataValues = values.map(({ category: _category, attributeCategory: _attributeCategory, ...v }) => v);
  return { contentType: 'application/json; charset=utf-8', body: dataSet ? { dataSet, dataValues } : { dataValues } };
}
