/**
 * The ledger's vocabulary as the API shows it: why money moved (a transfer's `code`) and
 * which kinds of account it moved between. Response schemas use these unions so the web's
 * generated types list every kind (a wallet line's code is never a bare string), and a
 * flow that starts moving money for a new reason adds its code here.
 */
import { DocumentedEnum } from '../../lib/documented-enum.js';
import type { AccountCode } from './tables.js';

export const TRANSFER_CODES = [
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
] as const;
export type TransferCode = (typeof TRANSFER_CODES)[number];

export const ACCOUNT_CODES = [
  'user_wallet',
  'operator_receivable',
  'operator_deposit',
  'platform_escrow',
  'platform_fees',
  'provider_clearing',
  'operator_debt',
  'provider_debt',
] as const satisfies readonly AccountCode[];

/** Why money moved (a ledger transfer's code; `Transfer.code` is still a string in the service). */
export const TransferCodeSchema = DocumentedEnum(TRANSFER_CODES);
/** A kind of ledger account. */
export const AccountCodeSchema = DocumentedEnum(ACCOUNT_CODES);
