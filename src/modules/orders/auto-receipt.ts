/**
 * When a shipped order's receipt is confirmed automatically (RULES.md "Escrow and
 * receipt"; issue 17 item 6), kept on the order as `auto_receipt_at` for the sweep
 * (workflows/order-timers.ts):
 *
 * - untracked parcel (a carrier typed as "other"), or a tracked one not delivered yet:
 *   10 days after shipping, as RULES.md says;
 * - a tracked parcel the carrier reported delivered: 7 days after that delivery (the
 *   delivery starts the clock; the buyer's own confirmation still wins earlier);
 * - while a tracked parcel's latest event is an exception (lost, damaged, refused…):
 *   none, the clock waits; the next normal event puts it back (10 days after shipping,
 *   or 7 after delivery), so a parcel that reappears late may be received at the next sweep.
 *
 * An open dispute stops automatic receipt whatever this says (order-timers.ts checks).
 */
import { DAY } from '../../lib/clock.js';

/** RULES.md "Escrow and receipt": receipt is confirmed automatically 10 days after shipping. */
export const AUTO_CONFIRM_MS = 10 * DAY;
/** A tracked parcel's delivery starts a 7-day clock instead. */
export const AUTO_CONFIRM_AFTER_DELIVERY_MS = 7 * DAY;

export function autoReceiptAt(shippedAt: Date, parcel: { status: string; deliveredAt: Date | null }): Date | null {
  if (parcel.deliveredAt) return new Date(parcel.deliveredAt.getTime() + AUTO_CONFIRM_AFTER_DELIVERY_MS);
  if (parcel.status === 'exception') return null;
  return new Date(shippedAt.getTime() + AUTO_CONFIRM_MS);
}
