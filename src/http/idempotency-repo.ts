import { sql, type Insertable } from 'kysely';
import type { Executor } from '../db/index.js';
import type { IdempotencyKeysTable } from './tables.js';

/** A stored response: the key it answers, its status and body (sealed). */
export interface AnswerRow {
  scope: string;
  key: string;
  status_code: number;
  response_body: string | null;
  content_type: string | null;
}

export const idempotencyRepo = {
  /**
   * Many claims in one statement: the keys this statement won, as `scope key`. A key
   * twice in `rows` is inserted once; the caller gives it to one request only.
   */
  async claimMany(ex: Executor, rows: Insertable<IdempotencyKeysTable>[]): Promise<Set<string>> {
    const won = await ex
      .insertInto('idempotency_keys')
      .values(rows)
      .onConflict((oc) => oc.columns(['scope', 'key']).doNothing())
      .returning(['scope', 'key'])
      .execute();
    return new Set(won.map((r) => `${r.scope} ${r.key}`));
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

  /**
   * Many stored responses in one statement (store_idempotent_answers, migration 0026).
   * With `lockWait` (e.g. '200ms') it waits at most that long for a row another
   * transaction holds and then fails with 55P03 having stored none; without, it waits
   * as long as the session's own lock_timeout says.
   */
  async completeMany(ex: Executor, rows: AnswerRow[], lockWait?: string): Promise<void> {
    if (rows.length === 0) return;
    const wait = lockWait === undefined ? sql`current_setting('lock_timeout')` : sql`${lockWait}`;
    await sql`select store_idempotent_answers(${JSON.stringify(rows)}::jsonb, ${wait})`.execute(ex);
  },

  async release(ex: Executor, scope: string, key: string): Promise<void> {
    await ex.deleteFrom('idempotency_keys').where('scope', '=', scope).where('key', '=', key).where('state', '=', 'running').execute();
  },

  async deleteOlderThan(ex: Executor, before: Date): Promise<number> {
    const result = await ex.deleteFrom('idempotency_keys').where('created_at', '<', before).executeTakeFirst();
    return Number(result.numDeletedRows);
  },
};
