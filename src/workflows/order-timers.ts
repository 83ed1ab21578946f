/**
 * The orders' timers, run by a pg-boss schedule: unpaid orders past their window
 * expire and their stock returns; shipped orders past their `auto_receipt_at` are
 * received automatically (not while a dispute is open): 10 days after shipping, 7 after
 * a tracked parcel's delivery, never while its latest event is an exception
 * (orders/auto-receipt.ts); received orders past the return
 * window complete; returns the operator has not confirmed within 7 days are refunded
 * (R10). Each due order in its own transaction, re-read under lock: a buyer acting
 * meanwhile (paying, confirming) wins, and the timer leaves that order alone.
 */
import type { Kysely } from 'kysely';
import type { DB, Executor } from '../database.js';
import { DAY, type Clock } from '../lib/clock.js';
import type { DisputesService } from '../modules/disputes/index.js';
import { RETURN_CONFIRM_MS, returnDeadline, type OrderRow, type OrdersService } from '../modules/orders/index.js';
import type { OrderStatus } from '../modules/orders/tables.js';
import type { CancelOrderWorkflow } from './cancel-order.js';
import type { ReceiveOrderWorkflow } from './receive-order.js';
import type { ReturnOrderWorkflow } from './return-order.js';

export function createOrderTimers(deps: {
  db: Kysely<DB>;
  orders: OrdersService;
  disputes: DisputesService;
  cancelOrder: CancelOrderWorkflow;
  receiveOrder: ReceiveOrderWorkflow;
  returnOrder: ReturnOrderWorkflow;
  clock: Clock;
}) {
  const { db, orders, disputes, clock } = deps;

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
      const autoConfirmed = await each('shipped', 'auto_receipt_at', now, async (tx, row) => {
        // Re-read under the lock: a carrier event may have moved or paused the clock meanwhile.
        if (!row.auto_receipt_at || row.auto_receipt_at > now) return false;
        // RULES.md "Escrow and receipt": an open dispute stops automatic receipt.
        if (await disputes.hasOpenDispute(tx, row.id)) return false;
        await deps.receiveOrder.receive(tx, row, null, true);
      });
      // The window can run up to 8 days from receipt (to midnight after the 7th day).
      const completed = await each('received', 'received_at', new Date(now.getTime() - 7 * DAY), async (tx, row) => {
        if (now < returnDeadline(row.received_at!)) return false;
        await deps.receiveOrder.complete(tx, row);
      });
      const autoRefunded = await each('returning', 'return_requested_at', new Date(now.getTime() - RETURN_CONFIRM_MS), (tx, row) => deps.returnOrder.refund(tx, row, null, true));
      return { expired, autoConfirmed, completed, autoRefunded };
    },
  };
}

export type OrderTimers = ReturnType<typeof createOrderTimers>;
