/**
 * In-app notifications (GET /me/notifications): what is due from the reader and by
 * when. The server writes zh-CN titles and bodies; other languages are written here
 * from the stable `kind` and `dueAt`, falling back to the server's text for a kind
 * this app does not know yet.
 *
 * @example
 *   const { data } = useNotifications(); // data.pages[0].unread
 */
import { useInfiniteQuery, useQuery, type QueryClient } from '@tanstack/react-query';
import { id, query, request } from './api';

export interface Notification {
  id: string;
  /** Stable, for translation: dispute.answer_due, dispute.escalate_due, dispute.ruling_due, dispute.outcome… */
  kind: string;
  title: string;
  body: string;
  /** Where in the app to act, e.g. /disputes/:id. */
  link: string;
  dueAt: string | null;
  readAt: string | null;
  at: string;
}

export interface NotificationPage {
  items: Notification[];
  nextCursor: string | null;
  /** How many of all the reader's notifications are unread. */
  unread: number;
}

export const NOTIFICATIONS_KEY = 'notifications';

export const notificationsApi = {
  list: (params: { unread?: boolean; cursor?: string; limit?: number }) => request<NotificationPage>('GET', `/me/notifications${query(params)}`),
  markRead: (notificationId: string) => request<{ notification: Notification }>('POST', `/me/notifications/${id(notificationId)}/read`),
};

/** Just the unread count, for the bell; read again each minute while a page is open. */
export function useUnreadCount(enabled: boolean) {
  return useQuery({
    queryKey: [NOTIFICATIONS_KEY, 'unread'],
    queryFn: async () => (await notificationsApi.list({ unread: true, limit: 1 })).unread,
    enabled,
    refetchInterval: 60_000,
  });
}

export function useNotifications() {
  return useInfiniteQuery({
    queryKey: [NOTIFICATIONS_KEY, 'all'],
    queryFn: ({ pageParam }) => notificationsApi.list(pageParam ? { cursor: pageParam } : {}),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}

export function notificationsChanged(queryClient: QueryClient): Promise<void> {
  return queryClient.invalidateQueries({ queryKey: [NOTIFICATIONS_KEY], refetchType: 'all' });
}

/** The kinds this app writes its own words for (disputes-*.ts `notifications.kinds`). */
export const KNOWN_KINDS = [
  'dispute.answer_due',
  'dispute.awaiting_answer',
  'dispute.answer_reminder',
  'dispute.escalate_due',
  'dispute.provider_answered',
  'dispute.ruling_due',
  'dispute.outcome',
  'dispute.party_added',
] as const;
