import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { byShop, cart, checkoutAttribution, lineTotal, useCart } from '../cart';
import { ErrorBanner } from '../../../ui/ErrorBanner';
import { Notice } from '../../../ui/Notice';
import { PageHeader } from '../../../ui/PageHeader';
import { useIdempotencyKeys } from '../../../api/idempotency';
import { formatFen } from '../../../lib/money';
import { AddressPicker } from '../components/AddressPicker';
import { CheckoutShop } from '../components/CheckoutShop';
import { ordersApi, type CheckoutInput } from '../api';

/** /checkout: address, the cart by shop with the chosen add-ons and R9 notices, totals, then one order per shop. */
export function CheckoutPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const keys = useIdempotencyKeys();
  const lines = useCart();
  const [addressId, setAddressId] = useState('');
  const [consents, setConsents] = useState<string[]>([]);
  const [missingAddress, setMissingAddress] = useState(false);

  const place = useMutation({
    mutationFn: (input: CheckoutInput) => keys.send(input, (key) => ordersApi.checkout(input, key)),
    onSuccess: async ({ order, orders }) => {
      cart.removeAll(orders.flatMap((o) => o.items.map((item) => item.skuId)));
      await queryClient.invalidateQueries({ queryKey: ['orders'] });
      void navigate(`/orders/${order.id}`, { replace: true });
    },
  });

  const groups = byShop(lines);
  const consentLines = lines.filter((line) => line.returnClass === 'excludable_with_consent');
  const total = lines.reduce((sum, line) => sum + lineTotal(line), 0);

  function submit() {
    if (!addressId) {
      setMissingAddress(true);
      return;
    }
    setMissingAddress(false);
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

  if (lines.length === 0 && !place.isSuccess) {
    return (
      <div className="page" data-testid="checkout-page">
        <PageHeader title={t('checkout.title')} back={{ to: '/cart', label: t('cart.title') }} />
        <p className="empty" data-testid="cart-empty">
          {t('cart.empty')}
        </p>
        <Link to="/" className="button secondary">
          {t('cart.browse')}
        </Link>
      </div>
    );
  }

  return (
    <div className="page" data-testid="checkout-page">
      <title>{`${t('checkout.title')} · ${t('app.name')}`}</title>
      <PageHeader title={t('checkout.title')} back={{ to: '/cart', label: t('cart.title') }} />
      <AddressPicker
        selected={addressId}
        onSelect={(id) => {
          setAddressId(id);
          setMissingAddress(false);
        }}
      />
      {groups.map((group) => (
        <CheckoutShop key={group.operator.id} group={group} consents={consents} onConsents={setConsents} />
      ))}
      {missingAddress && (
        <Notice kind="warning" testId="checkout-no-address">
          {t('checkout.chooseAddress')}
        </Notice>
      )}
      <ErrorBanner error={place.error} testId="checkout-error" />
      <div className="buy-bar">
        <p className="price big" data-testid="checkout-total">
          {t('checkout.total', { amount: formatFen(total) })}
        </p>
        <button type="button" className="button primary" disabled={place.isPending} data-testid="checkout-place" onClick={submit}>
          {place.isPending ? t('checkout.placing') : t('checkout.place')}
        </button>
      </div>
    </div>
  );
}
