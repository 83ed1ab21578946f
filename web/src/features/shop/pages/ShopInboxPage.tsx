import { useInfiniteQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, useParams } from 'react-router';
import { ErrorBanner } from '../../../ui/ErrorBanner';
import { Loading } from '../../../ui/Loading';
import { PageHeader } from '../../../ui/PageHeader';
import { useServedShop } from '../components/ServedShop';
import { INBOX_KEY, inboxApi, inboxStreamPath, type InboxItem } from '../inbox/api';
import { Thread } from '../inbox/Thread';
import { useStream } from '../inbox/useStream';
import { waitingWords } from '../inbox/waiting';
// The cards are the buyer side's (chat/components/MessageBubble CardView), with their styles.
import '../../chat/chat.css';

/** Re-render the waiting times once a minute. */
function useNow(): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = window.setInterval(() => setNow(Date.now()), 60_000);
    return () => window.clearInterval(timer);
  }, []);
  return now;
}

/**
 * /shop/inbox and /shop/inbox/:conversationId: the shop's 客服消息 (issue 18 item 3). On a
 * desktop two panes, the conversations (unanswered first, the longest waiting at the top,
 * as the server orders them) beside the open thread; on a phone one pane at a time. Live
 * through the inbox stream; owner and staff alike, buyers known by display name only (D3).
 */
export function ShopInboxPage() {
  const { t } = useTranslation();
  const shop = useServedShop();
  const { conversationId } = useParams();
  const queryClient = useQueryClient();
  const now = useNow();
  const operatorId = shop?.operatorId ?? '';
  const queryKey = [INBOX_KEY, operatorId];
  const inbox = useInfiniteQuery({
    queryKey,
    queryFn: ({ pageParam }) => inboxApi.inbox(operatorId, pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    enabled: Boolean(shop),
  });
  const refresh = () => void queryClient.invalidateQueries({ queryKey: [INBOX_KEY, operatorId] });
  useStream(inboxStreamPath(operatorId), { inbox: refresh }, { enabled: Boolean(shop), onOpen: refresh });
  if (!shop) return <Navigate to="/shop" replace />;

  const items = inbox.data?.pages.flatMap((p) => p.items) ?? [];
  const open = items.find((c) => c.id === conversationId);
  return (
    <div className={`page inbox-page${conversationId ? ' has-thread' : ''}`} data-testid="shop-inbox-page">
      <PageHeader title={t('shop.inbox.title')} intro={t('shop.inbox.intro')} back={{ to: '/shop', label: shop.shopName }} />
      <div className="inbox-panes">
        <nav className="inbox-list" aria-label={t('shop.inbox.list')} data-testid="inbox-list">
          {inbox.isPending ? (
            <Loading />
          ) : inbox.isError ? (
            <ErrorBanner error={inbox.error} testId="inbox-error" />
          ) : items.length === 0 ? (
            <p className="empty" data-testid="inbox-empty">
              {t('shop.inbox.empty')}
            </p>
          ) : (
            <ul>
              {items.map((item) => (
                <InboxRow key={item.id} item={item} active={item.id === conversationId} now={now} />
              ))}
            </ul>
          )}
          {inbox.hasNextPage && (
            <button type="button" className="button secondary" disabled={inbox.isFetchingNextPage} onClick={() => void inbox.fetchNextPage()} data-testid="inbox-more">
              {t('common.loadMore')}
            </button>
          )}
        </nav>
        <section className="inbox-thread" aria-label={open ? t('shop.inbox.thread', { name: open.buyer?.displayName ?? t('shop.inbox.buyer') }) : t('shop.inbox.title')}>
          {conversationId ? (
            <>
              <Link to="/shop/inbox" className="back-link inbox-back" data-testid="inbox-back">
                ‹ {t('shop.inbox.back')}
              </Link>
              <Thread key={conversationId} conversationId={conversationId} operatorId={operatorId} buyerName={open?.buyer?.displayName ?? t('shop.inbox.buyer')} onChanged={refresh} />
            </>
          ) : (
            <p className="muted inbox-pick">{t('shop.inbox.pick')}</p>
          )}
        </section>
      </div>
    </div>
  );
}

function InboxRow({ item, active, now }: { item: InboxItem; active: boolean; now: number }) {
  const { t } = useTranslation();
  const waiting = item.waitingSince;
  return (
    <li>
      <Link
        to={`/shop/inbox/${item.id}`}
        className={`inbox-row${active ? ' active' : ''}${waiting ? ' waiting' : ''}`}
        aria-current={active ? 'page' : undefined}
        data-testid="inbox-row"
        data-unanswered={Boolean(waiting)}
      >
        <span className="inbox-row-top">
          <strong className="inbox-buyer" data-testid="inbox-buyer">
            {item.buyer?.displayName ?? t('shop.inbox.buyer')}
          </strong>
          {item.unread > 0 && (
            <span className="unread-dot" data-testid="inbox-unread" aria-label={t('shop.inbox.unread', { count: item.unread })}>
              {item.unread}
            </span>
          )}
        </span>
        <span className="inbox-preview muted">{item.lastMessage?.preview ?? ''}</span>
        <span className="inbox-meta">
          {waiting ? (
            <span className="inbox-waiting" data-testid="inbox-waiting">
              {t('shop.inbox.unanswered')} · {t('shop.inbox.waiting', { time: waitingWords(t, waiting, now) })}
            </span>
          ) : (
            <span className="muted">{t('shop.inbox.answered')}</span>
          )}
        </span>
      </Link>
    </li>
  );
}
