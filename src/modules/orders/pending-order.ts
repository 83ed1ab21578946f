/**
 * The one builder of a new order's rows, awaiting payment: the plain checkout, the
 * batched flash-sale checkout and the orders a group buy or bargain places all go
 * through it, so a pending order looks the same whichever way it came (R7: exactly
 * the lines and add-ons listed, at the prices given, the total their sum).
 */
import { newId } from '../../lib/ids.js';
import { UNSET, type AddOnRow, type EventRow, type ItemRow, type OrderRow } from './repo.js';
import type { OrderSourceKind } from './tables.js';

/** A SKU as the catalog describes it at checkout. */
export interface CheckoutSku {
  skuId: string;
  productId: string;
  title: string;
  skuName: string;
  categoryId: string;
  returnClass: string;
}

export interface PendingOrderInput {
  id: string;
  /** Its short number, taken in the same transaction (`OrdersService.nextNumbers`). */
  number: string;
  buyerId: string;
  operatorId: string;
  addressId: string;
  lines: readonly { sku: CheckoutSku; unitPrice: number; quantity: number }[];
  addOns?: readonly { id: string; title: string; price: number }[];
  now: Date;
  paymentWindowMs: number;
  attribution?: string | null;
  returnExclusionConfirmed?: boolean;
  /** R12: the note credited with the sale. */
  referral?: { noteId: string; authorId: string; productId: string } | undefined;
  /** The group buy or bargain that set the price. */
  source?: { kind: OrderSourceKind; id: string };
  /** A group buy's order: it may not ship until the group is complete. */
  awaitingGroup?: boolean;
}

/** What a new order writes: its row, lines, add-ons and `created` event, in memory (the caller inserts them). */
export interface PendingOrder {
  order: OrderRow;
  items: ItemRow[];
  addOns: AddOnRow[];
  created: EventRow;
}

export function pendingOrder(input: PendingOrderInput): PendingOrder {
  const { id, now } = input;
  const addOns = input.addOns ?? [];
  const total = input.lines.reduce((sum, l) => sum + l.unitPrice * l.quantity, 0) + addOns.reduce((sum, a) => sum + a.price, 0);
  const order: OrderRow = {
    ...UNSET,
    id,
    number: input.number,
    buyer_id: input.buyerId,
    operator_id: input.operatorId,
    status: 'pending_payment',
    total,
    address_id: input.addressId,
    attribution: input.attribution ?? null,
    return_exclusion_confirmed: input.returnExclusionConfirmed ?? false,
    created_at: now,
    expires_at: new Date(now.getTime() + input.paymentWindowMs),
    ...(input.referral ? { referral_note_id: input.referral.noteId, referrer_id: input.referral.authorId, referral_product_id: input.referral.productId } : {}),
    ...(input.source ? { source_kind: input.source.kind, source_id: input.source.id, awaiting_group: input.awaitingGroup ?? false } : {}),
  };
  const items: ItemRow[] = input.lines.map((l) => ({
    id: newId(now.getTime()),
    order_id: id,
    product_id: l.sku.productId,
    sku_id: l.sku.skuId,
    title: l.sku.title,
    sku_name: l.sku.skuName,
    unit_price: l.unitPrice,
    quantity: l.quantity,
    category_id: l.sku.categoryId,
    return_class: l.sku.returnClass,
  }));
  const addOnRows: AddOnRow[] = addOns.map((a) => ({ id: newId(now.getTime()), order_id: id, add_on_id: a.id, title: a.title, price: a.price }));
  const detail = input.source ? { total, source: input.source } : { total };
  const created: EventRow = { id: newId(now.getTime()), order_id: id, type: 'created', actor_id: input.buyerId, detail, at: now, request_key: null };
  return { order, items, addOns: addOnRows, created };
}
