import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Kysely } from 'kysely';
import { Type } from 'typebox';
import type { DB } from '../../database.js';
import { requireUser } from '../../http/auth.js';
import { Body, Page, PageQuery, problems, Query } from '../../http/schemas.js';
import { CONSENT_PURPOSES, type ConsentsService } from './consents.js';
import type { PrivacyService } from './service.js';
import { nextCursor } from '../../lib/paging.js';
import { AccessReasonSchema } from './purposes.js';
import { ACCESS_FIELDS } from './service.js';
import { DocumentedEnum } from '../../lib/documented-enum.js';

const AccessLogEntry = Type.Object({
  id: Type.String(),
  actorId: Type.String({ description: "The reader's user id; `platform` or `regulator` for staff, whose identity is not disclosed" }),
  actorRole: Type.Union([Type.Literal('operator'), Type.Literal('admin'), Type.Literal('service_provider'), Type.Literal('regulator'), Type.Literal('user')]),
  actorName: Type.Union([Type.String(), Type.Null()], { description: 'The shop name for an operator; 平台工作人员 for platform staff' }),
  fields: Type.Array(DocumentedEnum(ACCESS_FIELDS), { description: 'Which kinds of personal information were read' }),
  purpose: Type.String({ description: 'The reason as a sentence (kept for older clients); `reason` is what to show' }),
  reason: AccessReasonSchema,
  at: Type.String({ format: 'date-time' }),
});

const Purpose = Type.Union(
  [Type.Literal('marketing'), Type.Literal('share_with_operator_marketing'), Type.Literal('personalised_feed'), Type.Literal('sensitive_identity')],
  { description: CONSENT_PURPOSES.join(', ') },
);
const Consent = Type.Object({
  purpose: Purpose,
  granted: Type.Boolean(),
  textVersion: Type.Union([Type.String(), Type.Null()], { description: 'The version of the text the user answered; null while they never did' }),
  at: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  version: Type.String({ description: 'The version of the text published now' }),
  text: Type.Object({ 'zh-CN': Type.String(), en: Type.String() }, { description: 'The text published now, shown beside the switch' }),
});
const TextVersion = Type.String({ minLength: 1, maxLength: 32, pattern: '^[0-9A-Za-z][0-9A-Za-z.-]*$', description: 'The version of the text the user was shown' });

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
        summary: 'Grant or withdraw one consent, effective at once (R6: personalised_feed; R15); a grant against an older text is 409 CONSENT_TEXT_CHANGED',
        params: Type.Object({ purpose: Purpose }, { additionalProperties: false }),
        body: Body({ granted: Type.Boolean(), textVersion: Type.Optional(TextVersion) }),
        response: { 200: Type.Object({ consent: Consent }), ...problems },
      },
    },
    async (request) => ({ consent: await deps.consents.set(request.auth!.userId, request.params.purpose, request.body.granted, request.body.textVersion) }),
  );
}
