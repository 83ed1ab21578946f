import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { ProductRating } from '../api';
import { STAR_VALUES, Stars } from './Stars';

/**
 * A product's ratings as they come with the product (GET /products/:id `rating`, kept
 * incrementally on the server): the average with stars, the count, how many of each star
 * as bars, and how many reviews carry photos. No request of its own, so it is on the
 * first screen at once.
 */
export function RatingSummary({ rating, productId }: { rating: ProductRating; productId: string }) {
  const { t } = useTranslation();
  if (rating.count === 0) {
    return (
      <p className="rating-line muted" data-testid="rating-summary" data-count={0}>
        {t('reviews.summary.none')}
      </p>
    );
  }
  const most = Math.max(1, ...STAR_VALUES.map((n) => rating.distribution[n]));
  return (
    <div className="rating-summary" data-testid="rating-summary" data-count={rating.count}>
      <Link to={`/products/${productId}/reviews`} className="rating-line" data-testid="rating-link">
        <strong className="rating-average" data-testid="rating-average">
          {rating.average.toFixed(1)}
        </strong>
        <Stars rating={rating.average} size="large" />
        <span className="muted" data-testid="rating-count">
          {t('reviews.summary.count', { count: rating.count })}
        </span>
        <span aria-hidden="true">›</span>
      </Link>
      <ul className="rating-bars" aria-label={t('reviews.summary.distribution')} data-testid="rating-distribution">
        {[...STAR_VALUES].reverse().map((n) => (
          <li key={n} data-testid="rating-bar" data-stars={n} data-count={rating.distribution[n]}>
            <span className="rating-bar-label" aria-hidden="true">
              {n}★
            </span>
            <span className="rating-bar-track" aria-hidden="true">
              <span className="rating-bar-fill" style={{ width: `${(rating.distribution[n] / most) * 100}%` }} />
            </span>
            <span className="visually-hidden">{t('reviews.summary.bar', { stars: n, count: rating.distribution[n] })}</span>
            <span className="rating-bar-count muted" aria-hidden="true">
              {rating.distribution[n]}
            </span>
          </li>
        ))}
      </ul>
      {rating.withPhotos > 0 && (
        <Link to={`/products/${productId}/reviews?filter=photos`} className="pill" data-testid="rating-with-photos">
          {t('reviews.summary.withPhotos', { count: rating.withPhotos })}
        </Link>
      )}
    </div>
  );
}
