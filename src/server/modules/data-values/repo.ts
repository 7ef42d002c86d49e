import type pg from 'pg';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { from as copyFrom } from 'pg-copy-streams';
import type { Db } from '../../db/db.ts';
import { AppError } from '../../http/errors.ts';

/** One value ready to write: ids resolved, value already normalised to its stored form. */
export interface ValueRow {
  dataElementId: number;
  periodId: number;
  orgUnitId: number;
  optionId: number;
  /** The attribute option (the regime's attribute disaggregation; DHIS2's attribute option combo); 0 is the default. */
  attributeOptionId: number;
  value: number | null;
  textValue: string | null;
  /** null keeps a stored comment, '' removes it, text replaces it (a new key stores null for both). */
  comment: string | null;
}

export interface WriteMeta {
  source: string;
  storedBy: string | null;
  userId: number | null;
  tokenId: number | null;
  at: Date;
}

/**
 * Rows to write, read one at a time: `at(i)` may hand back the same object refilled, so that a large
 * batch needs no object per row (callers copy what they keep).
 */
export interface ValueBatch {
  length: number;
  at(i: number): ValueRow;
}

const batchOf = (rows: ValueRow[]): ValueBatch => ({ length: rows.length, at: (i) => rows[i] });

/** Column arrays for unnest, then the write's metadata ($8–$12), then the attribute options ($13). */
function paramsOf(rows: ValueBatch, meta: WriteMeta): unknown[] {
  const n = rows.length;
  const de = new Array<number>(n),
    pe = new Array<number>(n),
    ou = new Array<number>(n),
    opt = new Array<number>(n),
    aoc = new Array<number>(n);
  const val = new Array<number | null>(n),
    txt = new Array<string | null>(n),
    cmt = new Array<string | null>(n);
  for (let i = 0; i < n; i++) {
    const r = rows.at(i);
    de[i] = r.dataElementId;
    pe[i] = r.periodId;
    ou[i] = r.orgUnitId;
    opt[i] = r.optionId;
    aoc[i] = r.attributeOptionId;
    val[i] = r.value;
    txt[i] = r.textValue;
    cmt[i] = r.comment;
  }
  return [de, pe, ou, opt, val, txt, cmt, meta.source, meta.storedBy, meta.at, meta.userId, meta.tokenId, aoc];
}

const INPUT = `SELECT * FROM unnest($1::int[], $2::int[], $3::int[], $4::int[], $5::float8[], $6::text[], $7::text[], $13::int[])
  AS t(de, pe, ou, opt, val, txt, cmt, aoc)`;

/**
 * Inserts or updates a batch and writes a history row per real change. New keys go in first with
 * ON CONFLICT DO NOTHING (no lookup of old values: the common case of a first report stays one
 * statement); only when some keys existed does a second statement update them, reading their old
 * values for the history. Unchanged rows are left alone (no history; the caller counts them as
 * ignored). The batch must not hold the same key twice.
 */
export async function upsertValues(
  db: Db,
  input: ValueRow[] | ValueBatch,
  meta: WriteMeta,
  /** DHIS2's import strategies: CREATE leaves stored keys alone, UPDATE adds no new key. */
  mode: 'both' | 'create' | 'update' = 'both',
): Promise<{ inserted: number; updated: number }> {
  const rows = Array.isArray(input) ? batchOf(input) : input;
  if (rows.length === 0) return { inserted: 0, updated: 0 };
  if (mode !== 'update' && (await insertNewValues(db, rows, meta))) return { inserted: rows.length, updated: 0 };
  const params = paramsOf(rows, meta);
  if (mode === 'update') return { inserted: 0, updated: await updateStoredValues(db, params) };
  const { rows: ins } = await db.query<{ n: number }>(
    `WITH ins AS (
       INSERT INTO data_value (data_element_id, period_id, org_unit_id, option_id, attribute_option_id, value, text_value, comment, source, stored_by, updated_at)
       SELECT de, pe, ou, opt, aoc, val, txt, nullif(cmt, ''), $8, $9, $10 FROM (${INPUT}) i
       ON CONFLICT (data_element_id, period_id, org_unit_id, option_id, attribute_option_id) DO NOTHING
       RETURNING data_element_id, period_id, org_unit_id, option_id, attribute_option_id, coalesce(text_value, value::text) AS new_value, comment
     ), hist AS (
       INSERT INTO data_value_history (data_element_id, period_id, org_unit_id, option_id, attribute_option_id, change_type, old_value, new_value,
                                       old_comment, new_comment, source, changed_by, user_id, token_id, changed_at)
       SELECT data_element_id, period_id, org_unit_id, option_id, attribute_option_id, 'CREATE', NULL, new_value, NULL, comment, $8, $9, $11, $12, $10 FROM ins
     )
     SELECT count(*)::int AS n FROM ins`,
    params,
  );
  const inserted = ins[0].n;
  if (inserted === rows.length || mode === 'create') return { inserted, updated: 0 };
  // Rows inserted just above carry the same value and are skipped by the change test.
  return { inserted, updated: await updateStoredValues(db, params) };
}

/**
 * Updates the batch's keys that are stored with another value or comment; returns how many. A row
 * without a comment keeps the stored one; '' removes it. The history row keeps the comment before and after.
 */
async function updateStoredValues(db: Db, params: unknown[]): Promise<number> {
  const { rows: upd } = await db.query<{ n: number }>(
    `WITH input AS (${INPUT}),
     old AS (
       SELECT i.*, d.value AS old_val, d.text_value AS old_txt, d.comment AS old_cmt,
              CASE WHEN i.cmt IS NULL THEN d.comment ELSE nullif(i.cmt, '') END AS new_cmt
         FROM input i JOIN data_value d
           ON d.data_element_id = i.de AND d.period_id = i.pe AND d.org_unit_id = i.ou AND d.option_id = i.opt AND d.attribute_option_id = i.aoc
        WHERE d.value IS DISTINCT FROM i.val OR d.text_value IS DISTINCT FROM i.txt
           OR (i.cmt IS NOT NULL AND d.comment IS DISTINCT FROM nullif(i.cmt, ''))
     ), upd AS (
       UPDATE data_value d
          SET value = o.val, text_value = o.txt, comment = o.new_cmt, source = $8, stored_by = $9, updated_at = $10
         FROM old o
        WHERE d.data_element_id = o.de AND d.period_id = o.pe AND d.org_unit_id = o.ou AND d.option_id = o.opt AND d.attribute_option_id = o.aoc
       RETURNING o.de, o.pe, o.ou, o.opt, o.aoc, coalesce(o.old_txt, o.old_val::text) AS old_value, coalesce(o.txt, o.val::text) AS new_value,
                 o.old_cmt, o.new_cmt
     ), hist AS (
       INSERT INTO data_value_history (data_element_id, period_id, org_unit_id, option_id, attribute_option_id, change_type, old_value, new_value,
                                       old_comment, new_comment, source, changed_by, user_id, token_id, changed_at)
       SELECT de, pe, ou, opt, aoc, 'UPDATE', old_value, new_value, old_cmt, new_cmt, $8, $9, $11, $12, $10 FROM upd
     )
     SELECT count(*)::int AS n FROM upd`,
    params,
  );
  return upd[0].n;
}

/**
 * The fast path of a first report: when none of the batch's units has any value yet for the batch's
 * periods (one probe of the (org unit, period) index), the rows go in with a plain INSERT, which is
 * much cheaper than ON CONFLICT with RETURNING. A concurrent writer that stored one of these keys
 * in the meantime makes it fail on the key: the request is then refused as a conflict to retry
 * (with its Idempotency-Key, a retry is safe), instead of paying a savepoint on every batch.
 */
async function insertNewValues(db: Db, rows: ValueBatch, meta: WriteMeta): Promise<boolean> {
  const unitSet = new Set<number>();
  const periodSet = new Set<number>();
  for (let i = 0; i < rows.length; i++) {
    const r = rows.at(i);
    unitSet.add(r.orgUnitId);
    periodSet.add(r.periodId);
  }
  const units = [...unitSet];
  const periods = [...periodSet];
  const { rows: found } = await db.query<{ found: boolean }>('SELECT EXISTS (SELECT 1 FROM data_value WHERE org_unit_id = ANY ($1::int[]) AND period_id = ANY ($2::int[])) AS found', [units, periods]);
  if (found[0].found) return false;
  try {
    if (db.kind === 'postgres') await copyNewValues(db, rows, meta);
    else {
      const params = paramsOf(rows, meta);
      const newValues: (string | null)[] = [];
      for (let i = 0; i < rows.length; i++) {
        const r = rows.at(i);
        newValues.push(r.textValue ?? (r.value === null ? null : String(r.value)));
      }
      await db.query(
        `WITH input AS (SELECT * FROM unnest($1::int[], $2::int[], $3::int[], $4::int[], $5::float8[], $6::text[], $7::text[], $13::int[], $14::text[])
                          AS t(de, pe, ou, opt, val, txt, cmt, aoc, nv)),
         ins AS (
           INSERT INTO data_value (data_element_id, period_id, org_unit_id, option_id, attribute_option_id, value, text_value, comment, source, stored_by, updated_at)
           SELECT de, pe, ou, opt, aoc, val, txt, nullif(cmt, ''), $8, $9, $10 FROM input
         )
         INSERT INTO data_value_history (data_element_id, period_id, org_unit_id, option_id, attribute_option_id, change_type, old_value, new_value,
                                         old_comment, new_comment, source, changed_by, user_id, token_id, changed_at)
         SELECT de, pe, ou, opt, aoc, 'CREATE', NULL, nv, NULL, nullif(cmt, ''), $8, $9, $11, $12, $10 FROM input`,
        [...params, newValues],
      );
    }
    return true;
  } catch (err) {
    if ((err as { code?: string }).code !== '23505') throw err;
    throw new AppError(
      'CONCURRENT_WRITE',
      409,
      'Cùng lúc có một yêu cầu khác ghi số liệu cho cùng đơn vị và kỳ; không có gì được ghi, hãy gửi lại',
      'Another request wrote values for the same org unit and period at the same time; nothing was written, send again',
    );
  }
}

// COPY's text format: backslash, tab and line breaks escaped; \N is NULL.
const copyText = (v: string | null) => (v === null ? '\\N' : v.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r'));
const copyNumber = (v: number | null) => (v === null ? '\\N' : String(v));
// A new key has no comment to remove: '' is stored as none.
const copyComment = (v: string | null) => (v === null || v === '' ? '\\N' : copyText(v));

/** On PostgreSQL the new rows and their history go in by COPY, in the writing transaction. */
async function copyNewValues(db: Db, rows: ValueBatch, meta: WriteMeta): Promise<void> {
  const { source, storedBy, at, userId, tokenId } = meta;
  const tail = `\t${copyText(source)}\t${copyText(storedBy)}\t${at.toISOString()}`;
  const historyTail = `${tail.slice(0, tail.lastIndexOf('\t'))}\t${copyNumber(userId)}\t${copyNumber(tokenId)}\t${at.toISOString()}`;
  const keyOf = (r: ValueRow) => `${r.dataElementId}\t${r.periodId}\t${r.orgUnitId}\t${r.optionId}\t${r.attributeOptionId}`;
  const textOf = (r: ValueRow) => (r.textValue === null ? '\\N' : copyText(r.textValue));
  // Rows go out in pieces of a few hundred: one string per batch would be large enough to be
  // allocated straight in the old generation, and the heap would grow by it on every batch.
  function* pieces(line: (r: ValueRow) => string) {
    let piece = '';
    for (let i = 0; i < rows.length; i++) {
      piece += line(rows.at(i));
      if ((i + 1) % COPY_PIECE_ROWS === 0) {
        yield piece;
        piece = '';
      }
    }
    if (piece) yield piece;
  }
  await db.withConnection(async (conn) => {
    const client = conn.raw as pg.PoolClient;
    await pipeline(
      Readable.from(pieces((r) => `${keyOf(r)}\t${copyNumber(r.value)}\t${textOf(r)}\t${copyComment(r.comment)}${tail}\n`)),
      client.query(copyFrom('COPY data_value (data_element_id, period_id, org_unit_id, option_id, attribute_option_id, value, text_value, comment, source, stored_by, updated_at) FROM STDIN')),
    );
    await pipeline(
      Readable.from(pieces((r) => `${keyOf(r)}\tCREATE\t\\N\t${r.textValue === null ? copyNumber(r.value) : textOf(r)}\t\\N\t${copyComment(r.comment)}${historyTail}\n`)),
      client.query(
        copyFrom(`COPY data_value_history (data_element_id, period_id, org_unit_id, option_id, attribute_option_id, change_type, old_value, new_value,
                                                      old_comment, new_comment, source, changed_by, user_id, token_id, changed_at) FROM STDIN`),
      ),
    );
  });
}

const COPY_PIECE_ROWS = 500;

/** Deletes the given keys (those that exist) with a history row each; returns how many went. */
export async function deleteValues(db: Db, keys: Omit<ValueRow, 'value' | 'textValue' | 'comment'>[], meta: WriteMeta): Promise<number> {
  if (keys.length === 0) return 0;
  const { rows } = await db.query<{ deleted: number }>(
    `WITH input AS (
       SELECT * FROM unnest($1::int[], $2::int[], $3::int[], $4::int[], $10::int[]) AS t(de, pe, ou, opt, aoc)
     ), del AS (
       DELETE FROM data_value d USING input i
        WHERE d.data_element_id = i.de AND d.period_id = i.pe AND d.org_unit_id = i.ou AND d.option_id = i.opt AND d.attribute_option_id = i.aoc
       RETURNING d.data_element_id, d.period_id, d.org_unit_id, d.option_id, d.attribute_option_id, coalesce(d.text_value, d.value::text) AS old_value, d.comment
     ), hist AS (
       INSERT INTO data_value_history (data_element_id, period_id, org_unit_id, option_id, attribute_option_id, change_type, old_value, new_value,
                                       old_comment, new_comment, source, changed_by, user_id, token_id, changed_at)
       SELECT data_element_id, period_id, org_unit_id, option_id, attribute_option_id, 'DELETE', old_value, NULL, comment, NULL, $5, $6, $8, $9, $7 FROM del
     )
     SELECT count(*)::int AS deleted FROM del`,
    [
      keys.map((k) => k.dataElementId),
      keys.map((k) => k.periodId),
      keys.map((k) => k.orgUnitId),
      keys.map((k) => k.optionId),
      meta.source,
      meta.storedBy,
      meta.at,
      meta.userId,
      meta.tokenId,
      keys.map((k) => k.attributeOptionId ?? 0),
    ],
  );
  return rows[0].deleted;
}

export interface OrgUnitLite {
  id: number;
  code: string;
  uid: string;
  nameVi: string;
  path: string;
  level: number;
  openingDate: string | null;
  closingDate: string | null;
}

export async function selectOrgUnitsByCode(db: Db, codes: string[]): Promise<OrgUnitLite[]> {
  const { rows } = await db.query<OrgUnitLite>(
    `SELECT id, code, uid, name_vi AS "nameVi", path, level, opening_date AS "openingDate", closing_date AS "closingDate" FROM org_unit WHERE code = ANY ($1::text[])`,
    [codes],
  );
  return rows;
}

export async function selectOrgUnitsById(db: Db, ids: number[]): Promise<OrgUnitLite[]> {
  const { rows } = await db.query<OrgUnitLite>(
    `SELECT id, code, uid, name_vi AS "nameVi", path, level, opening_date AS "openingDate", closing_date AS "closingDate" FROM org_unit WHERE id = ANY ($1::int[])`,
    [ids],
  );
  return rows;
}

export async function selectOrgUnitsByUid(db: Db, uids: string[]): Promise<OrgUnitLite[]> {
  const { rows } = await db.query<OrgUnitLite>(
    `SELECT id, code, uid, name_vi AS "nameVi", path, level, opening_date AS "openingDate", closing_date AS "closingDate" FROM org_unit WHERE uid = ANY ($1::text[])`,
    [uids],
  );
  return rows;
}

/** idScheme=NAME: the units of these exact Vietnamese names (several per name when names are shared). */
export async function selectOrgUnitsByName(db: Db, names: string[]): Promise<OrgUnitLite[]> {
  const { rows } = await db.query<OrgUnitLite>(
    `SELECT id, code, uid, name_vi AS "nameVi", path, level, opening_date AS "openingDate", closing_date AS "closingDate" FROM org_unit WHERE name_vi = ANY ($1::text[])`,
    [names],
  );
  return rows;
}

export interface StoredValueRow {
  dataElement: string;
  period: string;
  orgUnit: string;
  option: string | null;
  attributeOption: string | null;
  value: number | null;
  textValue: string | null;
  comment: string | null;
  source: string;
  storedBy: string | null;
  updatedAt: string;
}

export async function selectValues(db: Db, f: { orgUnitIds: number[]; periodIds?: number[]; dataElementIds?: number[]; limit: number }): Promise<StoredValueRow[]> {
  const params: unknown[] = [f.orgUnitIds];
  const where = ['dv.org_unit_id = ANY ($1::int[])'];
  if (f.periodIds) {
    params.push(f.periodIds);
    where.push(`dv.period_id = ANY ($${params.length}::int[])`);
  }
  if (f.dataElementIds) {
    params.push(f.dataElementIds);
    where.push(`dv.data_element_id = ANY ($${params.length}::int[])`);
  }
  params.push(f.limit);
  const { rows } = await db.query<StoredValueRow>(
    `SELECT de.code AS "dataElement", p.iso AS period, ou.code AS "orgUnit", o.code AS option, ao.code AS "attributeOption", dv.value, dv.text_value AS "textValue",
            dv.comment, dv.source, dv.stored_by AS "storedBy", dv.updated_at AS "updatedAt"
       FROM data_value dv
       JOIN data_element de ON de.id = dv.data_element_id JOIN period p ON p.id = dv.period_id
       JOIN org_unit ou ON ou.id = dv.org_unit_id LEFT JOIN disaggregation_option o ON o.id = dv.option_id
       LEFT JOIN disaggregation_option ao ON ao.id = dv.attribute_option_id
      WHERE ${where.join(' AND ')}
      ORDER BY de.code, p.start_date, ou.code, o.sort_order NULLS FIRST, ao.sort_order NULLS FIRST, ao.code
      LIMIT $${params.length}`,
    params,
  );
  return rows;
}

export interface HistoryRow {
  id: number;
  dataElement: string;
  period: string;
  orgUnit: string;
  option: string | null;
  attributeOption: string | null;
  changeType: string;
  oldValue: string | null;
  newValue: string | null;
  oldComment: string | null;
  newComment: string | null;
  source: string;
  changedBy: string | null;
  userId: number | null;
  tokenId: number | null;
  changedAt: string;
}

export async function selectHistory(db: Db, f: { orgUnitId: number; periodId?: number; dataElementId?: number; limit: number }): Promise<HistoryRow[]> {
  const params: unknown[] = [f.orgUnitId];
  const where = ['h.org_unit_id = $1'];
  if (f.periodId !== undefined) {
    params.push(f.periodId);
    where.push(`h.period_id = $${params.length}`);
  }
  if (f.dataElementId !== undefined) {
    params.push(f.dataElementId);
    where.push(`h.data_element_id = $${params.length}`);
  }
  params.push(f.limit);
  const { rows } = await db.query<HistoryRow>(
    `SELECT h.id, de.code AS "dataElement", p.iso AS period, ou.code AS "orgUnit", o.code AS option, ao.code AS "attributeOption", h.change_type AS "changeType",
            h.old_value AS "oldValue", h.new_value AS "newValue", h.old_comment AS "oldComment", h.new_comment AS "newComment",
            h.source, h.changed_by AS "changedBy", h.user_id AS "userId",
            h.token_id AS "tokenId", h.changed_at AS "changedAt"
       FROM data_value_history h
       JOIN data_element de ON de.id = h.data_element_id JOIN period p ON p.id = h.period_id
       JOIN org_unit ou ON ou.id = h.org_unit_id LEFT JOIN disaggregation_option o ON o.id = h.option_id
       LEFT JOIN disaggregation_option ao ON ao.id = h.attribute_option_id
      WHERE ${where.join(' AND ')}
      ORDER BY h.id DESC LIMIT $${params.length}`,
    params,
  );
  return rows;
}

/** Values of one org unit and period for the given elements (a form), under one attribute option (0, the default, unless given). */
export async function selectFormValues(db: Db, orgUnitId: number, periodId: number, dataElementIds: number[], attributeOptionId = 0) {
  const { rows } = await db.query<{ dataElementId: number; optionId: number; value: number | null; textValue: string | null; comment: string | null }>(
    `SELECT data_element_id AS "dataElementId", option_id AS "optionId", value, text_value AS "textValue", comment
       FROM data_value WHERE org_unit_id = $1 AND period_id = $2 AND data_element_id = ANY ($3::int[]) AND attribute_option_id = $4`,
    [orgUnitId, periodId, dataElementIds, attributeOptionId],
  );
  return rows;
}

/** Who wrote a value's comment, and when. */
export interface CommentAuthorRow {
  dataElementId: number;
  optionId: number;
  /** The person's name (their user name when the account is gone, the token's name for a token). */
  writtenBy: string | null;
  writtenAt: Date;
}

/**
 * For each commented value of one unit and period: the last history row that changed its comment. A
 * comment stored before history kept comments (or by a path that kept none) falls back on the value's
 * own last writer and time.
 */
export async function selectCommentAuthors(db: Db, orgUnitId: number, periodId: number, dataElementIds: number[], attributeOptionId = 0): Promise<CommentAuthorRow[]> {
  const { rows } = await db.query<CommentAuthorRow>(
    `SELECT dv.data_element_id AS "dataElementId", dv.option_id AS "optionId",
            coalesce(hu.display_name, h.changed_by, du.display_name, dv.stored_by) AS "writtenBy",
            coalesce(h.changed_at, dv.updated_at) AS "writtenAt"
       FROM data_value dv
       LEFT JOIN LATERAL (
         SELECT hh.changed_by, hh.changed_at, hh.user_id FROM data_value_history hh
          WHERE hh.data_element_id = dv.data_element_id AND hh.period_id = dv.period_id AND hh.org_unit_id = dv.org_unit_id
            AND hh.option_id = dv.option_id AND hh.attribute_option_id = dv.attribute_option_id AND hh.new_comment IS NOT DISTINCT FROM dv.comment
            AND hh.old_comment IS DISTINCT FROM hh.new_comment
          ORDER BY hh.id DESC LIMIT 1
       ) h ON true
       LEFT JOIN app_user hu ON hu.id = h.user_id
       LEFT JOIN app_user du ON h.changed_at IS NULL AND du.username = dv.stored_by
      WHERE dv.org_unit_id = $1 AND dv.period_id = $2 AND dv.data_element_id = ANY ($3::int[]) AND dv.comment IS NOT NULL AND dv.attribute_option_id = $4`,
    [orgUnitId, periodId, dataElementIds, attributeOptionId],
  );
  return rows;
}

export interface IdempotencyRow {
  requestHash: string;
  statusCode: number | null;
  response: unknown;
}

export async function findIdempotencyKey(db: Db, actor: string, key: string): Promise<IdempotencyRow | null> {
  const { rows } = await db.query<IdempotencyRow>(`SELECT request_hash AS "requestHash", status_code AS "statusCode", response FROM idempotency_key WHERE actor = $1 AND key = $2`, [actor, key]);
  return rows[0] ?? null;
}

/**
 * Claims a key for the rest of the caller's transaction: a transaction-level advisory lock, so the
 * claim ends with the transaction — committed, rolled back, or lost with a crashed process or a
 * dropped connection. False when another transaction holds it now.
 */
export async function tryClaimIdempotencyKey(tx: Db, actor: string, key: string): Promise<boolean> {
  const { rows } = await tx.query<{ ok: boolean }>(`SELECT pg_try_advisory_xact_lock(hashtextextended($1, 7341004)) AS ok`, [`${actor}\n${key}`]);
  return rows[0].ok;
}

/** Waits for the claim (a request's answer is stored after its own transaction was rolled back). */
export async function claimIdempotencyKey(tx: Db, actor: string, key: string): Promise<void> {
  await tx.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 7341004))`, [`${actor}\n${key}`]);
}

/**
 * Stores the first answer under its key. A row without an answer is a claim left by an older
 * version of the server and is taken over; an answer already stored is kept.
 */
export async function storeIdempotentAnswer(db: Db, actor: string, key: string, requestHash: string, statusCode: number, response: unknown) {
  await db.query(
    `INSERT INTO idempotency_key (actor, key, request_hash, status_code, response) VALUES ($1, $2, $3, $4, $5::jsonb)
     ON CONFLICT (actor, key) DO UPDATE SET request_hash = EXCLUDED.request_hash, status_code = EXCLUDED.status_code, response = EXCLUDED.response,
       created_at = now()
     WHERE idempotency_key.response IS NULL`,
    [actor, key, requestHash, statusCode, JSON.stringify(response)],
  );
}

/** A report regime (a DHIS2 data set) by code (or DHIS2 UID) with its data elements' codes, UIDs and ids, or null. */
export async function selectRegimeElementRefs(
  db: Db,
  ref: string,
  by: 'code' | 'uid' = 'code',
): Promise<{ code: string; elementCodes: string[]; elementUids: string[]; elementIds: number[]; elementNames: string[] } | null> {
  const { rows } = await db.query<{ code: string; element_codes: string[] | null; element_uids: string[] | null; element_ids: number[] | null; element_names: string[] | null }>(
    `SELECT r.code, array_agg(de.code) FILTER (WHERE de.id IS NOT NULL) AS element_codes, array_agg(de.uid) FILTER (WHERE de.id IS NOT NULL) AS element_uids,
            array_agg(de.name_vi) FILTER (WHERE de.id IS NOT NULL) AS element_names,
            array_agg(de.id) FILTER (WHERE de.id IS NOT NULL) AS element_ids
       FROM report_regime r LEFT JOIN report_regime_element re ON re.regime_id = r.id LEFT JOIN data_element de ON de.id = re.data_element_id
      WHERE ${by === 'uid' ? 'r.uid' : 'r.code'} = $1 GROUP BY r.code`,
    [ref],
  );
  const r = rows[0];
  return r ? { code: r.code, elementCodes: r.element_codes ?? [], elementUids: r.element_uids ?? [], elementIds: r.element_ids ?? [], elementNames: r.element_names ?? [] } : null;
}

export interface ExportRow {
  dataElement: string;
  dataElementId: number;
  dataElementUid: string;
  period: string;
  orgUnit: string;
  orgUnitId: number;
  orgUnitUid: string;
  option: string | null;
  optionUid: string | null;
  /** The option's disaggregation (an ADX category). */
  disaggregation: string | null;
  optionId: number;
  attributeOption: string | null;
  attributeOptionUid: string | null;
  /** The attribute option's disaggregation (an ADX category of the group). */
  attributeDisaggregation: string | null;
  attributeOptionId: number;
  value: number | null;
  textValue: string | null;
  comment: string | null;
  storedBy: string | null;
  updatedAt: Date;
}

/**
 * Values for GET /api/dataValueSets: elements, periods (by id or lying within a date range), units (the
 * listed ones, or their subtrees by path prefix), changed since a time; at most `limit` rows, in a stable order.
 */
export async function selectExportValues(
  db: Db,
  f: {
    dataElementIds: number[];
    periods?: string[];
    startDate?: string;
    endDate?: string;
    orgUnitIds?: number[];
    pathPrefixes?: string[];
    lastUpdated?: Date;
    /** Only these attribute options (0 the default). */
    attributeOptionIds?: number[];
    limit: number;
  },
): Promise<ExportRow[]> {
  const params: unknown[] = [f.dataElementIds];
  const where = ['dv.data_element_id = ANY ($1::int[])'];
  const add = (sql: (n: number) => string, v: unknown) => {
    params.push(v);
    where.push(sql(params.length));
  };
  if (f.periods) add((n) => `p.iso = ANY ($${n}::text[])`, f.periods);
  if (f.startDate) add((n) => `p.start_date >= $${n}::date`, f.startDate);
  if (f.endDate) add((n) => `p.end_date <= $${n}::date`, f.endDate);
  if (f.orgUnitIds) add((n) => `dv.org_unit_id = ANY ($${n}::int[])`, f.orgUnitIds);
  if (f.pathPrefixes) add((n) => `ou.path LIKE ANY (SELECT x || '%' FROM unnest($${n}::text[]) x)`, f.pathPrefixes);
  if (f.lastUpdated) add((n) => `dv.updated_at >= $${n}`, f.lastUpdated);
  if (f.attributeOptionIds) add((n) => `dv.attribute_option_id = ANY ($${n}::int[])`, f.attributeOptionIds);
  params.push(f.limit);
  const { rows } = await db.query<ExportRow>(
    `SELECT de.code AS "dataElement", de.id AS "dataElementId", de.uid AS "dataElementUid", p.iso AS period, ou.code AS "orgUnit", ou.id AS "orgUnitId",
            ou.uid AS "orgUnitUid", o.code AS option, o.uid AS "optionUid", dg.code AS disaggregation, dv.option_id AS "optionId",
            ao.code AS "attributeOption", ao.uid AS "attributeOptionUid", adg.code AS "attributeDisaggregation", dv.attribute_option_id AS "attributeOptionId",
            dv.value, dv.text_value AS "textValue", dv.comment, dv.stored_by AS "storedBy", dv.updated_at AS "updatedAt"
       FROM data_value dv
       JOIN data_element de ON de.id = dv.data_element_id JOIN period p ON p.id = dv.period_id
       JOIN org_unit ou ON ou.id = dv.org_unit_id LEFT JOIN disaggregation_option o ON o.id = dv.option_id
       LEFT JOIN disaggregation dg ON dg.id = o.disaggregation_id
       LEFT JOIN disaggregation_option ao ON ao.id = dv.attribute_option_id
       LEFT JOIN disaggregation adg ON adg.id = ao.disaggregation_id
      WHERE ${where.join(' AND ')}
      ORDER BY de.code, p.start_date, p.iso, ou.code, o.sort_order NULLS FIRST, o.code, ao.sort_order NULLS FIRST, ao.code
      LIMIT $${params.length}`,
    params,
  );
  return rows;
}

/** Ids of the data elements with these codes (or ids, or DHIS2 UIDs), and the refs no element has. */
export async function selectElementIds(db: Db, refs: string[], by: 'code' | 'id' | 'uid'): Promise<{ ids: number[]; missing: string[] }> {
  const byId = by === 'id';
  const { rows } = await db.query<{ id: number; code: string; uid: string }>(
    byId ? 'SELECT id, code, uid FROM data_element WHERE id = ANY ($1::int[])' : `SELECT id, code, uid FROM data_element WHERE ${by === 'uid' ? 'uid' : 'code'} = ANY ($1::text[])`,
    [byId ? refs.map((r) => (/^\d+$/.test(r) ? Number(r) : -1)) : refs],
  );
  const found = new Set(rows.map((r) => (byId ? String(r.id) : by === 'uid' ? r.uid : r.code)));
  return { ids: rows.map((r) => r.id), missing: refs.filter((r) => !found.has(r)) };
}

/** The units of an org unit group (by code). */
export async function selectGroupUnits(db: Db, code: string): Promise<{ id: number; path: string; code: string }[] | null> {
  const g = await db.query<{ id: number }>('SELECT id FROM org_unit_group WHERE code = $1', [code]);
  if (!g.rows[0]) return null;
  const { rows } = await db.query<{ id: number; path: string; code: string }>(
    'SELECT ou.id, ou.path, ou.code FROM org_unit_group_member m JOIN org_unit ou ON ou.id = m.org_unit_id WHERE m.group_id = $1',
    [g.rows[0].id],
  );
  return rows;
}

/** Whether some regime's attribute disaggregation has an option by this ref (code, UID or id). */
export async function attributeOptionExists(db: Db, ref: string, by: 'code' | 'uid' | 'id'): Promise<boolean> {
  if (by === 'id' && !/^\d+$/.test(ref)) return false;
  const { rows } = await db.query<{ found: boolean }>(
    `SELECT EXISTS (SELECT 1 FROM disaggregation_option o JOIN report_regime r ON r.attribute_disaggregation_id = o.disaggregation_id
                     WHERE ${by === 'id' ? 'o.id = $1::int' : by === 'uid' ? 'o.uid = $1' : 'o.code = $1'}) AS found`,
    [ref],
  );
  return rows[0].found;
}

/** Attribute options (of any regime's attribute disaggregation) by code, UID or id; the refs none has. */
export async function selectAttributeOptionIds(db: Db, refs: string[], by: 'code' | 'uid' | 'id'): Promise<{ ids: number[]; missing: string[] }> {
  const { rows } = await db.query<{ id: number; code: string; uid: string }>(
    `SELECT DISTINCT o.id, o.code, o.uid FROM disaggregation_option o JOIN report_regime r ON r.attribute_disaggregation_id = o.disaggregation_id
      WHERE ${by === 'id' ? 'o.id = ANY ($1::int[])' : by === 'uid' ? 'o.uid = ANY ($1::text[])' : 'o.code = ANY ($1::text[])'}`,
    [by === 'id' ? refs.map((r) => (/^\d+$/.test(r) ? Number(r) : -1)) : refs],
  );
  const found = new Set(rows.map((r) => (by === 'id' ? String(r.id) : by === 'uid' ? r.uid : r.code)));
  return { ids: rows.map((r) => r.id), missing: refs.filter((r) => !found.has(r)) };
}

/** The codes of the disaggregations some regime declares as its attribute disaggregation. */
export async function selectAttributeDisaggregationCodes(db: Db): Promise<string[]> {
  const { rows } = await db.query<{ code: string }>('SELECT DISTINCT d.code FROM disaggregation d JOIN report_regime r ON r.attribute_disaggregation_id = d.id');
  return rows.map((r) => r.code);
}
