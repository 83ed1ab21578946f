/** HTTP for the catalog (API.md "Catalog"). */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type, type Static } from 'typebox';
import { IdParams, Page, problems } from '../../http/schemas.js';
import * as S from './schema.js';
import type { CatalogService } from './service.js';

/** What the reviews module says of products (product_ratings), for the pages here. */
export interface ProductRatings {
  ofProduct(productId: string): Promise<Static<typeof S.ProductRating>>;
  /** Average and count for a page of products (one query). */
  summaries(productIds: readonly string[]): Promise<Map<string, { average: number; count: number }>>;
}

/** A page of summaries with each product's rating, when it has reviews. */
export async function withRatings<T extends { id: string }>(items: T[], ratings: ProductRatings): Promise<(T & { rating?: { average: number; count: number } })[]> {
  const found = await ratings.summaries(items.map((i) => i.id));
  return items.map((item) => {
    const rating = found.get(item.id);
    return rating ? { ...item, rating } : item;
  });
}

export function registerCatalogRoutes(untyped: FastifyInstance, deps: { catalog: CatalogService; ratings: ProductRatings }): void {
  const app = untyped.withTypeProvider<TypeBoxTypeProvider>();
  const { catalog, ratings } = deps;
  const tags = ['catalog'];

  app.get('/categories', { schema: { tags, summary: 'Categories with their return class (R9) and deposit (R16)', response: { 200: Type.Array(S.Category), ...problems } } }, async () =>
    catalog.categories(),
  );

  app.post(
    '/operators/:id/products',
    { config: { auth: 'user' }, schema: { tags, summary: 'List a product (approved operator only)', params: IdParams, body: S.ProductBody, response: { 201: S.ProductResponse, ...problems } } },
    async (request, reply) => {
      const product = await catalog.createProduct(request.auth!.userId, request.params.id, request.body);
      return reply.status(201).send({ product });
    },
  );

  app.patch(
    '/products/:id',
    { config: { auth: 'user' }, schema: { tags, summary: "Edit a product (its operator only); SKUs and add-ons left out stop being sold", params: IdParams, body: S.ProductPatch, response: { 200: S.ProductResponse, ...problems } } },
    async (request) => ({ product: await catalog.updateProduct(request.auth!.userId, request.params.id, request.body) }),
  );

  app.get('/products/:id', { schema: { tags, summary: 'The product, with its rating from visible reviews', params: IdParams, response: { 200: S.ProductPage, ...problems } } }, async (request) => {
    const product = await catalog.product(request.params.id);
    return { ...product, rating: await ratings.ofProduct(product.id) };
  });

  app.get('/products', { schema: { tags, summary: 'Products, newest first; with q (Chinese or English, one typo forgiven; the words of its reviews count too), best match first and the cursor is an offset', querystring: S.ProductListQuery, response: { 200: Page(S.ProductSummary), ...problems } } }, async (request) => {
    const page = await catalog.listProducts({ ...request.query, limit: request.query.limit ?? 20 });
    return { ...page, items: await withRatings(page.items, ratings) };
  });
}
