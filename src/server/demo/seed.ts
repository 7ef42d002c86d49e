import type { Db } from '../db/db.ts';
import { hashPassword } from '../http/passwords.ts';
import { recordAudit } from '../modules/audit/service.ts';
import { SYSTEM_ACTOR, type Role } from '../access.ts';
import { seedDemoOrgUnits } from './org-units.ts';
import { seedDemoReporting } from './reporting.ts';
import { seedDemoIndicatorsAndTargets } from './targets.ts';
import { seedDemoAlertRules } from './alerts.ts';
import { seedDemoOpenData } from './opendata.ts';
import { seedDemoTasks } from './tasks.ts';
import { seedDemoCommitments } from './commitments.ts';
import { seedDemoBriefing } from './briefings.ts';
import { linkDemoEvaluationAccounts, seedDemoEvaluation } from './evaluation.ts';
import { seedDemoEmulation } from './emulation.ts';
import { seedDemoTakedown } from './takedown.ts';
import { DEMO_SETTING_KEY, isDemoSeeded } from './settings.ts';

export const DEFAULT_DEMO_PASSWORD = 'demo-tiendo-2023';

export interface DemoAccount {
  username: string;
  displayName: string;
  roles: { role: Role; orgUnit: string | null }[];
  note: string;
}

/** The demo agency's people: one per role, with provincial officers to show scoped access. */
export const DEMO_ACCOUNTS: DemoAccount[] = [
  { username: 'admin', displayName: 'Quản trị hệ thống', roles: [{ role: 'ADMIN', orgUnit: null }], note: 'system administrator' },
  {
    username: 'lanhdao',
    displayName: 'Lãnh đạo Bộ',
    roles: [
      { role: 'LEADER', orgUnit: 'VN' },
      { role: 'LEADER', orgUnit: 'BTTTT' },
    ],
    note: 'leader, reads everything',
  },
  {
    username: 'quanly.vtt',
    displayName: 'Cục Viễn thông',
    roles: [
      { role: 'UNIT_MANAGER', orgUnit: 'VN' },
      { role: 'UNIT_MANAGER', orgUnit: 'BTTTT' },
    ],
    note: 'receiving unit manager: approves reports',
  },
  { username: 'canbo.hanoi', displayName: 'Cán bộ Sở Hà Nội', roles: [{ role: 'REPORTING_OFFICER', orgUnit: '01' }], note: 'reporting officer, Hà Nội' },
  { username: 'canbo.danang', displayName: 'Cán bộ Sở Đà Nẵng', roles: [{ role: 'REPORTING_OFFICER', orgUnit: '48' }], note: 'reporting officer, Đà Nẵng' },
  { username: 'hoidong', displayName: 'Thành viên Hội đồng TĐKT', roles: [{ role: 'COUNCIL_MEMBER', orgUnit: 'BTTTT' }], note: 'emulation council member' },
  // Staff evaluation of the Department of Legal Affairs: its head (assesses the unit) and one of its civil servants.
  { username: 'vutruong.vpc', displayName: 'Nguyễn Hữu Thắng (Vụ trưởng Vụ Pháp chế)', roles: [{ role: 'UNIT_MANAGER', orgUnit: 'BTTTT-VPC' }], note: 'head of a department: evaluates its staff' },
  {
    username: 'congchuc.vpc',
    displayName: 'Vũ Thị Lan Anh (Vụ Pháp chế)',
    roles: [{ role: 'REPORTING_OFFICER', orgUnit: 'BTTTT-VPC' }],
    note: 'civil servant: sees and self-assesses their own evaluation',
  },
  // The rest of the emulation council (seven members vote in the demo session).
  ...[2, 3, 4, 5, 6, 7].map((n) => ({
    username: `hoidong${n}`,
    displayName: `Thành viên Hội đồng TĐKT ${n}`,
    roles: [{ role: 'COUNCIL_MEMBER' as const, orgUnit: 'BTTTT' }],
    note: 'emulation council member',
  })),
];

export interface DemoSeedResult {
  seeded: boolean;
  /** The demo accounts' password when this run seeded them; null when an earlier run did. */
  password: string | null;
  accounts: DemoAccount[];
}

/** Seeds the demo agency once: org units, reporting metadata and history, indicators, targets, users. */
export async function seedDemo(db: Db, options: { today: string; password?: string; log?: (msg: string) => void }): Promise<DemoSeedResult> {
  const password = options.password ?? DEFAULT_DEMO_PASSWORD;
  const existing = await isDemoSeeded(db);
  // The password of an earlier seed is not kept anywhere but in its hash.
  if (existing) return { seeded: false, password: null, accounts: DEMO_ACCOUNTS };
  const log = options.log ?? (() => undefined);
  const started = Date.now();
  await seedDemoOrgUnits(db);
  log(`demo: org units (${Date.now() - started} ms)`);
  for (const step of DEMO_STEPS) {
    const t0 = Date.now();
    await step.run(db, options.today);
    log(`demo: ${step.name} (${Date.now() - t0} ms)`);
  }
  const hash = await hashPassword(password);
  await db.transaction(async (tx) => {
    for (const a of DEMO_ACCOUNTS) {
      const { rows } = await tx.query<{ id: number }>(
        `INSERT INTO app_user (username, display_name, password_hash) VALUES ($1,$2,$3)
         ON CONFLICT (username) DO UPDATE SET display_name = excluded.display_name RETURNING id`,
        [a.username, a.displayName, hash],
      );
      for (const r of a.roles) {
        await tx.query(
          `INSERT INTO role_assignment (user_id, role, org_unit_id)
           VALUES ($1, $2, (SELECT id FROM org_unit WHERE code = $3)) ON CONFLICT DO NOTHING`,
          [rows[0].id, r.role, r.orgUnit],
        );
      }
    }
    await tx.query(`INSERT INTO app_setting (key, value) VALUES ($1, $2::jsonb)`, [
      DEMO_SETTING_KEY,
      JSON.stringify({ username: 'admin', documentedLogin: password === DEFAULT_DEMO_PASSWORD, seededAt: new Date().toISOString() }),
    ]);
    await recordAudit(tx, SYSTEM_ACTOR, { action: 'demo.seed_users', objectType: 'user', after: { accounts: DEMO_ACCOUNTS.map((a) => a.username) } });
  });
  await linkDemoEvaluationAccounts(db);
  // Emulation needs the people: its council votes as the demo's council members.
  const t0 = Date.now();
  await seedDemoEmulation(db);
  log(`demo: emulation and commendation 2023 (${Date.now() - t0} ms)`);
  return { seeded: true, password, accounts: DEMO_ACCOUNTS };
}

/** Further demo content, in order, from the capabilities that have some. */
const DEMO_STEPS: { name: string; run: (db: Db, today: string) => Promise<unknown> }[] = [
  { name: 'reporting regimes and history', run: (db, today) => seedDemoReporting(db, { today }) },
  // Before the indicators: the takedown rate of the 2023 target is counted from these cases.
  { name: 'takedown cases of 2023', run: (db) => seedDemoTakedown(db) },
  { name: 'indicators and targets', run: (db) => seedDemoIndicatorsAndTargets(db) },
  { name: 'alert rules', run: (db) => seedDemoAlertRules(db) },
  { name: 'open data releases of 2023', run: (db) => seedDemoOpenData(db) },
  { name: 'tasks', run: (db) => seedDemoTasks(db) },
  { name: "officials' commitments of 2022", run: (db) => seedDemoCommitments(db) },
  // After tasks and figures: the briefing of the latest month quotes both.
  { name: 'finalised briefing of the latest month', run: (db, today) => seedDemoBriefing(db, today) },
  { name: 'staff evaluation of 2026 (Vụ Pháp chế)', run: (db, today) => seedDemoEvaluation(db, { today }) },
];
