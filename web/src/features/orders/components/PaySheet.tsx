import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState, type FormEvent } from 'react';
import { useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { ErrorBanner, type ErrorLink } from '../../../ui/ErrorBanner';
import { Notice } from '../../../ui/Notice';
import { PinPad } from '../../../ui/PinPad';
import { outcomeUnknown, useIdempotencyKeys } from '../../../api/idempotency';
import { formatFen } from '../../../lib/money';
import { formatCountdown, orderChanged, useNow, ordersApi, ORDERS_KEY, type Order, type PayInput } from '../api';
import { signPayment } from '../../account/passkeys';
import { refreshWallet } from '../../wallet/api';
import { refreshIfStale, stepUpMethods, type StepUpMethod } from './stepUpFactors';
import { PayStepUp, SecondFactorNeeded } from './PayStepUp';
import { PayMethods, useDefaultMethod, type PayMethod } from './PayMethods';

/** The wallet is the API's default way: only the provider's is named in the body. */
const withMethod = (method: PayMethod, credentials: Omit<PayInput, 'method' | 'channel'>): PayInput => (method.method === 'provider' ? { ...method, ...credentials } : credentials);

/** How often an order waiting for the provider's confirmation is read again. */
const CONFIRMATION_POLL_MS = 2_000;
import { ApiError } from '../../../api/client';

/**
 * The pay sheet of an unpaid order: the amount, the time left, how to pay (the wallet
 * with its balance, or WeChat Pay / Alipay through the payment provider), the PIN pad
 * and, for payments of ¥2,000 or more, a second factor (D4 step-up): a passkey, an
 * authenticator code, or either. The provider's way sends the buyer to its page; back
 * here (`?payment=`), the sheet waits for the provider's confirmation, reading the
 * order again until it is paid. A fresh key per submission; the same key only to
 * resend a submission whose outcome is unknown.
 */
export function PaySheet({ order }: { order: Order }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const keys = useIdempotencyKeys();
  const now = useNow();
  const [pin, setPin] = useState('');
  /** The PIN waiting for the second factor, once the server asked for one. */
  const [stepUp, setStepUp] = useState<{ pin: string; methods: StepUpMethod[] } | null>(null);
  const [totp, setTotp] = useState('');
  const defaultMethod = useDefaultMethod(order.total);
  const [chosen, setChosen] = useState<PayMethod | null>(null);
  const method = chosen ?? defaultMethod ?? { method: 'wallet' };
  const [params] = useSearchParams();
  const [redirecting, setRedirecting] = useState(false);
  const awaiting = params.has('payment');

  // Back from the provider's page: the order turns paid when its webhook arrives.
  useEffect(() => {
    if (!awaiting) return;
    const timer = setInterval(() => void queryClient.invalidateQueries({ queryKey: [ORDERS_KEY, 'one', order.id] }), CONFIRMATION_POLL_MS);
    return () => clearInterval(timer);
  }, [awaiting, order.id, queryClient]);

  const pay = useMutation({
    mutationFn: (input: PayInput) => keys.send(input, (key) => ordersApi.payOrder(order.id, input, key)),
    onSuccess: async ({ order: paid, payment }) => {
      setPin('');
      setStepUp(null);
      if (payment) {
        // The provider's page (the sandbox's, or WeChat Pay's / Alipay's); it sends the buyer back here.
        setRedirecting(true);
        window.location.assign(payment.payUrl);
        return;
      }
      await orderChanged(queryClient, paid);
      await refreshWallet(queryClient);
    },
    onError: (error, input) => {
      if (outcomeUnknown(error)) return;
      setPin('');
      if (error instanceof ApiError && error.code === 'STEP_UP_REQUIRED') {
        setStepUp({ pin: input.pin, methods: stepUpMethods(error) });
        setTotp('');
        return;
      }
      if (error instanceof ApiError && error.code === 'INVALID_TOTP') {
        setTotp('');
        return;
      }
      // A refused assertion used its challenge up; the buyer may sign a new one.
      if (error instanceof ApiError && error.code === 'PASSKEY_REJECTED') return;
      setStepUp(null);
      refreshIfStale(queryClient, error);
      if (error instanceof ApiError && error.code === 'INSUFFICIENT_FUNDS') void refreshWallet(queryClient);
    },
  });

  /** Each attempt signs a new challenge for this order and amount, then pays with it. */
  const passkey = useMutation({
    mutationFn: async (stepUpPin: string): Promise<PayInput> => withMethod(method, { pin: stepUpPin, passkey: await signPayment(order.id) }),
    onMutate: () => pay.reset(),
    onSuccess: (input) => pay.mutate(input),
    onError: (error) => refreshIfStale(queryClient, error),
  });

  const left = new Date(order.expiresAt).getTime() - now;
  const expired = left <= 0;
  const error = pay.error;
  const code = error instanceof ApiError ? error.code : null;
  /** Failures shown inside the step-up, beside the factor they are about. */
  const stepUpFailure = stepUp !== null && (code === 'INVALID_TOTP' || code === 'PASSKEY_REJECTED');
  const busy = pay.isPending || passkey.isPending;
  const links: Partial<Record<string, ErrorLink>> = {
    INSUFFICIENT_FUNDS: { to: '/wallet/top-up', label: t('orders.pay.topUp'), testId: 'pay-top-up' },
    IDENTITY_REQUIRED: { to: '/me/identity', label: t('orders.pay.identity'), testId: 'pay-to-identity' },
    PIN_NOT_SET: { to: '/me/payment-pin', label: t('orders.pay.setPin'), testId: 'pay-to-pin' },
  };

  function onTotp(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (stepUp && /^\d{6}$/.test(totp)) {
      passkey.reset();
      pay.mutate(withMethod(method, { pin: stepUp.pin, totp }));
    }
  }

  return (
    <section className="card pay-sheet" data-testid="pay-sheet">
      <h2>{t('orders.pay.title')}</h2>
      <p className="wallet-label">{t('orders.pay.amount')}</p>
      <p className="wallet-balance" data-testid="pay-amount">
        {formatFen(order.total)}
      </p>
      {expired ? (
        <Notice kind="warning" testId="pay-expired">
          {t('orders.pay.expired')}
        </Notice>
      ) : (
        <p className="fine-print" data-testid="pay-countdown">
          {t('orders.pay.countdown', { time: formatCountdown(left) })}
        </p>
      )}
      {awaiting && !expired && (
        <Notice kind="info" testId="pay-awaiting">
          {t('orders.pay.awaiting')}
        </Notice>
      )}
      {error && code !== 'STEP_UP_REQUIRED' && !stepUpFailure && <ErrorBanner error={error} testId="pay-error" links={links} />}
      {outcomeUnknown(error) && pay.variables && (
        <button type="button" className="button secondary" data-testid="pay-retry" onClick={() => pay.mutate(pay.variables)}>
          {t('common.retry')}
        </button>
      )}
      {stepUp && stepUp.methods.length === 0 ? (
        <SecondFactorNeeded />
      ) : stepUp ? (
        <PayStepUp
          methods={stepUp.methods}
          busy={busy}
          paying={pay.isPending}
          signing={passkey.isPending}
          passkeyError={passkey.error ?? (code === 'PASSKEY_REJECTED' ? error : null)}
          totp={totp}
          totpInvalid={code === 'INVALID_TOTP'}
          onTotpChange={setTotp}
          onPasskey={() => passkey.mutate(stepUp.pin)}
          onTotp={onTotp}
          onCancel={() => {
            setStepUp(null);
            pay.reset();
            passkey.reset();
          }}
        />
      ) : (
        !expired && (
          <>
            <PayMethods total={order.total} value={method} onChange={setChosen} disabled={pay.isPending || redirecting} />
            <p>{redirecting ? t('orders.pay.redirecting') : pay.isPending ? t('orders.pay.paying') : t('orders.pay.enterPin')}</p>
            <PinPad value={pin} onChange={setPin} disabled={pay.isPending || redirecting || code === 'PIN_LOCKED'} onComplete={(value) => pay.mutate(withMethod(method, { pin: value }))} />
          </>
        )
      )}
    </section>
  );
}
