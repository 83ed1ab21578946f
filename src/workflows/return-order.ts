/**
 * Return an order (R9, R10): within the window, for goods not excluded, the buyer
 * sends them back; when the operator confirms they arrived — or 7 days after they
 * were sent, by the timer — the referral reward is withdrawn and the whole total is
 * refunded (escrow.refundReturn: the fee from the platform, the rest from the
 * operator's receivable, then its deposit), and the stock returns.
 */
import type { Kysely } from 'kysely';
import type { DB, Executor } from '../database.js';
import type { Clock } from '../lib/clock.js';
import type { DisputesService } from '../modules/disputes/index.js';
import type { Escrow } from '../modules/ledger/index.js';
import { escrowOrder, ordersErrors as errors, returnBlocker, returnDeadline, type OrderRow, type OrdersService, type OrderView } from '../modules/orders/index.js';
import type { OrderPaymentsService } from '../modules/payments/index.js';
import type { CancelOrderWorkflow } from './cancel-order.js';

export function createReturnOrderWorkflow(deps: {
  db: Kysely<DB>;
  orders: OrdersService;
  escrow: Escrow;
  disputes: DisputesService;
  orderPayments: OrderPaymentsService;
  stock: Pick<CancelOrderWorkflow, 'returnStock'>;
  clock: Clock;
}) {
  const { db, orders, escrow, disputes, orderPayments, clock } = deps;

  /** Inside the caller's transaction, the order locked and returning: refunded back the way it was paid (its provider refund's job runs after commit). */
  async function refund(ex: Executor, row: OrderRow, actorId: string | null, automatic: boolean, requestKey?: string): Promise<void> {
    await escrow.reverseReferralReward(ex, row.id);
    const payer = await orderPayments.payerOf(ex, row);
    await escrow.refundReturn(ex, escrowOrder(row), payer);
    await orderPayments.refundPayer(ex, payer, { orderId: row.id, amount: row.total, key: `order-refund:${row.id}` });
    await deps.stock.returnStock(ex, row.id);
    await orders.change(ex, row.id, { status: 'refunded', closed_at: clock.now() }, automatic ? 'return_refunded_automatically' : 'return_refunded', actorId, { amount: row.total }, requestKey);
  }

  return {
    refund,

    /**
     * R9: within the window (to midnight after the 7th day following receipt), for
     * goods not excluded, the buyer sends them back with a tracking number.
     */
    async requestReturn(buyerId: string, orderId: string, input: { carrier: string; trackingNumber: string }, requestKey?: string): Promise<OrderView> {
      await db.transaction().execute(async (tx) => {
        const row = await orders.lockBuyersOrder(tx, buyerId, orderId);
        if (await orders.doneBefore(tx, row.id, requestKey)) return;
        if (row.status !== 'received') throw errors.wrongState('return', row.status);
        if (clock.now() >= returnDeadline(row.received_at!)) throw errors.returnNotAllowed('The 7-day no-reason return window has closed');
        if (await disputes.hasOpenDispute(tx, row.id)) throw errors.disputeOpen('return');
        // A dispute already refunded part of it: a full return refund on top would pay twice.
        if ((await orders.eventsOf(tx, row.id)).some((e) => e.type === 'dispute_refunded')) throw errors.returnNotAllowed('A dispute already refunded this order');
        const items = await orders.itemsOf(tx, row.id);
        const blocker = returnBlocker(items.map((i) => ({ returnClass: i.return_class, title: i.title })), row.return_exclusion_confirmed);
        if (blocker) throw errors.returnNotAllowed(blocker);
        const patch = { status: 'returning' as const, return_requested_at: clock.now(), return_carrier: input.carrier, return_tracking_number: input.trackingNumber };
        await orders.change(tx, row.id, patch, 'return_requested', buyerId, { carrier: input.carrier, trackingNumber: input.trackingNumber }, requestKey);
      });
      return orders.current(orderId);
    },

    /** R10: the operator confirms the goods came back; the buyer is refunded at once. */
    async confirmReturn(userId: string, orderId: string, requestKey?: string): Promise<OrderView> {
      await db.transaction().execute(async (tx) => {
        const row = await orders.lockOperatorsOrder(tx, userId, orderId);
        if (await orders.doneBefore(tx, row.id, requestKey)) return;
        if (row.status !== 'returning') throw errors.wrongState('confirm the return of', row.status);
        await refund(tx, row, userId, false, requestKey);
      });
      return orders.current(orderId);
    },
  };
}

export type ReturnOrderWorkflow = ReturnType<typeof createReturnOrderWorkflow>;
