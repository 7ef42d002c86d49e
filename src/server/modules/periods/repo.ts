import type { Db } from '../../db/db.ts';

export interface PeriodRow {
  id: number;
  iso: string;
  type: string;
  startDate: string;
  endDate: string;
}

export async function selectPeriodIds(db: Db, isos: string[]): Promise<{ id: number; iso: string }[]> {
  const { rows } = await db.query<{ id: number; iso: string }>('SELECT id, iso FROM period WHERE iso = ANY ($1::text[])', [isos]);
  return rows;
}

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
  const { rows } = await db.query<PeriodRow>(`SELECT id, iso, type, start_date AS "startDate", end_date AS "endDate" FROM period WHERE id = ANY ($1::int[])`, [ids]);
  return rows;
}
