import { useTranslation } from 'react-i18next';
import { Link, NavLink, Outlet } from 'react-router';
import { LanguageSwitch } from './LanguageSwitch';
import { NotificationBell } from '../features/notifications/components/NotificationBell';
import { ChatTab, ChatTopLink, ChatUnreadSource, useChatBadge } from '../features/chat/components/ChatTab';

function HomeIcon() {
  return (
    <svg viewBox="0 0 24 24" width="24" height="24" aria-hidden="true">
      <path d="M3 10.5 12 3l9 7.5V20a1 1 0 0 1-1 1h-5v-6h-6v6H4a1 1 0 0 1-1-1z" fill="none" stroke="currentColor" strokeWidth="1.8" strokeLinejoin="round" />
    </svg>
  );
}

function PostIcon() {
  return (
    <svg viewBox="0 0 24 24" width="24" height="24" aria-hidden="true">
      <rect x="3.5" y="3.5" width="17" height="17" rx="5" fill="none" stroke="currentColor" strokeWidth="1.8" />
      <path d="M12 8v8M8 12h8" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" />
    </svg>
  );
}

function WalletIcon() {
  return (
    <svg viewBox="0 0 24 24" width="24" height="24" aria-hidden="true">
      <path d="M4 7.5A2.5 2.5 0 0 1 6.5 5H18a1 1 0 0 1 1 1v2" fill="none" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" />
      <path d="M4 7.5V18a1 1 0 0 0 1 1h14a1 1 0 0 0 1-1v-9a1 1 0 0 0-1-1H6.5A2.5 2.5 0 0 1 4 7.5z" fill="none" stroke="currentColor" strokeWidth="1.8" strokeLinejoin="round" />
      <circle cx="16" cy="13.5" r="1.3" fill="currentColor" />
    </svg>
  );
}

function MeIcon() {
  return (
    <svg viewBox="0 0 24 24" width="24" height="24" aria-hidden="true">
      <circle cx="12" cy="8" r="4" fill="none" stroke="currentColor" strokeWidth="1.8" />
      <path d="M4 21c0-4.4 3.6-7 8-7s8 2.6 8 7" fill="none" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" />
    </svg>
  );
}

/** The frame of every page: a top bar with the language switch, the page, and the bottom tab bar. */
export function Layout() {
  const { t } = useTranslation();
  const chat = useChatBadge();
  return (
    <div className="app">
      {/* The first Tab stop: past the top bar straight to the page (WCAG 2.4.1). */}
      <a href="#main" className="skip-link" data-testid="skip-link">
        {t('nav.skipToContent')}
      </a>
      <header className="topbar">
        <Link to="/" className="brand" data-testid="brand">
          {t('app.name')}
        </Link>
        <div className="topbar-end">
          <ChatUnreadSource badge={chat} />
          <ChatTopLink badge={chat} />
          <NotificationBell />
          <LanguageSwitch />
        </div>
      </header>
      <main id="main" className="content" tabIndex={-1}>
        <Outlet />
      </main>
      <nav className="tabbar" aria-label={t('nav.main')}>
        <NavLink to="/" end className="tab" data-testid="tab-home">
          <HomeIcon />
          <span>{t('nav.home')}</span>
        </NavLink>
        <NavLink to="/notes/new" className="tab" data-testid="tab-post">
          <PostIcon />
          <span>{t('nav.post')}</span>
        </NavLink>
        <ChatTab badge={chat} />
        <NavLink to="/wallet" className="tab" data-testid="tab-wallet">
          <WalletIcon />
          <span>{t('nav.wallet')}</span>
        </NavLink>
        <NavLink to="/me" className="tab" data-testid="tab-me">
          <MeIcon />
          <span>{t('nav.me')}</span>
        </NavLink>
      </nav>
    </div>
  );
}
