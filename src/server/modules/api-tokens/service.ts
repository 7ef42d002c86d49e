import type { z } from 'zod';
import type { tokenSchema } from './schema.ts';
import type { ServiceContext } from '../../http/context.ts';
import { assertPermission, assertPermissionAnywhere, permittedPaths } from '../../access.ts';
import { notFound } from '../../http/errors.ts';
import { randomSecret, sha256 } from '../../http/passwords.ts';
import { recordAudit } from '../audit/service.ts';
import { requireOrgUnitRef } from '../org-units/lookup.ts';
import * as repo from './repo.ts';

/** A token as its managers see it (the web client's type too): times as ISO strings, never the secret. */
/** An API token as listed: the response schema's shape. */
export type TokenView = z.infer<typeof tokenSchema>;

const iso = (d: Date | null): string | null => (d === null ? null : d.toISOString());

function toView(row: repo.TokenRow): TokenView {
  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    role: row.role,
    orgUnitId: row.orgUnitId,
    orgUnitCode: row.orgUnitCode,
    orgUnitName: row.orgUnitName,
    createdAt: row.createdAt.toISOString(),
    expiresAt: iso(row.expiresAt),
    lastUsedAt: iso(row.lastUsedAt),
    lastUsedIp: row.lastUsedIp,
    revokedAt: iso(row.revokedAt),
  };
}

async function requireToken(db: ServiceContext['db'], id: number): Promise<repo.TokenRow> {
  const row = await repo.findToken(db, id);
  if (!row) throw notFound('mã truy cập', 'API token', id);
  return row;
}

/** Creates a token for one org unit's subtree; the secret is returned once and only its hash is kept. */
export async function createApiToken(ctx: ServiceContext, input: { name: string; orgUnit: string; role: 'REPORTING_OFFICER' | 'LEADER'; expiresAt?: string | null }) {
  const unit = await requireOrgUnitRef(ctx.db, input.orgUnit, 'body.orgUnit');
  assertPermission(ctx.actor, 'token.manage', unit.path);
  const secret = `tdk_${randomSecret()}`;
  return ctx.db.transaction(async (db) => {
    const id = await repo.insertToken(db, {
      name: input.name,
      prefix: secret.slice(0, 10),
      tokenHash: sha256(secret),
      orgUnitId: unit.id,
      role: input.role,
      createdBy: ctx.actor.userId ?? null,
      expiresAt: input.expiresAt ?? null,
    });
    const view = toView(await requireToken(db, id));
    await recordAudit(db, ctx.actor, { action: 'token.create', objectType: 'api_token', objectId: id, orgUnitId: unit.id, after: view });
    return { ...view, token: secret };
  });
}

export async function listApiTokens(ctx: ServiceContext): Promise<TokenView[]> {
  assertPermissionAnywhere(ctx.actor, 'token.manage');
  return (await repo.listTokens(ctx.db, permittedPaths(ctx.actor, 'token.manage'))).map(toView);
}

export async function revokeApiToken(ctx: ServiceContext, id: number): Promise<TokenView> {
  return ctx.db.transaction(async (db) => {
    const row = await requireToken(db, id);
    assertPermission(ctx.actor, 'token.manage', row.orgUnitPath);
    const before = toView(row);
    await repo.revokeToken(db, id);
    const after = toView(await requireToken(db, id));
    await recordAudit(db, ctx.actor, { action: 'token.revoke', objectType: 'api_token', objectId: id, orgUnitId: row.orgUnitId, before, after });
    return after;
  });
}
