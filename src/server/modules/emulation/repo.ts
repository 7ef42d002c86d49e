import type { Db } from '../../db/db.ts';
import type { AwardCode, Eligibility, InitiativeScope, Rating } from '../../../core/emulation.ts';
import type { ScoreSource, Tally } from './schema.ts';
import type { Choice } from '../../../core/ballot.ts';

export interface UnitLite {
  id: number;
  code: string;
  nameVi: string;
  nameEn: string | null;
  path: string;
}
const unitJson = (a: string) => `json_build_object('id', ${a}.id, 'code', ${a}.code, 'nameVi', ${a}.name_vi, 'nameEn', ${a}.name_en, 'path', ${a}.path)`;

// ---------- campaigns ----------
export interface CampaignRow {
  id: number;
  code: string;
  nameVi: string;
  nameEn: string | null;
  kind: string;
  year: number;
  orgUnit: UnitLite;
  directiveNumber: string | null;
  directiveDate: string | null;
  directiveIssuer: string | null;
  theme: string | null;
  startsOn: string;
  endsOn: string;
  registrationDeadline: string;
  status: 'OPEN' | 'CLOSED';
  closedAt: Date | null;
}
const CAMPAIGN_SELECT = `SELECT c.id, c.code, c.name_vi AS "nameVi", c.name_en AS "nameEn", c.kind, c.year, ${unitJson('u')} AS "orgUnit",
  c.directive_number AS "directiveNumber", c.directive_date AS "directiveDate", c.directive_issuer AS "directiveIssuer", c.theme,
  c.starts_on AS "startsOn", c.ends_on AS "endsOn", c.registration_deadline AS "registrationDeadline", c.status, c.closed_at AS "closedAt"
  FROM emulation_campaign c JOIN org_unit u ON u.id = c.org_unit_id`;

export async function findCampaign(db: Db, id: number): Promise<CampaignRow | null> {
  const { rows } = await db.query<CampaignRow>(`${CAMPAIGN_SELECT} WHERE c.id = $1`, [id]);
  return rows[0] ?? null;
}

/** Campaigns organised in, or taking part from, one of the subtrees. */
export async function listCampaigns(db: Db, paths: 'ALL' | string[]): Promise<CampaignRow[]> {
  if (paths !== 'ALL' && paths.length === 0) return [];
  const params: unknown[] = [];
  let where = 'TRUE';
  if (paths !== 'ALL') {
    params.push(paths.map((p) => `${p}%`));
    where = `(u.path LIKE ANY ($1::text[]) OR EXISTS (SELECT 1 FROM emulation_participant p JOIN org_unit pu ON pu.id = p.org_unit_id WHERE p.campaign_id = c.id AND pu.path LIKE ANY ($1::text[])))`;
  }
  const { rows } = await db.query<CampaignRow>(`${CAMPAIGN_SELECT} WHERE ${where} ORDER BY c.year DESC, c.id DESC`, params);
  return rows;
}

export async function insertCampaign(db: Db, c: Omit<CampaignRow, 'id' | 'orgUnit' | 'status' | 'closedAt'> & { orgUnitId: number }): Promise<number> {
  const { rows } = await db.query<{ id: number }>(
    `INSERT INTO emulation_campaign (code, name_vi, name_en, kind, year, org_unit_id, directive_number, directive_date, directive_issuer, theme, starts_on, ends_on, registration_deadline)
     VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13) RETURNING id`,
    [c.code, c.nameVi, c.nameEn, c.kind, c.year, c.orgUnitId, c.directiveNumber, c.directiveDate, c.directiveIssuer, c.theme, c.startsOn, c.endsOn, c.registrationDeadline],
  );
  return rows[0]!.id;
}

export async function findCampaignByCode(db: Db, code: string): Promise<{ id: number } | null> {
  const { rows } = await db.query<{ id: number }>('SELECT id FROM emulation_campaign WHERE code = $1', [code]);
  return rows[0] ?? null;
}

export async function insertParticipant(db: Db, campaignId: number, orgUnitId: number, cluster: string | null): Promise<void> {
  await db.query('INSERT INTO emulation_participant (campaign_id, org_unit_id, cluster) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING', [campaignId, orgUnitId, cluster]);
}

export async function listParticipants(db: Db, campaignId: number): Promise<{ orgUnit: UnitLite; cluster: string | null }[]> {
  const { rows } = await db.query<{ orgUnit: UnitLite; cluster: string | null }>(
    `SELECT ${unitJson('u')} AS "orgUnit", p.cluster FROM emulation_participant p JOIN org_unit u ON u.id = p.org_unit_id WHERE p.campaign_id = $1 ORDER BY p.cluster NULLS LAST, u.sort_key`,
    [campaignId],
  );
  return rows;
}

export async function closeCampaign(db: Db, id: number, at: Date): Promise<void> {
  await db.query(`UPDATE emulation_campaign SET status = 'CLOSED', closed_at = $2 WHERE id = $1`, [id, at]);
  await db.query('UPDATE emulation_score SET frozen = true WHERE criterion_id IN (SELECT id FROM emulation_criterion WHERE campaign_id = $1)', [id]);
}

// ---------- criteria and scores ----------
export interface CriterionRow {
  id: number;
  campaignId: number;
  code: string;
  nameVi: string;
  nameEn: string | null;
  weight: number;
  source: 'INDICATOR' | 'TASKS' | 'REVIEWER';
  indicator: { id: number; code: string; nameVi: string; minCoverage: number } | null;
  periodId: string | null;
  targetValue: number | null;
}
export async function listCriteria(db: Db, campaignId: number): Promise<CriterionRow[]> {
  const { rows } = await db.query<CriterionRow>(
    `SELECT c.id, c.campaign_id AS "campaignId", c.code, c.name_vi AS "nameVi", c.name_en AS "nameEn", c.weight, c.source,
       CASE WHEN i.id IS NULL THEN NULL ELSE json_build_object('id', i.id, 'code', i.code, 'nameVi', i.name_vi, 'minCoverage', i.min_coverage) END AS indicator,
       c.period_id AS "periodId", c.target_value AS "targetValue"
     FROM emulation_criterion c LEFT JOIN indicator i ON i.id = c.indicator_id WHERE c.campaign_id = $1 ORDER BY c.id`,
    [campaignId],
  );
  return rows;
}
export async function insertCriterion(
  db: Db,
  c: { campaignId: number; code: string; nameVi: string; nameEn: string | null; weight: number; source: string; indicatorId: number | null; periodId: string | null; targetValue: number | null },
): Promise<number> {
  const { rows } = await db.query<{ id: number }>(
    `INSERT INTO emulation_criterion (campaign_id, code, name_vi, name_en, weight, source, indicator_id, period_id, target_value) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9) RETURNING id`,
    [c.campaignId, c.code, c.nameVi, c.nameEn, c.weight, c.source, c.indicatorId, c.periodId, c.targetValue],
  );
  return rows[0]!.id;
}
export async function findIndicator(db: Db, code: string): Promise<{ id: number; code: string } | null> {
  const { rows } = await db.query<{ id: number; code: string }>('SELECT id, code FROM indicator WHERE code = $1', [code]);
  return rows[0] ?? null;
}
export interface ScoreRow {
  criterionId: number;
  orgUnitId: number;
  score: number;
  sourceDetail: ScoreSource;
  evidence: string | null;
  scoredBy: string;
  frozen: boolean;
}
export async function listScores(db: Db, campaignId: number): Promise<ScoreRow[]> {
  const { rows } = await db.query<ScoreRow>(
    `SELECT s.criterion_id AS "criterionId", s.org_unit_id AS "orgUnitId", s.score, s.source_detail AS "sourceDetail", s.evidence, s.scored_by AS "scoredBy", s.frozen
     FROM emulation_score s JOIN emulation_criterion c ON c.id = s.criterion_id WHERE c.campaign_id = $1`,
    [campaignId],
  );
  return rows;
}
export async function upsertScore(db: Db, s: { criterionId: number; orgUnitId: number; score: number; sourceDetail: unknown; evidence: string | null; scoredBy: string }): Promise<void> {
  await db.query(
    `INSERT INTO emulation_score (criterion_id, org_unit_id, score, source_detail, evidence, scored_by) VALUES ($1,$2,$3,$4,$5,$6)
     ON CONFLICT (criterion_id, org_unit_id) DO UPDATE SET score = excluded.score, source_detail = excluded.source_detail, evidence = excluded.evidence, scored_by = excluded.scored_by, scored_at = now()
     WHERE NOT emulation_score.frozen`,
    [s.criterionId, s.orgUnitId, s.score, JSON.stringify(s.sourceDetail), s.evidence, s.scoredBy],
  );
}
/** Tasks led by the unit (or below) due within the days: done on time, and all that count (cancelled left out). */
export async function taskResults(db: Db, path: string, from: string, to: string): Promise<{ total: number; onTime: number }> {
  const { rows } = await db.query<{ total: number; onTime: number }>(
    `SELECT count(*)::int AS total,
            count(*) FILTER (WHERE t.state = 'DONE' AND t.done_on <= coalesce(t.extended_due_date, t.due_date))::int AS "onTime"
       FROM task t JOIN org_unit u ON u.id = t.lead_org_unit_id
      WHERE u.path LIKE $1 AND t.state <> 'CANCELLED' AND t.due_date BETWEEN $2 AND $3`,
    [`${path}%`, from, to],
  );
  return rows[0]!;
}

// ---------- registrations ----------
export interface RegistrationRow {
  id: number;
  campaignId: number;
  orgUnit: UnitLite;
  staff: { id: number; fullName: string } | null;
  award: AwardCode;
  commitment: string | null;
  status: string;
  registeredOn: string;
  decidedBy: string | null;
  decisionNote: string | null;
}
const REG_SELECT = `SELECT r.id, r.campaign_id AS "campaignId", ${unitJson('u')} AS "orgUnit",
  CASE WHEN s.id IS NULL THEN NULL ELSE json_build_object('id', s.id, 'fullName', s.full_name) END AS staff,
  r.award, r.commitment, r.status, r.registered_on AS "registeredOn", r.decided_by AS "decidedBy", r.decision_note AS "decisionNote"
  FROM emulation_registration r JOIN org_unit u ON u.id = r.org_unit_id LEFT JOIN staff_member s ON s.id = r.staff_member_id`;
export async function listRegistrations(db: Db, campaignId: number): Promise<RegistrationRow[]> {
  const { rows } = await db.query<RegistrationRow>(`${REG_SELECT} WHERE r.campaign_id = $1 ORDER BY u.sort_key, s.full_name NULLS FIRST, r.id`, [campaignId]);
  return rows;
}
export async function findRegistration(db: Db, id: number): Promise<RegistrationRow | null> {
  const { rows } = await db.query<RegistrationRow>(`${REG_SELECT} WHERE r.id = $1`, [id]);
  return rows[0] ?? null;
}
export async function insertRegistration(
  db: Db,
  r: { campaignId: number; orgUnitId: number; staffId: number | null; award: string; commitment: string | null; registeredOn: string },
): Promise<number | null> {
  const { rows } = await db.query<{ id: number }>(
    `INSERT INTO emulation_registration (campaign_id, org_unit_id, staff_member_id, award, commitment, registered_on) VALUES ($1,$2,$3,$4,$5,$6) ON CONFLICT DO NOTHING RETURNING id`,
    [r.campaignId, r.orgUnitId, r.staffId, r.award, r.commitment, r.registeredOn],
  );
  return rows[0]?.id ?? null;
}
export async function decideRegistration(db: Db, id: number, status: string, by: string, note: string | null, at: Date): Promise<void> {
  await db.query('UPDATE emulation_registration SET status = $2, decided_by = $3, decision_note = $4, decided_at = $5 WHERE id = $1', [id, status, by, note, at]);
}

// ---------- staff, initiatives, history, honour book ----------
export interface StaffLite {
  id: number;
  fullName: string;
  orgUnit: UnitLite;
}
export async function findStaff(db: Db, id: number): Promise<StaffLite | null> {
  const { rows } = await db.query<StaffLite>(`SELECT s.id, s.full_name AS "fullName", ${unitJson('u')} AS "orgUnit" FROM staff_member s JOIN org_unit u ON u.id = s.org_unit_id WHERE s.id = $1`, [id]);
  return rows[0] ?? null;
}
/** The people of a unit (not its sub-units) active at some time in the year. */
export async function listUnitStaff(db: Db, orgUnitId: number, year: number): Promise<{ id: number; fullName: string }[]> {
  const { rows } = await db.query<{ id: number; fullName: string }>(
    `SELECT id, full_name AS "fullName" FROM staff_member WHERE org_unit_id = $1
       AND (active_from IS NULL OR active_from <= make_date($2, 12, 31)) AND (active_to IS NULL OR active_to >= make_date($2, 1, 1)) ORDER BY full_name, id`,
    [orgUnitId, year],
  );
  return rows;
}
export async function insertInitiative(db: Db, i: { title: string; staffId: number; year: number; scope: string; decisionNumber: string; decisionDate: string }): Promise<number> {
  const { rows } = await db.query<{ id: number }>('INSERT INTO emulation_initiative (title, staff_member_id, year, scope, decision_number, decision_date) VALUES ($1,$2,$3,$4,$5,$6) RETURNING id', [
    i.title,
    i.staffId,
    i.year,
    i.scope,
    i.decisionNumber,
    i.decisionDate,
  ]);
  return rows[0]!.id;
}
export async function listInitiatives(
  db: Db,
  paths: 'ALL' | string[],
): Promise<{ id: number; title: string; staff: { id: number; fullName: string }; orgUnit: UnitLite; year: number; scope: InitiativeScope; decisionNumber: string; decisionDate: string }[]> {
  if (paths !== 'ALL' && paths.length === 0) return [];
  const params: unknown[] = [];
  if (paths !== 'ALL') params.push(paths.map((p) => `${p}%`));
  const { rows } = await db.query<never>(
    `SELECT i.id, i.title, json_build_object('id', s.id, 'fullName', s.full_name) AS staff, ${unitJson('u')} AS "orgUnit", i.year, i.scope,
       i.decision_number AS "decisionNumber", i.decision_date AS "decisionDate"
     FROM emulation_initiative i JOIN staff_member s ON s.id = i.staff_member_id JOIN org_unit u ON u.id = s.org_unit_id
     WHERE ${paths === 'ALL' ? 'TRUE' : 'u.path LIKE ANY ($1::text[])'} ORDER BY i.year DESC, i.id DESC LIMIT 2000`,
    params,
  );
  return rows;
}
export async function initiativesOf(db: Db, staffIds: readonly number[]): Promise<{ staffId: number; year: number; scope: InitiativeScope }[]> {
  const { rows } = await db.query<{ staffId: number; year: number; scope: InitiativeScope }>(
    'SELECT staff_member_id AS "staffId", year, scope FROM emulation_initiative WHERE staff_member_id = ANY ($1::int[])',
    [[...staffIds]],
  );
  return rows;
}
export async function upsertPersonYear(db: Db, staffId: number, year: number, rating: Rating, disciplined: boolean): Promise<void> {
  await db.query(
    `INSERT INTO emulation_person_year (staff_member_id, year, rating, disciplined) VALUES ($1,$2,$3,$4)
     ON CONFLICT (staff_member_id, year) DO UPDATE SET rating = excluded.rating, disciplined = excluded.disciplined`,
    [staffId, year, rating, disciplined],
  );
}
export async function upsertUnitYear(db: Db, orgUnitId: number, year: number, rating: Rating): Promise<void> {
  await db.query(`INSERT INTO emulation_unit_year (org_unit_id, year, rating) VALUES ($1,$2,$3) ON CONFLICT (org_unit_id, year) DO UPDATE SET rating = excluded.rating`, [orgUnitId, year, rating]);
}
export async function unitYears(db: Db, orgUnitId: number): Promise<Map<number, Rating>> {
  const { rows } = await db.query<{ year: number; rating: Rating }>('SELECT year, rating FROM emulation_unit_year WHERE org_unit_id = $1', [orgUnitId]);
  return new Map(rows.map((r) => [r.year, r.rating]));
}
/** Adds an award to the honour book; false when the same award for the same year is already there. */
export async function insertAward(
  db: Db,
  a: { year: number; award: string; staffId: number | null; orgUnitId: number | null; decisionId: number | null; decisionNumber: string; decisionDate: string; cashAmount: number | null },
): Promise<boolean> {
  const { rows } = await db.query(
    `INSERT INTO emulation_award (year, award, staff_member_id, org_unit_id, decision_id, decision_number, decision_date, cash_amount) VALUES ($1,$2,$3,$4,$5,$6,$7,$8) ON CONFLICT DO NOTHING RETURNING id`,
    [a.year, a.award, a.staffId, a.orgUnitId, a.decisionId, a.decisionNumber, a.decisionDate, a.cashAmount],
  );
  return rows.length > 0;
}
export async function awardsOfStaff(db: Db, staffIds: readonly number[]): Promise<{ staffId: number; year: number; award: AwardCode }[]> {
  // Grouped by year and award with the people as an array: one row each is costly to read for thousands of people.
  const { rows } = await db.query<{ year: number; award: AwardCode; ids: number[] }>(
    'SELECT year, award, array_agg(staff_member_id) AS ids FROM emulation_award WHERE staff_member_id = ANY ($1::int[]) GROUP BY year, award',
    [[...staffIds]],
  );
  return rows.flatMap((r) => r.ids.map((staffId) => ({ staffId, year: r.year, award: r.award })));
}
export async function awardsOfUnit(db: Db, orgUnitId: number): Promise<{ year: number; award: AwardCode }[]> {
  const { rows } = await db.query<{ year: number; award: AwardCode }>('SELECT year, award FROM emulation_award WHERE org_unit_id = $1', [orgUnitId]);
  return rows;
}
export interface HonourRow {
  id: number;
  year: number;
  award: AwardCode;
  staff: { id: number; fullName: string } | null;
  orgUnit: UnitLite;
  decisionId: number | null;
  decisionNumber: string;
  decisionDate: string;
  cashAmount: number | null;
}
export async function honourBook(
  db: Db,
  f: { paths: 'ALL' | string[]; subtree?: string; qFolded?: string; award?: string; year?: number; limit: number },
): Promise<{ total: number; rows: HonourRow[] }> {
  if (f.paths !== 'ALL' && f.paths.length === 0) return { total: 0, rows: [] };
  const params: unknown[] = [];
  const where: string[] = [];
  if (f.paths !== 'ALL') {
    params.push(f.paths.map((p) => `${p}%`));
    where.push(`u.path LIKE ANY ($${params.length}::text[])`);
  }
  if (f.subtree) {
    params.push(`${f.subtree}%`);
    where.push(`u.path LIKE $${params.length}`);
  }
  if (f.award) {
    params.push(f.award);
    where.push(`a.award = $${params.length}`);
  }
  if (f.year) {
    params.push(f.year);
    where.push(`a.year = $${params.length}`);
  }
  if (f.qFolded) {
    params.push(`%${f.qFolded}%`);
    where.push(`(fold_vi(coalesce(s.full_name, '')) LIKE $${params.length} OR fold_vi(u.name_vi) LIKE $${params.length} OR a.decision_number ILIKE $${params.length})`);
  }
  const from = `FROM emulation_award a LEFT JOIN staff_member s ON s.id = a.staff_member_id JOIN org_unit u ON u.id = coalesce(a.org_unit_id, s.org_unit_id) WHERE ${where.join(' AND ') || 'TRUE'}`;
  const total = (await db.query<{ n: number }>(`SELECT count(*)::int AS n ${from}`, params)).rows[0]!.n;
  params.push(f.limit);
  const { rows } = await db.query<HonourRow>(
    `SELECT a.id, a.year, a.award, CASE WHEN s.id IS NULL THEN NULL ELSE json_build_object('id', s.id, 'fullName', s.full_name) END AS staff, ${unitJson('u')} AS "orgUnit",
       a.decision_id AS "decisionId", a.decision_number AS "decisionNumber", a.decision_date AS "decisionDate", a.cash_amount AS "cashAmount"
     ${from} ORDER BY a.year DESC, a.award, s.full_name NULLS FIRST, a.id LIMIT $${params.length}`,
    params,
  );
  return { total, rows };
}

// ---------- nominations ----------
export interface NominationRow {
  id: number;
  year: number;
  award: AwardCode;
  staff: { id: number; fullName: string } | null;
  orgUnit: UnitLite | null;
  proposingOrgUnit: UnitLite;
  campaignId: number | null;
  eligible: boolean;
  eligibility: Eligibility;
  overrideReason: string | null;
  achievements: string | null;
  sessionId: number | null;
  thresholdNum: number | null;
  thresholdDen: number | null;
  status: string;
  /** The public comment window (Decree 98/2023, Article 46 clause 2), when set. */
  commentOpensOn: string | null;
  commentClosesOn: string | null;
  commentNotice: string | null;
}
const NOM_SELECT = `SELECT n.id, n.year, n.award, CASE WHEN s.id IS NULL THEN NULL ELSE json_build_object('id', s.id, 'fullName', s.full_name) END AS staff,
  CASE WHEN u.id IS NULL THEN NULL ELSE ${unitJson('u')} END AS "orgUnit", ${unitJson('pu')} AS "proposingOrgUnit", n.campaign_id AS "campaignId",
  n.eligible, n.eligibility, n.override_reason AS "overrideReason", n.achievements, n.session_id AS "sessionId",
  n.threshold_num AS "thresholdNum", n.threshold_den AS "thresholdDen", n.status,
  to_char(n.comment_opens_on, 'YYYY-MM-DD') AS "commentOpensOn", to_char(n.comment_closes_on, 'YYYY-MM-DD') AS "commentClosesOn", n.comment_notice AS "commentNotice"
  FROM emulation_nomination n LEFT JOIN staff_member s ON s.id = n.staff_member_id LEFT JOIN org_unit u ON u.id = n.org_unit_id JOIN org_unit pu ON pu.id = n.proposing_org_unit_id`;
export async function findNomination(db: Db, id: number): Promise<NominationRow | null> {
  const { rows } = await db.query<NominationRow>(`${NOM_SELECT} WHERE n.id = $1`, [id]);
  return rows[0] ?? null;
}
export async function listNominations(db: Db, f: { paths: 'ALL' | string[]; year?: number; status?: string; sessionId?: number }): Promise<NominationRow[]> {
  if (f.paths !== 'ALL' && f.paths.length === 0) return [];
  const params: unknown[] = [];
  const where: string[] = [];
  if (f.paths !== 'ALL') {
    params.push(f.paths.map((p) => `${p}%`));
    where.push(`pu.path LIKE ANY ($${params.length}::text[])`);
  }
  if (f.year) {
    params.push(f.year);
    where.push(`n.year = $${params.length}`);
  }
  if (f.status) {
    params.push(f.status);
    where.push(`n.status = $${params.length}`);
  }
  if (f.sessionId) {
    params.push(f.sessionId);
    where.push(`n.session_id = $${params.length}`);
  }
  const { rows } = await db.query<NominationRow>(`${NOM_SELECT} WHERE ${where.join(' AND ') || 'TRUE'} ORDER BY n.id`, params);
  return rows;
}
export async function insertNomination(
  db: Db,
  n: {
    year: number;
    award: string;
    staffId: number | null;
    orgUnitId: number | null;
    proposingOrgUnitId: number;
    campaignId: number | null;
    eligible: boolean;
    eligibility: unknown;
    overrideReason: string | null;
    achievements: string | null;
    createdBy: string;
  },
): Promise<number | null> {
  const { rows } = await db.query<{ id: number }>(
    `INSERT INTO emulation_nomination (year, award, staff_member_id, org_unit_id, proposing_org_unit_id, campaign_id, eligible, eligibility, override_reason, achievements, created_by)
     VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11) ON CONFLICT DO NOTHING RETURNING id`,
    [n.year, n.award, n.staffId, n.orgUnitId, n.proposingOrgUnitId, n.campaignId, n.eligible, JSON.stringify(n.eligibility), n.overrideReason, n.achievements, n.createdBy],
  );
  return rows[0]?.id ?? null;
}
export async function putInSession(db: Db, id: number, sessionId: number, num: number, den: number): Promise<void> {
  await db.query(`UPDATE emulation_nomination SET session_id = $2, threshold_num = $3, threshold_den = $4, status = 'IN_SESSION' WHERE id = $1`, [id, sessionId, num, den]);
}
export async function setNominationStatus(db: Db, id: number, status: string): Promise<void> {
  await db.query('UPDATE emulation_nomination SET status = $2 WHERE id = $1', [id, status]);
}

// ---------- council ----------
export interface SessionRow {
  id: number;
  title: string;
  orgUnit: UnitLite;
  year: number;
  opensAt: Date;
  closesAt: Date;
  quorumNum: number;
  quorumDen: number;
  publicN: string;
  publicE: string;
  status: 'OPEN' | 'CLOSED';
  result: Tally | null;
  closedAt: Date | null;
}
const SESSION_SELECT = `SELECT c.id, c.title, ${unitJson('u')} AS "orgUnit", c.year, c.opens_at AS "opensAt", c.closes_at AS "closesAt", c.quorum_num AS "quorumNum",
  c.quorum_den AS "quorumDen", c.public_n AS "publicN", c.public_e AS "publicE", c.status, c.result, c.closed_at AS "closedAt"
  FROM council_session c JOIN org_unit u ON u.id = c.org_unit_id`;
export async function findSession(db: Db, id: number, forUpdate = false): Promise<SessionRow | null> {
  const { rows } = await db.query<SessionRow>(`${SESSION_SELECT} WHERE c.id = $1${forUpdate ? ' FOR UPDATE OF c' : ''}`, [id]);
  return rows[0] ?? null;
}
export async function listSessions(db: Db, f: { paths: 'ALL' | string[]; memberUserId?: number }): Promise<SessionRow[]> {
  const params: unknown[] = [];
  const ors: string[] = [];
  if (f.paths === 'ALL') ors.push('TRUE');
  else if (f.paths.length) {
    params.push(f.paths.map((p) => `${p}%`));
    ors.push(`u.path LIKE ANY ($${params.length}::text[])`);
  }
  if (f.memberUserId) {
    params.push(f.memberUserId);
    ors.push(`EXISTS (SELECT 1 FROM council_member m WHERE m.session_id = c.id AND m.user_id = $${params.length})`);
  }
  if (!ors.length) return [];
  const { rows } = await db.query<SessionRow>(`${SESSION_SELECT} WHERE ${ors.join(' OR ')} ORDER BY c.opens_at DESC, c.id DESC`, params);
  return rows;
}
export async function insertSession(
  db: Db,
  s: {
    title: string;
    orgUnitId: number;
    year: number;
    opensAt: string;
    closesAt: string;
    quorumNum: number;
    quorumDen: number;
    publicN: string;
    publicE: string;
    privateKeyPem: string;
    createdBy: string;
  },
): Promise<number> {
  const { rows } = await db.query<{ id: number }>(
    `INSERT INTO council_session (title, org_unit_id, year, opens_at, closes_at, quorum_num, quorum_den, public_n, public_e, private_key_pem, created_by)
     VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11) RETURNING id`,
    [s.title, s.orgUnitId, s.year, s.opensAt, s.closesAt, s.quorumNum, s.quorumDen, s.publicN, s.publicE, s.privateKeyPem, s.createdBy],
  );
  return rows[0]!.id;
}
export async function sessionPrivateKey(db: Db, id: number): Promise<string | null> {
  const { rows } = await db.query<{ pem: string | null }>('SELECT private_key_pem AS pem FROM council_session WHERE id = $1', [id]);
  return rows[0]?.pem ?? null;
}
export async function closeSession(db: Db, id: number, result: unknown, at: Date): Promise<void> {
  // The signing key goes with the session's end: no token can be issued for it any more.
  await db.query(`UPDATE council_session SET status = 'CLOSED', result = $2, closed_at = $3, private_key_pem = NULL WHERE id = $1`, [id, JSON.stringify(result), at]);
}
export async function insertMember(db: Db, sessionId: number, userId: number, displayName: string): Promise<void> {
  await db.query('INSERT INTO council_member (session_id, user_id, display_name) VALUES ($1,$2,$3) ON CONFLICT DO NOTHING', [sessionId, userId, displayName]);
}
export async function listMembers(db: Db, sessionId: number): Promise<{ userId: number; displayName: string; username: string; tookBallot: boolean; writtenBy: string | null }[]> {
  const { rows } = await db.query<never>(
    `SELECT m.user_id AS "userId", m.display_name AS "displayName", au.username, (t.user_id IS NOT NULL) AS "tookBallot", t.written_by AS "writtenBy"
       FROM council_member m JOIN app_user au ON au.id = m.user_id LEFT JOIN council_token_issue t ON t.session_id = m.session_id AND t.user_id = m.user_id
      WHERE m.session_id = $1 ORDER BY m.display_name`,
    [sessionId],
  );
  return rows;
}
export async function findUserByUsername(db: Db, username: string): Promise<{ id: number; displayName: string } | null> {
  const { rows } = await db.query<{ id: number; displayName: string }>('SELECT id, coalesce(display_name, username) AS "displayName" FROM app_user WHERE username = $1', [username]);
  return rows[0] ?? null;
}
/** Records that the member took their one token; false when they already had. */
export async function recordTokenIssue(db: Db, sessionId: number, userId: number, writtenBy: string | null): Promise<boolean> {
  const { rows } = await db.query('INSERT INTO council_token_issue (session_id, user_id, written_by) VALUES ($1,$2,$3) ON CONFLICT DO NOTHING RETURNING user_id', [sessionId, userId, writtenBy]);
  return rows.length > 0;
}
export async function insertBallot(
  db: Db,
  b: { sessionId: number; receipt: string; token: string; signature: string; choices: readonly { nominationId: number; choice: Choice }[] },
): Promise<boolean> {
  const { rows } = await db.query('INSERT INTO council_ballot (session_id, receipt, token, signature, choices) VALUES ($1,$2,$3,$4,$5) ON CONFLICT DO NOTHING RETURNING receipt', [
    b.sessionId,
    b.receipt,
    b.token,
    b.signature,
    JSON.stringify(b.choices),
  ]);
  return rows.length > 0;
}
export async function ballotBox(db: Db, sessionId: number): Promise<{ receipt: string; token: string; signature: string; choices: { nominationId: number; choice: Choice }[] }[]> {
  const { rows } = await db.query<never>('SELECT receipt, token, signature, choices FROM council_ballot WHERE session_id = $1 ORDER BY receipt', [sessionId]);
  return rows;
}
export async function hasReceipt(db: Db, sessionId: number, receipt: string): Promise<boolean> {
  const { rows } = await db.query('SELECT 1 FROM council_ballot WHERE session_id = $1 AND receipt = $2', [sessionId, receipt]);
  return rows.length > 0;
}
export async function tokenUsed(db: Db, sessionId: number, token: string): Promise<boolean> {
  const { rows } = await db.query('SELECT 1 FROM council_ballot WHERE session_id = $1 AND token = $2', [sessionId, token]);
  return rows.length > 0;
}

// ---------- decisions ----------
export async function insertDecision(db: Db, d: { number: string; decisionDate: string; signer: string; orgUnitId: number; title: string }): Promise<number | null> {
  const { rows } = await db.query<{ id: number }>(
    'INSERT INTO emulation_decision (number, decision_date, signer, org_unit_id, title) VALUES ($1,$2,$3,$4,$5) ON CONFLICT (number) DO NOTHING RETURNING id',
    [d.number, d.decisionDate, d.signer, d.orgUnitId, d.title],
  );
  return rows[0]?.id ?? null;
}
export async function findDecision(db: Db, id: number): Promise<{ id: number; number: string; decisionDate: string; signer: string; title: string; orgUnit: UnitLite } | null> {
  const { rows } = await db.query<never>(
    `SELECT d.id, d.number, d.decision_date AS "decisionDate", d.signer, d.title, ${unitJson('u')} AS "orgUnit" FROM emulation_decision d JOIN org_unit u ON u.id = d.org_unit_id WHERE d.id = $1`,
    [id],
  );
  return rows[0] ?? null;
}
export async function decisionAwards(db: Db, decisionId: number): Promise<HonourRow[]> {
  const { rows } = await db.query<HonourRow>(
    `SELECT a.id, a.year, a.award, CASE WHEN s.id IS NULL THEN NULL ELSE json_build_object('id', s.id, 'fullName', s.full_name) END AS staff, ${unitJson('u')} AS "orgUnit",
       a.decision_id AS "decisionId", a.decision_number AS "decisionNumber", a.decision_date AS "decisionDate", a.cash_amount AS "cashAmount"
     FROM emulation_award a LEFT JOIN staff_member s ON s.id = a.staff_member_id JOIN org_unit u ON u.id = coalesce(a.org_unit_id, s.org_unit_id)
     WHERE a.decision_id = $1 ORDER BY a.award, s.full_name NULLS FIRST, a.id`,
    [decisionId],
  );
  return rows;
}

export async function parentName(db: Db, orgUnitId: number): Promise<string | null> {
  const { rows } = await db.query<{ name: string }>('SELECT p.name_vi AS name FROM org_unit u JOIN org_unit p ON p.id = u.parent_id WHERE u.id = $1', [orgUnitId]);
  return rows[0]?.name ?? null;
}

export interface PersonHit {
  id: number;
  fullName: string;
  position: string | null;
  username: string | null;
  orgUnit: UnitLite;
}
/**
 * People found by name (folded: without diacritics, case or spaces mattering) in the subtrees given: for the
 * forms, which choose a person by searching their name, never by typing an id or a username.
 */
export async function searchPeople(db: Db, f: { paths: 'ALL' | string[]; qFolded: string; subtree?: string; withAccount?: boolean; limit: number }): Promise<PersonHit[]> {
  if (f.paths !== 'ALL' && f.paths.length === 0) return [];
  const params: unknown[] = [`%${f.qFolded.replace(/[\\%_]/g, '\\$&').replace(/\s+/g, '')}%`];
  const where = [`replace(fold_vi(s.full_name), ' ', '') LIKE $1`];
  if (f.paths !== 'ALL') {
    params.push(f.paths.map((p) => `${p}%`));
    where.push(`u.path LIKE ANY ($${params.length}::text[])`);
  }
  if (f.subtree) {
    params.push(`${f.subtree}%`);
    where.push(`u.path LIKE $${params.length}`);
  }
  if (f.withAccount) where.push('a.id IS NOT NULL AND a.is_active');
  params.push(f.limit);
  const { rows } = await db.query<PersonHit>(
    `SELECT s.id, s.full_name AS "fullName", s.position, a.username, ${unitJson('u')} AS "orgUnit"
     FROM staff_member s JOIN org_unit u ON u.id = s.org_unit_id LEFT JOIN app_user a ON a.id = s.user_id
     WHERE ${where.join(' AND ')} AND (s.active_to IS NULL OR s.active_to >= current_date)
     ORDER BY s.full_name, s.id LIMIT $${params.length}`,
    params,
  );
  return rows;
}

/** A person's or a unit's honour book rows with their decisions, oldest first (the achievement report). */
export async function awardRecordsOf(db: Db, who: { staffId: number } | { orgUnitId: number }): Promise<{ year: number; award: AwardCode; decisionNumber: string; decisionDate: string }[]> {
  const [col, id] = 'staffId' in who ? ['staff_member_id', who.staffId] : ['org_unit_id', who.orgUnitId];
  const { rows } = await db.query<{ year: number; award: AwardCode; decisionNumber: string; decisionDate: string }>(
    `SELECT year, award, decision_number AS "decisionNumber", to_char(decision_date, 'YYYY-MM-DD') AS "decisionDate" FROM emulation_award WHERE ${col} = $1 ORDER BY year, award`,
    [id],
  );
  return rows;
}
/** A person's recognised initiatives with their decisions (the achievement report). */
export async function initiativeRecordsOf(db: Db, staffId: number): Promise<{ title: string; year: number; scope: InitiativeScope; decisionNumber: string; decisionDate: string }[]> {
  const { rows } = await db.query<{ title: string; year: number; scope: InitiativeScope; decisionNumber: string; decisionDate: string }>(
    `SELECT title, year, scope, decision_number AS "decisionNumber", to_char(decision_date, 'YYYY-MM-DD') AS "decisionDate" FROM emulation_initiative WHERE staff_member_id = $1 ORDER BY year, id`,
    [staffId],
  );
  return rows;
}
/** A staff member's position (chức vụ), for the achievement report. */
export async function staffPosition(db: Db, staffId: number): Promise<string | null> {
  const { rows } = await db.query<{ position: string | null }>('SELECT position FROM staff_member WHERE id = $1', [staffId]);
  return rows[0]?.position ?? null;
}
/**
 * A unit's scores in the year's campaign (the nomination's, else the yearly campaign the unit takes part in): the
 * campaign, each criterion with its weight and the unit's score (null when unscored).
 */
export async function campaignScoresOf(
  db: Db,
  orgUnitId: number,
  year: number,
  campaignId: number | null,
): Promise<{ campaign: { id: number; nameVi: string; directiveNumber: string | null }; criteria: { nameVi: string; weight: number; score: number | null }[] } | null> {
  const { rows: c } = await db.query<{ id: number; nameVi: string; directiveNumber: string | null }>(
    `SELECT c.id, c.name_vi AS "nameVi", c.directive_number AS "directiveNumber" FROM emulation_campaign c JOIN emulation_participant p ON p.campaign_id = c.id
     WHERE p.org_unit_id = $1 AND ($3::int IS NULL AND c.year = $2 OR c.id = $3) ORDER BY (c.kind = 'YEARLY') DESC, c.id LIMIT 1`,
    [orgUnitId, year, campaignId],
  );
  if (!c[0]) return null;
  const { rows } = await db.query<{ nameVi: string; weight: number; score: number | null }>(
    `SELECT k.name_vi AS "nameVi", k.weight::float8 AS weight, s.score::float8 AS score FROM emulation_criterion k
     LEFT JOIN emulation_score s ON s.criterion_id = k.id AND s.org_unit_id = $2 WHERE k.campaign_id = $1 ORDER BY k.id`,
    [c[0].id, orgUnitId],
  );
  return { campaign: c[0], criteria: rows };
}

export async function setCommentWindow(db: Db, id: number, opensOn: string, closesOn: string, notice: string | null): Promise<void> {
  await db.query('UPDATE emulation_nomination SET comment_opens_on = $2, comment_closes_on = $3, comment_notice = $4 WHERE id = $1', [id, opensOn, closesOn, notice]);
}
export interface CommentRow {
  id: number;
  commenter: string;
  content: string;
  receivedOn: string;
  recordedBy: string;
}
export async function insertComment(db: Db, c: { nominationId: number; commenter: string; content: string; receivedOn: string; recordedBy: string }): Promise<number> {
  const { rows } = await db.query<{ id: number }>('INSERT INTO emulation_nomination_comment (nomination_id, commenter, content, received_on, recorded_by) VALUES ($1,$2,$3,$4,$5) RETURNING id', [
    c.nominationId,
    c.commenter,
    c.content,
    c.receivedOn,
    c.recordedBy,
  ]);
  return rows[0]!.id;
}
export async function listComments(db: Db, nominationId: number): Promise<CommentRow[]> {
  const { rows } = await db.query<CommentRow>(
    `SELECT id, commenter, content, to_char(received_on, 'YYYY-MM-DD') AS "receivedOn", recorded_by AS "recordedBy" FROM emulation_nomination_comment WHERE nomination_id = $1 ORDER BY received_on, id`,
    [nominationId],
  );
  return rows;
}
