import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate } from 'react-router';
import { DataTable, morePages } from '../../../ui/DataTable';
import { ErrorBanner } from '../../../ui/ErrorBanner';
import { Loading } from '../../../ui/Loading';
import { PageHeader } from '../../../ui/PageHeader';
import { formatDate } from '../../../lib/format';
import { useShopOperator } from '../../shop/components/ShopConsole';
import { isLow, useShopReviews } from '../api';
import { AuthorName } from '../components/ReviewCard';
import { ReviewPhotos } from '../components/ReviewPhotos';
import { ShopReviewActions } from '../components/ShopReviewActions';
import { Stars } from '../components/Stars';

/**
 * /shop/reviews (评价管理): the reviews of the shop's products, newest first, 未回复 and
 * 差评 filters; under each, its one reply and the appeal. Anonymous buyers stay anonymous
 * to the shop too; there is no way here to edit, hide or delete a review (R11).
 */
export function ShopReviewsPage() {
  const { t, i18n } = useTranslation();
  const operator = useShopOperator();
  const [unreplied, setUnreplied] = useState(false);
  const [low, setLow] = useState(false);
  const list = useShopReviews(operator?.id ?? '', unreplied, Boolean(operator));
  if (!operator) return <Navigate to="/shop" replace />;
  // 差评 among the pages read so far (the shop's list has no such filter of its own); "next page" reads on.
  const items = (list.data?.pages.flatMap((page) => page.items) ?? []).filter((review) => !low || isLow(review));
  return (
    <div className="page" data-testid="shop-reviews-page">
      <PageHeader title={t('reviews.shop.title')} intro={t('reviews.shop.intro')} back={{ to: '/shop', label: operator.shopName }} />
      <div className="filters-row">
        <label className="check">
          <input type="checkbox" checked={unreplied} data-testid="shop-reviews-unreplied" onChange={(event) => setUnreplied(event.target.checked)} />
          <span>{t('reviews.shop.unreplied')}</span>
        </label>
        <label className="check">
          <input type="checkbox" checked={low} data-testid="shop-reviews-low" onChange={(event) => setLow(event.target.checked)} />
          <span>{t('reviews.shop.low')}</span>
        </label>
      </div>
      {list.isPending ? (
        <Loading />
      ) : !list.data ? (
        <ErrorBanner error={list.error} testId="shop-reviews-error" />
      ) : items.length === 0 && !list.hasNextPage ? (
        <p className="empty" data-testid="shop-reviews-empty">
          {t('reviews.shop.empty')}
        </p>
      ) : (
        <DataTable
          testId="shop-reviews"
          caption={t('reviews.shop.title')}
          rows={items}
          rowKey={(review) => review.id}
          more={morePages(list)}
          rowProps={(review) => ({ 'data-testid': 'shop-review-row', 'data-review-id': review.id, 'data-replied': Boolean(review.reply) })}
          details={(review) => <ShopReviewActions review={review} />}
          columns={[
            { key: 'date', header: t('reviews.shop.columns.date'), cell: (r) => formatDate(r.createdAt, i18n.resolvedLanguage), sort: (a, b) => a.createdAt.localeCompare(b.createdAt) },
            { key: 'product', header: t('reviews.shop.columns.product'), cell: (r) => `${r.productTitle} · ${r.sku}` },
            { key: 'rating', header: t('reviews.shop.columns.rating'), cell: (r) => <Stars rating={r.rating} testId="shop-review-stars" />, sort: (a, b) => a.rating - b.rating },
            {
              key: 'text',
              header: t('reviews.shop.columns.text'),
              cell: (r) => (
                <>
                  <AuthorName review={r} />
                  {r.text && <p className="review-text" data-testid="shop-review-text">{r.text}</p>}
                  <ReviewPhotos urls={r.images} testId="shop-review-photos" />
                </>
              ),
            },
            {
              key: 'state',
              header: t('reviews.shop.columns.state'),
              cell: (r) => (
                <span className={r.reply ? 'pill ok' : 'pill wait'} data-testid="shop-review-state">
                  {r.reply ? t('reviews.shop.replied') : t('reviews.shop.notReplied')}
                </span>
              ),
            },
          ]}
        />
      )}
      {list.isError && list.data && <ErrorBanner error={list.error} testId="shop-reviews-more-error" />}
    </div>
  );
}
