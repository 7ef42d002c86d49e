// A backup and restore drill on a PostgreSQL 15 server of its own (loopback port 55442, data in
// DRILL_DIR, default /tmp/tiendo-drill, wiped first), with the product's schema and a year's worth of
// values for a ministry (1 M values and their history):
//   1. pg_dump (custom format) while the app could be running, pg_restore into an empty database;
//   2. a base backup (pg_basebackup) plus archived WAL, more writes after the backup, the server
//      "lost", and a recovery that replays the archive up to the last write.
// Each step is timed and every table's row count is compared with the source.
//
//   node --import tsx bench/restore-drill.ts [--values 1000000]
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import pg from 'pg';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { values: args } = parseArgs({ options: { values: { type: 'string', default: '1000000' } } });
const PG_BIN = process.env.PG_BIN ?? '/usr/lib/postgresql/15/bin';
const BASE = process.env.DRILL_DIR ?? '/tmp/tiendo-drill';
const PORT = 55442;
const RESTORED_PORT = 55443;
const VALUES = Number(args.values);
const isRoot = process.getuid?.() === 0;
const say = (msg: string) => console.log(`[${new Date().toISOString().slice(11, 19)}] ${msg}`);

function run(cmd: string, argv: string[], asPostgres = false): string {
  const [file, list] = asPostgres && isRoot ? ['runuser', ['-u', 'postgres', '--', cmd, ...argv]] : [cmd, argv];
  return execFileSync(file, list, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 * 1024 * 1024 });
}
const pgTool = (tool: string, argv: string[]) => run(`${PG_BIN}/${tool}`, argv, true);
const timed = <T>(fn: () => T): [T, number] => {
  const t0 = performance.now();
  const out = fn();
  return [out, Math.round(performance.now() - t0) / 1000];
};
const url = (port: number, db = 'tiendo') => `postgres://postgres@127.0.0.1:${port}/${db}`;

async function rowCounts(port: number, db = 'tiendo'): Promise<Record<string, number>> {
  const c = new pg.Client({ connectionString: url(port, db) });
  await c.connect();
  try {
    const tables = (await c.query<{ t: string }>(`SELECT tablename AS t FROM pg_tables WHERE schemaname = 'public' ORDER BY 1`)).rows.map((r) => r.t);
    const out: Record<string, number> = {};
    for (const t of tables) out[t] = Number((await c.query<{ n: string }>(`SELECT count(*) AS n FROM "${t}"`)).rows[0].n);
    return out;
  } finally {
    await c.end();
  }
}

function differences(a: Record<string, number>, b: Record<string, number>): string[] {
  return [...new Set([...Object.keys(a), ...Object.keys(b)])].filter((t) => a[t] !== b[t]).map((t) => `${t}: ${a[t]} ≠ ${b[t]}`);
}

function stop(dir: string) {
  if (fs.existsSync(path.join(dir, 'postmaster.pid'))) {
    try {
      pgTool('pg_ctl', ['-D', dir, '-m', 'fast', '-w', 'stop']);
    } catch {
      // not running
    }
  }
}

async function main() {
  for (const d of ['primary', 'restored']) stop(path.join(BASE, d));
  fs.rmSync(BASE, { recursive: true, force: true });
  fs.mkdirSync(path.join(BASE, 'wal'), { recursive: true });
  if (isRoot) execFileSync('chown', ['-R', 'postgres:postgres', BASE]);
  const primary = path.join(BASE, 'primary');
  pgTool('initdb', ['-D', primary, '-U', 'postgres', '--auth=trust', '--encoding=UTF8', '--locale=C.UTF-8']);
  fs.appendFileSync(
    path.join(primary, 'postgresql.conf'),
    `\nport = ${PORT}\nlisten_addresses = '127.0.0.1'\nunix_socket_directories = '${BASE}'\nwal_level = replica\narchive_mode = on\n` +
      `archive_command = 'test ! -f ${BASE}/wal/%f && cp %p ${BASE}/wal/%f'\nshared_buffers = 256MB\n`,
  );
  fs.appendFileSync(path.join(primary, 'pg_hba.conf'), '\nhost replication all 127.0.0.1/32 trust\n');
  pgTool('pg_ctl', ['-D', primary, '-l', path.join(BASE, 'primary.log'), '-w', 'start']);
  pgTool('createdb', ['-h', '127.0.0.1', '-p', String(PORT), '-U', 'postgres', 'tiendo']);
  execFileSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'migrate'], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: url(PORT), MIGRATION_DATABASE_URL: '', READ_DATABASE_URL: '' },
    stdio: 'ignore',
  });

  // A ministry's year: 50 provinces, VALUES / (20 × 12) reporting units, 20 elements, 12 months, with history.
  const units = Math.max(1, Math.round(VALUES / 240));
  const c = new pg.Client({ connectionString: url(PORT) });
  await c.connect();
  const [, loadSeconds] = await (async () => {
    const t0 = performance.now();
    await c.query(`INSERT INTO org_unit (code, name_vi, level, path) VALUES ('BO', 'Bộ', 1, '')`);
    await c.query(`UPDATE org_unit SET path = '/' || id || '/' WHERE code = 'BO'`);
    await c.query(`INSERT INTO org_unit (code, name_vi, level, parent_id, path) SELECT 'T' || p, 'Tỉnh ' || p, 2, r.id, '' FROM generate_series(1, 50) p, org_unit r WHERE r.code = 'BO'`);
    await c.query(`UPDATE org_unit ou SET path = r.path || ou.id || '/' FROM org_unit r WHERE r.code = 'BO' AND ou.parent_id = r.id`);
    await c.query(
      `INSERT INTO org_unit (code, name_vi, level, parent_id, path)
       SELECT 'U' || i, 'Đơn vị ' || i, 3, p.id, p.path FROM generate_series(1, $1) i JOIN org_unit p ON p.code = 'T' || (1 + i % 50)`,
      [units],
    );
    await c.query(`UPDATE org_unit SET path = path || id || '/' WHERE code LIKE 'U%'`);
    await c.query(`INSERT INTO data_element (code, name_vi, value_type, aggregation_type) SELECT 'DE' || j, 'Chỉ số ' || j, 'INTEGER', 'SUM' FROM generate_series(1, 20) j`);
    await c.query(
      `INSERT INTO period (iso, type, start_date, end_date)
       SELECT '2025' || lpad(m::text, 2, '0'), 'MONTHLY', make_date(2025, m, 1), (make_date(2025, m, 1) + interval '1 month - 1 day')::date FROM generate_series(1, 12) m
       ON CONFLICT DO NOTHING`,
    );
    await c.query(
      `INSERT INTO data_value (data_element_id, period_id, org_unit_id, option_id, value, source, stored_by, updated_at)
       SELECT de.id, p.id, ou.id, 0, (ou.id * 31 + de.id * 7 + p.id) % 100000, 'API', 'drill', now()
         FROM org_unit ou, data_element de, period p WHERE ou.code LIKE 'U%' AND p.iso LIKE '2025%'`,
    );
    await c.query(
      `INSERT INTO data_value_history (data_element_id, period_id, org_unit_id, option_id, change_type, new_value, source, changed_by, changed_at)
       SELECT data_element_id, period_id, org_unit_id, option_id, 'CREATE', value::text, source, stored_by, updated_at FROM data_value`,
    );
    await c.query(`INSERT INTO audit_log (actor_kind, action, object_type, after) VALUES ('system', 'drill.load', 'data_value_set', jsonb_build_object('values', $1::int))`, [units * 240]);
    await c.query('ANALYZE');
    return [null, Math.round(performance.now() - t0) / 1000];
  })();
  const source = await rowCounts(PORT);
  const size = (await c.query<{ s: string }>(`SELECT pg_size_pretty(pg_database_size('tiendo')) AS s`)).rows[0].s;
  say(`loaded ${source.data_value} values and ${source.data_value_history} history rows in ${loadSeconds} s; database ${size}`);

  // 1. Logical: pg_dump and pg_restore.
  const dumpFile = path.join(BASE, 'tiendo.dump');
  const [, dumpSeconds] = timed(() => pgTool('pg_dump', ['--format=custom', `--file=${dumpFile}`, url(PORT)]));
  const dumpMb = Math.round(fs.statSync(dumpFile).size / 1e5) / 10;
  pgTool('createdb', ['-h', '127.0.0.1', '-p', String(PORT), '-U', 'postgres', 'tiendo_restored']);
  const [, restoreSeconds] = timed(() => pgTool('pg_restore', ['--no-owner', '--jobs=2', `--dbname=${url(PORT, 'tiendo_restored')}`, dumpFile]));
  const restoredLogical = await rowCounts(PORT, 'tiendo_restored');
  const logicalDiff = differences(source, restoredLogical);
  say(`pg_dump ${dumpSeconds} s (${dumpMb} MB), pg_restore --jobs=2 ${restoreSeconds} s; row counts ${logicalDiff.length ? `DIFFER: ${logicalDiff.join(', ')}` : 'equal in every table'}`);

  // 2. Physical: base backup + archived WAL, writes after the backup, then recovery to the end of the archive.
  const [, baseSeconds] = timed(() => pgTool('pg_basebackup', ['-h', '127.0.0.1', '-p', String(PORT), '-U', 'postgres', '-D', path.join(BASE, 'base'), '-X', 'stream', '--checkpoint=fast']));
  for (let i = 0; i < 5; i++) {
    await c.query(`INSERT INTO audit_log (actor_kind, action, object_type) VALUES ('system', 'drill.after_backup', 'x')`);
    await c.query(`UPDATE data_value SET value = value + 1, updated_at = now() WHERE org_unit_id IN (SELECT id FROM org_unit WHERE code = 'U' || $1::text)`, [i + 1]);
  }
  const lastWrite = await rowCounts(PORT);
  await c.query('SELECT pg_switch_wal()');
  const sumBefore = (await c.query<{ s: string }>('SELECT sum(value) AS s FROM data_value')).rows[0].s;
  await c.end();
  // Give the archiver a moment to copy the switched segment.
  for (let i = 0; i < 50; i++) {
    const st = fs.readFileSync(path.join(BASE, 'primary.log'), 'utf8');
    const c2 = new pg.Client({ connectionString: url(PORT, 'postgres') });
    await c2.connect();
    const { rows } = await c2.query<{ pending: boolean }>(`SELECT last_archived_wal IS DISTINCT FROM pg_walfile_name(pg_current_wal_lsn() - 1) AS pending FROM pg_stat_archiver`);
    await c2.end();
    if (!rows[0].pending || st.includes('archive command failed')) break;
    await new Promise((r) => setTimeout(r, 200));
  }
  stop(primary); // the server is "lost"
  const restored = path.join(BASE, 'restored');
  const [, recoverSeconds] = await (async () => {
    const t0 = performance.now();
    fs.cpSync(path.join(BASE, 'base'), restored, { recursive: true });
    if (isRoot) execFileSync('chown', ['-R', 'postgres:postgres', restored]);
    fs.chmodSync(restored, 0o700);
    fs.appendFileSync(path.join(restored, 'postgresql.conf'), `\nport = ${RESTORED_PORT}\narchive_mode = off\nrestore_command = 'cp ${BASE}/wal/%f %p'\n`);
    fs.writeFileSync(path.join(restored, 'recovery.signal'), '');
    if (isRoot) execFileSync('chown', ['postgres:postgres', path.join(restored, 'recovery.signal')]);
    pgTool('pg_ctl', ['-D', restored, '-l', path.join(BASE, 'restored.log'), '-w', '-t', '600', 'start']);
    for (;;) {
      const c3 = new pg.Client({ connectionString: url(RESTORED_PORT, 'postgres') });
      await c3.connect();
      const { rows } = await c3.query<{ r: boolean }>('SELECT pg_is_in_recovery() AS r');
      await c3.end();
      if (!rows[0].r) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    return [null, Math.round(performance.now() - t0) / 1000];
  })();
  const recovered = await rowCounts(RESTORED_PORT);
  const c4 = new pg.Client({ connectionString: url(RESTORED_PORT) });
  await c4.connect();
  const sumAfter = (await c4.query<{ s: string }>('SELECT sum(value) AS s FROM data_value')).rows[0].s;
  await c4.end();
  const physicalDiff = differences(lastWrite, recovered);
  say(
    `pg_basebackup ${baseSeconds} s; recovery (copy + WAL replay to the last write) ${recoverSeconds} s; row counts ${physicalDiff.length ? `DIFFER: ${physicalDiff.join(', ')}` : 'equal in every table'}, values after the backup ${sumAfter === sumBefore ? 'present' : 'MISSING'}`,
  );
  stop(restored);
  const out = {
    at: new Date().toISOString(),
    values: source.data_value,
    historyRows: source.data_value_history,
    databaseSize: size,
    dump: { seconds: dumpSeconds, megabytes: dumpMb },
    restore: { seconds: restoreSeconds, jobs: 2, rowCountsEqual: logicalDiff.length === 0 },
    baseBackup: { seconds: baseSeconds },
    recovery: { seconds: recoverSeconds, rowCountsEqual: physicalDiff.length === 0, writesAfterBackupPresent: sumAfter === sumBefore },
  };
  fs.mkdirSync(path.join(ROOT, 'bench', 'out'), { recursive: true });
  fs.writeFileSync(path.join(ROOT, 'bench', 'out', 'restore-drill.json'), `${JSON.stringify(out, null, 2)}\n`);
  console.log(JSON.stringify(out, null, 2));
  if (logicalDiff.length || physicalDiff.length || sumAfter !== sumBefore) process.exitCode = 1;
}

main().catch((err) => {
  console.error(err);
  for (const d of ['primary', 'restored']) stop(path.join(BASE, d));
  process.exit(1);
});
