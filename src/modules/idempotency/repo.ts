import { sql, type Insertable } from 'kysely';
import type { Executor } from '../../database.js';
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

  /**
   * The key's row with how long its owner has been silent, by the database's clock
   * (`owner_idle_ms`: null when the owner has no row, i.e. it is gone).
   */
  findWithOwner(ex: Executor, scope: string, key: string) {
    return ex
      .selectFrom('idempotency_keys as k')
      .leftJoin('idempotency_owners as o', 'o.id', 'k.owner')
      .selectAll('k')
      .select(sql<number | null>`extract(epoch from (now() - o.heartbeat_at)) * 1000`.as('owner_idle_ms'))
      .where('k.scope', '=', scope)
      .where('k.key', '=', key)
      .executeTakeFirst();
  },

  /** Moves a dead claim to `newOwner` if it is still as it was seen: exactly one taker wins. */
  async takeOver(ex: Executor, scope: string, key: string, seen: { owner: string | null; locked_until: Date }, newOwner: string, newLock: Date): Promise<boolean> {
    const result = await ex
      .updateTable('idempotency_keys')
      .set({ owner: newOwner, locked_until: newLock })
      .where('scope', '=', scope)
      .where('key', '=', key)
      .where('state', '=', 'running')
      .where('owner', seen.owner === null ? 'is' : '=', seen.owner)
      .where('locked_until', '=', seen.locked_until)
      .executeTakeFirst();
    return result.numUpdatedRows === 1n;
  },

  /** This process is alive: its owner row, renewed (or made again if something removed it). */
  async beat(ex: Executor, owner: string): Promise<void> {
    await ex
      .insertInto('idempotency_owners')
      .values({ id: owner, heartbeat_at: sql<Date>`now()` })
      .onConflict((oc) => oc.column('id').doUpdateSet({ heartbeat_at: sql<Date>`now()` }))
      .execute();
  },

  /** This process stops: its claims are dead at once. */
  async retire(ex: Executor, owner: string): Promise<void> {
    await ex.deleteFrom('idempotency_owners').where('id', '=', owner).execute();
  },

  /** Rows of processes silent for `silentMs` go; their claims stay dead (no row is dead too). */
  async forgetSilentOwners(ex: Executor, silentMs: number): Promise<void> {
    await ex.deleteFrom('idempotency_owners').where('heartbeat_at', '<', sql<Date>`now() - make_interval(secs => ${silentMs / 1000})`).execute();
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
