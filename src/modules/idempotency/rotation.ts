/**
 * Key rotation (src/keys-rotate.ts): stored responses are sealed with the vault's
 * keys (purpose `idempotency_response`) and replayed for a day, so they rotate too —
 * else a replay after the old key is removed could not be opened.
 */
import { sql } from 'kysely';
import type { SealedColumn } from '../privacy/index.js';

const notUnder = (keyId: string) => sql<boolean>`not starts_with(response_body, ${`v1.${keyId}.`})`;
/** The row's key (scope, key) as one cursor string. */
const cursorOf = (scope: string, key: string) => JSON.stringify([scope, key]);

export const idempotencyResponsesColumn: SealedColumn = {
  name: 'idempotency_keys.response_body',
  async batch(ex, keyId, after, limit) {
    let query = ex.selectFrom('idempotency_keys').select(['scope', 'key', 'response_body']).where('response_body', 'is not', null).where(notUnder(keyId));
    if (after !== null) {
      const [scope, key] = JSON.parse(after) as [string, string];
      query = query.where((eb) => eb(eb.refTuple('scope', 'key'), '>', eb.tuple(scope, key)));
    }
    const rows = await query.orderBy('scope').orderBy('key').limit(limit).execute();
    return rows.map((r) => ({ key: cursorOf(r.scope, r.key), sealed: r.response_body!, purpose: 'idempotency_response' }));
  },
  async replace(ex, cursor, from, to) {
    const [scope, key] = JSON.parse(cursor) as [string, string];
    const result = await ex.updateTable('idempotency_keys').set({ response_body: to.sealed }).where('scope', '=', scope).where('key', '=', key).where('response_body', '=', from).executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  },
  async remaining(ex, keyId) {
    const row = await ex.selectFrom('idempotency_keys').select((eb) => eb.fn.countAll<string>().as('n')).where('response_body', 'is not', null).where(notUnder(keyId)).executeTakeFirstOrThrow();
    return Number(row.n);
  },
};
