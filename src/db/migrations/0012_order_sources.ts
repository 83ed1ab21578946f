import { sql, type Kysely } from 'kysely';

/**
 * Orders placed by a group buy or a bargain at the price that campaign set. A group
 * buy's paid orders wait (`awaiting_group`) until the group is complete: none of
 * them ships, and none of their money reaches the operator, before that.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('orders')
    .addColumn('source_kind', 'text', (c) => c.check(sql`source_kind in ('group_buy', 'bargain')`))
    .addColumn('source_id', 'text')
    .addColumn('awaiting_group', 'boolean', (c) => c.notNull().defaultTo(false))
    .execute();
  await sql`alter table orders add constraint orders_source_whole check ((source_kind is null) = (source_id is null) and (not awaiting_group or source_kind = 'group_buy'))`.execute(db);
  await db.schema.createIndex('orders_source_idx').on('orders').columns(['source_kind', 'source_id']).where(sql.ref('source_id'), 'is not', null).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('orders_source_idx').execute();
  await sql`alter table orders drop constraint orders_source_whole`.execute(db);
  await db.schema.alterTable('orders').dropColumn('source_kind').dropColumn('source_id').dropColumn('awaiting_group').execute();
}
