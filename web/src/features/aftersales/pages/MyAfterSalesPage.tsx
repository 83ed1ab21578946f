import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { formatDateTime } from '../../../lib/format';
import { formatFen } from '../../../lib/money';
import { ErrorBanner } from '../../../ui/ErrorBanner';
import { Loading } from '../../../ui/Loading';
import { PageHeader } from '../../../ui/PageHeader';
import { useMyAfterSales } from '../api';
import { AfterSaleStatusPill } from '../components/AfterSaleParts';

/** /me/after-sales (我的售后): the buyer's requests, newest first, a page at a time. */
export function MyAfterSalesPage() {
  const { t, i18n } = useTranslation();
  const mine = useMyAfterSales();
  const items = mine.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <div className="page" data-testid="my-after-sales-page">
      <PageHeader title={t('afterSales.title')} intro={t('afterSales.list.intro')} back={{ to: '/orders', label: t('orders.title') }} />
      {mine.isPending ? (
        <Loading />
      ) : !mine.data ? (
        <ErrorBanner error={mine.error} testId="my-after-sales-error" />
      ) : items.length === 0 ? (
        <p className="empty" data-testid="my-after-sales-empty">
          {t('afterSales.empty')}
        </p>
      ) : (
        <ul className="card order-list">
          {items.map((request) => (
            <li key={request.id} data-testid="my-after-sale" data-after-sale-id={request.id} data-status={request.status}>
              <Link to={`/after-sales/${request.id}`} className="flow-row link">
                <span>
                  {request.items.map((item) => item.title).join('、')}
                  <br />
                  <small>
                    {t(`afterSales.types.${request.type}`)} · <span className="price">{t('afterSales.list.amount', { amount: formatFen(request.amount) })}</span>
                  </small>
                  <br />
                  <small className="muted">
                    {t('orders.number', { number: request.orderNumber })} · {formatDateTime(request.createdAt, i18n.resolvedLanguage)}
                  </small>
                </span>
                <span className="flow-end">
                  <AfterSaleStatusPill status={request.status} testId="my-after-sale-status" />
                </span>
              </Link>
            </li>
          ))}
        </ul>
      )}
      {mine.hasNextPage && (
        <button type="button" className="button secondary" disabled={mine.isFetchingNextPage} onClick={() => void mine.fetchNextPage()} data-testid="my-after-sales-more">
          {t('common.loadMore')}
        </button>
      )}
    </div>
  );
}
