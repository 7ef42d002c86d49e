/**
 * The demo's open data: the ministry's 2023 strategic indicators as three datasets with a release every month of
 * 2023 (on the 25th of the next month, 9:00 Hanoi time), each frozen from approved figures and published as the
 * job would have done. Between the April and May releases a platform's corrected April report is approved, so
 * the May release revises the April figure and keeps the first one readable as version 4.
 */
import type { Db } from '../../db/db.ts';
import { SYSTEM_ACTOR } from '../../access.ts';
import { nextPeriod } from '../../../core/periods.ts';
import { foldVietnamese } from '../../../core/vietnamese.ts';
import { recordAudit } from '../audit/service.ts';
import * as repo from './repo.ts';
import { computeReleaseObservations, computeTargetSnapshots } from './service.ts';

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
    descriptionVi: 'Tỷ lệ nội dung xấu độc được các nền tảng xuyên biên giới gỡ bỏ theo yêu cầu, theo tháng (mục tiêu năm 2023: > 90 %).',
    descriptionEn: 'Share of harmful content removed by cross-border platforms on request, monthly (2023 target: > 90 %).',
    keywords: ['nội dung xấu độc', 'nền tảng xuyên biên giới', 'báo chí'],
    sector: 'BAO_CHI',
    items: ['TL_GO_ND_XAU', 'TL_GO_ND_XAU_TIKTOK'],
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
  vi: 'Điều chỉnh số liệu tháng 4/2023: một nền tảng xuyên biên giới gửi lại báo cáo tháng 4 đã sửa, được phê duyệt sau đợt công bố trước.',
  en: 'April 2023 revised: a cross-border platform resent its corrected April report, approved after the previous release.',
};

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
        titleVi: def.titleVi, titleEn: def.titleEn, descriptionVi: def.descriptionVi, descriptionEn: def.descriptionEn, keywords: def.keywords,
        sectorId, publisherOrgUnitId: country[0].id, licence: 'CC-BY-4.0', periodType: 'MONTHLY', firstPeriod: '202301', levels: [1, 2],
        dataStatus: 'APPROVED', belowCoverage: 'WITHHOLD',
        searchText: foldVietnamese([def.code, def.titleVi, def.titleEn, def.descriptionVi, def.descriptionEn, ...def.keywords].join(' ')),
      });
      await repo.replaceItems(tx, id, items.map((r) => ({ indicatorId: r.indicatorId, dataElementId: null })));
      await recordAudit(tx, SYSTEM_ACTOR, { action: 'opendata.dataset.create', objectType: 'open_dataset', objectId: def.code, orgUnitId: country[0].id, after: def });
    });
    created.push((await repo.findDataset(db, def.code))!);
    datasets++;
  }
  let releases = 0;
  for (let period = '202301'; period <= '202312'; period = nextPeriod(period)) {
    if (period === '202305') await correctAprilReport(db);
    for (const dataset of created) {
      const at = releaseTimeOf(period);
      const revises = period === '202305' && dataset.code === 'GO_BO_NOI_DUNG_XAU';
      const observations = await computeReleaseObservations(db, dataset, period);
      await db.transaction(async (tx) => {
        const id = await repo.insertRelease(tx, {
          datasetId: dataset.id, releaseAt: at, lastPeriod: period,
          noteVi: revises ? NOTE_REVISION.vi : null, noteEn: revises ? NOTE_REVISION.en : null, createdBy: 'system',
        });
        await repo.replaceObservations(tx, id, observations);
        await repo.replaceTargetSnapshots(tx, id, await computeTargetSnapshots(tx, dataset, (await repo.findRelease(tx, id))!));
        await repo.setReleaseStatus(tx, id, 'FROZEN', 'system');
        const release = (await repo.findRelease(tx, id))!;
        const published = await repo.publishRelease(tx, release, at);
        await recordAudit(tx, SYSTEM_ACTOR, { action: 'opendata.release.publish', objectType: 'open_release', objectId: id, orgUnitId: country[0].id, after: { dataset: dataset.code, ...published } });
      });
      releases++;
    }
  }
  return { datasets, releases };
}

/** A platform's April 2023 removals corrected upwards (its resent report, approved): the figure the May release revises. */
async function correctAprilReport(db: Db): Promise<void> {
  await db.transaction(async (tx) => {
    const { rows } = await tx.query<{ dataElementId: number; periodId: number; orgUnitId: number; optionId: number; value: number }>(
      `SELECT dv.data_element_id AS "dataElementId", dv.period_id AS "periodId", dv.org_unit_id AS "orgUnitId", dv.option_id AS "optionId", dv.value
         FROM data_value dv JOIN data_element de ON de.id = dv.data_element_id JOIN period p ON p.id = dv.period_id
        WHERE de.code = 'ND_XAU_DA_GO' AND p.iso = '202304' AND dv.data_status = 2 AND dv.value > 0
        ORDER BY dv.value DESC LIMIT 1`,
    );
    const row = rows[0];
    if (!row) return;
    // Never above what was requested (the validation rule VR_GO_LE_YEU_CAU): a tenth of the gap is recovered.
    const { rows: requested } = await tx.query<{ value: number }>(
      `SELECT dv.value FROM data_value dv JOIN data_element de ON de.id = dv.data_element_id
        WHERE de.code = 'ND_XAU_YEU_CAU' AND dv.period_id = $1 AND dv.org_unit_id = $2 AND dv.option_id = $3`,
      [row.periodId, row.orgUnitId, row.optionId],
    );
    const ceiling = requested[0]?.value ?? row.value;
    const corrected = Math.min(ceiling, Math.round(row.value + Math.max(1, (ceiling - row.value) / 10)));
    if (corrected === row.value) return;
    await tx.query(
      `UPDATE data_value SET value = $5, stored_by = 'demo', updated_at = now()
        WHERE data_element_id = $1 AND period_id = $2 AND org_unit_id = $3 AND option_id = $4`,
      [row.dataElementId, row.periodId, row.orgUnitId, row.optionId, corrected],
    );
  });
}
