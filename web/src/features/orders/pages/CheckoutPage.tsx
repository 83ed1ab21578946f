import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useNavigate, useSearchParams } from 'react-router';
import { byShop, cart, checkoutAttribution, lineTotal, useCart, type CartLine } from '../cart';
import { buyNowLine, readBuyNow } from '../buyNow';
import { ErrorBanner } from '../../../ui/ErrorBanner';
import { Loading } from '../../../ui/Loading';
import { PageHeader } from '../../../ui/PageHeader';
import { useIdempotencyKeys } from '../../../api/idempotency';
import { formatFen } from '../../../lib/money';
import { catalogApi } from '../../catalog/api';
import { AddressPicker } from '../components/AddressPicker';
import { CheckoutBalance } from '../components/CheckoutBalance';
import { CheckoutShop } from '../components/CheckoutShop';
import { ordersApi, type CheckoutInput } from '../api';

/**
 * What is being bought: the 立即购买 line of the URL (the cart untouched), or the
 * cart. `addOns` are the product's add-ons a buy-now line may still tick (R7: all
 * unticked unless the buyer ticked them).
 */
function useCheckoutLines(params: URLSearchParams) {
  const buyNow = readBuyNow(params);
  const cartLines = useCart();
  const product = useQuery({ queryKey: ['product', buyNow?.productId ?? ''], queryFn: () => catalogApi.product(buyNow!.productId), enabled: buyNow !== null });
  if (!buyNow) return { buyNow, lines: cartLines, loading: false, error: null, addOns: [] };
  const line = product.data ? buyNowLine(product.data, buyNow) : null;
  return {
    buyNow,
    lines: line ? [line] : ([] as CartLine[]),
    loading: product.isPending,
    error: product.error,
    addOns: product.data?.addOns.map(({ id, title, price }) => ({ id, title, price })) ?? [],
  };
}

/** This checkout as it stands, to come back to after a top-up: the URL with the chosen address. */
function returnPath(pathname: string, params: URLSearchParams, addressId: string): string {
  const next = new URLSearchParams(params);
  if (addressId) next.set('address', addressId);
  const search = next.toString();
  return search ? `${pathname}?${search}` : pathname;
}

/**
 * /checkout on one screen: the address (the last used preselected, or the form
 * inline when there is none), the items by shop with their add-ons and R9 notices,
 * the total and how it will be paid, with any shortfall of the wallet shown before
 * the order is placed. Then one order per shop, and on to paying the first.
 * A top-up of the shortfall comes back to the same checkout: the line is in the
 * URL (buy now) or the cart, and the chosen address rides along in `address`.
 */
export function CheckoutPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const location = useLocation();
  const queryClient = useQueryClient();
  const keys = useIdempotencyKeys();
  const [params, setParams] = useSearchParams();
  const { buyNow, lines, loading, error, addOns } = useCheckoutLines(params);
  // Preselected by the picker; a checkout coming back from a top-up brings its choice in the URL.
  const [addressId, selectAddress] = useState(() => params.get('address') ?? '');
  const [consents, setConsents] = useState<string[]>([]);
  const reasonId = useId();

  const setParam = useCallback(
    (name: string, value: string) =>
      setParams(
        (old) => {
          const next = new URLSearchParams(old);
          if (value) next.set(name, value);
          else next.delete(name);
          return next;
        },
        { replace: true },
      ),
    [setParams],
  );

  const place = useMutation({
    mutationFn: (input: CheckoutInput) => keys.send(input, (key) => ordersApi.checkout(input, key)),
    onSuccess: async ({ order, orders }) => {
      // Buying now never touched the cart; a cart checkout empties what it ordered.
      if (!buyNow) cart.removeAll(orders.flatMap((o) => o.items.map((item) => item.skuId)));
      await queryClient.invalidateQueries({ queryKey: ['orders'] });
      await queryClient.invalidateQueries({ queryKey: ['addresses'] });
      void navigate(`/orders/${order.id}`, { replace: true });
    },
  });

  const groups = byShop(lines);
  const consentLines = lines.filter((line) => line.returnClass === 'excludable_with_consent');
  const total = lines.reduce((sum, line) => sum + lineTotal(line), 0);
  const back = buyNow ? { to: `/products/${buyNow.productId}`, label: t('checkout.backToProduct') } : { to: '/cart', label: t('cart.title') };

  function submit() {
    if (!addressId) return;
    const addOnIds = [...new Set(lines.flatMap((line) => line.addOns.map((addOn) => addOn.id)))];
    const attribution = checkoutAttribution(lines);
    const input: CheckoutInput = {
      items: lines.map((line) => ({ skuId: line.skuId, quantity: line.quantity })),
      addressId,
      ...(addOnIds.length > 0 ? { addOnIds } : {}),
      ...(attribution ? { attribution } : {}),
      ...(consentLines.length > 0 && consentLines.every((line) => consents.includes(line.skuId)) ? { confirmReturnExclusion: true } : {}),
    };
    place.mutate(input);
  }

  if (loading) return <Loading />;
  if (lines.length === 0 && !place.isSuccess) {
    return (
      <div className="page" data-testid="checkout-page">
        <PageHeader title={t('checkout.title')} back={back} />
        {error ? (
          <ErrorBanner error={error} testId="checkout-error" />
        ) : (
          <p className="empty" data-testid="cart-empty">
            {buyNow ? t('checkout.skuGone') : t('cart.empty')}
          </p>
        )}
        <Link to="/" className="button secondary">
          {t('cart.browse')}
        </Link>
      </div>
    );
  }

  return (
    <div className="page checkout-page" data-testid="checkout-page" data-mode={buyNow ? 'buy-now' : 'cart'}>
      <title>{`${t('checkout.title')} · ${t('app.name')}`}</title>
      <PageHeader title={t('checkout.title')} back={back} />
      <AddressPicker selected={addressId} onSelect={selectAddress} />
      {groups.map((group) => (
        <CheckoutShop
          key={group.operator.id}
          group={group}
          consents={consents}
          onConsents={setConsents}
          {...(buyNow ? { addOnChoices: { addOns, onChange: (ids: string[]) => setParam('addOns', ids.join(',')) } } : {})}
        />
      ))}
      <CheckoutBalance total={total} backTo={returnPath(location.pathname, params, addressId)} />
      <ErrorBanner error={place.error} testId="checkout-error" />
      <div className="buy-bar">
        <p className="price big" data-testid="checkout-total">
          {t('checkout.total', { amount: formatFen(total) })}
        </p>
        {!addressId && (
          <p id={reasonId} className="fine-print" data-testid="checkout-no-address">
            {t('checkout.chooseAddress')}
          </p>
        )}
        <button
          type="button"
          className="button primary"
          disabled={place.isPending || !addressId}
          aria-describedby={addressId ? undefined : reasonId}
          data-testid="checkout-place"
          onClick={submit}
        >
          {place.isPending ? t('checkout.placing') : t('checkout.place')}
        </button>
      </div>
    </div>
  );
}
