/**
 * Speed of the monthly briefing (JSON, DOCX, PDF) on the demo, and of the task list and scorecard with
 * many tasks. `node --import tsx bench/tasks-briefing.ts [--tasks 100000] [--runs 5] [--no-briefing] [--explain]`
 * (in process, app.inject; PGlite, or PostgreSQL with TEST_DATABASE_URL set).
 * Each product request is printed beside a reference: the bare SQL over the same table in the same run.
 * --explain prints EXPLAIN ANALYZE of the slowest statement of each request.
 */
import { createTestApp } from '../src/server/testing/test-app.ts';
import { DEFAULT_DEMO_PASSWORD, seedDemo } from '../src/server/demo/seed.ts';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const TASKS = arg('tasks', 100_000);
const RUNS = arg('runs', 5);
const BRIEFING = !process.argv.includes('--no-briefing');
const EXPLAIN = process.argv.includes('--explain');

const now = new Date('2023-12-05T03:00:00Z');
const t = await createTestApp({ env: { DEMO: 'true' }, clock: () => now });

// Every statement of a request, with its time, so that --explain can show the plan of the slowest.
let statements: { sql: string; params: readonly unknown[] | undefined; ms: number }[] = [];
const query = t.db.query.bind(t.db);
t.db.query = (async (sql: string, params?: readonly unknown[]) => {
  const t0 = performance.now();
  try {
    return await query(sql, params);
  } finally {
    statements.push({ sql, params, ms: performance.now() - t0 });
  }
}) as typeof t.db.query;

async function time(label: string, run: () => Promise<{ statusCode: number; rawPayload: Buffer } | void>) {
  const ms: number[] = [];
  let bytes = 0;
  let slowest: (typeof statements)[number] | undefined;
  for (let i = 0; i < RUNS; i++) {
    statements = [];
    const t0 = performance.now();
    const res = await run();
    ms.push(performance.now() - t0);
    if (res && res.statusCode !== 200) throw new Error(`${label}: ${res.statusCode} ${res.rawPayload.toString().slice(0, 300)}`);
    if (res) bytes = res.rawPayload.length;
    slowest = [...statements].sort((a, b) => b.ms - a.ms)[0];
  }
  const sorted = [...ms].sort((a, b) => a - b);
  console.log(
    `${label.padEnd(64)} first ${ms[0].toFixed(0).padStart(6)} ms  median ${sorted[Math.floor(RUNS / 2)].toFixed(0).padStart(6)} ms  max ${sorted[RUNS - 1].toFixed(0).padStart(6)} ms  ${bytes} bytes`,
  );
  if (EXPLAIN && slowest && !slowest.sql.startsWith('EXPLAIN')) {
    const plan = await query<Record<string, string>>(`EXPLAIN (ANALYZE, COSTS OFF) ${slowest.sql}`, slowest.params);
    console.log(`  slowest statement ${slowest.ms.toFixed(0)} ms:\n${plan.rows.map((r) => `    ${Object.values(r)[0]}`).join('\n')}`);
  }
}
const sql =
  (text: string, params: unknown[] = []) =>
  async () => {
    await t.db.query(text, params);
  };

try {
  await seedDemo(t.db, { today: '2023-12-05' });
  const leader = await t.login('lanhdao', DEFAULT_DEMO_PASSWORD);
  if (BRIEFING) {
    for (const format of ['json', 'docx', 'pdf']) {
      await time(`briefing 202310 BTTTT ${format}`, () => leader.get(`/api/briefings/monthly?month=202310&orgUnit=BTTTT&format=${format}`));
    }
  }
  // Many tasks: assigned by the ministry to its departments and to the provinces, due over 2022–2024, a mix of states.
  await t.db.query(
    `WITH units AS (SELECT array_agg(id ORDER BY id) AS ids FROM org_unit WHERE level = 2),
          ministry AS (SELECT id FROM org_unit WHERE code = 'BTTTT')
     INSERT INTO task (title, source_kind, source_number, assigner_name, assigning_org_unit_id, lead_org_unit_id, start_date, due_date, state, done_on, cancel_reason, progress_percent,
                       confirmed_on, cancelled_on)
     SELECT 'Nhiệm vụ thử ' || g, 'BRIEFING', (g % 200) || '/TB-BTTTT', 'Bộ trưởng', (SELECT id FROM ministry), u.ids[1 + g % array_length(u.ids, 1)],
            d, d + 60, s,
            CASE WHEN s IN ('DONE', 'DONE_REPORTED') THEN d + 30 + (g % 60) END,
            CASE WHEN s = 'CANCELLED' THEN 'Gộp' END, (g % 100),
            -- The days of the state changes (migration 0189): confirmed a few days after the report, cancelled 20 days in.
            CASE WHEN s = 'DONE' THEN d + 30 + (g % 60) + (g % 5) END, CASE WHEN s = 'CANCELLED' THEN d + 20 END
       FROM generate_series(1, $1::int) g, units u,
            LATERAL (SELECT DATE '2022-01-01' + (g % 900) AS d, (ARRAY['OPEN', 'DONE', 'DONE', 'DONE_REPORTED', 'CANCELLED', 'OPEN', 'DONE'])[1 + g % 7] AS s) x`,
    [TASKS],
  );
  // A co-operating unit on one task in ten, as the lists offices keep have.
  await t.db.query(
    `INSERT INTO task_co_unit (task_id, org_unit_id)
     SELECT t.id, (SELECT id FROM org_unit WHERE level = 2 AND id <> t.lead_org_unit_id ORDER BY id LIMIT 1) FROM task t WHERE t.id % 10 = 0`,
  );
  await t.db.query('ANALYZE');
  const n = (await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM task')).rows[0].n;
  const someTask = (await t.db.query<{ id: number }>(`SELECT id FROM task WHERE title = 'Nhiệm vụ thử 777'`)).rows[0].id;
  console.log(`tasks: ${n} (${process.env.TEST_DATABASE_URL ? 'PostgreSQL' : 'PGlite'})`);
  const officer = await t.login('canbo.hanoi', DEFAULT_DEMO_PASSWORD);
  await time('reference: SELECT count(*) FROM task', sql('SELECT count(*) FROM task'));
  await time('reference: 100 tasks by due date (bare SELECT … ORDER BY … LIMIT 100)', sql('SELECT * FROM task ORDER BY coalesce(extended_due_date, due_date), id LIMIT 100'));
  await time('reference: count by lead unit × state (bare GROUP BY)', sql('SELECT lead_org_unit_id, state, count(*) FROM task GROUP BY 1, 2'));
  await time(
    'reference: statuses by lead unit side by side (bare GROUP BY … FILTER)',
    sql(
      `SELECT lead_org_unit_id, count(*) FILTER (WHERE state = 'CANCELLED'), count(*) FILTER (WHERE state = 'DONE' AND done_on <= coalesce(extended_due_date, due_date)),
              count(*) FILTER (WHERE state = 'DONE'), count(*) FILTER (WHERE state IN ('OPEN', 'DONE_REPORTED') AND (CASE WHEN state = 'DONE_REPORTED' THEN done_on ELSE $1::date END) <= coalesce(extended_due_date, due_date)),
              count(*) FILTER (WHERE state IN ('OPEN', 'DONE_REPORTED')) FROM task GROUP BY 1`,
      ['2023-12-05'],
    ),
  );
  await time(`task list, leadership, all (${n} tasks, first 100)`, () => leader.get('/api/tasks?limit=100'));
  await time('task list, leadership, overdue only', () => leader.get('/api/tasks?status=OPEN_OVERDUE&limit=100'));
  await time('task list, leadership, one sector-less month (dueFrom/dueTo)', () => leader.get('/api/tasks?dueFrom=2023-03-01&dueTo=2023-03-31&limit=100'));
  await time('task list, one province (MINE)', () => officer.get('/api/tasks?view=MINE&limit=100'));
  await time('task page (one task, its history and subtasks)', () => leader.get(`/api/tasks/${someTask}`));
  await time('scorecard by unit, leadership', () => leader.get('/api/tasks/scorecard?by=UNIT'));
  await time('scorecard by month, leadership', () => leader.get('/api/tasks/scorecard?by=MONTH'));
  await time('scorecard by unit, one province', () => officer.get('/api/tasks/scorecard?by=UNIT'));
  // As of a past day: each task read as it stood then (src/core/tasks.ts taskAsOf, its SQL twin).
  await time('scorecard by unit, leadership, as of 30/06/2023', () => leader.get('/api/tasks/scorecard?by=UNIT&asOf=2023-06-30'));
  await time('scorecard by month, leadership, each month as of its end', () => leader.get('/api/tasks/scorecard?by=MONTH&asOf=MONTH_END'));
} finally {
  await t.close();
}
