import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, ApiError } from '../api/client.ts';
import type { BallotBox, Session } from '../api/emulation.ts';
import { FormError, QueryView } from '../components/states.tsx';
import { Field, Notice, PageHeader } from '../components/ui.tsx';
import { useI18n, type MessageKey } from '../i18n/index.tsx';
import { Link } from '../router.tsx';
import { ballotReceipt, blindToken, tallyBallots, toHex, unblindSignature, type Choice } from '../../core/ballot.ts';

const receiptKey = (sessionId: number) => `tiendo.receipt.${sessionId}`;
const rnd = (n: number) => crypto.getRandomValues(new Uint8Array(n));
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Votes as docs/emulation.md describes: a token made here, blinded before the server signs it, unblinded here, then
 * the ballot sent after a random pause and without the session cookie, so that nothing of the member travels with it.
 */
async function voteSecretly(session: Session, choices: Record<number, Choice>): Promise<string> {
  const token = toHex(rnd(32));
  const { blinded, r } = blindToken(session.publicKey, session.id, token, rnd);
  const { blindSignature } = await api<{ blindSignature: string }>(`/api/emulation/sessions/${session.id}/tokens`, { method: 'POST', body: { blinded } });
  const signature = unblindSignature(session.publicKey, blindSignature, r);
  const ballot = { token, signature, choices: session.nominations.map((n) => ({ nominationId: n.id, choice: choices[n.id]! })) };
  const expected = ballotReceipt(session.id, ballot);
  await pause(300 + Math.floor(Math.random() * 1700));
  const res = await fetch(`/api/emulation/sessions/${session.id}/ballots`, {
    method: 'POST',
    credentials: 'omit',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json', 'Accept-Language': document.documentElement.lang || 'vi' },
    body: JSON.stringify(ballot),
  });
  const json = (await res.json()) as { receipt?: string; error?: { code: string; message: string } };
  if (!res.ok || !json.receipt) throw new ApiError(res.status, json.error?.code ?? 'ERROR', json.error?.message ?? res.statusText);
  if (json.receipt !== expected) throw new ApiError(500, 'RECEIPT_MISMATCH', 'Biên nhận máy chủ trả về khác biên nhận tính được | The receipt differs from the one computed here');
  try {
    localStorage.setItem(receiptKey(session.id), expected);
  } catch {
    // Private mode: the receipt is still shown to be written down.
  }
  return expected;
}

export default function EmulationSessionPage({ params }: { params: Record<string, string> }) {
  const { t, lang, date, num } = useI18n();
  const id = Number(params.id);
  const queryClient = useQueryClient();
  const query = useQuery({ queryKey: ['emulation', 'session', id], queryFn: () => api<Session>(`/api/emulation/sessions/${id}`) });
  const [choices, setChoices] = useState<Record<number, Choice>>({});
  const [receipt, setReceipt] = useState<string>(() => {
    try {
      return localStorage.getItem(receiptKey(id)) ?? '';
    } catch {
      return '';
    }
  });
  const [check, setCheck] = useState<boolean | null>(null);
  const [recount, setRecount] = useState<string | null>(null);
  const vote = useMutation({
    mutationFn: (s: Session) => voteSecretly(s, choices),
    onSuccess: (r) => {
      setReceipt(r);
      void queryClient.invalidateQueries({ queryKey: ['emulation', 'session', id] });
    },
  });
  const close = useMutation({
    mutationFn: () => api(`/api/emulation/sessions/${id}/close`, { method: 'POST' }),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: ['emulation', 'session', id] }),
  });
  const checkReceipt = useMutation({
    mutationFn: () => api<{ inBox: boolean }>(`/api/emulation/sessions/${id}/receipts/${receipt.trim()}`),
    onSuccess: (r) => setCheck(r.inBox),
  });
  const doRecount = useMutation({
    mutationFn: async (s: Session) => {
      const box = await api<BallotBox>(`/api/emulation/sessions/${id}/box`);
      const mine = tallyBallots(
        {
          sessionId: id,
          publicKey: box.publicKey!,
          memberCount: box.memberCount!,
          issuedCount: box.votingList!.filter((m) => m.tookBallot).length,
          quorum: box.quorum!,
          nominations: box.nominations!.map((n) => ({ id: n.id, threshold: n.threshold, basis: 'ALL_MEMBERS' as const })),
        },
        box.ballots!,
      );
      // Field by field: the stored result's keys come back in the database's order, not the counter's.
      const published = s.result?.results ?? [];
      const same =
        mine.problems.length === 0 &&
        mine.results.length === published.length &&
        mine.results.every((r, i) => {
          const p = published[i]!;
          return r.nominationId === p.nominationId && r.agree === p.agree && r.disagree === p.disagree && r.required === p.required && r.passed === p.passed;
        });
      return t(same ? 'emu.recount.same' : 'emu.recount.differs', { n: box.ballots!.length });
    },
    onSuccess: setRecount,
  });
  return (
    <QueryView query={query}>
      {(s) => {
        const who = (n: Session['nominations'][number]) => n.staff?.fullName ?? (n.orgUnit ? (lang === 'en' && n.orgUnit.nameEn ? n.orgUnit.nameEn : n.orgUnit.nameVi) : '');
        const result = (nid: number) => s.result?.results.find((r) => r.nominationId === nid);
        const canVote = s.status === 'OPEN' && s.me.isMember && !s.me.tookBallot;
        return (
          <section data-session={s.id}>
            <PageHeader title={s.title} intro={`${date(s.opensAt, true)} – ${date(s.closesAt, true)} · ${t('emu.quorum')} ${s.quorum.num}/${s.quorum.den} · ${s.members.length} ${t('emu.members')}`}>
              <Link to="/emulation?tab=council">← {t('emu.tab.council')}</Link>
            </PageHeader>
            <p>
              <span className="badge">{t(`emu.session.${s.status}` as MessageKey)}</span> {t('emu.secretNote')}
            </p>
            <div className="table-wrap">
              <table>
                <thead>
                  <tr>
                    <th>{t('emu.nominee')}</th>
                    <th>{t('emu.award')}</th>
                    <th className="hide-phone">{t('emu.threshold')}</th>
                    {canVote && <th>{t('emu.yourVote')}</th>}
                    {s.status === 'CLOSED' && <th className="num">{t('emu.agree')}</th>}
                    {s.status === 'CLOSED' && <th>{t('emu.outcome')}</th>}
                  </tr>
                </thead>
                <tbody>
                  {s.nominations.map((n) => (
                    <tr key={n.id} data-nomination={n.id}>
                      <td>
                        {who(n)}
                        {!n.eligible && (
                          <div>
                            <small className="badge badge-warn">{t('emu.override')}</small> <small className="muted">{n.overrideReason}</small>
                          </div>
                        )}
                      </td>
                      <td>{lang === 'en' ? n.awardName.en : n.awardName.vi}</td>
                      <td className="hide-phone">
                        ≥ {num((n.threshold.num / n.threshold.den) * 100, 0)} % {t('emu.ofAllMembers')}
                      </td>
                      {canVote && (
                        <td>
                          <fieldset className="inline-choices">
                            <legend className="sr-only">{who(n)}</legend>
                            {(['AGREE', 'DISAGREE'] as const).map((c) => (
                              <label key={c}>
                                <input type="radio" name={`n${n.id}`} value={c} checked={choices[n.id] === c} onChange={() => setChoices({ ...choices, [n.id]: c })} />{' '}
                                {t(`emu.choice.${c}` as MessageKey)}
                              </label>
                            ))}
                          </fieldset>
                        </td>
                      )}
                      {s.status === 'CLOSED' && (
                        <td className="num">
                          {result(n.id)?.agree}/{s.result?.memberCount} ({t('emu.needs')} {result(n.id)?.required})
                        </td>
                      )}
                      {s.status === 'CLOSED' && (
                        <td>
                          <span className={`badge ${result(n.id)?.passed ? 'badge-ok' : 'badge-warn'}`}>{result(n.id)?.passed ? t('emu.passed') : t('emu.notPassed')}</span>
                        </td>
                      )}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            {canVote && (
              <div className="form-actions">
                <button type="button" className="btn btn-primary" disabled={vote.isPending || s.nominations.some((n) => !choices[n.id])} onClick={() => vote.mutate(s)}>
                  {vote.isPending ? t('emu.voting') : t('emu.vote')}
                </button>
              </div>
            )}
            <FormError error={vote.error} />
            {vote.isSuccess && <Notice>{t('emu.voted')}</Notice>}
            {s.me.isMember && s.me.tookBallot && !vote.isSuccess && <Notice>{t('emu.alreadyVoted')}</Notice>}
            {s.status === 'CLOSED' && s.result && (
              <p data-result>
                {t('emu.counted', { n: s.result.ballotsCounted, m: s.result.memberCount })} · {s.result.quorumMet ? t('emu.quorumMet') : t('emu.quorumNotMet')}
              </p>
            )}
            <h2>{t('emu.receipt')}</h2>
            <div className="toolbar">
              <Field
                label={t('emu.receipt.label')}
                value={receipt}
                onChange={(e) => {
                  setReceipt(e.target.value);
                  setCheck(null);
                }}
                className="mono"
              />
              <button type="button" className="btn" disabled={!/^[0-9a-f]{64}$/.test(receipt.trim())} onClick={() => checkReceipt.mutate()}>
                {t('emu.receipt.check')}
              </button>
            </div>
            {check !== null && <Notice kind={check ? 'ok' : 'warn'}>{check ? t('emu.receipt.found') : t('emu.receipt.missing')}</Notice>}
            <FormError error={checkReceipt.error} />
            {s.status === 'CLOSED' && (
              <p>
                <button type="button" className="btn" onClick={() => doRecount.mutate(s)}>
                  {t('emu.recount')}
                </button>{' '}
                {recount && <strong data-recount>{recount}</strong>}
              </p>
            )}
            {s.status === 'OPEN' && s.me.isManager && (
              <p>
                <button type="button" className="btn" onClick={() => close.mutate()}>
                  {t('emu.close')}
                </button>
              </p>
            )}
            <FormError error={close.error} />
            <h2>{t('emu.votingList')}</h2>
            <ul className="columns">
              {s.members.map((m, i) => (
                <li key={i}>
                  {m.displayName}: {m.tookBallot ? (m.written ? t('emu.written') : t('emu.tookBallot')) : t('emu.notYet')}
                </li>
              ))}
            </ul>
          </section>
        );
      }}
    </QueryView>
  );
}
