/**
 * Open data: datasets (a published view of indicators at the public levels), a release calendar announced in
 * advance, releases frozen from approved figures before their time (computed by analytics' computeFigures, with
 * each figure's coverage judged against its indicator's threshold), embargoed until it, and published at it by the
 * scheduled job. Every published version stays readable; the latest is the default.
 */
import { randomUUID } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import type { FastifyBaseLogger } from 'fastify';
import type { ServiceContext } from '../../http/context.ts';
import type { Db } from '../../db/db.ts';
import { assertPermission, assertPermissionAnywhere, permittedPaths, hasPermissionAnywhere, SYSTEM_ACTOR, type Actor } from '../../access.ts';
import { AppError, badRequest, conflict, forbidden, unauthenticated } from '../../http/errors.ts';
import { comparePeriods, formatPeriod, nextPeriod, parsePeriod, tryParsePeriod, vietnamDate } from '../../../core/periods.ts';
import { foldVietnamese } from '../../../core/vietnamese.ts';
import { recordAudit, trailOfObject } from '../audit/service.ts';
import { requireOrgUnitRef } from '../org-units/lookup.ts';
import { computeFigures } from '../analytics/service.ts';
import { evaluateTarget } from '../targets/service.ts';
import * as targetRepo from '../targets/repo.ts';
import * as repo from './repo.ts';
import { PUBLIC_CACHE_MAX_MS, publicCacheOf } from './cache.ts';
import { licenceUrl, structureMessageUrl, toCsv, toCsvw, toXlsx, toDcatCatalog, toJson, toSdmxJson, toSdmxStructure, type CatalogEntry, type ReleaseView } from './formats.ts';
import { z } from 'zod';
import {
  FORMATS,
  OPEN_MEDIA_TYPES,
  publicDatasetListSchema,
  publicDatasetSchema,
  publicTargetsSchema,
  releaseJsonSchema,
  type DatasetInput,
  type OpenFormat,
  type ScheduleReleaseInput,
  type UpdateDatasetInput,
} from './schema.ts';

/** Most periods a release may cover (10 years of months). */
const MAX_PERIODS = 120;
/** Most figures one release may freeze. */
const MAX_OBSERVATIONS = 200_000;

const datasetNotFound = (code: string) =>
  new AppError('DATASET_NOT_FOUND', 404, `Không có bộ dữ liệu '${code}'`, `No dataset '${code}'`, [{ path: 'code', messageVi: `Không có bộ dữ liệu '${code}'`, messageEn: `No dataset '${code}'` }]);
const releaseNotFound = (id: number) =>
  new AppError('RELEASE_NOT_FOUND', 404, `Không có đợt công bố ${id}`, `No release ${id}`, [{ path: 'id', messageVi: `Không có đợt công bố ${id}`, messageEn: `No release ${id}` }]);

/** A moment as dd/mm/yyyy HH:mm in Hanoi time (UTC+7, no daylight saving), as the calendar announces it. */
export function hanoiTime(at: Date): string {
  const t = new Date(at.getTime() + 7 * 3_600_000).toISOString();
  return `${t.slice(8, 10)}/${t.slice(5, 7)}/${t.slice(0, 4)} ${t.slice(11, 16)}`;
}

function actorName(actor: Actor): string | null {
  return actor.username ?? (actor.tokenId ? `token:${actor.tokenId}` : null);
}

function assertOn(actor: Actor, permission: Parameters<typeof assertPermission>[1], dataset: repo.DatasetRow): void {
  assertPermission(actor, permission, dataset.publisherPath);
}

// ---------------------------------------------------------------------------------------------
// Datasets

function periodTypeOf(id: string): string | null {
  return tryParsePeriod(id)?.type ?? null;
}

async function resolveDatasetValues(
  db: Db,
  input: DatasetInput,
): Promise<{ values: repo.DatasetValues; items: { indicatorId: number | null; dataElementId: number | null }[]; publisherPath: string }> {
  const publisher = await requireOrgUnitRef(db, input.publisher, 'publisher');
  if (periodTypeOf(input.firstPeriod) !== input.periodType) {
    throw badRequest('PERIOD_TYPE_MISMATCH', `Kỳ đầu '${input.firstPeriod}' không thuộc loại kỳ ${input.periodType}`, `First period '${input.firstPeriod}' is not a ${input.periodType} period`, [
      { path: 'firstPeriod', messageVi: `Kỳ '${input.firstPeriod}' không phải kỳ ${input.periodType}`, messageEn: `'${input.firstPeriod}' is not a ${input.periodType} period` },
    ]);
  }
  let sectorId: number | null = null;
  if (input.sector) {
    sectorId = await repo.findSector(db, input.sector);
    if (sectorId === null)
      throw badRequest('UNKNOWN_SECTOR', `Không có lĩnh vực '${input.sector}'`, `Unknown sector '${input.sector}'`, [
        { path: 'sector', messageVi: `Không có lĩnh vực '${input.sector}'`, messageEn: `Unknown sector '${input.sector}'` },
      ]);
  }
  const codes = [...new Set(input.items)];
  if (codes.length !== input.items.length) {
    throw badRequest('DUPLICATE_ITEM', 'Một chỉ tiêu được chọn hai lần', 'An item is chosen twice', [
      { path: 'items', messageVi: 'Mỗi chỉ tiêu chỉ chọn một lần', messageEn: 'Each item may be chosen once' },
    ]);
  }
  const refs = await repo.findItemRefs(db, codes);
  const items = input.items.map((code, index) => {
    const ref = refs.find((r) => r.code === code && r.indicatorId !== null) ?? refs.find((r) => r.code === code);
    if (!ref) {
      throw badRequest('UNKNOWN_DX', `Không có chỉ tiêu hoặc chỉ số '${code}'`, `Unknown indicator or data element '${code}'`, [
        { path: `items[${index}]`, messageVi: `Không có chỉ tiêu hoặc chỉ số '${code}'`, messageEn: `Unknown indicator or data element '${code}'` },
      ]);
    }
    if (ref.valueType === 'TEXT') {
      throw badRequest('NOT_NUMERIC', `Chỉ số '${code}' là văn bản, không công bố được như số liệu`, `Data element '${code}' holds text and cannot be published as figures`, [
        { path: `items[${index}]`, messageVi: `Chỉ số '${code}' là văn bản`, messageEn: `Data element '${code}' holds text` },
      ]);
    }
    return { indicatorId: ref.indicatorId, dataElementId: ref.indicatorId === null ? ref.dataElementId : null };
  });
  const levels = [...new Set(input.levels)].sort((a, b) => a - b);
  const keywords = [...new Set(input.keywords)];
  return {
    publisherPath: publisher.path,
    items,
    values: {
      titleVi: input.titleVi,
      titleEn: input.titleEn,
      descriptionVi: input.descriptionVi,
      descriptionEn: input.descriptionEn,
      keywords,
      sectorId,
      publisherOrgUnitId: publisher.id,
      licence: input.licence,
      periodType: input.periodType,
      firstPeriod: input.firstPeriod,
      levels,
      dataStatus: input.dataStatus,
      belowCoverage: input.belowCoverage,
      searchText: foldVietnamese([input.code, input.titleVi, input.titleEn, input.descriptionVi, input.descriptionEn, ...keywords].join(' ')),
    },
  };
}

async function datasetView(db: Db, dataset: repo.DatasetRow) {
  const [items, releases] = await Promise.all([repo.listItems(db, dataset.id), repo.listReleases(db, dataset.id)]);
  return {
    code: dataset.code,
    titleVi: dataset.titleVi,
    titleEn: dataset.titleEn,
    descriptionVi: dataset.descriptionVi,
    descriptionEn: dataset.descriptionEn,
    keywords: dataset.keywords,
    sector: dataset.sectorCode,
    publisher: dataset.publisherCode,
    publisherName: dataset.publisherNameVi,
    licence: dataset.licence,
    periodType: dataset.periodType,
    firstPeriod: dataset.firstPeriod,
    levels: dataset.levels,
    dataStatus: dataset.dataStatus,
    belowCoverage: dataset.belowCoverage,
    items: items.map((i) => ({ code: i.code, kind: i.kind, nameVi: i.nameVi, nameEn: i.nameEn, unit: i.unit, minCoverage: i.minCoverage })),
    releases: releases.map(releaseView),
  };
}

function releaseView(r: repo.ReleaseRow) {
  return {
    id: r.id,
    releaseAt: r.releaseAt.toISOString(),
    lastPeriod: r.lastPeriod,
    status: r.status,
    version: r.version,
    noteVi: r.noteVi,
    noteEn: r.noteEn,
    frozenAt: r.frozenAt?.toISOString() ?? null,
    frozenBy: r.frozenBy,
    publishedAt: r.publishedAt?.toISOString() ?? null,
    revisedCount: r.revisedCount,
  };
}

async function requireDataset(db: Db, code: string): Promise<repo.DatasetRow> {
  const dataset = await repo.findDataset(db, code);
  if (!dataset) throw datasetNotFound(code);
  return dataset;
}

/** Datasets the caller manages, approves or publishes (within their scope), with their calendars. */
export async function listDatasets(ctx: ServiceContext) {
  const perms = ['opendata.manage', 'opendata.schedule', 'opendata.approve', 'opendata.publish'] as const;
  if (!perms.some((p) => hasPermissionAnywhere(ctx.actor, p))) {
    if (ctx.actor.kind === 'anonymous') throw unauthenticated();
    throw forbidden('Bạn không có quyền quản lý dữ liệu mở', 'You may not manage open data');
  }
  const scopes = perms.map((p) => permittedPaths(ctx.actor, p));
  const scope: 'ALL' | string[] = scopes.some((s) => s === 'ALL') ? 'ALL' : [...new Set(scopes.flatMap((s) => (s === 'ALL' ? [] : s)))];
  const datasets = await repo.listDatasets(ctx.db, scope);
  return { datasets: await Promise.all(datasets.map((d) => datasetView(ctx.db, d))) };
}

/** Who may see a dataset on the administration screen: a holder of any open data permission at its publisher. */
function assertManagesDataset(actor: Actor, dataset: repo.DatasetRow): void {
  const perms = ['opendata.manage', 'opendata.schedule', 'opendata.approve', 'opendata.publish'] as const;
  if (!perms.some((p) => permittedPaths(actor, p) === 'ALL' || (permittedPaths(actor, p) as string[]).some((prefix) => dataset.publisherPath.startsWith(prefix)))) {
    assertOn(actor, 'opendata.manage', dataset);
  }
}

export async function getDataset(ctx: ServiceContext, code: string) {
  const dataset = await requireDataset(ctx.db, code);
  assertManagesDataset(ctx.actor, dataset);
  return datasetView(ctx.db, dataset);
}

const RELEASE_ACTIONS = {
  'opendata.release.schedule': 'SCHEDULE',
  'opendata.release.freeze': 'FREEZE',
  'opendata.release.publish': 'PUBLISH',
  'opendata.release.cancel': 'CANCEL',
} as const;

/**
 * A release's audit trail, read from the audit log: who announced, froze (approved), published or cancelled it and
 * when, oldest first. Seen by whoever sees the dataset on the administration screen (the same rule as getDataset).
 */
export async function releaseHistory(ctx: ServiceContext, id: number) {
  const { dataset } = await requireRelease(ctx.db, id);
  assertManagesDataset(ctx.actor, dataset);
  const entries = await trailOfObject(ctx.db, { objectType: 'open_release', objectId: id, actions: Object.keys(RELEASE_ACTIONS) });
  const userIds = [...new Set(entries.map((e) => e.userId).filter((u) => u !== null))];
  const names = new Map<number, string>();
  if (userIds.length) {
    const { rows } = await ctx.db.query<{ id: number; name: string }>('SELECT id, display_name AS name FROM app_user WHERE id = ANY($1::int[])', [userIds]);
    for (const r of rows) names.set(r.id, r.name);
  }
  return {
    releaseId: id,
    dataset: dataset.code,
    steps: entries.map((e) => ({
      step: RELEASE_ACTIONS[e.action as keyof typeof RELEASE_ACTIONS],
      at: new Date(e.at).toISOString(),
      by: e.actorKind === 'system' ? null : e.username,
      byName: e.userId !== null ? (names.get(e.userId) ?? null) : null,
      bySystem: e.actorKind === 'system',
    })),
  };
}

export async function createDataset(ctx: ServiceContext, input: DatasetInput) {
  // Who may not create datasets anywhere learns nothing of which codes exist.
  assertPermissionAnywhere(ctx.actor, 'opendata.manage');
  if (await repo.findDataset(ctx.db, input.code)) {
    throw new AppError('DATASET_EXISTS', 409, `Đã có bộ dữ liệu mã '${input.code}'`, `A dataset with code '${input.code}' already exists`, [
      { path: 'code', messageVi: `Mã '${input.code}' đã được dùng`, messageEn: `Code '${input.code}' is taken` },
    ]);
  }
  const resolved = await resolveDatasetValues(ctx.db, input);
  assertPermission(ctx.actor, 'opendata.manage', resolved.publisherPath);
  await ctx.db.transaction(async (tx) => {
    const id = await repo.insertDataset(tx, input.code, resolved.values);
    await repo.replaceItems(tx, id, resolved.items);
    await recordAudit(tx, ctx.actor, { action: 'opendata.dataset.create', objectType: 'open_dataset', objectId: input.code, orgUnitId: resolved.values.publisherOrgUnitId, after: input });
  });
  return getDataset(ctx, input.code);
}

export async function updateDataset(ctx: ServiceContext, code: string, patch: UpdateDatasetInput) {
  const dataset = await requireDataset(ctx.db, code);
  assertOn(ctx.actor, 'opendata.manage', dataset);
  const items = await repo.listItems(ctx.db, dataset.id);
  const before: DatasetInput = {
    code,
    titleVi: dataset.titleVi,
    titleEn: dataset.titleEn,
    descriptionVi: dataset.descriptionVi,
    descriptionEn: dataset.descriptionEn,
    keywords: dataset.keywords,
    sector: dataset.sectorCode,
    publisher: dataset.publisherCode,
    licence: dataset.licence as DatasetInput['licence'],
    periodType: dataset.periodType,
    firstPeriod: dataset.firstPeriod,
    levels: dataset.levels,
    items: items.map((i) => i.code),
    dataStatus: dataset.dataStatus,
    belowCoverage: dataset.belowCoverage,
  };
  const next: DatasetInput = { ...before, ...Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)) } as DatasetInput;
  const resolved = await resolveDatasetValues(ctx.db, next);
  // Moving a dataset to another publisher needs the permission there too.
  assertPermission(ctx.actor, 'opendata.manage', resolved.publisherPath);
  await ctx.db.transaction(async (tx) => {
    await repo.updateDataset(tx, dataset.id, resolved.values);
    await repo.replaceItems(tx, dataset.id, resolved.items);
    publicCacheOf(ctx.db).clear();
    await recordAudit(tx, ctx.actor, { action: 'opendata.dataset.update', objectType: 'open_dataset', objectId: code, orgUnitId: resolved.values.publisherOrgUnitId, before, after: next });
  });
  return getDataset(ctx, code);
}

/**
 * Deletes a dataset that has never published a release, with its calendar (announced, frozen or cancelled releases
 * and their frozen figures). A dataset with a published version is never erased: what was published stays readable
 * by its version (it may have been cited or downloaded); it can only be ended by publishing no further release.
 */
export async function deleteDataset(ctx: ServiceContext, code: string): Promise<void> {
  const dataset = await requireDataset(ctx.db, code);
  assertOn(ctx.actor, 'opendata.manage', dataset);
  const [items, releases] = await Promise.all([repo.listItems(ctx.db, dataset.id), repo.listReleases(ctx.db, dataset.id)]);
  const published = releases.filter((r) => r.status === 'PUBLISHED' || r.version !== null);
  if (published.length > 0) {
    const versions = published
      .map((r) => r.version)
      .filter((v) => v !== null)
      .sort((a, b) => a! - b!)
      .join(', ');
    throw new AppError(
      'DATASET_PUBLISHED',
      409,
      `Bộ dữ liệu '${code}' đã công bố (phiên bản ${versions}) nên không xoá được: số liệu đã công bố phải luôn đọc lại được theo phiên bản, vì người dùng có thể đã trích dẫn hoặc tải về. Muốn ngừng bộ dữ liệu, hãy huỷ các đợt chưa công bố và không báo trước đợt mới.`,
      `Dataset '${code}' has been published (version ${versions}) and cannot be deleted: published figures must stay readable by their version, since people may have cited or downloaded them. To end the dataset, cancel its releases not yet published and announce no new one.`,
      [{ path: 'code', messageVi: 'Bộ dữ liệu đã công bố không xoá được', messageEn: 'A published dataset cannot be deleted' }],
    );
  }
  await ctx.db.transaction(async (tx) => {
    await repo.deleteDataset(tx, dataset.id);
    publicCacheOf(ctx.db).clear();
    await recordAudit(tx, ctx.actor, {
      action: 'opendata.dataset.delete',
      objectType: 'open_dataset',
      objectId: code,
      orgUnitId: dataset.publisherOrgUnitId,
      before: {
        code,
        titleVi: dataset.titleVi,
        titleEn: dataset.titleEn,
        publisher: dataset.publisherCode,
        items: items.map((i) => i.code),
        releases: releases.map((r) => ({ id: r.id, releaseAt: r.releaseAt.toISOString(), lastPeriod: r.lastPeriod, status: r.status })),
      },
    });
  });
}

// ---------------------------------------------------------------------------------------------
// Calendar and releases

export async function scheduleRelease(ctx: ServiceContext, code: string, input: ScheduleReleaseInput) {
  const dataset = await requireDataset(ctx.db, code);
  assertOn(ctx.actor, 'opendata.schedule', dataset);
  const releaseAt = new Date(input.releaseAt);
  if (releaseAt.getTime() <= ctx.clock().getTime()) {
    throw badRequest('RELEASE_IN_PAST', 'Thời điểm công bố phải được báo trước, sau thời điểm hiện tại', 'A release time must be announced in advance, after now', [
      { path: 'releaseAt', messageVi: 'Thời điểm công bố đã qua', messageEn: 'The release time has passed' },
    ]);
  }
  if (periodTypeOf(input.lastPeriod) !== dataset.periodType || comparePeriods(input.lastPeriod, dataset.firstPeriod) < 0) {
    throw badRequest(
      'INVALID_LAST_PERIOD',
      `Kỳ cuối '${input.lastPeriod}' phải là kỳ ${dataset.periodType} từ ${dataset.firstPeriod} trở đi`,
      `Last period '${input.lastPeriod}' must be a ${dataset.periodType} period from ${dataset.firstPeriod} on`,
      [{ path: 'lastPeriod', messageVi: `Kỳ '${input.lastPeriod}' không hợp lệ cho bộ dữ liệu này`, messageEn: `Period '${input.lastPeriod}' does not fit this dataset` }],
    );
  }
  const id = await ctx.db.transaction(async (tx) => {
    const newId = await repo.insertRelease(tx, {
      datasetId: dataset.id,
      releaseAt,
      lastPeriod: input.lastPeriod,
      noteVi: input.noteVi ?? null,
      noteEn: input.noteEn ?? null,
      createdBy: actorName(ctx.actor),
    });
    await recordAudit(tx, ctx.actor, { action: 'opendata.release.schedule', objectType: 'open_release', objectId: newId, orgUnitId: dataset.publisherOrgUnitId, after: { dataset: code, ...input } });
    return newId;
  });
  return releaseView((await repo.findRelease(ctx.db, id))!);
}

async function requireRelease(db: Db, id: number): Promise<{ release: repo.ReleaseRow; dataset: repo.DatasetRow }> {
  const release = await repo.findRelease(db, id);
  if (!release) throw releaseNotFound(id);
  const dataset = await repo.findDatasetById(db, release.datasetId);
  if (!dataset) throw releaseNotFound(id);
  return { release, dataset };
}

/** The periods of a release: the dataset's first period to the release's last. */
function releasePeriods(dataset: repo.DatasetRow, lastPeriod: string): string[] {
  const out: string[] = [];
  for (let p = dataset.firstPeriod; comparePeriods(p, lastPeriod) <= 0; p = nextPeriod(p)) {
    out.push(p);
    if (out.length > MAX_PERIODS) {
      throw badRequest('TOO_MANY_PERIODS', `Một đợt công bố có tối đa ${MAX_PERIODS} kỳ`, `A release covers at most ${MAX_PERIODS} periods`, [
        { path: 'lastPeriod', messageVi: `Quá ${MAX_PERIODS} kỳ`, messageEn: `More than ${MAX_PERIODS} periods` },
      ]);
    }
  }
  return out;
}

/**
 * The figures of a release, computed exactly as analytics does (computeFigures: lineage, aggregation, coverage), counting
 * only the dataset's data status (approved by default). A unit appears only in the periods it existed in, so a dataset
 * spanning 1/7/2025 carries the 63 provinces before and the 34 after. A figure whose coverage is below its item's
 * threshold is withheld (M) or marked provisional (P), as the dataset says.
 */
export async function computeReleaseObservations(db: Db, dataset: repo.DatasetRow, lastPeriod: string): Promise<repo.ObservationValues[]> {
  const periods = releasePeriods(dataset, lastPeriod);
  const first = parsePeriod(periods[0]);
  const last = parsePeriod(periods[periods.length - 1]);
  const units = await repo.listUnitsAtLevels(db, dataset.levels, first.startDate, last.endDate);
  const items = await repo.listItems(db, dataset.id);
  const bounds = new Map(periods.map((p) => [p, parsePeriod(p)]));
  const out: repo.ObservationValues[] = [];
  for (const item of items) {
    const figures = await computeFigures(
      db,
      item.code,
      units.map((u) => u.id),
      periods,
      { dataStatus: dataset.dataStatus },
    );
    for (const unit of units) {
      for (const period of periods) {
        const b = bounds.get(period)!;
        if ((unit.openingDate && unit.openingDate > b.endDate) || (unit.closingDate && unit.closingDate < b.startDate)) continue;
        const figure = figures.get(`${unit.id}|${period}`);
        if (!figure) continue;
        const below = figure.coverage !== null && figure.coverage.share < item.minCoverage - 1e-9;
        let obsStatus: 'A' | 'P' | 'M' = figure.value === null ? 'M' : below ? (dataset.belowCoverage === 'PROVISIONAL' ? 'P' : 'M') : 'A';
        const value = obsStatus === 'M' ? null : figure.value;
        if (value === null) obsStatus = 'M';
        out.push({ dx: item.code, orgUnitId: unit.id, period, value, obsStatus, coverageReported: figure.coverage?.reported ?? null, coverageExpected: figure.coverage?.expected ?? null });
        if (out.length > MAX_OBSERVATIONS) {
          throw badRequest(
            'RELEASE_TOO_LARGE',
            `Một đợt công bố có tối đa ${MAX_OBSERVATIONS} số liệu: bớt cấp đơn vị hoặc kỳ`,
            `A release holds at most ${MAX_OBSERVATIONS} figures: publish fewer levels or periods`,
          );
        }
      }
    }
  }
  return out;
}

/** Freezes a release: its figures are computed from approved data now and kept; only then may it be published. */
export async function freezeRelease(ctx: ServiceContext, id: number) {
  const { release, dataset } = await requireRelease(ctx.db, id);
  assertOn(ctx.actor, 'opendata.approve', dataset);
  if (release.status === 'PUBLISHED' || release.status === 'CANCELLED') {
    throw conflict(
      'RELEASE_CLOSED',
      `Đợt công bố ${id} đã ${release.status === 'PUBLISHED' ? 'công bố' : 'huỷ'}, không chốt lại được`,
      `Release ${id} is ${release.status.toLowerCase()} and cannot be frozen again`,
    );
  }
  const observations = await computeReleaseObservations(ctx.db, dataset, release.lastPeriod);
  const targets = await computeTargetSnapshots(ctx.db, dataset, release);
  await ctx.db.transaction(async (tx) => {
    await repo.replaceObservations(tx, id, observations);
    await repo.replaceTargetSnapshots(tx, id, targets);
    await repo.setReleaseStatus(tx, id, 'FROZEN', actorName(ctx.actor));
    await recordAudit(tx, ctx.actor, {
      action: 'opendata.release.freeze',
      objectType: 'open_release',
      objectId: id,
      orgUnitId: dataset.publisherOrgUnitId,
      before: { status: release.status },
      after: {
        status: 'FROZEN',
        dataset: dataset.code,
        figures: observations.length,
        withheld: observations.filter((o) => o.obsStatus === 'M').length,
        provisional: observations.filter((o) => o.obsStatus === 'P').length,
        targets: targets.length,
      },
    });
  });
  return releaseView((await repo.findRelease(ctx.db, id))!);
}

/**
 * Where each target on the dataset's indicators (at its public levels) stands as the release will show it: from the
 * dataset's data status and the periods up to the release's last only, judged on the day of the release. The
 * evaluation is the targets module's own (coverage threshold, forecast, verdict once ended); it is kept with the release.
 */
export async function computeTargetSnapshots(db: Db, dataset: repo.DatasetRow, release: repo.ReleaseRow): Promise<{ targetId: number; snapshot: object }[]> {
  const targets = await targetRepo.listTargetsFor(db, await repo.listItemIndicatorIds(db, dataset.id), dataset.levels);
  const day = vietnamDate(release.releaseAt);
  const out: { targetId: number; snapshot: object }[] = [];
  for (const t of targets) {
    const e = await evaluateTarget(db, t, day, { dataStatus: dataset.dataStatus, lastPeriod: release.lastPeriod });
    out.push({
      targetId: t.id,
      snapshot: {
        indicator: { code: t.indicatorCode, nameVi: t.indicatorNameVi, nameEn: t.indicatorNameEn, unit: t.indicatorUnit, decimals: t.indicatorDecimals },
        orgUnit: { code: t.orgUnitCode, name: t.orgUnitName },
        targetPeriod: t.targetPeriod,
        targetValue: t.targetValue,
        baselineValue: t.baselineValue,
        baselinePeriod: t.baselinePeriod,
        direction: t.direction,
        milestones: t.milestones,
        sourceDocument: t.sourceDocument,
        owner: t.ownerOrgUnitName,
        dataStatus: e.dataStatus,
        isEnded: e.isEnded,
        status: e.status,
        progress: e.progress,
        progressShown: e.progressShown,
        latest: e.latest
          ? { period: e.latest.period, value: e.latest.value, coverage: e.latest.coverage ? { reported: e.latest.coverage.reported, expected: e.latest.coverage.expected } : null }
          : null,
        final: e.final ? { period: e.final.period, value: e.final.value } : null,
        forecast: e.forecast ? { period: e.forecast.period, value: e.forecast.value, lower: e.forecast.lower, upper: e.forecast.upper, level: e.forecast.level, method: e.forecast.method } : null,
        series: e.series,
        nextMilestone: e.nextMilestone,
      },
    });
  }
  return out;
}

export async function cancelRelease(ctx: ServiceContext, id: number) {
  const { release, dataset } = await requireRelease(ctx.db, id);
  assertOn(ctx.actor, 'opendata.schedule', dataset);
  if (release.status === 'PUBLISHED')
    throw conflict('RELEASE_PUBLISHED', `Đợt công bố ${id} đã công bố: công bố đợt mới kèm ghi chú điều chỉnh`, `Release ${id} is published: publish a new release with a revision note`);
  await ctx.db.transaction(async (tx) => {
    await repo.setReleaseStatus(tx, id, 'CANCELLED');
    await recordAudit(tx, ctx.actor, {
      action: 'opendata.release.cancel',
      objectType: 'open_release',
      objectId: id,
      orgUnitId: dataset.publisherOrgUnitId,
      before: { status: release.status },
      after: { status: 'CANCELLED' },
    });
  });
  return releaseView((await repo.findRelease(ctx.db, id))!);
}

/** Publishes a frozen release whose time has come (what the scheduled job does, asked for by hand). Never before its time. */
export async function publishRelease(ctx: ServiceContext, id: number) {
  const { release, dataset } = await requireRelease(ctx.db, id);
  assertOn(ctx.actor, 'opendata.publish', dataset);
  const now = ctx.clock();
  if (release.status !== 'FROZEN') {
    throw conflict(
      'RELEASE_NOT_FROZEN',
      `Đợt công bố ${id} chưa được chốt và duyệt số liệu (trạng thái ${release.status})`,
      `Release ${id} has not been frozen and approved (status ${release.status})`,
    );
  }
  if (release.releaseAt.getTime() > now.getTime()) {
    const until = hanoiTime(release.releaseAt);
    throw conflict(
      'RELEASE_EMBARGOED',
      `Đợt công bố ${id} còn trong thời gian cấm công bố đến ${until} (giờ Hà Nội): chỉ công bố được từ thời điểm đã báo trước`,
      `Release ${id} is embargoed until ${until} (Hanoi time): it can only be published from its announced time`,
    );
  }
  const result = await ctx.db.transaction(async (tx) => {
    const published = await repo.publishRelease(tx, release, now);
    publicCacheOf(ctx.db).clear();
    await recordAudit(tx, ctx.actor, {
      action: 'opendata.release.publish',
      objectType: 'open_release',
      objectId: id,
      orgUnitId: dataset.publisherOrgUnitId,
      before: { status: 'FROZEN' },
      after: { status: 'PUBLISHED', ...published },
    });
    return published;
  });
  return { ...releaseView((await repo.findRelease(ctx.db, id))!), ...result };
}

/** Publishes every frozen release whose time has come; a release not frozen by then waits (it is never published unapproved). */
export async function publishDueReleases(db: Db, now: Date, log?: Pick<FastifyBaseLogger, 'info'>): Promise<{ id: number; version: number; revised: number }[]> {
  return db.transaction(async (tx) => {
    const due = await repo.claimDueReleases(tx, now);
    const out: { id: number; version: number; revised: number }[] = [];
    for (const release of due) {
      const published = await repo.publishRelease(tx, release, now);
      await recordAudit(tx, SYSTEM_ACTOR, {
        action: 'opendata.release.publish',
        objectType: 'open_release',
        objectId: release.id,
        before: { status: 'FROZEN' },
        after: { status: 'PUBLISHED', ...published },
      });
      out.push({ id: release.id, ...published });
      publicCacheOf(db).clear();
      log?.info({ release: release.id, ...published }, 'open data release published');
    }
    return out;
  });
}

// ---------------------------------------------------------------------------------------------
// Public reads: only what is published and past its embargo.

export interface PublicAnswer {
  body: string | object | Buffer;
  contentType: string;
  etag: string;
  lastModified: Date | null;
  filename?: string;
  notModified?: boolean;
  /** The body compressed once with gzip, for clients that accept it (large answers only). */
  gzip?: Buffer;
}

/** Serves a public answer from this process's cache, or computes and keeps it until the next release time (at most a minute). */
async function cached<T>(ctx: ServiceContext, key: string, compute: () => Promise<T>): Promise<T> {
  const cache = publicCacheOf(ctx.db);
  const now = ctx.clock().getTime();
  const hit = cache.get<T>(key, now);
  if (hit !== undefined) return hit;
  const [value, next] = await Promise.all([compute(), repo.nextReleaseTime(ctx.db, ctx.clock())]);
  cache.set(key, value, Math.min(now + PUBLIC_CACHE_MAX_MS, next ? next.getTime() : Infinity));
  return value;
}

function etagOf(...parts: (string | number | null | undefined)[]): string {
  return `"od-${parts.map((p) => String(p ?? '')).join('-')}"`;
}

/** The public catalogue: datasets with a published release, filtered by folded search words and sector. */
async function computePublicListDatasets(ctx: ServiceContext, query: { q?: string; sector?: string }) {
  const now = ctx.clock();
  const words = foldVietnamese(query.q ?? '')
    .split(' ')
    .filter(Boolean);
  const datasets = await repo.listPublishedDatasets(ctx.db, now, { words, sector: query.sector });
  const calendar = await repo.listPublicCalendar(
    ctx.db,
    datasets.map((d) => d.id),
    now,
  );
  const allItems = await Promise.all(datasets.map((d) => repo.listItems(ctx.db, d.id)));
  const modified = await repo.lastPublication(ctx.db, now);
  return {
    etag: etagOf('list', modified?.getTime(), foldVietnamese(query.q ?? ''), query.sector, ctx.lang),
    lastModified: modified,
    body: {
      datasets: datasets.map((d, i) => ({
        ...publicDatasetHead(d, ctx.lang),
        latestVersion: d.latestVersion,
        latestPublishedAt: d.latestPublishedAt.toISOString(),
        indicators: allItems[i].map((it) => ({ code: it.code, name: ctx.lang === 'en' ? (it.nameEn ?? it.nameVi) : it.nameVi, unit: it.unit })),
        calendar: calendarOf(
          calendar.filter((r) => r.datasetId === d.id),
          ctx.lang,
        ),
      })),
    },
  };
}

function publicDatasetHead(d: repo.DatasetRow, lang: 'vi' | 'en') {
  return {
    code: d.code,
    title: lang === 'en' ? d.titleEn : d.titleVi,
    description: lang === 'en' ? d.descriptionEn : d.descriptionVi,
    keywords: d.keywords,
    sector: d.sectorCode ? { code: d.sectorCode, name: lang === 'en' ? (d.sectorNameEn ?? d.sectorNameVi) : d.sectorNameVi } : null,
    publisher: { code: d.publisherCode, name: lang === 'en' ? (d.publisherNameEn ?? d.publisherNameVi) : d.publisherNameVi },
    licence: d.licence,
    periodType: d.periodType,
    levels: d.levels,
    dataStatus: d.dataStatus,
  };
}

/** Published releases with their notes; announced ones with their date only (nothing of their content before it). */
function calendarOf(rows: readonly (repo.ReleaseRow & { isPublished: boolean })[], lang: 'vi' | 'en') {
  return rows.map((r) =>
    r.isPublished
      ? {
          releaseAt: r.releaseAt.toISOString(),
          state: 'PUBLISHED' as const,
          version: r.version,
          lastPeriod: r.lastPeriod,
          note: lang === 'en' ? (r.noteEn ?? r.noteVi) : r.noteVi,
          revisedCount: r.revisedCount,
        }
      : { releaseAt: r.releaseAt.toISOString(), state: 'ANNOUNCED' as const, version: null, lastPeriod: r.lastPeriod, note: null, revisedCount: null },
  );
}

async function loadPublicRelease(ctx: ServiceContext, code: string, version: number | undefined): Promise<{ dataset: repo.DatasetRow; release: repo.ReleaseRow }> {
  const dataset = await repo.findDataset(ctx.db, code);
  const release = dataset ? await repo.findPublicRelease(ctx.db, dataset.id, ctx.clock(), version) : null;
  if (!dataset || !release) {
    if (dataset && version !== undefined && (await repo.findPublicRelease(ctx.db, dataset.id, ctx.clock()))) {
      throw new AppError('VERSION_NOT_FOUND', 404, `Bộ dữ liệu '${code}' không có phiên bản ${version}`, `Dataset '${code}' has no version ${version}`, [
        { path: 'version', messageVi: `Không có phiên bản ${version}`, messageEn: `No version ${version}` },
      ]);
    }
    // An unpublished dataset is answered as if it did not exist: nothing of it is public yet.
    throw datasetNotFound(code);
  }
  return { dataset, release };
}

async function releaseViewOf(ctx: ServiceContext, dataset: repo.DatasetRow, release: repo.ReleaseRow, baseUrl: string): Promise<ReleaseView> {
  const [items, observations] = await Promise.all([repo.listItems(ctx.db, dataset.id), repo.listObservations(ctx.db, release.id)]);
  // Only the public levels, whatever was frozen (a dataset narrowed after a release shows no more than it says now).
  const shown = observations.filter((o) => dataset.levels.includes(o.orgUnitLevel));
  const lineage = await repo.listLineageAmong(ctx.db, [...new Set(shown.map((o) => o.orgUnitId))]);
  return { dataset, items, release, observations: shown, lineage, baseUrl };
}

/** One dataset's page: metadata, calendar, versions, and the figures of the version asked for (the latest by default). */
async function computePublicDataset(ctx: ServiceContext, code: string, version: number | undefined, baseUrl: string) {
  const { dataset, release } = await loadPublicRelease(ctx, code, version);
  const view = await releaseViewOf(ctx, dataset, release, baseUrl);
  const calendar = await repo.listPublicCalendar(ctx.db, [dataset.id], ctx.clock());
  const latest = await repo.findPublicRelease(ctx.db, dataset.id, ctx.clock());
  return {
    etag: etagOf('ds', dataset.code, release.version, latest?.version, dataset.updatedAt.getTime(), ctx.lang),
    lastModified: latest?.publishedAt ?? release.publishedAt,
    body: {
      ...toJson(view, ctx.lang),
      ...publicDatasetHead(dataset, ctx.lang),
      licenceUrl: licenceUrl(dataset.licence),
      latestVersion: latest?.version ?? release.version,
      calendar: calendarOf(calendar, ctx.lang),
      downloads: [
        ...FORMATS.map((f) => ({ format: f, url: `/api/public/opendata/datasets/${dataset.code}/data?format=${f}&version=${release.version}` })),
        { format: 'sdmx-structure', url: structureMessageUrl('', dataset.code, release.version) },
      ],
    },
  };
}

/** A release's data in one of the open formats. */
async function computePublicData(ctx: ServiceContext, code: string, format: string, version: number | undefined, baseUrl: string): Promise<PublicAnswer> {
  if (!(FORMATS as readonly string[]).includes(format)) {
    throw new AppError('FORMAT_NOT_FOUND', 404, `Không có định dạng '${format}' (có: ${FORMATS.join(', ')})`, `No format '${format}' (available: ${FORMATS.join(', ')})`, [
      { path: 'format', messageVi: `Định dạng '${format}' không có`, messageEn: `Format '${format}' is not available` },
    ]);
  }
  const f = format as OpenFormat;
  const { dataset, release } = await loadPublicRelease(ctx, code, version);
  const etag = etagOf('data', dataset.code, release.version, f, dataset.updatedAt.getTime(), ctx.lang);
  const view = await releaseViewOf(ctx, dataset, release, baseUrl);
  const extension: Record<OpenFormat, string> = { csv: 'csv', csvw: 'csv-metadata.json', xlsx: 'xlsx', 'sdmx-json': 'sdmx.json', json: 'json' };
  const filename = `${dataset.code}-v${release.version}.${extension[f]}`;
  const csvUrl = `${baseUrl}/api/public/opendata/datasets/${dataset.code}/data?format=csv&version=${release.version}`;
  const body =
    f === 'xlsx'
      ? await toXlsx(view, ctx.lang)
      : f === 'csv'
        ? toCsv(view, ctx.lang)
        : f === 'csvw'
          ? toCsvw(view, csvUrl)
          : f === 'sdmx-json'
            ? toSdmxJson(view, ctx.lang, randomUUID(), ctx.clock())
            : toJson(view, ctx.lang);
  return { body, contentType: OPEN_MEDIA_TYPES[f], etag, lastModified: release.publishedAt, filename };
}

/**
 * A release's SDMX-JSON 2.1.0 structure message: its data structure definition, the codelists of its dimensions and
 * attributes (the units with their validity; the 63- and 34-province lists where it spans 1/7/2025) and its concept
 * scheme. Public on the same terms as its data: published and past its embargo, or 404.
 */
async function computePublicStructure(ctx: ServiceContext, code: string, version: number | undefined, baseUrl: string): Promise<PublicAnswer> {
  const { dataset, release } = await loadPublicRelease(ctx, code, version);
  const view = await releaseViewOf(ctx, dataset, release, baseUrl);
  return {
    body: toSdmxStructure(view, ctx.lang, randomUUID(), ctx.clock()),
    contentType: OPEN_MEDIA_TYPES['sdmx-structure'],
    etag: etagOf('dsd', dataset.code, release.version, dataset.updatedAt.getTime(), ctx.lang),
    lastModified: release.publishedAt,
    filename: `${dataset.code}-v${release.version}.structure.sdmx.json`,
  };
}

/** The strategic targets as the latest public release of their datasets shows them, with labels in the caller's language. */
async function computePublicTargets(ctx: ServiceContext) {
  const now = ctx.clock();
  const rows = await repo.listPublicTargetSnapshots(ctx.db, now);
  const modified = await repo.lastPublication(ctx.db, now);
  const en = ctx.lang === 'en';
  // A period the release froze is a valid one; one that were not would be shown as it is rather than as nothing.
  const label = (p: string) => (tryParsePeriod(p) ? formatPeriod(p, ctx.lang) : p);
  const targets = rows.map((r) => {
    const s = r.snapshot as {
      indicator: { code: string; nameVi: string; nameEn: string | null; unit: string | null; decimals: number };
      targetPeriod: string;
      latest: { period: string } | null;
      forecast: { period: string } | null;
      series: { period: string; value: number }[];
    };
    return {
      id: r.targetId,
      ...s,
      indicator: { code: s.indicator.code, name: en ? (s.indicator.nameEn ?? s.indicator.nameVi) : s.indicator.nameVi, unit: s.indicator.unit, decimals: s.indicator.decimals },
      targetPeriodLabel: label(s.targetPeriod),
      latest: s.latest ? { ...s.latest, periodLabel: label(s.latest.period) } : null,
      forecast: s.forecast ? { ...s.forecast, periodLabel: label(s.forecast.period) } : null,
      source: { dataset: r.datasetCode, version: r.version, publishedAt: r.publishedAt.toISOString(), lastPeriod: r.lastPeriod, lastPeriodLabel: label(r.lastPeriod) },
    };
  });
  targets.sort((a, b) => a.targetPeriod.localeCompare(b.targetPeriod) || a.indicator.code.localeCompare(b.indicator.code) || a.id - b.id);
  return { etag: etagOf('targets', modified?.getTime(), rows.length, ctx.lang), lastModified: modified, body: { targets } };
}

/** The DCAT-AP 3 catalogue of every published dataset. */
async function computePublicCatalog(ctx: ServiceContext, baseUrl: string): Promise<PublicAnswer> {
  const now = ctx.clock();
  const datasets = await repo.listPublishedDatasets(ctx.db, now, { words: [] });
  const entries: CatalogEntry[] = [];
  for (const d of datasets) {
    const release = await repo.findPublicRelease(ctx.db, d.id, now);
    if (!release) continue;
    entries.push({
      dataset: d,
      items: await repo.listItems(ctx.db, d.id),
      latestVersion: d.latestVersion,
      latestPublishedAt: d.latestPublishedAt,
      temporalStart: parsePeriod(d.firstPeriod).startDate,
      temporalEnd: parsePeriod(release.lastPeriod).endDate,
    });
  }
  const modified = await repo.lastPublication(ctx.db, now);
  const publisher = datasets[0] ? { code: datasets[0].publisherCode, nameVi: datasets[0].publisherNameVi, nameEn: datasets[0].publisherNameEn } : null;
  return {
    body: toDcatCatalog(entries, publisher, baseUrl, modified),
    contentType: OPEN_MEDIA_TYPES['dcat-ld'],
    etag: etagOf('catalog', modified?.getTime(), entries.length),
    lastModified: modified,
  };
}

// The public entry points, through the cache (errors — unknown or unpublished — are never kept). Answers are kept
// serialised, so a cached answer costs no serialisation.

/**
 * The answer as bytes on the wire, with its content type. A JSON answer is parsed with its route's response schema
 * first (strict objects): the route's serialiser never sees a cached answer, so a field the schema does not name, or
 * one it names that is missing, fails here instead of reaching the public unannounced.
 */
function serialised(answer: { body: unknown; contentType?: string; etag: string; lastModified: Date | null; filename?: string }, schema?: z.ZodType): PublicAnswer {
  const body = answer.body;
  const check = schema?.safeParse(body);
  if (check && !check.success) {
    // A fault of the server (500), not of the request: the first few issues say where.
    const issues = check.error.issues.slice(0, 5).map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
    throw new Error(`A public answer does not match its response schema: ${issues.join('; ')}`);
  }
  const bytes = Buffer.isBuffer(body) ? body : Buffer.from(typeof body === 'string' ? body : JSON.stringify(body));
  // XLSX is a zip already; text is compressed once here rather than on every request.
  const gzip = bytes.length >= 1024 && !answer.contentType?.includes('spreadsheetml') ? gzipSync(bytes) : undefined;
  return { ...answer, body: bytes, gzip, contentType: answer.contentType ?? 'application/json; charset=utf-8' };
}

export function publicListDatasets(ctx: ServiceContext, query: { q?: string; sector?: string }): Promise<PublicAnswer> {
  return cached(ctx, `list|${ctx.lang}|${foldVietnamese(query.q ?? '')}|${query.sector ?? ''}`, async () => serialised(await computePublicListDatasets(ctx, query), publicDatasetListSchema));
}

export function publicDataset(ctx: ServiceContext, code: string, version: number | undefined, baseUrl: string): Promise<PublicAnswer> {
  return cached(ctx, `dataset|${ctx.lang}|${code}|${version ?? ''}|${baseUrl}`, async () => serialised(await computePublicDataset(ctx, code, version, baseUrl), publicDatasetSchema));
}

export async function publicData(ctx: ServiceContext, code: string, format: string, version: number | undefined, baseUrl: string, ifNoneMatch?: string): Promise<PublicAnswer> {
  const answer = await cached(ctx, `data|${ctx.lang}|${code}|${version ?? ''}|${format}|${baseUrl}`, async () => {
    const answer = await computePublicData(ctx, code, format, version, baseUrl);
    return serialised(answer, format === 'json' ? releaseJsonSchema : undefined);
  });
  return ifNoneMatch === answer.etag ? { ...answer, notModified: true } : answer;
}

export async function publicStructure(ctx: ServiceContext, code: string, version: number | undefined, baseUrl: string, ifNoneMatch?: string): Promise<PublicAnswer> {
  const answer = await cached(ctx, `structure|${ctx.lang}|${code}|${version ?? ''}|${baseUrl}`, async () => serialised(await computePublicStructure(ctx, code, version, baseUrl)));
  return ifNoneMatch === answer.etag ? { ...answer, notModified: true } : answer;
}

export function publicTargets(ctx: ServiceContext): Promise<PublicAnswer> {
  return cached(ctx, `targets|${ctx.lang}`, async () => serialised(await computePublicTargets(ctx), publicTargetsSchema));
}

export function publicCatalog(ctx: ServiceContext, baseUrl: string): Promise<PublicAnswer> {
  return cached(ctx, `catalog|${baseUrl}`, async () => serialised(await computePublicCatalog(ctx, baseUrl)));
}
