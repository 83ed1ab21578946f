/** Key rotation (src/keys-rotate.ts): TOTP secrets are sealed with the vault's keys, under purpose `totp`. */
import { sql } from 'kysely';
import type { SealedColumn } from '../privacy/index.js';

const prefix = (keyId: string) => `v1.${keyId}.`;

export const totpSecretsColumn: SealedColumn = {
  name: 'users.totp_secret_sealed',
  async batch(ex, keyId, after, limit) {
    let query = ex
      .selectFrom('users')
      .select(['id', 'totp_secret_sealed'])
      .where('totp_secret_sealed', 'is not', null)
      .where(sql<boolean>`not starts_with(totp_secret_sealed, ${prefix(keyId)})`);
    if (after !== null) query = query.where('id', '>', after);
    const rows = await query.orderBy('id').limit(limit).execute();
    return rows.map((r) => ({ key: r.id, sealed: r.totp_secret_sealed!, purpose: 'totp' }));
  },
  async replace(ex, key, from, to) {
    const result = await ex.updateTable('users').set({ totp_secret_sealed: to.sealed }).where('id', '=', key).where('totp_secret_sealed', '=', from).executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  },
  async remaining(ex, keyId) {
    const row = await ex
      .selectFrom('users')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('totp_secret_sealed', 'is not', null)
      .where(sql<boolean>`not starts_with(totp_secret_sealed, ${prefix(keyId)})`)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  },
};
