/**
 * The demo ministry's tasks: conclusions of its monthly briefings (giao ban) of 2022–2023 and of its
 * directives, assigned to its departments — some done on time, some late, some overdue, one extended,
 * one waiting for the assigner's confirmation, one cancelled. Added once; skipped when the units are missing.
 */
import type { Db } from '../db/db.ts';
import { SYSTEM_ACTOR } from '../access.ts';
import { recordAudit } from '../modules/audit/service.ts';
import * as repo from '../modules/tasks/repo.ts';

interface DemoTask {
  title: string;
  source: { kind: 'BRIEFING' | 'DIRECTIVE' | 'DECISION' | 'PLAN'; number: string; date: string; title: string };
  assigner: string;
  lead: string;
  co?: string[];
  sector: string | null;
  start: string;
  due: string;
  product: string;
  priority?: 'HIGH' | 'NORMAL' | 'LOW';
  indicators?: string[];
  /** What happened: progress reports, done (reported / confirmed), an approved extension, a cancellation. */
  progress?: { on: string; percent: number; note: string }[];
  extension?: { on: string; to: string; reason: string };
  doneOn?: string;
  confirmed?: boolean;
  cancelled?: { on: string; reason: string };
}

const GB = (month: number, year: number, number: string, date: string) => ({
  kind: 'BRIEFING' as const,
  number,
  date,
  title: `Thông báo kết luận của Bộ trưởng tại cuộc họp giao ban tháng ${month}/${year}`,
});

export const DEMO_TASKS: readonly DemoTask[] = [
  {
    title: 'Ban hành Bộ chỉ số đánh giá chuyển đổi số (DTI) năm 2022 của các bộ, ngành, địa phương',
    source: GB(6, 2022, '212/TB-BTTTT', '2022-07-08'),
    assigner: 'Bộ trưởng',
    lead: 'BTTTT-CCDS',
    co: ['BTTTT-VKHCN'],
    sector: 'CHINH_PHU_SO',
    start: '2022-07-08',
    due: '2022-08-31',
    product: 'Quyết định ban hành Bộ chỉ số',
    doneOn: '2022-09-15',
    confirmed: true,
    progress: [{ on: '2022-08-10', percent: 60, note: 'Đã lấy ý kiến các bộ, ngành và 63 tỉnh' }],
  },
  {
    title: 'Tổng kết 5 năm thi hành Luật An toàn thông tin mạng, đề xuất sửa đổi',
    source: GB(9, 2022, '318/TB-BTTTT', '2022-10-07'),
    assigner: 'Thứ trưởng',
    lead: 'BTTTT-CATTT',
    co: ['BTTTT-VPC'],
    sector: 'ATTT',
    start: '2022-10-07',
    due: '2022-11-30',
    product: 'Báo cáo tổng kết',
    doneOn: '2022-11-25',
    confirmed: true,
  },
  {
    title: 'Hoàn thiện dự thảo Nghị định thay thế Nghị định 72/2013/NĐ-CP về quản lý, cung cấp, sử dụng dịch vụ Internet và thông tin trên mạng',
    source: GB(1, 2023, '25/TB-BTTTT', '2023-02-06'),
    assigner: 'Bộ trưởng',
    lead: 'BTTTT-CPTTH',
    co: ['BTTTT-VPC', 'BTTTT-CATTT'],
    sector: 'BAO_CHI',
    start: '2023-02-06',
    due: '2023-06-30',
    product: 'Dự thảo Nghị định trình Chính phủ',
    priority: 'HIGH',
    doneOn: '2023-06-28',
    confirmed: true,
    progress: [{ on: '2023-04-14', percent: 50, note: 'Đã đăng tải dự thảo lấy ý kiến nhân dân trên Cổng thông tin điện tử' }],
  },
  {
    title: 'Hướng dẫn các địa phương kết nối Cổng dịch vụ công với cơ sở dữ liệu quốc gia về dân cư theo Đề án 06',
    source: GB(2, 2023, '61/TB-BTTTT', '2023-03-08'),
    assigner: 'Thứ trưởng',
    lead: 'BTTTT-CCDS',
    sector: 'CHINH_PHU_SO',
    start: '2023-03-08',
    due: '2023-04-30',
    product: 'Văn bản hướng dẫn',
    indicators: ['TL_HO_SO_TRUC_TUYEN'],
    doneOn: '2023-05-19',
    confirmed: true,
  },
  {
    title: 'Xử lý dứt điểm SIM kích hoạt sẵn, thuê bao di động không chính chủ',
    source: { kind: 'DIRECTIVE', number: '01/CT-BTTTT', date: '2023-03-15', title: 'Chỉ thị về việc tăng cường quản lý thông tin thuê bao di động' },
    assigner: 'Bộ trưởng',
    lead: 'BTTTT-CVT',
    co: ['BTTTT-TTB'],
    sector: 'VIEN_THONG',
    start: '2023-03-15',
    due: '2023-05-31',
    product: 'Báo cáo kết quả chuẩn hoá thông tin thuê bao',
    priority: 'HIGH',
    extension: { on: '2023-05-25', to: '2023-07-31', reason: 'Chờ kết nối xác thực với Cơ sở dữ liệu quốc gia về dân cư của Bộ Công an' },
    progress: [{ on: '2023-05-10', percent: 70, note: 'Đã chuẩn hoá 87 % thuê bao' }],
    doneOn: '2023-07-25',
    confirmed: true,
  },
  {
    title: 'Yêu cầu các nền tảng xuyên biên giới gỡ bỏ trên 90 % nội dung xấu độc theo yêu cầu của Bộ',
    source: GB(5, 2023, '156/TB-BTTTT', '2023-06-07'),
    assigner: 'Bộ trưởng',
    lead: 'BTTTT-CPTTH',
    co: ['BTTTT-CATTT'],
    sector: 'BAO_CHI',
    start: '2023-06-07',
    due: '2023-12-31',
    product: 'Báo cáo kết quả gỡ bỏ hằng tháng',
    priority: 'HIGH',
    indicators: ['TL_GO_BO_VU_VIEC', 'TL_GO_BO_TIKTOK'],
    progress: [{ on: '2023-09-12', percent: 60, note: 'Tỷ lệ gỡ bỏ tháng 8 đạt trên 90 % với Facebook, YouTube; TikTok còn thấp' }],
  },
  {
    title: 'Phủ sóng di động 4G các thôn, bản còn lõm sóng ở khu vực biên giới',
    source: GB(6, 2023, '190/TB-BTTTT', '2023-07-07'),
    assigner: 'Thứ trưởng',
    lead: 'BTTTT-CVT',
    co: ['BTTTT-CTS'],
    sector: 'VIEN_THONG',
    start: '2023-07-07',
    due: '2023-09-30',
    product: 'Danh sách thôn, bản đã được phủ sóng',
    progress: [
      { on: '2023-08-20', percent: 40, note: 'Đã phủ sóng 412/1.000 thôn, bản' },
      { on: '2023-09-25', percent: 70, note: 'Đã phủ sóng 695/1.000 thôn, bản' },
    ],
  },
  {
    title: 'Hướng dẫn các tỉnh sử dụng nền tảng số quốc gia phục vụ chuyển đổi số cấp xã',
    source: GB(9, 2023, '281/TB-BTTTT', '2023-10-06'),
    assigner: 'Thứ trưởng',
    lead: 'BTTTT-CCDS',
    sector: 'KINH_TE_SO',
    start: '2023-10-06',
    due: '2023-11-30',
    product: 'Văn bản hướng dẫn',
    indicators: ['TL_TK_NEN_TANG_VN'],
    doneOn: '2023-11-28',
    confirmed: false,
  },
  {
    title: 'Xây dựng Đề án thành lập Trung tâm hỗ trợ báo chí chuyển đổi số',
    source: GB(8, 2023, '249/TB-BTTTT', '2023-09-08'),
    assigner: 'Bộ trưởng',
    lead: 'BTTTT-CBC',
    sector: 'BAO_CHI',
    start: '2023-09-08',
    due: '2023-12-15',
    product: 'Đề án',
    cancelled: { on: '2023-10-20', reason: 'Gộp vào nhiệm vụ triển khai Chiến lược chuyển đổi số báo chí (Quyết định 348/QĐ-TTg)' },
  },
  {
    title: 'Báo cáo tổng kết công tác năm 2023 và kế hoạch năm 2024 của ngành',
    source: GB(11, 2023, '330/TB-BTTTT', '2023-12-06'),
    assigner: 'Bộ trưởng',
    lead: 'BTTTT-VKHTC',
    co: ['BTTTT-VP'],
    sector: null,
    start: '2023-12-06',
    due: '2023-12-25',
    product: 'Báo cáo tổng kết',
  },
];

/** Adds the demo tasks once (keyed by title); returns how many were added. */
export async function seedDemoTasks(db: Db, options: { ministryCode?: string } = {}): Promise<number> {
  const ministry = options.ministryCode ?? 'BTTTT';
  const unitId = async (code: string) => (await db.query<{ id: number }>('SELECT id FROM org_unit WHERE code = $1', [code])).rows[0]?.id ?? null;
  const assigning = await unitId(ministry);
  if (assigning === null) return 0;
  let added = 0;
  for (const d of DEMO_TASKS) {
    const lead = await unitId(d.lead);
    if (lead === null) continue;
    if ((await db.query('SELECT 1 FROM task WHERE title = $1', [d.title])).rows.length) continue;
    const co = (await Promise.all((d.co ?? []).map(unitId))).filter((x): x is number => x !== null);
    await db.transaction(async (tx) => {
      const sector = d.sector ? await repo.findSector(tx, d.sector) : null;
      const id = await repo.insertTask(tx, {
        parentId: null,
        title: d.title,
        description: null,
        sourceKind: d.source.kind,
        sourceNumber: d.source.number,
        sourceDate: d.source.date,
        sourceIssuer: 'Bộ Thông tin và Truyền thông',
        sourceTitle: d.source.title,
        assignerName: d.assigner,
        assignerUserId: null,
        assigningOrgUnitId: assigning,
        leadOrgUnitId: lead,
        responsible: null,
        startDate: d.start,
        dueDate: d.due,
        expectedProduct: d.product,
        priority: d.priority ?? 'NORMAL',
        sectorId: sector?.id ?? null,
      });
      await repo.setCoUnits(tx, id, co);
      await repo.setLinks(tx, id, [...(await repo.findIndicatorIds(tx, d.indicators ?? [])).values()], []);
      const update = (kind: string, onDate: string, v: { percent?: number; note?: string; requestedDueDate?: string } = {}) =>
        repo.insertUpdate(tx, id, { kind, onDate, userId: null, username: 'demo', ...v });
      for (const p of d.progress ?? []) {
        await update('PROGRESS', p.on, { percent: p.percent, note: p.note });
        await tx.query('UPDATE task SET progress_percent = $2 WHERE id = $1', [id, p.percent]);
      }
      if (d.extension) {
        await update('EXTENSION_REQUESTED', d.extension.on, { note: d.extension.reason, requestedDueDate: d.extension.to });
        await update('EXTENSION_APPROVED', d.extension.on, { requestedDueDate: d.extension.to });
        await tx.query('UPDATE task SET extended_due_date = $2, extended_on = $3 WHERE id = $1', [id, d.extension.to, d.extension.on]);
      }
      if (d.doneOn) {
        await update('DONE_REPORTED', d.doneOn, { percent: 100, note: 'Đã hoàn thành, gửi kèm sản phẩm' });
        await repo.setState(tx, id, { state: 'DONE_REPORTED', doneOn: d.doneOn, progressPercent: 100 });
        if (d.confirmed) {
          await update('CONFIRMED', d.doneOn);
          await repo.setState(tx, id, { state: 'DONE', doneOn: d.doneOn, confirmedBy: 'demo', on: d.doneOn });
        }
      }
      if (d.cancelled) {
        await update('CANCELLED', d.cancelled.on, { note: d.cancelled.reason });
        await repo.setState(tx, id, { state: 'CANCELLED', cancelReason: d.cancelled.reason, on: d.cancelled.on });
      }
      await recordAudit(tx, SYSTEM_ACTOR, { action: 'task.create', objectType: 'task', objectId: id, orgUnitId: lead, after: await repo.findTask(tx, id), reason: 'demo' });
    });
    added++;
  }
  return added;
}
