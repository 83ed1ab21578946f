import type { Insertable, Selectable } from 'kysely';
import type { Executor } from '../../database.js';
import type { PasskeyChallengesTable, PasskeysTable } from './tables.js';

export type PasskeyRow = Selectable<PasskeysTable>;
export type ChallengeRow = Selectable<PasskeyChallengesTable>;

export const passkeysRepo = {
  listForUser(ex: Executor, userId: string): Promise<PasskeyRow[]> {
    return ex.selectFrom('passkeys').selectAll().where('user_id', '=', userId).orderBy('created_at').execute();
  },

  find(ex: Executor, userId: string, id: string): Promise<PasskeyRow | undefined> {
    return ex.selectFrom('passkeys').selectAll().where('user_id', '=', userId).where('id', '=', id).executeTakeFirst();
  },

  async exists(ex: Executor, id: string): Promise<boolean> {
    return (await ex.selectFrom('passkeys').select('id').where('id', '=', id).executeTakeFirst()) !== undefined;
  },

  async insert(ex: Executor, row: Insertable<PasskeysTable>): Promise<void> {
    await ex.insertInto('passkeys').values(row).execute();
  },

  /** Records a use; the counter only ever grows (a clone replaying old counts is refused before this). */
  async recordUse(ex: Executor, id: string, counter: number, at: Date): Promise<void> {
    await ex.updateTable('passkeys').set({ counter, last_used_at: at }).where('id', '=', id).execute();
  },

  async remove(ex: Executor, userId: string, id: string): Promise<boolean> {
    const result = await ex.deleteFrom('passkeys').where('user_id', '=', userId).where('id', '=', id).executeTakeFirst();
    return result.numDeletedRows > 0n;
  },

  async insertChallenge(ex: Executor, row: Insertable<PasskeyChallengesTable>): Promise<void> {
    await ex.insertInto('passkey_challenges').values(row).execute();
  },

  /** Uses up a live challenge of this user and purpose: of two parallel uses exactly one gets the row. */
  consumeChallenge(ex: Executor, challenge: string, userId: string, purpose: 'register' | 'payment', now: Date): Promise<ChallengeRow | undefined> {
    return ex
      .updateTable('passkey_challenges')
      .set({ used_at: now })
      .where('challenge', '=', challenge)
      .where('user_id', '=', userId)
      .where('purpose', '=', purpose)
      .where('used_at', 'is', null)
      .where('expires_at', '>', now)
      .returningAll()
      .executeTakeFirst();
  },

  async deleteChallengesBefore(ex: Executor, before: Date): Promise<void> {
    await ex.deleteFrom('passkey_challenges').where('expires_at', '<', before).execute();
  },

  async removeAllOf(ex: Executor, userId: string): Promise<void> {
    await ex.deleteFrom('passkey_challenges').where('user_id', '=', userId).execute();
    await ex.deleteFrom('passkeys').where('user_id', '=', userId).execute();
  },
};
