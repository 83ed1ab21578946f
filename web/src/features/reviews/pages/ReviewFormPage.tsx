import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { ErrorBanner } from '../../../ui/ErrorBanner';
import { Loading } from '../../../ui/Loading';
import { Notice } from '../../../ui/Notice';
import { PageHeader } from '../../../ui/PageHeader';
import { formatDateTime } from '../../../lib/format';
import { useNow, useOrder, type OrderItem } from '../../orders/api';
import { reviewState, useReview, type PostedReview } from '../api';
import { AsNoteButton } from '../components/AsNoteButton';
import { ReviewCard } from '../components/ReviewCard';
import { FollowUpForm, ReviewForm } from '../components/ReviewForm';

/** The written review: as others read it, 发布为笔记, and the one follow-up while it may still be written. */
function WrittenReview({ reviewId, item, fresh }: { reviewId: string; item: OrderItem; fresh: boolean }) {
  const { t, i18n } = useTranslation();
  const review = useReview(reviewId);
  if (review.isPending) return <Loading />;
  if (review.isError) return <ErrorBanner error={review.error} testId="review-load-error" />;
  const r = review.data;
  return (
    <>
      {fresh && <Notice testId="review-posted-notice">{t('reviews.form.posted')}</Notice>}
      <section className="card" data-testid="review-posted">
        <ReviewCard review={r} signedIn />
        <AsNoteButton review={r} item={item} />
      </section>
      {r.canFollowUp && r.followUpUntil && (
        <section className="card">
          <p className="fine-print" data-testid="follow-up-deadline">
            {t('reviews.order.followUpUntil', { date: formatDateTime(r.followUpUntil, i18n.resolvedLanguage) })}
          </p>
          <FollowUpForm reviewId={r.id} />
        </section>
      )}
    </>
  );
}

/**
 * /orders/:orderId/items/:itemId/review: the buyer reviews a received item (until its
 * deadline, 15 days after receipt); once written, the same address shows it with
 * 「发布为笔记」 and takes the one follow-up (追评) within 180 days.
 */
export function ReviewFormPage() {
  const { t, i18n } = useTranslation();
  const { orderId = '', itemId = '' } = useParams();
  const order = useOrder(orderId);
  const now = useNow();
  const [posted, setPosted] = useState<PostedReview | null>(null);
  const back = { to: `/orders/${orderId}`, label: t('reviews.form.backToOrder') };
  if (order.isPending) return <Loading />;
  const item = order.data?.items.find((candidate) => candidate.id === itemId);
  if (!order.data || !item) {
    return (
      <div className="page" data-testid="review-page">
        <PageHeader title={t('reviews.form.title')} back={back} />
        {order.isError ? <ErrorBanner error={order.error} /> : <Notice kind="warning" testId="review-not-found">{t('reviews.form.notYours')}</Notice>}
      </div>
    );
  }
  const state = reviewState(item, now);
  const reviewId = posted?.id ?? (state.kind === 'reviewed' ? state.reviewId : undefined);
  return (
    <div className="page" data-testid="review-page">
      <PageHeader title={t('reviews.form.title')} back={back} />
      <p className="card review-item" data-testid="review-item">
        {t('reviews.form.item', { title: item.title, sku: item.skuName })}
      </p>
      {reviewId ? (
        <WrittenReview reviewId={reviewId} item={item} fresh={posted !== null} />
      ) : state.kind === 'review' ? (
        <>
          <p className="fine-print" data-testid="review-deadline">
            {t('reviews.form.deadline', { date: formatDateTime(state.until, i18n.resolvedLanguage) })}
          </p>
          <ReviewForm orderId={orderId} itemId={itemId} onPosted={setPosted} />
        </>
      ) : (
        <Notice kind="info" testId="review-closed">
          {state.kind === 'closed' ? t('reviews.order.closed') : t('reviews.form.notYours')}
        </Notice>
      )}
      <Link to={back.to} className="button secondary" data-testid="review-back-to-order">
        {back.label}
      </Link>
    </div>
  );
}
