import { sql, type Insertable, type Selectable, type Updateable } from 'kysely';
import type { Executor } from '../../database.js';
import { rememberSearchWords, searchColumns, searchMatch } from '../../db/search.js';
import type { SearchDocument, SearchQuery } from '../../lib/search-text.js';
import type { AddOnsTable, CategoriesTable, ProductsTable, SkusTable } from './tables.js';

export type ProductRow = Selectable<ProductsTable>;
export type SkuRow = Selectable<SkusTable>;
export type AddOnRow = Selectable<AddOnsTable>;
export type CategoryRow = Selectable<CategoriesTable>;

export const catalogRepo = {
  categories(ex: Executor): Promise<CategoryRow[]> {
    return ex.selectFrom('categories').selectAll().orderBy('position').execute();
  },

  async insertProduct(ex: Executor, row: Insertable<ProductsTable>): Promise<void> {
    await ex.insertInto('products').values(row).execute();
  },

  async updateProduct(ex: Executor, id: string, patch: Updateable<ProductsTable>): Promise<void> {
    await ex.updateTable('products').set(patch).where('id', '=', id).execute();
  },

  findProduct(ex: Executor, id: string): Promise<ProductRow | undefined> {
    return ex.selectFrom('products').selectAll().where('id', '=', id).executeTakeFirst();
  },

  findProducts(ex: Executor, ids: readonly string[]): Promise<ProductRow[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return ex.selectFrom('products').selectAll().where('id', 'in', ids).execute();
  },

  findProductForUpdate(ex: Executor, id: string): Promise<ProductRow | undefined> {
    return ex.selectFrom('products').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
  },

  async insertSkus(ex: Executor, rows: Insertable<SkusTable>[]): Promise<void> {
    if (rows.length > 0) await ex.insertInto('skus').values(rows).execute();
  },

  async updateSku(ex: Executor, id: string, patch: Updateable<SkusTable>): Promise<void> {
    await ex.updateTable('skus').set(patch).where('id', '=', id).execute();
  },

  async archiveSkusExcept(ex: Executor, productId: string, keep: string[], at: Date): Promise<void> {
    let query = ex.updateTable('skus').set({ archived_at: at }).where('product_id', '=', productId).where('archived_at', 'is', null);
    if (keep.length > 0) query = query.where('id', 'not in', keep);
    await query.execute();
  },

  async insertAddOns(ex: Executor, rows: Insertable<AddOnsTable>[]): Promise<void> {
    if (rows.length > 0) await ex.insertInto('add_ons').values(rows).execute();
  },

  async updateAddOn(ex: Executor, id: string, patch: Updateable<AddOnsTable>): Promise<void> {
    await ex.updateTable('add_ons').set(patch).where('id', '=', id).execute();
  },

  async archiveAddOnsExcept(ex: Executor, productId: string, keep: string[], at: Date): Promise<void> {
    let query = ex.updateTable('add_ons').set({ archived_at: at }).where('product_id', '=', productId).where('archived_at', 'is', null);
    if (keep.length > 0) query = query.where('id', 'not in', keep);
    await query.execute();
  },

  /** Products with their live SKUs' ids and prices in display order, in one statement; products without a live SKU are left out. */
  async productsWithLivePrices(ex: Executor, ids: readonly string[]) {
    if (ids.length === 0) return [];
    const { rows } = await sql<{ id: string; title: string; operator_id: string; skus: { id: string; price: number }[] }>`
      select p.id, p.title, p.operator_id, json_agg(json_build_object('id', s.id, 'price', s.price) order by s.position) as skus
      from products p join skus s on s.product_id = p.id and s.archived_at is null
      where p.id = any(${[...ids]}::text[])
      group by p.id`.execute(ex);
    return rows;
  },

  /** Live SKUs of these products, in display order. */
  skusOf(ex: Executor, productIds: readonly string[]): Promise<SkuRow[]> {
    if (productIds.length === 0) return Promise.resolve([]);
    return ex.selectFrom('skus').selectAll().where('product_id', 'in', productIds).where('archived_at', 'is', null).orderBy('product_id').orderBy('position').execute();
  },

  addOnsOf(ex: Executor, productIds: readonly string[]): Promise<AddOnRow[]> {
    if (productIds.length === 0) return Promise.resolve([]);
    return ex.selectFrom('add_ons').selectAll().where('product_id', 'in', productIds).where('archived_at', 'is', null).orderBy('product_id').orderBy('position').execute();
  },

  /** Newest first. */
  listProducts(ex: Executor, filter: { operatorId?: string | undefined; category?: string | undefined; before?: string | undefined; limit: number }): Promise<ProductRow[]> {
    let query = ex.selectFrom('products').selectAll();
    if (filter.operatorId) query = query.where('operator_id', '=', filter.operatorId);
    if (filter.category) query = query.where('category_id', '=', filter.category);
    if (filter.before) query = query.where('id', '<', filter.before);
    return query.orderBy('id', 'desc').limit(filter.limit).execute();
  },

  /** The product's search document, written with the product (src/lib/search-documents.ts). */
  async writeSearchDocument(ex: Executor, productId: string, doc: SearchDocument): Promise<void> {
    const columns = searchColumns(doc);
    // The words of its reviews stay in the document (migration 0031).
    await ex
      .insertInto('product_search')
      .values({ product_id: productId, ...columns })
      .onConflict((oc) => oc.column('product_id').doUpdateSet({ vector: sql<string>`${doc.vector}::tsvector || product_search.review_vector` }))
      .execute();
    await rememberSearchWords(ex, doc);
  },

  /** Adds a review's words to the product's document (its `vector` and `review_vector`). */
  async addReviewWords(ex: Executor, productId: string, doc: SearchDocument): Promise<void> {
    if (doc.vector === '') return;
    const words = sql<string>`${doc.vector}::tsvector`;
    await ex
      .updateTable('product_search')
      .set({ vector: sql<string>`vector || ${words}`, review_vector: sql<string>`review_vector || ${words}` })
      .where('product_id', '=', productId)
      .execute();
    await rememberSearchWords(ex, doc);
  },

  /** Replaces the reviews' words (a review hidden or removed); the caller rewrites the product's part after. */
  async setReviewWords(ex: Executor, productId: string, doc: SearchDocument): Promise<void> {
    await ex.updateTable('product_search').set({ review_vector: sql<string>`${doc.vector}::tsvector` }).where('product_id', '=', productId).execute();
  },

  /** Best match first (src/db/search.ts): exact full-text matches, then typo-tolerant ones, by rank; newest first among equals. */
  searchProducts(
    ex: Executor,
    filter: { query: SearchQuery; operatorId?: string | undefined; category?: string | undefined; offset: number; limit: number },
  ): Promise<ProductRow[]> {
    const match = searchMatch(sql.ref('s.vector'), filter.query);
    let query = ex.selectFrom('product_search as s').innerJoin('products as p', 'p.id', 's.product_id').selectAll('p').where(match.where);
    if (filter.operatorId) query = query.where('p.operator_id', '=', filter.operatorId);
    if (filter.category) query = query.where('p.category_id', '=', filter.category);
    for (const key of match.order) query = query.orderBy(key, 'desc');
    return query.orderBy('p.id', 'desc').offset(filter.offset).limit(filter.limit).execute();
  },

  /** The categories an operator's products are in (R16: the deposit it owes). */
  async categoriesOfOperator(ex: Executor, operatorId: string): Promise<string[]> {
    const rows = await ex.selectFrom('products').select('category_id').distinct().where('operator_id', '=', operatorId).execute();
    return rows.map((r) => r.category_id);
  },

  /** Live SKUs with what an order needs to know of them. */
  bargainOffers(ex: Executor, filter: { skuIds: readonly string[] } | { productId: string }) {
    if ('skuIds' in filter && filter.skuIds.length === 0) return Promise.resolve([]);
    const query = ex
      .selectFrom('skus')
      .innerJoin('products', 'products.id', 'skus.product_id')
      .select(['skus.id as sku_id', 'skus.name as sku_name', 'skus.price', 'skus.bargain_floor', 'skus.max_helpers', 'products.id as product_id', 'products.title', 'products.images', 'products.operator_id'])
      .where('skus.archived_at', 'is', null)
      .where('skus.bargain_floor', 'is not', null);
    return ('skuIds' in filter ? query.where('skus.id', 'in', filter.skuIds) : query.where('skus.product_id', '=', filter.productId)).orderBy('skus.position').execute();
  },

  skusForCheckout(ex: Executor, skuIds: readonly string[]) {
    if (skuIds.length === 0) return Promise.resolve([]);
    return ex
      .selectFrom('skus')
      .innerJoin('products', 'products.id', 'skus.product_id')
      .innerJoin('categories', 'categories.id', 'products.category_id')
      .select([
        'skus.id as sku_id',
        'skus.name as sku_name',
        'skus.price',
        'skus.group_price',
        'skus.group_size',
        'products.id as product_id',
        'products.title',
        'products.operator_id',
        'products.category_id',
        'categories.return_class',
      ])
      .where('skus.id', 'in', skuIds)
      .where('skus.archived_at', 'is', null)
      .execute();
  },

  addOnsById(ex: Executor, ids: readonly string[]) {
    if (ids.length === 0) return Promise.resolve([]);
    return ex.selectFrom('add_ons').select(['id', 'product_id', 'title', 'price']).where('id', 'in', ids).where('archived_at', 'is', null).execute();
  },

  /** Stock is taken only if there is enough: it can never go negative, whatever the concurrency. */
  async takeStock(ex: Executor, skuId: string, quantity: number): Promise<boolean> {
    const result = await ex
      .updateTable('skus')
      .set((eb) => ({ stock: eb('stock', '-', quantity) }))
      .where('id', '=', skuId)
      .where('stock', '>=', quantity)
      .executeTakeFirst();
    return result.numUpdatedRows === 1n;
  },

  /** The SKU's stock, its row locked to the end of the transaction (a batch of checkouts shares it out). */
  async lockStock(ex: Executor, skuId: string): Promise<number | undefined> {
    const row = await ex.selectFrom('skus').select('stock').where('id', '=', skuId).forUpdate().executeTakeFirst();
    return row?.stock;
  },

  async returnStock(ex: Executor, skuId: string, quantity: number): Promise<void> {
    await ex.updateTable('skus').set((eb) => ({ stock: eb('stock', '+', quantity) })).where('id', '=', skuId).execute();
  },

  async countProducts(ex: Executor): Promise<number> {
    const row = await ex.selectFrom('products').select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow();
    return row.n;
  },
};
