import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ErrorBanner } from '../../../ui/ErrorBanner';
import { Field } from '../../../ui/Field';
import { Notice } from '../../../ui/Notice';
import type { StepUpMethod } from './stepUpFactors';

/** D4: the payment needs a second factor, and the buyer has none set up yet. */
export function SecondFactorNeeded() {
  const { t } = useTranslation();
  return (
    <Notice kind="warning" testId="pay-needs-second-factor">
      {t('orders.pay.secondFactorNeeded')}{' '}
      <Link to="/me/passkeys" data-testid="pay-to-passkeys">
        {t('orders.pay.passkeysLink')} ›
      </Link>{' '}
      <Link to="/me/totp" data-testid="pay-to-totp">
        {t('orders.pay.totpLink')} ›
      </Link>
    </Notice>
  );
}

/** D4 step-up after the PIN: sign with a passkey, or type an authenticator code, whichever the buyer has. */
export function PayStepUp({
  methods,
  busy,
  paying,
  signing,
  passkeyError,
  totp,
  totpInvalid,
  onTotpChange,
  onPasskey,
  onTotp,
  onCancel,
}: {
  methods: StepUpMethod[];
  busy: boolean;
  paying: boolean;
  signing: boolean;
  passkeyError: unknown;
  totp: string;
  totpInvalid: boolean;
  onTotpChange: (totp: string) => void;
  onPasskey: () => void;
  onTotp: (event: FormEvent<HTMLFormElement>) => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  return (
    <div className="form" data-testid="pay-step-up" data-methods={methods.join(' ')}>
      <p>
        <strong>{t('orders.pay.stepUpTitle')}</strong>
      </p>
      {methods.includes('passkey') && (
        <>
          <p className="fine-print">{t('orders.pay.passkeyHint')}</p>
          <ErrorBanner error={passkeyError} testId="pay-passkey-error" />
          <button type="button" className="button primary" disabled={busy} data-testid="pay-passkey" onClick={onPasskey}>
            {signing ? t('orders.pay.passkeyWaiting') : paying ? t('orders.pay.paying') : t('orders.pay.passkeySubmit')}
          </button>
        </>
      )}
      {methods.length > 1 && <p className="muted or-divider">{t('orders.pay.or')}</p>}
      {methods.includes('totp') && (
        <form className="form" onSubmit={onTotp} noValidate data-testid="pay-totp-form">
          <p className="fine-print">{t('orders.pay.totpHint')}</p>
          <Field
            name="totp"
            label={t('orders.pay.totpCode')}
            inputMode="numeric"
            autoComplete="one-time-code"
            maxLength={6}
            value={totp}
            onChange={(event) => onTotpChange(event.target.value.replace(/\D/g, '').slice(0, 6))}
            error={totpInvalid ? t('errors.INVALID_TOTP') : undefined}
            data-testid="pay-totp"
          />
          <button type="submit" className={`button ${methods.length > 1 ? 'secondary' : 'primary'}`} disabled={busy || totp.length !== 6} data-testid="pay-totp-submit">
            {paying ? t('orders.pay.paying') : t('orders.pay.totpSubmit')}
          </button>
        </form>
      )}
      <button type="button" className="button secondary" data-testid="pay-step-up-cancel" disabled={busy} onClick={onCancel}>
        {t('common.cancel')}
      </button>
    </div>
  );
}
