import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useProductList } from '../../catalog/api';
import { DataTable, morePages } from '../../../ui/DataTable';
import { ErrorBanner } from '../../../ui/ErrorBanner';
import { Loading } from '../../../ui/Loading';
import { formatFen } from '../../../lib/money';

/** The shop's own products as a table (sortable by title and price, paged over the cursor), each with a way to edit it. */
export function ProductsCard({ operatorId }: { operatorId: string }) {
  const { t, i18n } = useTranslation();
  const products = useProductList({ operatorId, limit: 50 });
  const items = products.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <section className="card" data-testid="shop-products" aria-label={t('shop.products')}>
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
        <DataTable
          testId="shop-products-table"
          caption={t('shop.products')}
          rows={items}
          rowKey={(product) => product.id}
          more={morePages(products)}
          rowProps={(product) => ({ 'data-testid': 'shop-product', 'data-product-id': product.id })}
          columns={[
            {
              key: 'title',
              header: t('shop.productColumns.title'),
              sort: (a, b) => a.title.localeCompare(b.title, i18n.resolvedLanguage),
              cell: (product) => (
                <span className="own-product">
                  {product.image && <img src={product.image} alt="" width={48} height={48} loading="lazy" />}
                  <Link to={`/products/${product.id}`} className="own-product-title">
                    {product.title}
                  </Link>
                </span>
              ),
            },
            { key: 'price', header: t('shop.productColumns.price'), className: 'num', cell: (product) => <span className="price">{formatFen(product.price)}</span>, sort: (a, b) => a.price - b.price },
            {
              key: 'edit',
              header: t('shop.productColumns.actions'),
              cell: (product) => (
                <Link to={`/shop/products/${product.id}/edit`} className="button secondary small" data-testid="shop-edit-product">
                  {t('shop.edit')}
                </Link>
              ),
            },
          ]}
        />
      )}
    </section>
  );
}
