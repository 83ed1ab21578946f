/**
 * The ledger's part of the user's export (PIPL art. 45): the accounts the user owns
 * (their wallet) and every transfer in or out of them.
 */
import type { Executor } from '../../database.js';
import { camelRows } from '../../lib/export-rows.js';

export const ledgerExport = {
  async of(ex: Executor, ownerId: string) {
    const accounts = await ex
      .selectFrom('ledger_accounts')
      .select(['id', 'code', 'debits_posted', 'credits_posted', 'debits_pending', 'credits_pending', 'created_at'])
      .where('owner_id', '=', ownerId)
      .orderBy('created_at')
      .execute();
    const ids = accounts.map((a) => a.id);
    const transfers =
      ids.length === 0
        ? []
        : await ex
            .selectFrom('ledger_transfers')
            .select(['id', 'kind', 'debit_account_id', 'credit_account_id', 'amount', 'code', 'reference', 'created_at'])
            .where((eb) => eb.or([eb('debit_account_id', 'in', ids), eb('credit_account_id', 'in', ids)]))
            .orderBy('seq')
            .execute();
    return { accounts: camelRows(accounts), transfers: camelRows(transfers) };
  },
};
