import type { InfiniteData, UseInfiniteQueryResult } from '@tanstack/react-query';
import { useEffect, useState, type RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import type { Page } from '../../../api/client';
import { ErrorBanner } from '../../../ui/ErrorBanner';
import { Loading } from '../../../ui/Loading';
import { REVIEW_FILTERS, REVIEW_SORTS, type Review, type ReviewFilter, type ReviewSort } from '../api';
import { ReviewCard } from './ReviewCard';

/**
 * True once the element comes within `margin` of the screen (and stays true): the product
 * page reads its reviews only then, so the first screen waits for nothing but the product.
 */
export function useNearScreen(ref: RefObject<Element | null>, margin = '300px'): boolean {
  const [near, setNear] = useState(false);
  useEffect(() => {
    const element = ref.current;
    if (near || !element) return;
    if (typeof IntersectionObserver === 'undefined') return setNear(true);
    const observer = new IntersectionObserver((entries) => {
      if (entries.some((entry) => entry.isIntersecting)) setNear(true);
    }, { rootMargin: margin });
    observer.observe(element);
    return () => observer.disconnect();
  }, [ref, margin, near]);
  return near;
}

/** 全部 / 有图 / 差评 and 最新 / 最有用, as pressed-button groups. */
export function ReviewControls({
  filter,
  sort,
  onFilter,
  onSort,
}: {
  filter: ReviewFilter | undefined;
  sort: ReviewSort;
  onFilter: (filter: ReviewFilter | undefined) => void;
  onSort: (sort: ReviewSort) => void;
}) {
  const { t } = useTranslation();
  return (
    <div className="review-controls">
      <div className="chips" role="group" aria-label={t('reviews.list.filters')} data-testid="review-filters">
        <button type="button" className="chip" aria-pressed={filter === undefined} data-testid="review-filter-all" onClick={() => onFilter(undefined)}>
          {t('reviews.list.filter.all')}
        </button>
        {REVIEW_FILTERS.map((option) => (
          <button key={option} type="button" className="chip" aria-pressed={filter === option} data-testid={`review-filter-${option}`} onClick={() => onFilter(option)}>
            {t(`reviews.list.filter.${option}`)}
          </button>
        ))}
      </div>
      <div className="chips" role="group" aria-label={t('reviews.list.sorts')} data-testid="review-sorts">
        {REVIEW_SORTS.map((option) => (
          <button key={option} type="button" className="chip" aria-pressed={sort === option} data-testid={`review-sort-${option}`} onClick={() => onSort(option)}>
            {t(`reviews.list.sort.${option}`)}
          </button>
        ))}
      </div>
    </div>
  );
}

/** Reviews of a paged query, with "load more" while there are more (`max` shows only the first few, without it). */
export function ReviewPages({
  list,
  signedIn,
  filtered = false,
  max,
}: {
  list: UseInfiniteQueryResult<InfiniteData<Page<Review>>>;
  signedIn: boolean;
  filtered?: boolean;
  max?: number;
}) {
  const { t } = useTranslation();
  if (list.isPending) return <Loading />;
  if (!list.data) return <ErrorBanner error={list.error} testId="reviews-error" />;
  const all = list.data.pages.flatMap((page) => page.items);
  const items = max === undefined ? all : all.slice(0, max);
  if (items.length === 0) {
    return (
      <p className="empty" data-testid="reviews-empty">
        {filtered ? t('reviews.list.emptyFiltered') : t('reviews.list.empty')}
      </p>
    );
  }
  return (
    <>
      <ul className="review-cards" data-testid="review-list">
        {items.map((review) => (
          <li key={review.id}>
            <ReviewCard review={review} signedIn={signedIn} />
          </li>
        ))}
      </ul>
      {max === undefined && list.hasNextPage && (
        <button type="button" className="button secondary" data-testid="reviews-load-more" disabled={list.isFetchingNextPage} onClick={() => void list.fetchNextPage()}>
          {list.isFetchingNextPage ? t('common.loading') : t('common.loadMore')}
        </button>
      )}
      {list.isError && <ErrorBanner error={list.error} testId="reviews-more-error" />}
    </>
  );
}
