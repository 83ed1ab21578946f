import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useIdempotencyKeys } from '../../../api/idempotency';
import { ErrorBanner } from '../../../ui/ErrorBanner';
import { formatDate } from '../../../lib/format';
import { daysBetween, reviewsApi, REVIEWS_KEY, type Review } from '../api';
import { ReviewPhotos } from './ReviewPhotos';
import { Stars } from './Stars';

/** Who wrote it: 「匿名买家」 for an anonymous review (the server sends no name then). */
export function AuthorName({ review }: { review: Pick<Review, 'author'> }) {
  const { t } = useTranslation();
  return (
    <span className="review-author" data-testid="review-author">
      {review.author.anonymous ? t('reviews.card.anonymous') : review.author.name}
    </span>
  );
}

/** 有用: a signed-in reader marks a review helpful once, and may take it back (POST / DELETE). */
function HelpfulButton({ review, signedIn }: { review: Review; signedIn: boolean }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const keys = useIdempotencyKeys();
  const [marked, setMarked] = useState(review.helpedByMe);
  const [count, setCount] = useState(review.helpfulCount);
  const toggle = useMutation({
    mutationFn: (on: boolean) => (on ? keys.send({ helpful: review.id }, (key) => reviewsApi.helpful(review.id, key)) : reviewsApi.notHelpful(review.id)),
    onSuccess: async (answer) => {
      setMarked(answer.helpedByMe);
      setCount(answer.helpfulCount);
      await queryClient.invalidateQueries({ queryKey: [REVIEWS_KEY], refetchType: 'none' });
    },
  });
  return (
    <>
      <button
        type="button"
        className="button secondary small helpful-button"
        aria-pressed={marked}
        disabled={!signedIn || toggle.isPending}
        title={signedIn ? undefined : t('reviews.card.helpfulSignIn')}
        data-testid="review-helpful"
        onClick={() => toggle.mutate(!marked)}
      >
        {count > 0 ? t('reviews.card.helpfulCount', { count }) : t('reviews.card.helpful')}
      </button>
      <ErrorBanner error={toggle.error} testId="review-helpful-error" />
    </>
  );
}

/**
 * One review as buyers read it: stars, text, photos (tap to enlarge), the SKU bought, the
 * 「已购买」 mark (every review comes from a received order item, R11), the follow-up with its
 * delay after receipt, the shop's one public reply, and 有用.
 */
export function ReviewCard({ review, signedIn }: { review: Review; signedIn: boolean }) {
  const { t, i18n } = useTranslation();
  const language = i18n.resolvedLanguage;
  // The review carries no receipt time: the delay is counted from the review itself.
  const after = review.followUp ? daysBetween(review.createdAt, review.followUp.at) : 0;
  return (
    <article className="review-card" data-testid="review-card" data-review-id={review.id}>
      <header className="review-head">
        <AuthorName review={review} />
        <Stars rating={review.rating} testId="review-stars" />
        <time className="muted" dateTime={review.createdAt}>
          {formatDate(review.createdAt, language)}
        </time>
      </header>
      <p className="review-meta">
        {review.verifiedPurchase && (
          <span className="pill ok" data-testid="review-verified">
            {t('reviews.card.verified')}
          </span>
        )}{' '}
        <span className="muted" data-testid="review-sku">
          {t('reviews.card.sku', { sku: review.sku })}
        </span>
      </p>
      {review.isDefault ? (
        <p className="muted" data-testid="review-default">
          {t('reviews.card.defaultReview')}
        </p>
      ) : (
        review.text && (
          <p className="review-text" data-testid="review-text">
            {review.text}
          </p>
        )
      )}
      <ReviewPhotos urls={review.images} testId="review-photos" />
      {review.followUp && (
        <section className="review-follow-up" data-testid="review-follow-up">
          <h3 className="review-sub">{after > 0 ? t('reviews.card.followUpAfter', { days: after }) : t('reviews.card.followUpSameDay')}</h3>
          <p className="review-text" data-testid="review-follow-up-text">
            {review.followUp.text}
          </p>
          <ReviewPhotos urls={review.followUp.images} testId="review-follow-up-photos" />
        </section>
      )}
      {review.reply && (
        <section className="review-reply" data-testid="review-reply">
          <h3 className="review-sub">{t('reviews.card.reply')}</h3>
          <p className="review-text" data-testid="review-reply-text">
            {review.reply.text}
          </p>
        </section>
      )}
      <div className="review-actions">
        <HelpfulButton review={review} signedIn={signedIn} />
      </div>
    </article>
  );
}
