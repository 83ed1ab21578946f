/** The passkeys module's part of the user's export (PIPL art. 45): which passkeys, not their keys. */
import type { Executor } from '../../database.js';
import { camelRows } from '../../lib/export-rows.js';

export const passkeysExport = {
  async of(ex: Executor, userId: string) {
    const rows = await ex
      .selectFrom('passkeys')
      .select(['id', 'name', 'device_type', 'backed_up', 'transports', 'created_at', 'last_used_at'])
      .where('user_id', '=', userId)
      .orderBy('created_at')
      .execute();
    return { passkeys: camelRows(rows) };
  },
};
