/**
 * Speed of the monthly briefing (JSON, DOCX, PDF) on the demo, and of the task list and scorecard with
 * many tasks. `node --import tsx bench/tasks-briefing.ts [--tasks 100000]` (PGlite, in process, app.inject).
 */
import { createTestApp } from '../src/server/testing/test-app.ts';
import { DEFAULT_DEMO_PASSWORD, seedDemo } from '../src/server/demo/seed.ts';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const TASKS = arg('tasks', 100_000);
const RUNS = arg('runs', 5);

async function time(label: string, run: () => Promise<{ statusCode: number; rawPayload: Buffer }>) {
  const ms: number[] = [];
  let bytes = 0;
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    const res = await run();
    ms.push(performance.now() - t0);
    if (res.statusCode !== 200) throw new Error(`${label}: ${res.statusCode} ${res.rawPayload.toString().slice(0, 300)}`);
    bytes = res.rawPayload.length;
  }
  const sorted = [...ms].sort((a, b) => a - b);
  console.log(`${label.padEnd(58)} first ${ms[0].toFixed(0).padStart(6)} ms  median ${sorted[Math.floor(RUNS / 2)].toFixed(0).padStart(6)} ms  max ${sorted[RUNS - 1].toFixed(0).padStart(6)} ms  ${bytes} bytes`);
}

const now = new Date('2023-12-05T03:00:00Z');
const t = await createTestApp({ env: { DEMO: 'true' }, clock: () => now });
try {
  await seedDemo(t.db, { today: '2023-12-05' });
  const leader = await t.login('lanhdao', DEFAULT_DEMO_PASSWORD);
  for (const format of ['json', 'docx', 'pdf']) {
    await time(`briefing 202310 BTTTT ${format}`, () => leader.get(`/api/briefings/monthly?month=202310&orgUnit=BTTTT&format=${format}`));
  }
  // Many tasks: assigned by the ministry to its departments and to the provinces, due over 2022–2024, a mix of states.
  await t.db.query(
    `WITH units AS (SELECT array_agg(id ORDER BY id) AS ids FROM org_unit WHERE level = 2),
          ministry AS (SELECT id FROM org_unit WHERE code = 'BTTTT')
     INSERT INTO task (title, source_kind, source_number, assigner_name, assigning_org_unit_id, lead_org_unit_id, start_date, due_date, state, done_on, cancel_reason, progress_percent)
     SELECT 'Nhiệm vụ thử ' || g, 'BRIEFING', (g % 200) || '/TB-BTTTT', 'Bộ trưởng', (SELECT id FROM ministry), u.ids[1 + g % array_length(u.ids, 1)],
            d, d + 60, s,
            CASE WHEN s IN ('DONE', 'DONE_REPORTED') THEN d + 30 + (g % 60) END,
            CASE WHEN s = 'CANCELLED' THEN 'Gộp' END, (g % 100)
       FROM generate_series(1, $1::int) g, units u,
            LATERAL (SELECT DATE '2022-01-01' + (g % 900) AS d, (ARRAY['OPEN', 'DONE', 'DONE', 'DONE_REPORTED', 'CANCELLED', 'OPEN', 'DONE'])[1 + g % 7] AS s) x`,
    [TASKS],
  );
  const n = (await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM task')).rows[0].n;
  console.log(`tasks: ${n}`);
  const officer = await t.login('canbo.hanoi', DEFAULT_DEMO_PASSWORD);
  await time(`task list, leadership, all (${n} tasks, first 100)`, () => leader.get('/api/tasks?limit=100'));
  await time('task list, leadership, overdue only', () => leader.get('/api/tasks?status=OPEN_OVERDUE&limit=100'));
  await time('task list, one province (MINE)', () => officer.get('/api/tasks?view=MINE&limit=100'));
  await time('scorecard by unit, leadership', () => leader.get('/api/tasks/scorecard?by=UNIT'));
  await time('scorecard by month, leadership', () => leader.get('/api/tasks/scorecard?by=MONTH'));
} finally {
  await t.close();
}
