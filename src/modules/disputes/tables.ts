import type { ColumnType } from 'kysely';

type Timestamp = ColumnType<Date, Date | string, Date | string>;
type Json<T> = ColumnType<T, string, string>;
type Nullable<T> = ColumnType<T | null, T | null | undefined, T | null>;

export type DisputeCategory = 'not_received' | 'not_as_described' | 'quality' | 'personal_injury' | 'forced_sale' | 'privacy';
/** API.md: open → responded → arbitration → resolved, or withdrawn; `closed` when the buyer let the escalation window pass. */
export type DisputeStatus = 'open' | 'responded' | 'arbitration' | 'resolved' | 'withdrawn' | 'closed';

export interface DisputesTable {
  id: string;
  order_id: string;
  buyer_id: string;
  operator_id: string;
  category: DisputeCategory;
  /** What the buyer paid for the order when the case opened: the refund's ceiling. */
  paid: number;
  claim_refund: number;
  claim_compensation: number;
  description: string;
  evidence: Json<string[]>;
  status: DisputeStatus;
  /** When the party whose turn it is must have acted; null once the case is over. */
  deadline: Timestamp | null;
  /** The platform has not ruled within 5 days of escalation. */
  overdue: ColumnType<boolean, boolean | undefined, boolean>;
  /** The outcome, set together when resolved. */
  refund: ColumnType<number | null, number | null | undefined, number | null>;
  compensation: ColumnType<number | null, number | null | undefined, number | null>;
  ruling_reason: ColumnType<string | null, string | null | undefined, string | null>;
  resolved_by: ColumnType<'operator' | 'platform' | null, 'operator' | 'platform' | null | undefined, 'operator' | 'platform' | null>;
  /** D7: a service provider named as a party, which answers like the operator. */
  service_provider_id: Nullable<string>;
  /** When the provider must have answered (48 h from being named); null without one. */
  provider_deadline: Nullable<Date>;
  provider_answer: Nullable<'accepted' | 'refused'>;
  /** What the provider said it would bear when it accepted, fen. */
  provider_share: Nullable<number>;
  /** The ruling's compensation charged to the provider (its debt to the platform). */
  provider_compensation: Nullable<number>;
  /** The reminder 12 h before the 48 h answer deadline went out (sent once). */
  reminded_at: Nullable<Date>;
  provider_reminded_at: Nullable<Date>;
  created_at: Timestamp;
  closed_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
}

export interface DisputeEventsTable {
  id: string;
  dispute_id: string;
  type: string;
  actor_id: string | null;
  body: string | null;
  evidence: Json<string[]>;
  detail: Json<Record<string, unknown>>;
  at: Timestamp;
}

export interface DisputesTables {
  disputes: DisputesTable;
  dispute_events: DisputeEventsTable;
}
