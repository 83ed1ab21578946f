import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { AddressPicker } from './AddressPicker';
import { ErrorBanner, type ErrorLink } from '../../../ui/ErrorBanner';
import { Notice } from '../../../ui/Notice';

/**
 * The step before a campaign order (start or join a group, order a bargain): pick
 * or add the delivery address, then confirm; confirming without one asks for it.
 * Test ids are `${testId}-no-address`, `${testId}-error` and `${testId}-confirm`.
 */
export function AddressStep({
  testId,
  label,
  pending,
  pendingLabel,
  error,
  links,
  onConfirm,
}: {
  testId: string;
  label: string;
  pending: boolean;
  pendingLabel: string;
  error: unknown;
  links?: Partial<Record<string, ErrorLink>>;
  onConfirm: (addressId: string) => void;
}) {
  const { t } = useTranslation();
  const [addressId, setAddressId] = useState('');
  const [missing, setMissing] = useState(false);
  return (
    <>
      <AddressPicker
        selected={addressId}
        onSelect={(id) => {
          setAddressId(id);
          setMissing(false);
        }}
      />
      {missing && (
        <Notice kind="warning" testId={`${testId}-no-address`}>
          {t('campaigns.group.chooseAddress')}
        </Notice>
      )}
      <ErrorBanner error={error} testId={`${testId}-error`} links={links} />
      <button
        type="button"
        className="button primary"
        disabled={pending}
        data-testid={`${testId}-confirm`}
        onClick={() => {
          if (addressId) onConfirm(addressId);
          else setMissing(true);
        }}
      >
        {pending ? pendingLabel : label}
      </button>
    </>
  );
}
