/** HTTP for search (API.md "Social": GET /search). */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { Page, problems } from '../../http/schemas.js';
import { ProductSummarySchema, withRatings, type ProductRatings, type ProductSummary } from '../catalog/index.js';
import { NoteSchema } from '../social/index.js';
import * as S from './schema.js';
import type { SearchService } from './service.js';

export function registerSearchRoutes(untyped: FastifyInstance, deps: { search: SearchService; ratings: ProductRatings }): void {
  const app = untyped.withTypeProvider<TypeBoxTypeProvider>();
  const { search } = deps;

  app.get(
    '/search',
    {
      schema: {
        tags: ['search'],
        summary: 'Best matches first, Chinese or English: type=products gives product summaries, type=notes notes as the feed shows them; a page cursor is an offset',
        querystring: S.SearchQuery,
        response: { 200: Type.Union([Page(ProductSummarySchema), Page(NoteSchema)]), ...problems },
      },
    },
    async (request) => {
      const { type } = request.query;
      if (type === 'notes') return search.search({ ...request.query, type, limit: request.query.limit ?? 20 }, request.auth?.userId);
      // Products carry their rating (average, count), as the product list does.
      const page = await search.search({ ...request.query, type, limit: request.query.limit ?? 20 });
      return { ...page, items: await withRatings(page.items as ProductSummary[], deps.ratings) };
    },
  );
}
