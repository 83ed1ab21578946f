/** HTTP for search (API.md "Social": GET /search). */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Page, problems } from '../../http/schemas.js';
import { ProductSummarySchema } from '../catalog/index.js';
import * as S from './schema.js';
import type { SearchService } from './service.js';

export function registerSearchRoutes(untyped: FastifyInstance, deps: { search: SearchService }): void {
  const app = untyped.withTypeProvider<TypeBoxTypeProvider>();
  const { search } = deps;

  app.get(
    '/search',
    { schema: { tags: ['search'], summary: 'Best matches first, Chinese or English; a page cursor is an offset', querystring: S.SearchQuery, response: { 200: Page(ProductSummarySchema), ...problems } } },
    async (request) => search.search({ ...request.query, limit: request.query.limit ?? 20 }),
  );
}
