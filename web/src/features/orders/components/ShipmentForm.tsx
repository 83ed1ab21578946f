import { useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorBanner } from '../../../ui/ErrorBanner';
import { Field, SelectField } from '../../../ui/Field';
import { TRACKING_NUMBER, type ShipInput, type Shipment } from '../api';
import type { Carrier } from '../tracking';

/** What the form gives: always a carrier's name; with a listed carrier, its id too (the ship form). */
type FormShipment = Shipment & Pick<ShipInput, 'logisticsProviderId'>;

/** The carrier choice that is none of the approved logistics providers: a free-text name, no events. */
const OTHER = 'other';

/**
 * Carrier and tracking number: the ship form (shop) and an after-sales return (buyer). With
 * `carriers` (the shop's ship form) the carrier is picked from the approved logistics
 * providers, whose events the buyer then sees, or 其他 with a name typed in. `children` are
 * more fields (e.g. the return's postage), which `onSubmit` reads from the form.
 */
export function ShipmentForm({
  testId,
  submitLabel,
  pending,
  error,
  children,
  carriers,
  onSubmit,
}: {
  testId: string;
  submitLabel: string;
  pending: boolean;
  error: unknown;
  children?: ReactNode;
  carriers?: readonly Carrier[] | undefined;
  onSubmit: (shipment: FormShipment, form: FormData) => void;
}) {
  const { t } = useTranslation();
  // Nothing is picked for the shop: 其他 with its name field until it chooses a listed carrier.
  const [choice, setChoice] = useState(OTHER);
  const [invalid, setInvalid] = useState<{ carrier?: string; trackingNumber?: string }>({});
  const provider = carriers?.find((carrier) => carrier.id === choice);
  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const carrier = provider?.name ?? String(form.get('carrier') ?? '').trim();
    const trackingNumber = String(form.get('trackingNumber') ?? '').trim();
    const problems: { carrier?: string; trackingNumber?: string } = {};
    if (carrier.length < 2 || carrier.length > 40) problems.carrier = carriers ? t('shipForm.otherName') : t('orders.carrier');
    if (!TRACKING_NUMBER.test(trackingNumber)) problems.trackingNumber = t('orders.trackingHint');
    setInvalid(problems);
    if (Object.keys(problems).length > 0) return;
    onSubmit(provider ? { carrier, trackingNumber, logisticsProviderId: provider.id } : { carrier, trackingNumber }, form);
  }
  return (
    <form className="form" onSubmit={submit} noValidate data-testid={testId}>
      {carriers && (
        <SelectField
          name="logisticsProviderId"
          label={t('shipForm.carrier')}
          hint={provider ? t('shipForm.tracked') : t('shipForm.untracked')}
          value={choice}
          onChange={(event) => setChoice(event.currentTarget.value)}
          data-testid={`${testId}-provider`}
        >
          <option value={OTHER}>{t('shipForm.other')}</option>
          {carriers.map((carrier) => (
            <option key={carrier.id} value={carrier.id}>
              {carrier.name}
            </option>
          ))}
        </SelectField>
      )}
      {!provider && (
        <Field name="carrier" label={carriers ? t('shipForm.otherName') : t('orders.carrier')} maxLength={40} error={invalid.carrier} data-testid={`${testId}-carrier`} />
      )}
      <Field
        name="trackingNumber"
        label={t('orders.trackingNumber')}
        hint={t('orders.trackingHint')}
        maxLength={40}
        error={invalid.trackingNumber}
        data-testid={`${testId}-tracking`}
      />
      {children}
      <ErrorBanner error={error} testId={`${testId}-error`} />
      <button type="submit" className="button primary" disabled={pending} data-testid={`${testId}-submit`}>
        {pending ? t('common.submitting') : submitLabel}
      </button>
    </form>
  );
}
