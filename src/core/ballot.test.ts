import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, generateKeyPairSync, privateDecrypt, constants, randomBytes } from 'node:crypto';
import {
  ballotReceipt,
  bigFromHex,
  bigToBytes,
  blindToken,
  fullDomainHash,
  modInverse,
  modPow,
  sha256,
  tallyBallots,
  toHex,
  tokenMessage,
  unblindSignature,
  verifyTokenSignature,
  type Ballot,
  type PublicKey,
  type TallyRules,
} from './ballot.ts';

const b64 = (s: string) => Buffer.from(s, 'base64url').toString('hex');
const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048, publicExponent: 65537 });
const jwk = publicKey.export({ format: 'jwk' });
const pub: PublicKey = { n: b64(jwk.n!), e: b64(jwk.e!) };
/** The server's raw RSA signature, as the service computes it. */
const signBlinded = (blinded: string) => toHex(privateDecrypt({ key: privateKey, padding: constants.RSA_NO_PADDING }, Buffer.from(bigToBytes(bigFromHex(blinded), 256))));
const rnd = (n: number) => new Uint8Array(randomBytes(n));

test('sha256 agrees with node:crypto on lengths around the block boundaries', () => {
  for (const len of [0, 1, 55, 56, 63, 64, 65, 119, 120, 1000]) {
    const data = rnd(len);
    assert.equal(toHex(sha256(data)), createHash('sha256').update(data).digest('hex'), `length ${len}`);
  }
});

test('modular inverse and power', () => {
  assert.equal(modPow(4n, 13n, 497n), 445n);
  assert.equal((modInverse(17n, 3120n) * 17n) % 3120n, 1n);
  assert.throws(() => modInverse(6n, 9n));
});

test('a blindly signed token verifies; the server saw only a value unrelated to the token', () => {
  const token = toHex(rnd(32));
  const { blinded, r } = blindToken(pub, 7, token, rnd);
  const n = bigFromHex(pub.n);
  assert.notEqual(bigFromHex(blinded), fullDomainHash(tokenMessage(7, token), n));
  const sig = unblindSignature(pub, signBlinded(blinded), r);
  assert.equal(verifyTokenSignature(pub, 7, token, sig), true);
  assert.equal(verifyTokenSignature(pub, 8, token, sig), false, 'bound to its session');
  assert.equal(verifyTokenSignature(pub, 7, toHex(rnd(32)), sig), false, 'bound to its token');
  assert.equal(verifyTokenSignature(pub, 7, token, 'zz'), false);
});

function castAll(sessionId: number, votes: ('AGREE' | 'DISAGREE')[][], nominationIds: number[]): Ballot[] {
  return votes.map((v) => {
    const token = toHex(rnd(32));
    const { blinded, r } = blindToken(pub, sessionId, token, rnd);
    return { token, signature: unblindSignature(pub, signBlinded(blinded), r), choices: v.map((choice, i) => ({ nominationId: nominationIds[i]!, choice })) };
  });
}

test('tally: quorum of 2/3, 90 % of all members for CSTĐ cấp bộ, at least half for the others; a forged or repeated ballot is refused', () => {
  // 10 members, 9 ballots: nomination 1 (CSTĐ cấp bộ, ≥ 90 % of all members = 9) agreed by 9; nomination 2 by 5 (≥ 50 % = 5).
  const votes = Array.from({ length: 9 }, (_, i) => ['AGREE', i < 5 ? 'AGREE' : 'DISAGREE'] as ('AGREE' | 'DISAGREE')[]);
  const box = castAll(3, votes, [1, 2]);
  const rules: TallyRules = {
    sessionId: 3,
    publicKey: pub,
    memberCount: 10,
    issuedCount: 9,
    quorum: { num: 2, den: 3 },
    nominations: [
      { id: 1, threshold: { num: 9, den: 10 }, basis: 'ALL_MEMBERS' },
      { id: 2, threshold: { num: 1, den: 2 }, basis: 'ALL_MEMBERS' },
    ],
  };
  const r = tallyBallots(
    rules,
    box.map((b) => ({ ...b, receipt: ballotReceipt(3, b) })),
  );
  assert.equal(r.ballotsCounted, 9);
  assert.equal(r.quorumMet, true);
  assert.deepEqual(
    r.results.map((x) => [x.agree, x.required, x.passed]),
    [
      [9, 9, true],
      [5, 5, true],
    ],
  );

  // One disagreement more on nomination 1: 8 of 10 is below 90 %.
  const eight = tallyBallots(rules, [
    ...box.slice(0, 8),
    {
      ...box[8]!,
      choices: [
        { nominationId: 1, choice: 'DISAGREE' },
        { nominationId: 2, choice: 'DISAGREE' },
      ],
    },
  ]);
  assert.equal(eight.results[0]!.passed, false);

  const forged: Ballot = { token: toHex(rnd(32)), signature: box[0]!.signature, choices: box[0]!.choices };
  const withBad = tallyBallots(rules, [...box, box[0]!, forged, { ...box[1]!, choices: [{ nominationId: 1, choice: 'AGREE' }] }]);
  assert.equal(withBad.ballotsCounted, 9);
  assert.deepEqual(
    withBad.problems.map((p) => p.problemEn),
    ['The ballot token was already used by another ballot', 'The ballot token signature is invalid', 'The ballot token was already used by another ballot'],
  );
  const tampered = tallyBallots(rules, [{ ...box[0]!, receipt: ballotReceipt(3, box[1]!) }]);
  assert.equal(tampered.problems[0]!.problemEn, 'The receipt does not match the ballot');

  // Six ballots of ten members: below the quorum of 2/3, nothing passes.
  const few = tallyBallots(rules, box.slice(0, 6));
  assert.equal(few.quorumMet, false);
  assert.equal(
    few.results.every((x) => !x.passed),
    true,
  );
  assert.equal(tallyBallots({ ...rules, issuedCount: 8 }, box).exceedsIssued, true);
});
