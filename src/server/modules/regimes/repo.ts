import { sql } from 'kysely';
import type { Db } from '../../db/db.ts';
import { anyOf, now } from '../../db/kysely-sql.ts';
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
  createdAt: Date;
  updatedAt: Date;
}

function selectRegimes(db: Db) {
  return db.kysely
    .selectFrom('report_regime as r')
    .leftJoin('org_unit as rou', 'rou.id', 'r.receiving_org_unit_id')
    .leftJoin('disaggregation as ad', 'ad.id', 'r.attribute_disaggregation_id')
    .select([
      'r.id',
      'r.code',
      'r.name_vi as nameVi',
      'r.name_en as nameEn',
      'r.content',
      'r.legal_basis as legalBasis',
      'r.receiving_org_unit_id as receivingOrgUnitId',
      'rou.code as receivingOrgUnitCode',
      'rou.name_vi as receivingOrgUnitName',
      'r.period_type as periodType',
      'r.cutoff_rule as cutoffRule',
      'r.deadline_days as deadlineDays',
      'r.open_future_periods as openFuturePeriods',
      'r.lock_after_days as lockAfterDays',
      'r.is_active as isActive',
      'r.attribute_disaggregation_id as attributeDisaggregationId',
      'ad.code as attributeDisaggregationCode',
      'r.created_at as createdAt',
      'r.updated_at as updatedAt',
    ])
    .$narrowType<{ periodType: PeriodType; cutoffRule: CutoffRule }>();
}

/** By code, or "id:N". */
export async function findRegimeRow(db: Db, ref: string | number): Promise<RegimeRow | null> {
  const byId = typeof ref === 'number' || /^id:\d+$/.test(ref);
  const query = selectRegimes(db);
  const row = await (typeof ref === 'number' ? query.where('r.id', '=', ref) : byId ? query.where('r.id', '=', Number(ref.slice(3))) : query.where('r.code', '=', ref)).executeTakeFirst();
  return row ?? null;
}

export async function listRegimeRows(db: Db, onlyActive = false): Promise<RegimeRow[]> {
  let query = selectRegimes(db);
  if (onlyActive) query = query.where('r.is_active', '=', true);
  return query.orderBy('r.code').execute();
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

/** The columns a regime's fields are written to (its code apart). */
function regimeColumns(f: RegimeFields) {
  return {
    name_vi: f.nameVi,
    name_en: f.nameEn,
    content: f.content,
    legal_basis: f.legalBasis,
    receiving_org_unit_id: f.receivingOrgUnitId,
    period_type: f.periodType,
    cutoff_rule: f.cutoffRule,
    deadline_days: f.deadlineDays,
    open_future_periods: f.openFuturePeriods,
    lock_after_days: f.lockAfterDays,
    is_active: f.isActive,
    attribute_disaggregation_id: f.attributeDisaggregationId,
  };
}

export async function insertRegime(db: Db, code: string, f: RegimeFields): Promise<number> {
  const { id } = await db.kysely
    .insertInto('report_regime')
    .values({ ...regimeColumns(f), code })
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

export async function updateRegime(db: Db, id: number, f: RegimeFields): Promise<void> {
  await db.kysely
    .updateTable('report_regime')
    .set({ ...regimeColumns(f), updated_at: now() })
    .where('id', '=', id)
    .execute();
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
  const ids = anyOf(regimeIds, 'int');
  const [sections, elements, assignments] = await Promise.all([
    db.kysely
      .selectFrom('report_regime_section')
      .select(['regime_id as regimeId', ...SECTION_COLUMNS])
      .where('regime_id', '=', ids)
      .orderBy('regime_id')
      .orderBy('sort_order')
      .orderBy('id')
      .execute(),
    fromRegimeElements(db)
      .select(['re.regime_id as regimeId', ...REGIME_ELEMENT_COLUMNS])
      .$narrowType<{ valueType: ValueType }>()
      .where('re.regime_id', '=', ids)
      .orderBy('re.regime_id')
      .orderBy('re.sort_order')
      .orderBy('de.code')
      .execute(),
    fromAssignments(db)
      .select(['a.regime_id as regimeId', ...ASSIGNMENT_COLUMNS])
      .where('a.regime_id', '=', ids)
      .orderBy('a.regime_id')
      .orderBy('a.id')
      .execute(),
  ]);
  return { sections, elements, assignments };
}

const SECTION_COLUMNS = ['id', 'code', 'name_vi as nameVi', 'name_en as nameEn', 'sort_order as sortOrder'] as const;

function fromRegimeElements(db: Db) {
  return db.kysely.selectFrom('report_regime_element as re').innerJoin('data_element as de', 'de.id', 're.data_element_id');
}

const REGIME_ELEMENT_COLUMNS = [
  're.data_element_id as dataElementId',
  'de.code',
  'de.name_vi as nameVi',
  'de.name_en as nameEn',
  'de.value_type as valueType',
  'de.unit',
  'de.disaggregation_id as disaggregationId',
  're.section_id as sectionId',
  're.sort_order as sortOrder',
  're.is_compulsory as isCompulsory',
] as const;

export async function listSections(db: Db, regimeId: number): Promise<SectionRow[]> {
  return db.kysely.selectFrom('report_regime_section').select(SECTION_COLUMNS).where('regime_id', '=', regimeId).orderBy('sort_order').orderBy('id').execute();
}

/** A form's element with the rules its values are parsed by (the web form checks them before sending). */
export interface FormElementRow extends RegimeElementRow {
  minValue: number | null;
  maxValue: number | null;
  zeroIsSignificant: boolean;
  maxLength: number | null;
}

export async function listRegimeElements(db: Db, regimeId: number): Promise<FormElementRow[]> {
  return fromRegimeElements(db)
    .select([...REGIME_ELEMENT_COLUMNS, 'de.min_value as minValue', 'de.max_value as maxValue', 'de.zero_is_significant as zeroIsSignificant', 'de.max_length as maxLength'])
    .$narrowType<{ valueType: ValueType }>()
    .where('re.regime_id', '=', regimeId)
    .orderBy('re.sort_order')
    .orderBy('de.code')
    .execute();
}

/** All (regime, element) pairs of active regimes: small, loaded once per import. */
export async function listActiveRegimeElements(db: Db): Promise<{ regimeId: number; dataElementId: number }[]> {
  return db.kysely
    .selectFrom('report_regime_element as re')
    .innerJoin('report_regime as r', 'r.id', 're.regime_id')
    .select(['re.regime_id as regimeId', 're.data_element_id as dataElementId'])
    .where('r.is_active', '=', true)
    .execute();
}

export async function replaceForm(
  db: Db,
  regimeId: number,
  sections: { code: string; nameVi: string; nameEn: string | null; elements: { dataElementId: number; isCompulsory: boolean }[] }[],
): Promise<void> {
  await db.kysely.deleteFrom('report_regime_element').where('regime_id', '=', regimeId).execute();
  await db.kysely.deleteFrom('report_regime_section').where('regime_id', '=', regimeId).execute();
  let order = 0;
  for (const [i, s] of sections.entries()) {
    const { id: sectionId } = await db.kysely
      .insertInto('report_regime_section')
      .values({ regime_id: regimeId, code: s.code, name_vi: s.nameVi, name_en: s.nameEn, sort_order: i })
      .returning('id')
      .executeTakeFirstOrThrow();
    if (s.elements.length === 0) continue;
    await db.kysely
      .insertInto('report_regime_element')
      .values(s.elements.map((e, j) => ({ regime_id: regimeId, data_element_id: e.dataElementId, section_id: sectionId, sort_order: order + j, is_compulsory: e.isCompulsory })))
      .execute();
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

function fromAssignments(db: Db) {
  return db.kysely.selectFrom('report_regime_assignment as a').leftJoin('org_unit as ou', 'ou.id', 'a.org_unit_id').leftJoin('org_unit_group as g', 'g.id', 'a.group_id');
}

const ASSIGNMENT_COLUMNS = ['a.org_unit_id as orgUnitId', 'ou.code as orgUnitCode', 'a.level', 'a.group_id as groupId', 'g.code as groupCode'] as const;

export async function listAssignments(db: Db, regimeId: number): Promise<AssignmentRow[]> {
  return fromAssignments(db).select(ASSIGNMENT_COLUMNS).where('a.regime_id', '=', regimeId).orderBy('a.id').execute();
}

export async function replaceAssignments(db: Db, regimeId: number, list: { orgUnitId: number | null; level: number | null; groupId: number | null }[]) {
  await db.kysely.deleteFrom('report_regime_assignment').where('regime_id', '=', regimeId).execute();
  if (list.length === 0) return;
  await db.kysely
    .insertInto('report_regime_assignment')
    .values(list.map((a) => ({ regime_id: regimeId, org_unit_id: a.orgUnitId, level: a.level, group_id: a.groupId })))
    .execute();
}

export interface ReportingUnitRow {
  id: number;
  code: string;
  nameVi: string;
  path: string;
  level: number;
  parentId: number | null;
}

/** The units a regime is assigned to: by unit, by level and by group. */
function unitsOfRegime(db: Db, regimeId: number) {
  const k = db.kysely;
  return k
    .selectFrom('report_regime_assignment as a')
    .innerJoin('org_unit as ou', 'ou.id', 'a.org_unit_id')
    .select('ou.id')
    .where('a.regime_id', '=', regimeId)
    .union(k.selectFrom('report_regime_assignment as a').innerJoin('org_unit as ou', 'ou.level', 'a.level').select('ou.id').where('a.regime_id', '=', regimeId))
    .union(k.selectFrom('report_regime_assignment as a').innerJoin('org_unit_group_member as m', 'm.group_id', 'a.group_id').select('m.org_unit_id as id').where('a.regime_id', '=', regimeId));
}

// A unit reports for a period when it is open on the period's last day: after a merger the
// successor reports the month it was born in, the predecessors the months before.
export async function selectReportingUnits(db: Db, regimeId: number, endDate: string, pathPrefixes: string[] | null): Promise<ReportingUnitRow[]> {
  const end = sql<string>`${endDate}::date`;
  let query = db.kysely
    .selectFrom('org_unit as ou')
    .select(['ou.id', 'ou.code', 'ou.name_vi as nameVi', 'ou.path', 'ou.level', 'ou.parent_id as parentId'])
    .where('ou.id', 'in', unitsOfRegime(db, regimeId))
    .where((eb) => eb.or([eb('ou.opening_date', 'is', null), eb('ou.opening_date', '<=', end)]))
    .where((eb) => eb.or([eb('ou.closing_date', 'is', null), eb('ou.closing_date', '>=', end)]));
  if (pathPrefixes !== null)
    query = query.where(
      'ou.path',
      'like',
      anyOf(
        pathPrefixes.map((p) => `${p}%`),
        'text',
      ),
    );
  return query.orderBy('ou.sort_key').orderBy('ou.code').execute();
}

/** (org unit, regime) pairs: the active regimes each given unit reports under, by unit, level or group. */
export async function selectRegimesOfUnits(db: Db, orgUnitIds: number[]): Promise<{ orgUnitId: number; regimeId: number }[]> {
  if (orgUnitIds.length === 0) return [];
  const k = db.kysely;
  const ids = anyOf(orgUnitIds, 'int');
  const pairs = k
    .selectFrom('report_regime_assignment as a')
    .select(['a.org_unit_id', 'a.regime_id'])
    .where('a.org_unit_id', '=', ids)
    .$narrowType<{ org_unit_id: number }>()
    .union(k.selectFrom('org_unit as ou').innerJoin('report_regime_assignment as a', 'a.level', 'ou.level').select(['ou.id as org_unit_id', 'a.regime_id']).where('ou.id', '=', ids))
    .union(k.selectFrom('org_unit_group_member as m').innerJoin('report_regime_assignment as a', 'a.group_id', 'm.group_id').select(['m.org_unit_id', 'a.regime_id']).where('m.org_unit_id', '=', ids));
  return k.selectFrom(pairs.as('x')).innerJoin('report_regime as r', 'r.id', 'x.regime_id').select(['x.org_unit_id as orgUnitId', 'x.regime_id as regimeId']).where('r.is_active', '=', true).execute();
}

export async function findGroupId(db: Db, code: string): Promise<number | null> {
  const row = await db.kysely.selectFrom('org_unit_group').select('id').where('code', '=', code).executeTakeFirst();
  return row?.id ?? null;
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
