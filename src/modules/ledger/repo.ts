import { sql, type Insertable, type Selectable } from 'kysely';
import type { Executor } from '../../database.js';
import type { AccountCode, LedgerAccountsTable, LedgerTransfersTable } from './tables.js';

export type AccountRow = Selectable<LedgerAccountsTable>;
export type TransferRow = Selectable<LedgerTransfersTable>;

export const ledgerRepo = {
  async insertAccount(ex: Executor, row: Insertable<LedgerAccountsTable>): Promise<void> {
    await sql`insert into ledger_accounts (id, ledger, code, owner_id, debits_must_not_exceed_credits, credits_must_not_exceed_debits)
      values (${row.id}, ${row.ledger}, ${row.code}, ${row.owner_id ?? null}, ${row.debits_must_not_exceed_credits}, ${row.credits_must_not_exceed_debits})
      on conflict (ledger, code, coalesce(owner_id, '')) do nothing`.execute(ex);
  },

  findAccountFor(ex: Executor, ledger: string, code: AccountCode, ownerId: string | null): Promise<AccountRow | undefined> {
    let query = ex.selectFrom('ledger_accounts').selectAll().where('ledger', '=', ledger).where('code', '=', code);
    query = ownerId === null ? query.where('owner_id', 'is', null) : query.where('owner_id', '=', ownerId);
    return query.executeTakeFirst();
  },

  findAccount(ex: Executor, id: string): Promise<AccountRow | undefined> {
    return ex.selectFrom('ledger_accounts').selectAll().where('id', '=', id).executeTakeFirst();
  },

  /** Locks the accounts in id order, so two transfers between the same accounts cannot deadlock. */
  lockAccounts(ex: Executor, ids: string[]): Promise<AccountRow[]> {
    return ex.selectFrom('ledger_accounts').selectAll().where('id', 'in', [...new Set(ids)].sort()).orderBy('id').forUpdate().execute();
  },

  findTransfer(ex: Executor, id: string): Promise<TransferRow | undefined> {
    return ex.selectFrom('ledger_transfers').selectAll().where('id', '=', id).executeTakeFirst();
  },

  findResolution(ex: Executor, pendingId: string): Promise<TransferRow | undefined> {
    return ex.selectFrom('ledger_transfers').selectAll().where('pending_id', '=', pendingId).executeTakeFirst();
  },

  /** False when the id (or, for post/void, the pending transfer's resolution) is already taken. */
  async insertTransfer(ex: Executor, row: Insertable<LedgerTransfersTable>): Promise<boolean> {
    const inserted = await ex.insertInto('ledger_transfers').values(row).onConflict((oc) => oc.doNothing()).returning('id').executeTakeFirst();
    return inserted !== undefined;
  },

  async addToAccount(
    ex: Executor,
    id: string,
    delta: { debits_pending?: number; debits_posted?: number; credits_pending?: number; credits_posted?: number },
  ): Promise<void> {
    await ex
      .updateTable('ledger_accounts')
      .set((eb) => ({
        debits_pending: eb('debits_pending', '+', delta.debits_pending ?? 0),
        debits_posted: eb('debits_posted', '+', delta.debits_posted ?? 0),
        credits_pending: eb('credits_pending', '+', delta.credits_pending ?? 0),
        credits_posted: eb('credits_posted', '+', delta.credits_posted ?? 0),
      }))
      .where('id', '=', id)
      .execute();
  },

  /** Newest first by insertion; `kinds` narrows (a statement shows single and pending transfers). */
  transfersOfAccount(ex: Executor, accountId: string, limit: number, beforeSeq: number | undefined, kinds?: readonly string[]): Promise<TransferRow[]> {
    let query = ex
      .selectFrom('ledger_transfers')
      .selectAll()
      .where((eb) => eb.or([eb('debit_account_id', '=', accountId), eb('credit_account_id', '=', accountId)]));
    if (kinds) query = query.where('kind', 'in', kinds as never);
    if (beforeSeq !== undefined) query = query.where('seq', '<', beforeSeq);
    return query.orderBy('seq', 'desc').limit(limit).execute();
  },

  resolutionsOf(ex: Executor, pendingIds: readonly string[]): Promise<TransferRow[]> {
    if (pendingIds.length === 0) return Promise.resolve([]);
    return ex.selectFrom('ledger_transfers').selectAll().where('pending_id', 'in', pendingIds).execute();
  },

  transfersByReferences(ex: Executor, references: readonly string[]): Promise<TransferRow[]> {
    if (references.length === 0) return Promise.resolve([]);
    return ex.selectFrom('ledger_transfers').selectAll().where('reference', 'in', references).orderBy('seq').execute();
  },

  findAccounts(ex: Executor, ids: readonly string[]): Promise<AccountRow[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return ex.selectFrom('ledger_accounts').selectAll().where('id', 'in', ids).execute();
  },

  transfersByReference(ex: Executor, reference: string): Promise<TransferRow[]> {
    return ex.selectFrom('ledger_transfers').selectAll().where('reference', '=', reference).orderBy('seq').execute();
  },

  /** ledger:check — debits equal credits per ledger, as stored. */
  totalsPerLedger(ex: Executor) {
    return sql<{ ledger: string; debits_pending: number; credits_pending: number; debits_posted: number; credits_posted: number }>`
      select ledger, sum(debits_pending)::bigint as debits_pending, sum(credits_pending)::bigint as credits_pending,
             sum(debits_posted)::bigint as debits_posted, sum(credits_posted)::bigint as credits_posted
      from ledger_accounts group by ledger order by ledger`.execute(ex);
  },

  /** ledger:check — accounts whose stored columns differ from a recomputation from transfers. */
  accountsDifferingFromTransfers(ex: Executor) {
    return sql<{ id: string; stored: string; recomputed: string }>`
      with legs as (
        -- Pending transfers add to pending columns; their resolution takes the full pending amount back out.
        select t.debit_account_id as account, t.amount as dp, 0::bigint as dpo, 0::bigint as cp, 0::bigint as cpo from ledger_transfers t where t.kind = 'pending'
        union all select t.credit_account_id, 0, 0, t.amount, 0 from ledger_transfers t where t.kind = 'pending'
        union all select r.debit_account_id, -p.amount, 0, 0, 0 from ledger_transfers r join ledger_transfers p on p.id = r.pending_id
        union all select r.credit_account_id, 0, 0, -p.amount, 0 from ledger_transfers r join ledger_transfers p on p.id = r.pending_id
        union all select t.debit_account_id, 0, t.amount, 0, 0 from ledger_transfers t where t.kind in ('single', 'post')
        union all select t.credit_account_id, 0, 0, 0, t.amount from ledger_transfers t where t.kind in ('single', 'post')
      ), sums as (
        select account, sum(dp)::bigint as dp, sum(dpo)::bigint as dpo, sum(cp)::bigint as cp, sum(cpo)::bigint as cpo from legs group by account
      )
      select a.id,
             concat_ws('/', a.debits_pending, a.debits_posted, a.credits_pending, a.credits_posted) as stored,
             concat_ws('/', coalesce(s.dp, 0), coalesce(s.dpo, 0), coalesce(s.cp, 0), coalesce(s.cpo, 0)) as recomputed
      from ledger_accounts a left join sums s on s.account = a.id
      where a.debits_pending <> coalesce(s.dp, 0) or a.debits_posted <> coalesce(s.dpo, 0)
         or a.credits_pending <> coalesce(s.cp, 0) or a.credits_posted <> coalesce(s.cpo, 0)`.execute(ex);
  },

  /** ledger:check — resolutions that do not match what they resolve. */
  badResolutions(ex: Executor) {
    return sql<{ id: string; problem: string }>`
      select r.id, case
          when p.kind <> 'pending' then 'resolves a transfer that is not pending'
          when r.debit_account_id <> p.debit_account_id or r.credit_account_id <> p.credit_account_id then 'accounts differ from the pending transfer'
          when r.kind = 'post' and r.amount > p.amount then 'posts more than was pending'
          when r.kind = 'void' and r.amount <> p.amount then 'voids another amount than was pending'
        end as problem
      from ledger_transfers r join ledger_transfers p on p.id = r.pending_id
      where p.kind <> 'pending' or r.debit_account_id <> p.debit_account_id or r.credit_account_id <> p.credit_account_id
         or (r.kind = 'post' and r.amount > p.amount) or (r.kind = 'void' and r.amount <> p.amount)
      union all
      select pending_id, 'resolved more than once' from ledger_transfers where pending_id is not null group by pending_id having count(*) > 1`.execute(ex);
  },

  /** ledger:check — balance limits, as a second look beside the CHECK constraints. */
  accountsOverLimit(ex: Executor) {
    return ex
      .selectFrom('ledger_accounts')
      .select(['id', 'code'])
      .where((eb) =>
        eb.or([
          eb.and([eb('debits_must_not_exceed_credits', '=', true), eb(eb('debits_pending', '+', eb.ref('debits_posted')), '>', eb.ref('credits_posted'))]),
          eb.and([eb('credits_must_not_exceed_debits', '=', true), eb(eb('credits_pending', '+', eb.ref('credits_posted')), '>', eb.ref('debits_posted'))]),
        ]),
      )
      .execute();
  },
};
