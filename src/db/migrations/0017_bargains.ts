import { sql, type Kysely } from 'kysely';

/**
 * Bargains (砍价): a buyer's bargain on one SKU with the terms it was
 * published with, each help and its cut, and a per-day counter of each helper's
 * helps. The checks restate RULES.md "Bargain": the price never passes the floor,
 * helps never exceed N, one help per helper per bargain, one active bargain per
 * buyer and SKU.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('bargains')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('owner_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('sku_id', 'text', (c) => c.notNull().references('skus.id'))
    .addColumn('product_id', 'text', (c) => c.notNull().references('products.id'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('sku_name', 'text', (c) => c.notNull())
    .addColumn('image', 'text', (c) => c.notNull())
    .addColumn('price', 'bigint', (c) => c.notNull())
    .addColumn('floor', 'bigint', (c) => c.notNull().check(sql`floor >= 0`))
    .addColumn('max_helpers', 'integer', (c) => c.notNull().check(sql`max_helpers >= 1`))
    .addColumn('current', 'bigint', (c) => c.notNull())
    .addColumn('helpers', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('active', 'ordered', 'expired')`))
    .addColumn('order_id', 'text', (c) => c.references('orders.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .addCheckConstraint('bargains_terms_ck', sql`price - floor >= max_helpers`)
    .addCheckConstraint('bargains_progress_ck', sql`current >= floor and current <= price and helpers between 0 and max_helpers and (current = floor) = (helpers = max_helpers)`)
    .addCheckConstraint('bargains_order_ck', sql`(status = 'ordered') = (order_id is not null)`)
    .execute();
  // One active bargain per buyer and SKU (a stale active row is marked expired before a new one starts).
  await db.schema.createIndex('bargains_active_uq').on('bargains').columns(['owner_id', 'sku_id']).unique().where(sql.ref('status'), '=', 'active').execute();
  await db.schema.createIndex('bargains_owner_idx').on('bargains').columns(['owner_id', 'id']).execute();

  await db.schema
    .createTable('bargain_helps')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('bargain_id', 'text', (c) => c.notNull().references('bargains.id'))
    .addColumn('helper_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('cut', 'bigint', (c) => c.notNull().check(sql`cut >= 1`))
    .addColumn('at', 'timestamptz', (c) => c.notNull())
    .addUniqueConstraint('bargain_helps_once_uq', ['bargain_id', 'helper_id'])
    .execute();

  await db.schema
    .createTable('bargain_help_days')
    .addColumn('helper_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('day', 'text', (c) => c.notNull())
    .addColumn('helps', 'integer', (c) => c.notNull().check(sql`helps between 1 and 10`))
    .addPrimaryKeyConstraint('bargain_help_days_pk', ['helper_id', 'day'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('bargain_help_days').execute();
  await db.schema.dropTable('bargain_helps').execute();
  await db.schema.dropTable('bargains').execute();
}
