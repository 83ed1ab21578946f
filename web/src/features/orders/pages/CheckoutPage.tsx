import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { api, type CheckoutInput, type ShippingAddress } from '../../../api';
import { byShop, cart, checkoutAttribution, lineTotal, useCart, type CartLine } from '../../../cart';
import { ErrorBanner } from '../../../ui/ErrorBanner';
import { Field } from '../../../ui/Field';
import { Loading } from '../../../ui/Loading';
import { Notice } from '../../../ui/Notice';
import { PageHeader } from '../../../ui/PageHeader';
import { useIdempotencyKeys } from '../../../idempotency';
import { formatFen } from '../../../money';

const ADDRESSES_KEY = ['addresses'] as const;

/** R9 in words, by the item's category return class. */
function ReturnNotice({ line, consented, onConsent }: { line: CartLine; consented: boolean; onConsent: (on: boolean) => void }) {
  const { t } = useTranslation();
  if (line.returnClass === 'excluded') return <p className="fine-print" data-testid="checkout-return-excluded">{t('checkout.returnExcluded')}</p>;
  if (line.returnClass === 'excludable_with_consent') {
    return (
      <div data-testid="checkout-return-consent">
        <p className="fine-print">{t('checkout.returnConsent')}</p>
        <label className="check">
          {/* R9: never ticked in advance; the order goes through without it. */}
          <input type="checkbox" checked={consented} data-testid={`checkout-consent-${line.skuId}`} onChange={(event) => onConsent(event.target.checked)} /> {t('checkout.consent')}
        </label>
      </div>
    );
  }
  return <p className="fine-print" data-testid="checkout-return-returnable">{t('checkout.returnReturnable')}</p>;
}

/** Pick an address from the book, or add one inline (checkout, and joining a group buy or ordering a bargain). */
export function AddressPicker({ selected, onSelect }: { selected: string; onSelect: (id: string) => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const keys = useIdempotencyKeys();
  const addresses = useQuery({ queryKey: ADDRESSES_KEY, queryFn: api.addresses });
  const [adding, setAdding] = useState(false);
  const add = useMutation({
    mutationFn: (input: Omit<ShippingAddress, 'id'>) => keys.send(input, (key) => api.addAddress(input, key)),
    onSuccess: async ({ address }) => {
      queryClient.setQueryData<{ items: ShippingAddress[] }>(ADDRESSES_KEY, (old) => ({ items: [...(old?.items ?? []), address] }));
      onSelect(address.id);
      setAdding(false);
      await queryClient.invalidateQueries({ queryKey: ADDRESSES_KEY });
    },
  });

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const text = (name: string) => String(form.get(name) ?? '').trim();
    add.mutate({ recipient: text('recipient'), phone: text('phone'), region: text('region'), line: text('line') });
  }

  if (addresses.isPending) return <Loading />;
  if (addresses.isError) return <ErrorBanner error={addresses.error} testId="addresses-error" />;
  const items = addresses.data.items;
  const showForm = adding || items.length === 0;
  return (
    <section className="card" data-testid="checkout-addresses">
      <h2>{t('checkout.address')}</h2>
      {items.length === 0 && <p className="fine-print">{t('checkout.noAddress')}</p>}
      <ul className="address-list">
        {items.map((address) => (
          <li key={address.id} data-testid="checkout-address">
            <label className={selected === address.id ? 'choice selected' : 'choice'}>
              <input type="radio" name="addressId" value={address.id} checked={selected === address.id} onChange={() => onSelect(address.id)} data-testid={`checkout-address-${address.id}`} />{' '}
              <span className="choice-title">
                {address.recipient} {address.phone}
              </span>
              <span className="choice-hint">
                {address.region} {address.line}
              </span>
            </label>
          </li>
        ))}
      </ul>
      {showForm ? (
        <form className="form" onSubmit={onSubmit} data-testid="address-form">
          <Field name="recipient" label={t('checkout.recipient')} required maxLength={30} autoComplete="name" data-testid="address-recipient" />
          <Field name="phone" label={t('checkout.phone')} required inputMode="tel" autoComplete="tel" data-testid="address-phone" />
          <Field name="region" label={t('checkout.region')} required data-testid="address-region" />
          <Field name="line" label={t('checkout.line')} required data-testid="address-line" />
          <ErrorBanner error={add.error} testId="address-error" />
          <button type="submit" className="button secondary" disabled={add.isPending} data-testid="address-save">
            {add.isPending ? t('common.saving') : t('checkout.saveAddress')}
          </button>
        </form>
      ) : (
        <button type="button" className="button secondary" data-testid="address-add" onClick={() => setAdding(true)}>
          {t('checkout.newAddress')}
        </button>
      )}
    </section>
  );
}

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
    mutationFn: (input: CheckoutInput) => keys.send(input, (key) => api.checkout(input, key)),
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
        <section key={group.operator.id} className="card" data-testid="checkout-shop" data-operator-id={group.operator.id}>
          <h2>{group.operator.shopName}</h2>
          <ul className="cart-lines">
            {group.lines.map((line) => (
              <li key={line.skuId} data-testid="checkout-line">
                <div className="sku-line">
                  <span>
                    {line.title} · {line.skuName} × {line.quantity}
                  </span>
                  <span className="price">{formatFen(line.price * line.quantity)}</span>
                </div>
                <div data-testid="checkout-addons">
                  {line.addOns.length === 0 ? (
                    <p className="fine-print">{t('checkout.noAddOns')}</p>
                  ) : (
                    <ul className="addon-list">
                      {line.addOns.map((addOn) => (
                        <li key={addOn.id} data-testid="checkout-addon">
                          <label className="check addon-check">
                            {/* Ticked only because the buyer ticked it on the product page (R7). */}
                            <input type="checkbox" checked readOnly disabled /> {addOn.title} <span className="price">+{formatFen(addOn.price)}</span>
                          </label>
                        </li>
                      ))}
                    </ul>
                  )}
                </div>
                <ReturnNotice
                  line={line}
                  consented={consents.includes(line.skuId)}
                  onConsent={(on) => setConsents((ids) => (on ? [...ids, line.skuId] : ids.filter((id) => id !== line.skuId)))}
                />
              </li>
            ))}
          </ul>
          <p className="price" data-testid="checkout-shop-total">
            {t('checkout.shopTotal', { shop: group.operator.shopName, amount: formatFen(group.lines.reduce((sum, line) => sum + lineTotal(line), 0)) })}
          </p>
        </section>
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
