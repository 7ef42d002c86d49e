/**
 * Vietnamese text helpers: folding diacritics for search, and a sort key that orders words by the
 * Vietnamese alphabet (a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u ư v x y), tones second
 * (ngang, huyền, hỏi, ngã, sắc, nặng), under a plain byte-wise collation.
 */

const TONE_MARKS: Record<string, number> = {
  '\u0300': 1, // huyền
  '\u0309': 2, // hỏi
  '\u0303': 3, // ngã
  '\u0301': 4, // sắc
  '\u0323': 5, // nặng
};
const SHAPE_MARKS: Record<string, string> = { '\u0306': 'breve', '\u0302': 'circumflex', '\u031B': 'horn' };

/** Lower-case, diacritic-free, single-spaced: "Thành phố Hà Nội" → "thanh pho ha noi". */
export function foldVietnamese(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}

const ALPHABET = ['a', 'ă', 'â', 'b', 'c', 'd', 'đ', 'e', 'ê', 'f', 'g', 'h', 'i', 'j', 'k', 'l', 'm', 'n', 'o', 'ô', 'ơ', 'p', 'q', 'r', 's', 't', 'u', 'ư', 'v', 'w', 'x', 'y', 'z'];
const LETTER_RANK = new Map(ALPHABET.map((l, i) => [l, i]));

/**
 * A string whose byte order is the Vietnamese dictionary order of the text: primary key over base
 * letters (with ă, â, đ, ê, ô, ơ, ư as letters of their own), then tones as a secondary key.
 */
export function vietnameseSortKey(text: string): string {
  const letters: string[] = [];
  const tones: string[] = [];
  for (const ch of text.toLowerCase().normalize('NFD').replace(/\s+/g, ' ').trim()) {
    if (ch in TONE_MARKS) {
      tones[tones.length - 1] = String(TONE_MARKS[ch]);
      continue;
    }
    const shape = SHAPE_MARKS[ch];
    if (shape) {
      const prev = letters[letters.length - 1];
      const combined = (prev + ch).normalize('NFC');
      letters[letters.length - 1] = combined;
      continue;
    }
    if (/[\u0300-\u036f]/.test(ch)) continue;
    letters.push(ch);
    tones.push('0');
  }
  const primary = letters
    .map((l) => {
      const rank = LETTER_RANK.get(l);
      if (rank !== undefined) return String.fromCharCode(0x41 + rank); // 'A'.. keeps letters after digits and space
      if (l === ' ') return ' ';
      if (/[0-9]/.test(l)) return '0' + l;
      return l;
    })
    .join('');
  return `${primary}\u0001${tones.join('')}`;
}

/** Compares two strings in Vietnamese order (for in-memory sorts). */
export const compareVietnamese = (a: string, b: string): number => {
  const ka = vietnameseSortKey(a);
  const kb = vietnameseSortKey(b);
  return ka < kb ? -1 : ka > kb ? 1 : 0;
};

const viNumber = new Intl.NumberFormat('vi-VN', { maximumFractionDigits: 2 });
const enNumber = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 2 });

/** 1234.5 → "1.234,5" (vi) or "1,234.5" (en). */
export function formatNumber(value: number | null | undefined, lang: 'vi' | 'en', decimals?: number): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '–';
  if (decimals !== undefined) {
    return new Intl.NumberFormat(lang === 'vi' ? 'vi-VN' : 'en-GB', {
      minimumFractionDigits: decimals,
      maximumFractionDigits: decimals,
    }).format(value);
  }
  return (lang === 'vi' ? viNumber : enNumber).format(value);
}

/** An ISO day ("2024-01-25") as Vietnamese write it: "25/01/2024". */
export const formatDayVi = (isoDay: string): string => isoDay.slice(0, 10).split('-').reverse().join('/');
