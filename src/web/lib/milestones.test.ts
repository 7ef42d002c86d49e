import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatMilestones, parseMilestones } from './milestones.ts';

test('milestones read and write in the interface language', () => {
  assert.deepEqual(parseMilestones('2024:40; 2025Q2 : 50,5;', 'vi'), {
    ok: true,
    milestones: [
      { period: '2024', value: 40 },
      { period: '2025Q2', value: 50.5 },
    ],
  });
  assert.deepEqual(parseMilestones('2024:1,234.5', 'en'), { ok: true, milestones: [{ period: '2024', value: 1234.5 }] });
  assert.deepEqual(parseMilestones('', 'vi'), { ok: true, milestones: [] });
  assert.equal(formatMilestones([{ period: '2025', value: 50.5 }], 'vi'), '2025:50,5');
});

test('a malformed milestone is named', () => {
  assert.deepEqual(parseMilestones('2024:40; năm sau:50', 'vi'), { ok: false, item: 'năm sau:50' });
  assert.deepEqual(parseMilestones('2024:abc', 'vi'), { ok: false, item: '2024:abc' });
});
