import type { Db } from '../../db/db.ts';

export interface ElementRow {
  id: number;
  code: string;
  nameVi: string;
  nameEn: string | null;
  shortName: string | null;
  aggregationType: string;
  valueType: string;
  disaggregationId: number | null;
}

export interface OptionRow {
  id: number;
  elementCode: string;
  code: string;
  nameVi: string;
  nameEn: string | null;
}

export async function findElementsByCodes(db: Db, codes: readonly string[]): Promise<ElementRow[]> {
  if (codes.length === 0) return [];
  const { rows } = await db.query<ElementRow>(
    `SELECT id, code, name_vi AS "nameVi", name_en AS "nameEn", short_name AS "shortName", aggregation_type AS "aggregationType",
            value_type AS "valueType", disaggregation_id AS "disaggregationId"
       FROM data_element WHERE code = ANY($1::text[])`,
    [codes],
  );
  return rows;
}

export async function findElementsByIds(db: Db, ids: readonly number[]): Promise<ElementRow[]> {
  if (ids.length === 0) return [];
  const { rows } = await db.query<ElementRow>(
    `SELECT id, code, name_vi AS "nameVi", name_en AS "nameEn", short_name AS "shortName", aggregation_type AS "aggregationType",
            value_type AS "valueType", disaggregation_id AS "disaggregationId"
       FROM data_element WHERE id = ANY($1::int[])`,
    [ids],
  );
  return rows;
}

export async function findOptionsOfElements(db: Db, elementIds: readonly number[]): Promise<OptionRow[]> {
  if (elementIds.length === 0) return [];
  const { rows } = await db.query<OptionRow>(
    `SELECT o.id, de.code AS "elementCode", o.code, o.name_vi AS "nameVi", o.name_en AS "nameEn"
       FROM data_element de JOIN disaggregation_option o ON o.disaggregation_id = de.disaggregation_id
      WHERE de.id = ANY($1::int[])`,
    [elementIds],
  );
  return rows;
}

export interface UnitRow {
  id: number;
  code: string;
  nameVi: string;
  nameEn: string | null;
  shortName: string | null;
  path: string;
  level: number;
  closingDate: string | null;
}

const UNIT_COLUMNS = `id, code, name_vi AS "nameVi", name_en AS "nameEn", short_name AS "shortName", path, level, closing_date AS "closingDate"`;

export async function findUnitsByCodesOrIds(db: Db, codes: readonly string[], ids: readonly number[]): Promise<UnitRow[]> {
  if (codes.length === 0 && ids.length === 0) return [];
  const { rows } = await db.query<UnitRow>(
    `SELECT ${UNIT_COLUMNS} FROM org_unit WHERE code = ANY($1::text[]) OR id = ANY($2::int[])`,
    [codes, ids],
  );
  return rows;
}

export async function findRootUnits(db: Db): Promise<UnitRow[]> {
  const { rows } = await db.query<UnitRow>(`SELECT ${UNIT_COLUMNS} FROM org_unit WHERE parent_id IS NULL ORDER BY sort_key, code`);
  return rows;
}

/**
 * Units at `level` (absolute) inside the subtrees, or the children of the subtrees' roots; only units
 * open on `today` (a merged unit's history is shown under its successor).
 */
export async function findDescendantUnits(db: Db, prefixes: readonly string[], level: number | 'CHILDREN', today: string): Promise<UnitRow[]> {
  if (prefixes.length === 0) return [];
  const params: unknown[] = [prefixes.map((p) => `${p}%`), today];
  const levelSql = level === 'CHILDREN' ? `u.parent_id IN (SELECT id FROM org_unit WHERE path = ANY($3::text[]))` : `u.level = $3`;
  params.push(level === 'CHILDREN' ? prefixes : level);
  const { rows } = await db.query<UnitRow>(
    `SELECT ${UNIT_COLUMNS.replace(/(^|, )(\w+)/g, '$1u.$2')} FROM org_unit u
      WHERE u.path LIKE ANY($1::text[]) AND (u.closing_date IS NULL OR u.closing_date > $2::date) AND (u.opening_date IS NULL OR u.opening_date <= $2::date) AND ${levelSql}
      ORDER BY u.sort_key, u.code`,
    params,
  );
  return rows;
}

export interface LineageRow {
  predecessorId: number;
  successorId: number;
  effectiveDate: string;
  kind: string;
  predecessorPath: string;
  predecessorCode: string;
  predecessorName: string;
}

/** Merges and renames (splits cannot be apportioned without weights, so they are not followed). */
export async function listLineage(db: Db): Promise<LineageRow[]> {
  const { rows } = await db.query<LineageRow>(
    `SELECT l.predecessor_id AS "predecessorId", l.successor_id AS "successorId", l.effective_date AS "effectiveDate", l.kind,
            p.path AS "predecessorPath", p.code AS "predecessorCode", p.name_vi AS "predecessorName"
       FROM org_unit_lineage l JOIN org_unit p ON p.id = l.predecessor_id
      WHERE l.kind IN ('MERGE', 'RENAME')`,
  );
  return rows;
}

export interface StoredPeriod {
  id: number;
  iso: string;
  startDate: string;
  endDate: string;
}

export async function findStoredPeriods(db: Db, from: string, to: string): Promise<StoredPeriod[]> {
  const { rows } = await db.query<StoredPeriod>(
    `SELECT id, iso, start_date AS "startDate", end_date AS "endDate" FROM period WHERE start_date >= $1::date AND end_date <= $2::date`,
    [from, to],
  );
  return rows;
}

/** One reference to aggregate: an element total (optionId null) or one option of it. */
export interface RefSpec {
  index: number;
  elementId: number;
  optionId: number | null;
  aggregationType: string;
}

/** A stored period that belongs to a period group (a requested period, or the whole filter). */
export interface PeriodSpec {
  periodId: number;
  group: number;
  startDate: string;
  endDate: string;
}

/** A subtree that belongs to an org unit group; `beforeDate` limits it to periods ending before (lineage). */
export interface UnitSpec {
  group: number;
  prefix: string;
  beforeDate: string | null;
}

export interface AggregateRow {
  ref: number;
  pg: number;
  og: number;
  sum: number | null;
  count: number;
  avg: number | null;
  avgSum: number | null;
  last: number | null;
  min: number | null;
  max: number | null;
}

const SIMPLE_TYPES = new Set(['SUM', 'COUNT']);

/**
 * How a subtree is read for SUM and COUNT: RAW joins data_value through the path; SELF reads the
 * unit's own analytics_rollup rows (a level-2 unit); ROOT reads its level-2 children's roll-up rows
 * plus the root's own values.
 */
type SpecMode = 'RAW' | 'SELF' | 'ROOT';

function idsOfPath(path: string): number[] {
  return path.split('/').filter(Boolean).map(Number);
}

/** Roll-up rows may be used for a group only when its subtrees do not overlap (they would count twice). */
function specModes(units: readonly UnitSpec[]): SpecMode[] {
  const overlapping = new Set<number>();
  const byGroup = new Map<number, UnitSpec[]>();
  for (const u of units) byGroup.set(u.group, [...(byGroup.get(u.group) ?? []), u]);
  for (const [group, specs] of byGroup) {
    if (specs.some((a, i) => specs.some((b, j) => i !== j && b.prefix.startsWith(a.prefix)))) overlapping.add(group);
  }
  return units.map((u) => {
    if (overlapping.has(u.group)) return 'RAW';
    const depth = idsOfPath(u.prefix).length;
    return depth === 1 ? 'ROOT' : depth === 2 ? 'SELF' : 'RAW';
  });
}

/**
 * Aggregates values for every reference × period group × org unit group. Live: SUM and COUNT of
 * province-sized and larger subtrees read analytics_rollup (kept by triggers in the writing
 * transaction); everything else reads data_value, narrowed by its (data_element_id, period_id, …)
 * key, with org units joined through their path (each subtree a range scan of the path index).
 */
export async function aggregateRaw(
  db: Db,
  refs: readonly RefSpec[],
  periods: readonly PeriodSpec[],
  units: readonly UnitSpec[],
  options: { rollup?: boolean } = {},
): Promise<AggregateRow[]> {
  if (refs.length === 0 || periods.length === 0 || units.length === 0) return [];
  const out: AggregateRow[] = [];
  const simple = refs.filter((r) => SIMPLE_TYPES.has(r.aggregationType));
  const perUnit = refs.filter((r) => !SIMPLE_TYPES.has(r.aggregationType));
  const modes = options.rollup === false ? units.map((): SpecMode => 'RAW') : specModes(units);
  const params = (rs: readonly RefSpec[], specModesUsed: readonly SpecMode[]) => [
    rs.map((r) => r.index),
    rs.map((r) => r.elementId),
    rs.map((r) => r.optionId),
    periods.map((p) => p.periodId),
    periods.map((p) => p.group),
    periods.map((p) => p.startDate),
    periods.map((p) => p.endDate),
    units.map((u) => u.group),
    units.map((u) => u.prefix),
    // The upper bound of a subtree's paths: '/' is followed by digits, and '0' sorts right after '/'.
    units.map((u) => `${u.prefix.slice(0, -1)}0`),
    units.map((u) => u.beforeDate),
    [...new Set(rs.map((r) => r.elementId))],
    [...new Set(periods.map((p) => p.periodId))],
    specModesUsed,
    units.map((u) => idsOfPath(u.prefix).at(-1) ?? 0),
  ];
  const cte = `
    WITH r AS (SELECT * FROM unnest($1::int[], $2::int[], $3::int[]) AS t(idx, element_id, option_id)),
    pe AS (SELECT * FROM unnest($4::int[], $5::int[], $6::date[], $7::date[]) AS t(period_id, grp, start_date, end_date)),
    spec AS (SELECT * FROM unnest($8::int[], $9::text[], $10::text[], $11::date[], $14::text[], $15::int[]) AS t(grp, prefix, upper_bound, before_date, mode, unit_id)),
    units AS (
      SELECT s.grp, u.id AS org_unit_id,
             CASE WHEN bool_or(s.before_date IS NULL) THEN NULL ELSE max(s.before_date) END AS before_date
        FROM spec s JOIN org_unit u ON u.path ~>=~ s.prefix AND u.path ~<~ s.upper_bound
       WHERE s.mode = 'RAW'
       GROUP BY s.grp, u.id
      UNION ALL
      SELECT s.grp, s.unit_id, s.before_date FROM spec s WHERE s.mode = 'ROOT'
    ),
    v AS (
      SELECT r.idx, pe.grp AS pg, units.grp AS og, dv.org_unit_id, pe.start_date, dv.value
        FROM data_value dv
        JOIN r ON r.element_id = dv.data_element_id AND (r.option_id IS NULL OR r.option_id = dv.option_id)
        JOIN pe ON pe.period_id = dv.period_id
        JOIN units ON units.org_unit_id = dv.org_unit_id AND (units.before_date IS NULL OR pe.end_date < units.before_date)
       WHERE dv.data_element_id = ANY($12::int[]) AND dv.period_id = ANY($13::int[]) AND dv.value IS NOT NULL
    )`;
  if (simple.length > 0) {
    const { rows } = await db.query<AggregateRow>(
      `${cte},
       anchors AS (
         SELECT s.grp, s.unit_id AS anchor, s.before_date FROM spec s WHERE s.mode = 'SELF'
         UNION ALL
         SELECT s.grp, c.id, s.before_date FROM spec s JOIN org_unit c ON c.parent_id = s.unit_id WHERE s.mode = 'ROOT'
       ),
       parts AS (
         SELECT idx, pg, og, value AS s, 1 AS n FROM v
         UNION ALL
         SELECT r.idx, pe.grp, a.grp, ru.sum, ru.count
           FROM analytics_rollup ru
           JOIN r ON r.element_id = ru.data_element_id AND (r.option_id IS NULL OR r.option_id = ru.option_id)
           JOIN pe ON pe.period_id = ru.period_id
           JOIN anchors a ON a.anchor = ru.org_unit_id AND (a.before_date IS NULL OR pe.end_date < a.before_date)
          WHERE ru.data_element_id = ANY($12::int[]) AND ru.period_id = ANY($13::int[])
       )
       SELECT idx AS ref, pg, og, sum(s) AS sum, sum(n)::int AS count, NULL::float8 AS avg, NULL::float8 AS "avgSum",
              NULL::float8 AS last, NULL::float8 AS min, NULL::float8 AS max
         FROM parts GROUP BY idx, pg, og HAVING sum(n) > 0`,
      params(simple, modes),
    );
    out.push(...rows);
  }
  if (perUnit.length > 0) {
    const { rows } = await db.query<AggregateRow>(
      `${cte},
       cells AS (SELECT idx, pg, og, org_unit_id, start_date, sum(value) AS v, count(*) AS n FROM v GROUP BY idx, pg, og, org_unit_id, start_date),
       per_unit AS (
         SELECT idx, pg, og, org_unit_id, avg(v) AS a, (array_agg(v ORDER BY start_date DESC))[1] AS l, min(v) AS mn, max(v) AS mx, sum(v) AS s, sum(n) AS n
           FROM cells GROUP BY idx, pg, og, org_unit_id
       )
       SELECT idx AS ref, pg, og, sum(s) AS sum, sum(n)::int AS count, avg(a) AS avg, sum(a) AS "avgSum", sum(l) AS last, min(mn) AS min, max(mx) AS max
         FROM per_unit GROUP BY idx, pg, og`,
      params(perUnit, units.map((): SpecMode => 'RAW')),
    );
    out.push(...rows);
  }
  return out;
}

export interface RawValueRow {
  orgUnitId: number;
  orgUnitCode: string;
  orgUnitName: string;
  period: string;
  periodStart: string;
  optionCode: string | null;
  value: number;
  storedBy: string | null;
  updatedAt: string;
  source: string;
}

/** The raw values behind one cell, for the explain view. */
export async function listRawValues(db: Db, ref: { elementId: number; optionId: number | null }, periods: readonly PeriodSpec[], units: readonly UnitSpec[], limit: number): Promise<RawValueRow[]> {
  const { rows } = await db.query<RawValueRow>(
    `WITH pe AS (SELECT * FROM unnest($3::int[], $4::date[], $5::date[]) AS t(period_id, start_date, end_date)),
     spec AS (SELECT * FROM unnest($6::text[], $7::text[], $8::date[]) AS t(prefix, upper_bound, before_date)),
     units AS (
       SELECT u.id AS org_unit_id, CASE WHEN bool_or(s.before_date IS NULL) THEN NULL ELSE max(s.before_date) END AS before_date
         FROM spec s JOIN org_unit u ON u.path ~>=~ s.prefix AND u.path ~<~ s.upper_bound GROUP BY u.id
     )
     SELECT dv.org_unit_id AS "orgUnitId", ou.code AS "orgUnitCode", ou.name_vi AS "orgUnitName", p.iso AS period,
            p.start_date AS "periodStart", o.code AS "optionCode", dv.value, dv.stored_by AS "storedBy", dv.updated_at AS "updatedAt", dv.source
       FROM data_value dv
       JOIN pe ON pe.period_id = dv.period_id
       JOIN period p ON p.id = dv.period_id
       JOIN units ON units.org_unit_id = dv.org_unit_id AND (units.before_date IS NULL OR pe.end_date < units.before_date)
       JOIN org_unit ou ON ou.id = dv.org_unit_id
       LEFT JOIN disaggregation_option o ON o.id = dv.option_id
      WHERE dv.data_element_id = $1 AND ($2::int IS NULL OR dv.option_id = $2) AND dv.value IS NOT NULL
      ORDER BY ou.sort_key, ou.code, p.start_date, o.sort_order
      LIMIT $9`,
    [
      ref.elementId,
      ref.optionId,
      periods.map((p) => p.periodId),
      periods.map((p) => p.startDate),
      periods.map((p) => p.endDate),
      units.map((u) => u.prefix),
      units.map((u) => `${u.prefix.slice(0, -1)}0`),
      units.map((u) => u.beforeDate),
      limit,
    ],
  );
  return rows;
}
