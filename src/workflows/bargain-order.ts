/**
 * Order a bargain (RULES.md "Bargain"): the buyer orders one at the current price,
 * before the deadline, once — the bargain locked, the order placed at its price (paid
 * within 30 minutes like any order), the bargain marked ordered, in one transaction.
 */
import type { Kysely } from 'kysely';
import type { DB } from '../database.js';
import type { BargainService } from '../modules/bargain/index.js';
import { PAYMENT_WINDOW_MS, type OrderView } from '../modules/orders/index.js';
import type { PlaceOrderWorkflow } from './place-order.js';

export function createBargainOrderWorkflow(deps: { db: Kysely<DB>; bargains: BargainService; placeOrder: PlaceOrderWorkflow }) {
  const { db, bargains, placeOrder } = deps;
  return {
    async order(ownerId: string, id: string, addressId: string): Promise<OrderView> {
      return db.transaction().execute(async (tx) => {
        const row = await bargains.lockForOrder(tx, ownerId, id);
        const order = await placeOrder.placeSourced(tx, {
          buyerId: ownerId,
          addressId,
          skuId: row.sku_id,
          quantity: 1,
          unitPrice: row.current,
          source: { kind: 'bargain', id },
          paymentWindowMs: PAYMENT_WINDOW_MS,
        });
        await bargains.markOrdered(tx, row, order.id);
        return order;
      });
    },
  };
}

export type BargainOrderWorkflow = ReturnType<typeof createBargainOrderWorkflow>;
