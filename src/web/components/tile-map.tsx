import { NEW_PROVINCES, TILE_GRID, type ProvinceTile } from '../../core/provinces.ts';
import { useI18n } from '../i18n/index.tsx';
import { mixColour } from '../lib/analytics.ts';
import { classOf, EMPTY_FILL, RAMP_HIGH as HIGH, RAMP_LOW as LOW, type ValueClass } from '../lib/analysis-map.ts';
import { textColourOn } from '../lib/contrast.ts';

/**
 * The provinces as a tile grid, one square each, placed roughly where it lies: the 34 provinces by default, or the
 * tiles given (the 63 provinces before 1/7/2025, see provinceTilesOn). A boundary map of clear licence does not exist
 * for the new provinces; squares also give small provinces and cities the same visual weight as large ones. A province
 * without a figure is drawn empty (dashed) and said to have no data, never shown as 0. With onSelect the squares are
 * buttons; without, a plain list, each square reading "name: value". With `classes` the squares take the colour of
 * their value's class and the legend lists the classes; otherwise a ramp from the lowest to the highest value.
 */
export function TileMap({
  values,
  decimals,
  unit,
  selected,
  onSelect,
  label,
  tiles = NEW_PROVINCES,
  grid = TILE_GRID,
  provisional,
  provisionalLabel,
  classes,
  notes,
}: {
  values: Map<string, number>;
  decimals?: number;
  unit: string | null;
  selected?: string;
  onSelect?: (code: string) => void;
  label: string;
  tiles?: readonly ProvinceTile[];
  grid?: { rows: number; cols: number };
  /** Provinces whose figure is provisional (below its coverage threshold): marked with an asterisk. */
  provisional?: ReadonlySet<string>;
  /** The word for a provisional figure (the open-data "sơ bộ" by default). */
  provisionalLabel?: string;
  /** Value classes (see classBreaks): colours by class, a legend of classes. */
  classes?: readonly ValueClass[];
  /** More words read out with a square's figure (e.g. its coverage). */
  notes?: ReadonlyMap<string, string>;
}) {
  const { t, num, lang } = useI18n();
  const present = [...values.values()];
  const min = present.length ? Math.min(...present) : 0;
  const max = present.length ? Math.max(...present) : 1;
  const span = max - min || 1;
  const anyProvisional = tiles.some((p) => provisional?.has(p.code) && values.has(p.code));
  const provisionalWord = provisionalLabel ?? t('tileMap.provisional');
  const colourOf = (v: number) => (classes?.length ? classes[classOf(v, classes)].colour : mixColour(LOW, HIGH, (v - min) / span));
  return (
    <figure className="tile-map-figure">
      <div
        className="tile-map"
        role={onSelect ? 'group' : 'list'}
        aria-label={label}
        style={{ gridTemplateColumns: `repeat(${grid.cols}, minmax(0, 1fr))`, gridTemplateRows: `repeat(${grid.rows}, auto)` }}
      >
        {tiles.map((p) => {
          const v = values.get(p.code);
          const background = v === undefined ? EMPTY_FILL : colourOf(v);
          const name = tileName(p, lang);
          const mark = v !== undefined && provisional?.has(p.code) ? '*' : '';
          const note = v !== undefined ? notes?.get(p.code) : undefined;
          const text = `${name}: ${v === undefined ? t('indicator.noValue') : `${num(v, decimals)}${unit ? ` ${unit}` : ''}${mark ? ` (${provisionalWord})` : ''}${note ? ` · ${note}` : ''}`}`;
          const className = `tile${selected === p.code ? ' selected' : ''}${v === undefined ? ' empty' : ''}${mark ? ' provisional-tile' : ''}`;
          const style = { gridRow: p.tile.row + 1, gridColumn: p.tile.col + 1, background, color: textColourOn(background) };
          const content = (
            <>
              <span className="tile-name">{name}</span>
              <span className="tile-value">{v === undefined ? '–' : `${num(v, decimals)}${mark}`}</span>
            </>
          );
          return onSelect ? (
            <button
              key={p.code}
              type="button"
              className={className}
              style={style}
              title={text}
              aria-label={text}
              aria-pressed={selected === p.code}
              onClick={() => onSelect(p.code)}
              data-province={p.code}
            >
              {content}
            </button>
          ) : (
            <div key={p.code} role="listitem" className={`${className} static`} style={style} title={text} data-province={p.code} data-empty={v === undefined ? 'true' : undefined}>
              <span className="sr-only">{text}</span>
              <span aria-hidden="true" className="tile-content">
                {content}
              </span>
            </div>
          );
        })}
      </div>
      <figcaption className="tile-legend">
        {classes?.length ? (
          <ul className="legend-classes" aria-label={t('tileMap.classes')}>
            {classes.map((c) => (
              <li key={c.from}>
                <span className="legend-swatch" style={{ background: c.colour }} aria-hidden="true" />
                {c.from === c.to ? num(c.from, decimals) : `${num(c.from, decimals)} – ${num(c.to, decimals)}`}
              </li>
            ))}
          </ul>
        ) : (
          present.length > 0 && (
            <>
              <span>{num(min, decimals)}</span>
              <span className="legend-ramp" style={{ background: `linear-gradient(90deg, ${LOW}, ${HIGH})` }} aria-hidden="true" />
              <span>{num(max, decimals)}</span>
            </>
          )
        )}
        <span className="legend-empty" aria-hidden="true" /> <span>{t('indicator.noValue')}</span>
        {anyProvisional && (
          <span>
            <span className="legend-provisional" aria-hidden="true" /> * {provisionalWord}
          </span>
        )}
      </figcaption>
    </figure>
  );
}

/** The name on a square: the short Vietnamese name ("Hồ Chí Minh"), or the English one without "Province"/"City". */
export function tileName(p: ProvinceTile, lang: string): string {
  return lang === 'en' ? p.nameEn.replace(/ (Province|City)$/, '') : p.shortNameVi;
}

export const PROVINCE_CODES: string[] = NEW_PROVINCES.map((p) => p.code);
export const PROVINCE_NAMES: Map<string, string> = new Map(NEW_PROVINCES.map((p) => [p.code, p.shortNameVi]));
