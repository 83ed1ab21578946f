/**
 * Cancel an order before it ships: an unpaid order is dropped, a paid one's hold is
 * voided (escrow.release: a full refund to whoever paid — the wallet, or back through
 * the payment provider, or the wallet when the buyer asks); stock returns. By its buyer
 * (not beside an open dispute, which decides what comes back), by the timer when
 * payment is late, or by its group buy when the group fails.
 */
import type { Kysely } from 'kysely';
import type { DB, Executor } from '../database.js';
import type { Clock } from '../lib/clock.js';
import type { CatalogService } from '../modules/catalog/index.js';
import type { DisputesService } from '../modules/disputes/index.js';
import type { GroupBuyService } from '../modules/groupbuy/index.js';
import type { Escrow } from '../modules/ledger/index.js';
import { ordersErrors as errors, sourceOf, type OrderRow, type OrdersService, type OrderView } from '../modules/orders/index.js';
import type { OrderPaymentsService } from '../modules/payments/index.js';

export function createCancelOrderWorkflow(deps: {
  db: Kysely<DB>;
  orders: OrdersService;
  escrow: Escrow;
  catalog: CatalogService;
  disputes: DisputesService;
  groupBuys: GroupBuyService;
  orderPayments: OrderPaymentsService;
  clock: Clock;
}) {
  const { db, orders, escrow, catalog, disputes, groupBuys, orderPayments, clock } = deps;

  async function returnStock(ex: Executor, orderId: string): Promise<void> {
    for (const item of await orders.itemsOf(ex, orderId)) await catalog.returnStock(ex, item.sku_id, item.quantity);
  }

  /** A member gave up a seat or let it expire: its group's live page shows the seat free. */
  async function seatClosed(ex: Executor, row: OrderRow): Promise<void> {
    const sourced = sourceOf(row, 'cancelled');
    if (sourced?.source.kind === 'group_buy') await groupBuys.seatClosed(ex, sourced);
  }

  /** A paid order's hold voided back to its payer; a provider refund is requested when that is where it goes. Returns its id. */
  async function voidHold(ex: Executor, row: OrderRow, refundTo: 'original' | 'wallet' = 'original'): Promise<string | null> {
    const payer = await orderPayments.payerOf(ex, row, refundTo);
    await escrow.release(ex, row, row.hold_transfer_id!, { id: `order-void:${row.id}`, code: 'order_cancel_refund' }, payer);
    return orderPayments.refundPayer(ex, payer, { orderId: row.id, amount: row.total, key: `order-void:${row.id}` });
  }

  return {
    returnStock,

    /**
     * Before shipping: an unpaid order is dropped; a paid one's hold is voided (a full
     * refund, back the way it was paid unless `refundTo` is the wallet). Stock returns.
     */
    async cancel(buyerId: string, orderId: string, requestKey?: string, refundTo: 'original' | 'wallet' = 'original'): Promise<OrderView> {
      const refundId = await db.transaction().execute(async (tx) => {
        const row = await orders.lockBuyersOrder(tx, buyerId, orderId);
        if (await orders.doneBefore(tx, row.id, requestKey)) return null;
        if (row.status !== 'pending_payment' && row.status !== 'paid') throw errors.wrongState('cancel', row.status);
        // The case decides what comes back; cancelling beside it would refund twice.
        if (await disputes.hasOpenDispute(tx, row.id)) throw errors.disputeOpen('cancel');
        const refund = row.status === 'paid' ? await voidHold(tx, row, refundTo) : null;
        await returnStock(tx, row.id);
        await orders.change(tx, row.id, { status: 'cancelled', closed_at: clock.now() }, 'cancelled', buyerId, { refunded: row.status === 'paid' ? row.total : 0, ...(refund ? { refundedTo: 'provider' } : {}) }, requestKey);
        await seatClosed(tx, row);
        return refund;
      });
      // The provider is asked after commit; its job and sweep retry a failure.
      await orderPayments.trySendRefunds([refundId]);
      return orders.current(orderId);
    },

    /** The timer, the order locked and still unpaid past its window: dropped, stock back. */
    async expire(ex: Executor, row: OrderRow): Promise<void> {
      await returnStock(ex, row.id);
      await orders.change(ex, row.id, { status: 'cancelled', closed_at: clock.now() }, 'expired', null);
      await seatClosed(ex, row);
    },

    /**
     * A group buy failed or a seat was given up: an unpaid order is dropped, a paid one
     * refunded in full (its hold voided); stock returns. Repeats do nothing. Returns
     * what the buyer got back.
     */
    async cancelForCampaign(ex: Executor, orderId: string, reason: string): Promise<{ refunded: number }> {
      const row = await orders.lock(ex, orderId);
      if (!row?.source_kind || (row.status !== 'pending_payment' && row.status !== 'paid')) return { refunded: 0 };
      const refunded = row.status === 'paid' ? row.total : 0;
      // Back the way it was paid: the provider refund's job runs once this transaction commits.
      if (row.status === 'paid') await voidHold(ex, row);
      await returnStock(ex, row.id);
      await orders.change(ex, row.id, { status: 'cancelled', closed_at: clock.now(), awaiting_group: false }, 'cancelled_by_campaign', null, { reason, refunded });
      return { refunded };
    },
  };
}

export type CancelOrderWorkflow = ReturnType<typeof createCancelOrderWorkflow>;
