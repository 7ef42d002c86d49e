import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api, fieldError } from '../api/client.ts';
import { ME_KEY } from '../auth.tsx';
import { FormError } from '../components/states.tsx';
import { Field, Notice, PageHeader } from '../components/ui.tsx';
import { useI18n } from '../i18n/index.tsx';

export default function ChangePasswordPage({ params }: { params: Record<string, string> }) {
  const forced = params.forced === 'true';
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const [currentPassword, setCurrent] = useState('');
  const [newPassword, setNew] = useState('');
  const change = useMutation({
    mutationFn: () => api('/api/auth/password', { method: 'POST', body: { currentPassword, newPassword } }),
    onSuccess: () => {
      setCurrent('');
      setNew('');
      void queryClient.invalidateQueries({ queryKey: ME_KEY });
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    change.mutate();
  };
  return (
    <section className="narrow">
      <PageHeader title={t('user.changePassword')} intro={forced ? t('signIn.mustChange') : undefined} />
      <form onSubmit={submit} className="card" noValidate>
        <Field
          label={t('user.currentPassword')}
          type="password"
          autoComplete="current-password"
          value={currentPassword}
          onChange={(e) => setCurrent(e.target.value)}
          error={fieldError(change.error, 'currentPassword')}
          required
        />
        <Field
          label={t('user.newPassword')}
          type="password"
          autoComplete="new-password"
          value={newPassword}
          onChange={(e) => setNew(e.target.value)}
          error={fieldError(change.error, 'newPassword')}
          required
        />
        {change.error && !fieldError(change.error, 'currentPassword') && !fieldError(change.error, 'newPassword') && <FormError error={change.error} />}
        {change.isSuccess && <Notice>{t('user.passwordChanged')}</Notice>}
        <button type="submit" className="btn btn-primary" disabled={change.isPending || !currentPassword || !newPassword}>
          {t('common.save')}
        </button>
      </form>
    </section>
  );
}
