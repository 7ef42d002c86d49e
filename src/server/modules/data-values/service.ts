import type { Db } from '../../db/db.ts';
import { createHash } from 'node:crypto';
import type { ServiceContext } from '../../http/context.ts';
import { assertPermission, assertPermissionAnywhere } from '../../access.ts';
import { AppError, badRequest } from '../../http/errors.ts';
import { findDataElement, listAllDataElements } from '../metadata/repo.ts';
import { requireOrgUnitRef } from '../org-units/lookup.ts';
import { ensurePeriodIds } from '../periods/service.ts';
import { selectPeriodIds } from '../periods/repo.ts';
import { tryParsePeriod } from '../../../core/periods.ts';
import * as repo from './repo.ts';
import { readAdxValues, readCsvValues, readJsonValues, readNdjsonValues, readXmlValues, DataValueSetJsonReader, DEFAULT_READER_LIMITS, type RawValue } from './stream-parse.ts';
import { runImport, writeDataValues, type Conflict, type DataValueInput, type ImportSummary, type WriteOptions } from './write.ts';
import { DEFAULT_COMBO_REFS, flagOf, Provenance, refusalOf, refuseSetMembers, webMessage, type Dhis2ImportOptions, type Dhis2ValueRules } from './dhis2.ts';
import { submitReport } from '../report-status/service.ts';
import type { z } from 'zod';
import type { importWebMessageSchema } from './schema.ts';

const splitList = (s: string | undefined) =>
  s
    ? s
        .split(/[;,]/)
        .map((x) => x.trim())
        .filter(Boolean)
    : undefined;

function checkPeriods(list: string[] | undefined, field: string) {
  for (const iso of list ?? []) {
    if (!tryParsePeriod(iso)) {
      throw badRequest('INVALID_PERIOD', `'${iso}' không phải là kỳ báo cáo hợp lệ`, `'${iso}' is not a valid period`, [{ path: field, messageVi: 'Kỳ không hợp lệ', messageEn: 'Invalid period' }]);
    }
  }
}

/** Stored values of one unit (or its subtree), optionally for some periods and data elements. */
export async function listValues(ctx: ServiceContext, q: { orgUnit: string; period?: string; dataElement?: string; children?: 'true' | 'false'; limit: number }) {
  const unit = await requireOrgUnitRef(ctx.db, q.orgUnit, 'querystring.orgUnit');
  assertPermission(ctx.actor, 'data.read', unit.path);
  const periods = splitList(q.period);
  checkPeriods(periods, 'querystring.period');
  const periodIds = periods ? (await selectPeriodIds(ctx.db, periods)).map((p) => p.id) : undefined;
  let dataElementIds: number[] | undefined;
  if (q.dataElement) {
    dataElementIds = [];
    for (const code of splitList(q.dataElement)!) {
      const de = await findDataElement(ctx.db, code);
      if (!de)
        throw badRequest('UNKNOWN_DATA_ELEMENT', `Không có chỉ số '${code}'`, `Unknown data element '${code}'`, [
          { path: 'querystring.dataElement', messageVi: 'Không có chỉ số này', messageEn: 'No such data element' },
        ]);
      dataElementIds.push(de.id);
    }
  }
  let orgUnitIds = [unit.id];
  if (q.children === 'true') {
    const { rows } = await ctx.db.query<{ id: number }>('SELECT id FROM org_unit WHERE path LIKE $1', [`${unit.path}%`]);
    orgUnitIds = rows.map((r) => r.id);
  }
  const rows = await repo.selectValues(ctx.db, { orgUnitIds, periodIds, dataElementIds, limit: q.limit });
  return { total: rows.length, items: rows.map(({ textValue, value, ...r }) => ({ ...r, value: textValue ?? value })) };
}

export async function listHistory(ctx: ServiceContext, q: { orgUnit: string; period?: string; dataElement?: string; limit: number }) {
  const unit = await requireOrgUnitRef(ctx.db, q.orgUnit, 'querystring.orgUnit');
  assertPermission(ctx.actor, 'data.read', unit.path);
  checkPeriods(q.period ? [q.period] : undefined, 'querystring.period');
  let periodId: number | undefined;
  if (q.period) {
    periodId = (await selectPeriodIds(ctx.db, [q.period]))[0]?.id;
    if (periodId === undefined) return { items: [] };
  }
  let dataElementId: number | undefined;
  if (q.dataElement) {
    const de = await findDataElement(ctx.db, q.dataElement);
    if (!de) return { items: [] };
    dataElementId = de.id;
  }
  return { items: await repo.selectHistory(ctx.db, { orgUnitId: unit.id, periodId, dataElementId, limit: q.limit }) };
}

/** One value from the form; a refused value is a 422 naming the reason. */
export async function writeOneValue(ctx: ServiceContext, input: DataValueInput) {
  const summary = await writeDataValues(ctx, [input], { source: 'FORM', atomic: true });
  if (summary.conflictCount > 0) {
    const c = summary.conflicts[0];
    throw new AppError(c.errorCode, 422, c.messageVi, c.messageEn, [{ path: `body.${fieldOf(c.errorCode)}`, messageVi: c.messageVi, messageEn: c.messageEn }]);
  }
  return { imported: summary.imported, updated: summary.updated, deleted: summary.deleted, ignored: summary.ignored };
}

function fieldOf(code: Conflict['errorCode']): string {
  switch (code) {
    case 'UNKNOWN_DATA_ELEMENT':
    case 'ELEMENT_NOT_IN_REGIME':
      return 'dataElement';
    case 'UNKNOWN_ORG_UNIT':
    case 'ORG_UNIT_OUT_OF_SCOPE':
    case 'ORG_UNIT_CLOSED':
      return 'orgUnit';
    case 'INVALID_PERIOD':
    case 'PERIOD_TYPE_MISMATCH':
    case 'PERIOD_LOCKED':
    case 'REPORT_APPROVED':
    case 'PERIOD_NOT_OPEN':
      return 'period';
    case 'OPTION_REQUIRED':
    case 'INVALID_OPTION':
      return 'option';
    default:
      return 'value';
  }
}

export type BodyFormat = 'json' | 'ndjson' | 'csv' | 'xml' | 'adx';

export interface DataValueSetRequest {
  format: BodyFormat;
  /** The body as text chunks, read once. */
  body: AsyncIterable<string>;
  /** DHIS2's import options as the route read them (data-values/dhis2.ts). */
  options: Dhis2ImportOptions;
  idempotencyKey?: string;
  batchSize?: number;
}

export interface DataValueSetResponse {
  statusCode: number;
  replayed: boolean;
  body: z.output<typeof importWebMessageSchema>;
}

function actorKey(ctx: ServiceContext): string {
  if (ctx.actor.kind === 'token') return `token:${ctx.actor.tokenId}`;
  if (ctx.actor.kind === 'user') return `user:${ctx.actor.userId}`;
  return ctx.actor.kind;
}

/** Maps a DHIS2-shaped value (with the set's defaults) onto the writer's input. */
const str = (v: unknown) => (v === undefined || v === null ? undefined : typeof v === 'string' ? v : typeof v === 'object' ? JSON.stringify(v) : String(v));

function toInput(raw: RawValue, defaults: Record<string, unknown>): DataValueInput {
  // Filled in place: a million-value request should not allocate a second object per value.
  const input = raw as RawValue & DataValueInput;
  const deleted = flagOf(raw.deleted) === true;
  input.dataElement = str(raw.dataElement) ?? '';
  input.period = str(raw.period ?? defaults.period) ?? '';
  input.orgUnit = str(raw.orgUnit ?? defaults.orgUnit) ?? '';
  input.option = str(raw.option ?? raw.disaggregation ?? raw.categoryOptionCombo) ?? null;
  input.attributeOption = str(raw.attributeOptionCombo ?? defaults.attributeOptionCombo) ?? null;
  input.value = deleted ? null : (raw.value as DataValueInput['value']);
  // A blank comment in a set keeps the stored one, as an absent one does (only the form removes comments).
  const comment = str(raw.comment);
  input.comment = comment === undefined || comment.trim() === '' ? null : comment;
  return input;
}

async function hashOnly(body: AsyncIterable<string>, hash: ReturnType<typeof createHash>) {
  for await (const chunk of body) hash.update(chunk);
  return hash.digest('hex');
}

/**
 * The machine API: streams a DHIS2 dataValueSet (JSON, NDJSON or CSV) through the writer in batches.
 * With an Idempotency-Key the first answer is stored and replayed for the same body; a different
 * body under the same key is refused.
 */
export async function importDataValueSet(ctx: ServiceContext, req: DataValueSetRequest): Promise<DataValueSetResponse> {
  if (ctx.actor.kind === 'anonymous') throw new AppError('UNAUTHENTICATED', 401, 'Cần đăng nhập', 'Authentication required');
  // Refused before a byte of the body is read: a caller who may write data nowhere.
  assertPermissionAnywhere(ctx.actor, 'data.write');
  const opts = req.options;
  const hash = createHash('sha256');
  hash.update(JSON.stringify([req.format, opts]));
  const who = actorKey(ctx);
  const key = req.idempotencyKey;
  if (key !== undefined) {
    const existing = await repo.findIdempotencyKey(ctx.db, who, key);
    // A row without an answer is a claim an older version left behind (say, at a crash): not an answer.
    if (existing && existing.response !== null && existing.statusCode !== null) return replay(req, hash, existing, key);
  }
  const hashed = (async function* () {
    for await (const chunk of req.body) {
      hash.update(chunk);
      yield chunk;
    }
  })();
  const limits = { ...DEFAULT_READER_LIMITS, maxValueChars: ctx.config.IMPORT_MAX_ROW_CHARS };
  const maxValues = ctx.config.IMPORT_MAX_VALUES;
  const jsonReader = new DataValueSetJsonReader(limits);
  const xmlHeader: Record<string, unknown> = {};
  const csvHeader: Record<string, unknown> = {};
  // ADX names an option by its category (the element's disaggregation): known before the body is read.
  const categories = new Map<string, string>();
  // ADX names a group's attribute option combo by its category: a regime's attribute disaggregation.
  const attributeCategories = new Set<string>();
  if (req.format === 'adx') {
    for (const e of await listAllDataElements(ctx.db)) {
      if (e.disaggregationCode === null) continue;
      for (const ref of [e.code, e.uid, String(e.id), `id:${e.id}`]) categories.set(ref, e.disaggregationCode);
    }
    for (const code of await repo.selectAttributeDisaggregationCodes(ctx.db)) attributeCategories.add(code);
  }
  const values =
    req.format === 'csv'
      ? readCsvValues(hashed, limits, opts.firstRowIsHeader, csvHeader)
      : req.format === 'ndjson'
        ? readNdjsonValues(hashed, limits)
        : req.format === 'xml'
          ? readXmlValues(hashed, xmlHeader, limits)
          : req.format === 'adx'
            ? readAdxValues(
                hashed,
                xmlHeader,
                (ref) => categories.get(ref) ?? null,
                limits,
                (name) => attributeCategories.has(name),
              )
            : readJsonValues(hashed, jsonReader);
  const options: WriteOptions = {
    source: 'API',
    atomic: opts.atomic,
    dryRun: opts.dryRun,
    idScheme: opts.idSchemes.dataElementIdScheme,
    orgUnitIdScheme: opts.idSchemes.orgUnitIdScheme,
    optionIdScheme: opts.idSchemes.categoryOptionComboIdScheme,
    attributeOptionIdScheme: opts.idSchemes.attributeOptionComboIdScheme ?? (opts.idSchemes.idScheme === 'name' ? 'code' : opts.idSchemes.idScheme),
    importStrategy: opts.importStrategy,
  };
  const rules: Dhis2ValueRules = {
    callerName: ctx.actor.username ?? ctx.actor.kind,
    requireCategoryOptionCombo: opts.requireCategoryOptionCombo,
    requireAttributeOptionCombo: opts.requireAttributeOptionCombo,
    dataSetElements: null,
    dataSetCode: null,
  };
  const header = req.format === 'xml' || req.format === 'adx' ? xmlHeader : req.format === 'csv' ? csvHeader : jsonReader.header;
  const provenance = new Provenance();
  const size = req.batchSize ?? STREAM_BATCH_SIZE;
  let digest = '';
  let setAttributeChecked = false;
  /** The set's dataSet, read once its header member has been seen. */
  const resolveDataSet = async (db: Db) => {
    refuseSetMembers(header, opts);
    if (!setAttributeChecked && header.attributeOptionCombo !== undefined && header.attributeOptionCombo !== null) {
      setAttributeChecked = true;
      // Attribute options are not looked up by NAME (the routes refuse it): a NAME set falls back to codes for them.
      const scheme = opts.idSchemes.attributeOptionComboIdScheme ?? opts.idSchemes.idScheme;
      await requireSetAttributeOption(db, String(header.attributeOptionCombo).trim(), scheme === 'name' ? 'code' : scheme);
    }
    if (header.dataSet === undefined || header.dataSet === null || rules.dataSetCode !== null) return;
    const code = String(header.dataSet).trim();
    const regime = await repo.selectRegimeElementRefs(db, code, opts.idSchemes.dataSetIdScheme ?? 'code');
    if (!regime) {
      throw new AppError('E7600', 409, `Không có chế độ báo cáo '${code}' (dataSet); không ghi gì`, `No report regime '${code}' (dataSet); nothing was written`, [
        { path: 'body.dataSet', messageVi: 'Không có chế độ báo cáo này', messageEn: 'No such report regime' },
      ]);
    }
    rules.dataSetCode = regime.code;
    const elementScheme = opts.idSchemes.dataElementIdScheme;
    rules.dataSetElements = new Set(
      elementScheme === 'id' ? regime.elementIds.map(String) : elementScheme === 'uid' ? regime.elementUids : elementScheme === 'name' ? regime.elementNames : regime.elementCodes,
    );
    if (header.completeDate !== undefined && header.completeDate !== null && !/^\d{4}-\d{2}-\d{2}/.test(String(header.completeDate))) {
      throw badRequest('INVALID_COMPLETE_DATE', `completeDate '${header.completeDate}' không phải ngày (YYYY-MM-DD)`, `completeDate '${header.completeDate}' is not a date (YYYY-MM-DD)`, [
        { path: 'body.completeDate', messageVi: 'Cần ngày YYYY-MM-DD', messageEn: 'A YYYY-MM-DD date is needed' },
      ]);
    }
  };
  try {
    const run = await runImport(
      ctx,
      options,
      async (writer) => {
        let index = 0;
        // Values are checked and staged as they are parsed; the database writes one batch while
        // the next is being read.
        let writing: Promise<void> | null = null;
        try {
          for await (const raw of values) {
            if (index >= maxValues) throw tooManyValues(maxValues, index);
            if (index === 0) await resolveDataSet(writer.transaction);
            const refused = refusalOf(raw, header, rules);
            if (refused) writer.refuse(index++, refused.code, refused.property, refused.object, raw.value, refused.vi, refused.en);
            else {
              if (raw.storedBy !== undefined || raw.created !== undefined || raw.lastUpdated !== undefined || raw.timestamp !== undefined) provenance.note(raw);
              writer.stageValue(toInput(raw, header), index++);
            }
            if (writer.staged >= size) {
              if (writing) await writing;
              writing = writer.flush();
              writing.catch(() => undefined); // awaited below; this only keeps the rejection from being reported as unhandled
            }
          }
          // Members after the values (or a set without values) are checked too.
          await resolveDataSet(writer.transaction);
        } catch (err) {
          // A body that fails (cut short, malformed, the client gone) ends the transaction: the batch
          // being written runs on the transaction's connection, so it must be over first. Its own
          // outcome no longer matters; the body's fault is the answer.
          if (writing) await writing.catch(() => undefined);
          throw err;
        }
        if (writing) await writing;
        await writer.flush();
        digest = hash.digest('hex');
      },
      {
        // The key is claimed inside the import's own transaction: the claim and the answer commit
        // together, and a crash, a dropped connection or a refused body ends the claim with it.
        begin: async (tx) => {
          if (key === undefined) return;
          if (!(await repo.tryClaimIdempotencyKey(tx, who, key))) throw inProgress(key);
          // Answered by a request that committed between the look-up above and the claim.
          const answered = await repo.findIdempotencyKey(tx, who, key);
          if (answered && answered.response !== null && answered.statusCode !== null) throw new AnsweredMeanwhile(answered);
        },
        auditExtra: () => {
          const claims = provenance.summary();
          return claims ? { dhis2Provenance: claims } : null;
        },
        beforeCommit: async (tx, s) => {
          // The answer stored for a retry is the one given now, completion included (known only after
          // commit): a retry of a set with completeDate is answered from the same commit without it.
          if (key !== undefined) await repo.storeIdempotentAnswer(tx, who, key, digest, statusOf(s), webMessage(s, ctx.lang, opts, false));
        },
      },
    );
    const completion = run.committed ? await completeDataSet(ctx, header, rules, opts) : { complete: false as const, conflicts: [] };
    const body = webMessage(run.summary, ctx.lang, opts, completion.complete, completion.conflicts);
    if (!run.committed && key !== undefined) {
      // A dry run or a refused all-or-nothing set rolled back: its answer is stored on its own.
      await ctx.db.transaction(async (tx) => {
        await repo.claimIdempotencyKey(tx, who, key);
        await repo.storeIdempotentAnswer(tx, who, key, digest, statusOf(run.summary), body);
      });
    }
    return { statusCode: statusOf(run.summary), replayed: false, body };
  } catch (err) {
    if (err instanceof AnsweredMeanwhile) return replay(req, hash, err.row, key!);
    throw err;
  }
}

/**
 * DHIS2's completeDate: with dataSet, period and orgUnit in the set, the report is submitted once the
 * values are written — through the product's own submission, with its checks. A refused submission is
 * a conflict naming completeDate; the values stay written.
 */
async function completeDataSet(ctx: ServiceContext, header: Record<string, unknown>, rules: Dhis2ValueRules, opts: Dhis2ImportOptions) {
  if (rules.dataSetCode === null || header.completeDate === undefined || header.completeDate === null || header.completeDate === '') return { complete: false as const, conflicts: [] };
  const missing = ['period', 'orgUnit'].filter((f) => header[f] === undefined || header[f] === null || header[f] === '');
  const conflict = (code: string, errorCode: string, messageVi: string, messageEn: string) => ({
    object: rules.dataSetCode!,
    objects: { dataSet: rules.dataSetCode! },
    value: ctx.lang === 'vi' ? messageVi : messageEn,
    errorCode,
    property: 'completeDate',
    indexes: [] as number[],
    code: code as Conflict['errorCode'],
    messageVi,
    messageEn,
  });
  if (missing.length > 0) {
    return {
      complete: false as const,
      conflicts: [
        conflict(
          'MISSING_FIELD',
          'E7602',
          `completeDate cần period và orgUnit ở đầu dataValueSet (thiếu ${missing.join(', ')})`,
          `completeDate needs period and orgUnit at the top of the dataValueSet (missing ${missing.join(', ')})`,
        ),
      ],
    };
  }
  const orgUnit =
    opts.idSchemes.orgUnitIdScheme === 'id' ? `id:${String(header.orgUnit).replace(/^id:/, '')}` : opts.idSchemes.orgUnitIdScheme === 'uid' ? `uid:${String(header.orgUnit)}` : String(header.orgUnit);
  if (opts.dryRun) return { complete: false as const, conflicts: [] };
  try {
    await submitReport(ctx, rules.dataSetCode, { orgUnit, period: String(header.period) });
    return { complete: String(header.completeDate).slice(0, 10), conflicts: [] };
  } catch (err) {
    if (!(err instanceof AppError)) throw err;
    const detail = err.details.map((d) => d.messageVi).join('; ');
    const detailEn = err.details.map((d) => d.messageEn).join('; ');
    return {
      complete: false as const,
      conflicts: [
        conflict(
          err.code,
          'E7643',
          `Chưa gửi được báo cáo (completeDate): ${err.messageVi}${detail ? ` — ${detail}` : ''}`,
          `The report was not submitted (completeDate): ${err.messageEn}${detailEn ? ` — ${detailEn}` : ''}`,
        ),
      ],
    };
  }
}

/** The set's attributeOptionCombo must name an option of some regime's attribute disaggregation (or the default): else E7604, nothing written. */
async function requireSetAttributeOption(db: Db, ref: string, scheme: 'code' | 'uid' | 'id') {
  if (DEFAULT_COMBO_REFS.has(ref)) return;
  if (await repo.attributeOptionExists(db, ref, scheme)) return;
  throw new AppError(
    'E7604',
    409,
    `Không có lựa chọn thuộc tính '${ref}' (attributeOptionCombo của dataValueSet) trong phân tổ thuộc tính của chế độ báo cáo nào; không ghi gì`,
    `No attribute option '${ref}' (the dataValueSet's attributeOptionCombo) in any report regime's attribute disaggregation; nothing was written`,
    [{ path: 'body.attributeOptionCombo', messageVi: 'Không có lựa chọn thuộc tính này', messageEn: 'No such attribute option' }],
  );
}

class AnsweredMeanwhile extends Error {
  constructor(readonly row: repo.IdempotencyRow) {
    super('answered meanwhile');
  }
}

const inProgress = (key: string) =>
  new AppError('IDEMPOTENCY_IN_PROGRESS', 409, `Yêu cầu với khóa '${key}' đang được xử lý`, `A request with key '${key}' is still being processed`, [
    { path: 'headers.idempotency-key', messageVi: 'Đang được xử lý; thử lại sau', messageEn: 'Still being processed; retry later' },
  ]);

/** The stored answer for a retry with the same body; another body under the same key is refused. */
async function replay(req: DataValueSetRequest, hash: ReturnType<typeof createHash>, existing: repo.IdempotencyRow, key: string): Promise<DataValueSetResponse> {
  const digest = await hashOnly(req.body, hash);
  if (digest !== existing.requestHash) {
    throw new AppError('IDEMPOTENCY_KEY_REUSED', 422, `Khóa Idempotency-Key '${key}' đã dùng cho một yêu cầu khác`, `Idempotency-Key '${key}' was already used for a different request`, [
      { path: 'headers.idempotency-key', messageVi: 'Khóa đã dùng cho nội dung khác', messageEn: 'The key was used for another body' },
    ]);
  }
  return { statusCode: existing.statusCode!, replayed: true, body: existing.response as z.output<typeof importWebMessageSchema> };
}

const tooManyValues = (limit: number, index: number) =>
  new AppError(
    'TOO_MANY_VALUES',
    413,
    `Một yêu cầu chỉ được mang tối đa ${limit} giá trị (IMPORT_MAX_VALUES); hãy chia nhỏ`,
    `A request may carry at most ${limit} values (IMPORT_MAX_VALUES); split it`,
    [{ path: `dataValues[${index}]`, messageVi: `Giá trị thứ ${index + 1} vượt quá giới hạn ${limit}`, messageEn: `Value ${index + 1} is over the limit of ${limit}` }],
  );

// Each batch costs a few round trips to the database whatever its size; 10,000 keeps them rare.
const STREAM_BATCH_SIZE = 10_000;

const statusOf = (s: ImportSummary) => (s.status === 'ERROR' ? 409 : 200);

export { ensurePeriodIds };
