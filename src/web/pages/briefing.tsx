import { useMutation, useQuery } from '@tanstack/react-query';
import { useState, type FormEvent, type ReactNode } from 'react';
import { api, downloadFile, fieldError } from '../api/client.ts';
import type { BriefingModel } from '../api/tasks.ts';
import { useAuth } from '../auth.tsx';
import { FormError, QueryView } from '../components/states.tsx';
import { Field, PageHeader } from '../components/ui.tsx';
import { useI18n } from '../i18n/index.tsx';
import { evidenceLink } from '../lib/evidence.ts';
import { Link, useSearchParam } from '../router.tsx';

type Paragraph = BriefingModel['sections'][number]['paragraphs'][number];

/** A sentence whose numbers link to the analytics cell they came from (the indicator page explains it). */
function Sentence({ p }: { p: Paragraph }) {
  if (p.figures.length === 0) return <p>{p.text}</p>;
  const link = evidenceLink(p.figures[0].explainUrl);
  const parts: ReactNode[] = [p.text];
  return (
    <p data-figures={p.figures.map((f) => `${f.indicator}:${f.period}`).join(' ')}>
      {parts}{' '}
      {link && <Link to={link.to} className="small" aria-label={`${p.figures[0].indicator} ${p.figures[0].period}`}>↗</Link>}
    </p>
  );
}

function previousMonth(): string {
  const d = new Date();
  d.setDate(1);
  d.setMonth(d.getMonth() - 1);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}`;
}

export default function BriefingPage() {
  const { t } = useI18n();
  const { me } = useAuth();
  const [monthParam, setMonthParam] = useSearchParam('month');
  const [unitParam, setUnitParam] = useSearchParam('orgUnit');
  const home = me?.scopes.find((s) => s.orgUnitCode)?.orgUnitCode ?? '';
  const [month, setMonth] = useState(monthParam ? `${monthParam.slice(0, 4)}-${monthParam.slice(4)}` : previousMonth());
  const [orgUnit, setOrgUnit] = useState(unitParam || home);
  const shown = monthParam && (unitParam || home) ? { month: monthParam, orgUnit: unitParam || home } : null;
  const query = useQuery({
    queryKey: ['briefing', shown?.month, shown?.orgUnit],
    queryFn: ({ signal }) => api<BriefingModel>('/api/briefings/monthly', { query: shown ?? {}, signal }),
    enabled: shown !== null,
  });
  const download = useMutation({
    mutationFn: (format: 'docx' | 'pdf') => downloadFile('/api/briefings/monthly', `bao-cao-giao-ban.${format}`, { query: { ...shown, format } }),
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setMonthParam(month.replace('-', ''));
    setUnitParam(orgUnit.trim());
  };
  return (
    <section>
      <PageHeader title={t('briefing.title')} intro={t('briefing.intro')}>
        {query.data && (
          <>
            <button type="button" className="btn" disabled={download.isPending} onClick={() => download.mutate('docx')}>{t('briefing.docx')}</button>
            <button type="button" className="btn" disabled={download.isPending} onClick={() => download.mutate('pdf')}>{t('briefing.pdf')}</button>
          </>
        )}
      </PageHeader>
      <form className="toolbar" onSubmit={submit}>
        <Field label={t('briefing.month')} type="month" value={month} onChange={(e) => setMonth(e.target.value)} error={fieldError(query.error, 'month')} />
        <Field label={t('briefing.orgUnit')} value={orgUnit} onChange={(e) => setOrgUnit(e.target.value)} error={fieldError(query.error, 'orgUnit')} />
        <button type="submit" className="btn btn-primary">{t('briefing.generate')}</button>
      </form>
      {download.error && <FormError error={download.error} />}
      {shown && (
        <QueryView query={query}>
          {(m) => (
            <article className="briefing-doc" lang="vi">
              <div className="briefing-head">
                <div>
                  {m.parentName && <div>{m.parentName.toUpperCase()}</div>}
                  <strong>{m.issuerName.toUpperCase()}</strong>
                  <div>{m.numberLine}</div>
                </div>
                <div>
                  <strong>CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM</strong>
                  <div><strong>Độc lập - Tự do - Hạnh phúc</strong></div>
                  <em>{m.dateLine}</em>
                </div>
              </div>
              <h2 className="briefing-title">{m.title}<br />{m.subject}</h2>
              <p className="muted small">{t('briefing.figures', { unit: m.figureOrgUnit.nameVi })}</p>
              {m.sections.map((s) => (
                <section key={s.heading}>
                  <h3>{s.heading}</h3>
                  {s.paragraphs.map((p, i) => <Sentence key={i} p={p} />)}
                  {(s.subsections ?? []).map((sub) => (
                    <div key={sub.heading}>
                      <h4>{sub.heading}</h4>
                      {sub.paragraphs.map((p, i) => <Sentence key={i} p={p} />)}
                    </div>
                  ))}
                </section>
              ))}
              <p><strong><em>{t('briefing.recipients')}:</em></strong> {m.recipients.join('; ')}.</p>
            </article>
          )}
        </QueryView>
      )}
    </section>
  );
}
