import { useInfiniteQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router';
import { ErrorBanner } from '../../../ui/ErrorBanner';
import { Loading } from '../../../ui/Loading';
import { PageHeader } from '../../../ui/PageHeader';
import { formatDateTime } from '../../../lib/format';
import { formatFen } from '../../../lib/money';
import { ORDERS_KEY, ordersApi } from '../api';

const ORDER_NUMBER = /^\d{14,20}$/;

/** /orders: the buyer's orders, newest first, a page at a time; `?number=` finds one by its order number. */
export function OrdersPage() {
  const { t, i18n } = useTranslation();
  const [params, setParams] = useSearchParams();
  const wanted = params.get('number') ?? '';
  const number = ORDER_NUMBER.test(wanted) ? wanted : '';
  const orders = useInfiniteQuery({
    queryKey: [ORDERS_KEY, 'mine', number],
    queryFn: ({ pageParam }) => ordersApi.orders({ limit: 20, ...(number ? { number } : {}), ...(pageParam ? { cursor: pageParam } : {}) }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const items = orders.data?.pages.flatMap((page) => page.items) ?? [];

  function onSearch(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const typed = String(new FormData(event.currentTarget).get('number') ?? '').replace(/\s/g, '');
    setParams(typed ? { number: typed } : {}, { replace: true });
  }

  return (
    <div className="page" data-testid="orders-page">
      <title>{`${t('orders.title')} · ${t('app.name')}`}</title>
      <PageHeader title={t('orders.title')} back={{ to: '/me', label: t('nav.me') }} />
      <Link to="/me/after-sales" className="fine-print" data-testid="orders-after-sales-link">
        {t('afterSales.link')} ›
      </Link>
      <form role="search" className="search" onSubmit={onSearch} data-testid="orders-search">
        <input
          key={wanted}
          type="search"
          name="number"
          inputMode="numeric"
          maxLength={24}
          defaultValue={wanted}
          placeholder={t('orders.searchPlaceholder')}
          aria-label={t('orders.searchLabel')}
          aria-invalid={wanted !== '' && number === ''}
          data-testid="orders-search-number"
        />
        <button type="submit" className="button secondary">
          {t('orders.search')}
        </button>
      </form>
      {wanted !== '' && number === '' && (
        <p className="field-error" role="alert">
          {t('orders.searchInvalid')}
        </p>
      )}
      {orders.isPending ? (
        <Loading />
      ) : !orders.data ? (
        <ErrorBanner error={orders.error} testId="orders-error" />
      ) : items.length === 0 ? (
        <p className="empty" data-testid="orders-empty">
          {number ? t('orders.searchNone') : t('orders.empty')}
        </p>
      ) : (
        <ul className="card order-list">
          {items.map((order) => (
            <li key={order.id} data-testid="orders-item" data-order-id={order.id} data-status={order.status}>
              <Link to={`/orders/${order.id}`} className="flow-row link">
                <span>
                  {order.items.map((item) => item.title).join('、')}
                  <br />
                  <small className="muted">
                    <span data-testid="orders-item-number">{t('orders.number', { number: order.number })}</span> · {formatDateTime(order.createdAt, i18n.resolvedLanguage)}
                  </small>
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
