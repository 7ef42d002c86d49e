/**
 * The demo ministry's commitments: three heads of department who took their posts in mid-2022 committed to
 * one year of results, linked to the demo tasks and targets, or judged by the ministry's leadership with
 * evidence. Computed today, one is met, one partly met and one not met. Added once (keyed by title);
 * a result whose task or target is missing is skipped, a commitment without any result is not added.
 */
import { createHash } from 'node:crypto';
import type { Db } from '../db/db.ts';
import { SYSTEM_ACTOR } from '../access.ts';
import type { Outcome } from '../../core/commitments.ts';
import { recordAudit } from '../modules/audit/service.ts';
import * as repo from '../modules/commitments/repo.ts';

interface DemoResult {
  title: string;
  measure: string;
  /** Demo task titles (src/server/demo/tasks.ts). */
  tasks?: string[];
  /** Demo targets by indicator code and target period. */
  targets?: { indicator: string; period: string }[];
  review?: { verdict: Outcome; note: string; evidence: string; on: string };
}

interface DemoCommitment {
  official: string;
  position: string;
  unit: string;
  title: string;
  document: string;
  results: DemoResult[];
}

const START = '2022-07-01';
const END = '2023-06-30';

export const DEMO_COMMITMENTS: readonly DemoCommitment[] = [
  {
    official: 'Nguyễn Minh Hải',
    position: 'Cục trưởng Cục Phát thanh, truyền hình và thông tin điện tử',
    unit: 'BTTTT-CPTTH',
    title: 'Cam kết kết quả năm đầu nhận nhiệm vụ Cục trưởng (7/2022 – 6/2023)',
    document: 'Quyết định bổ nhiệm số 1180/QĐ-BTTTT ngày 24/6/2022; bản cam kết ngày 01/7/2022',
    results: [
      {
        title: 'Trình Chính phủ dự thảo Nghị định thay thế Nghị định 72/2013/NĐ-CP trước 30/6/2023',
        measure: 'Nhiệm vụ được giao tại giao ban tháng 1/2023 hoàn thành đúng hạn',
        tasks: ['Hoàn thiện dự thảo Nghị định thay thế Nghị định 72/2013/NĐ-CP về quản lý, cung cấp, sử dụng dịch vụ Internet và thông tin trên mạng'],
      },
      {
        title: 'Mọi vụ việc thông tin sai sự thật trên báo chí điện tử được xử lý trong thời hạn',
        measure: 'Lãnh đạo Bộ đánh giá theo báo cáo tổng kết',
        review: { verdict: 'MET', note: 'Báo cáo tổng kết: 100 % vụ việc được xử lý trong thời hạn', evidence: 'Bao-cao-tong-ket-TTDT-6-2023.pdf', on: '2023-07-10' },
      },
    ],
  },
  {
    official: 'Trần Thu Hà',
    position: 'Cục trưởng Cục An toàn thông tin',
    unit: 'BTTTT-CATTT',
    title: 'Cam kết kết quả năm đầu nhận nhiệm vụ Cục trưởng (7/2022 – 6/2023)',
    document: 'Quyết định bổ nhiệm số 1181/QĐ-BTTTT ngày 24/6/2022; bản cam kết ngày 01/7/2022',
    results: [
      {
        title: 'Tổng kết 5 năm thi hành Luật An toàn thông tin mạng, đề xuất sửa đổi',
        measure: 'Nhiệm vụ được giao tại giao ban tháng 9/2022 hoàn thành đúng hạn',
        tasks: ['Tổng kết 5 năm thi hành Luật An toàn thông tin mạng, đề xuất sửa đổi'],
      },
      {
        title: '100 % bộ, ngành, địa phương tổ chức diễn tập thực chiến an toàn thông tin',
        measure: 'Lãnh đạo Bộ đánh giá theo báo cáo diễn tập',
        review: { verdict: 'PARTLY_MET', note: '51/63 tỉnh và 18/22 bộ, ngành đã tổ chức diễn tập thực chiến', evidence: 'Bao-cao-dien-tap-ATTT-2023.pdf', on: '2023-07-12' },
      },
      {
        title: 'Phối hợp đưa tỷ lệ gỡ bỏ thông tin xấu độc trên nền tảng xuyên biên giới lên trên 90 %',
        measure: 'Mục tiêu năm 2023 của Bộ, tính từ các vụ việc đã gửi nền tảng (docs/takedown.md)',
        targets: [{ indicator: 'TL_GO_BO_VU_VIEC', period: '2023' }],
      },
    ],
  },
  {
    official: 'Phạm Đức Long',
    position: 'Cục trưởng Cục Chuyển đổi số quốc gia',
    unit: 'BTTTT-CCDS',
    title: 'Cam kết kết quả năm đầu nhận nhiệm vụ Cục trưởng (7/2022 – 6/2023)',
    document: 'Quyết định bổ nhiệm số 1182/QĐ-BTTTT ngày 24/6/2022; bản cam kết ngày 01/7/2022',
    results: [
      {
        title: 'Ban hành Bộ chỉ số DTI năm 2022 đúng hạn',
        measure: 'Nhiệm vụ được giao tại giao ban tháng 6/2022 hoàn thành đúng hạn',
        tasks: ['Ban hành Bộ chỉ số đánh giá chuyển đổi số (DTI) năm 2022 của các bộ, ngành, địa phương'],
      },
      {
        title: 'Hướng dẫn các địa phương kết nối Cổng dịch vụ công với cơ sở dữ liệu quốc gia về dân cư',
        measure: 'Nhiệm vụ được giao tại giao ban tháng 2/2023 hoàn thành đúng hạn',
        tasks: ['Hướng dẫn các địa phương kết nối Cổng dịch vụ công với cơ sở dữ liệu quốc gia về dân cư theo Đề án 06'],
      },
    ],
  },
];

/** A one-page PDF naming the document: the reviewer's evidence of the demo. */
function evidencePdf(title: string): Buffer {
  const ascii = title
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .replace(/[()\\]/g, '');
  const stream = `BT /F1 14 Tf 72 760 Td (${ascii}) Tj ET`;
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>',
    '<< /Type /Font /Subtype /Type1 /BaseFont /Times-Roman >>',
    `<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`,
  ];
  let body = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(body.length);
    body += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = body.length;
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body, 'latin1');
}

/** Adds the demo commitments once; returns how many were added. */
export async function seedDemoCommitments(db: Db): Promise<number> {
  let added = 0;
  for (const d of DEMO_COMMITMENTS) {
    const unit = (await db.query<{ id: number }>('SELECT id FROM org_unit WHERE code = $1', [d.unit])).rows[0];
    if (!unit) continue;
    if ((await db.query('SELECT 1 FROM commitment WHERE title = $1 AND official_name = $2', [d.title, d.official])).rows.length) continue;
    const results: (DemoResult & { taskIds: number[]; targetIds: number[] })[] = [];
    for (const r of d.results) {
      const taskIds = (
        await Promise.all((r.tasks ?? []).map(async (title) => (await db.query<{ id: number }>('SELECT id FROM task WHERE title = $1 ORDER BY id LIMIT 1', [title])).rows[0]?.id))
      ).filter((x): x is number => x !== undefined);
      const targetIds = (
        await Promise.all(
          (r.targets ?? []).map(
            async (t) =>
              (
                await db.query<{ id: number }>('SELECT t.id FROM target t JOIN indicator i ON i.id = t.indicator_id WHERE i.code = $1 AND t.target_period = $2 ORDER BY t.id LIMIT 1', [
                  t.indicator,
                  t.period,
                ])
              ).rows[0]?.id,
          ),
        )
      ).filter((x): x is number => x !== undefined);
      if (!r.review && taskIds.length + targetIds.length === 0) continue;
      results.push({ ...r, taskIds, targetIds });
    }
    if (results.length === 0) continue;
    await db.transaction(async (tx) => {
      const id = await repo.insertCommitment(tx, {
        officialName: d.official,
        officialPosition: d.position,
        orgUnitId: unit.id,
        title: d.title,
        startDate: START,
        endDate: END,
        sourceDocument: d.document,
        createdBy: 'demo',
        createdByUserId: null,
      });
      for (const [i, r] of results.entries()) {
        const resultId = await repo.insertResult(tx, id, { position: i + 1, title: r.title, measure: r.measure, reviewerJudged: Boolean(r.review), tasks: r.taskIds, targets: r.targetIds });
        if (r.review) {
          const bytes = evidencePdf(r.review.evidence);
          const evidenceId = await repo.insertEvidence(tx, id, resultId, {
            fileName: r.review.evidence,
            contentType: 'application/pdf',
            bytes,
            sha256: createHash('sha256').update(bytes).digest('hex'),
            username: 'demo',
            at: `${r.review.on}T09:00:00+07:00`,
          });
          await repo.useEvidence(tx, resultId, [evidenceId]);
          await repo.setVerdict(tx, resultId, { verdict: r.review.verdict, note: r.review.note, by: 'Thứ trưởng (demo)', at: `${r.review.on}T15:00:00+07:00` });
        }
      }
      await recordAudit(tx, SYSTEM_ACTOR, { action: 'commitment.create', objectType: 'commitment', objectId: id, orgUnitId: unit.id, after: { ...d, results }, reason: 'demo' });
    });
    added++;
  }
  return added;
}
