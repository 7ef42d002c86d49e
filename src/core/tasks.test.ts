import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkExtension, checkTaskDates, computeTaskStatus, deadlineStage, detectEvidenceKind, progressAsOf, scorecardOf, taskAsOf, type TaskDates } from './tasks.ts';

const open = (dueDate: string, extra: Partial<TaskDates> = {}): TaskDates => ({ state: 'OPEN', dueDate, extendedDueDate: null, doneOn: null, ...extra });

// Bộ luật Dân sự 2015, Điều 148 khoản 1 và 6: a deadline in days ends at 24:00 of its last day.
test('work reported on the due date itself is on time; the next day it is overdue (BLDS 2015 Điều 148 khoản 1, 6)', () => {
  assert.equal(computeTaskStatus(open('2023-03-31'), '2023-03-31').status, 'OPEN_ON_TIME');
  assert.equal(computeTaskStatus(open('2023-03-31'), '2023-04-01').status, 'OPEN_OVERDUE');
  assert.equal(computeTaskStatus(open('2023-03-31', { state: 'DONE', doneOn: '2023-03-31' }), '2023-05-01').status, 'DONE_ON_TIME');
  assert.equal(computeTaskStatus(open('2023-03-31', { state: 'DONE', doneOn: '2023-04-01' }), '2023-05-01').status, 'DONE_LATE');
});

test('a task reported done waits for confirmation, judged by the day it was reported, not by today', () => {
  const r = computeTaskStatus(open('2023-03-31', { state: 'DONE_REPORTED', doneOn: '2023-03-30' }), '2023-04-10');
  assert.equal(r.status, 'OPEN_ON_TIME');
  assert.equal(r.awaitingConfirmation, true);
});

test('an extended task is judged against the new date, and its result against the original date is kept', () => {
  const r = computeTaskStatus(open('2023-03-31', { extendedDueDate: '2023-04-30', state: 'DONE', doneOn: '2023-04-20' }), '2023-05-01');
  assert.equal(r.status, 'DONE_ON_TIME');
  assert.equal(r.statusAgainstOriginal, 'DONE_LATE');
  assert.equal(r.isExtended, true);
  assert.equal(r.effectiveDueDate, '2023-04-30');
  assert.equal(computeTaskStatus(open('2023-03-31', { extendedDueDate: '2023-04-30' }), '2023-04-05').daysLeft, 25);
});

test('cancelled is its own status, and is left out of the scorecard rates', () => {
  assert.equal(computeTaskStatus(open('2023-03-31', { state: 'CANCELLED' }), '2023-04-05').status, 'CANCELLED');
  const s = scorecardOf(['DONE_ON_TIME', 'DONE_ON_TIME', 'DONE_LATE', 'OPEN_OVERDUE', 'CANCELLED']);
  assert.equal(s.assigned, 4);
  assert.deepEqual(s.rates, { doneOnTime: 50, doneLate: 25, openOnTime: 0, openOverdue: 25, done: 75 });
  assert.equal(scorecardOf([]).rates.done, null);
});

test('deadline stages: N days before, on the day, after; nothing for a task reported done', () => {
  assert.equal(deadlineStage(open('2023-03-31'), '2023-03-27', 3), null);
  assert.equal(deadlineStage(open('2023-03-31'), '2023-03-28', 3), 'DUE_SOON');
  assert.equal(deadlineStage(open('2023-03-31'), '2023-03-31', 3), 'DUE_TODAY');
  assert.equal(deadlineStage(open('2023-03-31'), '2023-04-01', 3), 'OVERDUE');
  assert.equal(deadlineStage(open('2023-03-31', { extendedDueDate: '2023-04-30' }), '2023-04-01', 3), null);
  assert.equal(deadlineStage(open('2023-03-31', { state: 'DONE_REPORTED', doneOn: '2023-03-30' }), '2023-04-01', 3), null);
});

test('dates and extensions are checked, each problem naming its field', () => {
  assert.deepEqual(
    checkTaskDates({ startDate: '2023-03-01', dueDate: '2023-02-28' }).map((p) => p.field),
    ['dueDate'],
  );
  assert.deepEqual(checkTaskDates({ startDate: '2023-03-01', dueDate: '2023-03-01' }), []);
  assert.deepEqual(
    checkExtension(open('2023-03-31'), '2023-03-30', '').map((p) => p.field),
    ['reason', 'newDueDate'],
  );
  assert.deepEqual(checkExtension(open('2023-03-31'), '2023-04-30', 'Chờ ý kiến Bộ Tài chính'), []);
});

test('evidence kinds come from the content, not the name', () => {
  assert.equal(detectEvidenceKind(Buffer.from('%PDF-1.7\n')), 'PDF');
  assert.equal(detectEvidenceKind(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0])), 'PNG');
  assert.equal(detectEvidenceKind(Buffer.from([0xff, 0xd8, 0xff, 0xe0])), 'JPEG');
  const zip = (names: string[]) => Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.from(names.join('\0'), 'latin1')]);
  assert.equal(detectEvidenceKind(zip(['[Content_Types].xml', 'word/document.xml'])), 'DOCX');
  assert.equal(detectEvidenceKind(zip(['[Content_Types].xml', 'xl/workbook.xml'])), 'XLSX');
  assert.equal(detectEvidenceKind(zip(['payload.exe'])), null);
  assert.equal(detectEvidenceKind(Buffer.from('MZ\x90\x00 not a pdf')), null);
});

test('as of a past day a task is judged as it stood then: done, confirmed, extended or cancelled later does not count yet', () => {
  // Due 31/03, reported done 10/04, confirmed 12/04: open in time at 31/03, overdue at 05/04, reported late at 11/04, done late after.
  const done = open('2023-03-31', { state: 'DONE', doneOn: '2023-04-10', confirmedOn: '2023-04-12' });
  assert.equal(computeTaskStatus(done, '2023-03-31').status, 'OPEN_ON_TIME');
  assert.equal(computeTaskStatus(done, '2023-03-31').stateAsOf, 'OPEN');
  assert.equal(computeTaskStatus(done, '2023-04-05').status, 'OPEN_OVERDUE');
  assert.equal(computeTaskStatus(done, '2023-04-11').stateAsOf, 'DONE_REPORTED');
  assert.equal(computeTaskStatus(done, '2023-04-11').awaitingConfirmation, true);
  assert.equal(computeTaskStatus(done, '2023-04-12').status, 'DONE_LATE');
  // An unknown confirmation day: confirmed from the day done was reported.
  assert.equal(computeTaskStatus(open('2023-03-31', { state: 'DONE', doneOn: '2023-03-20' }), '2023-03-25').status, 'DONE_ON_TIME');
  assert.equal(computeTaskStatus(open('2023-03-31', { state: 'DONE', doneOn: '2023-03-20' }), '2023-03-19').stateAsOf, 'OPEN');

  // Extended on 25/04 from 31/03 to 30/05: overdue at 20/04 against the original date, in time from 25/04.
  const ext = open('2023-03-31', { extendedDueDate: '2023-05-30', extendedOn: '2023-04-25' });
  assert.deepEqual(
    [computeTaskStatus(ext, '2023-04-20').status, computeTaskStatus(ext, '2023-04-20').isExtended, computeTaskStatus(ext, '2023-04-20').effectiveDueDate],
    ['OPEN_OVERDUE', false, '2023-03-31'],
  );
  assert.deepEqual([computeTaskStatus(ext, '2023-04-25').status, computeTaskStatus(ext, '2023-04-25').isExtended], ['OPEN_ON_TIME', true]);
  assert.equal(computeTaskStatus(open('2023-03-31', { extendedDueDate: '2023-05-30' }), '2023-03-01').isExtended, true, 'an extension of unknown day counts throughout');

  // Cancelled on 15/05 while its done report of 02/05 waited: reported (late) before, cancelled after.
  const cancelled = open('2023-04-30', { state: 'CANCELLED', doneOn: '2023-05-02', cancelledOn: '2023-05-15' });
  assert.equal(computeTaskStatus(cancelled, '2023-04-30').status, 'OPEN_ON_TIME');
  assert.equal(computeTaskStatus(cancelled, '2023-05-01').status, 'OPEN_OVERDUE');
  assert.equal(computeTaskStatus(cancelled, '2023-05-03').stateAsOf, 'DONE_REPORTED');
  assert.equal(computeTaskStatus(cancelled, '2023-05-15').status, 'CANCELLED');
  assert.equal(computeTaskStatus(open('2023-04-30', { state: 'CANCELLED' }), '2023-01-01').status, 'CANCELLED', 'a cancellation of unknown day counts throughout');

  // Today (every recorded day on or before it) changes nothing.
  assert.deepEqual(taskAsOf(done, '2023-12-31'), done);
});

test('progress as of a day is the latest report on or before it; a task with no reports keeps its recorded percent', () => {
  const updates = [
    { onDate: '2023-03-10', percent: 30 },
    { onDate: '2023-04-02', percent: 60 },
    { onDate: '2023-04-20', percent: 100 },
  ];
  assert.equal(progressAsOf(100, updates, '2023-03-09'), 0);
  assert.equal(progressAsOf(100, updates, '2023-03-31'), 30);
  assert.equal(progressAsOf(100, updates, '2023-04-19'), 60);
  assert.equal(progressAsOf(100, updates, '2023-04-20'), 100);
  assert.equal(progressAsOf(45, [], '2023-01-01'), 45);
});
