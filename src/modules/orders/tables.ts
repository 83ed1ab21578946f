import type { ColumnType } from 'kysely';

type Timestamp = ColumnType<Date, Date | string, Date | string>;

export type OrderSourceKind = 'group_buy' | 'bargain';

export type OrderStatus = 'pending_payment' | 'paid' | 'shipped' | 'received' | 'completed' | 'cancelled' | 'refunded' | 'returning';

export interface OrdersTable {
  id: string;
  /** The short number people see: Beijing date + sequence (migration 0030, `ordersRepo.nextNumbers`); never changes. */
  number: ColumnType<string, string, never>;
  buyer_id: string;
  operator_id: string;
  status: OrderStatus;
  /** Σ unit price × quantity + each chosen add-on once, in fen. */
  total: number;
  /** The buyer's address-book entry (sealed in the privacy vault). */
  address_id: string;
  attribution: string | null;
  /** R12: the note whose tag led here, its author and the tagged product (all or none). */
  referral_note_id: ColumnType<string | null, string | null | undefined, string | null>;
  referrer_id: ColumnType<string | null, string | null | undefined, string | null>;
  referral_product_id: ColumnType<string | null, string | null | undefined, string | null>;
  /** A group buy or bargain that set this order's price (both or neither). */
  source_kind: ColumnType<OrderSourceKind | null, OrderSourceKind | null | undefined, OrderSourceKind | null>;
  source_id: ColumnType<string | null, string | null | undefined, string | null>;
  /** A paid group-buy order whose group is not complete yet: it may not ship. */
  awaiting_group: ColumnType<boolean, boolean | undefined, boolean>;
  /** R9: the buyer confirmed at checkout that an excludable item cannot be returned. */
  return_exclusion_confirmed: boolean;
  /** The pending ledger transfer holding the payment in escrow. */
  hold_transfer_id: string | null;
  carrier: string | null;
  tracking_number: string | null;
  created_at: Timestamp;
  expires_at: Timestamp;
  paid_at: Timestamp | null;
  shipped_at: Timestamp | null;
  received_at: Timestamp | null;
  /** R9/R10: when the buyer sent the goods back, and how. */
  return_requested_at: Timestamp | null;
  return_carrier: string | null;
  return_tracking_number: string | null;
  completed_at: Timestamp | null;
  /** Every refund of this order so far, fen (after-sales, disputes): two partial refunds never exceed the total. */
  refunded: ColumnType<number, number | undefined, number>;
  closed_at: Timestamp | null;
  /** R4: an erased buyer's order stripped to amounts, products and dates three years after it closed. */
  records_purged_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
}

export interface OrderItemsTable {
  id: string;
  order_id: string;
  product_id: string;
  sku_id: string;
  title: string;
  sku_name: string;
  unit_price: number;
  quantity: number;
  category_id: string;
  return_class: string;
}

export interface OrderAddOnsTable {
  id: string;
  order_id: string;
  add_on_id: string;
  title: string;
  price: number;
}

export interface OrderEventsTable {
  id: string;
  order_id: string;
  type: string;
  actor_id: string | null;
  detail: ColumnType<Record<string, unknown>, string, string>;
  at: Timestamp;
  /** The Idempotency-Key of the request that did this (never shown in the timeline). */
  request_key: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface OrdersTables {
  orders: OrdersTable;
  order_items: OrderItemsTable;
  order_add_ons: OrderAddOnsTable;
  order_events: OrderEventsTable;
}
