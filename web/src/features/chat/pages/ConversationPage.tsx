import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useLayoutEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams, useSearchParams } from 'react-router';
import { Loading } from '../../../ui/Loading';
import { chatApi, conversationsChanged, useConversation } from '../api';
import { ChatError } from '../components/ChatError';
import { Composer, useSendMessage } from '../components/Composer';
import { MessageBubble } from '../components/MessageBubble';
import { OfferCard } from '../components/OfferCard';
import { useThread } from '../thread';
import { UNREAD_TOTAL_KEY } from '../components/ChatTab';
import '../chat.css';

/** Within this many pixels of the bottom, a new message scrolls the thread down to it. */
const NEAR_BOTTOM_PX = 160;

const scroller = () => document.scrollingElement ?? document.documentElement;
const nearBottom = () => scroller().scrollHeight - window.innerHeight - window.scrollY < NEAR_BOTTOM_PX;

/**
 * /messages/:conversationId: the thread with one shop (issue 18 items 1, 2, 4). Live through
 * the conversation's event stream; older messages load on scrolling up (or with the button);
 * the shop's messages are marked read while the page is open and visible.
 */
export function ConversationPage() {
  const { t } = useTranslation();
  const { conversationId = '' } = useParams();
  const [params, setParams] = useSearchParams();
  const queryClient = useQueryClient();
  const conversation = useConversation(conversationId);
  const thread = useThread(conversationId);
  // The newest message in view: at first, when the reader sends one, and when one arrives while they are at the bottom.
  const wasNearBottom = useRef(true);
  const send = useSendMessage(conversationId, (message) => {
    wasNearBottom.current = true;
    thread.add(message);
  });
  const { messages, pages } = thread;

  const newestSeq = messages.at(-1)?.seq ?? 0;
  const oldestSeq = messages[0]?.seq ?? 0;
  const newestTheirs = messages.findLast((message) => message.from !== 'buyer')?.seq ?? 0;

  // Read receipts: the shop's newest message is read once the reader can see the page.
  const readSent = useRef(0);
  useEffect(() => {
    const markRead = () => {
      if (document.visibilityState !== 'visible' || newestTheirs <= readSent.current) return;
      readSent.current = newestTheirs;
      chatApi
        .read(conversationId, newestTheirs)
        .then(() => Promise.all([conversationsChanged(queryClient), queryClient.invalidateQueries({ queryKey: UNREAD_TOTAL_KEY })]))
        .catch(() => {
          readSent.current = 0; // tried again with the next message or visit
        });
    };
    markRead();
    document.addEventListener('visibilitychange', markRead);
    return () => document.removeEventListener('visibilitychange', markRead);
  }, [conversationId, newestTheirs, queryClient]);

  const heightBeforeOlder = useRef<number | null>(null);
  useLayoutEffect(() => {
    if (heightBeforeOlder.current !== null) {
      // Older messages went in above: keep the reader's place.
      window.scrollTo(0, scroller().scrollHeight - heightBeforeOlder.current);
      heightBeforeOlder.current = null;
      return;
    }
    if (wasNearBottom.current) window.scrollTo(0, scroller().scrollHeight);
  }, [newestSeq, oldestSeq]);
  useEffect(() => {
    const onScroll = () => {
      wasNearBottom.current = nearBottom();
    };
    window.addEventListener('scroll', onScroll, { passive: true });
    return () => window.removeEventListener('scroll', onScroll);
  }, []);

  const loadOlder = () => {
    if (!pages.hasNextPage || pages.isFetchingNextPage) return;
    heightBeforeOlder.current = scroller().scrollHeight - window.scrollY;
    void pages.fetchNextPage().then((result) => {
      if (result.isError) heightBeforeOlder.current = null; // nothing went in above: the next message scrolls as usual
    });
  };
  const top = useRef<HTMLDivElement>(null);
  const loadOlderRef = useRef(loadOlder);
  loadOlderRef.current = loadOlder;
  useEffect(() => {
    const sentinel = top.current;
    if (!sentinel || typeof IntersectionObserver === 'undefined') return;
    const observer = new IntersectionObserver((entries) => {
      if (entries.some((entry) => entry.isIntersecting)) loadOlderRef.current();
    });
    observer.observe(sentinel);
    return () => observer.disconnect();
  }, [pages.isSuccess]);

  const shopName = conversation.data?.shop.shopName ?? '';
  const title = shopName ? t('chat.thread.title', { shop: shopName }) : t('chat.title');
  const product = params.get('product') ?? undefined;
  const order = params.get('order') ?? undefined;
  const clearOffer = () => setParams({}, { replace: true });

  return (
    <div className="page chat-page" data-testid="conversation-page" data-conversation-id={conversationId}>
      <title>{`${title} · ${t('app.name')}`}</title>
      <Link to="/messages" className="back-link" data-testid="back-link">
        ‹ {t('chat.thread.back')}
      </Link>
      <header className="chat-head">
        <h1 data-testid="conversation-shop">{shopName || t('chat.title')}</h1>
        {conversation.data && (
          <Link to={`/shops/${conversation.data.shop.id}`} className="muted" data-testid="conversation-visit-shop">
            {t('chat.thread.visitShop')} ›
          </Link>
        )}
      </header>
      <ChatError error={pages.error ?? conversation.error} testId="conversation-error" />
      {thread.offline && (
        <p className="muted chat-offline" role="status" data-testid="chat-offline">
          {t('chat.thread.live')}
        </p>
      )}
      {pages.isPending ? (
        <Loading />
      ) : (
        <>
          <div ref={top} className="chat-top-sentinel" />
          {pages.hasNextPage ? (
            <button type="button" className="link-button chat-older" disabled={pages.isFetchingNextPage} data-testid="chat-older" onClick={loadOlder}>
              {pages.isFetchingNextPage ? t('chat.thread.loadingOlder') : t('chat.thread.older')}
            </button>
          ) : (
            messages.length > 0 && <p className="muted chat-start">{t('chat.thread.start')}</p>
          )}
          <ol className="chat-thread" aria-label={title} data-testid="chat-thread" aria-live="polite" aria-relevant="additions">
            {messages.map((message) => (
              <MessageBubble key={message.seq} message={message} mine={message.from === 'buyer'} read={message.readByOther || message.seq <= thread.readUpTo} />
            ))}
          </ol>
          {messages.length === 0 && <p className="empty">{t('chat.noMessagesYet')}</p>}
        </>
      )}
      <p className="chat-typing muted" role="status" data-testid="chat-typing">
        {thread.typing ? t('chat.thread.typing') : ''}
      </p>
      <div className="chat-dock">
        <OfferCard
          product={product}
          order={order}
          busy={send.isPending}
          onDismiss={clearOffer}
          onSend={(input) => send.mutate(input, { onSuccess: clearOffer })}
        />
        <Composer conversationId={conversationId} send={send} />
      </div>
    </div>
  );
}
