/**
 * The orders' timers, run by a pg-boss schedule: unpaid orders past their window
 * expire and their stock returns; shipped orders 10 days old are received
 * automatically (not while a dispute or an after-sales request is open); received
 * orders past the return window complete (likewise); returns the operator has not confirmed within 7 days are refunded
 * (R10). Each due order in its own transaction, re-read under lock: a buyer acting
 * meanwhile (paying, confirming) wins, and the timer leaves that order alone.
 */
import type { Kysely } from 'kysely';
import type { DB, Executor } from '../database.js';
import { DAY, type Clock } from '../lib/clock.js';
import type { AfterSalesService } from '../modules/aftersales/index.js';
import type { DisputesService } from '../modules/disputes/index.js';
import { AUTO_CONFIRM_MS, RETURN_CONFIRM_MS, returnDeadline, type OrderRow, type OrdersService } from '../modules/orders/index.js';
import type { OrderStatus } from '../modules/orders/tables.js';
import type { AfterSalesWorkflow } from './after-sales.js';
import type { CancelOrderWorkflow } from './cancel-order.js';
import type { ReceiveOrderWorkflow } from './receive-order.js';
import type { ReturnOrderWorkflow } from './return-order.js';

export function createOrderTimers(deps: {
  db: Kysely<DB>;
  orders: OrdersService;
  disputes: DisputesService;
  afterSales: AfterSalesService;
  afterSalesFlow: Pick<AfterSalesWorkflow, 'refundOrderReturn'>;
  cancelOrder: CancelOrderWorkflow;
  receiveOrder: ReceiveOrderWorkflow;
  returnOrder: ReturnOrderWorkflow;
  clock: Clock;
}) {
  const { db, orders, disputes, afterSales, clock } = deps;
  /** RULES.md "Escrow and receipt": an open dispute, or an open after-sales request, pauses automatic receipt and completion. */
  const paused = async (tx: Executor, orderId: string) => (await disputes.hasOpenDispute(tx, orderId)) || (await afterSales.hasOpenRequest(tx, orderId));

  const each = async (status: OrderStatus, column: Parameters<OrdersService['due']>[1], before: Date, act: (tx: Executor, row: OrderRow) => Promise<boolean | void>) => {
    let done = 0;
    for (const id of await orders.due(status, column, before)) {
      await db.transaction().execute(async (tx) => {
        const row = await orders.lock(tx, id);
        if (row?.status === status && (await act(tx, row)) !== false) done++;
      });
    }
    return done;
  };

  return {
    /** Returns what it did. */
    async sweep(): Promise<{ expired: number; autoConfirmed: number; completed: number; autoRefunded: number }> {
      const now = clock.now();
      const expired = await each('pending_payment', 'expires_at', now, (tx, row) => deps.cancelOrder.expire(tx, row));
      const autoConfirmed = await each('shipped', 'shipped_at', new Date(now.getTime() - AUTO_CONFIRM_MS), async (tx, row) => {
        if (await paused(tx, row.id)) return false;
        await deps.receiveOrder.receive(tx, row, null, true);
      });
      // The window can run up to 8 days from receipt (to midnight after the 7th day).
      const completed = await each('received', 'received_at', new Date(now.getTime() - 7 * DAY), async (tx, row) => {
        if (now < returnDeadline(row.received_at!) || (await paused(tx, row.id))) return false;
        await deps.receiveOrder.complete(tx, row);
      });
      // R10: a return that is an after-sales request is refunded as one (the request ends with it).
      const autoRefunded = await each('returning', 'return_requested_at', new Date(now.getTime() - RETURN_CONFIRM_MS), async (tx, row) => {
        if (!(await deps.afterSalesFlow.refundOrderReturn(tx, row))) await deps.returnOrder.refund(tx, row, null, true);
      });
      return { expired, autoConfirmed, completed, autoRefunded };
    },
  };
}

export type OrderTimers = ReturnType<typeof createOrderTimers>;
