import { test } from 'node:test';
import assert from 'node:assert/strict';
import { evidenceLink } from './evidence.ts';

test('analytics evidence opens the indicator page on the unit and period', () => {
  assert.deepEqual(evidenceLink('/api/analytics/explain?dx=TY_LE&pe=202611&ou=01'), { to: '/indicators/TY_LE?ou=01&pe=202611', internal: true });
});

test('report evidence opens the form of the unit and period', () => {
  assert.deepEqual(evidenceLink('/api/report-status?regime=BC-1&period=202610&orgUnit=48'), { to: '/data-entry?regime=BC-1&period=202610&orgUnit=48', internal: true });
  assert.deepEqual(evidenceLink('/api/outliers?regime=BC-1&orgUnit=48&periods=202609'), { to: '/data-entry?regime=BC-1&period=202609&orgUnit=48', internal: true });
});

test('unknown addresses stay as they are and nothing gives nothing', () => {
  assert.deepEqual(evidenceLink('/api/something?x=1'), { to: '/api/something?x=1', internal: false });
  assert.equal(evidenceLink(null), null);
});
