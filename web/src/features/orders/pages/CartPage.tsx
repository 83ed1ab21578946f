import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { byShop, cart, lineTotal, MAX_QUANTITY, useCart } from '../cart';
import { PageHeader } from '../../../ui/PageHeader';
import { formatFen } from '../../../lib/money';

/** /cart: the lines kept in this browser, grouped by shop; quantities can change and lines go. */
export function CartPage() {
  const { t } = useTranslation();
  const lines = useCart();
  const groups = byShop(lines);
  return (
    <div className="page" data-testid="cart-page">
      <title>{`${t('cart.title')} · ${t('app.name')}`}</title>
      <PageHeader title={t('cart.title')} />
      {lines.length === 0 ? (
        <section className="card">
          <p className="empty" data-testid="cart-empty">
            {t('cart.empty')}
          </p>
          <Link to="/" className="button secondary">
            {t('cart.browse')}
          </Link>
        </section>
      ) : (
        <>
          {groups.map((group) => (
            <section key={group.operator.id} className="card" data-testid="cart-shop" data-operator-id={group.operator.id}>
              <h2>
                <Link to={`/shops/${group.operator.id}`}>{group.operator.shopName}</Link>
              </h2>
              <ul className="cart-lines">
                {group.lines.map((line) => (
                  <li key={line.skuId} className="cart-line" data-testid="cart-line" data-sku-id={line.skuId}>
                    <div className="sku-line">
                      <Link to={`/products/${line.productId}`} data-testid="cart-line-title">
                        {line.title}
                      </Link>
                      <span className="price">{formatFen(line.price)}</span>
                    </div>
                    <div className="sku-meta">
                      <span>{line.skuName}</span>
                      {line.addOns.length > 0 && (
                        <span data-testid="cart-line-addons">
                          {t('cart.addOns', { list: line.addOns.map((addOn) => `${addOn.title} +${formatFen(addOn.price)}`).join('、') })}
                        </span>
                      )}
                    </div>
                    <div className="button-row">
                      <button
                        type="button"
                        className="button secondary small"
                        aria-label={t('cart.decrease')}
                        disabled={line.quantity <= 1}
                        data-testid="cart-line-decrease"
                        onClick={() => cart.setQuantity(line.skuId, line.quantity - 1)}
                      >
                        −
                      </button>
                      <input
                        type="number"
                        min={1}
                        max={MAX_QUANTITY}
                        inputMode="numeric"
                        aria-label={t('cart.quantity')}
                        value={line.quantity}
                        data-testid="cart-line-quantity"
                        onChange={(event) => {
                          const n = Number(event.target.value);
                          if (Number.isFinite(n) && n >= 1) cart.setQuantity(line.skuId, n);
                        }}
                      />
                      <button
                        type="button"
                        className="button secondary small"
                        aria-label={t('cart.increase')}
                        disabled={line.quantity >= MAX_QUANTITY}
                        data-testid="cart-line-increase"
                        onClick={() => cart.setQuantity(line.skuId, line.quantity + 1)}
                      >
                        +
                      </button>
                      <button type="button" className="button danger-outline small" data-testid="cart-line-remove" onClick={() => cart.remove(line.skuId)}>
                        {t('common.remove')}
                      </button>
                    </div>
                    <p className="fine-print" data-testid="cart-line-subtotal">
                      {t('cart.subtotal', { amount: formatFen(lineTotal(line)) })}
                    </p>
                  </li>
                ))}
              </ul>
              <p className="price" data-testid="cart-shop-total">
                {t('cart.shopTotal', { amount: formatFen(group.lines.reduce((sum, line) => sum + lineTotal(line), 0)) })}
              </p>
            </section>
          ))}
          <div className="buy-bar">
            <Link to="/checkout" className="button primary" data-testid="cart-checkout">
              {t('cart.checkout')}
            </Link>
          </div>
        </>
      )}
    </div>
  );
}
