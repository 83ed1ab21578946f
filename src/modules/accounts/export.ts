/**
 * The accounts module's part of the user's export (PIPL art. 45): the account, its
 * sessions and phone codes as metadata. Never the password hash, PIN hash, TOTP
 * secret, session token hash or code hash: those are credentials, not data about the user.
 */
import type { Executor } from '../../database.js';
import { camelRow, camelRows } from '../../lib/export-rows.js';

export const accountsExport = {
  async of(ex: Executor, userId: string) {
    const user = await ex
      .selectFrom('users')
      .select(['id', 'display_name', 'phone_masked', 'roles', 'phone_verified_at', 'identity_verified_at', 'totp_enabled_at', 'pin_locked_until', 'created_at'])
      .select((eb) => eb('payment_pin_hash', 'is not', null).as('payment_pin_set'))
      .where('id', '=', userId)
      .executeTakeFirstOrThrow();
    const sessions = await ex
      .selectFrom('sessions')
      .select(['id', 'created_at', 'last_seen_at', 'expires_at', 'revoked_at'])
      .where('user_id', '=', userId)
      .orderBy('created_at')
      .execute();
    const phoneCodes = await ex
      .selectFrom('phone_codes')
      .select(['id', 'attempts', 'created_at', 'expires_at', 'consumed_at'])
      .where('user_id', '=', userId)
      .orderBy('created_at')
      .execute();
    return { account: camelRow(user), sessions: camelRows(sessions), phoneCodes: camelRows(phoneCodes) };
  },
};
