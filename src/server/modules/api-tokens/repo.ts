import type { Db } from '../../db/db.ts';

/** A token as stored, with its unit; never the hash. */
export interface TokenRow {
  id: number;
  name: string;
  prefix: string;
  role: string;
  orgUnitId: number;
  orgUnitCode: string;
  orgUnitName: string;
  orgUnitPath: string;
  createdAt: Date;
  expiresAt: Date | null;
  lastUsedAt: Date | null;
  lastUsedIp: string | null;
  revokedAt: Date | null;
}

function selectTokens(db: Db) {
  return db.kysely
    .selectFrom('api_token as t')
    .innerJoin('org_unit as ou', 'ou.id', 't.org_unit_id')
    .select([
      't.id',
      't.name',
      't.prefix',
      't.role',
      't.org_unit_id as orgUnitId',
      'ou.code as orgUnitCode',
      'ou.name_vi as orgUnitName',
      'ou.path as orgUnitPath',
      't.created_at as createdAt',
      't.expires_at as expiresAt',
      't.last_used_at as lastUsedAt',
      't.last_used_ip as lastUsedIp',
      't.revoked_at as revokedAt',
    ]);
}

export async function insertToken(
  db: Db,
  token: { name: string; prefix: string; tokenHash: string; orgUnitId: number; role: 'REPORTING_OFFICER' | 'LEADER'; createdBy: number | null; expiresAt: string | null },
): Promise<number> {
  const { id } = await db.kysely
    .insertInto('api_token')
    .values({
      name: token.name,
      prefix: token.prefix,
      token_hash: token.tokenHash,
      org_unit_id: token.orgUnitId,
      role: token.role,
      created_by: token.createdBy,
      expires_at: token.expiresAt,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

export async function findToken(db: Db, id: number): Promise<TokenRow | null> {
  return (await selectTokens(db).where('t.id', '=', id).executeTakeFirst()) ?? null;
}

/** Tokens whose unit lies in one of the subtrees (`'ALL'`: every token), newest first. */
export async function listTokens(db: Db, scopePaths: 'ALL' | string[]): Promise<TokenRow[]> {
  if (scopePaths !== 'ALL' && scopePaths.length === 0) return [];
  let query = selectTokens(db);
  if (scopePaths !== 'ALL') query = query.where((eb) => eb.or(scopePaths.map((p) => eb('ou.path', 'like', `${p}%`))));
  return query.orderBy('t.id', 'desc').execute();
}

/** Sets revoked_at once (a second revocation keeps the first time). */
export async function revokeToken(db: Db, id: number): Promise<void> {
  await db.kysely
    .updateTable('api_token')
    .set((eb) => ({ revoked_at: eb.fn.coalesce('revoked_at', eb.fn<Date>('now')) }))
    .where('id', '=', id)
    .execute();
}
