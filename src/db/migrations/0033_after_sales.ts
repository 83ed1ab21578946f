import { sql, type Kysely } from 'kysely';

/**
 * After-sales (售后; issue 17, R9, R10, D7): a shop's return addresses (the address
 * itself sealed in the privacy vault under the shop's owner), after-sales requests on
 * order items with an append-only timeline, and how much of each order has been
 * refunded so far, so two partial refunds can never exceed what was paid.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('return_addresses')
    // The vault record's id: recipient, phone, region and line are sealed there (D3).
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('operator_id', 'text', (c) => c.notNull().references('operators.id'))
    .addColumn('is_default', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('removed_at', 'timestamptz')
    .execute();
  await sql`create unique index return_addresses_default_uq on return_addresses (operator_id) where is_default and removed_at is null`.execute(db);
  await db.schema.createIndex('return_addresses_operator_idx').on('return_addresses').columns(['operator_id', 'id']).execute();

  await db.schema
    .createTable('after_sales')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('order_id', 'text', (c) => c.notNull().references('orders.id'))
    .addColumn('buyer_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('operator_id', 'text', (c) => c.notNull().references('operators.id'))
    .addColumn('type', 'text', (c) => c.notNull().check(sql`type in ('refund_only', 'return_refund', 'exchange')`))
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('images', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('amount', 'bigint', (c) => c.notNull().check(sql`amount >= 0`))
    .addColumn('return_shipping_fee', 'bigint', (c) => c.notNull().defaultTo(0).check(sql`return_shipping_fee >= 0`))
    .addColumn('refunded', 'bigint', (c) => c.notNull().defaultTo(0).check(sql`refunded >= 0`))
    .addColumn('status', 'text', (c) =>
      c.notNull().check(sql`status in ('requested', 'approved', 'refused', 'returning', 'received', 'refunded', 'exchanged', 'escalated', 'withdrawn')`),
    )
    .addColumn('deadline', 'timestamptz')
    .addColumn('refuse_reason', 'text')
    .addColumn('return_address_id', 'text', (c) => c.references('return_addresses.id'))
    .addColumn('return_carrier', 'text')
    .addColumn('return_tracking_number', 'text')
    .addColumn('return_shipped_at', 'timestamptz')
    .addColumn('return_received_at', 'timestamptz')
    .addColumn('exchange_carrier', 'text')
    .addColumn('exchange_tracking_number', 'text')
    .addColumn('exchange_shipped_at', 'timestamptz')
    .addColumn('dispute_id', 'text', (c) => c.references('disputes.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('closed_at', 'timestamptz')
    .execute();
  await db.schema.createIndex('after_sales_order_idx').on('after_sales').columns(['order_id']).execute();
  await db.schema.createIndex('after_sales_buyer_idx').on('after_sales').columns(['buyer_id', 'id']).execute();
  await db.schema.createIndex('after_sales_operator_idx').on('after_sales').columns(['operator_id', 'deadline', 'id']).execute();
  await db.schema.createIndex('after_sales_due_idx').on('after_sales').columns(['status', 'deadline']).execute();

  await db.schema
    .createTable('after_sale_items')
    .addColumn('after_sale_id', 'text', (c) => c.notNull().references('after_sales.id'))
    .addColumn('order_item_id', 'text', (c) => c.notNull().references('order_items.id'))
    // Cleared when the request ends: one open request per order item (the index below).
    .addColumn('open', 'boolean', (c) => c.notNull().defaultTo(true))
    .addPrimaryKeyConstraint('after_sale_items_pk', ['after_sale_id', 'order_item_id'])
    .execute();
  await sql`create unique index after_sale_items_open_uq on after_sale_items (order_item_id) where open`.execute(db);

  await db.schema
    .createTable('after_sale_events')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('after_sale_id', 'text', (c) => c.notNull().references('after_sales.id'))
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('actor', 'text', (c) => c.notNull().check(sql`actor in ('buyer', 'shop', 'platform')`))
    .addColumn('actor_id', 'text')
    .addColumn('body', 'text')
    .addColumn('images', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('detail', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('after_sale_events_request_idx').on('after_sale_events').columns(['after_sale_id', 'id']).execute();
  // The history is escalated into a dispute as it was: never rewritten (like dispute_events).
  await sql`
    create function after_sale_events_immutable() returns trigger language plpgsql as $$
    begin
      raise exception 'after-sales timelines are append-only (% refused)', tg_op using errcode = 'P0001';
    end
    $$`.execute(db);
  await sql`create trigger after_sale_events_no_update before update or delete on after_sale_events for each row execute function after_sale_events_immutable()`.execute(db);

  // Every refund of the order so far, whoever made it (after-sales, a dispute): the cap on the next.
  await sql`alter table orders add column refunded bigint not null default 0 check (refunded >= 0 and refunded <= total)`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('Agora migrations only go forward');
}
