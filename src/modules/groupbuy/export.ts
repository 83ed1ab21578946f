/**
 * The group-buy module's part of the user's export (PIPL art. 45): the groups the
 * user started. Seats they took are their orders (source group_buy), in the orders part.
 */
import type { Executor } from '../../database.js';
import { camelRows } from '../../lib/export-rows.js';

export const groupBuyExport = {
  async of(ex: Executor, userId: string) {
    const started = await ex
      .selectFrom('group_buys')
      .select(['id', 'product_id', 'sku_id', 'group_price', 'group_size', 'status', 'created_at', 'formed_at', 'expires_at', 'completed_at', 'expired_at'])
      .where('initiator_id', '=', userId)
      .orderBy('created_at')
      .execute();
    return { started: camelRows(started) };
  },
};
