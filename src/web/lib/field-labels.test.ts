import { test } from 'node:test';
import assert from 'node:assert/strict';
import { labelForPath, pathNames } from './field-labels.ts';

const labels = {
  name: 'Tên phiên bản',
  'config.latePenalty': 'Trừ khi chậm tiến độ (%)',
  'config.thresholds': 'Ngưỡng điểm',
  'config.thresholds.HTNV': 'Hoàn thành nhiệm vụ',
  'config.productKinds[0].factor': 'Báo cáo',
};

test("a request's path names the form's field by its label, whatever part of the request it came from", () => {
  assert.equal(labelForPath('body.config.latePenalty', labels), 'Trừ khi chậm tiến độ (%)');
  assert.equal(labelForPath('config.latePenalty', labels), 'Trừ khi chậm tiến độ (%)');
  assert.equal(labelForPath('querystring.name', labels), 'Tên phiên bản');
  assert.equal(labelForPath('query.name', labels), 'Tên phiên bản');
  assert.equal(labelForPath('body.config.productKinds[0].factor', labels), 'Báo cáo');
});

test('the most specific field wins: a threshold is not the group of thresholds', () => {
  assert.equal(labelForPath('body.config.thresholds.HTNV', labels), 'Hoàn thành nhiệm vụ');
  assert.equal(labelForPath('body.config.thresholds', labels), 'Ngưỡng điểm');
});

test('a path that names none of the fields, or no labels at all, gives no label (the summary shows the message alone)', () => {
  assert.equal(labelForPath('body.config.qualityPenalty', labels), null);
  // A key is a whole segment: 'name' does not name 'body.displayName'.
  assert.equal(labelForPath('body.displayName', labels), null);
  assert.equal(labelForPath('body.config.productKinds[1].factor', labels), null);
  assert.equal(labelForPath('body.config.latePenalty', undefined), null);
  assert.equal(labelForPath('', labels), null);
  assert.equal(labelForPath(undefined, labels), null);
});

test('pathNames is the rule fieldError uses', () => {
  assert.ok(pathNames('body.username', 'username'));
  assert.ok(pathNames('username', 'username'));
  assert.ok(!pathNames('body.otherusername', 'username'));
});
