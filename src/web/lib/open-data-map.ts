import { provinceTilesOn, type ProvinceTile } from '../../core/provinces.ts';
import { tryParsePeriod } from '../../core/periods.ts';
import type { Wire } from '../../core/contract.ts';
import type { publicObservationSchema } from '../../server/modules/opendata/schema.ts';

/** One published figure as the public dataset page receives it (the fields the map reads). */
export type MapObservation = Pick<Wire<typeof publicObservationSchema>, 'indicator' | 'orgUnit' | 'period' | 'value' | 'status'>;

/** The province (GSO) code of a unit's code: '01', or the code of a province closed in the 2025 reorganisation ('T63-02'). */
export function provinceCodeOf(unitCode: string): string | null {
  return /(?:^|\D)(\d{2})$/.exec(unitCode)?.[1] ?? null;
}

/**
 * The squares of the province map for one indicator and period: the layout in force then (63 provinces before
 * 1/7/2025, 34 after), the value of each province that has one (a withheld figure or no figure is left out, so the
 * square says "no data", never 0), which are provisional, and the units with a figure that have no square.
 */
export function provinceMapValues(
  observations: readonly MapObservation[],
  provincialUnits: ReadonlyMap<string, { name: string }>,
  indicator: string,
  period: string,
): { grid: { rows: number; cols: number }; tiles: ProvinceTile[]; values: Map<string, number>; provisional: Set<string>; unplaced: string[] } {
  const layout = provinceTilesOn(tryParsePeriod(period)?.startDate ?? '2025-07-01');
  const onMap = new Set(layout.tiles.map((x) => x.code));
  const values = new Map<string, number>();
  const provisional = new Set<string>();
  const unplaced: string[] = [];
  for (const o of observations) {
    if (o.indicator !== indicator || o.period !== period || !provincialUnits.has(o.orgUnit)) continue;
    if (o.value === null || o.status === 'M') continue;
    const code = provinceCodeOf(o.orgUnit);
    if (code === null || !onMap.has(code)) {
      unplaced.push(provincialUnits.get(o.orgUnit)?.name ?? o.orgUnit);
      continue;
    }
    values.set(code, o.value);
    if (o.status === 'P') provisional.add(code);
  }
  return { ...layout, values, provisional, unplaced };
}
