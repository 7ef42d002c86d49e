import type { Db } from '../../db/db.ts';
import { anyOf } from '../../db/kysely-sql.ts';

export interface PeriodRow {
  id: number;
  iso: string;
  type: string;
  startDate: string;
  endDate: string;
}

export async function selectPeriodIds(db: Db, isos: string[]): Promise<{ id: number; iso: string }[]> {
  return db.kysely.selectFrom('period').select(['id', 'iso']).where('iso', '=', anyOf(isos, 'text')).execute();
}

/** Raw SQL: one set-based statement for any number of periods (arrays unnested), no row returned. */
export async function insertPeriods(db: Db, periods: { iso: string; type: string; startDate: string; endDate: string }[]): Promise<void> {
  if (periods.length === 0) return;
  await db.query(
    `INSERT INTO period (iso, type, start_date, end_date)
     SELECT * FROM unnest($1::text[], $2::text[], $3::date[], $4::date[])
     ON CONFLICT (iso) DO NOTHING`,
    [periods.map((p) => p.iso), periods.map((p) => p.type), periods.map((p) => p.startDate), periods.map((p) => p.endDate)],
  );
}

export async function findPeriodsByIds(db: Db, ids: number[]): Promise<PeriodRow[]> {
  return db.kysely.selectFrom('period').select(['id', 'iso', 'type', 'start_date as startDate', 'end_date as endDate']).where('id', '=', anyOf(ids, 'int')).execute();
}
