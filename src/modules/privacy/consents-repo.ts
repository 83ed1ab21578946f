import type { Insertable } from 'kysely';
import type { Executor } from '../../database.js';
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

  history(ex: Executor, userId: string) {
    return ex.selectFrom('consents').select(['id', 'purpose', 'granted', 'text_version', 'at']).where('user_id', '=', userId).orderBy('id').execute();
  },

  /** Users whose latest answer for the purpose is a grant, optionally among `among`. */
  async grantedUsers(ex: Executor, purpose: ConsentPurpose, among?: readonly string[]): Promise<string[]> {
    if (among && among.length === 0) return [];
    let latest = ex.selectFrom('consents').select(['user_id', 'granted']).distinctOn('user_id').where('purpose', '=', purpose);
    if (among) latest = latest.where('user_id', 'in', among);
    const rows = await ex
      .selectFrom(latest.orderBy('user_id').orderBy('id', 'desc').as('latest'))
      .select('user_id')
      .where('granted', '=', true)
      .orderBy('user_id')
      .execute();
    return rows.map((r) => r.user_id);
  },
};
