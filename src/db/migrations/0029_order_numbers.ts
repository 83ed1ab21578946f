import { sql, type Kysely } from 'kysely';

/**
 * Short order numbers (API.md `GET /orders/:id` `number`): the Beijing date of the
 * order, then a sequence, e.g. `20261207000123`. People see these; the UUID stays
 * internal. The suffix comes from one PostgreSQL sequence: `nextval` takes no lock
 * that lasts to commit, so concurrent checkouts and the flash-sale batcher never
 * queue on it (a per-day counter row would serialise every order-creating
 * transaction). Unique because the sequence never repeats; sorted by date, then
 * by the sequence. The suffix has at least six digits and grows past 999999 rather
 * than wrapping (compare numbers by length, then digits). Gaps are fine (a rolled
 * back checkout burns its value).
 *
 * Existing orders are numbered in the order they were created.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create sequence order_number_seq`.execute(db);
  await db.schema.alterTable('orders').addColumn('number', 'text').execute();
  await sql`
    with ranked as (select id, created_at, row_number() over (order by created_at, id) as n from orders)
    update orders set number = to_char(ranked.created_at at time zone 'Asia/Shanghai', 'YYYYMMDD') || lpad(ranked.n::text, 6, '0')
    from ranked where orders.id = ranked.id
  `.execute(db);
  await sql`select setval('order_number_seq', (select count(*) from orders) + 1, false)`.execute(db);
  await sql`alter table orders alter column number set not null`.execute(db);
  await db.schema.createIndex('orders_number_key').unique().on('orders').column('number').execute();
}

export async function down(): Promise<void> {
  throw new Error('Agora migrations only go forward');
}
