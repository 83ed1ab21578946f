/**
 * Open a dispute (RULES.md "Disputes"): the order locked, then the case opened on it — one
 * open case per order — and the buyer's chat with the order's shop attached as evidence
 * (issue 18), in the same transaction.
 */
import type { Kysely } from 'kysely';
import type { DB } from '../database.js';
import type { ChatGovernanceService } from '../modules/chatgovernance/index.js';
import type { DisputesService, DisputeView, OpenInput } from '../modules/disputes/index.js';
import type { OrdersService } from '../modules/orders/index.js';

export function createOpenDisputeWorkflow(deps: { db: Kysely<DB>; orders: OrdersService; disputes: DisputesService; chat: Pick<ChatGovernanceService, 'attachToDispute'> }) {
  const { db, orders, disputes, chat } = deps;
  return {
    /** The buyer opens a case on its own order. */
    async open(buyerId: string, input: OpenInput): Promise<DisputeView> {
      const id = await db.transaction().execute(async (tx) => {
        const order = await orders.lockForDispute(tx, input.orderId);
        const disputeId = await disputes.openCase(tx, buyerId, order, input);
        await chat.attachToDispute(tx, { id: disputeId, buyerId, operatorId: order!.operatorId });
        return disputeId;
      });
      return disputes.viewOf(id);
    },
  };
}

export type OpenDisputeWorkflow = ReturnType<typeof createOpenDisputeWorkflow>;
