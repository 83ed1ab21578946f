/** What the buyer and the shop see of a request (API.md "Reviews, tracking, after-sales"). */
import type { AfterSaleEventRow, AfterSaleItemRow, AfterSaleRow } from './repo.js';
import { FAULT_REASONS, type NoReasonBlock } from './rules.js';
import type { AfterSaleActor, AfterSaleReason, AfterSaleStatus, AfterSaleType } from './tables.js';

export interface CreateInput {
  type: AfterSaleType;
  reason: AfterSaleReason;
  description?: string | undefined;
  images?: string[] | undefined;
  amount?: number | undefined;
  itemIds?: string[] | undefined;
}

export interface AfterSaleItemView {
  orderItemId: string;
  productId: string;
  skuId: string;
  title: string;
  skuName: string;
  unitPrice: number;
  quantity: number;
}

export interface AfterSaleSummaryView {
  id: string;
  orderId: string;
  orderNumber: string;
  buyer: { displayName: string };
  type: AfterSaleType;
  reason: AfterSaleReason;
  amount: number;
  returnShippingFee: number;
  refunded: number;
  status: AfterSaleStatus;
  turn: AfterSaleActor | null;
  deadline: string | null;
  items: AfterSaleItemView[];
  shopPaysReturn: boolean;
  createdAt: string;
  closedAt: string | null;
}

export interface ReturnAddressView {
  recipient: string;
  phone: string;
  region: string;
  line: string;
}

export interface AfterSaleView extends AfterSaleSummaryView {
  description: string | null;
  images: string[];
  refuseReason: string | null;
  returnAddress: ReturnAddressView | null;
  returnShipment: { carrier: string; trackingNumber: string; shippedAt: string; fee: number } | null;
  returnReceivedAt: string | null;
  exchangeShipment: { carrier: string; trackingNumber: string; shippedAt: string } | null;
  disputeId: string | null;
  timeline: { type: string; actor: AfterSaleActor; at: string; body: string | null; images: string[]; detail: Record<string, unknown> }[];
}

export interface OptionsView {
  orderId: string;
  received: boolean;
  refundable: number;
  types: AfterSaleType[];
  reasons: AfterSaleReason[];
  noReason: { allowed: boolean; until: string | null; blocked: NoReasonBlock | null };
  faultReturnUntil: string | null;
  faultExchangeUntil: string | null;
  items: (AfterSaleItemView & { refundable: number; openRequestId: string | null })[];
  openDisputeId: string | null;
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** Whose move it is in each state ('platform': the dispute it became); a refusal past its 7 days to escalate is nobody's. */
export function turnOf(status: AfterSaleStatus, deadline: Date | null): AfterSaleActor | null {
  switch (status) {
    case 'requested':
    case 'returning':
    case 'received':
      return 'shop';
    case 'approved':
      return 'buyer';
    case 'refused':
      return deadline ? 'buyer' : null;
    case 'escalated':
      return 'platform';
    default:
      return null;
  }
}

export function presentItems(rows: AfterSaleItemRow[]): AfterSaleItemView[] {
  return rows.map((i) => ({ orderItemId: i.id, productId: i.product_id, skuId: i.sku_id, title: i.title, skuName: i.sku_name, unitPrice: i.unit_price, quantity: i.quantity }));
}

export function presentSummary(r: AfterSaleRow, orderNumber: string, buyer: { displayName: string }, items: AfterSaleItemRow[]): AfterSaleSummaryView {
  return {
    id: r.id,
    orderId: r.order_id,
    orderNumber,
    buyer,
    type: r.type,
    reason: r.reason,
    amount: r.amount,
    returnShippingFee: r.return_shipping_fee,
    refunded: r.refunded,
    status: r.status,
    turn: turnOf(r.status, r.deadline),
    deadline: iso(r.deadline),
    items: presentItems(items),
    shopPaysReturn: FAULT_REASONS.has(r.reason),
    createdAt: r.created_at.toISOString(),
    closedAt: iso(r.closed_at),
  };
}

export function presentAfterSale(r: AfterSaleRow, orderNumber: string, buyer: { displayName: string }, items: AfterSaleItemRow[], events: AfterSaleEventRow[], returnAddress: ReturnAddressView | null): AfterSaleView {
  return {
    ...presentSummary(r, orderNumber, buyer, items),
    description: r.description,
    images: r.images,
    refuseReason: r.refuse_reason,
    returnAddress,
    returnShipment: r.return_shipped_at ? { carrier: r.return_carrier!, trackingNumber: r.return_tracking_number!, shippedAt: r.return_shipped_at.toISOString(), fee: r.return_shipping_fee } : null,
    returnReceivedAt: iso(r.return_received_at),
    exchangeShipment: r.exchange_shipped_at ? { carrier: r.exchange_carrier!, trackingNumber: r.exchange_tracking_number!, shippedAt: r.exchange_shipped_at.toISOString() } : null,
    disputeId: r.dispute_id,
    timeline: events.map((e) => ({ type: e.type, actor: e.actor, at: e.at.toISOString(), body: e.body, images: e.images, detail: e.detail })),
  };
}
