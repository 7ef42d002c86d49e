import { test } from 'node:test';
import assert from 'node:assert/strict';
import { matchPath } from './router.tsx';

test('matchPath extracts decoded parameters and refuses other shapes', () => {
  assert.deepEqual(matchPath('/indicators/:code', '/indicators/T%C3%8DN'), { code: 'TÍN' });
  assert.deepEqual(matchPath('/admin/users', '/admin/users'), {});
  assert.equal(matchPath('/indicators/:code', '/indicators'), null);
  assert.equal(matchPath('/admin/users', '/admin/tokens'), null);
});
