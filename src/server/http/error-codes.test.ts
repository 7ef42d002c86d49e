import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { renderErrorCodesDoc } from './error-codes-doc.ts';
import { ERROR_CODES } from './error-codes.ts';
import { AppError, badRequest, runtimeError } from './errors.ts';

const root = path.resolve(import.meta.dirname, '../../..');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(p);
    return /\.tsx?$/.test(e.name) && !e.name.endsWith('.test.ts') ? [p] : [];
  });
}

test('docs/errors.md is the registry as written by npm run docs:errors', () => {
  const onDisk = readFileSync(path.join(root, 'docs/errors.md'), 'utf8');
  assert.equal(onDisk, renderErrorCodesDoc(), 'docs/errors.md is out of date: run `npm run docs:errors` and commit it');
});

test('every code of the registry is raised somewhere in the product (no dead entries)', () => {
  const registry = path.join(root, 'src/server/http/error-codes.ts');
  const text = sourceFiles(path.join(root, 'src'))
    .filter((f) => f !== registry)
    .map((f) => readFileSync(f, 'utf8'))
    .join('\n');
  const unused = Object.keys(ERROR_CODES).filter((code) => !text.includes(`'${code}'`));
  assert.deepEqual(unused, [], `codes declared but never used: ${unused.join(', ')}`);
});

test('every code has its statuses and both languages', () => {
  for (const [code, spec] of Object.entries(ERROR_CODES)) {
    assert.match(code, /^[A-Z][A-Z0-9_]+$/, code);
    assert.ok(spec.status.length > 0 && spec.status.every((s) => s >= 400 && s < 600), `${code}: statuses`);
    assert.ok(spec.vi.trim() && spec.en.trim(), `${code}: both languages`);
  }
});

test('an error raised with a code of the registry keeps it; a foreign code becomes BAD_REQUEST with the original as reason', () => {
  const known = runtimeError('INVALID_PERIOD', 400, 'Kỳ sai', 'Bad period');
  assert.equal(known.code, 'INVALID_PERIOD');
  assert.equal(known.status, 400);
  const foreign = runtimeError('FST_ERR_CTP_INVALID_CONTENT_LENGTH', 400, 'x', 'x');
  assert.equal(foreign.code, 'BAD_REQUEST');
  assert.equal(foreign.details[0].reason, 'FST_ERR_CTP_INVALID_CONTENT_LENGTH');
  // A registered code with a status it is not declared with is not passed off as that code.
  const wrongStatus = runtimeError('INVALID_PERIOD', 418, 'x', 'x');
  assert.equal(wrongStatus.code, 'BAD_REQUEST');
  assert.equal(wrongStatus.status, 400);
  assert.equal(runtimeError(undefined, 503, 'x', 'x').code, 'INTERNAL');
  assert.ok(badRequest('VALIDATION_FAILED', 'a', 'b') instanceof AppError);
});
