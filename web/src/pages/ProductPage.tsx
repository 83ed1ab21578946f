import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { api, ApiError, type Product } from '../api';
import { categoryName, returnNote } from '../catalog';
import { ErrorBanner } from '../components/ErrorBanner';
import { Loading } from '../components/Loading';
import { Notice } from '../components/Notice';
import { formatFen, formatFenRange } from '../money';

/** The images: one large, the rest as a strip of thumbnails to pick from. */
function Gallery({ product }: { product: Product }) {
  const { t } = useTranslation();
  const [shown, setShown] = useState(0);
  const current = product.images[shown] ?? product.images[0];
  return (
    <section className="gallery" aria-label={t('product.gallery')} data-testid="product-gallery">
      {current && <img className="gallery-main" src={current} alt={t('catalog.imageAlt', { title: product.title })} data-testid="product-image" />}
      {product.images.length > 1 && (
        <div className="gallery-strip">
          {product.images.map((url, i) => (
            <button key={url} type="button" className="gallery-thumb" aria-pressed={i === shown} aria-label={t('product.imageN', { n: i + 1 })} onClick={() => setShown(i)}>
              <img src={url} alt="" />
            </button>
          ))}
        </div>
      )}
    </section>
  );
}

/**
 * A product: gallery, price range, every SKU with its stock and group/bargain terms,
 * add-ons listed but never pre-selected (R7), the category's return rule (R9) and
 * the way to the shop. Buying comes later; the button says so.
 */
export function ProductPage() {
  const { t, i18n } = useTranslation();
  const { productId = '' } = useParams();
  const product = useQuery({ queryKey: ['product', productId], queryFn: () => api.product(productId) });
  const language = i18n.resolvedLanguage;

  if (product.isPending) return <Loading />;
  if (product.isError) {
    const missing = product.error instanceof ApiError && product.error.status === 404;
    return (
      <div className="page" data-testid="product-page">
        <title>{`${t('notFound.title')} · ${t('app.name')}`}</title>
        {missing ? <Notice kind="warning" testId="product-missing">{t('product.notFound')}</Notice> : <ErrorBanner error={product.error} />}
        <Link to="/" className="button secondary">
          {t('notFound.home')}
        </Link>
      </div>
    );
  }
  const p = product.data;
  const groupPrices = p.skus.flatMap((sku) => (sku.groupPrice === null ? [] : [sku.groupPrice]));
  return (
    <div className="page product-page" data-testid="product-page">
      <title>{`${p.title} · ${t('app.name')}`}</title>
      <Gallery product={p} />
      <section className="card product-summary">
        <p className="price big" data-testid="product-price">
          {formatFenRange(p.skus.map((sku) => sku.price))}
        </p>
        {groupPrices.length > 0 && <span className="group-tag">{t('catalog.groupPrice', { price: formatFenRange(groupPrices) })}</span>}
        <h1 data-testid="product-title">{p.title}</h1>
        <Link to={`/shops/${p.operator.id}`} className="shop-link" data-testid="product-shop-link">
          <span className="muted">{t('product.shop')}</span> <strong>{p.operator.shopName}</strong> <span aria-hidden="true">›</span>
        </Link>
      </section>
      {!p.available && (
        <Notice kind="warning" testId="product-not-selling">
          {t('product.notSelling')}
        </Notice>
      )}
      <section className="card">
        <h2>{t('product.skus')}</h2>
        <ul className="sku-list" data-testid="product-skus">
          {p.skus.map((sku) => (
            <li key={sku.id} data-testid="product-sku">
              <div className="sku-line">
                <span className="sku-name">{sku.name}</span>
                <span className="price">{formatFen(sku.price)}</span>
              </div>
              <div className="sku-meta">
                <span>{sku.stock > 0 ? t('product.stock', { count: sku.stock }) : t('product.soldOut')}</span>
                {sku.groupPrice !== null && sku.groupSize !== null && (
                  <span className="group-tag">{t('product.group', { size: sku.groupSize, price: formatFen(sku.groupPrice) })}</span>
                )}
                {sku.bargainFloor !== null && sku.maxHelpers !== null && (
                  <span className="bargain-tag">{t('product.bargain', { floor: formatFen(sku.bargainFloor), helpers: sku.maxHelpers })}</span>
                )}
              </div>
            </li>
          ))}
        </ul>
      </section>
      {p.addOns.length > 0 && (
        <section className="card" data-testid="product-addons">
          <h2>{t('product.addOns')}</h2>
          <p className="fine-print">{t('product.addOnsNote')}</p>
          <ul className="addon-list">
            {p.addOns.map((addOn) => (
              <li key={addOn.id} data-testid="product-addon">
                {/* R7: shown clearly, never ticked in advance. */}
                <span className="checkbox-off" aria-hidden="true" />
                <span className="addon-title">{addOn.title}</span>
                <span className="price">+{formatFen(addOn.price)}</span>
              </li>
            ))}
          </ul>
        </section>
      )}
      <section className="card">
        <h2>{t('product.description')}</h2>
        <p className="description" data-testid="product-description">
          {p.description}
        </p>
        <dl className="facts">
          <div>
            <dt>{t('product.category')}</dt>
            <dd data-testid="product-category">{categoryName(p.categoryInfo, language)}</dd>
          </div>
          <div>
            <dt>{t('product.returns')}</dt>
            <dd data-testid="product-return-note">{returnNote(p.categoryInfo, language)}</dd>
          </div>
        </dl>
      </section>
      <Link to={`/shops/${p.operator.id}`} className="button secondary" data-testid="product-visit-shop">
        {t('product.visitShop')}
      </Link>
      <div className="buy-bar">
        <button type="button" className="button primary" disabled data-testid="product-buy">
          {t('product.buySoon')}
        </button>
      </div>
    </div>
  );
}
