/** Key rotation (src/keys-rotate.ts): logistics providers' webhook secrets are sealed with the data keys, purpose `logistics_secret`. */
import { sql } from 'kysely';
import type { SealedColumn } from '../privacy/index.js';
import { LOGISTICS_SECRET_PURPOSE } from './service.js';

const notUnder = (keyId: string) => sql<boolean>`not starts_with(secret_sealed, ${`v1.${keyId}.`})`;

export const logisticsSecretsColumn: SealedColumn = {
  name: 'logistics_credentials.secret_sealed',
  async batch(ex, keyId, after, limit) {
    let query = ex.selectFrom('logistics_credentials').select(['key_id', 'secret_sealed']).where(notUnder(keyId));
    if (after !== null) query = query.where('key_id', '>', after);
    const rows = await query.orderBy('key_id').limit(limit).execute();
    return rows.map((r) => ({ key: r.key_id, sealed: r.secret_sealed, purpose: LOGISTICS_SECRET_PURPOSE }));
  },
  async replace(ex, key, from, to) {
    const result = await ex.updateTable('logistics_credentials').set({ secret_sealed: to.sealed }).where('key_id', '=', key).where('secret_sealed', '=', from).executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  },
  async remaining(ex, keyId) {
    const row = await ex.selectFrom('logistics_credentials').select((eb) => eb.fn.countAll<string>().as('n')).where(notUnder(keyId)).executeTakeFirstOrThrow();
    return Number(row.n);
  },
};
