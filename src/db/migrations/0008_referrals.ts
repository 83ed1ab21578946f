import { sql, type Kysely } from 'kysely';

/**
 * R12: an order bought through a note's tag names that one note, its author and the
 * tagged product. There is no column for whoever brought the author in: a referral
 * chain cannot be recorded, so it cannot be rewarded.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('orders')
    .addColumn('referral_note_id', 'text')
    .addColumn('referrer_id', 'text', (c) => c.references('users.id'))
    .addColumn('referral_product_id', 'text')
    .execute();
  await sql`alter table orders add constraint orders_referral_whole check (
    (referral_note_id is null and referrer_id is null and referral_product_id is null)
    or (referral_note_id is not null and referrer_id is not null and referral_product_id is not null and referrer_id <> buyer_id))`.execute(db);
  await db.schema.createIndex('orders_referrer').on('orders').column('referrer_id').where(sql.ref('referrer_id'), 'is not', null).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('orders_referrer').execute();
  await sql`alter table orders drop constraint orders_referral_whole`.execute(db);
  await db.schema.alterTable('orders').dropColumn('referral_note_id').dropColumn('referrer_id').dropColumn('referral_product_id').execute();
}
