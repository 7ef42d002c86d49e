/**
 * Speed of emulation: eligibility for every title of N people with five years of history (target ≤ 2 s for 10,000),
 * pure and with the records read from the database; and a council's tally with verification for 50 members
 * (target ≤ 1 s), beside a reference that verifies the same signatures with node:crypto's native RSA.
 * `node --import tsx bench/emulation.ts [--people 10000] [--members 50]` (PGlite, in process; PostgreSQL with
 * TEST_DATABASE_URL=postgres://… , a database of its own made from the migrated template).
 */
import { constants, generateKeyPairSync, privateDecrypt, publicEncrypt, randomBytes } from 'node:crypto';
import { evaluatePerson, evaluateUnit, ruleSetOn, RATINGS, type AwardCode, type PersonRecord } from '../src/core/emulation.ts';
import { bigFromHex, bigToBytes, blindToken, fullDomainHash, tallyBallots, toHex, tokenMessage, unblindSignature, type Ballot, type PublicKey } from '../src/core/ballot.ts';
import { createTestApp, insertOrgUnit } from '../src/server/testing/test-app.ts';
import { loadPersonRecords } from '../src/server/modules/emulation/eligibility.ts';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const PEOPLE = arg('people', 10_000);
const MEMBERS = arg('members', 50);
const YEAR = 2023;
const ruleSet = ruleSetOn('2024-01-20')!;

// A deterministic population: ratings skewed to HTTNV/HTXSNV, titles and initiatives where the ratings allow.
let seed = 42;
const rand = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
function person(id: number): PersonRecord {
  const years = new Map();
  for (let y = YEAR - 4; y <= YEAR; y++) {
    const r = rand();
    const rating = r < 0.25 ? 'HTXSNV' : r < 0.85 ? 'HTTNV' : r < 0.97 ? 'HTNV' : 'KHTNV';
    const titles = new Set<AwardCode>();
    if (y < YEAR && (rating === 'HTXSNV' || rating === 'HTTNV')) titles.add('LDTT');
    if (y < YEAR && rating === 'HTXSNV' && rand() < 0.6) titles.add('CSTD_CS');
    years.set(y, { rating: RATINGS.includes(rating) ? rating : 'HTNV', disciplined: rand() < 0.01, titles });
  }
  const initiatives = rand() < 0.3 ? [{ year: YEAR - Math.floor(rand() * 3), scope: rand() < 0.2 ? ('MINISTRY' as const) : ('UNIT' as const) }] : [];
  return { id, years, initiatives };
}

function report(label: string, ms: number, target?: number) {
  console.log(`${label.padEnd(70)} ${ms.toFixed(0).padStart(6)} ms${target ? `  (target ≤ ${target} ms: ${ms <= target ? 'met' : 'NOT met'})` : ''}`);
}

// 1. Pure: every individual title and form for each person, then every collective title for units of 20.
const people = Array.from({ length: PEOPLE }, (_, i) => person(i + 1));
let t0 = performance.now();
let eligibleCount = 0;
const judged: PersonRecord[] = [];
for (const p of people) {
  const r = evaluatePerson(ruleSet, YEAR, p);
  judged.push(r.record);
  for (const e of r.eligibility) if (e.eligible) eligibleCount++;
}
report(`eligibility, pure: ${PEOPLE} people × 6 individual titles and forms`, performance.now() - t0, 2000);
const units = Array.from({ length: Math.ceil(PEOPLE / 20) }, (_, u) => ({
  id: u + 1,
  years: new Map([[YEAR, { rating: 'HTXSNV' as const, titles: new Set<AwardCode>() }]]),
  members: judged.slice(u * 20, u * 20 + 20),
}));
for (const u of units) for (const e of evaluateUnit(ruleSet, YEAR, u, true).eligibility) if (e.eligible) eligibleCount++;
report(`eligibility, pure: the same people and their ${units.length} units of 20 × 6 collective titles and forms`, performance.now() - t0, 2000);
console.log(`  ${eligibleCount} eligible results`);

// 2. With the records in the database: ratings, honour book and initiatives read for all people, then judged.
const t = await createTestApp();
try {
  await insertOrgUnit(t.db, 'BO', 'Bộ', null);
  await t.db.query(`INSERT INTO staff_member (full_name, org_unit_id, kind) SELECT 'Cán bộ ' || g, (SELECT id FROM org_unit WHERE code = 'BO'), 'CONG_CHUC' FROM generate_series(1, $1) g`, [PEOPLE]);
  const ids = (await t.db.query<{ id: number }>('SELECT id FROM staff_member ORDER BY id')).rows.map((r) => r.id);
  const rows = people.flatMap((p, i) => [...p.years].map(([y, v]) => [ids[i], y, v.rating, v.disciplined, [...v.titles].join(',')] as const));
  await t.db.query(`INSERT INTO emulation_person_year (staff_member_id, year, rating, disciplined) SELECT * FROM unnest($1::int[], $2::int[], $3::text[], $4::bool[])`, [
    rows.map((r) => r[0]),
    rows.map((r) => r[1]),
    rows.map((r) => r[2]),
    rows.map((r) => r[3]),
  ]);
  const awards = rows.flatMap((r) => (r[4] ? r[4].split(',').map((a) => [r[0], r[1], a] as const) : []));
  await t.db.query(
    `INSERT INTO emulation_award (staff_member_id, year, award, decision_number, decision_date) SELECT s, y, a, 'QĐ ' || y, make_date(y + 1, 1, 15) FROM unnest($1::int[], $2::int[], $3::text[]) AS x(s, y, a)`,
    [awards.map((a) => a[0]), awards.map((a) => a[1]), awards.map((a) => a[2])],
  );
  const inits = people.flatMap((p, i) => p.initiatives.map((x) => [ids[i], x.year, x.scope] as const));
  await t.db.query(
    `INSERT INTO emulation_initiative (title, staff_member_id, year, scope, decision_number, decision_date) SELECT 'Sáng kiến', s, y, sc, 'QĐ', make_date(y, 12, 1) FROM unnest($1::int[], $2::int[], $3::text[]) AS x(s, y, sc)`,
    [inits.map((x) => x[0]), inits.map((x) => x[1]), inits.map((x) => x[2])],
  );
  for (let run = 0; run < 3; run++) {
    t0 = performance.now();
    const records = await loadPersonRecords(t.db, YEAR, ids);
    const read = performance.now() - t0;
    let n = 0;
    for (const r of records.values()) n += evaluatePerson(ruleSet, YEAR, r).eligibility.length;
    report(`eligibility from ${process.env.TEST_DATABASE_URL ? 'PostgreSQL' : 'PGlite'}, run ${run + 1}: read ${read.toFixed(0)} ms, ${n} results`, performance.now() - t0, 2000);
  }
} finally {
  await t.close();
}

// 3. A council of MEMBERS: tokens signed blindly, ballots cast, then the tally with every signature verified.
const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048, publicExponent: 65537 });
const jwk = publicKey.export({ format: 'jwk' });
const pub: PublicKey = { n: Buffer.from(jwk.n!, 'base64url').toString('hex').replace(/^0+/, ''), e: Buffer.from(jwk.e!, 'base64url').toString('hex').replace(/^0+/, '') };
const rnd = (n: number) => new Uint8Array(randomBytes(n));
const sign = (blinded: string) => toHex(privateDecrypt({ key: privateKey, padding: constants.RSA_NO_PADDING }, Buffer.from(bigToBytes(bigFromHex(blinded), 256))));
const nominations = Array.from({ length: 10 }, (_, i) => ({ id: i + 1, threshold: { num: 9, den: 10 }, basis: 'ALL_MEMBERS' as const }));
t0 = performance.now();
const box: Ballot[] = Array.from({ length: MEMBERS }, () => {
  const token = toHex(rnd(32));
  const { blinded, r } = blindToken(pub, 1, token, rnd);
  return { token, signature: unblindSignature(pub, sign(blinded), r), choices: nominations.map((n) => ({ nominationId: n.id, choice: rand() < 0.93 ? ('AGREE' as const) : ('DISAGREE' as const) })) };
});
report(`${MEMBERS} ballots made (blind, sign, unblind)`, performance.now() - t0);
t0 = performance.now();
const tally = tallyBallots({ sessionId: 1, publicKey: pub, memberCount: MEMBERS, issuedCount: MEMBERS, quorum: { num: 2, den: 3 }, nominations }, box);
report(`tally of ${MEMBERS} ballots × ${nominations.length} nominations, every signature verified (BigInt)`, performance.now() - t0, 1000);
if (tally.ballotsCounted !== MEMBERS || tally.problems.length) throw new Error(`tally: ${JSON.stringify(tally.problems)}`);
// Reference: the same signature checks with node:crypto's native RSA (s^e mod n), then the same counting.
t0 = performance.now();
const n = bigFromHex(pub.n);
let ok = 0;
for (const b of box) {
  const m = BigInt(`0x${publicEncrypt({ key: publicKey, padding: constants.RSA_NO_PADDING }, Buffer.from(bigToBytes(bigFromHex(b.signature), 256))).toString('hex')}`);
  if (m === fullDomainHash(tokenMessage(1, b.token), n)) ok++;
}
report(`reference: the ${MEMBERS} signatures verified with node:crypto (native RSA)`, performance.now() - t0);
if (ok !== MEMBERS) throw new Error('reference verification failed');
