/**
 * The metadata an analytics request looks up (indicators, data elements and options, org units, lineage,
 * stored periods, regimes' period types), behind one interface with two sources: straight from the database,
 * or from a snapshot of this process's cache taken at one figure_version (the counter every metadata change
 * moves forward, migration 0045). With the snapshot a request costs no metadata query at all.
 */
import type { Db } from '../../db/db.ts';
import { findIndicatorsByCodes, findIndicatorsByIds, listIndicators, type IndicatorRow } from '../indicators/repo.ts';
import * as repo from './repo.ts';

export interface Lookups {
  indicatorsByCodes(codes: readonly string[]): Promise<IndicatorRow[]>;
  indicatorsByIds(ids: readonly number[]): Promise<IndicatorRow[]>;
  elementsByCodes(codes: readonly string[]): Promise<repo.ElementRow[]>;
  optionsOfElementCodes(codes: readonly string[]): Promise<repo.OptionRow[]>;
  rootUnits(): Promise<repo.UnitRow[]>;
  unitsByCodesOrIds(codes: readonly string[], ids: readonly number[]): Promise<repo.UnitRow[]>;
  descendantUnits(prefixes: readonly string[], level: number | 'CHILDREN', today: string): Promise<repo.UnitRow[]>;
  lineage(): Promise<repo.LineageRow[]>;
  storedPeriods(from: string, to: string): Promise<repo.StoredPeriod[]>;
  regimePeriodTypes(elementIds: readonly number[]): Promise<string[]>;
}

/** Every look-up a query of its own. */
export function databaseLookups(db: Db): Lookups {
  return {
    indicatorsByCodes: (codes) => findIndicatorsByCodes(db, codes),
    indicatorsByIds: (ids) => findIndicatorsByIds(db, ids),
    elementsByCodes: (codes) => repo.findElementsByCodes(db, codes),
    optionsOfElementCodes: (codes) => repo.findOptionsOfElementCodes(db, codes),
    rootUnits: () => repo.findRootUnits(db),
    unitsByCodesOrIds: (codes, ids) => repo.findUnitsByCodesOrIds(db, codes, ids),
    descendantUnits: (prefixes, level, today) => repo.findDescendantUnits(db, prefixes, level, today),
    lineage: () => repo.listLineage(db),
    storedPeriods: (from, to) => repo.findStoredPeriods(db, from, to),
    regimePeriodTypes: (ids) => repo.listRegimePeriodTypes(db, ids),
  };
}

type SnapshotUnit = repo.SnapshotRows['units'][number];

const byOrder = (a: SnapshotUnit, b: SnapshotUnit) => (a.sortKey < b.sortKey ? -1 : a.sortKey > b.sortKey ? 1 : a.code < b.code ? -1 : a.code > b.code ? 1 : 0);
const strip = ({ parentId: _p, openingDate: _o, sortKey: _s, ...unit }: SnapshotUnit): repo.UnitRow => unit;

/** The metadata as it was at one figure_version, answered from memory exactly as the SQL look-ups answer. */
export class Snapshot implements Lookups {
  private readonly indicatorsByCode = new Map<string, IndicatorRow>();
  private readonly indicatorsById = new Map<number, IndicatorRow>();
  private readonly elementsByCode: Map<string, repo.ElementRow>;
  private readonly optionsByElement = new Map<string, repo.OptionRow[]>();
  private readonly unitsByCode = new Map<string, SnapshotUnit>();
  private readonly unitsById = new Map<number, SnapshotUnit>();
  private readonly units: SnapshotUnit[];
  private readonly typesByElement = new Map<number, string[]>();

  constructor(
    indicators: readonly IndicatorRow[],
    private readonly rows: repo.SnapshotRows,
  ) {
    for (const i of indicators) {
      this.indicatorsByCode.set(i.code, i);
      this.indicatorsById.set(i.id, i);
    }
    this.elementsByCode = new Map(rows.elements.map((e) => [e.code, e]));
    for (const o of rows.options) this.optionsByElement.set(o.elementCode, [...(this.optionsByElement.get(o.elementCode) ?? []), o]);
    this.units = [...rows.units].sort(byOrder);
    for (const u of this.units) {
      this.unitsByCode.set(u.code, u);
      this.unitsById.set(u.id, u);
    }
    for (const t of rows.regimePeriodTypes) this.typesByElement.set(t.dataElementId, [...(this.typesByElement.get(t.dataElementId) ?? []), t.periodType]);
  }

  static async load(db: Db): Promise<Snapshot> {
    const [indicators, rows] = await Promise.all([listIndicators(db, {}), repo.loadSnapshotRows(db)]);
    return new Snapshot(indicators, rows);
  }

  async indicatorsByCodes(codes: readonly string[]) {
    return codes.flatMap((c) => this.indicatorsByCode.get(c) ?? []);
  }
  async indicatorsByIds(ids: readonly number[]) {
    return ids.flatMap((id) => this.indicatorsById.get(id) ?? []);
  }
  async elementsByCodes(codes: readonly string[]) {
    return [...new Set(codes)].flatMap((c) => this.elementsByCode.get(c) ?? []);
  }
  async optionsOfElementCodes(codes: readonly string[]) {
    return [...new Set(codes)].flatMap((c) => this.optionsByElement.get(c) ?? []);
  }
  async rootUnits() {
    return this.units.filter((u) => u.parentId === null).map(strip);
  }
  async unitsByCodesOrIds(codes: readonly string[], ids: readonly number[]) {
    const found = new Map<number, SnapshotUnit>();
    for (const c of codes) {
      const u = this.unitsByCode.get(c);
      if (u) found.set(u.id, u);
    }
    for (const id of ids) {
      const u = this.unitsById.get(id);
      if (u) found.set(u.id, u);
    }
    return [...found.values()].map(strip);
  }
  async descendantUnits(prefixes: readonly string[], level: number | 'CHILDREN', today: string) {
    if (prefixes.length === 0) return [];
    const parents = level === 'CHILDREN' ? new Set(this.units.filter((u) => prefixes.includes(u.path)).map((u) => u.id)) : null;
    return this.units
      .filter((u) => prefixes.some((p) => u.path.startsWith(p)))
      .filter((u) => (u.closingDate === null || u.closingDate > today) && (u.openingDate === null || u.openingDate <= today))
      .filter((u) => (parents ? u.parentId !== null && parents.has(u.parentId) : u.level === level))
      .map(strip);
  }
  async lineage() {
    return this.rows.lineage;
  }
  async storedPeriods(from: string, to: string) {
    return this.rows.periods.filter((p) => p.startDate >= from && p.endDate <= to);
  }
  async regimePeriodTypes(elementIds: readonly number[]) {
    return [...new Set(elementIds.flatMap((id) => this.typesByElement.get(id) ?? []))];
  }
}
