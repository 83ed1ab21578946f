import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useParams, useSearchParams } from 'react-router';
import { useMe } from '../../../app/session';
import { ErrorBanner } from '../../../ui/ErrorBanner';
import { Loading } from '../../../ui/Loading';
import { PageHeader } from '../../../ui/PageHeader';
import { catalogApi } from '../../catalog/api';
import { REVIEW_FILTERS, REVIEW_SORTS, useProductReviews, type ReviewFilter, type ReviewSort } from '../api';
import { RatingSummary } from '../components/RatingSummary';
import { ReviewControls, ReviewPages } from '../components/ReviewList';

/**
 * /products/:id/reviews: every review of a product, 全部 / 有图 / 差评 and 最新 / 最有用
 * (kept in the address, so a link can open "with photos"), a page at a time.
 */
export function ProductReviewsPage() {
  const { t } = useTranslation();
  const { productId = '' } = useParams();
  const [params, setParams] = useSearchParams();
  const me = useMe();
  const filter: ReviewFilter | undefined = REVIEW_FILTERS.find((option) => option === params.get('filter'));
  const sort: ReviewSort = REVIEW_SORTS.find((option) => option === params.get('sort')) ?? 'newest';
  // The same cache entry as the product page: coming from it, the summary is there at once.
  const product = useQuery({ queryKey: ['product', productId], queryFn: () => catalogApi.product(productId) });
  const list = useProductReviews(productId, { sort, filter });
  const go = (next: { filter: ReviewFilter | undefined; sort: ReviewSort }) =>
    setParams({ ...(next.filter ? { filter: next.filter } : {}), ...(next.sort !== 'newest' ? { sort: next.sort } : {}) }, { replace: true });
  return (
    <div className="page" data-testid="product-reviews-page">
      <PageHeader title={t('reviews.list.title')} back={{ to: `/products/${productId}`, label: product.data?.title ?? t('campaigns.group.toProduct') }} />
      {product.isPending ? <Loading /> : product.isError ? <ErrorBanner error={product.error} /> : <RatingSummary rating={product.data.rating} productId={productId} />}
      <ReviewControls filter={filter} sort={sort} onFilter={(next) => go({ filter: next, sort })} onSort={(next) => go({ filter, sort: next })} />
      <ReviewPages list={list} signedIn={Boolean(me.data)} filtered={filter !== undefined} />
    </div>
  );
}
