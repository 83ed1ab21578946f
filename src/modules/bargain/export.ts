/** The bargain module's part of the user's export (PIPL art. 45): bargains started, helps given, daily help counts. */
import type { Executor } from '../../database.js';
import { camelRows } from '../../lib/export-rows.js';

export const bargainExport = {
  async of(ex: Executor, userId: string) {
    const bargains = await ex
      .selectFrom('bargains')
      .select(['id', 'product_id', 'sku_id', 'title', 'sku_name', 'price', 'floor', 'current', 'helpers', 'status', 'order_id', 'created_at', 'expires_at'])
      .where('owner_id', '=', userId)
      .orderBy('created_at')
      .execute();
    const helps = await ex.selectFrom('bargain_helps').select(['id', 'bargain_id', 'cut', 'at']).where('helper_id', '=', userId).orderBy('at').execute();
    const helpDays = await ex.selectFrom('bargain_help_days').select(['day', 'helps']).where('helper_id', '=', userId).orderBy('day').execute();
    return { bargains: camelRows(bargains), helps: camelRows(helps), helpDays: camelRows(helpDays) };
  },
};
