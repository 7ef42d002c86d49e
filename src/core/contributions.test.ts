import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { decomposeRatioChange, decomposeSumChange, largestContributions, type RatioParts } from './contributions.ts';

const sum = (xs: { contribution: number }[]) => xs.reduce((a, x) => a + x.contribution, 0);
const parts = (numerator: number, denominator: number): RatioParts => ({ numerator, denominator });

describe('decomposing a change into the units that drove it', () => {
  test('a sum: each unit contributes its own change, and they add up to the national change', () => {
    const d = decomposeSumChange({
      national: { before: 100, after: 130 },
      units: [
        { key: 'HN', before: 60, after: 80 },
        { key: 'HCM', before: 40, after: 55 },
        { key: 'DN', before: null, after: null },
      ],
    });
    assert.equal(d.change, 30);
    assert.deepEqual(d.contributions, [
      { key: 'HN', contribution: 20 },
      { key: 'HCM', contribution: 15 },
      { key: 'DN', contribution: 0 },
    ]);
    // 20 + 15 = 35, but the nation grew by 30: 5 less was entered at the national level itself.
    assert.equal(d.residual, -5);
  });

  test('a ratio: the contributions F · (ΔNᵢ − r₀ · ΔDᵢ) / D₁ add up exactly to the change of the national rate', () => {
    // Harmful content removed (numerator) of content reported (denominator), in %.
    const units = [
      { key: 'A', before: parts(90, 100), after: parts(190, 200) },
      { key: 'B', before: parts(40, 100), after: parts(45, 100) },
      { key: 'C', before: parts(10, 50), after: null },
    ];
    const national = { before: parts(140, 250), after: parts(235, 300) };
    const d = decomposeRatioChange({ factor: 100, national, units });
    const expected = 100 * (235 / 300 - 140 / 250);
    assert.ok(Math.abs(d.change - expected) < 1e-12);
    assert.equal(d.residual, 0);
    assert.ok(Math.abs(sum(d.contributions) - d.change) < 1e-12);
    const r0 = 140 / 250;
    // A: ΔN = 100, ΔD = 100 → 100 · (100 − 0,56 · 100) / 300 = 14,67 points.
    assert.ok(Math.abs(d.contributions[0].contribution - (100 * (100 - r0 * 100)) / 300) < 1e-12);
    // C stopped reporting: its 10 of 50 (below the national rate) leave, which raises the rate.
    assert.ok(d.contributions[2].contribution > 0);
    // The same in the weighted form Cᵢ = F · [D₁ᵢ (r₁ᵢ − r₀) − D₀ᵢ (r₀ᵢ − r₀)] / D₁.
    const b = (100 * (100 * (45 / 100 - r0) - 100 * (40 / 100 - r0))) / 300;
    assert.ok(Math.abs(d.contributions[1].contribution - b) < 1e-12);
  });

  test('a ratio over a constant denominator is a sum of the units’ numerator changes', () => {
    const d = decomposeRatioChange({
      factor: 1,
      national: { before: parts(500, 1), after: parts(520, 1) },
      units: [
        { key: 'X', before: parts(300, 1), after: parts(330, 1) },
        { key: 'Y', before: parts(200, 1), after: parts(190, 1) },
      ],
    });
    assert.deepEqual(
      d.contributions.map((c) => c.contribution),
      [30, -10],
    );
    assert.equal(d.change, 20);
    assert.equal(d.residual, 0);
  });

  test('what the units do not explain is the residual, never spread over them', () => {
    const d = decomposeRatioChange({
      factor: 100,
      national: { before: parts(50, 100), after: parts(70, 100) },
      units: [{ key: 'A', before: parts(50, 100), after: parts(60, 100) }],
    });
    assert.equal(d.contributions[0].contribution, 10);
    assert.ok(Math.abs(d.residual - 10) < 1e-12);
  });

  test('a zero national denominator is refused', () => {
    assert.throws(() => decomposeRatioChange({ factor: 1, national: { before: parts(0, 0), after: parts(1, 1) }, units: [] }), RangeError);
  });

  test('the largest contributions come first, by size whatever their sign; zeros are left out', () => {
    const d = decomposeSumChange({
      national: { before: 0, after: 1 },
      units: [
        { key: 'a', before: 0, after: 2 },
        { key: 'b', before: 5, after: 0 },
        { key: 'c', before: 1, after: 1 },
        { key: 'd', before: 0, after: 4 },
      ],
    });
    assert.deepEqual(
      largestContributions(d, 2).map((c) => c.key),
      ['b', 'd'],
    );
    assert.deepEqual(
      largestContributions(d, 9).map((c) => c.key),
      ['b', 'd', 'a'],
    );
  });

  test('a contribution that rounds to zero at the shown precision is left out, whatever its sign', () => {
    const d = decomposeSumChange({
      national: { before: 0, after: 1.26 },
      units: [
        { key: 'a', before: 0, after: 1.2 },
        { key: 'b', before: 0, after: 0.04 },
        { key: 'c', before: 0.03, after: 0 },
        { key: 'd', before: 0, after: 0.05 },
      ],
    });
    assert.deepEqual(
      largestContributions(d, 9).map((c) => c.key),
      ['a', 'd', 'b', 'c'],
    );
    // 0,04 and −0,03 are written "+0,0" and "−0,0" at one decimal; 0,05 is written "+0,1".
    assert.deepEqual(
      largestContributions(d, 9, 1).map((c) => c.key),
      ['a', 'd'],
    );
    assert.deepEqual(
      largestContributions(d, 9, 2).map((c) => c.key),
      ['a', 'd', 'b', 'c'],
    );
    assert.deepEqual(
      largestContributions(d, 9, 0).map((c) => c.key),
      ['a'],
    );
  });
});
