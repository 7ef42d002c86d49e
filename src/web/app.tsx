import { lazy, Suspense, useEffect, useRef, type ComponentType, type LazyExoticComponent } from 'react';
import { useAuth } from './auth.tsx';
import { Layout, type NavItem } from './components/layout.tsx';
import { ErrorBoundary } from './components/error-boundary.tsx';
import { ErrorState, Loading } from './components/states.tsx';
import { useI18n } from './i18n/index.tsx';
import { Link, matchPath, useLocation } from './router.tsx';
import SignInPage from './pages/sign-in.tsx';

type Page = LazyExoticComponent<ComponentType<{ params: Record<string, string> }>>;

// Every page is its own chunk, loaded when first opened.
const ROUTES: { pattern: string; page: Page }[] = [
  { pattern: '/', page: lazy(() => import('./pages/home.tsx')) },
  { pattern: '/overview', page: lazy(() => import('./pages/overview.tsx')) },
  { pattern: '/account/password', page: lazy(() => import('./pages/change-password.tsx')) },
  { pattern: '/indicators/:code', page: lazy(() => import('./pages/indicator.tsx')) },
  { pattern: '/targets/:id', page: lazy(() => import('./pages/target.tsx')) },
  { pattern: '/data-entry', page: lazy(() => import('./pages/data-entry.tsx')) },
  { pattern: '/completeness', page: lazy(() => import('./pages/completeness.tsx')) },
  { pattern: '/data-quality', page: lazy(() => import('./pages/data-quality.tsx')) },
  { pattern: '/alerts', page: lazy(() => import('./pages/alerts.tsx')) },
  { pattern: '/tasks', page: lazy(() => import('./pages/tasks.tsx')) },
  { pattern: '/tasks/import', page: lazy(() => import('./pages/tasks-import.tsx')) },
  { pattern: '/tasks/:id', page: lazy(() => import('./pages/task.tsx')) },
  { pattern: '/commitments', page: lazy(() => import('./pages/commitments.tsx')) },
  { pattern: '/commitments/:id', page: lazy(() => import('./pages/commitment.tsx')) },
  { pattern: '/tasks/:id/edit', page: lazy(() => import('./pages/task-edit.tsx')) },
  { pattern: '/briefing', page: lazy(() => import('./pages/briefing.tsx')) },
  { pattern: '/evaluation', page: lazy(() => import('./pages/evaluation.tsx')) },
  { pattern: '/evaluation/staff/:id', page: lazy(() => import('./pages/evaluation.tsx')) },
  { pattern: '/emulation', page: lazy(() => import('./pages/emulation.tsx')) },
  { pattern: '/emulation/sessions/:id', page: lazy(() => import('./pages/emulation-session.tsx')) },
  { pattern: '/takedown', page: lazy(() => import('./pages/takedown.tsx')) },
  { pattern: '/takedown/batches/:id', page: lazy(() => import('./pages/takedown-batch.tsx')) },
  { pattern: '/admin/indicators', page: lazy(() => import('./pages/indicators-admin.tsx')) },
  { pattern: '/admin/data-elements', page: lazy(() => import('./pages/data-elements-admin.tsx')) },
  { pattern: '/admin/targets', page: lazy(() => import('./pages/targets-admin.tsx')) },
  { pattern: '/admin/regimes', page: lazy(() => import('./pages/regimes.tsx')) },
  { pattern: '/admin/validation-rules', page: lazy(() => import('./pages/validation-rules-admin.tsx')) },
  { pattern: '/admin/org-units', page: lazy(() => import('./pages/org-units.tsx')) },
  { pattern: '/admin/users', page: lazy(() => import('./pages/users.tsx')) },
  { pattern: '/admin/tokens', page: lazy(() => import('./pages/tokens.tsx')) },
  { pattern: '/admin/audit', page: lazy(() => import('./pages/audit.tsx')) },
  { pattern: '/admin/open-data', page: lazy(() => import('./pages/open-data-admin.tsx')) },
  // Indicator catalogue and free analysis.
  { pattern: '/catalogue', page: lazy(() => import('./pages/catalogue.tsx')) },
  { pattern: '/analysis', page: lazy(() => import('./pages/analysis.tsx')) },
];

// Public pages, open to everybody without signing in (published open data only).
const PUBLIC_ROUTES: { pattern: string; page: Page }[] = [
  { pattern: '/du-lieu-mo', page: lazy(() => import('./pages/open-data.tsx')) },
  { pattern: '/du-lieu-mo/:code', page: lazy(() => import('./pages/open-data.tsx')) },
];

export const NAV: NavItem[] = [
  // Leadership's home is the overview itself; the other roles land on their work and reach the overview here.
  { to: '/', label: 'nav.home', overviewHome: 'nav.overview' },
  { to: '/overview', label: 'nav.overview', permission: 'data.read', overviewHome: 'hide' },
  // Only those who enter figures see the form (leadership would meet a form it cannot use).
  { to: '/data-entry', label: 'nav.dataEntry', permission: 'data.write' },
  { to: '/completeness', label: 'nav.completeness', permission: 'data.read' },
  { to: '/data-quality', label: 'nav.quality', permission: 'data.read' },
  { to: '/alerts', label: 'nav.alerts', permission: 'data.read' },
  { to: '/du-lieu-mo', label: 'od.title' },
  { to: '/tasks', label: 'nav.tasks', permission: 'task.read' },
  { to: '/commitments', label: 'nav.commitments', permission: 'commitment.read' },
  { to: '/briefing', label: 'nav.briefing', permission: 'data.read' },
  { to: '/catalogue', label: 'nav.catalogue', permission: 'data.read' },
  { to: '/analysis', label: 'nav.analysis', permission: 'data.read' },
  // Everyone signed in sees their own evaluation; the unit's tab needs evaluation.read.
  { to: '/evaluation', label: 'nav.evaluation' },
  { to: '/emulation', label: 'nav.emulation', permission: 'emulation.read' },
  { to: '/takedown', label: 'nav.takedown', permission: 'takedown.read' },
  { to: '/admin/indicators', label: 'nav.indicators.admin', permission: 'metadata.write', group: 'admin' },
  { to: '/admin/data-elements', label: 'nav.dataElements', permission: 'metadata.write', group: 'admin' },
  { to: '/admin/targets', label: 'nav.targets', permission: 'metadata.write', group: 'admin' },
  { to: '/admin/regimes', label: 'nav.regimes', permission: 'metadata.read', group: 'admin' },
  { to: '/admin/validation-rules', label: 'nav.validationRules', permission: 'metadata.write', group: 'admin' },
  { to: '/admin/org-units', label: 'nav.orgUnits', permission: 'orgunit.read', group: 'admin' },
  { to: '/admin/users', label: 'nav.users', permission: 'user.manage', group: 'admin' },
  { to: '/admin/tokens', label: 'nav.tokens', permission: 'token.manage', group: 'admin' },
  { to: '/admin/audit', label: 'nav.audit', permission: 'audit.read', group: 'admin' },
  // Leadership approves releases here; administrators also define datasets, announce and publish.
  { to: '/admin/open-data', label: 'nav.openDataAdmin', permission: 'opendata.approve', group: 'admin' },
];

function NotFound() {
  const { t } = useI18n();
  return (
    <div className="state state-empty">
      <h1>{t('state.notFoundTitle')}</h1>
      <p>{t('state.notFoundHelp')}</p>
      <Link to="/" className="btn">
        {t('nav.overview')}
      </Link>
    </div>
  );
}

export function App() {
  const { me, isLoading, error, retry } = useAuth();
  const { path } = useLocation();
  const firstPath = useRef(path);
  useEffect(() => {
    // After a client-side navigation, move focus to the new page so screen readers announce it.
    if (path === firstPath.current) return;
    firstPath.current = path;
    document.getElementById('main')?.focus({ preventScroll: true });
  }, [path]);
  for (const route of PUBLIC_ROUTES) {
    const params = matchPath(route.pattern, path);
    if (params) {
      const Page = route.page;
      return (
        <ErrorBoundary key={path}>
          <Suspense fallback={<Loading />}>
            <Page params={params} />
          </Suspense>
        </ErrorBoundary>
      );
    }
  }
  if (isLoading) return <Loading />;
  if (error && !me) {
    return (
      <main id="main" className="narrow boot-error">
        <ErrorState error={error} onRetry={retry} />
      </main>
    );
  }
  if (!me) return <SignInPage />;
  let content = <NotFound />;
  if (me.user?.mustChangePassword) {
    const ChangePassword = ROUTES.find((r) => r.pattern === '/account/password')!.page;
    content = <ChangePassword params={{ forced: 'true' }} />;
  } else {
    for (const route of ROUTES) {
      const params = matchPath(route.pattern, path);
      if (params) {
        const Page = route.page;
        content = <Page params={params} />;
        break;
      }
    }
  }
  return (
    <Layout nav={NAV}>
      <ErrorBoundary key={path}>
        <Suspense fallback={<Loading />}>{content}</Suspense>
      </ErrorBoundary>
    </Layout>
  );
}
