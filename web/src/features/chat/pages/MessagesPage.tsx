import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { formatDateTime } from '../../../lib/format';
import { Loading } from '../../../ui/Loading';
import { useConversations, type ConversationItem } from '../api';
import { ChatError } from '../components/ChatError';
import { useCachedUnreadTotal } from '../components/ChatTab';
import '../chat.css';

/** The last message in a line of words: its text, or what kind of thing it was. */
function Preview({ item }: { item: ConversationItem }) {
  const { t } = useTranslation();
  const last = item.lastMessage;
  if (!last) return <span className="muted">{t('chat.noMessagesYet')}</span>;
  const words = last.kind === 'text' ? last.preview : t(`chat.preview.${last.kind}`);
  return <span className="chat-preview">{last.from === 'buyer' ? t('chat.lastFromMe', { text: words }) : words}</span>;
}

/** /messages (消息): the reader's chats with shops, newest first, each with its unread count (issue 18 item 2). */
export function MessagesPage() {
  const { t, i18n } = useTranslation();
  const list = useConversations();
  // The layout's stream keeps the unread total live; a change means a message came: read the list again.
  const total = useCachedUnreadTotal();
  const { refetch } = list;
  useEffect(() => {
    if (total !== undefined) void refetch();
  }, [total, refetch]);
  const items = list.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <div className="page chat-list-page" data-testid="messages-page">
      <title>{`${t('chat.title')} · ${t('app.name')}`}</title>
      <h1>{t('chat.title')}</h1>
      {list.isPending ? (
        <Loading />
      ) : list.isError ? (
        <ChatError error={list.error} testId="messages-error" />
      ) : items.length === 0 ? (
        <p className="empty" data-testid="messages-empty">
          {t('chat.empty')}
        </p>
      ) : (
        <ul className="chat-list" data-testid="conversation-list">
          {items.map((item) => (
            <li key={item.id}>
              <Link to={`/messages/${item.id}`} className="chat-list-item" data-testid="conversation-item" data-unread={item.unread}>
                <span className="shop-avatar small" aria-hidden="true">
                  {Array.from(item.shop.shopName)[0]}
                </span>
                <span className="chat-list-body">
                  <span className="chat-list-top">
                    <strong>{item.shop.shopName}</strong>
                    <time className="muted" dateTime={item.updatedAt}>
                      {formatDateTime(item.updatedAt, i18n.resolvedLanguage)}
                    </time>
                  </span>
                  <Preview item={item} />
                </span>
                {item.unread > 0 && (
                  <span className="bell-count chat-list-count" data-testid="conversation-unread">
                    <span aria-hidden="true">{item.unread > 99 ? '99+' : item.unread}</span>
                    <span className="visually-hidden">{t('chat.unread', { count: item.unread })}</span>
                  </span>
                )}
              </Link>
            </li>
          ))}
        </ul>
      )}
      {list.hasNextPage && (
        <button type="button" className="button secondary" data-testid="load-more" disabled={list.isFetchingNextPage} onClick={() => void list.fetchNextPage()}>
          {t('common.loadMore')}
        </button>
      )}
    </div>
  );
}
