import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Kysely } from 'kysely';
import { Type } from 'typebox';
import type { DB } from '../../db/index.js';
import { requireUser } from '../../http/auth.js';
import { Body, Page, PageQuery, problems, Query } from '../../http/schemas.js';
import { CONSENT_PURPOSES, type ConsentsService } from './consents.js';
import type { PrivacyService } from './service.js';
import { nextCursor } from '../../lib/paging.js';

const AccessLogEntry = Type.Object({
  id: Type.String(),
  actorId: Type.String(),
  fields: Type.Array(Type.String()),
  purpose: Type.String(),
  at: Type.String({ format: 'date-time' }),
});

const Purpose = Type.Union([Type.Literal('marketing'), Type.Literal('share_with_operator_marketing'), Type.Literal('personalised_feed')], { description: CONSENT_PURPOSES.join(', ') });
const Consent = Type.Object({
  purpose: Purpose,
  granted: Type.Boolean(),
  textVersion: Type.Union([Type.String(), Type.Null()]),
  at: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
});

export function registerPrivacyRoutes(untyped: FastifyInstance, deps: { db: Kysely<DB>; privacy: PrivacyService; consents: ConsentsService }): void {
  const app = untyped.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['privacy'];
  app.get(
    '/me/access-log',
    {
      config: { auth: 'user' },
      schema: {
        tags,
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

  app.get(
    '/me/consents',
    { config: { auth: 'user' }, schema: { tags, summary: 'My consents, one per purpose; none is granted until I grant it', response: { 200: Type.Object({ items: Type.Array(Consent) }), ...problems } } },
    async (request) => ({ items: await deps.consents.list(request.auth!.userId) }),
  );

  app.put(
    '/me/consents/:purpose',
    {
      config: { auth: 'user' },
      schema: {
        tags,
        summary: 'Grant or withdraw one consent (R6: personalised_feed; R15)',
        params: Type.Object({ purpose: Purpose }, { additionalProperties: false }),
        body: Body({ granted: Type.Boolean() }),
        response: { 200: Type.Object({ consent: Consent }), ...problems },
      },
    },
    async (request) => ({ consent: await deps.consents.set(request.auth!.userId, request.params.purpose, request.body.granted) }),
  );
}
