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

export interface PaymentsTables {
  top_ups: TopUpsTable;
  withdrawals: WithdrawalsTable;
}
