/**
 * Number and symbol of an outgoing administrative document (văn bản đi). Nghị định 30/2020/NĐ-CP về công tác
 * văn thư, Điều 15 khoản 1: "Số và thời gian ban hành văn bản được lấy theo thứ tự và trình tự thời gian ban
 * hành văn bản của cơ quan, tổ chức trong năm (bắt đầu liên tục từ số 01 vào ngày 01 tháng 01 và kết thúc vào
 * ngày 31 tháng 12 hàng năm)"; Phụ lục I, Phần I, mục II.3: the symbol of a document without a name of kind
 * "Số: …/BC-…" is the abbreviation of its kind (BC: báo cáo) and of the issuing body.
 */
export const DOCUMENT_NUMBER_RULES = [
  {
    id: 'ND_30_2020_D15',
    legalBasis: 'Nghị định 30/2020/NĐ-CP, Điều 15 khoản 1; Phụ lục I, Phần I, mục II.3',
    effectiveFrom: '2020-03-05',
    effectiveTo: null as string | null,
  },
] as const;

/** Document kinds and their abbreviations (Phụ lục III of Decree 30/2020). */
export const DOCUMENT_KINDS = { BC: 'Báo cáo' } as const;
export type DocumentKind = keyof typeof DOCUMENT_KINDS;

/** The rule in force on a day (a document issued before the decree took effect has none here). */
export function documentNumberRuleOn(day: string) {
  return DOCUMENT_NUMBER_RULES.find((r) => r.effectiveFrom <= day && (r.effectiveTo === null || day <= r.effectiveTo)) ?? null;
}

/** The numbering year of a document issued on a day: numbers start again from 01 on 1 January. */
export function numberingYear(issuedOn: string): number {
  return Number(issuedOn.slice(0, 4));
}

/** "01/BC-BTTTT": the number (from 01, two digits at least), the kind and the issuer's abbreviation. */
export function documentSymbol(number: number, kind: DocumentKind, issuer: string): string {
  if (!Number.isInteger(number) || number < 1) throw new RangeError(`a document number starts at 1: ${number}`);
  return `${String(number).padStart(2, '0')}/${kind}-${issuer}`;
}

/** The next number of an issuer's register in a year, given the numbers already registered in it. */
export function nextDocumentNumber(registered: readonly number[]): number {
  return registered.reduce((a, n) => Math.max(a, n), 0) + 1;
}
