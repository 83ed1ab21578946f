import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { ErrorBanner } from '../../../ui/ErrorBanner';
import { Field } from '../../../ui/Field';
import { Notice } from '../../../ui/Notice';
import { PageHeader } from '../../../ui/PageHeader';
import { ME_QUERY_KEY, type NavigationState, type Me } from '../../../app/session';
import { SIX_DIGITS, type InputProblem } from '../../../lib/validation';
import { accountApi } from '../api';

type Invalid = Partial<Record<'currentPin' | 'pin' | 'confirmPin', InputProblem>>;

const pinInput = { type: 'password', inputMode: 'numeric', autoComplete: 'off', maxLength: 6 } as const;

/** Set the 6-digit payment PIN (D4); changing it asks for the current one. */
export function PaymentPinPage({ me }: { me: Me }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [invalid, setInvalid] = useState<Invalid>({});
  const changing = me.paymentPinSet;
  const save = useMutation({
    mutationFn: accountApi.setPaymentPin,
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ME_QUERY_KEY });
      const state: NavigationState = { notice: 'pinSet' };
      void navigate('/me', { state });
    },
  });

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const currentPin = String(form.get('currentPin') ?? '');
    const pin = String(form.get('pin') ?? '');
    const confirmPin = String(form.get('confirmPin') ?? '');
    const problems: Invalid = {};
    if (changing && !SIX_DIGITS.test(currentPin)) problems.currentPin = 'pin.notSixDigits';
    if (!SIX_DIGITS.test(pin)) problems.pin = 'pin.notSixDigits';
    else if (pin !== confirmPin) problems.confirmPin = 'pin.mismatch';
    setInvalid(problems);
    if (Object.keys(problems).length === 0) save.mutate(changing ? { pin, currentPin } : { pin });
  }

  return (
    <div className="page" data-testid="pin-page">
      <PageHeader title={changing ? t('me.flowPinChange') : t('pin.title')} intro={changing ? t('pin.changeIntro') : t('pin.intro')} />
      {!me.identityVerified && (
        <Notice kind="warning" testId="pin-needs-identity">
          {t('pin.needIdentity')}{' '}
          <Link to="/me/identity" data-testid="pin-to-identity">
            {t('me.flowIdentity')} ›
          </Link>
        </Notice>
      )}
      <ErrorBanner error={save.error} />
      <form className="form" onSubmit={onSubmit} noValidate>
        {changing && <Field name="currentPin" label={t('pin.currentPin')} placeholder={t('pin.placeholder')} error={invalid.currentPin && t(invalid.currentPin)} {...pinInput} />}
        <Field name="pin" label={t('pin.pin')} placeholder={t('pin.placeholder')} error={invalid.pin && t(invalid.pin)} {...pinInput} />
        <Field name="confirmPin" label={t('pin.confirmPin')} placeholder={t('pin.placeholder')} error={invalid.confirmPin && t(invalid.confirmPin)} {...pinInput} />
        <button type="submit" className="button primary" data-testid="pin-submit" disabled={save.isPending}>
          {t('pin.submit')}
        </button>
      </form>
    </div>
  );
}
