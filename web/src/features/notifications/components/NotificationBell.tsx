import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useUnreadCount } from '../api';
import { useMe } from '../../../app/session';

function BellIcon() {
  return (
    <svg viewBox="0 0 24 24" width="22" height="22" aria-hidden="true">
      <path d="M6 16V11a6 6 0 0 1 12 0v5l1.5 2h-15z" fill="none" stroke="currentColor" strokeWidth="1.8" strokeLinejoin="round" />
      <path d="M10 20.5a2 2 0 0 0 4 0" fill="none" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" />
    </svg>
  );
}

/** The top bar's bell for a logged-in reader: the unread count, leading to the notifications. */
export function NotificationBell() {
  const { t } = useTranslation();
  const me = useMe();
  const unread = useUnreadCount(Boolean(me.data));
  if (!me.data) return null;
  const count = unread.data ?? 0;
  const shown = count > 99 ? '99+' : String(count);
  // The name holds the count exactly as shown, as a word of its own (WCAG 2.5.3, "label in name").
  return (
    <Link to="/me/notifications" className="bell" aria-label={t('disputes.notifications.bell', { count: shown })} data-testid="notification-bell" data-unread={count}>
      <BellIcon />
      {count > 0 && (
        <span className="bell-count" aria-hidden="true">
          {shown}
        </span>
      )}
    </Link>
  );
}
