import type { Db } from '../db/db.ts';
import { SYSTEM_ACTOR } from '../access.ts';
import { recordAudit } from '../modules/audit/service.ts';
import { COUNTRY_CODE, DEMO_ORG_UNITS, ORG_LEVELS, SECTORS, type DemoOrgUnit } from './agency.ts';
import * as repo from '../modules/org-units/repo.ts';

export interface DemoOrgUnitSeedResult {
  seeded: boolean;
  units: number;
  groups: number;
  lineage: number;
}

function attributesOf(u: DemoOrgUnit): Record<string, unknown> {
  const attributes: Record<string, unknown> = {};
  if (u.gsoCode !== null) attributes.gsoCode = u.gsoCode;
  if (u.isCentrallyRunCity) attributes.isCentrallyRunCity = true;
  // A rename keeps the same unit (Thừa Thiên Huế → Huế on 1/1/2025): its old names are history, not lineage.
  if (u.formerNames.length > 0) attributes.formerNames = u.formerNames;
  return attributes;
}

/**
 * Loads the demo hierarchy: levels, the eight sectors, the country with its 34 provinces and the 52
 * closed pre-2025 provinces (merged into the new ones on 1/7/2025), the ministry with its
 * departments and enterprises. Does nothing when the country root already exists.
 */
export async function seedDemoOrgUnits(db: Db): Promise<DemoOrgUnitSeedResult> {
  return db.transaction(async (tx) => {
    if (await repo.findOrgUnit(tx, COUNTRY_CODE)) return { seeded: false, units: 0, groups: 0, lineage: 0 };
    for (const l of ORG_LEVELS) await repo.upsertLevel(tx, { level: l.level, nameVi: l.nameVi, nameEn: l.nameEn });
    const groupIds = new Map<string, number>();
    for (const s of SECTORS) {
      const existing = await repo.findGroup(tx, s.code);
      groupIds.set(s.code, existing?.id ?? (await repo.insertGroup(tx, { code: s.code, kind: 'SECTOR', nameVi: s.nameVi, nameEn: s.nameEn })));
    }
    const units = new Map<string, { id: number; path: string }>();
    const members: { groupId: number; unitId: number }[] = [];
    for (const u of DEMO_ORG_UNITS) {
      const parent = u.parentCode ? units.get(u.parentCode) : undefined;
      if (u.parentCode && !parent) throw new Error(`Demo unit ${u.code} comes before its parent ${u.parentCode}`);
      const id = await repo.insertOrgUnit(tx, {
        code: u.code,
        nameVi: u.nameVi,
        nameEn: u.nameEn,
        shortName: u.shortNameVi === u.nameVi ? null : u.shortNameVi,
        type: u.type,
        parentId: parent?.id ?? null,
        parentPath: parent?.path ?? null,
        level: u.level,
        openingDate: u.openingDate,
        closingDate: u.closedDate,
        attributes: attributesOf(u),
      });
      units.set(u.code, { id, path: `${parent?.path ?? '/'}${id}/` });
      for (const s of u.sectors) members.push({ groupId: groupIds.get(s) as number, unitId: id });
    }
    await repo.addMembers(tx, members);
    let lineage = 0;
    for (const u of DEMO_ORG_UNITS) {
      if (!u.lineage) continue;
      const from = units.get(u.code);
      const to = units.get(u.lineage.mergedInto);
      if (!from || !to) throw new Error(`Demo lineage ${u.code} → ${u.lineage.mergedInto} names an unknown unit`);
      await repo.upsertLineage(tx, { predecessorId: from.id, successorId: to.id, kind: 'MERGE', effectiveDate: u.lineage.effectiveDate, note: null });
      lineage++;
    }
    const result = { seeded: true, units: units.size, groups: groupIds.size, lineage };
    // One entry for the whole load: the seed is one act, and thousands of rows would drown the trail.
    await recordAudit(tx, SYSTEM_ACTOR, { action: 'demo.seed', objectType: 'orgUnit', objectId: COUNTRY_CODE, after: { ...result, memberships: members.length } });
    return result;
  });
}
