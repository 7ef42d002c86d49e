/**
 * The demo ministry's Department of Legal Affairs (Vụ Pháp chế) evaluated for 2026, the first year of Decree
 * 335/2025/NĐ-CP for công chức (its two viên chức stay under Decree 90/2020 as amended by Decree 48/2023): a
 * dozen civil servants and two public employees, their tasks of January to the demo day with the responsible
 * person recorded, the manager's monthly general-criteria points, self-assessments and the manager's
 * assessments, three decisions (one an override with the council's reason), one appeal, and a year where the
 * 20 % HTXSNV quota binds. One person has no task recorded. Added once; skipped when the unit is missing.
 */
import type { Db } from '../db/db.ts';
import { SYSTEM_ACTOR } from '../access.ts';
import { recordAudit } from '../modules/audit/service.ts';
import { periodsOfYear } from '../../core/evaluation.ts';
import { evaluateYear } from '../modules/evaluation/scoring.ts';
import * as repo from '../modules/evaluation/repo.ts';

export const DEMO_EVALUATION_UNIT = 'BTTTT-VPC';
export const DEMO_EVALUATION_YEAR = 2026;

type Profile = 'EXEMPLARY' | 'EXCELLENT' | 'STEADY' | 'GOOD' | 'FAIR' | 'NONE';

interface DemoPerson {
  name: string;
  kind: 'CONG_CHUC' | 'VIEN_CHUC';
  position: string;
  profile: Profile;
  isManager?: boolean;
  /** The demo account linked to the record. */
  username?: string;
}

export const DEMO_STAFF: readonly DemoPerson[] = [
  { name: 'Nguyễn Hữu Thắng', kind: 'CONG_CHUC', position: 'Vụ trưởng', profile: 'EXCELLENT', isManager: true, username: 'vutruong.vpc' },
  { name: 'Trần Thị Minh Hằng', kind: 'CONG_CHUC', position: 'Phó Vụ trưởng', profile: 'EXCELLENT', isManager: true },
  { name: 'Lê Quang Huy', kind: 'CONG_CHUC', position: 'Chuyên viên chính', profile: 'EXCELLENT' },
  { name: 'Phạm Thu Trang', kind: 'CONG_CHUC', position: 'Chuyên viên chính', profile: 'EXCELLENT' },
  { name: 'Hoàng Văn Nam', kind: 'CONG_CHUC', position: 'Chuyên viên chính', profile: 'GOOD' },
  { name: 'Vũ Thị Lan Anh', kind: 'CONG_CHUC', position: 'Chuyên viên', profile: 'GOOD', username: 'congchuc.vpc' },
  { name: 'Đặng Minh Tuấn', kind: 'CONG_CHUC', position: 'Chuyên viên', profile: 'GOOD' },
  { name: 'Bùi Thị Hồng Nhung', kind: 'CONG_CHUC', position: 'Chuyên viên', profile: 'GOOD' },
  { name: 'Đỗ Đức Long', kind: 'CONG_CHUC', position: 'Chuyên viên', profile: 'GOOD' },
  { name: 'Ngô Thị Thảo', kind: 'CONG_CHUC', position: 'Chuyên viên', profile: 'GOOD' },
  { name: 'Dương Văn Khánh', kind: 'CONG_CHUC', position: 'Chuyên viên', profile: 'FAIR' },
  { name: 'Lý Thị Mai', kind: 'CONG_CHUC', position: 'Chuyên viên (mới tiếp nhận)', profile: 'NONE' },
  { name: 'Trịnh Quốc Bảo', kind: 'VIEN_CHUC', position: 'Viên chức, Trung tâm Trợ giúp pháp lý', profile: 'EXEMPLARY' },
  { name: 'Mai Thị Phương', kind: 'VIEN_CHUC', position: 'Viên chức, Trung tâm Trợ giúp pháp lý', profile: 'STEADY' },
];

/** The products of a legal department, with the kind the conversion factor reads from the words. */
const PRODUCTS: readonly { title: string; product: string; source: 'PLAN' | 'DIRECTIVE' | 'BRIEFING' }[] = [
  { title: 'Thẩm định dự thảo Thông tư quy định về quản lý dịch vụ viễn thông', product: 'Dự thảo Thông tư', source: 'PLAN' },
  { title: 'Báo cáo tình hình kiểm tra, xử lý văn bản quy phạm pháp luật', product: 'Báo cáo', source: 'PLAN' },
  { title: 'Góp ý dự thảo Luật Công nghiệp công nghệ số', product: 'Văn bản góp ý', source: 'DIRECTIVE' },
  { title: 'Rà soát, hệ thống hóa văn bản quy phạm pháp luật về bưu chính', product: 'Báo cáo rà soát', source: 'PLAN' },
  { title: 'Xây dựng Đề án phổ biến, giáo dục pháp luật về an toàn thông tin mạng', product: 'Đề án', source: 'PLAN' },
  { title: 'Trả lời kiến nghị của doanh nghiệp về thủ tục cấp phép', product: 'Công văn trả lời', source: 'BRIEFING' },
  { title: 'Cập nhật Cơ sở dữ liệu quốc gia về văn bản pháp luật', product: 'Cơ sở dữ liệu cập nhật', source: 'PLAN' },
  { title: 'Theo dõi thi hành pháp luật về giao dịch điện tử', product: 'Báo cáo chuyên đề', source: 'PLAN' },
];

/** A small deterministic generator: the demo is the same on every machine. */
function random(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const iso = (y: number, m: number, d: number) => `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
const lastDay = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();

interface GeneratedTask {
  title: string;
  product: string;
  source: string;
  start: string;
  due: string;
  state: 'OPEN' | 'DONE';
  doneOn: string | null;
  qualityErrors: number;
  exceeded: boolean;
}

/** A person's tasks of the year up to the demo day, by profile: on time, now and then late, not done or flawed. */
function tasksOf(index: number, profile: Profile, today: string): GeneratedTask[] {
  if (profile === 'NONE') return [];
  const rnd = random(2026 * 100 + index);
  const out: GeneratedTask[] = [];
  for (let m = 1; m <= 12; m++) {
    const n = 2 + Math.floor(rnd() * 2);
    for (let k = 0; k < n; k++) {
      const p = PRODUCTS[Math.floor(rnd() * PRODUCTS.length)];
      const day = Math.min(lastDay(DEMO_EVALUATION_YEAR, m), 8 + Math.floor(rnd() * 20));
      const due = iso(DEMO_EVALUATION_YEAR, m, day);
      const start = iso(DEMO_EVALUATION_YEAR, m, 1);
      if (start > today) continue;
      const roll = rnd();
      let state: GeneratedTask['state'] = 'DONE';
      let delay = 0;
      let qualityErrors = 0;
      if (profile === 'EXCELLENT') {
        if (roll < 0.12) delay = 1 + Math.floor(rnd() * 5);
      } else if (profile === 'GOOD') {
        if (roll < 0.22) state = 'OPEN';
        else if (roll < 0.4) delay = 3 + Math.floor(rnd() * 10);
        else if (roll < 0.48) qualityErrors = 1;
      } else if (profile === 'FAIR') {
        if (roll < 0.4) state = 'OPEN';
        else if (roll < 0.65) delay = 5 + Math.floor(rnd() * 15);
        else if (roll < 0.75) qualityErrors = 1;
      }
      const doneOnDate = new Date(Date.parse(`${due}T00:00:00Z`) + (delay - Math.floor(rnd() * 3)) * 86_400_000).toISOString().slice(0, 10);
      // Work not yet due on the demo day is still open; work done after the demo day is not done yet.
      if (state === 'DONE' && doneOnDate > today) state = 'OPEN';
      out.push({
        title: `${p.title} (tháng ${m}/${DEMO_EVALUATION_YEAR})`,
        product: p.product,
        source: p.source,
        start,
        due,
        state,
        doneOn: state === 'DONE' ? doneOnDate : null,
        qualityErrors,
        exceeded: (profile === 'EXCELLENT' && roll > 0.45) || (profile === 'EXEMPLARY' && roll > 0.35),
      });
    }
  }
  return out;
}

const GENERAL: Record<Exclude<Profile, 'NONE'>, { points: number; comment: string | null }> = {
  EXCELLENT: { points: 30, comment: null },
  EXEMPLARY: { points: 30, comment: null },
  STEADY: { points: 28, comment: 'Cần chủ động cập nhật kiến thức chuyên môn' },
  GOOD: { points: 27, comment: 'Cần chủ động đề xuất giải pháp hơn' },
  FAIR: { points: 22, comment: 'Còn chậm phối hợp, chưa chủ động báo cáo' },
};

/** Adds the department's staff, tasks and evaluations once; returns the number of people added. */
export async function seedDemoEvaluation(db: Db, options: { today: string }): Promise<number> {
  const { rows: units } = await db.query<{ id: number; assigning: number | null }>(`SELECT u.id, (SELECT id FROM org_unit WHERE code = 'BTTTT') AS assigning FROM org_unit u WHERE u.code = $1`, [
    DEMO_EVALUATION_UNIT,
  ]);
  const unit = units[0];
  if (!unit || unit.assigning === null) return 0;
  if ((await db.query('SELECT 1 FROM staff_member WHERE org_unit_id = $1 LIMIT 1', [unit.id])).rows.length) return 0;
  const today = options.today < `${DEMO_EVALUATION_YEAR}-12-31` ? options.today : `${DEMO_EVALUATION_YEAR}-12-31`;
  const ids: number[] = [];
  await db.transaction(async (tx) => {
    for (const [i, p] of DEMO_STAFF.entries()) {
      const { rows } = await tx.query<{ id: number }>(
        `INSERT INTO staff_member (full_name, org_unit_id, kind, position, is_manager, active_from) VALUES ($1, $2, $3, $4, $5, '2020-01-01') RETURNING id`,
        [p.name, unit.id, p.kind, p.position, p.isManager ?? false],
      );
      const staffId = rows[0].id;
      ids.push(staffId);
      const tasks = tasksOf(i, p.profile, today).map((t) => ({ ...t, staffId, responsible: p.name }));
      if (tasks.length) {
        const { rows: inserted } = await tx.query<{ id: number; title: string }>(
          `INSERT INTO task (title, source_kind, assigner_name, assigning_org_unit_id, lead_org_unit_id, responsible, responsible_staff_id, start_date, due_date,
             expected_product, state, done_on, progress_percent, confirmed_at, confirmed_by)
           SELECT r.title, r.source, 'Vụ trưởng Vụ Pháp chế', $2, $2, r.responsible, r."staffId", r.start, r.due, r.product, r.state, r."doneOn",
             CASE WHEN r.state = 'DONE' THEN 100 ELSE 50 END, CASE WHEN r.state = 'DONE' THEN now() END, CASE WHEN r.state = 'DONE' THEN 'demo' END
           FROM jsonb_to_recordset($1::jsonb) AS r(title text, source text, responsible text, "staffId" int, start date, due date, product text, state text, "doneOn" date)
           RETURNING id, title`,
          [JSON.stringify(tasks), unit.id],
        );
        const marks = tasks.flatMap((t, k) => (t.qualityErrors || t.exceeded ? [{ taskId: inserted[k].id, t }] : []));
        for (const { taskId, t } of marks) {
          await repo.upsertTaskMark(tx, {
            taskId,
            productKind: null,
            qualityErrors: t.qualityErrors,
            exceeded: t.exceeded,
            note: t.qualityErrors ? 'Dự thảo phải sửa lại do sai căn cứ pháp lý' : 'Hoàn thành trước hạn, vượt yêu cầu',
            markedBy: 'demo',
          });
        }
      }
      // The manager's general criteria for each month already past.
      if (p.profile !== 'NONE') {
        const g = GENERAL[p.profile];
        for (const period of periodsOfYear(DEMO_EVALUATION_YEAR, 'MONTH')) {
          if (`${period.slice(0, 4)}-${period.slice(4)}-01` > today) continue;
          await repo.upsertGeneralScore(tx, staffId, period, g.points, g.comment, 'demo');
        }
      }
    }
    await recordAudit(tx, SYSTEM_ACTOR, { action: 'evaluation.demo', objectType: 'staff_member', orgUnitId: unit.id, after: { unit: DEMO_EVALUATION_UNIT, people: ids.length }, reason: 'demo' });
  });

  // The year-end review: everyone but the linked civil servant (left for the journey) self-assessed and was assessed;
  // three decisions, one overriding the quota with the council's reason, and an appeal by one above the line.
  const staff = await repo.listStaff(db, { year: DEMO_EVALUATION_YEAR, ids });
  const { people } = await evaluateYear(db, staff, DEMO_EVALUATION_YEAR, today);
  const at = new Date(`${today}T02:00:00Z`);
  await db.transaction(async (tx) => {
    const aboveLine = [...people.values()].filter((x) => x.aboveQuotaLine && x.staff.kind === 'CONG_CHUC').sort((a, b) => (b.year.points ?? 0) - (a.year.points ?? 0));
    for (const [i, d] of DEMO_STAFF.entries()) {
      const p = people.get(ids[i])!;
      if (d.username === 'congchuc.vpc' || !p.ruleSet || p.scoreRating === null) continue;
      const ruleSetId = p.ruleSet.id;
      await repo.saveYear(tx, ids[i], DEMO_EVALUATION_YEAR, ruleSetId, {
        self_assessment: `Năm ${DEMO_EVALUATION_YEAR} hoàn thành các nhiệm vụ được giao theo kế hoạch của Vụ; chủ động tham mưu, thẩm định văn bản đúng tiến độ.`,
        self_rating: p.scoreRating,
        self_at: at,
        collective_comment: 'Tập thể Vụ nhất trí với kết quả tự đánh giá.',
        collective_at: at,
        manager_comment: p.aboveQuotaLine ? 'Đạt điểm xuất sắc nhưng vượt hạn mức 20 % của Vụ; đề nghị hoàn thành tốt.' : 'Đồng ý với kết quả theo dõi, đánh giá hằng tháng.',
        manager_rating: p.rating,
        manager_by: 'vutruong.vpc',
        manager_at: at,
      });
    }
    // Decisions: the one who keeps HTXSNV, the first above the line kept at HTTNV (then appealing), and the council
    // keeping the second above the line at HTXSNV for the Decree's exception (a reason recorded).
    const keeper = [...people.values()].find((x) => x.rating === 'HTXSNV' && x.staff.kind === 'CONG_CHUC');
    const decisions: { id: number; rating: string; computed: string | null; points: number | null; reason: string | null }[] = [];
    if (keeper) decisions.push({ id: keeper.staff.id, rating: 'HTXSNV', computed: keeper.rating, points: keeper.year.points, reason: null });
    if (aboveLine[0]) decisions.push({ id: aboveLine[0].staff.id, rating: 'HTTNV', computed: aboveLine[0].rating, points: aboveLine[0].year.points, reason: null });
    if (aboveLine[1]) {
      decisions.push({
        id: aboveLine[1].staff.id,
        rating: 'HTXSNV',
        computed: aboveLine[1].rating,
        points: aboveLine[1].year.points,
        reason: 'Hội đồng: chủ trì xây dựng Thông tư được Bộ trưởng khen thưởng đột xuất; áp dụng trường hợp tổ chức có thành tích nổi trội.',
      });
    }
    for (const d of decisions) {
      await repo.saveYear(tx, d.id, DEMO_EVALUATION_YEAR, 'DECREE_335_2025', {
        computed_points: d.points,
        computed_rating: d.computed,
        decided_rating: d.rating,
        decision_number: `215/QĐ-BTTTT`,
        override_reason: d.reason,
        decided_by: 'lanhdao',
        decided_at: at,
      });
    }
    if (aboveLine[0]) {
      await repo.insertAppeal(
        tx,
        aboveLine[0].staff.id,
        DEMO_EVALUATION_YEAR,
        'Điểm bình quân năm trên 90; đề nghị Hội đồng xem xét lại việc áp dụng hạn mức 20 % khi tính cả hai viên chức của Vụ.',
        'demo',
      );
    }
    await recordAudit(tx, SYSTEM_ACTOR, {
      action: 'evaluation.demo_review',
      objectType: 'evaluation_year',
      orgUnitId: unit.id,
      after: { decisions: decisions.length, appeals: aboveLine[0] ? 1 : 0 },
      reason: 'demo',
    });
  });
  return ids.length;
}

/** Links the department's demo accounts to their staff records (run once the accounts exist). */
export async function linkDemoEvaluationAccounts(db: Db): Promise<void> {
  for (const p of DEMO_STAFF) {
    if (!p.username) continue;
    await db.query(
      `UPDATE staff_member s SET user_id = u.id FROM app_user u WHERE u.username = $1 AND s.full_name = $2 AND s.user_id IS NULL
         AND s.org_unit_id = (SELECT id FROM org_unit WHERE code = $3) AND NOT EXISTS (SELECT 1 FROM staff_member x WHERE x.user_id = u.id)`,
      [p.username, p.name, DEMO_EVALUATION_UNIT],
    );
  }
}
