import { useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useMe } from '../../../app/session';
import { PREVIEW_COUNT, useProductReviews } from '../api';
import { ReviewPages, useNearScreen } from './ReviewList';

/**
 * The product page's newest few reviews, read once the section nears the screen (it is below
 * the fold, so the first screen waits for nothing but the product), and the way to all of
 * them with filters and sorting. `count` is the product's review count (from its rating).
 */
export function ProductReviews({ productId, count }: { productId: string; count: number }) {
  const { t } = useTranslation();
  const me = useMe();
  const section = useRef<HTMLElement>(null);
  const near = useNearScreen(section);
  const list = useProductReviews(productId, { sort: 'newest', limit: PREVIEW_COUNT }, near && count > 0);
  return (
    <section className="card product-reviews" ref={section} aria-labelledby="product-reviews-title" data-testid="product-reviews">
      <h2 id="product-reviews-title">
        {t('reviews.list.title')} {count > 0 && <span className="muted">({count})</span>}
      </h2>
      {count === 0 ? (
        <p className="empty" data-testid="reviews-empty">
          {t('reviews.list.empty')}
        </p>
      ) : (
        <>
          {near && <ReviewPages list={list} signedIn={Boolean(me.data)} max={PREVIEW_COUNT} />}
          <Link to={`/products/${productId}/reviews`} className="button secondary" data-testid="reviews-see-all">
            {t('reviews.list.seeAll')} ›
          </Link>
        </>
      )}
    </section>
  );
}
