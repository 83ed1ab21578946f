import type { ColumnType } from 'kysely';

type Timestamp = ColumnType<Date, Date | string, Date | string>;
type Json<T> = ColumnType<T, string, string>;
type Nullable<T> = ColumnType<T | null, T | null | undefined, T | null>;
type Defaulted<T> = ColumnType<T, T | undefined, T>;

export type AfterSaleType = 'refund_only' | 'return_refund' | 'exchange';
export type AfterSaleReason = 'no_reason' | 'not_received' | 'quality_problem' | 'not_as_described' | 'wrong_item' | 'damaged' | 'missing_parts' | 'other';
/**
 * API.md: requested → approved | refused; approved refund_only → refunded at once;
 * approved return → returning (the buyer shipped it) → received (exchange only, the shop
 * has it back) → refunded | exchanged; or escalated (a dispute), withdrawn.
 */
export type AfterSaleStatus = 'requested' | 'approved' | 'refused' | 'returning' | 'received' | 'refunded' | 'exchanged' | 'escalated' | 'withdrawn';
export type AfterSaleActor = 'buyer' | 'shop' | 'platform';

export interface ReturnAddressesTable {
  /** The privacy vault record's id (sealed under the operator's owner). */
  id: string;
  operator_id: string;
  is_default: Defaulted<boolean>;
  created_at: Timestamp;
  removed_at: Nullable<Date>;
}

export interface AfterSalesTable {
  id: string;
  order_id: string;
  buyer_id: string;
  operator_id: string;
  type: AfterSaleType;
  reason: AfterSaleReason;
  description: Nullable<string>;
  images: Json<string[]>;
  /** What the buyer asks back, fen (≤ what is still refundable of the order or its chosen items). */
  amount: number;
  /** The return's postage the shop pays for a quality return, fen, refunded on top. */
  return_shipping_fee: Defaulted<number>;
  /** What was actually refunded by this request. */
  refunded: Defaulted<number>;
  status: AfterSaleStatus;
  /** When whoever's turn it is must have acted; null once over. */
  deadline: Nullable<Date>;
  refuse_reason: Nullable<string>;
  return_address_id: Nullable<string>;
  return_carrier: Nullable<string>;
  return_tracking_number: Nullable<string>;
  return_shipped_at: Nullable<Date>;
  return_received_at: Nullable<Date>;
  exchange_carrier: Nullable<string>;
  exchange_tracking_number: Nullable<string>;
  exchange_shipped_at: Nullable<Date>;
  dispute_id: Nullable<string>;
  created_at: Timestamp;
  closed_at: Nullable<Date>;
}

export interface AfterSaleItemsTable {
  after_sale_id: string;
  order_item_id: string;
  open: Defaulted<boolean>;
}

export interface AfterSaleEventsTable {
  id: string;
  after_sale_id: string;
  type: string;
  actor: AfterSaleActor;
  actor_id: Nullable<string>;
  body: Nullable<string>;
  images: Json<string[]>;
  detail: Json<Record<string, unknown>>;
  at: Timestamp;
}

export interface AfterSalesTables {
  return_addresses: ReturnAddressesTable;
  after_sales: AfterSalesTable;
  after_sale_items: AfterSaleItemsTable;
  after_sale_events: AfterSaleEventsTable;
}
