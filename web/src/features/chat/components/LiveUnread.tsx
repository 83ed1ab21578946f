/**
 * Keeps the reader's unread chat total in the query cache (UNREAD_TOTAL_KEY), where the 消息 tab
 * and the top bar read it: read once, then live from the reader's own stream
 * (GET /me/conversations/events, whose every `unread` event is the new total). A chunk of its
 * own, loaded after the first screen, so the first download stays what it was (issue 16 item 2).
 */
import { useLive } from '../../../api/live';
import { call, client } from '../../../api/client';
import { UNREAD_TOTAL_KEY, type UnreadTotal } from './ChatTab';

async function readTotal(): Promise<UnreadTotal> {
  const page = await call(client.GET('/conversations', { params: { query: { limit: 1 } } }));
  return { unreadTotal: page.unreadTotal };
}

export function LiveUnread() {
  useLive(UNREAD_TOTAL_KEY, readTotal, { path: '/me/conversations/events', event: 'unread' }, () => true);
  return null;
}
