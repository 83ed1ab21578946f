import { useInfiniteQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { ErrorBanner } from '../../../ui/ErrorBanner';
import { Loading } from '../../../ui/Loading';
import { OperatorCard, ProviderCard } from './ReviewCards';
import { ADMIN_KEY } from './ReviewParts';
import { adminApi } from '../api';
import type { ResponseOf } from '../../../api/client';
import type { ReviewStatus } from '../../shop/api';

export type Tab = 'operators' | 'providers';
/** One page of either queue, as the server answers it, marked with its tab. */
type QueuePage = ({ tab: 'operators' } & ResponseOf<'/admin/operators'>) | ({ tab: 'providers' } & ResponseOf<'/admin/service-providers'>);

async function queuePage(tab: Tab, status: ReviewStatus, cursor: string | undefined): Promise<QueuePage> {
  const params = { status, ...(cursor ? { cursor } : {}) };
  if (tab === 'operators') return { tab, ...(await adminApi.operatorQueue(params)) };
  return { tab, ...(await adminApi.serviceProviderQueue(params)) };
}

/** One queue (shops or service providers) in one review status, paged. */
export function Queue({ tab, status, onOutcome }: { tab: Tab; status: ReviewStatus; onOutcome: (message: string) => void }) {
  const { t } = useTranslation();
  const queue = useInfiniteQuery({
    queryKey: [ADMIN_KEY, tab, status],
    queryFn: ({ pageParam }) => queuePage(tab, status, pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    // Decisions by other reviewers show up without a reload.
    staleTime: 0,
  });
  if (queue.isPending) return <Loading />;
  if (queue.isError) return <ErrorBanner error={queue.error} />;
  const operators = queue.data.pages.flatMap((page) => (page.tab === 'operators' ? page.items : []));
  const providers = queue.data.pages.flatMap((page) => (page.tab === 'providers' ? page.items : []));
  if (operators.length + providers.length === 0) {
    return (
      <p className="empty" data-testid="review-empty">
        {t('admin.empty')}
      </p>
    );
  }
  return (
    <>
      <ul className="review-list" data-testid="review-list">
        {operators.map((review) => (
          <OperatorCard key={review.operator.id} review={review} onOutcome={onOutcome} />
        ))}
        {providers.map((review) => (
          <ProviderCard key={review.serviceProvider.id} review={review} onOutcome={onOutcome} />
        ))}
      </ul>
      {queue.hasNextPage && (
        <button type="button" className="button secondary" disabled={queue.isFetchingNextPage} onClick={() => void queue.fetchNextPage()}>
          {t('common.loadMore')}
        </button>
      )}
    </>
  );
}
