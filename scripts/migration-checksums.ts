// Keeps src/server/db/migrations/SHA256SUMS, the committed record of every landed migration's sha256
// (the format of `sha256sum`, so `cd src/server/db/migrations && sha256sum -c SHA256SUMS` checks it too).
//
//   npm run migrations:checksums                 adds a line for each migration file that has none
//   npm run migrations:checksums -- --replace 0065   rewrites the line of a migration that has not
//                                                    landed yet (still only on your branch)
//
// A file whose line differs is refused: a landed migration is never edited.
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { MIGRATIONS_DIR, listMigrations } from '../src/server/db/migrate.ts';
import { MANIFEST_FILE, readManifest, formatManifest } from '../src/server/db/migration-manifest.ts';

const { values } = parseArgs({ options: { replace: { type: 'string', multiple: true } }, strict: true });
const replace = new Set((values.replace ?? []).map((v) => v.padStart(4, '0')));
const manifestPath = path.join(MIGRATIONS_DIR, MANIFEST_FILE);
const manifest = fs.existsSync(manifestPath) ? readManifest(fs.readFileSync(manifestPath, 'utf8')) : new Map<string, string>();

let problems = 0;
let added = 0;
for (const m of listMigrations()) {
  const recorded = manifest.get(m.file);
  if (recorded === m.checksum) continue;
  if (recorded === undefined || replace.has(m.file.slice(0, 4))) {
    manifest.set(m.file, m.checksum);
    added++;
    console.log(`${recorded === undefined ? 'added' : 'replaced'}: ${m.file} ${m.checksum}`);
  } else {
    problems++;
    console.error(
      `refused: ${m.file} differs from its recorded sha256 — a landed migration is never edited (put the change in a new migration; --replace ${m.file.slice(0, 4)} only for one that has not landed)`,
    );
  }
}
for (const file of manifest.keys()) {
  if (!fs.existsSync(path.join(MIGRATIONS_DIR, file))) {
    problems++;
    console.error(`refused: ${file} is recorded but its file is missing — a landed migration is never removed or renamed`);
  }
}
if (problems > 0) process.exit(1);
fs.writeFileSync(manifestPath, formatManifest(manifest));
console.log(added ? `${MANIFEST_FILE}: ${added} line(s) written` : `${MANIFEST_FILE}: up to date`);
