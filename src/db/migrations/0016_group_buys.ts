import { sql, type Kysely } from 'kysely';

/**
 * Group buys (API.md "Group buys"): a group opened on one SKU at the terms it had
 * then. Its members are the orders it placed (orders.source_kind = 'group_buy'), so
 * an unpaid seat frees itself when its order expires. `expires_at` is the
 * initiator's payment deadline until the group forms (first payment), then 24 h after.
 * `settled_at` marks an expired group whose members have all been refunded or dropped.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('group_buys')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('sku_id', 'text', (c) => c.notNull().references('skus.id'))
    .addColumn('product_id', 'text', (c) => c.notNull().references('products.id'))
    .addColumn('initiator_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('group_price', 'bigint', (c) => c.notNull().check(sql`group_price > 0`))
    .addColumn('group_size', 'integer', (c) => c.notNull().check(sql`group_size between 2 and 10`))
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('forming', 'complete', 'expired')`))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('formed_at', 'timestamptz')
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .addColumn('completed_at', 'timestamptz')
    .addColumn('expired_at', 'timestamptz')
    .addColumn('settled_at', 'timestamptz')
    .execute();
  await sql`alter table group_buys add constraint group_buys_dates check ((status = 'complete') = (completed_at is not null) and (status = 'expired') = (expired_at is not null) and (settled_at is null or status = 'expired'))`.execute(db);
  // The open groups of a product page, and the expiry sweep.
  await db.schema.createIndex('group_buys_open_idx').on('group_buys').columns(['product_id', 'expires_at']).where(sql.ref('status'), '=', 'forming').execute();
  await db.schema.createIndex('group_buys_due_idx').on('group_buys').columns(['expires_at']).where(sql.ref('status'), '=', 'forming').execute();
  await db.schema.createIndex('group_buys_unsettled_idx').on('group_buys').column('expired_at').where(sql<boolean>`status = 'expired' and settled_at is null`).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('group_buys').execute();
}
