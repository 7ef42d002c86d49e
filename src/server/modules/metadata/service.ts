import type { ServiceContext } from '../../http/context.ts';
import { assertPermission, assertPermissionAnywhere } from '../../access.ts';
import { AppError, badRequest, conflict, notFound } from '../../http/errors.ts';
import { foldVietnamese } from '../../../core/vietnamese.ts';
import { effectiveRange, isIntegerType, isNumericType, isTextType, VALUE_TYPE_LABELS } from '../../../core/value-types.ts';
import { recordAudit } from '../audit/service.ts';
import * as repo from './repo.ts';
import type { CreateDataElementInput, CreateDisaggregationInput, UpdateDataElementInput, ValueType } from './schema.ts';
import type { Db } from '../../db/db.ts';

function searchTextOf(code: string, nameVi: string, nameEn: string | null, shortName: string | null): string {
  return foldVietnamese([code, nameVi, nameEn ?? '', shortName ?? ''].join(' '));
}

/** A disaggregation with its options. */
async function withOptions(db: Db, d: repo.DisaggregationRow) {
  const options = (await repo.listOptions(db, [d.id])).map(({ disaggregationId: _d, ...o }) => o);
  return { ...d, options };
}

async function disaggregationView(db: Db, id: number | null) {
  if (id === null) return null;
  const d = await repo.findDisaggregation(db, id);
  return d ? withOptions(db, d) : null;
}

async function dataElementView(db: Db, row: repo.DataElementRow) {
  return { ...row, disaggregation: await disaggregationView(db, row.disaggregationId) };
}

export async function listDataElements(ctx: ServiceContext, q: { q?: string; sector?: string; valueType?: ValueType; limit: number; offset: number }) {
  assertPermissionAnywhere(ctx.actor, 'metadata.read');
  const folded = q.q ? foldVietnamese(q.q) : undefined;
  return repo.listDataElements(ctx.db, { folded, sectorCode: q.sector, valueType: q.valueType, limit: q.limit, offset: q.offset });
}

export async function getDataElement(ctx: ServiceContext, ref: string) {
  assertPermissionAnywhere(ctx.actor, 'metadata.read');
  const row = await repo.findDataElement(ctx.db, ref);
  if (!row) throw notFound('chỉ số', 'Data element', ref);
  return dataElementView(ctx.db, row);
}

async function resolveLinks(db: Db, input: { disaggregation?: string | null; sector?: string | null }) {
  let disaggregationId: number | null | undefined;
  if (input.disaggregation !== undefined) {
    if (input.disaggregation === null) disaggregationId = null;
    else {
      const d = await repo.findDisaggregation(db, input.disaggregation);
      if (!d) {
        throw badRequest('UNKNOWN_DISAGGREGATION', `Không có phân tổ '${input.disaggregation}'`, `Unknown disaggregation '${input.disaggregation}'`, [
          { path: 'body.disaggregation', messageVi: 'Không có phân tổ này', messageEn: 'No such disaggregation' },
        ]);
      }
      disaggregationId = d.id;
    }
  }
  let sectorId: number | null | undefined;
  if (input.sector !== undefined) {
    if (input.sector === null) sectorId = null;
    else {
      sectorId = await repo.findSectorId(db, input.sector);
      if (sectorId === null) {
        throw badRequest('UNKNOWN_SECTOR', `Không có lĩnh vực '${input.sector}'`, `Unknown sector '${input.sector}'`, [
          { path: 'body.sector', messageVi: 'Không có lĩnh vực (nhóm đơn vị) này', messageEn: 'No such sector (org unit group)' },
        ]);
      }
    }
  }
  return { disaggregationId, sectorId };
}

function assertBounds(f: repo.DataElementFields) {
  const pairs: [keyof repo.DataElementFields, keyof repo.DataElementFields, string, string][] = [
    ['minValue', 'maxValue', 'Giá trị nhỏ nhất lớn hơn giá trị lớn nhất', 'minValue is greater than maxValue'],
    ['softMin', 'softMax', 'Ngưỡng cảnh báo dưới lớn hơn ngưỡng cảnh báo trên', 'softMin is greater than softMax'],
  ];
  for (const [lo, hi, vi, en] of pairs) {
    const a = f[lo] as number | null;
    const b = f[hi] as number | null;
    if (a !== null && b !== null && a > b) {
      throw badRequest('INVALID_BOUNDS', vi, en, [{ path: `body.${String(lo)}`, messageVi: vi, messageEn: en }]);
    }
  }
  const numeric = isNumericType(f.valueType);
  for (const field of ['minValue', 'maxValue', 'softMin', 'softMax'] as const) {
    if (!numeric && f[field] !== null) {
      const label = VALUE_TYPE_LABELS[f.valueType];
      throw badRequest('INVALID_BOUNDS', `Chỉ số kiểu ${label.vi.toLowerCase()} không có giới hạn số`, `A ${label.en.toLowerCase()} data element has no numeric bounds`, [
        { path: `body.${field}`, messageVi: 'Chỉ dùng cho chỉ số kiểu số', messageEn: 'Only for numeric data elements' },
      ]);
    }
  }
  if (f.maxLength !== null && f.valueType !== 'TEXT') {
    throw badRequest('INVALID_BOUNDS', 'Độ dài tối đa chỉ dùng cho chỉ số kiểu văn bản ngắn', 'maxLength is only for TEXT data elements', [
      { path: 'body.maxLength', messageVi: 'Chỉ dùng cho văn bản ngắn (TEXT)', messageEn: 'Only for TEXT' },
    ]);
  }
}

/**
 * A change of value type, bounds or length is allowed while the element has values only when every stored
 * value still satisfies the new rules (a count becomes a non-negative count; a bound is tightened) — never
 * when it would change what values mean (numeric ↔ text, another disaggregation).
 */
async function assertValuesStillValid(db: Db, before: repo.DataElementRow, f: repo.DataElementFields) {
  const reshapes = isNumericType(f.valueType) !== isNumericType(before.valueType) || isTextType(f.valueType) !== isTextType(before.valueType) || f.disaggregationId !== before.disaggregationId;
  const tightens = f.valueType !== before.valueType || f.minValue !== before.minValue || f.maxValue !== before.maxValue || f.maxLength !== before.maxLength;
  if (!reshapes && !tightens) return;
  if (!(await repo.hasValues(db, before.id))) return;
  if (reshapes) {
    throw new AppError(
      'DATA_ELEMENT_HAS_VALUES',
      409,
      `Chỉ số '${before.code}' đã có số liệu: không thể đổi giữa kiểu số và văn bản hoặc đổi phân tổ`,
      `Data element '${before.code}' has values: it cannot change between numeric and text or change its disaggregation`,
    );
  }
  const range = isNumericType(f.valueType) ? effectiveRange(f) : { min: null, max: null };
  const outside = await repo.countValuesOutside(db, before.id, { ...range, integer: isIntegerType(f.valueType), maxLength: f.valueType === 'TEXT' ? (f.maxLength ?? 255) : null });
  if (outside > 0) {
    throw new AppError(
      'DATA_ELEMENT_HAS_VALUES',
      409,
      `Chỉ số '${before.code}' có ${outside} giá trị đã lưu không thỏa mãn quy định mới (kiểu giá trị, giới hạn hoặc độ dài); hãy sửa các giá trị đó trước`,
      `Data element '${before.code}' has ${outside} stored value(s) that the new rules (value type, bounds or length) would refuse; correct them first`,
      [{ path: 'body', messageVi: `${outside} giá trị không hợp lệ theo quy định mới`, messageEn: `${outside} value(s) invalid under the new rules`, count: outside }],
    );
  }
}

/** A DHIS2 UID names one data element only. */
async function assertUidFree(db: Db, uid: string | undefined, selfId: number | null) {
  if (uid === undefined) return;
  const holder = await repo.findDataElementByUid(db, uid);
  if (holder && holder.id !== selfId) {
    throw new AppError('UID_EXISTS', 409, `UID '${uid}' đã thuộc chỉ số '${holder.code}'`, `UID '${uid}' already belongs to data element '${holder.code}'`, [
      { path: 'uid', messageVi: `UID '${uid}' đã được dùng`, messageEn: `UID '${uid}' is already used` },
    ]);
  }
}

export async function createDataElement(ctx: ServiceContext, input: CreateDataElementInput) {
  assertPermission(ctx.actor, 'metadata.write');
  return ctx.db.transaction(async (db) => {
    if (await repo.findDataElement(db, input.code)) {
      throw conflict('DATA_ELEMENT_EXISTS', `Chỉ số '${input.code}' đã có`, `Data element '${input.code}' already exists`);
    }
    const links = await resolveLinks(db, input);
    const fields: repo.DataElementFields = {
      nameVi: input.nameVi,
      nameEn: input.nameEn ?? null,
      shortName: input.shortName ?? null,
      description: input.description ?? null,
      valueType: input.valueType,
      aggregationType: input.aggregationType,
      unit: input.unit ?? null,
      zeroIsSignificant: input.zeroIsSignificant,
      disaggregationId: links.disaggregationId ?? null,
      sectorId: links.sectorId ?? null,
      minValue: input.minValue ?? null,
      maxValue: input.maxValue ?? null,
      softMin: input.softMin ?? null,
      softMax: input.softMax ?? null,
      maxLength: input.maxLength ?? null,
      seasonal: input.seasonal,
      searchText: searchTextOf(input.code, input.nameVi, input.nameEn ?? null, input.shortName ?? null),
      uid: input.uid ?? null,
    };
    assertBounds(fields);
    await assertUidFree(db, input.uid, null);
    const id = await repo.insertDataElement(db, input.code, fields);
    const after = await dataElementView(db, (await repo.findDataElement(db, id))!);
    await recordAudit(db, ctx.actor, { action: 'dataElement.create', objectType: 'data_element', objectId: id, after });
    return after;
  });
}

export async function updateDataElement(ctx: ServiceContext, ref: string, input: UpdateDataElementInput) {
  assertPermission(ctx.actor, 'metadata.write');
  return ctx.db.transaction(async (db) => {
    const before = await repo.findDataElement(db, ref);
    if (!before) throw notFound('chỉ số', 'Data element', ref);
    const links = await resolveLinks(db, input);
    const fields: repo.DataElementFields = {
      nameVi: input.nameVi ?? before.nameVi,
      nameEn: input.nameEn !== undefined ? input.nameEn : before.nameEn,
      shortName: input.shortName !== undefined ? input.shortName : before.shortName,
      description: input.description !== undefined ? input.description : before.description,
      valueType: input.valueType ?? before.valueType,
      aggregationType: input.aggregationType ?? before.aggregationType,
      unit: input.unit !== undefined ? input.unit : before.unit,
      zeroIsSignificant: input.zeroIsSignificant ?? before.zeroIsSignificant,
      disaggregationId: links.disaggregationId !== undefined ? links.disaggregationId : before.disaggregationId,
      sectorId: links.sectorId !== undefined ? links.sectorId : before.sectorId,
      minValue: input.minValue !== undefined ? input.minValue : before.minValue,
      maxValue: input.maxValue !== undefined ? input.maxValue : before.maxValue,
      softMin: input.softMin !== undefined ? input.softMin : before.softMin,
      softMax: input.softMax !== undefined ? input.softMax : before.softMax,
      maxLength: input.maxLength !== undefined ? input.maxLength : before.maxLength,
      seasonal: input.seasonal ?? before.seasonal,
      searchText: '',
      uid: input.uid ?? null,
    };
    fields.searchText = searchTextOf(before.code, fields.nameVi, fields.nameEn, fields.shortName);
    assertBounds(fields);
    await assertUidFree(db, input.uid, before.id);
    await assertValuesStillValid(db, before, fields);
    await repo.updateDataElement(db, before.id, fields);
    const after = await dataElementView(db, (await repo.findDataElement(db, before.id))!);
    await recordAudit(db, ctx.actor, { action: 'dataElement.update', objectType: 'data_element', objectId: before.id, before, after });
    return after;
  });
}

export async function listDisaggregations(ctx: ServiceContext, q: { q?: string }) {
  assertPermissionAnywhere(ctx.actor, 'metadata.read');
  const all = await repo.listDisaggregations(ctx.db);
  const folded = q.q ? foldVietnamese(q.q) : null;
  const list = folded ? all.filter((d) => foldVietnamese(`${d.code} ${d.nameVi} ${d.nameEn ?? ''}`).includes(folded)) : all;
  const options = await repo.listOptions(
    ctx.db,
    list.map((d) => d.id),
  );
  return list.map((d) => ({ ...d, options: options.filter((o) => o.disaggregationId === d.id).map(({ disaggregationId: _d, ...o }) => o) }));
}

export async function getDisaggregation(ctx: ServiceContext, ref: string) {
  assertPermissionAnywhere(ctx.actor, 'metadata.read');
  const d = await repo.findDisaggregation(ctx.db, ref);
  if (!d) throw notFound('phân tổ', 'Disaggregation', ref);
  return withOptions(ctx.db, d);
}

export async function createDisaggregation(ctx: ServiceContext, input: CreateDisaggregationInput) {
  assertPermission(ctx.actor, 'metadata.write');
  const seen = new Set<string>();
  input.options.forEach((o, i) => {
    if (seen.has(o.code)) {
      throw badRequest('DUPLICATE_OPTION', `Lựa chọn '${o.code}' bị trùng`, `Option '${o.code}' appears twice`, [
        { path: `body.options[${i}].code`, messageVi: 'Mã bị trùng', messageEn: 'Duplicate code' },
      ]);
    }
    seen.add(o.code);
  });
  return ctx.db.transaction(async (db) => {
    if (await repo.findDisaggregation(db, input.code)) {
      throw conflict('DISAGGREGATION_EXISTS', `Phân tổ '${input.code}' đã có`, `Disaggregation '${input.code}' already exists`);
    }
    const id = await repo.insertDisaggregation(db, { code: input.code, nameVi: input.nameVi, nameEn: input.nameEn ?? null });
    await repo.insertOptions(
      db,
      id,
      input.options.map((o) => ({ code: o.code, nameVi: o.nameVi, nameEn: o.nameEn ?? null })),
    );
    const after = await withOptions(db, (await repo.findDisaggregation(db, id))!);
    await recordAudit(db, ctx.actor, { action: 'disaggregation.create', objectType: 'disaggregation', objectId: id, after });
    return after;
  });
}
