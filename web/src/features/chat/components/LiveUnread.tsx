/**
 * Keeps the reader's unread chat total in the query cache (UNREAD_TOTAL_KEY), where the 消息 tab
 * and the top bar read it: read once, then live from the reader's own stream
 * (GET /me/conversations/events, whose every `unread` event is the new total). A chunk of its
 * own, loaded after the first screen, so the first download stays what it was (issue 16 item 2).
 */
import { useLive } from '../../../api/live';
import { readUnreadTotal, UNREAD_TOTAL_KEY } from './ChatTab';

export function LiveUnread() {
  useLive(UNREAD_TOTAL_KEY, readUnreadTotal, { path: '/me/conversations/events', event: 'unread' }, () => true);
  return null;
}
