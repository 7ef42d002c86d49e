import { test } from 'node:test';
import assert from 'node:assert/strict';
import { auditActionLabel, objectTypeLabel, sourceLabel } from './labels.ts';

test('codes read as words in both languages, an unknown code stays as it is', () => {
  assert.equal(auditActionLabel('auth.login', 'vi'), 'Đăng nhập');
  assert.equal(auditActionLabel('report.withdraw', 'vi'), 'Rút lại báo cáo để sửa');
  assert.equal(auditActionLabel('report.withdraw', 'en'), 'Report withdrawn to correct');
  assert.equal(auditActionLabel('something.new', 'vi'), 'something.new');
  assert.equal(objectTypeLabel('report_status', 'vi'), 'Báo cáo');
  assert.equal(sourceLabel('EXCEL', 'vi'), 'Tệp Excel');
  assert.equal(sourceLabel('FORM', 'en'), 'Form');
});
