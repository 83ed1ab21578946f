import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ErrorBanner } from '../../../ui/ErrorBanner';
import { Notice } from '../../../ui/Notice';
import { formatFen } from '../../../lib/money';
import { MAX_WALLET_AMOUNT, topUpPath, useWallet } from '../../wallet/api';

/**
 * How the order will be paid, before it is placed: the wallet's balance and, when
 * it is short of the total, by how much, with a top-up of exactly that (the
 * sandbox top-up flow, which brings the buyer back to `backTo`) and the other way
 * to pay at the pay step (WeChat Pay or Alipay through the payment provider).
 */
export function CheckoutBalance({ total, backTo }: { total: number; backTo: string }) {
  const { t } = useTranslation();
  const wallet = useWallet();
  if (wallet.isError) return <ErrorBanner error={wallet.error} />;
  const balance = wallet.data?.balance;
  const shortfall = balance === undefined ? 0 : Math.max(0, total - balance);
  return (
    <section className="card" data-testid="checkout-payment">
      <h2>{t('checkout.payment')}</h2>
      <p className="sku-line">
        <span>{t('checkout.walletBalance')}</span>
        <span className="price" data-testid="checkout-balance">
          {balance === undefined ? '…' : formatFen(balance)}
        </span>
      </p>
      {shortfall > 0 ? (
        <Notice kind="warning" testId="checkout-shortfall">
          <span data-testid="checkout-shortfall-amount" data-fen={shortfall}>
            {t('checkout.shortfall', { amount: formatFen(shortfall) })}
          </span>{' '}
          {/* One top-up holds at most ¥50,000; beyond that only the payment provider can pay it. */}
          {shortfall <= MAX_WALLET_AMOUNT && (
            <Link to={topUpPath(shortfall, backTo)} className="button secondary small" data-testid="checkout-top-up">
              {t('checkout.topUpDifference', { amount: formatFen(shortfall) })}
            </Link>
          )}
        </Notice>
      ) : (
        balance !== undefined && (
          <p className="fine-print" data-testid="checkout-balance-enough">
            {t('checkout.balanceEnough')}
          </p>
        )
      )}
      <p className="fine-print">{t('checkout.otherMethods')}</p>
    </section>
  );
}
