import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorBanner } from '../../../ui/ErrorBanner';
import { Loading } from '../../../ui/Loading';
import { conversationStreamPath, inboxApi, MESSAGES_KEY, type Message } from './api';
import { Composer } from './Composer';
import { MessageBubble } from './MessageBubble';
import { useStream } from './useStream';

/** How long 对方正在输入 stays after the buyer's last typing signal. */
const TYPING_SHOWN_MS = 4_000;

/**
 * One conversation as the shop sees it: pages of messages (newest first from the server,
 * shown oldest at the top), live through the conversation's stream (messages, the buyer
 * typing, the buyer's read receipts), marked read while open, and the reply box.
 */
export function Thread({ conversationId, operatorId, buyerName, onChanged }: { conversationId: string; operatorId: string; buyerName: string; onChanged: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const queryKey = [MESSAGES_KEY, conversationId];
  const messages = useInfiniteQuery({
    queryKey,
    queryFn: ({ pageParam }) => inboxApi.messages(conversationId, pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const [typingUntil, setTypingUntil] = useState(0);
  const end = useRef<HTMLDivElement>(null);
  const refresh = () => void queryClient.invalidateQueries({ queryKey: [MESSAGES_KEY, conversationId] });
  const read = useMutation({ mutationFn: () => inboxApi.read(conversationId), onSuccess: onChanged });

  useStream(
    conversationStreamPath(conversationId),
    {
      message: () => {
        setTypingUntil(0);
        refresh();
      },
      read: refresh,
      typing: (data) => {
        if ((data as { from?: string } | null)?.from !== 'shop') setTypingUntil(Date.now() + TYPING_SHOWN_MS);
      },
    },
    { enabled: true, onOpen: refresh },
  );

  // Hide 对方正在输入 when the buyer stops.
  useEffect(() => {
    if (typingUntil === 0) return;
    const timer = window.setTimeout(() => setTypingUntil(0), Math.max(0, typingUntil - Date.now()));
    return () => window.clearTimeout(timer);
  }, [typingUntil]);

  const pages = messages.data?.pages;
  const unread = pages?.[0]?.unread ?? 0;
  const newestId = pages?.[0]?.items[0]?.id;
  // Read while open: the buyer sees 已读, the inbox loses the unread count.
  const { mutate: markRead } = read;
  useEffect(() => {
    if (unread > 0) markRead();
  }, [unread, newestId, markRead]);
  useEffect(() => {
    end.current?.scrollIntoView({ block: 'end' });
  }, [newestId]);

  const shown: Message[] = [];
  const seen = new Set<string>();
  for (const message of (pages ?? []).flatMap((p) => p.items)) {
    if (seen.has(message.id)) continue;
    seen.add(message.id);
    shown.push(message);
  }
  shown.reverse();

  function sent(message: Message) {
    queryClient.setQueryData<typeof messages.data>(queryKey, (data) =>
      data && data.pages[0] && !data.pages[0].items.some((m) => m.id === message.id) ? { ...data, pages: [{ ...data.pages[0], items: [message, ...data.pages[0].items] }, ...data.pages.slice(1)] } : data,
    );
    onChanged();
  }

  return (
    <div className="thread" data-testid="inbox-thread">
      <h2 className="thread-title">{t('shop.inbox.thread', { name: buyerName })}</h2>
      <div className="thread-scroll" data-testid="inbox-scroll">
        {messages.hasNextPage && (
          <button type="button" className="button secondary" disabled={messages.isFetchingNextPage} onClick={() => void messages.fetchNextPage()} data-testid="inbox-older">
            {t('shop.inbox.loadOlder')}
          </button>
        )}
        {messages.isPending ? (
          <Loading />
        ) : messages.isError ? (
          <ErrorBanner error={messages.error} testId="inbox-thread-error" />
        ) : (
          <ol className="inbox-messages" aria-live="polite" data-testid="inbox-messages">
            {shown.map((message) => (
              <MessageBubble key={message.id} message={message} />
            ))}
          </ol>
        )}
        {typingUntil > 0 && (
          <p className="inbox-typing muted" data-testid="inbox-typing">
            {t('shop.inbox.typing')}
          </p>
        )}
        <div ref={end} />
      </div>
      <Composer conversationId={conversationId} operatorId={operatorId} onSent={sent} />
    </div>
  );
}
