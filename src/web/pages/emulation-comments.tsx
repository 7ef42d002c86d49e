import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api, fieldError } from '../api/client.ts';
import type { CommentPeriod } from '../api/emulation.ts';
import { QueryView } from '../components/states.tsx';
import { Field, Notice } from '../components/ui.tsx';
import { useI18n } from '../i18n/index.tsx';
import { FormError, TextArea } from './emulation-forms.tsx';

/**
 * The public comment period of a nomination (Decree 98/2023, Article 46 clause 2): the rule and whether it applies,
 * the window and where the list is published, whether the nomination may go to the council, the comments received;
 * the proposing unit's officers set the window (before the council) and record each comment received.
 */
export function CommentPeriodPanel({ nominationId, editable }: { nominationId: number; editable: boolean }) {
  const { t, lang, date } = useI18n();
  const qc = useQueryClient();
  const key = ['emulation', 'comments', nominationId];
  const query = useQuery({ queryKey: key, queryFn: ({ signal }) => api<CommentPeriod>(`/api/emulation/nominations/${nominationId}/comments`, { signal }) });
  const [opensOn, setOpensOn] = useState('');
  const [closesOn, setClosesOn] = useState('');
  const [notice, setNotice] = useState('');
  const [commenter, setCommenter] = useState('');
  const [content, setContent] = useState('');
  const [receivedOn, setReceivedOn] = useState('');
  const setWindow = useMutation({
    mutationFn: () => api<CommentPeriod>(`/api/emulation/nominations/${nominationId}/comment-period`, { method: 'PUT', body: { opensOn, closesOn, notice: notice.trim() || null } }),
    onSuccess: (data) => qc.setQueryData(key, data),
  });
  const addComment = useMutation({
    mutationFn: () => api<{ id: number }>(`/api/emulation/nominations/${nominationId}/comments`, { method: 'POST', body: { commenter, content, receivedOn } }),
    onSuccess: () => {
      setCommenter('');
      setContent('');
      setReceivedOn('');
      void qc.invalidateQueries({ queryKey: key });
    },
  });
  return (
    <section className="comment-period" aria-label={t('emuc.title')} data-comment-period={nominationId}>
      <QueryView query={query}>
        {(p) => (
          <>
            <p>{p.required ? t('emuc.required', { days: p.rule?.minWorkingDays ?? 0, article: p.rule?.article ?? '' }) : t('emuc.notRequired')}</p>
            {p.window && (
              <p data-window>
                {t('emuc.window', { from: date(p.window.opensOn), to: date(p.window.closesOn) })}
                {p.notice && <> — {p.notice}</>}
              </p>
            )}
            <Notice kind={p.readyForCouncil.ok ? 'ok' : 'warn'}>
              <span data-ready={p.readyForCouncil.ok}>
                {lang === 'en' ? p.readyForCouncil.reasonEn : p.readyForCouncil.reasonVi}
                {p.readyForCouncil.article && <small className="muted"> ({p.readyForCouncil.article})</small>}
              </span>
            </Notice>
            <h4>{t('emuc.comments', { n: p.comments.length })}</h4>
            {p.comments.length === 0 ? (
              <p className="muted">{t('emuc.noComments')}</p>
            ) : (
              <ul data-comments>
                {p.comments.map((c) => (
                  <li key={c.id}>
                    <strong>{c.commenter}</strong> ({date(c.receivedOn)}): {c.content} <small className="muted">— {t('emuc.recordedBy', { who: c.recordedBy })}</small>
                  </li>
                ))}
              </ul>
            )}
            {editable && p.required && (
              <form
                className="card stack"
                noValidate
                onSubmit={(e: FormEvent) => {
                  e.preventDefault();
                  setWindow.mutate();
                }}
              >
                <h4>{p.window ? t('emuc.changeWindow') : t('emuc.setWindow')}</h4>
                <Field label={t('emuc.opensOn')} type="date" value={opensOn} required onChange={(e) => setOpensOn(e.target.value)} error={fieldError(setWindow.error, 'opensOn')} />
                <Field label={t('emuc.closesOn')} type="date" value={closesOn} required onChange={(e) => setClosesOn(e.target.value)} error={fieldError(setWindow.error, 'closesOn')} />
                <Field label={t('emuc.notice')} value={notice} maxLength={1000} onChange={(e) => setNotice(e.target.value)} error={fieldError(setWindow.error, 'notice')} hint={t('emuc.noticeHint')} />
                <FormError err={setWindow.error} fields={['opensOn', 'closesOn', 'notice']} />
                {setWindow.isSuccess && <Notice>{t('emuc.windowSaved')}</Notice>}
                <div>
                  <button type="submit" className="btn btn-primary" disabled={setWindow.isPending}>
                    {t('emuc.saveWindow')}
                  </button>
                </div>
              </form>
            )}
            {editable && p.window && (
              <form
                className="card stack"
                noValidate
                onSubmit={(e: FormEvent) => {
                  e.preventDefault();
                  addComment.mutate();
                }}
              >
                <h4>{t('emuc.addComment')}</h4>
                <Field
                  label={t('emuc.commenter')}
                  value={commenter}
                  required
                  maxLength={300}
                  onChange={(e) => setCommenter(e.target.value)}
                  error={fieldError(addComment.error, 'commenter')}
                  hint={t('emuc.commenterHint')}
                />
                <Field label={t('emuc.receivedOn')} type="date" value={receivedOn} required onChange={(e) => setReceivedOn(e.target.value)} error={fieldError(addComment.error, 'receivedOn')} />
                <TextArea label={t('emuc.content')} value={content} required onChange={setContent} error={fieldError(addComment.error, 'content')} />
                <FormError err={addComment.error} fields={['commenter', 'content', 'receivedOn']} />
                {addComment.isSuccess && <Notice>{t('emuc.commentSaved')}</Notice>}
                <div>
                  <button type="submit" className="btn btn-primary" disabled={addComment.isPending}>
                    {t('emuc.saveComment')}
                  </button>
                </div>
              </form>
            )}
          </>
        )}
      </QueryView>
    </section>
  );
}
