import fs from 'node:fs';
import path from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { config as loadDotenv } from 'dotenv';
import { ConfigError, loadConfig, type Config } from '../server/config.ts';
import { openDb, type Db } from '../server/db/db.ts';
import { auditProtection, migrate } from '../server/db/migrate.ts';
import { SCHEDULED_JOBS, buildApp } from '../server/app.ts';
import { seedDemo } from '../server/demo/seed.ts';
import { hashPassword } from '../server/http/passwords.ts';
import { ROLES, SYSTEM_ACTOR, type Role } from '../server/access.ts';
import { createApiToken } from '../server/modules/api-tokens/service.ts';
import { exportOrgUnits, importOrgUnits, parseOrgUnitCsv } from '../server/modules/org-units/import-export.ts';
import { startBackgroundJobs } from '../server/jobs.ts';
import { ReadRouter } from '../server/db/read-routing.ts';

interface Command {
  summary: string;
  usage: string;
  options: NonNullable<ParseArgsConfig['options']>;
  run: (values: Record<string, string | boolean | undefined>, positionals: string[]) => Promise<number>;
}

const today = () => new Date().toISOString().slice(0, 10);

const onConnectionError = (err: Error) => console.warn(`database connection lost (${err.message}); the pool reconnects by itself`);

/**
 * Opens the database the service uses, migrated. With MIGRATION_DATABASE_URL the migrations run as
 * that role (the tables' owner), which then grants DATABASE_URL's role only what the service needs.
 */
async function openMigrated(config: Config, log = true): Promise<Db> {
  const say = log ? (m: string) => console.log(m) : undefined;
  let version: number;
  if (config.MIGRATION_DATABASE_URL && config.DATABASE_URL) {
    const owner = await openDb({ databaseUrl: config.MIGRATION_DATABASE_URL, poolSize: 2 });
    try {
      const ownerRole = decodeURIComponent(new URL(config.MIGRATION_DATABASE_URL).username);
      const serviceRole = decodeURIComponent(new URL(config.DATABASE_URL).username);
      version = (await migrate(owner, say, { serviceRole: serviceRole && serviceRole !== ownerRole ? serviceRole : undefined })).version;
    } finally {
      await owner.close();
    }
  }
  const db = await openDb({ databaseUrl: config.DATABASE_URL, dataDir: config.DATA_DIR, sharedBuffers: config.PGLITE_SHARED_BUFFERS, onConnectionError });
  if (!config.MIGRATION_DATABASE_URL) version = (await migrate(db, say)).version;
  if (log) console.log(`database: ${db.kind}, migration version ${version!}`);
  if (log && db.kind === 'postgres') {
    const stand = await auditProtection(db);
    if (stand.isSuperuser || stand.ownsTables) {
      console.warn(
        `!! the service runs as ${stand.role}, ${stand.isSuperuser ? 'a superuser' : 'the owner of the tables'}: it could disable the audit trail's trigger.\n` +
          '   Run it as a role of its own and set MIGRATION_DATABASE_URL to the owner (docs/operations.md, "Database roles").',
      );
    }
  }
  return db;
}

function systemContext(db: Db, config: Config) {
  const noop = () => undefined;
  const log = { info: noop, warn: noop, error: noop, debug: noop, trace: noop, fatal: noop, child: () => log, level: 'silent', silent: noop } as never;
  return { db, actor: SYSTEM_ACTOR, log, clock: () => new Date(), config, lang: 'vi' as const };
}

const COMMANDS: Record<string, Command> = {
  serve: {
    summary: 'Run the server (embedded PGlite in DATA_DIR, or PostgreSQL with DATABASE_URL)',
    usage: 'tiendo serve [--port N] [--host H]',
    options: { port: { type: 'string' }, host: { type: 'string' } },
    async run(values) {
      const config = loadConfig({ ...process.env, PORT: (values.port as string) ?? process.env.PORT, HOST: (values.host as string) ?? process.env.HOST });
      const db = await openMigrated(config);
      let demo: { password: string | null } | null = null;
      if (config.demo) {
        const started = Date.now();
        const result = await seedDemo(db, { today: today(), password: config.DEMO_PASSWORD, log: (m) => console.log(m) });
        if (result.seeded) console.log(`demo agency seeded in ${((Date.now() - started) / 1000).toFixed(1)} s`);
        demo = { password: result.password };
      }
      let readRouter: ReadRouter | null = null;
      if (config.READ_DATABASE_URL) {
        // The replica may be down at start: reads then go to the primary until a probe finds it.
        const replica = await openDb({ databaseUrl: config.READ_DATABASE_URL, onConnectionError, check: false });
        readRouter = new ReadRouter(db, replica, { maxLagMs: config.READ_MAX_LAG_MS, log: (m) => console.log(m) });
        await readRouter.start();
      }
      const app = await buildApp({ config, db, readRouter });
      const jobs = config.JOBS === 'on' ? await startBackgroundJobs({ db, config, log: app.log }, SCHEDULED_JOBS) : null;
      await app.listen({ port: config.PORT, host: config.HOST });
      const url = `http://${config.HOST}:${config.PORT}`;
      console.log(`\nTiến Độ đang chạy tại / is running at ${url}`);
      if (demo?.password) {
        console.log(`Bản dùng thử / demo — đăng nhập / login: admin / ${demo.password}`);
        console.log(`  (also: lanhdao, quanly.vtt, canbo.hanoi, canbo.danang, hoidong — same password)`);
      } else if (demo) {
        console.log('Bản dùng thử / demo: the demo agency was seeded earlier; its login is in the README (unless changed since).');
      }
      const stop = async () => {
        await jobs?.stop();
        await app.close();
        readRouter?.stop();
        await readRouter?.replica.close();
        await db.close();
        process.exit(0);
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
      await new Promise(() => undefined);
      return 0;
    },
  },
  migrate: {
    summary: 'Apply pending database migrations and exit',
    usage: 'tiendo migrate',
    options: {},
    async run() {
      const config = loadConfig();
      const db = await openMigrated(config);
      await db.close();
      return 0;
    },
  },
  'seed-demo': {
    summary: 'Load the demo agency (org units, regimes, history, indicators, targets, users)',
    usage: 'tiendo seed-demo',
    options: {},
    async run() {
      const config = loadConfig();
      const db = await openMigrated(config);
      const result = await seedDemo(db, { today: today(), password: config.DEMO_PASSWORD, log: (m) => console.log(m) });
      console.log(result.seeded ? `demo seeded; login admin / ${result.password}` : 'demo already present; nothing done');
      await db.close();
      return 0;
    },
  },
  'create-user': {
    summary: 'Create a user with one role scoped to an org unit (or the whole system)',
    usage: 'tiendo create-user --username U --password P [--display-name N] [--role ADMIN|LEADER|UNIT_MANAGER|REPORTING_OFFICER|COUNCIL_MEMBER] [--org-unit CODE]',
    options: { username: { type: 'string' }, password: { type: 'string' }, 'display-name': { type: 'string' }, role: { type: 'string' }, 'org-unit': { type: 'string' } },
    async run(v) {
      if (!v.username || !v.password) throw new UsageError('--username and --password are required');
      const role = ((v.role as string) ?? 'ADMIN').toUpperCase() as Role;
      if (!ROLES.includes(role)) throw new UsageError(`--role must be one of ${ROLES.join(', ')}`);
      if (String(v.password).length < 10) throw new UsageError('--password must have at least 10 characters');
      const config = loadConfig();
      const db = await openMigrated(config, false);
      try {
        const hash = await hashPassword(String(v.password));
        await db.transaction(async (tx) => {
          const ou = v['org-unit'] ? (await tx.query<{ id: number }>('SELECT id FROM org_unit WHERE code = $1', [v['org-unit']])).rows[0] : null;
          if (v['org-unit'] && !ou) throw new UsageError(`no org unit with code ${v['org-unit']}`);
          // The password was typed on a command line (and may sit in a shell history): the user sets their own at first sign-in.
          const { rows } = await tx.query<{ id: number }>('INSERT INTO app_user (username, display_name, password_hash, must_change_password) VALUES ($1,$2,$3,true) RETURNING id', [
            v.username,
            v['display-name'] ?? v.username,
            hash,
          ]);
          await tx.query('INSERT INTO role_assignment (user_id, role, org_unit_id) VALUES ($1,$2,$3)', [rows[0].id, role, ou?.id ?? null]);
          const { recordAudit } = await import('../server/modules/audit/service.ts');
          await recordAudit(tx, SYSTEM_ACTOR, { action: 'user.create', objectType: 'user', objectId: rows[0].id, after: { username: v.username, role, orgUnit: v['org-unit'] ?? null } });
        });
        console.log(`user ${v.username} created with role ${role}${v['org-unit'] ? ` on ${v['org-unit']}` : ' (whole system)'}; the password must be changed at first sign-in`);
      } finally {
        await db.close();
      }
      return 0;
    },
  },
  'create-token': {
    summary: "Create an API token for a managed unit's IT system (printed once)",
    usage: 'tiendo create-token --name N --org-unit CODE [--role REPORTING_OFFICER|LEADER]',
    options: { name: { type: 'string' }, 'org-unit': { type: 'string' }, role: { type: 'string' } },
    async run(v) {
      if (!v.name || !v['org-unit']) throw new UsageError('--name and --org-unit are required');
      const config = loadConfig();
      const db = await openMigrated(config, false);
      try {
        const token = await createApiToken(systemContext(db, config), {
          name: String(v.name),
          orgUnit: String(v['org-unit']),
          role: (v.role as 'REPORTING_OFFICER' | 'LEADER') ?? 'REPORTING_OFFICER',
        });
        console.log(`token (shown once, keep it safe):\n${token.token}`);
      } finally {
        await db.close();
      }
      return 0;
    },
  },
  'export-org-units': {
    summary: 'Export the org unit hierarchy as CSV or JSON',
    usage: 'tiendo export-org-units [--format csv|json] [--out FILE]',
    options: { format: { type: 'string' }, out: { type: 'string' } },
    async run(v) {
      const format = ((v.format as string) ?? 'csv') as 'csv' | 'json';
      if (format !== 'csv' && format !== 'json') throw new UsageError('--format must be csv or json');
      const config = loadConfig();
      const db = await openMigrated(config, false);
      try {
        const text = await exportOrgUnits(db, format);
        if (v.out) fs.writeFileSync(String(v.out), text);
        else process.stdout.write(text);
      } finally {
        await db.close();
      }
      return 0;
    },
  },
  'import-org-units': {
    summary: 'Import (upsert by code) an org unit hierarchy from a CSV or JSON file; atomic',
    usage: 'tiendo import-org-units FILE [--dry-run]',
    options: { 'dry-run': { type: 'boolean' } },
    async run(v, positionals) {
      const file = positionals[0];
      if (!file) throw new UsageError('a FILE is required');
      const text = fs.readFileSync(file, 'utf8');
      const config = loadConfig();
      const db = await openMigrated(config, false);
      try {
        const isJson = path.extname(file).toLowerCase() === '.json';
        const rows = isJson ? (JSON.parse(text) as Record<string, unknown>[]) : parseOrgUnitCsv(text);
        if (!Array.isArray(rows)) throw new UsageError('a JSON file must hold an array of org units');
        const result = await importOrgUnits(systemContext(db, config), rows, { dryRun: Boolean(v['dry-run']), firstRowNumber: isJson ? 1 : 2 });
        console.log(JSON.stringify(result, null, 2));
      } finally {
        await db.close();
      }
      return 0;
    },
  },
};

class UsageError extends Error {}

function printHelp() {
  console.log('tiendo — Tiến Độ command line\n\nCommands:');
  for (const [name, c] of Object.entries(COMMANDS)) console.log(`  ${name.padEnd(18)} ${c.summary}`);
  console.log('\nRun `tiendo <command> --help` for its options. Configuration comes from the environment and .env (see README).');
}

export async function main(argv: string[]): Promise<number> {
  loadDotenv({ quiet: true });
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    printHelp();
    return name ? 0 : 1;
  }
  const command = COMMANDS[name];
  if (!command) {
    console.error(`unknown command: ${name}\n`);
    printHelp();
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    console.log(`${command.summary}\n\nUsage: ${command.usage}`);
    return 0;
  }
  try {
    const { values, positionals } = parseArgs({ args: rest, options: command.options, allowPositionals: true, strict: true });
    return await command.run(values as Record<string, string | boolean | undefined>, positionals);
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      return 78;
    }
    if (err instanceof UsageError || (err as { code?: string }).code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
      console.error(`${(err as Error).message}\nUsage: ${command.usage}`);
      return 2;
    }
    const e = err as { messageEn?: string; messageVi?: string };
    if (e.messageEn) {
      console.error(`${e.messageVi}\n${e.messageEn}`);
      return 1;
    }
    throw err;
  }
}

// Run directly with tsx (npm start) as well as through bin/tiendo.js.
if (import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith('src/cli/main.ts')) {
  main(process.argv.slice(2)).then((code) => {
    if (code !== 0) process.exitCode = code;
  });
}
