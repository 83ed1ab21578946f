import { useInfiniteQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorBanner } from '../../../ui/ErrorBanner';
import { Loading } from '../../../ui/Loading';
import { CHAT_REPORTS_KEY, chatReportsApi } from '../api';
import { ChatEvidence } from './ChatEvidence';

/** The admin dispute page's chat evidence: read (and logged as a read of both parties) only once asked for. */
export function DisputeChatEvidence({ disputeId }: { disputeId: string }) {
  const { t } = useTranslation();
  const [shown, setShown] = useState(false);
  const chat = useInfiniteQuery({
    queryKey: [CHAT_REPORTS_KEY, 'dispute', disputeId],
    queryFn: ({ pageParam }) => chatReportsApi.disputeChat(disputeId, pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    enabled: shown,
    staleTime: Infinity,
  });
  const first = chat.data?.pages[0];
  const messages = chat.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <section className="card" data-testid="dispute-chat">
      <h2>{t('chatReports.dispute.title')}</h2>
      <p className="fine-print">{t('chatReports.dispute.hint')}</p>
      {!shown ? (
        <button type="button" className="button secondary" onClick={() => setShown(true)} data-testid="dispute-chat-reveal">
          {t('chatReports.dispute.reveal')}
        </button>
      ) : chat.isPending ? (
        <Loading />
      ) : chat.isError ? (
        <ErrorBanner error={chat.error} testId="dispute-chat-error" />
      ) : !first?.attached || messages.length === 0 ? (
        <p className="empty" data-testid="dispute-chat-none">
          {t('chatReports.dispute.none')}
        </p>
      ) : (
        <>
          <ChatEvidence messages={messages} openedAfterSeq={first.upToSeq} testId="dispute-chat-messages" />
          {chat.hasNextPage && (
            <button type="button" className="button secondary" disabled={chat.isFetchingNextPage} onClick={() => void chat.fetchNextPage()} data-testid="dispute-chat-more">
              {t('chatReports.dispute.more')}
            </button>
          )}
        </>
      )}
    </section>
  );
}
