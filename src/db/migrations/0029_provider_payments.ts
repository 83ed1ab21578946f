import { sql, type Kysely } from 'kysely';

/**
 * Orders paid through the payment provider (issue 16 item 7): a payment is created
 * pending when the buyer chooses the provider and succeeds when the provider's signed
 * webhook arrives; refunds of it go back through the provider, each a row that stays
 * pending until the provider confirms it (retried by a job, so a failed call loses nothing).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('order_payments')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('order_id', 'text', (c) => c.notNull().references('orders.id'))
    .addColumn('buyer_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('amount', 'bigint', (c) => c.notNull().check(sql`amount > 0`))
    .addColumn('channel', 'text', (c) => c.notNull().check(sql`channel in ('wechat_pay', 'alipay')`))
    // returned: the money came after the order was cancelled, expired or paid otherwise, and went straight back.
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('pending', 'succeeded', 'returned')`))
    .addColumn('provider_ref', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('completed_at', 'timestamptz')
    .execute();
  // At most one payment pays an order (its escrow hold): a second one is returned.
  await db.schema.createIndex('order_payments_one_paid').on('order_payments').column('order_id').unique().where(sql.ref('status'), '=', 'succeeded').execute();
  await db.schema.createIndex('order_payments_order_idx').on('order_payments').columns(['order_id', 'created_at']).execute();

  await db.schema
    .createTable('provider_refunds')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('payment_id', 'text', (c) => c.notNull().references('order_payments.id'))
    .addColumn('order_id', 'text', (c) => c.notNull().references('orders.id'))
    .addColumn('amount', 'bigint', (c) => c.notNull().check(sql`amount > 0`))
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('pending', 'succeeded')`))
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_error', 'text')
    .addColumn('provider_ref', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('completed_at', 'timestamptz')
    .execute();
  await db.schema.createIndex('provider_refunds_payment_idx').on('provider_refunds').column('payment_id').execute();
  await db.schema.createIndex('provider_refunds_pending_idx').on('provider_refunds').column('created_at').where(sql.ref('status'), '=', 'pending').execute();
}

export async function down(): Promise<void> {
  throw new Error('Agora migrations only go forward');
}
