import type { Db } from '../../db/db.ts';

export interface SavedAnalysisRow {
  id: number;
  name: string;
  query: string;
  createdAt: Date;
  updatedAt: Date;
}

const COLUMNS = ['id', 'name', 'query', 'created_at as createdAt', 'updated_at as updatedAt'] as const;

export async function listSavedAnalyses(db: Db, ownerUserId: number): Promise<SavedAnalysisRow[]> {
  return db.kysely.selectFrom('saved_analysis').select(COLUMNS).where('owner_user_id', '=', ownerUserId).orderBy('updated_at', 'desc').orderBy('id', 'desc').execute();
}

/** The owner's analysis of that name, whatever its case and surrounding spaces. */
export async function findSavedAnalysisByName(db: Db, ownerUserId: number, name: string): Promise<SavedAnalysisRow | undefined> {
  const { rows } = await db.query<SavedAnalysisRow>(
    'SELECT id, name, query, created_at AS "createdAt", updated_at AS "updatedAt" FROM saved_analysis WHERE owner_user_id = $1 AND lower(btrim(name)) = lower(btrim($2))',
    [ownerUserId, name],
  );
  return rows[0];
}

export async function findSavedAnalysis(db: Db, ownerUserId: number, id: number): Promise<SavedAnalysisRow | undefined> {
  return db.kysely.selectFrom('saved_analysis').select(COLUMNS).where('id', '=', id).where('owner_user_id', '=', ownerUserId).executeTakeFirst();
}

export async function insertSavedAnalysis(db: Db, ownerUserId: number, name: string, query: string): Promise<SavedAnalysisRow> {
  return db.kysely.insertInto('saved_analysis').values({ owner_user_id: ownerUserId, name, query }).returning(COLUMNS).executeTakeFirstOrThrow();
}

export async function updateSavedAnalysis(db: Db, id: number, name: string, query: string): Promise<SavedAnalysisRow> {
  return db.kysely.updateTable('saved_analysis').set({ name, query, updated_at: new Date() }).where('id', '=', id).returning(COLUMNS).executeTakeFirstOrThrow();
}

export async function deleteSavedAnalysis(db: Db, id: number): Promise<void> {
  await db.kysely.deleteFrom('saved_analysis').where('id', '=', id).execute();
}

/** How many analyses a person keeps (bounded so that one account cannot fill the table). */
export async function countSavedAnalyses(db: Db, ownerUserId: number): Promise<number> {
  const row = await db.kysely
    .selectFrom('saved_analysis')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('owner_user_id', '=', ownerUserId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
