import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { main } from './main.ts';
import { openDb } from '../server/db/db.ts';

// The CLI reads its configuration from the environment, as a person running it would.
let dir: string;
const saved = { ...process.env };
let out: string[] = [];
const log = console.log;
const err = console.error;

before(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tiendo-cli-'));
  delete process.env.DATABASE_URL;
  process.env.DATA_DIR = dir;
  process.env.LOG_LEVEL = 'silent';
  console.log = (...args: unknown[]) => void out.push(args.join(' '));
  console.error = (...args: unknown[]) => void out.push(args.join(' '));
});
after(() => {
  console.log = log;
  console.error = err;
  process.env = saved;
  fs.rmSync(dir, { recursive: true, force: true });
});

const run = async (...argv: string[]) => {
  out = [];
  const code = await main(argv);
  return { code, text: out.join('\n') };
};

test('every command has --help, and an unknown command says so', async () => {
  const help = await run('--help');
  assert.equal(help.code, 0);
  for (const name of ['serve', 'migrate', 'seed-demo', 'create-user', 'create-token', 'export-org-units', 'import-org-units']) {
    assert.match(help.text, new RegExp(name));
    const one = await run(name, '--help');
    assert.equal(one.code, 0);
    assert.match(one.text, /Usage: tiendo/);
  }
  assert.equal((await run('khong-co')).code, 2);
});

test('migrate, import a hierarchy, create a user and a token, export', async () => {
  assert.equal((await run('migrate')).code, 0);
  const csv = path.join(dir, 'units.csv');
  fs.writeFileSync(csv, 'code,name_vi,parent_code\nVN,Việt Nam,\n01,Thành phố Hà Nội,VN\n');
  const imported = await run('import-org-units', csv);
  assert.equal(imported.code, 0, imported.text);
  assert.match(imported.text, /"created": 2/);

  const bad = await run('create-user', '--username', 'x');
  assert.equal(bad.code, 2);
  assert.match(bad.text, /--password are required/);
  const user = await run('create-user', '--username', 'canbo', '--password', 'mot-mat-khau-dai', '--role', 'REPORTING_OFFICER', '--org-unit', '01');
  assert.equal(user.code, 0, user.text);
  assert.match(user.text, /must be changed at first sign-in/);
  const db = await openDb({ dataDir: dir });
  const flagged = await db.query<{ must_change_password: boolean }>("SELECT must_change_password FROM app_user WHERE username = 'canbo'");
  await db.close();
  assert.equal(flagged.rows[0].must_change_password, true);
  const token = await run('create-token', '--name', 'He thong', '--org-unit', '01');
  assert.equal(token.code, 0, token.text);
  assert.match(token.text, /tdk_[A-Za-z0-9_-]{20,}/);

  const file = path.join(dir, 'out.json');
  assert.equal((await run('export-org-units', '--format', 'json', '--out', file)).code, 0);
  const units = JSON.parse(fs.readFileSync(file, 'utf8')) as { code: string; name_vi: string }[];
  assert.deepEqual(units.map((u) => u.code).sort(), ['01', 'VN']);
  assert.equal(units.find((u) => u.code === '01')?.name_vi, 'Thành phố Hà Nội');
});

test('a wrong configuration value stops the command with the variable named', async () => {
  process.env.PORT = 'abc';
  const res = await run('migrate');
  delete process.env.PORT;
  assert.equal(res.code, 78);
  assert.match(res.text, /PORT="abc"/);
});
