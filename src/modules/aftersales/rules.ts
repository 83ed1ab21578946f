/**
 * The after-sales rules as pure functions (issue 17; R9, R10): which requests an order
 * allows now, and the periods. Every refusal names its rule so the buyer is told why.
 */
import { DAY, HOUR } from '../../lib/clock.js';
import { returnBlocker, returnDeadline } from '../orders/index.js';
import type { AfterSaleReason, AfterSaleType } from './tables.js';

/**
 * 部分商品修理更换退货责任规定 arts. 8–9: a product with a performance fault may be
 * returned (or refunded) within 7 days of receipt and exchanged within 15 days.
 */
export const FAULT_RETURN_PERIOD_MS = 7 * DAY;
export const FAULT_EXCHANGE_PERIOD_MS = 15 * DAY;
/** The shop answers within 48 hours; silence approves (issue 17). */
export const SHOP_ANSWER_MS = 48 * HOUR;
/** The buyer ships an approved return within 7 days, or the request closes. */
export const BUYER_SHIP_MS = 7 * DAY;
/** R10: the shop confirms the return within 7 days of its shipment, or the refund is automatic. */
export const SHOP_CONFIRM_RETURN_MS = 7 * DAY;
/** An exchange: the shop ships the replacement within 48 hours of receiving the return (else the buyer may escalate). */
export const SHOP_SHIP_EXCHANGE_MS = 48 * HOUR;
/** A refused request may be escalated to a dispute within 7 days (RULES.md "Disputes"). */
export const ESCALATE_AFTER_REFUSAL_MS = 7 * DAY;
/** The most return postage a buyer may state, fen (¥50). */
export const RETURN_SHIPPING_FEE_CAP = 5000;

/** Reasons where the shop is at fault: every class of goods, within the legal period, the shop pays return postage. */
export const FAULT_REASONS: ReadonlySet<AfterSaleReason> = new Set(['quality_problem', 'not_as_described', 'wrong_item', 'damaged', 'missing_parts']);
/** Reasons open before receipt (only refund_only). */
export const BEFORE_RECEIPT_REASONS: ReadonlySet<AfterSaleReason> = new Set(['not_received', 'other']);

export type NoReasonBlock = 'not_received' | 'window_closed' | 'excluded' | 'consented_exclusion';

export interface OrderFacts {
  status: string;
  receivedAt: Date | null;
  exclusionConfirmed: boolean;
  items: { returnClass: string; title: string }[];
}

/** R9: whether no-reason return is open now, until when, or why not (with the sentence to tell). */
export function noReason(order: OrderFacts, now: Date): { allowed: boolean; until: Date | null; blocked: NoReasonBlock | null; detail: string | null } {
  if (!order.receivedAt) return { allowed: false, until: null, blocked: 'not_received', detail: 'The 7-day no-reason return starts when you receive the goods' };
  const until = returnDeadline(order.receivedAt);
  const blocker = returnBlocker(order.items, order.exclusionConfirmed);
  if (blocker) return { allowed: false, until, blocked: order.items.some((i) => i.returnClass === 'excluded') ? 'excluded' : 'consented_exclusion', detail: blocker };
  if (now >= until) return { allowed: false, until, blocked: 'window_closed', detail: 'The 7-day no-reason return window has closed' };
  return { allowed: true, until, blocked: null, detail: null };
}

/** The last moments for a fault return and a fault exchange (arts. 8–9), counted from receipt. */
export function faultPeriods(receivedAt: Date | null): { returnUntil: Date | null; exchangeUntil: Date | null } {
  if (!receivedAt) return { returnUntil: null, exchangeUntil: null };
  return { returnUntil: new Date(receivedAt.getTime() + FAULT_RETURN_PERIOD_MS), exchangeUntil: new Date(receivedAt.getTime() + FAULT_EXCHANGE_PERIOD_MS) };
}

export type Refusal =
  | { code: 'ORDER_NOT_ELIGIBLE'; detail: string }
  | { code: 'AFTER_SALE_NOT_RECEIVED'; detail: string }
  | { code: 'NO_REASON_NOT_ALLOWED'; detail: string; blocked: NoReasonBlock }
  | { code: 'FAULT_PERIOD_CLOSED'; detail: string }
  | { code: 'AFTER_SALE_REASON_NOT_ALLOWED'; detail: string };

const RECEIVED = new Set(['received', 'completed']);
const BEFORE_RECEIPT = new Set(['paid', 'shipped']);

/** Why this type and reason cannot be asked on this order now, or null when they can. */
export function requestRefusal(order: OrderFacts, type: AfterSaleType, reason: AfterSaleReason, now: Date): Refusal | null {
  const received = RECEIVED.has(order.status);
  if (!received && !BEFORE_RECEIPT.has(order.status)) return { code: 'ORDER_NOT_ELIGIBLE', detail: `An order that is ${order.status} has no after-sales` };
  if (!received) {
    if (type !== 'refund_only') return { code: 'AFTER_SALE_NOT_RECEIVED', detail: 'A return or an exchange needs the goods received first; ask for a refund only' };
    if (reason === 'no_reason') return { code: 'NO_REASON_NOT_ALLOWED', detail: 'The 7-day no-reason return starts when you receive the goods', blocked: 'not_received' };
    return null;
  }
  if (reason === 'not_received') return { code: 'AFTER_SALE_REASON_NOT_ALLOWED', detail: 'The order has been received' };
  if (reason === 'no_reason') {
    if (type === 'exchange') return { code: 'AFTER_SALE_REASON_NOT_ALLOWED', detail: 'An exchange needs a reason: the shop replaces faulty goods' };
    const r = noReason(order, now);
    return r.allowed ? null : { code: 'NO_REASON_NOT_ALLOWED', detail: r.detail!, blocked: r.blocked! };
  }
  if (FAULT_REASONS.has(reason)) {
    const { returnUntil, exchangeUntil } = faultPeriods(order.receivedAt);
    const until = type === 'exchange' ? exchangeUntil! : returnUntil!;
    if (now >= until) {
      return { code: 'FAULT_PERIOD_CLOSED', detail: type === 'exchange' ? 'An exchange for a fault is open for 15 days after receipt' : 'A return or refund for a fault is open for 7 days after receipt; an exchange for 15' };
    }
    return null;
  }
  // `other` after receipt: a request the shop decides on (only refund_only, within the fault period).
  if (type !== 'refund_only') return { code: 'AFTER_SALE_REASON_NOT_ALLOWED', detail: 'A return or an exchange needs a reason from the list' };
  return null;
}
