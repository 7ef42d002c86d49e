import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DataValueSetJsonReader, readCsvValues, readNdjsonValues } from './stream-parse.ts';

async function* chunksOf(text: string, size: number) {
  for (let i = 0; i < text.length; i += size) yield text.slice(i, i + size);
}

async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

describe('streaming readers of dataValueSet bodies', () => {
  const doc = JSON.stringify({
    dataSet: 'BC',
    period: '202301',
    nested: { a: [1, { b: '}' }] },
    dataValues: [
      { dataElement: 'A', value: '1', comment: 'có "ngoặc" } ] và \\ gạch' },
      { dataElement: 'B', value: 2 },
    ],
    completeDate: '2023-02-01',
  });

  test('JSON: the same values and header whatever the chunk size', () => {
    for (const size of [1, 2, 5, 13, 10_000]) {
      const reader = new DataValueSetJsonReader();
      const values = [];
      for (let i = 0; i < doc.length; i += size) values.push(...reader.push(doc.slice(i, i + size)));
      reader.finish();
      assert.deepEqual(values, JSON.parse(doc).dataValues, `chunk size ${size}`);
      assert.deepEqual(reader.header, { dataSet: 'BC', period: '202301', nested: { a: [1, { b: '}' }] }, completeDate: '2023-02-01' });
    }
  });

  test('JSON: broken or truncated documents are refused', () => {
    const truncated = new DataValueSetJsonReader();
    truncated.push('{"dataValues":[{"a":1}');
    assert.throws(() => truncated.finish(), /unexpected end/);
    assert.throws(() => new DataValueSetJsonReader().push('[1,2]'), /expected '\{'/);
    assert.throws(() => new DataValueSetJsonReader().push('{"dataValues":{}}'), /must be an array/);
    assert.throws(() => new DataValueSetJsonReader().push('{"dataValues":[{"a":}]}'), /broken element dataValues\[0\]/);
  });

  test('JSON: the reader holds one unfinished value, not the body', () => {
    const reader = new DataValueSetJsonReader();
    reader.push('{"dataValues":[');
    const one = JSON.stringify({ dataElement: 'A', period: '202301', orgUnit: 'HN', value: '123' });
    let count = reader.push(one).length;
    for (let i = 1; i < 20_000; i++) {
      // Each value arrives in two pieces: the reader keeps only the unfinished one.
      count += reader.push(`,${one.slice(0, 20)}`).length;
      assert.ok((reader as unknown as { pending: number }).pending <= one.length);
      count += reader.push(one.slice(20)).length;
    }
    reader.push(']}');
    reader.finish();
    assert.equal(count, 20_000);
  });

  test('NDJSON lines and CSV with or without a header', async () => {
    const nd = await collect(readNdjsonValues(chunksOf('{"a":1}\n\n{"a":2}', 3)));
    assert.deepEqual(nd, [{ a: 1 }, { a: 2 }]);
    const csv = await collect(readCsvValues(chunksOf('VALUE,dataElement,ORGUNIT,period\n5,A,HN,202301\n"1,5",B,HN,202301\n', 4)));
    assert.deepEqual(csv, [
      { value: '5', dataElement: 'A', orgUnit: 'HN', period: '202301' },
      { value: '1,5', dataElement: 'B', orgUnit: 'HN', period: '202301' },
    ]);
    const positional = await collect(readCsvValues(chunksOf('A,202301,HN,,,7,admin,,ghi chú\n', 100)));
    assert.deepEqual(positional, [
      { dataElement: 'A', period: '202301', orgUnit: 'HN', categoryOptionCombo: '', attributeOptionCombo: '', value: '7', storedBy: 'admin', lastUpdated: '', comment: 'ghi chú' },
    ]);
  });
});
