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

test('a migration role or a read replica needs the service connection too', () => {
  assert.throws(
    () => loadConfig({ MIGRATION_DATABASE_URL: 'postgres://owner@h/db' }),
    (err: ConfigError) => {
      assert.match(err.problems.join('\n'), /MIGRATION_DATABASE_URL: needs DATABASE_URL/);
      return true;
    },
  );
  assert.throws(() => loadConfig({ READ_DATABASE_URL: 'postgres://app@replica/db' }), /READ_DATABASE_URL: needs DATABASE_URL/);
  const c = loadConfig({ DATABASE_URL: 'postgres://app@h/db', MIGRATION_DATABASE_URL: 'postgres://owner@h/db', READ_DATABASE_URL: 'postgres://app@r/db' });
  assert.equal(c.READ_MAX_LAG_MS, 5000);
  assert.throws(() => loadConfig({ DATABASE_URL: 'postgres://app@h/db', MIGRATION_DATABASE_URL: 'mysql://x' }), /MIGRATION_DATABASE_URL="mysql:\/\/x"/);
});

test('import and upload limits: defaults, and a wrong value named', () => {
  const c = loadConfig({});
  assert.equal(c.IMPORT_MAX_BYTES, 1024 * 1024 * 1024);
  assert.equal(c.IMPORT_MAX_VALUES, 2_000_000);
  assert.equal(c.IMPORT_MAX_ROW_CHARS, 1024 * 1024);
  assert.equal(c.EXCEL_MAX_BYTES, 10 * 1024 * 1024);
  assert.equal(c.EXCEL_MAX_CELLS, 200_000);
  assert.equal(loadConfig({ EXCEL_MAX_CELLS: '1000' }).EXCEL_MAX_CELLS, 1000);
  assert.throws(
    () => loadConfig({ IMPORT_MAX_VALUES: '0', EXCEL_MAX_BYTES: 'ten' }),
    (err: ConfigError) => err.problems.length === 2 && /IMPORT_MAX_VALUES="0"/.test(err.problems.join()) && /EXCEL_MAX_BYTES="ten"/.test(err.problems.join()),
  );
});
