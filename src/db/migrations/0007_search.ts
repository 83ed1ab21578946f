import { sql, type Kysely } from 'kysely';
import { productSearchDocument } from '../../lib/search-documents.js';
import { searchColumns } from '../search.js';

const BATCH = 500;

/**
 * Product search: one search document per product — a `tsvector` of
 * its title, category names, shop name and description, and the trigram text of the
 * short fields — with a GIN index on each, filled in for the products already listed.
 * The tokens come from src/lib/search-text.ts, so a change there needs a new
 * migration that fills the table again.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create extension if not exists pg_trgm`.execute(db);
  await db.schema
    .createTable('product_search')
    .addColumn('product_id', 'text', (c) => c.primaryKey().references('products.id'))
    .addColumn('vector', sql`tsvector`, (c) => c.notNull())
    // Dropped by 0025; the default lets this backfill run with today's `searchColumns`, which no longer writes it.
    .addColumn('fuzzy', 'text', (c) => c.notNull().defaultTo(''))
    .execute();
  await sql`create index product_search_vector_idx on product_search using gin (vector)`.execute(db);
  await sql`create index product_search_fuzzy_idx on product_search using gin (fuzzy gin_trgm_ops)`.execute(db);

  let after = '';
  for (;;) {
    const { rows } = await sql<{ id: string; title: string; description: string; name_zh: string; name_en: string; shop_name: string }>`
      select p.id, p.title, p.description, c.name_zh, c.name_en, o.shop_name
      from products p join categories c on c.id = p.category_id join operators o on o.id = p.operator_id
      where p.id > ${after} order by p.id limit ${BATCH}`.execute(db);
    if (rows.length === 0) break;
    await db
      .insertInto('product_search' as never)
      .values(
        rows.map((r) => ({
          product_id: r.id,
          ...searchColumns(productSearchDocument({ title: r.title, description: r.description, categoryNames: [r.name_zh, r.name_en], shopName: r.shop_name })),
        })) as never,
      )
      .execute();
    after = rows.at(-1)!.id;
  }
}

export async function down(): Promise<void> {
  throw new Error('Agora migrations only go forward');
}
