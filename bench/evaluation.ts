/**
 * Speed of staff evaluation: the monthly scores of 5,000 civil servants from 500,000 task records (target ≤ 5 s),
 * and the quota view of one unit (target ≤ 200 ms), beside a reference: the bare SQL aggregate that only counts
 * each person's tasks by month and outcome (no product kinds, no rules, no general criteria).
 *
 *   node --import tsx bench/evaluation.ts [--staff 5000] [--tasks 500000] [--runs 5]
 *
 * PGlite in process by default; TEST_DATABASE_URL=postgres://… runs it on PostgreSQL. The year is 2026, judged on
 * 3 December 2026: 250 units of 20 people, tasks spread over the months, a mix of done on time, late, open and
 * cancelled, products named from a dozen kinds of wording, one in ten unplanned, general criteria scored monthly.
 */
import { createTestApp, insertOrgUnit } from '../src/server/testing/test-app.ts';
import * as repo from '../src/server/modules/evaluation/repo.ts';
import { evaluateYear } from '../src/server/modules/evaluation/scoring.ts';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const STAFF = arg('staff', 5000);
const TASKS = arg('tasks', 500_000);
const RUNS = arg('runs', 5);
const PER_UNIT = 20;
const TODAY = '2026-12-03';

async function time<T>(label: string, run: () => Promise<T>, describe: (r: T) => string = () => ''): Promise<number> {
  const ms: number[] = [];
  let last: T | undefined;
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    last = await run();
    ms.push(performance.now() - t0);
  }
  const sorted = [...ms].sort((a, b) => a - b);
  const median = sorted[Math.floor(RUNS / 2)];
  console.log(`| ${label} | ${ms[0].toFixed(0)} | ${median.toFixed(0)} | ${sorted[RUNS - 1].toFixed(0)} | ${describe(last as T)} |`);
  return median;
}

const t = await createTestApp({ clock: () => new Date(`${TODAY}T03:00:00Z`) });
try {
  const t0 = performance.now();
  await insertOrgUnit(t.db, 'BO', 'Bộ thử nghiệm', null);
  const units = Math.ceil(STAFF / PER_UNIT);
  for (let u = 1; u <= units; u++) await insertOrgUnit(t.db, `DV${u}`, `Đơn vị ${u}`, 'BO');
  await t.db.query(
    `INSERT INTO staff_member (full_name, org_unit_id, kind)
     SELECT 'Công chức ' || g, (SELECT id FROM org_unit WHERE code = 'DV' || (1 + (g - 1) / $2)), CASE WHEN g % 10 = 0 THEN 'VIEN_CHUC' ELSE 'CONG_CHUC' END
     FROM generate_series(1, $1::int) g`,
    [STAFF, PER_UNIT],
  );
  await t.db.query(
    `WITH s AS (SELECT array_agg(id ORDER BY id) AS ids FROM staff_member), bo AS (SELECT id FROM org_unit WHERE code = 'BO')
     INSERT INTO task (title, source_kind, assigner_name, assigning_org_unit_id, lead_org_unit_id, responsible_staff_id, start_date, due_date, expected_product, state, done_on, cancel_reason)
     SELECT 'Nhiệm vụ ' || g, CASE WHEN g % 10 = 0 THEN 'DIRECTIVE' ELSE 'PLAN' END, 'Lãnh đạo', bo.id, sm.org_unit_id, sm.id, d - 20, d,
            (ARRAY['Báo cáo tháng', 'Dự thảo Thông tư', 'Đề án', 'Hệ thống thông tin', 'Công văn trả lời', 'Kế hoạch triển khai', 'Báo cáo chuyên đề',
                   'Tờ trình', 'Cơ sở dữ liệu', 'Văn bản góp ý', 'Quyết định', 'Biên bản làm việc'])[1 + g % 12] || ' số ' || g,
            st, CASE WHEN st IN ('DONE', 'DONE_REPORTED') THEN d + (CASE WHEN g % 9 = 0 THEN 7 ELSE -1 END) END, CASE WHEN st = 'CANCELLED' THEN 'Gộp' END
     FROM generate_series(1, $1::int) g, s, bo,
          LATERAL (SELECT s.ids[1 + g % array_length(s.ids, 1)] AS sid, DATE '2026-01-05' + (g % 330) AS d,
                          (ARRAY['DONE', 'DONE', 'DONE', 'DONE', 'OPEN', 'DONE', 'DONE_REPORTED', 'DONE', 'CANCELLED', 'DONE'])[1 + (g / 7) % 10] AS st) x
          JOIN staff_member sm ON sm.id = x.sid`,
    [TASKS],
  );
  await t.db.query(
    `INSERT INTO evaluation_general_score (staff_id, period, points, comment)
     SELECT s.id, '2026' || lpad(m::text, 2, '0'), 26 + (s.id + m) % 5, 'Nhận xét' FROM staff_member s, generate_series(1, 11) m`,
  );
  await t.db.query('ANALYZE');
  const n = (await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM task')).rows[0].n;
  console.log(`${t.db.kind}: ${STAFF} people in ${units} units, ${n} tasks, loaded in ${((performance.now() - t0) / 1000).toFixed(1)} s; runs: ${RUNS} (ms)\n`);
  console.log('| measure | first | median | max | result |');
  console.log('| --- | ---: | ---: | ---: | --- |');

  const staff = await repo.listStaff(t.db, { year: 2026 });
  await time(
    'reference: bare SQL count by person × month × outcome',
    async () =>
      (
        await t.db.query(
          `SELECT responsible_staff_id, to_char(coalesce(extended_due_date, due_date), 'YYYYMM') AS period,
              CASE WHEN state = 'DONE' THEN CASE WHEN done_on <= coalesce(extended_due_date, due_date) THEN 'ON_TIME' ELSE 'LATE' END
                   WHEN state = 'DONE_REPORTED' OR coalesce(extended_due_date, due_date) >= $1::date THEN 'PENDING' ELSE 'NOT_DONE' END AS outcome, count(*)
       FROM task WHERE responsible_staff_id IS NOT NULL AND state <> 'CANCELLED' AND coalesce(extended_due_date, due_date) BETWEEN '2026-01-01' AND '2026-12-31'
       GROUP BY 1, 2, 3`,
          [TODAY],
        )
      ).rows.length,
    (rows) => `${rows} rows`,
  );
  await time(
    `monthly scores of ${STAFF} people (12 months, both rule sets, quota per unit)`,
    () => evaluateYear(t.db, staff, 2026, TODAY),
    (e) => {
      const rated = [...e.people.values()].filter((p) => p.rating !== null).length;
      const above = e.quotas.reduce((a, q) => a + q.aboveLine.length, 0);
      return `${e.people.size} people, ${rated} rated, ${above} above a quota line`;
    },
  );
  await t.createUser('admin', [{ role: 'ADMIN', orgUnit: null }]);
  const client = await t.login('admin');
  await time(
    'quota view of one unit (GET /api/evaluation/units?orgUnit=DV3)',
    async () => {
      const res = await client.get('/api/evaluation/units?year=2026&orgUnit=DV3');
      if (res.statusCode !== 200) throw new Error(res.body);
      return res.json() as { people: unknown[]; quotas: { aboveLine: unknown[] }[] };
    },
    (r) => `${r.people.length} people, ${r.quotas.map((q) => q.aboveLine.length).join('+')} above the line`,
  );
  const someone = staff[Math.min(123, staff.length - 1)].id;
  await time(
    'one person with the source tasks of each month (GET /api/evaluation/staff/:id)',
    async () => {
      const res = await client.get(`/api/evaluation/staff/${someone}?year=2026`);
      if (res.statusCode !== 200) throw new Error(res.body);
      return res.json() as { periods: { sources: unknown[] }[] };
    },
    (r) => `${r.periods.reduce((a, p) => a + p.sources.length, 0)} source tasks`,
  );
} finally {
  await t.close();
}
