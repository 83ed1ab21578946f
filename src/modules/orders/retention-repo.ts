import { sql } from 'kysely';
import type { Executor } from '../../database.js';

/** Statuses an order can still move from: a buyer with one cannot be erased. */
export const OPEN_STATUSES = ['pending_payment', 'paid', 'shipped', 'received', 'returning'] as const;
const FINAL_STATUSES = ['completed', 'cancelled', 'refunded'] as const;

export const retentionRepo = {
  async openOrdersOfBuyer(ex: Executor, buyerId: string): Promise<number> {
    const row = await ex
      .selectFrom('orders')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('buyer_id', '=', buyerId)
      .where('status', 'in', OPEN_STATUSES)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  },

  /** Final orders of these buyers that closed before `closedBefore` and were not purged yet. */
  purgeable(ex: Executor, buyerIds: readonly string[], closedBefore: Date, limit: number) {
    if (buyerIds.length === 0) return Promise.resolve([]);
    return ex
      .selectFrom('orders')
      .select(['id', 'buyer_id'])
      .where('buyer_id', 'in', buyerIds)
      .where('records_purged_at', 'is', null)
      .where('status', 'in', FINAL_STATUSES)
      .where(sql<Date>`coalesce(completed_at, closed_at)`, '<', closedBefore)
      .orderBy('id')
      .limit(limit)
      .execute();
  },

  /** R4 purge: the timeline and every courier and attribution link go; amounts, items and dates stay. */
  async strip(ex: Executor, orderIds: readonly string[], at: Date): Promise<void> {
    if (orderIds.length === 0) return;
    await ex.deleteFrom('order_events').where('order_id', 'in', orderIds).execute();
    await ex
      .updateTable('orders')
      .set({ address_id: '', attribution: null, carrier: null, tracking_number: null, return_carrier: null, return_tracking_number: null, records_purged_at: at })
      .where('id', 'in', orderIds)
      .execute();
  },
};
