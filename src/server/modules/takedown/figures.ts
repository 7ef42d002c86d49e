/**
 * The takedown figures as analytics figures: per sending unit, platform (an option of the TAKEDOWN_PLATFORM
 * disaggregation) and month the requests were sent in, the counts of src/core/takedown.ts are written as
 * APPROVED data values (source CASES) of dedicated data elements. An indicator is then a ratio of them
 * (e.g. #{GO_BO_DA_GO} / #{GO_BO_YEU_CAU} × 100), rolled up, targeted and alerted like any other; the cases
 * behind a figure are listed by GET /api/takedown/cases?platform=…&period=…&outcome=… (docs/takedown.md).
 */
import type { ServiceContext } from '../../http/context.ts';
import type { Db } from '../../db/db.ts';
import { foldVietnamese } from '../../../core/vietnamese.ts';
import { recordAudit } from '../audit/service.ts';
import { findDisaggregation, insertDataElement, insertDisaggregation, insertOptions, listOptions } from '../metadata/repo.ts';
import { upsertValues, type ValueRow } from '../data-values/repo.ts';
import { ensurePeriodIds } from '../periods/service.ts';
import * as repo from './repo.ts';
import { assertSystemWide, rangeOfPeriod } from './service.ts';

export const TAKEDOWN_DISAGGREGATION = 'TAKEDOWN_PLATFORM';

/** The data elements fed from the cases, and which count each one takes. */
export const TAKEDOWN_ELEMENTS = [
  { code: 'GO_BO_YEU_CAU', count: 'requests', nameVi: 'Số nội dung vi phạm yêu cầu nền tảng gỡ bỏ (theo vụ việc)', nameEn: 'Violating items requested for removal (from cases)' },
  { code: 'GO_BO_DA_GO', count: 'removed', nameVi: 'Số nội dung vi phạm nền tảng đã gỡ bỏ (theo vụ việc)', nameEn: 'Violating items removed by the platform (from cases)' },
  { code: 'GO_BO_CHAN_DIA_LY', count: 'geoBlocked', nameVi: 'Số nội dung vi phạm bị chặn theo địa lý (theo vụ việc)', nameEn: 'Violating items geo-blocked (from cases)' },
  { code: 'GO_BO_TRONG_24H', count: 'withinDeadline', nameVi: 'Số nội dung được gỡ hoặc chặn trong 24 giờ (theo vụ việc)', nameEn: 'Items removed or blocked within 24 hours (from cases)' },
] as const;

/** Creates the elements and the platform options that are missing; returns their ids. */
async function ensureElements(tx: Db): Promise<{ elements: Map<string, number>; options: Map<string, number> }> {
  const d = await findDisaggregation(tx, TAKEDOWN_DISAGGREGATION);
  const disaggregationId = d ? d.id : await insertDisaggregation(tx, { code: TAKEDOWN_DISAGGREGATION, nameVi: 'Nền tảng xuyên biên giới', nameEn: 'Cross-border platform' });
  const have = new Set((await listOptions(tx, [disaggregationId])).map((o) => o.code));
  const platforms = await repo.listPlatforms(tx);
  const missing = platforms.filter((p) => !have.has(p.code));
  if (missing.length)
    await insertOptions(
      tx,
      disaggregationId,
      missing.map((p) => ({ code: p.code, nameVi: p.nameVi, nameEn: p.nameEn })),
    );
  const options = new Map((await listOptions(tx, [disaggregationId])).map((o) => [o.code, o.id]));
  const { rows } = await tx.query<{ id: number; code: string }>('SELECT id, code FROM data_element WHERE code = ANY($1::text[])', [TAKEDOWN_ELEMENTS.map((e) => e.code)]);
  const elements = new Map(rows.map((r) => [r.code, r.id]));
  for (const e of TAKEDOWN_ELEMENTS) {
    if (elements.has(e.code)) continue;
    elements.set(
      e.code,
      await insertDataElement(tx, e.code, {
        nameVi: e.nameVi,
        nameEn: e.nameEn,
        shortName: null,
        description: 'Tính từ các vụ việc gửi nền tảng, theo tháng gửi yêu cầu (docs/takedown.md)',
        valueType: 'INTEGER_ZERO_OR_POSITIVE',
        aggregationType: 'SUM',
        unit: 'nội dung',
        zeroIsSignificant: true,
        disaggregationId,
        sectorId: null,
        minValue: null,
        maxValue: null,
        softMin: null,
        softMax: null,
        maxLength: null,
        seasonal: false,
        searchText: foldVietnamese(`${e.code} ${e.nameVi} ${e.nameEn}`),
      }),
    );
  }
  return { elements, options };
}

export interface PublishSummary {
  year: number;
  values: number;
  months: number;
}

/**
 * Writes a year's counts from the cases. Every month × unit × platform with a request gets all four values
 * (zeros included); a key written before whose cases are gone is set to 0 (never deleted: a report may read it).
 */
export async function writeFigures(tx: Db, year: number, storedBy: string, at: Date): Promise<PublishSummary> {
  const { elements, options } = await ensureElements(tx);
  const counts = await repo.countByUnitPlatformMonth(tx, rangeOfPeriod(String(year)));
  const periodIds = await ensurePeriodIds(
    tx,
    Array.from({ length: 12 }, (_, i) => `${year}${String(i + 1).padStart(2, '0')}`),
  );
  const rows: ValueRow[] = [];
  const seen = new Set<string>();
  for (const c of counts) {
    for (const e of TAKEDOWN_ELEMENTS) {
      const row = {
        dataElementId: elements.get(e.code)!,
        periodId: periodIds.get(c.period)!,
        orgUnitId: c.orgUnitId,
        optionId: options.get(c.platform)!,
        attributeOptionId: 0,
        value: c[e.count],
        textValue: null,
        comment: null,
      };
      seen.add(`${row.dataElementId}|${row.periodId}|${row.orgUnitId}|${row.optionId}`);
      rows.push(row);
    }
  }
  for (const stale of await repo.listCaseValueKeys(tx, [...elements.values()], [...periodIds.values()])) {
    if (!seen.has(`${stale.dataElementId}|${stale.periodId}|${stale.orgUnitId}|${stale.optionId}`)) rows.push({ ...stale, attributeOptionId: 0, value: 0, textValue: null, comment: null });
  }
  await upsertValues(tx, rows, { source: 'CASES', storedBy, userId: null, tokenId: null, at });
  // Counted from recorded cases, not typed by anyone: approved as they are written.
  await repo.approveCaseValues(tx, [...elements.values()], [...periodIds.values()]);
  return { year, values: rows.length, months: new Set(counts.map((c) => c.period)).size };
}

export async function publishFigures(ctx: ServiceContext, year: number): Promise<PublishSummary> {
  await assertSystemWide(ctx);
  return ctx.db.transaction(async (tx) => {
    const summary = await writeFigures(tx, year, ctx.actor.username ?? 'system', ctx.clock());
    await recordAudit(tx, ctx.actor, { action: 'takedown.figures_publish', objectType: 'takedown_figures', objectId: year, after: summary });
    return summary;
  });
}
