import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { categoryName, returnNote, catalogApi, type Product } from '../api';
import { ErrorBanner } from '../../../ui/ErrorBanner';
import { Loading } from '../../../ui/Loading';
import { Notice } from '../../../ui/Notice';
import { cart } from '../../orders/cart';
import { buyNowPath } from '../../orders/buyNow';
import { useMe } from '../../../app/session';
import { formatFen, formatFenRange } from '../../../lib/money';
import { BargainOffers, GroupBuyButtons, GroupStartSheet, OpenGroups } from '../../campaigns/components/ProductCampaigns';
import { ContactShop } from '../../chat/components/ContactShop';
import { ApiError } from '../../../api/client';
import { FULL_SIZES, pictureProps, SQUARE_BOX, thumbnailOf } from '../../../ui/image';
import { ProductReviews } from '../../reviews/components/ProductReviews';
import { RatingSummary } from '../../reviews/components/RatingSummary';

/** The images: one large, the rest as a strip of thumbnails to pick from. */
function Gallery({ product }: { product: Product }) {
  const { t } = useTranslation();
  const [shown, setShown] = useState(0);
  const current = product.images[shown] ?? product.images[0];
  return (
    <section className="gallery" aria-label={t('product.gallery')} data-testid="product-gallery">
      {current && <img className="gallery-main" {...pictureProps(current, FULL_SIZES)} {...SQUARE_BOX} fetchPriority="high" alt={t('catalog.imageAlt', { title: product.title })} data-testid="product-image" />}
      {product.images.length > 1 && (
        <div className="gallery-strip">
          {product.images.map((url, i) => (
            <button key={url} type="button" className="gallery-thumb" aria-pressed={i === shown} aria-label={t('product.imageN', { n: i + 1 })} onClick={() => setShown(i)}>
              <img src={thumbnailOf(url)} {...SQUARE_BOX} loading="lazy" alt="" />
            </button>
          ))}
        </div>
      )}
    </section>
  );
}

/**
 * Buying: a SKU (the first in stock to start with), a quantity and the add-ons,
 * each an unticked checkbox (R7: never pre-selected); "add to cart" keeps the line
 * in this browser's cart; 立即购买 (every SKU, also "buy alone" beside a group
 * price) goes straight to a checkout of just this line, the cart left as it is.
 */
function AddToCart({ product, attribution, skuHint }: { product: Product; attribution: string | undefined; skuHint: string | null }) {
  const { t } = useTranslation();
  const tagged = product.skus.find((sku) => sku.id === skuHint && sku.stock > 0);
  const firstInStock = tagged ?? product.skus.find((sku) => sku.stock > 0) ?? product.skus[0];
  const [skuId, setSkuId] = useState(firstInStock?.id ?? '');
  const [quantity, setQuantity] = useState(1);
  const [addOnIds, setAddOnIds] = useState<string[]>([]);
  const [added, setAdded] = useState(false);
  const [startingGroup, setStartingGroup] = useState(false);
  const me = useMe();
  const navigate = useNavigate();
  const guest = me.data === null;
  const sku = product.skus.find((s) => s.id === skuId);
  const group = sku && sku.groupPrice !== null && sku.groupSize !== null ? { ...sku, groupPrice: sku.groupPrice, groupSize: sku.groupSize } : null;
  const soldOut = !sku || sku.stock === 0;
  const addButton = (
    <button type="button" className="button secondary" disabled={soldOut} data-testid="product-add-to-cart" onClick={add}>
      {t('cart.add')}
    </button>
  );
  const max = Math.max(1, Math.min(99, sku?.stock ?? 1));
  const buyNow = () => {
    if (sku) void navigate(buyNowPath({ productId: product.id, skuId: sku.id, quantity, addOnIds, attribution }));
  };

  function toggle(id: string, on: boolean) {
    setAdded(false);
    setAddOnIds((ids) => (on ? [...ids, id] : ids.filter((x) => x !== id)));
  }

  function add() {
    if (!sku) return;
    cart.add({
      productId: product.id,
      skuId: sku.id,
      title: product.title,
      skuName: sku.name,
      price: sku.price,
      quantity,
      image: product.images[0] ?? null,
      operator: product.operator,
      returnClass: product.categoryInfo.returnClass,
      addOns: product.addOns.filter((addOn) => addOnIds.includes(addOn.id)).map(({ id, title, price }) => ({ id, title, price })),
      ...(attribution ? { attribution } : {}),
    });
    setAdded(true);
  }

  return (
    <section className="card" data-testid="add-to-cart">
      <fieldset className="plain-fieldset">
        <legend>{t('cart.chooseSku')}</legend>
        <div className="choice-group">
        {product.skus.map((s) => (
          <label key={s.id} className={s.id === skuId ? 'choice selected' : 'choice'}>
            <input
              type="radio"
              name="sku"
              value={s.id}
              checked={s.id === skuId}
              disabled={s.stock === 0}
              data-testid={`cart-sku-${s.id}`}
              onChange={() => {
                setSkuId(s.id);
                setQuantity(1);
                setAdded(false);
                setStartingGroup(false);
              }}
            />
            <span className="choice-title">{s.name}</span>
            <span className="choice-hint">{formatFen(s.price)}</span>
          </label>
        ))}
        </div>
      </fieldset>
      <label className="field">
        <span>{t('cart.quantity')}</span>
        <input
          type="number"
          name="quantity"
          min={1}
          max={max}
          inputMode="numeric"
          value={quantity}
          data-testid="cart-quantity"
          onChange={(event) => {
            setAdded(false);
            const n = Number(event.target.value);
            setQuantity(Number.isFinite(n) ? Math.min(max, Math.max(1, Math.trunc(n))) : 1);
          }}
        />
      </label>
      {product.addOns.length > 0 && (
        <fieldset className="plain-fieldset" data-testid="product-addons">
          <legend>{t('cart.addOnsChoose')}</legend>
          <p className="fine-print">{t('product.addOnsNote')}</p>
          <ul className="addon-list">
            {product.addOns.map((addOn) => (
              <li key={addOn.id} data-testid="product-addon">
                <label className="check addon-check">
                  {/* R7: shown clearly, never ticked in advance. */}
                  <input type="checkbox" checked={addOnIds.includes(addOn.id)} data-testid={`addon-${addOn.id}`} onChange={(event) => toggle(addOn.id, event.target.checked)} />{' '}
                  <span className="addon-title">{addOn.title}</span> <span className="price">+{formatFen(addOn.price)}</span>
                </label>
              </li>
            ))}
          </ul>
        </fieldset>
      )}
      {!guest && group && <div className="actions">{addButton}</div>}
      {!guest && group && startingGroup && <GroupStartSheet key={group.id} sku={group} />}
      {added && (
        <Notice testId="cart-added">
          {t('cart.added')}{' '}
          <Link to="/cart" data-testid="cart-go">
            {t('cart.goCart')} ›
          </Link>
        </Notice>
      )}
      <div className="buy-bar">
        {guest ? (
          <>
            {/* Guests see why they cannot buy yet, and the way to log in. */}
            <button type="button" className="button primary" disabled data-testid="product-buy">
              {t('cart.loginToBuy')}
            </button>
            <Link to="/login" className="button secondary" data-testid="product-login">
              {t('home.loginCta')}
            </Link>
          </>
        ) : group ? (
          <GroupBuyButtons
            sku={group}
            onBuyAlone={buyNow}
            onStart={() => setStartingGroup(true)}
          />
        ) : (
          <div className="button-row">
            {addButton}
            <button type="button" className="button primary" disabled={soldOut} data-testid="product-buy-now" onClick={buyNow}>
              {t('cart.buyNow')}
            </button>
          </div>
        )}
      </div>
    </section>
  );
}

/**
 * A product: gallery, price range, every SKU with its stock and group/bargain terms,
 * add-ons listed but never pre-selected (R7), the category's return rule (R9) and
 * the way to the shop, and adding it to the cart.
 */
export function ProductPage() {
  const { t, i18n } = useTranslation();
  const { productId = '' } = useParams();
  const product = useQuery({ queryKey: ['product', productId], queryFn: () => catalogApi.product(productId) });
  // R12: arriving from a note's tag, the link's token goes into the cart line and on to checkout.
  const [params] = useSearchParams();
  const attribution = params.get('ref') ?? undefined;
  const language = i18n.resolvedLanguage;
  const me = useMe();

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
      {/* The ratings came with the product; placed below the SKUs the server renders on the first screen, so the app taking over moves nothing. */}
      <section className="card" aria-label={t('reviews.summary.title')}>
        <RatingSummary rating={p.rating} productId={p.id} />
      </section>
      {attribution && (
        <Notice testId="product-via-note">
          {t('social.viaNote')}
        </Notice>
      )}
      {p.available && <AddToCart product={p} attribution={attribution} skuHint={params.get('sku')} />}
      {p.available && <OpenGroups product={p} />}
      {p.available && <BargainOffers product={p} guest={me.data === null} />}
      <ProductReviews productId={p.id} count={p.rating.count} />
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
      <div className="button-row">
        <Link to={`/shops/${p.operator.id}`} className="button secondary" data-testid="product-visit-shop">
          {t('product.visitShop')}
        </Link>
        <ContactShop operatorId={p.operator.id} offer={{ product: p.id }} />
      </div>
    </div>
  );
}
