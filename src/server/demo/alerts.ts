import type { Db } from '../db/db.ts';
import { SYSTEM_ACTOR } from '../access.ts';
import { recordAudit } from '../modules/audit/service.ts';
import * as repo from '../modules/alerts/repo.ts';

/** The demo agency's early-warning rules (added once; skipped when what they refer to is missing). */
export async function seedDemoAlertRules(db: Db, options: { countryCode?: string } = {}): Promise<number> {
  const lookup = async (sql: string, code: string) => (await db.query<{ id: number }>(sql, [code])).rows[0]?.id ?? null;
  const country = await lookup('SELECT id FROM org_unit WHERE code = $1', options.countryCode ?? 'VN');
  const monthly = await lookup('SELECT id FROM report_regime WHERE code = $1', 'BC_TINH_THANG');
  const removal = await lookup('SELECT id FROM indicator WHERE code = $1', 'TL_GO_ND_XAU');
  const rules: { code: string; type: string; values: repo.RuleValues; needs: unknown[] }[] = [
    {
      code: 'BAO_CAO_TRE_HAN',
      type: 'REPORT_LATE',
      needs: [monthly],
      values: {
        nameVi: 'Báo cáo tháng của tỉnh trễ hạn',
        nameEn: 'Monthly provincial report late',
        severity: 'WARNING',
        orgUnitId: country,
        indicatorId: null,
        regimeId: monthly,
        operator: null,
        threshold: null,
        level: null,
        isActive: true,
      },
    },
    {
      code: 'MUC_TIEU_NGUY_CO',
      type: 'TARGET_STATUS',
      needs: [],
      values: {
        nameVi: 'Mục tiêu có nguy cơ không đạt',
        nameEn: 'Target at risk or off track',
        severity: 'CRITICAL',
        orgUnitId: null,
        indicatorId: null,
        regimeId: null,
        operator: null,
        threshold: null,
        level: null,
        isActive: true,
      },
    },
    {
      code: 'GO_ND_XAU_THAP',
      type: 'THRESHOLD',
      needs: [removal, country],
      values: {
        nameVi: 'Tỷ lệ gỡ nội dung xấu độc theo báo cáo của tỉnh dưới 85 %',
        nameEn: 'Harmful-content removal reported by a province below 85 %',
        severity: 'WARNING',
        orgUnitId: country,
        indicatorId: removal,
        regimeId: null,
        operator: '<',
        threshold: 85,
        level: 2,
        isActive: true,
      },
    },
    {
      code: 'LOI_KIEM_TRA',
      type: 'VALIDATION_ERROR',
      needs: [],
      values: {
        nameVi: 'Số liệu không qua quy tắc kiểm tra',
        nameEn: 'Data failing validation rules',
        severity: 'WARNING',
        orgUnitId: country,
        indicatorId: null,
        regimeId: null,
        operator: null,
        threshold: null,
        level: null,
        isActive: true,
      },
    },
    {
      code: 'NHIEM_VU_SAP_HAN',
      type: 'TASK_DUE',
      needs: [],
      values: {
        nameVi: 'Nhiệm vụ sắp đến hạn',
        nameEn: 'Task due soon',
        severity: 'INFO',
        orgUnitId: null,
        indicatorId: null,
        regimeId: null,
        operator: null,
        threshold: 3,
        level: null,
        isActive: true,
      },
    },
    {
      code: 'NHIEM_VU_QUA_HAN',
      type: 'TASK_OVERDUE',
      needs: [],
      values: {
        nameVi: 'Nhiệm vụ quá hạn',
        nameEn: 'Task overdue',
        severity: 'CRITICAL',
        orgUnitId: null,
        indicatorId: null,
        regimeId: null,
        operator: null,
        threshold: null,
        level: null,
        isActive: true,
      },
    },
    {
      code: 'CAM_KET_SAP_HAN',
      type: 'COMMITMENT_DUE',
      needs: [],
      values: {
        nameVi: 'Cam kết sắp đến hạn',
        nameEn: 'Commitment ending soon',
        severity: 'INFO',
        orgUnitId: null,
        indicatorId: null,
        regimeId: null,
        operator: null,
        threshold: 30,
        level: null,
        isActive: true,
      },
    },
    {
      code: 'CAM_KET_NGUY_CO',
      type: 'COMMITMENT_AT_RISK',
      needs: [],
      values: {
        nameVi: 'Cam kết có nguy cơ không đạt',
        nameEn: 'Commitment at risk',
        severity: 'WARNING',
        orgUnitId: null,
        indicatorId: null,
        regimeId: null,
        operator: null,
        threshold: null,
        level: null,
        isActive: true,
      },
    },
    {
      code: 'GIA_TRI_BAT_THUONG',
      type: 'OUTLIER',
      needs: [monthly],
      values: {
        nameVi: 'Giá trị bất thường trong báo cáo tháng',
        nameEn: 'Outliers in the monthly report',
        severity: 'INFO',
        orgUnitId: country,
        indicatorId: null,
        regimeId: monthly,
        operator: null,
        threshold: null,
        level: null,
        isActive: true,
      },
    },
  ];
  let added = 0;
  for (const rule of rules) {
    if (rule.needs.some((n) => n === null) || (await repo.findRule(db, rule.code))) continue;
    await db.transaction(async (tx) => {
      const id = await repo.insertRule(tx, rule.code, rule.type, rule.values);
      await recordAudit(tx, SYSTEM_ACTOR, { action: 'alertRule.create', objectType: 'alert_rule', objectId: id, after: { code: rule.code, type: rule.type, ...rule.values } });
    });
    added++;
  }
  return added;
}
