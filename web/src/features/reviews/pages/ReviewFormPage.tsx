import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { ErrorBanner } from '../../../ui/ErrorBanner';
import { Loading } from '../../../ui/Loading';
import { Notice } from '../../../ui/Notice';
import { PageHeader } from '../../../ui/PageHeader';
import { formatDateTime } from '../../../lib/format';
import { useNow, useOrder } from '../../orders/api';
import { reviewState, type PostedReview } from '../api';
import { AsNoteButton } from '../components/AsNoteButton';
import { FollowUpForm, ReviewForm } from '../components/ReviewForm';

/**
 * /orders/:orderId/items/:itemId/review: the buyer reviews a received item (until its
 * deadline, 15 days after receipt), then may publish it as a note; later, the same address
 * takes the one follow-up (追评) within 180 days.
 */
export function ReviewFormPage() {
  const { t, i18n } = useTranslation();
  const { orderId = '', itemId = '' } = useParams();
  const order = useOrder(orderId);
  const now = useNow();
  const [posted, setPosted] = useState<PostedReview | null>(null);
  const [followedUp, setFollowedUp] = useState(false);
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
  const when = (at: string) => formatDateTime(at, i18n.resolvedLanguage);
  return (
    <div className="page" data-testid="review-page">
      <PageHeader title={state.kind === 'followUp' && !posted ? t('reviews.followUp.title') : t('reviews.form.title')} back={back} />
      <p className="card review-item" data-testid="review-item">
        {t('reviews.form.item', { title: item.title, sku: item.skuName })}
      </p>
      {posted ? (
        <section className="card" data-testid="review-posted">
          <Notice testId="review-posted-notice">{t('reviews.form.posted')}</Notice>
          <div className="button-row">
            <AsNoteButton review={posted} item={item} />
            <Link to={back.to} className="button secondary" data-testid="review-back-to-order">
              {back.label}
            </Link>
          </div>
        </section>
      ) : state.kind === 'review' ? (
        <>
          <p className="fine-print" data-testid="review-deadline">
            {t('reviews.form.deadline', { date: when(state.until) })}
          </p>
          <ReviewForm orderId={orderId} itemId={itemId} onPosted={setPosted} />
        </>
      ) : state.kind === 'followUp' && !followedUp ? (
        <>
          <p className="fine-print" data-testid="follow-up-deadline">
            {t('reviews.order.followUpUntil', { date: when(state.until) })}
          </p>
          <FollowUpForm reviewId={state.reviewId} onPosted={() => setFollowedUp(true)} />
        </>
      ) : (
        <Notice kind={followedUp ? 'success' : 'info'} testId="review-closed">
          {followedUp ? t('reviews.followUp.posted') : state.kind === 'done' ? t('reviews.order.done') : t('reviews.order.closed')}
        </Notice>
      )}
    </div>
  );
}
