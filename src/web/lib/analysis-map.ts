// The map view of the free analysis: which units are provinces and where each goes on the tile map of the
// period, the value classes of the legend, and the map as an SVG picture (for the PNG download).
import { provinceTilesOn, type IsoDate, type ProvinceTile } from '../../core/provinces.ts';
import { tryParsePeriod } from '../../core/periods.ts';
import { mixColour } from './analytics.ts';
import { textColourOn } from './contrast.ts';
import { provinceCodeOf } from './open-data-map.ts';

/** The two ends of the map's colour ramp (the tile map's own). */
export const RAMP_LOW = '#e3eefb';
export const RAMP_HIGH = '#0b4f8a';
/** Fill of a square without a figure. */
export const EMPTY_FILL = '#f1f3f6';

/** One class of the legend: the values from `from` to `to` (both held by some province), and its colour. */
export interface ValueClass {
  from: number;
  to: number;
  colour: string;
}

/**
 * Up to `count` classes of about as many provinces each (quantiles), so that a close spread (84–87 %) is told apart
 * as well as a wide one. Equal values always share a class; a class is named by the lowest and highest value it
 * holds, so the legend never claims a value nobody has. Colours run along the ramp, light for low.
 */
export function classBreaks(values: readonly number[], count = 5): ValueClass[] {
  const sorted = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  const distinct = new Set(sorted).size;
  const k = Math.min(Math.max(1, Math.floor(count)), distinct);
  if (sorted.length === 0) return [];
  const lowers: number[] = [];
  for (let j = 0; j < k; j++) {
    // A tie at the cut moves the cut up to the next greater value: equal values stay in one class.
    const previous = lowers[lowers.length - 1];
    const lower = sorted.slice(Math.floor((j * sorted.length) / k)).find((v) => previous === undefined || v > previous);
    if (lower !== undefined) lowers.push(lower);
  }
  return lowers.map((from, j) => {
    const next = lowers[j + 1];
    const held = sorted.filter((v) => v >= from && (next === undefined || v < next));
    const share = lowers.length === 1 ? 0.6 : j / (lowers.length - 1);
    return { from, to: held[held.length - 1], colour: mixColour(RAMP_LOW, RAMP_HIGH, share) };
  });
}

/** The class a value falls in (its index), or -1 when there are no classes. */
export function classOf(value: number, classes: readonly ValueClass[]): number {
  let at = -1;
  classes.forEach((c, i) => {
    if (value >= c.from) at = i;
  });
  return classes.length ? Math.max(0, at) : -1;
}

/** A province unit as the org-unit list gives it, reduced to what the map needs. */
export interface MapUnit {
  code: string;
  /** The square's code (GSO code of the province: the unit's gsoCode attribute, or read from its code). */
  tileCode: string | null;
  openingDate: string | null;
  closingDate: string | null;
}

/** The square's code of a province unit: its `gsoCode` attribute, else the two digits its code ends with. */
export function tileCodeOf(unit: { code: string; attributes?: Record<string, unknown> }): string | null {
  const gso = unit.attributes?.gsoCode;
  return typeof gso === 'string' && /^\d{2}$/.test(gso) ? gso : provinceCodeOf(unit.code);
}

// As analytics counts it: open from its opening date, closed from its closing date on.
const openOn = (u: MapUnit, day: IsoDate) => (u.openingDate === null || u.openingDate <= day) && (u.closingDate === null || u.closingDate > day);

function dayBefore(day: IsoDate): IsoDate {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - 1);
  return d.toISOString().slice(0, 10);
}

function place(units: readonly MapUnit[], day: IsoDate) {
  const layout = provinceTilesOn(day);
  const onMap = new Set(layout.tiles.map((x) => x.code));
  const placed = new Map<string, string>();
  const unplaced: string[] = [];
  for (const u of units) {
    if (u.tileCode !== null && onMap.has(u.tileCode) && openOn(u, day) && !placed.has(u.tileCode)) placed.set(u.tileCode, u.code);
    else unplaced.push(u.code);
  }
  return { day, ...layout, placed, unplaced };
}

export interface MapLayout {
  /** The day whose layout is drawn. */
  day: IsoDate;
  grid: { rows: number; cols: number };
  tiles: ProvinceTile[];
  /** Square code → the unit drawn in it. */
  placed: Map<string, string>;
  /** Units of the selection with no square on this map (not a province then, or closed). */
  unplaced: string[];
  /** True when the layout is not the period's own: the units are those of a later layout, carrying earlier periods' figures by lineage. */
  byUnits: boolean;
}

/**
 * The tile map for a period: the layout in force on the period's first day (the 63 provinces before 1/7/2025, the 34
 * after), with each province unit of the selection in its square — a unit only where it existed then. When the
 * selection's provinces are those of another layout (today's 34 provinces asked about 2023: their figures hold their
 * predecessors' by lineage, and most of them did not exist in 2023), the layout that places more of them is drawn
 * instead and `byUnits` says so, rather than a map of empty squares.
 */
export function mapLayoutFor(period: string, units: readonly MapUnit[]): MapLayout {
  const start = tryParsePeriod(period)?.startDate ?? new Date().toISOString().slice(0, 10);
  const own = place(units, start);
  let best = own;
  // The days a unit of the selection opened, or was last open: the layouts the selection's units could belong to.
  const days = [...new Set(units.flatMap((u) => [u.openingDate, u.closingDate && dayBefore(u.closingDate)]).filter((d): d is string => Boolean(d)))].sort();
  for (const day of days) {
    const other = place(units, day);
    if (other.tiles.length !== own.tiles.length && other.placed.size > best.placed.size) best = other;
  }
  return { ...best, byUnits: best !== own };
}

/** The period a map opens on: the chosen one when the selection has it, else the latest with a figure, else the latest. */
export function mapPeriodOf(periods: readonly string[], withFigure: ReadonlySet<string>, chosen: string | null): string | null {
  if (chosen && periods.includes(chosen)) return chosen;
  const filled = periods.filter((p) => withFigure.has(p));
  return filled.length ? [...filled].sort().at(-1)! : ([...periods].sort().at(-1) ?? null);
}

/** A file name from its parts, without diacritics or characters systems refuse: "ty-le-phu-song-5g-thang-11-2026.png". */
export function pngFileName(...parts: string[]): string {
  const slug = parts
    .join(' ')
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 120)
    .replace(/-+$/, '');
  return `${slug || 'hinh'}.png`;
}

const escapeXml = (text: string) => text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!);

/** The font of the page: a system font that has the Vietnamese letters (an SVG drawn as an image sees no web font). */
export const SVG_FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Noto Sans', 'DejaVu Sans', Arial, sans-serif";

/** Splits a name into at most two lines of about `width` characters, at spaces. */
export function wrapName(name: string, width: number): string[] {
  const words = name.split(/\s+/).filter(Boolean);
  const lines: string[] = [];
  for (const w of words) {
    const last = lines[lines.length - 1];
    if (last !== undefined && (last.length + 1 + w.length <= width || lines.length === 2)) lines[lines.length - 1] = `${last} ${w}`;
    else lines.push(w);
  }
  return lines.slice(0, 2);
}

export interface MapPicture {
  title: string;
  subtitle: string;
  grid: { rows: number; cols: number };
  squares: { row: number; col: number; name: string; value: string | null; provisional: boolean; colour: string | null }[];
  legend: { label: string; colour: string }[];
  emptyLabel: string;
  provisionalLabel: string | null;
  footer: string;
}

/** The tile map as a self-contained SVG (title, squares with names and values, legend, source line), for the PNG. */
export function tileMapSvg(p: MapPicture): { svg: string; width: number; height: number } {
  const cell = { w: 112, h: 62, gap: 4 };
  const pad = 24;
  const top = 84;
  const mapWidth = p.grid.cols * (cell.w + cell.gap) - cell.gap;
  const width = Math.max(mapWidth + 2 * pad, 720);
  const left = (width - mapWidth) / 2;
  const mapHeight = p.grid.rows * (cell.h + cell.gap) - cell.gap;
  const legendRows = Math.ceil((p.legend.length + 1 + (p.provisionalLabel ? 1 : 0)) / 3);
  const height = top + mapHeight + 24 + legendRows * 24 + 40;
  const out: string[] = [];
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="${escapeXml(SVG_FONT)}">`);
  out.push(`<rect width="${width}" height="${height}" fill="#ffffff"/>`);
  out.push(`<text x="${pad}" y="34" font-size="20" font-weight="700" fill="#1a1f29">${escapeXml(p.title)}</text>`);
  out.push(`<text x="${pad}" y="60" font-size="14" fill="#3d4656">${escapeXml(p.subtitle)}</text>`);
  for (const s of p.squares) {
    const x = left + s.col * (cell.w + cell.gap);
    const y = top + s.row * (cell.h + cell.gap);
    const fill = s.colour ?? EMPTY_FILL;
    const ink = s.colour ? textColourOn(fill) : '#3d4656';
    out.push(
      `<rect x="${x}" y="${y}" width="${cell.w}" height="${cell.h}" rx="4" fill="${fill}" stroke="${s.colour ? (s.provisional ? '#b77800' : 'rgba(0,0,0,0.12)') : '#9aa5b4'}" stroke-width="${s.provisional ? 3 : 1}"${s.colour ? '' : ' stroke-dasharray="4 3"'}/>`,
    );
    const lines = wrapName(s.name, 15);
    lines.forEach((line, i) => {
      const ly = y + 18 + i * 14 - (lines.length === 1 ? 4 : 0);
      out.push(`<text x="${x + cell.w / 2}" y="${ly}" font-size="12" text-anchor="middle" fill="${ink}">${escapeXml(line)}</text>`);
    });
    out.push(
      `<text x="${x + cell.w / 2}" y="${y + cell.h - 9}" font-size="14" font-weight="700" text-anchor="middle" fill="${ink}">${escapeXml(s.value === null ? '–' : `${s.value}${s.provisional ? '*' : ''}`)}</text>`,
    );
  }
  const items = [...p.legend.map((l) => ({ ...l, dashed: false })), { label: p.emptyLabel, colour: EMPTY_FILL, dashed: true }];
  const colWidth = (width - 2 * pad) / 3;
  items.forEach((l, i) => {
    const x = pad + (i % 3) * colWidth;
    const y = top + mapHeight + 24 + Math.floor(i / 3) * 24;
    out.push(`<rect x="${x}" y="${y}" width="22" height="14" fill="${l.colour}" stroke="${l.dashed ? '#9aa5b4' : 'rgba(0,0,0,0.12)'}"${l.dashed ? ' stroke-dasharray="3 2"' : ''}/>`);
    out.push(`<text x="${x + 30}" y="${y + 12}" font-size="13" fill="#1a1f29">${escapeXml(l.label)}</text>`);
  });
  if (p.provisionalLabel) {
    const i = items.length;
    const x = pad + (i % 3) * colWidth;
    const y = top + mapHeight + 24 + Math.floor(i / 3) * 24;
    out.push(`<rect x="${x}" y="${y}" width="22" height="14" fill="#ffffff" stroke="#b77800" stroke-width="3"/>`);
    out.push(`<text x="${x + 30}" y="${y + 12}" font-size="13" fill="#1a1f29">* ${escapeXml(p.provisionalLabel)}</text>`);
  }
  out.push(`<text x="${pad}" y="${height - 16}" font-size="12" fill="#3d4656">${escapeXml(p.footer)}</text>`);
  out.push('</svg>');
  return { svg: out.join(''), width, height };
}

/** A picture (e.g. a chart's SVG) framed with a title, a subtitle and a source line, as one SVG for the PNG. */
export function framedSvg(p: { title: string; subtitle: string; footer: string; body: string; bodyWidth: number; bodyHeight: number }): { svg: string; width: number; height: number } {
  const pad = 24;
  const top = 76;
  const width = p.bodyWidth + 2 * pad;
  const height = top + p.bodyHeight + 44;
  const svg = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="${escapeXml(SVG_FONT)}">`,
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
    `<text x="${pad}" y="34" font-size="20" font-weight="700" fill="#1a1f29">${escapeXml(p.title)}</text>`,
    `<text x="${pad}" y="58" font-size="14" fill="#3d4656">${escapeXml(p.subtitle)}</text>`,
    `<g transform="translate(${pad} ${top})">${p.body.replace(/^<\?xml[^>]*>/, '')}</g>`,
    `<text x="${pad}" y="${height - 16}" font-size="12" fill="#3d4656">${escapeXml(p.footer)}</text>`,
    '</svg>',
  ].join('');
  return { svg, width, height };
}

/** Rows a wrapping legend of these names takes across a width (a swatch, the name, a gap: about 7 px a letter). */
export function legendRows(names: readonly string[], width: number): number {
  let rows = names.length ? 1 : 0;
  let used = 0;
  for (const n of names) {
    const w = 40 + n.length * 7;
    if (used > 0 && used + w > width) {
      rows++;
      used = 0;
    }
    used += w;
  }
  return rows;
}
