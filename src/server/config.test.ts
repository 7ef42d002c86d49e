import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError, loadConfig } from './config.ts';

test('defaults: embedded database, and the demo only when asked for', () => {
  const c = loadConfig({});
  assert.equal(c.databaseKind, 'pglite');
  assert.equal(c.PORT, 3000);
  assert.equal(c.demo, false);
  assert.equal(loadConfig({ DEMO: 'true' }).demo, true);
});

test('a PostgreSQL URL switches the database and turns the demo off unless asked', () => {
  assert.equal(loadConfig({ DATABASE_URL: 'postgres://u@h/db' }).databaseKind, 'postgres');
  assert.equal(loadConfig({ DATABASE_URL: 'postgres://u@h/db' }).demo, false);
  assert.equal(loadConfig({ DATABASE_URL: 'postgres://u@h/db', DEMO: 'true' }).demo, true);
});

test('wrong values stop the start with a list naming each variable and what it expects', () => {
  try {
    loadConfig({ PORT: 'abc', DATABASE_URL: 'mysql://x', LOG_LEVEL: 'loud' });
    assert.fail('should throw');
  } catch (err) {
    assert.ok(err instanceof ConfigError);
    assert.equal(err.problems.length, 3);
    const text = err.problems.join('\n');
    assert.match(text, /PORT="abc"/);
    assert.match(text, /DATABASE_URL="mysql:\/\/x": must start with postgres/);
    assert.match(text, /LOG_LEVEL="loud"/);
  }
});
