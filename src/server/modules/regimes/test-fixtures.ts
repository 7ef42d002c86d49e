// A small reporting world for route tests: provinces (one closed, one born by a merger), an
// enterprise, data elements of every value type, a monthly and a quarterly regime.
import assert from 'node:assert/strict';
import { createTestApp, insertOrgUnit, type TestApp, type TestClient } from '../../testing/test-app.ts';

export interface ReportingWorld {
  t: TestApp;
  admin: TestClient;
  /** Moves the server's clock. */
  setNow: (iso: string) => void;
  /** Signs in (on the real clock: sessions expire against the database's own time). */
  login: (username: string) => Promise<TestClient>;
}

/** Default clock: 5 March 2023, 10:00 in Viet Nam. 202302 is open (due 19/2, lock 11/3); 202301 is locked. */
export const DEFAULT_NOW = '2023-03-05T03:00:00Z';

export async function createReportingWorld(options: { serviceRole?: string; env?: Record<string, string> } = {}): Promise<ReportingWorld> {
  let now = new Date(DEFAULT_NOW);
  let realTime = false;
  const t = await createTestApp({ env: options.env, clock: () => (realTime ? new Date() : now), serviceRole: options.serviceRole });
  const login = async (username: string) => {
    realTime = true;
    try {
      return await t.login(username);
    } finally {
      realTime = false;
    }
  };
  await insertOrgUnit(t.db, 'VN', 'Việt Nam', null);
  await insertOrgUnit(t.db, 'HN', 'Thành phố Hà Nội', 'VN');
  await insertOrgUnit(t.db, 'HP', 'Thành phố Hải Phòng', 'VN');
  await insertOrgUnit(t.db, 'OLD', 'Tỉnh Cũ', 'VN', { closingDate: '2025-06-30' });
  await insertOrgUnit(t.db, 'NEW', 'Tỉnh Mới', 'VN', { openingDate: '2025-07-01' });
  await insertOrgUnit(t.db, 'BO', 'Bộ', null);
  await insertOrgUnit(t.db, 'DN', 'Doanh nghiệp', 'BO');
  await insertOrgUnit(t.db, 'VIETTEL', 'Viettel', 'DN');
  await t.db.query(`INSERT INTO org_unit_group (code, kind, name_vi) VALUES ('TINH', 'GROUP', 'Các tỉnh'), ('VIEN_THONG', 'SECTOR', 'Viễn thông')`);
  await t.db.query(
    `INSERT INTO org_unit_group_member (group_id, org_unit_id)
     SELECT g.id, ou.id FROM org_unit_group g, org_unit ou WHERE g.code = 'TINH' AND ou.code IN ('HN','HP','OLD','NEW')`,
  );
  await t.createUser('admin', [{ role: 'ADMIN', orgUnit: null }]);
  const admin = await login('admin');
  const ok = async (p: Promise<{ statusCode: number; body: string }>) => {
    const res = await p;
    assert.ok(res.statusCode < 300, res.body);
  };
  await ok(
    admin.post('/api/disaggregations', {
      code: 'PLATFORM',
      nameVi: 'Nền tảng',
      options: [
        { code: 'FACEBOOK', nameVi: 'Facebook' },
        { code: 'YOUTUBE', nameVi: 'YouTube' },
        { code: 'KHAC', nameVi: 'Khác' },
      ],
    }),
  );
  const elements = [
    { code: 'TB_DI_DONG', nameVi: 'Số thuê bao di động', valueType: 'INTEGER', aggregationType: 'LAST', sector: 'VIEN_THONG' },
    { code: 'DOANH_THU', nameVi: 'Doanh thu', valueType: 'NUMBER', aggregationType: 'SUM', zeroIsSignificant: true },
    { code: 'TY_LE', nameVi: 'Tỷ lệ ký số', valueType: 'PERCENTAGE', aggregationType: 'AVERAGE' },
    { code: 'CO_SOC', nameVi: 'Có trung tâm SOC', valueType: 'BOOLEAN', aggregationType: 'COUNT' },
    { code: 'GHI_CHU', nameVi: 'Ghi chú', valueType: 'TEXT', aggregationType: 'NONE' },
    { code: 'ND_GO', nameVi: 'Nội dung xấu đã gỡ', valueType: 'INTEGER', aggregationType: 'SUM', disaggregation: 'PLATFORM' },
    { code: 'NGOAI', nameVi: 'Chỉ số ngoài biểu mẫu', valueType: 'INTEGER', aggregationType: 'SUM' },
  ];
  for (const e of elements) await ok(admin.post('/api/dataElements', e));
  await ok(
    admin.post('/api/regimes', {
      code: 'BC_THANG',
      nameVi: 'Báo cáo tháng của Sở',
      periodType: 'MONTHLY',
      cutoffRule: 'DECREE_09',
      deadlineDays: 5,
      lockAfterDays: 20,
      receivingOrgUnit: 'BO',
      sections: [
        { code: 'A', nameVi: 'Viễn thông', elements: [{ dataElement: 'TB_DI_DONG', isCompulsory: true }, { dataElement: 'DOANH_THU' }] },
        { code: 'B', nameVi: 'Chuyển đổi số', elements: [{ dataElement: 'TY_LE' }, { dataElement: 'CO_SOC' }, { dataElement: 'GHI_CHU' }, { dataElement: 'ND_GO' }] },
      ],
      assignments: [{ group: 'TINH' }],
    }),
  );
  await ok(
    admin.post('/api/regimes', {
      code: 'BC_DN_QUY',
      nameVi: 'Báo cáo quý của doanh nghiệp',
      periodType: 'QUARTERLY',
      cutoffRule: 'CALENDAR',
      deadlineDays: 20,
      sections: [{ code: 'A', nameVi: 'Viễn thông', elements: [{ dataElement: 'TB_DI_DONG' }, { dataElement: 'DOANH_THU' }] }],
      assignments: [{ level: 3 }],
    }),
  );
  return { t, admin, login, setNow: (iso) => (now = new Date(iso)) };
}
