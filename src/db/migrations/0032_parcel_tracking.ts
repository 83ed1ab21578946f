import { sql, type Kysely } from 'kysely';

/**
 * Parcel tracking (issue 17 items 5, 6): logistics providers' webhook credentials,
 * the parcels orders ship in and the carrier events they report, and the order's
 * automatic-receipt time.
 *
 * - `logistics_credentials`: one row per issued key pair; the secret sealed with the
 *   data keys (purpose `logistics_secret`, rotated with them), never in clear. A newer
 *   pair sets `expires_at` on the older ones: 24 h of grace, then they stop verifying.
 * - `parcels`: what an order shipped in; `provider_id` null for a free-text carrier
 *   ("other": no events). One tracking number per provider at a time: unique among
 *   that provider's parcels not yet delivered.
 * - `parcel_events`: the carrier's events as they came; `(provider_id, event_id)`
 *   unique, so a replayed webhook stores nothing new.
 * - `orders.auto_receipt_at`: when the sweep confirms receipt (RULES "Escrow and
 *   receipt"): shipped + 10 days, delivered + 7 days for a tracked parcel, null while
 *   its latest event is an exception. Shipped orders get shipped + 10 days, and their
 *   parcel (untracked) from the order's carrier and tracking number.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('logistics_credentials')
    .addColumn('key_id', 'text', (c) => c.primaryKey())
    .addColumn('provider_id', 'text', (c) => c.notNull().references('service_providers.id'))
    .addColumn('secret_sealed', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('expires_at', 'timestamptz')
    .execute();
  await db.schema.createIndex('logistics_credentials_provider_idx').on('logistics_credentials').columns(['provider_id', 'created_at']).execute();

  await db.schema
    .createTable('parcels')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('order_id', 'text', (c) => c.notNull().references('orders.id'))
    .addColumn('provider_id', 'text', (c) => c.references('service_providers.id'))
    .addColumn('carrier', 'text', (c) => c.notNull())
    .addColumn('tracking_number', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) =>
      c.notNull().check(sql`status in ('untracked', 'awaiting_pickup', 'picked_up', 'in_transit', 'out_for_delivery', 'delivered', 'exception')`),
    )
    .addColumn('delivered_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('parcels_order_idx').on('parcels').columns(['order_id', 'created_at']).execute();
  await db.schema
    .createIndex('parcels_tracking_uq')
    .on('parcels')
    .columns(['provider_id', 'tracking_number'])
    .unique()
    .where(sql<boolean>`provider_id is not null and delivered_at is null`)
    .execute();
  await db.schema.createIndex('parcels_tracking_idx').on('parcels').columns(['provider_id', 'tracking_number', 'created_at']).execute();

  await db.schema
    .createTable('parcel_events')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('parcel_id', 'text', (c) => c.notNull().references('parcels.id'))
    .addColumn('provider_id', 'text', (c) => c.notNull().references('service_providers.id'))
    .addColumn('event_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('picked_up', 'in_transit', 'out_for_delivery', 'delivered', 'exception')`))
    .addColumn('at', 'timestamptz', (c) => c.notNull())
    .addColumn('place', 'text')
    .addColumn('note', 'text')
    .addColumn('received_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('parcel_events_provider_event_uq').on('parcel_events').columns(['provider_id', 'event_id']).unique().execute();
  await db.schema.createIndex('parcel_events_parcel_idx').on('parcel_events').columns(['parcel_id', 'at']).execute();

  await db.schema.alterTable('orders').addColumn('auto_receipt_at', 'timestamptz').execute();
  await sql`update orders set auto_receipt_at = shipped_at + interval '10 days' where status = 'shipped' and shipped_at is not null`.execute(db);
  await db.schema.createIndex('orders_auto_receipt_idx').on('orders').column('auto_receipt_at').where(sql.ref('status'), '=', 'shipped').execute();
  await sql`
    insert into parcels (id, order_id, provider_id, carrier, tracking_number, status, delivered_at, created_at)
    select id, id, null, carrier, tracking_number, 'untracked', null, shipped_at from orders
    where shipped_at is not null and carrier is not null and tracking_number is not null
  `.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('Agora migrations only go forward');
}
