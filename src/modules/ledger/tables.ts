import type { ColumnType, Generated } from 'kysely';

type CreatedAt = ColumnType<Date, Date | string | undefined, never>;

export type AccountCode = 'user_wallet' | 'operator_receivable' | 'operator_deposit' | 'platform_escrow' | 'platform_fees' | 'provider_clearing' | 'operator_debt' | 'provider_debt';
export type TransferKind = 'single' | 'pending' | 'post' | 'void';

export interface LedgerAccountsTable {
  id: string;
  ledger: string;
  code: AccountCode;
  owner_id: string | null;
  debits_pending: Generated<number>;
  debits_posted: Generated<number>;
  credits_pending: Generated<number>;
  credits_posted: Generated<number>;
  debits_must_not_exceed_credits: boolean;
  credits_must_not_exceed_debits: boolean;
  created_at: CreatedAt;
}

export interface LedgerTransfersTable {
  /** Chosen by the caller: a retry with the same id never moves money twice. */
  id: string;
  /** Insertion order, for statements. */
  seq: Generated<number>;
  ledger: string;
  kind: TransferKind;
  debit_account_id: string;
  credit_account_id: string;
  amount: number;
  /** For `post` and `void`: the pending transfer it resolves. */
  pending_id: string | null;
  /** Why: top_up, withdrawal, order_payment, order_settlement, platform_fee, deposit, refund… */
  code: string;
  /** What it belongs to, e.g. an order or top-up id. */
  reference: string | null;
  created_at: CreatedAt;
}

export interface LedgerTables {
  ledger_accounts: LedgerAccountsTable;
  ledger_transfers: LedgerTransfersTable;
}
