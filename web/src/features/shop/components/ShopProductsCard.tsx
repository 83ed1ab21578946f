import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useProductList } from '../../catalog/api';
import { ErrorBanner } from '../../../ui/ErrorBanner';
import { Loading } from '../../../ui/Loading';
import { formatFen } from '../../../lib/money';

/** The shop's own products, each with a way to edit it. */
export function ProductsCard({ operatorId }: { operatorId: string }) {
  const { t } = useTranslation();
  const products = useProductList({ operatorId, limit: 50 });
  const items = products.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <section className="card" data-testid="shop-products">
      <div className="section-head">
        <h2>{t('shop.products')}</h2>
      </div>
      <Link to="/shop/products/new" className="button primary" data-testid="shop-new-product">
        + {t('shop.newProduct')}
      </Link>
      {products.isPending ? (
        <Loading />
      ) : products.isError ? (
        <ErrorBanner error={products.error} />
      ) : items.length === 0 ? (
        <p className="empty">{t('shop.noProducts')}</p>
      ) : (
        <ul className="own-products">
          {items.map((product) => (
            <li key={product.id} data-testid="shop-product" data-product-id={product.id}>
              {product.image && <img src={product.image} alt="" />}
              <div className="own-product-text">
                <Link to={`/products/${product.id}`} className="own-product-title">
                  {product.title}
                </Link>
                <span className="price">{formatFen(product.price)}</span>
              </div>
              <Link to={`/shop/products/${product.id}/edit`} className="button secondary small" data-testid="shop-edit-product">
                {t('shop.edit')}
              </Link>
            </li>
          ))}
        </ul>
      )}
      {products.hasNextPage && (
        <button type="button" className="button secondary" disabled={products.isFetchingNextPage} onClick={() => void products.fetchNextPage()}>
          {t('common.loadMore')}
        </button>
      )}
    </section>
  );
}
