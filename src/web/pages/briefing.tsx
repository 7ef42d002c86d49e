import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent, type ReactNode } from 'react';
import { api, downloadFile, fieldError } from '../api/client.ts';
import type { BriefingModel, BriefingReport, ConclusionTasks } from '../api/briefings.ts';
import { useAuth } from '../auth.tsx';
import { FormError, QueryView } from '../components/states.tsx';
import { Field, PageHeader } from '../components/ui.tsx';
import { useI18n } from '../i18n/index.tsx';
import { navigate, useSearchParam } from '../router.tsx';
import { Explain } from './indicator.tsx';

type Paragraph = BriefingModel['sections'][number]['paragraphs'][number];
type FigureRef = Paragraph['figures'][number];
type Part = BriefingModel['sections'][number];

/** A sentence whose every quoted number opens the explanation of the analytics cell it came from. */
function Sentence({ p, onExplain }: { p: Paragraph; onExplain: (f: FigureRef) => void }) {
  const parts: ReactNode[] = [];
  let at = 0;
  for (const [i, f] of p.figures.entries()) {
    if (!f.shown) continue;
    const found = p.text.indexOf(f.shown, at);
    if (found < 0) continue;
    parts.push(p.text.slice(at, found));
    parts.push(
      <button key={i} type="button" className="figure-link" title={`${f.indicator} · ${f.period} · ${f.orgUnit}`} onClick={() => onExplain(f)}>
        {f.shown}
      </button>,
    );
    at = found + f.shown.length;
  }
  parts.push(p.text.slice(at));
  return <p data-figures={p.figures.map((f) => `${f.indicator}:${f.period}`).join(' ')}>{parts}</p>;
}

/** One part of a draft: its text, and an editor of it when the draft may be amended. */
function PartView({ part, level, report, onExplain }: { part: Part; level: 3 | 4; report: BriefingReport | null; onExplain: (f: FigureRef) => void }) {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const [editing, setEditing] = useState<string | null>(null);
  const save = useMutation({
    mutationFn: (paragraphs: string[] | null) => api<BriefingReport>(`/api/briefings/${report!.id}/sections`, { method: 'PUT', body: { key: part.key, paragraphs, version: report!.version } }),
    onSuccess: (view) => {
      queryClient.setQueryData(['briefing-report', String(view.id)], view);
      setEditing(null);
    },
  });
  const Heading = level === 3 ? 'h3' : 'h4';
  const editable = report?.can.edit && part.key && part.key !== 'conclusions';
  return (
    <div className="briefing-part" data-key={part.key}>
      <Heading>
        {part.heading}
        {part.edited && <span className="badge">{t('briefing.edited')}</span>}
        {editable && editing === null && (
          <button type="button" className="btn btn-small" onClick={() => setEditing(part.paragraphs.map((p) => p.text).join('\n'))}>
            {t('briefing.edit')}
          </button>
        )}
      </Heading>
      {part.carriedFrom && <p className="muted small">{t('briefing.carried', { symbol: part.carriedFrom })}</p>}
      {editing !== null ? (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            save.mutate(
              editing
                .split('\n')
                .map((x) => x.trim())
                .filter(Boolean),
            );
          }}
        >
          <label className="field">
            <span>{t('briefing.partText')}</span>
            <textarea rows={Math.min(16, Math.max(4, editing.split('\n').length + 1))} value={editing} onChange={(e) => setEditing(e.target.value)} />
          </label>
          {save.error && <FormError error={save.error} />}
          <div className="toolbar">
            <button type="submit" className="btn btn-primary" disabled={save.isPending}>
              {t('briefing.save')}
            </button>
            {part.edited && (
              <button type="button" className="btn" onClick={() => save.mutate(null)}>
                {t('briefing.restore')}
              </button>
            )}
            <button type="button" className="btn" onClick={() => setEditing(null)}>
              {t('briefing.cancel')}
            </button>
          </div>
        </form>
      ) : (
        part.paragraphs.map((p, i) => <Sentence key={i} p={p} onExplain={onExplain} />)
      )}
    </div>
  );
}

interface ConclusionRow {
  text: string;
  leadOrgUnit: string;
  dueDate: string;
}

function ConclusionsEditor({ report }: { report: BriefingReport }) {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const [rows, setRows] = useState<ConclusionRow[]>(report.conclusions.map((c) => ({ text: c.text, leadOrgUnit: c.leadOrgUnit.code, dueDate: c.dueDate })));
  const save = useMutation({
    mutationFn: () => api<BriefingReport>(`/api/briefings/${report.id}/conclusions`, { method: 'PUT', body: { items: rows, version: report.version } }),
    onSuccess: (view) => queryClient.setQueryData(['briefing-report', String(view.id)], view),
  });
  const set = (i: number, change: Partial<ConclusionRow>) => setRows(rows.map((r, j) => (j === i ? { ...r, ...change } : r)));
  return (
    <form
      className="briefing-conclusions"
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate();
      }}
    >
      <h4>{t('briefing.conclusions')}</h4>
      {rows.map((r, i) => (
        <div key={i} className="toolbar">
          <Field label={t('briefing.conclusionText', { n: i + 1 })} value={r.text} onChange={(e) => set(i, { text: e.target.value })} error={fieldError(save.error, `items[${i}].text`)} />
          <Field label={t('briefing.conclusionLead')} value={r.leadOrgUnit} onChange={(e) => set(i, { leadOrgUnit: e.target.value })} error={fieldError(save.error, `items[${i}].leadOrgUnit`)} />
          <Field label={t('briefing.conclusionDue')} type="date" value={r.dueDate} onChange={(e) => set(i, { dueDate: e.target.value })} error={fieldError(save.error, `items[${i}].dueDate`)} />
          <button type="button" className="btn btn-small" onClick={() => setRows(rows.filter((_, j) => j !== i))}>
            {t('briefing.remove')}
          </button>
        </div>
      ))}
      <div className="toolbar">
        <button type="button" className="btn" onClick={() => setRows([...rows, { text: '', leadOrgUnit: report.orgUnit.code, dueDate: '' }])}>
          {t('briefing.addConclusion')}
        </button>
        <button type="submit" className="btn btn-primary" disabled={save.isPending}>
          {t('briefing.saveConclusions')}
        </button>
      </div>
      {save.error && <FormError error={save.error} />}
    </form>
  );
}

/** The document on screen: the heading block of Decree 30, its parts, the conclusions. */
function BriefingDocument({ m, report }: { m: BriefingModel; report: BriefingReport | null }) {
  const { t } = useI18n();
  const [explain, setExplain] = useState<FigureRef | null>(null);
  return (
    <article className="briefing-doc" lang="vi">
      <div className="briefing-head">
        <div>
          {m.parentName && <div>{m.parentName.toUpperCase()}</div>}
          <strong>{m.issuerName.toUpperCase()}</strong>
          <div>{m.numberLine}</div>
        </div>
        <div>
          <strong>CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM</strong>
          <div>
            <strong>Độc lập - Tự do - Hạnh phúc</strong>
          </div>
          <em>{m.dateLine}</em>
        </div>
      </div>
      <h2 className="briefing-title">
        {m.title}
        <br />
        {m.subject}
      </h2>
      <p className="muted small">{t('briefing.figures', { unit: m.figureOrgUnit.nameVi })}</p>
      {m.sections.map((s) => (
        <section key={s.key ?? s.heading}>
          <PartView part={s} level={3} report={report} onExplain={setExplain} />
          {(s.subsections ?? []).map((sub) => (
            <PartView key={sub.key ?? sub.heading} part={sub} level={4} report={report} onExplain={setExplain} />
          ))}
          {s.key === 'conclusions' && report?.can.edit && <ConclusionsEditor report={report} />}
        </section>
      ))}
      <p>
        <strong>
          <em>{t('briefing.recipients')}:</em>
        </strong>{' '}
        {m.recipients.join('; ')}.
      </p>
      {explain && <Explain dx={explain.indicator} pe={explain.period} ou={explain.orgUnit} dataStatus="SUBMITTED" onClose={() => setExplain(null)} />}
    </article>
  );
}

/** A stored briefing: draft (amend, conclusions, finalise) or finalised (download, start the next, conclusions to tasks). */
function ReportView({ id }: { id: string }) {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const query = useQuery({ queryKey: ['briefing-report', id], queryFn: ({ signal }) => api<BriefingReport>(`/api/briefings/${id}`, { signal }) });
  const finalise = useMutation({
    mutationFn: (view: BriefingReport) => api<BriefingReport>(`/api/briefings/${view.id}/finalise`, { method: 'POST', body: { version: view.version } }),
    onSuccess: (view) => queryClient.setQueryData(['briefing-report', id], view),
  });
  const startNext = useMutation({
    mutationFn: (view: BriefingReport) => api<BriefingReport>('/api/briefings', { method: 'POST', body: { basedOn: view.id } }),
    onSuccess: (view) => navigate(`/briefing?id=${view.id}`),
  });
  const toTasks = useMutation({
    mutationFn: (view: BriefingReport) => api<ConclusionTasks>(`/api/briefings/${view.id}/tasks`, { method: 'POST', body: { assignerName: view.document.signer.name ?? view.orgUnit.nameVi } }),
    onSuccess: () => query.refetch(),
  });
  const download = useMutation({
    mutationFn: ({ view, format }: { view: BriefingReport; format: 'docx' | 'pdf' }) =>
      downloadFile(`/api/briefings/${view.id}`, `bao-cao-giao-ban-${view.month}${view.symbol ? `-so-${view.symbol.split('/')[0]}` : ''}.${format}`, { query: { format } }),
  });
  return (
    <QueryView query={query}>
      {(view) => (
        <>
          <div className="toolbar briefing-actions">
            <span className={`badge ${view.state === 'FINAL' ? 'badge-ok' : ''}`}>{view.state === 'FINAL' ? t('briefing.final', { symbol: view.symbol ?? '' }) : t('briefing.draft')}</span>
            {view.can.finalise && (
              <button
                type="button"
                className="btn btn-primary"
                disabled={finalise.isPending}
                onClick={() => {
                  if (window.confirm(t('briefing.finaliseConfirm'))) finalise.mutate(view);
                }}
              >
                {t('briefing.finalise')}
              </button>
            )}
            <button type="button" className="btn" disabled={download.isPending} onClick={() => download.mutate({ view, format: 'docx' })}>
              {t('briefing.docx')}
            </button>
            <button type="button" className="btn" disabled={download.isPending} onClick={() => download.mutate({ view, format: 'pdf' })}>
              {t('briefing.pdf')}
            </button>
            {view.state === 'FINAL' && (
              <button type="button" className="btn" disabled={startNext.isPending} onClick={() => startNext.mutate(view)}>
                {t('briefing.startNext')}
              </button>
            )}
            {view.can.createTasks && (
              <button type="button" className="btn" disabled={toTasks.isPending} onClick={() => toTasks.mutate(view)}>
                {t('briefing.toTasks')}
              </button>
            )}
          </div>
          {view.conclusions.some((c) => c.taskId) && <p className="muted small">{t('briefing.tasksCreated', { count: view.conclusions.filter((c) => c.taskId).length })}</p>}
          {[finalise.error, startNext.error, toTasks.error, download.error].map((e, i) => e && <FormError key={i} error={e} />)}
          <BriefingDocument m={view.document} report={view} />
        </>
      )}
    </QueryView>
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
  const [idParam] = useSearchParam('id');
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
  const createDraft = useMutation({
    mutationFn: () => api<BriefingReport>('/api/briefings', { method: 'POST', body: { month: shown?.month, orgUnit: shown?.orgUnit } }),
    onSuccess: (view) => navigate(`/briefing?id=${view.id}`),
  });
  if (idParam) {
    return (
      <section>
        <PageHeader title={t('briefing.title')} intro={t('briefing.intro')} />
        <ReportView id={idParam} />
      </section>
    );
  }
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
            <button type="button" className="btn btn-primary" disabled={createDraft.isPending} onClick={() => createDraft.mutate()}>
              {t('briefing.createDraft')}
            </button>
            <button type="button" className="btn" disabled={download.isPending} onClick={() => download.mutate('docx')}>
              {t('briefing.docx')}
            </button>
            <button type="button" className="btn" disabled={download.isPending} onClick={() => download.mutate('pdf')}>
              {t('briefing.pdf')}
            </button>
          </>
        )}
      </PageHeader>
      <form className="toolbar" onSubmit={submit}>
        <Field label={t('briefing.month')} type="month" value={month} onChange={(e) => setMonth(e.target.value)} error={fieldError(query.error, 'month')} />
        <Field label={t('briefing.orgUnit')} value={orgUnit} onChange={(e) => setOrgUnit(e.target.value)} error={fieldError(query.error, 'orgUnit')} />
        <button type="submit" className="btn btn-primary">
          {t('briefing.generate')}
        </button>
      </form>
      {download.error && <FormError error={download.error} />}
      {createDraft.error && <FormError error={createDraft.error} />}
      {shown && <QueryView query={query}>{(m) => <BriefingDocument m={m} report={null} />}</QueryView>}
    </section>
  );
}
