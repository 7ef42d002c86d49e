/**
 * The demo's open data: the ministry's 2023 strategic indicators as three datasets with a release every month of
 * 2023 (on the 25th of the next month, 9:00 Hanoi time), each frozen from approved figures and published as the
 * job would have done. The takedown dataset reads the rates counted from the ministry's cases (docs/takedown.md):
 * between the April and May releases TikTok answers, late, some April requests it had left unanswered; the
 * answers are recorded, the cases judged again and the 2023 figures re-published (as POST
 * /api/takedown/figures/publish does), so the May release revises April and keeps the first figure as version 4.
 */
import type { Db } from '../db/db.ts';
import { SYSTEM_ACTOR } from '../access.ts';
import { nextPeriod } from '../../core/periods.ts';
import { foldVietnamese } from '../../core/vietnamese.ts';
import { recordAudit } from '../modules/audit/service.ts';
import { writeFigures } from '../modules/takedown/figures.ts';
import * as takedownRepo from '../modules/takedown/repo.ts';
import { rejudgeCases } from '../modules/takedown/service.ts';
import * as repo from '../modules/opendata/repo.ts';
import { computeReleaseObservations, computeTargetSnapshots } from '../modules/opendata/service.ts';

interface DemoDataset {
  code: string;
  titleVi: string;
  titleEn: string;
  descriptionVi: string;
  descriptionEn: string;
  keywords: string[];
  sector: string;
  items: string[];
}

export const DEMO_DATASETS: readonly DemoDataset[] = [
  {
    code: 'NEN_TANG_SO_VN',
    titleVi: 'Nền tảng số Việt Nam',
    titleEn: 'Vietnamese digital platforms',
    descriptionVi: 'Tỷ lệ tài khoản của người dùng Việt Nam trên các nền tảng số Việt Nam, theo tháng (mục tiêu năm 2023: ≥ 50 %).',
    descriptionEn: 'Share of Vietnamese users’ accounts held on Vietnamese digital platforms, monthly (2023 target: ≥ 50 %).',
    keywords: ['nền tảng số', 'kinh tế số', 'tài khoản'],
    sector: 'KINH_TE_SO',
    items: ['TL_TK_NEN_TANG_VN'],
  },
  {
    code: 'GO_BO_NOI_DUNG_XAU',
    titleVi: 'Gỡ bỏ nội dung xấu độc trên nền tảng xuyên biên giới',
    titleEn: 'Harmful content removed on cross-border platforms',
    descriptionVi:
      'Tỷ lệ nội dung xấu độc được các nền tảng xuyên biên giới gỡ bỏ theo yêu cầu của Bộ, tính từ từng vụ việc theo tháng gửi yêu cầu; tỷ lệ gỡ hoặc chặn trong 24 giờ (mục tiêu năm 2023: > 90 % được gỡ bỏ).',
    descriptionEn:
      'Share of harmful items removed by cross-border platforms at the ministry’s request, counted case by case by the month the request was sent; share removed or blocked within 24 hours (2023 target: > 90 % removed).',
    keywords: ['nội dung xấu độc', 'nền tảng xuyên biên giới', 'báo chí'],
    sector: 'BAO_CHI',
    // Counted from the cases sent to the platforms, by the month of the request (the provinces' own typed rate,
    // TL_GO_ND_XAU, stays their report and is not published here).
    items: ['TL_GO_BO_VU_VIEC', 'TL_GO_BO_TIKTOK', 'TL_GO_BO_24H'],
  },
  {
    code: 'HA_TANG_VIEN_THONG',
    titleVi: 'Hạ tầng viễn thông: 5G, di động, băng rộng',
    titleEn: 'Telecom infrastructure: 5G, mobile, broadband',
    descriptionVi: 'Tỷ lệ dân số được phủ sóng 5G, thuê bao di động và băng rộng cố định trên 100 dân, cả nước và các tỉnh, theo tháng.',
    descriptionEn: 'Share of the population covered by 5G, mobile and fixed broadband subscriptions per 100 inhabitants, country and provinces, monthly.',
    keywords: ['5G', 'viễn thông', 'băng rộng', 'di động'],
    sector: 'VIEN_THONG',
    items: ['TL_PHU_5G', 'TB_DI_DONG_100_DAN', 'TB_BANG_RONG_100_DAN'],
  },
];

const NOTE_REVISION = {
  vi: 'Điều chỉnh số liệu tháng 4/2023: TikTok trả lời muộn (ngày 02/6/2023) một số yêu cầu gỡ bỏ gửi trong tháng 4 chưa được trả lời, ghi nhận sau đợt công bố trước.',
  en: 'April 2023 revised: TikTok answered late (2 June 2023) some April takedown requests it had left unanswered, recorded after the previous release.',
};

/** When TikTok's late answers to April's requests came, between the April and May releases. */
const LATE_ANSWER_AT = new Date('2023-06-02T10:00:00+07:00');

/** The release time of a month's figures: the 25th of the next month, 9:00 in Hanoi. */
function releaseTimeOf(period: string): Date {
  const next = nextPeriod(period);
  return new Date(`${next.slice(0, 4)}-${next.slice(4, 6)}-25T09:00:00+07:00`);
}

/** Seeds the demo datasets and their 2023 releases once; returns how many releases were published. */
export async function seedDemoOpenData(db: Db, options: { countryCode?: string; today?: string } = {}): Promise<{ datasets: number; releases: number }> {
  const { rows: country } = await db.query<{ id: number }>('SELECT id FROM org_unit WHERE code = $1', [options.countryCode ?? 'VN']);
  if (!country[0]) return { datasets: 0, releases: 0 };
  let datasets = 0;
  const created: repo.DatasetRow[] = [];
  for (const def of DEMO_DATASETS) {
    if (await repo.findDataset(db, def.code)) continue;
    const refs = await repo.findItemRefs(db, def.items);
    const items = def.items.map((c) => refs.find((r) => r.code === c && r.indicatorId !== null)).filter((r) => r !== undefined);
    // A smaller demo without these indicators goes without the dataset.
    if (items.length !== def.items.length) continue;
    const sectorId = await repo.findSector(db, def.sector);
    await db.transaction(async (tx) => {
      const id = await repo.insertDataset(tx, def.code, {
        titleVi: def.titleVi,
        titleEn: def.titleEn,
        descriptionVi: def.descriptionVi,
        descriptionEn: def.descriptionEn,
        keywords: def.keywords,
        sectorId,
        publisherOrgUnitId: country[0].id,
        licence: 'CC-BY-4.0',
        periodType: 'MONTHLY',
        firstPeriod: '202301',
        levels: [1, 2],
        dataStatus: 'APPROVED',
        belowCoverage: 'WITHHOLD',
        searchText: foldVietnamese([def.code, def.titleVi, def.titleEn, def.descriptionVi, def.descriptionEn, ...def.keywords].join(' ')),
      });
      await repo.replaceItems(
        tx,
        id,
        items.map((r) => ({ indicatorId: r.indicatorId, dataElementId: null })),
      );
      await recordAudit(tx, SYSTEM_ACTOR, { action: 'opendata.dataset.create', objectType: 'open_dataset', objectId: def.code, orgUnitId: country[0].id, after: def });
    });
    created.push((await repo.findDataset(db, def.code))!);
    datasets++;
  }
  let releases = 0;
  for (let period = '202301'; period <= '202312'; period = nextPeriod(period)) {
    if (period === '202305') await recordLateAprilAnswers(db);
    for (const dataset of created) {
      const at = releaseTimeOf(period);
      const revises = period === '202305' && dataset.code === 'GO_BO_NOI_DUNG_XAU';
      const observations = await computeReleaseObservations(db, dataset, period);
      await db.transaction(async (tx) => {
        const id = await repo.insertRelease(tx, {
          datasetId: dataset.id,
          releaseAt: at,
          lastPeriod: period,
          noteVi: revises ? NOTE_REVISION.vi : null,
          noteEn: revises ? NOTE_REVISION.en : null,
          createdBy: 'system',
        });
        await recordAudit(tx, SYSTEM_ACTOR, {
          action: 'opendata.release.schedule',
          objectType: 'open_release',
          objectId: id,
          orgUnitId: country[0].id,
          after: { dataset: dataset.code, releaseAt: at.toISOString(), lastPeriod: period },
        });
        await repo.replaceObservations(tx, id, observations);
        await repo.replaceTargetSnapshots(tx, id, await computeTargetSnapshots(tx, dataset, (await repo.findRelease(tx, id))!));
        await repo.setReleaseStatus(tx, id, 'FROZEN', 'system');
        await recordAudit(tx, SYSTEM_ACTOR, {
          action: 'opendata.release.freeze',
          objectType: 'open_release',
          objectId: id,
          orgUnitId: country[0].id,
          before: { status: 'SCHEDULED' },
          after: { status: 'FROZEN', dataset: dataset.code, figures: observations.length },
        });
        const release = (await repo.findRelease(tx, id))!;
        const published = await repo.publishRelease(tx, release, at);
        await recordAudit(tx, SYSTEM_ACTOR, { action: 'opendata.release.publish', objectType: 'open_release', objectId: id, orgUnitId: country[0].id, after: { dataset: dataset.code, ...published } });
      });
      releases++;
    }
  }
  return { datasets, releases };
}

/**
 * TikTok's late answers: up to five April 2023 requests with no answer (or a "no answer" list) are answered
 * "removed" on 02/06/2023; the cases are judged again and the year's figures written again from the cases.
 */
async function recordLateAprilAnswers(db: Db): Promise<void> {
  await db.transaction(async (tx) => {
    const { from, to } = { from: new Date('2023-04-01T00:00:00+07:00'), to: new Date('2023-05-01T00:00:00+07:00') };
    const { rows } = await tx.query<{ id: number }>(
      `SELECT c.id FROM takedown_case c JOIN takedown_platform p ON p.id = c.platform_id
        WHERE p.code = 'TIKTOK' AND c.outcome = 'NO_ANSWER' AND c.sent_at >= $1 AND c.sent_at < $2
          AND NOT EXISTS (SELECT 1 FROM takedown_answer a WHERE a.case_id = c.id AND a.answered_at >= $3)
        ORDER BY c.sent_at, c.id LIMIT 5`,
      [from, to, LATE_ANSWER_AT],
    );
    if (!rows.length) return;
    const caseIds = rows.map((r) => r.id);
    await takedownRepo.insertAnswers(
      tx,
      caseIds.map((caseId) => ({ caseId, outcome: 'REMOVED' as const, reason: null, answeredAt: LATE_ANSWER_AT })),
      'FORM',
      'demo',
    );
    await rejudgeCases(tx, caseIds);
    const summary = await writeFigures(tx, 2023, 'demo', new Date());
    await recordAudit(tx, SYSTEM_ACTOR, { action: 'takedown.figures_publish', objectType: 'takedown_figures', objectId: 2023, after: { ...summary, lateAnswers: caseIds } });
  });
}
