import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { accountKeyOf, addToCounts, checkAfterRequest, emptyCounts, judgeCase, normaliseCaseUrl, periodOfCase, repeatOffenders, responseRuleFor, scoreOf, type Threshold } from './takedown.ts';

const at = (s: string) => new Date(s);
const sent = at('2025-03-10T09:00:00+07:00');

describe('the 24 hours of Nghị định 147/2024/NĐ-CP', () => {
  // Điều 23 khoản 2: "… chậm nhất 24 giờ kể từ khi có yêu cầu": an answer at the 24th hour is on time, a minute later is not.
  test('a removal answered exactly 24 hours after the request is within the deadline', () => {
    const j = judgeCase({ sentAt: sent, answers: [{ id: 1, outcome: 'REMOVED', answeredAt: at('2025-03-11T09:00:00+07:00') }], rechecks: [] });
    assert.equal(j.rule, 'ND147_2024_D23');
    assert.equal(j.outcome, 'REMOVED');
    assert.equal(j.hoursToAct, 24);
    assert.equal(j.withinDeadline, true);
  });
  test('one minute past the 24 hours is late, though still counted as removed', () => {
    const j = judgeCase({ sentAt: sent, answers: [{ id: 1, outcome: 'REMOVED', answeredAt: at('2025-03-11T09:01:00+07:00') }], rechecks: [] });
    assert.equal(j.outcome, 'REMOVED');
    assert.equal(j.withinDeadline, false);
  });
  test("the decree applies to requests sent from 25/12/2024 (Vietnamese day); before it, the ministry's 24-hour request", () => {
    assert.equal(responseRuleFor(at('2024-12-24T23:59:00+07:00')).id, 'BTTTT_24H_PRE147');
    assert.equal(responseRuleFor(at('2024-12-24T17:30:00Z')).id, 'ND147_2024_D23'); // 00:30 on 25/12 in Hà Nội
    assert.equal(responseRuleFor(at('2023-06-01T10:00:00+07:00')).hours, 24);
  });
  test('geo-blocking is acting: a block within 24 hours then a removal later is within the deadline, counted as removed', () => {
    const j = judgeCase({
      sentAt: sent,
      answers: [
        { id: 2, outcome: 'REMOVED', answeredAt: at('2025-03-13T09:00:00+07:00') },
        { id: 1, outcome: 'GEO_BLOCKED', answeredAt: at('2025-03-10T20:00:00+07:00') },
      ],
      rechecks: [],
    });
    assert.equal(j.outcome, 'REMOVED');
    assert.equal(j.hoursToAct, 11);
    assert.equal(j.withinDeadline, true);
  });
  test('a refusal is never within the deadline, even when it came quickly', () => {
    const j = judgeCase({ sentAt: sent, answers: [{ id: 1, outcome: 'REFUSED', answeredAt: at('2025-03-10T10:00:00+07:00') }], rechecks: [] });
    assert.equal(j.outcome, 'REFUSED');
    assert.equal(j.withinDeadline, false);
  });
});

describe('what a case counts as', () => {
  test('no answer recorded is NO_ANSWER; the latest answer counts', () => {
    assert.equal(judgeCase({ sentAt: sent, answers: [], rechecks: [] }).outcome, 'NO_ANSWER');
    const j = judgeCase({
      sentAt: sent,
      answers: [
        { id: 1, outcome: 'REFUSED', answeredAt: at('2025-03-11T09:00:00+07:00') },
        { id: 2, outcome: 'GEO_BLOCKED', answeredAt: at('2025-03-15T09:00:00+07:00') },
      ],
      rechecks: [],
    });
    assert.equal(j.outcome, 'GEO_BLOCKED');
    assert.equal(j.withinDeadline, false);
  });
  test('a re-check after the removal that found the item still there makes it STILL_PRESENT; one before it does not', () => {
    const answers = [{ id: 1, outcome: 'REMOVED' as const, answeredAt: at('2025-03-10T15:00:00+07:00') }];
    const later = judgeCase({ sentAt: sent, answers, rechecks: [{ id: 1, checkedAt: at('2025-03-12T08:00:00+07:00'), isPresent: true }] });
    assert.equal(later.outcome, 'STILL_PRESENT');
    assert.equal(later.withinDeadline, false);
    const earlier = judgeCase({ sentAt: sent, answers, rechecks: [{ id: 1, checkedAt: at('2025-03-10T12:00:00+07:00'), isPresent: true }] });
    assert.equal(earlier.outcome, 'REMOVED');
    const gone = judgeCase({ sentAt: sent, answers, rechecks: [{ id: 1, checkedAt: at('2025-03-11T08:00:00+07:00'), isPresent: false }] });
    assert.equal(gone.outcome, 'REMOVED');
    assert.equal(gone.confirmedGone, true);
  });
  test('the period is the Vietnamese month the request was sent in, not the month of the answer', () => {
    assert.equal(periodOfCase(at('2023-01-31T23:30:00+07:00')), '202301');
    assert.equal(periodOfCase(at('2023-01-31T17:30:00Z')), '202302'); // 00:30 on 1/2 in Hà Nội
  });
});

describe('rates per item, not per request letter', () => {
  test('removal and geo-blocking are counted apart and together; the rate is over items', () => {
    const c = emptyCounts();
    for (let i = 0; i < 90; i++) addToCounts(c, { outcome: 'REMOVED', withinDeadline: i < 80 });
    for (let i = 0; i < 4; i++) addToCounts(c, { outcome: 'GEO_BLOCKED', withinDeadline: true });
    for (let i = 0; i < 3; i++) addToCounts(c, { outcome: 'REFUSED', withinDeadline: false });
    for (let i = 0; i < 2; i++) addToCounts(c, { outcome: 'NO_ANSWER', withinDeadline: false });
    addToCounts(c, { outcome: 'STILL_PRESENT', withinDeadline: false });
    const s = scoreOf(c);
    assert.equal(s.requests, 100);
    assert.deepEqual(s.rates, { removed: 90, geoBlocked: 4, removedOrBlocked: 94, refused: 3, noAnswer: 2, stillPresent: 1, withinDeadline: 84 });
  });
  test('nothing requested: no rate rather than 0 %', () => {
    assert.equal(scoreOf(emptyCounts()).rates.removed, null);
  });
});

describe('input checks', () => {
  test('URLs: http(s) with a host only', () => {
    assert.equal(normaliseCaseUrl(' https://www.facebook.com/abc/posts/1 '), 'https://www.facebook.com/abc/posts/1');
    assert.equal(normaliseCaseUrl('facebook.com/abc'), null);
    assert.equal(normaliseCaseUrl('javascript:alert(1)'), null);
    assert.equal(normaliseCaseUrl('https://localhost/x'), null);
    assert.equal(normaliseCaseUrl('https://exa mple.com/'), null);
  });
  test('accounts: case, a leading @ and a trailing / are the same account', () => {
    assert.equal(accountKeyOf('@KenhABC'), 'kenhabc');
    assert.equal(accountKeyOf('https://www.youtube.com/@KenhABC/'), 'https://www.youtube.com/@kenhabc');
    assert.equal(accountKeyOf('  '), null);
  });
  test('an answer before the request is refused, naming the field', () => {
    const p = checkAfterRequest(sent, at('2025-03-10T08:00:00+07:00'), at('2025-04-01T00:00:00Z'), 'answeredAt', { vi: 'Thời điểm trả lời', en: 'answer time' });
    assert.equal(p.length, 1);
    assert.equal(p[0].field, 'answeredAt');
    assert.match(p[0].vi, /trước thời điểm gửi yêu cầu \(10\/03\/2025 09:00\)/);
    assert.equal(checkAfterRequest(sent, at('2025-03-10T09:00:00+07:00'), at('2025-04-01T00:00:00Z'), 'answeredAt', { vi: 'x', en: 'x' }).length, 0);
  });
});

describe('repeat offenders in rolling 30 and 90 days', () => {
  // Nghị định 147/2024/NĐ-CP, Điều 23 khoản 2: 05 lần trong 30 ngày, 10 lần trong 90 ngày (as stored in takedown_threshold).
  const thresholds: Threshold[] = [
    { windowDays: 30, minCount: 5, effectiveFrom: '2024-12-25', effectiveTo: null, legalBasis: 'NĐ 147/2024 Đ23' },
    { windowDays: 90, minCount: 10, effectiveFrom: '2024-12-25', effectiveTo: null, legalBasis: 'NĐ 147/2024 Đ23' },
  ];
  const day = (d: string) => at(`${d}T10:00:00+07:00`);
  test('five cases within the 30 days ending today flag the account; the window starts 29 days before', () => {
    const cases = ['2025-03-02', '2025-03-10', '2025-03-15', '2025-03-20', '2025-03-31'].map((d) => ({ platform: 'FACEBOOK', accountKey: 'kenh-x', sentAt: day(d) }));
    const flagged = repeatOffenders(cases, '2025-03-31', thresholds);
    assert.equal(flagged.length, 1);
    assert.deepEqual(flagged[0].counts, { 30: 5, 90: 5 });
    assert.equal(flagged[0].reached.length, 1);
    assert.equal(flagged[0].reached[0].windowDays, 30);
    // On 1/4 the case of 2/3 has left the 30-day window.
    assert.equal(repeatOffenders(cases, '2025-04-01', thresholds).length, 0);
  });
  test('ten in 90 days flag through the 90-day threshold; other platforms and unnamed accounts do not add up', () => {
    const cases = Array.from({ length: 10 }, (_, i) => ({ platform: 'TIKTOK', accountKey: 'a', sentAt: day(`2025-0${1 + Math.floor(i / 4)}-1${i % 4}`) }));
    cases.push({ platform: 'YOUTUBE', accountKey: 'a', sentAt: day('2025-03-01') });
    cases.push({ platform: 'TIKTOK', accountKey: null as unknown as string, sentAt: day('2025-03-01') });
    const flagged = repeatOffenders(cases, '2025-03-31', thresholds);
    assert.equal(flagged.length, 1);
    assert.equal(flagged[0].platform, 'TIKTOK');
    assert.equal(flagged[0].counts[90], 10);
    assert.deepEqual(
      flagged[0].reached.map((t) => t.windowDays),
      [90],
    );
  });
  test('thresholds follow their effective period: none in force, none flagged', () => {
    const cases = Array.from({ length: 6 }, () => ({ platform: 'FACEBOOK', accountKey: 'k', sentAt: day('2024-12-01') }));
    assert.equal(repeatOffenders(cases, '2024-12-10', thresholds).length, 0);
  });
});
