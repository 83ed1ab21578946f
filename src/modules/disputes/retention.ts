/**
 * What erasure asks of disputes. A buyer with a case still open (open, responded,
 * in arbitration) cannot be erased: the case needs a party to answer. A closed case
 * is part of the order's record (R16: the parties get the record of their case) and
 * is kept as long as the order, three years; then the R4 purge empties its free
 * text — description, messages, evidence, the ruling's reasons — keeping category,
 * claim, outcome and dates, the figures the platform's dispute reports are made of.
 *
 * @example
 *   if (await disputeRetention.buyerHasOpen(tx, userId)) throw …;
 *   await disputeRetention.stripForOrders(tx, purgedOrderIds);
 */
import type { Executor } from '../../database.js';
import { OPEN_STATUSES } from './repo.js';

export const disputeRetention = {
  async buyerHasOpen(ex: Executor, buyerId: string): Promise<boolean> {
    const row = await ex.selectFrom('disputes').select('id').where('buyer_id', '=', buyerId).where('status', 'in', OPEN_STATUSES).limit(1).executeTakeFirst();
    return row !== undefined;
  },

  async stripForOrders(ex: Executor, orderIds: readonly string[]): Promise<void> {
    if (orderIds.length === 0) return;
    const cases = ex.selectFrom('disputes').select('id').where('order_id', 'in', orderIds);
    await ex.updateTable('dispute_events').set({ body: null, evidence: '[]', detail: '{}' }).where('dispute_id', 'in', cases).execute();
    await ex.updateTable('disputes').set({ description: '', evidence: '[]', ruling_reason: null }).where('order_id', 'in', orderIds).execute();
  },
};

export type DisputeRetention = typeof disputeRetention;
