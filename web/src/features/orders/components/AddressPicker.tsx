import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorBanner } from '../../../ui/ErrorBanner';
import { Field } from '../../../ui/Field';
import { Loading } from '../../../ui/Loading';
import { useIdempotencyKeys } from '../../../api/idempotency';
import { ordersApi, type NewAddress, type ShippingAddress } from '../api';

const ADDRESSES_KEY = ['addresses'] as const;

/** The address to start with: the one last ordered to, else the only one; none when that is unclear. */
export function preselectedAddress(items: readonly ShippingAddress[]): string {
  const used = items.filter((a) => a.lastUsedAt !== null).sort((a, b) => Date.parse(b.lastUsedAt!) - Date.parse(a.lastUsedAt!));
  return used[0]?.id ?? (items.length === 1 ? items[0]!.id : '');
}

/**
 * Pick an address from the book, or add one inline (checkout, and joining a group buy
 * or ordering a bargain). With nothing chosen yet, the one last used (or the only
 * one) is chosen for the buyer; with none saved, the form is open and focused.
 */
export function AddressPicker({ selected, onSelect }: { selected: string; onSelect: (id: string) => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const keys = useIdempotencyKeys();
  const addresses = useQuery({ queryKey: ADDRESSES_KEY, queryFn: ordersApi.addresses });
  const [adding, setAdding] = useState(false);
  const add = useMutation({
    mutationFn: (input: NewAddress) => keys.send(input, (key) => ordersApi.addAddress(input, key)),
    onSuccess: async ({ address }) => {
      queryClient.setQueryData<{ items: ShippingAddress[] }>(ADDRESSES_KEY, (old) => ({ items: [...(old?.items ?? []), { ...address, lastUsedAt: null }] }));
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

  const known = addresses.data?.items;
  const stale = selected !== '' && known !== undefined && !known.some((a) => a.id === selected);
  useEffect(() => {
    if (!known || (selected && !stale)) return;
    const pick = preselectedAddress(known);
    if (pick !== selected) onSelect(pick);
  }, [known, selected, stale, onSelect]);

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
          {/* No address saved yet: the form is the next thing to do, so it takes the focus. */}
          <Field name="recipient" label={t('checkout.recipient')} required maxLength={30} autoComplete="name" autoFocus={items.length === 0} data-testid="address-recipient" />
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
