/**
 * The sandbox carrier's own rows (sandbox mode only, sandbox.ts): a user who owns it
 * (no password opens it, no phone), and the approved logistics provider
 * 「安格拉沙箱快递」. Written with fixed ids and `on conflict do nothing`, so every
 * process may run it at every start.
 */
import type { Executor } from '../../database.js';

export const sandboxRepo = {
  async ensureProvider(ex: Executor, ids: { ownerId: string; providerId: string; name: string }, now: Date): Promise<void> {
    await ex
      .insertInto('users')
      .values({ id: ids.ownerId, display_name: ids.name, phone_masked: '', password_hash: '!', created_at: now })
      .onConflict((oc) => oc.column('id').doNothing())
      .execute();
    await ex
      .insertInto('service_providers')
      .values({ id: ids.providerId, owner_id: ids.ownerId, company_name: ids.name, credit_code: `SANDBOX-${ids.providerId}`, service: 'logistics', status: 'approved', reject_reason: null, reviewed_by: null, reviewed_at: now, created_at: now })
      .onConflict((oc) => oc.column('id').doNothing())
      .execute();
  },
};
