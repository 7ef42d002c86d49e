/**
 * The one set of test builders for reporting data: rows written straight into the tables, so that each test
 * states exactly the data it reasons about (analytics, targets, alerts, validation, outliers, data quality,
 * Excel, open data). Tests that go through the product's own routes use createReportingWorld instead.
 */
import type { Db } from '../db/db.ts';
import { parsePeriod } from '../../core/periods.ts';

/** A disaggregation with its options, in their order. */
export async function insertDisaggregation(db: Db, code: string, options: { code: string; nameVi: string }[]): Promise<number> {
  const { rows } = await db.query<{ id: number }>('INSERT INTO disaggregation (code, name_vi) VALUES ($1, $1) RETURNING id', [code]);
  for (const [i, o] of options.entries()) {
    await db.query('INSERT INTO disaggregation_option (disaggregation_id, code, name_vi, sort_order) VALUES ($1,$2,$3,$4)', [rows[0].id, o.code, o.nameVi, i]);
  }
  return rows[0].id;
}

export interface ElementFixture {
  /** SUM unless said. */
  aggregationType?: string;
  /** NUMBER unless said. */
  valueType?: string;
  /** "Chỉ số <code>" unless said; the English name is "Element <code>". */
  nameVi?: string;
  unit?: string;
  zeroIsSignificant?: boolean;
  /** Options of a disaggregation made for this element (named D_<code>)… */
  options?: string[];
  /** …or an existing disaggregation. */
  disaggregationId?: number | null;
  /** Soft bounds (outliers only). */
  min?: number | null;
  max?: number | null;
  /** Hard bounds (refused at entry). */
  hardMin?: number | null;
  hardMax?: number | null;
  seasonal?: boolean;
}

export async function insertElement(db: Db, code: string, f: ElementFixture = {}): Promise<number> {
  let disaggregationId = f.disaggregationId ?? null;
  if (f.options)
    disaggregationId = await insertDisaggregation(
      db,
      `D_${code}`,
      f.options.map((o) => ({ code: o, nameVi: o })),
    );
  const { rows } = await db.query<{ id: number }>(
    `INSERT INTO data_element (code, name_vi, name_en, value_type, aggregation_type, unit, zero_is_significant, disaggregation_id,
                               soft_min, soft_max, seasonal, min_value, max_value)
     VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13) RETURNING id`,
    [
      code,
      f.nameVi ?? `Chỉ số ${code}`,
      `Element ${code}`,
      f.valueType ?? 'NUMBER',
      f.aggregationType ?? 'SUM',
      f.unit ?? null,
      f.zeroIsSignificant ?? false,
      disaggregationId,
      f.min ?? null,
      f.max ?? null,
      f.seasonal ?? false,
      f.hardMin ?? null,
      f.hardMax ?? null,
    ],
  );
  return rows[0].id;
}

/** A regime with one section per entry of `sections`, assigned to the given org units. */
export async function insertRegime(
  db: Db,
  code: string,
  f: { nameVi?: string; periodType?: string; deadlineDays?: number; cutoffRule?: string; sections: { code: string; nameVi: string; elements: string[] }[]; units: string[] },
): Promise<number> {
  const { rows } = await db.query<{ id: number }>(`INSERT INTO report_regime (code, name_vi, period_type, cutoff_rule, deadline_days) VALUES ($1,$2,$3,$4,$5) RETURNING id`, [
    code,
    f.nameVi ?? code,
    f.periodType ?? 'MONTHLY',
    f.cutoffRule ?? 'DECREE_09',
    f.deadlineDays ?? 2,
  ]);
  const regimeId = rows[0].id;
  let order = 0;
  for (const [i, s] of f.sections.entries()) {
    const section = await db.query<{ id: number }>('INSERT INTO report_regime_section (regime_id, code, name_vi, sort_order) VALUES ($1,$2,$3,$4) RETURNING id', [regimeId, s.code, s.nameVi, i]);
    for (const el of s.elements) {
      await db.query(
        `INSERT INTO report_regime_element (regime_id, data_element_id, section_id, sort_order)
         VALUES ($1, (SELECT id FROM data_element WHERE code = $2), $3, $4)`,
        [regimeId, el, section.rows[0].id, order++],
      );
    }
  }
  for (const unit of f.units) {
    await db.query('INSERT INTO report_regime_assignment (regime_id, org_unit_id) VALUES ($1, (SELECT id FROM org_unit WHERE code = $2))', [regimeId, unit]);
  }
  return regimeId;
}

export async function ensurePeriod(db: Db, iso: string): Promise<number> {
  const p = parsePeriod(iso);
  await db.query('INSERT INTO period (iso, type, start_date, end_date) VALUES ($1,$2,$3,$4) ON CONFLICT (iso) DO NOTHING', [p.id, p.type, p.startDate, p.endDate]);
  const { rows } = await db.query<{ id: number }>('SELECT id FROM period WHERE iso = $1', [p.id]);
  return rows[0].id;
}

/**
 * Stores one value (option by code, none when absent), replacing an existing one, with the data status given,
 * else a draft (0) as a form saves it.
 */
export async function putValue(db: Db, v: { element: string; period: string; orgUnit: string; option?: string | null; value: number; dataStatus?: 0 | 1 | 2; updatedAt?: string }): Promise<void> {
  const periodId = await ensurePeriod(db, v.period);
  await db.query(
    `INSERT INTO data_value (data_element_id, period_id, org_unit_id, option_id, value, source, stored_by, data_status, updated_at)
     SELECT de.id, $2, ou.id,
            coalesce((SELECT o.id FROM disaggregation_option o WHERE o.disaggregation_id = de.disaggregation_id AND o.code = $4), 0),
            $5, 'SEED', 'fixture', $6, coalesce($7::timestamptz, now())
       FROM data_element de, org_unit ou WHERE de.code = $1 AND ou.code = $3
     ON CONFLICT (data_element_id, period_id, org_unit_id, option_id, attribute_option_id)
       DO UPDATE SET value = EXCLUDED.value, data_status = EXCLUDED.data_status, updated_at = EXCLUDED.updated_at`,
    [v.element, periodId, v.orgUnit, v.option ?? null, v.value, v.dataStatus ?? 0, v.updatedAt ?? null],
  );
}

/**
 * putValue with positional arguments, for tables of figures: approved (2) unless said otherwise, as history
 * loads it, so that questions about arithmetic read it with analytics' default (submitted and approved data).
 */
export function insertValue(db: Db, element: string, period: string, orgUnit: string, value: number, option?: string, dataStatus: 0 | 1 | 2 = 2): Promise<void> {
  return putValue(db, { element, period, orgUnit, value, option, dataStatus });
}

export async function putStatus(
  db: Db,
  s: { regime: string; period: string; orgUnit: string; status: 'DRAFT' | 'SUBMITTED' | 'RETURNED' | 'APPROVED'; isLate?: boolean | null; submittedAt?: string | null },
): Promise<void> {
  const periodId = await ensurePeriod(db, s.period);
  await db.query(
    `INSERT INTO report_status (regime_id, period_id, org_unit_id, status, is_late, submitted_at)
     SELECT r.id, $2, ou.id, $4, $5, $6 FROM report_regime r, org_unit ou WHERE r.code = $1 AND ou.code = $3
     ON CONFLICT (regime_id, period_id, org_unit_id) DO UPDATE SET status = EXCLUDED.status, is_late = EXCLUDED.is_late, submitted_at = EXCLUDED.submitted_at`,
    [s.regime, periodId, s.orgUnit, s.status, s.isLate ?? null, s.submittedAt ?? null],
  );
}
