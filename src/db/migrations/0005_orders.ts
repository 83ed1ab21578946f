import { sql, type Kysely } from 'kysely';

/** Orders, their lines and chosen add-ons (R7), and the timeline of what happened (R4: kept 3 years). */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('orders')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('buyer_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('operator_id', 'text', (c) => c.notNull().references('operators.id'))
    .addColumn('status', 'text', (c) =>
      c.notNull().check(sql`status in ('pending_payment', 'paid', 'shipped', 'received', 'completed', 'cancelled', 'refunded', 'returning')`),
    )
    .addColumn('total', 'bigint', (c) => c.notNull().check(sql`total > 0`))
    .addColumn('address_id', 'text', (c) => c.notNull())
    .addColumn('attribution', 'text')
    .addColumn('return_exclusion_confirmed', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('hold_transfer_id', 'text')
    .addColumn('carrier', 'text')
    .addColumn('tracking_number', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .addColumn('paid_at', 'timestamptz')
    .addColumn('shipped_at', 'timestamptz')
    .addColumn('received_at', 'timestamptz')
    .addColumn('return_requested_at', 'timestamptz')
    .addColumn('return_carrier', 'text')
    .addColumn('return_tracking_number', 'text')
    .addColumn('completed_at', 'timestamptz')
    .addColumn('closed_at', 'timestamptz')
    .execute();
  await db.schema.createIndex('orders_buyer_idx').on('orders').columns(['buyer_id', 'id']).execute();
  await db.schema.createIndex('orders_operator_idx').on('orders').columns(['operator_id', 'id']).execute();
  await db.schema.createIndex('orders_status_idx').on('orders').columns(['status', 'expires_at']).execute();

  await db.schema
    .createTable('order_items')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('order_id', 'text', (c) => c.notNull().references('orders.id'))
    .addColumn('product_id', 'text', (c) => c.notNull())
    .addColumn('sku_id', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('sku_name', 'text', (c) => c.notNull())
    .addColumn('unit_price', 'bigint', (c) => c.notNull().check(sql`unit_price > 0`))
    .addColumn('quantity', 'integer', (c) => c.notNull().check(sql`quantity > 0`))
    .addColumn('category_id', 'text', (c) => c.notNull())
    .addColumn('return_class', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('order_items_order_idx').on('order_items').column('order_id').execute();

  await db.schema
    .createTable('order_add_ons')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('order_id', 'text', (c) => c.notNull().references('orders.id'))
    .addColumn('add_on_id', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('price', 'bigint', (c) => c.notNull().check(sql`price > 0`))
    .execute();
  await db.schema.createIndex('order_add_ons_order_idx').on('order_add_ons').column('order_id').execute();

  await db.schema
    .createTable('order_events')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('order_id', 'text', (c) => c.notNull().references('orders.id'))
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('actor_id', 'text')
    .addColumn('detail', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('order_events_order_idx').on('order_events').columns(['order_id', 'at']).execute();
}

export async function down(): Promise<void> {
  throw new Error('Agora migrations only go forward');
}
