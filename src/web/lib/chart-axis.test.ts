import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rankingAxis } from './chart-axis.ts';

test('the ranking axis fits the spread of the values instead of running from 0 to 100', () => {
  assert.deepEqual(rankingAxis([84.2, 85.9, 86.7, 87.1]), { min: 84, max: 88 });
  // Values spread from near zero keep their zero.
  assert.deepEqual(rankingAxis([3, 40, 97]), { min: 0, max: 120 });
  assert.equal(rankingAxis([]), null);
  // A single province: read against zero.
  assert.deepEqual(rankingAxis([5]), { min: 0, max: 6 });
});
