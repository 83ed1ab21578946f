/**
 * The ledger's words: every transfer kind and account kind the server's enums have, and
 * how a line of a money log reads — what it means, from which account to which, and what
 * it did to a user's wallet — so a receipt's second line (the hold confirmed) never reads
 * like a second charge. Texts under wallet.codes, wallet.explain, wallet.accounts, wallet.effect.
 */
import type { TFunction } from 'i18next';
import { everyValue } from '../../api/enums';
import type { ResponseOf } from '../../api/client';
import type { TransferCode } from './api';

/** One line of a case's money log (GET /admin/disputes/:id/case). */
export type LedgerLine = ResponseOf<'/admin/disputes/{id}/case'>['ledger'][number];
export type AccountCode = LedgerLine['debitAccount'] | LedgerLine['creditAccount'];

export const TRANSFER_CODES = everyValue<TransferCode>()([
  'top_up',
  'withdrawal',
  'deposit',
  'deposit_refund',
  'order_payment',
  'order_provider_payment',
  'provider_refund_to_wallet',
  'order_receipt',
  'order_settlement',
  'platform_fee',
  'order_cancel_refund',
  'return_refund',
  'referral_reward',
  'referral_reversed',
  'debt_recovery',
  'dispute_refund',
  'dispute_refund_advance',
  'dispute_compensation',
  'dispute_compensation_advance',
  'dispute_provider_compensation_advance',
  'after_sale_refund',
  'after_sale_refund_advance',
  'after_sale_return_shipping',
  'after_sale_return_shipping_advance',
]);

export const ACCOUNT_CODES = everyValue<AccountCode>()([
  'user_wallet',
  'operator_receivable',
  'operator_deposit',
  'platform_escrow',
  'platform_fees',
  'provider_clearing',
  'operator_debt',
  'provider_debt',
]);

export type WalletEffect = 'out' | 'in' | 'held' | 'none';

/**
 * What a line did to a user's wallet: posting a hold (receipt) takes nothing more, since
 * the money left the wallet when the hold was made; voiding a hold gives it back.
 */
export function walletEffect(line: Pick<LedgerLine, 'kind' | 'debitAccount' | 'creditAccount'>): WalletEffect {
  if (line.kind === 'post') return line.debitAccount === 'user_wallet' ? 'held' : 'none';
  const fromWallet = line.debitAccount === 'user_wallet';
  const toWallet = line.creditAccount === 'user_wallet';
  if (line.kind === 'void') return fromWallet ? 'in' : 'none';
  return fromWallet && !toWallet ? 'out' : toWallet && !fromWallet ? 'in' : 'none';
}

export const transferLabel = (t: TFunction, code: TransferCode) => t(`wallet.codes.${code}`);
export const transferExplanation = (t: TFunction, code: TransferCode) => t(`wallet.explain.${code}`);
export const accountLabel = (t: TFunction, code: AccountCode) => t(`wallet.accounts.${code}`);
