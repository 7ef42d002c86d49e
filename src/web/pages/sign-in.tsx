import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api, fieldError, setCsrfToken } from '../api/client.ts';
import type { meSchema } from '../../server/modules/auth/schema.ts';
import type { Wire } from '../../core/contract.ts';
import type { healthSchema } from '../../server/modules/health/schema.ts';
import { ME_KEY } from '../auth.tsx';
import { LanguageSwitch } from '../components/layout.tsx';
import { FormError } from '../components/states.tsx';
import { Field } from '../components/ui.tsx';
import { useI18n } from '../i18n/index.tsx';

type Me = Wire<typeof meSchema>;

/** The demo login documented in the README (the server never sends a password). */
const DOCUMENTED_DEMO_PASSWORD = 'demo-tiendo-2023';

export default function SignInPage() {
  const { t, setLang } = useI18n();
  const queryClient = useQueryClient();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  // The demo account is shown only when the server says this installation is the demo.
  const health = useQuery({ queryKey: ['health'], queryFn: () => api<Wire<typeof healthSchema>>('/api/health'), staleTime: 60_000, retry: false });
  const demo = health.data?.demo ?? null;
  const login = useMutation({
    mutationFn: (body: { username: string; password: string }) => api<Me>('/api/auth/login', { method: 'POST', body }),
    onSuccess: (me) => {
      setCsrfToken(me.csrfToken);
      if (me.user?.language && me.user.language !== 'vi') setLang(me.user.language);
      queryClient.setQueryData(ME_KEY, me);
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    login.mutate({ username: username.trim(), password });
  };
  return (
    <div className="sign-in">
      {demo && (
        <div className="demo-banner" role="note">
          {t('app.demoBanner')}
        </div>
      )}
      <div className="sign-in-lang">
        <LanguageSwitch />
      </div>
      <main className="sign-in-card" id="main">
        <div className="brand brand-large">
          <span className="brand-mark" aria-hidden="true" />
          <span>{t('app.name')}</span>
        </div>
        <p className="muted">{t('app.tagline')}</p>
        <h1>{t('signIn.title')}</h1>
        <form onSubmit={submit} noValidate>
          <Field
            label={t('signIn.username')}
            name="username"
            autoComplete="username"
            required
            value={username}
            onChange={(e) => setUsername(e.target.value)}
            error={fieldError(login.error, 'username')}
            autoFocus
          />
          <Field
            label={t('signIn.password')}
            name="password"
            type="password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            error={fieldError(login.error, 'password')}
          />
          {login.error && <FormError error={login.error} />}
          <button type="submit" className="btn btn-primary btn-block" disabled={login.isPending || !username || !password}>
            {login.isPending ? t('signIn.submitting') : t('signIn.submit')}
          </button>
        </form>
        {demo && (
          <aside className="demo-hint" aria-labelledby="demo-title">
            <h2 id="demo-title">{t('signIn.demoTitle')}</h2>
            {demo.documentedLogin ? (
              <>
                <p>
                  {t('signIn.demoText')} <code>{demo.username}</code> / <code>{DOCUMENTED_DEMO_PASSWORD}</code>
                </p>
                <button
                  type="button"
                  className="btn"
                  onClick={() => {
                    setUsername(demo.username);
                    setPassword(DOCUMENTED_DEMO_PASSWORD);
                  }}
                >
                  {t('signIn.useDemo')}
                </button>
              </>
            ) : (
              <p>{t('signIn.demoChanged')}</p>
            )}
          </aside>
        )}
      </main>
    </div>
  );
}
