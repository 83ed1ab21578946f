import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ErrorBanner } from '../../../ui/ErrorBanner';
import { Field } from '../../../ui/Field';
import { Loading } from '../../../ui/Loading';
import { Notice } from '../../../ui/Notice';
import { useIdempotencyKeys } from '../../../api/idempotency';
import { fenToYuan, formatFen } from '../../../lib/money';
import { MAX_DEPOSIT_AMOUNT, readAmount, refreshWallet, useWallet, type AmountProblem } from '../../wallet/api';
import { shopApi, type DepositStatus } from '../api';

/** What the shop still owes: the required deposit less what is left of it (money used for compensation must be made good). */
const owedOf = (deposit: DepositStatus) => Math.max(0, deposit.required - deposit.balance);

/** R16: pay toward the deposit from the owner's wallet; the amount starts at what is owed. */
function DepositPayForm({ operatorId, deposit }: { operatorId: string; deposit: DepositStatus }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const keys = useIdempotencyKeys();
  const wallet = useWallet();
  const owed = owedOf(deposit);
  const [text, setText] = useState(owed > 0 ? fenToYuan(owed) : '');
  const [problem, setProblem] = useState<AmountProblem | null>(null);
  const pay = useMutation({
    mutationFn: (amount: number) => keys.send({ amount }, (key) => shopApi.payDeposit(operatorId, amount, key)),
    onSuccess: async (status) => {
      queryClient.setQueryData(['deposit', operatorId], status);
      const left = owedOf(status);
      setText(left > 0 ? fenToYuan(left) : '');
      await refreshWallet(queryClient);
    },
    onError: () => void refreshWallet(queryClient),
  });

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const read = readAmount(text, { max: MAX_DEPOSIT_AMOUNT, available: wallet.data?.balance });
    setProblem('problem' in read ? read.problem : null);
    if ('fen' in read) pay.mutate(read.fen);
  }

  return (
    <form className="form deposit-pay" onSubmit={onSubmit} noValidate data-testid="deposit-pay-form">
      <h3>{t('shop.depositPay')}</h3>
      {pay.isSuccess && <Notice testId="deposit-paid-notice">{t('shop.depositDone', { amount: formatFen(pay.variables) })}</Notice>}
      <Field
        name="depositAmount"
        label={t('shop.depositAmount')}
        inputMode="decimal"
        autoComplete="off"
        value={text}
        onChange={(event) => setText(event.target.value)}
        error={problem ? t(problem.key, problem.values) : undefined}
      />
      <p className="available-line">
        <span data-testid="deposit-wallet-balance">{wallet.data ? t('shop.depositWallet', { amount: formatFen(wallet.data.balance) }) : t('common.loading')}</span>
        <Link to="/wallet/top-up" data-testid="deposit-top-up">
          {t('shop.depositTopUp')} ›
        </Link>
      </p>
      <ErrorBanner
        error={pay.error}
        testId="deposit-pay-error"
        links={{ INSUFFICIENT_FUNDS: { to: '/wallet/top-up', label: t('shop.depositTopUp'), testId: 'deposit-error-top-up' } }}
      />
      <button type="submit" className="button primary" data-testid="deposit-pay" disabled={pay.isPending}>
        {pay.isPending ? t('shop.depositPaying') : t('shop.depositSubmit')}
      </button>
    </form>
  );
}

/** R16: what the shop owes toward its deposit. */
export function DepositCard({ operatorId }: { operatorId: string }) {
  const { t } = useTranslation();
  const deposit = useQuery({ queryKey: ['deposit', operatorId], queryFn: () => shopApi.deposit(operatorId) });
  return (
    <section className="card" data-testid="shop-deposit">
      <h2>{t('shop.deposit')}</h2>
      {deposit.isPending ? (
        <Loading />
      ) : deposit.isError ? (
        <ErrorBanner error={deposit.error} />
      ) : (
        <>
          <dl className="money-facts">
            <div>
              <dt>{t('shop.depositRequired')}</dt>
              <dd data-testid="deposit-required">{formatFen(deposit.data.required)}</dd>
            </div>
            <div>
              <dt>{t('shop.depositPaid')}</dt>
              <dd data-testid="deposit-paid">{formatFen(deposit.data.paid)}</dd>
            </div>
            <div>
              <dt>{t('shop.depositBalance')}</dt>
              <dd data-testid="deposit-balance">{formatFen(deposit.data.balance)}</dd>
            </div>
            <div className="owed">
              <dt>{t('shop.depositOwed')}</dt>
              <dd data-testid="deposit-owed">{formatFen(owedOf(deposit.data))}</dd>
            </div>
          </dl>
          <DepositPayForm operatorId={operatorId} deposit={deposit.data} />
          <p className="fine-print">
            {t('shop.depositNote')}{' '}
            <Link to="/deposit-rule" data-testid="shop-deposit-rule">
              {t('shop.depositRuleLink')}
            </Link>
          </p>
        </>
      )}
    </section>
  );
}
