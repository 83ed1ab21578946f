import type { Insertable } from 'kysely';
import type { Executor } from '../../db/index.js';
import type { ConsentPurpose, ConsentsTable } from './tables.js';

export const consentsRepo = {
  async insert(ex: Executor, row: Insertable<ConsentsTable>): Promise<void> {
    await ex.insertInto('consents').values(row).execute();
  },

  /** The latest answer per purpose (ids are time-ordered). */
  latest(ex: Executor, userId: string) {
    return ex
      .selectFrom('consents')
      .select(['purpose', 'granted', 'text_version', 'at'])
      .distinctOn('purpose')
      .where('user_id', '=', userId)
      .orderBy('purpose')
      .orderBy('id', 'desc')
      .execute();
  },

  latestOf(ex: Executor, userId: string, purpose: ConsentPurpose) {
    return ex.selectFrom('consents').select('granted').where('user_id', '=', userId).where('purpose', '=', purpose).orderBy('id', 'desc').limit(1).executeTakeFirst();
  },

  async deleteFor(ex: Executor, userId: string): Promise<void> {
    await ex.deleteFrom('consents').where('user_id', '=', userId).execute();
  },
};
