import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkBeforeCouncil, checkWindowLength, publicCommentRuleOn, workingDaysBetween } from './public-comment.ts';

const rule = publicCommentRuleOn('2024-11-26')!;

test('Decree 98/2023, Article 46 clause 2: the list is public "ít nhất 10 ngày làm việc trước khi họp hội đồng"', () => {
  assert.equal(rule.code, 'ND98_2023_D46');
  assert.match(rule.article, /Điều 46 khoản 2/);
  // 26/11/2024 (Tuesday) to 09/12/2024 (Monday): ten working days, as the Ministry of Industry and Trade's notice counts them.
  assert.equal(workingDaysBetween('2024-11-26', '2024-12-09'), 10);
  assert.equal(checkWindowLength(rule, { opensOn: '2024-11-26', closesOn: '2024-12-09' }).ok, true);
  const short = checkWindowLength(rule, { opensOn: '2024-11-26', closesOn: '2024-12-06' });
  assert.equal(short.ok, false);
  assert.match(short.reasonVi, /9 ngày làm việc, cần ít nhất 10/);
  assert.equal(checkWindowLength(rule, { opensOn: '2024-12-09', closesOn: '2024-11-26' }).ok, false);
});

test('a nomination for Chiến sĩ thi đua toàn quốc goes to the council only after its comment period has ended', () => {
  const w = { opensOn: '2024-11-26', closesOn: '2024-12-09' };
  assert.equal(checkBeforeCouncil(rule, 'CSTD_TQ', null, '2024-12-20').ok, false);
  const during = checkBeforeCouncil(rule, 'CSTD_TQ', w, '2024-12-09');
  assert.equal(during.ok, false);
  assert.match(during.reasonVi, /đến hết ngày 09\/12\/2024/);
  assert.equal(checkBeforeCouncil(rule, 'CSTD_TQ', w, '2024-12-10').ok, true);
  // Titles the rule does not name need no period.
  assert.equal(checkBeforeCouncil(rule, 'CSTD_BO', null, '2024-12-10').ok, true);
  // Before the Law of 2022 (Decree 91/2017 had its own clause, not modelled) and from Decree 152/2025.
  assert.equal(publicCommentRuleOn('2023-06-01'), null);
  assert.equal(publicCommentRuleOn('2025-07-01')!.code, 'ND152_2025_D60');
  assert.ok(
    [rule, publicCommentRuleOn('2025-07-01')!].every((r) => r.confirmed === false),
    'both marked unconfirmed',
  );
});
