import { useEffect, useRef, useState, type ReactNode } from 'react';
import { useQuery } from '@tanstack/react-query';
import { api } from '../api/client.ts';
import type { Permission } from '../../server/access.ts';
import type { Wire } from '../../core/contract.ts';
import type { healthSchema } from '../../server/modules/health/schema.ts';
import { isOverviewHome } from '../lib/home.ts';
import { useAuth } from '../auth.tsx';
import { useI18n, type MessageKey } from '../i18n/index.tsx';
import { Link, navigate, useLocation } from '../router.tsx';
import { NotificationBell } from './notifications.tsx';

export interface NavItem {
  to: string;
  label: MessageKey;
  permission?: Permission;
  group?: 'admin';
  /** Where the home is the overview: hidden (it would repeat the home), or shown under another name. */
  overviewHome?: 'hide' | MessageKey;
}

export function LanguageSwitch() {
  const { lang, setLang, t } = useI18n();
  return (
    <div className="lang-switch" role="group" aria-label={t('lang.label')}>
      {(['vi', 'en'] as const).map((l) => (
        <button key={l} type="button" lang={l} aria-pressed={lang === l} className={lang === l ? 'active' : ''} onClick={() => setLang(l)}>
          {l === 'vi' ? 'VI' : 'EN'}
          <span className="sr-only"> {t(l === 'vi' ? 'lang.vi' : 'lang.en')}</span>
        </button>
      ))}
    </div>
  );
}

function UserMenu() {
  const { me, signOut } = useAuth();
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!open) return;
    // Close on a click elsewhere or Escape, as menus do.
    const onClick = (e: MouseEvent) => {
      if (box.current && !box.current.contains(e.target as Node)) setOpen(false);
    };
    const onKey = (e: KeyboardEvent) => e.key === 'Escape' && setOpen(false);
    document.addEventListener('mousedown', onClick);
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('mousedown', onClick);
      document.removeEventListener('keydown', onKey);
    };
  }, [open]);
  const name = me?.user?.displayName ?? me?.user?.username ?? '';
  return (
    <div className="user-menu" ref={box}>
      <button type="button" className="user-button" aria-haspopup="menu" aria-expanded={open} onClick={() => setOpen(!open)}>
        <span className="avatar" aria-hidden="true">
          {name.slice(0, 1).toUpperCase()}
        </span>
        <span className="user-name">{name}</span>
        <span className="sr-only">{t('user.menu')}</span>
      </button>
      {open && (
        <div className="user-dropdown" role="menu">
          <div className="user-dropdown-head">
            <strong>{name}</strong>
            <small className="muted">{me?.user?.username}</small>
            <small className="muted">{me?.scopes.map((s) => `${t(`role.${s.role}` as MessageKey)}${s.orgUnitName ? ` · ${s.orgUnitName}` : ''}`).join('; ')}</small>
          </div>
          <button
            type="button"
            role="menuitem"
            onClick={() => {
              setOpen(false);
              navigate('/account/password');
            }}
          >
            {t('user.changePassword')}
          </button>
          <button
            type="button"
            role="menuitem"
            onClick={() => {
              setOpen(false);
              void signOut().then(() => navigate('/'));
            }}
          >
            {t('user.signOut')}
          </button>
        </div>
      )}
    </div>
  );
}

/** On a demo installation every page says so, in the top bar. */
function DemoBadge() {
  const { t } = useI18n();
  const health = useQuery({ queryKey: ['health'], queryFn: () => api<Wire<typeof healthSchema>>('/api/health'), staleTime: 60_000, retry: false });
  if (!health.data?.demo) return null;
  return (
    <span className="demo-badge" role="note" title={t('app.demoBanner')}>
      {t('app.demoBadge')}
    </span>
  );
}

export function Layout({ nav, children }: { nav: NavItem[]; children: ReactNode }) {
  const { t } = useI18n();
  const { can, me } = useAuth();
  const { path } = useLocation();
  const overviewHome = isOverviewHome(me?.scopes.map((s) => s.role) ?? [], can('data.write'));
  const [menuOpen, setMenuOpen] = useState(false);
  useEffect(() => setMenuOpen(false), [path]);
  const visible = nav
    .filter((item) => (!item.permission || can(item.permission)) && !(overviewHome && item.overviewHome === 'hide'))
    .map((item) => (overviewHome && item.overviewHome && item.overviewHome !== 'hide' ? { ...item, label: item.overviewHome } : item));
  const isActive = (to: string) => (to === '/' ? path === '/' : path === to || path.startsWith(`${to}/`));
  const renderItems = (items: NavItem[]) =>
    items.map((item) => (
      <li key={item.to}>
        <Link to={item.to} aria-current={isActive(item.to) ? 'page' : undefined} className={isActive(item.to) ? 'active' : ''}>
          {t(item.label)}
        </Link>
      </li>
    ));
  const main = visible.filter((i) => !i.group);
  const admin = visible.filter((i) => i.group === 'admin');
  return (
    <div className={`shell${menuOpen ? ' menu-open' : ''}`}>
      <a className="skip-link" href="#main">
        {t('app.skipToContent')}
      </a>
      <header className="topbar">
        <button type="button" className="btn-icon menu-toggle" aria-expanded={menuOpen} aria-controls="sidebar" onClick={() => setMenuOpen(!menuOpen)}>
          <span aria-hidden="true">☰</span>
          <span className="sr-only">{t(menuOpen ? 'nav.closeMenu' : 'nav.openMenu')}</span>
        </button>
        <Link to="/" className="brand">
          <span className="brand-mark" aria-hidden="true" />
          <span>{t('app.name')}</span>
        </Link>
        <DemoBadge />
        <div className="topbar-right">
          <LanguageSwitch />
          <NotificationBell />
          <UserMenu />
        </div>
      </header>
      <nav id="sidebar" className="sidebar" aria-label={t('nav.main')}>
        <ul>{renderItems(main)}</ul>
        {admin.length > 0 && (
          <>
            <h2 className="nav-group">{t('nav.admin')}</h2>
            <ul>{renderItems(admin)}</ul>
          </>
        )}
      </nav>
      {menuOpen && <div className="backdrop" onClick={() => setMenuOpen(false)} aria-hidden="true" />}
      <main id="main" tabIndex={-1}>
        {children}
      </main>
    </div>
  );
}
