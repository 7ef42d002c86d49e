// IHE ADX (Aggregate Data Exchange) profile, "period" attribute of a group: "the period ... expressed as an
// ISO 8601 date and duration, e.g. 2015-01-01/P1M" — converted to and from the product's period ids.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { fromAdxPeriod, toAdxPeriod } from './adx-periods.ts';

describe('ADX periods', () => {
  test('each period type of the product both ways', () => {
    const cases: [string, string][] = [
      ['20230115', '2023-01-15/P1D'],
      ['2023W1', '2023-01-02/P7D'],
      ['202301', '2023-01-01/P1M'],
      ['2023Q2', '2023-04-01/P3M'],
      ['2023S2', '2023-07-01/P6M'],
      ['2023N9', '2023-01-01/P9M'],
      ['2023', '2023-01-01/P1Y'],
    ];
    for (const [id, adx] of cases) {
      assert.equal(toAdxPeriod(id), adx, id);
      assert.equal(fromAdxPeriod(adx), id, adx);
    }
    assert.equal(fromAdxPeriod('2023-01-02/P1W'), '2023W1');
    assert.equal(fromAdxPeriod('2023-01-01/P12M'), '2023');
  });

  test('a duration that does not start its period, an unknown duration or a non-date is no period', () => {
    for (const bad of ['2023-01-15/P1M', '2023-02-01/P3M', '2023-01-01/P2M', '2023-02-30/P1D', '202301', '2023-01-01', '2023-01-04/P7D']) {
      assert.equal(fromAdxPeriod(bad), null, bad);
    }
    assert.equal(toAdxPeriod('not-a-period'), null);
  });
});
