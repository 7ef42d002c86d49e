import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mixColour } from './analytics.ts';
import { luminance, textColourOn } from './contrast.ts';

const ratio = (a: string, b: string) => {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
};

test('the text on every colour of the map ramp reaches 4.5:1 (WCAG AA for small text)', () => {
  let worst = Infinity;
  for (let i = 0; i <= 1000; i++) {
    const bg = mixColour('#e3eefb', '#0b4f8a', i / 1000);
    worst = Math.min(worst, ratio(bg, textColourOn(bg)));
  }
  assert.ok(worst >= 4.5, `worst contrast ${worst.toFixed(2)}`);
});

test('dark text on light squares, white on dark ones', () => {
  assert.equal(textColourOn('#e3eefb'), '#000000');
  assert.equal(textColourOn('#0b4f8a'), '#ffffff');
});
