/** Small builders for tests of analytics, targets and alerts: rows go straight into the reporting tables. */
import type { Db } from '../../db/db.ts';
import { parsePeriod } from '../../../core/periods.ts';

export async function insertElement(
  db: Db,
  code: string,
  aggregationType: string,
  extra: { options?: string[]; valueType?: string; zeroIsSignificant?: boolean } = {},
): Promise<number> {
  let disaggregationId: number | null = null;
  if (extra.options) {
    const d = await db.query<{ id: number }>(`INSERT INTO disaggregation (code, name_vi) VALUES ($1, $1) RETURNING id`, [`D_${code}`]);
    disaggregationId = d.rows[0].id;
    let order = 0;
    for (const option of extra.options) {
      await db.query(`INSERT INTO disaggregation_option (disaggregation_id, code, name_vi, sort_order) VALUES ($1, $2, $2, $3)`, [disaggregationId, option, order++]);
    }
  }
  const { rows } = await db.query<{ id: number }>(
    `INSERT INTO data_element (code, name_vi, name_en, value_type, aggregation_type, zero_is_significant, disaggregation_id)
     VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
    [code, `Chỉ số ${code}`, `Element ${code}`, extra.valueType ?? 'NUMBER', aggregationType, extra.zeroIsSignificant ?? false, disaggregationId],
  );
  return rows[0].id;
}

export async function ensurePeriod(db: Db, iso: string): Promise<number> {
  const p = parsePeriod(iso);
  await db.query(`INSERT INTO period (iso, type, start_date, end_date) VALUES ($1, $2, $3, $4) ON CONFLICT (iso) DO NOTHING`, [p.id, p.type, p.startDate, p.endDate]);
  const { rows } = await db.query<{ id: number }>(`SELECT id FROM period WHERE iso = $1`, [p.id]);
  return rows[0].id;
}

/**
 * A value as history loads it: approved (data status 2) unless said otherwise, so that questions about
 * arithmetic read it with analytics' default (submitted and approved data).
 */
export async function insertValue(db: Db, element: string, period: string, orgUnit: string, value: number, option?: string, dataStatus: 0 | 1 | 2 = 2): Promise<void> {
  const periodId = await ensurePeriod(db, period);
  await db.query(
    `INSERT INTO data_value (data_element_id, period_id, org_unit_id, option_id, value, source, stored_by, data_status)
     SELECT de.id, $2, ou.id, coalesce((SELECT o.id FROM disaggregation_option o WHERE o.disaggregation_id = de.disaggregation_id AND o.code = $5), 0), $4, 'SEED', 'fixture', $6
       FROM data_element de, org_unit ou WHERE de.code = $1 AND ou.code = $3
     ON CONFLICT (data_element_id, period_id, org_unit_id, option_id) DO UPDATE SET value = EXCLUDED.value, data_status = EXCLUDED.data_status, updated_at = now()`,
    [element, periodId, orgUnit, value, option ?? null, dataStatus],
  );
}
