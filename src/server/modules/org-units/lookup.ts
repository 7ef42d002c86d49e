import type { Db } from '../../db/db.ts';
import { AppError } from '../../http/errors.ts';

export interface OrgUnitRef {
  id: number;
  code: string;
  nameVi: string;
  path: string;
  level: number;
  openingDate: string | null;
  closingDate: string | null;
}

/** Finds an org unit by id (a number or digits-only string prefixed with "id:"), by DHIS2 UID ("uid:" and the UID) or by code. */
export async function findOrgUnitRef(db: Db, ref: string | number): Promise<OrgUnitRef | null> {
  const byId = typeof ref === 'number' || /^id:\d+$/.test(ref);
  const byUid = typeof ref === 'string' && ref.startsWith('uid:');
  const key = typeof ref === 'number' ? ref : byId ? Number(ref.slice(3)) : byUid ? ref.slice(4) : ref;
  const { rows } = await db.query<OrgUnitRef>(
    `SELECT id, code, name_vi AS "nameVi", path, level, opening_date AS "openingDate", closing_date AS "closingDate"
       FROM org_unit WHERE ${byId ? 'id = $1' : byUid ? 'uid = $1' : 'code = $1'}`,
    [key],
  );
  return rows[0] ?? null;
}

export async function requireOrgUnitRef(db: Db, ref: string | number, field = 'orgUnit'): Promise<OrgUnitRef> {
  const found = await findOrgUnitRef(db, ref);
  if (!found) {
    throw new AppError('UNKNOWN_ORG_UNIT', 400, `Không có đơn vị '${ref}'`, `Unknown org unit '${ref}'`, [
      { path: field, messageVi: `Không có đơn vị '${ref}'`, messageEn: `Unknown org unit '${ref}'` },
    ]);
  }
  return found;
}
