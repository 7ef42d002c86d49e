/**
 * The demo ministry's takedown requests of 2023: Facebook, YouTube and TikTok, weekly letters from the
 * Authority of Broadcasting and Electronic Information (BTTTT-CPTTH), a few thousand cases with the platforms'
 * answers — mostly removals within 24 hours, some geo-blocks, refusals with their reasons, late answers and
 * silence — officers' re-checks, and a few channels that keep posting (repeat offenders). The monthly counts are
 * then written as the takedown figures. Deterministic; added once; skipped when the unit is missing.
 */
import type { Db } from '../db/db.ts';
import { SYSTEM_ACTOR } from '../access.ts';
import { accountKeyOf, judgeCase, type AnswerOutcome, type ViolationKind } from '../../core/takedown.ts';
import { recordAudit } from '../modules/audit/service.ts';
import { writeFigures } from '../modules/takedown/figures.ts';
import * as repo from '../modules/takedown/repo.ts';

const PLATFORMS = [
  // Published orders of magnitude for 2023: Facebook ~ 93 %, YouTube ~ 95 %, TikTok lower and rising.
  { code: 'FACEBOOK', nameVi: 'Facebook', perMonth: 120, removed: [0.9, 0.95], geo: 0.02, url: (a: string, n: number) => `https://www.facebook.com/${a}/posts/${1000000 + n}` },
  { code: 'YOUTUBE', nameVi: 'YouTube', perMonth: 48, removed: [0.92, 0.96], geo: 0.015, url: (_a: string, n: number) => `https://www.youtube.com/watch?v=vd${(n * 7919).toString(36)}` },
  { code: 'TIKTOK', nameVi: 'TikTok', perMonth: 72, removed: [0.86, 0.93], geo: 0.03, url: (a: string, n: number) => `https://www.tiktok.com/@${a}/video/${7200000000 + n}` },
] as const;

const KINDS: { kind: ViolationKind; legalBasis: string; weight: number }[] = [
  { kind: 'ANTI_STATE', legalBasis: 'Điểm a khoản 1 Điều 8 Luật An ninh mạng 2018', weight: 0.3 },
  { kind: 'FALSE_INFORMATION', legalBasis: 'Điểm d khoản 1 Điều 5 Nghị định 72/2013/NĐ-CP', weight: 0.25 },
  { kind: 'DEFAMATION', legalBasis: 'Điểm c khoản 1 Điều 8 Luật An ninh mạng 2018', weight: 0.15 },
  { kind: 'FRAUD', legalBasis: 'Khoản 1 Điều 8 Luật An ninh mạng 2018; Điều 174 Bộ luật Hình sự', weight: 0.15 },
  { kind: 'GAMBLING', legalBasis: 'Điểm e khoản 1 Điều 8 Luật An ninh mạng 2018', weight: 0.1 },
  { kind: 'OBSCENE', legalBasis: 'Điểm e khoản 1 Điều 5 Nghị định 72/2013/NĐ-CP', weight: 0.05 },
];

const REFUSALS = [
  'Nội dung không vi phạm Tiêu chuẩn cộng đồng của nền tảng',
  'Cần quyết định của cơ quan có thẩm quyền hoặc lệnh của tòa án',
  'Nội dung thuộc diện tự do ngôn luận theo chính sách toàn cầu',
  'Không xác định được nội dung vi phạm tại đường dẫn đã gửi',
];

/** Channels that keep posting: six requests each within a month, enough for the 5-in-30-days threshold. */
const OFFENDERS = [
  { platform: 'FACEBOOK', account: 'Tin.Nong.24h.Official', month: 10 },
  { platform: 'YOUTUBE', account: '@KenhSuThatVietNam', month: 6 },
  { platform: 'TIKTOK', account: '@baccarat.vip.vn', month: 11 },
];

function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const at = (day: string, hour: number, minute = 0) => new Date(Date.parse(`${day}T00:00:00Z`) + ((hour - 7) * 60 + minute) * 60_000);
const day = (y: number, m: number, d: number) => `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;

export async function seedDemoTakedown(db: Db): Promise<{ seeded: boolean; cases: number }> {
  const { rows: units } = await db.query<{ id: number; code: string }>(`SELECT id, code FROM org_unit WHERE code IN ('BTTTT-CPTTH', 'BTTTT-CATTT')`);
  const sender = units.find((u) => u.code === 'BTTTT-CPTTH');
  if (!sender || (await repo.listPlatforms(db)).length) return { seeded: false, cases: 0 };
  return db.transaction(async (tx) => {
    for (const p of PLATFORMS) await repo.insertPlatform(tx, { code: p.code, nameVi: p.nameVi, nameEn: p.nameVi });
    for (const u of units) await repo.insertMonitoringUnit(tx, u.id);
    const platforms = new Map((await repo.listPlatforms(tx)).map((p) => [p.code, p.id]));
    const random = rng(2023);
    const pick = <T>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)];
    let serial = 0;
    let letterNo = 100;
    const cases: repo.NewCase[] = [];
    const plans: { key: string; outcome: AnswerOutcome | null; hours: number; reason: string | null; recheck: 'GONE' | 'PRESENT' | null }[] = [];
    for (const p of PLATFORMS) {
      const platformId = platforms.get(p.code)!;
      const accounts = Array.from({ length: 600 }, (_, i) => (p.code === 'FACEBOOK' ? `trang.${i}.${(i * 37).toString(36)}` : `@kenh${i}${(i * 53).toString(36)}`));
      for (let m = 1; m <= 12; m++) {
        // The rate improves through the year, as the ministry's pressure on the platforms did.
        const removedShare = p.removed[0] + ((p.removed[1] - p.removed[0]) * (m - 1)) / 11 + (random() - 0.5) * 0.02;
        // A letter a week: on the 3rd, 10th, 17th and 24th.
        for (const d of [3, 10, 17, 24]) {
          letterNo++;
          const sentAt = at(day(2023, m, d), 9, 30);
          const batchId = await repo.insertBatch(tx, { orgUnitId: sender.id, platformId, letterNumber: `${letterNo}/CPTTH-TTĐT`, letterDate: day(2023, m, d), sentAt, note: null, createdBy: 'demo' });
          const n = Math.round((p.perMonth / 4) * (0.85 + random() * 0.3));
          const offender = OFFENDERS.find((o) => o.platform === p.code && o.month === m);
          for (let i = 0; i < n; i++) {
            serial++;
            // Six of the offender's posts in its month (the first letters carry two each).
            const isOffender = offender !== undefined && ((d === 3 && i < 2) || (d === 10 && i < 2) || (d === 17 && i < 2));
            const account = isOffender ? offender.account : accounts[Math.floor(random() * accounts.length)];
            const w = random();
            let acc = 0;
            const kind = KINDS.find((k) => (acc += k.weight) >= w) ?? KINDS[0];
            const url = p.url(account.replace(/^@/, ''), serial);
            cases.push({
              batchId,
              platformId,
              orgUnitId: sender.id,
              url,
              account,
              accountKey: accountKeyOf(account),
              violationKind: kind.kind,
              legalBasis: kind.legalBasis,
              foundBy: random() < 0.7 ? 'MONITORING' : random() < 0.7 ? 'CITIZEN_REPORT' : 'UNIT',
              foundByDetail: null,
              description: null,
              sentAt,
            });
            const r = random();
            const geo = p.geo;
            let outcome: AnswerOutcome | null;
            if (r < removedShare) outcome = 'REMOVED';
            else if (r < removedShare + geo) outcome = 'GEO_BLOCKED';
            else if (r < removedShare + geo + (1 - removedShare - geo) * 0.6) outcome = 'REFUSED';
            else outcome = random() < 0.5 ? 'NO_ANSWER' : null;
            // Most answers within the day; about one in eight after the 24 hours.
            const hours = random() < 0.88 ? 2 + random() * 21 : 25 + random() * 120;
            const recheck = outcome === 'REMOVED' && random() < 0.1 ? (random() < 0.06 ? 'PRESENT' : 'GONE') : null;
            plans.push({ key: `${batchId}|${url}`, outcome, hours, reason: outcome === 'REFUSED' ? pick(REFUSALS) : null, recheck });
          }
        }
      }
    }
    const ids = await repo.insertCases(tx, cases, 'demo');
    const answered = plans.flatMap((plan, i) => (plan.outcome ? [{ plan, c: cases[i] }] : []));
    const answerIds = await repo.insertAnswers(
      tx,
      answered.map(({ plan, c }) => ({
        caseId: ids.get(plan.key)!,
        outcome: plan.outcome!,
        reason: plan.reason,
        answeredAt: new Date(c.sentAt.getTime() + Math.round(plan.hours * 60) * 60_000),
      })),
      'IMPORT',
      'demo',
    );
    const rechecks = answered.filter(({ plan }) => plan.recheck);
    for (const { plan, c } of rechecks) {
      await repo.insertRecheck(tx, {
        caseId: ids.get(plan.key)!,
        checkedAt: new Date(c.sentAt.getTime() + (plan.hours + 48) * 3_600_000),
        isPresent: plan.recheck === 'PRESENT',
        checkedBy: 'Phòng Quản lý thông tin điện tử',
        userId: null,
        note: null,
      });
    }
    await repo.storeJudgements(
      tx,
      answered.map(({ plan, c }, i) => {
        const answeredAt = new Date(c.sentAt.getTime() + Math.round(plan.hours * 60) * 60_000);
        const j = judgeCase({
          sentAt: c.sentAt,
          answers: [{ id: answerIds[i], outcome: plan.outcome!, answeredAt }],
          rechecks: plan.recheck ? [{ id: 1, checkedAt: new Date(c.sentAt.getTime() + (plan.hours + 48) * 3_600_000), isPresent: plan.recheck === 'PRESENT' }] : [],
        });
        return { caseId: ids.get(plan.key)!, outcome: j.outcome, actedAt: j.actedAt, withinDeadline: j.withinDeadline, confirmedGone: j.confirmedGone };
      }),
    );
    const figures = await writeFigures(tx, 2023, 'demo', new Date());
    await recordAudit(tx, SYSTEM_ACTOR, { action: 'demo.seed_takedown', objectType: 'takedown_case', after: { cases: cases.length, answers: answered.length, rechecks: rechecks.length, figures } });
    return { seeded: true, cases: cases.length };
  });
}
