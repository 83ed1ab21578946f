/** The bargain module's SQL (its own tables only). */
import type { Insertable, Selectable, Updateable } from 'kysely';
import type { Executor } from '../../database.js';
import type { BargainHelpsTable, BargainsTable } from './tables.js';

export type BargainRow = Selectable<BargainsTable>;
export type HelpRow = Selectable<BargainHelpsTable>;

export const bargainRepo = {
  find(ex: Executor, id: string): Promise<BargainRow | undefined> {
    return ex.selectFrom('bargains').selectAll().where('id', '=', id).executeTakeFirst();
  },

  /** Every change to a bargain starts here: parallel helps and orders queue on this row. */
  findForUpdate(ex: Executor, id: string): Promise<BargainRow | undefined> {
    return ex.selectFrom('bargains').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
  },

  /** Rows still marked active past their deadline, for this buyer and SKU, become expired. */
  async expireStale(ex: Executor, ownerId: string, skuId: string, now: Date): Promise<void> {
    await ex.updateTable('bargains').set({ status: 'expired' }).where('owner_id', '=', ownerId).where('sku_id', '=', skuId).where('status', '=', 'active').where('expires_at', '<=', now).execute();
  },

  /** Inserts unless the buyer has an active bargain on the SKU (the partial unique index); true when inserted. */
  async insertIfNoneActive(ex: Executor, row: Insertable<BargainsTable>): Promise<boolean> {
    const inserted = await ex
      .insertInto('bargains')
      .values(row)
      .onConflict((oc) => oc.columns(['owner_id', 'sku_id']).where('status', '=', 'active').doNothing())
      .returning('id')
      .executeTakeFirst();
    return inserted !== undefined;
  },

  async update(ex: Executor, id: string, patch: Updateable<BargainsTable>): Promise<void> {
    await ex.updateTable('bargains').set(patch).where('id', '=', id).execute();
  },

  /** Inserts the help unless this helper already helped this bargain; true when inserted. */
  async insertHelpOnce(ex: Executor, row: Insertable<BargainHelpsTable>): Promise<boolean> {
    const inserted = await ex
      .insertInto('bargain_helps')
      .values(row)
      .onConflict((oc) => oc.columns(['bargain_id', 'helper_id']).doNothing())
      .returning('id')
      .executeTakeFirst();
    return inserted !== undefined;
  },

  /**
   * Counts one more help for the helper on this day, unless it would pass `limit`:
   * one conditional upsert, so parallel helps by one helper cannot pass it. True when counted.
   */
  async countHelp(ex: Executor, helperId: string, day: string, limit: number): Promise<boolean> {
    const counted = await ex
      .insertInto('bargain_help_days')
      .values({ helper_id: helperId, day, helps: 1 })
      .onConflict((oc) =>
        oc
          .columns(['helper_id', 'day'])
          .doUpdateSet((eb) => ({ helps: eb('bargain_help_days.helps', '+', 1) }))
          .where('bargain_help_days.helps', '<', limit),
      )
      .returning('helps')
      .executeTakeFirst();
    return counted !== undefined;
  },

  helpsOf(ex: Executor, bargainId: string): Promise<HelpRow[]> {
    return ex.selectFrom('bargain_helps').selectAll().where('bargain_id', '=', bargainId).orderBy('at').orderBy('id').execute();
  },
};
