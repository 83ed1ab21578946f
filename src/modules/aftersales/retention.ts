/**
 * What erasure and the R4 purge ask of after-sales (R4, E-Commerce Law art. 31; PIPL art. 47).
 * A request is part of its order's record, like a dispute: erasure leaves it naming the
 * tombstone only, and it is kept as long as the order, three years after the order
 * closed. Then the purge empties what could still lead to a person — the buyer's
 * description and photos, the shop's refusal reason, the timeline's notes and photos,
 * the return and exchange couriers and tracking numbers (a courier can look a
 * recipient up by them, as orders/retention.ts says) — keeping type, reason, amounts,
 * statuses and dates, the figures after-sales reports are made of. The photos' upload
 * files are not deleted here: disputes do not delete their evidence uploads either.
 * A buyer with a request still open cannot be erased, like one with an open dispute:
 * the shop still has to answer it, and a refund would land in the erased wallet.
 *
 * @example
 *   if (await afterSalesRetention.buyerHasOpen(tx, userId)) throw …;
 *   await afterSalesRetention.stripForOrders(tx, purgedOrderIds);
 */
import { sql } from 'kysely';
import type { Executor } from '../../database.js';
import { OPEN_STATUSES } from './repo.js';

export const afterSalesRetention = {
  async buyerHasOpen(ex: Executor, buyerId: string): Promise<boolean> {
    const row = await ex.selectFrom('after_sales').select('id').where('buyer_id', '=', buyerId).where('status', 'in', OPEN_STATUSES).limit(1).executeTakeFirst();
    return row !== undefined;
  },

  async stripForOrders(ex: Executor, orderIds: readonly string[]): Promise<void> {
    if (orderIds.length === 0) return;
    const requests = ex.selectFrom('after_sales').select('id').where('order_id', 'in', orderIds);
    // Migration 0034 lets exactly this update through the timeline's append-only trigger.
    await ex
      .updateTable('after_sale_events')
      .set({ body: null, images: '[]', detail: sql`detail - 'carrier' - 'trackingNumber'` })
      .where('after_sale_id', 'in', requests)
      .execute();
    await ex
      .updateTable('after_sales')
      .set({ description: null, images: '[]', refuse_reason: null, return_carrier: null, return_tracking_number: null, exchange_carrier: null, exchange_tracking_number: null })
      .where('order_id', 'in', orderIds)
      .execute();
  },
};

export type AfterSalesRetention = typeof afterSalesRetention;
