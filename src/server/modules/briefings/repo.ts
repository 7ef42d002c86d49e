import type { Db } from '../../db/db.ts';
import type { OrgUnitRef } from '../org-units/lookup.ts';

export interface IndicatorRow {
  code: string;
  nameVi: string;
  unit: string | null;
  decimals: number;
  direction: 'HIGHER_IS_BETTER' | 'LOWER_IS_BETTER';
  minCoverage: number;
  sectorName: string | null;
}

/** Indicators grouped by sector (sectors by name, indicators by name). */
export async function listIndicators(db: Db): Promise<IndicatorRow[]> {
  const { rows } = await db.query<IndicatorRow>(
    `SELECT i.code, i.name_vi AS "nameVi", i.unit, i.decimals, i.direction, i.min_coverage AS "minCoverage", s.name_vi AS "sectorName"
       FROM indicator i LEFT JOIN org_unit_group s ON s.id = i.sector_id
      ORDER BY s.id IS NULL, s.id, i.code`,
  );
  return rows;
}

export async function findParentName(db: Db, orgUnitId: number): Promise<string | null> {
  const { rows } = await db.query<{ nameVi: string }>(`SELECT p.name_vi AS "nameVi" FROM org_unit u JOIN org_unit p ON p.id = u.parent_id WHERE u.id = $1`, [orgUnitId]);
  return rows[0]?.nameVi ?? null;
}

/** The unit holding the most targets among those the caller may read: whose figures a briefing quotes by default. */
export async function findTargetHolder(db: Db, paths: 'ALL' | string[]): Promise<OrgUnitRef | null> {
  const { rows } = await db.query<OrgUnitRef>(
    `SELECT ou.id, ou.code, ou.name_vi AS "nameVi", ou.path, ou.level, ou.opening_date AS "openingDate", ou.closing_date AS "closingDate"
       FROM target t JOIN org_unit ou ON ou.id = t.org_unit_id
      WHERE $1::text[] IS NULL OR ou.path LIKE ANY ($1::text[])
      GROUP BY ou.id ORDER BY count(*) DESC, ou.level, ou.id LIMIT 1`,
    [paths === 'ALL' ? null : paths.map((p) => `${p}%`)],
  );
  return rows[0] ?? null;
}

export interface RegimeReporting {
  regimeName: string;
  expected: number;
  received: number;
  late: number;
}

/** For each monthly regime: units of the subtree expected to report the month, those whose report arrived, and how many late. */
export async function reportingOfMonth(db: Db, month: string, subtreePath: string): Promise<RegimeReporting[]> {
  const { rows } = await db.query<RegimeReporting>(
    `WITH expected AS (
       SELECT DISTINCT r.id AS regime_id, u.id AS org_unit_id
         FROM report_regime r JOIN report_regime_assignment a ON a.regime_id = r.id
         JOIN org_unit u ON u.id = a.org_unit_id OR (a.level IS NOT NULL AND u.level = a.level)
              OR (a.group_id IS NOT NULL AND u.id IN (SELECT m.org_unit_id FROM org_unit_group_member m WHERE m.group_id = a.group_id))
        WHERE r.is_active AND r.period_type = 'MONTHLY' AND u.path LIKE $2 || '%'
          AND (u.closing_date IS NULL OR u.closing_date >= (SELECT start_date FROM period WHERE iso = $1))
          AND (u.opening_date IS NULL OR u.opening_date <= (SELECT end_date FROM period WHERE iso = $1)))
     SELECT r.name_vi AS "regimeName", count(*)::int AS expected,
            count(rs.org_unit_id) FILTER (WHERE rs.status IN ('SUBMITTED', 'APPROVED'))::int AS received,
            count(rs.org_unit_id) FILTER (WHERE rs.status IN ('SUBMITTED', 'APPROVED') AND rs.is_late)::int AS late
       FROM expected e JOIN report_regime r ON r.id = e.regime_id
       LEFT JOIN report_status rs ON rs.regime_id = e.regime_id AND rs.org_unit_id = e.org_unit_id AND rs.period_id = (SELECT id FROM period WHERE iso = $1)
      GROUP BY r.id, r.name_vi ORDER BY r.name_vi`,
    [month, subtreePath],
  );
  return rows;
}

export async function openAlertCounts(db: Db, paths: 'ALL' | string[]): Promise<{ severity: string; count: number }[]> {
  const { rows } = await db.query<{ severity: string; count: number }>(
    `SELECT a.severity, count(*)::int AS count FROM alert a JOIN org_unit ou ON ou.id = a.org_unit_id
      WHERE a.state = 'OPEN' AND ($1::text[] IS NULL OR ou.path LIKE ANY ($1::text[])) GROUP BY a.severity`,
    [paths === 'ALL' ? null : paths.map((p) => `${p}%`)],
  );
  return rows;
}
