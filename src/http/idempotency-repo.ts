import type { Insertable } from 'kysely';
import type { Executor } from '../db/index.js';
import type { IdempotencyKeysTable } from './tables.js';

export const idempotencyRepo = {
  /** True when this request won the key. */
  async claim(ex: Executor, row: Insertable<IdempotencyKeysTable>): Promise<boolean> {
    const inserted = await ex
      .insertInto('idempotency_keys')
      .values(row)
      .onConflict((oc) => oc.columns(['scope', 'key']).doNothing())
      .returning('key')
      .executeTakeFirst();
    return inserted !== undefined;
  },

  find(ex: Executor, scope: string, key: string) {
    return ex.selectFrom('idempotency_keys').selectAll().where('scope', '=', scope).where('key', '=', key).executeTakeFirst();
  },

  async takeOver(ex: Executor, scope: string, key: string, seenLock: Date, newLock: Date): Promise<boolean> {
    const result = await ex
      .updateTable('idempotency_keys')
      .set({ locked_until: newLock })
      .where('scope', '=', scope)
      .where('key', '=', key)
      .where('state', '=', 'running')
      .where('locked_until', '=', seenLock)
      .executeTakeFirst();
    return result.numUpdatedRows === 1n;
  },

  async complete(
    ex: Executor,
    scope: string,
    key: string,
    response: { status_code: number; response_body: string | null; content_type: string | null },
  ): Promise<void> {
    await ex
      .updateTable('idempotency_keys')
      .set({ ...response, state: 'done' })
      .where('scope', '=', scope)
      .where('key', '=', key)
      .execute();
  },

  async release(ex: Executor, scope: string, key: string): Promise<void> {
    await ex.deleteFrom('idempotency_keys').where('scope', '=', scope).where('key', '=', key).where('state', '=', 'running').execute();
  },

  async deleteOlderThan(ex: Executor, before: Date): Promise<number> {
    const result = await ex.deleteFrom('idempotency_keys').where('created_at', '<', before).executeTakeFirst();
    return Number(result.numDeletedRows);
  },
};
