import type { ServiceContext } from '../../http/context.ts';
import { assertPermission, assertPermissionAnywhere, permittedPaths, pathFilterSql } from '../../access.ts';
import { notFound } from '../../http/errors.ts';
import { randomSecret, sha256 } from '../../http/passwords.ts';
import { recordAudit } from '../audit/service.ts';
import { requireOrgUnitRef } from '../org-units/lookup.ts';

export interface TokenView {
  id: number;
  name: string;
  prefix: string;
  role: string;
  orgUnitId: number;
  orgUnitCode: string;
  orgUnitName: string;
  createdAt: string;
  expiresAt: string | null;
  lastUsedAt: string | null;
  lastUsedIp: string | null;
  revokedAt: string | null;
}

const COLUMNS = `t.id, t.name, t.prefix, t.role, t.org_unit_id AS "orgUnitId", ou.code AS "orgUnitCode", ou.name_vi AS "orgUnitName",
  t.created_at AS "createdAt", t.expires_at AS "expiresAt", t.last_used_at AS "lastUsedAt", t.last_used_ip AS "lastUsedIp", t.revoked_at AS "revokedAt"`;

/** Creates a token for one org unit's subtree; the secret is returned once and only its hash is kept. */
export async function createApiToken(ctx: ServiceContext, input: { name: string; orgUnit: string; role: 'REPORTING_OFFICER' | 'LEADER'; expiresAt?: string | null }) {
  const unit = await requireOrgUnitRef(ctx.db, input.orgUnit, 'body.orgUnit');
  assertPermission(ctx.actor, 'token.manage', unit.path);
  const secret = `tdk_${randomSecret()}`;
  return ctx.db.transaction(async (db) => {
    const { rows } = await db.query<{ id: number }>(
      `INSERT INTO api_token (name, prefix, token_hash, org_unit_id, role, created_by, expires_at) VALUES ($1,$2,$3,$4,$5,$6,$7) RETURNING id`,
      [input.name, secret.slice(0, 10), sha256(secret), unit.id, input.role, ctx.actor.userId ?? null, input.expiresAt ?? null],
    );
    const view = await getToken(db, rows[0].id);
    await recordAudit(db, ctx.actor, { action: 'token.create', objectType: 'api_token', objectId: rows[0].id, orgUnitId: unit.id, after: view });
    return { ...view, token: secret };
  });
}

async function getToken(db: ServiceContext['db'], id: number): Promise<TokenView> {
  const { rows } = await db.query<TokenView & { path: string }>(`SELECT ${COLUMNS}, ou.path FROM api_token t JOIN org_unit ou ON ou.id = t.org_unit_id WHERE t.id = $1`, [id]);
  if (!rows[0]) throw notFound('mã truy cập', 'API token', id);
  const { path: _path, ...view } = rows[0];
  return view;
}

export async function listApiTokens(ctx: ServiceContext) {
  assertPermissionAnywhere(ctx.actor, 'token.manage');
  const params: unknown[] = [];
  const filter = pathFilterSql(permittedPaths(ctx.actor, 'token.manage'), 'ou.path', params);
  const { rows } = await ctx.db.query<TokenView>(`SELECT ${COLUMNS} FROM api_token t JOIN org_unit ou ON ou.id = t.org_unit_id WHERE ${filter} ORDER BY t.id DESC`, params);
  return rows;
}

export async function revokeApiToken(ctx: ServiceContext, id: number) {
  return ctx.db.transaction(async (db) => {
    const { rows } = await db.query<{ path: string; org_unit_id: number }>('SELECT ou.path, t.org_unit_id FROM api_token t JOIN org_unit ou ON ou.id = t.org_unit_id WHERE t.id = $1', [id]);
    if (!rows[0]) throw notFound('mã truy cập', 'API token', id);
    assertPermission(ctx.actor, 'token.manage', rows[0].path);
    const before = await getToken(db, id);
    await db.query('UPDATE api_token SET revoked_at = coalesce(revoked_at, now()) WHERE id = $1', [id]);
    const after = await getToken(db, id);
    await recordAudit(db, ctx.actor, { action: 'token.revoke', objectType: 'api_token', objectId: id, orgUnitId: rows[0].org_unit_id, before, after });
    return after;
  });
}
