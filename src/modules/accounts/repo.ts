import { sql, type Selectable, type Updateable } from 'kysely';
import type { Executor } from '../../database.js';
import type { UsersTable } from './tables.js';

export type UserRow = Selectable<UsersTable>;

export const accountsRepo = {
  async insertUser(
    ex: Executor,
    user: { id: string; display_name: string; phone_masked: string; password_hash: string; roles?: string[]; phone_verified_at?: Date; created_at: Date },
  ): Promise<void> {
    await ex.insertInto('users').values(user).execute();
  },

  async anyUser(ex: Executor): Promise<boolean> {
    return (await ex.selectFrom('users').select('id').limit(1).executeTakeFirst()) !== undefined;
  },

  displayNames(ex: Executor, ids: readonly string[]) {
    if (ids.length === 0) return Promise.resolve([]);
    return ex.selectFrom('users').select(['id', 'display_name']).where('id', 'in', ids).execute();
  },

  /** Names and masked phones (a shop's staff list): nothing from the vault. */
  staffCards(ex: Executor, ids: readonly string[]) {
    if (ids.length === 0) return Promise.resolve([]);
    return ex.selectFrom('users').select(['id', 'display_name', 'phone_masked']).where('id', 'in', ids).execute();
  },

  findUser(ex: Executor, id: string): Promise<UserRow | undefined> {
    return ex.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
  },

  /** The row locked for the rest of the transaction: PIN and TOTP checks must not interleave. */
  /** Which of these users are not erased, their rows held FOR KEY SHARE until the transaction ends. */
  async holdLiveUsers(ex: Executor, ids: readonly string[]): Promise<string[]> {
    if (ids.length === 0) return [];
    const rows = await ex.selectFrom('users').select('id').where('id', 'in', [...new Set(ids)]).where('erased_at', 'is', null).forKeyShare().execute();
    return rows.map((r) => r.id);
  },

  findUserForUpdate(ex: Executor, id: string): Promise<UserRow | undefined> {
    return ex.selectFrom('users').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
  },

  async updateUser(ex: Executor, id: string, patch: Updateable<UsersTable>): Promise<void> {
    await ex.updateTable('users').set(patch).where('id', '=', id).execute();
  },

  async setRole(ex: Executor, id: string, role: string, granted: boolean): Promise<void> {
    await ex
      .updateTable('users')
      .set({
        roles: granted
          ? sql<string[]>`(select array_agg(distinct r order by r) from unnest(array_append(roles, ${role})) as r)`
          : sql<string[]>`array_remove(roles, ${role})`,
      })
      .where('id', '=', id)
      .execute();
  },

  async insertSession(
    ex: Executor,
    session: { id: string; token_hash: string; user_id: string; created_at: Date; last_seen_at: Date; expires_at: Date },
  ): Promise<void> {
    await ex.insertInto('sessions').values(session).execute();
  },

  /** A live session and the roles of its user, in one round trip. */
  /** The live sessions behind these token hashes, in one statement (concurrent requests' lookups, coalesced). */
  findLiveSessions(ex: Executor, tokenHashes: readonly string[], now: Date, idleSince: Date) {
    return ex
      .selectFrom('sessions')
      .innerJoin('users', 'users.id', 'sessions.user_id')
      .select(['sessions.id', 'sessions.token_hash', 'sessions.user_id', 'sessions.last_seen_at', 'users.roles'])
      .where('sessions.token_hash', 'in', tokenHashes)
      .where('sessions.revoked_at', 'is', null)
      .where('sessions.expires_at', '>', now)
      .where('sessions.last_seen_at', '>', idleSince)
      .execute();
  },

  async touchSession(ex: Executor, id: string, at: Date): Promise<void> {
    await ex.updateTable('sessions').set({ last_seen_at: at }).where('id', '=', id).execute();
  },

  async revokeSession(ex: Executor, tokenHash: string, at: Date): Promise<void> {
    await ex.updateTable('sessions').set({ revoked_at: at }).where('token_hash', '=', tokenHash).where('revoked_at', 'is', null).execute();
  },

  async revokeAllSessions(ex: Executor, userId: string, at: Date): Promise<void> {
    await ex.updateTable('sessions').set({ revoked_at: at }).where('user_id', '=', userId).where('revoked_at', 'is', null).execute();
  },

  async insertPhoneCode(
    ex: Executor,
    code: { id: string; user_id: string | null; phone_key: string | null; code_hash: string; expires_at: Date; created_at: Date },
  ): Promise<void> {
    await ex.insertInto('phone_codes').values(code).execute();
  },

  /** The newest unused code of an account, or of a phone before its account exists; locked until the transaction ends. */
  latestPhoneCode(ex: Executor, owner: { userId: string } | { phoneKey: string }) {
    const query = ex.selectFrom('phone_codes').selectAll().where('consumed_at', 'is', null);
    return ('userId' in owner ? query.where('user_id', '=', owner.userId) : query.where('phone_key', '=', owner.phoneKey).where('user_id', 'is', null))
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(1)
      .forUpdate()
      .executeTakeFirst();
  },

  async countPhoneCodeAttempt(ex: Executor, id: string): Promise<void> {
    await ex.updateTable('phone_codes').set((eb) => ({ attempts: eb('attempts', '+', 1) })).where('id', '=', id).execute();
  },

  async consumePhoneCode(ex: Executor, id: string, at: Date): Promise<void> {
    await ex.updateTable('phone_codes').set({ consumed_at: at }).where('id', '=', id).execute();
  },

  async adoptPhoneCode(ex: Executor, id: string, userId: string): Promise<void> {
    await ex.updateTable('phone_codes').set({ user_id: userId }).where('id', '=', id).execute();
  },

  async deletePhoneCodes(ex: Executor, userId: string): Promise<void> {
    await ex.deleteFrom('phone_codes').where('user_id', '=', userId).execute();
  },

  erasedUsers(ex: Executor) {
    return ex.selectFrom('users').select(['id', 'erased_at']).where('erased_at', 'is not', null).orderBy('erased_at').execute() as Promise<{ id: string; erased_at: Date }[]>;
  },
};
