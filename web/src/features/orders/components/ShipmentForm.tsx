import { useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorBanner } from '../../../ui/ErrorBanner';
import { Field } from '../../../ui/Field';
import { TRACKING_NUMBER, type Shipment } from '../api';

/**
 * Carrier and tracking number: the ship form (shop) and an after-sales return (buyer).
 * `children` are more fields (e.g. the return's postage), which `onSubmit` reads from the form.
 */
export function ShipmentForm({
  testId,
  submitLabel,
  pending,
  error,
  children,
  onSubmit,
}: {
  testId: string;
  submitLabel: string;
  pending: boolean;
  error: unknown;
  children?: ReactNode;
  onSubmit: (shipment: Shipment, form: FormData) => void;
}) {
  const { t } = useTranslation();
  const [invalid, setInvalid] = useState<{ carrier?: string; trackingNumber?: string }>({});
  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const carrier = String(form.get('carrier') ?? '').trim();
    const trackingNumber = String(form.get('trackingNumber') ?? '').trim();
    const problems: { carrier?: string; trackingNumber?: string } = {};
    if (carrier.length < 2 || carrier.length > 40) problems.carrier = t('orders.carrier');
    if (!TRACKING_NUMBER.test(trackingNumber)) problems.trackingNumber = t('orders.trackingHint');
    setInvalid(problems);
    if (Object.keys(problems).length === 0) onSubmit({ carrier, trackingNumber }, form);
  }
  return (
    <form className="form" onSubmit={submit} noValidate data-testid={testId}>
      <Field name="carrier" label={t('orders.carrier')} maxLength={40} error={invalid.carrier} data-testid={`${testId}-carrier`} />
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
