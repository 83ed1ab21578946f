/**
 * Group-buy flows (RULES.md "Group buy"): opening a group places the initiator's
 * order at the group price, joining places a member's, each inside the group's
 * transaction (the group row locked, so seats are counted one at a time); payment
 * forms and completes the group (workflows/pay-order.ts). A group not complete by
 * its deadline expires, and every member is refunded in full (the hold voided) or
 * dropped, each order in a transaction of its own, then the group is marked settled.
 */
import type { Kysely } from 'kysely';
import type { DB, Executor } from '../database.js';
import type { Clock } from '../lib/clock.js';
import type { CatalogService } from '../modules/catalog/index.js';
import { SEAT_PAYMENT_WINDOW_MS, type GroupBuyService, type GroupBuyView } from '../modules/groupbuy/index.js';
import type { OrderView } from '../modules/orders/index.js';
import type { CancelOrderWorkflow } from './cancel-order.js';
import type { PlaceOrderWorkflow } from './place-order.js';

const source = (id: string) => ({ kind: 'group_buy', id }) as const;

export function createGroupBuyWorkflow(deps: { db: Kysely<DB>; groupBuys: GroupBuyService; catalog: CatalogService; placeOrder: PlaceOrderWorkflow; cancelOrder: CancelOrderWorkflow; clock: Clock }) {
  const { db, groupBuys, catalog, placeOrder, clock } = deps;

  /** A seat: one unit at the group price, held back from shipping until the group is complete. */
  function placeSeat(tx: Executor, buyerId: string, addressId: string, group: { id: string; sku_id: string; group_price: number }, paymentWindowMs: number): Promise<OrderView> {
    return placeOrder.placeSourced(tx, { buyerId, addressId, skuId: group.sku_id, quantity: 1, unitPrice: group.group_price, source: source(group.id), paymentWindowMs, awaitingGroup: true });
  }

  /** An expired group's members, each refunded in full (escrow void) or dropped, stock back; repeats do nothing. */
  async function settle(id: string): Promise<number> {
    let refunded = 0;
    for (const order of await groupBuys.seats(db, id)) {
      const result = await db.transaction().execute((tx) => deps.cancelOrder.cancelForCampaign(tx, order.id, 'group_expired'));
      if (result.refunded > 0) refunded++;
    }
    await db.transaction().execute((tx) => groupBuys.markSettled(tx, id));
    return refunded;
  }

  return {
    /** Open a group: the initiator's order at the group price, to be paid within 15 minutes. */
    async open(buyerId: string, input: { skuId: string; addressId: string }): Promise<{ groupBuy: GroupBuyView; order: OrderView }> {
      const [sku] = await catalog.skusForCheckout(db, [input.skuId]);
      const { row, order } = await db.transaction().execute(async (tx) => {
        const row = await groupBuys.create(tx, buyerId, sku);
        const order = await placeSeat(tx, buyerId, input.addressId, row, SEAT_PAYMENT_WINDOW_MS);
        return { row, order };
      });
      return { groupBuy: await groupBuys.group(row.id), order };
    },

    /** Take a seat: an order at the group price, to be paid within 15 minutes (and before the group's deadline). */
    async join(buyerId: string, groupId: string, input: { addressId: string }): Promise<OrderView> {
      return db.transaction().execute(async (tx) => {
        const row = await groupBuys.lockForJoin(tx, buyerId, groupId);
        // A seat is paid within 15 minutes and before the group's deadline.
        const order = await placeSeat(tx, buyerId, input.addressId, row, Math.min(SEAT_PAYMENT_WINDOW_MS, row.expires_at.getTime() - clock.now().getTime()));
        await groupBuys.changed(tx, row.id);
        return order;
      });
    },

    /**
     * The timer: groups past their deadline expire, then every expired group not yet
     * settled has its members refunded or dropped, each order once. Returns how many
     * groups expired and how many members were refunded.
     */
    async expireDue(): Promise<{ expired: number; refunded: number }> {
      const expired = await groupBuys.expireDue();
      let refunded = 0;
      for (const id of await groupBuys.unsettledIds()) refunded += await settle(id);
      return { expired, refunded };
    },
  };
}

export type GroupBuyWorkflow = ReturnType<typeof createGroupBuyWorkflow>;
