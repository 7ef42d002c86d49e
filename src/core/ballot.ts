/**
 * The council's secret ballot (docs/emulation.md): one-time ballot tokens signed blindly with RSA (Chaum's blind
 * signatures, full-domain hash), so that the server signs a token for a member without seeing it, and later
 * accepts a ballot carrying a valid signed token without being able to say whose it is. Each ballot has a receipt
 * (its hash) the member finds in the published box; anyone recounts the box and checks every signature with
 * the session's public key.
 *
 * Pure: BigInt arithmetic and a SHA-256 written here, so the same code runs in the member's browser (blinding,
 * unblinding, the receipt) and on the server (verification, tally). Randomness is a parameter.
 */

// ---------- SHA-256 (FIPS 180-4), tested against node:crypto ----------
const K = new Uint32Array([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
  0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
  0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
]);

export function sha256(data: Uint8Array): Uint8Array {
  const bitLen = data.length * 8;
  const padded = new Uint8Array(((data.length + 9 + 63) >> 6) << 6);
  padded.set(data);
  padded[data.length] = 0x80;
  const view = new DataView(padded.buffer);
  view.setUint32(padded.length - 8, Math.floor(bitLen / 0x100000000));
  view.setUint32(padded.length - 4, bitLen >>> 0);
  const h = new Uint32Array([0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19]);
  const w = new Uint32Array(64);
  const rotr = (x: number, n: number) => (x >>> n) | (x << (32 - n));
  for (let off = 0; off < padded.length; off += 64) {
    for (let i = 0; i < 16; i++) w[i] = view.getUint32(off + i * 4);
    for (let i = 16; i < 64; i++) {
      const s0 = rotr(w[i - 15]!, 7) ^ rotr(w[i - 15]!, 18) ^ (w[i - 15]! >>> 3);
      const s1 = rotr(w[i - 2]!, 17) ^ rotr(w[i - 2]!, 19) ^ (w[i - 2]! >>> 10);
      w[i] = (w[i - 16]! + s0 + w[i - 7]! + s1) >>> 0;
    }
    let [a, b, c, d, e, f, g, hh] = [h[0]!, h[1]!, h[2]!, h[3]!, h[4]!, h[5]!, h[6]!, h[7]!];
    for (let i = 0; i < 64; i++) {
      const t1 = (hh + (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) + ((e & f) ^ (~e & g)) + K[i]! + w[i]!) >>> 0;
      const t2 = ((rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) + ((a & b) ^ (a & c) ^ (b & c))) >>> 0;
      hh = g;
      g = f;
      f = e;
      e = (d + t1) >>> 0;
      d = c;
      c = b;
      b = a;
      a = (t1 + t2) >>> 0;
    }
    h[0] = (h[0]! + a) >>> 0;
    h[1] = (h[1]! + b) >>> 0;
    h[2] = (h[2]! + c) >>> 0;
    h[3] = (h[3]! + d) >>> 0;
    h[4] = (h[4]! + e) >>> 0;
    h[5] = (h[5]! + f) >>> 0;
    h[6] = (h[6]! + g) >>> 0;
    h[7] = (h[7]! + hh) >>> 0;
  }
  const out = new Uint8Array(32);
  const ov = new DataView(out.buffer);
  for (let i = 0; i < 8; i++) ov.setUint32(i * 4, h[i]!);
  return out;
}

export const utf8 = (s: string) => new TextEncoder().encode(s);
export const toHex = (b: Uint8Array) => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
export function fromHex(hex: string): Uint8Array {
  if (!/^(?:[0-9a-f]{2})*$/i.test(hex)) throw new Error('not hex');
  return Uint8Array.from(hex.match(/../g) ?? [], (x) => parseInt(x, 16));
}
export const sha256Hex = (s: string) => toHex(sha256(utf8(s)));

// ---------- RSA arithmetic ----------
export interface PublicKey {
  /** Modulus and exponent as lowercase hex (big-endian). */
  n: string;
  e: string;
}

export const bigFromHex = (hex: string) => BigInt(`0x${hex || '0'}`);
export const bigToHex = (x: bigint) => x.toString(16);
export function bigFromBytes(b: Uint8Array): bigint {
  return bigFromHex(toHex(b));
}
export function bigToBytes(x: bigint, length: number): Uint8Array {
  const hex = x.toString(16).padStart(length * 2, '0');
  if (hex.length > length * 2) throw new Error('value too large');
  return fromHex(hex);
}
const byteLength = (n: bigint) => Math.ceil(n.toString(16).length / 2);

export function modPow(base: bigint, exp: bigint, mod: bigint): bigint {
  let result = 1n;
  let b = ((base % mod) + mod) % mod;
  let e = exp;
  while (e > 0n) {
    if (e & 1n) result = (result * b) % mod;
    b = (b * b) % mod;
    e >>= 1n;
  }
  return result;
}

export function modInverse(a: bigint, m: bigint): bigint {
  let [oldR, r] = [((a % m) + m) % m, m];
  let [oldS, s] = [1n, 0n];
  while (r !== 0n) {
    const q = oldR / r;
    [oldR, r] = [r, oldR - q * r];
    [oldS, s] = [s, oldS - q * s];
  }
  if (oldR !== 1n) throw new Error('not invertible');
  return ((oldS % m) + m) % m;
}

function gcd(a: bigint, b: bigint): bigint {
  while (b) [a, b] = [b, a % b];
  return a;
}

/** Full-domain hash of the token message onto Z_n (SHA-256 in counter mode, then reduced). */
export function fullDomainHash(message: Uint8Array, n: bigint): bigint {
  const len = byteLength(n) + 16;
  const out = new Uint8Array(len);
  for (let i = 0, off = 0; off < len; i++, off += 32) {
    const block = new Uint8Array(message.length + 4);
    block.set(message);
    new DataView(block.buffer).setUint32(message.length, i);
    out.set(sha256(block).subarray(0, Math.min(32, len - off)), off);
  }
  return bigFromBytes(out) % n;
}

/** What is signed for a token: bound to the session so that a token of one session is useless in another. */
export const tokenMessage = (sessionId: number, token: string) => utf8(`tiendo-ballot-v1|session:${sessionId}|token:${token}`);

/** The member's side, before asking: the blinded hash to send, with `r` drawn from `randomBytes`. */
export function blindToken(pub: PublicKey, sessionId: number, token: string, randomBytes: (n: number) => Uint8Array): { blinded: string; r: string } {
  const n = bigFromHex(pub.n);
  const e = bigFromHex(pub.e);
  const m = fullDomainHash(tokenMessage(sessionId, token), n);
  for (;;) {
    const r = bigFromBytes(randomBytes(byteLength(n) + 8)) % n;
    if (r > 1n && gcd(r, n) === 1n) return { blinded: bigToHex((m * modPow(r, e, n)) % n), r: bigToHex(r) };
  }
}

/** The member's side, after the answer: the signature on the token itself. */
export function unblindSignature(pub: PublicKey, blindSignature: string, r: string): string {
  const n = bigFromHex(pub.n);
  return bigToHex((bigFromHex(blindSignature) * modInverse(bigFromHex(r), n)) % n);
}

export function verifyTokenSignature(pub: PublicKey, sessionId: number, token: string, signature: string): boolean {
  if (!/^[0-9a-f]+$/.test(signature)) return false;
  const n = bigFromHex(pub.n);
  const s = bigFromHex(signature);
  if (s <= 0n || s >= n) return false;
  return modPow(s, bigFromHex(pub.e), n) === fullDomainHash(tokenMessage(sessionId, token), n);
}

// ---------- Ballots, receipts, tally ----------
export const CHOICES = ['AGREE', 'DISAGREE'] as const;
export type Choice = (typeof CHOICES)[number];

export interface Ballot {
  /** 32 random bytes as hex, chosen by the member; never seen by the server before the ballot. */
  token: string;
  signature: string;
  /** One choice per nomination of the session, in ascending nomination id. */
  choices: readonly { nominationId: number; choice: Choice }[];
}

export function canonicalBallot(sessionId: number, b: Ballot): string {
  const choices = [...b.choices]
    .sort((x, y) => x.nominationId - y.nominationId)
    .map((c) => `${c.nominationId}=${c.choice}`)
    .join(',');
  return `tiendo-ballot-v1|session:${sessionId}|token:${b.token}|signature:${b.signature}|choices:${choices}`;
}

/** The receipt the member keeps and finds in the published box. */
export const ballotReceipt = (sessionId: number, b: Ballot) => sha256Hex(canonicalBallot(sessionId, b));

/** A ratio as numerator/denominator, so that 2/3 and 90 % are judged without floating point. */
export interface Ratio {
  num: number;
  den: number;
}
export const atLeast = (count: number, of: number, ratio: Ratio) => count * ratio.den >= of * ratio.num;

export interface TallyRules {
  sessionId: number;
  publicKey: PublicKey;
  /** Members of the council (the denominator of "all members"). */
  memberCount: number;
  /** Tokens issued (the published list of members who took a ballot, written votes included). */
  issuedCount: number;
  quorum: Ratio;
  nominations: readonly { id: number; threshold: Ratio; basis: 'ALL_MEMBERS' | 'VOTES_CAST' }[];
}

export interface BallotProblem {
  receipt: string;
  problemVi: string;
  problemEn: string;
}

export interface TallyResult {
  ballotsInBox: number;
  ballotsCounted: number;
  quorumMet: boolean;
  problems: BallotProblem[];
  /** The box holds more valid ballots than tokens were issued: stuffed. */
  exceedsIssued: boolean;
  results: { nominationId: number; agree: number; disagree: number; required: number; passed: boolean }[];
}

/** Recounts a published box: every signature, every token once, every nomination answered; then quorum and thresholds. */
export function tallyBallots(rules: TallyRules, box: readonly (Ballot & { receipt?: string })[]): TallyResult {
  const problems: BallotProblem[] = [];
  const seen = new Set<string>();
  const ids = rules.nominations.map((n) => n.id).sort((a, b) => a - b);
  const counts = new Map(ids.map((id) => [id, { agree: 0, disagree: 0 }]));
  let counted = 0;
  for (const b of box) {
    const receipt = ballotReceipt(rules.sessionId, b);
    const bad = (vi: string, en: string) => problems.push({ receipt, problemVi: vi, problemEn: en });
    if (b.receipt !== undefined && b.receipt !== receipt) {
      bad('Biên nhận không khớp nội dung phiếu', 'The receipt does not match the ballot');
      continue;
    }
    if (seen.has(b.token)) {
      bad('Thẻ phiếu đã được dùng ở phiếu khác', 'The ballot token was already used by another ballot');
      continue;
    }
    if (!verifyTokenSignature(rules.publicKey, rules.sessionId, b.token, b.signature)) {
      bad('Chữ ký thẻ phiếu không hợp lệ', 'The ballot token signature is invalid');
      continue;
    }
    const answered = [...b.choices].map((c) => c.nominationId).sort((x, y) => x - y);
    if (answered.length !== ids.length || answered.some((id, i) => id !== ids[i]) || b.choices.some((c) => !CHOICES.includes(c.choice))) {
      bad('Phiếu không trả lời đúng một lần cho mỗi đề nghị', 'The ballot does not answer each nomination exactly once');
      continue;
    }
    seen.add(b.token);
    counted++;
    for (const c of b.choices) counts.get(c.nominationId)![c.choice === 'AGREE' ? 'agree' : 'disagree']++;
  }
  const quorumMet = atLeast(counted, rules.memberCount, rules.quorum);
  const results = rules.nominations.map((n) => {
    const c = counts.get(n.id)!;
    const basis = n.basis === 'ALL_MEMBERS' ? rules.memberCount : counted;
    const required = Math.ceil((basis * n.threshold.num) / n.threshold.den);
    return { nominationId: n.id, agree: c.agree, disagree: c.disagree, required, passed: quorumMet && atLeast(c.agree, basis, n.threshold) && c.agree > 0 };
  });
  return { ballotsInBox: box.length, ballotsCounted: counted, quorumMet, problems, exceedsIssued: counted > rules.issuedCount, results };
}
