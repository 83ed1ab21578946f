import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ErrorBanner } from '../../../ui/ErrorBanner';
import { Loading } from '../../../ui/Loading';
import { PageHeader } from '../../../ui/PageHeader';
import { formatDateTime } from '../../../lib/format';
import { KNOWN_KINDS, notificationsApi, notificationsChanged, useNotifications, type Notification } from '../api';

type Kind = (typeof KNOWN_KINDS)[number];
const isKnownKind = (kind: string): kind is Kind => (KNOWN_KINDS as readonly string[]).includes(kind);

/** One notification in the reader's language: by its kind, or the server's own words for a kind not known here. */
function NotificationRow({ notification }: { notification: Notification }) {
  const { t, i18n } = useTranslation();
  const queryClient = useQueryClient();
  const read = useMutation({ mutationFn: () => notificationsApi.markRead(notification.id), onSuccess: () => notificationsChanged(queryClient) });
  const language = i18n.resolvedLanguage;
  const due = notification.dueAt ? formatDateTime(notification.dueAt, language) : '';
  const { kind } = notification;
  const title = isKnownKind(kind) ? t(`disputes.notifications.kinds.${kind}.title`) : notification.title;
  const body = isKnownKind(kind) ? t(`disputes.notifications.kinds.${kind}.body`, { due, text: notification.body }) : notification.body;
  const unread = notification.readAt === null;
  return (
    <li className="card" data-testid="notification" data-kind={kind} data-unread={unread}>
      {/* Following the link is reading it. */}
      <Link to={notification.link} className="flow-row link" data-testid="notification-link" onClick={() => unread && read.mutate()}>
        <span>
          <strong>{title}</strong>
          <br />
          <span className="muted">{body}</span>
          <br />
          <time className="fine-print" dateTime={notification.at}>
            {formatDateTime(notification.at, language)}
          </time>
        </span>
        <span className="flow-end">
          {unread && <span className="pill bad">{t('disputes.notifications.unread')}</span>}
          <span className="chevron" aria-hidden="true">
            ›
          </span>
        </span>
      </Link>
      {unread && (
        <button type="button" className="link-button" disabled={read.isPending} data-testid="notification-read" onClick={() => read.mutate()}>
          {t('disputes.notifications.markRead')}
        </button>
      )}
      <ErrorBanner error={read.error} testId="notification-error" />
    </li>
  );
}

/** /me/notifications: what is due from the reader and by when, newest first. */
export function NotificationsPage() {
  const { t } = useTranslation();
  const list = useNotifications();
  const items = list.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <div className="page" data-testid="notifications-page">
      <PageHeader title={t('disputes.notifications.title')} />
      {list.isPending ? (
        <Loading />
      ) : !list.data ? (
        <ErrorBanner error={list.error} testId="notifications-error" />
      ) : items.length === 0 ? (
        <p className="empty" data-testid="notifications-empty">
          {t('disputes.notifications.empty')}
        </p>
      ) : (
        <ul className="review-list" data-testid="notifications-list">
          {items.map((notification) => (
            <NotificationRow key={notification.id} notification={notification} />
          ))}
        </ul>
      )}
      {list.hasNextPage && (
        <button type="button" className="button secondary" disabled={list.isFetchingNextPage} onClick={() => void list.fetchNextPage()}>
          {list.isFetchingNextPage ? t('common.loading') : t('common.loadMore')}
        </button>
      )}
    </div>
  );
}
