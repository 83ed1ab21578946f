import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { formatFen } from '../../../lib/money';
import type { ProductSummary } from '../api';
import { CARD_SIZES, pictureProps, SQUARE_BOX } from '../../../ui/image';

/** One product tile: cover, title, lowest price, group price, its rating (when reviewed), shop. */
export function ProductCard({ product, showShop = true }: { product: ProductSummary; showShop?: boolean }) {
  const { t } = useTranslation();
  return (
    <li className="product-card" data-testid="product-card" data-product-id={product.id}>
      <Link to={`/products/${product.id}`} className="product-link">
        <div className="product-cover">
          {product.image ? <img {...pictureProps(product.image, CARD_SIZES)} {...SQUARE_BOX} alt={t('catalog.imageAlt', { title: product.title })} loading="lazy" /> : null}
          {!product.available && <span className="cover-label">{t('catalog.shopNotSelling')}</span>}
        </div>
        <div className="product-body">
          <span className="product-title" data-testid="product-card-title">
            {product.title}
          </span>
          <span className="product-prices">
            <span className="price" data-testid="product-card-price">
              {formatFen(product.price)}
            </span>
            {product.groupPrice !== null && <span className="group-tag">{t('catalog.groupPrice', { price: formatFen(product.groupPrice) })}</span>}
          </span>
          {product.rating && product.rating.count > 0 && (
            <span className="product-rating muted" data-testid="product-card-rating">
              {t('reviews.summary.cardLine', { average: product.rating.average.toFixed(1), count: product.rating.count })}
            </span>
          )}
          {showShop && <span className="product-shop">{product.operator.shopName}</span>}
        </div>
      </Link>
    </li>
  );
}

export function ProductGrid({ products, showShop = true, testId = 'product-grid' }: { products: ProductSummary[]; showShop?: boolean; testId?: string }) {
  return (
    <ul className="product-grid" data-testid={testId}>
      {products.map((product) => (
        <ProductCard key={product.id} product={product} showShop={showShop} />
      ))}
    </ul>
  );
}
