import { test } from 'node:test';
import assert from 'node:assert/strict';
import { NEW_PROVINCES, OLD_PROVINCES, PROVINCE_MERGERS } from '../../core/provinces.ts';
import { classBreaks, classOf, mapLayoutFor, mapPeriodOf, pngFileName, tileCodeOf, tileMapSvg, wrapName, RAMP_HIGH, RAMP_LOW, type MapUnit } from './analysis-map.ts';

test('class breaks: quantiles of the provinces, each class named by values someone has, equal values together', () => {
  // 10 values, 5 classes: two provinces each.
  const classes = classBreaks([84.2, 87.1, 84.9, 85.0, 86.4, 85.5, 86.0, 84.5, 86.9, 85.2]);
  assert.deepEqual(
    classes.map((c) => [c.from, c.to]),
    [
      [84.2, 84.5],
      [84.9, 85.0],
      [85.2, 85.5],
      [86.0, 86.4],
      [86.9, 87.1],
    ],
  );
  assert.equal(classes[0].colour, RAMP_LOW);
  assert.equal(classes[4].colour, RAMP_HIGH);
  // Every value falls in the class whose range holds it.
  for (const v of [84.2, 85.0, 85.2, 86.4, 87.1]) {
    const c = classes[classOf(v, classes)];
    assert.ok(v >= c.from && v <= c.to, `${v} in ${c.from}–${c.to}`);
  }
  // Ties never straddle two classes: five 0s and a 7 make two classes, not five.
  assert.deepEqual(
    classBreaks([0, 0, 0, 0, 0, 7]).map((c) => [c.from, c.to]),
    [
      [0, 0],
      [7, 7],
    ],
  );
  // Fewer distinct values than classes: one class per value; one value: one class; nothing: no legend.
  assert.equal(classBreaks([3, 1, 2]).length, 3);
  assert.deepEqual(
    classBreaks([5, 5]).map((c) => [c.from, c.to]),
    [[5, 5]],
  );
  assert.deepEqual(classBreaks([]), []);
  assert.equal(classOf(1, []), -1);
  // Negative values and a larger spread: 34 provinces in 5 classes of 6–7 each, covering min to max.
  const many = Array.from({ length: 34 }, (_, i) => i * 3 - 20);
  const five = classBreaks(many);
  assert.equal(five.length, 5);
  assert.equal(five[0].from, -20);
  assert.equal(five[4].to, 79);
  const sizes = five.map((c) => many.filter((v) => v >= c.from && v <= c.to).length);
  assert.ok(
    sizes.every((n) => n >= 6 && n <= 7),
    `sizes ${sizes.join(',')}`,
  );
});

const today34: MapUnit[] = NEW_PROVINCES.map((p) => {
  const merger = PROVINCE_MERGERS.find((m) => m.newCode === p.code)!;
  const unchanged = merger.from.length === 1 && merger.from[0] === p.code;
  return { code: p.code, tileCode: p.code, openingDate: unchanged ? null : '2025-07-01', closingDate: null };
});
const unchangedCodes = new Set(PROVINCE_MERGERS.filter((m) => m.from.length === 1 && m.from[0] === m.newCode).map((m) => m.newCode));
const old63: MapUnit[] = OLD_PROVINCES.map((p) =>
  unchangedCodes.has(p.gsoCode as never)
    ? { code: p.gsoCode, tileCode: p.gsoCode, openingDate: null, closingDate: null }
    : { code: `T63-${p.gsoCode}`, tileCode: p.gsoCode, openingDate: null, closingDate: '2025-07-01' },
);

test('the layout of the period: 34 provinces from 1/7/2025, 63 before, each unit only where it existed then', () => {
  const now = mapLayoutFor('202611', today34);
  assert.equal(now.tiles.length, 34);
  assert.equal(now.placed.size, 34);
  assert.equal(now.byUnits, false);
  assert.deepEqual(now.unplaced, []);
  // The same day the merger took effect is already the new map (a quarter starting on 1/7/2025).
  assert.equal(mapLayoutFor('2025Q3', today34).tiles.length, 34);

  // The old provinces asked about 2023: the 63 squares, every one filled.
  const before = mapLayoutFor('2023', old63);
  assert.equal(before.tiles.length, 63);
  assert.equal(before.placed.size, 63);
  assert.equal(before.byUnits, false);
  assert.equal(before.placed.get('02'), 'T63-02');
  // June 2025 is still the 63 provinces.
  assert.equal(mapLayoutFor('202506', old63).tiles.length, 63);

  // Old provinces asked about 2026 (closed by then) have no square on the 34 map... unless most of the selection is
  // of the 63: then the 63 map is drawn and says so.
  const closed = mapLayoutFor('202611', old63);
  assert.equal(closed.tiles.length, 63);
  assert.equal(closed.byUnits, true);

  // Today's 34 provinces asked about 2023: their figures hold their predecessors' (lineage), most did not exist in
  // 2023, so the 34 map is drawn (said in words), not a 63 map with 23 squares wrongly empty.
  const lineage = mapLayoutFor('2023', today34);
  assert.equal(lineage.tiles.length, 34);
  assert.equal(lineage.placed.size, 34);
  assert.equal(lineage.byUnits, true);
  // A merged province never lands in the square of its host's old code: new Lào Cai (15) is not old Yên Bái (15).
  const mixed = mapLayoutFor('2023', [...old63, today34.find((u) => u.code === '15')!]);
  assert.equal(mixed.tiles.length, 63);
  assert.equal(mixed.placed.get('15'), 'T63-15');
  assert.deepEqual(mixed.unplaced, ['15']);

  // A unit that is not a province has no square.
  const some = mapLayoutFor('202611', [today34[0], { code: 'DN-VTT', tileCode: null, openingDate: null, closingDate: null }]);
  assert.deepEqual([...some.placed.keys()], [today34[0].code]);
  assert.deepEqual(some.unplaced, ['DN-VTT']);
});

test('the square code of a unit: its gsoCode attribute, else its code', () => {
  assert.equal(tileCodeOf({ code: 'HN', attributes: { gsoCode: '01' } }), '01');
  assert.equal(tileCodeOf({ code: 'T63-02', attributes: {} }), '02');
  assert.equal(tileCodeOf({ code: 'DN-VTT' }), null);
});

test('the map opens on the chosen period, else the latest with a figure', () => {
  const periods = ['202609', '202610', '202611'];
  assert.equal(mapPeriodOf(periods, new Set(['202609', '202610']), null), '202610');
  assert.equal(mapPeriodOf(periods, new Set(['202610']), '202609'), '202609');
  assert.equal(mapPeriodOf(periods, new Set(), '201001'), '202611');
  assert.equal(mapPeriodOf([], new Set(), null), null);
});

test('file names: the indicator and the period, without diacritics or slashes', () => {
  assert.equal(pngFileName('Tỷ lệ dân số được phủ sóng 5G', 'Tháng 11/2026'), 'ty-le-dan-so-duoc-phu-song-5g-thang-11-2026.png');
  assert.equal(pngFileName('Đơn vị', 'Quý 1/2026', 'bản đồ'), 'don-vi-quy-1-2026-ban-do.png');
  assert.equal(pngFileName('***'), 'hinh.png');
});

test('the map as SVG: names in full (two lines at most), an empty square dashed with no value, text escaped', () => {
  assert.deepEqual(wrapName('Hồ Chí Minh', 8), ['Hồ Chí', 'Minh']);
  assert.deepEqual(wrapName('Thành phố Hồ Chí Minh', 10), ['Thành phố', 'Hồ Chí Minh']);
  const { svg, width, height } = tileMapSvg({
    title: 'Tỷ lệ <5G> & "phủ sóng"',
    subtitle: 'Tháng 11/2026',
    grid: { rows: 2, cols: 2 },
    squares: [
      { row: 0, col: 0, name: 'Hà Nội', value: '87,5', provisional: false, colour: RAMP_HIGH },
      { row: 0, col: 1, name: 'Quảng Ninh', value: null, provisional: false, colour: null },
      { row: 1, col: 0, name: 'Hồ Chí Minh', value: '80,1', provisional: true, colour: RAMP_LOW },
    ],
    legend: [{ label: '80,1 – 87,5', colour: RAMP_LOW }],
    emptyLabel: 'Chưa có số liệu',
    provisionalLabel: 'Tạm tính',
    footer: 'Tiến Độ',
  });
  assert.ok(width >= 720 && height > 200);
  assert.match(svg, /^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
  assert.ok(svg.includes('Tỷ lệ &lt;5G&gt; &amp; &quot;phủ sóng&quot;'));
  assert.ok(!svg.includes('<5G>'));
  assert.ok(svg.includes('>Hà Nội<') && svg.includes('>Hồ Chí Minh<') && svg.includes('>Quảng Ninh<'));
  // Two squares drawn solid, the empty one dashed (and the empty swatch of the legend), "–" not 0.
  assert.equal((svg.match(/stroke-dasharray/g) ?? []).length, 2);
  assert.ok(svg.includes('>–<'));
  assert.ok(svg.includes('>80,1*<'), 'the provisional figure is marked');
  // White text on the dark square, black on the light one (contrast).
  assert.ok(svg.includes('fill="#ffffff">Hà Nội<'));
  assert.ok(svg.includes('fill="#000000">Hồ Chí Minh<'));
});
