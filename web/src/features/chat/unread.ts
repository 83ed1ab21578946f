/**
 * The total of unread chat messages, for the 消息 tab and the desktop top bar: read once, then
 * kept live by the reader's own stream (GET /me/conversations/events, whose every event is the
 * new total). In the first bundle with the shell, so it imports nothing of the chat pages.
 */
import { useLive } from '../../api/live';
import { call, client } from '../../api/client';

export const UNREAD_TOTAL_KEY = ['chat', 'unread-total'] as const;

async function readTotal(): Promise<{ unreadTotal: number }> {
  const page = await call(client.GET('/conversations', { params: { query: { limit: 1 } } }));
  return { unreadTotal: page.unreadTotal };
}

/** The reader's unread total, live while signed in; 0 before it is known. */
export function useUnreadTotal(signedIn: boolean): number {
  const total = useLive(UNREAD_TOTAL_KEY, readTotal, { path: '/me/conversations/events', event: 'unread' }, () => true, signedIn);
  return signedIn ? (total.data?.unreadTotal ?? 0) : 0;
}
