import type { Dispatch, SetStateAction } from 'react';
import { useTranslation } from 'react-i18next';
import { lineTotal, type byShop, type CartAddOn, type CartLine } from '../cart';
import { formatFen } from '../../../lib/money';

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

/** A buy-now line's add-ons, each a checkbox the buyer may tick here (R7: none ticked for them). */
function AddOnChoices({ line, addOns, onChange }: { line: CartLine; addOns: CartAddOn[]; onChange: (ids: string[]) => void }) {
  const { t } = useTranslation();
  const chosen = line.addOns.map((a) => a.id);
  return (
    <fieldset className="plain-fieldset" data-testid="checkout-addon-choices">
      <legend>{t('cart.addOnsChoose')}</legend>
      <ul className="addon-list">
        {addOns.map((addOn) => (
          <li key={addOn.id} data-testid="checkout-addon">
            <label className="check addon-check">
              <input
                type="checkbox"
                checked={chosen.includes(addOn.id)}
                data-testid={`checkout-addon-${addOn.id}`}
                onChange={(event) => onChange(event.target.checked ? [...chosen, addOn.id] : chosen.filter((id) => id !== addOn.id))}
              />{' '}
              {addOn.title} <span className="price">+{formatFen(addOn.price)}</span>
            </label>
          </li>
        ))}
      </ul>
    </fieldset>
  );
}

/**
 * One shop's part of the checkout: its lines with the chosen add-ons and R9 notices,
 * and its total. `addOnChoices` (buying now): the product's add-ons, to tick here.
 */
export function CheckoutShop({
  group,
  consents,
  onConsents,
  addOnChoices,
}: {
  group: ReturnType<typeof byShop>[number];
  consents: string[];
  onConsents: Dispatch<SetStateAction<string[]>>;
  addOnChoices?: { addOns: CartAddOn[]; onChange: (ids: string[]) => void };
}) {
  const { t } = useTranslation();
  return (
    <section className="card" data-testid="checkout-shop" data-operator-id={group.operator.id}>
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
              {addOnChoices && addOnChoices.addOns.length > 0 ? (
                <AddOnChoices line={line} addOns={addOnChoices.addOns} onChange={addOnChoices.onChange} />
              ) : line.addOns.length === 0 ? (
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
              onConsent={(on) => onConsents((ids) => (on ? [...ids, line.skuId] : ids.filter((id) => id !== line.skuId)))}
            />
          </li>
        ))}
      </ul>
      <p className="price" data-testid="checkout-shop-total">
        {t('checkout.shopTotal', { shop: group.operator.shopName, amount: formatFen(group.lines.reduce((sum, line) => sum + lineTotal(line), 0)) })}
      </p>
    </section>
  );
}
