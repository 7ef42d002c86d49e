import { constants, generateKeyPairSync, privateDecrypt, randomBytes } from 'node:crypto';
import type { ServiceContext } from '../../http/context.ts';
import { ANONYMOUS_ACTOR, assertPermission, hasPermission, permittedPaths } from '../../access.ts';
import { AppError, conflict, notFound } from '../../http/errors.ts';
import { AWARDS, COUNCIL_THRESHOLDS, DEFAULT_QUORUM } from '../../../core/emulation.ts';
import { ballotReceipt, bigFromHex, bigToBytes, blindToken, tallyBallots, toHex, unblindSignature, verifyTokenSignature, type Ballot, type PublicKey, type TallyResult } from '../../../core/ballot.ts';
import { recordAudit } from '../audit/service.ts';
import { requireOrgUnitRef } from '../org-units/lookup.ts';
import * as repo from './repo.ts';
import { commentCheckFor, invalid, signedIn, whoOf } from './service.ts';
import { vietnamDate } from '../../../core/periods.ts';
import type { BallotInput, SessionInput } from './schema.ts';

const publicKeyOf = (s: repo.SessionRow): PublicKey => ({ n: s.publicN, e: s.publicE });
const stripUnit = (u: repo.UnitLite) => ({ id: u.id, code: u.code, nameVi: u.nameVi, nameEn: u.nameEn });
const fmt = (d: Date) => new Intl.DateTimeFormat('vi-VN', { timeZone: 'Asia/Ho_Chi_Minh', day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit' }).format(d);

/** A new RSA key for one session: the public half is published, the private half signs tokens until the session closes. */
function sessionKey() {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048, publicExponent: 65537 });
  const jwk = publicKey.export({ format: 'jwk' });
  const hex = (b64: string) => bigFromHex(Buffer.from(b64, 'base64url').toString('hex')).toString(16);
  return { n: hex(jwk.n!), e: hex(jwk.e!), pem: privateKey.export({ format: 'pem', type: 'pkcs8' }) as string };
}

/** Raw RSA on the blinded value (no padding: the member's full-domain hash is the padding). */
function signBlinded(pem: string, pub: PublicKey, blinded: string): string {
  const n = bigFromHex(pub.n);
  const m = bigFromHex(blinded);
  if (m <= 1n || m >= n) throw invalid('INVALID_BLINDED', 'body.blinded', 'Giá trị đã che không hợp lệ', 'The blinded value is out of range');
  const k = Math.ceil(pub.n.length / 2);
  return toHex(privateDecrypt({ key: pem, padding: constants.RSA_NO_PADDING }, Buffer.from(bigToBytes(m, k))));
}

async function sessionFor(ctx: ServiceContext, id: number) {
  signedIn(ctx);
  const s = await repo.findSession(ctx.db, id);
  if (!s) throw notFound('phiên họp hội đồng', 'Council session', id);
  const members = await repo.listMembers(ctx.db, id);
  const isMember = members.some((m) => m.userId === ctx.actor.userId);
  const isManager = hasPermission(ctx.actor, 'emulation.manage', s.orgUnit.path);
  const canRead = isManager || isMember || (s.status === 'CLOSED' && hasPermission(ctx.actor, 'emulation.read', s.orgUnit.path));
  if (!canRead) throw notFound('phiên họp hội đồng', 'Council session', id);
  return { session: s, members, isMember, isManager };
}

function windowProblem(s: repo.SessionRow, now: Date): AppError | null {
  if (s.status === 'CLOSED') return conflict('SESSION_CLOSED', 'Phiên bỏ phiếu đã kết thúc', 'The voting session has closed');
  if (now < s.opensAt) return conflict('SESSION_NOT_OPEN', `Phiên bỏ phiếu mở lúc ${fmt(s.opensAt)}`, `Voting opens at ${s.opensAt.toISOString()}`);
  if (now > s.closesAt) return conflict('SESSION_ENDED', `Phiên bỏ phiếu đã hết giờ lúc ${fmt(s.closesAt)}`, `Voting ended at ${s.closesAt.toISOString()}`);
  return null;
}

export async function createSession(ctx: ServiceContext, input: SessionInput) {
  signedIn(ctx);
  const unit = await requireOrgUnitRef(ctx.db, input.orgUnit, 'body.orgUnit');
  assertPermission(ctx.actor, 'emulation.manage', unit.path);
  if (Date.parse(input.closesAt) <= Date.parse(input.opensAt)) throw invalid('INVALID_SESSION', 'body.closesAt', 'Giờ kết thúc phải sau giờ mở', 'The closing time must be after the opening time');
  const users: { id: number; displayName: string }[] = [];
  for (const [i, username] of input.members.entries()) {
    const u = await repo.findUserByUsername(ctx.db, username);
    if (!u) throw invalid('INVALID_SESSION', `body.members[${i}]`, `Không có người dùng '${username}'`, `Unknown user '${username}'`);
    if (users.some((x) => x.id === u.id)) throw invalid('INVALID_SESSION', `body.members[${i}]`, `'${username}' có tên hai lần`, `'${username}' is listed twice`);
    users.push(u);
  }
  const nominations: repo.NominationRow[] = [];
  for (const [i, nid] of input.nominationIds.entries()) {
    const n = await repo.findNomination(ctx.db, nid);
    if (!n || !n.proposingOrgUnit.path.startsWith(unit.path))
      throw invalid('INVALID_SESSION', `body.nominationIds[${i}]`, `Không có đề nghị ${nid} thuộc đơn vị`, `No nomination ${nid} within the unit`);
    if (n.status !== 'PROPOSED') throw invalid('INVALID_SESSION', `body.nominationIds[${i}]`, `Đề nghị ${nid} đã được đưa ra hội đồng`, `Nomination ${nid} was already put to the council`);
    if (n.year !== input.year) throw invalid('INVALID_SESSION', `body.nominationIds[${i}]`, `Đề nghị ${nid} thuộc năm ${n.year}`, `Nomination ${nid} is for ${n.year}`);
    const publicised = commentCheckFor(n, vietnamDate(new Date(input.opensAt)));
    if (!publicised.ok)
      throw invalid(
        'COMMENT_PERIOD',
        `body.nominationIds[${i}]`,
        `Đề nghị ${nid}: ${publicised.reasonVi} (${publicised.article})`,
        `Nomination ${nid}: ${publicised.reasonEn} (${publicised.article})`,
      );
    nominations.push(n);
  }
  const quorum = input.quorum ?? DEFAULT_QUORUM;
  const key = sessionKey();
  return ctx.db.transaction(async (tx) => {
    const id = await repo.insertSession(tx, {
      title: input.title,
      orgUnitId: unit.id,
      year: input.year,
      opensAt: input.opensAt,
      closesAt: input.closesAt,
      quorumNum: quorum.num,
      quorumDen: quorum.den,
      publicN: key.n,
      publicE: key.e,
      privateKeyPem: key.pem,
      createdBy: whoOf(ctx.actor),
    });
    for (const u of users) await repo.insertMember(tx, id, u.id, u.displayName);
    for (const n of nominations) {
      const t = COUNCIL_THRESHOLDS[n.award];
      await repo.putInSession(tx, n.id, id, t.num, t.den);
    }
    await recordAudit(tx, ctx.actor, {
      action: 'COUNCIL_SESSION_CREATE',
      objectType: 'council_session',
      objectId: id,
      orgUnitId: unit.id,
      after: { ...input, quorum, publicKey: { n: key.n, e: key.e } },
    });
    return { id };
  });
}

export async function listSessions(ctx: ServiceContext) {
  signedIn(ctx);
  const manage = permittedPaths(ctx.actor, 'emulation.manage');
  const rows = await repo.listSessions(ctx.db, { paths: manage, memberUserId: ctx.actor.userId });
  return { items: rows.map((s) => ({ id: s.id, title: s.title, orgUnit: stripUnit(s.orgUnit), year: s.year, opensAt: s.opensAt, closesAt: s.closesAt, status: s.status })) };
}

/** The session as a member or the secretary sees it: nominations, the voting list (who took a ballot, never which), the public key. */
export async function getSession(ctx: ServiceContext, id: number) {
  const { session, members, isMember, isManager } = await sessionFor(ctx, id);
  const nominations = await repo.listNominations(ctx.db, { paths: 'ALL', sessionId: id });
  const me = members.find((m) => m.userId === ctx.actor.userId);
  return {
    id: session.id,
    title: session.title,
    orgUnit: stripUnit(session.orgUnit),
    year: session.year,
    opensAt: session.opensAt,
    closesAt: session.closesAt,
    status: session.status,
    quorum: { num: session.quorumNum, den: session.quorumDen },
    publicKey: publicKeyOf(session),
    nominations: nominations.map((n) => ({
      id: n.id,
      award: n.award,
      awardName: { vi: AWARDS[n.award].nameVi, en: AWARDS[n.award].nameEn },
      staff: n.staff,
      orgUnit: n.orgUnit ? stripUnit(n.orgUnit) : null,
      proposingOrgUnit: stripUnit(n.proposingOrgUnit),
      eligible: n.eligible,
      eligibility: n.eligibility,
      overrideReason: n.overrideReason,
      achievements: n.achievements,
      threshold: { num: n.thresholdNum!, den: n.thresholdDen!, basis: 'ALL_MEMBERS' as const },
      status: n.status,
    })),
    members: members.map((m) => ({ displayName: m.displayName, tookBallot: m.tookBallot, written: m.writtenBy !== null })),
    result: session.result,
    me: { isMember, isManager, tookBallot: me?.tookBallot ?? false },
  };
}

/**
 * Signs a member's blinded token. The member may take one; the server records that they took it (the voting
 * list) and signs a value it cannot relate to the token the ballot will carry.
 */
export async function issueToken(ctx: ServiceContext, id: number, blinded: string) {
  const { session, members } = await sessionFor(ctx, id);
  assertPermission(ctx.actor, 'emulation.vote', session.orgUnit.path);
  const me = members.find((m) => m.userId === ctx.actor.userId);
  if (!me) throw new AppError('NOT_A_MEMBER', 403, 'Bạn không là thành viên hội đồng của phiên này', 'You are not a member of this session’s council');
  const late = windowProblem(session, ctx.clock());
  if (late) throw late;
  return ctx.db.transaction(async (tx) => {
    const locked = await repo.findSession(tx, id, true);
    if (locked?.status !== 'OPEN') throw conflict('SESSION_CLOSED', 'Phiên bỏ phiếu đã kết thúc', 'The voting session has closed');
    if (!(await repo.recordTokenIssue(tx, id, me.userId, null))) {
      throw conflict('ALREADY_ISSUED', 'Bạn đã nhận phiếu của phiên này; mỗi thành viên chỉ bỏ một phiếu', 'You already took your ballot for this session; each member votes once');
    }
    const pem = await repo.sessionPrivateKey(tx, id);
    const blindSignature = signBlinded(pem!, publicKeyOf(session), blinded);
    await recordAudit(tx, ctx.actor, { action: 'COUNCIL_BALLOT_ISSUE', objectType: 'council_session', objectId: id, orgUnitId: session.orgUnit.id, after: { member: me.username } });
    return { blindSignature };
  });
}

/** Checks a ballot against the session's nominations; the reason names the field. */
function checkChoices(nominationIds: number[], choices: BallotInput['choices']) {
  const want = new Set(nominationIds);
  const seen = new Set<number>();
  choices.forEach((c, i) => {
    if (!want.has(c.nominationId))
      throw invalid('INVALID_BALLOT', `body.choices[${i}].nominationId`, `Đề nghị ${c.nominationId} không thuộc phiên họp`, `Nomination ${c.nominationId} is not in the session`);
    if (seen.has(c.nominationId)) throw invalid('INVALID_BALLOT', `body.choices[${i}].nominationId`, `Đề nghị ${c.nominationId} được chọn hai lần`, `Nomination ${c.nominationId} is answered twice`);
    seen.add(c.nominationId);
  });
  const missing = nominationIds.filter((n) => !seen.has(n));
  if (missing.length) throw invalid('INVALID_BALLOT', 'body.choices', `Phiếu chưa cho ý kiến về đề nghị ${missing.join(', ')}`, `The ballot does not answer nomination ${missing.join(', ')}`);
}

/**
 * Puts a ballot in the box. Who sends it is neither asked nor kept: the signed token is the right to vote, once.
 * The audit entry names no one (the ballot's receipt only).
 */
export async function castBallot(ctx: ServiceContext, id: number, input: BallotInput) {
  const session = await repo.findSession(ctx.db, id);
  if (!session) throw notFound('phiên họp hội đồng', 'Council session', id);
  const late = windowProblem(session, ctx.clock());
  if (late) throw late;
  if (!verifyTokenSignature(publicKeyOf(session), id, input.token, input.signature)) {
    throw invalid('INVALID_BALLOT', 'body.signature', 'Chữ ký thẻ phiếu không hợp lệ: phiếu không do hội đồng phát', 'The ballot token signature is invalid: not a ballot the council issued');
  }
  const nominations = await repo.listNominations(ctx.db, { paths: 'ALL', sessionId: id });
  checkChoices(
    nominations.map((n) => n.id),
    input.choices,
  );
  const ballot: Ballot = { token: input.token, signature: input.signature, choices: [...input.choices].sort((a, b) => a.nominationId - b.nominationId) };
  const receipt = ballotReceipt(id, ballot);
  return ctx.db.transaction(async (tx) => {
    const locked = await repo.findSession(tx, id, true);
    if (locked?.status !== 'OPEN') throw conflict('SESSION_CLOSED', 'Phiên bỏ phiếu đã kết thúc', 'The voting session has closed');
    if (await repo.tokenUsed(tx, id, input.token)) throw conflict('ALREADY_VOTED', 'Thẻ phiếu này đã được dùng: không bỏ phiếu lần hai', 'This ballot token was already used: no second vote');
    await repo.insertBallot(tx, { sessionId: id, receipt, token: ballot.token, signature: ballot.signature, choices: ballot.choices });
    await recordAudit(
      tx,
      { ...ANONYMOUS_ACTOR, requestId: ctx.actor.requestId },
      { action: 'COUNCIL_BALLOT_CAST', objectType: 'council_session', objectId: id, orgUnitId: session.orgUnit.id, after: { receipt } },
    );
    return { receipt };
  });
}

/**
 * A written vote of an absent member, entered by the secretary: the token is made, signed and spent in one step.
 * The secretary reads the paper ballot, so its content is known to them, as on paper; the box does not say which.
 */
export async function recordWrittenVote(ctx: ServiceContext, id: number, member: string, choices: BallotInput['choices']) {
  const { session, members } = await sessionFor(ctx, id);
  assertPermission(ctx.actor, 'emulation.manage', session.orgUnit.path);
  const m = members.find((x) => x.username === member);
  if (!m) throw invalid('NOT_A_MEMBER', 'body.member', `'${member}' không là thành viên hội đồng của phiên`, `'${member}' is not a member of the session's council`);
  const late = windowProblem(session, ctx.clock());
  if (late) throw late;
  const nominations = await repo.listNominations(ctx.db, { paths: 'ALL', sessionId: id });
  checkChoices(
    nominations.map((n) => n.id),
    choices,
  );
  const pub = publicKeyOf(session);
  const token = toHex(new Uint8Array(randomBytes(32)));
  const rnd = (n: number) => new Uint8Array(randomBytes(n));
  const { blinded, r } = blindToken(pub, id, token, rnd);
  return ctx.db.transaction(async (tx) => {
    if (!(await repo.recordTokenIssue(tx, id, m.userId, whoOf(ctx.actor))))
      throw conflict('ALREADY_ISSUED', `'${member}' đã nhận phiếu của phiên này`, `'${member}' already took a ballot for this session`);
    const pem = await repo.sessionPrivateKey(tx, id);
    const signature = unblindSignature(pub, signBlinded(pem!, pub, blinded), r);
    const ballot: Ballot = { token, signature, choices: [...choices].sort((a, b) => a.nominationId - b.nominationId) };
    const receipt = ballotReceipt(id, ballot);
    await repo.insertBallot(tx, { sessionId: id, receipt, token, signature, choices: ballot.choices });
    await recordAudit(tx, ctx.actor, { action: 'COUNCIL_WRITTEN_VOTE', objectType: 'council_session', objectId: id, orgUnitId: session.orgUnit.id, after: { member } });
    return { receipt };
  });
}

async function tallyOf(ctx: ServiceContext, session: repo.SessionRow): Promise<{ tally: TallyResult; box: Awaited<ReturnType<typeof repo.ballotBox>>; issued: number; memberCount: number }> {
  const [box, members, nominations] = await Promise.all([
    repo.ballotBox(ctx.db, session.id),
    repo.listMembers(ctx.db, session.id),
    repo.listNominations(ctx.db, { paths: 'ALL', sessionId: session.id }),
  ]);
  const issued = members.filter((m) => m.tookBallot).length;
  const tally = tallyBallots(
    {
      sessionId: session.id,
      publicKey: publicKeyOf(session),
      memberCount: members.length,
      issuedCount: issued,
      quorum: { num: session.quorumNum, den: session.quorumDen },
      nominations: nominations.map((n) => ({ id: n.id, threshold: { num: n.thresholdNum!, den: n.thresholdDen! }, basis: 'ALL_MEMBERS' as const })),
    },
    box,
  );
  return { tally, box, issued, memberCount: members.length };
}

/** Closes the vote (after its window, or once every member has voted), counts it and publishes the box and the result. */
export async function closeSession(ctx: ServiceContext, id: number) {
  const { session, members } = await sessionFor(ctx, id);
  assertPermission(ctx.actor, 'emulation.manage', session.orgUnit.path);
  if (session.status === 'CLOSED') throw conflict('SESSION_CLOSED', 'Phiên bỏ phiếu đã kết thúc', 'The voting session has closed');
  const box = await repo.ballotBox(ctx.db, id);
  if (ctx.clock() <= session.closesAt && box.length < members.length) {
    throw conflict(
      'SESSION_STILL_OPEN',
      `Còn ${members.length - box.length} thành viên chưa bỏ phiếu; phiên kết thúc lúc ${fmt(session.closesAt)}`,
      `${members.length - box.length} members have not voted; voting ends at ${session.closesAt.toISOString()}`,
    );
  }
  const { tally, issued, memberCount } = await tallyOf(ctx, session);
  const result = { ...tally, memberCount, issued };
  return ctx.db.transaction(async (tx) => {
    await repo.closeSession(tx, id, result, ctx.clock());
    for (const r of tally.results) await repo.setNominationStatus(tx, r.nominationId, r.passed ? 'PASSED' : 'NOT_PASSED');
    await recordAudit(tx, ctx.actor, { action: 'COUNCIL_SESSION_CLOSE', objectType: 'council_session', objectId: id, orgUnitId: session.orgUnit.id, after: result });
    return result;
  });
}

/**
 * The ballot box. While voting: receipts only (a member checks theirs). Once closed: every ballot, the public key,
 * the voting list and the rules, so that anyone can recount with src/core/ballot.ts's tallyBallots.
 */
export async function getBallotBox(ctx: ServiceContext, id: number) {
  const { session, members } = await sessionFor(ctx, id);
  const box = await repo.ballotBox(ctx.db, id);
  const nominations = await repo.listNominations(ctx.db, { paths: 'ALL', sessionId: id });
  if (session.status === 'OPEN') return { sessionId: id, status: session.status, receipts: box.map((b) => b.receipt) };
  return {
    sessionId: id,
    status: session.status,
    publicKey: publicKeyOf(session),
    quorum: { num: session.quorumNum, den: session.quorumDen },
    memberCount: members.length,
    votingList: members.map((m) => ({ displayName: m.displayName, tookBallot: m.tookBallot, writtenBy: m.writtenBy })),
    nominations: nominations.map((n) => ({ id: n.id, award: n.award, threshold: { num: n.thresholdNum!, den: n.thresholdDen! }, basis: 'ALL_MEMBERS' as const })),
    ballots: box,
    result: session.result,
  };
}

export async function checkReceipt(ctx: ServiceContext, id: number, receipt: string) {
  const { session } = await sessionFor(ctx, id);
  return { sessionId: session.id, receipt, inBox: await repo.hasReceipt(ctx.db, id, receipt) };
}
