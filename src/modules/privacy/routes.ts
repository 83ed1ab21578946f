import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Kysely } from 'kysely';
import { Type } from 'typebox';
import type { DB } from '../../db/index.js';
import { requireUser } from '../../http/auth.js';
import { Page, PageQuery, problems, Query } from '../../http/schemas.js';
import type { PrivacyService } from './service.js';
import { nextCursor } from '../../lib/paging.js';

const AccessLogEntry = Type.Object({
  id: Type.String(),
  actorId: Type.String(),
  fields: Type.Array(Type.String()),
  purpose: Type.String(),
  at: Type.String({ format: 'date-time' }),
});

export function registerPrivacyRoutes(untyped: FastifyInstance, deps: { db: Kysely<DB>; privacy: PrivacyService }): void {
  const app = untyped.withTypeProvider<TypeBoxTypeProvider>();
  app.get(
    '/me/access-log',
    {
      config: { auth: 'user' },
      schema: {
        tags: ['privacy'],
        summary: 'Who read my personal information, when, which fields and why',
        querystring: Query(PageQuery),
        response: { 200: Page(AccessLogEntry), ...problems },
      },
    },
    async (request) => {
      const { userId } = requireUser(request);
      const { limit = 20, cursor } = request.query;
      const entries = await deps.privacy.accessLog(deps.db, userId, { limit, before: cursor });
      return {
        items: entries.map((e) => ({ ...e, at: e.at.toISOString() })),
        nextCursor: nextCursor(entries, limit),
      };
    },
  );
}
