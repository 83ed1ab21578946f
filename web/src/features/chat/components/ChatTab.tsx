import { useQuery } from '@tanstack/react-query';
import { lazy, Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, NavLink } from 'react-router';
import { useMe } from '../../../app/session';
import { call, client } from '../../../api/client';

/** Where the reader's unread chat total lives in the query cache (kept live by LiveUnread). */
export const UNREAD_TOTAL_KEY = ['chat', 'unread-total'] as const;
export interface UnreadTotal {
  unreadTotal: number;
}

/** The total as GET /conversations has it. */
export async function readUnreadTotal(): Promise<UnreadTotal> {
  const page = await call(client.GET('/conversations', { params: { query: { limit: 1 } } }));
  return { unreadTotal: page.unreadTotal };
}

/**
 * The total as the cache has it, without reading it (LiveUnread does): every observer of the key
 * names the same reader, so the one that reads is never left without it.
 */
export function useCachedUnreadTotal(): number | undefined {
  return useQuery({ queryKey: UNREAD_TOTAL_KEY, queryFn: readUnreadTotal, enabled: false }).data?.unreadTotal;
}

const LiveUnread = lazy(() => import('./LiveUnread').then((m) => ({ default: m.LiveUnread })));

function ChatIcon() {
  return (
    <svg viewBox="0 0 24 24" width="24" height="24" aria-hidden="true">
      <path d="M4 5.5A1.5 1.5 0 0 1 5.5 4h13A1.5 1.5 0 0 1 20 5.5v10a1.5 1.5 0 0 1-1.5 1.5H10l-4.5 3.5V17h0A1.5 1.5 0 0 1 4 15.5z" fill="none" stroke="currentColor" strokeWidth="1.8" strokeLinejoin="round" />
      <path d="M8 9.5h8M8 12.5h5" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" />
    </svg>
  );
}

export interface ChatBadge {
  signedIn: boolean;
  count: number;
  /** "99+" past 99, as badges do. */
  shown: string;
  /** The top bar link's name: the count exactly as shown, as a word of its own (WCAG 2.5.3). */
  name: string;
}

/** The unread total for the layout's two links, as the cache has it (0 before it is known, or signed out). */
export function useChatBadge(): ChatBadge {
  const { t } = useTranslation();
  const signedIn = Boolean(useMe().data);
  const cached = useCachedUnreadTotal() ?? 0;
  const count = signedIn ? cached : 0;
  const shown = count > 99 ? '99+' : String(count);
  return { signedIn, count, shown, name: count > 0 ? t('nav.messagesUnread', { count: shown }) : t('nav.messages') };
}

/** The 消息 tab of the bottom bar, with the live unread total (issue 18 item 2). */
export function ChatTab({ badge: { count, shown } }: { badge: ChatBadge }) {
  const { t } = useTranslation();
  return (
    // The same markup as the server's first screen (src/http/page-views.ts) while there is nothing unread;
    // the count is read after the tab's word, so the name starts with what is seen (WCAG 2.5.3).
    <NavLink to="/messages" className="tab" data-testid="tab-messages" data-unread={count}>
      <ChatIcon />
      {count > 0 && (
        <span className="bell-count tab-count" aria-hidden="true" data-testid="tab-messages-badge">
          {shown}
        </span>
      )}
      <span>{t('nav.messages')}</span>
      {count > 0 && <span className="visually-hidden">{t('nav.unreadCount', { count: shown })}</span>}
    </NavLink>
  );
}

/** The same total in the top bar, shown on wide screens where the eye is at the top (styles in base.css). */
export function ChatTopLink({ badge: { signedIn, count, shown, name } }: { badge: ChatBadge }) {
  if (!signedIn) return null;
  return (
    <Link to="/messages" className="bell chat-top" aria-label={name} data-testid="topbar-messages" data-unread={count}>
      <ChatIcon />
      {count > 0 && (
        <span className="bell-count" aria-hidden="true">
          {shown}
        </span>
      )}
    </Link>
  );
}

/** The one stream behind the total, while signed in; fetched after the first screen. */
export function ChatUnreadSource({ badge }: { badge: ChatBadge }) {
  if (!badge.signedIn) return null;
  return (
    <Suspense fallback={null}>
      <LiveUnread />
    </Suspense>
  );
}
