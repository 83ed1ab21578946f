/**
 * The operators module's part of the user's export (PIPL art. 45): the shops and
 * service providers the user registered. Their contact and address are in the vault
 * part (decrypted there).
 */
import type { Executor } from '../../database.js';
import { camelRows } from '../../lib/export-rows.js';

export const operatorsExport = {
  async of(ex: Executor, userId: string) {
    const shops = await ex
      .selectFrom('operators')
      .select(['id', 'kind', 'shop_name', 'company_name', 'credit_code', 'status', 'reject_reason', 'verified_at', 'reverification_due_at', 'closure_effective_at', 'created_at'])
      .where('owner_id', '=', userId)
      .orderBy('created_at')
      .execute();
    const serviceProviders = await ex
      .selectFrom('service_providers')
      .select(['id', 'company_name', 'credit_code', 'service', 'status', 'reject_reason', 'created_at'])
      .where('owner_id', '=', userId)
      .orderBy('created_at')
      .execute();
    return { shops: camelRows(shops), serviceProviders: camelRows(serviceProviders) };
  },
};
