import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api, apiUpload, downloadFile, fieldError } from '../api/client.ts';
import type { CommitmentDetail, CommitmentEvidence, CommitmentResult, Outcome } from '../api/commitments.ts';
import { CommitmentBadge, StateBadge } from '../components/commitment-status.tsx';
import { FormError, QueryView } from '../components/states.tsx';
import { TargetStatusBadge } from '../components/target-status.tsx';
import { TaskStatusBadge } from '../components/task-status.tsx';
import { Dialog, Field, PageHeader, SelectField } from '../components/ui.tsx';
import { useI18n, type MessageKey } from '../i18n/index.tsx';
import { Link, navigate } from '../router.tsx';
import { CommitmentForm } from './commitments.tsx';

/** The reviewer's verdict on a reviewer-judged result: an evidence file (type read from its content) and the verdict. */
function JudgeForm({ c, r }: { c: CommitmentDetail; r: CommitmentResult }) {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const [verdict, setVerdict] = useState<Outcome>('MET');
  const [note, setNote] = useState('');
  const [file, setFile] = useState<File | null>(null);
  const save = useMutation({
    mutationFn: async () => {
      const evidenceIds: number[] = [];
      if (file) {
        const form = new FormData();
        form.append('file', file);
        evidenceIds.push((await apiUpload<CommitmentEvidence>(`/api/commitments/${c.id}/results/${r.id}/evidence`, form, () => undefined)).id);
      }
      return api(`/api/commitments/${c.id}/results/${r.id}/judgement`, { method: 'POST', body: { verdict, note: note || null, evidenceIds } });
    },
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: ['commitments'] }),
  });
  const err = save.error;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate();
  };
  return (
    <form onSubmit={submit} noValidate className="judge-form">
      <div className="grid grid-2">
        <SelectField label={t('commitments.verdict')} value={verdict} onChange={(e) => setVerdict(e.target.value as Outcome)}>
          {(['MET', 'PARTLY_MET', 'NOT_MET'] as const).map((v) => (
            <option key={v} value={v}>
              {t(`commitments.outcome.${v}`)}
            </option>
          ))}
        </SelectField>
        <Field
          label={t('tasks.field.file')}
          type="file"
          accept=".pdf,.docx,.xlsx,.png,.jpg,.jpeg"
          onChange={(e) => setFile(e.target.files?.[0] ?? null)}
          error={fieldError(err, 'file') ?? fieldError(err, 'evidenceIds')}
        />
      </div>
      <Field label={t('tasks.field.note')} value={note} onChange={(e) => setNote(e.target.value)} />
      {err && <FormError error={err} />}
      <button type="submit" className="btn btn-primary" disabled={save.isPending}>
        {t('commitments.judge')}
      </button>
    </form>
  );
}

function ResultCard({ c, r }: { c: CommitmentDetail; r: CommitmentResult }) {
  const { t, lang, date, num, period } = useI18n();
  return (
    <section className="card result" data-result={r.position} aria-labelledby={`result-${r.id}`}>
      <h2 id={`result-${r.id}`}>
        {r.position}. {r.title} {r.outcome ? <StateBadge state={r.outcome} /> : r.forecast ? <StateBadge state={r.forecast} /> : null}
      </h2>
      {r.measure && (
        <p className="muted">
          {t('commitments.field.measure')}: {r.measure}
        </p>
      )}
      <ul className="reasons">
        {r.reasons.map((x, i) => (
          <li key={i}>
            <StateBadge state={x.state} /> {lang === 'en' ? x.reasonEn : x.reasonVi}
          </li>
        ))}
      </ul>
      {r.tasks.length > 0 && (
        <div className="table-wrap flat">
          <table>
            <thead>
              <tr>
                <th>{t('commitments.linkedTasks')}</th>
                <th>{t('tasks.col.due')}</th>
                <th className="num">{t('tasks.field.progress')}</th>
                <th>{t('common.status')}</th>
              </tr>
            </thead>
            <tbody>
              {r.tasks.map((x) => (
                <tr key={x.id}>
                  <td data-label={t('commitments.linkedTasks')}>
                    <Link to={`/tasks/${x.id}`}>{x.title}</Link>
                    <div className="muted small">{lang === 'en' && x.leadOrgUnit.nameEn ? x.leadOrgUnit.nameEn : x.leadOrgUnit.nameVi}</div>
                  </td>
                  <td data-label={t('tasks.col.due')}>
                    {date(x.effectiveDueDate)}
                    {x.doneOn && (
                      <div className="muted small">
                        {t('tasks.doneOn')}: {date(x.doneOn)}
                      </div>
                    )}
                  </td>
                  <td className="num" data-label={t('tasks.field.progress')}>
                    {x.progressPercent} %
                  </td>
                  <td data-label={t('common.status')}>
                    <TaskStatusBadge status={x.status} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {r.targets.length > 0 && (
        <div className="table-wrap flat">
          <table>
            <thead>
              <tr>
                <th>{t('commitments.linkedTargets')}</th>
                <th className="num">{t('overview.target')}</th>
                <th className="num">{t('commitments.figure')}</th>
                <th>{t('common.status')}</th>
              </tr>
            </thead>
            <tbody>
              {r.targets.map((x) => {
                const unit = x.indicatorUnit ? ` ${x.indicatorUnit}` : '';
                const figure = x.final?.value ?? x.latest?.value ?? null;
                return (
                  <tr key={x.id}>
                    <td data-label={t('commitments.linkedTargets')}>
                      <Link to={`/targets/${x.id}`}>{lang === 'en' && x.indicatorNameEn ? x.indicatorNameEn : x.indicatorNameVi}</Link>
                      <div className="muted small">
                        {x.orgUnitName} · {period(x.targetPeriod)}
                      </div>
                    </td>
                    <td className="num" data-label={t('overview.target')}>
                      {num(x.targetValue, 1)}
                      {unit}
                    </td>
                    <td className="num" data-label={t('commitments.figure')}>
                      {figure === null ? '–' : `${num(figure, 1)}${unit}`}
                      <div className="muted small">{t(`dataStatus.${x.dataStatus}` as MessageKey)}</div>
                    </td>
                    <td data-label={t('common.status')}>
                      <TargetStatusBadge status={x.status} />
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      {r.reviewerJudged && (
        <>
          {r.verdict && (
            <p>
              {t('commitments.verdictBy', { who: r.verdictBy ?? '', when: date(r.verdictAt, true) })}: <StateBadge state={r.verdict} />
              {r.verdictNote && <> — {r.verdictNote}</>}
            </p>
          )}
          <h3>{t('tasks.evidence')}</h3>
          {r.evidence.length === 0 ? (
            <p className="muted">{t('tasks.noEvidence')}</p>
          ) : (
            <ul className="evidence-list">
              {r.evidence.map((e) => (
                <li key={e.id}>
                  <button type="button" className="link" onClick={() => void downloadFile(`/api/commitments/${c.id}/evidence/${e.id}`, e.fileName)}>
                    {e.fileName}
                  </button>
                  <span className="muted small">
                    {' '}
                    · {e.username} · {date(e.createdAt, true)}
                  </span>
                </li>
              ))}
            </ul>
          )}
          {c.can.judge && <JudgeForm c={c} r={r} />}
        </>
      )}
    </section>
  );
}

/** Edit (in a dialog, the creation form filled in) and delete (only while nothing is judged: the server says why not). */
function ManageActions({ c }: { c: CommitmentDetail }) {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const [editing, setEditing] = useState(false);
  const remove = useMutation({
    mutationFn: () => api(`/api/commitments/${c.id}`, { method: 'DELETE' }),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ['commitments'] });
      navigate('/commitments');
    },
  });
  const judged = c.results.some((r) => r.verdict !== null);
  return (
    <div className="toolbar commitment-actions">
      <button type="button" className="btn" onClick={() => setEditing(true)}>
        {t('commitments.edit')}
      </button>
      <button
        type="button"
        className="btn btn-danger"
        disabled={remove.isPending || judged}
        title={judged ? t('commitments.deleteJudged') : undefined}
        onClick={() => {
          if (window.confirm(t('commitments.deleteConfirm', { title: c.title }))) remove.mutate();
        }}
      >
        {t('commitments.delete')}
      </button>
      {judged && <small className="muted">{t('commitments.deleteJudged')}</small>}
      {remove.error && <FormError error={remove.error} />}
      {editing && (
        <Dialog title={t('commitments.edit')} open onClose={() => setEditing(false)}>
          <CommitmentForm
            initial={c}
            onDone={(saved) => {
              setEditing(false);
              if (saved) void queryClient.invalidateQueries({ queryKey: ['commitments'] });
            }}
          />
        </Dialog>
      )}
    </div>
  );
}

export default function CommitmentPage({ params }: { params: Record<string, string> }) {
  const { t, lang, date, num } = useI18n();
  const id = params.id;
  const query = useQuery({ queryKey: ['commitments', 'one', id], queryFn: ({ signal }) => api<CommitmentDetail>(`/api/commitments/${id}`, { signal }) });
  return (
    <QueryView query={query}>
      {(c) => (
        <section className="commitment-page" data-commitment={c.id}>
          <p>
            <Link to="/commitments">← {t('commitments.title')}</Link>
          </p>
          <PageHeader title={c.title} />
          <dl className="facts">
            <dt>{t('commitments.field.officialName')}</dt>
            <dd>
              <span data-official>
                {c.officialName}
                {c.officialPosition && `, ${c.officialPosition}`}
              </span>
              {c.staffMember && (
                <>
                  {' '}
                  ·{' '}
                  <Link to={`/evaluation/staff/${c.staffMember.id}`} data-staff-member={c.staffMember.id}>
                    {t('commitments.staffRecord')}: {c.staffMember.fullName} ({c.staffMember.orgUnitName})
                  </Link>
                </>
              )}
            </dd>
            <dt>{t('commitments.field.orgUnit')}</dt>
            <dd>{lang === 'en' && c.orgUnit.nameEn ? c.orgUnit.nameEn : c.orgUnit.nameVi}</dd>
            <dt>{t('commitments.period')}</dt>
            <dd>
              {date(c.startDate)} – {date(c.endDate)}
              {c.phase === 'IN_PROGRESS' && <span className="muted"> ({t('commitments.elapsed', { share: num(c.elapsed * 100, 0) })})</span>}
            </dd>
            {c.sourceDocument && (
              <>
                <dt>{t('commitments.field.sourceDocument')}</dt>
                <dd>{c.sourceDocument}</dd>
              </>
            )}
            <dt>{c.outcome ? t('commitments.outcome') : t('commitments.forecast')}</dt>
            <dd className="commitment-verdict">
              <CommitmentBadge c={c} /> <span>{lang === 'en' ? c.reasonEn : c.reasonVi}</span>
            </dd>
          </dl>
          {c.can.manage && <ManageActions c={c} />}
          <p className="muted small">{t('commitments.rule')}</p>
          {c.results.map((r) => (
            <ResultCard key={r.id} c={c} r={r} />
          ))}
        </section>
      )}
    </QueryView>
  );
}
