import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { Order } from '../../orders/api';
import { useAfterSaleOptions, useMyAfterSales, type AfterSaleSummary } from '../api';
import { AfterSaleStatusPill } from './AfterSaleParts';

/** Order states after-sales can apply to (API.md: paid or shipped — refund only; received — all three kinds). */
const AFTER_SALES_STATES = new Set<Order['status']>(['paid', 'shipped', 'received', 'completed', 'returning', 'refunded']);
const CAN_ASK = new Set<Order['status']>(['paid', 'shipped', 'received', 'completed']);

/**
 * On the buyer's order: per item, its latest request (status and a link) or 「申请售后」 where
 * the server allows one now; and 「整单申请售后」 when more than one item can be asked for.
 */
export function OrderAfterSales({ order }: { order: Order }) {
  const { t } = useTranslation();
  const relevant = AFTER_SALES_STATES.has(order.status);
  const asking = CAN_ASK.has(order.status);
  const options = useAfterSaleOptions(order.id, asking ? order.status : undefined);
  const mine = useMyAfterSales(relevant);
  if (!relevant) return null;
  // Newest first: the first request naming an item is its latest.
  const requests = (mine.data?.pages.flatMap((page) => page.items) ?? []).filter((request) => request.orderId === order.id);
  const latestFor = (itemId: string): AfterSaleSummary | undefined => requests.find((request) => request.items.some((item) => item.orderItemId === itemId));
  const allowed = asking && options.data !== undefined && options.data.types.length > 0;
  const askable = new Set(allowed ? options.data.items.filter((item) => item.openRequestId === null && item.refundable > 0).map((item) => item.orderItemId) : []);
  if (requests.length === 0 && askable.size === 0) return null;
  return (
    <section className="card" data-testid="order-after-sales">
      <h2>{t('afterSales.apply')}</h2>
      <ul className="order-list after-sales-items">
        {order.items.map((item) => {
          const latest = latestFor(item.id);
          return (
            <li key={item.id} data-testid="order-after-sales-item" data-item-id={item.id}>
              <span>
                {item.title} · {item.skuName}
              </span>
              <span className="button-row">
                {latest && (
                  <Link
                    to={`/after-sales/${latest.id}`}
                    className="button secondary"
                    aria-label={t('afterSales.viewItem', { title: item.title, status: t(`afterSales.statuses.${latest.status}`) })}
                    data-testid="order-after-sale-link"
                    data-status={latest.status}
                  >
                    <AfterSaleStatusPill status={latest.status} testId="order-after-sale-status" /> {t('afterSales.view')}
                  </Link>
                )}
                {askable.has(item.id) && (
                  <Link
                    to={`/orders/${order.id}/after-sales/new?item=${encodeURIComponent(item.id)}`}
                    className="button secondary"
                    aria-label={t('afterSales.applyItem', { title: item.title })}
                    data-testid="order-after-sale-apply"
                  >
                    {t('afterSales.apply')}
                  </Link>
                )}
              </span>
            </li>
          );
        })}
      </ul>
      {askable.size > 1 && (
        <Link to={`/orders/${order.id}/after-sales/new`} className="button secondary" data-testid="order-after-sale-apply-all">
          {t('afterSales.applyWhole')}
        </Link>
      )}
    </section>
  );
}
