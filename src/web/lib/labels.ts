// Words for the codes the API speaks (audit actions, object types, value sources): screens show these,
// with the code beside them only where an administrator searches by it.

type Lang = 'vi' | 'en';
type Words = Record<string, [vi: string, en: string]>;

const ACTIONS: Words = {
  'auth.login': ['Đăng nhập', 'Signed in'],
  'auth.logout': ['Đăng xuất', 'Signed out'],
  'auth.login_failed': ['Đăng nhập sai', 'Failed sign-in'],
  'auth.login_locked': ['Đăng nhập khi tài khoản đang bị khóa', 'Sign-in while locked'],
  'auth.lockout': ['Khóa tài khoản tạm thời (đăng nhập sai nhiều lần)', 'Account locked (too many failed sign-ins)'],
  'user.create': ['Tạo người dùng', 'User created'],
  'user.update': ['Sửa người dùng', 'User changed'],
  'user.change_password': ['Đổi mật khẩu', 'Password changed'],
  'user.reset_password': ['Đặt lại mật khẩu', 'Password reset'],
  'token.create': ['Tạo mã truy cập API', 'API token created'],
  'token.revoke': ['Thu hồi mã truy cập API', 'API token revoked'],
  'orgUnit.create': ['Tạo đơn vị', 'Org unit created'],
  'orgUnit.update': ['Sửa đơn vị', 'Org unit changed'],
  'orgUnit.move': ['Chuyển đơn vị', 'Org unit moved'],
  'orgUnit.close': ['Đóng đơn vị', 'Org unit closed'],
  'orgUnit.merge': ['Sáp nhập đơn vị', 'Org units merged'],
  'orgUnit.split': ['Chia tách đơn vị', 'Org unit split'],
  'orgUnit.import': ['Nhập danh sách đơn vị', 'Org units imported'],
  'orgUnit.import.create': ['Nhập đơn vị mới', 'Org unit imported (new)'],
  'orgUnit.import.update': ['Nhập cập nhật đơn vị', 'Org unit imported (changed)'],
  'orgUnitGroup.create': ['Tạo nhóm đơn vị', 'Group created'],
  'orgUnitGroup.update': ['Sửa nhóm đơn vị', 'Group changed'],
  'orgUnitGroup.members': ['Đổi thành viên nhóm', 'Group members changed'],
  'dataElement.create': ['Tạo chỉ số', 'Data element created'],
  'dataElement.update': ['Sửa chỉ số', 'Data element changed'],
  'disaggregation.create': ['Tạo phân tổ', 'Disaggregation created'],
  'indicator.create': ['Tạo chỉ tiêu', 'Indicator created'],
  'indicator.update': ['Sửa chỉ tiêu', 'Indicator changed'],
  'indicator.delete': ['Xóa chỉ tiêu', 'Indicator deleted'],
  'regime.create': ['Tạo chế độ báo cáo', 'Report regime created'],
  'regime.update': ['Sửa chế độ báo cáo', 'Report regime changed'],
  'target.create': ['Tạo mục tiêu', 'Target created'],
  'target.update': ['Sửa mục tiêu', 'Target changed'],
  'validation_rule.create': ['Tạo quy tắc kiểm tra', 'Validation rule created'],
  'validation_rule.update': ['Sửa quy tắc kiểm tra', 'Validation rule changed'],
  'validation_rule.delete': ['Xóa quy tắc kiểm tra', 'Validation rule deleted'],
  'value.write': ['Ghi số liệu', 'Values written'],
  'dataValues.write': ['Ghi số liệu', 'Values written'],
  'report.submit': ['Gửi báo cáo', 'Report submitted'],
  'report.approve': ['Phê duyệt báo cáo', 'Report approved'],
  'report.return': ['Trả lại báo cáo', 'Report returned'],
  'report.reopen': ['Mở lại báo cáo', 'Report reopened'],
  'report.withdraw': ['Rút lại báo cáo để sửa', 'Report withdrawn to correct'],
  'alert.raise': ['Phát sinh cảnh báo', 'Alert raised'],
  'alert.acknowledge': ['Tiếp nhận cảnh báo', 'Alert acknowledged'],
  'alert.resolve': ['Đóng cảnh báo', 'Alert resolved'],
  'alert.auto_resolve': ['Cảnh báo tự đóng (điều kiện đã hết)', 'Alert resolved by itself'],
  'alertRule.create': ['Tạo quy tắc cảnh báo', 'Alert rule created'],
  'alertRule.update': ['Sửa quy tắc cảnh báo', 'Alert rule changed'],
  'job.start': ['Bắt đầu công việc nền', 'Background job started'],
  'setting.update': ['Đổi thiết lập', 'Setting changed'],
  'demo.seed': ['Nạp dữ liệu mẫu', 'Demo data loaded'],
  'demo.seed_users': ['Tạo tài khoản dùng thử', 'Demo accounts created'],
};

const OBJECT_TYPES: Words = {
  user: ['Người dùng', 'User'],
  api_token: ['Mã truy cập API', 'API token'],
  org_unit: ['Đơn vị', 'Org unit'],
  org_unit_group: ['Nhóm đơn vị', 'Org unit group'],
  data_element: ['Chỉ số', 'Data element'],
  disaggregation: ['Phân tổ', 'Disaggregation'],
  indicator: ['Chỉ tiêu', 'Indicator'],
  report_regime: ['Chế độ báo cáo', 'Report regime'],
  regime: ['Chế độ báo cáo', 'Report regime'],
  report_status: ['Báo cáo', 'Report'],
  target: ['Mục tiêu', 'Target'],
  validation_rule: ['Quy tắc kiểm tra', 'Validation rule'],
  data_value: ['Số liệu', 'Data value'],
  alert: ['Cảnh báo', 'Alert'],
  alert_rule: ['Quy tắc cảnh báo', 'Alert rule'],
  job: ['Công việc nền', 'Background job'],
  setting: ['Thiết lập', 'Setting'],
};

const SOURCES: Words = {
  FORM: ['Biểu mẫu', 'Form'],
  EXCEL: ['Tệp Excel', 'Excel file'],
  API: ['API', 'API'],
  IMPORT: ['Nhập tệp', 'File import'],
  DHIS2: ['DHIS2', 'DHIS2'],
  SEED: ['Dữ liệu mẫu', 'Demo data'],
};

const pick = (words: Words, code: string | null | undefined, lang: Lang): string | null => {
  if (!code) return null;
  const w = words[code];
  return w ? w[lang === 'vi' ? 0 : 1] : null;
};

/** "auth.login" → "Đăng nhập"; an action without words keeps its code. */
export const auditActionLabel = (action: string, lang: Lang): string => pick(ACTIONS, action, lang) ?? action;
export const objectTypeLabel = (type: string, lang: Lang): string => pick(OBJECT_TYPES, type, lang) ?? type;
export const sourceLabel = (source: string, lang: Lang): string => pick(SOURCES, source, lang) ?? source;
