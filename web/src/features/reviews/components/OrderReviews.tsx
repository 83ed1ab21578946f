import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { formatDate } from '../../../lib/format';
import { useNow, type Order } from '../../orders/api';
import { reviewState, useReview } from '../api';

/** A reviewed item: 已评价, and 追评 while its author may still write the one follow-up (GET /reviews/:id says). */
function Reviewed({ reviewId, to }: { reviewId: string; to: string }) {
  const { t } = useTranslation();
  const review = useReview(reviewId);
  return (
    <span className="review-row-action">
      <span className="pill ok" data-testid="order-review-done">
        {review.data?.followUp ? t('reviews.order.followedUp') : t('reviews.order.done')}
      </span>
      <Link to={to} className="button secondary small" data-testid={review.data?.canFollowUp ? 'order-review-follow-up' : 'order-review-view'}>
        {review.data?.canFollowUp ? t('reviews.order.followUp') : t('reviews.order.view')}
      </Link>
    </span>
  );
}

/**
 * The order page's 评价 card: each received item with what can be done about its review now:
 * 评价 until its deadline (15 days after receipt), then 追评 once within 180 days; nothing before receipt.
 */
export function OrderReviews({ order }: { order: Order }) {
  const { t, i18n } = useTranslation();
  const now = useNow();
  const rows = order.items.map((item) => ({ item, state: reviewState(item, now) })).filter(({ state }) => state.kind !== 'none');
  if (rows.length === 0) return null;
  const day = (at: string) => formatDate(at, i18n.resolvedLanguage);
  const to = (itemId: string) => `/orders/${order.id}/items/${itemId}/review`;
  return (
    <section className="card" data-testid="order-reviews">
      <h2>{t('reviews.order.title')}</h2>
      <ul className="cart-lines">
        {rows.map(({ item, state }) => (
          <li key={item.id} className="review-row" data-testid="order-review-item" data-item-id={item.id} data-state={state.kind}>
            <span>
              {item.title} · {item.skuName}
            </span>
            {state.kind === 'review' && (
              <span className="review-row-action">
                <span className="fine-print">{t('reviews.order.until', { date: day(state.until) })}</span>
                <Link to={to(item.id)} className="button primary small" data-testid="order-review-write">
                  {t('reviews.order.write')}
                </Link>
              </span>
            )}
            {state.kind === 'reviewed' && <Reviewed reviewId={state.reviewId} to={to(item.id)} />}
            {state.kind === 'closed' && <span className="muted" data-testid="order-review-closed">{t('reviews.order.closed')}</span>}
          </li>
        ))}
      </ul>
    </section>
  );
}
