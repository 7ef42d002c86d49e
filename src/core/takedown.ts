/**
 * Takedown requests (yêu cầu gỡ bỏ) to cross-border platforms: what a case's outcome is, whether the platform
 * acted within the time the law gives, how the rates are counted, and which accounts are repeat offenders.
 * Times are instants (Date); periods and windows are Vietnamese calendar days and months.
 */
import { vietnamDate } from './periods.ts';

/**
 * How long a platform has to act on a request, by the day the request was sent (Vietnamese calendar).
 *
 * Nghị định 147/2024/NĐ-CP (quản lý, cung cấp, sử dụng dịch vụ Internet và thông tin trên mạng, hiệu lực từ
 * 25/12/2024), Điều 23 khoản 2 — trách nhiệm của doanh nghiệp nước ngoài cung cấp thông tin xuyên biên giới:
 * "ngăn chặn, gỡ bỏ nội dung thông tin vi phạm pháp luật … chậm nhất 24 giờ kể từ khi có yêu cầu của Bộ Thông
 * tin và Truyền thông". Before it, Nghị định 72/2013/NĐ-CP set no time limit; the ministry's letters to the
 * platforms asked for action within 24 hours, and its published rates measured against that.
 */
export const TAKEDOWN_RESPONSE_RULES = [
  {
    id: 'ND147_2024_D23',
    legalBasis: 'Nghị định 147/2024/NĐ-CP, Điều 23 khoản 2',
    quote: 'ngăn chặn, gỡ bỏ nội dung thông tin vi phạm pháp luật … chậm nhất 24 giờ kể từ khi có yêu cầu',
    effectiveFrom: '2024-12-25',
    effectiveTo: null as string | null,
    hours: 24,
  },
  {
    id: 'BTTTT_24H_PRE147',
    legalBasis: 'Văn bản yêu cầu của Bộ Thông tin và Truyền thông (Nghị định 72/2013/NĐ-CP không quy định thời hạn)',
    quote: 'đề nghị gỡ bỏ trong vòng 24 giờ kể từ khi nhận được yêu cầu',
    effectiveFrom: '2013-09-01',
    effectiveTo: '2024-12-24' as string | null,
    hours: 24,
  },
] as const;

export type TakedownResponseRule = (typeof TAKEDOWN_RESPONSE_RULES)[number];

/** The response rule in force on the Vietnamese day a request was sent. */
export function responseRuleFor(sentAt: Date): TakedownResponseRule {
  const day = vietnamDate(sentAt);
  const rule = TAKEDOWN_RESPONSE_RULES.find((r) => r.effectiveFrom <= day && (r.effectiveTo === null || day <= r.effectiveTo));
  return rule ?? TAKEDOWN_RESPONSE_RULES[TAKEDOWN_RESPONSE_RULES.length - 1];
}

export const ANSWER_OUTCOMES = ['REMOVED', 'GEO_BLOCKED', 'REFUSED', 'NO_ANSWER'] as const;
export type AnswerOutcome = (typeof ANSWER_OUTCOMES)[number];

/**
 * What a case counts as: the platform's latest answer, except that an item the platform said it removed or
 * blocked but an officer's later re-check found still there counts as STILL_PRESENT. A case without an
 * answer is NO_ANSWER.
 */
export const CASE_OUTCOMES = ['REMOVED', 'GEO_BLOCKED', 'REFUSED', 'NO_ANSWER', 'STILL_PRESENT'] as const;
export type CaseOutcome = (typeof CASE_OUTCOMES)[number];

export const VIOLATION_KINDS = ['ANTI_STATE', 'DEFAMATION', 'FALSE_INFORMATION', 'FRAUD', 'GAMBLING', 'OBSCENE', 'VIOLENCE', 'COPYRIGHT', 'OTHER'] as const;
export type ViolationKind = (typeof VIOLATION_KINDS)[number];
export const FOUND_BY = ['MONITORING', 'CITIZEN_REPORT', 'UNIT'] as const;
export type FoundBy = (typeof FOUND_BY)[number];

export interface AnswerFact {
  id: number;
  outcome: AnswerOutcome;
  answeredAt: Date;
}

export interface RecheckFact {
  id: number;
  checkedAt: Date;
  isPresent: boolean;
}

export interface CaseFacts {
  sentAt: Date;
  answers: readonly AnswerFact[];
  rechecks: readonly RecheckFact[];
}

export interface CaseJudgement {
  outcome: CaseOutcome;
  /** The answer that counts (the latest), if any. */
  answer: AnswerFact | null;
  /** The first answer saying the item was removed or blocked: when the platform acted. */
  actedAt: Date | null;
  /** Hours from the request to that answer. */
  hoursToAct: number | null;
  /** The deadline of the rule in force when the request was sent. */
  deadline: Date;
  rule: TakedownResponseRule['id'];
  /** Counted as removed or geo-blocked, and acted on by the deadline. */
  withinDeadline: boolean;
  /** The latest re-check found the item gone. */
  confirmedGone: boolean;
}

const byTimeThenId =
  <T extends { id: number }>(time: (x: T) => Date) =>
  (a: T, b: T) =>
    time(a).getTime() - time(b).getTime() || a.id - b.id;

/** Judges one case from what was recorded. */
export function judgeCase(facts: CaseFacts): CaseJudgement {
  const rule = responseRuleFor(facts.sentAt);
  const deadline = new Date(facts.sentAt.getTime() + rule.hours * 3_600_000);
  const answers = [...facts.answers].sort(byTimeThenId((a) => a.answeredAt));
  const rechecks = [...facts.rechecks].sort(byTimeThenId((r) => r.checkedAt));
  const answer = answers.at(-1) ?? null;
  const acting = answers.find((a) => a.outcome === 'REMOVED' || a.outcome === 'GEO_BLOCKED') ?? null;
  const lastCheck = rechecks.at(-1) ?? null;
  let outcome: CaseOutcome = answer?.outcome ?? 'NO_ANSWER';
  if ((outcome === 'REMOVED' || outcome === 'GEO_BLOCKED') && lastCheck && lastCheck.isPresent && lastCheck.checkedAt.getTime() >= answer!.answeredAt.getTime()) {
    outcome = 'STILL_PRESENT';
  }
  const counted = outcome === 'REMOVED' || outcome === 'GEO_BLOCKED';
  return {
    outcome,
    answer,
    actedAt: acting?.answeredAt ?? null,
    hoursToAct: acting ? Math.round(((acting.answeredAt.getTime() - facts.sentAt.getTime()) / 3_600_000) * 10) / 10 : null,
    deadline,
    rule: rule.id,
    withinDeadline: counted && acting !== null && acting.answeredAt.getTime() <= deadline.getTime(),
    confirmedGone: lastCheck !== null && !lastCheck.isPresent,
  };
}

/** The month a case is counted in: the Vietnamese month in which the request was sent ('YYYYMM'). */
export function periodOfCase(sentAt: Date): string {
  return vietnamDate(sentAt).slice(0, 7).replace('-', '');
}

export interface TakedownCounts {
  /** Items requested (cases), not letters. */
  requests: number;
  removed: number;
  geoBlocked: number;
  refused: number;
  noAnswer: number;
  stillPresent: number;
  withinDeadline: number;
}

export interface TakedownScore extends TakedownCounts {
  /** Shares of the items requested, in percent to one decimal; null when nothing was requested. */
  rates: {
    removed: number | null;
    geoBlocked: number | null;
    removedOrBlocked: number | null;
    refused: number | null;
    noAnswer: number | null;
    stillPresent: number | null;
    withinDeadline: number | null;
  };
}

export function emptyCounts(): TakedownCounts {
  return { requests: 0, removed: 0, geoBlocked: 0, refused: 0, noAnswer: 0, stillPresent: 0, withinDeadline: 0 };
}

/** Adds one judged case to counts. */
export function addToCounts(counts: TakedownCounts, j: Pick<CaseJudgement, 'outcome' | 'withinDeadline'>): TakedownCounts {
  counts.requests++;
  if (j.outcome === 'REMOVED') counts.removed++;
  else if (j.outcome === 'GEO_BLOCKED') counts.geoBlocked++;
  else if (j.outcome === 'REFUSED') counts.refused++;
  else if (j.outcome === 'NO_ANSWER') counts.noAnswer++;
  else counts.stillPresent++;
  if (j.withinDeadline) counts.withinDeadline++;
  return counts;
}

/** Rates per item requested: removal and geo-blocking apart, and together. */
export function scoreOf(c: TakedownCounts): TakedownScore {
  const rate = (n: number) => (c.requests === 0 ? null : Math.round((n / c.requests) * 1000) / 10);
  return {
    ...c,
    rates: {
      removed: rate(c.removed),
      geoBlocked: rate(c.geoBlocked),
      removedOrBlocked: rate(c.removed + c.geoBlocked),
      refused: rate(c.refused),
      noAnswer: rate(c.noAnswer),
      stillPresent: rate(c.stillPresent),
      withinDeadline: rate(c.withinDeadline),
    },
  };
}

export interface Problem {
  field: string;
  vi: string;
  en: string;
}

const isoVi = (d: Date) => `${vietnamDate(d).split('-').reverse().join('/')} ${new Date(d.getTime() + 7 * 3_600_000).toISOString().slice(11, 16)}`;

/** A URL of a case: http(s) with a host; null when it is not one. */
export function normaliseCaseUrl(raw: string): string | null {
  const text = raw.trim();
  if (!/^https?:\/\//i.test(text) || text.length > 2000 || /\s/.test(text)) return null;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return null;
  }
  if (!url.hostname.includes('.') || url.hostname.startsWith('.') || url.hostname.endsWith('.')) return null;
  return url.toString();
}

/** The key an account is counted under: case and an "@" or trailing "/" do not make another account. */
export function accountKeyOf(account: string | null | undefined): string | null {
  if (!account) return null;
  const key = account.trim().toLowerCase().replace(/^@+/, '').replace(/\/+$/, '');
  return key.length ? key : null;
}

/** Dates out of order: an answer or re-check before the request, or in the future. */
export function checkAfterRequest(sentAt: Date, at: Date, now: Date, field: string, what: { vi: string; en: string }): Problem[] {
  const problems: Problem[] = [];
  if (at.getTime() < sentAt.getTime()) {
    problems.push({
      field,
      vi: `${what.vi} (${isoVi(at)}) trước thời điểm gửi yêu cầu (${isoVi(sentAt)})`,
      en: `The ${what.en} (${at.toISOString()}) is before the request was sent (${sentAt.toISOString()})`,
    });
  }
  if (at.getTime() > now.getTime() + 5 * 60_000) {
    problems.push({ field, vi: `${what.vi} (${isoVi(at)}) ở tương lai`, en: `The ${what.en} (${at.toISOString()}) is in the future` });
  }
  return problems;
}

export interface Threshold {
  windowDays: number;
  minCount: number;
  effectiveFrom: string;
  effectiveTo: string | null;
  legalBasis: string;
}

/** The thresholds in force on a day. */
export function thresholdsOn(all: readonly Threshold[], day: string): Threshold[] {
  return all.filter((t) => t.effectiveFrom <= day && (t.effectiveTo === null || day <= t.effectiveTo));
}

export interface OffenderCase {
  platform: string;
  accountKey: string | null;
  sentAt: Date;
}

export interface RepeatOffender {
  platform: string;
  accountKey: string;
  /** Cases per window length (days), the windows ending on the day. */
  counts: Record<number, number>;
  /** The thresholds reached. */
  reached: Threshold[];
}

/** Adds days to a calendar day. */
function addDays(day: string, n: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
}

/**
 * Accounts with at least a threshold's count of cases in its rolling window: the window of N days ending on
 * `day` runs from day − (N − 1) to day, by the Vietnamese day each request was sent. Each case is one
 * violation (the same URL sent twice counts twice: it was posted again or not removed).
 */
export function repeatOffenders(cases: readonly OffenderCase[], day: string, thresholds: readonly Threshold[]): RepeatOffender[] {
  const inForce = thresholdsOn(thresholds, day);
  if (inForce.length === 0) return [];
  const windows = [...new Set(inForce.map((t) => t.windowDays))];
  const byAccount = new Map<string, RepeatOffender>();
  for (const c of cases) {
    if (!c.accountKey) continue;
    const sentDay = vietnamDate(c.sentAt);
    if (sentDay > day) continue;
    const k = `${c.platform}|${c.accountKey}`;
    const entry = byAccount.get(k) ?? { platform: c.platform, accountKey: c.accountKey, counts: Object.fromEntries(windows.map((w) => [w, 0])), reached: [] };
    for (const w of windows) if (sentDay >= addDays(day, -(w - 1))) entry.counts[w]++;
    byAccount.set(k, entry);
  }
  const out: RepeatOffender[] = [];
  for (const entry of byAccount.values()) {
    entry.reached = inForce.filter((t) => entry.counts[t.windowDays] >= t.minCount);
    if (entry.reached.length) out.push(entry);
  }
  return out.sort((a, b) => a.platform.localeCompare(b.platform) || a.accountKey.localeCompare(b.accountKey));
}
