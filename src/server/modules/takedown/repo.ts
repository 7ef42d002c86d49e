import type pg from 'pg';
import { sql } from 'kysely';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { from as copyFrom } from 'pg-copy-streams';
import type { Db } from '../../db/db.ts';
import { anyOf } from '../../db/kysely-sql.ts';
import type { AnswerOutcome, CaseOutcome, Threshold } from '../../../core/takedown.ts';

export interface PlatformRow {
  id: number;
  code: string;
  nameVi: string;
  nameEn: string | null;
  isActive: boolean;
}

function selectPlatforms(db: Db) {
  return db.kysely.selectFrom('takedown_platform').select(['id', 'code', 'name_vi as nameVi', 'name_en as nameEn', 'is_active as isActive']);
}

export async function listPlatforms(db: Db): Promise<PlatformRow[]> {
  return selectPlatforms(db).orderBy('id').execute();
}

export async function findPlatform(db: Db, code: string): Promise<PlatformRow | null> {
  return (await selectPlatforms(db).where('code', '=', code.trim().toUpperCase()).executeTakeFirst()) ?? null;
}

export async function insertPlatform(db: Db, p: { code: string; nameVi: string; nameEn: string | null }): Promise<number> {
  const row = await db.kysely
    .insertInto('takedown_platform')
    .values({ code: p.code, name_vi: p.nameVi, name_en: p.nameEn })
    .onConflict((oc) => oc.column('code').doNothing())
    .returning('id')
    .executeTakeFirst();
  return row?.id ?? 0;
}

export interface MonitoringUnitRow {
  id: number;
  code: string;
  nameVi: string;
  nameEn: string | null;
  path: string;
}

export async function listMonitoringUnits(db: Db): Promise<MonitoringUnitRow[]> {
  return db.kysely
    .selectFrom('takedown_monitoring_unit as m')
    .innerJoin('org_unit as u', 'u.id', 'm.org_unit_id')
    .select(['u.id', 'u.code', 'u.name_vi as nameVi', 'u.name_en as nameEn', 'u.path'])
    .orderBy(sql`u.sort_key COLLATE "C"`)
    .execute();
}

export async function insertMonitoringUnit(db: Db, orgUnitId: number): Promise<boolean> {
  const row = await db.kysely
    .insertInto('takedown_monitoring_unit')
    .values({ org_unit_id: orgUnitId })
    .onConflict((oc) => oc.doNothing())
    .returning('org_unit_id')
    .executeTakeFirst();
  return row !== undefined;
}

export interface BatchRow {
  id: number;
  orgUnit: { id: number; code: string; nameVi: string; nameEn: string | null; path: string };
  platform: { id: number; code: string; nameVi: string; nameEn: string | null };
  letterNumber: string;
  letterDate: string;
  sentAt: Date;
  note: string | null;
  createdBy: string | null;
  createdAt: Date;
  cases: number;
  removed: number;
  geoBlocked: number;
  refused: number;
  noAnswer: number;
  stillPresent: number;
  withinDeadline: number;
}

const BATCH_SELECT = `SELECT b.id, json_build_object('id', u.id, 'code', u.code, 'nameVi', u.name_vi, 'nameEn', u.name_en, 'path', u.path) AS "orgUnit",
    json_build_object('id', p.id, 'code', p.code, 'nameVi', p.name_vi, 'nameEn', p.name_en) AS platform,
    b.letter_number AS "letterNumber", b.letter_date AS "letterDate", b.sent_at AS "sentAt", b.note, b.created_by AS "createdBy", b.created_at AS "createdAt",
    coalesce(s.cases, 0)::int AS cases, coalesce(s.removed, 0)::int AS removed, coalesce(s.geo, 0)::int AS "geoBlocked", coalesce(s.refused, 0)::int AS refused,
    coalesce(s.none, 0)::int AS "noAnswer", coalesce(s.present, 0)::int AS "stillPresent", coalesce(s.within, 0)::int AS "withinDeadline"
  FROM takedown_batch b JOIN org_unit u ON u.id = b.org_unit_id JOIN takedown_platform p ON p.id = b.platform_id
  LEFT JOIN LATERAL (SELECT count(*) AS cases, count(*) FILTER (WHERE outcome = 'REMOVED') AS removed, count(*) FILTER (WHERE outcome = 'GEO_BLOCKED') AS geo,
      count(*) FILTER (WHERE outcome = 'REFUSED') AS refused, count(*) FILTER (WHERE outcome = 'NO_ANSWER') AS none, count(*) FILTER (WHERE outcome = 'STILL_PRESENT') AS present,
      count(*) FILTER (WHERE within_deadline) AS within
    FROM takedown_case c WHERE c.batch_id = b.id) s ON true`;

export async function findBatch(db: Db, id: number): Promise<BatchRow | null> {
  const { rows } = await db.query<BatchRow>(`${BATCH_SELECT} WHERE b.id = $1`, [id]);
  return rows[0] ?? null;
}

export async function findBatchByLetter(db: Db, platformId: number, letterNumber: string): Promise<{ id: number; orgUnitId: number; sentAt: Date } | null> {
  const row = await db.kysely
    .selectFrom('takedown_batch')
    .select(['id', 'org_unit_id as orgUnitId', 'sent_at as sentAt'])
    .where('platform_id', '=', platformId)
    .where('letter_number', '=', letterNumber)
    .executeTakeFirst();
  return row ?? null;
}

export interface PeriodRange {
  /** Inclusive start and exclusive end, instants. */
  from: Date;
  to: Date;
  /** The same range as Vietnamese months YYYYMM, both inclusive (takedown_case.sent_month). */
  fromMonth: number;
  toMonth: number;
}

export async function listBatches(db: Db, f: { paths: 'ALL' | string[]; platformId?: number; range?: PeriodRange; limit: number }): Promise<BatchRow[]> {
  const params: unknown[] = [];
  const where: string[] = [];
  if (f.paths !== 'ALL') {
    params.push(f.paths.map((p) => `${p}%`));
    where.push(`u.path LIKE ANY ($${params.length}::text[])`);
  }
  if (f.platformId) {
    params.push(f.platformId);
    where.push(`b.platform_id = $${params.length}`);
  }
  if (f.range) {
    params.push(f.range.from, f.range.to);
    where.push(`b.sent_at >= $${params.length - 1} AND b.sent_at < $${params.length}`);
  }
  params.push(f.limit);
  const { rows } = await db.query<BatchRow>(`${BATCH_SELECT} ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY b.sent_at DESC, b.id DESC LIMIT $${params.length}`, params);
  return rows;
}

export async function insertBatch(
  db: Db,
  b: { orgUnitId: number; platformId: number; letterNumber: string; letterDate: string; sentAt: Date; note: string | null; createdBy: string },
): Promise<number> {
  const row = await db.kysely
    .insertInto('takedown_batch')
    .values({
      org_unit_id: b.orgUnitId,
      platform_id: b.platformId,
      letter_number: b.letterNumber,
      letter_date: b.letterDate,
      sent_at: b.sentAt,
      note: b.note,
      created_by: b.createdBy,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Inserts letters in one statement; their ids by 'platformId|letterNumber'. */
export async function insertBatches(
  db: Db,
  batches: readonly { orgUnitId: number; platformId: number; letterNumber: string; letterDate: string; sentAt: Date }[],
  createdBy: string,
): Promise<Map<string, number>> {
  const ids = new Map<string, number>();
  for (let i = 0; i < batches.length; i += 5000) {
    const part = batches.slice(i, i + 5000);
    const { rows } = await sql<{ id: number; platformId: number; letterNumber: string }>`
      INSERT INTO takedown_batch (org_unit_id, platform_id, letter_number, letter_date, sent_at, created_by)
      SELECT t.org_unit_id, t.platform_id, t.letter_number, t.letter_date, t.sent_at, ${createdBy}
        FROM unnest(${part.map((b) => b.orgUnitId)}::int[], ${part.map((b) => b.platformId)}::int[], ${part.map((b) => b.letterNumber)}::text[],
                    ${part.map((b) => b.letterDate)}::date[], ${part.map((b) => b.sentAt)}::timestamptz[])
             WITH ORDINALITY AS t(org_unit_id, platform_id, letter_number, letter_date, sent_at, n)
       ORDER BY n RETURNING id, platform_id AS "platformId", letter_number AS "letterNumber"`.execute(db.kysely);
    for (const r of rows) ids.set(`${r.platformId}|${r.letterNumber}`, r.id);
  }
  return ids;
}

export interface NewCase {
  batchId: number;
  platformId: number;
  orgUnitId: number;
  url: string;
  account: string | null;
  accountKey: string | null;
  violationKind: string;
  legalBasis: string;
  foundBy: string;
  foundByDetail: string | null;
  description: string | null;
  sentAt: Date;
  /** The judgement when the case arrives with its answer (an import); NO_ANSWER otherwise. */
  judgement?: Omit<Judgement, 'caseId'>;
}

/** Inserts cases in one statement per 5,000 (arrays unnested); their ids by 'batchId|url' (unique). */
export async function insertCases(db: Db, cases: readonly NewCase[], createdBy: string): Promise<Map<string, number>> {
  const ids = new Map<string, number>();
  for (let i = 0; i < cases.length; i += 5000) {
    const part = cases.slice(i, i + 5000);
    const col = <K extends keyof NewCase>(k: K) => part.map((c) => c[k]);
    const { rows } = await db.query<{ id: number; batchId: number; url: string }>(
      `INSERT INTO takedown_case (batch_id, platform_id, org_unit_id, url, account, account_key, violation_kind, legal_basis, found_by, found_by_detail, description, sent_at, created_by,
                                  outcome, acted_at, within_deadline, confirmed_gone)
       SELECT t.batch_id, t.platform_id, t.org_unit_id, t.url, t.account, t.account_key, t.violation_kind, t.legal_basis, t.found_by, t.found_by_detail, t.description, t.sent_at, $13,
              t.outcome, t.acted_at, t.within, t.gone
         FROM unnest($1::int[], $2::int[], $3::int[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[], $11::text[], $12::timestamptz[],
                     $14::text[], $15::timestamptz[], $16::boolean[], $17::boolean[])
         WITH ORDINALITY AS t(batch_id, platform_id, org_unit_id, url, account, account_key, violation_kind, legal_basis, found_by, found_by_detail, description, sent_at,
                              outcome, acted_at, within, gone, n)
       ORDER BY n RETURNING id, batch_id AS "batchId", url`,
      [
        col('batchId'),
        col('platformId'),
        col('orgUnitId'),
        col('url'),
        col('account'),
        col('accountKey'),
        col('violationKind'),
        col('legalBasis'),
        col('foundBy'),
        col('foundByDetail'),
        col('description'),
        col('sentAt'),
        createdBy,
        part.map((c) => c.judgement?.outcome ?? 'NO_ANSWER'),
        part.map((c) => c.judgement?.actedAt ?? null),
        part.map((c) => c.judgement?.withinDeadline ?? false),
        part.map((c) => c.judgement?.confirmedGone ?? false),
      ],
    );
    for (const r of rows) ids.set(`${r.batchId}|${r.url}`, r.id);
  }
  return ids;
}

// COPY's text format: backslash, tab and line breaks escaped; \N is NULL.
const copyText = (v: string | null) => (v === null ? '\\N' : v.replace(/[\\\t\n\r]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r')));
const copyTime = (v: Date | null) => (v === null ? '\\N' : v.toISOString());
/** Lines in pieces of a few hundred rows: one string for 100,000 rows would land in the old generation. */
function* copyPieces<T>(rows: readonly T[], line: (r: T) => string) {
  let piece = '';
  for (let i = 0; i < rows.length; i++) {
    piece += line(rows[i]);
    if ((i + 1) % 500 === 0) {
      yield piece;
      piece = '';
    }
  }
  if (piece) yield piece;
}

/**
 * An imported list's new cases (judged) and their answers, on PostgreSQL by COPY in the caller's transaction:
 * the cases straight into takedown_case, the answers through a transaction-local staging table joined to
 * their cases by (letter, URL), unique. Returns how many answers were written.
 */
export async function copyImportedCases(db: Db, cases: readonly NewCase[], answers: readonly (Omit<NewAnswer, 'caseId'> & { batchId: number; url: string })[], createdBy: string): Promise<number> {
  return db.withConnection(async (conn) => {
    const client = conn.raw as pg.PoolClient;
    const who = copyText(createdBy);
    await pipeline(
      Readable.from(
        copyPieces(cases, (c) => {
          const j = c.judgement;
          return `${c.batchId}\t${c.platformId}\t${c.orgUnitId}\t${copyText(c.url)}\t${copyText(c.account)}\t${copyText(c.accountKey)}\t${copyText(c.violationKind)}\t${copyText(c.legalBasis)}\t${copyText(c.foundBy)}\t${copyText(c.foundByDetail)}\t${copyText(c.description)}\t${c.sentAt.toISOString()}\t${who}\t${j?.outcome ?? 'NO_ANSWER'}\t${copyTime(j?.actedAt ?? null)}\t${j?.withinDeadline ? 't' : 'f'}\t${j?.confirmedGone ? 't' : 'f'}\n`;
        }),
      ),
      client.query(
        copyFrom(`COPY takedown_case (batch_id, platform_id, org_unit_id, url, account, account_key, violation_kind, legal_basis, found_by, found_by_detail, description, sent_at, created_by,
                                                 outcome, acted_at, within_deadline, confirmed_gone) FROM STDIN`),
      ),
    );
    if (answers.length === 0) return 0;
    await conn.query('CREATE TEMP TABLE takedown_answer_in (batch_id integer, url text, outcome text, reason text, answered_at timestamptz) ON COMMIT DROP');
    await pipeline(
      Readable.from(copyPieces(answers, (a) => `${a.batchId}\t${copyText(a.url)}\t${a.outcome}\t${copyText(a.reason)}\t${a.answeredAt.toISOString()}\n`)),
      client.query(copyFrom('COPY takedown_answer_in (batch_id, url, outcome, reason, answered_at) FROM STDIN')),
    );
    const { rowCount } = await conn.query(
      `INSERT INTO takedown_answer (case_id, outcome, reason, answered_at, source, recorded_by)
       SELECT c.id, t.outcome, t.reason, t.answered_at, 'IMPORT', $1 FROM takedown_answer_in t JOIN takedown_case c ON c.batch_id = t.batch_id AND c.url = t.url`,
      [createdBy],
    );
    await conn.query('DROP TABLE takedown_answer_in');
    return rowCount;
  });
}

export interface NewAnswer {
  caseId: number;
  outcome: AnswerOutcome;
  reason: string | null;
  answeredAt: Date;
}

export async function insertAnswers(db: Db, answers: readonly NewAnswer[], source: 'FORM' | 'IMPORT', recordedBy: string): Promise<number[]> {
  const ids: number[] = [];
  for (let i = 0; i < answers.length; i += 5000) {
    const part = answers.slice(i, i + 5000);
    const { rows } = await sql<{ id: number }>`
      INSERT INTO takedown_answer (case_id, outcome, reason, answered_at, source, recorded_by)
      SELECT t.case_id, t.outcome, t.reason, t.answered_at, ${source}, ${recordedBy}
        FROM unnest(${part.map((a) => a.caseId)}::int[], ${part.map((a) => a.outcome)}::text[], ${part.map((a) => a.reason)}::text[],
                    ${part.map((a) => a.answeredAt)}::timestamptz[]) WITH ORDINALITY AS t(case_id, outcome, reason, answered_at, n)
       ORDER BY n RETURNING id`.execute(db.kysely);
    ids.push(...rows.map((r) => r.id));
  }
  return ids;
}

export async function insertRecheck(db: Db, r: { caseId: number; checkedAt: Date; isPresent: boolean; checkedBy: string; userId: number | null; note: string | null }): Promise<number> {
  const row = await db.kysely
    .insertInto('takedown_recheck')
    .values({ case_id: r.caseId, checked_at: r.checkedAt, is_present: r.isPresent, checked_by: r.checkedBy, user_id: r.userId, note: r.note })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export interface Judgement {
  caseId: number;
  outcome: CaseOutcome;
  actedAt: Date | null;
  withinDeadline: boolean;
  confirmedGone: boolean;
}

/** Stores the judgement of cases (computed by src/core/takedown.ts judgeCase). */
export async function storeJudgements(db: Db, judgements: readonly Judgement[]): Promise<void> {
  for (let i = 0; i < judgements.length; i += 5000) {
    const part = judgements.slice(i, i + 5000);
    await sql`UPDATE takedown_case c SET outcome = t.outcome, acted_at = t.acted_at, within_deadline = t.within, confirmed_gone = t.gone
         FROM unnest(${part.map((j) => j.caseId)}::int[], ${part.map((j) => j.outcome)}::text[], ${part.map((j) => j.actedAt)}::timestamptz[],
                     ${part.map((j) => j.withinDeadline)}::boolean[], ${part.map((j) => j.confirmedGone)}::boolean[]) AS t(id, outcome, acted_at, within, gone)
        WHERE c.id = t.id AND (c.outcome, c.acted_at, c.within_deadline, c.confirmed_gone) IS DISTINCT FROM (t.outcome, t.acted_at, t.within, t.gone)`.execute(db.kysely);
  }
}

export interface FactsRow {
  caseId: number;
  sentAt: Date;
  answers: { id: number; outcome: AnswerOutcome; answeredAt: string }[];
  rechecks: { id: number; checkedAt: string; isPresent: boolean }[];
}

/** What judging needs, for these cases. Times inside the JSON arrive as ISO strings. */
export async function loadFacts(db: Db, caseIds: readonly number[]): Promise<FactsRow[]> {
  const { rows } = await sql<FactsRow>`SELECT c.id AS "caseId", c.sent_at AS "sentAt",
        coalesce((SELECT json_agg(json_build_object('id', a.id, 'outcome', a.outcome, 'answeredAt', a.answered_at)) FROM takedown_answer a WHERE a.case_id = c.id), '[]'::json) AS answers,
        coalesce((SELECT json_agg(json_build_object('id', r.id, 'checkedAt', r.checked_at, 'isPresent', r.is_present)) FROM takedown_recheck r WHERE r.case_id = c.id), '[]'::json) AS rechecks
       FROM takedown_case c WHERE c.id = ${anyOf(caseIds, 'int')}`.execute(db.kysely);
  return rows;
}

export interface CaseRow {
  id: number;
  batchId: number;
  letterNumber: string;
  platform: string;
  platformName: string;
  orgUnitId: number;
  orgUnitPath: string;
  orgUnitName: string;
  url: string;
  account: string | null;
  violationKind: string;
  legalBasis: string;
  foundBy: string;
  foundByDetail: string | null;
  description: string | null;
  sentAt: Date;
  outcome: CaseOutcome;
  actedAt: Date | null;
  withinDeadline: boolean;
  confirmedGone: boolean;
  createdBy: string | null;
  createdAt: Date;
}

const CASE_SELECT = `SELECT c.id, c.batch_id AS "batchId", b.letter_number AS "letterNumber", p.code AS platform, p.name_vi AS "platformName",
    c.org_unit_id AS "orgUnitId", u.path AS "orgUnitPath", u.name_vi AS "orgUnitName", c.url, c.account, c.violation_kind AS "violationKind",
    c.legal_basis AS "legalBasis", c.found_by AS "foundBy", c.found_by_detail AS "foundByDetail", c.description, c.sent_at AS "sentAt", c.outcome,
    c.acted_at AS "actedAt", c.within_deadline AS "withinDeadline", c.confirmed_gone AS "confirmedGone", c.created_by AS "createdBy", c.created_at AS "createdAt"
  FROM takedown_case c JOIN takedown_batch b ON b.id = c.batch_id JOIN takedown_platform p ON p.id = c.platform_id JOIN org_unit u ON u.id = c.org_unit_id`;

export async function findCase(db: Db, id: number): Promise<CaseRow | null> {
  const { rows } = await db.query<CaseRow>(`${CASE_SELECT} WHERE c.id = $1`, [id]);
  return rows[0] ?? null;
}

export interface CaseFilter {
  paths: 'ALL' | string[];
  subtreePath?: string;
  platformId?: number;
  range?: PeriodRange;
  outcome?: CaseOutcome;
  withinDeadline?: boolean;
  violationKind?: string;
  foundBy?: string;
  batchId?: number;
  accountKey?: string;
  q?: string;
}

function whereOf(f: CaseFilter): { sql: string; params: unknown[]; needsUnit: boolean } {
  const params: unknown[] = [];
  const where: string[] = [];
  const add = (sql: (n: number) => string, v: unknown) => {
    params.push(v);
    where.push(sql(params.length));
  };
  if (f.paths !== 'ALL')
    add(
      (n) => `u.path LIKE ANY ($${n}::text[])`,
      f.paths.map((p) => `${p}%`),
    );
  if (f.subtreePath) add((n) => `u.path LIKE $${n}`, `${f.subtreePath}%`);
  if (f.platformId) add((n) => `c.platform_id = $${n}`, f.platformId);
  // Periods are whole Vietnamese months: the stored month of sending, indexed (takedown_case_month_idx).
  if (f.range) {
    add((n) => `c.sent_month >= $${n}`, f.range.fromMonth);
    add((n) => `c.sent_month <= $${n}`, f.range.toMonth);
  }
  if (f.outcome) add((n) => `c.outcome = $${n}`, f.outcome);
  if (f.withinDeadline !== undefined) add((n) => `c.within_deadline = $${n}`, f.withinDeadline);
  if (f.violationKind) add((n) => `c.violation_kind = $${n}`, f.violationKind);
  if (f.foundBy) add((n) => `c.found_by = $${n}`, f.foundBy);
  if (f.batchId) add((n) => `c.batch_id = $${n}`, f.batchId);
  if (f.accountKey) add((n) => `c.account_key = $${n}`, f.accountKey);
  if (f.q) add((n) => `(c.url ILIKE $${n} OR c.account ILIKE $${n})`, `%${f.q.replace(/[\\%_]/g, (m) => `\\${m}`)}%`);
  return { sql: where.length ? `WHERE ${where.join(' AND ')}` : '', params, needsUnit: f.paths !== 'ALL' || Boolean(f.subtreePath) };
}

export async function listCases(db: Db, f: CaseFilter, limit: number, offset: number): Promise<{ total: number; items: CaseRow[] }> {
  const { sql, params, needsUnit } = whereOf(f);
  const [{ rows: count }, { rows }] = await Promise.all([
    db.query<{ n: number }>(`SELECT count(*)::int AS n FROM takedown_case c ${needsUnit ? 'JOIN org_unit u ON u.id = c.org_unit_id' : ''} ${sql}`, params),
    db.query<CaseRow>(`${CASE_SELECT} ${sql} ORDER BY c.sent_at DESC, c.id DESC LIMIT $${params.length + 1} OFFSET $${params.length + 2}`, [...params, limit, offset]),
  ]);
  return { total: count[0].n, items: rows };
}

export interface CountRow {
  platform: string;
  platformName: string;
  platformNameEn: string | null;
  period: string;
  requests: number;
  removed: number;
  geoBlocked: number;
  refused: number;
  noAnswer: number;
  stillPresent: number;
  withinDeadline: number;
}

/**
 * Counts per platform and Vietnamese month of sending ('YYYYMM'), in a range of months: one GROUP BY over the
 * stored month and judgement (takedown_case_month_idx covers it); the unit's path joins only when scoped.
 */
export async function countByPlatformMonth(db: Db, paths: 'ALL' | string[], range: PeriodRange, subtreePath?: string): Promise<CountRow[]> {
  const { sql, params, needsUnit } = whereOf({ paths, range, subtreePath });
  const { rows } = await db.query<CountRow>(
    `SELECT p.code AS platform, p.name_vi AS "platformName", p.name_en AS "platformNameEn", s.period::text AS period, s.requests, s.removed, s.geo AS "geoBlocked", s.refused,
            s.none AS "noAnswer", s.present AS "stillPresent", s.within AS "withinDeadline"
       FROM (SELECT c.platform_id, c.sent_month AS period, count(*)::int AS requests,
                    count(*) FILTER (WHERE c.outcome = 'REMOVED')::int AS removed, count(*) FILTER (WHERE c.outcome = 'GEO_BLOCKED')::int AS geo,
                    count(*) FILTER (WHERE c.outcome = 'REFUSED')::int AS refused, count(*) FILTER (WHERE c.outcome = 'NO_ANSWER')::int AS none,
                    count(*) FILTER (WHERE c.outcome = 'STILL_PRESENT')::int AS present, count(*) FILTER (WHERE c.within_deadline)::int AS within
               FROM takedown_case c ${needsUnit ? 'JOIN org_unit u ON u.id = c.org_unit_id' : ''} ${sql}
              GROUP BY 1, 2) s
       JOIN takedown_platform p ON p.id = s.platform_id
      ORDER BY p.id, s.period`,
    params,
  );
  return rows;
}

/** Counts per sending unit, platform and month, for writing the figures as data values. */
export async function countByUnitPlatformMonth(db: Db, range: PeriodRange): Promise<(CountRow & { orgUnitId: number })[]> {
  const { rows } = await sql<CountRow & { orgUnitId: number }>`
     SELECT c.org_unit_id AS "orgUnitId", p.code AS platform, p.name_vi AS "platformName", p.name_en AS "platformNameEn",
            c.sent_month::text AS period, count(*)::int AS requests,
            count(*) FILTER (WHERE c.outcome = 'REMOVED')::int AS removed, count(*) FILTER (WHERE c.outcome = 'GEO_BLOCKED')::int AS "geoBlocked",
            count(*) FILTER (WHERE c.outcome = 'REFUSED')::int AS refused, count(*) FILTER (WHERE c.outcome = 'NO_ANSWER')::int AS "noAnswer",
            count(*) FILTER (WHERE c.outcome = 'STILL_PRESENT')::int AS "stillPresent", count(*) FILTER (WHERE c.within_deadline)::int AS "withinDeadline"
       FROM takedown_case c JOIN takedown_platform p ON p.id = c.platform_id
      WHERE c.sent_month BETWEEN ${range.fromMonth} AND ${range.toMonth}
      GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 5`.execute(db.kysely);
  return rows;
}

export interface AnswerRow {
  id: number;
  outcome: AnswerOutcome;
  reason: string | null;
  answeredAt: Date;
  source: string;
  recordedBy: string | null;
  createdAt: Date;
}

export async function listAnswers(db: Db, caseId: number): Promise<AnswerRow[]> {
  return db.kysely
    .selectFrom('takedown_answer')
    .select(['id', 'outcome', 'reason', 'answered_at as answeredAt', 'source', 'recorded_by as recordedBy', 'created_at as createdAt'])
    .where('case_id', '=', caseId)
    .orderBy('answered_at')
    .orderBy('id')
    .$narrowType<{ outcome: AnswerOutcome }>()
    .execute();
}

export interface RecheckRow {
  id: number;
  checkedAt: Date;
  isPresent: boolean;
  checkedBy: string;
  note: string | null;
  createdAt: Date;
}

export async function listRechecks(db: Db, caseId: number): Promise<RecheckRow[]> {
  return db.kysely
    .selectFrom('takedown_recheck')
    .select(['id', 'checked_at as checkedAt', 'is_present as isPresent', 'checked_by as checkedBy', 'note', 'created_at as createdAt'])
    .where('case_id', '=', caseId)
    .orderBy('checked_at')
    .orderBy('id')
    .execute();
}

export async function insertEvidence(db: Db, caseId: number, e: { fileName: string; contentType: string; bytes: Buffer; sha256: string; username: string }): Promise<number> {
  const row = await db.kysely
    .insertInto('takedown_evidence')
    .values({ case_id: caseId, file_name: e.fileName, content_type: e.contentType, size_bytes: e.bytes.length, sha256: e.sha256, content: e.bytes, username: e.username })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function listEvidence(db: Db, caseId: number) {
  return db.kysely
    .selectFrom('takedown_evidence')
    .select(['id', 'file_name as fileName', 'content_type as contentType', 'size_bytes as sizeBytes', 'sha256', 'username', 'created_at as createdAt'])
    .where('case_id', '=', caseId)
    .orderBy('id')
    .execute();
}

export async function findEvidenceContent(db: Db, caseId: number, evidenceId: number) {
  const row = await db.kysely
    .selectFrom('takedown_evidence')
    .select((eb) => ['file_name as fileName', 'content_type as contentType', eb.ref('content').$castTo<Buffer>().as('content')])
    .where('case_id', '=', caseId)
    .where('id', '=', evidenceId)
    .executeTakeFirst();
  return row ?? null;
}

export async function listThresholds(db: Db): Promise<(Threshold & { id: number })[]> {
  return db.kysely
    .selectFrom('takedown_threshold')
    .select(['id', 'window_days as windowDays', 'min_count as minCount', 'effective_from as effectiveFrom', 'effective_to as effectiveTo', 'legal_basis as legalBasis'])
    .orderBy('effective_from')
    .orderBy('window_days')
    .execute();
}

export async function insertThreshold(db: Db, t: Threshold): Promise<number> {
  const row = await db.kysely
    .insertInto('takedown_threshold')
    .values({ window_days: t.windowDays, min_count: t.minCount, effective_from: t.effectiveFrom, effective_to: t.effectiveTo, legal_basis: t.legalBasis })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Cases with a named account sent in a range, for the repeat-offender counts. */
export async function listAccountCases(db: Db, range: { from: Date; to: Date }, paths: 'ALL' | string[], platformId?: number) {
  let q = db.kysely
    .selectFrom('takedown_case as c')
    .innerJoin('takedown_platform as p', 'p.id', 'c.platform_id')
    .innerJoin('org_unit as u', 'u.id', 'c.org_unit_id')
    .select(['p.code as platform', 'c.account_key as accountKey', 'c.account', 'c.sent_at as sentAt', 'c.org_unit_id as orgUnitId', 'c.id as caseId'])
    .where('c.account_key', 'is not', null)
    .where('c.sent_at', '>=', range.from)
    .where('c.sent_at', '<', range.to)
    .$narrowType<{ accountKey: string; account: string }>();
  if (paths !== 'ALL')
    q = q.where(
      'u.path',
      'like',
      anyOf(
        paths.map((p) => `${p}%`),
        'text',
      ),
    );
  if (platformId) q = q.where('c.platform_id', '=', platformId);
  return q.execute();
}

/** Existing cases by (platform, letter number, URL), for matching an answer list. */
export async function findCasesByLetterUrl(db: Db, keys: { platformId: number; letterNumber: string; url: string }[]): Promise<Map<string, { id: number; sentAt: Date; orgUnitId: number }>> {
  const out = new Map<string, { id: number; sentAt: Date; orgUnitId: number }>();
  for (let i = 0; i < keys.length; i += 5000) {
    const part = keys.slice(i, i + 5000);
    const { rows } = await sql<{ platformId: number; letterNumber: string; url: string; id: number; sentAt: Date; orgUnitId: number }>`
      SELECT c.platform_id AS "platformId", b.letter_number AS "letterNumber", c.url, c.id, c.sent_at AS "sentAt", c.org_unit_id AS "orgUnitId"
        FROM unnest(${part.map((k) => k.platformId)}::int[], ${part.map((k) => k.letterNumber)}::text[], ${part.map((k) => k.url)}::text[]) AS k(platform_id, letter_number, url)
        JOIN takedown_batch b ON b.platform_id = k.platform_id AND b.letter_number = k.letter_number
        JOIN takedown_case c ON c.batch_id = b.id AND c.url = k.url`.execute(db.kysely);
    for (const r of rows) out.set(`${r.platformId}|${r.letterNumber}|${r.url}`, { id: r.id, sentAt: r.sentAt, orgUnitId: r.orgUnitId });
  }
  return out;
}

export async function findCasesById(db: Db, ids: number[]): Promise<Map<number, { id: number; sentAt: Date; orgUnitId: number; orgUnitPath: string }>> {
  const rows = await db.kysely
    .selectFrom('takedown_case as c')
    .innerJoin('org_unit as u', 'u.id', 'c.org_unit_id')
    .select(['c.id', 'c.sent_at as sentAt', 'c.org_unit_id as orgUnitId', 'u.path as orgUnitPath'])
    .where('c.id', '=', anyOf(ids, 'int'))
    .execute();
  return new Map(rows.map((r) => [r.id, r]));
}

/** Existing (batch, URL) pairs among these, for refusing a duplicate before writing. */
export async function existingBatchUrls(db: Db, batchIds: number[], urls: string[]): Promise<Set<string>> {
  if (batchIds.length === 0) return new Set();
  const rows = await db.kysely.selectFrom('takedown_case').select(['batch_id as batchId', 'url']).where('batch_id', '=', anyOf(batchIds, 'int')).where('url', '=', anyOf(urls, 'text')).execute();
  return new Set(rows.map((r) => `${r.batchId}|${r.url}`));
}

/** Keys of the takedown elements written from cases, in these periods. */
export async function listCaseValueKeys(db: Db, elementIds: number[], periodIds: number[]) {
  return db.kysely
    .selectFrom('data_value')
    .select(['data_element_id as dataElementId', 'period_id as periodId', 'org_unit_id as orgUnitId', 'option_id as optionId'])
    .where('data_element_id', '=', anyOf(elementIds, 'int'))
    .where('period_id', '=', anyOf(periodIds, 'int'))
    .where('source', '=', 'CASES')
    .execute();
}

/** Marks the case-derived values approved (data_status 2): counted from records, there is no report to approve. */
export async function approveCaseValues(db: Db, elementIds: number[], periodIds: number[]): Promise<void> {
  await db.kysely
    .updateTable('data_value')
    .set({ data_status: 2 })
    .where('data_element_id', '=', anyOf(elementIds, 'int'))
    .where('period_id', '=', anyOf(periodIds, 'int'))
    .where('source', '=', 'CASES')
    .where('data_status', '<>', 2)
    .execute();
}

/** Recorded letters among these (platform, number) pairs, with their unit's path, by 'platformId|number'. */
export async function findBatchesByLetters(db: Db, keys: { platformId: number; letterNumber: string }[]): Promise<Map<string, { id: number; orgUnitId: number; path: string }>> {
  const out = new Map<string, { id: number; orgUnitId: number; path: string }>();
  if (keys.length === 0) return out;
  const { rows } = await sql<{ platformId: number; letterNumber: string; id: number; orgUnitId: number; path: string }>`
    SELECT b.platform_id AS "platformId", b.letter_number AS "letterNumber", b.id, b.org_unit_id AS "orgUnitId", u.path
      FROM unnest(${keys.map((k) => k.platformId)}::int[], ${keys.map((k) => k.letterNumber)}::text[]) AS k(platform_id, letter_number)
      JOIN takedown_batch b ON b.platform_id = k.platform_id AND b.letter_number = k.letter_number JOIN org_unit u ON u.id = b.org_unit_id`.execute(db.kysely);
  for (const r of rows) out.set(`${r.platformId}|${r.letterNumber}`, { id: r.id, orgUnitId: r.orgUnitId, path: r.path });
  return out;
}

export async function hasCasesIn(db: Db, range: PeriodRange): Promise<boolean> {
  const row = await db.kysely
    .selectFrom('takedown_case')
    .select(sql<number>`1`.as('one'))
    .where((eb) => eb.between('sent_month', range.fromMonth, range.toMonth))
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}
