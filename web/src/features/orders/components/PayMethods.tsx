import { useTranslation } from 'react-i18next';
import { formatFen } from '../../../lib/money';
import { useWallet } from '../../wallet/api';
import type { PayInput } from '../api';

/** How the buyer pays: from the wallet (its balance shown), or through the payment provider's WeChat Pay or Alipay. */
export type PayMethod = { method: 'wallet' } | { method: 'provider'; channel: NonNullable<PayInput['channel']> };

const CHOICES: { key: 'wallet' | 'wechat_pay' | 'alipay'; value: PayMethod }[] = [
  { key: 'wallet', value: { method: 'wallet' } },
  { key: 'wechat_pay', value: { method: 'provider', channel: 'wechat_pay' } },
  { key: 'alipay', value: { method: 'provider', channel: 'alipay' } },
];

export const methodKey = (m: PayMethod) => (m.method === 'wallet' ? 'wallet' : m.channel);

/** The wallet when its balance covers the total; otherwise WeChat Pay, so nobody has to top up first. */
export function useDefaultMethod(total: number): PayMethod | null {
  const wallet = useWallet();
  if (!wallet.data) return wallet.isError ? { method: 'provider', channel: 'wechat_pay' } : null;
  return wallet.data.balance >= total ? { method: 'wallet' } : { method: 'provider', channel: 'wechat_pay' };
}

export function PayMethods({ total, value, onChange, disabled }: { total: number; value: PayMethod; onChange: (m: PayMethod) => void; disabled: boolean }) {
  const { t } = useTranslation();
  const wallet = useWallet();
  const balance = wallet.data?.balance;
  return (
    <fieldset className="pay-methods" data-testid="pay-methods" disabled={disabled}>
      <legend>{t('orders.pay.method')}</legend>
      <ul className="address-list">
        {CHOICES.map(({ key, value: choice }) => {
          const short = key === 'wallet' && balance !== undefined && balance < total;
          return (
            <li key={key}>
              <label className={methodKey(value) === key ? 'choice selected' : 'choice'}>
                <input type="radio" name="payMethod" value={key} checked={methodKey(value) === key} onChange={() => onChange(choice)} data-testid={`pay-method-${key}`} />{' '}
                <span className="choice-title">{t(`orders.pay.methods.${key}`)}</span>
                <span className="choice-hint">
                  {key === 'wallet'
                    ? balance === undefined
                      ? '…'
                      : t(short ? 'orders.pay.balanceShort' : 'orders.pay.balance', { amount: formatFen(balance) })
                    : t('orders.pay.providerHint')}
                </span>
              </label>
            </li>
          );
        })}
      </ul>
    </fieldset>
  );
}
