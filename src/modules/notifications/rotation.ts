/** Key rotation (src/keys-rotate.ts): the sandbox SMS log keeps each recipient's phone sealed. */
import { sql } from 'kysely';
import type { SealedColumn } from '../privacy/index.js';

const notUnder = (keyId: string) => sql<boolean>`not starts_with(phone_sealed, ${`v1.${keyId}.`})`;

export const sandboxSmsColumn: SealedColumn = {
  name: 'sandbox_sms.phone_sealed',
  async batch(ex, keyId, after, limit) {
    let query = ex.selectFrom('sandbox_sms').select(['id', 'phone_sealed']).where(notUnder(keyId));
    if (after !== null) query = query.where('id', '>', after);
    const rows = await query.orderBy('id').limit(limit).execute();
    return rows.map((r) => ({ key: r.id, sealed: r.phone_sealed, purpose: 'sandbox_sms_phone' }));
  },
  async replace(ex, key, from, to) {
    const result = await ex.updateTable('sandbox_sms').set({ phone_sealed: to.sealed }).where('id', '=', key).where('phone_sealed', '=', from).executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  },
  async remaining(ex, keyId) {
    const row = await ex.selectFrom('sandbox_sms').select((eb) => eb.fn.countAll<string>().as('n')).where(notUnder(keyId)).executeTakeFirstOrThrow();
    return Number(row.n);
  },
};
