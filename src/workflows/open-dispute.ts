/** Open a dispute (RULES.md "Disputes"): the order locked, then the case opened on it — one open case per order. */
import type { Kysely } from 'kysely';
import type { DB } from '../database.js';
import type { DisputesService, DisputeView, OpenInput } from '../modules/disputes/index.js';
import type { OrdersService } from '../modules/orders/index.js';

export function createOpenDisputeWorkflow(deps: { db: Kysely<DB>; orders: OrdersService; disputes: DisputesService }) {
  const { db, orders, disputes } = deps;
  return {
    /** The buyer opens a case on its own order. */
    async open(buyerId: string, input: OpenInput): Promise<DisputeView> {
      const id = await db.transaction().execute(async (tx) => disputes.openCase(tx, buyerId, await orders.lockForDispute(tx, input.orderId), input));
      return disputes.viewOf(id);
    },
  };
}

export type OpenDisputeWorkflow = ReturnType<typeof createOpenDisputeWorkflow>;
