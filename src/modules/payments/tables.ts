import type { ColumnType } from 'kysely';

type Timestamp = ColumnType<Date, Date | string, Date | string>;
type CreatedAt = ColumnType<Date, Date | string | undefined, never>;

export interface TopUpsTable {
  id: string;
  user_id: string;
  amount: number;
  status: 'pending' | 'succeeded' | 'failed';
  provider_ref: string | null;
  created_at: CreatedAt;
  completed_at: Timestamp | null;
}

export interface WithdrawalsTable {
  id: string;
  user_id: string;
  amount: number;
  status: 'completed';
  created_at: CreatedAt;
}

/** The channels the provider offers the payer (the sandbox shows either). */
export type PaymentChannel = 'wechat_pay' | 'alipay';

/** An order paid through the provider: pending until its signed webhook, then succeeded (or returned, when the order could no longer take it). */
export interface OrderPaymentsTable {
  id: string;
  order_id: string;
  buyer_id: string;
  amount: number;
  channel: PaymentChannel;
  status: 'pending' | 'succeeded' | 'returned';
  provider_ref: string | null;
  created_at: CreatedAt;
  completed_at: Timestamp | null;
}

/** Money going back to the payer through the provider: pending until the provider confirms it. */
export interface ProviderRefundsTable {
  id: string;
  payment_id: string;
  order_id: string;
  amount: number;
  status: 'pending' | 'succeeded';
  attempts: ColumnType<number, number | undefined, number>;
  last_error: string | null;
  provider_ref: string | null;
  created_at: CreatedAt;
  completed_at: Timestamp | null;
}

export interface PaymentsTables {
  top_ups: TopUpsTable;
  withdrawals: WithdrawalsTable;
  order_payments: OrderPaymentsTable;
  provider_refunds: ProviderRefundsTable;
}
