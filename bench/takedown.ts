/**
 * Takedown cases at scale: 100,000 cases with their answers imported from one CSV through
 * POST /api/takedown/import/cases (parse, check every row, batches, cases, answers, judgement, audit — one
 * transaction; on PostgreSQL the cases and answers go in by COPY), and the platform scorecard of a year (one
 * GROUP BY over the stored Vietnamese month of sending, migration 0181); beside references: the same rows
 * written by bare SQL (INSERT … SELECT over generate_series) and the scorecard's bare GROUP BY, both with the
 * month computed per row from sent_at and with the stored month.
 *
 *   node --import tsx bench/takedown.ts [--cases 100000] [--runs 5]          (PGlite, in process)
 *   TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres node --import tsx bench/takedown.ts
 */
import { createTestApp, insertOrgUnit } from '../src/server/testing/test-app.ts';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const CASES = arg('cases', 100_000);
const RUNS = arg('runs', 5);
const PER_LETTER = 50;
const PLATFORMS = ['FACEBOOK', 'YOUTUBE', 'TIKTOK'];
const OUTCOMES = ['REMOVED', 'REMOVED', 'REMOVED', 'REMOVED', 'REMOVED', 'REMOVED', 'REMOVED', 'REMOVED', 'GEO_BLOCKED', 'REFUSED', 'NO_ANSWER', ''];

function csv(n: number, tag: string): Buffer {
  const lines = ['platform,letter_number,letter_date,sent_at,url,account,violation_kind,legal_basis,found_by,found_by_detail,outcome,answered_at,reason'];
  for (let i = 0; i < n; i++) {
    const letter = Math.floor(i / PER_LETTER);
    const platform = PLATFORMS[letter % 3];
    const day = 1 + (letter % 28);
    const month = 1 + (Math.floor(letter / 28) % 12);
    const dd = String(day).padStart(2, '0');
    const mm = String(month).padStart(2, '0');
    const outcome = OUTCOMES[i % OUTCOMES.length];
    const hours = 9 + (i % 13) + (i % 9 === 0 ? 30 : 0);
    const answered = new Date(Date.UTC(2023, month - 1, day, hours - 7, 15));
    // Written as Hà Nội wall-clock time; one answer in nine comes a day late.
    const answeredVn = new Date(answered.getTime() + 7 * 3_600_000);
    const answerCell = outcome
      ? `${String(answeredVn.getUTCDate()).padStart(2, '0')}/${String(answeredVn.getUTCMonth() + 1).padStart(2, '0')}/${answeredVn.getUTCFullYear()} ${String(answeredVn.getUTCHours()).padStart(2, '0')}:15`
      : '';
    lines.push(
      [
        platform,
        `${tag}${letter}/CPTTH`,
        `2023-${mm}-${dd}`,
        `${dd}/${mm}/2023 09:00`,
        `https://example.vn/${tag}/${platform.toLowerCase()}/${i}`,
        `@acc${i % 5000}`,
        'FALSE_INFORMATION',
        'Điểm d khoản 1 Điều 5 Nghị định 72/2013/NĐ-CP',
        'MONITORING',
        '',
        outcome,
        answerCell,
        outcome === 'REFUSED' ? 'Không vi phạm tiêu chuẩn cộng đồng' : '',
      ].join(','),
    );
  }
  return Buffer.from(`${lines.join('\n')}\n`);
}

function multipart(bytes: Buffer, fileName: string) {
  const boundary = '----tiendo-bench';
  const head = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\nContent-Type: text/csv\r\n\r\n`;
  return { payload: Buffer.concat([Buffer.from(head), bytes, Buffer.from(`\r\n--${boundary}--\r\n`)]), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

const ms = (t0: number) => `${(performance.now() - t0).toFixed(0).padStart(7)} ms`;

const t = await createTestApp({ clock: () => new Date('2024-02-01T03:00:00Z') });
try {
  await insertOrgUnit(t.db, 'BO', 'Bộ', null);
  await insertOrgUnit(t.db, 'CUC_GS', 'Cục Giám sát', 'BO');
  await t.createUser('admin', [{ role: 'ADMIN', orgUnit: null }]);
  const admin = await t.login('admin');
  for (const code of PLATFORMS) await admin.post('/api/takedown/platforms', { code, nameVi: code });
  await admin.post('/api/takedown/monitoringUnits', { orgUnit: 'CUC_GS' });
  console.log(`database: ${process.env.TEST_DATABASE_URL ? 'PostgreSQL' : 'PGlite'}; ${CASES} cases, ${PER_LETTER} per letter`);

  const file = csv(CASES, 'A');
  console.log(`CSV: ${(file.length / 1024 / 1024).toFixed(1)} MB`);
  let t0 = performance.now();
  const dry = await admin.request({ method: 'POST', url: '/api/takedown/import/cases?orgUnit=CUC_GS&dryRun=true', ...multipart(file, 'bench.csv') });
  if (dry.statusCode !== 200) throw new Error(`dry run: ${dry.statusCode} ${dry.body.slice(0, 500)}`);
  console.log(`  of which reading the CSV and checking every row (dryRun=true)          ${ms(t0)}`);
  t0 = performance.now();
  const res = await admin.request({ method: 'POST', url: '/api/takedown/import/cases?orgUnit=CUC_GS', ...multipart(file, 'bench.csv') });
  if (res.statusCode !== 200) throw new Error(`import: ${res.statusCode} ${res.body.slice(0, 500)}`);
  console.log(`import ${CASES} cases with answers (CSV, all checks, one transaction) ${ms(t0)}   ${res.body}`);

  // Reference: the same number of cases and answers written by bare SQL, nothing checked or judged.
  t0 = performance.now();
  await t.db.transaction(async (tx) => {
    await tx.query(
      `INSERT INTO takedown_batch (org_unit_id, platform_id, letter_number, letter_date, sent_at)
       SELECT (SELECT id FROM org_unit WHERE code = 'CUC_GS'), 1 + g % 3, 'R' || g, DATE '2023-01-01' + g % 360, TIMESTAMPTZ '2023-01-01 09:00+07' + (g % 360) * interval '1 day'
         FROM generate_series(0, $1::int - 1) g`,
      [Math.ceil(CASES / PER_LETTER)],
    );
    await tx.query(
      `INSERT INTO takedown_case (batch_id, platform_id, org_unit_id, url, account, account_key, violation_kind, legal_basis, found_by, sent_at)
       SELECT b.id, b.platform_id, b.org_unit_id, 'https://example.vn/r/' || g, '@acc' || g % 5000, 'acc' || g % 5000, 'FALSE_INFORMATION', 'Điều 5', 'MONITORING', b.sent_at
         FROM generate_series(0, $1::int - 1) g JOIN takedown_batch b ON b.letter_number = 'R' || (g / ${PER_LETTER})`,
      [CASES],
    );
    await tx.query(`INSERT INTO takedown_answer (case_id, outcome, answered_at) SELECT c.id, 'REMOVED', c.sent_at + interval '5 hours' FROM takedown_case c WHERE c.url LIKE 'https://example.vn/r/%'`);
  });
  console.log(`reference: bare SQL, ${CASES} cases + answers                         ${ms(t0)}`);

  const total = (await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM takedown_case')).rows[0].n;
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    t0 = performance.now();
    const card = await admin.get('/api/takedown/scorecard?year=2023');
    if (card.statusCode !== 200) throw new Error(card.body);
    times.push(performance.now() - t0);
  }
  const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  console.log(`scorecard 2023 by quarter (${total} cases), GET /api/takedown/scorecard  median ${med(times).toFixed(0)} ms  (first ${times[0].toFixed(0)} ms)`);
  const bare: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    t0 = performance.now();
    await t.db.query(
      `SELECT platform_id, to_char((sent_at AT TIME ZONE 'UTC') + interval '7 hours', 'YYYYMM') AS m, count(*), count(*) FILTER (WHERE outcome = 'REMOVED'), count(*) FILTER (WHERE within_deadline)
         FROM takedown_case WHERE sent_at >= '2023-01-01T00:00:00+07' AND sent_at < '2024-01-01T00:00:00+07' GROUP BY 1, 2`,
    );
    bare.push(performance.now() - t0);
  }
  console.log(`reference: bare GROUP BY of the same counts, month of sent_at per row  median ${med(bare).toFixed(0)} ms`);
  const stored: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    t0 = performance.now();
    await t.db.query(
      `SELECT platform_id, sent_month, count(*), count(*) FILTER (WHERE outcome = 'REMOVED'), count(*) FILTER (WHERE within_deadline)
         FROM takedown_case WHERE sent_month BETWEEN 202301 AND 202312 GROUP BY 1, 2`,
    );
    stored.push(performance.now() - t0);
  }
  console.log(`reference: bare GROUP BY of the same counts, stored sent_month            median ${med(stored).toFixed(0)} ms`);
  // After the table is vacuumed (as autovacuum does after a large import): the month index can answer alone.
  await t.db.query('VACUUM (ANALYZE) takedown_case');
  const vac: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    t0 = performance.now();
    const card = await admin.get('/api/takedown/scorecard?year=2023');
    if (card.statusCode !== 200) throw new Error(card.body);
    vac.push(performance.now() - t0);
  }
  console.log(`scorecard 2023 after VACUUM (ANALYZE) takedown_case                     median ${med(vac).toFixed(0)} ms`);
} finally {
  await t.close();
}
