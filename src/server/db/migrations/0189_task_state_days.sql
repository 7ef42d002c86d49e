-- Tasks judged "as of" a past day (the briefing of a past month, the scorecard by month): the task row keeps
-- the Vietnamese day each state change took effect, so that one pass over `task` can read what a task was on
-- that day. done_on (the day done was reported) already existed; an approved extension, a confirmation and a
-- cancellation had no day on the row (only in task_update and the audit trail).
ALTER TABLE task ADD COLUMN confirmed_on date;
ALTER TABLE task ADD COLUMN extended_on date;
ALTER TABLE task ADD COLUMN cancelled_on date;

-- Backfill, most exact first: the task's own history (task_update.on_date, a Vietnamese day), then the audit
-- trail (audit_log.at at Vietnam time), then the row's own timestamps.
UPDATE task t SET confirmed_on = coalesce(
    (SELECT max(u.on_date) FROM task_update u WHERE u.task_id = t.id AND u.kind = 'CONFIRMED'),
    (SELECT max((a.at AT TIME ZONE INTERVAL '+07:00')::date) FROM audit_log a WHERE a.object_type = 'task' AND a.object_id = t.id::text AND a.action = 'task.confirm'),
    (t.confirmed_at AT TIME ZONE INTERVAL '+07:00')::date)
  WHERE t.state = 'DONE';

UPDATE task t SET extended_on = coalesce(
    (SELECT max(u.on_date) FROM task_update u WHERE u.task_id = t.id AND u.kind = 'EXTENSION_APPROVED' AND u.requested_due_date = t.extended_due_date),
    (SELECT max((a.at AT TIME ZONE INTERVAL '+07:00')::date) FROM audit_log a WHERE a.object_type = 'task' AND a.object_id = t.id::text AND a.action = 'task.extension_approve'))
  WHERE t.extended_due_date IS NOT NULL;

-- A cancelled task is never edited again, so its last change is the cancellation.
UPDATE task t SET cancelled_on = coalesce(
    (SELECT max(u.on_date) FROM task_update u WHERE u.task_id = t.id AND u.kind = 'CANCELLED'),
    (SELECT max((a.at AT TIME ZONE INTERVAL '+07:00')::date) FROM audit_log a WHERE a.object_type = 'task' AND a.object_id = t.id::text AND a.action = 'task.cancel'),
    (t.updated_at AT TIME ZONE INTERVAL '+07:00')::date)
  WHERE t.state = 'CANCELLED';

-- A task cancelled while its done report waited for confirmation now keeps the day of that report (before, the
-- cancellation cleared it): restored from the history when the last state change before the cancellation was
-- the done report.
UPDATE task t SET done_on = r.on_date
  FROM (SELECT DISTINCT ON (u.task_id) u.task_id, u.kind, u.on_date FROM task_update u
         WHERE u.kind IN ('DONE_REPORTED', 'RETURNED', 'CONFIRMED') ORDER BY u.task_id, u.id DESC) r
 WHERE r.task_id = t.id AND t.state = 'CANCELLED' AND r.kind = 'DONE_REPORTED';

-- From now on each state change writes its day (src/server/modules/tasks/repo.ts setState, service.ts
-- decideExtension). confirmed_on and cancelled_on are read only in their state (DONE, CANCELLED). A day left
-- NULL is unknown: the rule then takes the change as in effect from the start (src/core/tasks.ts taskAsOf).
ALTER TABLE task ADD CONSTRAINT task_extended_on_check CHECK (extended_on IS NULL OR extended_due_date IS NOT NULL);
