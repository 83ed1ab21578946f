import { sql, type Kysely } from 'kysely';

/**
 * The double-entry ledger, modelled on TigerBeetle: accounts hold pending and
 * posted debit and credit totals; transfers are immutable facts with ids chosen by
 * the caller; a pending transfer is resolved (posted or voided) at most once.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('ledger_accounts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('ledger', 'text', (c) => c.notNull())
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('owner_id', 'text')
    .addColumn('debits_pending', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('debits_posted', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('credits_pending', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('credits_posted', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('debits_must_not_exceed_credits', 'boolean', (c) => c.notNull())
    .addColumn('credits_must_not_exceed_debits', 'boolean', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint('ledger_accounts_nonnegative', sql`debits_pending >= 0 and debits_posted >= 0 and credits_pending >= 0 and credits_posted >= 0`)
    // Balance limits as constraints: a wallet never goes below zero, whatever the code above does.
    .addCheckConstraint('ledger_accounts_debit_limit', sql`not debits_must_not_exceed_credits or debits_pending + debits_posted <= credits_posted`)
    .addCheckConstraint('ledger_accounts_credit_limit', sql`not credits_must_not_exceed_debits or credits_pending + credits_posted <= debits_posted`)
    .execute();
  // One account per kind per owner (and one per platform-wide kind).
  await sql`create unique index ledger_accounts_owner_uq on ledger_accounts (ledger, code, coalesce(owner_id, ''))`.execute(db);

  await db.schema
    .createTable('ledger_transfers')
    .addColumn('id', 'text', (c) => c.primaryKey())
    // Commit order within this database: statements list by it (ids are the callers', in no order).
    .addColumn('seq', 'bigint', (c) => c.notNull().generatedAlwaysAsIdentity().unique())
    .addColumn('ledger', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('single', 'pending', 'post', 'void')`))
    .addColumn('debit_account_id', 'text', (c) => c.notNull().references('ledger_accounts.id'))
    .addColumn('credit_account_id', 'text', (c) => c.notNull().references('ledger_accounts.id'))
    .addColumn('amount', 'bigint', (c) => c.notNull())
    .addColumn('pending_id', 'text', (c) => c.references('ledger_transfers.id'))
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('reference', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint('ledger_transfers_amount', sql`amount >= 0 and (amount > 0 or kind in ('post', 'void'))`)
    .addCheckConstraint('ledger_transfers_accounts', sql`debit_account_id <> credit_account_id`)
    .addCheckConstraint('ledger_transfers_resolves', sql`(pending_id is not null) = (kind in ('post', 'void'))`)
    .execute();
  // Each pending transfer is posted or voided at most once, enforced by the database.
  await db.schema.createIndex('ledger_transfers_resolution_uq').on('ledger_transfers').column('pending_id').unique().where(sql.ref('pending_id'), 'is not', null).execute();
  await db.schema.createIndex('ledger_transfers_debit_idx').on('ledger_transfers').columns(['debit_account_id', 'id']).execute();
  await db.schema.createIndex('ledger_transfers_credit_idx').on('ledger_transfers').columns(['credit_account_id', 'id']).execute();
  await db.schema.createIndex('ledger_transfers_reference_idx').on('ledger_transfers').column('reference').execute();

  // Transfers are facts: never changed, never removed.
  await sql`
    create function ledger_transfers_immutable() returns trigger language plpgsql as $$
    begin
      raise exception 'ledger transfers are immutable (% refused)', tg_op using errcode = 'P0001';
    end
    $$`.execute(db);
  await sql`create trigger ledger_transfers_no_update before update or delete on ledger_transfers for each row execute function ledger_transfers_immutable()`.execute(db);
  await sql`create trigger ledger_transfers_no_truncate before truncate on ledger_transfers for each statement execute function ledger_transfers_immutable()`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('Agora migrations only go forward');
}
