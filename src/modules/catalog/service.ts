/**
 * The catalog: categories with their R9 return class and R16 deposit, and the
 * products approved operators list, with SKUs (price in fen, stock, optional
 * group-buy and bargain terms) and optional add-ons (R7: never pre-selected).
 *
 * @example
 *   const catalog = createCatalogService({ db, operators, media, clock });
 *   const product = await catalog.createProduct(ownerId, operatorId, { title, description, images, skus });
 */
import type { Kysely } from 'kysely';
import type { DB, Executor } from '../../database.js';
import { notFound } from '../../lib/errors.js';
import type { Clock } from '../../lib/clock.js';
import { newId } from '../../lib/ids.js';
import { createReadThrough } from '../../lib/read-through.js';
import type { MediaService } from '../media/index.js';
import type { OperatorsService, SellingStatus } from '../operators/index.js';
import { catalogErrors as errors } from './errors.js';
import { catalogRepo, type AddOnRow, type CategoryRow, type ProductRow } from './repo.js';
import { assertKnownOnce, bargainTermsProblem, skuColumns, skuProblems } from './skus.js';
import type { ReturnClass } from './tables.js';
import {
  categoryView,
  skuView,
  type AddOnInput,
  type BargainOffer,
  type CategoryView,
  type ProductFilter,
  type ProductInput,
  type ProductPatch,
  type ProductSummary,
  type ProductView,
  type SkuView,
  type TagTarget,
} from './views.js';
import { nextCursor } from '../../lib/paging.js';
import { searchPage } from '../../db/search.js';
import { productSearchDocument, reviewSearchDocument } from '../../lib/search-documents.js';

export const DEFAULT_CATEGORY = 'general';

export interface CatalogDeps {
  db: Kysely<DB>;
  operators: OperatorsService;
  media: MediaService;
  clock: Clock;
}

/** How long a process keeps the categories it read. */
const CATEGORIES_TTL_MS = 60_000;

export function createCatalogService(deps: CatalogDeps) {
  const { db, operators, media, clock } = deps;
  /**
   * Every note view shows its tags' products: their titles and prices cached for a few
   * seconds (lib/read-through.ts), forgotten here when the product is edited. Stock is
   * not in them; checkout and the product page always read afresh.
   */
  const tagTargetCache = createReadThrough<TagTarget>({ max: 50_000, ttlMs: 5_000 });

  /**
   * Categories are reference data that only migrations write, read by every product
   * view and list: read once a minute per process, not once per request.
   */
  let categories: { loaded: number; byId: Map<string, CategoryRow> } | undefined;
  // Only a finished read is shared. A pending one was read through its first caller's
  // executor, and awaiting it from other transactions deadlocked the pool: a chat stream's
  // read on the pool waited for a connection that ten sending transactions held while they
  // waited for that read (bench/chat.ts). A miss now reads on the caller's own connection.
  const categoriesById = async (ex: Executor): Promise<Map<string, CategoryRow>> => {
    if (categories && performance.now() - categories.loaded <= CATEGORIES_TTL_MS) return categories.byId;
    const byId = new Map((await catalogRepo.categories(ex)).map((c) => [c.id, c]));
    categories = { loaded: performance.now(), byId };
    return byId;
  };

  /** Product views; lists (`withAddOns: false`) leave the add-ons out and skip reading them. */
  async function assemble(ex: Executor, rows: ProductRow[], options: { withAddOns: boolean } = { withAddOns: true }): Promise<ProductView[]> {
    const ids = rows.map((r) => r.id);
    const [skus, addOns, categories, shops] = await Promise.all([
      catalogRepo.skusOf(ex, ids),
      options.withAddOns ? catalogRepo.addOnsOf(ex, ids) : [],
      categoriesById(ex),
      operators.summaries(ex, rows.map((r) => r.operator_id)),
    ]);
    return rows.map((row) => {
      const shop = shops.get(row.operator_id);
      return {
        id: row.id,
        title: row.title,
        description: row.description,
        category: row.category_id,
        categoryInfo: categoryView(categories.get(row.category_id)!),
        images: row.images,
        operator: { id: row.operator_id, shopName: shop?.shopName ?? '' },
        available: shop?.selling ?? false,
        skus: skus.filter((s) => s.product_id === row.id).map(skuView),
        addOns: addOns.filter((a: AddOnRow) => a.product_id === row.id).map((a) => ({ id: a.id, title: a.title, price: a.price })),
        createdAt: row.created_at.toISOString(),
        updatedAt: row.updated_at.toISOString(),
      };
    });
  }

  /** The operator, owned by this user and approved; anyone else's looks missing (NOT_FOUND of `what`). */
  async function listingOperator(ex: Executor, userId: string, operatorId: string, what = 'operator'): Promise<SellingStatus> {
    const shop = await operators.requireOwnedShop(ex, userId, operatorId, what);
    if (!shop.approved) throw errors.operatorNotApproved();
    return shop;
  }

  /** A product of this user's approved shop, locked for an edit; anyone else's looks missing. */
  async function ownProductForUpdate(ex: Executor, userId: string, productId: string): Promise<{ product: ProductRow; shop: SellingStatus }> {
    const product = await catalogRepo.findProductForUpdate(ex, productId);
    if (!product) throw notFound('product');
    const shop = await listingOperator(ex, userId, product.operator_id, 'product');
    return { product, shop };
  }

  async function checkInput(ex: Executor, ownerId: string, input: ProductPatch): Promise<void> {
    if (input.category !== undefined && !(await categoriesById(ex)).has(input.category)) throw errors.unknownCategory('/body/category');
    if (input.skus) {
      const problems = skuProblems(input.skus);
      if (problems.length > 0) throw errors.invalidSkus(problems);
    }
    if (input.images) await media.assertOwnImages(ex, ownerId, input.images, '/body/images');
  }

  async function writeAddOns(ex: Executor, productId: string, addOns: AddOnInput[], existing: Set<string>): Promise<void> {
    assertKnownOnce(addOns, existing, '/body/addOns');
    await catalogRepo.archiveAddOnsExcept(ex, productId, addOns.flatMap((a) => (a.id ? [a.id] : [])), clock.now());
    for (const [position, addOn] of addOns.entries()) {
      const columns = { title: addOn.title.trim(), price: addOn.price, position };
      if (addOn.id) await catalogRepo.updateAddOn(ex, addOn.id, columns);
      else await catalogRepo.insertAddOns(ex, [{ id: newId(), product_id: productId, ...columns }]);
    }
  }

  /** Rewrite the product's search document (same transaction as the product). */
  async function indexProduct(ex: Executor, row: ProductRow, shopName: string): Promise<void> {
    const category = (await categoriesById(ex)).get(row.category_id)!;
    const doc = productSearchDocument({ title: row.title, description: row.description, categoryNames: [category.name_zh, category.name_en], shopName });
    await catalogRepo.writeSearchDocument(ex, row.id, doc);
  }

  async function summaries(ex: Executor, rows: ProductRow[]): Promise<ProductSummary[]> {
    return (await assemble(ex, rows, { withAddOns: false })).map((p) => {
      const groupPrices = p.skus.flatMap((s) => (s.groupPrice === null ? [] : [s.groupPrice]));
      return {
        id: p.id,
        title: p.title,
        category: p.category,
        image: p.images[0] ?? '',
        price: Math.min(...p.skus.map((s) => s.price)),
        groupPrice: groupPrices.length > 0 ? Math.min(...groupPrices) : null,
        operator: p.operator,
        available: p.available,
      };
    });
  }

  /** Best match first, a page at a time (src/db/search.ts). */
  function search(filter: ProductFilter & { q: string }) {
    return searchPage(db, filter, async (ex, query, window) => summaries(ex, await catalogRepo.searchProducts(ex, { query, operatorId: filter.operatorId, category: filter.category, ...window })));
  }

  return {
    /** What an order needs of these SKUs (live ones only). */
    async skusForCheckout(ex: Executor, skuIds: readonly string[]) {
      return (await catalogRepo.skusForCheckout(ex, skuIds)).map((r) => ({
        skuId: r.sku_id,
        skuName: r.sku_name,
        price: r.price,
        groupPrice: r.group_price,
        groupSize: r.group_size,
        productId: r.product_id,
        title: r.title,
        operatorId: r.operator_id,
        categoryId: r.category_id,
        returnClass: r.return_class as ReturnClass,
      }));
    },

    async addOnsForCheckout(ex: Executor, addOnIds: readonly string[]) {
      return (await catalogRepo.addOnsById(ex, addOnIds)).map((a) => ({ id: a.id, productId: a.product_id, title: a.title, price: a.price }));
    },

    /**
     * Products a note may tag, by id: those that exist with at least one SKU on sale,
     * with their lowest price and the price of each live SKU. Others are left out.
     */
    async tagTargets(ex: Executor, productIds: readonly string[]): Promise<Map<string, TagTarget>> {
      return tagTargetCache.getMany(productIds, async (missing) => {
        const rows = await catalogRepo.productsWithLivePrices(ex, missing);
        return new Map(
          rows.map((row) => [row.id, { id: row.id, title: row.title, operatorId: row.operator_id, price: Math.min(...row.skus.map((s) => s.price)), skuPrices: new Map(row.skus.map((s) => [s.id, s.price])) }]),
        );
      });
    },

    /** Bargain terms of live SKUs, by SKU or for a whole product (in the product's SKU order). */
    async bargainOffers(ex: Executor, filter: { skuIds: readonly string[] } | { productId: string }): Promise<BargainOffer[]> {
      return (await catalogRepo.bargainOffers(ex, filter)).map((r) => ({
        skuId: r.sku_id,
        skuName: r.sku_name,
        productId: r.product_id,
        title: r.title,
        image: r.images[0] ?? '',
        operatorId: r.operator_id,
        price: r.price,
        floor: r.bargain_floor!,
        maxHelpers: r.max_helpers!,
      }));
    },

    /**
     * The product's owner sets (or, with null, withdraws) a SKU's bargain terms.
     * Bargains already running keep the terms they started with (R14).
     */
    async setBargainTerms(userId: string, productId: string, skuId: string, terms: { floor: number; maxHelpers: number } | null): Promise<void> {
      await db.transaction().execute(async (tx) => {
        await ownProductForUpdate(tx, userId, productId);
        const sku = (await catalogRepo.skusOf(tx, [productId])).find((s) => s.id === skuId);
        if (!sku) throw notFound('SKU');
        const problem = terms && bargainTermsProblem(sku.price, terms.floor, terms.maxHelpers);
        if (problem) throw errors.invalidSkus([{ path: `/body/${problem.field}`, message: problem.message }]);
        await catalogRepo.updateSku(tx, skuId, { bargain_floor: terms?.floor ?? null, max_helpers: terms?.maxHelpers ?? null });
        await catalogRepo.updateProduct(tx, productId, { updated_at: clock.now() });
      });
    },

    /** Take stock inside the order's transaction; false when there is not enough. */
    takeStock: (ex: Executor, skuId: string, quantity: number) => catalogRepo.takeStock(ex, skuId, quantity),
    lockStock: (ex: Executor, skuId: string) => catalogRepo.lockStock(ex, skuId),
    returnStock: (ex: Executor, skuId: string, quantity: number) => catalogRepo.returnStock(ex, skuId, quantity),

    async categories(): Promise<CategoryView[]> {
      return (await catalogRepo.categories(db)).map(categoryView);
    },

    /** Category deposits (R16), by id. */
    async categoryDeposits(ex: Executor = db): Promise<Map<string, CategoryView>> {
      return new Map([...(await categoriesById(ex)).values()].map((c) => [c.id, categoryView(c)]));
    },

    /** The categories an operator sells in (R16: the deposit it owes). */
    categoriesOfOperator: (operatorId: string, ex: Executor = db) => catalogRepo.categoriesOfOperator(ex, operatorId),

    async createProduct(userId: string, operatorId: string, input: ProductInput): Promise<ProductView> {
      return db.transaction().execute(async (tx) => {
        const shop = await listingOperator(tx, userId, operatorId);
        const category = input.category ?? DEFAULT_CATEGORY;
        await checkInput(tx, userId, { ...input, category });
        const now = clock.now();
        const id = newId(now.getTime());
        await catalogRepo.insertProduct(tx, {
          id,
          operator_id: operatorId,
          title: input.title.trim(),
          description: input.description.trim(),
          category_id: category,
          images: JSON.stringify(input.images),
          created_at: now,
          updated_at: now,
        });
        await catalogRepo.insertSkus(tx, input.skus.map((sku, i) => ({ id: newId(now.getTime()), product_id: id, ...skuColumns(sku, i) })));
        await writeAddOns(tx, id, input.addOns ?? [], new Set());
        const row = (await catalogRepo.findProduct(tx, id))!;
        await indexProduct(tx, row, shop.shopName);
        const [view] = await assemble(tx, [row]);
        return view!;
      });
    },

    /**
     * Edit a product. SKUs and add-ons given with an `id` are kept and changed, ones
     * without are added, and ones left out stop being sold (kept for past orders).
     */
    async updateProduct(userId: string, productId: string, patch: ProductPatch): Promise<ProductView> {
      const updated = await db.transaction().execute(async (tx) => {
        const { shop } = await ownProductForUpdate(tx, userId, productId);
        await checkInput(tx, userId, patch);
        const now = clock.now();
        await catalogRepo.updateProduct(tx, productId, {
          ...(patch.title !== undefined ? { title: patch.title.trim() } : {}),
          ...(patch.description !== undefined ? { description: patch.description.trim() } : {}),
          ...(patch.category !== undefined ? { category_id: patch.category } : {}),
          ...(patch.images !== undefined ? { images: JSON.stringify(patch.images) } : {}),
          updated_at: now,
        });
        if (patch.skus) {
          assertKnownOnce(patch.skus, new Set((await catalogRepo.skusOf(tx, [productId])).map((s) => s.id)), '/body/skus');
          await catalogRepo.archiveSkusExcept(tx, productId, patch.skus.flatMap((s) => (s.id ? [s.id] : [])), now);
          for (const [i, sku] of patch.skus.entries()) {
            if (sku.id) await catalogRepo.updateSku(tx, sku.id, skuColumns(sku, i));
            else await catalogRepo.insertSkus(tx, [{ id: newId(now.getTime()), product_id: productId, ...skuColumns(sku, i) }]);
          }
        }
        if (patch.addOns) {
          const existing = new Set((await catalogRepo.addOnsOf(tx, [productId])).map((a) => a.id));
          await writeAddOns(tx, productId, patch.addOns, existing);
        }
        const row = (await catalogRepo.findProduct(tx, productId))!;
        if (patch.title !== undefined || patch.description !== undefined || patch.category !== undefined) await indexProduct(tx, row, shop.shopName);
        const [view] = await assemble(tx, [row]);
        return view!;
      });
      tagTargetCache.forget([productId]);
      return updated;
    },

    /**
     * A SKU's group-buy terms (API.md "Group buys"), set or (null) withdrawn by the
     * shop's owner; the group price stays below the price. Groups already open keep
     * the terms they opened with.
     */
    async setGroupTerms(userId: string, productId: string, skuId: string, terms: { groupPrice: number; groupSize: number } | null): Promise<SkuView> {
      return db.transaction().execute(async (tx) => {
        const product = await catalogRepo.findProductForUpdate(tx, productId);
        if (!product) throw notFound('SKU');
        await operators.requireOwnedShop(tx, userId, product.operator_id, 'SKU');
        const sku = (await catalogRepo.skusOf(tx, [productId])).find((s) => s.id === skuId);
        if (!sku) throw notFound('SKU');
        if (terms && terms.groupPrice >= sku.price) throw errors.invalidSkus([{ path: '/body/groupPrice', message: `must be below the price (${sku.price} fen)` }]);
        const columns = { group_price: terms?.groupPrice ?? null, group_size: terms?.groupSize ?? null };
        await catalogRepo.updateSku(tx, skuId, columns);
        await catalogRepo.updateProduct(tx, productId, { updated_at: clock.now() });
        return skuView({ ...sku, ...columns });
      });
    },

    /** A product's row (its shop and title), or undefined: for modules that hang things off a product. */
    findProduct: (ex: Executor, productId: string) => catalogRepo.findProduct(ex, productId),
    /** Products as chat cards show them, read afresh each time (conversations, issue 18). */
    async productSummaries(ex: Executor, productIds: readonly string[]): Promise<Map<string, ProductSummary>> {
      const rows = await catalogRepo.findProducts(ex, [...new Set(productIds)]);
      return new Map((await summaries(ex, rows)).map((p) => [p.id, p]));
    },

    async product(productId: string): Promise<ProductView> {
      const row = await catalogRepo.findProduct(db, productId);
      if (!row) throw notFound('product');
      const [view] = await assemble(db, [row]);
      return view!;
    },

    /** Newest first; with `q`, best match first (src/db/search.ts). */
    async listProducts(filter: ProductFilter) {
      if (filter.q !== undefined) return search({ ...filter, q: filter.q });
      const rows = await catalogRepo.listProducts(db, { operatorId: filter.operatorId, category: filter.category, before: filter.cursor, limit: filter.limit });
      return { items: await summaries(db, rows), nextCursor: nextCursor(rows, filter.limit) };
    },

    /**
     * The words of a product's reviews in its search document, so it is found by them
     * (reviews module, in the review's transaction): a new review's text is added; when
     * one is hidden or removed, the visible reviews' texts replace them all.
     */
    async indexReviewWords(ex: Executor, productId: string, texts: readonly string[], mode: 'add' | 'replace'): Promise<void> {
      const doc = reviewSearchDocument(texts);
      if (mode === 'add') return catalogRepo.addReviewWords(ex, productId, doc);
      await catalogRepo.setReviewWords(ex, productId, doc);
      const row = await catalogRepo.findProduct(ex, productId);
      if (!row) return;
      const shop = (await operators.summaries(ex, [row.operator_id])).get(row.operator_id);
      await indexProduct(ex, row, shop?.shopName ?? '');
    },

    /** GET /search?type=products: the products best matching what was typed. */
    searchProducts: (filter: ProductFilter & { q: string }) => search(filter),
  };
}

export type CatalogService = ReturnType<typeof createCatalogService>;
