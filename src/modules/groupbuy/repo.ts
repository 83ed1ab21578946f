import type { Insertable, Selectable, Updateable } from 'kysely';
import type { Executor } from '../../database.js';
import type { GroupBuysTable } from './tables.js';

export type GroupBuyRow = Selectable<GroupBuysTable>;

export const groupBuyRepo = {
  async insert(ex: Executor, row: Insertable<GroupBuysTable>): Promise<void> {
    await ex.insertInto('group_buys').values(row).execute();
  },

  find(ex: Executor, id: string): Promise<GroupBuyRow | undefined> {
    return ex.selectFrom('group_buys').selectAll().where('id', '=', id).executeTakeFirst();
  },

  /** The group locked for the rest of the transaction: joins, payments and expiry of one group queue up. */
  findForUpdate(ex: Executor, id: string): Promise<GroupBuyRow | undefined> {
    return ex.selectFrom('group_buys').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
  },

  async update(ex: Executor, id: string, patch: Updateable<GroupBuysTable>): Promise<void> {
    await ex.updateTable('group_buys').set(patch).where('id', '=', id).execute();
  },

  /** Formed groups of a product still forming and not past their deadline, soonest to close first. */
  openOfProduct(ex: Executor, productId: string, now: Date, limit = 20): Promise<GroupBuyRow[]> {
    return ex
      .selectFrom('group_buys')
      .selectAll()
      .where('product_id', '=', productId)
      .where('status', '=', 'forming')
      .where('formed_at', 'is not', null)
      .where('expires_at', '>', now)
      .orderBy('expires_at')
      .orderBy('id')
      .limit(limit)
      .execute();
  },

  /**
   * Forming → expired, only if it still is forming and past its deadline: of two
   * processes expiring one group, exactly one gets `true`.
   */
  async expireIfDue(ex: Executor, id: string, now: Date): Promise<boolean> {
    const result = await ex.updateTable('group_buys').set({ status: 'expired', expired_at: now }).where('id', '=', id).where('status', '=', 'forming').where('expires_at', '<=', now).executeTakeFirst();
    return result.numUpdatedRows === 1n;
  },

  async dueIds(ex: Executor, now: Date, limit = 200): Promise<string[]> {
    const rows = await ex.selectFrom('group_buys').select('id').where('status', '=', 'forming').where('expires_at', '<=', now).orderBy('expires_at').limit(limit).execute();
    return rows.map((r) => r.id);
  },

  /** Expired groups whose members are not all refunded yet (a crash between the two steps leaves some). */
  async unsettledIds(ex: Executor, limit = 200): Promise<string[]> {
    const rows = await ex.selectFrom('group_buys').select('id').where('status', '=', 'expired').where('settled_at', 'is', null).orderBy('expired_at').limit(limit).execute();
    return rows.map((r) => r.id);
  },

  async markSettled(ex: Executor, id: string, now: Date): Promise<void> {
    await ex.updateTable('group_buys').set({ settled_at: now }).where('id', '=', id).where('settled_at', 'is', null).execute();
  },
};
