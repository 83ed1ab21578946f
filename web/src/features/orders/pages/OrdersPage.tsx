import { useInfiniteQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ErrorBanner } from '../../../ui/ErrorBanner';
import { Loading } from '../../../ui/Loading';
import { PageHeader } from '../../../ui/PageHeader';
import { formatDateTime } from '../../../lib/format';
import { formatFen } from '../../../lib/money';
import { ORDERS_KEY, ordersApi } from '../api';

/** /orders: the buyer's orders, newest first, a page at a time. */
export function OrdersPage() {
  const { t, i18n } = useTranslation();
  const orders = useInfiniteQuery({
    queryKey: [ORDERS_KEY, 'mine'],
    queryFn: ({ pageParam }) => ordersApi.orders({ limit: 20, ...(pageParam ? { cursor: pageParam } : {}) }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const items = orders.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <div className="page" data-testid="orders-page">
      <title>{`${t('orders.title')} · ${t('app.name')}`}</title>
      <PageHeader title={t('orders.title')} back={{ to: '/me', label: t('nav.me') }} />
      {orders.isPending ? (
        <Loading />
      ) : !orders.data ? (
        <ErrorBanner error={orders.error} testId="orders-error" />
      ) : items.length === 0 ? (
        <p className="empty" data-testid="orders-empty">
          {t('orders.empty')}
        </p>
      ) : (
        <ul className="card order-list">
          {items.map((order) => (
            <li key={order.id} data-testid="orders-item" data-order-id={order.id} data-status={order.status}>
              <Link to={`/orders/${order.id}`} className="flow-row link">
                <span>
                  {order.items.map((item) => item.title).join('、')}
                  <br />
                  <small className="muted">{formatDateTime(order.createdAt, i18n.resolvedLanguage)}</small>
                </span>
                <span className="flow-end">
                  <span className="pill">{t(`orders.status.${order.status}`)}</span>{order.awaitingGroup && <span className="pill wait">{t('orders.awaitingGroup')}</span>} <span className="price">{formatFen(order.total)}</span>
                </span>
              </Link>
            </li>
          ))}
        </ul>
      )}
      {orders.hasNextPage && (
        <button type="button" className="button secondary" data-testid="orders-more" disabled={orders.isFetchingNextPage} onClick={() => void orders.fetchNextPage()}>
          {orders.isFetchingNextPage ? t('common.loading') : t('common.loadMore')}
        </button>
      )}
    </div>
  );
}
