import { test } from 'node:test';
import assert from 'node:assert/strict';
import { uploadOutcome, uploadProblemText } from './upload-messages.ts';

test('a cell is named once', () => {
  assert.equal(uploadProblemText("'Biểu 01'!E9", "Trang 'Biểu 01', ô E9: '512,5' không phải số nguyên", 'vi', true), "Trang 'Biểu 01', ô E9: '512,5' không phải số nguyên");
  assert.equal(uploadProblemText("'Biểu 01'!E9", 'không phải số nguyên', 'vi', true), "Trang 'Biểu 01', ô E9: không phải số nguyên");
  assert.equal(uploadProblemText("'Form 01'!E9", 'not a whole number', 'en', true), "Sheet 'Form 01', cell E9: not a whole number");
  assert.equal(uploadProblemText("'Biểu 02'", 'các mã ẩn đã bị sửa', 'vi', true), "Trang 'Biểu 02': các mã ẩn đã bị sửa");
});

test('a problem of the whole file is not said twice under its headline', () => {
  assert.equal(uploadProblemText('file', 'Tệp không phải là tệp Excel .xlsx hợp lệ', 'vi', true), null);
  assert.equal(uploadProblemText('file', 'Tệp không phải là tệp Excel .xlsx hợp lệ', 'vi', false), 'Tệp không phải là tệp Excel .xlsx hợp lệ');
});

test('an unchanged file says nothing changed rather than "0 values imported"', () => {
  assert.deepEqual(uploadOutcome({ imported: 0, updated: 0, deleted: 0, ignored: 12, total: 12 }), { kind: 'unchanged', count: 12 });
  assert.deepEqual(uploadOutcome({ imported: 2, updated: 1, deleted: 0, ignored: 9, total: 12 }), { kind: 'changed', count: 3 });
  assert.deepEqual(uploadOutcome({ imported: 0, updated: 0, deleted: 0, ignored: 0, total: 0 }), { kind: 'empty' });
});
