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
import { at, call, client, type QueryOf, type ResponseOf } from '../../api/client';
import { everyValue } from '../../api/enums';

/**
 * A page of the reader's notifications; `unread` counts all of them. Each has a stable
 * `kind` for translation (dispute.answer_due, …) and a `link` to where in the app to act.
 */
export type NotificationPage = ResponseOf<'/me/notifications'>;
export type Notification = NotificationPage['items'][number];

export const NOTIFICATIONS_KEY = 'notifications';

export const notificationsApi = {
  list: (params: QueryOf<'/me/notifications'>) => call(client.GET('/me/notifications', { params: { query: params } })),
  markRead: (notificationId: string) => call(client.POST('/me/notifications/{id}/read', at({ id: notificationId }))),
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

/** Every kind the server sends; the typecheck fails here when it adds one, and the typed `t` until it has words. */
export const KNOWN_KINDS = everyValue<Notification['kind']>()([
  'dispute.answer_due',
  'dispute.awaiting_answer',
  'dispute.answer_reminder',
  'dispute.escalate_due',
  'dispute.provider_answered',
  'dispute.ruling_due',
  'dispute.outcome',
  'dispute.party_added',
  'review.hidden',
  'review.appeal_decided',
  'after_sale.requested',
  'after_sale.approved',
  'after_sale.refused',
  'after_sale.return_shipped',
  'after_sale.return_received',
  'after_sale.refunded',
  'after_sale.exchange_shipped',
  'after_sale.withdrawn',
  'after_sale.closed',
  'after_sale.escalated',
  'parcel.delivered',
  'parcel.exception',
  'conversation.message',
  'conversation.order_reply',
]);
