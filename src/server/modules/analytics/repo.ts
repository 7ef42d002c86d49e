import type { AggregationType } from '../../../core/aggregation-types.ts';
import type { Db } from '../../db/db.ts';
import { selectColumns, typesOnPath } from './aggregation-sql.ts';

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

export async function findOptionsOfElementCodes(db: Db, codes: readonly string[]): Promise<OptionRow[]> {
  if (codes.length === 0) return [];
  const { rows } = await db.query<OptionRow>(
    `SELECT o.id, de.code AS "elementCode", o.code, o.name_vi AS "nameVi", o.name_en AS "nameEn"
       FROM data_element de JOIN disaggregation_option o ON o.disaggregation_id = de.disaggregation_id
      WHERE de.code = ANY($1::text[])
      ORDER BY o.sort_order, o.code`,
    [codes],
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
  const { rows } = await db.query<UnitRow>(`SELECT ${UNIT_COLUMNS} FROM org_unit WHERE code = ANY($1::text[]) OR id = ANY($2::int[])`, [codes, ids]);
  return rows;
}

/** Org unit groups named by code or DHIS2 UID, with their members open on `today` (for ou:OU_GROUP-…). */
export async function findGroupMembers(db: Db, refs: readonly string[], today: string): Promise<{ ref: string; units: UnitRow[] }[]> {
  if (refs.length === 0) return [];
  const { rows } = await db.query<{ code: string; uid: string; unit: UnitRow | null }>(
    `SELECT g.code, g.uid,
            CASE WHEN u.id IS NULL THEN NULL ELSE json_build_object('id', u.id, 'code', u.code, 'nameVi', u.name_vi, 'nameEn', u.name_en, 'shortName', u.short_name,
              'path', u.path, 'level', u.level, 'closingDate', u.closing_date) END AS unit
       FROM org_unit_group g
       LEFT JOIN org_unit_group_member m ON m.group_id = g.id
       LEFT JOIN org_unit u ON u.id = m.org_unit_id AND (u.closing_date IS NULL OR u.closing_date > $2::date) AND (u.opening_date IS NULL OR u.opening_date <= $2::date)
      WHERE g.code = ANY($1::text[]) OR g.uid = ANY($1::text[])
      ORDER BY u.sort_key, u.code`,
    [refs, today],
  );
  return refs.flatMap((ref) => {
    const mine = rows.filter((r) => r.code === ref || r.uid === ref);
    if (mine.length === 0) return [];
    return [{ ref, units: mine.flatMap((r) => (r.unit ? [{ ...r.unit, closingDate: r.unit.closingDate === null ? null : String(r.unit.closingDate).slice(0, 10) }] : [])) }];
  });
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
  const { rows } = await db.query<StoredPeriod>(`SELECT id, iso, start_date AS "startDate", end_date AS "endDate" FROM period WHERE start_date >= $1::date AND end_date <= $2::date`, [from, to]);
  return rows;
}

/** One reference to aggregate: an element total (optionId null) or one option of it. */
export interface RefSpec {
  index: number;
  elementId: number;
  optionId: number | null;
  aggregationType: AggregationType;
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

/** One cell's value under each type of the query that computed it (the reference's own type is the one to read). */
export type AggregateRow = { ref: number; pg: number; og: number } & { [T in AggregationType]?: number | null };

const ROLLUP_TYPES: ReadonlySet<AggregationType> = new Set(typesOnPath('ROLLUP'));

/**
 * How a subtree is read for SUM and COUNT: RAW joins data_value through the path; SELF reads the
 * unit's own analytics_rollup rows (a level-2 unit); ROOT reads its level-2 children's roll-up rows
 * plus the root's own values.
 */
type SpecMode = 'RAW' | 'SELF' | 'ROOT';

function idsOfPath(path: string): number[] {
  return path.split('/').filter(Boolean).map(Number);
}

/** Whether some group holds two subtrees of which one contains the other. */
function hasOverlap(units: readonly UnitSpec[]): boolean {
  const byGroup = new Map<number, string[]>();
  for (const u of units) byGroup.set(u.group, [...(byGroup.get(u.group) ?? []), u.prefix]);
  for (const prefixes of byGroup.values()) {
    if (prefixes.length < 2) continue;
    const sorted = [...prefixes].sort();
    // Sorted, a prefix comes right before the paths it contains (or is equal to its duplicate).
    for (let i = 1; i < sorted.length; i++) if (sorted[i].startsWith(sorted[i - 1])) return true;
  }
  return false;
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

/** What {@link aggregateRaw} computes: every reference × period group × org unit group. */
export interface AggregateQuery {
  refs: readonly RefSpec[];
  periods: readonly PeriodSpec[];
  units: readonly UnitSpec[];
  /** False reads every subtree from data_value (the roll-up's own test compares both ways). */
  rollup?: boolean;
  /** 0 every accepted value, 1 submitted and approved, 2 approved only. */
  minStatus?: number;
}

/** The aggregate query's parameters by name; `P.name` is its `$n` in the SQL, {@link positional} the values in that order. */
const PARAM_NAMES = [
  'totalIdx',
  'totalElement',
  'partIdx',
  'partElement',
  'partOption',
  'periodId',
  'periodGroup',
  'periodStart',
  'periodEnd',
  'rawGroup',
  'rawPrefix',
  'rawUpper',
  'rawBefore',
  'rootGroup',
  'rootUnit',
  'rootBefore',
  'selfGroup',
  'selfUnit',
  'selfBefore',
  'elementIds',
  'periodIds',
  'onlyUnits',
  'minStatus',
] as const;
type ParamName = (typeof PARAM_NAMES)[number];
const P = Object.fromEntries(PARAM_NAMES.map((name, i) => [name, `$${i + 1}`])) as Record<ParamName, string>;
const positional = (named: Record<ParamName, unknown>): unknown[] => PARAM_NAMES.map((name) => named[name]);

/**
 * Aggregates values for every reference × period group × org unit group. Live: SUM and COUNT of
 * province-sized and larger subtrees read analytics_rollup (kept by triggers in the writing
 * transaction); everything else reads data_value, narrowed by its (data_element_id, period_id, …)
 * key, with org units joined through their path (each subtree a range scan of the path index).
 *
 * The SQL is shaped for the planner: every list comes as its own array (so its length is known),
 * joins are plain equalities (an element total and one option are separate joins, a missing lineage
 * date is 'infinity'), and the filtered values are materialised so that their size is estimated
 * from the table's statistics — with those, the small sides are hashed instead of looped over.
 */
export async function aggregateRaw(db: Db, query: AggregateQuery): Promise<AggregateRow[]> {
  const { refs, periods, units, rollup = true, minStatus = 0 } = query;
  if (refs.length === 0 || periods.length === 0 || units.length === 0) return [];
  const out: AggregateRow[] = [];
  const simple = refs.filter((r) => ROLLUP_TYPES.has(r.aggregationType));
  const perUnit = refs.filter((r) => !ROLLUP_TYPES.has(r.aggregationType));
  const modes = rollup ? specModes(units) : units.map((): SpecMode => 'RAW');
  const params = (rs: readonly RefSpec[], specModes: readonly SpecMode[]): unknown[] => {
    const pick = (mode: SpecMode) => units.filter((_, i) => specModes[i] === mode);
    const raw = pick('RAW');
    const roots = pick('ROOT');
    const selves = pick('SELF');
    const unitId = (u: UnitSpec) => idsOfPath(u.prefix).at(-1) ?? 0;
    const totals = rs.filter((r) => r.optionId === null);
    const parts = rs.filter((r) => r.optionId !== null);
    const named: Record<ParamName, unknown> = {
      totalIdx: totals.map((r) => r.index),
      totalElement: totals.map((r) => r.elementId),
      partIdx: parts.map((r) => r.index),
      partElement: parts.map((r) => r.elementId),
      partOption: parts.map((r) => r.optionId),
      periodId: periods.map((p) => p.periodId),
      periodGroup: periods.map((p) => p.group),
      periodStart: periods.map((p) => p.startDate),
      periodEnd: periods.map((p) => p.endDate),
      rawGroup: raw.map((u) => u.group),
      rawPrefix: raw.map((u) => u.prefix),
      // The upper bound of a subtree's paths: '/' is followed by digits, and '0' sorts right after '/'.
      rawUpper: raw.map((u) => `${u.prefix.slice(0, -1)}0`),
      rawBefore: raw.map((u) => u.beforeDate ?? 'infinity'),
      rootGroup: roots.map((u) => u.group),
      rootUnit: roots.map(unitId),
      rootBefore: roots.map((u) => u.beforeDate ?? 'infinity'),
      selfGroup: selves.map((u) => u.group),
      selfUnit: selves.map(unitId),
      selfBefore: selves.map((u) => u.beforeDate ?? 'infinity'),
      elementIds: [...new Set(rs.map((r) => r.elementId))],
      periodIds: [...new Set(periods.map((p) => p.periodId))],
      // Without subtrees to read raw, only the roots' own values are needed from data_value.
      onlyUnits: raw.length === 0 ? roots.map(unitId) : null,
      minStatus,
    };
    return positional(named);
  };
  const overlapping = hasOverlap(units);
  const cte = `
    WITH r_total AS (SELECT * FROM unnest(${P.totalIdx}::int[], ${P.totalElement}::int[]) AS t(idx, element_id)),
    r_part AS (SELECT * FROM unnest(${P.partIdx}::int[], ${P.partElement}::int[], ${P.partOption}::int[]) AS t(idx, element_id, option_id)),
    pe AS (SELECT * FROM unnest(${P.periodId}::int[], ${P.periodGroup}::int[], ${P.periodStart}::date[], ${P.periodEnd}::date[]) AS t(period_id, grp, start_date, end_date)),
    raw_spec AS (SELECT * FROM unnest(${P.rawGroup}::int[], ${P.rawPrefix}::text[], ${P.rawUpper}::text[], ${P.rawBefore}::date[]) AS t(grp, prefix, upper_bound, before_date)),
    root_spec AS (SELECT * FROM unnest(${P.rootGroup}::int[], ${P.rootUnit}::int[], ${P.rootBefore}::date[]) AS t(grp, unit_id, before_date)),
    self_spec AS (SELECT * FROM unnest(${P.selfGroup}::int[], ${P.selfUnit}::int[], ${P.selfBefore}::date[]) AS t(grp, unit_id, before_date)),
    units AS MATERIALIZED (
      SELECT s.grp, u.id AS org_unit_id, ${overlapping ? 'max(s.before_date)' : 's.before_date'} AS before_date
        FROM raw_spec s
        -- LATERAL … OFFSET 0 keeps each subtree a range scan of the path index (a join compares every pair).
        CROSS JOIN LATERAL (SELECT o.id FROM org_unit o WHERE o.path ~>=~ s.prefix AND o.path ~<~ s.upper_bound OFFSET 0) u
       -- A unit in two subtrees of one group (lineage, overlapping filter items) counts once, with the later date.
       ${overlapping ? 'GROUP BY s.grp, u.id' : ''}
      UNION ALL
      SELECT grp, unit_id, before_date FROM root_spec
    ),
    d AS MATERIALIZED (
      SELECT data_element_id, period_id, org_unit_id, option_id, value FROM data_value
       WHERE data_element_id = ANY(${P.elementIds}::int[]) AND period_id = ANY(${P.periodIds}::int[]) AND value IS NOT NULL
         AND (${P.onlyUnits}::int[] IS NULL OR org_unit_id = ANY(${P.onlyUnits}::int[])) AND data_status >= ${P.minStatus}::smallint
    ),
    du AS (
      SELECT d.data_element_id, d.option_id, pe.grp AS pg, units.grp AS og, d.org_unit_id, pe.start_date, d.value
        FROM d
        JOIN units ON units.org_unit_id = d.org_unit_id
        JOIN pe ON pe.period_id = d.period_id AND pe.end_date < units.before_date
    ),
    v AS (
      SELECT r.idx, du.pg, du.og, du.org_unit_id, du.start_date, du.value FROM du JOIN r_total r ON r.element_id = du.data_element_id
      UNION ALL
      SELECT r.idx, du.pg, du.og, du.org_unit_id, du.start_date, du.value FROM du JOIN r_part r ON r.element_id = du.data_element_id AND r.option_id = du.option_id
    )`;
  const queries: Promise<{ rows: AggregateRow[] }>[] = [];
  if (simple.length > 0) {
    queries.push(
      db.query<AggregateRow>(
        `${cte},
       anchors AS MATERIALIZED (
         SELECT grp, unit_id AS anchor, before_date FROM self_spec
         UNION ALL
         SELECT s.grp, c.id, s.before_date FROM root_spec s JOIN org_unit c ON c.parent_id = s.unit_id
       ),
       -- Roll-up rows are summed per element, option and cell before anything else touches them.
       rp AS MATERIALIZED (
         SELECT ru.data_element_id, ru.option_id, pe.grp AS pg, a.grp AS og, sum(ru.sum) AS sum, sum(ru.count)::int AS count
           FROM analytics_rollup ru
           JOIN anchors a ON a.anchor = ru.org_unit_id
           JOIN pe ON pe.period_id = ru.period_id AND pe.end_date < a.before_date
          WHERE ru.data_element_id = ANY(${P.elementIds}::int[]) AND ru.period_id = ANY(${P.periodIds}::int[]) AND ru.count <> 0 AND ru.data_status >= ${P.minStatus}::smallint
          GROUP BY ru.data_element_id, ru.option_id, pe.grp, a.grp
       ),
       parts AS (
         SELECT idx, pg, og, value AS s, 1 AS n FROM v
         UNION ALL
         SELECT r.idx, rp.pg, rp.og, rp.sum, rp.count FROM rp JOIN r_total r ON r.element_id = rp.data_element_id
         UNION ALL
         SELECT r.idx, rp.pg, rp.og, rp.sum, rp.count FROM rp JOIN r_part r ON r.element_id = rp.data_element_id AND r.option_id = rp.option_id
       )
       SELECT idx AS ref, pg, og, ${selectColumns('ROLLUP')}
         FROM parts GROUP BY idx, pg, og HAVING sum(n) > 0`,
        params(simple, modes),
      ),
    );
  }
  if (perUnit.length > 0) {
    queries.push(
      db.query<AggregateRow>(
        `${cte},
       cells AS (SELECT idx, pg, og, org_unit_id, start_date, sum(value) AS v, count(*) AS n FROM v GROUP BY idx, pg, og, org_unit_id, start_date),
       per_unit AS (
         SELECT idx, pg, og, org_unit_id, avg(v) AS a, (array_agg(v ORDER BY start_date DESC))[1] AS l, min(v) AS mn, max(v) AS mx, sum(v) AS s, sum(n) AS n
           FROM cells GROUP BY idx, pg, og, org_unit_id
       ),
       -- A unit merged into another hands its stock over: once the successor's subtree has a value
       -- on or after the merge, the merged unit's (and its descendants') last value and average
       -- headcount no longer add to the cell — otherwise a range spanning a merger counts them twice.
       lin AS MATERIALIZED (
         SELECT p.path AS pred_path, s.path AS succ_path, l.effective_date
           FROM org_unit_lineage l JOIN org_unit p ON p.id = l.predecessor_id JOIN org_unit s ON s.id = l.successor_id
          WHERE l.kind IN ('MERGE', 'RENAME')
       ),
       -- Subtrees are read as ranges of the path index ('/' is followed by digits, '0' sorts right after '/').
       succ_units AS MATERIALIZED (
         SELECT lin.pred_path, lin.effective_date, u.id AS org_unit_id
           FROM lin CROSS JOIN LATERAL (
             SELECT o.id FROM org_unit o WHERE o.path ~>=~ lin.succ_path AND o.path ~<~ (left(lin.succ_path, -1) || '0') OFFSET 0) u
       ),
       handed_over AS MATERIALIZED (
         SELECT DISTINCT c.idx, c.pg, c.og, su.pred_path
           FROM cells c JOIN succ_units su ON su.org_unit_id = c.org_unit_id AND c.start_date >= su.effective_date
       ),
       superseded AS MATERIALIZED (
         SELECT DISTINCT h.idx, h.pg, h.og, u.id AS org_unit_id
           FROM handed_over h CROSS JOIN LATERAL (
             SELECT o.id FROM org_unit o WHERE o.path ~>=~ h.pred_path AND o.path ~<~ (left(h.pred_path, -1) || '0') OFFSET 0) u
       ),
       counted AS (
         SELECT pu.*, s.org_unit_id IS NULL AS is_current
           FROM per_unit pu LEFT JOIN superseded s ON s.idx = pu.idx AND s.pg = pu.pg AND s.og = pu.og AND s.org_unit_id = pu.org_unit_id
       )
       SELECT idx AS ref, pg, og, ${selectColumns('PER_UNIT')}
         FROM counted GROUP BY idx, pg, og`,
        params(
          perUnit,
          units.map((): SpecMode => 'RAW'),
        ),
      ),
    );
  }
  // Flows (roll-up) and per-unit types are independent questions: side by side on PostgreSQL's pool.
  for (const { rows } of await Promise.all(queries)) out.push(...rows);
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
  /** 0 accepted (draft), 1 submitted, 2 approved. */
  dataStatus: number;
}

/** The raw values behind one cell, for the explain view. */
export async function listRawValues(
  db: Db,
  ref: { elementId: number; optionId: number | null },
  periods: readonly PeriodSpec[],
  units: readonly UnitSpec[],
  limit: number,
  minStatus = 0,
): Promise<RawValueRow[]> {
  const { rows } = await db.query<RawValueRow>(
    `WITH pe AS (SELECT * FROM unnest($3::int[], $4::date[], $5::date[]) AS t(period_id, start_date, end_date)),
     spec AS (SELECT * FROM unnest($6::text[], $7::text[], $8::date[]) AS t(prefix, upper_bound, before_date)),
     units AS (
       SELECT u.id AS org_unit_id, CASE WHEN bool_or(s.before_date IS NULL) THEN NULL ELSE max(s.before_date) END AS before_date
         FROM spec s CROSS JOIN LATERAL (SELECT o.id FROM org_unit o WHERE o.path ~>=~ s.prefix AND o.path ~<~ s.upper_bound OFFSET 0) u GROUP BY u.id
     )
     SELECT dv.org_unit_id AS "orgUnitId", ou.code AS "orgUnitCode", ou.name_vi AS "orgUnitName", p.iso AS period,
            p.start_date AS "periodStart", o.code AS "optionCode", dv.value, dv.stored_by AS "storedBy", dv.updated_at AS "updatedAt", dv.source,
            dv.data_status AS "dataStatus"
       FROM data_value dv
       JOIN pe ON pe.period_id = dv.period_id
       JOIN period p ON p.id = dv.period_id
       JOIN units ON units.org_unit_id = dv.org_unit_id AND (units.before_date IS NULL OR pe.end_date < units.before_date)
       JOIN org_unit ou ON ou.id = dv.org_unit_id
       LEFT JOIN disaggregation_option o ON o.id = dv.option_id
      WHERE dv.data_element_id = $1 AND ($2::int IS NULL OR dv.option_id = $2) AND dv.value IS NOT NULL AND dv.data_status >= $10::smallint
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
      minStatus,
    ],
  );
  return rows;
}

export interface RawDataRow {
  elementId: number;
  optionId: number | null;
  period: string;
  orgUnitCode: string;
  nameVi: string;
  nameEn: string | null;
  shortName: string | null;
  value: number;
}

/**
 * Stored numeric values of the elements in the stored periods, at any unit inside the subtrees, with at least
 * `minStatus`; ordered by period, then unit, then option (for DHIS2's rawData).
 */
export async function listRawData(db: Db, elementIds: readonly number[], periodIds: readonly number[], prefixes: readonly string[], minStatus: number, limit: number): Promise<RawDataRow[]> {
  if (elementIds.length === 0 || periodIds.length === 0 || prefixes.length === 0) return [];
  const { rows } = await db.query<RawDataRow>(
    `WITH spec AS (SELECT * FROM unnest($3::text[], $4::text[]) AS t(prefix, upper_bound)),
     units AS (
       SELECT DISTINCT u.id, u.code, u.name_vi, u.name_en, u.short_name, u.sort_key
         FROM spec s CROSS JOIN LATERAL (SELECT o.* FROM org_unit o WHERE o.path ~>=~ s.prefix AND o.path ~<~ s.upper_bound OFFSET 0) u
     )
     SELECT dv.data_element_id AS "elementId", dv.option_id AS "optionId", p.iso AS period, u.code AS "orgUnitCode",
            u.name_vi AS "nameVi", u.name_en AS "nameEn", u.short_name AS "shortName", dv.value
       FROM data_value dv
       JOIN units u ON u.id = dv.org_unit_id
       JOIN period p ON p.id = dv.period_id
       LEFT JOIN disaggregation_option o ON o.id = dv.option_id
      WHERE dv.data_element_id = ANY($1::int[]) AND dv.period_id = ANY($2::int[]) AND dv.value IS NOT NULL AND dv.data_status >= $5::smallint
      ORDER BY p.start_date, p.end_date DESC, u.sort_key, u.code, o.sort_order NULLS FIRST
      LIMIT $6`,
    [elementIds, periodIds, prefixes, prefixes.map((p) => `${p.slice(0, -1)}0`), minStatus, limit],
  );
  return rows;
}

/** A reporting period inside a period group: the slots units are expected to fill. */
export interface CoveragePeriod {
  group: number;
  iso: string;
  type: string;
  endDate: string;
}

export interface CoverageRow {
  item: number;
  pg: number;
  og: number;
  /** (unit, period) reports expected for the item's data elements. */
  expected: number;
  /** Of those, the ones holding a value of every data element expected there, with the data status asked for. */
  reported: number;
  expectedUnits: number;
  /** Units that filled every slot expected of them in the cell. */
  completeUnits: number;
  /** Of the reported ones, those whose report (report_status) was submitted by the regime's deadline (is_late false). */
  onTime: number;
}

/** Period types of the active regimes whose forms hold the data elements. */
export async function listRegimePeriodTypes(db: Db, elementIds: readonly number[]): Promise<string[]> {
  if (elementIds.length === 0) return [];
  const { rows } = await db.query<{ periodType: string }>(
    `SELECT DISTINCT r.period_type AS "periodType" FROM report_regime r JOIN report_regime_element re ON re.regime_id = r.id
      WHERE r.is_active AND re.data_element_id = ANY($1::int[])`,
    [elementIds],
  );
  return rows.map((r) => r.periodType);
}

/**
 * Coverage of each item × period group × org unit group: which units were expected to report the item's
 * data elements (assigned to an active regime whose form holds the element, in a period of the regime's
 * type inside the group, open at the period's end, inside the group's subtrees — a predecessor's subtree
 * only before its merger) and which did, counting only values with at least `minStatus`.
 */
export async function coverageCounts(
  db: Db,
  items: readonly { item: number; elementId: number; regimeId?: number }[],
  periods: readonly CoveragePeriod[],
  units: readonly UnitSpec[],
  minStatus: number,
): Promise<CoverageRow[]> {
  if (items.length === 0 || periods.length === 0 || units.length === 0) return [];
  const { rows } = await db.query<CoverageRow>(
    `WITH item AS (SELECT * FROM unnest($1::int[], $2::int[], $12::int[]) AS t(idx, element_id, regime_id)),
     pe AS (SELECT * FROM unnest($3::int[], $4::text[], $5::text[], $6::date[]) AS t(grp, iso, ptype, end_date)),
     spec AS (SELECT * FROM unnest($7::int[], $8::text[], $9::text[], $10::date[]) AS t(grp, prefix, upper_bound, before_date)),
     reg AS MATERIALIZED (
       SELECT DISTINCT r.id AS regime_id, r.period_type, re.data_element_id
         FROM report_regime r JOIN report_regime_element re ON re.regime_id = r.id
        WHERE r.is_active AND re.data_element_id IN (SELECT element_id FROM item)
     ),
     assigned AS MATERIALIZED (
       SELECT a.regime_id, a.org_unit_id FROM report_regime_assignment a WHERE a.org_unit_id IS NOT NULL AND a.regime_id IN (SELECT regime_id FROM reg)
       UNION SELECT a.regime_id, ou.id FROM report_regime_assignment a JOIN org_unit ou ON ou.level = a.level WHERE a.regime_id IN (SELECT regime_id FROM reg)
       UNION SELECT a.regime_id, m.org_unit_id FROM report_regime_assignment a JOIN org_unit_group_member m ON m.group_id = a.group_id WHERE a.regime_id IN (SELECT regime_id FROM reg)
     ),
     within AS MATERIALIZED (
       SELECT s.grp AS og, u.id AS org_unit_id, u.opening_date, u.closing_date, max(s.before_date) AS before_date
         FROM spec s CROSS JOIN LATERAL (
           SELECT o.id, o.opening_date, o.closing_date FROM org_unit o WHERE o.path ~>=~ s.prefix AND o.path ~<~ s.upper_bound OFFSET 0) u
        GROUP BY s.grp, u.id, u.opening_date, u.closing_date
     ),
     slot AS MATERIALIZED (
       SELECT DISTINCT i.idx, reg.regime_id, reg.data_element_id, pe.grp AS pg, w.og, w.org_unit_id, pe.iso
         FROM item i JOIN reg ON reg.data_element_id = i.element_id AND (i.regime_id IS NULL OR reg.regime_id = i.regime_id)
         JOIN assigned a ON a.regime_id = reg.regime_id
         JOIN within w ON w.org_unit_id = a.org_unit_id
         JOIN pe ON pe.ptype = reg.period_type AND pe.end_date < w.before_date
          AND (w.opening_date IS NULL OR w.opening_date <= pe.end_date) AND (w.closing_date IS NULL OR w.closing_date >= pe.end_date)
     ),
     -- Each slot probes the value table's key (element, period, unit): the slots are few next to the values.
     filled AS (
       SELECT s.idx, s.pg, s.og, s.org_unit_id, s.iso,
              bool_and(EXISTS (
                SELECT 1 FROM data_value dv
                 WHERE dv.data_element_id = s.data_element_id AND dv.period_id = p.id AND dv.org_unit_id = s.org_unit_id
                   AND dv.data_status >= $11 AND (dv.value IS NOT NULL OR dv.text_value IS NOT NULL))) AS complete,
              bool_or(EXISTS (
                SELECT 1 FROM report_status rs
                 WHERE rs.regime_id = s.regime_id AND rs.period_id = p.id AND rs.org_unit_id = s.org_unit_id
                   AND rs.status IN ('SUBMITTED', 'APPROVED') AND rs.is_late IS FALSE)) AS on_time
         FROM slot s LEFT JOIN period p ON p.iso = s.iso
        GROUP BY s.idx, s.pg, s.og, s.org_unit_id, s.iso
     ),
     per_unit AS (
       SELECT idx, pg, og, org_unit_id, count(*) AS n, count(*) FILTER (WHERE complete) AS done,
              count(*) FILTER (WHERE complete AND on_time) AS done_on_time
         FROM filled GROUP BY idx, pg, og, org_unit_id
     )
     SELECT idx AS item, pg, og, sum(n)::int AS expected, sum(done)::int AS reported, count(*)::int AS "expectedUnits",
            count(*) FILTER (WHERE done = n)::int AS "completeUnits", sum(done_on_time)::int AS "onTime"
       FROM per_unit GROUP BY idx, pg, og`,
    [
      items.map((i) => i.item),
      items.map((i) => i.elementId),
      periods.map((p) => p.group),
      periods.map((p) => p.iso),
      periods.map((p) => p.type),
      periods.map((p) => p.endDate),
      units.map((u) => u.group),
      units.map((u) => u.prefix),
      units.map((u) => `${u.prefix.slice(0, -1)}0`),
      units.map((u) => u.beforeDate ?? 'infinity'),
      minStatus,
      items.map((i) => i.regimeId ?? null),
    ],
  );
  return rows;
}

export interface RegimeRow {
  id: number;
  code: string;
  nameVi: string;
  nameEn: string | null;
  periodType: string;
  elementIds: number[];
}

/** Active report regimes (DHIS2's data sets) by code, with their data elements. */
export async function findRegimesByCodes(db: Db, codes: readonly string[]): Promise<RegimeRow[]> {
  if (codes.length === 0) return [];
  const { rows } = await db.query<RegimeRow>(
    `SELECT r.id, r.code, r.name_vi AS "nameVi", r.name_en AS "nameEn", r.period_type AS "periodType",
            coalesce(array_agg(re.data_element_id ORDER BY re.data_element_id) FILTER (WHERE re.data_element_id IS NOT NULL), '{}') AS "elementIds"
       FROM report_regime r LEFT JOIN report_regime_element re ON re.regime_id = r.id
      WHERE r.code = ANY($1::text[]) AND r.is_active
      GROUP BY r.id`,
    [codes],
  );
  return rows;
}

export interface MissingSlotRow {
  orgUnitId: number;
  orgUnitCode: string;
  orgUnitName: string;
  period: string;
  /** Data elements expected there and not reported (with the data status asked for). */
  missing: string[];
}

/** The expected reports of one cell that are missing, with what each lacks (for explain). */
export async function listMissingSlots(
  db: Db,
  elementIds: readonly number[],
  periods: readonly CoveragePeriod[],
  units: readonly UnitSpec[],
  minStatus: number,
  limit: number,
): Promise<MissingSlotRow[]> {
  if (elementIds.length === 0 || periods.length === 0 || units.length === 0) return [];
  const { rows } = await db.query<MissingSlotRow>(
    `WITH pe AS (SELECT * FROM unnest($2::text[], $3::text[], $4::date[]) AS t(iso, ptype, end_date)),
     spec AS (SELECT * FROM unnest($5::text[], $6::text[], $7::date[]) AS t(prefix, upper_bound, before_date)),
     reg AS MATERIALIZED (
       SELECT DISTINCT r.id AS regime_id, r.period_type, re.data_element_id
         FROM report_regime r JOIN report_regime_element re ON re.regime_id = r.id
        WHERE r.is_active AND re.data_element_id = ANY($1::int[])
     ),
     assigned AS MATERIALIZED (
       SELECT a.regime_id, a.org_unit_id FROM report_regime_assignment a WHERE a.org_unit_id IS NOT NULL AND a.regime_id IN (SELECT regime_id FROM reg)
       UNION SELECT a.regime_id, ou.id FROM report_regime_assignment a JOIN org_unit ou ON ou.level = a.level WHERE a.regime_id IN (SELECT regime_id FROM reg)
       UNION SELECT a.regime_id, m.org_unit_id FROM report_regime_assignment a JOIN org_unit_group_member m ON m.group_id = a.group_id WHERE a.regime_id IN (SELECT regime_id FROM reg)
     ),
     within AS MATERIALIZED (
       SELECT u.id AS org_unit_id, u.opening_date, u.closing_date, max(s.before_date) AS before_date
         FROM spec s CROSS JOIN LATERAL (
           SELECT o.id, o.opening_date, o.closing_date FROM org_unit o WHERE o.path ~>=~ s.prefix AND o.path ~<~ s.upper_bound OFFSET 0) u
        GROUP BY u.id, u.opening_date, u.closing_date
     ),
     slot AS (
       SELECT DISTINCT reg.data_element_id, w.org_unit_id, pe.iso
         FROM reg JOIN assigned a ON a.regime_id = reg.regime_id
         JOIN within w ON w.org_unit_id = a.org_unit_id
         JOIN pe ON pe.ptype = reg.period_type AND pe.end_date < w.before_date
          AND (w.opening_date IS NULL OR w.opening_date <= pe.end_date) AND (w.closing_date IS NULL OR w.closing_date >= pe.end_date)
     )
     SELECT s.org_unit_id AS "orgUnitId", ou.code AS "orgUnitCode", ou.name_vi AS "orgUnitName", s.iso AS period,
            array_agg(de.code ORDER BY de.code) AS missing
       FROM slot s
       JOIN org_unit ou ON ou.id = s.org_unit_id
       JOIN data_element de ON de.id = s.data_element_id
      WHERE NOT EXISTS (
        SELECT 1 FROM data_value dv JOIN period p ON p.id = dv.period_id
         WHERE p.iso = s.iso AND dv.data_element_id = s.data_element_id AND dv.org_unit_id = s.org_unit_id
           AND dv.data_status >= $8 AND (dv.value IS NOT NULL OR dv.text_value IS NOT NULL))
      GROUP BY s.org_unit_id, ou.code, ou.name_vi, ou.sort_key, s.iso
      ORDER BY ou.sort_key, ou.code, s.iso
      LIMIT $9`,
    [
      elementIds,
      periods.map((p) => p.iso),
      periods.map((p) => p.type),
      periods.map((p) => p.endDate),
      units.map((u) => u.prefix),
      units.map((u) => `${u.prefix.slice(0, -1)}0`),
      units.map((u) => u.beforeDate ?? 'infinity'),
      minStatus,
      limit,
    ],
  );
  return rows;
}

/** Everything the metadata side of an analytics request reads, in a few queries (see cache.ts). */
export interface SnapshotRows {
  elements: ElementRow[];
  options: OptionRow[];
  units: (UnitRow & { parentId: number | null; openingDate: string | null; sortKey: string })[];
  lineage: LineageRow[];
  periods: StoredPeriod[];
  regimePeriodTypes: { dataElementId: number; periodType: string }[];
}

export async function loadSnapshotRows(db: Db): Promise<SnapshotRows> {
  const [elements, options, units, lineage, periods, regimePeriodTypes] = await Promise.all([
    db.query<ElementRow>(
      `SELECT id, code, name_vi AS "nameVi", name_en AS "nameEn", short_name AS "shortName", aggregation_type AS "aggregationType",
              value_type AS "valueType", disaggregation_id AS "disaggregationId" FROM data_element`,
    ),
    db.query<OptionRow>(
      `SELECT o.id, de.code AS "elementCode", o.code, o.name_vi AS "nameVi", o.name_en AS "nameEn"
         FROM data_element de JOIN disaggregation_option o ON o.disaggregation_id = de.disaggregation_id ORDER BY o.sort_order, o.code`,
    ),
    db.query<UnitRow & { parentId: number | null; openingDate: string | null; sortKey: string }>(
      `SELECT ${UNIT_COLUMNS}, parent_id AS "parentId", opening_date AS "openingDate", sort_key AS "sortKey" FROM org_unit`,
    ),
    listLineage(db).then((rows) => ({ rows })),
    db.query<StoredPeriod>(`SELECT id, iso, start_date AS "startDate", end_date AS "endDate" FROM period`),
    db.query<{ dataElementId: number; periodType: string }>(
      `SELECT DISTINCT re.data_element_id AS "dataElementId", r.period_type AS "periodType"
         FROM report_regime r JOIN report_regime_element re ON re.regime_id = r.id WHERE r.is_active`,
    ),
  ]);
  return { elements: elements.rows, options: options.rows, units: units.rows, lineage: lineage.rows, periods: periods.rows, regimePeriodTypes: regimePeriodTypes.rows };
}
