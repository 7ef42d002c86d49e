import type { Db } from '../../db/db.ts';
import type { ValueType } from '../../../core/value-types.ts';
import type { CutoffRule, PeriodType } from '../../../core/periods.ts';

export interface RegimeRow {
  id: number;
  code: string;
  nameVi: string;
  nameEn: string | null;
  content: string | null;
  legalBasis: string | null;
  receivingOrgUnitId: number | null;
  receivingOrgUnitCode: string | null;
  receivingOrgUnitName: string | null;
  periodType: PeriodType;
  cutoffRule: CutoffRule;
  deadlineDays: number;
  openFuturePeriods: number;
  lockAfterDays: number | null;
  isActive: boolean;
  /** The attribute disaggregation (DHIS2's attribute category combo of the data set): its options key the values; null for none. */
  attributeDisaggregationId: number | null;
  attributeDisaggregationCode: string | null;
  createdAt: string;
  updatedAt: string;
}

const REGIME_COLUMNS = `r.id, r.code, r.name_vi AS "nameVi", r.name_en AS "nameEn", r.content, r.legal_basis AS "legalBasis",
  r.receiving_org_unit_id AS "receivingOrgUnitId", rou.code AS "receivingOrgUnitCode", rou.name_vi AS "receivingOrgUnitName",
  r.period_type AS "periodType", r.cutoff_rule AS "cutoffRule", r.deadline_days AS "deadlineDays",
  r.open_future_periods AS "openFuturePeriods", r.lock_after_days AS "lockAfterDays", r.is_active AS "isActive",
  r.attribute_disaggregation_id AS "attributeDisaggregationId", ad.code AS "attributeDisaggregationCode",
  r.created_at AS "createdAt", r.updated_at AS "updatedAt"`;
const REGIME_FROM = 'report_regime r LEFT JOIN org_unit rou ON rou.id = r.receiving_org_unit_id LEFT JOIN disaggregation ad ON ad.id = r.attribute_disaggregation_id';

/** By code, or "id:N". */
export async function findRegimeRow(db: Db, ref: string | number): Promise<RegimeRow | null> {
  const byId = typeof ref === 'number' || /^id:\d+$/.test(ref);
  const key = typeof ref === 'number' ? ref : byId ? Number(ref.slice(3)) : ref;
  const { rows } = await db.query<RegimeRow>(`SELECT ${REGIME_COLUMNS} FROM ${REGIME_FROM} WHERE ${byId ? 'r.id' : 'r.code'} = $1`, [key]);
  return rows[0] ?? null;
}

export async function listRegimeRows(db: Db, onlyActive = false): Promise<RegimeRow[]> {
  const { rows } = await db.query<RegimeRow>(`SELECT ${REGIME_COLUMNS} FROM ${REGIME_FROM} ${onlyActive ? 'WHERE r.is_active' : ''} ORDER BY r.code`);
  return rows;
}

export interface RegimeFields {
  nameVi: string;
  nameEn: string | null;
  content: string | null;
  legalBasis: string | null;
  receivingOrgUnitId: number | null;
  periodType: PeriodType;
  cutoffRule: CutoffRule;
  deadlineDays: number;
  openFuturePeriods: number;
  lockAfterDays: number | null;
  isActive: boolean;
  attributeDisaggregationId: number | null;
}

const FIELD_PARAMS = (f: RegimeFields) => [
  f.nameVi,
  f.nameEn,
  f.content,
  f.legalBasis,
  f.receivingOrgUnitId,
  f.periodType,
  f.cutoffRule,
  f.deadlineDays,
  f.openFuturePeriods,
  f.lockAfterDays,
  f.isActive,
  f.attributeDisaggregationId,
];

export async function insertRegime(db: Db, code: string, f: RegimeFields): Promise<number> {
  const { rows } = await db.query<{ id: number }>(
    `INSERT INTO report_regime (name_vi, name_en, content, legal_basis, receiving_org_unit_id, period_type, cutoff_rule,
       deadline_days, open_future_periods, lock_after_days, is_active, attribute_disaggregation_id, code)
     VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13) RETURNING id`,
    [...FIELD_PARAMS(f), code],
  );
  return rows[0].id;
}

export async function updateRegime(db: Db, id: number, f: RegimeFields): Promise<void> {
  await db.query(
    `UPDATE report_regime SET name_vi = $1, name_en = $2, content = $3, legal_basis = $4, receiving_org_unit_id = $5,
       period_type = $6, cutoff_rule = $7, deadline_days = $8, open_future_periods = $9, lock_after_days = $10,
       is_active = $11, attribute_disaggregation_id = $12, updated_at = now()
     WHERE id = $13`,
    [...FIELD_PARAMS(f), id],
  );
}

export interface SectionRow {
  id: number;
  code: string;
  nameVi: string;
  nameEn: string | null;
  sortOrder: number;
}

export interface RegimeElementRow {
  dataElementId: number;
  code: string;
  nameVi: string;
  nameEn: string | null;
  valueType: ValueType;
  unit: string | null;
  disaggregationId: number | null;
  sectionId: number | null;
  sortOrder: number;
  isCompulsory: boolean;
}

/** Sections, elements and assignments of several regimes at once (three queries, whatever their number). */
export async function listFormsOf(
  db: Db,
  regimeIds: readonly number[],
): Promise<{
  sections: (SectionRow & { regimeId: number })[];
  elements: (RegimeElementRow & { regimeId: number })[];
  assignments: (AssignmentRow & { regimeId: number })[];
}> {
  if (regimeIds.length === 0) return { sections: [], elements: [], assignments: [] };
  const [sections, elements, assignments] = await Promise.all([
    db.query<SectionRow & { regimeId: number }>(
      `SELECT regime_id AS "regimeId", id, code, name_vi AS "nameVi", name_en AS "nameEn", sort_order AS "sortOrder"
         FROM report_regime_section WHERE regime_id = ANY($1::int[]) ORDER BY regime_id, sort_order, id`,
      [regimeIds],
    ),
    db.query<RegimeElementRow & { regimeId: number }>(
      `SELECT re.regime_id AS "regimeId", re.data_element_id AS "dataElementId", de.code, de.name_vi AS "nameVi", de.name_en AS "nameEn",
              de.value_type AS "valueType", de.unit, de.disaggregation_id AS "disaggregationId",
              re.section_id AS "sectionId", re.sort_order AS "sortOrder", re.is_compulsory AS "isCompulsory"
         FROM report_regime_element re JOIN data_element de ON de.id = re.data_element_id
        WHERE re.regime_id = ANY($1::int[]) ORDER BY re.regime_id, re.sort_order, de.code`,
      [regimeIds],
    ),
    db.query<AssignmentRow & { regimeId: number }>(
      `SELECT a.regime_id AS "regimeId", a.org_unit_id AS "orgUnitId", ou.code AS "orgUnitCode", a.level, a.group_id AS "groupId", g.code AS "groupCode"
         FROM report_regime_assignment a
         LEFT JOIN org_unit ou ON ou.id = a.org_unit_id LEFT JOIN org_unit_group g ON g.id = a.group_id
        WHERE a.regime_id = ANY($1::int[]) ORDER BY a.regime_id, a.id`,
      [regimeIds],
    ),
  ]);
  return { sections: sections.rows, elements: elements.rows, assignments: assignments.rows };
}

export async function listSections(db: Db, regimeId: number): Promise<SectionRow[]> {
  const { rows } = await db.query<SectionRow>(
    `SELECT id, code, name_vi AS "nameVi", name_en AS "nameEn", sort_order AS "sortOrder"
       FROM report_regime_section WHERE regime_id = $1 ORDER BY sort_order, id`,
    [regimeId],
  );
  return rows;
}

/** A form's element with the rules its values are parsed by (the web form checks them before sending). */
export interface FormElementRow extends RegimeElementRow {
  minValue: number | null;
  maxValue: number | null;
  zeroIsSignificant: boolean;
  maxLength: number | null;
}

export async function listRegimeElements(db: Db, regimeId: number): Promise<FormElementRow[]> {
  const { rows } = await db.query<FormElementRow>(
    `SELECT re.data_element_id AS "dataElementId", de.code, de.name_vi AS "nameVi", de.name_en AS "nameEn",
            de.value_type AS "valueType", de.unit, de.disaggregation_id AS "disaggregationId",
            re.section_id AS "sectionId", re.sort_order AS "sortOrder", re.is_compulsory AS "isCompulsory",
            de.min_value AS "minValue", de.max_value AS "maxValue", de.zero_is_significant AS "zeroIsSignificant",
            de.max_length AS "maxLength"
       FROM report_regime_element re JOIN data_element de ON de.id = re.data_element_id
      WHERE re.regime_id = $1 ORDER BY re.sort_order, de.code`,
    [regimeId],
  );
  return rows;
}

/** All (regime, element) pairs of active regimes: small, loaded once per import. */
export async function listActiveRegimeElements(db: Db): Promise<{ regimeId: number; dataElementId: number }[]> {
  const { rows } = await db.query<{ regimeId: number; dataElementId: number }>(
    `SELECT re.regime_id AS "regimeId", re.data_element_id AS "dataElementId"
       FROM report_regime_element re JOIN report_regime r ON r.id = re.regime_id WHERE r.is_active`,
  );
  return rows;
}

export async function replaceForm(
  db: Db,
  regimeId: number,
  sections: { code: string; nameVi: string; nameEn: string | null; elements: { dataElementId: number; isCompulsory: boolean }[] }[],
): Promise<void> {
  await db.query('DELETE FROM report_regime_element WHERE regime_id = $1', [regimeId]);
  await db.query('DELETE FROM report_regime_section WHERE regime_id = $1', [regimeId]);
  let order = 0;
  for (const [i, s] of sections.entries()) {
    const { rows } = await db.query<{ id: number }>('INSERT INTO report_regime_section (regime_id, code, name_vi, name_en, sort_order) VALUES ($1,$2,$3,$4,$5) RETURNING id', [
      regimeId,
      s.code,
      s.nameVi,
      s.nameEn,
      i,
    ]);
    const sectionId = rows[0].id;
    if (s.elements.length === 0) continue;
    await db.query(
      `INSERT INTO report_regime_element (regime_id, data_element_id, section_id, sort_order, is_compulsory)
       SELECT $1, e.de, $2, $3 + e.ord - 1, e.comp FROM unnest($4::int[], $5::boolean[]) WITH ORDINALITY AS e(de, comp, ord)`,
      [regimeId, sectionId, order, s.elements.map((e) => e.dataElementId), s.elements.map((e) => e.isCompulsory)],
    );
    order += s.elements.length;
  }
}

export interface AssignmentRow {
  orgUnitId: number | null;
  orgUnitCode: string | null;
  level: number | null;
  groupId: number | null;
  groupCode: string | null;
}

export async function listAssignments(db: Db, regimeId: number): Promise<AssignmentRow[]> {
  const { rows } = await db.query<AssignmentRow>(
    `SELECT a.org_unit_id AS "orgUnitId", ou.code AS "orgUnitCode", a.level, a.group_id AS "groupId", g.code AS "groupCode"
       FROM report_regime_assignment a
       LEFT JOIN org_unit ou ON ou.id = a.org_unit_id LEFT JOIN org_unit_group g ON g.id = a.group_id
      WHERE a.regime_id = $1 ORDER BY a.id`,
    [regimeId],
  );
  return rows;
}

export async function replaceAssignments(db: Db, regimeId: number, list: { orgUnitId: number | null; level: number | null; groupId: number | null }[]) {
  await db.query('DELETE FROM report_regime_assignment WHERE regime_id = $1', [regimeId]);
  if (list.length === 0) return;
  await db.query(
    `INSERT INTO report_regime_assignment (regime_id, org_unit_id, level, group_id)
     SELECT $1, * FROM unnest($2::int[], $3::int[], $4::int[])`,
    [regimeId, list.map((a) => a.orgUnitId), list.map((a) => a.level), list.map((a) => a.groupId)],
  );
}

export interface ReportingUnitRow {
  id: number;
  code: string;
  nameVi: string;
  path: string;
  level: number;
  parentId: number | null;
}

// A unit reports for a period when it is open on the period's last day: after a merger the
// successor reports the month it was born in, the predecessors the months before.
const UNITS_OF_REGIME = `
  SELECT ou.id FROM report_regime_assignment a JOIN org_unit ou ON ou.id = a.org_unit_id WHERE a.regime_id = $1
  UNION SELECT ou.id FROM report_regime_assignment a JOIN org_unit ou ON ou.level = a.level WHERE a.regime_id = $1
  UNION SELECT m.org_unit_id FROM report_regime_assignment a JOIN org_unit_group_member m ON m.group_id = a.group_id WHERE a.regime_id = $1`;

export async function selectReportingUnits(db: Db, regimeId: number, endDate: string, pathPrefixes: string[] | null): Promise<ReportingUnitRow[]> {
  const params: unknown[] = [regimeId, endDate];
  let scope = '';
  if (pathPrefixes !== null) {
    params.push(pathPrefixes.map((p) => `${p}%`));
    scope = `AND ou.path LIKE ANY ($3::text[])`;
  }
  const { rows } = await db.query<ReportingUnitRow>(
    `SELECT ou.id, ou.code, ou.name_vi AS "nameVi", ou.path, ou.level, ou.parent_id AS "parentId"
       FROM org_unit ou
      WHERE ou.id IN (${UNITS_OF_REGIME})
        AND (ou.opening_date IS NULL OR ou.opening_date <= $2::date)
        AND (ou.closing_date IS NULL OR ou.closing_date >= $2::date)
        ${scope}
      ORDER BY ou.sort_key, ou.code`,
    params,
  );
  return rows;
}

/** (org unit, regime) pairs: the active regimes each given unit reports under, by unit, level or group. */
export async function selectRegimesOfUnits(db: Db, orgUnitIds: number[]): Promise<{ orgUnitId: number; regimeId: number }[]> {
  if (orgUnitIds.length === 0) return [];
  const { rows } = await db.query<{ orgUnitId: number; regimeId: number }>(
    `SELECT x.org_unit_id AS "orgUnitId", x.regime_id AS "regimeId" FROM (
       SELECT a.org_unit_id, a.regime_id FROM report_regime_assignment a WHERE a.org_unit_id = ANY ($1::int[])
       UNION SELECT ou.id, a.regime_id FROM org_unit ou JOIN report_regime_assignment a ON a.level = ou.level WHERE ou.id = ANY ($1::int[])
       UNION SELECT m.org_unit_id, a.regime_id FROM org_unit_group_member m JOIN report_regime_assignment a ON a.group_id = m.group_id
              WHERE m.org_unit_id = ANY ($1::int[])
     ) x JOIN report_regime r ON r.id = x.regime_id WHERE r.is_active`,
    [orgUnitIds],
  );
  return rows;
}

export async function findGroupId(db: Db, code: string): Promise<number | null> {
  const { rows } = await db.query<{ id: number }>('SELECT id FROM org_unit_group WHERE code = $1', [code]);
  return rows[0]?.id ?? null;
}

/**
 * How many values of the regime's elements are stored under an attribute option outside `disaggregationId`'s
 * options (all of them when null): values a change of the regime's attribute disaggregation would strand.
 */
export async function countValuesOutsideAttribute(db: Db, regimeId: number, disaggregationId: number | null): Promise<number> {
  const { rows } = await db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM data_value dv JOIN report_regime_element re ON re.data_element_id = dv.data_element_id AND re.regime_id = $1
      WHERE dv.attribute_option_id <> 0
        AND NOT EXISTS (SELECT 1 FROM disaggregation_option o WHERE o.id = dv.attribute_option_id AND o.disaggregation_id = $2)`,
    [regimeId, disaggregationId],
  );
  return rows[0].n;
}
