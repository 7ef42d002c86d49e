import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDb } from '../../db/db.ts';
import { MIGRATIONS_DIR, migrate } from '../../db/migrate.ts';
import { insertOrgUnit } from '../../testing/test-app.ts';

// Migration 0189 gives each recorded state change its day, backfilled from the task's history, then the audit
// trail, then the row's own timestamps; a task cancelled while awaiting confirmation gets back its report day.
test('migration 0189 backfills the days of confirmations, extensions and cancellations from the history and the audit trail', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tiendo-0189-'));
  const files = fs.readdirSync(MIGRATIONS_DIR).filter((f) => /^\d{4}_.*\.sql$/.test(f));
  for (const f of files) if (f < '0189') fs.copyFileSync(path.join(MIGRATIONS_DIR, f), path.join(dir, f));
  const db = await openDb({ dataDir: 'memory://' });
  try {
    await migrate(db, undefined, { dir });
    const unitId = await insertOrgUnit(db, 'BO', 'Bộ Alpha', null);
    const task = async (state: string, extra: string, values: unknown[]) =>
      (
        await db.query<{ id: number }>(
          `INSERT INTO task (title, source_kind, assigner_name, assigning_org_unit_id, lead_org_unit_id, start_date, due_date, state${extra ? `, ${extra}` : ''})
         VALUES ('Nhiệm vụ', 'BRIEFING', 'Bộ trưởng', $1, $1, '2023-01-02', '2023-03-31', $2${values.map((_, i) => `, $${i + 3}`).join('')}) RETURNING id`,
          [unitId, state, ...values],
        )
      ).rows[0].id;
    const update = (id: number, kind: string, on: string, requested: string | null = null) =>
      db.query('INSERT INTO task_update (task_id, kind, on_date, requested_due_date) VALUES ($1, $2, $3, $4)', [id, kind, on, requested]);
    const audit = (id: number, action: string, at: string) =>
      db.query(`INSERT INTO audit_log (at, actor_kind, action, object_type, object_id) VALUES ($1, 'system', $2, 'task', $3)`, [at, action, String(id)]);

    // From the history.
    const confirmed = await task('DONE', 'done_on, confirmed_at', ['2023-03-20', '2023-05-02T01:00:00Z']);
    await update(confirmed, 'DONE_REPORTED', '2023-03-20');
    await update(confirmed, 'CONFIRMED', '2023-04-03');
    const extended = await task('OPEN', 'extended_due_date', ['2023-06-30']);
    await update(extended, 'EXTENSION_APPROVED', '2023-04-10', '2023-06-30');
    // Cancelled while its done report waited: the report day comes back.
    const cancelledReported = await task('CANCELLED', 'cancel_reason', ['Gộp']);
    await update(cancelledReported, 'DONE_REPORTED', '2023-04-01');
    await update(cancelledReported, 'CANCELLED', '2023-04-15');
    // Cancelled after a return: no report day.
    const cancelledReturned = await task('CANCELLED', 'cancel_reason', ['Gộp']);
    await update(cancelledReturned, 'DONE_REPORTED', '2023-04-01');
    await update(cancelledReturned, 'RETURNED', '2023-04-02');
    await update(cancelledReturned, 'CANCELLED', '2023-04-15');
    // From the audit trail only (a Vietnamese day: 23:30 UTC is the next morning in Hà Nội).
    const auditedExtension = await task('OPEN', 'extended_due_date', ['2023-07-31']);
    await audit(auditedExtension, 'task.extension_approve', '2023-04-20T23:30:00Z');
    const auditedCancel = await task('CANCELLED', 'cancel_reason', ['Gộp']);
    await audit(auditedCancel, 'task.cancel', '2023-05-05T02:00:00Z');
    // From the row alone; and what nothing records stays unknown.
    const rowConfirmed = await task('DONE', 'done_on, confirmed_at', ['2023-03-25', '2023-03-27T20:00:00Z']);
    const unknownExtension = await task('OPEN', 'extended_due_date', ['2023-08-31']);

    fs.copyFileSync(path.join(MIGRATIONS_DIR, '0189_task_state_days.sql'), path.join(dir, '0189_task_state_days.sql'));
    await migrate(db, undefined, { dir });
    const row = async (id: number) =>
      (
        await db.query<{ confirmed_on: string | null; extended_on: string | null; cancelled_on: string | null; done_on: string | null }>(
          `SELECT to_char(confirmed_on, 'YYYY-MM-DD') AS confirmed_on, to_char(extended_on, 'YYYY-MM-DD') AS extended_on,
                to_char(cancelled_on, 'YYYY-MM-DD') AS cancelled_on, to_char(done_on, 'YYYY-MM-DD') AS done_on FROM task WHERE id = $1`,
          [id],
        )
      ).rows[0];
    assert.equal((await row(confirmed)).confirmed_on, '2023-04-03', 'the history before the row timestamp');
    assert.equal((await row(extended)).extended_on, '2023-04-10');
    assert.deepEqual(await row(cancelledReported), { confirmed_on: null, extended_on: null, cancelled_on: '2023-04-15', done_on: '2023-04-01' });
    assert.equal((await row(cancelledReturned)).done_on, null);
    assert.equal((await row(auditedExtension)).extended_on, '2023-04-21');
    assert.equal((await row(auditedCancel)).cancelled_on, '2023-05-05');
    assert.equal((await row(rowConfirmed)).confirmed_on, '2023-03-28');
    assert.equal((await row(unknownExtension)).extended_on, null);
  } finally {
    await db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
