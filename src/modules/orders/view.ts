/** An order as the API shows it (API.md "Orders, payment, escrow"), from its rows. */
import type { Executor } from '../../database.js';
import { ordersRepo, type AddOnRow, type EventRow, type ItemRow, type OrderRow } from './repo.js';
import type { OrderSourceKind, OrderStatus } from './tables.js';

export interface OrderView {
  id: string;
  /** The short number people see; `id` stays internal. */
  number: string;
  status: OrderStatus;
  operatorId: string;
  buyerId: string;
  items: { id: string; productId: string; skuId: string; title: string; skuName: string; unitPrice: number; quantity: number; returnClass: string }[];
  addOns: { id: string; addOnId: string; title: string; price: number }[];
  total: number;
  /** R12: the note whose tag this order was bought through, if any. */
  referralNoteId: string | null;
  /** The group buy or bargain that set its price, if any. */
  source: { kind: OrderSourceKind; id: string } | null;
  /** A paid group-buy order waits for its group to complete before it ships. */
  awaitingGroup: boolean;
  returnExclusionConfirmed: boolean;
  shipping: { carrier: string; trackingNumber: string } | null;
  createdAt: string;
  expiresAt: string;
  paidAt: string | null;
  shippedAt: string | null;
  receivedAt: string | null;
  timeline: { type: string; at: string; detail: Record<string, unknown> }[];
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function presentOrder(row: OrderRow, items: ItemRow[], addOns: AddOnRow[], events: EventRow[]): OrderView {
  return {
    id: row.id,
    number: row.number,
    status: row.status,
    operatorId: row.operator_id,
    buyerId: row.buyer_id,
    items: items.map((i) => ({ id: i.id, productId: i.product_id, skuId: i.sku_id, title: i.title, skuName: i.sku_name, unitPrice: i.unit_price, quantity: i.quantity, returnClass: i.return_class })),
    addOns: addOns.map((a) => ({ id: a.id, addOnId: a.add_on_id, title: a.title, price: a.price })),
    total: row.total,
    referralNoteId: row.referral_note_id,
    source: row.source_kind && row.source_id ? { kind: row.source_kind, id: row.source_id } : null,
    awaitingGroup: row.awaiting_group,
    returnExclusionConfirmed: row.return_exclusion_confirmed,
    shipping: row.carrier && row.tracking_number ? { carrier: row.carrier, trackingNumber: row.tracking_number } : null,
    createdAt: row.created_at.toISOString(),
    expiresAt: row.expires_at.toISOString(),
    paidAt: iso(row.paid_at),
    shippedAt: iso(row.shipped_at),
    receivedAt: iso(row.received_at),
    timeline: events.map((e) => ({ type: e.type, at: e.at.toISOString(), detail: e.detail })),
  };
}

/** One read after another: one connection, and the same statements in the same order every time. */
export async function viewOrder(ex: Executor, row: OrderRow): Promise<OrderView> {
  const items = await ordersRepo.itemsOf(ex, [row.id]);
  const addOns = await ordersRepo.addOnsOf(ex, [row.id]);
  return presentOrder(row, items, addOns, await ordersRepo.eventsOf(ex, row.id));
}
