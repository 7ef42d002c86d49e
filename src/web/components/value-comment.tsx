import { useId, useState } from 'react';
import { useI18n } from '../i18n/index.tsx';

/** The longest comment a value may carry (the server and DHIS2 imports refuse more). */
export const MAX_COMMENT = 2000;

/** A speech bubble drawn inline (an emoji may show as an empty box); filled when the field has a comment. */
function CommentIcon({ filled }: { filled: boolean }) {
  return (
    <svg className="comment-icon" width={15} height={15} viewBox="0 0 16 16" aria-hidden="true" focusable="false">
      <path
        d="M2.5 2.5h11a1 1 0 0 1 1 1v7a1 1 0 0 1-1 1H7l-3.5 2.5V11.5h-1a1 1 0 0 1-1-1v-7a1 1 0 0 1 1-1z"
        fill={filled ? 'currentColor' : 'none'}
        stroke="currentColor"
        strokeWidth="1.4"
        strokeLinejoin="round"
      />
    </svg>
  );
}

/**
 * The comment of one form field: a small button beside the field (with the word "Ghi chú" once the field has a
 * comment, so the marker does not rest on the picture alone) opening a text box under it. An editable form changes
 * the draft's comment (saved by the form's own save); a read-only one shows the comment, and no button at all when
 * there is none.
 */
export function ValueComment({
  fieldKey,
  label,
  comment,
  editable,
  onChange,
}: {
  fieldKey: string;
  label: string;
  comment: string;
  editable: boolean;
  onChange: (key: string, comment: string) => void;
}) {
  const { t, num } = useI18n();
  const [open, setOpen] = useState(false);
  const boxId = `${useId()}-comment`;
  const has = comment.trim() !== '';
  if (!editable && !has) return null;
  return (
    <>
      <button
        type="button"
        className={`comment-toggle${has ? ' has-comment' : ''}`}
        aria-expanded={open}
        aria-controls={boxId}
        aria-label={has ? t('comment.has', { field: label }) : t('comment.add', { field: label })}
        title={has ? (comment.length > 200 ? `${comment.slice(0, 200)}…` : comment) : t('comment.add', { field: label })}
        data-comment-toggle={fieldKey}
        data-has-comment={has ? 'true' : undefined}
        onClick={() => setOpen(!open)}
      >
        <CommentIcon filled={has} />
        {has && <span className="comment-marker">{t('comment.marker')}</span>}
      </button>
      {open && (
        <div className="comment-box" id={boxId} role="group" aria-label={t('comment.of', { field: label })} data-comment-box={fieldKey}>
          {editable ? (
            <>
              <label htmlFor={`${boxId}-text`} className="small">
                <strong>{t('comment.label')}</strong> · {t('comment.hint', { max: num(MAX_COMMENT) })}
              </label>
              <textarea
                id={`${boxId}-text`}
                rows={3}
                maxLength={MAX_COMMENT}
                value={comment}
                aria-describedby={`${boxId}-count`}
                onChange={(e) => onChange(fieldKey, e.target.value)}
                // Opened by the person to write in it: the caret goes there.
                autoFocus
              />
              <div className="comment-actions">
                <span id={`${boxId}-count`} className="muted small">
                  {t('comment.count', { count: num(comment.length), max: num(MAX_COMMENT) })}
                </span>
                {has && (
                  <button type="button" className="btn btn-small" onClick={() => onChange(fieldKey, '')}>
                    {t('comment.remove')}
                  </button>
                )}
                <button type="button" className="btn btn-small btn-primary" onClick={() => setOpen(false)}>
                  {t('comment.done')}
                </button>
              </div>
            </>
          ) : (
            <>
              <p className="comment-text">{comment}</p>
              <div className="comment-actions">
                <span className="muted small">{t('comment.readOnly')}</span>
                <button type="button" className="btn btn-small" onClick={() => setOpen(false)}>
                  {t('comment.close')}
                </button>
              </div>
            </>
          )}
        </div>
      )}
    </>
  );
}
