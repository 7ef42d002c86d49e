// The streaming JSON reader against JSON.parse: thousands of generated dataValueSet documents and
// mutations of them, each cut into chunks at random places; the reader must give the same verdict as
// JSON.parse on every one (and, when both accept, the same values and header). Seeded, so a failure
// names a case that can be replayed.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { AppError } from '../../http/errors.ts';
import { DataValueSetJsonReader, readNdjsonValues, readCsvValues } from './stream-parse.ts';

function prng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Rand = () => number;
const pick = <T>(r: Rand, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];
const int = (r: Rand, n: number) => Math.floor(r() * n);

const WS = [' ', '\t', '\n', '\r', '  ', ''];
const ws = (r: Rand) => (r() < 0.6 ? '' : pick(r, WS));
const STRING_PARTS = ['a', 'Hà Nội', '}', ']', '{', '[', ',', ':', '\\"', '\\\\', '\\n', '\\t', '\\u00e9', '\\ud83d\\ude00', '\\/', 'dataValues', ' ', '\\u0000'];

function genString(r: Rand): string {
  let s = '"';
  for (let i = int(r, 4); i > 0; i--) s += pick(r, STRING_PARTS);
  return `${s}"`;
}

function genNumber(r: Rand): string {
  return pick(r, ['0', '-0', '7', '-12', '3.25', '1e5', '1E-3', '-2.5e+2', '123456789012', '0.000001']);
}

function genValue(r: Rand, depth: number): string {
  const k = depth > 3 ? int(r, 3) : int(r, 5);
  if (k === 0) return genString(r);
  if (k === 1) return genNumber(r);
  if (k === 2) return pick(r, ['true', 'false', 'null']);
  if (k === 3) return genObject(r, depth + 1);
  const items = Array.from({ length: int(r, 4) }, () => ws(r) + genValue(r, depth + 1) + ws(r));
  return `[${items.join(',')}]`;
}

function genObject(r: Rand, depth: number, keys: readonly string[] = ['a', 'b', 'value', 'period', '__proto__', 'x y']): string {
  const members = Array.from({ length: int(r, 5) }, () => `${ws(r)}"${pick(r, keys)}"${ws(r)}:${ws(r)}${genValue(r, depth)}${ws(r)}`);
  return `{${members.join(',')}}`;
}

function genDocument(r: Rand): string {
  const members: string[] = [];
  const header = int(r, 4);
  for (let i = 0; i < header; i++) members.push(`"${pick(r, ['dataSet', 'period', 'orgUnit', 'completeDate', 'nested', '__proto__'])}"${ws(r)}:${ws(r)}${genValue(r, 1)}`);
  if (r() < 0.9) {
    const values = Array.from({ length: int(r, 5) }, () => ws(r) + genObject(r, 1, ['dataElement', 'period', 'orgUnit', 'value', 'comment', 'nested']) + ws(r));
    members.splice(int(r, members.length + 1), 0, `"dataValues"${ws(r)}:${ws(r)}[${values.join(',')}]`);
  }
  return `${ws(r)}{${members.map((m) => ws(r) + m + ws(r)).join(',')}}${ws(r)}`;
}

const NOISE = [',', ':', '{', '}', '[', ']', '"', '\\', ' ', '1', 'e', '-', '.', 'a', 'n', 't', '\u0000', '\ufeff', '\n'];

function mutate(r: Rand, text: string): string {
  const at = int(r, text.length + 1);
  switch (int(r, 7)) {
    case 0:
      return text.slice(0, at) + text.slice(at + 1);
    case 1:
      return text.slice(0, at) + pick(r, NOISE) + text.slice(at);
    case 2:
      return text.slice(0, at) + pick(r, NOISE) + text.slice(at + 1);
    case 3: {
      const len = 1 + int(r, 12);
      return text.slice(0, at) + text.slice(at, at + len) + text.slice(at);
    }
    case 4:
      return text.slice(0, at);
    case 5:
      return text.slice(0, at) + ',' + text.slice(at);
    default:
      return `\ufeff${text}`;
  }
}

type Verdict = { ok: true; values: unknown[]; header: Record<string, unknown> } | { ok: false };

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** What the reader must answer, decided by JSON.parse: a document JSON.parse accepts that is a dataValueSet. */
function oracle(text: string): Verdict {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  let doc: unknown;
  try {
    doc = JSON.parse(body);
  } catch {
    return { ok: false };
  }
  if (!isObject(doc)) return { ok: false };
  // JSON.parse keeps the last of repeated members; a streamed dataValues cannot be taken back, so
  // a document naming it twice at the top is refused. Renaming each occurrence shows how many there are.
  let k = 0;
  const renamed = JSON.parse(body.replace(/"dataValues"/g, () => `"dataValues#${k++}"`)) as Record<string, unknown>;
  if (Object.keys(renamed).filter((key) => key.startsWith('dataValues#')).length > 1) return { ok: false };
  // A NUL escape in any string of the text, even one a later member replaces, is refused.
  if (/(?<!\\)(?:\\\\)*\\u0000/.test(body)) return { ok: false };
  const { dataValues, ...rest } = doc;
  const header: Record<string, unknown> = {};
  for (const key of Object.keys(doc)) if (key !== 'dataValues') Object.defineProperty(header, key, { value: doc[key], enumerable: true, writable: true, configurable: true });
  void rest;
  if (dataValues === undefined) return { ok: true, values: [], header };
  if (!Array.isArray(dataValues) || !dataValues.every(isObject)) return { ok: false };
  return { ok: true, values: dataValues, header };
}

function read(text: string, cuts: number[]): Verdict {
  const reader = new DataValueSetJsonReader();
  const values: unknown[] = [];
  try {
    let from = 0;
    for (const to of [...cuts, text.length]) {
      values.push(...reader.push(text.slice(from, to)));
      from = to;
    }
    reader.finish();
  } catch (err) {
    // A refusal is always the API's own error, never a crash of the reader.
    assert.ok(err instanceof AppError, `not an AppError for ${JSON.stringify(text)}: ${String(err)}`);
    assert.ok(err.details[0]?.path, 'the refusal names a path');
    return { ok: false };
  }
  return { ok: true, values, header: reader.header };
}

function cutsFor(r: Rand, length: number): number[] {
  const mode = int(r, 3);
  if (mode === 0) return [];
  if (mode === 1) return Array.from({ length }, (_, i) => i).slice(1);
  return [...new Set(Array.from({ length: 1 + int(r, 6) }, () => int(r, length + 1)))].sort((a, b) => a - b);
}

describe('the streaming JSON reader decides like JSON.parse', () => {
  test('the documents of the issue are refused', () => {
    for (const bad of [
      '{"dataValues":[{"a":1}{"b":2}]}',
      '{"dataValues":[,,{"a":1},,]}',
      '{,"dataValues":[{"a":1}],}',
      '{"dataValues":[{"a":1},]}',
      '{"a":1,}',
      '{"a" 1}',
      '{"a":1 "b":2}',
      '{"dataValues":[{"a":1}]}}',
      '{"dataValues":[{"a":1}] , , "x":1}',
    ]) {
      assert.equal(oracle(bad).ok, false, bad);
      assert.equal(read(bad, []).ok, false, bad);
    }
  });

  test('20,000 generated and mutated documents, cut anywhere: the same verdict, values and header', () => {
    const seed = Number(process.env.FUZZ_SEED ?? 20261202);
    const r = prng(seed);
    let accepted = 0;
    let refused = 0;
    for (let i = 0; i < 4_000; i++) {
      const doc = genDocument(r);
      const inputs = [doc, ...Array.from({ length: 4 }, () => mutate(r, doc))];
      inputs.push(mutate(r, mutate(r, doc)));
      for (const text of inputs) {
        const expected = oracle(text);
        const got = read(text, cutsFor(r, text.length));
        assert.equal(got.ok, expected.ok, `seed ${seed}, case ${i}: ${JSON.stringify(text)} — JSON.parse says ${expected.ok ? 'valid' : 'invalid'}`);
        if (got.ok && expected.ok) {
          assert.deepEqual(got.values, expected.values, JSON.stringify(text));
          assert.deepEqual(got.header, expected.header, JSON.stringify(text));
          accepted++;
        } else refused++;
      }
    }
    // Both sides of the property are exercised.
    assert.ok(accepted > 3_000 && refused > 3_000, `accepted ${accepted}, refused ${refused}`);
  });
});

describe('bounded readers: a value that never ends is refused at the bound', () => {
  test('a JSON token that never closes: refused once it passes the bound, holding no more than it', () => {
    const limits = { maxValueChars: 64 * 1024, maxDepth: 32 };
    for (const start of ['{"dataValues":[{"comment":"', '{"note":"', '{"dataValues":[{"a":[[[[', '{"n":1234']) {
      const reader = new DataValueSetJsonReader(limits);
      reader.push(start);
      const chunk = start.endsWith('[') ? '[1],'.repeat(4096) : start.endsWith('4') ? '5'.repeat(16384) : 'x'.repeat(16384);
      let pushed = 0;
      const err = (() => {
        try {
          for (; pushed < 1000; pushed++) reader.push(chunk);
        } catch (e) {
          return e as AppError;
        }
        return null;
      })();
      assert.ok(err instanceof AppError, start);
      assert.equal(err.status, 413);
      assert.equal(err.code, 'VALUE_TOO_LARGE');
      assert.ok(pushed * chunk.length <= limits.maxValueChars + chunk.length, `refused after ${pushed} chunks`);
      assert.ok(err.details[0].path.length > 0);
    }
  });

  test('nesting deeper than the bound is refused with a path, not a stack overflow', () => {
    const reader = new DataValueSetJsonReader();
    assert.throws(
      () => reader.push(`{"dataValues":[{"a":${'['.repeat(100_000)}`),
      (e: AppError) => e.code === 'NESTING_TOO_DEEP' && e.details[0].path === 'dataValues[0]',
    );
  });

  test('an NDJSON line that never ends, a CSV record that never ends: refused at the bound', async () => {
    const limits = { maxValueChars: 64 * 1024, maxDepth: 32 };
    let sent = 0;
    async function* endless(prefix: string) {
      yield prefix;
      for (; sent < 2000; sent++) yield 'x'.repeat(16384);
    }
    sent = 0;
    await assert.rejects(
      async () => {
        for await (const _ of readNdjsonValues(endless('{"a":1}\n{"comment":"'), limits)) void _;
      },
      (e: AppError) => e.code === 'VALUE_TOO_LARGE' && e.details[0].path === 'line 2',
    );
    assert.ok(sent <= 6, `NDJSON read ${sent} chunks`);
    sent = 0;
    await assert.rejects(
      async () => {
        for await (const _ of readCsvValues(endless('dataelement,period,orgunit,value\nA,202301,HN,"'), limits)) void _;
      },
      (e: AppError) => e.code === 'VALUE_TOO_LARGE' && /^line \d+$/.test(e.details[0].path),
    );
    assert.ok(sent <= 10, `CSV read ${sent} chunks`);
  });

  test('NDJSON: a line that is not an object, a NUL in a string, a byte order mark', async () => {
    const all = async (text: string) => {
      const out = [];
      for await (const v of readNdjsonValues(
        (async function* () {
          yield text;
        })(),
      ))
        out.push(v);
      return out;
    };
    for (const line of ['42', '"x"', 'null', '[1]', 'true']) {
      await assert.rejects(all(`{"a":1}\n${line}\n`), (e: AppError) => e.code === 'MALFORMED_JSON' && e.details[0].path === 'line 2', line);
    }
    await assert.rejects(all('{"a":1}\n{"comment":"x\\u0000y"}'), (e: AppError) => e.code === 'NUL_CHARACTER' && e.details[0].path === 'line 2.comment');
    assert.deepEqual(await all('\ufeff{"a":1}\n'), [{ a: 1 }]);
    const reader = new DataValueSetJsonReader();
    assert.deepEqual(reader.push('\ufeff{"dataValues":[{"a":1}]}'), [{ a: 1 }]);
    assert.throws(
      () => new DataValueSetJsonReader().push('{"dataValues":[{"a":1},{"comment":"\\u0000"}]}'),
      (e: AppError) => e.details[0].path === 'dataValues[1].comment',
    );
  });

  test('CSV: a NUL in a field names its line and column', async () => {
    const rows = [];
    await assert.rejects(
      async () => {
        for await (const v of readCsvValues(
          (async function* () {
            yield 'dataelement,period,orgunit,value,comment\nA,202301,HN,1,ok\nA,202302,HN,2,x\u0000y\n';
          })(),
        ))
          rows.push(v);
      },
      (e: AppError) => e.code === 'NUL_CHARACTER' && e.details[0].path === 'line 3.comment',
    );
  });
});
