/**
 * The access walk: every route of the API, called by anonymous and by every role scoped to
 * province A (and an API token of A), with a request aimed at province B. A caller of A may read
 * global metadata and its own subtree, never B's data, and a write aimed at B changes nothing.
 * A route added without an entry in buildAccessTable fails the first test, by name.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import type { Role } from './access.ts';
import { A_ACTORS, B_MARKERS, createAccessFixture, multipartFile, OPEN_PERIOD, PAST_PERIOD, snapshotData, type AccessFixture, type ActorName, type Caller } from './testing/access-fixture.ts';

type Expectation =
  /** Every A-scoped caller is refused (401/403/404, or one of the named refusals) and nothing changes. */
  | { kind: 'deny'; refusals?: readonly { status: number; code: string }[] }
  /** The listed callers (default: all) get 200 without any of B's data; the others are refused. */
  | { kind: 'filtered'; roles?: readonly ActorName[]; mustContain?: string }
  /** Global metadata: every signed-in caller may read it. */
  | { kind: 'allowSignedIn' }
  /** A public route aimed at what is not public (an unpublished dataset): 404 for everybody, administrators included. */
  | { kind: 'publicHidden' }
  /** The caller's own account: users get `userStatus` (default 2xx), tokens `tokenStatus` (default 401). */
  | { kind: 'self'; userStatus?: number; tokenStatus?: readonly number[]; mustContain?: string };

interface Probe {
  method: string;
  url: string;
  payload?: InjectOptions['payload'] | Record<string, unknown> | unknown[];
  headers?: Record<string, string>;
  expect: Expectation;
  /** Sent on a session of its own (sign-out would end the caller's shared session). */
  ownSession?: boolean;
  /**
   * Not replayed by the system administrator in the control test: the probe is refused to everybody
   * but its owner (B's notification), or would end the administrator's own session (its password reset).
   */
  noReplay?: boolean;
}

/** A probe inside A that the listed callers must be able to do, and the others not. */
interface InsideProbe {
  route: string;
  url: string;
  payload?: (actor: ActorName) => unknown;
  allow: readonly ActorName[];
  /** SQL run before each caller so that every one starts from the same state. */
  reset?: string;
  refusal?: { status: number; code: string };
}

const deny: Expectation = { kind: 'deny' };
const signedIn: Expectation = { kind: 'allowSignedIn' };
const filtered: Expectation = { kind: 'filtered' };
const adminsOnly: Expectation = { kind: 'filtered', roles: ['ADMIN'] };
const outOfScope = { status: 422, code: 'ORG_UNIT_OUT_OF_SCOPE' };

/** Routes that document the API itself, served by the OpenAPI plugin to anyone. */
const isDocsRoute = (url: string) => url === '/api/docs' || url.startsWith('/api/docs/');

/** One entry per route, keyed exactly as the app's routeList prints it ("METHOD /url"). */
function buildAccessTable(f: AccessFixture, files: { taskListOfB: Buffer }): Record<string, Probe[]> {
  const { regime, element, disaggregatedElement, indicator, spareIndicator, validationRule, alertRule, group } = f.codes;
  const P = OPEN_PERIOD;
  const analytics = (path: string): Probe[] => [
    { method: 'GET', url: `${path}?dimension=dx:${indicator};${element}&dimension=pe:${P}&dimension=ou:TINH_B`, expect: deny },
    { method: 'GET', url: `${path}?dimension=dx:${indicator}&dimension=pe:${P}&dimension=ou:VN;LEVEL-2`, expect: deny },
    { method: 'GET', url: `${path}?dimension=dx:${element}&dimension=pe:${P}&filter=ou:TINH_B`, expect: deny },
    { method: 'GET', url: `${path}?dimension=dx:${element}&dimension=pe:${P}&dimension=ou:USER_ORGUNIT_CHILDREN`, expect: filtered },
  ];
  const uploadOfB = multipartFile(f.templateOfB, 'bieu-mau-beta.xlsx');
  const evidenceUpload = multipartFile(Buffer.from('%PDF-1.4\n%%EOF\n'), 'minh-chung.pdf');
  const taskReaders: ActorName[] = ['ADMIN', 'LEADER', 'UNIT_MANAGER', 'REPORTING_OFFICER', 'TOKEN'];
  const evaluationReaders: ActorName[] = ['ADMIN', 'LEADER', 'UNIT_MANAGER'];
  const emulationReaders: ActorName[] = ['ADMIN', 'LEADER', 'UNIT_MANAGER', 'COUNCIL_MEMBER'];
  const unknownStaff = { status: 400, code: 'UNKNOWN_STAFF' };
  const takedownReaders: ActorName[] = ['ADMIN', 'LEADER', 'UNIT_MANAGER', 'REPORTING_OFFICER', 'TOKEN'];
  const takedownCsv = (text: string) => {
    const { payload, headers } = multipartFile(Buffer.from(text), 'danh-sach.csv');
    return { payload, headers };
  };
  const commitmentReaders: ActorName[] = ['ADMIN', 'LEADER', 'UNIT_MANAGER', 'REPORTING_OFFICER', 'TOKEN'];
  const commitmentBody = { officialName: 'Cán bộ mới', title: 'Cam kết mới', startDate: '2023-01-01', endDate: '2023-12-31' };
  const invalidCommitment = { status: 400, code: 'INVALID_COMMITMENT' };
  const taskBody = { title: 'Nhiệm vụ mới', sourceKind: 'DIRECTIVE', assignerName: 'Chủ tịch', startDate: '2023-03-01', dueDate: '2023-04-30' };
  return {
    'GET /api/health': [{ method: 'GET', url: '/api/health', expect: signedIn }],

    'GET /api/opendata/datasets': [{ method: 'GET', url: '/api/opendata/datasets', expect: { kind: 'filtered', roles: ['ADMIN', 'LEADER'], mustContain: 'DL_ALPHA' } }],
    'GET /api/opendata/datasets/:code': [{ method: 'GET', url: '/api/opendata/datasets/DL_BETA', expect: deny }],
    'POST /api/opendata/datasets': [
      {
        method: 'POST',
        url: '/api/opendata/datasets',
        payload: {
          code: 'DL_BETA_2',
          titleVi: 'Beta',
          titleEn: 'Beta',
          descriptionVi: 'Beta',
          descriptionEn: 'Beta',
          publisher: 'TINH_B',
          periodType: 'MONTHLY',
          firstPeriod: PAST_PERIOD,
          levels: [2],
          items: [indicator],
        },
        expect: deny,
      },
    ],
    'PATCH /api/opendata/datasets/:code': [
      { method: 'PATCH', url: '/api/opendata/datasets/DL_BETA', payload: { titleVi: 'Đổi tên' }, expect: deny },
      // Moving A's dataset to B's publisher needs the permission in B.
      { method: 'PATCH', url: '/api/opendata/datasets/DL_ALPHA', payload: { publisher: 'TINH_B' }, expect: deny },
    ],
    // Not replayed by the system administrator: it would delete B's dataset, which the later probes aim at.
    'DELETE /api/opendata/datasets/:code': [{ method: 'DELETE', url: '/api/opendata/datasets/DL_BETA', expect: deny, noReplay: true }],
    'POST /api/opendata/datasets/:code/releases': [
      { method: 'POST', url: '/api/opendata/datasets/DL_BETA/releases', payload: { releaseAt: '2030-01-01T00:00:00+07:00', lastPeriod: P }, expect: deny },
    ],
    'GET /api/opendata/releases/:id/history': [
      { method: 'GET', url: `/api/opendata/releases/${f.ids.releaseB}/history`, expect: deny },
      { method: 'GET', url: `/api/opendata/releases/${f.ids.releaseA}/history`, expect: { kind: 'filtered', roles: ['ADMIN', 'LEADER'], mustContain: 'DL_ALPHA' } },
    ],
    'POST /api/opendata/releases/:id/freeze': [{ method: 'POST', url: `/api/opendata/releases/${f.ids.releaseB}/freeze`, expect: deny }],
    'POST /api/opendata/releases/:id/publish': [{ method: 'POST', url: `/api/opendata/releases/${f.ids.releaseB}/publish`, expect: deny }],
    'POST /api/opendata/releases/:id/cancel': [{ method: 'POST', url: `/api/opendata/releases/${f.ids.releaseB}/cancel`, expect: deny }],
    'GET /api/public/opendata/catalog': [{ method: 'GET', url: '/api/public/opendata/catalog', expect: signedIn }],
    // Targets of unpublished releases never show: the fixture's releases are announced, not published.
    'GET /api/public/opendata/targets': [{ method: 'GET', url: '/api/public/opendata/targets', expect: signedIn }],
    'GET /api/public/opendata/datasets': [
      { method: 'GET', url: '/api/public/opendata/datasets', expect: signedIn },
      { method: 'GET', url: '/api/public/opendata/datasets?q=beta', expect: signedIn },
    ],
    'GET /api/public/opendata/datasets/:code': [{ method: 'GET', url: '/api/public/opendata/datasets/DL_BETA', expect: { kind: 'publicHidden' } }],
    'GET /api/public/opendata/datasets/:code/data': [
      { method: 'GET', url: '/api/public/opendata/datasets/DL_BETA/data?format=csv', expect: { kind: 'publicHidden' } },
      { method: 'GET', url: '/api/public/opendata/datasets/DL_ALPHA/data?format=sdmx-json&version=1', expect: { kind: 'publicHidden' } },
    ],
    'GET /api/public/opendata/datasets/:code/structure': [
      { method: 'GET', url: '/api/public/opendata/datasets/DL_BETA/structure', expect: { kind: 'publicHidden' } },
      { method: 'GET', url: '/api/public/opendata/datasets/DL_ALPHA/structure?version=1', expect: { kind: 'publicHidden' } },
    ],
    'POST /api/auth/login': [
      // Signing in as somebody else with a wrong password: refused, nothing learned about B.
      // Repeated tries lock the account (423): refused all the same.
      {
        method: 'POST',
        url: '/api/auth/login',
        payload: { username: 'nguoi-dung-b', password: 'khong-dung-mat-khau' },
        expect: {
          kind: 'deny',
          refusals: [
            { status: 401, code: 'INVALID_CREDENTIALS' },
            { status: 423, code: 'ACCOUNT_LOCKED' },
          ],
        },
      },
    ],
    'POST /api/auth/logout': [{ method: 'POST', url: '/api/auth/logout', expect: { kind: 'self', tokenStatus: [204] }, ownSession: true }],
    'GET /api/auth/me': [{ method: 'GET', url: '/api/auth/me', expect: { kind: 'self', tokenStatus: [200] } }],
    // DHIS2's own-account and server probes: the caller's own units only.
    'GET /api/me': [{ method: 'GET', url: '/api/me', expect: { kind: 'self', tokenStatus: [200] } }],
    'GET /api/system/info': [{ method: 'GET', url: '/api/system/info', expect: { kind: 'allowSignedIn' } }],
    'POST /api/auth/password': [
      {
        method: 'POST',
        url: '/api/auth/password',
        payload: { currentPassword: 'khong-dung-mat-khau', newPassword: 'mat-khau-moi-dai-1' },
        expect: { kind: 'self', userStatus: 400, tokenStatus: [401] },
      },
    ],

    'GET /api/users': [
      { method: 'GET', url: '/api/users?limit=500', expect: { kind: 'filtered', roles: ['ADMIN'], mustContain: 'a-leader' } },
      { method: 'GET', url: '/api/users?q=can%20bo%20beta', expect: adminsOnly },
    ],
    'GET /api/users/:id': [{ method: 'GET', url: `/api/users/${f.ids.userB}`, expect: deny }],
    'POST /api/users': [
      {
        method: 'POST',
        url: '/api/users',
        payload: { username: 'moi-o-beta', displayName: 'Người mới', password: 'mat-khau-rat-dai-1', roles: [{ role: 'REPORTING_OFFICER', orgUnit: 'TINH_B' }] },
        expect: deny,
      },
      { method: 'POST', url: '/api/users', payload: { username: 'moi-toan-quoc', displayName: 'Người mới', password: 'mat-khau-rat-dai-1', roles: [{ role: 'LEADER', orgUnit: null }] }, expect: deny },
    ],
    'PATCH /api/users/:id': [
      { method: 'PATCH', url: `/api/users/${f.ids.userB}`, payload: { displayName: 'Đổi tên' }, expect: deny },
      { method: 'PATCH', url: `/api/users/${f.ids.systemAdmin}`, payload: { isActive: false }, expect: deny },
      // A user of A given a role in B.
      { method: 'PATCH', url: `/api/users/${f.ids.usersA.LEADER}`, payload: { roles: [{ role: 'LEADER', orgUnit: 'TINH_B' }] }, expect: deny },
    ],
    'POST /api/users/:id/reset-password': [
      { method: 'POST', url: `/api/users/${f.ids.userB}/reset-password`, payload: { newPassword: 'mat-khau-rat-dai-2' }, expect: deny },
      { method: 'POST', url: `/api/users/${f.ids.systemAdmin}/reset-password`, payload: { newPassword: 'mat-khau-rat-dai-2' }, expect: deny, noReplay: true },
    ],

    'GET /api/tokens': [{ method: 'GET', url: '/api/tokens', expect: { kind: 'filtered', roles: ['ADMIN'], mustContain: 'May chu Alpha' } }],
    'POST /api/tokens': [{ method: 'POST', url: '/api/tokens', payload: { name: 'Xam nhap', orgUnit: 'TINH_B' }, expect: deny }],
    'POST /api/tokens/:id/revoke': [{ method: 'POST', url: `/api/tokens/${f.ids.tokenB}/revoke`, expect: deny }],
    'GET /api/audit': [
      { method: 'GET', url: '/api/audit?limit=1000', expect: { kind: 'filtered', roles: ['ADMIN'], mustContain: 'Nghị quyết Alpha' } },
      { method: 'GET', url: `/api/audit?objectType=user&objectId=${f.ids.userB}`, expect: adminsOnly },
    ],
    // One request wrote values of A and B: A's administrator sees A's keys of it, never B's.
    'GET /api/audit/:id/changes': [{ method: 'GET', url: `/api/audit/${f.ids.valuesWriteAudit}/changes`, expect: { kind: 'filtered', roles: ['ADMIN'], mustContain: 'XA_A1' } }],

    'GET /api/orgUnits': [
      { method: 'GET', url: '/api/orgUnits?limit=1000&includeClosed=true', expect: { kind: 'filtered', mustContain: 'XA_A1' } },
      { method: 'GET', url: '/api/orgUnits?q=beta', expect: filtered },
      { method: 'GET', url: '/api/orgUnits?parent=TINH_B', expect: { kind: 'filtered' } },
    ],
    'GET /api/orgUnits/export': [
      { method: 'GET', url: '/api/orgUnits/export?format=csv', expect: { kind: 'filtered', mustContain: 'XA_A1' } },
      { method: 'GET', url: '/api/orgUnits/export?format=json', expect: filtered },
    ],
    'POST /api/orgUnits/import': [
      { method: 'POST', url: '/api/orgUnits/import', payload: [{ code: 'XA_B1', name_vi: 'Xã Đổi Tên', parent_code: 'TINH_B' }], expect: deny },
      { method: 'POST', url: '/api/orgUnits/import', payload: [{ code: 'XA_B2', name_vi: 'Xã Mới', parent_code: 'TINH_B' }], expect: deny },
      { method: 'POST', url: '/api/orgUnits/import', payload: [{ code: 'XA_B1', name_vi: 'Xã Beta Một', parent_code: 'TINH_A' }], expect: deny },
      { method: 'POST', url: '/api/orgUnits/import', payload: [{ code: 'XA_A1', name_vi: 'Xã Alpha Một', parent_code: 'TINH_B' }], expect: deny },
      { method: 'POST', url: '/api/orgUnits/import', payload: [{ code: 'GOC_MOI', name_vi: 'Gốc mới' }], expect: deny },
    ],
    'GET /api/orgUnits/:ref': [
      { method: 'GET', url: '/api/orgUnits/TINH_A', expect: { kind: 'filtered', mustContain: 'TINH_A' } },
      { method: 'GET', url: '/api/orgUnits/TINH_B', expect: deny },
      { method: 'GET', url: `/api/orgUnits/id:${f.ids.unitB}`, expect: deny },
    ],
    'GET /api/orgUnits/:ref/subtree': [
      { method: 'GET', url: '/api/orgUnits/TINH_A/subtree', expect: { kind: 'filtered', mustContain: 'XA_A1' } },
      { method: 'GET', url: '/api/orgUnits/TINH_B/subtree', expect: deny },
      { method: 'GET', url: '/api/orgUnits/VN/subtree', expect: deny },
    ],
    'GET /api/orgUnits/:ref/lineage': [{ method: 'GET', url: '/api/orgUnits/TINH_B/lineage', expect: deny }],
    'POST /api/orgUnits': [
      { method: 'POST', url: '/api/orgUnits', payload: { code: 'XA_B2', nameVi: 'Xã mới', parent: 'TINH_B' }, expect: deny },
      { method: 'POST', url: '/api/orgUnits', payload: { code: 'GOC_MOI', nameVi: 'Gốc mới', parent: null }, expect: deny },
    ],
    'PATCH /api/orgUnits/:ref': [{ method: 'PATCH', url: '/api/orgUnits/TINH_B', payload: { nameVi: 'Đổi tên' }, expect: deny }],
    'POST /api/orgUnits/:ref/move': [
      { method: 'POST', url: '/api/orgUnits/XA_B1/move', payload: { parent: 'TINH_A' }, expect: deny },
      { method: 'POST', url: '/api/orgUnits/XA_A1/move', payload: { parent: 'TINH_B' }, expect: deny },
      { method: 'POST', url: '/api/orgUnits/XA_A1/move', payload: { parent: null }, expect: deny },
    ],
    'POST /api/orgUnits/:ref/close': [{ method: 'POST', url: '/api/orgUnits/XA_B1/close', payload: { closingDate: '2024-12-31' }, expect: deny }],
    'POST /api/orgUnits/:ref/merge': [
      { method: 'POST', url: '/api/orgUnits/XA_B1/merge', payload: { into: 'XA_A1', effectiveDate: '2025-07-01' }, expect: deny },
      { method: 'POST', url: '/api/orgUnits/XA_A1/merge', payload: { into: 'XA_B1', effectiveDate: '2025-07-01' }, expect: deny },
    ],
    'POST /api/orgUnits/:ref/split': [
      { method: 'POST', url: '/api/orgUnits/XA_B1/split', payload: { into: ['XA_A1'], effectiveDate: '2025-07-01' }, expect: deny },
      { method: 'POST', url: '/api/orgUnits/XA_A1/split', payload: { into: ['XA_B1'], effectiveDate: '2025-07-01' }, expect: deny },
    ],
    'GET /api/orgUnitGroups': [{ method: 'GET', url: '/api/orgUnitGroups', expect: signedIn }],
    'GET /api/orgUnitGroups/:code': [{ method: 'GET', url: `/api/orgUnitGroups/${group}`, expect: { kind: 'filtered', mustContain: 'TINH_A' } }],
    'POST /api/orgUnitGroups': [{ method: 'POST', url: '/api/orgUnitGroups', payload: { code: 'NHOM_MOI', nameVi: 'Nhóm mới', members: ['TINH_B'] }, expect: deny }],
    'PATCH /api/orgUnitGroups/:code': [{ method: 'PATCH', url: `/api/orgUnitGroups/${group}`, payload: { nameVi: 'Đổi tên' }, expect: deny }],
    'POST /api/orgUnitGroups/:code/members': [
      { method: 'POST', url: `/api/orgUnitGroups/${group}/members`, payload: { remove: ['TINH_B'] }, expect: deny },
      { method: 'POST', url: '/api/orgUnitGroups/VIEN_THONG/members', payload: { add: ['XA_B1'] }, expect: deny },
    ],
    'GET /api/orgUnitLevels': [{ method: 'GET', url: '/api/orgUnitLevels', expect: signedIn }],

    'GET /api/indicators': [{ method: 'GET', url: '/api/indicators', expect: signedIn }],
    'POST /api/indicators/check-formula': [{ method: 'POST', url: '/api/indicators/check-formula', payload: { formula: `#{${element}} * 2` }, expect: signedIn }],
    'GET /api/indicators/:id': [{ method: 'GET', url: `/api/indicators/${indicator}`, expect: signedIn }],
    'POST /api/indicators': [{ method: 'POST', url: '/api/indicators', payload: { code: 'CT_MOI', nameVi: 'Mới', numerator: '1' }, expect: deny }],
    'PATCH /api/indicators/:id': [{ method: 'PATCH', url: `/api/indicators/${indicator}`, payload: { nameVi: 'Đổi tên' }, expect: deny }],
    'DELETE /api/indicators/:id': [{ method: 'DELETE', url: `/api/indicators/${spareIndicator}`, expect: deny }],

    'GET /api/analytics': analytics('/api/analytics'),
    'GET /api/analytics.json': analytics('/api/analytics.json'),
    'GET /api/analytics.csv': analytics('/api/analytics.csv'),
    'GET /api/analytics.xlsx': analytics('/api/analytics.xlsx').filter((p) => p.expect.kind === 'deny'),
    // A data value set needs ou as a dimension (E7119), so it has no ou filter probe.
    'GET /api/analytics/dataValueSet': analytics('/api/analytics/dataValueSet').filter((p) => !p.url.includes('filter=ou')),
    'GET /api/analytics/dataValueSet.json': analytics('/api/analytics/dataValueSet.json').filter((p) => !p.url.includes('filter=ou')),
    // Raw data lists stored values of data elements only (an indicator is refused for everyone), so its probes name the element.
    'GET /api/analytics/rawData': analytics('/api/analytics/rawData').map((p) => ({ ...p, url: p.url.replace(`${indicator};`, '').replace(indicator, element) })),
    'GET /api/analytics/rawData.json': analytics('/api/analytics/rawData.json').map((p) => ({ ...p, url: p.url.replace(`${indicator};`, '').replace(indicator, element) })),
    'GET /api/analytics/explain': [
      { method: 'GET', url: `/api/analytics/explain?dx=${indicator}&pe=${P}&ou=TINH_A`, expect: { kind: 'filtered', mustContain: 'TINH_A' } },
      { method: 'GET', url: `/api/analytics/explain?dx=${indicator}&pe=${P}&ou=TINH_B`, expect: deny },
      { method: 'GET', url: `/api/analytics/explain?dx=${element}&pe=${P}&ou=VN`, expect: deny },
    ],

    'GET /api/targets': [
      { method: 'GET', url: '/api/targets', expect: { kind: 'filtered', mustContain: 'Alpha' } },
      { method: 'GET', url: '/api/targets?orgUnit=TINH_B', expect: filtered },
      { method: 'GET', url: '/api/targets?orgUnit=VN', expect: filtered },
    ],
    'GET /api/targets/:id': [
      { method: 'GET', url: `/api/targets/${f.ids.targetA}`, expect: { kind: 'filtered', mustContain: 'Alpha' } },
      { method: 'GET', url: `/api/targets/${f.ids.targetB}`, expect: deny },
    ],
    'POST /api/targets': [
      { method: 'POST', url: '/api/targets', payload: { indicator, orgUnit: 'TINH_B', targetPeriod: '2024', targetValue: 1 }, expect: deny },
      { method: 'POST', url: '/api/targets', payload: { indicator, orgUnit: 'VN', targetPeriod: '2024', targetValue: 1 }, expect: deny },
    ],
    'PATCH /api/targets/:id': [{ method: 'PATCH', url: `/api/targets/${f.ids.targetB}`, payload: { targetValue: 1 }, expect: deny }],

    'GET /api/alerts': [
      { method: 'GET', url: '/api/alerts', expect: { kind: 'filtered', mustContain: 'Alpha' } },
      { method: 'GET', url: '/api/alerts?orgUnit=TINH_B', expect: filtered },
    ],
    'GET /api/alerts/:id': [
      { method: 'GET', url: `/api/alerts/${f.ids.alertA}`, expect: { kind: 'filtered', mustContain: 'Alpha' } },
      { method: 'GET', url: `/api/alerts/${f.ids.alertB}`, expect: deny },
    ],
    'POST /api/alerts/:id/acknowledge': [{ method: 'POST', url: `/api/alerts/${f.ids.alertB}/acknowledge`, payload: { note: 'đã biết' }, expect: deny }],
    'POST /api/alerts/:id/resolve': [{ method: 'POST', url: `/api/alerts/${f.ids.alertB}/resolve`, expect: deny }],
    'POST /api/alerts/evaluate': [{ method: 'POST', url: '/api/alerts/evaluate', expect: deny }],
    'GET /api/alert-rules': [{ method: 'GET', url: '/api/alert-rules', expect: signedIn }],
    'POST /api/alert-rules': [{ method: 'POST', url: '/api/alert-rules', payload: { code: 'QT_MOI', nameVi: 'Mới', type: 'REPORT_LATE', regime, orgUnit: 'TINH_B' }, expect: deny }],
    'PATCH /api/alert-rules/:code': [{ method: 'PATCH', url: `/api/alert-rules/${alertRule}`, payload: { isActive: false }, expect: deny }],
    // The home screen: one's own work on reports (filtered to units in scope) and what changed since the last sign-in.
    'GET /api/reports/mine': [{ method: 'GET', url: '/api/reports/mine', expect: filtered }],
    // Reminding B's late units is refused to every caller of A (officers and council hold no alert.act at all).
    'POST /api/regimes/:code/remind': [{ method: 'POST', url: `/api/regimes/${regime}/remind`, payload: { period: PAST_PERIOD, orgUnits: ['TINH_B'] }, expect: deny }],
    'GET /api/home/changes': [{ method: 'GET', url: '/api/home/changes', expect: { kind: 'self', tokenStatus: [401] } }],
    'GET /api/notifications': [{ method: 'GET', url: '/api/notifications', expect: { kind: 'self', tokenStatus: [401], mustContain: 'Alpha' } }],
    // Saved analyses belong to a person: each user sees and changes only their own (B's is not found); a token has none.
    'GET /api/analyses': [{ method: 'GET', url: '/api/analyses', expect: { kind: 'self', tokenStatus: [401] } }],
    'POST /api/analyses': [
      { method: 'POST', url: '/api/analyses', payload: { name: 'Phân tích của tôi', query: `dx=${indicator}&pe=${P}&ou=TINH_A` }, expect: { kind: 'self', userStatus: 201, tokenStatus: [401] } },
    ],
    'DELETE /api/analyses/:id': [{ method: 'DELETE', url: `/api/analyses/${f.ids.analysisB}`, expect: deny, noReplay: true }],
    'POST /api/notifications/:id/read': [{ method: 'POST', url: `/api/notifications/${f.ids.notificationB}/read`, expect: deny, noReplay: true }],

    // Takedown cases: leadership and the staff of monitoring units (TINH_A and TINH_B are both monitoring units).
    'GET /api/takedown/platforms': [{ method: 'GET', url: '/api/takedown/platforms', expect: { kind: 'filtered', roles: takedownReaders } }],
    'POST /api/takedown/platforms': [{ method: 'POST', url: '/api/takedown/platforms', payload: { code: 'TIKTOK', nameVi: 'TikTok' }, expect: deny }],
    'GET /api/takedown/monitoringUnits': [{ method: 'GET', url: '/api/takedown/monitoringUnits', expect: { kind: 'filtered', roles: takedownReaders } }],
    'POST /api/takedown/monitoringUnits': [{ method: 'POST', url: '/api/takedown/monitoringUnits', payload: { orgUnit: 'XA_B1' }, expect: deny }],
    'GET /api/takedown/thresholds': [{ method: 'GET', url: '/api/takedown/thresholds', expect: { kind: 'filtered', roles: takedownReaders } }],
    'POST /api/takedown/thresholds': [{ method: 'POST', url: '/api/takedown/thresholds', payload: { windowDays: 7, minCount: 3, effectiveFrom: '2023-01-01', legalBasis: 'Thử' }, expect: deny }],
    'GET /api/takedown/batches': [
      { method: 'GET', url: '/api/takedown/batches', expect: { kind: 'filtered', roles: takedownReaders } },
      { method: 'GET', url: '/api/takedown/batches?platform=FACEBOOK&period=2023', expect: { kind: 'filtered', roles: takedownReaders } },
    ],
    'POST /api/takedown/batches': [
      {
        method: 'POST',
        url: '/api/takedown/batches',
        payload: { orgUnit: 'TINH_B', platform: 'FACEBOOK', letterNumber: '2/Moi', letterDate: '2023-03-02', sentAt: '2023-03-02T09:00:00+07:00' },
        expect: deny,
      },
    ],
    'GET /api/takedown/batches/:id': [
      { method: 'GET', url: `/api/takedown/batches/${f.ids.takedownBatchA}`, expect: { kind: 'filtered', roles: takedownReaders } },
      { method: 'GET', url: `/api/takedown/batches/${f.ids.takedownBatchB}`, expect: deny },
    ],
    'POST /api/takedown/batches/:id/cases': [
      {
        method: 'POST',
        url: `/api/takedown/batches/${f.ids.takedownBatchB}/cases`,
        payload: { url: 'https://www.facebook.com/x/1', violationKind: 'OTHER', legalBasis: 'x', foundBy: 'UNIT' },
        expect: deny,
      },
    ],
    'GET /api/takedown/cases': [
      { method: 'GET', url: '/api/takedown/cases', expect: { kind: 'filtered', roles: takedownReaders } },
      { method: 'GET', url: '/api/takedown/cases?orgUnit=TINH_B', expect: { kind: 'filtered', roles: takedownReaders } },
      { method: 'GET', url: '/api/takedown/cases?q=beta', expect: { kind: 'filtered', roles: takedownReaders } },
    ],
    'GET /api/takedown/cases/:id': [{ method: 'GET', url: `/api/takedown/cases/${f.ids.takedownCaseB}`, expect: deny }],
    'POST /api/takedown/cases/:id/answers': [
      { method: 'POST', url: `/api/takedown/cases/${f.ids.takedownCaseB}/answers`, payload: { outcome: 'REMOVED', answeredAt: '2023-03-01T20:00:00+07:00' }, expect: deny },
    ],
    'POST /api/takedown/cases/:id/rechecks': [
      { method: 'POST', url: `/api/takedown/cases/${f.ids.takedownCaseB}/rechecks`, payload: { checkedAt: '2023-03-02T09:00:00+07:00', isPresent: false, checkedBy: 'A' }, expect: deny },
    ],
    'POST /api/takedown/cases/:id/evidence': [
      { method: 'POST', url: `/api/takedown/cases/${f.ids.takedownCaseB}/evidence`, payload: evidenceUpload.payload, headers: evidenceUpload.headers, expect: deny },
    ],
    'GET /api/takedown/cases/:id/evidence/:evidenceId': [{ method: 'GET', url: `/api/takedown/cases/${f.ids.takedownCaseB}/evidence/${f.ids.takedownEvidenceB}`, expect: deny }],
    'POST /api/takedown/import/cases': [
      {
        method: 'POST',
        url: '/api/takedown/import/cases?orgUnit=TINH_B',
        ...takedownCsv(
          'platform,letter_number,letter_date,sent_at,url,violation_kind,legal_basis,found_by\nFACEBOOK,3/Moi,2023-03-03,03/03/2023 09:00,https://www.facebook.com/y/1,OTHER,Điều 8,UNIT\n',
        ),
        expect: deny,
      },
    ],
    'POST /api/takedown/import/answers': [
      {
        method: 'POST',
        url: '/api/takedown/import/answers',
        ...takedownCsv(`case_id,outcome,answered_at\n${f.ids.takedownCaseB},REMOVED,01/03/2023 20:00\n`),
        expect: { kind: 'deny', refusals: [{ status: 400, code: 'IMPORT_FAILED' }] },
      },
    ],
    'GET /api/takedown/scorecard': [
      { method: 'GET', url: '/api/takedown/scorecard?year=2023', expect: { kind: 'filtered', roles: takedownReaders } },
      { method: 'GET', url: '/api/takedown/scorecard?year=2023&orgUnit=TINH_B', expect: { kind: 'filtered', roles: takedownReaders } },
    ],
    'GET /api/takedown/offenders': [{ method: 'GET', url: '/api/takedown/offenders?day=2023-03-10', expect: { kind: 'filtered', roles: takedownReaders } }],
    'POST /api/takedown/figures/publish': [{ method: 'POST', url: '/api/takedown/figures/publish', payload: { year: 2023 }, expect: deny }],

    'GET /api/tasks': [
      { method: 'GET', url: '/api/tasks', expect: { kind: 'filtered', roles: taskReaders, mustContain: 'Alpha' } },
      { method: 'GET', url: '/api/tasks?view=MINE', expect: { kind: 'filtered', roles: taskReaders } },
      { method: 'GET', url: '/api/tasks?orgUnit=TINH_B', expect: { kind: 'filtered', roles: taskReaders } },
    ],
    'GET /api/tasks/scorecard': [
      { method: 'GET', url: '/api/tasks/scorecard?by=UNIT', expect: { kind: 'filtered', roles: taskReaders, mustContain: 'Alpha' } },
      { method: 'GET', url: '/api/tasks/scorecard?orgUnit=VN', expect: { kind: 'filtered', roles: taskReaders } },
    ],
    'GET /api/tasks/scorecard.xlsx': [{ method: 'GET', url: '/api/tasks/scorecard.xlsx?orgUnit=TINH_B', expect: { kind: 'filtered', roles: taskReaders } }],
    'GET /api/tasks/export.xlsx': [{ method: 'GET', url: '/api/tasks/export.xlsx?orgUnit=TINH_B', expect: { kind: 'filtered', roles: taskReaders } }],
    'GET /api/tasks/template.xlsx': [{ method: 'GET', url: '/api/tasks/template.xlsx', expect: { kind: 'filtered', roles: taskReaders } }],
    // A's assigners are told which cell names a unit outside their scope; nothing is written.
    'POST /api/tasks/import': [
      { method: 'POST', url: '/api/tasks/import', ...multipartFile(files.taskListOfB, 'nhiem-vu-beta.xlsx'), expect: { kind: 'deny', refusals: [{ status: 400, code: 'IMPORT_REJECTED' }] } },
    ],
    'GET /api/tasks/:id': [
      { method: 'GET', url: `/api/tasks/${f.ids.taskA}`, expect: { kind: 'filtered', roles: taskReaders, mustContain: 'Alpha' } },
      { method: 'GET', url: `/api/tasks/${f.ids.taskB}`, expect: deny },
    ],
    'POST /api/tasks': [
      { method: 'POST', url: '/api/tasks', payload: { ...taskBody, assigningOrgUnit: 'TINH_B', leadOrgUnit: 'TINH_B' }, expect: deny },
      { method: 'POST', url: '/api/tasks', payload: { ...taskBody, assigningOrgUnit: 'TINH_A', leadOrgUnit: 'XA_B1' }, expect: deny },
      { method: 'POST', url: '/api/tasks', payload: { ...taskBody, parentId: f.ids.taskB, leadOrgUnit: 'XA_B1' }, expect: deny },
    ],
    'PATCH /api/tasks/:id': [{ method: 'PATCH', url: `/api/tasks/${f.ids.taskB}`, payload: { title: 'Đổi tên' }, expect: deny }],
    'POST /api/tasks/:id/evidence': [{ method: 'POST', url: `/api/tasks/${f.ids.taskB}/evidence`, payload: evidenceUpload.payload, headers: evidenceUpload.headers, expect: deny }],
    'GET /api/tasks/:id/evidence/:evidenceId': [{ method: 'GET', url: `/api/tasks/${f.ids.taskB}/evidence/${f.ids.evidenceB}`, expect: deny }],
    'POST /api/tasks/:id/progress': [{ method: 'POST', url: `/api/tasks/${f.ids.taskB}/progress`, payload: { percent: 50 }, expect: deny }],
    'POST /api/tasks/:id/done': [{ method: 'POST', url: `/api/tasks/${f.ids.taskB}/done`, payload: { evidenceIds: [f.ids.evidenceB] }, expect: deny }],
    'POST /api/tasks/:id/confirm': [{ method: 'POST', url: `/api/tasks/${f.ids.taskB}/confirm`, payload: {}, expect: deny }],
    'POST /api/tasks/:id/return': [{ method: 'POST', url: `/api/tasks/${f.ids.taskB}/return`, payload: { reason: 'Thiếu' }, expect: deny }],
    'POST /api/tasks/:id/extension': [{ method: 'POST', url: `/api/tasks/${f.ids.taskB}/extension`, payload: { newDueDate: '2023-05-31', reason: 'Chờ' }, expect: deny }],
    'POST /api/tasks/:id/extension/decision': [{ method: 'POST', url: `/api/tasks/${f.ids.taskB}/extension/decision`, payload: { approve: true }, expect: deny }],
    'POST /api/tasks/:id/cancel': [{ method: 'POST', url: `/api/tasks/${f.ids.taskB}/cancel`, payload: { reason: 'Không còn cần' }, expect: deny }],
    'GET /api/commitments': [
      { method: 'GET', url: '/api/commitments', expect: { kind: 'filtered', roles: commitmentReaders, mustContain: 'Alpha' } },
      { method: 'GET', url: '/api/commitments?dueYear=2023&atRisk=true', expect: { kind: 'filtered', roles: commitmentReaders } },
      { method: 'GET', url: '/api/commitments?orgUnit=TINH_B', expect: { kind: 'filtered', roles: commitmentReaders } },
    ],
    'GET /api/commitments/:id': [
      { method: 'GET', url: `/api/commitments/${f.ids.commitmentA}`, expect: { kind: 'filtered', roles: commitmentReaders, mustContain: 'Alpha' } },
      { method: 'GET', url: `/api/commitments/${f.ids.commitmentB}`, expect: deny },
    ],
    'POST /api/commitments': [
      { method: 'POST', url: '/api/commitments', payload: { ...commitmentBody, orgUnit: 'TINH_B', results: [{ title: 'Kết quả', tasks: [f.ids.taskB] }] }, expect: deny },
      // A's commitment cannot name B's task: it is unknown to A.
      {
        method: 'POST',
        url: '/api/commitments',
        payload: { ...commitmentBody, orgUnit: 'TINH_A', results: [{ title: 'Kết quả', tasks: [f.ids.taskB] }] },
        expect: { kind: 'deny', refusals: [invalidCommitment] },
      },
    ],
    'PUT /api/commitments/:id': [
      {
        method: 'PUT',
        url: `/api/commitments/${f.ids.commitmentB}`,
        expect: deny,
        payload: {
          officialName: 'Cán bộ Beta',
          orgUnit: 'TINH_B',
          title: 'Cam kết Beta',
          startDate: '2023-01-01',
          endDate: '2023-12-31',
          results: [
            { title: 'Kết quả Beta', tasks: [f.ids.taskB] },
            { title: 'Đánh giá Beta', reviewerJudged: true },
          ],
        },
      },
      // A's commitment cannot be moved to B.
      {
        method: 'PUT',
        url: `/api/commitments/${f.ids.commitmentA}`,
        payload: {
          ...commitmentBody,
          officialName: 'Cán bộ Alpha',
          orgUnit: 'TINH_B',
          results: [
            { title: 'Kết quả Alpha', tasks: [f.ids.taskA] },
            { title: 'Đánh giá Alpha', reviewerJudged: true },
          ],
        },
        expect: deny,
      },
    ],
    // Not replayed by the administrator: it would delete B's commitment for the probes after it.
    'DELETE /api/commitments/:id': [{ method: 'DELETE', url: `/api/commitments/${f.ids.commitmentB}`, expect: deny, noReplay: true }],
    'POST /api/commitments/:id/results/:resultId/evidence': [
      {
        method: 'POST',
        url: `/api/commitments/${f.ids.commitmentB}/results/${f.ids.commitmentReviewResultB}/evidence`,
        payload: evidenceUpload.payload,
        headers: evidenceUpload.headers,
        expect: deny,
      },
    ],
    'GET /api/commitments/:id/evidence/:evidenceId': [{ method: 'GET', url: `/api/commitments/${f.ids.commitmentB}/evidence/${f.ids.commitmentEvidenceB}`, expect: deny }],
    'POST /api/commitments/:id/results/:resultId/judgement': [
      {
        method: 'POST',
        url: `/api/commitments/${f.ids.commitmentB}/results/${f.ids.commitmentReviewResultB}/judgement`,
        payload: { verdict: 'MET', evidenceIds: [f.ids.commitmentEvidenceB] },
        expect: deny,
      },
    ],
    // Staff evaluation: a person reads their own; evaluation.read/assess/decide within the unit's subtree.
    'GET /api/evaluation/rule-sets': [{ method: 'GET', url: '/api/evaluation/rule-sets', expect: signedIn }],
    'POST /api/evaluation/rule-sets/:id/versions': [
      {
        method: 'POST',
        url: '/api/evaluation/rule-sets/DECREE_335_2025/versions',
        payload: { name: 'Hệ số quy đổi', legalBasis: 'Quyết định 1/QĐ', effectiveFrom: '2026-07-01', config: { latePenalty: 0.25 } },
        expect: deny,
      },
    ],
    'GET /api/evaluation/me': [{ method: 'GET', url: '/api/evaluation/me?year=2023', expect: { kind: 'filtered', roles: ['REPORTING_OFFICER'], mustContain: 'Alpha' } }],
    'GET /api/evaluation/staff/:id': [{ method: 'GET', url: `/api/evaluation/staff/${f.ids.staffB}?year=2023`, expect: deny }],
    'GET /api/evaluation/units': [
      { method: 'GET', url: '/api/evaluation/units?year=2023', expect: { kind: 'filtered', roles: evaluationReaders, mustContain: 'Alpha' } },
      { method: 'GET', url: '/api/evaluation/units?year=2023&orgUnit=TINH_B', expect: deny },
    ],
    'GET /api/evaluation/decisions': [
      { method: 'GET', url: '/api/evaluation/decisions?year=2022', expect: filtered },
      { method: 'GET', url: '/api/evaluation/decisions?year=2022&orgUnit=TINH_B', expect: deny },
    ],
    'POST /api/evaluation/compute': [{ method: 'POST', url: '/api/evaluation/compute', payload: { year: 2023, orgUnit: 'TINH_B' }, expect: deny }],
    'PUT /api/evaluation/staff/:id/general/:period': [{ method: 'PUT', url: `/api/evaluation/staff/${f.ids.staffB}/general/202303`, payload: { points: 30 }, expect: deny }],
    'PUT /api/evaluation/tasks/:id/mark': [{ method: 'PUT', url: `/api/evaluation/tasks/${f.ids.taskB}/mark`, payload: { exceeded: true }, expect: deny }],
    'POST /api/evaluation/staff/:id/years/:year/self': [
      { method: 'POST', url: `/api/evaluation/staff/${f.ids.staffB}/years/2023/self`, payload: { assessment: 'Tự đánh giá', proposedRating: 'HTTNV' }, expect: deny, noReplay: true },
    ],
    'POST /api/evaluation/staff/:id/years/:year/collective': [{ method: 'POST', url: `/api/evaluation/staff/${f.ids.staffB}/years/2023/collective`, payload: { comment: 'Nhận xét' }, expect: deny }],
    'POST /api/evaluation/staff/:id/years/:year/manager': [
      { method: 'POST', url: `/api/evaluation/staff/${f.ids.staffB}/years/2023/manager`, payload: { comment: 'Nhận xét', proposedRating: 'HTTNV' }, expect: deny },
    ],
    'POST /api/evaluation/staff/:id/years/:year/decision': [
      { method: 'POST', url: `/api/evaluation/staff/${f.ids.staffB}/years/2023/decision`, payload: { rating: 'HTTNV', overrideReason: 'Lý do' }, expect: deny },
    ],
    'POST /api/evaluation/staff/:id/years/:year/appeal': [
      { method: 'POST', url: `/api/evaluation/staff/${f.ids.staffB}/years/2022/appeal`, payload: { reason: 'Khiếu nại' }, expect: deny, noReplay: true },
    ],
    'POST /api/evaluation/appeals/:id/outcome': [{ method: 'POST', url: `/api/evaluation/appeals/${f.ids.appealB}/outcome`, payload: { outcome: 'REJECTED', note: 'Giữ nguyên' }, expect: deny }],
    // Emulation and commendation.
    'GET /api/emulation/rules': [{ method: 'GET', url: '/api/emulation/rules', expect: signedIn }],
    'GET /api/emulation/campaigns': [{ method: 'GET', url: '/api/emulation/campaigns', expect: { kind: 'filtered', roles: emulationReaders, mustContain: 'PT_ALPHA' } }],
    'POST /api/emulation/campaigns': [
      {
        method: 'POST',
        url: '/api/emulation/campaigns',
        payload: { code: 'PT_MOI', nameVi: 'Mới', kind: 'THEMATIC', year: 2023, orgUnit: 'TINH_B', startsOn: '2023-03-01', endsOn: '2023-06-30', registrationDeadline: '2023-03-31' },
        expect: deny,
      },
    ],
    'GET /api/emulation/campaigns/:id': [
      { method: 'GET', url: `/api/emulation/campaigns/${f.ids.campaignB}`, expect: deny },
      { method: 'GET', url: `/api/emulation/campaigns/${f.ids.campaignA}`, expect: { kind: 'filtered', roles: emulationReaders, mustContain: 'PT_ALPHA' } },
    ],
    'POST /api/emulation/campaigns/:id/criteria': [
      { method: 'POST', url: `/api/emulation/campaigns/${f.ids.campaignB}/criteria`, payload: { code: 'TC_MOI', nameVi: 'Mới', weight: 10, source: 'TASKS' }, expect: deny },
    ],
    'POST /api/emulation/campaigns/:id/scores': [
      { method: 'POST', url: `/api/emulation/campaigns/${f.ids.campaignB}/scores`, payload: { criterionId: 1, orgUnit: 'TINH_B', score: 50, evidence: 'x' }, expect: deny },
    ],
    'POST /api/emulation/campaigns/:id/compute': [{ method: 'POST', url: `/api/emulation/campaigns/${f.ids.campaignB}/compute`, expect: deny }],
    'POST /api/emulation/campaigns/:id/close': [{ method: 'POST', url: `/api/emulation/campaigns/${f.ids.campaignB}/close`, expect: deny }],
    'POST /api/emulation/campaigns/:id/registrations': [
      { method: 'POST', url: `/api/emulation/campaigns/${f.ids.campaignB}/registrations`, payload: { orgUnit: 'TINH_B', award: 'TT_LDTT' }, expect: deny },
      { method: 'POST', url: `/api/emulation/campaigns/${f.ids.campaignA}/registrations`, payload: { orgUnit: 'TINH_B', award: 'TT_LDTT' }, expect: deny },
    ],
    'POST /api/emulation/registrations/:id/decision': [{ method: 'POST', url: `/api/emulation/registrations/${f.ids.registrationB}/decision`, payload: { approve: true }, expect: deny }],
    'GET /api/emulation/initiatives': [{ method: 'GET', url: '/api/emulation/initiatives', expect: { kind: 'filtered', roles: emulationReaders } }],
    'POST /api/emulation/initiatives': [
      {
        method: 'POST',
        url: '/api/emulation/initiatives',
        payload: { title: 'Mới', staffId: f.ids.staffB, year: 2022, scope: 'UNIT', decisionNumber: '2/QĐ', decisionDate: '2022-12-02' },
        expect: { kind: 'deny', refusals: [unknownStaff] },
      },
    ],
    'POST /api/emulation/history': [
      { method: 'POST', url: '/api/emulation/history', payload: { year: 2021, staffId: f.ids.staffB, rating: 'HTXSNV' }, expect: { kind: 'deny', refusals: [unknownStaff] } },
      { method: 'POST', url: '/api/emulation/history', payload: { year: 2021, orgUnit: 'TINH_B', rating: 'HTXSNV' }, expect: deny },
    ],
    'GET /api/emulation/honour-book': [
      { method: 'GET', url: '/api/emulation/honour-book', expect: { kind: 'filtered', roles: emulationReaders } },
      { method: 'GET', url: '/api/emulation/honour-book?orgUnit=TINH_B&q=beta', expect: { kind: 'filtered', roles: emulationReaders } },
    ],
    'GET /api/emulation/people': [
      { method: 'GET', url: `/api/emulation/people?q=${encodeURIComponent('cong chuc')}`, expect: { kind: 'filtered', roles: emulationReaders } },
      { method: 'GET', url: '/api/emulation/people?q=beta&orgUnit=TINH_B&withAccount=true', expect: { kind: 'filtered', roles: emulationReaders } },
    ],
    'GET /api/emulation/eligibility': [
      { method: 'GET', url: `/api/emulation/eligibility?year=2022&staffId=${f.ids.staffB}`, expect: { kind: 'deny', refusals: [unknownStaff] } },
      { method: 'GET', url: '/api/emulation/eligibility?year=2022&orgUnit=TINH_B', expect: deny },
    ],
    'GET /api/emulation/nominations': [{ method: 'GET', url: '/api/emulation/nominations', expect: { kind: 'filtered', roles: emulationReaders } }],
    'POST /api/emulation/nominations': [
      {
        method: 'POST',
        url: '/api/emulation/nominations',
        payload: { year: 2022, award: 'GIAY_KHEN', staffId: f.ids.staffB, proposingOrgUnit: 'TINH_B', on: '2023-01-10', overrideReason: 'x' },
        expect: deny,
      },
      {
        method: 'POST',
        url: '/api/emulation/nominations',
        payload: { year: 2022, award: 'GIAY_KHEN', staffId: f.ids.staffB, proposingOrgUnit: 'TINH_A', on: '2023-01-10', overrideReason: 'x' },
        expect: { kind: 'deny', refusals: [unknownStaff] },
      },
    ],
    'GET /api/emulation/sessions': [{ method: 'GET', url: '/api/emulation/sessions', expect: filtered }],
    'POST /api/emulation/sessions': [
      {
        method: 'POST',
        url: '/api/emulation/sessions',
        payload: { title: 'Mới', orgUnit: 'TINH_B', year: 2022, opensAt: '2023-03-01T00:00:00Z', closesAt: '2023-03-31T00:00:00Z', members: ['nguoi-dung-b'], nominationIds: [f.ids.nominationB] },
        expect: deny,
      },
    ],
    'GET /api/emulation/sessions/:id': [{ method: 'GET', url: `/api/emulation/sessions/${f.ids.sessionB}`, expect: deny }],
    // Only the session's own member may take a token: the system administrator is refused too.
    'POST /api/emulation/sessions/:id/tokens': [{ method: 'POST', url: `/api/emulation/sessions/${f.ids.sessionB}/tokens`, payload: { blinded: 'abcdef' }, expect: deny, noReplay: true }],
    // Public: a ballot needs a token the council signed, whoever sends it.
    'POST /api/emulation/sessions/:id/ballots': [
      {
        method: 'POST',
        url: `/api/emulation/sessions/${f.ids.sessionB}/ballots`,
        payload: { token: 'a'.repeat(64), signature: 'abcdef', choices: [{ nominationId: f.ids.nominationB, choice: 'AGREE' }] },
        expect: { kind: 'deny', refusals: [{ status: 400, code: 'INVALID_BALLOT' }] },
      },
    ],
    'POST /api/emulation/sessions/:id/written-votes': [
      {
        method: 'POST',
        url: `/api/emulation/sessions/${f.ids.sessionB}/written-votes`,
        payload: { member: 'nguoi-dung-b', choices: [{ nominationId: f.ids.nominationB, choice: 'AGREE' }] },
        expect: deny,
      },
    ],
    'POST /api/emulation/sessions/:id/close': [
      { method: 'POST', url: `/api/emulation/sessions/${f.ids.sessionB}/close`, expect: { kind: 'deny', refusals: [{ status: 409, code: 'SESSION_STILL_OPEN' }] } },
    ],
    'GET /api/emulation/sessions/:id/box': [{ method: 'GET', url: `/api/emulation/sessions/${f.ids.sessionB}/box`, expect: deny }],
    'GET /api/emulation/sessions/:id/receipts/:receipt': [{ method: 'GET', url: `/api/emulation/sessions/${f.ids.sessionB}/receipts/${'0'.repeat(64)}`, expect: deny }],
    'POST /api/emulation/decisions': [
      {
        method: 'POST',
        url: '/api/emulation/decisions',
        payload: { sessionId: f.ids.sessionB, number: '10/QĐ-BETA', decisionDate: '2023-03-05', signer: 'Chủ tịch', title: 'Khen' },
        expect: { kind: 'deny', refusals: [{ status: 400, code: 'UNKNOWN_SESSION' }] },
      },
    ],
    'GET /api/emulation/decisions/:id': [{ method: 'GET', url: `/api/emulation/decisions/${f.ids.decisionB}`, expect: deny }],
    'GET /api/emulation/nominations/:id/comments': [{ method: 'GET', url: `/api/emulation/nominations/${f.ids.nominationB}/comments`, expect: deny }],
    'PUT /api/emulation/nominations/:id/comment-period': [
      { method: 'PUT', url: `/api/emulation/nominations/${f.ids.nominationB}/comment-period`, payload: { opensOn: '2024-11-26', closesOn: '2024-12-09' }, expect: deny },
    ],
    'POST /api/emulation/nominations/:id/comments': [
      { method: 'POST', url: `/api/emulation/nominations/${f.ids.nominationB}/comments`, payload: { commenter: 'Ông A', content: 'Ý kiến', receivedOn: '2024-11-29' }, expect: deny },
    ],
    'GET /api/emulation/nominations/:id/dossier': [
      { method: 'GET', url: `/api/emulation/nominations/${f.ids.nominationB}/dossier?doc=submission&format=docx`, expect: deny },
      { method: 'GET', url: `/api/emulation/nominations/${f.ids.nominationB}/dossier?doc=achievements&format=pdf`, expect: deny },
    ],
    'GET /api/emulation/decisions/:id/document': [{ method: 'GET', url: `/api/emulation/decisions/${f.ids.decisionB}/document?format=pdf`, expect: deny }],
    'GET /api/emulation/decisions/:id/certificates': [{ method: 'GET', url: `/api/emulation/decisions/${f.ids.decisionB}/certificates`, expect: deny }],

    'GET /api/briefings/monthly': [
      { method: 'GET', url: `/api/briefings/monthly?month=${P}&orgUnit=TINH_B`, expect: deny },
      { method: 'GET', url: `/api/briefings/monthly?month=${P}&orgUnit=TINH_A&figureOrgUnit=TINH_B`, expect: deny },
      { method: 'GET', url: `/api/briefings/monthly?month=${P}&orgUnit=TINH_B&format=pdf`, expect: deny },
      {
        method: 'GET',
        url: `/api/briefings/monthly?month=${P}&orgUnit=TINH_A`,
        expect: { kind: 'filtered', roles: ['ADMIN', 'LEADER', 'UNIT_MANAGER', 'REPORTING_OFFICER', 'COUNCIL_MEMBER', 'TOKEN'], mustContain: 'Alpha' },
      },
      {
        method: 'GET',
        url: `/api/briefings/monthly?month=${P}&orgUnit=TINH_A&figureOrgUnit=TINH_A&format=docx`,
        expect: { kind: 'filtered', roles: ['ADMIN', 'LEADER', 'UNIT_MANAGER', 'REPORTING_OFFICER', 'COUNCIL_MEMBER', 'TOKEN'] },
      },
    ],
    'GET /api/briefings': [{ method: 'GET', url: '/api/briefings', expect: { kind: 'filtered', roles: ['ADMIN', 'LEADER', 'UNIT_MANAGER', 'REPORTING_OFFICER', 'COUNCIL_MEMBER', 'TOKEN'] } }],
    'POST /api/briefings': [
      { method: 'POST', url: '/api/briefings', payload: { month: P, orgUnit: 'TINH_B' }, expect: deny },
      // Starting from B's issued briefing: not found for A (its existence is not disclosed).
      { method: 'POST', url: '/api/briefings', payload: { orgUnit: 'TINH_A', basedOn: f.ids.briefingFinalB }, expect: { kind: 'deny', refusals: [{ status: 400, code: 'INVALID_BRIEFING' }] } },
    ],
    'GET /api/briefings/:id': [
      { method: 'GET', url: `/api/briefings/${f.ids.briefingB}`, expect: deny },
      { method: 'GET', url: `/api/briefings/${f.ids.briefingFinalB}?format=pdf`, expect: deny },
    ],
    'PUT /api/briefings/:id/sections': [{ method: 'PUT', url: `/api/briefings/${f.ids.briefingB}/sections`, payload: { key: 'tasks', paragraphs: ['Sửa'], version: 1 }, expect: deny }],
    'PUT /api/briefings/:id/conclusions': [
      { method: 'PUT', url: `/api/briefings/${f.ids.briefingB}/conclusions`, payload: { items: [{ text: 'Kết luận', leadOrgUnit: 'TINH_B', dueDate: '2099-12-31' }], version: 1 }, expect: deny },
    ],
    'POST /api/briefings/:id/finalise': [{ method: 'POST', url: `/api/briefings/${f.ids.briefingB}/finalise`, payload: { version: 1 }, expect: deny }],
    'POST /api/briefings/:id/tasks': [{ method: 'POST', url: `/api/briefings/${f.ids.briefingFinalB}/tasks`, payload: { assignerName: 'Chủ tịch' }, expect: deny }],
    'GET /api/outgoing-documents': [
      { method: 'GET', url: '/api/outgoing-documents?orgUnit=TINH_B&year=2023', expect: deny },
      {
        method: 'GET',
        url: '/api/outgoing-documents?orgUnit=TINH_A&year=2023',
        expect: { kind: 'filtered', roles: ['ADMIN', 'LEADER', 'UNIT_MANAGER', 'REPORTING_OFFICER', 'COUNCIL_MEMBER', 'TOKEN'] },
      },
    ],

    'GET /api/jobs': [{ method: 'GET', url: '/api/jobs?mine=true', expect: { kind: 'self', tokenStatus: [200] } }],
    'GET /api/jobs/:id': [{ method: 'GET', url: `/api/jobs/${f.ids.jobB}`, expect: deny }],
    'GET /api/validation-rules': [{ method: 'GET', url: '/api/validation-rules', expect: signedIn }],
    'GET /api/validation-rules/:code': [{ method: 'GET', url: `/api/validation-rules/${validationRule}`, expect: signedIn }],
    'POST /api/validation-rules': [
      { method: 'POST', url: '/api/validation-rules', payload: { code: 'VR_MOI', nameVi: 'Mới', leftExpression: `#{${element}}`, operator: 'LE', rightExpression: '0' }, expect: deny },
    ],
    'PATCH /api/validation-rules/:code': [{ method: 'PATCH', url: `/api/validation-rules/${validationRule}`, payload: { operator: 'LT' }, expect: deny }],
    'DELETE /api/validation-rules/:code': [{ method: 'DELETE', url: `/api/validation-rules/${validationRule}`, expect: deny }],
    'POST /api/validation/run': [{ method: 'POST', url: '/api/validation/run', payload: { orgUnit: 'TINH_B', periods: [P, PAST_PERIOD] }, expect: deny }],
    // Trying a rule reads B's values: refused to every A-scoped caller (and writing rules is system-wide metadata).
    'POST /api/validation-rules/test': [
      { method: 'POST', url: '/api/validation-rules/test', payload: { leftExpression: `#{${element}}`, operator: 'LE', rightExpression: '0', orgUnit: 'TINH_B', period: P }, expect: deny },
    ],
    'GET /api/outliers': [
      { method: 'GET', url: `/api/outliers?regime=${regime}&orgUnit=TINH_A&periods=${PAST_PERIOD},${P}`, expect: filtered },
      { method: 'GET', url: `/api/outliers?regime=${regime}&orgUnit=TINH_B&period=${P}`, expect: deny },
    ],
    'GET /api/data-quality': [
      { method: 'GET', url: `/api/data-quality?regime=${regime}&orgUnit=TINH_A&period=${P}&byChild=true`, expect: { kind: 'filtered', mustContain: 'XA_A1' } },
      { method: 'GET', url: `/api/data-quality?regime=${regime}&orgUnit=TINH_B&period=${P}`, expect: deny },
      { method: 'GET', url: `/api/data-quality?regime=${regime}&orgUnit=VN&period=${P}&byChild=true`, expect: deny },
    ],
    'GET /api/regimes/:code/template.xlsx': [
      { method: 'GET', url: `/api/regimes/${regime}/template.xlsx?period=${P}&orgUnit=TINH_B`, expect: deny },
      { method: 'GET', url: `/api/regimes/${regime}/template.xlsx?period=${P}&orgUnit=TINH_A,XA_B1`, expect: deny },
    ],
    'POST /api/regimes/:code/upload': [
      {
        method: 'POST',
        url: `/api/regimes/${regime}/upload`,
        payload: uploadOfB.payload,
        headers: uploadOfB.headers,
        expect: { kind: 'deny', refusals: [{ status: 400, code: 'ORG_UNIT_OUT_OF_SCOPE' }] },
      },
    ],

    'GET /api/dataElements': [{ method: 'GET', url: '/api/dataElements', expect: signedIn }],
    'POST /api/dataElements': [{ method: 'POST', url: '/api/dataElements', payload: { code: 'CS_MOI', nameVi: 'Mới', valueType: 'INTEGER', aggregationType: 'SUM' }, expect: deny }],
    'GET /api/dataElements/:ref': [{ method: 'GET', url: `/api/dataElements/${disaggregatedElement}`, expect: signedIn }],
    'PATCH /api/dataElements/:ref': [{ method: 'PATCH', url: `/api/dataElements/${element}`, payload: { nameVi: 'Đổi tên' }, expect: deny }],
    'GET /api/disaggregations': [{ method: 'GET', url: '/api/disaggregations', expect: signedIn }],
    'POST /api/disaggregations': [{ method: 'POST', url: '/api/disaggregations', payload: { code: 'PL_MOI', nameVi: 'Mới', options: [{ code: 'X', nameVi: 'X' }] }, expect: deny }],
    'GET /api/disaggregations/:ref': [{ method: 'GET', url: '/api/disaggregations/NEN_TANG', expect: signedIn }],
    'GET /api/periods/for-date': [{ method: 'GET', url: `/api/periods/for-date?date=2023-03-05&regime=${regime}`, expect: signedIn }],
    'GET /api/periods/:id': [{ method: 'GET', url: `/api/periods/${P}?regime=${regime}`, expect: signedIn }],

    'GET /api/regimes': [{ method: 'GET', url: '/api/regimes', expect: signedIn }],
    'POST /api/regimes': [{ method: 'POST', url: '/api/regimes', payload: { code: 'BC_MOI', nameVi: 'Mới', periodType: 'MONTHLY', assignments: [{ orgUnit: 'TINH_B' }] }, expect: deny }],
    'GET /api/regimes/:code': [{ method: 'GET', url: `/api/regimes/${regime}`, expect: signedIn }],
    'PATCH /api/regimes/:code': [{ method: 'PATCH', url: `/api/regimes/${regime}`, payload: { assignments: [{ orgUnit: 'TINH_A' }] }, expect: deny }],
    'GET /api/regimes/:code/periods': [{ method: 'GET', url: `/api/regimes/${regime}/periods`, expect: signedIn }],
    'GET /api/regimes/:code/orgUnits': [
      { method: 'GET', url: `/api/regimes/${regime}/orgUnits?period=${P}`, expect: { kind: 'filtered', mustContain: 'XA_A1' } },
      { method: 'GET', url: `/api/regimes/${regime}/orgUnits?period=${P}&parent=TINH_B`, expect: deny },
    ],
    'GET /api/regimes/:code/form': [
      { method: 'GET', url: `/api/regimes/${regime}/form?orgUnit=TINH_A&period=${P}`, expect: { kind: 'filtered', mustContain: 'TINH_A' } },
      { method: 'GET', url: `/api/regimes/${regime}/form?orgUnit=TINH_B&period=${P}`, expect: deny },
    ],
    'PUT /api/regimes/:code/form': [{ method: 'PUT', url: `/api/regimes/${regime}/form?orgUnit=TINH_B&period=${P}`, payload: { values: { [element]: 999 } }, expect: deny }],

    'GET /api/dataValues': [
      { method: 'GET', url: `/api/dataValues?orgUnit=TINH_A&children=true`, expect: { kind: 'filtered', mustContain: 'XA_A1' } },
      { method: 'GET', url: `/api/dataValues?orgUnit=TINH_B&period=${P}`, expect: deny },
      { method: 'GET', url: `/api/dataValues?orgUnit=VN&period=${P}&children=true`, expect: deny },
    ],
    'GET /api/dataValues/history': [
      { method: 'GET', url: '/api/dataValues/history?orgUnit=TINH_A', expect: filtered },
      { method: 'GET', url: '/api/dataValues/history?orgUnit=TINH_B', expect: deny },
    ],
    'POST /api/dataValues': [
      { method: 'POST', url: '/api/dataValues', payload: { dataElement: element, period: P, orgUnit: 'TINH_B', value: 999 }, expect: { kind: 'deny', refusals: [outOfScope] } },
      { method: 'POST', url: '/api/dataValues', payload: { dataElement: element, period: P, orgUnit: 'XA_B1', value: null }, expect: { kind: 'deny', refusals: [outOfScope] } },
    ],
    'GET /api/system/tasks/:jobType/:id': [{ method: 'GET', url: `/api/system/tasks/DATAVALUE_IMPORT/${f.ids.importJobB}`, expect: deny }],
    'GET /api/system/taskSummaries/:jobType/:id': [{ method: 'GET', url: `/api/system/taskSummaries/DATAVALUE_IMPORT/${f.ids.importJobB}`, expect: deny }],
    'GET /api/dataValueSets': [
      { method: 'GET', url: `/api/dataValueSets?dataSet=${regime}&period=${P}&orgUnit=TINH_A&children=true`, expect: filtered },
      { method: 'GET', url: `/api/dataValueSets?dataSet=${regime}&period=${P}&orgUnit=TINH_B`, expect: deny },
      { method: 'GET', url: `/api/dataValueSets?dataSet=${regime}&period=${P}&orgUnit=VN&children=true`, expect: deny },
    ],
    'POST /api/dataValueSets': [
      {
        method: 'POST',
        url: '/api/dataValueSets',
        payload: { dataValues: [{ dataElement: element, period: P, orgUnit: 'TINH_B', value: '999' }] },
        // DHIS2's semantics: the value is refused with a conflict (E7617) in a WARNING summary, nothing written.
        expect: { kind: 'deny', refusals: [{ status: 200, code: 'ORG_UNIT_OUT_OF_SCOPE' }] },
      },
      {
        method: 'POST',
        url: '/api/dataValueSets?atomic=true',
        payload: { dataValues: [{ dataElement: element, period: P, orgUnit: 'TINH_B', value: '999' }] },
        expect: { kind: 'deny', refusals: [{ status: 409, code: 'ORG_UNIT_OUT_OF_SCOPE' }] },
      },
      {
        method: 'POST',
        url: '/api/dataValueSets?importStrategy=DELETE',
        payload: `dataelement,period,orgunit,categoryoptioncombo,attributeoptioncombo,value\n${element},${P},XA_B1,,,1\n`,
        headers: { 'content-type': 'text/csv' },
        expect: { kind: 'deny', refusals: [{ status: 200, code: 'ORG_UNIT_OUT_OF_SCOPE' }] },
      },
    ],
    'GET /api/regimes/:code/status': [
      { method: 'GET', url: `/api/regimes/${regime}/status?orgUnit=TINH_A&period=${P}`, expect: { kind: 'filtered', mustContain: 'TINH_A' } },
      { method: 'GET', url: `/api/regimes/${regime}/status?orgUnit=TINH_B&period=${P}`, expect: deny },
    ],
    'POST /api/regimes/:code/submit': [{ method: 'POST', url: `/api/regimes/${regime}/submit`, payload: { orgUnit: 'XA_B1', period: P }, expect: deny }],
    'POST /api/regimes/:code/return': [{ method: 'POST', url: `/api/regimes/${regime}/return`, payload: { orgUnit: 'TINH_B', period: P, reason: 'Sai số liệu' }, expect: deny }],
    'POST /api/regimes/:code/approve': [
      { method: 'POST', url: `/api/regimes/${regime}/approve`, payload: { orgUnit: 'TINH_B', period: P }, expect: deny },
      { method: 'POST', url: `/api/regimes/${regime}/approve`, payload: { orgUnit: 'XA_B1', period: PAST_PERIOD }, expect: deny },
    ],
    'POST /api/regimes/:code/reopen': [{ method: 'POST', url: `/api/regimes/${regime}/reopen`, payload: { orgUnit: 'TINH_B', period: PAST_PERIOD, reason: 'Cần sửa' }, expect: deny }],
    'POST /api/regimes/:code/withdraw': [{ method: 'POST', url: `/api/regimes/${regime}/withdraw`, payload: { orgUnit: 'TINH_B', period: P, reason: 'Nhập nhầm' }, expect: deny }],
    'GET /api/regimes/:code/completeness': [
      { method: 'GET', url: `/api/regimes/${regime}/completeness?period=${P}`, expect: { kind: 'filtered', mustContain: 'XA_A1' } },
      { method: 'GET', url: `/api/regimes/${regime}/completeness?periods=${PAST_PERIOD};${P}`, expect: filtered },
      { method: 'GET', url: `/api/regimes/${regime}/completeness?period=${P}&parent=TINH_B`, expect: deny },
    ],
  };
}

/** An Excel task list of one task assigned by and to a unit. */
async function taskListFile(unit: string): Promise<Buffer> {
  const { default: ExcelJS } = await import('exceljs');
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Nhiệm vụ');
  ws.addRow(['Nội dung nhiệm vụ', 'Lãnh đạo giao', 'Đơn vị giao', 'Đơn vị chủ trì', 'Ngày bắt đầu', 'Hạn hoàn thành']);
  ws.addRow([`Nhiệm vụ nhập cho ${unit}`, 'Chủ tịch', unit, unit, '01/03/2023', '30/04/2023']);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** Writes in A that the roles allowed by the rules do succeed: the walk cannot pass by refusing everything. */
function buildInsideProbes(f: AccessFixture): InsideProbe[] {
  const P = OPEN_PERIOD;
  const writers: ActorName[] = ['ADMIN', 'UNIT_MANAGER', 'REPORTING_OFFICER', 'TOKEN'];
  const readers: ActorName[] = [...A_ACTORS];
  return [
    // A unit registers for a title in its province's campaign: the unit's head (and the administrator) may, no one else.
    {
      route: 'POST /api/emulation/campaigns/:id/registrations',
      url: `/api/emulation/campaigns/${f.ids.campaignA}/registrations`,
      payload: () => ({ orgUnit: 'TINH_A', award: 'TT_LDTT', commitment: 'Hoàn thành tốt nhiệm vụ' }),
      allow: ['ADMIN', 'UNIT_MANAGER'],
      reset: `DELETE FROM emulation_registration WHERE org_unit_id = ${f.ids.unitA}`,
    },
    { route: 'POST /api/dataValues', url: '/api/dataValues', payload: () => ({ dataElement: f.codes.element, period: P, orgUnit: 'XA_A1', value: 12 }), allow: writers, refusal: outOfScope },
    { route: 'PUT /api/regimes/:code/form', url: `/api/regimes/${f.codes.regime}/form?orgUnit=XA_A1&period=${P}`, payload: () => ({ values: { [f.codes.element]: 13 } }), allow: writers },
    {
      route: 'POST /api/regimes/:code/approve',
      url: `/api/regimes/${f.codes.regime}/approve`,
      payload: () => ({ orgUnit: 'TINH_A', period: P }),
      allow: ['ADMIN', 'UNIT_MANAGER'],
      reset: `UPDATE report_status SET status = 'SUBMITTED', approved_at = NULL, approved_by = NULL WHERE org_unit_id = ${f.ids.unitA}`,
    },
    {
      route: 'POST /api/regimes/:code/withdraw',
      url: `/api/regimes/${f.codes.regime}/withdraw`,
      payload: () => ({ orgUnit: 'TINH_A', period: P, reason: 'Nhập nhầm một số' }),
      allow: ['ADMIN', 'UNIT_MANAGER', 'REPORTING_OFFICER', 'TOKEN'],
      reset: `UPDATE report_status SET status = 'SUBMITTED', approved_at = NULL, approved_by = NULL WHERE org_unit_id = ${f.ids.unitA}`,
    },
    {
      route: 'POST /api/alerts/:id/acknowledge',
      url: `/api/alerts/${f.ids.alertA}/acknowledge`,
      payload: () => ({ note: 'đã biết' }),
      allow: ['ADMIN', 'LEADER', 'UNIT_MANAGER'],
      reset: `UPDATE alert SET state = 'OPEN', acknowledged_at = NULL, acknowledged_by = NULL WHERE id = ${f.ids.alertA}`,
    },
    {
      route: 'POST /api/opendata/releases/:id/freeze',
      url: `/api/opendata/releases/${f.ids.releaseA}/freeze`,
      allow: ['ADMIN', 'LEADER'],
      reset: `UPDATE open_release SET status = 'SCHEDULED', frozen_at = NULL, frozen_by = NULL WHERE id = ${f.ids.releaseA}`,
    },
    {
      route: 'POST /api/opendata/datasets/:code/releases',
      url: '/api/opendata/datasets/DL_ALPHA/releases',
      payload: () => ({ releaseAt: '2030-01-01T00:00:00+07:00', lastPeriod: P }),
      allow: ['ADMIN'],
    },
    {
      route: 'POST /api/tasks',
      url: '/api/tasks',
      payload: (a) => ({ title: `Nhiệm vụ ${a}`, sourceKind: 'DIRECTIVE', assignerName: 'Chủ tịch', assigningOrgUnit: 'TINH_A', leadOrgUnit: 'XA_A1', startDate: '2023-03-01', dueDate: '2023-04-30' }),
      allow: ['ADMIN', 'LEADER', 'UNIT_MANAGER'],
    },
    {
      route: 'POST /api/tasks/:id/progress',
      url: `/api/tasks/${f.ids.taskA}/progress`,
      payload: () => ({ percent: 30, note: 'Đang làm' }),
      allow: ['ADMIN', 'UNIT_MANAGER', 'REPORTING_OFFICER', 'TOKEN'],
    },
    {
      route: 'POST /api/tasks/:id/cancel',
      url: `/api/tasks/${f.ids.taskA}/cancel`,
      payload: () => ({ reason: 'Đã gộp vào nhiệm vụ khác' }),
      allow: ['ADMIN', 'LEADER', 'UNIT_MANAGER'],
      reset: `UPDATE task SET state = 'OPEN', cancel_reason = NULL WHERE id = ${f.ids.taskA}`,
    },
    {
      route: 'POST /api/commitments',
      url: '/api/commitments',
      payload: (a) => ({ officialName: `Cán bộ ${a}`, orgUnit: 'XA_A1', title: 'Cam kết', startDate: '2023-01-01', endDate: '2023-12-31', results: [{ title: 'Kết quả', tasks: [f.ids.taskA] }] }),
      allow: ['ADMIN', 'LEADER', 'UNIT_MANAGER'],
    },
    {
      route: 'POST /api/commitments/:id/results/:resultId/judgement',
      url: `/api/commitments/${f.ids.commitmentA}/results/${f.ids.commitmentReviewResultA}/judgement`,
      payload: () => ({ verdict: 'PARTLY_MET', note: 'Đạt một phần', evidenceIds: [f.ids.commitmentEvidenceA] }),
      allow: ['ADMIN', 'LEADER'],
      reset: `UPDATE commitment_result SET verdict = NULL, verdict_note = NULL, verdict_by = NULL, verdict_at = NULL WHERE id = ${f.ids.commitmentReviewResultA}`,
    },
    {
      route: 'PUT /api/evaluation/staff/:id/general/:period',
      url: `/api/evaluation/staff/${f.ids.staffA}/general/202302`,
      payload: () => ({ points: 28, comment: 'Cần chủ động hơn' }),
      allow: ['ADMIN', 'LEADER', 'UNIT_MANAGER'],
    },
    {
      route: 'POST /api/evaluation/staff/:id/years/:year/self',
      url: `/api/evaluation/staff/${f.ids.staffA}/years/2023/self`,
      payload: () => ({ assessment: 'Hoàn thành các nhiệm vụ được giao', proposedRating: 'HTTNV' }),
      allow: ['REPORTING_OFFICER'],
    },
    {
      route: 'POST /api/takedown/batches/:id/cases',
      url: `/api/takedown/batches/${f.ids.takedownBatchA}/cases`,
      payload: (a) => ({ url: `https://www.facebook.com/alpha/posts/${a.toLowerCase()}`, violationKind: 'OTHER', legalBasis: 'Điều 8 Luật An ninh mạng', foundBy: 'UNIT' }),
      allow: ['ADMIN', 'UNIT_MANAGER', 'REPORTING_OFFICER', 'TOKEN'],
    },
    { route: 'PATCH /api/targets/:id', url: `/api/targets/${f.ids.targetA}`, payload: () => ({ targetValue: 160 }), allow: ['ADMIN'] },
    { route: 'PATCH /api/orgUnits/:ref', url: '/api/orgUnits/XA_A1', payload: () => ({ shortName: 'Alpha 1' }), allow: ['ADMIN'] },
    { route: 'POST /api/tokens', url: '/api/tokens', payload: (a) => ({ name: `May moi ${a}`, orgUnit: 'XA_A1' }), allow: ['ADMIN'] },
    {
      route: 'POST /api/users',
      url: '/api/users',
      payload: (a) => ({ username: `moi-${a.toLowerCase()}`, displayName: 'Người mới', password: 'mat-khau-rat-dai-1', roles: [{ role: 'REPORTING_OFFICER', orgUnit: 'XA_A1' }] }),
      allow: ['ADMIN'],
    },
    { route: 'POST /api/validation/run', url: '/api/validation/run', payload: () => ({ orgUnit: 'TINH_A', periods: [P] }), allow: readers },
  ];
}

const isRefused = (status: number) => status === 401 || status === 403 || status === 404;
const excerpt = (res: LightMyRequestResponse) => res.body.slice(0, 300).replace(/\s+/g, ' ');
const errorCodeOf = (res: LightMyRequestResponse): string | undefined => {
  try {
    return (res.json() as { error?: { code?: string } }).error?.code;
  } catch {
    return undefined;
  }
};
// Binary answers (Excel) are only ever expected to be refused, so the text of an answer is its body.
const leakedMarkers = (res: LightMyRequestResponse) => B_MARKERS.filter((m) => res.body.includes(m));

/** What went wrong with one answer, or null when it meets the expectation. */
function judge(expect: Expectation, actor: ActorName, res: LightMyRequestResponse): string | null {
  const status = res.statusCode;
  if (status >= 500) return `server error ${status}: ${excerpt(res)}`;
  switch (expect.kind) {
    case 'deny': {
      if (isRefused(status)) return null;
      // Some write paths answer a refused value in their own shape, naming why.
      if (expect.refusals?.some((r) => status === r.status && res.body.includes(r.code))) return null;
      return `expected a refusal, got ${status}: ${excerpt(res)}`;
    }
    case 'filtered': {
      const allowed = !expect.roles || expect.roles.includes(actor);
      if (!allowed) return isRefused(status) ? null : `expected a refusal (not among ${expect.roles?.join(', ')}), got ${status}: ${excerpt(res)}`;
      if (status !== 200) return `expected 200, got ${status}: ${excerpt(res)}`;
      const leaked = leakedMarkers(res);
      if (leaked.length > 0) return `answer holds B's data (${leaked.join(', ')}): ${excerpt(res)}`;
      if (expect.mustContain && !res.body.includes(expect.mustContain)) return `answer lacks A's own data '${expect.mustContain}': ${excerpt(res)}`;
      return null;
    }
    case 'publicHidden': {
      if (status !== 404) return `expected 404 (not published), got ${status}: ${excerpt(res)}`;
      const leaked = leakedMarkers(res);
      return leaked.length > 0 ? `answer holds B's data (${leaked.join(', ')}): ${excerpt(res)}` : null;
    }
    case 'allowSignedIn': {
      if (status < 200 || status >= 300) return `expected 2xx for a signed-in caller, got ${status}: ${excerpt(res)}`;
      return null;
    }
    case 'self': {
      if (actor === 'TOKEN') {
        const allowedStatuses = expect.tokenStatus ?? [401];
        return allowedStatuses.includes(status) ? null : `expected ${allowedStatuses.join('/')} for a token, got ${status}: ${excerpt(res)}`;
      }
      const ok = expect.userStatus === undefined ? status >= 200 && status < 300 : status === expect.userStatus;
      if (!ok) return `expected ${expect.userStatus ?? '2xx'}, got ${status}: ${excerpt(res)}`;
      const leaked = leakedMarkers(res);
      if (leaked.length > 0) return `answer holds B's data (${leaked.join(', ')}): ${excerpt(res)}`;
      if (expect.mustContain && !res.body.includes(expect.mustContain)) return `answer lacks the caller's own data '${expect.mustContain}': ${excerpt(res)}`;
      return null;
    }
  }
}

function describeChange(before: Record<string, string>, after: Record<string, string>): string | null {
  const changed = Object.keys(before).filter((k) => before[k] !== after[k]);
  return changed.length > 0 ? `changed data in ${changed.join(', ')}` : null;
}

describe('access walk: every route, every role of province A, aimed at province B', () => {
  let f: AccessFixture;
  let table: Record<string, Probe[]>;
  const apiRoutes = () => f.t.app.routeList.filter((r) => r.url.startsWith('/api/') && !isDocsRoute(r.url)).map((r) => ({ ...r, key: `${r.method} ${r.url}` }));

  before(async () => {
    f = await createAccessFixture();
    table = buildAccessTable(f, { taskListOfB: await taskListFile('TINH_B') });
  });
  after(async () => {
    await f.settle();
    await f.t.close();
  });

  test('every API route has an entry in the access table, and every entry names a real route', () => {
    const keys = new Set(apiRoutes().map((r) => r.key));
    const missing = [...keys].filter((k) => !(k in table));
    assert.deepEqual(missing, [], `routes without an access entry (add them to buildAccessTable in src/server/access-walk.test.ts):\n${missing.join('\n')}`);
    const stale = Object.keys(table).filter((k) => !keys.has(k));
    assert.deepEqual(stale, [], `access entries for routes that do not exist:\n${stale.join('\n')}`);
    for (const [key, probes] of Object.entries(table)) {
      assert.ok(probes.length > 0, `${key} has no probe`);
      for (const p of probes) assert.equal(`${p.method} ${routeOf(p.url, key)}`, key, `${key}: probe ${p.method} ${p.url} does not match its route`);
    }
  });

  test('anonymous callers get 401 on every route that is not public', async () => {
    const failures: string[] = [];
    for (const route of apiRoutes()) {
      for (const probe of table[route.key] ?? []) {
        const res = await f.send(f.anonymous, { method: probe.method as InjectOptions['method'], url: probe.url, payload: probe.payload as InjectOptions['payload'], headers: probe.headers });
        if (route.isPublic) {
          if (res.statusCode === 401 && errorCodeOf(res) === 'UNAUTHENTICATED') failures.push(`${route.key} is public but refused anonymous: ${excerpt(res)}`);
        } else if (res.statusCode !== 401) {
          failures.push(`${route.key} (${probe.url}): anonymous got ${res.statusCode}: ${excerpt(res)}`);
        }
      }
    }
    const publicRoutes = apiRoutes()
      .filter((r) => r.isPublic)
      .map((r) => r.key)
      .sort();
    assert.deepEqual(publicRoutes, [
      'GET /api/health',
      'GET /api/public/opendata/catalog',
      'GET /api/public/opendata/datasets',
      'GET /api/public/opendata/datasets/:code',
      'GET /api/public/opendata/datasets/:code/data',
      'GET /api/public/opendata/datasets/:code/structure',
      'GET /api/public/opendata/targets',
      'POST /api/auth/login',
      'POST /api/emulation/sessions/:id/ballots',
    ]);
    assert.deepEqual(failures, [], failures.join('\n'));
  });

  test('no caller scoped to province A reads or changes province B', async () => {
    const failures: string[] = [];
    let probes = 0;
    for (const route of apiRoutes()) {
      for (const probe of table[route.key] ?? []) {
        for (const actor of A_ACTORS) {
          const caller: Caller = probe.ownSession && actor !== 'TOKEN' ? await f.freshSession(actor as Role) : f.actors[actor];
          const isWrite = probe.method !== 'GET';
          const before = isWrite ? await snapshotData(f.t.db) : null;
          const res = await f.send(caller, { method: probe.method as InjectOptions['method'], url: probe.url, payload: probe.payload as InjectOptions['payload'], headers: probe.headers });
          probes++;
          const problem = judge(probe.expect, actor, res);
          if (problem) failures.push(`${route.key} as ${actor} (${probe.url}): ${problem}`);
          if (before && probe.expect.kind !== 'self') {
            const change = describeChange(before, await snapshotData(f.t.db));
            if (change) failures.push(`${route.key} as ${actor} (${probe.url}): ${change}`);
          }
        }
      }
    }
    assert.ok(probes > apiRoutes().length * A_ACTORS.length - 1, 'every route was walked with every caller');
    assert.deepEqual(failures, [], `${failures.length} access failures:\n${failures.join('\n')}`);
  });

  test('an Excel upload of B run in the background for a caller of A ends refused and changes nothing', async () => {
    // The background upload answers 202 before it reads the file: its refusal is in the job it leaves.
    const failures: string[] = [];
    const upload = multipartFile(f.templateOfB, 'bieu-mau-beta.xlsx');
    for (const actor of A_ACTORS) {
      const before = await snapshotData(f.t.db);
      const res = await f.send(f.actors[actor], { method: 'POST', url: `/api/regimes/${f.codes.regime}/upload?async=true`, payload: upload.payload, headers: upload.headers });
      if (res.statusCode !== 202) {
        if (!isRefused(res.statusCode)) failures.push(`async upload as ${actor}: expected 202 or a refusal, got ${res.statusCode}: ${excerpt(res)}`);
        continue;
      }
      const jobId = (res.json() as { jobId: string }).jobId;
      let job: { status: string; error: { code: string; details: { errorCode?: string }[] } | null } | undefined;
      for (let i = 0; i < 200; i++) {
        job = (await f.t.db.query<{ status: string; error: { code: string; details: { errorCode?: string }[] } | null }>('SELECT status, error FROM job WHERE id = $1', [jobId])).rows[0];
        if (job && (job.status === 'DONE' || job.status === 'FAILED')) break;
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
      const outOfScope = job?.error?.details.some((d) => d.errorCode === 'ORG_UNIT_OUT_OF_SCOPE');
      if (job?.status !== 'FAILED' || !outOfScope) failures.push(`async upload as ${actor}: expected a failed job naming ORG_UNIT_OUT_OF_SCOPE, got ${JSON.stringify(job)}`);
      const change = describeChange(before, await snapshotData(f.t.db));
      if (change) failures.push(`async upload as ${actor}: ${change}`);
    }
    assert.deepEqual(failures, [], failures.join('\n'));
  });

  test('the refused reads aim at data that exists: a system-wide administrator gets them', async () => {
    // Otherwise a typo in a probe (an unknown id, a wrong code) would pass as a refusal. The refused
    // writes are replayed by the administrator at the end of the walk, when changing the world no longer matters.
    const failures: string[] = [];
    for (const route of apiRoutes()) {
      for (const probe of table[route.key] ?? []) {
        if (probe.method !== 'GET' || probe.expect.kind !== 'deny') continue;
        const res = await f.send(f.systemAdmin, { method: 'GET', url: probe.url, headers: probe.headers });
        if (res.statusCode !== 200) failures.push(`${route.key} (${probe.url}): system administrator got ${res.statusCode}: ${excerpt(res)}`);
      }
    }
    assert.deepEqual(failures, [], failures.join('\n'));
  });

  test('inside province A the roles the rules allow do write, and the others are refused', async () => {
    const failures: string[] = [];
    for (const probe of buildInsideProbes(f)) {
      const [method] = probe.route.split(' ');
      for (const actor of A_ACTORS) {
        if (probe.reset) await f.t.db.query(probe.reset);
        const res = await f.send(f.actors[actor], { method: method as InjectOptions['method'], url: probe.url, payload: probe.payload?.(actor) as InjectOptions['payload'] });
        const allowed = probe.allow.includes(actor);
        const refusedAsNamed = probe.refusal && res.statusCode === probe.refusal.status && res.body.includes(probe.refusal.code);
        if (allowed && (res.statusCode < 200 || res.statusCode >= 300)) failures.push(`${probe.route} in A as ${actor}: expected success, got ${res.statusCode}: ${excerpt(res)}`);
        if (!allowed && !isRefused(res.statusCode) && !refusedAsNamed) failures.push(`${probe.route} in A as ${actor}: expected a refusal, got ${res.statusCode}: ${excerpt(res)}`);
      }
    }
    assert.deepEqual(failures, [], failures.join('\n'));
  });

  test('the refused writes aim at data that exists: a system-wide administrator passes the access check', async () => {
    const failures: string[] = [];
    for (const route of apiRoutes()) {
      for (const probe of table[route.key] ?? []) {
        if (probe.method === 'GET' || probe.expect.kind !== 'deny' || probe.noReplay || route.isPublic) continue;
        const res = await f.send(f.systemAdmin, { method: probe.method as InjectOptions['method'], url: probe.url, payload: probe.payload as InjectOptions['payload'], headers: probe.headers });
        // Later probes may meet an earlier one's change (409, 422): what matters is that access let it through.
        if (isRefused(res.statusCode) || res.statusCode >= 500) failures.push(`${route.key} (${probe.url}): system administrator got ${res.statusCode}: ${excerpt(res)}`);
      }
    }
    assert.deepEqual(failures, [], failures.join('\n'));
  });
});

/** The route pattern a probe URL belongs to, given its table key: path parameters matched segment by segment. */
function routeOf(url: string, key: string): string {
  const pattern = key.slice(key.indexOf(' ') + 1);
  const path = url.split('?')[0];
  const a = pattern.split('/');
  const b = path.split('/');
  if (a.length !== b.length) return path;
  return a.every((seg, i) => (seg.startsWith(':') ? b[i].length > 0 : seg === b[i])) ? pattern : path;
}
