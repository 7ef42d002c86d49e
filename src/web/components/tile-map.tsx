import { NEW_PROVINCES, TILE_GRID } from '../../core/provinces.ts';
import { useI18n } from '../i18n/index.tsx';
import { mixColour } from '../lib/analytics.ts';

const LOW = '#e3eefb';
const HIGH = '#0b4f8a';

/**
 * The 34 provinces as a tile grid, one square each, placed roughly where it lies. A boundary map
 * of clear licence does not exist for the new provinces; squares also give small provinces and
 * cities the same visual weight as large ones.
 */
export function TileMap({
  values,
  decimals,
  unit,
  selected,
  onSelect,
  label,
}: {
  values: Map<string, number>;
  decimals: number;
  unit: string | null;
  selected?: string;
  onSelect?: (code: string) => void;
  label: string;
}) {
  const { t, num, lang } = useI18n();
  const present = [...values.values()];
  const min = present.length ? Math.min(...present) : 0;
  const max = present.length ? Math.max(...present) : 1;
  const span = max - min || 1;
  return (
    <figure className="tile-map-figure">
      <div className="tile-map" role="group" aria-label={label} style={{ gridTemplateColumns: `repeat(${TILE_GRID.cols}, minmax(0, 1fr))`, gridTemplateRows: `repeat(${TILE_GRID.rows}, auto)` }}>
        {NEW_PROVINCES.map((p) => {
          const v = values.get(p.code);
          const share = v === undefined ? 0 : (v - min) / span;
          const background = v === undefined ? '#f1f3f6' : mixColour(LOW, HIGH, share);
          const dark = v !== undefined && share > 0.5;
          const name = lang === 'en' ? p.nameEn.replace(/ (Province|City)$/, '') : p.shortNameVi;
          const text = `${name}: ${v === undefined ? t('indicator.noValue') : `${num(v, decimals)}${unit ? ` ${unit}` : ''}`}`;
          return (
            <button
              key={p.code}
              type="button"
              className={`tile${selected === p.code ? ' selected' : ''}${v === undefined ? ' empty' : ''}`}
              style={{ gridRow: p.tile.row + 1, gridColumn: p.tile.col + 1, background, color: dark ? '#fff' : '#1b2430' }}
              title={text}
              aria-label={text}
              aria-pressed={selected === p.code}
              onClick={() => onSelect?.(p.code)}
              data-province={p.code}
            >
              <span className="tile-name">{name}</span>
              <span className="tile-value">{v === undefined ? '–' : num(v, decimals)}</span>
            </button>
          );
        })}
      </div>
      <figcaption className="tile-legend">
        {present.length > 0 && (
          <>
            <span>{num(min, decimals)}</span>
            <span className="legend-ramp" style={{ background: `linear-gradient(90deg, ${LOW}, ${HIGH})` }} aria-hidden="true" />
            <span>{num(max, decimals)}</span>
          </>
        )}
        <span className="legend-empty" aria-hidden="true" /> <span>{t('indicator.noValue')}</span>
      </figcaption>
    </figure>
  );
}

export const PROVINCE_CODES: string[] = NEW_PROVINCES.map((p) => p.code);
export const PROVINCE_NAMES: Map<string, string> = new Map(NEW_PROVINCES.map((p) => [p.code, p.shortNameVi]));
