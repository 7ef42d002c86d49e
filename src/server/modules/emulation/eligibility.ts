import type { Db } from '../../db/db.ts';
import type { AwardCode, PersonRecord, PersonYear, UnitRecord } from '../../../core/emulation.ts';
import * as repo from './repo.ts';
import { readRatingsOfYears } from './ratings.ts';

/** Years of history read for a judgement: CSTĐ toàn quốc looks six years back (initiatives), the others less. */
export const HISTORY_YEARS = 6;

/** People's records for the years up to `year`: ratings (readRatingsOfYears, all the years at once), titles from the honour book, initiatives. */
export async function loadPersonRecords(db: Db, year: number, staffIds: readonly number[]): Promise<Map<number, PersonRecord>> {
  const years = Array.from({ length: HISTORY_YEARS }, (_, i) => year - i);
  const [ratings, awards, initiatives] = await Promise.all([readRatingsOfYears(db, years, staffIds), repo.awardsOfStaff(db, staffIds), repo.initiativesOf(db, staffIds)]);
  const out = new Map<number, PersonRecord>();
  for (const id of staffIds) {
    const ys = new Map<number, PersonYear>();
    for (const y of years) {
      const r = ratings.get(y)!.get(id);
      ys.set(y, { rating: r?.rating ?? null, disciplined: r?.disciplined ?? false, titles: new Set<AwardCode>() });
    }
    out.set(id, { id, years: ys, initiatives: [] });
  }
  for (const a of awards) {
    const y = out.get(a.staffId)?.years.get(a.year);
    if (y) (y.titles as Set<AwardCode>).add(a.award);
  }
  for (const i of initiatives) {
    const p = out.get(i.staffId);
    if (p) (p.initiatives as { year: number; scope: typeof i.scope }[]).push({ year: i.year, scope: i.scope });
  }
  return out;
}

export async function loadUnitRecord(db: Db, orgUnitId: number, year: number): Promise<{ record: UnitRecord; staff: { id: number; fullName: string }[] }> {
  const staff = await repo.listUnitStaff(db, orgUnitId, year);
  const [people, ratings, awards] = await Promise.all([
    loadPersonRecords(
      db,
      year,
      staff.map((s) => s.id),
    ),
    repo.unitYears(db, orgUnitId),
    repo.awardsOfUnit(db, orgUnitId),
  ]);
  const years = new Map<number, { rating: PersonYear['rating']; titles: Set<AwardCode> }>();
  for (let y = year - HISTORY_YEARS + 1; y <= year; y++) years.set(y, { rating: ratings.get(y) ?? null, titles: new Set() });
  for (const a of awards) years.get(a.year)?.titles.add(a.award);
  return { record: { id: orgUnitId, years, members: staff.map((s) => people.get(s.id)!) }, staff };
}
