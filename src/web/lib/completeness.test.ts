import { test } from 'node:test';
import assert from 'node:assert/strict';
import { classifyCell } from './completeness.ts';

test('received reports read by approval and lateness', () => {
  assert.equal(classifyCell('APPROVED', true, '2026-01-16', '2026-03-01'), 'approved');
  assert.equal(classifyCell('SUBMITTED', false, '2026-01-16', '2026-03-01'), 'on-time');
  assert.equal(classifyCell('SUBMITTED', true, '2026-01-16', '2026-03-01'), 'late');
});

test('a report not sent is missing only once its due date has passed', () => {
  assert.equal(classifyCell('NOT_STARTED', null, '2026-01-16', '2026-01-16'), 'not-due');
  assert.equal(classifyCell('DRAFT', null, '2026-01-16', '2026-01-17'), 'missing');
  assert.equal(classifyCell('RETURNED', null, '2026-01-16', '2026-01-17'), 'returned');
  assert.equal(classifyCell(undefined, null, null, '2026-01-17'), 'missing');
});
