/** The payments module's part of the user's export (PIPL art. 45): top-ups and withdrawals. */
import type { Executor } from '../../database.js';
import { camelRows } from '../../lib/export-rows.js';

export const paymentsExport = {
  async of(ex: Executor, userId: string) {
    const topUps = await ex.selectFrom('top_ups').select(['id', 'amount', 'status', 'provider_ref', 'created_at', 'completed_at']).where('user_id', '=', userId).orderBy('created_at').execute();
    const withdrawals = await ex.selectFrom('withdrawals').select(['id', 'amount', 'status', 'created_at']).where('user_id', '=', userId).orderBy('created_at').execute();
    return { topUps: camelRows(topUps), withdrawals: camelRows(withdrawals) };
  },
};
