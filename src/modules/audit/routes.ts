import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Kysely } from 'kysely';
import { requireRole } from '../../http/auth.js';
import { Page, PageQuery, problems, Query } from '../../http/schemas.js';
import type { DB } from '../../database.js';
import { nextCursor } from '../../lib/paging.js';
import { bounds, DAY_PATTERN } from '../../lib/period.js';
import { AUDIT_EXPORT_LIMIT, type AuditFilter, type AuditService } from './service.js';
import { auditCsv } from './csv.js';
import { AuditActionSchema, AuditTargetSchema } from './actions.js';

const Entry = Type.Object({
  id: Type.String(),
  actorId: Type.String(),
  actorRole: Type.Union([Type.Literal('admin'), Type.Literal('regulator'), Type.Literal('operator')], { description: 'operator: a shop owner changing its staff' }),
  action: AuditActionSchema,
  targetType: AuditTargetSchema,
  targetId: Type.String(),
  detail: Type.Record(Type.String(), Type.Unknown()),
  at: Type.String({ format: 'date-time' }),
});

const Word = Type.String({ minLength: 1, maxLength: 64 });
const Day = (description: string) => Type.String({ maxLength: 10, pattern: DAY_PATTERN, description });
const Filters = {
  actorId: Type.Optional(Word),
  action: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: 'e.g. operator.approve, dispute.rule, personal_data.read' })),
  targetType: Type.Optional(Word),
  targetId: Type.Optional(Word),
  from: Type.Optional(Day('first day, YYYY-MM-DD (UTC), inclusive')),
  to: Type.Optional(Day('last day, YYYY-MM-DD (UTC), inclusive')),
};

type FilterQuery = { actorId?: string; action?: string; targetType?: string; targetId?: string; from?: string; to?: string };
const filterOf = (q: FilterQuery): AuditFilter => ({ actorId: q.actorId, action: q.action, targetType: q.targetType, targetId: q.targetId, ...bounds(q.from, q.to) });

export function registerAuditRoutes(untyped: FastifyInstance, deps: { db: Kysely<DB>; audit: AuditService }): void {
  const app = untyped.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['admin'];
  app.get(
    '/admin/audit-log',
    {
      config: { auth: 'admin' },
      schema: { tags, summary: 'Admin and regulator actions and staff reads of personal data, newest first, filtered', querystring: Query({ ...PageQuery, ...Filters }), response: { 200: Page(Entry), ...problems } },
    },
    async (request) => {
      requireRole(request, 'admin');
      const { limit = 20, cursor, ...filters } = request.query;
      const entries = await deps.audit.list(deps.db, filterOf(filters), { limit, before: cursor });
      return {
        items: entries.map((e) => ({ ...e, at: e.at.toISOString() })),
        nextCursor: nextCursor(entries, limit),
      };
    },
  );

  app.get(
    '/admin/audit-log.csv',
    {
      config: { auth: 'admin' },
      schema: {
        tags,
        summary: `The filtered audit log as CSV (UTF-8 with BOM, newest first, at most ${AUDIT_EXPORT_LIMIT} rows); the export is itself audited`,
        querystring: Query(Filters),
        produces: ['text/csv'],
        response: { 200: Type.String(), ...problems },
      },
    },
    async (request, reply) => {
      const admin = requireRole(request, 'admin');
      const entries = await deps.audit.exportFor(admin.userId, filterOf(request.query), request.query);
      return reply.type('text/csv; charset=utf-8').header('content-disposition', 'attachment; filename="agora-audit-log.csv"').send(auditCsv(entries));
    },
  );
}
