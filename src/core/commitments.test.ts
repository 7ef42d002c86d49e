import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { checkCommitment, commitmentForecast, commitmentOutcome, judgeCommitment, resultOutcome, type LinkFact } from './commitments.ts';

const task = (over: Partial<Extract<LinkFact, { kind: 'TASK' }>> = {}): LinkFact => ({
  kind: 'TASK',
  id: 1,
  title: 'Nhiệm vụ',
  status: 'OPEN_ON_TIME',
  progressPercent: 0,
  startDate: '2022-07-01',
  effectiveDueDate: '2022-12-31',
  doneOn: null,
  awaitingConfirmation: false,
  ...over,
});
const target = (status: Extract<LinkFact, { kind: 'TARGET' }>['status'], isEnded = true): LinkFact => ({ kind: 'TARGET', id: 9, label: 'Tỷ lệ gỡ bỏ 2023', status, isEnded });
const period = { startDate: '2022-07-01', endDate: '2023-06-30' };

describe('commitments: the outcome at the period end', () => {
  test('all results met → met; some → partly; none → not met', () => {
    assert.equal(commitmentOutcome(['MET', 'MET']), 'MET');
    assert.equal(commitmentOutcome(['MET', 'NOT_MET']), 'PARTLY_MET');
    assert.equal(commitmentOutcome(['PARTLY_MET', 'NOT_MET']), 'PARTLY_MET');
    assert.equal(commitmentOutcome(['NOT_MET', 'INSUFFICIENT_DATA']), 'NOT_MET');
  });

  test('a result with insufficient data is never counted as met', () => {
    assert.equal(commitmentOutcome(['MET', 'INSUFFICIENT_DATA']), 'PARTLY_MET');
    assert.equal(resultOutcome(['INSUFFICIENT_DATA', 'INSUFFICIENT_DATA']), 'INSUFFICIENT_DATA');
    assert.equal(resultOutcome(['MET', 'INSUFFICIENT_DATA']), 'PARTLY_MET');
    // A cancelled task is not counted at all.
    assert.equal(resultOutcome(['MET', 'EXCLUDED']), 'MET');
    assert.equal(resultOutcome(['EXCLUDED']), 'INSUFFICIENT_DATA');
  });

  test('tasks: done on time within the period is met; done late, open, or done after the end is not', () => {
    const today = '2023-07-15';
    const j = judgeCommitment(
      {
        ...period,
        results: [
          { id: 1, title: 'Đúng hạn', links: [task({ status: 'DONE_ON_TIME', doneOn: '2022-12-20' })] },
          { id: 2, title: 'Quá hạn', links: [task({ status: 'DONE_LATE', doneOn: '2023-01-10' })] },
          { id: 3, title: 'Chưa xong', links: [task({ status: 'OPEN_OVERDUE', progressPercent: 80 })] },
          { id: 4, title: 'Xong sau cam kết', links: [task({ status: 'DONE_ON_TIME', effectiveDueDate: '2023-12-31', doneOn: '2023-07-10' })] },
        ],
      },
      today,
    );
    assert.equal(j.phase, 'ENDED');
    assert.deepEqual(
      j.results.map((r) => r.outcome),
      ['MET', 'NOT_MET', 'NOT_MET', 'NOT_MET'],
    );
    assert.equal(j.outcome, 'PARTLY_MET');
    assert.match(j.results[1].links[0].reasonVi, /hoàn thành quá hạn/);
    assert.match(j.results[3].links[0].reasonVi, /sau khi hết thời hạn cam kết/);
    assert.equal(j.forecast, null);
  });

  test('targets: met or achieved → met; missed or not reached at the end → not met; incomplete → insufficient data', () => {
    const j = judgeCommitment(
      {
        ...period,
        results: [
          { id: 1, title: 'Đạt', links: [target('MET')] },
          { id: 2, title: 'Không đạt', links: [target('MISSED')] },
          { id: 3, title: 'Chưa đủ', links: [target('INSUFFICIENT_DATA')] },
          { id: 4, title: 'Chưa tới', links: [target('ON_TRACK', false)] },
        ],
      },
      '2023-07-01',
    );
    assert.deepEqual(
      j.results.map((r) => r.outcome),
      ['MET', 'NOT_MET', 'INSUFFICIENT_DATA', 'NOT_MET'],
    );
    assert.match(j.results[3].links[0].reasonVi, /chưa đạt khi hết thời hạn cam kết/);
  });

  test('a reviewer-judged result takes the verdict; without one it has insufficient data', () => {
    const all = judgeCommitment({ ...period, results: [{ id: 1, title: 'A', links: [{ kind: 'REVIEW', verdict: 'MET', evidenceCount: 1 }] }] }, '2023-08-01');
    assert.equal(all.outcome, 'MET');
    const none = judgeCommitment({ ...period, results: [{ id: 1, title: 'A', links: [{ kind: 'REVIEW', verdict: null, evidenceCount: 0 }] }] }, '2023-08-01');
    assert.equal(none.results[0].outcome, 'INSUFFICIENT_DATA');
    assert.equal(none.outcome, 'NOT_MET');
    const partly = judgeCommitment({ ...period, results: [{ id: 1, title: 'A', links: [{ kind: 'REVIEW', verdict: 'PARTLY_MET', evidenceCount: 2 }] }] }, '2023-08-01');
    assert.equal(partly.outcome, 'PARTLY_MET');
  });

  test('the last day of the period still belongs to it', () => {
    const facts = { ...period, results: [{ id: 1, title: 'A', links: [task({ status: 'DONE_ON_TIME', doneOn: '2022-09-01' })] }] };
    assert.equal(judgeCommitment(facts, '2023-06-30').phase, 'IN_PROGRESS');
    assert.equal(judgeCommitment(facts, '2023-07-01').phase, 'ENDED');
    assert.equal(judgeCommitment(facts, '2022-06-30').phase, 'NOT_STARTED');
  });
});

describe('commitments: the forecast during the period', () => {
  test('an open task keeps pace with the time elapsed, or lags beyond the tolerance and is at risk', () => {
    // 1/10/2022: 92 of 183 days of the task have passed (50 %).
    const today = '2022-10-01';
    const onPace = judgeCommitment({ ...period, results: [{ id: 1, title: 'A', links: [task({ progressPercent: 45 })] }] }, today);
    assert.equal(onPace.results[0].forecast, 'ON_TRACK');
    assert.equal(onPace.forecast, 'LIKELY_MET');
    assert.equal(onPace.isAtRisk, false);
    const lagging = judgeCommitment({ ...period, results: [{ id: 1, title: 'A', links: [task({ progressPercent: 20 })] }] }, today);
    assert.equal(lagging.results[0].forecast, 'AT_RISK');
    assert.equal(lagging.forecast, 'AT_RISK');
    assert.equal(lagging.isAtRisk, true);
    assert.match(lagging.results[0].links[0].reasonVi, /tiến độ 20 % so với thời gian đã qua 50 %/);
  });

  test('a task due after the commitment ends is paced to the commitment end', () => {
    const facts = { startDate: '2022-07-01', endDate: '2022-09-30', results: [{ id: 1, title: 'A', links: [task({ effectiveDueDate: '2023-06-30', progressPercent: 30 })] }] };
    // Half of the commitment (to 30/9) has passed but only about a sixth of the task's own time.
    assert.equal(judgeCommitment(facts, '2022-08-15').results[0].forecast, 'AT_RISK');
  });

  test('overdue or late tasks and off-track targets cannot be met; unknown targets keep it at risk', () => {
    const j = judgeCommitment(
      {
        ...period,
        results: [
          { id: 1, title: 'A', links: [task({ status: 'OPEN_OVERDUE', effectiveDueDate: '2022-08-31' })] },
          { id: 2, title: 'B', links: [target('OFF_TRACK', false)] },
        ],
      },
      '2022-10-01',
    );
    assert.deepEqual(
      j.results.map((r) => r.forecast),
      ['NOT_MET', 'NOT_MET'],
    );
    assert.equal(j.forecast, 'LIKELY_NOT_MET');
    assert.equal(commitmentForecast(['ON_TRACK', 'UNKNOWN']), 'AT_RISK');
    const targetsOnTrack = judgeCommitment({ ...period, results: [{ id: 1, title: 'A', links: [target('ON_TRACK', false), target('ACHIEVED', false)] }] }, '2022-10-01');
    assert.equal(targetsOnTrack.forecast, 'LIKELY_MET');
  });
});

describe('commitments: input checks', () => {
  test('a result linked to nothing measurable and not reviewer-judged is refused, naming its field', () => {
    const problems = checkCommitment({
      startDate: '2022-07-01',
      endDate: '2023-06-30',
      results: [
        { title: 'Có nhiệm vụ', tasks: [1], targets: [], reviewerJudged: false },
        { title: 'Không đo được', tasks: [], targets: [], reviewerJudged: false },
        { title: 'Người đánh giá', tasks: [], targets: [], reviewerJudged: true },
      ],
    });
    assert.deepEqual(
      problems.map((p) => p.field),
      ['results[1].tasks'],
    );
    assert.match(problems[0].vi, /Kết quả 2 \("Không đo được"\) không gắn với nhiệm vụ hay mục tiêu nào/);
    assert.match(problems[0].en, /cannot be measured/);
  });

  test('an end before the start, no result, or a reviewer-judged result with links are refused', () => {
    const problems = checkCommitment({ startDate: '2023-06-30', endDate: '2022-07-01', results: [] });
    assert.deepEqual(
      problems.map((p) => p.field),
      ['endDate', 'results'],
    );
    assert.match(problems[0].vi, /01\/07\/2022/);
    const mixed = checkCommitment({ startDate: '2022-07-01', endDate: '2023-06-30', results: [{ title: 'A', tasks: [], targets: [3], reviewerJudged: true }] });
    assert.deepEqual(
      mixed.map((p) => p.field),
      ['results[0].reviewerJudged'],
    );
  });
});
