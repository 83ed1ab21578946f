import type { Insertable } from 'kysely';
import type { Executor } from '../../database.js';
import type { TopUpsTable, WithdrawalsTable } from './tables.js';

export const paymentsRepo = {
  /** A repeat of the same id (a retried request) is a no-op. */
  async insertTopUp(ex: Executor, row: Insertable<TopUpsTable>): Promise<void> {
    await ex.insertInto('top_ups').values(row).onConflict((oc) => oc.column('id').doNothing()).execute();
  },

  findTopUp(ex: Executor, id: string) {
    return ex.selectFrom('top_ups').selectAll().where('id', '=', id).executeTakeFirst();
  },

  findTopUpForUpdate(ex: Executor, id: string) {
    return ex.selectFrom('top_ups').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
  },

  async markTopUpSucceeded(ex: Executor, id: string, providerRef: string, at: Date): Promise<void> {
    await ex.updateTable('top_ups').set({ status: 'succeeded', provider_ref: providerRef, completed_at: at }).where('id', '=', id).execute();
  },

  findWithdrawal(ex: Executor, id: string) {
    return ex.selectFrom('withdrawals').selectAll().where('id', '=', id).executeTakeFirst();
  },

  async insertWithdrawal(ex: Executor, row: Insertable<WithdrawalsTable>): Promise<void> {
    await ex.insertInto('withdrawals').values(row).execute();
  },
};
