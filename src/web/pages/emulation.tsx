import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api, downloadFile } from '../api/client.ts';
import type { Campaign, CampaignDetail, EligibilityAnswer, HonourEntry, Nomination, SessionSummary } from '../api/emulation.ts';
import { QueryView } from '../components/states.tsx';
import { Field, PageHeader } from '../components/ui.tsx';
import { useI18n, type MessageKey } from '../i18n/index.tsx';
import { Link, navigate, useSearchParam } from '../router.tsx';
import { useAuth } from '../auth.tsx';
import { CommentPeriodPanel } from './emulation-comments.tsx';
import { NominationForm, RegistrationDecision, RegistrationForm, SessionForm } from './emulation-forms.tsx';

const TABS = ['campaigns', 'eligibility', 'nominate', 'council', 'book'] as const;
type Tab = (typeof TABS)[number];

function Campaigns() {
  const { t, lang, date, num } = useI18n();
  const [open, setOpen] = useState<number | null>(null);
  const list = useQuery({ queryKey: ['emulation', 'campaigns'], queryFn: () => api<{ items: Campaign[] }>('/api/emulation/campaigns') });
  const detail = useQuery({ queryKey: ['emulation', 'campaign', open], queryFn: () => api<CampaignDetail>(`/api/emulation/campaigns/${open}`), enabled: open !== null });
  const name = (u: { nameVi: string; nameEn: string | null }) => (lang === 'en' && u.nameEn ? u.nameEn : u.nameVi);
  return (
    <QueryView query={list} isEmpty={(d) => d.items.length === 0} empty={t('emu.campaigns.empty')}>
      {(data) => (
        <div className="stack">
          {data.items.map((c) => (
            <article key={c.id} className="card" data-campaign={c.code}>
              <h2>
                <button type="button" className="link-button" aria-expanded={open === c.id} onClick={() => setOpen(open === c.id ? null : c.id)}>
                  {name(c)}
                </button>
              </h2>
              <p className="muted">
                {t(`emu.kind.${c.kind}` as MessageKey)} · {c.directiveNumber && `${t('emu.directive')} ${c.directiveNumber}${c.directiveDate ? ` ${t('emu.of')} ${date(c.directiveDate)}` : ''} · `}
                {date(c.startsOn)} – {date(c.endsOn)} · {t('emu.deadline')} {date(c.registrationDeadline)} ·{' '}
                <span className={`badge ${c.status === 'CLOSED' ? '' : 'badge-ok'}`}>{t(`emu.status.${c.status}` as MessageKey)}</span>
              </p>
              {c.theme && <p>{c.theme}</p>}
              {open === c.id && detail.data && (
                <>
                  <h3>{t('emu.board')}</h3>
                  <div className="table-wrap">
                    <table>
                      <thead>
                        <tr>
                          <th>{t('emu.unit')}</th>
                          <th className="hide-phone">{t('emu.cluster')}</th>
                          {detail.data.criteria.map((k) => (
                            <th key={k.id} className="num hide-phone" title={t(`emu.source.${k.source}` as MessageKey)}>
                              {name(k)} ({num(k.weight)})
                            </th>
                          ))}
                          <th className="num">{t('emu.total')}</th>
                          <th className="num">{t('emu.rank')}</th>
                        </tr>
                      </thead>
                      <tbody>
                        {detail.data.board.map((b) => (
                          <tr key={b.orgUnit.id}>
                            <td>{name(b.orgUnit)}</td>
                            <td className="hide-phone">{b.cluster}</td>
                            {b.scores.map((s, i) => (
                              <td key={i} className="num hide-phone" title={s ? (s.evidence ?? JSON.stringify(s.sourceDetail)) : t('emu.unscored')}>
                                {s ? num(s.score, 1) : '—'}
                              </td>
                            ))}
                            <td className="num">
                              {num(b.total, 2)}
                              {!b.complete && <small className="muted"> *</small>}
                            </td>
                            <td className="num">{b.rankInCluster}</td>
                          </tr>
                        ))}
                      </tbody>
                    </table>
                  </div>
                  <p className="muted">
                    <small>* {t('emu.partial')}</small>
                  </p>
                  <h3>{t('emu.registrations')}</h3>
                  <ul>
                    {detail.data.registrations.map((r) => (
                      <li key={r.id} data-registration={r.id}>
                        {r.staff ? r.staff.fullName : name(r.orgUnit)} — {t(`emu.award.${r.award}` as MessageKey)} <span className="badge">{t(`emu.reg.${r.status}` as MessageKey)}</span>
                        {r.commitment && <small className="muted"> · {r.commitment}</small>}
                        {r.status === 'PENDING' && detail.data.can.register && (
                          <>
                            {' '}
                            <RegistrationDecision id={r.id} campaignId={c.id} />
                          </>
                        )}
                      </li>
                    ))}
                  </ul>
                  {detail.data.can.register && c.status === 'OPEN' && <RegistrationForm campaign={detail.data} />}
                </>
              )}
            </article>
          ))}
        </div>
      )}
    </QueryView>
  );
}

function EligibilityTab() {
  const { t, lang, date } = useI18n();
  const [form, setForm] = useState({ year: '2023', staffId: '', orgUnit: '', on: '' });
  const [asked, setAsked] = useState<typeof form | null>(null);
  const query = useQuery({
    queryKey: ['emulation', 'eligibility', asked],
    enabled: asked !== null,
    queryFn: () =>
      api<EligibilityAnswer>('/api/emulation/eligibility', { query: { year: asked!.year, staffId: asked!.staffId || undefined, orgUnit: asked!.orgUnit || undefined, on: asked!.on || undefined } }),
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setAsked({ ...form });
  };
  return (
    <>
      <form className="toolbar" onSubmit={submit}>
        <Field label={t('emu.year')} value={form.year} inputMode="numeric" onChange={(e) => setForm({ ...form, year: e.target.value })} />
        <Field label={t('emu.staffId')} value={form.staffId} inputMode="numeric" onChange={(e) => setForm({ ...form, staffId: e.target.value, orgUnit: '' })} />
        <Field label={t('emu.orUnit')} value={form.orgUnit} onChange={(e) => setForm({ ...form, orgUnit: e.target.value, staffId: '' })} />
        <Field label={t('emu.on')} type="date" value={form.on} onChange={(e) => setForm({ ...form, on: e.target.value })} />
        <button type="submit" className="btn btn-primary">
          {t('emu.judge')}
        </button>
      </form>
      {asked && (
        <QueryView query={query}>
          {(d) => (
            <div className="stack" data-eligibility>
              <p>
                <strong>{d.staff ? d.staff.fullName : d.orgUnit?.nameVi}</strong> · {t('emu.ruleSet')}: {d.ruleSet.legalBasis} ({t('emu.judgedOn')} {date(d.on)})
              </p>
              {d.eligibility.map((e) => (
                <article key={e.award} className="card" data-award={e.award}>
                  <h3>
                    {t(`emu.award.${e.award}` as MessageKey)} <span className={`badge ${e.eligible ? 'badge-ok' : 'badge-warn'}`}>{e.eligible ? t('emu.eligible') : t('emu.notEligible')}</span>
                  </h3>
                  <ul>
                    {e.conditions.map((c, i) => (
                      <li key={i}>
                        {c.met ? '✓' : '✗'} {lang === 'en' ? c.reasonEn : c.reasonVi} <small className="muted">— {c.article}</small>
                        {!c.confirmed && <small className="badge">{t('emu.unconfirmed')}</small>}
                      </li>
                    ))}
                  </ul>
                </article>
              ))}
            </div>
          )}
        </QueryView>
      )}
    </>
  );
}

function NominateTab() {
  const { t, lang } = useI18n();
  const { can } = useAuth();
  const [openComments, setOpenComments] = useState<number | null>(null);
  const list = useQuery({
    queryKey: ['emulation', 'nominations', 'all'],
    queryFn: () => api<{ items: Nomination[] }>('/api/emulation/nominations'),
  });
  return (
    <div className="stack">
      <NominationForm />
      <QueryView query={list} isEmpty={(d) => d.items.length === 0} empty={t('emuf.ses.noNominations')}>
        {(d) => (
          <ul data-nominations>
            {d.items.map((n) => (
              <li key={n.id} data-nomination={n.id}>
                {n.year} · {n.staff ? n.staff.fullName : n.orgUnit?.nameVi} — {lang === 'en' ? n.awardName.en : n.awardName.vi}{' '}
                <span className="badge" data-status={n.status}>
                  {t(`emu.nomStatus.${n.status}` as MessageKey)}
                </span>
                {!n.eligible && <small className="badge badge-warn">{t('emuf.overridden')}</small>}
                <br />
                <small>
                  {(['submission', 'achievements', ...(['PASSED', 'NOT_PASSED', 'DECIDED'].includes(n.status) ? ['minutes'] : [])] as const).map((doc) => (
                    <span key={doc} className="dossier-links">
                      {t(`emuf.doc.${doc}` as MessageKey)}:{' '}
                      {(['docx', 'pdf'] as const).map((format) => (
                        <span key={format}>
                          <button
                            type="button"
                            className="link-button"
                            onClick={() => void downloadFile(`/api/emulation/nominations/${n.id}/dossier`, `${doc}-${n.id}.${format}`, { query: { doc, format } })}
                          >
                            {format.toUpperCase()}
                          </button>{' '}
                        </span>
                      ))}{' '}
                    </span>
                  ))}
                </small>
                <br />
                <button
                  type="button"
                  className="link-button"
                  aria-expanded={openComments === n.id}
                  aria-controls={`comments-${n.id}`}
                  onClick={() => setOpenComments(openComments === n.id ? null : n.id)}
                >
                  {t('emuc.title')}
                </button>
                {openComments === n.id && (
                  <div id={`comments-${n.id}`}>
                    <CommentPeriodPanel nominationId={n.id} editable={can('emulation.register') && n.status === 'PROPOSED'} />
                  </div>
                )}
              </li>
            ))}
          </ul>
        )}
      </QueryView>
    </div>
  );
}

function Council() {
  const { t, date, lang } = useI18n();
  const [creating, setCreating] = useState(false);
  const query = useQuery({ queryKey: ['emulation', 'sessions'], queryFn: () => api<{ items: SessionSummary[] }>('/api/emulation/sessions') });
  return (
    <>
      <p>
        <button type="button" className="btn" aria-expanded={creating} onClick={() => setCreating(!creating)}>
          {t('emuf.ses.title')}
        </button>
      </p>
      {creating && <SessionForm onCreated={(id) => navigate(`/emulation/sessions/${id}`)} />}
      <QueryView query={query} isEmpty={(d) => d.items.length === 0} empty={t('emu.sessions.empty')}>
        {(d) => (
          <ul className="stack">
            {d.items.map((s) => (
              <li key={s.id}>
                <Link to={`/emulation/sessions/${s.id}`}>{s.title}</Link> · {lang === 'en' && s.orgUnit.nameEn ? s.orgUnit.nameEn : s.orgUnit.nameVi} · {date(s.opensAt, true)} –{' '}
                {date(s.closesAt, true)} <span className="badge">{t(`emu.session.${s.status}` as MessageKey)}</span>
              </li>
            ))}
          </ul>
        )}
      </QueryView>
    </>
  );
}

function HonourBook() {
  const { t, lang, date, num } = useI18n();
  const [q, setQ] = useState('');
  const [year, setYear] = useState('');
  const query = useQuery({
    queryKey: ['emulation', 'book', q, year],
    queryFn: () => api<{ total: number; items: HonourEntry[] }>('/api/emulation/honour-book', { query: { q: q || undefined, year: year || undefined } }),
    placeholderData: keepPreviousData,
  });
  return (
    <>
      <div className="toolbar" role="search">
        <Field label={t('emu.search')} value={q} onChange={(e) => setQ(e.target.value)} />
        <Field label={t('emu.year')} value={year} inputMode="numeric" onChange={(e) => setYear(e.target.value)} />
      </div>
      <QueryView query={query} isEmpty={(d) => d.items.length === 0} empty={t('emu.book.empty')}>
        {(d) => (
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th>{t('emu.year')}</th>
                  <th>{t('emu.award')}</th>
                  <th>{t('emu.who')}</th>
                  <th className="hide-phone">{t('emu.decision')}</th>
                  <th className="num hide-phone">{t('emu.cash')}</th>
                </tr>
              </thead>
              <tbody>
                {d.items.map((a) => (
                  <tr key={a.id}>
                    <td>{a.year}</td>
                    <td>{lang === 'en' ? a.awardName.en : a.awardName.vi}</td>
                    <td>{a.staff ? `${a.staff.fullName} (${a.orgUnit.nameVi})` : a.orgUnit.nameVi}</td>
                    <td className="hide-phone">
                      {a.decisionNumber} {t('emu.of')} {date(a.decisionDate)}
                      {a.decisionId !== null && (
                        <>
                          {' '}
                          <button
                            type="button"
                            className="link-button"
                            onClick={() => void downloadFile(`/api/emulation/decisions/${a.decisionId}/document`, `quyet-dinh-${a.decisionId}.docx`, { query: { format: 'docx' } })}
                          >
                            DOCX
                          </button>{' '}
                          <button
                            type="button"
                            className="link-button"
                            onClick={() => void downloadFile(`/api/emulation/decisions/${a.decisionId}/document`, `quyet-dinh-${a.decisionId}.pdf`, { query: { format: 'pdf' } })}
                          >
                            PDF
                          </button>
                          {' · '}
                          <button
                            type="button"
                            className="link-button"
                            data-certificate={a.id}
                            onClick={() => void downloadFile(`/api/emulation/decisions/${a.decisionId}/certificates`, `bang-khen-${a.id}.pdf`, { query: { award: a.id } })}
                          >
                            {t('emu.certificate')}
                          </button>
                        </>
                      )}
                    </td>
                    <td className="num hide-phone">{a.cashAmount === null ? '—' : `${num(a.cashAmount)} đ`}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </QueryView>
    </>
  );
}

export default function EmulationPage() {
  const { t } = useI18n();
  const [tabParam, setTab] = useSearchParam('tab');
  const tab: Tab = TABS.includes(tabParam as Tab) ? (tabParam as Tab) : 'campaigns';
  return (
    <section>
      <PageHeader title={t('emu.title')} intro={t('emu.intro')} />
      <div className="tabs" role="tablist">
        {TABS.map((x) => (
          <button key={x} type="button" role="tab" aria-selected={tab === x} className={tab === x ? 'active' : ''} onClick={() => setTab(x === 'campaigns' ? null : x)}>
            {t(`emu.tab.${x}` as MessageKey)}
          </button>
        ))}
      </div>
      {tab === 'campaigns' && <Campaigns />}
      {tab === 'eligibility' && <EligibilityTab />}
      {tab === 'nominate' && <NominateTab />}
      {tab === 'council' && <Council />}
      {tab === 'book' && <HonourBook />}
    </section>
  );
}
