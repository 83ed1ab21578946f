import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { requireRole } from '../../http/auth.js';
import { Page, PageQuery, problems, Query } from '../../http/schemas.js';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/index.js';
import type { AuditService } from './service.js';
import { nextCursor } from '../../lib/paging.js';

const Entry = Type.Object({
  id: Type.String(),
  actorId: Type.String(),
  action: Type.String(),
  targetType: Type.String(),
  targetId: Type.String(),
  detail: Type.Record(Type.String(), Type.Unknown()),
  at: Type.String({ format: 'date-time' }),
});

export function registerAuditRoutes(untyped: FastifyInstance, deps: { db: Kysely<DB>; audit: AuditService }): void {
  const app = untyped.withTypeProvider<TypeBoxTypeProvider>();
  app.get(
    '/admin/audit-log',
    { config: { auth: 'admin' }, schema: { tags: ['admin'], querystring: Query(PageQuery), response: { 200: Page(Entry), ...problems } } },
    async (request) => {
      requireRole(request, 'admin');
      const { limit = 20, cursor } = request.query;
      const entries = await deps.audit.list(deps.db, { limit, before: cursor });
      return {
        items: entries.map((e) => ({ ...e, at: e.at.toISOString() })),
        nextCursor: nextCursor(entries, limit),
      };
    },
  );
}
