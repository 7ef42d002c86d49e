// DHIS2's dataValueSets contract on /api/dataValueSets (and /api/NN/dataValueSets): every field and
// parameter DHIS2 2.41 defines is listed here with what this server does with it — honoured, or refused
// with a conflict or an error that names it. Nothing is dropped in silence (dhis2.test.ts walks the lists).
import { AppError } from '../../http/errors.ts';
import type { Conflict, ConflictCode, ImportStrategy, ImportSummary } from './write.ts';
import type { RawValue } from './stream-parse.ts';
import type { z } from 'zod';
import type { importWebMessageSchema } from './schema.ts';

export type Treatment = { kind: 'honoured'; how: string } | { kind: 'refused-unless'; allowed: string; how: string };

/** The fields of one data value (DHIS2's dxf2 DataValue), and the product's own aliases. */
export const VALUE_FIELDS: Record<string, Treatment> = {
  dataElement: { kind: 'honoured', how: 'code (or its DHIS2 UID with idScheme=UID, id:<n> / idScheme=ID); E7610 when unknown' },
  period: { kind: 'honoured', how: 'DHIS2 period id; E7611 when not a period, E7632 when not the regime frequency' },
  orgUnit: { kind: 'honoured', how: 'code (or UID, or id, by orgUnitIdScheme); E7612 unknown, E7617 outside the caller’s scope' },
  categoryOptionCombo: { kind: 'honoured', how: 'the disaggregation option code (or UID, or id); empty, "default" or HllvX50cXC0 for none; E7613/E7630' },
  attributeOptionCombo: {
    kind: 'honoured',
    how: 'an option of the attribute disaggregation of the element’s regime (code, UID or id by attributeOptionComboIdScheme): part of the value’s key; absent, empty, "default" or HllvX50cXC0 for none; E7615 unknown, E7635 not the regime’s, E7631 missing where the regime declares one',
  },
  value: { kind: 'honoured', how: 'typed by the element’s value type; E7619 when it does not fit; empty deletes' },
  comment: { kind: 'honoured', how: 'kept with the value (≤ 2,000 characters; E7620 beyond)' },
  followup: { kind: 'refused-unless', allowed: 'absent, false, f, 0', how: 'E2033: follow-up marks are not kept' },
  storedBy: { kind: 'honoured', how: 'kept as the sender’s claim in the import’s audit entry (dhis2Provenance); the value records the signed-in sender; longer than 255 is E7637' },
  created: { kind: 'honoured', how: 'kept as a claim in the audit entry (earliest and latest); the value records the server’s time; not a date is TIMESTAMP_NOT_ACCEPTED' },
  lastUpdated: { kind: 'honoured', how: 'as created' },
  timestamp: { kind: 'honoured', how: 'DHIS2’s older name of lastUpdated, as created' },
  deleted: { kind: 'honoured', how: 'true/t/1 deletes the stored value' },
  // The product's own names for the disaggregation option.
  option: { kind: 'honoured', how: 'alias of categoryOptionCombo' },
  disaggregation: { kind: 'honoured', how: 'alias of categoryOptionCombo' },
};

/** The members of a JSON dataValueSet besides its values (DHIS2's dxf2 DataValueSet). */
export const SET_FIELDS: Record<string, Treatment> = {
  dataValues: { kind: 'honoured', how: 'the values' },
  period: { kind: 'honoured', how: 'default period of every value' },
  orgUnit: { kind: 'honoured', how: 'default org unit of every value' },
  dataSet: { kind: 'honoured', how: 'a report regime code: each value’s element must be in it (E7633); unknown is E7600' },
  completeDate: { kind: 'honoured', how: 'with dataSet, period and orgUnit: submits the report after the values are written (dataSetComplete)' },
  attributeOptionCombo: { kind: 'honoured', how: 'default attribute option combo of every value (a value’s own wins); unknown is E7604' },
  attributeCategoryOptions: {
    kind: 'refused-unless',
    allowed: 'absent, empty, or one option (the attribute disaggregation is one category)',
    how: 'one option is the set’s attributeOptionCombo; more is E7604',
  },
  idScheme: { kind: 'refused-unless', allowed: 'the same as the query parameter’s (default CODE)', how: '409 naming it: give it as a query parameter' },
  dataElementIdScheme: { kind: 'refused-unless', allowed: 'as idScheme', how: 'as idScheme' },
  orgUnitIdScheme: { kind: 'refused-unless', allowed: 'as idScheme', how: 'as idScheme' },
  categoryOptionComboIdScheme: { kind: 'refused-unless', allowed: 'as idScheme', how: 'as idScheme' },
  dataSetIdScheme: { kind: 'refused-unless', allowed: 'the same as the query parameter’s (default CODE)', how: 'as idScheme' },
  dryRun: { kind: 'refused-unless', allowed: 'the same as the query parameter’s (default false)', how: 'as idScheme' },
  strategy: { kind: 'refused-unless', allowed: 'the same as importStrategy’s (default CREATE_AND_UPDATE)', how: 'as idScheme' },
  importStrategy: { kind: 'refused-unless', allowed: 'as strategy', how: 'as idScheme' },
};

/** The query parameters of POST /api/dataValueSets. */
export const IMPORT_PARAMS: Record<string, Treatment> = {
  idScheme: { kind: 'refused-unless', allowed: 'CODE, UID, ID, NAME', how: 'ATTRIBUTE:… is refused (409 UNSUPPORTED_ID_SCHEME): the product keeps no attribute values' },
  dataElementIdScheme: { kind: 'refused-unless', allowed: 'CODE, UID, ID, NAME', how: 'as idScheme, for data elements (NAME: a name two share is a conflict naming it)' },
  orgUnitIdScheme: { kind: 'refused-unless', allowed: 'CODE, UID, ID, NAME', how: 'as idScheme, for org units (NAME: a name two share is a conflict naming it)' },
  categoryOptionComboIdScheme: { kind: 'refused-unless', allowed: 'CODE, UID, ID, NAME', how: 'as idScheme, for disaggregation options' },
  attributeOptionComboIdScheme: { kind: 'refused-unless', allowed: 'CODE, UID, ID', how: 'as idScheme, for attribute options (NAME is not offered for them)' },
  dataSetIdScheme: { kind: 'refused-unless', allowed: 'CODE, UID', how: 'a report regime by its code or its UID' },
  dryRun: { kind: 'honoured', how: 'check everything, write nothing' },
  importStrategy: { kind: 'honoured', how: 'CREATE (NEW), UPDATE (UPDATES), CREATE_AND_UPDATE (NEW_AND_UPDATES), DELETE' },
  preheatCache: { kind: 'honoured', how: 'metadata is always read once per request; either value gives the same result' },
  async: { kind: 'honoured', how: 'true: queued as a job, answered at once; /api/system/tasks/DATAVALUE_IMPORT/{id} and /api/system/taskSummaries/DATAVALUE_IMPORT/{id}' },
  skipExistingCheck: { kind: 'refused-unless', allowed: 'false', how: 'stored values are always compared' },
  skipAudit: { kind: 'refused-unless', allowed: 'false', how: 'every write is audited' },
  skipNotifications: { kind: 'refused-unless', allowed: 'false', how: 'early-warning rules always run after a write' },
  force: { kind: 'refused-unless', allowed: 'false', how: 'locks and approvals are lifted by reopening the report, not by a flag' },
  strictPeriods: { kind: 'honoured', how: 'always strict: a period of another frequency is E7632' },
  strictDataElements: { kind: 'honoured', how: 'always strict: an element outside the unit’s regimes is E7636' },
  strictCategoryOptionCombos: { kind: 'honoured', how: 'always strict: E7613' },
  strictAttributeOptionCombos: { kind: 'honoured', how: 'always strict: the attribute option must be one of the regime’s (E7615, E7635)' },
  strictOrganisationUnits: { kind: 'honoured', how: 'always strict: the unit must report the element' },
  strictDataSetApproval: { kind: 'honoured', how: 'always: an approved report is E7642' },
  strictDataSetLocking: { kind: 'honoured', how: 'always: a locked period is E7640' },
  strictDataSetInputPeriods: { kind: 'honoured', how: 'always: a period not open yet is E7641' },
  requireCategoryOptionCombo: { kind: 'honoured', how: 'true: a value without categoryOptionCombo is E7630' },
  requireAttributeOptionCombo: { kind: 'honoured', how: 'true: a value without attributeOptionCombo is E7631' },
  skipPatternValidation: { kind: 'honoured', how: 'no aggregate value has a pattern' },
  ignoreEmptyCollection: { kind: 'honoured', how: 'an empty set answers SUCCESS with zero counts either way' },
  firstRowIsHeader: { kind: 'honoured', how: 'CSV: true (DHIS2’s default) reads the first row as a header' },
  atomic: { kind: 'honoured', how: 'the product’s all-or-nothing mode (default false here)' },
  lang: { kind: 'honoured', how: 'language of messages' },
};

/** DHIS2's error codes for the product's conflict codes. */
export const E_CODES: Record<ConflictCode, string> = {
  UNKNOWN_DATA_ELEMENT: 'E7610',
  INVALID_PERIOD: 'E7611',
  UNKNOWN_ORG_UNIT: 'E7612',
  ORG_UNIT_OUT_OF_SCOPE: 'E7617',
  ORG_UNIT_CLOSED: 'E2019',
  ELEMENT_NOT_IN_REGIME: 'E7636',
  PERIOD_TYPE_MISMATCH: 'E7632',
  PERIOD_LOCKED: 'E7640',
  REPORT_APPROVED: 'E7642',
  PERIOD_NOT_OPEN: 'E7641',
  OPTION_REQUIRED: 'E7630',
  INVALID_OPTION: 'E7613',
  INVALID_VALUE: 'E7619',
  VALUE_OUT_OF_RANGE: 'E7619',
  REPORT_SUBMITTED: 'E7643',
  MISSING_FIELD: 'E7618',
  UNKNOWN_FIELD: 'E2038',
  UNKNOWN_ATTRIBUTE_OPTION_COMBO: 'E7615',
  ATTRIBUTE_OPTION_COMBO_NOT_IN_REGIME: 'E7635',
  ATTRIBUTE_OPTION_COMBO_REQUIRED: 'E7631',
  FOLLOWUP_NOT_SUPPORTED: 'E2033',
  STORED_BY_NOT_CALLER: 'E7637',
  TIMESTAMP_NOT_ACCEPTED: 'E7619',
  ELEMENT_NOT_IN_DATA_SET: 'E7633',
  INVALID_FLAG: 'E7619',
};

const MISSING_FIELD_CODES: Record<string, string> = { dataElement: 'E7610', period: 'E7611', orgUnit: 'E7612' };

export const DEFAULT_COMBO_REFS = new Set(['', 'default', 'HllvX50cXC0']);

/**
 * CODE (the product's default), UID (DHIS2's default: every object carries an 11-character DHIS2 UID), ID (the
 * product's numeric ids) or NAME (the Vietnamese name, exactly; on import only).
 */
export type IdScheme = 'code' | 'id' | 'uid' | 'name';

const unsupported = (param: string, value: string, vi: string, en: string) =>
  new AppError('UNSUPPORTED_PARAMETER', 409, `Tham số '${param}=${value}' không được hỗ trợ: ${vi}`, `Parameter '${param}=${value}' is not supported: ${en}`, [
    { path: `querystring.${param}`, messageVi: vi, messageEn: en },
  ]);

/** CODE, UID and ID (the product's numeric ids) are kept, NAME where `name` says so (import); ATTRIBUTE:… is refused by name. */
export function parseIdScheme(param: string, value: string | undefined, fallback: Exclude<IdScheme, 'name'>): Exclude<IdScheme, 'name'>;
export function parseIdScheme(param: string, value: string | undefined, fallback: IdScheme, options: { name: true }): IdScheme;
export function parseIdScheme(param: string, value: string | undefined, fallback: IdScheme, { name = false }: { name?: boolean } = {}): IdScheme {
  if (value === undefined || value === '') return fallback;
  const v = value.toUpperCase();
  if (v === 'CODE') return 'code';
  if (v === 'ID') return 'id';
  if (v === 'UID') return 'uid';
  if (v === 'NAME' && name) return 'name';
  // ATTRIBUTE:<uid> names objects by a metadata attribute value: the product keeps no such values, so no object
  // could ever match. NAME is not offered yet: each object kind would need its own rule for a name two objects share.
  const [vi, en] = v.startsWith('ATTRIBUTE')
    ? [
        'sản phẩm không lưu giá trị thuộc tính (attribute) của danh mục nên không đối tượng nào khớp; dùng CODE (mặc định), UID hoặc ID',
        'the product keeps no metadata attribute values, so no object could match; use CODE (the default), UID or ID',
      ]
    : v === 'NAME'
      ? [
          'chỉ nhận dữ liệu (POST) mới gọi chỉ số, đơn vị, phân tổ bằng tên; ở đây dùng CODE (mặc định), UID hoặc ID',
          'objects are named by their name on import (POST) only, for data elements, org units and options; here use CODE (the default), UID or ID',
        ]
      : ['dùng CODE (mặc định), UID hoặc ID', 'use CODE (the default), UID or ID'];
  throw new AppError('UNSUPPORTED_ID_SCHEME', 409, `'${param}=${value}' không được hỗ trợ: ${vi}`, `'${param}=${value}' is not supported: ${en}`, [
    { path: `querystring.${param}`, messageVi: vi, messageEn: en },
  ]);
}

const STRATEGIES: Record<string, ImportStrategy> = {
  CREATE: 'CREATE',
  NEW: 'CREATE',
  UPDATE: 'UPDATE',
  UPDATES: 'UPDATE',
  CREATE_AND_UPDATE: 'CREATE_AND_UPDATE',
  NEW_AND_UPDATES: 'CREATE_AND_UPDATE',
  DELETE: 'DELETE',
  DELETES: 'DELETE',
};

export function parseImportStrategy(value: string | undefined, param = 'importStrategy'): ImportStrategy {
  if (value === undefined || value === '') return 'CREATE_AND_UPDATE';
  const s = STRATEGIES[value.toUpperCase()];
  if (!s) {
    throw new AppError(
      'VALIDATION_FAILED',
      400,
      `'${param}=${value}' không hợp lệ (CREATE, UPDATE, CREATE_AND_UPDATE, DELETE, NEW, UPDATES, NEW_AND_UPDATES)`,
      `'${param}=${value}' is not valid (CREATE, UPDATE, CREATE_AND_UPDATE, DELETE, NEW, UPDATES, NEW_AND_UPDATES)`,
      [{ path: `querystring.${param}`, messageVi: 'Chiến lược nhập không hợp lệ', messageEn: 'Invalid import strategy' }],
    );
  }
  return s;
}

const TRUE = new Set(['true', 't', '1', 'yes']);
const FALSE = new Set(['false', 'f', '0', 'no', '']);
/** A DHIS2 flag: true, false or not a flag (null). */
export function flagOf(v: unknown): boolean | null {
  if (v === undefined || v === null) return false;
  if (typeof v === 'boolean') return v;
  const s = String(v).trim().toLowerCase();
  return TRUE.has(s) ? true : FALSE.has(s) ? false : null;
}

/** Query flags that must stay at DHIS2's default, because the server does not do the other thing. */
export function refuseNonDefaultParams(query: Record<string, string | undefined>) {
  const refusals: [string, string, string][] = [
    ['skipExistingCheck', 'giá trị đã lưu luôn được so sánh', 'stored values are always compared'],
    ['skipAudit', 'mọi lần ghi đều được ghi nhật ký', 'every write is audited'],
    ['skipNotifications', 'quy tắc cảnh báo luôn chạy sau khi ghi', 'early-warning rules always run after a write'],
    ['force', 'khoá và phê duyệt chỉ gỡ bằng cách mở lại báo cáo', 'locks and approvals are lifted by reopening the report'],
  ];
  for (const [param, vi, en] of refusals) {
    const v = query[param];
    if (v !== undefined && flagOf(v) !== false) throw unsupported(param, v, vi, en);
  }
}

export interface Dhis2ValueRules {
  callerName: string;
  requireCategoryOptionCombo: boolean;
  requireAttributeOptionCombo: boolean;
  /** Element refs (as the id scheme names them) of the set's dataSet, when one was given. */
  dataSetElements: Set<string> | null;
  dataSetCode: string | null;
}

export interface Refusal {
  code: ConflictCode;
  property: string;
  object: string;
  vi: string;
  en: string;
}

const blank = (v: unknown) => v === undefined || v === null || (typeof v === 'string' && v.trim() === '');

/** The first field of a value that the DHIS2 path cannot keep as sent, or null. */
export function refusalOf(raw: RawValue, header: Record<string, unknown>, rules: Dhis2ValueRules): Refusal | null {
  for (const key in raw) {
    if (!(key in VALUE_FIELDS)) {
      return {
        code: 'UNKNOWN_FIELD',
        property: key,
        object: key,
        vi: `Trường '${key}' không có trong giá trị số liệu của DHIS2; không ghi giá trị này`,
        en: `Field '${key}' is not a field of a DHIS2 data value; the value is not written`,
      };
    }
  }
  const aoc = raw.attributeOptionCombo ?? header.attributeOptionCombo;
  if (rules.requireAttributeOptionCombo && blank(aoc)) {
    return {
      code: 'ATTRIBUTE_OPTION_COMBO_REQUIRED',
      property: 'attributeOptionCombo',
      object: '',
      vi: 'Thiếu attributeOptionCombo (requireAttributeOptionCombo=true)',
      en: 'attributeOptionCombo is missing (requireAttributeOptionCombo=true)',
    };
  }
  const coc = raw.categoryOptionCombo ?? raw.option ?? raw.disaggregation;
  if (rules.requireCategoryOptionCombo && blank(coc)) {
    return {
      code: 'OPTION_REQUIRED',
      property: 'categoryOptionCombo',
      object: '',
      vi: 'Thiếu categoryOptionCombo (requireCategoryOptionCombo=true)',
      en: 'categoryOptionCombo is missing (requireCategoryOptionCombo=true)',
    };
  }
  const followup = flagOf(raw.followup);
  if (followup !== false) {
    return {
      code: followup === null ? 'INVALID_FLAG' : 'FOLLOWUP_NOT_SUPPORTED',
      property: 'followup',
      object: String(raw.followup),
      vi: followup === null ? `followup '${raw.followup}' không phải true/false` : 'followup=true: chưa lưu dấu theo dõi của giá trị; gửi lại không có followup',
      en: followup === null ? `followup '${raw.followup}' is not true/false` : 'followup=true: follow-up marks are not kept; send the value without followup',
    };
  }
  if (flagOf(raw.deleted) === null) {
    return { code: 'INVALID_FLAG', property: 'deleted', object: String(raw.deleted), vi: `deleted '${raw.deleted}' không phải true/false`, en: `deleted '${raw.deleted}' is not true/false` };
  }
  if (!blank(raw.storedBy) && String(raw.storedBy).length > 255) {
    return { code: 'STORED_BY_NOT_CALLER', property: 'storedBy', object: String(raw.storedBy).slice(0, 40), vi: 'storedBy dài quá 255 ký tự', en: 'storedBy is longer than 255 characters' };
  }
  for (const f of ['created', 'lastUpdated', 'timestamp'] as const) {
    if (!blank(raw[f]) && Number.isNaN(Date.parse(String(raw[f])))) {
      return { code: 'TIMESTAMP_NOT_ACCEPTED', property: f, object: String(raw[f]), vi: `${f} '${raw[f]}' không phải ngày giờ`, en: `${f} '${raw[f]}' is not a date or time` };
    }
  }
  if (rules.dataSetElements && !blank(raw.dataElement) && !rules.dataSetElements.has(String(raw.dataElement).trim())) {
    return {
      code: 'ELEMENT_NOT_IN_DATA_SET',
      property: 'dataElement',
      object: String(raw.dataElement),
      vi: `Chỉ số '${raw.dataElement}' không thuộc chế độ báo cáo '${rules.dataSetCode}' (dataSet)`,
      en: `Data element '${raw.dataElement}' is not in report regime '${rules.dataSetCode}' (dataSet)`,
    };
  }
  return null;
}

/**
 * What a sender claims about a value's origin (storedBy, created, lastUpdated/timestamp — a DHIS2 export
 * carries them). The value itself records who sent it and when the server received it, so that the
 * audit trail stays true; the claims are kept, summed up, in the import's audit entry.
 */
export class Provenance {
  private readonly storedBy = new Map<string, number>();
  private earliest: string | null = null;
  private latest: string | null = null;
  private claims = 0;

  note(raw: RawValue): void {
    const sb = raw.storedBy;
    let claimed = false;
    if (!blank(sb)) {
      const name = String(sb).trim();
      if (this.storedBy.has(name) || this.storedBy.size < 20) this.storedBy.set(name, (this.storedBy.get(name) ?? 0) + 1);
      claimed = true;
    }
    for (const f of ['created', 'lastUpdated', 'timestamp'] as const) {
      const v = raw[f];
      if (blank(v)) continue;
      const t = new Date(String(v)).toISOString();
      if (this.earliest === null || t < this.earliest) this.earliest = t;
      if (this.latest === null || t > this.latest) this.latest = t;
      claimed = true;
    }
    if (claimed) this.claims += 1;
  }

  summary(): Record<string, unknown> | null {
    if (this.claims === 0) return null;
    return { values: this.claims, storedBy: Object.fromEntries(this.storedBy), earliest: this.earliest, latest: this.latest };
  }
}

/** Header members the set may not carry, checked as soon as they are read. */
export function refuseSetMembers(header: Record<string, unknown>, options?: Dhis2ImportOptions) {
  if (options) {
    // The import's options are fixed before its body is read: a member may only repeat them.
    const effective: Record<string, string> = {
      idScheme: options.idSchemes.idScheme,
      dataElementIdScheme: options.idSchemes.dataElementIdScheme,
      orgUnitIdScheme: options.idSchemes.orgUnitIdScheme,
      categoryOptionComboIdScheme: options.idSchemes.categoryOptionComboIdScheme,
      dataSetIdScheme: options.idSchemes.dataSetIdScheme ?? 'code',
      dryRun: String(options.dryRun),
      strategy: options.importStrategy,
      importStrategy: options.importStrategy,
    };
    for (const [key, value] of Object.entries(effective)) {
      const given = header[key];
      if (given === undefined || given === null || given === '') continue;
      const same = key === 'strategy' || key === 'importStrategy' ? STRATEGIES[String(given).toUpperCase()] === value : String(given).toLowerCase() === value.toLowerCase();
      if (!same) {
        throw new AppError(
          'UNSUPPORTED_PARAMETER',
          409,
          `'${key}: ${String(given)}' trong dataValueSet khác với tham số của yêu cầu (${value}); hãy gửi nó làm tham số truy vấn ?${key}=…; không ghi gì`,
          `'${key}: ${String(given)}' in the dataValueSet differs from the request's (${value}); send it as the query parameter ?${key}=…; nothing was written`,
          [{ path: `body.${key}`, messageVi: 'Dùng tham số truy vấn', messageEn: 'Use the query parameter' }],
        );
      }
    }
  }
  for (const key of Object.keys(header)) {
    if (!(key in SET_FIELDS)) {
      throw new AppError('UNKNOWN_FIELD', 409, `Trường '${key}' không có trong dataValueSet của DHIS2; không ghi gì`, `Field '${key}' is not a member of a DHIS2 dataValueSet; nothing was written`, [
        { path: `body.${key}`, messageVi: 'Trường không được hỗ trợ', messageEn: 'Unsupported field' },
      ]);
    }
  }
  // attributeCategoryOptions names the set's attribute option combo by its category options: here the attribute
  // disaggregation is one category, so one option is the combo itself (more cannot name one).
  const categoryOptions = header.attributeCategoryOptions;
  const listed = Array.isArray(categoryOptions) ? categoryOptions : blank(categoryOptions) ? [] : [categoryOptions];
  if (listed.length > 1) {
    throw new AppError(
      'E7604',
      409,
      `attributeCategoryOptions có ${listed.length} lựa chọn; phân tổ thuộc tính ở đây là một danh mục, nêu một lựa chọn (hoặc attributeOptionCombo); không ghi gì`,
      `attributeCategoryOptions lists ${listed.length} options; the attribute disaggregation here is one category, name one option (or attributeOptionCombo); nothing was written`,
      [{ path: 'body.attributeCategoryOptions', messageVi: 'Nêu một lựa chọn', messageEn: 'Name one option' }],
    );
  }
  if (listed.length === 1) {
    const option = String(listed[0]).trim();
    if (!blank(header.attributeOptionCombo) && String(header.attributeOptionCombo).trim() !== option) {
      throw new AppError(
        'E7604',
        409,
        `attributeCategoryOptions '${option}' khác attributeOptionCombo '${String(header.attributeOptionCombo)}'; không ghi gì`,
        `attributeCategoryOptions '${option}' differs from attributeOptionCombo '${String(header.attributeOptionCombo)}'; nothing was written`,
        [{ path: 'body.attributeCategoryOptions', messageVi: 'Chỉ nêu một trong hai', messageEn: 'Give one of them' }],
      );
    }
    header.attributeOptionCombo = option;
  }
}

interface GroupedConflict {
  object: string;
  objects: Record<string, string>;
  value: string;
  errorCode: string;
  property?: string;
  indexes: number[];
  code: ConflictCode;
  messageVi: string;
  messageEn: string;
}

const OBJECT_KIND: Partial<Record<ConflictCode, string>> = {
  UNKNOWN_DATA_ELEMENT: 'dataElement',
  ELEMENT_NOT_IN_REGIME: 'dataElement',
  ELEMENT_NOT_IN_DATA_SET: 'dataElement',
  UNKNOWN_ORG_UNIT: 'orgUnit',
  ORG_UNIT_OUT_OF_SCOPE: 'orgUnit',
  ORG_UNIT_CLOSED: 'orgUnit',
  INVALID_PERIOD: 'period',
  PERIOD_TYPE_MISMATCH: 'period',
  PERIOD_LOCKED: 'period',
  PERIOD_NOT_OPEN: 'period',
  REPORT_APPROVED: 'period',
  REPORT_SUBMITTED: 'period',
  OPTION_REQUIRED: 'categoryOptionCombo',
  INVALID_OPTION: 'categoryOptionCombo',
  UNKNOWN_ATTRIBUTE_OPTION_COMBO: 'attributeOptionCombo',
  ATTRIBUTE_OPTION_COMBO_NOT_IN_REGIME: 'attributeOptionCombo',
  ATTRIBUTE_OPTION_COMBO_REQUIRED: 'attributeOptionCombo',
  INVALID_VALUE: 'value',
  VALUE_OUT_OF_RANGE: 'value',
};

/** Conflicts as DHIS2 2.41 lists them: one per error and object, with the indexes of every value it refused. */
export function groupConflicts(conflicts: Conflict[], lang: 'vi' | 'en'): GroupedConflict[] {
  const groups = new Map<string, GroupedConflict>();
  for (const c of conflicts) {
    const message = lang === 'vi' ? c.messageVi : c.messageEn;
    const key = `${c.errorCode}\u0001${c.object}\u0001${message}`;
    const g = groups.get(key);
    if (g) {
      g.indexes.push(c.index);
      continue;
    }
    const kind = c.property ?? OBJECT_KIND[c.errorCode] ?? (c.errorCode === 'MISSING_FIELD' ? c.object : 'value');
    const errorCode = c.errorCode === 'MISSING_FIELD' ? (MISSING_FIELD_CODES[c.object] ?? 'E7618') : E_CODES[c.errorCode];
    const grouped: GroupedConflict = {
      object: c.object,
      objects: { [kind]: c.object },
      value: message,
      errorCode,
      indexes: [c.index],
      code: c.errorCode,
      messageVi: c.messageVi,
      messageEn: c.messageEn,
    };
    if (c.property !== undefined || c.errorCode === 'MISSING_FIELD') grouped.property = c.property ?? c.object;
    groups.set(key, grouped);
  }
  return [...groups.values()];
}

export interface Dhis2ImportOptions {
  idSchemes: {
    dataElementIdScheme: IdScheme;
    orgUnitIdScheme: IdScheme;
    categoryOptionComboIdScheme: IdScheme;
    idScheme: IdScheme;
    dataSetIdScheme?: 'code' | 'uid';
    attributeOptionComboIdScheme?: IdScheme;
  };
  dryRun: boolean;
  importStrategy: ImportStrategy;
  atomic: boolean;
  firstRowIsHeader: boolean | null;
  requireCategoryOptionCombo: boolean;
  requireAttributeOptionCombo: boolean;
}

/** DHIS2's WebMessage around an ImportSummary; the product's own counts ride along inside `response`. */
export function webMessage(
  s: ImportSummary,
  lang: 'vi' | 'en',
  options: Dhis2ImportOptions,
  dataSetComplete: string | false,
  extraConflicts: GroupedConflict[] = [],
): z.output<typeof importWebMessageSchema> {
  const failed = s.status === 'ERROR';
  const conflicts = [...groupConflicts(s.conflicts, lang), ...extraConflicts];
  const rejected = [...new Set(s.conflicts.map((c) => c.index))].sort((a, b) => a - b);
  const description = failed
    ? lang === 'vi'
      ? 'Không ghi giá trị nào: yêu cầu có giá trị bị từ chối (atomic)'
      : 'Nothing was written: the request has rejected values (atomic)'
    : s.dryRun
      ? lang === 'vi'
        ? 'Chạy thử: không ghi gì'
        : 'Dry run: nothing was written'
      : s.conflictCount > 0
        ? lang === 'vi'
          ? 'Đã ghi các giá trị hợp lệ; các giá trị bị từ chối được liệt kê'
          : 'The valid values were written; the refused ones are listed'
        : lang === 'vi'
          ? 'Đã nhận số liệu'
          : 'Import done';
  const status = failed ? 'ERROR' : s.conflictCount > 0 || extraConflicts.length > 0 ? 'WARNING' : 'SUCCESS';
  return {
    httpStatus: failed ? 'Conflict' : 'OK',
    httpStatusCode: failed ? 409 : 200,
    status: failed ? 'ERROR' : status === 'WARNING' ? 'WARNING' : 'OK',
    message: failed
      ? lang === 'vi'
        ? 'Nhập số liệu có lỗi'
        : 'An error occurred, please check import summary.'
      : status === 'WARNING'
        ? lang === 'vi'
          ? 'Nhập số liệu có cảnh báo'
          : 'One more conflicts encountered, please check import summary.'
        : lang === 'vi'
          ? 'Nhập số liệu thành công'
          : 'Import was successful.',
    response: {
      responseType: 'ImportSummary',
      status,
      importOptions: {
        idSchemes: Object.fromEntries(Object.entries(options.idSchemes).map(([k, v]) => [k, v.toUpperCase()])),
        dryRun: options.dryRun,
        async: false,
        importStrategy: options.importStrategy,
        firstRowIsHeader: options.firstRowIsHeader ?? true,
        requireCategoryOptionCombo: options.requireCategoryOptionCombo,
        requireAttributeOptionCombo: options.requireAttributeOptionCombo,
        atomic: options.atomic,
      },
      description,
      importCount: { imported: s.imported, updated: s.updated, ignored: s.ignored, deleted: s.deleted },
      conflicts,
      rejectedIndexes: rejected,
      dataSetComplete: dataSetComplete === false ? 'false' : dataSetComplete,
      // The product's own figures: the full number of refused values (conflicts list at most 1,000) and of values read.
      conflictCount: s.conflictCount,
      total: s.total,
      atomic: s.atomic,
    },
  };
}
