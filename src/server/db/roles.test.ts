import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { createReportingWorld, type ReportingWorld } from '../modules/regimes/test-fixtures.ts';
import { auditProtection, grantServiceRole } from './migrate.ts';
import { openDb } from './db.ts';

const base = process.env.TEST_DATABASE_URL;

/**
 * The service runs as a role that owns nothing: the migrating role (here the test server's superuser)
 * owns the tables and grants it only what the product needs.
 */
describe('the service role', { skip: base ? false : 'needs TEST_DATABASE_URL' }, () => {
  const role = `tiendo_service_${randomBytes(4).toString('hex')}`;
  let w: ReportingWorld;
  let admin: pg.Client;

  before(async () => {
    admin = new pg.Client({ connectionString: base });
    await admin.connect();
    await admin.query(`CREATE ROLE ${role} LOGIN`);
    w = await createReportingWorld({ serviceRole: role });
  });
  after(async () => {
    await w?.t.close();
    await admin.query(`DROP ROLE IF EXISTS ${role}`);
    await admin.end();
  });

  const refused = async (sql: string) => {
    await assert.rejects(w.t.db.query(sql), (err: { code?: string; message?: string }) => {
      assert.equal(err.code, '42501', `${sql}: ${err.message}`);
      return true;
    });
  };

  test('is who the app connects as, neither a superuser nor the owner', async () => {
    const stand = await auditProtection(w.t.db);
    assert.deepEqual(stand, { role, isSuperuser: false, ownsTables: false });
  });

  test('cannot change, empty, disable or drop the audit trail or the value history', async () => {
    await w.t.db.query(`INSERT INTO audit_log (actor_kind, action, object_type) VALUES ('system', 'test.insert', 'x')`);
    const before = (await w.t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM audit_log')).rows[0].n;
    for (const [table, column] of [
      ['audit_log', 'action'],
      ['data_value_history', 'new_value'],
    ]) {
      await refused(`UPDATE ${table} SET ${column} = ${column}`);
      await refused(`DELETE FROM ${table}`);
      await refused(`TRUNCATE ${table}`);
      await refused(`ALTER TABLE ${table} DISABLE TRIGGER ALL`);
      await refused(`ALTER TABLE ${table} ADD COLUMN x int`);
      await refused(`DROP TABLE ${table}`);
    }
    await refused('ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only');
    await refused('DROP TRIGGER audit_log_append_only ON audit_log');
    await refused('DROP TRIGGER audit_log_no_truncate ON audit_log');
    await refused('DROP FUNCTION audit_log_refuse_change()');
    await refused(`CREATE OR REPLACE FUNCTION audit_log_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$`);
    // Triggers off for the session is a superuser's switch.
    await refused('SET session_replication_role = replica');
    // It cannot create objects of its own either, nor rewrite the migration record.
    await refused('CREATE TABLE audit_copy (id int)');
    await refused("UPDATE schema_migration SET name = 'x'");
    await refused('ALTER TABLE data_value DISABLE TRIGGER ALL');
    assert.equal((await w.t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM audit_log')).rows[0].n, before);
  });

  test('still runs the product: metadata, users, values by COPY and by upsert, deletes, sign-in lockout, password change, audit look-ups', async () => {
    const first = await w.admin.post('/api/dataValueSets', {
      dataValues: [
        { dataElement: 'TB_DI_DONG', period: '202302', orgUnit: 'HN', value: '1200' },
        { dataElement: 'GHI_CHU', period: '202302', orgUnit: 'HN', value: 'ghi chú' },
      ],
    });
    assert.equal(first.statusCode, 200, first.body);
    assert.equal(first.json().response.importCount.imported, 2);
    const update = await w.admin.post('/api/dataValueSets', { dataValues: [{ dataElement: 'TB_DI_DONG', period: '202302', orgUnit: 'HN', value: '1300' }] });
    assert.equal(update.json().response.importCount.updated, 1, update.body);
    const del = await w.admin.post('/api/dataValueSets?importStrategy=DELETE', { dataValues: [{ dataElement: 'GHI_CHU', period: '202302', orgUnit: 'HN' }] });
    assert.equal(del.json().response.importCount.deleted, 1, del.body);
    const entry = (await w.admin.get('/api/audit?action=dataValues.write&limit=1')).json().items[0];
    assert.equal((await w.admin.get(`/api/audit/${entry.id}/changes`)).json().total, 1);

    const created = await w.admin.post('/api/users', { username: 'nguoi-moi', displayName: 'Người mới', password: 'mat-khau-tam-thoi', roles: [{ role: 'LEADER', orgUnit: 'VN' }] });
    assert.equal(created.statusCode, 201, created.body);
    const fresh = await w.login('nguoi-moi').catch(() => null);
    assert.ok(fresh === null || (await fresh.get('/api/orgUnits')).statusCode === 403);
    for (let i = 0; i < 6; i++) await w.t.anonymous.post('/api/auth/login', { username: 'khong-co-ai', password: 'sai' });
    assert.equal((await w.t.anonymous.post('/api/auth/login', { username: 'khong-co-ai', password: 'sai' })).statusCode, 423);
    const analytics = await w.admin.get('/api/analytics?dx=TB_DI_DONG&pe=202302&ou=VN');
    assert.ok(analytics.statusCode < 500, analytics.body);
  });

  test('a superuser, the owner or a missing role is refused as the service role', async () => {
    const name = (await w.t.db.query<{ d: string }>('SELECT current_database() AS d')).rows[0].d;
    const url = new URL(base!);
    url.pathname = `/${name}`;
    const owner = await openDb({ databaseUrl: url.toString(), poolSize: 1 });
    try {
      const superuser = (await owner.query<{ u: string }>('SELECT current_user AS u')).rows[0].u;
      await assert.rejects(grantServiceRole(owner, 'no_such_role_here'), /does not exist/);
      await assert.rejects(grantServiceRole(owner, superuser), /superuser or owns the tables/);
      // Why: the owner can switch the append-only trigger off (here undone by the rollback).
      await assert.rejects(
        owner.transaction(async (tx) => {
          await tx.query('ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only');
          await tx.query("UPDATE audit_log SET action = 'rewritten' WHERE id = (SELECT min(id) FROM audit_log)");
          throw new Error('undo');
        }),
        /undo/,
      );
    } finally {
      await owner.close();
    }
  });
});
