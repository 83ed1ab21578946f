/** Ship an order: the shop's owner, a paid order not waiting for its group, a carrier and tracking number. */
import type { Kysely } from 'kysely';
import type { DB } from '../database.js';
import type { Clock } from '../lib/clock.js';
import { ordersErrors as errors, type OrdersService, type OrderView } from '../modules/orders/index.js';

export function createShipOrderWorkflow(deps: { db: Kysely<DB>; orders: OrdersService; clock: Clock }) {
  const { db, orders, clock } = deps;
  return {
    async ship(userId: string, orderId: string, input: { carrier: string; trackingNumber: string }, requestKey?: string): Promise<OrderView> {
      await db.transaction().execute(async (tx) => {
        const row = await orders.lockOperatorsOrder(tx, userId, orderId);
        if (await orders.doneBefore(tx, row.id, requestKey)) return;
        if (row.status !== 'paid') throw errors.wrongState('ship', row.status);
        if (row.awaiting_group) throw errors.groupNotComplete();
        const shipping = { carrier: input.carrier, trackingNumber: input.trackingNumber };
        await orders.change(tx, row.id, { status: 'shipped', shipped_at: clock.now(), carrier: input.carrier, tracking_number: input.trackingNumber }, 'shipped', userId, shipping, requestKey);
      });
      return orders.current(orderId);
    },
  };
}

export type ShipOrderWorkflow = ReturnType<typeof createShipOrderWorkflow>;
