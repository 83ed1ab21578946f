import { sql, type Kysely } from 'kysely';

/**
 * Account erasure (PIPL art. 47, R4). A user row outlives its
 * person as a tombstone, because orders and ledger accounts must keep pointing at a
 * buyer for three years (E-Commerce Law art. 31); `erased_at` marks it. An order's
 * `records_purged_at` marks that the purge job stripped what was left once those
 * three years had passed, so the job never works an order twice.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('users').addColumn('erased_at', 'timestamptz').execute();
  await db.schema.createIndex('users_erased_idx').on('users').column('erased_at').where(sql.ref('erased_at'), 'is not', null).execute();
  await db.schema.alterTable('orders').addColumn('records_purged_at', 'timestamptz').execute();
}

export async function down(): Promise<void> {
  throw new Error('Agora migrations only go forward');
}
