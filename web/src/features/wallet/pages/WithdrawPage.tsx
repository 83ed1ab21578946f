import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { ErrorBanner, type ErrorLink } from '../../../ui/ErrorBanner';
import { Field } from '../../../ui/Field';
import { Notice } from '../../../ui/Notice';
import { PageHeader } from '../../../ui/PageHeader';
import { PinPad } from '../../../ui/PinPad';
import { outcomeUnknown, useIdempotencyKeys } from '../../../api/idempotency';
import { fenToYuan, formatFen } from '../../../lib/money';
import type { NavigationState, Me } from '../../../app/session';
import { MAX_WALLET_AMOUNT, readAmount, refreshWallet, useWallet, walletApi, type AmountProblem } from '../api';
import { ApiError, type BodyOf } from '../../../api/client';

/** What POST /wallet/withdrawals takes: fen and the payment PIN. */
type WithdrawalInput = BodyOf<'/wallet/withdrawals'>;

/** /wallet/withdraw: the amount, then the payment PIN on the pad (D4: PIN and verified identity). */
export function WithdrawPage({ me }: { me: Me }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const keys = useIdempotencyKeys();
  const wallet = useWallet();
  const [text, setText] = useState('');
  const [problem, setProblem] = useState<AmountProblem | null>(null);
  /** Fen, once the amount is accepted: the PIN step. */
  const [amount, setAmount] = useState<number | null>(null);
  const [pin, setPin] = useState('');

  const withdraw = useMutation({
    mutationFn: (input: WithdrawalInput) => keys.send(input, (key) => walletApi.withdraw(input, key)),
    onSuccess: async ({ withdrawal }) => {
      await refreshWallet(queryClient);
      const state: NavigationState = { notice: 'withdrawn', amount: withdrawal.amount };
      void navigate('/wallet', { replace: true, state });
    },
    onError: (error) => {
      // Unknown outcome: keep the PIN, so "send again" repeats the very same request (and key).
      if (outcomeUnknown(error)) return;
      setPin('');
      if (error instanceof ApiError && error.code === 'INSUFFICIENT_FUNDS') {
        setAmount(null);
        void refreshWallet(queryClient);
      }
    },
  });

  const error = withdraw.error;
  /** What the last attempt sent: "send again" repeats exactly this. */
  const sent = withdraw.variables;
  const code = error instanceof ApiError ? error.code : null;
  const locked = code === 'PIN_LOCKED';
  const blocked = !me.identityVerified || !me.paymentPinSet;
  const links: Partial<Record<string, ErrorLink>> = {
    IDENTITY_REQUIRED: { to: '/me/identity', label: t('me.flowIdentity'), testId: 'withdraw-to-identity' },
    PIN_NOT_SET: { to: '/me/payment-pin', label: t('me.flowPin'), testId: 'withdraw-to-pin' },
  };

  function onAmount(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const read = readAmount(text, { max: MAX_WALLET_AMOUNT, available: wallet.data?.balance });
    setProblem('problem' in read ? read.problem : null);
    if ('fen' in read) {
      withdraw.reset();
      setPin('');
      setAmount(read.fen);
    }
  }

  return (
    <div className="page" data-testid="withdraw-page">
      <PageHeader title={t('withdraw.title')} intro={t('withdraw.intro', { max: formatFen(MAX_WALLET_AMOUNT) })} back={{ to: '/wallet', label: t('wallet.title') }} />
      {!me.identityVerified ? (
        <Notice kind="warning" testId="withdraw-needs-identity">
          {t('withdraw.needIdentity')}{' '}
          <Link to="/me/identity" data-testid="withdraw-to-identity">
            {t('me.flowIdentity')} ›
          </Link>
        </Notice>
      ) : (
        !me.paymentPinSet && (
          <Notice kind="warning" testId="withdraw-needs-pin">
            {t('withdraw.needPin')}{' '}
            <Link to="/me/payment-pin" data-testid="withdraw-to-pin">
              {t('me.flowPin')} ›
            </Link>
          </Notice>
        )
      )}
      {amount === null ? (
        <form className="form card" onSubmit={onAmount} noValidate data-testid="withdraw-form">
          <ErrorBanner error={error} testId="withdraw-error" links={links} />
          <Field
            name="amount"
            label={t('withdraw.amount')}
            inputMode="decimal"
            autoComplete="off"
            placeholder={t('withdraw.amountPlaceholder')}
            value={text}
            onChange={(event) => setText(event.target.value)}
            error={problem ? t(problem.key, problem.values) : undefined}
          />
          {wallet.data && (
            <p className="available-line">
              <span data-testid="withdraw-available">{t('withdraw.available', { amount: formatFen(wallet.data.balance) })}</span>
              {wallet.data.balance > 0 && (
                <button
                  type="button"
                  className="link-button"
                  data-testid="withdraw-all"
                  onClick={() => {
                    setText(fenToYuan(Math.min(wallet.data.balance, MAX_WALLET_AMOUNT)));
                    setProblem(null);
                  }}
                >
                  {t('withdraw.all')}
                </button>
              )}
            </p>
          )}
          <button type="submit" className="button primary" data-testid="withdraw-next" disabled={blocked}>
            {t('withdraw.next')}
          </button>
        </form>
      ) : (
        <section className="card pin-step" aria-labelledby="withdraw-pin-title" data-testid="withdraw-pin-step">
          <h2 id="withdraw-pin-title">{t('withdraw.pinTitle')}</h2>
          <p className="muted">{t('withdraw.pinFor')}</p>
          <p className="pin-step-amount" data-testid="withdraw-pin-amount">
            {formatFen(amount)}
          </p>
          <ErrorBanner error={error} testId="withdraw-error" links={links} />
          <PinPad
            value={pin}
            onChange={setPin}
            disabled={withdraw.isPending || locked || blocked}
            onComplete={(typed) => withdraw.mutate({ amount, pin: typed })}
          />
          {withdraw.isPending && (
            <p className="muted center" role="status">
              {t('withdraw.submitting')}
            </p>
          )}
          {outcomeUnknown(error) && sent && (
            <button type="button" className="button primary" data-testid="withdraw-retry" onClick={() => withdraw.mutate(sent)}>
              {t('withdraw.retry')}
            </button>
          )}
          <button
            type="button"
            className="link-button"
            data-testid="withdraw-change-amount"
            disabled={withdraw.isPending}
            onClick={() => {
              withdraw.reset();
              setPin('');
              setAmount(null);
            }}
          >
            {t('withdraw.changeAmount')}
          </button>
        </section>
      )}
    </div>
  );
}
