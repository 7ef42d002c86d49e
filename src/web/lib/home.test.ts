import { test } from 'node:test';
import assert from 'node:assert/strict';
import { daysBetween, homeKindOf } from './home.ts';

test('days to a due date count calendar days, across months and years', () => {
  assert.equal(daysBetween('2023-03-05', '2023-03-19'), 14);
  assert.equal(daysBetween('2023-03-05', '2023-02-19'), -14);
  assert.equal(daysBetween('2023-12-31', '2024-01-01'), 1);
  assert.equal(daysBetween('2024-02-28', '2024-03-01'), 2);
  assert.equal(daysBetween('2023-03-05', '2023-03-05'), 0);
});

test('only the four kinds of work are listed', () => {
  assert.equal(homeKindOf({ kind: 'TO_APPROVE' }), 'TO_APPROVE');
  assert.equal(homeKindOf({ kind: 'APPROVED' }), null);
});
