/**
 * Demo: the ministry's briefing for the latest month with figures, drawn up from the data, amended in one
 * part, given two conclusions and finalised — so the register holds a number and the editor has something
 * to start the next briefing from.
 */
import type { FastifyBaseLogger } from 'fastify';
import type { Db } from '../db/db.ts';
import { SYSTEM_ACTOR } from '../access.ts';
import { loadConfig } from '../config.ts';
import type { ServiceContext } from '../http/context.ts';
import { nextPeriod, parsePeriod } from '../../core/periods.ts';
import { createBriefing, finaliseBriefing, setConclusions } from '../modules/briefings/reports.ts';

const quietLog = {
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
  debug: () => undefined,
  trace: () => undefined,
  fatal: () => undefined,
  child: () => quietLog,
  level: 'silent',
  silent: () => undefined,
} as unknown as FastifyBaseLogger;

const addDays = (day: string, n: number) => new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

export async function seedDemoBriefing(db: Db, today: string): Promise<{ seeded: boolean; month?: string }> {
  const { rows: ministry } = await db.query('SELECT 1 FROM org_unit WHERE code = $1', ['BTTTT']);
  const { rows: existing } = await db.query('SELECT 1 FROM briefing LIMIT 1');
  if (!ministry.length || existing.length) return { seeded: false };
  // The latest month, before today's, holding submitted figures.
  const { rows } = await db.query<{ iso: string }>(
    `SELECT max(p.iso) AS iso FROM data_value dv JOIN period p ON p.id = dv.period_id
      WHERE p.type = 'MONTHLY' AND p.end_date < date_trunc('month', $1::date) AND dv.data_status >= 1`,
    [today],
  );
  const month = rows[0]?.iso;
  if (!month) return { seeded: false };
  // Issued on the 5th of the next month (or today, when that is earlier), at 09:00 in Hà Nội.
  const fifth = addDays(parsePeriod(nextPeriod(month)).startDate, 4);
  const issuedOn = fifth < today ? fifth : today;
  const ctx: ServiceContext = { db, actor: SYSTEM_ACTOR, log: quietLog, clock: () => new Date(`${issuedOn}T02:00:00Z`), config: loadConfig({ LOG_LEVEL: 'silent' }), lang: 'vi' };
  const draft = await createBriefing(ctx, { month, orgUnit: 'BTTTT' });
  const { rows: units } = await db.query<{ code: string }>("SELECT code FROM org_unit WHERE code IN ('BTTTT-VP', 'BTTTT') ORDER BY code DESC");
  const lead = units[0].code;
  const withConclusions = await setConclusions(ctx, draft.id, {
    version: draft.version,
    items: [
      { text: 'Đôn đốc các Sở Thông tin và Truyền thông gửi báo cáo tháng đúng hạn, đủ số liệu', leadOrgUnit: lead, dueDate: addDays(issuedOn, 26) },
      { text: 'Tổng hợp, đánh giá khả năng đạt các mục tiêu năm, đề xuất giải pháp cho các chỉ tiêu có nguy cơ không đạt', leadOrgUnit: lead, dueDate: addDays(issuedOn, 40) },
    ],
  });
  await finaliseBriefing(ctx, draft.id, { version: withConclusions.version, signerName: 'Nguyễn Mạnh Hùng' });
  return { seeded: true, month };
}
