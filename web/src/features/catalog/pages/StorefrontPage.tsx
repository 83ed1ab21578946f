import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { useProductList, catalogApi } from '../api';
import { DisclosureBlock } from '../../../ui/Disclosure';
import { ErrorBanner } from '../../../ui/ErrorBanner';
import { Loading } from '../../../ui/Loading';
import { Notice } from '../../../ui/Notice';
import { ProductGrid } from '../components/ProductGrid';
import { formatDate } from '../../../lib/format';
import { ApiError } from '../../../api/client';
import { ShopScores } from '../../reviews/components/ShopScores';
import { ResponseTime } from '../components/ResponseTime';
import { ContactShop } from '../../chat/components/ContactShop';

/**
 * A shop's public page: the R1 disclosure up front (it is the law's "prominent
 * place"), a closure notice (R2) or a "not selling" notice when there is one, and the shop's products.
 */
export function StorefrontPage() {
  const { t, i18n } = useTranslation();
  const { operatorId = '' } = useParams();
  const shop = useQuery({ queryKey: ['storefront', operatorId], queryFn: () => catalogApi.storefront(operatorId) });
  const products = useProductList({ operatorId, limit: 20 }, shop.isSuccess);
  const items = products.data?.pages.flatMap((page) => page.items) ?? [];
  const language = i18n.resolvedLanguage;

  if (shop.isPending) return <Loading />;
  if (shop.isError) {
    const missing = shop.error instanceof ApiError && shop.error.status === 404;
    return (
      <div className="page" data-testid="storefront-page">
        <title>{`${t('notFound.title')} · ${t('app.name')}`}</title>
        {missing ? <Notice kind="warning" testId="storefront-missing">{t('storefront.notFound')}</Notice> : <ErrorBanner error={shop.error} />}
        <Link to="/" className="button secondary">
          {t('notFound.home')}
        </Link>
      </div>
    );
  }
  const { data } = shop;
  const closed = data.status === 'closed';
  return (
    <div className="page" data-testid="storefront-page">
      <title>{`${data.shopName} · ${t('app.name')}`}</title>
      <header className="shop-header">
        <div className="shop-avatar" aria-hidden="true">
          {Array.from(data.shopName)[0]}
        </div>
        <h1 data-testid="storefront-name">{data.shopName}</h1>
      </header>
      <ContactShop operatorId={operatorId} />
      <DisclosureBlock disclosure={data.disclosure} />
      {data.closure && (
        <Notice kind="warning" testId="storefront-closure">
          {closed
            ? t('storefront.closed', { date: formatDate(data.closure.effectiveAt, language) })
            : t('storefront.closing', { date: formatDate(data.closure.effectiveAt, language), announced: formatDate(data.closure.announcedAt, language) })}
        </Notice>
      )}
      {!data.selling && !closed && (
        <Notice kind="warning" testId="storefront-not-selling">
          {t('storefront.notSelling')}
        </Notice>
      )}
      <ShopScores scores={data.scores} />
      <ResponseTime chat={data.chat} />
      <section className="section" data-testid="storefront-products">
        <h2>{t('storefront.products')}</h2>
        {products.isPending ? (
          <Loading />
        ) : products.isError ? (
          <ErrorBanner error={products.error} />
        ) : items.length === 0 ? (
          <p className="empty">{t('storefront.noProducts')}</p>
        ) : (
          <ProductGrid products={items} showShop={false} />
        )}
        {products.hasNextPage && (
          <button type="button" className="button secondary" data-testid="load-more" disabled={products.isFetchingNextPage} onClick={() => void products.fetchNextPage()}>
            {t('common.loadMore')}
          </button>
        )}
      </section>
    </div>
  );
}
