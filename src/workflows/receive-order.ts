/**
 * Confirm receipt and settle (RULES.md "Escrow and receipt", R12): the buyer has the
 * goods — or 10 days passed since shipping with no dispute open (order-timers.ts) —
 * so escrow is settled to the operator less the platform fee, the note author's
 * referral reward is held from the operator's receivable, and the operator's debt is
 * recovered from what it now has. When the return window closes the order completes
 * and the reward becomes spendable. Each item of the received order waits 15 days for
 * its review (reviews module), then gets the default one.
 */
import type { Kysely } from 'kysely';
import type { DB, Executor } from '../database.js';
import type { Clock } from '../lib/clock.js';
import type { Escrow } from '../modules/ledger/index.js';
import { escrowOrder, ordersErrors as errors, type OrderRow, type OrdersService, type OrderView } from '../modules/orders/index.js';
import type { ReviewsService } from '../modules/reviews/index.js';

export function createReceiveOrderWorkflow(deps: { db: Kysely<DB>; orders: OrdersService; escrow: Escrow; reviews: Pick<ReviewsService, 'expect'>; clock: Clock }) {
  const { db, orders, escrow, reviews, clock } = deps;

  /** Inside the caller's transaction, the order locked and shipped. */
  async function receive(ex: Executor, row: OrderRow, actorId: string | null, automatic: boolean, requestKey?: string): Promise<void> {
    const order = escrowOrder(row);
    await escrow.settle(ex, order, row.hold_transfer_id!);
    if (row.referrer_id && row.referral_product_id) {
      await escrow.holdReferralReward(ex, order, { referrerId: row.referrer_id, productId: row.referral_product_id }, await orders.itemsOf(ex, row.id));
    }
    await escrow.recoverDebt(ex, order);
    const now = clock.now();
    await orders.change(ex, row.id, { status: 'received', received_at: now }, automatic ? 'receipt_auto_confirmed' : 'received', actorId, {}, requestKey);
    await reviews.expect(ex, { id: row.id, buyerId: row.buyer_id }, (await orders.itemsOf(ex, row.id)).map((i) => i.id), now);
  }

  return {
    receive,

    /** The buyer has the goods: escrow is released to the operator, less the platform fee. */
    async confirmReceipt(buyerId: string, orderId: string, requestKey?: string): Promise<OrderView> {
      await db.transaction().execute(async (tx) => {
        const row = await orders.lockBuyersOrder(tx, buyerId, orderId);
        if (await orders.doneBefore(tx, row.id, requestKey)) return;
        if (row.status !== 'shipped') throw errors.wrongState('confirm receipt of', row.status);
        await receive(tx, row, buyerId, false, requestKey);
      });
      return orders.current(orderId);
    },

    /** The return window closed (the caller checked): the referral reward may be spent; the order is done. */
    async complete(ex: Executor, row: OrderRow): Promise<void> {
      const now = clock.now();
      await escrow.releaseReferralReward(ex, row.id);
      await orders.change(ex, row.id, { status: 'completed', completed_at: now, closed_at: now }, 'completed', null);
    },
  };
}

export type ReceiveOrderWorkflow = ReturnType<typeof createReceiveOrderWorkflow>;
