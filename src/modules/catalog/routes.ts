/** HTTP for the catalog (API.md "Catalog"). */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { IdParams, Page, problems } from '../../http/schemas.js';
import * as S from './schema.js';
import type { CatalogService } from './service.js';

export function registerCatalogRoutes(untyped: FastifyInstance, deps: { catalog: CatalogService }): void {
  const app = untyped.withTypeProvider<TypeBoxTypeProvider>();
  const { catalog } = deps;
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

  app.get('/products/:id', { schema: { tags, params: IdParams, response: { 200: S.Product, ...problems } } }, async (request) => catalog.product(request.params.id));

  app.get('/products', { schema: { tags, summary: 'Products, newest first; with q (Chinese or English, one typo forgiven), best match first and the cursor is an offset', querystring: S.ProductListQuery, response: { 200: Page(S.ProductSummary), ...problems } } }, async (request) =>
    catalog.listProducts({ ...request.query, limit: request.query.limit ?? 20 }),
  );
}
