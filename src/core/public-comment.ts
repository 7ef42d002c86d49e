/**
 * Publicising nominees for comment before the council (công khai, lấy ý kiến) as versioned rules of law.
 *
 * Decree 98/2023/NĐ-CP, Article 46 clause 2: "Người có thẩm quyền đề nghị xét tặng hình thức khen thưởng huân chương
 * và danh hiệu vinh dự nhà nước quy định tại khoản 5 Điều 84 của Luật Thi đua, khen thưởng có trách nhiệm công khai
 * danh sách cá nhân, tập thể trên các phương tiện truyền thông thuộc bộ, ban, ngành, tỉnh (báo, cổng thông tin điện
 * tử, đài phát thanh – truyền hình…) ít nhất 10 ngày làm việc trước khi họp hội đồng thi đua – khen thưởng bộ, ban,
 * ngành, tỉnh." From 01/07/2025 Decree 152/2025/NĐ-CP (Article 60 clause 3, as cited by the Ministry of Home
 * Affairs' notices) carries the same duty; its exact wording was not confirmed here.
 *
 * Which of this product's titles need it is configurable: the Decree names huân chương and state honour titles
 * (proposed upward as dossiers); ministries publish their "Chiến sĩ thi đua toàn quốc" nominees the same way in
 * practice, and "Cờ thi đua của Chính phủ" is treated alike — both marked unconfirmed.
 */
import type { AwardCode } from './emulation.ts';
import { formatDayVi } from './vietnamese.ts';

export interface PublicCommentRule {
  code: string;
  legalBasis: string;
  article: string;
  effectiveFrom: string;
  effectiveTo: string | null;
  /** The titles whose nominees are publicised before the council. */
  awards: readonly AwardCode[];
  /** Working days (Monday–Friday) the list stays public, at least. */
  minWorkingDays: number;
  /** Whether the text was checked against the official wording. */
  confirmed: boolean;
}

export const PUBLIC_COMMENT_RULES: readonly PublicCommentRule[] = [
  {
    code: 'ND98_2023_D46',
    legalBasis: 'Nghị định 98/2023/NĐ-CP',
    article: 'Nghị định 98/2023/NĐ-CP, Điều 46 khoản 2; Luật TĐKT 2022, Điều 84 khoản 5',
    effectiveFrom: '2024-01-01',
    effectiveTo: '2025-06-30',
    awards: ['CSTD_TQ', 'CO_CP'],
    minWorkingDays: 10,
    confirmed: false,
  },
  {
    code: 'ND152_2025_D60',
    legalBasis: 'Nghị định 152/2025/NĐ-CP',
    article: 'Nghị định 152/2025/NĐ-CP, Điều 60 khoản 3 (chưa đối chiếu nguyên văn)',
    effectiveFrom: '2025-07-01',
    effectiveTo: null,
    awards: ['CSTD_TQ', 'CO_CP'],
    minWorkingDays: 10,
    confirmed: false,
  },
];

export function publicCommentRuleOn(day: string, rules: readonly PublicCommentRule[] = PUBLIC_COMMENT_RULES): PublicCommentRule | null {
  return rules.find((r) => r.effectiveFrom <= day && (r.effectiveTo === null || day <= r.effectiveTo)) ?? null;
}

/** Monday–Friday from `from` to `to`, both included (public holidays are not known here and count as working days). */
export function workingDaysBetween(from: string, to: string): number {
  let n = 0;
  for (let d = new Date(`${from}T00:00:00Z`); d <= new Date(`${to}T00:00:00Z`); d.setUTCDate(d.getUTCDate() + 1)) {
    const w = d.getUTCDay();
    if (w !== 0 && w !== 6) n++;
  }
  return n;
}

export interface CommentWindow {
  opensOn: string;
  closesOn: string;
}

export interface CommentCheck {
  ok: boolean;
  reasonVi: string;
  reasonEn: string;
  article: string | null;
}

const dmy = formatDayVi;

/** Whether a window is long enough under the rule (checked when the window is set). */
export function checkWindowLength(rule: PublicCommentRule, w: CommentWindow): CommentCheck {
  if (w.closesOn < w.opensOn) return { ok: false, reasonVi: 'Ngày kết thúc lấy ý kiến trước ngày bắt đầu', reasonEn: 'The comment period ends before it starts', article: null };
  const days = workingDaysBetween(w.opensOn, w.closesOn);
  if (days < rule.minWorkingDays) {
    return {
      ok: false,
      reasonVi: `Thời gian công khai ${days} ngày làm việc, cần ít nhất ${rule.minWorkingDays} ngày làm việc`,
      reasonEn: `The list is public for ${days} working days; at least ${rule.minWorkingDays} are required`,
      article: rule.article,
    };
  }
  return {
    ok: true,
    reasonVi: `Công khai ${days} ngày làm việc (${dmy(w.opensOn)} – ${dmy(w.closesOn)})`,
    reasonEn: `Public for ${days} working days (${w.opensOn} – ${w.closesOn})`,
    article: rule.article,
  };
}

/**
 * Whether a nomination may go to the council meeting on `councilDay`: for the titles the rule names, a comment window
 * of the required length that has ended before that day.
 */
export function checkBeforeCouncil(rule: PublicCommentRule | null, award: AwardCode, window: CommentWindow | null, councilDay: string): CommentCheck {
  if (!rule || !rule.awards.includes(award)) return { ok: true, reasonVi: 'Không phải công khai lấy ý kiến', reasonEn: 'No public comment period required', article: null };
  if (!window)
    return { ok: false, reasonVi: 'Chưa công khai lấy ý kiến trước khi họp Hội đồng', reasonEn: 'The nominee has not been publicised for comment before the council', article: rule.article };
  const length = checkWindowLength(rule, window);
  if (!length.ok) return length;
  if (!(window.closesOn < councilDay)) {
    return {
      ok: false,
      reasonVi: `Thời gian lấy ý kiến đến hết ngày ${dmy(window.closesOn)}; chưa được đưa ra Hội đồng trước khi kết thúc`,
      reasonEn: `The comment period runs until ${window.closesOn}; the nomination cannot go to the council before it ends`,
      article: rule.article,
    };
  }
  return {
    ok: true,
    reasonVi: `Đã công khai lấy ý kiến ${dmy(window.opensOn)} – ${dmy(window.closesOn)}`,
    reasonEn: `Publicised for comment ${window.opensOn} – ${window.closesOn}`,
    article: rule.article,
  };
}
