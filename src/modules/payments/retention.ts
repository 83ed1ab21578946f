/**
 * What erasure asks of payments. A top-up still pending is money on its way in:
 * the account cannot be erased until it lands (and is withdrawn) or fails. Top-ups
 * and withdrawals are transaction records (R4) and stay, naming the tombstone; three
 * years after the erasure the purge drops the payment provider's reference, the one
 * thing with which the provider could name the payer.
 *
 * @example
 *   if ((await paymentRetention.pendingTopUps(tx, userId)) > 0) throw …;
 *   await paymentRetention.stripProviderRefs(tx, userId);
 */
import type { Executor } from '../../database.js';

export const paymentRetention = {
  async pendingTopUps(ex: Executor, userId: string): Promise<number> {
    const row = await ex.selectFrom('top_ups').select((eb) => eb.fn.countAll<string>().as('n')).where('user_id', '=', userId).where('status', '=', 'pending').executeTakeFirstOrThrow();
    return Number(row.n);
  },

  async stripProviderRefs(ex: Executor, userId: string): Promise<void> {
    await ex.updateTable('top_ups').set({ provider_ref: null }).where('user_id', '=', userId).where('provider_ref', 'is not', null).execute();
  },
};
