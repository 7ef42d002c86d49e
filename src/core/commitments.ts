/**
 * Commitments (cam kết): an official taking a post commits to named, measurable results within a period.
 * Each result is measured by the tasks or targets it is linked to, or judged by a reviewer with evidence.
 * This file is the rule that turns those facts into an outcome (at the period's end) or a forecast (during it).
 * Dates are Vietnamese calendar days ('YYYY-MM-DD').
 *
 * The rule (docs/commitments.md):
 * - A linked task counts as met when it was done on time (confirmed, reported on or before its due date, the
 *   extended one when an extension was approved) and no later than the commitment's end; done late or still
 *   open counts as not met; a cancelled task is not counted.
 * - A linked target counts by its stored evaluation (submitted and approved figures only, never drafts):
 *   met or already achieved → met; missed, or not reached when the commitment ends → not met; not complete
 *   enough to be judged (or no data) → insufficient data.
 * - A reviewer-judged result takes the reviewer's verdict (met, partly met, not met); without one it has
 *   insufficient data.
 * - A result is met when every counted link is met, partly met when some are, not met when none is;
 *   insufficient data when no link could be judged. Insufficient data is never counted as met.
 * - The commitment is met when every result is met, not met when no result is met or partly met, and
 *   partly met otherwise.
 * - During the period a forecast replaces the outcome: a task done on time is met; an open task is on track
 *   when its reported progress keeps pace with the time elapsed towards its deadline (or the commitment's end,
 *   if earlier), at risk when it lags by more than PROGRESS_TOLERANCE points, not met once overdue or done late;
 *   a target follows the target's own forecast (on track / achieved → on track, at risk → at risk, off track or
 *   missed → not met, no judgeable data → unknown). The commitment will be met when every result is on track,
 *   will not be met when no result can still be met, and is at risk otherwise.
 */
import type { TaskStatus } from './tasks.ts';
import type { TargetStatus } from './forecast.ts';
import { daysBetween } from './tasks.ts';

export const OUTCOMES = ['MET', 'PARTLY_MET', 'NOT_MET'] as const;
export type Outcome = (typeof OUTCOMES)[number];
export const RESULT_OUTCOMES = [...OUTCOMES, 'INSUFFICIENT_DATA'] as const;
export type ResultOutcome = (typeof RESULT_OUTCOMES)[number];

/** During the period: whether a result will be met. */
export const RESULT_FORECASTS = ['ON_TRACK', 'AT_RISK', 'NOT_MET', 'UNKNOWN'] as const;
export type ResultForecast = (typeof RESULT_FORECASTS)[number];

export const FORECASTS = ['LIKELY_MET', 'AT_RISK', 'LIKELY_NOT_MET'] as const;
export type CommitmentForecast = (typeof FORECASTS)[number];

/** How one link stands: judged (at the end) or foreseen (during the period). */
export const LINK_STATES = ['MET', 'PARTLY_MET', 'NOT_MET', 'INSUFFICIENT_DATA', 'EXCLUDED', 'ON_TRACK', 'AT_RISK', 'UNKNOWN'] as const;
export type LinkState = (typeof LINK_STATES)[number];

/** Points of progress an open task may lag behind the time elapsed before it is at risk. */
export const PROGRESS_TOLERANCE = 10;

export type LinkFact =
  | {
      kind: 'TASK';
      id: number;
      title: string;
      status: TaskStatus;
      progressPercent: number;
      startDate: string;
      effectiveDueDate: string;
      doneOn: string | null;
      awaitingConfirmation: boolean;
    }
  | { kind: 'TARGET'; id: number; label: string; status: TargetStatus; isEnded: boolean }
  | { kind: 'REVIEW'; verdict: Outcome | null; evidenceCount: number };

export interface ResultFacts {
  id: number;
  title: string;
  links: LinkFact[];
}

export interface CommitmentFacts {
  startDate: string;
  endDate: string;
  results: ResultFacts[];
}

export interface LinkJudgement {
  state: LinkState;
  reasonVi: string;
  reasonEn: string;
}

export interface ResultJudgement {
  id: number;
  title: string;
  /** At the end: the result's outcome; during the period: null. */
  outcome: ResultOutcome | null;
  /** During the period: whether the result will be met; at the end: null. */
  forecast: ResultForecast | null;
  links: LinkJudgement[];
}

export interface CommitmentJudgement {
  /** NOT_STARTED before the start date, IN_PROGRESS until the end date (inclusive), ENDED after it. */
  phase: 'NOT_STARTED' | 'IN_PROGRESS' | 'ENDED';
  outcome: Outcome | null;
  forecast: CommitmentForecast | null;
  /** Whether leadership should look at it: a forecast other than "will be met" while it runs. */
  isAtRisk: boolean;
  /** Share of the period elapsed, 0–1. */
  elapsed: number;
  results: ResultJudgement[];
  reasonVi: string;
  reasonEn: string;
}

const fmt = (day: string) => `${day.slice(8, 10)}/${day.slice(5, 7)}/${day.slice(0, 4)}`;

function judgeTaskAtEnd(t: Extract<LinkFact, { kind: 'TASK' }>, end: string): LinkJudgement {
  if (t.status === 'CANCELLED') return { state: 'EXCLUDED', reasonVi: `Nhiệm vụ "${t.title}" đã huỷ, không tính`, reasonEn: `Task "${t.title}" was cancelled and is not counted` };
  if (t.status === 'DONE_ON_TIME') {
    if (t.doneOn !== null && t.doneOn <= end)
      return { state: 'MET', reasonVi: `Nhiệm vụ "${t.title}" hoàn thành đúng hạn (${fmt(t.doneOn)})`, reasonEn: `Task "${t.title}" was done on time (${fmt(t.doneOn)})` };
    return { state: 'NOT_MET', reasonVi: `Nhiệm vụ "${t.title}" hoàn thành sau khi hết thời hạn cam kết`, reasonEn: `Task "${t.title}" was done after the commitment ended` };
  }
  if (t.status === 'DONE_LATE')
    return {
      state: 'NOT_MET',
      reasonVi: `Nhiệm vụ "${t.title}" hoàn thành quá hạn (${t.doneOn ? fmt(t.doneOn) : ''}, hạn ${fmt(t.effectiveDueDate)})`,
      reasonEn: `Task "${t.title}" was done late (${t.doneOn ? fmt(t.doneOn) : ''}, due ${fmt(t.effectiveDueDate)})`,
    };
  if (t.awaitingConfirmation)
    return { state: 'NOT_MET', reasonVi: `Nhiệm vụ "${t.title}" báo cáo hoàn thành nhưng chưa được xác nhận`, reasonEn: `Task "${t.title}" was reported done but not confirmed` };
  return { state: 'NOT_MET', reasonVi: `Nhiệm vụ "${t.title}" chưa hoàn thành (tiến độ ${t.progressPercent} %)`, reasonEn: `Task "${t.title}" is not done (progress ${t.progressPercent} %)` };
}

function foreseeTask(t: Extract<LinkFact, { kind: 'TASK' }>, end: string, today: string): LinkJudgement {
  if (t.status === 'CANCELLED' || t.status === 'DONE_LATE' || (t.status === 'DONE_ON_TIME' && t.doneOn !== null && t.doneOn <= end)) return judgeTaskAtEnd(t, end);
  if (t.status === 'OPEN_OVERDUE')
    return { state: 'NOT_MET', reasonVi: `Nhiệm vụ "${t.title}" đã quá hạn (${fmt(t.effectiveDueDate)})`, reasonEn: `Task "${t.title}" is overdue (due ${fmt(t.effectiveDueDate)})` };
  if (t.awaitingConfirmation)
    return { state: 'ON_TRACK', reasonVi: `Nhiệm vụ "${t.title}" đã báo cáo hoàn thành, chờ xác nhận`, reasonEn: `Task "${t.title}" was reported done and awaits confirmation` };
  const deadline = t.effectiveDueDate < end ? t.effectiveDueDate : end;
  const span = Math.max(1, daysBetween(t.startDate, deadline));
  const expected = Math.round(Math.min(1, Math.max(0, daysBetween(t.startDate, today) / span)) * 100);
  if (t.progressPercent + PROGRESS_TOLERANCE >= expected) {
    return {
      state: 'ON_TRACK',
      reasonVi: `Nhiệm vụ "${t.title}": tiến độ ${t.progressPercent} %, thời gian đã qua ${expected} %`,
      reasonEn: `Task "${t.title}": progress ${t.progressPercent} %, time elapsed ${expected} %`,
    };
  }
  return {
    state: 'AT_RISK',
    reasonVi: `Nhiệm vụ "${t.title}" chậm: tiến độ ${t.progressPercent} % so với thời gian đã qua ${expected} %`,
    reasonEn: `Task "${t.title}" lags: progress ${t.progressPercent} % against ${expected} % of the time elapsed`,
  };
}

const TARGET_WORDS: Record<TargetStatus, { vi: string; en: string }> = {
  ACHIEVED: { vi: 'đã đạt mục tiêu', en: 'has reached the target' },
  ON_TRACK: { vi: 'đúng hướng', en: 'on track' },
  AT_RISK: { vi: 'có nguy cơ không đạt', en: 'at risk' },
  OFF_TRACK: { vi: 'dự báo không đạt', en: 'off track' },
  MET: { vi: 'đạt mục tiêu', en: 'met' },
  MISSED: { vi: 'không đạt mục tiêu', en: 'missed' },
  NO_DATA: { vi: 'chưa có số liệu', en: 'has no data' },
  INSUFFICIENT_DATA: { vi: 'chưa đủ số liệu để đánh giá', en: 'has insufficient data' },
};

function judgeTarget(t: Extract<LinkFact, { kind: 'TARGET' }>, atEnd: boolean): LinkJudgement {
  const w = TARGET_WORDS[t.status];
  const reasonVi = `Mục tiêu "${t.label}" ${w.vi}`;
  const reasonEn = `Target "${t.label}" ${w.en}`;
  const state: LinkState = atEnd
    ? ({ MET: 'MET', ACHIEVED: 'MET', MISSED: 'NOT_MET', ON_TRACK: 'NOT_MET', AT_RISK: 'NOT_MET', OFF_TRACK: 'NOT_MET', NO_DATA: 'INSUFFICIENT_DATA', INSUFFICIENT_DATA: 'INSUFFICIENT_DATA' }[
        t.status
      ] as LinkState)
    : ({ MET: 'MET', ACHIEVED: 'MET', ON_TRACK: 'ON_TRACK', AT_RISK: 'AT_RISK', OFF_TRACK: 'NOT_MET', MISSED: 'NOT_MET', NO_DATA: 'UNKNOWN', INSUFFICIENT_DATA: 'UNKNOWN' }[t.status] as LinkState);
  if (atEnd && !t.isEnded && state === 'NOT_MET') return { state, reasonVi: `${reasonVi}; chưa đạt khi hết thời hạn cam kết`, reasonEn: `${reasonEn}; not reached when the commitment ended` };
  return { state, reasonVi, reasonEn };
}

const VERDICT_WORDS: Record<Outcome, { vi: string; en: string }> = {
  MET: { vi: 'đạt', en: 'met' },
  PARTLY_MET: { vi: 'đạt một phần', en: 'partly met' },
  NOT_MET: { vi: 'không đạt', en: 'not met' },
};

function judgeReview(r: Extract<LinkFact, { kind: 'REVIEW' }>, atEnd: boolean): LinkJudgement {
  if (r.verdict === null) {
    return atEnd
      ? { state: 'INSUFFICIENT_DATA', reasonVi: 'Chưa có kết luận của người đánh giá', reasonEn: 'No reviewer verdict yet' }
      : { state: 'UNKNOWN', reasonVi: 'Chờ người đánh giá kết luận', reasonEn: 'Waiting for the reviewer' };
  }
  const w = VERDICT_WORDS[r.verdict];
  const state: LinkState = atEnd || r.verdict !== 'PARTLY_MET' ? r.verdict : 'AT_RISK';
  return { state, reasonVi: `Người đánh giá kết luận: ${w.vi} (${r.evidenceCount} tệp minh chứng)`, reasonEn: `The reviewer's verdict: ${w.en} (${r.evidenceCount} evidence file(s))` };
}

/** A result's outcome from its links' states (judged at the end). */
export function resultOutcome(states: readonly LinkState[]): ResultOutcome {
  const counted = states.filter((s) => s !== 'EXCLUDED');
  if (counted.length === 0 || counted.every((s) => s === 'INSUFFICIENT_DATA')) return 'INSUFFICIENT_DATA';
  if (counted.every((s) => s === 'MET')) return 'MET';
  if (counted.some((s) => s === 'MET' || s === 'PARTLY_MET')) return 'PARTLY_MET';
  return 'NOT_MET';
}

/** A result's forecast from its links' states (during the period). */
export function resultForecast(states: readonly LinkState[]): ResultForecast {
  const counted = states.filter((s) => s !== 'EXCLUDED');
  if (counted.length === 0 || counted.every((s) => s === 'UNKNOWN')) return 'UNKNOWN';
  if (counted.every((s) => s === 'MET' || s === 'ON_TRACK')) return 'ON_TRACK';
  if (counted.every((s) => s === 'NOT_MET')) return 'NOT_MET';
  return 'AT_RISK';
}

/** The commitment's outcome from its results' outcomes: all met → met; none met or partly met → not met; else partly. */
export function commitmentOutcome(results: readonly ResultOutcome[]): Outcome {
  if (results.length > 0 && results.every((r) => r === 'MET')) return 'MET';
  if (results.some((r) => r === 'MET' || r === 'PARTLY_MET')) return 'PARTLY_MET';
  return 'NOT_MET';
}

/** The forecast from the results' forecasts: all on track → will be met; none can still be met → will not; else at risk. */
export function commitmentForecast(results: readonly ResultForecast[]): CommitmentForecast {
  if (results.length > 0 && results.every((r) => r === 'ON_TRACK')) return 'LIKELY_MET';
  if (results.length > 0 && results.every((r) => r === 'NOT_MET')) return 'LIKELY_NOT_MET';
  return 'AT_RISK';
}

const OUTCOME_WORDS: Record<Outcome, { vi: string; en: string }> = VERDICT_WORDS;
const FORECAST_WORDS: Record<CommitmentForecast, { vi: string; en: string }> = {
  LIKELY_MET: { vi: 'dự báo đạt', en: 'likely to be met' },
  AT_RISK: { vi: 'có nguy cơ không đạt', en: 'at risk' },
  LIKELY_NOT_MET: { vi: 'dự báo không đạt', en: 'likely not to be met' },
};

/** The commitment's outcome (after its end) or forecast (before), with each result's and link's reason, on a day. */
export function judgeCommitment(c: CommitmentFacts, today: string): CommitmentJudgement {
  const phase = today < c.startDate ? 'NOT_STARTED' : today > c.endDate ? 'ENDED' : 'IN_PROGRESS';
  const atEnd = phase === 'ENDED';
  const span = Math.max(1, daysBetween(c.startDate, c.endDate) + 1);
  const elapsed = Math.min(1, Math.max(0, (daysBetween(c.startDate, today) + 1) / span));
  const results: ResultJudgement[] = c.results.map((r) => {
    const links = r.links.map((l) =>
      l.kind === 'TASK' ? (atEnd ? judgeTaskAtEnd(l, c.endDate) : foreseeTask(l, c.endDate, today)) : l.kind === 'TARGET' ? judgeTarget(l, atEnd) : judgeReview(l, atEnd),
    );
    const states = links.map((l) => l.state);
    return { id: r.id, title: r.title, outcome: atEnd ? resultOutcome(states) : null, forecast: atEnd ? null : resultForecast(states), links };
  });
  if (atEnd) {
    const outcome = commitmentOutcome(results.map((r) => r.outcome as ResultOutcome));
    const met = results.filter((r) => r.outcome === 'MET').length;
    return {
      phase,
      outcome,
      forecast: null,
      isAtRisk: false,
      elapsed,
      results,
      reasonVi: `${results.length} kết quả: ${met} đạt; cam kết ${OUTCOME_WORDS[outcome].vi}`,
      reasonEn: `${results.length} result(s): ${met} met; the commitment is ${OUTCOME_WORDS[outcome].en}`,
    };
  }
  const forecast = commitmentForecast(results.map((r) => r.forecast as ResultForecast));
  const onTrack = results.filter((r) => r.forecast === 'ON_TRACK').length;
  return {
    phase,
    outcome: null,
    forecast,
    isAtRisk: forecast !== 'LIKELY_MET',
    elapsed,
    results,
    reasonVi: `${onTrack}/${results.length} kết quả đúng tiến độ; ${FORECAST_WORDS[forecast].vi}`,
    reasonEn: `${onTrack}/${results.length} result(s) on track; ${FORECAST_WORDS[forecast].en}`,
  };
}

export interface CommitmentResultInput {
  title: string;
  tasks: readonly number[];
  targets: readonly number[];
  reviewerJudged: boolean;
}

/** Problems with a commitment's input, each naming its field: dates in order, every result measurable. */
export function checkCommitment(input: { startDate: string; endDate: string; results: readonly CommitmentResultInput[] }): { field: string; vi: string; en: string }[] {
  const problems: { field: string; vi: string; en: string }[] = [];
  if (input.endDate < input.startDate) {
    problems.push({
      field: 'endDate',
      vi: `Ngày kết thúc (${fmt(input.endDate)}) trước ngày bắt đầu (${fmt(input.startDate)})`,
      en: `The end date (${fmt(input.endDate)}) is before the start date (${fmt(input.startDate)})`,
    });
  }
  if (input.results.length === 0) problems.push({ field: 'results', vi: 'Cam kết cần ít nhất một kết quả', en: 'A commitment needs at least one result' });
  input.results.forEach((r, i) => {
    const linked = r.tasks.length + r.targets.length > 0;
    if (!linked && !r.reviewerJudged) {
      problems.push({
        field: `results[${i}].tasks`,
        vi: `Kết quả ${i + 1} ("${r.title}") không gắn với nhiệm vụ hay mục tiêu nào và không do người đánh giá kết luận: không đo được`,
        en: `Result ${i + 1} ("${r.title}") is linked to no task or target and is not reviewer-judged: it cannot be measured`,
      });
    }
    if (linked && r.reviewerJudged) {
      problems.push({
        field: `results[${i}].reviewerJudged`,
        vi: `Kết quả ${i + 1} ("${r.title}") do người đánh giá kết luận thì không gắn nhiệm vụ, mục tiêu`,
        en: `Result ${i + 1} ("${r.title}") is reviewer-judged, so it links no task or target`,
      });
    }
  });
  return problems;
}
