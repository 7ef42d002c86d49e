// Writes src/server/db/schema.ts, the database schema's TypeScript types, from a freshly migrated
// in-memory database (PGlite). `npm run db:types -- --check` only says whether the file is up to date.
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { openDb } from '../src/server/db/db.ts';
import { migrate } from '../src/server/db/migrate.ts';
import { SCHEMA_FILE, generateSchemaTypes } from '../src/server/testing/schema-types.ts';

const { values } = parseArgs({ options: { check: { type: 'boolean' } }, strict: true });
const db = await openDb({ dataDir: 'memory://' });
try {
  await migrate(db);
  const text = await generateSchemaTypes(db);
  const current = fs.existsSync(SCHEMA_FILE) ? fs.readFileSync(SCHEMA_FILE, 'utf8') : '';
  const relative = path.relative(process.cwd(), SCHEMA_FILE);
  if (values.check) {
    if (current !== text) {
      console.error(`${relative} is out of date with the migrations: run \`npm run db:types\` and commit it`);
      process.exitCode = 1;
    } else console.log(`${relative} is up to date`);
  } else if (current === text) {
    console.log(`${relative} is up to date`);
  } else {
    fs.writeFileSync(SCHEMA_FILE, text);
    console.log(`${relative} written`);
  }
} finally {
  await db.close();
}
