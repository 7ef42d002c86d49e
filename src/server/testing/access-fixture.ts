/**
 * The world of the access walk: a country with two provinces, A and B, each with a child unit, a
 * monthly regime both report under, values, report statuses, an indicator, targets, alerts,
 * a validation rule, API tokens and users. Callers scoped to A must never read or change B.
 * Everything that belongs to B carries the marker "Beta" in its name or "B" in its code, so an
 * answer that leaks B can be recognised by its text.
 */
import assert from 'node:assert/strict';
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { ROLES, type Role } from '../access.ts';
import type { Db } from '../db/db.ts';
import { evaluateAlertsForValues } from '../modules/alerts/service.ts';
import { createTestApp, insertOrgUnit, TEST_PASSWORD, type TestApp } from './test-app.ts';

/** 5 March 2023, 10:00 in Viet Nam: under Decree 09 the monthly period 202302 is open for entry. */
export const WALK_NOW = '2023-03-05T03:00:00Z';
export const OPEN_PERIOD = '202302';
export const PAST_PERIOD = '202301';

/** Texts that only B's data carries: an answer to an A-scoped caller must contain none of them. */
export const B_MARKERS = ['TINH_B', 'XA_B1', 'Beta', 'nguoi-dung-b'] as const;

/** The A-scoped callers: one user per role, and an API token. */
export type ActorName = Role | 'TOKEN';
export const A_ACTORS: readonly ActorName[] = [...ROLES, 'TOKEN'];

export interface Caller {
  name: ActorName | 'ANONYMOUS' | 'SYSTEM_ADMIN';
  headers: Record<string, string>;
}

export interface AccessFixture {
  t: TestApp;
  /** System-wide administrator, used to build the world and to read it back. */
  systemAdmin: Caller;
  anonymous: Caller;
  /** A-scoped callers by name. */
  actors: Record<ActorName, Caller>;
  /** Signs an A-scoped user in again: a session of its own, e.g. for sign-out. */
  freshSession: (name: Role) => Promise<Caller>;
  send: (caller: Caller, request: InjectOptions) => Promise<LightMyRequestResponse>;
  /** Waits for the alert evaluations that committed writes started in the background. */
  settle: () => Promise<void>;
  ids: {
    unitA: number;
    unitB: number;
    systemAdmin: number;
    userB: number;
    /** The A-scoped user holding the role. */
    usersA: Record<Role, number>;
    tokenB: number;
    targetA: number;
    targetB: number;
    alertA: number;
    alertB: number;
    notificationB: number;
    /** A background job of B's user about B. */
    jobB: string;
    /** A finished DHIS2 async import of B's user about B. */
    importJobB: string;
    /** The audit entry of the one request that wrote values of both provinces. */
    valuesWriteAudit: number;
    /** Open data releases announced by A's and B's publishers (datasets DL_ALPHA and DL_BETA). */
    releaseA: number;
    releaseB: number;
    /** Tasks led by A and by B, and an evidence file of B's task. */
    taskA: number;
    taskB: number;
    evidenceB: number;
    /** B's monthly briefings: a draft, and a finalised one with a conclusion (not yet a task). */
    briefingB: number;
    briefingFinalB: number;
    /** An analysis saved by B's user. */
    analysisB: number;
    /** Staff of A (the reporting officer's own record) and of B (B's user), and B's pending appeal of a decided 2022 rating. */
    staffA: number;
    staffB: number;
    appealB: number;
    /** Emulation (of the same staff member B): campaign, registration, initiative, nomination, open council session and decision; A's campaign. */
    campaignA: number;
    campaignB: number;
    registrationB: number;
    nominationB: number;
    sessionB: number;
    decisionB: number;
    /** Takedown letters and cases sent by A and by B (both monitoring units), and an evidence file of B's case. */
    takedownBatchA: number;
    takedownBatchB: number;
    takedownCaseB: number;
    takedownEvidenceB: number;
    /** Commitments of an official of A (linked to A's task, and a reviewer-judged result with an evidence file) and of B. */
    commitmentA: number;
    commitmentReviewResultA: number;
    commitmentEvidenceA: number;
    commitmentB: number;
    commitmentReviewResultB: number;
    commitmentEvidenceB: number;
  };
  /** The world's codes, for the probes. */
  codes: { regime: string; element: string; disaggregatedElement: string; indicator: string; spareIndicator: string; validationRule: string; alertRule: string; group: string };
  /** A filled Excel template of province B (downloaded by the system administrator, one value changed). */
  templateOfB: Buffer;
}

const usernameOf = (role: Role) => `a-${role.toLowerCase().replace(/_/g, '-')}`;

async function idOf(db: Db, sql: string, params: unknown[]): Promise<number> {
  const { rows } = await db.query<{ id: number }>(sql, params);
  assert.ok(rows[0], `fixture row missing: ${sql} ${JSON.stringify(params)}`);
  return rows[0].id;
}

/** Builds the world through the product's own APIs where it can, as a system-wide administrator. */
export async function createAccessFixture(): Promise<AccessFixture> {
  // Sessions and token expiry follow the application clock, so the whole world lives on 5 March 2023.
  const t = await createTestApp({ clock: () => new Date(WALK_NOW) });
  const send = (caller: Caller, request: InjectOptions) => t.app.inject({ ...request, headers: { ...caller.headers, ...(request.headers as Record<string, string> | undefined) } });
  const signIn = async (username: string, name: Caller['name']): Promise<Caller> => {
    const res = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password: TEST_PASSWORD } });
    assert.equal(res.statusCode, 200, `sign-in of ${username}: ${res.body}`);
    const cookie = res.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
    return { name, headers: { cookie, 'x-csrf-token': res.json().csrfToken } };
  };

  await insertOrgUnit(t.db, 'VN', 'Việt Nam', null);
  const unitA = await insertOrgUnit(t.db, 'TINH_A', 'Tỉnh Alpha', 'VN');
  const unitB = await insertOrgUnit(t.db, 'TINH_B', 'Tỉnh Beta', 'VN');
  await insertOrgUnit(t.db, 'XA_A1', 'Xã Alpha Một', 'TINH_A');
  await insertOrgUnit(t.db, 'XA_B1', 'Xã Beta Một', 'TINH_B');

  const systemAdminId = await t.createUser('quan-tri', [{ role: 'ADMIN', orgUnit: null }]);
  const systemAdmin = await signIn('quan-tri', 'SYSTEM_ADMIN');
  const ok = async (request: InjectOptions, status = [200, 201, 204]): Promise<LightMyRequestResponse> => {
    const res = await send(systemAdmin, request);
    assert.ok(status.includes(res.statusCode), `fixture ${request.method} ${request.url}: ${res.statusCode} ${res.body}`);
    return res;
  };

  await ok({ method: 'POST', url: '/api/orgUnitGroups', payload: { code: 'TINH', kind: 'GROUP', nameVi: 'Các tỉnh', members: ['TINH_A', 'TINH_B'] } });
  await ok({ method: 'POST', url: '/api/orgUnitGroups', payload: { code: 'VIEN_THONG', kind: 'SECTOR', nameVi: 'Viễn thông' } });
  await ok({
    method: 'POST',
    url: '/api/disaggregations',
    payload: {
      code: 'NEN_TANG',
      nameVi: 'Nền tảng',
      options: [
        { code: 'FB', nameVi: 'Facebook' },
        { code: 'YT', nameVi: 'YouTube' },
      ],
    },
  });
  await ok({ method: 'POST', url: '/api/dataElements', payload: { code: 'THUE_BAO', nameVi: 'Số thuê bao', valueType: 'INTEGER', aggregationType: 'SUM', sector: 'VIEN_THONG', minValue: 0 } });
  await ok({ method: 'POST', url: '/api/dataElements', payload: { code: 'ND_GO', nameVi: 'Nội dung xấu đã gỡ', valueType: 'INTEGER', aggregationType: 'SUM', disaggregation: 'NEN_TANG' } });
  await ok({
    method: 'POST',
    url: '/api/regimes',
    payload: {
      code: 'BC_THANG',
      nameVi: 'Báo cáo tháng',
      periodType: 'MONTHLY',
      cutoffRule: 'DECREE_09',
      deadlineDays: 2,
      sections: [{ code: 'VT', nameVi: 'Viễn thông', elements: [{ dataElement: 'THUE_BAO' }, { dataElement: 'ND_GO' }] }],
      assignments: [{ group: 'TINH' }, { level: 3 }],
    },
  });
  await ok({ method: 'POST', url: '/api/indicators', payload: { code: 'CT_THUE_BAO', nameVi: 'Thuê bao', numerator: '#{THUE_BAO}', sector: 'VIEN_THONG' } });
  await ok({ method: 'POST', url: '/api/indicators', payload: { code: 'CT_DU_PHONG', nameVi: 'Chỉ tiêu dự phòng', numerator: '#{ND_GO}' } });
  await ok({ method: 'POST', url: '/api/validation-rules', payload: { code: 'VR_THUE_BAO', nameVi: 'Thuê bao không âm', leftExpression: '#{THUE_BAO}', operator: 'GE', rightExpression: '0' } });
  await ok({ method: 'POST', url: '/api/alert-rules', payload: { code: 'TRE_HAN', nameVi: 'Báo cáo trễ hạn', type: 'REPORT_LATE', regime: 'BC_THANG' } });

  // Values of both provinces and their children, through the write path (history included).
  const values = [];
  for (const [unit, base] of [
    ['TINH_A', 100],
    ['XA_A1', 10],
    ['TINH_B', 200],
    ['XA_B1', 20],
  ] as const) {
    for (const [period, n] of [
      [PAST_PERIOD, 0],
      [OPEN_PERIOD, 1],
    ] as const) {
      values.push({ dataElement: 'THUE_BAO', period, orgUnit: unit, value: String(base + n) });
      values.push({ dataElement: 'ND_GO', period, orgUnit: unit, option: 'FB', value: String(base / 10 + n) });
    }
  }
  const imported = await ok({ method: 'POST', url: '/api/dataValueSets', payload: { dataValues: values } });
  assert.equal(imported.json().response.importCount.imported, values.length, imported.body);
  const valuesWriteAudit = await idOf(t.db, "SELECT id FROM audit_log WHERE action = 'dataValues.write' ORDER BY id LIMIT 1", []);

  // Report statuses: B's report is submitted (approve/return would act on it), its past one approved (reopen would).
  const regimeId = await idOf(t.db, "SELECT id FROM report_regime WHERE code = 'BC_THANG'", []);
  const periodId = (iso: string) => idOf(t.db, 'SELECT id FROM period WHERE iso = $1', [iso]);
  for (const [unit, period, status] of [
    ['TINH_B', OPEN_PERIOD, 'SUBMITTED'],
    ['TINH_A', OPEN_PERIOD, 'SUBMITTED'],
    ['TINH_B', PAST_PERIOD, 'APPROVED'],
    ['XA_B1', PAST_PERIOD, 'SUBMITTED'],
  ] as const) {
    await t.db.query(
      `INSERT INTO report_status (regime_id, period_id, org_unit_id, status, is_late, submitted_at, submitted_by, updated_at)
       SELECT $1, $2, id, $4, false, now(), 'quan-tri', now() FROM org_unit WHERE code = $3`,
      [regimeId, await periodId(period), unit, status],
    );
  }

  const targetA = (
    await ok({ method: 'POST', url: '/api/targets', payload: { indicator: 'CT_THUE_BAO', orgUnit: 'TINH_A', targetPeriod: '2023', targetValue: 150, sourceDocument: 'Nghị quyết Alpha' } })
  ).json().id as number;
  const targetB = (
    await ok({ method: 'POST', url: '/api/targets', payload: { indicator: 'CT_THUE_BAO', orgUnit: 'TINH_B', targetPeriod: '2023', targetValue: 300, sourceDocument: 'Nghị quyết Beta' } })
  ).json().id as number;

  // Open data: a dataset published by each province, each with a release announced (not yet public).
  const openDataset = (code: string, publisher: string, title: string) =>
    ok({
      method: 'POST',
      url: '/api/opendata/datasets',
      payload: { code, titleVi: title, titleEn: title, descriptionVi: title, descriptionEn: title, publisher, periodType: 'MONTHLY', firstPeriod: PAST_PERIOD, levels: [2], items: ['CT_THUE_BAO'] },
    });
  await openDataset('DL_ALPHA', 'TINH_A', 'Dữ liệu Alpha');
  await openDataset('DL_BETA', 'TINH_B', 'Dữ liệu Beta');
  const announce = async (code: string) =>
    (
      await ok({ method: 'POST', url: `/api/opendata/datasets/${code}/releases`, payload: { releaseAt: new Date(Date.parse(WALK_NOW) + 7 * 86_400_000).toISOString(), lastPeriod: OPEN_PERIOD } })
    ).json().id as number;
  const releaseA = await announce('DL_ALPHA');
  const releaseB = await announce('DL_BETA');

  const usersA = {} as Record<Role, number>;
  for (const role of ROLES) usersA[role] = await t.createUser(usernameOf(role), [{ role, orgUnit: 'TINH_A' }]);
  const userB = await t.createUser('nguoi-dung-b', [{ role: 'REPORTING_OFFICER', orgUnit: 'TINH_B' }]);
  await t.db.query('UPDATE app_user SET display_name = $2 WHERE id = $1', [userB, 'Cán bộ Beta']);
  // The scheduled evaluation raises late-report alerts for the child units and notifies, by scope, who may act on them.
  const evaluation = await ok({ method: 'POST', url: '/api/alerts/evaluate' });
  const lateUnits = await t.db.query<{ code: string }>("SELECT DISTINCT ou.code FROM alert a JOIN org_unit ou ON ou.id = a.org_unit_id WHERE ou.code IN ('XA_A1', 'XA_B1') ORDER BY 1");
  assert.deepEqual(
    lateUnits.rows.map((r) => r.code),
    ['XA_A1', 'XA_B1'],
    `late-report alerts for both child units: ${evaluation.body}`,
  );

  const alertRuleId = await idOf(t.db, "SELECT id FROM alert_rule WHERE code = 'TRE_HAN'", []);
  const insertAlert = (unitId: number, title: string) =>
    idOf(t.db, `INSERT INTO alert (rule_id, type, severity, org_unit_id, period, title_vi, title_en) VALUES ($1, 'REPORT_LATE', 'WARNING', $2, $3, $4, $4) RETURNING id`, [
      alertRuleId,
      unitId,
      OPEN_PERIOD,
      title,
    ]);
  const alertA = await insertAlert(unitA, 'Báo cáo trễ hạn: Tỉnh Alpha');
  const alertB = await insertAlert(unitB, 'Báo cáo trễ hạn: Tỉnh Beta');

  const analysisB = await idOf(t.db, "INSERT INTO saved_analysis (owner_user_id, name, query) VALUES ($1, 'Phân tích Beta', 'dx=TL_BETA&pe=LAST_12_MONTHS&ou=TINH_B') RETURNING id", [userB]);
  const notificationB = await idOf(t.db, 'INSERT INTO alert_notification (alert_id, user_id) VALUES ($1, $2) RETURNING id', [alertB, userB]);
  for (const role of ROLES) await t.db.query('INSERT INTO alert_notification (alert_id, user_id) VALUES ($1, $2)', [alertA, usersA[role]]);

  const jobB = (
    await t.db.query<{ id: string }>(`INSERT INTO job (kind, status, created_by_user_id, created_by, org_unit_id) VALUES ('excel-upload', 'DONE', $1, 'nguoi-dung-b', $2) RETURNING id`, [userB, unitB])
  ).rows[0].id;

  // What a finished import answered: the WebMessage around its ImportSummary (data-values/dhis2.ts).
  const IMPORT_ANSWER = {
    httpStatus: 'OK',
    httpStatusCode: 200,
    status: 'OK',
    message: 'Import was successful.',
    response: {
      responseType: 'ImportSummary',
      status: 'SUCCESS',
      importOptions: {
        idSchemes: { idScheme: 'CODE' },
        dryRun: false,
        async: true,
        importStrategy: 'CREATE_AND_UPDATE',
        firstRowIsHeader: true,
        requireCategoryOptionCombo: false,
        requireAttributeOptionCombo: false,
        atomic: false,
      },
      description: 'Import done',
      importCount: { imported: 1, updated: 0, ignored: 0, deleted: 0 },
      conflicts: [],
      rejectedIndexes: [],
      dataSetComplete: 'false',
      conflictCount: 0,
      total: 1,
      atomic: false,
    },
  };
  const importJobB = (
    await t.db.query<{ id: string }>(
      `INSERT INTO job (kind, status, created_by_user_id, created_by, org_unit_id, result) VALUES ('datavalue-import', 'DONE', $1, 'nguoi-dung-b', $2, $3::jsonb) RETURNING id`,
      [userB, unitB, JSON.stringify(IMPORT_ANSWER)],
    )
  ).rows[0].id;
  const task = (unit: string, title: string) => ({
    title,
    sourceKind: 'BRIEFING',
    sourceNumber: '1/TB',
    assignerName: 'Chủ tịch',
    assigningOrgUnit: unit,
    leadOrgUnit: unit,
    startDate: '2023-03-01',
    dueDate: '2023-03-31',
  });
  const taskA = (await ok({ method: 'POST', url: '/api/tasks', payload: task('TINH_A', 'Nhiệm vụ Alpha') })).json().id as number;
  const taskB = (await ok({ method: 'POST', url: '/api/tasks', payload: task('TINH_B', 'Nhiệm vụ Beta') })).json().id as number;
  const evidenceB = (await ok({ method: 'POST', url: `/api/tasks/${taskB}/evidence`, ...multipartFile(Buffer.from('%PDF-1.4\n%%EOF\n'), 'minh-chung-beta.pdf') })).json().id as number;
  const briefingB = (await ok({ method: 'POST', url: '/api/briefings', payload: { month: OPEN_PERIOD, orgUnit: 'TINH_B' } })).json().id as number;
  const finalB = (await ok({ method: 'POST', url: '/api/briefings', payload: { month: PAST_PERIOD, orgUnit: 'TINH_B' } })).json() as { id: number; version: number };
  const withConclusion = (
    await ok({ method: 'PUT', url: `/api/briefings/${finalB.id}/conclusions`, payload: { items: [{ text: 'Kết luận Beta', leadOrgUnit: 'TINH_B', dueDate: '2099-12-31' }], version: finalB.version } })
  ).json() as { version: number };
  await ok({ method: 'POST', url: `/api/briefings/${finalB.id}/finalise`, payload: { version: withConclusion.version } });
  const briefingFinalB = finalB.id;

  const commitment = (unit: string, name: string, taskId: number) => ({
    officialName: `Cán bộ ${name}`,
    officialPosition: `Giám đốc Sở ${name}`,
    orgUnit: unit,
    title: `Cam kết ${name}`,
    startDate: '2023-01-01',
    endDate: '2023-12-31',
    results: [
      { title: `Kết quả ${name}`, tasks: [taskId] },
      { title: `Đánh giá ${name}`, reviewerJudged: true },
    ],
  });
  const commitmentOf = async (unit: string, name: string, taskId: number) => {
    const c = (await ok({ method: 'POST', url: '/api/commitments', payload: commitment(unit, name, taskId) })).json() as { id: number; results: { id: number }[] };
    const evidence = (
      await ok({ method: 'POST', url: `/api/commitments/${c.id}/results/${c.results[1].id}/evidence`, ...multipartFile(Buffer.from('%PDF-1.4\n%%EOF\n'), `minh-chung-${name.toLowerCase()}.pdf`) })
    ).json().id as number;
    return { id: c.id, review: c.results[1].id, evidence };
  };
  const commitmentA = await commitmentOf('TINH_A', 'Alpha', taskA);
  const commitmentB = await commitmentOf('TINH_B', 'Beta', taskB);

  // Staff evaluation: a civil servant of each province, linked to their account; B's 2022 rating decided and appealed.
  const staffA = await idOf(t.db, `INSERT INTO staff_member (full_name, org_unit_id, kind, user_id) VALUES ('Công chức Alpha', $1, 'CONG_CHUC', $2) RETURNING id`, [unitA, usersA.REPORTING_OFFICER]);
  const staffB = await idOf(t.db, `INSERT INTO staff_member (full_name, org_unit_id, kind, user_id) VALUES ('Công chức Beta', $1, 'CONG_CHUC', $2) RETURNING id`, [unitB, userB]);
  await t.db.query('UPDATE task SET responsible_staff_id = $1 WHERE id = $2', [staffA, taskA]);
  await t.db.query('UPDATE task SET responsible_staff_id = $1 WHERE id = $2', [staffB, taskB]);
  await t.db.query(
    `INSERT INTO evaluation_year (staff_id, year, rule_set_id, self_assessment, self_rating, self_at, manager_comment, manager_rating, manager_at, decided_rating, decided_at)
     VALUES ($1, 2022, 'DECREE_90_2020_48_2023', 'Tự đánh giá Beta', 'HTXSNV', now(), 'Nhận xét Beta', 'HTTNV', now(), 'HTTNV', now())`,
    [staffB],
  );
  const appealB = await idOf(t.db, `INSERT INTO evaluation_appeal (staff_id, year, reason) VALUES ($1, 2022, 'Khiếu nại Beta') RETURNING id`, [staffB]);
  // Emulation and commendation: B's world (a person with a year of history, a campaign with a registration, a
  // nomination put to an open council session whose one member is B's user, a decision), and A's campaign.
  await ok({ method: 'POST', url: '/api/emulation/history', payload: { year: 2022, staffId: staffB, rating: 'HTTNV' } });
  const campaign = (unit: string, code: string) => ({
    code,
    nameVi: `Phong trào ${code}`,
    kind: 'YEARLY',
    year: 2023,
    orgUnit: unit,
    startsOn: '2023-01-01',
    endsOn: '2023-12-31',
    registrationDeadline: '2023-12-31',
    participants: [{ orgUnit: unit, cluster: 'Khối tỉnh' }],
  });
  const campaignA = (await ok({ method: 'POST', url: '/api/emulation/campaigns', payload: campaign('TINH_A', 'PT_ALPHA') })).json().id as number;
  const campaignB = (await ok({ method: 'POST', url: '/api/emulation/campaigns', payload: campaign('TINH_B', 'PT_BETA') })).json().id as number;
  await ok({ method: 'POST', url: `/api/emulation/campaigns/${campaignB}/criteria`, payload: { code: 'TC_BETA', nameVi: 'Tiêu chí Beta', weight: 100, source: 'REVIEWER' } });
  const registrationB = (await ok({ method: 'POST', url: `/api/emulation/campaigns/${campaignB}/registrations`, payload: { orgUnit: 'TINH_B', staffId: staffB, award: 'LDTT' } })).json().id as number;
  await ok({
    method: 'POST',
    url: '/api/emulation/initiatives',
    payload: { title: 'Sáng kiến Beta', staffId: staffB, year: 2022, scope: 'UNIT', decisionNumber: '1/QĐ-BETA', decisionDate: '2022-12-01' },
  });
  const nominationB = (await ok({ method: 'POST', url: '/api/emulation/nominations', payload: { year: 2022, award: 'LDTT', staffId: staffB, proposingOrgUnit: 'TINH_B', on: '2023-01-10' } })).json()
    .id as number;
  const sessionB = (
    await ok({
      method: 'POST',
      url: '/api/emulation/sessions',
      payload: { title: 'Hội đồng Beta', orgUnit: 'TINH_B', year: 2022, opensAt: '2023-03-01T00:00:00Z', closesAt: '2023-03-31T00:00:00Z', members: ['nguoi-dung-b'], nominationIds: [nominationB] },
    })
  ).json().id as number;
  const decisionB = await idOf(
    t.db,
    `INSERT INTO emulation_decision (number, decision_date, signer, org_unit_id, title) VALUES ('9/QĐ-BETA', '2023-01-20', 'Chủ tịch', $1, 'Khen thưởng Beta') RETURNING id`,
    [unitB],
  );
  await t.db.query(
    `INSERT INTO emulation_award (year, award, staff_member_id, org_unit_id, decision_id, decision_number, decision_date, cash_amount) VALUES (2022, 'GIAY_KHEN', $1, NULL, $2, '9/QĐ-BETA', '2023-01-20', NULL)`,
    [staffB, decisionB],
  );
  await ok({ method: 'POST', url: '/api/takedown/platforms', payload: { code: 'FACEBOOK', nameVi: 'Facebook' } });
  await ok({ method: 'POST', url: '/api/takedown/monitoringUnits', payload: { orgUnit: 'TINH_A' } });
  await ok({ method: 'POST', url: '/api/takedown/monitoringUnits', payload: { orgUnit: 'TINH_B' } });
  const letter = (unit: string, n: string) => ({ orgUnit: unit, platform: 'FACEBOOK', letterNumber: n, letterDate: '2023-03-01', sentAt: '2023-03-01T09:00:00+07:00' });
  const takedownBatchA = (await ok({ method: 'POST', url: '/api/takedown/batches', payload: letter('TINH_A', '1/Alpha') })).json().id as number;
  const takedownBatchB = (await ok({ method: 'POST', url: '/api/takedown/batches', payload: letter('TINH_B', '1/Beta') })).json().id as number;
  const takedownCase = { violationKind: 'FRAUD', legalBasis: 'Điều 8 Luật An ninh mạng', foundBy: 'MONITORING' };
  await ok({ method: 'POST', url: `/api/takedown/batches/${takedownBatchA}/cases`, payload: { ...takedownCase, url: 'https://www.facebook.com/alpha/posts/1', account: 'Alpha' } });
  const takedownCaseB = (
    await ok({ method: 'POST', url: `/api/takedown/batches/${takedownBatchB}/cases`, payload: { ...takedownCase, url: 'https://www.facebook.com/beta/posts/1', account: 'Beta' } })
  ).json().id as number;
  const takedownEvidenceB = (await ok({ method: 'POST', url: `/api/takedown/cases/${takedownCaseB}/evidence`, ...multipartFile(Buffer.from('%PDF-1.4\n%%EOF\n'), 'anh-beta.pdf') })).json()
    .id as number;

  const tokenA = (await ok({ method: 'POST', url: '/api/tokens', payload: { name: 'May chu Alpha', orgUnit: 'TINH_A', role: 'REPORTING_OFFICER' } })).json();
  const tokenB = (await ok({ method: 'POST', url: '/api/tokens', payload: { name: 'May chu Beta', orgUnit: 'TINH_B', role: 'REPORTING_OFFICER' } })).json();

  // B's template with one value changed: uploading it must not reach B's data.
  const template = await ok({ method: 'GET', url: `/api/regimes/BC_THANG/template.xlsx?period=${OPEN_PERIOD}&orgUnit=TINH_B` });
  const templateOfB = await changeOneTemplateValue(template.rawPayload);

  // An empty evaluation queues behind any running one: when it is done, the world holds still.
  const settle = async () => {
    await evaluateAlertsForValues(t.db, { elementIds: [], orgUnitIds: [], periodIds: [] });
  };
  await settle();

  const actors = {} as Record<ActorName, Caller>;
  for (const role of ROLES) actors[role] = await signIn(usernameOf(role), role);
  actors.TOKEN = { name: 'TOKEN', headers: { authorization: `Bearer ${tokenA.token}` } };

  return {
    t,
    systemAdmin,
    anonymous: { name: 'ANONYMOUS', headers: {} },
    actors,
    freshSession: (role) => signIn(usernameOf(role), role),
    send,
    settle,
    ids: {
      unitA,
      unitB,
      systemAdmin: systemAdminId,
      userB,
      usersA,
      tokenB: tokenB.id,
      targetA,
      targetB,
      alertA,
      alertB,
      notificationB,
      jobB,
      importJobB,
      valuesWriteAudit,
      releaseA,
      releaseB,
      taskA,
      taskB,
      evidenceB,
      briefingB,
      briefingFinalB,
      analysisB,
      staffA,
      staffB,
      appealB,
      campaignA,
      campaignB,
      registrationB,
      nominationB,
      sessionB,
      decisionB,
      takedownBatchA,
      takedownBatchB,
      takedownCaseB,
      takedownEvidenceB,
      commitmentA: commitmentA.id,
      commitmentReviewResultA: commitmentA.review,
      commitmentEvidenceA: commitmentA.evidence,
      commitmentB: commitmentB.id,
      commitmentReviewResultB: commitmentB.review,
      commitmentEvidenceB: commitmentB.evidence,
    },
    codes: {
      regime: 'BC_THANG',
      element: 'THUE_BAO',
      disaggregatedElement: 'ND_GO',
      indicator: 'CT_THUE_BAO',
      spareIndicator: 'CT_DU_PHONG',
      validationRule: 'VR_THUE_BAO',
      alertRule: 'TRE_HAN',
      group: 'TINH',
    },
    templateOfB,
  };
}

/** Adds 1 to the first numeric input cell of the template (below the hidden code row and column). */
async function changeOneTemplateValue(bytes: Buffer): Promise<Buffer> {
  const { default: ExcelJS } = await import('exceljs');
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  for (const ws of wb.worksheets) {
    for (let r = 2; r <= ws.rowCount; r++) {
      const key = ws.getCell(r, 1).value;
      if (typeof key !== 'string' || !key.startsWith('THUE_BAO')) continue;
      for (let c = 5; c <= ws.columnCount; c++) {
        const cell = ws.getCell(r, c);
        if (typeof cell.value === 'number') {
          cell.value = cell.value + 1;
          return Buffer.from((await wb.xlsx.writeBuffer()) as ArrayBuffer);
        }
      }
    }
  }
  throw new Error('the template of B has no numeric value to change');
}

/** A multipart body carrying one file in the field "file". */
export function multipartFile(bytes: Buffer, fileName: string): { payload: Buffer; headers: Record<string, string> } {
  const boundary = '----tiendo-access-walk';
  const head = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\nContent-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet\r\n\r\n`;
  return {
    payload: Buffer.concat([Buffer.from(head), bytes, Buffer.from(`\r\n--${boundary}--\r\n`)]),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}

/**
 * A fingerprint of everything a denied write must leave alone: one hash per table (columns that
 * change on every sign-in or token use are left out). Periods, audit, sessions and idempotency keys
 * are bookkeeping and are not compared.
 */
export async function snapshotData(db: Db): Promise<Record<string, string>> {
  const sources: Record<string, string> = {
    org_unit: 'org_unit',
    org_unit_group: 'org_unit_group',
    org_unit_group_member: 'org_unit_group_member',
    org_unit_lineage: 'org_unit_lineage',
    app_user: '(SELECT id, username, display_name, email, is_active, password_hash, must_change_password, language FROM app_user)',
    role_assignment: 'role_assignment',
    api_token: '(SELECT id, name, org_unit_id, role, expires_at, revoked_at FROM api_token)',
    disaggregation: 'disaggregation',
    disaggregation_option: 'disaggregation_option',
    data_element: 'data_element',
    report_regime: 'report_regime',
    report_regime_assignment: 'report_regime_assignment',
    report_regime_section: 'report_regime_section',
    report_regime_element: 'report_regime_element',
    data_value: 'data_value',
    data_value_history: 'data_value_history',
    report_status: 'report_status',
    validation_rule: 'validation_rule',
    validation_result: 'validation_result',
    indicator: 'indicator',
    target: 'target',
    alert_rule: 'alert_rule',
    alert: 'alert',
    alert_notification: 'alert_notification',
    app_setting: 'app_setting',
    task: 'task',
    briefing: 'briefing',
    outgoing_document: 'outgoing_document',
    briefing_conclusion_task: 'briefing_conclusion_task',
    task_co_unit: 'task_co_unit',
    task_link: 'task_link',
    task_update: 'task_update',
    task_evidence: 'task_evidence',
    saved_analysis: 'saved_analysis',
    staff_member: 'staff_member',
    evaluation_rule_version: '(SELECT rule_set_id, name, effective_from, config FROM evaluation_rule_version)',
    evaluation_task_mark: '(SELECT task_id, product_kind, quality_errors, exceeded, note FROM evaluation_task_mark)',
    evaluation_general_score: '(SELECT staff_id, period, points, comment FROM evaluation_general_score)',
    evaluation_period_score: '(SELECT staff_id, period, task_points, general_points, sources FROM evaluation_period_score)',
    evaluation_year: 'evaluation_year',
    evaluation_appeal: 'evaluation_appeal',
    emulation_campaign: 'emulation_campaign',
    emulation_participant: 'emulation_participant',
    emulation_criterion: 'emulation_criterion',
    emulation_score: 'emulation_score',
    emulation_registration: 'emulation_registration',
    emulation_initiative: 'emulation_initiative',
    emulation_person_year: 'emulation_person_year',
    emulation_unit_year: 'emulation_unit_year',
    emulation_award: 'emulation_award',
    emulation_nomination: 'emulation_nomination',
    emulation_decision: 'emulation_decision',
    council_session: '(SELECT id, title, org_unit_id, status, result FROM council_session)',
    council_member: 'council_member',
    council_token_issue: 'council_token_issue',
    council_ballot: 'council_ballot',
    takedown_platform: 'takedown_platform',
    takedown_monitoring_unit: 'takedown_monitoring_unit',
    takedown_batch: 'takedown_batch',
    takedown_case: 'takedown_case',
    takedown_evidence: 'takedown_evidence',
    takedown_answer: 'takedown_answer',
    takedown_recheck: 'takedown_recheck',
    takedown_threshold: 'takedown_threshold',
    commitment: 'commitment',
    commitment_result: 'commitment_result',
    commitment_link: 'commitment_link',
    commitment_evidence: 'commitment_evidence',
  };
  const sql = Object.entries(sources)
    .map(([name, from]) => `SELECT '${name}' AS name, md5(coalesce(string_agg(x::text, '|' ORDER BY x::text), '')) AS hash FROM ${from} x`)
    .join(' UNION ALL ');
  const { rows } = await db.query<{ name: string; hash: string }>(sql);
  return Object.fromEntries(rows.map((r) => [r.name, r.hash]));
}
